// Switchboard — Managed IP Phones > Managed IP Phone Assistant: create many
// phones from a CSV Managed IP Phone list (Template or TMM), step by step:
// upload, parse report, access control (TMM), review, licenses (TMM),
// Commit Changes with a progress bar, Completed.
import { once } from '../ui/busy.js';
import { h, clear } from '../ui/dom.js';
import { jobProgress } from '../ui/progress.js';
import { checkList } from '../ui/phone-form.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { uploadFile } from '../ui/upload.js';
import { get, post, query } from '../api.js';
import { confirmDialog } from '../ui/dialog.js';
import { startMigration } from './migration.js';

const STEPS = ['Upload', 'Parse report', 'Access Control', 'Saving Managed IP Phones', 'Station Appearance Licenses', 'Completed'];

function problemsTable(caption, rows) {
  if (!rows.length) return h('p', {}, `No ${caption.toLowerCase()}.`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Row', 'Name', 'Column', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((p) => h('tr', {}, h('td', {}, String(p.row)), h('td', {}, p.name), h('td', {}, p.column), h('td', {}, p.message))))));
}

export default {
  async render(main, { session }) {
    const [classes, pools] = await Promise.all([get('/api/v1/dial-plan-classifications'), get('/api/v1/station-licenses')]);
    const stepper = h('ol', { class: 'steps', 'aria-label': 'Assistant steps' });
    const body = h('section', { class: 'panel', 'aria-live': 'polite' });
    main.append(h('h1', {}, 'Managed IP Phone Assistant'),
      h('p', { class: 'lead' }, 'Create many managed IP phones and their SIP stations at once: from a CSV Managed IP Phone list, or by migrating existing Polycom SIP stations.'),
      stepper, body);
    const state = { imp: null, acl: null, lic: null };
    const canWrite = session.user.role !== 'viewer';

    function show(step, ...content) {
      clear(stepper);
      STEPS.forEach((s, i) => {
        const skipped = state.imp && state.imp.kind === 'template' && (s === 'Access Control' || s === 'Station Appearance Licenses');
        stepper.append(h('li', { class: `${i === step ? 'current' : ''}${skipped ? ' skipped' : ''}`, 'aria-current': i === step ? 'step' : null }, s));
      });
      clear(body).append(h('h2', {}, STEPS[step]), ...content.filter((x) => x != null));
      const first = body.querySelector('input, button, select');
      if (first) first.focus();
    }

    // The seed's "Add Managed IP Phones" page: a list, or a migration.
    function choose() {
      clear(stepper);
      const csv = h('input', { type: 'radio', name: 'how', id: 'how-csv', value: 'csv', checked: true });
      const mig = h('input', { type: 'radio', name: 'how', id: 'how-migrate', value: 'migrate' });
      const next = h('button', { type: 'button', disabled: !canWrite }, 'Next');
      next.addEventListener('click', () => (mig.checked ? startMigration({ stepper, body, session, back: choose }) : upload()));
      clear(body).append(h('h2', {}, 'Add Managed IP Phones'),
        h('fieldset', {}, h('legend', {}, 'How do you want to create managed IP phones?'),
          h('div', { class: 'field check' }, csv, h('label', { for: 'how-csv' }, 'Create managed IP phones from a CSV Managed IP Phone list')),
          h('div', { class: 'field check' }, mig, h('label', { for: 'how-migrate' }, 'Create managed IP phones by migrating existing stations to phones on a per manufacturer basis'))),
        h('div', { class: 'actions' }, next));
      csv.focus();
    }

    function upload() {
      const input = h('input', { type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', id: 'csv-file' });
      const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const go = h('button', { type: 'button', disabled: !canWrite }, 'Next');
      once(go, async () => {
        err.hidden = true;
        if (!input.files.length) { err.textContent = 'Choose a Managed IP Phone list (CSV or XLSX) first.'; err.hidden = false; return; }
        go.disabled = true;
        try {
          state.imp = await uploadFile('POST', `/api/v1/assistant/imports${query({ filename: input.files[0].name })}`, input.files[0], { type: 'text/csv' });
          report();
        } catch (e) {
          err.textContent = e.code === 'severe' ? `Severe error: ${e.message} Nothing was imported.` : e.message;
          err.hidden = false;
        } finally { go.disabled = false; }
      });
      const sample = (name, label) => h('a', { href: `/api/v1/assistant/samples/${name}`, download: '' }, label);
      show(0, err, h('div', { class: 'field' }, h('label', { for: 'csv-file' }, 'CSV Managed IP Phone list'), input,
        h('p', { class: 'hint' }, 'CSV (UTF-8 or plain, "," or ";") or an Excel workbook (.xlsx, first worksheet).')),
      h('p', {}, 'Start from a sample list: ', sample('template.csv', 'Template list (CSV)'), ', ', sample('template.xlsx', 'Template list (XLSX)'), ', ',
        sample('tmm.csv', 'TMM list (CSV)'), ', ', sample('tmm.xlsx', 'TMM list (XLSX)'), '.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: choose }, 'Back'), go));
    }

    function report() {
      const r = state.imp.report;
      const next = h('button', { type: 'button', disabled: r.accepted === 0 }, 'Next');
      next.addEventListener('click', () => (state.imp.kind === 'tmm' ? access() : review()));
      const back = h('button', { type: 'button', class: 'secondary', onclick: upload }, 'Back');
      show(1, h('p', { role: 'status' }, `${state.imp.kind === 'tmm' ? 'TMM' : 'Template'} list, ${r.rows} rows: ${r.accepted} will be created, ${r.rejected_total} rejected, ${r.warnings_total} warnings.`),
        r.warnings_total ? h('p', { class: 'hint' }, 'Warnings: the value could not be verified and is not imported; the row still is.') : null,
        problemsTable('Rejected rows', r.rejected), problemsTable('Warnings', r.warnings),
        h('p', {}, h('a', { href: `/api/v1/assistant/imports/${state.imp.id}/problems`, download: '' }, 'Download all problems (CSV)')),
        h('div', { class: 'actions' }, back, next));
    }

    function access() {
      const f = fieldRegistry();
      state.acl = state.acl || ['Emergency', 'Intercom', 'Local', 'Long Distance', 'Toll Free'];
      const acl = checkList({ f, path: 'access_control', legend: 'Dial plan classifications for the station appearances', names: classes.items, checked: state.acl });
      const next = h('button', { type: 'button' }, 'Next');
      next.addEventListener('click', () => { state.acl = acl.values(); review(); });
      show(2, acl.el, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: report }, 'Back'), next));
    }

    async function review() {
      const rows = (await get(`/api/v1/assistant/imports/${state.imp.id}${query({ limit: 1000 })}`)).items.filter((x) => x.accepted);
      const next = h('button', { type: 'button' }, state.imp.kind === 'tmm' ? 'Next' : 'Commit Changes');
      if (state.imp.kind === 'tmm') next.addEventListener('click', () => licenses());
      else once(next, commit);
      const back = h('button', { type: 'button', class: 'secondary', onclick: () => (state.imp.kind === 'tmm' ? access() : report()) }, 'Back');
      show(3, h('p', {}, `${state.imp.report.accepted} managed IP phones will be created.`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, 'Phones to create'),
          h('thead', {}, h('tr', {}, ['Row', 'Name', 'Phone', 'Registration group', 'Extension', 'Address'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows.map((x) => h('tr', {}, h('td', {}, String(x.row)), h('td', {}, x.phone.name),
            h('td', {}, x.phone.template ? `Template ${x.phone.template}` : `${x.phone.manufacturer} ${x.phone.model}`),
            h('td', {}, x.phone.registration_group || ''), h('td', {}, (x.phone.stations[0] || {}).extension || ''),
            h('td', {}, x.phone.address || 'Not provisioned')))))),
        h('div', { class: 'actions' }, back, next));
    }

    function licenses(problem) {
      const f = fieldRegistry();
      state.lic = state.lic || ['Basic Station'];
      const lic = checkList({ f, path: 'licenses', legend: 'Licenses for each station appearance', names: pools.items.map((p) => p.name), checked: state.lic });
      const commitBtn = h('button', { type: 'button' }, 'Commit Changes');
      once(commitBtn, () => { state.lic = lic.values(); return commit(); });
      show(4, problem || null, h('p', {}, 'A Basic Station license is assigned by default. Add Client Access, ACD Access or add-on licenses as needed.'),
        lic.el, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: review }, 'Back'), commitBtn));
    }

    async function commit() {
      const bodyJson = state.imp.kind === 'tmm' ? { licenses: state.lic, access_control: state.acl } : {};
      const job = await post(`/api/v1/assistant/imports/${state.imp.id}/commit`, bodyJson);
      const p = jobProgress(job, 'Commit Changes progress');
      show(state.imp.kind === 'tmm' ? 4 : 3, h('p', {}, 'Commit Changes: creating the phones in one transaction…'), p.el);
      try {
        const done = await p.done;
        completed(done.result);
      } catch (e) {
        const j = await get(`/api/v1/jobs/${job.id}`);
        const msg = j.error || e.message;
        const panel = h('div', { class: 'form-error', role: 'alert' }, msg);
        if (state.imp.kind === 'tmm' && msg.startsWith('Some or all licenses')) {
          const review = h('button', { type: 'button', class: 'secondary' }, 'Review');
          review.addEventListener('click', () => { panel.append(h('p', {}, 'Nothing was created. Raise the pool totals under Station licenses, or choose fewer licenses.')); review.remove(); });
          panel.append(' ', review);
          licenses(panel);
        } else {
          show(3, panel, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: review }, 'Back')));
        }
      }
    }

    function completed(result) {
      state.imp = { ...state.imp, state: 'committed' };
      show(5, h('p', { role: 'status' }, `${result.created} managed IP phones were created.`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, 'Created phones'),
          h('thead', {}, h('tr', {}, ['Name', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, result.phones.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, x.address ? 'Not registered' : 'Not provisioned')))))),
        h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/phones/list' }, 'Go to IP phones'),
          h('button', { type: 'button', class: 'secondary', onclick: () => { state.imp = null; state.acl = null; state.lic = null; upload(); } }, 'Import another list')));
    }

    // "Starting the Assistant inside business hours asks for confirmation."
    const bh = await get('/api/v1/settings/business-hours');
    if (bh.now_inside && !(await confirmDialog({ title: 'Within business hours', message: `It is within business hours (${bh.start}–${bh.end}). New phones and station appearances appear while people are working. Start the Managed IP Phone Assistant anyway?`, confirmLabel: 'Start' }))) {
      show(0, h('p', {}, 'The Assistant was not started within business hours.'),
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: choose }, 'Start anyway')));
      return;
    }
    choose();
  },
};
