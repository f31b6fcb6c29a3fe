//! Harvest decisions (effekthemtagning, migration 0008) on the shared register, by the file
//! register's rules (`store::harvest`); row-level security lets the initiative's beställare
//! and administrators write them and its readers read them.

use chrono::NaiveDate;
use postgres::{GenericClient, Row};

use super::audit::record;
use super::register::{now, timestamp_text, PgRegister};
use super::values;
use crate::model::harvest::{HarvestDecision, HarvestFields, HarvestKind};
use crate::model::plan::Plan;
use crate::store::harvest::{added, changed, edit, removed, valid, with_plan_benefit, ENTITY};
use crate::store::interface::HarvestStore;
use crate::store::{Result, StoreError};

const COLUMNS: &str = "id, initiative_id, benefit, kind, amount, redeployed_to, reason, from_date, decided_by, decided_on,
     decision_ref, carried_out_on, comment, row_version, created_by, created_at, updated_at";

impl HarvestStore for PgRegister {
    /// By benefit name byte by byte, as the file register sorts them.
    fn harvest_decisions(&self, initiative_id: i64) -> Result<Vec<HarvestDecision>> {
        let rows = self.client().query(
            &format!("SELECT {COLUMNS} FROM harvest_decision WHERE initiative_id = $1 ORDER BY benefit COLLATE \"C\", id"),
            &[&initiative_id],
        )?;
        rows.iter().map(decision_from_row).collect()
    }

    fn all_harvest_decisions(&self) -> Result<Vec<HarvestDecision>> {
        let rows = self.client().query(
            &format!("SELECT {COLUMNS} FROM harvest_decision ORDER BY initiative_id, benefit COLLATE \"C\", id"),
            &[],
        )?;
        rows.iter().map(decision_from_row).collect()
    }

    fn add_harvest_decision(&mut self, initiative_id: i64, fields: &HarvestFields) -> Result<HarvestDecision> {
        let fields = valid(fields)?;
        self.write(|tx, author| {
            let plan = approved_plan(tx, initiative_id)?;
            let fields = with_plan_benefit(fields.clone(), plan.as_ref(), None)?;
            let at = now();
            let row = tx.query_one(
                "INSERT INTO harvest_decision (initiative_id, benefit, kind, amount, redeployed_to, reason, from_date,
                     decided_by, decided_on, decision_ref, carried_out_on, comment, row_version, created_by, created_at,
                     updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14)
                 RETURNING id",
                &[
                    &initiative_id,
                    &fields.benefit,
                    &fields.kind.code(),
                    &fields.amount,
                    &fields.redeployed_to,
                    &fields.reason,
                    &fields.from_date,
                    &fields.decided_by,
                    &fields.decided_on,
                    &fields.decision_ref,
                    &fields.carried_out_on,
                    &fields.comment,
                    &author,
                    &at,
                ],
            )?;
            let after = read(tx, row.get(0))?;
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
                "UPDATE harvest_decision SET benefit = $2, kind = $3, amount = $4, redeployed_to = $5, reason = $6,
                     from_date = $7, decided_by = $8, decided_on = $9, decision_ref = $10, carried_out_on = $11,
                     comment = $12, row_version = row_version + 1, updated_at = $13
                 WHERE id = $1",
                &[
                    &id,
                    &fields.benefit,
                    &fields.kind.code(),
                    &fields.amount,
                    &fields.redeployed_to,
                    &fields.reason,
                    &fields.from_date,
                    &fields.decided_by,
                    &fields.decided_on,
                    &fields.decision_ref,
                    &fields.carried_out_on,
                    &fields.comment,
                    &now(),
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
            // A stale removal is refused as a stale edit is.
            edit(&before, row_version, &before.fields)?;
            tx.execute("DELETE FROM harvest_decision WHERE id = $1", &[&id])?;
            record(tx, author, removed(&before))?;
            Ok(())
        })
    }
}

fn approved_plan(client: &mut impl GenericClient, initiative_id: i64) -> Result<Option<Plan>> {
    if client.query_opt("SELECT id FROM initiative WHERE id = $1", &[&initiative_id])?.is_none() {
        return Err(StoreError::NotFound { entity: "insats", id: initiative_id });
    }
    let row = client.query_opt(
        "SELECT body FROM plan_version WHERE initiative_id = $1 AND status = 'approved' ORDER BY version DESC LIMIT 1",
        &[&initiative_id],
    )?;
    row.as_ref().map(|r| values::json(r, "body")).transpose()
}

fn read(client: &mut impl GenericClient, id: i64) -> Result<HarvestDecision> {
    let row = client.query_opt(&format!("SELECT {COLUMNS} FROM harvest_decision WHERE id = $1"), &[&id])?;
    row.as_ref().map(decision_from_row).transpose()?.ok_or(StoreError::NotFound { entity: ENTITY, id })
}

pub(super) fn decision_from_row(row: &Row) -> Result<HarvestDecision> {
    Ok(HarvestDecision {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        fields: HarvestFields {
            benefit: row.try_get("benefit")?,
            kind: values::required_choice(row, "kind", HarvestKind::from_code)?,
            amount: values::required_decimal(row, "amount")?,
            redeployed_to: row.try_get("redeployed_to")?,
            reason: row.try_get("reason")?,
            from_date: row.try_get::<_, NaiveDate>("from_date")?,
            decided_by: row.try_get("decided_by")?,
            decided_on: row.try_get::<_, NaiveDate>("decided_on")?,
            decision_ref: row.try_get("decision_ref")?,
            carried_out_on: row.try_get::<_, Option<NaiveDate>>("carried_out_on")?,
            comment: row.try_get("comment")?,
        },
        row_version: row.try_get("row_version")?,
        created_by: row.try_get("created_by")?,
        created_at: timestamp_text(row.try_get("created_at")?),
        updated_at: timestamp_text(row.try_get("updated_at")?),
    })
}
