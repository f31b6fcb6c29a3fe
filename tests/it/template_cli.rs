//! `nytta template measurements`: the measurements due or overdue in a period as a file that
//! imports back once filled in — filled in here by a spreadsheet library that is not ours
//! (openpyxl, Debian's python3-openpyxl, which `cargo xtask test` installs) and, for CSV, as a
//! person's editor would.

use std::path::Path;
use std::process::Command;

use crate::support::cli::{nytta, text};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("demo.nytta");
    assert!(nytta(&["demo", s(&file)]).status.success());
    file
}

/// The template's rows as `CODE/INDICATOR` (its CSV, read back).
fn listed(dir: &Path, register: &Path, from: &str, to: &str) -> Vec<String> {
    let csv = dir.join(format!("lista-{from}-{to}.csv"));
    let out = nytta(&["template", "measurements", s(register), "--from", from, "--to", to, "--out", s(&csv)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let content = std::fs::read_to_string(&csv).unwrap();
    content
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(';').collect();
            format!("{}/{}", fields[0], fields[1])
        })
        .collect()
}

#[test]
fn a_template_filled_in_by_openpyxl_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo(dir.path());
    // November and December 2026: two overdue checkpoints and two that fall due (docs/demo.md).
    let before = listed(dir.path(), &register, "2026-11-01", "2026-12-31");
    assert_eq!(before, ["NR-2024-003/TOLKPL", "NR-2025-002/EARS", "NR-2025-001/GUIDE", "NR-2025-001/KOMPL"]);

    let template = dir.path().join("mall.xlsx");
    let out = nytta(&["template", "measurements", s(&register), "--from", "2026-11-01", "--to", "2026-12-31", "--out", s(&template)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Skrev mallen med 4 mätningar till"), "{}", text(&out.stdout));

    // A value in every row's Värde, saved by openpyxl as a new workbook.
    let filled = dir.path().join("ifylld.xlsx");
    let script = r#"
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["Mätningar"]
headers = [c.value for c in sheet[1]]
value = headers.index("Värde") + 1
for n, row in enumerate(sheet.iter_rows(min_row=2), start=1):
    row[value - 1].value = 40 + n
book.save(sys.argv[2])
"#;
    let python = Command::new("/usr/bin/python3").args(["-c", script, s(&template), s(&filled)]).output().unwrap_or_else(|e| {
        panic!("/usr/bin/python3 kunde inte köras ({e}); installera python3-openpyxl (cargo xtask test gör det)")
    });
    assert!(python.status.success(), "openpyxl: {}", text(&python.stderr));

    let out = nytta(&["import", "measurements", s(&register), s(&filled)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Importerade: 4 nya, 0 ersatta, 0 oförändrade."), "{said}");
    // The help columns were seen and left out, not refused.
    assert!(said.contains("Insatsens namn"), "{said}");

    // The overdue ones are measured now; the two that fall due in November stay in the list
    // of the period's first day, as the to-do list counts measurements up to that day.
    assert_eq!(listed(dir.path(), &register, "2026-11-01", "2026-12-31"), ["NR-2025-001/GUIDE", "NR-2025-001/KOMPL"]);
}

#[test]
fn a_csv_template_filled_in_imports_back_and_bad_periods_and_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo(dir.path());
    let template = dir.path().join("mall.csv");
    let out = nytta(&["template", "measurements", s(&register), "--from", "2026-11-01", "--to", "2026-11-30", "--out", s(&template)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Filled in as a person would in an editor: a decimal comma in the fourth column.
    let content = std::fs::read_to_string(&template).unwrap();
    let filled: Vec<String> = content
        .split("\r\n")
        .enumerate()
        .map(|(n, line)| {
            if n == 0 || line.is_empty() {
                return line.to_string();
            }
            let mut fields: Vec<&str> = line.split(';').collect();
            fields[3] = "42,5";
            fields.join(";")
        })
        .collect();
    let filled_path = dir.path().join("ifylld.csv");
    std::fs::write(&filled_path, filled.join("\r\n")).unwrap();
    let out = nytta(&["import", "measurements", s(&register), s(&filled_path)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Importerade: 4 nya"), "{}", text(&out.stdout));

    // Unfilled, the template is refused naming the rows without a value, and nothing changes.
    let again = dir.path().join("igen.csv");
    assert!(nytta(&["template", "measurements", s(&register), "--from", "2027-01-01", "--to", "2027-03-31", "--out", s(&again)]).status.success());
    let out = nytta(&["import", "measurements", s(&register), s(&again)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Värde saknas"), "{}", text(&out.stderr));

    let out = nytta(&["template", "measurements", s(&register), "--from", "2026-12-01", "--to", "2026-11-01", "--out", s(&again)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("från-datumet måste vara samma dag eller före till-datumet"), "{}", text(&out.stderr));
    let out = nytta(&["template", "measurements", s(&register), "--from", "2026-11-01", "--to", "2026-11-30", "--out", s(&dir.path().join("mall.pdf"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Excel (.xlsx) eller CSV (.csv)"), "{}", text(&out.stderr));
    // A register is never written over.
    let out = nytta(&["template", "measurements", s(&register), "--from", "2026-11-01", "--to", "2026-11-30", "--out", s(&register)]);
    assert_eq!(out.status.code(), Some(1));
}

/// A file made by hand may name the indicator instead of giving its code, and write a
/// percentage with its sign when the indicator is measured in percent; the sign beside any
/// other unit is refused naming the row and the column.
#[test]
fn indicator_names_and_percentages_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo(dir.path());
    let good = dir.path().join("namn.csv");
    std::fs::write(
        &good,
        "Insats;Indikator;Datum;Värde\r\n\
         NR-2025-003;andel ansökningar som kommer in   digitalt;2026-10-25;44 %\r\n\
         NR-2025-003;HTID;2026-10-25;77\r\n",
    )
    .unwrap();
    let out = nytta(&["import", "measurements", s(&register), s(&good)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Importerade: 2 nya"), "{}", text(&out.stdout));
    let status = nytta(&["status", s(&register), "--json"]);
    let json = text(&status.stdout);
    assert!(json.contains("\"2026-10-25\""), "the measurement is stored under EANDEL");

    let bad = dir.path().join("procent.csv");
    std::fs::write(&bad, "Insats;Indikator;Datum;Värde\r\nNR-2025-003;HTID;2026-10-26;75 %\r\n").unwrap();
    let out = nytta(&["import", "measurements", s(&register), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let error = text(&out.stderr);
    assert!(error.contains("Rad 2") || error.contains("rad 2"), "{error}");
    assert!(error.contains("Värde") && error.contains("indikatorn HTID mäts i minuter"), "{error}");
}
