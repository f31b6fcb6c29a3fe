//! Benefit-realisation plans and measurements: versions, approval, the follow-up's read.

use nytta::followup::{status_report, MeasurementLookup, Status};
use nytta::model::plan::AllowedRange;
use nytta::model::{PlanStatus, PLAN_FROZEN_MESSAGE};
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use crate::support::plan_examples::*;
use super::register_with;

pub fn a_draft_can_be_saved_incomplete_but_not_approved(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    let mut incomplete = nki_plan();
    incomplete.benefits[0].indicators[0].targets.clear();
    incomplete.benefits[0].indicators[0].measured_by.clear();
    let draft = register.create_plan(ids[0], &incomplete).unwrap();
    assert_eq!((draft.version, draft.status), (1, PlanStatus::Draft));
    let problems: Vec<String> = draft.problems().into_iter().map(|p| p.message).collect();
    assert!(
        problems
            .iter()
            .any(|m| m.starts_with("Indikator NKI: målvärde saknas")),
        "{problems:?}"
    );

    let error = register
        .approve_plan(draft.id, draft.row_version, &approval(d(2025, 2, 11)))
        .unwrap_err();
    let fields = field_errors(&error);
    assert!(
        fields
            .iter()
            .any(|(f, _)| f == "benefits[0].indicators[0].targets"),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|(f, _)| f == "benefits[0].indicators[0].measured_by"),
        "{fields:?}"
    );
    assert_eq!(
        register.plan_by_id(draft.id).unwrap().status,
        PlanStatus::Draft
    );

    let saved = register
        .save_plan_draft(draft.id, draft.row_version, &nki_plan())
        .unwrap();
    assert!(saved.problems().is_empty());
    let mut no_decision = approval(d(2025, 2, 11));
    no_decision.decision_ref = "  ".into();
    let fields = field_errors(
        &register
            .approve_plan(saved.id, saved.row_version, &no_decision)
            .unwrap_err(),
    );
    assert_eq!(fields[0].0, "decision_ref");
    let approved = register
        .approve_plan(saved.id, saved.row_version, &approval(d(2025, 2, 11)))
        .unwrap();
    assert!(approved.is_approved());
    assert_eq!(
        approved.approval.as_ref().unwrap().approved_at,
        d(2025, 2, 11)
    );
    assert!(approved
        .frozen_notice()
        .unwrap()
        .contains("kan inte ändras"));
}

pub fn approval_freezes_the_plan_in_the_store(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    let approved = approve(&mut register, ids[0], &nki_plan());
    let mut changed = nki_plan();
    changed.benefits[0].indicators[0].targets[0].value = dec("65");
    let error = register
        .save_plan_draft(approved.id, approved.row_version, &changed)
        .unwrap_err();
    assert_eq!(error.to_string(), PLAN_FROZEN_MESSAGE);
    let error = register
        .delete_plan_draft(approved.id, approved.row_version)
        .unwrap_err();
    assert_eq!(error.to_string(), PLAN_FROZEN_MESSAGE);
    let error = register
        .approve_plan(approved.id, approved.row_version, &approval(d(2025, 3, 1)))
        .unwrap_err();
    assert_eq!(error.to_string(), PLAN_FROZEN_MESSAGE);
    let again = register.create_plan(ids[0], &changed).unwrap_err();
    assert!(
        again
            .to_string()
            .contains("har redan en nyttorealiseringsplan"),
        "{again}"
    );
    assert_eq!(register.plan_by_id(approved.id).unwrap().plan, nki_plan());
}

pub fn a_change_after_approval_is_a_new_version_with_a_reason_and_shows_in_the_target_history(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    let v1 = approve(&mut register, ids[0], &nki_plan());

    let fields = field_errors(&register.new_plan_version(ids[0], "   ").unwrap_err());
    assert_eq!(fields[0].0, "reason");

    let v2 = register
        .new_plan_version(ids[0], "Nytt beslut i rådet: målet vid 6 månader sänks.")
        .unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.based_on),
        (2, PlanStatus::Draft, Some(1))
    );
    assert_eq!(
        v2.plan, v1.plan,
        "a new version starts as a copy of the latest"
    );
    let again = register.new_plan_version(ids[0], "En till").unwrap_err();
    assert!(
        again
            .to_string()
            .contains("är ett utkast som inte är godkänt"),
        "{again}"
    );

    // Statuses still use version 1 while version 2 is a draft.
    let mut lowered = nki_plan();
    lowered.benefits[0].indicators[0].targets[0].value = dec("66");
    let v2 = register
        .save_plan_draft(v2.id, v2.row_version, &lowered)
        .unwrap();
    let data = register.followup_data(None).unwrap();
    assert_eq!(data.entries[0].plan_version, 1);
    assert_eq!(
        data.entries[0].plan.benefits[0].indicators[0].targets[0].value,
        dec("70")
    );

    // A stale save is refused.
    let stale = register
        .save_plan_draft(v2.id, v2.row_version - 1, &nki_plan())
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }), "{stale}");

    register
        .approve_plan(v2.id, v2.row_version, &approval(d(2026, 1, 20)))
        .unwrap();
    let data = register.followup_data(None).unwrap();
    assert_eq!(data.entries[0].plan_version, 2);
    assert_eq!(
        data.entries[0].plan.benefits[0].indicators[0].targets[0].value,
        dec("66")
    );

    let history = register.target_history(ids[0]).unwrap();
    assert_eq!(history.len(), 1);
    let nki = &history[0];
    assert_eq!(nki.code, "NKI");
    assert_eq!(nki.entries.len(), 2);
    assert!(!nki.entries[0].changed);
    assert!(nki.entries[1].changed);
    assert_eq!(
        nki.entries[1].reason,
        "Nytt beslut i rådet: målet vid 6 månader sänks."
    );
    assert_eq!(nki.entries[1].approval.approved_at, d(2026, 1, 20));
    assert_eq!(nki.first_target(6), Some(dec("70")));
    assert_eq!(nki.current_target(6), Some(dec("66")));
    assert_eq!(nki.first_target(12), nki.current_target(12));
    assert!(nki.changed());

    let versions = register.plan_versions(ids[0]).unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let log = register.audit_log(Some(ids[0]), 50).unwrap();
    assert!(log.iter().any(|e| e.entity == "plan_version"
        && e.action == "ny version"
        && e.reason.starts_with("Nytt beslut i rådet")));
    assert!(
        log.iter()
            .filter(|e| e.entity == "plan_version" && e.action == "godkänd")
            .count()
            == 2
    );
}

pub fn a_discarded_draft_leaves_the_approved_versions(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    approve(&mut register, ids[0], &nki_plan());
    let v2 = register.new_plan_version(ids[0], "Prov").unwrap();
    register.delete_plan_draft(v2.id, v2.row_version).unwrap();
    assert_eq!(register.plan_versions(ids[0]).unwrap().len(), 1);
    assert!(register.draft_plan(ids[0]).unwrap().is_none());
    assert_eq!(
        register.new_plan_version(ids[0], "Igen").unwrap().version,
        2
    );
}

pub fn editing_a_measurement_keeps_the_old_value_in_the_audit_log(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    approve(&mut register, ids[0], &nki_plan());
    let id = add(&mut register, ids[0], "NKI", d(2025, 11, 3), "62");
    let stored = register.measurement(id).unwrap();
    assert_eq!(stored.measurement.author, "testare");

    // Not near a passed checkpoint: no reason needed.
    let mut fixed = measurement("NKI", d(2025, 11, 3), "63.5");
    fixed.comment = "Rättad summering".into();
    let after = register
        .update_measurement(id, stored.row_version, &fixed, "", d(2026, 10, 31))
        .unwrap();
    assert_eq!(after.measurement.value, dec("63.5"));
    assert_eq!(after.row_version, stored.row_version + 1);

    let log = register.audit_log(Some(ids[0]), 10).unwrap();
    let entry = log
        .iter()
        .find(|e| e.entity == "measurement" && e.action == "ändrad")
        .unwrap();
    assert_eq!(entry.before.as_ref().unwrap()["value"], "62");
    assert_eq!(entry.after.as_ref().unwrap()["value"], "63.5");
    assert_eq!(entry.entity_id, Some(id));

    let stale = register
        .update_measurement(id, stored.row_version, &fixed, "", d(2026, 10, 31))
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale { .. }), "{stale}");

    register
        .delete_measurement(id, after.row_version, "", d(2026, 10, 31))
        .unwrap();
    assert!(register.measurements(ids[0]).unwrap().is_empty());
    let log = register.audit_log(Some(ids[0]), 10).unwrap();
    let entry = log
        .iter()
        .find(|e| e.entity == "measurement" && e.action == "borttagen")
        .unwrap();
    assert_eq!(entry.before.as_ref().unwrap()["value"], "63.5");
    assert!(entry.after.is_none());
}

pub fn a_measurement_that_fed_an_approved_checkpoint_needs_a_reason_to_change(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    approve(&mut register, ids[0], &nki_plan());
    // 6-month checkpoint 2026-03-01, window 2026-01-15 – 2026-04-15.
    let id = add(&mut register, ids[0], "NKI", d(2026, 3, 4), "68");
    let row = register.measurement(id).unwrap().row_version;

    // Before the checkpoint date has passed, no reason is needed.
    let edited = register
        .update_measurement(
            id,
            row,
            &measurement("NKI", d(2026, 3, 4), "68.5"),
            "",
            d(2026, 2, 27),
        )
        .unwrap();

    // After it, the store refuses and names the field `reason`.
    let error = register
        .update_measurement(
            id,
            edited.row_version,
            &measurement("NKI", d(2026, 3, 4), "71"),
            "",
            d(2026, 10, 31),
        )
        .unwrap_err();
    let fields = field_errors(&error);
    assert_eq!(fields[0].0, "reason");
    assert!(
        fields[0]
            .1
            .contains("kontrollpunkten 6 månader (2026-03-01)"),
        "{}",
        fields[0].1
    );
    assert_eq!(
        register.measurement(id).unwrap().measurement.value,
        dec("68.5"),
        "nothing changed"
    );

    // Moving a measurement into a passed window needs one too.
    let outside = add(&mut register, ids[0], "NKI", d(2025, 11, 3), "62");
    let outside_row = register.measurement(outside).unwrap().row_version;
    let into = register
        .update_measurement(
            outside,
            outside_row,
            &measurement("NKI", d(2026, 2, 1), "62"),
            "",
            d(2026, 10, 31),
        )
        .unwrap_err();
    assert_eq!(field_errors(&into)[0].0, "reason");

    let changed = register
        .update_measurement(
            id,
            edited.row_version,
            &measurement("NKI", d(2026, 3, 4), "71"),
            "Fel i enkätens summering",
            d(2026, 10, 31),
        )
        .unwrap();
    assert_eq!(changed.measurement.value, dec("71"));
    let log = register.audit_log(Some(ids[0]), 20).unwrap();
    let entry = log
        .iter()
        .find(|e| e.entity == "measurement" && e.reason == "Fel i enkätens summering")
        .unwrap();
    assert_eq!(entry.before.as_ref().unwrap()["value"], "68.5");

    let error = register
        .delete_measurement(id, changed.row_version, "", d(2026, 10, 31))
        .unwrap_err();
    assert_eq!(field_errors(&error)[0].0, "reason");
    register
        .delete_measurement(
            id,
            changed.row_version,
            "Dubbelregistrerad",
            d(2026, 10, 31),
        )
        .unwrap();
    let log = register.audit_log(Some(ids[0]), 20).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "borttagen" && e.reason == "Dubbelregistrerad"));
}

pub fn a_second_measurement_on_the_same_day_is_refused_unless_identical(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    approve(&mut register, ids[0], &nki_plan());
    let first = add(&mut register, ids[0], "NKI", d(2026, 3, 4), "68");
    let same = add(&mut register, ids[0], "NKI", d(2026, 3, 4), "68.0");
    assert_eq!(same, first, "an identical measurement changes nothing");
    let error = register
        .add_measurement(ids[0], &measurement("NKI", d(2026, 3, 4), "70"))
        .unwrap_err();
    let fields = field_errors(&error);
    assert_eq!(fields[0].0, "date");
    assert!(
        fields[0]
            .1
            .contains("Det finns redan en mätning av NKI 2026-03-04 med värdet 68"),
        "{}",
        fields[0].1
    );
    assert_eq!(register.measurements(ids[0]).unwrap().len(), 1);

    // Moving another measurement onto that day is refused too.
    let other = add(&mut register, ids[0], "NKI", d(2026, 5, 4), "70");
    let row = register.measurement(other).unwrap().row_version;
    let error = register
        .update_measurement(
            other,
            row,
            &measurement("NKI", d(2026, 3, 4), "70"),
            "skäl",
            d(2026, 10, 31),
        )
        .unwrap_err();
    assert_eq!(field_errors(&error)[0].0, "date");
}

pub fn measurements_must_belong_to_an_indicator_and_lie_in_its_range(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))],
    );
    let mut p = nki_plan();
    p.benefits[0].indicators[0].allowed_range = Some(AllowedRange {
        min: Some(dec("0")),
        max: Some(dec("100")),
    });
    let none = register
        .add_measurement(ids[0], &measurement("NKI", d(2026, 3, 4), "68"))
        .unwrap_err();
    assert!(field_errors(&none)[0]
        .1
        .contains("har ingen indikator med koden NKI"));
    let draft = register.create_plan(ids[0], &p).unwrap();
    // A draft's indicators can be measured already (e.g. a baseline period).
    add(&mut register, ids[0], "NKI", d(2025, 8, 1), "60");
    register
        .approve_plan(draft.id, draft.row_version, &approval(d(2025, 2, 11)))
        .unwrap();
    let unknown = register
        .add_measurement(ids[0], &measurement("XYZ", d(2026, 3, 4), "1"))
        .unwrap_err();
    assert!(field_errors(&unknown)[0]
        .1
        .contains("ingen indikator med koden XYZ"));
    let out = register
        .add_measurement(ids[0], &measurement("NKI", d(2026, 3, 4), "101"))
        .unwrap_err();
    let fields = field_errors(&out);
    assert_eq!(fields[0].0, "value");
    assert!(
        fields[0].1.contains("utanför tillåtet intervall 0–100"),
        "{}",
        fields[0].1
    );
}

pub fn the_followup_reads_sorted_series_of_initiatives_with_an_approved_plan(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[
            ("NR-1", Some(d(2025, 9, 1))),
            ("NR-2", Some(d(2025, 9, 1))),
            ("NR-3", None),
        ],
    );
    approve(&mut register, ids[0], &nki_plan());
    register.create_plan(ids[1], &nki_plan()).unwrap();
    approve(&mut register, ids[2], &nki_plan());
    for (date, value) in [
        (d(2026, 5, 1), "75"),
        (d(2026, 3, 4), "68"),
        (d(2025, 12, 1), "64"),
    ] {
        add(&mut register, ids[0], "NKI", date, value);
    }
    add(&mut register, ids[1], "NKI", d(2026, 3, 4), "99");

    let data = register.followup_data(None).unwrap();
    let codes: Vec<&str> = data.entries.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["NR-1", "NR-3"],
        "only initiatives with an approved plan"
    );
    let series = data.entries[0].measurements.series("NKI");
    assert_eq!(
        series.iter().map(|o| o.value).collect::<Vec<_>>(),
        vec![dec("64"), dec("68"), dec("75")]
    );
    assert!(data.entries[1].measurements.series("NKI").is_empty());

    let report = status_report(&data.inputs(), d(2026, 4, 1));
    assert_eq!(report.initiatives[0].followup.status, Status::Gul);
    assert_eq!(report.initiatives[1].followup.status, Status::Kommande);
    let one = register.followup_data(Some(ids[0])).unwrap();
    assert_eq!(one.entries.len(), 1);
    assert_eq!(one.entries[0].measurements.series("NKI").len(), 3);
}

pub fn a_plan_s_saves_approvals_and_discards_are_logged_by_version(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    let mut untidy = nki_plan();
    untidy.benefits[0].name = format!("  {}  ", untidy.benefits[0].name);
    untidy.risks.push("   ".into());
    let draft = register.create_plan(ids[0], &untidy).unwrap();
    assert_eq!(draft.plan, nki_plan(), "texts trimmed and empty lines dropped");
    assert!(register.latest_approved_plan(ids[0]).unwrap().is_none());

    let mut changed = nki_plan();
    changed.benefits[0].indicators[0].targets[0].value = dec("72");
    let saved = register.save_plan_draft(draft.id, draft.row_version, &changed).unwrap();
    let unchanged = register.save_plan_draft(saved.id, saved.row_version, &changed).unwrap();
    assert_eq!(unchanged.row_version, saved.row_version, "an unchanged save writes nothing");
    let stale = register.save_plan_draft(draft.id, draft.row_version, &nki_plan()).unwrap_err();
    assert!(stale.to_string().contains("Planen (version 1)"), "{stale}");
    let approved = register.approve_plan(saved.id, saved.row_version, &approval(d(2025, 2, 11))).unwrap();
    assert_eq!(register.latest_approved_plan(ids[0]).unwrap().unwrap().id, approved.id);
    let v2 = register.new_plan_version(ids[0], "Prov").unwrap();
    register.delete_plan_draft(v2.id, v2.row_version).unwrap();

    let log: Vec<_> = register
        .audit_log(Some(ids[0]), 50)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "plan_version")
        .collect();
    let rows: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.reason.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("borttagen", "Utkast version 2"),
            ("ny version", "Prov"),
            ("godkänd", "Version 1. Beslut: DR 2025-02-11 §4"),
            ("ändrad", "Utkast version 1"),
            ("skapad", ""),
        ]
    );
    let approval_row = &log[2];
    assert!(approval_row.before.is_none());
    assert_eq!(approval_row.after.as_ref().unwrap()["decision_ref"], "DR 2025-02-11 §4");
    assert_eq!(log[3].after.as_ref().unwrap()["benefits"][0]["indicators"][0]["targets"][0]["value"], "72");

    assert!(matches!(register.plan_by_id(v2.id).unwrap_err(), StoreError::NotFound { .. }));
    assert!(matches!(register.latest_approved_plan(ids[0] + 1000).unwrap_err(), StoreError::NotFound { .. }));
    assert!(matches!(register.plan_versions(ids[0] + 1000).unwrap_err(), StoreError::NotFound { .. }));
}

/// Each initiative's newest plan version when it is a draft, read for all at once, is what
/// each initiative's version list ends with.
pub fn the_newest_plan_drafts_of_all_initiatives_are_read_at_once(backend: &impl Backend) {
    let start = Some(d(2025, 9, 1));
    let (mut register, ids) = register_with(backend, &[("NR-1", start), ("NR-2", start), ("NR-3", start), ("NR-4", start)]);
    // NR-1: approved version 1, draft version 2.
    approve(&mut register, ids[0], &nki_plan());
    register.new_plan_version(ids[0], "Nytt mål").unwrap();
    // NR-2: only a draft, version 1.
    register.create_plan(ids[1], &nki_plan()).unwrap();
    // NR-3: approved version 1 and a discarded draft: none.
    approve(&mut register, ids[2], &nki_plan());
    let v2 = register.new_plan_version(ids[2], "Prov").unwrap();
    register.delete_plan_draft(v2.id, v2.row_version).unwrap();
    // NR-4: no plan.

    let drafts = register.newest_plan_drafts().unwrap();
    assert_eq!(drafts, vec![(ids[0], 2), (ids[1], 1)]);
    let one_by_one: Vec<(i64, u32)> = ids
        .iter()
        .filter_map(|&id| register.plan_versions(id).unwrap().last().filter(|v| !v.is_approved()).map(|v| (id, v.version)))
        .collect();
    assert_eq!(drafts, one_by_one);
}

/// The plan versions of several initiatives read at once are each initiative's version list,
/// by initiative id; see `calculations::the_versions_of_several_initiatives_are_read_at_once`.
pub fn the_plan_versions_of_several_initiatives_are_read_at_once(backend: &impl Backend) {
    let start = Some(d(2025, 9, 1));
    let (mut register, ids) = register_with(backend, &[("NR-1", start), ("NR-2", start), ("NR-3", start)]);
    approve(&mut register, ids[0], &nki_plan());
    register.new_plan_version(ids[0], "Nytt mål").unwrap();
    register.create_plan(ids[2], &nki_plan()).unwrap();

    let all = register.plan_versions_of(&[ids[2], 999_999, ids[1], ids[0]]).unwrap();
    let mut one_by_one: Vec<_> = [ids[0], ids[2]].iter().flat_map(|&id| register.plan_versions(id).unwrap()).collect();
    one_by_one.sort_by_key(|v| v.initiative_id);
    assert_eq!(all, one_by_one);
    assert_eq!(all.iter().filter(|v| v.initiative_id == ids[0]).map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert!(register.plan_versions_of(&[]).unwrap().is_empty());
}
