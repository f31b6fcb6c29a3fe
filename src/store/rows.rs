//! Conversions between SQLite values and domain types: Decimals and dates as TEXT.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

use super::error::{Result, StoreError};

pub fn optional<T>(result: rusqlite::Result<T>) -> rusqlite::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn decimal_to_text(value: Option<Decimal>) -> Option<String> {
    value.map(|d| d.normalize().to_string())
}

pub fn date_to_text(value: Option<NaiveDate>) -> Option<String> {
    value.map(crate::format::date)
}

/// Reads a TEXT column holding a Decimal; a malformed value is corruption, not user error.
pub fn decimal(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<Decimal>> {
    let Some(text) = optional_text_bytes(row, column)? else { return Ok(None) };
    fast_decimal(text).map(Some).ok_or_else(|| match std::str::from_utf8(text) {
        Ok(text) => match Decimal::from_str(text) {
            Err(e) => conversion(column, e),
            Ok(_) => conversion(column, format!("ogiltigt tal {text:?}")),
        },
        Err(e) => conversion(column, e),
    })
}

pub fn date(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    let Some(text) = optional_text_bytes(row, column)? else { return Ok(None) };
    fast_date(text)
        .map(Some)
        .ok_or_else(|| conversion(column, format!("ogiltigt datum {:?}", String::from_utf8_lossy(text))))
}

/// A TEXT column's bytes by position, read in place (no `String` per cell).
pub(in crate::store) fn text_at<'r>(row: &'r rusqlite::Row, column: usize) -> rusqlite::Result<&'r [u8]> {
    row.get_ref(column)?.as_bytes().map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e)))
}

/// A nullable TEXT column's bytes, read in place (no `String` per cell).
fn optional_text_bytes<'r>(row: &'r rusqlite::Row, column: &str) -> rusqlite::Result<Option<&'r [u8]>> {
    use rusqlite::types::ValueRef;
    match row.get_ref(column)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => Ok(Some(bytes)),
        other => Err(rusqlite::Error::InvalidColumnType(0, column.to_string(), other.data_type())),
    }
}

pub fn required_date(row: &rusqlite::Row, column: &str) -> rusqlite::Result<NaiveDate> {
    date(row, column)?.ok_or_else(|| conversion(column, "saknas"))
}

pub fn flag(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<bool>> {
    let value: Option<i64> = row.get(column)?;
    Ok(value.map(|v| v != 0))
}

/// Reads a TEXT column holding a code of one of the model's choices.
pub fn choice<T>(row: &rusqlite::Row, column: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| parse(&t).ok_or_else(|| conversion(column, format!("okänt värde {t:?}")))).transpose()
}

pub(in crate::store) fn conversion(column: &str, error: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("kolumnen {column}: {error}").into(),
    )
}

/// Parses `YYYY-MM-DD` without the generality (and cost) of a format string. Takes the
/// stored bytes: an ISO date needs no UTF-8 check; anything else is checked on the slow path.
pub(in crate::store) fn fast_date(text: impl AsRef<[u8]>) -> Option<NaiveDate> {
    let b = text.as_ref();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(std::str::from_utf8(b).ok()?, "%Y-%m-%d").ok();
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Appends `value` as the register stores a decimal — `value.normalize().to_string()`
/// (`-123.45`, `70`, `0.001`) — writing the digits of its mantissa itself: rust_decimal's
/// `Display` was a tenth of an import's own work per row. A mantissa beyond `u64` goes
/// through `Display`.
pub(in crate::store) fn push_decimal(out: &mut String, value: Decimal) {
    let value = value.normalize();
    let Ok(mut magnitude) = u64::try_from(value.mantissa().unsigned_abs()) else {
        use std::fmt::Write;
        let _ = write!(out, "{value}");
        return;
    };
    // The digits, least significant first.
    let mut digits = [0u8; 20];
    let mut count = 0;
    loop {
        digits[count] = b'0' + (magnitude % 10) as u8;
        count += 1;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if value.is_sign_negative() && value.mantissa() != 0 {
        out.push('-');
    }
    let scale = value.scale() as usize;
    let digits = digits[..count].iter().rev().map(|d| char::from(*d));
    if scale >= count {
        // Below one: the zeros between the point and the first digit (0.001).
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - count));
        out.extend(digits);
    } else {
        let whole = count - scale;
        for (n, digit) in digits.enumerate() {
            if n == whole {
                out.push('.');
            }
            out.push(digit);
        }
    }
}

/// Parses a stored decimal (`-123.45`) directly into its mantissa and scale; anything longer
/// or unusual goes through `Decimal::from_str`. Takes the stored bytes, as [`fast_date`].
pub(in crate::store) fn fast_decimal(text: impl AsRef<[u8]>) -> Option<Decimal> {
    let bytes = text.as_ref();
    let slow = || Decimal::from_str(std::str::from_utf8(bytes).ok()?).ok();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return slow();
    }
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return slow(),
        }
    }
    if scale == Some(0) {
        return slow();
    }
    let mut value = Decimal::new(mantissa, scale.unwrap_or(0));
    value.set_sign_negative(negative && mantissa != 0);
    Some(value)
}

/// A TEXT column's bytes, without the UTF-8 check of `as_str` (a million rows read three
/// columns each; the parsers above check what they need).
pub(in crate::store) fn text_bytes<'r>(row: &'r rusqlite::Row, column: usize) -> Result<&'r [u8]> {
    row.get_ref(column)?.as_bytes().map_err(|e| {
        StoreError::from(rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}

pub fn not_found(entity: &'static str, id: i64) -> StoreError {
    StoreError::NotFound { entity, id }
}

pub fn check_valid(errors: Vec<crate::model::FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_decimal_agrees_with_from_str() {
        for text in [
            "0",
            "70",
            "-3",
            "3.5",
            "-0.25",
            "250000",
            "0.001",
            "-0",
            "12345678901234567.8",
            "123456789012345678901234.5",
            "1e5",
            "",
            "-",
            "1.",
            ".5",
            "1.2.3",
            "x",
        ] {
            assert_eq!(fast_decimal(text), Decimal::from_str(text).ok(), "{text:?}");
        }
    }

    #[test]
    fn push_decimal_writes_what_display_writes_of_the_normalised_value() {
        let write = |value: Decimal| {
            let mut text = String::new();
            push_decimal(&mut text, value);
            text
        };
        for text in ["0", "-0", "70", "-3", "3.50", "-0.25", "250000", "0.001", "-0.0010", "100.000", "1e5", "12345678901234567.8", "123456789012345678901234.5", "-79228162514264337593543950335"] {
            let value = Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)).unwrap();
            assert_eq!(write(value), value.normalize().to_string(), "{text}");
        }
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let mantissa = (seed >> 1) as i64 as i128 * if seed & 1 == 0 { 1 } else { -1 } / (1 + (seed >> 60) as i128);
            let value = Decimal::from_i128_with_scale(mantissa, ((seed >> 40) % 29) as u32);
            assert_eq!(write(value), value.normalize().to_string(), "{mantissa} scale {}", value.scale());
        }
    }

    #[test]
    fn fast_date_reads_iso_dates_and_refuses_the_rest() {
        assert_eq!(fast_date("2026-03-01"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            fast_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(fast_date("2026-02-30"), None);
        assert_eq!(fast_date("2026-0a-01"), None);
        assert_eq!(fast_date(""), None);
    }
}
