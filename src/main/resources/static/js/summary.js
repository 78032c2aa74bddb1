// Today / last 7 days: GET /api/kafka/metrics/summary (hourly aggregates of the state store).
import {get, fmt} from './api.js';

const FORMAT = {sent: fmt.int, errors: fmt.int, success_rate: fmt.pct, avg_latency_ms: fmt.ms, p99_latency_ms: fmt.ms, bytes: fmt.bytes};

export async function refreshSummary() {
  const s = await get('/api/kafka/metrics/summary');
  fill('summary-today', s.today);
  fill('summary-week', s.last7_days);
}

function fill(rowId, period) {
  for (const td of document.querySelectorAll(`#${rowId} td[data-field]`)) {
    const f = td.dataset.field;
    td.textContent = FORMAT[f](period[f]);
    td.dataset.value = period[f] === null || period[f] === undefined ? '' : String(period[f]);
  }
}
