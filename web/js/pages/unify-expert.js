// Switchboard — Expert Mode: the trunks, routes and LCR dial plan of
// OpenScape Business (seed 003, 3.6). The wizard's entries are shown but
// only the Unify Phone Connectivity wizard changes them.
import { h, formatTime } from '../ui/dom.js';
import { get } from '../api.js';
import { updateBanner } from './unify-common.js';

function configText(c) {
  return Object.entries(c).map(([k, v]) => `${k}: ${typeof v === 'object' ? Object.values(v).join(' ') : v}`).join('; ');
}

function table(id, title, list) {
  const rows = list.items.map((o) => h('tr', {}, h('td', {}, o.name), h('td', {}, o.wizard_owned ? 'Unify Phone Connectivity wizard' : 'by hand'),
    h('td', {}, configText(o.config)), h('td', {}, formatTime(o.updated_at))));
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title),
    list.items.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Configured by', 'Configuration', 'Changed'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows))
      : h('p', {}, 'None yet: run the Unify Phone Connectivity wizard.'));
}

export default {
  async render(main) {
    const [trunks, routes, lcr] = await Promise.all([get('/api/v1/unify/trunks'), get('/api/v1/unify/routes'), get('/api/v1/unify/lcr')]);
    main.append(h('h1', {}, 'Expert Mode'),
      h('p', { class: 'lead' }, 'Only the Unify Phone Connectivity wizard configures and establishes the connection to the Unify Phone Tenant. Changes via the Expert Mode will either not be handled or must be reconfigured after the wizard has been executed.'));
    const banner = updateBanner(trunks);
    if (banner) main.append(banner);
    main.append(table('xm-trunks', 'Telephony Server - Voice Gateway - Native SIP Server Trunk', trunks),
      table('xm-routes', 'Trunks/Routing - Routes', routes), table('xm-lcr', 'LCR - Dial Plan', lcr));
  },
};
