//! Output files on a full disk, for real: every command that writes a file (exports, chart,
//! report, backup) writes to a small tmpfs filled to leave a few bytes free. Each must either
//! write its file whole or say the disk is full — in Swedish, exit 1, never a panic (exit
//! 101: the Excel writer used to panic) — and leave the old file as it was and no temporary
//! file behind. A register on a full disk can still be exported to another disk.

use crate::support::tmpfs;

use std::path::Path;
use std::process::{Command, Output};

use tmpfs::Tmpfs;

const NYTTA: &str = env!("CARGO_BIN_EXE_nytta");
const FREE_LEVELS: &[u64] = &[0, 16 << 10, 256 << 10];

fn nytta(args: &[&str]) -> Output {
    Command::new(NYTTA).args(args).output().expect("could not run nytta")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The names in `dir` that are not the filler or the target files themselves.
fn debris(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "fyllnad" && !n.starts_with("ut-"))
        .collect()
}

#[test]
fn every_output_on_a_full_disk_is_written_whole_or_said_to_be_a_full_disk() {
    let home = tempfile::tempdir().unwrap();
    let register = home.path().join("demo.nytta");
    let file = register.to_str().unwrap();
    assert!(nytta(&["demo", file]).status.success());
    let listed = nytta(&["status", file, "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let (initiative, indicator) = status["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|i| {
            let indicator = i["benefits"].as_array()?.iter().find_map(|b| b["indicators"].as_array()?.first()?["code"].as_str())?;
            Some((i["code"].as_str()?.to_string(), indicator.to_string()))
        })
        .expect("an initiative with an indicator");

    let disk = Tmpfs::mount("4m");
    let commands: Vec<(&str, Vec<String>)> = vec![
        ("export xlsx", vec!["export".into(), "xlsx".into(), file.into(), "--out".into()]),
        ("export json", vec!["export".into(), "json".into(), file.into(), "--out".into()]),
        (
            "export chart-data (xlsx)",
            vec!["export".into(), "chart-data".into(), file.into(), "--portfolio".into(), "--out".into()],
        ),
        (
            "chart",
            vec!["chart".into(), file.into(), "--initiative".into(), initiative.clone(), "--indicator".into(), indicator, "--out".into()],
        ),
        ("report initiative", vec!["report".into(), "initiative".into(), file.into(), "--initiative".into(), initiative, "--out".into()]),
        ("backup", vec!["backup".into(), file.into(), "--out".into()]),
    ];
    let extensions = ["xlsx", "json", "xlsx", "svg", "pdf", "nytta"];
    let mut table = vec![format!("{:<26}{}", "ledigt på utdatadisken", FREE_LEVELS.iter().map(|f| format!("{f:>10} B")).collect::<String>())];
    let mut any_full = false;
    let mut rows: Vec<String> = commands.iter().map(|(name, _)| format!("{name:<26}")).collect();
    for (level, &free) in FREE_LEVELS.iter().enumerate() {
        // An earlier export in place at each target, to see it is kept when a new one fails.
        disk.free_everything();
        for (n, extension) in extensions.iter().enumerate() {
            let target = disk.dir.join(format!("ut-{level}-{n}.{extension}"));
            if *extension != "nytta" {
                std::fs::write(&target, b"tidigare export").unwrap();
            }
        }
        disk.leave_free(free);
        for (n, ((name, args), extension)) in commands.iter().zip(extensions).enumerate() {
            let target = disk.dir.join(format!("ut-{level}-{n}.{extension}"));
            let mut args = args.clone();
            args.push(target.display().to_string());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = nytta(&args);
            let text = said(&out);
            assert!(!text.contains("panicked"), "{free} B free, {name}: a panic reached the user:\n{text}");
            match out.status.code() {
                Some(0) => rows[n].push_str(&format!("{:>12}", "skriven")),
                Some(1) => {
                    any_full = true;
                    assert!(
                        text.contains("disken är full") || text.contains("Disken är full"),
                        "{free} B free, {name}: failed without saying the disk is full:\n{text}"
                    );
                    assert!(!text.contains("os error") && !text.contains("No space"), "{free} B free, {name}: English:\n{text}");
                    if extension == "nytta" {
                        assert!(!target.exists(), "{name}: a partial backup was left");
                    } else {
                        assert_eq!(std::fs::read(&target).unwrap(), b"tidigare export", "{name}: the earlier file was lost");
                    }
                    rows[n].push_str(&format!("{:>12}", "disken full"));
                }
                other => panic!("{free} B free, {name}: exit {other:?}:\n{text}"),
            }
            assert_eq!(debris(&disk.dir), Vec::<String>::new(), "{free} B free, {name}: left temporary files");
        }
    }
    table.extend(rows);
    eprintln!("{}", table.join("\n"));
    assert!(any_full, "no output met a full disk");
    let out = nytta(&["check", file]);
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn a_register_on_a_full_disk_exports_to_another_disk() {
    let disk = Tmpfs::mount("8m");
    let register = disk.dir.join("demo.nytta");
    let file = register.to_str().unwrap();
    assert!(nytta(&["demo", file]).status.success());
    disk.leave_free(0);
    let elsewhere = tempfile::tempdir().unwrap();
    for (format, name) in [("json", "register.json"), ("xlsx", "register.xlsx")] {
        let target = elsewhere.path().join(name);
        let out = nytta(&["export", format, file, "--out", target.to_str().unwrap()]);
        assert!(out.status.success(), "export {format} from a full disk:\n{}", said(&out));
        assert!(std::fs::metadata(&target).unwrap().len() > 0);
    }
}
