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
    PageSource, PERIOD_DAYS, AwaitingApprovalRow, BenefitLoop, HarvestPendingRow, HarvestBenefitRow, HarvestDecisionRow, HarvestSection, CalibrationRow, DecidedRow, DecisionAskedRow, DeviatingBenefitRow, HarvestRow,
    StatusText,
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
    let data = council_data(register, date, scope)?;
    Ok(report::council_pack_pdf(data, date, report::parts::INITIATIVES_PER_PART, progress)?)
}

/// The council pack of the whole register typeset in parts of `per_part` council-tracked
/// initiatives and joined ([`report::parts`]), as a large register's pack always is: for
/// showing on a small register that the joined pack has the pages of the pack in one piece.
pub fn council_pack_in_parts<S: RegisterStore>(register: &S, date: NaiveDate, per_part: usize) -> Result<Pdf, AppError> {
    let data = council_data(register, date, PackScope::Register)?;
    Ok(report::council_pack_pdf(data, date, per_part, &mut |_| {})?)
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
    let (read, followup) = register.read_consistently(|r| read_initiative(r, initiative_code, date))?;
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
    awaiting_approval: Vec<AwaitingApprovalRow>,
    deviation_notes: Vec<crate::model::deviation::DeviationNote>,
    harvest_decisions: Vec<crate::model::harvest::HarvestDecision>,
    cost_per_fte: rust_decimal::Decimal,
    calibration: super::calibration::CalibrationView,
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

/// The council pack's data, with its charts drawn. What was read from the register to make
/// it is freed before the pack is typeset: on a city's register over a hundred megabytes,
/// which typst's pages can then use (docs/prestanda.md).
fn council_data<S: RegisterStore>(register: &S, date: NaiveDate, scope: PackScope<'_>) -> Result<report::data::Report<report::data::Council>, AppError> {
    let (read, followup) = register.read_consistently(|r| read_council(r, scope, date))?;
    let source = read.evaluate(&followup, date);
    Ok(report::data::council(&source))
}

/// What the council pack reads, and the follow-up data of every initiative (filtered to the
/// scope when evaluated).
fn read_council<S: RegisterStore>(register: &S, scope: PackScope<'_>, date: NaiveDate) -> Result<(CouncilRead, FollowUpData), AppError> {
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
    // Every initiative's reports and costs in one read each, kept for those in scope (on the
    // shared register a read per initiative was a round trip each, thousands for a city).
    let mut status_reports: HashMap<i64, Vec<_>> = summaries.iter().map(|s| (s.id, Vec::new())).collect();
    for report in register.all_status_reports()? {
        if let Some(reports) = status_reports.get_mut(&report.initiative_id) {
            reports.push(report);
        }
    }
    let mut costs_of = by_initiative(register.all_cost_years()?, |c| c.initiative_id);
    let costs: Vec<_> = summaries.iter().flat_map(|s| costs_of.remove(&s.id).unwrap_or_default()).collect();
    let pages = read_pages(register, &summaries)?;
    let governing_body = super::lists::governing_body(register, organisation.as_deref())?;
    let calibration = super::calibration::council_calibration(register, &followup, date, organisation.as_deref())?;
    let awaiting_approval = awaiting_approval(register, &summaries)?;
    Ok((
        CouncilRead {
            register_name,
            organisation,
            customer,
            summaries,
            status_reports,
            costs,
            pages,
            organisations,
            governing_body,
            awaiting_approval,
            deviation_notes: register.deviation_notes(None)?,
            harvest_decisions: register.all_harvest_decisions()?,
            cost_per_fte: register.register_settings()?.cost_per_fte,
            calibration,
        },
        followup,
    ))
}

/// The council-tracked initiatives' pages as read: every calculation and plan version of
/// them in one read each (on the shared register a read per initiative and kind was a round
/// trip each), then each initiative.
fn read_pages<S: RegisterStore>(register: &S, summaries: &[InitiativeSummary]) -> Result<Vec<PageRead>, AppError> {
    let tracked: Vec<i64> = summaries.iter().filter(|s| s.council_tracked).map(|s| s.id).collect();
    let mut plans = by_initiative(register.plan_versions_of(&tracked)?, |v| v.initiative_id);
    let mut calculations = by_initiative(register.calculation_versions_of(&tracked)?, |v| v.initiative_id);
    tracked
        .iter()
        .map(|id| {
            let plans = plans.remove(id).unwrap_or_default();
            let target_history = if plans.iter().any(|v| v.is_approved()) { crate::model::target_history(&plans) } else { Vec::new() };
            Ok(PageRead {
                initiative: register.initiative(*id)?,
                // The latest approved versions, as `latest_approved_plan` and
                // `latest_approved_calculation` read them.
                plan: plans.into_iter().rfind(|v| v.is_approved()),
                calculation: calculations.remove(id).unwrap_or_default().into_iter().rfind(|v| v.is_approved()),
                target_history,
            })
        })
        .collect()
}

/// `rows` per initiative, each initiative's in the order they came.
fn by_initiative<T>(rows: Vec<T>, initiative_of: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        grouped.entry(initiative_of(&row)).or_default().push(row);
    }
    grouped
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
        let mut benefit_loop = benefit_loop(
            &entries,
            &self.deviation_notes,
            &self.harvest_decisions,
            &self.organisations,
            self.cost_per_fte,
            &self.calibration,
            date,
        );
        benefit_loop.awaiting_approval = self.awaiting_approval;
        CouncilSource {
            benefit_loop,
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

/// The initiatives of `summaries` whose newest calculation or plan version is a draft, with
/// the drafts named; closed, cancelled and struck initiatives left out. Two reads for the
/// whole register (on the shared register, a version list per initiative was two thousand
/// round trips on a city's register).
fn awaiting_approval<S: RegisterStore>(register: &S, summaries: &[InitiativeSummary]) -> Result<Vec<AwaitingApprovalRow>, AppError> {
    use crate::model::initiative::Phase;
    let calculations: HashMap<i64, u32> = register.newest_calculation_drafts()?.into_iter().collect();
    let plans: HashMap<i64, u32> = register.newest_plan_drafts()?.into_iter().collect();
    let mut rows = Vec::new();
    for s in summaries.iter().filter(|s| !matches!(s.phase, Phase::Avslutad | Phase::Avbruten | Phase::Struken)) {
        let mut documents = Vec::new();
        if let Some(version) = calculations.get(&s.id) {
            documents.push(format!("Nyttokalkyl version {version} (utkast)"));
        }
        if let Some(version) = plans.get(&s.id) {
            documents.push(format!("Nyttorealiseringsplan version {version} (utkast)"));
        }
        if !documents.is_empty() {
            rows.push(AwaitingApprovalRow { code: s.code.clone(), name: s.name.clone(), documents });
        }
    }
    Ok(rows)
}

/// The pack's benefit-loop sections for the initiatives in scope (`entries`), in words.
fn benefit_loop(
    entries: &[&FollowUpEntry],
    notes: &[crate::model::deviation::DeviationNote],
    decisions: &[crate::model::harvest::HarvestDecision],
    organisations: &[crate::model::initiative::Organisation],
    cost_per_fte: rust_decimal::Decimal,
    calibration: &super::calibration::CalibrationView,
    date: NaiveDate,
) -> BenefitLoop {
    use super::deviations::{decided_since, decisions_asked, deviating_benefits_of, deviation_rows_of};
    let status = |s: super::StatusView| {
        StatusText::followup(crate::followup::Status::from_code(s.code).unwrap_or(crate::followup::Status::Kommande))
    };
    // Each initiative's follow-up once, for every section below.
    let evaluated: Vec<(&FollowUpEntry, crate::followup::PlanFollowUp)> =
        entries.iter().map(|e| (*e, evaluate_initiative(&e.input(), date).followup)).collect();
    let each = || evaluated.iter().map(|(e, f)| (*e, f));
    let rows = deviation_rows_of(each(), notes);
    let period_start = date.checked_sub_days(chrono::Days::new(u64::from(PERIOD_DAYS))).unwrap_or(date);
    let harvest = super::harvest::harvest_of_entries(each(), decisions, organisations, cost_per_fte, date);
    let hidden = calibration.hidden;
    let mut harvest_pending = Vec::new();
    for (entry, followup) in each() {
        for b in &followup.benefits {
            let Some(realised) = b.realised_annual_value.filter(|v| *v > rust_decimal::Decimal::ZERO) else { continue };
            if decisions.iter().any(|d| d.initiative_id == entry.initiative_id && d.fields.benefit == b.name) {
                continue;
            }
            let as_of = b.realised_as_of.map(|d| format!(" (årstakt enligt mätningen {})", crate::format::date(d))).unwrap_or_default();
            harvest_pending.push(HarvestPendingRow {
                code: entry.code.clone(),
                name: entry.name.clone(),
                benefit: b.name.clone(),
                realised: format!("{} per år{as_of}", crate::format::kr(realised)),
            });
        }
    }
    BenefitLoop {
        harvest_pending,
        awaiting_approval: Vec::new(),
        decisions_asked: decisions_asked(&rows)
            .into_iter()
            .map(|d| DecisionAskedRow {
                code: d.initiative_code,
                name: d.initiative_name,
                benefit: d.benefit,
                owner: d.benefit_owner,
                checkpoint: d.checkpoint,
                status: status(d.status),
                cause: d.cause,
                action: d.action,
                requested: d.decision_requested,
            })
            .collect(),
        decided: decided_since(&rows, Some(period_start))
            .into_iter()
            // Within the period: a decision dated after the pack's date is not yet one.
            .filter(|(_, d)| d.date <= date)
            .map(|(r, d)| DecidedRow {
                code: r.initiative_code,
                name: r.initiative_name,
                checkpoint: format!("{} {}, {} månader", r.indicator_code, r.indicator_name, r.months),
                decision: d.decision,
                by: format!("{} {}, {}", d.decided_by, crate::format::date(d.date), d.reference),
            })
            .collect(),
        deviating_benefits: deviating_benefits_of(each(), &rows)
            .into_iter()
            .map(|b| DeviatingBenefitRow {
                code: b.initiative_code,
                name: b.initiative_name,
                organisation: b.organisation,
                tracked: if b.council_tracked { "Särskilt följd".into() } else { String::new() },
                benefit: b.benefit,
                owner: b.benefit_owner,
                status: status(b.status),
                causes: b.causes,
                actions: b.actions,
            })
            .collect(),
        harvest: {
            let last = harvest.len().saturating_sub(1);
            let both = |a: super::harvest::AmountView| vec![a.kr, format!("{} åa", a.fte)];
            harvest
                .iter()
                .map(super::harvest::organisation_view)
                .enumerate()
                .map(|(k, v)| HarvestRow {
                    // The roll-up's last row is the pack's scope, which may be one organisation's.
                    organisation: if k == last { "Totalt".into() } else { v.organisation },
                    calculated: both(v.calculated),
                    realised: both(v.realised),
                    decided: both(v.decided),
                    harvested: both(v.harvested),
                    without_decision: v.without_decision.to_string(),
                })
                .collect()
        },
        cost_per_fte: crate::format::kr(cost_per_fte),
        calibration: calibration
            .rows
            .iter()
            .filter_map(|r| {
                Some(CalibrationRow {
                    scope: r.scope.clone(),
                    category: r.category_label.to_string(),
                    months: format!("{} mån", r.months),
                    median: r.median_text.clone()?,
                    n: r.n.to_string(),
                })
            })
            .collect(),
        calibration_hidden: match hidden {
            0 => String::new(),
            1 => "En grupp har färre än tre insatser och visas inte.".into(),
            n => format!("{n} grupper har färre än tre insatser och visas inte."),
        },
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
    harvest: HarvestSection,
}

/// What the initiative report reads, and the initiative's follow-up data. An unknown code
/// is refused before anything else is read.
fn read_initiative<S: RegisterStore>(register: &S, code: &str, date: NaiveDate) -> Result<(InitiativeRead, FollowUpData), AppError> {
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
        harvest: harvest_section(&super::harvest::initiative_harvest(register, id, date)?),
        summary,
    };
    Ok((read, register.followup_data(Some(id))?))
}

/// The initiative report's Effekthemtagning in words (`app::harvest`'s view of it).
fn harvest_section(view: &super::harvest::InitiativeHarvestView) -> HarvestSection {
    let both = |a: &super::harvest::AmountView| vec![a.kr.clone(), a.fte.clone()];
    HarvestSection {
        benefits: view
            .benefits
            .iter()
            .map(|b| HarvestBenefitRow {
                benefit: b.name.clone(),
                calculated: both(&b.calculated),
                realised: both(&b.realised),
                decided: both(&b.decided),
                harvested: both(&b.harvested),
                note: [
                    b.note.clone(),
                    b.realised_note.clone(),
                    b.decisions.is_empty().then(|| "Inget beslut om effekthemtagning ännu.".to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            })
            .collect(),
        decisions: view
            .table
            .iter()
            .map(|r| HarvestDecisionRow {
                benefit: r.benefit.clone(),
                action: r.action.clone(),
                full_year: r.full_year_tkr.clone(),
                planned_this_year: vec![r.planned_this_year_tkr.clone(), format!("{} åa", r.planned_this_year_fte)],
                to_date: r.to_date_tkr.clone(),
                assessed_this_year: vec![r.assessed_this_year_tkr.clone(), format!("{} åa", r.assessed_this_year_fte)],
            })
            .collect(),
    }
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
            harvest: self.harvest,
        }
    }
}
