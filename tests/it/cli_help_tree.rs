//! The whole command tree of `nytta`, walked from its own help: every command's and
//! subcommand's `--help`, and a usage error for each, must be Swedish. The words clap would
//! print in English, and the shapes of its messages, fail the test wherever they appear.

use std::collections::BTreeSet;

use crate::support::cli::{nytta, text};

/// What clap says in English unless told otherwise; none may reach a user.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options:",
    "Commands:",
    "Arguments:",
    "error:",
    "[OPTIONS]",
    "<COMMAND>",
    "Print help",
    "Print version",
    "unexpected argument",
    "invalid value",
    "the following required",
    "For more information",
    "tip:",
    "possible values",
];

/// The subcommands a help text lists under "Kommandon:", without `help`.
fn subcommands(help: &str) -> Vec<String> {
    let Some(start) = help.find("Kommandon:") else { return Vec::new() };
    help[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        // A command's own line starts with its name in lowercase letters and dashes; the
        // wrapped lines of a long description are indented further and start otherwise.
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '-') && *word != "help")
        .map(str::to_string)
        .collect()
}

fn assert_swedish(what: &str, out: &str) {
    for word in ENGLISH {
        assert!(!out.contains(word), "{what}: \"{word}\" i\n{out}");
    }
}

#[test]
fn every_commands_help_and_usage_error_is_swedish() {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = queue.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = nytta(&args);
        let shown = format!("nytta {}", args.join(" "));
        assert_eq!(out.status.code(), Some(0), "{shown}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        assert!(help.contains("Användning:"), "{shown}:\n{help}");
        assert_swedish(&shown, &help);
        assert_swedish(&shown, &text(&out.stderr));
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            if seen.insert(next.clone()) {
                queue.push(next);
            }
        }
        if path.is_empty() {
            continue;
        }
        // A flag no command has: refused with exit code 2, in Swedish, naming the flag.
        let mut wrong: Vec<&str> = path.iter().map(String::as_str).collect();
        wrong.push("--ingen-sadan-flagga");
        let out = nytta(&wrong);
        let shown = format!("nytta {}", wrong.join(" "));
        assert_eq!(out.status.code(), Some(2), "{shown}");
        let error = text(&out.stderr);
        assert!(error.starts_with("Fel: "), "{shown}:\n{error}");
        assert!(error.contains("--ingen-sadan-flagga") || error.contains("saknas"), "{shown}:\n{error}");
        assert_swedish(&shown, &error);
        assert_swedish(&shown, &text(&out.stdout));
    }
    // The walk found the commands the README names, and their subcommands.
    for path in [&["report", "council"][..], &["import", "measurements"], &["export", "xlsx"], &["harvest", "add"], &["evaluate", "godkann"], &["admin", "migrate"]] {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        assert!(seen.contains(&path), "{path:?} hittades inte bland {seen:?}");
    }
    assert!(seen.len() >= 40, "bara {} kommandon hittades", seen.len());
}
