//! The portfolio's follow-up columns (6-month status, 12-month status, benefit status, next
//! checkpoint) and the to-do list of measurements, for every initiative with an approved
//! plan. Built from one read of the register that brings only the measurements the statuses
//! look at ([`status_data`](crate::store::MeasurementStore::status_data)).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{relative_days, StatusView};
use crate::followup::{
    evaluate_checkpoint, next_checkpoint, portfolio_summary, portfolio_todo, InitiativeInput,
    MeasurementIndex, MeasurementLookup, Status, StatusCounts,
};
use crate::format;
use crate::followup::FollowUpData;
use crate::io::view_table::{ViewCell, ViewColumn, ViewTable};
use crate::model::initiative::{Gap, InitiativeSummary, Organisation};
use crate::store::{RegisterStore, Result};

/// Days ahead the to-do list looks (design: measurements due within 30 days).
pub const TODO_DAYS: u32 = 30;

/// The follow-up columns of one initiative.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupColumns {
    pub initiative_id: i64,
    pub plan_version: u32,
    /// Worst status of the indicators' 6-month checkpoints; `None` when none has one.
    pub status_6: Option<StatusView>,
    pub status_12: Option<StatusView>,
    /// The initiative's benefit status (worst of its indicators).
    pub status: StatusView,
    pub next_checkpoint: Option<NextCheckpointView>,
    pub calculated_annual_value: Option<String>,
    pub realised_annual_value: Option<String>,
    /// The portfolio's columns "Kalkylerad nytta" and "Realiserad nytta" in tkr per year,
    /// whole (`1 235`); realised reads "Ej mätt" while no linked benefit is measured. `None`
    /// when no benefit of the plan links to a calculation line.
    pub calculated_tkr: Option<String>,
    pub realised_tkr: Option<String>,
    /// The same values in kronor, exact, for sorting and the export (`None` for "Ej mätt").
    pub calculated_kr: Option<Decimal>,
    pub realised_kr: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextCheckpointView {
    pub date: NaiveDate,
    pub months: u32,
    /// "2026-11-03 (12 mån)", or for a passed checkpoint whose measurement is missing
    /// "Försenad sedan 2026-09-01 (60 dagar)".
    pub text: String,
    /// The checkpoint has passed and its measurement is missing (saknas, or kommande within the
    /// grace period): the column
    /// names it rather than a later one or none ("–" would hide what is late).
    pub overdue: bool,
}

/// The checkpoint the column shows: the earliest passed one still without its measurement,
/// else the next to come.
fn checkpoint_to_show(
    entry: &crate::followup::FollowUpEntry,
    input: &InitiativeInput<'_, MeasurementIndex>,
    as_of: NaiveDate,
    status_at: impl Fn(u32) -> Option<Status>,
) -> Option<NextCheckpointView> {
    let go_live = entry.go_live?;
    let mut months: Vec<u32> = entry.plan.indicators().flat_map(|(_, i)| i.targets.iter().map(|t| t.months_after_go_live)).collect();
    months.sort_unstable();
    months.dedup();
    let overdue = months
        .into_iter()
        .filter(|&m| crate::followup::checkpoint_date(go_live, m) < as_of)
        .find(|&m| {
            // Passed and not measured: saknas after the grace period, kommande within it (the
            // council pack's and the to-do list's "Försenad sedan").
            matches!(status_at(m).or_else(|| checkpoint_status(input, m, as_of)), Some(Status::Saknas | Status::Kommande))
        });
    if let Some(m) = overdue {
        let date = crate::followup::checkpoint_date(go_live, m);
        return Some(NextCheckpointView { date, months: m, text: relative_days(date, as_of), overdue: true });
    }
    next_checkpoint(&entry.plan, go_live, as_of).map(|n| NextCheckpointView {
        date: n.date,
        months: n.months_after_go_live,
        text: format!("{} ({} mån)", format::date(n.date), n.months_after_go_live),
        overdue: false,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioFollowup {
    pub as_of: NaiveDate,
    pub rows: Vec<FollowupColumns>,
    /// Initiatives per benefit status.
    pub counts: StatusCounts,
    /// The statuses in roll-up order, for filters and legends.
    pub statuses: Vec<StatusView>,
    /// How many initiatives the portfolio flags for each gap ([`gap_counts`]).
    pub gaps: GapCounts,
    /// The status reports late as of `as_of` ("Statusrapport försenad"), oldest first
    /// ([`super::lists::overdue_reports`]).
    pub overdue_reports: Vec<super::lists::OverdueReport>,
}

/// The count above the portfolio table: "3 insatser saknar effektmål, 2 saknar nyttokalkyl".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GapCounts {
    pub effect_goals: usize,
    pub calculation: usize,
}

/// The initiatives flagged for each gap, from the flags the summaries carry
/// ([`crate::model::initiative::gaps`] is the rule).
pub fn gap_counts(summaries: &[InitiativeSummary]) -> GapCounts {
    let mut counts = GapCounts::default();
    for gap in summaries.iter().flat_map(|s| &s.gaps) {
        match gap {
            Gap::EffectGoals => counts.effect_goals += 1,
            Gap::Calculation => counts.calculation += 1,
        }
    }
    counts
}

/// The worst status at the checkpoint `months` over the plan's indicators with a target
/// there. Allocation-free.
pub fn checkpoint_status(
    input: &InitiativeInput<'_, MeasurementIndex>,
    months: u32,
    as_of: NaiveDate,
) -> Option<Status> {
    let g = input.go_live?;
    let mut worst: Option<Status> = None;
    for (_, indicator) in input.plan.indicators() {
        if let Some(target) = indicator.target_at(months) {
            let series = input.measurements.series(&indicator.code);
            let s = evaluate_checkpoint(indicator, g, target, series, as_of).status;
            worst = Some(worst.map_or(s, |w| w.worst(s)));
        }
    }
    worst
}

/// From how many initiatives [`followup_columns`] evaluates on two threads: below it a
/// thread costs more than it saves.
const TWO_THREADS_FROM: usize = 200;

/// The status columns of one initiative: at 6 months, at 12, the checkpoint to show.
type CheckpointColumns = (Option<Status>, Option<Status>, Option<NextCheckpointView>);

fn checkpoint_columns(entry: &crate::followup::FollowUpEntry, input: &InitiativeInput<'_, MeasurementIndex>, as_of: NaiveDate) -> CheckpointColumns {
    let (status_6, status_12) = (checkpoint_status(input, 6, as_of), checkpoint_status(input, 12, as_of));
    let known = |m: u32| match m {
        6 => status_6,
        12 => status_12,
        _ => None,
    };
    (status_6, status_12, checkpoint_to_show(entry, input, as_of, known))
}

/// The follow-up columns of the portfolio, from data already read.
///
/// The portfolio's summary and the initiatives' checkpoint columns each evaluate every plan:
/// on a large portfolio they are evaluated at the same time, on two threads.
pub fn followup_columns(data: &FollowUpData, as_of: NaiveDate) -> PortfolioFollowup {
    let inputs = data.inputs();
    let all_checkpoints = || -> Vec<CheckpointColumns> {
        data.entries.iter().zip(&inputs).map(|(entry, input)| checkpoint_columns(entry, input, as_of)).collect()
    };
    let (summary, checkpoints) = if inputs.len() >= TWO_THREADS_FROM {
        std::thread::scope(|scope| {
            let checkpoints = scope.spawn(all_checkpoints);
            let summary = portfolio_summary(&inputs, as_of);
            // A panic there is the same bug as it would be here: it goes on as one.
            (summary, checkpoints.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })
    } else {
        (portfolio_summary(&inputs, as_of), all_checkpoints())
    };
    let rows = data
        .entries
        .iter()
        .zip(checkpoints)
        .zip(&summary.rows)
        .map(|((entry, (status_6, status_12, next_checkpoint)), row)| {
            let linked = entry
                .plan
                .benefits
                .iter()
                .any(|b| b.calculation_line.is_some());
            let calculated = linked.then_some(row.calculated_annual_value);
            let realised = calculated.and(row.realised_known.then_some(row.realised_annual_value));
            FollowupColumns {
                initiative_id: entry.initiative_id,
                plan_version: entry.plan_version,
                status_6: status_6.map(Into::into),
                status_12: status_12.map(Into::into),
                status: row.status.into(),
                next_checkpoint,
                calculated_annual_value: linked.then(|| format::kr(row.calculated_annual_value)),
                realised_annual_value: linked.then(|| {
                    if row.realised_known { format::kr(row.realised_annual_value) } else { format::NOT_MEASURED.into() }
                }),
                calculated_tkr: calculated.map(format::tkr_number),
                realised_tkr: linked.then(|| realised.map_or_else(|| format::NOT_MEASURED.into(), format::tkr_number)),
                calculated_kr: calculated,
                realised_kr: realised,
            }
        })
        .collect();
    PortfolioFollowup {
        as_of,
        rows,
        counts: summary.initiatives,
        statuses: Status::ALL.into_iter().map(Into::into).collect(),
        gaps: GapCounts::default(),
        overdue_reports: Vec::new(),
    }
}

/// The portfolio view as the window draws it: every initiative (its latest status report
/// marked inaktuell as of `as_of`) and their follow-up columns.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioView {
    pub initiatives: Vec<InitiativeSummary>,
    pub followup: PortfolioFollowup,
}

/// The portfolio view as of `as_of`, in one read of the initiatives: the follow-up's gap
/// counts and late status reports are taken from the same list the table shows, which the
/// window once read a second time (7 ms of its 105 on the benchmark register,
/// docs/prestanda.md).
pub fn portfolio_view<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<PortfolioView> {
    let data = register.status_data(as_of)?;
    let mut followup = followup_columns(&data, as_of);
    // Freeing a large portfolio's plans and series took 5-9 ms of the first view's 100 on the
    // benchmark register (docs/prestanda.md): that is done on a thread of its own, after the
    // answer.
    if data.entries.len() >= TWO_THREADS_FROM {
        // Should no thread be had, the closure and the data with it are dropped here.
        let _ = std::thread::Builder::new().name("portfolio-free".into()).spawn(move || drop(data));
    } else {
        drop(data);
    }
    let mut initiatives = register.initiative_summaries()?;
    followup.gaps = gap_counts(&initiatives);
    followup.overdue_reports = super::lists::overdue_reports(&initiatives, as_of);
    // A report older than one period is shown as inaktuell, never as current.
    super::lists::mark_stale_reports(&mut initiatives, as_of);
    Ok(PortfolioView { initiatives, followup })
}

// ---- the portfolio as the window shows it, for "Exportera vyn" ----------------------------------

/// A column of the portfolio table, by the key the window uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortfolioColumn {
    #[serde(rename = "code")]
    Code,
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "organisation")]
    Organisation,
    #[serde(rename = "phase")]
    Phase,
    #[serde(rename = "go_live")]
    GoLive,
    #[serde(rename = "tracked")]
    Tracked,
    /// Tid · Kostnad · Resultat of the latest status report: three columns in Excel.
    #[serde(rename = "status")]
    Status,
    /// The period end of the latest status report.
    #[serde(rename = "report_date")]
    ReportDate,
    #[serde(rename = "status_6")]
    Status6,
    #[serde(rename = "status_12")]
    Status12,
    #[serde(rename = "benefit")]
    Benefit,
    #[serde(rename = "calculated")]
    Calculated,
    #[serde(rename = "realised")]
    Realised,
    /// The next checkpoint: its date and its months after go-live, two columns in Excel.
    #[serde(rename = "next")]
    Next,
    #[serde(rename = "gaps")]
    Gaps,
}

impl PortfolioColumn {
    /// The column's headers and widths in the sheet: one column of the window may be more
    /// than one in Excel, where each value is filtered on its own.
    fn sheet_columns(self) -> &'static [(&'static str, f64)] {
        match self {
            PortfolioColumn::Code => &[("Kod", 13.0)],
            PortfolioColumn::Name => &[("Namn", 40.0)],
            PortfolioColumn::Organisation => &[("Leverantör", 32.0)],
            PortfolioColumn::Phase => &[("Fas", 12.0)],
            PortfolioColumn::GoLive => &[("Driftsättning", 13.0)],
            PortfolioColumn::Tracked => &[("Särskilt följd", 13.0)],
            PortfolioColumn::Status => &[("Tid", 16.0), ("Kostnad", 16.0), ("Resultat", 16.0)],
            PortfolioColumn::ReportDate => &[("Senaste statusrapport", 20.0)],
            PortfolioColumn::Status6 => &[("Status 6 mån", 13.0)],
            PortfolioColumn::Status12 => &[("Status 12 mån", 13.0)],
            PortfolioColumn::Benefit => &[("Nyttostatus", 18.0)],
            PortfolioColumn::Calculated => &[("Kalkylerad nytta (tkr/år)", 22.0)],
            PortfolioColumn::Realised => &[("Realiserad nytta (tkr/år)", 22.0)],
            PortfolioColumn::Next => &[("Nästa kontrollpunkt", 18.0), ("Kontrollpunkt (mån)", 18.0)],
            PortfolioColumn::Gaps => &[("Luckor", 50.0)],
        }
    }
}

/// What "Ingen godkänd plan" reads in the follow-up columns of an initiative without one.
const NO_PLAN: &str = "Ingen godkänd plan";

/// The portfolio table as the window shows it: the initiatives `ids` in that order (the
/// window's filter and sort), the `columns` it shows, the values it shows, from the `view`
/// ([`portfolio_view`]). Returns the id not among its initiatives when one is asked for.
pub fn view_table(view: &PortfolioView, columns: &[PortfolioColumn], ids: &[i64]) -> std::result::Result<ViewTable, i64> {
    let (summaries, followup) = (&view.initiatives, &view.followup);
    let by_id: std::collections::HashMap<i64, &InitiativeSummary> = summaries.iter().map(|s| (s.id, s)).collect();
    let followup_of: std::collections::HashMap<i64, &FollowupColumns> =
        followup.rows.iter().map(|f| (f.initiative_id, f)).collect();
    let overdue_of: std::collections::HashMap<i64, &super::lists::OverdueReport> =
        followup.overdue_reports.iter().map(|o| (o.initiative_id, o)).collect();
    let sheet_columns = columns
        .iter()
        .flat_map(|c| c.sheet_columns())
        .map(|&(header, width)| ViewColumn::new(header, width))
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let s = by_id.get(id).ok_or(*id)?;
        let f = followup_of.get(id).copied();
        let mut row = Vec::new();
        for column in columns {
            view_cells(*column, s, f, overdue_of.get(id).copied(), &mut row);
        }
        rows.push(row);
    }
    Ok(ViewTable { sheet_name: "Portfölj".into(), columns: sheet_columns, rows })
}

fn view_cells(
    column: PortfolioColumn,
    s: &InitiativeSummary,
    f: Option<&FollowupColumns>,
    overdue: Option<&super::lists::OverdueReport>,
    row: &mut Vec<ViewCell>,
) {
    // A follow-up column: the status's word, or that there is no approved plan.
    let status = |pick: fn(&FollowupColumns) -> Option<StatusView>| match f {
        Some(f) => pick(f).map_or(ViewCell::Empty, |s| ViewCell::text(s.label)),
        None => ViewCell::text(NO_PLAN),
    };
    match column {
        PortfolioColumn::Code => row.push(ViewCell::text(&s.code)),
        PortfolioColumn::Name => row.push(ViewCell::text(&s.name)),
        PortfolioColumn::Organisation => row.push(ViewCell::text(&s.organisation)),
        PortfolioColumn::Phase => row.push(ViewCell::text(s.phase.label())),
        PortfolioColumn::GoLive => row.push(ViewCell::opt_date(s.go_live_date)),
        PortfolioColumn::Tracked => row.push(ViewCell::text(if s.council_tracked { "Ja" } else { "Nej" })),
        PortfolioColumn::Status => match &s.latest_report {
            // A report older than one period is never shown as current (issue 17).
            Some(r) => {
                let stale = if s.latest_report_stale.is_some() { " (inaktuell)" } else { "" };
                for dimension in [&r.time, &r.cost, &r.result] {
                    row.push(ViewCell::text(format!("{}{stale}", dimension.status.label())));
                }
            }
            None => row.extend([ViewCell::Empty, ViewCell::Empty, ViewCell::Empty]),
        },
        PortfolioColumn::ReportDate => row.push(ViewCell::opt_date(s.latest_report.as_ref().map(|r| r.period_end))),
        PortfolioColumn::Status6 => row.push(status(|f| f.status_6)),
        PortfolioColumn::Status12 => row.push(status(|f| f.status_12)),
        PortfolioColumn::Benefit => row.push(status(|f| Some(f.status))),
        PortfolioColumn::Calculated => {
            row.push(f.and_then(|f| f.calculated_kr).map_or(ViewCell::Empty, |kr| ViewCell::Whole(kr / Decimal::from(1000))))
        }
        PortfolioColumn::Realised => row.push(match f {
            Some(FollowupColumns { realised_kr: Some(kr), .. }) => ViewCell::Whole(kr / Decimal::from(1000)),
            Some(FollowupColumns { realised_tkr: Some(text), .. }) => ViewCell::text(text),
            _ => ViewCell::Empty,
        }),
        PortfolioColumn::Next => match f.and_then(|f| f.next_checkpoint.as_ref()) {
            Some(n) => row.extend([ViewCell::Date(n.date), ViewCell::Integer(i64::from(n.months))]),
            None => row.extend([ViewCell::Empty, ViewCell::Empty]),
        },
        PortfolioColumn::Gaps => {
            let flags: Vec<&str> = s
                .gaps
                .iter()
                .map(|g| g.label())
                .chain(overdue.map(|o| o.label.as_str()))
                .collect();
            row.push(if flags.is_empty() { ViewCell::Empty } else { ViewCell::text(flags.join("; ")) });
        }
    }
}

/// One measurement to take or chase.
#[derive(Debug, Clone, Serialize)]
pub struct TodoRow {
    pub initiative_id: i64,
    pub initiative_code: String,
    pub initiative_name: String,
    pub benefit: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub months: u32,
    pub checkpoint_date: NaiveDate,
    /// "om 3 dagar", "Försenad sedan 2026-09-01 (60 dagar)".
    pub due: String,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub measured_by: String,
    pub status: StatusView,
}

#[derive(Debug, Clone, Serialize)]
pub struct TodoList {
    pub as_of: NaiveDate,
    pub within_days: u32,
    pub rows: Vec<TodoRow>,
    /// Status reports that should have been given by now, oldest first.
    pub overdue_reports: Vec<super::lists::OverdueReport>,
    /// Benefit deviations that are open without an åtgärd, with the benefit owner, oldest
    /// checkpoint first (`app::deviations::todo`).
    pub deviations_without_action: Vec<super::deviations::DeviationRow>,
}

/// Measurements due within [`TODO_DAYS`] of `as_of` and missing ones, sorted by date.
pub fn todo_list<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<TodoList> {
    let data = register.status_data(as_of)?;
    let inputs = data.inputs();
    let rows = portfolio_todo(&inputs, as_of, TODO_DAYS)
        .into_iter()
        .map(|t| {
            let entry = data.by_code(&t.initiative_code);
            TodoRow {
                initiative_id: entry.map(|e| e.initiative_id).unwrap_or_default(),
                initiative_code: t.initiative_code,
                initiative_name: t.initiative_name,
                benefit: t.item.benefit,
                indicator_code: t.item.indicator_code,
                indicator_name: t.item.indicator_name,
                months: t.item.months_after_go_live,
                checkpoint_date: t.item.checkpoint_date,
                due: relative_days(t.item.checkpoint_date, as_of),
                window_from: t.item.window_from,
                window_to: t.item.window_to,
                measured_by: t.item.measured_by,
                status: t.item.status.into(),
            }
        })
        .collect();
    Ok(TodoList {
        as_of,
        within_days: TODO_DAYS,
        rows,
        overdue_reports: super::lists::overdue_reports(&register.initiative_summaries()?, as_of),
        deviations_without_action: super::deviations::todo(&super::deviations::deviation_rows(
            &data,
            &register.deviation_notes(None)?,
            as_of,
        )),
    })
}

/// How the portfolio is grouped (seed 004 §2.4.2.5: the supplier follows up the initiative,
/// the affected nämnd or bolag — its customer — realises the benefits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// By the organisation that delivers and follows up each initiative.
    Supplier,
    /// By the organisations that realise its benefits; an initiative with several customers
    /// is in each of their groups.
    Customer,
}

impl Grouping {
    pub fn label(self) -> &'static str {
        match self {
            Grouping::Supplier => "Leverantör",
            Grouping::Customer => "Kund (realiserar nyttan)",
        }
    }
}

/// One organisation's initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortfolioGroup {
    pub organisation_id: i64,
    pub name: String,
    /// In code order.
    pub initiative_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortfolioGroups {
    pub by: Grouping,
    pub label: &'static str,
    /// The organisations with at least one initiative, by name.
    pub groups: Vec<PortfolioGroup>,
}

/// The initiatives grouped by supplier or by customer. `summaries` in code order,
/// `organisations` by name, as the store gives them.
pub fn group_initiatives(
    summaries: &[InitiativeSummary],
    organisations: &[Organisation],
    by: Grouping,
) -> PortfolioGroups {
    let mut members: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for summary in summaries {
        let owners = match by {
            Grouping::Supplier => std::slice::from_ref(&summary.organisation_id),
            Grouping::Customer => summary.customer_ids.as_slice(),
        };
        for owner in owners {
            members.entry(*owner).or_default().push(summary.id);
        }
    }
    let groups = organisations
        .iter()
        .filter_map(|o| {
            members.remove(&o.id).map(|initiative_ids| PortfolioGroup {
                organisation_id: o.id,
                name: o.name.clone(),
                initiative_ids,
            })
        })
        .collect();
    PortfolioGroups { by, label: by.label(), groups }
}

/// The register's initiatives grouped by supplier or by customer.
pub fn portfolio_groups<S: RegisterStore>(register: &S, by: Grouping) -> Result<PortfolioGroups> {
    Ok(group_initiatives(&register.initiative_summaries()?, &register.organisations()?, by))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::initiative::{OrganisationKind, Phase};

    #[test]
    fn the_next_checkpoint_column_names_a_passed_checkpoint_without_its_measurement() {
        use crate::store::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let register = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        let as_of = crate::demo::demo_date();
        let columns = portfolio_view(&register, as_of).unwrap().followup;
        let of = |code: &str| {
            let id = register.initiative_by_code(code).unwrap().id;
            columns.rows.iter().find(|r| r.initiative_id == id).and_then(|r| r.next_checkpoint.clone()).unwrap()
        };
        // Digital tolk: its 12-month checkpoint (2026-09-01) passed without a measurement.
        let late = of("NR-2024-003");
        assert!(late.overdue);
        assert_eq!((late.date.to_string().as_str(), late.months), ("2026-09-01", 12));
        assert_eq!(late.text, "Försenad sedan 2026-09-01 (60 dagar)");
        // An initiative measured so far shows the checkpoint to come.
        let next = of("NR-2024-002");
        assert!(!next.overdue);
        assert_eq!(next.text, "2027-03-03 (24 mån)");
    }

    fn summary(id: i64, supplier: i64, customers: &[i64]) -> InitiativeSummary {
        InitiativeSummary {
            id,
            code: format!("NR-{id}"),
            name: String::new(),
            organisation_id: supplier,
            organisation: String::new(),
            customer_ids: customers.to_vec(),
            phase: Phase::Ide,
            council_tracked: false,
            go_live_date: None,
            latest_report: None,
            latest_report_stale: None,
            has_effect_goals: false,
            has_calculation: false,
            gaps: Vec::new(),
            reporting_period: Default::default(),
            status_report_due: None,
            category: None,
        }
    }

    fn organisation(id: i64, name: &str) -> Organisation {
        Organisation { id, name: name.into(), kind: OrganisationKind::Forvaltning, committee: String::new() }
    }

    #[test]
    fn the_gaps_are_counted_per_flag() {
        let mut a = summary(1, 1, &[1]);
        a.gaps = vec![Gap::EffectGoals, Gap::Calculation];
        let mut b = summary(2, 1, &[1]);
        b.gaps = vec![Gap::EffectGoals];
        let c = summary(3, 1, &[1]);
        assert_eq!(gap_counts(&[a, b, c]), GapCounts { effect_goals: 2, calculation: 1 });
    }

    #[test]
    fn a_shared_service_is_in_each_customers_group_and_once_in_its_suppliers() {
        // Intraservice (1) supplies two initiatives, one of them to two customers.
        let summaries = [summary(10, 1, &[2, 3]), summary(11, 1, &[1]), summary(12, 3, &[3])];
        let organisations = [organisation(1, "Intraservice"), organisation(3, "Socialförvaltningen"), organisation(2, "Äldre")];
        let by_supplier = group_initiatives(&summaries, &organisations, Grouping::Supplier);
        let groups: Vec<_> = by_supplier.groups.iter().map(|g| (g.name.as_str(), g.initiative_ids.clone())).collect();
        assert_eq!(groups, [("Intraservice", vec![10, 11]), ("Socialförvaltningen", vec![12])]);
        assert_eq!(by_supplier.label, "Leverantör");
        let by_customer = group_initiatives(&summaries, &organisations, Grouping::Customer);
        let groups: Vec<_> = by_customer.groups.iter().map(|g| (g.name.as_str(), g.initiative_ids.clone())).collect();
        assert_eq!(groups, [("Intraservice", vec![11]), ("Socialförvaltningen", vec![10, 12]), ("Äldre", vec![10])]);
    }
}
