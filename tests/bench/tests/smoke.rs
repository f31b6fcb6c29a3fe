//! The generator stays correct: a tiny register of the benchmark's shape is made through the
//! store and reads back as the blueprint says. (No timing here: tests never assert on time.)

use nytta::store::prelude::*;
use bench::generate::{as_of, write_import_csv, write_register, Blueprint, Spec};
use nytta::followup::{portfolio_summary, MeasurementLookup, Status};
use nytta::store::Register;

#[test]
fn a_tiny_register_is_generated_deterministically_and_reads_back() {
    let spec = Spec::tiny(7);
    let blueprint = Blueprint::new(spec).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.nytta");
    let written = write_register(&blueprint, &path).unwrap();
    assert_eq!(written.initiatives, 10);
    assert_eq!(written.organisations, 3);
    assert_eq!(written.indicators, 40);
    assert_eq!(written.measurements, 40 * 8);
    assert_eq!(written.council_tracked, 2);
    assert!(written.status_reports > 10, "{written:?}");
    assert!(written.calculation_lines >= 100 && written.calculation_lines <= 400);

    let register = Register::open(&path).unwrap();
    let check = register.check().unwrap();
    assert_eq!(check.integrity, "ok");
    assert_eq!(check.foreign_key_violations, 0);
    let count = |label: &str| check.counts.iter().find(|(l, _)| l == label).unwrap().1;
    assert_eq!(count("Mätningar"), 320);
    assert_eq!(count("Förändringsinsatser"), 10);

    // Every initiative has an approved plan and calculation; the statuses vary.
    let data = register.followup_data(None).unwrap();
    assert_eq!(data.entries.len(), 10);
    assert!(data.entries.iter().any(|e| !e.line_values().is_empty()), "benefits are linked to calculation lines");
    let summary = portfolio_summary(&data.inputs(), as_of());
    let indicators: u32 = Status::ALL.iter().map(|s| summary.indicators.get(*s)).sum();
    assert_eq!(indicators, 40);
    assert!(summary.calculated_annual_value > rust_decimal::Decimal::ZERO);

    // The same seed gives the same register; another seed another one.
    let again = Blueprint::new(spec).unwrap();
    let codes = |b: &Blueprint| b.initiatives.iter().map(|i| i.fields.name.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&blueprint), codes(&again));
    assert_ne!(codes(&blueprint), codes(&Blueprint::new(Spec::tiny(8)).unwrap()));

    // The import file is a Swedish CSV whose rows all import as new measurements.
    let csv = dir.path().join("import.csv");
    assert_eq!(write_import_csv(&blueprint, &csv, 100).unwrap(), 100);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Insats;Indikator;Datum;Värde;Källa;Kommentar\r\n"));
    let values: Vec<&str> = text.lines().skip(1).map(|l| l.split(';').nth(3).unwrap()).collect();
    assert!(values.iter().all(|v| !v.contains('.')), "decimal comma, never a point");
    assert!(values.iter().any(|v| v.contains(',')));
    drop(register);
    let mut register = Register::open(&path).unwrap();
    let summary = nytta::app::import::import_measurements(&mut register, &csv, false).unwrap();
    assert_eq!((summary.rows, summary.added, summary.unchanged, summary.replaced), (100, 100, 0, 0));
}

/// The server's superuser address for the shared register's part, or `None` when the run
/// leaves PostgreSQL out (`NYTTA_PG=off`); `cargo xtask test` sets `NYTTA_PG_URL`.
fn pg_url() -> Option<String> {
    if std::env::var("NYTTA_PG").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        eprintln!("NYTTA_PG=off: the shared register's part of the bench is left out");
        return None;
    }
    match std::env::var("NYTTA_PG_URL") {
        Ok(url) => Some(url),
        Err(_) => panic!(
            "NYTTA_PG_URL is not set: `cargo xtask test` starts a PostgreSQL server for this test \
             (or set NYTTA_PG=off to leave it out)"
        ),
    }
}

/// The bench's path on the shared register, on the tiny register: it loads into PostgreSQL
/// through the store's transfer and reads back with the same statuses, a loaded database is
/// reused, and the import and the COPY baseline both write their rows into a fresh copy.
#[test]
fn a_tiny_register_loads_into_postgresql_with_the_same_statuses() {
    use bench::generate::import_rows;
    use bench::pg::{copy_baseline, database_name, Server, OWNER};
    use nytta::store::postgres::PgRegister;

    let Some(url) = pg_url() else { return };
    let spec = Spec::tiny(7);
    let blueprint = Blueprint::new(spec).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.nytta");
    write_register(&blueprint, &path).unwrap();

    let server = Server::new(&url).unwrap();
    let db: String = format!("{}_{}", database_name(&spec.cache_key()), std::process::id()).chars().take(63).collect();
    let work = format!("{}_w", &db[..db.len().min(61)]);
    struct Dropped<'a>(&'a Server, Vec<String>);
    impl Drop for Dropped<'_> {
        fn drop(&mut self) {
            for db in &self.1 {
                let _ = self.0.drop_database(db);
            }
        }
    }
    let _cleanup = Dropped(&server, vec![db.clone(), work.clone()]);

    let load = server.ensure_loaded(&db, &path).unwrap();
    assert!(load.is_some(), "a new database is loaded");
    assert!(server.is_loaded(&db).unwrap());
    assert!(server.ensure_loaded(&db, &path).unwrap().is_none(), "a loaded database is reused");

    let file = Register::open(&path).unwrap();
    let shared = PgRegister::open(&server.owner_info(&db).unwrap()).unwrap();
    let (file_data, shared_data) = (file.followup_data(None).unwrap(), shared.followup_data(None).unwrap());
    assert_eq!(shared_data.entries.len(), 10);
    let series = |d: &nytta::followup::FollowUpData| -> usize {
        d.entries.iter().map(|e| e.plan.indicators().map(|(_, i)| e.measurements.series(&i.code).len()).sum::<usize>()).sum()
    };
    assert_eq!(series(&shared_data), 320);
    assert_eq!(portfolio_summary(&shared_data.inputs(), as_of()), portfolio_summary(&file_data.inputs(), as_of()));
    drop(shared);

    // The app's import into a fresh copy, then PostgreSQL's own COPY of the same rows.
    let csv = dir.path().join("import.csv");
    write_import_csv(&blueprint, &csv, 100).unwrap();
    server.fresh_copy(&db, &work).unwrap();
    let mut copy = PgRegister::open(&server.owner_info(&work).unwrap()).unwrap();
    let summary = nytta::app::import::import_measurements(&mut copy, &csv, false).unwrap();
    assert_eq!((summary.rows, summary.added, summary.unchanged, summary.replaced), (100, 100, 0, 0));
    assert_eq!(series(&copy.followup_data(None).unwrap()), 320 + 100);
    drop(copy);
    server.fresh_copy(&db, &work).unwrap();
    let (_, copied) = copy_baseline(&server.url_for(OWNER, &work), &import_rows(&blueprint, 100).unwrap()).unwrap();
    assert_eq!(copied, 100);
    let copy = PgRegister::open(&server.owner_info(&work).unwrap()).unwrap();
    assert_eq!(series(&copy.followup_data(None).unwrap()), 320 + 100);
}
