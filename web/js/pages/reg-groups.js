// Switchboard — Managed IP Phones > Registration groups: an ordered list of
// registrations (Line, Manual, Managed Proxy, DNS SRV) with Move Up / Move
// Down, checked by the server against the seed's rules.
import { h, clear, uid } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { canWrite } from '../ui/crud.js';
import { ApiError, get, post, put, del, query } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';

const TYPES = [
  ['line', 'Line — obtain registration settings automatically from this line'],
  ['manual', 'Manual — address, port and transport'],
  ['managed_proxy', 'Managed Proxy — obtain settings automatically from this proxy'],
  ['dns_srv', 'DNS SRV — obtain settings automatically using DNS SRV'],
];
const TRANSPORTS = ['UDP', 'TCP', 'TLS'];

function describe(r) {
  switch (r.type) {
    case 'line': return `Line ${r.line}`;
    case 'manual': return `Manual ${r.address}:${r.port} (${r.transport})`;
    case 'managed_proxy': return `Managed Proxy ${r.proxy} (${r.transport})`;
    default: return `DNS SRV ${r.domain} (${r.transport})`;
  }
}

function control(label, input) {
  const id = uid('rg');
  input.id = id;
  const err = h('p', { class: 'error', id: `${id}-error`, hidden: true });
  input.setAttribute('aria-describedby', err.id);
  return { el: h('div', { class: 'field' }, h('label', { for: id }, label), input, err), input, err };
}

function select(options, value) {
  return h('select', {}, options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
}

export default {
  async render(main, { session }) {
    const writable = canWrite(session);
    const [lines, proxies] = await Promise.all([get('/api/v1/lines?limit=1000'), get('/api/v1/managed-proxies?limit=1000')]);
    const side = h('div');
    const table = dataTable({
      caption: 'Registration groups',
      filterLabel: 'Filter registration groups',
      sort: 'name',
      columns: [
        { key: 'name', label: 'Name', sortable: true, render: (g) => h('button', { type: 'button', class: 'link', onclick: () => edit(g) }, g.name) },
        { key: 'kind', label: 'Type', sortable: true, render: (g) => (g.kind === 'external' ? 'External' : 'Regular') },
        { key: 'registrations', label: 'Registrations, in order', render: (g) => h('ol', { class: 'compact' }, g.registrations.map((r) => h('li', {}, describe(r)))) },
      ],
      load: (p) => get(`/api/v1/registration-groups${query(p)}`),
      tools: writable ? [h('button', { type: 'button', onclick: () => edit(null) }, 'New registration group')] : [],
    });
    main.append(h('h1', {}, 'Registration groups'),
      h('p', { class: 'lead' }, 'Phones register through the first registration of their group and fall back to the next ones. A Line or a DNS SRV registration must come first, and only one of each; External groups take only Manual and DNS SRV registrations.'),
      side, table.el);

    // Opened by id (or a row of the list): read afresh, with its version.
    async function edit(row) {
      const group = row ? await get(`/api/v1/registration-groups/${row.id}`) : null;
      const g = group || { name: '', kind: 'regular', registrations: [{ type: 'line', line_id: 1 }] };
      let regs = g.registrations.map((r) => ({ ...r }));
      const name = control('Name', h('input', { type: 'text', value: g.name, autocomplete: 'off' }));
      const kind = control('Type', select([['regular', 'Regular'], ['external', 'External']], g.kind));
      if (g.permanent) { name.input.disabled = true; kind.input.disabled = true; }
      const list = h('ol', { class: 'reg-list' });
      const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const ok = h('div', { class: 'form-ok', role: 'status', hidden: true });
      const rowControls = [];

      function drawRows() {
        clear(list);
        rowControls.length = 0;
        regs.forEach((r, i) => {
          const c = {};
          c.type = control('Registration type', select(TYPES, r.type));
          c.type.input.addEventListener('change', () => { collect(); regs[i] = { type: c.type.input.value, transport: 'UDP', port: 5060 }; drawRows(); });
          const parts = [c.type.el];
          if (r.type === 'line') {
            c.line_id = control('Line', select(lines.items.map((l) => [l.id, l.name]), r.line_id || lines.items[0].id));
            parts.push(c.line_id.el);
          } else if (r.type === 'managed_proxy') {
            c.proxy_id = control('Proxy', select(proxies.items.map((p) => [p.id, p.name]), r.proxy_id));
            parts.push(c.proxy_id.el);
          } else if (r.type === 'manual') {
            c.address = control('Address', h('input', { type: 'text', value: r.address || '' }));
            c.port = control('Port', h('input', { type: 'text', inputmode: 'numeric', value: r.port || 5060 }));
            parts.push(c.address.el, c.port.el);
          } else {
            c.domain = control('Domain', h('input', { type: 'text', value: r.domain || '' }));
            parts.push(c.domain.el);
          }
          if (r.type !== 'line') {
            c.transport = control('Transport', select(TRANSPORTS.map((t) => [t, t]), r.transport || 'UDP'));
            parts.push(c.transport.el);
          }
          const up = h('button', { type: 'button', class: 'secondary', disabled: i === 0, 'aria-label': `Move registration ${i + 1} up` }, 'Move Up');
          const down = h('button', { type: 'button', class: 'secondary', disabled: i === regs.length - 1, 'aria-label': `Move registration ${i + 1} down` }, 'Move Down');
          const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove registration ${i + 1}` }, 'Remove');
          up.addEventListener('click', () => { collect(); [regs[i - 1], regs[i]] = [regs[i], regs[i - 1]]; drawRows(); });
          down.addEventListener('click', () => { collect(); [regs[i + 1], regs[i]] = [regs[i], regs[i + 1]]; drawRows(); });
          remove.addEventListener('click', () => { collect(); regs.splice(i, 1); drawRows(); });
          if (!writable) for (const x of Object.values(c)) x.input.disabled = true;
          rowControls.push(c);
          list.append(h('li', { class: 'panel reg-row', 'aria-label': `Registration ${i + 1}` }, h('div', { class: 'reg-fields' }, parts), writable ? h('div', { class: 'actions' }, up, down, remove) : null));
        });
      }

      // Read the inputs back into regs (before a reorder or a save).
      function collect() {
        regs = regs.map((r, i) => {
          const c = rowControls[i];
          const out = { type: c.type.input.value };
          if (c.line_id) out.line_id = Number(c.line_id.input.value);
          if (c.proxy_id) out.proxy_id = Number(c.proxy_id.input.value);
          if (c.address) out.address = c.address.input.value.trim();
          if (c.port) out.port = Number(c.port.input.value);
          if (c.domain) out.domain = c.domain.input.value.trim();
          if (c.transport) out.transport = c.transport.input.value;
          return out;
        });
      }

      function showFieldError(field, message) {
        const m = /^registrations\[(\d+)\](?:\.(\w+))?$/.exec(field);
        let target = null;
        if (field === 'name') target = name;
        else if (field === 'kind') target = kind;
        else if (m && rowControls[Number(m[1])]) {
          const c = rowControls[Number(m[1])];
          target = c[m[2]] || c.type;
        }
        if (!target) { formError.textContent = message; formError.hidden = false; return; }
        target.err.textContent = message;
        target.err.hidden = false;
        target.input.setAttribute('aria-invalid', 'true');
        target.input.focus();
      }

      const add = h('button', { type: 'button', class: 'secondary' }, 'Add registration');
      add.addEventListener('click', () => { collect(); regs.push({ type: 'manual', transport: 'UDP', port: 5060 }); drawRows(); });
      const save = h('button', { type: 'submit' }, group ? 'Save' : 'Create registration group');
      const buttons = [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Close')];
      if (group && writable && !group.permanent) {
        buttons.push(h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!(await confirmDialog({ title: `Delete ${group.name}?`, message: 'Phones can no longer use it.', confirmLabel: 'Delete', danger: true }))) return;
          try {
            if (await saveVersioned((tag) => del(`/api/v1/registration-groups/${group.id}`, { ifMatch: tag }), group, () => edit(group)) === RELOADED) return;
            clear(side); table.reload();
          } catch (e) { formError.textContent = e.message; formError.hidden = false; }
        } }, 'Delete'));
      }
      const formEl = h('form', { novalidate: true }, formError, ok, name.el, kind.el,
        h('h3', {}, 'Registrations'), h('p', { class: 'hint' }, 'Phones try them in this order.'), list,
        writable ? h('div', { class: 'actions' }, add) : null,
        h('div', { class: 'actions actions-save' }, writable ? save : null, buttons));
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        formError.hidden = true; ok.hidden = true;
        for (const e of formEl.querySelectorAll('.error')) e.hidden = true;
        for (const e of formEl.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
        collect();
        const body = { name: group && group.permanent ? group.name : name.input.value.trim(), kind: group && group.permanent ? 'regular' : kind.input.value, registrations: regs };
        save.disabled = true;
        try {
          const saved = group ? await saveVersioned((tag) => put(`/api/v1/registration-groups/${group.id}`, body, { ifMatch: tag }), group, () => edit(group)) : await post('/api/v1/registration-groups', body);
          if (saved === RELOADED) return;
          table.reload();
          await edit(saved);
          side.querySelector('.form-ok').textContent = 'Saved.';
          side.querySelector('.form-ok').hidden = false;
        } catch (e) {
          if (e instanceof ApiError && e.details.length) e.details.forEach((d) => showFieldError(d.field, d.message));
          else { formError.textContent = e.message; formError.hidden = false; }
        } finally {
          save.disabled = false;
        }
      });
      drawRows();
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'rg-title' },
        h('h2', { id: 'rg-title' }, group ? `Registration group ${group.name}` : 'New registration group'), formEl));
      if (!name.input.disabled) name.input.focus();
    }
  },
};
