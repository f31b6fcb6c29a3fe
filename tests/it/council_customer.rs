//! The council pack per customer (issue 15): `nytta report council --kund NAME` takes in the
//! initiatives an organisation is a customer of — whose benefits it realises — as the
//! portfolio groups them by customer, where `--org` takes in those it supplies. The scope is
//! named on the title page and in every page's footer. Read back with `pdftotext`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nytta::app::reports::{council_pack_scoped, PackScope};
use nytta::demo;

use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// The text of page `page` (from 1), all whitespace as one space.
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-enc", "UTF-8", path(pdf), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils."));
    text(&out.stdout).split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    text(&out.stdout).lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap()
}

fn demo_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    ok(nytta(&["demo", path(&file)]));
    (dir, file)
}

/// Socialförvaltningen Nordost supplies nothing in the demo, but is a customer of Intraservice's
/// automation of försörjningsstöd and of the three services every nämnd uses (docs/demo.md).
const NORDOST: &str = "Socialförvaltningen Nordost";
const NORDOST_INITIATIVES: [&str; 4] = ["NR-2024-001", "NR-2025-003", "NR-2025-005", "NR-2025-006"];

#[test]
fn the_customers_pack_holds_the_initiatives_it_realises_and_names_the_customer() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
    let pdf = council_pack_scoped(&register, demo::demo_date(), PackScope::Customer("socialförvaltningen nordost"), &mut |_| {})
        .unwrap();
    let file = dir.path().join("kund.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    let n = pages(&file);
    let first = page_text(&file, 1);
    assert!(first.contains(&format!("Kund: {NORDOST}")), "the scope on the title page, as the register spells it: {first}");
    let all: String = (1..=n).map(|p| page_text(&file, p)).collect::<Vec<_>>().join(" ");
    for code in NORDOST_INITIATIVES {
        assert!(all.contains(code), "{code} saknas i kundens underlag");
    }
    for code in ["NR-2024-002", "NR-2024-003", "NR-2025-004", "NR-2026-001"] {
        assert!(!all.contains(code), "{code} är inte Nordosts insats men finns med");
    }
    for page in 2..=n {
        assert!(page_text(&file, page).contains(&format!("Kund: {NORDOST}")), "sida {page}: omfattningen saknas i sidfoten");
    }

    // The same organisation as supplier has no initiatives: the scopes differ.
    let supplier = council_pack_scoped(&register, demo::demo_date(), PackScope::Supplier(NORDOST), &mut |_| {}).unwrap();
    assert_ne!(supplier.bytes, pdf.bytes);
    let file = dir.path().join("leverantor.pdf");
    std::fs::write(&file, &supplier.bytes).unwrap();
    assert!(page_text(&file, 1).contains(&format!("Leverantör: {NORDOST}")));
    assert!(!page_text(&file, 2).contains("NR-2025-003"));

    // The whole register's pack and the supplier's are as before: `--org` is the same call.
    let org = nytta::app::reports::council_pack_pdf(&register, demo::demo_date(), Some(NORDOST)).unwrap();
    assert_eq!(org.bytes, supplier.bytes);
}

#[test]
fn the_cli_makes_the_customers_pack_with_kund_and_refuses_it_with_org() {
    let (dir, file) = demo_file();
    let pdf = dir.path().join("kund.pdf");
    let out = ok(nytta(&["report", "council", path(&file), "--date", "2026-10-31", "--kund", "Intraservice", "--out", path(&pdf)]));
    assert!(text(&out.stdout).starts_with("Skrev rådsrapporten per 2026-10-31"), "{}", text(&out.stdout));
    assert!(page_text(&pdf, 1).contains("Kund: Intraservice"));

    let out = nytta(&["report", "council", path(&file), "--kund", "Ingen sådan", "--out", path(&pdf)]);
    assert_eq!(out.status.code(), Some(1));
    let error = text(&out.stderr);
    assert!(error.contains("Det finns ingen organisation som heter Ingen sådan"), "{error}");

    let both = nytta(&["report", "council", path(&file), "--org", "Intraservice", "--kund", "Intraservice", "--out", path(&pdf)]);
    assert_eq!(both.status.code(), Some(2), "wrong usage: {}", text(&both.stderr));

    let help = text(&nytta(&["report", "council", "--help"]).stdout);
    assert!(help.contains("--kund <NAMN>") && help.contains("realiserar nyttan"), "{help}");
}

#[test]
fn the_portfolio_chart_data_of_a_customers_pack_holds_the_same_initiatives() {
    let (dir, file) = demo_file();
    let csv = dir.path().join("kund.csv");
    let out = ok(nytta(&[
        "export", "chart-data", path(&file), "--portfolio", "--kund", NORDOST, "--date", "2026-10-31", "--out", path(&csv),
    ]));
    assert!(text(&out.stdout).starts_with("Skrev data för portföljens"), "{}", text(&out.stdout));
    let data = std::fs::read_to_string(&csv).unwrap();
    assert!(data.contains(&format!("kund {NORDOST}")), "the scope in the title: {data}");
    // Its initiatives with an approved plan (Kalendariet's is a draft): the pack's portfolio.
    for code in ["NR-2024-001", "NR-2025-003", "NR-2025-005"] {
        assert!(data.contains(code), "{code} saknas i kundens diagramdata: {data}");
    }
    for code in ["NR-2024-002", "NR-2024-003", "NR-2025-004", "NR-2026-001"] {
        assert!(!data.contains(code), "{code} är inte Nordosts insats men finns i diagramdata");
    }
    let both = nytta(&["export", "chart-data", path(&file), "--portfolio", "--org", "Intraservice", "--kund", NORDOST, "--out", path(&csv)]);
    assert_eq!(both.status.code(), Some(2));
}
