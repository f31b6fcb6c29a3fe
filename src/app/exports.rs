//! The exports (docs/export.md) as the faces ask for them: the register is read here, in one
//! read transaction, and its values are handed to `io`, which only turns them into bytes —
//! the data behind a chart (`io::chart_data`), the whole register as an Excel workbook
//! (`io::xlsx_export`) or as the JSON document (`io::register_json`). The two register
//! exports stream: the store hands over one record (one initiative, for JSON) at a time and
//! nothing collects the register.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::io::chart_data::{self, ChartTable};
use crate::io::register_json::{self, DocumentHead, RegisterDocument};
use crate::io::xlsx_export::{self, Each, RegisterRows, WorkbookSummary};
use crate::io::register_json::{
    AuditRecord, CalcFactorRecord, CalculationRecord, CostYearRecord, DeviationNoteRecord, InitiativeRecord, MeasurementRecord,
    OrganisationRecord, PersonRecord, PlanVersionRecord, StatusReportRecord,
};
use crate::report::ReportError;
use crate::store::{RegisterStore, StoreError};

/// Why an export was not made. `Display` is the Swedish sentence the user reads.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the register failed; its message is already Swedish.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The register could not be read as a report reads it (an unknown organisation, say);
    /// its message is already Swedish.
    #[error(transparent)]
    Report(#[from] ReportError),

    /// The file could not be written, or the chart is not drawn; said by `io`.
    #[error(transparent)]
    File(#[from] crate::io::export::ExportError),

    #[error("Det finns ingen insats med koden {0} i registret.")]
    UnknownInitiative(String),

    #[error("Det finns ingen insats med id {0} i registret.")]
    UnknownInitiativeId(i64),

    #[error("Insatsen {initiative} har ingen indikator med koden {indicator}.")]
    UnknownIndicator { initiative: String, indicator: String },
}

/// An export written through the one output writer (`crate::files`) tells the file's I/O
/// errors as such (a full disk as a full disk) and every other failure in its own words.
impl From<ExportError> for crate::files::WriteFailure {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::File(error) => error.into(),
            other => crate::files::WriteFailure::Said(other.to_string()),
        }
    }
}

/// A chart that is not drawn, said as `io` says it.
fn no_chart(sentence: String) -> ExportError {
    ExportError::File(crate::io::export::ExportError::NoChart(sentence))
}

// ---- chart data ---------------------------------------------------------------------------------

/// The data of the follow-up chart of one indicator (by its code, which stays the same over
/// plan versions and is what measurements refer to) as of `as_of`: the indicator in the
/// initiative's latest approved plan, as the follow-up tab draws it.
pub fn indicator_chart_table<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    indicator_code: &str,
    as_of: NaiveDate,
) -> Result<ChartTable, ExportError> {
    let code = initiative_code(register, initiative_id)?;
    let wanted = indicator_code.trim();
    let data = register.followup_data(Some(initiative_id))?;
    if let Some(entry) = data.entries.first() {
        if let Some((_, indicator)) = entry.plan.indicators().find(|(_, i)| i.code == wanted) {
            return Ok(chart_data::indicator_table(entry, indicator, as_of, &mut HashSet::new())?);
        }
    }
    if let Some(draft) = register.draft_plan(initiative_id)? {
        if let Some((_, indicator)) = draft.plan.indicators().find(|(_, i)| i.code == wanted) {
            return Err(no_chart(format!(
                "Indikatorn {} i insatsen {code} har inget diagram: nyttorealiseringsplanen är inte godkänd ännu.",
                indicator.code
            )));
        }
    }
    Err(ExportError::UnknownIndicator { initiative: code, indicator: wanted.to_string() })
}

/// The code of the initiative with `id`, or the export's own refusal of an unknown id.
fn initiative_code<S: RegisterStore>(register: &S, id: i64) -> Result<String, ExportError> {
    match register.initiative(id) {
        Ok(initiative) => Ok(initiative.fields.code),
        Err(StoreError::NotFound { .. }) => Err(ExportError::UnknownInitiativeId(id)),
        Err(e) => Err(e.into()),
    }
}

/// The data of the calculation chart of an initiative: every year of each of the three
/// scenarios (the chart in the window and the reports shows the likely one). `version`:
/// that version; `None`: the latest version, which is what the calculation tab opens on.
pub fn calculation_chart_table<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    version: Option<u32>,
) -> Result<ChartTable, ExportError> {
    let code = initiative_code(register, initiative_id)?;
    let shown = match version {
        Some(n) => register.calculation_version(initiative_id, n)?,
        None => register
            .calculation_versions(initiative_id)?
            .pop()
            .ok_or_else(|| no_chart(format!("Insatsen {code} har ingen nyttokalkyl ännu.")))?,
    };
    let factors = register.factors_for(&shown)?;
    Ok(chart_data::calculation_table(&code, &shown, &factors, &mut HashSet::new())?)
}

/// Every chart of the initiative with `initiative_code`, as of `as_of`: the calculation
/// chart first (its latest version), then the follow-up chart of each indicator of the
/// latest approved plan in plan order. A chart that is not drawn is not included: no
/// calculation or one that cannot be computed yet, no approved plan, no go-live date. Sheet
/// names are unique among the tables.
pub fn initiative_chart_tables<S: RegisterStore>(
    register: &S,
    initiative_code: &str,
    as_of: NaiveDate,
) -> Result<Vec<ChartTable>, ExportError> {
    let initiative = match register.initiative_by_code(initiative_code) {
        Ok(i) => i,
        // The only refusal of `initiative_by_code` is an unknown code.
        Err(StoreError::Refused(_)) => return Err(ExportError::UnknownInitiative(initiative_code.trim().to_string())),
        Err(e) => return Err(e.into()),
    };
    let mut names = HashSet::new();
    let mut tables = Vec::new();
    if let Some(latest) = register.calculation_versions(initiative.id)?.pop() {
        let factors = register.factors_for(&latest)?;
        match chart_data::calculation_table(&initiative.fields.code, &latest, &factors, &mut names) {
            Ok(table) => tables.push(table),
            Err(crate::io::export::ExportError::NoChart(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let data = register.followup_data(Some(initiative.id))?;
    if let Some(entry) = data.entries.first().filter(|e| e.go_live.is_some()) {
        for (_, indicator) in entry.plan.indicators() {
            tables.push(chart_data::indicator_table(entry, indicator, as_of, &mut names)?);
        }
    }
    Ok(tables)
}

/// The data behind the council pack's two portfolio charts as of `as_of`, for the whole
/// register or one organisation (by name, case-insensitive): initiatives per benefit status
/// and organisation, and calculated against realised annual benefit per initiative.
pub fn portfolio_chart_tables<S: RegisterStore>(
    register: &S,
    as_of: NaiveDate,
    organisation: Option<&str>,
) -> Result<Vec<ChartTable>, ExportError> {
    let scope = organisation.map_or(super::reports::PackScope::Register, super::reports::PackScope::Supplier);
    portfolio_chart_tables_scoped(register, as_of, scope)
}

/// [`portfolio_chart_tables`] for the initiatives of a council pack's scope: the whole
/// register, a supplier's or a customer's — the same initiatives as the pack's charts.
pub fn portfolio_chart_tables_scoped<S: RegisterStore>(
    register: &S,
    as_of: NaiveDate,
    scope: super::reports::PackScope<'_>,
) -> Result<Vec<ChartTable>, ExportError> {
    use super::reports::PackScope;
    let organisations = register.organisations()?;
    let mut followup = register.followup_data(None)?;
    let (organisation, label) = match scope {
        PackScope::Register => (None, None),
        PackScope::Supplier(name) => {
            let o = crate::report::data::organisation_scope(&organisations, Some(name))?;
            (o.clone(), o)
        }
        PackScope::Customer(name) => {
            let c = crate::report::data::organisation_scope(&organisations, Some(name))?.unwrap_or_default();
            let ids = super::reports::customer_initiatives(&register.initiative_summaries()?, &organisations, &c);
            followup.entries.retain(|e| ids.contains(&e.initiative_id));
            (None, Some(format!("kund {c}")))
        }
    };
    let portfolio = crate::report::data::portfolio_in_scope(&followup, as_of, organisation.as_deref());
    Ok(chart_data::portfolio_tables(&portfolio, as_of, label.as_deref()))
}

// ---- the portfolio as shown ---------------------------------------------------------------------

/// The portfolio table as the window shows it ("Exportera vyn"): the initiatives `ids` in
/// the order shown (the window's filter and sort), the `columns` shown, with the values the
/// window shows as of `as_of` — read in one state of the register. An id no longer in the
/// register (deleted meanwhile by someone else) is refused, so the file is never another
/// table than the one on the screen.
pub fn portfolio_view_table<S: RegisterStore>(
    register: &S,
    as_of: NaiveDate,
    columns: &[super::portfolio::PortfolioColumn],
    ids: &[i64],
) -> Result<crate::io::view_table::ViewTable, ExportError> {
    register.read_consistently(|r| {
        let view = super::portfolio::portfolio_view(r, as_of)?;
        super::portfolio::view_table(&view, columns, ids).map_err(ExportError::UnknownInitiativeId)
    })
}

/// Writes the portfolio table [`portfolio_view_table`] read to `path` as an Excel workbook.
pub fn write_portfolio_view_xlsx(table: &crate::io::view_table::ViewTable, path: &Path) -> Result<(), ExportError> {
    Ok(crate::io::view_table::write_xlsx(table, path)?)
}

// ---- the whole register -------------------------------------------------------------------------

/// Writes the whole register to `path` as an Excel workbook (replacing the file if it
/// exists; callers that must not leave half a file write to a temporary path and rename),
/// read in one transaction, one row at a time.
pub fn write_register_xlsx<S: RegisterStore>(register: &S, path: &Path) -> Result<WorkbookSummary, ExportError> {
    register.read_consistently(|r| xlsx_export::write_register_xlsx(&StoreRows(r), path))
}

/// The register's tables as the workbook takes them, straight from the store's row readers.
struct StoreRows<'r, S>(&'r S);

impl<S: RegisterStore> RegisterRows for StoreRows<'_, S> {
    type Error = ExportError;

    fn register_info(&self) -> Result<std::collections::BTreeMap<String, String>, ExportError> {
        Ok(self.0.register_info()?)
    }
    fn organisations(&self, each: Each<'_, OrganisationRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_organisation(each)
    }
    fn people(&self, each: Each<'_, PersonRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_person(each)
    }
    fn calc_factors(&self, each: Each<'_, CalcFactorRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_calc_factor(each)
    }
    fn goal_areas(&self, each: Each<'_, crate::model::records::GoalAreaRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_goal_area(each)
    }
    fn initiatives(&self, each: Each<'_, InitiativeRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_initiative(each)
    }
    fn status_reports(&self, each: Each<'_, (i64, StatusReportRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_status_report(each)
    }
    fn cost_years(&self, each: Each<'_, (i64, CostYearRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_cost_year(each)
    }
    fn calculations(&self, each: Each<'_, (i64, CalculationRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_calculation(each)
    }
    fn plan_versions(&self, each: Each<'_, (i64, PlanVersionRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_plan_version(each)
    }
    fn measurements(&self, each: Each<'_, (i64, MeasurementRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_measurement(each)
    }
    fn deviation_notes(&self, each: Each<'_, (i64, DeviationNoteRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_deviation_note(each)
    }
    fn audit_log(&self, each: Each<'_, AuditRecord, ExportError>) -> Result<(), ExportError> {
        self.0.for_each_audit_record(each)
    }
    fn evaluations(&self, each: Each<'_, (i64, crate::model::records::EvaluationRecord), ExportError>) -> Result<(), ExportError> {
        self.0.for_each_evaluation(each)
    }
    /// Few per initiative, read whole inside the export's read transaction.
    fn harvest_decisions(
        &self,
        each: Each<'_, (i64, crate::model::records::HarvestDecisionRecord), ExportError>,
    ) -> Result<(), ExportError> {
        let mut decisions = self.0.all_harvest_decisions()?;
        decisions.sort_by_key(|d| d.id);
        for d in decisions {
            each((d.initiative_id, crate::model::records::HarvestDecisionRecord::of(d)))?;
        }
        Ok(())
    }
}

/// Writes the whole register as the JSON document to `out`, read in one transaction, with
/// at most one initiative (and its children) in memory at a time: the same bytes as
/// [`register_json::write_document`] of [`export_document`]. Errors are the store's, whose
/// sentences say a full disk as a full disk.
pub fn write_json_export<S: RegisterStore, W: std::io::Write>(register: &S, out: W) -> Result<(), StoreError> {
    register.read_consistently(|r| {
        let head = document_head(r)?;
        register_json::write_document_streamed(
            &head,
            &mut |each| r.for_each_initiative_with_children(|i| each(&i)),
            &mut |each| r.for_each_audit_record(|a| each(&a)),
            out,
        )
    })
}

/// The whole register as the JSON document, read in one transaction. Holds everything in
/// memory: an export to a file streams instead ([`write_json_export`]).
pub fn export_document<S: RegisterStore>(register: &S) -> Result<RegisterDocument, StoreError> {
    Ok(register.read_records()?.into())
}

/// The small lists of the document: everything but the initiatives and the log.
fn document_head<S: RegisterStore>(register: &S) -> Result<DocumentHead, StoreError> {
    let mut head = DocumentHead { register: register.register_info()?, ..DocumentHead::default() };
    register.for_each_organisation(|o| {
        head.organisations.push(o);
        Ok::<_, StoreError>(())
    })?;
    register.for_each_person(|p| {
        head.people.push(p);
        Ok::<_, StoreError>(())
    })?;
    register.for_each_calc_factor(|f| {
        head.calc_factors.push(f);
        Ok::<_, StoreError>(())
    })?;
    register.for_each_goal_area(|g| {
        head.goal_areas.push(g);
        Ok::<_, StoreError>(())
    })?;
    Ok(head)
}
