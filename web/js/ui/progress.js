// Switchboard — a progress bar that follows a job over Server-Sent Events
// (/api/v1/jobs/{id}/events) and resolves with the finished job.
import { h } from './dom.js';

export function jobProgress(job, label) {
  const bar = h('progress', { max: 100, value: 0, 'aria-label': label });
  const text = h('span', { class: 'progress-label', role: 'status' }, 'Queued…');
  const el = h('div', { class: 'job-progress' }, bar, text);
  const done = new Promise((resolve, reject) => {
    const src = new EventSource(`/api/v1/jobs/${job.id}/events`);
    const show = (j) => {
      const { done: d, total } = j.progress || {};
      const pct = total > 0 ? Math.round((100 * d) / total) : (j.state === 'done' ? 100 : 0);
      bar.value = pct;
      text.textContent = j.state === 'running' ? `Running… ${pct}%` : j.state === 'done' ? 'Done.' : j.state === 'failed' ? `Failed: ${j.error || ''}` : 'Queued…';
    };
    src.addEventListener('progress', (e) => show(JSON.parse(e.data)));
    src.addEventListener('done', (e) => { const j = JSON.parse(e.data); show(j); src.close(); resolve(j); });
    src.addEventListener('failed', (e) => { const j = JSON.parse(e.data); show(j); src.close(); reject(new Error(j.error || 'The job failed.')); });
    src.onerror = () => { if (src.readyState === EventSource.CLOSED) reject(new Error('Lost the connection to the appliance.')); };
  });
  return { el, done };
}
