//! What the app remembers: the open register, and the recently opened ones (in the user's
//! config directory, so a fresh profile — as in the end-to-end tests — starts empty).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use nytta::app::OpenRegister;
use nytta::app::rights::Rights;
use nytta::app::portfolio::PortfolioView;

use crate::error::{UiError, UiResult};

#[derive(Default)]
pub struct AppState {
    pub register: Mutex<Option<OpenRegister>>,
    /// Why the register named on the command line could not be opened; shown once.
    pub start_error: Mutex<Option<String>>,
    /// The portfolio's follow-up columns, computed while the window starts; see
    /// `commands::register::prefetch_first_view`. Used once, and only while still true.
    pub prefetched: PrefetchSlot,
    /// The report made last (`commands::reports`), kept for its preview, saving and opening.
    pub report: Mutex<Option<LastReport>>,
    /// Counts the registers opened and closed: bumped (under the `register` lock) whenever
    /// the open register changes, so work begun for one register — a report made on a
    /// thread of its own — is not kept for the next one.
    pub generation: AtomicU64,
    /// What the user may do in the open register ([`OpenRegister::rights`]), read once per
    /// register opened: the shared register's roles are a query to the server, and a role
    /// granted meanwhile shows once the register is opened again.
    pub rights: Mutex<Option<(u64, Rights)>>,
    /// Raised when the window has had the data of its first view, so that work the first
    /// paint need not wait for — the day's backup — waits for it instead of competing with
    /// it for the cores and the disk (`commands::register::install`).
    pub first_view: FirstView,
    /// Raised when the window has drawn its first view (`first_view.rs`): the page's hold
    /// image is answered then. Once raised it stays so, and a page loaded again is not held.
    pub first_view_drawn: FirstView,
    /// While the register named on the command line is being opened, on a thread beside the
    /// window's start (`main.rs`): `app_state` waits until it is open (or could not be).
    pub opening_at_start: Pending,
}

/// Work under way that others wait for (with a limit); none until [`Pending::begin`].
#[derive(Default)]
pub struct Pending {
    pending: Mutex<bool>,
    changed: Condvar,
}

impl Pending {
    pub fn begin(&self) {
        if let Ok(mut pending) = self.pending.lock() {
            *pending = true;
        }
    }

    pub fn end(&self) {
        if let Ok(mut pending) = self.pending.lock() {
            *pending = false;
            self.changed.notify_all();
        }
    }

    /// Waits while the work is under way, at most `limit`.
    pub fn wait(&self, limit: Duration) {
        if let Ok(pending) = self.pending.lock() {
            let _ = self.changed.wait_timeout_while(pending, limit, |pending| *pending);
        }
    }
}

/// Where the first view's data computed ahead is put, and waited for while it is computed.
#[derive(Default)]
pub struct PrefetchSlot {
    slot: Mutex<Prefetch>,
    changed: Condvar,
}

#[derive(Default)]
enum Prefetch {
    #[default]
    None,
    Running,
    Ready(Box<Prefetched>),
}

impl PrefetchSlot {
    /// Marks the data as being computed: [`PrefetchSlot::take`] waits for it.
    pub fn begin(&self) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Prefetch::Running;
        }
    }

    /// The computation's result (`None` when it failed): wakes whoever waits.
    pub fn finish(&self, prefetched: Option<Prefetched>) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = prefetched.map_or(Prefetch::None, |p| Prefetch::Ready(Box::new(p)));
            self.changed.notify_all();
        }
    }

    /// Takes what was computed, waiting (at most `limit`) while it is still being computed:
    /// the first view's command would otherwise compute the same again beside it.
    pub fn take(&self, limit: Duration) -> Option<Prefetched> {
        let slot = self.slot.lock().ok()?;
        let (mut slot, _) = self.changed.wait_timeout_while(slot, limit, |s| matches!(s, Prefetch::Running)).ok()?;
        match std::mem::take(&mut *slot) {
            Prefetch::Ready(p) => Some(*p),
            _ => None,
        }
    }
}

/// A flag raised once, that threads can wait for (with a limit).
#[derive(Default)]
pub struct FirstView {
    shown: Mutex<bool>,
    changed: Condvar,
}

impl FirstView {
    pub fn raise(&self) {
        if let Ok(mut shown) = self.shown.lock() {
            if !*shown {
                *shown = true;
                self.changed.notify_all();
            }
        }
    }

    /// Waits until the flag is raised or `limit` has passed.
    pub fn wait(&self, limit: Duration) {
        if let Ok(shown) = self.shown.lock() {
            let _ = self.changed.wait_timeout_while(shown, limit, |shown| !*shown);
        }
    }
}

/// A generated report PDF and where it has been written, if anywhere.
pub struct LastReport {
    pub pdf: std::sync::Arc<Vec<u8>>,
    pub pages: usize,
    /// The suggested file name, e.g. `Underlag till digitaliseringsrådet 2026-10-31.pdf`.
    pub file_name: String,
    /// The file the user saved it as, or the temporary copy opened in the PDF reader.
    pub on_disk: Option<PathBuf>,
    /// The register it was made from, and [`AppState::generation`] when it was started.
    pub register: PathBuf,
    pub generation: u64,
}

/// What was computed ahead, and for which register, date and state of the file.
pub struct Prefetched {
    pub path: PathBuf,
    pub as_of: chrono::NaiveDate,
    /// [`Register::change_key`] when it was computed.
    pub key: (i64, u64),
    pub view: PortfolioView,
}

impl AppState {
    /// Runs `f` with the open register, or says that none is open.
    pub fn with<T>(&self, f: impl FnOnce(&mut OpenRegister) -> UiResult<T>) -> UiResult<T> {
        let mut guard = self.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
        match guard.as_mut() {
            Some(register) => f(register),
            None => Err(UiError::no_register()),
        }
    }
}

impl AppState {
    /// The rights of `register`, the open register (call inside [`AppState::with`], so the
    /// generation cannot change meanwhile): read from the register once per generation.
    pub fn rights_in(&self, register: &OpenRegister) -> UiResult<Rights> {
        let generation = self.generation.load(Ordering::SeqCst);
        let mut slot = self.rights.lock().map_err(|_| UiError::new("Internt fel: behörigheterna är låsta."))?;
        if let Some((kept, rights)) = slot.as_ref() {
            if *kept == generation {
                return Ok(rights.clone());
            }
        }
        let rights = register.rights()?;
        *slot = Some((generation, rights.clone()));
        Ok(rights)
    }

    /// The open register's file, for work done on a connection of its own (reports,
    /// exports) so the window's other commands are not kept waiting meanwhile.
    pub fn register_path(&self) -> UiResult<PathBuf> {
        self.with(|r| Ok(r.path().to_path_buf()))
    }

    /// The open register's file and the [`generation`](AppState::generation) it belongs to.
    pub fn register_and_generation(&self) -> UiResult<(PathBuf, u64)> {
        self.with(|r| Ok((r.path().to_path_buf(), self.generation.load(Ordering::SeqCst))))
    }

    /// Makes `register` (or none) the open register, a new generation; call with the
    /// `register` lock held, i.e. as `*guard = …` is done.
    pub fn replace_register(&self, guard: &mut Option<OpenRegister>, register: Option<OpenRegister>) {
        *guard = register;
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `f` with the last report, or says that there is none. A report of a register
    /// that has since been closed or replaced is dropped, not used.
    pub fn with_report<T>(&self, f: impl FnOnce(&mut LastReport) -> UiResult<T>) -> UiResult<T> {
        let mut guard = self.report.lock().map_err(|_| UiError::new("Internt fel: rapporten är låst."))?;
        if guard.as_ref().is_some_and(|r| r.generation != self.generation.load(Ordering::SeqCst)) {
            *guard = None;
        }
        match guard.as_mut() {
            Some(report) => f(report),
            None => Err(UiError::new("Ingen rapport är skapad ännu. Välj rapport och tryck på Skapa rapport.")),
        }
    }

    /// Keeps `report` as the last report, unless the register it was made from has been
    /// closed or replaced meanwhile: then it is dropped and the user told so.
    pub fn keep_report(&self, report: LastReport) -> UiResult<()> {
        let mut guard = self.report.lock().map_err(|_| UiError::new("Internt fel: rapporten är låst."))?;
        if report.generation != self.generation.load(Ordering::SeqCst) {
            return Err(UiError::new(
                "Registret stängdes eller byttes medan rapporten skapades, så rapporten visas inte. \
                 Skapa den igen om du behöver den.",
            ));
        }
        *guard = Some(report);
        Ok(())
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
    let path = dunce::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut paths = read_recent(config_dir);
    paths.retain(|p| p != &path);
    paths.insert(0, path);
    paths.truncate(RECENT_KEPT);
    // Losing the recent list is harmless; a failure here must not stop the register opening.
    if std::fs::create_dir_all(config_dir).is_ok() {
        if let Ok(text) = serde_json::to_string_pretty(&paths) {
            let _ = nytta::files::write_bytes(&config_dir.join("recent.json"), None, text.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_thread_goes_on_when_the_flag_is_raised_and_none_waits_after() {
        let flag = std::sync::Arc::new(FirstView::default());
        let waiter = {
            let flag = std::sync::Arc::clone(&flag);
            // The limit is far beyond the test's: the wait ends because of the flag.
            std::thread::spawn(move || {
                flag.wait(Duration::from_secs(3600));
                *flag.shown.lock().unwrap()
            })
        };
        flag.raise();
        assert!(waiter.join().unwrap());
        flag.wait(Duration::from_secs(3600));
    }

    #[test]
    fn a_flag_never_raised_is_waited_for_no_longer_than_the_limit() {
        let flag = FirstView::default();
        flag.wait(Duration::from_millis(10));
        assert!(!*flag.shown.lock().unwrap());
    }

    fn report(generation: u64) -> LastReport {
        LastReport {
            pdf: std::sync::Arc::new(b"%PDF".to_vec()),
            pages: 1,
            file_name: "r.pdf".into(),
            on_disk: None,
            register: PathBuf::from("/a.nytta"),
            generation,
        }
    }

    /// B6: a report that is done after its register was closed or replaced is not kept for
    /// the next register, and one kept is dropped once the register changes.
    #[test]
    fn a_report_belongs_to_the_register_generation_it_was_started_in() {
        let state = AppState::default();
        let started = state.generation.load(Ordering::SeqCst);
        {
            let mut guard = state.register.lock().unwrap();
            state.replace_register(&mut guard, None);
        }
        let error = state.keep_report(report(started)).unwrap_err();
        assert!(error.message.contains("byttes"), "{}", error.message);
        assert!(state.with_report(|_| Ok(())).is_err(), "nothing kept");

        let now = state.generation.load(Ordering::SeqCst);
        state.keep_report(report(now)).unwrap();
        assert_eq!(state.with_report(|r| Ok(r.pages)).unwrap(), 1);
        {
            let mut guard = state.register.lock().unwrap();
            state.replace_register(&mut guard, None);
        }
        assert!(state.with_report(|_| Ok(())).is_err(), "dropped with its register");
        assert!(state.report.lock().unwrap().is_none());
    }

    /// The rights are read once per register opened and read anew for the next one.
    #[test]
    fn rights_are_kept_per_register_generation() {
        let dir = tempfile::tempdir().unwrap();
        let register = OpenRegister::create(&dir.path().join("a.nytta"), "A").unwrap();
        let state = AppState::default();
        {
            let mut guard = state.register.lock().unwrap();
            state.replace_register(&mut guard, Some(register));
        }
        let first = state.with(|r| state.rights_in(r)).unwrap();
        assert_eq!(first, Rights::Everything);
        let generation = state.generation.load(Ordering::SeqCst);
        assert_eq!(state.rights.lock().unwrap().as_ref().map(|(g, _)| *g), Some(generation));
        // A stale entry (another register's) is not used: it is replaced by this one's.
        *state.rights.lock().unwrap() = Some((generation + 7, Rights::Roles(Vec::new())));
        assert_eq!(state.with(|r| state.rights_in(r)).unwrap(), Rights::Everything);
        {
            let mut guard = state.register.lock().unwrap();
            state.replace_register(&mut guard, None);
        }
        assert!(state.with(|r| state.rights_in(r)).is_err(), "no register open");
    }
}
