// The start screen: create, open, demo, recent registers.

import { call, openFileDialog, saveFileDialog } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { notify } from '../components.js';
import { go } from '../app.js';

const FILTERS = [{ name: S.start.fileFilter, extensions: ['nytta'] }];

async function open(command, args) {
  try {
    await call(command, args);
    go('#/portfolj');
    return true;
  } catch (error) {
    notify(error.message, 'error');
    return false;
  }
}

export async function renderStart(main) {
  const state = (await import('../app.js')).app.state;
  const nameInput = h('input', { type: 'text', id: 'new-register-name', value: S.start.newNameDefault, autocomplete: 'off' });

  async function createNew() {
    const path = await saveFileDialog({ title: S.start.newRegister, filters: FILTERS, defaultPath: `${nameInput.value || 'register'}.nytta` });
    if (path) open('create_register', { path, name: nameInput.value });
  }

  async function openExisting() {
    const path = await openFileDialog({ title: S.start.openRegister, filters: FILTERS, multiple: false, directory: false });
    if (path) open('open_register', { path });
  }

  const connectionInput = h('input', {
    type: 'text', id: 'shared-connection', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'shared-connection-hint',
  });
  const passwordInput = h('input', { type: 'password', id: 'shared-password', autocomplete: 'current-password' });

  async function openShared(event) {
    event.preventDefault();
    const password = passwordInput.value;
    const opened = await open('open_shared_register', { connection: connectionInput.value.trim(), password: password || null });
    // The password is kept by the program for this session; never left in the page.
    passwordInput.value = '';
    if (!opened && !password) passwordInput.focus();
  }

  main.append(
    h('section', { class: 'start' },
      h('h1', {}, S.start.title),
      h('p', { class: 'lead' }, S.start.lead),
      h('div', { class: 'start-actions' },
        h('div', { class: 'card' },
          h('label', { for: 'new-register-name' }, S.start.newName),
          nameInput,
          h('button', { type: 'button', class: 'primary', id: 'create-register', onclick: createNew }, S.start.newRegister)),
        h('div', { class: 'card' },
          h('button', { type: 'button', id: 'open-register', onclick: openExisting }, S.start.openRegister),
          h('button', { type: 'button', id: 'open-demo', onclick: () => open('open_demo') }, S.start.openDemo))),
      h('section', { class: 'card shared-register', 'aria-labelledby': 'shared-heading' },
        h('h2', { id: 'shared-heading' }, S.start.shared),
        h('p', {}, S.start.sharedLead),
        h('form', { onsubmit: openShared },
          h('label', { for: 'shared-connection' }, S.start.sharedConnection),
          connectionInput,
          h('p', { class: 'hint', id: 'shared-connection-hint' }, S.start.sharedConnectionHint),
          h('label', { for: 'shared-password' }, S.start.sharedPassword),
          passwordInput,
          h('button', { type: 'submit', id: 'open-shared-register' }, S.start.sharedOpen))),
      h('h2', {}, S.start.recent),
      state.recent.length
        ? h('ul', { class: 'recent' }, state.recent.map((path) =>
          h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => open('open_register', { path }) }, path))))
        : h('p', {}, S.start.noRecent)));
  main.querySelector('h1').focus?.();
}
