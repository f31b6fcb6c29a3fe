// The portfolio: every initiative in one sortable, filterable, searchable table.

import { call } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { badge, RAG_SYMBOL, allowed, permitted } from '../components.js';
import { app } from '../app.js';

const view = { sort: 'code', direction: 'ascending', search: '', org: '', phase: '', tracked: false, benefit: '', group: '' };
const PF = S.portfolioFollowup;
const STATUS_ORDER = ['rod', 'saknas', 'gul', 'gron', 'kommande'];
const statusIndex = (status) => (status ? STATUS_ORDER.indexOf(status.code) : STATUS_ORDER.length);
// One collator for every comparison: `a.localeCompare(b, 'sv')` sets one up per call, which
// made sorting a thousand initiatives take a tenth of a second (docs/prestanda.md).
const collator = new Intl.Collator('sv');
// Rows put in the table at once: about two screens. The rest follow a chunk per frame, so
// the first screen is laid out and painted without waiting for a thousand rows.
const FIRST_ROWS = 60;
const MORE_ROWS = 250;

const COLUMNS = [
  { key: 'code', label: S.portfolio.columns.code, value: (r) => r.code },
  { key: 'name', label: S.portfolio.columns.name, value: (r) => r.name },
  { key: 'organisation', label: S.portfolio.columns.organisation, value: (r) => r.organisation },
  { key: 'phase', label: S.portfolio.columns.phase, value: (r) => phaseIndex(r.phase) },
  { key: 'go_live', label: S.portfolio.columns.goLive, value: (r) => r.go_live_date || '9999' },
  { key: 'tracked', label: S.portfolio.columns.tracked, value: (r) => (r.council_tracked ? 0 : 1) },
  { key: 'status', label: S.portfolio.columns.status, value: (r) => worstIndex(r.latest_report) },
  { key: 'status_6', label: PF.status6, value: (r) => statusIndex(r.followup?.status_6) },
  { key: 'status_12', label: PF.status12, value: (r) => statusIndex(r.followup?.status_12) },
  { key: 'benefit', label: PF.benefit, value: (r) => statusIndex(r.followup?.status) },
  { key: 'next', label: PF.next, value: (r) => r.followup?.next_checkpoint?.date || '9999' },
  // Most gaps first when sorted ascending, so the flagged initiatives come to the top.
  { key: 'gaps', label: S.portfolio.gapsColumn, value: (r) => -(r.gaps.length + (r.overdue ? 1 : 0)) },
];

/** The flags Rust set on the row, as words with a symbol — never colour alone — and a late
 *  status report with its date (app::lists::overdue_reports). */
function gapFlags(gaps, overdue) {
  if (!gaps.length && !overdue) return S.portfolio.none;
  const flag = (gap, text) => h('li', { class: 'gap-flag', dataset: { gap } },
    h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', text);
  return h('ul', { class: 'gap-flags' },
    gaps.map((gap) => flag(gap, S.portfolio.gaps[gap])),
    overdue ? flag('status_report', overdue.label) : null);
}

function followupBadge(status, attrs = {}) {
  if (!status) return h('span', { class: 'muted' }, S.portfolio.none);
  const el = badge(status.code, status.label, status.symbol);
  Object.assign(el.dataset, attrs);
  return el;
}

function phaseIndex(code) {
  return app.choices.phases.findIndex((p) => p.code === code);
}

function label(list, code) {
  return list.find((c) => c.code === code)?.label ?? code;
}

function worstIndex(report) {
  if (!report) return 3;
  const order = { rod: 0, gul: 1, gron: 2 };
  return Math.min(order[report.time.status], order[report.cost.status], order[report.result.status]);
}

function ragBadge(status) {
  return badge(status, label(app.choices.rag, status), RAG_SYMBOL[status]);
}

export async function renderPortfolio(main) {
  const [rows, followup] = await Promise.all([call('initiatives'), call('portfolio_followup')]);
  const followupById = new Map(followup.rows.map((f) => [f.initiative_id, f]));
  for (const r of rows) r.followup = followupById.get(r.id) || null;
  const overdueById = new Map(followup.overdue_reports.map((o) => [o.initiative_id, o]));
  for (const r of rows) r.overdue = overdueById.get(r.id) || null;
  const organisations = [...new Map(rows.map((r) => [r.organisation_id, r.organisation])).entries()]
    .sort((a, b) => collator.compare(a[1], b[1]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // The groups are made in Rust (app::portfolio::group_initiatives), once per grouping.
  const groupings = new Map();

  const tableHolder = h('div', { class: 'table-holder' });
  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  // Counted in Rust (app::portfolio::gap_counts) over the whole register, not the filter.
  const gapCount = h('p', { class: 'gap-count', id: 'portfolio-gaps' },
    h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ',
    S.portfolio.gapCount(followup.gaps.effect_goals, followup.gaps.calculation));

  const search = h('input', { type: 'search', id: 'portfolio-search', value: view.search, oninput: (e) => { view.search = e.target.value; draw(); } });
  const orgSelect = h('select', { id: 'filter-org', onchange: (e) => { view.org = e.target.value; draw(); } },
    h('option', { value: '' }, S.portfolio.all),
    organisations.map(([id, name]) => h('option', { value: id, selected: String(id) === view.org }, name)));
  const phaseSelect = h('select', { id: 'filter-phase', onchange: (e) => { view.phase = e.target.value; draw(); } },
    h('option', { value: '' }, S.portfolio.all),
    app.choices.phases.map((p) => h('option', { value: p.code, selected: p.code === view.phase }, p.label)));
  const groupSelect = h('select', { id: 'portfolio-group', onchange: (e) => { view.group = e.target.value; draw(); } },
    [['', S.portfolio.groupNone], ['supplier', S.portfolio.groupSupplier], ['customer', S.portfolio.groupCustomer]]
      .map(([value, text]) => h('option', { value, selected: value === view.group }, text)));
  const tracked = h('input', { type: 'checkbox', id: 'filter-tracked', checked: view.tracked, onchange: (e) => { view.tracked = e.target.checked; draw(); } });
  const benefitSelect = h('select', { id: 'filter-benefit-status', onchange: (e) => { view.benefit = e.target.value; draw(); } },
    h('option', { value: '' }, S.portfolio.all),
    followup.statuses.map((st) => h('option', { value: st.code, selected: st.code === view.benefit }, `${st.symbol} ${st.label}`)),
    h('option', { value: 'ingen', selected: view.benefit === 'ingen' }, PF.noPlan));

  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, S.portfolio.title),
      newInitiativeButton()),
    h('div', { class: 'filters', role: 'search' },
      h('div', { class: 'field' }, h('label', { for: 'portfolio-search' }, S.portfolio.search), search),
      h('div', { class: 'field' }, h('label', { for: 'filter-org' }, S.portfolio.filterOrg), orgSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-phase' }, S.portfolio.filterPhase), phaseSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-benefit-status' }, PF.filterStatus), benefitSelect),
      h('div', { class: 'field checkbox' }, tracked, h('label', { for: 'filter-tracked' }, S.portfolio.filterTracked)),
      h('div', { class: 'field' }, h('label', { for: 'portfolio-group' }, S.portfolio.groupBy), groupSelect)),
    gapCount,
    followup.overdue_reports.length
      ? h('p', { class: 'gap-count', id: 'portfolio-overdue' },
        h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ',
        S.portfolio.overdueCount(followup.overdue_reports.length, followup.as_of))
      : '', // (DOM's append writes a null as the text "null")
    count,
    tableHolder);

  function visible() {
    const needle = view.search.trim().toLocaleLowerCase('sv');
    return rows.filter((r) =>
      (!needle || [r.code, r.name, r.organisation].some((t) => t.toLocaleLowerCase('sv').includes(needle)))
      && (!view.org || String(r.organisation_id) === view.org)
      && (!view.phase || r.phase === view.phase)
      && (!view.tracked || r.council_tracked)
      && (!view.benefit || (view.benefit === 'ingen' ? !r.followup : r.followup?.status.code === view.benefit)));
  }

  function sorted(list) {
    const column = COLUMNS.find((c) => c.key === view.sort);
    const factor = view.direction === 'ascending' ? 1 : -1;
    return [...list].sort((a, b) => {
      const x = column.value(a); const y = column.value(b);
      const order = typeof x === 'number' ? x - y : collator.compare(String(x), String(y));
      return order * factor || collator.compare(a.code, b.code);
    });
  }

  function header(column) {
    const active = view.sort === column.key;
    return h('th', { scope: 'col', 'aria-sort': active ? view.direction : 'none' },
      h('button', {
        type: 'button', class: 'sort', 'aria-label': S.portfolio.sortBy(column.label),
        onclick: () => {
          view.direction = active && view.direction === 'ascending' ? 'descending' : 'ascending';
          view.sort = column.key;
          draw();
          tableHolder.querySelector(`th[aria-sort="${view.direction}"] button`)?.focus();
        },
      }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (view.direction === 'ascending' ? ' ▲' : ' ▼') : '')));
  }

  /** One table per organisation: its initiatives that pass the filters, in the sort order. */
  async function drawGroups(list, generation) {
    if (!groupings.has(view.group)) {
      try {
        groupings.set(view.group, await call('portfolio_groups', { by: view.group }));
      } catch (error) {
        tableHolder.append(h('p', { class: 'error' }, error.message));
        return;
      }
    }
    if (generation !== drawing) return;
    const place = new Map(list.map((r, i) => [r.id, i]));
    for (const group of groupings.get(view.group).groups) {
      const members = group.initiative_ids.filter((id) => place.has(id))
        .sort((a, b) => place.get(a) - place.get(b)).map((id) => byId.get(id));
      if (!members.length) continue;
      const headingId = `group-${view.group}-${group.organisation_id}`;
      tableHolder.append(h('section', { class: 'portfolio-group', 'aria-labelledby': headingId, dataset: { organisation: group.organisation_id } },
        h('h2', { id: headingId }, S.portfolio.groupTitle(group.name, members.length)),
        h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, S.portfolio.groupCaption(groupings.get(view.group).label, group.name)),
          h('thead', {}, h('tr', {}, COLUMNS.map(header))),
          h('tbody', {}, members.map(row)))));
    }
  }

  let drawing = 0;
  function draw() {
    const generation = ++drawing;
    clear(tableHolder);
    const list = sorted(visible());
    count.textContent = S.portfolio.count(list.length, rows.length);
    if (!rows.length) { tableHolder.append(h('p', { class: 'empty' }, S.portfolio.empty)); return; }
    if (!list.length) { tableHolder.append(h('p', { class: 'empty' }, S.portfolio.noMatch)); return; }
    if (view.group) { drawGroups(list, generation); return; }
    const tbody = h('tbody', {}, list.slice(0, FIRST_ROWS).map(row));
    tableHolder.append(h('table', { class: 'data', id: 'portfolio-table' },
      h('caption', { class: 'visually-hidden' }, S.portfolio.title),
      h('thead', {}, h('tr', {}, COLUMNS.map(header))),
      tbody));
    // The other rows, a chunk per frame, unless the table has been drawn anew meanwhile.
    let next = FIRST_ROWS;
    const more = () => {
      if (generation !== drawing || next >= list.length) return;
      tbody.append(...list.slice(next, next + MORE_ROWS).map(row));
      next += MORE_ROWS;
      requestAnimationFrame(more);
    };
    // Once the frame with the first rows has been laid out and painted (a task queued from
    // its animation-frame callback runs after that frame's rendering): note the moment — the
    // end of the app's cold start as `cargo xtask bench` measures it
    // (tests/e2e/tests/cold_start.rs) — then add the rest.
    requestAnimationFrame(() => setTimeout(() => {
      if (!performance.getEntriesByName('nytta:portfolio-rendered').length) {
        performance.mark('nytta:portfolio-rendered');
      }
      more();
    }, 0));
  }

  function row(r) {
    return h('tr', { dataset: { code: r.code } },
      h('td', { class: 'nowrap' }, r.code),
      h('td', {}, h('a', { href: `#/insats/${r.id}` }, r.name)),
      h('td', {}, r.organisation),
      h('td', {}, label(app.choices.phases, r.phase)),
      h('td', { class: 'nowrap' }, r.go_live_date || S.portfolio.none),
      h('td', {}, r.council_tracked ? S.portfolio.yes : S.portfolio.no),
      h('td', { class: `rag-cell${r.latest_report_stale ? ' stale' : ''}` }, r.latest_report
        ? [r.latest_report_stale ? h('span', { class: 'stale-tag' }, `${r.latest_report_stale}`) : null,
          ragBadge(r.latest_report.time.status), ragBadge(r.latest_report.cost.status), ragBadge(r.latest_report.result.status)]
        : S.portfolio.none),
      r.followup
        ? [h('td', {}, followupBadge(r.followup.status_6, { checkpoint: '6' })),
          h('td', {}, followupBadge(r.followup.status_12, { checkpoint: '12' })),
          h('td', {}, followupBadge(r.followup.status, { benefitStatus: 'true' }))]
        : h('td', { colspan: 3, class: 'muted' }, PF.noPlan),
      h('td', { class: 'next-checkpoint' }, r.followup?.next_checkpoint
        ? [h('span', { class: 'line' }, r.followup.next_checkpoint.date), h('span', { class: 'line muted' }, S.todo.months(r.followup.next_checkpoint.months))]
        : S.portfolio.none),
      h('td', { class: 'gaps' }, gapFlags(r.gaps, r.overdue)));
  }

  draw();
}

/**
 * "Ny förändringsinsats": a link to the form, or — when the user's roles allow no new
 * initiative — a disabled button with the reason beside it (app::rights).
 */
function newInitiativeButton() {
  const permission = app.permissions?.create_initiative;
  if (allowed(permission)) return h('a', { class: 'button primary', href: '#/insats/ny', id: 'new-initiative' }, S.portfolio.newInitiative);
  const [button, note] = permitted(h('button', { type: 'button', class: 'primary', id: 'new-initiative' }, S.portfolio.newInitiative), permission);
  return h('div', { class: 'new-initiative' }, button, note);
}
