//! One register, two stores: the demo put into a shared register reads exactly as the demo
//! file — the same JSON document, the same list, the same reports' text — through the same
//! CLI commands, with only the register's name (a connection string) different.

use crate::support::cli::{nytta, text};

use super::is_timestamp;
use super::server::TestDatabase;

/// The JSON document with the moments things were written (which differ between two runs of
/// the demo, whichever store) replaced by a mark.
fn without_timestamps(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let bytes = json.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.len() - i >= 19 && is_timestamp(&bytes[i..i + 19]) {
            out.push_str("<tid>");
            i += 19;
        } else {
            let ch = json[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[test]
fn the_demo_in_a_shared_register_reads_as_the_demo_file() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");

    let out = nytta(&["demo", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = nytta(&["demo", &owner]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Lade in demoregistret i det delade registret"), "{}", text(&out.stdout));

    // A second time is refused: the demo goes only into an empty register.
    let out = nytta(&["demo", &owner]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("innehåller redan uppgifter"), "{}", text(&out.stderr));

    let json_of = |register: &str, name: &str| {
        let target = dir.path().join(name);
        let out = nytta(&["export", "json", register, "--out", target.to_str().unwrap()]);
        assert!(out.status.success(), "{register}: {}", text(&out.stderr));
        without_timestamps(&std::fs::read_to_string(target).unwrap())
    };
    let from_file = json_of(file.to_str().unwrap(), "fil.json");
    let from_server = json_of(&owner, "server.json");
    assert!(from_file.len() > 10_000, "the demo is a whole register");
    if from_file != from_server {
        let first = from_file.chars().zip(from_server.chars()).position(|(a, b)| a != b).unwrap_or(0);
        let around = |s: &str| s.chars().skip(first.saturating_sub(200)).take(400).collect::<String>();
        panic!("the documents differ\n--- file ---\n{}\n--- server ---\n{}", around(&from_file), around(&from_server));
    }

    let list = |register: &str| {
        let out = nytta(&["list", register]);
        assert!(out.status.success(), "{register}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(list(file.to_str().unwrap()), list(&owner));

    // The council pack's words are the same (its PDF bytes carry the moment it was made).
    let pack_text = |register: &str, name: &str| {
        let target = dir.path().join(name);
        let out = nytta(&["report", "council", register, "--out", target.to_str().unwrap()]);
        assert!(out.status.success(), "{register}: {}", text(&out.stderr));
        let out = std::process::Command::new("pdftotext").args([target.to_str().unwrap(), "-"]).output().unwrap();
        text(&out.stdout)
    };
    assert_eq!(pack_text(file.to_str().unwrap(), "fil.pdf"), pack_text(&owner, "server.pdf"));
}
