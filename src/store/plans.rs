//! Nyttorealiseringsplaner: the versioned benefit-realisation plan of each initiative.
//!
//! Versions work exactly as for the calculation (`calculations.rs`): version 1 starts as a
//! draft; approval freezes a version (refused here before any SQL is sent, and again by the
//! triggers of migration 0003 should anyone write to the file directly); a change after
//! approval is a new draft copied from the latest version, with a required reason. Statuses
//! use the latest approved version, and the history of every target is derived from the
//! approved versions ([`target_history`]).
//!
//! Unlike a calculation, a plan draft may be saved while incomplete: a plan is written over
//! several sittings. What still stops approval is returned with the draft
//! ([`PlanVersion::problems`]) and enforced by [`Register::approve_plan`].

use chrono::NaiveDate;
use rusqlite::{params, Row};
use rust_decimal::Decimal;
use serde::Serialize;

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, date_to_text};
use super::versions::{initiative_code, DocumentKind, VersionState};
use super::Register;
use crate::model::plan::{Plan, Target};
use crate::model::FieldError;

pub use super::versions::{Approval, VersionStatus};

/// The sentence every refused change of an approved plan gets: from the store and, word for
/// word, from the schema's trigger.
pub const PLAN_FROZEN_MESSAGE: &str =
    "En godkänd plan kan inte ändras. Skapa en ny version med ett skäl.";

/// Draft (editable) or approved (frozen): the status every versioned document has.
pub type PlanStatus = VersionStatus;

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

/// One version of an initiative's plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanVersion {
    pub id: i64,
    pub initiative_id: i64,
    /// 1, 2, … per initiative.
    pub version: u32,
    pub status: PlanStatus,
    pub plan: Plan,
    /// Why this version exists; required from version 2.
    pub reason: String,
    /// The version this one was copied from.
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approval: Option<Approval>,
    pub row_version: i64,
}

impl PlanVersion {
    pub fn is_approved(&self) -> bool {
        self.status == PlanStatus::Approved
    }

    /// What stops this version from being approved (empty when approved or complete).
    pub fn problems(&self) -> Vec<FieldError> {
        if self.is_approved() {
            Vec::new()
        } else {
            self.plan.validate()
        }
    }

    /// "version 2, godkänd 2026-03-12 av Digitaliseringsrådet (DR 2026-03-12 §4)" or
    /// "version 3, utkast – inte godkänd".
    pub fn describe(&self) -> String {
        Approval::describe(
            self.approval.as_ref().filter(|_| self.is_approved()),
            self.version,
        )
    }

    /// For an approved version, the notice the window shows above it.
    pub fn frozen_notice(&self) -> Option<String> {
        let a = self.approval.as_ref().filter(|_| self.is_approved())?;
        Some(a.frozen_notice(&format!("Version {} av planen", self.version)))
    }
    fn state(&self) -> VersionState {
        VersionState {
            version: self.version,
            approved: self.is_approved(),
            row_version: self.row_version,
        }
    }
}

const COLUMNS: &str = "id, initiative_id, version, status, body, reason, based_on, created_by,
    created_at, updated_at, approved_by, approved_at, decision_ref, row_version";

fn version_from_row(row: &Row) -> rusqlite::Result<(PlanVersion, String)> {
    let status = rows::choice(row, "status", PlanStatus::from_code)?.unwrap_or(PlanStatus::Draft);
    let approval = Approval::from_row(row)?;
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

/// A monetised benefit line of the initiative's current calculation, for linking a benefit
/// to the line it realises.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalcLineOption {
    pub key: String,
    pub description: String,
    /// Likely annual value in kronor; `None` when it cannot be computed yet.
    pub annual_value: Option<Decimal>,
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

    /// The monetised benefit lines of the initiative's current calculation (the latest
    /// approved version, else the draft), with their likely annual values.
    pub fn calculation_line_options(&self, initiative_id: i64) -> Result<Vec<CalcLineOption>> {
        use crate::model::calculation::{Level, LineKind};
        let Some(version) = self.current_calculation(initiative_id)? else {
            return Ok(Vec::new());
        };
        let factors = self.factors_for(&version)?;
        let settings = &version.calculation.settings;
        Ok(version
            .calculation
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Nytta && l.value.is_monetised())
            .map(|l| CalcLineOption {
                key: l.key.clone(),
                description: l.description.clone(),
                annual_value: crate::calc::annual_value(l, Level::Likely, settings, &factors)
                    .ok()
                    .flatten(),
            })
            .collect())
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
            KIND.check_editable(&before.state(), row_version, resaved)?;
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
        let approval = approval.trimmed();
        rows::check_valid(approval.validate(KIND.definite))?;
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&before.state(), row_version, resaved)?;
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
            let latest = KIND.base_of_new_version(&code, &versions, PlanVersion::state)?;
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
            KIND.check_editable(&before.state(), row_version, resaved)?;
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

// ---- the history of targets -------------------------------------------------------------

/// One approved version's targets for one indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetHistoryEntry {
    pub version: u32,
    pub approval: Approval,
    /// Why the version exists (empty for version 1).
    pub reason: String,
    pub baseline: Option<Decimal>,
    /// Ordered by months after go-live.
    pub targets: Vec<Target>,
    /// True when the baseline or a target differs from the previous approved version that
    /// had this indicator (false for the first).
    pub changed: bool,
}

/// Every approved version's targets for one indicator, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorTargetHistory {
    pub code: String,
    /// Name and unit as in the latest approved version that has the indicator.
    pub name: String,
    pub unit: String,
    pub entries: Vec<TargetHistoryEntry>,
}

impl IndicatorTargetHistory {
    /// The first approved target at a checkpoint: from the earliest approved version that
    /// had a target there.
    pub fn first_target(&self, months_after_go_live: u32) -> Option<Decimal> {
        self.entries.iter().find_map(|e| {
            e.targets
                .iter()
                .find(|t| t.months_after_go_live == months_after_go_live)
                .map(|t| t.value)
        })
    }

    /// The target at a checkpoint in the latest approved version.
    pub fn current_target(&self, months_after_go_live: u32) -> Option<Decimal> {
        self.entries.last().and_then(|e| {
            e.targets
                .iter()
                .find(|t| t.months_after_go_live == months_after_go_live)
                .map(|t| t.value)
        })
    }

    /// True when any target or the baseline changed after the first approval.
    pub fn changed(&self) -> bool {
        self.entries.iter().any(|e| e.changed)
    }
}

/// The history of every indicator's targets over the approved versions in `versions` (drafts
/// are ignored), in the order the indicators appear in the latest approved version, then any
/// that were dropped. Pure: usable on versions read by any means.
pub fn target_history(versions: &[PlanVersion]) -> Vec<IndicatorTargetHistory> {
    let mut approved: Vec<&PlanVersion> = versions.iter().filter(|v| v.is_approved()).collect();
    approved.sort_by_key(|v| v.version);
    let mut order: Vec<String> = Vec::new();
    if let Some(latest) = approved.last() {
        order.extend(latest.plan.indicators().map(|(_, i)| i.code.clone()));
    }
    for v in approved.iter().rev() {
        for (_, i) in v.plan.indicators() {
            if !order.contains(&i.code) {
                order.push(i.code.clone());
            }
        }
    }
    order
        .into_iter()
        .map(|code| {
            let mut entries: Vec<TargetHistoryEntry> = Vec::new();
            let mut name = String::new();
            let mut unit = String::new();
            for v in &approved {
                let Some(indicator) = v.plan.indicator(&code) else {
                    continue;
                };
                name = indicator.name.clone();
                unit = indicator.unit.clone();
                let targets: Vec<Target> =
                    indicator.sorted_targets().into_iter().cloned().collect();
                let baseline = indicator.baseline.as_ref().map(|b| b.value);
                let changed = entries
                    .last()
                    .is_some_and(|prev| prev.targets != targets || prev.baseline != baseline);
                entries.push(TargetHistoryEntry {
                    version: v.version,
                    approval: v.approval.clone().unwrap_or(Approval {
                        approved_by: String::new(),
                        approved_at: NaiveDate::MIN,
                        decision_ref: String::new(),
                    }),
                    reason: v.reason.clone(),
                    baseline,
                    targets,
                    changed,
                });
            }
            IndicatorTargetHistory {
                code,
                name,
                unit,
                entries,
            }
        })
        .collect()
}
