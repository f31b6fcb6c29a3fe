//! Backups and restore through the CLI: `nytta backup`, `nytta restore`, daily rotation.

use nytta::store::prelude::*;
use std::path::Path;
use std::process::{Command, Output};

use nytta::model::initiative::{InitiativeFields, OrganisationKind};
use nytta::store::Register;

fn nytta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nytta")).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn register_with(path: &Path, codes: &[&str]) {
    let mut register = Register::create(path, "Backup").unwrap();
    let org = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "").unwrap();
    for code in codes {
        let fields = InitiativeFields { code: code.to_string(), name: format!("Insats {code}"), ..InitiativeFields::blank(org) };
        register.create_initiative(&fields).unwrap();
    }
}

fn codes(path: &Path) -> Vec<String> {
    Register::open(path).unwrap().initiative_summaries().unwrap().into_iter().map(|i| i.code).collect()
}

#[test]
fn backup_then_restore_brings_back_the_old_content() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    register_with(&file, &["A-1"]);
    let copy = dir.path().join("kopia.nytta");
    let out = nytta(&["backup", s(&file), "--out", s(&copy)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Change the register after the backup.
    {
        let mut register = Register::open(&file).unwrap();
        let org = register.organisations().unwrap()[0].id;
        let fields = InitiativeFields { code: "A-2".into(), name: "Ny".into(), ..InitiativeFields::blank(org) };
        register.create_initiative(&fields).unwrap();
    }
    assert_eq!(codes(&file), ["A-1", "A-2"]);

    let refused = nytta(&["restore", s(&copy), s(&file)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(codes(&file), ["A-1", "A-2"], "a refused restore changes nothing");

    let forced = nytta(&["restore", s(&copy), s(&file), "--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert_eq!(codes(&file), ["A-1"]);

    // What the restore replaced was backed up first.
    let saved: Vec<_> = nytta::store::list_backups(&file)
        .unwrap()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("fore-aterstallning"))
        .collect();
    assert_eq!(saved.len(), 1);
    assert_eq!(codes(&saved[0]), ["A-1", "A-2"]);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_register() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    register_with(&file, &["A-1"]);
    let junk = dir.path().join("skräp.nytta");
    std::fs::write(&junk, "inte en databas").unwrap();
    let out = nytta(&["restore", s(&junk), s(&file), "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&file), ["A-1"]);
}

#[test]
fn a_manual_backup_lands_next_to_the_register_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    register_with(&file, &["A-1"]);
    assert!(nytta(&["backup", s(&file)]).status.success());
    let listed = String::from_utf8_lossy(&nytta(&["backups", s(&file)]).stdout).into_owned();
    assert!(listed.contains("r.backup-"), "{listed}");
    let backups = nytta::store::list_backups(&file).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(codes(&backups[0]), ["A-1"]);
}

#[test]
fn the_daily_backup_is_taken_once_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    register_with(&file, &["A-1"]);
    assert!(nytta::store::daily_backup(&file).unwrap().is_some());
    assert!(nytta::store::daily_backup(&file).unwrap().is_none());
    assert_eq!(nytta::store::list_backups(&file).unwrap().len(), 1);
}

#[test]
fn a_backup_cut_off_half_way_is_neither_listed_nor_in_the_way_of_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    register_with(&file, &["A-1"]);
    // What a copy killed half-way leaves: its temporary file named by the dead writer's
    // process id (with SQLite's journal beside it), never the backup's own name; and the
    // `.delvis` file of earlier versions, an hour old.
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    let today = chrono::Local::now().format("%Y%m%d");
    let temporary = dir.path().join(format!(".r.backup-dag-{today}.nytta.{dead}.0.tmp"));
    let journal = dir.path().join(format!(".r.backup-dag-{today}.nytta.{dead}.0.tmp-journal"));
    let partial = dir.path().join(format!("r.backup-dag-{today}.nytta.delvis"));
    for left in [&temporary, &journal, &partial] {
        std::fs::write(left, b"SQLite format 3\0 half a file").unwrap();
    }
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3700);
    std::fs::File::options().write(true).open(&partial).unwrap().set_modified(an_hour_ago).unwrap();
    assert!(nytta::store::list_backups(&file).unwrap().is_empty());

    let taken = nytta::store::daily_backup(&file).unwrap().expect("today's backup");
    for left in [&temporary, &journal, &partial] {
        assert!(!left.exists(), "{} is removed", left.display());
    }
    assert_eq!(nytta::store::list_backups(&file).unwrap(), vec![taken.clone()]);
    assert_eq!(codes(&taken), ["A-1"]);
}
