// History: GET /api/history with the filters, PAGE runs a page (one more asked for, to know whether an
// older page exists); a click on a run shows GET /api/history/{runId}: its error and dead-lettered count.
import {get, fmt, row, el, changed} from './api.js';

const PAGE = 15;
let offset = 0;
let filters = {};
let selected = null;

export function initHistory(jobIds) {
  const form = document.getElementById('history-filters');
  const select = form.elements.job;
  for (const id of jobIds) select.appendChild(el('option', id, {value: id}));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    filters = {};
    for (const name of ['job', 'status', 'mode', 'from', 'to']) {
      const v = form.elements[name].value;
      if (v) filters[name] = v;
    }
    if (filters.to) {
      // the day picked is included: the API's "to" is exclusive
      filters.to = new Date(Date.parse(filters.to) + 24 * 3600 * 1000).toISOString().substring(0, 10);
    }
    offset = 0;
    refreshHistory();
  });
  document.getElementById('history-prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); refreshHistory(); });
  document.getElementById('history-next').addEventListener('click', () => { offset += PAGE; refreshHistory(); });
}

export async function refreshHistory() {
  const q = new URLSearchParams({...filters, limit: String(PAGE + 1), offset: String(offset)});
  const {runs} = await get(`/api/history?${q}`);
  const body = document.querySelector('#history-table tbody');
  const shown = runs.slice(0, PAGE);
  if (!changed('history', runs)) {
    // same rows as drawn: only the open detail may have moved on (a run in progress)
  } else if (shown.length === 0) {
    body.replaceChildren(row([el('td', 'no runs', {colspan: 12, class: 'muted'})]));
  } else {
    body.replaceChildren(...shown.map((r) => {
      const tr = row([
        fmt.time(r.started_at), r.job,
        el('td', r.status, {class: `run-${r.status}`, 'data-field': 'status'}),
        r.trigger, el('td', r.instance || '', {'data-field': 'instance'}), r.mode,
        el('td', fmt.int(r.rows_read), {'data-field': 'rows_read', class: 'num'}),
        el('td', fmt.int(r.sent), {'data-field': 'sent', class: 'num'}),
        el('td', fmt.int(r.failed), {'data-field': 'failed', class: 'num'}),
        el('td', fmt.int(r.dead_lettered), {'data-field': 'dead_lettered', class: 'num'}),
        el('td', fmt.int(r.skipped || 0), {'data-field': 'skipped', class: 'num'}),
        fmt.duration(r.duration_ms),
      ], {'data-run': r.run_id, tabindex: '0'});
      if (r.run_id === selected) tr.classList.add('selected');
      tr.addEventListener('click', () => showRun(r.run_id));
      return tr;
    }));
  }
  document.getElementById('history-prev').disabled = offset === 0;
  document.getElementById('history-next').disabled = runs.length <= PAGE;
  document.getElementById('history-page').textContent = `page ${offset / PAGE + 1}`;
  if (selected) await showRun(selected, false);
}

async function showRun(runId, mark = true) {
  selected = runId;
  const r = await get(`/api/history/${encodeURIComponent(runId)}`);
  const box = document.getElementById('run-detail');
  const dl = el('dl');
  const add = (k, v, field) => { dl.appendChild(el('dt', k)); dl.appendChild(el('dd', v, field ? {'data-field': field} : {})); };
  add('Run', r.run_id, 'run_id');
  add('Status', r.status, 'status');
  add('Trigger / instance', `${r.trigger} on ${r.instance || '?'}${r.due_at ? ` (due ${fmt.time(r.due_at)})` : ''}`, 'instance');
  add('Query', `${r.query} on ${r.db_connection}`);
  add('Topic', `${r.topic} (${r.kafka_connection})`);
  add('Parameters', JSON.stringify(r.parameters), 'parameters');
  add('Started / finished', `${fmt.time(r.started_at)} → ${fmt.time(r.finished_at)}`);
  add('Rows read', fmt.int(r.rows_read), 'rows_read');
  add('Sent', fmt.int(r.sent), 'sent');
  add('Failed', fmt.int(r.failed), 'failed');
  add('Dead-lettered (DLT)', fmt.int(r.dead_lettered), 'dead_lettered');
  add('Skipped (job steps, replay)', fmt.int(r.skipped || 0), 'skipped');
  add('Bytes', fmt.bytes(r.bytes));
  add('Duration (Kafka)', `${fmt.duration(r.duration_ms)} (${fmt.duration(r.kafka_ms)})`);
  add('Error', r.error || 'none', 'error');
  box.replaceChildren(el('h3', 'Run detail'), dl);
  box.hidden = false;
  if (mark) {
    for (const tr of document.querySelectorAll('#history-table tbody tr')) tr.classList.toggle('selected', tr.dataset.run === runId);
  }
}
