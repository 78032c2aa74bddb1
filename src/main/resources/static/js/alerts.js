// Alerts: GET /api/alerts. The alerts active now (firing first, then pending) and the last resolved ones; the
// count in the heading says how many fire. Rules and notification channels in a line under the tables.
import {get, fmt, row, el, changed} from './api.js';

const RESOLVED_SHOWN = 10;

export async function refreshAlerts() {
  const a = await get('/api/alerts');
  if (!changed('alerts', {active: a.active, resolved: a.resolved.slice(0, RESOLVED_SHOWN), enabled: a.enabled})) return;
  const firing = a.active.filter((x) => x.state === 'firing').length;
  const count = document.getElementById('alerts-count');
  count.textContent = !a.enabled ? 'alerts off' : (firing > 0 ? `${firing} firing` : 'none firing');
  count.className = firing > 0 ? 'badge alert-firing' : 'badge';

  const active = document.querySelector('#alerts-table tbody');
  active.replaceChildren(...(a.active.length === 0
    ? [row([el('td', a.enabled ? 'no active alerts' : 'alerts are turned off (querycast.alerts.enabled)', {colspan: 5, class: 'muted'})])]
    : a.active.map((x) => alertRow(x, x.since))));

  const resolved = document.querySelector('#alerts-resolved tbody');
  const recent = a.resolved.slice(0, RESOLVED_SHOWN);
  resolved.replaceChildren(...(recent.length === 0
    ? [row([el('td', 'none since the application started', {colspan: 5, class: 'muted'})])]
    : recent.map((x) => alertRow(x, x.resolved_at))));

  const rules = a.rules.map((r) => r.enabled ? r.name : `${r.name} (off)`).join(', ');
  const hooks = a.channels.webhooks.map((w) => `${w.name} (${w.format})`).join(', ') || 'none';
  document.getElementById('alerts-rules').textContent =
    `Rules: ${rules}. Mail to ${a.channels.email_recipients} recipient(s); webhooks: ${hooks}.`;
}

function alertRow(x, when) {
  return row([
    el('td', x.state, {'data-field': 'state', class: `alert-${x.state}`}),
    el('td', x.rule, {'data-field': 'rule', title: x.description}),
    el('td', x.subject, {'data-field': 'subject'}),
    el('td', fmt.time(when), {'data-field': 'time'}),
    el('td', x.summary, {'data-field': 'summary', class: 'alert-summary', title: x.summary}),
  ], {'data-alert': x.id});
}
