// Switchboard — Provisioning > Phone simulator (the seed's PhoneSim): the
// files a phone would fetch in its order, each one's text, and every
// attribute with its final value and the file it came from. Passwords are
// masked; nothing the simulator does counts as the phone's contact.
import { h, clear, fileText } from '../ui/dom.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { ApiError, get, query } from '../api.js';

const AGENTS = [
  ['', 'Any (none given)'],
  ['FileTransport PolycomVVX-VVX_410-UA/5.9.7.4477', 'Polycom VVX 410, UCS 5.9.7'],
  ['FileTransport PolycomVVX-VVX_450-UA/6.4.5.1251', 'Polycom VVX 450, UCS 6.4.5'],
  ['AUDC-IPPhone/2.2.16.643 (420HDG-Rev0; 00908F000000)', 'AudioCodes 420HD, 2.2.16'],
];

export default {
  render(main, { params }) {
    const f = fieldRegistry();
    const address = h('input', { maxlength: 253, spellcheck: 'false', value: (params && params.get('address')) || '', placeholder: 'e.g. 0004f2aabbcc or AgentPC1.lab.local' });
    const agent = h('select', {}, AGENTS.map(([v, l]) => h('option', { value: v }, l)));
    const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const out = h('div', { 'aria-live': 'polite' });
    const go = h('button', { type: 'submit' }, 'Simulate');
    const formEl = h('form', { class: 'panel', novalidate: true }, err,
      f.control('address', 'MAC address or full computer name', address),
      f.control('user_agent', 'Phone User-Agent', agent, 'Some files depend on what the phone says it is.'),
      h('div', { class: 'actions' }, go));

    function show(r) {
      const fileFilter = h('select', {}, h('option', { value: '' }, 'All files'), r.files.map((x) => h('option', { value: x.path }, x.path)));
      const text = h('input', { type: 'search', autocomplete: 'off' });
      const tbody = h('tbody');
      const count = h('p', { role: 'status' });
      const ff = fieldRegistry();
      function draw() {
        const q = text.value.toLowerCase();
        const rows = r.attributes.filter((a) => (!fileFilter.value || a.file === fileFilter.value) &&
          (!q || a.name.toLowerCase().includes(q) || a.value.toLowerCase().includes(q)));
        clear(tbody).append(...rows.map((a) => h('tr', {}, h('td', {}, h('code', {}, a.name)), h('td', {}, a.value), h('td', {}, h('code', {}, a.file)))));
        count.textContent = `${rows.length} of ${r.attributes.length} attributes.`;
      }
      fileFilter.addEventListener('change', draw);
      text.addEventListener('input', draw);
      const files = h('ol', { class: 'sim-files' }, r.files.map((x) => h('li', {},
        h('details', {}, h('summary', {}, h('code', {}, x.path), ` — ${x.status === 200 ? 'served' : x.status === 404 ? 'not there (404)' : `HTTP ${x.status}`}`),
          x.content ? fileText(x.content, x.path) : null))));
      clear(out).append(
        h('section', { class: 'panel' }, h('h2', {}, `Files, in the order the phone asks for them`),
          h('p', {}, `${r.phone ? `${r.phone.name}, ${r.phone.manufacturer} ${r.phone.model}.` : 'No managed IP phone has this address: a provisional phone gets this.'} `,
            r.precedence === 'first' ? 'The first file that sets an attribute wins.' : 'A later line sets an attribute again.'), files),
        h('section', { class: 'panel' }, h('h2', {}, 'Attributes'),
          h('div', { class: 'table-tools' }, ff.control('q', 'Search names and values', text), ff.control('file', 'File', fileFilter)),
          count, h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, 'Attributes with their final value'),
            h('thead', {}, h('tr', {}, ['Attribute', 'Final value', 'From file'].map((t) => h('th', { scope: 'col' }, t)))), tbody))));
      draw();
      if (r.options && r.options.length) out.append(optionsPanel(r.options));
    }

    // Each Option and Advanced Option: what the admin set, the parameter
    // that carries it and the value the phone ends up with, or why none.
    function optionsPanel(options) {
      const q = h('input', { type: 'search', autocomplete: 'off' });
      const tbody = h('tbody');
      const count = h('p', { role: 'status' });
      const shown = (v) => (v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));
      const of = fieldRegistry();
      function draw() {
        const t = q.value.toLowerCase();
        const rows = options.filter((o) => !t || `${o.label} ${o.section} ${o.param || ''}`.toLowerCase().includes(t));
        clear(tbody).append(...rows.map((o) => h('tr', {},
          h('td', {}, `${o.tab} › ${o.section}`), h('th', { scope: 'row' }, o.label), h('td', {}, shown(o.value)),
          o.param ? h('td', {}, h('code', {}, o.param)) : h('td', { colspan: 3 }, h('em', {}, o.reason)),
          o.param ? h('td', {}, o.file ? shown(o.written) : h('em', {}, 'not written (empty)')) : null,
          o.param ? h('td', {}, o.file ? h('code', {}, o.file) : '') : null)));
        count.textContent = `${rows.length} of ${options.length} option parameters.`;
      }
      q.addEventListener('input', draw);
      const panel = h('section', { class: 'panel' }, h('h2', {}, 'Options and where they go'),
        h('p', {}, 'Every option of this phone, the parameter that carries it, and the value the phone ends up with.'),
        h('div', { class: 'table-tools' }, of.control('oq', 'Search options and parameters', q)),
        count, h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, 'Options with their parameters'),
          h('thead', {}, h('tr', {}, ['Tab', 'Option', 'Set to', 'Parameter', 'Phone gets', 'From file'].map((c) => h('th', { scope: 'col' }, c)))), tbody)));
      draw();
      return panel;
    }

    async function run() {
      f.clear(); err.hidden = true;
      if (!address.value.trim()) { f.show('address', 'Give a MAC address or a full computer name.'); return; }
      go.disabled = true;
      try {
        show(await get(`/api/v1/simulator${query({ address: address.value.trim(), user_agent: agent.value })}`));
      } catch (e) {
        if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field, d.message))) { err.textContent = e.message; err.hidden = false; }
      } finally { go.disabled = false; }
    }
    formEl.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
    main.append(h('h1', {}, 'Phone simulator'),
      h('p', { class: 'lead' }, 'See exactly what a phone gets from the provisioning server, file by file, and which file each setting came from.'),
      formEl, out);
    if (address.value) run();
  },
};
