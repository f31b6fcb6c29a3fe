//! The decision document (beslutsunderlag, `nytta report initiative --utkast`): the report on
//! an initiative's drafts for the meeting that approves them. Every page carries the draft
//! mark — read back page by page with `pdftotext -f N -l N` (poppler-utils) — and the
//! approved initiative report carries it on none.
//!
//! The PDFs are also left in `target/tmp/beslutsunderlag/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use nytta::demo;

use crate::support::cli::{nytta, text};

const MARK: &str = "UTKAST – ej godkänd";

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo kunde inte köras ({e}). Installera poppler-utils."));
    let info = text(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gav inget sidantal: {info}"))
}

/// The text of page `page` (from 1) alone.
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-enc", "UTF-8", path(pdf), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils."));
    assert!(out.status.success(), "pdftotext misslyckades: {}", text(&out.stderr));
    text(&out.stdout)
}

fn keep_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("beslutsunderlag");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The demo's initiatives with a draft: a second calculation version over an approved one
/// (NR-2025-004), a draft calculation and plan (NR-2026-002), an incomplete draft plan beside
/// an approved calculation (NR-2026-001) and a draft plan without effect goals or calculation
/// (NR-2025-006).
const WITH_DRAFTS: [&str; 4] = ["NR-2025-004", "NR-2026-002", "NR-2026-001", "NR-2025-006"];

#[test]
fn every_page_of_every_demo_decision_document_is_marked_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
    for code in WITH_DRAFTS {
        let pdf = nytta::app::reports::decision_document_pdf(&register, code, demo::demo_date()).unwrap();
        assert!(pdf.not_pdf_a.is_none(), "{code}: {:?}", pdf.not_pdf_a);
        let file = keep_dir().join(format!("{code}.pdf"));
        std::fs::write(&file, &pdf.bytes).unwrap();
        let n = pages(&file);
        assert!(n >= 2, "{code}: {n} sidor");
        for page in 1..=n {
            let text = page_text(&file, page);
            assert!(text.contains(MARK), "{code}, sida {page} saknar märkningen:\n{text}");
            assert!(text.contains(&format!("Sida {page} av {n}")), "{code}, sida {page}");
        }
        let first = page_text(&file, 1);
        assert!(first.contains(&format!("Beslutsunderlag: {code}")), "{first}");
        assert!(first.contains("väntar på godkännande"), "{first}");
    }
}

#[test]
fn the_approved_initiative_report_is_never_marked_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
    // NR-2025-004 has a draft calculation; its report shows the approved version, unmarked.
    let pdf = nytta::app::reports::initiative_report_pdf(&register, "NR-2025-004", demo::demo_date()).unwrap();
    let file = dir.path().join("insats.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    for page in 1..=pages(&file) {
        let text = page_text(&file, page);
        assert!(!text.contains("UTKAST"), "sida {page} av den godkända rapporten är märkt som utkast");
    }
}

#[test]
fn a_draft_calculation_is_shown_beside_the_approved_one_it_would_replace() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
    let pdf = nytta::app::reports::decision_document_pdf(&register, "NR-2025-004", demo::demo_date()).unwrap();
    let file = dir.path().join("e-arkiv.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    let all: String = (1..=pages(&file)).map(|p| page_text(&file, p)).collect();
    for expected in [
        "Version 2 – utkast, väntar på godkännande",
        "Skäl till den nya versionen: Driftsättningen flyttas till december 2026",
        "Utkastet jämfört med den godkända kalkylen",
        "Jämfört med version 1, godkänd 2025-03-11",
        "Resultat per scenario",
        // The plan is approved and stays: said so, never called a draft.
        "gäller och ändras inte i detta beslut",
        "Godkänd av",
        "Beslutsreferens",
    ] {
        assert!(all.contains(expected), "{expected} saknas:\n{all}");
    }
}

#[test]
fn the_cli_writes_the_decision_document_with_utkast_and_refuses_without_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let out_pdf = dir.path().join("underlag.pdf");
    let out = nytta(&[
        "report", "initiative", path(&file), "--initiative", "nr-2025-006", "--utkast", "--out", path(&out_pdf),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("Skrev beslutsunderlaget (utkast) om nr-2025-006 per 2026-10-31 till {}.\n", out_pdf.display())
    );
    let first = page_text(&out_pdf, 1);
    assert!(first.contains(MARK), "{first}");
    // Kalendariet: no effect goals and no calculation (docs/demo.md), said on the first page.
    assert!(first.contains("Inga effektmål angivna – krävs innan beslut"), "{first}");
    assert!(first.contains("Ingen nyttokalkyl – krävs innan beslut"), "{first}");

    // NR-2024-001 has approved versions only: nothing to decide, exit 1, no file.
    let none = dir.path().join("inget.pdf");
    let out = nytta(&["report", "initiative", path(&file), "--initiative", "NR-2024-001", "--utkast", "--out", path(&none)]);
    assert_eq!(out.status.code(), Some(1));
    let error = text(&out.stderr);
    assert!(error.starts_with("Fel: Insatsen NR-2024-001 har inget utkast till nyttokalkyl eller nyttorealiseringsplan"), "{error}");
    assert!(!none.exists());

    // The flag is in the help, in Swedish.
    let help = text(&nytta(&["report", "initiative", "--help"]).stdout);
    assert!(help.contains("--utkast") && help.contains("Beslutsunderlag"), "{help}");
}
