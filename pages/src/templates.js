// Template names as written in the templates (the BPMN process name), by key and version, read once per page load
// from GET /templates; a key without a name is shown as the key.
import { get } from './api.js';

let names = null;

export async function templateNames() {
  if (!names) {
    names = get('/templates').then(list => {
      const byKey = new Map();
      for (const tpl of list) {
        for (const v of tpl.versions || []) {
          byKey.set(tpl.key + '@' + v.version, v.name || tpl.key);
          if (v.version === tpl.latestVersion) byKey.set(tpl.key, v.name || tpl.key);
        }
      }
      return byKey;
    }).catch(err => { names = null; throw err; });
  }
  return names;
}

/** The name of a template version (or of the key's latest version when no version is given). */
export function templateName(byKey, key, version) {
  return (version !== undefined && byKey.get(key + '@' + version)) || byKey.get(key) || key;
}
