//! UNBUILT: the RegisterLists part of the store interface on PostgreSQL, to be written.

#![allow(unused_variables)]

use super::register::PgRegister;
use super::unbuilt;
use postgres::Transaction;
use crate::model::FieldError;
use crate::store::lists::{list_reference_errors, ListLookup};
#[allow(unused_imports)]
use crate::store::interface::*;
#[allow(unused_imports)]
use crate::store::{Result, StoreError};
#[allow(unused_imports)]
use std::collections::BTreeMap;
#[allow(unused_imports)]
use std::collections::HashMap;
#[allow(unused_imports)]
use chrono::NaiveDate;
#[allow(unused_imports)]
use rust_decimal::Decimal;
#[allow(unused_imports)]
use crate::followup::FollowUpData;
#[allow(unused_imports)]
use crate::model::calculation::{CalcFactor, Calculation};
#[allow(unused_imports)]
use crate::model::initiative::{
    CostYear, CostYearFields, Initiative, InitiativeFields, InitiativeSummary, Organisation,
    OrganisationKind, StatusReport, StatusReportFields,
};
#[allow(unused_imports)]
use crate::model::plan::{Indicator, Measurement, Plan, StoredMeasurement};
#[allow(unused_imports)]
use crate::model::records::{RegisterContent, RegisterRecords};
#[allow(unused_imports)]
use crate::model::register_lists::{
    ListEntry, ListKind, OrganisationSettings, OrganisationSettingsFields, RegisterSettings, RegisterSettingsFields,
};
#[allow(unused_imports)]
use crate::model::{Approval, CalcVersion, IndicatorTargetHistory, PlanVersion};
#[allow(unused_imports)]
use crate::model::annual_analysis::{AnalysisText, Section};

/// The list checks of an initiative's save read the shared register through this.
impl ListLookup for Transaction<'_> {
    fn base_service_retired(&mut self, organisation_id: i64, name: &str) -> Result<Option<bool>> {
        let row = self.query_opt(
            "SELECT retired FROM base_service WHERE organisation_id = $1 AND name = $2",
            &[&organisation_id, &name],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn organisation_name(&mut self, organisation_id: i64) -> Result<Option<String>> {
        let row = self.query_opt("SELECT name FROM organisation WHERE id = $1", &[&organisation_id])?;
        Ok(row.map(|r| r.get(0)))
    }

    fn goal_area(&mut self, id: i64) -> Result<Option<(String, bool)>> {
        let row = self.query_opt("SELECT name, retired FROM goal_area WHERE id = $1", &[&id])?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }
}

/// The checks an initiative's save makes against the register's lists, on the shared
/// register: the file register's rule ([`list_reference_errors`]).
pub(in crate::store) fn check_list_references(
    tx: &mut Transaction<'_>,
    fields: &InitiativeFields,
    stored: Option<&InitiativeFields>,
) -> Result<Vec<FieldError>> {
    list_reference_errors(tx, fields, stored)
}

/// Stores an initiative's goal areas (its links replaced by `ids`).
pub(in crate::store) fn write_goal_areas(tx: &mut Transaction<'_>, initiative_id: i64, ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM initiative_goal_area WHERE initiative_id = $1", &[&initiative_id])?;
    for id in ids {
        tx.execute(
            "INSERT INTO initiative_goal_area (initiative_id, goal_area_id) VALUES ($1, $2)",
            &[&initiative_id, id],
        )?;
    }
    Ok(())
}

impl RegisterLists for PgRegister {
    fn list_entries(&self, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
        unbuilt!()
    }
    fn add_list_entry(&mut self, kind: ListKind, organisation_id: Option<i64>, name: &str) -> Result<ListEntry> {
        unbuilt!()
    }
    fn rename_list_entry(&mut self, kind: ListKind, id: i64, row_version: i64, name: &str) -> Result<ListEntry> {
        unbuilt!()
    }
    fn set_list_entry_retired(&mut self, kind: ListKind, id: i64, row_version: i64, retired: bool) -> Result<ListEntry> {
        unbuilt!()
    }
    fn register_settings(&self) -> Result<RegisterSettings> {
        unbuilt!()
    }
    fn save_register_settings(&mut self, row_version: i64, fields: &RegisterSettingsFields) -> Result<RegisterSettings> {
        unbuilt!()
    }
    fn organisation_settings(&self) -> Result<Vec<OrganisationSettings>> {
        unbuilt!()
    }
    fn save_organisation_settings(
        &mut self,
        organisation_id: i64,
        row_version: i64,
        fields: &OrganisationSettingsFields,
    ) -> Result<OrganisationSettings> {
        unbuilt!()
    }
}
