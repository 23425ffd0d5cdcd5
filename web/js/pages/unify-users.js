// Switchboard — Cloud Services > Unify Phone user instance (seed 003, 3.3):
// the users with their call numbers, [Create] (new in V3R3 FR1), [Add] a
// user of the tenant (searched by name or e-mail; those already assigned
// are marked), [Edit], removing one, [Validate Numbers] with the seed's
// hint, and importing the tenant's users from the admin portal's CSV.
import { h, clear } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { listImport } from '../ui/list-import.js';
import { get, post, put, del, query } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';
import { updateBanner, USER_LICENSES, fullyLicensed } from './unify-common.js';

// The licenses the user holds (License Management), and whether it lacks
// one of the two every Unify Phone user needs.
function licenseCell(u) {
  const held = USER_LICENSES.filter(([k]) => u.licenses && u.licenses[k]).map(([, label]) => label);
  return h('span', {}, fullyLicensed(u) ? null : [h('span', { class: 'badge warn' }, 'lacks a license'), ' '], held.join(', '));
}

function numberBadge(u) {
  if (u.number_problem) return h('span', { class: 'badge bad', title: u.number_problem }, 'invalid');
  if (u.needs_validation) return h('span', { class: 'badge warn' }, 'needs validation');
  return h('span', { class: 'badge ok' }, 'valid');
}

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    const summary = h('div');
    const side = h('div');
    const report = h('div', { role: 'status', 'aria-live': 'polite' });
    const tools = [];
    const createBtn = h('button', { type: 'button', hidden: true }, 'Create');
    const addBtn = h('button', { type: 'button' }, 'Add');
    const validateBtn = h('button', { type: 'button', class: 'secondary' }, 'Validate Numbers');
    if (admin) tools.push(createBtn, addBtn, validateBtn);
    main.append(h('h1', {}, 'Unify Phone user instance'),
      h('p', { class: 'lead' }, 'Only the Unify Phone user instance wizard creates, configures, and assigns existing Unify Phone Clients to the OpenScape Business Users. Each user needs a free internal call number for the virtual station (a Trusted External User) that represents it.'),
      summary, side, report);
    const table = dataTable({
      caption: 'Unify Phone users',
      filterLabel: 'Filter Unify Phone users',
      sort: 'name',
      noun: 'users',
      columns: [
        { key: 'name', label: 'Name', sortable: true, render: (u) => h('button', { type: 'button', class: 'link', onclick: () => edit(u) }, u.name) },
        { key: 'callno', label: 'Callno', sortable: true },
        { key: 'did', label: 'DID', render: (u) => u.did || '—' },
        { key: 'call_number', label: 'Unify Phone user call number', sortable: true },
        { key: 'email', label: 'E-mail', sortable: true },
        { key: 'team_callno', label: 'Team', render: (u) => (u.team_callno ? `${u.team_name} (${u.team_callno})` : u.team_user ? 'waits for a Team' : '—') },
        { key: 'number', label: 'Number', render: numberBadge },
        { key: 'licenses', label: 'Licenses', render: licenseCell },
      ],
      load: async (p) => {
        const r = await get(`/api/v1/unify/users${query(p)}`);
        drawSummary(r);
        return r;
      },
      tools,
    });
    main.append(table.el);

    function drawSummary(r) {
      const n = r.numbering;
      createBtn.hidden = !r.create_offered;
      clear(summary);
      get('/api/v1/unify/system').then((s) => { const b = updateBanner(s); if (b) summary.prepend(b); });
      summary.append(h('p', {}, `${r.count} of ${r.max_users} Unify Phone users. Numbering schema: ${n.schema === 'internal' ? 'internal numbering (short format)' : `international numbering (E.164), location +${n.country_code} ${n.local_area_code} ${n.pabx_number}`}.`));
      if (r.needs_validation) summary.append(h('p', { class: 'form-error', role: 'status' }, `${r.needs_validation} call numbers were composed on another numbering schema or location: click [Validate Numbers].`));
    }

    // Create (tenant null, listed null), Add (tenant set) or Edit (listed).
    async function edit(listed, tenant = null) {
      const u = listed ? await get(`/api/v1/unify/users/${listed.id}`) : null;
      const fromTenant = tenant || (u && u.tenant_user_id);
      const buttons = [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Cancel')];
      if (u && admin) buttons.push(h('button', { type: 'button', class: 'danger', onclick: () => remove(u) }, 'Remove'));
      const f = form({
        fields: [
          { name: 'callno', label: 'Internal call number (callno)', required: true, inputmode: 'numeric', value: u ? u.callno : '', hint: 'e.g. 120: a free call number for the virtual station' },
          { name: 'did', label: 'DID', inputmode: 'numeric', value: u ? u.did : '', hint: 'e.g. 120 (optional; without DID only with the internal numbering schema and Unify Phone for OpenScape)' },
          { name: 'first_name', label: 'First Name', required: true, value: u ? u.first_name : (tenant ? tenant.first_name : '') },
          { name: 'last_name', label: 'Last Name', required: true, value: u ? u.last_name : (tenant ? tenant.last_name : '') },
          { name: 'email', label: 'E-mail', required: true, value: u ? u.email : (tenant ? tenant.email : ''), disabled: !!fromTenant, hint: fromTenant ? 'The Unify Phone user\'s e-mail in the tenant.' : 'e.g. anna.berg@example.com' },
          { name: 'team_user', label: 'Team (MULAP) user: the DID stays empty, the Team gives the number', type: 'checkbox', value: u ? u.team_user : false },
        ],
        submitLabel: 'OK & Next',
        extraButtons: buttons,
        onSubmit: async (v) => {
          const body = { callno: v.callno.trim(), did: v.did.trim(), first_name: v.first_name.trim(), last_name: v.last_name.trim(), team_user: v.team_user };
          if (!fromTenant) body.email = v.email.trim();
          if (tenant) body.tenant_user_id = tenant.id;
          const saved = u ? await saveVersioned((tag) => put(`/api/v1/unify/users/${u.id}`, body, { ifMatch: tag }), u, () => edit(u)) : await post('/api/v1/unify/users', body);
          if (saved === RELOADED) return undefined;
          table.reload();
          clear(side).append(h('p', { class: 'form-ok', role: 'status' }, `${saved.name}: Unify Phone user call number ${saved.call_number}.`));
          return undefined;
        },
      });
      if (!admin) for (const c of Object.values(f.controls)) c.disabled = true;
      const heading = u ? `Edit ${u.name}` : tenant ? `Add ${tenant.name || tenant.email}` : 'Create new Unify Phone User';
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'uu-title' }, h('h2', { id: 'uu-title' }, heading),
        u ? h('p', { class: 'hint' }, `Unify Phone user call number: ${u.call_number}`) : h('p', { class: 'hint' }, 'The Unify Phone user call number is created automatically from the numbering schema and the location; the Name from First and Last Name.'),
        f.el));
      if (u) side.append(destinations(u));
      f.controls.callno.focus();

      async function remove(x) {
        if (!(await confirmDialog({ title: `Remove ${x.name}?`, message: 'The Unify Phone user instance and its virtual station are removed; the tenant\'s user can be added again.', confirmLabel: 'Remove', danger: true }))) return;
        try {
          await del(`/api/v1/unify/users/${x.id}`);
          clear(side);
          table.reload();
        } catch (e) {
          f.showError(e.message);
        }
      }
    }

    // The user's call destination list (3.6.3-3.6.4) and the call
    // routing modes its configuration allows.
    function destinations(u) {
      const c = u.call_destinations || {};
      const t = c.targets || [];
      const modes = h('ul', { class: 'modes' }, u.routing_modes.map((m) => h('li', {}, h('span', { class: `badge ${m.available ? 'ok' : 'warn'}` }, m.available ? 'available' : 'not available'), ` ${m.mode}${m.why ? `: ${m.why}` : ''}`)));
      const f = form({
        fields: [
          { name: 'voicemail', label: 'Voicemail', value: c.voicemail || '', hint: 'e.g. UC Suite (needs a Voicemail license)' },
          { name: 't1', label: 'Target 1', value: t[0] || '', hint: 'e.g. Voicemail' },
          { name: 't2', label: 'Target 2', value: t[1] || '', hint: 'e.g. ** User defined (needed for Alternative Number)' },
          { name: 't3', label: 'Target 3', value: t[2] || '' },
          { name: 'alternative_number', label: 'The user wants Alternative Number', type: 'checkbox', value: !!c.alternative_number },
        ],
        submitLabel: 'Apply',
        onSubmit: async (v) => {
          const saved = await put(`/api/v1/unify/users/${u.id}/call-destinations`, { voicemail: v.voicemail.trim(), targets: [v.t1.trim(), v.t2.trim(), v.t3.trim()], alternative_number: v.alternative_number });
          await edit(saved);
          return saved.destinations_problem ? undefined : 'Applied.';
        },
      });
      if (!admin) for (const x of Object.values(f.controls)) x.disabled = true;
      return h('section', { class: 'panel', 'aria-labelledby': 'cdl-title' }, h('h2', { id: 'cdl-title' }, 'Call destination list'),
        u.destinations_problem ? h('p', { class: 'form-error', role: 'status' }, u.destinations_problem) : null,
        h('h3', {}, 'Call routing modes'), modes, f.el);
    }

    // [Add]: search the tenant's users; those already assigned are marked.
    function pick() {
      const search = h('input', { type: 'search', id: 'tenant-search', autocomplete: 'off' });
      const list = h('ul', { class: 'picker', 'aria-label': 'Unify Phone users of the tenant' });
      const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Cancel');
      let seq = 0;
      async function find() {
        const mine = ++seq;
        const r = await get(`/api/v1/unify/tenant-users${query({ q: search.value.trim(), limit: 20 })}`);
        if (mine !== seq) return;
        clear(list);
        if (!r.items.length) list.append(h('li', {}, r.total === 0 && !search.value ? 'No users of the tenant yet: import the list from the Unify Phone admin portal below.' : 'No match.'));
        for (const t of r.items) {
          const choose = h('button', { type: 'button', disabled: t.assigned, 'aria-label': `Select ${t.name || t.email}` }, 'Select');
          choose.addEventListener('click', () => edit(null, t));
          list.append(h('li', { class: t.assigned ? 'assigned' : '' }, h('span', {}, `${t.name || '—'} <${t.email}>`), ' ',
            t.assigned ? h('span', { class: 'badge bad' }, 'already assigned') : choose));
        }
      }
      search.addEventListener('input', find);
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'add-title' }, h('h2', { id: 'add-title' }, 'Add Unify Phone User'),
        h('div', { class: 'field' }, h('label', { for: 'tenant-search' }, 'Search by Name or E-mail'), search), list,
        h('div', { class: 'actions' }, cancel)));
      search.focus();
      find();
    }

    createBtn.addEventListener('click', () => edit(null));
    addBtn.addEventListener('click', pick);
    validateBtn.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: 'Validate Numbers?', message: 'Every Unify Phone user call number is composed anew from the numbering schema and location, and checked against E.164.', confirmLabel: 'Validate Numbers' }))) return;
      validateBtn.disabled = true;
      try {
        const r = await post('/api/v1/unify/users/validate-numbers');
        clear(report);
        const bad = r.users.filter((u) => u.problem);
        report.append(h('section', { class: 'panel', 'aria-labelledby': 'vn-title' }, h('h2', { id: 'vn-title' }, 'Validate Numbers'),
          h('p', { class: r.invalid ? 'form-error' : 'form-ok' }, `${r.valid} valid, ${r.invalid} invalid.`),
          bad.length ? h('ul', {}, bad.map((u) => h('li', {}, `${u.name} (${u.callno}): ${u.problem}`))) : null,
          h('p', { class: 'hint' }, r.hint)));
        table.reload();
      } catch (e) {
        clear(report).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
      } finally {
        validateBtn.disabled = false;
      }
    });

    if (admin) {
      main.append(listImport({
        id: 'tenant-import',
        title: 'Users of the Unify Phone tenant',
        url: '/api/v1/unify/tenant-users/import',
        hint: 'Import the user list of the Unify Phone admin portal: CSV UTF-8 (Comma delimited) with the camel case headers firstName, lastName, email. Users are matched by e-mail; one refused row and nothing is imported.',
        describe: (r) => `${r.total} users of the tenant: ${r.added} added, ${r.updated} changed, ${r.unchanged} unchanged.`,
      }));
    }
  },
};
