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
    /// What each column's cells have been written as so far ([`ColumnStyle`]).
    styles: Vec<ColumnStyle>,
}

/// How a column's cells get their number format.
///
/// Giving a format to every cell costs rust_xlsxwriter a hash of the whole `Format` per cell
/// (7 % of exporting a million measurements, `docs/prestanda.md`). A column whose formatted
/// cells are all of one kind gets that format as the column's instead, and its cells are
/// written without one: Excel shows an unformatted cell in the column's format, and the
/// file says so cell by cell (`s="…"`) as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnStyle {
    /// No formatted and no plain number yet: the next formatted cell decides.
    Open,
    /// A plain number has been written: the column gets no format, formatted cells carry
    /// their own.
    Plain,
    /// The column has this format; cells of another kind carry their own.
    Formatted(Kind),
}

/// The formats a column can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Date,
    Timestamp,
    Money,
    Whole,
}

struct Formats {
    header: Format,
    date: Format,
    timestamp: Format,
    money: Format,
    whole: Format,
    /// For texts of several lines (effect goals, risks): shown as lines, not run together.
    lines: Format,
    /// A plain number in a column that has a format of its own (Excel's "General", which
    /// an unformatted cell there would not get).
    general: Format,
}

impl Formats {
    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Date => &self.date,
            Kind::Timestamp => &self.timestamp,
            Kind::Money => &self.money,
            Kind::Whole => &self.whole,
        }
    }
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
        // Deflate level 2 instead of the default 6: a million measurements export in two
        // thirds of the time for a file a fifth larger (docs/prestanda.md, XLSX export).
        workbook.set_zip_compression_level(2);
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
                general: Format::new().set_num_format("General"),
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
            styles: vec![ColumnStyle::Open; columns.len()],
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
            write_cell(worksheet, &self.formats, &mut state.styles[i], row, column_number(i)?, cell)?;
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
    style: &mut ColumnStyle,
    row: u32,
    col: u16,
    cell: &Cell<'_>,
) -> Result<(), ExportError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => write_text(sheet, formats, row, col, text)?,
        Cell::Owned(text) => write_text(sheet, formats, row, col, text)?,
        // Ids and years are far below 2⁵³, so the f64 is exact.
        Cell::Integer(value) => write_plain_number(sheet, formats, style, row, col, *value as f64)?,
        Cell::Number(value) => write_plain_number(sheet, formats, style, row, col, decimal_to_f64(*value))?,
        Cell::Money(value) => {
            let format = column_format(sheet, formats, style, col, Kind::Money)?;
            write_number(sheet, row, col, decimal_to_f64(*value), format)?;
        }
        Cell::Whole(value) => {
            let format = column_format(sheet, formats, style, col, Kind::Whole)?;
            write_number(sheet, row, col, decimal_to_f64(*value), format)?;
        }
        Cell::Date(date) => match excel_date(*date) {
            Some(d) => {
                let format = column_format(sheet, formats, style, col, Kind::Date)?;
                write_datetime(sheet, row, col, &d, format)?;
            }
            // Excel has no dates before 1900; such a date is kept as text rather than lost.
            None => write_text(sheet, formats, row, col, &date.format("%Y-%m-%d").to_string())?,
        },
        Cell::Timestamp(text) => match excel_timestamp(text) {
            Some(d) => {
                let format = column_format(sheet, formats, style, col, Kind::Timestamp)?;
                write_datetime(sheet, row, col, &d, format)?;
            }
            None => write_text(sheet, formats, row, col, text)?,
        },
    }
    Ok(())
}

/// The format a cell of `kind` must carry itself in a column styled `style`: none when the
/// column has (or now gets) that format.
fn column_format<'f>(
    sheet: &mut Worksheet,
    formats: &'f Formats,
    style: &mut ColumnStyle,
    col: u16,
    kind: Kind,
) -> Result<Option<&'f Format>, ExportError> {
    match *style {
        ColumnStyle::Formatted(own) if own == kind => Ok(None),
        ColumnStyle::Open => {
            // Rows already written have no number in this column (it would be `Plain`),
            // so the column's format changes none of them.
            sheet.set_column_format(col, formats.of(kind))?;
            *style = ColumnStyle::Formatted(kind);
            Ok(None)
        }
        ColumnStyle::Formatted(_) | ColumnStyle::Plain => Ok(Some(formats.of(kind))),
    }
}

/// A number in Excel's General format, whatever the column's format.
fn write_plain_number(
    sheet: &mut Worksheet,
    formats: &Formats,
    style: &mut ColumnStyle,
    row: u32,
    col: u16,
    value: f64,
) -> Result<(), ExportError> {
    match *style {
        ColumnStyle::Open | ColumnStyle::Plain => {
            *style = ColumnStyle::Plain;
            sheet.write_number(row, col, value)?;
        }
        ColumnStyle::Formatted(_) => {
            sheet.write_number_with_format(row, col, value, &formats.general)?;
        }
    }
    Ok(())
}

fn write_number(sheet: &mut Worksheet, row: u32, col: u16, value: f64, format: Option<&Format>) -> Result<(), ExportError> {
    match format {
        Some(format) => sheet.write_number_with_format(row, col, value, format)?,
        None => sheet.write_number(row, col, value)?,
    };
    Ok(())
}

fn write_datetime(sheet: &mut Worksheet, row: u32, col: u16, value: &ExcelDateTime, format: Option<&Format>) -> Result<(), ExportError> {
    match format {
        Some(format) => sheet.write_datetime_with_format(row, col, value, format)?,
        None => sheet.write_datetime(row, col, value)?,
    };
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
    let at = parse_timestamp(text)?;
    excel_date(at.date())?
        .and_hms(at.hour() as u16, at.minute() as u8, at.second())
        .ok()
}

/// `YYYY-MM-DDTHH:MM:SS` read digit by digit: chrono's format-string parser was 7 % of
/// exporting a million measurements with two timestamps each. Other shapes go to chrono.
fn parse_timestamp(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let shaped = b.len() == 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    if !shaped {
        return NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok();
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
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
    fn timestamps_are_read_as_chrono_reads_them() {
        for text in [
            "2026-05-20T10:15:00",
            "2024-02-29T23:59:59",
            "2026-02-29T10:15:00",
            "2026-05-20T24:00:00",
            "2026-05-20T10:60:00",
            "2026-05-20 10:15:00",
            "2026-5-20T10:15:00",
            "2026-05-20T1a:15:00",
            "+2026-05-20T10:15:0",
            "",
        ] {
            assert_eq!(parse_timestamp(text), NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok(), "{text:?}");
        }
    }

    #[test]
    fn timestamps_and_dates_convert_and_odd_ones_do_not() {
        assert!(excel_timestamp("2026-05-20T10:15:00").is_some());
        assert!(excel_timestamp("i går").is_none());
        assert!(excel_date(NaiveDate::from_ymd_opt(1850, 1, 1).unwrap()).is_none());
    }

    #[test]
    fn a_column_takes_the_format_of_its_cells_and_a_mixed_column_keeps_each_cells_own() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blandat.xlsx");
        let mut book = Book::for_file(&path).unwrap();
        let sheet = book
            .add_sheet("Blad", &columns(&[("Datum", 12.0), ("Tal först", 12.0), ("Datum först", 12.0), ("Tid", 19.0)]))
            .unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        book.row(sheet, &[Cell::Date(date), Cell::Integer(7), Cell::Date(date), Cell::Text("i går")]).unwrap();
        book.row(sheet, &[Cell::Date(date), Cell::Date(date), Cell::Integer(7), Cell::Timestamp("2026-05-20T10:15:00")])
            .unwrap();
        book.row(sheet, &[Cell::Empty, Cell::Number(Decimal::new(55, 1)), Cell::Money(Decimal::new(12345, 2)), Cell::Integer(3)])
            .unwrap();
        book.save(&path).unwrap();

        let mut read: Xlsx<_> = open_workbook(&path).unwrap();
        let range = read.worksheet_range("Blad").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let is_date = |cell: &Data| matches!(cell, Data::DateTime(_));
        // A column of dates: every date a date.
        assert!(is_date(&rows[1][0]) && is_date(&rows[2][0]), "{rows:?}");
        // A plain number first: the column gets no format, the later date carries its own.
        assert_eq!(rows[1][1], Data::Float(7.0));
        assert!(is_date(&rows[2][1]), "{rows:?}");
        assert_eq!(rows[3][1], Data::Float(5.5));
        // A date first: the column is a date column, yet a later plain number is no date.
        assert!(is_date(&rows[1][2]), "{rows:?}");
        assert_eq!(rows[2][2], Data::Float(7.0));
        assert_eq!(rows[3][2], Data::Float(123.45));
        // Text before the column's first timestamp stays text; the number after is no date.
        assert_eq!(rows[1][3], Data::String("i går".into()));
        assert!(is_date(&rows[2][3]), "{rows:?}");
        assert_eq!(rows[3][3], Data::Float(3.0));
    }
}
