//! Supplier and customers through the CLI (issue 15; seed 004 §2.4.2.5): the demo's shared
//! services have several customers, the reports show supplier, customers and financing, the
//! council pack's `--org` is the supplier, and the JSON document carries the customers in
//! format version 2 while a version-1 document still imports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nytta::model::initiative::Financing;
use nytta::store::prelude::*;
use nytta::store::Register;
use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// The PDF's text in reading order (no -layout: the facts beside the status box stay whole),
/// all whitespace as one space.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", path(pdf), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils."));
    text(&out.stdout).split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    ok(nytta(&["demo", path(&file)]));
    (dir, file)
}

#[test]
fn the_demos_shared_services_have_several_customers_and_intraservice_supplies_many() {
    let (_dir, file) = demo();
    let register = Register::open(&file).unwrap();
    let organisations = register.organisations().unwrap();
    let name = |id: i64| organisations.iter().find(|o| o.id == id).unwrap().name.clone();
    let summaries = register.initiative_summaries().unwrap();
    let by_intraservice = summaries.iter().filter(|s| s.organisation == "Intraservice").count();
    assert!(by_intraservice >= 3, "Intraservice levererar {by_intraservice} insatser");
    for summary in &summaries {
        let fields = register.initiative(summary.id).unwrap().fields;
        assert!(!fields.customer_ids.is_empty(), "{}", summary.code);
        match fields.financing {
            // A shared service: several customers, its cost split by a key.
            Some(Financing::Kostnadsfordelning) => {
                assert!(fields.customer_ids.len() > 1, "{}", summary.code);
                assert!(!fields.allocation_key.is_empty(), "{}", summary.code);
            }
            // Business-specific: the administration is its own supplier and customer.
            Some(Financing::EgenBudget) => assert_eq!(fields.customer_ids, [fields.organisation_id], "{}", summary.code),
            Some(Financing::FakturaAPris) => assert!(fields.allocation_key.is_empty()),
            other => panic!("{}: {other:?}", summary.code),
        }
    }
    let forsorjning = register.initiative_by_code("NR-2025-003").unwrap();
    let customers: Vec<String> = forsorjning.fields.customer_ids.iter().map(|id| name(*id)).collect();
    assert_eq!(customers.len(), 4, "{customers:?}");
    assert!(customers.iter().all(|c| c.starts_with("Socialförvaltningen")), "{customers:?}");
    let plan = register.latest_approved_plan(forsorjning.id).unwrap().unwrap();
    assert!(plan.plan.benefits.iter().all(|b| b.realised_by.map(name).as_deref() == Some("Socialförvaltningen Centrum")));
}

#[test]
fn the_initiative_report_shows_supplier_customers_financing_and_who_realises_each_benefit() {
    let (dir, file) = demo();
    let pdf = dir.path().join("insats.pdf");
    ok(nytta(&["report", "initiative", path(&file), "--initiative", "NR-2025-003", "--date", "2026-10-31", "--out", path(&pdf)]));
    let flat = pdf_text(&pdf);
    // The facts are a two-column table: labels and values are read apart.
    for expected in [
        "Leverantör",
        "Intraservice",
        "Kunder",
        "Socialförvaltningen Centrum, Socialförvaltningen Hisingen, Socialförvaltningen Nordost, Socialförvaltningen Sydväst",
        "Finansieringsform",
        "Faktura à pris",
        "Realiseras av",
    ] {
        assert!(flat.contains(expected), "{expected:?} saknas i {flat}");
    }
    assert!(!flat.contains("Fördelningsnyckel"), "a key only with kostnadsfördelning");
    let pdf = dir.path().join("delad.pdf");
    ok(nytta(&["report", "initiative", path(&file), "--initiative", "NR-2024-001", "--date", "2026-10-31", "--out", path(&pdf)]));
    let flat = pdf_text(&pdf);
    for expected in ["Kostnadsfördelning", "Fördelningsnyckel", "Grundbelopp, antal anknytningar"] {
        assert!(flat.contains(expected), "{expected:?} saknas i {flat}");
    }
}

#[test]
fn the_council_packs_org_is_the_supplier() {
    let (dir, file) = demo();
    let pdf = dir.path().join("intraservice.pdf");
    ok(nytta(&["report", "council", path(&file), "--date", "2026-10-31", "--org", "intraservice", "--out", path(&pdf)]));
    let flat = pdf_text(&pdf);
    assert!(flat.contains("Leverantör: Intraservice"), "{flat}");
    assert!(flat.contains("NR-2025-003") && flat.contains("NR-2025-004"), "{flat}");
    assert!(!flat.contains("NR-2024-003"), "Socialförvaltningen Centrums egen insats finns med");
    let list = text(&ok(nytta(&["list", path(&file)])).stdout);
    assert!(list.lines().next().unwrap().contains("Leverantör"), "{list}");
}

#[test]
fn the_json_export_carries_customers_and_a_version_1_document_imports() {
    let (dir, file) = demo();
    let json = dir.path().join("demo.json");
    ok(nytta(&["export", "json", path(&file), "--out", path(&json)]));
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    // Customers came with version 2; the document is of the version this program writes.
    assert_eq!(document["version"], nytta::io::register_json::VERSION);
    let shared = document["initiatives"].as_array().unwrap().iter().find(|i| i["code"] == "NR-2024-001").unwrap();
    assert_eq!(shared["customer_ids"].as_array().unwrap().len(), 10);
    assert_eq!(shared["financing"], "kostnadsfordelning");

    let old = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/register-format-1.json");
    let imported = dir.path().join("gammal.nytta");
    ok(nytta(&["import", "json", path(&imported), path(&old)]));
    let again = dir.path().join("igen.json");
    ok(nytta(&["export", "json", path(&imported), "--out", path(&again)]));
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    assert_eq!(document["version"], nytta::io::register_json::VERSION);
    for initiative in document["initiatives"].as_array().unwrap() {
        assert_eq!(initiative["customer_ids"], serde_json::json!([initiative["organisation_id"]]), "{}", initiative["code"]);
        // Read as migration 0005 reads a register: the running cost per calendar year.
        assert!(initiative["running_cost"]["years"].as_array().is_some_and(|y| y.len() == 3), "{}", initiative["code"]);
        assert!(initiative["running_cost"].get("year_n").is_none());
    }
}

#[test]
fn the_workbook_has_supplier_customers_financing_and_who_realises_each_benefit() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (dir, file) = demo();
    let xlsx = dir.path().join("demo.xlsx");
    ok(nytta(&["export", "xlsx", path(&file), "--out", path(&xlsx)]));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let cell = |row: &[Data], header: &[Data], name: &str| -> String {
        let column = header.iter().position(|h| h.to_string() == name).unwrap_or_else(|| panic!("no column {name}"));
        row[column].to_string()
    };

    let initiatives = book.worksheet_range("Insatser").unwrap();
    let mut rows = initiatives.rows();
    let header = rows.next().unwrap().to_vec();
    let forsorjning = rows.find(|r| r[1].to_string() == "NR-2025-003").unwrap();
    assert_eq!(cell(forsorjning, &header, "Leverantör"), "Intraservice");
    let customers = cell(forsorjning, &header, "Kunder");
    assert_eq!(customers.lines().count(), 4, "one customer a line: {customers}");
    assert!(customers.lines().all(|c| c.starts_with("Socialförvaltningen")), "{customers}");
    assert_eq!(cell(forsorjning, &header, "Finansieringsform"), "Faktura à pris");

    let benefits = book.worksheet_range("Nyttor").unwrap();
    let mut rows = benefits.rows();
    let header = rows.next().unwrap().to_vec();
    let realised: Vec<String> =
        rows.filter(|r| r[0].to_string() == "NR-2025-003").map(|r| cell(r, &header, "Realiseras av")).collect();
    assert!(!realised.is_empty() && realised.iter().all(|r| r == "Socialförvaltningen Centrum"), "{realised:?}");
}
