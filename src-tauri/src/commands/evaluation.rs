//! "Avsluta uppföljningen": the evaluation of an initiative against its approved plan —
//! drafted, approved and frozen. Assembled by `nytta::app::evaluation`; these pass it on.

use nytta::app::evaluation::{self as view, EvaluationView};
use nytta::app::prelude::*;
use nytta::model::Approval;
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub fn evaluation_view(state: State<AppState>, initiative_id: i64) -> UiResult<EvaluationView> {
    state.with(|r| {
        let as_of = r.view_date()?;
        Ok(view::evaluation_view(r, initiative_id, as_of)?)
    })
}

/// Writes the draft (version 1, or the open draft from `row_version`) with the outcomes as of
/// the register's date and what the user wrote.
#[tauri::command]
pub fn draft_evaluation(
    state: State<AppState>,
    initiative_id: i64,
    learnt: String,
    closure_reason: String,
    row_version: Option<i64>,
) -> UiResult<u32> {
    state.with(|r| {
        let as_of = r.view_date()?;
        Ok(view::draft_evaluation(r, initiative_id, as_of, &learnt, &closure_reason, row_version)?.version)
    })
}

#[tauri::command]
pub fn approve_evaluation(state: State<AppState>, id: i64, row_version: i64, approval: Approval) -> UiResult<u32> {
    state.with(|r| Ok(r.approve_evaluation(id, row_version, &approval)?.version))
}

#[tauri::command]
pub fn new_evaluation_version(state: State<AppState>, initiative_id: i64, reason: String) -> UiResult<u32> {
    state.with(|r| Ok(r.new_evaluation_version(initiative_id, &reason)?.version))
}
