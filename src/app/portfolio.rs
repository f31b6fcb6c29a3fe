//! The portfolio's follow-up columns (6-month status, 12-month status, benefit status, next
//! checkpoint) and the to-do list of measurements, for every initiative with an approved
//! plan. Built from one read of the register ([`followup_data`](crate::store::MeasurementStore::followup_data)).

use chrono::NaiveDate;
use serde::Serialize;

use super::{relative_days, StatusView};
use crate::followup::{
    evaluate_checkpoint, next_checkpoint, portfolio_summary, portfolio_todo, InitiativeInput,
    MeasurementIndex, MeasurementLookup, Status, StatusCounts,
};
use crate::format;
use crate::followup::FollowUpData;
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
}

#[derive(Debug, Clone, Serialize)]
pub struct NextCheckpointView {
    pub date: NaiveDate,
    pub months: u32,
    /// "2026-11-03 (12 mån)".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioFollowup {
    pub as_of: NaiveDate,
    pub rows: Vec<FollowupColumns>,
    /// Initiatives per benefit status.
    pub counts: StatusCounts,
    /// The statuses in roll-up order, for filters and legends.
    pub statuses: Vec<StatusView>,
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

/// The follow-up columns of the portfolio, from data already read.
pub fn followup_columns(data: &FollowUpData, as_of: NaiveDate) -> PortfolioFollowup {
    let inputs = data.inputs();
    let summary = portfolio_summary(&inputs, as_of);
    let rows = data
        .entries
        .iter()
        .zip(&inputs)
        .zip(&summary.rows)
        .map(|((entry, input), row)| {
            let linked = entry
                .plan
                .benefits
                .iter()
                .any(|b| b.calculation_line.is_some());
            FollowupColumns {
                initiative_id: entry.initiative_id,
                plan_version: entry.plan_version,
                status_6: checkpoint_status(input, 6, as_of).map(Into::into),
                status_12: checkpoint_status(input, 12, as_of).map(Into::into),
                status: row.status.into(),
                next_checkpoint: entry
                    .go_live
                    .and_then(|g| next_checkpoint(&entry.plan, g, as_of))
                    .map(|n| NextCheckpointView {
                        date: n.date,
                        months: n.months_after_go_live,
                        text: format!("{} ({} mån)", format::date(n.date), n.months_after_go_live),
                    }),
                calculated_annual_value: linked.then(|| format::kr(row.calculated_annual_value)),
                realised_annual_value: linked.then(|| format::kr(row.realised_annual_value)),
            }
        })
        .collect();
    PortfolioFollowup {
        as_of,
        rows,
        counts: summary.initiatives,
        statuses: Status::ALL.into_iter().map(Into::into).collect(),
    }
}

/// The portfolio's follow-up columns as of `as_of`.
pub fn portfolio_followup<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<PortfolioFollowup> {
    Ok(followup_columns(&register.followup_data(None)?, as_of))
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
    /// "om 3 dagar", "för 12 dagar sedan".
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
}

/// Measurements due within [`TODO_DAYS`] of `as_of` and missing ones, sorted by date.
pub fn todo_list<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<TodoList> {
    let data = register.followup_data(None)?;
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
    })
}
