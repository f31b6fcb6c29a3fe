//! `nytta status` and `nytta chart` run as processes on registers built here and on the demo
//! register: the statuses of the follow-up's edge cases (docs/uppfoljning.md §2–§5) as the
//! JSON reports them, Swedish errors for bad input, and the demo's statuses as of its date.

use crate::support::plan_examples as examples;

use std::path::Path;

use nytta::model::plan::Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower};
use serde_json::Value;

use examples::*;
use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn status_json(file: &Path, date: &str) -> Value {
    let out = nytta(&["status", path(file), "--date", date, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn initiative<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

fn ind<'a>(report: &'a Value, code: &str, indicator: &str) -> &'a Value {
    initiative(report, code)["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["indicators"].as_array().unwrap())
        .find(|i| i["code"] == indicator)
        .unwrap_or_else(|| panic!("{code} {indicator} missing"))
}

fn checkpoint<'a>(report: &'a Value, code: &str, indicator: &str, months: u64) -> &'a Value {
    ind(report, code, indicator)["checkpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["months_after_go_live"] == months)
        .unwrap()
}

/// The edge cases, one initiative each (go-live 2025-09-01 unless named): the 6-month
/// checkpoint is 2026-03-01, its window 2026-01-15 – 2026-04-15 and its grace until
/// 2026-03-31.
fn edge_register(file: &Path) {
    let g = Some(d(2025, 9, 1));
    let (mut r, ids) = register_with(
        file,
        &[
            ("WIN", g),
            ("GRACE", g),
            ("MONTHEND", Some(d(2025, 8, 31))),
            ("LEAP", Some(d(2023, 8, 31))),
            ("DIR", g),
            ("HOLD", g),
            ("NOBASE", g),
            ("PRE", Some(d(2026, 1, 15))),
            ("SEVERAL", g),
            ("LATE", g),
        ],
    );
    let [win, grace, monthend, leap, dir, hold, nobase, pre, several, late] = ids[..] else {
        unreachable!()
    };

    // ±45 days, both bounds counted: day 45 counts, day 46 does not.
    approve(
        &mut r,
        win,
        &plan(vec![
            indicator("LAST", Higher, Some("60"), &[(6, "70")]),
            indicator("AFTER46", Higher, Some("60"), &[(6, "70")]),
            indicator("FIRST", Higher, Some("60"), &[(6, "70")]),
            indicator("BEFORE46", Higher, Some("60"), &[(6, "70")]),
        ]),
    );
    add(&mut r, win, "LAST", d(2026, 4, 15), "70");
    add(&mut r, win, "AFTER46", d(2026, 4, 16), "70");
    add(&mut r, win, "FIRST", d(2026, 1, 15), "70");
    add(&mut r, win, "BEFORE46", d(2026, 1, 14), "70");

    // No measurement: kommande through day 30 after the checkpoint, saknas from day 31.
    approve(
        &mut r,
        grace,
        &plan(vec![indicator(
            "NONE",
            Higher,
            Some("60"),
            &[(6, "70"), (12, "80")],
        )]),
    );

    // Month-end clamping.
    approve(
        &mut r,
        monthend,
        &plan(vec![indicator(
            "M",
            Higher,
            Some("60"),
            &[(6, "70"), (12, "80")],
        )]),
    );
    approve(
        &mut r,
        leap,
        &plan(vec![indicator(
            "M",
            Higher,
            Some("60"),
            &[(6, "70"), (12, "80")],
        )]),
    );

    // Both directions through the same formula; the bounds of gul.
    approve(
        &mut r,
        dir,
        &plan(vec![
            indicator("LOWER", Lower, Some("30"), &[(6, "20")]),
            indicator("HIGHER", Higher, Some("60"), &[(6, "70")]),
            indicator("RED", Higher, Some("60"), &[(6, "70")]),
            indicator("GREEN", Lower, Some("30"), &[(6, "20")]),
        ]),
    );
    add(&mut r, dir, "LOWER", d(2026, 3, 1), "22");
    add(&mut r, dir, "HIGHER", d(2026, 3, 1), "68");
    add(&mut r, dir, "RED", d(2026, 3, 1), "67.9");
    add(&mut r, dir, "GREEN", d(2026, 3, 1), "19");

    // Target = baseline: hold the level.
    approve(
        &mut r,
        hold,
        &plan(vec![
            indicator("HELD", Higher, Some("50"), &[(6, "50")]),
            indicator("DROPPED", Higher, Some("50"), &[(6, "50")]),
            indicator("LOWHELD", Lower, Some("50"), &[(6, "50")]),
            indicator("ROSE", Lower, Some("50"), &[(6, "50")]),
        ]),
    );
    add(&mut r, hold, "HELD", d(2026, 3, 1), "50");
    add(&mut r, hold, "DROPPED", d(2026, 3, 1), "49.9");
    add(&mut r, hold, "LOWHELD", d(2026, 3, 1), "48");
    add(&mut r, hold, "ROSE", d(2026, 3, 1), "51");

    // No baseline: the target as a ratio.
    approve(
        &mut r,
        nobase,
        &plan(vec![
            indicator("UP", Higher, None, &[(6, "40")]),
            indicator("DOWN", Lower, None, &[(6, "10")]),
        ]),
    );
    add(&mut r, nobase, "UP", d(2026, 3, 1), "44");
    add(&mut r, nobase, "DOWN", d(2026, 3, 1), "12.5");

    // A measurement before go-live never counts, even within 45 days of a checkpoint.
    approve(
        &mut r,
        pre,
        &plan(vec![indicator("P", Higher, Some("60"), &[(1, "70")])]),
    );
    add(&mut r, pre, "P", d(2026, 1, 10), "90");

    // Several in the window: the closest; on a tie, the later.
    approve(
        &mut r,
        several,
        &plan(vec![
            indicator("CLOSEST", Higher, Some("60"), &[(6, "70")]),
            indicator("TIE", Higher, Some("60"), &[(6, "70")]),
        ]),
    );
    add(&mut r, several, "CLOSEST", d(2026, 2, 20), "61");
    add(&mut r, several, "CLOSEST", d(2026, 3, 5), "70");
    add(&mut r, several, "CLOSEST", d(2026, 3, 20), "62");
    add(&mut r, several, "TIE", d(2026, 2, 19), "61");
    add(&mut r, several, "TIE", d(2026, 3, 11), "69");

    // Measurements dated after the as-of date do not count yet.
    approve(
        &mut r,
        late,
        &plan(vec![indicator("L", Higher, Some("60"), &[(6, "70")])]),
    );
    add(&mut r, late, "L", d(2026, 3, 5), "71");
}

#[test]
fn the_window_is_45_days_each_side_with_both_bounds_counted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    let last = checkpoint(&r, "WIN", "LAST", 6);
    assert_eq!(
        (last["window_from"].as_str(), last["window_to"].as_str()),
        (Some("2026-01-15"), Some("2026-04-15"))
    );
    assert_eq!(last["measurement"]["date"], "2026-04-15");
    assert_eq!(last["status"], "gron");
    assert_eq!(
        checkpoint(&r, "WIN", "FIRST", 6)["measurement"]["date"],
        "2026-01-15"
    );
    assert_eq!(checkpoint(&r, "WIN", "FIRST", 6)["status"], "gron");
    for missing in ["AFTER46", "BEFORE46"] {
        let c = checkpoint(&r, "WIN", missing, 6);
        assert!(c["measurement"].is_null(), "{missing}: {c}");
        assert_eq!(c["status"], "saknas", "{missing}");
    }
    assert_eq!(initiative(&r, "WIN")["status"], "saknas");
}

#[test]
fn a_missing_measurement_is_kommande_for_30_days_then_saknas() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let day30 = status_json(&file, "2026-03-31");
    let c = checkpoint(&day30, "GRACE", "NONE", 6);
    assert_eq!(c["grace_until"], "2026-03-31");
    assert_eq!(c["status"], "kommande");
    assert_eq!(ind(&day30, "GRACE", "NONE")["status"], "kommande");
    assert!(ind(&day30, "GRACE", "NONE")["status_checkpoint"].is_null());

    let day31 = status_json(&file, "2026-04-01");
    assert_eq!(checkpoint(&day31, "GRACE", "NONE", 6)["status"], "saknas");
    assert_eq!(
        checkpoint(&day31, "GRACE", "NONE", 12)["status"],
        "kommande"
    );
    assert_eq!(ind(&day31, "GRACE", "NONE")["status"], "saknas");
    assert_eq!(ind(&day31, "GRACE", "NONE")["status_checkpoint"], 6);
    assert_eq!(initiative(&day31, "GRACE")["status"], "saknas");
    assert_eq!(day31["as_of"], "2026-04-01");
}

#[test]
fn checkpoints_are_clamped_to_the_end_of_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    assert_eq!(checkpoint(&r, "MONTHEND", "M", 6)["date"], "2026-02-28");
    assert_eq!(checkpoint(&r, "MONTHEND", "M", 12)["date"], "2026-08-31");
    assert_eq!(checkpoint(&r, "LEAP", "M", 6)["date"], "2024-02-29");
    assert_eq!(checkpoint(&r, "LEAP", "M", 12)["date"], "2024-08-31");
    assert_eq!(
        initiative(&r, "MONTHEND")["next_checkpoint"]["date"],
        "2026-08-31"
    );
}

#[test]
fn both_directions_use_the_same_formula_and_the_bounds_of_gul() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    let lower = checkpoint(&r, "DIR", "LOWER", 6);
    assert_eq!(
        (lower["achievement"].as_str(), lower["status"].as_str()),
        (Some("0.8"), Some("gul"))
    );
    let higher = checkpoint(&r, "DIR", "HIGHER", 6);
    assert_eq!(
        (higher["achievement"].as_str(), higher["status"].as_str()),
        (Some("0.8"), Some("gul"))
    );
    let red = checkpoint(&r, "DIR", "RED", 6);
    assert_eq!(
        (red["achievement"].as_str(), red["status"].as_str()),
        (Some("0.79"), Some("rod"))
    );
    let green = checkpoint(&r, "DIR", "GREEN", 6);
    assert_eq!(
        (green["achievement"].as_str(), green["status"].as_str()),
        (Some("1.1"), Some("gron"))
    );
    assert_eq!(ind(&r, "DIR", "LOWER")["direction"], "lower_is_better");
    assert_eq!(
        initiative(&r, "DIR")["status"],
        "rod",
        "the worst indicator decides"
    );
}

#[test]
fn a_target_equal_to_the_baseline_means_hold_the_level() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    for (code, achievement, status) in [
        ("HELD", "1", "gron"),
        ("DROPPED", "0", "rod"),
        ("LOWHELD", "1", "gron"),
        ("ROSE", "0", "rod"),
    ] {
        let c = checkpoint(&r, "HOLD", code, 6);
        assert_eq!(
            (c["achievement"].as_str(), c["status"].as_str()),
            (Some(achievement), Some(status)),
            "{code}"
        );
    }
}

#[test]
fn without_a_baseline_the_target_is_compared_as_a_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    assert!(ind(&r, "NOBASE", "UP")["baseline"].is_null());
    let up = checkpoint(&r, "NOBASE", "UP", 6);
    assert_eq!(
        (up["achievement"].as_str(), up["status"].as_str()),
        (Some("1.1"), Some("gron"))
    );
    let down = checkpoint(&r, "NOBASE", "DOWN", 6);
    assert_eq!(
        (down["achievement"].as_str(), down["status"].as_str()),
        (Some("0.8"), Some("gul"))
    );
}

#[test]
fn a_measurement_before_go_live_never_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    let c = checkpoint(&r, "PRE", "P", 1);
    assert_eq!(
        (c["date"].as_str(), c["window_from"].as_str()),
        (Some("2026-02-15"), Some("2026-01-15"))
    );
    assert!(c["measurement"].is_null());
    assert_eq!(c["status"], "saknas");
    assert!(ind(&r, "PRE", "P")["current"].is_null());
    assert!(ind(&r, "PRE", "P")["realisation_achievement"].is_null());
}

#[test]
fn with_several_in_the_window_the_closest_counts_and_a_tie_goes_to_the_later() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let r = status_json(&file, "2026-05-01");
    let closest = checkpoint(&r, "SEVERAL", "CLOSEST", 6);
    assert_eq!(
        closest["measurement"],
        serde_json::json!({ "index": 1, "date": "2026-03-05", "value": "70" })
    );
    assert_eq!(closest["status"], "gron");
    let tie = checkpoint(&r, "SEVERAL", "TIE", 6);
    assert_eq!(tie["measurement"]["date"], "2026-03-11");
    assert_eq!(tie["achievement"], "0.9");
    assert_eq!(tie["status"], "gul");
    // The current reading is the latest measurement, against the expected value on its date.
    let current = &ind(&r, "SEVERAL", "CLOSEST")["current"];
    assert_eq!(current["measurement"]["date"], "2026-03-20");
}

#[test]
fn measurements_after_the_as_of_date_do_not_count_yet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let before = status_json(&file, "2026-03-02");
    let c = checkpoint(&before, "LATE", "L", 6);
    assert!(c["measurement"].is_null());
    assert_eq!(c["status"], "kommande");
    let after = status_json(&file, "2026-03-05");
    assert_eq!(checkpoint(&after, "LATE", "L", 6)["status"], "gron");
}

#[test]
fn a_bad_date_is_a_user_error_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    for bad in ["2026-13-01", "31/10/2026", "2026-02-30"] {
        let out = nytta(&["status", path(&file), "--date", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = text(&out.stderr);
        assert!(
            err.contains("--date") && err.contains("ÅÅÅÅ-MM-DD"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    let missing = nytta(&["status", path(&dir.path().join("finns-inte.nytta"))]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("finns inte"));
}

#[test]
fn status_text_is_swedish_and_names_every_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kant.nytta");
    edge_register(&file);
    let out = nytta(&["status", path(&file), "--date", "2026-05-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("Uppföljning per 2026-05-01"), "{t}");
    assert!(t.contains("Nyttostatus: Saknas ?"), "{t}");
    assert!(t.contains("Gul ▲"), "{t}");
    assert!(
        t.contains("80\u{a0}%"),
        "achievement as a Swedish percentage: {t}"
    );
    assert!(t.contains("2024-02-29"), "{t}");
    assert!(t.contains("Portfölj per 2026-05-01"), "{t}");
}

#[test]
fn status_text_names_an_overdue_checkpoint_before_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let out = nytta(&["status", path(&file), "--date", "2026-10-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    // NR-2024-003's 12-month measurement (2026-09-01) of TOLKPL is missing: that, not a
    // later checkpoint, is what comes next.
    let tolk = t.split("\nNR-2024-003 ").nth(1).and_then(|rest| rest.split("\nNR-").next()).unwrap_or_default();
    assert!(
        tolk.contains("Nästa kontrollpunkt: Försenad sedan 2026-09-01 (60 dagar), 12 månader: TOLKPL saknar mätning"),
        "{tolk}"
    );
    // An initiative with nothing late names its next checkpoint as before.
    assert!(t.contains("Nästa kontrollpunkt: 2027-03-03 (24 månader): TIMMAR"), "{t}");
}

#[test]
fn the_demo_register_shows_every_status_as_of_the_demo_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let r = status_json(&file, "2026-10-31");
    // Without --date the demo register is read as of its demo date, like the app shows it.
    let out = nytta(&["status", path(&file), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let undated: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(undated, r);

    let expected = [
        ("NR-2024-002", "gron"),
        ("NR-2024-003", "saknas"),
        ("NR-2025-003", "rod"),
        ("NR-2025-001", "gul"),
        ("NR-2025-004", "kommande"),
        ("NR-2024-001", "gron"),
        ("NR-2025-005", "rod"),
        ("NR-2025-002", "gul"),
    ];
    let codes: Vec<&str> = r["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.len(),
        expected.len(),
        "only initiatives with an approved plan: {codes:?}"
    );
    for (code, status) in expected {
        assert_eq!(initiative(&r, code)["status"], status, "{code}");
    }
    assert_eq!(
        r["portfolio"]["initiatives"],
        serde_json::json!({ "rod": 2, "saknas": 1, "gul": 2, "gron": 2, "kommande": 1 })
    );

    // The overdue measurement: no TOLKPL measurement at 12 months, grace ended 2026-10-01.
    let tolk = checkpoint(&r, "NR-2024-003", "TOLKPL", 12);
    assert_eq!(
        (tolk["status"].as_str(), tolk["grace_until"].as_str()),
        (Some("saknas"), Some("2026-10-01"))
    );
    assert!(tolk["measurement"].is_null());
    assert_eq!(checkpoint(&r, "NR-2024-003", "TOLKPL", 6)["status"], "gron");

    // The target lowered after approval: statuses use version 2 (45 %, not 50 %).
    let eandel = checkpoint(&r, "NR-2025-003", "EANDEL", 6);
    assert_eq!(eandel["target"], "45");
    assert_eq!(eandel["status"], "rod");
    assert!(
        eandel["achievement"].as_str().unwrap().starts_with("0.533"),
        "{eandel}"
    );

    // Gul exactly at the threshold, lower is better; grön without a baseline.
    let kompl = checkpoint(&r, "NR-2025-001", "KOMPL", 6);
    assert_eq!(
        (kompl["achievement"].as_str(), kompl["status"].as_str()),
        (Some("0.8"), Some("gul"))
    );
    assert_eq!(
        checkpoint(&r, "NR-2025-001", "KOMPL", 12)["status"],
        "kommande"
    );
    assert!(ind(&r, "NR-2025-001", "GUIDE")["baseline"].is_null());
    assert_eq!(checkpoint(&r, "NR-2025-001", "GUIDE", 6)["status"], "gron");

    // Day 30 of the grace is still kommande; the indicator keeps its 6-month status.
    let ears = checkpoint(&r, "NR-2025-002", "EARS", 12);
    assert_eq!(
        (ears["status"].as_str(), ears["grace_until"].as_str()),
        (Some("kommande"), Some("2026-10-31"))
    );
    assert_eq!(ind(&r, "NR-2025-002", "EARS")["status"], "gron");
    assert_eq!(ind(&r, "NR-2025-002", "EARS")["status_checkpoint"], 6);

    // A monetised benefit: realised against calculated value.
    let porto = initiative(&r, "NR-2025-002")["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["calculation_line"] == "porto")
        .unwrap();
    assert_eq!(porto["calculated_annual_value"], "280000");
    // calculated × achievement (230 000 / 280 000) in Decimal: 230 000 kr to the öre.
    let realised: rust_decimal::Decimal = porto["realised_annual_value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(realised.round_dp(2), dec("230000"), "{realised}");
    assert_eq!(porto["status"], "gul");

    // A measurement before go-live (2026-03-02 < 2026-03-30) does not count; the 6-month
    // measurement is from after the checkpoint.
    assert_eq!(
        checkpoint(&r, "NR-2025-005", "HITTAR", 6)["measurement"]["date"],
        "2026-10-05"
    );
    assert_eq!(checkpoint(&r, "NR-2025-005", "HITTAR", 6)["status"], "rod");

    // Grön with a kommande 24-month checkpoint.
    assert_eq!(
        checkpoint(&r, "NR-2024-002", "TIMMAR", 24)["status"],
        "kommande"
    );
    assert_eq!(ind(&r, "NR-2024-002", "TIMMAR")["status"], "gron");

    // Every status occurs among the indicators too.
    for status in ["rod", "saknas", "gul", "gron", "kommande"] {
        assert!(
            r["portfolio"]["indicators"][status].as_u64().unwrap() > 0,
            "{status}"
        );
    }
}

#[test]
fn chart_writes_the_svg_of_one_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let svg = dir.path().join("eandel.svg");
    let out = nytta(&[
        "chart",
        path(&file),
        "--initiative",
        "NR-2025-003",
        "--indicator",
        "EANDEL",
        "--out",
        path(&svg),
        "--date",
        "2026-10-31",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let content = std::fs::read_to_string(&svg).unwrap();
    assert!(
        content.starts_with("<svg"),
        "{}",
        &content[..80.min(content.len())]
    );
    assert!(content.contains("EANDEL"));
    assert!(
        content.contains("6 mån: Röd"),
        "the status at the checkpoint in words"
    );
    // Owner-only, like every other output (it was 0644).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&svg).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let unknown = nytta(&[
        "chart",
        path(&file),
        "--initiative",
        "NR-2025-003",
        "--indicator",
        "XYZ",
        "--out",
        path(&svg),
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    let err = text(&unknown.stderr);
    assert!(
        err.contains("ingen indikator XYZ") && err.contains("EANDEL"),
        "{err}"
    );

    let draft = nytta(&[
        "chart",
        path(&file),
        "--initiative",
        "NR-2026-002",
        "--indicator",
        "PLANTID",
        "--out",
        path(&svg),
    ]);
    assert_eq!(draft.status.code(), Some(1));
    assert!(text(&draft.stderr).contains("ingen godkänd nyttorealiseringsplan"));

    let bad = nytta(&[
        "chart",
        path(&file),
        "--initiative",
        "NR-2025-003",
        "--indicator",
        "EANDEL",
        "--out",
        path(&svg),
        "--date",
        "i går",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("--date"));
}
