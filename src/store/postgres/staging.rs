//! The measurement import's staging area on the shared register (see
//! [`MeasurementStaging`]): the rows of a file, checked by the application layer
//! (`app::import`), go into a temporary table (dropped with the transaction), sent in
//! batches with `COPY … BINARY` so that a file of a hundred thousand rows is a few dozen
//! round trips, not a hundred thousand; the comparison with the stored measurements and the
//! writes are then a few set-based statements, as on the file register (`store::staging`),
//! with the same audit rows.
//!
//! **One transaction, run once.** The work reads its file once, so it cannot be run again
//! as [`PgRegister::write`] runs an action after a serialization failure: the import is one
//! `REPEATABLE READ` transaction ([`PgRegister::write_once`]), committed only when the work
//! applied the rows and succeeded; a dry run's is always rolled back. REPEATABLE READ, not
//! SERIALIZABLE: an import reads and writes many rows for a long time, and SERIALIZABLE's
//! predicate locks over such a scan would abort it (or others' small edits) on changes to
//! rows it never touches. What it does touch is still safe: a stored measurement it
//! replaces that someone changed or deleted meanwhile aborts it with a serialization
//! failure, and a measurement someone added meanwhile on a staged row's day with a unique
//! violation; both reach the user as [`PgError::Conflict`] (try again), with nothing stored.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::Type;
use postgres::{IsolationLevel, Transaction};
use rust_decimal::Decimal;

use super::register::{now, PgRegister};
use super::values;
use super::PgError;
use crate::store::interface::{
    AppliedImport, ImportTarget, MeasurementImportStore, MeasurementStaging, StagedComparison, StagedConflict,
    StagedRow, StagingMode,
};
use crate::store::staging::{dry_run_refused, import_target, replacement_reason};
use crate::store::{Result, StoreError};

/// Rows sent to the server in one `COPY`.
const BATCH: usize = 10_000;

impl MeasurementImportStore for PgRegister {
    fn stage_measurements<T, E: From<StoreError>>(
        &mut self,
        mode: StagingMode,
        work: impl FnOnce(&mut dyn MeasurementStaging) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.write_once(IsolationLevel::RepeatableRead, |tx, author| {
            create_staging_table(tx)?;
            let mut staging = PgStaging::new(tx, author, mode);
            let value = work(&mut staging)?;
            Ok((value, staging.applied))
        })
    }
}

/// The staged rows, and what `compare` found for each: the stored measurement of its day
/// and whether the file's value differs from it.
fn create_staging_table(tx: &mut Transaction<'_>) -> Result<()> {
    tx.batch_execute(
        "CREATE TEMPORARY TABLE measurement_staging (
             file_row       BIGINT PRIMARY KEY,
             initiative_id  BIGINT NOT NULL,
             indicator_code TEXT NOT NULL,
             date           DATE NOT NULL,
             value          NUMERIC NOT NULL,
             source         TEXT,
             comment        TEXT,
             measurement_id BIGINT,
             changed        BOOLEAN,
             UNIQUE (initiative_id, indicator_code, date)
         ) ON COMMIT DROP",
    )?;
    Ok(())
}

/// A checked row not yet sent to the server.
struct PendingRow {
    row: i64,
    initiative_id: i64,
    indicator: String,
    date: NaiveDate,
    value: Decimal,
    source: Option<String>,
    comment: Option<String>,
}

struct PgStaging<'a, 't> {
    tx: &'a mut Transaction<'t>,
    author: &'a str,
    write: bool,
    applied: bool,
    pending: Vec<PendingRow>,
    /// A hash of each staged row's initiative, indicator and date: a row whose hash is new is
    /// no duplicate, found without asking the server; only a match (a duplicate, or very
    /// rarely another key with the same hash) is looked up. Eight bytes a row, where the
    /// keys themselves could fill the memory with millions of rows.
    keys: HashSet<u64>,
}

impl<'a, 't> PgStaging<'a, 't> {
    fn new(tx: &'a mut Transaction<'t>, author: &'a str, mode: StagingMode) -> Self {
        PgStaging {
            tx,
            author,
            write: mode == StagingMode::Write,
            applied: false,
            pending: Vec::with_capacity(BATCH),
            keys: HashSet::new(),
        }
    }

    /// Sends the pending rows in one `COPY`.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let sink = self.tx.copy_in(
            "COPY pg_temp.measurement_staging (file_row, initiative_id, indicator_code, date, value, source, comment)
             FROM STDIN BINARY",
        )?;
        let types = [Type::INT8, Type::INT8, Type::TEXT, Type::DATE, Type::NUMERIC, Type::TEXT, Type::TEXT];
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for r in &self.pending {
            writer.write(&[&r.row, &r.initiative_id, &r.indicator, &r.date, &r.value, &r.source, &r.comment])?;
        }
        writer.finish()?;
        self.pending.clear();
        Ok(())
    }

    /// The row already staged with `row`'s initiative, indicator and date, if any.
    fn first_row(&mut self, row: &StagedRow<'_>) -> Result<Option<usize>> {
        let pending = self.pending.iter().find(|p| {
            p.initiative_id == row.initiative_id && p.indicator == row.indicator && p.date == row.date
        });
        if let Some(p) = pending {
            return Ok(Some(p.row as usize));
        }
        let found = self.tx.query_opt(
            "SELECT file_row FROM pg_temp.measurement_staging
             WHERE initiative_id = $1 AND indicator_code = $2 AND date = $3",
            &[&row.initiative_id, &row.indicator, &row.date],
        )?;
        Ok(match found {
            Some(r) => Some(r.try_get::<_, i64>(0)? as usize),
            None => None,
        })
    }

    /// Marks each staged row with the stored measurement of its day, if any, and whether
    /// its value differs (as numbers: 70.0 is 70).
    fn mark_matches(&mut self) -> Result<()> {
        self.tx.batch_execute(
            "ANALYZE pg_temp.measurement_staging;
             UPDATE pg_temp.measurement_staging SET measurement_id = NULL, changed = NULL
             WHERE measurement_id IS NOT NULL;
             UPDATE pg_temp.measurement_staging s SET measurement_id = m.id, changed = (s.value <> m.value)
             FROM measurement m
             WHERE m.initiative_id = s.initiative_id AND m.indicator_code = s.indicator_code AND m.date = s.date;",
        )?;
        Ok(())
    }

    /// Replaces every conflicting measurement with the file's value, logging the old one.
    fn apply_replacements(&mut self, at: chrono::NaiveDateTime, file_name: &str) -> Result<usize> {
        let reason = replacement_reason(file_name);
        self.tx.execute(
            "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
             SELECT $1, $2, 'ändrad', 'measurement', m.id, m.initiative_id,
                    json_build_object('indicator', m.indicator_code, 'date', m.date, 'value', trim_scale(m.value)::text,
                                      'source', m.source, 'comment', m.comment, 'author', m.author)::text,
                    json_build_object('indicator', m.indicator_code, 'date', m.date, 'value', trim_scale(s.value)::text,
                                      'source', coalesce(s.source, m.source), 'comment', coalesce(s.comment, m.comment),
                                      'author', m.author)::text,
                    $3
             FROM pg_temp.measurement_staging s
             JOIN measurement m ON m.id = s.measurement_id
             WHERE s.changed
             ORDER BY s.file_row",
            &[&at, &self.author, &reason],
        )?;
        let replaced = self.tx.execute(
            "UPDATE measurement AS m
             SET value = s.value, source = coalesce(s.source, m.source), comment = coalesce(s.comment, m.comment),
                 updated_at = $1, row_version = m.row_version + 1
             FROM pg_temp.measurement_staging s
             WHERE s.changed AND m.id = s.measurement_id",
            &[&at],
        )?;
        Ok(replaced as usize)
    }

    /// Adds the staged rows that match no stored measurement.
    fn add_new(&mut self, at: chrono::NaiveDateTime) -> Result<usize> {
        let added = self.tx.execute(
            "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                 created_at, updated_at)
             SELECT s.initiative_id, s.indicator_code, s.date, s.value, coalesce(s.source, ''),
                    coalesce(s.comment, ''), $1, $2, $2
             FROM pg_temp.measurement_staging s
             WHERE s.measurement_id IS NULL
             ORDER BY s.initiative_id, s.indicator_code, s.date",
            &[&self.author, &at],
        );
        match added {
            Ok(added) => Ok(added as usize),
            // Someone added a measurement on a staged row's day after the comparison.
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => Err(StoreError::Server(PgError::Conflict)),
            Err(e) => Err(e.into()),
        }
    }

    /// One `importerad` row per initiative: the file and what it did there.
    fn write_import_log(&mut self, at: chrono::NaiveDateTime, file_name: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
             SELECT $1, $2, 'importerad', 'measurement_import', NULL, s.initiative_id, NULL,
                    json_build_object('file', $3::text,
                                      'added', count(*) FILTER (WHERE s.measurement_id IS NULL),
                                      'replaced', count(*) FILTER (WHERE s.changed),
                                      'unchanged', count(*) FILTER (WHERE NOT s.changed))::text,
                    ''
             FROM pg_temp.measurement_staging s
             GROUP BY s.initiative_id
             HAVING count(*) FILTER (WHERE s.measurement_id IS NULL) + count(*) FILTER (WHERE s.changed) > 0
             ORDER BY s.initiative_id",
            &[&at, &self.author, &file_name],
        )?;
        Ok(())
    }
}

/// The hash of a row's initiative, indicator and date (the staging table's unique key).
fn key_hash(row: &StagedRow<'_>) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (row.initiative_id, row.indicator, row.date).hash(&mut hasher);
    hasher.finish()
}

impl MeasurementStaging for PgStaging<'_, '_> {
    fn target(&mut self, code: &str) -> Result<Option<ImportTarget>> {
        let found = self.tx.query_opt("SELECT id, code FROM initiative WHERE lower(code) = lower($1)", &[&code])?;
        let Some(found) = found else {
            return Ok(None);
        };
        let id: i64 = found.try_get(0)?;
        let rows = self.tx.query(
            "SELECT status, body::text FROM plan_version WHERE initiative_id = $1 ORDER BY version DESC",
            &[&id],
        )?;
        let versions = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<Vec<(String, String)>>>()?;
        import_target(id, found.try_get(1)?, &versions).map(Some)
    }

    fn stage(&mut self, row: &StagedRow<'_>) -> Result<Option<usize>> {
        let key = key_hash(row);
        if !self.keys.insert(key) {
            if let Some(first) = self.first_row(row)? {
                return Ok(Some(first));
            }
        }
        self.pending.push(PendingRow {
            row: row.row as i64,
            initiative_id: row.initiative_id,
            indicator: row.indicator.to_string(),
            date: row.date,
            value: row.value.normalize(),
            source: row.source.map(str::to_string),
            comment: row.comment.map(str::to_string),
        });
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(None)
    }

    fn compare(&mut self, listed: usize) -> Result<StagedComparison> {
        self.flush()?;
        self.mark_matches()?;
        let counts = self.tx.query_one(
            "SELECT count(*), count(*) FILTER (WHERE NOT changed), count(*) FILTER (WHERE changed)
             FROM pg_temp.measurement_staging",
            &[],
        )?;
        let count = |at: usize| -> Result<usize> { Ok(counts.try_get::<_, i64>(at)? as usize) };
        let mut comparison =
            StagedComparison { staged: count(0)?, unchanged: count(1)?, conflicts: count(2)?, conflict_list: Vec::new() };
        let conflicts = self.tx.query(
            "SELECT s.file_row, s.initiative_id, s.indicator_code, s.date, m.value AS old_value, s.value AS new_value
             FROM pg_temp.measurement_staging s JOIN measurement m ON m.id = s.measurement_id
             WHERE s.changed
             ORDER BY s.file_row
             LIMIT $1",
            &[&(listed as i64)],
        )?;
        for r in &conflicts {
            comparison.conflict_list.push(StagedConflict {
                row: r.try_get::<_, i64>("file_row")? as usize,
                initiative_id: r.try_get("initiative_id")?,
                indicator: r.try_get("indicator_code")?,
                date: r.try_get("date")?,
                old_value: values::required_decimal(r, "old_value")?,
                new_value: values::required_decimal(r, "new_value")?,
            });
        }
        Ok(comparison)
    }

    fn apply(&mut self, replace: bool, file_name: &str) -> Result<AppliedImport> {
        if !self.write {
            return Err(dry_run_refused());
        }
        self.flush()?;
        let at = now();
        let replaced = if replace { self.apply_replacements(at, file_name)? } else { 0 };
        let added = self.add_new(at)?;
        self.write_import_log(at, file_name)?;
        self.applied = true;
        Ok(AppliedImport { added, replaced })
    }
}
