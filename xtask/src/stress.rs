//! `cargo xtask stress`: many `nytta` commands at once on one register (docs/tillforlitlighet.md).
//!
//! 1. Builds the `nytta` CLI in release and makes a demo register in `target/stress/`.
//! 2. Runs writers (`nytta measure`, each writer on dates of its own so no two writes clash)
//!    and readers (`nytta check`, `list`, `status` in turn) concurrently until
//!    [`COMMANDS`] commands have run.
//! 3. Classifies every answer: success, "try again", a false alarm (the register called
//!    damaged, or a restore advised: nothing here damages it), a panic, or another error.
//! 4. Exports the register and counts the measurements: every write that succeeded must be
//!    there. Then `nytta check` must pass.
//!
//! Prints a summary table and exits non-zero on a false alarm, a lost measurement, a panic or
//! a failed final check.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::util::{self, note, step};
use crate::Paths;

/// Commands run in all (writers and readers together).
const COMMANDS: usize = 20_000;
const WRITERS: usize = 3;
const READERS: usize = 3;
/// The initiative and indicator of the demo register the writers measure.
const INITIATIVE: &str = "NR-2024-002";
const INDICATOR: &str = "TIMMAR";
/// Days between the first dates of two writers: more than one writer can use.
const DAYS_PER_WRITER: usize = COMMANDS;
/// Words of the "damaged, restore a backup" message; any of them is a false alarm here.
const ALARM: &[&str] = &["skadad", "säkerhetskopia", "Återställ"];
const TRY_AGAIN: &str = "Försök igen";

/// What one command answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Ok,
    TryAgain,
    FalseAlarm,
    Panic,
    Other,
}

fn classify(out: &Output) -> Answer {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if ALARM.iter().any(|word| text.contains(word)) {
        Answer::FalseAlarm
    } else if out.status.code() == Some(101) || out.status.code().is_none() || text.contains("panicked") {
        Answer::Panic
    } else if out.status.success() {
        Answer::Ok
    } else if text.contains(TRY_AGAIN) || text.contains("försök igen") {
        Answer::TryAgain
    } else {
        Answer::Other
    }
}

/// Counts shared by the worker threads.
#[derive(Default)]
struct Tally {
    run: usize,
    writes: usize,
    ok: usize,
    try_again: usize,
    false_alarms: usize,
    panics: usize,
    other: usize,
    /// Dates of the writes that succeeded: these must be in the register afterwards.
    stored: BTreeSet<String>,
    /// Up to a few answers of each bad kind, to show.
    samples: Vec<String>,
}

impl Tally {
    fn count(&mut self, what: &str, answer: Answer, out: &Output) {
        self.run += 1;
        match answer {
            Answer::Ok => self.ok += 1,
            Answer::TryAgain => self.try_again += 1,
            Answer::FalseAlarm => self.false_alarms += 1,
            Answer::Panic => self.panics += 1,
            Answer::Other => self.other += 1,
        }
        if answer != Answer::Ok && self.samples.len() < 12 {
            let stderr = String::from_utf8_lossy(&out.stderr);
            self.samples.push(format!("{what}: {answer:?}: {}", stderr.trim()));
        }
    }
}

pub fn cmd_stress() -> Result<ExitCode> {
    let started = Instant::now();
    let paths = Paths::discover()?;
    let dir = paths.root.join("target").join("stress");
    std::fs::create_dir_all(&dir)?;
    let nytta = paths.target.join("release").join("nytta");

    step("Building nytta (CLI), release");
    util::run(util::cargo().args(["build", "--release", "-p", "nytta", "--bin", "nytta"]).current_dir(&paths.root))?;

    step("Making a fresh demo register");
    let register = dir.join("stress.nytta");
    for side in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", register.display()));
    }
    run_ok(Command::new(&nytta).arg("demo").arg(&register))?;
    note(&format!("register: {}", register.display()));

    step(&format!("Running {COMMANDS} commands: {WRITERS} writers (measure) and {READERS} readers (check, list, status) at once"));
    let tally = Mutex::new(Tally::default());
    let tickets = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let (tally, tickets, nytta, register) = (&tally, &tickets, &nytta, &register);
            scope.spawn(move || write_loop(writer, nytta, register, tickets, tally));
        }
        for reader in 0..READERS {
            let (tally, tickets, nytta, register) = (&tally, &tickets, &nytta, &register);
            scope.spawn(move || read_loop(reader, nytta, register, tickets, tally));
        }
    });
    let tally = tally.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());

    step("Counting the measurements and checking the register");
    let present = stored_dates(&nytta, &register, &dir)?;
    let lost: Vec<&String> = tally.stored.iter().filter(|d| !present.contains(*d)).collect();
    let check = Command::new(&nytta).arg("check").arg(&register).output().context("could not run nytta check")?;
    let check_ok = check.status.success();

    print_summary(&tally, present.len(), lost.len(), check_ok, started);
    for sample in &tally.samples {
        note(sample);
    }
    if !check_ok {
        note(&String::from_utf8_lossy(&check.stderr));
    }
    if tally.false_alarms > 0 || tally.panics > 0 || !lost.is_empty() || !check_ok {
        eprintln!("error: the register was called damaged, a command panicked, a measurement was lost or the final check failed");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Takes the next of the [`COMMANDS`] tickets, or `None` when all have been handed out.
fn ticket(tickets: &AtomicUsize) -> Option<usize> {
    let n = tickets.fetch_add(1, Ordering::Relaxed);
    (n < COMMANDS).then_some(n)
}

fn write_loop(writer: usize, nytta: &Path, register: &Path, tickets: &AtomicUsize, tally: &Mutex<Tally>) {
    let mut i = 0;
    while ticket(tickets).is_some() {
        let date = date_after_1950(writer * DAYS_PER_WRITER + i);
        let value = format!("{},{}", writer * 100_000 + i, i % 10);
        let out = Command::new(nytta)
            .arg("measure")
            .arg(register)
            .args(["--initiative", INITIATIVE, "--indicator", INDICATOR, "--date", &date, "--value", &value])
            .args(["--source", &format!("stress-{writer}")])
            .output();
        let mut tally = tally.lock().unwrap_or_else(|p| p.into_inner());
        match out {
            Ok(out) => {
                let answer = classify(&out);
                tally.writes += 1;
                if answer == Answer::Ok {
                    tally.stored.insert(date);
                }
                tally.count("measure", answer, &out);
            }
            Err(e) => tally.samples.push(format!("measure: could not start nytta: {e}")),
        }
        i += 1;
    }
}

fn read_loop(reader: usize, nytta: &Path, register: &Path, tickets: &AtomicUsize, tally: &Mutex<Tally>) {
    let commands = ["check", "list", "status"];
    let mut i = reader;
    while ticket(tickets).is_some() {
        let what = commands[i % commands.len()];
        let out = Command::new(nytta).arg(what).arg(register).output();
        let mut tally = tally.lock().unwrap_or_else(|p| p.into_inner());
        match out {
            Ok(out) => tally.count(what, classify(&out), &out),
            Err(e) => tally.samples.push(format!("{what}: could not start nytta: {e}")),
        }
        i += 1;
    }
}

/// The date `days` after 1950-01-01 as YYYY-MM-DD (a civil-from-days conversion, so xtask
/// needs no date crate). Old dates keep the stress rows apart from the demo's own.
fn date_after_1950(days: usize) -> String {
    // Howard Hinnant's days-to-civil algorithm; 1950-01-01 is day -7305 from 1970-01-01.
    let z = days as i64 - 7305 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The dates of the stress measurements in the register, read from its JSON export.
fn stored_dates(nytta: &Path, register: &Path, dir: &Path) -> Result<BTreeSet<String>> {
    let json = dir.join("stress.json");
    run_ok(Command::new(nytta).args(["export", "json"]).arg(register).arg("--out").arg(&json))?;
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&json)?)?;
    let mut dates = BTreeSet::new();
    for initiative in document["initiatives"].as_array().context("the export has no initiatives")? {
        for m in initiative["measurements"].as_array().into_iter().flatten() {
            let source = m["source"].as_str().unwrap_or_default();
            if source.starts_with("stress-") && m["indicator"] == INDICATOR {
                dates.insert(m["date"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    Ok(dates)
}

fn run_ok(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().with_context(|| format!("could not start `{}`", util::display_command(cmd)))?;
    if !out.status.success() {
        bail!("`{}` failed: {}", util::display_command(cmd), String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

fn print_summary(t: &Tally, present: usize, lost: usize, check_ok: bool, started: Instant) {
    let rows: [(&str, String); 11] = [
        ("Kommandon körda / commands run", t.run.to_string()),
        ("  varav skrivningar / of which writes", t.writes.to_string()),
        ("Lyckade / succeeded", t.ok.to_string()),
        ("\"Försök igen\" / try again", t.try_again.to_string()),
        ("Falsklarm (skadad) / false alarms", t.false_alarms.to_string()),
        ("Panik / panics", t.panics.to_string()),
        ("Andra fel / other errors", t.other.to_string()),
        ("Mätningar väntade / measurements expected", t.stored.len().to_string()),
        ("Mätningar i registret / present", present.to_string()),
        ("Förlorade / lost", lost.to_string()),
        ("nytta check efteråt / final check", if check_ok { "ok".into() } else { "FEL / FAILED".into() }),
    ];
    println!();
    for (label, value) in rows {
        println!("    {label:<44} {value:>8}");
    }
    println!("    {:<44} {:>8}", "Tid / time", util::format_duration(started.elapsed()));
    println!("    {:<44} {:>8}", "Samtidiga processer / concurrent", WRITERS + READERS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1950() {
        assert_eq!(date_after_1950(0), "1950-01-01");
        assert_eq!(date_after_1950(31), "1950-02-01");
        assert_eq!(date_after_1950(365 * 2 + 31 + 28), "1952-02-29");
        assert_eq!(date_after_1950(20 * 365 + 5), "1970-01-01");
    }

    #[test]
    fn answers_are_told_apart_by_their_text() {
        use std::os::unix::process::ExitStatusExt;
        let out = |code: i32, stderr: &str| Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: Vec::new(),
            stderr: stderr.as_bytes().to_vec(),
        };
        assert_eq!(classify(&out(0, "")), Answer::Ok);
        assert_eq!(classify(&out(1, "Fel: x är skadad: … Återställ den senaste säkerhetskopian")), Answer::FalseAlarm);
        assert_eq!(classify(&out(1, "Fel: Registret används av ett annat program just nu. Försök igen om en stund.")), Answer::TryAgain);
        assert_eq!(classify(&out(101, "thread 'main' panicked")), Answer::Panic);
        assert_eq!(classify(&out(1, "Fel: något annat")), Answer::Other);
    }
}
