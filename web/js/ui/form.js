// Switchboard — forms with labels, inline validation and the API's message
// shown beside the field it names.
import { h, clear, uid } from './dom.js';
import { ApiError } from '../api.js';

// fields: [{name, label, type, required, minlength, hint, options, value, autocomplete, group}]
// Fields that follow each other with the same group (a legend) share a
// fieldset: a checklist is named as one.
// onSubmit(values) returns a promise; its ApiError is shown on the fields.
export function form({ fields, submitLabel, onSubmit, extraButtons = [] }) {
  const errorBox = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const okBox = h('div', { class: 'form-ok', role: 'status', hidden: true });
  const controls = {};
  const errors = {};
  const serverJudged = {};	// field -> the value the server's message is about
  const rows = fields.map((f) => {
    const id = uid(f.name);
    const errId = `${id}-error`;
    const hintId = f.hint ? `${id}-hint` : null;
    let input;
    if (f.type === 'select') {
      input = h('select', { id, name: f.name }, f.options.map((o) => h('option', { value: o.value, selected: o.value === f.value }, o.label)));
    } else if (f.type === 'textarea') {
      input = h('textarea', { id, name: f.name, spellcheck: 'false' });
      if (f.value) input.value = f.value;
    } else if (f.type === 'checkbox') {
      input = h('input', { id, name: f.name, type: 'checkbox', checked: !!f.value });
    } else {
      input = h('input', { id, name: f.name, type: f.type || 'text', autocomplete: f.autocomplete || 'off', inputmode: f.inputmode });
      if (f.value !== undefined) input.value = f.value;
    }
    if (f.required) input.setAttribute('aria-required', 'true');
    if (f.disabled) input.disabled = true;
    input.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
    controls[f.name] = input;
    errors[f.name] = h('p', { class: 'error', id: errId, hidden: true, 'aria-live': 'polite' });
    const label = h('label', { for: id }, f.label);
    const star = f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null;
    // Leaving a field re-checks it, but a message from the server stays
    // until the value it judged changes.
    input.addEventListener('blur', () => { if (input.value !== '' && serverJudged[f.name] !== input.value) check(f); });
    input.addEventListener('input', () => { delete serverJudged[f.name]; setError(f.name, ''); });
    if (f.type === 'checkbox') return h('div', { class: 'field check' }, input, label, errors[f.name]);
    return h('div', { class: 'field' }, h('div', { class: 'label-row' }, label, star), input, hintId ? h('p', { class: 'hint', id: hintId }, f.hint) : null, errors[f.name]);
  });
  const grouped = [];
  rows.forEach((row, i) => {
    const g = fields[i].group;
    if (!g) { grouped.push(row); return; }
    const last = grouped[grouped.length - 1];
    if (i > 0 && fields[i - 1].group === g) last.append(row);
    else grouped.push(h('fieldset', { class: 'choices' }, h('legend', {}, g), row));
  });
  const submit = h('button', { type: 'submit' }, submitLabel);
  const el = h('form', { novalidate: true }, errorBox, okBox, grouped, h('div', { class: 'actions' }, submit, extraButtons));

  function setError(name, msg) {
    const c = controls[name];
    const e = errors[name];
    if (!c || !e) return false;
    e.textContent = msg;
    e.hidden = !msg;
    if (msg) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
    return true;
  }

  function check(f) {
    const v = controls[f.name].value;
    let msg = '';
    if (f.required && f.type !== 'checkbox' && v.trim() === '') msg = `${f.label} is required.`;
    else if (f.minlength && v.length > 0 && v.length < f.minlength) msg = `${f.label} must be at least ${f.minlength} characters long.`;
    else if (f.validate) msg = f.validate(v, values()) || '';
    setError(f.name, msg);
    return !msg;
  }

  function values() {
    const out = {};
    for (const f of fields) {
      const c = controls[f.name];
      out[f.name] = f.type === 'checkbox' ? c.checked : c.value;
    }
    return out;
  }

  function showError(msg) { errorBox.textContent = msg; errorBox.hidden = !msg; }
  function showOk(msg) { okBox.textContent = msg; okBox.hidden = !msg; }

  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(''); showOk('');
    const ok = fields.map(check).every(Boolean);
    if (!ok) {
      const first = fields.find((f) => controls[f.name].getAttribute('aria-invalid') === 'true');
      if (first) controls[first.name].focus();
      return;
    }
    submit.disabled = true;
    try {
      const msg = await onSubmit(values());
      if (typeof msg === 'string') showOk(msg);
    } catch (e) {
      if (e instanceof ApiError) {
        let placed = false;
        for (const d of e.details) {
          if (setError(d.field, d.message)) {
            placed = true;
            serverJudged[d.field] = controls[d.field].value;
          }
        }
        if (placed) {
          const f = e.details.find((d) => controls[d.field]);
          controls[f.field].focus();
        } else {
          showError(e.message);
        }
      } else {
        showError(String(e.message || e));
      }
    } finally {
      submit.disabled = false;
    }
  });

  return { el, controls, values, setError, showError, showOk, reset() { el.reset(); for (const n of Object.keys(errors)) setError(n, ''); } };
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function replace(el, ...children) { clear(el); for (const c of children) el.append(c); }
