//! The portfolio's flags in `nytta list` (issue 15; seed 003 §1.3): an initiative without
//! effect goals or without a benefit calculation is marked in a column added last, so the
//! columns scripts read before it are unchanged.

use std::path::Path;

use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn list_marks_the_demos_initiative_without_effect_goals_and_calculation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());

    let out = nytta(&["list", path(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let header = table.lines().next().unwrap();
    assert!(header.contains("Tid/Kostnad/Resultat      Luckor"), "the flags follow the status: {header}");
    // The category (migration 0006) came after them, then the benefit status (issue 18), last.
    let category = header.find("Kategori").expect("no Kategori column");
    assert!(header.ends_with("Nyttostatus") && category < header.find("Nyttostatus").unwrap(), "{header}");
    let kalendariet = table.lines().find(|l| l.starts_with("NR-2025-006")).unwrap();
    assert!(
        kalendariet.contains("⚠ Saknar effektmål / ⚠ Saknar nyttokalkyl  Kvalitetshöjande"),
        "Kalendariet has neither (docs/demo.md): {kalendariet}"
    );
    let flagged: Vec<&str> = table.lines().filter(|l| l.contains("⚠ Saknar")).map(|l| &l[..11]).collect();
    assert_eq!(flagged, ["NR-2025-006"], "{table}");
    assert!(table.ends_with("15 insatser\n"), "the count line stays last: {table}");

    let json = nytta(&["list", path(&file), "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["code"] == "NR-2025-006").unwrap();
    assert_eq!(row["gaps"], serde_json::json!(["effect_goals", "calculation"]));
    assert_eq!(row["has_effect_goals"], false);
    assert_eq!(row["has_calculation"], false);
    // Without an approved plan no benefit status; with one, the status as of the demo's date.
    assert_eq!(row["benefit_status"], serde_json::Value::Null);
    let telefoni = rows.as_array().unwrap().iter().find(|r| r["code"] == "NR-2024-001").unwrap();
    assert_eq!(telefoni["benefit_status"]["code"], "gron");
}

#[test]
fn list_ends_each_row_with_the_benefit_status_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let table = text(&nytta(&["list", path(&file)]).stdout);
    let row = |code: &str| table.lines().find(|l| l.starts_with(code)).unwrap().to_string();
    // As docs/demo.md says of the demo per 2026-10-31: a green, a missing, a red one.
    assert!(row("NR-2024-001").ends_with("● Grön"), "{}", row("NR-2024-001"));
    assert!(row("NR-2024-003").ends_with("? Saknas"), "{}", row("NR-2024-003"));
    assert!(row("NR-2025-005").ends_with("■ Röd"), "{}", row("NR-2025-005"));
    assert!(row("NR-2025-006").ends_with("– Ingen godkänd plan"), "{}", row("NR-2025-006"));
}
