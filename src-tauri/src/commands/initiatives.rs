//! Organisations, initiatives, status reports and cost follow-up.

use nytta::app::prelude::*;
use serde::Serialize;
use tauri::State;

use nytta::model::initiative::*;
use nytta::app::AuditEntry;

use crate::error::UiResult;
use crate::state::AppState;

/// A choice as the window shows it: stored code and Swedish label.
#[derive(Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Serialize)]
pub struct Choices {
    pub phases: Vec<Choice>,
    pub benefit_reach: Vec<Choice>,
    pub change_kinds: Vec<Choice>,
    pub complexity: Vec<Choice>,
    pub organisation_kinds: Vec<Choice>,
    pub rag: Vec<Choice>,
    pub cost_types: Vec<Choice>,
    /// Förvaltning, utveckling.
    pub cost_kinds: Vec<Choice>,
    pub financing: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub reporting_periods: Vec<Choice>,
}

macro_rules! choices_of {
    ($t:ty) => {
        <$t>::ALL.iter().map(|c| Choice { code: c.code(), label: c.label() }).collect()
    };
}

/// The closed sets of choices with their Swedish labels: the window never hard-codes them.
#[tauri::command]
pub fn choices() -> Choices {
    Choices {
        phases: choices_of!(Phase),
        benefit_reach: choices_of!(BenefitReach),
        change_kinds: choices_of!(ChangeKind),
        complexity: choices_of!(Complexity),
        organisation_kinds: choices_of!(OrganisationKind),
        rag: choices_of!(Rag),
        cost_types: choices_of!(CostType),
        cost_kinds: choices_of!(CostKind),
        financing: choices_of!(Financing),
        categories: choices_of!(nytta::model::register_lists::Category),
        reporting_periods: choices_of!(nytta::model::register_lists::ReportingPeriod),
    }
}

#[tauri::command]
pub fn organisations(state: State<AppState>) -> UiResult<Vec<Organisation>> {
    state.with(|r| Ok(r.organisations()?))
}

#[tauri::command]
pub fn add_organisation(state: State<AppState>, name: String, kind: OrganisationKind, committee: String) -> UiResult<i64> {
    state.with(|r| Ok(r.add_organisation(&name, kind, &committee)?))
}

#[tauri::command]
pub fn initiatives(state: State<AppState>) -> UiResult<Vec<InitiativeSummary>> {
    state.with(|r| {
        let mut summaries = r.initiative_summaries()?;
        // A report older than one period is shown as inaktuell, never as current.
        nytta::app::lists::mark_stale_reports(&mut summaries, r.view_date()?);
        Ok(summaries)
    })
}

/// The portfolio grouped by supplier or by customer (the realising organisations).
#[tauri::command]
pub fn portfolio_groups(state: State<AppState>, by: nytta::app::portfolio::Grouping) -> UiResult<nytta::app::portfolio::PortfolioGroups> {
    state.with(|r| Ok(nytta::app::portfolio::portfolio_groups(r, by)?))
}

/// The overview an initiative opens on (its "Översikt" tab), as of the app's date: key facts,
/// the approved calculation's key figures, the statuses, the checkpoint to measure, the open
/// deviations and the latest status report (app::overview).
#[tauri::command]
pub fn initiative_overview(state: State<AppState>, initiative_id: i64) -> UiResult<nytta::app::overview::InitiativeOverview> {
    state.with(|r| Ok(nytta::app::overview::initiative_overview(r, initiative_id, r.view_date()?)?))
}

/// Everything the initiative view shows, read in one call.
#[derive(Serialize)]
pub struct InitiativeView {
    pub initiative: Initiative,
    pub status_reports: Vec<StatusReport>,
    pub cost_years: Vec<CostYear>,
    /// The cost table in tkr with Avvikelse, the sums and the only-external flag.
    pub costs: nytta::app::costs::CostTableView,
    pub history: Vec<AuditEntry>,
    /// What the user may do with it (everything in a register file): the window disables
    /// what they may not, with the reason beside it.
    pub permissions: nytta::app::rights::InitiativePermissions,
    /// "Utvärderad" once its evaluation is approved, else its phase's label.
    pub phase_label: String,
}

#[tauri::command]
pub fn initiative(state: State<AppState>, id: i64) -> UiResult<InitiativeView> {
    state.with(|r| {
        let initiative = r.initiative(id)?;
        let permissions = state.rights_in(r)?.on_initiative(&initiative);
        Ok(InitiativeView {
            permissions,
            status_reports: r.status_reports(id)?,
            cost_years: r.cost_years(id)?,
            costs: nytta::app::costs::cost_table(r, id)?,
            history: r.audit_log(Some(id), 200)?,
            phase_label: nytta::app::evaluation::phase_label(&initiative, &r.evaluation_versions(id)?),
            initiative,
        })
    })
}

/// What the user may do in the open register as a whole, and whether it is the shared
/// register with their roles in words (read once per register opened; see
/// `AppState::rights_in`).
#[tauri::command]
pub fn permissions(state: State<AppState>) -> UiResult<nytta::app::rights::RegisterPermissions> {
    state.with(|r| {
        let rights = state.rights_in(r)?;
        Ok(rights.on_register(&r.organisations()?))
    })
}

#[tauri::command]
pub fn create_initiative(state: State<AppState>, fields: InitiativeFields) -> UiResult<i64> {
    state.with(|r| Ok(r.create_initiative(&fields)?))
}

#[tauri::command]
pub fn update_initiative(state: State<AppState>, id: i64, row_version: i64, fields: InitiativeFields) -> UiResult<Initiative> {
    state.with(|r| Ok(r.update_initiative(id, row_version, &fields)?))
}

#[tauri::command]
pub fn add_status_report(state: State<AppState>, initiative_id: i64, report: StatusReportFields) -> UiResult<i64> {
    state.with(|r| Ok(r.add_status_report(initiative_id, &report)?))
}

#[tauri::command]
pub fn save_cost_year(state: State<AppState>, initiative_id: i64, cost: CostYearFields) -> UiResult<i64> {
    state.with(|r| Ok(r.save_cost_year(initiative_id, &cost)?))
}

#[tauri::command]
pub fn delete_cost_year(state: State<AppState>, initiative_id: i64, id: i64) -> UiResult<()> {
    state.with(|r| Ok(r.delete_cost_year(initiative_id, id)?))
}
