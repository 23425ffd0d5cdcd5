// Switchboard — saving a record with the version its editor was opened at.
// When a colleague changed it meanwhile the API answers 412: the admin
// chooses to reload (see their change) or to overwrite it with this one.
import { ApiError, etagOf } from '../api.js';
import { choiceDialog } from './dialog.js';
import { formatTime } from './dom.js';

// send(ifMatch) makes the request; record is what the editor was opened
// with (its ETag is used); reload() reopens the editor with what is stored.
// Resolves with send's answer, or RELOADED after a reload.
export const RELOADED = Symbol('reloaded');

export async function saveVersioned(send, record, reload) {
  try {
    return await send(etagOf(record));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 412 || !e.changed) throw e;
    const choice = await choiceDialog({
      title: 'Changed since you opened it',
      // The API writes the time in UTC (ISO 8601); shown as every time is.
      message: e.changed.at ? e.message.replace(e.changed.at, formatTime(e.changed.at)) : e.message,
      choices: [{ value: 'reload', label: 'Reload' }, { value: 'overwrite', label: 'Overwrite', danger: true }, { value: 'cancel', label: 'Keep editing' }],
      cancelValue: 'cancel',
    });
    if (choice === 'overwrite') return send(e.changed.etag);
    if (choice === 'reload') { await reload(); return RELOADED; }
    throw new ApiError(412, { error: { code: 'changed', message: `Not saved: ${e.message}` } });
  }
}

// Reload for a settings page: draw the page again from what is stored.
export const redrawPage = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
