// Switchboard — System > Audit log: every change, login and token write.
import { h, formatTime, parseDay, uid } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { detailLines } from '../ui/audit-detail.js';
import { get, query } from '../api.js';

const LINES_SHOWN = 6; // more sit behind "N more"

function lineNode(l) {
  if (l.old !== undefined) {
    return h('li', {}, h('span', { class: 'detail-key' }, `${l.key}: `), h('span', { class: 'detail-old' }, l.old), ' → ', h('span', { class: 'detail-new' }, l.new));
  }
  return h('li', {}, l.key ? h('span', { class: 'detail-key' }, `${l.key}: `) : null, l.text);
}

// An entry's detail: what changed as "field: old → new", anything else as
// "key: value" lines.
function detailCell(e) {
  const lines = detailLines(e.detail);
  if (!lines.length) return '';
  const list = h('ul', { class: 'audit-detail' }, lines.slice(0, LINES_SHOWN).map(lineNode));
  if (lines.length <= LINES_SHOWN) return list;
  const rest = lines.length - LINES_SHOWN;
  return h('div', {}, list, h('details', {}, h('summary', {}, `${rest} more`), h('ul', { class: 'audit-detail' }, lines.slice(LINES_SHOWN).map(lineNode))));
}

function selectFilter(label, options, onChange) {
  const id = uid('af');
  const sel = h('select', { id }, options.map(([v, l]) => h('option', { value: v }, l)));
  sel.addEventListener('change', () => onChange(sel.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), sel);
}

// A day, written as the table writes it (not a date input, which the
// browser writes month-first in some locales).
function dateFilter(label, onChange) {
  const id = uid('af');
  const err = h('p', { class: 'error', id: `${id}-e`, hidden: true });
  const input = h('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. 2026-12-06', 'aria-describedby': err.id });
  input.addEventListener('change', () => {
    const day = parseDay(input.value);
    const ok = day !== null || input.value.trim() === '';
    err.textContent = ok ? '' : 'Write the date as YYYY-MM-DD.';
    err.hidden = ok;
    if (ok) input.removeAttribute('aria-invalid'); else input.setAttribute('aria-invalid', 'true');
    if (ok) onChange(day || '');
  });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, err);
}

export default {
  render(main) {
    const tools = [];
    const table = dataTable({
      caption: 'Audit log',
      filterLabel: 'Search',
      sort: 'at',
      order: 'desc',
      columns: [
        { key: 'at', label: 'When', sortable: true, render: (e) => formatTime(e.at, { seconds: true }) },
        { key: 'actor', label: 'Who', sortable: true },
        { key: 'via', label: 'Via', render: (e) => e.via_label || e.via },
        { key: 'address', label: 'From', sortable: true },
        { key: 'action', label: 'What', sortable: true, render: (e) => h('code', {}, e.action) },
        { key: 'target', label: 'Target', sortable: true },
        { key: 'outcome', label: 'Outcome', sortable: true, render: (e) => h('span', { class: `badge ${e.outcome === 'success' ? 'ok' : 'bad'}` }, e.outcome) },
        { key: 'detail', label: 'Detail', wrap: true, render: detailCell },
      ],
      load: (p) => get(`/api/v1/audit${query(p)}`),
      tools,
    });
    tools.push(
      selectFilter('Outcome', [['', 'Any'], ['success', 'Success'], ['failure', 'Failure']], (v) => table.setFilter('outcome', v)),
      dateFilter('From', (v) => table.setFilter('since', v)),
      dateFilter('Before', (v) => table.setFilter('until', v)),
    );
    table.el.querySelector('.table-tools').append(...tools);
    table.el.classList.add('audit-log');
    main.append(h('h1', {}, 'Audit log'), h('p', { class: 'lead' }, 'Every change, login and API-token write: who, when, from where, and what changed (old → new).'), table.el);
  },
};
