// Calls to the REST API with the login session's cookie. Every call carries X-Requested-With, so an expired
// session answers 401 without a Basic challenge (no browser password dialog) and the page goes back to the
// login form; POSTs carry the session's CSRF token, which the server requires of session-authenticated calls,
// and Content-Type application/json, which the server requires of every POST to /api.
const csrfHeader = document.querySelector('meta[name="csrf-header"]').content;
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body) {
  const headers = {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'};
  if (method !== 'GET') {
    headers[csrfHeader] = csrfToken;
    // every POST to the API must be JSON, even one without a body (415 otherwise)
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, {method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)});
  if (res.status === 401) {
    window.location.assign('/login');
    throw new ApiError(401, {error: 'signed out'});
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {error: text};
  }
  // 502 bodies of the test endpoints are answers too (the connection is down): the caller shows them
  if (!res.ok && !(res.status === 502 && json && 'connection' in json)) {
    throw new ApiError(res.status, json);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);

export const fmt = {
  int: (n) => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US'),
  pct: (r) => (r === null || r === undefined) ? '–' : (r * 100).toFixed(r === 1 ? 0 : 2) + ' %',
  ms: (n) => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US', {maximumFractionDigits: 1}) + ' ms',
  bytes: (n) => {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = Number(n), i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
  },
  time: (iso) => iso ? new Date(iso).toLocaleString('sv-SE', {hour12: false}) : '–',
  duration: (ms) => ms === null || ms === undefined ? '–' : (ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s'),
};

/** A table cell or element with text content only (never HTML from the API). */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  return e;
}

export function row(cells, attrs = {}) {
  const tr = el('tr', null, attrs);
  for (const c of cells) {
    tr.appendChild(c instanceof Node ? c : el('td', c));
  }
  return tr;
}

const lastSeen = new Map();

/**
 * True when a panel's data differs from what it drew last: rows are rebuilt only then, so a poll does not
 * take away the row under the pointer, a selection, or an element a user (or a test) is about to click.
 */
export function changed(panel, data) {
  const key = JSON.stringify(data);
  if (lastSeen.get(panel) === key) return false;
  lastSeen.set(panel, key);
  return true;
}
