//! Many people at once on one shared register: every action that succeeds is there exactly
//! once, none is lost to another's, and serialization failures are retried by the store
//! rather than shown to the user. And a connection that goes away: the action is whole or
//! absent, and the next one works on a new connection.

use std::sync::{Arc, Barrier};

use chrono::NaiveDate;
use nytta::model::initiative::{Dimension, InitiativeFields, OrganisationKind, StatusReportFields};
use nytta::store::postgres::{ConnInfo, PgRegister};
use nytta::store::prelude::*;
use nytta::store::StoreError;
use rust_decimal::Decimal;

use super::server::TestDatabase;

const WRITERS: usize = 20;
const ACTIONS: usize = 200;

fn open(url: &str) -> PgRegister {
    PgRegister::open(&ConnInfo::parse(url).unwrap()).unwrap()
}

/// A migrated register with one organisation and one initiative; its id.
fn register_with_initiative(db: &TestDatabase) -> i64 {
    let mut register = open(&db.owner_url());
    let org = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "Nämnden för Intraservice").unwrap();
    let fields = InitiativeFields { code: "NR-2026-001".into(), name: "Samtidigt".into(), ..InitiativeFields::blank(org) };
    register.create_initiative(&fields).unwrap()
}

fn report(period_end: NaiveDate) -> StatusReportFields {
    StatusReportFields {
        period_end,
        time: Dimension::green(),
        cost: Dimension::green(),
        result: Dimension::green(),
        comment: String::new(),
    }
}

#[test]
fn twenty_writers_of_two_hundred_actions_each_are_all_there_exactly_once() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let initiative = register_with_initiative(&db);
    let start = Arc::new(Barrier::new(WRITERS));
    let first_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let url = db.owner_url();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut register = open(&url);
                register.set_author(&format!("skrivare {writer}"));
                start.wait();
                for action in 0..ACTIONS {
                    // Every writer reports on the same initiative: their transactions read and
                    // write the same rows, which is where serialization failures arise.
                    let day = first_day + chrono::Days::new((writer * ACTIONS + action) as u64);
                    register.add_status_report(initiative, &report(day)).expect("each action succeeds, retried if need be");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }

    let register = open(&db.owner_url());
    let reports = register.status_reports(initiative).unwrap();
    assert_eq!(reports.len(), WRITERS * ACTIONS, "every action is there");
    let mut days: Vec<NaiveDate> = reports.iter().map(|r| r.fields.period_end).collect();
    days.sort();
    days.dedup();
    assert_eq!(days.len(), WRITERS * ACTIONS, "and each exactly once");
    let audit: i64 = db
        .as_owner()
        .query_one("SELECT count(*) FROM audit_log WHERE entity = 'status_report'", &[])
        .unwrap()
        .get(0);
    assert_eq!(audit, (WRITERS * ACTIONS) as i64, "one audit row per action, none lost, none twice");
    assert_eq!(register.check().unwrap().integrity, "ok");
}

#[test]
fn no_update_is_lost_when_everyone_edits_the_same_initiative() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let initiative = register_with_initiative(&db);
    const EDITS: usize = 10;
    let start = Arc::new(Barrier::new(WRITERS));
    let writers: Vec<_> = (0..WRITERS)
        .map(|_| {
            let url = db.owner_url();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut register = open(&url);
                start.wait();
                let mut refused = 0;
                for _ in 0..EDITS {
                    // As a person does: read, change, save; when someone saved in between, the
                    // save is refused as stale, and they read again.
                    loop {
                        let current = register.initiative(initiative).unwrap();
                        let mut fields = current.fields.clone();
                        fields.project_budget = Some(fields.project_budget.unwrap_or_default() + Decimal::ONE);
                        match register.update_initiative(initiative, current.row_version, &fields) {
                            Ok(_) => break,
                            Err(StoreError::Stale { .. }) => refused += 1,
                            Err(other) => panic!("{other}"),
                        }
                    }
                }
                refused
            })
        })
        .collect();
    let refused: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    let register = open(&db.owner_url());
    let after = register.initiative(initiative).unwrap();
    assert_eq!(after.fields.project_budget, Some(Decimal::from(WRITERS * EDITS)), "every increment is there");
    assert!(refused > 0, "with {WRITERS} writers some saves were stale and refused");
}

#[test]
fn a_dropped_connection_is_replaced_for_the_next_action() {
    let Some(mut db) = TestDatabase::new() else { return };
    let db_name = db.name.clone();
    let mut admin = db.as_superuser();
    let db = db.migrated();
    let initiative = register_with_initiative(&db);
    let mut register = open(&db.owner_url());
    let day = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    register.add_status_report(initiative, &report(day)).unwrap();

    // The server ends every connection to the register (a restart, a network break).
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db_name],
        )
        .unwrap();

    // An action begun on the dropped connection is begun again on a new one.
    register.add_status_report(initiative, &report(day.succ_opt().unwrap())).unwrap();
    // And a read after another drop: the first statement may say the connection was lost,
    // in Swedish; the next one works.
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db_name],
        )
        .unwrap();
    match register.status_reports(initiative) {
        Ok(reports) => assert_eq!(reports.len(), 2),
        Err(error) => {
            assert!(error.to_string().contains("Förbindelsen med det delade registret bröts"), "{error}");
            assert_eq!(register.status_reports(initiative).unwrap().len(), 2);
        }
    }
}

#[test]
fn an_action_cut_off_by_the_server_leaves_nothing_behind() {
    let Some(mut db) = TestDatabase::new() else { return };
    let db_name = db.name.clone();
    let mut admin = db.as_superuser();
    let db = db.migrated();
    let initiative = register_with_initiative(&db);
    let mut register = open(&db.owner_url());
    let before = register.audit_log(None, 1000).unwrap().len();

    // A long action (an import's staging) cut off halfway: the server ends the connection
    // while the transaction is open.
    let outcome: Result<(), StoreError> = register.stage_measurements(nytta::store::StagingMode::Write, |staging| {
        assert!(staging.target("NR-2026-001")?.is_some());
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&db_name],
            )
            .unwrap();
        staging.compare(10)?;
        staging.apply(false, "mätningar.csv")?;
        Ok(())
    });
    assert!(outcome.is_err(), "the action cannot have committed on a connection that is gone");
    let error = outcome.unwrap_err().to_string();
    assert!(error.contains("bröts") || error.contains("sparades inte"), "{error}");

    let again = open(&db.owner_url());
    assert_eq!(again.audit_log(None, 1000).unwrap().len(), before, "nothing of the action is stored");
    assert_eq!(again.measurements(initiative).unwrap().len(), 0);
}
