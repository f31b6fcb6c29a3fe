//! The `nytta` command line run as a process: exit codes, Swedish messages, output.

use std::path::Path;
use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn demo_then_check_prints_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    let created = nytta(&["demo", path(&file)]);
    assert!(created.status.success(), "{}", text(&created.stderr));

    let check = nytta(&["check", path(&file)]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let out = text(&check.stdout);
    assert!(out.contains("Integritet: ok"), "{out}");
    assert!(out.contains("Förändringsinsatser: 15"), "{out}");
    assert!(out.contains("Registerversion:"), "{out}");
}

#[test]
fn list_prints_a_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());

    let table = text(&nytta(&["list", path(&file)]).stdout);
    assert!(table.contains("NR-2024-002"), "{table}");
    assert!(table.contains("Automatiserade beslut om trygghetslarm"), "{table}");
    assert!(table.contains("■ Röd"), "status carries a symbol and a word: {table}");

    let json = nytta(&["list", path(&file), "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 15);
    assert_eq!(rows[0]["code"], "NR-2023-001");
}

#[test]
fn init_refuses_an_existing_file_and_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("finns.nytta");
    std::fs::write(&file, "mina anteckningar").unwrap();
    let out = nytta(&["init", path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("finns redan"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mina anteckningar");
}

#[test]
fn a_text_file_is_refused_with_exit_1_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("text.nytta");
    std::fs::write(&file, "Hej\n").unwrap();
    for command in ["check", "list"] {
        let out = nytta(&[command, path(&file)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("är inte ett nyttoregister"), "{}", text(&out.stderr));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "Hej\n");
}

#[test]
fn a_truncated_register_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kapad.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 3]).unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = nytta(&["check", path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("skadad"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_register_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("framtid.nytta");
    assert!(nytta(&["init", path(&file)]).status.success());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let out = nytta(&["check", path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out.stderr);
    assert!(message.contains("nyare version") && message.contains("999"), "{message}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn wrong_usage_exits_with_2() {
    assert_eq!(nytta(&["list"]).status.code(), Some(2));
    assert_eq!(nytta(&["okänt-kommando"]).status.code(), Some(2));
    assert_eq!(nytta(&["list", "x.nytta", "--okand-flagga"]).status.code(), Some(2));
}

#[test]
fn help_and_usage_errors_are_in_swedish() {
    let out = nytta(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in ["init", "demo", "check", "list"] {
        assert!(help.contains(command), "{help}");
    }
    assert!(help.contains("Användning:") && help.contains("Kommandon:") && !help.contains("Usage"), "{help}");
    let out = nytta(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    let error = text(&out.stderr);
    assert!(error.starts_with("Fel: det här saknas: <REGISTER>."), "{error}");
}
