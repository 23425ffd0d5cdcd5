// Switchboard — SIP Devices > Settings: the SIP name prefix of new
// credentials and how long hand-over archives stay downloadable, the
// regions' border proxy FQDNs shown with each credential, and the
// customer's pre-agreed data handlers who receive the hand-over.
import { h } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { crudPage } from '../ui/crud.js';
import { localLoad } from '../ui/table.js';
import { get, put } from '../api.js';

export default {
  async render(main) {
    const s = await get('/api/v1/sip-devices/settings');
    const top = h('div');
    main.append(top);
    const f = form({
      fields: [
        { name: 'sip_name_prefix', label: 'SIP name prefix', value: s.sip_name_prefix, hint: 'Up to 16 letters, digits and \'-\', e.g. acme-. New credentials are named prefix + xxxx-xxxx-xxxx; issued ones keep their name.' },
        { name: 'export_hours', label: 'Hand-over archives stay downloadable (hours)', inputmode: 'numeric', value: String(s.export_hours), hint: '1 to 720. Then they are wiped, unless delivery was confirmed earlier.' },
      ],
      submitLabel: 'Save settings',
      onSubmit: async (v) => {
        await put('/api/v1/sip-devices/settings', { sip_name_prefix: v.sip_name_prefix.trim(), export_hours: Number(v.export_hours) || 0 });
        return 'Saved.';
      },
    });
    top.append(h('h1', {}, 'SIP device settings'), h('section', { class: 'panel', 'aria-labelledby': 'sip-cred-title' }, h('h2', { id: 'sip-cred-title' }, 'Credentials and hand-over'), f.el));
    const regions = h('div');
    const handlers = h('div');
    main.append(regions, handlers);
    crudPage(regions, {
      title: 'Regions',
      lead: 'The FQDN of each region\'s border proxy: devices must accept it and find it by NAPTR. It is shown with every credential of the region.',
      path: '/api/v1/sip-devices/regions',
      level: 'h2',
      load: localLoad(async () => (await get('/api/v1/sip-devices/regions')).items, (r) => `${r.name} ${r.border_proxy}`),
      noun: 'region',
      canWrite: true,
      columns: [
        { key: 'name', label: 'Region', sortable: true },
        { key: 'border_proxy', label: 'Border proxy FQDN' },
        { key: 'devices', label: 'Devices' },
      ],
      fields: (r) => [
        { name: 'name', label: 'Region', required: true, value: r ? r.name : '', hint: 'e.g. EU' },
        { name: 'border_proxy', label: 'Border proxy FQDN', required: true, value: r ? r.border_proxy : '', hint: 'e.g. sip-eu.provider.example' },
      ],
      toBody: (v) => ({ name: v.name.trim(), border_proxy: v.border_proxy.trim() }),
    });
    crudPage(handlers, {
      title: 'Data handlers',
      lead: 'The customer\'s pre-agreed data handlers: the archives go to one of them, and the passwords to them by phone or text message only.',
      path: '/api/v1/sip-devices/data-handlers',
      level: 'h2',
      load: localLoad(async () => (await get('/api/v1/sip-devices/data-handlers')).items, (x) => `${x.name} ${x.organisation} ${x.phone} ${x.email}`),
      noun: 'data handler',
      canWrite: true,
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'organisation', label: 'Organisation' },
        { key: 'phone', label: 'Phone' },
        { key: 'email', label: 'E-mail' },
        { key: 'exports', label: 'Hand-overs' },
      ],
      fields: (x) => [
        { name: 'name', label: 'Name', required: true, value: x ? x.name : '' },
        { name: 'organisation', label: 'Organisation', value: x ? x.organisation : '' },
        { name: 'phone', label: 'Phone', required: true, type: 'tel', value: x ? x.phone : '', hint: 'For the passwords: by phone or text message' },
        { name: 'email', label: 'E-mail', type: 'email', value: x ? x.email : '', hint: 'For the archives (sent by you, never by the appliance)' },
      ],
      toBody: (v) => ({ name: v.name.trim(), organisation: v.organisation.trim(), phone: v.phone.trim(), email: v.email.trim() }),
    });
  },
};
