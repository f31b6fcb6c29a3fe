//! UNBUILT: the PlanStore part of the store interface on PostgreSQL, to be written.

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

impl PlanStore for PgRegister {
    fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>> {
        unbuilt!()
    }
    fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        unbuilt!()
    }
    fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        unbuilt!()
    }
    fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        unbuilt!()
    }
    fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>> {
        unbuilt!()
    }
    fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion> {
        unbuilt!()
    }
    fn save_plan_draft(&mut self, id: i64, row_version: i64, plan: &Plan) -> Result<PlanVersion> {
        unbuilt!()
    }
    fn approve_plan(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<PlanVersion> {
        unbuilt!()
    }
    fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion> {
        unbuilt!()
    }
    fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        unbuilt!()
    }
}
