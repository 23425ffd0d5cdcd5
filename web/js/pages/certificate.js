// Switchboard — System > Certificate: the admin HTTPS certificate, and
// replacing it with the organisation's own.
import { h, formatTime } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { get, put } from '../api.js';

function describe(c) {
  return facts([
    ['Subject', c.subject], ['Issuer', c.self_signed ? `${c.issuer} (self-signed)` : c.issuer],
    ['Names', (c.subject_alt_names || []).join(', ') || '—'],
    ['Valid', `${formatTime(c.not_before)} to ${formatTime(c.not_after)}`],
    ['SHA-256 fingerprint', h('code', {}, c.sha256_fingerprint)], ['File', c.file || '—'],
  ]);
}

export default {
  async render(main, { session }) {
    main.append(h('h1', {}, 'Certificate'), h('p', { class: 'lead' }, 'The certificate browsers see on the admin listener.'));
    const info = h('section', { class: 'panel', 'aria-labelledby': 'cert-now' }, h('h2', { id: 'cert-now' }, 'Current certificate'), h('p', {}, 'Loading…'));
    main.append(info);
    try {
      info.lastChild.replaceWith(describe(await get('/api/v1/system/certificate')));
    } catch (e) {
      info.lastChild.replaceWith(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
    if (session.user.role !== 'admin') return;
    const f = form({
      fields: [
        { name: 'certificate', label: 'Certificate chain (PEM)', type: 'textarea', required: true, hint: 'The server certificate first, then any intermediates: -----BEGIN CERTIFICATE----- …' },
        { name: 'private_key', label: 'Private key (PEM, unencrypted)', type: 'textarea', required: true, hint: 'It is stored in the data directory, readable by the appliance only.' },
      ],
      submitLabel: 'Replace certificate',
      onSubmit: async (v) => {
        if (!(await confirmDialog({ title: 'Replace the certificate?', message: 'Browsers will see the new certificate after the appliance restarts.', confirmLabel: 'Replace' }))) return undefined;
        const c = await put('/api/v1/system/certificate', v);
        info.lastChild.replaceWith(describe(c));
        f.reset();
        return 'Saved. Restart the appliance (systemctl restart switchboard) to serve the new certificate.';
      },
    });
    main.append(h('section', { class: 'panel', 'aria-labelledby': 'cert-new' }, h('h2', { id: 'cert-new' }, 'Use your own certificate'), f.el));
  },
};
