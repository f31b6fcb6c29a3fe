//! `#[tauri::command]`s: deserialize, call one `nytta` function, serialize. No rules here.

pub mod annual;
pub mod calculations;
pub mod evaluation;
pub mod exports;
pub mod followup;
pub mod harvest;
pub mod import;
pub mod initiatives;
pub mod lists;
pub mod register;
pub mod reports;
