//! Tests of the measurement readers on files as Swedish offices write them.

use std::io::Cursor;
use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::csv_source::{sniff_encoding, sniff_separator, CsvSource, Separator, TextEncoding};
use super::measurement_file::{parse_row, MeasurementFile};
use super::{ColumnMapping, Field, ImportError, RowError};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Every row of CSV bytes: (row, initiative, indicator, date, value, source, comment) or the
/// errors.
type Parsed = Result<(usize, String, String, NaiveDate, rust_decimal::Decimal, String, String), Vec<RowError>>;

fn parse_csv(bytes: Vec<u8>) -> Result<(CsvSource, Vec<Parsed>), ImportError> {
    let mut source = CsvSource::from_reader(Cursor::new(bytes), PathBuf::from("test.csv"))?;
    let mapping = ColumnMapping::from_headers(source.headers().to_vec())
        .map_err(|problems| ImportError::Columns { row: source.header_row(), problems })?;
    let mut rows = Vec::new();
    source.for_each_record(|row, cells| {
        rows.push(parse_row(row, cells, &mapping).map(|r| {
            (r.row, r.initiative.into_owned(), r.indicator.into_owned(), r.date, r.value, r.source.into_owned(), r.comment.into_owned())
        }));
        ControlFlow::Continue(())
    })?;
    Ok((source, rows))
}

#[test]
fn encodings_are_told_apart() {
    assert_eq!(sniff_encoding(&b"Insats;V\xc3\xa4rde\n"[..]).unwrap(), TextEncoding::Utf8);
    assert_eq!(sniff_encoding(&b"\xef\xbb\xbfInsats\n"[..]).unwrap(), TextEncoding::Utf8Bom);
    assert_eq!(sniff_encoding(&b"Insats;V\xe4rde\n"[..]).unwrap(), TextEncoding::Windows1252);
    assert_eq!(sniff_encoding(&b"\xff\xfeI\x00"[..]).unwrap(), TextEncoding::Utf16Le);
    assert!(matches!(sniff_encoding(&b"PK\x00\x01abc"[..]), Err(ImportError::Binary)));
    assert!(matches!(sniff_encoding(&b""[..]), Err(ImportError::Empty)));
    assert!(matches!(sniff_encoding(&b"\xef\xbb\xbf \r\n\r\n"[..]), Err(ImportError::Empty)));
    // A file ending in the middle of a character is not UTF-8.
    assert_eq!(sniff_encoding(&b"abc\xc3"[..]).unwrap(), TextEncoding::Windows1252);
}

#[test]
fn a_character_across_the_read_chunk_boundary_stays_utf8() {
    let mut bytes = vec![b'a'; 64 * 1024 - 1];
    bytes.extend_from_slice("ä€😀".as_bytes());
    assert_eq!(sniff_encoding(&bytes[..]).unwrap(), TextEncoding::Utf8);
    bytes.push(0xe4);
    bytes.push(b'x');
    assert_eq!(sniff_encoding(&bytes[..]).unwrap(), TextEncoding::Windows1252);
}

#[test]
fn separators_are_chosen_by_known_headers_respecting_quotes() {
    assert_eq!(sniff_separator("Insats;Indikator;Datum;Värde"), Separator::Semicolon);
    assert_eq!(sniff_separator("insats,indikator,datum,värde"), Separator::Comma);
    assert_eq!(sniff_separator("Insats\tIndikator\tDatum\tVärde"), Separator::Tab);
    assert_eq!(sniff_separator("\"Insats, kod\";Indikator;Datum;\"Värde; kr\""), Separator::Semicolon);
    assert_eq!(sniff_separator("\"Anm; fri text\",Insats,Indikator,Datum,Värde"), Separator::Comma);
}

#[test]
fn a_windows_1252_semicolon_file_with_decimal_commas_and_nbsp_thousands() {
    let text = "Insats;Indikator;Datum;Värde;Källa;Kommentar\r\n\
                NR-2025-014;NKI;2026-03-31;1\u{a0}234,5;Enkät;Första mätningen – våren\r\n\
                NR-2025-014;Kötid;2026-04-30;-3,2;Ärendesystem;\"Svårt; många ärenden\"\r\n\
                \r\n";
    let (source, rows) = parse_csv(windows_1252(text)).unwrap();
    assert_eq!(source.encoding(), TextEncoding::Windows1252);
    assert_eq!(source.separator(), Separator::Semicolon);
    assert_eq!(rows.len(), 2);
    let first = rows[0].clone().unwrap();
    assert_eq!(first.0, 2);
    assert_eq!(first.4, dec!(1234.5));
    assert_eq!(first.6, "Första mätningen – våren");
    let second = rows[1].clone().unwrap();
    assert_eq!((second.2.as_str(), second.3, second.4), ("Kötid", ymd(2026, 4, 30), dec!(-3.2)));
    assert_eq!(second.5, "Ärendesystem");
    assert_eq!(second.6, "Svårt; många ärenden");
}

#[test]
fn quoted_fields_with_line_breaks_keep_row_numbers_of_the_record_start() {
    let text = "\u{feff}initiative,indicator,date,value,comment\n\
                A,K,2026-01-31,\"1,5\",\"rad ett\nrad två, med komma\"\n\
                A,K,2026-02-28,2.5,\"sa \"\"hej\"\"\"\n\
                A,K,2026-02-30,x,\n";
    let (source, rows) = parse_csv(text.as_bytes().to_vec()).unwrap();
    assert_eq!(source.encoding(), TextEncoding::Utf8Bom);
    assert_eq!(source.separator(), Separator::Comma);
    assert_eq!(rows[0].clone().unwrap().4, dec!(1.5));
    assert_eq!(rows[0].clone().unwrap().6, "rad ett\nrad två, med komma");
    assert_eq!(rows[1].clone().unwrap().0, 4);
    assert_eq!(rows[1].clone().unwrap().6, "sa \"hej\"");
    let errors = rows[2].clone().unwrap_err();
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "Rad 5, kolumn date: \"2026-02-30\" är inget riktigt datum: februari 2026 har 28 dagar.",
            "Rad 5, kolumn value: \"x\" är inte ett tal.",
        ]
    );
}

#[test]
fn tab_files_blank_lines_and_short_rows() {
    let text = "\n\nInsats\tIndikator\tDatum\tVärde\tAnsvarig\n\
                A\tK\t2026-01-31\t70\tEva\n\
                \t\t\t\t\n\
                A\tK\n";
    let (source, rows) = parse_csv(text.as_bytes().to_vec()).unwrap();
    assert_eq!(source.separator(), Separator::Tab);
    assert_eq!(source.header_row(), 3);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].clone().unwrap().0, 4);
    let errors = rows[1].clone().unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].to_string(), "Rad 6, kolumn Datum: Datum saknas.");
    assert_eq!(errors[1].to_string(), "Rad 6, kolumn Värde: Värde saknas.");
}

#[test]
fn utf16_unicode_text_from_excel_is_read() {
    let text = "Insats\tIndikator\tDatum\tVärde\r\nA\tNKI\t2026-03-31\t72,5\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (source, rows) = parse_csv(bytes).unwrap();
    assert_eq!(source.encoding(), TextEncoding::Utf16Le);
    assert_eq!(rows[0].clone().unwrap().4, dec!(72.5));
}

#[test]
fn a_missing_closing_quote_does_not_swallow_the_file() {
    let mut text = String::from("Insats;Indikator;Datum;Värde\nA;K;2026-01-31;\"1\n");
    while text.len() < 5_000_000 {
        text.push_str("A;K;2026-01-31;1\n");
    }
    let result = parse_csv(text.into_bytes());
    match result {
        Err(e @ ImportError::RecordTooLong { after_row: 1 }) => {
            assert!(e.to_string().contains("citattecken"), "{e}");
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a 5 MB field was accepted"),
    }
}

#[test]
fn missing_columns_are_named_in_swedish() {
    let err = parse_csv(b"Insats;Datum;Belopp\nA;2026-01-01;3\n".to_vec()).err().unwrap();
    let text = err.to_string();
    assert!(text.starts_with("Rubrikraden (rad 1) stämmer inte: Kolumnen Indikator saknas."), "{text}");
    assert!(text.contains("Kolumnen Värde saknas"), "{text}");
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn files_that_are_not_measurement_files_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("tom.csv", vec![], "Filen är tom."),
        ("blank.csv", b"\r\n \r\n".to_vec(), "Filen är tom."),
        ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), "binära data"),
        ("gammal.xls", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "äldre Excel-fil"),
        ("skyddad.xlsx", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "lösenordsskyddad"),
        ("trasig.xlsx", b"PK\x03\x04 not really a zip".to_vec(), "Excel-filen kunde inte läsas: filen är inte en hel Excel-arbetsbok"),
        ("text.csv", b"hej hopp\n".to_vec(), "Kolumnen Insats saknas"),
    ];
    for (name, bytes, expected) in cases {
        let path = write_temp(&dir, name, &bytes);
        let err = MeasurementFile::open(&path).err().unwrap_or_else(|| panic!("{name} opened"));
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    let missing = dir.path().join("finns-inte.csv");
    let text = MeasurementFile::open(&missing).err().unwrap().to_string();
    assert!(text.contains("kunde inte läsas: filen finns inte"), "{text}");
    // No English from the libraries below (calamine, zip, the operating system).
    for (name, bytes, _) in [("trasig.xlsx", b"PK\x03\x04 not really a zip".to_vec(), "")] {
        let text = MeasurementFile::open(&write_temp(&dir, name, &bytes)).err().unwrap().to_string();
        assert!(!text.contains("os error") && !text.contains("invalid") && !text.contains("Zip"), "{text}");
    }
}

#[test]
fn the_description_and_preview_show_what_was_detected() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Datum;Insats;Indikator;Värde;Ansvarig\r\n2026-01-31;A;K;1 234,5;Eva\r\n2026-02-28;A;K;x;Per\r\n";
    let path = write_temp(&dir, "m.csv", &windows_1252(text));
    let mut file = MeasurementFile::open(&path).unwrap();
    let d = file.description();
    assert_eq!(d.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(d.separator, Some(Separator::Semicolon));
    assert_eq!(d.extra_columns, vec!["Ansvarig".to_string()]);
    assert_eq!(d.mapping.iter().map(|m| (m.field, m.column)).collect::<Vec<_>>(), vec![
        (Field::Initiative, 1),
        (Field::Indicator, 2),
        (Field::Date, 0),
        (Field::Value, 3)
    ]);
    let preview = file.preview(10).unwrap();
    assert_eq!(preview.len(), 2);
    assert_eq!(preview[0].cells, vec!["2026-01-31", "A", "K", "1 234,5", "Eva"]);
    assert_eq!(preview[1].row, 3);
}

fn xlsx_rows(path: &std::path::Path) -> (MeasurementFile, Vec<Parsed>) {
    let mut file = MeasurementFile::open(path).unwrap();
    let mut rows = Vec::new();
    file.for_each_row(|r| {
        rows.push(r.map(|r| {
            (r.row, r.initiative.into_owned(), r.indicator.into_owned(), r.date, r.value, r.source.into_owned(), r.comment.into_owned())
        }));
        ControlFlow::Continue(())
    })
    .unwrap();
    (file, rows)
}

#[test]
fn xlsx_with_real_dates_text_dates_numbers_and_text_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.xlsx");
    let mut workbook = Workbook::new();
    let first = workbook.add_worksheet();
    first.set_name("Info").unwrap();
    first.write(0, 0, "Detta blad läses inte").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Mätningar").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["Insats", "Indikator", "Datum", "Värde", "Kommentar"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    // Row 2: a real date and a number.
    sheet.write(1, 0, "NR-2025-014").unwrap();
    sheet.write(1, 1, "NKI").unwrap();
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2026, 3, 31).unwrap(), &date_format).unwrap();
    sheet.write(1, 3, 72.5).unwrap();
    // Row 3: a date and a number as text, a numeric indicator code.
    sheet.write(2, 0, "NR-2025-014").unwrap();
    sheet.write(2, 1, 7).unwrap();
    sheet.write(2, 2, "2026-04-30").unwrap();
    sheet.write(2, 3, "1 234,5").unwrap();
    sheet.write(2, 4, "text").unwrap();
    // Row 5 (row 4 left empty): a date as a bare serial number, a negative number.
    sheet.write(4, 0, "NR-2025-014").unwrap();
    sheet.write(4, 1, "NKI").unwrap();
    sheet.write(4, 2, 46142).unwrap();
    sheet.write(4, 3, -0.1).unwrap();
    // Row 6: a date in the value column and a boolean date.
    sheet.write(5, 0, "NR-2025-014").unwrap();
    sheet.write(5, 1, "NKI").unwrap();
    sheet.write(5, 2, true).unwrap();
    sheet.write_datetime_with_format(5, 3, ExcelDateTime::from_ymd(2026, 1, 1).unwrap(), &date_format).unwrap();
    workbook.save(&path).unwrap();

    let (file, rows) = xlsx_rows(&path);
    let d = file.description();
    assert_eq!(d.sheet.as_deref(), Some("Mätningar"));
    assert_eq!(rows.len(), 4);
    let r = rows[0].clone().unwrap();
    assert_eq!((r.0, r.3, r.4), (2, ymd(2026, 3, 31), dec!(72.5)));
    let r = rows[1].clone().unwrap();
    assert_eq!((r.0, r.2.as_str(), r.3, r.4, r.6.as_str()), (3, "7", ymd(2026, 4, 30), dec!(1234.5), "text"));
    let r = rows[2].clone().unwrap();
    assert_eq!((r.0, r.3, r.4), (5, ymd(2026, 4, 30), dec!(-0.1)));
    let errors = rows[3].clone().unwrap_err();
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "Rad 6, kolumn Datum: \"SANT\" är inte ett datum i formen ÅÅÅÅ-MM-DD (t.ex. 2026-03-31).",
            "Rad 6, kolumn Värde: \"2026-01-01\" är ett datum, inte ett tal.",
        ]
    );
}

#[test]
fn an_xlsx_with_only_headers_has_no_rows_and_one_without_headers_is_refused() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["insats", "indikator", "datum", "värde"].iter().enumerate() {
        sheet.write(2, c as u16 + 1, *h).unwrap();
    }
    workbook.save(&path).unwrap();
    let (file, rows) = xlsx_rows(&path);
    assert_eq!(file.description().header_row, 3);
    assert!(rows.is_empty());

    let empty = dir.path().join("e.xlsx");
    let mut workbook = Workbook::new();
    workbook.add_worksheet();
    workbook.save(&empty).unwrap();
    let err = MeasurementFile::open(&empty).err().unwrap();
    assert!(matches!(err, ImportError::NoHeader), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic_the_csv_reader(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_csv(bytes);
    }

    #[test]
    fn arbitrary_text_rows_never_panic(
        header in proptest::sample::select(vec!["Insats;Indikator;Datum;Värde\n", "insats,indikator,datum,värde,kommentar\r\n", "a\tb\n"]),
        body in "[A-Za-zåäö0-9;,\t\"\r\n .\u{a0}−-]{0,300}",
    ) {
        let _ = parse_csv(format!("{header}{body}").into_bytes());
        let _ = parse_csv(encoding_rs::WINDOWS_1252.encode(&format!("{header}{body}")).0.into_owned());
    }
}

/// The same limits as a measurement typed by hand (`model::limits`): a source is a name, a
/// comment a free text, a code a code. It used to allow 100 000 characters of each.
#[test]
fn texts_in_a_measurement_file_have_the_limits_of_every_other_way_in() {
    use crate::model::limits;
    let row = |code: &str, source: &str, comment: &str| format!("Insats;Indikator;Datum;Värde;Källa;Kommentar\n{code};K;2026-01-31;70;{source};{comment}\n");
    let fits = row(&"A".repeat(limits::CODE), &"s".repeat(limits::NAME), &"k".repeat(limits::LONG_TEXT));
    let (_, rows) = parse_csv(fits.into_bytes()).unwrap();
    assert!(rows[0].is_ok(), "{:?}", rows[0]);
    let too_long = row(&"A".repeat(limits::CODE + 1), &"s".repeat(limits::NAME + 1), &"k".repeat(limits::LONG_TEXT + 1));
    let (_, rows) = parse_csv(too_long.into_bytes()).unwrap();
    let errors: Vec<String> = rows[0].clone().unwrap_err().iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("kolumn Insats") && errors[0].contains("högst 40 tecken"), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("högst 200 tecken (nu 201)")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("högst 4\u{a0}000 tecken (nu 4\u{a0}001)")), "{errors:?}");
}
