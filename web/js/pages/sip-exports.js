// Switchboard — SIP Devices > Credential hand-over (seed 000, Handling SIP
// Credentials; Acknowledging Receipt): SIP names and passwords in two
// password-protected spreadsheets correlated by row, each in its own
// AES-256 archive named at random; the three passwords shown once, for the
// pre-agreed data handler by phone or text message only; the archives
// downloadable until delivery is confirmed or they expire; then the signed
// Statement of Work recorded against the hand-over.
import { h, clear, formatTime } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { jobProgress } from '../ui/progress.js';
import { downloadFile } from '../ui/export.js';
import { ApiError, get, post, put, query } from '../api.js';

const STATES = { building: 'Building', ready: 'Ready to download', delivered: 'Delivered (archives wiped)', expired: 'Expired (archives wiped)', failed: 'Failed' };

export default {
  async render(main, { params }) {
    const [handlers, devices, statements] = await Promise.all([
      get('/api/v1/sip-devices/data-handlers'),
      get('/api/v1/sip-devices?limit=1000&sort=extension'),
      get('/api/v1/sip-devices/statements'),
    ]);
    const side = h('div');
    main.append(h('h1', {}, 'Credential hand-over'),
      h('p', { class: 'lead' }, 'SIP names go in one spreadsheet and passwords in another, correlated by row number. Each spreadsheet is password-protected and packed in its own AES-256 archive with a random name. You send the two archives separately to the customer\'s pre-agreed data handler, and give the three passwords by phone or text message only. The appliance never e-mails anything.'),
      side);

    const onlyOpen = h('input', { type: 'checkbox', id: 'exports-open' });
    const newButton = h('button', { type: 'button', onclick: () => newExport() }, 'New hand-over');
    // The side panel closed: the keyboard goes back to New hand-over.
    const closeSide = () => { clear(side); newButton.focus(); };
    // A panel drawn afresh: the keyboard starts at its heading.
    const showPanel = (panel) => { clear(side).append(panel); panel.querySelector('h2').focus(); };
    const table = dataTable({
      caption: 'Hand-overs',
      filterLabel: 'Filter hand-overs',
      sort: 'id',
      order: 'desc',
      noun: 'hand-overs',
      emptyText: 'No credentials handed over yet.',
      tools: [newButton,
        h('span', { class: 'check inline' }, onlyOpen, h('label', { for: 'exports-open' }, 'Only those awaiting the signed SoW'))],
      columns: [
        { key: 'id', label: 'No.', sortable: true, render: (e) => h('button', { type: 'button', class: 'link', onclick: () => show(e.id) }, `#${e.id}`) },
        { key: 'created_at', label: 'Created', sortable: true, render: (e) => formatTime(e.created_at) },
        { key: 'created_by', label: 'By' },
        { key: 'handler_name', label: 'Data handler', sortable: true },
        { key: 'devices', label: 'Devices', sortable: true },
        { key: 'state', label: 'Archives', sortable: true, render: (e) => h('span', { class: `badge ${e.state === 'ready' ? 'warn' : e.state === 'failed' ? 'bad' : ''}` }, STATES[e.state] || e.state) },
        { key: 'expires_at', label: 'Downloadable until', render: (e) => (e.state === 'ready' ? formatTime(e.expires_at) : '—') },
        { key: 'acknowledged', label: 'Receipt', render: (e) => (e.acknowledged ? h('span', { class: 'badge ok' }, 'Acknowledged') : e.state === 'failed' ? '—' : h('span', { class: 'badge warn' }, 'Awaiting signed SoW')) },
      ],
      load: (p) => get(`/api/v1/sip-devices/exports${query(p)}`),
    });
    onlyOpen.addEventListener('change', () => table.setFilter('unacknowledged', onlyOpen.checked ? '1' : ''));
    main.append(table.el);
    const openId = params && Number(params.get('open'));
    if (openId > 0) show(openId);
    if (params && params.get('unacknowledged')) { onlyOpen.checked = true; table.setFilter('unacknowledged', '1'); }

    // A new hand-over: the data handler, the devices, the admin's password.
    function newExport() {
      const eligible = devices.items.filter((d) => !d.flagged);
      const flagged = devices.items.filter((d) => d.flagged);
      const handlerSel = h('select', { id: 'ho-handler', 'aria-describedby': 'ho-handler-error' },
        h('option', { value: '' }, '— select —'),
        handlers.items.map((x) => h('option', { value: String(x.id) }, `${x.name}${x.organisation ? `, ${x.organisation}` : ''} (${x.phone})`)));
      const boxes = eligible.map((d) => h('input', { type: 'checkbox', value: String(d.id), id: `ho-dev-${d.id}` }));
      const all = h('input', { type: 'checkbox', id: 'ho-all' });
      all.addEventListener('change', () => { for (const b of boxes) b.checked = all.checked; });
      const pw = h('input', { type: 'password', id: 'ho-password', autocomplete: 'current-password', 'aria-describedby': 'ho-password-error' });
      const errs = { handler_id: h('p', { class: 'error', id: 'ho-handler-error', hidden: true, 'aria-live': 'polite' }), devices: h('p', { class: 'error', id: 'ho-devices-error', hidden: true, 'aria-live': 'polite' }), password: h('p', { class: 'error', id: 'ho-password-error', hidden: true, 'aria-live': 'polite' }) };
      const formErr = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const go = h('button', { type: 'submit' }, 'Export credentials');
      const close = h('button', { type: 'button', class: 'secondary', onclick: closeSide }, 'Cancel');
      const setErr = (k, m) => { errs[k].textContent = m; errs[k].hidden = !m; };
      const f = h('form', { novalidate: true },
        formErr,
        h('div', { class: 'field' }, h('label', { for: 'ho-handler' }, 'Customer data handler'), handlerSel,
          handlers.items.length ? null : h('p', { class: 'hint' }, 'Add the pre-agreed data handler under SIP Devices > Settings first.'), errs.handler_id),
        h('fieldset', { class: 'choices', 'aria-describedby': 'ho-devices-error' }, h('legend', {}, `Devices (${eligible.length} meet every requirement)`),
          eligible.length ? h('div', { class: 'check' }, all, h('label', { for: 'ho-all' }, 'All of them')) : h('p', { class: 'hint' }, 'No device meets every requirement yet.'),
          h('ul', { class: 'check-list' }, eligible.map((d, i) => h('li', { class: 'check' }, boxes[i], h('label', { for: `ho-dev-${d.id}` }, `${d.extension} ${d.user_name} — ${d.manufacturer} ${d.model}`)))),
          flagged.length ? h('p', { class: 'hint' }, `Not offered (a requirement not met): ${flagged.map((d) => d.extension).join(', ')}.`) : null,
          errs.devices),
        h('div', { class: 'field' }, h('label', { for: 'ho-password' }, 'Your password'), pw, h('p', { class: 'hint' }, 'You say it is you again before credentials leave the appliance.'), errs.password),
        h('div', { class: 'actions' }, go, close));
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        for (const k of Object.keys(errs)) setErr(k, '');
        formErr.hidden = true;
        const ids = boxes.filter((b) => b.checked).map((b) => Number(b.value));
        if (!handlerSel.value) { setErr('handler_id', 'Choose the data handler.'); handlerSel.focus(); return; }
        if (!ids.length) { setErr('devices', 'Choose at least one device.'); (boxes[0] || all).focus(); return; }
        if (!pw.value) { setErr('password', 'Enter your password.'); pw.focus(); return; }
        const who = handlers.items.find((x) => String(x.id) === handlerSel.value);
        if (!(await confirmDialog({ title: `Hand over ${ids.length} SIP credential${ids.length === 1 ? '' : 's'} to ${who.name}?`, message: 'The three passwords are shown once, on the next screen: have a way to note them, and give them by phone or text message only.', confirmLabel: 'Export credentials' }))) return;
        go.disabled = true;
        try {
          const r = await post('/api/v1/sip-devices/exports', { devices: ids, handler_id: Number(handlerSel.value), password: pw.value });
          pw.value = '';
          handedOver(r, who);
          table.reload();
        } catch (e) {
          const placed = e instanceof ApiError && e.details.some((d) => {
            const k = d.field.startsWith('devices') ? 'devices' : d.field;
            if (!errs[k]) return false;
            setErr(k, d.message);
            return true;
          });
          if (!placed) { formErr.textContent = e.message; formErr.hidden = false; }
        } finally { go.disabled = false; }
      });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'ho-title' }, h('h2', { id: 'ho-title' }, 'New hand-over'), f));
      handlerSel.focus();
    }

    // The answer: the passwords this once, the job's progress, then the
    // archives to download and the delivery to confirm.
    function handedOver(r, who) {
      const p = r.passwords;
      const row = (label, value, id) => h('div', { class: 'secret-row' },
        h('span', { id }, label), h('code', { class: 'secret', 'aria-labelledby': id }, value),
        h('button', { type: 'button', class: 'secondary', 'aria-describedby': id, onclick: (ev) => { navigator.clipboard.writeText(value).then(() => { ev.target.textContent = 'Copied'; }, () => { ev.target.textContent = 'Copy failed: select the text'; }); } }, 'Copy'));
      const prog = jobProgress(r.job, 'Building the archives');
      const after = h('div', { 'aria-live': 'polite' });
      const closeBtn = h('button', { type: 'button', class: 'secondary' }, 'Close');
      closeBtn.addEventListener('click', async () => {
        if (await confirmDialog({ title: 'Close the passwords?', message: 'They cannot be shown again. If they were not noted, make a new hand-over.', confirmLabel: 'Close' })) show(r.export.id);
      });
      showPanel(h('section', { class: 'panel handover', 'aria-labelledby': 'ho-done-title' },
        h('h2', { id: 'ho-done-title', tabindex: '-1' }, `Hand-over #${r.export.id} to ${who.name}`),
        h('p', { class: 'notice', role: 'note' }, h('strong', {}, 'Shown once. '), `Give these passwords to ${who.name} (${who.phone}) by phone or text message, never by e-mail. The appliance does not keep them.`),
        row(`Password of archive 1 (${r.export.names_file}, SIP names)`, p.names_archive, 'pw-names'),
        row(`Password of archive 2 (${r.export.passwords_file}, SIP passwords)`, p.passwords_archive, 'pw-passwords'),
        row('Password of both spreadsheets', p.spreadsheets, 'pw-sheets'),
        prog.el, after, h('div', { class: 'actions' }, closeBtn)));
      prog.done.then(async () => {
        const e = await get(`/api/v1/sip-devices/exports/${r.export.id}`);
        after.append(archiveActions(e, () => show(e.id)));
        table.reload();
      }, (err) => { after.append(h('p', { class: 'form-error', role: 'alert' }, err.message)); table.reload(); });
    }

    // Download both archives and confirm the delivery (then wiped).
    function archiveActions(e, then) {
      if (e.state !== 'ready') return null;
      const dl = (name, what) => h('button', { type: 'button', onclick: () => downloadFile(`/api/v1/sip-devices/exports/${e.id}/archives/${name}`, 'application/zip', name) }, `Download ${name} (${what})`);
      const delivered = h('button', { type: 'button', class: 'danger' }, 'Confirm delivered: wipe the archives');
      delivered.addEventListener('click', async () => {
        if (!(await confirmDialog({ title: 'Both archives delivered?', message: 'They are wiped from the appliance now and cannot be downloaded again.', confirmLabel: 'Wipe the archives', danger: true }))) return;
        await post(`/api/v1/sip-devices/exports/${e.id}/delivered`, {});
        table.reload();
        then();
      });
      return h('div', {},
        h('p', {}, `Send each archive to ${e.handler_name} in its own e-mail, with a subject that says nothing of its purpose. Then confirm the delivery: the archives are wiped. Downloadable until ${formatTime(e.expires_at)}.`),
        h('div', { class: 'actions' }, dl(e.names_file, 'archive 1'), dl(e.passwords_file, 'archive 2'), delivered));
    }

    async function show(id) {
      const e = await get(`/api/v1/sip-devices/exports/${id}`);
      const close = h('button', { type: 'button', class: 'secondary', onclick: closeSide }, 'Close');
      showPanel(h('section', { class: 'panel', 'aria-labelledby': 'ho-show-title' },
        h('h2', { id: 'ho-show-title', tabindex: '-1' }, `Hand-over #${e.id} to ${e.handler_name}`),
        facts([
          ['Created', `${formatTime(e.created_at)} by ${e.created_by}`],
          ['Data handler', `${e.handler_name} (${e.handler_contact})`],
          ['Archives', `${STATES[e.state] || e.state}${e.state === 'ready' ? `, until ${formatTime(e.expires_at)}` : ''}`],
          ['Archive 1 (SIP names)', e.names_file],
          ['Archive 2 (SIP passwords)', e.passwords_file],
        ]),
        archiveActions(e, () => show(id)),
        h('details', {}, h('summary', {}, `${e.devices} device${e.devices === 1 ? '' : 's'}, in the spreadsheets' row order`),
          h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['Spreadsheet row', 'Extension', 'User', 'SIP name'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, e.rows.map((x) => h('tr', {}, h('td', {}, String(x.row + 1)), h('td', {}, x.extension), h('td', {}, x.user_name), h('td', {}, x.sip_name)))))),
        receipt(e),
        h('div', { class: 'actions' }, close)));
    }

    // The acknowledgement of receipt: the signed Statement of Work.
    function receipt(e) {
      if (e.state === 'failed' || e.state === 'building') return null;
      if (e.acknowledged) {
        const a = e.acknowledgement;
        return h('div', {}, h('h3', {}, 'Receipt acknowledged'), facts([
          ['Statement of Work', a.reference], ['Signed by', a.signed_by], ['Signed on', a.signed_on], ['Recorded', `${formatTime(a.recorded_at)} by ${a.recorded_by}`]]));
      }
      const fields = [
        ['signed_by', 'Signed by (customer data handler)', 'text'],
        ['signed_on', 'Signed on', 'date'],
        ['reference', 'Statement of Work reference', 'text'],
      ].map(([k, label, type]) => ({ k, label, input: h('input', { id: `ack-${k}`, type, autocomplete: 'off', 'aria-describedby': `ack-${k}-error` }), err: h('p', { class: 'error', id: `ack-${k}-error`, hidden: true, 'aria-live': 'polite' }) }));
      fields[0].input.value = e.handler_name;
      const checks = statements.map((s) => ({ key: s.key, input: h('input', { type: 'checkbox', id: `ack-st-${s.key}`, 'aria-describedby': `ack-st-${s.key}-error` }), text: s.text, err: h('p', { class: 'error', id: `ack-st-${s.key}-error`, hidden: true, 'aria-live': 'polite' }) }));
      const formErr = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const save = h('button', { type: 'submit' }, 'Record the acknowledgement');
      const f = h('form', { novalidate: true }, formErr,
        fields.map((x) => h('div', { class: 'field' }, h('label', { for: x.input.id }, x.label), x.input, x.err)),
        h('fieldset', { class: 'choices' }, h('legend', {}, 'The signed SoW holds these statements'),
          checks.map((c) => h('div', { class: 'field check' }, c.input, h('label', { for: c.input.id }, c.text), c.err))),
        h('div', { class: 'actions' }, save));
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        formErr.hidden = true;
        for (const x of [...fields, ...checks]) { x.err.hidden = true; x.input.removeAttribute('aria-invalid'); }
        const body = { statements: {} };
        for (const x of fields) body[x.k] = x.input.value.trim();
        for (const c of checks) body.statements[c.key] = c.input.checked;
        save.disabled = true;
        try {
          await put(`/api/v1/sip-devices/exports/${e.id}/acknowledgement`, body);
          table.reload();
          await show(e.id);
        } catch (err) {
          let first = null;
          for (const d of (err instanceof ApiError ? err.details : [])) {
            const x = fields.find((y) => y.k === d.field) || checks.find((c) => `statements.${c.key}` === d.field);
            if (!x) continue;
            x.err.textContent = d.message; x.err.hidden = false; x.input.setAttribute('aria-invalid', 'true');
            first = first || x.input;
          }
          if (first) first.focus(); else { formErr.textContent = err.message; formErr.hidden = false; }
        } finally { save.disabled = false; }
      });
      return h('div', {}, h('h3', {}, 'Acknowledgement of receipt'),
        h('p', { class: 'hint' }, 'Record the Statement of Work the customer signed for this hand-over.'), f);
    }
  },
};
