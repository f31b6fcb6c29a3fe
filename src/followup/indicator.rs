//! Follow-up of one indicator: its checkpoints, its expected trajectory, its current reading
//! and its status.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates::{checkpoint_date, grace_end, window};
use super::readings::{closest_in_window, latest_in, Observation, UsedMeasurement};
use super::{achievement, achievement_ratio, status_from_achievement, AchievementRatio, Status};
use crate::model::plan::{Direction, Indicator, Target};

/// One checkpoint of an indicator, evaluated as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckpointResult {
    pub months_after_go_live: u32,
    /// Go-live + months, clamped to month end.
    pub date: NaiveDate,
    pub target: Decimal,
    /// First and last day whose measurements count (±45 days, not before go-live).
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// Last day the checkpoint may stay *kommande* without a measurement (date + 30 days).
    pub grace_until: NaiveDate,
    /// The measurement at the checkpoint, if any (dated on or before the as-of date).
    pub measurement: Option<UsedMeasurement>,
    /// Exact achievement of that measurement against this checkpoint's target.
    pub achievement: Option<Decimal>,
    pub status: Status,
}

/// The latest measurement compared with the expected trajectory at its date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentReading {
    pub measurement: UsedMeasurement,
    /// Expected value on the measurement's date; `None` before the first checkpoint when
    /// there is no baseline.
    pub expected: Option<Decimal>,
    /// Achievement against the expected value (baseline as start).
    pub achievement: Option<Decimal>,
    /// Status against the expected value; *kommande* when there is nothing to compare with.
    pub status: Status,
}

/// Everything the follow-up says about one indicator as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorFollowUp {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub amber_threshold: Decimal,
    pub measured_by: String,
    /// Ordered by months after go-live. Empty when there is no go-live date.
    pub checkpoints: Vec<CheckpointResult>,
    /// The indicator's status for roll-up: the status of the latest checkpoint that is no
    /// longer *kommande* (see [`indicator_status`]).
    pub status: Status,
    /// Months of the checkpoint that gave `status`; `None` when *kommande*.
    pub status_checkpoint: Option<u32>,
    /// The latest measurement since go-live against the trajectory.
    pub current: Option<CurrentReading>,
    /// Achievement of the latest measurement since go-live against the final target; used
    /// for the realised value.
    pub realisation_achievement: Option<Decimal>,
}

fn baseline_value(indicator: &Indicator) -> Option<Decimal> {
    indicator.baseline.as_ref().map(|b| b.value)
}

/// The indicator's baseline value, for the other follow-up rules (calibration).
pub(super) fn baseline_of(indicator: &Indicator) -> Option<Decimal> {
    baseline_value(indicator)
}

/// Evaluates one checkpoint. Only measurements dated from go-live up to `as_of` count.
pub fn evaluate_checkpoint(
    indicator: &Indicator,
    go_live: NaiveDate,
    target: &Target,
    series: &[Observation],
    as_of: NaiveDate,
) -> CheckpointResult {
    let date = checkpoint_date(go_live, target.months_after_go_live);
    let (window_from, window_to) = window(go_live, date);
    let grace_until = grace_end(date);
    let measurement = closest_in_window(series, date, window_from, window_to.min(as_of));
    let achievement = measurement.map(|m| {
        achievement(
            m.value,
            baseline_value(indicator),
            target.value,
            indicator.direction,
        )
    });
    let status = match achievement {
        Some(a) => status_from_achievement(a, indicator.amber_threshold),
        None if as_of > grace_until => Status::Saknas,
        None => Status::Kommande,
    };
    CheckpointResult {
        months_after_go_live: target.months_after_go_live,
        date,
        target: target.value,
        window_from,
        window_to,
        grace_until,
        measurement,
        achievement,
        status,
    }
}

/// The status of a checkpoint without building the full result.
fn checkpoint_status(
    indicator: &Indicator,
    go_live: NaiveDate,
    target: &Target,
    series: &[Observation],
    as_of: NaiveDate,
) -> Status {
    let date = checkpoint_date(go_live, target.months_after_go_live);
    let (from, to) = window(go_live, date);
    match closest_in_window(series, date, from, to.min(as_of)) {
        Some(m) => status_from_achievement(
            achievement(
                m.value,
                baseline_value(indicator),
                target.value,
                indicator.direction,
            ),
            indicator.amber_threshold,
        ),
        None if as_of > grace_end(date) => Status::Saknas,
        None => Status::Kommande,
    }
}

/// The indicator's status for roll-up, with the months of the checkpoint it comes from:
/// the status of the latest checkpoint (by date) that is no longer *kommande* — it has a
/// measurement in its window, or its grace has run out (*saknas*). *Kommande* when no
/// checkpoint has come that far. A measured 12-month checkpoint thus replaces the 6-month
/// status, and a missing 12-month measurement shows as *saknas* even after a green 6 months.
/// No allocation.
pub fn indicator_status_at(
    indicator: &Indicator,
    go_live: NaiveDate,
    series: &[Observation],
    as_of: NaiveDate,
) -> (Status, Option<u32>) {
    let mut best: Option<(u32, Status)> = None;
    for target in &indicator.targets {
        if best.is_some_and(|(m, _)| m >= target.months_after_go_live) {
            continue;
        }
        let status = checkpoint_status(indicator, go_live, target, series, as_of);
        if status != Status::Kommande {
            best = Some((target.months_after_go_live, status));
        }
    }
    match best {
        Some((months, status)) => (status, Some(months)),
        None => (Status::Kommande, None),
    }
}

/// The indicator's status for roll-up (see [`indicator_status_at`]).
pub fn indicator_status(
    indicator: &Indicator,
    go_live: NaiveDate,
    series: &[Observation],
    as_of: NaiveDate,
) -> Status {
    indicator_status_at(indicator, go_live, series, as_of).0
}

/// The expected value on `date`: linear from the baseline at go-live through each target at
/// its checkpoint date (B → T6 → T12 over G → G+6 → G+12), flat at the last target after the
/// last checkpoint. `None` before go-live, and before the first checkpoint when there is no
/// baseline (nothing to draw the line from). Exact Decimal; no allocation.
pub fn expected_value(
    indicator: &Indicator,
    go_live: NaiveDate,
    date: NaiveDate,
) -> Option<Decimal> {
    if date < go_live {
        return None;
    }
    // (months, date, value) of the anchors either side of `date`.
    let mut prev: Option<(u32, NaiveDate, Decimal)> =
        baseline_value(indicator).map(|b| (0, go_live, b));
    let mut next: Option<(u32, NaiveDate, Decimal)> = None;
    for t in &indicator.targets {
        let m = t.months_after_go_live;
        let cd = checkpoint_date(go_live, m);
        if cd <= date {
            if prev.is_none_or(|(pm, _, _)| m > pm) {
                prev = Some((m, cd, t.value));
            }
        } else if next.is_none_or(|(nm, _, _)| m < nm) {
            next = Some((m, cd, t.value));
        }
    }
    match (prev, next) {
        (Some((_, pd, pv)), Some((_, nd, nv))) => {
            let span = Decimal::from((nd - pd).num_days());
            let elapsed = Decimal::from((date - pd).num_days());
            let rise = nv.checked_sub(pv)?;
            let part = rise.checked_mul(elapsed)?.checked_div(span)?;
            pv.checked_add(part).map(|v| v.normalize())
        }
        (Some((_, _, pv)), None) => Some(pv),
        (None, _) => None,
    }
}

/// The corner points of the expected trajectory, for charts: the baseline at go-live (when
/// there is one), then each target at its checkpoint date, in time order.
pub fn trajectory(indicator: &Indicator, go_live: NaiveDate) -> Vec<Observation> {
    let mut points: Vec<Observation> = Vec::with_capacity(indicator.targets.len() + 1);
    if let Some(b) = baseline_value(indicator) {
        points.push(Observation::new(go_live, b));
    }
    for t in indicator.sorted_targets() {
        points.push(Observation::new(
            checkpoint_date(go_live, t.months_after_go_live),
            t.value,
        ));
    }
    points
}

/// The latest measurement dated from go-live to `as_of`, compared with the expected value at
/// its date. Measurements before go-live never count.
pub fn current_reading(
    indicator: &Indicator,
    go_live: NaiveDate,
    series: &[Observation],
    as_of: NaiveDate,
) -> Option<CurrentReading> {
    let measurement = latest_in(series, go_live, as_of)?;
    let expected = expected_value(indicator, go_live, measurement.date);
    let achievement = expected.map(|e| {
        achievement(
            measurement.value,
            baseline_value(indicator),
            e,
            indicator.direction,
        )
    });
    let status = achievement
        .map(|a| status_from_achievement(a, indicator.amber_threshold))
        .unwrap_or(Status::Kommande);
    Some(CurrentReading {
        measurement,
        expected,
        achievement,
        status,
    })
}

/// Achievement of the latest measurement since go-live (up to `as_of`) against the final
/// target — the target the calculated annual value stands for.
pub fn realisation_achievement(
    indicator: &Indicator,
    go_live: NaiveDate,
    series: &[Observation],
    as_of: NaiveDate,
) -> Option<AchievementRatio> {
    let target = indicator.final_target()?;
    let m = latest_in(series, go_live, as_of)?;
    Some(achievement_ratio(
        m.value,
        baseline_value(indicator),
        target.value,
        indicator.direction,
    ))
}

/// Full follow-up of one indicator as of `as_of`. Without a go-live date nothing is due: no
/// checkpoints, status *kommande*.
pub fn evaluate_indicator(
    indicator: &Indicator,
    go_live: Option<NaiveDate>,
    series: &[Observation],
    as_of: NaiveDate,
) -> IndicatorFollowUp {
    let (checkpoints, status, status_checkpoint, current, realisation) = match go_live {
        Some(g) => {
            let checkpoints: Vec<CheckpointResult> = indicator
                .sorted_targets()
                .into_iter()
                .map(|t| evaluate_checkpoint(indicator, g, t, series, as_of))
                .collect();
            let (status, months) = indicator_status_at(indicator, g, series, as_of);
            (
                checkpoints,
                status,
                months,
                current_reading(indicator, g, series, as_of),
                realisation_achievement(indicator, g, series, as_of),
            )
        }
        None => (Vec::new(), Status::Kommande, None, None, None),
    };
    IndicatorFollowUp {
        code: indicator.code.clone(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        direction: indicator.direction,
        baseline: baseline_value(indicator),
        amber_threshold: indicator.amber_threshold,
        measured_by: indicator.measured_by.clone(),
        checkpoints,
        status,
        status_checkpoint,
        current,
        realisation_achievement: realisation.map(|r| r.value()),
    }
}
