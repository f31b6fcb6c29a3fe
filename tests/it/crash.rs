//! Crash safety: CLI actions that write (a large import, an approval, a new version, one
//! measurement) are killed with SIGKILL at pseudo-random moments, fifty-plus times with a fixed
//! seed. After every kill the register passes `integrity_check` and `foreign_key_check`, and
//! each action is there wholly or not at all.

#![cfg(unix)]

use nytta::store::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use nytta::model::{CalcStatus, PlanStatus};
use nytta::store::Register;

const KILLS: usize = 60;
/// The same on the shared register: each run copies the filled database (a template), which
/// costs more than copying a file, so fewer runs.
pub const SHARED_KILLS: usize = 20;
/// Three indicators × 30 000 days from 1900: a large file, all of it before any go-live.
const IMPORT_ROWS: usize = 90_000;
const IMPORT_INDICATORS: [(&str, &str); 3] = [("NR-2024-002", "TIMMAR"), ("NR-2024-002", "HANDL"), ("NR-2024-003", "TOLKPL")];

/// A small deterministic generator (64-bit LCG): the same seed gives the same kill moments.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Action {
    Import,
    ApproveCalc,
    NewCalcVersion,
    ApprovePlan,
    Measure,
}

pub const ACTIONS: [Action; 5] = [Action::Import, Action::ApproveCalc, Action::NewCalcVersion, Action::ApprovePlan, Action::Measure];

pub struct Fixture {
    pub dir: tempfile::TempDir,
    base: PathBuf,
    csv: PathBuf,
    /// An initiative with a draft calculation, one with a draft plan, one with an approved calculation.
    draft_calc: String,
    draft_plan: String,
    approved_calc: String,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("bas.nytta");
    let register = nytta::demo::create(&base).unwrap();
    let find = |pick: &dyn Fn(&Register, i64) -> bool| {
        register
            .initiative_summaries()
            .unwrap()
            .into_iter()
            .find(|i| pick(&register, i.id))
            .map(|i| i.code)
            .expect("the demo register has such an initiative")
    };
    let draft_calc = find(&|r, id| r.draft_calculation(id).unwrap().is_some() && r.latest_approved_calculation(id).unwrap().is_none());
    let draft_plan = find(&|r, id| r.draft_plan(id).unwrap().is_some_and(|p| p.problems().is_empty()));
    let approved_calc = find(&|r, id| r.draft_calculation(id).unwrap().is_none() && r.latest_approved_calculation(id).unwrap().is_some());
    drop(register);
    // One self-contained file to copy for every run.
    let conn = rusqlite::Connection::open(&base).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);

    let csv = dir.path().join("matningar.csv");
    let mut text = String::from("Insats;Indikator;Datum;Värde;Källa\n");
    let start = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    for i in 0..IMPORT_ROWS {
        let (initiative, indicator) = IMPORT_INDICATORS[i % IMPORT_INDICATORS.len()];
        let date = start + chrono::Days::new((i / IMPORT_INDICATORS.len()) as u64);
        text.push_str(&format!("{initiative};{indicator};{date};{},5;kraschtest\n", 5 + i % 50));
    }
    std::fs::write(&csv, text).unwrap();
    Fixture { dir, base, csv, draft_calc, draft_plan, approved_calc }
}

pub fn args(action: Action, file: &Path, fx: &Fixture) -> Vec<String> {
    let file = file.display().to_string();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match action {
        Action::Import => owned(&["import", "measurements", &file, fx.csv.to_str().unwrap()]),
        Action::ApproveCalc => owned(&["approve", "calc", &file, "--initiative", &fx.draft_calc, "--by", "Rådet", "--date", "2026-11-01", "--ref", "DR 2026-11-01 §1"]),
        Action::NewCalcVersion => owned(&["new-version", "calc", &file, "--initiative", &fx.approved_calc, "--reason", "Nytt beslut i rådet"]),
        Action::ApprovePlan => owned(&["approve", "plan", &file, "--initiative", &fx.draft_plan, "--by", "Rådet", "--date", "2026-11-01", "--ref", "DR 2026-11-01 §2"]),
        Action::Measure => owned(&["measure", &file, "--initiative", "NR-2024-002", "--indicator", "TIMMAR", "--date", "2026-10-20", "--value", "51,5", "--source", "kraschtest"]),
    }
}

/// The longest a run of each action may take before the kill, in milliseconds.
pub fn window_ms(action: Action) -> u64 {
    match action {
        Action::Import => 2_500,
        _ => 60,
    }
}

/// Whether the action's effect is in the register: wholly (Some(true)), not at all
/// (Some(false)) — and never partly (panics with what is half there).
pub fn landed(register: &impl RegisterStore, action: Action, fx: &Fixture) -> bool {
    let id = |code: &str| register.initiative_by_code(code).unwrap().id;
    match action {
        Action::Import => {
            let rows: usize = ["NR-2024-002", "NR-2024-003"]
                .iter()
                .map(|code| {
                    register
                        .measurements(id(code))
                        .unwrap()
                        .into_iter()
                        .filter(|m| m.measurement.source == "kraschtest" && chrono::Datelike::year(&m.measurement.date) < 2000)
                        .count()
                })
                .sum();
            assert!(rows == 0 || rows == IMPORT_ROWS, "half an import: {rows} of {IMPORT_ROWS} rows");
            rows == IMPORT_ROWS
        }
        Action::ApproveCalc => {
            let versions = register.calculation_versions(id(&fx.draft_calc)).unwrap();
            let latest = versions.iter().max_by_key(|v| v.version).unwrap();
            match latest.status {
                CalcStatus::Approved => {
                    let approval = latest.approval.as_ref().expect("an approved calculation names its approval");
                    assert_eq!(approval.decision_ref, "DR 2026-11-01 §1");
                    true
                }
                CalcStatus::Draft => {
                    assert!(latest.approval.is_none());
                    false
                }
            }
        }
        Action::NewCalcVersion => {
            let versions = register.calculation_versions(id(&fx.approved_calc)).unwrap();
            match versions.iter().find(|v| v.status == CalcStatus::Draft) {
                Some(draft) => {
                    assert_eq!(draft.reason, "Nytt beslut i rådet");
                    true
                }
                None => false,
            }
        }
        Action::ApprovePlan => {
            let versions = register.plan_versions(id(&fx.draft_plan)).unwrap();
            let latest = versions.iter().max_by_key(|v| v.version).unwrap();
            match latest.status {
                PlanStatus::Approved => {
                    assert_eq!(latest.approval.as_ref().unwrap().decision_ref, "DR 2026-11-01 §2");
                    true
                }
                PlanStatus::Draft => false,
            }
        }
        Action::Measure => register
            .measurements(id("NR-2024-002"))
            .unwrap()
            .iter()
            .any(|m| m.measurement.source == "kraschtest" && m.measurement.date.to_string() == "2026-10-20"),
    }
}

#[test]
fn killed_writes_leave_a_sound_register_with_each_action_whole_or_absent() {
    let fx = fixture();
    let mut rng = Lcg(0x6e79_7474_6121);
    let mut outcomes = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for run in 0..KILLS {
        let action = ACTIONS[run % ACTIONS.len()];
        let file = fx.dir.path().join(format!("run-{run}.nytta"));
        std::fs::copy(&fx.base, &file).unwrap();

        let mut child = Command::new(env!("CARGO_BIN_EXE_nytta"))
            .args(args(action, &file, &fx))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(window_ms(action))));
        let _ = child.kill(); // SIGKILL on Unix; an error means it had already finished
        let status = child.wait().unwrap();

        let register = Register::open(&file).unwrap_or_else(|e| panic!("run {run} ({action:?}): the register no longer opens: {e}"));
        let check = register.check().unwrap();
        assert_eq!(check.integrity, "ok", "run {run} ({action:?})");
        assert_eq!(check.foreign_key_violations, 0, "run {run} ({action:?})");
        let whole = landed(&register, action, &fx);
        if status.success() {
            assert!(whole, "run {run} ({action:?}) finished successfully but its change is missing");
        }
        let entry = outcomes.entry(format!("{action:?}")).or_default();
        if whole { entry.0 += 1 } else { entry.1 += 1 }
        drop(register);
        std::fs::remove_file(&file).ok();
    }
    // What the kills hit, for the log: (there wholly, not there).
    eprintln!("crash outcomes per action (whole, absent): {outcomes:?}");
}
