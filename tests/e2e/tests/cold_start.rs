//! The app's cold start on the benchmark register, for `cargo xtask bench` (docs/prestanda.md).
//! Ignored in ordinary runs: `cargo xtask bench` runs it with `--ignored` and these variables:
//!
//! - `NYTTA_BENCH_REGISTER`: the generated register (copied once into the test's directory);
//! - `NYTTA_BENCH_RUNS`: how many starts to measure (default 3);
//! - `NYTTA_BENCH_OUT`: where to write the figures as JSON (`runs_ms`, `floor_ms`,
//!   `first_of_day_ms`, `method`), read by the benchmark program;
//! - `NYTTA_BENCH_FLOOR_APP` (optional): the app binary the floor is measured with, when the
//!   starts are measured with another (an older build, for a before-and-after figure).
//!
//! The floor is the same app started with `NYTTA_BENCH_BLANK_WINDOW=1`: the same window
//! showing a blank page that sets the same mark after its first frame, with no register
//! opened (`src-tauri/src/main.rs`, `ui/blank.html`) — what the process, GTK, WebKit and a
//! page cost on this machine at this moment. Floor and real starts take turns, so a change
//! in the machine's load falls on both; the goal is on the real start's median minus the
//! floor's.
//!
//! A start is measured from the moment the operating system started the app's process (its
//! start time in `/proc/PID/stat`) to the moment the window had laid out and painted its
//! first portfolio table (the performance mark `nytta:portfolio-rendered`, which
//! `ui/views/portfolio.js` sets in a task queued from the animation frame after the table's
//! first rows are in the page), both on the wall clock. The first start of a day also takes
//! the register's daily backup, after the first view; it is measured first, on its own, waits
//! for the backup to be written, and the figure is the median of the starts after it. No
//! assertion is made on the time.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use e2e::{bail, App, Context, Register, Result};

/// When process `pid` started, in milliseconds since the Unix epoch (±20 ms: the kernel
/// counts in clock ticks).
fn process_start_epoch_ms(pid: i32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after = stat.rsplit_once(')').context("unexpected /proc/PID/stat")?.1;
    let start_ticks: f64 = after.split_whitespace().nth(19).context("no starttime in /proc/PID/stat")?.parse()?;
    // SAFETY: sysconf has no preconditions.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")?
        .split_whitespace()
        .next()
        .context("empty /proc/uptime")?
        .parse()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    Ok(now - (uptime - start_ticks / ticks_per_second) * 1000.0)
}

/// How a start is made: the app on the register, or the floor's blank window.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    Portfolio,
    Floor,
}

/// One start: from process start to the first painted portfolio table (or the floor's blank
/// page), in milliseconds, and where the time went (for the notes of the results).
fn one_start(register: &std::path::Path, kind: Start, await_backup: bool) -> Result<(f64, String)> {
    let mut builder = App::builder().register(Register::Path(register.to_path_buf())).timeout(Duration::from_secs(120));
    if kind == Start::Floor {
        builder = builder.env("NYTTA_BENCH_BLANK_WINDOW", "1");
        if let Some(app) = std::env::var_os("NYTTA_BENCH_FLOOR_APP") {
            builder = builder.program(app);
        }
    }
    let app = builder.launch()?;
    let pid = *app.pids().first().context("the app's process was not found")?;
    let started = process_start_epoch_ms(pid)?;
    if kind == Start::Portfolio {
        app.wait_for("#portfolio-table")?;
    }
    let rendered = app.wait_until("the mark nytta:portfolio-rendered", |s| {
        let v = s.execute(
            "const m = performance.getEntriesByName('nytta:portfolio-rendered')[0];
             return m ? performance.timeOrigin + m.startTime : null;",
            vec![],
        )?;
        Ok(v.as_f64())
    })?;
    if kind == Start::Portfolio && app.find_all("#portfolio-table tbody tr")?.is_empty() {
        bail!("the portfolio table has no rows");
    }
    // The page's own clock: when it started loading, when its scripts had run, and how long
    // each command to Rust took (Tauri's IPC shows up as fetches).
    let timings = app.execute(
        "const n = performance.getEntriesByType('navigation')[0];
         const ipc = performance.getEntriesByType('measure')
           .filter(m => m.name.startsWith('ipc:'))
           .map(m => [m.name.slice(4), Math.round(m.startTime), Math.round(m.duration)]);
         performance.getEntriesByType('mark').forEach(m => ipc.push([m.name, Math.round(m.startTime)]));
         return { origin: performance.timeOrigin, dom: n ? Math.round(n.domContentLoadedEventEnd) : null, ipc };",
        vec![],
    )?;
    let origin = timings["origin"].as_f64().unwrap_or(rendered);
    let breakdown = format!(
        "page navigation started {:.0} ms after the process, its scripts were loaded {} ms later, commands (name, start, duration ms): {}, table painted {:.0} ms after navigation",
        origin - started,
        timings["dom"],
        timings["ipc"],
        rendered - origin
    );
    if await_backup {
        // The day's backup is taken after the first view (commands::register::install): the
        // first start waits for it, so the starts measured after it are not a day's first.
        let dir = register.parent().context("the register has no folder")?;
        app.wait_until("the day's backup beside the register", |_| {
            Ok(std::fs::read_dir(dir)?.flatten().any(|e| e.file_name().to_string_lossy().contains(".backup-dag-")).then_some(()))
        })?;
    }
    app.close()?;
    Ok((rendered - started, breakdown))
}

#[test]
#[ignore = "run by `cargo xtask bench` on the benchmark register"]
fn cold_start_to_first_portfolio_view() -> Result<()> {
    let source = PathBuf::from(std::env::var_os("NYTTA_BENCH_REGISTER").context("NYTTA_BENCH_REGISTER is not set")?);
    let runs: usize = std::env::var("NYTTA_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let out = std::env::var_os("NYTTA_BENCH_OUT").map(PathBuf::from);
    // A copy of our own, used by every start, so its daily backup is taken once (by the
    // first start) and lands in our temporary directory.
    let dir = tempfile::Builder::new().prefix("nytta-bench-").tempdir()?;
    let register = dir.path().join(source.file_name().context("NYTTA_BENCH_REGISTER is not a file")?);
    std::fs::copy(&source, &register).with_context(|| format!("could not copy {}", source.display()))?;

    let (first_of_day, _) = one_start(&register, Start::Portfolio, true)?;
    eprintln!("cold start (first of the day, with the daily backup after it): {first_of_day:.0} ms");
    let mut times = Vec::new();
    let mut floors = Vec::new();
    let mut breakdowns = Vec::new();
    for i in 0..runs {
        let (floor, floor_breakdown) = one_start(&register, Start::Floor, false)?;
        let (ms, breakdown) = one_start(&register, Start::Portfolio, false)?;
        eprintln!("cold start {}: floor {floor:.0} ms ({floor_breakdown}), start {ms:.0} ms: {breakdown}", i + 1);
        floors.push(floor);
        times.push(ms);
        breakdowns.push(breakdown);
    }
    if let Some(out) = out {
        let json = e2e::json!({
            "runs_ms": times,
            "floor_ms": floors,
            "first_of_day_ms": first_of_day,
            "method": format!(
                "Release app on the benchmark register under Xvfb, started by tauri-driver/WebKitWebDriver; from the process's start time (/proc) to the moment the first rows of the portfolio table are laid out and painted (performance mark). The floor: the same app with NYTTA_BENCH_BLANK_WINDOW=1, the same window showing a blank page that sets the same mark, no register opened; floor and real starts take turns. The first start of the day (its daily backup is taken after the first view) took {first_of_day:.0} ms and is not among the runs. Last run: {}.", breakdowns.last().cloned().unwrap_or_default()
            ),
        });
        std::fs::write(&out, serde_json::to_string_pretty(&json)?).with_context(|| format!("could not write {}", out.display()))?;
    }
    Ok(())
}
