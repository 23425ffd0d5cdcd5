// Switchboard — tabs as the WAI-ARIA pattern has them: a tablist of
// buttons, one panel shown; Left/Right/Home/End move between tabs.
import { h, uid } from './dom.js';

// items: [{ id, label, content: [nodes] }]. Returns { el, panels, show(id),
// showPanelOf(node) }: the tab holding node is shown (a refused field on
// another tab is brought into view).
export function tabs(items, { label }) {
  const base = uid('tab');
  const buttons = {};
  const panels = {};
  const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tabs' });
  for (const it of items) {
    const b = h('button', { type: 'button', role: 'tab', id: `${base}-${it.id}`, 'aria-controls': `${base}-${it.id}-panel`, tabindex: '-1' }, it.label);
    const p = h('div', { role: 'tabpanel', id: `${base}-${it.id}-panel`, 'aria-labelledby': `${base}-${it.id}`, class: 'tab-panel', hidden: true }, it.content);
    b.addEventListener('click', () => show(it.id));
    buttons[it.id] = b;
    panels[it.id] = p;
    list.append(b);
  }
  list.addEventListener('keydown', (e) => {
    const ids = items.map((it) => it.id);
    const at = ids.indexOf(items.find((it) => buttons[it.id] === document.activeElement)?.id);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const id = ids[(to + ids.length) % ids.length];
    show(id);
    buttons[id].focus();
  });
  function show(id) {
    for (const it of items) {
      const on = it.id === id;
      buttons[it.id].setAttribute('aria-selected', on ? 'true' : 'false');
      buttons[it.id].tabIndex = on ? 0 : -1;
      panels[it.id].hidden = !on;
    }
  }
  show(items[0].id);
  return {
    el: h('div', { class: 'tabbed' }, list, Object.values(panels)),
    panels,
    show,
    showPanelOf(node) {
      const it = items.find((x) => panels[x.id].contains(node));
      if (it) show(it.id);
    },
  };
}
