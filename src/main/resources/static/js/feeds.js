// Feeds: the incremental jobs' watermarks (GET /api/jobs/{id}/watermark), their state and bound lag; for operators
// Set (PUT), Rewind (POST .../rewind) and Confirm after a query change (POST .../confirm). Values are typed as
// the API's JSON ({"last_id": 123}, {"last_timestamp": "…"}, {"to_time": "…Z"}); the server checks them.
import {get, post, put, fmt, row, el, changed} from './api.js';

let operator = false;

export function initFeeds(me) {
  operator = me.operator;
}

export async function refreshFeeds() {
  const {jobs} = await get('/api/jobs');
  const feeds = jobs.filter((j) => j.feed && j.feed.mode && j.feed.mode !== 'bulk');
  const views = await Promise.all(feeds.map((j) => get(`/api/jobs/${encodeURIComponent(j.id)}/watermark`)));
  document.getElementById('feeds-panel').hidden = views.length === 0;
  if (!changed('feeds', views)) return;
  document.querySelector('#feeds-table tbody').replaceChildren(...views.map((w) => {
    const wm = w.watermark || {};
    const mark = [wm.last_timestamp, wm.last_id].filter((v) => v !== null && v !== undefined).join(' · ') || 'start';
    const markCell = el('td', mark, {'data-field': 'watermark', title: `updated ${fmt.time(wm.updated_at)} by ${wm.updated_by || '–'}`});
    const stateCell = el('td', w.state, {class: w.state === 'needs_confirmation' ? 'run-failed' : 'ok', 'data-field': 'state'});
    if (w.refused) stateCell.title = w.refused;
    const bound = w.poll_bound || {};
    const lagCell = el('td', bound.lag_seconds === null || bound.lag_seconds === undefined ? '–' : `${Number(bound.lag_seconds).toFixed(1)} s`,
      {'data-field': 'lag', title: bound.method || ''});
    const last = (w.changes || [])[0];
    const changeCell = last ? el('td', `${last.action} by ${last.by} · ${fmt.time(last.at)}`, {'data-field': 'last-change',
      title: `${last.old.last_timestamp} · ${last.old.last_id} → ${last.new.last_timestamp} · ${last.new.last_id}`}) : el('td', '–', {class: 'muted'});
    const actions = el('td', null, {class: 'actions'});
    const path = `/api/jobs/${encodeURIComponent(w.job)}/watermark`;
    actions.append(
      button('Set', () => ask('New watermark (JSON; {} resets to the start)', JSON.stringify({last_id: wm.last_id ?? null, last_timestamp: wm.last_timestamp ?? null}), (b) => put(path, b))),
      button('Rewind', () => ask('Rewind to a value or a time (JSON)', '{"to_time": "' + new Date(Date.now() - 3600e3).toISOString() + '"}', (b) => post(`${path}/rewind`, b))),
      button('Confirm', () => post(`${path}/confirm`), w.state !== 'needs_confirmation'));
    return row([el('td', w.job), w.mode, markCell, stateCell, lagCell, changeCell, actions], {'data-feed': w.job});
  }));
}

function button(text, action, disabled = false) {
  const b = el('button', text, {type: 'button', class: 'operator-only'});
  b.disabled = !operator || disabled;
  if (!operator) b.title = 'operators only';
  b.addEventListener('click', () => report(action));
  return b;
}

function ask(question, example, send) {
  const text = window.prompt(question, example);
  if (text === null) return Promise.resolve(null);
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return Promise.reject(new Error(`not JSON: ${e.message}`));
  }
  return send(body);
}

async function report(action) {
  const out = document.getElementById('tool-result');
  try {
    const r = await action();
    if (r === null) return;
    if (out) out.textContent = JSON.stringify(r, null, 2);
    await refreshFeeds();
  } catch (e) {
    if (out) out.textContent = `${e.status || ''} ${e.message}`;
    const box = document.getElementById('poll-error');
    box.textContent = e.message;
    box.hidden = false;
  }
}
