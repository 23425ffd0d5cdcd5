// Switchboard — Provisioning > Firmware: images per model and version,
// uploaded with a progress bar, checksummed (SHA-256); each phone gets its
// selected version or, on "latest", the newest uploaded for its model.
// Firmware a phone uses cannot be deleted.
import { h, clear, formatTime, formatBytes } from '../ui/dom.js';
import { dataTable, localLoad } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { uploadFile, progressBar } from '../ui/upload.js';
import { ApiError, get, del, query } from '../api.js';

export default {
  async render(main, { session }) {
    const catalog = await get('/api/v1/catalog');
    const admin = session.user.role === 'admin';
    const note = h('div', { role: 'status' });
    const table = dataTable({
      caption: 'Firmware files',
      filterLabel: 'Filter firmware',
      sort: 'model',
      columns: [
        { key: 'model', label: 'Model', sortable: true, render: (f) => `${f.manufacturer} ${f.model}` },
        { key: 'version', label: 'Version', sortable: true },
        { key: 'filename', label: 'File phones ask for', sortable: true, render: (f) => h('code', {}, f.filename) },
        { key: 'size', label: 'Size', sortable: true, render: (f) => formatBytes(f.size) },
        { key: 'sha256', label: 'SHA-256', render: (f) => h('code', { title: f.sha256 }, `${f.sha256.slice(0, 16)}…`) },
        { key: 'used_by', label: 'Used by', sortable: true, render: (f) => `${f.used_by} phones` },
        { key: 'uploaded_at', label: 'Uploaded', sortable: true, render: (f) => formatTime(f.uploaded_at) },
        { key: 'actions', label: 'Actions', render: (f) => (admin ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${f.model} ${f.version}`, disabled: f.used_by > 0, title: f.used_by > 0 ? 'Phones use this firmware' : '', onclick: () => remove(f) }, 'Delete') : '') },
      ],
      load: localLoad(async () => (await get('/api/v1/firmware')).items, (f) => `${f.manufacturer} ${f.model} ${f.version} ${f.filename}`),
    });

    async function remove(f) {
      if (!(await confirmDialog({ title: `Delete ${f.model} ${f.version}?`, message: `The image is removed from the appliance. No phone uses it now (${f.used_by} phones); phones of ${f.model} on "latest" get the newest version left, if this one was the newest.`, confirmLabel: 'Delete', danger: true }))) return;
      try {
        await del(`/api/v1/firmware/${f.id}`);
        note.replaceChildren(h('p', { class: 'form-ok' }, `Deleted ${f.filename}.`));
      } catch (e) { note.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message)); }
      table.reload();
    }

    function uploadForm() {
      const f = fieldRegistry();
      const makers = catalog.manufacturers.filter((m) => m.models.some((x) => x.selectable_firmware && x.family !== 'softphone'));
      const maker = h('select', {}, makers.map((m) => h('option', { value: m.name }, m.name)));
      const model = h('select');
      const version = h('select');
      const filename = h('input', { maxlength: 100, spellcheck: 'false' });
      const file = h('input', { type: 'file' });
      const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const slot = h('div');
      const models = () => makers.find((m) => m.name === maker.value).models.filter((x) => x.family !== 'softphone');
      const drawVersions = () => {
        const m = models().find((x) => x.name === model.value);
        clear(version).append(...(m ? m.firmware : []).map((v) => h('option', { value: v.version }, `${v.version}${v.status !== 'supported' ? ` (${v.status})` : ''}`)));
        if (m && m.firmware_image && !filename.value) filename.value = m.firmware_image;
      };
      const drawModels = () => { clear(model).append(...models().map((x) => h('option', { value: x.name }, x.name))); filename.value = ''; drawVersions(); };
      maker.addEventListener('change', drawModels);
      model.addEventListener('change', () => { filename.value = ''; drawVersions(); });
      file.addEventListener('change', () => { if (file.files.length && !filename.value) filename.value = file.files[0].name; });
      drawModels();
      const send = h('button', { type: 'submit' }, 'Upload');
      const formEl = h('form', { class: 'panel', novalidate: true }, h('h2', {}, 'Upload firmware'), err,
        f.control('manufacturer', 'Manufacturer', maker), f.control('model', 'Model', model),
        f.control('version', 'Version', version, 'A version the phone catalog lists for this model.'),
        f.control('file', 'Image file', file),
        f.control('filename', 'File name phones ask for', filename, 'Interaction SIP Station, AudioCodes and Genesys phones ask for the model\'s image name (420HD.img); Polycom phones follow APP_FILE_PATH.'),
        slot, h('div', { class: 'actions' }, send));
      formEl.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        f.clear(); err.hidden = true;
        if (!file.files.length) { f.show('file', 'Choose the image file.'); return; }
        // Say what the upload moves before it is sent.
        let reach;
        try {
          reach = await get(`/api/v1/firmware/reach${query({ manufacturer: maker.value, model: model.value, version: version.value })}`);
        } catch (e) {
          if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field, d.message))) { err.textContent = e.message; err.hidden = false; }
          return;
        }
        const phones = (k) => `${k.toLocaleString('en')} phone${k === 1 ? '' : 's'}`;
        const what = reach.becomes_latest
          ? `${version.value} becomes the latest firmware of ${model.value}${reach.latest ? ` (now ${reach.latest})` : ''}: ${phones(reach.moving)} that select latest move to it at their next check and update themselves.`
          : `${version.value} is older than the latest of ${model.value} (${reach.latest}): no phone moves to it unless it is selected on the phone's page.`;
        if (!(await confirmDialog({ title: `Upload ${model.value} ${version.value}?`, message: what, confirmLabel: 'Upload' }))) return;
        const bar = progressBar('Upload progress');
        clear(slot).append(bar.el);
        send.disabled = true;
        try {
          const r = await uploadFile('POST', `/api/v1/firmware${query({ manufacturer: maker.value, model: model.value, version: version.value, filename: filename.value.trim() })}`,
            file.files[0], { onProgress: bar.set });
          clear(slot).append(h('p', { class: 'form-ok', role: 'status' }, `Stored ${r.filename}: ${formatBytes(r.size)}, SHA-256 ${r.sha256}.`));
          table.reload();
        } catch (e) {
          clear(slot);
          if (!(e instanceof ApiError) || !e.details.some((d) => f.show(d.field, d.message))) { err.textContent = e.message; err.hidden = false; }
        } finally { send.disabled = false; }
      });
      return formEl;
    }

    main.append(h('h1', {}, 'Firmware'),
      h('p', { class: 'lead' }, 'Images phones update themselves from. Each phone gets the version selected on its page, or for "latest" the newest version uploaded for its model. A phone runs the firmware when its User-Agent says so, and shows Up-to-date then.'),
      note, admin ? uploadForm() : null, table.el);
  },
};
