//! The register as JSON: export → import into a new register → export gives the same bytes;
//! invalid JSON and schema violations name their place and change nothing.

use nytta::store::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nytta::io::register_json::{self, JsonError};
use nytta::store::Register;
use crate::support::cli::text;

const NYTTA: &str = env!("CARGO_BIN_EXE_nytta");

fn nytta(args: &[&str]) -> Output {
    Command::new(NYTTA).args(args).output().unwrap()
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.nytta");
    nytta::demo::create(&path).unwrap();
    path
}

fn export(register: &Path) -> Vec<u8> {
    let document = nytta::app::exports::export_document(&Register::open(register).unwrap()).unwrap();
    let mut out = Vec::new();
    register_json::write_document(&document, &mut out).unwrap();
    out
}

/// Every row of every table, as text, for comparing two registers.
fn dump(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for table in [
        "register_info", "organisation", "person", "calc_factor", "initiative", "status_report", "cost_year",
        "calculation", "plan_version", "measurement", "audit_log", "harvest_decision", "deviation_note", "evaluation",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn export_import_export_gives_identical_bytes_and_identical_tables() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo(dir.path());
    let first = dir.path().join("första.json");
    let out = nytta(&["export", "json", original.to_str().unwrap(), "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let copy = dir.path().join("kopia.nytta");
    let out = nytta(&["import", "json", copy.to_str().unwrap(), first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("15 insatser"), "{}", text(&out.stdout));

    let second = dir.path().join("andra.json");
    let out = nytta(&["export", "json", copy.to_str().unwrap(), "--out", second.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (a, b) = (std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
    assert!(a == b, "the second export differs from the first");
    // Format version 4 carries the demo's harvest decisions (issue 17).
    let document: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(document["version"], 4);
    let harvests: usize = document["initiatives"].as_array().unwrap().iter()
        .map(|i| i.get("harvest_decisions").and_then(|h| h.as_array()).map_or(0, Vec::len))
        .sum();
    assert_eq!(harvests, 5, "the demo's five harvest decisions travel in the document");
    // Format version 4 carries the demo's evaluation (the closed telephony initiative).
    let json: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(json["version"], 4);
    let evaluated = json["initiatives"].as_array().unwrap().iter().find(|i| i["code"] == "NR-2024-001").unwrap();
    assert_eq!(evaluated["evaluations"][0]["status"], "approved");
    assert_eq!(evaluated["evaluations"][0]["decision_ref"], "DMN 2026-09-22 §51");
    assert!(json["initiatives"].as_array().unwrap().iter().filter(|i| i["code"] != "NR-2024-001").all(|i| i.get("evaluations").is_none()));
    assert_eq!(dump(&original), dump(&copy), "the imported register differs from the original");

    // The copy works as a register: the follow-up reads it like the original.
    let copy = Register::open(&copy).unwrap();
    assert_eq!(copy.check().unwrap().integrity, "ok");
    assert_eq!(copy.followup_data(None).unwrap().entries.len(), Register::open(&original).unwrap().followup_data(None).unwrap().entries.len());
}

#[test]
fn an_import_into_an_existing_empty_register_keeps_its_file_and_replaces_the_seeded_factors() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo(dir.path());
    let bytes = export(&original);
    let empty = dir.path().join("tomt.nytta");
    Register::create(&empty, "Tomt").unwrap();
    let mut register = Register::open(&empty).unwrap();
    assert!(register.is_empty().unwrap());
    nytta::app::import::import_document(&mut register, &register_json::read_document(&bytes).unwrap()).unwrap();
    assert!(!register.is_empty().unwrap());
    drop(register);
    assert_eq!(export(&empty), bytes);
}

#[test]
fn a_register_that_is_not_empty_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let original = demo(dir.path());
    let json = dir.path().join("demo.json");
    std::fs::write(&json, export(&original)).unwrap();
    let before = dump(&original);
    let out = nytta(&["import", "json", original.to_str().unwrap(), json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("är inte tomt"), "{}", text(&out.stderr));
    assert_eq!(dump(&original), before);
}

/// Imports `json` into a new empty register and returns the error; the register must still
/// be empty afterwards.
fn refused(dir: &Path, name: &str, json: &[u8]) -> String {
    let target = dir.join(format!("{name}.nytta"));
    Register::create(&target, name).unwrap();
    let result = register_json::read_document(json).map_err(|e| e.to_string()).and_then(|doc| {
        let mut register = Register::open(&target).unwrap();
        nytta::app::import::import_document(&mut register, &doc).map_err(|e| e.to_string())
    });
    let message = result.expect_err("the document was accepted");
    let register = Register::open(&target).unwrap();
    assert!(register.is_empty().unwrap(), "{name}: something was imported");
    assert_eq!(register.calc_factors().unwrap().len(), nytta::model::calculation::default_factors().len());
    message
}

fn edit(bytes: &[u8], change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    change(&mut value);
    serde_json::to_vec_pretty(&value).unwrap()
}

#[test]
fn invalid_json_and_schema_violations_name_the_path_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&demo(dir.path()));

    // Not JSON at all, or cut off.
    let message = refused(dir.path(), "trasig", &bytes[..bytes.len() / 2]);
    assert!(message.starts_with("Filen är inte giltig JSON (rad "), "{message}");
    let message = refused(dir.path(), "text", b"Insats;Datum\n");
    assert!(message.starts_with("Filen är inte giltig JSON"), "{message}");

    // An impossible date deep inside a plan.
    let (i, pv, b, k) = find_baseline(&bytes);
    let bad = edit(&bytes, |v| {
        v["initiatives"][i]["plan_versions"][pv]["plan"]["benefits"][b]["indicators"][k]["baseline"]["date"] =
            "2026-02-30".into()
    });
    let message = refused(dir.path(), "datum", &bad);
    assert_eq!(
        message,
        format!(
            "Fel i initiatives[{i}].plan_versions[{pv}].plan.benefits[{b}].indicators[{k}].baseline.date: är inte ett datum i formen ÅÅÅÅ-MM-DD."
        )
    );

    // A missing field, an unknown field, a wrong type, an unknown choice.
    let bad = edit(&bytes, |v| {
        v["initiatives"][2].as_object_mut().unwrap().remove("name");
    });
    assert_eq!(refused(dir.path(), "saknas", &bad), "Fel i initiatives[2]: fältet \"name\" saknas.");
    let (m1, m2) = with_measurements(&bytes);
    let bad = edit(&bytes, |v| v["initiatives"][m1]["measurements"][0]["värde"] = 3.into());
    assert_eq!(
        refused(dir.path(), "okant", &bad),
        format!("Fel i initiatives[{m1}].measurements[0].värde: fältet \"värde\" finns inte i formatet.")
    );
    let bad = edit(&bytes, |v| v["initiatives"][m1]["measurements"][0]["value"] = "tolv".into());
    assert!(refused(dir.path(), "typ", &bad).starts_with(&format!("Fel i initiatives[{m1}].measurements[0].value:")));
    let bad = edit(&bytes, |v| v["initiatives"][0]["phase"] = "klar".into());
    assert_eq!(refused(dir.path(), "fas", &bad), "Fel i initiatives[0].phase: okänt värde \"klar\"; tillåtna värden är \"ide\", \"beredning\", \"beslutad\", \"pagaende\", \"driftsatt\", \"avslutad\", \"avbruten\", \"struken\".");

    // Wrong format or version.
    let newer = register_json::VERSION + 1;
    let bad = edit(&bytes, |v| v["version"] = newer.into());
    assert!(refused(dir.path(), "version", &bad).contains(&format!("format version {newer}")));
    let bad = edit(&bytes, |v| v["format"] = "annat".into());
    assert!(refused(dir.path(), "format", &bad).contains("inte en export från Nyttoregistret"));

    // What only the register can refuse, found after many rows were already written: the
    // transaction takes them all back.
    let bad = edit(&bytes, |v| {
        let code = v["initiatives"][0]["code"].clone();
        v["initiatives"][5]["code"] = code;
    });
    let message = refused(dir.path(), "dubblett", &bad);
    assert_eq!(message, "Fel i initiatives[5]: värdet finns redan i filen (fältet code).");
    let bad = edit(&bytes, |v| v["initiatives"][3]["organisation_id"] = 999.into());
    assert_eq!(refused(dir.path(), "org", &bad), "Fel i initiatives[3].organisation_id: organisation 999 finns inte i filen.");
    let bad = edit(&bytes, |v| {
        let id = v["initiatives"][m1]["measurements"][0]["id"].clone();
        v["initiatives"][m2]["measurements"][0]["id"] = id;
    });
    let message = refused(dir.path(), "id", &bad);
    assert!(message.starts_with(&format!("Fel i initiatives[{m2}].measurements[0].id: id ")), "{message}");
}

/// Two initiatives of the document that have measurements.
fn with_measurements(bytes: &[u8]) -> (usize, usize) {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let found: Vec<usize> = v["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, i)| !i["measurements"].as_array().unwrap().is_empty())
        .map(|(n, _)| n)
        .collect();
    (found[0], found[1])
}

fn find_baseline(bytes: &[u8]) -> (usize, usize, usize, usize) {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    for (i, ini) in v["initiatives"].as_array().unwrap().iter().enumerate() {
        for (pv, version) in ini["plan_versions"].as_array().unwrap().iter().enumerate() {
            for (b, benefit) in version["plan"]["benefits"].as_array().unwrap().iter().enumerate() {
                for (k, indicator) in benefit["indicators"].as_array().unwrap().iter().enumerate() {
                    if indicator.get("baseline").is_some_and(|b| !b.is_null()) && i > 0 {
                        return (i, pv, b, k);
                    }
                }
            }
        }
    }
    panic!("the demo has no baseline");
}

#[test]
fn a_failed_import_into_a_new_file_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("trasig.json");
    std::fs::write(
        &json,
        r#"{"format": "nyttoregistret", "version": 1, "register": {"name": "Ny"}, "organisations": [],
            "people": [{"id": 1, "name": "Eva", "role": "", "organisation_id": 5}],
            "calc_factors": [], "initiatives": [], "audit_log": []}"#,
    )
    .unwrap();
    let target = dir.path().join("ny.nytta");
    let out = nytta(&["import", "json", target.to_str().unwrap(), json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Fel i people[0].organisation_id: organisation 5 finns inte i filen."), "{}", text(&out.stderr));
    assert!(!target.exists());
    let err = register_json::read_file(&dir.path().join("finns-inte.json")).unwrap_err();
    assert!(matches!(err, JsonError::Io { .. }));
}

#[test]
fn harvest_decisions_need_version_4_and_are_checked_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&demo(dir.path()));
    let with_harvest = |value: &serde_json::Value| {
        value["initiatives"].as_array().unwrap().iter().position(|i| i.get("harvest_decisions").is_some()).unwrap()
    };
    // A redeployment without where it goes is refused naming the field.
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let i = with_harvest(&value);
    let broken = edit(&bytes, |v| {
        let h = &mut v["initiatives"][i]["harvest_decisions"][0];
        h["kind"] = "omfordelning".into();
        h["redeployed_to"] = "".into();
        h["amount"] = "1000".into();
    });
    let message = refused(dir.path(), "omf", &broken);
    assert!(message.contains(&format!("initiatives[{i}].harvest_decisions[0].redeployed_to")), "{message}");
}

#[test]
fn the_deviation_notes_travel_in_version_4_and_an_older_document_cannot_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&demo(dir.path()));
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["version"], 4);
    let notes: Vec<&serde_json::Value> = value["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i.get("deviation_notes"))
        .flat_map(|n| n.as_array().unwrap())
        .collect();
    assert_eq!(notes.len(), 3, "the demo's three notes");
    let decided = notes.iter().find(|n| n["indicator_code"] == "HITTAR").unwrap();
    assert_eq!(decided["closure"]["kind"], "decision");
    assert_eq!(decided["closure"]["date"], "2026-10-20");

    // Imported and exported again: the same bytes (the whole round trip is the test above).
    let target = dir.path().join("igen.nytta");
    let out = nytta(&["import", "json", target.to_str().unwrap(), write(dir.path(), &bytes).to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(export(&target), bytes);

}

/// What version 4 added to an initiative (issue 17).
const VERSION_4_PARTS: [&str; 3] = ["harvest_decisions", "deviation_notes", "evaluations"];

/// `bytes` as a version-3 document that holds, of what version 4 added, only `kept`.
fn version_3_with_only(bytes: &[u8], kept: Option<&str>) -> Vec<u8> {
    edit(bytes, |v| {
        v["version"] = 3.into();
        for initiative in v["initiatives"].as_array_mut().unwrap() {
            for part in VERSION_4_PARTS {
                if Some(part) != kept {
                    initiative.as_object_mut().unwrap().remove(part);
                }
            }
        }
    })
}

#[test]
fn a_version_3_document_cannot_hold_what_version_4_added() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&demo(dir.path()));
    for part in VERSION_4_PARTS {
        let message = refused(dir.path(), part, &version_3_with_only(&bytes, Some(part)));
        assert!(
            message.contains(&format!("].{part}")) && message.contains("version 3") && message.contains("version 4"),
            "{message}"
        );
    }
    // Without them it reads.
    assert!(register_json::read_document(&version_3_with_only(&bytes, None)[..]).is_ok());
}

fn write(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("dokument.json");
    std::fs::write(&path, bytes).unwrap();
    path
}
