// "Översikt": the tab an initiative opens on. Everything on it comes from one Rust call
// (`initiative_overview`, app::overview): key facts, the latest status report, the benefit
// follow-up with the checkpoint to measure (or the late one), the approved calculation's key
// figures and the open deviations — each with a link to the tab that holds the rest.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { badge, RAG_SYMBOL } from '../components.js';

const O = S.overview;

function ragBadge(code) {
  return badge(code, app.choices.rag.find((c) => c.code === code)?.label ?? code, RAG_SYMBOL[code]);
}

function statusBadge(status) {
  return status ? badge(status.code, status.label, status.symbol) : h('span', { class: 'muted' }, S.portfolio.none);
}

/** A definition list of [term, value] pairs; a missing value reads "Inte angivet". */
function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs }, pairs.filter(Boolean).map(([term, value]) => [
    h('dt', {}, term),
    h('dd', {}, value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)
      ? h('span', { class: 'muted' }, O.notSet) : value),
  ]));
}

function card(id, title, ...content) {
  return h('section', { class: 'card overview-card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), ...content);
}

function tabLink(initiativeId, tab, text, id) {
  return h('p', { class: 'overview-link' }, h('a', { href: `#/insats/${initiativeId}/${tab}`, id }, text, h('span', { 'aria-hidden': 'true' }, ' →')));
}

export async function overviewTab(initiativeId) {
  const o = await call('initiative_overview', { initiativeId });
  return h('div', { class: 'overview', id: 'initiative-overview' },
    factsCard(o),
    followupCard(o),
    reportCard(o),
    calculationCard(o),
    deviationsCard(o));
}

function factsCard(o) {
  return card('overview-facts', O.facts,
    facts([
      [O.supplier, o.supplier],
      o.customers.length ? [O.customers, h('ul', { class: 'plain-list', id: 'overview-customers' }, o.customers.map((c) => h('li', {}, c)))] : null,
      [O.phase, o.phase],
      [O.category, o.category],
      [O.goLive, o.go_live_date],
      [O.sponsor, o.sponsor],
      [O.projectManager, o.project_manager],
      [O.tracked, o.tracked ?? S.portfolio.no],
    ]),
    tabLink(o.initiative_id, 'fields', O.editFacts, 'overview-to-fields'));
}

function reportCard(o) {
  const r = o.latest_report;
  // A late report is said here too (the page's head says when the next one is due).
  const schedule = o.report_overdue
    ? h('p', { class: 'report-due overdue', id: 'overview-report-schedule' },
      h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', o.report_schedule)
    : null;
  if (!r) {
    return card('overview-report', O.reportStatus, h('p', {}, O.reportNone), schedule,
      tabLink(o.initiative_id, 'status', O.openReports, 'overview-to-status'));
  }
  const dimension = (key) => {
    const d = r[key];
    const label = S.portfolioView.dimensions[key];
    return [
      h('dt', {}, label),
      h('dd', { dataset: { dimension: key } }, ragBadge(d.status),
        d.status !== 'gron' && (d.cause || d.action)
          ? h('span', { class: 'dimension-note' },
            d.cause ? [' ', h('strong', {}, `${O.cause}:`), ' ', d.cause] : null,
            d.action ? [' ', h('strong', {}, `${O.action}:`), ' ', d.action] : null)
          : null),
    ];
  };
  return card('overview-report', O.reportStatus,
    h('p', { class: 'overview-report-date', id: 'overview-report-date' }, h('strong', {}, O.reportPeriod(r.period_end)),
      r.author ? [' · ', O.reportBy(r.author)] : null),
    o.latest_report_stale
      ? h('p', { class: 'report-stale', id: 'overview-report-stale' },
        h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', o.latest_report_stale)
      : null,
    h('dl', { class: 'facts rag-facts', id: 'overview-rag' }, dimension('time'), dimension('cost'), dimension('result')),
    h('h3', {}, O.reportComment),
    h('p', { class: 'overview-comment' }, r.comment || h('span', { class: 'muted' }, O.reportNoComment)),
    schedule,
    tabLink(o.initiative_id, 'status', O.openReports, 'overview-to-status'));
}

function followupCard(o) {
  const f = o.followup;
  if (!f) {
    return card('overview-followup', O.followupTitle, h('p', {}, O.noPlan),
      tabLink(o.initiative_id, 'plan', O.openPlan, 'overview-to-plan'));
  }
  const c = f.checkpoint;
  const checkpoint = c
    ? h('div', { class: `overview-checkpoint${c.overdue ? ' overdue' : ''}`, id: 'overview-checkpoint' },
      h('h3', {}, c.overdue ? O.checkpointLate : O.checkpointNext),
      h('p', { class: 'checkpoint-when' },
        c.overdue ? [h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, O.symbolLate), ' '] : null,
        c.overdue
          ? [h('strong', {}, O.checkpointMonths(c.months)), ' – ', c.when]
          : [h('strong', {}, O.checkpointAt(c.date, c.months)), ' – ', c.when]),
      c.indicators.length
        ? [h('p', { class: 'muted', id: 'overview-checkpoint-indicators-label' }, O.checkpointIndicators),
          h('ul', { class: 'checkpoint-indicators', 'aria-labelledby': 'overview-checkpoint-indicators-label' }, c.indicators.map((i) => h('li', {}, i)))]
        : null)
    : h('p', { class: 'muted', id: 'overview-checkpoint' }, f.checkpoint_note);
  return card('overview-followup', O.followupTitle,
    h('p', { class: 'muted' }, O.planVersion(f.plan)),
    facts([
      [O.benefitStatus, h('span', { dataset: { benefitStatus: 'true' } }, statusBadge(f.status))],
      [O.status6, statusBadge(f.status_6)],
      [O.status12, statusBadge(f.status_12)],
      f.calculated_annual_value ? [O.calculated, f.calculated_annual_value] : null,
      f.realised_annual_value ? [O.realised, f.realised_annual_value] : null,
    ], { id: 'overview-statuses' }),
    checkpoint,
    tabLink(o.initiative_id, 'followup', O.openFollowup, 'overview-to-followup'));
}

function calculationCard(o) {
  const c = o.calculation;
  return card('overview-calculation', O.calculation,
    c.approved ? h('p', { class: 'muted' }, O.calculationApproved(c.approved)) : null,
    c.figures.length
      ? [h('p', { class: 'overview-scenario' }, O.calculationLikely),
        h('dl', { class: 'facts key-figures-list', id: 'overview-key-figures' },
          c.figures.map((fig) => [h('dt', {}, fig.label), h('dd', { class: 'number', dataset: { figure: fig.key } }, fig.value)]))]
      : null,
    c.note ? h('p', { id: 'overview-calculation-note' }, c.note) : null,
    c.draft && c.approved ? h('p', { class: 'muted' }, c.draft) : null,
    tabLink(o.initiative_id, 'calc', O.openCalculation, 'overview-to-calc'));
}

function deviationsCard(o) {
  const rows = o.open_deviations;
  const C = O.deviationColumns;
  return card('overview-deviations', O.deviations,
    rows.length
      ? [h('p', { class: 'count' }, O.deviationsCount(rows.length)),
        h('table', { class: 'data', id: 'overview-deviations-table' },
          h('caption', { class: 'visually-hidden' }, O.deviations),
          h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, rows.map((d) => h('tr', { dataset: { indicator: d.indicator_code } },
            h('th', { scope: 'row', class: 'nowrap' }, `${d.checkpoint_date} (${S.todo.months(d.months)})`),
            h('td', {}, h('span', { class: 'code' }, d.indicator_code), ' ', d.indicator_name),
            h('td', {}, statusBadge(d.status)),
            h('td', {}, d.action || h('span', { class: 'gap-flag' }, h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', O.deviationNoAction))))))]
      : h('p', {}, O.deviationsNone),
    tabLink(o.initiative_id, 'followup', O.openFollowup, 'overview-to-deviations'));
}
