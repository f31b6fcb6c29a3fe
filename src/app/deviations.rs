//! Benefit deviations (nyttoavvikelser) as the faces show them: every röd or saknas
//! checkpoint of the latest approved plans as of a date, with what was written about it
//! (orsak, åtgärd, the decision asked for) and its state in words; the "Att göra" of
//! deviations (open, no åtgärd yet, with the benefit owner); the council pack's data for
//! "Avvikande nyttor" and "Att besluta"; and saving a note after checking that the
//! checkpoint is the plan's. The rule is `followup::plan_deviations`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{value_with_unit, StatusView};
use crate::followup::{
    evaluate_initiative, plan_deviations, DeviationState, FollowUpData, FollowUpEntry, PlanDeviation, PlanFollowUp, Status,
};
use crate::model::deviation::{Closure, Decision, DeviationEdit, DeviationKey, DeviationNote};
use crate::model::FieldError;
use crate::store::{RegisterStore, Result, StoreError};

/// A deviation's state for the window and the CLI: a code (`oppen`, `lost`, `stangd`), the
/// short word and the whole sentence ("Löst av mätning 2026-05-02", "Stängd: …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateView {
    pub code: &'static str,
    pub word: &'static str,
    pub text: String,
}

impl From<&DeviationState> for StateView {
    fn from(state: &DeviationState) -> Self {
        let code = match state {
            DeviationState::Open => "oppen",
            DeviationState::Resolved { .. } => "lost",
            DeviationState::Closed { .. } => "stangd",
        };
        StateView { code, word: state.word(), text: state.describe() }
    }
}

/// One deviation as a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviationRow {
    pub initiative_id: i64,
    pub initiative_code: String,
    pub initiative_name: String,
    /// The supplier (leverantör) that follows the initiative up.
    pub organisation: String,
    /// Särskilt följd: the note may ask the council for a decision.
    pub council_tracked: bool,
    pub benefit: String,
    /// Nyttoägare; empty when the plan names none.
    pub benefit_owner: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub months: u32,
    pub checkpoint_date: NaiveDate,
    /// "70 %".
    pub target: String,
    /// The measurement the status comes from, "62 % (2026-03-02)"; `None` when missing.
    pub measured: Option<String>,
    pub status: StatusView,
    pub state: StateView,
    pub cause: String,
    pub action: String,
    pub decision_requested: String,
    /// How it was closed, when closed (the window shows its parts in the form).
    pub closure: Option<Closure>,
    pub closed_on: Option<NaiveDate>,
    /// The version a save starts from; 0 when nobody has written about it.
    pub row_version: i64,
    /// Who wrote last and when; empty when nobody has.
    pub updated_by: String,
    pub updated_at: String,
    /// Open without an åtgärd ("Att göra").
    pub needs_action: bool,
    /// Open, särskilt följd, and a decision is asked of the council ("Att besluta").
    pub asks_decision: bool,
}

/// The register's deviations as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct DeviationList {
    pub as_of: NaiveDate,
    pub rows: Vec<DeviationRow>,
    pub open: usize,
    pub without_action: usize,
}

fn row(entry_code: &str, entry_name: &str, organisation: &str, council_tracked: bool, d: PlanDeviation) -> DeviationRow {
    let note = d.note.as_ref();
    let measured = d
        .checkpoint
        .measurement
        .map(|m| format!("{} ({})", value_with_unit(m.value, &d.unit), m.date));
    let needs_action = d.needs_action();
    let asks_decision = council_tracked && d.asks_decision();
    DeviationRow {
        initiative_id: d.key.initiative_id,
        initiative_code: entry_code.to_string(),
        initiative_name: entry_name.to_string(),
        organisation: organisation.to_string(),
        council_tracked,
        benefit: d.benefit,
        benefit_owner: d.benefit_owner,
        indicator_code: d.key.indicator_code.clone(),
        indicator_name: d.indicator_name,
        months: d.key.months_after_go_live,
        checkpoint_date: d.checkpoint.date,
        target: value_with_unit(d.checkpoint.target, &d.unit),
        measured,
        status: d.checkpoint.status.into(),
        state: (&d.state).into(),
        cause: note.map(|n| n.edit.cause.clone()).unwrap_or_default(),
        action: note.map(|n| n.edit.action.clone()).unwrap_or_default(),
        decision_requested: note.map(|n| n.edit.decision_requested.clone()).unwrap_or_default(),
        closure: note.and_then(|n| n.edit.closure.clone()),
        closed_on: note.and_then(|n| n.edit.closed_on),
        row_version: note.map_or(0, |n| n.row_version),
        updated_by: note.map(|n| n.updated_by.clone()).unwrap_or_default(),
        updated_at: note.map(|n| n.updated_at.clone()).unwrap_or_default(),
        needs_action,
        asks_decision,
    }
}

/// Every deviation of the initiatives in `data` as of `as_of`, in code order and plan order
/// (pure: the follow-up's data and the stored notes in, rows out).
pub fn deviation_rows(data: &FollowUpData, notes: &[DeviationNote], as_of: NaiveDate) -> Vec<DeviationRow> {
    let evaluated = evaluated(&data.entries, as_of);
    deviation_rows_of(evaluated.iter().map(|(e, f)| (*e, f)), notes)
}

/// Each entry with its follow-up as of `as_of`.
fn evaluated(entries: &[FollowUpEntry], as_of: NaiveDate) -> Vec<(&FollowUpEntry, PlanFollowUp)> {
    entries.iter().map(|e| (e, evaluate_initiative(&e.input(), as_of).followup)).collect()
}

/// [`deviation_rows`] of entries evaluated already (a council pack's scope, whose every
/// section reads the same follow-ups).
pub fn deviation_rows_of<'a>(
    evaluated: impl IntoIterator<Item = (&'a FollowUpEntry, &'a PlanFollowUp)>,
    notes: &[DeviationNote],
) -> Vec<DeviationRow> {
    let mut rows = Vec::new();
    for (entry, followup) in evaluated {
        let own: Vec<DeviationNote> = notes.iter().filter(|n| n.key.initiative_id == entry.initiative_id).cloned().collect();
        for d in plan_deviations(entry.initiative_id, followup, &own) {
            rows.push(row(&entry.code, &entry.name, &entry.organisation, entry.council_tracked, d));
        }
    }
    rows
}

/// The register's deviations as of `as_of` (`nytta deviations`, the window's list).
pub fn register_deviations<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<DeviationList> {
    let data = register.followup_data(None)?;
    let notes = register.deviation_notes(None)?;
    Ok(list(deviation_rows(&data, &notes, as_of), as_of))
}

/// One initiative's deviations as of `as_of` (its follow-up view).
pub fn initiative_deviations<S: RegisterStore>(register: &S, initiative_id: i64, as_of: NaiveDate) -> Result<DeviationList> {
    let data = register.followup_data(Some(initiative_id))?;
    let notes = register.deviation_notes(Some(initiative_id))?;
    Ok(list(deviation_rows(&data, &notes, as_of), as_of))
}

fn list(rows: Vec<DeviationRow>, as_of: NaiveDate) -> DeviationList {
    DeviationList {
        as_of,
        open: rows.iter().filter(|r| r.state.code == "oppen").count(),
        without_action: rows.iter().filter(|r| r.needs_action).count(),
        rows,
    }
}

/// "Att göra": the open deviations that have no åtgärd yet, each with its benefit owner, in
/// checkpoint date order (oldest first).
pub fn todo(rows: &[DeviationRow]) -> Vec<DeviationRow> {
    let mut todo: Vec<DeviationRow> = rows.iter().filter(|r| r.needs_action).cloned().collect();
    todo.sort_by(|a, b| a.checkpoint_date.cmp(&b.checkpoint_date).then_with(|| a.initiative_code.cmp(&b.initiative_code)));
    todo
}

/// One benefit that is röd or saknas, for the council pack's "Avvikande nyttor".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviatingBenefit {
    pub initiative_code: String,
    pub initiative_name: String,
    pub organisation: String,
    pub council_tracked: bool,
    pub benefit: String,
    pub benefit_owner: String,
    pub status: StatusView,
    /// Its open deviations' orsak and åtgärd, one line per checkpoint: "NKI, 6 mån: …";
    /// "ej angiven" where none is written.
    pub causes: Vec<String>,
    pub actions: Vec<String>,
}

/// "Avvikande nyttor": every benefit whose status is röd or saknas as of `as_of`, särskilt
/// följd or not, with its owner and the orsak and åtgärd of its open deviations, in code
/// order (pure).
pub fn deviating_benefits(data: &FollowUpData, rows: &[DeviationRow], as_of: NaiveDate) -> Vec<DeviatingBenefit> {
    let evaluated = evaluated(&data.entries, as_of);
    deviating_benefits_of(evaluated.iter().map(|(e, f)| (*e, f)), rows)
}

/// [`deviating_benefits`] of entries evaluated already (a council pack's scope).
pub fn deviating_benefits_of<'a>(
    evaluated: impl IntoIterator<Item = (&'a FollowUpEntry, &'a PlanFollowUp)>,
    rows: &[DeviationRow],
) -> Vec<DeviatingBenefit> {
    let mut out = Vec::new();
    for (entry, followup) in evaluated {
        for benefit in &followup.benefits {
            if !matches!(benefit.status, Status::Rod | Status::Saknas) {
                continue;
            }
            let open: Vec<&DeviationRow> = rows
                .iter()
                .filter(|r| r.initiative_id == entry.initiative_id && r.benefit == benefit.name && r.state.code == "oppen")
                .collect();
            let line = |r: &DeviationRow, text: &str| {
                let text = if text.trim().is_empty() { "ej angiven" } else { text.trim() };
                format!("{}, {} mån: {text}", r.indicator_code, r.months)
            };
            out.push(DeviatingBenefit {
                initiative_code: entry.code.clone(),
                initiative_name: entry.name.clone(),
                organisation: entry.organisation.clone(),
                council_tracked: entry.council_tracked,
                benefit: benefit.name.clone(),
                benefit_owner: benefit.owner.clone(),
                status: benefit.status.into(),
                causes: open.iter().map(|r| line(r, &r.cause)).collect(),
                actions: open.iter().map(|r| line(r, &r.action)).collect(),
            });
        }
    }
    out
}

/// One deviation whose decision the council is asked for ("Att besluta").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionAsked {
    pub initiative_code: String,
    pub initiative_name: String,
    pub benefit: String,
    pub benefit_owner: String,
    /// "NKI Nöjd kund-index, 6 månader (2026-03-01)".
    pub checkpoint: String,
    pub status: StatusView,
    pub cause: String,
    pub action: String,
    pub decision_requested: String,
}

/// "Att besluta": the open deviations of särskilt följda initiatives that ask the council
/// for a decision, in code order (pure).
pub fn decisions_asked(rows: &[DeviationRow]) -> Vec<DecisionAsked> {
    rows.iter()
        .filter(|r| r.asks_decision)
        .map(|r| DecisionAsked {
            initiative_code: r.initiative_code.clone(),
            initiative_name: r.initiative_name.clone(),
            benefit: r.benefit.clone(),
            benefit_owner: r.benefit_owner.clone(),
            checkpoint: format!("{} {}, {} månader ({})", r.indicator_code, r.indicator_name, r.months, r.checkpoint_date),
            status: r.status,
            cause: r.cause.clone(),
            action: r.action.clone(),
            decision_requested: r.decision_requested.clone(),
        })
        .collect()
}

/// The deviations closed by a recorded decision dated from `since` (exclusive) to the list's
/// date: what the next council pack prints as decided.
pub fn decided_since(rows: &[DeviationRow], since: Option<NaiveDate>) -> Vec<(DeviationRow, Decision)> {
    rows.iter()
        .filter_map(|r| match &r.closure {
            Some(Closure::Decision(d)) if since.is_none_or(|s| d.date > s) => Some((r.clone(), d.clone())),
            _ => None,
        })
        .collect()
}

/// A note to save from the window: the checkpoint, the version the edit started from and
/// every field.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeviationSave {
    pub initiative_id: i64,
    pub indicator_code: String,
    pub months: u32,
    pub row_version: i64,
    #[serde(flatten)]
    pub edit: DeviationEdit,
}

/// Saves a note after checking that its checkpoint is one of the initiative's latest
/// approved plan (an indicator with a target at those months). A closure without a date is
/// dated `today`.
pub fn save_deviation<S: RegisterStore>(register: &mut S, save: &DeviationSave, today: NaiveDate) -> Result<DeviationNote> {
    let data = register.followup_data(Some(save.initiative_id))?;
    let code = save.indicator_code.trim();
    let Some(entry) = data.entries.iter().find(|e| e.initiative_id == save.initiative_id) else {
        // The initiative itself may be missing: the store names that; else it has no approved plan.
        register.initiative(save.initiative_id)?;
        return Err(StoreError::Invalid(vec![FieldError::new(
            "indicator_code",
            "Insatsen har ingen godkänd nyttorealiseringsplan; avvikelser följs mot den godkända planen.",
        )]));
    };
    let indicator = entry.plan.benefits.iter().flat_map(|b| &b.indicators).find(|i| i.code.eq_ignore_ascii_case(code));
    let Some(indicator) = indicator else {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "indicator_code",
            format!("Indikator: {code} finns inte i insatsens godkända plan ({}).", entry.code),
        )]));
    };
    if indicator.target_at(save.months).is_none() {
        let months: Vec<String> = indicator.targets.iter().map(|t| t.months_after_go_live.to_string()).collect();
        return Err(StoreError::Invalid(vec![FieldError::new(
            "months_after_go_live",
            format!(
                "Kontrollpunkt: {} har inget målvärde vid {} månader (bara vid {}).",
                indicator.code,
                save.months,
                months.join(" och ")
            ),
        )]));
    }
    let key = DeviationKey {
        initiative_id: save.initiative_id,
        indicator_code: indicator.code.clone(),
        months_after_go_live: save.months,
    };
    let mut edit = save.edit.clone();
    if edit.closure.is_some() && edit.closed_on.is_none() {
        edit.closed_on = Some(today);
    }
    if edit.closure.is_none() {
        edit.closed_on = None;
    }
    register.save_deviation_note(&key, save.row_version, &edit)
}

/// What the CLI changes of a note: only the fields given; the rest stays as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviationChange {
    pub cause: Option<String>,
    pub action: Option<String>,
    pub decision_requested: Option<String>,
    /// `Some(Some(c))` closes, `Some(None)` opens again.
    pub closure: Option<Option<Closure>>,
}

/// Applies `change` to the stored note of the checkpoint (or a new one) and saves it, from
/// the stored row version: one CLI call, one save.
pub fn change_deviation<S: RegisterStore>(
    register: &mut S,
    initiative_id: i64,
    indicator_code: &str,
    months: u32,
    change: DeviationChange,
    today: NaiveDate,
) -> Result<DeviationNote> {
    let stored = register
        .deviation_notes(Some(initiative_id))?
        .into_iter()
        .find(|n| n.key.indicator_code.eq_ignore_ascii_case(indicator_code.trim()) && n.key.months_after_go_live == months);
    let (mut edit, row_version) = stored.map_or((DeviationEdit::default(), 0), |n| (n.edit, n.row_version));
    if let Some(cause) = change.cause {
        edit.cause = cause;
    }
    if let Some(action) = change.action {
        edit.action = action;
    }
    if let Some(decision) = change.decision_requested {
        edit.decision_requested = decision;
    }
    if let Some(closure) = change.closure {
        edit.closed_on = closure.as_ref().map(|_| today);
        edit.closure = closure;
    }
    let save = DeviationSave { initiative_id, indicator_code: indicator_code.to_string(), months, row_version, edit };
    save_deviation(register, &save, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::{LineValueCache, MeasurementIndex, Observation};
    use crate::model::initiative::Phase;
    use crate::model::plan::{Benefit, Direction, Indicator, Plan, Target};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn entry(id: i64, code: &str, tracked: bool, measured: &[(&str, rust_decimal::Decimal)]) -> FollowUpEntry {
        let indicator = |code: &str| Indicator {
            unit: "%".into(),
            targets: vec![Target { months_after_go_live: 6, value: dec!(70) }],
            baseline: Some(crate::model::plan::Baseline { value: dec!(60), date: d("2025-05-01"), source: String::new() }),
            ..Indicator::new(code, "Nöjd kund-index", Direction::HigherIsBetter)
        };
        let mut measurements = MeasurementIndex::new();
        measurements.insert_series("NKI", measured.iter().map(|(date, v)| Observation::new(d(date), *v)).collect());
        FollowUpEntry {
            initiative_id: id,
            code: code.into(),
            name: format!("Insats {code}"),
            organisation: "Intraservice".into(),
            phase: Phase::Driftsatt,
            council_tracked: tracked,
            go_live: Some(d("2025-09-01")),
            plan_version: 1,
            plan: Plan {
                benefits: vec![
                    Benefit { name: "Nöjdare kunder".into(), owner: "Anna Ägare".into(), indicators: vec![indicator("NKI")], ..Benefit::default() },
                    Benefit { name: "Snabbare svar".into(), owner: "Bo Ägare".into(), indicators: vec![indicator("SVAR")], ..Benefit::default() },
                ],
                ..Plan::default()
            },
            measurements,
            linked_lines: None,
            line_values: LineValueCache::default(),
        }
    }

    fn note(initiative_id: i64, code: &str, edit: DeviationEdit) -> DeviationNote {
        DeviationNote {
            key: DeviationKey { initiative_id, indicator_code: code.into(), months_after_go_live: 6 },
            edit,
            updated_by: "Controller".into(),
            created_at: "2026-04-02T10:00:00".into(),
            updated_at: "2026-04-02T10:00:00".into(),
            row_version: 2,
        }
    }

    fn data() -> FollowUpData {
        // NKI röd, SVAR saknas. B-2 (särskilt följd): NKI grön, SVAR saknas.
        FollowUpData { entries: vec![entry(1, "A-1", false, &[("2026-03-02", dec!(62))]), entry(2, "B-2", true, &[("2026-03-02", dec!(75))])] }
    }

    fn notes() -> Vec<DeviationNote> {
        vec![
            note(1, "NKI", DeviationEdit { cause: "Ny handläggare".into(), action: "Utbildning i april".into(), ..Default::default() }),
            note(2, "SVAR", DeviationEdit { cause: "Mätningen uteblev".into(), decision_requested: "Besluta om ny mätmetod".into(), ..Default::default() }),
        ]
    }

    #[test]
    fn rows_carry_owner_status_texts_and_state_in_words() {
        let rows = deviation_rows(&data(), &notes(), d("2026-04-20"));
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.initiative_code.as_str(), r.indicator_code.as_str(), r.status.label, r.state.text.as_str(), r.row_version))
            .collect();
        assert_eq!(
            summary,
            [("A-1", "NKI", "Röd", "Öppen", 2), ("A-1", "SVAR", "Saknas", "Öppen", 0), ("B-2", "SVAR", "Saknas", "Öppen", 2)]
        );
        assert_eq!((rows[0].benefit_owner.as_str(), rows[0].action.as_str()), ("Anna Ägare", "Utbildning i april"));
        assert_eq!(rows[0].measured.as_deref(), Some("62\u{a0}% (2026-03-02)"));
        assert_eq!(rows[1].measured, None);
        assert_eq!(rows[0].target, "70\u{a0}%");
    }

    #[test]
    fn the_to_do_is_the_open_deviations_without_an_action_with_their_owner() {
        let rows = deviation_rows(&data(), &notes(), d("2026-04-20"));
        let todo: Vec<_> = todo(&rows).into_iter().map(|r| (r.initiative_code, r.indicator_code, r.benefit_owner)).collect();
        assert_eq!(
            todo,
            [("A-1".to_string(), "SVAR".to_string(), "Bo Ägare".to_string()), ("B-2".into(), "SVAR".into(), "Bo Ägare".into())]
        );
        let list = list(rows, d("2026-04-20"));
        assert_eq!((list.open, list.without_action), (3, 2));
    }

    #[test]
    fn the_council_sees_every_deviating_benefit_and_the_decisions_asked_of_it() {
        let rows = deviation_rows(&data(), &notes(), d("2026-04-20"));
        let benefits = deviating_benefits(&data(), &rows, d("2026-04-20"));
        let seen: Vec<_> = benefits.iter().map(|b| (b.initiative_code.as_str(), b.benefit.as_str(), b.status.label, b.council_tracked)).collect();
        assert_eq!(
            seen,
            [("A-1", "Nöjdare kunder", "Röd", false), ("A-1", "Snabbare svar", "Saknas", false), ("B-2", "Snabbare svar", "Saknas", true)],
            "särskilt följd or not; B-2's green benefit is not there"
        );
        assert_eq!(benefits[0].causes, ["NKI, 6 mån: Ny handläggare"]);
        assert_eq!(benefits[1].actions, ["SVAR, 6 mån: ej angiven"]);
        assert_eq!(benefits[0].benefit_owner, "Anna Ägare");

        let asked = decisions_asked(&rows);
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].initiative_code, "B-2");
        assert_eq!(asked[0].decision_requested, "Besluta om ny mätmetod");
        assert_eq!(asked[0].checkpoint, "SVAR Nöjd kund-index, 6 månader (2026-03-01)");
        // A decision asked on an initiative not särskilt följd is not the council's.
        let mut untracked = notes();
        untracked[0].edit.decision_requested = "Något".into();
        assert_eq!(decisions_asked(&deviation_rows(&data(), &untracked, d("2026-04-20"))).len(), 1);
    }

    #[test]
    fn a_decision_closes_and_the_next_pack_lists_it() {
        let mut closed = notes();
        closed[1].edit.closure = Some(Closure::Decision(Decision {
            decision: "Ny mätmetod från hösten".into(),
            decided_by: "Strategiska samordningsgruppen".into(),
            date: d("2026-04-15"),
            reference: "§ 12".into(),
        }));
        closed[1].edit.closed_on = Some(d("2026-04-15"));
        let rows = deviation_rows(&data(), &closed, d("2026-04-20"));
        assert!(decisions_asked(&rows).is_empty());
        let b2 = rows.iter().find(|r| r.initiative_code == "B-2").unwrap();
        assert_eq!(b2.state.code, "stangd");
        assert!(b2.state.text.starts_with("Stängd genom beslut: Ny mätmetod"));
        assert_eq!(decided_since(&rows, Some(d("2026-04-01"))).len(), 1);
        assert!(decided_since(&rows, Some(d("2026-04-15"))).is_empty());
        // The closed deviation's benefit is still saknas, but it has no open deviation to explain.
        let benefits = deviating_benefits(&data(), &rows, d("2026-04-20"));
        assert!(benefits.iter().find(|b| b.initiative_code == "B-2").unwrap().causes.is_empty());
    }
}
