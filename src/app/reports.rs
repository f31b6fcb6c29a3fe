//! The PDF reports: the council pack and the report on one initiative. Each reads what it
//! shows from the register in one read transaction — a save in the window meanwhile cannot
//! make a pack's overview disagree with its initiative pages — evaluates the follow-up once
//! per initiative, and hands those values to [`crate::report`], which draws the charts and
//! typesets the PDF without seeing the store.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::AppError;
use crate::followup::{evaluate_initiative, portfolio_summary, portfolio_todo, FollowUpData, FollowUpEntry};
use crate::model::initiative::{CostYear, Initiative, InitiativeSummary, StatusReport};
use crate::model::{CalcVersion, IndicatorTargetHistory, PlanVersion};
use crate::report::data::{
    self, approved_calculation, entries_in_scope, organisation_scope, CouncilSource, DecisionSource, Evaluated,
    InitiativeSource,
    PageSource, PERIOD_DAYS,
};
use crate::report::{self, Pdf, Phase};
use crate::store::RegisterStore;

/// The council pack (underlag till digitaliseringsrådet) for the reporting period that ends
/// on `date`, for the whole register or for one organisation (by name, case-insensitive).
/// The same register and date give the same bytes.
pub fn council_pack<S: RegisterStore>(register: &S, date: NaiveDate, organisation: Option<&str>) -> Result<Vec<u8>, AppError> {
    Ok(council_pack_pdf(register, date, organisation)?.bytes)
}

/// [`council_pack`], telling also whether the file became PDF/A.
pub fn council_pack_pdf<S: RegisterStore>(register: &S, date: NaiveDate, organisation: Option<&str>) -> Result<Pdf, AppError> {
    council_pack_with_progress(register, date, organisation, &mut |_| {})
}

/// [`council_pack_pdf`], calling `progress` as each [`Phase`] starts.
pub fn council_pack_with_progress<S: RegisterStore>(
    register: &S,
    date: NaiveDate,
    organisation: Option<&str>,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, AppError> {
    let scope = organisation.map_or(PackScope::Register, PackScope::Supplier);
    council_pack_scoped(register, date, scope, progress)
}

/// Which initiatives a council pack takes in. Organisations by name, case-insensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackScope<'a> {
    /// The whole register.
    Register,
    /// The initiatives this organisation supplies: delivers and follows up (`--org`).
    Supplier(&'a str),
    /// The initiatives this organisation is a customer of: whose ways of working change and
    /// who realise the benefits (`--kund`), grouped as the portfolio groups by customer
    /// ([`super::portfolio::group_initiatives`]).
    Customer(&'a str),
}

/// The council pack for the initiatives in `scope`, calling `progress` as each [`Phase`]
/// starts. An unknown organisation is refused with the names there are.
pub fn council_pack_scoped<S: RegisterStore>(
    register: &S,
    date: NaiveDate,
    scope: PackScope<'_>,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, AppError> {
    progress(Phase::Reading);
    let (read, followup) = register.read_consistently(|r| read_council(r, scope))?;
    let source = read.evaluate(&followup, date);
    Ok(report::council_pack_pdf(&source, progress)?)
}

/// The report on one initiative (by code, case-insensitive) as of `date`.
pub fn initiative_report<S: RegisterStore>(register: &S, initiative_code: &str, date: NaiveDate) -> Result<Vec<u8>, AppError> {
    Ok(initiative_report_pdf(register, initiative_code, date)?.bytes)
}

/// [`initiative_report`], telling also whether the file became PDF/A.
pub fn initiative_report_pdf<S: RegisterStore>(register: &S, initiative_code: &str, date: NaiveDate) -> Result<Pdf, AppError> {
    initiative_report_with_progress(register, initiative_code, date, &mut |_| {})
}

/// [`initiative_report_pdf`], calling `progress` as each [`Phase`] starts.
pub fn initiative_report_with_progress<S: RegisterStore>(
    register: &S,
    initiative_code: &str,
    date: NaiveDate,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, AppError> {
    progress(Phase::Reading);
    let (read, followup) = register.read_consistently(|r| read_initiative(r, initiative_code))?;
    let source = read.evaluate(&followup, date);
    Ok(report::initiative_report_pdf(&source, progress)?)
}

/// The decision document (beslutsunderlag) on the initiative's draft calculation and/or
/// draft plan (by code, case-insensitive), dated `date`: every page marked as a draft.
/// Refused when the initiative has no draft.
pub fn decision_document_pdf<S: RegisterStore>(register: &S, initiative_code: &str, date: NaiveDate) -> Result<Pdf, AppError> {
    decision_document_with_progress(register, initiative_code, date, &mut |_| {})
}

/// [`decision_document_pdf`], calling `progress` as each [`Phase`] starts.
pub fn decision_document_with_progress<S: RegisterStore>(
    register: &S,
    initiative_code: &str,
    date: NaiveDate,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, AppError> {
    progress(Phase::Reading);
    let source = register.read_consistently(|r| read_decision(r, initiative_code, date))?;
    Ok(report::decision_document_pdf(&source, progress)?)
}

/// The organisation a report is limited to, as the register spells it; `None` for the whole
/// register. An unknown name is refused with the names there are.
pub fn organisation_scope_of<S: RegisterStore>(register: &S, wanted: Option<&str>) -> Result<Option<String>, AppError> {
    Ok(organisation_scope(&register.organisations()?, wanted)?)
}

/// The roll-up of the portfolio as of `date` that the council pack's overview shows, for the
/// whole register or one organisation (as the register spells it).
pub fn portfolio_in_scope<S: RegisterStore>(
    register: &S,
    date: NaiveDate,
    organisation: Option<&str>,
) -> Result<crate::followup::PortfolioSummary, AppError> {
    Ok(data::portfolio_in_scope(&register.status_data(date)?, date, organisation))
}

// ---- the council pack -------------------------------------------------------------------------

/// What the council pack reads from the register, before any evaluation.
struct CouncilRead {
    register_name: String,
    organisation: Option<String>,
    /// The customer the pack is limited to, as the register spells it.
    customer: Option<String>,
    summaries: Vec<InitiativeSummary>,
    status_reports: HashMap<i64, Vec<StatusReport>>,
    costs: Vec<CostYear>,
    pages: Vec<PageRead>,
    organisations: Vec<crate::model::initiative::Organisation>,
    governing_body: String,
}

/// A council-tracked initiative's page as read.
struct PageRead {
    initiative: Initiative,
    plan: Option<PlanVersion>,
    calculation: Option<CalcVersion>,
    target_history: Vec<IndicatorTargetHistory>,
}

/// The initiatives organisation `name` (as the register spells it) is a customer of: its group
/// in the portfolio grouped by customer, the one rule of who is whose customer.
pub(crate) fn customer_initiatives(
    summaries: &[InitiativeSummary],
    organisations: &[crate::model::initiative::Organisation],
    name: &str,
) -> std::collections::HashSet<i64> {
    let groups = super::portfolio::group_initiatives(summaries, organisations, super::portfolio::Grouping::Customer);
    groups.groups.into_iter().filter(|g| g.name == name).flat_map(|g| g.initiative_ids).collect()
}

/// What the council pack reads, and the follow-up data of every initiative (filtered to the
/// scope when evaluated).
fn read_council<S: RegisterStore>(register: &S, scope: PackScope<'_>) -> Result<(CouncilRead, FollowUpData), AppError> {
    let register_name = register.name()?;
    let organisations = register.organisations()?;
    let (organisation, customer) = match scope {
        PackScope::Register => (None, None),
        PackScope::Supplier(name) => (organisation_scope(&organisations, Some(name))?, None),
        PackScope::Customer(name) => (None, organisation_scope(&organisations, Some(name))?),
    };
    let all = register.initiative_summaries()?;
    let customer_ids = customer.as_deref().map(|name| customer_initiatives(&all, &organisations, name));
    let in_scope = |s: &InitiativeSummary| {
        organisation.as_deref().is_none_or(|o| o == s.organisation)
            && customer_ids.as_ref().is_none_or(|ids| ids.contains(&s.id))
    };
    let summaries: Vec<InitiativeSummary> = all.into_iter().filter(|s| in_scope(s)).collect();
    let followup = register.followup_data(None)?;
    let mut status_reports = HashMap::new();
    let mut costs = Vec::new();
    for s in &summaries {
        status_reports.insert(s.id, register.status_reports(s.id)?);
        costs.extend(register.cost_years(s.id)?);
    }
    let pages = summaries.iter().filter(|s| s.council_tracked).map(|s| read_page(register, s.id)).collect::<Result<_, _>>()?;
    let governing_body = super::lists::governing_body(register, organisation.as_deref())?;
    Ok((
        CouncilRead { register_name, organisation, customer, summaries, status_reports, costs, pages, organisations, governing_body },
        followup,
    ))
}

fn read_page<S: RegisterStore>(register: &S, initiative_id: i64) -> Result<PageRead, AppError> {
    let plan = register.latest_approved_plan(initiative_id)?;
    let target_history = if plan.is_some() { register.target_history(initiative_id)? } else { Vec::new() };
    Ok(PageRead {
        initiative: register.initiative(initiative_id)?,
        calculation: register.latest_approved_calculation(initiative_id)?,
        plan,
        target_history,
    })
}

impl CouncilRead {
    /// The pack's source as of `date`: the roll-up and the to-do list of the initiatives in
    /// scope, and each council-tracked initiative's follow-up evaluated once for its page.
    fn evaluate(self, followup: &FollowUpData, date: NaiveDate) -> CouncilSource<'_> {
        // The supplier's scope by its name; the customer's by the initiatives read for it.
        let mut entries = entries_in_scope(followup, self.organisation.as_deref());
        if self.customer.is_some() {
            let ids: std::collections::HashSet<i64> = self.summaries.iter().map(|s| s.id).collect();
            entries.retain(|e| ids.contains(&e.initiative_id));
        }
        let inputs: Vec<_> = entries.iter().map(|e| e.input()).collect();
        let evaluated = |id: i64| {
            let entry = entries.iter().copied().find(|e| e.initiative_id == id)?;
            Some(Evaluated { entry, followup: evaluate_initiative(&entry.input(), date).followup })
        };
        let pages = self
            .pages
            .into_iter()
            .map(|page| PageSource {
                followup: evaluated(page.initiative.id),
                initiative: page.initiative,
                plan: page.plan,
                calculation: page.calculation,
                target_history: page.target_history,
            })
            .collect();
        CouncilSource {
            register_name: self.register_name,
            date,
            organisation: self.organisation,
            customer: self.customer,
            summaries: self.summaries,
            portfolio: portfolio_summary(&inputs, date),
            todo: portfolio_todo(&inputs, date, PERIOD_DAYS),
            status_reports: self.status_reports,
            costs: self.costs,
            pages,
            organisations: self.organisations,
            governing_body: self.governing_body,
        }
    }
}

// ---- the initiative report ---------------------------------------------------------------------

/// What the initiative report reads from the register, before any evaluation.
struct InitiativeRead {
    register_name: String,
    summary: InitiativeSummary,
    initiative: Initiative,
    status_reports: Vec<StatusReport>,
    calculation_versions: Vec<CalcVersion>,
    approved_factors: Vec<crate::model::calculation::CalcFactor>,
    plan_versions: Vec<PlanVersion>,
    measurements: Vec<crate::model::StoredMeasurement>,
    target_history: Vec<IndicatorTargetHistory>,
    cost_years: Vec<CostYear>,
    organisations: Vec<crate::model::initiative::Organisation>,
    governing_body: String,
    goal_areas: Vec<String>,
    evaluations: Vec<crate::model::evaluation::EvaluationVersion>,
}

/// What the initiative report reads, and the initiative's follow-up data. An unknown code
/// is refused before anything else is read.
fn read_initiative<S: RegisterStore>(register: &S, code: &str) -> Result<(InitiativeRead, FollowUpData), AppError> {
    let register_name = register.name()?;
    let summary = find_initiative(register, code)?;
    let id = summary.id;
    let calculation_versions = register.calculation_versions(id)?;
    let approved_factors = match approved_calculation(&calculation_versions) {
        Some(version) => register.factors_for(version)?,
        None => Vec::new(),
    };
    let read = InitiativeRead {
        register_name,
        initiative: register.initiative(id)?,
        status_reports: register.status_reports(id)?,
        approved_factors,
        calculation_versions,
        plan_versions: register.plan_versions(id)?,
        measurements: register.measurements(id)?,
        target_history: register.target_history(id)?,
        cost_years: register.cost_years(id)?,
        organisations: register.organisations()?,
        governing_body: super::lists::governing_body_of_supplier(register, summary.organisation_id)?,
        goal_areas: super::lists::goal_area_names(register, id)?,
        evaluations: register.evaluation_versions(id)?,
        summary,
    };
    Ok((read, register.followup_data(Some(id))?))
}

/// What the decision document shows: the initiative and every version of its calculation and
/// plan, with the factors each calculation is computed with.
fn read_decision<S: RegisterStore>(register: &S, code: &str, date: NaiveDate) -> Result<DecisionSource, AppError> {
    let summary = find_initiative(register, code)?;
    let id = summary.id;
    let calculation_versions = register.calculation_versions(id)?;
    let approved_factors = match approved_calculation(&calculation_versions) {
        Some(version) => register.factors_for(version)?,
        None => Vec::new(),
    };
    let draft_factors = match calculation_versions.iter().rfind(|v| !v.is_approved()) {
        Some(draft) => register.factors_for(draft)?,
        None => Vec::new(),
    };
    Ok(DecisionSource {
        register_name: register.name()?,
        date,
        initiative: register.initiative(id)?,
        approved_factors,
        draft_factors,
        calculation_versions,
        plan_versions: register.plan_versions(id)?,
        organisations: register.organisations()?,
        governing_body: super::lists::governing_body_of_supplier(register, summary.organisation_id)?,
        goal_areas: super::lists::goal_area_names(register, id)?,
        supplier: summary.organisation,
    })
}

/// The initiative with `code` (case-insensitive), or the report's refusal naming it.
fn find_initiative<S: RegisterStore>(register: &S, code: &str) -> Result<InitiativeSummary, AppError> {
    Ok(register
        .initiative_summaries()?
        .into_iter()
        .find(|s| s.code.eq_ignore_ascii_case(code.trim()))
        .ok_or_else(|| report::ReportError::UnknownInitiative(code.trim().to_string()))?)
}

impl InitiativeRead {
    /// The report's source as of `date`, with the initiative's follow-up evaluated once.
    fn evaluate(self, followup: &FollowUpData, date: NaiveDate) -> InitiativeSource<'_> {
        let evaluated = followup.entries.first().map(|entry: &FollowUpEntry| Evaluated {
            entry,
            followup: evaluate_initiative(&entry.input(), date).followup,
        });
        InitiativeSource {
            register_name: self.register_name,
            date,
            summary: self.summary,
            initiative: self.initiative,
            status_reports: self.status_reports,
            followup: evaluated,
            calculation_versions: self.calculation_versions,
            approved_factors: self.approved_factors,
            plan_versions: self.plan_versions,
            measurements: self.measurements,
            target_history: self.target_history,
            cost_years: self.cost_years,
            organisations: self.organisations,
            governing_body: self.governing_body,
            goal_areas: self.goal_areas,
            evaluations: self.evaluations,
        }
    }
}
