// Switchboard — the admin's own password again before a secret is shown:
// a dialog that sends it with the request (action(password)) and shows
// the API's message beside the field until it is right, or Cancel.
import { h } from './dom.js';
import { ApiError } from '../api.js';

// Resolves with what action returned, or null when cancelled.
export function askPassword({ title, message, confirmLabel = 'Reveal', action }) {
  return new Promise((resolve) => {
    const pw = h('input', { type: 'password', autocomplete: 'current-password', id: 'reauth-pw' });
    const err = h('p', { class: 'error', id: 'reauth-pw-error', hidden: true });
    pw.setAttribute('aria-describedby', 'reauth-pw-error');
    const ok = h('button', { type: 'submit' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const dlg = h('dialog', { 'aria-labelledby': 'reauth-title' },
      h('form', { method: 'dialog', novalidate: true },
        h('h2', { id: 'reauth-title' }, title),
        h('p', {}, message),
        h('div', { class: 'field' }, h('label', { for: 'reauth-pw' }, 'Your password'), pw, err),
        h('div', { class: 'actions' }, ok, cancel)));
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    cancel.addEventListener('click', () => done(null));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    dlg.querySelector('form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.hidden = true;
      ok.disabled = true;
      try {
        done(await action(pw.value));
      } catch (e) {
        err.textContent = e instanceof ApiError ? (e.fieldMessage('password') || e.message) : e.message;
        err.hidden = false;
        pw.setAttribute('aria-invalid', 'true');
        pw.focus();
      } finally { ok.disabled = false; }
    });
    document.body.append(dlg);
    dlg.showModal();
    pw.focus();
  });
}
