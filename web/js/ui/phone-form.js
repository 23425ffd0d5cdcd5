// Switchboard — the settings a managed IP phone and a template share: the
// General tab (manufacturer, model, registration group, location, firmware,
// audio protocol, time zone, language), Options and Advanced Options drawn
// from the model family's schema, and custom attributes.
import { h, clear } from './dom.js';
import { selectOf } from './fieldset.js';
import { get, query } from '../api.js';

// The reference data a phone or template form chooses from.
export async function loadPhoneReferences() {
  const [catalog, groups, locations, pools] = await Promise.all([
    get('/api/v1/catalog'), get('/api/v1/registration-groups?kind=regular&limit=1000'),
    get('/api/v1/locations?limit=1000'), get('/api/v1/station-licenses')]);
  return { catalog, groups, locations, pools };
}

// f: a fieldRegistry; initial: a phone or template (or null); withAddress:
// phones have an address, templates do not; onModelChange(model): redraw
// what depends on the model (stations).
export function phoneSettings({ f, catalog, groups, locations, initial, withAddress, onModelChange }) {
  const manufacturers = catalog.manufacturers;
  const state = { manufacturer: initial ? initial.manufacturer : 'Polycom', model: initial ? initial.model : 'VVX 410' };
  const inputs = {};
  const typed = {};
  const general = h('div');
  // Options, Advanced Options and Custom Attributes, each in a pane of its
  // own (the phone editor puts them on tabs; the template form shows all).
  const panes = { options: h('div'), advanced_options: h('div'), custom: h('div') };
  const optionsBox = h('div', { class: 'options-box' }, panes.options, panes.advanced_options, panes.custom);
  const val = (k, def) => (k in typed ? typed[k] : def);
  const init = (k, def) => val(k, initial && initial[k] !== undefined && initial[k] !== null ? initial[k] : def);

  function model() {
    return (manufacturers.find((m) => m.name === state.manufacturer) || { models: [] }).models.find((m) => m.name === state.model);
  }

  function keep() {
    for (const k of ['name', 'type', 'address', 'registration_group', 'location', 'firmware_version', 'audio_protocol', 'time_zone', 'language']) {
      if (inputs[k]) typed[k] = inputs[k].value;
    }
    if (inputs.active) typed.active = inputs.active.checked;
    if (inputs.custom) typed.custom = inputs.custom.value;
  }

  function drawGeneral() {
    clear(general);
    const m = model();
    inputs.name = h('input', { type: 'text', value: init('name', '') });
    inputs.type = selectOf([['workstation', 'Workstation'], ['stand-alone', 'Stand-alone Phone']], init('type', 'workstation'));
    inputs.manufacturer = selectOf(manufacturers.map((x) => [x.name, x.name]), state.manufacturer);
    inputs.model = selectOf((manufacturers.find((x) => x.name === state.manufacturer) || { models: [] }).models.map((x) => [x.name, x.name + (x.eol ? ' (EOL)' : '')]), state.model);
    inputs.registration_group = selectOf(groups.items.map((g) => [g.name, g.name]), init('registration_group', '<Default Registration Group>'));
    inputs.location = selectOf(locations.items.map((l) => [l.name, l.name]), init('location', '<Default Location>'));
    inputs.firmware_version = selectOf([['latest', '<Latest>'], ...(m ? m.firmware.map((x) => [x.version, `${x.version}${x.status === 'supported' ? '' : ` (${x.status})`}`]) : [])], init('firmware_version', 'latest'));
    if (m && !m.selectable_firmware) inputs.firmware_version.disabled = true;
    inputs.audio_protocol = selectOf(m && m.srtp ? [['RTP', 'RTP'], ['SRTP', 'SRTP']] : [['RTP', 'RTP']], init('audio_protocol', 'RTP'));
    inputs.time_zone = h('input', { type: 'text', value: init('time_zone', '') });
    inputs.language = selectOf([['', '<System Default>'], ...(m ? m.languages.map((l) => [l, l]) : [])], init('language', ''));
    inputs.manufacturer.addEventListener('change', () => {
      state.manufacturer = inputs.manufacturer.value;
      state.model = manufacturers.find((x) => x.name === state.manufacturer).models[0].name;
      redraw();
    });
    inputs.model.addEventListener('change', () => { state.model = inputs.model.value; redraw(); });
    const parts = [f.control('name', 'Name', inputs.name)];
    if (withAddress) {
      inputs.active = h('input', { type: 'checkbox', checked: init('active', true) });
      parts.push(f.control('active', 'Active', inputs.active));
    }
    parts.push(f.control('type', 'Type', inputs.type, m && !m.standalone_allowed ? 'This model cannot be a Stand-alone phone.' : null),
      f.control('manufacturer', 'Manufacturer', inputs.manufacturer), f.control('model', 'Model', inputs.model));
    if (withAddress) {
      const mac = !m || m.address_kind === 'mac';
      inputs.address = h('input', { type: 'text', value: init('address', ''), spellcheck: 'false' });
      parts.push(f.control('address', mac ? 'MAC Address' : 'Full Computer Name', inputs.address,
        mac ? `xx:xx:xx:xx:xx:xx; ${m ? m.mac_prefixes.join(', ') : ''}. Empty: not provisioned yet.` : 'For example PattyJ.acme.com or PattyJ.'));
    }
    parts.push(f.control('registration_group', 'Registration Group', inputs.registration_group),
      f.control('location', 'Location', inputs.location),
      f.control('firmware_version', 'Firmware Version', inputs.firmware_version),
      f.control('audio_protocol', 'Audio Protocol', inputs.audio_protocol),
      f.control('time_zone', 'Time Zone', inputs.time_zone, 'An IANA name such as America/New_York; empty: from the location.'),
      f.control('language', 'Preferred Language', inputs.language));
    general.append(...parts);
  }

  let optSeq = 0;
  async function drawOptions() {
    const mine = ++optSeq;
    const m = model();
    if (!m) { Object.values(panes).forEach((p) => clear(p)); return; }
    const schema = await get(`/api/v1/catalog/options${query({ family: m.family })}`);
    // A later model change won the race: its drawing stands.
    if (mine !== optSeq) return;
    Object.values(panes).forEach((p) => clear(p));
    f.forget('options.');
    f.forget('advanced_options.');
    inputs.options = {};
    for (const [group, title] of [['options', 'Options'], ['advanced_options', 'Advanced Options']]) {
      const cur = initial && initial.family === m.family ? initial[group] : {};
      const sections = {};
      for (const o of schema[group]) {
        const v = cur && o.key in cur ? cur[o.key] : o.default;
        let input;
        if (o.type === 'boolean') input = selectOf([['true', 'Yes'], ['false', 'No']], String(v));
        else if (o.type === 'choice') input = selectOf(o.choices.map((c) => [c, c]), v);
        else input = h('input', { type: o.type === 'url' ? 'url' : 'text', value: v, spellcheck: o.type === 'text' ? null : 'false',
          inputmode: o.type === 'integer' ? 'numeric' : o.type === 'dial' ? 'tel' : null });
        inputs.options[`${group}.${o.key}`] = { input, type: o.type };
        (sections[o.section] ||= []).push(f.control(`${group}.${o.key}`, o.label, input));
      }
      panes[group].append(h('h3', {}, title), ...Object.entries(sections).map(([name, els]) =>
        h('fieldset', { class: 'opt-section' }, h('legend', {}, name), h('div', { class: 'opt-grid' }, els))));
    }
    inputs.custom = h('textarea', { spellcheck: 'false' });
    inputs.custom.value = val('custom', initial ? Object.entries(initial.custom_attributes || {}).map(([k, v]) => `${k} = ${v}`).join('\n') : '');
    panes.custom.append(h('h3', {}, 'Custom attributes'),
      f.control('custom_attributes', 'One per line: name = value', inputs.custom, 'config_files lists extra files (Polycom, AudioCodes, Genesys) from Custom files; [MACADDRESS] and [MODEL] are substituted.'));
  }

  async function redraw() {
    keep();
    f.forget('');
    drawGeneral();
    if (onModelChange) onModelChange(model());
    await drawOptions();
  }

  // The JSON of these settings.
  function body() {
    const b = {};
    for (const k of ['name', 'type', 'manufacturer', 'model', 'registration_group', 'location', 'firmware_version', 'audio_protocol', 'time_zone', 'language']) b[k] = inputs[k].value.trim();
    if (withAddress) { b.address = inputs.address.value.trim(); b.active = inputs.active.checked; }
    b.options = {};
    b.advanced_options = {};
    for (const [path, { input, type }] of Object.entries(inputs.options || {})) {
      const [group, key] = path.split('.');
      let v = input.value;
      if (type === 'boolean') v = v === 'true';
      else if (type === 'integer') v = /^-?\d+$/.test(v.trim()) ? Number(v) : v;
      b[group][key] = v;
    }
    b.custom_attributes = {};
    for (const line of (inputs.custom ? inputs.custom.value : '').split('\n')) {
      if (!line.trim()) continue;
      const eq = line.indexOf('=');
      b.custom_attributes[(eq < 0 ? line : line.slice(0, eq)).trim()] = eq < 0 ? '' : line.slice(eq + 1).trim();
    }
    return b;
  }

  return { general, optionsBox, panes, model, body, redraw, focus: () => inputs.name.focus(), start: async () => { drawGeneral(); await drawOptions(); } };
}

// Checkboxes for license pools or dial plan classifications.
export function checkList({ f, path, legend, names, checked }) {
  const err = h('p', { class: 'error', hidden: true, role: 'alert' });
  const boxes = names.map((n) => {
    const cb = h('input', { type: 'checkbox', checked: checked.includes(n) });
    return { n, el: f.control(`${path}.${n}`, n, cb), cb };
  });
  const el = h('fieldset', { class: 'opt-section' }, h('legend', {}, legend), h('div', { class: 'opt-grid' }, boxes.map((b) => b.el)), err);
  if (boxes.length) f.attach(path, boxes[0].cb, err);
  return { el, values: () => boxes.filter((b) => b.cb.checked).map((b) => b.n) };
}
