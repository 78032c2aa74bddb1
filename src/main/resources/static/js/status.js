// Status bar: GET /api/status probes every Kafka cluster and database; green/red with check time and error.
import {get, el, fmt} from './api.js';

export async function refreshStatus() {
  const s = await get('/api/status');
  const bar = document.getElementById('status-bar');
  const items = [];
  for (const k of s.kafka) {
    items.push(item('kafka', k.connection, `Kafka ${k.connection}`, k.up, k.checked_at,
      k.up ? `${k.brokers} broker(s), ${k.latency_ms} ms` : k.error, k.last_error));
    const p = k.producer;
    // red only when the last thing the producer did was fail; quiet (nothing sent lately) is grey
    const failedLast = !!p.last_failure_at && (!p.last_success_at || p.last_failure_at >= p.last_success_at);
    items.push(item('producer', k.connection, `Producer ${k.connection}`, p.up, null,
      p.up ? `last ack ${fmt.time(p.last_success_at)}`
           : (failedLast ? `last failure ${fmt.time(p.last_failure_at)}` : 'no recent sends'), null, !p.up && !failedLast));
  }
  for (const d of s.databases) {
    items.push(item('db', d.connection, `DB ${d.connection}`, d.up, d.checked_at,
      d.up ? `${d.type}, ${d.latency_ms} ms` : d.error, d.last_error));
  }
  bar.replaceChildren(...items);
}

function item(kind, name, label, up, checkedAt, detail, lastError, idle = false) {
  const state = idle ? 'idle' : (up ? 'up' : 'down');
  const e = el('span', null, {class: `status-item ${state}`, 'data-kind': kind, 'data-name': name, 'data-state': state});
  e.appendChild(el('span', '', {class: 'dot'}));
  e.appendChild(el('b', label));
  if (checkedAt) e.appendChild(el('span', new Date(checkedAt).toLocaleTimeString('sv-SE'), {class: 'status-time'}));
  const tip = [detail, lastError && `last error: ${lastError}`].filter(Boolean).join('\n');
  e.title = tip;
  if (!up && !idle && detail) e.appendChild(el('span', detail, {class: 'status-error'}));
  return e;
}
