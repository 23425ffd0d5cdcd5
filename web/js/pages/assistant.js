// Switchboard — Managed IP Phones > Managed IP Phone Assistant: create many
// phones from a CSV Managed IP Phone list (Template or TMM), step by step:
// upload, parse report, access control (TMM), review, licenses (TMM),
// Commit Changes with a progress bar, Completed. Lists of any length: the
// report counts identical warnings, the review and Completed pages page
// through every row, and the summary stays in view while scrolling.
import { once } from '../ui/busy.js';
import { h, clear } from '../ui/dom.js';
import { paged, pagedTable, fmt } from '../ui/paged.js';
import { jobProgress } from '../ui/progress.js';
import { checkList } from '../ui/phone-form.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { uploadFile } from '../ui/upload.js';
import { get, post, query } from '../api.js';
import { confirmDialog } from '../ui/dialog.js';
import { startMigration } from './migration.js';

const STEPS = ['Upload', 'Parse report', 'Access Control', 'Saving Managed IP Phones', 'Station Appearance Licenses', 'Completed'];
const plural = (n, one, many) => `${fmt(n)} ${n === 1 ? one : many}`;

// The summary of a step and its buttons, kept in view while the rows
// below it scroll.
function summaryBar(text, ...buttons) {
  return h('div', { class: 'sticky-summary' }, h('p', { role: 'status' }, text), h('div', { class: 'actions' }, buttons));
}

// The phone a row makes: its template, or manufacturer and model.
function phoneOf(x) {
  return x.template ? `Template ${x.template}` : `${x.manufacturer} ${x.model}`;
}

// One group of identical problems: "Warning Address: … — 312 rows",
// opening to its rows, a page at a time.
function problemGroup(importId, g) {
  const rejected = g.severity === 'rejected';
  const details = h('details', { class: 'problem-group' }, h('summary', {},
    h('span', { class: `badge ${rejected ? 'bad' : 'warn'}` }, rejected ? 'Rejected' : 'Warning'), ' ',
    g.column ? h('span', { class: 'problem-column' }, `${g.column}: `) : null, g.message,
    h('strong', {}, ` — ${plural(g.rows, 'row', 'rows')}`)));
  let opened = false;
  details.addEventListener('toggle', () => {
    if (!details.open || opened) return;
    opened = true;
    details.append(pagedTable({
      caption: `Rows with: ${g.message}`,
      limit: 50,
      load: (p) => get(`/api/v1/assistant/imports/${importId}/problem-rows${query({ severity: g.severity, column: g.column, message: g.message, limit: p.limit, offset: p.offset })}`),
      columns: [
        { label: 'Row', render: (x) => fmt(x.row) },
        { label: 'Name', render: (x) => x.name || '' },
        { label: 'Description', wrap: true, render: (x) => x.message },
      ],
    }).el);
  });
  return details;
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

    // The parse report: figures, and the errors grouped (the seed's
    // "Errors": the status of each and a description).
    function report() {
      const r = state.imp.report;
      const next = h('button', { type: 'button', disabled: r.accepted === 0 }, 'Next');
      next.addEventListener('click', () => (state.imp.kind === 'tmm' ? access() : review()));
      const back = h('button', { type: 'button', class: 'secondary', onclick: upload }, 'Back');
      const groups = paged({
        label: 'Errors',
        limit: 25,
        noun: 'groups',
        emptyText: 'No errors: every row will be created as the list says.',
        load: (p) => get(`/api/v1/assistant/imports/${state.imp.id}/problem-groups${query({ limit: p.limit, offset: p.offset })}`),
        render: (items, el) => el.append(h('div', { class: 'problem-groups' }, items.map((g) => problemGroup(state.imp.id, g)))),
      });
      show(1, summaryBar(`${state.imp.kind === 'tmm' ? 'TMM' : 'Template'} list, ${plural(r.rows, 'row', 'rows')}: ${fmt(r.accepted)} will be created, ${fmt(r.rejected_total)} rejected, ${plural(r.warnings_total, 'warning', 'warnings')}.`, back, next),
        r.warnings_total ? h('p', { class: 'hint' }, 'Warning: Managed IP Phone Assistant cannot verify one or more values. You can continue with the import, but some of those values don\'t import.') : null,
        r.rejected_total ? h('p', { class: 'hint' }, 'Rejected: the row is not imported. Correct it in the list and import the list again, or create the phone by hand.') : null,
        h('h3', {}, 'Errors'),
        h('p', { class: 'hint' }, 'Identical errors are counted together; open one to see its rows.'),
        groups.el,
        h('p', {}, h('a', { href: `/api/v1/assistant/imports/${state.imp.id}/problems`, download: '' }, 'Download all problems (CSV)')));
    }

    function access() {
      const f = fieldRegistry();
      state.acl = state.acl || ['Emergency', 'Intercom', 'Local', 'Long Distance', 'Toll Free'];
      const acl = checkList({ f, path: 'access_control', legend: 'Dial plan classifications for the station appearances', names: classes.items, checked: state.acl });
      const next = h('button', { type: 'button' }, 'Next');
      next.addEventListener('click', () => { state.acl = acl.values(); review(); });
      show(2, acl.el, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: report }, 'Back'), next));
    }

    // Saving Managed IP Phones: every phone the list creates, page by page.
    function review() {
      const next = h('button', { type: 'button' }, state.imp.kind === 'tmm' ? 'Next' : 'Commit Changes');
      if (state.imp.kind === 'tmm') next.addEventListener('click', () => licenses());
      else once(next, commit);
      const back = h('button', { type: 'button', class: 'secondary', onclick: () => (state.imp.kind === 'tmm' ? access() : report()) }, 'Back');
      const table = pagedTable({
        caption: 'Phones to create',
        search: 'Find a name, extension or address',
        load: (p) => get(`/api/v1/assistant/imports/${state.imp.id}${query({ status: 'accepted', q: p.q, limit: p.limit, offset: p.offset })}`),
        columns: [
          { label: 'Row', render: (x) => fmt(x.row) },
          { label: 'Name', render: (x) => x.phone.name },
          { label: 'Phone', render: (x) => (x.phone.template ? `Template ${x.phone.template}` : `${x.phone.manufacturer} ${x.phone.model}`) },
          { label: 'Registration group', render: (x) => x.phone.registration_group || '' },
          { label: 'Extension', render: (x) => (x.phone.stations[0] || {}).extension || '' },
          { label: 'Address', render: (x) => x.phone.address || 'Not provisioned' },
          { label: 'Warnings', wrap: true, render: (x) => x.problems.filter((w) => w.severity === 'warning').map((w) => `${w.column}: ${w.message}`).join(' ') },
        ],
      });
      show(3, summaryBar(`${plural(state.imp.report.accepted, 'managed IP phone', 'managed IP phones')} will be created.`, back, next), table.el);
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
        show(3, h('div', { class: 'form-error', role: 'alert' }, j.error || e.message),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: review }, 'Back')));
      }
    }

    // Review: every station appearance the pools could not give its
    // license, and the way to License Allocation to correct it.
    function reviewLicenses(result, opener) {
      const titleId = 'review-title';
      const close = h('button', { type: 'button', class: 'secondary' }, 'Close');
      const more = result.review_total > result.review.length ? h('p', { class: 'hint' }, `The first ${fmt(result.review.length)} of ${fmt(result.review_total)} are listed; License Allocation lists them all.`) : null;
      const dlg = h('dialog', { 'aria-labelledby': titleId, class: 'wide' },
        h('h2', { id: titleId }, 'Review: licenses not allocated'),
        h('p', {}, `${result.message}. ${plural(result.review_total, 'license is', 'licenses are')} waiting:`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
          h('caption', { class: 'visually-hidden' }, 'Station appearances without their license'),
          h('thead', {}, h('tr', {}, ['IP Phone', 'Station', 'Extension', 'License missing'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, result.review.map((x) => h('tr', {}, h('td', {}, x.phone), h('td', {}, x.label || x.phone),
            h('td', {}, x.extension || '—'), h('td', {}, x.license)))))),
        more,
        h('p', {}, 'Raise the pool totals or free licenses, then give these appearances their licenses in License Allocation.'),
        h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/phones/licenses?show=allocation' }, 'Open License Allocation'), close));
      const done = () => { dlg.close(); dlg.remove(); opener.focus(); };
      close.addEventListener('click', done);
      dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); done(); });
      dlg.querySelector('a').addEventListener('click', () => { dlg.close(); dlg.remove(); });
      document.body.append(dlg);
      dlg.showModal();
      close.focus();
    }

    // Completed the Managed IP Phone Assistant: every phone created, as it
    // is now, page by page.
    function completed(result) {
      state.imp = { ...state.imp, state: 'committed' };
      const finish = h('a', { class: 'button', href: '#/phones/list' }, 'Finish');
      const again = h('button', { type: 'button', class: 'secondary', onclick: () => { state.imp = null; state.acl = null; state.lic = null; upload(); } }, 'Import another list');
      const table = pagedTable({
        caption: 'Created phones',
        load: (p) => get(`/api/v1/assistant/imports/${state.imp.id}/phones${query({ limit: p.limit, offset: p.offset })}`),
        columns: [
          { label: 'Row', render: (x) => fmt(x.row) },
          { label: 'Name', render: (x) => (x.id ? h('a', { href: `#/phones/list?open=${x.id}` }, x.name) : x.name) },
          { label: 'Phone', render: phoneOf },
          { label: 'Extension', render: (x) => x.extension || '' },
          { label: 'Address', render: (x) => x.address || '' },
          { label: 'Status', render: (x) => x.status || 'Deleted since' },
        ],
      });
      let shortNote = null;
      if (result.message) {
        const reviewBtn = h('button', { type: 'button', class: 'secondary' }, 'Review');
        reviewBtn.addEventListener('click', () => reviewLicenses(result, reviewBtn));
        shortNote = h('div', { class: 'form-error', role: 'alert' }, h('p', {}, result.message), h('div', { class: 'actions' }, reviewBtn));
      }
      show(5, summaryBar(`${plural(result.created, 'managed IP phone was', 'managed IP phones were')} created.`, finish, again), shortNote,
        h('p', { class: 'hint' }, 'The new managed IP phones have a Status of Not registered; it changes to Up-to-date on their next SIP registration. Phones without an Address are Not provisioned until you provision them.'),
        table.el);
      body.querySelector('h2').textContent = 'Completed the Managed IP Phone Assistant';
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
