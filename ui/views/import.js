// The measurement import wizard: choose a CSV or XLSX file → see what was detected (format,
// encoding, separator, column mapping, first rows) → dry run (counts, every error, every
// conflict) → confirm → summary. Everything is read and checked in Rust; this view only lays
// out what came back.

import { call, openFileDialog, saveFileDialog } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { ask, notify, permitted, field, textInput, select, showFieldErrors } from '../components.js';
import { app } from '../app.js';
import { formatDecimal, parseDate } from '../format.js';

const T = S.importer;
const FILTERS = [{ name: T.fileFilter, extensions: ['csv', 'txt', 'tsv', 'xlsx'] }];

const count = (n) => formatDecimal(String(n));

export async function renderImport(main) {
  const state = { path: null, inspection: null, check: null, replace: false };
  const detection = h('section', { id: 'import-detection', 'aria-live': 'polite' });
  const results = h('section', { id: 'import-results', 'aria-live': 'polite' });
  const status = h('p', { class: 'count', role: 'status', id: 'import-status' });

  async function chooseFile() {
    const path = await openFileDialog({ title: T.choose, filters: FILTERS, multiple: false, directory: false });
    if (!path) return;
    state.path = path;
    state.inspection = null;
    state.check = null;
    clear(detection);
    clear(results);
    status.textContent = T.reading;
    try {
      state.inspection = await call('inspect_import_file', { path });
      status.textContent = '';
      renderDetection();
    } catch (error) {
      status.textContent = '';
      detection.append(h('h2', {}, T.fileTitle), h('p', { class: 'path' }, path), h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function renderDetection() {
    const f = state.inspection;
    const facts = [
      [T.format, f.format_label],
      f.encoding_label ? [T.encoding, f.encoding_label] : null,
      f.separator_label ? [T.separator, f.separator_label] : null,
      f.sheet ? [T.sheet, f.sheet] : null,
      [T.headerRow, String(f.header_row)],
    ].filter(Boolean);
    clear(detection).append(...[
      h('h2', {}, T.fileTitle),
      h('p', { class: 'path' }, state.path),
      h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('table', { class: 'data', id: 'import-mapping' },
        h('caption', {}, T.mappingTitle),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.field), h('th', { scope: 'col' }, T.column))),
        h('tbody', {}, f.mapping.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.label), h('td', {}, m.header))))),
      f.extra_columns.length
        ? h('p', { class: 'help', id: 'import-extra' }, T.extraColumns(f.extra_columns.join(', ')))
        : null,
      h('h3', {}, T.previewTitle(f.preview.length)),
      h('div', { class: 'table-holder' },
        h('table', { class: 'data', id: 'import-preview' },
          h('caption', { class: 'visually-hidden' }, T.previewTitle(f.preview.length)),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.row), f.headers.map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, f.preview.map((r) => h('tr', {}, h('th', { scope: 'row' }, String(r.row)), r.cells.map((c) => h('td', {}, c))))))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'import-dry-run', onclick: dryRun }, T.dryRun)),
    ].filter(Boolean));
  }

  async function dryRun() {
    clear(results);
    status.textContent = T.checking;
    try {
      state.check = await call('check_import', { path: state.path });
      status.textContent = '';
      renderResults();
      results.querySelector('h2')?.focus();
    } catch (error) {
      status.textContent = '';
      results.append(h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function renderResults() {
    const c = state.check;
    const errors = c.errors.listed.length + c.errors.not_listed;
    const canImport = () => errors === 0 && (c.conflicts === 0 || state.replace);
    const importButton = h('button', { type: 'button', class: 'primary', id: 'import-confirm', onclick: confirmImport, disabled: !canImport() }, T.importButton);
    const replaceBox = h('input', { type: 'checkbox', id: 'import-replace', checked: state.replace,
      onchange: (e) => { state.replace = e.target.checked; importButton.disabled = !canImport(); } });
    clear(results).append(...[
      h('h2', { tabindex: '-1' }, T.resultTitle),
      h('dl', { class: 'facts', id: 'import-counts' },
        h('dt', {}, T.rows), h('dd', {}, count(c.rows)),
        h('dt', {}, T.new), h('dd', {}, count(c.new)),
        h('dt', {}, T.unchanged), h('dd', {}, count(c.unchanged)),
        h('dt', {}, T.conflicts), h('dd', {}, count(c.conflicts)),
        h('dt', {}, T.errors), h('dd', {}, count(errors))),
      errors ? errorSection(c) : h('p', {}, T.noErrors),
      c.conflicts ? conflictSection(c, replaceBox) : null,
      h('p', { class: 'help' }, errors ? T.fixAndRetry : T.allOrNothing),
      h('div', { class: 'actions' }, importButton, h('button', { type: 'button', onclick: dryRun }, T.again)),
    ].filter(Boolean));
  }

  function errorSection(c) {
    const total = c.errors.listed.length + c.errors.not_listed;
    return h('div', {},
      h('h3', {}, T.errorsTitle(total)),
      h('div', { class: 'table-holder' },
        h('table', { class: 'data', id: 'import-errors' },
          h('caption', { class: 'visually-hidden' }, T.errorsTitle(total)),
          h('thead', {}, h('tr', {}, [T.row, T.errorColumn, T.value, T.reason].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, c.errors.listed.map((e) => h('tr', {},
            h('th', { scope: 'row' }, String(e.row)), h('td', {}, e.column), h('td', {}, e.value), h('td', {}, e.reason)))))),
      c.errors.not_listed ? h('p', { class: 'help' }, T.notListed(count(c.errors.not_listed))) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'import-save-errors', onclick: () => saveErrors(c.errors) }, T.saveErrors)));
  }

  function conflictSection(c, replaceBox) {
    const more = c.conflicts - c.conflict_list.length;
    return h('div', {},
      h('h3', {}, T.conflictsTitle(c.conflicts)),
      h('p', { class: 'help' }, T.conflictsHelp),
      h('div', { class: 'table-holder' },
        h('table', { class: 'data', id: 'import-conflicts' },
          h('caption', { class: 'visually-hidden' }, T.conflictsTitle(c.conflicts)),
          h('thead', {}, h('tr', {}, [T.row, T.initiative, T.indicator, T.date, T.oldValue, T.newValue].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, c.conflict_list.map((x) => h('tr', {},
            h('th', { scope: 'row' }, String(x.row)), h('td', {}, x.initiative), h('td', {}, x.indicator), h('td', {}, x.date),
            h('td', {}, x.old_text), h('td', {}, x.new_text)))))),
      more > 0 ? h('p', { class: 'help' }, T.moreConflicts(count(more))) : null,
      h('p', { class: 'field checkbox' }, replaceBox, h('label', { for: 'import-replace' }, T.replace)));
  }

  async function saveErrors(errors) {
    const path = await saveFileDialog({ title: T.saveErrors, filters: [{ name: 'CSV', extensions: ['csv'] }], defaultPath: T.errorsFileName });
    if (!path) return;
    try {
      const written = await call('save_import_errors', { path, errors });
      notify(T.errorsSaved(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    }
  }

  async function confirmImport() {
    const c = state.check;
    const replaced = state.replace ? c.conflicts : 0;
    const ok = await ask({ title: T.confirmTitle, text: T.confirmText(count(c.new), count(replaced)), yes: T.importButton, no: T.cancel });
    if (!ok) return;
    status.textContent = T.importing;
    try {
      const outcome = await call('import_measurements', { path: state.path, replace: state.replace });
      status.textContent = '';
      if (outcome.summary) {
        const s = outcome.summary;
        clear(results).append(
          h('h2', { tabindex: '-1' }, T.doneTitle),
          h('p', { id: 'import-summary' }, T.done(count(s.added), count(s.replaced), count(s.unchanged))),
          h('div', { class: 'actions' },
            h('a', { href: '#/portfolj', class: 'button primary' }, T.toPortfolio),
            h('button', { type: 'button', onclick: chooseFile }, T.another)));
        results.querySelector('h2').focus();
      } else {
        state.check = outcome.refused;
        renderResults();
        notify(outcome.message, 'error');
      }
    } catch (error) {
      status.textContent = '';
      notify(error.message, 'error');
    }
  }

  // Measurements are recorded by a registrerare (app::rights). Which initiative a row is for
  // is known only once the file is read, so here the window asks only whether the user is a
  // registrerare anywhere; the shared register checks each row's initiative itself, and the
  // import is all or nothing, so a row the user may not record stops it with the reason.
  const permissions = app.permissions;
  const [choose, chooseNote] = permitted(
    h('button', { type: 'button', class: 'primary', id: 'import-choose', onclick: chooseFile }, T.choose), permissions?.record);
  main.append(...[
    h('div', { class: 'page-head' }, h('h1', {}, T.title)),
    h('p', { class: 'lead' }, T.lead),
    permissions?.shared && !chooseNote ? h('p', { class: 'help', id: 'import-shared-rows' }, S.rights.importPerRow) : null,
    h('div', { class: 'actions' }, choose, chooseNote),
    // The result first: what the dry run or the import came to is what the user looks for.
    status, results, detection,
    templateSection(),
  ].filter(Boolean));
}

// "Hämta mall": the measurements due or overdue in a period, as a file to fill in and import
// back (app::template). Anyone who may read the register may take one.
function templateSection() {
  const today = app.state.as_of;
  const plus = (iso, days) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const from = textInput(today, { id: 'template-from', class: 'date', maxlength: 10 });
  const to = textInput(plus(today, 41), { id: 'template-to', class: 'date', maxlength: 10 });
  const format = select(T.templateFormats, 'xlsx');
  format.id = 'template-format';
  const form = h('form', { class: 'card', id: 'template-form', novalidate: true, 'aria-labelledby': 'template-title' },
    h('h2', { id: 'template-title' }, T.templateTitle),
    h('p', { class: 'help' }, T.templateLead),
    h('div', { class: 'grid' },
      field({ key: 'from', label: T.templateFrom, input: from, required: true }),
      field({ key: 'to', label: T.templateTo, input: to, required: true }),
      field({ key: 'format', label: T.templateFormat, input: format })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'template-save' }, T.templateButton)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [];
    const dates = [['from', T.templateFrom, from], ['to', T.templateTo, to]].map(([key, label, input]) => {
      const parsed = parseDate(input.value);
      if (!parsed.ok || !parsed.value) errors.push({ field: key, message: T.templateDateError(label.replace(/ \(.*\)$/, '')) });
      return parsed.value;
    });
    showFieldErrors(form, errors);
    if (errors.length) return;
    const ext = format.value;
    const path = await saveFileDialog({
      title: T.templateButton.replace(' …', ''),
      filters: [T.templateFormats.find((f) => f.value === ext)].map((f) => ({ name: f.label, extensions: [ext] })),
      defaultPath: T.templateFileName(dates[0], dates[1], ext),
    });
    if (!path) return;
    try {
      const saved = await call('save_measurement_template', { from: dates[0], to: dates[1], format: ext, path });
      notify(T.templateSaved(saved.rows, saved.path));
    } catch (error) {
      showFieldErrors(form, error.fields || []);
      notify(error.message, 'error');
    }
  });
  return form;
}
