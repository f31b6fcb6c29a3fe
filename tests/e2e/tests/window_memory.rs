//! The window's memory on the benchmark register against the demo register, for `cargo xtask
//! bench` (docs/prestanda.md, case `window_memory`). Ignored in ordinary runs: `cargo xtask
//! bench` runs it with `--ignored` and these variables:
//!
//! - `NYTTA_BENCH_REGISTER`: the generated register (copied once into the test's directory);
//! - `NYTTA_BENCH_RUNS`: how many windows to measure on each register (default 3);
//! - `NYTTA_BENCH_OUT`: where to write the figures as JSON (`bench_mb`, `demo_mb`,
//!   `bench_rss_mb`, `demo_rss_mb`, `method`), read by the benchmark program.
//!
//! What is measured is the window's total memory: the app's process and every process under
//! it — WebKit's web process, which holds the page, and its network process — as the sum of
//! their PSS (`Pss:` in `/proc/PID/smaps_rollup`), once the portfolio has been painted and
//! the window has been left alone for a few seconds. PSS, not RSS: the three processes map the
//! same libraries (WebKitGTK, GTK, ICU — well over 100 MB), and a sum of RSS counts those
//! pages once per process; PSS counts each shared page divided among the processes that
//! share it, so the sum is the memory the window costs. The RSS sum is recorded beside it.
//! The two registers' windows take turns, so the machine's state falls on both. No
//! assertion is made on the figures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::{App, Context, Register, Result};

/// How long the window is left alone after painting, before it is measured: the rest of
/// the start (the day's backup, the web process's caches) settles.
const SETTLE: Duration = Duration::from_secs(3);

/// The process `pid` and every process under it, with their command names.
fn process_tree(pid: i32) -> Vec<(i32, String)> {
    let mut all: Vec<(i32, i32, String)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(p) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        // `pid (comm) state ppid …`; the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = stat[open + 1..close].to_string();
        let Some(ppid) = stat[close + 1..].split_whitespace().nth(1).and_then(|v| v.parse().ok()) else { continue };
        all.push((p, ppid, name));
    }
    let mut tree: Vec<(i32, String)> = all.iter().filter(|(p, _, _)| *p == pid).map(|(p, _, n)| (*p, n.clone())).collect();
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i].0;
        tree.extend(all.iter().filter(|(_, pp, _)| *pp == parent).map(|(p, _, n)| (*p, n.clone())));
        i += 1;
    }
    tree
}

/// A field of `/proc/PID/smaps_rollup`, in kB.
fn rollup_kb(pid: i32, field: &str) -> Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).with_context(|| format!("smaps_rollup of {pid}"))?;
    text.lines()
        .find_map(|l| l.strip_prefix(field).and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok()))
        .with_context(|| format!("no {field} in /proc/{pid}/smaps_rollup"))
}

struct Measured {
    pss_mb: f64,
    rss_mb: f64,
    parts: String,
}

/// One window on `register`, measured once its portfolio is painted and has settled.
fn one_window(register: Register) -> Result<Measured> {
    let app = App::builder().register(register).timeout(Duration::from_secs(120)).launch()?;
    app.wait_until("the mark nytta:portfolio-rendered", |s| {
        let v = s.execute("return performance.getEntriesByName('nytta:portfolio-rendered').length > 0;", vec![])?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })?;
    std::thread::sleep(SETTLE);
    let pid = *app.pids().first().context("the app's process was not found")?;
    let tree = process_tree(pid);
    let (mut pss, mut rss) = (0, 0);
    let mut parts = Vec::new();
    for (p, name) in &tree {
        let (pp, rr) = (rollup_kb(*p, "Pss:")?, rollup_kb(*p, "Rss:")?);
        pss += pp;
        rss += rr;
        parts.push(format!("{name} {:.0}", pp as f64 / 1024.0));
    }
    let rows = app.execute("return document.querySelectorAll('#portfolio-table tbody tr').length", vec![])?;
    app.close()?;
    Ok(Measured {
        pss_mb: pss as f64 / 1024.0,
        rss_mb: rss as f64 / 1024.0,
        parts: format!("PSS MB by process: {}; {rows} rows in the page", parts.join(", ")),
    })
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[test]
#[ignore = "run by `cargo xtask bench` on the benchmark register"]
fn window_memory_on_the_benchmark_register_against_the_demo() -> Result<()> {
    let source = PathBuf::from(std::env::var_os("NYTTA_BENCH_REGISTER").context("NYTTA_BENCH_REGISTER is not set")?);
    let runs: usize = std::env::var("NYTTA_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let out = std::env::var_os("NYTTA_BENCH_OUT").map(PathBuf::from);
    let dir = tempfile::Builder::new().prefix("nytta-bench-memory-").tempdir()?;
    let register: PathBuf = dir.path().join(source.file_name().context("NYTTA_BENCH_REGISTER is not a file")?);
    std::fs::copy(&source, &register).with_context(|| format!("could not copy {}", source.display()))?;
    // The day's backup is taken after the first view; once taken, it is not taken again on
    // the same day, so the windows measured do not carry it (the first one is not counted).
    {
        let app = App::builder().register(Register::Path(register.clone())).timeout(Duration::from_secs(120)).launch()?;
        app.wait_for("#portfolio-table tbody tr")?;
        wait_for_backup(&register)?;
        app.close()?;
    }

    let (mut bench, mut demo, mut bench_rss, mut demo_rss) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut notes = Vec::new();
    for i in 0..runs {
        let d = one_window(Register::Demo)?;
        let b = one_window(Register::Path(register.clone()))?;
        eprintln!(
            "window memory {}: benchmark register {:.0} MB PSS ({:.0} MB RSS), demo {:.0} MB PSS ({:.0} MB RSS); bench: {}; demo: {}",
            i + 1,
            b.pss_mb,
            b.rss_mb,
            d.pss_mb,
            d.rss_mb,
            b.parts,
            d.parts
        );
        bench.push(b.pss_mb);
        demo.push(d.pss_mb);
        bench_rss.push(b.rss_mb);
        demo_rss.push(d.rss_mb);
        notes = vec![b.parts, d.parts];
    }
    eprintln!("median: benchmark register {:.0} MB, demo {:.0} MB", median(&bench), median(&demo));
    if let Some(out) = out {
        let json = e2e::json!({
            "bench_mb": bench,
            "demo_mb": demo,
            "bench_rss_mb": bench_rss,
            "demo_rss_mb": demo_rss,
            "method": format!(
                "Release app under Xvfb (tauri-driver/WebKitWebDriver), window 1320 × 880: the sum of PSS (/proc/PID/smaps_rollup) of the app's process and every process under it (WebKit's web and network processes), {} s after the portfolio was painted; windows on the benchmark register and on a fresh demo register take turns, {runs} each. Last pair: benchmark register: {}; demo: {}.",
                SETTLE.as_secs(), notes.first().cloned().unwrap_or_default(), notes.get(1).cloned().unwrap_or_default()
            ),
        });
        std::fs::write(&out, serde_json::to_string_pretty(&json)?).with_context(|| format!("could not write {}", out.display()))?;
    }
    Ok(())
}

/// Waits (up to a minute) for the day's backup beside `register`.
fn wait_for_backup(register: &Path) -> Result<()> {
    let dir = register.parent().context("the register has no folder")?;
    for _ in 0..600 {
        if std::fs::read_dir(dir)?.flatten().any(|e| e.file_name().to_string_lossy().contains(".backup-dag-")) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    e2e::bail!("the day's backup of {} was not written within a minute", register.display())
}
