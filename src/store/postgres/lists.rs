//! UNBUILT: the RegisterLists part of the store interface on PostgreSQL, to be written.

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
