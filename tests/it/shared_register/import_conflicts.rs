//! A measurement import on the shared register is one transaction run once (its file is
//! read once): when another user changes the rows it writes while it runs, it stores
//! nothing and says to try again, and the other user's change stands.

use nytta::store::postgres::{ConnInfo, PgError, PgRegister};
use nytta::store::prelude::*;
use nytta::store::{StagedRow, StagingMode, StoreError};

use super::server::TestDatabase;
use crate::support::plan_examples::*;

/// Two users' handles on one register holding NR-1's approved NKI plan and one measurement,
/// 70 on 2026-03-31 (its id last).
fn two_handles() -> Option<(TestDatabase, PgRegister, PgRegister, i64, i64)> {
    let db = TestDatabase::new()?.migrated();
    let open = || PgRegister::open(&ConnInfo::parse(&db.owner_url()).unwrap()).unwrap();
    let (mut importer, other) = (open(), open());
    let ids = populate(&mut importer, &[("NR-1", Some(d(2025, 9, 1)))]);
    approve(&mut importer, ids[0], &nki_plan());
    let stored = add(&mut importer, ids[0], "NKI", d(2026, 3, 31), "70");
    Some((db, importer, other, ids[0], stored))
}

/// Stages 75 on 2026-03-31 (a replacement) and 72 on 2026-04-30 (new), runs `meanwhile`,
/// then applies with replace.
fn import(importer: &mut PgRegister, id: i64, meanwhile: impl FnOnce()) -> Result<(), StoreError> {
    importer.stage_measurements(StagingMode::Write, |staging| {
        for (row, date, value) in [(2, d(2026, 3, 31), "75"), (3, d(2026, 4, 30), "72")] {
            let staged = StagedRow { row, initiative_id: id, indicator: "NKI", date, value: dec(value), source: None, comment: None };
            staging.stage(&staged)?;
        }
        assert_eq!(staging.compare(10)?.conflicts, 1);
        meanwhile();
        staging.apply(true, "fil.csv").map(|_| ())
    })
}

fn assert_conflict(result: Result<(), StoreError>) {
    let error = result.unwrap_err();
    assert!(matches!(error, StoreError::Server(PgError::Conflict)), "{error:?}");
    assert!(error.to_string().contains("försök igen"), "{error}");
}

#[test]
fn an_import_meeting_an_edit_of_a_measurement_it_replaces_stores_nothing() {
    let Some((_db, mut importer, mut other, id, stored)) = two_handles() else { return };
    let result = import(&mut importer, id, || {
        let row = other.measurement(stored).unwrap().row_version;
        other.update_measurement(stored, row, &measurement("NKI", d(2026, 3, 31), "71"), "Rättad", d(2026, 10, 31)).unwrap();
    });
    assert_conflict(result);
    let values: Vec<_> = importer.measurements(id).unwrap().into_iter().map(|m| m.measurement.value).collect();
    assert_eq!(values, [dec("71")], "the other user's edit stands; nothing imported");
    assert!(importer.audit_log(Some(id), 10).unwrap().iter().all(|e| e.action != "importerad"));
}

#[test]
fn an_import_meeting_a_new_measurement_on_a_staged_day_stores_nothing() {
    let Some((_db, mut importer, mut other, id, _)) = two_handles() else { return };
    let result = import(&mut importer, id, || {
        other.add_measurement(id, &measurement("NKI", d(2026, 4, 30), "73")).unwrap();
    });
    assert_conflict(result);
    let values: Vec<_> = importer.measurements(id).unwrap().into_iter().map(|m| m.measurement.value).collect();
    assert_eq!(values, [dec("70"), dec("73")]);
}

#[test]
fn an_import_beside_other_users_edits_of_other_rows_is_stored() {
    let Some((_db, mut importer, mut other, id, _)) = two_handles() else { return };
    import(&mut importer, id, || {
        other.add_measurement(id, &measurement("NKI", d(2026, 5, 31), "74")).unwrap();
    })
    .unwrap();
    let values: Vec<_> = importer.measurements(id).unwrap().into_iter().map(|m| m.measurement.value).collect();
    assert_eq!(values, [dec("75"), dec("72"), dec("74")]);
}
