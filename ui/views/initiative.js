// One initiative: its overview (the tab it opens on), template fields, calculation, plan,
// follow-up, status reports, cost follow-up and history.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app, go } from '../app.js';
import { notify } from '../components.js';
import { fieldsForm } from './initiative_form.js';
import { statusTab } from './status_reports.js';
import { costsTab } from './costs.js';
import { historyTab } from './history.js';
import { planTab } from './plan.js';
import { followupTab } from './followup.js';
import { calculationTab } from './calculation.js';
import { overviewTab } from './overview.js';

const TABS = [
  ['overview', S.overview.tab],
  ['fields', S.initiative.tabs.fields],
  ['calc', S.calc.tab],
  ['plan', S.plan.tab],
  ['followup', S.followup.tab],
  ['status', S.initiative.tabs.status],
  ['costs', S.initiative.tabs.costs],
  ['history', S.initiative.tabs.history],
];

export async function renderInitiative(main, id, tab) {
  const [organisations, lists] = await Promise.all([call('organisations'), call('register_lists')]);
  if (id === null) {
    main.append(
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/portfolj' }, `← ${S.initiative.back}`)),
      h('h1', {}, S.initiative.newTitle));
    main.append(fieldsForm({ initiative: null, organisations, lists, permissions: null, onSaved: (newId) => { app.guard = null; notify(S.initiative.created); go(`#/insats/${newId}`); } }));
    return;
  }

  let data;
  let schedule;
  try {
    [data, schedule] = await Promise.all([call('initiative', { id }), call('status_report_schedule', { initiativeId: id })]);
  } catch (error) {
    notify(error.message, 'error');
    return;
  }
  const { initiative, permissions } = data;
  const active = TABS.some(([key]) => key === tab) ? tab : 'overview';
  // "Utvärderad" once the evaluation is approved (app::evaluation::phase_label).
  const phase = data.phase_label || app.choices.phases.find((p) => p.code === initiative.phase)?.label;

  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/portfolj' }, `← ${S.initiative.back}`)),
    h('div', { class: 'page-head' },
      h('h1', {}, h('span', { class: 'code' }, initiative.code), ' ', initiative.name),
      h('p', { class: 'meta' }, [phase, initiative.council_tracked ? schedule.tracked_label : null].filter(Boolean).join(' · ')),
      // When the next status report is due, by the supplier's reporting period; a late one
      // is said in words with a symbol, never by colour alone.
      h('p', { class: `report-due${schedule.overdue ? ' overdue' : ''}`, id: 'status-report-due' },
        schedule.overdue ? h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol) : null,
        schedule.overdue ? ' ' : null, schedule.text),
      schedule.latest_stale ? h('p', { class: 'report-stale', id: 'status-report-stale' }, `${schedule.latest_stale}`) : null),
    h('nav', { class: 'tabs', 'aria-label': 'Delar av insatsen' },
      TABS.map(([key, label]) => h('a', { href: `#/insats/${id}/${key}`, 'aria-current': key === active ? 'page' : null }, label))));

  const body = h('div', { class: 'tab-body' });
  main.append(body);
  const reload = () => go(`#/insats/${id}/${active}`);
  switch (active) {
    case 'calc': body.append(await calculationTab(id, reload, permissions)); break;
    case 'plan': body.append(await planTab(id, reload, permissions)); break;
    case 'followup': body.append(await followupTab(id, reload, permissions)); break;
    case 'status': body.append(statusTab({ ...data, schedule }, reload)); break;
    case 'costs': body.append(costsTab(data, reload)); break;
    case 'history': body.append(historyTab(data, organisations)); break;
    case 'overview': body.append(await overviewTab(id)); break;
    default:
      body.append(fieldsForm({
        initiative, organisations, lists, permissions,
        onSaved: () => { app.guard = null; notify(S.initiative.saved); reload(); },
      }));
  }
}
