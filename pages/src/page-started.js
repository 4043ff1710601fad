// Started by me (#/started): the instances the caller started, newest first, with their status.
import { get } from './api.js';
import { h, table } from './dom.js';
import { formatDate, statusLabel, t } from './i18n.js';
import { templateName, templateNames } from './templates.js';

export async function renderStarted(ctx, token) {
  const me = await get('/me');
  const [page, names] = await Promise.all([get('/instances?size=200'), templateNames()]);
  if (!ctx.current(token)) return;
  // administrators list every instance: this page shows only their own
  const mine = page.items.filter(i => i.initiator === me.user);
  ctx.setTitle(t('startedTitle') + ' (' + mine.length + ')');
  const rows = mine.map(i => h('tr', { 'data-instance-id': i.id, 'data-status': i.status },
    h('td', { 'data-col': 'id' }, h('a', { href: '#/instances/' + i.id }, String(i.id))),
    h('td', { 'data-col': 'template', 'data-key': i.templateKey },
      templateName(names, i.templateKey, i.templateVersion) + ' v' + i.templateVersion),
    h('td', { 'data-col': 'businessKey' }, i.businessKey),
    h('td', { 'data-col': 'status', class: 'pf-status-' + i.status.toLowerCase() }, statusLabel(i.status)),
    h('td', { 'data-col': 'startedAt' }, h('time', { datetime: i.startedAt }, formatDate(i.startedAt))),
    h('td', { 'data-col': 'endedAt' }, i.endedAt ? h('time', { datetime: i.endedAt }, formatDate(i.endedAt)) : t('none'))));
  ctx.main.replaceChildren(
    h('h1', {}, t('startedTitle')),
    table('pf-started', null,
      [t('colId'), t('colTemplate'), t('colBusinessKey'), t('colStatus'), t('colStartedAt'), t('colEndedAt')], rows),
    h('p', { class: 'pf-empty', hidden: mine.length > 0 }, t('noStarted')));
}
