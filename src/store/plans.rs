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

use rusqlite::{params, Row};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, date_to_text};
use super::versions::{approval_from_row, initiative_code, trimmed, DocumentKind, VersionState};
use super::Register;
use crate::model::plan::Plan;
use crate::model::{
    target_history, Approval, FieldError, IndicatorTargetHistory, PlanStatus, PlanVersion,
    PLAN_FROZEN_MESSAGE,
};

/// The plan's words for the shared version rules.
const KIND: DocumentKind = DocumentKind {
    name: "nyttorealiseringsplan",
    definite: "planen",
    title: "Planen",
    frozen_message: PLAN_FROZEN_MESSAGE,
    reason_example: "nya förutsättningar",
};

/// Largest plan document accepted, in bytes of JSON.
const MAX_PLAN_BYTES: usize = 2_000_000;

/// The version's identity and state for the shared rules.
fn state(v: &PlanVersion) -> VersionState {
    VersionState {
        version: v.version,
        approved: v.is_approved(),
        row_version: v.row_version,
    }
}

const COLUMNS: &str = "id, initiative_id, version, status, body, reason, based_on, created_by,
    created_at, updated_at, approved_by, approved_at, decision_ref, row_version";

fn version_from_row(row: &Row) -> rusqlite::Result<(PlanVersion, String)> {
    let status = rows::choice(row, "status", PlanStatus::from_code)?.unwrap_or(PlanStatus::Draft);
    let approval = approval_from_row(row)?;
    let version = PlanVersion {
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        version: row.get("version")?,
        status,
        plan: Plan::default(),
        reason: row.get("reason")?,
        based_on: row.get("based_on")?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        approval,
        row_version: row.get("row_version")?,
    };
    Ok((version, row.get("body")?))
}

fn parsed((mut version, body): (PlanVersion, String)) -> Result<PlanVersion> {
    version.plan = serde_json::from_str(&body)?;
    Ok(version)
}

fn query_versions(
    conn: &rusqlite::Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<PlanVersion>> {
    let sql = format!("SELECT {COLUMNS} FROM plan_version WHERE {filter} ORDER BY version");
    let mut stmt = conn.prepare(&sql)?;
    let raw = stmt
        .query_map(params, version_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(parsed).collect()
}

fn read_version(conn: &rusqlite::Connection, id: i64) -> Result<PlanVersion> {
    query_versions(conn, "id = ?1", [id])?
        .pop()
        .ok_or_else(|| rows::not_found("plan", id))
}

/// The latest approved plan of an initiative, read inside a transaction or not.
pub(super) fn latest_approved(
    conn: &rusqlite::Connection,
    initiative_id: i64,
) -> Result<Option<PlanVersion>> {
    Ok(query_versions(
        conn,
        "initiative_id = ?1 AND status = 'approved'",
        [initiative_id],
    )?
    .pop())
}

/// The latest version, approved or not.
pub(super) fn latest_any(
    conn: &rusqlite::Connection,
    initiative_id: i64,
) -> Result<Option<PlanVersion>> {
    Ok(query_versions(conn, "initiative_id = ?1", [initiative_id])?.pop())
}

/// The plan as it is stored: texts trimmed, empty prerequisite and risk lines dropped.
fn normalised(plan: &Plan) -> Plan {
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

fn body(plan: &Plan) -> Result<String> {
    let text = serde_json::to_string(plan)?;
    if text.len() > MAX_PLAN_BYTES {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "benefits",
            "Planen är för stor för att sparas (högst 2 MB text). Korta ner de längsta texterna.",
        )]));
    }
    Ok(text)
}

/// What a stale save, approval or deletion says the other save did.
fn resaved() -> String {
    "utkastet har sparats på nytt".to_string()
}

impl Register {
    // ---- reading ----------------------------------------------------------------------

    /// Every version of the initiative's plan, oldest first.
    pub fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>> {
        initiative_code(self.conn(), initiative_id)?;
        query_versions(self.conn(), "initiative_id = ?1", [initiative_id])
    }

    /// One version by its id.
    pub fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        read_version(self.conn(), id)
    }

    /// The version statuses use: the latest approved one.
    pub fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        initiative_code(self.conn(), initiative_id)?;
        latest_approved(self.conn(), initiative_id)
    }

    /// The draft being worked on, if any (there is at most one).
    pub fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        Ok(self
            .plan_versions(initiative_id)?
            .into_iter()
            .find(|v| !v.is_approved()))
    }

    /// The history of every indicator's targets over the approved versions.
    pub fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>> {
        Ok(target_history(&self.plan_versions(initiative_id)?))
    }

    // ---- writing ----------------------------------------------------------------------

    /// Starts the initiative's plan: version 1, a draft. Refused when the initiative already
    /// has one (a change then is the draft, or a new version).
    pub fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let existing: i64 = tx.query_row(
                "SELECT count(*) FROM plan_version WHERE initiative_id = ?1",
                [initiative_id],
                |r| r.get(0),
            )?;
            KIND.refuse_second_start(&code, existing)?;
            let now = super::now();
            tx.execute(
                "INSERT INTO plan_version (initiative_id, version, status, body, created_by,
                    created_at, updated_at)
                 VALUES (?1, 1, 'draft', ?2, ?3, ?4, ?4)",
                params![initiative_id, text, author, now],
            )?;
            let after = read_version(tx, tx.last_insert_rowid())?;
            record::<(), _>(
                tx,
                author,
                Change {
                    action: "skapad",
                    entity: "plan_version",
                    entity_id: Some(after.id),
                    initiative_id: Some(initiative_id),
                    before: None,
                    after: Some(&after.plan),
                    reason: "",
                },
            )?;
            Ok(after)
        })
    }

    /// Saves the edited draft that started from `row_version`. Refused for an approved
    /// version and for a stale edit. An incomplete plan is saved; what stops approval is in
    /// [`PlanVersion::problems`].
    pub fn save_plan_draft(
        &mut self,
        id: i64,
        row_version: i64,
        plan: &Plan,
    ) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, resaved)?;
            if before.plan == plan {
                return Ok(before);
            }
            tx.execute(
                "UPDATE plan_version SET body = ?2, updated_at = ?3, row_version = row_version + 1
                 WHERE id = ?1",
                params![id, text, super::now()],
            )?;
            let after = read_version(tx, id)?;
            record(
                tx,
                author,
                Change {
                    action: "ändrad",
                    entity: "plan_version",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before.plan),
                    after: Some(&after.plan),
                    reason: &format!("Utkast version {}", before.version),
                },
            )?;
            Ok(after)
        })
    }

    /// Approves the draft that started from `row_version` and freezes it. Requires a plan
    /// without validation errors, the approver and the decision.
    pub fn approve_plan(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<PlanVersion> {
        let approval = trimmed(approval);
        rows::check_valid(approval.validate(KIND.definite))?;
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, resaved)?;
            let errors = before.plan.validate();
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors));
            }
            tx.execute(
                "UPDATE plan_version SET status = 'approved', approved_by = ?2, approved_at = ?3,
                    decision_ref = ?4, updated_at = ?5, row_version = row_version + 1
                 WHERE id = ?1",
                params![
                    id,
                    approval.approved_by,
                    date_to_text(Some(approval.approved_at)),
                    approval.decision_ref,
                    super::now()
                ],
            )?;
            let after = read_version(tx, id)?;
            record(
                tx,
                author,
                Change {
                    action: "godkänd",
                    entity: "plan_version",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: None::<&()>,
                    after: Some(&approval),
                    reason: &format!(
                        "Version {}. Beslut: {}",
                        before.version, approval.decision_ref
                    ),
                },
            )?;
            Ok(after)
        })
    }

    /// Starts a new draft version from the latest version, after a changed decision or new
    /// facts. `reason` is required. Refused while a draft exists (work on it instead).
    pub fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion> {
        let reason = KIND.reason(reason)?;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let versions = query_versions(tx, "initiative_id = ?1", [initiative_id])?;
            let latest = KIND.base_of_new_version(&code, &versions, state)?;
            let now = super::now();
            tx.execute(
                "INSERT INTO plan_version (initiative_id, version, status, body, reason, based_on,
                    created_by, created_at, updated_at)
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    initiative_id,
                    latest.version + 1,
                    serde_json::to_string(&latest.plan)?,
                    reason,
                    latest.version,
                    author,
                    now
                ],
            )?;
            let after = read_version(tx, tx.last_insert_rowid())?;
            record::<(), _>(
                tx,
                author,
                Change {
                    action: "ny version",
                    entity: "plan_version",
                    entity_id: Some(after.id),
                    initiative_id: Some(initiative_id),
                    before: None,
                    after: Some(&after.plan),
                    reason: &reason,
                },
            )?;
            Ok(after)
        })
    }

    /// Discards a draft that started from `row_version`. Approved versions are refused.
    pub fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, resaved)?;
            tx.execute("DELETE FROM plan_version WHERE id = ?1", [id])?;
            record::<_, ()>(
                tx,
                author,
                Change {
                    action: "borttagen",
                    entity: "plan_version",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before.plan),
                    after: None,
                    reason: &format!("Utkast version {}", before.version),
                },
            )?;
            Ok(())
        })
    }
}
