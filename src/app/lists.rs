//! The register's lists and settings as a face shows them (the window's "Registrets listor
//! och inställningar", `nytta lista …` and `nytta installningar …`), the governing body a
//! report is written for, and the status reports' due dates.

use chrono::NaiveDate;
use serde::Serialize;

use crate::format;
use crate::model::initiative::{InitiativeSummary, Organisation};
use crate::model::register_lists::{
    council_title, overdue_label, stale_label, status_report_stale, status_report_due, status_report_overdue, tracked_label, ListEntry, ListKind,
    OrganisationSettings, RegisterSettings, ReportingPeriod,
};
use crate::store::{RegisterStore, Result};

/// A closed choice as a face shows it: stored code and Swedish label.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    pub code: &'static str,
    pub label: &'static str,
}

/// One organisation's settings with what applies to it.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationSettingsView {
    #[serde(flatten)]
    pub settings: OrganisationSettings,
    /// The body that applies (its own, else the register's) and the period.
    pub effective_body: String,
    pub effective_period: ReportingPeriod,
    pub effective_period_label: &'static str,
}

/// One supplier's base services.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierList {
    pub organisation_id: i64,
    pub organisation: String,
    pub entries: Vec<ListEntry>,
}

/// Everything the settings view shows, read at once.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterListsView {
    pub settings: RegisterSettings,
    /// "Underlag till …" as the whole city's council pack is titled.
    pub council_title: String,
    pub organisations: Vec<OrganisationSettingsView>,
    /// Every organisation's base services, organisations by name (those with none too, so
    /// one can be added).
    pub base_services: Vec<SupplierList>,
    pub goal_areas: Vec<ListEntry>,
    pub periods: Vec<ChoiceView>,
}

pub fn register_lists<S: RegisterStore>(register: &S) -> Result<RegisterListsView> {
    register.read_consistently(|r| {
        let settings = r.register_settings()?;
        let organisations: Vec<Organisation> = r.organisations()?;
        let all = r.list_entries(ListKind::BaseService, None)?;
        let base_services = organisations
            .iter()
            .map(|o| SupplierList {
                organisation_id: o.id,
                organisation: o.name.clone(),
                entries: all.iter().filter(|e| e.organisation_id == Some(o.id)).cloned().collect(),
            })
            .collect();
        let organisations = r
            .organisation_settings()?
            .into_iter()
            .map(|s| {
                let effective_period = s.period_or(&settings);
                OrganisationSettingsView {
                    effective_body: s.body_or(&settings).to_string(),
                    effective_period,
                    effective_period_label: effective_period.label(),
                    settings: s,
                }
            })
            .collect();
        Ok(RegisterListsView {
            council_title: council_title(&settings.governing_body),
            settings,
            organisations,
            base_services,
            goal_areas: r.list_entries(ListKind::GoalArea, None)?,
            periods: ReportingPeriod::ALL.iter().map(|p| ChoiceView { code: p.code(), label: p.label() }).collect(),
        })
    })
}

/// The governing body a report is written for: the organisation's own when the report is
/// limited to one that has its own (by name, as the reports match it), else the register's.
pub fn governing_body<S: RegisterStore>(register: &S, organisation: Option<&str>) -> Result<String> {
    let settings = register.register_settings()?;
    let Some(wanted) = organisation.map(|o| o.trim().to_lowercase()) else { return Ok(settings.governing_body) };
    Ok(register
        .organisation_settings()?
        .into_iter()
        .find(|o| o.organisation.trim().to_lowercase() == wanted)
        .and_then(|o| o.governing_body)
        .unwrap_or(settings.governing_body))
}

/// The governing body that follows an initiative of this supplier.
pub fn governing_body_of_supplier<S: RegisterStore>(register: &S, organisation_id: i64) -> Result<String> {
    let settings = register.register_settings()?;
    Ok(register
        .organisation_settings()?
        .into_iter()
        .find(|o| o.organisation_id == organisation_id)
        .and_then(|o| o.governing_body)
        .unwrap_or(settings.governing_body))
}

/// The names of the goal areas an initiative links to, by name; a retired one says so.
pub fn goal_area_names<S: RegisterStore>(register: &S, initiative_id: i64) -> Result<Vec<String>> {
    let linked = register.initiative(initiative_id)?.fields.goal_area_ids;
    Ok(register
        .list_entries(ListKind::GoalArea, None)?
        .into_iter()
        .filter(|g| linked.contains(&g.id))
        .map(|g| if g.retired { format!("{} (utgånget)", g.name) } else { g.name })
        .collect())
}

/// The status report schedule of one initiative, as its view shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReportSchedule {
    pub period: ReportingPeriod,
    pub period_label: &'static str,
    /// Whose period it is: "Intraservice" or "registret".
    pub period_source: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// "Nästa statusrapport: 2026-11-30 (varje månad, Intraservices period)" or why none is due.
    pub text: String,
    /// "Särskilt följd av …" with the body that follows this initiative.
    pub tracked_label: String,
    /// The latest report's period end and, when it is older than one period as of the date,
    /// "Inaktuell – statusrapport för perioden t.o.m. …".
    pub latest_period_end: Option<NaiveDate>,
    pub latest_stale: Option<String>,
}

/// When the next status report of an initiative is due, by its supplier's reporting period
/// ([`status_report_due`]), and whether it is late as of `as_of`.
pub fn status_report_schedule<S: RegisterStore>(register: &S, initiative_id: i64, as_of: NaiveDate) -> Result<StatusReportSchedule> {
    register.read_consistently(|r| schedule_in(r, initiative_id, as_of))
}

/// [`status_report_schedule`] inside a read the caller holds (`read_consistently`).
pub(crate) fn schedule_in<S: RegisterStore>(r: &S, initiative_id: i64, as_of: NaiveDate) -> Result<StatusReportSchedule> {
    let initiative = r.initiative(initiative_id)?;
    let f = &initiative.fields;
    let settings = r.register_settings()?;
    let own = r.organisation_settings()?.into_iter().find(|o| o.organisation_id == f.organisation_id);
    let period = own.as_ref().map_or(settings.reporting_period, |o| o.period_or(&settings));
    let period_source = match own.as_ref().filter(|o| o.reporting_period.is_some()) {
        Some(o) => o.organisation.clone(),
        None => "registret".into(),
    };
    let body = own.as_ref().map_or(settings.governing_body.as_str(), |o| o.body_or(&settings)).to_string();
    let last = r.status_reports(initiative_id)?.iter().map(|s| s.fields.period_end).max();
    let due = status_report_due(f.phase, f.start_date, last, period);
    let overdue = status_report_overdue(due, as_of);
    let whose = if period_source == "registret" { "registrets period".to_string() } else { format!("{period_source}s period") };
    let text = match due {
        Some(due) if overdue => format!("{} – {}, {whose}.", overdue_label(due), period.label().to_lowercase()),
        Some(due) => format!("Nästa statusrapport: senast {} ({}, {whose}).", format::date(due), period.label().to_lowercase()),
        None if crate::model::register_lists::reports_status(f.phase) => {
            "Ingen statusrapport och inget startdatum: ange startdatum så räknas när den första rapporten ska lämnas.".into()
        }
        None => format!("Ingen statusrapport väntas i fasen {}.", f.phase.label().to_lowercase()),
    };
    Ok(StatusReportSchedule {
        period,
        period_label: period.label(),
        period_source,
        due,
        overdue,
        text,
        tracked_label: tracked_label(&body),
        latest_period_end: last,
        latest_stale: last.filter(|end| status_report_stale(*end, period, as_of)).map(stale_label),
    })
}

/// Marks each summary whose latest status report is older than one reporting period as of
/// `as_of` (its own period: the supplier's, else the register's) with the words it is shown
/// with, so no face shows it as current.
pub fn mark_stale_reports(summaries: &mut [InitiativeSummary], as_of: NaiveDate) {
    for s in summaries {
        s.latest_report_stale = s
            .latest_report
            .as_ref()
            .filter(|r| status_report_stale(r.period_end, s.reporting_period, as_of))
            .map(|r| stale_label(r.period_end));
    }
}

/// A status report that should have been given: the portfolio's flag and a to-do row.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueReport {
    pub initiative_id: i64,
    pub initiative_code: String,
    pub initiative_name: String,
    pub organisation: String,
    pub due: NaiveDate,
    /// "Statusrapport försenad (skulle ha lämnats 2026-09-30)".
    pub label: String,
    pub period_label: &'static str,
}

/// The initiatives whose status report is late as of `as_of`, by due date (the oldest first).
pub fn overdue_reports(summaries: &[InitiativeSummary], as_of: NaiveDate) -> Vec<OverdueReport> {
    let mut late: Vec<OverdueReport> = summaries
        .iter()
        .filter(|s| status_report_overdue(s.status_report_due, as_of))
        .filter_map(|s| {
            let due = s.status_report_due?;
            Some(OverdueReport {
                initiative_id: s.id,
                initiative_code: s.code.clone(),
                initiative_name: s.name.clone(),
                organisation: s.organisation.clone(),
                due,
                label: overdue_label(due),
                period_label: s.reporting_period.label(),
            })
        })
        .collect();
    late.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.initiative_code.cmp(&b.initiative_code)));
    late
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::initiative::Phase;

    fn summary(id: i64, code: &str, due: Option<NaiveDate>) -> InitiativeSummary {
        InitiativeSummary {
            id,
            code: code.into(),
            name: format!("Insats {id}"),
            organisation_id: 1,
            organisation: "Intraservice".into(),
            customer_ids: vec![1],
            phase: Phase::Pagaende,
            council_tracked: false,
            go_live_date: None,
            latest_report: None,
            latest_report_stale: None,
            has_effect_goals: true,
            has_calculation: true,
            gaps: Vec::new(),
            reporting_period: ReportingPeriod::Manad,
            status_report_due: due,
            category: None,
        }
    }

    #[test]
    fn late_reports_are_listed_oldest_first_with_their_date() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let list = [summary(1, "B", Some(d(10, 15))), summary(2, "A", Some(d(9, 30))), summary(3, "C", Some(d(11, 30))), summary(4, "D", None)];
        let late = overdue_reports(&list, d(10, 31));
        let codes: Vec<_> = late.iter().map(|l| l.initiative_code.as_str()).collect();
        assert_eq!(codes, ["A", "B"]);
        assert_eq!(late[0].label, "Statusrapport försenad (skulle ha lämnats 2026-09-30)");
        assert_eq!(late[0].period_label, "Varje månad");
    }
}
