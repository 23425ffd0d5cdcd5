// Switchboard — OpenScape Business > Stations: the system's subscribers the
// Unify Phone wizards work with (callno, name, type, DID, Entry in
// telephone directory, CLIP/LIN), by hand or from a station list. A Unify
// Phone user's virtual station (Trusted External User) belongs to the user
// instance wizard: only its directory flag and CLIP/LIN change here.
import { h } from '../ui/dom.js';
import { crudPage } from '../ui/crud.js';
import { listImport } from '../ui/list-import.js';

const TYPES = ['IP', 'TDM', 'cordless', 'Trusted External User'].map((t) => ({ value: t, label: t }));

export default {
  render(main, { session }) {
    const admin = session.user.role === 'admin';
    const table = crudPage(main, {
      title: 'Stations',
      lead: 'The subscribers of OpenScape Business. Each internal call number (callno) is used once, by a station or a Unify Phone user. Cordless subscribers are not approved with Unify Phone.',
      path: '/api/v1/unify/stations',
      noun: 'station',
      sort: 'callno',
      canWrite: admin,
      columns: [
        { key: 'callno', label: 'Callno', sortable: true },
        { key: 'name', label: 'Name', sortable: true },
        { key: 'type', label: 'Type', sortable: true, render: (s) => (s.user_owned ? `${s.type} (Unify Phone user)` : s.type) },
        { key: 'did', label: 'DID', sortable: true },
        { key: 'directory_entry', label: 'Entry in telephone directory', render: (s) => (s.directory_entry ? 'yes' : 'no') },
        { key: 'clip_lin', label: 'CLIP/LIN' },
      ],
      fields: (s) => {
        const wizard = !!(s && s.user_owned);
        return [
          { name: 'callno', label: 'Callno', required: true, inputmode: 'numeric', value: s ? s.callno : '', disabled: wizard, hint: wizard ? 'Set by the Unify Phone user instance wizard.' : 'e.g. 201 (1 to 6 digits)' },
          { name: 'name', label: 'Name', required: true, value: s ? s.name : '', disabled: wizard },
          { name: 'type', label: 'Type', type: 'select', options: TYPES, value: s ? s.type : 'IP', disabled: wizard },
          { name: 'did', label: 'DID', inputmode: 'numeric', value: s ? s.did : '', disabled: wizard, hint: 'e.g. 201 (optional)' },
          { name: 'directory_entry', label: 'Entry in telephone directory', type: 'checkbox', value: s ? s.directory_entry : true },
          { name: 'clip_lin', label: 'CLIP/LIN', inputmode: 'numeric', value: s ? s.clip_lin : '', hint: 'e.g. 4989700700 (optional)' },
        ];
      },
      toBody: (v, s) => (s && s.user_owned ? { callno: s.callno, name: s.name, type: s.type, did: s.did, directory_entry: v.directory_entry, clip_lin: v.clip_lin.trim() }
        : { callno: v.callno.trim(), name: v.name.trim(), type: v.type, did: v.did.trim(), directory_entry: v.directory_entry, clip_lin: v.clip_lin.trim() }),
    });
    if (admin) {
      main.append(listImport({
        id: 'station-import',
        title: 'Import a station list',
        url: '/api/v1/unify/stations/import',
        hint: 'Columns: Callno, Name, Type (IP, TDM, cordless, Trusted External User), DID, Entry in telephone directory (yes/no), CLIP/LIN. A callno that exists changes that station. One refused row and nothing is imported.',
        describe: (r) => `${r.total} stations imported: ${r.created} new, ${r.updated} changed.`,
        onDone: () => table.reload(),
      }));
    }
  },
};
