//! Numbers and dates as Swedish offices write them, read strictly.
//!
//! **Numbers.** Accepted: an optional sign (`-`, `+` or the typographic minus `−`, U+2212),
//! digits, thousands groups separated by a space, a no-break space (U+00A0) or a narrow
//! no-break space (U+202F), and one decimal separator, comma or point: `1 234,5`,
//! `1\u{a0}234,5`, `1234.5`, `-3,2`, `−3,2`, `0,5`, `,5`. This is exactly what
//! [`crate::format::number`] and [`crate::format::value`] write, so every value the program
//! shows can be read back.
//!
//! Refused, each with its own Swedish reason, because guessing would sometimes store a wrong
//! value without anyone noticing:
//! - both a point and a comma (`1.234,5` or `1,234.5`): in some files the point is a
//!   thousands separator, in others the comma is, and the file cannot tell which;
//! - more than one point or comma (`1.234.567`, `12,3,4`);
//! - spaces that do not separate groups of three digits (`12 34`);
//! - exponent form (`1,23E+06`): Excel writes it when a column is too narrow and it has
//!   already rounded the number away;
//! - a percent sign or a unit (`85 %`, `120 kr`): the unit belongs to the indicator;
//! - more than 28 significant digits.
//!
//! **Dates.** ISO 8601 calendar dates only (`2026-03-31`, also written with a time as Excel
//! and databases do: `2026-03-31 00:00:00`, `2026-03-31T14:30`); one-digit months and days
//! are accepted (`2026-3-5`) since the year first makes them unambiguous. Day-first or
//! month-first forms (`31/3/2026`, `3/31/2026`, `31.3.2026`) are refused with a suggestion
//! of the ISO form: they are ambiguous between countries. Excel serial numbers are accepted
//! only from numeric cells of an XLSX file ([`date_from_excel_serial`]), never from text.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Spaces that may separate thousands: space, no-break space, narrow no-break space, thin
/// space.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Trims ordinary whitespace and the no-break spaces that Excel and Word leave around values.
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || is_group_space(c) || c == '\u{feff}')
}

/// Reads a number written the Swedish way (or with a decimal point). The error is a Swedish
/// phrase that follows the quoted value: `"12,3,4" är inte ett tal.`
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let text = trim(text);
    if text.is_empty() {
        return Err("Värde saknas.".into());
    }
    let (negative, body) = match text.chars().next() {
        Some('-') | Some('−') | Some('–') => (true, &text[text.chars().next().unwrap().len_utf8()..]),
        Some('+') => (false, &text[1..]),
        _ => (false, text),
    };
    let body = trim(body);
    if body.is_empty() {
        return Err(NOT_A_NUMBER.into());
    }
    if body.ends_with('%') {
        return Err("har ett procenttecken; skriv bara talet (85 i stället för 85 %).".into());
    }
    if body.chars().any(|c| c == 'e' || c == 'E')
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '+' | '-' | ',' | '.'))
    {
        return Err(
            "är skrivet i exponentform, som Excel använder när kolumnen är för smal och talet redan är avrundat; formatera kolumnen som tal och spara filen igen."
                .into(),
        );
    }
    let commas = body.matches(',').count();
    let points = body.matches('.').count();
    if commas > 0 && points > 0 {
        return Err(
            "har både punkt och komma, så det går inte att avgöra vilket som är decimaltecken; skriv decimaler med komma och tusental med mellanslag, t.ex. 1 234,5."
                .into(),
        );
    }
    if commas > 1 || points > 1 {
        return Err(NOT_A_NUMBER.into());
    }
    let (int_part, frac_part) = match body.find([',', '.']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mut digits = String::with_capacity(body.len() + 1);
    if negative {
        digits.push('-');
    }
    // The integer part: digits, optionally grouped in threes by spaces.
    let groups: Vec<&str> = int_part.split(is_group_space).collect();
    if groups.len() > 1 {
        let well_formed = groups.iter().enumerate().all(|(i, g)| {
            g.bytes().all(|b| b.is_ascii_digit())
                && if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 }
        });
        if !well_formed {
            return Err(if groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
                "har mellanslag på fel ställe; mellanslag får bara skilja tusental, t.ex. 1 234 567,5.".into()
            } else {
                not_a_number_reason(body)
            });
        }
    }
    for group in &groups {
        if !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number_reason(body));
        }
        digits.push_str(group);
    }
    let int_digits = digits.len() - usize::from(negative);
    let mut frac_digits = 0;
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number_reason(body));
        }
        frac_digits = frac.len();
        if !frac.is_empty() {
            digits.push('.');
            digits.push_str(frac);
        }
    }
    if int_digits + frac_digits == 0 {
        return Err(NOT_A_NUMBER.into());
    }
    if int_digits + frac_digits > 28 {
        return Err("har för många siffror (högst 28).".into());
    }
    Decimal::from_str(&digits).map_err(|_| NOT_A_NUMBER.to_string())
}

const NOT_A_NUMBER: &str = "är inte ett tal.";

fn not_a_number_reason(body: &str) -> String {
    let has_digit = body.bytes().any(|b| b.is_ascii_digit());
    let trailing_unit = body.trim_end_matches(|c: char| c.is_alphabetic() || is_group_space(c));
    if has_digit && trailing_unit.len() < body.len() && trailing_unit.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
        "har en enhet eller text efter talet; skriv bara talet (enheten hör till indikatorn).".into()
    } else {
        NOT_A_NUMBER.into()
    }
}

/// A number from a numeric spreadsheet cell. The shortest decimal that reads back as the
/// same binary double is used, so `0.1` stays `0.1` and never `0.1000000000000000055…`.
pub fn decimal_from_f64(value: f64) -> Result<Decimal, String> {
    if !value.is_finite() {
        return Err(NOT_A_NUMBER.into());
    }
    let text = format!("{value}");
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .map(|d| d.normalize())
        .map_err(|_| "är för stort eller för litet för att lagras exakt.".to_string())
}

/// Reads an ISO date (see the module text). The error is a Swedish phrase that follows the
/// quoted value: `"2026-02-30" är inget riktigt datum: februari 2026 har 28 dagar.`
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = trim(text);
    if text.is_empty() {
        return Err("Datum saknas.".into());
    }
    // A time part, as Excel and databases write it: `2026-03-31 00:00:00`, `…T14:30`.
    let date_part = match text.find([' ', 'T']) {
        Some(at) if is_time(trim(&text[at + 1..])) => &text[..at],
        Some(_) => return Err(date_format_reason(text)),
        None => text,
    };
    let mut parts = date_part.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(date_format_reason(text));
    };
    let numeric = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !numeric(y, 4, 4) || !numeric(m, 1, 2) || !numeric(d, 1, 2) {
        return Err(date_format_reason(text));
    }
    let (year, month, day): (i32, u32, u32) = (y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
    checked_date(year, month, day)
}

/// The date for a year, month and day, or a Swedish reason why it does not exist.
pub fn checked_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    if !(1..=12).contains(&month) {
        return Err("är inget riktigt datum: månaden måste vara 1–12.".into());
    }
    if !(1900..=9999).contains(&year) {
        return Err("har ett orimligt år; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-31.".into());
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(date),
        None => {
            let days = days_in_month(year, month);
            Err(format!(
                "är inget riktigt datum: {} {year} har {days} dagar.",
                MONTHS[month as usize - 1]
            ))
        }
    }
}

const MONTHS: [&str; 12] = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    next.signed_duration_since(first).num_days() as u32
}

fn is_time(text: &str) -> bool {
    // hh:mm, hh:mm:ss, hh:mm:ss.fff, optionally with a zone (Z or ±hh:mm).
    let text = text.trim_end_matches('Z');
    let text = match text.rfind(['+']) {
        Some(at) => &text[..at],
        None => text,
    };
    let mut parts = text.split(':');
    let ok = |s: Option<&str>, max: u32| {
        s.is_some_and(|s| {
            let whole = s.split('.').next().unwrap_or("");
            (1..=2).contains(&whole.len()) && whole.bytes().all(|b| b.is_ascii_digit()) && whole.parse::<u32>().is_ok_and(|v| v <= max)
                && s[whole.len()..].trim_start_matches('.').bytes().all(|b| b.is_ascii_digit())
        })
    };
    let h = parts.next();
    let m = parts.next();
    let s = parts.next();
    ok(h, 24) && ok(m, 59) && (s.is_none() || ok(s, 60)) && parts.next().is_none()
}

fn date_format_reason(text: &str) -> String {
    // A day-first or month-first date: suggest the ISO form when the parts make it certain.
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
        if parts[2].len() == 4 {
            return "är inte i formen ÅÅÅÅ-MM-DD; med dag och månad först går det inte att säkert avgöra vilken som är vilken. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-31.".into();
        }
        if parts[0].len() == 4 {
            if let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse::<i32>(), parts[1].parse::<u32>(), parts[2].parse::<u32>()) {
                if let Ok(date) = checked_date(y, m, d) {
                    return format!("är inte i formen ÅÅÅÅ-MM-DD; skriv {}.", crate::format::date(date));
                }
            }
        }
    }
    if text.len() >= 5 && text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return "ser ut som ett Excel-datumnummer; formatera kolumnen som datum (ÅÅÅÅ-MM-DD) och spara filen igen.".into();
    }
    "är inte ett datum i formen ÅÅÅÅ-MM-DD (t.ex. 2026-03-31).".into()
}

/// A date from a numeric XLSX cell holding an Excel serial number (days since 1899-12-30, or
/// since 1904-01-01 in workbooks using the 1904 system). A fraction is a time of day and
/// is dropped. Excel's phantom 1900-02-29 (serial 60) is refused.
pub fn date_from_excel_serial(serial: f64, is_1904: bool) -> Result<NaiveDate, String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err("är inte ett datum (ett tal utanför Excels datumintervall).".into());
    }
    let days = serial.floor() as i64;
    if !is_1904 && days == 60 {
        return Err("är inget riktigt datum: 1900-02-29 finns bara i Excel.".into());
    }
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()
    } else if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
    };
    let date = epoch + chrono::Duration::days(days);
    checked_date(date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn swedish_numbers_are_read() {
        for (text, expected) in [
            ("1 234,5", dec!(1234.5)),
            ("1\u{a0}234,5", dec!(1234.5)),
            ("1\u{202f}234\u{202f}567", dec!(1234567)),
            ("1234.5", dec!(1234.5)),
            ("-3,2", dec!(-3.2)),
            ("−3,2", dec!(-3.2)),
            ("− 3,2", dec!(-3.2)),
            ("+7", dec!(7)),
            ("  42  ", dec!(42)),
            ("0,5", dec!(0.5)),
            (",5", dec!(0.5)),
            ("5,", dec!(5)),
            ("70", dec!(70)),
            ("100 000", dec!(100000)),
        ] {
            assert_eq!(parse_decimal(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn ambiguous_and_malformed_numbers_are_refused_with_a_reason() {
        for (text, reason) in [
            ("1.234,5", "både punkt och komma"),
            ("1,234.5", "både punkt och komma"),
            ("12,3,4", "är inte ett tal"),
            ("1.234.567", "är inte ett tal"),
            ("12 34", "mellanslag på fel ställe"),
            ("1 2345", "mellanslag på fel ställe"),
            ("1,23E+06", "exponentform"),
            ("85 %", "procenttecken"),
            ("85%", "procenttecken"),
            ("120 kr", "enhet"),
            ("abc", "är inte ett tal"),
            ("-", "är inte ett tal"),
            (",", "är inte ett tal"),
            ("1 234,5 6", "är inte ett tal"),
            ("12345678901234567890123456789", "för många siffror"),
        ] {
            let err = parse_decimal(text).expect_err(text);
            assert!(err.contains(reason), "{text:?}: {err}");
        }
        assert_eq!(parse_decimal(" \u{a0}"), Err("Värde saknas.".into()));
    }

    #[test]
    fn iso_dates_with_or_without_time_are_read() {
        for text in ["2026-03-31", "2026-03-31 00:00:00", "2026-03-31T14:30", "2026-3-31", " 2026-03-31 ", "2026-03-31T00:00:00.000Z"] {
            assert_eq!(parse_date(text), Ok(ymd(2026, 3, 31)), "{text:?}");
        }
    }

    #[test]
    fn impossible_and_foreign_dates_are_explained() {
        assert_eq!(parse_date("2026-02-30"), Err("är inget riktigt datum: februari 2026 har 28 dagar.".into()));
        assert_eq!(parse_date("2024-02-30"), Err("är inget riktigt datum: februari 2024 har 29 dagar.".into()));
        assert!(parse_date("2026-13-01").unwrap_err().contains("månaden måste vara 1–12"));
        assert!(parse_date("31/3/2026").unwrap_err().contains("ÅÅÅÅ-MM-DD"));
        assert!(parse_date("31.3.2026").unwrap_err().contains("dag och månad först"));
        assert_eq!(parse_date("2026/03/31"), Err("är inte i formen ÅÅÅÅ-MM-DD; skriv 2026-03-31.".into()));
        assert!(parse_date("45747").unwrap_err().contains("Excel-datumnummer"));
        assert!(parse_date("mars 2026").unwrap_err().contains("ÅÅÅÅ-MM-DD"));
        assert!(parse_date("2026-03-31 kl 12").unwrap_err().contains("ÅÅÅÅ-MM-DD"));
        assert_eq!(parse_date(""), Err("Datum saknas.".into()));
    }

    #[test]
    fn excel_serials_follow_both_epochs() {
        assert_eq!(date_from_excel_serial(46112.0, false), Ok(ymd(2026, 3, 31)));
        assert_eq!(date_from_excel_serial(46112.75, false), Ok(ymd(2026, 3, 31)));
        assert_eq!(date_from_excel_serial(1.0, false), Ok(ymd(1900, 1, 1)));
        assert_eq!(date_from_excel_serial(61.0, false), Ok(ymd(1900, 3, 1)));
        assert!(date_from_excel_serial(60.0, false).is_err());
        assert_eq!(date_from_excel_serial(46112.0 - 1462.0, true), Ok(ymd(2026, 3, 31)));
        assert!(date_from_excel_serial(-5.0, false).is_err());
        assert!(date_from_excel_serial(f64::NAN, false).is_err());
    }

    #[test]
    fn floats_become_their_shortest_decimal() {
        assert_eq!(decimal_from_f64(0.1), Ok(dec!(0.1)));
        assert_eq!(decimal_from_f64(72.0), Ok(dec!(72)));
        assert_eq!(decimal_from_f64(-1234.5), Ok(dec!(-1234.5)));
        assert_eq!(decimal_from_f64(1e-7), Ok(dec!(0.0000001)));
        assert!(decimal_from_f64(f64::INFINITY).is_err());
        assert!(decimal_from_f64(1e40).is_err());
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..8).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    proptest! {
        #[test]
        fn swedish_formatting_reads_back(value in decimal(), dp in 0u32..6) {
            prop_assert_eq!(parse_decimal(&crate::format::number(value, dp)), Ok(crate::format::round(value, dp)));
            prop_assert_eq!(parse_decimal(&crate::format::value(value)), Ok(value));
            // With ordinary spaces, as a user types them.
            let typed = crate::format::value(value).replace('\u{a0}', " ").replace('−', "-");
            prop_assert_eq!(parse_decimal(&typed), Ok(value));
            // With a decimal point and no grouping, as systems export.
            prop_assert_eq!(parse_decimal(&value.to_string()), Ok(value));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
            let _ = parse_decimal(&text);
            let _ = parse_date(&text);
        }

        #[test]
        fn iso_dates_read_back(days in 0i64..80_000) {
            let date = ymd(1900, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&crate::format::date(date)), Ok(date));
        }

        #[test]
        fn floats_read_back_exactly(value in -1e15f64..1e15) {
            let d = decimal_from_f64(value).unwrap();
            prop_assert_eq!(d.to_string().parse::<f64>().unwrap(), value);
        }
    }
}
