// Scheduling panel: create, edit, duplicate and delete a job (POST /api/jobs, PUT and DELETE /api/jobs/{id}),
// writing the same config/jobs/<id>.yaml integrators edit. Edits send the ETag the job was read with
// (If-Match): a job changed by someone else meanwhile answers 412, and the panel says so instead of
// overwriting. Viewers see the panel read-only. Every job field is one row of FIELDS: a new field (another
// issue's `mode`, `export_mode`) is one more entry there.
const csrfHeader = document.querySelector('meta[name="csrf-header"]').content;
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

/**
 * The job file's fields, in the order of docs/configuration.md. type: text, number, checkbox, select
 * (options: a list, or a source filled from the API), cron, parameters (the chosen query's), json (nested).
 */
export const FIELDS = [
  {name: 'id', label: 'Job id', type: 'text', required: true, newOnly: true, pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}',
    help: 'the file name config/jobs/<id>.yaml'},
  {name: 'description', label: 'Description', type: 'text'},
  {name: 'enabled', label: 'Enabled', type: 'checkbox', default: true},
  {name: 'query', label: 'Query', type: 'select', source: 'queries', required: true},
  {name: 'parameters', label: 'Parameters', type: 'parameters'},
  {name: 'db_connection', label: 'Database', type: 'select', source: 'databases', required: true},
  {name: 'schedule', label: 'Schedule (cron)', type: 'cron', required: true, placeholder: '0 8 * * *'},
  {name: 'timezone', label: 'Time zone', type: 'text', placeholder: 'the server\'s'},
  {name: 'kafka_connection', label: 'Kafka cluster', type: 'select', source: 'kafka', default: 'default'},
  {name: 'topic', label: 'Topic', type: 'text', required: true},
  {name: 'key_column', label: 'Key column', type: 'text', placeholder: 'id'},
  {name: 'batch_size', label: 'Batch size', type: 'number', min: 1, max: 10000, placeholder: '100'},
  {name: 'include_metadata', label: 'Include metadata', type: 'checkbox', default: true},
  {name: 'lowercase_columns', label: 'Lower-case columns', type: 'checkbox', default: false},
  {name: 'json_columns', label: 'JSON columns', type: 'select', options: ['', 'embed', 'string']},
  {name: 'progress_every', label: 'Progress every (rows)', type: 'number', min: 1, placeholder: '10000'},
  {name: 'max_redeliveries', label: 'Redeliveries (after the producer gave up)', type: 'number', min: 0, max: 20},
  {name: 'redelivery_delay_ms', label: 'Redelivery delay (ms)', type: 'number', min: 1, max: 600000},
  {name: 'dead_letter_topic', label: 'Dead-letter topic', type: 'text', placeholder: '<topic>.DLT'},
  {name: 'success_threshold', label: 'Success threshold (%)', type: 'number', min: 0, max: 100, step: 'any'},
  {name: 'misfire_policy', label: 'Misfire policy', type: 'select', options: ['', 'run_once', 'skip']},
  {name: 'misfire_grace_s', label: 'Misfire grace (s)', type: 'number', min: 0},
  {name: 'recover', label: 'Recover a dead instance\'s run', type: 'checkbox', default: true},
  {name: 'email_notification', label: 'E-mail notification (JSON)', type: 'json',
    placeholder: '{"on_failure": true, "recipients": ["ops@example.com"]}'},
  // incremental feeds (issue 12)
  {name: 'mode', label: 'Mode', type: 'select', options: ['', 'bulk', 'incrementing', 'timestamp', 'timestamp+incrementing']},
  {name: 'incrementing_column', label: 'Incrementing column', type: 'text'},
  {name: 'timestamp_column', label: 'Timestamp column', type: 'text'},
  {name: 'bound', label: 'Bound', type: 'select', options: ['', 'auto', 'lag', 'rowversion', 'scn']},
  {name: 'safety_lag_s', label: 'Safety lag (s)', type: 'number', min: 0},
  {name: 'overlap_s', label: 'Overlap (s)', type: 'number', min: 0},
  {name: 'overlap_ids', label: 'Overlap (ids)', type: 'number', min: 0},
  // written only when ticked: the field is refused on file exports, and off is its default
  {name: 'exactly_once', label: 'Exactly once (one Kafka transaction a run)', type: 'checkbox', default: false, omitWhenOff: true},
  // record shape and steps
  {name: 'key_columns', label: 'Key columns (JSON list)', type: 'json', placeholder: '["A", "B"]'},
  {name: 'key_separator', label: 'Key separator', type: 'text', placeholder: '|'},
  {name: 'envelope', label: 'Envelope', type: 'select', options: ['', 'flat', 'wrapped']},
  {name: 'steps', label: 'Record steps (JSON list)', type: 'json', placeholder: '["drop-test-rows"]'},
];

const state = {operator: false, jobId: null, etag: null, queries: [], sources: {queries: [], databases: [], kafka: []}, parameters: {}};
const $ = (id) => document.getElementById(id);

async function call(method, path, body, ifMatch) {
  const headers = {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'};
  if (method !== 'GET') headers[csrfHeader] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const res = await fetch(path, {method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)});
  if (res.status === 401) window.location.assign('/login');
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = {error: text}; }
  return {status: res.status, ok: res.ok, json, etag: res.headers.get('ETag')};
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  return e;
}

function input(field) {
  if (field.type === 'checkbox') return el('input', null, {type: 'checkbox', name: field.name});
  if (field.type === 'select') {
    const s = el('select', null, {name: field.name});
    const options = field.source ? ['', ...state.sources[field.source]] : field.options;
    for (const o of options) s.appendChild(el('option', o === '' ? '—' : o, {value: o}));
    return s;
  }
  if (field.type === 'json') return el('textarea', null, {name: field.name, rows: 2, placeholder: field.placeholder});
  if (field.type === 'parameters') return el('div', null, {id: 'sched-parameters', class: 'sched-parameters'});
  return el('input', null, {type: field.type === 'number' ? 'number' : 'text', name: field.name, min: field.min, max: field.max,
    step: field.step, pattern: field.pattern, placeholder: field.placeholder});
}

function buildForm() {
  const form = $('sched-form');
  form.replaceChildren(...FIELDS.map((f) => {
    const label = el('label', null, {'data-field': f.name, title: f.help});
    label.appendChild(el('span', f.label + (f.required ? ' *' : '')));
    label.appendChild(input(f));
    if (f.type === 'cron') label.appendChild(el('span', null, {id: 'sched-cron', class: 'muted small sched-cron'}));
    return label;
  }));
  form.elements.query.addEventListener('change', () => showParameters({}));
  form.elements.schedule.addEventListener('input', debounce(readCron, 300));
  form.elements.timezone.addEventListener('input', debounce(readCron, 300));
}

function showParameters(values) {
  const box = $('sched-parameters');
  const query = state.queries.find((q) => q.name === $('sched-form').elements.query.value);
  const declared = (query && query.parameters) || {};
  box.replaceChildren(...Object.entries(declared).map(([name, p]) => {
    const label = el('label', `${name}${p.required ? ' *' : ''} `, {title: p.description || ''});
    label.appendChild(el('input', null, {'data-param': name, placeholder: p.default || '', value: values[name] ?? ''}));
    return label;
  }));
  if (!box.children.length) box.appendChild(el('span', query ? 'the query declares no parameters' : 'pick a query', {class: 'muted small'}));
}

function debounce(f, ms) {
  let t;
  return () => { clearTimeout(t); t = setTimeout(f, ms); };
}

async function readCron() {
  const form = $('sched-form');
  const out = $('sched-cron');
  const expression = form.elements.schedule.value.trim();
  if (!expression) { out.textContent = ''; return; }
  const tz = form.elements.timezone.value.trim();
  const r = await call('GET', `/api/cron?expression=${encodeURIComponent(expression)}&count=5${tz ? '&timezone=' + encodeURIComponent(tz) : ''}`);
  out.classList.toggle('bad', !r.ok);
  out.textContent = r.ok
    ? `${r.json.description} · next: ${r.json.next_fire_times.map((t) => new Date(t).toLocaleString('sv-SE', {hour12: false})).join(', ')}`
    : r.json.error;
}

function fill(fields) {
  const form = $('sched-form');
  for (const f of FIELDS) {
    const control = form.elements[f.name];
    const v = fields[f.name];
    if (f.type === 'parameters') continue;
    if (f.type === 'checkbox') control.checked = v === undefined ? f.default : v === true || v === 'true';
    else if (f.type === 'json') control.value = v === undefined || v === null ? '' : JSON.stringify(v);
    else if (f.type === 'select' && v !== undefined && ![...control.options].some((o) => o.value === String(v))) {
      control.appendChild(el('option', String(v), {value: String(v)}));
      control.value = String(v);
    } else control.value = v === undefined || v === null ? (f.default ?? '') : String(v);
  }
  showParameters(fields.parameters || {});
  readCron();
}

/** The form as the job file's fields: empty inputs are left out (the file's defaults apply). */
function collect() {
  const form = $('sched-form');
  const out = {};
  for (const f of FIELDS) {
    if (f.type === 'parameters') continue;
    const control = form.elements[f.name];
    if (f.type === 'checkbox') {
      if (control.checked || !f.omitWhenOff) out[f.name] = control.checked;
      continue;
    }
    const v = control.value.trim();
    if (v === '') continue;
    if (f.type === 'number') out[f.name] = Number(v);
    else if (f.type === 'json') {
      try { out[f.name] = JSON.parse(v); } catch (e) { throw new Error(`${f.label}: not JSON (${e.message})`); }
    } else out[f.name] = v;
  }
  const parameters = {};
  for (const p of document.querySelectorAll('#sched-parameters input')) {
    if (p.value.trim() !== '') parameters[p.dataset.param] = p.value.trim();
  }
  if (Object.keys(parameters).length) out.parameters = parameters;
  return out;
}

function say(text, kind, errors = []) {
  const m = $('sched-message');
  m.textContent = text;
  m.className = `sched-message ${kind || ''}`;
  $('sched-errors').replaceChildren(...errors.map((e) => el('li', e.message || e)));
}

function mode(jobId, etag) {
  state.jobId = jobId;
  state.etag = etag;
  $('sched-mode').textContent = jobId ? `Editing ${jobId}` : 'New job';
  $('sched-form').elements.id.readOnly = !!jobId;
  $('sched-delete').disabled = !state.operator || !jobId;
  $('sched-duplicate').disabled = !state.operator || !jobId;
  $('sched-reopen').disabled = !jobId;
}

async function open(jobId) {
  say('');
  if (!jobId) { fill({}); mode(null, null); await showAudit(null); return; }
  const r = await call('GET', `/api/jobs/${encodeURIComponent(jobId)}`);
  if (!r.ok) { say(`${r.status}: ${r.json && r.json.error}`, 'bad'); return; }
  const fields = Object.assign({}, r.json.fields || {}, {id: jobId});
  fill(fields);
  mode(jobId, r.etag);
  const errors = r.json.errors || r.json.file_errors || [];
  if (errors.length) say('The file on disk has mistakes (the version read before keeps running):', 'bad', errors);
  await showAudit(jobId);
}

async function save(event) {
  event.preventDefault();
  let body;
  try { body = collect(); } catch (e) { say(e.message, 'bad'); return; }
  const r = state.jobId
    ? await call('PUT', `/api/jobs/${encodeURIComponent(state.jobId)}`, body, state.etag)
    : await call('POST', '/api/jobs', body);
  if (r.status === 412) {
    say('Conflict (412): this job was changed by someone else since you opened it. Your changes were not saved: "Open again" shows the current version.', 'bad conflict');
    return;
  }
  if (!r.ok) { say(`${r.status}: ${r.json && r.json.error}`, 'bad', (r.json && r.json.errors) || []); return; }
  const id = r.json.job;
  say(`Saved ${id} (${r.json.changes.length} field(s) changed); in force ${r.json.in_force}.`, 'ok');
  mode(id, r.etag);
  await refreshChoices(id);
  await showAudit(id);
}

async function remove() {
  if (!state.jobId || !window.confirm(`Delete job ${state.jobId}? Its file is removed; its route stops after the run in progress.`)) return;
  const id = state.jobId;
  const r = await call('DELETE', `/api/jobs/${encodeURIComponent(id)}`, undefined, state.etag);
  if (r.status === 412) {
    say('Conflict (412): this job was changed by someone else since you opened it; it was not deleted. Open it again first.', 'bad conflict');
    return;
  }
  if (!r.ok) { say(`${r.status}: ${r.json && r.json.error}`, 'bad'); return; }
  await refreshChoices('');
  await open(null);
  say(`Deleted ${id}.`, 'ok');
}

function duplicate() {
  const fields = collect();
  fields.id = '';
  mode(null, null);
  fill(fields);
  say('Copy: give it a new id, then save.', '');
}

async function showAudit(jobId) {
  const body = document.querySelector('#sched-audit tbody');
  if (!jobId) { body.replaceChildren(); return; }
  const r = await call('GET', `/api/jobs/${encodeURIComponent(jobId)}/audit?limit=20`);
  if (!r.ok) return;
  body.replaceChildren(...r.json.entries.map((e) => {
    const tr = el('tr');
    tr.append(el('td', new Date(e.at).toLocaleString('sv-SE', {hour12: false})), el('td', e.action), el('td', e.by),
      el('td', e.changes.map((c) => `${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'}`).join('; ')));
    return tr;
  }));
}

async function refreshChoices(selected) {
  const [jobs, queries, db, kafka] = await Promise.all([call('GET', '/api/jobs'), call('GET', '/api/queries'),
    call('GET', '/api/db/connections'), call('GET', '/api/kafka/connections')]);
  state.queries = queries.json.queries;
  state.sources = {queries: state.queries.map((q) => q.name), databases: db.json.connections.map((c) => c.name),
    kafka: kafka.json.connections.map((c) => c.name)};
  const pick = $('sched-job');
  const ids = jobs.json.jobs.map((j) => j.id);
  const invalid = jobs.json.invalid_files.map((f) => f.file.split('/').pop().replace(/\.[^.]+$/, '')).filter((id) => !ids.includes(id));
  pick.replaceChildren(el('option', '— new job —', {value: ''}), ...ids.map((id) => el('option', id, {value: id})),
    ...invalid.map((id) => el('option', `${id} (has mistakes)`, {value: id})));
  // a job just saved may not be in force (listed) yet: it is still the one being edited
  if (selected && ![...pick.options].some((o) => o.value === selected)) pick.appendChild(el('option', selected, {value: selected}));
  pick.value = selected ?? '';
  $('sched-invalid').replaceChildren(...jobs.json.invalid_files.map((f) =>
    el('li', `${f.file}: ${f.errors.map((e) => e.message).join(' · ')}`)));
  const keep = collectSafely();
  buildForm();
  fill(keep);
  lockForViewers();
}

function collectSafely() {
  try { return $('sched-form').elements.length ? collect() : {}; } catch (e) { return {}; }
}

function lockForViewers() {
  if (state.operator) return;
  for (const c of $('sched-form').querySelectorAll('input, select, textarea')) c.disabled = true;
  for (const b of document.querySelectorAll('#scheduling-panel button')) { b.disabled = true; b.title = 'operators only'; }
}

async function start() {
  const me = await call('GET', '/api/me');
  state.operator = !!(me.json && me.json.operator);
  await refreshChoices('');
  mode(null, null);
  fill({});
  lockForViewers();
  $('sched-job').addEventListener('change', (e) => open(e.target.value || null));
  $('sched-form').addEventListener('submit', save);
  $('sched-new').addEventListener('click', () => { $('sched-job').value = ''; open(null); });
  $('sched-duplicate').addEventListener('click', duplicate);
  $('sched-delete').addEventListener('click', remove);
  $('sched-reopen').addEventListener('click', () => open(state.jobId));
  document.getElementById('scheduling-panel').dataset.ready = 'true';
}

start().catch((e) => say(`scheduling: ${e.message}`, 'bad'));
