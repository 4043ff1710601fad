// Calls of the plantflow REST API. In development mode (config.devIdentity) every call names the user and roles in
// the X-Plantflow-User / X-Plantflow-Roles headers; otherwise the host's session says who calls.
import { t } from './i18n.js';

const config = { apiBase: '/plantflow/api', devIdentity: false };

/** An API error: the HTTP status and the problem document (RFC 9457), or status 0 when the server is unreachable. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem || {};
  }

  /** Someone acted first (409), as opposed to a request the rules refuse whatever happens (IllegalOperation). */
  get conflict() {
    return this.status === 409 && this.problem.error !== 'IllegalOperationException';
  }
}

export async function loadConfig() {
  const res = await fetch('config.json', { headers: { Accept: 'application/json' } });
  if (!res.ok) {
    throw new ApiError(res.status, null, t('errorStatus', { status: res.status, detail: 'config.json' }));
  }
  Object.assign(config, await res.json());
  return config;
}

export function devIdentity() {
  return config.devIdentity === true;
}

/** The development identity of this tab: ?user= and ?roles= on the URL, kept in sessionStorage. */
export function identity() {
  const q = new URLSearchParams(location.search);
  if (q.has('user')) {
    sessionStorage.setItem('pf-user', q.get('user').trim());
    sessionStorage.setItem('pf-roles', (q.get('roles') || '').trim());
  }
  return { user: sessionStorage.getItem('pf-user') || '', roles: sessionStorage.getItem('pf-roles') || '' };
}

export function setIdentity(user, roles) {
  sessionStorage.setItem('pf-user', user.trim());
  sessionStorage.setItem('pf-roles', roles.trim());
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (devIdentity()) {
    const who = identity();
    if (who.user) headers['X-Plantflow-User'] = who.user;
    if (who.roles) headers['X-Plantflow-Roles'] = who.roles;
  }
  let res;
  try {
    res = await fetch(config.apiBase + path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, null, t('errorNetwork', { detail: e.message }));
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const detail = (data && (data.detail || data.title)) || res.statusText || text;
    const message = res.status === 401 ? t('notSignedIn') : t('errorStatus', { status: res.status, detail });
    throw new ApiError(res.status, data, message);
  }
  return data;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);
