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
    let text: Option<String> = row.get(column)?;
    text.map(|t| Decimal::from_str(&t).map_err(|e| conversion(column, e))).transpose()
}

pub fn date(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|e| conversion(column, e)))
        .transpose()
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

fn conversion(column: &str, error: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("kolumnen {column}: {error}").into(),
    )
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
