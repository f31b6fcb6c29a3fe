//! Nyttokalkyler on the shared register: the register's calculation factors and the
//! versioned calculations of each initiative. The rules are the file register's
//! (`store/calculations.rs`, `store/versions.rs`); only the statements are here.

use postgres::GenericClient;

use super::audit::record;
use super::register::PgRegister;
use super::values;
use super::versions::Pg;
use crate::model::calculation::{CalcFactor, Calculation};
use crate::model::{Approval, CalcVersion};
use crate::store::calculations::{approval_columns, changes_from, draft_json, factor_audit, factor_change, trimmed_factor};
use crate::store::versions::{self, Document};
use crate::store::{CalculationStore, Result};

/// The register's calculation factors, in the order they were added.
fn read_factors(client: &mut impl GenericClient) -> Result<Vec<CalcFactor>> {
    let rows = client.query("SELECT code, name, value, unit, source, year FROM calc_factor ORDER BY id", &[])?;
    rows.iter()
        .map(|row| {
            Ok(CalcFactor {
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                value: values::required_decimal(row, "value")?,
                unit: row.try_get("unit")?,
                source: row.try_get("source")?,
                year: row.try_get("year")?,
            })
        })
        .collect()
}

impl CalculationStore for PgRegister {
    // ---- calculation factors ------------------------------------------------------

    fn calc_factors(&self) -> Result<Vec<CalcFactor>> {
        read_factors(&mut *self.client())
    }

    /// Adds a factor, or changes the one with the same code (the register administrator's).
    fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()> {
        let factor = trimmed_factor(factor);
        self.write(|tx, author| {
            let Some(before) = factor_change(read_factors(tx)?, &factor)? else {
                return Ok(());
            };
            let id: i64 = tx
                .query_one(
                    "INSERT INTO calc_factor (code, name, value, unit, source, year)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, value = excluded.value,
                        unit = excluded.unit, source = excluded.source, year = excluded.year,
                        row_version = calc_factor.row_version + 1
                     RETURNING id",
                    &[&factor.code, &factor.name, &factor.value.normalize(), &factor.unit, &factor.source, &factor.year],
                )?
                .get(0);
            record(tx, author, factor_audit(id, before.as_ref(), &factor))
        })
    }

    // ---- calculations: reading ------------------------------------------------------

    fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>> {
        versions::versions_of(&mut Pg(&mut *self.client()), initiative_id)
    }

    fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion> {
        versions::numbered(&mut Pg(&mut *self.client()), initiative_id, version)
    }

    fn calculation_by_id(&self, id: i64) -> Result<CalcVersion> {
        versions::version_by_id(&mut Pg(&mut *self.client()), id)
    }

    fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::latest_approved(self.calculation_versions(initiative_id)?))
    }

    fn calculation_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<CalcVersion>> {
        super::versions::versions_of_all(&mut *self.client(), initiative_ids)
    }

    fn newest_calculation_drafts(&self) -> Result<Vec<(i64, u32)>> {
        super::versions::newest_drafts(&mut *self.client(), CalcVersion::KIND.table)
    }

    fn first_approved_calculations(&self) -> Result<Vec<CalcVersion>> {
        let filter = crate::store::versions::first_approved_filter(CalcVersion::KIND.table);
        let mut all: Vec<CalcVersion> = super::versions::query_all(&mut *self.client(), &filter)?;
        all.sort_by_key(|v| v.initiative_id);
        Ok(all)
    }

    fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::draft(self.calculation_versions(initiative_id)?))
    }

    fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        Ok(versions::current(self.calculation_versions(initiative_id)?))
    }

    /// An approved version's frozen snapshot, or the register's current factors for a draft.
    fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>> {
        if version.is_approved() {
            Ok(version.factors.clone())
        } else {
            self.calc_factors()
        }
    }

    // ---- calculations: writing ------------------------------------------------------

    fn create_calculation(&mut self, initiative_id: i64, calculation: &Calculation) -> Result<CalcVersion> {
        let json = draft_json(calculation, &self.calc_factors()?)?;
        self.write(|tx, author| versions::create(&mut Pg(tx), author, initiative_id, &json))
    }

    fn save_calculation_draft(&mut self, id: i64, row_version: i64, calculation: &Calculation) -> Result<CalcVersion> {
        self.write(|tx, author| {
            versions::save(
                &mut Pg(tx),
                author,
                (id, row_version),
                calculation,
                |before| changes_from(before, calculation, 3),
                |s, _| draft_json(calculation, &read_factors(s.0)?),
                |before| changes_from(before, calculation, 10),
            )
        })
    }

    /// Approves and freezes the draft with the values of the factors it uses.
    fn approve_calculation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<CalcVersion> {
        let approval = versions::checked_approval::<CalcVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut Pg(tx), author, (id, row_version), &approval, |s, before: &CalcVersion| {
                approval_columns(before, &read_factors(s.0)?)
            })
        })
    }

    fn new_calculation_version(&mut self, initiative_id: i64, reason: &str) -> Result<CalcVersion> {
        let reason = versions::checked_reason::<CalcVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut Pg(tx), author, initiative_id, &reason))
    }

    fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<CalcVersion>(&mut Pg(tx), author, id, row_version))
    }
}
