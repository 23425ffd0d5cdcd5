// Switchboard — Managed IP Phones > Station licenses: pools and their use.
import { h, clear } from '../ui/dom.js';
import { form } from '../ui/form.js';
import { get, post, put } from '../api.js';

export default {
  async render(main, { session }) {
    const admin = session.user.role === 'admin';
    const body = h('div');
    main.append(h('h1', {}, 'Station licenses'),
      h('p', { class: 'lead' }, 'A Basic Station license is assigned by default to every station appearance. Client Access, ACD Access and add-ons come from pools whose totals you set; allocating past a total is refused.'), body);
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
  },
};
