// The window's shell: a hash router, the header and the message area. Each view is a
// module that renders into <main> and may refuse to be left (unsaved changes).

import { call } from './api.js';
import { h, clear } from './dom.js';
import { S } from './strings.js';
import { ask, clearNotice, notify } from './components.js';
import { renderStart } from './views/start.js';
import { renderPortfolio } from './views/portfolio.js';
import { askUserName } from './views/user_name.js';
import { showWindowAtTheLatest, showWindow } from './first_view.js';

// The views the window opens on (the portfolio, the start screen, the name question) load with
// the page; the others when first shown. Their modules are three quarters of the scripts,
// which the page would otherwise fetch and compile before its first paint (issue 19,
// docs/prestanda.md).
const lazy = (module, name) => async (...args) => (await import(module))[name](...args);
const renderInitiative = lazy('./views/initiative.js', 'renderInitiative');
const renderTodo = lazy('./views/todo.js', 'renderTodo');
const renderImport = lazy('./views/import.js', 'renderImport');
const renderReports = lazy('./views/reports.js', 'renderReports');
const forgetReport = lazy('./views/reports.js', 'forgetReport');
const renderRegisterLists = lazy('./views/register_lists.js', 'renderRegisterLists');

export const app = {
  state: null,        // from `app_state`: open register, recent list, as-of date
  permissions: null,  // from `permissions`: what the user may do in the register (everything in a file)
  choices: null,      // closed choices with Swedish labels, from Rust
  guard: null,        // () => boolean: true when the current view has unsaved changes
  lastDataVersion: null,
  busy: false,        // true while a view saves and draws itself anew: the watch below waits
  flash: null,        // a message to show after the next route (see `flash`)
};

const routes = [
  [/^#\/portfolj$/, () => renderPortfolio],
  [/^#\/att-gora$/, () => renderTodo],
  [/^#\/import$/, () => renderImport],
  [/^#\/rapporter$/, () => renderReports],
  [/^#\/listor$/, () => renderRegisterLists],
  [/^#\/insats\/ny$/, () => (main) => renderInitiative(main, null, 'fields')],
  [/^#\/insats\/(\d+)(?:\/(\w+))?$/, (m) => (main) => renderInitiative(main, Number(m[1]), m[2] || 'overview')],
];

let currentHash = location.hash;

/** The name is asked for once per start until the user gives it (app::user). */
let nameAsked = false;

/** Shows `message` once the view has been drawn again (drawing clears the message area). */
export function flash(message, kind = 'info') {
  app.flash = { message, kind };
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function confirmLeave() {
  if (!app.guard || !app.guard()) return true;
  return ask({ title: S.initiative.unsavedTitle, text: S.initiative.unsavedText, yes: S.initiative.leave, no: S.initiative.stay });
}

// Counts the routes begun: a route still awaiting when a newer one has begun (the hash
// changed again, the register changed meanwhile) leaves the page to the newer one.
let routing = 0;

// The window is shown once a route has drawn its view, or asks the user something first.
async function route() {
  try {
    await drawRoute();
  } finally {
    showWindow();
  }
}

async function drawRoute() {
  const generation = ++routing;
  const superseded = () => generation !== routing;
  if (location.hash !== currentHash && !(await confirmLeave())) {
    history.replaceState(null, '', currentHash);
    return;
  }
  currentHash = location.hash;
  app.guard = null;
  clearNotice();
  if (app.flash) { notify(app.flash.message, app.flash.kind); app.flash = null; }
  app.state = await call('app_state');
  if (!app.state.user_name && !nameAsked) {
    nameAsked = true;
    showWindow();
    if (await askUserName({ initial: app.state.suggested_name, first: true, databaseUser: app.state.database_user })) {
      app.state = await call('app_state');
    }
  }
  if (superseded()) return;
  app.permissions = null;
  // Asked together: each answer waits for the round trip to Rust, not for the other.
  const choices = app.state.register && !app.choices ? call('choices') : null;
  // A failure is the route's own, seen below, not an unhandled rejection meanwhile.
  choices?.catch(() => {});
  if (app.state.register) {
    // The server decides in the end; without the answer the window offers everything.
    try { app.permissions = await call('permissions'); } catch (error) { notify(error.message, 'error'); }
    if (superseded()) return;
  }
  renderHeader();
  renderRegisterWarning();
  // Each route draws into a <main> of its own: a view of an older route that is still
  // drawing (after its own calls) draws into the one taken out, never beside this one.
  const old = document.getElementById('main');
  const main = old.cloneNode(false);
  old.replaceWith(main);
  if (app.state.start_error) notify(app.state.start_error, 'error');
  if (!app.state.register) {
    await renderStart(main);
    return;
  }
  if (!app.choices) app.choices = await (choices || call('choices'));
  if (superseded()) return;
  for (const [pattern, view] of routes) {
    const match = pattern.exec(location.hash);
    if (match) {
      await view(match)(main);
      return;
    }
  }
  history.replaceState(null, '', '#/portfolj');
  currentHash = '#/portfolj';
  await renderPortfolio(main);
}

function renderHeader() {
  const header = clear(document.getElementById('header'));
  const register = app.state.register;
  header.append(...[
    h('a', { class: 'brand', href: register ? '#/portfolj' : '#/' }, S.appName),
    register ? h('span', { class: 'register-name' }, register.name) : null,
    register && app.permissions?.shared ? sharedRoles(app.permissions.roles) : null,
    register ? h('nav', { 'aria-label': 'Huvudmeny' },
      h('a', { href: '#/portfolj', 'aria-current': location.hash.startsWith('#/portfolj') ? 'page' : null }, S.nav.portfolio),
      h('a', { href: '#/att-gora', id: 'nav-todo', 'aria-current': location.hash.startsWith('#/att-gora') ? 'page' : null }, S.todo.nav),
      h('a', { href: '#/import', id: 'nav-import', 'aria-current': location.hash.startsWith('#/import') ? 'page' : null }, S.importer.nav),
      h('a', { href: '#/rapporter', id: 'nav-reports', 'aria-current': location.hash.startsWith('#/rapporter') ? 'page' : null }, S.reports.nav),
      h('a', { href: '#/listor', id: 'nav-lists', 'aria-current': location.hash.startsWith('#/listor') ? 'page' : null }, S.lists.nav),
      h('button', { type: 'button', class: 'ghost', id: 'about-register', onclick: showAbout }, S.nav.about),
      h('button', { type: 'button', class: 'ghost', onclick: changeRegister }, S.nav.start)) : null,
  ].filter(Boolean));
}

/** A register file on a network drive or in a cloud folder: warned about while it is open. */
function renderRegisterWarning() {
  const region = clear(document.getElementById('register-warning'));
  const warning = app.state.register?.warning;
  if (warning) region.append(h('p', {}, h('strong', {}, `${S.about.warning} `), warning));
}

/** "Delat register" and the user's roles in it, in words (app::rights::RegisterPermissions). */
function sharedRoles(roles) {
  const R = S.rights;
  return h('p', { class: 'register-roles', id: 'register-roles' },
    h('span', { class: 'shared-tag' }, h('span', { class: 'symbol', 'aria-hidden': 'true' }, '⇄'), R.shared),
    h('span', {}, roles.length ? R.roles(roles) : R.noRoles));
}

function showAbout() {
  const register = app.state.register;
  const dialog = h('dialog', { class: 'modal wide', 'aria-labelledby': 'about-title' },
    h('h2', { id: 'about-title' }, S.about.title),
    h('h3', {}, S.user.aboutTitle),
    h('p', { id: 'about-author' }, S.user.aboutName(app.state.author),
      app.state.database_user ? ` ${S.user.aboutShared(app.state.database_user)}` : null),
    h('button', { type: 'button', id: 'change-user-name', onclick: async () => {
      dialog.close(); dialog.remove();
      if (await askUserName({ initial: app.state.user_name || app.state.suggested_name, first: false, databaseUser: app.state.database_user })) route();
    } }, S.user.change),
    h('h3', {}, S.about.file), h('p', { class: 'path' }, register.path),
    register.warning ? h('p', { class: 'notice notice-warning', id: 'about-warning' }, register.warning) : null,
    h('h3', {}, S.about.backups), h('p', { class: 'help' }, S.about.backupsHelp),
    register.backups.length
      ? h('ul', { class: 'paths' }, register.backups.map((b) => h('li', { class: 'path' }, b)))
      : h('p', {}, S.about.noBackups),
    h('h3', {}, S.about.program), h('p', { id: 'about-version' }, S.about.version(app.state.version)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => { dialog.close(); dialog.remove(); } }, S.close)));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

async function changeRegister() {
  if (!(await confirmLeave())) return;
  app.guard = null;
  await call('close_register');
  // The backend drops the report with the register; the view forgets it too, also when the
  // same file is opened again.
  await forgetReport();
  currentHash = '#/';
  history.replaceState(null, '', '#/');
  route();
}

/** Notices changes made by another program (the CLI, a second window) and re-renders. */
async function watchForChanges() {
  if (!app.state?.register || app.busy || (app.guard && app.guard())) return;
  try {
    const version = await call('data_version');
    if (app.busy) return;
    if (app.lastDataVersion !== null && version !== app.lastDataVersion) route();
    app.lastDataVersion = version;
  } catch { /* the register was closed meanwhile */ }
}

// The header stays in view while a page scrolls (style.css); what sticks below it — the
// portfolio's header row — sits at its height, which changes as the menu wraps or the
// shared register's roles show. Rounded down: a height of 54.6 px rounded up left a line of
// the rows scrolling beneath showing between the two; rounded down, the header row starts a
// fraction under the menu, which covers it.
new ResizeObserver(([entry]) => {
  document.documentElement.style.setProperty('--header-height', `${Math.floor(entry.target.getBoundingClientRect().height)}px`);
}).observe(document.getElementById('header'));

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => {
  notify(event.reason?.message || S.errors.unexpected, 'error');
});
setInterval(watchForChanges, 2000);
showWindowAtTheLatest();
route();
