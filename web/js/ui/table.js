// Switchboard — a table over a list endpoint (?q=&sort=&order=&limit=&offset=)
// that sorts, filters and pages on the server.
import { h, clear, uid } from './dom.js';

// Compact rows: one choice for every table, kept in this browser. The
// class sits on <html>, so tables drawn without dataTable follow it too.
const COMPACT_KEY = 'switchboard.compactRows';

function compactChosen() {
  try { return localStorage.getItem(COMPACT_KEY) === '1'; } catch (e) { return false; }
}

function chooseCompact(on) {
  try { if (on) localStorage.setItem(COMPACT_KEY, '1'); else localStorage.removeItem(COMPACT_KEY); } catch (e) { /* storage off: this page only */ }
  document.documentElement.classList.toggle('compact-rows', on);
  for (const box of document.querySelectorAll('input.compact-toggle')) box.checked = on;
}

document.documentElement.classList.toggle('compact-rows', compactChosen());

// columns: [{key, label, sortable, wrap, render(row) -> node|string}];
// a cell stays on one line unless its column may wrap (long free text).
// load({q, sort, order, limit, offset, ...filters}) -> {items, total}
export function dataTable({ caption, columns, load, sort, order = 'asc', filterLabel = 'Filter', tools = [], emptyText = 'Nothing here yet.', selectable = false, onSelect = () => {}, query = '' }) {
  const selected = new Set();
  const state = { q: query, sort, order, limit: 25, offset: 0, extra: {} };
  const filterId = uid('filter');
  const filter = h('input', { id: filterId, type: 'search', autocomplete: 'off', value: query });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const thead = h('thead');
  const tbody = h('tbody');
  const table = h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption), thead, tbody);
  const info = h('span');
  const prev = h('button', { type: 'button', class: 'secondary' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next ›');
  const sizeId = uid('size');
  const size = h('select', { id: sizeId }, [25, 50, 100].map((n) => h('option', { value: n, selected: n === 25 }, n)));
  const compactId = uid('compact');
  const compact = h('input', { type: 'checkbox', id: compactId, class: 'compact-toggle', checked: compactChosen() });
  compact.addEventListener('change', () => chooseCompact(compact.checked));
  // A table wider than its box scrolls sideways: then the keyboard must be
  // able to reach and scroll it, so it becomes a named, focusable region.
  const wrap = h('div', { class: 'table-wrap' }, table);
  const watch = new ResizeObserver(() => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth;
    for (const [k, v] of [['tabindex', '0'], ['role', 'region'], ['aria-label', caption]]) {
      if (scrolls) wrap.setAttribute(k, v); else wrap.removeAttribute(k);
    }
  });
  watch.observe(table);
  watch.observe(wrap);
  const el = h('div', { class: 'data-table' },
    h('div', { class: 'table-tools' }, h('div', { class: 'field' }, h('label', { for: filterId }, filterLabel), filter), tools),
    wrap,
    h('div', { class: 'pager' }, prev, next, info, h('label', { for: sizeId }, 'Rows per page'), size,
      h('span', { class: 'density' }, compact, h('label', { for: compactId }, 'Compact rows'))), status);

  let pageRows = [];
  function header() {
    clear(thead);
    const all = selectable ? h('input', { type: 'checkbox', 'aria-label': 'Select all rows on this page' }) : null;
    if (all) {
      all.addEventListener('change', () => {
        for (const r of pageRows) { if (all.checked) selected.add(r.id); else selected.delete(r.id); }
        for (const cb of tbody.querySelectorAll('input.row-select')) cb.checked = all.checked;
        onSelect([...selected]);
      });
    }
    thead.append(h('tr', {}, all ? h('th', { scope: 'col' }, all) : null, columns.map((c) => {
      const active = state.sort === c.key;
      const ariaSort = active ? (state.order === 'asc' ? 'ascending' : 'descending') : (c.sortable ? 'none' : null);
      if (!c.sortable) return h('th', { scope: 'col' }, c.label);
      const btn = h('button', { type: 'button' }, c.label, active ? (state.order === 'asc' ? '\u00a0▲' : '\u00a0▼') : '');
      btn.addEventListener('click', () => {
        if (state.sort === c.key) state.order = state.order === 'asc' ? 'desc' : 'asc';
        else { state.sort = c.key; state.order = 'asc'; }
        state.offset = 0;
        reload();
      });
      return h('th', { scope: 'col', 'aria-sort': ariaSort }, btn);
    })));
  }

  let seq = 0;
  async function reload() {
    header();
    const mine = ++seq;
    let data;
    try {
      data = await load({ q: state.q, sort: state.sort, order: state.order, limit: state.limit, offset: state.offset, ...state.extra });
    } catch (e) {
      if (mine !== seq) return;
      clear(tbody).append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, e.message)));
      return;
    }
    if (mine !== seq) return;
    clear(tbody);
    pageRows = data.items;
    if (!data.items.length) {
      tbody.append(h('tr', {}, h('td', { colspan: columns.length + (selectable ? 1 : 0), class: 'empty' }, state.q ? 'No rows match the filter.' : emptyText)));
    }
    for (const row of data.items) {
      let pick = null;
      if (selectable) {
        const cb = h('input', { type: 'checkbox', class: 'row-select', checked: selected.has(row.id), 'aria-label': `Select ${row.name || row.id}` });
        cb.addEventListener('change', () => { if (cb.checked) selected.add(row.id); else selected.delete(row.id); onSelect([...selected]); });
        pick = h('td', {}, cb);
      }
      tbody.append(h('tr', {}, pick, columns.map((c) => h('td', { class: c.wrap ? 'wrap' : null }, c.render ? c.render(row) : (row[c.key] ?? '—')))));
    }
    const first = data.total ? state.offset + 1 : 0;
    const last = Math.min(state.offset + state.limit, data.total);
    info.textContent = `Rows ${first}–${last} of ${data.total}`;
    status.textContent = `${data.total} rows`;
    prev.disabled = state.offset === 0;
    next.disabled = last >= data.total;
  }

  let timer;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = filter.value.trim(); state.offset = 0; reload(); }, 250);
  });
  prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); reload(); });
  next.addEventListener('click', () => { state.offset += state.limit; reload(); });
  size.addEventListener('change', () => { state.limit = Number(size.value); state.offset = 0; reload(); });

  reload();
  return {
    el,
    reload,
    setFilter(key, value) { state.extra[key] = value; state.offset = 0; reload(); },
    selected: () => [...selected],
    clearSelection() { selected.clear(); onSelect([]); reload(); },
  };
}

// A load function for a list the server returns whole (small lists):
// filter by text(row), sort and page here.
export function localLoad(fetchItems, text) {
  return async (p) => {
    const q = (p.q || '').toLowerCase();
    const all = (await fetchItems()).filter((r) => !q || text(r).toLowerCase().includes(q));
    const dir = p.order === 'desc' ? -1 : 1;
    all.sort((a, b) => (a[p.sort] < b[p.sort] ? -dir : a[p.sort] > b[p.sort] ? dir : 0));
    return { items: all.slice(p.offset, p.offset + p.limit), total: all.length };
  };
}
