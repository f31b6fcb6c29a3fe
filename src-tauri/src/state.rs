//! What the app remembers: the open register, and the recently opened ones (in the user's
//! config directory, so a fresh profile — as in the end-to-end tests — starts empty).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nytta::store::Register;
use nytta::view::portfolio::PortfolioFollowup;

use crate::error::{UiError, UiResult};

#[derive(Default)]
pub struct AppState {
    pub register: Mutex<Option<Register>>,
    /// Why the register named on the command line could not be opened; shown once.
    pub start_error: Mutex<Option<String>>,
    /// The portfolio's follow-up columns, computed while the window starts; see
    /// `commands::register::prefetch_first_view`. Used once, and only while still true.
    pub prefetched: Mutex<Option<Prefetched>>,
    /// The report made last (`commands::reports`), kept for its preview, saving and opening.
    pub report: Mutex<Option<LastReport>>,
}

/// A generated report PDF and where it has been written, if anywhere.
pub struct LastReport {
    pub pdf: std::sync::Arc<Vec<u8>>,
    pub pages: usize,
    /// The suggested file name, e.g. `Underlag till digitaliseringsrådet 2026-10-31.pdf`.
    pub file_name: String,
    /// The file the user saved it as, or the temporary copy opened in the PDF reader.
    pub on_disk: Option<PathBuf>,
}

/// What was computed ahead, and for which register, date and state of the file.
pub struct Prefetched {
    pub path: PathBuf,
    pub as_of: chrono::NaiveDate,
    /// [`Register::change_key`] when it was computed.
    pub key: (i64, u64),
    pub followup: PortfolioFollowup,
}

impl AppState {
    /// Runs `f` with the open register, or says that none is open.
    pub fn with<T>(&self, f: impl FnOnce(&mut Register) -> UiResult<T>) -> UiResult<T> {
        let mut guard = self.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
        match guard.as_mut() {
            Some(register) => f(register),
            None => Err(UiError::no_register()),
        }
    }
}

impl AppState {
    /// The open register's file, for work done on a connection of its own (reports,
    /// exports) so the window's other commands are not kept waiting meanwhile.
    pub fn register_path(&self) -> UiResult<PathBuf> {
        self.with(|r| Ok(r.path().to_path_buf()))
    }

    /// Runs `f` with the last report, or says that there is none.
    pub fn with_report<T>(&self, f: impl FnOnce(&mut LastReport) -> UiResult<T>) -> UiResult<T> {
        let mut guard = self.report.lock().map_err(|_| UiError::new("Internt fel: rapporten är låst."))?;
        match guard.as_mut() {
            Some(report) => f(report),
            None => Err(UiError::new("Ingen rapport är skapad ännu. Välj rapport och tryck på Skapa rapport.")),
        }
    }
}

const RECENT_KEPT: usize = 8;

/// Recently opened registers, newest first; files that no longer exist are dropped.
pub fn read_recent(config_dir: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(config_dir.join("recent.json")).unwrap_or_default();
    let paths: Vec<PathBuf> = serde_json::from_str(&text).unwrap_or_default();
    paths.into_iter().filter(|p| p.exists()).collect()
}

pub fn remember_recent(config_dir: &Path, path: &Path) {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut paths = read_recent(config_dir);
    paths.retain(|p| p != &path);
    paths.insert(0, path);
    paths.truncate(RECENT_KEPT);
    // Losing the recent list is harmless; a failure here must not stop the register opening.
    if std::fs::create_dir_all(config_dir).is_ok() {
        if let Ok(text) = serde_json::to_string_pretty(&paths) {
            let _ = std::fs::write(config_dir.join("recent.json"), text);
        }
    }
}
