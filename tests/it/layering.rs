//! The house's floors, enforced (ARCHITECTURE.md, "Layering"): which top-level module of the
//! `nytta` crate — and the desktop shell — may name which. Every path form counts: `use`
//! lines, `crate::…`, `super::…` (resolved from the file's place), `nytta::…` and fully
//! qualified paths in code. Comments and test-only code (`#[cfg(test)] mod tests`, files of
//! tests) are not dependencies and are skipped.
//!
//! There are no exceptions: the list of known breaks that the application layer's building
//! (issue 14) worked down is empty and gone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers of the crate, by top-level module.
const CORE: &[&str] = &["model", "calc", "followup", "format"];
const MODULES: &[&str] = &["model", "calc", "followup", "format", "files", "panic_guard", "store", "io", "report", "demo", "app", "cli"];
/// The desktop shell (`src-tauri/`).
const SHELL: &str = "shell";

/// What each layer must not name.
fn forbidden(from: &str) -> &'static [&'static str] {
    match from {
        // Pure: no I/O, no store, no formats, no faces.
        "model" | "calc" | "followup" | "format" => &["files", "store", "io", "report", "app", "demo", "cli", SHELL],
        // Leaves: used by everything that writes a file, and around libraries that panic.
        "files" | "panic_guard" => &["files", "panic_guard", "model", "calc", "followup", "format", "store", "io", "report", "app", "demo", "cli", SHELL],
        // The only speaker of SQL parses no file and knows no face.
        "store" => &["io", "report", "app", "demo", "cli", SHELL],
        // Formats take values from the application layer, not from the store or each other.
        "io" => &["store", "report", "app", "demo", "cli", SHELL],
        "report" => &["store", "io", "app", "demo", "cli", SHELL],
        "app" => &["demo", "cli", SHELL],
        "demo" => &["report", "app", "cli", SHELL],
        // The faces call the application layer, never the store.
        "cli" => &["store", SHELL],
        SHELL => &["store", "cli"],
        _ => &[],
    }
}


fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module path of a file of `src/` (`src/io/chart_data.rs` → `[io, chart_data]`), or
/// `None` for the shell's files.
fn module_path(relative: &str) -> Option<Vec<String>> {
    let inside = relative.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<String> = inside.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    Some(match parts.as_slice() {
        [only] if only == "main" => vec!["cli".into()],
        [only] if only == "lib" => Vec::new(),
        _ => parts,
    })
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    name == "tests.rs" || name == "proptests.rs" || name.ends_with("_tests.rs") || path.components().any(|c| c.as_os_str() == "tests")
}

/// The code of a file without comments and without its test modules (`#[cfg(test)] mod x
/// { … }`, cut out by matching braces, so code after a test module still counts).
fn production_code(text: &str) -> String {
    let code: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| match line.find(" // ") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect();
    let code = code.join("\n");
    let mut kept = String::with_capacity(code.len());
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        if !item.starts_with("mod ") {
            rest = after;
            continue;
        }
        match (item.find('{'), item.find(';')) {
            (Some(open), semicolon) if semicolon.is_none_or(|s| open < s) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (i, c) in item.char_indices().skip(open) {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &item[end..];
            }
            (_, Some(semicolon)) => rest = &item[semicolon + 1..],
            _ => rest = "",
        }
    }
    kept.push_str(rest);
    kept
}

/// Every top-level module `code` names, with `module` the file's module path.
fn named_modules(code: &str, module: &[String]) -> BTreeSet<String> {
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).filter(|w| w.contains("::")).collect();
    let mut named = BTreeSet::new();
    for word in words {
        let parts: Vec<&str> = word.split("::").filter(|p| !p.is_empty()).collect();
        let Some(first) = parts.first() else { continue };
        let target = match *first {
            "crate" | "nytta" => parts.get(1).map(|s| s.to_string()),
            "super" => {
                let ups = parts.iter().take_while(|p| **p == "super").count();
                // A file's own module is its last part; `super` from `io/chart_data.rs` is `io`.
                let base = module.len().saturating_sub(ups);
                let mut path: Vec<String> = module[..base].to_vec();
                path.extend(parts[ups..].iter().map(|s| s.to_string()));
                path.first().cloned()
            }
            _ => None,
        };
        if let Some(target) = target.filter(|t| MODULES.contains(&t.as_str())) {
            named.insert(target);
        }
    }
    named
}

/// Every (file, module) import that breaks a rule.
fn violations() -> BTreeSet<(String, String)> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("src-tauri/src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let relative = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let (layer, module) = match module_path(&relative) {
            Some(module) => (module.first().cloned().unwrap_or_default(), module),
            None => (SHELL.to_string(), Vec::new()),
        };
        let code = production_code(&std::fs::read_to_string(file).unwrap());
        for named in named_modules(&code, &module) {
            if named != layer && forbidden(&layer).contains(&named.as_str()) {
                found.insert((relative.clone(), named));
            }
        }
    }
    found
}

#[test]
fn no_module_names_a_layer_it_must_not() {
    let found = violations();
    assert!(found.is_empty(), "imports that break the layering (ARCHITECTURE.md, Layering): {found:?}");
}

/// The store is the only code that knows the register is SQLite or PostgreSQL: above it, no
/// rusqlite or postgres client type, so the two stores stand behind the same interface.
#[test]
fn only_the_store_names_the_database_clients() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("src-tauri/src"), &mut files);
    let store = root().join("src/store");
    for file in files.iter().filter(|f| !f.starts_with(&store)) {
        let code = production_code(&std::fs::read_to_string(file).unwrap());
        for client in ["rusqlite", "use postgres", "use ::postgres", "postgres::Client", "postgres::Config", "postgres::Error", "postgres_openssl", "tokio_postgres"] {
            assert!(!code.contains(client), "{} names {client}: only src/store/ may", file.display());
        }
    }
}

#[test]
fn nothing_in_the_library_depends_on_tauri() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let dependencies = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(!dependencies.contains("tauri"), "the nytta crate must build without Tauri");
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    for file in files {
        let code = production_code(&std::fs::read_to_string(&file).unwrap());
        assert!(!code.contains("tauri::"), "{} names tauri", file.display());
    }
}

/// The checker itself: every path form is seen, comments and tests are not.
#[test]
fn every_path_form_is_seen() {
    let module: Vec<String> = vec!["calc".into(), "value".into()];
    let code = production_code(
        "use crate::store::Register;\nfn f() { let _ = nytta::io::values::parse_decimal(\"1\"); }\n\
         use super::super::report::{x, y};\nfn g() -> super::Thing { todo!() }\n\
         // crate::cli::main\nfn h() { crate::app::x(); } // nytta::app::y\n\
         #[cfg(test)]\nmod tests { use crate::demo; fn f() { if true { crate::app::x() } } }\n\
         fn after_the_tests() { crate::files::write(); }",
    );
    let named = named_modules(&code, &module);
    let expected: BTreeSet<String> = ["calc", "store", "io", "report", "app", "files"].iter().map(|s| s.to_string()).collect();
    assert_eq!(named, expected);
    // `super::Thing` from calc/value.rs is calc itself; a core module naming the store breaks a rule.
    assert!(forbidden("calc").contains(&"store") && CORE.contains(&"calc"));
}
