//! Benefit deviations' notes (migration 0009): orsak, åtgärd, the decision asked for and the
//! closure of a checkpoint, keyed by initiative, indicator code and months, saved whole with a
//! row version and an audit row about the initiative; a stale save is refused naming the
//! fields and changes nothing.

use chrono::NaiveDate;
use nytta::model::deviation::{Closure, Decision, DeviationEdit, DeviationKey};
use nytta::model::limits;
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use super::register_with;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn key(initiative_id: i64, code: &str, months: u32) -> DeviationKey {
    DeviationKey { initiative_id, indicator_code: code.into(), months_after_go_live: months }
}

pub fn deviation_notes_are_saved_whole_with_row_versions_and_audit_rows(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("A-1", Some(d("2025-09-01"))), ("A-2", Some(d("2025-09-01")))]);
    let (a, b) = (ids[0], ids[1]);
    assert!(register.deviation_notes(None).unwrap().is_empty());

    let cause = DeviationEdit { cause: "  Enkäten skickades inte  ".into(), ..Default::default() };
    let first = register.save_deviation_note(&key(a, "NKI", 6), 0, &cause).unwrap();
    assert_eq!((first.row_version, first.edit.cause.as_str(), first.updated_by.as_str()), (1, "Enkäten skickades inte", "testare"));
    assert_eq!(first.created_at, first.updated_at);
    let action = DeviationEdit { action: "Skicka enkäten i april".into(), ..first.edit.clone() };
    let second = register.save_deviation_note(&key(a, "NKI", 6), 1, &action).unwrap();
    assert_eq!((second.row_version, second.created_at.as_str()), (2, first.created_at.as_str()));
    let unchanged = register.save_deviation_note(&key(a, "NKI", 6), 2, &action).unwrap();
    assert_eq!(unchanged.row_version, 2, "saving the same texts is no change");

    // Closed by a decision, with every part read back; and opened again.
    let decided = DeviationEdit {
        decision_requested: "Besluta om extra utbildning".into(),
        closure: Some(Closure::Decision(Decision {
            decision: "Utbildningen genomförs under hösten".into(),
            decided_by: "Strategiska samordningsgruppen".into(),
            date: d("2026-09-15"),
            reference: "§ 42, dnr 2026/118".into(),
        })),
        closed_on: Some(d("2026-09-16")),
        ..action.clone()
    };
    let closed = register.save_deviation_note(&key(a, "HT", 12), 0, &decided).unwrap();
    assert_eq!(closed.edit, decided);
    register.save_deviation_note(&key(b, "NKI", 6), 0, &DeviationEdit { action: "B:s åtgärd".into(), ..Default::default() }).unwrap();
    let reason = DeviationEdit {
        closure: Some(Closure::Reason { reason: "Målet var fel satt".into() }),
        closed_on: Some(d("2026-10-01")),
        ..action.clone()
    };
    let by_reason = register.save_deviation_note(&key(a, "NKI", 6), 2, &reason).unwrap();
    assert_eq!(by_reason.edit.closure, reason.closure);
    let reopened = register.save_deviation_note(&key(a, "NKI", 6), 3, &action).unwrap();
    assert_eq!((reopened.row_version, reopened.edit.closure.clone()), (4, None));

    let of_a: Vec<_> = register.deviation_notes(Some(a)).unwrap().into_iter().map(|n| (n.key.indicator_code, n.key.months_after_go_live, n.row_version)).collect();
    assert_eq!(of_a, [("HT".to_string(), 12, 1), ("NKI".to_string(), 6, 4)], "in key order");
    let all = register.deviation_notes(None).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].key, key(b, "NKI", 6));
    assert_eq!(register.deviation_notes(Some(a)).unwrap()[0].edit, decided, "the decision reads back whole");

    let log = register.audit_log(Some(a), 50).unwrap();
    let actions: Vec<_> = log.iter().filter(|e| e.entity == "deviation_note").map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["öppnad igen", "stängd", "stängd", "ändrad", "skapad"], "newest first, one per change");
    let change = log.iter().find(|e| e.entity == "deviation_note" && e.action == "ändrad").unwrap();
    assert_eq!(change.before.as_ref().unwrap()["action"], "");
    assert_eq!(change.after.as_ref().unwrap()["action"], "Skicka enkäten i april");
    assert_eq!(change.after.as_ref().unwrap()["indicator_code"], "NKI");
    assert_eq!(change.initiative_id, Some(a));
}

pub fn a_stale_deviation_save_is_refused_naming_the_fields(backend: &impl Backend) {
    let (mut mine, ids) = register_with(backend, &[("A-1", Some(d("2025-09-01")))]);
    let a = ids[0];
    let mut theirs = backend.second_handle();
    theirs.save_deviation_note(&key(a, "NKI", 6), 0, &DeviationEdit { action: "Deras åtgärd".into(), ..Default::default() }).unwrap();
    let before = mine.audit_log(None, 100).unwrap().len();
    // This window started before their save, from no note (version 0).
    let error = mine
        .save_deviation_note(&key(a, "NKI", 6), 0, &DeviationEdit { cause: "Min orsak".into(), ..Default::default() })
        .unwrap_err();
    assert!(matches!(error, StoreError::Stale { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("NKI vid 6 månader i A-1") && message.contains("Orsak, Åtgärd"), "{message}");
    let stored = mine.deviation_notes(Some(a)).unwrap();
    assert_eq!((stored[0].edit.action.as_str(), stored[0].edit.cause.as_str()), ("Deras åtgärd", ""), "nothing was written");
    assert!(mine.save_deviation_note(&key(a, "NKI", 6), 7, &stored[0].edit).is_err());
    assert_eq!(mine.audit_log(None, 100).unwrap().len(), before);
}

pub fn a_deviation_note_is_checked_by_field(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("A-1", Some(d("2025-09-01")))]);
    let a = ids[0];
    let long = DeviationEdit { cause: "å".repeat(limits::LONG_TEXT + 1), ..Default::default() };
    match register.save_deviation_note(&key(a, "NKI", 0), 0, &long).unwrap_err() {
        StoreError::Invalid(errors) => {
            let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["months_after_go_live", "cause"]);
            assert!(errors[1].message.starts_with("Orsak är för lång"), "{}", errors[1].message);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    let half_decision = DeviationEdit {
        closure: Some(Closure::Decision(Decision { decision: "Beslut".into(), decided_by: " ".into(), date: d("2026-09-15"), reference: "".into() })),
        closed_on: Some(d("2026-09-15")),
        ..Default::default()
    };
    assert!(matches!(
        register.save_deviation_note(&key(a, "NKI", 6), 0, &half_decision).unwrap_err(),
        StoreError::Invalid(errors) if errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>() == ["decided_by", "reference"]
    ));
    assert!(matches!(
        register.save_deviation_note(&key(a + 100, "NKI", 6), 0, &DeviationEdit::default()).unwrap_err(),
        StoreError::NotFound { entity: "initiative", .. }
    ));
    assert!(register.deviation_notes(None).unwrap().is_empty());
    assert!(register.audit_log(None, 100).unwrap().iter().all(|e| e.entity != "deviation_note"));
}
