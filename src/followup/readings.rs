//! Measurements as the engine sees them: dated values per indicator, sorted by date, found by
//! binary search.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::plan::Measurement;

/// One measured value, without the texts: what the rules need. Small and `Copy`, so a store
/// can hand a million of them over cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub date: NaiveDate,
    pub value: Decimal,
}

impl Observation {
    pub fn new(date: NaiveDate, value: Decimal) -> Self {
        Observation { date, value }
    }
}

impl From<&Measurement> for Observation {
    fn from(m: &Measurement) -> Self {
        Observation {
            date: m.date,
            value: m.value,
        }
    }
}

/// The measurement a result was based on. `index` is its position in the indicator's series,
/// so a caller can show the measurement's source, comment and author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedMeasurement {
    pub index: usize,
    pub date: NaiveDate,
    pub value: Decimal,
}

/// Where the engine finds an indicator's measurements.
///
/// Contract: the slice is sorted ascending by date; measurements on the same date keep the
/// order they were recorded in (a later one is a correction and wins). The engine never
/// panics on an unsorted slice, but its answers are then undefined.
pub trait MeasurementLookup {
    fn series(&self, indicator_code: &str) -> &[Observation];
}

impl MeasurementLookup for HashMap<String, Vec<Observation>> {
    fn series(&self, indicator_code: &str) -> &[Observation] {
        self.get(indicator_code).map(Vec::as_slice).unwrap_or(&[])
    }
}

impl MeasurementLookup for BTreeMap<String, Vec<Observation>> {
    fn series(&self, indicator_code: &str) -> &[Observation] {
        self.get(indicator_code).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// No measurements at all.
impl MeasurementLookup for () {
    fn series(&self, _: &str) -> &[Observation] {
        &[]
    }
}

/// The measurements of one initiative grouped per indicator code and sorted by date — the
/// ready-made [`MeasurementLookup`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasurementIndex {
    series: HashMap<String, Vec<Observation>>,
}

impl MeasurementIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Groups and sorts measurements; those on the same date keep their input order.
    pub fn from_measurements<'a>(measurements: impl IntoIterator<Item = &'a Measurement>) -> Self {
        let mut index = MeasurementIndex::new();
        for m in measurements {
            index
                .series
                .entry(m.indicator.clone())
                .or_default()
                .push(Observation::from(m));
        }
        for list in index.series.values_mut() {
            list.sort_by_key(|o| o.date);
        }
        index
    }

    /// Sets an indicator's series, sorting it by date (stable: cheap when already sorted).
    pub fn insert_series(
        &mut self,
        indicator_code: impl Into<String>,
        mut series: Vec<Observation>,
    ) {
        series.sort_by_key(|o| o.date);
        self.series.insert(indicator_code.into(), series);
    }
}

impl MeasurementLookup for MeasurementIndex {
    fn series(&self, indicator_code: &str) -> &[Observation] {
        self.series
            .get(indicator_code)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Index one past the last observation dated on or before `date`.
fn end_on_or_before(series: &[Observation], date: NaiveDate) -> usize {
    series.partition_point(|o| o.date <= date)
}

/// The measurement at `checkpoint`: the one closest to it among those dated in
/// `from..=to` (inclusive); on equal distance the later date wins, and on the same date the
/// one recorded last. Binary search, no allocation.
pub fn closest_in_window(
    series: &[Observation],
    checkpoint: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<UsedMeasurement> {
    if from > to {
        return None;
    }
    let start = series.partition_point(|o| o.date < from);
    let end = end_on_or_before(series, to);
    if start >= end {
        return None;
    }
    // Last candidate on or before the checkpoint, first candidate after it.
    let split = end_on_or_before(series, checkpoint).clamp(start, end);
    let before = (split > start).then(|| split - 1);
    let after = (split < end).then(|| {
        // The last one recorded on the first date after the checkpoint.
        let first_date = series[split].date;
        end_on_or_before(&series[..end], first_date) - 1
    });
    let pick = match (before, after) {
        (Some(b), Some(a)) => {
            let db = (checkpoint - series[b].date).num_days();
            let da = (series[a].date - checkpoint).num_days();
            if da <= db {
                a
            } else {
                b
            }
        }
        (Some(b), None) => b,
        (None, Some(a)) => a,
        (None, None) => return None,
    };
    let o = series[pick];
    Some(UsedMeasurement {
        index: pick,
        date: o.date,
        value: o.value,
    })
}

/// The latest measurement dated in `from..=to`; on the same date the one recorded last.
pub fn latest_in(
    series: &[Observation],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<UsedMeasurement> {
    let end = end_on_or_before(series, to);
    let last = end.checked_sub(1)?;
    let o = series[last];
    (o.date >= from).then_some(UsedMeasurement {
        index: last,
        date: o.date,
        value: o.value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn obs(date: NaiveDate, v: i64) -> Observation {
        Observation::new(date, Decimal::from(v))
    }

    #[test]
    fn closest_wins_from_either_side() {
        let cp = d(2026, 3, 1);
        let s = [
            obs(d(2026, 2, 20), 1),
            obs(d(2026, 3, 5), 2),
            obs(d(2026, 3, 20), 3),
        ];
        assert_eq!(
            closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 4, 15))
                .unwrap()
                .value,
            dec!(2)
        );
        let s = [obs(d(2026, 2, 27), 1), obs(d(2026, 3, 5), 2)];
        assert_eq!(
            closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 4, 15))
                .unwrap()
                .value,
            dec!(1)
        );
    }

    #[test]
    fn equal_distance_prefers_the_later_date() {
        let cp = d(2026, 3, 1);
        let s = [obs(d(2026, 2, 19), 1), obs(d(2026, 3, 11), 2)];
        let used = closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 4, 15)).unwrap();
        assert_eq!((used.index, used.value), (1, dec!(2)));
    }

    #[test]
    fn same_date_prefers_the_one_recorded_last() {
        let cp = d(2026, 3, 1);
        let s = [
            obs(d(2026, 3, 1), 1),
            obs(d(2026, 3, 1), 2),
            obs(d(2026, 3, 2), 3),
        ];
        assert_eq!(
            closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 4, 15))
                .unwrap()
                .index,
            1
        );
        let s = [
            obs(d(2026, 2, 1), 0),
            obs(d(2026, 3, 4), 1),
            obs(d(2026, 3, 4), 2),
            obs(d(2026, 3, 9), 3),
        ];
        assert_eq!(
            closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 4, 15))
                .unwrap()
                .index,
            2
        );
    }

    #[test]
    fn window_bounds_are_inclusive() {
        let cp = d(2026, 3, 1);
        let (from, to) = (d(2026, 1, 15), d(2026, 4, 15));
        assert!(closest_in_window(&[obs(from, 1)], cp, from, to).is_some());
        assert!(closest_in_window(&[obs(to, 1)], cp, from, to).is_some());
        assert!(closest_in_window(&[obs(d(2026, 1, 14), 1)], cp, from, to).is_none());
        assert!(closest_in_window(&[obs(d(2026, 4, 16), 1)], cp, from, to).is_none());
        assert!(closest_in_window(&[], cp, from, to).is_none());
        assert!(closest_in_window(&[obs(cp, 1)], cp, to, from).is_none());
    }

    #[test]
    fn a_window_cut_short_before_the_checkpoint_still_finds_earlier_ones() {
        let cp = d(2026, 3, 1);
        let s = [obs(d(2026, 2, 1), 1), obs(d(2026, 3, 1), 2)];
        let used = closest_in_window(&s, cp, d(2026, 1, 15), d(2026, 2, 10)).unwrap();
        assert_eq!(used.value, dec!(1));
    }

    #[test]
    fn latest_in_respects_both_ends() {
        let s = [
            obs(d(2026, 1, 1), 1),
            obs(d(2026, 2, 1), 2),
            obs(d(2026, 2, 1), 3),
        ];
        assert_eq!(
            latest_in(&s, d(2025, 1, 1), d(2026, 3, 1)).unwrap().index,
            2
        );
        assert_eq!(
            latest_in(&s, d(2025, 1, 1), d(2026, 1, 31)).unwrap().index,
            0
        );
        assert!(latest_in(&s, d(2026, 2, 2), d(2026, 3, 1)).is_none());
        assert!(latest_in(&s, d(2025, 1, 1), d(2025, 12, 31)).is_none());
    }

    #[test]
    fn index_groups_and_sorts_per_indicator() {
        let m = |code: &str, date, v| Measurement {
            indicator: code.into(),
            date,
            value: Decimal::from(v),
            source: String::new(),
            comment: String::new(),
            author: String::new(),
        };
        let list = vec![
            m("A", d(2026, 3, 1), 3),
            m("B", d(2026, 1, 1), 9),
            m("A", d(2026, 1, 1), 1),
        ];
        let index = MeasurementIndex::from_measurements(&list);
        let a = index.series("A");
        assert_eq!(
            a.iter().map(|o| o.value).collect::<Vec<_>>(),
            vec![dec!(1), dec!(3)]
        );
        assert_eq!(index.series("B").len(), 1);
        assert!(index.series("C").is_empty());
        let mut index = MeasurementIndex::new();
        index.insert_series("X", vec![obs(d(2026, 5, 1), 5), obs(d(2026, 4, 1), 4)]);
        assert_eq!(index.series("X")[0].value, dec!(4));
    }
}
