//! XLSX workbooks (calamine), read cell by cell from the sheet's XML so a sheet of a million
//! rows is never held whole. The sheet is the one named like "Mätningar" / "Measurements",
//! else the first worksheet. Dates may be real Excel dates or text, numbers may be numbers or
//! text: the cell's type is kept and the measurement reader decides.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::ops::ControlFlow;
use std::path::Path;

use calamine::{DataRef, Reader, SheetType, Xlsx, XlsxError};

use super::{CellValue, ImportError, Result, RowCells};

/// Sheet names (normalised as headers are) preferred over the first sheet.
const PREFERRED_SHEETS: &[&str] = &["matningar", "matning", "measurements", "import"];

/// An open workbook and the sheet to read.
pub struct XlsxSource<R: Read + Seek = BufReader<File>> {
    workbook: Xlsx<R>,
    sheet: String,
    is_1904: bool,
}

fn xlsx_error(error: XlsxError) -> ImportError {
    match error {
        XlsxError::Password => ImportError::Encrypted,
        other => ImportError::Xlsx(other),
    }
}

impl XlsxSource {
    pub fn open(path: &Path) -> Result<XlsxSource> {
        let file = File::open(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
        XlsxSource::from_reader(BufReader::with_capacity(64 * 1024, file))
    }
}

impl<R: Read + Seek> XlsxSource<R> {
    pub fn from_reader(input: R) -> Result<XlsxSource<R>> {
        let workbook: Xlsx<R> = Xlsx::new(input).map_err(xlsx_error)?;
        let sheets: Vec<String> = workbook
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect();
        let sheet = sheets
            .iter()
            .find(|name| PREFERRED_SHEETS.contains(&super::columns::normalise(name).as_str()))
            .or_else(|| sheets.first())
            .cloned()
            .ok_or(ImportError::NoSheet)?;
        let is_1904 = workbook.has_1904_epoch();
        Ok(XlsxSource { workbook, sheet, is_1904 })
    }

    /// The name of the sheet that is read.
    pub fn sheet(&self) -> &str {
        &self.sheet
    }

    /// True when the workbook counts dates from 1904 (old Excel for Mac).
    pub fn is_1904(&self) -> bool {
        self.is_1904
    }

    /// Calls `visit` with every row that has a cell: its Excel row number (1-based) and its
    /// cells from column A. Stops early when `visit` breaks.
    pub fn for_each_row(&mut self, mut visit: impl FnMut(usize, &dyn RowCells) -> ControlFlow<()>) -> Result<()> {
        let is_1904 = self.is_1904;
        let mut reader = self.workbook.worksheet_cells_reader(&self.sheet).map_err(xlsx_error)?;
        let mut row: Vec<DataRef<'_>> = Vec::with_capacity(16);
        let mut current: Option<u32> = None;
        loop {
            let cell = reader.next_cell().map_err(xlsx_error)?;
            let Some(cell) = cell else { break };
            let (r, c) = cell.get_position();
            if current != Some(r) {
                if let Some(done) = current {
                    if visit(done as usize + 1, &XlsxRow { cells: &row, is_1904 }).is_break() {
                        return Ok(());
                    }
                }
                row.clear();
                current = Some(r);
            }
            let c = c as usize;
            if c >= MAX_COLUMNS {
                continue;
            }
            if row.len() <= c {
                row.resize(c + 1, DataRef::Empty);
            }
            row[c] = cell.get_value().clone();
        }
        if let Some(done) = current {
            let _ = visit(done as usize + 1, &XlsxRow { cells: &row, is_1904 });
        }
        Ok(())
    }
}

/// Columns past this are ignored (Excel's own limit is 16 384).
const MAX_COLUMNS: usize = 16_384;

struct XlsxRow<'r, 'a> {
    cells: &'r [DataRef<'a>],
    is_1904: bool,
}

impl RowCells for XlsxRow<'_, '_> {
    fn len(&self) -> usize {
        self.cells.len()
    }

    fn is_1904(&self) -> bool {
        self.is_1904
    }

    fn cell(&self, column: usize) -> CellValue<'_> {
        let Some(cell) = self.cells.get(column) else { return CellValue::Empty };
        match cell {
            DataRef::Empty => CellValue::Empty,
            DataRef::String(s) => CellValue::Text(s),
            DataRef::SharedString(s) => CellValue::Text(s),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::Text(s),
            DataRef::Int(i) => CellValue::Int(*i),
            DataRef::Float(f) => CellValue::Number(*f),
            DataRef::Bool(b) => CellValue::Bool(*b),
            DataRef::Error(e) => CellValue::Error(e.to_string()),
            DataRef::DateTime(dt) if dt.is_duration() => {
                CellValue::Date(Err("är en tidslängd, inte ett datum.".into()))
            }
            DataRef::DateTime(dt) => {
                CellValue::Date(super::values::date_from_excel_serial(dt.as_f64(), self.is_1904))
            }
        }
    }
}
