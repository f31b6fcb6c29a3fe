//! Checkpoint dates and the measurement window around them.

use chrono::{Days, Months, NaiveDate};

/// A measurement counts for a checkpoint when dated at most this many days before or after
/// it (inclusive).
pub const WINDOW_DAYS: u64 = 45;

/// A checkpoint without a measurement stays *kommande* until this many days after its date;
/// from the next day it is *saknas*.
pub const GRACE_DAYS: u64 = 30;

/// `date` plus `months` calendar months, clamped to the end of the month when the day does
/// not exist (2025-08-31 + 6 → 2026-02-28; 2023-08-31 + 6 → 2024-02-29). Never panics: beyond
/// the last representable date it returns [`NaiveDate::MAX`].
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The date of the checkpoint `months` after go-live.
pub fn checkpoint_date(go_live: NaiveDate, months: u32) -> NaiveDate {
    add_months_clamped(go_live, months)
}

/// `date + days`, saturating at the calendar's end.
pub(crate) fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// `date − days`, saturating at the calendar's start.
pub(crate) fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// The first and last date whose measurements count for a checkpoint: ±[`WINDOW_DAYS`]
/// around it, but never before go-live (measurements before driftsättning never count).
pub fn window(go_live: NaiveDate, checkpoint: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = minus_days(checkpoint, WINDOW_DAYS).max(go_live);
    (from, plus_days(checkpoint, WINDOW_DAYS))
}

/// The last day on which a checkpoint without measurement is still *kommande*.
pub fn grace_end(checkpoint: NaiveDate) -> NaiveDate {
    plus_days(checkpoint, GRACE_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn checkpoint_clamps_to_end_of_february() {
        assert_eq!(checkpoint_date(d(2025, 8, 31), 6), d(2026, 2, 28));
        assert_eq!(checkpoint_date(d(2024, 8, 31), 6), d(2025, 2, 28));
    }

    #[test]
    fn checkpoint_clamps_to_leap_day() {
        assert_eq!(checkpoint_date(d(2023, 8, 31), 6), d(2024, 2, 29));
        assert_eq!(checkpoint_date(d(2023, 8, 29), 6), d(2024, 2, 29));
        assert_eq!(checkpoint_date(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(checkpoint_date(d(2024, 2, 29), 48), d(2028, 2, 29));
    }

    #[test]
    fn checkpoint_clamps_to_thirty_day_months() {
        assert_eq!(checkpoint_date(d(2025, 10, 31), 6), d(2026, 4, 30));
        assert_eq!(checkpoint_date(d(2025, 3, 31), 6), d(2025, 9, 30));
        assert_eq!(checkpoint_date(d(2025, 3, 31), 12), d(2026, 3, 31));
    }

    #[test]
    fn checkpoint_keeps_the_day_when_it_exists() {
        assert_eq!(checkpoint_date(d(2025, 9, 1), 6), d(2026, 3, 1));
        assert_eq!(checkpoint_date(d(2025, 9, 15), 12), d(2026, 9, 15));
        assert_eq!(checkpoint_date(d(2025, 7, 30), 7), d(2026, 2, 28));
    }

    #[test]
    fn checkpoint_beyond_the_calendar_saturates_instead_of_panicking() {
        assert_eq!(checkpoint_date(NaiveDate::MAX, 6), NaiveDate::MAX);
        assert_eq!(plus_days(NaiveDate::MAX, 45), NaiveDate::MAX);
        assert_eq!(minus_days(NaiveDate::MIN, 45), NaiveDate::MIN);
    }

    #[test]
    fn window_is_forty_five_days_each_side_but_not_before_go_live() {
        let g = d(2025, 9, 1);
        assert_eq!(window(g, d(2026, 3, 1)), (d(2026, 1, 15), d(2026, 4, 15)));
        assert_eq!(window(g, d(2025, 10, 1)), (g, d(2025, 11, 15)));
        assert_eq!(grace_end(d(2026, 3, 1)), d(2026, 3, 31));
    }

    proptest! {
        #[test]
        fn clamp_always_yields_a_valid_date_in_the_right_month(
            y in 1900i32..2200, m in 1u32..=12, day in 1u32..=31, months in 0u32..600
        ) {
            let Some(start) = NaiveDate::from_ymd_opt(y, m, day) else { return Ok(()) };
            let cp = add_months_clamped(start, months);
            use chrono::Datelike;
            let total = (y * 12 + m as i32 - 1) + months as i32;
            prop_assert_eq!(cp.year(), total.div_euclid(12));
            prop_assert_eq!(cp.month() as i32, total.rem_euclid(12) + 1);
            // Same day, or the last day of a shorter month.
            if cp.day() != day {
                prop_assert!(cp.day() < day);
                prop_assert_eq!(cp.succ_opt().unwrap().day(), 1);
            }
            prop_assert!(cp >= start);
        }
    }
}
