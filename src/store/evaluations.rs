//! Evaluations (utvärderingar): the versioned document that closes an initiative's follow-up
//! (migration 0010). Versions work exactly as for calculations and plans (`versions.rs`):
//! version 1 starts as a draft; approval freezes it (refused here before any SQL is sent,
//! and again by the schema's triggers); a correction after approval is a new version with a
//! reason. A draft may be saved while it lacks what was learnt, not while a checkpoint still
//! *kommande* lacks the reason for closing anyway; approval needs everything
//! (`FinalEvaluation::validate`).

use super::error::{Result, StoreError};
use super::versions::{self, resaved, Document, DocumentKind, Header, SqlTx, VersionState};
use super::{EvaluationStore, Register};
use crate::model::evaluation::{EvaluationVersion, FinalEvaluation, EVALUATION_FROZEN_MESSAGE};
use crate::model::Approval;

impl Document for EvaluationVersion {
    const KIND: DocumentKind = DocumentKind {
        table: "evaluation",
        json_columns: &["body"],
        noun: "utvärdering",
        name: "utvärdering",
        definite: "utvärderingen",
        title: "Utvärderingen",
        frozen_message: EVALUATION_FROZEN_MESSAGE,
        reason_example: "nya mätningar",
    };
    type Body = FinalEvaluation;
    type Logged = FinalEvaluation;
    type ApprovalLogged = Approval;

    fn from_parts(h: Header, json: &[String]) -> Result<Self> {
        Ok(EvaluationVersion {
            evaluation: serde_json::from_str(&json[0])?,
            id: h.id,
            initiative_id: h.initiative_id,
            version: h.version,
            status: h.status,
            reason: h.reason,
            based_on: h.based_on,
            created_by: h.created_by,
            created_at: h.created_at,
            updated_at: h.updated_at,
            approval: h.approval,
            row_version: h.row_version,
        })
    }

    fn json(&self) -> Result<Vec<String>> {
        Ok(vec![serde_json::to_string(&self.evaluation)?])
    }

    fn state(&self) -> VersionState {
        VersionState {
            id: self.id,
            initiative_id: self.initiative_id,
            version: self.version,
            approved: self.is_approved(),
            row_version: self.row_version,
        }
    }

    fn body(&self) -> &FinalEvaluation {
        &self.evaluation
    }

    fn logged(&self) -> &FinalEvaluation {
        &self.evaluation
    }

    /// The approval is logged as the decision alone: the evaluation is in the rows of its saves.
    fn approval_log<'a>(
        before: &'a Self,
        _after: &'a Self,
        approval: &'a Approval,
    ) -> (Option<&'a FinalEvaluation>, Option<&'a Approval>, String) {
        (None, Some(approval), format!("Version {}. Beslut: {}", before.version, approval.decision_ref))
    }

    fn deleted_reason(&self) -> String {
        draft_note(self)
    }
}

/// "Utkast version 2": the audit log's reason for a draft's save or deletion.
pub(in crate::store) fn draft_note(version: &EvaluationVersion) -> String {
    format!("Utkast version {}", version.version)
}

/// The evaluation as stored: texts trimmed.
pub(in crate::store) fn normalised(evaluation: &FinalEvaluation) -> FinalEvaluation {
    let mut e = evaluation.clone();
    e.learnt = e.learnt.trim().to_string();
    e.closure_reason = e.closure_reason.trim().to_string();
    e
}

/// The JSON column of a draft, refused (naming the field) while the draft cannot be saved.
pub(in crate::store) fn draft_body(evaluation: &FinalEvaluation) -> Result<String> {
    let errors = evaluation.draft_problems();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(serde_json::to_string(evaluation)?)
}

/// What an approval checks: the whole evaluation; it sets no column besides the approval's.
pub(in crate::store) fn approval_columns(before: &EvaluationVersion) -> Result<Vec<(&'static str, String)>> {
    let errors = before.evaluation.validate();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(Vec::new())
}

impl EvaluationStore for Register {
    fn evaluation_versions(&self, initiative_id: i64) -> Result<Vec<EvaluationVersion>> {
        self.versions_of(initiative_id)
    }

    fn evaluation_by_id(&self, id: i64) -> Result<EvaluationVersion> {
        versions::read(self.conn(), id)
    }

    fn create_evaluation(&mut self, initiative_id: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        let evaluation = normalised(evaluation);
        let text = draft_body(&evaluation)?;
        self.write(|tx, author| versions::create(&mut SqlTx(tx), author, initiative_id, &[text]))
    }

    fn save_evaluation_draft(&mut self, id: i64, row_version: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        let evaluation = normalised(evaluation);
        let text = draft_body(&evaluation)?;
        self.write(|tx, author| {
            versions::save(&mut SqlTx(tx), author, (id, row_version), &evaluation, |_| resaved(), |_, _| Ok(vec![text]), draft_note)
        })
    }

    fn approve_evaluation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<EvaluationVersion> {
        let approval = versions::checked_approval::<EvaluationVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut SqlTx(tx), author, (id, row_version), &approval, |_, before| approval_columns(before))
        })
    }

    fn new_evaluation_version(&mut self, initiative_id: i64, reason: &str) -> Result<EvaluationVersion> {
        let reason = versions::checked_reason::<EvaluationVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut SqlTx(tx), author, initiative_id, &reason))
    }

    fn delete_evaluation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<EvaluationVersion>(&mut SqlTx(tx), author, id, row_version))
    }
}
