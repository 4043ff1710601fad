// My tasks (#/tasks): the caller's pending tasks, searchable by business key and filtered by template; overdue marked;
// the count in the title.
import { get } from './api.js';
import { h, table } from './dom.js';
import { formatDate, t } from './i18n.js';
import { templateName, templateNames } from './templates.js';

export function isOverdue(task, now = Date.now()) {
  return !!task.dueAt && new Date(task.dueAt).getTime() < now;
}

export async function renderTasks(ctx, token) {
  const [page, names] = await Promise.all([get('/tasks?size=200'), templateNames()]);
  if (!ctx.current(token)) return;
  const tasks = page.items;
  ctx.setTitle(t('tasksTitle') + ' (' + page.total + ')');

  const params = new URLSearchParams((location.hash.split('?')[1]) || '');
  const search = h('input', { id: 'pf-task-search', type: 'search', name: 'businessKey', value: params.get('q') || '' });
  const templates = [...new Set(tasks.map(task => task.templateKey))].sort();
  const filter = h('select', { id: 'pf-task-template', name: 'template' },
    h('option', { value: '' }, t('allTemplates')),
    templates.map(key => h('option', { value: key }, templateName(names, key))));

  const rows = tasks.map(task => {
    const overdue = isOverdue(task);
    return h('tr', { 'data-task-id': task.id, class: overdue ? 'pf-overdue' : null },
      h('td', { 'data-col': 'template', 'data-key': task.templateKey }, templateName(names, task.templateKey)),
      h('td', { 'data-col': 'businessKey' }, task.businessKey),
      h('td', { 'data-col': 'node' }, task.nodeName || task.nodeId),
      h('td', { 'data-col': 'offeredAt' }, h('time', { datetime: task.createdAt }, formatDate(task.createdAt))),
      h('td', { 'data-col': 'dueAt' }, task.dueAt ? h('time', { datetime: task.dueAt }, formatDate(task.dueAt)) : t('none'),
        overdue ? h('span', { class: 'pf-badge pf-badge-overdue' }, ' ', t('overdue')) : null),
      h('td', { 'data-col': 'open' }, h('a', { href: '#/tasks/' + task.id }, t('open'))));
  });
  const empty = h('p', { class: 'pf-empty', hidden: tasks.length > 0 }, t('noTasks'));

  const apply = () => {
    const q = search.value.trim().toLowerCase();
    const tpl = filter.value;
    let shown = 0;
    tasks.forEach((task, i) => {
      const visible = (!q || (task.businessKey || '').toLowerCase().includes(q)) && (!tpl || task.templateKey === tpl);
      rows[i].hidden = !visible;
      if (visible) shown++;
    });
    empty.hidden = shown > 0;
  };
  search.addEventListener('input', apply);
  filter.addEventListener('change', apply);

  ctx.main.replaceChildren(
    h('h1', {}, t('tasksTitle'), ' ', h('span', { class: 'pf-count' }, '(' + page.total + ')')),
    h('form', { class: 'pf-filters', role: 'search', onsubmit: e => e.preventDefault() },
      h('label', { for: 'pf-task-search' }, t('search')), search,
      h('label', { for: 'pf-task-template' }, t('templateFilter')), filter),
    table('pf-tasks', null,
      [t('colTemplate'), t('colBusinessKey'), t('colNode'), t('colOfferedAt'), t('colDueAt'), t('colOpen')], rows),
    empty);
  apply();
}
