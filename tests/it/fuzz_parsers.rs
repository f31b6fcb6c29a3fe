//! Fuzz smoke on stable Rust: the import parsers get arbitrary and mutated input and must
//! answer with a value or a Swedish error — never panic, never hang. The short run is part of
//! every `cargo xtask test`; a longer one: `PROPTEST_CASES=20000 cargo test -p nytta --test fuzz_parsers`.

use std::io::Write;

use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

fn file_with(bytes: &[u8], extension: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(extension).tempfile().unwrap();
    file.write_all(bytes).unwrap();
    file
}

/// A valid measurement CSV with one field replaced by arbitrary text.
fn mutated_csv() -> impl Strategy<Value = Vec<u8>> {
    (0usize..6, ".{0,40}", prop::sample::select(vec![";", ",", "\t"])).prop_map(|(column, junk, sep)| {
        let mut cells = ["NR-1".to_string(), "NKI".into(), "2026-03-31".into(), "72,5".into(), "Enkät".into(), "".into()];
        cells[column] = junk;
        format!("Insats{sep}Indikator{sep}Datum{sep}Värde{sep}Källa{sep}Kommentar\r\n{}\r\n", cells.join(sep)).into_bytes()
    })
}

/// A small valid XLSX file as bytes, to mutate.
fn xlsx_bytes() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["Insats", "Indikator", "Datum", "Värde"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "NR-1").unwrap();
    sheet.write_string(1, 1, "NKI").unwrap();
    sheet.write_string(1, 2, "2026-03-31").unwrap();
    sheet.write_number(1, 3, 72.5).unwrap();
    workbook.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_as_csv_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let file = file_with(&bytes, ".csv");
        let _ = nytta::io::inspect_file(file.path());
    }

    #[test]
    fn mutated_csv_rows_never_panic(bytes in mutated_csv()) {
        let file = file_with(&bytes, ".csv");
        let _ = nytta::io::inspect_file(file.path());
    }

    #[test]
    fn mutated_xlsx_files_never_panic(position in any::<prop::sample::Index>(), value in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut bytes = xlsx_bytes();
        let at = position.index(bytes.len());
        bytes[at] = value;
        bytes.truncate(cut.index(bytes.len()).max(at + 1));
        let file = file_with(&bytes, ".xlsx");
        let _ = nytta::io::inspect_file(file.path());
    }

    #[test]
    fn arbitrary_json_never_panics(text in ".{0,400}") {
        let _ = nytta::io::register_json::read_document(text.as_bytes());
    }

    #[test]
    fn mutated_register_documents_never_panic(position in any::<prop::sample::Index>(), replacement in ".{0,8}") {
        let document = br#"{"format":"nyttoregistret","version":1,"register":{"name":"A"},"organisations":[{"id":1,"name":"Intraservice","kind":"forvaltning","committee":""}],"initiatives":[]}"#;
        let mut text = String::from_utf8_lossy(document).into_owned();
        let mut at = position.index(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        text.replace_range(at..(at + 1).min(text.len()), &replacement);
        let _ = nytta::io::register_json::read_document(text.as_bytes());
    }
}
