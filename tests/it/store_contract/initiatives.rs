//! Organisations, initiatives, status reports, costs and the audit log.

use nytta::model::initiative::*;
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use super::{fields, with_organisation};

pub fn a_new_register_has_its_name_and_an_author(backend: &impl Backend) {
    let mut register = backend.fresh("Stadens register");
    assert_eq!(register.name().unwrap(), "Stadens register");
    assert_eq!(register.demo_date().unwrap(), None);
    assert!(register.is_empty().unwrap());
    register.set_author("  ");
    assert!(!register.author().trim().is_empty(), "a blank author keeps the present one");
    register.set_author("controller");
    assert_eq!(register.author(), "controller");
}

pub fn a_stale_edit_is_refused_and_names_what_changed(backend: &impl Backend) {
    let mut first = backend.fresh("samtidig");
    let org = with_organisation(&mut first);
    let id = first.create_initiative(&fields("NR-2", org)).unwrap();
    let mut second = backend.second_handle();

    let started = first.initiative(id).unwrap();
    let mut mine = started.fields.clone();
    mine.sponsor = "Anna".into();
    let mut theirs = started.fields.clone();
    theirs.name = "Nytt namn från någon annan".into();

    let key_before = first.change_key().unwrap();
    second.update_initiative(id, started.row_version, &theirs).unwrap();
    assert_ne!(first.change_key().unwrap(), key_before, "another handle's commit changes the key");
    let error = first.update_initiative(id, started.row_version, &mine).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Stale { .. }), "{message}");
    assert!(message.contains("Namn"), "{message}");
    assert_eq!(first.initiative(id).unwrap().fields.name, "Nytt namn från någon annan");
    assert_eq!(first.initiative(id).unwrap().fields.sponsor, "");
}

pub fn every_change_is_in_the_audit_log_with_before_and_after(backend: &impl Backend) {
    let mut register = backend.fresh("logg");
    let org = with_organisation(&mut register);
    register.set_author("kontroller");
    let id = register.create_initiative(&fields("NR-3", org)).unwrap();
    let current = register.initiative(id).unwrap();
    let mut changed = current.fields.clone();
    changed.phase = Phase::Beredning;
    register.update_initiative(id, current.row_version, &changed).unwrap();

    let log = register.audit_log(Some(id), 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "ändrad");
    assert_eq!(log[0].author, "kontroller");
    assert_eq!(log[0].before.as_ref().unwrap()["phase"], "ide");
    assert_eq!(log[0].after.as_ref().unwrap()["phase"], "beredning");
    assert_eq!(register.audit_log(Some(id), 1).unwrap().len(), 1, "the newest rows, as many as asked");
}

pub fn invalid_input_changes_nothing(backend: &impl Backend) {
    let mut register = backend.fresh("ogiltig");
    let org = with_organisation(&mut register);
    let log_before = register.audit_log(None, 100).unwrap().len();
    let error = register.create_initiative(&fields("", org)).unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)));
    let id = register.create_initiative(&fields("NR-4", org)).unwrap();
    let duplicate = register.create_initiative(&fields("nr-4", org)).unwrap_err();
    assert!(duplicate.to_string().contains("används redan"), "{duplicate}");
    assert!(matches!(register.create_initiative(&fields("NR-5", org + 1000)), Err(StoreError::Invalid(_))));
    assert_eq!(register.initiative_summaries().unwrap().len(), 1);
    assert_eq!(register.audit_log(None, 100).unwrap().len(), log_before + 1);
    assert_eq!(register.initiative_by_code("nr-4").unwrap().id, id, "codes are found in any letter case");
    assert!(matches!(register.initiative(id + 1000), Err(StoreError::NotFound { .. })));
}

pub fn a_status_report_needs_cause_and_action_when_not_green(backend: &impl Backend) {
    let mut register = backend.fresh("status");
    let org = with_organisation(&mut register);
    let id = register.create_initiative(&fields("NR-5", org)).unwrap();
    let report = StatusReportFields {
        period_end: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        time: Dimension { status: Rag::Gul, cause: "".into(), action: "".into() },
        cost: Dimension::green(),
        result: Dimension::green(),
        comment: String::new(),
    };
    assert!(matches!(register.add_status_report(id, &report), Err(StoreError::Invalid(e)) if e.len() == 2));
    let ok = StatusReportFields {
        time: Dimension { status: Rag::Gul, cause: "Sen leverans".into(), action: "Ny tidplan".into() },
        ..report
    };
    register.add_status_report(id, &ok).unwrap();
    assert_eq!(register.initiative_summaries().unwrap()[0].latest_report.as_ref().unwrap().time.status, Rag::Gul);
    assert_eq!(register.status_reports(id).unwrap().len(), 1);
    assert!(register.add_status_report(id, &ok).is_err(), "one report per period");
}

/// A year's development budget of `cost_type`, nothing else filled in.
fn development_cost(year: i32, cost_type: CostType, budget: i64) -> CostYearFields {
    CostYearFields {
        year,
        cost_type,
        budget: Some(rust_decimal::Decimal::from(budget)),
        actual: None,
        forecast: None,
        hours: None,
        kind: nytta::model::initiative::CostKind::Utveckling,
        hourly_rate: None,
        comment: String::new(),
    }
}

pub fn costs_are_one_row_per_year_and_type(backend: &impl Backend) {
    let mut register = backend.fresh("kostnader");
    let org = with_organisation(&mut register);
    let id = register.create_initiative(&fields("NR-6", org)).unwrap();
    let mut cost = development_cost(2026, CostType::Extern, 100_000);
    register.save_cost_year(id, &cost).unwrap();
    cost.budget = Some("120000".parse().unwrap());
    register.save_cost_year(id, &cost).unwrap();
    let years = register.cost_years(id).unwrap();
    assert_eq!(years.len(), 1, "saving a year and type again replaces it");
    assert_eq!(years[0].fields.budget, Some("120000".parse().unwrap()));
    register.save_cost_year(id, &CostYearFields { cost_type: CostType::Intern, ..cost.clone() }).unwrap();
    assert_eq!(register.cost_years(id).unwrap().len(), 2);
    // Förvaltning and utveckling of the same year and type are rows of their own (issue 15).
    let running = CostYearFields { kind: nytta::model::initiative::CostKind::Forvaltning, ..cost };
    let running_id = register.save_cost_year(id, &running).unwrap();
    assert_eq!(register.cost_years(id).unwrap().len(), 3);
    register.delete_cost_year(id, running_id).unwrap();
    assert_eq!(register.cost_years(id).unwrap().len(), 2);
}

/// The whole portfolio's status reports and cost years in one read each are every
/// initiative's, in the order one initiative's are read, initiative after initiative.
pub fn every_initiatives_reports_and_costs_are_read_at_once_as_one_by_one(backend: &impl Backend) {
    let mut register = backend.fresh("alla");
    let org = with_organisation(&mut register);
    let ids: Vec<i64> = ["NR-9", "NR-7", "NR-8"].iter().map(|code| register.create_initiative(&fields(code, org)).unwrap()).collect();
    for (n, id) in ids.iter().enumerate().rev() {
        for month in [3, 9, 6].iter().take(n + 1) {
            let report = StatusReportFields {
                period_end: chrono::NaiveDate::from_ymd_opt(2026, *month, 30).unwrap(),
                time: Dimension::green(),
                cost: Dimension::green(),
                result: Dimension::green(),
                comment: format!("{id} {month}"),
            };
            register.add_status_report(*id, &report).unwrap();
        }
        for (year, cost_type) in [(2027, CostType::Intern), (2026, CostType::Extern), (2026, CostType::Intern)].iter().take(n + 2) {
            register.save_cost_year(*id, &development_cost(*year, *cost_type, 1000 * (n as i64 + 1))).unwrap();
        }
    }
    let mut by_id = ids.clone();
    by_id.sort_unstable();
    let one_by_one: Vec<_> = by_id.iter().flat_map(|id| register.status_reports(*id).unwrap()).collect();
    assert_eq!(register.all_status_reports().unwrap(), one_by_one);
    assert_eq!(one_by_one.len(), 6);
    let one_by_one: Vec<_> = by_id.iter().flat_map(|id| register.cost_years(*id).unwrap()).collect();
    assert_eq!(register.all_cost_years().unwrap(), one_by_one);
    assert_eq!(one_by_one.len(), 2 + 3 + 3);
}

pub fn the_summaries_say_which_initiatives_lack_effect_goals_or_a_calculation(backend: &impl Backend) {
    let mut register = backend.fresh("luckor");
    let org = with_organisation(&mut register);
    let mut idea = fields("NR-1", org);
    idea.effect_goals = vec!["  ".into()];
    let idea = register.create_initiative(&idea).unwrap();
    let mut prepared = fields("NR-2", org);
    prepared.phase = Phase::Beredning;
    prepared.effect_goals = vec!["Kortare handläggningstid".into()];
    let prepared = register.create_initiative(&prepared).unwrap();
    let mut running = fields("NR-3", org);
    running.phase = Phase::Pagaende;
    let running = register.create_initiative(&running).unwrap();
    register.create_calculation(running, &nytta::model::calculation::Calculation::new(2026)).unwrap();

    let summaries = register.initiative_summaries().unwrap();
    let by_id = |id: i64| summaries.iter().find(|s| s.id == id).unwrap();
    let idea = by_id(idea);
    assert!(!idea.has_effect_goals, "a blank goal is no goal");
    assert!(!idea.has_calculation);
    assert_eq!(idea.gaps, [Gap::EffectGoals], "an idea may lack a calculation");
    let prepared = by_id(prepared);
    assert!(prepared.has_effect_goals);
    assert_eq!(prepared.gaps, [Gap::Calculation]);
    let running = by_id(running);
    assert!(running.has_calculation, "a draft is a calculation");
    assert_eq!(running.gaps, [Gap::EffectGoals]);
}

/// Every field of an initiative reads back as saved, on every backend: dates, flags, choices,
/// amounts (equal whatever scale they were written with), effect goals, customers, goal areas
/// and the running-cost years per calendar year; an unchanged save writes nothing.
pub fn every_field_reads_back_as_saved(backend: &impl Backend) {
    use nytta::model::register_lists::{Category, ListKind};
    let mut register = backend.fresh("fält");
    let supplier = with_organisation(&mut register);
    let customer = register.add_organisation("Kulturförvaltningen", OrganisationKind::Forvaltning, "").unwrap();
    let goal = register.add_list_entry(ListKind::GoalArea, None, "Hållbar stad").unwrap();
    register.add_list_entry(ListKind::BaseService, Some(supplier), "E-tjänster").unwrap();
    let id = register.create_initiative(&fields("NR-7", supplier)).unwrap();
    let stored = register.initiative(id).unwrap();
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
    let mut f = stored.fields.clone();
    f.customer_ids = vec![customer, supplier];
    f.phase = Phase::Pagaende;
    f.sponsor = " Anna ".into();
    f.start_date = date(1, 15);
    f.go_live_date = date(9, 1);
    f.end_date = date(12, 31);
    f.base_service = "E-tjänster".into();
    f.effect_goals = vec!["Kortare väntetid".into(), "  ".into()];
    f.benefit_reach = Some(BenefitReach::InternOchExtern);
    f.change_kind = Some(ChangeKind::Effektivitet);
    f.project_form = Some(false);
    f.goal_area_ids = vec![goal.id];
    f.category = Some(Category::Kvalitetshojande);
    f.complexity_customer = Some(Complexity::Mattlig);
    f.security_assessment = Assessment { done: Some(true), comment: "Klar".into() };
    f.project_budget = Some("1250000.50".parse().unwrap());
    f.running_cost.years = vec![
        RunningCostYear { year: 2028, amount: "-20000".parse().unwrap() },
        RunningCostYear { year: 2027, amount: "45000.10".parse().unwrap() },
    ];
    f.running_cost.comment = "Licenser".into();
    f.financing = Some(Financing::Kommunbidrag);
    let saved = register.update_initiative(id, stored.row_version, &f).unwrap();
    assert_eq!(saved.row_version, stored.row_version + 1);
    assert_eq!(saved, register.initiative(id).unwrap());
    let read = saved.fields;
    assert_eq!(read.customer_ids, {
        let mut ids = vec![customer, supplier];
        ids.sort_unstable();
        ids
    });
    assert_eq!(read.sponsor, "Anna");
    assert_eq!((read.start_date, read.go_live_date, read.end_date), (date(1, 15), date(9, 1), date(12, 31)));
    assert_eq!(read.effect_goals, ["Kortare väntetid"]);
    assert_eq!(read.goal_area_ids, [goal.id]);
    assert_eq!(read.category, Some(Category::Kvalitetshojande));
    assert_eq!(read.project_form, Some(false));
    assert_eq!(read.security_assessment, Assessment { done: Some(true), comment: "Klar".into() });
    assert_eq!(read.project_budget.unwrap().to_string(), "1250000.5", "amounts read back normalised");
    let years: Vec<(i32, String)> = read.running_cost.years.iter().map(|y| (y.year, y.amount.to_string())).collect();
    assert_eq!(years, [(2027, "45000.1".to_string()), (2028, "-20000".to_string())], "in year order");
    assert_eq!(read.financing, Some(Financing::Kommunbidrag));
    assert_eq!(register.initiative_by_code("NR-7").unwrap().id, id);

    let log_before = register.audit_log(Some(id), 100).unwrap().len();
    let again = register.update_initiative(id, stored.row_version + 1, &read).unwrap();
    assert_eq!(again.row_version, stored.row_version + 1, "an unchanged save writes nothing");
    assert_eq!(register.audit_log(Some(id), 100).unwrap().len(), log_before);
}

/// Organisations in name order, a duplicate name refused; a missing initiative or code and a
/// cost row already gone are refused in the same words on every backend.
pub fn organisations_and_missing_rows_are_said_alike(backend: &impl Backend) {
    let mut register = backend.fresh("saknas");
    let first = with_organisation(&mut register);
    register.add_organisation("Arbetsmarknadsförvaltningen", OrganisationKind::Forvaltning, " Nämnd ").unwrap();
    register.add_organisation("Bostadsbolaget", OrganisationKind::Bolag, "").unwrap();
    let names: Vec<String> = register.organisations().unwrap().into_iter().map(|o| o.name).collect();
    assert_eq!(names, ["Arbetsmarknadsförvaltningen", "Bostadsbolaget", "Intraservice"]);
    assert_eq!(register.organisations().unwrap()[0].committee, "Nämnd");
    let taken = register.add_organisation(" Intraservice ", OrganisationKind::Forvaltning, "").unwrap_err();
    assert!(taken.to_string().contains("finns redan"), "{taken}");
    assert!(matches!(register.add_organisation("  ", OrganisationKind::Bolag, ""), Err(StoreError::Invalid(_))));

    let missing = register.initiative_by_code(" NR-99 ").unwrap_err();
    assert_eq!(missing.to_string(), "Det finns ingen insats med koden NR-99.");
    assert!(matches!(register.add_status_report(4242, &StatusReportFields {
        period_end: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        time: Dimension::green(),
        cost: Dimension::green(),
        result: Dimension::green(),
        comment: String::new(),
    }), Err(StoreError::NotFound { .. })));
    let id = register.create_initiative(&fields("NR-8", first)).unwrap();
    let gone = register.delete_cost_year(id, 4242).unwrap_err();
    assert!(gone.to_string().starts_with("Kostnadsraden finns inte längre"), "{gone}");
    assert!(register.cost_years(id).unwrap().is_empty());
}
