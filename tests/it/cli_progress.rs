//! Long commands show what they do on a terminal and nothing when piped. util-linux's
//! `script` (Debian's bsdutils, on every Debian system) runs the command on a pseudo-terminal
//! and hands back what the terminal was shown.

use std::process::Command;

use crate::support::cli::{nytta, text};

#[test]
fn the_council_pack_shows_progress_on_a_terminal_and_nothing_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("demo.nytta");
    assert!(nytta(&["demo", register.to_str().unwrap()]).status.success());

    // Piped, as a scheduler runs it: the result on standard output, nothing on standard error.
    let piped = dir.path().join("piped.pdf");
    let out = nytta(&["report", "council", register.to_str().unwrap(), "--out", piped.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "nothing but the result when piped");
    assert!(text(&out.stdout).starts_with("Skrev rådsrapporten"));

    // On a terminal: the phases in words with the seconds, on a line that is then cleared.
    let shown = dir.path().join("terminal.pdf");
    let command = format!(
        "'{}' report council '{}' --out '{}'",
        env!("CARGO_BIN_EXE_nytta"),
        register.display(),
        shown.display()
    );
    let out = Command::new("script").args(["-qec", &command, "/dev/null"]).env("LC_ALL", "C.UTF-8").output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let terminal = text(&out.stdout);
    assert!(
        ["Läser registret och ritar diagrammen …", "Sätter sidorna …", "Skriver PDF-filen …"].iter().any(|p| terminal.contains(p)),
        "ingen fas visades: {terminal:?}"
    );
    assert!(terminal.contains("\x1b[2K"), "raden rensas inte: {terminal:?}");
    assert!(terminal.contains("Skrev rådsrapporten"), "{terminal:?}");
    assert_eq!(std::fs::read(&shown).unwrap(), std::fs::read(&piped).unwrap(), "the same pack either way");
}
