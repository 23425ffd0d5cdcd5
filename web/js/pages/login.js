// Switchboard — the login page.
import { h } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { post } from '../api.js';

export default function loginPage({ notice, username, onDone }) {
  const f = form({
    fields: [
      { name: 'username', label: 'User name', required: true, autocomplete: 'username', value: username || '' },
      { name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' },
    ],
    submitLabel: 'Log in',
    onSubmit: async (v) => {
      const s = await post('/api/v1/session', v);
      onDone(s);
    },
  });
  const card = h('section', { class: 'card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in to Switchboard'),
    notice ? h('p', { class: 'form-ok', role: 'status' }, notice) : h('p', { class: 'lead' }, 'Telephony administration'),
    f.el);
  queueMicrotask(() => (username ? f.controls.password : f.controls.username).focus());
  return card;
}
