//! The measurement import's staging area: rows put aside, compared with what is stored, and
//! stored only when applied. (The file reading and the row checks are the application
//! layer's, tested in `tests/it/import_measurements.rs`.)

use nytta::store::prelude::*;
use nytta::store::{MeasurementStaging, StagedRow, StagingMode, StoreError};
use nytta::model::plan::Direction;
use rust_decimal::Decimal;

use super::backends::Backend;
use crate::support::plan_examples::*;
use super::register_with;

fn row(row: usize, initiative_id: i64, date: chrono::NaiveDate, value: &str) -> (usize, i64, chrono::NaiveDate, Decimal) {
    (row, initiative_id, date, dec(value))
}

fn stage(staging: &mut dyn MeasurementStaging, rows: &[(usize, i64, chrono::NaiveDate, Decimal)]) -> Vec<Option<usize>> {
    rows.iter()
        .map(|&(row, initiative_id, date, value)| {
            staging
                .stage(&StagedRow { row, initiative_id, indicator: "NKI", date, value, source: Some("Fil"), comment: None })
                .unwrap()
        })
        .collect()
}

/// A register with NR-1's approved NKI plan and one stored measurement, 70 on 2026-03-31.
fn prepared(backend: &impl Backend) -> (impl RegisterStore, i64) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    approve(&mut register, ids[0], &nki_plan());
    add(&mut register, ids[0], "NKI", d(2026, 3, 31), "70");
    (register, ids[0])
}

pub fn a_dry_run_compares_and_writes_nothing(backend: &impl Backend) {
    let (mut register, id) = prepared(backend);
    let log_before = register.audit_log(None, 1000).unwrap().len();
    let comparison = register
        .stage_measurements(StagingMode::DryRun, |staging| {
            stage(staging, &[row(2, id, d(2026, 3, 31), "70.0"), row(3, id, d(2026, 4, 30), "72"), row(4, id, d(2026, 5, 31), "74")]);
            let comparison = staging.compare(10)?;
            assert!(staging.apply(false, "prov.csv").is_err(), "a dry run cannot store");
            Ok::<_, StoreError>(comparison)
        })
        .unwrap();
    assert_eq!((comparison.staged, comparison.unchanged, comparison.conflicts), (3, 1, 0), "70.0 is 70");
    assert_eq!(register.measurements(id).unwrap().len(), 1);
    assert_eq!(register.audit_log(None, 1000).unwrap().len(), log_before);
}

pub fn rows_are_stored_only_when_applied(backend: &impl Backend) {
    let (mut register, id) = prepared(backend);
    // Work that ends without applying, and work that fails after applying, store nothing.
    register
        .stage_measurements(StagingMode::Write, |staging| {
            stage(staging, &[row(2, id, d(2026, 4, 30), "72")]);
            staging.compare(10).map(|_| ())
        })
        .unwrap();
    let failed: Result<(), StoreError> = register.stage_measurements(StagingMode::Write, |staging| {
        stage(staging, &[row(2, id, d(2026, 4, 30), "72")]);
        staging.compare(10)?;
        staging.apply(false, "fil.csv")?;
        Err(StoreError::Refused("avbruten".into()))
    });
    assert!(failed.is_err());
    assert_eq!(register.measurements(id).unwrap().len(), 1);

    let applied = register
        .stage_measurements(StagingMode::Write, |staging| {
            stage(staging, &[row(2, id, d(2026, 4, 30), "72"), row(3, id, d(2026, 5, 31), "74")]);
            staging.compare(10)?;
            staging.apply(false, "fil.csv")
        })
        .unwrap();
    assert_eq!((applied.added, applied.replaced), (2, 0));
    let stored = register.measurements(id).unwrap();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|m| m.measurement.author == "testare"));
    let log = register.audit_log(Some(id), 10).unwrap();
    assert_eq!(log[0].action, "importerad");
    assert_eq!(log[0].after.as_ref().unwrap()["file"], "fil.csv");
}

pub fn duplicates_are_found_and_replacements_logged(backend: &impl Backend) {
    let (mut register, id) = prepared(backend);
    let applied = register
        .stage_measurements(StagingMode::Write, |staging| {
            let staged = stage(staging, &[row(2, id, d(2026, 3, 31), "75"), row(3, id, d(2026, 3, 31), "76")]);
            assert_eq!(staged, vec![None, Some(2)], "the second row of a date names the first");
            let comparison = staging.compare(10)?;
            assert_eq!((comparison.staged, comparison.conflicts), (1, 1));
            let conflict = &comparison.conflict_list[0];
            assert_eq!((conflict.row, conflict.old_value, conflict.new_value), (2, dec("70"), dec("75")));
            staging.apply(true, "rättad.csv")
        })
        .unwrap();
    assert_eq!((applied.added, applied.replaced), (0, 1));
    let stored = register.measurements(id).unwrap();
    assert_eq!(stored[0].measurement.value, dec("75"));
    assert_eq!(stored[0].measurement.source, "Fil", "the file's source replaces the stored one");
    let log = register.audit_log(Some(id), 10).unwrap();
    let changed = log.iter().find(|e| e.action == "ändrad").expect("the replaced value is logged");
    assert_eq!(changed.before.as_ref().unwrap()["value"], "70");
    assert_eq!(changed.reason, "Ersatt vid import från rättad.csv");
}

pub fn targets_know_the_plans_indicators(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1))), ("NR-2", None)]);
    approve(&mut register, ids[0], &nki_plan());
    let mut draft = nki_plan();
    draft.benefits[0].indicators.push(indicator("HANDLAGGNING", Direction::LowerIsBetter, None, &[]));
    let v2 = register.new_plan_version(ids[0], "Ny indikator").unwrap();
    register.save_plan_draft(v2.id, v2.row_version, &draft).unwrap();
    register
        .stage_measurements(StagingMode::DryRun, |staging| {
            let target = staging.target("nr-1")?.expect("codes in any letter case");
            assert_eq!((target.id, target.code.as_str(), target.has_plan), (ids[0], "NR-1", true));
            let mut codes: Vec<&str> = target.indicators.keys().map(String::as_str).collect();
            codes.sort_unstable();
            assert_eq!(codes, ["HANDLAGGNING", "NKI"], "the approved version's and the newer draft's");
            let without_plan = staging.target("NR-2")?.unwrap();
            assert!(!without_plan.has_plan && without_plan.indicators.is_empty());
            assert!(staging.target("NR-9")?.is_none());
            Ok::<_, StoreError>(())
        })
        .unwrap();
}
