//! Running the `nytta` CLI as a process, as scripts do.

use std::process::{Command, Output};

/// `nytta ARGS` in a UTF-8 locale, its output collected.
pub fn nytta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nytta")).args(args).env("LC_ALL", "C.UTF-8").output().unwrap()
}

/// What the CLI printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
