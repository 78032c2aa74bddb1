// Recent errors: runs of the last 24 h (GET /api/history?from=…) that failed, or lost or dead-lettered records.
import {get, fmt, row, el, changed} from './api.js';

export async function refreshErrors() {
  const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const {runs} = await get(`/api/history?from=${encodeURIComponent(from)}&limit=1000`);
  const bad = runs.filter((r) => r.error || r.failed > 0 || r.dead_lettered > 0
    || r.status === 'failed' || r.status === 'partial' || r.status === 'interrupted');
  if (!changed('errors', bad)) return;
  const body = document.querySelector('#errors-table tbody');
  if (bad.length === 0) {
    body.replaceChildren(row([el('td', 'no errors in the last 24 hours', {colspan: 6, class: 'muted'})]));
    return;
  }
  body.replaceChildren(...bad.slice(0, 50).map((r) => row([
    fmt.time(r.started_at), r.job, r.topic,
    el('td', fmt.int(r.failed), {class: 'num'}), el('td', fmt.int(r.dead_lettered), {class: 'num'}),
    el('td', r.error || r.status, {class: 'error-text', title: r.error || ''}),
  ], {'data-run': r.run_id})));
}
