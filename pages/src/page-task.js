// Task (#/tasks/{id}): the business facts, the instance's history and diagram, and the pass / return form.
import { get, post } from './api.js';
import { drawDiagram, nodeNames } from './diagram.js';
import { h } from './dom.js';
import { historyTable, nodeLabel } from './history.js';
import { formatDate, statusLabel, t } from './i18n.js';
import { templateName, templateNames } from './templates.js';
import { isOverdue } from './page-tasks.js';

function factsView(detail) {
  const rows = detail.businessFacts || [];
  if (!detail.factsQuery || rows.length === 0) {
    return h('section', { id: 'pf-facts', 'aria-labelledby': 'pf-facts-title' },
      h('h2', { id: 'pf-facts-title' }, t('facts')), h('p', { class: 'pf-empty' }, t('noFacts')));
  }
  return h('section', { id: 'pf-facts', 'aria-labelledby': 'pf-facts-title' },
    h('h2', { id: 'pf-facts-title' }, t('facts')),
    rows.map(row => h('dl', { class: 'pf-facts' },
      Object.entries(row || {}).map(([name, value]) => h('div', { 'data-fact': name },
        h('dt', {}, name), h('dd', {}, value === null || value === undefined ? t('none') : String(value)))))));
}

export async function renderTask(ctx, taskId, token) {
  const detail = await get('/tasks/' + taskId);
  const [history, diagram, templates] = await Promise.all([
    get('/instances/' + detail.task.instanceId + '/history'),
    get('/instances/' + detail.task.instanceId + '/diagram'),
    templateNames(),
  ]);
  if (!ctx.current(token)) return;
  const task = detail.task;
  const names = nodeNames(diagram.bpmnXml);
  ctx.setTitle(t('taskTitle') + ' ' + task.businessKey);

  const comment = h('textarea', { id: 'pf-comment', name: 'comment', rows: 3 });
  const target = h('select', { id: 'pf-return-target', name: 'target' },
    h('option', { value: '' }, t('returnDefault')),
    (detail.returnTargets || []).map(id => h('option', { value: id }, nodeLabel(names, id))));
  const pass = h('button', { id: 'pf-pass', type: 'submit', value: 'pass', class: 'pf-primary' }, t('pass'));
  const ret = h('button', { id: 'pf-return', type: 'submit', value: 'return' }, t('return'));
  const form = h('form', { id: 'pf-act', 'aria-labelledby': 'pf-act-title' },
    h('h2', { id: 'pf-act-title' }, t('act')),
    h('label', { for: 'pf-comment' }, t('comment')), comment,
    h('div', { class: 'pf-actions' },
      pass,
      h('span', { class: 'pf-return' }, h('label', { for: 'pf-return-target' }, t('returnTo')), target, ret)));
  if (!(detail.actions || []).includes('return')) {
    ret.disabled = true;
    target.disabled = true;
  }
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const action = e.submitter && e.submitter.value === 'return' ? 'return' : 'pass';
    pass.disabled = ret.disabled = true;
    ctx.clearError();
    try {
      if (action === 'pass') {
        await post('/tasks/' + taskId + '/pass', { comment: comment.value || null });
        ctx.go('#/tasks', t('passed', { key: task.businessKey }));
      } else {
        await post('/tasks/' + taskId + '/return', { comment: comment.value || null, target: target.value || null });
        ctx.go('#/tasks', t('returned', { key: task.businessKey }));
      }
    } catch (err) {
      if (err.conflict || err.status === 404) {
        // 409: someone acted first on an instance the caller sees; 404: the task was open to the caller a moment ago
        // and no longer is (another holder of the role acted, or it was withdrawn)
        // the API's detail is English: the page says it in the page's language from the problem's fields
        const status = err.problem && err.problem.taskStatus;
        const message = err.conflict ? t('conflict', { detail: status ? t('taskStatus.' + status) : err.status })
          : t('goneForYou');
        ctx.error({ message: message + ' ' + t('reloading') }, true);
        ctx.conflictMessage = message;
        setTimeout(() => ctx.reload(true), 2000);
      } else {
        ctx.error(err);
        pass.disabled = false;
        ret.disabled = !(detail.actions || []).includes('return');
      }
    }
  });

  const overdue = isOverdue(task);
  const diagramBox = h('div', { id: 'pf-diagram', class: 'pf-diagram', role: 'img', 'aria-label': t('diagram') });
  ctx.main.replaceChildren(
    h('h1', {}, t('taskTitle'), ': ', task.nodeName || task.nodeId, ' · ', task.businessKey),
    h('dl', { class: 'pf-summary' },
      h('div', {}, h('dt', {}, t('colTemplate')), h('dd', {}, templateName(templates, task.templateKey, detail.instance.templateVersion) + ' v'
        + detail.instance.templateVersion)),
      h('div', {}, h('dt', {}, t('initiator')), h('dd', {}, detail.instance.initiator)),
      h('div', {}, h('dt', {}, t('status')), h('dd', {}, statusLabel(detail.instance.status))),
      h('div', {}, h('dt', {}, t('colOfferedAt')), h('dd', {}, formatDate(task.createdAt))),
      h('div', { class: overdue ? 'pf-overdue' : null }, h('dt', {}, t('colDueAt')),
        h('dd', {}, formatDate(task.dueAt), overdue ? ' ' + t('overdue') : '')),
      h('div', {}, h('dt', {}, t('instanceTitle')),
        h('dd', {}, h('a', { href: '#/instances/' + task.instanceId }, t('instanceOf', { id: task.instanceId }))))),
    h('div', { class: 'pf-task-grid' },
      h('div', {}, factsView(detail), form),
      h('section', { 'aria-labelledby': 'pf-diagram-title' }, h('h2', { id: 'pf-diagram-title' }, t('diagram')), diagramBox)),
    historyTable(history, names));
  try {
    await drawDiagram(diagramBox, diagram);
  } catch (err) {
    diagramBox.textContent = t('diagramError', { detail: err.message });
  }
}
