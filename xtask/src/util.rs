//! Small helpers: running commands, finding programs, printing steps.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// Prints a step header, so the log says what is happening before it happens.
pub fn step(what: &str) {
    println!();
    println!("==> {what}");
}

/// Prints an indented detail line under a step.
pub fn note(what: &str) {
    println!("    {what}");
}

/// Renders a command as a shell-like line for the log.
pub fn display_command(cmd: &Command) -> String {
    let mut parts = vec![quote(cmd.get_program())];
    parts.extend(cmd.get_args().map(quote));
    parts.join(" ")
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@^~".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs a command with inherited stdio, printing it first. Returns its exit status.
pub fn run_status(cmd: &mut Command) -> Result<ExitStatus> {
    println!("    $ {}", display_command(cmd));
    cmd.status()
        .with_context(|| format!("could not start `{}`", display_command(cmd)))
}

/// Runs a command with inherited stdio and fails unless it exits successfully.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = run_status(cmd)?;
    if !status.success() {
        bail!("`{}` failed ({status})", display_command(cmd));
    }
    Ok(())
}

/// Runs a command, printing it first, and returns its standard output; fails with its
/// standard error unless it exits successfully.
pub fn output(cmd: &mut Command) -> Result<String> {
    println!("    $ {}", display_command(cmd));
    let out = cmd
        .output()
        .with_context(|| format!("could not start `{}`", display_command(cmd)))?;
    if !out.status.success() {
        bail!(
            "`{}` failed ({}): {}",
            display_command(cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Builds a [`Command`] from an argument vector (`argv[0]` is the program).
pub fn command(argv: &[String]) -> Command {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]);
    cmd
}

/// Finds `program` in the directories of `path_var` (a `PATH`-style list).
pub fn find_in_path(program: &str, path_var: Option<&OsStr>) -> Option<PathBuf> {
    let path_var = path_var?;
    std::env::split_paths(path_var)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

/// Finds `program` on this process's `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    find_in_path(program, std::env::var_os("PATH").as_deref())
}

pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// True when this process runs as root (effective uid 0).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The cargo binary that started us (cargo sets `CARGO` for `cargo run`).
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Formats a duration as e.g. `1m 05s` or `12.3s`.
pub fn format_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        let whole = d.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    } else {
        format!("{secs:.1}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn commands_are_displayed_shell_quoted() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "-p", "e2e", "--", "a b", "it's"]);
        assert_eq!(
            display_command(&cmd),
            r"cargo test -p e2e -- 'a b' 'it'\''s'"
        );
    }

    #[test]
    fn find_in_path_finds_executables_only() {
        let dir = std::env::temp_dir().join(format!("xtask-which-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("prog");
        let plain = dir.join("plain");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        std::fs::write(&plain, "").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::join_paths(["/nonexistent", dir.to_str().unwrap()]).unwrap();
        assert_eq!(find_in_path("prog", Some(&path)), Some(exe));
        assert_eq!(find_in_path("plain", Some(&path)), None);
        assert_eq!(find_in_path("prog", None), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn durations_are_human_readable() {
        assert_eq!(format_duration(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(format_duration(Duration::from_secs(65)), "1m 05s");
    }
}
