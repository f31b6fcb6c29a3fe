//! Files made by earlier versions must always open. `tests/fixtures/` holds a register at
//! schema version 3 (the demo register as release 0.1 wrote it, in WAL mode) and a JSON
//! document of format version 1 (its export). They are never regenerated: a schema or format
//! change must keep this test passing — the old register opens and migrates, the old document
//! imports, and what comes out round-trips.

use nytta::store::prelude::*;
use std::path::{Path, PathBuf};

use nytta::io::register_json;
use nytta::store::Register;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn export(register: &Register) -> Vec<u8> {
    let mut out = Vec::new();
    nytta::app::exports::write_json_export(register, &mut out).unwrap();
    out
}

/// A register made from `document` in a new file in `dir`.
fn imported(dir: &Path, name: &str, document: &register_json::RegisterDocument) -> Register {
    let mut register = Register::create(&dir.join(name), "Importerat").unwrap();
    nytta::app::import::import_document(&mut register, document).unwrap();
    register
}

#[test]
fn the_register_of_schema_version_3_opens_migrates_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("gammalt.nytta");
    std::fs::copy(fixture("register-schema-3.nytta"), &copy).unwrap();
    let register = Register::open(&copy).unwrap();
    let check = register.check().unwrap();
    assert_eq!(check.integrity, "ok");
    assert_eq!(check.foreign_key_violations, 0);
    assert_eq!(check.schema_version, nytta::store::LATEST_VERSION);
    let count = |table: &str| check.counts.iter().find(|(name, _)| name == table).map(|(_, n)| *n).unwrap();
    assert_eq!(count("Förändringsinsatser"), 12);
    assert!(count("Mätningar") > 0 && count("Loggposter") > 0);

    // Migration 0004: each initiative's organisation is its supplier and sole customer, and
    // an allocation key means kostnadsfördelning.
    let records = register.read_records().unwrap();
    for initiative in &records.initiatives {
        assert_eq!(initiative.customer_ids, [initiative.organisation_id], "{}", initiative.code);
        let shared = !initiative.allocation_key.trim().is_empty();
        assert_eq!(initiative.financing, shared.then_some(nytta::model::initiative::Financing::Kostnadsfordelning));
    }

    // Migration 0005: the cost rows are utveckling with their values; år N, N+1, N+2 are
    // calendar years from the decision year, each carried initiative with its audit row.
    for initiative in &records.initiatives {
        assert!(initiative.cost_years.iter().all(|c| c.kind == Some(nytta::model::initiative::CostKind::Utveckling)));
        assert_eq!(initiative.running_cost.years.len(), 3, "{}", initiative.code);
        assert!(!initiative.running_cost.has_relative_years());
    }
    let anchored = records.audit_log.iter().filter(|a| a.author == "Migrering 0005").count();
    assert_eq!(anchored, 12);

    // Its export imports into a new register whose export is the same, byte for byte.
    let first = export(&register);
    let document = register_json::read_document(&first).unwrap();
    let again = imported(dir.path(), "igen.nytta", &document);
    assert!(export(&again) == first, "the register's JSON export does not round-trip");
}

#[test]
fn the_json_document_of_format_version_1_imports_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("register-format-1.json")).unwrap();
    let document = register_json::read_document(&bytes).unwrap();
    assert_eq!(document.initiatives.len(), 12);
    assert!(document.initiatives.iter().all(|i| i.customer_ids == [i.organisation_id]), "read as migration 0004 reads");
    // … and as migration 0005 reads: calendar years, one audit record per anchored initiative.
    assert!(document.initiatives.iter().all(|i| i.running_cost.years.len() == 3 && !i.running_cost.has_relative_years()));
    assert_eq!(document.audit_log.iter().filter(|a| a.author == "Migrering 0005").count(), 12);
    let register = imported(dir.path(), "fran-json.nytta", &document);
    assert_eq!(register.check().unwrap().integrity, "ok");
    let first = export(&register);
    if register_json::VERSION == 1 {
        // While the format is still version 1, the document comes back as it was.
        assert!(first == bytes, "the version 1 document does not come back byte for byte");
    }
    let again = imported(dir.path(), "igen.nytta", &register_json::read_document(&first).unwrap());
    assert!(export(&again) == first, "the export of the imported document does not round-trip");
}

#[test]
fn the_fixtures_are_what_they_say() {
    // Schema version 3 is in the file's header (user_version, bytes 60–63), WAL mode in
    // bytes 18–19; the document says format version 1.
    let register = std::fs::read(fixture("register-schema-3.nytta")).unwrap();
    assert_eq!(u32::from_be_bytes(register[60..64].try_into().unwrap()), 3);
    assert_eq!(&register[18..20], &[2, 2]);
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("register-format-1.json")).unwrap()).unwrap();
    assert_eq!(document["version"], 1);
}
