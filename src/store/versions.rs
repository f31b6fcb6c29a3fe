//! What calculation versions (`calculations.rs`) and plan versions (`plans.rs`) share: both
//! are a document of an initiative kept as numbered versions, a draft is edited as a whole,
//! approval freezes a version, and a change after approval is a new draft with a reason.
//!
//! The rules live here once — the status, the approval and its checks, the refusals of a
//! frozen or stale version, the reason for a new version and which version a new one starts
//! from — and each document kind supplies its words through [`DocumentKind`].

use rusqlite::{OptionalExtension, Row};

use super::error::{Result, StoreError};
use super::rows;
use crate::model::{limits, Approval, FieldError};

/// The approval as it is stored: texts trimmed.
pub(super) fn trimmed(approval: &Approval) -> Approval {
    Approval {
        approved_by: approval.approved_by.trim().to_string(),
        approved_at: approval.approved_at,
        decision_ref: approval.decision_ref.trim().to_string(),
    }
}

/// The approval columns (`approved_by`, `approved_at`, `decision_ref`) of a version row;
/// `None` for a version that was never approved.
pub(super) fn approval_from_row(row: &Row) -> rusqlite::Result<Option<Approval>> {
    let Some(approved_at) = rows::date(row, "approved_at")? else {
        return Ok(None);
    };
    Ok(Some(Approval {
        approved_by: row.get::<_, Option<String>>("approved_by")?.unwrap_or_default(),
        approved_at,
        decision_ref: row.get::<_, Option<String>>("decision_ref")?.unwrap_or_default(),
    }))
}

/// The words of one versioned document kind, for the messages the rules give.
pub(super) struct DocumentKind {
    /// "nyttokalkyl", "nyttorealiseringsplan".
    pub name: &'static str,
    /// "kalkylen", "planen".
    pub definite: &'static str,
    /// "Kalkylen", "Planen": how a stale version is named ("Planen (version 2)").
    pub title: &'static str,
    /// The sentence every change of an approved version is refused with.
    pub frozen_message: &'static str,
    /// What typically makes a new version, for the reason's help: "nya uppgifter".
    pub reason_example: &'static str,
}

/// The identity and state of one stored version, whichever its kind.
pub(super) struct VersionState {
    pub version: u32,
    pub approved: bool,
    pub row_version: i64,
}

impl DocumentKind {
    /// Refuses a change of `current` unless it is a draft still at `expected_row_version`
    /// (the one the user started editing). `changes` says what the other save changed.
    pub fn check_editable(
        &self,
        current: &VersionState,
        expected_row_version: i64,
        changes: impl FnOnce() -> String,
    ) -> Result<()> {
        if current.approved {
            return Err(StoreError::Refused(self.frozen_message.to_string()));
        }
        if current.row_version != expected_row_version {
            return Err(StoreError::Stale {
                entity: format!("{} (version {})", self.title, current.version),
                changes: changes(),
            });
        }
        Ok(())
    }

    /// Refuses to start a document an initiative already has.
    pub fn refuse_second_start(&self, code: &str, existing_versions: i64) -> Result<()> {
        if existing_versions > 0 {
            return Err(StoreError::Refused(format!(
                "Insatsen {code} har redan en {}. Ändra utkastet, eller skapa en ny version med \
                 ett skäl om {} är godkänd.",
                self.name, self.definite
            )));
        }
        Ok(())
    }

    /// The trimmed reason for a new version, or the field error saying what is missing.
    pub fn reason(&self, reason: &str) -> Result<String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "reason",
                format!(
                    "Skäl: ange varför {} ändras, till exempel ett nytt beslut eller {}.",
                    self.definite, self.reason_example
                ),
            )]));
        }
        if let Some(error) = limits::check("reason", "Skäl", reason, limits::LONG_TEXT) {
            return Err(StoreError::Invalid(vec![error]));
        }
        Ok(reason.to_string())
    }

    /// Which of `versions` (oldest first) a new version is copied from: the latest. Refused
    /// when there is none yet, or while a draft exists (the user works on that instead).
    pub fn base_of_new_version<'a, V>(
        &self,
        code: &str,
        versions: &'a [V],
        state: impl Fn(&V) -> VersionState,
    ) -> Result<&'a V> {
        let Some(latest) = versions.last() else {
            return Err(StoreError::Refused(format!(
                "Insatsen {code} har ingen {} ännu. Påbörja {} först.",
                self.name, self.definite
            )));
        };
        if let Some(draft) = versions.iter().map(&state).find(|v| !v.approved) {
            return Err(StoreError::Refused(format!(
                "Version {} av {} är ett utkast som inte är godkänt. Ändra i det i stället för \
                 att skapa en ny version.",
                draft.version, self.definite
            )));
        }
        Ok(latest)
    }
}

/// The code of an initiative, or the not-found error every version action gives.
pub(super) fn initiative_code(conn: &rusqlite::Connection, initiative_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT code FROM initiative WHERE id = ?1",
        [initiative_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| rows::not_found("insats", initiative_id))
}
