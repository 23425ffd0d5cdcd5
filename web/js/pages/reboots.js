// Switchboard — Provisioning > Reboots: the reboot campaigns (SIP NOTIFY
// check-sync pushed to phones), and one campaign with its live progress,
// per-phone results, cancel and retry of the phones that failed.
import { h, clear, formatTime } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { canWrite } from '../ui/crud.js';
import { jobProgress } from '../ui/progress.js';
import { get, post, query } from '../api.js';

const STATE_BADGE = { accepted: 'ok', rejected: 'bad', 'no answer': 'warn', failed: 'bad', cancelled: '', pending: '', sent: '' };

function whenText(c) {
  if (c.when === 'now') return 'Now';
  if (c.when === 'after-hours') return `After hours (from ${formatTime(c.run_at)})`;
  return `At ${formatTime(c.run_at)}`;
}

function countsText(k) {
  return ['accepted', 'rejected', 'no answer', 'failed', 'cancelled', 'pending']
    .filter((s) => k && k[s]).map((s) => `${k[s]} ${s}`).join(', ') || '—';
}

function list(main, session) {
  const table = dataTable({
    caption: 'Reboot campaigns, newest first',
    filterLabel: 'Filter campaigns',
    sort: 'created_at',
    order: 'desc',
    columns: [
      { key: 'id', label: 'Campaign', render: (c) => h('a', { href: `#/provisioning/reboots?id=${c.id}` }, `#${c.id}`) },
      { key: 'created_at', label: 'Created', sortable: true, render: (c) => formatTime(c.created_at) },
      { key: 'created_by', label: 'By' },
      { key: 'when', label: 'When', render: whenText },
      { key: 'state', label: 'State', render: (c) => h('span', { class: `badge ${c.state === 'done' ? 'ok' : c.state === 'running' ? 'warn' : ''}` }, c.state) },
      { key: 'total', label: 'Phones' },
      { key: 'counts', label: 'Outcome', render: (c) => countsText(c.counts) },
    ],
    load: (p) => get(`/api/v1/reboots${query(p)}`),
    emptyText: canWrite(session) ? 'No reboot yet. Choose phones under Managed IP Phones > IP phones and press Reboot.' : 'No reboot yet.',
  });
  main.append(h('h1', {}, 'Reboots'),
    h('p', { class: 'lead' }, 'Phones re-read their configuration when they restart. A reboot campaign sends each phone a SIP NOTIFY (check-sync) at a set pace, so the provisioning server is never hit by every phone at once.'),
    table.el);
}

async function detail(main, session, id) {
  const head = h('div');
  const progress = h('div');
  const actions = h('div', { class: 'actions' });
  const note = h('div', { role: 'status' });
  const items = dataTable({
    caption: 'Phones of this campaign',
    filterLabel: 'Filter phones',
    sort: 'id',
    columns: [
      { key: 'phone_name', label: 'IP Phone Name', render: (i) => (i.phone_id ? h('a', { href: `#/phones/list?q=${encodeURIComponent(i.phone_name)}` }, i.phone_name) : i.phone_name) },
      { key: 'state', label: 'Result', render: (i) => h('span', { class: `badge ${STATE_BADGE[i.state] || ''}` }, i.state) },
      { key: 'status_code', label: 'Answer', render: (i) => (i.status_code ? `${i.status_code} ${i.reason || ''}` : i.reason || '') },
      { key: 'target', label: 'Sent to', render: (i) => (i.target ? h('code', {}, `${i.target} (${i.transport})`) : '') },
      { key: 'retransmits', label: 'Retransmissions' },
      { key: 'authenticated', label: 'Digest', render: (i) => (i.authenticated ? 'Yes' : '') },
      { key: 'sent_at_ms', label: 'Sent', render: (i) => (i.sent_at_ms ? formatTime(Math.floor(i.sent_at_ms / 1000)) : (i.state === 'pending' ? `not before ${formatTime(i.not_before)}` : '')) },
      { key: 'fetched_after', label: 'Fetched its file after', render: (i) => (i.fetched_after ? formatTime(i.config_fetched_at) : '') },
    ],
    load: (p) => get(`/api/v1/reboots/${id}/items${query(p)}`),
  });
  main.append(h('p', {}, h('a', { href: '#/provisioning/reboots' }, '← All reboot campaigns')), head, progress, actions, note, items.el);

  async function show() {
    const c = await get(`/api/v1/reboots/${id}`);
    clear(head).append(h('h1', {}, `Reboot campaign #${c.id}`), h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', {}, c.state + (c.cancelled_by ? ` (cancelled by ${c.cancelled_by})` : '')),
      h('dt', {}, 'When'), h('dd', {}, whenText(c)),
      h('dt', {}, 'Pace'), h('dd', {}, `${c.rate} ${c.rate === 1 ? 'phone' : 'phones'} a second, at most ${c.max_concurrent} rebooting at once`),
      h('dt', {}, 'Created'), h('dd', {}, `${formatTime(c.created_at)} by ${c.created_by}`),
      h('dt', {}, 'Phones'), h('dd', {}, String(c.total)),
      h('dt', {}, 'Outcome'), h('dd', {}, countsText(c.counts)),
      ...(c.retry_of ? [h('dt', {}, 'Retry of'), h('dd', {}, h('a', { href: `#/provisioning/reboots?id=${c.retry_of}` }, `#${c.retry_of}`))] : [])));
    clear(actions);
    if (canWrite(session) && (c.state === 'scheduled' || c.state === 'running') && !c.cancelled_by) {
      actions.append(h('button', { type: 'button', class: 'secondary danger', onclick: async () => {
        if (!(await confirmDialog({ title: 'Cancel this campaign?', message: 'Phones not yet notified are left alone; phones already notified still reboot.', confirmLabel: 'Cancel campaign', danger: true }))) return;
        await post(`/api/v1/reboots/${id}/cancel`);
        show();
      } }, 'Cancel campaign'));
    }
    const failed = c.counts ? c.counts.rejected + c.counts['no answer'] + c.counts.failed : 0;
    if (canWrite(session) && (c.state === 'done' || c.state === 'cancelled') && failed > 0) {
      actions.append(h('button', { type: 'button', onclick: async () => {
        if (!(await confirmDialog({ title: `Retry ${failed} phones?`, message: 'A new campaign, now, at the same pace, of the phones that rejected the NOTIFY, did not answer or could not be reached.', confirmLabel: 'Retry' }))) return;
        const r = await post(`/api/v1/reboots/${id}/retry`);
        location.hash = `#/provisioning/reboots?id=${r.id}`;
      } }, `Retry the ${failed} that failed`));
    }
    return c;
  }

  const c = await show();
  if (c.state === 'scheduled' || c.state === 'running') {
    const p = jobProgress(c.job, `Reboot campaign ${c.id}`);
    progress.append(p.el);
    // While it runs: the counts and the rows follow the progress.
    const timer = setInterval(() => { if (document.body.contains(progress)) { show(); items.reload(); } else clearInterval(timer); }, 2000);
    p.done.catch(() => {}).finally(() => { clearInterval(timer); show(); items.reload(); });
  }
}

export default {
  async render(main, { session, params }) {
    const id = params && params.get('id');
    if (id) await detail(main, session, Number(id));
    else list(main, session);
  },
};
