//! The portfolio's follow-up columns (6-month status, 12-month status, benefit status, next
//! checkpoint) and the to-do list of measurements, for every initiative with an approved
//! plan. Built from one read of the register that brings only the measurements the statuses
//! look at ([`status_data`](crate::store::MeasurementStore::status_data)).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{relative_days, StatusView};
use crate::followup::{
    evaluate_checkpoint, next_checkpoint, portfolio_summary, portfolio_todo, InitiativeInput,
    MeasurementIndex, MeasurementLookup, Status, StatusCounts,
};
use crate::format;
use crate::followup::FollowUpData;
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
                realised_annual_value: linked.then(|| {
                    if row.realised_known { format::kr(row.realised_annual_value) } else { format::NOT_MEASURED.into() }
                }),
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

/// The portfolio's follow-up columns as of `as_of`.
pub fn portfolio_followup<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<PortfolioFollowup> {
    let mut followup = followup_columns(&register.status_data(as_of)?, as_of);
    let summaries = register.initiative_summaries()?;
    followup.gaps = gap_counts(&summaries);
    followup.overdue_reports = super::lists::overdue_reports(&summaries, as_of);
    Ok(followup)
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
