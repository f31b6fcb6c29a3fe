//! The follow-up tab of one initiative: per indicator its chart, its status and achievement
//! at each checkpoint (with the first approved target when it has changed), its latest value
//! and its measurements.

use chrono::NaiveDate;
use serde::Serialize;

use super::{achievement_text, svg_data_url, value_with_unit, StatusView};
use crate::followup::{
    evaluate_initiative, IndicatorFollowUp, MeasurementLookup, Observation, PlanFollowUp,
};
use crate::format;
use crate::model::plan::{Benefit, Indicator, Plan};
use crate::report::followup_chart::{indicator_chart_svg, indicator_chart_text};
use crate::model::{IndicatorTargetHistory, StoredMeasurement};
use crate::store::{RegisterStore, Result};

/// The whole tab.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupView {
    pub as_of: NaiveDate,
    pub initiative_id: i64,
    pub code: String,
    pub name: String,
    pub go_live: Option<NaiveDate>,
    /// "version 2, godkänd 2026-05-20 av …" of the plan the statuses use; `None` without an
    /// approved plan.
    pub plan: Option<String>,
    /// Set when there is no approved plan: why nothing is evaluated.
    pub notice: Option<String>,
    /// The initiative's benefit status; `None` without an approved plan.
    pub status: Option<StatusView>,
    /// "2026-11-03 (12 månader): KOMPL, BESOK".
    pub next_checkpoint: Option<String>,
    /// Calculated and realised annual value of linked benefits (kr), when any is linked.
    pub calculated_annual_value: Option<String>,
    pub realised_annual_value: Option<String>,
    pub benefits: Vec<BenefitView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenefitView {
    pub name: String,
    pub owner: String,
    pub change: String,
    pub effect: String,
    pub goal: String,
    pub status: Option<StatusView>,
    pub calculation_line: Option<String>,
    pub calculated_annual_value: Option<String>,
    pub realised_annual_value: Option<String>,
    pub realisation_achievement: Option<String>,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: &'static str,
    /// "62 % (2025-05-15, Kundenkät)" or "saknas".
    pub baseline: String,
    pub amber_threshold: String,
    /// The amber rule in words: "från 80 % av vägen från baslinjen till målet" (or "av
    /// målet" without a baseline), as the achievement is computed.
    pub amber_rule: String,
    pub measured_by: String,
    pub method: String,
    pub frequency: String,
    pub data_source: String,
    /// The indicator's status for the roll-up and the checkpoint it comes from.
    pub status: Option<StatusView>,
    pub status_checkpoint: Option<u32>,
    pub checkpoints: Vec<CheckpointView>,
    /// The latest measurement since go-live against the expected value.
    pub current: Option<CurrentView>,
    /// The latest measurement up to the as-of date (also before go-live).
    pub latest: Option<String>,
    /// `data:image/svg+xml;base64,…`; `None` without go-live or approved plan.
    pub chart: Option<String>,
    /// The chart in sentences (the image's alt text).
    pub chart_text: String,
    pub measurements: Vec<MeasurementRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckpointView {
    pub months: u32,
    /// "6 mån".
    pub label: String,
    pub date: NaiveDate,
    pub target: String,
    /// The first approved target when it differs from the current one.
    pub first_target: Option<String>,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub grace_until: NaiveDate,
    pub status: StatusView,
    pub achievement: Option<String>,
    /// "68 % (2026-03-04)".
    pub measurement: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrentView {
    pub date: NaiveDate,
    pub value: String,
    pub expected: Option<String>,
    pub achievement: Option<String>,
    pub status: StatusView,
}

/// One row of the measurement grid.
#[derive(Debug, Clone, Serialize)]
pub struct MeasurementRow {
    pub id: i64,
    pub row_version: i64,
    pub date: NaiveDate,
    /// The exact value as a decimal string ("68.5"), for editing.
    pub value: String,
    /// "68,5 %".
    pub value_text: String,
    pub source: String,
    pub comment: String,
    pub author: String,
    pub updated_at: String,
    /// Checkpoints (months) at which this is the measurement used.
    pub used_at: Vec<u32>,
    /// True when changing or deleting it asks for a reason: it lies in the window of a
    /// checkpoint of the approved plan that has passed.
    pub needs_reason: bool,
    /// Dated after the as-of date: not counted yet.
    pub after_as_of: bool,
}

fn checkpoint_label(months: u32) -> String {
    format!("{months} mån")
}

fn baseline_text(indicator: &Indicator) -> String {
    match &indicator.baseline {
        Some(b) if b.source.trim().is_empty() => format!(
            "{} ({})",
            value_with_unit(b.value, &indicator.unit),
            format::date(b.date)
        ),
        Some(b) => format!(
            "{} ({}, {})",
            value_with_unit(b.value, &indicator.unit),
            format::date(b.date),
            b.source.trim()
        ),
        None => "saknas".to_string(),
    }
}

fn measurement_rows(
    stored: &[&StoredMeasurement],
    followup: Option<&IndicatorFollowUp>,
    unit: &str,
    as_of: NaiveDate,
) -> Vec<MeasurementRow> {
    stored
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let m = &s.measurement;
            let (used_at, needs_reason) = match followup {
                Some(f) => (
                    f.checkpoints
                        .iter()
                        .filter(|c| c.measurement.is_some_and(|u| u.index == index))
                        .map(|c| c.months_after_go_live)
                        .collect(),
                    f.checkpoints.iter().any(|c| {
                        c.date <= as_of && c.window_from <= m.date && m.date <= c.window_to
                    }),
                ),
                None => (Vec::new(), false),
            };
            MeasurementRow {
                id: s.id,
                row_version: s.row_version,
                date: m.date,
                value: m.value.normalize().to_string(),
                value_text: value_with_unit(m.value, unit),
                source: m.source.clone(),
                comment: m.comment.clone(),
                author: m.author.clone(),
                updated_at: s.updated_at.clone(),
                used_at,
                needs_reason,
                after_as_of: m.date > as_of,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn indicator_view(
    indicator: &Indicator,
    followup: Option<&IndicatorFollowUp>,
    history: Option<&IndicatorTargetHistory>,
    go_live: Option<NaiveDate>,
    series: &[Observation],
    stored: &[&StoredMeasurement],
    as_of: NaiveDate,
) -> IndicatorView {
    let unit = indicator.unit.as_str();
    let checkpoints = followup
        .map(|f| {
            f.checkpoints
                .iter()
                .map(|c| {
                    let first = history
                        .and_then(|h| h.first_target(c.months_after_go_live))
                        .filter(|first| *first != c.target);
                    CheckpointView {
                        months: c.months_after_go_live,
                        label: checkpoint_label(c.months_after_go_live),
                        date: c.date,
                        target: value_with_unit(c.target, unit),
                        first_target: first.map(|v| value_with_unit(v, unit)),
                        window_from: c.window_from,
                        window_to: c.window_to,
                        grace_until: c.grace_until,
                        status: c.status.into(),
                        achievement: c.achievement.map(achievement_text),
                        measurement: c.measurement.map(|u| {
                            format!(
                                "{} ({})",
                                value_with_unit(u.value, unit),
                                format::date(u.date)
                            )
                        }),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let current = followup
        .and_then(|f| f.current.as_ref())
        .map(|c| CurrentView {
            date: c.measurement.date,
            value: value_with_unit(c.measurement.value, unit),
            expected: c
                .expected
                .map(|e| value_with_unit(format::round(e, 2), unit)),
            achievement: c.achievement.map(achievement_text),
            status: c.status.into(),
        });
    let latest = series.iter().rev().find(|o| o.date <= as_of).map(|o| {
        format!(
            "{} ({})",
            value_with_unit(o.value, unit),
            format::date(o.date)
        )
    });
    let (chart, chart_text) = match (followup, go_live) {
        (Some(f), Some(g)) => (
            Some(svg_data_url(&indicator_chart_svg(indicator, f, g, series, as_of, &as_of_label(as_of)))),
            indicator_chart_text(indicator, f, g, series, as_of),
        ),
        (Some(_), None) => (
            None,
            "Diagrammet visas när insatsen har ett datum för driftsättning.".to_string(),
        ),
        (None, _) => (None, "Diagrammet visas när planen är godkänd.".to_string()),
    };
    IndicatorView {
        code: indicator.code.clone(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        direction: indicator.direction.label(),
        baseline: baseline_text(indicator),
        amber_threshold: format::value(indicator.amber_threshold),
        amber_rule: format!(
            "från {} {}",
            super::achievement_text(indicator.amber_threshold),
            crate::followup::amber_rule_words(indicator.baseline.is_some())
        ),
        measured_by: indicator.measured_by.clone(),
        method: indicator.method.clone(),
        frequency: indicator.frequency.clone(),
        data_source: indicator.data_source.clone(),
        status: followup.map(|f| f.status.into()),
        status_checkpoint: followup.and_then(|f| f.status_checkpoint),
        checkpoints,
        current,
        latest,
        chart,
        chart_text,
        measurements: measurement_rows(stored, followup, unit, as_of),
    }
}

fn benefit_view(
    benefit: &Benefit,
    indicators: Vec<IndicatorView>,
    followup: Option<&crate::followup::BenefitFollowUp>,
) -> BenefitView {
    BenefitView {
        name: benefit.name.clone(),
        owner: benefit.owner.clone(),
        change: benefit.change.clone(),
        effect: benefit.effect.clone(),
        goal: benefit.goal.clone(),
        status: followup.map(|f| f.status.into()),
        calculation_line: benefit.calculation_line.clone(),
        calculated_annual_value: followup
            .and_then(|f| f.calculated_annual_value)
            .map(format::kr),
        // A linked benefit not measured (saknas, kommande) reads "Ej mätt"; a measured one
        // its yearly rate as of its measurement.
        realised_annual_value: followup.and_then(|f| {
            f.calculated_annual_value?;
            Some(match f.realised_annual_value {
                Some(v) => format::realised_rate(format::kr(v), f.realised_as_of),
                None => format::NOT_MEASURED.into(),
            })
        }),
        realisation_achievement: followup
            .and_then(|f| f.realisation_achievement)
            .map(achievement_text),
        indicators,
    }
}

/// "2027-06-01 (6 månader): Kortare återsökningstid, …": the indicators by their names (a
/// code is the register's key, not what the user calls the indicator).
fn next_checkpoint_text(f: &PlanFollowUp, plan: &Plan) -> Option<String> {
    // A passed checkpoint whose measurement is missing comes first: it is what is late.
    if let Some(late) = f.overdue_checkpoint() {
        return Some(format!(
            "{}, {} månader",
            format::relative_days(late.date, f.as_of),
            late.months_after_go_live
        ));
    }
    f.next_checkpoint.as_ref().map(|n| {
        let names: Vec<&str> = n
            .indicators
            .iter()
            .map(|code| {
                plan.indicators()
                    .find(|(_, i)| &i.code == code)
                    .map_or(code.as_str(), |(_, i)| i.name.as_str())
            })
            .collect();
        format!(
            "{} ({} månader): {}",
            format::date(n.date),
            n.months_after_go_live,
            names.join(", ")
        )
    })
}

/// The follow-up tab of initiative `initiative_id` as of `as_of`, with the latest approved
/// plan; without one, the draft's indicators with their measurements and no statuses.
pub fn initiative_followup<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    as_of: NaiveDate,
) -> Result<FollowupView> {
    let initiative = register.initiative(initiative_id)?;
    let data = register.followup_data(Some(initiative_id))?;
    let stored = register.measurements(initiative_id)?;
    let of_code = |code: &str| -> Vec<&StoredMeasurement> {
        stored
            .iter()
            .filter(|s| s.measurement.indicator == code)
            .collect()
    };
    let go_live = initiative.fields.go_live_date;
    let mut view = FollowupView {
        as_of,
        initiative_id,
        code: initiative.fields.code.clone(),
        name: initiative.fields.name.clone(),
        go_live,
        plan: None,
        notice: None,
        status: None,
        next_checkpoint: None,
        calculated_annual_value: None,
        realised_annual_value: None,
        benefits: Vec::new(),
    };
    if let Some(entry) = data.entries.first() {
        let history = register.target_history(initiative_id)?;
        let followup = evaluate_initiative(&entry.input(), as_of).followup;
        view.plan = register
            .latest_approved_plan(initiative_id)?
            .map(|p| p.describe());
        view.status = Some(followup.status.into());
        view.next_checkpoint = next_checkpoint_text(&followup, &entry.plan);
        let linked = entry
            .plan
            .benefits
            .iter()
            .any(|b| b.calculation_line.is_some());
        if linked {
            view.calculated_annual_value = Some(format::kr(followup.calculated_annual_value));
            view.realised_annual_value = Some(if followup.realised_known() {
                format::realised_rate(format::kr(followup.realised_annual_value), followup.realised_as_of())
            } else {
                format::NOT_MEASURED.into()
            });
        }
        if go_live.is_none() {
            view.notice = Some(
                "Insatsen har inget datum för driftsättning. Kontrollpunkterna räknas från \
                 driftsättningen; alla indikatorer är kommande tills den är angiven."
                    .to_string(),
            );
        }
        for (benefit, bf) in entry.plan.benefits.iter().zip(&followup.benefits) {
            let indicators = benefit
                .indicators
                .iter()
                .zip(&bf.indicators)
                .map(|(indicator, f)| {
                    indicator_view(
                        indicator,
                        Some(f),
                        history.iter().find(|h| h.code == indicator.code),
                        go_live,
                        entry.measurements.series(&indicator.code),
                        &of_code(&indicator.code),
                        as_of,
                    )
                })
                .collect();
            view.benefits
                .push(benefit_view(benefit, indicators, Some(bf)));
        }
    } else if let Some(draft) = register.draft_plan(initiative_id)? {
        view.notice = Some(format!(
            "Nyttorealiseringsplanen är inte godkänd ännu ({}). Mätningar kan registreras, men \
             statusar och diagram visas först när planen är godkänd.",
            draft.describe()
        ));
        for benefit in &draft.plan.benefits {
            let indicators = benefit
                .indicators
                .iter()
                .filter(|i| !i.code.trim().is_empty())
                .map(|indicator| {
                    let rows = of_code(&indicator.code);
                    let series: Vec<Observation> = rows
                        .iter()
                        .map(|s| Observation::from(&s.measurement))
                        .collect();
                    indicator_view(indicator, None, None, go_live, &series, &rows, as_of)
                })
                .collect();
            view.benefits.push(benefit_view(benefit, indicators, None));
        }
    } else {
        view.notice = Some(
            "Insatsen har ingen nyttorealiseringsplan ännu. Skriv planen under fliken \
             Nyttorealiseringsplan; när den är godkänd följs indikatorerna upp här."
                .to_string(),
        );
    }
    Ok(view)
}

/// The name of the as-of date's line in the window's charts: "I dag" on today's date, else
/// "Per 2026-10-31" (the demo is shown as of its own date).
fn as_of_label(as_of: chrono::NaiveDate) -> String {
    if as_of == chrono::Local::now().date_naive() {
        "I dag".to_string()
    } else {
        format!("Per {}", format::date(as_of))
    }
}
