//! The shared register's audit log: every change in the same transaction as its rows, with
//! the name the app shows (`author`) and the database's session user (`db_user`, set by the
//! server itself: who made the change, whatever name was typed).

use postgres::Transaction;
use serde::Serialize;

use super::register::{now, timestamp_text, PgRegister};
use crate::store::audit::{AuditEntry, Change};
use crate::store::{AuditLog, Result};

pub(crate) fn record<B: Serialize, A: Serialize>(tx: &mut Transaction<'_>, author: &str, change: Change<B, A>) -> Result<()> {
    let before = change.before.map(serde_json::to_string).transpose()?;
    let after = change.after.map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&now(), &author, &change.action, &change.entity, &change.entity_id, &change.initiative_id, &before, &after, &change.reason],
    )?;
    Ok(())
}

impl AuditLog for PgRegister {
    /// The log for one initiative (or all the user may see with `None`), newest first.
    fn audit_log(&self, initiative_id: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>> {
        let rows = self.client().query(
            "SELECT id, at, author, action, entity, entity_id, initiative_id, before, after, reason
             FROM audit_log WHERE ($1::bigint IS NULL OR initiative_id = $1) ORDER BY id DESC LIMIT $2",
            &[&initiative_id, &(limit as i64)],
        )?;
        let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        Ok(rows
            .iter()
            .map(|row| AuditEntry {
                id: row.get("id"),
                at: timestamp_text(row.get("at")),
                author: row.get("author"),
                action: row.get("action"),
                entity: row.get("entity"),
                entity_id: row.get("entity_id"),
                initiative_id: row.get("initiative_id"),
                before: parse(row.get("before")),
                after: parse(row.get("after")),
                reason: row.get("reason"),
            })
            .collect())
    }
}
