//! Declares the app's own commands so that each one gets an explicit permission and the
//! capability file can grant exactly these and nothing else.

// Every `#[tauri::command]` the window may call (the app's command registry, shared with
// the tests: src/command_names.rs).
include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
