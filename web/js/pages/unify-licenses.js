// Switchboard — OpenScape Business > License Management - Local User
// licenses - Mobility User (seed 003, 3.5): Software Support valid until,
// the license pools with total, in use and free (admins set the totals),
// each Unify Phone user's licenses as checkboxes, and [Apply], which gives
// every user the two licenses it needs while they last.
import { h, clear } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { once } from '../ui/busy.js';
import { get, post, put, query } from '../api.js';
import { saveVersioned, redrawPage, RELOADED } from '../ui/versioned.js';
import { USER_LICENSES, fullyLicensed } from './unify-common.js';

function supportFacts(l) {
  const badge = l.software_support_valid ? h('span', { class: 'badge ok' }, 'valid') : h('span', { class: 'badge bad' }, l.software_support_until ? 'expired' : 'not set');
  return facts([
    ['Software Support valid until', h('span', {}, l.software_support_until || 'not set', ' ', badge)],
    ['Unify Phone users', `${l.users}, ${l.users_without} without the licenses they need`],
  ]);
}

function poolTable(l) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, 'License pools'),
    h('thead', {}, h('tr', {}, ['License', 'Needed', 'One license for', 'Total', 'In use', 'Free'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, l.pools.map((p) => h('tr', { 'data-pool': p.key },
      h('td', {}, p.name), h('td', {}, p.required ? 'by every user' : 'optional'),
      h('td', {}, p.held_by), h('td', {}, String(p.total)), h('td', {}, String(p.used)),
      h('td', {}, p.free === 0 && p.total > 0 ? h('span', { class: 'badge bad' }, 'none free') : String(p.free)))))));
}

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    let lic = await get('/api/v1/unify/licenses');
    const head = h('div');
    const pools = h('div');
    const say = h('div', { role: 'status', 'aria-live': 'polite' });
    const result = h('div');
    main.append(h('h1', {}, 'License Management'),
      h('p', { class: 'lead' }, 'Local User licenses - Mobility User. Unify Phone requires valid OpenScape Business Software Support, and for each user an IP User (Mobility User) and a Unify Phone license. Twinning with a desk phone needs an IP User license for the desk phone, the OpenScape Business voicemail a Voicemail license; both are optional.'),
      head);

    function draw(l) {
      lic = l;
      clear(head).append(h('section', { class: 'panel', 'aria-labelledby': 'lic-support' }, h('h2', { id: 'lic-support' }, 'Software Support'), supportFacts(l),
        l.notice ? h('p', { class: 'form-error', role: 'alert' }, l.notice) : null));
      clear(pools).append(poolTable(l));
    }
    draw(lic);

    const poolPanel = h('section', { class: 'panel', 'aria-labelledby': 'lic-pools' }, h('h2', { id: 'lic-pools' }, 'License pools'), pools);
    main.append(poolPanel);
    if (admin) {
      const f = form({
        fields: lic.pools.map((p) => ({
          name: p.key, label: `${p.name}: total`, inputmode: 'numeric', value: String(p.total),
          validate: (v) => (/^\d+$/.test(v.trim()) ? '' : `Enter the number of ${p.name} licenses the system holds, e.g. 10.`),
        })),
        submitLabel: 'Save totals',
        onSubmit: async (v) => {
          const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Number(x.trim())]));
          const r = await saveVersioned((tag) => put('/api/v1/unify/licenses', body, { ifMatch: tag }), lic, redrawPage);
          if (r === RELOADED) return undefined;
          draw(r);
          return 'Saved.';
        },
      });
      poolPanel.append(h('h3', {}, 'Licenses the system holds'), h('p', { class: 'hint' }, 'A total cannot be lower than the licenses in use: deactivate some first.'), f.el);
    }

    // Each user's licenses; a box changes one license at once.
    function box(u, key, label) {
      const c = h('input', { type: 'checkbox', checked: !!(u.licenses && u.licenses[key]), disabled: !admin, 'aria-label': `${label} license for ${u.name}` });
      c.addEventListener('change', async () => {
        c.disabled = true;
        try {
          const r = await put(`/api/v1/unify/users/${u.id}/licenses`, { [key]: c.checked });
          u.licenses = r.user.licenses;
          draw(r);
          clear(result); // an earlier [Apply]'s report no longer holds
          clear(say).append(h('p', { class: 'form-ok' }, `${u.name}: ${label} license ${c.checked ? 'activated' : 'deactivated'}.`));
          table.reload();
        } catch (e) {
          c.checked = !c.checked;
          clear(say).append(h('p', { class: 'form-error', role: 'alert' }, (e.fieldMessage && e.fieldMessage(key)) || e.message));
        } finally {
          c.disabled = !admin;
        }
      });
      return c;
    }

    const applyBtn = h('button', { type: 'button' }, 'Apply');
    const table = dataTable({
      caption: 'Local User licenses - Mobility User',
      filterLabel: 'Filter Unify Phone users',
      sort: 'name',
      noun: 'users',
      emptyText: 'No Unify Phone users yet: create or add them on the user instance page.',
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'callno', label: 'Callno', sortable: true },
        ...USER_LICENSES.map(([key, label]) => ({ key, label, render: (u) => box(u, key, label) })),
        { key: 'state', label: 'Licensed', render: (u) => (fullyLicensed(u) ? h('span', { class: 'badge ok' }, 'yes') : h('span', { class: 'badge warn' }, 'lacks a license')) },
      ],
      load: (p) => get(`/api/v1/unify/users${query(p)}`),
      tools: admin ? [applyBtn] : [],
    });
    main.append(h('section', { class: 'panel', 'aria-labelledby': 'lic-users' }, h('h2', { id: 'lic-users' }, 'Local User licenses - Mobility User'),
      h('p', { class: 'hint' }, 'Desk Phone: the IP User license of the desk phone twinned with the user in its Team (User Telephony - Team Configuration); a user in no Team cannot have one. [Apply] activates the needed IP User (Mobility User) and Unify Phone licenses for every user.'),
      say, table.el, result));

    once(applyBtn, async () => {
      if (!(await confirmDialog({ title: 'Apply licenses to every user?', message: `Every Unify Phone user without the IP User (Mobility User) and Unify Phone licenses gets them while free licenses last: ${lic.users_without} of ${lic.users} users lack them now. Each user gets both or neither.`, confirmLabel: 'Apply' }))) return;
      clear(result).append(h('p', { class: 'hint', role: 'status' }, 'Applying…'));
      try {
        const r = await post('/api/v1/unify/licenses/apply');
        draw(r);
        clear(result).append(h('section', { 'aria-labelledby': 'lic-apply' }, h('h3', { id: 'lic-apply' }, 'Apply'),
          h('p', { class: r.short.length ? 'form-error' : 'form-ok', role: 'status' }, r.message),
          r.granted.length ? h('p', {}, `Licensed now: ${r.granted.map((g) => g.name).join(', ')}.`) : null,
          r.short.length ? h('ul', {}, r.short.map((s) => h('li', {}, `${s.name}: no ${s.license} license free (lacks ${s.missing.join(' and ')}).`))) : null));
        table.reload();
      } catch (e) {
        clear(result).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
      }
    });
  },
};
