// Switchboard — Managed IP Phones > IP phones: the container view (the
// seed's columns, sorting, filtering, paging, CSV/XLSX export) and the
// Managed IP Phone Configuration editor.
import { h, clear, formatTime, fileText } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { canWrite } from '../ui/crud.js';
import { fieldRegistry, selectOf } from '../ui/fieldset.js';
import { phoneSettings, checkList, loadPhoneReferences } from '../ui/phone-form.js';
import { rebootForm } from '../ui/reboot-form.js';
import { ApiError, get, post, put, del, query } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';
import { downloadList, XLSX } from '../ui/export.js';
import { askPassword } from '../ui/reauth.js';
import { tabs } from '../ui/tabs.js';

// The Station Options tab of the seed's Station Configuration: name, label,
// default.
const STATION_OPTIONS = [['call_waiting', 'Call waiting', true], ['do_not_disturb', 'Do not disturb', false], ['auto_answer', 'Auto answer', false]];

// The phone's side of provisioning: what it last fetched, from where,
// what it runs, what it uploaded; the simulator; starting its proof over.
function provisioningInfo(phone, session) {
  const uploads = h('div', {}, h('p', { class: 'hint' }, 'Loading uploads…'));
  const viewer = h('div');
  const note = h('div', { role: 'status' });
  get(`/api/v1/phones/${phone.id}/uploads`).then((r) => {
    if (!r.items.length) { uploads.replaceChildren(h('p', { class: 'hint' }, 'The phone has uploaded no override file or log.')); return; }
    uploads.replaceChildren(h('ul', {}, r.items.map((u) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: async () => {
        const f = await get(`/api/v1/phones/${phone.id}/uploads/${encodeURIComponent(u.name)}`);
        viewer.replaceChildren(h('h4', {}, u.name), fileText(f.content, u.name));
      } }, u.name), ` — ${u.kind}, ${u.size} bytes, ${formatTime(u.updated_at)} from ${u.client_address}`))));
  }).catch((e) => uploads.replaceChildren(h('p', { class: 'form-error' }, e.message)));
  const actions = [h('a', { class: 'button secondary', href: `#/provisioning/simulator?address=${encodeURIComponent(phone.address || '')}` }, 'Simulate its provisioning')];
  if (session.user.role === 'admin' && phone.address) {
    actions.push(h('button', { type: 'button', class: 'secondary', onclick: async () => {
      if (!(await confirmDialog({ title: 'Reset provisioning credentials?', message: 'Use this after a factory reset: the phone may fetch its file once more from a trusted provisioning network, and gets new provisioning credentials.', confirmLabel: 'Reset' }))) return;
      await post(`/api/v1/phones/${phone.id}/provisioning-reset`);
      note.replaceChildren(h('p', { class: 'form-ok' }, 'Reset. The phone proves itself again at its next boot.'));
    } }, 'Reset provisioning credentials'));
  }
  const reboots = h('div', {}, h('p', { class: 'hint' }, 'Loading reboots…'));
  get(`/api/v1/phones/${phone.id}/reboots`).then((r) => {
    if (!r.items.length) { reboots.replaceChildren(h('p', { class: 'hint' }, 'No reboot was pushed to this phone yet.')); return; }
    reboots.replaceChildren(h('table', { class: 'data compact' }, h('caption', { class: 'visually-hidden' }, 'Reboots of this phone'),
      h('thead', {}, h('tr', {}, ['Campaign', 'By', 'Sent', 'Result', 'Fetched its file after'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.items.map((i) => h('tr', {},
        h('td', {}, h('a', { href: `#/provisioning/reboots?id=${i.campaign_id}` }, `#${i.campaign_id}`)),
        h('td', {}, i.created_by),
        h('td', {}, i.sent_at_ms ? formatTime(Math.floor(i.sent_at_ms / 1000)) : i.state === 'pending' ? `not before ${formatTime(i.not_before)}` : '—'),
        h('td', {}, `${i.state}${i.status_code ? ` (${i.status_code} ${i.reason || ''})` : i.reason && i.state !== 'accepted' ? ` (${i.reason})` : ''}`),
        h('td', {}, i.fetched_after ? formatTime(i.config_fetched_at) : '—'))))));
  }).catch((e) => reboots.replaceChildren(h('p', { class: 'form-error' }, e.message)));
  const rebootBox = h('div');
  if (session.user.role !== 'viewer') {
    actions.unshift(h('button', { type: 'button', onclick: () => {
      const f = rebootForm({ target: { phones: [phone.id] }, what: phone.name, onClose: () => rebootBox.replaceChildren() });
      rebootBox.replaceChildren(h('section', { class: 'panel', 'aria-label': `Reboot ${phone.name}` }, h('h4', {}, `Reboot ${phone.name}`), f.el));
      f.focus();
    } }, 'Reboot…'));
  }
  return h('section', {}, h('h3', {}, 'Information'), h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', {}, phone.status),
    h('dt', {}, 'Last contact'), h('dd', {}, formatTime(phone.last_contact)),
    h('dt', {}, 'Client address'), h('dd', {}, phone.client_address || '—'),
    h('dt', {}, 'Configuration fetched'), h('dd', {}, formatTime(phone.config_fetched_at)),
    h('dt', {}, 'Selected firmware'), h('dd', {}, phone.firmware_version),
    h('dt', {}, 'Running firmware'), h('dd', {}, phone.running_firmware || '—'),
    h('dt', {}, 'User agent'), h('dd', {}, phone.user_agent || '—')),
  h('h4', {}, 'Uploads from the phone'), uploads, viewer, h('h4', {}, 'Reboots'), reboots,
  h('div', { class: 'actions' }, actions), rebootBox, note);
}

export default {
  async render(main, { session, params }) {
    const writable = canWrite(session);
    const [{ catalog, groups, locations, pools }, templates] = await Promise.all([
      loadPhoneReferences(), get('/api/v1/templates?limit=1000')]);
    const side = h('div');
    let currentQ = '';
    const exportCsv = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
    const exportXlsx = h('button', { type: 'button', class: 'secondary' }, 'Export XLSX');
    exportCsv.addEventListener('click', () => downloadList('/api/v1/phones', 'text/csv', 'managed-ip-phones.csv', currentQ, 'name'));
    exportXlsx.addEventListener('click', () => downloadList('/api/v1/phones', XLSX, 'managed-ip-phones.xlsx', currentQ, 'name'));
    const tools = [];
    // What an action on the selection sends: the ticked ids, or the filter
    // with the count the admin saw ("Select all N matching").
    const target = () => { const s = table.selection(); return s.ids ? { phones: s.ids } : s; };
    const count = () => table.selectionCount();
    const phonesWord = (n) => `${n.toLocaleString('en')} phone${n === 1 ? '' : 's'}`;
    const bulkBtn = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Change Multiple IP Phones');
    bulkBtn.addEventListener('click', () => bulk());
    const rebootBtn = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Reboot…');
    rebootBtn.addEventListener('click', () => reboot(target(), phonesWord(count())));
    const deleteBtn = h('button', { type: 'button', class: 'danger', disabled: true }, 'Delete…');
    deleteBtn.addEventListener('click', () => removeMany());
    const pendingBtn = h('button', { type: 'button', class: 'secondary' }, 'Reboot all pending…');
    pendingBtn.addEventListener('click', () => reboot({ reboot_pending: true }, 'every phone in Reboot pending'));
    if (writable) tools.push(h('button', { type: 'button', onclick: () => edit(null) }, 'New managed IP phone'), bulkBtn, rebootBtn, deleteBtn, pendingBtn);
    tools.push(exportCsv, exportXlsx);
    const table = dataTable({
      caption: 'Managed IP phones',
      filterLabel: 'Filter IP phones',
      query: (params && params.get('q')) || '',
      sort: 'name',
      columns: [
        { key: 'name', label: 'IP Phone Name', sortable: true, render: (p) => h('button', { type: 'button', class: 'link', onclick: () => edit(p.id) }, p.name) },
        { key: 'status', label: 'Status', sortable: true, render: (p) => h('span', { class: `badge ${p.status === 'Up-to-date' ? 'ok' : p.status === 'Reboot pending' ? 'warn' : ''}` }, p.status) },
        { key: 'address', label: 'Address', sortable: true, render: (p) => (p.address ? h('code', {}, p.address) : '') },
        { key: 'phone', label: 'Phone', sortable: true },
        { key: 'software_version', label: 'Software Version', sortable: true },
        { key: 'active', label: 'Active', sortable: true, render: (p) => (p.active ? 'Yes' : 'No') },
        { key: 'location', label: 'Location', sortable: true },
        { key: 'time_zone', label: 'Time Zone', sortable: true },
      ],
      load: (p) => { currentQ = p.q; return get(`/api/v1/phones${query(p)}`); },
      tools,
      selectable: writable,
      noun: 'phones',
      onSelect: (ids, matching) => {
        const n = matching ? matching.total : ids.length;
        const shown = n.toLocaleString('en');
        bulkBtn.disabled = n === 0;
        bulkBtn.textContent = n ? `Change Multiple IP Phones (${shown})` : 'Change Multiple IP Phones';
        rebootBtn.disabled = n === 0;
        rebootBtn.textContent = n ? `Reboot ${shown}…` : 'Reboot…';
        deleteBtn.disabled = n === 0;
        deleteBtn.textContent = n ? `Delete ${shown}…` : 'Delete…';
      },
    });

    // Delete the selected phones, all or none, after saying how many.
    async function removeMany() {
      const n = count();
      const t = target();
      if (!(await confirmDialog({ title: `Delete ${phonesWord(n)}?`, message: `${phonesWord(n)} and their station appearances are removed for good${t.filter ? `: every phone matching “${t.filter.q}”` : ''}. Phones sharing their stations lose those shared appearances.`, confirmLabel: `Delete ${phonesWord(n)}`, danger: true }))) return;
      deleteBtn.disabled = true;
      try {
        const r = await post('/api/v1/phones/bulk-delete', t);
        clear(side).append(h('p', { class: 'form-ok', role: 'status' }, `${phonesWord(r.deleted)} deleted.`));
        table.clearSelection();
      } catch (e) {
        clear(side).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
        deleteBtn.disabled = false;
      }
    }

    // Reboot the selected phones, or every phone in Reboot pending.
    function reboot(target, what) {
      const f = rebootForm({ target, what, onClose: () => clear(side) });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'reboot-title' }, h('h2', { id: 'reboot-title' }, `Reboot ${what}`), f.el));
      f.focus();
    }

    // Change Multiple IP Phones: the chosen settings, all or nothing. The
    // firmware menu offers the versions every selected model has; the
    // change is checked before the confirmation, which says what changes
    // on how many phones.
    async function bulk() {
      const t = target();
      const n = count();
      clear(side).append(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
      const choices = await post('/api/v1/phones/bulk-choices', t);
      const f = fieldRegistry();
      const noChange = [['', '(no change)']];
      const fw = selectOf([...noChange, ['latest', 'latest'], ...choices.firmware_versions.map((v) => [v, v])], '');
      const grp = selectOf([...noChange, ...groups.items.map((g) => [g.name, g.name])], '');
      const loc = selectOf([...noChange, ...locations.items.map((l) => [l.name, l.name])], '');
      const act = selectOf([...noChange, ['true', 'Yes'], ['false', 'No']], '');
      const opts = h('textarea', { spellcheck: 'false', placeholder: 'e.g. ring_volume = 7' });
      const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const apply = h('button', { type: 'submit' }, `Apply to ${phonesWord(n)}`);
      const fixed = choices.models.filter((m) => !m.selectable_firmware).map((m) => `${m.manufacturer} ${m.model}`);
      const fwHint = fixed.length ? `${fixed.join(', ')} ${fixed.length === 1 ? 'has' : 'have'} no selectable firmware: only latest applies to all.`
        : 'The versions every selected model has. Empty: no change.';
      const formEl = h('form', { novalidate: true }, formError,
        h('p', {}, `${phonesWord(n)}: `, choices.models.map((m) => `${m.phones.toLocaleString('en')} × ${m.manufacturer} ${m.model}`).join(', '), '.'),
        f.control('changes.firmware_version', 'Firmware Version', fw, fwHint),
        f.control('changes.registration_group', 'Registration Group', grp),
        f.control('changes.location', 'Location', loc),
        f.control('changes.active', 'Active', act),
        f.control('changes.options', 'Options to set, one per line: name = value', opts, 'For example ring_volume = 7 or ring_always = true.'),
        h('div', { class: 'actions actions-save' }, apply, h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Close')));
      const show = (e) => {
        if (e instanceof ApiError && e.details.some((d) => f.show(d.field.replace(/^phones\[\d+\]\./, 'changes.'), d.message))) {
          formError.textContent = e.message;
        } else formError.textContent = e.message;
        formError.hidden = false;
      };
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear();
        formError.hidden = true;
        const changes = {};
        const said = [];
        if (fw.value) { changes.firmware_version = fw.value; said.push(`Firmware Version → ${fw.value}`); }
        if (grp.value) { changes.registration_group = grp.value; said.push(`Registration Group → ${grp.value}`); }
        if (loc.value) { changes.location = loc.value; said.push(`Location → ${loc.value}`); }
        if (act.value) { changes.active = act.value === 'true'; said.push(`Active → ${act.value === 'true' ? 'Yes' : 'No'}`); }
        const o = {};
        for (const line of opts.value.split('\n')) {
          const eq = line.indexOf('=');
          if (eq < 0) continue;
          const v = line.slice(eq + 1).trim();
          o[line.slice(0, eq).trim()] = v === 'true' ? true : v === 'false' ? false : /^-?\d+$/.test(v) ? Number(v) : v;
        }
        if (Object.keys(o).length) { changes.options = o; said.push(...Object.entries(o).map(([k, v]) => `${k} → ${v}`)); }
        if (!said.length) { formError.textContent = 'Choose at least one setting to change.'; formError.hidden = false; return; }
        apply.disabled = true;
        try {
          // Every phone is checked by the same rules first; nothing is saved.
          const c = await post('/api/v1/phones/bulk-update', { ...t, changes, check: true });
          const pendingNote = c.reboot_pending ? ` ${phonesWord(c.reboot_pending)} fetched their files and will need a reboot.` : '';
          if (!(await confirmDialog({ title: `Change ${phonesWord(c.checked)}?`, message: `${said.join('; ')} on ${phonesWord(c.checked)}.${pendingNote} All of them change, or none.`, confirmLabel: 'Apply' }))) return;
          const r = await post('/api/v1/phones/bulk-update', { ...t, changes });
          clear(side).append(h('p', { class: 'form-ok', role: 'status' }, `${r.updated} phones changed.`));
          table.clearSelection();
        } catch (e) {
          show(e);
        } finally {
          apply.disabled = false;
        }
      });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'bulk-title' }, h('h2', { id: 'bulk-title' }, `Change Multiple IP Phones (${phonesWord(n)} selected)`), formEl));
      fw.focus();
    }
    main.append(h('h1', {}, 'IP phones'),
      h('p', { class: 'lead' }, 'Every managed IP phone: Polycom, Interaction SIP Station I and II, SIP Soft Phone, AudioCodes and Genesys.'),
      side, table.el);
    // Opened from elsewhere (Station appearances): #/phones/list?open=ID.
    const openId = params && Number(params.get('open'));
    if (openId > 0) edit(openId);

    // An admin's own password again, then the station's SIP password, shown
    // in place until hidden; the API audits each reveal.
    async function revealPassword(phoneId, stationId, position, where) {
      const r = await askPassword({
        title: `Reveal the SIP password of station appearance ${position}`,
        message: 'Enter your own password. The reveal is recorded in the audit log.',
        action: (password) => post(`/api/v1/phones/${phoneId}/stations/${stationId}/reveal`, { password }),
      });
      if (!r) return;
      const hide = h('button', { type: 'button', class: 'link' }, 'Hide');
      clear(where).append('SIP password: ', h('code', { class: 'secret' }, r.sip_password), ' ', hide);
      hide.addEventListener('click', () => clear(where));
    }

    // A new phone starts from a template when one is chosen: its settings,
    // options and station appearance defaults.
    async function edit(id, templateName) {
      // Drop the previous panel at once, so nothing types into it meanwhile.
      clear(side).append(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
      const phone = id ? await get(`/api/v1/phones/${id}`) : null;
      const tpl = !phone && templateName ? templates.items.find((t) => t.name === templateName) : null;
      const initial = phone || (tpl ? { ...tpl, name: '', template: tpl.name, stations: [{ line_keys: tpl.line_keys, calls_per_line_key: tpl.calls_per_line_key, licenses: tpl.licenses, access_control: tpl.access_control }] } : null);
      const f = fieldRegistry();
      const state = { stations: initial && initial.stations ? initial.stations.map((s) => ({ ...s })) : [{}] };
      const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const notice = h('div', { class: 'phone-notice' });
      const stationsBox = h('ol', { class: 'reg-list' });
      const addStation = h('button', { type: 'button', class: 'secondary' }, 'Add station appearance');
      const stationsErr = h('p', { class: 'error', hidden: true, role: 'alert' });
      const existingBox = h('div');
      const moved = h('p', { class: 'visually-hidden', role: 'status' });
      const templatePick = selectOf([['', '(none)'], ...templates.items.map((t) => [t.name, t.name])], initial && initial.template ? initial.template : '');
      if (phone) templatePick.disabled = true;
      templatePick.addEventListener('change', () => edit(null, templatePick.value));
      const settings = phoneSettings({ f, catalog, groups, locations, initial, withAddress: true,
        onModelChange: () => { collectStations(); drawStations(); collectExtras(); drawExtras(); } });
      const [extGroups, allStations] = await Promise.all([get('/api/v1/registration-groups?kind=external&limit=1000'), get('/api/v1/stations?limit=1000')]);
      const extras = {
        shared: phone ? phone.shared_appearances.map((x) => ({ ...x })) : [],
        externals: phone ? phone.external_registrations.map((x) => ({ ...x })) : [],
      };
      const extrasBox = h('div');

      function collectExtras() {
        extras.shared = extras.shared.map((x, i) => {
          const g = f.get(`shared_appearances[${i}].label`);
          return g ? { ...x, label: g.input.value, line_keys: Number(f.get(`shared_appearances[${i}].line_keys`).input.value) } : x;
        });
        extras.externals = extras.externals.map((x, i) => {
          const g = (k) => f.get(`external_registrations[${i}].${k}`);
          if (!g('label')) return x;
          return {
            ...x, label: g('label').input.value, identification_address: g('identification_address').input.value.trim(),
            registration_group: g('registration_group').input.value, line_keys: Number(g('line_keys').input.value),
            calls_per_line_key: Number(g('calls_per_line_key').input.value),
            use_external_authentication: g('use_external_authentication').input.checked,
            auth_username: g('auth_username').input.value, auth_password: g('auth_password').input.value || undefined,
            display_name: g('display_name').input.value,
          };
        });
      }

      function drawExtras() {
        clear(extrasBox);
        f.forget('shared_appearances');
        f.forget('external_registrations');
        const m = settings.model();
        if (!m || m.family !== 'polycom') return;
        const sharedList = h('ol', { class: 'reg-list' });
        extras.shared.forEach((x, i) => {
          const rm = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove shared appearance ${i + 1}` }, 'Remove');
          rm.addEventListener('click', () => { collectExtras(); extras.shared.splice(i, 1); drawExtras(); });
          const label = h('input', { type: 'text', value: x.label || '' });
          const keys = h('input', { type: 'text', inputmode: 'numeric', value: x.line_keys || 1 });
          sharedList.append(h('li', { class: 'panel reg-row', 'aria-label': `Shared appearance ${i + 1}` },
            h('p', {}, `Station ${x.extension || x.station_id} on ${x.phone || 'another phone'}`),
            h('div', { class: 'reg-fields' }, f.control(`shared_appearances[${i}].label`, 'Label', label), f.control(`shared_appearances[${i}].line_keys`, 'Line Keys', keys)),
            writable ? h('div', { class: 'actions' }, rm) : null));
          f.attach(`shared_appearances[${i}]`, label, sharedList.lastChild.querySelector('.error'));
        });
        const choices = allStations.items.filter((st) => st.sharable && (!phone || st.phone_id !== phone.id) && !extras.shared.some((x) => x.station_id === st.id));
        const pick = selectOf([['', 'Choose a sharable station…'], ...choices.map((st) => [st.id, `${st.extension || '(no extension)'} — ${st.phone}`])], '');
        const addShared = h('button', { type: 'button', class: 'secondary' }, 'Add shared appearance');
        addShared.addEventListener('click', () => {
          const st = choices.find((c) => String(c.id) === pick.value);
          if (!st) return;
          collectExtras();
          extras.shared.push({ station_id: st.id, extension: st.extension, phone: st.phone, label: st.label, line_keys: 1 });
          drawExtras();
        });
        const extList = h('ol', { class: 'reg-list' });
        extras.externals.forEach((x, i) => {
          const c = (k, label, input, hint) => f.control(`external_registrations[${i}].${k}`, label, input, hint);
          const auth = h('input', { type: 'checkbox', checked: !!x.use_external_authentication });
          const rm = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove external registration ${i + 1}` }, 'Remove');
          rm.addEventListener('click', () => { collectExtras(); extras.externals.splice(i, 1); drawExtras(); });
          extList.append(h('li', { class: 'panel reg-row', 'aria-label': `External registration ${i + 1}` }, h('div', { class: 'reg-fields' },
            c('label', 'Label', h('input', { type: 'text', value: x.label || '' })),
            c('identification_address', 'Identification Address', h('input', { type: 'text', value: x.identification_address || '', spellcheck: 'false' })),
            c('registration_group', 'Registration Group', selectOf(extGroups.items.map((g) => [g.name, g.name]), x.registration_group)),
            c('line_keys', 'Line Keys', h('input', { type: 'text', inputmode: 'numeric', value: x.line_keys || 1 })),
            c('calls_per_line_key', 'Calls per Line Key', h('input', { type: 'text', inputmode: 'numeric', value: x.calls_per_line_key || 1 })),
            c('use_external_authentication', 'Use External SIP Server Authentication', auth),
            c('auth_username', 'User Name', h('input', { type: 'text', value: x.auth_username || '', autocomplete: 'off' })),
            c('auth_password', 'Password', h('input', { type: 'password', autocomplete: 'new-password' }), x.use_external_authentication ? 'Empty: keep the current one.' : null),
            c('display_name', 'SIP Display Name', h('input', { type: 'text', value: x.display_name || '' }))),
          writable ? h('div', { class: 'actions' }, rm) : null));
        });
        const addExt = h('button', { type: 'button', class: 'secondary', disabled: extGroups.items.length === 0 }, 'Add external registration');
        addExt.addEventListener('click', () => { collectExtras(); extras.externals.push({ registration_group: extGroups.items[0].name, line_keys: 1, calls_per_line_key: 1 }); drawExtras(); });
        extrasBox.append(h('h3', {}, 'Shared Station Appearances'), sharedList,
          writable ? h('div', { class: 'actions' }, f.control('shared_pick', 'Sharable station', pick), addShared) : null,
          h('h3', {}, 'External Registrations'), extList,
          extGroups.items.length ? null : h('p', { class: 'hint' }, 'Create an External registration group first.'),
          writable ? h('div', { class: 'actions' }, addExt) : null);
      }
      const lic = [];

      function collectStations() {
        state.stations = state.stations.map((s, i) => {
          const g = (k) => f.get(`stations[${i}].${k}`);
          if (!g('extension')) return s;
          const out = { ...s };
          out.extension = g('extension').input.value.trim();
          out.label = g('label').input.value;
          out.identification_address = g('identification_address').input.value.trim();
          out.line_keys = Number(g('line_keys').input.value);
          out.calls_per_line_key = Number(g('calls_per_line_key').input.value);
          out.licenses = lic[i] ? lic[i].values() : s.licenses;
          if (g('sharable')) out.sharable = g('sharable').input.checked;
          out.sip_password = g('sip_password').input.value || undefined;
          out.auto_conference_pin = g('auto_conference_pin').input.value.trim();
          const fwd = (k) => g(`call_forwarding.${k}`).input.value.trim();
          out.call_forwarding = { all: fwd('all'), busy: fwd('busy'), no_answer: fwd('no_answer'), no_answer_rings: Number(fwd('no_answer_rings')) };
          out.station_options = Object.fromEntries(STATION_OPTIONS.map(([k]) => [k, g(`station_options.${k}`).input.checked]));
          return out;
        });
      }

      function drawStations() {
        clear(stationsBox);
        f.forget('stations');
        lic.length = 0;
        const m = settings.model();
        const polycom = m && m.family === 'polycom';
        state.stations.forEach((s, i) => {
          const ext = h('input', { type: 'text', inputmode: 'numeric', value: s.extension || '' });
          const label = h('input', { type: 'text', value: s.label || '' });
          const ident = h('input', { type: 'text', value: s.identification_address || '', spellcheck: 'false', placeholder: `e.g. sip:${s.extension || 'user'}@host:5060` });
          ext.addEventListener('input', () => { ident.placeholder = `e.g. sip:${ext.value || 'user'}@host:5060`; });
          const keys = h('input', { type: 'text', inputmode: 'numeric', value: s.line_keys || 1 });
          const calls = h('input', { type: 'text', inputmode: 'numeric', value: s.calls_per_line_key || 2 });
          const pw = h('input', { type: 'password', autocomplete: 'new-password', value: '' });
          const parts = [
            f.control(`stations[${i}].extension`, 'Extension', ext),
            f.control(`stations[${i}].label`, 'Label', label, polycom ? 'Empty: the phone\'s name.' : null),
            f.control(`stations[${i}].identification_address`, 'Identification Address', ident),
            f.control(`stations[${i}].line_keys`, 'Line Keys', keys),
            f.control(`stations[${i}].calls_per_line_key`, 'Calls per Line Key', calls),
            f.control(`stations[${i}].sip_password`, 'SIP password', pw, s.id ? 'Empty: keep the current one.' : 'Empty: a strong one is generated and shown once.'),
          ];
          if (polycom) parts.push(f.control(`stations[${i}].sharable`, 'Sharable', h('input', { type: 'checkbox', checked: !!s.sharable })));
          parts.push(f.control(`stations[${i}].auto_conference_pin`, 'Auto Conference PIN', h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', value: s.auto_conference_pin || '' }), '4 to 10 digits; empty for none.'));
          lic[i] = checkList({ f, path: `stations[${i}].licenses`, legend: 'Licenses', names: pools.items.map((p) => p.name), checked: s.licenses || ['Basic Station'] });
          const cf = s.call_forwarding || {};
          const fwdInput = (k, v) => h('input', { type: 'text', inputmode: k === 'no_answer_rings' ? 'numeric' : 'tel', value: v, spellcheck: 'false' });
          const forwarding = h('fieldset', { class: 'reg-fields' }, h('legend', {}, `Call Forwarding of station appearance ${i + 1}`),
            f.control(`stations[${i}].call_forwarding.all`, 'Forward all calls to', fwdInput('all', cf.all || ''), 'An extension or a number; empty: off.'),
            f.control(`stations[${i}].call_forwarding.busy`, 'Forward when busy to', fwdInput('busy', cf.busy || '')),
            f.control(`stations[${i}].call_forwarding.no_answer`, 'Forward on no answer to', fwdInput('no_answer', cf.no_answer || '')),
            f.control(`stations[${i}].call_forwarding.no_answer_rings`, 'No answer after (rings)', fwdInput('no_answer_rings', cf.no_answer_rings || 4)));
          const so = s.station_options || {};
          const options = h('fieldset', {}, h('legend', {}, `Station Options of station appearance ${i + 1}`),
            STATION_OPTIONS.map(([k, label, def]) => f.control(`stations[${i}].station_options.${k}`, label, h('input', { type: 'checkbox', checked: so[k] === undefined ? def : !!so[k] }))));
          const waiting = (s.licenses_missing || []).length ? h('p', { class: 'form-error' }, `Waiting for ${s.licenses_missing.join(', ')}: the pool ran short. `,
            h('a', { href: '#/phones/licenses?show=allocation' }, 'License Allocation')) : null;
          const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove station appearance ${i + 1}` }, 'Remove');
          remove.addEventListener('click', () => { collectStations(); state.stations.splice(i, 1); drawStations(); });
          // Line keys in order: the phone's files number them line 1, 2, …
          const move = (d, label) => {
            const b = h('button', { type: 'button', class: 'secondary', disabled: i + d < 0 || i + d >= state.stations.length, 'aria-label': `${label} station appearance ${i + 1} (key ${i + 1})` }, label);
            b.addEventListener('click', () => {
              collectStations();
              [state.stations[i], state.stations[i + d]] = [state.stations[i + d], state.stations[i]];
              drawStations();
              const again = stationsBox.querySelector(`[aria-label="${label} station appearance ${i + d + 1} (key ${i + d + 1})"]`);
              (again && !again.disabled ? again : stationsBox.querySelectorAll('li')[i + d].querySelector('input')).focus();
              moved.textContent = `Station appearance moved to key ${i + d + 1}.`;
            });
            return b;
          };
          const shown = h('div', { class: 'revealed', role: 'status' });
          const reveal = phone && s.id && session.user.role === 'admin'
            ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Reveal SIP password of station appearance ${i + 1}`, onclick: () => revealPassword(phone.id, s.id, i + 1, shown) }, 'Reveal SIP password') : null;
          stationsBox.append(h('li', { class: 'panel reg-row', 'aria-label': `Station appearance ${i + 1}` },
            h('p', { class: 'hint' }, `Key ${i + 1}${s.existing_station ? ` — existing station ${s.extension || ''} from ${s.from_phone}` : ''}`),
            h('div', { class: 'reg-fields' }, parts), lic[i].el, waiting, forwarding, options, shown,
            writable || reveal ? h('div', { class: 'actions' }, writable ? [move(-1, 'Move Up'), move(1, 'Move Down'), remove] : null, reveal) : null));
        });
        f.attach('stations', addStation, stationsErr);
        drawExisting();
      }

      // Existing Station…: an appearance of another phone moves here with
      // its settings, credentials and licenses when the phone is saved.
      function drawExisting() {
        const taken = new Set(state.stations.map((s) => s.id || s.existing_station));
        const choices = allStations.items.filter((st) => (!phone || st.phone_id !== phone.id) && !taken.has(st.id));
        const pick = selectOf([['', 'Choose a station appearance of another phone…'], ...choices.map((st) => [st.id, `${st.extension || '(no extension)'} — ${st.label || ''} on ${st.phone}`])], '');
        const add = h('button', { type: 'button', class: 'secondary' }, 'Add existing station');
        add.addEventListener('click', async () => {
          const st = choices.find((c) => String(c.id) === pick.value);
          if (!st) { pick.focus(); return; }
          collectStations();
          const from = await get(`/api/v1/phones/${st.phone_id}`);
          const full = from.stations.find((x) => x.id === st.id) || st;
          state.stations.push({ ...full, id: undefined, existing_station: st.id, from_phone: st.phone });
          drawStations();
          stationsBox.lastChild.querySelector('input').focus();
        });
        clear(existingBox).append(writable ? h('div', { class: 'actions' }, f.control('existing_pick', 'Existing Station', pick, 'It leaves its phone when you save.'), add) : null);
      }

      function body() {
        collectStations();
        const b = settings.body();
        if (initial && initial.template) b.template = initial.template;
        b.stations = state.stations.map((s) => {
          const o = { extension: s.extension || null, label: s.label, identification_address: s.identification_address, line_keys: s.line_keys, calls_per_line_key: s.calls_per_line_key, licenses: s.licenses,
            auto_conference_pin: s.auto_conference_pin || '', call_forwarding: s.call_forwarding, station_options: s.station_options };
          if (s.id) o.id = s.id;
          if (s.existing_station) o.existing_station = s.existing_station;
          if (s.access_control) o.access_control = s.access_control;
          if (s.sip_password) o.sip_password = s.sip_password;
          if (s.sharable !== undefined) o.sharable = s.sharable;
          return o;
        });
        collectExtras();
        b.shared_appearances = extras.shared.map((x) => ({ station_id: x.station_id, label: x.label, line_keys: x.line_keys }));
        b.external_registrations = extras.externals.map((x) => {
          const o = { label: x.label, identification_address: x.identification_address, registration_group: x.registration_group,
            line_keys: x.line_keys, calls_per_line_key: x.calls_per_line_key, use_external_authentication: !!x.use_external_authentication,
            auth_username: x.auth_username, display_name: x.display_name };
          if (x.auth_password) o.auth_password = x.auth_password;
          return o;
        });
        return b;
      }

      addStation.addEventListener('click', () => { collectStations(); state.stations.push({}); drawStations(); });
      const save = h('button', { type: 'submit' }, phone ? 'Save' : 'Create managed IP phone');
      const close = () => { clear(side); if (location.hash !== '#/phones/list') history.pushState(null, '', '#/phones/list'); };
      const buttons = [h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close')];
      if (phone && writable) {
        buttons.push(h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!(await confirmDialog({ title: `Delete ${phone.name}?`, message: 'The phone and its station appearances are removed.', confirmLabel: 'Delete', danger: true }))) return;
          try {
            if (await saveVersioned((tag) => del(`/api/v1/phones/${phone.id}`, { ifMatch: tag }), phone, () => edit(phone.id)) === RELOADED) return;
            clear(side);
            table.reload();
          } catch (e) { formError.textContent = e.message; formError.hidden = false; }
        } }, 'Delete'));
      }
      const info = phone ? provisioningInfo(phone, session) : null;
      // The tabs of Interaction Administrator's Managed IP Phone
      // Configuration; one form, so Save sends every tab.
      const tabItems = [
        { id: 'general', label: 'General', content: [f.control('template', 'Template', templatePick, phone ? null : 'Choosing one fills in its settings and station appearance defaults.'), settings.general] },
        { id: 'stations', label: 'Station Appearances', content: [moved, stationsBox, writable ? h('div', { class: 'actions' }, addStation) : null, stationsErr, existingBox, extrasBox] },
        { id: 'options', label: 'Options', content: [settings.panes.options] },
        { id: 'advanced', label: 'Advanced Options', content: [settings.panes.advanced_options] },
        { id: 'custom', label: 'Custom Attributes', content: [settings.panes.custom] },
      ];
      if (info) tabItems.push({ id: 'info', label: 'Information', content: [info] });
      const tabbed = tabs(tabItems, { label: 'Managed IP Phone Configuration' });
      const formEl = h('form', { novalidate: true }, formError, notice, tabbed.el,
        h('div', { class: 'actions actions-save save-bar' }, writable ? save : null, buttons));
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear();
        formError.hidden = true;
        save.disabled = true;
        try {
          const b = body();
          const saved = phone ? await saveVersioned((tag) => put(`/api/v1/phones/${phone.id}`, b, { ifMatch: tag }), phone, () => edit(phone.id)) : await post('/api/v1/phones', b);
          if (saved === RELOADED) return; // reopened with the colleague's change
          table.reload();
          await edit(saved.id);
          const n = side.querySelector('.phone-notice');
          const msgs = [h('p', { class: 'form-ok', role: 'status' }, 'Saved.')];
          for (const w of saved.warnings || []) msgs.push(h('p', { class: 'form-error', role: 'status' }, `Warning: ${w.message}`));
          if (saved.generated_passwords && saved.generated_passwords.length) {
            msgs.push(h('div', { class: 'panel' }, h('h3', {}, 'Generated SIP passwords'), h('p', {}, 'Shown this once. Administrators can reveal them later; every reveal is audited.'),
              h('ul', {}, saved.generated_passwords.map((g) => h('li', {}, `Station appearance ${g.position}: `, h('code', { class: 'secret' }, g.sip_password))))));
          }
          n.append(...msgs);
        } catch (e) {
          if (e instanceof ApiError && e.details.length) {
            let shown = false;
            for (const d of e.details) shown = f.show(d.field, d.message) || shown;
            if (!shown || e.code === 'licenses') { formError.textContent = `${e.message}${e.code === 'licenses' ? `: ${e.details.map((d) => d.message).join(' ')}` : ''}`; formError.hidden = false; }
            // The first refused field may be on another tab: show that tab.
            const bad = formEl.querySelector('[aria-invalid="true"]');
            if (bad) { tabbed.showPanelOf(bad); bad.focus(); }
          } else { formError.textContent = e.message; formError.hidden = false; }
        } finally {
          save.disabled = false;
        }
      });
      await settings.start();
      drawStations();
      drawExtras();
      if (!writable) for (const el of formEl.querySelectorAll('input, select, textarea')) el.disabled = true;
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'ph-title' },
        h('h2', { id: 'ph-title' }, phone ? `Managed IP Phone Configuration - ${phone.name}` : 'New managed IP phone'), formEl));
      // Its own address: Back returns to the list, a reload reopens it.
      if (phone && location.hash !== `#/phones/${phone.id}`) history.pushState(null, '', `#/phones/${phone.id}`);
      settings.focus();
    }
  },
};
