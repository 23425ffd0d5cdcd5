// Switchboard — the Backups page's whole-system part: take a system backup
// (the secret key only when asked, sealed with a passphrase typed twice),
// restore one (upload, verified at once; confirm; applied at the next
// start), and the nightly backups.
import { h, clear, formatBytes, formatTime } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { askPassword } from '../ui/reauth.js';
import { jobProgress } from '../ui/progress.js';
import { uploadFile, progressBar } from '../ui/upload.js';
import { ApiError, get, post, put, del } from '../api.js';

// Characters, not bytes, as the appliance counts them.
const chars = (s) => [...s].length;

function passphraseProblem(v, vals) {
  if (!vals.include_key) return '';
  if (chars(v) < 12) return 'The passphrase must be at least 12 characters long.';
  return '';
}

// Show the passphrase fields only while the key is included.
function revealWith(box, controls, names) {
  const sync = () => names.forEach((n) => { controls[n].closest('.field').hidden = !box.checked; });
  box.addEventListener('change', sync);
  sync();
}

export function systemBackupPanel({ onTaken }) {
  const status = h('div');
  const f = form({
    fields: [
      { name: 'include_key', label: 'Include the secret key, sealed with a passphrase', type: 'checkbox' },
      { name: 'passphrase', label: 'Passphrase', type: 'password', autocomplete: 'new-password', hint: 'At least 12 characters. Without it the key cannot be read back: keep it apart from the archive.', validate: passphraseProblem },
      { name: 'passphrase2', label: 'Passphrase again', type: 'password', autocomplete: 'new-password', validate: (v, vals) => (vals.include_key && v !== vals.passphrase ? 'The two passphrases differ.' : '') },
    ],
    submitLabel: 'Take a system backup',
    onSubmit: async (v) => {
      let job;
      if (v.include_key) {
        job = await askPassword({
          title: 'Back up the secret key',
          message: 'The archive will hold the key that opens every sealed secret. Enter your password to go on.',
          confirmLabel: 'Take the backup',
          action: (password) => post('/api/v1/system/backups', { kind: 'system', include_key: true, passphrase: v.passphrase, password }),
        });
        if (!job) return '';
      } else {
        job = await post('/api/v1/system/backups', { kind: 'system' });
      }
      const p = jobProgress(job, 'System backup progress');
      clear(status).append(p.el);
      const done = await p.done;
      clear(status);
      f.reset();
      revealSync();
      onTaken();
      if (done.state !== 'done') throw new Error(done.error || 'The backup failed.');
      return `System backup ${done.result.name} (${formatBytes(done.result.size)}, ${done.result.has_key ? 'with' : 'without'} the secret key) is ready to download.`;
    },
  });
  revealWith(f.controls.include_key, f.controls, ['passphrase', 'passphrase2']);
  function revealSync() { f.controls.include_key.dispatchEvent(new Event('change')); }
  return h('section', { class: 'panel', 'aria-labelledby': 'sysbak-title' },
    h('h2', { id: 'sysbak-title' }, 'System backup'),
    h('p', {}, 'One archive with the database (custom files are in it), every firmware file and the admin certificate, each with its SHA-256 in a manifest. Without the secret key, its sealed secrets (SIP passwords, API keys) open only on this appliance.'),
    f.el, status);
}

function summary(info) {
  return facts([
    ['Made', `${formatTime(info.created_at)} on ${info.host || '?'}`],
    ['Switchboard', `${info.product_version || '?'} (schema ${info.schema_version})`],
    ['Firmware files', String(info.firmware_files)],
    ['Size', formatBytes(info.bytes)],
    ['Secret key', info.has_key ? 'included, sealed with a passphrase' : 'not included: this appliance keeps its own'],
  ]);
}

export function restorePanel() {
  const body = h('div');
  const el = h('section', { class: 'panel', 'aria-labelledby': 'restore-title' },
    h('h2', { id: 'restore-title' }, 'Restore from a system backup'), body);

  async function show() {
    const st = await get('/api/v1/system/restore');
    clear(body);
    if (st.pending) return body.append(pendingView(st.pending));
    if (st.upload) return body.append(confirmView(st.upload));
    body.append(uploadView());
  }

  function uploadView() {
    const file = h('input', { type: 'file', id: 'restore-file', accept: '.tar,application/x-tar' });
    const err = h('p', { class: 'error', id: 'restore-file-error', hidden: true, 'aria-live': 'polite' });
    file.setAttribute('aria-describedby', 'restore-file-hint restore-file-error');
    const bar = progressBar('Upload progress');
    const go = h('button', { type: 'button' }, 'Upload and verify');
    go.addEventListener('click', async () => {
      err.hidden = true;
      if (!file.files.length) { err.textContent = 'Choose a system backup (.tar) first.'; err.hidden = false; return; }
      go.disabled = true;
      try {
        await uploadFile('POST', '/api/v1/system/restore/upload', file.files[0], { type: 'application/x-tar', onProgress: bar.set });
        await show();
      } catch (e) {
        err.textContent = e instanceof ApiError ? (e.fieldMessage('file') || e.message) : e.message;
        err.hidden = false;
      } finally { go.disabled = false; }
    });
    return h('div', {},
      h('p', {}, 'The archive is checked as it arrives (format, version, every checksum); nothing changes until you confirm and the appliance restarts.'),
      h('div', { class: 'field' }, h('label', { for: 'restore-file' }, 'System backup file'), file,
        h('p', { class: 'hint', id: 'restore-file-hint' }, 'A switchboard-system-….tar or switchboard-nightly-….tar.'), err),
      bar.el, h('div', { class: 'actions' }, go));
  }

  function confirmView(info) {
    const fields = [];
    if (info.has_key) fields.push({ name: 'passphrase', label: 'Passphrase of the backup', type: 'password', required: true, autocomplete: 'off' });
    fields.push({ name: 'force_without_key', label: 'Restore even though its sealed secrets will be unreadable', type: 'checkbox' });
    const f = form({
      fields,
      submitLabel: 'Restore this backup…',
      extraButtons: [h('button', { type: 'button', class: 'secondary', onclick: async () => { await del('/api/v1/system/restore'); show(); } }, 'Discard the upload')],
      onSubmit: async (v) => {
        if (!(await confirmDialog({ title: 'Replace the whole system?', message: 'The database, firmware files, certificate and (if included) the secret key of this appliance are replaced by the backup when it restarts. Everything changed since the backup was taken is lost.', confirmLabel: 'Replace the system', danger: true }))) return '';
        const r = await askPassword({
          title: 'Confirm the restore',
          message: 'Enter your password to make this backup the pending restore.',
          confirmLabel: 'Confirm',
          action: (password) => post('/api/v1/system/restore', { confirm: true, password, passphrase: v.passphrase || null, force_without_key: !!v.force_without_key }).catch((e) => {
            // Only a wrong password stays in the dialog; the rest goes to the form.
            if (e instanceof ApiError && e.fieldMessage('password')) throw e;
            return { error: e };
          }),
        });
        if (!r) return '';
        if (r.error) {
          if (r.error.code === 'key_missing') f.controls.force_without_key.closest('.field').hidden = false;
          throw r.error;
        }
        await show();
        return '';
      },
    });
    // The force option is offered once the appliance has said why.
    f.controls.force_without_key.closest('.field').hidden = true;
    return h('div', {}, h('p', { class: 'form-ok', role: 'status' }, 'The backup was verified: every member matches its checksum.'), summary(info), f.el);
  }

  function pendingView(info) {
    const note = h('div');
    const restart = h('button', { type: 'button' }, 'Restart now…');
    restart.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: 'Restart the appliance?', message: 'Every connection is dropped; the restore is applied before the appliance opens its database, then you log in again.', confirmLabel: 'Restart', danger: true }))) return;
      await post('/api/v1/system/restart', { confirm: true });
      clear(note).append(h('p', { class: 'form-ok', role: 'status' }, 'The appliance is restarting (systemd starts it again). Log in again in a minute.'));
    });
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel the restore');
    cancel.addEventListener('click', async () => { await del('/api/v1/system/restore'); show(); });
    return h('div', {},
      h('p', { class: 'notice', role: 'status' }, 'A restore is pending: it replaces the whole system when the appliance restarts. If the appliance is not run by systemd, stop and start it yourself; the restore is applied at the next start either way.'),
      summary(info),
      info.secrets_readable === false ? h('p', { class: 'form-error' }, 'This appliance\'s key cannot open the backup\'s sealed secrets: SIP passwords and API keys will have to be set again.') : null,
      h('div', { class: 'actions' }, restart, cancel), note);
  }

  show();
  return el;
}

export function nightlyPanel() {
  const el = h('section', { class: 'panel', 'aria-labelledby': 'nightly-title' }, h('h2', { id: 'nightly-title' }, 'Nightly system backups'));
  get('/api/v1/settings/system-backups').then((s) => {
    const f = form({
      fields: [
        { name: 'enabled', label: 'Take a system backup every night', type: 'checkbox', value: s.enabled },
        { name: 'hour', label: 'At', type: 'select', value: String(s.hour), options: [...Array(24).keys()].map((i) => ({ value: String(i), label: `${String(i).padStart(2, '0')}:00` })), hint: 'The appliance\'s local time.' },
        { name: 'keep', label: 'Keep', type: 'number', value: String(s.keep), inputmode: 'numeric', hint: 'How many nightly backups to keep, 1 to 90; older ones are deleted.', validate: (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 90 ? '' : 'Keep from 1 to 90 nightly backups.') },
      ],
      submitLabel: 'Save',
      onSubmit: async (v) => {
        await put('/api/v1/settings/system-backups', { enabled: v.enabled, hour: +v.hour, keep: +v.keep });
        return 'Saved.';
      },
    });
    el.append(h('p', {}, 'A nightly backup never holds the secret key: its passphrase would have to be stored on the appliance. Keep a copy of secret.key apart, or take a backup with the key by hand.'), f.el);
  });
  return el;
}
