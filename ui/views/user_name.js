// The user's name: asked once on the first start (prefilled with the system's full name) and
// changed from Om registret. On a register file the name is the author in the audit log and on
// measurements; on the shared register the database user is what the log records, and the
// name is what others see (app::user).

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { notify } from '../components.js';

const U = S.user;

/**
 * Asks for the name in a modal dialog. `first` offers "Senare" (the question comes back on
 * the next start); resolves the saved name, or null when the user put it off.
 */
export function askUserName({ initial, first, databaseUser }) {
  return new Promise((resolve) => {
    const input = h('input', { type: 'text', id: 'user-name', value: initial ?? '', autocomplete: 'name', maxlength: 100, 'aria-describedby': 'user-name-help user-name-error' });
    const error = h('p', { class: 'error', id: 'user-name-error', role: 'alert', hidden: true });
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: 'user-name-title' }, first ? U.firstTitle : U.changeTitle),
      h('p', { id: 'user-name-help' }, databaseUser ? U.helpShared(databaseUser) : U.help),
      h('div', { class: 'field' }, h('label', { for: 'user-name' }, U.label), input, error),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', id: 'save-user-name' }, U.save),
        h('button', { type: 'button', class: 'ghost', id: 'user-name-later', onclick: () => done(null) }, first ? U.later : U.cancel)));
    const dialog = h('dialog', { class: 'modal', id: 'user-name-dialog', 'aria-labelledby': 'user-name-title' }, form);
    function done(name) { dialog.close(); dialog.remove(); resolve(name); }
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); done(null); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const profile = await call('set_user_name', { name: input.value });
        notify(U.saved(profile.name));
        done(profile.name);
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}
