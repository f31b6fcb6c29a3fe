//! The register's lists and settings (the view "Registrets listor"), and an initiative's
//! status report schedule.

use nytta::app::lists::{register_lists as build_register_lists, status_report_schedule as build_schedule};
use nytta::app::lists::{RegisterListsView, StatusReportSchedule};
use nytta::app::prelude::*;
use nytta::model::register_lists::{
    ListEntry, ListKind, OrganisationSettings, OrganisationSettingsFields, RegisterSettings, RegisterSettingsFields,
};
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub fn register_lists(state: State<AppState>) -> UiResult<RegisterListsView> {
    state.with(|r| Ok(build_register_lists(r)?))
}

#[tauri::command]
pub fn add_list_entry(state: State<AppState>, kind: ListKind, organisation_id: Option<i64>, name: String) -> UiResult<ListEntry> {
    state.with(|r| Ok(r.add_list_entry(kind, organisation_id, &name)?))
}

#[tauri::command]
pub fn rename_list_entry(state: State<AppState>, kind: ListKind, id: i64, row_version: i64, name: String) -> UiResult<ListEntry> {
    state.with(|r| Ok(r.rename_list_entry(kind, id, row_version, &name)?))
}

#[tauri::command]
pub fn set_list_entry_retired(state: State<AppState>, kind: ListKind, id: i64, row_version: i64, retired: bool) -> UiResult<ListEntry> {
    state.with(|r| Ok(r.set_list_entry_retired(kind, id, row_version, retired)?))
}

#[tauri::command]
pub fn save_register_settings(state: State<AppState>, row_version: i64, fields: RegisterSettingsFields) -> UiResult<RegisterSettings> {
    state.with(|r| Ok(r.save_register_settings(row_version, &fields)?))
}

#[tauri::command]
pub fn save_organisation_settings(
    state: State<AppState>,
    organisation_id: i64,
    row_version: i64,
    fields: OrganisationSettingsFields,
) -> UiResult<OrganisationSettings> {
    state.with(|r| Ok(r.save_organisation_settings(organisation_id, row_version, &fields)?))
}

/// When the initiative's next status report is due and whether it is late, as of the
/// register's date (the demo's date for the demo).
#[tauri::command]
pub fn status_report_schedule(state: State<AppState>, initiative_id: i64) -> UiResult<StatusReportSchedule> {
    state.with(|r| {
        let as_of = r.view_date()?;
        Ok(build_schedule(r, initiative_id, as_of)?)
    })
}
