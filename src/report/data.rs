//! What the PDF reports show, assembled from the register in one place.
//!
//! Everything here is plain data for the templates: texts as the user wrote them, numbers
//! and dates already formatted the Swedish way ([`crate::format`]: tkr with no-break spaces,
//! decimal comma, ISO dates), statuses as word + symbol + colour, and the charts as SVG
//! strings that the template places as `/charts/N.svg` (the same chart functions the window
//! uses). The templates only lay this out; they decide nothing and compute nothing.
//!
//! The statuses come from [`crate::followup`] as of the report date, with the latest
//! approved plan; the calculation shown is the latest approved version.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use typst::foundations::Bytes;

use super::calc_chart::{calculation_chart_svg, text_alternative};
use super::calc_table::{self, Precision};
use super::followup_chart::{
    compact_legend_svg, indicator_chart_compact, indicator_chart_svg, indicator_chart_text, COMPACT_PLOT_HEIGHT,
};
use super::pdf::chart_path;
use super::portfolio_chart::{
    benefit_value_chart_svg, benefit_value_chart_text, portfolio_status_chart_svg, portfolio_status_chart_text,
    value_rows, ValueRow,
};
use super::followup_chart::with_unit as value_with_unit;
use super::ReportError;
use crate::calc::{self, CalculationResult, Scenario};
use crate::followup::{
    portfolio_summary, FollowUpData, FollowUpEntry, IndicatorFollowUp, MeasurementLookup, Observation, PlanFollowUp,
    PortfolioSummary, PortfolioTodoItem, Status,
};
use crate::format;
use crate::model::calculation::CalcFactor;
use crate::model::initiative::{
    CostYear, Initiative, InitiativeSummary, Organisation, Phase, Rag, StatusReport, StatusReportFields,
};
use crate::model::plan::{Indicator, Plan};
use crate::model::{CalcVersion, IndicatorTargetHistory, PlanVersion, StoredMeasurement};

/// An achievement as a whole percentage: `0.8` → `80 %` (as the window shows it).
fn achievement_text(achievement: Decimal) -> String {
    format::percent(achievement, 0)
}

/// An initiative's follow-up data with its evaluation as of the report date. The application
/// layer evaluates it once; the statuses, the tables, the charts and their text alternatives
/// all show this one evaluation.
#[derive(Debug, Clone)]
pub struct Evaluated<'a> {
    pub entry: &'a FollowUpEntry,
    pub followup: PlanFollowUp,
}

/// Length of a reporting period (six weeks, design §3): the council pack covers the period
/// that ends on its date and lists what falls due in the next one.
pub const PERIOD_DAYS: u32 = 42;

/// Rows of the council pack's lists (deviations, measurements due, measurements missing):
/// council-tracked initiatives first; what does not fit is counted per organisation.
pub const MAX_LIST_ROWS: usize = 60;

/// Initiatives in the chart of calculated and realised benefit (largest first); the rest
/// are summed in one bar.
pub const MAX_VALUE_CHART_ROWS: usize = 15;

/// Width and height in pixels of the calculation chart in the initiative report.
const CALC_CHART_SIZE: (u32, u32) = (960, 540);

/// A report's data and the charts it places (chart `i` is `/charts/{i}.svg`). The charts are
/// kept as typst's shared [`Bytes`], so that typesetting places them without a copy.
#[derive(Debug, Clone)]
pub struct Report<T> {
    pub data: T,
    pub charts: Vec<Bytes>,
    /// Stable identity of the document, hashed into the PDF's identifier.
    pub ident: String,
}

// ---- building blocks ------------------------------------------------------------------------

/// A status as the reports print it: never colour alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusText {
    pub code: String,
    pub word: String,
    pub symbol: String,
    pub colour: String,
}

impl StatusText {
    pub fn followup(status: Status) -> Self {
        StatusText {
            code: status.code().into(),
            word: status.label().into(),
            symbol: status.symbol().into(),
            colour: status.colour_hex().into(),
        }
    }

    pub fn rag(rag: Rag) -> Self {
        let same = match rag {
            Rag::Gron => Status::Gron,
            Rag::Gul => Status::Gul,
            Rag::Rod => Status::Rod,
        };
        StatusText { code: rag.code().into(), word: rag.label().into(), ..StatusText::followup(same) }
    }

    /// An initiative without an approved benefit-realisation plan has no benefit status.
    pub fn no_plan() -> Self {
        StatusText {
            code: "ingen_plan".into(),
            word: "Ingen godkänd plan".into(),
            symbol: "–".into(),
            colour: "#505050".into(),
        }
    }
}

/// A chart placed in a report: its virtual file, its text alternative and a caption.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    pub file: String,
    pub alt: String,
    pub caption: String,
}

#[derive(Default)]
struct Charts(Vec<Bytes>);

impl Charts {
    fn add(&mut self, svg: String, alt: String, caption: impl Into<String>) -> ChartRef {
        self.0.push(Bytes::from_string(svg));
        ChartRef { file: chart_path(self.0.len() - 1), alt, caption: caption.into() }
    }
}

/// A label and its value.
pub type Fact = (String, String);

fn fact(label: &str, value: impl Into<String>) -> Fact {
    let value = value.into();
    (label.to_string(), if value.trim().is_empty() { "–".to_string() } else { value })
}

fn date_or_dash(date: Option<NaiveDate>) -> String {
    date.map(format::date).unwrap_or_else(|| "–".into())
}

/// Thousands of kronor without the unit, for columns headed "tkr": `1 235`.
fn tkr_number(value: Decimal) -> String {
    format::number(value / Decimal::from(1000), 0)
}

fn tkr_or_dash(value: Option<Decimal>) -> String {
    value.map(tkr_number).unwrap_or_else(|| "–".into())
}

fn months_label(months: u32) -> String {
    format!("{months}{}mån", format::NBSP)
}

/// The legend printed on every report: every status with its symbol and word.
fn legend() -> Vec<StatusText> {
    Status::ALL.into_iter().map(StatusText::followup).collect()
}

/// The latest status report for a period ending on or before `date`.
fn report_as_of(reports: &[StatusReport], date: NaiveDate) -> Option<&StatusReportFields> {
    reports.iter().map(|r| &r.fields).filter(|r| r.period_end <= date).max_by_key(|r| r.period_end)
}

/// A status report's three dimensions with orsak and åtgärd.
#[derive(Debug, Clone, Serialize)]
pub struct StatusBlock {
    pub period_end: String,
    pub dimensions: Vec<DimensionRow>,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionRow {
    pub name: String,
    pub status: StatusText,
    pub cause: String,
    pub action: String,
}

fn dimensions(report: &StatusReportFields) -> [(&'static str, &crate::model::initiative::Dimension); 3] {
    [("Tid", &report.time), ("Kostnad", &report.cost), ("Resultat", &report.result)]
}

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
fn cluster_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 {
        let next = text[index..].chars().next();
        let previous = text[..index].chars().next_back();
        let inside = next.is_some_and(super::breaks::extends_cluster) || previous == Some('\u{200D}');
        if !inside {
            break;
        }
        index -= previous.map_or(1, char::len_utf8);
    }
    index
}

/// A status report's block as the council pack prints it: orsak, åtgärd and comment cut by
/// [`council_excerpt`] (as are the reasons for changed targets).
fn council_status_block(report: &StatusReportFields) -> StatusBlock {
    let mut block = status_block(report);
    for d in &mut block.dimensions {
        d.cause = council_excerpt(&d.cause);
        d.action = council_excerpt(&d.action);
    }
    block.comment = council_excerpt(&block.comment);
    block
}

fn status_block(report: &StatusReportFields) -> StatusBlock {
    StatusBlock {
        period_end: format::date(report.period_end),
        dimensions: dimensions(report)
            .into_iter()
            .map(|(name, d)| DimensionRow {
                name: name.into(),
                status: StatusText::rag(d.status),
                cause: d.cause.clone(),
                action: d.action.clone(),
            })
            .collect(),
        comment: report.comment.clone(),
    }
}

/// One indicator's follow-up: status, chart and checkpoints.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorBlock {
    pub code: String,
    pub name: String,
    pub benefit: String,
    pub status: StatusText,
    /// What the status is based on, in words.
    pub status_basis: String,
    pub chart: Option<ChartRef>,
    pub checkpoints: Vec<CheckpointRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckpointRow {
    pub checkpoint: String,
    pub date: String,
    pub target: String,
    pub measured: String,
    pub achievement: String,
    pub status: StatusText,
}

/// A measurement series up to and including the report date: a report as of an earlier date
/// shows what was known then.
fn series_until(entry: &FollowUpEntry, code: &str, date: NaiveDate) -> Vec<Observation> {
    entry.measurements.series(code).iter().filter(|o| o.date <= date).copied().collect()
}

/// Every indicator of the plan with its benefit's name and its follow-up, in plan order.
fn evaluated_indicators<'a>(
    plan: &'a Plan,
    followup: &'a PlanFollowUp,
) -> Vec<(&'a str, &'a Indicator, &'a IndicatorFollowUp)> {
    plan.benefits
        .iter()
        .zip(&followup.benefits)
        .flat_map(|(benefit, bf)| {
            benefit.indicators.iter().zip(&bf.indicators).map(move |(i, f)| (benefit.name.as_str(), i, f))
        })
        .collect()
}

fn indicator_block(
    entry: &FollowUpEntry,
    (benefit, indicator, f): (&str, &Indicator, &IndicatorFollowUp),
    date: NaiveDate,
    charts: &mut Charts,
) -> IndicatorBlock {
    let series = series_until(entry, &indicator.code, date);
    let chart = entry.go_live.map(|go_live| {
        charts.add(
            indicator_chart_svg(indicator, f, go_live, &series, date),
            indicator_chart_text(indicator, f, go_live, &series, date),
            "",
        )
    });
    IndicatorBlock {
        code: indicator.code.clone(),
        name: indicator.name.clone(),
        benefit: benefit.to_string(),
        status: StatusText::followup(f.status),
        status_basis: status_basis(f, entry.go_live),
        chart,
        checkpoints: checkpoint_rows(indicator, f),
    }
}

/// Every indicator's follow-up with its chart and checkpoints (the initiative report).
fn indicator_blocks(evaluated: &Evaluated<'_>, date: NaiveDate, charts: &mut Charts) -> Vec<IndicatorBlock> {
    evaluated_indicators(&evaluated.entry.plan, &evaluated.followup)
        .into_iter()
        .map(|item| indicator_block(evaluated.entry, item, date, charts))
        .collect()
}

/// Width in points of one of the small multiples on a council-tracked initiative's page:
/// three a row across the A4 text width (481.9 pt) with 12 pt between them.
const SMALL_MULTIPLE_WIDTH: f64 = 152.0;

/// One indicator among the small multiples of a council-tracked initiative's page: what the
/// template writes above and below its compact chart.
#[derive(Debug, Clone, Serialize)]
pub struct PageIndicator {
    /// `EANDEL – Andel e-ansökningar`.
    pub title: String,
    pub status: StatusText,
    /// The latest measurement since go-live: value and date, or a dash.
    pub latest: String,
    /// Each checkpoint's target and status in words: `6 mån: 45 % ■ Röd · 12 mån: …`.
    pub checkpoints: String,
    pub chart: Option<SmallChart>,
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
fn pt(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Month labels centred at their positions (points from the plot's left edge), as gaps
/// between labels from the left edge of the value column.
fn x_label_gaps(labels: Vec<(f64, String)>, label_width: f64) -> Vec<(f64, String)> {
    let mut end = 0.0;
    labels
        .into_iter()
        .map(|(at, label)| {
            let width = super::pdf::text_width(&label, SMALL_CHART_LABEL);
            let start = (label_width + at - width / 2.0).max(end);
            let gap = pt(start - end);
            end = start + width;
            (gap, label)
        })
        .collect()
}

/// Size in points of the small multiples' axis labels.
const SMALL_CHART_LABEL: f64 = super::followup_chart::COMPACT_LABEL_PT;

fn page_indicator(
    entry: &FollowUpEntry,
    (_, indicator, f): (&str, &Indicator, &IndicatorFollowUp),
    date: NaiveDate,
    charts: &mut Charts,
) -> PageIndicator {
    let chart = entry.go_live.map(|go_live| {
        let series = series_until(entry, &indicator.code, date);
        let compact = indicator_chart_compact(indicator, f, go_live, &series, date, SMALL_MULTIPLE_WIDTH);
        let placed = charts.add(compact.svg, indicator_chart_text(indicator, f, go_live, &series, date), "");
        // The value labels are evenly spaced from the top line to the bottom line.
        let y_pitch = match compact.y_labels.as_slice() {
            [(bottom, _), .., (top, _)] => (bottom - top) / (compact.y_labels.len() - 1) as f64,
            _ => COMPACT_PLOT_HEIGHT,
        };
        SmallChart {
            file: placed.file,
            alt: placed.alt,
            label_width: compact.label_width,
            plot_width: compact.plot_width,
            plot_height: COMPACT_PLOT_HEIGHT,
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
            .map(|c| {
                format!(
                    "{}: {} {}{}{}",
                    months_label(c.months_after_go_live),
                    value_with_unit(c.target, &indicator.unit),
                    c.status.symbol(),
                    format::NBSP,
                    c.status.label()
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        chart,
    }
}

/// "20 indikatorer: 5 Röd, 2 Saknas, 3 Gul, 10 Grön" — the statuses that occur, worst first.
fn status_count_text(statuses: impl IntoIterator<Item = Status>) -> String {
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

fn status_basis(f: &IndicatorFollowUp, go_live: Option<NaiveDate>) -> String {
    match (go_live, f.status_checkpoint) {
        (None, _) => "Inget datum för driftsättning; uppföljningen börjar vid driftsättning.".into(),
        (Some(_), Some(months)) => format!("Status vid kontrollpunkten {} efter driftsättning.", months_label(months)),
        (Some(_), None) => "Ingen kontrollpunkt har passerats ännu.".into(),
    }
}

fn checkpoint_rows(indicator: &Indicator, f: &IndicatorFollowUp) -> Vec<CheckpointRow> {
    f.checkpoints
        .iter()
        .map(|c| CheckpointRow {
            checkpoint: months_label(c.months_after_go_live),
            date: format::date(c.date),
            target: value_with_unit(c.target, &indicator.unit),
            measured: c
                .measurement
                .map(|m| format!("{} ({})", value_with_unit(m.value, &indicator.unit), format::date(m.date)))
                .unwrap_or_else(|| "–".into()),
            achievement: c.achievement.map(achievement_text).unwrap_or_else(|| "–".into()),
            status: StatusText::followup(c.status),
        })
        .collect()
}

/// A target or baseline that differs from the first approved plan.
#[derive(Debug, Clone, Serialize)]
pub struct TargetChange {
    pub indicator: String,
    pub what: String,
    pub first: String,
    pub current: String,
    pub changed_in: String,
    pub reason: String,
}

/// Every baseline and target that differs between the first approved version that had it
/// and the latest approved version, with the version(s) and reasons of the change.
fn target_changes(history: &[IndicatorTargetHistory]) -> Vec<TargetChange> {
    let mut changes = Vec::new();
    for h in history.iter().filter(|h| h.changed()) {
        let changed_in: Vec<String> = h
            .entries
            .iter()
            .filter(|e| e.changed)
            .map(|e| format!("version {} ({})", e.version, format::date(e.approval.approved_at)))
            .collect();
        let reasons: Vec<String> =
            h.entries.iter().filter(|e| e.changed && !e.reason.trim().is_empty()).map(|e| e.reason.clone()).collect();
        let indicator = format!("{} – {}", h.code, h.name);
        let first_baseline = h.entries.iter().find_map(|e| e.baseline);
        let current_baseline = h.entries.last().and_then(|e| e.baseline);
        let mut rows: Vec<(String, Option<Decimal>, Option<Decimal>)> = Vec::new();
        if first_baseline != current_baseline {
            rows.push(("Baslinje".into(), first_baseline, current_baseline));
        }
        let mut months: Vec<u32> =
            h.entries.iter().flat_map(|e| e.targets.iter().map(|t| t.months_after_go_live)).collect();
        months.sort_unstable();
        months.dedup();
        for m in months {
            let (first, current) = (h.first_target(m), h.current_target(m));
            if first != current {
                rows.push((format!("Mål {}", months_label(m)), first, current));
            }
        }
        for (what, first, current) in rows {
            let show = |v: Option<Decimal>| v.map(|v| value_with_unit(v, &h.unit)).unwrap_or_else(|| "–".into());
            changes.push(TargetChange {
                indicator: indicator.clone(),
                what,
                first: show(first),
                current: show(current),
                changed_in: changed_in.join(", "),
                reason: reasons.join(" "),
            });
        }
    }
    changes
}

fn sum_costs(years: &[CostYear]) -> Vec<Vec<String>> {
    let mut by_year: Vec<(i32, [Option<Decimal>; 3])> = Vec::new();
    for c in years {
        let pos = match by_year.iter().position(|(y, _)| *y == c.fields.year) {
            Some(p) => p,
            None => {
                by_year.push((c.fields.year, [None; 3]));
                by_year.len() - 1
            }
        };
        let slot = &mut by_year[pos].1;
        for (i, v) in [c.fields.budget, c.fields.actual, c.fields.forecast].into_iter().enumerate() {
            if let Some(v) = v {
                slot[i] = Some(slot[i].unwrap_or_default() + v);
            }
        }
    }
    by_year.sort_by_key(|(y, _)| *y);
    let mut total = [None::<Decimal>; 3];
    let mut rows: Vec<Vec<String>> = by_year
        .iter()
        .map(|(year, v)| {
            for i in 0..3 {
                if let Some(x) = v[i] {
                    total[i] = Some(total[i].unwrap_or_default() + x);
                }
            }
            vec![year.to_string(), tkr_or_dash(v[0]), tkr_or_dash(v[1]), tkr_or_dash(v[2])]
        })
        .collect();
    if rows.len() > 1 {
        rows.push(vec!["Totalt".into(), tkr_or_dash(total[0]), tkr_or_dash(total[1]), tkr_or_dash(total[2])]);
    }
    rows
}

/// Calculated and realised annual benefit and the next checkpoint, for the key figures of an
/// initiative. "–" when no benefit is linked to a calculation line: nothing to realise.
fn benefit_values(followup: &PlanFollowUp) -> Vec<Fact> {
    let linked = followup.benefits.iter().any(|b| b.calculated_annual_value.is_some());
    let amount = |v: Decimal| if linked { format::tkr(v) } else { "–".into() };
    vec![
        fact("Kalkylerad nytta per år", amount(followup.calculated_annual_value)),
        fact("Realiserad nytta per år", amount(followup.realised_annual_value)),
        fact(
            "Nästa kontrollpunkt",
            followup
                .next_checkpoint
                .as_ref()
                .map(|n| format!("{} ({})", format::date(n.date), months_label(n.months_after_go_live)))
                .unwrap_or_else(|| "–".into()),
        ),
    ]
}

fn approved_describe(version: Option<&CalcVersion>) -> String {
    version.map(CalcVersion::describe).unwrap_or_else(|| "ingen godkänd nyttokalkyl".into())
}

/// Characters of a name in a page's header or footer: one line beside the report's title.
const RUNNING_HEAD_CHARS: usize = 40;

/// `name` for a running header or footer: whole when short, else its first
/// [`RUNNING_HEAD_CHARS`] characters and "…". A header has one line; a long name there would
/// push it up off the page. The cover and the text print the name whole.
fn running_head(name: &str) -> String {
    match name.char_indices().nth(RUNNING_HEAD_CHARS) {
        Some((end, _)) => format!("{}…", name[..end].trim_end()),
        None => name.to_string(),
    }
}

// ---- the council pack -------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct Council {
    pub title: String,
    pub register: String,
    /// The register's name in the running header, abbreviated to one line ([`running_head`]).
    pub header: String,
    pub date: String,
    pub footer: String,
    pub period: String,
    pub next_period: String,
    pub scope: String,
    pub legend: Vec<StatusText>,
    pub overview: Overview,
    pub tracked: Vec<TrackedRow>,
    /// Council-tracked initiatives first; at most [`MAX_LIST_ROWS`].
    pub deviations: Vec<Deviation>,
    pub deviations_left_out: Option<LeftOut>,
    pub due: Vec<TodoRow>,
    pub due_left_out: Option<LeftOut>,
    pub missing: Vec<TodoRow>,
    pub missing_left_out: Option<LeftOut>,
    pub pages: Vec<InitiativePage>,
    /// The legend of the compact follow-up charts on the initiatives' pages: one picture for
    /// the whole pack, placed with each initiative's charts. `None` when no page has a chart.
    pub chart_legend: Option<ChartRef>,
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
fn capped<T: HasCode>(mut rows: Vec<(&str, T)>, what: &str) -> (Vec<T>, Option<LeftOut>) {
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
trait HasCode {
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
    /// Year, Budget, Utfall, Prognos in tkr (last row Totalt).
    pub costs: Vec<Vec<String>>,
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
    /// The organisation the pack is limited to ([`organisation_scope`]); `None` for all.
    pub organisation: Option<String>,
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
            TrackedRow {
                code: s.code.clone(),
                name: s.name.clone(),
                organisation: s.organisation.clone(),
                phase: s.phase.label().into(),
                report_date: report.map(|r| format::date(r.period_end)).unwrap_or_else(|| "ingen rapport".into()),
                time: report.map(|r| StatusText::rag(r.time.status)),
                cost: report.map(|r| StatusText::rag(r.cost.status)),
                result: report.map(|r| StatusText::rag(r.result.status)),
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
        for (name, d) in dimensions(report) {
            if d.status != Rag::Gron {
                deviations.push((
                    s.organisation.as_str(),
                    Deviation {
                        code: s.code.clone(),
                        name: s.name.clone(),
                        report_date: format::date(report.period_end),
                        dimension: name.into(),
                        status: StatusText::rag(d.status),
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
        .map(|(s, page)| initiative_page(page, s, report_as_of(&reports[&s.id], date), date, &mut charts))
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
    let scope = organisation.clone().unwrap_or_else(|| "Hela registret".into());
    let data = Council {
        title: "Underlag till digitaliseringsrådet".into(),
        register: register_name.clone(),
        header: running_head(register_name),
        date: format::date(date),
        footer: match organisation {
            Some(o) => format!("{} · {}", format::date(date), running_head(o)),
            None => format::date(date),
        },
        period: format!("{} – {}", format::date(period_start), format::date(date)),
        next_period: format!("{} – {}", format::date(next_start), format::date(next_end)),
        scope,
        legend: legend(),
        overview,
        tracked,
        deviations,
        deviations_left_out,
        due,
        due_left_out,
        missing,
        missing_left_out,
        pages,
        chart_legend,
    };
    let ident = format!("{register_name}|{}|{}", format::date(date), organisation.clone().unwrap_or_default());
    Report { data, charts: charts.0, ident }
}

fn overview(
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
        costs: sum_costs(costs),
    }
}

/// The rows of the value chart: the initiatives with the largest calculated benefit, the
/// others summed in one bar, and the total.
fn capped_value_rows(portfolio: &PortfolioSummary) -> Vec<ValueRow> {
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

fn initiative_page(
    page: &PageSource<'_>,
    summary: &InitiativeSummary,
    report: Option<&StatusReportFields>,
    date: NaiveDate,
    charts: &mut Charts,
) -> InitiativePage {
    let f = &page.initiative.fields;
    let plan = page.plan.as_ref();
    let calculation = page.calculation.as_ref();
    let facts = vec![
        fact("Organisation", summary.organisation.clone()),
        fact("Beställare", f.sponsor.clone()),
        fact("Fas", f.phase.label()),
        fact("Projektledare", f.project_manager.clone()),
        fact("Driftsättning", date_or_dash(f.go_live_date)),
        fact("Särskilt följd", "Ja"),
    ];
    let documents = vec![
        fact(
            "Nyttorealiseringsplan",
            plan.map(PlanVersion::describe).unwrap_or_else(|| "ingen godkänd plan".into()),
        ),
        fact("Nyttokalkyl", approved_describe(calculation)),
    ];
    let mut notes = Vec::new();
    let mut page_indicators = (String::new(), Vec::new());
    let (benefit, values) = match &page.followup {
        Some(Evaluated { entry, followup }) => {
            let mut items = evaluated_indicators(&entry.plan, followup);
            // Worst first (röd, saknas, gul, grön, kommande); plan order within a status.
            items.sort_by_key(|(_, _, f)| f.status);
            page_indicators = (
                status_count_text(items.iter().map(|(_, _, f)| f.status)),
                items.iter().map(|item| page_indicator(entry, *item, date, charts)).collect(),
            );
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
    let (indicator_counts, indicators) = page_indicators;
    if page.followup.is_some() && f.go_live_date.is_none() {
        notes.push("Datum för driftsättning saknas; uppföljningen räknas från driftsättningen.".into());
    }
    InitiativePage {
        code: f.code.clone(),
        name: f.name.clone(),
        facts,
        documents,
        benefit,
        report: report.map(council_status_block),
        values,
        indicator_counts,
        indicators,
        target_changes: target_changes(&page.target_history)
            .into_iter()
            .map(|change| TargetChange { reason: council_excerpt(&change.reason), ..change })
            .collect(),
        notes,
    }
}

// ---- the initiative report ---------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeReport {
    pub title: String,
    pub register: String,
    /// The register's name in the running header, abbreviated to one line ([`running_head`]).
    pub header: String,
    pub date: String,
    pub footer: String,
    pub code: String,
    pub name: String,
    pub legend: Vec<StatusText>,
    pub facts: Vec<Fact>,
    /// Behovsbeskrivning, nytta, projektmål: longer texts.
    pub texts: Vec<Fact>,
    pub effect_goals: Vec<String>,
    pub benefit: StatusText,
    pub values: Vec<Fact>,
    pub report: Option<StatusBlock>,
    /// Period, Tid, Kostnad, Resultat, comment — newest first.
    pub status_history: Vec<StatusHistoryRow>,
    pub costs: Vec<Vec<String>>,
    pub calculation: Option<CalcSection>,
    pub calculation_note: String,
    pub plan: Option<PlanSection>,
    pub plan_note: String,
    pub indicators: Vec<IndicatorBlock>,
    /// Indicator, date, value, source, comment, author.
    pub measurements: Vec<Vec<String>>,
    /// Document, version, status, approval, reason.
    pub versions: Vec<Vec<String>>,
    pub target_changes: Vec<TargetChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusHistoryRow {
    pub period_end: String,
    pub time: StatusText,
    pub cost: StatusText,
    pub result: StatusText,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalcSection {
    /// "version 2, godkänd 2026-03-12 av … (…)".
    pub version: String,
    /// Period, discount rate, working hours, overhead in one line.
    pub settings: String,
    /// Head row (blank, the three scenarios), then one row per figure, in kronor.
    pub scenarios: Vec<Vec<String>>,
    pub chart: ChartRef,
    /// Line no., kind, description, category and perspective, likely value per year.
    pub lines: Vec<Vec<String>>,
    /// Line no., description, category and perspective, score.
    pub not_monetised: Vec<Vec<String>>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanSection {
    pub version: String,
    pub benefits: Vec<BenefitBlock>,
    /// Code, name, unit, direction, baseline, targets, measured by, method.
    pub indicators: Vec<Vec<String>>,
    pub prerequisites: Vec<String>,
    pub risks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenefitBlock {
    pub name: String,
    pub facts: Vec<Fact>,
}

/// What the initiative report shows, read from the register in one read transaction and
/// evaluated by the application layer (`app::reports`).
#[derive(Debug, Clone)]
pub struct InitiativeSource<'a> {
    pub register_name: String,
    /// The report's as-of date.
    pub date: NaiveDate,
    pub summary: InitiativeSummary,
    pub initiative: Initiative,
    pub status_reports: Vec<StatusReport>,
    /// `None` without an approved plan.
    pub followup: Option<Evaluated<'a>>,
    pub calculation_versions: Vec<CalcVersion>,
    /// The factors of the latest approved calculation ([`approved_calculation`]); empty
    /// without one.
    pub approved_factors: Vec<CalcFactor>,
    pub plan_versions: Vec<PlanVersion>,
    pub measurements: Vec<StoredMeasurement>,
    pub target_history: Vec<IndicatorTargetHistory>,
    pub cost_years: Vec<CostYear>,
}

/// The calculation version the initiative report shows: the latest approved one.
pub fn approved_calculation(versions: &[CalcVersion]) -> Option<&CalcVersion> {
    versions.iter().rfind(|v| v.is_approved())
}

/// The initiative report's data as of `source.date`.
pub fn initiative(source: &InitiativeSource<'_>) -> Report<InitiativeReport> {
    let date = source.date;
    let register_name = &source.register_name;
    let summary = &source.summary;
    let f = &source.initiative.fields;
    let mut charts = Charts::default();

    let report = report_as_of(&source.status_reports, date);
    let mut history: Vec<&StatusReportFields> =
        source.status_reports.iter().map(|r| &r.fields).filter(|r| r.period_end <= date).collect();
    history.sort_by_key(|r| std::cmp::Reverse(r.period_end));

    let evaluated = source.followup.as_ref();
    let benefit =
        evaluated.map(|e| StatusText::followup(e.followup.status)).unwrap_or_else(StatusText::no_plan);
    let values = evaluated.map(|e| benefit_values(&e.followup)).unwrap_or_default();

    let calc_versions = &source.calculation_versions;
    let (calculation, calculation_note) = calc_section(calc_versions, &source.approved_factors, &f.code, &mut charts);

    let plan_versions = &source.plan_versions;
    let approved_plan = plan_versions.iter().rfind(|v| v.is_approved());
    let plan = approved_plan.map(|v| plan_section(&v.describe(), &v.plan));
    let plan_note = match (approved_plan, plan_versions.last()) {
        (None, None) => "Insatsen har ingen nyttorealiseringsplan.".to_string(),
        (None, Some(_)) => {
            "Nyttorealiseringsplanen är ett utkast och inte godkänd; rapporten visar bara godkända planer.".into()
        }
        (Some(a), Some(last)) if !last.is_approved() && last.version > a.version => format!(
            "Det finns ett utkast (version {}) som inte är godkänt; rapporten visar den senast godkända versionen.",
            last.version
        ),
        _ => String::new(),
    };

    let indicators = evaluated.map(|e| indicator_blocks(e, date, &mut charts)).unwrap_or_default();

    let units: HashMap<String, String> =
        plan_versions.iter().flat_map(|v| v.plan.indicators().map(|(_, i)| (i.code.clone(), i.unit.clone()))).collect();
    let measurements = source
        .measurements
        .iter()
        .filter(|m| m.measurement.date <= date)
        .map(|m| {
            let m = &m.measurement;
            let unit = units.get(&m.indicator).map(String::as_str).unwrap_or("");
            vec![
                m.indicator.clone(),
                format::date(m.date),
                value_with_unit(m.value, unit),
                m.source.clone(),
                m.comment.clone(),
                m.author.clone(),
            ]
        })
        .collect();

    let mut versions: Vec<Vec<String>> = Vec::new();
    for v in calc_versions {
        versions.push(version_row("Nyttokalkyl", v.version, v.status.label(), v.approval.as_ref(), &v.reason));
    }
    for v in plan_versions {
        versions.push(version_row(
            "Nyttorealiseringsplan",
            v.version,
            v.status.label(),
            v.approval.as_ref(),
            &v.reason,
        ));
    }

    let facts = vec![
        fact("Organisation", summary.organisation.clone()),
        fact("Fas", f.phase.label()),
        fact("Särskilt följd", if f.council_tracked { "Ja" } else { "Nej" }),
        fact("Beställare", f.sponsor.clone()),
        fact("Projektledare", f.project_manager.clone()),
        fact("Start", date_or_dash(f.start_date)),
        fact("Driftsättning", date_or_dash(f.go_live_date)),
        fact("Slut", date_or_dash(f.end_date)),
        fact("Bastjänst", f.base_service.clone()),
        fact("Total projektbudget", f.project_budget.map(format::tkr).unwrap_or_else(|| "–".into())),
    ];
    let mut texts = vec![fact("Behovsbeskrivning", f.need.clone()), fact("Nytta", f.benefit.clone())];
    if !f.project_goals.trim().is_empty() {
        texts.push(fact("Projektmål", f.project_goals.clone()));
    }
    if f.phase == Phase::Struken && !f.struck_reason.trim().is_empty() {
        texts.push(fact("Skäl till att insatsen ströks", f.struck_reason.clone()));
    }

    let data = InitiativeReport {
        title: "Rapport om förändringsinsats".into(),
        register: register_name.clone(),
        header: running_head(register_name),
        date: format::date(date),
        footer: format!("{} · {}", format::date(date), f.code),
        code: f.code.clone(),
        name: f.name.clone(),
        legend: legend(),
        facts,
        texts,
        effect_goals: f.effect_goals.clone(),
        benefit,
        values,
        report: report.map(status_block),
        status_history: history
            .iter()
            .map(|r| StatusHistoryRow {
                period_end: format::date(r.period_end),
                time: StatusText::rag(r.time.status),
                cost: StatusText::rag(r.cost.status),
                result: StatusText::rag(r.result.status),
                comment: r.comment.clone(),
            })
            .collect(),
        costs: sum_costs(&source.cost_years),
        calculation,
        calculation_note,
        plan,
        plan_note,
        indicators,
        measurements,
        versions,
        target_changes: target_changes(&source.target_history),
    };
    let ident = format!("{register_name}|{}|{}", f.code, format::date(date));
    Report { data, charts: charts.0, ident }
}

fn version_row(
    document: &str,
    version: u32,
    status: &str,
    approval: Option<&crate::model::Approval>,
    reason: &str,
) -> Vec<String> {
    vec![
        document.into(),
        version.to_string(),
        status.into(),
        approval
            .map(|a| format!("{} av {} ({})", format::date(a.approved_at), a.approved_by, a.decision_ref))
            .unwrap_or_else(|| "–".into()),
        if reason.trim().is_empty() { "–".into() } else { reason.to_string() },
    ]
}

fn calc_section(
    versions: &[CalcVersion],
    factors: &[CalcFactor],
    code: &str,
    charts: &mut Charts,
) -> (Option<CalcSection>, String) {
    let Some(version) = approved_calculation(versions) else {
        let note = if versions.is_empty() {
            "Insatsen har ingen nyttokalkyl."
        } else {
            "Nyttokalkylen är ett utkast och inte godkänd; rapporten visar bara godkända kalkyler."
        };
        return (None, note.into());
    };
    let result = match calc::calculate(&version.calculation, factors) {
        Ok(result) => result,
        Err(errors) => {
            let list: Vec<String> = errors.0.iter().map(|e| e.message.clone()).collect();
            return (
                None,
                format!("Den godkända nyttokalkylen ({}) kan inte räknas: {}", version.describe(), list.join(" ")),
            );
        }
    };
    let note = match versions.last() {
        Some(last) if !last.is_approved() && last.version > version.version => format!(
            "Det finns ett utkast (version {}) som inte är godkänt; rapporten visar den senast godkända versionen.",
            last.version
        ),
        _ => String::new(),
    };
    (Some(calc_tables(version, factors, &result, code, charts)), note)
}

fn calc_tables(
    version: &CalcVersion,
    factors: &[CalcFactor],
    result: &CalculationResult,
    code: &str,
    charts: &mut Charts,
) -> CalcSection {
    // The same figures, words and rounding as the window (report::calc_table).
    let mut scenarios = vec![{
        let mut head = vec![String::new()];
        head.extend(Scenario::ALL.iter().map(|s| s.label().to_string()));
        head
    }];
    scenarios.extend(calc_table::result_rows(result, Precision::Kronor).into_iter().map(|r| {
        let label = if r.indent { format!("{}{}", "\u{a0}".repeat(4), r.label) } else { r.label.to_string() };
        let mut row = vec![label];
        row.extend(r.values);
        row
    }));
    let likely = result.scenario(Scenario::Likely);
    let title = format!("{code}: nyttokalkyl, troligt scenario (tkr)");
    let chart = charts.add(
        calculation_chart_svg(likely, &title, CALC_CHART_SIZE.0, CALC_CHART_SIZE.1),
        text_alternative(likely),
        format!(
            "Nyttokalkylen ({}), troligt scenario: nyttor och kostnader per år och ackumulerat diskonterat netto.",
            version.describe()
        ),
    );
    let summaries = calc_table::line_summaries(&version.calculation, factors);
    let lines = version
        .calculation
        .lines
        .iter()
        .zip(&summaries)
        .map(|(line, summary)| {
            let mut value = summary.annual_value.clone();
            if let Some(formula) = &summary.formula {
                value = format!("{value}\n{formula}");
            }
            vec![
                summary.line.to_string(),
                line.kind.label().to_string(),
                line.description.clone(),
                format!("{}, {}", line.category.label(), line.perspective.label()),
                value,
            ]
        })
        .collect();
    CalcSection {
        version: version.describe(),
        settings: calc_table::settings_text(&result.settings),
        scenarios,
        chart,
        lines,
        not_monetised: calc_table::not_monetised_rows(result)
            .into_iter()
            .map(|n| {
                vec![n.line.to_string(), n.description, format!("{}, {}", n.category, n.perspective), n.score_text]
            })
            .collect(),
        warnings: calc_table::warning_rows(result).into_iter().map(|w| w.message).collect(),
    }
}

fn plan_section(version: &str, plan: &Plan) -> PlanSection {
    let benefits = plan
        .benefits
        .iter()
        .map(|b| BenefitBlock {
            name: b.name.clone(),
            facts: vec![
                fact("Förändring", b.change.clone()),
                fact("Effekt", b.effect.clone()),
                fact("Effektmål", b.goal.clone()),
                fact("Nyttoägare", b.owner.clone()),
                fact("Indikatorer", b.indicators.iter().map(|i| i.code.clone()).collect::<Vec<_>>().join(", ")),
            ],
        })
        .collect();
    let indicators = plan
        .indicators()
        .map(|(_, i)| {
            vec![
                format!("{} – {}", i.code, i.name),
                i.direction.label().to_string(),
                i.baseline
                    .as_ref()
                    .map(|b| format!("{}\n({})", value_with_unit(b.value, &i.unit), format::date(b.date)))
                    .unwrap_or_else(|| "saknas".into()),
                i.sorted_targets()
                    .iter()
                    .map(|t| format!("{}: {}", months_label(t.months_after_go_live), value_with_unit(t.value, &i.unit)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                i.measured_by.clone(),
                [i.method.as_str(), i.frequency.as_str(), i.data_source.as_str()]
                    .iter()
                    .filter(|t| !t.trim().is_empty())
                    .copied()
                    .map(|t| t.trim())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ]
        })
        .collect();
    PlanSection {
        version: version.to_string(),
        benefits,
        indicators,
        prerequisites: plan.prerequisites.clone(),
        risks: plan.risks.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::initiative::{CostType, CostYearFields};
    use crate::model::plan::Target;
    use crate::model::{Approval, TargetHistoryEntry};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_council_pack_cuts_long_texts_at_a_space_and_says_so() {
        let short = "Leverantören är försenad.".repeat(10);
        assert_eq!(council_excerpt(&short), short, "a text within the limit is whole");
        let at_limit = "x".repeat(COUNCIL_TEXT_CHARS);
        assert_eq!(council_excerpt(&at_limit), at_limit);

        let long = "Leverantören levererade inte i tid ".repeat(40);
        let cut = council_excerpt(&long);
        assert!(cut.ends_with(&format!(" {CUT_MARKER}")), "{cut}");
        let kept = cut.strip_suffix(&format!(" {CUT_MARKER}")).unwrap();
        assert!(long.starts_with(kept) && kept.chars().count() <= COUNCIL_TEXT_CHARS);
        assert!(kept.chars().count() >= COUNCIL_TEXT_CHARS * 4 / 5);
        assert!(long[kept.len()..].starts_with(' '), "cut between words: {kept}");
    }

    #[test]
    fn an_unbroken_text_is_cut_at_the_limit_but_never_inside_an_emoji() {
        let word = "W".repeat(COUNCIL_TEXT_CHARS * 2);
        let cut = council_excerpt(&word);
        assert_eq!(cut.chars().filter(|&c| c == 'W').count(), COUNCIL_TEXT_CHARS);
        let family = "👨\u{200D}👩\u{200D}👧";
        let emoji = family.repeat(COUNCIL_TEXT_CHARS);
        let kept = council_excerpt(&emoji).strip_suffix(&format!(" {CUT_MARKER}")).unwrap().to_string();
        assert!(!kept.ends_with('\u{200D}'), "not cut after a joiner");
        let accents = "e\u{0301}".repeat(COUNCIL_TEXT_CHARS);
        let kept = council_excerpt(&accents).strip_suffix(&format!(" {CUT_MARKER}")).unwrap().to_string();
        assert!(kept.ends_with('\u{0301}'), "an accent stays with its letter");
    }

    fn entry(version: u32, reason: &str, six: i64, changed: bool) -> TargetHistoryEntry {
        TargetHistoryEntry {
            version,
            approval: Approval {
                approved_by: "Rådet".into(),
                approved_at: d(2026, version, 1),
                decision_ref: "DR".into(),
            },
            reason: reason.into(),
            baseline: Some(Decimal::from(30)),
            targets: vec![
                Target { months_after_go_live: 6, value: Decimal::from(six) },
                Target { months_after_go_live: 12, value: Decimal::from(70) },
            ],
            changed,
        }
    }

    #[test]
    fn a_changed_target_is_shown_with_first_and_current_value_and_the_reason() {
        let history = vec![IndicatorTargetHistory {
            code: "EANDEL".into(),
            name: "Andel digitala ansökningar".into(),
            unit: "%".into(),
            entries: vec![entry(1, "", 50, false), entry(2, "Avtalet försenades.", 45, true)],
        }];
        let changes = target_changes(&history);
        assert_eq!(changes.len(), 1, "only the 6-month target changed");
        let c = &changes[0];
        assert_eq!(c.indicator, "EANDEL – Andel digitala ansökningar");
        assert_eq!(c.what, "Mål 6\u{a0}mån");
        assert_eq!((c.first.as_str(), c.current.as_str()), ("50\u{a0}%", "45\u{a0}%"));
        assert_eq!(c.changed_in, "version 2 (2026-02-01)");
        assert_eq!(c.reason, "Avtalet försenades.");
        assert!(target_changes(&[IndicatorTargetHistory {
            entries: vec![entry(1, "", 50, false)],
            ..history[0].clone()
        }])
        .is_empty());
    }

    #[test]
    fn costs_are_summed_per_year_in_tkr_with_a_total() {
        let cost = |year, cost_type, budget: Option<i64>, actual: Option<i64>| CostYear {
            id: 0,
            initiative_id: 1,
            fields: CostYearFields {
                year,
                cost_type,
                budget: budget.map(Decimal::from),
                actual: actual.map(Decimal::from),
                forecast: None,
                hours: None,
                comment: String::new(),
            },
        };
        let rows = sum_costs(&[
            cost(2026, CostType::Intern, Some(1_000_000), Some(400_000)),
            cost(2025, CostType::Extern, Some(2_500_000), None),
            cost(2026, CostType::Extern, Some(234_500), Some(100_000)),
        ]);
        assert_eq!(rows[0], ["2025", "2\u{a0}500", "–", "–"]);
        assert_eq!(rows[1], ["2026", "1\u{a0}235", "500", "–"]);
        assert_eq!(rows[2], ["Totalt", "3\u{a0}735", "500", "–"]);
    }

    #[test]
    fn long_lists_are_cut_and_the_rest_counted_per_organisation() {
        let row = |i: usize| Deviation {
            code: format!("K-{}", i / 2),
            name: String::new(),
            report_date: String::new(),
            dimension: "Tid".into(),
            status: StatusText::rag(Rag::Rod),
            cause: String::new(),
            action: String::new(),
        };
        let rows: Vec<(&str, Deviation)> =
            (0..MAX_LIST_ROWS + 7).map(|i| (if i % 2 == 0 { "Org A" } else { "Org B" }, row(i))).collect();
        let (kept, left_out) = capped(rows, "avvikelser");
        assert_eq!(kept.len(), MAX_LIST_ROWS);
        let left_out = left_out.expect("something is left out");
        assert!(left_out.text.contains("Ytterligare 7 avvikelser i 7 insatser"), "{}", left_out.text);
        assert_eq!(left_out.by_organisation, [["Org A", "4", "4"], ["Org B", "3", "3"]]);
        let (kept, none) = capped(vec![("Org A", row(0))], "avvikelser");
        assert_eq!((kept.len(), none.is_none()), (1, true));
    }

    #[test]
    fn indicator_counts_name_the_statuses_that_occur_worst_first() {
        use Status::*;
        assert_eq!(status_count_text([Gron, Rod, Gron, Kommande]), "4 indikatorer: 1 ■ Röd, 2 ● Grön, 1 ○ Kommande");
        assert_eq!(status_count_text([Saknas]), "1 indikator: 1 ? Saknas");
    }

    #[test]
    fn month_labels_are_centred_under_their_ticks_and_never_overlap() {
        let width = |l: &str| super::super::pdf::text_width(l, SMALL_CHART_LABEL);
        let labels = vec![(0.0, "jul 2025".to_string()), (40.0, "jan 2026".into()), (41.0, "jul 2026".into())];
        let gaps = x_label_gaps(labels, 20.0);
        // The first is centred at 20 + 0 from the value column's left edge.
        assert!((gaps[0].0 + width("jul 2025") / 2.0 - 20.0).abs() < 0.01, "{gaps:?}");
        assert!((gaps[0].0 + width("jul 2025") + gaps[1].0 + width("jan 2026") / 2.0 - 60.0).abs() < 0.01);
        // The third would overlap the second: it follows it directly instead.
        assert_eq!(gaps[2].0, 0.0);
        assert!(gaps.iter().all(|(gap, _)| *gap >= 0.0));
    }

    #[test]
    fn statuses_carry_word_symbol_and_colour() {
        let red = StatusText::rag(Rag::Rod);
        assert_eq!((red.word.as_str(), red.symbol.as_str(), red.colour.as_str()), ("Röd", "■", "#D55E00"));
        assert_eq!(StatusText::followup(Status::Saknas).word, "Saknas");
        assert_eq!(StatusText::no_plan().word, "Ingen godkänd plan");
    }
}
