// Switchboard — Service Center: Status > ITSP > Unify Phone (Cloud) with its
// last check and a check on demand, the Diagnose checklist (the seed's FAQ
// as live checks, 003 5.3), the trace settings to send with an error
// report (5.1), and re-enabling the connector after the clone guard.
import { h, clear, formatTime } from '../ui/dom.js';
import { facts } from '../ui/form.js';
import { get, post, ApiError } from '../api.js';
import { confirmDialog } from '../ui/dialog.js';
import { updateBanner } from './unify-common.js';

const STATUS_BADGE = { registered: 'ok', not_registered: 'bad', no_rest_api: 'bad' };
const RESULT_BADGE = { pass: 'ok', fail: 'bad', 'not checked yet': 'warn' };

function part(p) {
  if (!p) return '—';
  const what = p.ok ? p.answer : [p.error, p.answer].filter(Boolean).join(' — ');
  return `${p.target}: ${what}${p.address ? ` (${p.address})` : ''}, ${p.ms} ms`;
}

function statusPanel(s, canCheck, onCheck) {
  const check = h('button', { type: 'button', disabled: !canCheck }, 'Check now');
  const note = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  check.addEventListener('click', async () => {
    check.disabled = true;
    check.setAttribute('aria-busy', 'true');
    note.textContent = 'Checking: SIP OPTIONS over TLS, then the REST API…';
    try {
      await onCheck();
    } catch (e) {
      note.textContent = e.message;
      check.disabled = false;
      check.removeAttribute('aria-busy');
    }
  });
  const rows = [
    ['ITSP Status', h('span', { class: `badge ${STATUS_BADGE[s.code] || 'warn'}`, id: 'itsp-status' }, s.status)],
    ['Last check', s.checked_at ? formatTime(s.checked_at) : 'not checked yet'],
  ];
  if (s.guard) rows.push(['Why', 'The connector is disabled: see above.']);
  else if (s.reason) rows.push(['Why', s.reason]);
  rows.push(['SIP over TLS', part(s.sip)], ['REST API', part(s.rest)]);
  if (s.remedy) rows.push(['Remedy', s.remedy]);
  return h('section', { class: 'panel', 'aria-labelledby': 'sc-status' },
    h('h2', { id: 'sc-status' }, 'Status - ITSP - Unify Phone (Cloud)'), facts(rows),
    h('p', { class: 'hint' }, s.checking_every_minutes ? `Checked automatically every ${s.checking_every_minutes} minutes while Unify Phone is enabled.` : 'Checked only when asked.'),
    note, h('div', { class: 'actions' }, check));
}

function diagnosePanel(d) {
  const body = d.groups.flatMap((g) => [
    h('tr', {}, h('th', { scope: 'rowgroup', colspan: '4', class: 'group' }, g.symptom)),
    ...g.checks.map((c) => h('tr', { 'data-check': c.id },
      h('td', {}, c.check), h('td', {}, h('span', { class: `badge ${RESULT_BADGE[c.result]}` }, c.result)),
      h('td', {}, c.detail || ''), h('td', {}, c.remedy || ''))),
  ]);
  const s = d.summary;
  return h('section', { class: 'panel', 'aria-labelledby': 'sc-diag' },
    h('h2', { id: 'sc-diag' }, 'Diagnose'),
    h('p', {}, `${s.pass} passed, ${s.fail} failed, ${s.not_checked} not checked yet. Judged ${formatTime(d.checked_at)} from the connector check of ${d.connector_checked_at ? formatTime(d.connector_checked_at) : '(none yet)'}.`),
    h('table', { 'aria-label': 'FAQ checks by symptom', class: 'diagnose' },
      h('thead', {}, h('tr', {}, ['Cause', 'Result', 'Found', 'Remedy'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, body)));
}

function tracePanel(t) {
  const list = (items) => h('ul', {}, items.map((x) => h('li', {}, x)));
  return h('section', { class: 'panel', 'aria-labelledby': 'sc-trace' },
    h('h2', { id: 'sc-trace' }, 'Required trace settings for error reporting'),
    h('h3', {}, 'OpenScape Business Trace Profiles'), list(t.profiles),
    h('h3', {}, 'OpenScape Business Trace Components'), list(t.components),
    h('h3', {}, 'Additional helpful data and files for error analysis'), list(t.additional));
}

function guardPanel(guard, admin, onDone) {
  const confirmBox = h('input', { type: 'checkbox', id: 'guard-confirm' });
  const fresh = h('input', { type: 'checkbox', id: 'guard-new-identity' });
  const err = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const go = h('button', { type: 'button', disabled: !admin }, 'Re-enable the Unify Phone connector');
  go.addEventListener('click', async () => {
    err.hidden = true;
    const message = fresh.checked
      ? 'This system gets a new identity. The trunk, route and LCR entries copied from the original are removed: run the Unify Phone Connectivity wizard afterwards.'
      : 'This system takes over the original system\'s Unify Phone connector. Only do this when the original connector is uninstalled.';
    if (!(await confirmDialog({ title: 'Re-enable the Unify Phone connector?', message, confirmLabel: 'Re-enable' }))) return;
    try {
      await post('/api/v1/unify/connector/re-enable', { confirm: confirmBox.checked, new_identity: fresh.checked });
      await onDone();
    } catch (e) {
      err.textContent = e instanceof ApiError && e.details.length ? e.details[0].message : e.message;
      err.hidden = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'sc-guard' },
    h('h2', { id: 'sc-guard' }, 'Unify Phone connector disabled'),
    h('p', {}, guard.reason), h('p', { class: 'hint' }, `Detected ${formatTime(guard.detected_at)}.`),
    h('div', { class: 'field check' }, confirmBox, h('label', { for: 'guard-confirm' }, 'The original system\'s Unify Phone connector is uninstalled, or this system replaces it')),
    h('div', { class: 'field check' }, fresh, h('label', { for: 'guard-new-identity' }, 'Give this system a new identity (a copy that runs beside the original)')),
    err, h('div', { class: 'actions' }, go));
}

export default {
  async render(main, { session }) {
    const body = h('div', {});
    main.append(h('h1', {}, 'Service Center'), body);
    const role = session.user.role;

    async function draw(fresh) {
      const [s, d] = await Promise.all([fresh ? Promise.resolve(fresh) : get('/api/v1/unify/status'), get('/api/v1/unify/diagnostics')]);
      clear(body);
      if (s.guard) body.append(guardPanel(s.guard, role === 'admin', () => draw()));
      else {
        const banner = updateBanner(s);
        if (banner) body.append(banner);
      }
      body.append(statusPanel(s, role !== 'viewer', async () => draw(await post('/api/v1/unify/status/check'))),
        diagnosePanel(d), tracePanel(d.trace));
    }
    await draw();
  },
};
