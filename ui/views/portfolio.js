// The portfolio: every initiative in one sortable, filterable, searchable table that fits a
// laptop screen (issue 18): the columns are the user's choice (remembered on this computer),
// Tid · Kostnad · Resultat sit in one compact cell, the header row stays in view while the
// page scrolls, and "Exportera vyn" writes exactly the table shown to Excel.

import { call, saveFileDialog } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { compareDecimal, compoundBreaks } from '../format.js';
import { badge, RAG_SYMBOL, allowed, permitted, notify, isUnavailable, setUnavailable } from '../components.js';
import { app } from '../app.js';

const view = { sort: 'code', direction: 'ascending', search: '', org: '', phase: '', tracked: false, benefit: '', group: '' };
const PF = S.portfolioFollowup;
const V = S.portfolioView;
const STATUS_ORDER = ['rod', 'saknas', 'gul', 'gron', 'kommande'];
const statusIndex = (status) => (status ? STATUS_ORDER.indexOf(status.code) : STATUS_ORDER.length);
// One collator for every comparison: `a.localeCompare(b, 'sv')` sets one up per call, which
// made sorting a thousand initiatives take a tenth of a second (docs/prestanda.md).
const collator = new Intl.Collator('sv');
// The table draws the rows in the window and this many windows' heights above and below
// (virtualTable below): enough that a fast scroll or a Page Down lands on rows already there.
const MARGIN_SCREENS = 1;
// A row's height in pixels until rows have been measured (two lines of the table's text).
const GUESS_ROW_HEIGHT = 40;
// A focused row is kept in the page while it is this many rows or fewer from those drawn.
const KEEP_FOCUSED = 150;
// Where the column choice is kept: on this computer, for every register.
const COLUMNS_KEY = 'nytta.portfolio.columns';

const none = () => h('span', { class: 'muted' }, S.portfolio.none);
const byNumber = (value) => (a, b) => value(a) - value(b);
const byText = (value) => (a, b) => collator.compare(String(value(a)), String(value(b)));

/**
 * The table's columns: `key` (the same key Rust's `PortfolioColumn` reads for the export),
 * the header, how rows sort by it, the cell, whether it is shown until the user chooses, and
 * `width`: a number that grows with the cell's width, so the table can find the row with the
 * widest value without drawing them all.
 * The default set fits a 1280 pixel wide window without scrolling sideways.
 */
const COLUMNS = [
  { key: 'code', label: V.columns.code, shown: true, compare: byText((r) => r.code), width: (r) => r.code.length,
    cell: (r) => h('td', { class: 'nowrap code-cell' }, r.code) },
  { key: 'name', label: V.columns.name, shown: true, always: true, compare: byText((r) => r.name), width: (r) => r.name.length,
    cell: (r) => h('td', { class: 'name-cell' }, h('a', { href: `#/insats/${r.id}` }, r.name)) },
  { key: 'organisation', label: V.columns.organisation, shown: true, compare: byText((r) => r.organisation), width: (r) => r.organisation.length,
    cell: (r) => h('td', { class: 'organisation-cell' }, compoundBreaks(r.organisation)) },
  { key: 'phase', label: V.columns.phase, shown: true, compare: byNumber((r) => phaseIndex(r.phase)), width: (r) => label(app.choices.phases, r.phase).length,
    cell: (r) => h('td', {}, label(app.choices.phases, r.phase)) },
  { key: 'go_live', label: V.columns.goLive, shown: false, compare: byText((r) => r.go_live_date || '9999'),
    cell: (r) => h('td', { class: 'nowrap' }, r.go_live_date || none()) },
  { key: 'tracked', label: V.columns.tracked, shown: false, compare: byNumber((r) => (r.council_tracked ? 0 : 1)),
    cell: (r) => h('td', {}, r.council_tracked ? S.portfolio.yes : S.portfolio.no) },
  { key: 'status', label: V.columns.status, shown: true, compare: byNumber((r) => worstIndex(r.latest_report)),
    width: (r) => (r.latest_report ? 1 : 0) + (r.latest_report_stale ? 1 : 0),
    cell: ragCell },
  { key: 'report_date', label: V.columns.reportDate, shown: true, compare: byText((r) => r.latest_report?.period_end || '0000'),
    cell: (r) => h('td', { class: 'nowrap' }, r.latest_report ? r.latest_report.period_end : none()) },
  { key: 'status_6', label: V.columns.status6, shown: false, compare: byNumber((r) => statusIndex(r.followup?.status_6)), width: (r) => statusWidth(r, 'status_6'),
    cell: (r) => h('td', {}, r.followup ? followupBadge(r.followup.status_6, { checkpoint: '6' }) : noPlan()) },
  { key: 'status_12', label: V.columns.status12, shown: false, compare: byNumber((r) => statusIndex(r.followup?.status_12)), width: (r) => statusWidth(r, 'status_12'),
    cell: (r) => h('td', {}, r.followup ? followupBadge(r.followup.status_12, { checkpoint: '12' }) : noPlan()) },
  { key: 'benefit', label: V.columns.benefit, shown: true, compare: byNumber((r) => statusIndex(r.followup?.status)), width: (r) => statusWidth(r, 'status'),
    cell: (r) => h('td', {}, r.followup ? followupBadge(r.followup.status, { benefitStatus: 'true' }) : noPlan()) },
  { key: 'calculated', label: V.columns.calculated, shown: true, numeric: true, missing: (r) => !r.followup?.calculated_kr,
    width: (r) => (r.followup?.calculated_tkr ?? '').length,
    compare: (a, b) => compareDecimal(a.followup?.calculated_kr ?? null, b.followup?.calculated_kr ?? null),
    cell: (r) => h('td', { class: 'number', dataset: { calculated: r.followup?.calculated_kr ?? '' } }, r.followup?.calculated_tkr ?? none()) },
  { key: 'realised', label: V.columns.realised, shown: true, numeric: true, missing: (r) => !r.followup?.realised_kr,
    width: (r) => (r.followup?.realised_tkr ?? '').length,
    compare: (a, b) => compareDecimal(a.followup?.realised_kr ?? null, b.followup?.realised_kr ?? null),
    cell: (r) => h('td', { class: 'number' }, r.followup?.realised_tkr
      ? (r.followup.realised_kr === null ? h('span', { class: 'muted' }, r.followup.realised_tkr) : r.followup.realised_tkr)
      : none()) },
  { key: 'next', label: V.columns.next, shown: true, compare: byText((r) => r.followup?.next_checkpoint?.date || '9999'),
    width: (r) => (r.followup?.next_checkpoint ? (r.followup.next_checkpoint.overdue ? 2 : 1) : 0),
    cell: (r) => {
      const next = r.followup?.next_checkpoint;
      if (!next) return h('td', { class: 'next-checkpoint' }, none());
      // A passed checkpoint without its measurement is named in words with a symbol.
      if (next.overdue) {
        // Two short lines as every other row (the table must keep ten rows on a laptop): the
        // date, then "Försenad"; the whole sentence, with the months, as the cell's title.
        return h('td', { class: 'next-checkpoint overdue', title: next.text },
          h('span', { class: 'line' }, h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', next.date),
          h('span', { class: 'line' }, V.overdueCheckpoint));
      }
      return h('td', { class: 'next-checkpoint' }, h('span', { class: 'line' }, next.date), h('span', { class: 'line muted' }, S.todo.months(next.months)));
    } },
  // Most gaps first when sorted ascending, so the flagged initiatives come to the top.
  { key: 'gaps', label: V.columns.gaps, shown: true, compare: byNumber((r) => -(r.gaps.length + (r.overdue ? 1 : 0))),
    width: (r) => Math.max(0, ...r.gaps.map((gap) => S.portfolio.gaps[gap].length), r.overdue ? r.overdue.label.length : 0),
    cell: (r) => h('td', { class: 'gaps' }, gapFlags(r.gaps, r.overdue)) },
];

/** The columns the user chose, remembered on this computer; the default set until then. */
function chosenColumns() {
  try {
    const stored = JSON.parse(localStorage.getItem(COLUMNS_KEY) || 'null');
    if (Array.isArray(stored)) {
      const keys = new Set(stored);
      return new Set(COLUMNS.filter((c) => c.always || keys.has(c.key)).map((c) => c.key));
    }
  } catch { /* a damaged entry: the default set */ }
  return defaultColumns();
}

function defaultColumns() {
  return new Set(COLUMNS.filter((c) => c.shown).map((c) => c.key));
}

function rememberColumns(keys) {
  try { localStorage.setItem(COLUMNS_KEY, JSON.stringify([...keys])); } catch { /* not kept: still used now */ }
}

/**
 * Lays out, out of sight, a table of one made-up row with every column's cell, while the
 * view's data is on its way (issue 19: the cold start, docs/prestanda.md). The first layout
 * of the table's kinds of text — its fonts at its sizes and weights, the symbols, tabular
 * figures — made drawing the first table about 30 ms longer on the project's machine; done
 * here, it falls in time spent waiting anyway. The row goes through the columns' own
 * `cell`s, so it has the markup the real rows will have; nothing of it is ever shown.
 */
function warmUp(main) {
  // Only a head start: whatever goes wrong here must not cost the view its data.
  try { layOutSample(main); } catch { /* the real rows are laid out all the same */ }
}

function layOutSample(main) {
  const status = { code: 'gron', label: 'Grön', symbol: '●' };
  const sample = {
    id: 0, code: 'FI-2026-001', name: 'Förändringsinsats', organisation: 'Stadsbyggnadsförvaltningen',
    phase: app.choices.phases[0]?.code, go_live_date: '2026-01-01', council_tracked: true,
    latest_report: { period_end: '2026-01-01', time: { status: 'gron' }, cost: { status: 'gul' }, result: { status: 'rod' } },
    latest_report_stale: V.stale,
    followup: {
      status_6: status, status_12: { code: 'saknas', label: 'Saknas', symbol: '?' }, status,
      calculated_tkr: '1 234,5', realised_tkr: '1 234,5', calculated_kr: '1', realised_kr: null,
      next_checkpoint: { date: '2026-01-01', months: 6, overdue: true, text: '' },
    },
    gaps: Object.keys(S.portfolio.gaps),
    overdue: { label: V.stale },
  };
  const table = h('table', { class: 'data portfolio-table' },
    h('thead', {}, h('tr', {}, COLUMNS.map((column) => h('th', { class: column.numeric ? 'number' : null },
      h('button', { type: 'button', class: 'sort' }, column.label, h('span', { class: 'sort-mark' }, ' ▲')))))),
    h('tbody', {}, h('tr', {}, COLUMNS.map((column) => column.cell(sample)))));
  const holder = h('div', { class: 'visually-hidden', 'aria-hidden': 'true', inert: true }, table);
  main.append(holder);
  try { void holder.offsetHeight; } finally { holder.remove(); }
}

/** The flags Rust set on the row, as words with a symbol — never colour alone — and a late
 *  status report with its date (app::lists::overdue_reports). */
function gapFlags(gaps, overdue) {
  if (!gaps.length && !overdue) return none();
  const flag = (gap, text) => h('li', { class: 'gap-flag', dataset: { gap } },
    h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ', text);
  return h('ul', { class: 'gap-flags' },
    gaps.map((gap) => flag(gap, S.portfolio.gaps[gap])),
    overdue ? flag('status_report', overdue.label) : null);
}

function followupBadge(status, attrs = {}) {
  if (!status) return none();
  const el = badge(status.code, status.label, status.symbol);
  Object.assign(el.dataset, attrs);
  return el;
}

function statusWidth(r, key) {
  return r.followup ? (r.followup[key]?.label.length ?? 0) : V.noPlan.length;
}

function noPlan() {
  return h('span', { class: 'muted no-plan' }, V.noPlan);
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

/**
 * Tid · Kostnad · Resultat of the latest status report on one line: three badges, each a
 * symbol and a word (and, for a screen reader, which of the three it is). A report older
 * than one period is marked "Inaktuell" in words, its full sentence from Rust beside it for
 * a screen reader and on hover.
 */
function ragCell(r) {
  const report = r.latest_report;
  if (!report) return h('td', { class: 'rag-cell' }, none());
  const item = (key, status) => h('span', { class: 'rag-item', dataset: { dimension: key } },
    h('span', { class: 'visually-hidden' }, `${V.dimensions[key]}: `),
    badge(status, label(app.choices.rag, status), RAG_SYMBOL[status]));
  return h('td', { class: `rag-cell${r.latest_report_stale ? ' stale' : ''}` },
    h('span', { class: 'rag-line' }, item('time', report.time.status), item('cost', report.cost.status), item('result', report.result.status)),
    r.latest_report_stale
      ? h('span', { class: 'stale-tag', title: r.latest_report_stale },
        h('span', { 'aria-hidden': 'true' }, `${S.portfolio.gapSymbol} ${V.stale}`),
        h('span', { class: 'visually-hidden' }, r.latest_report_stale))
      : null);
}

export async function renderPortfolio(main) {
  const data = call('portfolio_view');
  warmUp(main);
  const { initiatives: rows, followup } = await data;
  // Where the cold start's time goes (tests/e2e/tests/cold_start.rs prints every mark).
  performance.mark('nytta:portfolio-data');
  const followupById = new Map(followup.rows.map((f) => [f.initiative_id, f]));
  for (const r of rows) r.followup = followupById.get(r.id) || null;
  const overdueById = new Map(followup.overdue_reports.map((o) => [o.initiative_id, o]));
  for (const r of rows) r.overdue = overdueById.get(r.id) || null;
  const organisations = [...new Map(rows.map((r) => [r.organisation_id, r.organisation])).entries()]
    .sort((a, b) => collator.compare(a[1], b[1]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // The groups are made in Rust (app::portfolio::group_initiatives), once per grouping.
  const groupings = new Map();
  let shownColumns = chosenColumns();
  // The rows the table shows, in the order shown: what "Exportera vyn" writes.
  let currentList = [];

  const tableHolder = h('div', { class: 'portfolio-holder' });
  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });

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

  // Counted in Rust (app::portfolio::gap_counts, app::lists::overdue_reports) over the whole
  // register, not the filter: one line, each flag a symbol and words.
  const flags = h('p', { class: 'gap-count', id: 'portfolio-flags' },
    h('span', { id: 'portfolio-gaps' },
      h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ',
      S.portfolio.gapCount(followup.gaps.effect_goals, followup.gaps.calculation)),
    followup.overdue_reports.length
      ? h('span', { id: 'portfolio-overdue' },
        h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, S.portfolio.gapSymbol), ' ',
        S.portfolio.overdueCount(followup.overdue_reports.length, followup.as_of))
      : null);

  const { chooserButton, chooserPanel } = columnChooser();
  const exportButton = h('button', { type: 'button', id: 'export-view', 'aria-describedby': 'export-view-help' }, V.exportView);
  exportButton.addEventListener('click', () => exportView());
  const exportHelp = h('p', { class: 'visually-hidden', id: 'export-view-help' }, V.exportHelp);

  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, S.portfolio.title),
      newInitiativeButton()),
    h('div', { class: 'filters compact', role: 'search' },
      h('div', { class: 'field search' }, h('label', { for: 'portfolio-search' }, S.portfolio.search), search),
      h('div', { class: 'field org' }, h('label', { for: 'filter-org' }, S.portfolio.filterOrg), orgSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-phase' }, S.portfolio.filterPhase), phaseSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-benefit-status' }, PF.filterStatus), benefitSelect),
      h('div', { class: 'field' }, h('label', { for: 'portfolio-group' }, S.portfolio.groupBy), groupSelect),
      h('div', { class: 'field checkbox' }, tracked, h('label', { for: 'filter-tracked' }, S.portfolio.filterTracked))),
    flags,
    h('div', { class: 'portfolio-toolbar' },
      count,
      h('div', { class: 'portfolio-actions' }, chooserButton, exportButton, exportHelp)),
    chooserPanel,
    tableHolder);

  /** "Kolumner": a disclosure button and the checkboxes it shows, in the page's flow. */
  function columnChooser() {
    const panelId = 'portfolio-columns';
    const button = h('button', { type: 'button', id: 'portfolio-columns-toggle', 'aria-expanded': 'false', 'aria-controls': panelId },
      h('span', { class: 'chooser-label' }),
      h('span', { class: 'disclosure-mark', 'aria-hidden': 'true' }, ' ▾'));
    const boxes = COLUMNS.map((column) => {
      const id = `column-${column.key}`;
      const box = h('input', { type: 'checkbox', id, value: column.key, checked: shownColumns.has(column.key), disabled: column.always,
        onchange: () => {
          if (box.checked) shownColumns.add(column.key); else shownColumns.delete(column.key);
          rememberColumns(shownColumns);
          update();
          draw();
        } });
      return h('label', { class: 'check', for: id }, box, h('span', {}, column.label));
    });
    const panel = h('div', { class: 'column-chooser', id: panelId, hidden: true },
      h('fieldset', { 'aria-describedby': 'portfolio-columns-help' },
        h('legend', {}, V.chooserLegend),
        h('p', { class: 'help', id: 'portfolio-columns-help' }, V.chooserHelp),
        h('div', { class: 'column-checks' }, boxes)),
      h('div', { class: 'chooser-actions' },
        h('button', { type: 'button', id: 'portfolio-columns-reset', onclick: () => {
          shownColumns = defaultColumns();
          rememberColumns(shownColumns);
          for (const item of boxes) { const box = item.querySelector('input'); box.checked = shownColumns.has(box.value); }
          update();
          draw();
        } }, V.chooserReset),
        h('button', { type: 'button', id: 'portfolio-columns-done', onclick: () => toggle(false) }, V.chooserDone)));
    function update() {
      button.querySelector('.chooser-label').textContent = V.chooserLabel(shownColumns.size, COLUMNS.length);
    }
    function toggle(open) {
      button.setAttribute('aria-expanded', String(open));
      panel.hidden = !open;
      button.querySelector('.disclosure-mark').textContent = open ? ' ▴' : ' ▾';
      if (open) panel.querySelector('input:not([disabled])')?.focus();
      else button.focus();
    }
    button.addEventListener('click', () => toggle(panel.hidden));
    // Escape closes it and gives the focus back to its button.
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); toggle(false); } });
    update();
    return { chooserButton: button, chooserPanel: panel };
  }

  /** "Exportera vyn": the rows shown, in the order shown, with the columns shown. */
  async function exportView() {
    if (isUnavailable(exportButton)) return;
    if (!currentList.length) { notify(V.exportNone, 'error'); return; }
    const path = await saveFileDialog({
      title: V.exportTitle,
      defaultPath: V.exportFileName(followup.as_of),
      filters: [{ name: V.exportFilter, extensions: ['xlsx'] }],
    });
    if (!path) { exportButton.focus(); return; }
    setUnavailable(exportButton, true);
    try {
      const written = await call('export_portfolio_view', {
        columns: visibleColumns().map((c) => c.key),
        initiativeIds: currentList.map((r) => r.id),
        path,
      });
      notify([V.exported(currentList.length, written), view.group ? V.exportGrouped : null].filter(Boolean).join(' '), 'info');
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      setUnavailable(exportButton, false);
      exportButton.focus();
    }
  }

  function visibleColumns() {
    return COLUMNS.filter((c) => shownColumns.has(c.key));
  }

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
    const column = COLUMNS.find((c) => c.key === view.sort) || COLUMNS[0];
    const factor = view.direction === 'ascending' ? 1 : -1;
    // A column without a value in a row (no calculated benefit) puts that row last, either way.
    const missing = column.missing || (() => false);
    return [...list].sort((a, b) => (missing(a) - missing(b)) || column.compare(a, b) * factor || collator.compare(a.code, b.code));
  }

  function header(column) {
    const active = view.sort === column.key;
    return h('th', { scope: 'col', 'aria-sort': active ? view.direction : 'none', class: column.numeric ? 'number' : null, dataset: { column: column.key } },
      h('button', {
        // The name holds the header as shown, soft hyphens and all (axe: label in name).
        type: 'button', class: 'sort', 'aria-label': S.portfolio.sortBy(column.label),
        onclick: () => {
          view.direction = active && view.direction === 'ascending' ? 'descending' : 'ascending';
          view.sort = column.key;
          draw();
          tableHolder.querySelector(`th[aria-sort="${view.direction}"] button`)?.focus();
        },
      }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (view.direction === 'ascending' ? ' ▲' : ' ▼') : '')));
  }

  /** A table that holds every one of its rows: the grouped view's tables (one per supplier
   *  or customer, a few dozen rows each). */
  function table(attrs, caption, members) {
    const columns = visibleColumns();
    return h('table', { class: 'data portfolio-table', ...attrs },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map(header))),
      h('tbody', {}, members.map((r, i) => row(r, columns, i))));
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
        table({}, S.portfolio.groupCaption(groupings.get(view.group).label, group.name), members)));
    }
    fit();
  }

  // The ungrouped table (`virtualTable`), while it is shown: scrolling and resizing move its
  // rows.
  let current = null;
  let drawing = 0;
  function draw() {
    const generation = ++drawing;
    current = null;
    clear(tableHolder);
    const list = sorted(visible());
    currentList = list;
    count.textContent = S.portfolio.count(list.length, rows.length);
    setUnavailable(exportButton, !list.length);
    if (!rows.length) { tableHolder.append(h('p', { class: 'empty' }, S.portfolio.empty)); return; }
    if (!list.length) { tableHolder.append(h('p', { class: 'empty' }, S.portfolio.noMatch)); return; }
    if (view.group) { drawGroups(list, generation); return; }
    current = virtualTable(list, visibleColumns());
    tableHolder.append(current.table);
    current.fitColumns();
    current.update();
    performance.mark('nytta:portfolio-drawn');
    const drawn = current;
    // Once the frame with the first rows has been laid out and painted (a task queued from
    // its animation-frame callback runs after that frame's rendering): note the moment — the
    // end of the app's cold start as `cargo xtask bench` measures it
    // (tests/e2e/tests/cold_start.rs).
    requestAnimationFrame(() => setTimeout(() => {
      if (!performance.getEntriesByName('nytta:portfolio-rendered').length) {
        performance.mark('nytta:portfolio-rendered');
      }
      // Now the margin above and below the window (the first frame had only the window's
      // rows, to be painted sooner).
      if (drawn === current) drawn.widen();
    }, 0));
  }

  /**
   * The portfolio's table with only the rows in the window and a margin of a window's height
   * above and below in the page (a city's thousand initiatives as rows cost the window's web
   * process hundreds of megabytes; issue 19, docs/prestanda.md). The rows not drawn are
   * stand-ins of their height: a spacer row at the end of the header (not sticky) above the
   * drawn rows and one in the footer below, so the page scrolls the table's full height and
   * the sticky header row sticks to its end. A row's height is measured when it is drawn;
   * rows not yet drawn count the mean of those measured. The table tells assistive
   * technology its full size (`aria-rowcount`) and each row's place (`aria-rowindex`), and is
   * operated from the keyboard beyond the rows drawn: Tab into a row draws those after it,
   * the arrow keys, Page Up/Down and Ctrl+Home/End move between the rows' links.
   * The columns keep the widths the table gets from the rows first drawn and the widest
   * value of each column over the whole list (`fitColumns`), so they do not shift as rows
   * come and go.
   */
  function virtualTable(list, columns) {
    const n = list.length;
    const heights = new Map();
    let estimate = GUESS_ROW_HEIGHT;
    const offsets = new Float64Array(n + 1);
    const above = h('td', { class: 'spacer', colspan: columns.length });
    const below = h('td', { class: 'spacer', colspan: columns.length });
    const cols = columns.map(() => h('col'));
    const t = h('table', { id: 'portfolio-table', class: 'data portfolio-table', tabindex: '-1', 'aria-rowcount': n + 1 },
      h('caption', { class: 'visually-hidden' }, S.portfolio.title),
      h('colgroup', {}, cols),
      h('thead', {},
        h('tr', { 'aria-rowindex': 1 }, columns.map(header)),
        h('tr', { class: 'spacer', 'aria-hidden': 'true' }, above)),
      h('tbody', {}),
      h('tfoot', { 'aria-hidden': 'true' }, h('tr', { class: 'spacer' }, below)));
    const tbody = t.tBodies[0];
    // The rows drawn: `first`..`last` of the list, in order, the only children of tbody.
    let first = 0;
    let last = -1;
    // Windows' heights drawn above and below the window: none until the first frame is
    // painted (`widen`).
    let margin = 0;

    function place() {
      let y = 0;
      for (let i = 0; i < n; i += 1) {
        offsets[i] = y;
        y += heights.get(list[i].id) ?? estimate;
      }
      offsets[n] = y;
    }
    place();

    /** The last row whose top is at or above `y` (in the rows' own coordinates). */
    function rowAtY(y) {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid] <= y) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    /** The rows in the window and a window's height on each side. */
    function wanted() {
      const origin = above.getBoundingClientRect().top;
      const screen = window.innerHeight;
      return [rowAtY(-origin - screen * margin), rowAtY(-origin + screen * (1 + margin))];
    }

    const rowAt = (i) => (i >= first && i <= last ? tbody.rows[i - first] : null);
    const make = (from, to) => list.slice(from, to + 1).map((r, k) => row(r, columns, from + k));

    /** Puts rows `a`..`b` in the page, reusing those already there. A focused row stays if
     *  it is near; one far away is let go and the focus goes to the table itself (Tab then
     *  continues from the table's start), never to the page's start. */
    function render(a, b) {
      const focused = document.activeElement?.closest?.('tr[data-index]');
      if (focused && tbody.contains(focused)) {
        const f = Number(focused.dataset.index);
        if (f < a - KEEP_FOCUSED || f > b + KEEP_FOCUSED) t.focus({ preventScroll: true });
        else { a = Math.min(a, f); b = Math.max(b, f); }
      }
      if (a === first && b === last) return;
      if (b < first || a > last) {
        tbody.replaceChildren(...make(a, b));
      } else {
        for (; first < a; first += 1) tbody.firstElementChild.remove();
        for (; last > b; last -= 1) tbody.lastElementChild.remove();
        if (a < first) tbody.prepend(...make(a, first - 1));
        if (b > last) tbody.append(...make(last + 1, b));
      }
      first = a;
      last = b;
    }

    /** Measures the rows drawn and sizes the stand-ins for the rest. */
    function measure() {
      let changed = false;
      for (const tr of tbody.rows) {
        const id = Number(tr.dataset.id);
        const height = tr.getBoundingClientRect().height;
        if (heights.get(id) !== height) { heights.set(id, height); changed = true; }
      }
      if (changed) {
        let sum = 0;
        for (const height of heights.values()) sum += height;
        estimate = sum / heights.size;
        place();
      }
      above.style.height = `${offsets[first]}px`;
      below.style.height = `${offsets[n] - offsets[last + 1]}px`;
    }

    /** Draws the rows the window needs now (and row `include`). The row at the top of the
     *  window stays where it is on the screen when rows above it turn out taller or shorter
     *  than counted: the page scrolls by the difference (WebKit has no scroll anchoring).
     *  After a jump (the scroll bar dragged) that row is the one the counted heights put
     *  there. Measuring may show that the window needs other rows still: at most a few
     *  rounds. */
    function update(include = null) {
      if (!t.isConnected) return;
      for (let round = 0; round < 3; round += 1) {
        // The header row's cells stick (the row itself does not): what is under them is
        // hidden.
        const header = t.tHead.rows[0].cells[0].getBoundingClientRect().bottom;
        const origin = above.getBoundingClientRect().top;
        const top = rowAtY(header - origin);
        const drawnTop = rowAt(top);
        const was = drawnTop ? drawnTop.getBoundingClientRect().top : origin + offsets[top];
        let [a, b] = wanted();
        if (include !== null) { a = Math.min(a, include); b = Math.max(b, include); }
        if (round > 0 && a >= first && b <= last) break;
        render(a, b);
        measure();
        const row = rowAt(top);
        const shift = row ? row.getBoundingClientRect().top - was : 0;
        if (Math.abs(shift) >= 1) window.scrollBy(0, shift);
      }
    }

    /** Brings row `i` into the page and the window (a far row: the page scrolls to where it
     *  will be, then the rows there are drawn). */
    function reveal(i) {
      if (i < first || i > last) {
        const origin = above.getBoundingClientRect().top;
        window.scrollTo(window.scrollX, window.scrollY + origin + offsets[i] - window.innerHeight / 2);
        update(i);
      }
      return rowAt(i);
    }

    // The keys of a table of links: up and down a row, a window's rows, the first and the
    // last; the focus goes to the same column's link (the name's, the only one today).
    tbody.addEventListener('keydown', (e) => {
      const tr = e.target.closest('tr[data-index]');
      if (!tr || e.altKey || e.metaKey || e.shiftKey) return;
      const i = Number(tr.dataset.index);
      const page = Math.max(1, Math.floor((window.innerHeight - t.tHead.rows[0].offsetHeight) / estimate) - 1);
      const to = {
        ArrowDown: e.ctrlKey ? null : i + 1,
        ArrowUp: e.ctrlKey ? null : i - 1,
        PageDown: e.ctrlKey ? null : i + page,
        PageUp: e.ctrlKey ? null : i - page,
        Home: e.ctrlKey ? 0 : null,
        End: e.ctrlKey ? n - 1 : null,
      }[e.key];
      if (to === undefined || to === null) return;
      e.preventDefault();
      const cell = e.target.closest('td')?.cellIndex ?? 0;
      const target = reveal(Math.max(0, Math.min(n - 1, to)));
      const link = target?.cells[cell]?.querySelector('a, button, [tabindex]') || target?.querySelector('a');
      link?.focus();
    });
    // Tab onto a row draws the rows after it (and before it, with Shift+Tab) at once, so the
    // next Tab finds the next row's link even before the page has scrolled.
    tbody.addEventListener('focusin', (e) => {
      const tr = e.target.closest('tr[data-index]');
      if (tr) update(Number(tr.dataset.index));
    });

    /** The columns' widths: found by the table itself, laid out automatically with the rows
     *  first drawn plus, for each column, the row with its widest value in the whole list (put
     *  in and taken out before anything is painted), then fixed. */
    function fitColumns() {
      t.classList.remove('fixed');
      for (const col of cols) col.style.width = '';
      const drawn = new Set(Array.from(tbody.rows, (tr) => Number(tr.dataset.index)));
      const widest = new Set();
      for (const column of columns) {
        if (!column.width) continue;
        let best = -1;
        let at = -1;
        list.forEach((r, i) => { const w = column.width(r); if (w > best) { best = w; at = i; } });
        if (at >= 0 && !drawn.has(at)) widest.add(at);
      }
      if (!drawn.size) {
        // At the page's top, the first rows more than fill the window: drawn without asking
        // the page where the table is, which would lay the page out once more.
        const [a, b] = window.scrollY === 0 ? [0, Math.min(n - 1, Math.ceil(window.innerHeight / GUESS_ROW_HEIGHT))] : wanted();
        render(a, b);
      }
      const extra = [...widest].map((i) => row(list[i], columns, i));
      tbody.append(...extra);
      fit();
      fittedWidth = tableHolder.clientWidth;
      const widths = Array.from(t.tHead.rows[0].cells, (th) => th.getBoundingClientRect().width);
      for (const tr of extra) tr.remove();
      // As shares of the table's width while it fits, so a narrower window shrinks the
      // columns at once (the table is fitted anew a frame later); in pixels when it scrolls.
      const total = widths.reduce((sum, w) => sum + w, 0);
      const scrolls = tableHolder.classList.contains('scrolls');
      cols.forEach((col, i) => { col.style.width = scrolls ? `${widths[i]}px` : `${(100 * widths[i]) / total}%`; });
      t.classList.add('fixed');
      // Heights change with the widths: measured anew as rows are drawn.
      heights.clear();
      estimate = GUESS_ROW_HEIGHT;
    }

    function widen() {
      margin = MARGIN_SCREENS;
      update();
    }

    return { table: t, update, fitColumns, widen };
  }

  /**
   * When the columns chosen are more than the window's width holds, the table is made to
   * wrap further (`squeezed`); only if that is not enough does it scroll sideways in its own
   * box — never the page.
   */
  function fit() {
    for (const t of tableHolder.querySelectorAll('table')) t.classList.remove('squeezed');
    tableHolder.classList.remove('scrolls');
    const tooWide = () => [...tableHolder.querySelectorAll('table')].some((t) => t.offsetWidth > tableHolder.clientWidth + 1);
    if (!tooWide()) return;
    for (const t of tableHolder.querySelectorAll('table')) t.classList.add('squeezed');
    if (tooWide()) tableHolder.classList.add('scrolls');
  }
  // Fitted again when the window's width changes (not its height: rows arriving), unless
  // the table was fitted at this width already.
  let fitting = 0;
  let fittedWidth = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(fitting);
    fitting = requestAnimationFrame(() => {
      if (tableHolder.clientWidth === fittedWidth) return;
      fittedWidth = tableHolder.clientWidth;
      if (current) { current.fitColumns(); current.update(); } else fit();
    });
  }).observe(tableHolder);
  // Scrolling and a taller or shorter window draw other rows. Scroll events come once per
  // frame, before it is painted, so the rows are drawn in the same frame. The listeners go
  // when the view has been left (the router replaces <main>).
  const moved = () => {
    if (!tableHolder.isConnected) {
      window.removeEventListener('scroll', moved);
      window.removeEventListener('resize', moved);
      return;
    }
    current?.update();
  };
  window.addEventListener('scroll', moved, { passive: true });
  window.addEventListener('resize', moved);

  function row(r, columns, index) {
    return h('tr', { 'aria-rowindex': index + 2, dataset: { code: r.code, id: r.id, index } }, columns.map((column) => column.cell(r)));
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
