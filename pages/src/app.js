// The approver pages: a header (language, development user), navigation, and four hash routes drawn into main.
import { get, identity, loadConfig, devIdentity, setIdentity } from './api.js';
import { h } from './dom.js';
import { chooseLanguage, LANGUAGES, setLanguage, t } from './i18n.js';
import { renderTasks } from './page-tasks.js';
import { renderTask } from './page-task.js';
import { renderInstance } from './page-instance.js';
import { renderStarted } from './page-started.js';

const ROUTES = [
  [/^#\/tasks\/(\d+)$/, 'task', (m, token) => renderTask(ctx, Number(m[1]), token)],
  [/^#\/instances\/(\d+)$/, 'instance', (m, token) => renderInstance(ctx, Number(m[1]), token)],
  [/^#\/started$/, 'started', (m, token) => renderStarted(ctx, token)],
  [/^(#\/tasks)?(\?.*)?$/, 'tasks', (m, token) => renderTasks(ctx, token)],
];

let flash = null;
let drawing = 0;

/** What the page modules use: the main element, messages, navigation, and whether this drawing is still current. */
const ctx = {
  main: null,
  /** Marks the page drawn (body[data-ready]) unless another route was drawn since. */
  ready(token) {
    if (token === drawing) document.body.dataset.ready = 'true';
  },
  token() {
    return drawing;
  },
  current(token) {
    return token === drawing;
  },
  error(err, conflict = false) {
    const box = document.getElementById('pf-message');
    box.textContent = err && err.message ? err.message : String(err);
    box.classList.toggle('pf-conflict', conflict);
    box.hidden = false;
  },
  clearError() {
    const box = document.getElementById('pf-message');
    box.textContent = '';
    box.classList.remove('pf-conflict');
    box.hidden = true;
  },
  notice(text) {
    const box = document.getElementById('pf-notice');
    box.textContent = text || '';
    box.hidden = !text;
  },
  /** Goes to a route, showing the notice there. */
  go(hash, notice) {
    flash = notice || null;
    if (location.hash === hash) route(); else location.hash = hash;
  },
  reload(keepError) {
    route(keepError);
  },
  setTitle(text) {
    document.title = text + ' · ' + t('appName');
  },
};

function header() {
  const langSelect = h('select', { id: 'pf-lang', 'aria-label': t('language') },
    LANGUAGES.map(l => h('option', { value: l, selected: l === document.documentElement.lang }, l === 'zh-CN' ? '中文' : 'English')));
  langSelect.addEventListener('change', () => {
    setLanguage(langSelect.value);
    chrome();
    route();
  });
  const parts = [h('label', { for: 'pf-lang' }, t('language')), langSelect];
  let who;
  if (devIdentity()) {
    const me = identity();
    const user = h('input', { id: 'pf-user', name: 'user', value: me.user, autocomplete: 'username', size: 14 });
    const roles = h('input', { id: 'pf-roles', name: 'roles', value: me.roles, size: 18, 'aria-describedby': 'pf-roles-hint' });
    who = h('form', { id: 'pf-identity', class: 'pf-identity' },
      h('label', { for: 'pf-user' }, t('user')), user,
      h('label', { for: 'pf-roles' }, t('roles')), roles,
      h('span', { id: 'pf-roles-hint', class: 'pf-hint' }, t('rolesHint')),
      h('button', { type: 'submit' }, t('apply')));
    who.addEventListener('submit', e => {
      e.preventDefault();
      setIdentity(user.value, roles.value);
      route();
    });
  } else {
    who = h('span', { id: 'pf-me', class: 'pf-identity' });
    get('/me').then(me => { who.textContent = t('signedInAs') + ': ' + me.user; }).catch(() => {});
  }
  return h('header', { class: 'pf-header' },
    h('span', { class: 'pf-brand' }, t('appName')), who, h('span', { class: 'pf-lang' }, parts));
}

/** The parts around the page: header, navigation, messages; redrawn when the language changes. */
function chrome() {
  document.body.replaceChildren(
    h('a', { href: '#pf-main', class: 'pf-skip', onclick: e => { e.preventDefault(); ctx.main.focus(); } }, t('skipToContent')),
    header(),
    h('nav', { id: 'pf-nav', 'aria-label': t('navMain') },
      h('a', { href: '#/tasks' }, t('navTasks')), h('a', { href: '#/started' }, t('navStarted'))),
    h('div', { id: 'pf-message', role: 'alert', hidden: true }),
    h('div', { id: 'pf-notice', role: 'status', hidden: true }),
    ctx.main = h('main', { id: 'pf-main', tabindex: '-1' }));
}

async function route(keepError = false) {
  const token = ++drawing;
  const hash = location.hash || '#/tasks';
  document.body.dataset.ready = 'false';
  if (!keepError) ctx.clearError();
  ctx.notice(flash);
  flash = null;
  for (const a of document.querySelectorAll('#pf-nav a')) {
    const active = hash === a.getAttribute('href') || (a.getAttribute('href') === '#/tasks' && hash.startsWith('#/tasks/'));
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [pattern, page, render] of ROUTES) {
    const m = hash.match(pattern);
    if (m) {
      document.body.dataset.page = page;
      ctx.main.replaceChildren(h('p', { class: 'pf-loading' }, t('loading')));
      try {
        await render(m, token);
        const box = document.getElementById('pf-message');
        if (keepError && box.classList.contains('pf-conflict') && ctx.current(token)) {
          box.textContent = ctx.conflictMessage || box.textContent; // reloaded: no more "reloading"
        }
      } catch (err) {
        if (ctx.current(token)) {
          ctx.main.replaceChildren();
          const box = document.getElementById('pf-message');
          if (keepError && box.classList.contains('pf-conflict')) {
            // the reloaded task is gone: say so once, with the way back to the pending list
            box.replaceChildren(ctx.conflictMessage || '', ' ', h('a', { href: '#/tasks' }, t('navTasks')));
          } else {
            ctx.error(err);
          }
        }
      }
      ctx.ready(token);
      return;
    }
  }
  ctx.go('#/tasks');
}

async function boot() {
  setLanguage(chooseLanguage());
  try {
    await loadConfig();
  } catch (err) {
    chrome();
    ctx.error(err);
    return;
  }
  identity(); // keeps ?user= and ?roles= for the tab
  chrome();
  window.addEventListener('hashchange', () => route());
  await route();
}

boot();
