//! `#[tauri::command]`s: deserialize, call one `nytta` function, serialize. No rules here.

pub mod followup;
pub mod initiatives;
pub mod register;
