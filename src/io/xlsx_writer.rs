//! Writing worksheets the way every export of the program does: a bold header row that stays
//! in view (frozen) with an autofilter, columns wide enough to read, numbers as numbers and
//! dates as dates. Sheets are written in rust_xlsxwriter's constant-memory mode: each row goes
//! to a temporary file when the next one starts, so a sheet of a million rows costs one row
//! of memory. Rows must therefore be added in order, which every caller does. Every call
//! into the Excel writer is guarded (`xlsx_guard`): it panics on a full disk.
//!
//! Excel has no decimal type: a `Decimal` becomes the nearest `f64`, which keeps 15
//! significant digits exactly (docs/export.md). Number formats are Excel's built-in ones,
//! which Excel shows in the reader's locale: `#,##0.00` reads `1 234,50` in Swedish Excel.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::export::ExportError;
use super::xlsx_guard::guarded;

/// Most data rows a sheet can hold under its header row (Excel's limit is 1 048 576 rows).
pub const MAX_DATA_ROWS: u32 = 1_048_575;

/// Longest text Excel keeps in a cell is 32 767 characters; longer texts (audit-log JSON can
/// be) are cut with a note, since Excel refuses the whole file otherwise.
const MAX_TEXT_CHARS: usize = 32_000;
const CUT_NOTE: &str = " … (avkortad: se JSON-exporten för hela texten)";

/// Longest sheet name Excel accepts.
pub const MAX_SHEET_NAME: usize = 31;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Owned(String),
    Integer(i64),
    /// A number shown as Excel's General format shows it.
    Number(Decimal),
    /// An amount in kronor, shown with two decimals and thousands grouped.
    Money(Decimal),
    /// A number shown whole with thousands grouped (`#,##0`) but kept exact in the cell:
    /// thousands of kronor as a view shows them.
    Whole(Decimal),
    Date(NaiveDate),
    /// A stored timestamp, `YYYY-MM-DDTHH:MM:SS`; written as text if it is not one.
    Timestamp(&'a str),
}

impl<'a> Cell<'a> {
    pub fn opt_text(text: Option<&'a str>) -> Cell<'a> {
        text.map_or(Cell::Empty, Cell::Text)
    }

    pub fn opt_integer(value: Option<i64>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Integer)
    }

    pub fn opt_number(value: Option<Decimal>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Number)
    }

    pub fn opt_owned(text: Option<String>) -> Cell<'a> {
        text.map_or(Cell::Empty, Cell::Owned)
    }

    pub fn opt_money(value: Option<Decimal>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Money)
    }

    pub fn opt_date(value: Option<NaiveDate>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Date)
    }

    /// `Ja`, `Nej` or empty for an unanswered yes/no question.
    pub fn yes_no(value: Option<bool>) -> Cell<'a> {
        match value {
            Some(true) => Cell::Text("Ja"),
            Some(false) => Cell::Text("Nej"),
            None => Cell::Empty,
        }
    }
}

/// A column: its header and its width in characters.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub width: f64,
}

/// `(header, width)` pairs as columns.
pub fn columns<'a>(list: &[(&'a str, f64)]) -> Vec<Column<'a>> {
    list.iter()
        .map(|&(header, width)| Column { header, width })
        .collect()
}

/// Which sheet of a [`Book`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetId(usize);

struct SheetState {
    name: String,
    columns: u16,
    /// Data rows written so far (the header is row 0).
    rows: u32,
}

struct Formats {
    header: Format,
    date: Format,
    timestamp: Format,
    money: Format,
    whole: Format,
    /// For texts of several lines (effect goals, risks): shown as lines, not run together.
    lines: Format,
}

/// A workbook being written, sheet by sheet or interleaved (each sheet in row order).
pub struct Book {
    workbook: Workbook,
    sheets: Vec<SheetState>,
    names: HashSet<String>,
    formats: Formats,
}

impl Book {
    /// A workbook that will be saved to `path`. Its sheets are spooled to temporary files in
    /// the same folder (constant-memory mode) rather than the system's temporary folder: the
    /// data stays where the user chose to put it, and a full disk or missing permission is
    /// the chosen folder's, as the message says.
    pub fn for_file(path: &Path) -> Result<Book, ExportError> {
        let mut workbook = Workbook::new();
        let folder = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // A missing folder is told as such (rust_xlsxwriter would say "Temporary file error").
        std::fs::metadata(folder)?;
        workbook.set_tempdir(folder)?;
        Ok(Book {
            workbook,
            sheets: Vec::new(),
            names: HashSet::new(),
            formats: Formats {
                header: Format::new()
                    .set_bold()
                    .set_background_color("#E7E6E6")
                    .set_border_bottom(FormatBorder::Thin),
                date: Format::new().set_num_format("yyyy-mm-dd"),
                timestamp: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
                money: Format::new().set_num_format("#,##0.00"),
                whole: Format::new().set_num_format("#,##0"),
                lines: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            },
        })
    }

    /// Adds a sheet with its header row, column widths and frozen header. `name` is made a
    /// valid, unique sheet name ([`unique_sheet_name`]).
    pub fn add_sheet(
        &mut self,
        name: &str,
        columns: &[Column<'_>],
    ) -> Result<SheetId, ExportError> {
        guarded(|| self.add_sheet_unguarded(name, columns))
    }

    fn add_sheet_unguarded(&mut self, name: &str, columns: &[Column<'_>]) -> Result<SheetId, ExportError> {
        let name = unique_sheet_name(name, &mut self.names);
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        for (i, column) in columns.iter().enumerate() {
            let col = column_number(i)?;
            sheet.set_column_width(col, column.width)?;
            sheet.write_string_with_format(0, col, column.header, &self.formats.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.sheets.push(SheetState {
            name,
            columns: column_number(columns.len())?,
            rows: 0,
        });
        Ok(SheetId(self.sheets.len() - 1))
    }

    /// Appends one row to `sheet`; cells beyond its columns are ignored.
    pub fn row(&mut self, sheet: SheetId, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        guarded(|| self.row_unguarded(sheet, cells))
    }

    fn row_unguarded(&mut self, sheet: SheetId, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let state = &mut self.sheets[sheet.0];
        if state.rows >= MAX_DATA_ROWS {
            return Err(ExportError::TooManyRows {
                sheet: state.name.clone(),
                max: MAX_DATA_ROWS,
            });
        }
        state.rows += 1;
        let (row, columns) = (state.rows, state.columns);
        let worksheet = self.workbook.worksheet_from_index(sheet.0)?;
        for (i, cell) in cells.iter().enumerate().take(usize::from(columns)) {
            write_cell(worksheet, &self.formats, row, column_number(i)?, cell)?;
        }
        Ok(())
    }

    /// Each sheet's name and data rows, in sheet order.
    pub fn sheet_rows(&self) -> Vec<(String, u32)> {
        self.sheets
            .iter()
            .map(|s| (s.name.clone(), s.rows))
            .collect()
    }

    /// Puts an autofilter over each sheet's rows and writes the file.
    pub fn save(mut self, path: &Path) -> Result<(), ExportError> {
        guarded(|| self.save_unguarded(path))
    }

    fn save_unguarded(&mut self, path: &Path) -> Result<(), ExportError> {
        for (i, state) in self.sheets.iter().enumerate() {
            if state.columns > 0 {
                let sheet = self.workbook.worksheet_from_index(i)?;
                sheet.autofilter(0, 0, state.rows, state.columns - 1)?;
            }
        }
        let mut file = QuietFile::create(path)?;
        let saved = self.workbook.save_to_writer(&mut file);
        // An I/O error is the cause of whatever the zip writer made of it.
        file.finish()?;
        saved?;
        Ok(())
    }
}

/// The file the workbook is zipped into. The zip writer, when a write fails (a full disk),
/// prints its own English complaint to the terminal as it is dropped; so the first I/O
/// error is kept here and every later write is answered as if it went through, the zip
/// writer finishes quietly, and [`QuietFile::finish`] returns the error — the file is
/// discarded by the caller either way.
struct QuietFile {
    out: std::io::BufWriter<std::fs::File>,
    failed: Option<std::io::Error>,
}

impl QuietFile {
    fn create(path: &Path) -> std::io::Result<QuietFile> {
        Ok(QuietFile { out: std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?), failed: None })
    }

    fn finish(mut self) -> std::io::Result<()> {
        if self.failed.is_none() {
            if let Err(error) = std::io::Write::flush(&mut self.out) {
                self.failed = Some(error);
            }
        }
        self.failed.map_or(Ok(()), Err)
    }
}

impl std::io::Write for QuietFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none() {
            if let Err(error) = self.out.write_all(bytes) {
                self.failed = Some(error);
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_none() {
            if let Err(error) = self.out.flush() {
                self.failed = Some(error);
            }
        }
        Ok(())
    }
}

fn column_number(i: usize) -> Result<u16, ExportError> {
    u16::try_from(i).map_err(|_| ExportError::Xlsx(format!("för många kolumner ({i})")))
}

fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    col: u16,
    cell: &Cell<'_>,
) -> Result<(), ExportError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => write_text(sheet, formats, row, col, text)?,
        Cell::Owned(text) => write_text(sheet, formats, row, col, text)?,
        Cell::Integer(value) => {
            // Ids and years are far below 2⁵³, so the f64 is exact.
            sheet.write_number(row, col, *value as f64)?;
        }
        Cell::Number(value) => {
            sheet.write_number(row, col, decimal_to_f64(*value))?;
        }
        Cell::Money(value) => {
            sheet.write_number_with_format(row, col, decimal_to_f64(*value), &formats.money)?;
        }
        Cell::Whole(value) => {
            sheet.write_number_with_format(row, col, decimal_to_f64(*value), &formats.whole)?;
        }
        Cell::Date(date) => match excel_date(*date) {
            Some(d) => {
                sheet.write_datetime_with_format(row, col, &d, &formats.date)?;
            }
            // Excel has no dates before 1900; such a date is kept as text rather than lost.
            None => write_text(sheet, formats, row, col, &date.format("%Y-%m-%d").to_string())?,
        },
        Cell::Timestamp(text) => match excel_timestamp(text) {
            Some(d) => {
                sheet.write_datetime_with_format(row, col, &d, &formats.timestamp)?;
            }
            None => write_text(sheet, formats, row, col, text)?,
        },
    }
    Ok(())
}

fn write_text(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), ExportError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = fit_text(text);
    if text.contains('\n') {
        sheet.write_string_with_format(row, col, text.as_ref(), &formats.lines)?;
    } else {
        sheet.write_string(row, col, text.as_ref())?;
    }
    Ok(())
}

/// `text` cut to what an Excel cell holds.
fn fit_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}{CUT_NOTE}", &text[..at])),
    }
}

/// The nearest `f64`; exact to 15 significant digits.
pub fn decimal_to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn excel_date(date: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(date.year()).ok()?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).ok()
}

fn excel_timestamp(text: &str) -> Option<ExcelDateTime> {
    let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()?;
    excel_date(at.date())?
        .and_hms(at.hour() as u16, at.minute() as u8, at.second())
        .ok()
}

/// A valid sheet name made from `wanted`, different (ignoring case, as Excel does) from every
/// name in `taken`, which it joins: the characters `[ ] : * ? / \` become `-`, apostrophes at
/// either end are dropped, at most 31 characters, and a clash gets ` (2)`, ` (3)`, ….
pub fn unique_sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let cleaned: String = wanted
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Blad"
    } else {
        cleaned
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = MAX_SHEET_NAME - suffix.chars().count();
        let head: String = base.chars().take(room).collect();
        // Cutting can leave an apostrophe last, which Excel refuses as much as a first one.
        let name = format!("{}{suffix}", head.trim_end().trim_end_matches('\''));
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique_sheet_name("Mätningar", &mut taken), "Mätningar");
        assert_eq!(unique_sheet_name("mätningar", &mut taken), "mätningar (2)");
        assert_eq!(unique_sheet_name("a/b:c?", &mut taken), "a-b-c-");
        let long = unique_sheet_name(&"x".repeat(40), &mut taken);
        assert_eq!(long.chars().count(), 31);
        let again = unique_sheet_name(&"x".repeat(40), &mut taken);
        assert_eq!(again, format!("{} (2)", "x".repeat(27)));
        assert_eq!(unique_sheet_name("'", &mut taken), "Blad");
        assert_eq!(unique_sheet_name("History", &mut taken), "Blad (2)");
        // An apostrophe the cut leaves last goes too.
        let cut = unique_sheet_name("Indikator ABCDEFGHIJKLMNOPQRST'UV", &mut taken);
        assert_eq!(cut, "Indikator ABCDEFGHIJKLMNOPQRST");
    }

    #[test]
    fn long_texts_are_cut_to_what_excel_holds() {
        let text = "å".repeat(40_000);
        let fitted = fit_text(&text);
        assert!(fitted.chars().count() <= 32_767);
        assert!(fitted.ends_with(CUT_NOTE));
        assert_eq!(fit_text("kort"), "kort");
    }

    #[test]
    fn timestamps_and_dates_convert_and_odd_ones_do_not() {
        assert!(excel_timestamp("2026-05-20T10:15:00").is_some());
        assert!(excel_timestamp("i går").is_none());
        assert!(excel_date(NaiveDate::from_ymd_opt(1850, 1, 1).unwrap()).is_none());
    }
}
