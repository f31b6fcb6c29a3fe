// Small building blocks shared by the views: labelled fields, badges, notices, dialogs.

import { h, uid, clear } from './dom.js';
import { saveFileDialog } from './api.js';
import { S } from './strings.js';

/** A labelled input with help text and a slot for its error message. */
export function field({ key, label, input, help, required = false, wide = false }) {
  const id = input.id || uid(key);
  input.id = id;
  input.name = key;
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  input.setAttribute('aria-describedby', [helpId, errorId].filter(Boolean).join(' '));
  if (required) input.setAttribute('aria-required', 'true');
  return h('div', { class: `field${wide ? ' wide' : ''}`, dataset: { field: key } },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    input,
    help ? h('p', { class: 'help', id: helpId }, help) : null,
    h('p', { class: 'error', id: errorId, role: 'alert', hidden: true }));
}

export function textInput(value = '', attrs = {}) {
  return h('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...attrs });
}

export function textArea(value = '', attrs = {}) {
  return h('textarea', { rows: 3, ...attrs }, value ?? '');
}

export function select(options, selected, { placeholder } = {}) {
  return h('select', {},
    placeholder !== undefined ? h('option', { value: '' }, placeholder) : null,
    options.map((o) => h('option', { value: o.code, selected: String(o.code) === String(selected ?? '') }, o.label)));
}

/** A JA/NEJ question as a radio group with a third "not answered" state. */
export function yesNo(key, label, value) {
  const name = uid(key);
  const option = (v, text) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name, value: v, checked: String(value) === v }), ' ', text);
  return h('fieldset', { class: 'yesno', dataset: { field: key } },
    h('legend', {}, label),
    option('true', S.initiative.yes), option('false', S.initiative.no), option('null', S.initiative.notAnswered),
    h('p', { class: 'error', role: 'alert', hidden: true }));
}

export function yesNoValue(fieldset) {
  const checked = fieldset.querySelector('input:checked');
  if (!checked || checked.value === 'null') return null;
  return checked.value === 'true';
}

/** A status (grön/gul/röd …) as symbol and word, never colour alone. */
export function badge(code, label, symbol) {
  return h('span', { class: `badge badge-${code}` }, h('span', { class: 'symbol', 'aria-hidden': 'true' }, symbol), ' ', label);
}

export const RAG_SYMBOL = { gron: '●', gul: '▲', rod: '■' };

/** Puts field errors from Rust (or from local checks) beside their inputs. */
export function showFieldErrors(form, errors) {
  for (const el of form.querySelectorAll('.error')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  for (const { field, message } of errors) {
    const holder = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
      || form.querySelector(`[data-field="${CSS.escape(field.split('.')[0])}"]`);
    if (!holder) continue;
    const slot = holder.querySelector('.error');
    slot.textContent = message;
    slot.hidden = false;
    const input = holder.querySelector('input, select, textarea');
    if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
  }
  if (first) first.focus();
}

/**
 * Makes a button unavailable (or available again) without taking it out of the tab order:
 * `disabled` would drop the keyboard focus to the page when the focused button is disabled
 * (while it works, at the last page …). The button keeps its focus, is announced as
 * unavailable and its clicks are ignored (check `isUnavailable` in the handler).
 */
export function setUnavailable(button, unavailable) {
  if (unavailable) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

export function isUnavailable(button) {
  return button.getAttribute('aria-disabled') === 'true';
}

/** The page-level message area: polite for success, assertive for errors. */
export function notify(message, kind = 'info') {
  const region = document.getElementById('notice');
  clear(region);
  // A message given just before a view reloads (after a save) must survive that reload.
  region.dataset.shownAt = String(Date.now());
  region.className = `notice notice-${kind}`;
  region.append(h('p', {}, message),
    h('button', { type: 'button', class: 'ghost', 'aria-label': S.dismiss, onclick: () => { clear(region); region.className = 'notice'; } }, '×'));
}

export function clearNotice() {
  const region = document.getElementById('notice');
  if (Date.now() - Number(region.dataset.shownAt || 0) < 1500) return;
  clear(region);
  region.className = 'notice';
}

/** A modal question with two answers; resolves true for the first. */
export function ask({ title, text, yes, no }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'modal-title' },
      h('h2', { id: 'modal-title' }, title),
      h('p', {}, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, yes),
        h('button', { type: 'button', class: 'primary', onclick: () => done(false) }, no)));
    function done(answer) { dialog.close(); dialog.remove(); resolve(answer); }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('.primary').focus();
  });
}

/** A modal question that needs a written answer (e.g. a reason); resolves the text, or null. */
export function askText({ title, text, label, yes, no, value = '' }) {
  return new Promise((resolve) => {
    const input = h('textarea', { id: 'ask-text-input', rows: 3 }, value);
    const error = h('p', { class: 'error', id: 'ask-text-error', role: 'alert', hidden: true });
    input.setAttribute('aria-describedby', 'ask-text-error');
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'modal-title' },
      h('h2', { id: 'modal-title' }, title),
      h('p', {}, text),
      h('div', { class: 'field' }, h('label', { for: 'ask-text-input' }, label), input, error),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'ask-text-yes', onclick: () => {
          if (!input.value.trim()) {
            error.textContent = S.errors.required(label);
            error.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          done(input.value.trim());
        } }, yes),
        h('button', { type: 'button', onclick: () => done(null) }, no)));
    function done(answer) { dialog.close(); dialog.remove(); resolve(answer); }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

const EXPORT_FORMATS = ['csv', 'xlsx', 'svg', 'png'];

/**
 * The export buttons under a chart: its data as CSV or Excel, the picture as SVG or PNG.
 * `chart` names the chart in the buttons' accessible names; `fileName` is the suggested file
 * name without extension; `save(format, path)` writes the file (a Rust command) and resolves
 * the path written.
 */
export function chartExports({ chart, fileName, save, note }) {
  const E = S.chartExport;
  const status = h('span', { class: 'export-status muted', role: 'status' });
  const run = async (format, button) => {
    if (isUnavailable(button)) return;
    const path = await saveFileDialog({
      title: E.button(E.formats[format], chart),
      defaultPath: `${fileName.replace(/[\\/:*?"<>|]/g, '-')}.${format}`,
      filters: [{ name: E.filters[format], extensions: [format] }],
    });
    if (!path) { button.focus(); return; }
    setUnavailable(button, true);
    status.textContent = E.saving;
    try {
      const written = await save(format, path);
      notify(E.saved(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      setUnavailable(button, false);
      status.textContent = '';
      button.focus();
    }
  };
  return h('div', { class: 'chart-exports', role: 'group', 'aria-label': E.group(chart) },
    h('span', { class: 'chart-exports-label', 'aria-hidden': 'true' }, E.label),
    EXPORT_FORMATS.map((format) => {
      const button = h('button', { type: 'button', class: 'small', dataset: { export: format },
        'aria-label': E.button(E.formats[format], chart) }, E.formats[format]);
      button.addEventListener('click', () => run(format, button));
      return button;
    }),
    note ? h('span', { class: 'help' }, note) : null,
    status);
}

// ---- what the user may do (the shared register's roles) -------------------------------------
//
// A permission is { allowed, reason } from Rust (app::rights): in a register file everything
// is allowed and nothing here shows. When not allowed the control is disabled and the
// reason is text beside it, tied to the control by aria-describedby, so it is seen and heard
// — never a colour or a tooltip alone. The server refuses anyway; this spares the user
// typing work that could not be saved.

/** Whether `permission` allows (a missing one does: the server still decides). */
export function allowed(permission) {
  return !permission || permission.allowed !== false;
}

function describedBy(el, id, add) {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (add) ids.push(id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/** The text that says why something may not be done; hidden until a permission refuses. */
export function permissionNote(id) {
  return h('p', { class: 'permission-note', id: id || uid('behorighet'), hidden: true },
    h('span', { class: 'symbol', 'aria-hidden': 'true' }, '⊘'), ' ', h('span', { class: 'reason' }));
}

/**
 * Applies `permission` to `controls` (one or an array) with `note` beside them: disabled and
 * described by the reason when not allowed, enabled again when allowed (a new initiative's
 * rights follow the supplier chosen). Returns whether it is allowed.
 */
export function applyPermission(controls, note, permission) {
  const ok = allowed(permission);
  note.hidden = ok;
  note.querySelector('.reason').textContent = ok ? '' : permission.reason;
  for (const control of [controls].flat().filter(Boolean)) {
    control.disabled = !ok;
    control.classList.toggle('not-permitted', !ok);
    describedBy(control, note.id, !ok);
  }
  return ok;
}

/**
 * A control that changes something, with the note saying why it may not be used when
 * `permission` says no: returns [control, note] to place side by side (null for the note
 * when allowed, so a register file looks as it always has).
 */
export function permitted(control, permission) {
  if (allowed(permission)) return [control, null];
  const note = permissionNote();
  applyPermission(control, note, permission);
  return [control, note];
}

/**
 * Makes a whole form read-only when `permission` says no: its texts read-only (still read
 * and copied), its choices and buttons disabled — except those marked data-keep (they change
 * nothing, e.g. Avbryt) — and the reason beside its submit button (or where `at` says).
 * Returns the note, or null when allowed.
 */
export function lockForm(form, permission, { at } = {}) {
  if (allowed(permission)) return null;
  const note = permissionNote();
  const buttons = [];
  for (const el of form.querySelectorAll('input, textarea, select, button')) {
    if (el.dataset.keep !== undefined) continue;
    if (el.tagName === 'BUTTON') buttons.push(el);
    else if (el.tagName === 'SELECT' || el.type === 'checkbox' || el.type === 'radio') el.disabled = true;
    else el.readOnly = true;
  }
  applyPermission(buttons, note, permission);
  form.classList.add('locked');
  describedBy(form, note.id, true);
  const submit = form.querySelector('button[type=submit]');
  if (at) at.append(note);
  else if (submit) submit.after(note);
  else form.append(note);
  return note;
}

/**
 * The banner over a frozen (approved) version: "Låst." and who approved it, when and by
 * which decision (`notice`, from Rust), with a button that takes the user to the form that
 * starts a new version (`target`: its reason field) when there is one.
 */
export function frozenBanner(notice, { id, target, label }) {
  const go = () => {
    const field = document.querySelector(target);
    if (!field) return;
    field.scrollIntoView({ block: 'center' });
    field.focus();
  };
  return h('div', { class: 'frozen frozen-banner', id, role: 'note' },
    h('p', {}, h('strong', {}, 'Låst. '), notice),
    // Moves the focus only, so it stays usable whatever the user may change (data-keep).
    target ? h('button', { type: 'button', class: 'frozen-action', id: `${id}-new-version`, dataset: { keep: '' }, onclick: go }, label) : null);
}