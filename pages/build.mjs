// Builds the approver pages into the directory given as the first argument (the Maven build passes
// target/classes/plantflow/pages). No bundler: the page sources in src/ are plain ES modules, copied as they are, and
// bpmn-js comes as its prebuilt navigated viewer (a UMD script that defines window.BpmnJS) with its CSS.
// `npm ci` runs only when node_modules does not match package-lock.json, so an offline build (mvn -o) works once
// node_modules exists.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output directory>, e.g. node build.mjs ../target/classes/plantflow/pages');
  process.exit(2);
}

/** The locked packages (path to version and integrity), as written by npm in package-lock.json or node_modules. */
function locked(file) {
  if (!existsSync(file)) {
    return null;
  }
  const packages = JSON.parse(readFileSync(file, 'utf8')).packages || {};
  return JSON.stringify(Object.keys(packages).filter(p => p !== '').sort()
    .map(p => [p, packages[p].version, packages[p].integrity]));
}

const wanted = locked(join(here, 'package-lock.json'));
if (wanted === null) {
  console.error('pages/package-lock.json is missing: run `npm install` in pages/ and commit the lock file');
  process.exit(1);
}
if (locked(join(here, 'node_modules', '.package-lock.json')) !== wanted) {
  console.log('pages: node_modules does not match package-lock.json, running npm ci');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const ci = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (ci.status !== 0) {
    console.error('pages: npm ci failed (exit ' + ci.status + '); the first build needs the npm registry');
    process.exit(1);
  }
}

const target = resolve(out);
rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, 'vendor', 'bpmn-js'), { recursive: true });
cpSync(join(here, 'src'), target, { recursive: true });
const dist = join(here, 'node_modules', 'bpmn-js', 'dist');
cpSync(join(dist, 'bpmn-navigated-viewer.production.min.js'), join(target, 'vendor', 'bpmn-js', 'bpmn-navigated-viewer.production.min.js'));
cpSync(join(dist, 'assets', 'diagram-js.css'), join(target, 'vendor', 'bpmn-js', 'diagram-js.css'));
cpSync(join(dist, 'assets', 'bpmn-js.css'), join(target, 'vendor', 'bpmn-js', 'bpmn-js.css'));
cpSync(join(here, 'node_modules', 'bpmn-js', 'LICENSE'), join(target, 'vendor', 'bpmn-js', 'LICENSE'));
console.log('pages: built into ' + target);
