//! Which measurements a status needs. The statuses, the realised values and the to-do items
//! as of a date look at an indicator's measurements in two ways only: the one closest to each
//! checkpoint within its window ([`closest_in_window`](super::closest_in_window)) and the
//! latest since go-live ([`latest_in`](super::latest_in)). The closest is one of two: the
//! latest dated on or before the checkpoint, or the earliest dated after it (both within the
//! window). So every range asks for one measurement, the latest or the earliest of its dates,
//! and a store answers each with one index seek: the cost follows the number of indicators
//! and checkpoints, never how densely an indicator is measured (the tests below compare the
//! answers with those on every measurement, on random series).
//!
//! Only the answers are the same: a [`UsedMeasurement`](super::UsedMeasurement)'s `index` is
//! its place in the series it was given, so anything that shows a measurement's own row (the
//! follow-up view, `nytta status`) reads the whole series.

use chrono::NaiveDate;

use super::dates::{checkpoint_date, window};
use crate::model::plan::Plan;

/// One measurement of an indicator: the latest or the earliest dated `from..=to` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasurementRange<'a> {
    pub indicator_code: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pick: Pick,
}

/// Which end of a range's dates is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Latest,
    Earliest,
}

/// The measurements that evaluating `plan` as of `as_of` looks at: around each checkpoint
/// (its window cut at `as_of`) the latest on or before it and the earliest after it, and the
/// latest since go-live. Without a go-live date nothing is evaluated against measurements,
/// so nothing is needed.
pub fn status_ranges<'a>(plan: &'a Plan, go_live: Option<NaiveDate>, as_of: NaiveDate) -> Vec<MeasurementRange<'a>> {
    let Some(g) = go_live else { return Vec::new() };
    let mut ranges = Vec::new();
    for (_, indicator) in plan.indicators() {
        let code = indicator.code.as_str();
        for target in &indicator.targets {
            let checkpoint = checkpoint_date(g, target.months_after_go_live);
            let (from, to) = window(g, checkpoint);
            let to = to.min(as_of);
            let before = checkpoint.min(to);
            // A window cut at the as-of date on or before its checkpoint needs no range of its
            // own: its latest is the latest since go-live (asked for below) when that is dated
            // in the window, and there is none in it otherwise.
            if from <= before && before < as_of {
                ranges.push(MeasurementRange { indicator_code: code, from, to: before, pick: Pick::Latest });
            }
            if let Some(after) = checkpoint.succ_opt().filter(|after| *after <= to) {
                // The window starts on or before its checkpoint, so `after` is within it.
                ranges.push(MeasurementRange { indicator_code: code, from: after, to, pick: Pick::Earliest });
            }
        }
        if g <= as_of {
            ranges.push(MeasurementRange { indicator_code: code, from: g, to: as_of, pick: Pick::Latest });
        }
    }
    ranges
}

/// The measurement of `series` (sorted by date) that `range` selects, as a store would read
/// it: empty when none is dated in the range. A series with two measurements on one date
/// (which no store holds) gives every one of that date. Used by the tests here and by the
/// store-contract tests' reference.
pub fn select_range<'s>(series: &'s [super::Observation], range: &MeasurementRange<'_>) -> &'s [super::Observation] {
    let start = series.partition_point(|o| o.date < range.from);
    let end = series.partition_point(|o| o.date <= range.to);
    if start >= end {
        return &[];
    }
    let date = match range.pick {
        Pick::Latest => series[end - 1].date,
        Pick::Earliest => series[start].date,
    };
    let first = series[start..end].partition_point(|o| o.date < date) + start;
    let last = series[start..end].partition_point(|o| o.date <= date) + start;
    &series[first..last]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::followup::{evaluate_plan, measurement_todo, Observation};
    use crate::model::plan::{Baseline, Benefit, Direction, Indicator, Target};

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    fn plan(targets: &[(u32, i64)], direction: Direction) -> Plan {
        let mut indicator = Indicator::new("I1", "Indikator", direction);
        indicator.baseline = Some(Baseline { value: Decimal::from(100), date: day(0), source: String::new() });
        indicator.targets = targets
            .iter()
            .map(|(months, value)| Target { months_after_go_live: *months, value: Decimal::from(*value) })
            .collect();
        Plan {
            benefits: vec![Benefit { name: "Nytta".into(), indicators: vec![indicator], ..Benefit::default() }],
            ..Plan::default()
        }
    }

    /// Only the measurements the ranges select, each once, in date order.
    fn trimmed(series: &[Observation], ranges: &[MeasurementRange<'_>]) -> Vec<Observation> {
        let mut by_date: BTreeMap<NaiveDate, Observation> = BTreeMap::new();
        for range in ranges {
            for o in select_range(series, range) {
                by_date.insert(o.date, *o);
            }
        }
        by_date.into_values().collect()
    }

    #[test]
    fn no_go_live_needs_nothing() {
        let p = plan(&[(6, 120), (12, 150)], Direction::HigherIsBetter);
        assert!(status_ranges(&p, None, day(400)).is_empty());
    }

    #[test]
    fn before_go_live_nothing_is_needed() {
        let p = plan(&[(6, 120)], Direction::HigherIsBetter);
        assert!(status_ranges(&p, Some(day(100)), day(50)).is_empty());
    }

    #[test]
    fn windows_are_cut_at_the_as_of_date_and_the_latest_is_asked_for() {
        let p = plan(&[(6, 120), (12, 150)], Direction::HigherIsBetter);
        let g = day(0);
        let as_of = day(190);
        let ranges = status_ranges(&p, Some(g), as_of);
        // The 6-month checkpoint (2024-07-01, day 182) has a window of ± 45 days, cut at the
        // as-of date: the latest on or before it and the earliest after; the 12-month window
        // has not opened; the latest since go-live.
        assert_eq!(
            ranges,
            vec![
                MeasurementRange { indicator_code: "I1", from: day(137), to: day(182), pick: Pick::Latest },
                MeasurementRange { indicator_code: "I1", from: day(183), to: as_of, pick: Pick::Earliest },
                MeasurementRange { indicator_code: "I1", from: g, to: as_of, pick: Pick::Latest },
            ]
        );
        // Before the checkpoint its window's latest up to the as-of date is the latest since
        // go-live, when it is in the window: one range.
        let early = status_ranges(&p, Some(g), day(150));
        assert_eq!(early, vec![MeasurementRange { indicator_code: "I1", from: g, to: day(150), pick: Pick::Latest }]);
    }

    #[test]
    fn select_takes_the_latest_or_the_earliest_of_the_range() {
        let series: Vec<Observation> = [1, 5, 9, 13].iter().map(|d| Observation::new(day(*d), Decimal::from(*d))).collect();
        let latest = MeasurementRange { indicator_code: "I1", from: day(5), to: day(12), pick: Pick::Latest };
        assert_eq!(select_range(&series, &latest), &series[2..3]);
        let earliest = MeasurementRange { pick: Pick::Earliest, ..latest };
        assert_eq!(select_range(&series, &earliest), &series[1..2]);
        let empty = MeasurementRange { from: day(14), to: day(20), ..latest };
        assert!(select_range(&series, &empty).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Evaluating a plan on only the selected measurements gives the same statuses,
        /// achievements, realised ratios and to-do items as on every measurement, at any
        /// as-of date: the indices of the used measurements aside.
        #[test]
        fn selected_measurements_give_the_same_answers(
            days in proptest::collection::btree_set(-60i64..600, 0..40),
            values in proptest::collection::vec(0i64..300, 40),
            go_live in 0i64..60,
            as_of in -30i64..700,
            lower in any::<bool>(),
            six in proptest::option::of(0i64..300),
            twelve in proptest::option::of(0i64..300),
        ) {
            let series: Vec<Observation> = days.iter().zip(&values).map(|(d, v)| Observation::new(day(*d), Decimal::from(*v))).collect();
            let mut targets = Vec::new();
            if let Some(t) = six { targets.push((6, t)); }
            if let Some(t) = twelve { targets.push((12, t)); }
            let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
            let p = plan(&targets, direction);
            let (g, as_of) = (day(go_live), day(as_of));
            let ranges = status_ranges(&p, Some(g), as_of);
            let full: BTreeMap<String, Vec<Observation>> = [("I1".to_string(), series.clone())].into();
            let part: BTreeMap<String, Vec<Observation>> = [("I1".to_string(), trimmed(&series, &ranges))].into();

            let strip = |mut f: crate::followup::PlanFollowUp| {
                for b in &mut f.benefits {
                    for i in &mut b.indicators {
                        for c in &mut i.checkpoints {
                            if let Some(m) = c.measurement.as_mut() { m.index = 0; }
                        }
                        if let Some(c) = i.current.as_mut() { c.measurement.index = 0; }
                    }
                }
                f
            };
            prop_assert_eq!(
                strip(evaluate_plan(&p, Some(g), &full, &[], as_of)),
                strip(evaluate_plan(&p, Some(g), &part, &[], as_of))
            );
            prop_assert_eq!(
                measurement_todo(&p, g, &full, as_of, 30),
                measurement_todo(&p, g, &part, as_of, 30)
            );
        }
    }
}
