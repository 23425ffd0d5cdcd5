// Switchboard — Managed IP Phone Assistant, "Create Managed IP Phones from
// Existing (Polycom) SIP Stations": manufacturer, default model, phone name
// format, configuration directory, items, Build Migration Items, backup,
// the migration with a progress bar, and Migration Results.
import { once } from '../ui/busy.js';
import { h, clear } from '../ui/dom.js';
import { jobProgress } from '../ui/progress.js';
import { confirmDialog } from '../ui/dialog.js';
import { uploadFile } from '../ui/upload.js';
import { get, post, query } from '../api.js';

const STEPS = ['Select Manufacturer', 'Select Default Model', 'New Phone Naming', 'Phone Configuration File Directory',
  'Select the Items to Migrate', 'Build Migration Items', 'Backup', 'Migration Results'];

// The name the server will give (migration_phone_name): case-sensitive
// substitutions; plain text is numbered _1, _2, ...
export function sampleName(format, firstDisplay, mac, n) {
  const fmt = format || '$FirstPrivateStation$';
  const mac12 = mac.replace(/:/g, '');
  if (!fmt.includes('$FirstPrivateStation$') && !fmt.includes('$MAC$')) return `${fmt}_${n}`;
  return fmt.split('$FirstPrivateStation$').join(firstDisplay || '(no display name)').split('$MAC$').join(mac12);
}

const fmtMac = (mac) => mac.replace(/:/g, '').toUpperCase();

function problemList(items, cls) {
  if (!items.length) return null;
  return h('ul', { class: cls }, items.map((p) => h('li', {}, typeof p === 'string' ? p : p.message)));
}

// { stepper, body, session, back }: back() returns to the Assistant's
// first page.
export async function startMigration({ stepper, body, session, back }) {
  const catalog = await get('/api/v1/catalog');
  const polycom = catalog.manufacturers.find((m) => m.name === 'Polycom');
  const state = { model: 'VVX 410', format: '$FirstPrivateStation$', mig: null, selected: [], build: null, backup: null };

  function show(step, ...content) {
    clear(stepper);
    STEPS.forEach((s, i) => stepper.append(h('li', { class: i === step ? 'current' : '', 'aria-current': i === step ? 'step' : null }, s)));
    clear(body).append(h('h2', {}, STEPS[step]), ...content.filter((x) => x != null));
    const first = body.querySelector('input, select, button:not(.secondary)');
    if (first) first.focus();
  }
  const backBtn = (fn) => h('button', { type: 'button', class: 'secondary', onclick: fn }, 'Back');
  const nextBtn = (fn, label = 'Next') => { const b = h('button', { type: 'button' }, label); b.addEventListener('click', fn); return b; };

  function manufacturer() {
    const sel = h('select', { id: 'mig-manufacturer' }, h('option', { value: 'Polycom' }, 'Polycom'));
    show(0, h('p', {}, 'Choose the manufacturer of the stations to migrate. Polycom is the only manufacturer the migration supports.'),
      h('div', { class: 'field' }, h('label', { for: 'mig-manufacturer' }, 'Manufacturer'), sel),
      h('div', { class: 'actions' }, backBtn(back), nextBtn(model)));
  }

  function model() {
    const sel = h('select', { id: 'mig-model' }, polycom.models.map((m) => h('option', { value: m.name, selected: m.name === state.model }, m.name)));
    show(1, h('p', {}, 'The default model is used when a phone has not told its model: the provisioning server learns the model and MAC from each phone\'s requests (User-Agent and the files it asks for).'),
      h('div', { class: 'field' }, h('label', { for: 'mig-model' }, 'Default model'), sel),
      h('div', { class: 'actions' }, backBtn(manufacturer), nextBtn(() => { state.model = sel.value; naming(); })));
  }

  function naming() {
    const input = h('input', { id: 'mig-format', value: state.format, maxlength: 100, 'aria-describedby': 'mig-format-hint mig-sample' });
    const first = state.mig && state.mig.items[0];
    const sample = h('output', { id: 'mig-sample', for: 'mig-format' });
    const update = () => { sample.textContent = sampleName(input.value, first ? first.first_display_name : 'Jane Doe', first ? first.mac : '00:04:f2:00:81:00', 1); };
    input.addEventListener('input', update);
    update();
    show(2, h('div', { class: 'field' }, h('label', { for: 'mig-format' }, 'Phone name format'), input,
      h('div', { class: 'hint', id: 'mig-format-hint' }, 'Substitution strings (case-sensitive): ', h('code', {}, '$FirstPrivateStation$'),
        ' — the first reg.x.displayName in the phone\'s files; ', h('code', {}, '$MAC$'), ' — the phone\'s MAC address. Plain text is numbered _1, _2, …')),
    h('p', {}, 'Sample phone name: ', h('strong', {}, sample)),
    h('div', { class: 'actions' }, backBtn(model), nextBtn(() => { state.format = input.value.trim() || '$FirstPrivateStation$'; directory(); })));
  }

  function directory() {
    const file = h('input', { type: 'file', id: 'mig-archive', accept: '.zip,.tar.gz,.tgz,application/zip,application/gzip' });
    const dir = h('input', { id: 'mig-dir', placeholder: 'e.g. /srv/tftp', 'aria-describedby': 'mig-dir-err' });
    const dirErr = h('div', { class: 'field-error', id: 'mig-dir-err' });
    const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const isAdmin = session.user.role === 'admin';
    const go = nextBtn(async () => {
      err.hidden = true; dirErr.textContent = '';
      if (!file.files.length && !dir.value.trim()) { err.textContent = 'Upload the configuration directory as an archive, or name a folder on the appliance.'; err.hidden = false; return; }
      go.disabled = true;
      try {
        state.mig = file.files.length ? await uploadFile('POST', `/api/v1/assistant/migrations/upload${query({ filename: file.files[0].name })}`, file.files[0]) : await post('/api/v1/assistant/migrations', { directory: dir.value.trim() });
        state.selected = [];
        items();
      } catch (e) {
        if (e.fieldMessage && e.fieldMessage('directory')) dirErr.textContent = e.fieldMessage('directory');
        err.textContent = `${e.message} Nothing was read.`;
        err.hidden = false;
      } finally { go.disabled = false; }
    });
    show(3, err, h('p', {}, 'The assistant reads the phone configuration (.cfg) files of the TFTP root. A phone\'s file is named XXXXXXXXXXXX.cfg (its MAC) and has an APPLICATION element with CONFIG_FILES.'),
      h('div', { class: 'field' }, h('label', { for: 'mig-archive' }, 'Upload the TFTP root (.zip or .tar.gz, up to 128 MiB)'), file),
      isAdmin ? h('div', { class: 'field' }, h('label', { for: 'mig-dir' }, 'Or a folder on the appliance (administrators)'), dir, dirErr) : null,
      h('div', { class: 'actions' }, backBtn(naming), go));
  }

  function items() {
    const all = state.mig.items;
    const label = (i) => `${fmtMac(i.mac)} — ${i.first_display_name || '(no display name)'} (${i.found.registrations.length} ${i.found.registrations.length === 1 ? 'line' : 'lines'})`;
    const avail = h('select', { id: 'mig-available', multiple: true, size: 10 });
    const chosen = h('select', { id: 'mig-selected', multiple: true, size: 10 });
    const count = h('p', { role: 'status' });
    function draw() {
      clear(avail); clear(chosen);
      all.forEach((i) => (state.selected.includes(i.mac) ? chosen : avail).append(h('option', { value: i.mac }, label(i))));
      count.textContent = `${state.selected.length} of ${all.length} items selected.`;
      next.disabled = state.selected.length === 0;
    }
    const move = (from, add) => () => {
      const macs = [...from.selectedOptions].map((o) => o.value);
      state.selected = add ? [...state.selected, ...macs] : state.selected.filter((m) => !macs.includes(m));
      draw();
    };
    const next = nextBtn(buildItems);
    const rep = state.mig.report;
    const notItems = rep.not_items || [];
    show(4, h('p', {}, `Read ${state.mig.source}: ${rep.files} configuration files, ${rep.items} phones found.`),
      notItems.length ? h('details', {}, h('summary', {}, `${notItems.length} files are not migration items`),
        h('ul', {}, notItems.map((x) => h('li', {}, `${x.file}: ${x.reason}`)))) : null,
      h('div', { class: 'dual-list' },
        h('div', { class: 'field' }, h('label', { for: 'mig-available' }, 'Available'), avail),
        h('div', { class: 'dual-buttons' },
          h('button', { type: 'button', class: 'secondary', onclick: move(avail, true) }, 'Add →'),
          h('button', { type: 'button', class: 'secondary', onclick: () => { state.selected = all.map((i) => i.mac); draw(); } }, 'Add all'),
          h('button', { type: 'button', class: 'secondary', onclick: move(chosen, false) }, '← Remove')),
        h('div', { class: 'field' }, h('label', { for: 'mig-selected' }, 'Selected'), chosen)),
      count, h('div', { class: 'actions' }, backBtn(directory), next));
    draw();
  }

  async function buildItems() {
    const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
    show(5, h('p', { role: 'status' }, `Building ${state.selected.length} migration items…`), err);
    try {
      state.build = await post(`/api/v1/assistant/migrations/${state.mig.id}/build`, { default_model: state.model, name_format: state.format, items: state.selected });
    } catch (e) {
      err.textContent = e.message; err.hidden = false;
      body.append(h('div', { class: 'actions' }, backBtn(items)));
      return;
    }
    currentState();
  }

  function currentState() {
    const b = state.build;
    const rows = b.items.map((i) => {
      const x = i.build;
      const status = x.errors.length ? 'Error' : x.warnings.length ? 'Warning' : 'OK';
      return h('tr', {}, h('td', {}, fmtMac(i.mac)), h('td', {}, x.name || '—'), h('td', {}, x.model),
        h('td', {}, String(x.phone.stations.length)), h('td', {}, h('span', { class: `badge ${{ Error: 'bad', Warning: 'warn', OK: 'ok' }[status]}` }, status)),
        h('td', {}, h('details', {}, h('summary', {}, 'Show Item Details'), problemList(x.errors, 'errors'), problemList(x.warnings, 'warnings'),
          problemList(x.details, 'details'), h('ul', {}, x.phone.stations.map((s, n) => h('li', {}, `Station appearance ${n + 1}: extension ${s.extension || 'none'}, ${s.identification_address || 'no Identification Address'}, label ${s.label || '—'}`))))));
    });
    show(5, h('p', { role: 'status' }, `Items with errors: ${b.with_errors}. Items with warnings: ${b.with_warnings}. Items with no errors or warnings: ${b.clean}.`),
      h('p', { class: 'hint' }, 'Items with errors are not migrated. Items with warnings may be. Review the details before you go on.'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, 'Current State of Migration Items'),
        h('thead', {}, h('tr', {}, ['MAC', 'New phone name', 'Model', 'Stations', 'State', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))),
      h('div', { class: 'actions' }, backBtn(items), h('button', { type: 'button', disabled: b.with_errors === b.items.length, onclick: backupStep }, 'Next')));
  }

  function backupStep(problem) {
    const where = h('p', { role: 'status' }, state.backup ? `Backup taken: ${state.backup.location}` : 'No backup taken yet.');
    const progressSlot = h('div');
    const err = h('div', { class: 'form-error', role: 'alert', hidden: !problem }, problem || '');
    const take = h('button', { type: 'button' }, state.backup ? 'Back up again' : 'Back up the database');
    const cont = h('button', { type: 'button', class: 'secondary', hidden: !problem }, 'Continue without a backup');
    const start = h('button', { type: 'button', disabled: !state.backup }, 'Start migration');
    take.addEventListener('click', async () => {
      err.hidden = true; take.disabled = true;
      try {
        const job = await post('/api/v1/system/backups');
        const p = jobProgress(job, 'Backup progress');
        clear(progressSlot).append(p.el);
        const done = await p.done;
        state.backup = { name: done.result.name, location: `backups/${done.result.name} in the data directory` };
        where.textContent = `Backup taken: ${state.backup.location}`;
        start.disabled = false;
      } catch (e) {
        err.textContent = `The database could not be backed up: ${e.message}`; err.hidden = false; cont.hidden = false;
      } finally { take.disabled = false; take.textContent = 'Try Again'; }
    });
    once(cont, () => run(true));
    once(start, () => run(false));
    const canBackup = session.user.role === 'admin';
    show(6, err, h('p', {}, 'Back up the database before the migration starts: it is the last step before the assistant creates the managed IP phones.'),
      canBackup ? null : h('p', { class: 'hint' }, 'Only an administrator can take a backup; you can continue without one.'),
      where, progressSlot,
      h('div', { class: 'actions' }, backBtn(currentState), canBackup ? take : null, canBackup ? cont : h('button', { type: 'button', class: 'secondary', onclick: () => run(true) }, 'Continue without a backup'), start));
  }

  async function run(withoutBackup) {
    const n = state.build.items.filter((i) => !i.build.errors.length).length;
    if (!(await confirmDialog({ title: 'Start the migration', message: `Create ${n} managed IP phones and their SIP stations now?${withoutBackup ? ' No backup was taken.' : ''}`, confirmLabel: 'Yes' }))) return;
    let job;
    try {
      job = await post(`/api/v1/assistant/migrations/${state.mig.id}/run`, withoutBackup ? { without_backup: true } : { backup: state.backup.name });
    } catch (e) { backupStep(e.message); return; }
    const p = jobProgress(job, 'Migration progress');
    show(7, h('p', {}, 'Creating the managed IP phones…'), p.el);
    try {
      await p.done;
    } catch (e) {
      const j = await get(`/api/v1/jobs/${job.id}`);
      show(7, h('div', { class: 'form-error', role: 'alert' }, j.error || e.message));
      return;
    }
    results();
  }

  async function results() {
    const m = await get(`/api/v1/assistant/migrations/${state.mig.id}`);
    const done = m.items.filter((i) => i.result);
    show(7, h('p', { role: 'status' }, `${m.result.created} managed IP phones were created; ${m.result.not_created} items were not migrated.`),
      h('p', {}, `Database backup: ${m.backup}`),
      h('details', {}, h('summary', {}, 'Show Detailed Migration Results'),
        done.map((i) => h('div', { class: 'result-item' }, h('h3', {}, `${fmtMac(i.mac)} — ${i.build.name || '(no name)'}: ${i.result.outcome}`),
          h('ul', {}, i.result.steps.map((s) => h('li', { class: s.outcome }, s.message)))))),
      h('p', { class: 'hint' }, 'The new phones show "Not registered" until they fetch their configuration; reboot them to provision them.'),
      h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/phones/list' }, 'Finish'),
        h('button', { type: 'button', class: 'secondary', onclick: back }, 'Back to the Assistant')));
  }

  manufacturer();
}
