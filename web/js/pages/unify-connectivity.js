// Switchboard — Cloud Services > Unify Phone Connectivity: the wizard of
// seed 003, 3.2, page by page: Enable Unify Phone, Domain, API Key and
// simultaneous circuit calls; the numbering schema (new in V3R3 FR1);
// [Execute Function] and what it created, updated or left unchanged.
import { h, clear, formatTime } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { get, put, post, ApiError } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';
import { updateBanner } from './unify-common.js';

function bandwidthText(b) {
  return `upstream up to ${b.upstream_kbps} Kbps: at most ${b.max_internet_calls['G.711']} concurrent internet calls with G.711 (${b.per_call_kbps['G.711']} Kbps per call) or ${b.max_internet_calls['G.729']} with G.729 (${b.per_call_kbps['G.729']} Kbps per call). This includes Unify Phone calls as well as ITSP and/or Device@Home calls.`;
}

export default {
  async render(main, { session }) {
    const body = h('div', {});
    main.append(h('h1', {}, 'Unify Phone Connectivity'),
      h('p', { class: 'lead' }, 'Only the Unify Phone Connectivity wizard configures and establishes the connection to the Unify Phone Tenant. Changes via the Expert Mode will either not be handled or must be reconfigured after the wizard has been executed.'),
      body);
    const admin = session.user.role === 'admin';

    async function overview() {
      const c = await get('/api/v1/unify/connectivity');
      clear(body);
      const banner = updateBanner(c);
      if (banner) body.append(banner);
      const edit = h('button', { type: 'button', disabled: !admin }, 'Edit');
      edit.addEventListener('click', () => page1());
      body.append(h('section', { class: 'panel' }, facts([
        ['Enable Unify Phone', c.enabled ? 'yes' : 'no'], ['Domain', c.domain], ['API Key', c.api_key || '—'],
        ['Number of simultaneous circuit calls', String(c.circuit_calls ?? '—')],
        ['Numbering schema', c.numbering_schema === 'internal' ? 'internal numbering: short format' : 'international numbering: E.164 format'],
        ['Last executed', c.last_run ? `${formatTime(c.last_run.at)} (${c.last_run.software_version})` : '—'],
      ]), h('div', { class: 'actions' }, edit)));
    }

    async function page1() {
      const c = await get('/api/v1/unify/connectivity');
      clear(body);
      const f = form({
        fields: [
          { name: 'enabled', label: 'Enable Unify Phone', type: 'checkbox', value: c.enabled },
          { name: 'domain', label: 'Domain', type: 'select', value: c.domain, options: [...new Set(['phoneapp.unify.com', c.domain])].map((d) => ({ value: d, label: d })) },
          { name: 'api_key', label: 'API Key', type: 'password', autocomplete: 'off', value: '', hint: c.api_key_set ? 'A key is stored and sealed. Leave this empty to keep it; paste a new key to replace it.' : 'Insert the API Key via copy and paste (get the API Key from Unify Phone tenant Administrator).' },
          { name: 'circuit_calls', label: 'Number of simultaneous circuit calls', value: String(c.circuit_calls || 1), inputmode: 'numeric' },
        ],
        submitLabel: 'OK & Next',
        onSubmit: async (v) => {
          const sent = { enabled: v.enabled, domain: v.domain, circuit_calls: /^\d+$/.test(v.circuit_calls) ? Number(v.circuit_calls) : 0 };
          if (v.api_key.trim()) sent.api_key = v.api_key.trim();
          if (await saveVersioned((tag) => put('/api/v1/unify/connectivity', sent, { ifMatch: tag }), c, page1) === RELOADED) return undefined;
          if (c.numbering_schema_offered) page2(); else page3();
          return undefined;
        },
        extraButtons: [cancelButton()],
      });
      body.append(h('section', { class: 'panel', 'aria-labelledby': 'wz1' }, h('h2', { id: 'wz1' }, 'Unify Phone Connectivity'),
        h('p', { class: 'hint' }, bandwidthText(c.bandwidth)), f.el));
    }

    async function page2() {
      const c = await get('/api/v1/unify/connectivity');
      clear(body);
      const back = h('button', { type: 'button', class: 'secondary' }, 'Back');
      back.addEventListener('click', () => page1());
      const f = form({
        fields: [
          { name: 'numbering_schema', label: 'Numbering schema', type: 'select', value: c.numbering_schema, options: [{ value: 'international', label: 'international numbering (default): E.164 format' }, { value: 'internal', label: 'internal numbering: short format' }] },
          { name: 'route_country_code', label: 'Unify Phone route location number incoming: Country Code', value: c.route_country_code || '', inputmode: 'numeric', hint: 'e.g. 49 (mandatory for international numbering)' },
          { name: 'route_local_area_code', label: 'Unify Phone route location number incoming: Local Area Code', value: c.route_local_area_code || '', inputmode: 'numeric', hint: 'e.g. 89' },
          { name: 'route_pabx_number', label: 'Unify Phone route location number incoming: PABX number', value: c.route_pabx_number || '', inputmode: 'numeric', hint: 'e.g. 7007' },
        ],
        submitLabel: 'OK & Next',
        onSubmit: async (v) => {
          if (await saveVersioned((tag) => put('/api/v1/unify/connectivity', v, { ifMatch: tag }), c, page2) === RELOADED) return undefined;
          page3(true);
          return undefined;
        },
        extraButtons: [back, cancelButton()],
      });
      body.append(h('section', { class: 'panel', 'aria-labelledby': 'wz2' }, h('h2', { id: 'wz2' }, 'Numbering schema'),
        h('p', { class: 'hint' }, 'For international numbering it is mandatory to fill in the Unify Phone route location number incoming which can be different from the Gateway location number (Country Code is mandatory).'), f.el));
    }

    function page3(fromSchema) {
      clear(body);
      const back = h('button', { type: 'button', class: 'secondary' }, 'Back');
      back.addEventListener('click', () => (fromSchema ? page2() : page1()));
      const run = h('button', { type: 'button' }, 'Execute Function');
      const out = h('div', { role: 'status' });
      const next = h('button', { type: 'button', hidden: true }, 'OK & Next');
      next.addEventListener('click', () => page4());
      run.addEventListener('click', async () => {
        run.disabled = true;
        clear(out);
        try {
          const r = await post('/api/v1/unify/connectivity/execute');
          out.append(h('p', {}, r.changed ? 'The wizard configured the trunks and the according route:' : 'Nothing changed: everything is as the wizard configured it.'),
            h('ul', { class: 'results' }, r.results.map((x) => h('li', {}, `${x.kind === 'lcr' ? 'LCR dial plan' : x.kind === 'trunk' ? 'Native SIP Server Trunk' : 'Route'} "${x.name}" (id ${x.id}): ${x.result}`))));
          next.hidden = false;
        } catch (e) {
          const d = e instanceof ApiError ? e.details : [];
          out.append(h('p', { class: 'form-error', role: 'alert' }, e.message), d.length > 1 ? h('ul', {}, d.map((x) => h('li', {}, x.message))) : null);
        } finally {
          run.disabled = false;
        }
      });
      body.append(h('section', { class: 'panel', 'aria-labelledby': 'wz3' }, h('h2', { id: 'wz3' }, 'Execute Function'),
        h('p', {}, 'The wizard automatically configures the trunks, the according route and establishes the connection to Unify Phone.'),
        out, h('div', { class: 'actions' }, back, run, next)));
    }

    function page4() {
      clear(body);
      const close = h('button', { type: 'button' }, 'Close');
      close.addEventListener('click', () => overview());
      body.append(h('section', { class: 'panel' }, h('p', {}, 'Hint: if needed Unify Phone IP address, Ports and STUN configuration can be verified through Expert Mode - Telephony Server - Voice Gateway - Native SIP Server Trunk - Unify Phone (Cloud).'),
        h('p', {}, h('a', { href: '#/osbiz/expert-mode' }, 'Expert Mode'), ' · ', h('a', { href: '#/osbiz/service-center' }, 'Service Center: the connector\'s status')), h('div', { class: 'actions' }, close)));
    }

    function cancelButton() {
      const b = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
      b.addEventListener('click', () => overview());
      return b;
    }

    await overview();
  },
};
