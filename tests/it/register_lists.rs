//! The register's lists, governing bodies and reporting periods (issue 15, migration 0006):
//! an old register carried forward with its base-service texts as list entries, the rules of
//! renaming and retiring an entry in use, the checks an initiative's save makes against the
//! lists, the settings with their row versions and audit rows, the JSON document of an older
//! format read as the migration reads a register, and the CLI's `nytta lista` and `nytta
//! installningar`.

use std::path::{Path, PathBuf};
use std::process::Output;

use nytta::io::register_json;
use nytta::model::initiative::{InitiativeFields, OrganisationKind, Phase};
use nytta::model::register_lists::{
    Category, ListKind, OrganisationSettingsFields, RegisterSettingsFields, ReportingPeriod,
};
use nytta::store::prelude::*;
use nytta::store::{Register, StoreError};

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

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A new register with one supplier and one initiative of it, in phase pågående.
fn register(dir: &Path) -> (Register, i64, i64) {
    let mut register = Register::create(&dir.join("r.nytta"), "Listor").unwrap();
    let org = register.add_organisation("Förvaltningen för demokrati och medborgarservice", OrganisationKind::Forvaltning, "").unwrap();
    let fields = InitiativeFields { code: "NR-1".into(), name: "Webbplatsen".into(), phase: Phase::Pagaende, ..InitiativeFields::blank(org) };
    let id = register.create_initiative(&fields).unwrap();
    (register, org, id)
}

fn fields(error: StoreError) -> Vec<(String, String)> {
    match error {
        StoreError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn an_old_registers_base_service_texts_become_entries_of_each_suppliers_list() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("gammalt.nytta");
    std::fs::copy(fixture("register-schema-3.nytta"), &copy).unwrap();
    let register = Register::open(&copy).unwrap();
    let organisations = register.organisations().unwrap();
    let entries = register.list_entries(ListKind::BaseService, None).unwrap();
    for summary in register.initiative_summaries().unwrap() {
        let f = register.initiative(summary.id).unwrap().fields;
        if f.base_service.is_empty() {
            continue;
        }
        let entry = entries
            .iter()
            .find(|e| e.organisation_id == Some(f.organisation_id) && e.name == f.base_service)
            .unwrap_or_else(|| panic!("{}: {} is not in its supplier's list", f.code, f.base_service));
        assert!(!entry.retired);
        assert!(entry.in_use >= 1);
    }
    // Nothing merged, nothing invented: one entry per supplier and text.
    let pairs: std::collections::HashSet<(i64, String)> = register
        .initiative_summaries()
        .unwrap()
        .iter()
        .map(|s| register.initiative(s.id).unwrap().fields)
        .filter(|f| !f.base_service.is_empty())
        .map(|f| (f.organisation_id, f.base_service))
        .collect();
    assert_eq!(entries.len(), pairs.len(), "{entries:?}");
    assert!(entries.len() >= 5, "the fixture names several base services");
    assert!(organisations.len() > 1);
    // The register reads as before: its council pack is for digitaliseringsrådet, six-weekly.
    let settings = register.register_settings().unwrap();
    assert_eq!(settings.governing_body, "digitaliseringsrådet");
    assert_eq!(settings.reporting_period, ReportingPeriod::SexVeckor);
    assert!(register.list_entries(ListKind::GoalArea, None).unwrap().is_empty());
    assert!(register.organisation_settings().unwrap().iter().all(|o| o.governing_body.is_none() && o.reporting_period.is_none()));
    // And an initiative that named one saves unchanged.
    let s = &register.initiative_summaries().unwrap()[1];
    let i = register.initiative(s.id).unwrap();
    let mut register = register;
    register.update_initiative(i.id, i.row_version, &i.fields).expect("a carried-forward base service is valid");
}

#[test]
fn a_new_register_names_the_citys_strategic_coordination_group() {
    let dir = tempfile::tempdir().unwrap();
    let (register, _, _) = register(dir.path());
    let settings = register.register_settings().unwrap();
    assert_eq!(settings.governing_body, "strategiska samordningsgruppen");
    assert_eq!(settings.reporting_period, ReportingPeriod::SexVeckor);
}

#[test]
fn a_base_service_is_chosen_from_the_suppliers_list_and_renamed_with_its_initiatives() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org, id) = register(dir.path());
    let mut f = register.initiative(id).unwrap().fields;

    // Not in the list: refused, naming the field.
    f.base_service = "Öppna data".into();
    let errors = fields(register.update_initiative(id, 1, &f).unwrap_err());
    assert_eq!(errors[0].0, "base_service");
    assert!(errors[0].1.contains("finns inte i Förvaltningen för demokrati och medborgarservices lista"), "{errors:?}");

    let entry = register.add_list_entry(ListKind::BaseService, Some(org), "Öppna data").unwrap();
    let duplicate = fields(register.add_list_entry(ListKind::BaseService, Some(org), " öppna DATA ").unwrap_err());
    assert_eq!(duplicate[0].0, "name");
    assert!(duplicate[0].1.contains("finns redan"), "{duplicate:?}");
    let blank = fields(register.add_list_entry(ListKind::BaseService, Some(org), "  ").unwrap_err());
    assert_eq!(blank[0].1, "Bastjänst måste ha ett namn.");

    let saved = register.update_initiative(id, 1, &f).unwrap();
    assert_eq!(saved.fields.base_service, "Öppna data");
    assert_eq!(register.list_entries(ListKind::BaseService, Some(org)).unwrap()[0].in_use, 1);

    // A rename carries the initiative along, with its own audit row and a new row version.
    let renamed = register.rename_list_entry(ListKind::BaseService, entry.id, entry.row_version, "Öppna data och API:er").unwrap();
    assert_eq!(renamed.row_version, entry.row_version + 1);
    let after = register.initiative(id).unwrap();
    assert_eq!(after.fields.base_service, "Öppna data och API:er");
    assert_eq!(after.row_version, saved.row_version + 1, "an edit open on the old name is refused as stale");
    let stale = register.update_initiative(id, saved.row_version, &saved.fields).unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }), "{stale:?}");
    let log = register.audit_log(None, 10).unwrap();
    assert!(log.iter().any(|a| a.entity == "base_service" && a.action == "ändrad"));
    assert!(log.iter().any(|a| a.entity == "initiative" && a.initiative_id == Some(id) && a.reason.contains("bytte namn")));

    // A rename from an old row version is refused and changes nothing.
    let stale = register.rename_list_entry(ListKind::BaseService, entry.id, entry.row_version, "Annat").unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }));
    assert_eq!(register.initiative(id).unwrap().fields.base_service, "Öppna data och API:er");
}

#[test]
fn a_retired_entry_stays_on_its_initiatives_but_cannot_be_chosen_for_another() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org, id) = register(dir.path());
    let service = register.add_list_entry(ListKind::BaseService, Some(org), "Göteborgs Stads kontaktcenter").unwrap();
    let area = register.add_list_entry(ListKind::GoalArea, None, "Uppnå balans mellan interna och externa nyttor").unwrap();
    let mut f = register.initiative(id).unwrap().fields;
    f.base_service = service.name.clone();
    f.goal_area_ids = vec![area.id];
    f.category = Some(Category::Kvalitetshojande);
    let saved = register.update_initiative(id, 1, &f).unwrap();
    assert_eq!((saved.fields.goal_area_ids.as_slice(), saved.fields.category), (&[area.id][..], Some(Category::Kvalitetshojande)));

    let retired = register.set_list_entry_retired(ListKind::BaseService, service.id, service.row_version, true).unwrap();
    assert!(retired.retired);
    register.set_list_entry_retired(ListKind::GoalArea, area.id, area.row_version, true).unwrap();

    // The initiative keeps both and still saves.
    let mut kept = register.initiative(id).unwrap();
    assert_eq!(kept.fields.base_service, service.name);
    assert_eq!(kept.fields.goal_area_ids, [area.id]);
    kept.fields.need = "Ändrad behovsbeskrivning".into();
    register.update_initiative(id, kept.row_version, &kept.fields).expect("a retired entry it had is kept");

    // Another initiative cannot choose them.
    let mut other = InitiativeFields { code: "NR-2".into(), name: "Chatt".into(), ..InitiativeFields::blank(org) };
    other.base_service = service.name.clone();
    other.goal_area_ids = vec![area.id];
    let errors = fields(register.create_initiative(&other).unwrap_err());
    let named: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, ["base_service", "goal_area_ids"], "{errors:?}");
    assert!(errors[0].1.contains("har gått ut"), "{errors:?}");

    // Brought back, it can be chosen again.
    let entry = &register.list_entries(ListKind::BaseService, Some(org)).unwrap()[0];
    register.set_list_entry_retired(ListKind::BaseService, entry.id, entry.row_version, false).unwrap();
    other.goal_area_ids.clear();
    register.create_initiative(&other).expect("a reinstated base service can be chosen");
    let actions: Vec<String> = register.audit_log(None, 20).unwrap().iter().map(|a| format!("{} {}", a.entity, a.action)).collect();
    assert!(actions.contains(&"base_service utgången".to_string()), "{actions:?}");
    assert!(actions.contains(&"base_service återinförd".to_string()), "{actions:?}");
}

#[test]
fn settings_are_saved_with_row_versions_and_audit_rows_and_the_period_sets_the_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org, id) = register(dir.path());
    let mut f = register.initiative(id).unwrap().fields;
    f.start_date = chrono::NaiveDate::from_ymd_opt(2026, 1, 31);
    register.update_initiative(id, 1, &f).unwrap();
    let due = |r: &Register| r.initiative_summaries().unwrap()[0].status_report_due;
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
    assert_eq!(due(&register), date(3, 14), "six weeks after the start");

    let before = register.register_settings().unwrap();
    let fields = RegisterSettingsFields { governing_body: " strategiska samordningsgruppen ".into(), reporting_period: ReportingPeriod::Kvartal };
    let after = register.save_register_settings(before.row_version, &fields).unwrap();
    assert_eq!((after.governing_body.as_str(), after.row_version), ("strategiska samordningsgruppen", before.row_version + 1));
    assert_eq!(due(&register), date(4, 30), "a quarter after a month's end is a month's end");
    let stale = register.save_register_settings(before.row_version, &fields).unwrap_err();
    assert!(stale.to_string().contains("har ändrats av någon annan"), "{stale}");
    let blank = RegisterSettingsFields { governing_body: "".into(), reporting_period: ReportingPeriod::Manad };
    assert_eq!(fields_of(register.save_register_settings(after.row_version, &blank).unwrap_err())[0], "governing_body");

    // The supplier's own period wins over the register's.
    let own = register.organisation_settings().unwrap().into_iter().find(|o| o.organisation_id == org).unwrap();
    let saved = register
        .save_organisation_settings(org, own.row_version, &OrganisationSettingsFields {
            governing_body: Some("förvaltningens digitaliseringsråd".into()),
            reporting_period: Some(ReportingPeriod::Manad),
        })
        .unwrap();
    assert_eq!(saved.row_version, own.row_version + 1);
    assert_eq!(due(&register), date(2, 28));
    assert_eq!(
        nytta::app::lists::governing_body(&register, Some("förvaltningen för demokrati OCH medborgarservice")).unwrap(),
        "förvaltningens digitaliseringsråd"
    );
    assert_eq!(nytta::app::lists::governing_body(&register, None).unwrap(), "strategiska samordningsgruppen");
    let stale = register.save_organisation_settings(org, own.row_version, &OrganisationSettingsFields::default()).unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }));
    let entities: Vec<String> = register.audit_log(None, 10).unwrap().iter().map(|a| a.entity.clone()).collect();
    assert!(entities.contains(&"register_settings".to_string()) && entities.contains(&"organisation_settings".to_string()), "{entities:?}");

    // A late report is flagged as of a date after the due date, with its date.
    let summaries = register.initiative_summaries().unwrap();
    let late = nytta::app::lists::overdue_reports(&summaries, date(3, 1).unwrap());
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].label, "Statusrapport försenad (skulle ha lämnats 2026-02-28)");
    assert!(nytta::app::lists::overdue_reports(&summaries, date(2, 28).unwrap()).is_empty());
}

fn fields_of(error: StoreError) -> Vec<String> {
    fields(error).into_iter().map(|(f, _)| f).collect()
}

#[test]
fn a_format_2_document_reads_as_migration_0006_reads_a_register_and_version_3_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, org, id) = register(dir.path());
    let entry = register.add_list_entry(ListKind::BaseService, Some(org), "Extern service och kommunikation").unwrap();
    let area = register.add_list_entry(ListKind::GoalArea, None, "Säkerställa transparens och tillgänglighet för ökad innovation").unwrap();
    let mut f = register.initiative(id).unwrap().fields;
    f.base_service = entry.name.clone();
    f.goal_area_ids = vec![area.id];
    f.category = Some(Category::Ovrigt);
    register.update_initiative(id, 1, &f).unwrap();
    let settings = register.organisation_settings().unwrap().remove(0);
    register
        .save_organisation_settings(org, settings.row_version, &OrganisationSettingsFields { governing_body: None, reporting_period: Some(ReportingPeriod::Manad) })
        .unwrap();

    // Version 3 carries everything and round-trips byte for byte.
    let document = nytta::app::exports::export_document(&register).unwrap();
    let mut bytes = Vec::new();
    register_json::write_document(&document, &mut bytes).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["goal_areas"][0]["name"], area.name);
    assert_eq!(json["organisations"][0]["base_services"][0]["name"], entry.name);
    assert_eq!(json["organisations"][0]["reporting_period"], "manad");
    assert_eq!(json["initiatives"][0]["goal_area_ids"], serde_json::json!([area.id]));
    assert_eq!(json["initiatives"][0]["category"], "ovrigt");
    let read = register_json::read_document(&bytes).unwrap();
    let mut copy = Register::create(&dir.path().join("kopia.nytta"), "Kopia").unwrap();
    copy.import_records(read.content()).unwrap();
    let again = nytta::app::exports::export_document(&copy).unwrap();
    let mut again_bytes = Vec::new();
    register_json::write_document(&again, &mut again_bytes).unwrap();
    assert!(again_bytes == bytes, "export, import, export gives the same bytes");

    // The same register as version 2 wrote it: no lists, the base service as text.
    let mut v2 = json.clone();
    v2["version"] = 2.into();
    let object = v2.as_object_mut().unwrap();
    object.remove("goal_areas");
    object.remove("register").map(|mut r| {
        r.as_object_mut().unwrap().retain(|k, _| k == "name" || k == "created_at");
        object.insert("register".into(), r)
    });
    for o in v2["organisations"].as_array_mut().unwrap() {
        for key in ["base_services", "governing_body", "reporting_period", "settings_row_version"] {
            o.as_object_mut().unwrap().remove(key);
        }
    }
    for i in v2["initiatives"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("goal_area_ids");
        i.as_object_mut().unwrap().remove("category");
    }
    let v2_bytes = serde_json::to_vec(&v2).unwrap();
    let read = match register_json::read_document(&v2_bytes) {
        Ok(read) => read,
        // Another field version 3 added (not this module's) may be needed in its v3 shape;
        // this test is about the lists, so it says which.
        Err(e) => panic!("the version-2 shape of the lists is read: {e}"),
    };
    assert_eq!(read.organisations[0].base_services.len(), 1);
    assert_eq!(read.organisations[0].base_services[0].name, entry.name);
    assert_eq!(read.register.get("governing_body").map(String::as_str), Some("digitaliseringsrådet"));
    let mut old = Register::create(&dir.path().join("v2.nytta"), "v2").unwrap();
    old.import_records(read.content()).unwrap();
    assert_eq!(old.list_entries(ListKind::BaseService, None).unwrap()[0].name, entry.name);

    // A version-2 document cannot hold the lists.
    let mut wrong = v2.clone();
    wrong["initiatives"][0]["category"] = "ovrigt".into();
    let error = register_json::read_document(&serde_json::to_vec(&wrong).unwrap()).unwrap_err();
    assert_eq!(error.path(), Some("initiatives[0].category"), "{error}");
}

#[test]
fn the_cli_lists_and_changes_the_lists_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    ok(nytta(&["demo", path(&file)]));
    let f = path(&file);
    const DMS: &str = "Förvaltningen för demokrati och medborgarservice";

    let list = ok(nytta(&["lista", "bastjanster", f, "--org", "förvaltningen för demokrati och medborgarservice"]));
    assert!(list.starts_with(&format!("{DMS}\n")), "{list}");
    assert!(list.contains("  Extern service och kommunikation  [3 insatser]"), "{list}");
    assert!(list.contains("  Öppna data  [används inte]"), "{list}");
    assert!(list.ends_with("4 bastjänster\n"), "{list}");
    let json: serde_json::Value = serde_json::from_str(&ok(nytta(&["lista", "malomraden", f, "--json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);

    let added = ok(nytta(&["lista", "lagg-till", "bastjanst", f, "--org", DMS, "--namn", "Chatt"]));
    assert_eq!(added, "Lade till bastjänst Chatt.\n");
    let error = refused(nytta(&["lista", "lagg-till", "bastjanst", f, "--org", DMS, "--namn", "chatt"]));
    assert!(error.contains("Bastjänst Chatt finns redan i Förvaltningen för demokrati och medborgarservices lista"), "{error}");
    let error = refused(nytta(&["lista", "lagg-till", "bastjanst", f, "--namn", "X"]));
    assert!(error.contains("Ange leverantören med --org"), "{error}");
    let error = refused(nytta(&["lista", "lagg-till", "bastjanst", f, "--org", "Okänd", "--namn", "X"]));
    assert!(error.contains("Det finns ingen organisation som heter Okänd"), "{error}");

    let renamed = ok(nytta(&["lista", "byt-namn", "bastjanst", f, "--org", DMS, "--namn", "extern service och kommunikation", "--nytt-namn", "Extern service"]));
    assert!(renamed.contains("heter nu Extern service (3 insatser har fått det nya namnet)"), "{renamed}");
    let retired = ok(nytta(&["lista", "utga", "bastjanst", f, "--org", DMS, "--namn", "Extern service"]));
    assert!(retired.contains("har gått ut"), "{retired}");
    let list = ok(nytta(&["lista", "bastjanster", f, "--org", DMS]));
    assert!(list.contains("  Extern service (utgången)  [3 insatser]"), "{list}");
    ok(nytta(&["lista", "aterinfor", "bastjanst", f, "--org", DMS, "--namn", "Extern service"]));
    ok(nytta(&["lista", "lagg-till", "malomrade", f, "--namn", "Agenda 2030"]));
    let error = refused(nytta(&["lista", "utga", "malomrade", f, "--namn", "Finns inte"]));
    assert!(error.contains("Målområde Finns inte finns inte i registrets lista"), "{error}");

    let shown = ok(nytta(&["installningar", "visa", f]));
    assert!(shown.starts_with("Registrets styrande organ: strategiska samordningsgruppen\nRådsrapportens titel: Underlag till strategiska samordningsgruppen\n"), "{shown}");
    assert!(shown.contains("Äldre samt vård- och omsorgsförvaltningen: styrande organ äldre samt vård- och omsorgsförvaltningens digitaliseringsråd, rapportperiod varje månad"), "{shown}");
    let set = ok(nytta(&["installningar", "satt", f, "--styrande-organ", "digitaliseringsrådet", "--rapportperiod", "kvartal"]));
    assert!(set.contains("rådsrapporten heter ”Underlag till digitaliseringsrådet”"), "{set}");
    let set = ok(nytta(&["installningar", "satt", f, "--org", "intraservice", "--rapportperiod", "manad"]));
    assert_eq!(set, "Intraservice: styrande organ digitaliseringsrådet (registrets), rapportperiod varje månad.\n");
    let set = ok(nytta(&["installningar", "satt", f, "--org", "Äldre samt vård- och omsorgsförvaltningen", "--styrande-organ", "", "--rapportperiod", "registrets"]));
    assert!(set.contains("styrande organ digitaliseringsrådet (registrets), rapportperiod varje kvartal (registrets)"), "{set}");
    let error = refused(nytta(&["installningar", "satt", f, "--rapportperiod", "registrets"]));
    assert!(error.contains("bara en organisation"), "{error}");
    let error = refused(nytta(&["installningar", "satt", f]));
    assert!(error.contains("Ange --styrande-organ, --rapportperiod eller båda"), "{error}");
    let json: serde_json::Value = serde_json::from_str(&ok(nytta(&["installningar", "visa", f, "--json"]))).unwrap();
    assert_eq!(json["register"]["reporting_period"], "kvartal");
    assert_eq!(json["council_title"], "Underlag till digitaliseringsrådet");

    // Every change is in the log.
    let register = Register::open(&file).unwrap();
    let entities: Vec<String> = register.audit_log(None, 30).unwrap().iter().map(|a| a.entity.clone()).collect();
    for entity in ["base_service", "goal_area", "register_settings", "organisation_settings"] {
        assert!(entities.iter().any(|e| e == entity), "{entity} saknas i loggen: {entities:?}");
    }
}
