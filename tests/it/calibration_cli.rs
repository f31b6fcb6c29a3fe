//! `nytta calibration` as a process on the demo register: the Swedish table, the JSON, the
//! too-few rule (no figure with n < 3) and a Swedish error for a bad date.

use serde_json::Value;

use crate::support::cli::{nytta, text};

fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta").display().to_string();
    let out = nytta(&["demo", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (dir, file)
}

#[test]
fn calibration_of_the_demo_register_shows_medians_of_three_or_more_initiatives() {
    let (_dir, file) = demo();
    let out = nytta(&["calibration", &file, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-10-31");
    let rows = json["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "the demo has calibration figures");
    for row in rows {
        assert!(row["n"].as_u64().unwrap() >= 3, "{row}");
        assert!(row["median"].is_string(), "{row}");
        let sentence = row["sentence"].as_str().unwrap();
        assert!(sentence.contains("har i median realiserat") && sentence.contains("(n = "), "{sentence}");
    }
    assert!(rows.iter().any(|r| r["organisation"].is_null()), "the whole register has a figure");

    let table = nytta(&["calibration", &file]);
    assert_eq!(table.status.code(), Some(0));
    let table = text(&table.stdout);
    assert!(table.starts_with("Kalibrering per 2026-10-31"), "{table}");
    assert!(table.contains("Organisation") && table.contains("Antal insatser"), "{table}");
    assert!(table.contains("Hela registret"), "{table}");
}

#[test]
fn a_bad_date_is_refused_in_swedish() {
    let (_dir, file) = demo();
    let out = nytta(&["calibration", &file, "--date", "31/10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--date"), "{}", text(&out.stderr));
}
