//! Supplier and customers (seed 004 §2.4.2.5): an initiative's customers and financing are
//! stored, logged and checked, and each benefit of its plan is realised by one of its
//! customers.

use nytta::model::initiative::*;
use nytta::model::plan::Direction;
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use super::{fields, with_organisation};
use crate::support::plan_examples;

fn refused_fields(error: StoreError) -> Vec<(String, String)> {
    match error {
        StoreError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

pub fn customers_and_financing_are_stored_and_logged_with_before_and_after(backend: &impl Backend) {
    let mut register = backend.fresh("kunder");
    let supplier = with_organisation(&mut register);
    let avo = register.add_organisation("Äldre samt vård- och omsorgsförvaltningen", OrganisationKind::Forvaltning, "").unwrap();
    let soc = register.add_organisation("Socialförvaltningen Centrum", OrganisationKind::Forvaltning, "").unwrap();
    let id = register.create_initiative(&fields("NR-1", supplier)).unwrap();
    let created = register.initiative(id).unwrap();
    assert_eq!(created.fields.customer_ids, [supplier], "a blank initiative's supplier is its customer");
    assert_eq!(created.fields.financing, None);

    let mut shared = created.fields.clone();
    shared.customer_ids = vec![soc, avo];
    shared.financing = Some(Financing::Kostnadsfordelning);
    shared.allocation_key = "  Antal administrativa datorer ".into();
    let saved = register.update_initiative(id, created.row_version, &shared).unwrap();
    assert_eq!(saved.fields.customer_ids, [avo, soc], "customers in id order");
    assert_eq!(saved.fields.financing, Some(Financing::Kostnadsfordelning));
    assert_eq!(saved.fields.allocation_key, "Antal administrativa datorer");
    assert_eq!(register.initiative_summaries().unwrap()[0].customer_ids, [avo, soc]);

    let log = register.audit_log(Some(id), 1).unwrap();
    let (before, after) = (log[0].before.as_ref().unwrap(), log[0].after.as_ref().unwrap());
    assert_eq!(before["customer_ids"], serde_json::json!([supplier]));
    assert_eq!(after["customer_ids"], serde_json::json!([avo, soc]));
    assert_eq!(before["financing"], serde_json::Value::Null);
    assert_eq!(after["financing"], "kostnadsfordelning");
}

pub fn customers_and_allocation_key_are_checked_by_field(backend: &impl Backend) {
    let mut register = backend.fresh("kontroll");
    let supplier = with_organisation(&mut register);
    let mut none = fields("NR-2", supplier);
    none.customer_ids.clear();
    let errors = refused_fields(register.create_initiative(&none).unwrap_err());
    assert_eq!(errors[0].0, "customer_ids");
    assert!(errors[0].1.contains("minst en kund"), "{}", errors[0].1);

    let mut unknown = fields("NR-2", supplier);
    unknown.customer_ids = vec![supplier, supplier + 1000];
    assert_eq!(refused_fields(register.create_initiative(&unknown).unwrap_err())[0].0, "customer_ids");

    let mut key = fields("NR-2", supplier);
    key.allocation_key = "Grundbelopp".into();
    key.financing = Some(Financing::FakturaAPris);
    let errors = refused_fields(register.create_initiative(&key).unwrap_err());
    assert_eq!(errors[0].0, "allocation_key");
    assert!(errors[0].1.contains("kostnadsfördelning"), "{}", errors[0].1);
    assert!(register.initiative_summaries().unwrap().is_empty(), "nothing was written");
}

pub fn each_benefit_is_realised_by_a_customer(backend: &impl Backend) {
    let mut register = backend.fresh("realiseras");
    let supplier = with_organisation(&mut register);
    let avo = register.add_organisation("Äldre samt vård- och omsorgsförvaltningen", OrganisationKind::Forvaltning, "").unwrap();
    let other = register.add_organisation("Stadsmiljöförvaltningen", OrganisationKind::Forvaltning, "").unwrap();
    let mut initiative = fields("NR-3", supplier);
    initiative.customer_ids = vec![avo];
    let id = register.create_initiative(&initiative).unwrap();

    let mut plan = plan_examples::plan(vec![plan_examples::indicator("A", Direction::HigherIsBetter, Some("10"), &[(6, "20")])]);
    plan.benefits[0].realised_by = Some(other);
    let errors = refused_fields(register.create_plan(id, &plan).unwrap_err());
    assert_eq!(errors[0].0, "benefits[0].realised_by");
    assert!(errors[0].1.contains("kunder"), "{}", errors[0].1);

    plan.benefits[0].realised_by = Some(avo);
    let draft = register.create_plan(id, &plan).unwrap();
    assert_eq!(draft.plan.benefits[0].realised_by, Some(avo));
    plan.benefits[0].realised_by = Some(supplier);
    let errors = refused_fields(register.save_plan_draft(draft.id, draft.row_version, &plan).unwrap_err());
    assert_eq!(errors[0].0, "benefits[0].realised_by");

    // The customer that realises a benefit of the plan cannot be taken away.
    let current = register.initiative(id).unwrap();
    let mut without = current.fields.clone();
    without.customer_ids = vec![other];
    let errors = refused_fields(register.update_initiative(id, current.row_version, &without).unwrap_err());
    assert_eq!(errors[0].0, "customer_ids");
    assert!(errors[0].1.contains("Äldre samt vård- och omsorgsförvaltningen"), "{}", errors[0].1);
    without.customer_ids = vec![avo, other];
    register.update_initiative(id, current.row_version, &without).unwrap();
}
