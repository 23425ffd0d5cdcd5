// Switchboard — an audit entry's detail as lines a person reads: a
// recorded change ({"diff": {"field": [old, new]}}) as "field: old → new",
// anything else as "key: value", nested objects flattened to paths
// ("changes.firmware_version: 5.9"), long lists shortened with a count
// ("12 phones: Desk 1, Desk 2, Desk 3 and 9 more") and times written as
// every page writes them.
import { formatTime } from './dom.js';

const SHOWN = 3; // names a detail lists before "and N more"
const SHOWN_CHANGED = 8; // values a changed list shows: old and new compare
// A time the API writes (ISO 8601, UTC), shown as every time is.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function scalar(v) {
  if (v === null || v === undefined) return '(none)';
  if (v === '') return '(empty)';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'string' && ISO_TIME.test(v)) return formatTime(v);
  return String(v);
}

// A list of names: "a, b, c and 9 more".
export function shortList(items, shown = SHOWN) {
  if (!items.length) return '(none)';
  const head = items.slice(0, shown).map(scalar).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

// One value of a change.
export function valueText(v) {
  return Array.isArray(v) ? shortList(v, SHOWN_CHANGED) : scalar(v);
}

// "12 phones", "1 phone": the key names what the list holds.
function counted(key, n) {
  const noun = n === 1 && key.endsWith('s') ? key.slice(0, -1) : key;
  return `${n} ${noun.replace(/_/g, ' ')}`;
}

function flatten(prefix, v, out) {
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      v.slice(0, SHOWN).forEach((x, i) => flatten(`${prefix}[${i}]`, x, out));
      if (v.length > SHOWN) out.push({ key: prefix, text: `and ${v.length - SHOWN} more` });
    } else {
      // A top-level list says what it holds itself: "12 phones: …".
      const top = !prefix.includes('.') && !prefix.includes('[');
      if (v.length > 1 && top) out.push({ text: `${counted(prefix, v.length)}: ${shortList(v)}` });
      else out.push({ key: prefix, text: shortList(v) });
    }
  } else if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) out.push({ key: prefix, text: '(none)' });
    for (const k of keys) flatten(prefix ? `${prefix}.${k}` : k, v[k], out);
  } else {
    out.push({ key: prefix, text: scalar(v) });
  }
}

// [{key, old, new}] for a change, [{key, text}] or [{text}] for any other
// detail.
export function detailLines(detail) {
  if (!detail || typeof detail !== 'object') return [];
  const out = [];
  for (const [k, v] of Object.entries(detail)) {
    if (k === 'diff' && v && typeof v === 'object' && !Array.isArray(v)) {
      const changes = Object.entries(v).filter(([, ov]) => Array.isArray(ov) && ov.length === 2);
      if (!changes.length) out.push({ key: 'diff', text: 'nothing changed' });
      for (const [field, [was, now]] of changes) out.push({ key: field, old: valueText(was), new: valueText(now) });
    } else {
      flatten(k, v, out);
    }
  }
  return out;
}
