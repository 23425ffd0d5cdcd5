// Switchboard — OpenScape Business > Unify Phone JWT: the tenant's JSON Web
// Token, needed for user provisioning in Unify Phone (seed 003, 2.5): its
// status in the seed's words with the expiry and the date it turns
// Expiring, the JWT token field to paste a new one (Done), Clear, and the
// JWT creation portal's steps (6.1). The token is never shown again.
import { h, clear, formatTime } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { get, put } from '../api.js';
import { confirmDialog } from '../ui/dialog.js';
import { saveVersioned, redrawPage, RELOADED } from '../ui/versioned.js';
import { updateBanner } from './unify-common.js';

const BADGE = { 'Not set': 'warn', Active: 'ok', 'Invalid token': 'bad', Expiring: 'warn', Expired: 'bad' };
const API = '/api/v1/unify/jwt';

function statusPanel(j, note) {
  const rows = [
    ['JWT connection status', h('span', { class: `badge ${BADGE[j.status] || 'warn'}`, id: 'jwt-status' }, j.status)],
    ['Description', j.description],
  ];
  if (j.reason) rows.push(['Why', j.reason]);
  if (j.set) {
    rows.push(['Expires', formatTime(j.expires_at)], ['Expiring from', formatTime(j.expiring_from)]);
    if (j.not_before) rows.push(['Not valid before', formatTime(j.not_before)]);
    if (j.issued_at) rows.push(['Issued', formatTime(j.issued_at)]);
    rows.push(['Pasted', `${formatTime(j.set_at)} by ${j.set_by}`]);
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'jwt-now' },
    h('h2', { id: 'jwt-now' }, 'Status'), note, facts(rows),
    h('p', { class: 'hint' }, j.signature_note));
}

function pastePanel(j, onSaved, onCleared) {
  const clearButton = h('button', { type: 'button', class: 'secondary', hidden: !j.set }, 'Clear');
  const f = form({
    fields: [{
      name: 'token', label: 'JWT token', type: 'textarea', required: true,
      hint: 'Paste the JWT copied from the JWT creation portal. It is sealed at rest and never shown again; paste a new one to replace it.',
    }],
    submitLabel: 'Done',
    onSubmit: async (v) => {
      const r = await saveVersioned((tag) => put(API, { token: v.token.trim() }, { ifMatch: tag }), j, redrawPage);
      if (r !== RELOADED) onSaved(r);
      return undefined;
    },
    extraButtons: [clearButton],
  });
  clearButton.addEventListener('click', async () => {
    if (!(await confirmDialog({
      title: 'Clear the JWT?',
      message: 'The stored JWT is removed and the status becomes "Not set": Unify Phone will not be functional for your tenant until a new JWT is pasted.',
      confirmLabel: 'Clear', danger: true,
    }))) return;
    try {
      const r = await saveVersioned((tag) => put(API, { token: '' }, { ifMatch: tag }), j, redrawPage);
      if (r !== RELOADED) onCleared(r);
    } catch (e) {
      f.showError(e.message);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'jwt-paste' },
    h('h2', { id: 'jwt-paste' }, j.set ? 'Replace the JWT' : 'Paste the JWT'), f.el);
}

function helpPanel(statuses) {
  const steps = [
    'Locate the Unify Phone client ID and copy it to your clipboard.',
    'Open the JWT creation portal and sign in using your Unify Video administration account credentials.',
    'Add a name for your label of the JWT in the Label field, fill in the required information and create the JWT.',
    'Copy the successfully created JWT to your clipboard.',
    'Paste the JWT into the JWT token field above and click Done.',
  ];
  return h('section', { class: 'panel', 'aria-labelledby': 'jwt-help' },
    h('h2', { id: 'jwt-help' }, 'JWT creation portal'),
    h('ol', {}, steps.map((s) => h('li', {}, s))),
    h('h3', {}, 'The statuses of the JWT token'),
    h('table', { class: 'data', 'aria-label': 'JWT statuses' },
      h('thead', {}, h('tr', {}, ['Connection status', 'Description'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, statuses.map((s) => h('tr', {}, h('td', {}, h('span', { class: `badge ${BADGE[s.status]}` }, s.status)), h('td', {}, s.description))))));
}

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    const body = h('div', {});
    main.append(h('h1', {}, 'Unify Phone JWT'),
      h('p', { class: 'lead' }, 'When a tenant is first created, Unify Phone is not integrated with Unify Video: a JSON Web Token (JWT) is needed for user provisioning in Unify Phone. It matters for the flavour "Unify Phone for Unify Video" and is kept whatever the flavour.'),
      body);

    async function draw(answer, said) {
      const [j, sys] = await Promise.all([answer ? Promise.resolve(answer) : get(API), get('/api/v1/unify/system')]);
      clear(body);
      const banner = updateBanner(sys);
      if (banner) body.append(banner);
      const note = h('p', { class: 'form-ok', role: 'status', hidden: !said }, said || '');
      body.append(statusPanel(j, note));
      if (admin) body.append(pastePanel(j, (r) => draw(r, `Saved. The JWT is ${r.status}.`), (r) => draw(r, 'Cleared. No JWT is stored.')));
      else body.append(h('p', { class: 'hint' }, 'Only an admin can paste or clear the JWT.'));
      body.append(helpPanel(j.statuses));
    }
    await draw();
  },
};
