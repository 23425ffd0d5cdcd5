// Switchboard — Overview: the appliance at a glance.
import { h, formatBytes } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { get } from '../api.js';

export default {
  async render(main, { session }) {
    main.append(h('h1', {}, 'Overview'), h('p', { class: 'lead' }, `Welcome, ${session.user.display_name || session.user.username}.`));
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'ov-sys' }, h('h2', { id: 'ov-sys' }, 'Appliance'), h('p', {}, 'Loading…'));
    main.append(panel);
    try {
      const s = await get('/api/v1/system');
      const days = Math.floor(s.uptime_seconds / 86400);
      const hours = Math.floor((s.uptime_seconds % 86400) / 3600);
      const mins = Math.floor((s.uptime_seconds % 3600) / 60);
      panel.lastChild.replaceWith(facts([
        ['Version', s.version],
        ['Running for', `${days} d ${hours} h ${mins} min`],
        ['Admin listener', `https://${s.listeners.admin}`],
        ['Database', `schema version ${s.schema_version}${s.database_bytes ? `, ${formatBytes(s.database_bytes)}` : ''}`],
        ['Data directory', s.data_dir],
      ]));
    } catch (e) {
      panel.lastChild.replaceWith(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
  },
};
