//! A table as a view of the window shows it — its columns and its rows in the order shown —
//! written as one Excel sheet ("Exportera vyn" in the portfolio). The values are handed
//! over ready (`app::exports::portfolio_view_table` reads them); this module only writes
//! them through the program's one XLSX writer (`xlsx_writer`): a bold, frozen header row with
//! an autofilter, numbers and dates as real numbers and dates.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::export::ExportError;
use super::xlsx_writer::{Book, Cell, Column};

/// The sheet to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewTable {
    /// Made a valid sheet name by the writer.
    pub sheet_name: String,
    pub columns: Vec<ViewColumn>,
    /// In the order the view shows them; each as long as `columns` (shorter rows end empty).
    pub rows: Vec<Vec<ViewCell>>,
}

/// A column: its header and its width in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewColumn {
    pub header: String,
    pub width: f64,
}

impl ViewColumn {
    pub fn new(header: &str, width: f64) -> ViewColumn {
        ViewColumn { header: header.to_string(), width }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewCell {
    Empty,
    Text(String),
    Integer(i64),
    /// A number shown whole with thousands grouped, kept exact (tkr).
    Whole(Decimal),
    Date(NaiveDate),
}

impl ViewCell {
    pub fn text(text: impl Into<String>) -> ViewCell {
        ViewCell::Text(text.into())
    }

    pub fn opt_date(date: Option<NaiveDate>) -> ViewCell {
        date.map_or(ViewCell::Empty, ViewCell::Date)
    }
}

/// Writes `table` as a workbook of one sheet to `path`.
pub fn write_xlsx(table: &ViewTable, path: &Path) -> Result<(), ExportError> {
    let mut book = Book::for_file(path)?;
    let columns: Vec<Column<'_>> =
        table.columns.iter().map(|c| Column { header: &c.header, width: c.width }).collect();
    let sheet = book.add_sheet(&table.sheet_name, &columns)?;
    for row in &table.rows {
        let cells: Vec<Cell<'_>> = row
            .iter()
            .map(|cell| match cell {
                ViewCell::Empty => Cell::Empty,
                ViewCell::Text(text) => Cell::Text(text),
                ViewCell::Integer(value) => Cell::Integer(*value),
                ViewCell::Whole(value) => Cell::Whole(*value),
                ViewCell::Date(date) => Cell::Date(*date),
            })
            .collect();
        book.row(sheet, &cells)?;
    }
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use rust_decimal_macros::dec;

    #[test]
    fn the_sheet_holds_the_rows_in_the_order_given_with_numbers_as_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vy.xlsx");
        let table = ViewTable {
            sheet_name: "Portfölj".into(),
            columns: vec![ViewColumn::new("Kod", 12.0), ViewColumn::new("Nytta (tkr/år)", 14.0), ViewColumn::new("Datum", 12.0)],
            rows: vec![
                vec![ViewCell::text("B"), ViewCell::Whole(dec!(1234.567)), ViewCell::Date(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())],
                vec![ViewCell::text("A"), ViewCell::text("Ej mätt"), ViewCell::Empty],
            ],
        };
        write_xlsx(&table, &path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), ["Portfölj"]);
        let range = book.worksheet_range("Portfölj").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[0], [Data::String("Kod".into()), Data::String("Nytta (tkr/år)".into()), Data::String("Datum".into())]);
        assert_eq!(rows[1][0], Data::String("B".into()));
        assert_eq!(rows[1][1], Data::Float(1234.567));
        assert!(matches!(rows[1][2], Data::DateTime(_)), "{:?}", rows[1][2]);
        assert_eq!(rows[2][..2], [Data::String("A".into()), Data::String("Ej mätt".into())]);
        assert_eq!(rows.len(), 3);
    }
}
