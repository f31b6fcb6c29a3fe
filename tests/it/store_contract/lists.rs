//! The register's lists and settings (migration 0006), the rules every backend keeps: a base
//! service is chosen from its supplier's list and renamed with its initiatives in the same
//! transaction, a retired entry stays on its initiatives but is refused for another, and the
//! settings are saved with row versions and audit rows and set the status report's due date.

use nytta::model::initiative::{InitiativeFields, OrganisationKind, Phase};
use nytta::model::register_lists::{
    Category, ListKind, OrganisationSettingsFields, RegisterSettingsFields, ReportingPeriod,
};
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;

/// A fresh register with one supplier and one initiative of it, in phase pågående.
fn setup<B: Backend>(backend: &B) -> (B::Store, i64, i64) {
    let mut register = backend.fresh("Listor");
    register.set_author("testare");
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

fn fields_of(error: StoreError) -> Vec<String> {
    fields(error).into_iter().map(|(f, _)| f).collect()
}

pub fn a_base_service_is_chosen_from_the_suppliers_list_and_renamed_with_its_initiatives(backend: &impl Backend) {
    let (mut register, org, id) = setup(backend);
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

pub fn a_retired_entry_stays_on_its_initiatives_but_cannot_be_chosen_for_another(backend: &impl Backend) {
    let (mut register, org, id) = setup(backend);
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

pub fn settings_are_saved_with_row_versions_and_audit_rows_and_the_period_sets_the_due_date<B: Backend>(backend: &B) {
    let (mut register, org, id) = setup(backend);
    let mut f = register.initiative(id).unwrap().fields;
    f.start_date = chrono::NaiveDate::from_ymd_opt(2026, 1, 31);
    register.update_initiative(id, 1, &f).unwrap();
    let due = |r: &B::Store| r.initiative_summaries().unwrap()[0].status_report_due;
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
    assert_eq!(due(&register), date(3, 14), "six weeks after the start");

    let before = register.register_settings().unwrap();
    let fields = RegisterSettingsFields { governing_body: " strategiska samordningsgruppen ".into(), reporting_period: ReportingPeriod::Kvartal, cost_per_fte: rust_decimal_macros::dec!(720000) };
    let after = register.save_register_settings(before.row_version, &fields).unwrap();
    assert_eq!((after.governing_body.as_str(), after.row_version), ("strategiska samordningsgruppen", before.row_version + 1));
    assert_eq!(due(&register), date(4, 30), "a quarter after a month's end is a month's end");
    let stale = register.save_register_settings(before.row_version, &fields).unwrap_err();
    assert!(stale.to_string().contains("har ändrats av någon annan"), "{stale}");
    assert_eq!(after.cost_per_fte, rust_decimal_macros::dec!(720000), "kostnad per årsarbetare is the register's setting");
    let blank = RegisterSettingsFields { governing_body: "".into(), reporting_period: ReportingPeriod::Manad, cost_per_fte: after.cost_per_fte };
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

pub fn a_new_register_names_the_citys_strategic_coordination_group(backend: &impl Backend) {
    let (register, _, _) = setup(backend);
    let settings = register.register_settings().unwrap();
    assert_eq!(settings.governing_body, "strategiska samordningsgruppen");
    assert_eq!((settings.reporting_period, settings.row_version), (ReportingPeriod::SexVeckor, 1));
}

/// Whatever order the database keeps or sorts text in, a list reads in Swedish alphabetical
/// order, letter case aside, each supplier's entries together.
pub fn the_lists_are_in_swedish_alphabetical_order_whatever_the_case(backend: &impl Backend) {
    let (mut register, org, _) = setup(backend);
    let names = ["Öppna data", "Ärenden", "zebra", "Åtgärder", "Anslag", "extern service"];
    let sorted = ["Anslag", "extern service", "zebra", "Åtgärder", "Ärenden", "Öppna data"];
    let other = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "").unwrap();
    register.add_list_entry(ListKind::BaseService, Some(other), "Bredband").unwrap();
    for name in names {
        register.add_list_entry(ListKind::BaseService, Some(org), name).unwrap();
        register.add_list_entry(ListKind::GoalArea, None, name).unwrap();
    }
    let read = |kind, org| -> Vec<String> {
        register.list_entries(kind, org).unwrap().into_iter().map(|e| e.name).collect()
    };
    assert_eq!(read(ListKind::BaseService, Some(org)), sorted);
    assert_eq!(read(ListKind::GoalArea, None), sorted);
    let all = register.list_entries(ListKind::BaseService, None).unwrap();
    let suppliers: Vec<i64> = all.iter().filter_map(|e| e.organisation_id).collect();
    assert_eq!(suppliers, [[org; 6].as_slice(), &[other]].concat(), "each supplier's entries together");
    assert_eq!(all.iter().filter(|e| e.organisation_id == Some(org)).map(|e| e.name.as_str()).collect::<Vec<_>>(), sorted);

    // Another supplier's list may have the same name; an entry not in the register is not found.
    register.add_list_entry(ListKind::BaseService, Some(other), "öppna data").expect("each supplier has its own list");
    assert!(matches!(
        register.rename_list_entry(ListKind::GoalArea, 9999, 1, "Nytt").unwrap_err(),
        StoreError::NotFound { entity: "målområde", .. }
    ));
    let missing = fields(register.add_list_entry(ListKind::BaseService, None, "Ingen leverantör").unwrap_err());
    assert_eq!(missing[0].0, "organisation_id");
}
