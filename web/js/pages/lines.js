// Switchboard — Managed IP Phones > SIP lines and managed proxies.
import { h } from '../ui/dom.js';
import { crudPage, canWrite } from '../ui/crud.js';
import { get } from '../api.js';

const TRANSPORTS = [{ value: 'UDP', label: 'UDP' }, { value: 'TCP', label: 'TCP' }, { value: 'TLS', label: 'TLS' }];

export const lines = {
  render(main, { session }) {
    crudPage(main, {
      title: 'SIP lines',
      lead: 'The station lines phones register through. <Stations-UDP> and <Stations-TLS> are permanent.',
      path: '/api/v1/lines',
      noun: 'SIP line',
      canWrite: canWrite(session),
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'transport', label: 'Transport', sortable: true },
        { key: 'port', label: 'Port', sortable: true },
        { key: 'address', label: 'Address', render: (l) => l.address || 'This server' },
      ],
      fields: (l) => [
        { name: 'name', label: 'Name', required: true, value: l ? l.name : '' },
        { name: 'transport', label: 'Transport', type: 'select', options: TRANSPORTS, value: l ? l.transport : 'UDP' },
        { name: 'port', label: 'Port', required: true, inputmode: 'numeric', value: l ? String(l.port) : '5060' },
        { name: 'address', label: 'Address', value: l ? l.address : '', hint: 'Empty: this server\'s address.' },
      ],
      toBody: (v) => ({ name: v.name, transport: v.transport, port: Number(v.port), address: v.address.trim() }),
    });
  },
};

export const proxies = {
  async render(main, { session }) {
    const locations = (await get('/api/v1/locations?limit=1000')).items;
    crudPage(main, {
      title: 'Managed proxies',
      lead: 'Interaction SIP Proxies for remote survivability. A Managed Proxy registration takes its address and port from here; keep phones and their proxy in the same location.',
      path: '/api/v1/managed-proxies',
      noun: 'managed proxy',
      canWrite: canWrite(session),
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'address', label: 'Address', sortable: true, render: (p) => h('code', {}, `${p.address}:${p.port}`) },
        { key: 'location', label: 'Location', sortable: true },
      ],
      fields: (p) => [
        { name: 'name', label: 'Name', required: true, value: p ? p.name : '' },
        { name: 'address', label: 'Address', required: true, value: p ? p.address : '' },
        { name: 'port', label: 'Port', required: true, inputmode: 'numeric', value: p ? String(p.port) : '5060' },
        { name: 'location_id', label: 'Location', type: 'select', options: locations.map((l) => ({ value: String(l.id), label: l.name })), value: p ? String(p.location_id) : String(locations[0].id) },
      ],
      toBody: (v) => ({ name: v.name, address: v.address.trim(), port: Number(v.port), location_id: Number(v.location_id) }),
    });
  },
};
