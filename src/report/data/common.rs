//! What both reports share: the report and its charts, statuses in words, facts, status blocks,
//! target changes, cost sums and the formatting helpers (dates, tkr, months, running heads).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use typst::foundations::Bytes;

use crate::report::pdf::chart_path;
use crate::report::followup_chart::with_unit as value_with_unit;
use crate::followup::{FollowUpEntry, IndicatorFollowUp, MeasurementLookup, Observation, PlanFollowUp, Status};
use crate::format;
use crate::model::initiative::{CostYear, Rag, StatusReport, StatusReportFields};
use crate::model::plan::{Indicator, Plan};
use crate::model::IndicatorTargetHistory;

/// An achievement as a whole percentage: `0.8` → `80 %` (as the window shows it).
pub(super) fn achievement_text(achievement: Decimal) -> String {
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

/// A report's data and the charts it places (chart `i` is `/charts/{i}.svg`). The charts are
/// kept as typst's shared [`Bytes`], so that typesetting places them without a copy.
#[derive(Debug, Clone)]
pub struct Report<T> {
    pub data: T,
    pub charts: Vec<Bytes>,
    /// Stable identity of the document, hashed into the PDF's identifier.
    pub ident: String,
}

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
pub(super) struct Charts(pub(super) Vec<Bytes>);

impl Charts {
    pub(super) fn add(&mut self, svg: String, alt: String, caption: impl Into<String>) -> ChartRef {
        self.0.push(Bytes::from_string(svg));
        ChartRef { file: chart_path(self.0.len() - 1), alt, caption: caption.into() }
    }
}

/// A label and its value.
pub type Fact = (String, String);

pub(super) fn fact(label: &str, value: impl Into<String>) -> Fact {
    let value = value.into();
    (label.to_string(), if value.trim().is_empty() { "–".to_string() } else { value })
}

pub(super) fn date_or_dash(date: Option<NaiveDate>) -> String {
    date.map(format::date).unwrap_or_else(|| "–".into())
}

/// Thousands of kronor without the unit, for columns headed "tkr": `1 235`.
pub(super) fn tkr_number(value: Decimal) -> String {
    format::number(value / Decimal::from(1000), 0)
}

pub(super) fn tkr_or_dash(value: Option<Decimal>) -> String {
    value.map(tkr_number).unwrap_or_else(|| "–".into())
}

pub(super) fn months_label(months: u32) -> String {
    format!("{months}{}mån", format::NBSP)
}

/// The legend printed on every report: every status with its symbol and word.
pub(super) fn legend() -> Vec<StatusText> {
    Status::ALL.into_iter().map(StatusText::followup).collect()
}

/// The latest status report for a period ending on or before `date`.
pub(super) fn report_as_of(reports: &[StatusReport], date: NaiveDate) -> Option<&StatusReportFields> {
    reports.iter().map(|r| &r.fields).filter(|r| r.period_end <= date).max_by_key(|r| r.period_end)
}

/// A status report's three dimensions with orsak and åtgärd.
#[derive(Debug, Clone, Serialize)]
pub struct StatusBlock {
    pub period_end: String,
    pub dimensions: Vec<DimensionRow>,
    pub comment: String,
    /// "Inaktuell – statusrapport för perioden t.o.m. …" when the report is older than one
    /// reporting period as of the report date (`model::register_lists::status_report_stale`):
    /// its statuses are then not current, and the template says so above them.
    pub stale: Option<String>,
}

/// The words a status report's statuses carry in a report as of `date`: `Some` when it is
/// older than one reporting period of the initiative (never shown as current).
pub(super) fn stale_words(
    report: &StatusReportFields,
    period: crate::model::register_lists::ReportingPeriod,
    date: NaiveDate,
) -> Option<String> {
    crate::model::register_lists::status_report_stale(report.period_end, period, date)
        .then(|| crate::model::register_lists::stale_label(report.period_end))
}

/// A status in a table row of a stale report: the word says it is not current.
pub(super) fn stale_status(status: StatusText, stale: bool) -> StatusText {
    if stale {
        StatusText { word: format!("{} (inaktuell)", status.word), ..status }
    } else {
        status
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionRow {
    pub name: String,
    pub status: StatusText,
    pub cause: String,
    pub action: String,
}

pub(super) fn dimensions(report: &StatusReportFields) -> [(&'static str, &crate::model::initiative::Dimension); 3] {
    [("Tid", &report.time), ("Kostnad", &report.cost), ("Resultat", &report.result)]
}

pub(super) fn status_block(report: &StatusReportFields) -> StatusBlock {
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
        stale: None,
    }
}

/// A measurement series up to and including the report date: a report as of an earlier date
/// shows what was known then.
pub(super) fn series_until(entry: &FollowUpEntry, code: &str, date: NaiveDate) -> Vec<Observation> {
    entry.measurements.series(code).iter().filter(|o| o.date <= date).copied().collect()
}

/// Every indicator of the plan with its benefit's name and its follow-up, in plan order.
pub(super) fn evaluated_indicators<'a>(
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
pub(super) fn target_changes(history: &[IndicatorTargetHistory]) -> Vec<TargetChange> {
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

/// The "Endast externa kostnader" flag as a report prints it: symbol, word and meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostFlag {
    pub symbol: String,
    pub label: String,
    pub meaning: String,
}

impl CostFlag {
    pub fn only_external() -> Self {
        use crate::model::costs::{ONLY_EXTERNAL_LABEL, ONLY_EXTERNAL_MEANING, ONLY_EXTERNAL_SYMBOL};
        CostFlag { symbol: ONLY_EXTERNAL_SYMBOL.into(), label: ONLY_EXTERNAL_LABEL.into(), meaning: ONLY_EXTERNAL_MEANING.into() }
    }
}

/// Costs as the reports print them (docs/kostnader.md): a row per year, kind and type with
/// Budget, Utfall, Prognos and Avvikelse in tkr and the hours beside their rate; the sums per
/// kind and type, per type, per kind and of all, intern and extern never added into one
/// figure without both beside it; the only-external flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostSection {
    /// År, Slag, Typ, Budget, Utfall, Prognos, Avvikelse (tkr), Timmar och timpris.
    pub rows: Vec<Vec<String>>,
    /// Summa, Budget, Utfall, Prognos, Avvikelse (tkr); the last is the total of all.
    pub totals: Vec<Vec<String>>,
    pub only_external: Option<CostFlag>,
    pub note: String,
}

/// The rows of one initiative, or of many (the council pack): rows of the same year, kind and
/// type are summed into one line, their hours added (a rate is shown only for one row).
pub(super) fn cost_section<'a>(rows: impl IntoIterator<Item = &'a CostYear>) -> CostSection {
    use crate::model::costs::{self, Amounts};
    let fields: Vec<&crate::model::initiative::CostYearFields> = rows.into_iter().map(|c| &c.fields).collect();
    let summary = costs::summarise(fields.iter().copied());
    let mut lines: Vec<(&costs::CostLine, Amounts, Vec<&crate::model::initiative::CostYearFields>)> = Vec::new();
    for line in &summary.lines {
        let same = |f: &&crate::model::initiative::CostYearFields| f.year == line.year && f.cost_type == line.cost_type && f.kind == line.kind;
        match lines.last_mut() {
            Some((first, sum, _)) if (first.year, first.kind, first.cost_type) == (line.year, line.kind, line.cost_type) => {
                sum.add(&line.amounts);
            }
            _ => lines.push((line, line.amounts, fields.iter().copied().filter(same).collect())),
        }
    }
    let hours = |of: &[&crate::model::initiative::CostYearFields]| match of {
        [one] => costs::hours_text(one),
        many => {
            let total: Option<Decimal> = many.iter().filter_map(|f| f.hours).reduce(|a, b| a + b);
            total.map(|h| format!("{} h", format::value(h))).unwrap_or_else(|| "–".into())
        }
    };
    let amounts = |a: &Amounts| vec![tkr_or_dash(a.budget), tkr_or_dash(a.actual), tkr_or_dash(a.forecast), tkr_or_dash(a.deviation)];
    let table_rows = lines
        .iter()
        .map(|(l, sum, of)| {
            let mut row = vec![l.year.to_string(), l.kind.label().to_string(), l.cost_type.label().to_string()];
            row.extend(amounts(sum));
            row.push(hours(of));
            row
        })
        .collect();
    let mut totals = Vec::new();
    if !summary.lines.is_empty() {
        for (kind, cost_type, a) in &summary.by_kind_and_type {
            let mut row = vec![format!("{}, {}", kind.label(), cost_type.label().to_lowercase())];
            row.extend(amounts(a));
            totals.push(row);
        }
        for (cost_type, a) in &summary.by_type {
            let mut row = vec![format!("{} totalt", cost_type.label())];
            row.extend(amounts(a));
            totals.push(row);
        }
        for (kind, a) in &summary.by_kind {
            let mut row = vec![format!("{} totalt", kind.label())];
            row.extend(amounts(a));
            totals.push(row);
        }
        let mut row = vec!["Totalt, intern och extern".to_string()];
        row.extend(amounts(&summary.total));
        totals.push(row);
    }
    CostSection {
        rows: table_rows,
        totals,
        only_external: summary.only_external.then(CostFlag::only_external),
        note: if summary.lines.is_empty() { String::new() } else { costs::ROUNDING_NOTE.to_string() },
    }
}

/// Calculated and realised annual benefit and the next checkpoint ([`next_checkpoint_text`]),
/// for the key figures of an initiative. "–" when no benefit is linked to a calculation line:
/// nothing to realise.
pub(super) fn benefit_values(followup: &PlanFollowUp) -> Vec<Fact> {
    let linked = followup.benefits.iter().any(|b| b.calculated_annual_value.is_some());
    let amount = |v: Decimal| if linked { format::tkr(v) } else { "–".into() };
    vec![
        fact("Kalkylerad nytta per år", amount(followup.calculated_annual_value)),
        // A yearly rate as of its measurement, the date in the label so the figure stays
        // short; "Ej mätt" while no benefit is measured (issue 17).
        match followup.realised_as_of().filter(|_| linked && followup.realised_known()) {
            Some(date) => fact(
                &format!("Realiserad nytta per år, takt per {}", format::date(date)),
                format::tkr(followup.realised_annual_value),
            ),
            None => fact(
                "Realiserad nytta per år",
                if linked { format::NOT_MEASURED } else { "–" },
            ),
        },
        fact("Nästa kontrollpunkt", next_checkpoint_text(followup)),
    ]
}

/// The key figure "Nästa kontrollpunkt": a passed checkpoint still without a measurement
/// first, in the to-do list's words ("Försenad sedan 2026-09-01 (60 dagar)", with its months),
/// else the next one ("2027-01-15 (12 mån)"); "–" only when nothing is late and nothing is to
/// come.
pub(super) fn next_checkpoint_text(followup: &PlanFollowUp) -> String {
    if let Some(late) = followup.overdue_checkpoint() {
        return format!(
            "{}, {}",
            format::relative_days(late.date, followup.as_of),
            months_label(late.months_after_go_live)
        );
    }
    followup
        .next_checkpoint
        .as_ref()
        .map(|n| format!("{} ({})", format::date(n.date), months_label(n.months_after_go_live)))
        .unwrap_or_else(|| "–".into())
}

/// Characters of a name in a page's header or footer: one line beside the report's title.
pub(super) const RUNNING_HEAD_CHARS: usize = 40;

/// `name` for a running header or footer: whole when short, else its first
/// [`RUNNING_HEAD_CHARS`] characters and "…". A header has one line; a long name there would
/// push it up off the page. The cover and the text print the name whole.
pub(crate) fn running_head(name: &str) -> String {
    match name.char_indices().nth(RUNNING_HEAD_CHARS) {
        Some((end, _)) => format!("{}…", name[..end].trim_end()),
        None => name.to_string(),
    }
}
