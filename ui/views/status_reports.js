// Status reports per period: Tid, Kostnad, Resultat with orsak and åtgärd when not green.

import { call } from '../api.js';
import { h, uid } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { badge, field, textInput, textArea, notify, showFieldErrors, RAG_SYMBOL, lockForm } from '../components.js';
import { parseDate } from '../format.js';

const DIMENSIONS = ['time', 'cost', 'result'];

function ragLabel(code) {
  return app.choices.rag.find((c) => c.code === code)?.label ?? code;
}

export function ragBadge(code) {
  return badge(code, ragLabel(code), RAG_SYMBOL[code]);
}

function dimensionFieldset(key) {
  const name = uid(key);
  const cause = textArea('', { rows: 2 });
  const action = textArea('', { rows: 2 });
  const details = h('div', { class: 'grid', hidden: true },
    field({ key: `${key}.cause`, label: `${S.status.cause} (${S.status.dimensions[key]})`, input: cause, required: true }),
    field({ key: `${key}.action`, label: `${S.status.action} (${S.status.dimensions[key]})`, input: action, required: true }));
  const radios = app.choices.rag.map((c) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name, value: c.code, checked: c.code === 'gron', onchange: () => { details.hidden = c.code === 'gron'; } }),
    ' ', h('span', { class: `badge badge-${c.code}` }, h('span', { 'aria-hidden': 'true' }, RAG_SYMBOL[c.code]), ' ', c.label)));
  const set = h('fieldset', { class: 'dimension', dataset: { field: key } },
    h('legend', {}, S.status.dimensions[key]), h('div', { class: 'radios' }, radios),
    h('p', { class: 'error', role: 'alert', hidden: true }), details);
  const read = () => ({
    status: set.querySelector('input[type=radio]:checked').value,
    cause: cause.value,
    action: action.value,
  });
  return [set, read];
}

export function statusTab(data, reload) {
  // The period the next report covers ends on its due date (app::lists::status_report_schedule,
  // the supplier's reporting period): offered, and changed freely.
  const period = textInput(data.schedule?.due ?? '', { placeholder: 'ÅÅÅÅ-MM-DD', inputmode: 'numeric', maxlength: 10, class: 'date' });
  const comment = textArea('', { rows: 2 });
  const dimensions = DIMENSIONS.map(dimensionFieldset);
  const snapshot = () => JSON.stringify([period.value, comment.value, ...dimensions.map(([, read]) => read())]);
  const initial = snapshot();
  app.guard = () => snapshot() !== initial;

  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'new-report-title' },
    h('h2', { id: 'new-report-title' }, S.status.newReport),
    field({ key: 'period_end', label: S.status.periodEnd, input: period, required: true,
      help: data.schedule?.due ? `${S.initiative.dateHelp}. ${S.lists.periodEndHelp(data.schedule.period_label)}` : S.initiative.dateHelp }),
    dimensions.map(([set]) => set),
    field({ key: 'comment', label: S.status.comment, input: comment, wide: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-status-report' }, S.status.add)));
  // Status reports are written by a registrerare (app::rights).
  lockForm(form, data.permissions?.record);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const parsed = parseDate(period.value);
    if (!parsed.ok || !parsed.value) {
      const message = !parsed.ok && parsed.reason === 'calendar' ? S.errors.noDate(S.status.periodEnd) : S.errors.date(S.status.periodEnd);
      showFieldErrors(form, [{ field: 'period_end', message }]);
      notify(message, 'error');
      return;
    }
    const report = { period_end: parsed.value, comment: comment.value };
    DIMENSIONS.forEach((key, i) => { report[key] = dimensions[i][1](); });
    try {
      await call('add_status_report', { initiativeId: data.initiative.id, report });
      app.guard = null;
      notify(S.status.added);
      reload();
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });

  const reports = data.status_reports;
  // The latest report older than one period (app::lists::status_report_schedule): never current.
  const staleRow = (r) => Boolean(data.schedule?.latest_stale) && r.period_end === data.schedule.latest_period_end;
  const staleNote = data.schedule?.latest_stale ? h('p', { class: 'notice stale-note', role: 'note' }, `${data.schedule.latest_stale}. ${S.status.staleHelp}`) : null;
  const table = reports.length
    ? h('table', { class: 'data' },
      h('caption', {}, S.status.title),
      h('thead', {}, h('tr', {}, Object.values(S.status.columns).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, reports.map((r) => h('tr', { class: staleRow(r) ? 'stale' : null },
        h('th', { scope: 'row', class: 'nowrap' }, r.period_end,
          staleRow(r) ? [h('br'), h('span', { class: 'stale-tag' }, `${S.status.stale}`)] : null),
        DIMENSIONS.map((key) => h('td', {}, ragBadge(r[key].status))),
        h('td', {},
          DIMENSIONS.filter((key) => r[key].status !== 'gron').map((key) => h('p', { class: 'deviation' },
            h('strong', {}, `${S.status.dimensions[key]}: `),
            `${S.status.cause}: ${r[key].cause} `, h('br'), `${S.status.action}: ${r[key].action}`)),
          r.comment ? h('p', {}, r.comment) : null,
          h('p', { class: 'muted' }, S.status.reportedBy(r.author, r.created_at.replace('T', ' ')))))))
    )
    : h('p', { class: 'empty' }, S.status.none);

  return h('div', { class: 'stack' }, h('p', { class: 'help' }, S.status.help), staleNote, table, form);
}
