// "Att göra": measurements due within 30 days and missing ones, with who should measure,
// sorted by the checkpoint's date. The list is computed in Rust (`todo_list`).

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { badge } from '../components.js';

const T = S.todo;
const D = S.deviations;

/** Open benefit deviations without an åtgärd, with the benefit owner (app::deviations::todo). */
function deviationsTodo(rows) {
  const C = D.todoColumns;
  return h('section', { 'aria-labelledby': 'todo-deviations-title' },
    h('h2', { id: 'todo-deviations-title' }, D.todoTitle),
    h('p', { class: 'lead' }, D.todoLead),
    rows.length
      ? h('table', { class: 'data', id: 'todo-deviations' },
        h('caption', { class: 'visually-hidden' }, D.todoTitle),
        h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((r) => h('tr', { dataset: { code: r.initiative_code, indicator: r.indicator_code } },
          h('th', { scope: 'row', class: 'nowrap' }, `${r.checkpoint_date} (${T.months(r.months)})`),
          h('td', {}, h('a', { href: `#/insats/${r.initiative_id}/followup` }, h('span', { class: 'code' }, r.initiative_code), ' ', r.initiative_name)),
          h('td', {}, r.benefit),
          h('td', {}, r.benefit_owner),
          h('td', {}, h('span', { class: 'code' }, r.indicator_code), ' ', r.indicator_name),
          h('td', {}, badge(r.status.code, r.status.label, r.status.symbol)),
          h('td', {}, r.cause)))))
      : h('p', { class: 'empty' }, D.todoNone));
}

export async function renderTodo(main) {
  const list = await call('todo_list');
  const C = T.columns;
  const R = T.reportColumns;
  // Late status reports first: each is a deadline already passed (app::lists::overdue_reports).
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, T.title)),
    h('section', { 'aria-labelledby': 'todo-reports-title' },
      h('h2', { id: 'todo-reports-title' }, T.reportsTitle),
      h('p', { class: 'lead' }, T.reportsLead),
      list.overdue_reports.length
        ? h('table', { class: 'data', id: 'todo-reports' },
          h('caption', { class: 'visually-hidden' }, T.reportsTitle),
          h('thead', {}, h('tr', {}, Object.values(R).map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, list.overdue_reports.map((o) => h('tr', { dataset: { code: o.initiative_code } },
            h('th', { scope: 'row', class: 'nowrap' }, o.due),
            h('td', {}, h('a', { href: `#/insats/${o.initiative_id}/status` }, h('span', { class: 'code' }, o.initiative_code), ' ', o.initiative_name)),
            h('td', {}, o.organisation),
            h('td', {}, o.period_label),
            h('td', {}, h('span', { class: 'gap-flag' }, h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', T.reportLate))))))
        : h('p', { class: 'empty' }, T.reportsNone)),
    deviationsTodo(list.deviations_without_action),
    h('h2', {}, T.measurementsTitle),
    h('p', { class: 'lead' }, T.lead(list.as_of, list.within_days)),
    h('p', { class: 'count', role: 'status' }, T.count(list.rows.length)));
  if (!list.rows.length) {
    main.append(h('p', { class: 'empty' }, T.none));
    return;
  }
  main.append(h('table', { class: 'data', id: 'todo-table' },
    h('caption', { class: 'visually-hidden' }, T.title),
    h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, list.rows.map((r) => h('tr', { dataset: { status: r.status.code } },
      h('th', { scope: 'row', class: 'nowrap' }, r.checkpoint_date),
      h('td', { class: 'due' }, r.due),
      h('td', {}, h('a', { href: `#/insats/${r.initiative_id}/followup` }, h('span', { class: 'code' }, r.initiative_code), ' ', r.initiative_name)),
      h('td', {}, h('span', { class: 'code' }, r.indicator_code), ' ', r.indicator_name),
      h('td', { class: 'nowrap' }, T.months(r.months)),
      h('td', {}, h('span', { class: 'line' }, `${r.window_from} –`), h('span', { class: 'line' }, r.window_to)),
      h('td', {}, r.measured_by),
      h('td', {}, badge(r.status.code, r.status.label, r.status.symbol)))))));
}
