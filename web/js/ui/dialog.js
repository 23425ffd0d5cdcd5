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

// A choice among several answers; resolves with the chosen value, or
// cancelValue on Escape. choices: [{ value, label, danger }]; the first
// is focused.
export function choiceDialog({ title, message, choices, cancelValue = null }) {
  return new Promise((resolve) => {
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const buttons = choices.map((c, i) => h('button', { type: 'button', class: c.danger ? 'danger' : (i ? 'secondary' : '') }, c.label));
    const dlg = h('dialog', { 'aria-labelledby': titleId, role: 'alertdialog' },
      h('h2', { id: titleId }, title), h('p', {}, message), h('div', { class: 'actions' }, buttons));
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    buttons.forEach((b, i) => b.addEventListener('click', () => done(choices[i].value)));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(cancelValue); });
    document.body.append(dlg);
    dlg.showModal();
    buttons[0].focus();
  });
}
