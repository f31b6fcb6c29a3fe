//! The council pack (underlag till digitaliseringsrådet): its data, its scope, its capped lists
//! and the small multiples of a council-tracked initiative's page.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::report::followup_chart::{
    checkpoint_label, compact_label_width, compact_legend_svg, indicator_chart_compact, indicator_chart_text,
    shared_time_span, CompactChart, CompactFrame, COMPACT_PLOT_HEIGHT,
};
use crate::report::portfolio_chart::{
    benefit_value_chart_svg, benefit_value_chart_text, portfolio_status_chart_svg, portfolio_status_chart_text, value_rows, ValueRow,
};
use crate::report::followup_chart::with_unit as value_with_unit;
use crate::report::ReportError;
use crate::followup::{
    portfolio_summary, FollowUpData, FollowUpEntry, IndicatorFollowUp, Observation, PortfolioSummary, PortfolioTodoItem,
    Status,
};
use crate::format;
use crate::model::initiative::{
    CostYear, Initiative, InitiativeSummary, Organisation, Phase, Rag, StatusReport, StatusReportFields,
};
use crate::model::plan::Indicator;
use crate::model::{CalcVersion, IndicatorTargetHistory, PlanVersion};

use super::common::*;

/// Length of a reporting period (six weeks, design §3): the council pack covers the period
/// that ends on its date and lists what falls due in the next one.
pub const PERIOD_DAYS: u32 = 42;

/// Rows of the council pack's lists (deviations, measurements due, measurements missing):
/// council-tracked initiatives first; what does not fit is counted per organisation.
pub const MAX_LIST_ROWS: usize = 60;

/// Initiatives in the chart of calculated and realised benefit (largest first); the rest
/// are summed in one bar.
pub const MAX_VALUE_CHART_ROWS: usize = 15;

/// The longest orsak, åtgärd or comment the council pack prints, in characters: about six
/// lines of its table columns. The pack is a summary for a meeting; these texts may be up to
/// [`crate::model::limits::LONG_TEXT`] characters, and a few such texts made the pack three
/// times as long as the demo register's and more than twice as slow (`cargo xtask bench`,
/// case hostile_reports). The initiative report always prints every text whole.
pub const COUNCIL_TEXT_CHARS: usize = 300;

/// What ends a text the council pack cuts, so no reader takes it for the whole.
pub const CUT_MARKER: &str = "… (hela texten i insatsrapporten)";

/// `text` as the council pack prints it: whole when it has at most [`COUNCIL_TEXT_CHARS`]
/// characters, otherwise cut at the last space within the limit's last fifth (or else at the
/// limit, never inside an emoji sequence or before a combining mark) and ended with
/// [`CUT_MARKER`].
pub fn council_excerpt(text: &str) -> String {
    let Some((limit, _)) = text.char_indices().nth(COUNCIL_TEXT_CHARS) else { return text.to_string() };
    let earliest = text.char_indices().nth(COUNCIL_TEXT_CHARS * 4 / 5).map_or(0, |(i, _)| i);
    let at_space = text[..limit].rfind(char::is_whitespace).filter(|&i| i >= earliest);
    let cut = at_space.unwrap_or_else(|| cluster_boundary(text, limit));
    format!("{} {CUT_MARKER}", text[..cut].trim_end())
}

/// The nearest byte index at or before `index` (a character boundary) where a character
/// cluster begins: not before a combining mark, variation selector or emoji modifier, and not
/// after a zero-width joiner.
pub(super) fn cluster_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 {
        let next = text[index..].chars().next();
        let previous = text[..index].chars().next_back();
        let inside = next.is_some_and(crate::report::breaks::extends_cluster) || previous == Some('\u{200D}');
        if !inside {
            break;
        }
        index -= previous.map_or(1, char::len_utf8);
    }
    index
}

/// A status report's block as the council pack prints it: orsak, åtgärd and comment cut by
/// [`council_excerpt`] (as are the reasons for changed targets).
/// A report's date in a table: "2026-08-31", or "2026-08-31 (inaktuell)" when it is older
/// than one reporting period.
fn report_date_text(report: &StatusReportFields, stale: bool) -> String {
    if stale {
        format!("{} (inaktuell)", format::date(report.period_end))
    } else {
        format::date(report.period_end)
    }
}

pub(super) fn council_status_block(report: &StatusReportFields) -> StatusBlock {
    let mut block = status_block(report);
    for d in &mut block.dimensions {
        d.cause = council_excerpt(&d.cause);
        d.action = council_excerpt(&d.action);
    }
    block.comment = council_excerpt(&block.comment);
    block
}

/// Width in points of the A4 text column (595,3 pt less two margins of 2 cm).
pub(super) const TEXT_WIDTH: f64 = 481.8;

/// Space in points between two charts side by side on an initiative's page.
pub(super) const CHART_GUTTER: f64 = 16.0;

/// How an initiative's page lays out its follow-up charts (issue 18, "use the page"): with
/// four indicators or fewer each chart is at least half the page wide — one alone across the
/// page, two to four two a row — and taller; with more, three small multiples a row. Returns
/// the charts a row, the width of each and the height of its plot, in points.
pub(super) fn chart_grid(indicators: usize) -> (usize, f64, f64) {
    match indicators {
        0 | 1 => (1, TEXT_WIDTH, 150.0),
        2..=4 => (2, ((TEXT_WIDTH - CHART_GUTTER) / 2.0).floor(), 110.0),
        _ => (3, SMALL_MULTIPLE_WIDTH, COMPACT_PLOT_HEIGHT),
    }
}

/// Width in points of one of the small multiples on the page of an initiative with more than
/// four indicators: three a row across the A4 text width with 12 pt between them.
pub(super) const SMALL_MULTIPLE_WIDTH: f64 = 152.0;

/// One indicator among the charts of a council-tracked initiative's page: what the template
/// writes above and below its compact chart.
#[derive(Debug, Clone, Serialize)]
pub struct PageIndicator {
    /// `EANDEL – Andel e-ansökningar`.
    pub title: String,
    pub status: StatusText,
    /// The latest measurement since go-live: value and date, or a dash.
    pub latest: String,
    /// Each checkpoint on a line of its own: which figure is the target and which the
    /// measurement, and its status.
    pub checkpoints: Vec<CheckpointLine>,
    pub chart: Option<SmallChart>,
}

/// A checkpoint under an indicator's chart: `6 mån: mål 6 dagar · mätt 5,5 dagar` and ■ Röd.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointLine {
    pub text: String,
    pub status: StatusText,
}

/// A compact follow-up chart ([`indicator_chart_compact`]) as the template places it: the
/// plot, with its value labels right-aligned in a column to its left, evenly spaced from the
/// top line of the plot to its bottom line, and its month labels in one line below it, each
/// centred under its tick. Lengths in points. Each label row is one paragraph: typst then
/// lays out two paragraphs per chart rather than a placed box per label, which in a pack of
/// thousands of charts is most of its work and memory.
#[derive(Debug, Clone, Serialize)]
pub struct SmallChart {
    pub file: String,
    pub alt: String,
    pub label_width: f64,
    pub plot_width: f64,
    pub plot_height: f64,
    /// Value labels from the top down.
    pub y: Vec<String>,
    /// Distance between two value labels.
    pub y_pitch: f64,
    /// Month labels, each after a space from the end of the previous one (the first from the
    /// left edge of the value column).
    pub x: Vec<(f64, String)>,
}

/// A length in points to a hundredth, which is all the template needs.
pub(super) fn pt(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Month labels centred at their positions (points from the plot's left edge), as gaps
/// between labels from the left edge of the value column.
pub(super) fn x_label_gaps(labels: Vec<(f64, String)>, label_width: f64) -> Vec<(f64, String)> {
    let mut end = 0.0;
    labels
        .into_iter()
        .map(|(at, label)| {
            let width = crate::report::pdf::text_width(&label, SMALL_CHART_LABEL);
            let start = (label_width + at - width / 2.0).max(end);
            let gap = pt(start - end);
            end = start + width;
            (gap, label)
        })
        .collect()
}

/// Size in points of the small multiples' axis labels.
pub(super) const SMALL_CHART_LABEL: f64 = crate::report::followup_chart::COMPACT_LABEL_PT;

/// The charts of one initiative's page: every indicator (worst first) with its measurements
/// up to the report date, drawn over one time axis and with one value column's width, so
/// that they line up one above the other (issue 18).
pub(super) fn page_indicators(
    entry: &FollowUpEntry,
    items: &[(&str, &Indicator, &IndicatorFollowUp)],
    date: NaiveDate,
    charts: &mut Charts,
) -> (usize, Vec<PageIndicator>) {
    let (columns, width, plot_height) = chart_grid(items.len());
    let series: Vec<Vec<Observation>> = items.iter().map(|(_, i, _)| series_until(entry, &i.code, date)).collect();
    let frame = entry.go_live.and_then(|go_live| {
        let span = shared_time_span(items.iter().zip(&series).map(|((_, i, _), s)| (*i, s.as_slice())), go_live, date)?;
        let label_width = items
            .iter()
            .zip(&series)
            .map(|((_, i, _), s)| compact_label_width(i, go_live, s, span, plot_height))
            .fold(0.0, f64::max);
        Some((go_live, CompactFrame { span, width, plot_height, label_width }))
    });
    // The charts are drawn on every core (a pack draws thousands, before anything can be
    // typeset), then placed in order, so that the same data gives the same files.
    let drawn: Vec<Option<(CompactChart, String)>> = match frame {
        Some((go_live, frame)) => items
            .par_iter()
            .zip(&series)
            .map(|((_, indicator, f), s)| {
                let compact = indicator_chart_compact(indicator, f, go_live, s, date, frame);
                Some((compact, indicator_chart_text(indicator, f, go_live, s, date)))
            })
            .collect(),
        None => items.iter().map(|_| None).collect(),
    };
    let indicators = items.iter().zip(drawn).map(|(item, drawn)| page_indicator(*item, drawn, date, charts)).collect();
    (columns, indicators)
}

/// An indicator of an initiative's page, with its chart (drawn, with its text alternative)
/// placed among the pack's charts.
pub(super) fn page_indicator(
    (_, indicator, f): (&str, &Indicator, &IndicatorFollowUp),
    drawn: Option<(CompactChart, String)>,
    date: NaiveDate,
    charts: &mut Charts,
) -> PageIndicator {
    let chart = drawn.map(|(compact, alt)| {
        let placed = charts.add(compact.svg, alt, "");
        // The value labels are evenly spaced from the top line to the bottom line.
        let y_pitch = match compact.y_labels.as_slice() {
            [(bottom, _), .., (top, _)] => (bottom - top) / (compact.y_labels.len() - 1) as f64,
            _ => compact.plot_height,
        };
        SmallChart {
            file: placed.file,
            alt: placed.alt,
            label_width: compact.label_width,
            plot_width: compact.plot_width,
            plot_height: compact.plot_height,
            y: compact.y_labels.into_iter().rev().map(|(_, label)| label).collect(),
            y_pitch: pt(y_pitch),
            x: x_label_gaps(compact.x_labels, compact.label_width),
        }
    });
    PageIndicator {
        title: format!("{} – {}", indicator.code, indicator.name),
        status: StatusText::followup(f.status),
        latest: f
            .current
            .as_ref()
            .map(|c| {
                format!(
                    "{} ({})",
                    value_with_unit(c.measurement.value, &indicator.unit),
                    format::date(c.measurement.date)
                )
            })
            .unwrap_or_else(|| "–".into()),
        checkpoints: f
            .checkpoints
            .iter()
            .map(|c| CheckpointLine {
                text: checkpoint_label(c, &indicator.unit, date),
                status: StatusText::followup(c.status),
            })
            .collect(),
        chart,
    }
}

/// The rule for gul with the default threshold, in the words of the window's follow-up tab
/// ([`crate::followup::amber_rule_words`]).
pub(super) fn amber_rule() -> String {
    let theta = achievement_text(crate::model::plan::DEFAULT_AMBER_THRESHOLD);
    format!(
        "Gul från {theta} {} (utan baslinje: från {theta} {})",
        crate::followup::amber_rule_words(true),
        crate::followup::amber_rule_words(false)
    )
}

/// "20 indikatorer: 5 Röd, 2 Saknas, 3 Gul, 10 Grön" — the statuses that occur, worst first.
pub(super) fn status_count_text(statuses: impl IntoIterator<Item = Status>) -> String {
    let mut counts = crate::followup::StatusCounts::default();
    for s in statuses {
        counts.add(s);
    }
    let parts: Vec<String> = Status::ALL
        .into_iter()
        .filter(|s| counts.get(*s) > 0)
        .map(|s| format!("{} {} {}", counts.get(s), s.symbol(), s.label()))
        .collect();
    let n = counts.total();
    format!("{n} {}: {}", if n == 1 { "indikator" } else { "indikatorer" }, parts.join(", "))
}

pub(super) fn approved_describe(version: Option<&CalcVersion>) -> String {
    version.map(CalcVersion::describe).unwrap_or_else(|| "ingen godkänd nyttokalkyl".into())
}

#[derive(Debug, Clone, Serialize)]
pub struct Council {
    pub title: String,
    /// "Särskilt följda av …": the heading of the council-tracked initiatives.
    pub tracked_heading: String,
    pub register: String,
    /// The register's name in the running header, abbreviated to one line ([`running_head`]).
    pub header: String,
    pub date: String,
    pub footer: String,
    pub period: String,
    pub next_period: String,
    pub scope: String,
    pub legend: Vec<StatusText>,
    /// The rule for gul on the cover, as the window words it: "Gul från 80 % av vägen från
    /// baslinjen till målet (utan baslinje: från 80 % av målet)" ([`amber_rule`]).
    pub amber_rule: String,
    pub overview: Overview,
    pub benefit_loop: BenefitLoopLists,
    pub tracked: Vec<TrackedRow>,
    /// Council-tracked initiatives first; at most [`MAX_LIST_ROWS`] rows. Each initiative once,
    /// its rows under it, as in every list of the pack ([`by_initiative`]).
    pub deviations: Vec<InitiativeRows<Deviation>>,
    pub deviations_left_out: Option<LeftOut>,
    pub due: Vec<InitiativeRows<TodoRow>>,
    pub due_left_out: Option<LeftOut>,
    pub missing: Vec<InitiativeRows<TodoRow>>,
    pub missing_left_out: Option<LeftOut>,
    pub pages: Vec<InitiativePage>,
    /// The legend of the compact follow-up charts on the initiatives' pages: one picture for
    /// the whole pack, placed with each initiative's charts. `None` when no page has a chart.
    pub chart_legend: Option<ChartRef>,
}

/// The rows of one initiative in a list of the pack: the initiative is named once, its rows
/// under it (issue 18) — the template spans its name over them.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeRows<T> {
    pub code: String,
    pub name: String,
    /// What the list says about the initiative under its name (its organisation, "Särskilt
    /// följd", the date of the status report the rows come from); the same on all its rows.
    pub about: Vec<String>,
    pub rows: Vec<T>,
}

/// A row of one of the pack's lists: the initiative it belongs to.
pub(super) trait ListRow {
    fn code(&self) -> &str;
    fn name(&self) -> &str;
    /// The lines under the initiative's name ([`InitiativeRows::about`]).
    fn about(&self) -> Vec<String> {
        Vec::new()
    }
}

/// `rows` grouped by initiative, each initiative once, in the order it first appears, with
/// its rows in their order.
pub(super) fn by_initiative<T: ListRow>(rows: Vec<T>) -> Vec<InitiativeRows<T>> {
    let mut groups: Vec<InitiativeRows<T>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        match index.get(row.code()) {
            Some(&i) => groups[i].rows.push(row),
            None => {
                index.insert(row.code().to_string(), groups.len());
                groups.push(InitiativeRows {
                    code: row.code().to_string(),
                    name: row.name().to_string(),
                    about: row.about(),
                    rows: vec![row],
                });
            }
        }
    }
    groups
}

impl ListRow for Deviation {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn about(&self) -> Vec<String> {
        vec![format!("rapport {}", self.report_date)]
    }
}

impl ListRow for TodoRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl ListRow for DecisionAskedRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl ListRow for HarvestPendingRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl ListRow for AwaitingApprovalRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl ListRow for DecidedRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl ListRow for DeviatingBenefitRow {
    fn code(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn about(&self) -> Vec<String> {
        std::iter::once(self.organisation.clone()).chain(Some(self.tracked.clone()).filter(|t| !t.is_empty())).collect()
    }
}

/// The benefit loop's sections as the pack places them: each list names an initiative once
/// ([`by_initiative`]); the roll-ups are as the application layer worded them.
#[derive(Debug, Clone, Serialize)]
pub struct BenefitLoopLists {
    pub decisions_asked: Vec<InitiativeRows<DecisionAskedRow>>,
    pub decided: Vec<InitiativeRows<DecidedRow>>,
    pub harvest_pending: Vec<InitiativeRows<HarvestPendingRow>>,
    pub awaiting_approval: Vec<InitiativeRows<AwaitingApprovalRow>>,
    pub deviating_benefits: Vec<InitiativeRows<DeviatingBenefitRow>>,
    pub harvest: Vec<HarvestRow>,
    pub cost_per_fte: String,
    pub calibration: Vec<CalibrationRow>,
    pub calibration_hidden: String,
}

impl BenefitLoopLists {
    pub(super) fn of(l: &BenefitLoop) -> Self {
        BenefitLoopLists {
            decisions_asked: by_initiative(l.decisions_asked.clone()),
            decided: by_initiative(l.decided.clone()),
            harvest_pending: by_initiative(l.harvest_pending.clone()),
            awaiting_approval: by_initiative(l.awaiting_approval.clone()),
            deviating_benefits: by_initiative(l.deviating_benefits.clone()),
            harvest: l.harvest.clone(),
            cost_per_fte: l.cost_per_fte.clone(),
            calibration: l.calibration.clone(),
            calibration_hidden: l.calibration_hidden.clone(),
        }
    }
}

/// What a capped list leaves out, counted per organisation.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    /// "Listan visar 60 rader … Ytterligare 652 avvikelser i 410 insatser …".
    pub text: String,
    /// Organisation, number of rows left out, number of initiatives.
    pub by_organisation: Vec<Vec<String>>,
}

/// The first [`MAX_LIST_ROWS`] of `rows` (organisation, row), and what is left out.
pub(super) fn capped<T: HasCode>(mut rows: Vec<(&str, T)>, what: &str) -> (Vec<T>, Option<LeftOut>) {
    if rows.len() <= MAX_LIST_ROWS {
        return (rows.into_iter().map(|(_, r)| r).collect(), None);
    }
    let rest = rows.split_off(MAX_LIST_ROWS);
    let mut per_org: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    for (org, row) in &rest {
        let pos = match per_org.iter().position(|(o, _, _)| o == org) {
            Some(p) => p,
            None => {
                per_org.push((org, 0, Vec::new()));
                per_org.len() - 1
            }
        };
        per_org[pos].1 += 1;
        if !per_org[pos].2.contains(&row.code()) {
            per_org[pos].2.push(row.code());
        }
    }
    per_org.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let initiatives: usize = per_org.iter().map(|(_, _, codes)| codes.len()).sum();
    let left_out = LeftOut {
        text: format!(
            "Listan visar de första {MAX_LIST_ROWS} raderna, särskilt följda insatser först. Ytterligare {} {what} \
             i {initiatives} {} finns i registret, per organisation:",
            rest.len(),
            if initiatives == 1 { "insats" } else { "insatser" },
        ),
        by_organisation: per_org
            .iter()
            .map(|(org, n, codes)| vec![org.to_string(), n.to_string(), codes.len().to_string()])
            .collect(),
    };
    (rows.into_iter().map(|(_, r)| r).collect(), Some(left_out))
}

/// A list row that belongs to an initiative.
pub(super) trait HasCode {
    fn code(&self) -> &str;
}

impl HasCode for Deviation {
    fn code(&self) -> &str {
        &self.code
    }
}

impl HasCode for TodoRow {
    fn code(&self) -> &str {
        &self.code
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub keyfigures: Vec<Fact>,
    /// Column heads of the phase table: the statuses, then "Ingen godkänd plan".
    pub status_columns: Vec<StatusText>,
    /// Phase, a count per status column, total.
    pub by_phase: Vec<Vec<String>>,
    pub status_chart: Option<ChartRef>,
    pub value_chart: Option<ChartRef>,
    pub values_note: String,
    /// The costs of every initiative in scope (intern and extern, förvaltning and utveckling
    /// apart, with Avvikelse and sums).
    pub costs: CostSection,
    /// The initiatives with only external costs, "code name", for the flag's list.
    pub only_external: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackedRow {
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub phase: String,
    pub report_date: String,
    pub time: Option<StatusText>,
    pub cost: Option<StatusText>,
    pub result: Option<StatusText>,
    pub benefit: StatusText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deviation {
    pub code: String,
    pub name: String,
    pub report_date: String,
    pub dimension: String,
    pub status: StatusText,
    pub cause: String,
    pub action: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TodoRow {
    pub code: String,
    pub name: String,
    pub indicator: String,
    pub checkpoint: String,
    pub window: String,
    pub measured_by: String,
    pub status: StatusText,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativePage {
    pub code: String,
    pub name: String,
    /// Short facts, laid out two pairs a row.
    pub facts: Vec<Fact>,
    /// The approved plan and calculation versions, one a row.
    pub documents: Vec<Fact>,
    pub benefit: StatusText,
    pub report: Option<StatusBlock>,
    pub values: Vec<Fact>,
    /// "20 indikatorer: 5 ■ Röd, …"; empty without an approved plan.
    pub indicator_counts: String,
    /// Every indicator, worst status first, each with its compact follow-up chart.
    pub indicators: Vec<PageIndicator>,
    /// The charts a row ([`chart_grid`]): 1, 2 or 3.
    pub chart_columns: usize,
    pub target_changes: Vec<TargetChange>,
    pub notes: Vec<String>,
}

/// The organisation a report is limited to, as the register spells it (`wanted` is matched
/// case-insensitively among `organisations`); `None` for the whole register. An unknown name
/// is refused with the names there are.
pub fn organisation_scope(organisations: &[Organisation], wanted: Option<&str>) -> Result<Option<String>, ReportError> {
    let Some(wanted) = wanted.map(str::trim).filter(|o| !o.is_empty()) else {
        return Ok(None);
    };
    match organisations.iter().find(|o| o.name.trim().to_lowercase() == wanted.to_lowercase()) {
        Some(o) => Ok(Some(o.name.clone())),
        None => Err(ReportError::UnknownOrganisation {
            name: wanted.to_string(),
            known: organisations.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The follow-up entries of the initiatives in scope (`organisation` from
/// [`organisation_scope`]; `None` for the whole register).
pub fn entries_in_scope<'a>(followup: &'a FollowUpData, organisation: Option<&str>) -> Vec<&'a FollowUpEntry> {
    followup.entries.iter().filter(|e| organisation.is_none_or(|o| o == e.organisation)).collect()
}

/// The roll-up of the portfolio as of `date`, for the whole register or one organisation
/// (from [`organisation_scope`]): what the council pack's overview and its charts show.
pub fn portfolio_in_scope(followup: &FollowUpData, date: NaiveDate, organisation: Option<&str>) -> PortfolioSummary {
    let inputs: Vec<_> = entries_in_scope(followup, organisation).into_iter().map(FollowUpEntry::input).collect();
    portfolio_summary(&inputs, date)
}

/// What the council pack shows, read from the register in one read transaction and
/// evaluated by the application layer (`app::reports`).
#[derive(Debug, Clone)]
pub struct CouncilSource<'a> {
    pub register_name: String,
    /// The last day of the reporting period.
    pub date: NaiveDate,
    /// The supplier the pack is limited to ([`organisation_scope`]): the initiatives it
    /// delivers and follows up (`nytta report council --org`); `None` for all.
    pub organisation: Option<String>,
    /// The customer the pack is limited to ([`organisation_scope`]): the initiatives whose
    /// benefits it realises (`nytta report council --kund`); `None` for all.
    pub customer: Option<String>,
    /// The initiatives in scope.
    pub summaries: Vec<InitiativeSummary>,
    /// The roll-up of the initiatives in scope as of `date`.
    pub portfolio: PortfolioSummary,
    /// Measurements due within [`PERIOD_DAYS`] or missing, for the initiatives in scope.
    pub todo: Vec<PortfolioTodoItem>,
    /// The status reports of each initiative in scope, by initiative id.
    pub status_reports: HashMap<i64, Vec<StatusReport>>,
    /// The cost years of all initiatives in scope.
    pub costs: Vec<CostYear>,
    /// One page per council-tracked initiative, in the order of `summaries`.
    pub pages: Vec<PageSource<'a>>,
    /// Every organisation of the register: the customers' names on the pages.
    pub organisations: Vec<Organisation>,
    /// The body the pack is written for (`app::lists::governing_body`): the organisation's
    /// own when the pack is limited to one that has one, else the register's.
    pub governing_body: String,
    /// The benefit loop's sections (issue 17), worded by the application layer.
    pub benefit_loop: BenefitLoop,
}

/// What the council is asked to decide, what it decided, the benefits that deviate, where
/// the freed money and time went and how far calculations usually fall short: the pack's
/// first sections and its calibration, each row already in words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BenefitLoop {
    /// "Att besluta": open deviations of särskilt följda initiatives that ask for a decision.
    pub decisions_asked: Vec<DecisionAskedRow>,
    /// Deviations closed by a decision dated within the reporting period.
    pub decided: Vec<DecidedRow>,
    /// Measured benefits (a realised value) with no harvest decision yet.
    pub harvest_pending: Vec<HarvestPendingRow>,
    /// Initiatives whose newest calculation or plan is a draft waiting for approval.
    pub awaiting_approval: Vec<AwaitingApprovalRow>,
    /// "Avvikande nyttor": every benefit whose status is röd or saknas.
    pub deviating_benefits: Vec<DeviatingBenefitRow>,
    /// "Effekthemtagning per organisation", the whole register's row last.
    pub harvest: Vec<HarvestRow>,
    /// Kostnad per årsarbetare of the register, "700 000 kr", for the section's note.
    pub cost_per_fte: String,
    /// "Kalibrering": the medians that may be shown (n ≥ 3).
    pub calibration: Vec<CalibrationRow>,
    /// How many groups are not shown for having fewer than three initiatives, as a sentence;
    /// empty when none.
    pub calibration_hidden: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionAskedRow {
    pub code: String,
    pub name: String,
    pub benefit: String,
    pub owner: String,
    pub checkpoint: String,
    pub status: StatusText,
    pub cause: String,
    pub action: String,
    pub requested: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HarvestPendingRow {
    pub code: String,
    pub name: String,
    pub benefit: String,
    /// "172 000 kr per år (årstakt enligt mätningen 2026-09-01)".
    pub realised: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwaitingApprovalRow {
    pub code: String,
    pub name: String,
    /// "Nyttokalkyl version 2 (utkast)", "Nyttorealiseringsplan version 1 (utkast)".
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecidedRow {
    pub code: String,
    pub name: String,
    pub checkpoint: String,
    pub decision: String,
    /// "Strategiska samordningsgruppen 2026-10-20, § 14".
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeviatingBenefitRow {
    pub code: String,
    pub name: String,
    pub organisation: String,
    /// "Särskilt följd" or empty.
    pub tracked: String,
    pub benefit: String,
    pub owner: String,
    pub status: StatusText,
    /// One line per open deviation: "NKI, 6 mån: …" ("ej angiven" where none is written).
    pub causes: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HarvestRow {
    pub organisation: String,
    /// Each as "1 234 tkr" over "1,8 åa".
    pub calculated: Vec<String>,
    pub realised: Vec<String>,
    pub decided: Vec<String>,
    pub harvested: Vec<String>,
    pub without_decision: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalibrationRow {
    pub scope: String,
    pub category: String,
    pub months: String,
    pub median: String,
    pub n: String,
}

/// What a council-tracked initiative's page shows.
#[derive(Debug, Clone)]
pub struct PageSource<'a> {
    pub initiative: Initiative,
    pub plan: Option<PlanVersion>,
    pub calculation: Option<CalcVersion>,
    /// Empty without an approved plan.
    pub target_history: Vec<IndicatorTargetHistory>,
    /// `None` without an approved plan.
    pub followup: Option<Evaluated<'a>>,
}

/// The council pack's data for the period ending on `source.date`.
pub fn council(source: &CouncilSource<'_>) -> Report<Council> {
    let date = source.date;
    let register_name = &source.register_name;
    let organisation = &source.organisation;
    let summaries = &source.summaries;
    let portfolio = &source.portfolio;
    let reports = &source.status_reports;
    let benefit_status: HashMap<&str, Status> = portfolio.rows.iter().map(|r| (r.code.as_str(), r.status)).collect();
    let status_of =
        |code: &str| benefit_status.get(code).map(|s| StatusText::followup(*s)).unwrap_or_else(StatusText::no_plan);

    let period_start = date.checked_sub_days(Days::new(u64::from(PERIOD_DAYS) - 1)).unwrap_or(date);
    let next_end = date.checked_add_days(Days::new(u64::from(PERIOD_DAYS))).unwrap_or(date);
    let next_start = date.succ_opt().unwrap_or(date);
    let mut charts = Charts::default();

    let overview = overview(summaries, portfolio, &benefit_status, &source.costs, &mut charts);

    let tracked: Vec<TrackedRow> = summaries
        .iter()
        .filter(|s| s.council_tracked)
        .map(|s| {
            let report = report_as_of(&reports[&s.id], date);
            let stale = report.is_some_and(|r| stale_words(r, s.reporting_period, date).is_some());
            TrackedRow {
                code: s.code.clone(),
                name: s.name.clone(),
                organisation: s.organisation.clone(),
                phase: s.phase.label().into(),
                report_date: report
                    .map(|r| report_date_text(r, stale))
                    .unwrap_or_else(|| "ingen rapport".into()),
                time: report.map(|r| stale_status(StatusText::rag(r.time.status), stale)),
                cost: report.map(|r| stale_status(StatusText::rag(r.cost.status), stale)),
                result: report.map(|r| stale_status(StatusText::rag(r.result.status), stale)),
                benefit: status_of(&s.code),
            }
        })
        .collect();

    // Council-tracked initiatives first, then the others, each in code order.
    let mut ordered: Vec<&InitiativeSummary> = summaries.iter().collect();
    ordered.sort_by_key(|s| !s.council_tracked);
    let organisation_of: HashMap<&str, &str> =
        summaries.iter().map(|s| (s.code.as_str(), s.organisation.as_str())).collect();

    let mut deviations: Vec<(&str, Deviation)> = Vec::new();
    for s in &ordered {
        let Some(report) = report_as_of(&reports[&s.id], date) else { continue };
        let stale = stale_words(report, s.reporting_period, date).is_some();
        for (name, d) in dimensions(report) {
            if d.status != Rag::Gron {
                deviations.push((
                    s.organisation.as_str(),
                    Deviation {
                        code: s.code.clone(),
                        name: s.name.clone(),
                        report_date: report_date_text(report, stale),
                        dimension: name.into(),
                        status: stale_status(StatusText::rag(d.status), stale),
                        cause: council_excerpt(&d.cause),
                        action: council_excerpt(&d.action),
                    },
                ));
            }
        }
    }
    let (deviations, deviations_left_out) = capped(deviations, "avvikelser");

    let tracked_codes: std::collections::HashSet<&str> =
        summaries.iter().filter(|s| s.council_tracked).map(|s| s.code.as_str()).collect();
    let mut todo: Vec<&PortfolioTodoItem> = source.todo.iter().collect();
    // Stable: checkpoint-date order within the tracked and within the others.
    todo.sort_by_key(|t| !tracked_codes.contains(t.initiative_code.as_str()));
    let todo_row = |t: &&PortfolioTodoItem| {
        (
            organisation_of.get(t.initiative_code.as_str()).copied().unwrap_or(""),
            TodoRow {
                code: t.initiative_code.clone(),
                name: t.initiative_name.clone(),
                indicator: format!("{} – {}", t.item.indicator_code, t.item.indicator_name),
                checkpoint: format!(
                    "{}\n({})",
                    format::date(t.item.checkpoint_date),
                    months_label(t.item.months_after_go_live)
                ),
                window: format!("{} –\n{}", format::date(t.item.window_from), format::date(t.item.window_to)),
                measured_by: t.item.measured_by.clone(),
                status: StatusText::followup(t.item.status),
            },
        )
    };
    let (due, due_left_out) =
        capped(todo.iter().filter(|t| t.item.status == Status::Kommande).map(todo_row).collect(), "mätningar");
    let (missing, missing_left_out) =
        capped(todo.iter().filter(|t| t.item.status == Status::Saknas).map(todo_row).collect(), "mätningar");

    let pages: Vec<InitiativePage> = summaries
        .iter()
        .filter(|s| s.council_tracked)
        .zip(&source.pages)
        .map(|(s, page)| {
            initiative_page(page, s, report_as_of(&reports[&s.id], date), date, &source.organisations, &mut charts)
        })
        .collect();

    let chart_legend = pages.iter().any(|p| p.indicators.iter().any(|i| i.chart.is_some())).then(|| {
        charts.add(
            compact_legend_svg(),
            "Teckenförklaring till uppföljningsdiagrammen: blå linje med punkter är mätvärden, streckad svart \
             linje är förväntad utveckling mot målen, svarta romber är målvärden, det gula fältet är status Gul, \
             prickad grå linje är baslinjen, heldragen grön lodlinje är driftsättningen och streckad lila lodlinje \
             är rapportdatumet."
                .into(),
            "",
        )
    });
    // Named on the title page and in every page's footer: a pack for one organisation must
    // not be taken for the whole register's, nor a customer's for a supplier's.
    let scope = match (organisation, &source.customer) {
        (Some(o), _) => format!("Leverantör: {o}"),
        (None, Some(c)) => format!("Kund: {c}"),
        (None, None) => "Hela registret".into(),
    };
    let data = Council {
        title: crate::model::register_lists::council_title(&source.governing_body),
        tracked_heading: format!("Insatser särskilt följda av {}", source.governing_body),
        register: register_name.clone(),
        header: running_head(register_name),
        date: format::date(date),
        footer: match (organisation, &source.customer) {
            (Some(o), _) => format!("{} · {}", format::date(date), running_head(o)),
            (None, Some(c)) => format!("{} · Kund: {}", format::date(date), running_head(c)),
            (None, None) => format::date(date),
        },
        period: format!("{} – {}", format::date(period_start), format::date(date)),
        next_period: format!("{} – {}", format::date(next_start), format::date(next_end)),
        scope,
        legend: legend(),
        amber_rule: amber_rule(),
        overview,
        benefit_loop: BenefitLoopLists::of(&source.benefit_loop),
        tracked,
        deviations: by_initiative(deviations),
        deviations_left_out,
        due: by_initiative(due),
        due_left_out,
        missing: by_initiative(missing),
        missing_left_out,
        pages,
        chart_legend,
    };
    // The supplier's pack keeps its identifier of before; a customer's differs from it.
    let ident = match (organisation, &source.customer) {
        (None, Some(c)) => format!("{register_name}|{}|kund:{c}", format::date(date)),
        _ => format!("{register_name}|{}|{}", format::date(date), organisation.clone().unwrap_or_default()),
    };
    Report { data, charts: charts.0, ident }
}

/// The initiatives whose costs are only external ([`crate::model::costs::only_external`]),
/// as "code name", in the order of `summaries`.
fn only_external_initiatives(summaries: &[InitiativeSummary], costs: &[CostYear]) -> Vec<String> {
    summaries
        .iter()
        .filter(|s| {
            let own: Vec<&crate::model::initiative::CostYearFields> =
                costs.iter().filter(|c| c.initiative_id == s.id).map(|c| &c.fields).collect();
            crate::model::costs::summarise(own).only_external
        })
        .map(|s| format!("{} {}", s.code, s.name))
        .collect()
}

pub(super) fn overview(
    summaries: &[InitiativeSummary],
    portfolio: &PortfolioSummary,
    benefit_status: &HashMap<&str, Status>,
    costs: &[CostYear],
    charts: &mut Charts,
) -> Overview {
    let tracked = summaries.iter().filter(|s| s.council_tracked).count();
    let with_plan = summaries.iter().filter(|s| benefit_status.contains_key(s.code.as_str())).count();
    let keyfigures = vec![
        fact("Insatser", summaries.len().to_string()),
        fact("Särskilt följda", tracked.to_string()),
        fact("Med godkänd plan", with_plan.to_string()),
        fact("Kalkylerad nytta per år", format::tkr(portfolio.calculated_annual_value)),
        fact("Realiserad nytta per år", format::tkr(portfolio.realised_annual_value)),
    ];

    let mut status_columns: Vec<StatusText> = Status::ALL.into_iter().map(StatusText::followup).collect();
    status_columns.push(StatusText::no_plan());
    let mut by_phase = Vec::new();
    let mut totals = vec![0usize; status_columns.len() + 1];
    for phase in Phase::ALL {
        let in_phase: Vec<&InitiativeSummary> = summaries.iter().filter(|s| s.phase == *phase).collect();
        if in_phase.is_empty() {
            continue;
        }
        let mut counts = vec![0usize; status_columns.len() + 1];
        for s in &in_phase {
            let column = match benefit_status.get(s.code.as_str()) {
                Some(status) => Status::ALL.iter().position(|x| x == status).unwrap_or(0),
                None => status_columns.len() - 1,
            };
            counts[column] += 1;
            counts[status_columns.len()] += 1;
        }
        for (t, c) in totals.iter_mut().zip(&counts) {
            *t += c;
        }
        let mut row = vec![phase.label().to_string()];
        row.extend(counts.iter().map(|c| if *c == 0 { "–".to_string() } else { c.to_string() }));
        by_phase.push(row);
    }
    let mut total_row = vec!["Totalt".to_string()];
    total_row.extend(totals.iter().map(|c| c.to_string()));
    by_phase.push(total_row);

    let status_chart = (!portfolio.rows.is_empty())
        .then(|| charts.add(portfolio_status_chart_svg(portfolio), portfolio_status_chart_text(portfolio), ""));
    let rows = capped_value_rows(portfolio);
    let value_chart =
        (rows.len() > 1).then(|| charts.add(benefit_value_chart_svg(&rows), benefit_value_chart_text(&rows), ""));
    Overview {
        keyfigures,
        status_columns,
        by_phase,
        status_chart,
        value_chart,
        values_note: "Kalkylerad nytta är det årliga värdet vid full effekt enligt den senast godkända nyttokalkylen \
                      för de nyttor som är kopplade till en kalkylrad. Realiserad nytta är kalkylerad nytta gånger \
                      måluppfyllelsen enligt den senaste mätningen."
            .into(),
        // The flag is per initiative: the pack lists the flagged ones instead.
        costs: CostSection { only_external: None, ..cost_section(costs) },
        only_external: only_external_initiatives(summaries, costs),
    }
}

/// The rows of the value chart: the initiatives with the largest calculated benefit, the
/// others summed in one bar, and the total.
pub(super) fn capped_value_rows(portfolio: &PortfolioSummary) -> Vec<ValueRow> {
    let mut rows = value_rows(portfolio, false);
    if rows.len() > MAX_VALUE_CHART_ROWS {
        rows.sort_by(|a, b| b.calculated.cmp(&a.calculated).then(b.realised.cmp(&a.realised)));
        let rest = rows.split_off(MAX_VALUE_CHART_ROWS);
        rows.push(ValueRow {
            label: format!("Övriga {} insatser", rest.len()),
            calculated: rest.iter().map(|r| r.calculated).sum(),
            realised: rest.iter().map(|r| r.realised).sum(),
        });
    }
    rows.push(ValueRow {
        label: "Totalt".into(),
        calculated: portfolio.calculated_annual_value,
        realised: portfolio.realised_annual_value,
    });
    rows
}

pub(super) fn initiative_page(
    page: &PageSource<'_>,
    summary: &InitiativeSummary,
    report: Option<&StatusReportFields>,
    date: NaiveDate,
    organisations: &[Organisation],
    charts: &mut Charts,
) -> InitiativePage {
    let f = &page.initiative.fields;
    let plan = page.plan.as_ref();
    let calculation = page.calculation.as_ref();
    let mut facts = super::initiative::supply_facts(&summary.organisation, f, organisations);
    facts.extend([
        fact("Beställare", f.sponsor.clone()),
        fact("Fas", f.phase.label()),
        fact("Projektledare", f.project_manager.clone()),
        fact("Driftsättning", date_or_dash(f.go_live_date)),
        fact("Särskilt följd", "Ja"),
    ]);
    let documents = vec![
        fact(
            "Nyttorealiseringsplan",
            plan.map(PlanVersion::describe).unwrap_or_else(|| "ingen godkänd plan".into()),
        ),
        fact("Nyttokalkyl", approved_describe(calculation)),
    ];
    let mut notes = Vec::new();
    let mut page_indicators_of = (String::new(), Vec::new());
    let mut chart_columns = 1;
    let (benefit, values) = match &page.followup {
        Some(Evaluated { entry, followup }) => {
            let mut items = evaluated_indicators(&entry.plan, followup);
            // Worst first (röd, saknas, gul, grön, kommande); plan order within a status.
            items.sort_by_key(|(_, _, f)| f.status);
            let (columns, indicators) = page_indicators(entry, &items, date, charts);
            chart_columns = columns;
            page_indicators_of = (status_count_text(items.iter().map(|(_, _, f)| f.status)), indicators);
            (StatusText::followup(followup.status), benefit_values(followup))
        }
        None => {
            notes.push(
                "Insatsen har ingen godkänd nyttorealiseringsplan. Nyttostatus och uppföljningsdiagram visas när en \
                 plan med indikatorer och målvärden har godkänts."
                    .into(),
            );
            (StatusText::no_plan(), Vec::new())
        }
    };
    let (indicator_counts, indicators) = page_indicators_of;
    if page.followup.is_some() && f.go_live_date.is_none() {
        notes.push("Datum för driftsättning saknas; uppföljningen räknas från driftsättningen.".into());
    }
    InitiativePage {
        code: f.code.clone(),
        name: f.name.clone(),
        facts,
        documents,
        benefit,
        report: report.map(|r| StatusBlock {
            stale: stale_words(r, summary.reporting_period, date),
            ..council_status_block(r)
        }),
        values,
        indicator_counts,
        indicators,
        chart_columns,
        target_changes: target_changes(&page.target_history)
            .into_iter()
            .map(|change| TargetChange { reason: council_excerpt(&change.reason), ..change })
            .collect(),
        notes,
    }
}
