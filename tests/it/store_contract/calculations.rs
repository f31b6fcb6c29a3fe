//! Calculations (nyttokalkyler): versions, approval, frozen factors.

use chrono::NaiveDate;
use nytta::calc;
use nytta::model::calculation::{default_factors, CalcFactor, Estimate, LineValue};
use nytta::model::{Approval, CalcStatus, FROZEN_MESSAGE};
use nytta::store::prelude::*;
use nytta::store::StoreError;
use rust_decimal_macros::dec;

use super::backends::Backend;
use crate::support::calc_examples::*;
use super::register_with_codes;

fn approval() -> Approval {
    Approval {
        approved_by: "Kommunstyrelsen".into(),
        approved_at: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        decision_ref: "KS 2026-03-12 §45".into(),
    }
}

pub fn a_new_register_starts_with_the_public_default_factors(backend: &impl Backend) {
    let (register, _) = register_with_codes(backend, &[]);
    assert_eq!(register.calc_factors().unwrap(), default_factors());
}

pub fn an_approved_version_is_frozen_and_the_store_says_so(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let draft = register.create_calculation(ids[0], &example_1()).unwrap();
    assert_eq!((draft.version, draft.status), (1, CalcStatus::Draft));
    let approved = register
        .approve_calculation(draft.id, draft.row_version, &approval())
        .unwrap();
    assert!(approved.is_approved());
    assert_eq!(
        approved.frozen_notice().unwrap(),
        "Version 1 är godkänd 2026-03-12 av Kommunstyrelsen (KS 2026-03-12 §45) och kan inte ändras."
    );

    let mut changed = example_1();
    changed.lines[0].description = "Ändrad".into();
    let error = register
        .save_calculation_draft(approved.id, approved.row_version, &changed)
        .unwrap_err();
    assert!(matches!(error, StoreError::Refused(_)), "{error:?}");
    assert_eq!(error.to_string(), FROZEN_MESSAGE);
    let again = register
        .approve_calculation(approved.id, approved.row_version, &approval())
        .unwrap_err();
    assert_eq!(again.to_string(), FROZEN_MESSAGE);
    let delete = register
        .delete_calculation_draft(approved.id, approved.row_version)
        .unwrap_err();
    assert_eq!(delete.to_string(), FROZEN_MESSAGE);
    assert_eq!(
        register.calculation_version(ids[0], 1).unwrap().calculation,
        example_1()
    );
}

pub fn a_change_after_approval_is_a_new_version_with_a_required_reason(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let id = ids[0];
    let v1 = register.create_calculation(id, &example_3()).unwrap();
    register
        .approve_calculation(v1.id, v1.row_version, &approval())
        .unwrap();

    let error = register.new_calculation_version(id, "   ").unwrap_err();
    assert!(
        matches!(&error, StoreError::Invalid(f) if f[0].field == "reason"),
        "{error:?}"
    );

    let v2 = register
        .new_calculation_version(id, "Nytt beslut om licenser, KS 2026-09-01 §12")
        .unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.based_on),
        (2, CalcStatus::Draft, Some(1))
    );
    assert_eq!(
        v2.calculation,
        example_3(),
        "a new version starts as a copy of the latest"
    );
    let twice = register.new_calculation_version(id, "En till").unwrap_err();
    assert!(
        twice.to_string().contains("Version 2 av kalkylen är ett utkast"),
        "{twice}"
    );

    let mut changed = example_3();
    changed.lines[2].value = amount(Estimate::exact(dec!(60000)));
    let v2 = register
        .save_calculation_draft(v2.id, v2.row_version, &changed)
        .unwrap();
    let diff = nytta::app::calculation::compare_calculations(&register, id, 1, 2).unwrap();
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].key, "licens");
    assert_eq!(diff.changed[0].changes[0].old, "50\u{a0}000 kr/år");

    // Reports use the latest approved version while the new one is a draft.
    let shown = register.latest_approved_calculation(id).unwrap().unwrap();
    assert_eq!(shown.version, 1);
    assert_eq!(
        register.current_calculation(id).unwrap().unwrap().version,
        1
    );
    assert_eq!(register.draft_calculation(id).unwrap().unwrap().version, 2);
    register
        .approve_calculation(v2.id, v2.row_version, &approval())
        .unwrap();
    assert_eq!(
        register
            .latest_approved_calculation(id)
            .unwrap()
            .unwrap()
            .version,
        2
    );

    let log = register.audit_log(Some(id), 50).unwrap();
    let new_version = log
        .iter()
        .find(|e| e.entity == "calculation" && e.action == "ny version")
        .unwrap();
    assert_eq!(
        new_version.reason,
        "Nytt beslut om licenser, KS 2026-09-01 §12"
    );
    assert!(log
        .iter()
        .any(|e| e.entity == "calculation" && e.action == "godkänd" && e.before.is_some()));
}

pub fn a_stale_save_is_refused_and_changes_nothing(backend: &impl Backend) {
    let (mut first, ids) = register_with_codes(backend, &["NR-1"]);
    let draft = first.create_calculation(ids[0], &example_1()).unwrap();
    let mut second = backend.second_handle();

    let mut mine = example_1();
    mine.settings.horizon_years = 5;
    first
        .save_calculation_draft(draft.id, draft.row_version, &mine)
        .unwrap();

    let mut theirs = example_1();
    theirs.lines[1].description = "Deras ändring".into();
    let error = second
        .save_calculation_draft(draft.id, draft.row_version, &theirs)
        .unwrap_err();
    assert!(matches!(error, StoreError::Stale { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("Kalkylen (version 1) har ändrats av någon annan"),
        "{error}"
    );
    assert_eq!(
        second.calculation_by_id(draft.id).unwrap().calculation,
        mine
    );
}

pub fn an_invalid_draft_is_refused_with_field_paths(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let draft = register.create_calculation(ids[0], &example_1()).unwrap();
    let mut bad = example_1();
    bad.lines[1].value = LineValue::Amount {
        amount: Estimate::default(),
    };
    let error = register
        .save_calculation_draft(draft.id, draft.row_version, &bad)
        .unwrap_err();
    let StoreError::Invalid(fields) = error else {
        panic!("{error:?}")
    };
    assert_eq!(fields[0].field, "lines[1].value.amount.likely");
    assert_eq!(fields[0].message, "Rad 2, Troligt värde: måste anges.");
    assert_eq!(
        register.calculation_by_id(draft.id).unwrap().row_version,
        draft.row_version
    );
}

pub fn approval_needs_lines_an_approver_and_a_decision(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let empty = register
        .create_calculation(ids[0], &nytta::model::calculation::Calculation::new(2026))
        .unwrap();
    let error = register
        .approve_calculation(empty.id, empty.row_version, &approval())
        .unwrap_err();
    assert!(error.to_string().contains("den har inga rader"), "{error}");
    let draft = register
        .save_calculation_draft(empty.id, empty.row_version, &example_1())
        .unwrap();
    let nobody = Approval {
        approved_by: " ".into(),
        decision_ref: String::new(),
        ..approval()
    };
    let StoreError::Invalid(fields) = register
        .approve_calculation(draft.id, draft.row_version, &nobody)
        .unwrap_err()
    else {
        panic!()
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["approved_by", "decision_ref"]);
    assert!(!register.calculation_by_id(draft.id).unwrap().is_approved());
}

pub fn approved_results_keep_their_factor_values_when_the_register_factor_changes(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1", "NR-2"]);
    let approved = register.create_calculation(ids[0], &example_2()).unwrap();
    let approved = register
        .approve_calculation(approved.id, approved.row_version, &approval())
        .unwrap();
    let codes: Vec<&str> = approved.factors.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        ["bistandshandlaggare", "systemforvaltare"],
        "the snapshot holds the factors used"
    );
    let draft = register.create_calculation(ids[1], &example_2()).unwrap();

    let mut dearer: CalcFactor = register
        .calc_factors()
        .unwrap()
        .into_iter()
        .find(|f| f.code == "bistandshandlaggare")
        .unwrap();
    dearer.value = dec!(500);
    dearer.year = 2026;
    register.save_calc_factor(&dearer).unwrap();

    let approved = register.calculation_version(ids[0], 1).unwrap();
    let result = calc::calculate(
        &approved.calculation,
        &register.factors_for(&approved).unwrap(),
    )
    .unwrap();
    assert_eq!(
        result.likely.pv_benefits,
        dec!(518750),
        "500 h × 415 kr/h, frozen"
    );
    let result =
        calc::calculate(&draft.calculation, &register.factors_for(&draft).unwrap()).unwrap();
    assert_eq!(
        result.likely.pv_benefits,
        dec!(625000),
        "500 h × 500 kr/h, the draft follows the register"
    );

    let mut bad = dearer.clone();
    bad.unit = String::new();
    let StoreError::Invalid(fields) = register.save_calc_factor(&bad).unwrap_err() else {
        panic!()
    };
    assert_eq!(fields[0].field, "unit");
}

pub fn a_discarded_draft_and_missing_versions_are_refused_in_swedish(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1"]);
    let id = ids[0];
    let none = register.new_calculation_version(id, "Nytt beslut").unwrap_err();
    assert!(none.to_string().contains("Insatsen NR-1 har ingen nyttokalkyl ännu"), "{none}");
    assert!(register.current_calculation(id).unwrap().is_none());

    let v1 = register.create_calculation(id, &example_1()).unwrap();
    let twice = register.create_calculation(id, &example_1()).unwrap_err();
    assert!(twice.to_string().contains("Insatsen NR-1 har redan en nyttokalkyl"), "{twice}");
    assert_eq!(register.current_calculation(id).unwrap().unwrap().version, 1, "a lone draft is the current one");
    register.approve_calculation(v1.id, v1.row_version, &approval()).unwrap();
    let v2 = register.new_calculation_version(id, "Prov").unwrap();

    let stale = register.delete_calculation_draft(v2.id, v2.row_version - 1).unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }), "{stale:?}");
    register.delete_calculation_draft(v2.id, v2.row_version).unwrap();
    assert_eq!(register.calculation_versions(id).unwrap().len(), 1);
    assert!(register.draft_calculation(id).unwrap().is_none());
    let log = register.audit_log(Some(id), 20).unwrap();
    let deleted = log.iter().find(|e| e.entity == "calculation" && e.action == "borttagen").unwrap();
    assert_eq!(deleted.entity_id, Some(v2.id));
    assert_eq!(deleted.before.as_ref().unwrap()["version"], 2);

    let missing = register.calculation_version(id, 9).unwrap_err();
    assert_eq!(missing.to_string(), "Insatsen NR-1 har ingen version 9 av nyttokalkylen.");
    assert!(matches!(register.calculation_by_id(v2.id).unwrap_err(), StoreError::NotFound { .. }));
    assert!(matches!(register.calculation_versions(id + 1000).unwrap_err(), StoreError::NotFound { .. }));
    assert!(matches!(
        register.create_calculation(id + 1000, &example_1()).unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

pub fn a_saved_factor_is_logged_with_before_and_after_and_an_unchanged_one_is_not(backend: &impl Backend) {
    let (mut register, _) = register_with_codes(backend, &[]);
    let factor = CalcFactor {
        code: " tolk ".into(),
        name: "Tolk".into(),
        value: dec!(650.50),
        unit: "kr/h".into(),
        source: "Avtal 2026".into(),
        year: 2026,
    };
    register.save_calc_factor(&factor).unwrap();
    let stored = register.calc_factors().unwrap().pop().unwrap();
    assert_eq!((stored.code.as_str(), stored.value), ("tolk", dec!(650.5)), "trimmed, added last");

    let dearer = CalcFactor { value: dec!(700), ..stored.clone() };
    register.save_calc_factor(&dearer).unwrap();
    register.save_calc_factor(&dearer).unwrap();
    let log: Vec<_> = register
        .audit_log(None, 50)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "calc_factor")
        .collect();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["ändrad", "skapad"], "newest first, the unchanged save not logged");
    assert_eq!(log[0].before.as_ref().unwrap()["value"], "650.5");
    assert_eq!(log[0].after.as_ref().unwrap()["value"], "700");
    assert_eq!(register.calc_factors().unwrap().len(), default_factors().len() + 1);
}

pub fn the_first_approved_version_of_each_initiative_is_read_at_once(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1", "NR-2", "NR-3"]);
    // NR-1: version 1 approved, version 2 approved: the first is version 1.
    let v1 = register.create_calculation(ids[0], &example_1()).unwrap();
    register.approve_calculation(v1.id, v1.row_version, &approval()).unwrap();
    let v2 = register.new_calculation_version(ids[0], "Nya licenskostnader").unwrap();
    let mut changed = example_1();
    changed.lines[0].description = "Ändrad".into();
    let v2 = register.save_calculation_draft(v2.id, v2.row_version, &changed).unwrap();
    register.approve_calculation(v2.id, v2.row_version, &approval()).unwrap();
    // NR-2: only a draft: none.
    register.create_calculation(ids[1], &example_3()).unwrap();
    // NR-3: approved version 1 and a draft version 2: version 1.
    let w1 = register.create_calculation(ids[2], &example_3()).unwrap();
    register.approve_calculation(w1.id, w1.row_version, &approval()).unwrap();
    register.new_calculation_version(ids[2], "Ny bedömning").unwrap();

    let first = register.first_approved_calculations().unwrap();
    let found: Vec<(i64, u32)> = first.iter().map(|v| (v.initiative_id, v.version)).collect();
    assert_eq!(found, vec![(ids[0], 1), (ids[2], 1)]);
    assert_eq!(first[0].calculation, example_1());
    assert!(first.iter().all(|v| v.is_approved()));
}

/// Each initiative's newest version when it is a draft, read for all at once, is what each
/// initiative's version list ends with.
pub fn the_newest_drafts_of_all_initiatives_are_read_at_once(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1", "NR-2", "NR-3", "NR-4", "NR-5"]);
    // NR-1: approved version 1, draft version 2.
    let v1 = register.create_calculation(ids[0], &example_1()).unwrap();
    register.approve_calculation(v1.id, v1.row_version, &approval()).unwrap();
    register.new_calculation_version(ids[0], "Nya licenskostnader").unwrap();
    // NR-2: only a draft, version 1.
    register.create_calculation(ids[1], &example_3()).unwrap();
    // NR-3: approved version 1 and approved version 2: none.
    let w1 = register.create_calculation(ids[2], &example_3()).unwrap();
    register.approve_calculation(w1.id, w1.row_version, &approval()).unwrap();
    let w2 = register.new_calculation_version(ids[2], "Ny bedömning").unwrap();
    register.approve_calculation(w2.id, w2.row_version, &approval()).unwrap();
    // NR-4: a discarded draft version 2 after an approved version 1: none.
    let x1 = register.create_calculation(ids[3], &example_1()).unwrap();
    register.approve_calculation(x1.id, x1.row_version, &approval()).unwrap();
    let x2 = register.new_calculation_version(ids[3], "Prov").unwrap();
    register.delete_calculation_draft(x2.id, x2.row_version).unwrap();
    // NR-5: no calculation.

    let drafts = register.newest_calculation_drafts().unwrap();
    assert_eq!(drafts, vec![(ids[0], 2), (ids[1], 1)]);
    let one_by_one: Vec<(i64, u32)> = ids
        .iter()
        .filter_map(|&id| register.calculation_versions(id).unwrap().last().filter(|v| !v.is_approved()).map(|v| (id, v.version)))
        .collect();
    assert_eq!(drafts, one_by_one);
}

/// The versions of several initiatives read at once are each initiative's version list, by
/// initiative id whatever order the ids are asked in; an initiative without a calculation or
/// an unknown id adds none.
pub fn the_versions_of_several_initiatives_are_read_at_once(backend: &impl Backend) {
    let (mut register, ids) = register_with_codes(backend, &["NR-1", "NR-2", "NR-3"]);
    let v1 = register.create_calculation(ids[0], &example_1()).unwrap();
    register.approve_calculation(v1.id, v1.row_version, &approval()).unwrap();
    register.new_calculation_version(ids[0], "Nya licenskostnader").unwrap();
    register.create_calculation(ids[2], &example_3()).unwrap();

    let asked = [ids[2], 999_999, ids[1], ids[0]];
    let all = register.calculation_versions_of(&asked).unwrap();
    let mut one_by_one: Vec<_> = [ids[0], ids[2]].iter().flat_map(|&id| register.calculation_versions(id).unwrap()).collect();
    one_by_one.sort_by_key(|v| v.initiative_id);
    assert_eq!(all, one_by_one);
    let found: Vec<(i64, u32)> = all.iter().map(|v| (v.initiative_id, v.version)).collect();
    let mut expected = vec![(ids[0], 1), (ids[0], 2), (ids[2], 1)];
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(found, expected);
    assert!(register.calculation_versions_of(&[]).unwrap().is_empty());
}
