// Switchboard — the Reboot form: which phones (chosen ones, or every phone
// in Reboot pending), when (now, after hours in each location's window, or
// at a time), and the pace. Confirms first; on success opens the campaign.
import { h, uid, formatTime, parseDateTime } from './dom.js';
import { confirmDialog } from './dialog.js';
import { fieldRegistry } from './fieldset.js';
import { ApiError, post } from '../api.js';

// target: { phones: [ids] }, { filter, expect } or { reboot_pending: true };
// what: words for the confirmation ("3 phones", "every phone in Reboot
// pending"). The confirmation says how many phones the reboot reaches and
// why the others cannot be reached, as the API works it out.
export function rebootForm({ target, what, onClose }) {
  const f = fieldRegistry();
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const name = `when-${Math.random().toString(36).slice(2, 8)}`;
  const radio = (value, label, checked) => {
    const input = h('input', { type: 'radio', name, value, checked });
    return { input, el: h('label', { class: 'radio' }, input, ` ${label}`) };
  };
  const now = radio('now', 'Now', true);
  const after = radio('after-hours', "After hours (each location's window, in its time zone)", false);
  const at = radio('at', 'At a time', false);
  // Not a datetime-local input: the browser writes that one its own way
  // (12-hour in some locales); here it is written as everywhere else.
  const timeId = uid('when');
  const time = h('input', { type: 'text', id: timeId, disabled: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. 2026-12-06 22:30', 'aria-describedby': `${timeId}-h ${timeId}-e` });
  const whenErr = h('p', { class: 'error', id: `${timeId}-e`, hidden: true });
  for (const r of [now, after, at]) {
    r.input.addEventListener('change', () => {
      time.disabled = !at.input.checked;
      whenErr.hidden = true;
      time.removeAttribute('aria-invalid');
      if (at.input.checked) time.focus();
    });
  }
  const when = h('fieldset', { class: 'choices' }, h('legend', {}, 'When'), now.el, after.el,
    h('div', { class: 'inline' }, at.el, h('label', { class: 'visually-hidden', for: timeId }, 'Date and time'), time),
    h('p', { class: 'hint', id: `${timeId}-h` }, 'Local time, 24-hour: YYYY-MM-DD HH:MM.'), whenErr);
  f.attach('when', time, whenErr);
  const rate = h('input', { type: 'number', min: '0.01', max: '100000', step: 'any', value: '10', inputmode: 'decimal' });
  const conc = h('input', { type: 'number', min: '1', max: '16384', step: '1', value: '50', inputmode: 'numeric' });
  const submit = h('button', { type: 'submit' }, 'Reboot');
  const el = h('form', { novalidate: true, class: 'reboot-form' }, formError, when,
    f.control('rate', 'Phones per second', rate, 'At most this many NOTIFYs a second.'),
    f.control('max_concurrent', 'Phones rebooting at once', conc, 'A phone counts from its answer until it fetches its configuration again (5 minutes at most).'),
    h('div', { class: 'actions actions-save' }, submit, h('button', { type: 'button', class: 'secondary', onclick: onClose }, 'Close')));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    f.clear();
    formError.hidden = true;
    const body = { ...target, rate: Number(rate.value), max_concurrent: Number(conc.value) };
    const atTime = at.input.checked ? parseDateTime(time.value) : null;
    if (at.input.checked && !atTime) {
      f.show('when', 'Write the date and time as YYYY-MM-DD HH:MM, 24-hour.');
      return;
    }
    body.when = now.input.checked ? 'now' : after.input.checked ? 'after-hours' : atTime.toISOString();
    const whenWords = body.when === 'now' ? 'now' : body.when === 'after-hours' ? 'after hours' : `at ${formatTime(atTime)}`;
    submit.disabled = true; // one campaign per click
    let reach;
    try {
      reach = await post('/api/v1/reboots', { ...body, check: true });
    } catch (e) {
      submit.disabled = false;
      if (e instanceof ApiError && e.details.length && e.details.every((d) => f.show(d.field, d.message))) return;
      formError.textContent = e.message;
      formError.hidden = false;
      return;
    }
    submit.disabled = false;
    if (reach.total === 0) { formError.textContent = 'No phone is in Reboot pending.'; formError.hidden = false; return; }
    const n = (k) => `${k.toLocaleString('en')} phone${k === 1 ? '' : 's'}`;
    const cannot = reach.unreachable.map((u) => `${n(u.phones)}: ${u.reason}`).join(' ');
    const message = `${n(reach.total)}${target.reboot_pending ? ' in Reboot pending' : ''}: ${reach.reachable === reach.total ? 'every one' : `${reach.reachable.toLocaleString('en')}`} can be reached. `
      + `${cannot ? `${n(reach.total - reach.reachable)} cannot and are reported as failed — ${cannot} ` : ''}`
      + `Each phone reached gets a SIP NOTIFY (check-sync) ${whenWords}, ${body.rate} a second at most, and drops its calls while it restarts.`;
    if (!(await confirmDialog({ title: `Reboot ${n(reach.total)}?`, message, confirmLabel: 'Reboot', danger: true }))) return;
    submit.disabled = true;
    try {
      const c = await post('/api/v1/reboots', body);
      location.hash = `#/provisioning/reboots?id=${c.id}`;
    } catch (e) {
      if (e instanceof ApiError && e.details.length && e.details.every((d) => f.show(d.field, d.message))) return;
      formError.textContent = e.message;
      formError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return { el, focus: () => now.input.focus() };
}
