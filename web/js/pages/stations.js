// Switchboard — Managed IP Phones > Station appearances: every station
// appearance with its phone (the seed's Stations), sorted, filtered by
// extension, label, Identification Address, SIP user name, phone or MAC in
// any written form, paged and exported.
import { h } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { downloadList, XLSX } from '../ui/export.js';
import { get, query } from '../api.js';

export default {
  async render(main, { params }) {
    let currentQ = '';
    const exportCsv = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
    const exportXlsx = h('button', { type: 'button', class: 'secondary' }, 'Export XLSX');
    exportCsv.addEventListener('click', () => downloadList('/api/v1/stations', 'text/csv', 'station-appearances.csv', currentQ, 'extension'));
    exportXlsx.addEventListener('click', () => downloadList('/api/v1/stations', XLSX, 'station-appearances.xlsx', currentQ, 'extension'));
    const table = dataTable({
      caption: 'Station appearances',
      filterLabel: 'Filter station appearances',
      query: (params && params.get('q')) || '',
      sort: 'extension',
      columns: [
        { key: 'extension', label: 'Extension', sortable: true, render: (s) => s.extension || '—' },
        { key: 'label', label: 'Label', sortable: true },
        { key: 'identification_address', label: 'Identification Address', sortable: true, render: (s) => (s.identification_address ? h('code', {}, s.identification_address) : h('span', { class: 'hint' }, 'blank until it registers')) },
        { key: 'sip_username', label: 'SIP User Name', sortable: true },
        { key: 'phone', label: 'IP Phone Name', sortable: true, render: (s) => h('a', { href: `#/phones/list?q=${encodeURIComponent(s.phone)}&open=${s.phone_id}` }, s.phone) },
        { key: 'position', label: 'Appearance', render: (s) => String(s.position) },
        { key: 'model', label: 'Phone', sortable: true },
        { key: 'address', label: 'Address', sortable: true, render: (s) => (s.address ? h('code', {}, s.address) : 'Not provisioned') },
        { key: 'sharable', label: 'Sharable', render: (s) => (s.sharable ? 'Yes' : 'No') },
      ],
      load: (p) => { currentQ = p.q; return get(`/api/v1/stations${query(p)}`); },
      tools: [exportCsv, exportXlsx],
    });
    main.append(h('h1', {}, 'Station appearances'),
      h('p', { class: 'lead' }, 'Every station appearance of every managed IP phone. Filter by extension, label, Identification Address, SIP user name, phone name or MAC address in any form (0004F2300001, 00-04-f2-30-00-01).'),
      table.el);
  },
};
