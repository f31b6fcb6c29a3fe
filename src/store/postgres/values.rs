//! Reading the shared register's rows into the model's types. PostgreSQL has the types the
//! file register keeps as text (NUMERIC, DATE, BOOLEAN), so most columns are read as they
//! are; what is left here is what both stores must give alike.

use postgres::Row;
use rust_decimal::Decimal;

use crate::store::{Result, StoreError};

/// A NUMERIC column, normalised: PostgreSQL keeps the scale a value was written with
/// (`12.50`), the file register its shortest text (`12.5`); both give the same Decimal.
pub fn decimal(row: &Row, column: &str) -> Result<Option<Decimal>> {
    Ok(row.try_get::<_, Option<Decimal>>(column)?.map(|d| d.normalize()))
}

/// A NUMERIC column that is never empty.
pub fn required_decimal(row: &Row, column: &str) -> Result<Decimal> {
    decimal(row, column)?.ok_or_else(|| corrupt(column, "saknas"))
}

/// A TEXT column holding the code of one of the model's choices.
pub fn choice<T>(row: &Row, column: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| parse(&t).ok_or_else(|| corrupt(column, &format!("okänt värde {t:?}")))).transpose()
}

/// A TEXT column holding a code that is never empty.
pub fn required_choice<T>(row: &Row, column: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    choice(row, column, parse)?.ok_or_else(|| corrupt(column, "saknas"))
}

/// A JSON column (kept as written), read into `T`.
pub fn json<T: serde::de::DeserializeOwned>(row: &Row, column: &str) -> Result<T> {
    let value: serde_json::Value = row.try_get(column)?;
    Ok(serde_json::from_value(value)?)
}

/// A value `T` written to a JSON column.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    Ok(serde_json::to_value(value)?)
}

/// A stored value that does not read back: the database holds what the program never
/// writes, which is a fault to report, not the user's.
fn corrupt(column: &str, detail: &str) -> StoreError {
    StoreError::Server(super::PgError::Other(format!("kolumnen {column}: {detail}")))
}
