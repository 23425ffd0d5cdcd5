// Switchboard — downloading a list as the API exports it (CSV or XLSX by
// Accept), with the filter and sort the table shows.
import { h } from './dom.js';
import { query } from '../api.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function downloadList(path, accept, name, q, sort) {
  const res = await fetch(`${path}${query({ q, sort })}`, { headers: { Accept: accept }, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`Export failed (${res.status}).`);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
