// Switchboard — Provisioning > Network records: the voice network's
// settings, the trusted provisioning networks, and what to put into the
// DHCP server (ISC dhcpd, Kea, dnsmasq) and DNS (switchover pair) so that
// phones find the provisioning server.
import { h, clear, fileText } from '../ui/dom.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { ApiError, get, put } from '../api.js';
import { saveVersioned, redrawPage, RELOADED } from '../ui/versioned.js';

const list = (s) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    let [net, prov, locs] = await Promise.all([get('/api/v1/settings/network'), get('/api/v1/settings/provisioning'), get('/api/v1/locations?limit=1000')]);
    const output = h('div');

    // Trusted provisioning networks, and the Default Station
    // Configuration's global SIP transport setting (its SIP DSCP value).
    const tf = fieldRegistry();
    const trusted = h('input', { value: prov.trusted_networks.join(', '), spellcheck: 'false', disabled: !admin });
    const dscp = h('input', { value: String(prov.sip_dscp), inputmode: 'numeric', disabled: !admin });
    const tErr = h('div', { role: 'status' });
    const tForm = h('form', { class: 'panel', novalidate: true }, h('h2', {}, 'Trusted provisioning networks and global SIP transport'),
      h('p', {}, 'A phone fetches its file with SIP passwords the first time from one of these networks (the voice VLAN); after that it must prove itself with its own provisioning credentials, whatever its address.'),
      tErr, tf.control('trusted_networks', 'Networks', trusted, 'Comma-separated, such as 10.20.0.0/16, 2001:db8:1::/48. Empty: no phone gets a password file without proof.'),
      tf.control('sip_dscp', 'SIP DSCP Value (global SIP Station Transport)', dscp, '0 to 63. 24 (ToS byte 60 hex) is optimal for VoIP; 0 disables DSCP tagging. Every phone that keeps "Use Global SIP Station Transport Settings" gets it.'),
      admin ? h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save')) : null);
    tForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      tf.clear(); clear(tErr);
      try {
        const body = { trusted_networks: list(trusted.value), sip_dscp: /^\d+$/.test(dscp.value.trim()) ? Number(dscp.value) : dscp.value.trim() };
        const saved = await saveVersioned((tag) => put('/api/v1/settings/provisioning', body, { ifMatch: tag }), prov, redrawPage);
        if (saved === RELOADED) return;
        prov = saved;
        tErr.append(h('p', { class: 'form-ok' }, 'Saved.'));
      } catch (e) {
        const d = e instanceof ApiError && e.details[0];
        if (!(d && tf.show(d.field, d.message))) tf.show('trusted_networks', d ? `${d.field}: ${d.message}` : e.message);
      }
    });

    // Voice network settings.
    const f = fieldRegistry();
    const v = (k, d = '') => (net[k] === undefined ? d : net[k]);
    const input = (val, attrs = {}) => h('input', { value: String(val), spellcheck: 'false', disabled: !admin, ...attrs });
    const domain = input(v('domain'), { placeholder: 'e.g. lab.voip' });
    const host = input(v('provision_host', 'provision'));
    const port = input(v('provision_port', 8088), { inputmode: 'numeric' });
    const addrs = input(v('provision_addresses', []).join(', '), { placeholder: 'e.g. 10.250.1.151, 10.250.1.152' });
    const dns = input(v('dns_servers', []).join(', '));
    const pbx = input(v('pbx_hosts', []).join(', '), { placeholder: 'e.g. vm40ic1.lab.voip, vm40ic2.lab.voip' });
    const ports = v('sip_ports', { udp: 5060, tcp: 5060, tls: 5061 });
    const pu = input(ports.udp, { inputmode: 'numeric' });
    const pt = input(ports.tcp, { inputmode: 'numeric' });
    const ps = input(ports.tls, { inputmode: 'numeric' });
    const tftp = input(v('tftp_server'), { placeholder: '(empty: this appliance, when it serves TFTP)' });
    const select = (val, opts) => h('select', { disabled: !admin }, opts.map(([k, label]) => h('option', { value: k, selected: k === val }, label)));
    const timeOpt = select(v('time_server_option', '042'), [['042', '042 NTP servers'], ['004', '004 Time servers']]);
    const classes = select(v('recovery_classes', 'estate'), [['estate', 'The models the estate has phones of'], ['all', 'Every model with a recovery image (the seed\'s list)']]);
    const timeServer = input(v('time_server'), { placeholder: 'e.g. ntp.lab.voip or 10.250.0.123' });
    const vlan = input(v('voice_vlan', 0), { inputmode: 'numeric' });
    const subnets = v('subnets', []).map((s) => ({ ...s }));
    const subBox = h('div');
    const locNames = locs.items.map((l) => l.name);
    function drawSubnets() {
      f.forget('subnets[');
      clear(subBox).append(...subnets.map((s, i) => {
        const loc = h('select', { disabled: !admin }, locNames.map((n) => h('option', { value: n, selected: n === s.location }, n)));
        const fields = { location: loc, subnet: input(s.subnet || '', { placeholder: 'e.g. 10.250.1.0/24' }), range_start: input(s.range_start || ''), range_end: input(s.range_end || ''), router: input(s.router || '') };
        for (const [k, el] of Object.entries(fields)) el.addEventListener('change', () => { s[k] = el.value.trim(); });
        if (!s.location) s.location = loc.value;
        return h('fieldset', { class: 'subnet' }, h('legend', {}, `Subnet ${i + 1}`),
          f.control(`subnets[${i}].location`, 'Location', loc), f.control(`subnets[${i}].subnet`, 'Subnet', fields.subnet),
          f.control(`subnets[${i}].range_start`, 'Range start', fields.range_start), f.control(`subnets[${i}].range_end`, 'Range end', fields.range_end),
          f.control(`subnets[${i}].router`, 'Router (option 3)', fields.router),
          admin ? h('button', { type: 'button', class: 'secondary', onclick: () => { subnets.splice(i, 1); drawSubnets(); } }, 'Remove subnet') : null);
      }));
    }
    drawSubnets();
    const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const ok = h('div', { role: 'status' });
    const nForm = h('form', { class: 'panel', novalidate: true }, h('h2', {}, 'Voice network'), err, ok,
      f.control('domain', 'DNS domain (option 015)', domain),
      f.control('provision_host', 'Provisioning Host (A) record', host, 'One name for both servers of the switchover pair, e.g. provision.'),
      f.control('provision_port', 'Provisioning port', port),
      f.control('provision_addresses', 'Provisioning server addresses', addrs, 'One address, or two for a switchover pair.'),
      f.control('dns_servers', 'DNS servers (option 006)', dns),
      f.control('pbx_hosts', 'SIP servers for SRV records', pbx, 'Full host names of the active and backup servers.'),
      f.control('sip_ports.udp', 'SIP port, UDP (0: none)', pu), f.control('sip_ports.tcp', 'SIP port, TCP (0: none)', pt), f.control('sip_ports.tls', 'SIP port, TLS (0: none)', ps),
      f.control('time_server', 'Time server ("Use IC server")', timeServer, 'Phones of a location whose SNTP server is "Use IC server" get this one, in their files and (as an IPv4 address) in options 004/042.'),
      f.control('time_server_option', 'Time server option', timeOpt, 'The seed: set either option 004 or 042, not both.'),
      f.control('tftp_server', 'TFTP server (option 066, recovery)', tftp, 'The IPv4 address of the TFTP server phones use in recovery mode. Empty: this appliance\'s own read-only TFTP server, when it runs (tftp_listen in the config file).'),
      f.control('recovery_classes', 'Option 067 Vendor Classes', classes, 'One class per firmware image, matched on option 60 (SIP100, SIP200, 405, 405HD, 420HD, 430HD, 440HD).'),
      f.control('voice_vlan', 'Voice VLAN (option 132)', vlan),
      h('h3', {}, 'Subnets per location'), subBox,
      admin ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { subnets.push({}); drawSubnets(); } }, 'Add subnet'), h('button', { type: 'submit' }, 'Save and show records')) : null);
    nForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      f.clear(); err.hidden = true; clear(ok);
      const num = (el) => (el.value.trim() === '' ? 0 : Number(el.value));
      try {
        const body = {
          domain: domain.value.trim(), provision_host: host.value.trim(), provision_port: num(port),
          provision_addresses: list(addrs.value), dns_servers: list(dns.value), pbx_hosts: list(pbx.value),
          sip_ports: { udp: num(pu), tcp: num(pt), tls: num(ps) }, time_server: timeServer.value.trim(), time_server_option: timeOpt.value, tftp_server: tftp.value.trim(), recovery_classes: classes.value, voice_vlan: num(vlan), subnets,
        };
        const saved = await saveVersioned((tag) => put('/api/v1/settings/network', body, { ifMatch: tag }), net, redrawPage);
        if (saved === RELOADED) return;
        net = saved;
        ok.append(h('p', { class: 'form-ok' }, 'Saved.'));
        records();
      } catch (e) {
        if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field.replace(/\[\d+\]$/, ''), d.message))) { err.textContent = e.message; err.hidden = false; }
      }
    });

    const tftpLine = (t) => ({
      appliance: `Option 066: this appliance (${t.server || 'no provisioning address'}), whose read-only TFTP server listens on ${t.listen} and serves the uploaded firmware images.`,
      named: `Option 066: ${t.server}, the TFTP server named above.`,
      none: 'Option 066 is left out: no TFTP server is named and this appliance serves none (tftp_listen in the config file).',
    }[t.source]);

    async function records() {
      const tabs = [['isc', 'ISC dhcpd'], ['kea', 'Kea'], ['dnsmasq', 'dnsmasq'], ['dns', 'DNS zone']];
      const panel = h('div', { role: 'tabpanel' });
      const bar = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Records' });
      async function pick(key) {
        for (const b of bar.children) b.setAttribute('aria-selected', String(b.dataset.key === key));
        try {
          const r = key === 'dns' ? await get('/api/v1/network/dns') : await get(`/api/v1/network/dhcp?format=${key}`);
          const name = { isc: 'dhcpd.conf', kea: 'kea-dhcp4.conf', dnsmasq: 'dnsmasq.conf', dns: `${r.zone || 'zone'}.fragment` }[key];
          const dl = h('a', { class: 'button secondary', download: name, href: URL.createObjectURL(new Blob([r.text], { type: 'text/plain' })) }, `Download ${name}`);
          clear(panel).append(...(r.tftp ? [h('p', { class: 'hint' }, tftpLine(r.tftp))] : []), ...(r.warnings || []).map((w) => h('p', { class: 'form-error' }, w)), fileText(r.text, name), dl);
        } catch (e) { clear(panel).append(h('p', { class: 'hint' }, e.message)); }
      }
      for (const [key, label] of tabs) {
        const b = h('button', { type: 'button', role: 'tab', 'data-key': key }, label);
        b.addEventListener('click', () => pick(key));
        bar.append(b);
      }
      clear(output).append(h('section', { class: 'panel' }, h('h2', {}, 'Records'), bar, panel));
      pick('isc');
    }

    main.append(h('h1', {}, 'Network records'),
      h('p', { class: 'lead' }, 'What the DHCP and DNS servers of the voice network need so that phones find this provisioning server: the seed\'s option records per location, and the Host (A) and SRV records of a switchover pair.'),
      tForm, nForm, output);
    if (net.domain) records();
  },
};
