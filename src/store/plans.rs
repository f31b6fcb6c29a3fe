//! Nyttorealiseringsplaner: the versioned benefit-realisation plan of each initiative.
//!
//! Versions work exactly as for the calculation (`calculations.rs`): version 1 starts as a
//! draft; approval freezes a version (refused here before any SQL is sent, and again by the
//! triggers of migration 0003 should anyone write to the file directly); a change after
//! approval is a new draft copied from the latest version, with a required reason. Statuses
//! use the latest approved version, and the history of every target is derived from the
//! approved versions (`model::target_history`).
//!
//! Unlike a calculation, a plan draft may be saved while incomplete: a plan is written over
//! several sittings. What still stops approval is returned with the draft
//! ([`PlanVersion::problems`]) and enforced by [`Register::approve_plan`].

use super::error::{Result, StoreError};
use super::versions::{self, resaved, Document, DocumentKind, Header, SqlTx, VersionState};
use super::{Register, PlanStore};
use crate::model::plan::Plan;
use crate::model::{
    target_history, Approval, FieldError, IndicatorTargetHistory, PlanVersion, PLAN_FROZEN_MESSAGE,
};

/// Largest plan document accepted, in bytes of JSON.
const MAX_PLAN_BYTES: usize = 2_000_000;

impl Document for PlanVersion {
    const KIND: DocumentKind = DocumentKind {
        table: "plan_version",
        json_columns: &["body"],
        noun: "plan",
        name: "nyttorealiseringsplan",
        definite: "planen",
        title: "Planen",
        frozen_message: PLAN_FROZEN_MESSAGE,
        reason_example: "nya förutsättningar",
    };
    type Body = Plan;
    type Logged = Plan;
    type ApprovalLogged = Approval;

    fn from_parts(h: Header, json: &[String]) -> Result<Self> {
        Ok(PlanVersion {
            plan: serde_json::from_str(&json[0])?,
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
        Ok(vec![serde_json::to_string(&self.plan)?])
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

    fn body(&self) -> &Plan {
        &self.plan
    }

    fn logged(&self) -> &Plan {
        &self.plan
    }

    /// The plan's approval is logged as the decision alone: the plan itself is in the rows
    /// of its saves.
    fn approval_log<'a>(
        before: &'a Self,
        _after: &'a Self,
        approval: &'a Approval,
    ) -> (Option<&'a Plan>, Option<&'a Approval>, String) {
        (None, Some(approval), format!("Version {}. Beslut: {}", before.version, approval.decision_ref))
    }

    fn deleted_reason(&self) -> String {
        draft_note(self)
    }
}

/// "Utkast version 3": the reason the audit log gives for a draft's save or deletion.
pub(in crate::store) fn draft_note(version: &PlanVersion) -> String {
    format!("Utkast version {}", version.version)
}

/// The latest approved plan of an initiative, read inside a transaction or not.
pub(super) fn latest_approved(
    conn: &rusqlite::Connection,
    initiative_id: i64,
) -> Result<Option<PlanVersion>> {
    Ok(versions::query(conn, "initiative_id = ?1 AND status = 'approved'", [initiative_id])?.pop())
}

/// The latest version, approved or not.
pub(super) fn latest_any(
    conn: &rusqlite::Connection,
    initiative_id: i64,
) -> Result<Option<PlanVersion>> {
    Ok(versions::query(conn, "initiative_id = ?1", [initiative_id])?.pop())
}

/// The plan as it is stored: texts trimmed, empty prerequisite and risk lines dropped.
pub(in crate::store) fn normalised(plan: &Plan) -> Plan {
    let mut plan = plan.clone();
    let lines = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    plan.prerequisites = lines(&plan.prerequisites);
    plan.risks = lines(&plan.risks);
    for benefit in &mut plan.benefits {
        for text in [
            &mut benefit.name,
            &mut benefit.change,
            &mut benefit.effect,
            &mut benefit.goal,
            &mut benefit.owner,
        ] {
            *text = text.trim().to_string();
        }
        benefit.calculation_line = benefit
            .calculation_line
            .as_ref()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        for indicator in &mut benefit.indicators {
            for text in [
                &mut indicator.code,
                &mut indicator.name,
                &mut indicator.unit,
                &mut indicator.measured_by,
                &mut indicator.method,
                &mut indicator.frequency,
                &mut indicator.data_source,
            ] {
                *text = text.trim().to_string();
            }
            if let Some(b) = &mut indicator.baseline {
                b.source = b.source.trim().to_string();
            }
            if indicator
                .allowed_range
                .as_ref()
                .is_some_and(|r| r.min.is_none() && r.max.is_none())
            {
                indicator.allowed_range = None;
            }
        }
    }
    plan
}

/// Each benefit's realising organisation must be one of the initiative's customers (seed 004
/// §2.4.2.5: the affected nämnd or bolag realises the benefits).
fn check_realised_by(conn: &rusqlite::Connection, initiative_id: i64, plan: &Plan) -> Result<()> {
    if !names_realisers(plan) {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached("SELECT organisation_id FROM initiative_customer WHERE initiative_id = ?1")?;
    let customers: Vec<i64> = stmt.query_map([initiative_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    realised_by_customers(plan, &customers)
}

/// Whether any benefit names its realising organisation (only then are the customers read).
pub(in crate::store) fn names_realisers(plan: &Plan) -> bool {
    plan.benefits.iter().any(|b| b.realised_by.is_some())
}

/// Refuses each benefit realised by an organisation that is not one of `customers`, the
/// initiative's customers.
pub(in crate::store) fn realised_by_customers(plan: &Plan, customers: &[i64]) -> Result<()> {
    let errors: Vec<FieldError> = plan
        .benefits
        .iter()
        .enumerate()
        .filter(|(_, b)| b.realised_by.is_some_and(|by| !customers.contains(&by)))
        .map(|(i, b)| {
            FieldError::new(
                format!("benefits[{i}].realised_by"),
                format!(
                    "Nyttan \u{201d}{}\u{201d} realiseras av: välj en av insatsens kunder, eller lägg först till \
                     organisationen som kund under Insats.",
                    b.name
                ),
            )
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

/// What approving `before` needs: a plan without validation errors. Sets nothing besides the
/// approval.
pub(in crate::store) fn approval_columns(before: &PlanVersion) -> Result<Vec<(&'static str, String)>> {
    let errors = before.plan.validate();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(Vec::new())
}

/// The plan's JSON column, refused when too large.
pub(in crate::store) fn body(plan: &Plan) -> Result<String> {
    let text = serde_json::to_string(plan)?;
    if text.len() > MAX_PLAN_BYTES {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "benefits",
            "Planen är för stor för att sparas (högst 2 MB text). Korta ner de längsta texterna.",
        )]));
    }
    Ok(text)
}

impl PlanStore for Register {
    // ---- reading ----------------------------------------------------------------------

    /// Every version of the initiative's plan, oldest first.
    fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>> {
        self.versions_of(initiative_id)
    }

    /// One version by its id.
    fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        versions::read(self.conn(), id)
    }

    /// The version statuses use: the latest approved one.
    fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        versions::initiative_code(self.conn(), initiative_id)?;
        latest_approved(self.conn(), initiative_id)
    }

    fn plan_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<PlanVersion>> {
        versions::versions_of_all(self.conn(), initiative_ids)
    }

    fn newest_plan_drafts(&self) -> Result<Vec<(i64, u32)>> {
        versions::newest_drafts(self.conn(), PlanVersion::KIND.table)
    }

    /// The draft being worked on, if any (there is at most one).
    fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        Ok(versions::draft(self.plan_versions(initiative_id)?))
    }

    /// The history of every indicator's targets over the approved versions.
    fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>> {
        Ok(target_history(&self.plan_versions(initiative_id)?))
    }

    // ---- writing ----------------------------------------------------------------------

    /// Starts the initiative's plan: version 1, a draft. Refused when the initiative already
    /// has one (a change then is the draft, or a new version).
    fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        check_realised_by(self.conn(), initiative_id, &plan)?;
        self.write(|tx, author| versions::create(&mut SqlTx(tx), author, initiative_id, &[text]))
    }

    /// Saves the edited draft that started from `row_version`. Refused for an approved
    /// version and for a stale edit. An incomplete plan is saved; what stops approval is in
    /// [`PlanVersion::problems`].
    fn save_plan_draft(
        &mut self,
        id: i64,
        row_version: i64,
        plan: &Plan,
    ) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        self.write(|tx, author| {
            let check = |s: &mut SqlTx, before: &PlanVersion| {
                check_realised_by(s.0, before.initiative_id, &plan)?;
                Ok(vec![text])
            };
            versions::save(&mut SqlTx(tx), author, (id, row_version), &plan, |_| resaved(), check, draft_note)
        })
    }

    /// Approves the draft that started from `row_version` and freezes it. Requires a plan
    /// without validation errors, the approver and the decision.
    fn approve_plan(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<PlanVersion> {
        let approval = versions::checked_approval::<PlanVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut SqlTx(tx), author, (id, row_version), &approval, |_, before| approval_columns(before))
        })
    }

    /// Starts a new draft version from the latest version, after a changed decision or new
    /// facts. `reason` is required. Refused while a draft exists (work on it instead).
    fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion> {
        let reason = versions::checked_reason::<PlanVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut SqlTx(tx), author, initiative_id, &reason))
    }

    /// Discards a draft that started from `row_version`. Approved versions are refused.
    fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<PlanVersion>(&mut SqlTx(tx), author, id, row_version))
    }
}
