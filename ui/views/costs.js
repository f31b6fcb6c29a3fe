// Cost follow-up per year, cost type (intern/extern) and kind (förvaltning/utveckling):
// Budget, Utfall, Prognos and Avvikelse in tkr, the sums, and the "Endast externa kostnader"
// flag. Every figure arrives formatted from Rust (app::costs); the window only lays it out.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { field, textInput, textArea, select, notify, showFieldErrors, ask, lockForm, applyPermission, permissionNote } from '../components.js';
import { formatDecimal, parseDecimal } from '../format.js';

const C = S.costs;

/** The only-external flag: symbol and words, and what it means. */
function flagNote(flag) {
  if (!flag) return null;
  return h('div', { class: 'flag', id: 'only-external-flag', role: 'note' },
    h('strong', {}, h('span', { 'aria-hidden': 'true' }, `${flag.symbol} `), flag.label),
    h('span', {}, flag.meaning));
}

function costTable(view, edit, remove, refusal) {
  if (!view.rows.length) return h('p', { class: 'empty' }, C.none);
  const heads = [C.year, C.kind, C.type, C.budgetTkr, C.actualTkr, C.forecastTkr, C.deviationTkr, C.hoursRate, C.comment, C.actions];
  return h('table', { class: 'data numbers', id: 'cost-table' },
    h('caption', {}, C.title),
    h('thead', {}, h('tr', {}, heads.map((c, i) => h('th', { scope: 'col', class: i >= 3 && i <= 6 ? 'amount-head' : '' }, c)))),
    h('tbody', {}, view.rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, String(r.year)),
      h('td', { class: 'text' }, r.kind_label),
      h('td', { class: 'text' }, r.type_label),
      h('td', {}, r.amounts.budget),
      h('td', {}, r.amounts.actual, r.computed_actual ? h('span', { class: 'visually-hidden' }, ` ${C.computed}`) : null),
      h('td', {}, r.amounts.forecast),
      h('td', {}, r.amounts.deviation),
      h('td', { class: 'text' }, r.hours),
      h('td', { class: 'text' }, r.comment),
      h('td', { class: 'text' },
        // Short words to see, the whole row named for a screen reader.
        h('div', { class: 'cost-row-actions' },
          refusal(h('button', { type: 'button', class: 'ghost', 'aria-label': C.edit(r.year, r.kind_label.toLowerCase(), r.type_label.toLowerCase()), onclick: () => edit(r) }, C.editShort)),
          refusal(h('button', { type: 'button', class: 'ghost', 'aria-label': C.remove(r.year, r.kind_label.toLowerCase(), r.type_label.toLowerCase()), onclick: () => remove(r) }, C.removeShort))))))));
}

function totalsTable(view) {
  if (!view.rows.length) return null;
  const last = view.totals.length - 1;
  return h('table', { class: 'data numbers', id: 'cost-totals' },
    h('caption', {}, C.totalsTitle),
    h('thead', {}, h('tr', {}, [C.sum, C.budgetTkr, C.actualTkr, C.forecastTkr, C.deviationTkr].map((c, i) => h('th', { scope: 'col', class: i ? 'amount-head' : '' }, c)))),
    h('tbody', {}, view.totals.map((t, i) => h('tr', { class: i === last ? 'total grand' : '' },
      h('th', { scope: 'row', class: 'text' }, t.label),
      h('td', {}, t.amounts.budget),
      h('td', {}, t.amounts.actual),
      h('td', {}, t.amounts.forecast),
      h('td', {}, t.amounts.deviation)))));
}

export function costsTab(data, reload) {
  const view = data.costs;
  // Costs are recorded by a registrerare (app::rights): otherwise the rows' buttons are
  // disabled, described by the reason above the table, and the form is read-only.
  const record = data.permissions?.record;
  const tableNote = permissionNote('cost-table-permission');
  const refusal = (button) => { if (record && !record.allowed) applyPermission(button, tableNote, record); return button; };
  const year = textInput(String(new Date().getFullYear()), { inputmode: 'numeric', maxlength: 4, class: 'year' });
  const type = select(app.choices.cost_types, 'extern');
  const kind = select(app.choices.cost_kinds, 'utveckling');
  const amounts = {
    budget: textInput('', { inputmode: 'decimal', class: 'amount' }),
    actual: textInput('', { inputmode: 'decimal', class: 'amount' }),
    forecast: textInput('', { inputmode: 'decimal', class: 'amount' }),
    hours: textInput('', { inputmode: 'decimal', class: 'amount' }),
    hourly_rate: textInput('', { inputmode: 'decimal', class: 'amount' }),
  };
  const comment = textArea('', { rows: 2 });
  const snapshot = () => JSON.stringify([year.value, type.value, kind.value, comment.value, ...Object.values(amounts).map((i) => i.value)]);
  let initial = snapshot();
  app.guard = () => snapshot() !== initial;

  const hoursField = field({ key: 'hours', label: C.hours, input: amounts.hours, help: C.hoursHelp });
  const rateField = field({ key: 'hourly_rate', label: C.rate, input: amounts.hourly_rate, help: C.rateHelp });
  // Hours and rate belong to internal rows (own staff's time); an external row has neither.
  const syncType = () => {
    const internal = type.value === 'intern';
    hoursField.hidden = !internal;
    rateField.hidden = !internal;
  };
  type.addEventListener('change', syncType);

  function edit(row) {
    const f = row.fields;
    year.value = String(f.year);
    type.value = f.cost_type;
    kind.value = f.kind;
    for (const [key, input] of Object.entries(amounts)) input.value = f[key] ? formatDecimal(f[key]) : '';
    // Utfall computed from hours × rate is left blank, so it follows them when they change.
    if (row.computed_actual) amounts.actual.value = '';
    comment.value = f.comment;
    syncType();
    initial = snapshot();
    year.focus();
  }

  async function remove(row) {
    const yes = await ask({ title: C.removeTitle, text: C.removeText(row.year, row.kind_label.toLowerCase(), row.type_label.toLowerCase()), yes: C.removeYes, no: C.removeNo });
    if (!yes) return;
    try {
      await call('delete_cost_year', { initiativeId: data.initiative.id, id: row.id });
      app.guard = null;
      notify(C.removed);
      reload();
    } catch (error) {
      notify(error.message, 'error');
    }
  }

  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'cost-form-title' },
    h('h2', { id: 'cost-form-title' }, C.formTitle),
    h('p', { class: 'help' }, C.formHelp),
    h('div', { class: 'grid' },
      field({ key: 'year', label: C.year, input: year, required: true }),
      field({ key: 'kind', label: C.kind, input: kind, required: true, help: C.kindHelp }),
      field({ key: 'cost_type', label: C.type, input: type, required: true, help: C.typeHelp }),
      field({ key: 'budget', label: `${C.budget} (kr)`, input: amounts.budget }),
      field({ key: 'actual', label: `${C.actual} (kr)`, input: amounts.actual, help: C.actualHelp }),
      field({ key: 'forecast', label: `${C.forecast} (kr)`, input: amounts.forecast }),
      hoursField,
      rateField,
      field({ key: 'comment', label: C.comment, input: comment, wide: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-cost-year' }, C.save)));
  syncType();
  lockForm(form, record);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [];
    const yearNumber = Number(year.value.trim());
    if (!/^\d{4}$/.test(year.value.trim())) errors.push({ field: 'year', message: S.errors.year(C.year) });
    const cost = { year: yearNumber, cost_type: type.value, kind: kind.value, comment: comment.value };
    const labels = { budget: C.budget, actual: C.actual, forecast: C.forecast, hours: C.hours, hourly_rate: C.rate };
    for (const [key, input] of Object.entries(amounts)) {
      // Hidden hours and rate of an external row are not sent.
      if ((key === 'hours' || key === 'hourly_rate') && type.value !== 'intern') { cost[key] = null; continue; }
      const parsed = parseDecimal(input.value);
      if (parsed.ok) cost[key] = parsed.value;
      else errors.push({ field: key, message: S.errors.amount(labels[key]) });
    }
    if (errors.length) { showFieldErrors(form, errors); notify(errors[0].message, 'error'); return; }
    try {
      await call('save_cost_year', { initiativeId: data.initiative.id, cost });
      app.guard = null;
      notify(C.saved);
      reload();
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });

  const table = costTable(view, edit, remove, refusal);
  return h('div', { class: 'stack' },
    h('p', { class: 'help' }, C.help),
    flagNote(view.only_external),
    view.rows.length && !tableNote.hidden ? tableNote : null,
    // A narrow window scrolls the table sideways rather than the page.
    view.rows.length ? h('div', { class: 'table-holder' }, table) : table,
    totalsTable(view),
    view.rows.length ? h('p', { class: 'help', id: 'cost-rounding' }, view.rounding_note) : null,
    form);
}
