// Test tools (operator): POST /api/kafka/test, /api/db/test, /api/kafka/send (one message) and
// /api/kafka/batch (several). Only configured connections can be chosen, as the API allows.
import {get, post, el} from './api.js';

export async function initTools(me) {
  const [kafka, db] = await Promise.all([get('/api/kafka/connections'), get('/api/db/connections')]);
  const options = (select, list) => select.replaceChildren(...list.map((c) => el('option', c.name, {value: c.name})));
  options(document.querySelector('#tool-kafka select'), kafka.connections);
  options(document.querySelector('#tool-send select'), kafka.connections);
  options(document.querySelector('#tool-db select'), db.connections);
  if (!me.operator) return;
  const out = document.getElementById('tool-result');
  const run = async (call) => {
    out.textContent = '…';
    try {
      out.textContent = JSON.stringify(await call(), null, 2);
    } catch (e) {
      out.textContent = `${e.status || ''} ${e.message}`;
    }
  };
  document.getElementById('tool-kafka').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => post('/api/kafka/test', {connection: ev.target.elements.connection.value}));
  });
  document.getElementById('tool-db').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => post('/api/db/test', {connection: ev.target.elements.connection.value}));
  });
  document.getElementById('tool-send').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    let value = f.value.value;
    try { value = JSON.parse(value); } catch (e) { /* sent as text */ }
    const count = Math.max(1, Number(f.count.value) || 1);
    const key = f.key.value || undefined;
    if (count === 1) {
      run(() => post('/api/kafka/send', {connection: f.connection.value, topic: f.topic.value, key, value}));
    } else {
      const messages = Array.from({length: count}, (_, i) => ({key: key ? `${key}-${i + 1}` : undefined, value}));
      run(() => post('/api/kafka/batch', {connection: f.connection.value, topic: f.topic.value, messages}));
    }
  });
}
