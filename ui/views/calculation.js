// The benefit calculation (nyttokalkyl) of one initiative: settings and lines as an editable
// table, results that follow the typing (computed and formatted in Rust, `preview_calculation`),
// the chart, warnings, approval, versions and comparison. The window never computes a sum:
// it turns what the user typed into the calculation JSON and shows what Rust returns.

import { call } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { ask, chartExports, field, frozenBanner, textInput, textArea, select, notify, showFieldErrors, allowed, lockForm, permitted } from '../components.js';
import { formatDecimal, parseDecimal, parseDate } from '../format.js';
import { decisionPanel } from './reports.js';
import { bindInput, cell, gridSection, gridState, readOnly, updateGrid, updateLineSummaries } from './calc_grid.js';

const K = S.calc;

/** The version shown per initiative while the user moves between tabs. */
const selectedVersion = new Map();

const PREVIEW_DELAY_MS = 300;

/** A message to show once the tab is drawn again (the router clears the notice area). */
let flash = null;

function notifyAfterReload(message, reload) {
  flash = message;
  reload();
}

// ---- decimals as the user types them --------------------------------------------------------

/** "0.035" → "3,5" (a fraction shown as a percentage), by moving the decimal point. */
function fractionToPercent(text) {
  if (text === null || text === undefined || text === '') return '';
  return formatDecimal(shift(String(text), 2));
}

/** "3,5" → "0.035"; null for empty; undefined when not a number. */
function percentToFraction(input) {
  const parsed = parseDecimal(input);
  if (!parsed.ok) return undefined;
  if (parsed.value === null) return null;
  return shift(parsed.value, -2);
}

/** Moves the decimal point of a decimal string `places` to the right (negative: left). */
function shift(text, places) {
  let negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  let [int, frac = ''] = text.split('.');
  if (places > 0) {
    frac = frac.padEnd(places, '0');
    int += frac.slice(0, places);
    frac = frac.slice(places);
  } else {
    int = int.padStart(-places + 1, '0');
    frac = int.slice(int.length + places) + frac;
    int = int.slice(0, int.length + places);
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  if (int === '0' && !frac) negative = false;
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

const dec = (text) => (text === null || text === undefined ? '' : formatDecimal(String(text)));

// ---- calculation JSON ⇄ what the form shows -------------------------------------------------

function lineToForm(line) {
  const v = line.value;
  const form = {
    key: line.key, kind: line.kind, category: line.category, perspective: line.perspective,
    cost_type: line.cost_type || '', description: line.description || '', source: line.source || '', owner: line.owner || '',
    value_type: v.type, low: '', likely: '', high: '', unit: '', score: '0',
    rate_source: 'factor', rate_code: '', rate_kr: '', rate_salary: '',
    timing_type: line.timing.type, year: '0', years: '', ramp: '', original_value: null,
  };
  const estimate = (e) => { form.low = dec(e.low); form.likely = dec(e.likely); form.high = dec(e.high); };
  const rate = (r) => {
    form.rate_source = r.source;
    if (r.source === 'factor') form.rate_code = r.code;
    if (r.source === 'fixed') form.rate_kr = dec(r.kr);
    if (r.source === 'monthly_salary') form.rate_salary = dec(r.salary);
  };
  if (v.type === 'amount') estimate(v.amount);
  if (v.type === 'hours' || v.type === 'units') {
    const q = v.type === 'hours' ? v.hours : v.quantity;
    if (q.source === 'direct') estimate(q.value);
    else { form.value_type = 'drivers'; form.original_value = v; }
    rate(v.rate);
    if (v.type === 'units') form.unit = v.unit;
  }
  if (v.type === 'not_monetised') form.score = String(v.score);
  const t = line.timing;
  if (t.type === 'one_off') form.year = String(t.year);
  else {
    form.year = String(t.from_year);
    form.years = t.years ? String(t.years) : '';
    form.ramp = (t.ramp ?? ['0.5', '1.0']).map(dec).join('; ');
  }
  return form;
}

function toForm(calculation) {
  const s = calculation.settings;
  return {
    settings: {
      first_year: String(s.first_year), horizon_years: String(s.horizon_years),
      discount_rate: fractionToPercent(s.discount_rate), annual_hours: dec(s.annual_hours), overhead: fractionToPercent(s.overhead),
    },
    lines: calculation.lines.map(lineToForm),
  };
}

/** Form → calculation JSON, with the fields that cannot be read (paths as Rust names them). */
function fromForm(form) {
  const errors = [];
  const err = (path, message) => errors.push({ field: path, message });
  const s = form.settings;
  const whole = (text, path, label) => {
    const t = String(text).trim();
    if (!/^\d{1,4}$/.test(t)) { err(path, K.errors.whole(label)); return 0; }
    return Number(t);
  };
  const number = (text, path, label, { required = false } = {}) => {
    const parsed = parseDecimal(text);
    if (!parsed.ok) { err(path, K.errors.decimal(label)); return null; }
    if (required && parsed.value === null) { err(path, S.errors.required(label)); return null; }
    return parsed.value;
  };
  const percent = (text, path, label) => {
    const value = percentToFraction(text);
    if (value === undefined) { err(path, K.errors.decimal(label)); return '0'; }
    if (value === null) { err(path, S.errors.required(label)); return '0'; }
    return value;
  };
  const settings = {
    first_year: whole(s.first_year, 'settings.first_year', K.settings.first_year),
    horizon_years: whole(s.horizon_years, 'settings.horizon_years', K.settings.horizon_years),
    discount_rate: percent(s.discount_rate, 'settings.discount_rate', K.settings.discount_rate),
    annual_hours: number(s.annual_hours, 'settings.annual_hours', K.settings.annual_hours, { required: true }) ?? '0',
    overhead: percent(s.overhead, 'settings.overhead', K.settings.overhead),
  };
  const lines = form.lines.map((l, i) => {
    const p = `lines[${i}]`;
    const who = K.rowLabel(i + 1);
    const est = () => ({
      low: number(l.low, `${p}.value.est.low`, `${who}, ${K.fields.low}`),
      likely: number(l.likely, `${p}.value.est.likely`, `${who}, ${K.fields.likely}`),
      high: number(l.high, `${p}.value.est.high`, `${who}, ${K.fields.high}`),
    });
    const rate = () => {
      if (l.rate_source === 'fixed') return { source: 'fixed', kr: number(l.rate_kr, `${p}.value.rate`, `${who}, ${K.fields.rate_kr}`, { required: true }) ?? '0' };
      if (l.rate_source === 'monthly_salary') return { source: 'monthly_salary', salary: number(l.rate_salary, `${p}.value.rate`, `${who}, ${K.fields.rate_salary}`, { required: true }) ?? '0' };
      return { source: 'factor', code: l.rate_code };
    };
    let value;
    switch (l.value_type) {
      case 'amount': value = { type: 'amount', amount: est() }; break;
      case 'hours': value = { type: 'hours', hours: { source: 'direct', value: est() }, rate: rate() }; break;
      case 'units': value = { type: 'units', quantity: { source: 'direct', value: est() }, unit: l.unit, rate: rate() }; break;
      case 'not_monetised': value = { type: 'not_monetised', score: Number(l.score) }; break;
      default: value = l.original_value;
    }
    let timing;
    const year = Number(l.year);
    if (l.timing_type === 'one_off') timing = { type: 'one_off', year };
    else {
      timing = { type: 'recurring', from_year: year, ramp: [] };
      if (l.years.trim()) {
        if (!/^\d{1,3}$/.test(l.years.trim())) err(`${p}.timing.years`, K.errors.whole(`${who}, ${K.fields.years}`));
        else timing.years = Number(l.years.trim());
      }
      for (const part of l.ramp.split(/[;\s]+/).filter(Boolean)) {
        const parsed = parseDecimal(part);
        if (!parsed.ok || parsed.value === null) { err(`${p}.timing.ramp`, K.errors.ramp(who)); break; }
        timing.ramp.push(parsed.value);
      }
    }
    const line = {
      key: l.key, kind: l.kind, category: l.category, perspective: l.perspective,
      description: l.description, source: l.source, owner: l.owner, value, timing,
    };
    if (l.kind === 'kostnad' && l.cost_type) line.cost_type = l.cost_type;
    return line;
  });
  return { calculation: { settings, lines }, errors };
}

/** Where a field error from Rust belongs in the form: the path of the input's holder. */
function holderPath(path) {
  return path
    .replace(/\.value\.(amount|hours\.value|quantity\.value)\./, '.value.est.')
    .replace(/\.value\.rate\.(code|kr|salary)$/, '.value.rate')
    .replace(/\.timing\.ramp\[\d+\]$/, '.timing.ramp')
    .replace(/\.value\.(hours|quantity)\.(drivers|divisor|multiplier).*$/, '.value')
    .replace(/\.timing\.(from_year|year)$/, '.timing.year');
}

// ---- the tab --------------------------------------------------------------------------------

export async function calculationTab(initiativeId, reload, permissions) {
  const root = h('div', { class: 'stack calc-tab' });
  let view;
  try {
    view = await call('calculation_view', { initiativeId, version: selectedVersion.get(initiativeId) ?? null });
  } catch (error) {
    notify(error.message, 'error');
    return root;
  }
  // What the city's own history says per benefit category (calibration); an editor without
  // it still works, so a failure here only leaves the sentences out.
  try {
    view.calibrations = await call('line_calibrations', { initiativeId });
  } catch (_) {
    view.calibrations = [];
  }
  const show = (version) => { selectedVersion.set(initiativeId, version); reload(); };
  root.append(h('p', { class: 'help' }, K.help));
  if (flash) { notify(flash); flash = null; }

  if (!view.selected) {
    root.append(startPanel(view, initiativeId, show, permissions));
    return root;
  }

  const selected = view.selected;
  // A draft is worked on by a beställare (app::rights): for anyone else it reads as an
  // approved version does, with Spara and Ta bort disabled and the reason beside them.
  const mayDraft = allowed(permissions?.draft);
  const isDraft = view.editable;
  const editable = isDraft && mayDraft;
  const form = toForm(selected.calculation);
  const initial = JSON.stringify(form);
  const dirty = () => JSON.stringify(form) !== initial;
  if (editable) app.guard = dirty;

  // Which version this is.
  root.append(h('div', { class: 'calc-version-head' },
    h('h2', { id: 'calc-version-title' }, K.versionTitle(selected.version, selected.status === 'approved')),
    view.frozen_notice
      ? frozenBanner(view.frozen_notice, {
        id: 'calc-frozen-notice',
        target: view.can_start_new_version ? '#calc-reason' : null,
        label: K.newVersionShort,
      })
      : h('p', { class: 'draft-note', id: 'calc-draft-notice' }, K.draftNote(view.latest_approved)),
    selected.reason ? h('p', {}, h('strong', {}, `${K.reason}: `), selected.reason) : null,
    view.latest_approved && view.latest_approved !== selected.version && selected.status === 'approved'
      ? h('p', { class: 'muted' }, K.reportsUse(view.latest_approved)) : null));

  // Results (filled by renderEvaluation), below the grid.
  const results = h('section', { class: 'calc-results', 'aria-labelledby': 'calc-results-title' });

  // Settings and lines.
  const editor = h('form', { class: 'calc-form', novalidate: true, 'aria-label': K.editorLabel });
  const keyFigures = h('p', { class: 'key-figures', id: 'calc-key-figures' });
  // Why the last save failed, beside the button (the notice area may be scrolled away).
  const saveMessage = h('p', { class: 'save-message', id: 'calc-save-message', role: 'alert', hidden: true });
  // A frozen version has nothing to save: no Spara at all, the banner above says why and
  // offers the new version.
  const saveButton = isDraft ? h('button', { type: 'submit', class: 'primary', id: 'save-calculation' }, K.save) : null;
  const deleteButton = isDraft ? h('button', { type: 'button', class: 'ghost', id: 'delete-calculation-draft', onclick: discard }, K.deleteDraft) : null;
  const [, draftNote] = isDraft ? permitted([saveButton, deleteButton], permissions?.draft) : [null, null];
  const actions = h('div', { class: 'actions sticky calc-actions' },
    saveButton,
    deleteButton,
    draftNote,
    saveMessage,
    keyFigures);
  root.append(editor, results);

  let lineSummaries = view.evaluation ? view.evaluation.lines : [];
  let lastEvaluation = view.evaluation;
  const refused = (message) => { saveMessage.textContent = message; saveMessage.hidden = false; notify(message, 'error'); };
  const grid = {
    view, form, editable, initiativeId,
    summaries: () => lineSummaries,
    get evaluation() { return lastEvaluation; },
    select: (i) => gridState.selected.set(initiativeId, i),
    refused,
    onChange: () => onChange(),
    draw: (focus) => draw(focus),
  };
  const draw = (focusSelector) => {
    const restore = focusSelector || focusedSelector(editor);
    clear(editor);
    editor.append(settingsPanel(form, editable, onChange, () => draw()),
      gridSection(grid),
      actions);
    if (restore) {
      const target = editor.querySelector(restore);
      if (target) { target.focus(); if (focusSelector && target.select && target.dataset.selectOnFocus) target.select(); }
    }
    if (lastErrors.length) placeErrors(editor, lastErrors, false);
  };

  // Live preview, debounced; only the latest answer is shown.
  let timer = null;
  let sequence = 0;
  let lastErrors = [];
  function onChange() {
    clearTimeout(timer);
    timer = setTimeout(preview, PREVIEW_DELAY_MS);
  }
  async function preview() {
    // Fields that cannot be read go to Rust as missing; their own message replaces Rust's.
    const { calculation, errors } = fromForm(form);
    const mine = ++sequence;
    try {
      const evaluation = await call('preview_calculation', { initiativeId, calculation });
      if (mine !== sequence) return;
      if (errors.length) {
        const local = new Set(errors.map((e) => holderPath(e.field)));
        evaluation.errors = [...errors, ...evaluation.errors.filter((e) => !local.has(holderPath(e.field)))];
        evaluation.result = null;
        evaluation.chart_url = null;
      }
      renderEvaluation(evaluation);
    } catch (error) {
      if (mine === sequence) notify(error.message, 'error');
    }
  }

  // Export of the chart and its data: always of the version as saved.
  const exportButtons = () => chartExports({
    chart: S.chartExport.calcChart(selected.version),
    fileName: S.chartExport.calcFile(view.code, selected.version),
    note: editable ? S.chartExport.savedVersionOnly : null,
    save: (format, path) => call('export_calculation_chart', { initiativeId, version: selected.version, format, path }),
  });

  function renderEvaluation(evaluation) {
    lineSummaries = evaluation.lines;
    lastErrors = evaluation.errors;
    lastEvaluation = evaluation;
    fillResults(results, evaluation, (path) => focusField(editor, path, grid), exportButtons);
    updateGrid(editor, evaluation);
    updateLineSummaries(editor, form, evaluation.lines);
    placeErrors(editor, evaluation.errors, false);
    clear(keyFigures);
    if (evaluation.result) {
      const row = (key) => evaluation.result.rows.find((r) => r.key === key)?.values[1];
      const year = row('break_even_year') ?? '';
      keyFigures.append(K.keyFigures(row('npv'), row('benefit_per_krona'), year.charAt(0).toLowerCase() + year.slice(1)));
    } else {
      keyFigures.append(K.cannotCompute(evaluation.errors.length));
    }
  }

  async function save() {
    if (!mayDraft) return;
    saveMessage.hidden = true;
    const { calculation, errors } = fromForm(form);
    if (errors.length) { placeErrors(editor, errors, true); refused(errors[0].message); return; }
    try {
      await call('save_calculation_draft', { id: selected.id, rowVersion: selected.row_version, calculation });
      app.guard = null;
      notifyAfterReload(K.saved(selected.version), reload);
    } catch (error) {
      if (error.fields.length) placeErrors(editor, error.fields, true);
      refused(error.message);
    }
  }

  async function discard() {
    if (!(await ask({ title: K.deleteTitle, text: K.deleteText(selected.version), yes: K.deleteYes, no: K.deleteNo }))) return;
    try {
      await call('delete_calculation_draft', { id: selected.id, rowVersion: selected.row_version });
      app.guard = null;
      selectedVersion.delete(initiativeId);
      notifyAfterReload(K.deleted(selected.version), reload);
    } catch (error) { notify(error.message, 'error'); }
  }

  editor.addEventListener('submit', (event) => { event.preventDefault(); save(); });
  root.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') { event.preventDefault(); save(); }
  });

  draw();
  if (view.evaluation) renderEvaluation(view.evaluation);

  if (isDraft) root.append(approvalPanel(view, selected, dirty, editor, reload, permissions));
  if (view.versions.some((v) => v.status === 'draft')) root.append(decisionPanel(view.code, 'calc'));
  if (view.can_start_new_version) root.append(newVersionPanel(view, initiativeId, show, permissions));
  root.append(versionsTable(view, show));
  if (view.versions.length > 1) root.append(comparePanel(view, initiativeId));
  root.append(factorsTable(view));
  return root;
}

/** A selector that finds the focused control again after the editor is drawn anew. */
function focusedSelector(editor) {
  const active = document.activeElement;
  if (!active || !editor.contains(active)) return null;
  const line = active.closest('[data-line]')?.dataset.line;
  if (active.dataset.action && line) return `[data-line="${line}"] [data-action="${active.dataset.action}"]`;
  const holder = active.closest('[data-field]');
  if (holder && active.name) return `[data-field="${CSS.escape(holder.dataset.field)}"] [name="${CSS.escape(active.name)}"]`;
  if (active.id) return `#${CSS.escape(active.id)}`;
  return null;
}

function startPanel(view, initiativeId, show, permissions) {
  const year = textInput(String(view.default_first_year), { inputmode: 'numeric', maxlength: 4, class: 'year' });
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'calc-start-title' },
    h('h2', { id: 'calc-start-title' }, K.startTitle),
    h('p', {}, K.startText),
    field({ key: 'first_year', label: K.settings.first_year, help: K.help_.first_year, input: year, required: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'create-calculation' }, K.start)));
  lockForm(panel, permissions?.draft);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!/^\d{4}$/.test(year.value.trim())) { showFieldErrors(panel, [{ field: 'first_year', message: S.errors.year(K.settings.first_year) }]); return; }
    try {
      const version = await call('create_calculation', { initiativeId, firstYear: Number(year.value.trim()) });
      flash = K.created;
      show(version);
    } catch (error) {
      showFieldErrors(panel, error.fields);
      notify(error.message, 'error');
    }
  });
  return panel;
}

// ---- settings and lines ---------------------------------------------------------------------

function settingsPanel(form, editable, onChange, redraw) {
  const s = form.settings;
  const L = K.settings;
  const input = (key, attrs) => readOnly(bindInput(s, key, textInput(s[key], { name: key, ...attrs }), onChange), editable);
  // First year and horizon change the year choices of every line: redraw when they are left
  // (after the focus has moved, so that it can be put back).
  const structural = (key, attrs) => {
    const el = input(key, attrs);
    el.addEventListener('change', () => setTimeout(redraw, 0));
    return el;
  };
  return h('fieldset', { class: 'group calc-settings', dataset: { field: 'settings' } },
    h('legend', {}, L.title),
    h('div', { class: 'settings-grid' },
      cell('settings.first_year', L.first_year, structural('first_year', { inputmode: 'numeric', maxlength: 4, class: 'year' })),
      cell('settings.horizon_years', L.horizon_years, structural('horizon_years', { inputmode: 'numeric', maxlength: 2, class: 'short' })),
      cell('settings.discount_rate', L.discount_rate, input('discount_rate', { inputmode: 'decimal', class: 'amount short' })),
      cell('settings.annual_hours', L.annual_hours, input('annual_hours', { inputmode: 'decimal', class: 'amount short' })),
      cell('settings.overhead', L.overhead, input('overhead', { inputmode: 'decimal', class: 'amount short' }))),
    h('p', { class: 'help' }, L.help));
}

/** Puts errors beside their cells; those without a cell go to their line or the list. */
function placeErrors(editor, errors, focusFirst) {
  for (const el of editor.querySelectorAll('.error')) { el.hidden = true; el.textContent = ''; }
  for (const el of editor.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  for (const { field: path, message } of errors) {
    let target = holderPath(path);
    let holder = null;
    while (target && !holder) {
      holder = editor.querySelector(`[data-field="${CSS.escape(target)}"]`);
      if (holder) break;
      const cut = Math.max(target.lastIndexOf('.'), target.lastIndexOf('['));
      target = cut > 0 ? target.slice(0, cut) : '';
    }
    if (!holder) continue;
    const slot = holder.querySelector(':scope > .error');
    if (!slot) continue;
    slot.textContent = slot.hidden ? message : `${slot.textContent} ${message}`;
    slot.hidden = false;
    const input = holder.matches('.cell, td') ? holder.querySelector('input, select') : null;
    if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
  }
  if (focusFirst && first) first.focus();
}

// ---- results --------------------------------------------------------------------------------

function fillResults(section, evaluation, goTo, exports) {
  clear(section);
  section.append(h('h2', { id: 'calc-results-title' }, K.resultsTitle));
  if (!evaluation.result) {
    section.append(h('div', { class: 'problems', id: 'calc-errors' },
      h('h3', {}, K.cannotComputeTitle),
      h('ul', {}, evaluation.errors.map((e) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => goTo(e.field) }, e.message))))));
    return;
  }
  const r = evaluation.result;
  const table = h('table', { class: 'data numbers calc-results-table', id: 'calc-results' },
    h('caption', { class: 'visually-hidden' }, K.resultsCaption),
    h('thead', {}, h('tr', {}, h('td', {}), r.scenario_labels.map((label, i) => h('th', { scope: 'col', class: i === 1 ? 'likely' : null }, label)))),
    h('tbody', {}, r.rows.map((row) => h('tr', { dataset: { key: row.key } },
      h('th', { scope: 'row', class: row.indent ? 'indent' : null }, row.label),
      row.values.map((v, i) => h('td', { class: i === 1 ? 'likely' : null }, v))))));
  const chart = h('figure', { class: 'chart calc-chart' },
    h('img', { id: 'calc-chart', class: 'calc-chart-img', src: evaluation.chart_url, alt: r.chart_alt, width: 760, height: 400 }),
    h('figcaption', { class: 'muted' }, K.chartCaption),
    exports ? exports() : null);
  section.append(h('p', { class: 'muted calc-settings-text' }, r.settings_text), h('div', { class: 'calc-results-grid' }, table, chart));

  const details = h('details', { class: 'calc-years' },
    h('summary', {}, K.yearsTitle),
    h('table', { class: 'data numbers', id: 'calc-years' },
      h('caption', { class: 'visually-hidden' }, K.yearsTitle),
      h('thead', {}, h('tr', {}, Object.values(K.yearColumns).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.years.map((y) => h('tr', {},
        h('th', { scope: 'row' }, y.year),
        [y.benefits, y.costs, y.net, y.discount_factor, y.discounted_net, y.cumulative].map((v) => h('td', {}, v)))))));
  section.append(details);

  section.append(h('div', { class: 'calc-side-lists' },
    h('section', { 'aria-labelledby': 'calc-warnings-title' },
      h('h3', { id: 'calc-warnings-title' }, K.warningsTitle),
      r.warnings.length
        ? h('ul', { class: 'warnings', id: 'calc-warnings' }, r.warnings.map((w) => h('li', {},
          h('span', { class: 'symbol', 'aria-hidden': 'true' }, '▲ '), w.message,
          w.line ? h('button', { type: 'button', class: 'link go-line', onclick: () => goTo(`lines[${w.line - 1}].description`) }, K.goToLine(w.line)) : null)))
        : h('p', { class: 'muted', id: 'calc-warnings' }, K.noWarnings)),
    h('section', { 'aria-labelledby': 'calc-nm-title' },
      h('h3', { id: 'calc-nm-title' }, K.notMonetisedTitle),
      r.not_monetised.length
        ? h('table', { class: 'data', id: 'calc-not-monetised' },
          h('caption', { class: 'visually-hidden' }, K.notMonetisedTitle),
          h('thead', {}, h('tr', {}, Object.values(K.nmColumns).map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, r.not_monetised.map((n) => h('tr', {},
            h('td', {}, String(n.line)), h('td', {}, n.description), h('td', {}, n.category), h('td', {}, n.perspective),
            h('td', { class: 'nowrap' }, h('span', { class: 'score', 'aria-hidden': 'true' }, '●'.repeat(n.score) + '○'.repeat(3 - n.score)), ' ', n.score_text)))))
        : h('p', { class: 'muted' }, K.noNotMonetised))));
}

/**
 * Puts the focus on the field at `path`. A field of a line's side panel exists only while that
 * line is selected: select it first, and the grid is drawn anew with the focus there.
 */
function focusField(editor, path, grid) {
  const line = /^lines\[(\d+)\]/.exec(path);
  let target = holderPath(path);
  if (line && !editor.querySelector(`[data-field="${CSS.escape(target)}"]`)) {
    grid.select(Number(line[1]));
    grid.draw();
  }
  while (target) {
    const holder = editor.querySelector(`[data-field="${CSS.escape(target)}"]`);
    const input = holder?.querySelector('input, select');
    if (input) { input.focus(); return; }
    const cut = Math.max(target.lastIndexOf('.'), target.lastIndexOf('['));
    target = cut > 0 ? target.slice(0, cut) : '';
  }
}

// ---- approval, new version, versions, comparison, factors -----------------------------------

function approvalPanel(view, selected, dirty, editor, reload, permissions) {
  const by = textInput('', { id: 'calc-approved-by' });
  const on = textInput(app.state?.as_of ?? '', { id: 'calc-approved-at', class: 'date', maxlength: 10, placeholder: 'ÅÅÅÅ-MM-DD' });
  const ref = textInput('', { id: 'calc-decision-ref' });
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'calc-approval-title' },
    h('h2', { id: 'calc-approval-title' }, K.approval),
    h('p', { class: 'help' }, K.approvalHelp),
    h('div', { class: 'grid' },
      field({ key: 'approved_by', label: K.approved_by, help: K.approvedByHelp, input: by, required: true }),
      field({ key: 'approved_at', label: K.approved_at, help: S.initiative.dateHelp, input: on, required: true }),
      field({ key: 'decision_ref', label: K.decision_ref, help: K.decisionHelp, input: ref, required: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'approve-calculation' }, K.approve(selected.version))));
  // Approving takes a godkännare (app::rights).
  lockForm(panel, permissions?.approve);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (dirty()) { notify(K.saveFirst, 'error'); editor.querySelector('#save-calculation')?.focus(); return; }
    const date = parseDate(on.value);
    const errors = [];
    if (!by.value.trim()) errors.push({ field: 'approved_by', message: S.errors.required(K.approved_by) });
    if (!date.ok || !date.value) errors.push({ field: 'approved_at', message: S.errors.date(K.approved_at) });
    if (!ref.value.trim()) errors.push({ field: 'decision_ref', message: S.errors.required(K.decision_ref) });
    if (errors.length) { showFieldErrors(panel, errors); notify(errors[0].message, 'error'); return; }
    if (!(await ask({ title: K.approveTitle(selected.version), text: K.approveText, yes: K.approveYes, no: K.approveNo }))) return;
    try {
      await call('approve_calculation', { id: selected.id, rowVersion: selected.row_version, approval: { approved_by: by.value, approved_at: date.value, decision_ref: ref.value } });
      app.guard = null;
      notifyAfterReload(K.approvedDone(selected.version), reload);
    } catch (error) {
      const own = error.fields.filter((f) => ['approved_by', 'approved_at', 'decision_ref'].includes(f.field));
      showFieldErrors(panel, own);
      const others = error.fields.filter((f) => !own.includes(f));
      if (others.length) placeErrors(editor, others, false);
      notify(others.length ? K.cannotApprove(others.length) : error.message, 'error');
    }
  });
  return panel;
}

function newVersionPanel(view, initiativeId, show, permissions) {
  const reason = textArea('', { rows: 3, id: 'calc-reason' });
  const latest = view.versions[view.versions.length - 1];
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'calc-new-version-title' },
    h('h2', { id: 'calc-new-version-title' }, K.newVersion),
    h('p', { class: 'help' }, K.newVersionHelp(latest.version)),
    field({ key: 'reason', label: K.reason, input: reason, required: true, wide: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'new-calculation-version' }, K.createVersion)));
  lockForm(panel, permissions?.draft);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) { showFieldErrors(panel, [{ field: 'reason', message: K.errors.reason }]); notify(K.errors.reason, 'error'); return; }
    try {
      const version = await call('new_calculation_version', { initiativeId, reason: reason.value });
      flash = K.versionCreated(version);
      show(version);
    } catch (error) {
      showFieldErrors(panel, error.fields);
      notify(error.message, 'error');
    }
  });
  return panel;
}

function versionsTable(view, show) {
  const C = K.versionColumns;
  return h('section', { 'aria-labelledby': 'calc-versions-title' },
    h('h2', { id: 'calc-versions-title' }, K.versions),
    h('table', { class: 'data', id: 'calc-versions' },
      h('caption', { class: 'visually-hidden' }, K.versions),
      h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, [...view.versions].reverse().map((v) => {
        const shown = view.selected && view.selected.id === v.id;
        return h('tr', { class: shown ? 'selected' : null, 'aria-current': shown ? 'true' : null },
          h('th', { scope: 'row' }, String(v.version)),
          h('td', { class: 'nowrap' }, h('span', { class: `badge badge-${v.status === 'approved' ? 'gron' : 'kommande'}` },
            h('span', { 'aria-hidden': 'true' }, v.status === 'approved' ? '✓ ' : '✎ '), v.status_label),
            v.version === view.latest_approved ? h('span', { class: 'muted' }, ` ${K.inReports}`) : null),
          h('td', {}, v.reason || K.none),
          h('td', { class: 'nowrap' }, K.createdText(v.created_by, v.created_at.replace('T', ' '))),
          h('td', {}, v.approval ? K.approvedText(v.approval.approved_at, v.approval.approved_by, v.approval.decision_ref) : K.none),
          h('td', {}, shown ? h('span', { class: 'muted' }, K.showing)
            : h('button', { type: 'button', class: 'link nowrap', onclick: () => show(v.version) }, K.show(v.version))));
      }))));
}

function comparePanel(view, initiativeId) {
  const options = view.versions.map((v) => ({ code: String(v.version), label: K.versionOption(v.version, v.status_label) }));
  const current = view.selected.version;
  const previous = view.versions.filter((v) => v.version < current).pop()?.version ?? view.versions[0].version;
  const other = previous === current ? view.versions[view.versions.length - 1].version : previous;
  const from = select(options, String(Math.min(other, current)));
  const to = select(options, String(Math.max(other, current)));
  from.id = 'calc-compare-from';
  to.id = 'calc-compare-to';
  const out = h('div', { id: 'calc-comparison', 'aria-live': 'polite' });
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'calc-compare-title', id: 'calc-compare' },
    h('h2', { id: 'calc-compare-title' }, K.compareTitle),
    h('div', { class: 'compare-row' },
      h('div', { class: 'field' }, h('label', { for: from.id }, K.compareFrom), from),
      h('div', { class: 'field' }, h('label', { for: to.id }, K.compareTo), to),
      h('button', { type: 'submit', id: 'compare-calculation-versions' }, K.compare)),
    out);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const c = await call('compare_calculation_versions', { initiativeId, old: Number(from.value), new: Number(to.value) });
      clear(out);
      out.append(comparisonTable(c));
    } catch (error) { notify(error.message, 'error'); }
  });
  return panel;
}

function comparisonTable(c) {
  if (c.empty) return h('p', { class: 'muted' }, K.noDifferences(c.old, c.new));
  const rows = [];
  // What the changes did to the result first: present value and break-even, likely scenario.
  for (const r of c.results || []) rows.push([r.field, r.old, r.new]);
  for (const s of c.diff.settings) rows.push([K.diffSettings(s.field), s.old, s.new]);
  for (const l of c.diff.removed) rows.push([K.diffRemoved(l.description, l.key), K.diffPresent, K.none]);
  for (const l of c.diff.added) rows.push([K.diffAdded(l.description, l.key), K.none, K.diffPresent]);
  for (const l of c.diff.changed) for (const f of l.changes) rows.push([K.diffChanged(l.description, f.field), f.old, f.new]);
  return h('table', { class: 'data', id: 'calc-comparison-table' },
    h('caption', {}, K.comparisonCaption(c.old, c.new)),
    h('thead', {}, h('tr', {}, Object.values(K.compareColumns).map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(([what, old, now]) => h('tr', {},
      h('th', { scope: 'row' }, what), h('td', { class: 'old' }, old), h('td', { class: 'new' }, now)))));
}

function factorsTable(view) {
  const C = K.factorColumns;
  const approved = view.selected && view.selected.status === 'approved';
  return h('details', { class: 'calc-factors' },
    h('summary', {}, approved ? K.factorsFrozen(view.factors.length) : K.factorsTitle(view.factors.length)),
    h('p', { class: 'help' }, approved ? K.factorsFrozenHelp : K.factorsHelp),
    h('table', { class: 'data', id: 'calc-factors' },
      h('caption', { class: 'visually-hidden' }, K.factorsTitle(view.factors.length)),
      h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, view.factors.map((f) => h('tr', {},
        h('td', { class: 'nowrap' }, h('code', {}, f.code)), h('td', {}, f.name),
        h('td', { class: 'nowrap number' }, `${formatDecimal(f.value)} ${f.unit}`), h('td', {}, f.source), h('td', {}, String(f.year)))))));
}
