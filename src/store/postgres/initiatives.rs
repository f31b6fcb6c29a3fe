//! UNBUILT: the InitiativeStore part of the store interface on PostgreSQL, to be written.

#![allow(unused_variables)]

use super::register::PgRegister;
use super::unbuilt;
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

impl InitiativeStore for PgRegister {
    fn organisations(&self) -> Result<Vec<Organisation>> {
        unbuilt!()
    }
    fn add_organisation(
        &mut self,
        name: &str,
        kind: OrganisationKind,
        committee: &str,
    ) -> Result<i64> {
        unbuilt!()
    }
    fn initiative_summaries(&self) -> Result<Vec<InitiativeSummary>> {
        unbuilt!()
    }
    fn initiative(&self, id: i64) -> Result<Initiative> {
        unbuilt!()
    }
    fn initiative_by_code(&self, code: &str) -> Result<Initiative> {
        unbuilt!()
    }
    fn create_initiative(&mut self, fields: &InitiativeFields) -> Result<i64> {
        unbuilt!()
    }
    fn update_initiative(
        &mut self,
        id: i64,
        row_version: i64,
        fields: &InitiativeFields,
    ) -> Result<Initiative> {
        unbuilt!()
    }
    fn status_reports(&self, initiative_id: i64) -> Result<Vec<StatusReport>> {
        unbuilt!()
    }
    fn add_status_report(&mut self, initiative_id: i64, report: &StatusReportFields)
        -> Result<i64> {
        unbuilt!()
    }
    fn cost_years(&self, initiative_id: i64) -> Result<Vec<CostYear>> {
        unbuilt!()
    }
    fn save_cost_year(&mut self, initiative_id: i64, cost: &CostYearFields) -> Result<i64> {
        unbuilt!()
    }
    fn delete_cost_year(&mut self, initiative_id: i64, id: i64) -> Result<()> {
        unbuilt!()
    }
}
