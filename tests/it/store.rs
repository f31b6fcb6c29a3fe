//! The register store on real files: creation, refusal of foreign, damaged and newer files
//! (left byte-for-byte untouched), backups before migrations, lost-update protection, audit.

use nytta::store::prelude::*;
use std::path::{Path, PathBuf};

use nytta::model::initiative::*;
use nytta::store::{list_backups, Register, StoreError, LATEST_VERSION};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn register_with_org(path: &Path) -> (Register, i64) {
    let mut register = Register::create(path, "Test").unwrap();
    let org = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "Nämnden").unwrap();
    (register, org)
}

fn assert_refused_untouched(path: &Path, expect: impl Fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let error = Register::open(path).expect_err("the file must be refused");
    assert!(expect(&error), "unexpected error: {error}");
    assert_eq!(std::fs::read(path).unwrap(), before, "the refused file was changed");
    let dir = path.parent().unwrap();
    let stray: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p != path).collect();
    assert!(stray.is_empty(), "opening left files behind: {stray:?}");
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = temp();
    let path = dir.path().join("anteckningar.nytta");
    std::fs::write(&path, "Det här är ingen databas.\n").unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::NotARegister(_)));
}

#[test]
fn an_empty_file_is_refused() {
    let dir = temp();
    let path = dir.path().join("tom.nytta");
    std::fs::write(&path, "").unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::NotARegister(_)));
}

#[test]
fn a_foreign_sqlite_database_is_refused() {
    let dir = temp();
    let path = dir.path().join("annan.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    }
    assert_refused_untouched(&path, |e| matches!(e, StoreError::NotARegister(_)));
}

#[test]
fn a_truncated_register_is_refused_as_damaged() {
    let dir = temp();
    let path = dir.path().join("kapad.nytta");
    nytta::demo::create(&path).unwrap();
    checkpoint(&path);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::Corrupt { .. }));
    assert!(Register::open(&path).unwrap_err().to_string().contains("skadad"));
}

/// What a crash in the middle of a checkpoint can leave: page 1 of the file already says the
/// database has grown, the pages that grow it are still only in the write-ahead log beside
/// it. SQLite completes the checkpoint from the log on open, so this is a sound register.
#[test]
fn a_register_cut_off_mid_checkpoint_opens_from_its_log() {
    let dir = temp();
    let live = dir.path().join("live.nytta");
    nytta::demo::create(&live).unwrap();
    checkpoint(&live);
    let after_crash = temp();
    let crashed = after_crash.path().join("krasch.nytta");
    {
        // Grow the register in the log only, then copy file and log as a crash would leave them.
        let conn = rusqlite::Connection::open(&live).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute_batch(
            "CREATE TABLE growth (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO growth SELECT randomblob(200) FROM n;",
        )
        .unwrap();
        std::fs::copy(&live, &crashed).unwrap();
        std::fs::copy(dir.path().join("live.nytta-wal"), after_crash.path().join("krasch.nytta-wal")).unwrap();
    }
    // Page 1 written ahead of the rest: the header claims more pages than the file has.
    let mut bytes = std::fs::read(&crashed).unwrap();
    let page_size = u64::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let pages = bytes.len() as u64 / page_size + 40;
    bytes[28..32].copy_from_slice(&(pages as u32).to_be_bytes());
    std::fs::write(&crashed, &bytes).unwrap();

    let register = Register::open(&crashed).expect("a register with its log beside it opens");
    assert_eq!(register.initiative_summaries().unwrap().len(), 15);
    drop(register);
    // The pages that were only in the log are there, whole.
    let conn = rusqlite::Connection::open(&crashed).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM growth", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 2000);
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(conn);

    // Without the log the same file is damaged, and refused untouched.
    std::fs::write(&crashed, &bytes).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(after_crash.path().join(format!("krasch.nytta{side}")));
    }
    assert_refused_untouched(&crashed, |e| matches!(e, StoreError::Corrupt { .. }));
}

/// A log beside a truncated file does not make it sound unless it holds the missing pages:
/// a leftover log of other pages would let SQLite fill the gap with zeros.
#[test]
fn a_truncated_register_with_an_unrelated_log_is_still_refused() {
    let dir = temp();
    let live = dir.path().join("live.nytta");
    nytta::demo::create(&live).unwrap();
    checkpoint(&live);
    let after_crash = temp();
    let cut = after_crash.path().join("kapad.nytta");
    let wal = after_crash.path().join("kapad.nytta-wal");
    {
        // A log that changes one small row only, in the first pages.
        let conn = rusqlite::Connection::open(&live).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute("UPDATE register_info SET value = value WHERE key = 'name'", []).unwrap();
        conn.execute("INSERT INTO register_info (key, value) VALUES ('x', 'y')", []).unwrap();
        std::fs::copy(&live, &cut).unwrap();
        std::fs::copy(dir.path().join("live.nytta-wal"), &wal).unwrap();
    }
    let bytes = std::fs::read(&cut).unwrap();
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    std::fs::write(&cut, &bytes[..bytes.len() - 3 * page_size]).unwrap();
    let log = std::fs::read(&wal).unwrap();

    let before = std::fs::read(&cut).unwrap();
    let error = Register::open(&cut).expect_err("the missing pages are not in the log");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    assert_eq!(std::fs::read(&cut).unwrap(), before, "the refused file was changed");
    assert_eq!(std::fs::read(&wal).unwrap(), log, "the log was changed");
}

#[test]
fn a_register_from_a_newer_version_is_refused() {
    let dir = temp();
    let path = dir.path().join("ny.nytta");
    drop(Register::create(&path, "Ny").unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    assert_refused_untouched(&path, |e| matches!(e, StoreError::TooNew { .. }));
    let message = Register::open(&path).unwrap_err().to_string();
    assert!(message.contains("nyare version"), "{message}");
}

#[test]
fn a_missing_file_is_reported() {
    let dir = temp();
    let error = Register::open(&dir.path().join("finns-inte.nytta")).err().unwrap();
    assert!(matches!(error, StoreError::FileMissing(_)));
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = temp();
    let path = dir.path().join("a.nytta");
    std::fs::write(&path, "viktigt").unwrap();
    assert!(matches!(Register::create(&path, "A").err().unwrap(), StoreError::FileExists(_)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "viktigt");
}

#[cfg(unix)]
#[test]
fn a_new_register_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let path = dir.path().join("privat.nytta");
    drop(Register::create(&path, "Privat").unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn an_older_register_is_backed_up_before_migration_and_keeps_its_rows() {
    let dir = temp();
    let path = dir.path().join("gammal.nytta");
    let older = older_register(&path);
    let register = Register::open(&path).unwrap();
    assert_eq!(register.check().unwrap().schema_version, LATEST_VERSION);
    assert_eq!(register.initiative_by_code("NR-1").unwrap().fields.name, "Gammal insats");
    let backups = list_backups(&path).unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = rusqlite::Connection::open(&backups[0]).unwrap();
    let version: i64 = backup.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, older);
    let count: i64 = backup.query_row("SELECT count(*) FROM initiative", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);
}

#[test]
fn at_most_five_migration_backups_are_kept() {
    let dir = temp();
    for round in 0..7 {
        let path = dir.path().join("roterad.nytta");
        if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        older_register(&path);
        drop(Register::open(&path).unwrap());
        assert_eq!(list_backups(&path).unwrap().len(), (round + 1).min(nytta::store::BACKUPS_KEPT));
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
}

/// Writes a register as the release before the latest schema would have, with one
/// initiative in it, and returns its schema version.
fn older_register(path: &Path) -> i64 {
    let version = LATEST_VERSION - 1;
    assert!(version >= 1, "the migration tests need at least two migrations");
    Register::create_at_version(path, version).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "INSERT INTO organisation (name, kind) VALUES ('Intraservice', 'forvaltning');
         INSERT INTO initiative (code, name, organisation_id, phase, created_at, updated_at)
         VALUES ('NR-1', 'Gammal insats', 1, 'ide', '2025-01-01T00:00:00', '2025-01-01T00:00:00');",
    )
    .unwrap();
    version
}

fn checkpoint(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
}

#[test]
fn the_audit_log_cannot_be_altered_even_with_sql() {
    let dir = temp();
    let path = dir.path().join("skydd.nytta");
    drop(register_with_org(&path));
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    assert!(conn.execute("UPDATE audit_log SET author = 'x'", []).is_err());
}

#[test]
fn the_demo_register_passes_its_own_check() {
    let dir = temp();
    let path = dir.path().join("demo.nytta");
    let register = nytta::demo::create(&path).unwrap();
    let report = register.check().unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!(report.foreign_key_violations, 0);
    let initiatives = register.initiative_summaries().unwrap();
    assert!(initiatives.len() >= 10);
    let orgs: std::collections::HashSet<_> = initiatives.iter().map(|i| i.organisation_id).collect();
    assert!(orgs.len() >= 3);
    let reports: Vec<_> = initiatives.iter().filter_map(|i| i.latest_report.as_ref()).collect();
    assert!(reports.iter().any(|r| r.worst() == Rag::Rod));
    assert!(reports.iter().any(|r| r.worst() == Rag::Gul));
    assert!(initiatives.iter().any(|i| i.phase == Phase::Struken));
}
