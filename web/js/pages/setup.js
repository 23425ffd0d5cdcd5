// Switchboard — first run: create the first administrator.
import { h } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { post } from '../api.js';

export default function setupPage({ onDone }) {
  const f = form({
    fields: [
      { name: 'username', label: 'User name', required: true, autocomplete: 'username', hint: 'Letters, digits and . _ - @' },
      { name: 'display_name', label: 'Full name', autocomplete: 'name' },
      { name: 'password', label: 'Password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password', hint: 'At least 12 characters. A passphrase of a few words works well.' },
      { name: 'confirm', label: 'Repeat password', type: 'password', required: true, autocomplete: 'new-password', validate: (v, all) => (v !== all.password ? 'The passwords do not match.' : '') },
    ],
    submitLabel: 'Create administrator',
    onSubmit: async (v) => {
      await post('/api/v1/setup', { username: v.username, display_name: v.display_name, password: v.password });
      onDone(v.username);
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'setup-title' },
    h('h1', { id: 'setup-title' }, 'Welcome to Switchboard'),
    h('p', { class: 'lead' }, 'There is no account yet. Create the first administrator; there is no default password.'),
    f.el);
}
