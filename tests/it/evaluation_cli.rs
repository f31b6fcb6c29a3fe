//! `nytta evaluate` as a process on the demo register: a draft from the follow-up, approval
//! refused without what was learnt (Swedish, exit 1), approved and then frozen; the phase
//! shows "Utvärderad".

use serde_json::Value;

use crate::support::cli::{nytta, text};

#[test]
fn an_initiative_is_evaluated_drafted_approved_and_frozen_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta").display().to_string();
    assert!(nytta(&["demo", &file]).status.success());
    // The demo's closed telephony initiative is evaluated already.
    let demo = nytta(&["evaluate", "visa", &file, "--insats", "NR-2024-001", "--json"]);
    let demo: Value = serde_json::from_slice(&demo.stdout).unwrap();
    assert_eq!(demo["phase_label"], "Utvärderad");
    assert!(demo["approved"]["frozen_notice"].as_str().unwrap().contains("DMN 2026-09-22 §51"));

    // Trygghetslarm still has its 24-month checkpoint to come: closing needs a reason.
    let code = "NR-2024-002";
    let early = nytta(&["evaluate", "utkast", &file, "--insats", code]);
    assert_eq!(early.status.code(), Some(1));
    assert!(text(&early.stderr).contains("Skäl"), "{}", text(&early.stderr));
    let draft = nytta(&["evaluate", "utkast", &file, "--insats", code, "--skal", "Nyttan är hemtagen; 24-månadersmätningen görs i förvaltningens egen uppföljning."]);
    assert_eq!(draft.status.code(), Some(0), "{}", text(&draft.stderr));
    let refused = nytta(&["evaluate", "godkann", &file, "--insats", code, "--by", "Rådet", "--beslutsdatum", "2026-10-20", "--ref", "DR 2026-10-20 §7"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("Lärdomar"), "{}", text(&refused.stderr));

    let learnt = nytta(&["evaluate", "utkast", &file, "--insats", code, "--skal", "Nyttan är hemtagen.", "--lardomar", "Mät nöjdheten före driftsättning."]);
    assert_eq!(learnt.status.code(), Some(0), "{}", text(&learnt.stderr));
    let approved = nytta(&["evaluate", "godkann", &file, "--insats", code, "--by", "Rådet", "--beslutsdatum", "2026-10-20", "--ref", "DR 2026-10-20 §7"]);
    assert_eq!(approved.status.code(), Some(0), "{}", text(&approved.stderr));

    let shown = nytta(&["evaluate", "visa", &file, "--insats", code, "--json"]);
    let view: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(view["phase_label"], "Utvärderad");
    assert_eq!(view["approved"]["learnt"], "Mät nöjdheten före driftsättning.");
    assert_eq!(view["approved"]["harvested"], "ej registrerad");

    let again = nytta(&["evaluate", "utkast", &file, "--insats", code, "--lardomar", "Ändrat"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("ny version"), "{}", text(&again.stderr));
}
