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

/// `nytta check` finds an index that no longer agrees with its table — the measurements'
/// covering index, which the statuses read instead of the measurements — and changes
/// nothing; `nytta check --rebuild` builds it anew from the table (issue 19).
#[test]
fn check_finds_a_damaged_index_and_rebuild_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let statuses = || text(&nytta(&["status", path(&file), "--date", "2026-10-31", "--json"]).stdout);
    let before = statuses();
    let counts = |out: &str| out.lines().filter(|l| !l.starts_with("Integritet")).map(str::to_string).collect::<Vec<_>>();
    let healthy = text(&nytta(&["check", path(&file)]).stdout);
    {
        // The index built with its columns in another order, then given its own definition
        // back: its entries no longer agree with it, as a damaged index's would not.
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        let sql: String = conn.query_row("SELECT sql FROM sqlite_schema WHERE name = 'measurement_series'", [], |r| r.get(0)).unwrap();
        assert!(sql.contains("date, value"), "{sql}");
        let set = |conn: &rusqlite::Connection, sql: &str| {
            conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
            conn.execute("UPDATE sqlite_schema SET sql = ?1 WHERE name = 'measurement_series'", [sql]).unwrap();
            conn.execute_batch("PRAGMA writable_schema = OFF").unwrap();
        };
        set(&conn, &sql.replace("date, value", "value, date"));
        drop(conn);
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch("REINDEX measurement_series").unwrap();
        set(&conn, &sql);
    }
    // Found, and found again: the check repairs nothing by itself.
    for _ in 0..2 {
        let out = nytta(&["check", path(&file)]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let said = text(&out.stdout);
        assert!(said.contains("measurement_series") && !said.contains("Integritet: ok"), "{said}");
        assert!(text(&out.stderr).contains("klarade inte kontrollen"), "{}", text(&out.stderr));
    }

    let out = nytta(&["check", path(&file), "--rebuild"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let said = text(&out.stdout);
    let (_, after) = said.split_once("Indexen är ombyggda").expect(&said);
    assert!(after.contains("Integritet: ok"), "{said}");
    let again = text(&nytta(&["check", path(&file)]).stdout);
    assert_eq!(again, healthy);
    assert_eq!(counts(after.split_once('\n').unwrap().1), counts(&healthy), "no row changed");
    assert_eq!(statuses(), before);
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
