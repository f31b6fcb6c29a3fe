//! What calculation versions (`calculations.rs`) and plan versions (`plans.rs`) share: both
//! are a document of an initiative kept as numbered versions, a draft is edited as a whole,
//! approval freezes a version, and a change after approval is a new draft with a reason.
//!
//! The rules live here once — the status, the approval and its checks, the refusals of a
//! frozen or stale version, the reason for a new version and which version a new one starts
//! from, the SQL of every action and its audit row — generic over a [`Document`]. Each kind
//! supplies its table, its words ([`DocumentKind`]) and what really differs: its JSON
//! columns (a calculation keeps its frozen factors beside the body) and the checks it runs
//! inside the transaction.

use rusqlite::{params, params_from_iter, OptionalExtension, Row, ToSql, Transaction};
use serde::Serialize;

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid, date_to_text};
use super::Register;
use crate::model::{limits, Approval, FieldError, VersionStatus};

/// The approval as it is stored: texts trimmed.
fn trimmed(approval: &Approval) -> Approval {
    Approval {
        approved_by: approval.approved_by.trim().to_string(),
        approved_at: approval.approved_at,
        decision_ref: approval.decision_ref.trim().to_string(),
    }
}

/// The approval columns (`approved_by`, `approved_at`, `decision_ref`) of a version row;
/// `None` for a version that was never approved.
fn approval_from_row(row: &Row) -> rusqlite::Result<Option<Approval>> {
    let Some(approved_at) = rows::date(row, "approved_at")? else {
        return Ok(None);
    };
    Ok(Some(Approval {
        approved_by: row.get::<_, Option<String>>("approved_by")?.unwrap_or_default(),
        approved_at,
        decision_ref: row.get::<_, Option<String>>("decision_ref")?.unwrap_or_default(),
    }))
}

/// The table and the words of one versioned document kind.
pub(super) struct DocumentKind {
    /// The table, also the audit log's entity: "calculation", "plan_version".
    pub table: &'static str,
    /// The JSON columns after the shared ones, in the order [`Document::json`] gives them.
    pub json_columns: &'static [&'static str],
    /// What a missing id is called: "kalkyl", "plan".
    pub noun: &'static str,
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

/// The columns every version row has, read before the kind's JSON columns.
pub(super) struct Header {
    pub id: i64,
    pub initiative_id: i64,
    pub version: u32,
    pub status: VersionStatus,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approval: Option<Approval>,
    pub row_version: i64,
}

/// A versioned, approvable document kind: a calculation version or a plan version.
pub(super) trait Document: Sized {
    const KIND: DocumentKind;
    /// What a draft edit replaces: `Calculation`, `Plan`.
    type Body: PartialEq;
    /// What the audit log records of a version: the whole version or only its document.
    type Logged: Serialize;
    /// The version from its shared columns and its JSON columns (as text, in order).
    fn from_parts(header: Header, json: &[String]) -> Result<Self>;
    /// The JSON columns as stored, in the order of [`DocumentKind::json_columns`].
    fn json(&self) -> Result<Vec<String>>;
    fn state(&self) -> VersionState;
    fn body(&self) -> &Self::Body;
    fn logged(&self) -> &Self::Logged;
    /// What the audit row of an approval records of an approval, before and after, and its
    /// reason.
    type ApprovalLogged: Serialize;
    fn approval_log<'a>(
        before: &'a Self,
        after: &'a Self,
        approval: &'a Approval,
    ) -> (Option<&'a Self::Logged>, Option<&'a Self::ApprovalLogged>, String);
    /// The reason the audit log gives for a deleted draft.
    fn deleted_reason(&self) -> String;
}

/// The identity and state of one stored version, whichever its kind.
pub(super) struct VersionState {
    pub id: i64,
    pub initiative_id: i64,
    pub version: u32,
    pub approved: bool,
    pub row_version: i64,
}

impl DocumentKind {
    /// Refuses a change of `current` unless it is a draft still at `expected_row_version`
    /// (the one the user started editing). `changes` says what the other save changed.
    fn check_editable(
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
    fn refuse_second_start(&self, code: &str, existing_versions: i64) -> Result<()> {
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
    fn reason(&self, reason: &str) -> Result<String> {
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
    fn base_of_new_version<'a, D: Document>(&self, code: &str, versions: &'a [D]) -> Result<&'a D> {
        let Some(latest) = versions.last() else {
            return Err(StoreError::Refused(format!(
                "Insatsen {code} har ingen {} ännu. Påbörja {} först.",
                self.name, self.definite
            )));
        };
        if let Some(draft) = versions.iter().map(D::state).find(|v| !v.approved) {
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

/// The shared columns, in the order [`header_from_row`] reads them.
const HEADER_COLUMNS: &str = "id, initiative_id, version, status, reason, based_on, created_by,
    created_at, updated_at, approved_by, approved_at, decision_ref, row_version";

fn header_from_row(row: &Row) -> rusqlite::Result<Header> {
    Ok(Header {
        status: rows::choice(row, "status", VersionStatus::from_code)?.unwrap_or(VersionStatus::Draft),
        approval: approval_from_row(row)?,
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        version: row.get("version")?,
        reason: row.get("reason")?,
        based_on: row.get("based_on")?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        row_version: row.get("row_version")?,
    })
}

/// The versions of kind `D` matching `filter`, oldest first.
pub(super) fn query<D: Document>(
    conn: &rusqlite::Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<D>> {
    let kind = &D::KIND;
    let sql = format!(
        "SELECT {HEADER_COLUMNS}, {} FROM {} WHERE {filter} ORDER BY version",
        kind.json_columns.join(", "),
        kind.table
    );
    let mut stmt = conn.prepare(&sql)?;
    let raw = stmt
        .query_map(params, |row| {
            let json = kind
                .json_columns
                .iter()
                .map(|c| row.get::<_, String>(*c))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((header_from_row(row)?, json))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(|(header, json)| D::from_parts(header, &json)).collect()
}

/// One version by its id.
pub(super) fn read<D: Document>(conn: &rusqlite::Connection, id: i64) -> Result<D> {
    query(conn, "id = ?1", [id])?.pop().ok_or_else(|| rows::not_found(D::KIND.noun, id))
}

/// What a stale approval or deletion says the other save did.
pub(super) fn resaved() -> String {
    "utkastet har sparats på nytt".to_string()
}

/// `column = ?n, ` for each of `columns`, numbered from `first`.
fn assignments(columns: &[&str], first: usize) -> String {
    columns.iter().enumerate().map(|(i, c)| format!("{c} = ?{}, ", first + i)).collect()
}

impl Register {
    /// Every version of the initiative's document of kind `D`, oldest first.
    pub(super) fn versions_of<D: Document>(&self, initiative_id: i64) -> Result<Vec<D>> {
        initiative_code(self.conn(), initiative_id)?;
        query(self.conn(), "initiative_id = ?1", [initiative_id])
    }

    /// Starts the initiative's document: version 1, a draft with the JSON columns `json`.
    /// Refused when the initiative already has one (a change then is a new version).
    pub(super) fn create_version<D: Document>(&mut self, initiative_id: i64, json: Vec<String>) -> Result<D> {
        let kind = &D::KIND;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let existing: i64 = tx.query_row(
                &format!("SELECT count(*) FROM {} WHERE initiative_id = ?1", kind.table),
                [initiative_id],
                |r| r.get(0),
            )?;
            kind.refuse_second_start(&code, existing)?;
            let now = super::now();
            let sql = format!(
                "INSERT INTO {} (initiative_id, version, status, created_by, created_at, updated_at, {})
                 VALUES (?1, 1, 'draft', ?2, ?3, ?3, {})",
                kind.table,
                kind.json_columns.join(", "),
                placeholders(4, json.len())
            );
            let mut values: Vec<&dyn ToSql> = vec![&initiative_id, &author, &now];
            values.extend(json.iter().map(|j| j as &dyn ToSql));
            tx.execute(&sql, params_from_iter(values))?;
            let after: D = read(tx, tx.last_insert_rowid())?;
            record::<(), _>(tx, author, change("skapad", kind, &after.state(), None, Some(after.logged()), ""))?;
            Ok(after)
        })
    }

    /// Saves the edited draft `id` that started from `row_version` as `body`. Refused for
    /// an approved version and for a stale edit (`changes` says what the other save
    /// changed). `prepare` checks the body inside the transaction and gives its JSON
    /// columns; `reason` is the audit row's.
    pub(super) fn save_version<D: Document>(
        &mut self,
        id: i64,
        row_version: i64,
        body: &D::Body,
        changes: impl FnOnce(&D) -> String,
        prepare: impl FnOnce(&Transaction) -> Result<Vec<String>>,
        reason: impl FnOnce(&D) -> String,
    ) -> Result<D> {
        let kind = &D::KIND;
        self.write(|tx, author| {
            let before: D = read(tx, id)?;
            kind.check_editable(&before.state(), row_version, || changes(&before))?;
            let json = prepare(tx)?;
            if before.body() == body {
                return Ok(before);
            }
            let sql = format!(
                "UPDATE {} SET {}updated_at = ?{}, row_version = row_version + 1 WHERE id = ?1",
                kind.table,
                assignments(kind.json_columns, 2),
                json.len() + 2
            );
            let now = super::now();
            let mut values: Vec<&dyn ToSql> = vec![&id];
            values.extend(json.iter().map(|j| j as &dyn ToSql));
            values.push(&now);
            tx.execute(&sql, params_from_iter(values))?;
            let after: D = read(tx, id)?;
            let state = before.state();
            let reason = reason(&before);
            record(tx, author, change("ändrad", kind, &state, Some(before.logged()), Some(after.logged()), &reason))?;
            Ok(after)
        })
    }

    /// Approves the draft `id` that started from `row_version` and freezes it. `check`
    /// refuses what the kind cannot approve, inside the transaction, and gives the columns
    /// the approval sets besides the approval's own (the calculation's frozen factors).
    pub(super) fn approve_version<D: Document>(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
        check: impl FnOnce(&Transaction, &D) -> Result<Vec<(&'static str, String)>>,
    ) -> Result<D> {
        let kind = &D::KIND;
        let approval = trimmed(approval);
        check_valid(approval.validate(kind.definite))?;
        self.write(|tx, author| {
            let before: D = read(tx, id)?;
            kind.check_editable(&before.state(), row_version, resaved)?;
            let extra = check(tx, &before)?;
            let columns: Vec<&str> = extra.iter().map(|(c, _)| *c).collect();
            let n = extra.len();
            let sql = format!(
                "UPDATE {} SET status = 'approved', {}approved_by = ?{}, approved_at = ?{},
                    decision_ref = ?{}, updated_at = ?{}, row_version = row_version + 1
                 WHERE id = ?1",
                kind.table,
                assignments(&columns, 2),
                n + 2,
                n + 3,
                n + 4,
                n + 5
            );
            let approved_at = date_to_text(Some(approval.approved_at));
            let now = super::now();
            let mut values: Vec<&dyn ToSql> = vec![&id];
            values.extend(extra.iter().map(|(_, v)| v as &dyn ToSql));
            values.extend([&approval.approved_by as &dyn ToSql, &approved_at, &approval.decision_ref, &now]);
            tx.execute(&sql, params_from_iter(values))?;
            let after: D = read(tx, id)?;
            let (logged_before, logged_after, reason) = D::approval_log(&before, &after, &approval);
            record(tx, author, change("godkänd", kind, &before.state(), logged_before, logged_after, &reason))?;
            Ok(after)
        })
    }

    /// Starts a new draft version copied from the latest version, with a required `reason`.
    /// Refused while a draft exists (work on it instead).
    pub(super) fn new_version<D: Document>(&mut self, initiative_id: i64, reason: &str) -> Result<D> {
        let kind = &D::KIND;
        let reason = kind.reason(reason)?;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let versions: Vec<D> = query(tx, "initiative_id = ?1", [initiative_id])?;
            let latest = kind.base_of_new_version(&code, &versions)?;
            let now = super::now();
            let base = latest.state().version;
            let version = base + 1;
            let json = latest.json()?;
            let sql = format!(
                "INSERT INTO {} (initiative_id, version, status, reason, based_on, created_by,
                    created_at, updated_at, {})
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?6, {})",
                kind.table,
                kind.json_columns.join(", "),
                placeholders(7, json.len())
            );
            let mut values: Vec<&dyn ToSql> = vec![&initiative_id, &version, &reason, &base, &author, &now];
            values.extend(json.iter().map(|j| j as &dyn ToSql));
            tx.execute(&sql, params_from_iter(values))?;
            let after: D = read(tx, tx.last_insert_rowid())?;
            record::<(), _>(tx, author, change("ny version", kind, &after.state(), None, Some(after.logged()), &reason))?;
            Ok(after)
        })
    }

    /// Discards the draft `id` that started from `row_version`. Approved versions are refused.
    pub(super) fn delete_version<D: Document>(&mut self, id: i64, row_version: i64) -> Result<()> {
        let kind = &D::KIND;
        self.write(|tx, author| {
            let before: D = read(tx, id)?;
            kind.check_editable(&before.state(), row_version, resaved)?;
            tx.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table), params![id])?;
            let reason = before.deleted_reason();
            record::<_, ()>(tx, author, change("borttagen", kind, &before.state(), Some(before.logged()), None, &reason))?;
            Ok(())
        })
    }
}

/// `?first, ?first+1, …`: `count` numbered placeholders.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// The audit row of an action on a version.
fn change<'a, B: Serialize, A: Serialize>(
    action: &'a str,
    kind: &DocumentKind,
    version: &VersionState,
    before: Option<&'a B>,
    after: Option<&'a A>,
    reason: &'a str,
) -> Change<'a, B, A> {
    Change {
        action,
        entity: kind.table,
        entity_id: Some(version.id),
        initiative_id: Some(version.initiative_id),
        before,
        after,
        reason,
    }
}
