//! File formats in and out of the register: measurement import from CSV and XLSX, the
//! register as JSON and as XLSX, and the data behind the charts as CSV and XLSX. Only reading and writing files lives here; checking rows against the
//! register and storing them is [`crate::store`]'s job.
//!
//! The measurement readers stream: a file of a million rows is read row by row with the
//! same few buffers, never loaded whole (the XLSX reader keeps the workbook's shared-string
//! table in memory, as Excel itself does).

pub mod chart_data;
pub mod csv_source;
pub mod export;
pub mod columns;
pub mod measurement_file;
pub mod measurement_template;
pub mod register_json;
pub mod values;
pub mod view_table;
pub mod xlsx_export;
mod xlsx_guard;
pub mod xlsx_source;
pub mod xlsx_writer;

#[cfg(test)]
mod file_tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use columns::{ColumnMapping, Field, MappedColumn};
pub use measurement_file::{
    inspect_file, FileDescription, FileFormat, FileInspection, MeasurementFile, PreviewRow, RawMeasurementRow,
};

/// Why a workbook could not be read, in Swedish.
fn xlsx_reason(error: &calamine::XlsxError) -> String {
    match error {
        calamine::XlsxError::Io(io) => format!("{}.", crate::files::io_read_error_text(io)),
        calamine::XlsxError::Zip(_) => {
            "filen är inte en hel Excel-arbetsbok (den är skadad eller av ett annat slag). Öppna den i \
             Excel och spara den på nytt som .xlsx."
                .into()
        }
        _ => "arbetsboken har ett innehåll som inte går att tolka. Öppna den i Excel och spara den på \
              nytt som .xlsx, eller spara bladet som CSV."
            .into(),
    }
}

/// At most this many row errors are kept and listed; the rest are only counted, so a file of
/// garbage cannot fill the memory with messages.
pub const MAX_LISTED_ERRORS: usize = 1000;

/// Longest value shown in an error message (characters); longer values are cut with `…`.
const MAX_SHOWN_VALUE: usize = 200;

/// Something wrong with the file as a whole: nothing in it can be read as measurements.
/// `Display` is the Swedish sentence the user reads.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Filen {} kunde inte läsas: {}.", path.display(), crate::files::io_read_error_text(source))]
    Io { path: PathBuf, source: std::io::Error },
    #[error("Filen är tom.")]
    Empty,
    #[error("Filen är varken en textfil (CSV) eller en Excel-arbetsbok (XLSX); den innehåller binära data.")]
    Binary,
    #[error("Filen är en {0}. Spara den som Excel-arbetsbok (.xlsx) eller som CSV och importera den igen.")]
    UnsupportedSpreadsheet(&'static str),
    #[error("Excel-filen är lösenordsskyddad. Ta bort lösenordet i Excel och importera den igen.")]
    Encrypted,
    /// The workbook reader's own (English) account is kept as the source, for a log.
    #[error("Excel-filen kunde inte läsas: {}", xlsx_reason(.0))]
    Xlsx(#[source] calamine::XlsxError),
    #[error("Excel-filen har inget kalkylblad med data.")]
    NoSheet,
    #[error("Filen har ingen rubrikrad. Första raden ska ha rubrikerna Insats, Indikator, Datum och Värde.")]
    NoHeader,
    #[error("Filen innehåller inga mätningar, bara rubrikraden.")]
    NoRows,
    #[error("Rubrikraden (rad {row}) stämmer inte: {}", .problems.join(" "))]
    Columns { row: usize, problems: Vec<String> },
    #[error("Efter rad {after_row} finns ett fält som är längre än {} MB; troligen saknas ett avslutande citattecken (\").", csv_source::MAX_RECORD_BYTES / 1_000_000)]
    RecordTooLong { after_row: usize },
    #[error("Filen kunde inte läsas efter rad {after_row}: {detail}")]
    Read { after_row: usize, detail: String },
}

pub type Result<T> = std::result::Result<T, ImportError>;

/// One problem with one cell: row (1-based as the file or Excel shows it, the header is row
/// 1), the column's header as written in the file, the value, and the reason in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub value: String,
    /// A Swedish phrase that reads after the quoted value (`är inte ett tal.`), or a whole
    /// sentence when the value is empty (`Värde saknas.`).
    pub reason: String,
}

impl RowError {
    pub fn new(row: usize, column: &str, value: &str, reason: impl Into<String>) -> RowError {
        RowError { row, column: column.to_string(), value: shown_value(value), reason: reason.into() }
    }
}

impl std::fmt::Display for RowError {
    /// `Rad 17, kolumn Värde: "12,3,4" är inte ett tal.`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "Rad {}, kolumn {}: {}", self.row, self.column, self.reason)
        } else {
            write!(f, "Rad {}, kolumn {}: \"{}\" {}", self.row, self.column, self.value, self.reason)
        }
    }
}

/// A value as shown in a message: trimmed, line breaks as spaces, at most 200 characters.
fn shown_value(value: &str) -> String {
    let value = values::trim(value);
    let mut out: String = value
        .chars()
        .take(MAX_SHOWN_VALUE)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if value.chars().nth(MAX_SHOWN_VALUE).is_some() {
        out.push('…');
    }
    out
}

/// The row errors of one import: the first [`MAX_LISTED_ERRORS`] listed, the rest counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorList {
    pub listed: Vec<RowError>,
    /// Errors found beyond the listed ones.
    pub not_listed: usize,
}

impl ErrorList {
    pub fn push(&mut self, error: RowError) {
        if self.listed.len() < MAX_LISTED_ERRORS {
            self.listed.push(error);
        } else {
            self.not_listed += 1;
        }
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = RowError>) {
        for error in errors {
            self.push(error);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.not_listed == 0
    }

    /// Every error found, listed or not.
    pub fn total(&self) -> usize {
        self.listed.len() + self.not_listed
    }

    /// The errors in file order (row, then column position as found).
    pub fn sort(&mut self) {
        self.listed.sort_by_key(|e| e.row);
    }

    /// The errors as a CSV file to send back to whoever made the import file: semicolons,
    /// UTF-8 with BOM (so Swedish Excel opens it right), headers `Rad;Kolumn;Värde;Fel`.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::new(out);
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(out);
        writer.write_record(["Rad", "Kolumn", "Värde", "Fel"])?;
        for error in &self.listed {
            writer.write_record([error.row.to_string().as_str(), &error.column, &error.value, &error.reason])?;
        }
        if self.not_listed > 0 {
            let more = format!("Ytterligare {} fel listas inte; rätta felen ovan och försök igen.", self.not_listed);
            writer.write_record(["", "", "", more.as_str()])?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// The value of one cell, as the file has it. CSV cells are always text; XLSX cells keep
/// their type.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Number(f64),
    /// A cell formatted as a date in Excel: the calendar date, or why it is not one.
    Date(std::result::Result<chrono::NaiveDate, String>),
    Bool(bool),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl CellValue<'_> {
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => values::trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as text for showing to the user: numbers with decimal comma, dates in ISO.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => values::trim(s).to_string(),
            CellValue::Int(i) => i.to_string(),
            CellValue::Number(f) => match values::decimal_from_f64(*f) {
                Ok(d) => crate::format::value(d),
                Err(_) => f.to_string(),
            },
            CellValue::Date(Ok(date)) => crate::format::date(*date),
            CellValue::Date(Err(_)) => "(ogiltigt datum)".into(),
            CellValue::Bool(true) => "SANT".into(),
            CellValue::Bool(false) => "FALSKT".into(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// One row of cells, however the source keeps them.
pub trait RowCells {
    fn len(&self) -> usize;
    fn cell(&self, column: usize) -> CellValue<'_>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.cell(i).is_blank())
    }
    /// True when serial date numbers count from 1904 (XLSX workbooks from old Excel for Mac).
    fn is_1904(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_swedish_sentences() {
        let e = RowError::new(17, "Värde", "12,3,4", "är inte ett tal.");
        assert_eq!(e.to_string(), "Rad 17, kolumn Värde: \"12,3,4\" är inte ett tal.");
        let e = RowError::new(3, "Datum", "  ", "Datum saknas.");
        assert_eq!(e.to_string(), "Rad 3, kolumn Datum: Datum saknas.");
        let long = "x".repeat(1000);
        assert_eq!(RowError::new(1, "Kommentar", &long, "är för lång.").value.chars().count(), 201);
    }

    #[test]
    fn the_error_list_caps_what_it_keeps() {
        let mut list = ErrorList::default();
        for i in 0..MAX_LISTED_ERRORS + 5 {
            list.push(RowError::new(i + 2, "Värde", "x", "är inte ett tal."));
        }
        assert_eq!(list.listed.len(), MAX_LISTED_ERRORS);
        assert_eq!(list.not_listed, 5);
        assert_eq!(list.total(), MAX_LISTED_ERRORS + 5);
    }

    #[test]
    fn the_errors_csv_is_semicolon_separated_utf8_with_bom() {
        let mut list = ErrorList::default();
        list.push(RowError::new(17, "Värde", "12;3", "är inte ett tal."));
        let mut out = Vec::new();
        list.write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{feff}Rad;Kolumn;Värde;Fel\r\n17;Värde;\"12;3\";är inte ett tal.\r\n");
    }
}
