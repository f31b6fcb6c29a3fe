//! Benefit deviations' notes (migration 0009) on the shared register: saved whole with a row
//! version and an audit row, by the file register's rules (`store::deviations`).

use postgres::{GenericClient, Row};

use super::audit::record;
use super::register::{now, timestamp_text, PgRegister};
use crate::model::deviation::{DeviationEdit, DeviationKey, DeviationNote};
use crate::store::deviations::{closure_columns, closure_from_columns, note_edit, note_saved, prepared, COLUMNS};
use crate::store::interface::DeviationStore;
use crate::store::{Result, StoreError};

impl DeviationStore for PgRegister {
    /// In key order, the indicator codes byte by byte as the file register sorts them.
    fn deviation_notes(&self, initiative_id: Option<i64>) -> Result<Vec<DeviationNote>> {
        let rows = self.client().query(
            &format!(
                "SELECT {COLUMNS} FROM deviation_note WHERE $1::bigint IS NULL OR initiative_id = $1
                 ORDER BY initiative_id, indicator_code COLLATE \"C\", months_after_go_live"
            ),
            &[&initiative_id],
        )?;
        rows.iter().map(note_from_row).collect()
    }

    fn save_deviation_note(&mut self, key: &DeviationKey, row_version: i64, edit: &DeviationEdit) -> Result<DeviationNote> {
        let (key, edit) = prepared(key, edit)?;
        self.write(|tx, author| {
            let code: String = tx
                .query_opt("SELECT code FROM initiative WHERE id = $1", &[&key.initiative_id])?
                .map(|r| r.get(0))
                .ok_or(StoreError::NotFound { entity: "initiative", id: key.initiative_id })?;
            let before = read_note(tx, &key)?;
            if !note_edit(&code, &key, before.as_ref(), row_version, &edit)? {
                return Ok(before.expect("an unchanged note is stored"));
            }
            let c = closure_columns(edit.closure.as_ref());
            let months = key.months_after_go_live as i32;
            tx.execute(
                &format!(
                    "INSERT INTO deviation_note ({COLUMNS})
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, 1)
                     ON CONFLICT (initiative_id, indicator_code, months_after_go_live) DO UPDATE SET
                       cause = excluded.cause, action = excluded.action, decision_requested = excluded.decision_requested,
                       closure_kind = excluded.closure_kind, closure_reason = excluded.closure_reason,
                       decision = excluded.decision, decided_by = excluded.decided_by,
                       decision_date = excluded.decision_date, decision_reference = excluded.decision_reference,
                       closed_on = excluded.closed_on, updated_by = excluded.updated_by,
                       updated_at = excluded.updated_at, row_version = deviation_note.row_version + 1"
                ),
                &[
                    &key.initiative_id,
                    &key.indicator_code,
                    &months,
                    &edit.cause,
                    &edit.action,
                    &edit.decision_requested,
                    &c.kind,
                    &c.reason,
                    &c.decision,
                    &c.decided_by,
                    &c.date,
                    &c.reference,
                    &edit.closed_on,
                    &author,
                    &now(),
                ],
            )?;
            let after = read_note(tx, &key)?.expect("just written");
            record(tx, author, note_saved(before.as_ref(), &after))?;
            Ok(after)
        })
    }
}

fn read_note(client: &mut impl GenericClient, key: &DeviationKey) -> Result<Option<DeviationNote>> {
    let months = key.months_after_go_live as i32;
    let row = client.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM deviation_note
             WHERE initiative_id = $1 AND indicator_code = $2 AND months_after_go_live = $3"
        ),
        &[&key.initiative_id, &key.indicator_code, &months],
    )?;
    row.as_ref().map(note_from_row).transpose()
}

pub(super) fn note_from_row(row: &Row) -> Result<DeviationNote> {
    let kind: Option<String> = row.try_get("closure_kind")?;
    let months: i32 = row.try_get("months_after_go_live")?;
    Ok(DeviationNote {
        key: DeviationKey {
            initiative_id: row.try_get("initiative_id")?,
            indicator_code: row.try_get("indicator_code")?,
            months_after_go_live: months as u32,
        },
        edit: DeviationEdit {
            cause: row.try_get("cause")?,
            action: row.try_get("action")?,
            decision_requested: row.try_get("decision_requested")?,
            closure: closure_from_columns(
                kind.as_deref(),
                row.try_get("closure_reason")?,
                row.try_get("decision")?,
                row.try_get("decided_by")?,
                row.try_get("decision_date")?,
                row.try_get("decision_reference")?,
            ),
            closed_on: row.try_get("closed_on")?,
        },
        updated_by: row.try_get("updated_by")?,
        created_at: timestamp_text(row.try_get("created_at")?),
        updated_at: timestamp_text(row.try_get("updated_at")?),
        row_version: row.try_get("row_version")?,
    })
}
