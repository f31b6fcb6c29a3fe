//! UNBUILT: the AnnualAnalysisStore part of the store interface on PostgreSQL, to be written.

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

impl AnnualAnalysisStore for PgRegister {
    fn analysis_texts(&self, organisation_id: i64, year: i32) -> Result<Vec<AnalysisText>> {
        unbuilt!()
    }
    fn save_analysis_text(
        &mut self,
        organisation_id: i64,
        year: i32,
        section: Section,
        row_version: i64,
        text: &str,
    ) -> Result<AnalysisText> {
        unbuilt!()
    }
}
