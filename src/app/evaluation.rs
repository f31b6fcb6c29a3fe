//! Closing an initiative's follow-up with an evaluation ("Avsluta uppföljningen", issue 17):
//! the outcome of every target of the approved plan taken from the follow-up, the final
//! realised and harvested value, and what the user writes (what was learnt, why it closes
//! early); drafted, approved and frozen by the store (`EvaluationStore`). What the window
//! and `nytta evaluate` show is assembled and worded here.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::StatusView;
use crate::followup::closure::{final_evaluation, harvest_at_close};
use crate::followup::{evaluate_initiative, Status};
use crate::format;
use crate::model::evaluation::{EvaluationVersion, FinalEvaluation, TargetOutcome};
use crate::model::initiative::Initiative;
use crate::model::FieldError;
use crate::store::{RegisterStore, Result, StoreError};

/// What the initiative's phase shows once its evaluation is approved.
pub const EVALUATED: &str = "Utvärderad";

/// The evaluation as the follow-up gives it as of `as_of`: each target's outcome and the
/// values, with `learnt` and `closure_reason` as the user wrote them. Refused (naming the
/// initiative) without an approved plan: there is nothing to evaluate against.
pub fn proposed_evaluation<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    as_of: NaiveDate,
    learnt: &str,
    closure_reason: &str,
) -> Result<FinalEvaluation> {
    let initiative = register.initiative(initiative_id)?;
    let data = register.followup_data(Some(initiative_id))?;
    let Some(entry) = data.entries.first() else {
        return Err(StoreError::Refused(format!(
            "Insatsen {} har ingen godkänd nyttorealiseringsplan att utvärdera mot.",
            initiative.fields.code
        )));
    };
    let followup = evaluate_initiative(&entry.input(), as_of).followup;
    let decisions = register.harvest_decisions(initiative_id)?;
    let (harvested, without_decision) =
        harvest_at_close(entry.plan.benefits.iter().map(|b| b.name.as_str()), &decisions, as_of);
    let mut evaluation = final_evaluation(&followup, entry.plan_version, harvested, learnt, closure_reason);
    evaluation.without_harvest_decision = without_decision;
    Ok(evaluation)
}

/// Drafts the evaluation: version 1 when there is none, else the open draft saved anew
/// (from `row_version`, stale saves refused), with the outcomes as of `as_of`. An approved
/// evaluation is changed only through a new version (`new_evaluation_version`).
pub fn draft_evaluation<S: RegisterStore>(
    register: &mut S,
    initiative_id: i64,
    as_of: NaiveDate,
    learnt: &str,
    closure_reason: &str,
    row_version: Option<i64>,
) -> Result<EvaluationVersion> {
    let evaluation = proposed_evaluation(register, initiative_id, as_of, learnt, closure_reason)?;
    let versions = register.evaluation_versions(initiative_id)?;
    match versions.iter().find(|v| !v.is_approved()) {
        Some(draft) => register.save_evaluation_draft(draft.id, row_version.unwrap_or(draft.row_version), &evaluation),
        None if versions.is_empty() => register.create_evaluation(initiative_id, &evaluation),
        None => Err(StoreError::Refused(
            "Utvärderingen är godkänd och kan inte ändras. Skapa en ny version med ett skäl.".into(),
        )),
    }
}

/// One target's outcome as a row shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub benefit: String,
    /// "TID – Handläggningstid".
    pub indicator: String,
    /// "12 mån".
    pub checkpoint: String,
    /// "5 dagar".
    pub target: String,
    /// "6 dagar" or "–".
    pub measured: String,
    pub status: StatusView,
    /// "✓ Nått", "✗ Inte nått", "– Inte mätt".
    pub met: String,
}

/// An evaluation version as the window and the CLI show it.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationDisplay {
    pub id: i64,
    pub version: u32,
    pub approved: bool,
    pub row_version: i64,
    /// "version 1, godkänd … " or "version 2, utkast – inte godkänd".
    pub describe: String,
    pub frozen_notice: Option<String>,
    pub as_of: NaiveDate,
    pub plan_version: u32,
    /// "3 av 4 mål nådda (1 inte mätt)".
    pub targets_met: String,
    pub targets: Vec<TargetRow>,
    pub calculated: String,
    pub realised: String,
    /// "ej registrerad" when the initiative has no harvest decision.
    pub harvested: String,
    /// "Utan beslut om effekthemtagning: Minskad handläggningstid, …"; empty when every
    /// benefit has one.
    pub without_harvest_decision: String,
    pub learnt: String,
    pub closure_reason: String,
    pub reason: String,
}

fn value_text(value: Decimal, unit: &str) -> String {
    let v = format::value(value);
    if unit.trim().is_empty() { v } else { format!("{v} {}", unit.trim()) }
}

/// The words of one evaluation version.
pub fn display(version: &EvaluationVersion) -> EvaluationDisplay {
    let e = &version.evaluation;
    EvaluationDisplay {
        id: version.id,
        version: version.version,
        approved: version.is_approved(),
        row_version: version.row_version,
        describe: version.describe(),
        frozen_notice: version.frozen_notice(),
        as_of: e.as_of,
        plan_version: e.plan_version,
        targets_met: e.targets_met_text(),
        targets: e.targets.iter().map(target_row).collect(),
        calculated: format!("{}/år", format::kr(e.calculated_annual_value)),
        realised: format!("{}/år", format::kr(e.realised_annual_value)),
        harvested: e
            .harvested_annual_value
            .map(|h| format!("{}/år", format::kr(h)))
            .unwrap_or_else(|| "ej registrerad".into()),
        without_harvest_decision: if e.without_harvest_decision.is_empty() {
            String::new()
        } else {
            format!("Utan beslut om effekthemtagning: {}", e.without_harvest_decision.join(", "))
        },
        learnt: e.learnt.clone(),
        closure_reason: e.closure_reason.clone(),
        reason: version.reason.clone(),
    }
}

fn target_row(t: &TargetOutcome) -> TargetRow {
    let status = Status::from_code(&t.status).unwrap_or(Status::Kommande);
    TargetRow {
        benefit: t.benefit.clone(),
        indicator: format!("{} – {}", t.indicator_code, t.indicator_name),
        checkpoint: format!("{} mån", t.months_after_go_live),
        target: value_text(t.target, &t.unit),
        measured: t.measured.map(|m| value_text(m, &t.unit)).unwrap_or_else(|| "–".into()),
        status: status.into(),
        met: match t.met {
            Some(true) => "✓ Nått".into(),
            Some(false) => "✗ Inte nått".into(),
            None => "– Inte mätt".into(),
        },
    }
}

/// The "Avsluta uppföljningen" section of an initiative.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub initiative_id: i64,
    pub code: String,
    /// "Utvärderad" once an evaluation is approved, else the stored phase's label.
    pub phase_label: String,
    pub evaluated: bool,
    /// Why the follow-up cannot be closed yet (no approved plan); `None` when it can.
    pub blocked: Option<String>,
    /// How many checkpoints have no status yet (kommande) as of the date: closing then needs
    /// a reason.
    pub open_checkpoints: usize,
    /// What the evaluation would say now, for the form (`None` when blocked or drafted).
    pub proposal: Option<EvaluationDisplay>,
    /// Every version, oldest first.
    pub versions: Vec<EvaluationDisplay>,
    /// The open draft, if any.
    pub draft: Option<EvaluationDisplay>,
    /// The latest approved version, if any.
    pub approved: Option<EvaluationDisplay>,
}

/// The initiative's phase as shown: "Utvärderad" once its evaluation is approved.
pub fn phase_label(initiative: &Initiative, versions: &[EvaluationVersion]) -> String {
    if versions.iter().any(EvaluationVersion::is_approved) {
        EVALUATED.to_string()
    } else {
        initiative.fields.phase.label().to_string()
    }
}

/// Whether the initiative's evaluation is approved.
pub fn is_evaluated<S: RegisterStore>(register: &S, initiative_id: i64) -> Result<bool> {
    Ok(register.evaluation_versions(initiative_id)?.iter().any(EvaluationVersion::is_approved))
}

/// Everything "Avsluta uppföljningen" shows as of `as_of`.
pub fn evaluation_view<S: RegisterStore>(register: &S, initiative_id: i64, as_of: NaiveDate) -> Result<EvaluationView> {
    register.read_consistently(|r| {
        let initiative = r.initiative(initiative_id)?;
        let versions = r.evaluation_versions(initiative_id)?;
        let (proposal, blocked) = match proposed_evaluation(r, initiative_id, as_of, "", "") {
            Ok(p) => (Some(p), None),
            Err(StoreError::Refused(why)) => (None, Some(why)),
            Err(e) => return Err(e),
        };
        let open_checkpoints = proposal.as_ref().map_or(0, FinalEvaluation::open_checkpoints);
        let shown = |e: FinalEvaluation| {
            display(&EvaluationVersion {
                id: 0,
                initiative_id,
                version: 0,
                status: crate::model::VersionStatus::Draft,
                evaluation: e,
                reason: String::new(),
                based_on: None,
                created_by: String::new(),
                created_at: String::new(),
                updated_at: String::new(),
                approval: None,
                row_version: 0,
            })
        };
        Ok(EvaluationView {
            initiative_id,
            code: initiative.fields.code.clone(),
            phase_label: phase_label(&initiative, &versions),
            evaluated: versions.iter().any(EvaluationVersion::is_approved),
            blocked,
            open_checkpoints,
            proposal: proposal.map(shown),
            draft: versions.iter().find(|v| !v.is_approved()).map(display),
            approved: versions.iter().rev().find(|v| v.is_approved()).map(display),
            versions: versions.iter().map(display).collect(),
        })
    })
}

/// The errors of an evaluation a face is about to draft, before it asks the store (the
/// store refuses them too): for the form, beside its fields.
pub fn draft_problems(evaluation: &FinalEvaluation) -> Vec<FieldError> {
    evaluation.draft_problems()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_target_row_says_met_in_words_and_symbol() {
        let t = TargetOutcome {
            benefit: "B".into(),
            indicator_code: "TID".into(),
            indicator_name: "Handläggningstid".into(),
            unit: "dagar".into(),
            months_after_go_live: 12,
            target: dec!(5),
            measured: Some(dec!(6.5)),
            status: "rod".into(),
            met: Some(false),
        };
        let row = target_row(&t);
        assert_eq!(row.indicator, "TID – Handläggningstid");
        assert_eq!((row.target.as_str(), row.measured.as_str()), ("5 dagar", "6,5 dagar"));
        assert_eq!(row.met, "✗ Inte nått");
        assert_eq!(row.status.code, "rod");
    }
}
