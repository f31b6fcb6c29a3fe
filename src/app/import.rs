//! Imports into the register as the faces ask for them.
//!
//! **Measurements from a CSV or XLSX file.** `io` reads the file row by row and checks each
//! row on its own (dates, numbers, blank cells); this module checks it against the register
//! and hands it to the store's staging area ([`MeasurementStaging`]), which finds duplicates
//! and compares with what is stored; then everything is stored or nothing is.
//!
//! *What a row is checked against.* The initiative code must exist (letter case does not
//! matter, as everywhere for initiative codes). The indicator code must be an indicator of
//! the initiative's latest approved plan version or of a newer draft — the same rule as for
//! a measurement entered by hand, so measurements can be collected while a plan waits for
//! approval. The allowed range is the approved version's when the indicator is there, else
//! the draft's. Two rows for the same initiative, indicator and date are a duplicate.
//!
//! *Against what is stored.* The same date and the same value (numerically: `72,50` is
//! `72.5`) is *unchanged* and left as it is, even when the file's source or comment differ.
//! The same date with another value is a *conflict*: the import is refused unless the user
//! chooses to replace, and then each replaced value stays in the audit log (an `ändrad` row
//! with before and after, reason "Ersatt vid import från …"). A replaced measurement takes the
//! file's source and comment when the file has those columns and keeps its own otherwise.
//!
//! *All or nothing.* Any error, or a conflict without replace, stores nothing. A dry run does
//! the same reading and comparing and writes nothing to the register.
//!
//! **A whole register from its JSON document**: [`import_document`].

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::io::register_json::RegisterDocument;
use crate::io::MAX_LISTED_ERRORS;
use crate::io::{
    ErrorList, Field, FileDescription, ImportError, MeasurementFile, RawMeasurementRow, RowError,
};
use crate::model::limits;
use crate::store::{
    ImportTarget, MeasurementStaging, RegisterStore, Result, StagedConflict, StagedRow,
    StagingMode, StoreError,
};

/// Conflicts listed one by one (the rest are counted).
pub const MAX_LISTED_CONFLICTS: usize = MAX_LISTED_ERRORS;

/// Fills an empty register with a whole register's JSON document (read with
/// `io::register_json::read_file`), in one transaction: refused, with nothing changed, when
/// the register is not empty or anything in the document is wrong, naming its path.
pub fn import_document<S: RegisterStore>(
    register: &mut S,
    document: &RegisterDocument,
) -> Result<()> {
    register.import_records(document.content())
}

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
    /// `Rad 8: NR-2025-014 NKI 2026-03-31 har värdet 70 i registret, filen säger 72,5.`
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
    Rejected {
        check: Box<ImportCheck>,
        replace: bool,
    },
}

/// Reads the file and compares it with the register without writing anything: counts of
/// new, unchanged and conflicting rows, and every error.
pub fn check_measurement_import<S: RegisterStore>(
    register: &mut S,
    path: &Path,
) -> std::result::Result<ImportCheck, MeasurementImportError> {
    let mut file = MeasurementFile::open(path)?;
    register.stage_measurements(StagingMode::DryRun, |staging| {
        stage_and_compare(staging, &mut file)
    })
}

/// Imports the file's measurements in one transaction: all of them, or — on any error, or a
/// conflict when `replace` is false — none. Replaced values stay in the audit log.
pub fn import_measurements<S: RegisterStore>(
    register: &mut S,
    path: &Path,
    replace: bool,
) -> std::result::Result<ImportSummary, MeasurementImportError> {
    let mut file = MeasurementFile::open(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    register.stage_measurements(StagingMode::Write, |staging| {
        let check = stage_and_compare(staging, &mut file)?;
        if !check.can_import(replace) {
            return Err(MeasurementImportError::Rejected {
                check: Box::new(check),
                replace,
            });
        }
        let applied = staging.apply(replace, &file_name)?;
        Ok(ImportSummary {
            file: check.file,
            rows: check.rows,
            added: applied.added,
            replaced: applied.replaced,
            unchanged: check.unchanged,
        })
    })
}

/// The column headers as the file names them, for error messages.
struct Headers {
    initiative: String,
    indicator: String,
    date: String,
    value: String,
    source: String,
    comment: String,
    has_source: bool,
    has_comment: bool,
}

impl Headers {
    fn of(file: &MeasurementFile) -> Headers {
        let mapping = file.mapping();
        Headers {
            initiative: mapping.header(Field::Initiative).to_string(),
            indicator: mapping.header(Field::Indicator).to_string(),
            date: mapping.header(Field::Date).to_string(),
            value: mapping.header(Field::Value).to_string(),
            source: mapping.header(Field::Source).to_string(),
            comment: mapping.header(Field::Comment).to_string(),
            has_source: mapping.column(Field::Source).is_some(),
            has_comment: mapping.column(Field::Comment).is_some(),
        }
    }
}

/// Initiatives looked up so far, by code in lower case: a file names few initiatives in many
/// rows, mostly one initiative's rows after each other, so the last one found is asked first
/// (without hashing its code again).
#[derive(Default)]
struct Targets {
    found: Vec<Option<ImportTarget>>,
    /// The place in `found` of each code in lower case.
    by_code: HashMap<String, usize>,
    key: String,
    /// The code of the last lookup as the file wrote it, and its place in `found`.
    last: Option<(String, usize)>,
}

impl Targets {
    fn get(
        &mut self,
        staging: &mut dyn MeasurementStaging,
        code: &str,
    ) -> Result<Option<&ImportTarget>> {
        let at = match &self.last {
            Some((last_code, at)) if last_code == code => *at,
            _ => {
                self.key.clear();
                self.key.push_str(code);
                self.key.make_ascii_lowercase();
                let at = match self.by_code.get(self.key.as_str()) {
                    Some(&at) => at,
                    None => {
                        self.found.push(staging.target(code)?);
                        self.by_code.insert(self.key.clone(), self.found.len() - 1);
                        self.found.len() - 1
                    }
                };
                self.last = Some((code.to_string(), at));
                at
            }
        };
        Ok(self.found.get(at).and_then(Option::as_ref))
    }

    fn code_of(&self, initiative_id: i64) -> String {
        self.found
            .iter()
            .flatten()
            .find(|t| t.id == initiative_id)
            .map(|t| t.code.clone())
            .unwrap_or_default()
    }
}

/// Checks every row of the file, on its own and against the register, stages the good ones
/// and compares them with the stored measurements.
fn stage_and_compare(
    staging: &mut dyn MeasurementStaging,
    file: &mut MeasurementFile,
) -> std::result::Result<ImportCheck, MeasurementImportError> {
    let headers = Headers::of(file);
    let mut targets = Targets::default();
    let mut errors = ErrorList::default();
    let mut rows = 0usize;
    let mut failure: Option<StoreError> = None;
    // The file is read and its rows parsed on a thread of their own while this one checks
    // them against the register and stages them: reading and parsing a million CSV rows was
    // a sixth of the import (docs/prestanda.md). Rows come over in batches, in file order.
    // Each batch goes back to the reader once checked, which frees its rows and fills it
    // again: the rows are allocated and freed on the reader's thread, off this one's path.
    let read = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<ParsedRow>>(READ_AHEAD_BATCHES);
        let (recycle, recycled) = std::sync::mpsc::channel::<Vec<ParsedRow>>();
        let reader = scope.spawn(|| read_rows(file, sender, recycled));
        'rows: for batch in receiver.iter() {
            for parsed in &batch {
                rows += 1;
                let outcome = match parsed {
                    Ok(row) => check_and_stage(staging, &mut targets, &headers, row),
                    Err(row_errors) => Ok(row_errors.clone()),
                };
                match outcome {
                    Ok(row_errors) => errors.extend(row_errors),
                    Err(e) => {
                        failure = Some(e);
                        break 'rows;
                    }
                }
            }
            // A reader that has finished no longer takes batches back: this one is freed here.
            let _ = recycle.send(batch);
        }
        // Stops the reader when the rows are not wanted any more.
        drop(receiver);
        reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    read?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    if rows == 0 {
        return Err(ImportError::NoRows.into());
    }
    let comparison = staging.compare(MAX_LISTED_CONFLICTS)?;
    let conflict_list = comparison
        .conflict_list
        .iter()
        .map(|c| conflict(c, targets.code_of(c.initiative_id)))
        .collect();
    Ok(ImportCheck {
        file: file.description(),
        rows,
        new: comparison.staged - comparison.unchanged - comparison.conflicts,
        unchanged: comparison.unchanged,
        conflicts: comparison.conflicts,
        conflict_list,
        errors,
    })
}

/// A row of the file as read: the row, or every problem with it.
type ParsedRow = std::result::Result<RawMeasurementRow<'static>, Vec<RowError>>;

/// Rows per batch handed from the reader to the checker, and batches read ahead.
const READ_BATCH: usize = 1024;
const READ_AHEAD_BATCHES: usize = 8;

/// Reads every row of `file` into batches sent to `rows`, until the file ends or the
/// receiver is gone. A batch sent back on `recycled` is emptied (its rows freed) and filled
/// again instead of a new one.
fn read_rows(
    file: &mut MeasurementFile,
    rows: std::sync::mpsc::SyncSender<Vec<ParsedRow>>,
    recycled: std::sync::mpsc::Receiver<Vec<ParsedRow>>,
) -> crate::io::Result<()> {
    let next_batch = || match recycled.try_recv() {
        Ok(mut used) => {
            used.clear();
            used
        }
        Err(_) => Vec::with_capacity(READ_BATCH),
    };
    let mut batch = next_batch();
    let read = file.for_each_row(|parsed| {
        batch.push(parsed.map(RawMeasurementRow::into_owned));
        if batch.len() == READ_BATCH && rows.send(std::mem::replace(&mut batch, next_batch())).is_err() {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    if !batch.is_empty() {
        let _ = rows.send(batch);
    }
    read
}

fn conflict(staged: &StagedConflict, initiative: String) -> ImportConflict {
    ImportConflict {
        row: staged.row,
        initiative,
        indicator: staged.indicator.clone(),
        date: staged.date,
        old_value: staged.old_value,
        new_value: staged.new_value,
        old_text: crate::format::value(staged.old_value),
        new_text: crate::format::value(staged.new_value),
    }
}

/// One row against the register: its errors (none when it was staged).
fn check_and_stage(
    staging: &mut dyn MeasurementStaging,
    targets: &mut Targets,
    headers: &Headers,
    row: &RawMeasurementRow<'_>,
) -> Result<Vec<RowError>> {
    let Some(target) = targets.get(staging, &row.initiative)? else {
        return Ok(vec![RowError::new(
            row.row,
            &headers.initiative,
            &row.initiative,
            "finns inte i registret.",
        )]);
    };
    // By its code, else by its name in the plan (the template has both; a file made by hand
    // may have only the name), when exactly one indicator has that name.
    let by_name = || {
        let wanted = normalised_name(&row.indicator);
        let mut named = target.indicators.values().filter(|i| normalised_name(&i.name) == wanted);
        match (named.next(), named.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    };
    let Some(indicator) = target.indicators.get(row.indicator.as_ref()).or_else(by_name) else {
        let reason = if !target.has_plan {
            format!(
                "kan inte tas emot: insatsen {} har ingen nyttorealiseringsplan.",
                target.code
            )
        } else if let Some(code) = target
            .indicators
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&row.indicator))
        {
            format!(
                "är ingen indikator i planen för {}; menar du {code}?",
                target.code
            )
        } else {
            let mut codes: Vec<&str> = target.indicators.keys().map(String::as_str).collect();
            codes.sort_unstable();
            format!(
                "är ingen indikator i planen för {} (planens indikatorer: {}).",
                target.code,
                codes.join(", ")
            )
        };
        return Ok(vec![RowError::new(
            row.row,
            &headers.indicator,
            &row.indicator,
            reason,
        )]);
    };
    if row.percent && indicator.unit.trim() != "%" {
        return Ok(vec![RowError::new(
            row.row,
            &headers.value,
            &format!("{} %", crate::format::value(row.value)),
            match indicator.unit.trim() {
                "" => format!("har ett procenttecken, men indikatorn {} mäts inte i procent; skriv bara talet.", indicator.code),
                unit => format!("har ett procenttecken, men indikatorn {} mäts i {unit}; skriv bara talet.", indicator.code),
            },
        )]);
    }
    if !indicator.allows(row.value) {
        let range = indicator.allowed_range.clone().unwrap_or_default();
        let range_text = match (range.min, range.max) {
            (Some(min), Some(max)) => format!(
                "{}–{}",
                crate::format::value(min),
                crate::format::value(max)
            ),
            (Some(min), None) => format!("minst {}", crate::format::value(min)),
            (None, Some(max)) => format!("högst {}", crate::format::value(max)),
            (None, None) => String::new(),
        };
        return Ok(vec![RowError::new(
            row.row,
            &headers.value,
            &crate::format::value(row.value),
            format!(
                "ligger utanför tillåtet intervall {range_text} för indikator {}.",
                indicator.code
            ),
        )]);
    }
    // The same limits as a measurement typed in the window (model::limits).
    let too_long: Vec<RowError> = [
        (&headers.source, row.source.as_ref(), limits::NAME),
        (&headers.comment, row.comment.as_ref(), limits::LONG_TEXT),
    ]
    .into_iter()
    .filter(|(_, text, max)| limits::longer_than(text, *max))
    .map(|(header, text, max)| {
        RowError::new(row.row, header, text, limits::too_long_reason(text, max))
    })
    .collect();
    if !too_long.is_empty() {
        return Ok(too_long);
    }
    let staged = StagedRow {
        row: row.row,
        initiative_id: target.id,
        indicator: &indicator.code,
        date: row.date,
        value: row.value,
        source: headers.has_source.then_some(row.source.as_ref()),
        comment: headers.has_comment.then_some(row.comment.as_ref()),
    };
    match staging.stage(&staged)? {
        None => Ok(Vec::new()),
        Some(first) => Ok(vec![RowError::new(
            row.row,
            &headers.date,
            &row.date.format("%Y-%m-%d").to_string(),
            format!(
                "förekommer redan på rad {first} för {} {}.",
                target.code, indicator.code
            ),
        )]),
    }
}

/// An indicator's name as a file's cell is compared with it: letter case and runs of
/// whitespace aside.
fn normalised_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
