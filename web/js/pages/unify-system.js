// Switchboard — OpenScape Business > System: model and mainboard, edition,
// software version, gateway location number, internet connection and the
// Unify Phone user bound by model (seed 003, 3.1 and 3.3).
import { h } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { get, put } from '../api.js';
import { saveVersioned, redrawPage, RELOADED } from '../ui/versioned.js';
import { updateBanner } from './unify-common.js';

const opts = (list) => list.map((v) => ({ value: v, label: v || '—' }));

export default {
  async render(main, { session }) {
    let s = await get('/api/v1/unify/system');
    const users = h('p', { role: 'status' }, s.configured ? `This system allows up to ${s.max_unify_phone_users} Unify Phone users.` : 'Enter the system first.');
    main.append(h('h1', {}, 'OpenScape Business system'),
      h('p', { class: 'lead' }, 'The OpenScape Business that Unify Phone connects to. Enter the correct upstream value: the wizard uses it to calculate the maximum number of concurrent internet calls.'));
    const bannerSlot = h('div', {});
    const showBanner = (a) => { bannerSlot.replaceChildren(...[updateBanner(a)].filter(Boolean)); };
    showBanner(s);
    main.append(bannerSlot);
    const f = form({
      fields: [
        { name: 'model', label: 'Model', type: 'select', value: s.model || 'X3', options: opts(['X1W/R', 'X3', 'X5', 'X8', 'OpenScape Business S']) },
        { name: 'mainboard', label: 'Mainboard family', type: 'select', value: s.mainboard ?? 'V3', options: [{ value: 'V3', label: 'V3' }, { value: 'V2', label: 'V2' }, { value: '', label: 'none (OpenScape Business S)' }] },
        { name: 'edition', label: 'Edition', type: 'select', value: s.edition || 'basic', options: opts(['basic', 'standard', 'advanced']) },
        { name: 'software_version', label: 'Software version', value: s.software_version || '', required: true, hint: 'e.g. V3R3 FR1' },
        { name: 'country_code', label: 'Gateway location number: country code', value: s.country_code || '', inputmode: 'numeric', hint: 'e.g. 49' },
        { name: 'local_area_code', label: 'Gateway location number: local area code', value: s.local_area_code || '', inputmode: 'numeric', hint: 'e.g. 89' },
        { name: 'pabx_number', label: 'Gateway location number: PABX number', value: s.pabx_number || '', inputmode: 'numeric', hint: 'e.g. 7007' },
        { name: 'public_ip', label: 'Public IP', value: s.public_ip || '', hint: 'e.g. 203.0.113.10' },
        { name: 'media_ports', label: 'OpenScape Business media ports', value: s.media_ports || '', hint: 'Optional: the RTP ports, e.g. 20000-20999. The Firewall Rules name them.' },
        { name: 'upstream_kbps', label: 'upstream up to (Kbps)', value: String(s.upstream_kbps ?? 0), inputmode: 'numeric' },
        { name: 'software_support_until', label: 'Software Support valid until', value: s.software_support_until || '', hint: 'e.g. 2027-12-31' },
        { name: 'flavour', label: 'Flavour', type: 'select', value: s.flavour || 'Unify Phone for OpenScape', options: opts(['Unify Phone for OpenScape', 'Unify Phone for Unify Video']) },
      ],
      submitLabel: 'Save',
      onSubmit: async (v) => {
        const body = { ...v, upstream_kbps: /^\d+$/.test(v.upstream_kbps) ? Number(v.upstream_kbps) : -1 };
        const r = await saveVersioned((tag) => put('/api/v1/unify/system', body, { ifMatch: tag }), s, redrawPage);
        if (r === RELOADED) return undefined;
        s = r;
        users.textContent = `This system allows up to ${r.max_unify_phone_users} Unify Phone users.`;
        showBanner(r);
        return 'Saved.';
      },
    });
    if (session.user.role !== 'admin') for (const c of Object.values(f.controls)) c.disabled = true;
    const rows = s.users_by_model.map((u) => h('tr', {}, h('td', {}, u.model), h('td', {}, u.mainboard || '—'), h('td', {}, u.edition), h('td', {}, String(u.max_users))));
    main.append(h('section', { class: 'panel' }, users, f.el),
      h('section', { class: 'panel', 'aria-labelledby': 'osb-users' }, h('h2', { id: 'osb-users' }, 'Unify Phone users by model'),
        h('table', {}, h('thead', {}, h('tr', {}, ['Model', 'Mainboard', 'Edition', 'Up to users'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows))),
      facts([['Seed', 'V3: X1W/R, X3, X5 and X8 up to 150/500 User model dependent (basic/advanced); V2: X1 up to 50 User, X3, X5 and X8 up to 150 User; OpenScape Business S: model dependent up to 500 User.']]));
  },
};
