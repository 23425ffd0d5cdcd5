// Switchboard — downloads: a list as the API exports it (CSV or XLSX by
// Accept), with the filter and sort the table shows, or any file the API
// makes.
import { h } from './dom.js';
import { query } from '../api.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Fetch url with the session and save what it answers as name.
export async function downloadFile(url, accept, name) {
  const res = await fetch(url, { headers: { Accept: accept }, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`Download failed (${res.status}).`);
  const href = URL.createObjectURL(await res.blob());
  const a = h('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

export function downloadList(path, accept, name, q, sort) {
  return downloadFile(`${path}${query({ q, sort })}`, accept, name);
}
