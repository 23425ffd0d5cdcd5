// Switchboard — a list the server pages, with where you are in it: "Rows
// 1,001–1,100 of 9,993", page numbers, previous and next, above and below
// the rows. Only the page on screen is fetched.
import { h, clear, uid } from './dom.js';

export const fmt = (n) => Number(n).toLocaleString('en-US');

const AROUND = 2; // page numbers shown either side of the current one

// The page numbers to offer: the first, the last and those around the
// current one, with null where some are left out. Both pagers use it.
export function pageNumbers(current, count) {
  const out = [];
  for (let p = 1; p <= count; p += 1) {
    if (p === 1 || p === count || Math.abs(p - current) <= AROUND) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

// label: what the list is ("Phones to create"); limit: rows a page;
// load({limit, offset, q}) -> {items, total}; render(items, container)
// draws a page; search: a label for a search box (q), or null; noun:
// what a row is, for the count ("rows").
export function paged({ label, limit = 100, load, render, search = null, noun = 'rows', emptyText = 'Nothing here.' }) {
  const state = { offset: 0, total: 0, q: '' };
  const body = h('div', { class: 'paged-body' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const top = h('nav', { class: 'pager', 'aria-label': `${label}: pages` });
  const bottom = h('nav', { class: 'pager', 'aria-label': `${label}: pages (end)` });
  let box = null;
  if (search) {
    const id = uid('q');
    const input = h('input', { id, type: 'search', autocomplete: 'off' });
    let timer;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.q = input.value.trim(); state.offset = 0; reload(); }, 250);
    });
    box = h('div', { class: 'field paged-search' }, h('label', { for: id }, search), input);
  }
  const el = h('div', { class: 'paged' }, box, top, body, bottom, status);

  function go(offset) {
    state.offset = offset;
    reload().then(() => top.scrollIntoView({ block: 'nearest' }));
  }

  function drawPager(nav, withInfo) {
    clear(nav);
    const pages = Math.max(1, Math.ceil(state.total / limit));
    const current = Math.floor(state.offset / limit) + 1;
    const first = state.total ? state.offset + 1 : 0;
    const last = Math.min(state.offset + limit, state.total);
    if (withInfo) nav.append(h('span', { class: 'pager-info' }, `${noun[0].toUpperCase()}${noun.slice(1)} ${fmt(first)}–${fmt(last)} of ${fmt(state.total)}`));
    if (pages < 2) return;
    const prev = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Previous page', disabled: current === 1 }, '‹');
    prev.addEventListener('click', () => go(state.offset - limit));
    const next = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Next page', disabled: current === pages }, '›');
    next.addEventListener('click', () => go(state.offset + limit));
    const numbers = pageNumbers(current, pages).map((p) => {
      if (p === null) return h('span', { class: 'gap', 'aria-hidden': 'true' }, '…');
      const b = h('button', { type: 'button', class: 'secondary page', 'aria-label': `Page ${p}`, 'aria-current': p === current ? 'page' : null }, fmt(p));
      b.addEventListener('click', () => go((p - 1) * limit));
      return b;
    });
    nav.append(h('span', { class: 'pages' }, prev, numbers, next));
  }

  let seq = 0;
  async function reload() {
    const mine = ++seq;
    let data;
    try {
      data = await load({ limit, offset: state.offset, q: state.q });
    } catch (e) {
      if (mine === seq) clear(body).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
      return;
    }
    if (mine !== seq) return;
    state.total = data.total;
    // The list shrank under the page (a filter): go to its last page.
    if (state.offset > 0 && state.offset >= data.total) {
      state.offset = Math.max(0, Math.floor((data.total - 1) / limit) * limit);
      await reload();
      return;
    }
    clear(body);
    if (!data.items.length) body.append(h('p', { class: 'empty' }, state.q ? 'Nothing matches the search.' : emptyText));
    else render(data.items, body);
    drawPager(top, true);
    drawPager(bottom, false);
    bottom.hidden = state.total <= limit;
    status.textContent = `${fmt(state.total)} ${noun}`;
  }

  reload();
  return { el, reload, total: () => state.total };
}

// A paged table: columns [{label, render(row) -> node|string}].
export function pagedTable({ caption, columns, ...opts }) {
  return paged({
    label: caption,
    ...opts,
    render(items, body) {
      body.append(h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
        h('tbody', {}, items.map((x) => h('tr', {}, columns.map((c) => h('td', { class: c.wrap ? 'wrap' : null }, c.render(x)))))))));
    },
  });
}
