//! The audit log: every change, who made it, when, and the values before and after.

use rusqlite::Transaction;
use serde::Serialize;

use super::error::Result;
use super::{Register, AuditLog};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub author: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub initiative_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: String,
}

/// What one audit row records; `before`/`after` are serialised as JSON.
pub(crate) struct Change<'a, B: Serialize, A: Serialize> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub initiative_id: Option<i64>,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
    pub reason: &'a str,
}

pub(crate) fn record<B: Serialize, A: Serialize>(tx: &Transaction, author: &str, change: Change<B, A>) -> Result<()> {
    let before = change.before.map(serde_json::to_string).transpose()?;
    let after = change.after.map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![
            super::now(),
            author,
            change.action,
            change.entity,
            change.entity_id,
            change.initiative_id,
            before,
            after,
            change.reason
        ],
    )?;
    Ok(())
}

impl AuditLog for Register {
    /// The log for one initiative (or the whole register with `None`), newest first.
    fn audit_log(&self, initiative_id: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, author, action, entity, entity_id, initiative_id, before, after, reason
             FROM audit_log WHERE (?1 IS NULL OR initiative_id = ?1) ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![initiative_id, limit as i64], |row| {
            let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
            Ok(AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                author: row.get(2)?,
                action: row.get(3)?,
                entity: row.get(4)?,
                entity_id: row.get(5)?,
                initiative_id: row.get(6)?,
                before: parse(row.get(7)?),
                after: parse(row.get(8)?),
                reason: row.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
