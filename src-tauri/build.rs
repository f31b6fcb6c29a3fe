//! Declares the app's own commands so that each one gets an explicit permission and the
//! capability file can grant exactly these and nothing else.

/// Every `#[tauri::command]` the window may call. Keep in step with `main.rs`.
const COMMANDS: &[&str] = &[
    "app_state",
    "create_register",
    "open_register",
    "open_demo",
    "close_register",
    "data_version",
    "choices",
    "organisations",
    "add_organisation",
    "initiatives",
    "initiative",
    "create_initiative",
    "update_initiative",
    "add_status_report",
    "save_cost_year",
    "calculation_view",
    "preview_calculation",
    "create_calculation",
    "save_calculation_draft",
    "approve_calculation",
    "new_calculation_version",
    "delete_calculation_draft",
    "compare_calculation_versions",
    "plan_view",
    "create_plan",
    "save_plan_draft",
    "approve_plan",
    "new_plan_version",
    "delete_plan_draft",
    "followup_view",
    "add_measurement",
    "update_measurement",
    "delete_measurement",
    "portfolio_followup",
    "todo_list",
    "inspect_import_file",
    "check_import",
    "import_measurements",
    "save_import_errors",
    "generate_report",
    "report_page",
    "save_report",
    "open_report",
    "export_register",
    "export_portfolio_chart_data",
    "export_indicator_chart",
    "export_calculation_chart",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
