//! Guards the desktop shell's security settings: a strict Content-Security-Policy and the
//! smallest capability set. Fails when a looser policy or a broader permission appears.

use std::collections::BTreeSet;

fn read_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The app's own commands, as declared in the command registry (src-tauri/src/command_names.rs,
/// which src-tauri/build.rs includes to give each one a permission).
fn declared_commands() -> BTreeSet<String> {
    let build = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/src/command_names.rs")).unwrap();
    let list = build.split("const COMMANDS").nth(1).unwrap().split("];").next().unwrap();
    list.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_matches(|c| c == '"' || c == ',').to_string())
        .collect()
}

#[test]
fn the_csp_allows_only_our_own_origin() {
    let config = read_json("src-tauri/tauri.conf.json");
    let csp = config["app"]["security"]["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "no inline script, no eval");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["base-uri"], "'none'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for forbidden in ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "*", "https:", "http:", "blob:"] {
            assert!(
                !value.split_whitespace().any(|token| token == forbidden),
                "{directive} must not allow {forbidden}: {value}"
            );
        }
        for token in value.split_whitespace() {
            let remote = token.starts_with("http") && token != "http://ipc.localhost";
            assert!(!remote, "{directive} names a remote origin: {token}");
        }
    }
    assert_eq!(config["app"]["security"]["dangerousDisableAssetCspModification"], serde_json::Value::Null);
    assert!(config["build"].get("devUrl").is_none(), "no dev server: the window only shows the embedded ui/");
}

#[test]
fn the_capability_grants_only_our_commands_and_the_file_dialogs() {
    let commands = declared_commands();
    assert!(commands.contains("app_state"), "{commands:?}");
    let capabilities_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/capabilities");
    let files: Vec<_> = std::fs::read_dir(capabilities_dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one capability file: {files:?}");
    let capability = read_json("src-tauri/capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("remote").is_none(), "no remote URL may reach the IPC layer");

    let mut allowed: BTreeSet<String> = commands.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    allowed.insert("dialog:allow-open".into());
    allowed.insert("dialog:allow-save".into());
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers, without scopes").to_string())
        .collect();
    let extra: Vec<_> = granted.difference(&allowed).collect();
    assert!(extra.is_empty(), "broader permissions than our commands and the dialogs: {extra:?}");
    let missing: Vec<_> = allowed.difference(&granted).collect();
    assert!(missing.is_empty(), "declared commands the window cannot call: {missing:?}");
}

#[test]
fn every_declared_command_is_registered_in_the_handler() {
    let main = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/src/main.rs")).unwrap();
    let handler = main.split("generate_handler![").nth(1).unwrap().split(']').next().unwrap();
    let registered: BTreeSet<String> = handler
        .split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(registered, declared_commands());
}
