//! The measurement import's writing path on SQLite ([`StagingMode::Write`]): each checked row
//! goes straight into the register inside the import's transaction, and only the rows that
//! meet a stored measurement are put aside (`temp.import_match`) to be compared and, when the
//! user chose to replace, replaced. Nothing is committed unless the work applies the import;
//! otherwise the transaction is rolled back with every row it wrote.
//!
//! Why not stage every row first, as the dry run does ([`super::staging`]): staging a
//! million rows in a temporary table and then copying them was two B-tree inserts per row
//! and a third of the import's time (docs/prestanda.md). The unique key of the measurement
//! table finds the duplicates here: a row that meets a measurement this import added is a
//! repeat of an earlier row of the file, one that meets an older measurement a match.
//!
//! An added measurement's id leads back to its file row through runs of consecutive ids and
//! rows, so that memory follows the number of gaps (rows with errors, matches), not of rows.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Statement};
use rust_decimal::Decimal;

use super::error::Result;
use super::interface::{AppliedImport, ImportTarget, MeasurementStaging, StagedComparison, StagedConflict, StagedRow};
use super::measurements::rules::corrupt;
use super::staging::{apply_replacements, find_target};

pub(super) fn create_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.import_row;
         DROP TABLE IF EXISTS temp.import_match;
         CREATE TEMP TABLE import_match (
             row            INTEGER PRIMARY KEY,
             measurement_id INTEGER NOT NULL UNIQUE,
             initiative_id  INTEGER NOT NULL,
             indicator_code TEXT NOT NULL,
             date           TEXT NOT NULL,
             changed        INTEGER NOT NULL,
             old_value      TEXT NOT NULL,
             value          TEXT NOT NULL,
             source         TEXT,
             comment        TEXT
         );",
    )
}

/// Consecutive added measurements that came from consecutive rows of the file.
struct Run {
    first_id: i64,
    first_row: usize,
    len: i64,
}

pub(super) struct DirectImport<'c> {
    conn: &'c Connection,
    author: String,
    now: String,
    /// The largest measurement id before the import: larger ones are this import's.
    max_before: i64,
    pub(super) applied: bool,
    insert: Statement<'c>,
    find: Statement<'c>,
    match_of: Statement<'c>,
    mark: Statement<'c>,
    runs: Vec<Run>,
    /// Added measurements per initiative, for the import log.
    added: BTreeMap<i64, usize>,
    date_text: String,
    value_text: String,
}

impl<'c> DirectImport<'c> {
    pub(super) fn new(conn: &'c Connection, author: String) -> rusqlite::Result<Self> {
        let max_before = conn.query_row("SELECT coalesce(max(id), 0) FROM measurement", [], |r| r.get(0))?;
        Ok(DirectImport {
            conn,
            author,
            now: super::now(),
            max_before,
            applied: false,
            insert: conn.prepare(
                "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?,
            find: conn.prepare(
                "SELECT id, value FROM measurement WHERE initiative_id = ?1 AND indicator_code = ?2 AND date = ?3",
            )?,
            match_of: conn.prepare("SELECT row FROM temp.import_match WHERE measurement_id = ?1")?,
            mark: conn.prepare(
                "INSERT INTO temp.import_match
                     (row, measurement_id, initiative_id, indicator_code, date, changed, old_value, value, source, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            runs: Vec::new(),
            added: BTreeMap::new(),
            date_text: String::with_capacity(10),
            value_text: String::with_capacity(32),
        })
    }

    fn remember(&mut self, id: i64, row: usize) {
        if let Some(run) = self.runs.last_mut() {
            if id == run.first_id + run.len && row == run.first_row + run.len as usize {
                run.len += 1;
                return;
            }
        }
        self.runs.push(Run { first_id: id, first_row: row, len: 1 });
    }

    /// The file row of a measurement this import added.
    fn row_of(&self, id: i64) -> Option<usize> {
        let at = self.runs.partition_point(|run| run.first_id + run.len <= id);
        let run = self.runs.get(at)?;
        (id >= run.first_id).then(|| run.first_row + (id - run.first_id) as usize)
    }

    fn inserted(&self) -> usize {
        self.runs.iter().map(|run| run.len as usize).sum()
    }
}

impl MeasurementStaging for DirectImport<'_> {
    fn target(&mut self, code: &str) -> Result<Option<ImportTarget>> {
        find_target(self.conn, code)
    }

    fn stage(&mut self, row: &StagedRow<'_>) -> Result<Option<usize>> {
        self.date_text.clear();
        crate::format::push_date(&mut self.date_text, row.date);
        self.value_text.clear();
        super::rows::push_decimal(&mut self.value_text, row.value);
        let inserted = self.insert.execute(params![
            row.initiative_id,
            row.indicator,
            self.date_text,
            self.value_text,
            row.source.unwrap_or(""),
            row.comment.unwrap_or(""),
            self.author,
            self.now
        ]);
        match inserted {
            Ok(_) => {
                let id = self.conn.last_insert_rowid();
                self.remember(id, row.row);
                *self.added.entry(row.initiative_id).or_default() += 1;
                Ok(None)
            }
            Err(rusqlite::Error::SqliteFailure(e, message)) if e.code == ErrorCode::ConstraintViolation => {
                let found: Option<(i64, String)> = self
                    .find
                    .query_row(params![row.initiative_id, row.indicator, self.date_text], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                // Another constraint than the unique key: not a duplicate, an error.
                let Some((id, old_text)) = found else {
                    return Err(rusqlite::Error::SqliteFailure(e, message).into());
                };
                if id > self.max_before {
                    return Ok(Some(self.row_of(id).unwrap_or(row.row)));
                }
                if let Some(first) = self.match_of.query_row([id], |r| r.get::<_, i64>(0)).optional()? {
                    return Ok(Some(first as usize));
                }
                let old_value = Decimal::from_str(&old_text).map_err(|_| corrupt("värde", &old_text))?;
                self.mark.execute(params![
                    row.row as i64,
                    id,
                    row.initiative_id,
                    row.indicator,
                    self.date_text,
                    old_value != row.value,
                    old_text,
                    self.value_text,
                    row.source,
                    row.comment
                ])?;
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn compare(&mut self, listed: usize) -> Result<StagedComparison> {
        let (matched, conflicts): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(changed), 0) FROM temp.import_match",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut comparison = StagedComparison {
            staged: self.inserted() + matched as usize,
            unchanged: (matched - conflicts) as usize,
            conflicts: conflicts as usize,
            ..StagedComparison::default()
        };
        let mut list = self.conn.prepare(
            "SELECT row, initiative_id, indicator_code, date, old_value, value FROM temp.import_match
             WHERE changed ORDER BY row LIMIT ?1",
        )?;
        let mut rows = list.query([listed as i64])?;
        while let Some(r) = rows.next()? {
            let old_text: String = r.get(4)?;
            let new_text: String = r.get(5)?;
            let date_text: String = r.get(3)?;
            comparison.conflict_list.push(StagedConflict {
                row: r.get::<_, i64>(0)? as usize,
                initiative_id: r.get(1)?,
                indicator: r.get(2)?,
                date: NaiveDate::parse_from_str(&date_text, "%Y-%m-%d").unwrap_or_default(),
                old_value: Decimal::from_str(&old_text).map_err(|_| corrupt("värde", &old_text))?,
                new_value: Decimal::from_str(&new_text).unwrap_or_default(),
            });
        }
        Ok(comparison)
    }

    fn apply(&mut self, replace: bool, file_name: &str) -> Result<AppliedImport> {
        let replaced = if replace { apply_replacements(self.conn, &self.author, &self.now, file_name)? } else { 0 };
        self.write_import_log(file_name)?;
        self.applied = true;
        Ok(AppliedImport { added: self.inserted(), replaced })
    }
}

impl DirectImport<'_> {
    /// One `importerad` row per initiative with rows added or changed: the file and the
    /// counts, as the staged path writes them.
    fn write_import_log(&self, file_name: &str) -> Result<()> {
        // (added, changed, unchanged) per initiative.
        let mut counts: BTreeMap<i64, (i64, i64, i64)> =
            self.added.iter().map(|(id, n)| (*id, (*n as i64, 0, 0))).collect();
        let mut matches = self.conn.prepare(
            "SELECT initiative_id, sum(changed), sum(NOT changed) FROM temp.import_match GROUP BY initiative_id",
        )?;
        let mut rows = matches.query([])?;
        while let Some(r) = rows.next()? {
            let entry = counts.entry(r.get(0)?).or_default();
            entry.1 = r.get(1)?;
            entry.2 = r.get(2)?;
        }
        let mut log = self.conn.prepare(
            "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
             VALUES (?1, ?2, 'importerad', 'measurement_import', NULL, ?3, NULL,
                     json_object('file', ?4, 'added', ?5, 'replaced', ?6, 'unchanged', ?7), '')",
        )?;
        for (initiative, (added, changed, unchanged)) in counts {
            if added + changed > 0 {
                log.execute(params![self.now, self.author, initiative, file_name, added, changed, unchanged])?;
            }
        }
        Ok(())
    }
}
