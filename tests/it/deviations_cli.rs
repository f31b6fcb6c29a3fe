//! `nytta deviations` (issue 17): the demo's benefit deviations as of its date with their
//! states in words, writing orsak and åtgärd, closing with a reason or a decision and opening
//! again; bad flags are Swedish errors naming the flag, and change nothing.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::cli::{nytta, text};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn refused(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    text(&out.stderr)
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    ok(nytta(&["demo", path(&file)]));
    (dir, file)
}

fn json(file: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["deviations", path(file), "--json"];
    args.extend(extra);
    serde_json::from_str(&ok(nytta(&args))).unwrap()
}

fn row<'a>(list: &'a serde_json::Value, indicator: &str) -> &'a serde_json::Value {
    list["rows"].as_array().unwrap().iter().find(|r| r["indicator_code"] == indicator).unwrap_or_else(|| panic!("{indicator} in {list}"))
}

#[test]
fn the_demo_lists_an_open_deviation_with_an_action_one_without_and_one_closed_by_decision() {
    let (_dir, file) = demo();
    let out = ok(nytta(&["deviations", path(&file)]));
    assert!(out.starts_with("Nyttoavvikelser per 2026-10-31\n  3 avvikelser, 2 öppna, 1 öppna utan åtgärd\n"), "{out}");
    assert!(out.contains("TOLKPL Bokade tolkuppdrag på plats, 12 mån (2026-09-01): ? Saknas"), "{out}");
    assert!(out.contains("nyttoägare Maria Johansson, sektorchef"), "{out}");
    assert!(out.contains("    Åtgärd: ej angiven\n"), "{out}");
    assert!(out.contains("Läge: Stängd genom beslut: Sökmotorn byts"), "{out}");

    let list = json(&file, &[]);
    assert_eq!((list["open"].as_u64(), list["without_action"].as_u64()), (Some(2), Some(1)));
    let eandel = row(&list, "EANDEL");
    assert_eq!((eandel["status"]["label"].as_str(), eandel["state"]["text"].as_str()), (Some("Röd"), Some("Öppen")));
    assert_eq!(eandel["asks_decision"], true);
    assert_eq!(row(&list, "TOLKPL")["needs_action"], true);
    assert_eq!(row(&list, "HITTAR")["closure"]["decided_by"], "Digitaliseringsrådet, Förvaltningen för demokrati och medborgarservice");

    // As of an earlier date only the checkpoints passed by then deviate.
    let august = json(&file, &["--date", "2026-08-01"]);
    let codes: Vec<_> = august["rows"].as_array().unwrap().iter().map(|r| r["indicator_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["EANDEL"]);
}

#[test]
fn an_action_is_written_and_a_deviation_closed_and_opened_again() {
    let (_dir, file) = demo();
    let f = path(&file);
    let tolk = ["deviations", f, "--insats", "nr-2024-003", "--indikator", "TOLKPL", "--manader", "12"];
    let saved = ok(nytta(&[&tolk[..], &["--atgard", "Uttaget görs för hand i november."]].concat()));
    assert_eq!(saved, "Avvikelsen för TOLKPL vid 12 månader i NR-2024-003 är sparad (öppen).\n");
    let list = json(&file, &[]);
    assert_eq!(list["without_action"], 0, "no longer in the to-do");
    let tolkpl = row(&list, "TOLKPL");
    assert_eq!(tolkpl["action"], "Uttaget görs för hand i november.");
    assert!(tolkpl["cause"].as_str().unwrap().starts_with("Uttaget ur bokningssystemet"), "the orsak is kept");

    let closed = ok(nytta(&[&tolk[..], &["--stang", "--skal", "Indikatorn ersätts i nästa planversion."]].concat()));
    assert!(closed.contains("(Stängd: Indikatorn ersätts i nästa planversion.)"), "{closed}");
    let tolkpl = row(&json(&file, &[]), "TOLKPL").clone();
    assert_eq!((tolkpl["state"]["code"].as_str(), tolkpl["closed_on"].as_str()), (Some("stangd"), Some("2026-10-31")), "closed on the register's date");

    ok(nytta(&[&tolk[..], &["--oppna"]].concat()));
    let tolkpl = row(&json(&file, &[]), "TOLKPL").clone();
    assert_eq!((tolkpl["state"]["text"].as_str(), tolkpl["row_version"].as_i64()), (Some("Öppen"), Some(4)));

    let decided = ok(nytta(&[
        &tolk[..],
        &["--stang", "--beslut", "Tolkningen följs upp i bokslutet", "--beslutat-av", "SSG", "--beslutsdatum", "2026-10-28", "--paragraf", "§ 9"],
    ]
    .concat()));
    assert!(decided.contains("Stängd genom beslut: Tolkningen följs upp i bokslutet (SSG 2026-10-28, § 9)"), "{decided}");
}

#[test]
fn bad_flags_name_the_flag_and_change_nothing() {
    let (_dir, file) = demo();
    let f = path(&file);
    let before = json(&file, &[]);
    let cases: &[(&[&str], &str)] = &[
        (&["--insats", "NR-2025-003", "--atgard", "x"], "--insats KOD, --indikator KOD och --manader"),
        (&["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6"], "Ange vad som skrivs"),
        (&["--insats", "NR-2025-003", "--indikator", "NOPE", "--manader", "6", "--orsak", "x"], "--indikator: Indikator: NOPE finns inte"),
        (&["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "9", "--orsak", "x"], "--manader: Kontrollpunkt: EANDEL har inget målvärde vid 9 månader"),
        (&["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6", "--stang"], "--stang: ange skälet med --skal"),
        (&["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6", "--skal", "x"], "lägg till --stang"),
        (
            &["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6", "--stang", "--beslut", "x", "--beslutat-av", "SSG"],
            "saknas: --beslutsdatum, --paragraf",
        ),
        (
            &["--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6", "--stang", "--beslut", "x", "--beslutat-av", "SSG", "--beslutsdatum", "31/10", "--paragraf", "§ 1"],
            "--beslutsdatum:",
        ),
        (&["--insats", "NR-2099-001", "--indikator", "EANDEL", "--manader", "6", "--orsak", "x"], "NR-2099-001"),
    ];
    for (flags, expected) in cases {
        let message = refused(nytta(&[&["deviations", f][..], flags].concat()));
        assert!(message.contains(expected), "{flags:?}: {message}");
    }
    let long = "å".repeat(4001);
    let message = refused(nytta(&["deviations", f, "--insats", "NR-2025-003", "--indikator", "EANDEL", "--manader", "6", "--atgard", &long]));
    assert!(message.contains("--atgard: Åtgärd är för lång"), "{message}");
    assert_eq!(json(&file, &[]), before, "nothing changed");
}
