// Switchboard — forced password change after an administrator's reset.
import { h } from '../ui/dom.js';
import { passwordForm } from './account.js';

export default function passwordChangePage({ session, onDone }) {
  return h('section', { class: 'card', 'aria-labelledby': 'pw-title' },
    h('h1', { id: 'pw-title' }, 'Choose a new password'),
    h('p', { class: 'lead' }, `An administrator set a temporary password for ${session.user.username}. Choose your own to continue.`),
    passwordForm(onDone).el);
}
