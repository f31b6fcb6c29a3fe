//! `nytta harvest` (issue 17; docs/effekthemtagning.md): a harvest decision recorded, marked
//! carried out and listed with calculated → realised → decided → harvested in kr and
//! årsarbetare; a wrong decision refused naming its flag, nothing stored; kostnad per
//! årsarbetare set with `nytta installningar satt`.

use std::path::Path;

use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

const BENEFIT: &str = "Frigjord tid för biståndshandläggare";

fn decisions(file: &Path) -> Vec<serde_json::Value> {
    let out = nytta(&["harvest", "list", path(file), "--insats", "NR-2024-002", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let benefit = view["benefits"].as_array().unwrap().iter().find(|b| b["name"] == BENEFIT).unwrap().clone();
    benefit["decisions"].as_array().unwrap().clone()
}

#[test]
fn a_decision_is_recorded_carried_out_and_listed_in_kronor_and_arsarbetare() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let before = decisions(&file).len();

    let out = nytta(&[
        "harvest", "add", path(&file), "--insats", "NR-2024-002", "--nytta", BENEFIT, "--typ", "omfordelning",
        "--belopp", "352 750", "--till", "Uppsökande verksamhet", "--fran", "2026-11-01", "--beslutat-av",
        "Äldre samt vård- och omsorgsnämnden", "--beslutsdatum", "2026-10-20", "--diarienummer", "ÄVO 2026/77 § 12",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("omfördelning till uppsökande verksamhet"), "{}", text(&out.stdout));
    let listed = decisions(&file);
    assert_eq!(listed.len(), before + 1);
    let added = listed.last().unwrap();
    assert_eq!(added["carried_out"], "Inte genomförd");
    // 352 750 kr at the line's 705 500 kr per årsarbetare is half of one.
    assert_eq!(added["amount"]["fte"], "0,50 åa");
    let id = added["id"].as_i64().unwrap().to_string();

    let out = nytta(&["harvest", "genomford", path(&file), "--insats", "NR-2024-002", "--id", &id, "--datum", "2026-11-01"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = nytta(&["harvest", "list", path(&file), "--insats", "NR-2024-002", "--date", "2026-11-30"]);
    let listing = text(&out.stdout).replace('\u{a0}', " ");
    assert!(listing.contains(&format!("Beslut {id}: Omfördelning till Uppsökande verksamhet, 352 750 kr från 2026-11-01")), "{listing}");
    assert!(listing.contains("Genomförd 2026-11-01"), "{listing}");
    assert!(listing.contains("Hemtaget: 352 750 kr, 0,50 åa"), "{listing}");
    assert!(listing.contains("Realiserat: "), "{listing}");

    // Per organisation, the register's last row.
    let out = nytta(&["harvest", "list", path(&file), "--date", "2026-11-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().last().unwrap().starts_with("Hela registret: kalkylerat"), "{}", text(&out.stdout));
}

#[test]
fn a_wrong_decision_is_refused_naming_its_flag_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.nytta");
    assert!(nytta(&["demo", path(&file)]).status.success());
    let before = decisions(&file).len();
    let out = nytta(&[
        "harvest", "add", path(&file), "--insats", "NR-2024-002", "--nytta", BENEFIT, "--typ", "omfordelning",
        "--belopp", "100000", "--fran", "2026-11-01", "--beslutat-av", "Nämnden", "--beslutsdatum", "2026-10-20",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out.stderr);
    assert!(message.contains("--till Till: ange vilken verksamhet"), "{message}");
    let out = nytta(&[
        "harvest", "add", path(&file), "--insats", "NR-2024-002", "--nytta", BENEFIT, "--typ", "budgetminskning",
        "--belopp", "tio", "--fran", "2026-11-01", "--beslutat-av", "Nämnden", "--beslutsdatum", "2026-10-20",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--belopp"), "{}", text(&out.stderr));
    let out = nytta(&["harvest", "add", path(&file), "--insats", "NR-2024-002"]);
    assert_eq!(out.status.code(), Some(2), "a missing flag is wrong usage");
    assert_eq!(decisions(&file).len(), before, "nothing was stored");
}

#[test]
fn the_cost_per_arsarbetare_is_a_register_setting() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.nytta");
    assert!(nytta(&["init", path(&file)]).status.success());
    let shown = text(&nytta(&["installningar", "visa", path(&file)]).stdout).replace('\u{a0}', " ");
    assert!(shown.contains("Kostnad per årsarbetare: 700 000 kr"), "{shown}");
    let out = nytta(&["installningar", "satt", path(&file), "--kostnad-per-arsarbetare", "725 000"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&nytta(&["installningar", "visa", path(&file)]).stdout).replace('\u{a0}', " ");
    assert!(shown.contains("Kostnad per årsarbetare: 725 000 kr"), "{shown}");
    let out = nytta(&["installningar", "satt", path(&file), "--kostnad-per-arsarbetare", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Kostnad per årsarbetare"), "{}", text(&out.stderr));
}
