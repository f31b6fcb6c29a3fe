//! The measurement template ("Hämta mall", `nytta template measurements`): one row for every
//! indicator whose measurement is due or overdue in a period, as an Excel workbook or a CSV
//! file the measurement import reads back as it is once the values are filled in.
//!
//! The columns the import reads (Insats, Indikator, Datum, Värde, Källa, Kommentar;
//! `measurement_file`) come with the ones that help the person filling it in (the names, the
//! unit, the checkpoint and its window), which the import lists as not imported. *Datum* is
//! the checkpoint's date: change it when the value was measured on another day inside the
//! window.

use std::path::Path;

use chrono::NaiveDate;

use super::export::ExportError;
use super::xlsx_writer::{columns, Book, Cell};

/// One indicator to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub initiative_code: String,
    pub initiative_name: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: String,
    /// The checkpoint's date: the template's *Datum*.
    pub date: NaiveDate,
    /// "6 mån".
    pub checkpoint: String,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// "Kommande" (due) or "Saknas" (overdue).
    pub status: String,
    pub measured_by: String,
}

/// The headers, in order, with the widths of the workbook's columns.
const COLUMNS: [(&str, f64); 14] = [
    ("Insats", 14.0),
    ("Indikator", 12.0),
    ("Datum", 12.0),
    ("Värde", 12.0),
    ("Källa", 20.0),
    ("Kommentar", 30.0),
    ("Insatsens namn", 36.0),
    ("Indikatorns namn", 36.0),
    ("Enhet", 10.0),
    ("Kontrollpunkt", 12.0),
    ("Mätfönster från", 14.0),
    ("Mätfönster till", 14.0),
    ("Läge", 10.0),
    ("Mätansvarig", 24.0),
];

/// The sheet the import looks for first.
pub const SHEET: &str = "Mätningar";

fn texts(row: &TemplateRow) -> [String; 14] {
    [
        row.initiative_code.clone(),
        row.indicator_code.clone(),
        crate::format::date(row.date),
        String::new(),
        String::new(),
        String::new(),
        row.initiative_name.clone(),
        row.indicator_name.clone(),
        row.unit.clone(),
        row.checkpoint.clone(),
        crate::format::date(row.window_from),
        crate::format::date(row.window_to),
        row.status.clone(),
        row.measured_by.clone(),
    ]
}

/// Writes the template as an Excel workbook at `path` (sheet *Mätningar*, frozen header,
/// filters), dates as real dates.
pub fn write_xlsx(rows: &[TemplateRow], path: &Path) -> Result<(), ExportError> {
    let mut book = Book::for_file(path)?;
    let sheet = book.add_sheet(SHEET, &columns(&COLUMNS))?;
    for row in rows {
        let t = texts(row);
        book.row(
            sheet,
            &[
                Cell::Text(&t[0]),
                Cell::Text(&t[1]),
                Cell::Date(row.date),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text(&t[6]),
                Cell::Text(&t[7]),
                Cell::Text(&t[8]),
                Cell::Text(&t[9]),
                Cell::Date(row.window_from),
                Cell::Date(row.window_to),
                Cell::Text(&t[12]),
                Cell::Text(&t[13]),
            ],
        )?;
    }
    book.save(path)
}

/// Writes the template as CSV the way Swedish Excel opens it: UTF-8 with BOM, `;`, CRLF.
pub fn write_csv(rows: &[TemplateRow], out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(out);
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(COLUMNS.iter().map(|(header, _)| *header))?;
    for row in rows {
        // Text Excel would run as a formula gets a leading ', as in the chart data; the import
        // takes it off a code again (`measurement_file`).
        writer.write_record(texts(row).iter().map(|t| super::chart_data::guard_text(t)))?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> TemplateRow {
        TemplateRow {
            initiative_code: "NR-2025-003".into(),
            initiative_name: "E-ansökan".into(),
            indicator_code: "EANDEL".into(),
            indicator_name: "Andel digitala ansökningar".into(),
            unit: "%".into(),
            date: NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
            checkpoint: "6 mån".into(),
            window_from: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
            window_to: NaiveDate::from_ymd_opt(2026, 8, 29).unwrap(),
            status: "Saknas".into(),
            measured_by: "Lena".into(),
        }
    }

    #[test]
    fn the_csv_has_the_imports_columns_first_and_an_empty_value() {
        let mut out = Vec::new();
        write_csv(&[row()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            "Insats;Indikator;Datum;Värde;Källa;Kommentar;Insatsens namn;Indikatorns namn;Enhet;Kontrollpunkt;Mätfönster från;Mätfönster till;Läge;Mätansvarig"
        );
        assert_eq!(
            lines.next().unwrap(),
            "NR-2025-003;EANDEL;2026-07-15;;;;E-ansökan;Andel digitala ansökningar;%;6 mån;2026-05-31;2026-08-29;Saknas;Lena"
        );
    }

    #[test]
    fn text_excel_would_run_is_guarded() {
        let mut r = row();
        r.indicator_name = "=HYPERLINK(\"x\")".into();
        let mut out = Vec::new();
        write_csv(&[r], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("'=HYPERLINK") && !text.contains(";=HYPERLINK") && !text.contains(";\"=HYPERLINK"), "{text}");
    }
}
