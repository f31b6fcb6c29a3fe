//! Opening, creating and closing registers.

use nytta::app::prelude::*;
use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use nytta::app::OpenRegister;

use crate::error::{UiError, UiResult};
use crate::state::{read_recent, remember_recent, AppState, Prefetched};

#[derive(Serialize)]
pub struct RegisterOpened {
    pub path: String,
    pub name: String,
    /// Backup copies beside the register, newest first, so the user knows where they are.
    pub backups: Vec<String>,
    /// The notice for a register file on a network drive or in a cloud folder
    /// (`nytta::app::network_drive`), shown above every view while it is open.
    pub warning: Option<String>,
}

#[derive(Serialize)]
pub struct AppStateView {
    pub register: Option<RegisterOpened>,
    pub recent: Vec<String>,
    /// Who the open register names as the author of a change (the typed name, else the
    /// operating-system user).
    pub author: String,
    /// The name the user gave (`app::user`), or `None` before the first start asked for it.
    pub user_name: Option<String>,
    /// What the name question starts with: the system's full name of the user.
    pub suggested_name: String,
    /// In the shared register: the database user the audit log records.
    pub database_user: Option<String>,
    /// The date statuses are shown as of: the demo's fixed date for the demo register.
    pub as_of: String,
    /// A problem opening the register named on the command line, reported once.
    pub start_error: Option<String>,
    /// The program's version (the workspace's version, `nytta --version`), for Om registret.
    pub version: String,
}

fn config_dir<R: Runtime>(app: &AppHandle<R>) -> UiResult<PathBuf> {
    app.path().app_config_dir().map_err(|e| {
        eprintln!("Nyttoregistret: inställningsmappen kunde inte hittas [detalj: {e}]");
        UiError::new("Programmets inställningsmapp kunde inte hittas (kontrollera att hemkatalogen finns).")
    })
}

fn describe(register: &OpenRegister) -> UiResult<RegisterOpened> {
    // A shared register has no backups of its own (its server keeps them).
    let backups = if register.is_shared() { Vec::new() } else { register.backups().unwrap_or_default() };
    Ok(RegisterOpened {
        path: register.address(),
        name: register.name()?,
        backups: backups.iter().map(|p| p.display().to_string()).collect(),
        warning: register.location_warning(),
    })
}

/// The day's backup waits for the window's first view at most this long (a window that
/// opens on another view, or none).
const BACKUP_WAITS_AT_MOST: std::time::Duration = std::time::Duration::from_secs(10);
/// … and then this long: the first view's rows are painted a few hundred milliseconds after
/// their data has been sent.
const BACKUP_AFTER_FIRST_VIEW: std::time::Duration = std::time::Duration::from_secs(1);

/// How long the window's first question waits for the register named on the command line
/// to open (a register file opens in milliseconds; the shared register's server may take
/// up to its connection timeout).
const OPENING_WAITED_AT_MOST: std::time::Duration = std::time::Duration::from_secs(90);

/// Makes `register` the open one: window title, recent list, and the user's name as the
/// author of what is changed in it.
fn install<R: Runtime>(app: &AppHandle<R>, state: &AppState, mut register: OpenRegister) -> UiResult<RegisterOpened> {
    if let Some(profile) = config_dir(app).ok().and_then(|dir| nytta::app::user::read_profile(&dir)) {
        register.set_author(&profile.name);
    }
    // One backup per day of use, taken after the window's first view rather than before it
    // or beside it: copying a large register takes a second or more of a core and the disk,
    // which the first paint needs (docs/prestanda.md), and SQLite's online backup reads a
    // consistent snapshot while the user works. A failure (a full disk, say) must not keep
    // the user out of the register; the next day of use tries again.
    if !register.is_shared() {
        let path = register.path().to_path_buf();
        let app = app.clone();
        std::thread::spawn(move || {
            app.state::<AppState>().first_view.wait(BACKUP_WAITS_AT_MOST);
            std::thread::sleep(BACKUP_AFTER_FIRST_VIEW);
            if let Err(error) = nytta::app::register::daily_backup(&path) {
                eprintln!("Den dagliga säkerhetskopian kunde inte tas: {error}");
            }
        });
    }
    let view = describe(&register)?;
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&format!("{} – Nyttoregistret", view.name))?;
    }
    if let Ok(dir) = config_dir(app) {
        remember_recent(&dir, register.path());
    }
    {
        let mut guard = state.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
        state.replace_register(&mut guard, Some(register));
    }
    // After the new generation: a report finishing now is refused by its generation.
    forget_report(state);
    Ok(view)
}

/// The last report belongs to the register it was made from (see `AppState::generation`).
fn forget_report(state: &AppState) {
    if let Ok(mut slot) = state.report.lock() {
        *slot = None;
    }
}

#[tauri::command]
pub fn app_state<R: Runtime>(app: AppHandle<R>, state: State<AppState>) -> UiResult<AppStateView> {
    // The register named on the command line is opened beside the window's start (main.rs).
    state.opening_at_start.wait(OPENING_WAITED_AT_MOST);
    let guard = state.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
    let register = guard.as_ref().map(describe).transpose()?;
    let as_of = match guard.as_ref() {
        Some(register) => register.view_date()?,
        None => chrono::Local::now().date_naive(),
    };
    let recent = config_dir(&app).map(|d| read_recent(&d)).unwrap_or_default();
    let profile = config_dir(&app).ok().and_then(|d| nytta::app::user::read_profile(&d));
    let author = match guard.as_ref() {
        Some(register) => register.author().to_string(),
        None => profile.as_ref().map_or_else(nytta::app::register::default_author, |p| p.name.clone()),
    };
    let database_user = match guard.as_ref() {
        Some(register) => register.database_user()?,
        None => None,
    };
    Ok(AppStateView {
        register,
        recent: recent.iter().map(|p| p.display().to_string()).collect(),
        author,
        user_name: profile.map(|p| p.name),
        suggested_name: nytta::app::user::suggested_name(),
        database_user,
        as_of: nytta::format::date(as_of),
        start_error: state.start_error.lock().ok().and_then(|mut slot| slot.take()),
        version: app.package_info().version.to_string(),
    })
}

/// Keeps the user's name (asked on the first start, changed in Om registret) and makes it the
/// author of what is changed from now on in the open register.
#[tauri::command]
pub fn set_user_name<R: Runtime>(app: AppHandle<R>, state: State<AppState>, name: String) -> UiResult<nytta::app::user::UserProfile> {
    use nytta::app::user::{save_profile, UserProfileError};
    let profile = save_profile(&config_dir(&app)?, &name).map_err(|error| match error {
        UserProfileError::Invalid(field) => UiError { message: field.message.clone(), fields: vec![field] },
        UserProfileError::Write(error) => error.into(),
    })?;
    let mut guard = state.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
    if let Some(register) = guard.as_mut() {
        register.set_author(&profile.name);
    }
    Ok(profile)
}

#[tauri::command]
pub fn open_register<R: Runtime>(app: AppHandle<R>, state: State<AppState>, path: String) -> UiResult<RegisterOpened> {
    let register = OpenRegister::open(&PathBuf::from(path))?;
    install(&app, &state, register)
}

/// Opens the city's shared register: `connection` is a `postgres://` URL or libpq's
/// `key=value` form; `password`, when given, is what the server asked for (kept in memory
/// for this session only).
#[tauri::command]
pub fn open_shared_register<R: Runtime>(
    app: AppHandle<R>,
    state: State<AppState>,
    connection: String,
    password: Option<String>,
) -> UiResult<RegisterOpened> {
    if !nytta::app::shared_register::is_connection_string(&connection) {
        return Err(UiError::new(
            "Anslutningen ska börja med postgres:// (till exempel postgres://anna@nytta.stad.se/nytta?sslmode=verify-full) \
             eller med host=, dbname= eller user=.",
        ));
    }
    let mut shared = nytta::app::shared_register::Connection::parse(&connection)?;
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        shared.set_password(&password);
    }
    let register = OpenRegister::open_shared(&shared)?;
    install(&app, &state, register)
}

#[tauri::command]
pub fn create_register<R: Runtime>(app: AppHandle<R>, state: State<AppState>, path: String, name: String) -> UiResult<RegisterOpened> {
    let mut path = PathBuf::from(path);
    if path.extension().is_none() {
        path.set_extension("nytta");
    }
    let name = if name.trim().is_empty() {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        name
    };
    let register = OpenRegister::create(&path, &name)?;
    install(&app, &state, register)
}

/// Opens the demo register in the app's data directory, creating it the first time.
#[tauri::command]
pub fn open_demo<R: Runtime>(app: AppHandle<R>, state: State<AppState>) -> UiResult<RegisterOpened> {
    let dir = app
        .path()
        .app_data_dir()
        .map_err(|e| {
            eprintln!("Nyttoregistret: datamappen kunde inte hittas [detalj: {e}]");
            UiError::new("Programmets datamapp kunde inte hittas (kontrollera att hemkatalogen finns).")
        })?;
    std::fs::create_dir_all(&dir).map_err(|e| UiError::new(crate::files::folder_message(&dir, &e)))?;
    let path = dir.join("demo.nytta");
    let register = if path.exists() { OpenRegister::open(&path)? } else { nytta::demo::create(&path)?.into() };
    install(&app, &state, register)
}

#[tauri::command]
pub fn close_register<R: Runtime>(app: AppHandle<R>, state: State<AppState>) -> UiResult<()> {
    {
        let mut guard = state.register.lock().map_err(|_| UiError::new("Internt fel: registret är låst."))?;
        state.replace_register(&mut guard, None);
    }
    forget_report(&state);
    if let Some(window) = app.get_webview_window("main") {
        window.set_title("Nyttoregistret")?;
    }
    Ok(())
}

#[tauri::command]
pub fn data_version(state: State<AppState>) -> UiResult<i64> {
    state.with(|r| Ok(r.data_version()?))
}

/// Opens the register named on the command line, before the window asks for state.
pub fn open_at_start<R: Runtime>(app: &AppHandle<R>, path: PathBuf) -> Result<(), String> {
    let state = app.state::<AppState>();
    let register = OpenRegister::open(&path).map_err(|e| e.to_string())?;
    let shared = register.is_shared();
    if !shared {
        prefetch_first_view(app.clone(), Some(path));
    }
    install(app, &state, register).map_err(|e| e.message)?;
    if shared {
        prefetch_first_view(app.clone(), None);
    }
    Ok(())
}

/// Computes the portfolio view — the first view's data, about a tenth of a second for a
/// million measurements — on a thread while the window and its web view start (longer), so
/// the window's first `portfolio_view` finds it ready (`cargo xtask bench`,
/// docs/prestanda.md). For a register file (`path`) the thread reads through a connection of
/// its own, so the window's first commands (`app_state`, `permissions`, `choices`) do not
/// wait for it on the open register's lock;
/// the shared register (`None`) is read through the open connection, as a second one would
/// be a second login. The command uses the result only if nothing has been committed to the
/// register since and the date is the same.
fn prefetch_first_view<R: Runtime>(app: AppHandle<R>, path: Option<PathBuf>) {
    app.state::<AppState>().prefetched.begin();
    std::thread::spawn(move || {
        let compute = |r: &OpenRegister| -> UiResult<Prefetched> {
            let as_of = super::followup::as_of(r)?;
            let view = nytta::app::portfolio::portfolio_view(r, as_of)?;
            Ok(Prefetched { path: r.path().to_path_buf(), as_of, key: r.change_key()?, view })
        };
        let computed = match path {
            Some(path) => OpenRegister::open(&path).map_err(UiError::from).and_then(|r| compute(&r)),
            None => app.state::<AppState>().with(|r| compute(r)),
        };
        // A failure here is the window's to find and report when it asks itself.
        app.state::<AppState>().prefetched.finish(computed.ok());
    });
}
