// Switchboard — Managed IP Phones > Locations: time zone, SNTP server and
// codec preference that phones in each location get, and the after-hours
// window in which scheduled reboots may reach them.
import { crudPage, canWrite } from '../ui/crud.js';

const CODECS = ['G.711 mu-law', 'G.711 A-law', 'G.722', 'G.729', 'G.723.1', 'Opus'];

export default {
  render(main, { session }) {
    crudPage(main, {
      title: 'Locations',
      lead: 'Phones read their time zone and SNTP server from their location; the server uses it to choose codecs. <Default Location> is permanent.',
      path: '/api/v1/locations',
      noun: 'location',
      canWrite: canWrite(session),
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'time_zone', label: 'Time zone', sortable: true, render: (l) => l.time_zone || 'System default' },
        { key: 'sntp_server', label: 'SNTP server', sortable: true, render: (l) => l.sntp_server || 'Use IC server' },
        { key: 'codec_preference', label: 'Codec preference', render: (l) => l.codec_preference.join(', ') },
        { key: 'after_hours_start', label: 'After hours', render: (l) => `${l.after_hours_start}–${l.after_hours_end}` },
      ],
      fields: (l) => [
        { name: 'name', label: 'Name', required: true, value: l ? l.name : '' },
        { name: 'time_zone', label: 'Time zone', value: l ? l.time_zone : '', hint: 'An IANA name such as Europe/Berlin or America/New_York; empty for the system default.' },
        { name: 'sntp_server', label: 'SNTP server', value: l ? l.sntp_server : '', hint: 'Empty: Use IC server (the time server under Provisioning > Network records). Otherwise a host name or IP address.' },
        { name: 'after_hours_start', label: 'After hours from', type: 'time', value: l ? l.after_hours_start : '20:00', hint: 'Local time (HH:MM) when scheduled "after hours" reboots may start here.' },
        { name: 'after_hours_end', label: 'After hours until', type: 'time', value: l ? l.after_hours_end : '06:00', hint: 'Local time (HH:MM) they stop; the window may cross midnight.' },
        { name: 'codec_preference', label: 'Codec preference', required: true, value: l ? l.codec_preference.join(', ') : 'G.711 mu-law, G.711 A-law, G.722, G.729', hint: `In order, separated by commas. Known codecs: ${CODECS.join(', ')}.` },
      ],
      toBody: (v) => ({ name: v.name, time_zone: v.time_zone.trim(), sntp_server: v.sntp_server.trim(), codec_preference: v.codec_preference.split(',').map((s) => s.trim()).filter(Boolean), after_hours_start: v.after_hours_start.trim(), after_hours_end: v.after_hours_end.trim() }),
    });
  },
};
