// Switchboard — Managed IP Phones > Templates: the settings, options and
// station appearance defaults (licenses, access control) new phones start
// from.
import { h, clear } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { canWrite } from '../ui/crud.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { phoneSettings, checkList, loadPhoneReferences } from '../ui/phone-form.js';
import { ApiError, get, post, put, del, query } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';

export default {
  async render(main, { session }) {
    const writable = canWrite(session);
    const [{ catalog, groups, locations, pools }, classes] = await Promise.all([
      loadPhoneReferences(), get('/api/v1/dial-plan-classifications')]);
    const side = h('div');
    const table = dataTable({
      caption: 'Templates',
      filterLabel: 'Filter templates',
      sort: 'name',
      columns: [
        { key: 'name', label: 'Name', sortable: true, render: (t) => h('button', { type: 'button', class: 'link', onclick: () => edit(t.id) }, t.name) },
        { key: 'model', label: 'Phone', sortable: true, render: (t) => `${t.manufacturer} ${t.model}` },
        { key: 'type', label: 'Type', sortable: true, render: (t) => (t.type === 'stand-alone' ? 'Stand-alone Phone' : 'Workstation') },
        { key: 'registration_group', label: 'Registration group' },
        { key: 'phones', label: 'Phones made from it' },
      ],
      load: (p) => get(`/api/v1/templates${query(p)}`),
      tools: writable ? [h('button', { type: 'button', onclick: () => edit(null) }, 'New template')] : [],
    });
    main.append(h('h1', {}, 'Templates'),
      h('p', { class: 'lead' }, 'Plan the configuration once: a template holds the model, registration group, location, options and the station appearance defaults that phones made from it start with.'),
      side, table.el);

    async function edit(id) {
      clear(side).append(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
      const t = id ? await get(`/api/v1/templates/${id}`) : null;
      const f = fieldRegistry();
      const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const ok = h('div', { class: 'form-ok', role: 'status', hidden: true });
      const settings = phoneSettings({ f, catalog, groups, locations, initial: t, withAddress: false });
      const keys = h('input', { type: 'text', inputmode: 'numeric', value: t ? t.line_keys : 1 });
      const calls = h('input', { type: 'text', inputmode: 'numeric', value: t ? t.calls_per_line_key : 2 });
      const lic = checkList({ f, path: 'station_defaults.licenses', legend: 'Licenses', names: pools.items.map((p) => p.name), checked: t ? t.licenses : ['Basic Station'] });
      const acl = checkList({ f, path: 'station_defaults.access_control', legend: 'Access Control (dial plan classifications)', names: classes.items,
        checked: t ? t.access_control : ['Emergency', 'Intercom', 'Local', 'Long Distance', 'Toll Free'] });
      const save = h('button', { type: 'submit' }, t ? 'Save' : 'Create template');
      const buttons = [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Close')];
      if (t && writable) {
        buttons.push(h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!(await confirmDialog({ title: `Delete ${t.name}?`, message: 'Phones made from it keep their settings.', confirmLabel: 'Delete', danger: true }))) return;
          try {
            if (await saveVersioned((tag) => del(`/api/v1/templates/${t.id}`, { ifMatch: tag }), t, () => edit(t.id)) === RELOADED) return;
            clear(side); table.reload();
          } catch (e) { formError.textContent = e.message; formError.hidden = false; }
        } }, 'Delete'));
      }
      const formEl = h('form', { novalidate: true }, formError, ok, h('h3', {}, 'General'), settings.general,
        h('h3', {}, 'Station appearance defaults'),
        h('div', { class: 'opt-grid' }, f.control('station_defaults.line_keys', 'Line Keys', keys), f.control('station_defaults.calls_per_line_key', 'Calls per Line Key', calls)),
        lic.el, acl.el, settings.optionsBox, h('div', { class: 'actions actions-save' }, writable ? save : null, buttons));
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear();
        formError.hidden = true;
        save.disabled = true;
        try {
          const b = settings.body();
          b.station_defaults = { line_keys: Number(keys.value), calls_per_line_key: Number(calls.value), licenses: lic.values(), access_control: acl.values() };
          const saved = t ? await saveVersioned((tag) => put(`/api/v1/templates/${t.id}`, b, { ifMatch: tag }), t, () => edit(t.id)) : await post('/api/v1/templates', b);
          if (saved === RELOADED) return;
          table.reload();
          await edit(saved.id);
          const n = side.querySelector('.form-ok');
          n.textContent = 'Saved.';
          n.hidden = false;
        } catch (e) {
          if (e instanceof ApiError && e.details.length) {
            let shown = false;
            for (const d of e.details) shown = f.show(d.field, d.message) || shown;
            if (!shown) { formError.textContent = e.message; formError.hidden = false; }
          } else { formError.textContent = e.message; formError.hidden = false; }
        } finally {
          save.disabled = false;
        }
      });
      await settings.start();
      if (!writable) for (const el of formEl.querySelectorAll('input, select, textarea')) el.disabled = true;
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'tpl-title' },
        h('h2', { id: 'tpl-title' }, t ? `Managed IP Phone Template - ${t.name}` : 'New template'), formEl));
      settings.focus();
    }
  },
};
