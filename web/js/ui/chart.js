// Switchboard — charts with Chart.js, which the appliance serves itself
// (web/vendor, installed from npm by the lock file at build time). Each
// chart carries a table of the same figures for screen readers and a link
// target per bar or slice.
import { h } from './dom.js';

let loading = null;
function library() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/chart.umd.min.js';
      s.onload = () => resolve(window.Chart);
      s.onerror = () => reject(new Error('The chart library could not be loaded.'));
      document.head.append(s);
    });
  }
  return loading;
}

const PALETTE = ['#1f4e79', '#2e7d4f', '#b26a00', '#8e2a5b', '#4b6a88', '#6b8e23', '#a0522d', '#5f6b7a', '#c0392b', '#16808c', '#7a5c99', '#3d7a3d'];

// kind: 'doughnut' | 'bar'; labels; datasets [{label, data}]; href(index)
// gives the page a bar or slice leads to. Returns the element at once.
export function chart({ title, kind, labels, datasets, href, stacked = false }) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}: ${labels.map((l, i) => `${l} ${datasets.map((d) => d.data[i]).join('/')}`).join(', ')}` });
  const table = h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Item')), datasets.map((d) => h('th', { scope: 'col' }, d.label)))),
    h('tbody', {}, labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, href ? h('a', { href: href(i) }, l) : l),
      datasets.map((d) => h('td', {}, String(d.data[i])))))));
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title), h('div', { class: 'chart-box' }, canvas),
    h('details', {}, h('summary', {}, 'Show as a table'), table));
  if (!labels.length) {
    el.querySelector('.chart-box').replaceWith(h('p', { class: 'hint' }, 'Nothing to show yet.'));
    return el;
  }
  library().then((Chart) => {
    const c = new Chart(canvas, {
      type: kind,
      data: {
        labels,
        datasets: datasets.map((d, j) => ({
          label: d.label, data: d.data,
          backgroundColor: kind === 'doughnut' ? labels.map((_, i) => PALETTE[i % PALETTE.length]) : PALETTE[j % PALETTE.length],
        })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: kind === 'doughnut' || datasets.length > 1, position: 'bottom' } },
        scales: kind === 'bar' ? { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } } : {},
        onClick: (_, items) => { if (href && items.length) location.hash = href(items[0].index).replace(/^#/, ''); },
      },
    });
    el.chart = c;
  }).catch((e) => el.querySelector('.chart-box').replaceWith(h('p', { class: 'form-error' }, e.message)));
  return el;
}
