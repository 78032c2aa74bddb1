// Jobs: GET /api/jobs; Run now (POST /api/jobs/{id}/run, with parameter overrides) and Enable/Disable
// (POST /api/jobs/{id}/enable|disable) for operators. A viewer sees the buttons disabled; the server
// refuses a viewer's POST anyway (403).
import {get, post, fmt, row, el, changed} from './api.js';
import {extraButtons} from './jobextras.js';

let operator = false;
let onRunStarted = () => {};

export function initJobs(me, runStarted) {
  operator = me.operator;
  onRunStarted = runStarted;
  const dialog = document.getElementById('run-dialog');
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'start') return;
    const job = dialog.dataset.job;
    const parameters = {};
    for (const input of document.querySelectorAll('#run-params input')) {
      if (input.value.trim() !== '') parameters[input.name] = input.value.trim();
    }
    await act(() => post(`/api/jobs/${encodeURIComponent(job)}/run`,
      Object.keys(parameters).length ? {parameters} : undefined), (r) => onRunStarted(r));
  });
}

export async function refreshJobs() {
  const {jobs} = await get('/api/jobs');
  if (!changed('jobs', jobs)) return jobs;
  const body = document.querySelector('#jobs-table tbody');
  body.replaceChildren(...jobs.map((j) => {
    const last = j.last_run;
    const name = el('td', null);
    name.appendChild(el('b', j.id));
    name.appendChild(el('div', `${j.topic} ← ${j.db_connection}`, {class: 'muted small'}));
    name.title = j.description || '';
    const runBtn = el('button', 'Run now', {type: 'button', class: 'run-now operator-only'});
    const toggleBtn = el('button', j.enabled ? 'Disable' : 'Enable', {type: 'button', class: 'toggle operator-only'});
    runBtn.disabled = !operator || !j.enabled;
    toggleBtn.disabled = !operator;
    if (!operator) runBtn.title = toggleBtn.title = 'operators only';
    runBtn.addEventListener('click', () => openRunDialog(j));
    toggleBtn.addEventListener('click', () => act(
      () => post(`/api/jobs/${encodeURIComponent(j.id)}/${j.enabled ? 'disable' : 'enable'}`), () => refreshJobs()));
    const actions = el('td', null, {class: 'actions'});
    actions.append(runBtn, toggleBtn, ...extraButtons(j, operator, (r) => onRunStarted(r)));
    return row([
      name,
      el('td', j.schedule.cron, {title: `Quartz ${j.schedule.quartz} (${j.schedule.timezone})`}),
      fmt.time(j.next_fire_time),
      stateCell(j),
      last ? el('td', `${last.status} · ${fmt.time(last.started_at)}`, {class: `run-${last.status}`, 'data-field': 'last-status'}) : el('td', 'never run', {class: 'muted'}),
      last ? `${fmt.int(last.rows_read)} / ${fmt.int(last.sent)} / ${fmt.int(last.failed)} / ${fmt.int(last.dead_lettered)}` : '–',
      actions,
    ], {'data-job': j.id});
  }));
  return jobs;
}

// an operator's enable/disable outlives restarts until the job file's `enabled` changes: say whose it is
function stateCell(j) {
  const cell = el('td', j.enabled ? 'enabled' : 'disabled', {class: j.enabled ? 'ok' : 'muted', 'data-field': 'enabled'});
  if (j.switched) {
    cell.appendChild(el('div', `by ${j.switched.by} · ${fmt.time(j.switched.at)}`, {class: 'muted small', 'data-field': 'switched'}));
  }
  return cell;
}

function openRunDialog(job) {
  const dialog = document.getElementById('run-dialog');
  dialog.dataset.job = job.id;
  document.getElementById('run-job').textContent = job.id;
  const params = document.getElementById('run-params');
  // the query's parameters; the placeholder is the value a run uses without an override (the job's, else the query's default)
  const declared = job.query_parameters || {};
  params.replaceChildren(...Object.entries(declared).map(([name, p]) => {
    const value = (job.parameters || {})[name] ?? p.default ?? '';
    const label = el('label', `${name} `, {title: p.description || ''});
    label.appendChild(el('input', null, {name, placeholder: String(value), 'data-param': name}));
    return label;
  }));
  if (params.children.length === 0) params.appendChild(el('p', 'This job has no parameters.', {class: 'muted'}));
  dialog.showModal();
}

async function act(call, then) {
  const out = document.getElementById('tool-result');
  try {
    const r = await call();
    out.textContent = JSON.stringify(r, null, 2);
    await then(r);
  } catch (e) {
    out.textContent = `${e.status || ''} ${e.message}`;
    document.getElementById('poll-error').textContent = e.message;
    document.getElementById('poll-error').hidden = false;
  }
}
