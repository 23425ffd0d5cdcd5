// Switchboard — System > API tokens: tokens for automation, shown once.
import { h, clear, formatTime } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { get, post, del, query } from '../api.js';

export default {
  render(main, { session }) {
    const isAdmin = session.user.role === 'admin';
    const side = h('div');
    const addBtn = h('button', { type: 'button' }, 'New token');
    let all = false;
    const tools = [addBtn];
    if (isAdmin) {
      const cb = h('input', { type: 'checkbox', id: 'tok-all' });
      cb.addEventListener('change', () => { all = cb.checked; table.setFilter('all', all ? '1' : ''); });
      tools.push(h('div', { class: 'field check' }, cb, h('label', { for: 'tok-all' }, 'Show every user\'s tokens')));
    }
    const table = dataTable({
      caption: 'API tokens',
      filterLabel: 'Filter tokens',
      sort: 'created_at',
      order: 'desc',
      columns: [
        { key: 'name', label: 'Name', sortable: true },
        { key: 'prefix', label: 'Token', render: (t) => h('code', {}, `${t.prefix}…`) },
        { key: 'username', label: 'Owner', sortable: true },
        { key: 'created_at', label: 'Created', sortable: true, render: (t) => formatTime(t.created_at) },
        { key: 'expires_at', label: 'Expires', sortable: true, render: (t) => (t.expires_at ? formatTime(t.expires_at) : 'Never') },
        { key: 'last_used_at', label: 'Last used', sortable: true, render: (t) => (t.last_used_at ? `${formatTime(t.last_used_at)} from ${t.last_used_from}` : 'Never') },
        { key: 'state', label: 'State', render: (t) => (t.active ? h('span', { class: 'badge ok' }, 'Active') : h('span', { class: 'badge bad' }, t.revoked_at ? 'Revoked' : 'Expired')) },
        { key: 'actions', label: 'Actions', render: (t) => (t.active ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Revoke token ${t.name}`, onclick: () => revoke(t) }, 'Revoke') : '') },
      ],
      load: (p) => get(`/api/v1/tokens${query(p)}`),
      tools,
    });
    addBtn.addEventListener('click', create);
    main.append(h('h1', {}, 'API tokens'),
      h('p', { class: 'lead' }, 'Tokens let scripts use the JSON API as you, with your role: send Authorization: Bearer <token>.'),
      side, table.el);

    async function revoke(t) {
      if (!(await confirmDialog({ title: `Revoke ${t.name}?`, message: 'Scripts using this token stop working at once.', confirmLabel: 'Revoke', danger: true }))) return;
      await del(`/api/v1/tokens/${t.id}`);
      table.reload();
    }

    function create() {
      const f = form({
        fields: [
          { name: 'name', label: 'Name', required: true, hint: 'What uses it, e.g. "nightly phone export".' },
          { name: 'expires_in_days', label: 'Expires after (days)', type: 'number', inputmode: 'numeric', hint: 'Empty: never expires.' },
        ],
        submitLabel: 'Create token',
        extraButtons: [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Cancel')],
        onSubmit: async (v) => {
          const body = { name: v.name };
          if (v.expires_in_days !== '') body.expires_in_days = Number(v.expires_in_days);
          const t = await post('/api/v1/tokens', body);
          const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
          copy.addEventListener('click', async () => { try { await navigator.clipboard.writeText(t.token); copy.textContent = 'Copied'; } catch (e) { copy.textContent = 'Select and copy it by hand'; } });
          clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'tok-new' },
            h('h2', { id: 'tok-new' }, `Token "${t.name}" created`),
            h('p', {}, 'Copy it now: it is shown only this once and cannot be recovered.'),
            h('code', { class: 'secret', 'data-testid': 'new-token' }, t.token),
            h('div', { class: 'actions' }, copy, h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Done'))));
          table.reload();
        },
      });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'tok-form' }, h('h2', { id: 'tok-form' }, 'New API token'), f.el));
      f.controls.name.focus();
    }
  },
};
