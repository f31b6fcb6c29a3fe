//! The report on one initiative: its data, the indicator blocks, the calculation and the plan.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::report::calc_chart::{calculation_chart_svg, text_alternative};
use crate::report::calc_table::{self, Precision};
use crate::report::followup_chart::{indicator_chart_svg_spanning, indicator_chart_text, shared_time_span};
use crate::report::followup_chart::with_unit as value_with_unit;
use crate::calc::{self, CalculationResult, Scenario};
use crate::followup::{FollowUpEntry, IndicatorFollowUp, Observation};
use crate::format;
use crate::model::calculation::CalcFactor;
use crate::model::initiative::{
    CostYear, Initiative, InitiativeFields, InitiativeSummary, Organisation, Phase, StatusReport, StatusReportFields,
};
use crate::model::plan::{Indicator, Plan};
use crate::model::{CalcVersion, IndicatorTargetHistory, PlanVersion, StoredMeasurement};

use super::common::*;

/// Width and height in pixels of the calculation chart in the initiative report.
pub(super) const CALC_CHART_SIZE: (u32, u32) = (960, 540);

/// One indicator's follow-up: status, chart and checkpoints.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorBlock {
    pub code: String,
    pub name: String,
    pub benefit: String,
    pub status: StatusText,
    /// What the status is based on, in words.
    pub status_basis: String,
    pub chart: Option<ChartRef>,
    pub checkpoints: Vec<CheckpointRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckpointRow {
    pub checkpoint: String,
    pub date: String,
    pub target: String,
    pub measured: String,
    pub achievement: String,
    pub status: StatusText,
}

pub(super) fn indicator_block(
    entry: &FollowUpEntry,
    (benefit, indicator, f): (&str, &Indicator, &IndicatorFollowUp),
    series: &[Observation],
    span: Option<(NaiveDate, NaiveDate)>,
    date: NaiveDate,
    charts: &mut Charts,
) -> IndicatorBlock {
    let chart = entry.go_live.zip(span).map(|(go_live, span)| {
        charts.add(
            indicator_chart_svg_spanning(indicator, f, go_live, series, date, "Rapportdatum", span),
            indicator_chart_text(indicator, f, go_live, series, date),
            "",
        )
    });
    IndicatorBlock {
        code: indicator.code.clone(),
        name: indicator.name.clone(),
        benefit: benefit.to_string(),
        status: StatusText::followup(f.status),
        status_basis: status_basis(f, entry.go_live),
        chart,
        checkpoints: checkpoint_rows(indicator, f),
    }
}

/// Every indicator's follow-up with its chart and checkpoints (the initiative report). The
/// charts share one time axis (issue 18): each spans the dates of all of them.
pub(super) fn indicator_blocks(evaluated: &Evaluated<'_>, date: NaiveDate, charts: &mut Charts) -> Vec<IndicatorBlock> {
    let entry = evaluated.entry;
    let items = evaluated_indicators(&entry.plan, &evaluated.followup);
    let series: Vec<Vec<Observation>> = items.iter().map(|(_, i, _)| series_until(entry, &i.code, date)).collect();
    let span = entry
        .go_live
        .and_then(|g| shared_time_span(items.iter().zip(&series).map(|((_, i, _), s)| (*i, s.as_slice())), g, date));
    items.into_iter().zip(&series).map(|(item, s)| indicator_block(entry, item, s, span, date, charts)).collect()
}

pub(super) fn status_basis(f: &IndicatorFollowUp, go_live: Option<NaiveDate>) -> String {
    match (go_live, f.status_checkpoint) {
        (None, _) => "Inget datum för driftsättning; uppföljningen börjar vid driftsättning.".into(),
        (Some(_), Some(months)) => format!("Status vid kontrollpunkten {} efter driftsättning.", months_label(months)),
        (Some(_), None) => "Ingen kontrollpunkt har passerats ännu.".into(),
    }
}

pub(super) fn checkpoint_rows(indicator: &Indicator, f: &IndicatorFollowUp) -> Vec<CheckpointRow> {
    f.checkpoints
        .iter()
        .map(|c| CheckpointRow {
            checkpoint: months_label(c.months_after_go_live),
            date: format::date(c.date),
            target: value_with_unit(c.target, &indicator.unit),
            measured: c
                .measurement
                .map(|m| format!("{} ({})", value_with_unit(m.value, &indicator.unit), format::date(m.date)))
                .unwrap_or_else(|| "–".into()),
            achievement: c.achievement.map(achievement_text).unwrap_or_else(|| "–".into()),
            status: StatusText::followup(c.status),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeReport {
    pub title: String,
    pub register: String,
    /// The register's name in the running header, abbreviated to one line ([`running_head`]).
    pub header: String,
    pub date: String,
    pub footer: String,
    pub code: String,
    pub name: String,
    pub legend: Vec<StatusText>,
    pub facts: Vec<Fact>,
    /// Behovsbeskrivning, nytta, projektmål: longer texts.
    pub texts: Vec<Fact>,
    pub effect_goals: Vec<String>,
    pub benefit: StatusText,
    pub values: Vec<Fact>,
    pub report: Option<StatusBlock>,
    /// Period, Tid, Kostnad, Resultat, comment — newest first.
    pub status_history: Vec<StatusHistoryRow>,
    pub costs: CostSection,
    /// Påverkan på förvaltningskostnad per calendar year: År, belopp (tkr).
    pub running_cost: Vec<Vec<String>>,
    pub running_cost_comment: String,
    pub calculation: Option<CalcSection>,
    pub calculation_note: String,
    pub plan: Option<PlanSection>,
    pub plan_note: String,
    pub indicators: Vec<IndicatorBlock>,
    /// Indicator, date, value, source, comment, author.
    pub measurements: Vec<Vec<String>>,
    /// Document, version, status, approval, reason.
    pub versions: Vec<Vec<String>>,
    pub target_changes: Vec<TargetChange>,
    /// The evaluation that closed the follow-up, when there is one.
    pub evaluation: Option<EvaluationSection>,
    pub harvest: HarvestSection,
}

/// The initiative's effekthemtagning: per benefit calculated → realised → decided →
/// harvested (kr and årsarbetare per year), and its decisions in the columns of seed 001 §3.3.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HarvestSection {
    pub benefits: Vec<HarvestBenefitRow>,
    pub decisions: Vec<HarvestDecisionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HarvestBenefitRow {
    pub benefit: String,
    /// Each as "1 234 kr" over "1,76 åa"; "Ej mätt" where realised is not measured.
    pub calculated: Vec<String>,
    pub realised: Vec<String>,
    pub decided: Vec<String>,
    pub harvested: Vec<String>,
    /// "Inget beslut ännu", a realised value's date or the benefit being outside the plan.
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HarvestDecisionRow {
    pub benefit: String,
    pub action: String,
    pub full_year: String,
    pub planned_this_year: Vec<String>,
    pub to_date: String,
    pub assessed_this_year: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusHistoryRow {
    pub period_end: String,
    pub time: StatusText,
    pub cost: StatusText,
    pub result: StatusText,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalcSection {
    /// "version 2, godkänd 2026-03-12 av … (…)".
    pub version: String,
    /// Period, discount rate, working hours, overhead in one line.
    pub settings: String,
    /// Head row (blank, the three scenarios), then one row per figure, in kronor.
    pub scenarios: Vec<Vec<String>>,
    pub chart: ChartRef,
    /// Line no., kind, description, category and perspective, likely value per year.
    pub lines: Vec<Vec<String>>,
    /// Line no., description, category and perspective, score.
    pub not_monetised: Vec<Vec<String>>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanSection {
    pub version: String,
    pub benefits: Vec<BenefitBlock>,
    /// Code, name, unit, direction, baseline, targets, measured by, method.
    pub indicators: Vec<Vec<String>>,
    pub prerequisites: Vec<String>,
    pub risks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenefitBlock {
    pub name: String,
    pub facts: Vec<Fact>,
}

/// What the initiative report shows, read from the register in one read transaction and
/// evaluated by the application layer (`app::reports`).
#[derive(Debug, Clone)]
pub struct InitiativeSource<'a> {
    pub register_name: String,
    /// The report's as-of date.
    pub date: NaiveDate,
    pub summary: InitiativeSummary,
    pub initiative: Initiative,
    pub status_reports: Vec<StatusReport>,
    /// `None` without an approved plan.
    pub followup: Option<Evaluated<'a>>,
    pub calculation_versions: Vec<CalcVersion>,
    /// The factors of the latest approved calculation ([`approved_calculation`]); empty
    /// without one.
    pub approved_factors: Vec<CalcFactor>,
    pub plan_versions: Vec<PlanVersion>,
    pub measurements: Vec<StoredMeasurement>,
    pub target_history: Vec<IndicatorTargetHistory>,
    pub cost_years: Vec<CostYear>,
    /// Every organisation of the register: the customers' and realising organisations' names.
    pub organisations: Vec<Organisation>,
    /// The body that follows the initiative: its supplier's own, else the register's.
    pub governing_body: String,
    /// The names of the goal areas it links to (a retired one marked so).
    pub goal_areas: Vec<String>,
    /// Every version of its evaluation (utvärdering), oldest first; the report shows the
    /// latest approved one, else the draft marked as such.
    pub evaluations: Vec<crate::model::evaluation::EvaluationVersion>,
    /// Effekthemtagning, worded by the application layer (`app::harvest`).
    pub harvest: HarvestSection,
}

/// The evaluation (utvärdering) as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationSection {
    /// "Godkänd 2026-10-20 av … (…)" or "Utkast – inte godkänt".
    pub status: String,
    pub approved: bool,
    /// "Mot plan version 1 per 2026-10-31: 3 av 4 mål nådda".
    pub summary: String,
    /// Nytta, indikator, kontrollpunkt, mål, mätt, status, nått.
    pub targets: Vec<(String, String, String, String, String, StatusText, String)>,
    pub values: Vec<Fact>,
    pub closure_reason: String,
    pub learnt: String,
}

fn evaluation_section(versions: &[crate::model::evaluation::EvaluationVersion]) -> Option<EvaluationSection> {
    let version = versions.iter().rev().find(|v| v.is_approved()).or_else(|| versions.iter().rev().find(|v| !v.is_approved()))?;
    let e = &version.evaluation;
    let value = |v: Decimal, unit: &str| {
        let text = format::value(v);
        if unit.trim().is_empty() { text } else { format!("{text} {}", unit.trim()) }
    };
    let status = match version.approval.as_ref().filter(|_| version.is_approved()) {
        Some(a) => format!("Godkänd {} av {} ({}), version {}", format::date(a.approved_at), a.approved_by, a.decision_ref, version.version),
        None => format!("Utkast – inte godkänt (version {})", version.version),
    };
    Some(EvaluationSection {
        status,
        approved: version.is_approved(),
        summary: format!("Mot plan version {} per {}: {}", e.plan_version, format::date(e.as_of), e.targets_met_text()),
        targets: e
            .targets
            .iter()
            .map(|t| {
                let status = crate::followup::Status::from_code(&t.status).unwrap_or(crate::followup::Status::Kommande);
                (
                    t.benefit.clone(),
                    format!("{} – {}", t.indicator_code, t.indicator_name),
                    format!("{} mån", t.months_after_go_live),
                    value(t.target, &t.unit),
                    t.measured.map(|m| value(m, &t.unit)).unwrap_or_else(|| "–".into()),
                    StatusText::followup(status),
                    match t.met {
                        Some(true) => "✓ Nått".to_string(),
                        Some(false) => "✗ Inte nått".to_string(),
                        None => "– Inte mätt".to_string(),
                    },
                )
            })
            .collect(),
        values: vec![
            ("Kalkylerad nytta".into(), format!("{}/år", format::kr(e.calculated_annual_value))),
            ("Realiserad nytta".into(), format!("{}/år", format::kr(e.realised_annual_value))),
            (
                "Hemtagen nytta".into(),
                e.harvested_annual_value.map(|h| format!("{}/år", format::kr(h))).unwrap_or_else(|| "ej registrerad".into()),
            ),
        ]
        .into_iter()
        .chain((!e.without_harvest_decision.is_empty()).then(|| {
            ("Utan beslut om effekthemtagning".to_string(), e.without_harvest_decision.join(", "))
        }))
        .collect(),
        closure_reason: e.closure_reason.clone(),
        learnt: e.learnt.clone(),
    })
}

/// The name of organisation `id`, or `–` when it is not among `organisations`.
pub(super) fn organisation_name(organisations: &[Organisation], id: i64) -> String {
    organisations.iter().find(|o| o.id == id).map_or_else(|| "–".to_string(), |o| o.name.clone())
}

/// The supplier, the customers and the financing (seed 004 §2.4.2.5–6): the facts both
/// reports show. The allocation key only where the cost is shared by one.
pub(super) fn supply_facts(supplier: &str, f: &InitiativeFields, organisations: &[Organisation]) -> Vec<Fact> {
    let mut customers: Vec<String> = f.customer_ids.iter().map(|id| organisation_name(organisations, *id)).collect();
    customers.sort();
    let mut facts = vec![
        fact("Leverantör", supplier.to_string()),
        fact(if customers.len() == 1 { "Kund" } else { "Kunder" }, customers.join(", ")),
        fact("Finansieringsform", f.financing.map_or("–", |v| v.label())),
    ];
    if f.financing.is_some_and(|v| v.is_shared()) && !f.allocation_key.trim().is_empty() {
        facts.push(fact("Fördelningsnyckel", f.allocation_key.clone()));
    }
    facts
}

/// The calculation version the initiative report shows: the latest approved one.
pub fn approved_calculation(versions: &[CalcVersion]) -> Option<&CalcVersion> {
    versions.iter().rfind(|v| v.is_approved())
}

/// The initiative report's data as of `source.date`.
pub fn initiative(source: &InitiativeSource<'_>) -> Report<InitiativeReport> {
    let date = source.date;
    let register_name = &source.register_name;
    let summary = &source.summary;
    let f = &source.initiative.fields;
    let mut charts = Charts::default();

    let report = report_as_of(&source.status_reports, date);
    let mut history: Vec<&StatusReportFields> =
        source.status_reports.iter().map(|r| &r.fields).filter(|r| r.period_end <= date).collect();
    history.sort_by_key(|r| std::cmp::Reverse(r.period_end));

    let evaluated = source.followup.as_ref();
    let benefit =
        evaluated.map(|e| StatusText::followup(e.followup.status)).unwrap_or_else(StatusText::no_plan);
    let values = evaluated.map(|e| benefit_values(&e.followup)).unwrap_or_default();

    let calc_versions = &source.calculation_versions;
    let (calculation, calculation_note) = calc_section(calc_versions, &source.approved_factors, &f.code, &mut charts);

    let plan_versions = &source.plan_versions;
    let approved_plan = plan_versions.iter().rfind(|v| v.is_approved());
    let plan = approved_plan.map(|v| plan_section(&v.describe(), &v.plan, &source.organisations));
    let plan_note = match (approved_plan, plan_versions.last()) {
        (None, None) => "Insatsen har ingen nyttorealiseringsplan.".to_string(),
        (None, Some(_)) => {
            "Nyttorealiseringsplanen är ett utkast och inte godkänd; rapporten visar bara godkända planer.".into()
        }
        (Some(a), Some(last)) if !last.is_approved() && last.version > a.version => format!(
            "Det finns ett utkast (version {}) som inte är godkänt; rapporten visar den senast godkända versionen.",
            last.version
        ),
        _ => String::new(),
    };

    let indicators = evaluated.map(|e| indicator_blocks(e, date, &mut charts)).unwrap_or_default();

    let units: HashMap<String, String> =
        plan_versions.iter().flat_map(|v| v.plan.indicators().map(|(_, i)| (i.code.clone(), i.unit.clone()))).collect();
    let measurements = source
        .measurements
        .iter()
        .filter(|m| m.measurement.date <= date)
        .map(|m| {
            let m = &m.measurement;
            let unit = units.get(&m.indicator).map(String::as_str).unwrap_or("");
            vec![
                m.indicator.clone(),
                format::date(m.date),
                value_with_unit(m.value, unit),
                m.source.clone(),
                m.comment.clone(),
                m.author.clone(),
            ]
        })
        .collect();

    let mut versions: Vec<Vec<String>> = Vec::new();
    for v in calc_versions {
        versions.push(version_row("Nyttokalkyl", v.version, v.status.label(), v.approval.as_ref(), &v.reason));
    }
    for v in plan_versions {
        versions.push(version_row(
            "Nyttorealiseringsplan",
            v.version,
            v.status.label(),
            v.approval.as_ref(),
            &v.reason,
        ));
    }

    let mut facts = supply_facts(&summary.organisation, f, &source.organisations);
    facts.extend([
        fact("Fas", f.phase.label()),
        // The body that follows it is named in the value: a long name in the label column
        // would narrow every value beside it.
        fact(
            "Särskilt följd",
            if f.council_tracked { format!("Ja, av {}", source.governing_body) } else { "Nej".to_string() },
        ),
        fact("Kategori", f.category.map_or("Ej angiven", |c| c.label())),
        fact("Beställare", f.sponsor.clone()),
        fact("Projektledare", f.project_manager.clone()),
        fact("Start", date_or_dash(f.start_date)),
        fact("Driftsättning", date_or_dash(f.go_live_date)),
        fact("Slut", date_or_dash(f.end_date)),
        fact("Bastjänst", if f.base_service.is_empty() { "–".to_string() } else { f.base_service.clone() }),
        fact(
            "Målområden",
            if source.goal_areas.is_empty() { "–".to_string() } else { source.goal_areas.join("; ") },
        ),
        fact("Total projektbudget", f.project_budget.map(format::tkr).unwrap_or_else(|| "–".into())),
    ]);
    let mut texts = vec![fact("Behovsbeskrivning", f.need.clone()), fact("Nytta", f.benefit.clone())];
    if !f.project_goals.trim().is_empty() {
        texts.push(fact("Projektmål", f.project_goals.clone()));
    }
    if f.phase == Phase::Struken && !f.struck_reason.trim().is_empty() {
        texts.push(fact("Skäl till att insatsen ströks", f.struck_reason.clone()));
    }

    let data = InitiativeReport {
        title: "Rapport om förändringsinsats".into(),
        register: register_name.clone(),
        header: running_head(register_name),
        date: format::date(date),
        footer: format!("{} · {}", format::date(date), f.code),
        code: f.code.clone(),
        name: f.name.clone(),
        legend: legend(),
        facts,
        texts,
        effect_goals: f.effect_goals.clone(),
        benefit,
        values,
        report: report.map(|r| StatusBlock { stale: stale_words(r, summary.reporting_period, date), ..status_block(r) }),
        status_history: history
            .iter()
            .map(|r| StatusHistoryRow {
                period_end: format::date(r.period_end),
                time: StatusText::rag(r.time.status),
                cost: StatusText::rag(r.cost.status),
                result: StatusText::rag(r.result.status),
                comment: r.comment.clone(),
            })
            .collect(),
        costs: cost_section(&source.cost_years),
        running_cost: f.running_cost.years.iter().map(|y| vec![y.year.to_string(), tkr_number(y.amount)]).collect(),
        running_cost_comment: f.running_cost.comment.clone(),
        calculation,
        calculation_note,
        plan,
        plan_note,
        indicators,
        measurements,
        versions,
        target_changes: target_changes(&source.target_history),
        evaluation: evaluation_section(&source.evaluations),
        harvest: source.harvest.clone(),
    };
    let ident = format!("{register_name}|{}|{}", f.code, format::date(date));
    Report { data, charts: charts.0, ident }
}

pub(super) fn version_row(
    document: &str,
    version: u32,
    status: &str,
    approval: Option<&crate::model::Approval>,
    reason: &str,
) -> Vec<String> {
    vec![
        document.into(),
        version.to_string(),
        status.into(),
        approval
            .map(|a| format!("{} av {} ({})", format::date(a.approved_at), a.approved_by, a.decision_ref))
            .unwrap_or_else(|| "–".into()),
        if reason.trim().is_empty() { "–".into() } else { reason.to_string() },
    ]
}

pub(super) fn calc_section(
    versions: &[CalcVersion],
    factors: &[CalcFactor],
    code: &str,
    charts: &mut Charts,
) -> (Option<CalcSection>, String) {
    let Some(version) = approved_calculation(versions) else {
        let note = if versions.is_empty() {
            "Insatsen har ingen nyttokalkyl."
        } else {
            "Nyttokalkylen är ett utkast och inte godkänd; rapporten visar bara godkända kalkyler."
        };
        return (None, note.into());
    };
    let result = match calc::calculate(&version.calculation, factors) {
        Ok(result) => result,
        Err(errors) => {
            let list: Vec<String> = errors.0.iter().map(|e| e.message.clone()).collect();
            return (
                None,
                format!("Den godkända nyttokalkylen ({}) kan inte räknas: {}", version.describe(), list.join(" ")),
            );
        }
    };
    let note = match versions.last() {
        Some(last) if !last.is_approved() && last.version > version.version => format!(
            "Det finns ett utkast (version {}) som inte är godkänt; rapporten visar den senast godkända versionen.",
            last.version
        ),
        _ => String::new(),
    };
    (Some(calc_tables(version, factors, &result, code, charts)), note)
}

pub(super) fn calc_tables(
    version: &CalcVersion,
    factors: &[CalcFactor],
    result: &CalculationResult,
    code: &str,
    charts: &mut Charts,
) -> CalcSection {
    // The same figures, words and rounding as the window (report::calc_table).
    let mut scenarios = vec![{
        let mut head = vec![String::new()];
        head.extend(Scenario::ALL.iter().map(|s| s.label().to_string()));
        head
    }];
    scenarios.extend(calc_table::result_rows(result, Precision::Kronor).into_iter().map(|r| {
        let label = if r.indent { format!("{}{}", "\u{a0}".repeat(4), r.label) } else { r.label.to_string() };
        let mut row = vec![label];
        row.extend(r.values);
        row
    }));
    let likely = result.scenario(Scenario::Likely);
    let title = format!("{code}: nyttokalkyl, troligt scenario (tkr)");
    let chart = charts.add(
        calculation_chart_svg(likely, &title, CALC_CHART_SIZE.0, CALC_CHART_SIZE.1),
        text_alternative(likely),
        format!(
            "Nyttokalkylen ({}), troligt scenario: nyttor och kostnader per år och ackumulerat diskonterat netto.",
            version.describe()
        ),
    );
    let summaries = calc_table::line_summaries(&version.calculation, factors);
    let lines = version
        .calculation
        .lines
        .iter()
        .zip(&summaries)
        .map(|(line, summary)| {
            let mut value = summary.annual_value.clone();
            if let Some(formula) = &summary.formula {
                value = format!("{value}\n{formula}");
            }
            vec![
                summary.line.to_string(),
                line.kind.label().to_string(),
                line.description.clone(),
                format!("{}, {}", line.category.label(), line.perspective.label()),
                value,
            ]
        })
        .collect();
    CalcSection {
        version: version.describe(),
        settings: calc_table::settings_text(&result.settings),
        scenarios,
        chart,
        lines,
        not_monetised: calc_table::not_monetised_rows(result)
            .into_iter()
            .map(|n| {
                vec![n.line.to_string(), n.description, format!("{}, {}", n.category, n.perspective), n.score_text]
            })
            .collect(),
        warnings: calc_table::warning_rows(result).into_iter().map(|w| w.message).collect(),
    }
}

pub(super) fn plan_section(version: &str, plan: &Plan, organisations: &[Organisation]) -> PlanSection {
    let benefits = plan
        .benefits
        .iter()
        .map(|b| {
            let mut facts = vec![
                fact("Förändring", b.change.clone()),
                fact("Effekt", b.effect.clone()),
                fact("Effektmål", b.goal.clone()),
                fact("Nyttoägare", b.owner.clone()),
            ];
            if let Some(by) = b.realised_by {
                facts.push(fact("Realiseras av", organisation_name(organisations, by)));
            }
            facts.push(fact("Indikatorer", b.indicators.iter().map(|i| i.code.clone()).collect::<Vec<_>>().join(", ")));
            BenefitBlock { name: b.name.clone(), facts }
        })
        .collect();
    let indicators = plan
        .indicators()
        .map(|(_, i)| {
            vec![
                format!("{} – {}", i.code, i.name),
                i.direction.label().to_string(),
                i.baseline
                    .as_ref()
                    .map(|b| format!("{}\n({})", value_with_unit(b.value, &i.unit), format::date(b.date)))
                    .unwrap_or_else(|| "saknas".into()),
                i.sorted_targets()
                    .iter()
                    .map(|t| format!("{}: {}", months_label(t.months_after_go_live), value_with_unit(t.value, &i.unit)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                i.measured_by.clone(),
                [i.method.as_str(), i.frequency.as_str(), i.data_source.as_str()]
                    .iter()
                    .filter(|t| !t.trim().is_empty())
                    .copied()
                    .map(|t| t.trim())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ]
        })
        .collect();
    PlanSection {
        version: version.to_string(),
        benefits,
        indicators,
        prerequisites: plan.prerequisites.clone(),
        risks: plan.risks.clone(),
    }
}
