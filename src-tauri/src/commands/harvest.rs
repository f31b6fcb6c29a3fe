//! Effekthemtagning: an initiative's harvest per benefit (calculated → realised → decided →
//! harvested) and its decisions recorded and edited (docs/effekthemtagning.md).

use nytta::app::prelude::*;
use tauri::State;

use nytta::app::harvest::{initiative_harvest, InitiativeHarvestView};
use nytta::model::harvest::{HarvestDecision, HarvestFields};

use super::followup::as_of;
use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub fn harvest_view(state: State<AppState>, initiative_id: i64) -> UiResult<InitiativeHarvestView> {
    state.with(|r| Ok(initiative_harvest(r, initiative_id, as_of(r)?)?))
}

#[tauri::command]
pub fn add_harvest_decision(state: State<AppState>, initiative_id: i64, fields: HarvestFields) -> UiResult<HarvestDecision> {
    state.with(|r| Ok(r.add_harvest_decision(initiative_id, &fields)?))
}

#[tauri::command]
pub fn save_harvest_decision(
    state: State<AppState>,
    id: i64,
    row_version: i64,
    fields: HarvestFields,
) -> UiResult<HarvestDecision> {
    state.with(|r| Ok(r.save_harvest_decision(id, row_version, &fields)?))
}
