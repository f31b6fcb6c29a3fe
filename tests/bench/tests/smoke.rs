//! The generator stays correct: a tiny register of the benchmark's shape is made through the
//! store and reads back as the blueprint says. (No timing here: tests never assert on time.)

use nytta::store::prelude::*;
use bench::generate::{as_of, write_import_csv, write_register, Blueprint, Spec};
use nytta::followup::{portfolio_summary, Status};
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
