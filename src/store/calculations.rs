//! Nyttokalkyler: the register's calculation factors and the versioned calculations of each
//! initiative.
//!
//! A calculation version is one document ([`Calculation`]) edited as a whole while it is a
//! draft. Approval freezes it together with a snapshot of the factors its lines refer to, so a
//! later change of a register factor never changes an approved result. An approved version is
//! refused here before any SQL is sent, and again by the triggers of migration 0002 should
//! anyone write to the file directly. A change after approval is a new draft version copied
//! from the latest one, with a required reason.

use rusqlite::{params, Row, Transaction};
use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid, date_to_text};
use super::versions::{approval_from_row, initiative_code, trimmed, DocumentKind, VersionState};
use super::Register;
use crate::calc::{self, CalcDiff};
use crate::model::calculation::{default_factors, CalcFactor, Calculation};
use crate::model::{Approval, CalcStatus, CalcVersion, FieldError, FROZEN_MESSAGE};

/// The calculation's words for the shared version rules.
const KIND: DocumentKind = DocumentKind {
    name: "nyttokalkyl",
    definite: "kalkylen",
    title: "Kalkylen",
    frozen_message: FROZEN_MESSAGE,
    reason_example: "nya uppgifter",
};

/// The version's identity and state for the shared rules.
fn state(v: &CalcVersion) -> VersionState {
    VersionState {
        version: v.version,
        approved: v.is_approved(),
        row_version: v.row_version,
    }
}

const COLUMNS: &str =
    "id, initiative_id, version, status, body, factors, reason, based_on, created_by,
    created_at, updated_at, approved_by, approved_at, decision_ref, row_version";

fn version_from_row(row: &Row) -> rusqlite::Result<(CalcVersion, String, String)> {
    let status = rows::choice(row, "status", CalcStatus::from_code)?.unwrap_or(CalcStatus::Draft);
    let approval = approval_from_row(row)?;
    let version = CalcVersion {
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        version: row.get("version")?,
        status,
        calculation: Calculation::new(0),
        factors: Vec::new(),
        reason: row.get("reason")?,
        based_on: row.get("based_on")?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        approval,
        row_version: row.get("row_version")?,
    };
    Ok((version, row.get("body")?, row.get("factors")?))
}

/// Parses the JSON columns of a row read by [`version_from_row`].
fn parsed((mut version, body, factors): (CalcVersion, String, String)) -> Result<CalcVersion> {
    version.calculation = serde_json::from_str(&body)?;
    version.factors = serde_json::from_str(&factors)?;
    Ok(version)
}

fn query_versions(
    conn: &rusqlite::Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<CalcVersion>> {
    let sql = format!("SELECT {COLUMNS} FROM calculation WHERE {filter} ORDER BY version");
    let mut stmt = conn.prepare(&sql)?;
    let raw = stmt
        .query_map(params, version_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(parsed).collect()
}

fn read_version(conn: &rusqlite::Connection, id: i64) -> Result<CalcVersion> {
    query_versions(conn, "id = ?1", [id])?
        .pop()
        .ok_or_else(|| rows::not_found("kalkyl", id))
}

fn read_factors(conn: &rusqlite::Connection) -> Result<Vec<CalcFactor>> {
    let mut stmt =
        conn.prepare("SELECT code, name, value, unit, source, year FROM calc_factor ORDER BY id")?;
    let factors = stmt
        .query_map([], |row| {
            Ok(CalcFactor {
                code: row.get("code")?,
                name: row.get("name")?,
                value: rows::decimal(row, "value")?.unwrap_or_default(),
                unit: row.get("unit")?,
                source: row.get("source")?,
                year: row.get("year")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(factors)
}

/// The register factors `calc` refers to, in first-use order: the snapshot kept with it.
fn snapshot(calc: &Calculation, factors: &[CalcFactor]) -> Vec<CalcFactor> {
    calc.referenced_factor_codes()
        .into_iter()
        .filter_map(|code| calc::find_factor(factors, code).cloned())
        .collect()
}

/// What a stale approval or deletion says the other save did.
fn resaved() -> String {
    "utkastet har sparats på nytt".to_string()
}

/// A short Swedish list of what differs, for stale-edit messages and the audit log.
fn short_summary(diff: &CalcDiff, max: usize) -> String {
    let items = diff.summary();
    if items.is_empty() {
        return "inga ändringar".to_string();
    }
    let mut text = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > max {
        text.push_str(&format!(" och {} till", items.len() - max));
    }
    text
}

/// Seeds the public default factors (`default_factors()`); codes already present are kept.
/// Called by the migration that creates the table, in its transaction.
pub(super) fn seed_default_factors(tx: &Transaction) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT OR IGNORE INTO calc_factor (code, name, value, unit, source, year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for f in default_factors() {
        stmt.execute(params![
            f.code,
            f.name,
            f.value.normalize().to_string(),
            f.unit,
            f.source,
            f.year
        ])?;
    }
    Ok(())
}

impl Register {
    // ---- calculation factors ------------------------------------------------------

    /// The register's calculation factors, in the order they were added.
    pub fn calc_factors(&self) -> Result<Vec<CalcFactor>> {
        read_factors(self.conn())
    }

    /// Adds a factor, or changes the one with the same code. Approved calculations keep the
    /// values frozen with them; drafts use the new value from their next computation.
    pub fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()> {
        let factor = CalcFactor {
            code: factor.code.trim().to_string(),
            name: factor.name.trim().to_string(),
            unit: factor.unit.trim().to_string(),
            source: factor.source.trim().to_string(),
            ..factor.clone()
        };
        self.write(|tx, author| {
            let mut all = read_factors(tx)?;
            let before = all.iter().position(|f| f.code == factor.code);
            let before_value = before.map(|i| all[i].clone());
            match before {
                Some(i) => all[i] = factor.clone(),
                None => all.push(factor.clone()),
            }
            let position = before.unwrap_or(all.len() - 1);
            let errors: Vec<FieldError> = calc::validate_factors(&all)
                .into_iter()
                .filter(|e| e.field.starts_with(&format!("factors[{position}].")))
                .map(|e| {
                    let field = e.field.rsplit('.').next().unwrap_or_default().to_string();
                    let message = match e.message.split_once(", ") {
                        Some((_, rest)) => rest.to_string(),
                        None => e.message,
                    };
                    FieldError::new(field, message)
                })
                .collect();
            check_valid(errors)?;
            if before_value.as_ref() == Some(&factor) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO calc_factor (code, name, value, unit, source, year)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, value = excluded.value,
                    unit = excluded.unit, source = excluded.source, year = excluded.year,
                    row_version = row_version + 1",
                params![
                    factor.code,
                    factor.name,
                    factor.value.normalize().to_string(),
                    factor.unit,
                    factor.source,
                    factor.year
                ],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM calc_factor WHERE code = ?1",
                [&factor.code],
                |r| r.get(0),
            )?;
            record(
                tx,
                author,
                Change {
                    action: if before_value.is_some() {
                        "ändrad"
                    } else {
                        "skapad"
                    },
                    entity: "calc_factor",
                    entity_id: Some(id),
                    initiative_id: None,
                    before: before_value.as_ref(),
                    after: Some(&factor),
                    reason: "",
                },
            )?;
            Ok(())
        })
    }

    // ---- calculations: reading ------------------------------------------------------

    /// Every version of the initiative's calculation, oldest first.
    pub fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>> {
        initiative_code(self.conn(), initiative_id)?;
        query_versions(self.conn(), "initiative_id = ?1", [initiative_id])
    }

    /// One version by its number.
    pub fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion> {
        let code = initiative_code(self.conn(), initiative_id)?;
        query_versions(
            self.conn(),
            "initiative_id = ?1 AND version = ?2",
            params![initiative_id, version],
        )?
        .pop()
        .ok_or_else(|| {
            StoreError::Refused(format!(
                "Insatsen {code} har ingen version {version} av nyttokalkylen."
            ))
        })
    }

    /// One version by its id.
    pub fn calculation_by_id(&self, id: i64) -> Result<CalcVersion> {
        read_version(self.conn(), id)
    }

    /// The version reports use: the latest approved one.
    pub fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(self
            .calculation_versions(initiative_id)?
            .into_iter()
            .rfind(CalcVersion::is_approved))
    }

    /// The draft being worked on, if any (there is at most one).
    pub fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(self
            .calculation_versions(initiative_id)?
            .into_iter()
            .find(|v| !v.is_approved()))
    }

    /// The latest approved version, or else the draft; `None` when there is no calculation.
    pub fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        let versions = self.calculation_versions(initiative_id)?;
        let approved = versions.iter().rfind(|v| v.is_approved()).cloned();
        Ok(approved.or_else(|| versions.into_iter().last()))
    }

    /// The factors a version is computed with: its frozen snapshot when approved, the
    /// register's current list when it is a draft.
    pub fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>> {
        if version.is_approved() {
            Ok(version.factors.clone())
        } else {
            self.calc_factors()
        }
    }

    // ---- calculations: writing ------------------------------------------------------

    /// Starts the initiative's calculation: version 1, a draft. Refused when the initiative
    /// already has one (a change then is a new version).
    pub fn create_calculation(
        &mut self,
        initiative_id: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        let factors = self.calc_factors()?;
        check_valid(calc::validate(calculation, &factors))?;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let existing: i64 = tx.query_row(
                "SELECT count(*) FROM calculation WHERE initiative_id = ?1",
                [initiative_id],
                |r| r.get(0),
            )?;
            KIND.refuse_second_start(&code, existing)?;
            let now = super::now();
            tx.execute(
                "INSERT INTO calculation (initiative_id, version, status, body, factors, created_by,
                    created_at, updated_at)
                 VALUES (?1, 1, 'draft', ?2, ?3, ?4, ?5, ?5)",
                params![
                    initiative_id,
                    serde_json::to_string(calculation)?,
                    serde_json::to_string(&snapshot(calculation, &factors))?,
                    author,
                    now
                ],
            )?;
            let after = read_version(tx, tx.last_insert_rowid())?;
            record::<(), _>(
                tx,
                author,
                Change {
                    action: "skapad",
                    entity: "calculation",
                    entity_id: Some(after.id),
                    initiative_id: Some(initiative_id),
                    before: None,
                    after: Some(&after),
                    reason: "",
                },
            )?;
            Ok(after)
        })
    }

    /// Saves the edited draft that started from `row_version`. Refused for an approved
    /// version, for a stale edit (someone saved in between), and for an invalid calculation
    /// (every error with its field path, e.g. `lines[2].value.amount.likely`).
    pub fn save_calculation_draft(
        &mut self,
        id: i64,
        row_version: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, || {
                short_summary(&calc::diff(&before.calculation, calculation), 3)
            })?;
            let factors = read_factors(tx)?;
            check_valid(calc::validate(calculation, &factors))?;
            if &before.calculation == calculation {
                return Ok(before);
            }
            tx.execute(
                "UPDATE calculation SET body = ?2, factors = ?3, updated_at = ?4,
                    row_version = row_version + 1
                 WHERE id = ?1",
                params![
                    id,
                    serde_json::to_string(calculation)?,
                    serde_json::to_string(&snapshot(calculation, &factors))?,
                    super::now()
                ],
            )?;
            let after = read_version(tx, id)?;
            record(
                tx,
                author,
                Change {
                    action: "ändrad",
                    entity: "calculation",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before),
                    after: Some(&after),
                    reason: &short_summary(&calc::diff(&before.calculation, calculation), 10),
                },
            )?;
            Ok(after)
        })
    }

    /// Approves the draft that started from `row_version` and freezes it, with the values of
    /// the factors it uses. Requires at least one line and no validation errors.
    pub fn approve_calculation(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<CalcVersion> {
        let approval = trimmed(approval);
        check_valid(approval.validate(KIND.definite))?;
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, resaved)?;
            if before.calculation.lines.is_empty() {
                return Err(StoreError::Refused(
                    "Kalkylen kan inte godkännas: den har inga rader. Lägg till nyttor och \
                     kostnader först."
                        .to_string(),
                ));
            }
            let factors = read_factors(tx)?;
            let errors = calc::validate(&before.calculation, &factors);
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors));
            }
            tx.execute(
                "UPDATE calculation SET status = 'approved', factors = ?2, approved_by = ?3,
                    approved_at = ?4, decision_ref = ?5, updated_at = ?6,
                    row_version = row_version + 1
                 WHERE id = ?1",
                params![
                    id,
                    serde_json::to_string(&snapshot(&before.calculation, &factors))?,
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
                    entity: "calculation",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before),
                    after: Some(&after),
                    reason: &format!("Beslut: {}", approval.decision_ref),
                },
            )?;
            Ok(after)
        })
    }

    /// Starts a new draft version from the latest version, after a changed decision or new
    /// facts. `reason` is required. Refused while a draft exists (work on it instead).
    pub fn new_calculation_version(
        &mut self,
        initiative_id: i64,
        reason: &str,
    ) -> Result<CalcVersion> {
        let reason = KIND.reason(reason)?;
        self.write(|tx, author| {
            let code = initiative_code(tx, initiative_id)?;
            let versions = query_versions(tx, "initiative_id = ?1", [initiative_id])?;
            let latest = KIND.base_of_new_version(&code, &versions, state)?;
            let now = super::now();
            let version = latest.version + 1;
            tx.execute(
                "INSERT INTO calculation (initiative_id, version, status, body, factors, reason,
                    based_on, created_by, created_at, updated_at)
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    initiative_id,
                    version,
                    serde_json::to_string(&latest.calculation)?,
                    serde_json::to_string(&latest.factors)?,
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
                    entity: "calculation",
                    entity_id: Some(after.id),
                    initiative_id: Some(initiative_id),
                    before: None,
                    after: Some(&after),
                    reason: &reason,
                },
            )?;
            Ok(after)
        })
    }

    /// Discards a draft that started from `row_version`. Approved versions are refused.
    pub fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| {
            let before = read_version(tx, id)?;
            KIND.check_editable(&state(&before), row_version, resaved)?;
            tx.execute("DELETE FROM calculation WHERE id = ?1", [id])?;
            record::<_, ()>(
                tx,
                author,
                Change {
                    action: "borttagen",
                    entity: "calculation",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before),
                    after: None,
                    reason: "",
                },
            )?;
            Ok(())
        })
    }
}
