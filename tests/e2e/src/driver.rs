//! Starting and stopping tauri-driver (which starts WebKitWebDriver, which
//! starts the app), in a process group of its own so that everything it
//! started can be stopped together.

use crate::webdriver::Client;
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `n` distinct TCP ports on 127.0.0.1 that were free a moment ago.
pub fn free_ports(n: usize) -> Result<Vec<u16>> {
    // Hold all listeners at once so the ports are distinct, then let them go.
    let listeners = (0..n)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<std::io::Result<Vec<_>>>()
        .context("could not find free local ports")?;
    listeners
        .iter()
        .map(|l| Ok(l.local_addr()?.port()))
        .collect()
}

/// A running tauri-driver; killed (with everything it started) when dropped.
pub struct DriverProcess {
    child: Child,
    /// Process group id (the pid of tauri-driver).
    pgid: libc::pid_t,
    pub port: u16,
    pub log: PathBuf,
    /// Where this driver's part of the (appended) log starts.
    log_start: u64,
}

impl DriverProcess {
    /// Starts `tauri-driver --port P --native-port N` with `env` added to its
    /// environment (which WebKitWebDriver and then the app inherit), stdout and
    /// stderr of all three going to `log`. Waits until it answers `/status`.
    pub fn start(
        tauri_driver: &Path,
        env: &[(OsString, OsString)],
        log: &Path,
    ) -> Result<DriverProcess> {
        let mut last_err = None;
        // Ports can be taken between choosing and binding: try a few times.
        for _ in 0..3 {
            match Self::try_start(tauri_driver, env, log) {
                Ok(d) => return Ok(d),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap())
    }

    fn try_start(
        tauri_driver: &Path,
        env: &[(OsString, OsString)],
        log: &Path,
    ) -> Result<DriverProcess> {
        let ports = free_ports(2)?;
        let (port, native_port) = (ports[0], ports[1]);
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Append: a test that launches the app twice keeps both logs.
        let mut log_file = std::fs::File::options()
            .create(true)
            .append(true)
            .open(log)
            .with_context(|| format!("could not open {}", log.display()))?;
        let log_start = log_file.metadata()?.len();
        {
            use std::io::Write;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            writeln!(
                log_file,
                "=== {} --port {port} --native-port {native_port} (unix time {now})",
                tauri_driver.display()
            )?;
        }
        let mut cmd = Command::new(tauri_driver);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            // Own process group: the app and the drivers can be stopped together.
            .process_group(0);
        // SAFETY: prctl is async-signal-safe; this only asks the kernel to send
        // SIGTERM to tauri-driver if the thread that started it dies, so a test
        // process killed hard (or Ctrl-C) does not leave drivers behind.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                Ok(())
            });
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start {}", tauri_driver.display()))?;
        let pgid = child.id() as libc::pid_t;
        let mut driver = DriverProcess {
            child,
            pgid,
            port,
            log: log.to_path_buf(),
            log_start,
        };

        // Ask WebKitWebDriver itself first: asking tauri-driver before its native
        // driver listens makes it log a connection error for each try.
        let native = Client::new(
            format!("http://127.0.0.1:{native_port}"),
            Duration::from_secs(2),
        );
        let client = Client::new(driver.base_url(), Duration::from_secs(2));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if native.ready() && client.ready() {
                return Ok(driver);
            }
            if let Some(status) = driver.child.try_wait()? {
                bail!(
                    "tauri-driver exited at start ({status}); its log:\n{}",
                    driver.log_tail(30)
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "tauri-driver did not answer on port {port} within 30 s; its log:\n{}",
                    driver.log_tail(30)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last `lines` lines of the log of tauri-driver, WebKitWebDriver and the app.
    pub fn log_tail(&self, lines: usize) -> String {
        let bytes = std::fs::read(&self.log).unwrap_or_default();
        let start = (self.log_start as usize).min(bytes.len());
        let text = String::from_utf8_lossy(&bytes[start..]);
        let all: Vec<&str> = text.lines().collect();
        let start = all.len().saturating_sub(lines);
        all[start..].join("\n")
    }

    /// Pids of running processes of our process group whose executable is `exe`.
    pub fn pids_of(&self, exe: &Path) -> Vec<libc::pid_t> {
        let exe = exe.canonicalize().unwrap_or_else(|_| exe.to_path_buf());
        group_members(self.pgid)
            .into_iter()
            .filter(|&pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe))
            .collect()
    }

    /// Waits until no process of ours runs `exe`; kills leftovers after `timeout`.
    pub fn wait_exited(&self, exe: &Path, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let pids = self.pids_of(exe);
            if pids.is_empty() {
                return true;
            }
            if Instant::now() > deadline {
                for pid in pids {
                    // SAFETY: kill(2) on a pid of our own process group.
                    unsafe {
                        libc::kill(pid, libc::SIGKILL);
                    }
                }
                std::thread::sleep(Duration::from_millis(200));
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        // SIGTERM to the whole group: tauri-driver, WebKitWebDriver and the app.
        // SAFETY: killpg(2) on the process group we created for tauri-driver.
        unsafe {
            libc::killpg(self.pgid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) && group_members(self.pgid).is_empty() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above.
        unsafe {
            libc::killpg(self.pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// Pids of live (not zombie) processes whose process group is `pgid`.
pub fn group_members(pgid: libc::pid_t) -> Vec<libc::pid_t> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<libc::pid_t>().ok())
        .filter(|&pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| parse_stat_state_pgrp(&stat))
                .is_some_and(|(state, pgrp)| pgrp == pgid && state != 'Z' && state != 'X')
        })
        .collect()
}

/// State and process group from the text of `/proc/PID/stat`
/// (`pid (comm) state ppid pgrp …`; comm may contain spaces and parentheses).
pub fn parse_stat_state_pgrp(stat: &str) -> Option<(char, libc::pid_t)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((state, pgrp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_distinct() {
        let ports = free_ports(3).unwrap();
        assert_eq!(ports.len(), 3);
        assert!(ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2]);
    }

    #[test]
    fn parses_proc_stat() {
        let stat = "4242 (Web Content (x)) S 4000 4100 4100 0 -1 4194560 1 0";
        assert_eq!(parse_stat_state_pgrp(stat), Some(('S', 4100)));
        assert_eq!(parse_stat_state_pgrp("garbage"), None);
    }

    #[test]
    fn own_process_is_in_own_group() {
        // SAFETY: getpgrp has no preconditions.
        let pgrp = unsafe { libc::getpgrp() };
        assert!(group_members(pgrp).contains(&(std::process::id() as libc::pid_t)));
    }
}
