//! Nyttoregistret's desktop shell: wires the window to the `nytta` library. Commands live in
//! `commands/`, the mapping of errors to Swedish messages in `error.rs`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod state;

use std::path::PathBuf;

use tauri::Manager;

use commands::{followup, initiatives, register};
use state::AppState;

fn main() {
    // The register to open may be given as the first argument: `nyttoregistret demo.nytta`.
    let start_path: Option<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).find(|p| !p.to_string_lossy().starts_with('-'));

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::default())
        .setup(move |app| {
            if let Some(path) = start_path.clone() {
                if let Err(message) = register::open_at_start(app.handle(), path) {
                    // The start screen shows the problem; the app keeps running.
                    eprintln!("{message}");
                    if let Ok(mut slot) = app.state::<AppState>().start_error.lock() {
                        *slot = Some(message);
                    }
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            register::app_state,
            register::create_register,
            register::open_register,
            register::open_demo,
            register::close_register,
            register::data_version,
            initiatives::choices,
            initiatives::organisations,
            initiatives::add_organisation,
            initiatives::initiatives,
            initiatives::initiative,
            initiatives::create_initiative,
            initiatives::update_initiative,
            initiatives::add_status_report,
            initiatives::save_cost_year,
            followup::plan_view,
            followup::create_plan,
            followup::save_plan_draft,
            followup::approve_plan,
            followup::new_plan_version,
            followup::delete_plan_draft,
            followup::followup_view,
            followup::add_measurement,
            followup::update_measurement,
            followup::delete_measurement,
            followup::portfolio_followup,
            followup::todo_list,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Nyttoregistret kunde inte starta: {error}");
        std::process::exit(1);
    }
}
