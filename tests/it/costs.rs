//! Comparable costs (issue 15, docs/kostnader.md): migration 0005 carries an older register's
//! costs forward — values kept, cost rows classified as utveckling, år N, N+1, N+2 anchored to
//! the decision year with an audit row each — and the store keeps cost rows per year, type and
//! kind, with internal Utfall computed from hours and rate.

use std::path::Path;

use nytta::app::prelude::*;
use nytta::app::StoreError;
use nytta::model::initiative::{
    CostKind, CostType, CostYearFields, InitiativeFields, OrganisationKind, RunningCostYear,
};
use nytta::store::Register;
use rust_decimal::Decimal;

/// A register at schema version 4 (before comparable costs) with three initiatives whose
/// decision years come from an approved plan version (2025), a start date (2024) and the
/// date they were created (2023), and cost rows of the old kind.
fn register_before_0005(path: &Path) {
    Register::create_at_version(path, 4).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "INSERT INTO organisation (id, name, kind) VALUES (1, 'Intraservice', 'forvaltning');
         INSERT INTO initiative (id, code, name, organisation_id, phase, start_date, running_cost_n, running_cost_n1,
                                 running_cost_n2, running_cost_comment, created_at, updated_at)
         VALUES (1, 'NR-1', 'Kalkyl', 1, 'pagaende', '2024-09-02', '0', '450000', '450000', 'Licens', '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
                (2, 'NR-2', 'Start', 1, 'pagaende', '2024-01-15', '180000', NULL, '200000', '', '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
                (3, 'NR-3', 'Skapad', 1, 'ide', NULL, '5000', '5000', '5000', '', '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
                (4, 'NR-4', 'Utan förvaltningskostnad', 1, 'ide', NULL, NULL, NULL, NULL, '', '2023-05-02T09:00:00', '2023-05-02T09:00:00');
         INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES (1, 1), (2, 1), (3, 1), (4, 1);
         INSERT INTO plan_version (initiative_id, version, status, body, created_by, created_at, updated_at,
                                   approved_by, approved_at, decision_ref)
         VALUES (1, 1, 'approved', '{}', 'A', '2025-01-01', '2025-01-01', 'Nämnden', '2025-03-14', 'KS 2025-03-14 §4');
         INSERT INTO cost_year (id, initiative_id, year, cost_type, budget, actual, forecast, hours, comment)
         VALUES (1, 1, 2024, 'extern', '431667', '418717', '418717', NULL, ''),
                (2, 1, 2024, 'intern', '185000', '179450', '179450', '291', 'Egen personal, 635 kr/h.');",
    )
    .unwrap();
}

#[test]
fn migration_0005_keeps_the_costs_classifies_them_and_anchors_the_running_cost_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gammal.nytta");
    register_before_0005(&path);
    let register = Register::open(&path).unwrap();
    assert_eq!(register.check().unwrap().foreign_key_violations, 0);

    // Cost rows: values, hours and comments kept; every one utveckling; no rate guessed.
    let costs = register.cost_years(1).unwrap();
    assert_eq!(costs.len(), 2);
    let internal = costs.iter().find(|c| c.fields.cost_type == CostType::Intern).unwrap();
    assert_eq!(internal.id, 2);
    assert_eq!(internal.fields.kind, CostKind::Utveckling);
    assert_eq!(internal.fields.actual, Some(Decimal::from(179_450)));
    assert_eq!(internal.fields.hours, Some(Decimal::from(291)));
    assert_eq!(internal.fields.hourly_rate, None);
    assert_eq!(internal.fields.comment, "Egen personal, 635 kr/h.");
    assert!(costs.iter().all(|c| c.fields.kind == CostKind::Utveckling));

    // Running cost per calendar year from the decision year; a zero kept, a blank left out.
    let years = |id| register.initiative(id).unwrap().fields.running_cost.years;
    let y = |year, amount: i64| RunningCostYear { year, amount: Decimal::from(amount) };
    assert_eq!(years(1), [y(2025, 0), y(2026, 450_000), y(2027, 450_000)], "first approval 2025");
    assert_eq!(years(2), [y(2024, 180_000), y(2026, 200_000)], "start date 2024");
    assert_eq!(years(3), [y(2023, 5_000), y(2024, 5_000), y(2025, 5_000)], "created 2023");
    assert!(years(4).is_empty());
    assert_eq!(register.initiative(1).unwrap().fields.running_cost.comment, "Licens");

    // One audit row per carried initiative, saying which year each relative year became.
    let log: Vec<_> =
        register.audit_log(None, 100).unwrap().into_iter().filter(|a| a.author == "Migrering 0005").collect();
    assert_eq!(log.len(), 3);
    let first = log.iter().find(|a| a.initiative_id == Some(1)).unwrap();
    assert_eq!((first.action.as_str(), first.entity.as_str()), ("migrerad", "running_cost"));
    assert_eq!(
        first.reason,
        nytta::model::costs::anchoring_reason(2025, nytta::model::costs::DecisionSource::Approval)
    );
    assert!(first.reason.contains("år N = 2025"), "{}", first.reason);
    assert_eq!(first.before.as_ref().unwrap()["year_n1"], "450000");
    assert_eq!(first.after.as_ref().unwrap()[2]["year"], 2027);
    let second = log.iter().find(|a| a.initiative_id == Some(2)).unwrap();
    assert!(second.reason.contains("beslutsår 2024, från startdatum"), "{}", second.reason);

    // The migrated register exports, and its export imports into a new register alike.
    let mut out = Vec::new();
    nytta::app::exports::write_json_export(&register, &mut out).unwrap();
    let document = nytta::io::register_json::read_document(&out).unwrap();
    let mut again = Register::create(&dir.path().join("igen.nytta"), "Igen").unwrap();
    nytta::app::import::import_document(&mut again, &document).unwrap();
    assert_eq!(again.initiative(1).unwrap().fields.running_cost.years, years(1));
    assert_eq!(again.cost_years(1).unwrap(), costs);
}

fn register_with_initiative(path: &Path) -> (Register, i64) {
    let mut register = Register::create(path, "Kostnader").unwrap();
    let org = register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "").unwrap();
    let fields = InitiativeFields { code: "NR-1".into(), name: "E-arkiv".into(), ..InitiativeFields::blank(org) };
    let id = register.create_initiative(&fields).unwrap();
    (register, id)
}

fn cost(year: i32, cost_type: CostType, kind: CostKind) -> CostYearFields {
    CostYearFields {
        year,
        cost_type,
        kind,
        budget: Some(Decimal::from(100_000)),
        actual: None,
        forecast: None,
        hours: None,
        hourly_rate: None,
        comment: String::new(),
    }
}

#[test]
fn a_cost_row_is_one_per_year_type_and_kind_and_internal_utfall_is_hours_times_rate() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, id) = register_with_initiative(&dir.path().join("r.nytta"));
    let mut internal = cost(2026, CostType::Intern, CostKind::Utveckling);
    internal.hours = Some(Decimal::from(120));
    internal.hourly_rate = Some(Decimal::from(650));
    register.save_cost_year(id, &internal).unwrap();
    register.save_cost_year(id, &cost(2026, CostType::Intern, CostKind::Forvaltning)).unwrap();
    let external = register.save_cost_year(id, &cost(2026, CostType::Extern, CostKind::Utveckling)).unwrap();
    let rows = register.cost_years(id).unwrap();
    assert_eq!(rows.len(), 3, "förvaltning and utveckling of the same year and type are two rows");
    let computed = rows.iter().find(|r| r.fields.kind == CostKind::Utveckling && r.fields.cost_type == CostType::Intern).unwrap();
    assert_eq!(computed.fields.actual, Some(Decimal::from(78_000)));

    // A different Utfall is refused, naming the field, and nothing changes.
    let mut wrong = internal.clone();
    wrong.actual = Some(Decimal::from(80_000));
    match register.save_cost_year(id, &wrong) {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "actual"),
        other => panic!("{other:?}"),
    }
    // A rate on an external row is refused.
    let mut rated = cost(2026, CostType::Extern, CostKind::Forvaltning);
    rated.hourly_rate = Some(Decimal::from(900));
    assert!(register.save_cost_year(id, &rated).is_err());
    assert_eq!(register.cost_years(id).unwrap(), rows);

    // Saving the same year, type and kind replaces; deleting removes; both are logged.
    let mut replaced = cost(2026, CostType::Extern, CostKind::Utveckling);
    replaced.forecast = Some(Decimal::from(120_000));
    assert_eq!(register.save_cost_year(id, &replaced).unwrap(), external);
    register.delete_cost_year(id, external).unwrap();
    assert_eq!(register.cost_years(id).unwrap().len(), 2);
    assert!(register.delete_cost_year(id, external).is_err(), "a row already gone");
    let actions: Vec<_> = register
        .audit_log(Some(id), 20)
        .unwrap()
        .into_iter()
        .filter(|a| a.entity == "cost_year")
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["borttagen", "ändrad", "skapad", "skapad", "skapad"]);
}

#[test]
fn the_running_cost_is_saved_per_calendar_year_with_the_initiative() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, id) = register_with_initiative(&dir.path().join("r.nytta"));
    let stored = register.initiative(id).unwrap();
    let mut fields = stored.fields.clone();
    fields.running_cost.years = vec![
        RunningCostYear { year: 2028, amount: Decimal::from(-20_000) },
        RunningCostYear { year: 2027, amount: Decimal::from(300_000) },
    ];
    let saved = register.update_initiative(id, stored.row_version, &fields).unwrap();
    let years: Vec<i32> = saved.fields.running_cost.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2027, 2028], "in year order");
    assert_eq!(saved.fields.running_cost.years[1].amount, Decimal::from(-20_000), "a saving is negative");
    let mut twice = saved.fields.clone();
    twice.running_cost.years.push(RunningCostYear { year: 2027, amount: Decimal::ONE });
    assert!(register.update_initiative(id, saved.row_version, &twice).is_err());
    assert_eq!(register.initiative(id).unwrap(), saved, "a refused save changes nothing");
}

#[test]
fn the_annual_analysis_reads_a_suppliers_costs_per_base_service() {
    let dir = tempfile::tempdir().unwrap();
    let (mut register, id) = register_with_initiative(&dir.path().join("r.nytta"));
    let stored = register.initiative(id).unwrap();
    let mut fields = stored.fields.clone();
    register
        .add_list_entry(nytta::model::register_lists::ListKind::BaseService, Some(fields.organisation_id), "E-arkiv")
        .unwrap();
    fields.base_service = "E-arkiv".into();
    fields.running_cost.years = vec![RunningCostYear { year: 2027, amount: Decimal::from(50_000) }];
    register.update_initiative(id, stored.row_version, &fields).unwrap();
    let mut budget = cost(2026, CostType::Extern, CostKind::Forvaltning);
    budget.budget = Some(Decimal::from(400_000));
    register.save_cost_year(id, &budget).unwrap();
    let supplier = fields.organisation_id;
    let year = nytta::app::costs::supplier_costs(&register, supplier, 2027).unwrap();
    assert_eq!(year.services.len(), 1);
    let service = &year.services[0];
    assert_eq!(service.base_service, "E-arkiv");
    assert_eq!(service.forvaltning.extern_.budget, Some(Decimal::from(400_000)), "Budget of Y−1");
    assert_eq!(service.running_cost[0], Some(Decimal::from(50_000)));
    assert_eq!(service.only_external, ["NR-1"]);
    assert!(nytta::app::costs::supplier_costs(&register, supplier + 99, 2027).unwrap().services.is_empty());
}
