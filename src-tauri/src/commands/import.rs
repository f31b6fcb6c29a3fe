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

/// The template's format, as the window's save dialog chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateFormat {
    Xlsx,
    Csv,
}

/// What a saved template holds.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSaved {
    pub path: String,
    pub rows: usize,
}

/// "Hämta mall": saves the measurements due or overdue from `from` to `to` as `path` (from
/// the save dialog; never over a register) in `format`, to fill in and import back.
#[tauri::command]
pub async fn save_measurement_template(
    state: State<'_, AppState>,
    from: String,
    to: String,
    format: TemplateFormat,
    path: String,
) -> UiResult<TemplateSaved> {
    let date = |field: &str, label: &str, text: &str| {
        nytta::io::values::parse_date(text).map_err(|reason| {
            let message = format!("{label}: {reason}");
            UiError { message: message.clone(), fields: vec![nytta::model::FieldError::new(field, message)] }
        })
    };
    let (from, to) = (date("from", "Från", &from)?, date("to", "Till", &to)?);
    let extension = match format {
        TemplateFormat::Xlsx => "xlsx",
        TemplateFormat::Csv => "csv",
    };
    let (rows, target, register) = state.with(|r| {
        let target = crate::files::target(&path, extension, Some(r.path()))?;
        Ok((nytta::app::template::measurement_template(r, from, to)?, target, r.path().to_path_buf()))
    })?;
    let written = target.clone();
    let count = rows.len();
    tauri::async_runtime::spawn_blocking(move || -> UiResult<()> {
        use nytta::io::measurement_template::{write_csv, write_xlsx};
        match format {
            TemplateFormat::Csv => crate::files::write_atomic(&written, Some(&register), |out| write_csv(&rows, out)),
            TemplateFormat::Xlsx => crate::files::write_atomic_with(&written, Some(&register), |tmp| {
                write_xlsx(&rows, tmp).map_err(|e| nytta::files::WriteFailure::Said(e.to_string()))
            }),
        }
    })
    .await
    .map_err(|_| UiError::new("Mallen kunde inte sparas på grund av ett internt fel."))??;
    Ok(TemplateSaved { path: target.display().to_string(), rows: count })
}
