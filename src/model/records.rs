//! The register's rows as plain values: one record per row of each table, with identities,
//! row versions and timestamps as stored. The store reads and writes them
//! (`store::tables`, `store::transfer`); the JSON document (`io::register_json`,
//! docs/json-format.md) is made of them, so their serde shape — field order, strictness — is
//! that format's and changes only with it. Neither the store nor the format names the other.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::calculation::{CalcFactor, Calculation};
use crate::model::initiative::{
    Assessment, BenefitReach, ChangeKind, Complexity, CostKind, CostType, Dimension, Financing, OrganisationKind,
    Phase, RunningCostImpact, RunningCostYear,
};
use crate::model::harvest::{HarvestDecision, HarvestFields, HarvestKind};
use crate::model::plan::Plan;
use crate::model::register_lists::{Category, ReportingPeriod};

/// Every record of a register, held at once (a test's or the demo's register; an export to
/// a file streams instead).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterRecords {
    /// The register's own settings: `name`, `created_at`, …
    pub register: BTreeMap<String, String>,
    pub organisations: Vec<OrganisationRecord>,
    pub people: Vec<PersonRecord>,
    pub calc_factors: Vec<CalcFactorRecord>,
    /// The register's målområden (format version 3).
    pub goal_areas: Vec<GoalAreaRecord>,
    pub initiatives: Vec<InitiativeRecord>,
    pub audit_log: Vec<AuditRecord>,
}

impl RegisterRecords {
    pub fn content(&self) -> RegisterContent<'_> {
        RegisterContent {
            register: &self.register,
            organisations: &self.organisations,
            people: &self.people,
            calc_factors: &self.calc_factors,
            goal_areas: &self.goal_areas,
            initiatives: &self.initiatives,
            audit_log: &self.audit_log,
        }
    }
}

/// Every record of a register, borrowed from whoever holds them (a read document, say): what
/// an import fills an empty register with.
#[derive(Debug, Clone, Copy)]
pub struct RegisterContent<'a> {
    pub register: &'a BTreeMap<String, String>,
    pub organisations: &'a [OrganisationRecord],
    pub people: &'a [PersonRecord],
    pub calc_factors: &'a [CalcFactorRecord],
    pub goal_areas: &'a [GoalAreaRecord],
    pub initiatives: &'a [InitiativeRecord],
    pub audit_log: &'a [AuditRecord],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRecord {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub committee: String,
    /// Its own governing body and reporting period, `None` where it follows the register;
    /// absent from a version-1 or -2 document (format version 3, migration 0006).
    #[serde(default)]
    pub governing_body: Option<String>,
    #[serde(default)]
    pub reporting_period: Option<ReportingPeriod>,
    #[serde(default = "first_row_version")]
    pub settings_row_version: i64,
    /// The base services it supplies, in id order (format version 3); a version-1 or -2
    /// document's reader makes them of its initiatives' texts, as migration 0006 does.
    #[serde(default)]
    pub base_services: Vec<ListEntryRecord>,
    /// Its annual analyses' "Leverantörens analys", by year and section (format version 3,
    /// migration 0007); absent from a version-1 or -2 document and when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analysis_texts: Vec<AnalysisTextRecord>,
}

/// One stored "Leverantörens analys" of a supplier (its organisation holds it): the text of
/// one section of one year's annual analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisTextRecord {
    pub year: i32,
    pub section: crate::model::annual_analysis::Section,
    pub text: String,
    pub row_version: i64,
    pub updated_at: String,
}

fn first_row_version() -> i64 {
    1
}

/// An entry of one of the register's lists: a base service or a goal area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListEntryRecord {
    pub id: i64,
    pub name: String,
    pub retired: bool,
    pub row_version: i64,
}

/// A goal area (målområde) of the register.
pub type GoalAreaRecord = ListEntryRecord;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub organisation_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalcFactorRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub value: Decimal,
    pub unit: String,
    pub source: String,
    pub year: i32,
    pub row_version: i64,
}

/// An initiative with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The supplier (leverantör).
    pub organisation_id: i64,
    /// The customers (kunder), in id order; absent from a version-1 document, whose reader
    /// fills in the supplier ([`upgrade_from_version_1`]).
    #[serde(default)]
    pub customer_ids: Vec<i64>,
    pub phase: Phase,
    pub council_tracked: bool,
    pub sponsor: String,
    pub project_manager: String,
    pub start_date: Option<NaiveDate>,
    pub go_live_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub base_service: String,
    pub need: String,
    pub benefit: String,
    pub effect_goals: Vec<String>,
    pub project_goals: String,
    pub benefit_reach: Option<BenefitReach>,
    pub change_kind: Option<ChangeKind>,
    pub project_form: Option<bool>,
    pub goal_link: String,
    /// The goal areas it links to, in id order; absent from a version-1 or -2 document.
    #[serde(default)]
    pub goal_area_ids: Vec<i64>,
    /// Absent from a version-1 or -2 document.
    #[serde(default)]
    pub category: Option<Category>,
    pub complexity_customer: Option<Complexity>,
    pub complexity_supplier: Option<Complexity>,
    pub information_classification: Assessment,
    pub threshold_analysis: Assessment,
    pub security_assessment: Assessment,
    pub architecture_assessment: Assessment,
    pub infrastructure_impact: Assessment,
    pub project_budget: Option<Decimal>,
    pub running_cost: RunningCostRecord,
    /// Absent from a version-1 document.
    #[serde(default)]
    pub financing: Option<Financing>,
    pub customer_group: String,
    pub allocation_key: String,
    pub deviation_comment: String,
    pub struck_reason: String,
    pub row_version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub status_reports: Vec<StatusReportRecord>,
    pub cost_years: Vec<CostYearRecord>,
    pub calculations: Vec<CalculationRecord>,
    pub plan_versions: Vec<PlanVersionRecord>,
    pub measurements: Vec<MeasurementRecord>,
    /// Its harvest decisions, effekthemtagning (format version 4, migration 0008); absent
    /// from older documents and when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub harvest_decisions: Vec<HarvestDecisionRecord>,
    /// What was written about its benefit deviations (format version 4, migration 0009);
    /// absent from older documents and when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deviation_notes: Vec<DeviationNoteRecord>,
    /// The evaluation that closed its follow-up, every version (migration 0010); absent
    /// from a version-1 to -3 document and left out when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<EvaluationRecord>,
}

/// One harvest decision of an initiative (its initiative holds it): the table
/// `harvest_decision`'s row, `model::harvest` says what each field means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarvestDecisionRecord {
    pub id: i64,
    pub benefit: String,
    pub kind: HarvestKind,
    pub amount: Decimal,
    #[serde(default)]
    pub redeployed_to: String,
    #[serde(default)]
    pub reason: String,
    pub from_date: NaiveDate,
    pub decided_by: String,
    pub decided_on: NaiveDate,
    #[serde(default)]
    pub decision_ref: String,
    #[serde(default)]
    pub carried_out_on: Option<NaiveDate>,
    #[serde(default)]
    pub comment: String,
    pub row_version: i64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl HarvestDecisionRecord {
    pub fn fields(&self) -> HarvestFields {
        HarvestFields {
            benefit: self.benefit.clone(),
            kind: self.kind,
            amount: self.amount,
            redeployed_to: self.redeployed_to.clone(),
            reason: self.reason.clone(),
            from_date: self.from_date,
            decided_by: self.decided_by.clone(),
            decided_on: self.decided_on,
            decision_ref: self.decision_ref.clone(),
            carried_out_on: self.carried_out_on,
            comment: self.comment.clone(),
        }
    }

    pub fn of(decision: HarvestDecision) -> HarvestDecisionRecord {
        let f = decision.fields;
        HarvestDecisionRecord {
            id: decision.id,
            benefit: f.benefit,
            kind: f.kind,
            amount: f.amount,
            redeployed_to: f.redeployed_to,
            reason: f.reason,
            from_date: f.from_date,
            decided_by: f.decided_by,
            decided_on: f.decided_on,
            decision_ref: f.decision_ref,
            carried_out_on: f.carried_out_on,
            comment: f.comment,
            row_version: decision.row_version,
            created_by: decision.created_by,
            created_at: decision.created_at,
            updated_at: decision.updated_at,
        }
    }
}

/// One benefit deviation's note (`model::deviation`), of the initiative that holds it:
/// orsak, åtgärd, the decision asked for and the closure of one checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviationNoteRecord {
    pub indicator_code: String,
    pub months_after_go_live: u32,
    pub cause: String,
    pub action: String,
    pub decision_requested: String,
    /// `None` while open.
    pub closure: Option<crate::model::deviation::Closure>,
    pub closed_on: Option<NaiveDate>,
    pub updated_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub row_version: i64,
}

impl DeviationNoteRecord {
    pub fn from_note(note: crate::model::deviation::DeviationNote) -> Self {
        DeviationNoteRecord {
            indicator_code: note.key.indicator_code,
            months_after_go_live: note.key.months_after_go_live,
            cause: note.edit.cause,
            action: note.edit.action,
            decision_requested: note.edit.decision_requested,
            closure: note.edit.closure,
            closed_on: note.edit.closed_on,
            updated_by: note.updated_by,
            created_at: note.created_at,
            updated_at: note.updated_at,
            row_version: note.row_version,
        }
    }

    /// The note's key, for the initiative `initiative_id`.
    pub fn key(&self, initiative_id: i64) -> crate::model::deviation::DeviationKey {
        crate::model::deviation::DeviationKey {
            initiative_id,
            indicator_code: self.indicator_code.clone(),
            months_after_go_live: self.months_after_go_live,
        }
    }

    /// The texts and closure as an edit.
    pub fn edit(&self) -> crate::model::deviation::DeviationEdit {
        crate::model::deviation::DeviationEdit {
            cause: self.cause.clone(),
            action: self.action.clone(),
            decision_requested: self.decision_requested.clone(),
            closure: self.closure.clone(),
            closed_on: self.closed_on,
        }
    }
}

impl InitiativeRecord {
    /// What migration 0004 does to a register, done to an initiative of a version-1 document
    /// (written before initiatives had customers and a financing type): its organisation, the
    /// supplier, becomes its sole customer, and an allocation key means kostnadsfördelning.
    pub fn upgrade_from_version_1(&mut self) {
        if self.customer_ids.is_empty() {
            self.customer_ids = vec![self.organisation_id];
        }
        if self.financing.is_none() && !self.allocation_key.trim().is_empty() {
            self.financing = Some(Financing::Kostnadsfordelning);
        }
    }
}

/// Påverkan på förvaltningskostnad as a record: per calendar year since format version 3
/// (migration 0005). A version-1 or -2 document has the relative years instead (`year_n`,
/// `year_n1`, `year_n2`), which its reader anchors to the decision year
/// ([`InitiativeRecord::upgrade_from_version_2`]) and which are never written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningCostRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_n: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_n1: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_n2: Option<Decimal>,
    /// Absent from a version-1 or -2 document.
    #[serde(default)]
    pub years: Vec<RunningCostYear>,
    pub comment: String,
}

impl RunningCostRecord {
    /// The relative years of an older document, if it gave any.
    pub fn has_relative_years(&self) -> bool {
        self.year_n.is_some() || self.year_n1.is_some() || self.year_n2.is_some()
    }
}

impl From<RunningCostImpact> for RunningCostRecord {
    fn from(impact: RunningCostImpact) -> Self {
        RunningCostRecord { year_n: None, year_n1: None, year_n2: None, years: impact.years, comment: impact.comment }
    }
}

impl InitiativeRecord {
    /// What migration 0005 does to a register, done to an initiative of a version-1 or -2
    /// document: the relative running-cost years become calendar years from the decision
    /// year ([`crate::model::costs::decision_year`]), and a cost row without a kind is
    /// utveckling. Returns the audit sentence when years were anchored.
    pub fn upgrade_from_version_2(&mut self) -> Option<String> {
        for cost in &mut self.cost_years {
            cost.kind.get_or_insert(CostKind::Utveckling);
        }
        if !self.running_cost.has_relative_years() {
            return None;
        }
        let approvals = self
            .calculations
            .iter()
            .filter(|c| c.status == VersionStatus::Approved)
            .filter_map(|c| c.approved_at)
            .chain(self.plan_versions.iter().filter(|p| p.status == VersionStatus::Approved).filter_map(|p| p.approved_at));
        let (n, source) = crate::model::costs::decision_year(approvals, self.start_date, &self.created_at)?;
        let rc = &mut self.running_cost;
        rc.years = crate::model::costs::anchor_relative_years(n, [rc.year_n.take(), rc.year_n1.take(), rc.year_n2.take()]);
        Some(crate::model::costs::anchoring_reason(n, source))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusReportRecord {
    pub id: i64,
    pub period_end: NaiveDate,
    pub time: Dimension,
    pub cost: Dimension,
    pub result: Dimension,
    pub comment: String,
    pub author: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostYearRecord {
    pub id: i64,
    pub year: i32,
    pub cost_type: CostType,
    /// Förvaltning or utveckling: always written; absent from a version-1 or -2 document,
    /// whose reader makes it utveckling as migration 0005 does.
    #[serde(default)]
    pub kind: Option<CostKind>,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub forecast: Option<Decimal>,
    pub hours: Option<Decimal>,
    /// Kr per hour, internal rows only; absent from a version-1 or -2 document.
    #[serde(default)]
    pub hourly_rate: Option<Decimal>,
    pub comment: String,
}

pub use crate::model::VersionStatus;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalculationRecord {
    pub id: i64,
    pub version: u32,
    pub status: VersionStatus,
    pub calculation: Calculation,
    /// The factors frozen with an approved version.
    pub factors: Vec<CalcFactor>,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDate>,
    pub decision_ref: Option<String>,
    pub row_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanVersionRecord {
    pub id: i64,
    pub version: u32,
    pub status: VersionStatus,
    pub plan: Plan,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDate>,
    pub decision_ref: Option<String>,
    pub row_version: i64,
}

/// One version of an initiative's evaluation (utvärdering), as `PlanVersionRecord`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRecord {
    pub id: i64,
    pub version: u32,
    pub status: VersionStatus,
    pub evaluation: crate::model::evaluation::FinalEvaluation,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDate>,
    pub decision_ref: Option<String>,
    pub row_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementRecord {
    pub id: i64,
    pub indicator: String,
    pub date: NaiveDate,
    pub value: Decimal,
    pub source: String,
    pub comment: String,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    pub row_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    pub author: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub initiative_id: Option<i64>,
    /// The values before the change, as JSON (absent for a creation).
    pub before: Option<RawJson>,
    pub after: Option<RawJson>,
    pub reason: String,
}

/// JSON kept exactly as written (the audit log's before and after), so that not even the
/// order of its keys changes on the way through an export and an import.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub Box<serde_json::value::RawValue>);

impl RawJson {
    /// Checks that `text` is JSON and keeps it as it is.
    pub fn new(text: String) -> Result<RawJson, serde_json::Error> {
        serde_json::value::RawValue::from_string(text).map(RawJson)
    }

    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

