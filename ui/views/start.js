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
  } catch (error) {
    notify(error.message, 'error');
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
      h('h2', {}, S.start.recent),
      state.recent.length
        ? h('ul', { class: 'recent' }, state.recent.map((path) =>
          h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => open('open_register', { path }) }, path))))
        : h('p', {}, S.start.noRecent)));
  main.querySelector('h1').focus?.();
}
