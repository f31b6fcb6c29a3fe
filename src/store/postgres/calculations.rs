//! UNBUILT: the CalculationStore part of the store interface on PostgreSQL, to be written.

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

impl CalculationStore for PgRegister {
    fn calc_factors(&self) -> Result<Vec<CalcFactor>> {
        unbuilt!()
    }
    fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()> {
        unbuilt!()
    }
    fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>> {
        unbuilt!()
    }
    fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn calculation_by_id(&self, id: i64) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        unbuilt!()
    }
    fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        unbuilt!()
    }
    fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        unbuilt!()
    }
    fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>> {
        unbuilt!()
    }
    fn create_calculation(
        &mut self,
        initiative_id: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn save_calculation_draft(
        &mut self,
        id: i64,
        row_version: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn approve_calculation(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn new_calculation_version(&mut self, initiative_id: i64, reason: &str) -> Result<CalcVersion> {
        unbuilt!()
    }
    fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        unbuilt!()
    }
}
