//! Calibration as the faces show it (`nytta calibration`, the calculation editor, the
//! council pack's "Kalibrering"): the register's follow-up and every initiative's first
//! approved calculation, read in one state, handed to `followup::calibration`, and every
//! figure worded the Swedish way. The rule is the follow-up's; nothing is computed here.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::followup::calibration::{
    self, best_figure, first_line_values, CalibrationFigure, CalibrationInput, FirstLineValue, Scope,
};
use crate::followup::FollowUpData;
use crate::format;
use crate::model::calculation::Category;
use crate::store::{RegisterStore, Result};

/// One calibration figure as a table row shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// "Hela registret" or the organisation's name.
    pub scope: String,
    /// `None` for the whole register.
    pub organisation: Option<String>,
    pub category: Category,
    /// "Omfördelning".
    pub category_label: &'static str,
    pub months: u32,
    pub n: usize,
    /// The median as a fraction ("0.62"); `None` where n < 3.
    pub median: Option<Decimal>,
    /// "62 %"; `None` where n < 3.
    pub median_text: Option<String>,
    /// The sentence a beställare reads; `None` where n < 3.
    pub sentence: Option<String>,
}

/// The register's calibration as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationView {
    pub as_of: NaiveDate,
    /// The figures that may be shown (n ≥ 3): register first, then organisations by name.
    pub rows: Vec<CalibrationRow>,
    /// How many groups have fewer than three initiatives and are therefore not shown.
    pub hidden: usize,
    /// "Inga figurer ännu: …" when no figure is shown.
    pub empty_note: Option<String>,
}

/// What a calculation line of a category is told in the editor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineCalibration {
    pub category: Category,
    pub months: u32,
    pub n: usize,
    /// The median as a decimal string, e.g. "0.62": sent back with the line's likely value
    /// to `calibrated_low`.
    pub median: Decimal,
    pub sentence: String,
    /// "Använd 62 % av troligt värde som lågt värde".
    pub offer: String,
}

fn row(figure: &CalibrationFigure) -> CalibrationRow {
    let (scope, organisation) = match &figure.scope {
        Scope::Register => ("Hela registret".to_string(), None),
        Scope::Organisation(name) => (name.clone(), Some(name.clone())),
    };
    CalibrationRow {
        scope,
        organisation,
        category: figure.category,
        category_label: figure.category.label(),
        months: figure.months,
        n: figure.n,
        median: figure.median,
        median_text: figure.median.map(|m| format::percent(m, 0)),
        sentence: calibration::sentence(figure),
    }
}

/// Every figure of the register as of `as_of`, shown and not, as the follow-up computes them.
pub fn figures<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<Vec<CalibrationFigure>> {
    register.read_consistently(|r| {
        let data = r.followup_data(None)?;
        figures_of(r, &data, as_of)
    })
}

/// The figures of `data`, the register's follow-up data as read in the same read transaction
/// as `register` reads the first approved calculations now.
fn figures_of<S: RegisterStore>(register: &S, data: &FollowUpData, as_of: NaiveDate) -> Result<Vec<CalibrationFigure>> {
    let first = register.first_approved_calculations()?;
    let lines: HashMap<i64, Vec<FirstLineValue>> = first
        .iter()
        .map(|v| (v.initiative_id, first_line_values(&v.calculation.settings, &v.calculation.lines, &v.factors)))
        .collect();
    let inputs = data.entries.iter().filter_map(|entry| {
        let first_lines = lines.get(&entry.initiative_id)?;
        Some(CalibrationInput {
            organisation: &entry.organisation,
            go_live: entry.go_live,
            plan: &entry.plan,
            measurements: &entry.measurements,
            first_lines,
        })
    });
    Ok(calibration::calibrate(inputs, as_of))
}

/// The register's calibration for `nytta calibration` and the council pack.
pub fn calibration_view<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<CalibrationView> {
    Ok(view_of(&figures(register, as_of)?, as_of))
}

/// The view of computed figures (pure: the council pack calls it with the figures it read).
pub fn view_of(figures: &[CalibrationFigure], as_of: NaiveDate) -> CalibrationView {
    let rows: Vec<CalibrationRow> = figures.iter().filter(|f| f.is_shown()).map(row).collect();
    let hidden = figures.iter().filter(|f| !f.is_shown()).count();
    let empty_note = rows.is_empty().then(|| {
        "Inga kalibreringsvärden ännu: det behövs minst tre insatser med mätningar vid samma \
         kontrollpunkt (6 eller 12 månader) och en godkänd kalkyl."
            .to_string()
    });
    CalibrationView { as_of, rows, hidden, empty_note }
}

/// What the council pack's "Kalibrering" section shows: the shown figures, the register's and
/// (for a pack of one organisation) that organisation's only. `followup` is the register's
/// follow-up data (`followup_data(None)`) as the pack read it in the same read transaction:
/// read once for the whole pack, not again here.
pub fn council_calibration<S: RegisterStore>(
    register: &S,
    followup: &FollowUpData,
    as_of: NaiveDate,
    organisation: Option<&str>,
) -> Result<CalibrationView> {
    let all = figures_of(register, followup, as_of)?;
    let kept: Vec<CalibrationFigure> = all
        .into_iter()
        .filter(|f| match (&f.scope, organisation) {
            (Scope::Register, _) | (_, None) => true,
            (Scope::Organisation(name), Some(wanted)) => name == wanted,
        })
        .collect();
    Ok(view_of(&kept, as_of))
}

/// Per benefit category, what a calculation line of the initiative is told: its
/// organisation's figure when shown, else the register's (see
/// `followup::calibration::best_figure`). Categories without a shown figure are absent.
pub fn line_calibrations<S: RegisterStore>(register: &S, initiative_id: i64, as_of: NaiveDate) -> Result<Vec<LineCalibration>> {
    let initiative = register.initiative(initiative_id)?;
    let organisation = register
        .organisations()?
        .into_iter()
        .find(|o| o.id == initiative.fields.organisation_id)
        .map(|o| o.name)
        .unwrap_or_default();
    let figures = figures(register, as_of)?;
    Ok(hints_for(&figures, &organisation))
}

fn hints_for(figures: &[CalibrationFigure], organisation: &str) -> Vec<LineCalibration> {
    Category::ALL
        .iter()
        .filter_map(|&category| {
            let figure = best_figure(figures, organisation, category)?;
            let median = figure.median?;
            Some(LineCalibration {
                category,
                months: figure.months,
                n: figure.n,
                median,
                sentence: calibration::sentence(figure)?,
                offer: format!("Använd {} av troligt värde som lågt värde", format::percent(median, 0)),
            })
        })
        .collect()
}

/// The low value calibration suggests for a line: `likely` × `median`, as the decimal text
/// the editor puts in the field (the window computes nothing).
pub fn calibrated_low(likely: Decimal, median: Decimal) -> String {
    calibration::calibrated_low(likely, median).to_string()
}

/// [`calibrated_low`] of two decimal texts with a point ("250000", "0.62"); `None` when
/// either is not a number.
pub fn calibrated_low_text(likely: &str, median: &str) -> Option<String> {
    let likely: Decimal = likely.trim().parse().ok()?;
    let median: Decimal = median.trim().parse().ok()?;
    Some(calibrated_low(likely, median))
}
