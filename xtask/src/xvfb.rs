//! A virtual X display (Xvfb) for the end-to-end tests.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Screen geometry of the virtual display.
pub const SCREEN: &str = "1440x900x24";

/// The first display number in `candidates` for which `taken` says no.
pub fn first_free_display(
    candidates: impl IntoIterator<Item = u32>,
    taken: impl Fn(u32) -> bool,
) -> Option<u32> {
    candidates.into_iter().find(|&n| !taken(n))
}

/// Whether X display `:n` looks taken on this machine (lock file or socket present).
pub fn display_taken(n: u32) -> bool {
    Path::new(&format!("/tmp/.X{n}-lock")).exists()
        || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
}

/// A running Xvfb; stopped when dropped.
pub struct Xvfb {
    child: Child,
    display: u32,
}

impl Xvfb {
    /// Starts `Xvfb :N -screen 0 1440x900x24` on the first free display from :99 up
    /// and waits until it accepts connections.
    pub fn start() -> Result<Xvfb> {
        let display = first_free_display(99..200, display_taken)
            .context("no free X display number between :99 and :199")?;
        let mut cmd = Command::new("Xvfb");
        cmd.arg(format!(":{display}"))
            .args(["-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        crate::util::note(&format!("$ {}", crate::util::display_command(&cmd)));
        let child = cmd
            .spawn()
            .context("could not start Xvfb (is the xvfb package installed?)")?;
        let mut xvfb = Xvfb { child, display };

        let socket = format!("/tmp/.X11-unix/X{display}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if Path::new(&socket).exists() {
                return Ok(xvfb);
            }
            if let Some(status) = xvfb.child.try_wait()? {
                let mut err = String::new();
                if let Some(mut stderr) = xvfb.child.stderr.take() {
                    use std::io::Read;
                    let _ = stderr.read_to_string(&mut err);
                }
                bail!("Xvfb :{display} exited at start ({status}): {}", err.trim());
            }
            if Instant::now() > deadline {
                bail!("Xvfb :{display} did not create {socket} within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The value for the `DISPLAY` environment variable, e.g. `:99`.
    pub fn display(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its lock file and socket; SIGKILL if it hangs.
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: plain kill(2) on the pid of our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_first_display_not_taken() {
        assert_eq!(
            first_free_display(99..103, |n| n == 99 || n == 100),
            Some(101)
        );
        assert_eq!(first_free_display(99..101, |_| true), None);
        assert_eq!(first_free_display(99..101, |_| false), Some(99));
    }
}
