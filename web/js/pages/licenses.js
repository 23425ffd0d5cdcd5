// Switchboard — Managed IP Phones > Station licenses: pools and their use,
// and License Allocation: the station appearances waiting for a license
// (the Assistant creates every phone even when the pools run short) and
// giving them out once the pools hold them.
import { h, clear } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { get, post, put } from '../api.js';

export default {
  async render(main, { session, params }) {
    const admin = session.user.role === 'admin';
    const body = h('div');
    const allocation = h('section', { class: 'panel', id: 'license-allocation', 'aria-labelledby': 'alloc-title' });
    main.append(h('h1', {}, 'Station licenses'),
      h('p', { class: 'lead' }, 'A Basic Station license is assigned by default to every station appearance. Client Access, ACD Access and add-ons come from pools whose totals you set; allocating past a total is refused.'), body, allocation);

    // License Allocation: one row per appearance and license it waits for.
    async function drawAllocation(note) {
      const waiting = await get('/api/v1/station-licenses/allocation?limit=1000');
      const err = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const allocate = async (stations, what) => {
        err.hidden = true;
        try {
          const r = await post('/api/v1/station-licenses/allocation', stations ? { stations } : {});
          await draw();
          await drawAllocation(`${what}: ${r.allocated} station appearance${r.allocated === 1 ? '' : 's'} got ${r.allocated === 1 ? 'its licenses' : 'their licenses'}.`);
        } catch (e) {
          err.textContent = `${e.message}${e.details && e.details.length ? `: ${e.details.map((d) => d.message).join(' ')}` : ''}`;
          err.hidden = false;
          err.focus();
        }
      };
      const allBtn = h('button', { type: 'button', disabled: !admin || waiting.total === 0 }, 'Allocate all');
      allBtn.addEventListener('click', () => allocate(null, 'Allocated'));
      const rows = waiting.items.map((x) => {
        const b = h('button', { type: 'button', class: 'secondary', disabled: !admin, 'aria-label': `Allocate ${x.license} to ${x.phone} ${x.extension || ''}`.trim() }, 'Allocate');
        b.addEventListener('click', () => allocate([x.station_id], `${x.phone}`));
        return h('tr', {}, h('td', {}, h('a', { href: `#/phones/list?open=${x.phone_id}` }, x.phone)), h('td', {}, x.extension || '—'),
          h('td', {}, x.label || ''), h('td', {}, x.license), h('td', {}, b));
      });
      err.tabIndex = -1;
      clear(allocation).append(...[h('h2', { id: 'alloc-title' }, 'License Allocation'),
        h('p', {}, waiting.total ? `${waiting.total} license${waiting.total === 1 ? '' : 's'} could not be allocated to ${waiting.total === 1 ? 'its station appearance' : 'their station appearances'}. Raise a pool's total above, or free licenses, then allocate.` : 'Every station appearance holds the licenses it asked for.'),
        note ? h('p', { class: 'form-ok', role: 'status' }, note) : null, err,
        waiting.total ? h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, 'Station appearances waiting for a license'),
          h('thead', {}, h('tr', {}, ['IP Phone', 'Extension', 'Label', 'License'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Allocate')))),
          h('tbody', {}, rows))) : null,
        waiting.total ? h('div', { class: 'actions' }, allBtn) : null].filter(Boolean));
    }
    async function draw() {
      const pools = (await get('/api/v1/station-licenses')).items;
      clear(body).append(h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, 'License pools'),
        h('thead', {}, h('tr', {}, ['License', 'Kind', 'In use', 'Total'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Change the total')))),
        h('tbody', {}, pools.map((p) => {
          const total = h('input', { type: 'text', inputmode: 'numeric', value: p.total === null ? '' : p.total, 'aria-label': `Total of ${p.name}`, disabled: !admin || p.total === null, size: 6 });
          const err = h('span', { class: 'error', role: 'alert' });
          const saveBtn = h('button', { type: 'button', class: 'secondary', disabled: !admin || p.total === null }, 'Set total');
          saveBtn.addEventListener('click', async () => {
            err.textContent = '';
            try { await put(`/api/v1/station-licenses/${encodeURIComponent(p.name)}`, { total: Number(total.value) }); draw(); } catch (e) { err.textContent = e.message; }
          });
          return h('tr', {}, h('td', {}, p.name), h('td', {}, p.kind), h('td', {}, String(p.used)),
            h('td', {}, p.total === null ? 'No limit' : total), h('td', {}, p.total === null ? '' : [saveBtn, ' ', err]));
        })))));
      if (admin) {
        const f = form({
          fields: [{ name: 'name', label: 'Add-on license', required: true }, { name: 'total', label: 'Total', required: true, inputmode: 'numeric', value: '0' }],
          submitLabel: 'Add pool',
          onSubmit: async (v) => { await post('/api/v1/station-licenses', { name: v.name, total: Number(v.total) }); draw(); },
        });
        body.append(h('section', { class: 'panel' }, h('h2', {}, 'Add an add-on license pool'), f.el));
      }
    }
    await draw();
    await drawAllocation();
    if (params && params.get('show') === 'allocation') allocation.scrollIntoView();
  },
};
