//! The measurement import's staging area on SQLite (see [`MeasurementStaging`]): the rows of
//! a file, checked by the application layer (`app::import`), go into a temporary table whose
//! unique key finds duplicates; the comparison with the stored measurements and the writes
//! are then a few set-based statements.
//!
//! The temporary tables live in a temporary file with a bounded cache, so memory does not grow
//! with the file. Everything happens in one transaction: `IMMEDIATE` for an import, which is
//! committed only when the work applied the rows and succeeded; a read for a dry run, which
//! writes nothing to the register.
//!
//! **The audit log.** Each imported initiative gets one `importerad` row naming the file and
//! the counts; each replaced measurement gets its own `ändrad` row with before and after. New
//! measurements carry their author and creation time themselves; a million-row import does
//! not add a million log rows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;

use super::error::{Result, StoreError};
use super::interface::{
    AppliedImport, ImportIndicator, ImportTarget, MeasurementImportStore, MeasurementStaging, StagedComparison,
    StagedConflict, StagedRow, StagingMode,
};
use super::measurements::rules::corrupt;
use super::Register;
use crate::model::plan::Plan;

impl MeasurementImportStore for Register {
    fn stage_measurements<T, E: From<StoreError>>(
        &mut self,
        mode: StagingMode,
        work: impl FnOnce(&mut dyn MeasurementStaging) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        prepare_temp_store(&self.conn).map_err(StoreError::from)?;
        let behavior = match mode {
            StagingMode::DryRun => TransactionBehavior::Deferred,
            StagingMode::Write => TransactionBehavior::Immediate,
        };
        let author = self.author.clone();
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(StoreError::from)?;
        if mode == StagingMode::Write {
            super::refuse_snapshot(&tx)?;
        }
        let (value, applied) = match mode {
            StagingMode::DryRun => {
                create_staging_tables(&tx).map_err(StoreError::from)?;
                let mut staging = SqliteStaging::new(&tx, author, mode).map_err(StoreError::from)?;
                let value = work(&mut staging)?;
                (value, staging.applied)
            }
            StagingMode::Write => {
                super::direct_import::create_tables(&tx).map_err(StoreError::from)?;
                let mut import = super::direct_import::DirectImport::new(&tx, author).map_err(StoreError::from)?;
                let value = work(&mut import)?;
                (value, import.applied)
            }
        };
        if applied {
            tx.execute_batch("DROP TABLE IF EXISTS temp.import_row; DROP TABLE IF EXISTS temp.import_match;")
                .map_err(StoreError::from)?;
            tx.commit().map_err(StoreError::from)?;
        }
        // Otherwise dropping the transaction rolls it back: only the temporary tables were
        // written.
        Ok(value)
    }
}

/// Temporary tables in a temporary file with a bounded cache, so a large file does not fill
/// the memory (the bundled SQLite keeps temporary tables in memory by default).
fn prepare_temp_store(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.execute_batch("PRAGMA temp.cache_size = -32768;")?;
    Ok(())
}

/// The file's rows keyed by what makes a measurement unique, in that order (`WITHOUT ROWID`):
/// one B-tree per row instead of a table and its unique index, and the rows come out in the
/// order they are written to the register without a sort. The matches carry the file's
/// values, so that replacing reads only them.
fn create_staging_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.import_row;
         DROP TABLE IF EXISTS temp.import_match;
         CREATE TEMP TABLE import_row (
             initiative_id  INTEGER NOT NULL,
             indicator_code TEXT NOT NULL,
             date           TEXT NOT NULL,
             row            INTEGER NOT NULL,
             value          TEXT NOT NULL,
             source         TEXT,
             comment        TEXT,
             PRIMARY KEY (initiative_id, indicator_code, date)
         ) WITHOUT ROWID;
         CREATE TEMP TABLE import_match (
             row            INTEGER PRIMARY KEY,
             measurement_id INTEGER NOT NULL,
             changed        INTEGER NOT NULL,
             value          TEXT NOT NULL,
             source         TEXT,
             comment        TEXT
         );",
    )
}

struct SqliteStaging<'c> {
    conn: &'c Connection,
    author: String,
    write: bool,
    applied: bool,
    /// Held for the whole import: a file may have millions of rows.
    insert: rusqlite::Statement<'c>,
    first_row: rusqlite::Statement<'c>,
    date_text: String,
    value_text: String,
}

impl<'c> SqliteStaging<'c> {
    fn new(conn: &'c Connection, author: String, mode: StagingMode) -> rusqlite::Result<Self> {
        Ok(SqliteStaging {
            conn,
            author,
            write: mode == StagingMode::Write,
            applied: false,
            insert: conn.prepare(
                "INSERT INTO temp.import_row (row, initiative_id, indicator_code, date, value, source, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            first_row: conn.prepare(
                "SELECT row FROM temp.import_row WHERE initiative_id = ?1 AND indicator_code = ?2 AND date = ?3",
            )?,
            date_text: String::with_capacity(10),
            value_text: String::with_capacity(32),
        })
    }
}

impl MeasurementStaging for SqliteStaging<'_> {
    fn target(&mut self, code: &str) -> Result<Option<ImportTarget>> {
        find_target(self.conn, code)
    }

    fn stage(&mut self, row: &StagedRow<'_>) -> Result<Option<usize>> {
        self.date_text.clear();
        let _ = write!(self.date_text, "{}", row.date.format("%Y-%m-%d"));
        self.value_text.clear();
        let _ = write!(self.value_text, "{}", row.value.normalize());
        let inserted = self.insert.execute(params![
            row.row as i64,
            row.initiative_id,
            row.indicator,
            self.date_text,
            self.value_text,
            row.source,
            row.comment
        ]);
        match inserted {
            Ok(_) => Ok(None),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                let first: i64 = self.first_row.query_row(
                    params![row.initiative_id, row.indicator, self.date_text],
                    |r| r.get(0),
                )?;
                Ok(Some(first as usize))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn compare(&mut self, listed: usize) -> Result<StagedComparison> {
        let conn = self.conn;
        conn.execute("DELETE FROM temp.import_match", [])?;
        let mut matches = conn.prepare(
            "SELECT s.row, s.initiative_id, s.indicator_code, s.date, s.value, m.id, m.value, s.source, s.comment
             FROM temp.import_row s
             JOIN measurement m
               ON m.initiative_id = s.initiative_id AND m.indicator_code = s.indicator_code AND m.date = s.date
             ORDER BY s.row",
        )?;
        let mut mark = conn.prepare(
            "INSERT INTO temp.import_match (row, measurement_id, changed, value, source, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut comparison = StagedComparison::default();
        let mut found = matches.query([])?;
        while let Some(r) = found.next()? {
            let row: i64 = r.get(0)?;
            let new_text = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
            let old_text = r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?;
            let new_value = Decimal::from_str(new_text).unwrap_or_default();
            let old_value = Decimal::from_str(old_text).map_err(|_| corrupt("värde", old_text))?;
            let changed = new_value != old_value;
            mark.execute(params![row, r.get::<_, i64>(5)?, changed, new_text, r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?])?;
            if !changed {
                comparison.unchanged += 1;
                continue;
            }
            comparison.conflicts += 1;
            if comparison.conflict_list.len() < listed {
                let date_text = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
                comparison.conflict_list.push(StagedConflict {
                    row: row as usize,
                    initiative_id: r.get(1)?,
                    indicator: r.get(2)?,
                    date: NaiveDate::parse_from_str(date_text, "%Y-%m-%d").unwrap_or_default(),
                    old_value,
                    new_value,
                });
            }
        }
        drop(found);
        comparison.staged = conn.query_row("SELECT count(*) FROM temp.import_row", [], |r| {
            r.get::<_, i64>(0)
        })? as usize;
        Ok(comparison)
    }

    fn apply(&mut self, replace: bool, file_name: &str) -> Result<AppliedImport> {
        if !self.write {
            return Err(dry_run_refused());
        }
        let now = super::now();
        let replaced = if replace {
            apply_replacements(self.conn, &self.author, &now, file_name)?
        } else {
            0
        };
        // Without matches (a file of new rows, the usual case) nothing needs to be left out.
        let matched: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM temp.import_match)", [], |r| r.get(0))?;
        let unmatched = if matched { "WHERE NOT EXISTS (SELECT 1 FROM temp.import_match x WHERE x.row = s.row)" } else { "" };
        let added = self.conn.execute(
            &format!(
                "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                     created_at, updated_at)
                 SELECT s.initiative_id, s.indicator_code, s.date, s.value, coalesce(s.source, ''),
                        coalesce(s.comment, ''), ?1, ?2, ?2
                 FROM temp.import_row s
                 {unmatched}
                 ORDER BY s.initiative_id, s.indicator_code, s.date"
            ),
            params![self.author, now],
        )?;
        write_import_log(self.conn, &self.author, &now, file_name, matched)?;
        self.applied = true;
        Ok(AppliedImport { added, replaced })
    }
}

/// The initiative with this code (any letter case) as an import checks rows against it.
pub(in crate::store) fn find_target(conn: &Connection, code: &str) -> Result<Option<ImportTarget>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, code FROM initiative WHERE code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, code)) = found else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT status, body FROM plan_version WHERE initiative_id = ?1 ORDER BY version DESC",
    )?;
    let versions = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    import_target(id, code, &versions).map(Some)
}

/// An initiative as the import checks rows against it, from its plan versions (status and
/// body JSON, newest first): the indicators of the latest version (a draft or the approved
/// one), then of the latest approved one, whose definitions win.
pub(in crate::store) fn import_target(id: i64, code: String, versions: &[(String, String)]) -> Result<ImportTarget> {
    let mut indicators = HashMap::new();
    let latest = versions.first();
    let approved = versions.iter().find(|(status, _)| status == "approved");
    for (_, body) in latest.into_iter().chain(approved) {
        let plan: Plan = serde_json::from_str(body)?;
        for (_, indicator) in plan.indicators() {
            indicators.insert(indicator.code.clone(), ImportIndicator::from(indicator));
        }
    }
    Ok(ImportTarget { id, code, indicators, has_plan: !versions.is_empty() })
}

/// The refusal of [`MeasurementStaging::apply`] in a dry run.
pub(in crate::store) fn dry_run_refused() -> StoreError {
    StoreError::Refused("En provkörning av en import skriver inget till registret.".into())
}

/// The reason in the audit row of a measurement an import replaced.
pub(in crate::store) fn replacement_reason(file_name: &str) -> String {
    format!("Ersatt vid import från {file_name}")
}

/// Replaces every conflicting measurement with the file's value, logging the old one.
pub(in crate::store) fn apply_replacements(
    conn: &Connection,
    author: &str,
    now: &str,
    file_name: &str,
) -> Result<usize> {
    let reason = replacement_reason(file_name);
    conn.execute(
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         SELECT ?1, ?2, 'ändrad', 'measurement', m.id, m.initiative_id,
                json_object('indicator', m.indicator_code, 'date', m.date, 'value', m.value,
                            'source', m.source, 'comment', m.comment, 'author', m.author),
                json_object('indicator', m.indicator_code, 'date', m.date, 'value', x.value,
                            'source', coalesce(x.source, m.source), 'comment', coalesce(x.comment, m.comment),
                            'author', m.author),
                ?3
         FROM temp.import_match x
         JOIN measurement m ON m.id = x.measurement_id
         WHERE x.changed
         ORDER BY x.row",
        params![now, author, reason],
    )?;
    let replaced = conn.execute(
        "UPDATE measurement AS m
         SET value = x.value, source = coalesce(x.source, m.source), comment = coalesce(x.comment, m.comment),
             updated_at = ?1, row_version = m.row_version + 1
         FROM temp.import_match x
         WHERE x.changed AND m.id = x.measurement_id",
        params![now],
    )?;
    Ok(replaced)
}

/// One `importerad` row per initiative: the file and what it did there. Without matches every
/// staged row was added, and the counts need no look at the matches.
fn write_import_log(conn: &Connection, author: &str, now: &str, file_name: &str, matched: bool) -> Result<()> {
    let sql = if matched {
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         SELECT ?1, ?2, 'importerad', 'measurement_import', NULL, s.initiative_id, NULL,
                json_object('file', ?3, 'added', sum(x.row IS NULL), 'replaced', sum(coalesce(x.changed, 0)),
                            'unchanged', coalesce(sum(x.changed = 0), 0)),
                ''
         FROM temp.import_row s LEFT JOIN temp.import_match x ON x.row = s.row
         GROUP BY s.initiative_id
         HAVING sum(x.row IS NULL) + sum(coalesce(x.changed, 0)) > 0
         ORDER BY s.initiative_id"
    } else {
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         SELECT ?1, ?2, 'importerad', 'measurement_import', NULL, s.initiative_id, NULL,
                json_object('file', ?3, 'added', count(*), 'replaced', 0, 'unchanged', 0),
                ''
         FROM temp.import_row s
         GROUP BY s.initiative_id
         ORDER BY s.initiative_id"
    };
    conn.execute(sql, params![now, author, file_name])?;
    Ok(())
}
