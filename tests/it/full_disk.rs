//! The register's own disk full, for real: a small tmpfs is mounted, the demo register made on
//! it, and the disk filled to leave 0 B … 256 KB free. At each level the `nytta` binary runs
//! `check`, `list`, `status` (reads) and `measure` (a write). Reads must work — a register in
//! WAL mode needs room for its -shm file, which the store gives up for an in-memory index
//! when there is none — a write must either be stored or say the disk is full, nothing may
//! call the register damaged or advise a restore, and nothing may panic (exit 101). After
//! space is freed the register passes `nytta check` and holds every measurement whose command
//! succeeded and none of the others.
//!
//! Mounting needs root (as on this project's CI). Without it the test fails and says so: a
//! simulated full disk (SQLite's page limit) is what `tests/it/limits.rs` already covers, and
//! misses exactly the -shm and -wal files this test is about.

use nytta::store::prelude::*;
use std::path::Path;
use std::process::{Command, Output};

use nytta::store::Register;

use crate::support::tmpfs;

use tmpfs::Tmpfs;

const NYTTA: &str = env!("CARGO_BIN_EXE_nytta");
/// Free bytes left on the register's disk at each level.
const FREE_LEVELS: &[u64] = &[0, 4 << 10, 12 << 10, 64 << 10, 256 << 10];
const INITIATIVE: &str = "NR-2024-002";
const INDICATOR: &str = "TIMMAR";
const SOURCE: &str = "fulldisktest";
/// Words of the "damaged, restore a backup" message, which must never appear here.
const ALARM: &[&str] = &["skadad", "säkerhetskopia", "Återställ"];

fn nytta(args: &[&str]) -> Output {
    Command::new(NYTTA).args(args).env("LC_ALL", "C").output().expect("could not run nytta")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Checks what every command must do on a full disk and returns whether it succeeded.
fn sane(level: u64, what: &str, out: &Output) -> bool {
    let said = text(out);
    for word in ALARM {
        assert!(!said.contains(word), "{level} B free, {what}: the register was called damaged:\n{said}");
    }
    assert!(!said.contains("panicked"), "{level} B free, {what}: a panic reached the user:\n{said}");
    match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        other => panic!("{level} B free, {what}: exit {other:?}, not 0 or 1:\n{said}"),
    }
}

#[test]
fn reads_work_and_writes_say_disk_full_on_a_full_disk() {
    let disk = Tmpfs::mount("8m");
    let register = disk.dir.join("demo.nytta");
    let file = register.to_str().unwrap();
    assert!(nytta(&["demo", file]).status.success());

    let mut measured: Vec<(String, bool)> = Vec::new();
    let mut table = vec!["ledigt   check  list  status  measure".to_string()];
    for (n, &free) in FREE_LEVELS.iter().enumerate() {
        disk.leave_free(free);
        let mut row = format!("{:>6} B", free);
        for command in ["check", "list", "status"] {
            let out = nytta(&[command, file]);
            assert!(sane(free, command, &out), "{free} B free: `nytta {command}` failed:\n{}", text(&out));
            row.push_str(&format!("  {command} ok"));
        }
        let date = format!("1990-01-{:02}", n + 1);
        let value = format!("{},5", 100 + n);
        let out = nytta(&[
            "measure", file, "--initiative", INITIATIVE, "--indicator", INDICATOR, "--date", &date, "--value", &value,
            "--source", SOURCE,
        ]);
        let stored = sane(free, "measure", &out);
        if !stored {
            assert!(text(&out).contains("Disken är full"), "{free} B free: the write failed without saying why:\n{}", text(&out));
        }
        row.push_str(if stored { "  sparad" } else { "  disken full" });
        table.push(row);
        measured.push((date, stored));
    }
    eprintln!("{}", table.join("\n"));
    assert!(measured.iter().any(|(_, stored)| !stored), "no write met a full disk: {measured:?}");

    disk.free_everything();
    let out = nytta(&["check", file]);
    assert!(out.status.success(), "the register fails `nytta check` after the full disk:\n{}", text(&out));
    assert_whole_or_absent(&register, &measured);
}

/// Every measurement whose command succeeded is in the register, and none of the others.
fn assert_whole_or_absent(register: &Path, measured: &[(String, bool)]) {
    let register = Register::open(register).unwrap();
    let id = register.initiative_by_code(INITIATIVE).unwrap().id;
    let stored: Vec<String> = register
        .measurements(id)
        .unwrap()
        .into_iter()
        .filter(|m| m.measurement.source == SOURCE)
        .map(|m| m.measurement.date.to_string())
        .collect();
    for (date, succeeded) in measured {
        assert_eq!(stored.contains(date), *succeeded, "measurement of {date}: command succeeded = {succeeded}");
    }
}
