//! Running things and measuring them: wall time and peak memory of child processes, medians,
//! and the raw SQLite insert that the import is compared with.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// One finished child process.
#[derive(Debug, Clone)]
pub struct Run {
    pub elapsed: Duration,
    /// Peak resident set size of the child, in kibibytes (`ru_maxrss` from `wait4`).
    pub peak_rss_kb: u64,
    /// User + system CPU time of the child.
    pub cpu: Duration,
    /// The first 64 KiB of standard output, and its whole length in bytes.
    pub stdout: String,
    pub stdout_len: u64,
    pub stderr: String,
}

/// The subcommand the bench program runs itself as to measure a child ([`run_measured`]).
pub const MEASURE_CHILD: &str = "measure-child";

/// Runs `cmd` to the end and measures it: wall time from spawn to exit, the child's own peak
/// RSS and its CPU time. Fails when the command fails.
///
/// The child is started by a fresh, small process of this program ([`measure_child`]), not
/// from here. Linux carries a process's peak RSS over from the memory it had before `exec`,
/// and a child spawned from here shares this process's memory until then (`posix_spawn`): its
/// `ru_maxrss` was this process's peak whenever that was larger — every command's peak read
/// 70 MB in one run where the import's own was 30 MB.
pub fn run_measured(cmd: &mut Command) -> Result<Run> {
    let out_dir = tempfile::TempDir::new()?;
    let out_path = out_dir.path().join("stdout");
    let err_path = out_dir.path().join("stderr");
    let usage_path = out_dir.path().join("usage");
    let stdout = std::fs::File::create(&out_path)?;
    let stderr = std::fs::File::create(&err_path)?;
    let described = format!("{cmd:?}");
    let mut helper = Command::new(std::env::current_exe().context("cannot find the bench program itself")?);
    helper.arg(MEASURE_CHILD).arg(&usage_path).arg("--").arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => helper.env(key, value),
            None => helper.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        helper.current_dir(dir);
    }
    let status = helper
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .with_context(|| format!("could not start {described}"))?;
    let stdout = read_capped(&out_path);
    let stdout_len = std::fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0);
    let stderr = read_capped(&err_path);
    if !status.success() {
        bail!("{described} failed ({status}):\n{stderr}\n{stdout}");
    }
    let usage = std::fs::read_to_string(&usage_path).with_context(|| format!("{described}: no measurement"))?;
    let [elapsed_us, peak_rss_kb, cpu_us] = usage
        .split_whitespace()
        .map(str::parse::<u64>)
        .collect::<Result<Vec<_>, _>>()
        .ok()
        .and_then(|v| <[u64; 3]>::try_from(v).ok())
        .with_context(|| format!("{described}: unreadable measurement {usage:?}"))?;
    Ok(Run {
        elapsed: Duration::from_micros(elapsed_us),
        peak_rss_kb,
        cpu: Duration::from_micros(cpu_us),
        stdout,
        stdout_len,
        stderr,
    })
}

/// `bench measure-child USAGE -- PROGRAM ARGS…`: runs PROGRAM with this process's standard
/// streams, writes its wall time (µs), peak RSS (KiB, `ru_maxrss` from `wait4`) and CPU time
/// (µs) to the file USAGE, and returns the exit code to leave with: PROGRAM's own, or 128 plus
/// the signal that ended it.
pub fn measure_child(args: &[std::ffi::OsString]) -> Result<i32> {
    let (usage_path, program, rest) = match args {
        [usage_path, separator, program, rest @ ..] if separator == "--" => (usage_path, program, rest),
        _ => bail!("usage: bench {MEASURE_CHILD} USAGE -- PROGRAM [ARGS…]"),
    };
    let start = Instant::now();
    let child = Command::new(program).args(rest).spawn().with_context(|| format!("could not start {program:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on the pid of our own child, which `child` never waits for itself
    // (std's Child does not reap on drop).
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    if waited != pid {
        bail!("wait4 failed for {program:?}: {}", std::io::Error::last_os_error());
    }
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    std::fs::write(usage_path, format!("{} {} {}", elapsed.as_micros(), usage.ru_maxrss, cpu.as_micros()))?;
    Ok(if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 + libc::WTERMSIG(status) })
}

/// The first 64 KiB of a file, as text: a child's output can be large (`nytta status --json`)
/// and only its beginning is ever looked at.
fn read_capped(path: &Path) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(64 * 1024).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// CPU time (user + system) this process (all its threads) has used so far. On a loaded machine a case's wall
/// time includes waiting for a core; its CPU time does not.
pub fn thread_cpu() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for getrusage to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes only into `usage`.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median (the mean of the two middle values for an even count).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Copies a register (and nothing beside it) to `to`, replacing what is there, for a case
/// that changes the register.
pub fn fresh_copy(from: &Path, to: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", to.display()));
        if side.exists() {
            std::fs::remove_file(&side).with_context(|| format!("could not remove {}", side.display()))?;
        }
    }
    std::fs::copy(from, to).with_context(|| format!("could not copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// The practical limit for the import: the same rows inserted into the register's
/// `measurement` table with one prepared statement in one transaction, with the same
/// connection settings as the store (WAL, synchronous=NORMAL, foreign keys on).
///
/// This is the benchmark's *baseline*, not app code, so it speaks SQL itself; the app's
/// SQL stays in `src/store`. The rows are prepared in memory before the clock starts, so the
/// figure is SQLite's own insert rate and nothing else. Returns the time of the insert and
/// the number of rows.
pub fn raw_insert(register: &Path, rows: &[(String, String, String, String, String)]) -> Result<(Duration, Duration, usize)> {
    use rusqlite::params;
    let mut conn = rusqlite::Connection::open(register)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let mut ids = std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT code, id FROM initiative")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            ids.insert(r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
        }
    }
    let resolved: Vec<i64> =
        rows.iter().map(|r| ids.get(&r.0).copied().context("unknown initiative")).collect::<Result<_>>()?;
    let now = "2026-10-31T12:00:00";
    let cpu = thread_cpu();
    let start = Instant::now();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment, author,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'Verksamhetssystemet', ?5, 'bench', ?6, ?6)",
        )?;
        for (row, id) in rows.iter().zip(&resolved) {
            stmt.execute(params![id, row.1, row.2, row.3, row.4, now])?;
        }
    }
    tx.commit()?;
    // Closing checkpoints the WAL into the file, as closing the register after an import does.
    conn.close().map_err(|(_, e)| e)?;
    Ok((start.elapsed(), thread_cpu() - cpu, rows.len()))
}
