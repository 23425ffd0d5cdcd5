// Switchboard — System > Backups: consistent copies of the database, and
// whole-system archives (backups-system.js), taken while the appliance runs,
// to download and keep elsewhere; restoring a system archive; nightly ones.
import { h, clear, formatTime, formatBytes } from '../ui/dom.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { jobProgress } from '../ui/progress.js';
import { get, post, del } from '../api.js';
import { systemBackupPanel, restorePanel, nightlyPanel } from './backups-system.js';

export default {
  render(main) {
    const status = h('div');
    const take = h('button', { type: 'button' }, 'Take a database backup now');
    const table = dataTable({
      caption: 'Backups',
      filterLabel: 'Filter backups',
      sort: 'created_at',
      order: 'desc',
      columns: [
        { key: 'name', label: 'File', sortable: true, render: (b) => h('a', { href: `/api/v1/system/backups/${encodeURIComponent(b.name)}`, download: b.name }, b.name) },
        { key: 'kind', label: 'Kind', sortable: true },
        { key: 'size', label: 'Size', sortable: true, render: (b) => formatBytes(b.size) },
        { key: 'created_at', label: 'Taken', sortable: true, render: (b) => formatTime(b.created_at) },
        { key: 'actions', label: 'Actions', render: (b) => h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${b.name}`, onclick: () => remove(b) }, 'Delete') },
      ],
      // The folder is small: sort, filter and page here.
      load: async (p) => {
        const all = (await get('/api/v1/system/backups')).items.filter((b) => !p.q || b.name.includes(p.q));
        const dir = p.order === 'desc' ? -1 : 1;
        all.sort((a, b) => (a[p.sort] < b[p.sort] ? -dir : a[p.sort] > b[p.sort] ? dir : 0));
        return { items: all.slice(p.offset, p.offset + p.limit), total: all.length };
      },
      tools: [take],
    });
    take.addEventListener('click', async () => {
      take.disabled = true;
      try {
        const job = await post('/api/v1/system/backups', { kind: 'database' });
        const p = jobProgress(job, 'Backup progress');
        clear(status).append(h('section', { class: 'panel' }, h('h2', {}, 'Backup'), p.el));
        const done = await p.done;
        clear(status).append(h('p', { class: 'form-ok', role: 'status' }, `Backup ${done.result.name} (${formatBytes(done.result.size)}) is ready to download.`));
        table.reload();
      } catch (e) {
        clear(status).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
      } finally {
        take.disabled = false;
      }
    });
    async function remove(b) {
      if (!(await confirmDialog({ title: `Delete ${b.name}?`, message: 'The file is removed from the appliance for good.', confirmLabel: 'Delete', danger: true }))) return;
      await del(`/api/v1/system/backups/${encodeURIComponent(b.name)}`);
      table.reload();
    }
    main.append(h('h1', {}, 'Backups'),
      h('p', { class: 'lead' }, 'A database backup holds the whole database; a system backup adds the firmware files, the certificate and, if you ask, the secret key sealed with a passphrase. Secrets in the database stay sealed: without the key (secret.key in the data directory) they open only on this appliance.'),
      status, table.el,
      systemBackupPanel({ onTaken: () => table.reload() }),
      restorePanel(),
      nightlyPanel());
  },
};
