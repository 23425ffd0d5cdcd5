// Switchboard — confirmation before destructive or estate-wide actions,
// built on <dialog> so focus and Escape behave as users expect.
import { h } from './dom.js';

export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'danger' : '' }, confirmLabel);
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const dlg = h('dialog', { 'aria-labelledby': titleId, role: 'alertdialog' },
      h('h2', { id: titleId }, title), h('p', {}, message), h('div', { class: 'actions' }, ok, cancel));
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
    cancel.focus();
  });
}
