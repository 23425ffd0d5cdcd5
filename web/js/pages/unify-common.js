// Switchboard — what the OpenScape Business pages share: the seed's banner
// after a software update, the clone guard's warning when the Unify Phone
// connector was disabled on a restored or copied configuration, and the
// names of a user's licenses.
import { h } from '../ui/dom.js';

export function updateBanner(answer) {
  if (!answer) return null;
  const out = [];
  if (answer.guard) {
    out.push(h('p', { class: 'form-error', role: 'alert' }, h('strong', {}, 'Unify Phone connector disabled. '), answer.guard.reason, ' ',
      h('a', { href: '#/osbiz/service-center' }, 'Re-enable it in the Service Center'), '.'));
  }
  if (answer.software_update_detected) {
    out.push(h('p', { class: 'form-error', role: 'status' }, 'Software update detected. Please run the ',
      h('a', { href: '#/osbiz/unify-connectivity' }, 'Unify Phone Connectivity wizard'), ' without changing the configuration.'));
  }
  if (!out.length) return null;
  return out.length === 1 ? out[0] : h('div', {}, ...out);
}

// A Unify Phone user's licenses (License Management), as the user pages
// name them: the key in the API's "licenses" and a short label.
export const USER_LICENSES = [
  ['mobility_user', 'Mobility User'],
  ['unify_phone', 'Unify Phone'],
  ['voicemail', 'Voicemail'],
  ['desk_phone', 'Desk Phone'],
];

// Whether the user holds both licenses every Unify Phone user needs.
export const fullyLicensed = (u) => !!(u.licenses && u.licenses.mobility_user && u.licenses.unify_phone);
