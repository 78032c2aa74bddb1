// Wires the panels: who is signed in (GET /api/me) decides which buttons work, then every panel polls
// the API every POLL_MS; a panel whose previous call has not answered yet is skipped, never stacked.
import {get} from './api.js';
import {refreshStatus} from './status.js';
import {refreshSummary} from './summary.js';
import {refreshCharts} from './charts.js';
import {refreshTopics} from './topics.js';
import {initJobs, refreshJobs} from './jobs.js';
import {initHistory, refreshHistory} from './history.js';
import {refreshErrors} from './errors.js';
import {refreshAlerts} from './alerts.js';
import {initTools} from './tools.js';
import {initFeeds, refreshFeeds} from './feeds.js';

const POLL_MS = 5000;
const busy = new Set();
const failures = new Map();

async function guarded(name, refresh) {
  if (busy.has(name)) return;
  busy.add(name);
  try {
    await refresh();
    failures.delete(name);
  } catch (e) {
    failures.set(name, `${name}: ${e.message}`);
  } finally {
    busy.delete(name);
    const box = document.getElementById('poll-error');
    box.textContent = [...failures.values()].join(' · ');
    box.hidden = failures.size === 0;
  }
}

const panels = {
  status: refreshStatus, summary: refreshSummary, charts: refreshCharts, topics: refreshTopics,
  jobs: refreshJobs, history: refreshHistory, errors: refreshErrors, alerts: refreshAlerts, feeds: refreshFeeds,
};

function pollAll() {
  return Promise.all(Object.entries(panels).map(([name, f]) => guarded(name, f)));
}

async function start() {
  const me = await get('/api/me');
  document.getElementById('me-name').textContent = me.username;
  document.getElementById('me-roles').textContent = me.operator ? 'operator' : 'viewer';
  document.body.classList.add(me.operator ? 'role-operator' : 'role-viewer');
  document.getElementById('hawtio-link').hidden = !me.operator;
  for (const b of document.querySelectorAll('.operator-only')) {
    b.disabled = !me.operator;
    if (!me.operator) b.title = 'operators only';
  }
  initJobs(me, async () => {
    await Promise.all([guarded('jobs', refreshJobs), guarded('history', refreshHistory)]);
  });
  const {jobs} = await get('/api/jobs');
  initFeeds(me);
  initHistory(jobs.map((j) => j.id));
  await guarded('tools', () => initTools(me));
  await pollAll();
  document.body.dataset.ready = 'true';
  setInterval(pollAll, POLL_MS);
}

start().catch((e) => {
  const box = document.getElementById('poll-error');
  box.textContent = `dashboard: ${e.message}`;
  box.hidden = false;
});
