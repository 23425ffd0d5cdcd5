// Switchboard — SIP Devices > Devices (seed 000): third-party SIP devices
// the customer configures himself, each tracked under the generic hardware
// model with one SIP credential, bound to a user and a phone number, with
// the program's technical requirements as a checklist. A device that fails
// one is flagged with what the seed says for that case.
import { h, clear, formatTime } from '../ui/dom.js';
import { crudPage } from '../ui/crud.js';
import { facts } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { listImport } from '../ui/list-import.js';
import { downloadList, XLSX } from '../ui/export.js';
import { askPassword } from '../ui/reauth.js';
import { get, post } from '../api.js';

// The program's lists, for the page and the editor.
export function programNotes(program) {
  return h('details', { class: 'panel program' },
    h('summary', {}, 'The third party SIP device program: requirements, what is supported and what is not'),
    h('h3', {}, 'Technical requirements (each device must meet all)'),
    h('ul', {}, program.requirements.map((r) => h('li', {}, r.label))),
    h('p', { class: 'notice', role: 'note' }, program.requirements_firm),
    h('h3', {}, 'Supported'),
    h('ul', {}, program.supported.map((s) => h('li', {}, s))),
    h('h3', {}, 'Not supported'),
    h('ul', {}, program.not_supported.map((s) => h('li', {}, s))),
    h('p', { class: 'hint' }, 'The program is a temporary measure: plan to replace these devices with supported models during the contract.'));
}

function requirementsCell(d, program) {
  if (!d.unmet.length) return h('span', { class: 'badge ok' }, 'Meets all');
  const names = d.unmet.map((k) => program.requirements.find((r) => r.key === k).column);
  return h('span', { class: 'badge bad', title: `Not met: ${names.join('; ')}` }, `Fails ${d.unmet.length}`);
}

export default {
  async render(main) {
    const [program, regions] = await Promise.all([get('/api/v1/sip-devices/program'), get('/api/v1/sip-devices/regions')]);
    let currentQ = '';
    const exportCsv = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
    const exportXlsx = h('button', { type: 'button', class: 'secondary' }, 'Export XLSX');
    exportCsv.addEventListener('click', () => downloadList('/api/v1/sip-devices', 'text/csv', 'sip-devices.csv', currentQ, 'extension'));
    exportXlsx.addEventListener('click', () => downloadList('/api/v1/sip-devices', XLSX, 'sip-devices.xlsx', currentQ, 'extension'));
    const regionOptions = [{ value: '', label: '— select —' }, ...regions.items.map((r) => ({ value: r.name, label: `${r.name} (${r.border_proxy})` }))];
    const page = crudPage(main, {
      title: 'SIP devices',
      lead: `Third-party SIP devices under the generic hardware model "${program.hardware_model}": one SIP credential each, configured by the customer. Shows which user uses which device.`,
      path: '/api/v1/sip-devices',
      noun: 'SIP device',
      sort: 'extension',
      canWrite: true,
      moreTools: [exportCsv, exportXlsx],
      heading: (d) => `Extension ${d.extension}: ${d.user_name}`,
      label: (d) => `the SIP device of extension ${d.extension} (${d.user_name})`,
      columns: [
        { key: 'extension', label: 'Extension', sortable: true },
        { key: 'user_name', label: 'User', sortable: true },
        { key: 'did', label: 'DID', sortable: true },
        { key: 'manufacturer', label: 'Device', sortable: true, render: (d) => `${d.manufacturer} ${d.model}` },
        { key: 'purpose', label: 'Purpose', sortable: true, wrap: true },
        { key: 'region', label: 'Region', sortable: true },
        { key: 'flagged', label: 'Requirements', sortable: true, render: (d) => requirementsCell(d, program) },
        { key: 'sip_name', label: 'SIP name', sortable: true },
        { key: 'handed_over_at', label: 'Handed over', render: (d) => (d.handed_over_at ? formatTime(d.handed_over_at) : 'not yet') },
      ],
      fields: (d) => [
        { name: 'user_name', label: 'User', required: true, value: d ? d.user_name : '', hint: 'Who uses the device' },
        { name: 'user_email', label: 'E-mail', type: 'email', value: d ? d.user_email : '', hint: 'optional' },
        { name: 'extension', label: 'Extension', required: true, inputmode: 'numeric', value: d ? d.extension : '', hint: 'e.g. 2101 (1 to 10 digits)' },
        { name: 'did', label: 'DID', value: d ? d.did : '', hint: 'E.164, e.g. +49897221234 (optional)' },
        { name: 'manufacturer', label: 'Manufacturer', required: true, value: d ? d.manufacturer : '' },
        { name: 'model', label: 'Model', required: true, value: d ? d.model : '' },
        { name: 'purpose', label: 'Purpose', value: d ? d.purpose : '', hint: 'e.g. Accessibility device (hearing impaired, braille)' },
        { name: 'region', label: 'Region (border proxy)', type: 'select', required: true, options: regionOptions, value: d ? d.region : '', hint: regions.items.length ? '' : 'Add a region under SIP Devices > Settings first.' },
        { name: 'replace_by', label: 'Replace by', type: 'date', value: d ? d.replace_by : '', hint: 'When it moves to a supported model (optional)' },
        ...program.requirements.map((r) => ({ name: `requirements.${r.key}`, label: r.label, type: 'checkbox', value: d ? d.requirements[r.key] : false, group: 'Technical requirements: tick each one the device meets (one not ticked counts as not met)' })),
      ],
      toBody: (v) => ({
        user_name: v.user_name.trim(), user_email: v.user_email.trim(), extension: v.extension.trim(), did: v.did.trim(),
        manufacturer: v.manufacturer.trim(), model: v.model.trim(), purpose: v.purpose.trim(), region: v.region, replace_by: v.replace_by,
        requirements: Object.fromEntries(program.requirements.map((r) => [r.key, v[`requirements.${r.key}`]])),
      }),
      extra: (d, edit) => credentialPanel(d, program, edit),
      onQuery: (q) => { currentQ = q; },
    });
    const table = page;
    main.querySelector('p.lead').after(programNotes(program));
    main.append(listImport({
      id: 'sip-device-import',
      title: 'Import a device list',
      url: '/api/v1/sip-devices/import',
      hint: `Columns: User, E-mail, Extension, DID, Manufacturer, Model, Purpose, Region, Replace by, then one yes/no column per requirement: ${program.requirements.map((r) => r.column).join(', ')}. An extension that exists changes that device; new devices get their credential. One refused row and nothing is imported.`,
      describe: (r) => `${r.total} devices imported: ${r.created} new, ${r.updated} changed.`,
      onDone: () => table.reload(),
    }));
  },
};

// The device whose credential was just regenerated: its redrawn panel
// says so, and the keyboard goes back to the button.
let regenerated = null;

// Under a saved device: what fails, and its one SIP credential.
function credentialPanel(d, program, edit) {
  const where = h('div', { class: 'secret-box', 'aria-live': 'polite' });
  const fresh = regenerated === d.id;
  regenerated = null;
  const reveal = h('button', { type: 'button', class: 'secondary' }, 'Reveal SIP password');
  const regenerate = h('button', { type: 'button', class: 'danger regenerate' }, 'Regenerate credential');
  reveal.addEventListener('click', async () => {
    const r = await askPassword({
      title: `Reveal the SIP password of extension ${d.extension}`,
      message: 'Enter your own password. The reveal is recorded in the audit log. To hand credentials to the customer, use Credential hand-over: never send them by e-mail.',
      action: (password) => post(`/api/v1/sip-devices/${d.id}/credential/reveal`, { password }),
    });
    if (!r) return;
    const hide = h('button', { type: 'button', class: 'link' }, 'Hide');
    clear(where).append('SIP password: ', h('code', { class: 'secret' }, r.sip_password), ' ', hide);
    hide.addEventListener('click', () => { clear(where); reveal.focus(); });
  });
  regenerate.addEventListener('click', async () => {
    if (!(await confirmDialog({ title: `Regenerate the credential of extension ${d.extension}?`, message: 'A new SIP name and password replace the old ones at once: the device stops registering until the customer configures the new credential. The change is recorded in the audit log.', confirmLabel: 'Regenerate', danger: true }))) return;
    const saved = await post(`/api/v1/sip-devices/${d.id}/credential/regenerate`, {});
    regenerated = d.id;
    const { panel } = await edit(saved);
    panel.querySelector('button.regenerate').focus();
  });
  const unmet = d.unmet.map((k) => program.requirements.find((r) => r.key === k).label);
  return h('div', {},
    unmet.length ? h('div', { class: 'notice flagged', role: 'note' },
      h('strong', {}, 'This device does not meet every requirement. '),
      h('ul', {}, unmet.map((u) => h('li', {}, u))),
      program.requirements_firm, ' Until it meets every requirement it cannot be handed over.') : null,
    h('h3', {}, 'SIP credential'),
    fresh ? h('p', { class: 'form-ok', role: 'status' }, `New credential issued: ${d.sip_name}. The old SIP name and password no longer work.`) : null,
    facts([
      ['Hardware model', d.hardware_model],
      ['SIP name', h('code', {}, d.sip_name)],
      ['Border proxy', `${d.border_proxy} (${d.region})`],
      ['Issued', formatTime(d.credential_at)],
      ['Handed over', d.handed_over_at ? formatTime(d.handed_over_at) : 'not yet'],
    ]),
    where,
    h('div', { class: 'actions' }, reveal, regenerate));
}
