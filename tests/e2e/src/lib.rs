//! End-to-end test harness for Nyttoregistret.
//!
//! Each [`App`] starts its own `tauri-driver` (on free ports), which starts
//! `WebKitWebDriver`, which starts the real desktop app with the web view under
//! automation. The app gets its own temporary `XDG_CONFIG_HOME`,
//! `XDG_DATA_HOME`, `XDG_CACHE_HOME` and `XDG_STATE_HOME`. Everything is
//! stopped when the `App` is dropped, also when the test panics.
//!
//! ```no_run
//! use e2e::{App, Register, Result};
//!
//! #[test]
//! fn adds_an_initiative() -> Result<()> {
//!     let mut app = App::launch(Register::Demo)?;
//!     app.click("#new-initiative")?;
//!     app.fill("#name", "Digital post")?;
//!     app.wait_text("h1", "Digital post")?;
//!     app.screenshot("initiative")?;
//!     app.assert_accessible("initiative")?;
//!     app.restart()?; // same register, same config dir
//!     app.wait_text("main", "Digital post")?;
//!     Ok(())
//! }
//! ```
//!
//! Run through `cargo xtask e2e [FILTER]`, which installs the tools, builds the
//! app, starts Xvfb and sets the environment variables read by [`Setup::from_env`].

pub mod axe;
mod driver;
pub mod webdriver;

pub use anyhow::{self, bail, ensure, Context, Error, Result};
pub use axe::{Violation, ViolationNode};
pub use serde_json::{json, Value};
pub use webdriver::{keys, Element, Session, WebDriverError};

use driver::DriverProcess;
use std::cell::Cell;
use std::ffi::OsString;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use webdriver::{is_transient, Client};

/// How long `wait_*` helpers wait by default (override: `NYTTA_E2E_TIMEOUT_SECS`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// Which register the app opens.
#[derive(Debug, Clone)]
pub enum Register {
    /// No register argument: the app shows its start screen.
    None,
    /// A fresh demo register made with `nytta demo FILE` in the test's temp dir.
    Demo,
    /// This file, used in place (the test owns it).
    Path(PathBuf),
    /// A copy of this file in the test's temp dir (the original is not changed).
    Copy(PathBuf),
    /// A shared register: this connection string (`postgres://person@host:port/db`), given
    /// as the app's register argument as a user would.
    Url(String),
}

/// Paths of the binaries and tools, from the environment (set by `cargo xtask e2e`).
#[derive(Debug, Clone)]
pub struct Setup {
    /// `NYTTA_E2E_APP`: the desktop app binary (default `target/debug/nyttoregistret`).
    pub app: PathBuf,
    /// `NYTTA_E2E_CLI`: the nytta CLI (default `target/debug/nytta`).
    pub cli: PathBuf,
    /// `NYTTA_E2E_TAURI_DRIVER`: tauri-driver (default: from PATH or ~/.cargo/bin).
    pub tauri_driver: PathBuf,
    /// `NYTTA_E2E_AXE`: axe.min.js (default `target/e2e-tools/axe-core/axe.min.js`).
    pub axe: PathBuf,
    /// `NYTTA_E2E_SCREENSHOTS`: where screenshots go (default `<checkout>/target/screenshots`).
    pub screenshots: PathBuf,
    /// Logs of tauri-driver/WebKitWebDriver/app, one per test: `<screenshots>/../e2e-logs`.
    pub logs: PathBuf,
    /// `NYTTA_E2E_TIMEOUT_SECS`: how long `wait_*` helpers wait (default 10).
    pub timeout: Duration,
}

impl Setup {
    /// Reads the `NYTTA_E2E_*` variables; unset ones default to paths in the checkout.
    pub fn from_env() -> Result<Setup> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .context("cannot find the checkout from tests/e2e")?
            .to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let screenshots =
            var("NYTTA_E2E_SCREENSHOTS").unwrap_or_else(|| root.join("target/screenshots"));
        let logs = screenshots
            .parent()
            .map(|p| p.join("e2e-logs"))
            .unwrap_or_else(|| root.join("target/e2e-logs"));
        let tauri_driver = var("NYTTA_E2E_TAURI_DRIVER")
            .or_else(find_tauri_driver)
            .context(
                "tauri-driver not found: set NYTTA_E2E_TAURI_DRIVER or run `cargo xtask e2e`",
            )?;
        let timeout = match std::env::var("NYTTA_E2E_TIMEOUT_SECS") {
            Ok(s) => Duration::from_secs_f64(
                s.parse()
                    .with_context(|| format!("NYTTA_E2E_TIMEOUT_SECS={s} is not a number"))?,
            ),
            Err(_) => DEFAULT_TIMEOUT,
        };
        let setup = Setup {
            app: var("NYTTA_E2E_APP").unwrap_or_else(|| target.join("debug/nyttoregistret")),
            cli: var("NYTTA_E2E_CLI").unwrap_or_else(|| target.join("debug/nytta")),
            tauri_driver,
            axe: var("NYTTA_E2E_AXE")
                .unwrap_or_else(|| target.join("e2e-tools/axe-core/axe.min.js")),
            screenshots,
            logs,
            timeout,
        };
        for (what, path) in [("app", &setup.app), ("tauri-driver", &setup.tauri_driver)] {
            if !path.is_file() {
                bail!(
                    "{what} not found at {}: run the end-to-end tests with `cargo xtask e2e`",
                    path.display()
                );
            }
        }
        Ok(setup)
    }
}

fn find_tauri_driver() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("tauri-driver"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
        Some(home.join("bin/tauri-driver")).filter(|p| p.is_file())
    })
}

/// A file-name-safe version of `name` (letters, digits, `-`, `_`, `.`).
pub fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('.').to_string();
    if s.is_empty() {
        "unnamed".into()
    } else {
        s
    }
}

/// Scrolls `el` to the middle of the window. WebDriver's own scrolling may leave an element
/// under the window's sticky header (the menu, the portfolio's header row), where it is
/// neither clickable nor, for WebDriver, interactable — and where a user would not act on it.
fn center(session: &Session, el: &Element<'_>) -> Result<()> {
    session.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })", vec![el.to_arg()])?;
    Ok(())
}

/// The name of the running test (libtest names each test's thread after it).
fn test_label() -> String {
    safe_name(std::thread::current().name().unwrap_or("e2e"))
}

/// Options for starting the app; see [`App::builder`].
#[derive(Debug, Clone)]
pub struct Builder {
    register: Register,
    args: Vec<String>,
    env: Vec<(OsString, OsString)>,
    timeout: Option<Duration>,
    user_name: Option<String>,
    program: Option<PathBuf>,
}

/// The name the app knows the user by in a test (as if given on an earlier start), so that
/// the first start's question does not stand in front of every test.
pub const TEST_USER_NAME: &str = "Tessa Testare";

/// Where the app keeps the user's name, under `XDG_CONFIG_HOME` (the app's identifier, then
/// `nytta::app::user::PROFILE_FILE`).
const PROFILE_UNDER_CONFIG: &str = "se.nyttoregistret.app/anvandare.json";

impl Builder {
    /// Starts the app as on its very first start: no name given yet, so it asks.
    pub fn first_start(mut self) -> Self {
        self.user_name = None;
        self
    }

    pub fn register(mut self, register: Register) -> Self {
        self.register = register;
        self
    }

    /// An extra command-line argument for the app (after the register path).
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// An extra environment variable for the app (and the drivers).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// How long `wait_*` helpers wait.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Another build of the app than `NYTTA_E2E_APP` (the benchmark's before-and-after).
    pub fn program(mut self, program: impl Into<PathBuf>) -> Self {
        self.program = Some(program.into());
        self
    }

    pub fn launch(self) -> Result<App> {
        App::start(self)
    }
}

/// The running desktop app under WebDriver control.
pub struct App {
    session: Option<Session>,
    driver: DriverProcess,
    setup: Setup,
    args: Vec<String>,
    register: Option<PathBuf>,
    home: tempfile::TempDir,
    timeout: Duration,
    label: String,
    failures: Cell<u32>,
}

impl App {
    /// Opens an initiative's tab (`tab`: fields, calc, plan, followup, costs, …) by its link in
    /// the portfolio, going to the portfolio first when it is not shown.
    pub fn open_initiative(&self, code: &str, tab: &str) -> Result<()> {
        if !self.exists("#portfolio-table")? {
            self.execute("location.hash = '#/portfolj'", vec![])?;
        }
        // Found and followed in one script: the portfolio may be drawn anew (its follow-up
        // columns arrive after the table) between a wait and a separate click.
        self.wait_until(format!("the link to {code} in the portfolio"), |session| {
            let followed = session.execute(
                "const a = document.querySelector(`tr[data-code=\"${arguments[0]}\"] a`);
                 if (!a) return false;
                 location.hash = `${a.getAttribute('href')}/${arguments[1]}`;
                 return true;",
                vec![code.into(), tab.into()],
            )?;
            Ok((followed == Value::Bool(true)).then_some(()))
        })
    }

    /// Starts the app on `register` and waits until its page has loaded.
    pub fn launch(register: Register) -> Result<App> {
        Self::builder().register(register).launch()
    }

    pub fn builder() -> Builder {
        Builder {
            register: Register::None,
            args: Vec::new(),
            env: Vec::new(),
            timeout: None,
            user_name: Some(TEST_USER_NAME.to_string()),
            program: None,
        }
    }

    fn start(b: Builder) -> Result<App> {
        let mut setup = Setup::from_env()?;
        if let Some(program) = &b.program {
            setup.app = program.clone();
        }
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            bail!("no display (DISPLAY is unset): run the end-to-end tests with `cargo xtask e2e`, which starts Xvfb");
        }
        let label = test_label();
        let home = tempfile::Builder::new().prefix("nytta-e2e-").tempdir()?;
        let register = match b.register {
            Register::None => None,
            Register::Path(p) => Some(p),
            Register::Url(url) => Some(PathBuf::from(url)),
            Register::Copy(src) => {
                let name = src
                    .file_name()
                    .context("Register::Copy needs a file path")?;
                let dest = home.path().join(name);
                std::fs::copy(&src, &dest)
                    .with_context(|| format!("could not copy {}", src.display()))?;
                Some(dest)
            }
            Register::Demo => {
                let dest = home.path().join("demo.nytta");
                let out = std::process::Command::new(&setup.cli)
                    .arg("demo")
                    .arg(&dest)
                    .output()
                    .with_context(|| format!("could not run {}", setup.cli.display()))?;
                if !out.status.success() {
                    bail!(
                        "`nytta demo {}` failed ({}): {}",
                        dest.display(),
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
                Some(dest)
            }
        };
        let mut args: Vec<String> = register
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        args.extend(b.args);

        let mut env: Vec<(OsString, OsString)> = Vec::new();
        for (var, dir) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ] {
            let path = home.path().join(dir);
            std::fs::create_dir_all(&path)?;
            env.push((var.into(), path.into()));
        }
        if let Some(name) = &b.user_name {
            let profile = home.path().join("config").join(PROFILE_UNDER_CONFIG);
            std::fs::create_dir_all(profile.parent().unwrap())?;
            std::fs::write(&profile, json!({ "name": name }).to_string())?;
        }
        // No accessibility bus under Xvfb: keep GTK from waiting for one.
        env.push(("NO_AT_BRIDGE".into(), "1".into()));
        env.extend(b.env);

        let log = setup.logs.join(format!("{label}.log"));
        let driver = DriverProcess::start(&setup.tauri_driver, &env, &log)?;
        let timeout = b.timeout.unwrap_or(setup.timeout);
        let mut app = App {
            session: None,
            driver,
            setup,
            args,
            register,
            home,
            timeout,
            label,
            failures: Cell::new(0),
        };
        app.open_session()?;
        Ok(app)
    }

    fn open_session(&mut self) -> Result<()> {
        // Starting the app can take a while on a busy machine.
        let client = Client::new(self.driver.base_url(), Duration::from_secs(120));
        let caps = json!({
            "tauri:options": {
                "application": self.setup.app,
                "args": self.args,
            }
        });
        let session = client.new_session(caps).with_context(|| {
            format!(
                "could not start {} {:?}; log {}:\n{}",
                self.setup.app.display(),
                self.args,
                self.driver.log.display(),
                self.driver.log_tail(40)
            )
        })?;
        session.set_timeouts(Duration::from_secs(60), Duration::from_secs(60))?;
        self.session = Some(session);
        self.act("waiting for the page to load", || {
            self.wait_until("document.readyState == 'complete'", |s| {
                let state = s.execute("return document.readyState", vec![])?;
                Ok((state == "complete").then_some(()))
            })
        })
    }

    /// The WebDriver session, for anything the helpers do not cover.
    pub fn session(&self) -> &Session {
        self.session.as_ref().expect("the app is not running")
    }

    /// The register file the app was started with, if any.
    pub fn register(&self) -> Option<&Path> {
        self.register.as_deref()
    }

    /// The app's `XDG_CONFIG_HOME` (a temporary directory of this test).
    pub fn config_home(&self) -> PathBuf {
        self.home.path().join("config")
    }

    /// The app's `XDG_DATA_HOME` (a temporary directory of this test).
    pub fn data_home(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// The temporary directory of this test (registers made by the harness live here).
    pub fn temp_dir(&self) -> &Path {
        self.home.path()
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Process ids of the running app (normally one).
    pub fn pids(&self) -> Vec<i32> {
        self.driver.pids_of(&self.setup.app)
    }

    /// The last `lines` lines of the tauri-driver/WebKitWebDriver/app log.
    pub fn log_tail(&self, lines: usize) -> String {
        self.driver.log_tail(lines)
    }

    // ----- running the helpers with good error messages -----

    /// Runs `f`; on error adds what was being done, the page title and URL, a
    /// screenshot of the moment and where the driver log is.
    fn act<T>(&self, what: impl Display, f: impl FnOnce() -> Result<T>) -> Result<T> {
        f().map_err(|e| self.diagnose(e, &what.to_string()))
    }

    fn diagnose(&self, err: Error, what: &str) -> Error {
        let n = self.failures.get() + 1;
        self.failures.set(n);
        let mut info = format!("{what} failed");
        if let Some(s) = &self.session {
            // Short timeouts: the app may be what is broken.
            let s = s.with_timeout(Duration::from_secs(10));
            let title = s.title().unwrap_or_else(|e| format!("<{e}>"));
            let url = s.url().unwrap_or_else(|e| format!("<{e}>"));
            info.push_str(&format!("\n  page: title {title:?}, url {url}"));
            match save_screenshot(
                &s,
                &self.setup.screenshots,
                &format!("failure-{}-{n}", self.label),
            ) {
                Ok(p) => info.push_str(&format!("\n  screenshot: {}", p.display())),
                Err(e) => info.push_str(&format!("\n  screenshot failed: {e:#}")),
            }
        }
        info.push_str(&format!(
            "\n  driver/app log: {}",
            self.driver.log.display()
        ));
        err.context(info)
    }

    /// Polls `check` until it returns `Some`, for at most the app's timeout.
    /// "No such element" and "stale element" errors count as "not yet".
    pub fn wait_until<'a, T>(
        &'a self,
        what: impl Display,
        mut check: impl FnMut(&'a Session) -> Result<Option<T>>,
    ) -> Result<T> {
        let session = self.session();
        let deadline = Instant::now() + self.timeout;
        let mut last: Option<Error> = None;
        loop {
            match check(session) {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) if is_transient(&e) => last = Some(e),
                Err(e) => return Err(e),
            }
            if Instant::now() >= deadline {
                let last = last.map(|e| format!(" (last: {e})")).unwrap_or_default();
                bail!(
                    "timed out after {:?} waiting for {what}{last}",
                    self.timeout
                );
            }
            std::thread::sleep(POLL);
        }
    }

    fn visible<'a>(&'a self, css: &str) -> Result<Element<'a>> {
        self.wait_until(format!("{css:?} to be visible"), |s| {
            for el in s.find_all(css)? {
                if el.is_displayed()? {
                    return Ok(Some(el));
                }
            }
            Ok(None)
        })
    }

    // ----- finding -----

    /// The first element matching `css` now (no waiting).
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        self.act(format!("find {css:?}"), || self.session().find(css))
    }

    /// All elements matching `css` now (no waiting; may be empty).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        self.act(format!("find all {css:?}"), || self.session().find_all(css))
    }

    /// Whether an element matches `css` now.
    pub fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.find_all(css)?.is_empty())
    }

    /// Waits until an element matching `css` is present and visible, and returns it.
    pub fn wait_for(&self, css: &str) -> Result<Element<'_>> {
        self.act(format!("wait for {css:?}"), || self.visible(css))
    }

    /// Waits until no visible element matches `css`.
    pub fn wait_gone(&self, css: &str) -> Result<()> {
        self.act(format!("wait for {css:?} to disappear"), || {
            self.wait_until(format!("{css:?} to disappear"), |s| {
                for el in s.find_all(css)? {
                    if el.is_displayed()? {
                        return Ok(None);
                    }
                }
                Ok(Some(()))
            })
        })
    }

    /// Waits until exactly `n` elements match `css`; returns them.
    pub fn wait_count(&self, css: &str, n: usize) -> Result<Vec<Element<'_>>> {
        self.act(format!("wait for {n} × {css:?}"), || {
            self.wait_until(format!("{n} elements matching {css:?}"), |s| {
                let all = s.find_all(css)?;
                Ok((all.len() == n).then_some(all))
            })
        })
    }

    /// Waits until an element matching `css` shows text containing `expected`.
    pub fn wait_text(&self, css: &str, expected: &str) -> Result<Element<'_>> {
        self.act(format!("wait for {css:?} to show {expected:?}"), || {
            let mut seen = Vec::new();
            self.wait_until(format!("{css:?} to show {expected:?}"), |s| {
                seen.clear();
                for el in s.find_all(css)? {
                    let text = el.text()?;
                    if text.contains(expected) {
                        return Ok(Some(el));
                    }
                    seen.push(webdriver::truncate(&text, 200));
                }
                Ok(None)
            })
            .with_context(|| format!("texts seen: {seen:?}"))
        })
    }

    // ----- reading -----

    /// The visible text of the first visible element matching `css` (waits for it).
    pub fn text(&self, css: &str) -> Result<String> {
        self.act(format!("read text of {css:?}"), || {
            self.visible(css)?.text()
        })
    }

    /// The current `value` of a form field (waits for it).
    pub fn value(&self, css: &str) -> Result<String> {
        self.act(format!("read value of {css:?}"), || {
            let v = self.visible(css)?.property("value")?;
            Ok(match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            })
        })
    }

    /// An attribute of the first element matching `css` (waits for presence, not visibility).
    pub fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        self.act(format!("read attribute {name} of {css:?}"), || {
            let el = self.wait_until(format!("{css:?} to exist"), |s| s.find(css).map(Some))?;
            el.attr(name)
        })
    }

    // ----- acting -----

    /// Waits until `css` is visible and enabled, then clicks it (scrolled to the middle of
    /// the window first: see [`center`]).
    pub fn click(&self, css: &str) -> Result<()> {
        self.act(format!("click {css:?}"), || {
            self.wait_until(
                format!("{css:?} to be visible, enabled and clickable"),
                |s| {
                    for el in s.find_all(css)? {
                        if el.is_displayed()? && el.is_enabled()? {
                            center(s, &el)?;
                            el.click()?;
                            return Ok(Some(()));
                        }
                    }
                    Ok(None)
                },
            )
        })
    }

    /// Waits for the field `css`, clears it and types `text` (scrolled to the middle of the
    /// window first, as for [`App::click`]).
    pub fn fill(&self, css: &str, text: &str) -> Result<()> {
        self.act(format!("fill {css:?} with {text:?}"), || {
            let el = self.visible(css)?;
            center(self.session(), &el)?;
            el.clear()?;
            el.send_keys(text)
        })
    }

    /// Waits for `css` and types `keys` into it without clearing (see [`keys`]).
    pub fn press(&self, css: &str, keys: &str) -> Result<()> {
        self.act(format!("type {keys:?} into {css:?}"), || {
            let el = self.visible(css)?;
            center(self.session(), &el)?;
            el.send_keys(keys)
        })
    }

    /// Chooses the `<option>` with value `value` in the `<select>` `css`.
    pub fn select(&self, css: &str, value: &str) -> Result<()> {
        self.act(format!("select {value:?} in {css:?}"), || {
            let select = self.visible(css)?;
            center(self.session(), &select)?;
            let option = select
                .find_all("option")?
                .into_iter()
                .find(|o| o.attr("value").ok().flatten().as_deref() == Some(value))
                .with_context(|| format!("{css:?} has no option with value {value:?}"))?;
            option.click()
        })
    }

    /// Runs JavaScript (a function body; use `return`) in the page.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.act("execute script", || self.session().execute(script, args))
    }

    /// Runs asynchronous JavaScript; call `arguments[arguments.length - 1](value)` to finish.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.act("execute async script", || {
            self.session().execute_async(script, args)
        })
    }

    /// Calls the app's command `command` as a view does: `Ok(answer)`, or `Err` with the
    /// Swedish message the app refused it with. For steps that start from a native dialog,
    /// which WebDriver cannot drive: the test gives the path the dialog would.
    pub fn invoke(&self, command: &str, args: Value) -> Result<std::result::Result<Value, String>> {
        let answer = self.execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke(arguments[0], arguments[1])
               .then((answer) => done({ answer }), (e) => done({ refused: e.message || String(e) }));",
            vec![command.into(), args],
        )?;
        Ok(match answer.get("answer") {
            Some(answer) => Ok(answer.clone()),
            None => Err(answer["refused"].as_str().unwrap_or_default().to_string()),
        })
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.act(format!("resize window to {width}×{height}"), || {
            self.session().set_window_size(width, height)
        })
    }

    /// Text of an open alert/confirm/prompt dialog of the page, if any.
    pub fn alert_text(&self) -> Result<Option<String>> {
        self.session().alert_text()
    }

    pub fn accept_alert(&self) -> Result<()> {
        self.act("accept alert", || self.session().accept_alert())
    }

    pub fn dismiss_alert(&self) -> Result<()> {
        self.act("dismiss alert", || self.session().dismiss_alert())
    }

    // ----- evidence -----

    fn save_screenshot(&self, name: &str) -> Result<PathBuf> {
        save_screenshot(self.session(), &self.setup.screenshots, name)
    }

    /// Saves a PNG of the window's web view as `target/screenshots/<name>.png`.
    pub fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let path = self.act(format!("screenshot {name:?}"), || {
            self.save_screenshot(name)
        })?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }

    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page.
    pub fn axe_violations(&self) -> Result<Vec<Violation>> {
        self.act("run axe-core", || {
            let s = self.session();
            let loaded = s.execute("return typeof window.axe === 'object'", vec![])?;
            if loaded != Value::Bool(true) {
                s.execute(axe_source(&self.setup.axe)?, vec![])
                    .context("could not inject axe-core")?;
            }
            let result = s.execute_async(&axe::run_script(), vec![])?;
            if let Some(err) = result.get("error") {
                bail!("axe.run failed: {}", err.as_str().unwrap_or_default());
            }
            serde_json::from_value(result["violations"].clone()).context("unexpected axe result")
        })
    }

    /// Runs axe-core and fails listing each violation (rule id, help, target
    /// nodes) if there is any. Also writes `<screenshots>/<name>.axe.json`.
    pub fn assert_accessible(&self, name: &str) -> Result<()> {
        let violations = self.axe_violations()?;
        std::fs::create_dir_all(&self.setup.screenshots)?;
        let report = self
            .setup
            .screenshots
            .join(format!("{}.axe.json", safe_name(name)));
        std::fs::write(&report, serde_json::to_string_pretty(&violations)?)?;
        if violations.is_empty() {
            return Ok(());
        }
        let text = axe::format_violations(name, &violations);
        eprintln!("{text}");
        let shot = self
            .save_screenshot(&format!("{name}-axe"))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| format!("<screenshot failed: {e:#}>"));
        bail!("{text}  report: {}\n  screenshot: {shot}", report.display())
    }

    /// Same as [`App::assert_accessible`].
    pub fn assert_no_axe_violations(&self, name: &str) -> Result<()> {
        self.assert_accessible(name)
    }

    // ----- lifecycle -----

    fn end_session(&mut self) -> Result<()> {
        if let Some(session) = self.session.take() {
            let res = session.with_timeout(Duration::from_secs(20)).delete();
            if !self
                .driver
                .wait_exited(&self.setup.app, Duration::from_secs(15))
            {
                eprintln!(
                    "e2e: the app did not exit within 15 s after the session ended; killed it"
                );
            }
            res?;
        }
        Ok(())
    }

    /// Closes the app and starts it again on the same register with the same
    /// config and data directories.
    pub fn restart(&mut self) -> Result<()> {
        self.end_session().context("closing the app for restart")?;
        self.open_session().context("starting the app again")
    }

    /// Closes the app and stops the drivers (dropping the `App` does the same).
    pub fn close(mut self) -> Result<()> {
        self.end_session()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let (true, Some(s)) = (std::thread::panicking(), &self.session) {
            let s = s.with_timeout(Duration::from_secs(10));
            match save_screenshot(
                &s,
                &self.setup.screenshots,
                &format!("failure-{}", self.label),
            ) {
                Ok(p) => eprintln!("e2e: screenshot at panic: {}", p.display()),
                Err(e) => eprintln!("e2e: no screenshot at panic: {e:#}"),
            }
            let tail = self.driver.log_tail(20);
            if !tail.trim().is_empty() {
                eprintln!("e2e: last lines of {}:\n{tail}", self.driver.log.display());
            }
        }
        if let Err(e) = self.end_session() {
            eprintln!("e2e: closing the app: {e:#}");
        }
        // Then `driver` is dropped: tauri-driver's process group is terminated.
    }
}

/// Lets the page paint what the DOM now holds (two animation frames, at most
/// 2 s), then saves a PNG of the web view as `<dir>/<name>.png`.
///
/// WebKitGTK's WebDriver screenshot shows the last painted frame, which can lag
/// a DOM change made a moment before.
fn save_screenshot(session: &Session, dir: &Path, name: &str) -> Result<PathBuf> {
    session.execute_async(
        "const done = arguments[arguments.length - 1];
         const timer = setTimeout(done, 2000);
         requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(timer); done(); }));",
        vec![],
    )?;
    let png = session.screenshot_png()?;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.png", safe_name(name)));
    std::fs::write(&path, png)?;
    Ok(path)
}

/// The axe-core source, read once per test process.
fn axe_source(path: &Path) -> Result<&'static str> {
    static AXE: OnceLock<String> = OnceLock::new();
    if let Some(s) = AXE.get() {
        return Ok(s);
    }
    let src = std::fs::read_to_string(path).with_context(|| {
        format!(
            "axe-core not found at {} (set NYTTA_E2E_AXE or run `cargo xtask e2e`)",
            path.display()
        )
    })?;
    Ok(AXE.get_or_init(|| src))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_name("start"), "start");
        assert_eq!(safe_name("portfolio/översikt 1"), "portfolio__versikt_1");
        assert_eq!(safe_name("tests::a_b"), "tests__a_b");
        assert_eq!(safe_name(".."), "unnamed");
    }
}
