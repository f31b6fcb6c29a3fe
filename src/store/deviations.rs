//! Benefit deviations' notes (migration 0009): orsak, åtgärd, the decision asked for and the
//! closure of a checkpoint that is röd or saknas, saved whole with a row version and an audit
//! row. Whether a checkpoint deviates is the follow-up's to say, not the store's.
//!
//! The rules both stores share live here (`pub(in crate::store)`): the stale check naming the
//! fields, the audit row, the columns a note is stored as.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{check_valid, optional};
use super::{DeviationStore, Register};
use crate::model::deviation::{self, Closure, Decision, DeviationEdit, DeviationKey, DeviationNote};

pub(in crate::store) const COLUMNS: &str = "initiative_id, indicator_code, months_after_go_live, cause, action, \
     decision_requested, closure_kind, closure_reason, decision, decided_by, decision_date, decision_reference, closed_on, \
     updated_by, created_at, updated_at, row_version";

/// A note's closure as its columns: kind, reason, decision, decided by, date, reference.
pub(in crate::store) struct ClosureColumns<'a> {
    pub kind: Option<&'static str>,
    pub reason: &'a str,
    pub decision: &'a str,
    pub decided_by: &'a str,
    pub date: Option<NaiveDate>,
    pub reference: &'a str,
}

pub(in crate::store) fn closure_columns(closure: Option<&Closure>) -> ClosureColumns<'_> {
    match closure {
        None => ClosureColumns { kind: None, reason: "", decision: "", decided_by: "", date: None, reference: "" },
        Some(Closure::Reason { reason }) => {
            ClosureColumns { kind: Some("reason"), reason, decision: "", decided_by: "", date: None, reference: "" }
        }
        Some(Closure::Decision(d)) => ClosureColumns {
            kind: Some("decision"),
            reason: "",
            decision: &d.decision,
            decided_by: &d.decided_by,
            date: Some(d.date),
            reference: &d.reference,
        },
    }
}

/// The closure the columns hold; `None` for an unknown kind or a decision without a date
/// (which the table's checks do not let in).
pub(in crate::store) fn closure_from_columns(
    kind: Option<&str>,
    reason: String,
    decision: String,
    decided_by: String,
    date: Option<NaiveDate>,
    reference: String,
) -> Option<Closure> {
    match kind? {
        "reason" => Some(Closure::Reason { reason }),
        "decision" => Some(Closure::Decision(Decision { decision, decided_by, date: date?, reference })),
        _ => None,
    }
}

/// Whether a save that started from `row_version` (0: nothing written yet) changes anything.
/// When someone else saved the note in between, it is refused, naming the deviation and the
/// fields that differ from what this save would write.
pub(in crate::store) fn note_edit(
    initiative_code: &str,
    key: &DeviationKey,
    before: Option<&DeviationNote>,
    row_version: i64,
    edit: &DeviationEdit,
) -> Result<bool> {
    let stored_version = before.map_or(0, |n| n.row_version);
    if stored_version != row_version {
        let changes = match before {
            None => "anteckningen finns inte längre".to_string(),
            Some(stored) => {
                let fields = deviation::changed_fields(&stored.edit, edit);
                if fields.is_empty() { "sparad på nytt".to_string() } else { format!("ändrat: {}", fields.join(", ")) }
            }
        };
        return Err(StoreError::Stale { entity: describe_key(initiative_code, key), changes });
    }
    Ok(before.is_none_or(|b| b.edit != *edit))
}

/// "Avvikelsen för NKI vid 6 månader i NR-2025-001".
pub(in crate::store) fn describe_key(initiative_code: &str, key: &DeviationKey) -> String {
    format!(
        "Avvikelsen för {} vid {} månader i {initiative_code}",
        key.indicator_code, key.months_after_go_live
    )
}

/// The audit row of a saved note, about its initiative: "skapad", "ändrad", "stängd" or
/// "öppnad igen".
pub(in crate::store) fn note_saved<'a>(
    before: Option<&'a DeviationNote>,
    after: &'a DeviationNote,
) -> Change<'a, DeviationNote, DeviationNote> {
    let was_closed = before.is_some_and(|b| b.edit.closure.is_some());
    let action = match (before, was_closed, after.edit.closure.is_some()) {
        (_, false, true) => "stängd",
        (Some(_), true, false) => "öppnad igen",
        (None, _, _) => "skapad",
        _ => "ändrad",
    };
    Change {
        action,
        entity: "deviation_note",
        entity_id: None,
        initiative_id: Some(after.key.initiative_id),
        before,
        after: Some(after),
        reason: "",
    }
}

/// An edit as it is saved, checked (each problem names its field).
pub(in crate::store) fn prepared(key: &DeviationKey, edit: &DeviationEdit) -> Result<(DeviationKey, DeviationEdit)> {
    let key = DeviationKey { indicator_code: key.indicator_code.trim().to_string(), ..key.clone() };
    let edit = deviation::normalised(edit);
    check_valid(deviation::validate(&key, &edit))?;
    Ok((key, edit))
}

impl DeviationStore for Register {
    fn deviation_notes(&self, initiative_id: Option<i64>) -> Result<Vec<DeviationNote>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM deviation_note WHERE ?1 IS NULL OR initiative_id = ?1
             ORDER BY initiative_id, indicator_code, months_after_go_live"
        ))?;
        let notes = stmt.query_map(params![initiative_id], note_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(notes)
    }

    fn save_deviation_note(&mut self, key: &DeviationKey, row_version: i64, edit: &DeviationEdit) -> Result<DeviationNote> {
        let (key, edit) = prepared(key, edit)?;
        self.write(|tx, author| {
            let code: String = tx
                .query_row("SELECT code FROM initiative WHERE id = ?1", [key.initiative_id], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound { entity: "initiative", id: key.initiative_id })?;
            let before = read_note(tx, &key)?;
            if !note_edit(&code, &key, before.as_ref(), row_version, &edit)? {
                return Ok(before.expect("an unchanged note is stored"));
            }
            let c = closure_columns(edit.closure.as_ref());
            let now = super::now();
            tx.execute(
                &format!(
                    "INSERT INTO deviation_note ({COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, 1)
                     ON CONFLICT (initiative_id, indicator_code, months_after_go_live) DO UPDATE SET
                       cause = excluded.cause, action = excluded.action, decision_requested = excluded.decision_requested,
                       closure_kind = excluded.closure_kind, closure_reason = excluded.closure_reason,
                       decision = excluded.decision, decided_by = excluded.decided_by,
                       decision_date = excluded.decision_date, decision_reference = excluded.decision_reference,
                       closed_on = excluded.closed_on, updated_by = excluded.updated_by,
                       updated_at = excluded.updated_at, row_version = row_version + 1"
                ),
                params![
                    key.initiative_id,
                    key.indicator_code,
                    key.months_after_go_live,
                    edit.cause,
                    edit.action,
                    edit.decision_requested,
                    c.kind,
                    c.reason,
                    c.decision,
                    c.decided_by,
                    super::rows::date_to_text(c.date),
                    c.reference,
                    super::rows::date_to_text(edit.closed_on),
                    author,
                    now,
                ],
            )?;
            let after = read_note(tx, &key)?.expect("just written");
            record(tx, author, note_saved(before.as_ref(), &after))?;
            Ok(after)
        })
    }
}

fn read_note(conn: &Connection, key: &DeviationKey) -> Result<Option<DeviationNote>> {
    Ok(optional(conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM deviation_note
             WHERE initiative_id = ?1 AND indicator_code = ?2 AND months_after_go_live = ?3"
        ),
        params![key.initiative_id, key.indicator_code, key.months_after_go_live],
        note_from_row,
    ))?)
}

pub(super) fn note_from_row(row: &Row) -> rusqlite::Result<DeviationNote> {
    let kind: Option<String> = row.get("closure_kind")?;
    let closure = closure_from_columns(
        kind.as_deref(),
        row.get("closure_reason")?,
        row.get("decision")?,
        row.get("decided_by")?,
        super::rows::date(row, "decision_date")?,
        row.get("decision_reference")?,
    );
    Ok(DeviationNote {
        key: DeviationKey {
            initiative_id: row.get("initiative_id")?,
            indicator_code: row.get("indicator_code")?,
            months_after_go_live: row.get("months_after_go_live")?,
        },
        edit: DeviationEdit {
            cause: row.get("cause")?,
            action: row.get("action")?,
            decision_requested: row.get("decision_requested")?,
            closure,
            closed_on: super::rows::date(row, "closed_on")?,
        },
        updated_by: row.get("updated_by")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        row_version: row.get("row_version")?,
    })
}
