//! The register a face has open, whichever store holds it, and what is done to a register as
//! a whole: creating, opening, checking, backing up and restoring.
//!
//! The faces (the CLI, the window) hold an [`OpenRegister`] and hand it to the application
//! layer's functions, which are generic over the store interface; they never name the store.
//! A register is a file (the SQLite store) or the city's shared register on PostgreSQL
//! (`store::postgres`); every function here and elsewhere in the application layer works on
//! both without change. Where a register is named (a path given to the CLI), a connection
//! string (`postgres://…`, `host=… dbname=…`) names a shared register.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::followup::FollowUpData;
use crate::model::evaluation::{EvaluationVersion, FinalEvaluation};
use crate::model::annual_analysis::{AnalysisText, Section};
use crate::model::harvest::{HarvestDecision, HarvestFields};
use crate::model::calculation::{CalcFactor, Calculation};
use crate::model::deviation::{DeviationEdit, DeviationKey, DeviationNote};
use crate::model::initiative::{
    CostYear, CostYearFields, Initiative, InitiativeFields, InitiativeSummary, Organisation, OrganisationKind,
    StatusReport, StatusReportFields,
};
use crate::model::plan::{Measurement, Plan, StoredMeasurement};
use crate::model::records::{RegisterContent, RegisterRecords};
use crate::model::register_lists::{
    ListEntry, ListKind, OrganisationSettings, OrganisationSettingsFields, RegisterSettings, RegisterSettingsFields,
};
use crate::model::{Approval, CalcVersion, IndicatorTargetHistory, PlanVersion};
use crate::store::prelude::*;
use crate::store::postgres::PgRegister;
use crate::store::{self, AuditEntry, CheckReport, MeasurementStaging, Result, StagingMode, StoreError};
use super::shared_register::{is_connection_string, Connection};

/// An open register.
#[derive(Debug)]
pub enum OpenRegister {
    /// A register file on this computer (`.nytta`, SQLite).
    File(store::Register),
    /// The city's shared register on PostgreSQL, opened as the person's database user.
    Shared(PgRegister),
}

/// Calls the same method on whichever store the register is in.
macro_rules! on_store {
    ($register:expr, $store:ident => $call:expr) => {
        match $register {
            OpenRegister::File($store) => $call,
            OpenRegister::Shared($store) => $call,
        }
    };
}

impl OpenRegister {
    /// Creates a new, empty register file; refuses to overwrite any file.
    pub fn create(path: &Path, name: &str) -> Result<OpenRegister> {
        Ok(OpenRegister::File(store::Register::create(path, name)?))
    }

    /// Opens the register `path` names: a register file, migrated (after a backup) when it is
    /// older than this program — a file that is not a register, is damaged or is too new is
    /// left untouched —, or, when `path` is a connection string, the shared register (never
    /// migrated from here: that is `nytta admin migrate`).
    pub fn open(path: &Path) -> Result<OpenRegister> {
        match shared_location(path)? {
            Some(connection) => OpenRegister::open_shared(&connection),
            None => Ok(OpenRegister::File(store::Register::open(path)?)),
        }
    }

    /// Opens the shared register `connection` names (with the password the user typed, when
    /// the server asked for one).
    pub fn open_shared(connection: &Connection) -> Result<OpenRegister> {
        Ok(OpenRegister::Shared(PgRegister::open(connection.info())?))
    }

    /// Where the register is: the file, or for a shared register its connection string
    /// without the password (`host=… dbname=… user=… sslmode=…`; the password given this
    /// session stays in memory, see [`Connection::parse`]). What the recent list keeps, and
    /// where the register is opened again on a connection of its own (a report on a thread
    /// of its own).
    pub fn path(&self) -> &Path {
        match self {
            OpenRegister::File(r) => r.path(),
            OpenRegister::Shared(r) => Path::new(r.location()),
        }
    }

    /// Where the register is, for the user to read: the file's path, or the shared
    /// register's `user@server:port/database`.
    pub fn address(&self) -> String {
        match self {
            OpenRegister::File(r) => r.path().display().to_string(),
            OpenRegister::Shared(r) => r.address().to_string(),
        }
    }

    /// What the user may do here: everything in a register file; in the shared register what
    /// their roles allow (the register's owner: everything).
    pub fn rights(&self) -> Result<super::rights::Rights> {
        use super::rights::Rights;
        match self {
            OpenRegister::File(_) => Ok(Rights::Everything),
            OpenRegister::Shared(r) => Ok(r.session_roles()?.map_or(Rights::Everything, Rights::Roles)),
        }
    }

    /// The database user changes are recorded under in the shared register (the audit log's
    /// `db_user`); `None` for a register file, where the typed name is the author.
    pub fn database_user(&self) -> Result<Option<String>> {
        match self {
            OpenRegister::File(_) => Ok(None),
            OpenRegister::Shared(r) => Ok(Some(r.session_user()?)),
        }
    }

    /// Whether this is the city's shared register (no backups of its own, rights by role).
    pub fn is_shared(&self) -> bool {
        matches!(self, OpenRegister::Shared(_))
    }

    /// The notice for a register file on a network drive or in a synchronised cloud folder,
    /// where SQLite's log does not hold with writers on several computers
    /// ([`super::network_drive`]); `None` on a local disk and for the shared register. A
    /// warning, never a refusal: the faces show it and go on.
    pub fn location_warning(&self) -> Option<String> {
        match self {
            OpenRegister::File(r) => super::network_drive::warning(r.path()),
            OpenRegister::Shared(_) => None,
        }
    }

    /// A number that changes whenever another program commits to the register; the window
    /// polls it to notice changes made elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        match self {
            OpenRegister::File(r) => r.data_version(),
            OpenRegister::Shared(r) => r.others_changes(),
        }
    }

    /// Makes the next writes fail the way a full disk or a read-only file does (tests).
    #[doc(hidden)]
    pub fn simulate_fault(&self, fault: Option<store::SimulatedFault>) -> Result<()> {
        Ok(self.file("simulera fel")?.simulate_fault(fault)?)
    }

    /// A copy of the register taken now, beside its file and kept by the backup rotation;
    /// returns where it is.
    pub fn take_backup(&self) -> Result<PathBuf> {
        store::take_backup(self.file("ta en säkerhetskopia")?.path(), store::BackupKind::Manual)
    }

    /// A copy of the register written to `target`, never over a register.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        store::backup_to(self.file("spara en kopia")?.path(), target)
    }

    /// The backups of this register, newest first.
    pub fn backups(&self) -> Result<Vec<PathBuf>> {
        store::list_backups(self.file("visa säkerhetskopior")?.path())
    }

    /// The register file, for what only a file has (backups and copies): a shared register is
    /// backed up on its server by the city's IT.
    fn file(&self, what: &str) -> Result<&store::Register> {
        match self {
            OpenRegister::File(r) => Ok(r),
            OpenRegister::Shared(_) => Err(StoreError::Refused(format!(
                "Det delade registret säkerhetskopieras på sin server av den som förvaltar det \
                 (docs/delat-register.md); Nyttoregistret kan inte {what} av det."
            ))),
        }
    }
}

/// The shared register a path names when it is a connection string; `None` for a file.
fn shared_location(path: &Path) -> Result<Option<Connection>> {
    match path.to_str() {
        Some(text) if is_connection_string(text) => Ok(Some(Connection::parse(text)?)),
        _ => Ok(None),
    }
}

impl From<store::Register> for OpenRegister {
    fn from(register: store::Register) -> Self {
        OpenRegister::File(register)
    }
}

/// The backups of the register file at `path`, newest first (the file need not open).
pub fn backups_of(path: &Path) -> Result<Vec<PathBuf>> {
    store::list_backups(path)
}

/// The day's first backup of the register file at `path`, taken when it is opened in the
/// window (on a thread of its own: copying a large register takes a second or more); `None`
/// when today's exists.
pub fn daily_backup(path: &Path) -> Result<Option<PathBuf>> {
    store::daily_backup(path)
}

/// Restores the register file `target` from `backup`; an existing `target` is kept as a copy
/// (returned) and is replaced only with `force` or when it no longer opens.
pub fn restore(backup: &Path, target: &Path, force: bool) -> Result<Option<PathBuf>> {
    store::restore(backup, target, force)
}

/// The operating-system user, the default author of every change.
pub fn default_author() -> String {
    store::default_author()
}

impl RegisterInfo for OpenRegister {
    fn name(&self) -> Result<String> {
        on_store!(self, r => r.name())
    }
    fn demo_date(&self) -> Result<Option<NaiveDate>> {
        on_store!(self, r => r.demo_date())
    }
    fn author(&self) -> &str {
        on_store!(self, r => r.author())
    }
    fn set_author(&mut self, author: &str) {
        on_store!(self, r => r.set_author(author))
    }
    fn change_key(&self) -> Result<(i64, u64)> {
        on_store!(self, r => r.change_key())
    }
    fn check(&self) -> Result<CheckReport> {
        on_store!(self, r => r.check())
    }
    fn rebuild_derived(&mut self) -> Result<()> {
        on_store!(self, r => r.rebuild_derived())
    }
    fn read_consistently<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        on_store!(self, r => r.read_consistently(|_| read(self)))
    }
    fn register_info(&self) -> Result<std::collections::BTreeMap<String, String>> {
        on_store!(self, r => r.register_info())
    }
    fn mark_as_demo(&mut self, name: &str, date: NaiveDate) -> Result<()> {
        on_store!(self, r => r.mark_as_demo(name, date))
    }
}

impl InitiativeStore for OpenRegister {
    fn organisations(&self) -> Result<Vec<Organisation>> {
        on_store!(self, r => r.organisations())
    }
    fn add_organisation(&mut self, name: &str, kind: OrganisationKind, committee: &str) -> Result<i64> {
        on_store!(self, r => r.add_organisation(name, kind, committee))
    }
    fn initiative_summaries(&self) -> Result<Vec<InitiativeSummary>> {
        on_store!(self, r => r.initiative_summaries())
    }
    fn initiative(&self, id: i64) -> Result<Initiative> {
        on_store!(self, r => r.initiative(id))
    }
    fn initiative_by_code(&self, code: &str) -> Result<Initiative> {
        on_store!(self, r => r.initiative_by_code(code))
    }
    fn create_initiative(&mut self, fields: &InitiativeFields) -> Result<i64> {
        on_store!(self, r => r.create_initiative(fields))
    }
    fn update_initiative(&mut self, id: i64, row_version: i64, fields: &InitiativeFields) -> Result<Initiative> {
        on_store!(self, r => r.update_initiative(id, row_version, fields))
    }
    fn status_reports(&self, initiative_id: i64) -> Result<Vec<StatusReport>> {
        on_store!(self, r => r.status_reports(initiative_id))
    }
    fn all_status_reports(&self) -> Result<Vec<StatusReport>> {
        on_store!(self, r => r.all_status_reports())
    }
    fn add_status_report(&mut self, initiative_id: i64, report: &StatusReportFields) -> Result<i64> {
        on_store!(self, r => r.add_status_report(initiative_id, report))
    }
    fn cost_years(&self, initiative_id: i64) -> Result<Vec<CostYear>> {
        on_store!(self, r => r.cost_years(initiative_id))
    }
    fn all_cost_years(&self) -> Result<Vec<CostYear>> {
        on_store!(self, r => r.all_cost_years())
    }
    fn save_cost_year(&mut self, initiative_id: i64, cost: &CostYearFields) -> Result<i64> {
        on_store!(self, r => r.save_cost_year(initiative_id, cost))
    }
    fn delete_cost_year(&mut self, initiative_id: i64, id: i64) -> Result<()> {
        on_store!(self, r => r.delete_cost_year(initiative_id, id))
    }
}

impl RegisterLists for OpenRegister {
    fn list_entries(&self, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
        on_store!(self, r => r.list_entries(kind, organisation_id))
    }
    fn add_list_entry(&mut self, kind: ListKind, organisation_id: Option<i64>, name: &str) -> Result<ListEntry> {
        on_store!(self, r => r.add_list_entry(kind, organisation_id, name))
    }
    fn rename_list_entry(&mut self, kind: ListKind, id: i64, row_version: i64, name: &str) -> Result<ListEntry> {
        on_store!(self, r => r.rename_list_entry(kind, id, row_version, name))
    }
    fn set_list_entry_retired(&mut self, kind: ListKind, id: i64, row_version: i64, retired: bool) -> Result<ListEntry> {
        on_store!(self, r => r.set_list_entry_retired(kind, id, row_version, retired))
    }
    fn register_settings(&self) -> Result<RegisterSettings> {
        on_store!(self, r => r.register_settings())
    }
    fn save_register_settings(&mut self, row_version: i64, fields: &RegisterSettingsFields) -> Result<RegisterSettings> {
        on_store!(self, r => r.save_register_settings(row_version, fields))
    }
    fn organisation_settings(&self) -> Result<Vec<OrganisationSettings>> {
        on_store!(self, r => r.organisation_settings())
    }
    fn save_organisation_settings(
        &mut self,
        organisation_id: i64,
        row_version: i64,
        fields: &OrganisationSettingsFields,
    ) -> Result<OrganisationSettings> {
        on_store!(self, r => r.save_organisation_settings(organisation_id, row_version, fields))
    }
}

impl AuditLog for OpenRegister {
    fn audit_log(&self, initiative_id: Option<i64>, limit: usize) -> Result<Vec<AuditEntry>> {
        on_store!(self, r => r.audit_log(initiative_id, limit))
    }
}

impl CalculationStore for OpenRegister {
    fn calc_factors(&self) -> Result<Vec<CalcFactor>> {
        on_store!(self, r => r.calc_factors())
    }
    fn save_calc_factor(&mut self, factor: &CalcFactor) -> Result<()> {
        on_store!(self, r => r.save_calc_factor(factor))
    }
    fn calculation_versions(&self, initiative_id: i64) -> Result<Vec<CalcVersion>> {
        on_store!(self, r => r.calculation_versions(initiative_id))
    }
    fn calculation_version(&self, initiative_id: i64, version: u32) -> Result<CalcVersion> {
        on_store!(self, r => r.calculation_version(initiative_id, version))
    }
    fn calculation_by_id(&self, id: i64) -> Result<CalcVersion> {
        on_store!(self, r => r.calculation_by_id(id))
    }
    fn latest_approved_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        on_store!(self, r => r.latest_approved_calculation(initiative_id))
    }
    fn first_approved_calculations(&self) -> Result<Vec<CalcVersion>> {
        on_store!(self, r => r.first_approved_calculations())
    }
    fn calculation_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<CalcVersion>> {
        on_store!(self, r => r.calculation_versions_of(initiative_ids))
    }
    fn newest_calculation_drafts(&self) -> Result<Vec<(i64, u32)>> {
        on_store!(self, r => r.newest_calculation_drafts())
    }
    fn draft_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        on_store!(self, r => r.draft_calculation(initiative_id))
    }
    fn current_calculation(&self, initiative_id: i64) -> Result<Option<CalcVersion>> {
        on_store!(self, r => r.current_calculation(initiative_id))
    }
    fn factors_for(&self, version: &CalcVersion) -> Result<Vec<CalcFactor>> {
        on_store!(self, r => r.factors_for(version))
    }
    fn create_calculation(&mut self, initiative_id: i64, calculation: &Calculation) -> Result<CalcVersion> {
        on_store!(self, r => r.create_calculation(initiative_id, calculation))
    }
    fn save_calculation_draft(&mut self, id: i64, row_version: i64, calculation: &Calculation) -> Result<CalcVersion> {
        on_store!(self, r => r.save_calculation_draft(id, row_version, calculation))
    }
    fn approve_calculation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<CalcVersion> {
        on_store!(self, r => r.approve_calculation(id, row_version, approval))
    }
    fn new_calculation_version(&mut self, initiative_id: i64, reason: &str) -> Result<CalcVersion> {
        on_store!(self, r => r.new_calculation_version(initiative_id, reason))
    }
    fn delete_calculation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        on_store!(self, r => r.delete_calculation_draft(id, row_version))
    }
}

impl PlanStore for OpenRegister {
    fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>> {
        on_store!(self, r => r.plan_versions(initiative_id))
    }
    fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        on_store!(self, r => r.plan_by_id(id))
    }
    fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        on_store!(self, r => r.latest_approved_plan(initiative_id))
    }
    fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        on_store!(self, r => r.draft_plan(initiative_id))
    }
    fn plan_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<PlanVersion>> {
        on_store!(self, r => r.plan_versions_of(initiative_ids))
    }
    fn newest_plan_drafts(&self) -> Result<Vec<(i64, u32)>> {
        on_store!(self, r => r.newest_plan_drafts())
    }
    fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>> {
        on_store!(self, r => r.target_history(initiative_id))
    }
    fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion> {
        on_store!(self, r => r.create_plan(initiative_id, plan))
    }
    fn save_plan_draft(&mut self, id: i64, row_version: i64, plan: &Plan) -> Result<PlanVersion> {
        on_store!(self, r => r.save_plan_draft(id, row_version, plan))
    }
    fn approve_plan(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<PlanVersion> {
        on_store!(self, r => r.approve_plan(id, row_version, approval))
    }
    fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion> {
        on_store!(self, r => r.new_plan_version(initiative_id, reason))
    }
    fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        on_store!(self, r => r.delete_plan_draft(id, row_version))
    }
}

impl MeasurementStore for OpenRegister {
    fn measurements(&self, initiative_id: i64) -> Result<Vec<StoredMeasurement>> {
        on_store!(self, r => r.measurements(initiative_id))
    }
    fn measurement(&self, id: i64) -> Result<StoredMeasurement> {
        on_store!(self, r => r.measurement(id))
    }
    fn add_measurement(&mut self, initiative_id: i64, measurement: &Measurement) -> Result<i64> {
        on_store!(self, r => r.add_measurement(initiative_id, measurement))
    }
    fn update_measurement(
        &mut self,
        id: i64,
        row_version: i64,
        measurement: &Measurement,
        reason: &str,
        as_of: NaiveDate,
    ) -> Result<StoredMeasurement> {
        on_store!(self, r => r.update_measurement(id, row_version, measurement, reason, as_of))
    }
    fn delete_measurement(&mut self, id: i64, row_version: i64, reason: &str, as_of: NaiveDate) -> Result<()> {
        on_store!(self, r => r.delete_measurement(id, row_version, reason, as_of))
    }
    fn followup_data(&self, initiative_id: Option<i64>) -> Result<FollowUpData> {
        on_store!(self, r => r.followup_data(initiative_id))
    }

    fn status_data(&self, as_of: NaiveDate) -> Result<FollowUpData> {
        on_store!(self, r => r.status_data(as_of))
    }
}

impl MeasurementImportStore for OpenRegister {
    fn stage_measurements<T, E: From<StoreError>>(
        &mut self,
        mode: StagingMode,
        work: impl FnOnce(&mut dyn MeasurementStaging) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        on_store!(self, r => r.stage_measurements(mode, work))
    }
}

impl AnnualAnalysisStore for OpenRegister {
    fn analysis_texts(&self, organisation_id: i64, year: i32) -> Result<Vec<AnalysisText>> {
        on_store!(self, r => r.analysis_texts(organisation_id, year))
    }
    fn save_analysis_text(
        &mut self,
        organisation_id: i64,
        year: i32,
        section: Section,
        row_version: i64,
        text: &str,
    ) -> Result<AnalysisText> {
        on_store!(self, r => r.save_analysis_text(organisation_id, year, section, row_version, text))
    }
}

impl HarvestStore for OpenRegister {
    fn harvest_decisions(&self, initiative_id: i64) -> Result<Vec<HarvestDecision>> {
        on_store!(self, r => r.harvest_decisions(initiative_id))
    }
    fn all_harvest_decisions(&self) -> Result<Vec<HarvestDecision>> {
        on_store!(self, r => r.all_harvest_decisions())
    }
    fn add_harvest_decision(&mut self, initiative_id: i64, fields: &HarvestFields) -> Result<HarvestDecision> {
        on_store!(self, r => r.add_harvest_decision(initiative_id, fields))
    }
    fn save_harvest_decision(&mut self, id: i64, row_version: i64, fields: &HarvestFields) -> Result<HarvestDecision> {
        on_store!(self, r => r.save_harvest_decision(id, row_version, fields))
    }
    fn delete_harvest_decision(&mut self, id: i64, row_version: i64) -> Result<()> {
        on_store!(self, r => r.delete_harvest_decision(id, row_version))
    }
}

impl DeviationStore for OpenRegister {
    fn deviation_notes(&self, initiative_id: Option<i64>) -> Result<Vec<DeviationNote>> {
        on_store!(self, r => r.deviation_notes(initiative_id))
    }
    fn save_deviation_note(&mut self, key: &DeviationKey, row_version: i64, edit: &DeviationEdit) -> Result<DeviationNote> {
        on_store!(self, r => r.save_deviation_note(key, row_version, edit))
    }
}

impl EvaluationStore for OpenRegister {
    fn evaluation_versions(&self, initiative_id: i64) -> Result<Vec<EvaluationVersion>> {
        on_store!(self, r => r.evaluation_versions(initiative_id))
    }
    fn evaluation_by_id(&self, id: i64) -> Result<EvaluationVersion> {
        on_store!(self, r => r.evaluation_by_id(id))
    }
    fn create_evaluation(&mut self, initiative_id: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        on_store!(self, r => r.create_evaluation(initiative_id, evaluation))
    }
    fn save_evaluation_draft(&mut self, id: i64, row_version: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        on_store!(self, r => r.save_evaluation_draft(id, row_version, evaluation))
    }
    fn approve_evaluation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<EvaluationVersion> {
        on_store!(self, r => r.approve_evaluation(id, row_version, approval))
    }
    fn new_evaluation_version(&mut self, initiative_id: i64, reason: &str) -> Result<EvaluationVersion> {
        on_store!(self, r => r.new_evaluation_version(initiative_id, reason))
    }
    fn delete_evaluation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        on_store!(self, r => r.delete_evaluation_draft(id, row_version))
    }
}

impl DocumentTransfer for OpenRegister {
    fn read_records(&self) -> Result<RegisterRecords> {
        on_store!(self, r => r.read_records())
    }
    fn is_empty(&self) -> Result<bool> {
        on_store!(self, r => r.is_empty())
    }
    fn import_records(&mut self, document: RegisterContent<'_>) -> Result<()> {
        on_store!(self, r => r.import_records(document))
    }
}

/// Implements the table reader by dispatch, from the store's one list of its methods.
macro_rules! dispatch_table_readers {
    ($($(#[$doc:meta])* $method:ident: $record:ty),* $(,)?) => {
        impl TableReader for OpenRegister {
            $(
                fn $method<E: From<StoreError>>(
                    &self,
                    each: impl FnMut($record) -> std::result::Result<(), E>,
                ) -> std::result::Result<(), E> {
                    on_store!(self, r => r.$method(each))
                }
            )*
        }
    };
}

crate::with_table_readers!(dispatch_table_readers);
