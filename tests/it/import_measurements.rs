//! Measurement import on real-looking files (Windows-1252 semicolon CSV from Swedish Excel,
//! UTF-8 with BOM, tab-separated, quoted line breaks, XLSX with real and text dates), through
//! the library and the `nytta` binary, including a SIGKILL in the middle of a large import.

use nytta::store::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use nytta::model::initiative::{InitiativeFields, OrganisationKind};
use nytta::model::plan::{AllowedRange, Baseline, Benefit, Direction, Indicator, Plan, Target};
use nytta::model::Approval;
use nytta::app::import::MeasurementImportError;
use nytta::store::Register;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use crate::support::cli::text;

const NYTTA: &str = env!("CARGO_BIN_EXE_nytta");

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn indicator(code: &str, range: Option<(Decimal, Decimal)>) -> Indicator {
    Indicator {
        unit: "%".into(),
        allowed_range: range.map(|(min, max)| AllowedRange { min: Some(min), max: Some(max) }),
        baseline: Some(Baseline { value: dec!(60), date: date(2025, 1, 15), source: "Enkät".into() }),
        targets: vec![
            Target { months_after_go_live: 6, value: dec!(70) },
            Target { months_after_go_live: 12, value: dec!(80) },
        ],
        measured_by: "Kvalitetsstrateg".into(),
        ..Indicator::new(code, format!("Indikator {code}"), Direction::HigherIsBetter)
    }
}

fn plan(indicators: Vec<Indicator>) -> Plan {
    Plan {
        benefits: vec![Benefit {
            name: "Nöjdare kunder".into(),
            owner: "Enhetschef".into(),
            indicators,
            ..Benefit::default()
        }],
        ..Plan::default()
    }
}

/// A register with NR-2025-014 (approved plan: NKI 0–100, KOTID without range) and
/// NR-2025-015 (draft plan only: SVAR).
fn register(dir: &Path) -> PathBuf {
    let path = dir.join("register.nytta");
    let mut register = Register::create(&path, "Test").unwrap();
    let org = register.add_organisation("Kundtjänst", OrganisationKind::Forvaltning, "Nämnden").unwrap();
    let fields = |code: &str| InitiativeFields {
        code: code.into(),
        name: format!("Insats {code}"),
        go_live_date: Some(date(2026, 1, 15)),
        ..InitiativeFields::blank(org)
    };
    let first = register.create_initiative(&fields("NR-2025-014")).unwrap();
    let draft = register
        .create_plan(first, &plan(vec![indicator("NKI", Some((dec!(0), dec!(100)))), indicator("KOTID", None)]))
        .unwrap();
    let approval = Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: date(2025, 12, 1),
        decision_ref: "DR 2025-12-01 §4".into(),
    };
    register.approve_plan(draft.id, draft.row_version, &approval).unwrap();
    let second = register.create_initiative(&fields("NR-2025-015")).unwrap();
    register.create_plan(second, &plan(vec![indicator("SVAR", None)])).unwrap();
    path
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "not representable in Windows-1252");
    bytes.into_owned()
}

/// (initiative, indicator, date, value, source, comment) of every stored measurement.
fn stored(path: &Path) -> Vec<(String, String, String, String, String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT i.code, m.indicator_code, m.date, m.value, m.source, m.comment
             FROM measurement m JOIN initiative i ON i.id = m.initiative_id
             ORDER BY i.code, m.indicator_code, m.date",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn nytta(args: &[&str]) -> Output {
    Command::new(NYTTA).args(args).env("USER", "testaren").output().unwrap()
}

fn row(i: &str, k: &str, d: &str, v: &str, s: &str, c: &str) -> (String, String, String, String, String, String) {
    (i.into(), k.into(), d.into(), v.into(), s.into(), c.into())
}

#[test]
fn a_windows_1252_semicolon_file_from_swedish_excel() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("mätningar.csv");
    let csv = "Insats;Indikator;Datum;Värde;Källa;Kommentar;Ansvarig\r\n\
               NR-2025-014;NKI;2026-03-31;72,5;Enkät;Vårens mätning;Åsa\r\n\
               NR-2025-014;KOTID;2026-03-31;1\u{a0}234,5;Ärendesystemet;\"Många ärenden; sjukdom\";Åsa\r\n\
               NR-2025-014;KOTID;2026-04-30;-3,25;Ärendesystemet;;Åsa\r\n\
               NR-2025-015;SVAR;2026-04-30;12 000;;;Örjan\r\n";
    std::fs::write(&data, windows_1252(csv)).unwrap();

    let mut register = Register::open(&reg).unwrap();
    let summary = nytta::app::import::import_measurements(&mut register, &data, false).unwrap();
    assert_eq!((summary.rows, summary.added, summary.replaced, summary.unchanged), (4, 4, 0, 0));
    assert_eq!(summary.file.encoding_label, Some("Windows-1252 (Excel på svensk Windows)"));
    assert_eq!(summary.file.separator_label, Some("semikolon (;)"));
    assert_eq!(summary.file.extra_columns, vec!["Ansvarig".to_string()]);
    drop(register);
    assert_eq!(
        stored(&reg),
        vec![
            row("NR-2025-014", "KOTID", "2026-03-31", "1234.5", "Ärendesystemet", "Många ärenden; sjukdom"),
            row("NR-2025-014", "KOTID", "2026-04-30", "-3.25", "Ärendesystemet", ""),
            row("NR-2025-014", "NKI", "2026-03-31", "72.5", "Enkät", "Vårens mätning"),
            row("NR-2025-015", "SVAR", "2026-04-30", "12000", "", ""),
        ]
    );
    let log = count(&reg, "SELECT count(*) FROM audit_log WHERE action = 'importerad' AND after LIKE '%mätningar.csv%'");
    assert_eq!(log, 2, "one log row per initiative");
}

#[test]
fn a_utf8_bom_comma_file_with_quoted_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("export.csv");
    let csv = "\u{feff}initiative,indicator,date,value,comment\n\
               NR-2025-014,NKI,2026-03-31,72.5,\"Ökning, tydlig\"\n\
               nr-2025-014,NKI,2026-04-30,\"73,25\",\n";
    std::fs::write(&data, csv).unwrap();
    let out = nytta(&["import", "measurements", reg.to_str().unwrap(), data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("teckenkodning UTF-8 med BOM, avgränsare komma (,)"), "{stdout}");
    assert!(stdout.contains("Importerade: 2 nya, 0 ersatta, 0 oförändrade."), "{stdout}");
    assert_eq!(
        stored(&reg),
        vec![
            row("NR-2025-014", "NKI", "2026-03-31", "72.5", "", "Ökning, tydlig"),
            row("NR-2025-014", "NKI", "2026-04-30", "73.25", "", ""),
        ]
    );
}

#[test]
fn a_tab_file_with_quoted_line_breaks_crlf_and_a_trailing_empty_line() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("flik.txt");
    let csv = "Insats\tIndikator\tDatum\tVärde\tKommentar\r\n\
               NR-2025-014\tKOTID\t2026-03-31 00:00:00\t12\t\"Rad ett\r\nrad två\tmed tabb; och semikolon\"\r\n\
               NR-2025-014\tKOTID\t2026-04-30\t11,5\t\r\n\
               \r\n";
    std::fs::write(&data, csv).unwrap();
    let mut register = Register::open(&reg).unwrap();
    let check = nytta::app::import::check_measurement_import(&mut register, &data).unwrap();
    assert_eq!((check.rows, check.new, check.errors.total()), (2, 2, 0));
    assert_eq!(check.file.separator_label, Some("tabb"));
    nytta::app::import::import_measurements(&mut register, &data, false).unwrap();
    drop(register);
    assert_eq!(
        stored(&reg),
        vec![
            row("NR-2025-014", "KOTID", "2026-03-31", "12", "", "Rad ett\r\nrad två\tmed tabb; och semikolon"),
            row("NR-2025-014", "KOTID", "2026-04-30", "11.5", "", ""),
        ]
    );
}

#[test]
fn an_xlsx_with_real_dates_and_one_with_text_dates_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());

    let real = dir.path().join("riktiga datum.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Mätningar").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["Insats", "Indikator", "Datum", "Värde", "Källa"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, (month, value)) in [(1u8, 71.5), (2, 72.0), (3, 73.25)].iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write(r, 0, "NR-2025-014").unwrap();
        sheet.write(r, 1, "NKI").unwrap();
        let day = ExcelDateTime::from_ymd(2026, *month, 28).unwrap();
        sheet.write_datetime_with_format(r, 2, day, &date_format).unwrap();
        sheet.write(r, 3, *value).unwrap();
        sheet.write(r, 4, "Enkät").unwrap();
    }
    workbook.save(&real).unwrap();

    let textual = dir.path().join("text.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["INSATS", "INDIKATOR", "DATUM", "VÄRDE"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "NR-2025-014").unwrap();
    sheet.write(1, 1, "KOTID").unwrap();
    sheet.write(1, 2, "2026-05-31").unwrap();
    sheet.write(1, 3, "1 234,5").unwrap();
    sheet.write(2, 0, "NR-2025-014").unwrap();
    sheet.write(2, 1, "KOTID").unwrap();
    sheet.write(2, 2, "2026-06-30").unwrap();
    sheet.write(2, 3, 17).unwrap();
    workbook.save(&textual).unwrap();

    let mut register = Register::open(&reg).unwrap();
    let summary = nytta::app::import::import_measurements(&mut register, &real, false).unwrap();
    assert_eq!(summary.added, 3);
    assert_eq!(summary.file.sheet.as_deref(), Some("Mätningar"));
    assert_eq!(nytta::app::import::import_measurements(&mut register, &textual, false).unwrap().added, 2);
    drop(register);
    assert_eq!(
        stored(&reg),
        vec![
            row("NR-2025-014", "KOTID", "2026-05-31", "1234.5", "", ""),
            row("NR-2025-014", "KOTID", "2026-06-30", "17", "", ""),
            row("NR-2025-014", "NKI", "2026-01-28", "71.5", "Enkät", ""),
            row("NR-2025-014", "NKI", "2026-02-28", "72", "Enkät", ""),
            row("NR-2025-014", "NKI", "2026-03-28", "73.25", "Enkät", ""),
        ]
    );
}

#[test]
fn one_bad_row_among_ten_thousand_imports_nothing_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("stor.csv");
    let mut csv = String::from("Insats;Indikator;Datum;Värde\r\n");
    let start = date(2000, 1, 1);
    for i in 0..10_000 {
        let day = start + chrono::Duration::days(i);
        let value = if i == 5_000 { "12,3,4".to_string() } else { format!("{},{}", i % 1000, i % 10) };
        csv.push_str(&format!("NR-2025-014;KOTID;{};{}\r\n", day.format("%Y-%m-%d"), value));
    }
    std::fs::write(&data, windows_1252(&csv)).unwrap();
    let out = nytta(&["import", "measurements", reg.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("Rad 5002, kolumn Värde: \"12,3,4\" är inte ett tal."), "{stderr}");
    assert!(stderr.contains("Inget importerades: filen har 1 fel."), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("Rad ")).count(), 1, "{stderr}");
    assert_eq!(count(&reg, "SELECT count(*) FROM measurement"), 0);
    assert_eq!(count(&reg, "SELECT count(*) FROM audit_log WHERE action = 'importerad'"), 0);
}

#[test]
fn every_problem_is_reported_at_once_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("fel.csv");
    let csv = "Insats;Indikator;Datum;Värde\n\
               NR-2025-014;NKI;2026-03-31;72\n\
               NR-2025-999;NKI;2026-03-31;72\n\
               NR-2025-014;XYZ;2026-03-31;72\n\
               NR-2025-014;NKI;2026-02-30;72\n\
               NR-2025-014;NKI;31/3/2026;72\n\
               NR-2025-014;NKI;2026-04-30;abc\n\
               NR-2025-014;NKI;2026-05-31;101\n\
               NR-2025-014;NKI;2026-03-31;72\n\
               NR-2025-014;nki;2026-06-30;72\n\
               NR-2025-015;SVAR;2026-03-31;1.234,5\n\
               ;;;\n";
    std::fs::write(&data, csv).unwrap();
    let mut register = Register::open(&reg).unwrap();
    let check = nytta::app::import::check_measurement_import(&mut register, &data).unwrap();
    let messages: Vec<String> = check.errors.listed.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "Rad 3, kolumn Insats: \"NR-2025-999\" finns inte i registret.",
            "Rad 4, kolumn Indikator: \"XYZ\" är ingen indikator i planen för NR-2025-014 (planens indikatorer: KOTID, NKI).",
            "Rad 5, kolumn Datum: \"2026-02-30\" är inget riktigt datum: februari 2026 har 28 dagar.",
            "Rad 6, kolumn Datum: \"31/3/2026\" är inte i formen ÅÅÅÅ-MM-DD; med dag och månad först går det inte att säkert avgöra vilken som är vilken. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-31.",
            "Rad 7, kolumn Värde: \"abc\" är inte ett tal.",
            "Rad 8, kolumn Värde: \"101\" ligger utanför tillåtet intervall 0–100 för indikator NKI.",
            "Rad 9, kolumn Datum: \"2026-03-31\" förekommer redan på rad 2 för NR-2025-014 NKI.",
            "Rad 10, kolumn Indikator: \"nki\" är ingen indikator i planen för NR-2025-014; menar du NKI?",
            "Rad 11, kolumn Värde: \"1.234,5\" har både punkt och komma, så det går inte att avgöra vilket som är decimaltecken; skriv decimaler med komma och tusental med mellanslag, t.ex. 1 234,5.",
        ]
    );
    assert_eq!(check.rows, 10, "the row of empty cells is not a row");
    match nytta::app::import::import_measurements(&mut register, &data, true) {
        Err(MeasurementImportError::Rejected { check, .. }) => assert_eq!(check.errors.total(), 9),
        other => panic!("{other:?}"),
    }
    drop(register);
    assert_eq!(count(&reg, "SELECT count(*) FROM measurement"), 0);

    // The errors as CSV for whoever made the file.
    let mut out = Vec::new();
    check.errors.write_csv(&mut out).unwrap();
    let errors_csv = String::from_utf8(out).unwrap();
    assert!(errors_csv.starts_with("\u{feff}Rad;Kolumn;Värde;Fel\r\n3;Insats;NR-2025-999;finns inte i registret.\r\n"));
}

#[test]
fn a_conflict_is_refused_without_replace_and_logged_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let first = dir.path().join("forsta.csv");
    std::fs::write(&first, "Insats;Indikator;Datum;Värde;Kommentar\nNR-2025-014;NKI;2026-03-31;70;Första\nNR-2025-014;NKI;2026-04-30;71;\n").unwrap();
    let second = dir.path().join("andra.csv");
    std::fs::write(&second, "Insats;Indikator;Datum;Värde\nNR-2025-014;NKI;2026-03-31;72,5\nNR-2025-014;NKI;2026-04-30;71,0\nNR-2025-014;NKI;2026-05-31;74\n").unwrap();
    let (reg_s, second_s) = (reg.to_str().unwrap(), second.to_str().unwrap());
    assert!(nytta(&["import", "measurements", reg_s, first.to_str().unwrap()]).status.success());

    // A dry run counts and changes nothing.
    let log_before = count(&reg, "SELECT count(*) FROM audit_log");
    let out = nytta(&["import", "measurements", reg_s, second_s, "--dry-run", "--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Nya: 1, oförändrade: 1, konflikter: 1, fel: 0"), "{}", text(&out.stdout));
    assert_eq!(count(&reg, "SELECT count(*) FROM audit_log"), log_before);

    let out = nytta(&["import", "measurements", reg_s, second_s]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("Rad 2: NR-2025-014 NKI 2026-03-31 har värdet 70 i registret, filen säger 72,5."), "{stderr}");
    assert!(stderr.contains("Inget importerades: 1 mätning finns redan med ett annat värde"), "{stderr}");
    assert_eq!(count(&reg, "SELECT count(*) FROM measurement"), 2);
    assert_eq!(count(&reg, "SELECT count(*) FROM audit_log"), log_before);

    let out = nytta(&["import", "measurements", reg_s, second_s, "--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Importerade: 1 nya, 1 ersatta, 1 oförändrade."), "{}", text(&out.stdout));
    assert_eq!(
        stored(&reg),
        vec![
            row("NR-2025-014", "NKI", "2026-03-31", "72.5", "", "Första"),
            row("NR-2025-014", "NKI", "2026-04-30", "71", "", ""),
            row("NR-2025-014", "NKI", "2026-05-31", "74", "", ""),
        ]
    );
    let register = Register::open(&reg).unwrap();
    let log = register.audit_log(None, 10).unwrap();
    let replaced = log.iter().find(|e| e.action == "ändrad" && e.entity == "measurement").expect("the replaced value is logged");
    assert_eq!(replaced.before.as_ref().unwrap()["value"], "70");
    assert_eq!(replaced.after.as_ref().unwrap()["value"], "72.5");
    assert_eq!(replaced.author, "testaren");
    assert_eq!(replaced.reason, "Ersatt vid import från andra.csv");
    let import = log.iter().find(|e| e.action == "importerad").unwrap();
    assert_eq!(import.after.as_ref().unwrap()["added"], 1);
    assert_eq!(import.after.as_ref().unwrap()["replaced"], 1);
    assert_eq!(import.after.as_ref().unwrap()["unchanged"], 1);
}

#[test]
fn the_same_file_twice_changes_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    let data = dir.path().join("m.csv");
    std::fs::write(&data, "Insats;Indikator;Datum;Värde\nNR-2025-014;NKI;2026-03-31;70\n").unwrap();
    let mut register = Register::open(&reg).unwrap();
    assert_eq!(nytta::app::import::import_measurements(&mut register, &data, false).unwrap().added, 1);
    let log = register.audit_log(None, 1000).unwrap().len();
    let again = nytta::app::import::import_measurements(&mut register, &data, false).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 1));
    assert_eq!(register.audit_log(None, 1000).unwrap().len(), log, "nothing changed, nothing logged");
}

#[test]
fn files_that_cannot_be_read_give_one_clear_message_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let reg = register(dir.path());
    for (name, bytes, expected) in [
        ("tom.csv", b"".to_vec(), "Filen är tom."),
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00".to_vec(), "binära data"),
        ("rubriker.csv", b"Insats;Indikator;Datum;V\xe4rde\r\n".to_vec(), "inga mätningar"),
        ("fel.csv", b"Namn;Belopp\r\nA;1\r\n".to_vec(), "Kolumnen Insats saknas"),
    ] {
        let data = dir.path().join(name);
        std::fs::write(&data, bytes).unwrap();
        let out = nytta(&["import", "measurements", reg.to_str().unwrap(), data.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(text(&out.stderr).contains(expected), "{name}: {}", text(&out.stderr));
    }
}

/// SIGKILL in the middle of a large import: the register passes integrity_check and holds
/// none of the file's rows.
#[cfg(unix)]
#[test]
fn a_killed_import_leaves_an_intact_register_without_any_of_its_rows() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("stor.csv");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&data).unwrap());
        writeln!(out, "Insats;Indikator;Datum;Värde;Kommentar").unwrap();
        let start = date(1901, 1, 1);
        for i in 0..300_000i64 {
            let day = start + chrono::Duration::days(i);
            writeln!(out, "NR-2025-014;KOTID;{};{},{};mätning {i} ur den stora filen", day.format("%Y-%m-%d"), i % 1000, i % 10)
                .unwrap();
        }
    }
    let mut killed_while_writing = false;
    for attempt in 0..5 {
        let sub = dir.path().join(format!("försök-{attempt}"));
        std::fs::create_dir(&sub).unwrap();
        let reg = register(&sub);
        let wal = PathBuf::from(format!("{}-wal", reg.display()));
        let mut child = Command::new(NYTTA)
            .args(["import", "measurements", reg.to_str().unwrap(), data.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill once the import has begun writing the register's pages (the WAL grows past
        // what creating the register needed), or after a growing delay.
        let threshold = 1_000_000 + attempt as u64 * 2_000_000;
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut writing = false;
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > threshold {
                writing = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let finished_first = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let killed = !finished_first && !status.success();
        assert!(!status.success() || finished_first, "{status:?}");

        let register = Register::open(&reg).unwrap();
        let report = register.check().unwrap();
        assert_eq!(report.integrity, "ok");
        drop(register);
        let conn = rusqlite::Connection::open(&reg).unwrap();
        let quick: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(quick, "ok");
        let rows: i64 = conn.query_row("SELECT count(*) FROM measurement", [], |r| r.get(0)).unwrap();
        if killed {
            assert_eq!(rows, 0, "a killed import left rows behind");
            if writing {
                killed_while_writing = true;
                break;
            }
        } else {
            assert_eq!(rows, 300_000, "a finished import is complete");
        }
    }
    assert!(killed_while_writing, "no kill landed while the import was writing");
}
