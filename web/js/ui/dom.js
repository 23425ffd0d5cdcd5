// Switchboard — building DOM nodes without innerHTML, so no text from the
// API can become markup.

// h('button', {class: 'x', onclick: fn}, 'text', child, ...)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Dates and times, written one way everywhere (tables, messages, form
// fields): local time, year first, 24-hour — "2026-12-06 14:05", with
// seconds where the order within a minute matters (the audit log). Not
// toLocaleString: that writes 12-hour times and month-first dates in some
// locales.
const pad2 = (n) => String(n).padStart(2, '0');

function toDate(t) {
  if (t instanceof Date) return t;
  return typeof t === 'number' ? new Date(t * 1000) : new Date(t);
}

// t: a Date, seconds since the epoch or an ISO 8601 string; '—' for none.
export function formatTime(t, { seconds = false } = {}) {
  if (t === null || t === undefined || t === '') return '—';
  const d = toDate(t);
  if (isNaN(d)) return String(t);
  const day = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}${seconds ? `:${pad2(d.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}

// The time of day alone, "14:05".
export function formatClock(t) {
  const d = toDate(t);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

// "2026-12-06 14:05" (or with a T) as local time; null unless it is a
// real date and time written that way.
export function parseDateTime(text) {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})\s*$/.exec(text || '');
  if (!m) return null;
  const [y, mo, d, hh, mm] = m.slice(1).map(Number);
  const date = new Date(y, mo - 1, d, hh, mm);
  const same = date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && date.getHours() === hh && date.getMinutes() === mm;
  return same ? date : null;
}

// "2026-12-06" as written, or null unless it is a real date.
export function parseDay(text) {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || '');
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number);
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

// A file's text in a box that scrolls: focusable, so the keyboard can
// scroll it too, and named after the file.
export function fileText(text, name) {
  return h('pre', { class: 'file', tabindex: '0', role: 'region', 'aria-label': name }, text);
}

let idSeq = 0;
export function uid(prefix = 'id') { idSeq += 1; return `${prefix}-${idSeq}`; }
