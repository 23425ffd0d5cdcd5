// Switchboard — My account: who I am, and changing my own password.
import { h } from '../ui/dom.js';
import { form, facts } from '../ui/form.js';
import { put } from '../api.js';

export function passwordForm(onDone) {
  const f = form({
    fields: [
      { name: 'current_password', label: 'Current password', type: 'password', required: true, autocomplete: 'current-password' },
      { name: 'new_password', label: 'New password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password', hint: 'At least 12 characters.' },
      { name: 'confirm', label: 'Repeat new password', type: 'password', required: true, autocomplete: 'new-password', validate: (v, all) => (v !== all.new_password ? 'The passwords do not match.' : '') },
    ],
    submitLabel: 'Change password',
    onSubmit: async (v) => {
      await put('/api/v1/session/password', { current_password: v.current_password, new_password: v.new_password });
      f.reset();
      if (onDone) await onDone();
      return 'Your password has been changed. Your other sessions were logged out.';
    },
  });
  return f;
}

export default {
  render(main, { session }) {
    const u = session.user;
    main.append(
      h('h1', {}, 'My account'),
      h('p', { class: 'lead' }, 'Your sign-in details.'),
      h('section', { class: 'panel', 'aria-labelledby': 'acc-who' }, h('h2', { id: 'acc-who' }, 'Account'),
        facts([['User name', u.username], ['Full name', u.display_name || '—'], ['Role', u.role],
          ['Session', `ends after ${session.idle_timeout_minutes} minutes idle, or ${session.max_hours} hours after login`]])),
      h('section', { class: 'panel', 'aria-labelledby': 'acc-pw' }, h('h2', { id: 'acc-pw' }, 'Change password'), passwordForm().el));
  },
};
