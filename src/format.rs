//! Swedish presentation of numbers, money and dates — the one place that decides how a
//! value looks to a user (`1 234 567 kr`, decimal comma, ISO dates).
//!
//! Rounding happens only here, at presentation, half away from zero (design §4).

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// No-break space, the thousands separator in Swedish typography: a number never wraps.
pub const NBSP: char = '\u{a0}';

/// Rounds half away from zero to `dp` decimals.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A number with `dp` decimals, space-grouped thousands and decimal comma: `-1 234,50`.
pub fn number(value: Decimal, dp: u32) -> String {
    let rounded = round(value, dp);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = rounded.abs().to_string();
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text.clone(), String::new()),
    };
    let mut frac = frac_part;
    while (frac.len() as u32) < dp {
        frac.push('0');
    }
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&group_thousands(&int_part));
    if dp > 0 {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// Whole kronor: `1 234 567 kr`.
pub fn kr(value: Decimal) -> String {
    format!("{}{NBSP}kr", number(value, 0))
}

/// Thousands of kronor, whole: `1 235 tkr`.
pub fn tkr(value: Decimal) -> String {
    format!("{}{NBSP}tkr", number(value / Decimal::from(1000), 0))
}

/// Thousands of kronor, whole, without the unit (a column headed "tkr/år"): `1 235`.
pub fn tkr_number(value: Decimal) -> String {
    number(value / Decimal::from(1000), 0)
}

/// A ratio with two decimals: `1,85`.
pub fn ratio(value: Decimal) -> String {
    number(value, 2)
}

/// A percentage from a fraction (0.035 → `3,5 %`), with up to `dp` decimals, trailing zeros cut.
pub fn percent(fraction: Decimal, dp: u32) -> String {
    let mut text = number(fraction * Decimal::from(100), dp);
    if text.contains(',') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with(',') {
            text.pop();
        }
    }
    format!("{text}{NBSP}%")
}

/// A measured value as the user would write it: decimal comma, no trailing zeros.
pub fn value(value: Decimal) -> String {
    let normal = value.normalize();
    number(normal, normal.scale())
}

/// What a realised value reads where its benefit is not measured (status saknas or
/// kommande): never 0, which would say the benefit did not come (issue 17).
pub const NOT_MEASURED: &str = "Ej mätt";

/// A realised value told as what it is, a yearly rate as of its measurement:
/// `724 tkr per år (takt 2026-09-15)`, or `amount` alone when the date is unknown.
pub fn realised_rate(amount: String, as_of: Option<NaiveDate>) -> String {
    match as_of {
        Some(d) => format!("{amount} (takt per {})", date(d)),
        None => amount,
    }
}

/// ISO date, the form Swedish public administration uses: `2026-03-31`.
pub fn date(date: NaiveDate) -> String {
    let mut text = String::with_capacity(10);
    push_date(&mut text, date);
    text
}

/// Appends `date` as [`date`] writes it to `out`, with no allocation of its own (an import
/// writes a date for each of its million rows).
pub fn push_date(out: &mut String, date: NaiveDate) {
    use chrono::Datelike;
    use std::fmt::Write;
    // Written digit by digit: the statuses write two dates for each of tens of thousands of
    // measurement ranges, and chrono's `format` parses its pattern every time (6 % of them).
    let year = date.year();
    if !(0..=9999).contains(&year) {
        let _ = write!(out, "{}", date.format("%Y-%m-%d"));
        return;
    }
    let (year, month, day) = (year as u32, date.month(), date.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    // ASCII digits and dashes: always UTF-8.
    out.push_str(std::str::from_utf8(&text).unwrap_or_default());
}

/// A date relative to `as_of`, for to-do lists and a report's next checkpoint: `i dag`,
/// `om 3 dagar`, and a date passed as `Försenad sedan 2026-09-01 (60 dagar)` — the date itself
/// and how long, not a count alone.
pub fn relative_days(when: NaiveDate, as_of: NaiveDate) -> String {
    match (when - as_of).num_days() {
        0 => "i dag".to_string(),
        1 => "i morgon".to_string(),
        d if d > 0 => format!("om {d} dagar"),
        -1 => format!("Försenad sedan {} (1 dag)", date(when)),
        d => format!("Försenad sedan {} ({} dagar)", date(when), -d),
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_date_is_iso_with_zero_padding_as_chrono_writes_it() {
        for (y, m, d) in [(2026, 3, 1), (2026, 12, 31), (1, 1, 9), (999, 10, 10), (9999, 12, 31), (-5, 1, 1), (10_000, 1, 1)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(super::date(date), date.format("%Y-%m-%d").to_string(), "{y}-{m}-{d}");
        }
        assert_eq!(super::date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "2026-03-01");
    }

    #[test]
    fn relative_days_reads_naturally() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
        assert_eq!(relative_days(d(31), d(31)), "i dag");
        assert_eq!(relative_days(d(30), d(27)), "om 3 dagar");
        assert_eq!(relative_days(d(1), d(13)), "Försenad sedan 2026-10-01 (12 dagar)");
        assert_eq!(relative_days(d(12), d(13)), "Försenad sedan 2026-10-12 (1 dag)");
    }

    #[test]
    fn kronor_are_grouped_with_no_break_spaces() {
        assert_eq!(kr(dec!(1234567)), "1\u{a0}234\u{a0}567\u{a0}kr");
        assert_eq!(kr(dec!(999)), "999\u{a0}kr");
        assert_eq!(kr(dec!(0)), "0\u{a0}kr");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(number(dec!(2.5), 0), "3");
        assert_eq!(number(dec!(-2.5), 0), "−3");
        assert_eq!(ratio(dec!(1.005)), "1,01");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(number(dec!(1234.5), 2), "1\u{a0}234,50");
        assert_eq!(value(dec!(3.50)), "3,5");
        assert_eq!(value(dec!(70)), "70");
    }

    #[test]
    fn percent_trims_trailing_zeros() {
        assert_eq!(percent(dec!(0.03), 2), "3\u{a0}%");
        assert_eq!(percent(dec!(0.035), 2), "3,5\u{a0}%");
    }

    #[test]
    fn tkr_divides_by_thousand() {
        assert_eq!(tkr(dec!(264000)), "264\u{a0}tkr");
        assert_eq!(tkr(dec!(3000000)), "3\u{a0}000\u{a0}tkr");
        assert_eq!(tkr_number(dec!(1234567)), "1\u{a0}235");
        assert_eq!(tkr_number(dec!(-500)), "−1");
    }
}
