//! Nyttokalkyler: the register's calculation factors and the versioned calculations of each
//! initiative.
//!
//! A calculation version is one document ([`Calculation`]) edited as a whole while it is a
//! draft. Approval freezes it together with a snapshot of the factors its lines refer to, so a
//! later change of a register factor never changes an approved result. An approved version is
//! refused here before any SQL is sent, and again by the triggers of migration 0002 should
//! anyone write to the file directly. A change after approval is a new draft version copied
//! from the latest one, with a required reason.

use rusqlite::{params, Transaction};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid};
use super::versions::{self, Document, DocumentKind, Header, Sql, SqlTx, VersionState};
use super::{Register, CalculationStore};
use crate::calc::{self, CalcDiff};
use crate::model::calculation::{default_factors, CalcFactor, Calculation};
use crate::model::{Approval, CalcVersion, FieldError, FROZEN_MESSAGE};

impl Document for CalcVersion {
    const KIND: DocumentKind = DocumentKind {
        table: "calculation",
        json_columns: &["body", "factors"],
        noun: "kalkyl",
        name: "nyttokalkyl",
        definite: "kalkylen",
        title: "Kalkylen",
        frozen_message: FROZEN_MESSAGE,
        reason_example: "nya uppgifter",
    };
    type Body = Calculation;
    type Logged = CalcVersion;
    type ApprovalLogged = CalcVersion;

    fn from_parts(h: Header, json: &[String]) -> Result<Self> {
        Ok(CalcVersion {
            calculation: serde_json::from_str(&json[0])?,
            factors: serde_json::from_str(&json[1])?,
            id: h.id,
            initiative_id: h.initiative_id,
            version: h.version,
            status: h.status,
            reason: h.reason,
            based_on: h.based_on,
            created_by: h.created_by,
            created_at: h.created_at,
            updated_at: h.updated_at,
            approval: h.approval,
            row_version: h.row_version,
        })
    }

    fn json(&self) -> Result<Vec<String>> {
        Ok(vec![serde_json::to_string(&self.calculation)?, serde_json::to_string(&self.factors)?])
    }

    fn state(&self) -> VersionState {
        VersionState {
            id: self.id,
            initiative_id: self.initiative_id,
            version: self.version,
            approved: self.is_approved(),
            row_version: self.row_version,
        }
    }

    fn body(&self) -> &Calculation {
        &self.calculation
    }

    fn logged(&self) -> &CalcVersion {
        self
    }

    fn approval_log<'a>(
        before: &'a Self,
        after: &'a Self,
        approval: &'a Approval,
    ) -> (Option<&'a Self>, Option<&'a Self>, String) {
        (Some(before), Some(after), format!("Beslut: {}", approval.decision_ref))
    }

    fn deleted_reason(&self) -> String {
        String::new()
    }
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

/// What `calculation` changes of the stored version `before`, in at most `max` items.
pub(in crate::store) fn changes_from(before: &CalcVersion, calculation: &Calculation, max: usize) -> String {
    short_summary(&calc::diff(&before.calculation, calculation), max)
}

/// The JSON columns of a draft of `calculation` (its body and its factor snapshot), checked
/// against the register's `factors`; the field errors when it is invalid.
pub(in crate::store) fn draft_json(calculation: &Calculation, factors: &[CalcFactor]) -> Result<Vec<String>> {
    check_valid(calc::validate(calculation, factors))?;
    Ok(vec![
        serde_json::to_string(calculation)?,
        serde_json::to_string(&snapshot(calculation, factors))?,
    ])
}

/// What approving `before` sets besides the approval: the frozen snapshot of the register's
/// `factors` it uses. Refused without lines or with validation errors.
pub(in crate::store) fn approval_columns(
    before: &CalcVersion,
    factors: &[CalcFactor],
) -> Result<Vec<(&'static str, String)>> {
    if before.calculation.lines.is_empty() {
        return Err(StoreError::Refused(
            "Kalkylen kan inte godkännas: den har inga rader. Lägg till nyttor och \
             kostnader först."
                .to_string(),
        ));
    }
    let errors = calc::validate(&before.calculation, factors);
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(vec![("factors", serde_json::to_string(&snapshot(&before.calculation, factors))?)])
}

/// A factor as it is stored: texts trimmed.
pub(in crate::store) fn trimmed_factor(factor: &CalcFactor) -> CalcFactor {
    CalcFactor {
        code: factor.code.trim().to_string(),
        name: factor.name.trim().to_string(),
        unit: factor.unit.trim().to_string(),
        source: factor.source.trim().to_string(),
        ..factor.clone()
    }
}

/// What saving `factor` (trimmed) into the register's list `all` does: the field errors of
/// the factor when the list would be invalid; `None` when it changes nothing; else the
/// factor it replaces (`Some(None)` for a new code).
pub(in crate::store) fn factor_change(
    mut all: Vec<CalcFactor>,
    factor: &CalcFactor,
) -> Result<Option<Option<CalcFactor>>> {
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
    if before_value.as_ref() == Some(factor) {
        return Ok(None);
    }
    Ok(Some(before_value))
}

/// The audit row of a saved factor (`before` is the one it replaced).
pub(in crate::store) fn factor_audit<'a>(
    id: i64,
    before: Option<&'a CalcFactor>,
    after: &'a CalcFactor,
) -> Change<'a, CalcFactor, CalcFactor> {
    Change {
        action: if before.is_some() { "ändrad" } else { "skapad" },
        entity: "calc_factor",
        entity_id: Some(id),
        initiative_id: None,
        before,
        after: Some(after),
        reason: "",
    }
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

impl CalculationStore for Register {
    // ---- calculation factors ------------------------------------------------------

    /// The register's calculation factors, in the order they were added.
    fn calc_factors(&self) -> Result<Vec<CalcFactor>> {
        read_factors(self.conn())
    }

    /// Adds a factor, or changes the one with the same code. Approved calculations keep the
    /// values frozen with them; drafts use the new value from their next computation.
    fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()> {
        let factor = trimmed_factor(factor);
        self.write(|tx, author| {
            let Some(before) = factor_change(read_factors(tx)?, &factor)? else {
                return Ok(());
            };
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
            record(tx, author, factor_audit(id, before.as_ref(), &factor))
        })
    }

    // ---- calculations: reading ------------------------------------------------------

    /// Every version of the initiative's calculation, oldest first.
    fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>> {
        self.versions_of(initiative_id)
    }

    /// One version by its number.
    fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion> {
        versions::numbered(&mut Sql(self.conn()), initiative_id, version)
    }

    /// One version by its id.
    fn calculation_by_id(&self, id: i64) -> Result<CalcVersion> {
        versions::read(self.conn(), id)
    }

    /// The version reports use: the latest approved one.
    fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::latest_approved(self.calculation_versions(initiative_id)?))
    }

    fn calculation_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<CalcVersion>> {
        versions::versions_of_all(self.conn(), initiative_ids)
    }

    fn newest_calculation_drafts(&self) -> Result<Vec<(i64, u32)>> {
        versions::newest_drafts(self.conn(), CalcVersion::KIND.table)
    }

    fn first_approved_calculations(&self) -> Result<Vec<CalcVersion>> {
        let filter = versions::first_approved_filter(CalcVersion::KIND.table);
        let mut all: Vec<CalcVersion> = versions::query(self.conn(), &filter, [])?;
        all.sort_by_key(|v| v.initiative_id);
        Ok(all)
    }

    /// The draft being worked on, if any (there is at most one).
    fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::draft(self.calculation_versions(initiative_id)?))
    }

    /// The latest approved version, or else the draft; `None` when there is no calculation.
    fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::current(self.calculation_versions(initiative_id)?))
    }

    /// The factors a version is computed with: its frozen snapshot when approved, the
    /// register's current list when it is a draft.
    fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>> {
        if version.is_approved() {
            Ok(version.factors.clone())
        } else {
            self.calc_factors()
        }
    }

    // ---- calculations: writing ------------------------------------------------------

    /// Starts the initiative's calculation: version 1, a draft. Refused when the initiative
    /// already has one (a change then is a new version).
    fn create_calculation(
        &mut self,
        initiative_id: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        let json = draft_json(calculation, &self.calc_factors()?)?;
        self.write(|tx, author| versions::create(&mut SqlTx(tx), author, initiative_id, &json))
    }

    /// Saves the edited draft that started from `row_version`. Refused for an approved
    /// version, for a stale edit (someone saved in between), and for an invalid calculation
    /// (every error with its field path, e.g. `lines[2].value.amount.likely`).
    fn save_calculation_draft(
        &mut self,
        id: i64,
        row_version: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        self.write(|tx, author| {
            versions::save(
                &mut SqlTx(tx),
                author,
                (id, row_version),
                calculation,
                |before| changes_from(before, calculation, 3),
                |s, _| draft_json(calculation, &read_factors(s.0)?),
                |before| changes_from(before, calculation, 10),
            )
        })
    }

    /// Approves the draft that started from `row_version` and freezes it, with the values of
    /// the factors it uses. Requires at least one line and no validation errors.
    fn approve_calculation(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<CalcVersion> {
        let approval = versions::checked_approval::<CalcVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut SqlTx(tx), author, (id, row_version), &approval, |s, before: &CalcVersion| {
                approval_columns(before, &read_factors(s.0)?)
            })
        })
    }

    /// Starts a new draft version from the latest version, after a changed decision or new
    /// facts. `reason` is required. Refused while a draft exists (work on it instead).
    fn new_calculation_version(
        &mut self,
        initiative_id: i64,
        reason: &str,
    ) -> Result<CalcVersion> {
        let reason = versions::checked_reason::<CalcVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut SqlTx(tx), author, initiative_id, &reason))
    }

    /// Discards a draft that started from `row_version`. Approved versions are refused.
    fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<CalcVersion>(&mut SqlTx(tx), author, id, row_version))
    }
}
