// Switchboard — hand-built forms whose controls are registered by the API
// field path they feed ("options.ring_volume", "stations[1].extension"), so
// the server's message lands beside the right control.
import { h, uid } from './dom.js';

export function fieldRegistry() {
  const map = new Map();
  return {
    // A labelled control for path; returns the wrapper element.
    control(path, label, input, hint) {
      const id = uid('f');
      input.id = id;
      const err = h('p', { class: 'error', id: `${id}-e`, hidden: true });
      const hintEl = hint ? h('p', { class: 'hint', id: `${id}-h` }, hint) : null;
      input.setAttribute('aria-describedby', [hintEl && hintEl.id, err.id].filter(Boolean).join(' '));
      map.set(path, { input, err });
      const isCheck = input.type === 'checkbox';
      return h('div', { class: `field${isCheck ? ' check' : ''}` },
        isCheck ? [input, h('label', { for: id }, label)] : [h('label', { for: id }, label), input], hintEl, err);
    },
    // Register an existing control and its error element for path.
    attach(path, input, err) { map.set(path, { input, err }); },
    clear() {
      for (const { input, err } of map.values()) { err.hidden = true; err.textContent = ''; input.removeAttribute('aria-invalid'); }
    },
    forget(prefix) { for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k); },
    // Show an API error detail; returns false when no control has that path.
    show(path, message) {
      let e = map.get(path);
      if (!e) {
        // "stations[1]" or "custom_attributes.x": fall back to the parent.
        const parent = [...map.keys()].filter((k) => path.startsWith(k)).sort((a, b) => b.length - a.length)[0];
        e = parent && map.get(parent);
      }
      if (!e) return false;
      e.err.textContent = message;
      e.err.hidden = false;
      e.input.setAttribute('aria-invalid', 'true');
      e.input.focus();
      return true;
    },
    get(path) { return map.get(path); },
  };
}

export function selectOf(options, value) {
  return h('select', {}, options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
}
