//! Every command that writes a file refuses a register as that file: proven for every
//! command in the CLI's own command tree (not a hand-kept list), so a command added later is
//! covered the day it is added.

use nytta::app::prelude::*;
use std::any::TypeId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::{refuse_register_outputs, run, user_message, Args, OUTPUT_ARG, REGISTER_ARG};

/// Path arguments that name a file a command only reads. Any other path argument of any
/// command must be `--out` (and is then checked) or the register itself.
const INPUT_ARGS: &[&str] = &["data", "backup"];

/// Every leaf command as its words on the command line, with its definition.
fn leaves(command: &clap::Command, words: Vec<String>, found: &mut Vec<(Vec<String>, clap::Command)>) {
    if command.get_subcommands().next().is_none() {
        found.push((words, command.clone()));
        return;
    }
    for sub in command.get_subcommands() {
        let mut words = words.clone();
        words.push(sub.get_name().to_string());
        leaves(sub, words, found);
    }
}

fn takes_a_path(arg: &clap::Arg) -> bool {
    arg.get_value_parser().type_id() == TypeId::of::<PathBuf>()
}

/// A command line for `words` with `out` as its output and values that reach the writing.
fn command_line(words: &[String], command: &clap::Command, sample: &BTreeMap<&str, String>, out: &Path) -> Vec<String> {
    let mut line = vec!["nytta".to_string()];
    line.extend(words.iter().cloned());
    let mut positional: Vec<(usize, String)> = Vec::new();
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        let value = if id == OUTPUT_ARG {
            out.display().to_string()
        } else if let Some(value) = sample.get(id) {
            value.clone()
        } else if arg.is_required_set() {
            panic!("{}: no sample value for the required argument {id}", words.join(" "))
        } else {
            continue;
        };
        if arg.is_positional() {
            positional.push((arg.get_index().unwrap_or(0), value));
        } else {
            let long = arg.get_long().unwrap_or(id);
            line.push(format!("--{long}"));
            line.push(value);
        }
    }
    positional.sort();
    let at = 1 + words.len();
    for (i, (_, value)) in positional.into_iter().enumerate() {
        line.insert(at + i, value);
    }
    line
}

/// The bytes of every file in `dir` but SQLite's shared-memory index, which opening and
/// closing a register rewrites without changing a byte of its data.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file() && !e.file_name().to_string_lossy().ends_with("-shm"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn every_command_that_writes_a_file_refuses_a_register_as_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("stad.nytta");
    nytta::demo::create(&register).unwrap();
    let other = dir.path().join("annan.nytta");
    nytta::app::OpenRegister::create(&other, "Annan").unwrap();
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", register.display()));

    // Values that take each command as far as writing its file.
    let opened = nytta::app::OpenRegister::open(&register).unwrap();
    let data = opened.followup_data(None).unwrap();
    let entry = data.entries.iter().find(|e| e.go_live.is_some() && e.plan.indicators().next().is_some()).unwrap();
    let indicator = entry.plan.indicators().next().unwrap().1.code.clone();
    let sample: BTreeMap<&str, String> = BTreeMap::from([
        (REGISTER_ARG, register.display().to_string()),
        ("initiative", entry.code.clone()),
        ("indicator", indicator),
        ("date", "2026-10-31".to_string()),
        ("document", "calc".to_string()),
        ("by", "Rådet".to_string()),
        ("decision_ref", "§ 1".to_string()),
        ("reason", "Skäl".to_string()),
        ("value", "1".to_string()),
        ("data", dir.path().join("data.csv").display().to_string()),
        ("backup", dir.path().join("kopia.nytta").display().to_string()),
        ("supplier", "Intraservice".to_string()),
        ("from", "2026-11-01".to_string()),
        ("to", "2026-12-31".to_string()),
    ]);
    drop(opened);

    let mut targets = vec![register.clone(), side("-wal"), side("-shm"), side("-journal"), other.clone()];
    #[cfg(unix)]
    {
        let link = dir.path().join("länk.pdf");
        std::os::unix::fs::symlink(&register, &link).unwrap();
        let to_log = dir.path().join("länk-till-loggen.csv");
        std::os::unix::fs::symlink(side("-wal"), &to_log).unwrap();
        targets.extend([link, to_log]);
    }

    let mut found = Vec::new();
    leaves(&Args::command(), Vec::new(), &mut found);
    let mut writers = Vec::new();
    for (words, command) in &found {
        for arg in command.get_arguments().filter(|a| takes_a_path(a)) {
            let id = arg.get_id().as_str();
            assert!(
                id == OUTPUT_ARG || id == REGISTER_ARG || INPUT_ARGS.contains(&id),
                "nytta {}: the path argument {id} is neither the register, a file read nor --out. \
                 A file a command writes is named --out, so that it is refused when it is a register.",
                words.join(" ")
            );
        }
        if command.get_arguments().any(|a| a.get_id() == OUTPUT_ARG) {
            writers.push(words.join(" "));
        } else {
            continue;
        }
        for target in &targets {
            let line = command_line(words, command, &sample, target);
            let before = snapshot(dir.path());
            let matches = Args::command().try_get_matches_from(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
            let args = <Args as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
            // As `main` runs it: the output is refused before the command does anything.
            let error = refuse_register_outputs(&matches).and_then(|()| run(args.command)).unwrap_err();
            let (message, _) = user_message(&error);
            assert!(message.contains("skriver aldrig över ett register"), "{line:?}: {message}");
            assert_eq!(snapshot(dir.path()), before, "{line:?} changed a file");
            // And the command itself, without that check: its own writer refuses too (a
            // backup refuses any file that exists). Reports take a while to typeset in a
            // test build, so this for the register itself and a link to its log.
            if !(target == &register || target.ends_with("länk-till-loggen.csv")) {
                continue;
            }
            let args = <Args as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
            let error = run(args.command).expect_err(&format!("{line:?} wrote over a register"));
            let (message, _) = user_message(&error);
            assert!(
                message.contains("skriver aldrig över ett register") || message.contains("finns redan"),
                "{line:?}: {message}"
            );
            assert_eq!(snapshot(dir.path()), before, "{line:?} changed a file");
        }
    }
    for expected in [
        "chart",
        "backup",
        "report council",
        "report initiative",
        "report annual",
        "export json",
        "export xlsx",
        "export chart-data",
        "template measurements",
    ] {
        assert!(writers.iter().any(|w| w == expected), "nytta {expected} writes a file: {writers:?}");
    }
    assert!(nytta::app::OpenRegister::open(&register).unwrap().check().unwrap().integrity == "ok");
}
