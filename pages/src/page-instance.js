// Instance (#/instances/{id}): the template drawn with the instance's state marked, the history beside it, and the
// detail of a node chosen on the diagram or in the node list (who acted, when, the comment, the decision explanation).
import { get } from './api.js';
import { drawDiagram, nodeNames, returnedNodes } from './diagram.js';
import { h } from './dom.js';
import { historyTable, nodeLabel } from './history.js';
import { actionLabel, formatDate, nodeStatusLabel, statusLabel, t } from './i18n.js';
import { templateName, templateNames } from './templates.js';

const NODE_KINDS = new Set(['startEvent', 'endEvent', 'userTask', 'serviceTask', 'task', 'scriptTask', 'exclusiveGateway',
  'parallelGateway', 'inclusiveGateway', 'intermediateCatchEvent', 'intermediateThrowEvent', 'callActivity',
  'businessRuleTask', 'manualTask', 'sendTask', 'receiveTask', 'subProcess', 'eventBasedGateway']);

function nodeDetail(nodeId, diagram, names, explained) {
  const node = (diagram.nodes || []).find(n => n.nodeId === nodeId);
  const current = (diagram.currentNodes || []).find(n => n.nodeId === nodeId);
  const entries = node ? node.history : [];
  return [
    h('h2', { id: 'pf-node-detail-title' }, t('nodeDetail'), ': ', nodeLabel(names, nodeId)),
    current ? h('p', { class: 'pf-current-note' }, nodeStatusLabel(current.status), ' · ', formatDate(current.since),
      current.openTasks.length ? ' · ' + current.openTasks.map(task => task.candidates.join(', ')).join('; ') : '') : null,
    entries.length === 0 ? h('p', { class: 'pf-empty' }, t('notActed')) : null,
    entries.map(e => {
      const item = explained.get(e.id);
      return h('article', { class: 'pf-node-entry', 'data-history-id': e.id },
        h('dl', {},
          h('div', {}, h('dt', {}, t('colWho')), h('dd', { 'data-field': 'who' }, e.actor || t('none'))),
          h('div', {}, h('dt', {}, t('colWhen')), h('dd', { 'data-field': 'when' }, formatDate(e.at))),
          h('div', {}, h('dt', {}, t('colAction')), h('dd', { 'data-field': 'action' }, actionLabel(e.action))),
          h('div', {}, h('dt', {}, t('colComment')), h('dd', { 'data-field': 'comment' }, e.comment || t('none'))),
          h('div', {}, h('dt', {}, t('colExplanation')),
            h('dd', { 'data-field': 'explanation' },
              h('pre', {}, (item && item.text) || e.decision || (item && item.note) || t('none'))))));
    }),
  ];
}

export async function renderInstance(ctx, instanceId, token) {
  const [instance, history, diagram, templates] = await Promise.all([
    get('/instances/' + instanceId),
    get('/instances/' + instanceId + '/history'),
    get('/instances/' + instanceId + '/diagram'),
    templateNames(),
  ]);
  if (!ctx.current(token)) return;
  const names = nodeNames(diagram.bpmnXml);
  const explained = new Map(history.map(item => [item.entry.id, item]));
  ctx.setTitle(t('instanceOf', { id: instanceId }) + ' ' + instance.businessKey);

  const executed = new Set(diagram.executedNodes);
  const current = new Set((diagram.currentNodes || []).map(n => n.nodeId));
  const returned = new Set(returnedNodes(diagram));
  const detail = h('section', { id: 'pf-node-detail', 'aria-live': 'polite', 'aria-labelledby': 'pf-node-detail-title', hidden: true });
  const buttons = [];
  const select = nodeId => {
    detail.replaceChildren(...nodeDetail(nodeId, diagram, names, explained).flat().filter(Boolean));
    detail.hidden = false;
    detail.dataset.nodeId = nodeId;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.nodeId === nodeId));
  };
  for (const [id, n] of names) {
    if (!NODE_KINDS.has(n.kind)) continue;
    const classes = [executed.has(id) && 'pf-executed', current.has(id) && 'pf-current', returned.has(id) && 'pf-returned'];
    buttons.push(h('button', {
      type: 'button', 'data-node-id': id, class: classes.filter(Boolean).join(' ') || null, 'aria-pressed': 'false',
      onclick: () => select(id),
    }, n.name));
  }

  const diagramBox = h('div', { id: 'pf-diagram', class: 'pf-diagram pf-diagram-large', role: 'img', 'aria-label': t('diagram') });
  ctx.main.replaceChildren(
    h('h1', {}, t('instanceOf', { id: instanceId }), ' · ', templateName(templates, instance.templateKey,
      instance.templateVersion), ' · ', instance.businessKey),
    h('dl', { class: 'pf-summary' },
      h('div', {}, h('dt', {}, t('colTemplate')), h('dd', {}, templateName(templates, instance.templateKey, instance.templateVersion) + ' v'
        + instance.templateVersion)),
      h('div', {}, h('dt', {}, t('status')), h('dd', { 'data-field': 'status' }, statusLabel(instance.status))),
      h('div', {}, h('dt', {}, t('initiator')), h('dd', {}, instance.initiator)),
      h('div', {}, h('dt', {}, t('startedAt')), h('dd', {}, formatDate(instance.startedAt))),
      h('div', {}, h('dt', {}, t('endedAt')), h('dd', {}, formatDate(instance.endedAt))),
      current.size ? h('div', {}, h('dt', {}, t('legendCurrent')),
        h('dd', {}, [...current].map(id => nodeLabel(names, id)).join(', '))) : null),
    h('div', { class: 'pf-instance-grid' },
      h('section', { class: 'pf-diagram-col', 'aria-labelledby': 'pf-diagram-title' },
        h('h2', { id: 'pf-diagram-title' }, t('diagram')),
        diagramBox,
        h('ul', { class: 'pf-legend', 'aria-label': t('legend') },
          h('li', { class: 'pf-legend-executed' }, t('legendExecuted')),
          h('li', { class: 'pf-legend-taken' }, t('legendTaken')),
          h('li', { class: 'pf-legend-current' }, t('legendCurrent')),
          h('li', { class: 'pf-legend-returned' }, t('legendReturned'))),
        h('nav', { id: 'pf-node-list', 'aria-label': t('nodes') },
          h('h2', {}, t('nodes')), h('p', { class: 'pf-hint' }, t('nodeListHint')), h('div', { class: 'pf-node-buttons' }, buttons)),
        detail),
      h('section', { class: 'pf-history-col' }, historyTable(history, names, select, true))));
  try {
    await drawDiagram(diagramBox, diagram, id => {
      if (names.has(id) && NODE_KINDS.has(names.get(id).kind)) select(id);
    });
  } catch (err) {
    diagramBox.textContent = t('diagramError', { detail: err.message });
  }
}
