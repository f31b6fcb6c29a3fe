//! An initiative's overview ("Översikt", the tab it opens on): its key facts, the key figures
//! of its approved calculation, the statuses of its latest status report and of its benefit
//! follow-up, the checkpoint to measure next (or the one already late), its open benefit
//! deviations and its latest status report — read in one state of the register and assembled
//! from the functions the other tabs use (`lists::schedule_in`, `portfolio::followup_columns`,
//! `deviations::deviation_rows`, `report::calc_table::result_rows`,
//! `followup::measurement_todo`), so the overview never says other than the tab behind it.

use chrono::NaiveDate;
use serde::Serialize;

use super::deviations::DeviationRow;
use super::portfolio::{followup_columns, TODO_DAYS};
use super::{relative_days, StatusView};
use crate::followup::{measurement_todo, next_checkpoint};
use crate::model::initiative::StatusReport;
use crate::report::calc_table::{result_rows, Precision};
use crate::store::{RegisterStore, Result};

/// The overview of one initiative as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeOverview {
    pub as_of: NaiveDate,
    pub initiative_id: i64,
    pub code: String,
    pub name: String,
    /// The supplier (leverantör) and the customers (kunder) that realise the benefits, by
    /// name; the customers only when another than the supplier is one.
    pub supplier: String,
    pub customers: Vec<String>,
    /// The phase's word; "Utvärderad" once the evaluation is approved.
    pub phase: String,
    pub category: Option<&'static str>,
    pub go_live_date: Option<NaiveDate>,
    /// The beställare, who owns the initiative, and the project manager (empty when unset).
    pub sponsor: String,
    pub project_manager: String,
    /// "Särskilt följd av …" when it is council-tracked.
    pub tracked: Option<String>,
    pub calculation: CalculationFacts,
    /// The newest status report, its dimensions with their causes and actions.
    pub latest_report: Option<StatusReport>,
    /// "Inaktuell – statusrapport för perioden t.o.m. …" when it is older than one period.
    pub latest_report_stale: Option<String>,
    /// When the next status report is due, or that it is late, in words.
    pub report_schedule: String,
    pub report_overdue: bool,
    /// `None` without an approved plan.
    pub followup: Option<FollowupFacts>,
    /// The open benefit deviations (röd or saknas at a checkpoint, neither resolved nor
    /// closed), in plan order.
    pub open_deviations: Vec<DeviationRow>,
}

/// The approved calculation's key figures (likely scenario), or why there are none.
#[derive(Debug, Clone, Serialize)]
pub struct CalculationFacts {
    /// "version 2, godkänd 2026-03-12 av … (…)" of the latest approved version.
    pub approved: Option<String>,
    /// Nuvärde av nyttor, Nuvärde av kostnader, Nettonuvärde, Nytta per investerad krona,
    /// Återbetalningsår: the rows of the calculation tab, likely scenario.
    pub figures: Vec<KeyFigure>,
    /// Why no figures are shown: no calculation, only a draft, or one that cannot be computed.
    pub note: Option<String>,
    /// A draft newer than the approved version: "version 3, utkast – inte godkänd".
    pub draft: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFigure {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// The follow-up's statuses and values, as the portfolio's columns show them, and the
/// checkpoint to measure next.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupFacts {
    /// "version 1, godkänd 2025-02-11 av … (…)".
    pub plan: String,
    pub status: StatusView,
    pub status_6: Option<StatusView>,
    pub status_12: Option<StatusView>,
    /// "1 234 567 kr" per year; `None` when no benefit links to a calculation line.
    pub calculated_annual_value: Option<String>,
    /// "724 000 kr" or "Ej mätt".
    pub realised_annual_value: Option<String>,
    /// The earliest checkpoint passed without its measurement, else the next one; `None`
    /// without a go-live date (or when every checkpoint is behind and measured).
    pub checkpoint: Option<CheckpointDue>,
    /// Why there is no checkpoint: no go-live date, or none left.
    pub checkpoint_note: Option<String>,
}

/// A checkpoint to measure at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointDue {
    pub date: NaiveDate,
    pub months: u32,
    /// Passed without the measurement.
    pub overdue: bool,
    /// "om 12 dagar", "i dag", "Försenad sedan 2026-09-01 (60 dagar)" (as the to-do list).
    pub when: String,
    /// The indicators to measure then: "TOLKPL Bokade tolkuppdrag på plats".
    pub indicators: Vec<String>,
}

/// The figures of the calculation tab the overview shows, in its order.
const KEY_FIGURES: [&str; 5] = ["pv_benefits", "pv_costs", "npv", "benefit_per_krona", "break_even_year"];

/// The overview of initiative `initiative_id` as of `as_of`.
pub fn initiative_overview<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    as_of: NaiveDate,
) -> Result<InitiativeOverview> {
    register.read_consistently(|r| {
        let initiative = r.initiative(initiative_id)?;
        let f = &initiative.fields;
        let organisations = r.organisations()?;
        let name_of = |id: i64| organisations.iter().find(|o| o.id == id).map(|o| o.name.clone());
        let supplier = name_of(f.organisation_id).unwrap_or_default();
        let customers: Vec<String> = if f.customer_ids.iter().all(|c| *c == f.organisation_id) {
            Vec::new()
        } else {
            f.customer_ids.iter().filter_map(|c| name_of(*c)).collect()
        };
        let schedule = super::lists::schedule_in(r, initiative_id, as_of)?;
        let latest_report = r.status_reports(initiative_id)?.into_iter().max_by_key(|s| s.fields.period_end);
        let data = r.followup_data(Some(initiative_id))?;
        let notes = r.deviation_notes(Some(initiative_id))?;
        let open_deviations = super::deviations::deviation_rows(&data, &notes, as_of)
            .into_iter()
            .filter(|d| d.state.code == "oppen")
            .collect();
        let followup = match data.entries.first() {
            Some(entry) => {
                let columns = followup_columns(&data, as_of);
                let row = columns.rows.into_iter().next();
                let plan = r.latest_approved_plan(initiative_id)?.map(|p| p.describe()).unwrap_or_default();
                let (checkpoint, checkpoint_note) = checkpoint_due(entry, as_of);
                row.map(|row| FollowupFacts {
                    plan,
                    status: row.status,
                    status_6: row.status_6,
                    status_12: row.status_12,
                    calculated_annual_value: row.calculated_annual_value,
                    realised_annual_value: row.realised_annual_value,
                    checkpoint,
                    checkpoint_note,
                })
            }
            None => None,
        };
        Ok(InitiativeOverview {
            as_of,
            initiative_id,
            code: f.code.clone(),
            name: f.name.clone(),
            supplier,
            customers,
            phase: super::evaluation::phase_label(&initiative, &r.evaluation_versions(initiative_id)?),
            category: f.category.map(|c| c.label()),
            go_live_date: f.go_live_date,
            sponsor: f.sponsor.clone(),
            project_manager: f.project_manager.clone(),
            tracked: f.council_tracked.then(|| schedule.tracked_label.clone()),
            calculation: calculation_facts(r, initiative_id)?,
            latest_report_stale: schedule.latest_stale.clone(),
            latest_report,
            report_schedule: schedule.text,
            report_overdue: schedule.overdue,
            followup,
            open_deviations,
        })
    })
}

/// The key figures of the latest approved calculation version, as the calculation tab
/// computes and words them.
fn calculation_facts<S: RegisterStore>(r: &S, initiative_id: i64) -> Result<CalculationFacts> {
    let versions = r.calculation_versions(initiative_id)?;
    let approved = versions.iter().rfind(|v| v.is_approved());
    let draft = versions.iter().rfind(|v| !v.is_approved()).map(|v| v.describe());
    let Some(version) = approved else {
        let note = if versions.is_empty() {
            "Insatsen har ingen nyttokalkyl."
        } else {
            "Nyttokalkylen är inte godkänd ännu; nyckeltalen visas när en version är godkänd."
        };
        return Ok(CalculationFacts { approved: None, figures: Vec::new(), note: Some(note.into()), draft });
    };
    let factors = r.factors_for(version)?;
    let (figures, note) = match crate::calc::calculate(&version.calculation, &factors) {
        Ok(result) => {
            let rows = result_rows(&result, Precision::Kronor);
            let figures = KEY_FIGURES
                .iter()
                .filter_map(|key| rows.iter().find(|row| row.key == *key))
                .map(|row| KeyFigure { key: row.key, label: row.label, value: row.values[1].clone() })
                .collect();
            (figures, None)
        }
        Err(_) => (Vec::new(), Some("Den godkända nyttokalkylen går inte att räkna; se fliken Nyttokalkyl.".to_string())),
    };
    Ok(CalculationFacts { approved: Some(version.describe()), figures, note, draft })
}

/// The earliest checkpoint passed without its measurement (the to-do list's rule,
/// [`measurement_todo`]), else the next checkpoint; or why there is none.
fn checkpoint_due(entry: &crate::followup::FollowUpEntry, as_of: NaiveDate) -> (Option<CheckpointDue>, Option<String>) {
    let Some(go_live) = entry.go_live else {
        return (
            None,
            Some("Insatsen har inget datum för driftsättning; kontrollpunkterna räknas från driftsättningen.".into()),
        );
    };
    let name_of = |code: &str| {
        entry
            .plan
            .indicators()
            .find(|(_, i)| i.code == code)
            .map_or_else(|| code.to_string(), |(_, i)| format!("{} {}", i.code, i.name))
    };
    let todo = measurement_todo(&entry.plan, go_live, &entry.measurements, as_of, TODO_DAYS);
    if let Some(first) = todo.iter().find(|t| t.checkpoint_date < as_of) {
        let indicators = todo
            .iter()
            .filter(|t| t.checkpoint_date == first.checkpoint_date)
            .map(|t| name_of(&t.indicator_code))
            .collect();
        return (
            Some(CheckpointDue {
                date: first.checkpoint_date,
                months: first.months_after_go_live,
                overdue: true,
                when: relative_days(first.checkpoint_date, as_of),
                indicators,
            }),
            None,
        );
    }
    match next_checkpoint(&entry.plan, go_live, as_of) {
        Some(next) => (
            Some(CheckpointDue {
                date: next.date,
                months: next.months_after_go_live,
                overdue: false,
                when: relative_days(next.date, as_of),
                indicators: next.indicators.iter().map(|c| name_of(c)).collect(),
            }),
            None,
        ),
        None => (None, Some("Alla kontrollpunkter i planen har passerats.".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::prelude::*;

    fn demo() -> (tempfile::TempDir, crate::store::Register) {
        let dir = tempfile::tempdir().unwrap();
        let register = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        (dir, register)
    }

    #[test]
    fn the_overview_gathers_what_the_tabs_show() {
        let (_dir, register) = demo();
        let as_of = crate::demo::demo_date();
        let id = register.initiative_by_code("NR-2024-003").unwrap().id;
        let overview = initiative_overview(&register, id, as_of).unwrap();
        assert_eq!(overview.code, "NR-2024-003");
        assert!(!overview.supplier.is_empty());
        // The approved calculation's key figures, as the calculation tab has them.
        let keys: Vec<&str> = overview.calculation.figures.iter().map(|f| f.key).collect();
        assert_eq!(keys, KEY_FIGURES, "{:?}", overview.calculation);
        let followup = overview.followup.as_ref().expect("an approved plan");
        // Tolk's 12-month measurement is missing (docs/demo.md): the checkpoint is late and
        // said as the to-do list says it, and the deviation is open.
        let checkpoint = followup.checkpoint.as_ref().unwrap();
        assert!(checkpoint.overdue, "{checkpoint:?}");
        assert!(checkpoint.when.starts_with("Försenad sedan 2026-09-01 ("), "{}", checkpoint.when);
        assert!(checkpoint.indicators.iter().any(|i| i.starts_with("TOLKPL ")), "{:?}", checkpoint.indicators);
        assert!(overview.open_deviations.iter().any(|d| d.indicator_code == "TOLKPL"));
        assert!(overview.open_deviations.iter().all(|d| d.state.code == "oppen"));
        // The same statuses as the portfolio's columns.
        let portfolio = super::super::portfolio::portfolio_view(&register, as_of).unwrap().followup;
        let row = portfolio.rows.iter().find(|r| r.initiative_id == id).unwrap();
        assert_eq!(followup.status, row.status);
        assert_eq!(followup.status_12, row.status_12);
        assert!(overview.latest_report.is_some());
    }

    #[test]
    fn an_initiative_without_calculation_or_plan_says_so() {
        let (_dir, register) = demo();
        // Kalendariet has neither effect goals nor a calculation (docs/demo.md).
        let id = register.initiative_by_code("NR-2025-006").unwrap().id;
        let overview = initiative_overview(&register, id, crate::demo::demo_date()).unwrap();
        assert!(overview.calculation.figures.is_empty());
        assert_eq!(overview.calculation.note.as_deref(), Some("Insatsen har ingen nyttokalkyl."));
        assert!(overview.followup.is_none());
        assert!(overview.report_overdue, "{}", overview.report_schedule);
    }
}
