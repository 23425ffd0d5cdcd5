// Switchboard — Provisioning > Custom files: the per-manufacturer custom
// directory (the seed's \i3\ic\provision\<manufacturer>). Phones whose
// config_files custom attribute names a file ([MACADDRESS] and [MODEL]
// filled in) get it with their configuration.
import { h, clear, formatTime, formatBytes, fileText } from '../ui/dom.js';
import { dataTable, localLoad } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { uploadFile } from '../ui/upload.js';
import { ApiError, get, del } from '../api.js';

const MAKERS = ['Polycom', 'AudioCodes', 'Genesys', 'ININ'];

export default {
  render(main, { session }) {
    const admin = session.user.role === 'admin';
    const viewer = h('div');
    const path = (x) => `/api/v1/custom-files/${encodeURIComponent(x.manufacturer)}/${encodeURIComponent(x.name)}`;
    const table = dataTable({
      caption: 'Custom files',
      filterLabel: 'Filter custom files',
      sort: 'name',
      emptyText: 'No custom file yet.',
      columns: [
        { key: 'manufacturer', label: 'Manufacturer', sortable: true },
        { key: 'name', label: 'File', sortable: true, render: (x) => h('button', { type: 'button', class: 'link', onclick: async () => {
          const r = await get(path(x));
          clear(viewer).append(h('section', { class: 'panel' }, h('h2', {}, `${x.manufacturer} / ${x.name}`), fileText(r.content, `${x.manufacturer} / ${x.name}`)));
        } }, x.name) },
        { key: 'size', label: 'Size', sortable: true, render: (x) => formatBytes(x.size) },
        { key: 'uploaded_at', label: 'Uploaded', sortable: true, render: (x) => formatTime(x.uploaded_at) },
        { key: 'actions', label: 'Actions', render: (x) => (admin ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${x.name}`, onclick: async () => {
          if (!(await confirmDialog({ title: `Delete ${x.name}?`, message: 'Phones that list it in config_files no longer get it.', confirmLabel: 'Delete', danger: true }))) return;
          await del(path(x));
          clear(viewer);
          table.reload();
        } }, 'Delete') : '') },
      ],
      load: localLoad(async () => (await get('/api/v1/custom-files')).items, (x) => `${x.manufacturer} ${x.name}`),
    });
    let form = null;
    if (admin) {
      const f = fieldRegistry();
      const maker = h('select', {}, MAKERS.map((m) => h('option', { value: m }, m)));
      const file = h('input', { type: 'file' });
      const name = h('input', { maxlength: 100, spellcheck: 'false' });
      const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const ok = h('div', { role: 'status' });
      file.addEventListener('change', () => { if (file.files.length) name.value = file.files[0].name; });
      form = h('form', { class: 'panel', novalidate: true }, h('h2', {}, 'Add a custom file'), err, ok,
        f.control('manufacturer', 'Manufacturer', maker), f.control('file', 'File', file),
        f.control('name', 'Name phones ask for', name, 'Letters, digits, ".", "_" and "-"; at most 1 MiB. Name it in a phone\'s config_files custom attribute, e.g. [MACADDRESS]-directory.cfg.'),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Upload')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear(); err.hidden = true; clear(ok);
        if (!file.files.length) { f.show('file', 'Choose a file.'); return; }
        try {
          await uploadFile('PUT', `/api/v1/custom-files/${encodeURIComponent(maker.value)}/${encodeURIComponent(name.value.trim())}`, file.files[0], { type: 'text/plain' });
          ok.append(h('p', { class: 'form-ok' }, `Stored ${name.value.trim()} for ${maker.value} phones.`));
          table.reload();
        } catch (e) {
          if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field, d.message))) { err.textContent = e.message; err.hidden = false; }
        }
      });
    }
    main.append(h('h1', {}, 'Custom files'),
      h('p', { class: 'lead' }, 'Configuration the appliance does not generate (microbrowser, directories, site tweaks), served to the phones that list it in their config_files custom attribute. For Polycom phones it comes after the generated files, so generated settings win.'),
      form, viewer, table.el);
  },
};
