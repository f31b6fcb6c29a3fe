//! The benefit-realisation plan, measurements and follow-up: plan tab, follow-up tab,
//! portfolio columns and the to-do list. Statuses are evaluated as of the app's date (the
//! demo's fixed date for the demo register, else today), the same date `app_state` reports.

use nytta::app::prelude::*;
use chrono::NaiveDate;
use tauri::State;

use nytta::model::plan::{Measurement, Plan};
use nytta::model::{Approval, PlanVersion, StoredMeasurement};
use nytta::app::OpenRegister;
use nytta::app::deviations::{initiative_deviations as build_initiative_deviations, save_deviation as store_deviation, DeviationList, DeviationSave};
use nytta::app::followup::{initiative_followup, FollowupView};
use nytta::model::deviation::DeviationNote;
use nytta::app::plan::{plan_view as build_plan_view, PlanView};
use nytta::app::portfolio::{
    portfolio_view as build_portfolio_view, todo_list as build_todo_list, PortfolioView, TodoList,
};

use crate::error::UiResult;
use crate::state::AppState;

/// The date statuses are shown as of: the demo's fixed date for the demo register, else today.
pub fn as_of(register: &OpenRegister) -> UiResult<NaiveDate> {
    Ok(register.view_date()?)
}

#[tauri::command]
pub fn plan_view(
    state: State<AppState>,
    initiative_id: i64,
    version_id: Option<i64>,
) -> UiResult<PlanView> {
    state.with(|r| Ok(build_plan_view(r, initiative_id, version_id, as_of(r)?)?))
}

#[tauri::command]
pub fn create_plan(
    state: State<AppState>,
    initiative_id: i64,
    plan: Plan,
) -> UiResult<PlanVersion> {
    state.with(|r| Ok(r.create_plan(initiative_id, &plan)?))
}

#[tauri::command]
pub fn save_plan_draft(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    plan: Plan,
) -> UiResult<PlanVersion> {
    state.with(|r| Ok(r.save_plan_draft(id, row_version, &plan)?))
}

#[tauri::command]
pub fn approve_plan(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    approval: Approval,
) -> UiResult<PlanVersion> {
    state.with(|r| Ok(r.approve_plan(id, row_version, &approval)?))
}

#[tauri::command]
pub fn new_plan_version(
    state: State<AppState>,
    initiative_id: i64,
    reason: String,
) -> UiResult<PlanVersion> {
    state.with(|r| Ok(r.new_plan_version(initiative_id, &reason)?))
}

#[tauri::command]
pub fn delete_plan_draft(state: State<AppState>, id: i64, row_version: i64) -> UiResult<()> {
    state.with(|r| Ok(r.delete_plan_draft(id, row_version)?))
}

#[tauri::command]
pub fn followup_view(state: State<AppState>, initiative_id: i64) -> UiResult<FollowupView> {
    state.with(|r| Ok(initiative_followup(r, initiative_id, as_of(r)?)?))
}

#[tauri::command]
pub fn add_measurement(
    state: State<AppState>,
    initiative_id: i64,
    measurement: Measurement,
) -> UiResult<i64> {
    state.with(|r| Ok(r.add_measurement(initiative_id, &measurement)?))
}

#[tauri::command]
pub fn update_measurement(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    measurement: Measurement,
    reason: String,
) -> UiResult<StoredMeasurement> {
    state.with(|r| {
        let as_of = as_of(r)?;
        Ok(r.update_measurement(id, row_version, &measurement, &reason, as_of)?)
    })
}

#[tauri::command]
pub fn delete_measurement(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    reason: String,
) -> UiResult<()> {
    state.with(|r| {
        let as_of = as_of(r)?;
        Ok(r.delete_measurement(id, row_version, &reason, as_of)?)
    })
}

#[tauri::command]
pub fn portfolio_view(state: State<AppState>) -> UiResult<PortfolioView> {
    // The first view's data is about to go: what waited for it may start (the day's backup).
    let _raise = RaiseOnDrop(&state.first_view);
    // Computed while the window started (commands::register::prefetch_first_view)? Waited
    // for without holding the register, which the window's other commands need meanwhile.
    let prefetched = state.prefetched.take(PREFETCH_WAITED_AT_MOST);
    state.with(|r| {
        let as_of = as_of(r)?;
        if let Some(p) = prefetched {
            if p.path == r.path() && p.as_of == as_of && p.key == r.change_key()? {
                return Ok(p.view);
            }
        }
        Ok(build_portfolio_view(r, as_of)?)
    })
}

/// How long the first `portfolio_view` waits for the view computed ahead, at most
/// (it takes a third of a second on the benchmark register; a much slower machine computes
/// it itself after this).
const PREFETCH_WAITED_AT_MOST: std::time::Duration = std::time::Duration::from_secs(20);

/// Raises the flag when the command returns, whichever way.
struct RaiseOnDrop<'a>(&'a crate::state::FirstView);

impl Drop for RaiseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.raise();
    }
}

#[tauri::command]
pub fn todo_list(state: State<AppState>) -> UiResult<TodoList> {
    state.with(|r| Ok(build_todo_list(r, as_of(r)?)?))
}

/// The initiative's benefit deviations as of the app's date (its follow-up tab).
#[tauri::command]
pub fn initiative_deviations(state: State<AppState>, initiative_id: i64) -> UiResult<DeviationList> {
    state.with(|r| Ok(build_initiative_deviations(r, initiative_id, as_of(r)?)?))
}

/// Saves what was written about one deviation; a closure is dated the app's date.
#[tauri::command]
pub fn save_deviation(state: State<AppState>, save: DeviationSave) -> UiResult<DeviationNote> {
    state.with(|r| {
        let today = as_of(r)?;
        Ok(store_deviation(r, &save, today)?)
    })
}
