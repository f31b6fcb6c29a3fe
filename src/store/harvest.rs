//! Harvest decisions (effekthemtagning, migration 0008): read per initiative or all at once,
//! added, edited with their row version and removed, each change one transaction with its
//! audit row. The rules both stores share are here, `pub(in crate::store)`: which benefit a
//! decision may name, the stale check, the audit rows.

use rusqlite::{params, Connection, Row};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid, decimal_to_text, optional};
use super::{HarvestStore, Register};
use crate::model::harvest::{HarvestDecision, HarvestFields, HarvestKind};
use crate::model::plan::Plan;
use crate::model::FieldError;

const COLUMNS: &str = "id, initiative_id, benefit, kind, amount, redeployed_to, reason, from_date, decided_by, decided_on,
     decision_ref, carried_out_on, comment, row_version, created_by, created_at, updated_at";

/// The entity word of a missing decision: "Det finns ingen effekthemtagning med id 5".
pub(in crate::store) const ENTITY: &str = "effekthemtagning";

impl HarvestStore for Register {
    fn harvest_decisions(&self, initiative_id: i64) -> Result<Vec<HarvestDecision>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM harvest_decision WHERE initiative_id = ?1 ORDER BY benefit, id"
        ))?;
        let rows = stmt.query_map([initiative_id], decision_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn all_harvest_decisions(&self) -> Result<Vec<HarvestDecision>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLUMNS} FROM harvest_decision ORDER BY initiative_id, benefit, id"))?;
        let rows = stmt.query_map([], decision_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn add_harvest_decision(&mut self, initiative_id: i64, fields: &HarvestFields) -> Result<HarvestDecision> {
        let fields = valid(fields)?;
        self.write(|tx, author| {
            let plan = approved_plan(tx, initiative_id)?;
            let fields = with_plan_benefit(fields.clone(), plan.as_ref(), None)?;
            let now = super::now();
            tx.execute(
                "INSERT INTO harvest_decision (initiative_id, benefit, kind, amount, redeployed_to, reason, from_date,
                     decided_by, decided_on, decision_ref, carried_out_on, comment, row_version, created_by, created_at,
                     updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?14)",
                params![
                    initiative_id,
                    fields.benefit,
                    fields.kind.code(),
                    decimal_to_text(Some(fields.amount)),
                    fields.redeployed_to,
                    fields.reason,
                    rows::date_to_text(Some(fields.from_date)),
                    fields.decided_by,
                    rows::date_to_text(Some(fields.decided_on)),
                    fields.decision_ref,
                    rows::date_to_text(fields.carried_out_on),
                    fields.comment,
                    author,
                    now
                ],
            )?;
            let after = read(tx, tx.last_insert_rowid())?;
            record(tx, author, added(&after))?;
            Ok(after)
        })
    }

    fn save_harvest_decision(&mut self, id: i64, row_version: i64, fields: &HarvestFields) -> Result<HarvestDecision> {
        let fields = valid(fields)?;
        self.write(|tx, author| {
            let before = read(tx, id)?;
            if !edit(&before, row_version, &fields)? {
                return Ok(before);
            }
            let plan = approved_plan(tx, before.initiative_id)?;
            let fields = with_plan_benefit(fields.clone(), plan.as_ref(), Some(&before))?;
            tx.execute(
                "UPDATE harvest_decision SET benefit = ?2, kind = ?3, amount = ?4, redeployed_to = ?5, reason = ?6,
                     from_date = ?7, decided_by = ?8, decided_on = ?9, decision_ref = ?10, carried_out_on = ?11,
                     comment = ?12, row_version = row_version + 1, updated_at = ?13
                 WHERE id = ?1",
                params![
                    id,
                    fields.benefit,
                    fields.kind.code(),
                    decimal_to_text(Some(fields.amount)),
                    fields.redeployed_to,
                    fields.reason,
                    rows::date_to_text(Some(fields.from_date)),
                    fields.decided_by,
                    rows::date_to_text(Some(fields.decided_on)),
                    fields.decision_ref,
                    rows::date_to_text(fields.carried_out_on),
                    fields.comment,
                    super::now()
                ],
            )?;
            let after = read(tx, id)?;
            record(tx, author, changed(&before, &after))?;
            Ok(after)
        })
    }

    fn delete_harvest_decision(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| {
            let before = read(tx, id)?;
            check_version(&before, row_version, "beslutet är ändrat")?;
            tx.execute("DELETE FROM harvest_decision WHERE id = ?1", [id])?;
            record(tx, author, removed(&before))?;
            Ok(())
        })
    }
}

/// The fields as stored (trimmed), or their field errors.
pub(in crate::store) fn valid(fields: &HarvestFields) -> Result<HarvestFields> {
    let fields = fields.normalised();
    check_valid(fields.validate())?;
    Ok(fields)
}

/// The fields with the benefit spelt as the plan spells it. A new decision (`before` none) or
/// one whose benefit is renamed must name a benefit of the latest approved plan; an edit that
/// keeps its benefit keeps it even when the plan no longer has it (model::harvest says why).
pub(in crate::store) fn with_plan_benefit(
    mut fields: HarvestFields,
    plan: Option<&Plan>,
    before: Option<&HarvestDecision>,
) -> Result<HarvestFields> {
    if before.is_some_and(|b| b.fields.benefit == fields.benefit) {
        return Ok(fields);
    }
    let Some(plan) = plan else {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "benefit",
            "Nytta: insatsen har ingen godkänd nyttorealiseringsplan; ett beslut om effekthemtagning gäller en nytta i den.",
        )]));
    };
    let wanted = fields.benefit.to_lowercase();
    match plan.benefits.iter().find(|b| b.name.trim().to_lowercase() == wanted) {
        Some(benefit) => {
            fields.benefit = benefit.name.trim().to_string();
            Ok(fields)
        }
        None => Err(StoreError::Invalid(vec![FieldError::new(
            "benefit",
            format!("Nytta: den godkända planen har ingen nytta som heter \u{201d}{}\u{201d}.", fields.benefit),
        )])),
    }
}

/// Whether an edit that started from `row_version` changes anything; a stale one is refused,
/// naming the decision and what differs.
pub(in crate::store) fn edit(before: &HarvestDecision, row_version: i64, fields: &HarvestFields) -> Result<bool> {
    check_version(before, row_version, &differences(&before.fields, fields))?;
    Ok(before.fields != *fields)
}

fn check_version(before: &HarvestDecision, row_version: i64, changes: &str) -> Result<()> {
    if before.row_version != row_version {
        return Err(StoreError::Stale {
            entity: format!(
                "Beslutet om effekthemtagning för nyttan \u{201d}{}\u{201d} ({}, {})",
                before.fields.benefit,
                before.fields.kind.label().to_lowercase(),
                before.fields.decided_on
            ),
            changes: changes.to_string(),
        });
    }
    Ok(())
}

fn differences(stored: &HarvestFields, attempted: &HarvestFields) -> String {
    let mut changed = Vec::new();
    let mut differ = |differs: bool, word: &'static str| {
        if differs {
            changed.push(word);
        }
    };
    differ(stored.benefit != attempted.benefit, "nytta");
    differ(stored.kind != attempted.kind, "typ");
    differ(stored.amount != attempted.amount, "belopp");
    differ(stored.redeployed_to != attempted.redeployed_to, "till");
    differ(stored.reason != attempted.reason, "skäl");
    differ(stored.from_date != attempted.from_date, "från");
    differ(stored.decided_by != attempted.decided_by, "beslutat av");
    differ(stored.decided_on != attempted.decided_on, "beslutsdatum");
    differ(stored.decision_ref != attempted.decision_ref, "diarienummer");
    differ(stored.carried_out_on != attempted.carried_out_on, "genomförd");
    differ(stored.comment != attempted.comment, "kommentar");
    if changed.is_empty() {
        "beslutet är ändrat".into()
    } else {
        format!("fält som skiljer sig från ditt: {}", changed.join(", "))
    }
}

pub(in crate::store) fn added(after: &HarvestDecision) -> Change<'_, HarvestDecision, HarvestDecision> {
    Change {
        action: "skapad",
        entity: "harvest_decision",
        entity_id: Some(after.id),
        initiative_id: Some(after.initiative_id),
        before: None,
        after: Some(after),
        reason: "",
    }
}

pub(in crate::store) fn changed<'a>(
    before: &'a HarvestDecision,
    after: &'a HarvestDecision,
) -> Change<'a, HarvestDecision, HarvestDecision> {
    let carried_out = before.fields.carried_out_on.is_none() && after.fields.carried_out_on.is_some();
    Change {
        action: if carried_out { "genomförd" } else { "ändrad" },
        entity: "harvest_decision",
        entity_id: Some(after.id),
        initiative_id: Some(after.initiative_id),
        before: Some(before),
        after: Some(after),
        reason: "",
    }
}

pub(in crate::store) fn removed(before: &HarvestDecision) -> Change<'_, HarvestDecision, HarvestDecision> {
    Change {
        action: "borttagen",
        entity: "harvest_decision",
        entity_id: Some(before.id),
        initiative_id: Some(before.initiative_id),
        before: Some(before),
        after: None,
        reason: "",
    }
}

/// The latest approved plan of an initiative (none: not yet approved); a missing initiative
/// is said as one.
fn approved_plan(conn: &Connection, initiative_id: i64) -> Result<Option<Plan>> {
    let exists: Option<i64> =
        optional(conn.query_row("SELECT id FROM initiative WHERE id = ?1", [initiative_id], |r| r.get(0)))?;
    if exists.is_none() {
        return Err(rows::not_found("insats", initiative_id));
    }
    let body: Option<String> = optional(conn.query_row(
        "SELECT body FROM plan_version WHERE initiative_id = ?1 AND status = 'approved' ORDER BY version DESC LIMIT 1",
        [initiative_id],
        |r| r.get(0),
    ))?;
    body.map(|b| serde_json::from_str(&b).map_err(StoreError::InternalData)).transpose()
}

fn read(conn: &Connection, id: i64) -> Result<HarvestDecision> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM harvest_decision WHERE id = ?1"), [id], decision_from_row))?
        .ok_or_else(|| rows::not_found(ENTITY, id))
}

pub(super) fn decision_from_row(row: &Row) -> rusqlite::Result<HarvestDecision> {
    Ok(HarvestDecision {
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        fields: HarvestFields {
            benefit: row.get("benefit")?,
            kind: rows::choice(row, "kind", HarvestKind::from_code)?.unwrap_or(HarvestKind::EjHemtagen),
            amount: rows::decimal(row, "amount")?.unwrap_or_default(),
            redeployed_to: row.get("redeployed_to")?,
            reason: row.get("reason")?,
            from_date: rows::required_date(row, "from_date")?,
            decided_by: row.get("decided_by")?,
            decided_on: rows::required_date(row, "decided_on")?,
            decision_ref: row.get("decision_ref")?,
            carried_out_on: rows::date(row, "carried_out_on")?,
            comment: row.get("comment")?,
        },
        row_version: row.get("row_version")?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}
