// Switchboard — System > Business hours: when phones are in use, so the
// Assistant and reboots ask before working across the estate.
import { h } from '../ui/dom.js';
import { fieldRegistry } from '../ui/fieldset.js';
import { ApiError, get, put } from '../api.js';
import { saveVersioned, redrawPage, RELOADED } from '../ui/versioned.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export default {
  async render(main, { session }) {
    let bh = await get('/api/v1/settings/business-hours');
    const f = fieldRegistry();
    const boxes = DAYS.map((d, i) => h('input', { type: 'checkbox', checked: bh.days.includes(i) }));
    const dayErr = h('p', { class: 'error', hidden: true, role: 'alert' });
    f.attach('days', boxes[1], dayErr);
    const start = h('input', { type: 'text', value: bh.start, inputmode: 'numeric' });
    const end = h('input', { type: 'text', value: bh.end, inputmode: 'numeric' });
    const tz = h('input', { type: 'text', value: bh.time_zone });
    const status = h('p', { role: 'status' }, bh.now_inside ? 'It is within business hours now.' : 'It is outside business hours now.');
    const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', disabled: session.user.role !== 'admin' }, 'Save');
    const form = h('form', { novalidate: true }, formError, status,
      h('fieldset', { class: 'opt-section' }, h('legend', {}, 'Days'), h('div', { class: 'opt-grid' },
        DAYS.map((d, i) => f.control(`days.${i}`, d, boxes[i]))), dayErr),
      h('div', { class: 'opt-grid' }, f.control('start', 'Start (HH:MM)', start), f.control('end', 'End (HH:MM, 24:00 for midnight)', end),
        f.control('time_zone', 'Time zone', tz, 'An IANA name such as Europe/Berlin; empty: the appliance\'s.')),
      h('div', { class: 'actions' }, save));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      f.clear();
      formError.hidden = true;
      try {
        const body = { days: boxes.map((b, i) => (b.checked ? i : -1)).filter((i) => i >= 0), start: start.value.trim(), end: end.value.trim(), time_zone: tz.value.trim() };
        const r = await saveVersioned((tag) => put('/api/v1/settings/business-hours', body, { ifMatch: tag }), bh, redrawPage);
        if (r === RELOADED) return;
        bh = r;
        status.textContent = `Saved. ${r.now_inside ? 'It is within business hours now.' : 'It is outside business hours now.'}`;
      } catch (e) {
        if (!(e instanceof ApiError && e.details.length && f.show(e.details[0].field, e.details[0].message))) { formError.textContent = e.message; formError.hidden = false; }
      }
    });
    main.append(h('h1', {}, 'Business hours'),
      h('p', { class: 'lead' }, 'Starting the Managed IP Phone Assistant within business hours asks for confirmation first.'),
      h('section', { class: 'panel' }, form));
  },
};
