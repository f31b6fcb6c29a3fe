//! Calculation versions on real register files: approval freezes a version (in the store and
//! by the schema's triggers, even for raw SQL), a change after approval is a new version with
//! a reason, stale saves are refused, approved results keep their factor values, and a
//! register from before calculations gets the default factors when it is migrated.

#[path = "support/calc_examples.rs"]
mod examples;

use nytta::store::prelude::*;
use chrono::NaiveDate;
use nytta::calc;
use nytta::model::calculation::{default_factors, CalcFactor, Estimate, LineValue};
use nytta::model::{Approval, CalcStatus, FROZEN_MESSAGE};
use nytta::store::{Register, StoreError};
use rust_decimal_macros::dec;

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
fn a_new_register_starts_with_the_public_default_factors() {
    let dir = temp();
    let (register, _) = register_with(&dir.path().join("r.nytta"), &[]);
    assert_eq!(register.calc_factors().unwrap(), default_factors());
}

#[test]
fn an_approved_version_is_frozen_and_the_store_says_so() {
    let dir = temp();
    let (mut register, ids) = register_with(&dir.path().join("r.nytta"), &["NR-1"]);
    let draft = register.create_calculation(ids[0], &example_1()).unwrap();
    assert_eq!((draft.version, draft.status), (1, CalcStatus::Draft));
    let approved = register
        .approve_calculation(draft.id, draft.row_version, &approval())
        .unwrap();
    assert!(approved.is_approved());
    assert_eq!(
        approved.frozen_notice().unwrap(),
        "Version 1 är godkänd 2026-03-12 av Kommunstyrelsen (KS 2026-03-12 §45) och kan inte ändras."
    );

    let mut changed = example_1();
    changed.lines[0].description = "Ändrad".into();
    let error = register
        .save_calculation_draft(approved.id, approved.row_version, &changed)
        .unwrap_err();
    assert!(matches!(error, StoreError::Refused(_)), "{error:?}");
    assert_eq!(error.to_string(), FROZEN_MESSAGE);
    let again = register
        .approve_calculation(approved.id, approved.row_version, &approval())
        .unwrap_err();
    assert_eq!(again.to_string(), FROZEN_MESSAGE);
    let delete = register
        .delete_calculation_draft(approved.id, approved.row_version)
        .unwrap_err();
    assert_eq!(delete.to_string(), FROZEN_MESSAGE);
    assert_eq!(
        register.calculation_version(ids[0], 1).unwrap().calculation,
        example_1()
    );
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
fn a_change_after_approval_is_a_new_version_with_a_required_reason() {
    let dir = temp();
    let (mut register, ids) = register_with(&dir.path().join("r.nytta"), &["NR-1"]);
    let id = ids[0];
    let v1 = register.create_calculation(id, &example_3()).unwrap();
    register
        .approve_calculation(v1.id, v1.row_version, &approval())
        .unwrap();

    let error = register.new_calculation_version(id, "   ").unwrap_err();
    assert!(
        matches!(&error, StoreError::Invalid(f) if f[0].field == "reason"),
        "{error:?}"
    );

    let v2 = register
        .new_calculation_version(id, "Nytt beslut om licenser, KS 2026-09-01 §12")
        .unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.based_on),
        (2, CalcStatus::Draft, Some(1))
    );
    assert_eq!(
        v2.calculation,
        example_3(),
        "a new version starts as a copy of the latest"
    );
    let twice = register.new_calculation_version(id, "En till").unwrap_err();
    assert!(
        twice.to_string().contains("Version 2 av kalkylen är ett utkast"),
        "{twice}"
    );

    let mut changed = example_3();
    changed.lines[2].value = amount(Estimate::exact(dec!(60000)));
    let v2 = register
        .save_calculation_draft(v2.id, v2.row_version, &changed)
        .unwrap();
    let diff = nytta::app::calculation::compare_calculations(&register, id, 1, 2).unwrap();
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].key, "licens");
    assert_eq!(diff.changed[0].changes[0].old, "50\u{a0}000 kr/år");

    // Reports use the latest approved version while the new one is a draft.
    let shown = register.latest_approved_calculation(id).unwrap().unwrap();
    assert_eq!(shown.version, 1);
    assert_eq!(
        register.current_calculation(id).unwrap().unwrap().version,
        1
    );
    assert_eq!(register.draft_calculation(id).unwrap().unwrap().version, 2);
    register
        .approve_calculation(v2.id, v2.row_version, &approval())
        .unwrap();
    assert_eq!(
        register
            .latest_approved_calculation(id)
            .unwrap()
            .unwrap()
            .version,
        2
    );

    let log = register.audit_log(Some(id), 50).unwrap();
    let new_version = log
        .iter()
        .find(|e| e.entity == "calculation" && e.action == "ny version")
        .unwrap();
    assert_eq!(
        new_version.reason,
        "Nytt beslut om licenser, KS 2026-09-01 §12"
    );
    assert!(log
        .iter()
        .any(|e| e.entity == "calculation" && e.action == "godkänd" && e.before.is_some()));
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
fn a_stale_save_is_refused_and_changes_nothing() {
    let dir = temp();
    let path = dir.path().join("r.nytta");
    let (mut first, ids) = register_with(&path, &["NR-1"]);
    let draft = first.create_calculation(ids[0], &example_1()).unwrap();
    let mut second = Register::open(&path).unwrap();

    let mut mine = example_1();
    mine.settings.horizon_years = 5;
    first
        .save_calculation_draft(draft.id, draft.row_version, &mine)
        .unwrap();

    let mut theirs = example_1();
    theirs.lines[1].description = "Deras ändring".into();
    let error = second
        .save_calculation_draft(draft.id, draft.row_version, &theirs)
        .unwrap_err();
    assert!(matches!(error, StoreError::Stale { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("Kalkylen (version 1) har ändrats av någon annan"),
        "{error}"
    );
    assert_eq!(
        second.calculation_by_id(draft.id).unwrap().calculation,
        mine
    );
}

#[test]
fn an_invalid_draft_is_refused_with_field_paths() {
    let dir = temp();
    let (mut register, ids) = register_with(&dir.path().join("r.nytta"), &["NR-1"]);
    let draft = register.create_calculation(ids[0], &example_1()).unwrap();
    let mut bad = example_1();
    bad.lines[1].value = LineValue::Amount {
        amount: Estimate::default(),
    };
    let error = register
        .save_calculation_draft(draft.id, draft.row_version, &bad)
        .unwrap_err();
    let StoreError::Invalid(fields) = error else {
        panic!("{error:?}")
    };
    assert_eq!(fields[0].field, "lines[1].value.amount.likely");
    assert_eq!(fields[0].message, "Rad 2, Troligt värde: måste anges.");
    assert_eq!(
        register.calculation_by_id(draft.id).unwrap().row_version,
        draft.row_version
    );
}

#[test]
fn approval_needs_lines_an_approver_and_a_decision() {
    let dir = temp();
    let (mut register, ids) = register_with(&dir.path().join("r.nytta"), &["NR-1"]);
    let empty = register
        .create_calculation(ids[0], &nytta::model::calculation::Calculation::new(2026))
        .unwrap();
    let error = register
        .approve_calculation(empty.id, empty.row_version, &approval())
        .unwrap_err();
    assert!(error.to_string().contains("den har inga rader"), "{error}");
    let draft = register
        .save_calculation_draft(empty.id, empty.row_version, &example_1())
        .unwrap();
    let nobody = Approval {
        approved_by: " ".into(),
        decision_ref: String::new(),
        ..approval()
    };
    let StoreError::Invalid(fields) = register
        .approve_calculation(draft.id, draft.row_version, &nobody)
        .unwrap_err()
    else {
        panic!()
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["approved_by", "decision_ref"]);
    assert!(!register.calculation_by_id(draft.id).unwrap().is_approved());
}

#[test]
fn approved_results_keep_their_factor_values_when_the_register_factor_changes() {
    let dir = temp();
    let (mut register, ids) = register_with(&dir.path().join("r.nytta"), &["NR-1", "NR-2"]);
    let approved = register.create_calculation(ids[0], &example_2()).unwrap();
    let approved = register
        .approve_calculation(approved.id, approved.row_version, &approval())
        .unwrap();
    let codes: Vec<&str> = approved.factors.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        ["bistandshandlaggare", "systemforvaltare"],
        "the snapshot holds the factors used"
    );
    let draft = register.create_calculation(ids[1], &example_2()).unwrap();

    let mut dearer: CalcFactor = register
        .calc_factors()
        .unwrap()
        .into_iter()
        .find(|f| f.code == "bistandshandlaggare")
        .unwrap();
    dearer.value = dec!(500);
    dearer.year = 2026;
    register.save_calc_factor(&dearer).unwrap();

    let approved = register.calculation_version(ids[0], 1).unwrap();
    let result = calc::calculate(
        &approved.calculation,
        &register.factors_for(&approved).unwrap(),
    )
    .unwrap();
    assert_eq!(
        result.likely.pv_benefits,
        dec!(518750),
        "500 h × 415 kr/h, frozen"
    );
    let result =
        calc::calculate(&draft.calculation, &register.factors_for(&draft).unwrap()).unwrap();
    assert_eq!(
        result.likely.pv_benefits,
        dec!(625000),
        "500 h × 500 kr/h, the draft follows the register"
    );

    let mut bad = dearer.clone();
    bad.unit = String::new();
    let StoreError::Invalid(fields) = register.save_calc_factor(&bad).unwrap_err() else {
        panic!()
    };
    assert_eq!(fields[0].field, "unit");
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
fn every_demo_initiative_has_a_calculation_and_003_has_a_second_approved_version() {
    let dir = temp();
    let register = nytta::demo::create(&dir.path().join("demo.nytta")).unwrap();
    for summary in register.initiative_summaries().unwrap() {
        let versions = register.calculation_versions(summary.id).unwrap();
        assert!(!versions.is_empty(), "{} has no calculation", summary.code);
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
