// Per-job extras of the jobs table, for operators: Preview (GET /api/jobs/{id}/preview?rows=5: the records the
// job's query would give now, nothing sent) and Replay dead letters (POST /api/replays: chosen letters of the
// job's dead-letter topic re-sent to its topic, as a run of their own). A viewer sees both disabled; the server
// refuses a viewer anyway (403).
import {get, post, el, fmt} from './api.js';

const PREVIEW_ROWS = 5;

/** The two buttons of one job's row. */
export function extraButtons(job, operator, replayed) {
  const preview = el('button', 'Preview', {type: 'button', class: 'preview operator-only'});
  const replay = el('button', 'Replay DLT', {type: 'button', class: 'replay operator-only'});
  preview.disabled = replay.disabled = !operator;
  preview.title = operator ? `the first ${PREVIEW_ROWS} records the query gives now; nothing is sent` : 'operators only';
  replay.title = operator ? `re-send dead letters of ${job.id} to ${job.topic}` : 'operators only';
  preview.addEventListener('click', () => showPreview(job.id));
  replay.addEventListener('click', () => openReplay(job, replayed));
  return [preview, replay];
}

async function showPreview(jobId) {
  const dialog = document.getElementById('preview-dialog');
  const box = document.getElementById('preview-records');
  document.getElementById('preview-job').textContent = jobId;
  box.replaceChildren(el('p', 'running the query…', {class: 'muted'}));
  if (!dialog.open) dialog.showModal();
  try {
    const p = await get(`/api/jobs/${encodeURIComponent(jobId)}/preview?rows=${PREVIEW_ROWS}`);
    const items = p.records.map((r) => {
      const item = el('div', null, {class: 'preview-record', 'data-row': String(r.row)});
      item.appendChild(el('div', `#${r.row} key ${r.key ?? '(null)'}`, {class: 'small', 'data-field': 'key'}));
      if (r.dead_letter) item.appendChild(el('div', `→ dead-letter topic: ${r.dead_letter}`, {class: 'run-failed small', 'data-field': 'dead-letter'}));
      const headers = Object.entries(r.headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
      if (headers) item.appendChild(el('pre', headers, {class: 'muted small', 'data-field': 'headers'}));
      item.appendChild(el('pre', prettyJson(r.value), {'data-field': 'value'}));
      return item;
    });
    const summary = `${p.records.length} record(s)${p.more ? ', the result has more' : ''} · topic ${p.topic ?? ''}`;
    box.replaceChildren(el('p', summary, {class: 'muted', 'data-field': 'summary'}), ...items,
      ...(p.warnings || []).map((w) => el('p', w, {class: 'run-partial small'})));
    if (p.records.length === 0) box.appendChild(el('p', 'The query returns no rows now.', {class: 'muted'}));
  } catch (e) {
    box.replaceChildren(el('p', `${e.status || ''} ${e.message}`, {class: 'run-failed', 'data-field': 'error'}));
  }
}

// the API embeds a JSON value as JSON; a row that could not be written as JSON comes as its text
function prettyJson(text) {
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}

function openReplay(job, replayed) {
  const dialog = document.getElementById('replay-dialog');
  dialog.dataset.job = job.id;
  document.getElementById('replay-job').textContent = `${job.id} (${job.topic})`;
  document.getElementById('replay-result').textContent = '';
  for (const input of dialog.querySelectorAll('input')) input.value = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'replay') return;
    const body = {job: job.id};
    for (const input of dialog.querySelectorAll('input')) {
      const v = input.value.trim();
      if (v !== '') body[input.name] = input.type === 'datetime-local' ? new Date(v).toISOString() : v;
    }
    const out = document.getElementById('tool-result');
    try {
      const r = await post('/api/replays', body);
      out.textContent = `replay ${r.run_id}: ${r.status} · matched ${fmt.int(r.matched)}, sent ${fmt.int(r.sent)}, failed ${fmt.int(r.failed)},`
        + ` dead-lettered again ${fmt.int(r.dead_lettered)}, truncated (skipped) ${fmt.int(r.skipped_truncated)}, other topic ${fmt.int(r.other_topic)}`;
      await replayed(r);
    } catch (e) {
      out.textContent = `${e.status || ''} ${e.message}`;
    }
  };
  dialog.showModal();
}
