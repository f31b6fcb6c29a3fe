//! Calculation versions on real register files: approval freezes a version (in the store and
//! by the schema's triggers, even for raw SQL), a change after approval is a new version with
//! a reason, stale saves are refused, approved results keep their factor values, and a
//! register from before calculations gets the default factors when it is migrated.

use crate::support::calc_examples as examples;

use nytta::store::prelude::*;
use chrono::NaiveDate;
use nytta::calc;
use nytta::model::calculation::default_factors;
use nytta::model::{Approval, FROZEN_MESSAGE};
use nytta::store::{Register, StoreError};

use examples::*;

fn approval() -> Approval {
    Approval {
        approved_by: "Kommunstyrelsen".into(),
        approved_at: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        decision_ref: "KS 2026-03-12 §45".into(),
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn the_schema_refuses_raw_sql_changes_of_an_approved_row() {
    let dir = temp();
    let path = dir.path().join("r.nytta");
    let (mut register, ids) = register_with(&path, &["NR-1", "NR-2"]);
    let v = register.create_calculation(ids[0], &example_1()).unwrap();
    register
        .approve_calculation(v.id, v.row_version, &approval())
        .unwrap();
    let draft = register.create_calculation(ids[1], &example_2()).unwrap();
    drop(register);

    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE calculation SET body = '{}' WHERE initiative_id = ?1",
        "UPDATE calculation SET status = 'draft' WHERE initiative_id = ?1",
        "DELETE FROM calculation WHERE initiative_id = ?1",
    ] {
        let error = conn.execute(sql, [ids[0]]).unwrap_err();
        assert!(error.to_string().contains(FROZEN_MESSAGE), "{sql}: {error}");
        // Through the store's error mapping the trigger's sentence reaches the user unchanged.
        assert_eq!(StoreError::from(error).to_string(), FROZEN_MESSAGE);
    }
    // A draft is not frozen.
    conn.execute(
        "UPDATE calculation SET reason = 'x' WHERE id = ?1",
        [draft.id],
    )
    .unwrap();
    drop(conn);

    let register = Register::open(&path).unwrap();
    assert_eq!(
        register.calculation_version(ids[0], 1).unwrap().calculation,
        example_1()
    );
}

#[test]
fn the_schema_allows_one_draft_per_initiative_and_reasons_from_version_two() {
    let dir = temp();
    let path = dir.path().join("r.nytta");
    let (mut register, ids) = register_with(&path, &["NR-1"]);
    register.create_calculation(ids[0], &example_1()).unwrap();
    drop(register);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let insert = "INSERT INTO calculation (initiative_id, version, body, reason, created_by, created_at, updated_at)
                  VALUES (?1, 2, '{}', ?2, 'x', 'x', 'x')";
    assert!(
        conn.execute(insert, rusqlite::params![ids[0], "skäl"])
            .is_err(),
        "a second draft"
    );
    conn.execute("UPDATE calculation SET status = 'approved', approved_by = 'KS', approved_at = '2026-01-01', decision_ref = 'KS §1'", [])
        .unwrap();
    assert!(
        conn.execute(insert, rusqlite::params![ids[0], ""]).is_err(),
        "version 2 without a reason"
    );
    conn.execute(insert, rusqlite::params![ids[0], "skäl"])
        .unwrap();
}

#[test]
fn a_register_from_before_calculations_gets_the_default_factors_when_migrated() {
    let dir = temp();
    let path = dir.path().join("v1.nytta");
    Register::create_at_version(&path, 1).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'calc_factor'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }
    let register = Register::open(&path).unwrap();
    assert_eq!(register.calc_factors().unwrap(), default_factors());
    assert!(register
        .check()
        .unwrap()
        .counts
        .contains(&("Beräkningsfaktorer".to_string(), 19)));
}

#[test]
fn every_demo_initiative_but_kalendariet_has_a_calculation_and_003_has_a_second_approved_version() {
    let dir = temp();
    let register = nytta::demo::create(&dir.path().join("demo.nytta")).unwrap();
    for summary in register.initiative_summaries().unwrap() {
        let versions = register.calculation_versions(summary.id).unwrap();
        // Kalendariet was decided on its idea description alone; the portfolio flags that
        // it lacks a calculation (docs/demo.md, docs/uppfoljning.md). The three ideas
        // (NR-2026-003–005, the annual analysis's proposals) get theirs in beredning.
        let expected = summary.code != "NR-2025-006" && summary.phase != nytta::model::initiative::Phase::Ide;
        assert_eq!(!versions.is_empty(), expected, "{} calculations: {}", summary.code, versions.len());
        assert_eq!(summary.has_calculation, expected, "{}", summary.code);
        for v in &versions {
            let factors = register.factors_for(v).unwrap();
            assert!(
                calc::calculate(&v.calculation, &factors).is_ok(),
                "{} v{}",
                summary.code,
                v.version
            );
        }
    }
    let id = register.initiative_by_code("NR-2025-003").unwrap().id;
    let versions = register.calculation_versions(id).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().all(|v| v.is_approved()));
    assert!(!versions[1].reason.is_empty());
    let diff = nytta::app::calculation::compare_calculations(&register, id, 1, 2).unwrap();
    assert_eq!(diff.added.len(), 1, "{:?}", diff.summary());
    let drafts = register
        .initiative_summaries()
        .unwrap()
        .iter()
        .filter(|s| register.draft_calculation(s.id).unwrap().is_some())
        .count();
    assert!(drafts >= 2, "the demo shows drafts too");
}
