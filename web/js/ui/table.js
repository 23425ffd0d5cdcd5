// Switchboard — a table over a list endpoint (?q=&sort=&order=&limit=&offset=)
// that sorts, filters and pages on the server.
import { h, clear, uid } from './dom.js';
import { pageNumbers } from './paged.js';

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
// selectable: rows get checkboxes; once a whole page is ticked the admin may
// select every row the filter matches. onSelect(ids, matching) is told of
// each change; matching is {q, total} when every matching row is meant.
export function dataTable({ caption, columns, load, sort, order = 'asc', filterLabel = 'Filter', tools = [], emptyText = 'Nothing here yet.', selectable = false, onSelect = () => {}, query = '', noun = 'rows' }) {
  const selected = new Set();
  let matching = null; // {q, total}: every row the filter matches
  const state = { q: query, sort, order, limit: 25, offset: 0, extra: {} };
  const filterId = uid('filter');
  const filter = h('input', { id: filterId, type: 'search', autocomplete: 'off', value: query });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const thead = h('thead');
  const tbody = h('tbody');
  const table = h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption), thead, tbody);
  const info = h('span');
  const prev = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Previous page' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Next page' }, 'Next ›');
  const pages = h('span', { class: 'page-numbers' });
  const jumpId = uid('jump');
  const jump = h('input', { id: jumpId, type: 'number', min: 1, inputmode: 'numeric', class: 'page-jump' });
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
  const selectBar = h('div', { class: 'select-all-bar', role: 'status', hidden: true });
  const el = h('div', { class: 'data-table' },
    h('div', { class: 'table-tools' }, h('div', { class: 'field' }, h('label', { for: filterId }, filterLabel), filter), tools),
    selectBar,
    wrap,
    h('nav', { class: 'pager', 'aria-label': `Pages of ${caption.toLowerCase()}` }, prev, pages, next, info,
      h('span', { class: 'page-jump-field' }, h('label', { for: jumpId }, 'Go to page'), jump),
      h('label', { for: sizeId }, 'Rows per page'), size,
      h('span', { class: 'density' }, compact, h('label', { for: compactId }, 'Compact rows'))), status);
  let total = 0;
  const pageCount = () => Math.max(1, Math.ceil(total / state.limit));
  const goTo = (p) => { state.offset = (Math.min(Math.max(1, p), pageCount()) - 1) * state.limit; reload(); };
  const tell = () => onSelect([...selected], matching);

  // Page numbers: the first, the last, and two either side of this one.
  function drawPages() {
    const n = pageCount();
    const cur = Math.floor(state.offset / state.limit) + 1;
    const hadFocus = pages.contains(document.activeElement);
    clear(pages).append(...pageNumbers(cur, n).map((p) => {
      if (p === null) return h('span', { class: 'gap', 'aria-hidden': 'true' }, '…');
      const b = h('button', { type: 'button', class: p === cur ? 'page current' : 'page secondary', 'aria-label': `Page ${p}`, 'aria-current': p === cur ? 'page' : null }, String(p));
      b.addEventListener('click', () => goTo(p));
      return b;
    }));
    jump.max = n;
    jump.placeholder = `(1–${n})`;
    // The page button pressed is gone: the keyboard stays on this page's.
    if (hadFocus) pages.querySelector('[aria-current]').focus();
  }

  // Once the whole page is ticked: offer every matching row.
  function drawSelectBar(rows) {
    if (!selectable) return;
    clear(selectBar);
    const pageAll = rows.length > 0 && rows.every((r) => selected.has(r.id));
    if (matching) {
      selectBar.append(`All ${matching.total.toLocaleString('en')} ${noun} matching${matching.q ? ` “${matching.q}”` : ''} are selected. `,
        h('button', { type: 'button', class: 'link', onclick: () => { matching = null; selected.clear(); tell(); reload(); } }, 'Clear selection'));
      selectBar.hidden = false;
    } else if (pageAll && total > rows.length) {
      selectBar.append(`All ${rows.length} ${noun} on this page are selected. `,
        h('button', { type: 'button', class: 'link', onclick: () => { matching = { q: state.q, total }; tell(); reload(); } }, `Select all ${total.toLocaleString('en')} matching`));
      selectBar.hidden = false;
    } else {
      selectBar.hidden = true;
    }
  }

  let pageRows = [];
  function header() {
    // A sort button pressed is drawn afresh: the keyboard stays on it.
    const sortFocused = thead.contains(document.activeElement) ? document.activeElement.dataset.sort : null;
    let refocus = null;
    clear(thead);
    const all = selectable ? h('input', { type: 'checkbox', 'aria-label': 'Select all rows on this page', checked: !!matching }) : null;
    if (all) {
      all.addEventListener('change', () => {
        if (!all.checked) matching = null;
        for (const r of pageRows) { if (all.checked) selected.add(r.id); else selected.delete(r.id); }
        for (const cb of tbody.querySelectorAll('input.row-select')) cb.checked = all.checked;
        drawSelectBar(pageRows);
        tell();
      });
    }
    thead.append(h('tr', {}, all ? h('th', { scope: 'col' }, all) : null, columns.map((c) => {
      const active = state.sort === c.key;
      const ariaSort = active ? (state.order === 'asc' ? 'ascending' : 'descending') : (c.sortable ? 'none' : null);
      if (!c.sortable) return h('th', { scope: 'col' }, c.label);
      const btn = h('button', { type: 'button', dataset: { sort: c.key } }, c.label, active ? (state.order === 'asc' ? '\u00a0▲' : '\u00a0▼') : '');
      if (sortFocused === c.key) refocus = btn;
      btn.addEventListener('click', () => {
        if (state.sort === c.key) state.order = state.order === 'asc' ? 'desc' : 'asc';
        else { state.sort = c.key; state.order = 'asc'; }
        state.offset = 0;
        reload();
      });
      return h('th', { scope: 'col', 'aria-sort': ariaSort }, btn);
    })));
    if (refocus) refocus.focus();
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
        const cb = h('input', { type: 'checkbox', class: 'row-select', checked: !!matching || selected.has(row.id), 'aria-label': `Select ${row.name || row.id}` });
        cb.addEventListener('change', () => {
          if (matching && !cb.checked) { matching = null; for (const r of pageRows) selected.add(r.id); }
          if (cb.checked) selected.add(row.id); else selected.delete(row.id);
          drawSelectBar(pageRows);
          tell();
        });
        pick = h('td', {}, cb);
      }
      tbody.append(h('tr', {}, pick, columns.map((c) => h('td', { class: c.wrap ? 'wrap' : null }, c.render ? c.render(row) : (row[c.key] ?? '—')))));
    }
    total = data.total;
    const first = data.total ? state.offset + 1 : 0;
    const last = Math.min(state.offset + state.limit, data.total);
    const fmt = (n) => n.toLocaleString('en');
    info.textContent = `Rows ${fmt(first)}–${fmt(last)} of ${fmt(data.total)}`;
    status.textContent = `${data.total} rows`;
    // Previous or Next, pressed to the first or last page, is disabled:
    // the keyboard moves to this page's button rather than to nowhere.
    const was = document.activeElement;
    prev.disabled = state.offset === 0;
    next.disabled = last >= data.total;
    drawPages();
    if ((was === prev || was === next) && was.disabled) pages.querySelector('[aria-current]').focus();
    drawSelectBar(data.items);
  }

  let timer;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = filter.value.trim();
      state.offset = 0;
      if (matching) { matching = null; selected.clear(); tell(); } // another filter, another set
      reload();
    }, 250);
  });
  prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); reload(); });
  next.addEventListener('click', () => { state.offset += state.limit; reload(); });
  size.addEventListener('change', () => { state.limit = Number(size.value); state.offset = 0; reload(); });
  jump.addEventListener('keydown', (e) => { if (e.key === 'Enter' && jump.value) { e.preventDefault(); goTo(Number(jump.value)); jump.value = ''; } });
  jump.addEventListener('change', () => { if (jump.value) { goTo(Number(jump.value)); jump.value = ''; } });

  reload();
  return {
    el,
    reload,
    setFilter(key, value) { state.extra[key] = value; state.offset = 0; reload(); },
    // What an action on the selection sends: the ids, or the filter and the
    // count the admin saw ({filter:{q}, expect}).
    selection: () => (matching ? { filter: { q: matching.q }, expect: matching.total } : { ids: [...selected] }),
    selectionCount: () => (matching ? matching.total : selected.size),
    clearSelection() { selected.clear(); matching = null; tell(); reload(); },
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
