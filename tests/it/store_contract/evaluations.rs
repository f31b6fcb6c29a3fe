//! Evaluations (utvärderingar, migration 0010): drafted, approved with what was learnt, then
//! frozen; a reason required to close while a checkpoint is still kommande; every action in
//! the audit log.

use chrono::NaiveDate;
use nytta::model::evaluation::{FinalEvaluation, TargetOutcome, EVALUATION_FROZEN_MESSAGE};
use nytta::model::Approval;
use nytta::store::prelude::*;
use nytta::store::StoreError;
use rust_decimal_macros::dec;

use super::backends::Backend;
use super::register_with_codes;

fn approval() -> Approval {
    Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: NaiveDate::from_ymd_opt(2026, 10, 14).unwrap(),
        decision_ref: "DR 2026-10-14 §7".into(),
    }
}

fn outcome(status: &str, met: Option<bool>) -> TargetOutcome {
    TargetOutcome {
        benefit: "Kortare handläggning".into(),
        indicator_code: "TID".into(),
        indicator_name: "Handläggningstid".into(),
        unit: "dagar".into(),
        months_after_go_live: 12,
        target: dec!(5),
        measured: met.map(|_| dec!(6)),
        status: status.into(),
        met,
    }
}

fn evaluation(statuses: &[&str]) -> FinalEvaluation {
    FinalEvaluation {
        as_of: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        plan_version: 1,
        targets: statuses.iter().map(|s| outcome(s, (*s != "kommande" && *s != "saknas").then_some(*s == "gron"))).collect(),
        calculated_annual_value: dec!(400000),
        realised_annual_value: dec!(310000),
        harvested_annual_value: None,
        without_harvest_decision: Vec::new(),
        learnt: String::new(),
        closure_reason: String::new(),
    }
}

pub fn an_evaluation_is_drafted_approved_with_what_was_learnt_and_then_frozen(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let draft = register.create_evaluation(ids[0], &evaluation(&["gron", "rod"])).unwrap();
    assert_eq!((draft.version, draft.is_approved()), (1, false));

    // Approval needs what was learnt, named by its field; nothing changes.
    let refused = register.approve_evaluation(draft.id, draft.row_version, &approval()).unwrap_err();
    assert!(matches!(&refused, StoreError::Invalid(f) if f[0].field == "learnt"), "{refused:?}");

    let mut written = evaluation(&["gron", "rod"]);
    written.learnt = "  Mät handläggningstiden redan före driftsättning.  ".into();
    let saved = register.save_evaluation_draft(draft.id, draft.row_version, &written).unwrap();
    assert_eq!(saved.evaluation.learnt, "Mät handläggningstiden redan före driftsättning.");
    // A stale save is refused.
    let stale = register.save_evaluation_draft(draft.id, draft.row_version, &written).unwrap_err();
    assert!(matches!(stale, StoreError::Refused(_) | StoreError::Stale { .. }), "{stale:?}");

    let approved = register.approve_evaluation(saved.id, saved.row_version, &approval()).unwrap();
    assert!(approved.is_approved());
    assert_eq!(
        approved.frozen_notice().unwrap(),
        "Utvärderingen (version 1) är godkänd 2026-10-14 av Digitaliseringsrådet (DR 2026-10-14 §7) och kan inte ändras."
    );
    let frozen = register.save_evaluation_draft(approved.id, approved.row_version, &evaluation(&["gron"])).unwrap_err();
    assert_eq!(frozen.to_string(), EVALUATION_FROZEN_MESSAGE);
    let delete = register.delete_evaluation_draft(approved.id, approved.row_version).unwrap_err();
    assert_eq!(delete.to_string(), EVALUATION_FROZEN_MESSAGE);
    assert_eq!(register.evaluation_versions(ids[0]).unwrap(), vec![approved.clone()]);

    // A correction is a new version with a reason, copied from the approved one.
    let v2 = register.new_evaluation_version(ids[0], "Sena mätningar kom in").unwrap();
    assert_eq!((v2.version, v2.based_on, v2.is_approved()), (2, Some(1), false));
    assert_eq!(v2.evaluation, approved.evaluation);

    let actions: Vec<(String, String)> = register
        .audit_log(Some(ids[0]), 50)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "evaluation")
        .map(|e| (e.action, e.reason))
        .collect();
    assert_eq!(
        actions,
        [
            ("ny version".to_string(), "Sena mätningar kom in".to_string()),
            ("godkänd".to_string(), "Version 1. Beslut: DR 2026-10-14 §7".to_string()),
            ("ändrad".to_string(), "Utkast version 1".to_string()),
            ("skapad".to_string(), String::new()),
        ]
    );
}

pub fn closing_while_a_checkpoint_is_kommande_needs_a_reason(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let early = evaluation(&["gron", "kommande"]);
    let refused = register.create_evaluation(ids[0], &early).unwrap_err();
    assert!(matches!(&refused, StoreError::Invalid(f) if f[0].field == "closure_reason"), "{refused:?}");
    assert!(register.evaluation_versions(ids[0]).unwrap().is_empty());

    let mut with_reason = early;
    with_reason.closure_reason = "Tjänsten avvecklas vid årsskiftet.".into();
    let draft = register.create_evaluation(ids[0], &with_reason).unwrap();
    assert_eq!(draft.evaluation.closure_reason, "Tjänsten avvecklas vid årsskiftet.");
    // Only one evaluation is started per initiative; a change is the draft or a new version.
    assert!(register.create_evaluation(ids[0], &with_reason).is_err());
}
