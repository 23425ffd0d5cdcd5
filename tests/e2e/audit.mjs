// Switchboard browser tests — auditing a page as it is shown: axe-core's
// accessibility rules, and the look axe-core does not check (one type scale
// across pages, form-control borders at 3:1, placeholders that cannot pass
// for values, status badges on one line, times written one way, no page
// wider than the window, a table that scrolls sideways reachable by the
// keyboard).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// axe-core, from the lock file. The appliance's Content-Security-Policy
// (script-src 'self') refuses an injected <script> (page.addScriptTag), so
// the source is evaluated through the DevTools protocol, which CSP does not
// govern; the page itself keeps its policy.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's default rules (WCAG 2.0 and 2.1, A and AA, and best
// practices) on the page as it is now. Returns the serious and critical
// violations: [{ where, id, impact, help, nodes, targets }].
export async function axeAudit(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((x) => x.target.join(' ')) }));
  });
  return found.map((v) => ({ where, ...v }));
}

export const axeReport = (list) => list.map((v) => `${v.where}: ${v.id} (${v.impact}, ${v.nodes}x) ${v.help} — ${v.targets.join(' | ')}`).join('\n');

// The look of the page's content (main and an open dialog). Returns
// { problems: [text], sizes: { h1, h2, h3, label: [px] } }; the sizes are
// compared across pages by typeScaleProblems.
export async function lookAudit(page, where) {
  const r = await page.evaluate(looks, 'content');
  return { problems: r.problems.map((p) => `${where}: ${p}`), sizes: r.sizes };
}

// The focus ring of the focused element: drawn, and at 3:1 against what
// is behind it. Returns a list of problems.
export async function focusRingProblems(page, where) {
  return (await page.evaluate(looks, 'focus')).problems.map((p) => `${where}: ${p}`);
}

// Runs in the page: what: 'content' or 'focus'.
function looks(what) {
  const rgb = (c) => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
  const over = (c, bg) => ({ r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a), b: c.b * c.a + bg.b * (1 - c.a), a: 1 });
  const lin = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.a > 0) return over(c, white);
    }
    return white;
  };
  const shown = (el) => el.getClientRects().length > 0;
  const scope = [...document.querySelectorAll('main, dialog[open]')];
  const all = (sel) => scope.flatMap((s) => [...s.querySelectorAll(sel)]).filter(shown);
  const name = (el) => (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) || el.getAttribute('aria-label') || el.textContent || el.outerHTML.slice(0, 60);
  const problems = [];
  if (what === 'focus') {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    const cr = ratio(over(rgb(cs.outlineColor), behind(el)), behind(el));
    if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2 || cr < 3) problems.push(`the focus ring of "${name(el)}" is ${cs.outlineStyle} ${cs.outlineWidth}, ${cr.toFixed(2)}:1 against what is behind it (needs 3:1)`);
    return { problems };
  }
  for (const el of all('input, select, textarea')) {
    if (el.disabled || ['checkbox', 'radio', 'file', 'hidden', 'range', 'color', 'submit', 'button'].includes(el.type)) continue;
    const cs = getComputedStyle(el);
    const bg = behind(el);
    const border = over(rgb(cs.borderTopColor), bg);
    const cr = ratio(border, bg);
    if (parseFloat(cs.borderTopWidth) === 0 || cr < 3) problems.push(`the border of "${name(el)}" is ${cr.toFixed(2)}:1 against what is behind it (needs 3:1)`);
    if (el.placeholder) {
      const ph = getComputedStyle(el, '::placeholder');
      if (ph.fontStyle !== 'italic' || ph.color === cs.color) problems.push(`the placeholder "${el.placeholder}" looks like a value (${ph.fontStyle}, ${ph.color})`);
      if (!/^e\.g\. |^\(.*\)$/.test(el.placeholder)) problems.push(`the placeholder "${el.placeholder}" is neither an example ("e.g. …") nor a note ("(…)")`);
    }
  }
  for (const w of all('.table-wrap')) {
    if (w.scrollWidth > w.clientWidth && w.tabIndex < 0) problems.push(`the table "${w.querySelector('caption')?.textContent}" scrolls sideways but the keyboard cannot reach it`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
  const wrapping = all('.badge').filter((b) => getComputedStyle(b).whiteSpace !== 'nowrap');
  if (wrapping.length) problems.push(`${wrapping.length} status badges may wrap, e.g. "${wrapping[0].textContent}"`);
  const text = scope.map((s) => s.innerText).join('\n');
  const odd = text.match(/\b\d{1,2}:\d{2}(:\d{2})?\s?[AP]M\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/i);
  if (odd) problems.push(`a time written "${odd[0]}", not as YYYY-MM-DD HH:MM`);
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const sizes = (sel) => [...new Set(all(sel).map(size))];
  return { problems, sizes: { h1: sizes('h1'), h2: sizes('h2'), h3: sizes('h3'), label: sizes('.field:not(.check) > label, .field:not(.check) > .label-row > label') } };
}

// The type scale across every page looked at: one size per level, and
// page title > section heading > sub-section heading > field label.
// seen: [{ where, sizes }] from lookAudit.
export function typeScaleProblems(seen) {
  const levels = ['h1', 'h2', 'h3', 'label'];
  const found = Object.fromEntries(levels.map((l) => [l, new Map()]));
  for (const { where, sizes } of seen) {
    for (const l of levels) for (const px of sizes[l]) if (!found[l].has(px)) found[l].set(px, where);
  }
  const problems = [];
  for (const l of levels) {
    if (found[l].size > 1) problems.push(`${l} comes in ${found[l].size} sizes: ${[...found[l]].map(([px, w]) => `${px}px (${w})`).join(', ')}`);
  }
  for (let i = 1; i < levels.length; i += 1) {
    if (!found[levels[i - 1]].size || !found[levels[i]].size) continue;
    const big = Math.min(...found[levels[i - 1]].keys());
    const small = Math.max(...found[levels[i]].keys());
    if (!(big > small)) problems.push(`${levels[i - 1]} (${big}px) is not larger than ${levels[i]} (${small}px)`);
  }
  return problems;
}
