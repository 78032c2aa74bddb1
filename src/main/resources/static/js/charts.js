// Charts from the hourly aggregates: GET /api/kafka/metrics/hourly?hours=24 (per hour, latency
// percentiles) and ?hours=720 summed per UTC day. Hours without counts are absent from the answer and
// drawn as zero. Chart.js comes from its WebJar (global Chart).
import {get, fmt} from './api.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const charts = {};

export async function refreshCharts() {
  const [day, month] = await Promise.all([
    get('/api/kafka/metrics/hourly?hours=24'),
    get('/api/kafka/metrics/hourly?hours=720'),
  ]);
  const now = Date.now();
  const hourSlots = slots(now, HOUR, 24);
  const byHour = new Map(day.hours.map((h) => [Date.parse(h.hour), h]));
  const hourLabels = hourSlots.map((t) => new Date(t).toISOString().substring(11, 16));
  const perHour = hourSlots.map((t) => (byHour.get(t) || {}).sent || 0);
  draw('chart-hourly', 'bar', hourLabels, [
    {label: 'sent', data: perHour, backgroundColor: '#2f7ed8'},
    {label: 'failed + DLT', data: hourSlots.map((t) => { const h = byHour.get(t); return h ? h.failed + h.dead_lettered : 0; }), backgroundColor: '#d9534f'},
  ], true);
  setTotal('hourly-total', perHour.reduce((a, b) => a + b, 0));

  const daySlots = slots(now, DAY, 30);
  const perDay = new Map();
  for (const h of month.hours) {
    const d = Math.floor(Date.parse(h.hour) / DAY) * DAY;
    perDay.set(d, (perDay.get(d) || 0) + h.sent);
  }
  const dayValues = daySlots.map((t) => perDay.get(t) || 0);
  draw('chart-daily', 'bar', daySlots.map((t) => new Date(t).toISOString().substring(5, 10)),
    [{label: 'sent', data: dayValues, backgroundColor: '#2f7ed8'}], false);
  setTotal('daily-total', dayValues.reduce((a, b) => a + b, 0));

  const lat = (key) => hourSlots.map((t) => { const h = byHour.get(t); return h && h[key] !== null ? h[key] : null; });
  draw('chart-latency', 'line', hourLabels, [
    {label: 'p50', data: lat('p50_latency_ms'), borderColor: '#5cb85c', spanGaps: true},
    {label: 'p90', data: lat('p90_latency_ms'), borderColor: '#f0ad4e', spanGaps: true},
    {label: 'p99', data: lat('p99_latency_ms'), borderColor: '#d9534f', spanGaps: true},
  ], false);
}

/** The start of each of the last n periods (UTC-aligned), oldest first, the current one included. */
function slots(now, size, n) {
  const current = Math.floor(now / size) * size;
  return Array.from({length: n}, (_, i) => current - (n - 1 - i) * size);
}

function setTotal(id, total) {
  const e = document.getElementById(id);
  e.textContent = fmt.int(total);
  e.dataset.value = String(total);
}

function draw(id, type, labels, datasets, stacked) {
  const existing = charts[id];
  if (existing) {
    // update in place: no flicker, no new canvas every poll
    existing.data.labels = labels;
    existing.data.datasets.forEach((ds, i) => { ds.data = datasets[i].data; });
    existing.update('none');
    return;
  }
  charts[id] = new Chart(document.getElementById(id), {
    type,
    data: {labels, datasets},
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: {legend: {display: datasets.length > 1, labels: {boxWidth: 12}}},
      scales: {x: {stacked, ticks: {maxRotation: 0, autoSkipPadding: 8}}, y: {stacked, beginAtZero: true}},
    },
  });
}
