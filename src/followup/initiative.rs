//! Follow-up of one initiative's plan: benefit statuses, realised against calculated value,
//! the next checkpoint and the measurements to take.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates::{checkpoint_date, grace_end, plus_days, window};
use super::indicator::{evaluate_indicator, realisation_achievement, IndicatorFollowUp};
use super::readings::{closest_in_window, latest_in, MeasurementLookup};
use super::{AchievementRatio, Status};
use crate::model::plan::{Benefit, Plan};

/// The calculated annual value of a monetised line of the initiative's benefit calculation
/// (kr per year at full effect), supplied by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineValue {
    pub key: String,
    pub annual_value: Decimal,
}

/// The follow-up of one benefit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenefitFollowUp {
    pub name: String,
    pub owner: String,
    /// Worst of its indicators.
    pub status: Status,
    pub calculation_line: Option<String>,
    /// The linked line's annual value; `None` when not linked or the line was not supplied.
    pub calculated_annual_value: Option<Decimal>,
    /// The lowest realisation achievement among its indicators (those with a measurement).
    pub realisation_achievement: Option<Decimal>,
    /// calculated × achievement, with a negative achievement counted as 0 and no cap above:
    /// a yearly rate as of `realised_as_of`. Withheld (`None`, "ej mätt") while the benefit's
    /// status is saknas or kommande, whatever was measured before (issue 17: realised benefit
    /// told truthfully — a missing checkpoint is no evidence of the benefit).
    pub realised_annual_value: Option<Decimal>,
    /// The date of the measurement the realised value rests on (that of the lowest
    /// achievement); `None` with no realised value.
    #[serde(default)]
    pub realised_as_of: Option<NaiveDate>,
    pub indicators: Vec<IndicatorFollowUp>,
}

/// Whether a benefit of `status` has a realised value to show: not while its checkpoint is
/// missing (saknas) or nothing is due yet (kommande) — then it is "ej mätt".
pub fn realised_is_measured(status: Status) -> bool {
    !matches!(status, Status::Saknas | Status::Kommande)
}

/// The earliest checkpoint on or after the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextCheckpoint {
    pub date: NaiveDate,
    pub months_after_go_live: u32,
    /// Codes of the indicators with a target at that checkpoint.
    pub indicators: Vec<String>,
}

/// The follow-up of one plan as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFollowUp {
    pub as_of: NaiveDate,
    pub go_live: Option<NaiveDate>,
    /// The initiative's benefit status: worst of all indicators.
    pub status: Status,
    pub benefits: Vec<BenefitFollowUp>,
    /// Sum of the calculated annual values of linked benefits.
    pub calculated_annual_value: Decimal,
    /// Sum of the realised annual values known so far.
    pub realised_annual_value: Decimal,
    pub next_checkpoint: Option<NextCheckpoint>,
}

impl PlanFollowUp {
    /// Whether any benefit has a realised value to show; without one the plan's realised
    /// value is "ej mätt", not 0.
    pub fn realised_known(&self) -> bool {
        self.benefits.iter().any(|b| b.realised_annual_value.is_some())
    }

    /// The newest measurement date behind the realised values: the realised value is a yearly
    /// rate as of then.
    pub fn realised_as_of(&self) -> Option<NaiveDate> {
        self.benefits.iter().filter_map(|b| b.realised_as_of).max()
    }

    /// The earliest checkpoint before the as-of date that some indicator has no measurement
    /// for: a measurement that is overdue (still *kommande* within its 30 days' grace, then
    /// *saknas*), as the to-do list calls it "Försenad sedan …". `None` when every passed
    /// checkpoint is measured.
    pub fn overdue_checkpoint(&self) -> Option<OverdueCheckpoint> {
        self.benefits
            .iter()
            .flat_map(|b| &b.indicators)
            .flat_map(|i| &i.checkpoints)
            .filter(|c| c.date < self.as_of && c.measurement.is_none())
            .map(|c| OverdueCheckpoint { date: c.date, months_after_go_live: c.months_after_go_live })
            .min_by_key(|c| (c.date, c.months_after_go_live))
    }
}

/// A passed checkpoint still without a measurement ([`PlanFollowUp::overdue_checkpoint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueCheckpoint {
    pub date: NaiveDate,
    pub months_after_go_live: u32,
}

/// Realised annual value: calculated × achievement, achievement below 0 counted as 0, not
/// capped above (a benefit beyond its target realises more than calculated).
pub fn realised_value(calculated_annual_value: Decimal, achievement: &AchievementRatio) -> Decimal {
    if achievement.value() <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    achievement.scale(calculated_annual_value).normalize()
}

fn line_value(line_values: &[LineValue], key: Option<&String>) -> Option<Decimal> {
    let key = key?;
    line_values
        .iter()
        .find(|l| &l.key == key)
        .map(|l| l.annual_value)
}

fn evaluate_benefit<L: MeasurementLookup + ?Sized>(
    benefit: &Benefit,
    go_live: Option<NaiveDate>,
    measurements: &L,
    line_values: &[LineValue],
    as_of: NaiveDate,
) -> BenefitFollowUp {
    let indicators: Vec<IndicatorFollowUp> = benefit
        .indicators
        .iter()
        .map(|i| evaluate_indicator(i, go_live, measurements.series(&i.code), as_of))
        .collect();
    let status = Status::worst_of(indicators.iter().map(|i| i.status));
    let calculated = line_value(line_values, benefit.calculation_line.as_ref());
    // The realised value scales by the achievement as a fraction (multiply first), so it is
    // taken again here rather than from the rounded-by-division value in `indicators`.
    let lowest = go_live.and_then(|g| {
        benefit
            .indicators
            .iter()
            .filter_map(|i| {
                let series = measurements.series(&i.code);
                let ratio = realisation_achievement(i, g, series, as_of)?;
                Some((ratio, latest_in(series, g, as_of)?.date))
            })
            .min_by_key(|(r, _)| r.value())
    });
    let achievement = lowest.as_ref().map(|(r, _)| r.value());
    let (realised, realised_as_of) = match (calculated, lowest) {
        (Some(c), Some((a, date))) if realised_is_measured(status) => (Some(realised_value(c, &a)), Some(date)),
        _ => (None, None),
    };
    BenefitFollowUp {
        name: benefit.name.clone(),
        owner: benefit.owner.clone(),
        status,
        calculation_line: benefit.calculation_line.clone(),
        calculated_annual_value: calculated,
        realisation_achievement: achievement,
        realised_annual_value: realised,
        realised_as_of,
        indicators,
    }
}

/// Evaluates a whole plan as of `as_of`. `measurements` gives each indicator's series sorted
/// by date; `line_values` the calculated annual values of the calculation lines benefits
/// link to.
pub fn evaluate_plan<L: MeasurementLookup + ?Sized>(
    plan: &Plan,
    go_live: Option<NaiveDate>,
    measurements: &L,
    line_values: &[LineValue],
    as_of: NaiveDate,
) -> PlanFollowUp {
    let benefits: Vec<BenefitFollowUp> = plan
        .benefits
        .iter()
        .map(|b| evaluate_benefit(b, go_live, measurements, line_values, as_of))
        .collect();
    let status = Status::worst_of(benefits.iter().map(|b| b.status));
    let calculated = benefits
        .iter()
        .filter_map(|b| b.calculated_annual_value)
        .sum();
    let realised = benefits
        .iter()
        .filter_map(|b| b.realised_annual_value)
        .sum();
    PlanFollowUp {
        as_of,
        go_live,
        status,
        benefits,
        calculated_annual_value: calculated,
        realised_annual_value: realised,
        next_checkpoint: go_live.and_then(|g| next_checkpoint(plan, g, as_of)),
    }
}

/// The earliest checkpoint dated on or after `as_of`, with the indicators that have a target
/// there.
pub fn next_checkpoint(
    plan: &Plan,
    go_live: NaiveDate,
    as_of: NaiveDate,
) -> Option<NextCheckpoint> {
    let months = plan
        .indicators()
        .flat_map(|(_, i)| i.targets.iter().map(|t| t.months_after_go_live))
        .filter(|&m| checkpoint_date(go_live, m) >= as_of)
        .min()?;
    let indicators = plan
        .indicators()
        .filter(|(_, i)| i.target_at(months).is_some())
        .map(|(_, i)| i.code.clone())
        .collect();
    Some(NextCheckpoint {
        date: checkpoint_date(go_live, months),
        months_after_go_live: months,
        indicators,
    })
}

/// A measurement to take or chase, for a to-do list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoItem {
    pub checkpoint_date: NaiveDate,
    pub months_after_go_live: u32,
    /// The dates a measurement counts for the checkpoint.
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// *kommande* (due, still in time) or *saknas* (more than 30 days late).
    pub status: Status,
    pub benefit: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub measured_by: String,
}

/// The checkpoints without a measurement in their window that are missing (*saknas*) or
/// fall due within `within_days` of `as_of` (including those already passed but still in
/// their grace), sorted by checkpoint date, then indicator code.
pub fn measurement_todo<L: MeasurementLookup + ?Sized>(
    plan: &Plan,
    go_live: NaiveDate,
    measurements: &L,
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<TodoItem> {
    let horizon = plus_days(as_of, u64::from(within_days));
    let mut items = Vec::new();
    for (benefit, indicator) in plan.indicators() {
        let series = measurements.series(&indicator.code);
        for target in &indicator.targets {
            let date = checkpoint_date(go_live, target.months_after_go_live);
            if date > horizon {
                continue;
            }
            let (from, to) = window(go_live, date);
            if closest_in_window(series, date, from, to.min(as_of)).is_some() {
                continue;
            }
            let status = if as_of > grace_end(date) {
                Status::Saknas
            } else {
                Status::Kommande
            };
            items.push(TodoItem {
                checkpoint_date: date,
                months_after_go_live: target.months_after_go_live,
                window_from: from,
                window_to: to,
                status,
                benefit: benefit.name.clone(),
                indicator_code: indicator.code.clone(),
                indicator_name: indicator.name.clone(),
                measured_by: indicator.measured_by.clone(),
            });
        }
    }
    items.sort_by(|a, b| {
        (a.checkpoint_date, &a.indicator_code).cmp(&(b.checkpoint_date, &b.indicator_code))
    });
    items
}
