// Per-topic table: GET /api/kafka/metrics/topics (every kept hourly aggregate, 30 days by default).
import {get, fmt, row, el, changed} from './api.js';

export async function refreshTopics() {
  const t = await get('/api/kafka/metrics/topics');
  if (!changed('topics', t)) return;
  const body = document.querySelector('#topics-table tbody');
  if (t.topics.length === 0) {
    body.replaceChildren(row([el('td', 'no exports yet', {colspan: 7, class: 'muted'})]));
    return;
  }
  body.replaceChildren(...t.topics.map((x) => row([
    x.topic, x.kafka_connection,
    el('td', fmt.int(x.sent), {'data-field': 'sent', class: 'num'}),
    el('td', fmt.int(x.failed), {'data-field': 'failed', class: 'num'}),
    el('td', fmt.int(x.dead_lettered), {'data-field': 'dead_lettered', class: 'num'}),
    el('td', fmt.bytes(x.bytes), {'data-field': 'bytes', 'data-value': String(x.bytes), class: 'num'}),
    fmt.time(x.last_sent_at),
  ], {'data-topic': x.topic})));
}
