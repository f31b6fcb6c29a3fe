//! The committed fixtures of earlier releases (`tests/fixtures/`: a register of schema version
//! 3 and a JSON document of format version 1) carried into a shared register read back the
//! same: the register's JSON export from the server is the file's, byte for byte.

use std::path::PathBuf;

use nytta::io::register_json;
use nytta::store::postgres::{ConnInfo, PgRegister};
use nytta::store::prelude::*;
use nytta::store::Register;

use super::server::TestDatabase;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn export(register: &impl RegisterStore) -> Vec<u8> {
    let mut out = Vec::new();
    nytta::app::exports::write_json_export(register, &mut out).unwrap();
    out
}

/// An empty shared register named `name`, as its owner.
fn shared_named(name: &str) -> Option<(TestDatabase, PgRegister)> {
    let db = TestDatabase::new()?.migrated();
    let mut register = PgRegister::open(&ConnInfo::parse(&db.owner_url()).unwrap()).unwrap();
    register.set_name(name).unwrap();
    Some((db, register))
}

fn assert_same(server: &[u8], file: &[u8]) {
    if server != file {
        let at = server.iter().zip(file).position(|(a, b)| a != b).unwrap_or(server.len().min(file.len()));
        let around = |b: &[u8]| String::from_utf8_lossy(&b[at.saturating_sub(150)..(at + 150).min(b.len())]).into_owned();
        panic!("the exports differ at byte {at}\n--- server ---\n{}\n--- file ---\n{}", around(server), around(file));
    }
}

#[test]
fn the_register_of_schema_version_3_carried_into_a_shared_register_exports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("gammalt.nytta");
    std::fs::copy(fixture("register-schema-3.nytta"), &copy).unwrap();
    let file = Register::open(&copy).unwrap();
    let Some((_db, mut shared)) = shared_named(&file.name().unwrap()) else { return };
    let first = export(&file);
    let document = register_json::read_document(&first).unwrap();
    nytta::app::import::import_document(&mut shared, &document).unwrap();
    assert_eq!(shared.check().unwrap().schema_version, nytta::store::LATEST_VERSION);
    assert_same(&export(&shared), &first);
}

#[test]
fn the_json_document_of_format_version_1_imports_into_a_shared_register_as_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("register-format-1.json")).unwrap();
    let document = register_json::read_document(&bytes).unwrap();
    let mut file = Register::create(&dir.path().join("fran-json.nytta"), "Importerat").unwrap();
    nytta::app::import::import_document(&mut file, &document).unwrap();
    let Some((_db, mut shared)) = shared_named("Importerat") else { return };
    nytta::app::import::import_document(&mut shared, &document).unwrap();
    let from_file = export(&file);
    assert_same(&export(&shared), &from_file);
    // And the server's export comes back into a second shared register the same again.
    let Some((_db2, mut again)) = shared_named("Importerat") else { return };
    nytta::app::import::import_document(&mut again, &register_json::read_document(&from_file).unwrap()).unwrap();
    assert_same(&export(&again), &from_file);
}
