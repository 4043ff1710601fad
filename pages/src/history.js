// The instance's history as a table (who, when, node, action, comment, explanation), shared by the Task and Instance
// pages.
import { h, table } from './dom.js';
import { actionLabel, formatDate, t } from './i18n.js';

export function nodeLabel(names, id) {
  if (!id) return t('none');
  const n = names.get(id);
  return n ? n.name : id;
}

/** A long explanation folded: its start visible, the whole on opening (keyboard: the summary is focusable). */
function explanation(text, fold) {
  if (text.length <= fold + 10) return text;
  return h('details', {}, h('summary', {}, text.slice(0, fold) + '…'), h('p', {}, text));
}

/** compact (beside the diagram): no 'to' column, explanations folded shorter. */
export function historyTable(items, names, onNode, compact = false) {
  const rows = items.map(item => {
    const e = item.entry;
    return h('tr', { 'data-history-id': e.id, 'data-action': e.action, class: e.action === 'RETURN' ? 'pf-row-returned' : null },
      h('td', { 'data-col': 'when' }, h('time', { datetime: e.at }, formatDate(e.at))),
      h('td', { 'data-col': 'who' }, e.actor || t('none')),
      h('td', { 'data-col': 'node' }, onNode && e.fromNode
        ? h('button', { type: 'button', class: 'pf-link', onclick: () => onNode(e.fromNode) }, nodeLabel(names, e.fromNode))
        : nodeLabel(names, e.fromNode)),
      h('td', { 'data-col': 'action' }, actionLabel(e.action)),
      compact ? null : h('td', { 'data-col': 'to' }, (e.toNodes || []).map(id => nodeLabel(names, id)).join(', ') || t('none')),
      h('td', { 'data-col': 'comment' }, e.comment || t('none')),
      h('td', { 'data-col': 'explanation' }, explanation(e.decision || item.note || t('none'), compact ? 36 : 80)));
  });
  return table('pf-history', t('history'),
    [t('colWhen'), t('colWho'), t('colHistoryNode'), t('colAction'), compact ? null : t('colTo'), t('colComment'),
      t('colExplanation')].filter(Boolean), rows);
}
