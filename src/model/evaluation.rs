//! The evaluation (utvärdering) that closes an initiative's follow-up ("Avsluta
//! uppföljningen", issue 17; seed 004: a finished initiative "ska utvärderas och
//! dokumenteras utifrån fastställd nyttorealiseringsplan"): each target of the approved plan
//! met or not, the final realised and harvested value, and what was learnt. Drafted as a
//! whole, approved like a calculation (`model::version::Approval`) and then frozen — the
//! store's version rules and the schema's triggers (migration 0010) keep it so.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{limits, Approval, FieldError, VersionStatus};

/// The sentence every refused change of an approved evaluation gets: from the store and, word
/// for word, from the schema's triggers.
pub const EVALUATION_FROZEN_MESSAGE: &str =
    "En godkänd utvärdering kan inte ändras. Skapa en ny version med ett skäl.";

/// One target of the approved plan at the close: met or not, from the follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetOutcome {
    pub benefit: String,
    pub indicator_code: String,
    pub indicator_name: String,
    #[serde(default)]
    pub unit: String,
    pub months_after_go_live: u32,
    pub target: Decimal,
    /// The measurement the checkpoint used; `None` when none was taken.
    #[serde(default)]
    pub measured: Option<Decimal>,
    /// The checkpoint's status code at the close (`gron`, `gul`, `rod`, `saknas`, `kommande`).
    pub status: String,
    /// Met (grön) or not; `None` when not measured.
    #[serde(default)]
    pub met: Option<bool>,
}

/// The evaluation of one initiative against its approved plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinalEvaluation {
    /// The follow-up's date the outcomes were taken as of.
    pub as_of: NaiveDate,
    /// The approved plan version evaluated against.
    pub plan_version: u32,
    pub targets: Vec<TargetOutcome>,
    /// Σ calculated annual value of the linked benefits (kr/år, latest approved calculation).
    pub calculated_annual_value: Decimal,
    /// Σ realised annual value at the close (kr/år, the follow-up's realised value).
    pub realised_annual_value: Decimal,
    /// Harvested value (kr/år): the harvest decisions carried out by `as_of`; `None` when the
    /// initiative has no harvest decision ("ej registrerad").
    #[serde(default)]
    pub harvested_annual_value: Option<Decimal>,
    /// The plan's benefits with no harvest decision at the close: approving then needs a
    /// reason (`closure_reason`). Older evaluations have none recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub without_harvest_decision: Vec<String>,
    /// What was learnt (lärdomar).
    #[serde(default)]
    pub learnt: String,
    /// Why the follow-up is closed although a checkpoint has no status yet (kommande) —
    /// required then, else empty.
    #[serde(default)]
    pub closure_reason: String,
}

impl FinalEvaluation {
    /// Targets with a checkpoint still *kommande*: the follow-up is not over for them.
    pub fn open_checkpoints(&self) -> usize {
        self.targets.iter().filter(|t| t.status == "kommande").count()
    }

    /// What must hold before the evaluation can be approved, each naming its field: what was
    /// learnt, and a reason when a checkpoint has no status yet or a benefit has no harvest
    /// decision; the texts within their limits.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.learnt.trim().is_empty() {
            errors.push(FieldError::new("learnt", "Lärdomar: skriv vad insatsen har lärt er innan utvärderingen godkänns."));
        }
        if !self.without_harvest_decision.is_empty() && self.closure_reason.trim().is_empty() {
            errors.push(FieldError::new(
                "closure_reason",
                format!(
                    "Skäl: {} har inget beslut om effekthemtagning ({}). Besluta om hemtagningen eller ange varför uppföljningen avslutas ändå.",
                    if self.without_harvest_decision.len() == 1 { "nyttan" } else { "nyttorna" },
                    self.without_harvest_decision.join(", ")
                ),
            ));
        }
        errors.extend(self.draft_problems());
        errors
    }

    /// What stops even a draft from being saved: a missing reason for closing early, texts
    /// over their limits.
    pub fn draft_problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let open = self.open_checkpoints();
        if open > 0 && self.closure_reason.trim().is_empty() {
            errors.push(FieldError::new(
                "closure_reason",
                format!(
                    "Skäl: {open} {} har ingen status ännu (kommande). Ange varför uppföljningen avslutas ändå.",
                    if open == 1 { "kontrollpunkt" } else { "kontrollpunkter" }
                ),
            ));
        }
        errors.extend(limits::check("learnt", "Lärdomar", &self.learnt, limits::LONG_TEXT));
        errors.extend(limits::check("closure_reason", "Skäl", &self.closure_reason, limits::LONG_TEXT));
        errors
    }

    /// The targets met, and how many were measured: "3 av 4 mål nådda (1 inte mätt)".
    pub fn targets_met_text(&self) -> String {
        let met = self.targets.iter().filter(|t| t.met == Some(true)).count();
        let unmeasured = self.targets.iter().filter(|t| t.met.is_none()).count();
        let mut text = format!("{met} av {} mål nådda", self.targets.len());
        if unmeasured > 0 {
            text.push_str(&format!(" ({unmeasured} inte {})", if unmeasured == 1 { "mätt" } else { "mätta" }));
        }
        text
    }
}

/// One version of an initiative's evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluationVersion {
    pub id: i64,
    pub initiative_id: i64,
    pub version: u32,
    pub status: VersionStatus,
    pub evaluation: FinalEvaluation,
    /// Why this version exists; required from version 2.
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approval: Option<Approval>,
    pub row_version: i64,
}

impl EvaluationVersion {
    pub fn is_approved(&self) -> bool {
        self.status == VersionStatus::Approved
    }

    /// "version 1, godkänd 2026-10-14 av Digitaliseringsrådet (DR 2026-10-14 §7)" or
    /// "version 2, utkast – inte godkänd".
    pub fn describe(&self) -> String {
        Approval::describe(self.approval.as_ref().filter(|_| self.is_approved()), self.version)
    }

    /// For an approved version, the notice shown above it.
    pub fn frozen_notice(&self) -> Option<String> {
        let a = self.approval.as_ref().filter(|_| self.is_approved())?;
        Some(a.frozen_notice(&format!("Utvärderingen (version {})", self.version)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn outcome(status: &str, met: Option<bool>) -> TargetOutcome {
        TargetOutcome {
            benefit: "B".into(),
            indicator_code: "I".into(),
            indicator_name: "I".into(),
            unit: "st".into(),
            months_after_go_live: 12,
            target: dec!(10),
            measured: met.map(|_| dec!(9)),
            status: status.into(),
            met,
        }
    }

    fn evaluation(targets: Vec<TargetOutcome>) -> FinalEvaluation {
        FinalEvaluation {
            as_of: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            plan_version: 1,
            targets,
            calculated_annual_value: dec!(100),
            realised_annual_value: dec!(80),
            harvested_annual_value: None,
            without_harvest_decision: Vec::new(),
            learnt: String::new(),
            closure_reason: String::new(),
        }
    }

    #[test]
    fn closing_with_a_checkpoint_still_kommande_needs_a_reason() {
        let mut e = evaluation(vec![outcome("gron", Some(true)), outcome("kommande", None)]);
        let fields: Vec<_> = e.draft_problems().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["closure_reason"]);
        e.closure_reason = "Verksamheten läggs ned vid årsskiftet.".into();
        assert!(e.draft_problems().is_empty());
    }

    #[test]
    fn every_checkpoint_with_a_status_needs_no_reason_but_approval_needs_what_was_learnt() {
        let mut e = evaluation(vec![outcome("gron", Some(true)), outcome("saknas", None), outcome("rod", Some(false))]);
        assert!(e.draft_problems().is_empty());
        let fields: Vec<_> = e.validate().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["learnt"]);
        e.learnt = "Mät tidigare.".into();
        assert!(e.validate().is_empty());
        assert_eq!(e.targets_met_text(), "1 av 3 mål nådda (1 inte mätt)");
    }

    #[test]
    fn a_benefit_without_a_harvest_decision_needs_a_reason_to_approve_but_not_to_draft() {
        let mut e = evaluation(vec![outcome("gron", Some(true))]);
        e.learnt = "Mät tidigare.".into();
        e.without_harvest_decision = vec!["Kortare handläggning".into()];
        assert!(e.draft_problems().is_empty());
        let errors = e.validate();
        assert_eq!(errors.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["closure_reason"]);
        assert!(errors[0].message.contains("Kortare handläggning"), "{}", errors[0].message);
        e.closure_reason = "Nyttan tas hem i nästa års budget; beslut i december.".into();
        assert!(e.validate().is_empty());
    }
}
