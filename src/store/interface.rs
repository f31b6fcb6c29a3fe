//! The store interface: every operation the application layer asks of a register, with no
//! database type, no SQL and no file path in it. The SQLite register ([`super::Register`])
//! implements it; the shared register on PostgreSQL implements the same trait, and the
//! store's tests (`tests/it/store_contract/`) are written once, generic over it.
//!
//! **Why a trait.** The application layer is generic over `S: RegisterStore`, so each backend
//! is called directly, and the streaming reads keep their callbacks monomorphised (an export
//! of a million measurements pays no dynamic call per row). The faces, which choose the
//! backend at run time from what the user opens, hold the application layer's one enum over
//! the backends, which implements this trait by dispatch (`app::OpenRegister`).
//!
//! **Transactions.** Each writing method is one user action: one transaction holding its
//! audit-log rows, all stored or none. Reads that must see one state of the register run
//! inside [`RegisterStore::read_consistently`].

use std::collections::BTreeMap;
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{AuditEntry, CheckReport, Result, StoreError};
use crate::followup::FollowUpData;
use crate::model::calculation::{CalcFactor, Calculation};
use crate::model::initiative::{
    CostYear, CostYearFields, Initiative, InitiativeFields, InitiativeSummary, Organisation,
    OrganisationKind, StatusReport, StatusReportFields,
};
use crate::model::plan::{AllowedRange, Indicator, Measurement, Plan, StoredMeasurement};
use crate::model::records::{RegisterContent, RegisterRecords};
use crate::model::register_lists::{
    ListEntry, ListKind, OrganisationSettings, OrganisationSettingsFields, RegisterSettings, RegisterSettingsFields,
};
use crate::model::{Approval, CalcVersion, IndicatorTargetHistory, PlanVersion};
use crate::model::annual_analysis::{AnalysisText, Section};
use crate::model::harvest::{HarvestDecision, HarvestFields};
use crate::model::deviation::{DeviationEdit, DeviationKey, DeviationNote};
use crate::model::evaluation::{EvaluationVersion, FinalEvaluation};

/// A register, whichever database holds it: every part of the interface together. A
/// backend implements the parts; this trait comes with them.
pub trait RegisterStore:
    RegisterInfo
    + InitiativeStore
    + AuditLog
    + CalculationStore
    + PlanStore
    + MeasurementStore
    + MeasurementImportStore
    + TableReader
    + DocumentTransfer
    + AnnualAnalysisStore
    + DeviationStore
    + RegisterLists
    + HarvestStore
    + EvaluationStore
{
}

impl<S> RegisterStore for S where
    S: RegisterInfo
        + InitiativeStore
        + AuditLog
        + CalculationStore
        + PlanStore
        + MeasurementStore
        + MeasurementImportStore
        + TableReader
        + DocumentTransfer
        + AnnualAnalysisStore
        + DeviationStore
        + RegisterLists
        + HarvestStore
        + EvaluationStore
{
}

/// The register itself: its name, its date, who writes, whether it changed, its checks.
pub trait RegisterInfo {
    /// The register's display name (shown in the window title and on reports).
    fn name(&self) -> Result<String>;

    /// The fixed "today" of a demo register (see `demo::DEMO_DATE`); `None` for real
    /// registers, which are always shown as of the actual date.
    fn demo_date(&self) -> Result<Option<NaiveDate>>;

    /// The date the register is shown as of: the demo date of a demo register, else today.
    fn view_date(&self) -> Result<NaiveDate> {
        Ok(self
            .demo_date()?
            .unwrap_or_else(|| chrono::Local::now().date_naive()))
    }

    /// Who the audit log names for changes made through this handle.
    fn author(&self) -> &str;

    /// Names `author` in the audit log from now on; blank keeps the present author.
    fn set_author(&mut self, author: &str);

    /// A value that changes whenever anything is committed to the register, by this handle
    /// or by another: for a caller that keeps something computed from the register and must
    /// know whether it still holds.
    fn change_key(&self) -> Result<(i64, u64)>;

    /// The database's own consistency checks and counts per entity, for `nytta check`.
    fn check(&self) -> Result<CheckReport>;

    /// Rebuilds what the register derives from its rows and keeps: its indexes — among them
    /// the measurements' covering index, which the statuses read instead of the measurements
    /// (issue 19) — from the tables, for `nytta check --rebuild`. Changes no row.
    fn rebuild_derived(&mut self) -> Result<()>;

    /// Runs `read` so that every query it makes sees one state of the register, even while
    /// another program writes to it.
    fn read_consistently<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>;

    /// The register's own settings (`name`, `created_at`, …), by key.
    fn register_info(&self) -> Result<BTreeMap<String, String>>;

    /// Names the register and marks it as a demo viewed as of `date` (the demo register).
    fn mark_as_demo(&mut self, name: &str, date: NaiveDate) -> Result<()>;
}

/// Organisations, initiatives, their status reports and costs.
pub trait InitiativeStore {
    fn organisations(&self) -> Result<Vec<Organisation>>;
    fn add_organisation(
        &mut self,
        name: &str,
        kind: OrganisationKind,
        committee: &str,
    ) -> Result<i64>;
    /// Every initiative with what the portfolio list shows of it, ordered by code.
    fn initiative_summaries(&self) -> Result<Vec<InitiativeSummary>>;
    fn initiative(&self, id: i64) -> Result<Initiative>;
    /// The initiative with this code, whatever the letter case.
    fn initiative_by_code(&self, code: &str) -> Result<Initiative>;
    fn create_initiative(&mut self, fields: &InitiativeFields) -> Result<i64>;
    /// Saves the fields; refused as stale when `row_version` is not the stored one.
    fn update_initiative(
        &mut self,
        id: i64,
        row_version: i64,
        fields: &InitiativeFields,
    ) -> Result<Initiative>;
    fn status_reports(&self, initiative_id: i64) -> Result<Vec<StatusReport>>;
    /// Every initiative's status reports (that the person may read), by initiative id and
    /// then as [`InitiativeStore::status_reports`] orders them: one read for a report on the
    /// whole portfolio instead of one per initiative, each a round trip on the shared register.
    fn all_status_reports(&self) -> Result<Vec<StatusReport>>;
    /// Adds a status report; amber and red need a cause and an action.
    fn add_status_report(&mut self, initiative_id: i64, report: &StatusReportFields)
        -> Result<i64>;
    fn cost_years(&self, initiative_id: i64) -> Result<Vec<CostYear>>;
    /// Every initiative's cost years (that the person may read), by initiative id and then
    /// as [`InitiativeStore::cost_years`] orders them; see [`InitiativeStore::all_status_reports`].
    fn all_cost_years(&self) -> Result<Vec<CostYear>>;
    /// Adds or replaces the costs of one year, cost type and kind (förvaltning/utveckling);
    /// a blank internal Utfall with hours and an hourly rate is stored as hours × rate.
    fn save_cost_year(&mut self, initiative_id: i64, cost: &CostYearFields) -> Result<i64>;
    /// Removes one cost row (`id`) of the initiative; its figures stay in the audit log.
    fn delete_cost_year(&mut self, initiative_id: i64, id: i64) -> Result<()>;
}

/// What the register defines for itself (`model::register_lists`): its lists — each
/// supplier's base services, the goal areas — and its governing bodies and reporting periods.
/// Every change is one transaction with its audit row; entries and settings carry a row
/// version, and a save that started from an older one is refused.
pub trait RegisterLists {
    /// The entries of a list, retired ones too, by name: the base services of one supplier
    /// (`organisation_id`) or of all (`None`), or the goal areas (`organisation_id` unused).
    fn list_entries(&self, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>>;
    /// Adds an entry; a base service needs its supplier. Its name must be new to the list
    /// (letter case aside).
    fn add_list_entry(&mut self, kind: ListKind, organisation_id: Option<i64>, name: &str) -> Result<ListEntry>;
    /// Renames an entry; the initiatives that name a base service are renamed with it, each
    /// with its own audit row.
    fn rename_list_entry(&mut self, kind: ListKind, id: i64, row_version: i64, name: &str) -> Result<ListEntry>;
    /// Retires an entry (it stays on the initiatives that name it, and is offered to no
    /// other) or brings it back.
    fn set_list_entry_retired(&mut self, kind: ListKind, id: i64, row_version: i64, retired: bool) -> Result<ListEntry>;
    /// The register's governing body and reporting period.
    fn register_settings(&self) -> Result<RegisterSettings>;
    fn save_register_settings(&mut self, row_version: i64, fields: &RegisterSettingsFields) -> Result<RegisterSettings>;
    /// Every organisation's own body and period (`None` where it follows the register), by name.
    fn organisation_settings(&self) -> Result<Vec<OrganisationSettings>>;
    fn save_organisation_settings(
        &mut self,
        organisation_id: i64,
        row_version: i64,
        fields: &OrganisationSettingsFields,
    ) -> Result<OrganisationSettings>;
}

/// The audit log, read; every writing method of the store adds to it.
pub trait AuditLog {
    /// The newest `limit` rows of the audit log, of one initiative or of the whole register.
    fn audit_log(&self, initiative_id: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>>;
}

/// Calculations (nyttokalkyler): the factors and each initiative's versions.
pub trait CalculationStore {
    /// The register's calculation factors (hourly costs and the like).
    fn calc_factors(&self) -> Result<Vec<CalcFactor>>;
    fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()>;
    fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>>;
    /// Every version of the calculations of `initiative_ids`, by initiative id and then oldest
    /// first: one read where [`CalculationStore::calculation_versions`] of each would be one
    /// each (the council pack's pages). An id without a calculation, or of no initiative,
    /// gives none.
    fn calculation_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<CalcVersion>>;
    fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion>;
    fn calculation_by_id(&self, id: i64) -> Result<CalcVersion>;
    fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>>;
    /// The first approved version of every initiative's calculation (the promise made when
    /// it was decided), one per initiative that has one, by initiative id: what calibration
    /// compares the realised benefits with.
    fn first_approved_calculations(&self) -> Result<Vec<CalcVersion>>;
    /// The initiatives whose newest calculation version is a draft (awaiting approval), with
    /// its version number, by initiative id: one read where
    /// [`CalculationStore::calculation_versions`] of each initiative would be one each (the
    /// council pack's "Väntar på godkännande" asks it of every initiative).
    fn newest_calculation_drafts(&self) -> Result<Vec<(i64, u32)>>;
    fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>>;
    /// The draft if there is one, else the latest approved version.
    fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>>;
    /// The factors a version's lines are computed with: its frozen snapshot once approved,
    /// the register's present factors while a draft.
    fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>>;
    /// The first version of an initiative's calculation, a draft.
    fn create_calculation(
        &mut self,
        initiative_id: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion>;
    fn save_calculation_draft(
        &mut self,
        id: i64,
        row_version: i64,
        calculation: &Calculation,
    ) -> Result<CalcVersion>;
    /// Approves a draft, freezing it with a snapshot of its factors.
    fn approve_calculation(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<CalcVersion>;
    /// A new draft copied from the latest version; `reason` is required.
    fn new_calculation_version(&mut self, initiative_id: i64, reason: &str) -> Result<CalcVersion>;
    fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()>;
}

/// Harvest decisions (effekthemtagning, migration 0008): per benefit of an initiative, by the
/// benefit's name in the plan; each change one transaction with its audit row, a stale save
/// refused by row version.
pub trait HarvestStore {
    /// One initiative's decisions, by benefit name then id (the order they were recorded).
    fn harvest_decisions(&self, initiative_id: i64) -> Result<Vec<HarvestDecision>>;
    /// Every decision the user may read, by initiative id, benefit name and id.
    fn all_harvest_decisions(&self) -> Result<Vec<HarvestDecision>>;
    /// Records a decision; its benefit must be one of the latest approved plan's.
    fn add_harvest_decision(&mut self, initiative_id: i64, fields: &HarvestFields) -> Result<HarvestDecision>;
    /// Saves an edit that started from `row_version`. A decision keeps a benefit name the
    /// plan no longer has; a changed name must be the plan's.
    fn save_harvest_decision(&mut self, id: i64, row_version: i64, fields: &HarvestFields) -> Result<HarvestDecision>;
    /// Removes a decision recorded in error (the audit row keeps it).
    fn delete_harvest_decision(&mut self, id: i64, row_version: i64) -> Result<()>;
}

/// Benefit-realisation plans and their versions.
pub trait PlanStore {
    fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>>;
    /// Every version of the plans of `initiative_ids`, by initiative id and then oldest first;
    /// see [`CalculationStore::calculation_versions_of`].
    fn plan_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<PlanVersion>>;
    fn plan_by_id(&self, id: i64) -> Result<PlanVersion>;
    fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>>;
    fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>>;
    /// The initiatives whose newest plan version is a draft, with its version number, by
    /// initiative id; see [`CalculationStore::newest_calculation_drafts`].
    fn newest_plan_drafts(&self) -> Result<Vec<(i64, u32)>>;
    /// Each indicator's targets through the approved versions, for "target changed" notes.
    fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>>;
    fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion>;
    fn save_plan_draft(&mut self, id: i64, row_version: i64, plan: &Plan) -> Result<PlanVersion>;
    fn approve_plan(
        &mut self,
        id: i64,
        row_version: i64,
        approval: &Approval,
    ) -> Result<PlanVersion>;
    fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion>;
    fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()>;
}

/// Evaluations (utvärderingar): the versioned document that closes an initiative's follow-up
/// (`model::evaluation`), drafted, approved and frozen like a calculation.
pub trait EvaluationStore {
    /// Every version of the initiative's evaluation, oldest first.
    fn evaluation_versions(&self, initiative_id: i64) -> Result<Vec<EvaluationVersion>>;
    fn evaluation_by_id(&self, id: i64) -> Result<EvaluationVersion>;
    /// Version 1, a draft; refused when the initiative already has an evaluation, or while a
    /// checkpoint still *kommande* has no reason for closing anyway.
    fn create_evaluation(&mut self, initiative_id: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion>;
    fn save_evaluation_draft(&mut self, id: i64, row_version: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion>;
    /// Approves the draft (it must say what was learnt) and freezes it.
    fn approve_evaluation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<EvaluationVersion>;
    /// A new draft copied from the latest version; `reason` is required.
    fn new_evaluation_version(&mut self, initiative_id: i64, reason: &str) -> Result<EvaluationVersion>;
    fn delete_evaluation_draft(&mut self, id: i64, row_version: i64) -> Result<()>;
}

/// Measurements and what the follow-up reads.
pub trait MeasurementStore {
    fn measurements(&self, initiative_id: i64) -> Result<Vec<StoredMeasurement>>;
    fn measurement(&self, id: i64) -> Result<StoredMeasurement>;
    fn add_measurement(&mut self, initiative_id: i64, measurement: &Measurement) -> Result<i64>;
    /// Changes a measurement, keeping the old value in the audit log; a measurement that fed
    /// a checkpoint passed by `as_of` needs a `reason`.
    fn update_measurement(
        &mut self,
        id: i64,
        row_version: i64,
        measurement: &Measurement,
        reason: &str,
        as_of: NaiveDate,
    ) -> Result<StoredMeasurement>;
    fn delete_measurement(
        &mut self,
        id: i64,
        row_version: i64,
        reason: &str,
        as_of: NaiveDate,
    ) -> Result<()>;
    /// Everything the follow-up of one initiative, or of all (`None`), needs: approved plans,
    /// sorted measurement series and the calculation values behind the lines.
    fn followup_data(&self, initiative_id: Option<i64>) -> Result<FollowUpData>;
    /// Every initiative's follow-up data as [`followup_data`](Self::followup_data) gives it,
    /// but each indicator's series holds only the measurements that the statuses, realised
    /// values and to-do items as of `as_of` look at ([`crate::followup::status_ranges`]): a
    /// few per indicator, however long its history. The answers evaluated as of `as_of` are
    /// the same; a used measurement's `index` is not (it is its place in the shorter series),
    /// so views that show a measurement's own row read [`followup_data`](Self::followup_data).
    fn status_data(&self, as_of: NaiveDate) -> Result<FollowUpData>;
}

/// The measurement import's staging area.
pub trait MeasurementImportStore {
    /// Runs a measurement import's `work` against staged rows (see [`MeasurementStaging`]):
    /// in [`StagingMode::Write`] one writing transaction that is committed only when `work`
    /// succeeds after calling [`MeasurementStaging::apply`]; in [`StagingMode::DryRun`] a
    /// read that writes nothing to the register.
    fn stage_measurements<T, E: From<StoreError>>(
        &mut self,
        mode: StagingMode,
        work: impl FnOnce(&mut dyn MeasurementStaging) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>;
}

/// The supplier's texts of the annual analysis ("Leverantörens analys", seed 003): one per
/// supplier organisation, year and section.
pub trait AnnualAnalysisStore {
    /// The saved texts of one supplier's analysis for `year`, in the template's section order.
    fn analysis_texts(&self, organisation_id: i64, year: i32) -> Result<Vec<AnalysisText>>;
    /// Saves one section's text. `row_version` is the version the edit started from, 0 for a
    /// section never saved; when someone saved in between, nothing is written and the error
    /// names the section. Writes an audit row in the same transaction.
    fn save_analysis_text(
        &mut self,
        organisation_id: i64,
        year: i32,
        section: Section,
        row_version: i64,
        text: &str,
    ) -> Result<AnalysisText>;
}

/// What people write about benefit deviations (nyttoavvikelser, migration 0009): orsak,
/// åtgärd, the decision asked for and the closure of a röd or saknas checkpoint. Whether a
/// checkpoint deviates is the follow-up's to say (`followup::plan_deviations`).
pub trait DeviationStore {
    /// The notes of one initiative, or of every initiative the user may read (`None`), by
    /// initiative id, indicator code (byte order) and months.
    fn deviation_notes(&self, initiative_id: Option<i64>) -> Result<Vec<DeviationNote>>;
    /// Saves a note whole. `row_version` is the version the edit started from, 0 for a
    /// deviation nobody has written about; when someone saved in between, nothing is written
    /// and the error names the deviation and the fields that differ. Writes an audit row
    /// about the initiative in the same transaction.
    fn save_deviation_note(&mut self, key: &DeviationKey, row_version: i64, edit: &DeviationEdit) -> Result<DeviationNote>;
}

/// The whole register as records: the JSON document's transfer in both directions.
pub trait DocumentTransfer {
    fn read_records(&self) -> Result<RegisterRecords>;
    /// True when the register holds no organisation, initiative or measurement.
    fn is_empty(&self) -> Result<bool>;
    /// Fills an empty register with a whole document's records, in one transaction.
    fn import_records(&mut self, document: RegisterContent<'_>) -> Result<()>;
}

/// The table reader's methods, listed once: each hands every row of one table to a callback.
/// `with_table_readers!(m)` calls the macro `m` with the list; it declares [`TableReader`]
/// here, and a type that dispatches to the backends (`app::OpenRegister`) implements it from
/// the same list.
#[doc(hidden)]
#[macro_export]
macro_rules! with_table_readers {
    ($then:ident) => {
        $then! {
            for_each_organisation: $crate::model::records::OrganisationRecord,
            for_each_person: $crate::model::records::PersonRecord,
            for_each_calc_factor: $crate::model::records::CalcFactorRecord,
            for_each_goal_area: $crate::model::records::GoalAreaRecord,
            for_each_initiative: $crate::model::records::InitiativeRecord,
            /// Each initiative with its status reports, costs, calculations, plans and
            /// measurements.
            for_each_initiative_with_children: $crate::model::records::InitiativeRecord,
            /// Status reports, with the id of their initiative.
            for_each_status_report: (i64, $crate::model::records::StatusReportRecord),
            for_each_cost_year: (i64, $crate::model::records::CostYearRecord),
            for_each_calculation: (i64, $crate::model::records::CalculationRecord),
            for_each_plan_version: (i64, $crate::model::records::PlanVersionRecord),
            for_each_measurement: (i64, $crate::model::records::MeasurementRecord),
            /// What was written about benefit deviations, with the id of their initiative.
            for_each_deviation_note: (i64, $crate::model::records::DeviationNoteRecord),
            /// The evaluations that close initiatives' follow-ups, every version, with the id
            /// of their initiative.
            for_each_evaluation: (i64, $crate::model::records::EvaluationRecord),
            for_each_audit_record: $crate::model::records::AuditRecord,
        }
    };
}

macro_rules! declare_table_reader {
    ($($(#[$doc:meta])* $method:ident: $record:ty),* $(,)?) => {
        /// Every table read row by row, each row handed on at once, so an export never holds a
        /// whole table (run inside [`RegisterInfo::read_consistently`] for one state). A
        /// callback's error stops the reading and is returned as it was.
        pub trait TableReader {
            $(
                $(#[$doc])*
                fn $method<E: From<StoreError>>(
                    &self,
                    each: impl FnMut($record) -> std::result::Result<(), E>,
                ) -> std::result::Result<(), E>;
            )*
        }
    };
}

with_table_readers!(declare_table_reader);

/// Whether a staged measurement import may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagingMode {
    /// Read and compare only: nothing is written to the register.
    DryRun,
    /// Read, compare and, when the work calls [`MeasurementStaging::apply`], store.
    Write,
}

/// A measurement import in progress: the rows of a file, each checked by the application
/// layer, put aside in the store (not in memory: a file may hold millions of rows), then
/// compared with the stored measurements and applied all at once.
pub trait MeasurementStaging {
    /// The initiative with this code (any letter case) as the import checks a row against
    /// it; `None` when the register has no such initiative.
    fn target(&mut self, code: &str) -> Result<Option<ImportTarget>>;

    /// Puts a checked row aside. `Some(first)` when an earlier row, `first`, already has the
    /// same initiative, indicator and date (and this row is not staged).
    fn stage(&mut self, row: &StagedRow<'_>) -> Result<Option<usize>>;

    /// Compares the staged rows with what is stored: how many would be new, unchanged or
    /// conflicting, and the first `listed` conflicts in row order.
    fn compare(&mut self, listed: usize) -> Result<StagedComparison>;

    /// Stores the staged rows: new ones added and, with `replace`, conflicting ones replaced
    /// (the old values kept in the audit log, with `file_name` in the reason); one
    /// `importerad` audit row per initiative. Call [`MeasurementStaging::compare`] first.
    fn apply(&mut self, replace: bool, file_name: &str) -> Result<AppliedImport>;
}

/// An initiative as a measurement import sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportTarget {
    pub id: i64,
    pub code: String,
    /// Indicators of the latest approved plan version and of a newer draft, by code, with
    /// the definition whose allowed range applies (the approved one's when in both).
    pub indicators: HashMap<String, ImportIndicator>,
    /// Whether the initiative has a plan at all.
    pub has_plan: bool,
}

/// An indicator as a measurement import checks a row against it: what the check and its
/// messages use, not the whole definition. An import keeps one for every indicator of every
/// initiative its file names, so the whole [`Indicator`] (its texts, baseline and targets)
/// made the import's memory grow with the initiatives in the file: 11 MB for a thousand
/// (`cargo xtask bench`, docs/prestanda.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportIndicator {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub allowed_range: Option<AllowedRange>,
}

impl ImportIndicator {
    /// Whether `value` is within the indicator's allowed range (any value when it has none).
    pub fn allows(&self, value: Decimal) -> bool {
        self.allowed_range.as_ref().is_none_or(|range| range.contains(value))
    }
}

impl From<&Indicator> for ImportIndicator {
    fn from(indicator: &Indicator) -> Self {
        ImportIndicator {
            code: indicator.code.clone(),
            name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            allowed_range: indicator.allowed_range.clone(),
        }
    }
}

/// One checked row of an import file.
#[derive(Debug, Clone, Copy)]
pub struct StagedRow<'a> {
    /// The row's number in the file.
    pub row: usize,
    pub initiative_id: i64,
    pub indicator: &'a str,
    pub date: NaiveDate,
    pub value: Decimal,
    /// `None` when the file has no such column: a replaced measurement keeps its own.
    pub source: Option<&'a str>,
    pub comment: Option<&'a str>,
}

/// What the staged rows would do to the register.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StagedComparison {
    /// Rows staged (duplicates are not).
    pub staged: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    /// The first conflicts, in row order.
    pub conflict_list: Vec<StagedConflict>,
}

/// A staged row whose date is stored with another value.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedConflict {
    pub row: usize,
    pub initiative_id: i64,
    pub indicator: String,
    pub date: NaiveDate,
    pub old_value: Decimal,
    pub new_value: Decimal,
}

/// What an applied import stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppliedImport {
    pub added: usize,
    pub replaced: usize,
}
