//! Every command of the app's registry that writes the file the window names refuses a
//! register as that file. The commands are taken from the registry itself
//! (`command_names::COMMANDS`) and called as the window calls them, through Tauri's mock
//! runtime with the app's real capabilities; which of them write a named file is found by
//! calling each with a new file name and seeing what appears, so a command added later is
//! covered the day it is added.

use nytta::app::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

use crate::command_names::COMMANDS;
use crate::state::{AppState, LastReport};

/// Commands that hand a file to another program (the system's PDF reader), which a test
/// must not start. `open_report` writes only into the app's own cache folder, through the
/// same writer, and refuses a register there too.
const OPENS_ANOTHER_PROGRAM: &[&str] = &["open_report"];

/// Calls `command` with `args` as the window would; the error is the message the window gets.
fn call(window: &WebviewWindow<tauri::test::MockRuntime>, command: &str, args: &Value) -> Result<Value, String> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args.clone()),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request)
        .map(|body| body.deserialize::<Value>().unwrap_or(Value::Null))
        .map_err(|error| error.get("message").and_then(Value::as_str).map_or_else(|| error.to_string(), String::from))
}

/// Arguments every command can take what it needs from: a value for each parameter name the
/// commands use, with `path` the file to write.
fn arguments(path: &Path, initiative_id: i64, indicator: &str) -> Value {
    json!({
        "path": path.display().to_string(),
        "name": "Ny",
        "format": "xlsx",
        "initiativeId": initiative_id,
        "indicator": indicator,
        "version": null,
        "date": "2026-10-31",
        "periodEnd": "2026-10-31",
        "organisation": null,
        "supplier": "Intraservice",
        "year": 2027,
        "by": "supplier",
        "errors": { "listed": [], "not_listed": 0 },
        "from": "2026-11-01",
        "to": "2026-12-31",
        "columns": ["code", "name", "calculated"],
        "initiativeIds": [initiative_id],
    })
}

/// The main file's bytes of each register, and whether each register's log is still a log.
fn registers_state(registers: &[&Path]) -> BTreeMap<PathBuf, (Vec<u8>, bool)> {
    registers
        .iter()
        .map(|register| {
            let log = PathBuf::from(format!("{}-wal", register.display()));
            let log_intact = match std::fs::read(&log) {
                Ok(bytes) => bytes.is_empty() || bytes.get(..4).is_some_and(|m| m == [0x37, 0x7f, 0x06, 0x82] || m == [0x37, 0x7f, 0x06, 0x83]),
                Err(_) => true,
            };
            (register.to_path_buf(), (std::fs::read(register).unwrap(), log_intact))
        })
        .collect()
}

#[test]
fn every_registered_command_that_writes_a_named_file_refuses_a_register_as_it() {
    let dir = tempfile::tempdir().unwrap();
    // The app keeps its recent list and caches in the user's folders: keep them in the test's.
    for variable in ["XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"] {
        std::env::set_var(variable, dir.path());
    }
    let work = dir.path().join("arbete.nytta");
    nytta::demo::create(&work).unwrap();
    let decoy = dir.path().join("stad.nytta");
    nytta::demo::create(&decoy).unwrap();
    let (initiative_id, indicator) = {
        let register = nytta::app::OpenRegister::open(&work).unwrap();
        let data = register.followup_data(None).unwrap();
        let entry = data.entries.iter().find(|e| e.go_live.is_some() && e.plan.indicators().next().is_some()).unwrap();
        let found = (entry.initiative_id, entry.plan.indicators().next().unwrap().1.code.clone());
        found
    };

    let app = mock_builder()
        .manage(AppState::default())
        .invoke_handler(crate::app_commands!())
        .build(tauri::generate_context!())
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    // Before each call: the work register open, and a report made from it to save.
    let reset = || {
        let state = app.state::<AppState>();
        let mut slot = state.register.lock().unwrap();
        state.replace_register(&mut slot, Some(nytta::app::OpenRegister::open(&work).unwrap()));
        drop(slot);
        state
            .keep_report(LastReport {
                pdf: std::sync::Arc::new(b"%PDF-1.7\n".to_vec()),
                pages: 1,
                file_name: "rapport.pdf".into(),
                on_disk: None,
                register: work.clone(),
                generation: state.generation.load(std::sync::atomic::Ordering::SeqCst),
            })
            .unwrap();
    };

    // Which commands write the file they are given.
    let new_files = dir.path().join("nya");
    std::fs::create_dir(&new_files).unwrap();
    let mut writers = Vec::new();
    for command in COMMANDS.iter().filter(|c| !OPENS_ANOTHER_PROGRAM.contains(c)) {
        reset();
        let target = new_files.join(format!("ny-{command}"));
        let answer = call(&window, command, &arguments(&target, initiative_id, &indicator));
        if let Err(message) = &answer {
            assert!(!message.contains("not found") && !message.contains("not allowed"), "{command}: {message}");
        }
        let wrote = std::fs::read_dir(&new_files)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().starts_with(&format!("ny-{command}")));
        if wrote {
            writers.push(*command);
        }
    }
    for expected in [
        "create_register",
        "save_import_errors",
        "save_measurement_template",
        "save_report",
        "save_annual_analysis_docx",
        "export_register",
        "export_portfolio_chart_data",
        "export_portfolio_view",
        "export_indicator_chart",
        "export_calculation_chart",
    ] {
        assert!(writers.contains(&expected), "{expected} writes the file it is given: {writers:?}");
    }

    // Each of them refuses every register, its side files and links to them. The save
    // dialog's rules give a file the format's extension (`stad.nytta` saved as CSV is
    // `stad.nytta.csv`, a new file), so each writer also meets registers that carry its own
    // extension: copies of a register and links to one, named `.csv`, `.pdf` …
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", decoy.display()));
    let mut targets = vec![decoy.clone(), side("-wal"), side("-shm"), work.clone()];
    for extension in ["csv", "xlsx", "json", "pdf", "svg", "png", "docx"] {
        let copy = dir.path().join(format!("kopia.{extension}"));
        std::fs::copy(&decoy, &copy).unwrap();
        targets.push(copy);
        #[cfg(unix)]
        {
            let link = dir.path().join(format!("länk.{extension}"));
            std::os::unix::fs::symlink(&decoy, &link).unwrap();
            targets.push(link);
        }
    }
    let watched: Vec<PathBuf> = targets.iter().filter(|t| !t.to_string_lossy().ends_with("-shm") && !t.to_string_lossy().ends_with("-wal")).cloned().collect();
    let watched: Vec<&Path> = watched.iter().map(PathBuf::as_path).collect();
    for command in &writers {
        let mut refused = 0;
        for target in &targets {
            reset();
            let before = registers_state(&watched);
            let answer = call(&window, command, &arguments(target, initiative_id, &indicator));
            assert_eq!(registers_state(&watched), before, "{command} {} changed a register", target.display());
            match answer {
                Err(message) if message.contains("skriver aldrig över ett register") || message.contains("finns redan") => {
                    refused += 1
                }
                Err(message) => panic!("{command} {}: {message}", target.display()),
                // Written under another name (the format's extension added): not a register.
                Ok(written) => {
                    let written = written.get("path").or(Some(&written)).and_then(Value::as_str).map(PathBuf::from);
                    assert!(
                        written.as_deref().is_some_and(|w| w != target.as_path()),
                        "{command} wrote {} itself",
                        target.display()
                    );
                }
            }
        }
        let expected = if cfg!(unix) { 2 } else { 1 };
        assert!(refused >= expected, "{command} refused only {refused} registers");
    }
}

/// The window learns what the user may do: in a register file everything, with no roles to
/// show, both register-wide (`permissions`) and with each initiative (`initiative`).
#[test]
fn a_register_file_permits_everything_and_says_so_to_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("demo.nytta");
    nytta::demo::create(&work).unwrap();
    let app = mock_builder()
        .manage(AppState::default())
        .invoke_handler(crate::app_commands!())
        .build(tauri::generate_context!())
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    {
        let state = app.state::<AppState>();
        let mut slot = state.register.lock().unwrap();
        state.replace_register(&mut slot, Some(nytta::app::OpenRegister::open(&work).unwrap()));
    }

    let register = call(&window, "permissions", &json!({})).unwrap();
    assert_eq!(register["shared"], json!(false));
    assert_eq!(register["roles"], json!([]));
    for key in ["create_initiative", "administer", "record"] {
        assert_eq!(register[key], json!({ "allowed": true, "reason": null }), "{key}");
    }
    let organisations = register["by_organisation"].as_array().unwrap();
    assert!(!organisations.is_empty());
    for key in ["create_initiative", "council_tracked", "administer"] {
        assert!(organisations.iter().all(|o| o[key]["allowed"] == json!(true)), "{key}");
    }

    let id = call(&window, "initiatives", &json!({})).unwrap()[0]["id"].as_i64().unwrap();
    let view = call(&window, "initiative", &json!({ "id": id })).unwrap();
    for key in ["edit", "record", "draft", "approve", "council_tracked"] {
        assert_eq!(view["permissions"][key], json!({ "allowed": true, "reason": null }), "{key}");
    }
}
