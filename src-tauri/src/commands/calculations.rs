//! The calculation tab: versions, live results while typing, saving, approval, new versions
//! and comparison. What the tab shows is assembled by `nytta::app::calculation`; these
//! commands only pass it on.

use nytta::app::prelude::*;
use tauri::State;

use nytta::model::calculation::Calculation;
use nytta::model::Approval;
use nytta::app::calculation::{self as view, CalculationView, Comparison, Evaluation};

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub fn calculation_view(
    state: State<AppState>,
    initiative_id: i64,
    version: Option<u32>,
) -> UiResult<CalculationView> {
    state.with(|r| Ok(view::calculation_view(r, initiative_id, version)?))
}

/// Results and chart of an unsaved draft, for live update while typing. Writes nothing.
#[tauri::command]
pub fn preview_calculation(
    state: State<AppState>,
    initiative_id: i64,
    calculation: Calculation,
) -> UiResult<Evaluation> {
    state.with(|r| Ok(view::calculation_preview(r, initiative_id, &calculation)?))
}

/// Starts the initiative's calculation (version 1, empty, default settings).
#[tauri::command]
pub fn create_calculation(
    state: State<AppState>,
    initiative_id: i64,
    first_year: i32,
) -> UiResult<u32> {
    state.with(|r| {
        Ok(
            r.create_calculation(initiative_id, &Calculation::new(first_year))?
                .version,
        )
    })
}

#[tauri::command]
pub fn save_calculation_draft(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    calculation: Calculation,
) -> UiResult<u32> {
    state.with(|r| {
        Ok(r.save_calculation_draft(id, row_version, &calculation)?
            .version)
    })
}

#[tauri::command]
pub fn approve_calculation(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    approval: Approval,
) -> UiResult<u32> {
    state.with(|r| Ok(r.approve_calculation(id, row_version, &approval)?.version))
}

#[tauri::command]
pub fn new_calculation_version(
    state: State<AppState>,
    initiative_id: i64,
    reason: String,
) -> UiResult<u32> {
    state.with(|r| Ok(r.new_calculation_version(initiative_id, &reason)?.version))
}

#[tauri::command]
pub fn delete_calculation_draft(state: State<AppState>, id: i64, row_version: i64) -> UiResult<()> {
    state.with(|r| Ok(r.delete_calculation_draft(id, row_version)?))
}

#[tauri::command]
pub fn compare_calculation_versions(
    state: State<AppState>,
    initiative_id: i64,
    old: u32,
    new: u32,
) -> UiResult<Comparison> {
    state.with(|r| Ok(view::calculation_comparison(r, initiative_id, old, new)?))
}

/// What the city's own history says per benefit category, for the calculation editor
/// (calibration; `nytta calibration`).
#[tauri::command]
pub fn line_calibrations(
    state: State<AppState>,
    initiative_id: i64,
) -> UiResult<Vec<nytta::app::calibration::LineCalibration>> {
    state.with(|r| {
        let as_of = r.view_date()?;
        Ok(nytta::app::calibration::line_calibrations(r, initiative_id, as_of)?)
    })
}

/// The low value a calibration offers for a line: likely × the median, as decimal text
/// (both given as decimal text with a point, as the editor keeps its numbers).
#[tauri::command]
pub fn calibrated_low(likely: String, median: String) -> UiResult<String> {
    nytta::app::calibration::calibrated_low_text(&likely, &median)
        .ok_or_else(|| crate::error::UiError::new("Troligt värde: skriv ett tal innan kalibreringen används."))
}
