// Switchboard — importing a list (CSV or XLSX) all or nothing: pick the
// file, send it, and show either what was imported or every refused row
// and column with the reason, the data left as it was.
import { h, clear } from './dom.js';
import { uploadFile } from './upload.js';
import { ApiError } from '../api.js';

export function listImport({ id, title, url, hint, describe, onDone }) {
  const input = h('input', { type: 'file', id: `${id}-file`, accept: '.csv,.xlsx,text/csv' });
  const go = h('button', { type: 'button' }, 'Import');
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  go.addEventListener('click', async () => {
    clear(out);
    const file = input.files[0];
    if (!file) {
      out.append(h('p', { class: 'form-error' }, 'Choose a CSV or XLSX file first.'));
      return;
    }
    go.disabled = true;
    go.setAttribute('aria-busy', 'true');
    try {
      const xlsx = /\.xlsx$/i.test(file.name);
      const r = await uploadFile('POST', url, file, { type: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' });
      out.append(h('p', { class: 'form-ok' }, describe(r)));
      input.value = '';
      if (onDone) await onDone(r);
    } catch (e) {
      const rows = e instanceof ApiError ? e.details.filter((d) => d.row) : [];
      out.append(h('p', { class: 'form-error' }, e.message));
      if (rows.length) {
        out.append(h('table', { class: 'data compact', 'aria-label': 'Refused rows' },
          h('thead', {}, h('tr', {}, ['Row', 'Column', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows.map((d) => h('tr', {}, h('td', {}, String(d.row)), h('td', {}, d.field), h('td', {}, d.message))))));
      }
    } finally {
      // Disabling the pressed button took the keyboard away: give it back.
      const lost = !document.activeElement || document.activeElement === document.body;
      go.disabled = false;
      go.removeAttribute('aria-busy');
      if (lost) go.focus();
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), h('p', { class: 'hint' }, hint),
    h('div', { class: 'field' }, h('label', { for: `${id}-file` }, 'List file (CSV or XLSX)'), input),
    h('div', { class: 'actions' }, go), out);
}
