//! Crash safety on the shared register: the same CLI actions as the file register's crash
//! test (`tests/it/crash.rs`: a large import, approvals, a new version, one measurement),
//! killed with SIGKILL at pseudo-random moments. The server rolls back what the killed
//! client left open: after every kill the register reads, and each action is there wholly or
//! not at all.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::Duration;

use nytta::store::postgres::{ConnInfo, PgRegister};
use nytta::store::prelude::*;

use super::server::TestDatabase;
use crate::crash::{args, fixture, landed, window_ms, Lcg, ACTIONS, SHARED_KILLS};
use crate::support::cli::{nytta, text};

#[test]
fn killed_clients_leave_each_action_whole_or_absent() {
    let Some(db) = TestDatabase::new() else { return };
    let mut db = db.migrated();
    let out = nytta(&["demo", &db.owner_url()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fx = fixture();
    let mut rng = Lcg(0x7067_6b69_6c6c);
    let mut outcomes = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for run in 0..SHARED_KILLS {
        let action = ACTIONS[run % ACTIONS.len()];
        // A copy of the filled register for this run: PostgreSQL copies a database from a
        // template, as a file is copied for the file register's runs.
        let copy = format!("{}_k{run}", db.name);
        db.as_superuser()
            .batch_execute(&format!("CREATE DATABASE {copy} TEMPLATE {0} OWNER {0}", db.name))
            .unwrap();
        let url = db.owner_url().replace(&format!("/{}?", db.name), &format!("/{copy}?"));

        let mut child = Command::new(env!("CARGO_BIN_EXE_nytta"))
            .args(args(action, std::path::Path::new(&url), &fx))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(window_ms(action))));
        let _ = child.kill();
        let status = child.wait().unwrap();

        let register = PgRegister::open(&ConnInfo::parse(&url).unwrap())
            .unwrap_or_else(|e| panic!("run {run} ({action:?}): the register no longer opens: {e}"));
        assert_eq!(register.check().unwrap().integrity, "ok", "run {run} ({action:?})");
        let whole = landed(&register, action, &fx);
        if status.success() {
            assert!(whole, "run {run} ({action:?}) finished successfully but its change is missing");
        }
        let entry = outcomes.entry(format!("{action:?}")).or_default();
        if whole { entry.0 += 1 } else { entry.1 += 1 }
        drop(register);
        db.as_superuser().batch_execute(&format!("DROP DATABASE {copy} WITH (FORCE)")).unwrap();
    }
    eprintln!("crash outcomes per action on the shared register (whole, absent): {outcomes:?}");
}
