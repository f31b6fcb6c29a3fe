//! Plans and measurements on real register files: approval freezes a plan (in the store and by
//! the schema's triggers, even for raw SQL), a change after approval is a new version with a
//! reason and shows in the target history, measurements are never silently overwritten (the
//! audit log keeps the old value; a reason is required when it fed an approved checkpoint),
//! and the follow-up reads the latest approved version.

use crate::support::plan_examples as examples;

use nytta::store::prelude::*;
use nytta::store::{Register, LATEST_VERSION};

use examples::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn the_triggers_refuse_raw_sql_on_an_approved_plan() {
    let dir = temp();
    let path = dir.path().join("r.nytta");
    let (mut register, ids) = register_with(&path, &[("NR-1", Some(d(2025, 9, 1)))]);
    let approved = approve(&mut register, ids[0], &nki_plan());
    drop(register);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let update = conn
        .execute(
            "UPDATE plan_version SET body = '{}' WHERE id = ?1",
            [approved.id],
        )
        .unwrap_err();
    assert!(
        update
            .to_string()
            .contains("En godkänd plan kan inte ändras. Skapa en ny version med ett skäl."),
        "{update}"
    );
    let status = conn
        .execute(
            "UPDATE plan_version SET status = 'draft' WHERE id = ?1",
            [approved.id],
        )
        .unwrap_err();
    assert!(
        status
            .to_string()
            .contains("En godkänd plan kan inte ändras."),
        "{status}"
    );
    let delete = conn
        .execute("DELETE FROM plan_version WHERE id = ?1", [approved.id])
        .unwrap_err();
    assert!(
        delete
            .to_string()
            .contains("En godkänd plan kan inte tas bort."),
        "{delete}"
    );
    let no_reason = conn
        .execute(
            "INSERT INTO plan_version (initiative_id, version, status, body, created_by, created_at, updated_at)
             VALUES (?1, 2, 'draft', '{}', 'x', 'nu', 'nu')",
            [ids[0]],
        )
        .unwrap_err();
    assert!(
        no_reason.to_string().contains("kräver ett skäl"),
        "{no_reason}"
    );
    let skipped = conn
        .execute(
            "INSERT INTO plan_version (initiative_id, version, status, body, reason, created_by, created_at, updated_at)
             VALUES (?1, 5, 'draft', '{}', 'hopp', 'x', 'nu', 'nu')",
            [ids[0]],
        )
        .unwrap_err();
    assert!(
        skipped.to_string().contains("nästa versionsnummer"),
        "{skipped}"
    );
    conn.execute(
        "INSERT INTO plan_version (initiative_id, version, status, body, reason, created_by, created_at, updated_at)
         VALUES (?1, 2, 'draft', '{}', 'Nytt beslut', 'x', 'nu', 'nu')",
        [ids[0]],
    )
    .unwrap();
    let second_draft = conn
        .execute(
            "INSERT INTO plan_version (initiative_id, version, status, body, reason, created_by, created_at, updated_at)
             VALUES (?1, 3, 'draft', '{}', 'Till', 'x', 'nu', 'nu')",
            [ids[0]],
        )
        .unwrap_err();
    assert!(
        second_draft.to_string().contains("finns redan ett utkast"),
        "{second_draft}"
    );
    let body: String = conn
        .query_row(
            "SELECT body FROM plan_version WHERE id = ?1",
            [approved.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(body.contains("\"NKI\""));
}

#[test]
fn a_register_from_before_plans_gets_the_plan_tables_when_migrated() {
    let dir = temp();
    let path = dir.path().join("gammal.nytta");
    // Version 2: the calculation, before migration 0003 brought the plans.
    Register::create_at_version(&path, 2).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('plan_version', 'measurement')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }
    let register = Register::open(&path).unwrap();
    let report = register.check().unwrap();
    assert_eq!(report.schema_version, LATEST_VERSION);
    assert!(report
        .counts
        .iter()
        .any(|(label, n)| label == "Planversioner" && *n == 0));
    assert!(report
        .counts
        .iter()
        .any(|(label, n)| label == "Mätningar" && *n == 0));
}

#[test]
fn the_demo_register_has_plans_versions_and_measurements() {
    let dir = temp();
    let register = nytta::demo::create(&dir.path().join("demo.nytta")).unwrap();
    let id = register.initiative_by_code("NR-2025-003").unwrap().id;
    let versions = register.plan_versions(id).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().all(|v| v.is_approved()));
    assert!(!versions[1].reason.is_empty());
    let history = register.target_history(id).unwrap();
    let eandel = history.iter().find(|h| h.code == "EANDEL").unwrap();
    assert_eq!(
        (eandel.first_target(6), eandel.current_target(6)),
        (Some(dec("50")), Some(dec("45")))
    );
    let drafts = ["NR-2026-002", "NR-2025-006", "NR-2026-001"];
    for code in drafts {
        let id = register.initiative_by_code(code).unwrap().id;
        assert!(
            register.latest_approved_plan(id).unwrap().is_none(),
            "{code}"
        );
        assert!(register.draft_plan(id).unwrap().is_some(), "{code}");
    }
    let report = register.check().unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!(report.foreign_key_violations, 0);
}
