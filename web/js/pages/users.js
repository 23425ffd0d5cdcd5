// Switchboard — System > Users: create users, change roles, disable,
// reset passwords (administrators only).
import { h, clear, formatTime } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { dataTable } from '../ui/table.js';
import { confirmDialog } from '../ui/dialog.js';
import { get, post, patch, query } from '../api.js';
import { saveVersioned, RELOADED } from '../ui/versioned.js';

const ROLES = [
  { value: 'viewer', label: 'Viewer — read only' },
  { value: 'operator', label: 'Operator — changes phones, no user management' },
  { value: 'admin', label: 'Administrator — everything' },
];

export default {
  render(main, { session }) {
    const side = h('div');
    const addBtn = h('button', { type: 'button' }, 'Add user');
    const table = dataTable({
      caption: 'Users',
      filterLabel: 'Filter users',
      sort: 'username',
      columns: [
        { key: 'username', label: 'User name', sortable: true, render: (u) => h('button', { type: 'button', class: 'link', onclick: () => edit(u.id) }, u.username) },
        { key: 'display_name', label: 'Full name', sortable: true, render: (u) => u.display_name || '—' },
        { key: 'role', label: 'Role', sortable: true },
        { key: 'status', label: 'Status', render: (u) => (u.disabled ? h('span', { class: 'badge bad' }, 'Disabled') : u.must_change_password ? h('span', { class: 'badge warn' }, 'Must change password') : h('span', { class: 'badge ok' }, 'Active')) },
        { key: 'last_login_at', label: 'Last login', sortable: true, render: (u) => formatTime(u.last_login_at) },
        { key: 'created_at', label: 'Created', sortable: true, render: (u) => formatTime(u.created_at) },
      ],
      load: (p) => get(`/api/v1/users${query(p)}`),
      tools: [addBtn],
    });
    addBtn.addEventListener('click', create);
    main.append(h('h1', {}, 'Users'), h('p', { class: 'lead' }, 'Who can sign in to Switchboard, and with which role.'), side, table.el);

    function create() {
      const f = form({
        fields: [
          { name: 'username', label: 'User name', required: true },
          { name: 'display_name', label: 'Full name' },
          { name: 'role', label: 'Role', type: 'select', options: ROLES, value: 'viewer' },
          { name: 'password', label: 'Temporary password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password', hint: 'The user chooses their own at first login.' },
        ],
        submitLabel: 'Create user',
        extraButtons: [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Cancel')],
        onSubmit: async (v) => {
          await post('/api/v1/users', v);
          clear(side);
          table.reload();
        },
      });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'new-user' }, h('h2', { id: 'new-user' }, 'New user'), f.el));
      f.controls.username.focus();
    }

    async function edit(id) {
      let u = await get(`/api/v1/users/${id}`);
      const self = u.id === session.user.id;
      const f = form({
        fields: [
          { name: 'display_name', label: 'Full name', value: u.display_name },
          { name: 'role', label: 'Role', type: 'select', options: ROLES, value: u.role },
        ],
        submitLabel: 'Save',
        extraButtons: [h('button', { type: 'button', class: 'secondary', onclick: () => clear(side) }, 'Close')],
        onSubmit: async (v) => {
          const saved = await saveVersioned((tag) => patch(`/api/v1/users/${id}`, v, { ifMatch: tag }), u, () => edit(id));
          if (saved === RELOADED) return undefined;
          u = saved;
          table.reload();
          return 'Saved.';
        },
      });
      if (self) f.controls.role.disabled = true;
      const toggle = h('button', { type: 'button', class: u.disabled ? '' : 'danger', disabled: self }, u.disabled ? 'Enable account' : 'Disable account');
      toggle.addEventListener('click', async () => {
        const disabling = !u.disabled;
        if (disabling && !(await confirmDialog({ title: `Disable ${u.username}?`, message: 'They are logged out at once and their API tokens are revoked.', confirmLabel: 'Disable', danger: true }))) return;
        try {
          if (await saveVersioned((tag) => patch(`/api/v1/users/${id}`, { disabled: disabling }, { ifMatch: tag }), u, () => edit(id)) === RELOADED) return;
          table.reload();
          edit(id);
        } catch (e) { f.showError(e.message); }
      });
      const reset = form({
        fields: [
          { name: 'password', label: 'New temporary password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' },
          { name: 'must_change', label: 'Ask for a new password at next login', type: 'checkbox', value: true },
        ],
        submitLabel: 'Reset password',
        onSubmit: async (v) => {
          if (!(await confirmDialog({ title: `Reset the password of ${u.username}?`, message: 'Their current sessions end.', confirmLabel: 'Reset password', danger: true }))) return undefined;
          await post(`/api/v1/users/${id}/password`, v);
          reset.reset();
          table.reload();
          return 'The password has been reset.';
        },
      });
      clear(side).append(h('section', { class: 'panel', 'aria-labelledby': 'edit-user' },
        h('h2', { id: 'edit-user' }, `User ${u.username}`), f.el,
        h('h3', {}, 'Access'), h('div', { class: 'actions' }, toggle), h('p', { class: 'hint' }, self ? 'You cannot disable your own account.' : ''),
        h('h3', {}, 'Password'), reset.el));
      f.controls.display_name.focus();
    }
  },
};
