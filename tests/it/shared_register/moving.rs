//! Moving between a register file and the shared register (issue 16; docs/delat-register.md,
//! "Flytta ett register till det delade" and "Ögonblicksbild"): `nytta push` moves the demo
//! file in under new ids, all or nothing; `nytta pull` takes back a read-only snapshot of
//! what the person may see; `nytta import json` fills an empty shared register.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::cli::{nytta, text};

use super::is_timestamp;
use super::server::TestDatabase;

/// Runs `nytta ARGS`, which must succeed; returns what it printed.
fn ok(args: &[&str]) -> String {
    let out = nytta(args);
    assert!(out.status.success(), "nytta {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs `nytta ARGS`, which must fail as a user error; returns what it said on stderr.
fn refused(args: &[&str]) -> String {
    let out = nytta(args);
    assert_eq!(out.status.code(), Some(1), "nytta {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
    text(&out.stderr)
}

fn demo(dir: &Path) -> PathBuf {
    let file = dir.join("demo.nytta");
    ok(&["demo", file.to_str().unwrap()]);
    file
}

/// The register's JSON document.
fn export(register: &str, out: &Path) -> String {
    ok(&["export", "json", register, "--out", out.to_str().unwrap()]);
    std::fs::read_to_string(out).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The JSON document as it reads whichever register holds it: the register's own settings,
/// factors and people left out (the shared register keeps its own), the audit log's rows
/// about the initiatives alone (a push adds rows about what it creates, and moves no row
/// about the register itself), every row's own id and every moment a row was written left
/// out, and the organisations and goal areas an initiative names given by their names.
fn as_moved(json: &str) -> Value {
    let mut doc: Value = serde_json::from_str(json).unwrap();
    let names = |list: &Value| -> BTreeMap<i64, String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| (e["id"].as_i64().unwrap(), e["name"].as_str().unwrap().to_string()))
            .collect()
    };
    let organisations = names(&doc["organisations"]);
    let goal_areas = names(&doc["goal_areas"]);
    let object = doc.as_object_mut().unwrap();
    for key in ["register", "calc_factors", "people"] {
        object.remove(key);
    }
    object["audit_log"].as_array_mut().unwrap().retain(|row| !row["initiative_id"].is_null());
    normalise(&mut doc, None, &organisations, &goal_areas);
    doc
}

fn normalise(value: &mut Value, key: Option<&str>, organisations: &BTreeMap<i64, String>, goal_areas: &BTreeMap<i64, String>) {
    let named = |id: &Value, names: &BTreeMap<i64, String>| match id.as_i64() {
        Some(id) => Value::String(names.get(&id).cloned().unwrap_or_else(|| format!("okänd {id}"))),
        None => id.clone(),
    };
    match (key, &mut *value) {
        // An audit row's values before and after are kept as they were written, file ids and all.
        (Some("before" | "after"), _) => {}
        (Some("id" | "entity_id" | "initiative_id"), _) => *value = Value::Null,
        (Some("organisation_id" | "realised_by"), _) => *value = named(value, organisations),
        (Some("customer_ids"), Value::Array(ids)) => {
            *ids = ids.iter().map(|id| named(id, organisations)).collect();
        }
        (Some("goal_area_ids"), Value::Array(ids)) => *ids = ids.iter().map(|id| named(id, goal_areas)).collect(),
        (_, Value::String(s)) if is_timestamp(s.as_bytes()) => *s = "<tid>".into(),
        (_, Value::Array(items)) => items.iter_mut().for_each(|v| normalise(v, None, organisations, goal_areas)),
        (_, Value::Object(fields)) => {
            for (k, v) in fields.iter_mut() {
                normalise(v, Some(k), organisations, goal_areas);
            }
        }
        _ => {}
    }
}

fn assert_same(file: &Value, moved: &Value) {
    if file != moved {
        for key in file.as_object().unwrap().keys() {
            if file[key] != moved[key] {
                let (a, b) = (file[key].to_string(), moved[key].to_string());
                let first = a.chars().zip(b.chars()).position(|(x, y)| x != y).unwrap_or(0);
                let around = |s: &str| s.chars().skip(first.saturating_sub(200)).take(400).collect::<String>();
                panic!("{key} differs\n--- file ---\n{}\n--- moved ---\n{}", around(&a), around(&b));
            }
        }
    }
}

#[test]
fn a_file_pushed_into_the_shared_register_and_pulled_back_reads_as_it_was() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    // The server has a row of its own already, so nothing can keep its file id by chance.
    db.as_owner().execute("INSERT INTO organisation (name, kind) VALUES ('Kulturförvaltningen', 'forvaltning')", &[]).unwrap();

    let said = ok(&["push", path(&file), &owner]);
    assert!(said.starts_with(&format!("Flyttade {} till det delade registret", file.display())), "{said}");
    for line in ["Förändringsinsatser: 15", "Mätningar: 50", "Nyttokalkylversioner: 13", "Planversioner: 12", "Nya organisationer: Äldre samt"] {
        assert!(said.contains(line), "{line} in {said}");
    }

    let snapshot = dir.path().join("ögonblicksbild.nytta");
    let said = ok(&["pull", &owner, path(&snapshot)]);
    assert!(said.contains("Ögonblicksbilden kan läsas"), "{said}");

    let from_file = export(path(&file), &dir.path().join("fil.json"));
    let from_snapshot = export(path(&snapshot), &dir.path().join("bild.json"));
    let mut moved = as_moved(&from_snapshot);
    // The server's own organisation is in the snapshot too, and nowhere else.
    let organisations = moved["organisations"].as_array_mut().unwrap();
    organisations.retain(|o| o["name"] != "Kulturförvaltningen");
    assert_same(&as_moved(&from_file), &moved);

    // Approved versions stay approved, frozen with their decision and factors.
    let snapshot_doc: Value = serde_json::from_str(&from_snapshot).unwrap();
    let approved = snapshot_doc["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["calculations"].as_array().unwrap())
        .filter(|c| c["status"] == "approved")
        .count();
    assert!(approved > 0);
    let register = &snapshot_doc["register"];
    assert!(register["snapshot_of"].as_str().unwrap().ends_with(&format!("/{}", db.name)), "{register}");
    assert!(is_timestamp(register["snapshot_at"].as_str().unwrap().as_bytes()), "{register}");

    // The snapshot is a register like any other to read.
    let list = ok(&["list", path(&snapshot)]);
    assert!(list.contains("NR-2024-002"), "{list}");
    ok(&["report", "council", path(&snapshot), "--out", path(&dir.path().join("rad.pdf"))]);
    ok(&["status", path(&snapshot)]);
}

#[test]
fn a_push_that_meets_a_code_already_on_the_server_lists_every_conflict_and_writes_nothing() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    ok(&["push", path(&file), &owner]);
    let before = export(&owner, &dir.path().join("före.json"));

    let said = refused(&["push", path(&file), &owner]);
    for code in ["NR-2024-002", "NR-2026-005", "NR-2023-001"] {
        assert!(said.contains(&format!("Insatsen {code}: koden finns redan i det delade registret")), "{code} in {said}");
    }
    assert!(said.contains("Inget flyttades: 15 krockar med det delade registret."), "{said}");
    assert_eq!(export(&owner, &dir.path().join("efter.json")), before, "the refused push wrote nothing");

    // One code taken among new ones: still nothing moves, and only that one is named.
    let other = dir.path().join("annan.nytta");
    let json = dir.path().join("annan.json");
    let renamed = before.replace("\"NR-20", "\"NY-20").replace("\"NY-2024-002\"", "\"NR-2024-002\"");
    std::fs::write(&json, renamed).unwrap();
    ok(&["import", "json", path(&other), path(&json)]);
    let said = refused(&["push", path(&other), &owner]);
    assert!(said.contains("Insatsen NR-2024-002: koden finns redan"), "{said}");
    assert!(!said.contains("NY-20"), "{said}");
    assert!(said.contains("Inget flyttades: 1 krock"), "{said}");
    assert_eq!(export(&owner, &dir.path().join("efter2.json")), before);
}

#[test]
fn a_person_who_may_not_create_organisations_is_told_which_are_missing_and_nothing_moves() {
    let Some(mut db) = TestDatabase::new() else { return };
    let anna = db.person("anna");
    let db = db.migrated();
    let owner = db.owner_url();
    db.as_owner().execute("INSERT INTO organisation (name, kind) VALUES ('Intraservice', 'forvaltning')", &[]).unwrap();
    for role in ["bestallare", "registrerare", "godkannare"] {
        ok(&["admin", "grant", &owner, &anna, "--org", "Intraservice", "--role", role]);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());

    let said = refused(&["push", path(&file), &db.url_for(&anna)]);
    assert!(said.contains("Organisationen Socialförvaltningen Centrum finns inte i det delade registret"), "{said}");
    assert!(!said.contains("Organisationen Intraservice"), "matched by name: {said}");
    assert!(said.contains("Målområdet Uppnå balans mellan effektivitet och innovation finns inte"), "{said}");
    assert!(said.contains("Bastjänsten Mina meddelanden finns inte i Intraservices lista"), "{said}");
    assert!(said.contains("Inget flyttades"), "{said}");
    let count: i64 = db.as_owner().query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(count, 0);
    let count: i64 = db.as_owner().query_one("SELECT count(*) FROM organisation", &[]).unwrap().get(0);
    assert_eq!(count, 1);
}

#[test]
fn a_pull_holds_what_the_person_may_see_and_org_limits_it_to_one_organisations_initiatives() {
    let Some(mut db) = TestDatabase::new() else { return };
    let lisa = db.person("lisa");
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    ok(&["push", path(&file), &owner]);
    ok(&["admin", "grant", &owner, &lisa, "--org", "Överförmyndarförvaltningen", "--role", "läsare"]);

    let initiatives = |snapshot: &Path| -> Vec<Value> {
        let doc: Value = serde_json::from_str(&export(path(snapshot), &snapshot.with_extension("json"))).unwrap();
        doc["initiatives"].as_array().unwrap().clone()
    };
    let organisation_id = |snapshot: &Path, name: &str| -> i64 {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(snapshot.with_extension("json")).unwrap()).unwrap();
        doc["organisations"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap()
    };
    let concerns = |i: &Value, id: i64| {
        i["organisation_id"].as_i64() == Some(id) || i["customer_ids"].as_array().unwrap().iter().any(|c| c.as_i64() == Some(id))
    };

    // --org: the initiatives Intraservice supplies or is a customer of.
    let limited = dir.path().join("intraservice.nytta");
    ok(&["pull", &owner, path(&limited), "--org", "intraservice"]);
    let kept = initiatives(&limited);
    let intraservice = organisation_id(&limited, "Intraservice");
    assert!(!kept.is_empty() && kept.len() < 15, "{}", kept.len());
    assert!(kept.iter().all(|i| concerns(i, intraservice)));
    let whole = dir.path().join("allt.nytta");
    ok(&["pull", &owner, path(&whole)]);
    let all = initiatives(&whole);
    assert_eq!(all.iter().filter(|i| concerns(i, intraservice)).count(), kept.len());

    // A läsare of one organisation: row-level security gives the snapshot what they may see.
    let lisas = dir.path().join("lisa.nytta");
    ok(&["pull", &db.url_for(&lisa), path(&lisas)]);
    let seen = initiatives(&lisas);
    let overformyndare = organisation_id(&lisas, "Överförmyndarförvaltningen");
    assert!(!seen.is_empty() && seen.len() < 15, "{}", seen.len());
    assert!(seen.iter().all(|i| concerns(i, overformyndare)));

    // An organisation there is not.
    let said = refused(&["pull", &owner, path(&dir.path().join("ingen.nytta")), "--org", "Finns inte"]);
    assert!(said.contains("Det finns ingen organisation som heter Finns inte"), "{said}");
    assert!(!dir.path().join("ingen.nytta").exists());
}

#[test]
fn a_snapshot_is_read_but_never_changed_and_a_pull_never_writes_over_a_file() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    ok(&["push", path(&file), &owner]);
    let snapshot = dir.path().join("bild.nytta");
    ok(&["pull", &owner, path(&snapshot)]);
    let before = export(path(&snapshot), &dir.path().join("före.json"));

    let snap = path(&snapshot);
    let csv = dir.path().join("matningar.csv");
    std::fs::write(&csv, "Insats;Indikator;Datum;Värde\nNR-2024-002;NKI;2026-09-30;80\n").unwrap();
    for args in [
        vec!["measure", snap, "--initiative", "NR-2024-002", "--indicator", "NKI", "--date", "2026-09-30", "--value", "80"],
        vec!["lista", "lagg-till", "malomrade", snap, "--namn", "Nytt mål"],
        vec!["installningar", "satt", snap, "--rapportperiod", "kvartal"],
        vec!["new-version", "calc", snap, "--initiative", "NR-2024-002", "--reason", "Nytt underlag"],
        vec!["import", "measurements", snap, path(&csv)],
    ] {
        let said = refused(&args);
        assert!(
            said.contains("Registret är en ögonblicksbild av det delade registret") && said.contains("kan inte ändras"),
            "{args:?}: {said}"
        );
    }
    assert_eq!(export(snap, &dir.path().join("efter.json")), before, "nothing changed");

    // A pull never writes over a file, a register or not.
    let bytes = std::fs::read(&snapshot).unwrap();
    refused(&["pull", &owner, snap]);
    assert_eq!(std::fs::read(&snapshot).unwrap(), bytes);
    let text_file = dir.path().join("anteckningar.txt");
    std::fs::write(&text_file, "mina anteckningar").unwrap();
    let said = refused(&["pull", &owner, path(&text_file)]);
    assert!(said.contains("finns redan"), "{said}");
    assert_eq!(std::fs::read_to_string(&text_file).unwrap(), "mina anteckningar");

    // Nor is a snapshot pushed back: its initiatives are the shared register's already.
    let said = refused(&["push", snap, &owner]);
    assert!(said.contains("ögonblicksbild"), "{said}");
}

#[test]
fn a_registers_json_document_goes_into_an_empty_shared_register_and_out_again() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let json = dir.path().join("demo.json");
    let from_file = export(path(&file), &json);

    let said = ok(&["import", "json", &owner, path(&json)]);
    assert!(said.contains(&format!("till {}@", db.name)) && said.contains("15 insatser"), "{said}");
    assert!(!said.contains("postgres://"), "the connection is shown without its form: {said}");
    assert_eq!(export(&owner, &dir.path().join("server.json")), from_file);

    // Into a shared register that holds something: refused, nothing changed.
    let said = refused(&["import", "json", &owner, path(&json)]);
    assert!(said.contains("är inte tomt"), "{said}");
}
