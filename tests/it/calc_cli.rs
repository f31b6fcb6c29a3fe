//! `nytta calc` as a process on a register holding the worked examples of
//! docs/nyttokalkyl.md §5: it prints the hand-computed figures exactly, says which version it
//! shows, and its JSON is the documented one.

use crate::support::calc_examples as examples;

use nytta::store::prelude::*;
use std::path::Path;

use chrono::NaiveDate;
use nytta::model::Approval;

use examples::*;
use crate::support::cli::nytta;

fn text(bytes: &[u8]) -> String {
    // The output groups thousands with no-break spaces; compare with plain ones.
    String::from_utf8_lossy(bytes).replace('\u{a0}', " ")
}

/// A register with example 1 (draft), example 2 (approved) and example 3 (approved, then a
/// version 2 draft with a dearer licence).
fn worked_examples(path: &Path) {
    let (mut register, ids) = register_with(path, &["EX-1", "EX-2", "EX-3"]);
    let approval = Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
        decision_ref: "DR 2026-02-10 §3".into(),
    };
    register.create_calculation(ids[0], &example_1()).unwrap();
    let v = register.create_calculation(ids[1], &example_2()).unwrap();
    register
        .approve_calculation(v.id, v.row_version, &approval)
        .unwrap();
    let v = register.create_calculation(ids[2], &example_3()).unwrap();
    register
        .approve_calculation(v.id, v.row_version, &approval)
        .unwrap();
    let v2 = register
        .new_calculation_version(ids[2], "Dyrare licens")
        .unwrap();
    let mut dearer = example_3();
    dearer.lines[2].value = amount(nytta::model::calculation::Estimate::exact(
        rust_decimal_macros::dec!(90000),
    ));
    register
        .save_calculation_draft(v2.id, v2.row_version, &dearer)
        .unwrap();
}

fn calc(file: &Path, code: &str, extra: &[&str]) -> String {
    let mut args = vec!["calc", file.to_str().unwrap(), "--initiative", code];
    args.extend_from_slice(extra);
    let out = nytta(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The row of the scenario table that starts with `label`, split into its columns.
fn row(out: &str, label: &str) -> Vec<String> {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("{label}:\n{out}"));
    let rest = line.trim_start()[label.len()..].to_string();
    rest.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn example_1_draft_to_the_ore() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let out = calc(&file, "EX-1", &[]);
    assert!(
        out.contains("Nyttokalkyl version 1, utkast – inte godkänd."),
        "{out}"
    );
    assert!(
        out.contains("Det finns ingen godkänd version; visar utkastet."),
        "{out}"
    );
    assert_eq!(row(&out, "Nuvärde av nyttor"), ["117 158,72 kr"; 3]);
    assert_eq!(row(&out, "Nuvärde av kostnader"), ["100 000,00 kr"; 3]);
    assert_eq!(row(&out, "Nettonuvärde"), ["17 158,72 kr"; 3]);
    assert_eq!(row(&out, "Nytta per investerad krona"), ["1,17"; 3]);
    assert_eq!(row(&out, "Återbetalningsår"), ["2029"; 3]);
    assert!(
        out.contains("Kalkylen har bara externa kostnader."),
        "{out}"
    );
}

#[test]
fn example_2_approved_hours_times_factor() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let out = calc(&file, "EX-2", &[]);
    assert!(
        out.contains(
            "Nyttokalkyl version 1, godkänd 2026-02-10 av Digitaliseringsrådet (DR 2026-02-10 §3)."
        ),
        "{out}"
    );
    assert!(
        out.contains("Visar den senast godkända versionen."),
        "{out}"
    );
    assert!(
        out.contains("2026–2028 (3 år), diskonteringsränta 0 %"),
        "{out}"
    );
    assert_eq!(row(&out, "Nuvärde av nyttor"), ["518 750,00 kr"; 3]);
    assert_eq!(row(&out, "Nuvärde av kostnader"), ["102 400,00 kr"; 3]);
    assert_eq!(row(&out, "varav interna"), ["42 400,00 kr"; 3]);
    assert_eq!(row(&out, "varav externa"), ["60 000,00 kr"; 3]);
    assert_eq!(row(&out, "Nettonuvärde"), ["416 350,00 kr"; 3]);
    assert_eq!(row(&out, "Nytta per investerad krona"), ["5,07"; 3]);
    assert_eq!(row(&out, "Återbetalningsår"), ["2026"; 3]);
    assert_eq!(row(&out, "Frigjord tid, timmar per år"), ["500 h"; 3]);
    assert_eq!(row(&out, "Frigjord tid, årsarbetare"), ["0,29"; 3]);
    assert_eq!(row(&out, "Budgetpåverkande andel"), ["0,0 %"; 3]);
}

#[test]
fn example_3_three_scenarios_and_the_version_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let out = calc(&file, "EX-3", &[]);
    assert!(
        out.contains("Nyttokalkyl version 1, godkänd"),
        "the approved version, not the draft:\n{out}"
    );
    assert!(
        out.contains("Version 2 är ett utkast som inte är godkänt (visa det med --version 2)."),
        "{out}"
    );
    let header = out.lines().find(|l| l.contains("Pessimistiskt")).unwrap();
    assert!(
        header.find("Pessimistiskt") < header.find("Troligt")
            && header.find("Troligt") < header.find("Optimistiskt")
    );
    assert_eq!(
        row(&out, "Nuvärde av nyttor"),
        ["2 010 696,14 kr", "3 335 012,43 kr", "4 124 305,86 kr"]
    );
    assert_eq!(
        row(&out, "Nuvärde av kostnader"),
        ["2 146 485,36 kr", "1 682 985,36 kr", "1 419 485,36 kr"]
    );
    assert_eq!(
        row(&out, "Nettonuvärde"),
        ["−135 789,22 kr", "1 652 027,07 kr", "2 704 820,50 kr"]
    );
    assert_eq!(
        row(&out, "Nytta per investerad krona"),
        ["0,94", "1,98", "2,91"]
    );
    assert_eq!(
        row(&out, "Återbetalningsår"),
        ["Ej inom kalkylperioden", "2029", "2028"]
    );
    assert_eq!(
        row(&out, "Frigjord tid, timmar per år"),
        ["1 300 h", "2 184 h", "2 704 h"]
    );
    assert_eq!(
        row(&out, "Frigjord tid, årsarbetare"),
        ["0,76", "1,28", "1,59"]
    );
    assert_eq!(
        row(&out, "Budgetpåverkande andel"),
        ["5,0 %", "3,7 %", "3,6 %"]
    );
    assert!(
        out.contains("Rad 6: Ökad trygghet för brukarna (kvalitet, organisation), poäng 3 av 3"),
        "{out}"
    );

    let draft = calc(&file, "EX-3", &["--version", "2"]);
    assert!(
        draft.contains("Nyttokalkyl version 2, utkast – inte godkänd."),
        "{draft}"
    );
    assert_ne!(
        row(&draft, "Nuvärde av kostnader"),
        row(&out, "Nuvärde av kostnader")
    );
}

#[test]
fn json_is_the_documented_result_with_the_version_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let out = nytta(&[
        "calc",
        file.to_str().unwrap(),
        "--initiative",
        "EX-2",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["initiative"]["code"], "EX-2");
    assert_eq!(json["calculation"]["version"], 1);
    assert_eq!(json["calculation"]["status"], "approved");
    assert_eq!(
        json["calculation"]["approval"]["decision_ref"],
        "DR 2026-02-10 §3"
    );
    assert_eq!(json["settings"]["discount_rate"], "0");
    let likely = &json["likely"];
    assert_eq!(likely["pv_benefits"], "518750");
    assert_eq!(likely["pv_costs"], "102400");
    assert_eq!(likely["npv"], "416350");
    assert_eq!(likely["benefit_per_krona"], "5.06591796875");
    assert_eq!(likely["break_even_year"], 2026);
    assert_eq!(likely["by_category"][1]["category"], "omfordelning");
    assert_eq!(likely["years"].as_array().unwrap().len(), 3);
    assert_eq!(likely["years"][0]["cumulative_discounted_net"], "41350");
    assert_eq!(likely["lines"][0]["annual_value"], "207500");
    assert!(json["warnings"].as_array().unwrap().is_empty());

    let ex1 = nytta(&[
        "calc",
        file.to_str().unwrap(),
        "--initiative",
        "EX-1",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&ex1.stdout).unwrap();
    assert_eq!(json["calculation"]["status"], "draft");
    assert!(json["calculation"]["approval"].is_null());
    let pvb = json["likely"]["pv_benefits"].as_str().unwrap();
    assert!(pvb.starts_with("117158.723084539871349385528"), "{pvb}");
    assert_eq!(json["warnings"][0]["code"], "external_costs_only");
}

#[test]
fn unknown_initiative_version_or_missing_calculation_is_a_swedish_user_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let f = file.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["calc", f, "--initiative", "NOPE"],
            "Det finns ingen insats med koden NOPE.",
        ),
        (
            vec!["calc", f, "--initiative", "EX-1", "--version", "7"],
            "Insatsen EX-1 har ingen version 7 av nyttokalkylen.",
        ),
    ] {
        let out = nytta(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
    }
    let (mut register, _) = register_with(&dir.path().join("tom.nytta"), &["EX-9"]);
    register.set_author("x");
    drop(register);
    let out = nytta(&[
        "calc",
        dir.path().join("tom.nytta").to_str().unwrap(),
        "--initiative",
        "EX-9",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Insatsen EX-9 har ingen nyttokalkyl ännu."),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn factors_lists_the_register_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    let out = nytta(&["factors", file.to_str().unwrap()]);
    let out = text(&out.stdout);
    assert!(out.contains("bistandshandlaggare"), "{out}");
    assert!(out.contains("415 kr/h"), "{out}");
    assert!(out.contains("19 beräkningsfaktorer"), "{out}");
}

#[test]
fn a_draft_that_no_longer_computes_lists_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.nytta");
    worked_examples(&file);
    {
        // Example 1 is a draft without factors; example 2 is approved and keeps its snapshot.
        let mut register = nytta::store::Register::open(&file).unwrap();
        let id = register.initiative_by_code("EX-1").unwrap().id;
        let draft = register.draft_calculation(id).unwrap().unwrap();
        let mut hours = example_1();
        hours.lines[1].value = examples::hours(
            nytta::model::calculation::Estimate::exact(rust_decimal_macros::dec!(100)),
            "bistandshandlaggare",
        );
        register
            .save_calculation_draft(draft.id, draft.row_version, &hours)
            .unwrap();
        let mut factor = register
            .calc_factors()
            .unwrap()
            .into_iter()
            .find(|f| f.code == "bistandshandlaggare")
            .unwrap();
        factor.unit = "kr/mil".into();
        register.save_calc_factor(&factor).unwrap();
    }
    let out = nytta(&["calc", file.to_str().unwrap(), "--initiative", "EX-1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("Nyttokalkylen för EX-1 (version 1, utkast – inte godkänd): Kalkylen kan inte beräknas:"),
        "{err}"
    );
    assert!(
        err.contains("Rad 2, Beräkningsfaktor: ”bistandshandlaggare” har enheten kr/mil"),
        "{err}"
    );
    assert_eq!(
        nytta(&["calc", file.to_str().unwrap(), "--initiative", "EX-2"])
            .status
            .code(),
        Some(0)
    );
}
