//! A measurement file, CSV or XLSX: the format is told by the file's first bytes (not its
//! name), the columns by their headers, and each data row becomes a
//! [`RawMeasurementRow`] or the list of what is wrong with it.
//!
//! Rows are numbered as the user sees them: the line in a CSV file (where the record starts)
//! or the row in Excel; the header is row 1 when nothing is above it.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::csv_source::{CsvSource, Separator, TextEncoding};
use super::columns::{ColumnMapping, Field, MappedColumn};
use super::values;
use super::xlsx_source::XlsxSource;
use super::{CellValue, ImportError, Result, RowCells, RowError};

use crate::model::limits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn label(self) -> &'static str {
        match self {
            FileFormat::Csv => "CSV (text)",
            FileFormat::Xlsx => "Excel-arbetsbok (XLSX)",
        }
    }
}

/// What was detected about a file, for the import wizard and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileDescription {
    pub format: FileFormat,
    pub format_label: &'static str,
    pub encoding: Option<TextEncoding>,
    pub encoding_label: Option<&'static str>,
    pub separator: Option<Separator>,
    pub separator_label: Option<&'static str>,
    /// The sheet read, for XLSX.
    pub sheet: Option<String>,
    /// The row the headers are on.
    pub header_row: usize,
    /// The headers as written, in file order.
    pub headers: Vec<String>,
    pub mapping: Vec<MappedColumn>,
    /// Headers of columns that are not imported.
    pub extra_columns: Vec<String>,
}

/// One valid data row. Text borrows from the reader's buffers where it can.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMeasurementRow<'a> {
    pub row: usize,
    pub initiative: Cow<'a, str>,
    pub indicator: Cow<'a, str>,
    pub date: NaiveDate,
    pub value: Decimal,
    /// The value was written with a percent sign ("33 %"): accepted for an indicator
    /// measured in percent, which only the plan knows (`app::import`).
    pub percent: bool,
    pub source: Cow<'a, str>,
    pub comment: Cow<'a, str>,
}

impl RawMeasurementRow<'_> {
    /// The row with its texts owned, to hand to another thread.
    pub fn into_owned(self) -> RawMeasurementRow<'static> {
        RawMeasurementRow {
            row: self.row,
            initiative: Cow::Owned(self.initiative.into_owned()),
            indicator: Cow::Owned(self.indicator.into_owned()),
            date: self.date,
            value: self.value,
            percent: self.percent,
            source: Cow::Owned(self.source.into_owned()),
            comment: Cow::Owned(self.comment.into_owned()),
        }
    }
}

// One per open file: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Source {
    Csv(CsvSource),
    Xlsx(XlsxSource),
}

/// An open measurement file with its columns mapped.
pub struct MeasurementFile {
    source: Source,
    mapping: ColumnMapping,
    header_row: usize,
}

impl MeasurementFile {
    /// Opens a file, tells CSV from XLSX, reads the header row and maps the columns.
    pub fn open(path: &Path) -> Result<MeasurementFile> {
        let io_error = |source| ImportError::Io { path: path.to_path_buf(), source };
        let mut magic = [0u8; 8];
        let n = {
            let mut file = File::open(path).map_err(io_error)?;
            if file.metadata().map_err(io_error)?.is_dir() {
                return Err(io_error(std::io::Error::other("det är en mapp")));
            }
            let mut n = 0;
            while n < magic.len() {
                match file.read(&mut magic[n..]).map_err(io_error)? {
                    0 => break,
                    k => n += k,
                }
            }
            n
        };
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if n == 0 {
            return Err(ImportError::Empty);
        }
        if magic.starts_with(b"PK\x03\x04") {
            if extension == "ods" {
                return Err(ImportError::UnsupportedSpreadsheet("OpenDocument-fil (.ods)"));
            }
            let mut source = XlsxSource::open(path)?;
            let (header_row, headers) = xlsx_headers(&mut source)?;
            return MeasurementFile::new(Source::Xlsx(source), header_row, headers);
        }
        if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(if extension == "xlsx" {
                ImportError::Encrypted
            } else {
                ImportError::UnsupportedSpreadsheet("äldre Excel-fil (.xls)")
            });
        }
        let source = CsvSource::open(path)?;
        let header_row = source.header_row();
        let headers = source.headers().to_vec();
        MeasurementFile::new(Source::Csv(source), header_row, headers)
    }

    fn new(source: Source, header_row: usize, headers: Vec<String>) -> Result<MeasurementFile> {
        let mapping = ColumnMapping::from_headers(headers)
            .map_err(|problems| ImportError::Columns { row: header_row, problems })?;
        Ok(MeasurementFile { source, mapping, header_row })
    }

    pub fn mapping(&self) -> &ColumnMapping {
        &self.mapping
    }

    pub fn description(&self) -> FileDescription {
        let (format, encoding, separator, sheet) = match &self.source {
            Source::Csv(csv) => (FileFormat::Csv, Some(csv.encoding()), Some(csv.separator()), None),
            Source::Xlsx(xlsx) => (FileFormat::Xlsx, None, None, Some(xlsx.sheet().to_string())),
        };
        FileDescription {
            format,
            format_label: format.label(),
            encoding,
            encoding_label: encoding.map(TextEncoding::label),
            separator,
            separator_label: separator.map(Separator::label),
            sheet,
            header_row: self.header_row,
            headers: self.mapping.headers().to_vec(),
            mapping: self.mapping.mapped(),
            extra_columns: self.mapping.extra_columns(),
        }
    }

    /// Calls `visit` with every non-blank data row after the header: its row number and its
    /// cells. Stops early when `visit` breaks.
    pub fn for_each_record(&mut self, visit: impl FnMut(usize, &dyn RowCells) -> ControlFlow<()>) -> Result<()> {
        match &mut self.source {
            Source::Csv(csv) => csv.for_each_record(visit),
            Source::Xlsx(xlsx) => {
                let header_row = self.header_row;
                let mut visit = visit;
                xlsx.for_each_row(|row, cells| {
                    if row <= header_row || cells.is_blank() {
                        ControlFlow::Continue(())
                    } else {
                        visit(row, cells)
                    }
                })
            }
        }
    }

    /// Calls `visit` with every data row, read and checked on its own (not yet against the
    /// register): the row, or every problem with it. Stops early when `visit` breaks.
    pub fn for_each_row(
        &mut self,
        mut visit: impl FnMut(std::result::Result<RawMeasurementRow<'_>, Vec<RowError>>) -> ControlFlow<()>,
    ) -> Result<()> {
        let mapping = self.mapping.clone();
        self.for_each_record(|row, cells| visit(parse_row(row, cells, &mapping)))
    }

    /// The first `n` data rows as the file shows them (every column, as text), for a
    /// preview.
    pub fn preview(&mut self, n: usize) -> Result<Vec<PreviewRow>> {
        let width = self.mapping.headers().len();
        let mut rows = Vec::new();
        if n == 0 {
            return Ok(rows);
        }
        self.for_each_record(|row, cells| {
            rows.push(PreviewRow { row, cells: (0..width).map(|i| cells.cell(i).display()).collect() });
            if rows.len() >= n {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        Ok(rows)
    }
}

/// One row of a preview: its number and its cells as text, one per header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    pub row: usize,
    pub cells: Vec<String>,
}

fn xlsx_headers(source: &mut XlsxSource) -> Result<(usize, Vec<String>)> {
    let mut found = None;
    source.for_each_row(|row, cells| {
        if cells.is_blank() {
            return ControlFlow::Continue(());
        }
        found = Some((row, (0..cells.len()).map(|i| cells.cell(i).display()).collect()));
        ControlFlow::Break(())
    })?;
    found.ok_or(ImportError::NoHeader)
}

/// Reads one data row: every problem with it, or the row.
pub fn parse_row<'a>(
    row: usize,
    cells: &'a dyn RowCells,
    mapping: &ColumnMapping,
) -> std::result::Result<RawMeasurementRow<'a>, Vec<RowError>> {
    let mut errors = Vec::new();
    let cell = |field: Field| mapping.column(field).map_or(CellValue::Empty, |c| cells.cell(c));
    let mut fail = |field: Field, value: &CellValue, reason: String| {
        errors.push(RowError::new(row, mapping.header(field), &value.display(), reason));
    };

    let mut code = |field: Field| -> Cow<'a, str> {
        let value = cell(field);
        // The ' our own CSV files put before text Excel would run as a formula comes off.
        let unguarded = |text: Cow<'a, str>| match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => Cow::Owned(rest.to_string()),
            _ => text,
        };
        match text_of(&value).map(unguarded) {
            Ok(text) if text.is_empty() => {
                fail(field, &value, format!("{} saknas.", field.label()));
                Cow::Borrowed("")
            }
            // An indicator may be named by its name in the plan (`app::import`), as long as a name.
            Ok(text) if field == Field::Indicator && text.chars().count() > limits::NAME => {
                fail(field, &value, format!("är för lång för en indikators kod eller namn (högst {} tecken).", limits::NAME));
                Cow::Borrowed("")
            }
            Ok(text) if field != Field::Indicator && text.chars().count() > limits::CODE => {
                fail(field, &value, format!("är för lång för en kod (högst {} tecken).", limits::CODE));
                Cow::Borrowed("")
            }
            Ok(text) => text,
            Err(reason) => {
                fail(field, &value, reason);
                Cow::Borrowed("")
            }
        }
    };
    let initiative = code(Field::Initiative);
    let indicator = code(Field::Indicator);

    // The same limits as a measurement entered by hand: the source is a name, the comment a
    // free text.
    let mut free_text = |field: Field| -> Cow<'a, str> {
        let value = cell(field);
        let max = if field == Field::Comment { limits::LONG_TEXT } else { limits::NAME };
        match text_of(&value) {
            Ok(text) if limits::longer_than(&text, max) => {
                fail(field, &value, limits::too_long_reason(&text, max));
                Cow::Borrowed("")
            }
            Ok(text) => text,
            Err(reason) => {
                fail(field, &value, reason);
                Cow::Borrowed("")
            }
        }
    };
    let source = free_text(Field::Source);
    let comment = free_text(Field::Comment);

    let date_cell = cell(Field::Date);
    let date = match &date_cell {
        CellValue::Empty => Err("Datum saknas.".to_string()),
        CellValue::Text(text) => values::parse_date(text),
        CellValue::Date(date) => date.clone(),
        // A number in a date column of a workbook: an Excel serial date without date format.
        CellValue::Int(i) => values::date_from_excel_serial(*i as f64, cells.is_1904()),
        CellValue::Number(f) => values::date_from_excel_serial(*f, cells.is_1904()),
        CellValue::Bool(_) => Err("är inte ett datum i formen ÅÅÅÅ-MM-DD (t.ex. 2026-03-31).".into()),
        CellValue::Error(_) => Err("är ett felvärde från Excel, inte ett datum.".into()),
    };
    let date = date.map_err(|reason| fail(Field::Date, &date_cell, reason)).ok();

    let value_cell = cell(Field::Value);
    // "33 %" is the number 33 written as a percentage: the sign is taken off here and the
    // import checks that the indicator is measured in percent.
    let percent_text = match &value_cell {
        CellValue::Text(text) => values::trim(text).strip_suffix('%').map(values::trim).filter(|t| !t.is_empty()),
        _ => None,
    };
    let value = match (&value_cell, percent_text) {
        (_, Some(number)) => values::parse_decimal(number),
        (CellValue::Empty, _) => Err("Värde saknas.".to_string()),
        (CellValue::Text(text), _) => values::parse_decimal(text),
        (CellValue::Int(i), _) => Ok(Decimal::from(*i)),
        (CellValue::Number(f), _) => values::decimal_from_f64(*f),
        (CellValue::Date(_), _) => Err("är ett datum, inte ett tal.".into()),
        (CellValue::Bool(_), _) => Err("är inte ett tal.".into()),
        (CellValue::Error(_), _) => Err("är ett felvärde från Excel, inte ett tal.".into()),
    };
    let percent = percent_text.is_some();
    let value = value.map_err(|reason| fail(Field::Value, &value_cell, reason)).ok();

    match (date, value) {
        (Some(date), Some(value)) if errors.is_empty() => {
            Ok(RawMeasurementRow { row, initiative, indicator, date, value, percent, source, comment })
        }
        _ => Err(errors),
    }
}

/// A text cell's trimmed text; numbers and dates as they read.
fn text_of<'a>(value: &CellValue<'a>) -> std::result::Result<Cow<'a, str>, String> {
    match value {
        CellValue::Empty => Ok(Cow::Borrowed("")),
        CellValue::Text(text) => Ok(Cow::Borrowed(values::trim(text))),
        CellValue::Error(_) => Err("är ett felvärde från Excel.".into()),
        other => Ok(Cow::Owned(other.display())),
    }
}

/// Rows shown in the import wizard's preview.
pub const PREVIEW_ROWS: usize = 10;

/// What the import wizard shows before a dry run: the detected format, encoding, separator
/// and column mapping, and the first rows as the file has them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileInspection {
    #[serde(flatten)]
    pub file: FileDescription,
    pub preview: Vec<PreviewRow>,
}

/// Opens a measurement file and describes it (nothing is compared with a register).
pub fn inspect_file(path: &Path) -> Result<FileInspection> {
    let mut file = MeasurementFile::open(path)?;
    let description = file.description();
    let preview = file.preview(PREVIEW_ROWS)?;
    Ok(FileInspection { file: description, preview })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `csv` and returns each row's initiative, indicator, value and percent flag.
    fn rows(csv: &str) -> Vec<(String, String, Decimal, bool)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(&path, csv).unwrap();
        let mut file = MeasurementFile::open(&path).unwrap();
        let mut out = Vec::new();
        file.for_each_row(|row| {
            let r = row.expect("a good row");
            out.push((r.initiative.to_string(), r.indicator.to_string(), r.value, r.percent));
            ControlFlow::Continue(())
        })
        .unwrap();
        out
    }

    #[test]
    fn a_guarded_code_and_a_percentage_are_read_as_meant() {
        let read = rows("Insats;Indikator;Datum;Värde\r\n'-NR-1;'=X;2026-10-01;44 %\r\nNR-2;Y;2026-10-01;12,5\r\n");
        assert_eq!(
            read,
            [
                ("-NR-1".to_string(), "=X".to_string(), Decimal::from(44), true),
                ("NR-2".to_string(), "Y".to_string(), Decimal::new(125, 1), false),
            ]
        );
    }
}
