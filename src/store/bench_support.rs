//! Bulk loading for the benchmark suite (`cargo xtask bench`, `tests/bench`): a fast way to
//! put a million measurements into a generated register. Not used by the app or the CLI.
//!
//! Everything else in a benchmark register goes through the ordinary store functions
//! (one transaction per action, with its audit rows). Recording a million measurements one
//! action at a time would take many minutes, so this loader writes them in one transaction
//! with one prepared statement — the way a register would look after many imports, except
//! that no `importerad` audit rows are written. Values must already be valid for their
//! indicators: the loader checks only what the schema checks.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::Result;
use super::Register;

/// Collects rows for [`Register::bulk_load_measurements`].
#[doc(hidden)]
pub struct BulkMeasurements<'s> {
    stmt: rusqlite::Statement<'s>,
    author: String,
    now: String,
    date: String,
    value: String,
    rows: usize,
}

impl BulkMeasurements<'_> {
    /// Adds one measurement. A second one for the same initiative, indicator and date is an
    /// error (the schema's unique key).
    pub fn add(&mut self, initiative_id: i64, indicator: &str, date: NaiveDate, value: Decimal) -> Result<()> {
        use std::fmt::Write as _;
        self.date.clear();
        let _ = write!(self.date, "{}", date.format("%Y-%m-%d"));
        self.value.clear();
        let _ = write!(self.value, "{}", value.normalize());
        self.stmt.execute(rusqlite::params![
            initiative_id,
            indicator,
            self.date,
            self.value,
            self.author,
            self.now
        ])?;
        self.rows += 1;
        Ok(())
    }
}

impl Register {
    /// Inserts the measurements that `fill` adds, all in one transaction (all or none), with
    /// this handle's author. For the benchmark generator only; see the module documentation.
    #[doc(hidden)]
    pub fn bulk_load_measurements(
        &mut self,
        fill: impl FnOnce(&mut BulkMeasurements<'_>) -> Result<()>,
    ) -> Result<usize> {
        let author = self.author.clone();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let rows = {
            let stmt = tx.prepare(
                "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '', '', ?5, ?6, ?6)",
            )?;
            let mut bulk = BulkMeasurements {
                stmt,
                author,
                now: super::now(),
                date: String::with_capacity(10),
                value: String::with_capacity(24),
                rows: 0,
            };
            fill(&mut bulk)?;
            bulk.rows
        };
        tx.commit()?;
        Ok(rows)
    }
}
