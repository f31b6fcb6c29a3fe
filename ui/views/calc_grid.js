// The calculation's lines as a grid, the way Inera's spreadsheet lays them out: lines down,
// years across (one scenario at a time, in tkr), the sums of benefits, costs and net below.
// Description and the low, likely and high estimates are edited in the grid; the rest of a
// line (its kind, category, value type, price, drivers, timing, owner) in the side panel of
// the selected line. Arrow keys and Enter move between cells as in a spreadsheet, and a block
// copied from Excel is pasted with Ctrl+V. Every figure comes from Rust (`evaluation.grid`).

import { call } from '../api.js';
import { h, clear, uid } from '../dom.js';
import { S } from '../strings.js';
import { notify, textInput } from '../components.js';
import { formatDecimal, parseDecimal } from '../format.js';
import { PASTE_COLUMNS, isBlock, parseClipboardTable, planPaste } from './calc_paste.js';

const K = S.calc;
const G = K.grid;

/** The line selected per initiative and the scenario shown, kept while the tab is redrawn. */
export const gridState = { selected: new Map(), scenario: 1 };

// ---- cells shared with the settings -------------------------------------------------------

/** A labelled input with its error slot; `path` is where Rust's errors land. */
export function cell(path, label, input, { wide = false, cls = '' } = {}) {
  const id = input.id || uid('calc');
  input.id = id;
  const errorId = `${id}-error`;
  input.setAttribute('aria-describedby', errorId);
  return h('div', { class: `cell${wide ? ' wide' : ''}${cls ? ` ${cls}` : ''}`, dataset: { field: path } },
    h('label', { for: id }, label),
    input,
    h('p', { class: 'error', id: errorId, hidden: true }));
}

export function bindInput(obj, key, input, onChange, { redraw } = {}) {
  const update = () => {
    if (obj[key] === input.value) return;
    obj[key] = input.value;
    if (redraw) redraw(); else onChange();
  };
  input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', update);
  return input;
}

export function readOnly(input, editable) {
  if (editable) return input;
  if (input.tagName === 'SELECT') input.disabled = true;
  else input.readOnly = true;
  return input;
}

// ---- new lines ----------------------------------------------------------------------------

export function freshKey(form, base) {
  const keys = new Set(form.lines.map((l) => l.key));
  let n = form.lines.length + 1;
  let key = base || `rad-${n}`;
  while (keys.has(key)) { n += 1; key = base ? `${base}-${n}` : `rad-${n}`; }
  return key;
}

export function newLine(form, kind) {
  const benefit = kind === 'nytta';
  return {
    key: freshKey(form), kind, category: benefit ? 'omfordelning' : 'finansiell', perspective: 'organisation',
    cost_type: benefit ? '' : 'extern', description: benefit ? K.newBenefit : K.newCost, source: '', owner: '',
    value_type: 'amount', low: '', likely: '', high: '', unit: '', score: '0',
    rate_source: 'factor', rate_code: '', rate_kr: '', rate_salary: '',
    timing_type: benefit ? 'recurring' : 'one_off', year: benefit && Number(form.settings.horizon_years) > 1 ? '1' : '0',
    years: '', ramp: benefit ? '0,5; 1' : '', original_value: null,
  };
}

// ---- the grid -----------------------------------------------------------------------------

/** The unit a line's estimates are in, as the grid's Enhet column says it. */
function unitOf(line) {
  switch (line.value_type) {
    case 'amount': return K.units.kr;
    case 'hours': return K.units.h;
    case 'units': return line.unit.trim() || K.units.unit;
    case 'drivers': return G.fromDrivers;
    default: return G.notMonetised;
  }
}

/** The years the grid has columns for, from the settings as typed. */
function gridYears(form) {
  const first = Number(form.settings.first_year);
  const n = Math.max(1, Math.min(25, Number(form.settings.horizon_years) || 1));
  return Array.from({ length: n }, (_, t) => (Number.isFinite(first) && first > 0 ? String(first + t) : K.yearOption('', t).trim()));
}

/**
 * The grid section. `ctx` holds what the tab knows: view, form, editable, summaries (Rust's
 * line summaries), evaluation (the latest), initiativeId, onChange, draw (redraw the editor,
 * putting the focus back on a selector).
 */
export function gridSection(ctx) {
  const { form, editable, initiativeId } = ctx;
  if (!gridState.selected.has(initiativeId)) gridState.selected.set(initiativeId, 0);
  const selected = () => Math.min(gridState.selected.get(initiativeId) ?? 0, Math.max(0, form.lines.length - 1));
  const years = gridYears(form);

  const head = h('tr', {},
    h('th', { scope: 'col', class: 'line-no' }, G.columns.line),
    h('th', { scope: 'col', class: 'desc' }, G.columns.description),
    ['low', 'likely', 'high'].map((c) => h('th', { scope: 'col', class: 'estimate' }, G.columns[c])),
    h('th', { scope: 'col', class: 'unit' }, G.columns.unit),
    years.map((y) => h('th', { scope: 'col', class: 'year' }, y)),
    h('th', { scope: 'col', class: 'year total' }, G.columns.total));

  const rows = form.lines.map((line, i) => gridRow(ctx, line, i, years.length));
  const sumRow = (key, label) => h('tr', { class: `sum sum-${key}`, dataset: { sum: key } },
    h('th', { scope: 'row', colspan: 6 }, label),
    years.map((_, t) => h('td', { class: 'year', dataset: { t: String(t) } }, '')),
    h('td', { class: 'year total', dataset: { t: 'total' } }, ''));

  const table = h('table', { class: 'calc-grid', id: 'calc-grid' },
    h('caption', { class: 'visually-hidden' }, G.caption),
    h('thead', {}, head),
    h('tbody', {}, rows),
    h('tfoot', {}, sumRow('benefits', G.sums.benefits), sumRow('costs', G.sums.costs), sumRow('net', G.sums.net)));

  table.addEventListener('keydown', (event) => moveInGrid(table, event));
  table.addEventListener('focusin', (event) => {
    const row = event.target.closest('tr[data-line]');
    if (!row) return;
    const i = Number(row.dataset.line) - 1;
    if (i !== selected()) { gridState.selected.set(initiativeId, i); showSelection(); }
  });
  table.addEventListener('paste', (event) => pasteInto(ctx, event));

  const side = h('aside', { class: 'calc-side', 'aria-labelledby': 'calc-side-title' });
  function showSelection() {
    for (const tr of table.querySelectorAll('tbody tr')) {
      const on = Number(tr.dataset.line) - 1 === selected();
      tr.classList.toggle('selected', on);
      tr.querySelector('th.line-no .selected-mark').textContent = on ? G.selectedMark : '';
    }
    clear(side);
    side.append(...sidePanel(ctx, selected()));
  }

  const scenarioChoice = h('fieldset', { class: 'scenario-choice' },
    h('legend', {}, G.scenarioLegend),
    K.grid.scenarios.map((label, k) => {
      const id = `calc-scenario-${k}`;
      const input = h('input', { type: 'radio', name: 'calc-scenario', id, value: String(k), checked: k === gridState.scenario });
      input.addEventListener('change', () => { gridState.scenario = k; updateGrid(section, ctx.evaluation); });
      return h('span', { class: 'radio' }, input, h('label', { for: id }, label));
    }));

  const section = h('section', { class: 'calc-lines', 'aria-labelledby': 'calc-lines-title' },
    h('h2', { id: 'calc-lines-title' }, K.linesTitle),
    h('p', { class: 'help' }, editable ? G.help : G.helpReadOnly),
    h('div', { class: 'calc-grid-toolbar' },
      scenarioChoice,
      h('p', { class: 'grid-key-figures', id: 'calc-grid-key-figures', 'aria-live': 'polite' })),
    h('div', { class: 'calc-grid-layout' },
      h('div', { class: 'calc-grid-scroll' },
        form.lines.length ? table : h('p', { class: 'empty' }, K.noLines)),
      form.lines.length ? side : null),
    editable ? h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'add-benefit-line', onclick: () => addLine(ctx, 'nytta') }, K.addBenefit),
      h('button', { type: 'button', id: 'add-cost-line', onclick: () => addLine(ctx, 'kostnad') }, K.addCost)) : null);

  if (form.lines.length) showSelection();
  updateGrid(section, ctx.evaluation);
  return section;
}

function addLine(ctx, kind) {
  ctx.form.lines.push(newLine(ctx.form, kind));
  gridState.selected.set(ctx.initiativeId, ctx.form.lines.length - 1);
  ctx.onChange();
  ctx.draw(`[data-line="${ctx.form.lines.length}"] [name="description"]`);
}

function gridRow(ctx, line, i, yearCount) {
  const { editable, onChange } = ctx;
  const n = i + 1;
  const p = `lines[${i}]`;
  const name = line.description.trim() || K.rowLabel(n);
  const estimated = ['amount', 'hours', 'units'].includes(line.value_type);
  const gridInput = (column, value, attrs = {}) => {
    const input = textInput(value, { name: column, dataset: { row: String(i), col: String(PASTE_COLUMNS.indexOf(column)) }, 'aria-label': G.cellLabel(n, name, G.columns[column]), ...attrs });
    return input;
  };
  const holder = (path, input, cls) => h('td', { class: cls, dataset: { field: path } }, input, h('p', { class: 'error', hidden: true }));

  const description = readOnly(bindInput(line, 'description', gridInput('description', line.description, { 'data-select-on-focus': 'true', class: 'desc-input' }), onChange), editable);
  // The description names the line in the other cells' labels: keep them true as it is typed.
  description.addEventListener('input', () => {
    const now = line.description.trim() || K.rowLabel(n);
    for (const el of description.closest('tr').querySelectorAll('input[data-col]')) {
      el.setAttribute('aria-label', G.cellLabel(n, now, G.columns[el.name]));
    }
    const title = document.getElementById('calc-side-title');
    if (title && gridState.selected.get(ctx.initiativeId) === i) title.textContent = G.sideTitle(n, now);
  });
  const estimate = (level) => {
    if (!estimated) {
      // Drivers and scores are not typed here; the cell says why and stays in the keyboard path.
      const shown = level === 'likely' ? (line.value_type === 'drivers' ? G.seeSide : K.scoreOption(line.score)) : '';
      return holder(`${p}.value.est.${level}`, gridInput(level, shown, { readonly: true, class: 'amount derived', tabindex: '-1' }), 'estimate');
    }
    return holder(`${p}.value.est.${level}`,
      readOnly(bindInput(line, level, gridInput(level, line[level], { inputmode: 'decimal', class: 'amount', 'aria-required': level === 'likely' ? 'true' : null }), onChange), editable),
      'estimate');
  };

  // The row header holds the line's own errors (and those of fields in the side panel while
  // another line is selected there).
  return h('tr', { class: `line-${line.kind}`, dataset: { line: String(n) } },
    h('th', { scope: 'row', class: 'line-no', dataset: { field: p } },
      h('span', { class: 'n' }, String(n)), ' ',
      h('span', { class: `kind-tag kind-${line.kind}` }, line.kind === 'nytta' ? K.benefitTag : K.costTag),
      h('span', { class: 'selected-mark visually-hidden' }, ''),
      h('p', { class: 'error line-error', hidden: true })),
    holder(`${p}.description`, description, 'desc'),
    estimate('low'), estimate('likely'), estimate('high'),
    h('td', { class: 'unit' }, unitOf(line)),
    Array.from({ length: yearCount }, (_, t) => h('td', { class: 'year', dataset: { t: String(t) } }, '')),
    h('td', { class: 'year total', dataset: { t: 'total' } }, ''));
}

/** Puts Rust's year figures of the shown scenario into the grid, and its key figures above. */
export function updateGrid(root, evaluation) {
  const grid = evaluation?.grid;
  const figures = root.querySelector('#calc-grid-key-figures');
  const k = gridState.scenario;
  const scenario = grid?.scenarios[k];
  const fill = (tr, row) => {
    if (!tr) return;
    for (const td of tr.querySelectorAll('td.year')) {
      const t = td.dataset.t;
      td.textContent = row ? (t === 'total' ? row.total : row.values[Number(t)] ?? '') : '';
    }
  };
  for (const tr of root.querySelectorAll('#calc-grid tbody tr[data-line]')) fill(tr, scenario?.lines[Number(tr.dataset.line) - 1]);
  for (const key of ['benefits', 'costs', 'net']) fill(root.querySelector(`#calc-grid tfoot tr[data-sum="${key}"]`), scenario?.[key]);
  if (!figures) return;
  const result = evaluation?.result;
  if (!result) { figures.textContent = evaluation ? K.cannotCompute(evaluation.errors.length) : ''; return; }
  const row = (key) => result.rows.find((r) => r.key === key)?.values[k] ?? '';
  const year = row('break_even_year');
  figures.textContent = G.keyFigures(K.grid.scenarios[k], row('npv'), row('benefit_per_krona'), year.charAt(0).toLowerCase() + year.slice(1));
}

// ---- keyboard -----------------------------------------------------------------------------

/** Arrow keys and Enter move between the grid's cells; Left and Right only at the text's edge. */
function moveInGrid(table, event) {
  const input = event.target.closest('input[data-col]');
  if (!input || event.altKey || event.metaKey) return;
  const row = Number(input.dataset.row);
  const col = Number(input.dataset.col);
  const rowCount = table.querySelectorAll('tbody tr[data-line]').length;
  let to = null;
  const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
  switch (event.key) {
    case 'ArrowUp': to = [row - 1, col]; break;
    case 'ArrowDown': to = [row + 1, col]; break;
    case 'Enter': to = [event.shiftKey ? row - 1 : row + 1, col]; event.preventDefault(); break;
    case 'ArrowLeft': if (atStart || input.readOnly) to = [row, col - 1]; break;
    case 'ArrowRight': if (atEnd || input.readOnly) to = [row, col + 1]; break;
    case 'Home': if (event.ctrlKey) to = [0, col]; break;
    case 'End': if (event.ctrlKey) to = [rowCount - 1, col]; break;
    default: return;
  }
  if (event.ctrlKey && !['Home', 'End'].includes(event.key)) return;
  if (!to) return;
  const target = table.querySelector(`input[data-row="${to[0]}"][data-col="${to[1]}"]`);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.select();
}

// ---- paste --------------------------------------------------------------------------------

function pasteInto(ctx, event) {
  const input = event.target.closest('input[data-col]');
  if (!input) return;
  const text = event.clipboardData?.getData('text/plain') ?? '';
  // One value for one cell is an ordinary paste into the field.
  if (!isBlock(text)) return;
  event.preventDefault();
  if (!ctx.editable) { notify(G.paste.readOnly, 'error'); return; }
  const rows = parseClipboardTable(text);
  const plan = planPaste(ctx.form.lines, Number(input.dataset.row), input.name, rows, { formatNumber: formatDecimal });
  if (!plan.ok) {
    notify(plan.message, 'error');
    ctx.refused(plan.message);
    return;
  }
  for (let a = 0; a < plan.added; a += 1) {
    const line = newLine(ctx.form, 'nytta');
    line.description = '';
    ctx.form.lines.push(line);
  }
  for (const { row, column, value } of plan.cells) ctx.form.lines[row][column] = value;
  ctx.onChange();
  ctx.draw(`[data-line="${Number(input.dataset.row) + 1}"] [name="${input.name}"]`);
  notify(G.paste.done(rows.length, Math.max(...rows.map((r) => r.length)), plan.added));
}

// ---- the side panel of the selected line ----------------------------------------------------

function yearOptions(form, current) {
  const first = Number(form.settings.first_year);
  const n = Math.max(1, Math.min(25, Number(form.settings.horizon_years) || 1));
  const options = [];
  for (let t = 0; t < n; t += 1) options.push({ code: String(t), label: Number.isFinite(first) ? K.yearOption(first + t, t) : String(t) });
  if (Number(current) >= n) options.push({ code: String(current), label: K.yearOutside(Number.isFinite(first) ? first + Number(current) : current) });
  return options;
}

function rateOptions(view, line) {
  const unit = line.value_type === 'units' ? `kr/${line.unit.trim()}` : 'kr/h';
  const norm = (u) => u.replace(/\s+/g, '').toLowerCase().replace(/^kr\/(tim|timme|timma)$/, 'kr/h');
  const factors = view.factors.filter((f) => norm(f.unit) === norm(unit) || f.code === line.rate_code);
  const options = factors.map((f) => ({ code: `factor:${f.code}`, label: K.factorOption(f.name, formatDecimal(f.value), f.unit) }));
  if (line.rate_code && !factors.some((f) => f.code === line.rate_code)) options.push({ code: `factor:${line.rate_code}`, label: K.unknownFactor(line.rate_code) });
  options.push({ code: 'fixed', label: K.rateFixed(unit) });
  if (line.value_type === 'hours') options.push({ code: 'monthly_salary', label: K.rateSalary });
  return options;
}

/** The summary Rust returned for the line at `i`, matched by key (lines may have moved since). */
export function summaryFor(summaries, i, line) {
  return summaries[i]?.key === line.key ? summaries[i] : summaries.find((s) => s.key === line.key);
}

/** The side panel's contents for line `i`: every field of the line that is not in the grid. */
function sidePanel(ctx, i) {
  const { view, form, editable, onChange, draw } = ctx;
  const summaries = ctx.summaries();
  const line = form.lines[i];
  if (!line) return [];
  const C = view.choices;
  const n = i + 1;
  const p = `lines[${i}]`;
  const name = line.description.trim() || K.rowLabel(n);
  const bind = (key, input, opts) => readOnly(bindInput(line, key, input, onChange, opts), editable);
  const text = (key, attrs = {}) => bind(key, textInput(line[key], { name: key, ...attrs }));
  const choose = (key, options, { structural = false, placeholder } = {}) =>
    bind(key, h('select', { name: key }, placeholder !== undefined ? h('option', { value: '' }, placeholder) : null,
      options.map((o) => h('option', { value: o.code, selected: String(o.code) === String(line[key]) }, o.label))),
    { redraw: structural ? () => { onChange(); draw(`.calc-side [name="${key}"]`); } : null });

  if (line.kind === 'kostnad' && !line.cost_type) line.cost_type = 'extern';

  const valueTypes = [
    { code: 'amount', label: K.valueTypes.amount },
    { code: 'hours', label: K.valueTypes.hours },
    { code: 'units', label: K.valueTypes.units },
    { code: 'not_monetised', label: K.valueTypes.not_monetised },
  ];
  if (line.value_type === 'drivers') valueTypes.push({ code: 'drivers', label: K.valueTypes.drivers });
  const valueType = choose('value_type', valueTypes, { structural: true });
  if (line.value_type === 'drivers') valueType.disabled = true;

  const summary = summaryFor(summaries, i, line);
  const valueCells = [];
  if (line.value_type === 'drivers') {
    valueCells.push(h('div', { class: 'cell wide formula', dataset: { field: `${p}.value` } },
      h('span', { class: 'label' }, K.fields.drivers),
      h('p', { class: 'formula-text', dataset: { formula: String(n) } }, summary?.formula || ''),
      h('p', { class: 'help' }, K.driversReadOnly),
      h('p', { class: 'error', hidden: true })));
    valueCells.push(h('div', { class: 'cell' }, h('span', { class: 'label' }, K.fields.rate),
      h('output', { class: 'rate-value', dataset: { rate: String(n) } }, summary?.rate ?? '—')));
  } else if (line.value_type === 'not_monetised') {
    valueCells.push(cell(`${p}.value.score`, K.fields.score,
      choose('score', [0, 1, 2, 3].map((s) => ({ code: String(s), label: K.scoreOption(s) })), { structural: true })));
  } else {
    if (line.value_type === 'units') {
      // The unit decides which factors fit: offer them anew when the field is left.
      const unit = text('unit', { class: 'short', placeholder: 'mil' });
      unit.addEventListener('change', () => setTimeout(() => draw(), 0));
      valueCells.push(cell(`${p}.value.unit`, K.fields.unit, unit));
    }
    if (line.value_type === 'hours' || line.value_type === 'units') {
      const currentRate = line.rate_source === 'factor' ? (line.rate_code ? `factor:${line.rate_code}` : '') : line.rate_source;
      const rateSelect = readOnly(h('select', { name: 'rate' },
        h('option', { value: '' }, K.chooseFactor),
        rateOptions(view, line).map((o) => h('option', { value: o.code, selected: o.code === currentRate }, o.label))), editable);
      rateSelect.addEventListener('change', () => {
        const v = rateSelect.value;
        if (v.startsWith('factor:')) { line.rate_source = 'factor'; line.rate_code = v.slice(7); } else if (v) { line.rate_source = v; } else { line.rate_source = 'factor'; line.rate_code = ''; }
        onChange();
        draw('.calc-side [name="rate"]');
      });
      valueCells.push(cell(`${p}.value.rate`, K.fields.rate, rateSelect, { cls: 'rate wide' }));
      if (line.rate_source === 'fixed') valueCells.push(cell(`${p}.value.rate.kr`, K.fields.rate_kr, text('rate_kr', { inputmode: 'decimal', class: 'amount' })));
      if (line.rate_source === 'monthly_salary') valueCells.push(cell(`${p}.value.rate.salary`, K.fields.rate_salary, text('rate_salary', { inputmode: 'decimal', class: 'amount' })));
      valueCells.push(h('div', { class: 'cell' }, h('span', { class: 'label' }, K.fields.hourly),
        h('output', { class: 'rate-value', dataset: { rate: String(n) } }, summary?.rate ?? '—')));
    }
  }
  const calibration = calibrationCell(ctx, line, n, name);

  const timingType = choose('timing_type', [
    { code: 'one_off', label: K.timing.one_off }, { code: 'recurring', label: K.timing.recurring },
  ], { structural: true });
  const timingCells = [
    cell(`${p}.timing.type`, K.fields.timing, timingType),
    cell(`${p}.timing.year`, line.timing_type === 'one_off' ? K.fields.year : K.fields.from_year, choose('year', yearOptions(form, line.year))),
  ];
  if (line.timing_type === 'recurring') {
    timingCells.push(
      cell(`${p}.timing.years`, K.fields.years, text('years', { inputmode: 'numeric', class: 'short', placeholder: K.yearsPlaceholder })),
      cell(`${p}.timing.ramp`, K.fields.ramp, text('ramp', { class: 'ramp', placeholder: K.rampPlaceholder })));
  }

  const move = (to) => {
    const [moved] = form.lines.splice(i, 1);
    form.lines.splice(to, 0, moved);
    ctx.select(to);
    onChange();
    const which = to < i ? 'up' : 'down';
    const target = (which === 'up' && to === 0) || (which === 'down' && to === form.lines.length - 1) ? (which === 'up' ? 'down' : 'up') : which;
    draw(`.calc-side [data-action="${target}"]`);
  };
  const buttons = editable ? h('div', { class: 'row-actions' },
    h('button', { type: 'button', class: 'ghost small', dataset: { action: 'up' }, disabled: i === 0, 'aria-label': K.moveUp(n, name), onclick: () => move(i - 1) }, `↑ ${G.up}`),
    h('button', { type: 'button', class: 'ghost small', dataset: { action: 'down' }, disabled: i === form.lines.length - 1, 'aria-label': K.moveDown(n, name), onclick: () => move(i + 1) }, `↓ ${G.down}`),
    h('button', { type: 'button', class: 'ghost small', dataset: { action: 'duplicate' }, 'aria-label': K.duplicateLabel(n, name), onclick: () => {
      const copy = JSON.parse(JSON.stringify(line));
      copy.key = freshKey(form, `${line.key}-kopia`);
      copy.description = `${line.description} ${K.copySuffix}`;
      form.lines.splice(i + 1, 0, copy);
      ctx.select(i + 1);
      onChange();
      draw(`[data-line="${n + 1}"] [name="description"]`);
    } }, K.duplicate),
    h('button', { type: 'button', class: 'ghost small danger-text', dataset: { action: 'remove' }, 'aria-label': K.removeLabel(n, name), onclick: () => {
      form.lines.splice(i, 1);
      ctx.select(Math.max(0, Math.min(i, form.lines.length - 1)));
      onChange();
      notify(K.removed(n, name));
      draw(form.lines.length ? `[data-line="${Math.min(n, form.lines.length)}"] [name="description"]` : '#add-benefit-line');
    } }, K.remove)) : null;

  return [
    h('h3', { id: 'calc-side-title' }, G.sideTitle(n, name)),
    h('div', { class: 'side-fields', dataset: { line: String(n) } },
      cell(`${p}.kind`, K.fields.kind, choose('kind', C.kinds, { structural: true })),
      cell(`${p}.category`, K.fields.category, choose('category', C.categories, { structural: true })),
      cell(`${p}.perspective`, K.fields.perspective, choose('perspective', C.perspectives)),
      line.kind === 'kostnad' ? cell(`${p}.cost_type`, K.fields.cost_type, choose('cost_type', C.cost_types, { placeholder: S.initiative.choose })) : null,
      cell(`${p}.value.type`, K.fields.value_type, valueType),
      valueCells,
      calibration,
      timingCells,
      h('div', { class: 'cell annual' },
        h('span', { class: 'label' }, K.fields.annual),
        h('output', { class: 'annual-value', dataset: { annual: String(n) } }, summary?.annual_value ?? '—')),
      cell(`${p}.owner`, line.kind === 'nytta' ? K.fields.owner : K.fields.costOwner, text('owner')),
      cell(`${p}.source`, K.fields.source, text('source'), { wide: true }),
      cell(`${p}.key`, K.fields.key, text('key', { class: 'key-input', maxlength: 100 })),
      buttons),
  ];
}

/** The low value each line had before a calibration set it, by line key, for Ångra. */
const beforeCalibration = new Map();

/**
 * Calibration of a benefit line's low value: the sentence of the city's own history for the
 * line's category and, in a draft, a button that sets low = likely × median (computed in
 * Rust) — the user sees the new value in the grid, can change it and can undo it.
 */
function calibrationCell(ctx, line, n, name) {
  const { view, editable, onChange, draw } = ctx;
  if (line.kind !== 'nytta' || !['amount', 'hours', 'units'].includes(line.value_type)) return null;
  const hint = (view.calibrations || []).find((c) => c.category === line.category);
  if (!hint) return null;
  const apply = async () => {
    const likely = parseDecimal(line.likely);
    if (!likely.ok || likely.value === null) { notify(K.calibration.needLikely(n), 'error'); return; }
    try {
      const low = await call('calibrated_low', { likely: likely.value, median: String(hint.median) });
      beforeCalibration.set(line.key, line.low);
      line.low = formatDecimal(low);
      onChange();
      draw(`[data-line="${n}"] [name="low"]`);
      notify(K.calibration.applied(n, line.low));
    } catch (error) { notify(error.message, 'error'); }
  };
  const undo = () => {
    line.low = beforeCalibration.get(line.key) ?? '';
    beforeCalibration.delete(line.key);
    onChange();
    draw(`[data-line="${n}"] [name="low"]`);
    notify(K.calibration.undone(n));
  };
  return h('div', { class: 'cell wide calibration', dataset: { calibration: String(n) } },
    h('span', { class: 'label' }, K.calibration.title),
    h('p', { class: 'calibration-sentence' }, hint.sentence),
    editable ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'ghost small', dataset: { action: 'calibrate' }, 'aria-label': K.calibration.applyLabel(n, name, hint.offer), onclick: apply }, hint.offer),
      beforeCalibration.has(line.key)
        ? h('button', { type: 'button', class: 'ghost small', dataset: { action: 'undo-calibration' }, 'aria-label': K.calibration.undoLabel(n, name), onclick: undo }, K.calibration.undo)
        : null) : null);
}

/** Puts Rust's per-line figures (yearly value, formula, price) into the side panel. */
export function updateLineSummaries(editor, form, summaries) {
  form.lines.forEach((line, i) => {
    const n = i + 1;
    const l = summaryFor(summaries, i, line);
    const out = editor.querySelector(`[data-annual="${n}"]`);
    if (out) out.textContent = l?.annual_value ?? '—';
    const formula = editor.querySelector(`[data-formula="${n}"]`);
    if (formula && l?.formula) formula.textContent = l.formula;
    const rate = editor.querySelector(`[data-rate="${n}"]`);
    if (rate) rate.textContent = l?.rate ?? '—';
  });
}
