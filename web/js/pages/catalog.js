// Switchboard — Managed IP Phones > Phone catalog: every supported model,
// its capabilities and firmware (reference data, read-only).
import { h, clear, uid } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { get, query } from '../api.js';

const yesNo = (v) => (v ? 'Yes' : 'No');

function details(m) {
  return h('section', { class: 'panel', 'aria-labelledby': 'model-title' },
    h('h2', { id: 'model-title' }, `${m.manufacturer} ${m.name}`),
    facts([
      ['Phone type', m.phone_type], ['End of Life', yesNo(m.eol)], ['SRTP', yesNo(m.srtp)],
      ['Selectable firmware', yesNo(m.selectable_firmware)], ['Stand-alone phone allowed', yesNo(m.standalone_allowed)],
      ['Registrations per group', m.max_registrations ? String(m.max_registrations) : 'No limit'],
      ['Address', m.address_kind === 'mac' ? `MAC address (${m.mac_prefixes.join(', ')})` : 'Full computer name'],
      ['Firmware image', m.firmware_image || '—'], ['Languages', m.languages.join('; ')],
    ]),
    h('h3', {}, 'Firmware'),
    m.firmware.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Firmware versions'),
      h('thead', {}, h('tr', {}, ['Version', 'Status', 'Initially made available in', 'Note'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, m.firmware.map((f) => h('tr', {}, h('td', {}, h('code', {}, f.version)),
        h('td', {}, h('span', { class: `badge ${f.status === 'supported' ? 'ok' : f.status === 'eol' ? 'bad' : 'warn'}` }, f.status)),
        h('td', {}, f.released_in || '—'), h('td', {}, f.note || '')))))) : h('p', {}, 'This model takes no selectable firmware.'));
}

export default {
  render(main) {
    const side = h('div');
    const selId = uid('man');
    const sel = h('select', { id: selId }, [['', 'All'], ['AudioCodes', 'AudioCodes'], ['Genesys', 'Genesys'], ['ININ', 'ININ'], ['Polycom', 'Polycom']].map(([v, l]) => h('option', { value: v }, l)));
    const table = dataTable({
      caption: 'Phone models',
      filterLabel: 'Filter models',
      sort: 'manufacturer',
      columns: [
        { key: 'manufacturer', label: 'Manufacturer', sortable: true },
        { key: 'name', label: 'Model', sortable: true, render: (m) => h('button', { type: 'button', class: 'link', onclick: () => { clear(side).append(details(m)); side.scrollIntoView(); } }, m.name) },
        { key: 'phone_type', label: 'Type', sortable: true },
        { key: 'eol', label: 'Status', sortable: true, render: (m) => (m.eol ? h('span', { class: 'badge bad' }, 'End of Life') : h('span', { class: 'badge ok' }, 'Supported')) },
        { key: 'srtp', label: 'SRTP', render: (m) => yesNo(m.srtp) },
        { key: 'standalone', label: 'Stand-alone', render: (m) => yesNo(m.standalone_allowed) },
        { key: 'regs', label: 'Registrations', render: (m) => (m.max_registrations ? String(m.max_registrations) : 'No limit') },
        { key: 'fw', label: 'Latest firmware', render: (m) => (m.firmware.length ? h('code', {}, m.firmware[0].version) : '—') },
      ],
      load: (p) => get(`/api/v1/catalog/models${query(p)}`),
      tools: [h('div', { class: 'field' }, h('label', { for: selId }, 'Manufacturer'), sel)],
    });
    sel.addEventListener('change', () => table.setFilter('manufacturer', sel.value));
    main.append(h('h1', {}, 'Phone catalog'),
      h('p', { class: 'lead' }, 'The managed IP phone models Switchboard supports, with their capabilities and firmware. Reference data: it changes with Switchboard releases.'),
      side, table.el);
  },
};
