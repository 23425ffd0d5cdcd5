// Switchboard — start-up: first-run setup, login, then the frame every page
// lives in, with hash routes (#/system/users).
import { get, del, setCsrf, setUnauthenticatedHandler } from './api.js';
import { h, clear, formatTime } from './ui/dom.js';
import { pagesFor } from './nav.js';
import setupPage from './pages/setup.js';
import loginPage from './pages/login.js';
import passwordChangePage from './pages/password-change.js';

const root = document.getElementById('app');
let session = null;

function cardPage(content) {
  clear(root).append(h('main', { id: 'main', class: 'card-page' }, content));
}

async function start() {
  setUnauthenticatedHandler(() => { if (!session) return; session = null; showLogin('Your session has ended. Please log in again.'); });
  let setup;
  try {
    setup = await get('/api/v1/setup');
  } catch (e) {
    cardPage(h('div', { class: 'card' }, h('h1', {}, 'Switchboard'), h('p', { class: 'form-error', role: 'alert' }, e.message)));
    return;
  }
  if (setup.required) {
    cardPage(setupPage({ onDone: (username) => showLogin('The administrator account is ready. Log in to continue.', username) }));
    return;
  }
  try {
    session = await get('/api/v1/session', { quiet401: true });
  } catch (e) {
    showLogin();
    return;
  }
  enter();
}

function showLogin(notice, username) {
  document.title = 'Log in · Switchboard';
  cardPage(loginPage({ notice, username, onDone: (s) => { session = s; enter(); } }));
}

function enter() {
  setCsrf(session.csrf_token);
  if (session.user.must_change_password) {
    document.title = 'Choose a new password · Switchboard';
    cardPage(passwordChangePage({ session, onDone: async () => { session = await get('/api/v1/session'); enter(); } }));
    return;
  }
  // Land on the page asked for if this role may see it, else the overview.
  if (location.hash && resolve().entry) route();
  else location.hash = '#/overview';
}

async function logout() {
  try { await del('/api/v1/session'); } catch (e) { /* gone already */ }
  session = null;
  setCsrf('');
  history.replaceState(null, '', '/');
  showLogin('You have logged out.');
}

function frame(current) {
  const nav = h('nav', { class: 'side', 'aria-label': 'Main' }, pagesFor(session.user.role).map((area) => [
    h('h2', {}, area.label),
    h('ul', {}, area.pages.map((p) => h('li', {}, h('a', { href: `#/${p.path}`, 'aria-current': p.path === current ? 'page' : null }, p.label)))),
  ]));
  const who = session.user.display_name || session.user.username;
  const main = h('main', { id: 'main', tabindex: '-1' });
  // A system restore applied at the last start: said once, after login.
  const restored = session.restore_result;
  delete session.restore_result;
  const restoreNote = restored ? h('p', { class: restored.outcome === 'applied' ? 'notice' : 'notice flagged', role: 'status' },
    restored.outcome === 'applied' ? `The system backup${restored.backup && restored.backup.created_at ? ` of ${formatTime(restored.backup.created_at)}` : ''} was restored at the last start (${formatTime(restored.at)}).`
      : `The system restore failed at the last start (${formatTime(restored.at)}): ${restored.message}`) : null;
  clear(root).append(h('div', { class: 'frame' },
    h('header', { class: 'topbar' },
      h('span', { class: 'brand' }, 'Switchboard'), h('span', { class: 'spacer' }),
      h('span', { class: 'who' }, `${who} (${session.user.role})`),
      h('button', { type: 'button', onclick: logout }, 'Log out')),
    nav, main));
  if (restoreNote) main.append(restoreNote);
  return main;
}

// The page the address names (#/phones/list?q=…), and its parameters; a
// phone has its own address, #/phones/ID: the list with its editor open.
function resolve() {
  const [path0, qs] = location.hash.replace(/^#\/?/, '').split('?');
  let path = path0 || 'overview';
  const params = new URLSearchParams(qs || '');
  const phone = /^phones\/(\d+)$/.exec(path);
  if (phone) { path = 'phones/list'; params.set('open', phone[1]); }
  const entry = pagesFor(session.user.role).flatMap((a) => a.pages).find((p) => p.path === path);
  return { entry, params };
}

function route() {
  if (!session) return;
  const { entry, params } = resolve();
  const main = frame(entry ? entry.path : '');
  if (!entry) {
    document.title = 'Not found · Switchboard';
    main.append(h('h1', {}, 'Page not found'), h('p', {}, 'This page does not exist or your role cannot see it. '), h('a', { href: '#/overview' }, 'Go to the overview'));
    return;
  }
  document.title = `${entry.label} · Switchboard`;
  entry.page.render(main, { session, params });
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
start();
