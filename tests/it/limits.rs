//! Hostile and broken input at the limits: huge fields, huge calculations, 40-digit numbers,
//! year 9999, empty and binary files — each a clear Swedish error or handled, never a panic
//! or a hang — and write failures (a full disk, a read-only file) that leave the register whole.

use nytta::store::prelude::*;
use std::path::Path;

use nytta::model::initiative::{InitiativeFields, OrganisationKind};
use nytta::store::{Register, SimulatedFault, StoreError};

fn register(path: &Path) -> (Register, i64) {
    let mut register = Register::create(path, "Gränser").unwrap();
    let org = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "").unwrap();
    (register, org)
}

fn fields(code: &str, org: i64) -> InitiativeFields {
    InitiativeFields { code: code.into(), name: format!("Insats {code}"), ..InitiativeFields::blank(org) }
}

#[test]
fn a_field_of_one_megabyte_is_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org) = register(&dir.path().join("r.nytta"));
    let mut big = fields("BIG-1", org);
    big.need = "å".repeat(512 * 1024); // 1 MiB of UTF-8
    match register.create_initiative(&big) {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "need");
            assert!(errors[0].message.contains("för lång"), "{}", errors[0].message);
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(register.initiative_summaries().unwrap().is_empty());
}

#[test]
fn a_forty_digit_number_is_a_clear_error() {
    let error = nytta::io::values::parse_decimal("1234567890123456789012345678901234567890").unwrap_err();
    assert!(!error.is_empty());
    assert!(nytta::io::values::parse_decimal("12,5").is_ok());
}

#[test]
fn year_9999_is_handled_without_panic() {
    // As a parsed date: refused as unreasonable or accepted, but never a panic.
    let _ = nytta::io::values::parse_date("9999-12-31");
    // As a go-live date: checkpoints run past year 9999 without overflow.
    let go_live = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let twelve = nytta::followup::checkpoint_date(go_live, 12);
    assert!(twelve > go_live);
}

#[test]
fn a_calculation_with_100_000_lines_is_computed() {
    use nytta::model::calculation::*;
    let mut calculation = Calculation::new(2026);
    for i in 0..100_000 {
        calculation.lines.push(CalcLine {
            key: format!("rad-{i}"),
            kind: if i % 2 == 0 { LineKind::Nytta } else { LineKind::Kostnad },
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: if i % 2 == 0 { None } else { Some(CostType::Extern) },
            description: format!("Rad {i}"),
            source: "Test".into(),
            owner: "Test".into(),
            value: LineValue::Amount { amount: Estimate::exact(rust_decimal::Decimal::from(1000 + i)) },
            timing: Timing::recurring(0),
        });
    }
    let result = nytta::calc::calculate(&calculation, &default_factors()).expect("a large calculation computes");
    assert!(result.likely.pv_benefits > rust_decimal::Decimal::ZERO);
}

#[test]
fn empty_and_binary_files_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("tom.csv");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("bild.csv");
    let mut bytes: Vec<u8> = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&binary, bytes).unwrap();
    for file in [&empty, &binary] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nytta"))
            .args(["import", "measurements", dir.path().join("r.nytta").to_str().unwrap(), file.to_str().unwrap(), "--dry-run"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.starts_with("Fel:"), "a Swedish message, not a panic: {message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn a_full_disk_fails_the_write_cleanly_and_the_register_works_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org) = register(&dir.path().join("r.nytta"));
    register.create_initiative(&fields("A-1", org)).unwrap();
    register.simulate_fault(Some(SimulatedFault::DiskFull)).unwrap();
    let mut large = fields("A-2", org);
    // Large, but within every field's limit (model::limits::LONG_TEXT): 72 000 characters.
    let text = "Lång beskrivning. ".repeat(200);
    // The base service is a name from the supplier's list (migration 0006), not a free text.
    for field in [&mut large.need, &mut large.benefit, &mut large.project_goals, &mut large.goal_link] {
        *field = text.clone();
    }
    large.effect_goals = vec![text.clone(); 15];
    let error = register.create_initiative(&large).unwrap_err();
    assert!(error.to_string().contains("Disken är full"), "{error}");
    register.simulate_fault(None).unwrap();
    assert_eq!(register.initiative_summaries().unwrap().len(), 1, "nothing half-written");
    assert_eq!(register.check().unwrap().integrity, "ok");
    register.create_initiative(&large).expect("once there is room again, writing works");
}

#[test]
fn a_read_only_register_fails_the_write_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org) = register(&dir.path().join("r.nytta"));
    register.simulate_fault(Some(SimulatedFault::ReadOnly)).unwrap();
    let error = register.create_initiative(&fields("B-1", org)).unwrap_err();
    assert!(error.to_string().contains("skrivskyddat"), "{error}");
    register.simulate_fault(None).unwrap();
    assert!(register.initiative_summaries().unwrap().is_empty());
    register.create_initiative(&fields("B-1", org)).unwrap();
}
