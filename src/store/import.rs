//! Measurement import: the rows of a CSV or XLSX file (read by [`crate::io`]) checked against
//! the register and stored all together or not at all.
//!
//! **What a row is checked against.** The initiative code must exist (letter case does not
//! matter, as everywhere for initiative codes). The indicator code must be an indicator of
//! the initiative's latest approved plan version or of a newer draft — the same rule as for
//! a measurement entered by hand, so measurements can be collected while a plan waits for
//! approval. The allowed range is the approved version's when the indicator is there, else
//! the draft's. Two rows for the same initiative, indicator and date are a duplicate.
//!
//! **Against what is stored.** The same date and the same value (numerically: `72,50` is
//! `72.5`) is *unchanged* and left as it is, even when the file's source or comment differ.
//! The same date with another value is a *conflict*: the import is refused unless the user
//! chooses to replace, and then each replaced value stays in the audit log (an `ändrad` row
//! with before and after, reason "Ersatt vid import från …"). A replaced measurement takes the
//! file's source and comment when the file has those columns and keeps its own otherwise.
//!
//! **All or nothing, streaming.** The file is read row by row into a temporary table (kept in
//! a temporary file by SQLite, with a bounded cache: memory does not grow with the file),
//! whose unique key finds duplicates; the comparison with stored measurements and the writes
//! are then a few set-based statements. Everything happens in one `IMMEDIATE` transaction;
//! any error, or a conflict without replace, rolls it back. A dry run does the same reading
//! and comparing in a read transaction and writes nothing to the register.
//!
//! **The audit log.** Each imported initiative gets one `importerad` row naming the file and
//! the counts; each replaced measurement gets its own `ändrad` row. New measurements carry
//! their author and creation time themselves; a million-row import does not add a million
//! log rows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use serde::Serialize;

use super::error::StoreError;
use super::Register;
use crate::io::{ErrorList, FileDescription, ImportError, MeasurementFile, RowError, MAX_LISTED_ERRORS};
use crate::io::{Field, RawMeasurementRow};
use crate::model::limits;
use crate::model::plan::{Indicator, Plan};

/// Conflicts listed one by one (the rest are counted).
pub const MAX_LISTED_CONFLICTS: usize = MAX_LISTED_ERRORS;

/// A stored value that the file would change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportConflict {
    pub row: usize,
    pub initiative: String,
    pub indicator: String,
    pub date: NaiveDate,
    pub old_value: Decimal,
    pub new_value: Decimal,
    /// The values written the Swedish way, for showing.
    pub old_text: String,
    pub new_text: String,
}

impl std::fmt::Display for ImportConflict {
    /// `Rad 8: DI-2025-014 NKI 2026-03-31 har värdet 70 i registret, filen säger 72,5.`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Rad {}: {} {} {} har värdet {} i registret, filen säger {}.",
            self.row,
            self.initiative,
            self.indicator,
            crate::format::date(self.date),
            self.old_text,
            self.new_text
        )
    }
}

/// What an import of the file would do: the result of a dry run, and of a refused import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportCheck {
    pub file: FileDescription,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// Rows that would add a measurement.
    pub new: usize,
    /// Rows whose measurement is already stored with the same value.
    pub unchanged: usize,
    /// Rows whose date is stored with another value.
    pub conflicts: usize,
    /// The first [`MAX_LISTED_CONFLICTS`] conflicts.
    pub conflict_list: Vec<ImportConflict>,
    pub errors: ErrorList,
}

impl ImportCheck {
    /// True when an import with `replace` would be carried out.
    pub fn can_import(&self, replace: bool) -> bool {
        self.errors.is_empty() && (replace || self.conflicts == 0)
    }

    /// Why an import would be refused, in Swedish; None when it would not.
    pub fn refusal(&self, replace: bool) -> Option<String> {
        if !self.errors.is_empty() {
            let n = self.errors.total();
            return Some(format!(
                "Inget importerades: filen har {n} fel. Rätta {} och importera igen.",
                if n == 1 { "felet" } else { "felen" }
            ));
        }
        if !replace && self.conflicts > 0 {
            let n = self.conflicts;
            return Some(format!(
                "Inget importerades: {} {} redan med ett annat värde i registret. Välj att ersätta \
                 befintliga värden om filen ska gälla; de gamla värdena sparas i loggen.",
                n,
                if n == 1 { "mätning finns" } else { "mätningar finns" }
            ));
        }
        None
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub file: FileDescription,
    pub rows: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

/// Why nothing was imported. `Display` is the Swedish sentence the user reads.
#[derive(Debug, thiserror::Error)]
pub enum MeasurementImportError {
    /// The file as a whole cannot be read as measurements.
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Rows with errors, or conflicts without replace: the check tells which.
    #[error("{}", .check.refusal(*.replace).unwrap_or_default())]
    Rejected { check: Box<ImportCheck>, replace: bool },
}

impl From<rusqlite::Error> for MeasurementImportError {
    fn from(error: rusqlite::Error) -> Self {
        MeasurementImportError::Store(error.into())
    }
}

type Result<T> = std::result::Result<T, MeasurementImportError>;

impl Register {
    /// Reads the file and compares it with the register without writing anything: counts of
    /// new, unchanged and conflicting rows, and every error.
    pub fn check_measurement_import(&mut self, path: &Path) -> Result<ImportCheck> {
        let mut file = MeasurementFile::open(path)?;
        prepare_temp_store(&self.conn)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let check = stage_and_compare(&tx, &mut file)?;
        drop(tx); // rolls back: only the temporary tables were written
        Ok(check)
    }

    /// Imports the file's measurements in one transaction: all of them, or — on any error,
    /// or a conflict when `replace` is false — none. Replaced values stay in the audit log.
    pub fn import_measurements(&mut self, path: &Path, replace: bool) -> Result<ImportSummary> {
        let mut file = MeasurementFile::open(path)?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        prepare_temp_store(&self.conn)?;
        let author = self.author.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let check = stage_and_compare(&tx, &mut file)?;
        if !check.can_import(replace) {
            return Err(MeasurementImportError::Rejected { check: Box::new(check), replace });
        }
        let now = super::now();
        let replaced = if replace { apply_replacements(&tx, &author, &now, &file_name)? } else { 0 };
        let added = tx.execute(
            "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                 created_at, updated_at)
             SELECT s.initiative_id, s.indicator_code, s.date, s.value, coalesce(s.source, ''),
                    coalesce(s.comment, ''), ?1, ?2, ?2
             FROM temp.import_row s
             WHERE NOT EXISTS (SELECT 1 FROM temp.import_match x WHERE x.row = s.row)
             ORDER BY s.initiative_id, s.indicator_code, s.date",
            params![author, now],
        )?;
        write_import_log(&tx, &author, &now, &file_name)?;
        tx.execute_batch("DROP TABLE temp.import_row; DROP TABLE temp.import_match;")?;
        tx.commit()?;
        Ok(ImportSummary { file: check.file, rows: check.rows, added, replaced, unchanged: check.unchanged })
    }
}

/// Temporary tables in a temporary file with a bounded cache, so a large file does not fill
/// the memory (the bundled SQLite keeps temporary tables in memory by default).
fn prepare_temp_store(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.execute_batch("PRAGMA temp.cache_size = -32768;")?;
    Ok(())
}

/// An initiative as the import sees it.
struct Target {
    id: i64,
    code: String,
    /// Indicator codes of the latest approved plan and of a newer draft, with the definition
    /// whose allowed range applies.
    indicators: HashMap<String, Indicator>,
    has_plan: bool,
}

/// Initiatives looked up so far, by code in lower case.
struct Targets<'c> {
    conn: &'c Connection,
    by_code: HashMap<String, Option<Target>>,
    key: String,
}

impl<'c> Targets<'c> {
    fn new(conn: &'c Connection) -> Self {
        Targets { conn, by_code: HashMap::new(), key: String::new() }
    }

    fn get(&mut self, code: &str) -> std::result::Result<Option<&Target>, StoreError> {
        self.key.clear();
        self.key.extend(code.chars().map(|c| c.to_ascii_lowercase()));
        if !self.by_code.contains_key(self.key.as_str()) {
            let target = load_target(self.conn, code)?;
            self.by_code.insert(self.key.clone(), target);
        }
        Ok(self.by_code.get(self.key.as_str()).and_then(Option::as_ref))
    }
}

fn load_target(conn: &Connection, code: &str) -> std::result::Result<Option<Target>, StoreError> {
    let found: Option<(i64, String)> = conn
        .query_row("SELECT id, code FROM initiative WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, code)) = found else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT status, body FROM plan_version WHERE initiative_id = ?1 ORDER BY version DESC",
    )?;
    let versions = stmt
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let has_plan = !versions.is_empty();
    let mut indicators = HashMap::new();
    // The latest version (a draft or the approved one), then the latest approved one, whose
    // definitions win.
    let latest = versions.first();
    let approved = versions.iter().find(|(status, _)| status == "approved");
    for (_, body) in latest.into_iter().chain(approved) {
        let plan: Plan = serde_json::from_str(body)?;
        for (_, indicator) in plan.indicators() {
            indicators.insert(indicator.code.clone(), indicator.clone());
        }
    }
    Ok(Some(Target { id, code, indicators, has_plan }))
}

/// Reads every row of the file into `temp.import_row`, checking it on its own and against
/// the register, then compares it with the stored measurements (`temp.import_match`).
fn stage_and_compare(conn: &Connection, file: &mut MeasurementFile) -> Result<ImportCheck> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.import_row;
         DROP TABLE IF EXISTS temp.import_match;
         CREATE TEMP TABLE import_row (
             row            INTEGER PRIMARY KEY,
             initiative_id  INTEGER NOT NULL,
             indicator_code TEXT NOT NULL,
             date           TEXT NOT NULL,
             value          TEXT NOT NULL,
             source         TEXT,
             comment        TEXT,
             UNIQUE (initiative_id, indicator_code, date)
         );
         CREATE TEMP TABLE import_match (
             row            INTEGER PRIMARY KEY,
             measurement_id INTEGER NOT NULL,
             changed        INTEGER NOT NULL
         );",
    )?;
    let has_source = file.mapping().column(Field::Source).is_some();
    let has_comment = file.mapping().column(Field::Comment).is_some();
    let value_header = file.mapping().header(Field::Value).to_string();
    let indicator_header = file.mapping().header(Field::Indicator).to_string();
    let initiative_header = file.mapping().header(Field::Initiative).to_string();
    let date_header = file.mapping().header(Field::Date).to_string();
    let source_header = file.mapping().header(Field::Source).to_string();
    let comment_header = file.mapping().header(Field::Comment).to_string();

    let mut targets = Targets::new(conn);
    let mut insert = conn.prepare(
        "INSERT INTO temp.import_row (row, initiative_id, indicator_code, date, value, source, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut first_row = conn.prepare(
        "SELECT row FROM temp.import_row WHERE initiative_id = ?1 AND indicator_code = ?2 AND date = ?3",
    )?;
    let mut errors = ErrorList::default();
    let mut rows = 0usize;
    let mut failure: Option<MeasurementImportError> = None;
    let mut date_text = String::with_capacity(10);
    let mut value_text = String::with_capacity(32);

    let mut visit = |parsed: std::result::Result<RawMeasurementRow<'_>, Vec<RowError>>| -> std::result::Result<(), MeasurementImportError> {
        rows += 1;
        let row = match parsed {
            Ok(row) => row,
            Err(row_errors) => {
                errors.extend(row_errors);
                return Ok(());
            }
        };
        let Some(target) = targets.get(&row.initiative)? else {
            errors.push(RowError::new(row.row, &initiative_header, &row.initiative, "finns inte i registret."));
            return Ok(());
        };
        let Some(indicator) = target.indicators.get(row.indicator.as_ref()) else {
            let reason = if !target.has_plan {
                format!("kan inte tas emot: insatsen {} har ingen nyttorealiseringsplan.", target.code)
            } else if let Some(code) = target.indicators.keys().find(|k| k.eq_ignore_ascii_case(&row.indicator)) {
                format!("är ingen indikator i planen för {}; menar du {code}?", target.code)
            } else {
                let mut codes: Vec<&str> = target.indicators.keys().map(String::as_str).collect();
                codes.sort_unstable();
                format!("är ingen indikator i planen för {} (planens indikatorer: {}).", target.code, codes.join(", "))
            };
            errors.push(RowError::new(row.row, &indicator_header, &row.indicator, reason));
            return Ok(());
        };
        if indicator.check_value(row.value).is_err() {
            let range = indicator.allowed_range.clone().unwrap_or_default();
            let range_text = match (range.min, range.max) {
                (Some(min), Some(max)) => format!("{}–{}", crate::format::value(min), crate::format::value(max)),
                (Some(min), None) => format!("minst {}", crate::format::value(min)),
                (None, Some(max)) => format!("högst {}", crate::format::value(max)),
                (None, None) => String::new(),
            };
            errors.push(RowError::new(
                row.row,
                &value_header,
                &crate::format::value(row.value),
                format!("ligger utanför tillåtet intervall {range_text} för indikator {}.", indicator.code),
            ));
            return Ok(());
        }
        // The same limits as a measurement typed in the window (model::limits).
        let mut too_long = false;
        for (header, text, max) in
            [(&source_header, row.source.as_ref(), limits::NAME), (&comment_header, row.comment.as_ref(), limits::LONG_TEXT)]
        {
            if limits::longer_than(text, max) {
                errors.push(RowError::new(row.row, header, text, limits::too_long_reason(text, max)));
                too_long = true;
            }
        }
        if too_long {
            return Ok(());
        }
        date_text.clear();
        let _ = write!(date_text, "{}", row.date.format("%Y-%m-%d"));
        value_text.clear();
        let _ = write!(value_text, "{}", row.value.normalize());
        let source = has_source.then_some(row.source.as_ref());
        let comment = has_comment.then_some(row.comment.as_ref());
        match insert.execute(params![row.row as i64, target.id, row.indicator.as_ref(), date_text, value_text, source, comment]) {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
                let first: i64 = first_row.query_row(params![target.id, row.indicator.as_ref(), date_text], |r| r.get(0))?;
                errors.push(RowError::new(
                    row.row,
                    &date_header,
                    &date_text,
                    format!("förekommer redan på rad {first} för {} {}.", target.code, row.indicator),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    };
    file.for_each_row(|parsed| match visit(parsed) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            failure = Some(e);
            ControlFlow::Break(())
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    drop(insert);
    drop(first_row);
    if rows == 0 {
        return Err(ImportError::NoRows.into());
    }

    // Compare with what is stored.
    let mut matches = conn.prepare(
        "SELECT s.row, s.initiative_id, s.indicator_code, s.date, s.value, m.id, m.value
         FROM temp.import_row s
         JOIN measurement m
           ON m.initiative_id = s.initiative_id AND m.indicator_code = s.indicator_code AND m.date = s.date
         ORDER BY s.row",
    )?;
    let mut mark = conn.prepare("INSERT INTO temp.import_match (row, measurement_id, changed) VALUES (?1, ?2, ?3)")?;
    let mut codes: HashMap<i64, String> = HashMap::new();
    for target in targets.by_code.values().flatten() {
        codes.insert(target.id, target.code.clone());
    }
    let mut unchanged = 0usize;
    let mut conflicts = 0usize;
    let mut conflict_list = Vec::new();
    let mut found = matches.query([])?;
    while let Some(r) = found.next()? {
        let row: i64 = r.get(0)?;
        let new_text = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
        let old_text = r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?;
        let new_value = Decimal::from_str(new_text).unwrap_or_default();
        let old_value = Decimal::from_str(old_text).map_err(|_| {
            StoreError::Refused(format!(
                "Registret innehåller en mätning med ogiltigt värde ({old_text}). Kör `nytta check` och \
                 kontakta den som förvaltar registret."
            ))
        })?;
        let changed = new_value != old_value;
        mark.execute(params![row, r.get::<_, i64>(5)?, changed])?;
        if !changed {
            unchanged += 1;
            continue;
        }
        conflicts += 1;
        if conflict_list.len() < MAX_LISTED_CONFLICTS {
            let initiative_id: i64 = r.get(1)?;
            let date_text = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
            conflict_list.push(ImportConflict {
                row: row as usize,
                initiative: codes.get(&initiative_id).cloned().unwrap_or_default(),
                indicator: r.get(2)?,
                date: NaiveDate::parse_from_str(date_text, "%Y-%m-%d").unwrap_or_default(),
                old_value,
                new_value,
                old_text: crate::format::value(old_value),
                new_text: crate::format::value(new_value),
            });
        }
    }
    drop(found);
    let staged: usize = conn.query_row("SELECT count(*) FROM temp.import_row", [], |r| r.get::<_, i64>(0))? as usize;
    Ok(ImportCheck {
        file: file.description(),
        rows,
        new: staged - unchanged - conflicts,
        unchanged,
        conflicts,
        conflict_list,
        errors,
    })
}

/// Replaces every conflicting measurement with the file's value, logging the old one.
fn apply_replacements(conn: &Connection, author: &str, now: &str, file_name: &str) -> Result<usize> {
    let reason = format!("Ersatt vid import från {file_name}");
    conn.execute(
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         SELECT ?1, ?2, 'ändrad', 'measurement', m.id, m.initiative_id,
                json_object('indicator', m.indicator_code, 'date', m.date, 'value', m.value,
                            'source', m.source, 'comment', m.comment, 'author', m.author),
                json_object('indicator', m.indicator_code, 'date', m.date, 'value', s.value,
                            'source', coalesce(s.source, m.source), 'comment', coalesce(s.comment, m.comment),
                            'author', m.author),
                ?3
         FROM temp.import_match x
         JOIN temp.import_row s ON s.row = x.row
         JOIN measurement m ON m.id = x.measurement_id
         WHERE x.changed
         ORDER BY x.row",
        params![now, author, reason],
    )?;
    let replaced = conn.execute(
        "UPDATE measurement AS m
         SET value = s.value, source = coalesce(s.source, m.source), comment = coalesce(s.comment, m.comment),
             updated_at = ?1, row_version = m.row_version + 1
         FROM temp.import_match x JOIN temp.import_row s ON s.row = x.row
         WHERE x.changed AND m.id = x.measurement_id",
        params![now],
    )?;
    Ok(replaced)
}

/// One `importerad` row per initiative: the file and what it did there.
fn write_import_log(conn: &Connection, author: &str, now: &str, file_name: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         SELECT ?1, ?2, 'importerad', 'measurement_import', NULL, s.initiative_id, NULL,
                json_object('file', ?3, 'added', sum(x.row IS NULL), 'replaced', sum(coalesce(x.changed, 0)),
                            'unchanged', coalesce(sum(x.changed = 0), 0)),
                ''
         FROM temp.import_row s LEFT JOIN temp.import_match x ON x.row = s.row
         GROUP BY s.initiative_id
         HAVING sum(x.row IS NULL) + sum(coalesce(x.changed, 0)) > 0
         ORDER BY s.initiative_id",
        params![now, author, file_name],
    )?;
    Ok(())
}
