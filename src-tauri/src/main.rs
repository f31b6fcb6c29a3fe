//! Nyttoregistret's desktop shell: wires the window to the `nytta` library. Commands live in
//! `commands/`, the mapping of errors to Swedish messages in `error.rs`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod command_names;
mod commands;
mod error;
mod files;
mod first_view;
mod single_instance;
mod state;

#[cfg(test)]
mod command_output_tests;

use std::path::PathBuf;

use tauri::Manager;

use commands::register;
use state::AppState;

/// The handlers of every command in the registry (`command_names.rs`), for the app and for
/// the tests that drive the commands through Tauri's mock runtime.
macro_rules! app_commands {
    () => {
        tauri::generate_handler![
            $crate::commands::register::app_state,
            $crate::commands::register::set_user_name,
            $crate::commands::register::create_register,
            $crate::commands::register::open_register,
            $crate::commands::register::open_demo,
            $crate::commands::register::open_shared_register,
            $crate::commands::register::close_register,
            $crate::commands::register::data_version,
            $crate::commands::initiatives::choices,
            $crate::commands::initiatives::organisations,
            $crate::commands::initiatives::add_organisation,
            $crate::commands::initiatives::permissions,
            $crate::commands::initiatives::initiatives,
            $crate::commands::initiatives::initiative,
            $crate::commands::initiatives::initiative_overview,
            $crate::commands::initiatives::create_initiative,
            $crate::commands::initiatives::update_initiative,
            $crate::commands::initiatives::add_status_report,
            $crate::commands::initiatives::save_cost_year,
            $crate::commands::initiatives::delete_cost_year,
            $crate::commands::calculations::calculation_view,
            $crate::commands::calculations::preview_calculation,
            $crate::commands::calculations::create_calculation,
            $crate::commands::calculations::save_calculation_draft,
            $crate::commands::calculations::approve_calculation,
            $crate::commands::calculations::new_calculation_version,
            $crate::commands::calculations::delete_calculation_draft,
            $crate::commands::calculations::compare_calculation_versions,
            $crate::commands::calculations::line_calibrations,
            $crate::commands::calculations::calibrated_low,
            $crate::commands::evaluation::evaluation_view,
            $crate::commands::evaluation::draft_evaluation,
            $crate::commands::evaluation::approve_evaluation,
            $crate::commands::evaluation::new_evaluation_version,
            $crate::commands::followup::plan_view,
            $crate::commands::followup::create_plan,
            $crate::commands::followup::save_plan_draft,
            $crate::commands::followup::approve_plan,
            $crate::commands::followup::new_plan_version,
            $crate::commands::followup::delete_plan_draft,
            $crate::commands::followup::followup_view,
            $crate::commands::harvest::harvest_view,
            $crate::commands::harvest::add_harvest_decision,
            $crate::commands::harvest::save_harvest_decision,
            $crate::commands::followup::add_measurement,
            $crate::commands::followup::update_measurement,
            $crate::commands::followup::delete_measurement,
            $crate::commands::followup::portfolio_view,
            $crate::commands::initiatives::portfolio_groups,
            $crate::commands::followup::todo_list,
            $crate::commands::followup::initiative_deviations,
            $crate::commands::followup::save_deviation,
            $crate::commands::lists::register_lists,
            $crate::commands::lists::add_list_entry,
            $crate::commands::lists::rename_list_entry,
            $crate::commands::lists::set_list_entry_retired,
            $crate::commands::lists::save_register_settings,
            $crate::commands::lists::save_organisation_settings,
            $crate::commands::lists::status_report_schedule,
            $crate::commands::import::inspect_import_file,
            $crate::commands::import::check_import,
            $crate::commands::import::import_measurements,
            $crate::commands::import::save_import_errors,
            $crate::commands::import::save_measurement_template,
            $crate::commands::reports::generate_report,
            $crate::commands::reports::report_page,
            $crate::commands::reports::save_report,
            $crate::commands::reports::open_report,
            $crate::commands::annual::annual_analysis_texts,
            $crate::commands::annual::save_annual_analysis_text,
            $crate::commands::annual::generate_annual_analysis,
            $crate::commands::annual::save_annual_analysis_docx,
            $crate::commands::exports::export_register,
            $crate::commands::exports::export_portfolio_chart_data,
            $crate::commands::exports::export_portfolio_view,
            $crate::commands::exports::export_indicator_chart,
            $crate::commands::exports::export_calculation_chart,
        ]
    };
}
#[cfg(test)]
pub(crate) use app_commands;

/// mimalloc instead of the system allocator, as in the CLI: typesetting a report allocates
/// and frees millions of small objects on several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `NYTTA_BENCH_BLANK_WINDOW=1`: the window shows a blank page (`ui/blank.html`) and the app
/// opens no register, for `cargo xtask bench`'s floor of the cold start — what starting the
/// process, GTK, WebKit and a page costs on this machine, measured in the same run as the
/// real start (docs/prestanda.md). A benchmark's switch, not a user's: nothing else sets it.
const BLANK_WINDOW: &str = "NYTTA_BENCH_BLANK_WINDOW";

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
        .register_asynchronous_uri_scheme_protocol(first_view::SCHEME, |ctx, request, responder| {
            first_view::handle(ctx.app_handle(), request, responder)
        })
        .setup(move |app| {
            // The window is made here rather than from the configuration alone
            // (`"create": false`), so the benchmark's floor can show a blank page in it.
            let blank = std::env::var_os(BLANK_WINDOW).is_some_and(|v| v == "1");
            let mut window = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .ok_or("tauri.conf.json has no main window")?;
            if blank {
                window.url = tauri::WebviewUrl::App("blank.html".into());
            }
            tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?.build()?;
            if blank {
                return Ok(());
            }
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
            // The register is opened on a thread, so the window's event loop — which the
            // web view needs to load the page — starts at once rather than after opening
            // and installing the register (issue 19: off the cold start's path). The
            // window's first `app_state` waits until it is open.
            if let Some(path) = start_path.clone() {
                app.state::<AppState>().opening_at_start.begin();
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    let state = handle.state::<AppState>();
                    if let Err(message) = register::open_at_start(&handle, path) {
                        // The start screen shows the problem; the app keeps running.
                        eprintln!("{message}");
                        if let Ok(mut slot) = state.start_error.lock() {
                            *slot = Some(message);
                        }
                    }
                    state.opening_at_start.end();
                });
            }
            Ok(())
        })
        .invoke_handler(app_commands!())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Nyttoregistret kunde inte starta: {error}");
        std::process::exit(1);
    }
}
