//! The calculation tab: the versions, the selected version with its results and chart (or
//! every error by field), the factors it is computed with, the closed choices of its lines,
//! live results of an unsaved draft, and the comparison of two versions. Every figure and
//! sentence comes from `calc` and `report::calc_table`; the window only shows.

use serde::Serialize;

use super::calculation_grid::{calc_grid, CalcGrid};
use crate::calc::{self, CalcDiff, FieldChange};
use crate::format;
use crate::model::calculation::{CalcFactor, Calculation, Category, CostType, LineKind, Perspective};
use crate::model::FieldError;
use crate::report::calc_table::{self, CalcPresentation, LineSummary};
use crate::model::{Approval, CalcStatus, CalcVersion};
use crate::store::{RegisterStore, Result, StoreError};

/// A closed choice as the window shows it: the stored code and the Swedish label.
#[derive(Serialize)]
pub struct Choice {
    pub code: String,
    pub label: &'static str,
}

fn choice<T: Serialize>(value: T, label: &'static str) -> Choice {
    let code = serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Choice { code, label }
}

#[derive(Serialize)]
pub struct CalcChoices {
    pub kinds: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub perspectives: Vec<Choice>,
    pub cost_types: Vec<Choice>,
}

fn calc_choices() -> CalcChoices {
    CalcChoices {
        kinds: [LineKind::Nytta, LineKind::Kostnad]
            .into_iter()
            .map(|k| choice(k, k.label()))
            .collect(),
        categories: Category::ALL
            .into_iter()
            .map(|c| choice(c, c.label()))
            .collect(),
        perspectives: Perspective::ALL
            .into_iter()
            .map(|p| choice(p, p.label()))
            .collect(),
        cost_types: [CostType::Intern, CostType::Extern]
            .into_iter()
            .map(|c| choice(c, c.label()))
            .collect(),
    }
}

/// One row of the version list.
#[derive(Serialize)]
pub struct VersionSummary {
    pub id: i64,
    pub version: u32,
    pub status: CalcStatus,
    pub status_label: &'static str,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub approval: Option<Approval>,
}

impl From<&CalcVersion> for VersionSummary {
    fn from(v: &CalcVersion) -> Self {
        VersionSummary {
            id: v.id,
            version: v.version,
            status: v.status,
            status_label: v.status.label(),
            reason: v.reason.clone(),
            based_on: v.based_on,
            created_by: v.created_by.clone(),
            created_at: v.created_at.clone(),
            approval: v.approval.clone(),
        }
    }
}

/// The results of a calculation as the window shows them, or why there are none.
#[derive(Serialize)]
pub struct Evaluation {
    /// `None` while the calculation has errors.
    pub result: Option<CalcPresentation>,
    /// The chart as a `data:image/svg+xml;base64,…` URL for an `<img>`: the SVG holds user
    /// text, so it is never put into the page as markup.
    pub chart_url: Option<String>,
    /// Every validation error with its field path, e.g. `lines[2].value.amount.likely`.
    pub errors: Vec<FieldError>,
    /// Each line's likely yearly value and driver formula.
    pub lines: Vec<LineSummary>,
    /// The lines' flows year by year in each scenario, for the grid.
    pub grid: CalcGrid,
}

pub fn evaluate(calculation: &Calculation, factors: &[CalcFactor], code: &str) -> Evaluation {
    let lines = calc_table::line_summaries(calculation, factors);
    let grid = calc_grid(calculation, factors);
    match calc::calculate(calculation, factors) {
        Ok(result) => {
            let presentation = calc_table::present(&result, &format!("{code} – troligt scenario"));
            let chart_url = Some(super::svg_data_url(&presentation.chart_svg));
            Evaluation {
                result: Some(presentation),
                chart_url,
                errors: Vec::new(),
                lines,
                grid,
            }
        }
        Err(errors) => Evaluation {
            result: None,
            chart_url: None,
            errors: errors.0,
            lines,
            grid,
        },
    }
}

/// Everything the calculation tab shows, read in one call.
#[derive(Serialize)]
pub struct CalculationView {
    pub initiative_id: i64,
    pub code: String,
    /// The first year a new calculation starts in: the initiative's start year.
    pub default_first_year: i32,
    pub versions: Vec<VersionSummary>,
    pub selected: Option<CalcVersion>,
    /// True for a draft; an approved version is shown read-only.
    pub editable: bool,
    /// "Version 2 är godkänd … och kan inte ändras." for an approved version.
    pub frozen_notice: Option<String>,
    /// A new version may be started: the latest version is approved and there is no draft.
    pub can_start_new_version: bool,
    /// The version reports use.
    pub latest_approved: Option<u32>,
    pub evaluation: Option<Evaluation>,
    /// The factors the selected version is computed with (the frozen snapshot when approved,
    /// the register's list for a draft).
    pub factors: Vec<CalcFactor>,
    pub choices: CalcChoices,
}

pub fn calculation_view<S: RegisterStore>(r: &S, initiative_id: i64, version: Option<u32>) -> Result<CalculationView> {
    let initiative = r.initiative(initiative_id)?;
    let versions = r.calculation_versions(initiative_id)?;
    let selected = match version {
        Some(n) => versions.iter().find(|v| v.version == n).cloned(),
        None => versions
            .iter()
            .find(|v| !v.is_approved())
            .or_else(|| versions.last())
            .cloned(),
    };
    let factors = match &selected {
        Some(v) => r.factors_for(v)?,
        None => r.calc_factors()?,
    };
    let code = initiative.fields.code.clone();
    let evaluation = selected
        .as_ref()
        .map(|v| evaluate(&v.calculation, &factors, &code));
    let has_draft = versions.iter().any(|v| !v.is_approved());
    Ok(CalculationView {
        initiative_id,
        default_first_year: initiative
            .fields
            .start_date
            .map(|d| chrono::Datelike::year(&d))
            .unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive())),
        versions: versions.iter().map(VersionSummary::from).collect(),
        editable: selected.as_ref().is_some_and(|v| !v.is_approved()),
        frozen_notice: selected.as_ref().and_then(CalcVersion::frozen_notice),
        can_start_new_version: !versions.is_empty() && !has_draft,
        latest_approved: versions
            .iter()
            .rev()
            .find(|v| v.is_approved())
            .map(|v| v.version),
        selected,
        evaluation,
        factors,
        choices: calc_choices(),
        code,
    })
}

/// The calculation chart of a saved version (the one the tab shows when `None`) as SVG,
/// the same picture the tab shows, for the chart exports.
pub fn calculation_chart_svg<S: RegisterStore>(r: &S, initiative_id: i64, version: Option<u32>) -> Result<String> {
    let view = calculation_view(r, initiative_id, version)?;
    if view.selected.is_none() {
        return Err(StoreError::Refused("Insatsen har ingen nyttokalkyl ännu.".into()));
    }
    view.evaluation.and_then(|e| e.result).map(|p| p.chart_svg).ok_or_else(|| {
        StoreError::Refused(
            "Kalkylen har fel och kan inte räknas, så den har inget diagram. Rätta felen och spara först.".into(),
        )
    })
}

/// The results of an unsaved draft of the initiative's calculation, with the register's
/// factors, for live update while typing. Writes nothing.
pub fn calculation_preview<S: RegisterStore>(r: &S, initiative_id: i64, calculation: &Calculation) -> Result<Evaluation> {
    let code = r.initiative(initiative_id)?.fields.code;
    Ok(evaluate(calculation, &r.calc_factors()?, &code))
}

/// What changed between two versions, as Swedish display strings.
#[derive(Serialize)]
pub struct Comparison {
    pub old: u32,
    pub new: u32,
    pub diff: CalcDiff,
    pub empty: bool,
    /// What the changes did to the likely scenario's results, each version computed with
    /// its own factors (an approved one's frozen ones): net present value and break-even
    /// year, old and new in words; empty when either version cannot be computed.
    pub results: Vec<FieldChange>,
}

/// What changed from version `old` to version `new` of the initiative's calculation.
pub fn compare_calculations<S: RegisterStore>(r: &S, initiative_id: i64, old: u32, new: u32) -> Result<CalcDiff> {
    let a = r.calculation_version(initiative_id, old)?;
    let b = r.calculation_version(initiative_id, new)?;
    Ok(calc::diff(&a.calculation, &b.calculation))
}

/// What changed between versions `old` and `new` of the initiative's calculation.
pub fn calculation_comparison<S: RegisterStore>(r: &S, initiative_id: i64, old: u32, new: u32) -> Result<Comparison> {
    let diff = compare_calculations(r, initiative_id, old, new)?;
    let likely = |version: u32| -> Result<Option<crate::calc::ScenarioResult>> {
        let v = r.calculation_version(initiative_id, version)?;
        let factors = r.factors_for(&v)?;
        Ok(calc::calculate(&v.calculation, &factors).ok().map(|result| result.likely))
    };
    let results = match (likely(old)?, likely(new)?) {
        (Some(a), Some(b)) => {
            let year = |y: Option<i32>| y.map_or_else(|| "ej inom kalkylperioden".to_string(), |y| y.to_string());
            [
                ("Nettonuvärde, troligt", format::kr(a.npv), format::kr(b.npv)),
                ("Återbetalningsår, troligt", year(a.break_even_year), year(b.break_even_year)),
            ]
            .into_iter()
            .filter(|(_, o, n)| o != n)
            .map(|(field, old, new)| FieldChange { field: field.into(), old, new })
            .collect()
        }
        _ => Vec::new(),
    };
    Ok(Comparison { old, new, empty: diff.is_empty(), diff, results })
}

