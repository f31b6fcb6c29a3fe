//! Progress of a long command on a terminal: what it is doing and for how long, on one line
//! of standard error that is rewritten twice a second and cleared when the command is done.
//! Nothing at all is written when standard error is not a terminal (piped, redirected to a
//! scheduler's log), so a script sees only the command's result and its errors.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A command that takes less than this shows nothing: no flicker for the quick ones.
const QUIET_FOR: Duration = Duration::from_millis(300);
const EVERY: Duration = Duration::from_millis(500);

/// The progress line of one command; dropped, it clears its line.
pub struct Progress {
    shown: Option<Shown>,
}

struct Shown {
    label: Arc<Mutex<String>>,
    /// Dropping the sender stops the ticker.
    stop: Option<mpsc::Sender<()>>,
    ticker: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts saying `what` ("Importerar mätningar från data.csv") with the seconds since.
    pub fn start(what: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { shown: None };
        }
        let label = Arc::new(Mutex::new(what.to_string()));
        let (stop, stopped) = mpsc::channel::<()>();
        let text = label.clone();
        let started = Instant::now();
        let ticker = std::thread::spawn(move || {
            let mut wait = QUIET_FOR;
            loop {
                match stopped.recv_timeout(wait) {
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => return,
                }
                let what = text.lock().map(|t| t.clone()).unwrap_or_default();
                let mut err = std::io::stderr().lock();
                // Carriage return and "erase line": the line is written over, not added to.
                let _ = write!(err, "\r\x1b[2K{what} … {} s", started.elapsed().as_secs());
                let _ = err.flush();
                wait = EVERY;
            }
        });
        Progress { shown: Some(Shown { label, stop: Some(stop), ticker: Some(ticker) }) }
    }

    /// Says what the command does now, keeping the clock.
    pub fn set(&self, what: &str) {
        if let Some(shown) = &self.shown {
            if let Ok(mut label) = shown.label.lock() {
                *label = what.to_string();
            }
        }
    }

    /// A report's phase in words.
    pub fn report_phase(&self, phase: nytta::report::Phase) {
        self.set(match phase {
            nytta::report::Phase::Reading => "Läser registret och ritar diagrammen",
            nytta::report::Phase::Typesetting => "Sätter sidorna",
            nytta::report::Phase::Writing => "Skriver PDF-filen",
        });
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let Some(shown) = self.shown.as_mut() else { return };
        drop(shown.stop.take());
        if let Some(ticker) = shown.ticker.take() {
            let _ = ticker.join();
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}
