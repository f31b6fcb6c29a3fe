//! Portfolio roll-up: statuses and values over many initiatives, built for speed (no
//! per-indicator allocation; binary search in pre-sorted measurement series).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::indicator::{indicator_status, realisation_achievement};
use super::initiative::{
    evaluate_plan, measurement_todo, realised_value, LineValue, PlanFollowUp, TodoItem,
};
use super::readings::MeasurementLookup;
use super::{AchievementRatio, Status, StatusCounts};
use crate::model::plan::Plan;

/// One initiative as the follow-up needs it. Everything is borrowed, so a store can build
/// these over data it already holds. `organisation` and `phase` are the texts to group by
/// (e.g. the organisation's name and the phase label).
#[derive(Debug)]
pub struct InitiativeInput<'a, L: MeasurementLookup + ?Sized> {
    pub code: &'a str,
    pub name: &'a str,
    pub organisation: &'a str,
    pub phase: &'a str,
    pub go_live: Option<NaiveDate>,
    /// The latest approved plan version.
    pub plan: &'a Plan,
    /// The initiative's measurements per indicator code, sorted by date.
    pub measurements: &'a L,
    /// Calculated annual values of the calculation lines the plan links to.
    pub line_values: &'a [LineValue],
}

impl<L: MeasurementLookup + ?Sized> Clone for InitiativeInput<'_, L> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<L: MeasurementLookup + ?Sized> Copy for InitiativeInput<'_, L> {}

/// The full follow-up of one initiative (what `nytta status` prints per initiative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeFollowUp {
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub phase: String,
    #[serde(flatten)]
    pub followup: PlanFollowUp,
}

/// Full follow-up of one initiative.
pub fn evaluate_initiative<L: MeasurementLookup + ?Sized>(
    input: &InitiativeInput<'_, L>,
    as_of: NaiveDate,
) -> InitiativeFollowUp {
    InitiativeFollowUp {
        code: input.code.to_string(),
        name: input.name.to_string(),
        organisation: input.organisation.to_string(),
        phase: input.phase.to_string(),
        followup: evaluate_plan(
            input.plan,
            input.go_live,
            input.measurements,
            input.line_values,
            as_of,
        ),
    }
}

/// Counts for one organisation or phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub name: String,
    pub counts: StatusCounts,
}

/// One initiative's line in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeStatusRow {
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub phase: String,
    pub go_live: Option<NaiveDate>,
    pub status: Status,
    pub indicators: StatusCounts,
    pub calculated_annual_value: Decimal,
    /// The sum of the realised values of its measured benefits (issue 17: none while a
    /// benefit is saknas or kommande).
    pub realised_annual_value: Decimal,
    /// Whether any linked benefit has a realised value: without one the initiative's
    /// realised value is "ej mätt", not 0.
    #[serde(default)]
    pub realised_known: bool,
}

/// The portfolio roll-up as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioSummary {
    pub as_of: NaiveDate,
    /// Initiatives per benefit status.
    pub initiatives: StatusCounts,
    /// Indicators per status.
    pub indicators: StatusCounts,
    /// Initiatives per status for each organisation, in order of first appearance.
    pub by_organisation: Vec<GroupCounts>,
    /// Initiatives per status for each phase, in order of first appearance.
    pub by_phase: Vec<GroupCounts>,
    /// One row per initiative, in input order.
    pub rows: Vec<InitiativeStatusRow>,
    pub calculated_annual_value: Decimal,
    pub realised_annual_value: Decimal,
}

fn group<'g>(groups: &'g mut Vec<GroupCounts>, name: &str) -> &'g mut StatusCounts {
    let pos = match groups.iter().position(|g| g.name == name) {
        Some(pos) => pos,
        None => {
            groups.push(GroupCounts {
                name: name.to_string(),
                counts: StatusCounts::default(),
            });
            groups.len() - 1
        }
    };
    &mut groups[pos].counts
}

/// Rolls the portfolio up: each initiative's benefit status (worst of its indicators),
/// counted in total, per organisation and per phase, with calculated and realised values.
/// Gives the same statuses and values as [`evaluate_initiative`], without building the
/// per-indicator details.
pub fn portfolio_summary<L: MeasurementLookup + ?Sized>(
    inputs: &[InitiativeInput<'_, L>],
    as_of: NaiveDate,
) -> PortfolioSummary {
    let mut summary = PortfolioSummary {
        as_of,
        initiatives: StatusCounts::default(),
        indicators: StatusCounts::default(),
        by_organisation: Vec::new(),
        by_phase: Vec::new(),
        rows: Vec::with_capacity(inputs.len()),
        calculated_annual_value: Decimal::ZERO,
        realised_annual_value: Decimal::ZERO,
    };
    for input in inputs {
        let mut indicators = StatusCounts::default();
        let mut status = Status::Kommande;
        let mut calculated = Decimal::ZERO;
        let mut realised = Decimal::ZERO;
        let mut realised_known = false;
        for benefit in &input.plan.benefits {
            let mut benefit_status = Status::Kommande;
            let line = benefit
                .calculation_line
                .as_ref()
                .and_then(|key| input.line_values.iter().find(|l| &l.key == key))
                .map(|l| l.annual_value);
            let mut lowest: Option<AchievementRatio> = None;
            for indicator in &benefit.indicators {
                let Some(g) = input.go_live else {
                    indicators.add(Status::Kommande);
                    continue;
                };
                let series = input.measurements.series(&indicator.code);
                let s = indicator_status(indicator, g, series, as_of);
                indicators.add(s);
                status = status.worst(s);
                benefit_status = benefit_status.worst(s);
                if line.is_some() {
                    if let Some(a) = realisation_achievement(indicator, g, series, as_of) {
                        lowest = Some(lowest.map_or(a, |l| if a.value() < l.value() { a } else { l }));
                    }
                }
            }
            if let Some(c) = line {
                calculated += c;
                if let Some(a) = lowest.filter(|_| super::realised_is_measured(benefit_status)) {
                    realised += realised_value(c, &a);
                    realised_known = true;
                }
            }
        }
        summary.initiatives.add(status);
        summary.indicators.merge(&indicators);
        group(&mut summary.by_organisation, input.organisation).add(status);
        group(&mut summary.by_phase, input.phase).add(status);
        summary.calculated_annual_value += calculated;
        summary.realised_annual_value += realised;
        summary.rows.push(InitiativeStatusRow {
            code: input.code.to_string(),
            name: input.name.to_string(),
            organisation: input.organisation.to_string(),
            phase: input.phase.to_string(),
            go_live: input.go_live,
            status,
            indicators,
            calculated_annual_value: calculated,
            realised_annual_value: realised,
            realised_known,
        });
    }
    summary
}

/// A to-do item with the initiative it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioTodoItem {
    pub initiative_code: String,
    pub initiative_name: String,
    #[serde(flatten)]
    pub item: TodoItem,
}

/// Measurements due within `within_days` or missing, over all initiatives with a go-live
/// date, sorted by checkpoint date, initiative code, indicator code.
pub fn portfolio_todo<L: MeasurementLookup + ?Sized>(
    inputs: &[InitiativeInput<'_, L>],
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<PortfolioTodoItem> {
    let mut items: Vec<PortfolioTodoItem> = Vec::new();
    for input in inputs {
        let Some(g) = input.go_live else { continue };
        for item in measurement_todo(input.plan, g, input.measurements, as_of, within_days) {
            items.push(PortfolioTodoItem {
                initiative_code: input.code.to_string(),
                initiative_name: input.name.to_string(),
                item,
            });
        }
    }
    items.sort_by(|a, b| {
        (
            a.item.checkpoint_date,
            &a.initiative_code,
            &a.item.indicator_code,
        )
            .cmp(&(
                b.item.checkpoint_date,
                &b.initiative_code,
                &b.item.indicator_code,
            ))
    });
    items
}

/// What `nytta status` prints: every initiative in full, and the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub as_of: NaiveDate,
    pub initiatives: Vec<InitiativeFollowUp>,
    pub portfolio: PortfolioSummary,
}

/// Builds the full status report.
pub fn status_report<L: MeasurementLookup + ?Sized>(
    inputs: &[InitiativeInput<'_, L>],
    as_of: NaiveDate,
) -> StatusReport {
    StatusReport {
        as_of,
        initiatives: inputs
            .iter()
            .map(|i| evaluate_initiative(i, as_of))
            .collect(),
        portfolio: portfolio_summary(inputs, as_of),
    }
}
