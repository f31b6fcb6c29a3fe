//! The whole register as records: carried from one register to another, and read table by
//! table for the exports.

use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use crate::support::plan_examples::*;
use super::register_with;

/// A register with a bit of everything: an approved plan, a draft version, measurements.
fn filled(backend: &impl Backend) -> impl RegisterStore {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1))), ("NR-2", None)]);
    approve(&mut register, ids[0], &nki_plan());
    register.new_plan_version(ids[0], "Ändrat mål").unwrap();
    add(&mut register, ids[0], "NKI", d(2026, 3, 31), "70");
    add(&mut register, ids[0], "NKI", d(2026, 9, 30), "79,5".replace(',', ".").as_str());
    register
}

pub fn a_register_carried_to_an_empty_one_reads_the_same(backend: &impl Backend) {
    let source = filled(backend);
    let records = source.read_records().unwrap();
    let mut target = backend.fresh("Mottagare");
    target.import_records(records.content()).unwrap();
    let carried = target.read_records().unwrap();
    assert_eq!(carried.organisations, records.organisations);
    assert_eq!(carried.initiatives, records.initiatives);
    assert_eq!(carried.calc_factors, records.calc_factors);
    assert_eq!(carried.audit_log, records.audit_log, "the history comes along unchanged");
    assert_eq!(
        target.followup_data(None).unwrap().entries.len(),
        source.followup_data(None).unwrap().entries.len()
    );
}

pub fn records_go_only_into_an_empty_register(backend: &impl Backend) {
    let source = filled(backend);
    let records = source.read_records().unwrap();
    let mut target = filled(backend);
    assert!(!target.is_empty().unwrap());
    let before = target.read_records().unwrap();
    let error = target.import_records(records.content()).unwrap_err();
    assert!(matches!(error, StoreError::Refused(_) | StoreError::Invalid(_)), "{error}");
    assert_eq!(target.read_records().unwrap().initiatives, before.initiatives, "nothing changed");
}

pub fn every_table_is_read_row_by_row(backend: &impl Backend) {
    let register = filled(backend);
    let records = register.read_records().unwrap();
    let count = |read: &dyn Fn(&mut usize) -> Result<(), StoreError>| {
        let mut n = 0;
        read(&mut n).unwrap();
        n
    };
    let bump = |n: &mut usize| -> Result<(), StoreError> {
        *n += 1;
        Ok(())
    };
    assert_eq!(count(&|n| register.for_each_organisation(|_| bump(n))), records.organisations.len());
    assert_eq!(count(&|n| register.for_each_initiative(|_| bump(n))), 2);
    assert_eq!(count(&|n| register.for_each_plan_version(|_| bump(n))), 2);
    assert_eq!(count(&|n| register.for_each_measurement(|_| bump(n))), 2);
    assert_eq!(count(&|n| register.for_each_calc_factor(|_| bump(n))), records.calc_factors.len());
    assert_eq!(count(&|n| register.for_each_audit_record(|_| bump(n))), records.audit_log.len());
    let mut codes = Vec::new();
    register
        .read_consistently(|r| r.for_each_initiative_with_children(|i| Ok::<_, StoreError>(codes.push(i.code))))
        .unwrap();
    assert_eq!(codes, ["NR-1", "NR-2"]);
    // A callback's error stops the reading and comes back as it was.
    let stopped = register.for_each_measurement(|_| Err(StoreError::Refused("stopp".into())));
    assert!(matches!(stopped, Err(StoreError::Refused(m)) if m == "stopp"));
}

/// The register as the JSON document's bytes, streamed as an export writes it.
fn document_bytes(register: &impl RegisterStore) -> Vec<u8> {
    let mut bytes = Vec::new();
    nytta::app::exports::write_json_export(register, &mut bytes).unwrap();
    bytes
}

/// A file register moved into this backend — for PostgreSQL, a file register moved into the
/// shared one — reads the same, record for record and byte for byte as the JSON document;
/// moved back out into a new file it is the register it was; and the next rows added get ids
/// after the moved ones.
pub fn a_file_register_moved_in_reads_the_same_and_moves_back_out(backend: &impl Backend) {
    use nytta::model::annual_analysis::Section;
    use nytta::model::initiative::OrganisationKind;

    let files = super::backends::Sqlite::new();
    let dir = tempfile::tempdir().unwrap();
    let mut source = nytta::demo::create(&dir.path().join("demo.nytta")).unwrap();
    let supplier = source.organisations().unwrap()[0].id;
    source.save_analysis_text(supplier, 2026, Section::Harvest, 0, "Hemtagen nytta: 1 200,50 kr.").unwrap();
    let records = source.read_records().unwrap();
    assert!(records.organisations.iter().any(|o| !o.base_services.is_empty() && !o.analysis_texts.is_empty()));
    assert!(records.initiatives.iter().any(|i| !i.goal_area_ids.is_empty() && !i.running_cost.years.is_empty()));
    assert!(records.initiatives.iter().any(|i| !i.cost_years.is_empty() && !i.status_reports.is_empty()));
    assert!(records.initiatives.iter().any(|i| !i.calculations.is_empty() && !i.measurements.is_empty()));

    let mut moved = backend.fresh("Delat");
    assert!(moved.is_empty().unwrap());
    moved.import_records(records.content()).unwrap();
    assert!(!moved.is_empty().unwrap());
    let carried = moved.read_records().unwrap();
    assert_eq!(carried.register, records.register);
    assert_eq!(carried.organisations, records.organisations);
    assert_eq!(carried.people, records.people);
    assert_eq!(carried.calc_factors, records.calc_factors);
    assert_eq!(carried.goal_areas, records.goal_areas);
    for (carried, original) in carried.initiatives.iter().zip(&records.initiatives) {
        assert_eq!(carried, original, "initiative {}", original.code);
    }
    assert_eq!(carried.initiatives.len(), records.initiatives.len());
    assert_eq!(carried.audit_log, records.audit_log);
    let expected = document_bytes(&source);
    assert_eq!(
        String::from_utf8(document_bytes(&moved)).unwrap(),
        String::from_utf8(expected.clone()).unwrap(),
        "the JSON document is the same"
    );

    let mut back = files.fresh("Tillbaka");
    back.import_records(carried.content()).unwrap();
    assert_eq!(document_bytes(&back), expected, "moved back out, it is the register it was");

    let highest = |ids: &mut dyn Iterator<Item = i64>| ids.max().unwrap();
    let organisation = moved.add_organisation("Ny förvaltning", OrganisationKind::Forvaltning, "Ny nämnd").unwrap();
    assert!(organisation > highest(&mut records.organisations.iter().map(|o| o.id)), "a new id, not one of the moved");
    let newest_audit = moved.audit_log(None, 1).unwrap()[0].id;
    assert!(newest_audit > highest(&mut records.audit_log.iter().map(|a| a.id)));
}
