// Cost follow-up per year: Budget, Utfall, Prognos, internal and external.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { field, textInput, textArea, select, notify, showFieldErrors } from '../components.js';
import { formatKr, formatDecimal, parseDecimal } from '../format.js';

const C = S.costs;

export function costsTab(data, reload) {
  const year = textInput(String(new Date().getFullYear()), { inputmode: 'numeric', maxlength: 4, class: 'year' });
  const type = select(app.choices.cost_types, 'extern');
  const amounts = {
    budget: textInput('', { inputmode: 'decimal', class: 'amount' }),
    actual: textInput('', { inputmode: 'decimal', class: 'amount' }),
    forecast: textInput('', { inputmode: 'decimal', class: 'amount' }),
    hours: textInput('', { inputmode: 'decimal', class: 'amount' }),
  };
  const comment = textArea('', { rows: 2 });
  const snapshot = () => JSON.stringify([year.value, type.value, comment.value, ...Object.values(amounts).map((i) => i.value)]);
  let initial = snapshot();
  app.guard = () => snapshot() !== initial;

  function edit(row) {
    year.value = String(row.year);
    type.value = row.cost_type;
    for (const [key, input] of Object.entries(amounts)) input.value = row[key] ? formatDecimal(row[key]) : '';
    comment.value = row.comment;
    initial = snapshot();
    year.focus();
  }

  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'cost-form-title' },
    h('h2', { id: 'cost-form-title' }, C.formTitle),
    h('p', { class: 'help' }, C.formHelp),
    h('div', { class: 'grid' },
      field({ key: 'year', label: C.year, input: year, required: true }),
      field({ key: 'cost_type', label: C.type, input: type, required: true }),
      field({ key: 'budget', label: `${C.budget} (kr)`, input: amounts.budget }),
      field({ key: 'actual', label: `${C.actual} (kr)`, input: amounts.actual }),
      field({ key: 'forecast', label: `${C.forecast} (kr)`, input: amounts.forecast }),
      field({ key: 'hours', label: C.hours, input: amounts.hours }),
      field({ key: 'comment', label: C.comment, input: comment, wide: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-cost-year' }, C.save)));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [];
    const yearNumber = Number(year.value.trim());
    if (!/^\d{4}$/.test(year.value.trim())) errors.push({ field: 'year', message: S.errors.year(C.year) });
    const cost = { year: yearNumber, cost_type: type.value, comment: comment.value };
    const labels = { budget: C.budget, actual: C.actual, forecast: C.forecast, hours: C.hours };
    for (const [key, input] of Object.entries(amounts)) {
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

  const typeLabel = (code) => app.choices.cost_types.find((c) => c.code === code)?.label ?? code;
  const rows = data.cost_years;
  const table = rows.length
    ? h('table', { class: 'data numbers' },
      h('caption', {}, C.title),
      h('thead', {}, h('tr', {},
        [C.year, C.type, C.budget, C.actual, C.forecast, C.hours, C.comment, ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('th', { scope: 'row' }, String(r.year)),
        h('td', { class: 'text' }, typeLabel(r.cost_type)),
        h('td', {}, formatKr(r.budget)),
        h('td', {}, formatKr(r.actual)),
        h('td', {}, formatKr(r.forecast)),
        h('td', {}, r.hours ? formatDecimal(r.hours) : '–'),
        h('td', { class: 'text' }, r.comment),
        h('td', {}, h('button', { type: 'button', class: 'ghost', onclick: () => edit(r) }, C.edit(r.year, typeLabel(r.cost_type).toLowerCase())))))))
    : h('p', { class: 'empty' }, C.none);

  return h('div', { class: 'stack' }, h('p', { class: 'help' }, C.help), table, form);
}
