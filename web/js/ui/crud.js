// Switchboard — a list page with create, edit and delete for the simple
// resources (locations, lines, proxies): one table, one side panel.
import { h, clear, uid } from './dom.js';
import { form } from './form.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialog.js';
import { get, post, put, del, query } from '../api.js';
import { saveVersioned, RELOADED } from './versioned.js';

// path: '/api/v1/lines'; noun: 'SIP line'; columns: table columns (the
// first is rendered as the edit link); fields(row|null): form fields;
// toBody(values, row): the JSON to send; canWrite: role may change.
// heading(row): the side panel's heading for a row (default: noun and name).
// moreTools: buttons beside New (exports); extra(row, edit): nodes under a
// saved row's form (its credential, its warnings); edit(row) redraws;
// onQuery(q) hears the filter the table loads with (for its exports);
// load(p) replaces the server's paging (small lists, see localLoad);
// level: the title's heading ('h2' for a second list on a page).
// label(row): how the delete confirmation names a row (default: its name).
export function crudPage(main, { title, lead, path, noun, columns, sort = 'name', fields, toBody, canWrite, heading: headingOf, label = (r) => r.name, moreTools = [], extra = null, onQuery = () => {}, load = null, level = 'h1' }) {
  const side = h('div');
  const titleId = uid('crud-title');
  const tools = [];
  const newButton = canWrite ? h('button', { type: 'button', onclick: () => edit(null) }, `New ${noun}`) : null;
  if (newButton) tools.push(newButton);
  tools.push(...moreTools);
  // Closing the panel hands the keyboard back to where it came from.
  const closeSide = () => { clear(side); if (newButton) newButton.focus(); };
  const [first, ...rest] = columns;
  const table = dataTable({
    caption: title,
    filterLabel: `Filter ${sentenceCase(title)}`,
    sort,
    columns: [{ ...first, render: (row) => h('button', { type: 'button', class: 'link', onclick: () => edit(row) }, row[first.key]) }, ...rest],
    load: load || ((p) => { onQuery(p.q); return get(`${path}${query(p)}`); }),
    tools,
  });
  main.append(h(level, {}, title), h('p', { class: 'lead' }, lead), side, table.el);

  // A row of the list is read afresh, with its version, before editing.
  // Resolves with the new form and panel (a caller may say more in them).
  async function edit(listed) {
    const row = listed ? await get(`${path}/${listed.id}`) : null;
    const buttons = [h('button', { type: 'button', class: 'secondary', onclick: closeSide }, 'Close')];
    if (row && canWrite && !row.permanent) {
      buttons.push(h('button', { type: 'button', class: 'danger', onclick: () => remove(row) }, 'Delete'));
    }
    const f = form({
      fields: fields(row),
      submitLabel: row ? 'Save' : `Create ${noun}`,
      extraButtons: buttons,
      onSubmit: async (v) => {
        const body = toBody(v, row);
        const saved = row ? await saveVersioned((tag) => put(`${path}/${row.id}`, body, { ifMatch: tag }), row, () => edit(row)) : await post(path, body);
        if (saved === RELOADED) return undefined;
        table.reload();
        // The panel is drawn afresh: the word goes on the new form.
        (await edit(saved)).form.showOk('Saved.');
        return undefined;
      },
    });
    if (!canWrite) for (const c of Object.values(f.controls)) c.disabled = true;
    if (row && row.permanent && f.controls.name) f.controls.name.disabled = true;
    const heading = row ? (headingOf ? headingOf(row) : `${noun[0].toUpperCase()}${noun.slice(1)} ${row.name}`) : `New ${noun}`;
    const panel = h('section', { class: 'panel', 'aria-labelledby': titleId },
      h(level === 'h1' ? 'h2' : 'h3', { id: titleId }, heading),
      row && row.permanent ? h('p', { class: 'hint' }, 'A permanent default: its settings can change, not its name, and it cannot be deleted.') : null,
      f.el,
      row && extra ? extra(row, edit) : null);
    clear(side).append(panel);
    const firstControl = Object.values(f.controls).find((c) => !c.disabled);
    if (firstControl) firstControl.focus();

    async function remove(r) {
      if (!(await confirmDialog({ title: `Delete ${label(r)}?`, message: `The ${noun} is removed for good.`, confirmLabel: 'Delete', danger: true }))) return;
      try {
        if (await saveVersioned((tag) => del(`${path}/${r.id}`, { ifMatch: tag }), r, () => edit(r)) === RELOADED) return;
        closeSide();
        table.reload();
      } catch (e) {
        f.showError(e.message);
      }
    }
    return { form: f, panel };
  }
  return { ...table, edit };
}

// "SIP devices" stays "SIP devices", "Regions" becomes "regions".
function sentenceCase(title) {
  return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
}

export const canWrite = (session) => session.user.role !== 'viewer';
