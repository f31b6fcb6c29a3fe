//! `cargo xtask bench`: the benchmark suite (docs/prestanda.md).
//!
//! 1. Builds, in release, the `nytta` CLI, the benchmark program (`tests/bench`, binary
//!    `bench`) and the desktop app.
//! 2. Makes the benchmark register, or reuses the one in `target/bench/` made by the same
//!    generator version and seed (`bench prepare`).
//! 3. Measures the app's cold start against its floor (the same window showing a blank
//!    page) and the window's memory on the benchmark register against the demo register's,
//!    under Xvfb with the end-to-end harness (`tests/e2e/tests/cold_start.rs` and
//!    `window_memory.rs`, ignored in ordinary runs).
//! 4. Starts a throwaway PostgreSQL server (as `cargo xtask test` does, installing
//!    `postgresql` and `openssl` when missing) for the shared register's cases: `bench run`
//!    loads the register into it and measures the same cases there, beside the file's.
//!    `NYTTA_PG=off` leaves them out.
//! 5. Runs every other case and writes `target/bench/results.md` and `results.json`
//!    (`bench run`), printing the table of figures and goals.
//!
//! Nothing here asserts on time: a missed goal is reported, not a failure.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::util::{self, note, step};
use crate::{ensure_packages, packages, postgres, tools, xvfb, Options, Paths};

/// Starts measured for the cold-start figure (after the first start of the day), each
/// beside a start of the floor. Seven, not three: single starts on the 2-core machine spread
/// over 50–80 ms, so that even medians of seven of one build moved by 20–50 ms between runs
/// minutes apart (docs/prestanda.md); each pair of starts takes about 1,5 s.
const COLD_START_RUNS: usize = 7;
/// Windows measured on each register for the window-memory figure.
const WINDOW_MEMORY_RUNS: usize = 3;

/// The end-to-end harness's measurements: the test file, its test, how many runs, and the
/// JSON it writes for `bench run` (with the option that passes it).
struct HarnessCase {
    file: &'static str,
    test: &'static str,
    runs: usize,
    output: &'static str,
    option: &'static str,
    what: &'static str,
}

const HARNESS_CASES: [HarnessCase; 2] = [
    HarnessCase {
        file: "cold_start",
        test: "cold_start_to_first_portfolio_view",
        runs: COLD_START_RUNS,
        output: "cold_start.json",
        option: "--cold-start",
        what: "the app's cold start against its floor",
    },
    HarnessCase {
        file: "window_memory",
        test: "window_memory_on_the_benchmark_register_against_the_demo",
        runs: WINDOW_MEMORY_RUNS,
        output: "window_memory.json",
        option: "--window-memory",
        what: "the window's memory against the demo register's window",
    },
];

/// The `cargo build` arguments: every binary the benchmarks run, in release, in one
/// invocation so cargo unifies their dependencies' features once.
pub fn build_args() -> Vec<&'static str> {
    vec!["build", "--release", "-p", "nytta", "-p", "bench", "-p", "nyttoregistret"]
}

/// Where the register, the import files and the results go: `target/bench` in the checkout.
pub fn bench_dir(paths: &Paths) -> PathBuf {
    paths.root.join("target").join("bench")
}

pub fn cmd_bench(opts: &Options) -> Result<ExitCode> {
    let started = Instant::now();
    let paths = Paths::discover()?;
    let dir = bench_dir(&paths);
    std::fs::create_dir_all(&dir)?;
    let release = paths.target.join("release");

    step("Building nytta (CLI), the benchmark program and nyttoregistret (desktop app), release");
    util::run(util::cargo().args(build_args()).current_dir(&paths.root))?;

    step("Preparing the benchmark register (generated once per generator version and seed)");
    let out = Command::new(release.join("bench"))
        .args(["prepare", "--dir"])
        .arg(&dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("could not run the bench program")?;
    if !out.status.success() {
        bail!("`bench prepare` failed ({})", out.status);
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let register = stdout
        .lines()
        .find_map(|l| l.strip_prefix("register: "))
        .map(PathBuf::from)
        .context("`bench prepare` did not name the register")?;
    note(&format!("register: {}", register.display()));

    for case in &HARNESS_CASES {
        let file = dir.join(case.output);
        let _ = std::fs::remove_file(&file);
        step(&format!("Measuring {} on the benchmark register (end-to-end harness)", case.what));
        if let Err(e) = harness_case(opts, &paths, &release, &register, case, &file) {
            eprintln!("error: {e:#}");
            note("the case is reported as not measured");
            let json = serde_json::json!({ "error": format!("{e:#}") });
            std::fs::write(&file, serde_json::to_string_pretty(&json)?)?;
        }
    }

    let mut cluster = shared_register_server(opts, &paths);

    step("Running the benchmarks (each case several times; the median counts)");
    let mut run = Command::new(release.join("bench"));
    run.args(["run", "--dir"])
        .arg(&dir)
        .arg("--nytta")
        .arg(release.join("nytta"))
        .env_remove("NYTTA_BENCH_PG_URL");
    for case in &HARNESS_CASES {
        run.arg(case.option).arg(dir.join(case.output));
    }
    if let Some(cluster) = &cluster {
        run.arg("--pg").arg(cluster.url());
    }
    let result = util::run(&mut run);
    if let Some(cluster) = cluster.as_mut() {
        cluster.stop()?;
    }
    result?;
    println!();
    println!(
        "cargo xtask bench took {} in all; results in {}",
        util::format_duration(started.elapsed()),
        dir.join("results.md").display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A throwaway PostgreSQL server for the shared register's cases, started as for `cargo
/// xtask test` (under the target directory, on 127.0.0.1 and a free port) and removed at the
/// end, so each run loads the register into it anew and reports the load as a figure of its
/// own. `None`, and those cases reported as not measured, when `NYTTA_PG=off` or the server
/// cannot start.
fn shared_register_server(opts: &Options, paths: &Paths) -> Option<postgres::TestCluster> {
    if postgres::turned_off() {
        note("NYTTA_PG=off: the shared register's cases (PostgreSQL) are left out");
        return None;
    }
    step("Starting a throwaway PostgreSQL server for the shared register's cases");
    let started = ensure_packages(packages::SHARED, opts.install).and_then(|_| postgres::TestCluster::start(&paths.target));
    match started {
        Ok(cluster) => {
            note(&format!("PostgreSQL is running at {}", cluster.url()));
            Some(cluster)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            note("the shared register's cases are reported as not measured");
            None
        }
    }
}

/// Runs one of the harness's measurements (`tests/e2e/tests/{cold_start,window_memory}.rs`)
/// under Xvfb against the release app.
fn harness_case(opts: &Options, paths: &Paths, release: &Path, register: &Path, case: &HarnessCase, out: &Path) -> Result<()> {
    // The harness needs Xvfb, WebKitWebDriver and tauri-driver, as `cargo xtask e2e` does;
    // not npm or axe-core.
    ensure_packages(&packages::test_packages(false), opts.install)?;
    let driver = tools::ensure_tauri_driver(opts.install)?;
    let need_xvfb = opts.headless || std::env::var_os("DISPLAY").is_none();
    let xvfb = if need_xvfb {
        let x = xvfb::Xvfb::start()?;
        note(&format!("Xvfb is running on DISPLAY={}", x.display()));
        Some(x)
    } else {
        None
    };
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "-p",
        "e2e",
        "--test",
        case.file,
        "--",
        "--ignored",
        "--exact",
        case.test,
        "--nocapture",
    ])
    .current_dir(&paths.root)
    .env("NYTTA_E2E_APP", release.join("nyttoregistret"))
    .env("NYTTA_E2E_CLI", release.join("nytta"))
    .env("NYTTA_E2E_TAURI_DRIVER", &driver)
    .env("NYTTA_E2E_SCREENSHOTS", paths.root.join("target").join("screenshots"))
    .env("NYTTA_BENCH_REGISTER", register)
    .env("NYTTA_BENCH_RUNS", case.runs.to_string())
    .env("NYTTA_BENCH_OUT", out);
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        cmd.env("RUST_LIB_BACKTRACE", "0");
    }
    if let Some(x) = &xvfb {
        cmd.env("DISPLAY", x.display()).env("GDK_BACKEND", "x11").env_remove("WAYLAND_DISPLAY");
    }
    let status = util::run_status(&mut cmd)?;
    drop(xvfb);
    if !status.success() {
        bail!("the harness's test {} failed ({status}); see its output above", case.test);
    }
    if !out.exists() {
        bail!("the harness's test {} wrote no {}", case.test, out.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_every_benchmarked_binary_in_release_at_once() {
        let args = build_args();
        assert_eq!(args[..2], ["build", "--release"]);
        for p in ["nytta", "bench", "nyttoregistret"] {
            assert!(args.contains(&p), "{p}");
        }
    }

    #[test]
    fn every_harness_case_names_a_test_that_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for case in &HARNESS_CASES {
            let source = std::fs::read_to_string(root.join("tests/e2e/tests").join(format!("{}.rs", case.file))).unwrap();
            assert!(source.contains(&format!("fn {}()", case.test)), "{}: {}", case.file, case.test);
        }
    }
}
