//! Harvest decisions (effekthemtagning, migration 0008): several per benefit of an
//! initiative, by the benefit's name in the latest approved plan; each change with its row
//! version and an audit row; a stale save refused naming the decision and changing nothing.

use nytta::model::harvest::{HarvestFields, HarvestKind};
use nytta::store::prelude::*;
use nytta::store::StoreError;
use rust_decimal_macros::dec;

use super::backends::Backend;
use super::register_with;
use crate::support::plan_examples::*;

fn budget_cut(benefit: &str) -> HarvestFields {
    HarvestFields {
        benefit: benefit.into(),
        kind: HarvestKind::Budgetminskning,
        amount: dec!(400000),
        redeployed_to: String::new(),
        reason: String::new(),
        from_date: d(2027, 1, 1),
        decided_by: " Socialnämnden ".into(),
        decided_on: d(2026, 9, 24),
        decision_ref: "SN 2026/118 § 45".into(),
        carried_out_on: None,
        comment: String::new(),
    }
}

pub fn harvest_decisions_are_stored_per_benefit_with_row_versions_and_audit_rows(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1))), ("NR-2", None)]);
    approve(&mut register, ids[0], &nki_plan());
    assert!(register.harvest_decisions(ids[0]).unwrap().is_empty());

    // The plan's spelling is kept whatever the case typed; texts are trimmed.
    let first = register.add_harvest_decision(ids[0], &budget_cut("nöjdare KUNDER")).unwrap();
    assert_eq!((first.fields.benefit.as_str(), first.fields.decided_by.as_str()), ("Nöjdare kunder", "Socialnämnden"));
    assert_eq!((first.row_version, first.initiative_id, first.fields.amount), (1, ids[0], dec!(400000)));
    let second = register
        .add_harvest_decision(
            ids[0],
            &HarvestFields {
                kind: HarvestKind::Omfordelning,
                amount: dec!(150000.50),
                redeployed_to: "Hemtjänstens planering".into(),
                ..budget_cut("Nöjdare kunder")
            },
        )
        .unwrap();
    assert_eq!(second.fields.amount, dec!(150000.5));

    // Carried out: an edit from the version read.
    let done = HarvestFields { carried_out_on: Some(d(2027, 1, 1)), ..first.fields.clone() };
    let carried = register.save_harvest_decision(first.id, first.row_version, &done).unwrap();
    assert_eq!((carried.row_version, carried.fields.carried_out_on), (2, Some(d(2027, 1, 1))));
    let unchanged = register.save_harvest_decision(first.id, 2, &done).unwrap();
    assert_eq!(unchanged.row_version, 2, "saving the same fields is no change");

    let stored = register.harvest_decisions(ids[0]).unwrap();
    assert_eq!(stored.iter().map(|h| h.id).collect::<Vec<_>>(), [first.id, second.id], "in the order recorded");
    assert_eq!(stored[0], carried, "reads back as saved");
    assert!(register.harvest_decisions(ids[1]).unwrap().is_empty());
    assert_eq!(register.all_harvest_decisions().unwrap().len(), 2);

    let log = register.audit_log(Some(ids[0]), 20).unwrap();
    let rows: Vec<_> = log.iter().filter(|e| e.entity == "harvest_decision").collect();
    let actions: Vec<&str> = rows.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["skapad", "skapad", "genomförd"], "one row per change");
    let change = rows[0];
    assert_eq!(change.before.as_ref().unwrap()["carried_out_on"], serde_json::Value::Null);
    assert_eq!(change.after.as_ref().unwrap()["carried_out_on"], "2027-01-01");
    assert_eq!(change.after.as_ref().unwrap()["kind"], "budgetminskning");

    register.delete_harvest_decision(second.id, second.row_version).unwrap();
    assert_eq!(register.harvest_decisions(ids[0]).unwrap().len(), 1);
    let log = register.audit_log(Some(ids[0]), 1).unwrap();
    assert_eq!((log[0].action.as_str(), log[0].after.is_none()), ("borttagen", true));
}

pub fn a_stale_harvest_save_is_refused_naming_the_decision(backend: &impl Backend) {
    let (mut mine, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    approve(&mut mine, ids[0], &nki_plan());
    let decision = mine.add_harvest_decision(ids[0], &budget_cut("Nöjdare kunder")).unwrap();
    let mut theirs = backend.second_handle();
    theirs
        .save_harvest_decision(decision.id, 1, &HarvestFields { amount: dec!(300000), ..decision.fields.clone() })
        .unwrap();
    let before = mine.audit_log(None, 100).unwrap().len();
    let error = mine
        .save_harvest_decision(decision.id, 1, &HarvestFields { comment: "Min ändring".into(), ..decision.fields.clone() })
        .unwrap_err();
    assert!(matches!(error, StoreError::Stale { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("Nöjdare kunder") && message.contains("budgetminskning") && message.contains("belopp"), "{message}");
    assert!(mine.delete_harvest_decision(decision.id, 1).is_err(), "a stale removal too");
    let stored = &mine.harvest_decisions(ids[0]).unwrap()[0];
    assert_eq!((stored.fields.amount, stored.fields.comment.as_str()), (dec!(300000), ""), "nothing was written");
    assert_eq!(mine.audit_log(None, 100).unwrap().len(), before);
}

pub fn a_harvest_decision_is_checked_by_field_and_against_the_approved_plan(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    // No approved plan yet: nothing to harvest.
    let error = register.add_harvest_decision(ids[0], &budget_cut("Nöjdare kunder")).unwrap_err();
    assert_eq!(field_errors(&error)[0].0, "benefit", "{error}");
    approve(&mut register, ids[0], &nki_plan());

    let unknown = register.add_harvest_decision(ids[0], &budget_cut("Kortare köer")).unwrap_err();
    let fields = field_errors(&unknown);
    assert_eq!(fields[0].0, "benefit");
    assert!(fields[0].1.contains("Kortare köer"), "{}", fields[0].1);

    let quality_with_money = HarvestFields { kind: HarvestKind::Kvalitetshojning, ..budget_cut("Nöjdare kunder") };
    assert_eq!(field_errors(&register.add_harvest_decision(ids[0], &quality_with_money).unwrap_err())[0].0, "amount");
    let no_reason = HarvestFields { kind: HarvestKind::EjHemtagen, ..budget_cut("Nöjdare kunder") };
    assert_eq!(field_errors(&register.add_harvest_decision(ids[0], &no_reason).unwrap_err())[0].0, "reason");
    let no_target = HarvestFields { kind: HarvestKind::Omfordelning, ..budget_cut("Nöjdare kunder") };
    assert_eq!(field_errors(&register.add_harvest_decision(ids[0], &no_target).unwrap_err())[0].0, "redeployed_to");
    assert!(matches!(
        register.add_harvest_decision(ids[0] + 100, &budget_cut("Nöjdare kunder")).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(matches!(
        register.save_harvest_decision(9999, 1, &budget_cut("Nöjdare kunder")).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(register.harvest_decisions(ids[0]).unwrap().is_empty(), "nothing was stored");
    assert!(register.audit_log(Some(ids[0]), 50).unwrap().iter().all(|e| e.entity != "harvest_decision"));

    // A later plan renames the benefit: the decision keeps its name through an edit, and a
    // new decision takes the new name only.
    let decision = register.add_harvest_decision(ids[0], &budget_cut("Nöjdare kunder")).unwrap();
    let mut renamed = nki_plan();
    renamed.benefits[0].name = "Nöjdare invånare".into();
    let next = register.new_plan_version(ids[0], "Nyttan fick ett tydligare namn").unwrap();
    let next = register.save_plan_draft(next.id, next.row_version, &renamed).unwrap();
    register.approve_plan(next.id, next.row_version, &approval(d(2025, 6, 1))).unwrap();
    let kept = register
        .save_harvest_decision(decision.id, decision.row_version, &HarvestFields { comment: "Kvar".into(), ..decision.fields })
        .unwrap();
    assert_eq!(kept.fields.benefit, "Nöjdare kunder");
    assert!(register.add_harvest_decision(ids[0], &budget_cut("Nöjdare kunder")).is_err());
    assert!(register.add_harvest_decision(ids[0], &budget_cut("Nöjdare invånare")).is_ok());
}
