// Switchboard — Overview, the home page: the estate at a glance (phones by
// status, by model, by selected and running firmware, provisional phones
// waiting for adoption, provisioning requests over the last 24 hours),
// each chart leading to the filtered phone list; then the appliance.
import { h, formatBytes, formatClock, formatTime } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { chart } from '../ui/chart.js';
import { get } from '../api.js';

const phonesWith = (q) => `#/phones/list?q=${encodeURIComponent(q)}`;

function hoursChart(d) {
  const hours = [];
  for (let i = 23; i >= 0; i -= 1) hours.push(d.now_hour - i);
  const outcomes = ['served', 'not_modified', 'denied', 'unknown', 'missing'];
  const names = { served: 'Served', not_modified: 'Not modified (304)', denied: 'Refused', unknown: 'Unknown phone', missing: 'No such file' };
  const by = {};
  for (const x of d.hits) by[`${x.hour}:${x.outcome}`] = x.count;
  const labels = hours.map((hr) => formatClock(hr * 3600));
  const datasets = outcomes.map((o) => ({ label: names[o], data: hours.map((hr) => by[`${hr}:${o}`] || 0) }))
    .filter((ds) => ds.data.some((n) => n > 0));
  return chart({ title: 'Provisioning requests, last 24 hours', kind: 'bar', labels: datasets.length ? labels : [], datasets, stacked: true });
}

const plural = (n, word) => (n === 1 ? word : `${word}s`);

// Admins: the credential hand-overs that still await the customer's signed
// Statement of Work (seed 000, Acknowledging Receipt).
async function handOvers() {
  const box = h('section', { class: 'panel', 'aria-labelledby': 'ov-sip' }, h('h2', { id: 'ov-sip' }, 'SIP device credentials'));
  try {
    const [open, devices] = await Promise.all([get('/api/v1/sip-devices/exports?unacknowledged=1&limit=5'), get('/api/v1/sip-devices?limit=1')]);
    box.append(h('div', { class: 'cards' },
      h('a', { class: 'stat', href: '#/sip-devices/list' }, h('strong', {}, String(devices.total)), ` third-party SIP ${plural(devices.total, 'device')}`),
      h('a', { class: `stat${open.total ? ' attention' : ''}`, href: '#/sip-devices/hand-over?unacknowledged=1' }, h('strong', {}, String(open.total)), ` ${plural(open.total, 'hand-over')} awaiting the signed SoW`)));
    if (open.total) {
      box.append(h('ul', {}, open.items.map((e) => h('li', {}, h('a', { href: `#/sip-devices/hand-over?open=${e.id}` }, `#${e.id}`), ` ${formatTime(e.created_at)}: ${e.devices} ${plural(e.devices, 'credential')} to ${e.handler_name}, not acknowledged`))));
    }
  } catch (e) {
    box.append(h('p', { class: 'form-error', role: 'alert' }, e.message));
  }
  return box;
}

export default {
  async render(main, { session }) {
    main.append(h('h1', {}, 'Overview'), h('p', { class: 'lead' }, `Welcome, ${session.user.display_name || session.user.username}.`));
    const estate = h('section', { class: 'panel', 'aria-labelledby': 'ov-estate' }, h('h2', { id: 'ov-estate' }, 'Managed IP phones'), h('p', {}, 'Loading…'));
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'ov-sys' }, h('h2', { id: 'ov-sys' }, 'Appliance'), h('p', {}, 'Loading…'));
    main.append(estate);
    if (session.user.role === 'admin') main.append(await handOvers());
    main.append(panel);
    try {
      const d = await get('/api/v1/dashboard');
      const total = d.by_status.reduce((n, x) => n + x.count, 0);
      const hits = d.hits.reduce((n, x) => n + x.count, 0);
      const cards = h('div', { class: 'cards' },
        h('a', { class: 'stat', href: '#/phones/list' }, h('strong', {}, String(total)), ' managed IP phones'),
        h('a', { class: `stat${d.provisional ? ' attention' : ''}`, href: '#/provisioning/provisional' }, h('strong', {}, String(d.provisional)), ' provisional phones waiting for adoption'),
        h('div', { class: 'stat' }, h('strong', {}, String(hits)), ' provisioning requests in 24 hours'));
      const grid = h('div', { class: 'chart-grid' },
        chart({ title: 'Phones by status', kind: 'doughnut', labels: d.by_status.map((x) => x.status), datasets: [{ label: 'Phones', data: d.by_status.map((x) => x.count) }], href: (i) => phonesWith(d.by_status[i].status) }),
        chart({ title: 'Phones by model', kind: 'bar', labels: d.by_model.map((x) => x.model), datasets: [{ label: 'Phones', data: d.by_model.map((x) => x.count) }], href: (i) => phonesWith(d.by_model[i].model.split(' ').slice(1).join(' ')) }),
        chart({ title: 'Selected → running firmware', kind: 'bar', labels: d.firmware.map((x) => `${x.selected} → ${x.running}`), datasets: [{ label: 'Phones', data: d.firmware.map((x) => x.count) }], href: (i) => phonesWith(d.firmware[i].running === 'unknown' ? '' : d.firmware[i].running) }),
        hoursChart(d));
      estate.lastChild.replaceWith(h('div', {}, cards, grid));
    } catch (e) {
      estate.lastChild.replaceWith(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
    try {
      const s = await get('/api/v1/system');
      const days = Math.floor(s.uptime_seconds / 86400);
      const hours = Math.floor((s.uptime_seconds % 86400) / 3600);
      const mins = Math.floor((s.uptime_seconds % 3600) / 60);
      panel.lastChild.replaceWith(facts([
        ['Version', s.version],
        ['Running for', `${days} d ${hours} h ${mins} min`],
        ['Admin listener', `https://${s.listeners.admin}`],
        ['Provisioning', `http://${s.listeners.provision}, https://${s.listeners.provision_tls}`],
        ['Database', `schema version ${s.schema_version}${s.database_bytes ? `, ${formatBytes(s.database_bytes)}` : ''}`],
        ['Data directory', s.data_dir],
      ]));
    } catch (e) {
      panel.lastChild.replaceWith(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
  },
};
