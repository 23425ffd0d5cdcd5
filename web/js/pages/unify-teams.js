// Switchboard — User Telephony > Team Configuration (seed 003, 3.4): Teams
// (MULAP) of one IP or TDM desk phone and one Unify Phone user, whose DID
// stays empty: the Team callno gives the user its call number.
import { h } from '../ui/dom.js';
import { crudPage } from '../ui/crud.js';
import { get } from '../api.js';

const ADVICE = 'Please log off the Unify Phone client before integrating the client into a Team or MULAP.';

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    const [stations, users] = await Promise.all([get('/api/v1/unify/stations?limit=1000&sort=callno'), get('/api/v1/unify/users?limit=1000&sort=callno')]);
    const teams = (await get('/api/v1/unify/teams?limit=1000')).items;
    // Offered: desk phones and users in no Team, and the edited Team's own.
    const desks = (t) => stations.items.filter((s) => (s.type === 'IP' || s.type === 'TDM') && (!teams.some((x) => x.desk_station_id === s.id) || (t && t.desk_station_id === s.id)));
    const mobility = (t) => users.items.filter((u) => !u.did && (!u.team_id || (t && t.user_id === u.id)));
    const note = h('p', { class: 'notice', role: 'note' }, h('strong', {}, 'Note: '), ADVICE);
    crudPage(main, {
      title: 'Team Configuration',
      lead: 'Twinning with Desk Phone: a Team (MULAP) holds exactly one IP or TDM desk phone and one Unify Phone user. Cordless subscribers are not approved in connection with Unify Phone. Leave the user\'s DID empty: the Team wizard updates the Unify Phone user call number from the Team callno.',
      path: '/api/v1/unify/teams',
      noun: 'Team',
      sort: 'callno',
      canWrite: admin,
      heading: (t) => `${t.name} (Team callno ${t.callno})`,
      columns: [
        { key: 'callno', label: 'Team callno', sortable: true },
        { key: 'name', label: 'Name', sortable: true },
        { key: 'desk_name', label: 'First telephone (desk phone)', render: (t) => `${t.desk_name} (${t.desk_type} ${t.desk_callno})` },
        { key: 'user_name', label: 'Second telephone (Unify Phone user)', render: (t) => `${t.user_name} (${t.user_callno})` },
        { key: 'user_call_number', label: 'Unify Phone user call number' },
      ],
      fields: (t) => [
        { name: 'callno', label: 'Team callno', required: true, inputmode: 'numeric', value: t ? t.callno : '', hint: 'e.g. 300: a free internal call number' },
        { name: 'name', label: 'Name', value: t ? t.name : '', hint: 'e.g. Team Berg (optional)' },
        { name: 'desk_station_id', label: 'First telephone: IP or TDM desk phone', type: 'select', value: t ? String(t.desk_station_id) : '', options: [{ value: '', label: '— select —' }, ...desks(t).map((s) => ({ value: String(s.id), label: `${s.callno} ${s.name} (${s.type})` }))] },
        { name: 'user_id', label: 'Second telephone: Unify Phone mobility user', type: 'select', value: t ? String(t.user_id) : '', options: [{ value: '', label: '— select —' }, ...mobility(t).map((u) => ({ value: String(u.id), label: `${u.callno} ${u.name}` }))], hint: 'Users without DID are offered.' },
      ],
      toBody: (v) => ({ callno: v.callno.trim(), name: v.name.trim(), desk_station_id: Number(v.desk_station_id) || 0, user_id: Number(v.user_id) || 0 }),
    });
    main.querySelector('p.lead').after(note);	// under the title, before the editor
  },
};
