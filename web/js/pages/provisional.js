// Switchboard — Provisioning > Provisional phones: MACs that asked for their
// files and have no managed IP phone yet (the web equivalent of the
// provisioning IVR). Adopting creates the phone with that MAC.
import { h, clear, formatTime } from '../ui/dom.js';
import { dataTable, localLoad } from '../ui/table.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { ApiError, get, post, query } from '../api.js';
import { confirmDialog } from '../ui/dialog.js';

// A MAC has colons; a soft phone's full computer name has none.
const kindOf = (p) => (p.mac.includes(':') ? 'MAC address' : 'computer name');

export default {
  async render(main, { session }) {
    const catalog = await get('/api/v1/catalog');
    const side = h('div');
    const canAdopt = session.user.role !== 'viewer';
    const table = dataTable({
      caption: 'Provisional phones',
      filterLabel: 'Filter provisional phones',
      sort: 'last_seen',
      order: 'desc',
      emptyText: 'No phone is waiting: every phone that asked for its files is managed.',
      columns: [
        { key: 'mac', label: 'MAC address or computer name', sortable: true, render: (p) => h('code', {}, p.mac) },
        { key: 'model', label: 'Model (as the phone says)', sortable: true, render: (p) => `${p.manufacturer} ${p.model}`.trim() || '—' },
        { key: 'firmware', label: 'Running firmware', sortable: true },
        { key: 'client_address', label: 'Address', sortable: true },
        { key: 'last_path', label: 'Last request', sortable: false, render: (p) => h('code', {}, p.last_path) },
        { key: 'last_seen', label: 'Last seen', sortable: true, render: (p) => formatTime(p.last_seen) },
        { key: 'actions', label: 'Actions', render: (p) => (canAdopt ? h('button', { type: 'button', 'aria-label': `Adopt ${p.mac}`, onclick: () => adopt(p) }, 'Adopt') : '') },
      ],
      load: localLoad(async () => (await get('/api/v1/provisional-phones')).items, (p) => JSON.stringify(p)),
    });

    function adopt(p) {
      const f = fieldRegistry();
      const makers = catalog.manufacturers.filter((m) => m.models.some((x) => x.family !== 'softphone'));
      const guess = makers.find((m) => m.name === p.manufacturer) || makers.find((m) => m.name === 'Polycom');
      const key = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
      const name = h('input', { required: true, maxlength: 64 });
      const maker = h('select', {}, makers.map((m) => h('option', { value: m.name, selected: m === guess }, m.name)));
      const model = h('select');
      const type = h('select', {}, h('option', { value: 'workstation' }, 'Workstation'), h('option', { value: 'stand-alone' }, 'Stand-alone Phone'));
      const ext = h('input', { inputmode: 'numeric', maxlength: 15 });
      const drawModels = () => {
        const m = makers.find((x) => x.name === maker.value);
        clear(model).append(...m.models.map((x) => h('option', { value: x.name, selected: key(x.name) === key(p.model) }, x.name)));
      };
      maker.addEventListener('change', drawModels);
      drawModels();
      const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const save = h('button', { type: 'submit' }, 'Create managed IP phone');
      const formEl = h('form', { class: 'panel', novalidate: true }, h('h2', {}, `Adopt ${p.mac}`), err,
        f.control('name', 'Name', name, 'The managed IP phone and its station are created with this name.'),
        f.control('manufacturer', 'Manufacturer', maker), f.control('model', 'Model', model, p.model ? `The phone says it is a ${p.model}.` : null),
        f.control('type', 'Type', type), f.control('stations[0].extension', 'Extension', ext),
        h('div', { class: 'actions' }, save, h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Cancel')));
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear(); err.hidden = true;
        save.disabled = true;
        try {
          const body = { name: name.value.trim(), manufacturer: maker.value, model: model.value, type: type.value, address: p.mac };
          if (ext.value.trim()) body.stations = [{ extension: ext.value.trim() }];
          const saved = await post('/api/v1/phones', body);
          clear(side).append(h('p', { class: 'form-ok', role: 'status' }, `Adopted: ${saved.name} is a managed IP phone now; it gets its configuration at its next request. `,
            h('a', { href: `#/phones/list?q=${encodeURIComponent(saved.name)}` }, 'Open it')));
          table.reload();
        } catch (e) {
          if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field, d.message))) { err.textContent = e.message; err.hidden = false; }
        } finally { save.disabled = false; }
      });
      // Or: an existing record that can take this MAC: no MAC yet, not a
      // SIP Soft Phone, the maker the MAC and User-Agent say.
      const search = h('input', { type: 'search', autocomplete: 'off', placeholder: 'e.g. Reception or 7101' });
      const pick = h('select', { size: 8 });
      const count = h('p', { class: 'hint', role: 'status' });
      const aErr = h('p', { class: 'error', hidden: true });
      const assignBtn = h('button', { type: 'submit' }, 'Assign');
      const assign = h('form', { class: 'panel', novalidate: true }, h('h2', {}, `Or give this ${kindOf(p)} to an existing phone`),
        f.control('candidate_q', 'Find a phone', search, p.mac.includes(':') ? 'Only phones without a MAC address of this maker are listed, by name.' : 'Only SIP Soft Phones without a computer name are listed, by name.'),
        f.control('phone_id', 'Phone', pick), count, aErr,
        h('div', { class: 'actions' }, assignBtn));
      let timer = null;
      const loadCandidates = async () => {
        const r = await get(`/api/v1/provisional-phones/${encodeURIComponent(p.mac)}/candidates${query({ q: search.value.trim() })}`);
        clear(pick).append(...r.items.map((x, i) => h('option', { value: x.id, selected: i === 0 }, `${x.name} — ${x.manufacturer} ${x.model}${x.extensions ? `, extension ${x.extensions}` : ''}`)));
        count.textContent = r.total ? `${r.total} phone${r.total === 1 ? '' : 's'} can take ${p.mac}${r.total > r.items.length ? `; the first ${r.items.length} are shown, search to narrow them` : ''}.` : `No phone without an address can take ${p.mac}${search.value.trim() ? ' with that name or extension' : ''}.`;
        assignBtn.disabled = !r.items.length;
      };
      search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(loadCandidates, 200); });
      loadCandidates();
      assign.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        aErr.hidden = true;
        const chosen = pick.selectedOptions[0];
        if (!chosen) return;
        const label = chosen.textContent.split(' — ')[0];
        if (!(await confirmDialog({ title: `Give ${p.mac} to ${label}?`, message: `The phone ${label} gets the ${kindOf(p)} ${p.mac} and its configuration at the next request.`, confirmLabel: 'Assign' }))) return;
        assignBtn.disabled = true;
        try {
          const saved = await post(`/api/v1/provisional-phones/${encodeURIComponent(p.mac)}/assign`, { phone_id: Number(pick.value) });
          clear(side).append(h('p', { class: 'form-ok', role: 'status' }, `Adopted: ${saved.name} has the ${kindOf(p)} ${p.mac} now. `,
            h('a', { href: `#/phones/list?q=${encodeURIComponent(saved.name)}` }, 'Open it')));
          table.reload();
        } catch (e) { aErr.textContent = e.message; aErr.hidden = false; } finally { assignBtn.disabled = false; }
      });
      clear(side).append(formEl, assign);
      name.focus();
    }

    main.append(h('h1', {}, 'Provisional phones'),
      h('p', { class: 'lead' }, 'Phones that asked the provisioning server for their files but are not managed yet: a MAC address, or the full computer name a SIP Soft Phone asked with. They get no credential until you adopt them. To give an address to an existing phone instead, edit that phone\'s address.'),
      side, table.el);
  },
};
