// Switchboard — what the OpenScape Business pages share: the seed's banner
// after a software update, shown while the API says so.
import { h } from '../ui/dom.js';

export function updateBanner(answer) {
  if (!answer || !answer.software_update_detected) return null;
  return h('p', { class: 'form-error', role: 'status' }, 'Software update detected. Please run the ',
    h('a', { href: '#/osbiz/unify-connectivity' }, 'Unify Phone Connectivity wizard'), ' without changing the configuration.');
}
