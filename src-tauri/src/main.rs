//! Nyttoregistret's desktop shell: wires the window to the `nytta` library. Commands live in
//! `commands/`, the mapping of errors to Swedish messages in `error.rs`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod files;
mod single_instance;
mod state;

use std::path::PathBuf;

use tauri::Manager;

use commands::{calculations, exports, followup, import, initiatives, register, reports};
use state::AppState;

/// mimalloc instead of the system allocator, as in the CLI: typesetting a report allocates
/// and frees millions of small objects on several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // The register to open may be given as the first argument: `nyttoregistret demo.nytta`.
    let start_path: Option<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).find(|p| !p.to_string_lossy().starts_with('-'));

    let socket = single_instance::socket_path(&single_instance::runtime_dir(), start_path.as_deref());
    if single_instance::hand_over(&socket) {
        // The register is already open in a window, which now comes to the front.
        return;
    }

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (`commands::reports::open_report`): the window is granted none of
        // its commands, and it injects no link handler into the page.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .manage(AppState::default())
        .setup(move |app| {
            let handle = app.handle().clone();
            let focus = move || {
                if let Some(window) = handle.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                }
            };
            if let Err(error) = single_instance::listen(&socket, focus) {
                eprintln!("Kunde inte lyssna efter fler starter: {error}");
            }
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
            calculations::calculation_view,
            calculations::preview_calculation,
            calculations::create_calculation,
            calculations::save_calculation_draft,
            calculations::approve_calculation,
            calculations::new_calculation_version,
            calculations::delete_calculation_draft,
            calculations::compare_calculation_versions,
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
            import::inspect_import_file,
            import::check_import,
            import::import_measurements,
            import::save_import_errors,
            reports::generate_report,
            reports::report_page,
            reports::save_report,
            reports::open_report,
            exports::export_register,
            exports::export_portfolio_chart_data,
            exports::export_indicator_chart,
            exports::export_calculation_chart,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Nyttoregistret kunde inte starta: {error}");
        std::process::exit(1);
    }
}
