//! What calculation versions (`calculations.rs`) and plan versions (`plans.rs`) share: both
//! are a document of an initiative kept as numbered versions, a draft is edited as a whole,
//! approval freezes a version, and a change after approval is a new draft with a reason.
//!
//! The rules live here once — the status, the approval and its checks, the refusals of a
//! frozen or stale version, the reason for a new version and which version a new one starts
//! from, each action's steps and its audit row — generic over a [`Document`] and over the
//! statements that read and write the versions ([`VersionReads`], [`VersionWrites`]): the
//! file register's are below, the shared register's in `postgres/versions.rs`. Each kind
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

/// The approval of a version of kind `D` as it is stored, or the field errors saying what is
/// missing. Checked before any transaction starts.
pub(in crate::store) fn checked_approval<D: Document>(approval: &Approval) -> Result<Approval> {
    let approval = trimmed(approval);
    check_valid(approval.validate(D::KIND.definite))?;
    Ok(approval)
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
pub(in crate::store) struct DocumentKind {
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
pub(in crate::store) struct Header {
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
pub(in crate::store) trait Document: Sized {
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
pub(in crate::store) struct VersionState {
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

/// The trimmed reason for a new version of kind `D`, checked before any transaction starts.
pub(in crate::store) fn checked_reason<D: Document>(reason: &str) -> Result<String> {
    D::KIND.reason(reason)
}

/// What a stale approval or deletion says the other save did.
pub(in crate::store) fn resaved() -> String {
    "utkastet har sparats på nytt".to_string()
}

// ---- the statements, one implementation per backend ---------------------------------------

/// The reads the version actions make, in a transaction or not.
pub(in crate::store) trait VersionReads {
    /// The code of an initiative; `None` when there is none (or the user may not see it).
    fn find_initiative_code(&mut self, initiative_id: i64) -> Result<Option<String>>;
    /// Every version of kind `D` of the initiative, oldest first.
    fn versions<D: Document>(&mut self, initiative_id: i64) -> Result<Vec<D>>;
    /// One version by its id.
    fn find_version<D: Document>(&mut self, id: i64) -> Result<Option<D>>;
    /// How many versions of the kind the initiative has.
    fn count_versions(&mut self, kind: &DocumentKind, initiative_id: i64) -> Result<i64>;
}

/// A new draft row: version 1 of a document, or a new version copied from `based_on`.
pub(in crate::store) struct NewDraft<'a> {
    pub initiative_id: i64,
    pub version: u32,
    pub reason: &'a str,
    pub based_on: Option<u32>,
    pub author: &'a str,
    /// The JSON columns, in the order of [`DocumentKind::json_columns`].
    pub json: &'a [String],
}

/// The writes of the version actions, inside one transaction with its audit rows. Each sets
/// `updated_at` to now and moves `row_version` on where the row stays.
pub(in crate::store) trait VersionWrites: VersionReads {
    /// Inserts the draft; returns its id.
    fn insert_draft(&mut self, kind: &DocumentKind, draft: &NewDraft) -> Result<i64>;
    /// Replaces the JSON columns of version `id` with `json` (in the kind's order).
    fn update_json(&mut self, kind: &DocumentKind, id: i64, json: &[String]) -> Result<()>;
    /// Marks version `id` approved with `approval`, setting the `extra` JSON columns too.
    fn set_approved(&mut self, kind: &DocumentKind, id: i64, extra: &[(&'static str, String)], approval: &Approval) -> Result<()>;
    fn delete_version(&mut self, kind: &DocumentKind, id: i64) -> Result<()>;
    fn record_change<B: Serialize, A: Serialize>(&mut self, author: &str, change: Change<B, A>) -> Result<()>;
}

/// How a backend writes the parameters of a statement: `?1` in SQLite, `$1` in PostgreSQL,
/// and how it reads and writes a JSON column (PostgreSQL binds and reads its text).
pub(in crate::store) struct Dialect {
    pub param: fn(usize) -> String,
    pub json_param: fn(usize) -> String,
    pub json_column: fn(&str) -> String,
}

/// The shared columns of a version row, in the order the backends' row readers expect.
pub(in crate::store) const HEADER_COLUMNS: &str = "id, initiative_id, version, status, reason, based_on, created_by,
    created_at, updated_at, approved_by, approved_at, decision_ref, row_version";

impl DocumentKind {
    /// The versions matching `filter`, oldest first, with the JSON columns after the shared.
    pub(in crate::store) fn select_sql(&self, sql: &Dialect, filter: &str) -> String {
        let json: Vec<String> = self.json_columns.iter().map(|c| (sql.json_column)(c)).collect();
        format!("SELECT {HEADER_COLUMNS}, {} FROM {} WHERE {filter} ORDER BY version", json.join(", "), self.table)
    }

    /// Parameters: initiative id, version, reason, based on, author, now, then the JSON
    /// columns.
    pub(in crate::store) fn insert_sql(&self, sql: &Dialect) -> String {
        let p = sql.param;
        let json: Vec<String> = (0..self.json_columns.len()).map(|i| (sql.json_param)(7 + i)).collect();
        format!(
            "INSERT INTO {} (initiative_id, version, status, reason, based_on, created_by,
                created_at, updated_at, {})
             VALUES ({}, {}, 'draft', {}, {}, {}, {}, {}, {})",
            self.table,
            self.json_columns.join(", "),
            p(1), p(2), p(3), p(4), p(5), p(6), p(6),
            json.join(", ")
        )
    }

    /// Parameters: id, the JSON columns, now.
    pub(in crate::store) fn update_json_sql(&self, sql: &Dialect) -> String {
        let n = self.json_columns.len();
        format!(
            "UPDATE {} SET {}updated_at = {}, row_version = row_version + 1 WHERE id = {}",
            self.table,
            assignments(sql, self.json_columns, 2),
            (sql.param)(n + 2),
            (sql.param)(1)
        )
    }

    /// Parameters: id, the JSON `columns`, approved by, approved at, decision, now.
    pub(in crate::store) fn approve_sql(&self, sql: &Dialect, columns: &[&str]) -> String {
        let (p, n) = (sql.param, columns.len());
        format!(
            "UPDATE {} SET status = 'approved', {}approved_by = {}, approved_at = {},
                decision_ref = {}, updated_at = {}, row_version = row_version + 1
             WHERE id = {}",
            self.table,
            assignments(sql, columns, 2),
            p(n + 2),
            p(n + 3),
            p(n + 4),
            p(n + 5),
            p(1)
        )
    }

    pub(in crate::store) fn count_sql(&self, sql: &Dialect) -> String {
        format!("SELECT count(*) FROM {} WHERE initiative_id = {}", self.table, (sql.param)(1))
    }

    pub(in crate::store) fn delete_sql(&self, sql: &Dialect) -> String {
        format!("DELETE FROM {} WHERE id = {}", self.table, (sql.param)(1))
    }
}

/// `column = <JSON parameter n>, ` for each of `columns`, numbered from `first`.
fn assignments(sql: &Dialect, columns: &[&str], first: usize) -> String {
    columns.iter().enumerate().map(|(i, c)| format!("{c} = {}, ", (sql.json_param)(first + i))).collect()
}

// ---- the reads and actions, once ------------------------------------------------------------

/// The code of an initiative, or the not-found error every version action gives.
pub(in crate::store) fn code_of(s: &mut impl VersionReads, initiative_id: i64) -> Result<String> {
    s.find_initiative_code(initiative_id)?.ok_or_else(|| rows::not_found("insats", initiative_id))
}

/// One version by its id, or the kind's not-found error.
pub(in crate::store) fn version_by_id<D: Document>(s: &mut impl VersionReads, id: i64) -> Result<D> {
    s.find_version(id)?.ok_or_else(|| rows::not_found(D::KIND.noun, id))
}

/// Every version of the initiative's document of kind `D`, oldest first; the initiative
/// must exist. Its existence is asked only when it has no versions (a version is always of
/// an initiative): on the shared register every question is a round trip, and a council pack
/// lists the versions of every initiative.
pub(in crate::store) fn versions_of<D: Document>(s: &mut impl VersionReads, initiative_id: i64) -> Result<Vec<D>> {
    let versions = s.versions(initiative_id)?;
    if versions.is_empty() {
        code_of(s, initiative_id)?;
    }
    Ok(versions)
}

/// Version number `version` of the initiative's document, or the refusal naming it.
pub(in crate::store) fn numbered<D: Document>(s: &mut impl VersionReads, initiative_id: i64, version: u32) -> Result<D> {
    let code = code_of(s, initiative_id)?;
    s.versions::<D>(initiative_id)?
        .into_iter()
        .find(|v| v.state().version == version)
        .ok_or_else(|| {
            StoreError::Refused(format!("Insatsen {code} har ingen version {version} av {}en.", D::KIND.name))
        })
}

/// The version reports and statuses use: the latest approved one.
pub(in crate::store) fn latest_approved<D: Document>(versions: Vec<D>) -> Option<D> {
    versions.into_iter().rfind(|v| v.state().approved)
}

/// The filter of the first approved version of each initiative's document in `table`.
pub(in crate::store) fn first_approved_filter(table: &str) -> String {
    format!(
        "status = 'approved' AND version = (SELECT min(f.version) FROM {table} f
            WHERE f.initiative_id = {table}.initiative_id AND f.status = 'approved')"
    )
}

/// The query of each initiative's newest version of the document in `table` when that
/// version is not approved: (initiative id, version), by initiative id. The same text on
/// both stores.
pub(in crate::store) fn newest_drafts_query(table: &str) -> String {
    format!(
        "SELECT initiative_id, version FROM {table}
         WHERE status <> 'approved' AND version = (SELECT max(n.version) FROM {table} n
             WHERE n.initiative_id = {table}.initiative_id)
         ORDER BY initiative_id"
    )
}

/// [`newest_drafts_query`] on the register file.
pub(in crate::store) fn newest_drafts(conn: &rusqlite::Connection, table: &str) -> Result<Vec<(i64, u32)>> {
    let mut stmt = conn.prepare(&newest_drafts_query(table))?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The draft being worked on, if any (there is at most one).
pub(in crate::store) fn draft<D: Document>(versions: Vec<D>) -> Option<D> {
    versions.into_iter().find(|v| !v.state().approved)
}

/// The latest approved version, or else the latest one; `None` when there is none.
pub(in crate::store) fn current<D: Document>(mut versions: Vec<D>) -> Option<D> {
    match versions.iter().rposition(|v| v.state().approved) {
        Some(i) => Some(versions.swap_remove(i)),
        None => versions.pop(),
    }
}

/// Starts the initiative's document: version 1, a draft with the JSON columns `json`.
/// Refused when the initiative already has one (a change then is a new version).
pub(in crate::store) fn create<D: Document>(s: &mut impl VersionWrites, author: &str, initiative_id: i64, json: &[String]) -> Result<D> {
    let kind = &D::KIND;
    let code = code_of(s, initiative_id)?;
    let existing = s.count_versions(kind, initiative_id)?;
    kind.refuse_second_start(&code, existing)?;
    let draft = NewDraft { initiative_id, version: 1, reason: "", based_on: None, author, json };
    let id = s.insert_draft(kind, &draft)?;
    let after: D = version_by_id(s, id)?;
    s.record_change::<(), _>(author, change("skapad", kind, &after.state(), None, Some(after.logged()), ""))?;
    Ok(after)
}

/// Saves the edited draft `id` that started from `row_version` as `body`. Refused for an
/// approved version and for a stale edit (`changes` says what the other save changed).
/// `prepare` checks the body inside the transaction and gives its JSON columns; `reason` is
/// the audit row's.
pub(in crate::store) fn save<D: Document, S: VersionWrites>(
    s: &mut S,
    author: &str,
    (id, row_version): (i64, i64),
    body: &D::Body,
    changes: impl FnOnce(&D) -> String,
    prepare: impl FnOnce(&mut S, &D) -> Result<Vec<String>>,
    reason: impl FnOnce(&D) -> String,
) -> Result<D> {
    let kind = &D::KIND;
    let before: D = version_by_id(s, id)?;
    kind.check_editable(&before.state(), row_version, || changes(&before))?;
    let json = prepare(s, &before)?;
    if before.body() == body {
        return Ok(before);
    }
    s.update_json(kind, id, &json)?;
    let after: D = version_by_id(s, id)?;
    let reason = reason(&before);
    s.record_change(author, change("ändrad", kind, &before.state(), Some(before.logged()), Some(after.logged()), &reason))?;
    Ok(after)
}

/// Approves the draft `id` that started from `row_version` and freezes it, with an approval
/// from [`checked_approval`]. `check` refuses what the kind cannot approve, inside the
/// transaction, and gives the columns the approval sets besides the approval's own (the
/// calculation's frozen factors).
pub(in crate::store) fn approve<D: Document, S: VersionWrites>(
    s: &mut S,
    author: &str,
    (id, row_version): (i64, i64),
    approval: &Approval,
    check: impl FnOnce(&mut S, &D) -> Result<Vec<(&'static str, String)>>,
) -> Result<D> {
    let kind = &D::KIND;
    let before: D = version_by_id(s, id)?;
    kind.check_editable(&before.state(), row_version, resaved)?;
    let extra = check(s, &before)?;
    s.set_approved(kind, id, &extra, approval)?;
    let after: D = version_by_id(s, id)?;
    let (logged_before, logged_after, reason) = D::approval_log(&before, &after, approval);
    s.record_change(author, change("godkänd", kind, &before.state(), logged_before, logged_after, &reason))?;
    Ok(after)
}

/// Starts a new draft version copied from the latest version, with a `reason` from
/// [`checked_reason`]. Refused while a draft exists (work on it instead).
pub(in crate::store) fn new_version<D: Document>(s: &mut impl VersionWrites, author: &str, initiative_id: i64, reason: &str) -> Result<D> {
    let kind = &D::KIND;
    let code = code_of(s, initiative_id)?;
    let versions: Vec<D> = s.versions(initiative_id)?;
    let latest = kind.base_of_new_version(&code, &versions)?;
    let base = latest.state().version;
    let json = latest.json()?;
    let draft = NewDraft { initiative_id, version: base + 1, reason, based_on: Some(base), author, json: &json };
    let id = s.insert_draft(kind, &draft)?;
    let after: D = version_by_id(s, id)?;
    s.record_change::<(), _>(author, change("ny version", kind, &after.state(), None, Some(after.logged()), reason))?;
    Ok(after)
}

/// Discards the draft `id` that started from `row_version`. Approved versions are refused.
pub(in crate::store) fn delete<D: Document>(s: &mut impl VersionWrites, author: &str, id: i64, row_version: i64) -> Result<()> {
    let kind = &D::KIND;
    let before: D = version_by_id(s, id)?;
    kind.check_editable(&before.state(), row_version, resaved)?;
    s.delete_version(kind, id)?;
    let reason = before.deleted_reason();
    s.record_change::<_, ()>(author, change("borttagen", kind, &before.state(), Some(before.logged()), None, &reason))
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

// ---- the file register's statements ---------------------------------------------------------

/// The code of an initiative, or the not-found error every version action gives.
pub(super) fn initiative_code(conn: &rusqlite::Connection, initiative_id: i64) -> Result<String> {
    code_of(&mut Sql(conn), initiative_id)
}

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
    let sql = kind.select_sql(&SQLITE, filter);
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

/// Every version of kind `D` of the initiatives `ids`, by initiative id and then oldest
/// first. The ids go in as one JSON array (SQLite's `json_each`), whatever their number.
pub(in crate::store) fn versions_of_all<D: Document>(conn: &rusqlite::Connection, ids: &[i64]) -> Result<Vec<D>> {
    let ids = serde_json::to_string(ids)?;
    let mut versions: Vec<D> = query(conn, "initiative_id IN (SELECT value FROM json_each(?1))", [ids])?;
    // Stable: each initiative's versions stay oldest first.
    versions.sort_by_key(|v| v.state().initiative_id);
    Ok(versions)
}

/// One version by its id.
pub(super) fn read<D: Document>(conn: &rusqlite::Connection, id: i64) -> Result<D> {
    version_by_id(&mut Sql(conn), id)
}

/// SQLite's parameters; JSON is kept as text.
const SQLITE: Dialect = Dialect {
    param: |n| format!("?{n}"),
    json_param: |n| format!("?{n}"),
    json_column: |c| c.to_string(),
};

/// The file register's version statements, on a connection or in a transaction.
pub(super) struct Sql<'a>(pub &'a rusqlite::Connection);

/// The file register's version statements inside a writing transaction.
pub(super) struct SqlTx<'a>(pub &'a Transaction<'a>);

impl VersionReads for Sql<'_> {
    fn find_initiative_code(&mut self, initiative_id: i64) -> Result<Option<String>> {
        Ok(self.0.query_row("SELECT code FROM initiative WHERE id = ?1", [initiative_id], |r| r.get(0)).optional()?)
    }

    fn versions<D: Document>(&mut self, initiative_id: i64) -> Result<Vec<D>> {
        query(self.0, "initiative_id = ?1", [initiative_id])
    }

    fn find_version<D: Document>(&mut self, id: i64) -> Result<Option<D>> {
        Ok(query(self.0, "id = ?1", [id])?.pop())
    }

    fn count_versions(&mut self, kind: &DocumentKind, initiative_id: i64) -> Result<i64> {
        Ok(self.0.query_row(&kind.count_sql(&SQLITE), [initiative_id], |r| r.get(0))?)
    }
}

impl VersionReads for SqlTx<'_> {
    fn find_initiative_code(&mut self, initiative_id: i64) -> Result<Option<String>> {
        Sql(self.0).find_initiative_code(initiative_id)
    }

    fn versions<D: Document>(&mut self, initiative_id: i64) -> Result<Vec<D>> {
        Sql(self.0).versions(initiative_id)
    }

    fn find_version<D: Document>(&mut self, id: i64) -> Result<Option<D>> {
        Sql(self.0).find_version(id)
    }

    fn count_versions(&mut self, kind: &DocumentKind, initiative_id: i64) -> Result<i64> {
        Sql(self.0).count_versions(kind, initiative_id)
    }
}

impl VersionWrites for SqlTx<'_> {
    fn insert_draft(&mut self, kind: &DocumentKind, draft: &NewDraft) -> Result<i64> {
        let sql = kind.insert_sql(&SQLITE);
        let now = super::now();
        let mut values: Vec<&dyn ToSql> =
            vec![&draft.initiative_id, &draft.version, &draft.reason, &draft.based_on, &draft.author, &now];
        values.extend(draft.json.iter().map(|j| j as &dyn ToSql));
        self.0.execute(&sql, params_from_iter(values))?;
        Ok(self.0.last_insert_rowid())
    }

    fn update_json(&mut self, kind: &DocumentKind, id: i64, json: &[String]) -> Result<()> {
        let sql = kind.update_json_sql(&SQLITE);
        let now = super::now();
        let mut values: Vec<&dyn ToSql> = vec![&id];
        values.extend(json.iter().map(|j| j as &dyn ToSql));
        values.push(&now);
        self.0.execute(&sql, params_from_iter(values))?;
        Ok(())
    }

    fn set_approved(&mut self, kind: &DocumentKind, id: i64, extra: &[(&'static str, String)], approval: &Approval) -> Result<()> {
        let columns: Vec<&str> = extra.iter().map(|(c, _)| *c).collect();
        let sql = kind.approve_sql(&SQLITE, &columns);
        let approved_at = date_to_text(Some(approval.approved_at));
        let now = super::now();
        let mut values: Vec<&dyn ToSql> = vec![&id];
        values.extend(extra.iter().map(|(_, v)| v as &dyn ToSql));
        values.extend([&approval.approved_by as &dyn ToSql, &approved_at, &approval.decision_ref, &now]);
        self.0.execute(&sql, params_from_iter(values))?;
        Ok(())
    }

    fn delete_version(&mut self, kind: &DocumentKind, id: i64) -> Result<()> {
        self.0.execute(&kind.delete_sql(&SQLITE), params![id])?;
        Ok(())
    }

    fn record_change<B: Serialize, A: Serialize>(&mut self, author: &str, change: Change<B, A>) -> Result<()> {
        record(self.0, author, change)
    }
}

impl Register {
    /// Every version of the initiative's document of kind `D`, oldest first.
    pub(super) fn versions_of<D: Document>(&self, initiative_id: i64) -> Result<Vec<D>> {
        versions_of(&mut Sql(self.conn()), initiative_id)
    }
}
