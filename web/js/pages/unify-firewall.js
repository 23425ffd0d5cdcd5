// Switchboard — OpenScape Business > Firewall Rules: the seed's three
// tables (seed 003, 4) filled in for this system's public IP, media ports
// and Unify Phone domain, the warning about port 443, and downloads of all
// rows (CSV, XLSX) and of an nftables rule set for a Linux router.
import { h } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { get } from '../api.js';
import { downloadFile, XLSX } from '../ui/export.js';

const PATH = '/api/v1/unify/firewall-rules';
const COLUMNS = [['name', 'Rule'], ['destination_ip', 'Destination IP'], ['destination_port', 'Destination port'],
  ['source_ip', 'Source IP'], ['source_port', 'Source port'], ['comment', 'Comment']];

// A note's link, such as https://www.gstatic.com/ipranges/cloud.json, as a link.
function note(text) {
  const m = /^(.*?)(https:\/\/\S+)$/.exec(text);
  return h('p', { class: 'hint' }, m ? [m[1], h('a', { href: m[2], rel: 'noopener noreferrer' }, m[2])] : text);
}

function ruleTable(t) {
  const head = h('tr', {}, COLUMNS.map(([, label]) => h('th', { scope: 'col' }, label)));
  const rows = t.rows.map((r) => h('tr', {}, COLUMNS.map(([key]) => (key === 'name' ? h('th', { scope: 'row' }, r[key]) : h('td', {}, r[key])))));
  const table = h('table', { class: 'data fw-rules' }, h('caption', {}, t.caption), h('thead', {}, head), h('tbody', {}, rows));
  return h('section', { class: 'panel' }, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t.caption }, table),
    t.notes.map(note));
}

export default {
  async render(main) {
    const fw = await get(PATH);
    const status = h('p', { role: 'status' });
    const button = (label, run) => h('button', {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        status.textContent = '';
        try { await run(); } catch (e) { status.textContent = e.message; }
      },
    }, label);
    main.append(h('h1', {}, 'Firewall Rules'),
      h('p', { class: 'lead' }, fw.intro),
      h('p', { class: 'form-error fw-warning', role: 'alert' }, h('strong', {}, 'Warning: '), fw.warning),
      h('section', { class: 'panel' }, facts([
        ['Domain', fw.domain],
        ['OpenScape Business public IP', fw.public_ip || h('span', {}, 'not set yet: enter it under ', h('a', { href: '#/osbiz/system' }, 'OpenScape Business system'))],
        ['OpenScape Business media ports', fw.media_ports || 'not set (optional, under OpenScape Business system)'],
        ['Unify Phone addresses', fw.seed_addresses ? 'those of phoneapp.unify.com' : `to fill in: the addresses of ${fw.domain} are not known here (only those of phoneapp.unify.com)`],
      ])),
      h('section', { class: 'panel', 'aria-labelledby': 'fw-downloads' }, h('h2', { id: 'fw-downloads' }, 'Downloads'),
        h('p', {}, 'All rows as one list, or an nftables rule set for a Linux router in front of OpenScape Business: a table of its own (inet unify_phone) that accepts these rules, lets other traffic pass and drops new incoming TCP 443 to the public IP. Check it with nft -c -f before loading it.'),
        h('div', { class: 'actions' },
          button('Download CSV', () => downloadFile(PATH, 'text/csv', 'unify-phone-firewall-rules.csv')),
          button('Download XLSX', () => downloadFile(PATH, XLSX, 'unify-phone-firewall-rules.xlsx')),
          button('Download nftables rule set', () => downloadFile(`${PATH}?format=nft`, 'text/plain', 'unify-phone-firewall.nft'))),
        status),
      ...fw.tables.map(ruleTable),
      h('p', {}, fw.further));
  },
};
