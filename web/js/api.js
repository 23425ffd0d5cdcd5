// Switchboard — the JSON API client: sends the CSRF token on writes and
// turns error replies into ApiError with the fields they name.

let csrfToken = '';
// The version (ETag) each record was read at, for If-Match on its save.
const etags = new WeakMap();
// Writes on their way: the same write again (a double click) gets the
// first one's answer instead of being sent twice.
const inFlight = new Map();
let onUnauthenticated = () => {};

export function setCsrf(token) { csrfToken = token || ''; }
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `Request failed (${status}).`);
    this.status = status;
    this.code = err.code || 'error';
    this.details = err.details || [];
    this.retryAfter = err.retry_after;
    this.changed = err.changed || null; // 412: {by, at, etag}
  }
  // The message for one field, if the API named it.
  fieldMessage(field) {
    const d = this.details.find((x) => x.field === field);
    return d ? d.message : '';
  }
}

// The ETag the record was read with, or null.
export function etagOf(record) {
  return (record && typeof record === 'object' && etags.get(record)) || null;
}

export function api(method, path, body, opts = {}) {
  if (method === 'GET' || method === 'HEAD') return send(method, path, body, opts);
  const key = `${method} ${path} ${opts.ifMatch || ''} ${body === undefined ? '' : JSON.stringify(body)}`;
  if (inFlight.has(key)) return inFlight.get(key);
  const p = send(method, path, body, opts).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

async function send(method, path, body, { quiet401 = false, ifMatch = null } = {}) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    throw new ApiError(0, { error: { code: 'network', message: 'The appliance does not answer. Check the network and try again.' } });
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && !quiet401) onUnauthenticated(err);
    throw err;
  }
  const tag = res.headers.get('ETag');
  if (tag && data && typeof data === 'object') etags.set(data, tag);
  return data;
}

export const get = (p, o) => api('GET', p, undefined, o);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b);
export const put = (p, b, o) => api('PUT', p, b, o);
export const patch = (p, b, o) => api('PATCH', p, b, o);
export const del = (p, o) => api('DELETE', p, undefined, o);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
