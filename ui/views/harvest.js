// Effekthemtagning in an initiative's follow-up: per benefit calculated → realised → decided →
// harvested in kronor and årsarbetare with the gaps, its decisions, the §3.3 table, and a form
// to record a decision. Every figure and word is Rust's (`harvest_view`); this lays it out.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { flash } from '../app.js';
import { askText, badge, field, lockForm, notify, permitted, select, showFieldErrors, textArea, textInput } from '../components.js';
import { parseDate, parseDecimal } from '../format.js';

const H = S.harvest;

function figuresTable(b, index) {
  const cells = (a) => [h('td', { class: 'number' }, a.kr), h('td', { class: 'number' }, a.fte)];
  return h('table', { class: 'data harvest-figures', id: `harvest-figures-${index}` },
    h('caption', { class: 'visually-hidden' }, `${H.title}: ${b.name}`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, H.figure), h('th', { scope: 'col', class: 'number' }, H.kr), h('th', { scope: 'col', class: 'number' }, H.fte))),
    h('tbody', {},
      [[H.calculated, b.calculated], [H.realised, b.realised], [H.decided, b.decided], [H.harvested, b.harvested]]
        .map(([label, a]) => h('tr', { dataset: { figure: label } }, h('th', { scope: 'row' }, label), ...cells(a))),
      b.gaps.map((g) => h('tr', { class: 'gap' }, h('th', { scope: 'row' }, `${H.gaps}: ${g.label}`), ...cells(g.amount)))));
}

function decisionsTable(view, b, index, reload, permission) {
  if (!b.decisions.length) return h('p', { class: 'muted' }, H.noDecisions);
  const C = H.columns;
  const done = async (d, button) => {
    const date = await askText({ title: H.markDoneTitle, text: H.markDoneText, label: H.markDoneLabel, yes: H.markDone, no: S.followup.reasonNo, value: view.as_of });
    if (date === null) return;
    const parsed = parseDate(date);
    if (!parsed.ok || !parsed.value) { notify(H.errors.date, 'error'); button.focus(); return; }
    try {
      await call('save_harvest_decision', { id: d.id, rowVersion: d.row_version, fields: { ...d.fields, carried_out_on: parsed.value } });
      flash(H.markedDone);
      await reload();
    } catch (error) {
      notify(error.fields && error.fields.length ? error.fields.map((f) => f.message).join(' ') : error.message, 'error');
    }
  };
  return h('table', { class: 'data harvest-decisions', id: `harvest-decisions-${index}` },
    h('caption', {}, `${H.decisions}: ${b.name}`),
    h('thead', {}, h('tr', {}, [C.what, C.amount, C.fte, C.from, C.decided, C.carriedOut, C.comment].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, b.decisions.map((d) => {
      let action = null;
      if (!d.carried_out_done && d.fields.kind !== 'ej_hemtagen') {
        const button = h('button', { type: 'button', class: 'small', onclick: () => done(d, button) }, H.markDone);
        action = permitted(button, permission);
      }
      return h('tr', { dataset: { decision: String(d.id) } },
        h('td', {}, d.what), h('td', { class: 'number' }, d.amount.kr), h('td', { class: 'number' }, d.amount.fte),
        h('td', {}, d.from), h('td', {}, d.decided), h('td', {}, d.carried_out, action ? [' ', ...action] : null), h('td', {}, d.comment));
    })));
}

function sectionTable(view) {
  if (!view.table.length) return null;
  const T = H.tableColumns;
  // Seven columns: the table scrolls sideways in a narrow window, reachable by keyboard.
  return h('div', { class: 'table-holder', tabindex: '0', role: 'region', 'aria-label': H.table }, h('table', { class: 'data harvest-table' },
    h('caption', {}, H.table),
    h('thead', {}, h('tr', {}, [T.action, T.fullYear, T.plannedTkr, T.plannedFte, T.toDate, T.assessedTkr, T.assessedFte].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, view.table.map((r) => h('tr', {},
      h('td', {}, `${r.benefit}: ${r.action}`),
      [r.full_year_tkr, r.planned_this_year_tkr, r.planned_this_year_fte, r.to_date_tkr, r.assessed_this_year_tkr, r.assessed_this_year_fte]
        .map((v) => h('td', { class: 'number' }, v)))))));
}

function decisionForm(view, reload, permission) {
  const inputs = {
    benefit: select(view.benefit_names.map((n) => ({ code: n, label: n })), '', { placeholder: H.chooseBenefit }),
    kind: select(view.kinds, 'budgetminskning'),
    amount: textInput('', { inputmode: 'decimal' }),
    redeployed_to: textInput(''),
    reason: textArea(''),
    from_date: textInput('', { placeholder: 'ÅÅÅÅ-MM-DD' }),
    decided_by: textInput(''),
    decided_on: textInput('', { placeholder: 'ÅÅÅÅ-MM-DD' }),
    decision_ref: textInput(''),
    carried_out_on: textInput('', { placeholder: 'ÅÅÅÅ-MM-DD' }),
    comment: textArea(''),
  };
  for (const [key, input] of Object.entries(inputs)) input.id = `harvest-${key}`;
  const F = H.fields;
  const form = h('form', { class: 'card harvest-form', id: 'harvest-form', novalidate: true, 'aria-labelledby': 'harvest-form-title' },
    h('h3', { id: 'harvest-form-title' }, H.formTitle),
    h('div', { class: 'grid' },
      field({ key: 'benefit', label: F.benefit, input: inputs.benefit, required: true }),
      field({ key: 'kind', label: F.kind, input: inputs.kind, required: true }),
      field({ key: 'amount', label: F.amount, input: inputs.amount, help: H.help.amount }),
      field({ key: 'redeployed_to', label: F.redeployed_to, input: inputs.redeployed_to, help: H.help.redeployed_to }),
      field({ key: 'reason', label: F.reason, input: inputs.reason, help: H.help.reason, wide: true }),
      field({ key: 'from_date', label: F.from_date, input: inputs.from_date, required: true }),
      field({ key: 'decided_by', label: F.decided_by, input: inputs.decided_by, required: true }),
      field({ key: 'decided_on', label: F.decided_on, input: inputs.decided_on, required: true }),
      field({ key: 'decision_ref', label: F.decision_ref, input: inputs.decision_ref }),
      field({ key: 'carried_out_on', label: F.carried_out_on, input: inputs.carried_out_on }),
      field({ key: 'comment', label: F.comment, input: inputs.comment, wide: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'harvest-save' }, H.save)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Only the shape of dates and numbers is checked here; every rule is Rust's.
    const errors = [];
    const dates = {};
    for (const key of ['from_date', 'decided_on', 'carried_out_on']) {
      const parsed = parseDate(inputs[key].value);
      if (!parsed.ok) errors.push({ field: key, message: `${F[key]}: ${H.errors.date}` });
      dates[key] = parsed.value;
    }
    const amount = parseDecimal(inputs.amount.value);
    if (!amount.ok) errors.push({ field: 'amount', message: `${F.amount}: ${H.errors.amount}` });
    if (!dates.from_date && !errors.some((e) => e.field === 'from_date')) errors.push({ field: 'from_date', message: `${F.from_date}: ${H.errors.date}` });
    if (!dates.decided_on && !errors.some((e) => e.field === 'decided_on')) errors.push({ field: 'decided_on', message: `${F.decided_on}: ${H.errors.date}` });
    if (errors.length) { showFieldErrors(form, errors); return; }
    const fields = {
      benefit: inputs.benefit.value,
      kind: inputs.kind.value,
      amount: amount.value ?? '0',
      redeployed_to: inputs.redeployed_to.value,
      reason: inputs.reason.value,
      from_date: dates.from_date,
      decided_by: inputs.decided_by.value,
      decided_on: dates.decided_on,
      decision_ref: inputs.decision_ref.value,
      carried_out_on: dates.carried_out_on,
      comment: inputs.comment.value,
    };
    try {
      await call('add_harvest_decision', { initiativeId: view.initiative_id, fields });
      flash(H.saved);
      await reload();
    } catch (error) {
      if (error.fields && error.fields.length) showFieldErrors(form, error.fields);
      else notify(error.message, 'error');
    }
  });
  lockForm(form, permission);
  return form;
}

/** The Effekthemtagning section of initiative `initiativeId`'s follow-up. */
export async function harvestSection(initiativeId, reload, permission) {
  const root = h('section', { class: 'harvest stack', id: 'harvest', 'aria-labelledby': 'harvest-title' },
    h('h2', { id: 'harvest-title' }, H.title));
  let view;
  try {
    view = await call('harvest_view', { initiativeId });
  } catch (error) {
    notify(error.message, 'error');
    return root;
  }
  root.append(h('p', { class: 'muted' }, H.intro));
  if (view.notice) root.append(h('p', { class: 'frozen', role: 'note' }, view.notice));
  view.benefits.forEach((b, index) => {
    root.append(h('div', { class: 'card harvest-benefit', dataset: { benefit: b.name } },
      h('h3', {}, b.name, ' ', b.status ? badge(b.status.code, b.status.label, b.status.symbol) : null),
      b.note ? h('p', { class: 'frozen', role: 'note' }, b.note) : null,
      figuresTable(b, index),
      b.realised_note ? h('p', { class: 'muted' }, b.realised_note) : null,
      h('p', { class: 'muted' }, b.fte_basis),
      decisionsTable(view, b, index, reload, permission)));
  });
  const table = sectionTable(view);
  if (table) root.append(table);
  if (view.benefit_names.length) root.append(decisionForm(view, reload, permission));
  return root;
}
