//! The measurement import wizard: inspect a file, dry-run it against the register, import it,
//! and save the error list as CSV for whoever made the file. Reading a large file takes a
//! while, so these commands are async: the window stays responsive meanwhile.

use std::path::PathBuf;

use serde::Serialize;
use tauri::State;

use nytta::io::{ErrorList, FileInspection};
use nytta::app::import::{ImportCheck, ImportSummary, MeasurementImportError};

use crate::error::{UiError, UiResult};
use crate::state::AppState;

impl From<nytta::io::ImportError> for UiError {
    fn from(error: nytta::io::ImportError) -> Self {
        UiError::new(error.to_string())
    }
}

impl From<MeasurementImportError> for UiError {
    fn from(error: MeasurementImportError) -> Self {
        match error {
            MeasurementImportError::Store(store) => store.into(),
            other => UiError::new(other.to_string()),
        }
    }
}

/// What an import did, or — when it was refused — why, with the check as it stood then
/// (the file or the register may have changed since the dry run).
#[derive(Serialize)]
pub struct ImportOutcome {
    pub summary: Option<ImportSummary>,
    pub refused: Option<ImportCheck>,
    pub message: String,
}

#[tauri::command]
pub async fn inspect_import_file(path: String) -> UiResult<FileInspection> {
    Ok(nytta::io::inspect_file(&PathBuf::from(path))?)
}

#[tauri::command]
pub async fn check_import(state: State<'_, AppState>, path: String) -> UiResult<ImportCheck> {
    state.with(|r| Ok(nytta::app::import::check_measurement_import(r, &PathBuf::from(&path))?))
}

#[tauri::command]
pub async fn import_measurements(state: State<'_, AppState>, path: String, replace: bool) -> UiResult<ImportOutcome> {
    state.with(|r| match nytta::app::import::import_measurements(r, &PathBuf::from(&path), replace) {
        Ok(summary) => Ok(ImportOutcome { summary: Some(summary), refused: None, message: String::new() }),
        Err(MeasurementImportError::Rejected { check, replace }) => {
            let message = check.refusal(replace).unwrap_or_default();
            Ok(ImportOutcome { summary: None, refused: Some(*check), message })
        }
        Err(other) => Err(other.into()),
    })
}

/// Saves the error list as `path` (from the save dialog; always a `.csv`, never over a
/// register); returns the file written.
#[tauri::command]
pub async fn save_import_errors(state: State<'_, AppState>, path: String, errors: ErrorList) -> UiResult<String> {
    let register = state.register_path().ok();
    let target = crate::files::target(&path, "csv", register.as_deref())?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        crate::files::write_atomic(&written, register.as_deref(), |out| errors.write_csv(out))
    })
    .await
    .map_err(|_| UiError::new("Fellistan kunde inte sparas på grund av ett internt fel."))??;
    Ok(target.display().to_string())
}
