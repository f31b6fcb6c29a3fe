//! The shared register in the window (issue 16, docs/delat-register.md): the app opened on a
//! person's connection string shows "Delat register" and their roles in words, and every
//! control that would change what their roles do not let them change is disabled with the
//! reason beside it, as text tied to it by aria-describedby. A city-wide reader sees every
//! initiative and can change nothing; a refusal from the server (a role taken away while
//! the window is open) is shown as the Swedish message. Screenshots and axe on each view.
//!
//! Each test makes a database of its own on the throwaway server `cargo xtask e2e` starts
//! (`NYTTA_PG_URL`), as tests/it/shared_register/server.rs does: an owner that is neither
//! superuser nor BYPASSRLS migrates it and fills it with the demo, and `nytta admin grant`
//! gives the people their roles.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use e2e::{bail, App, Context, Register, Result, Setup, Value};
use postgres::{Client, NoTls};

/// The demo initiative used: supplied by Intraservice, with four socialförvaltningar as
/// customers.
const INTRASERVICE: &str = "NR-2025-003";

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A database of its own on the test server, dropped with its roles at the end.
struct SharedRegister {
    superuser: postgres::Config,
    name: String,
    cli: std::path::PathBuf,
}

impl SharedRegister {
    /// A migrated register filled with the demo, or `None` when the run leaves PostgreSQL out.
    fn demo() -> Result<Option<SharedRegister>> {
        if std::env::var("NYTTA_PG").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
            eprintln!("NYTTA_PG=off: the shared register's end-to-end tests are left out");
            return Ok(None);
        }
        let url = std::env::var("NYTTA_PG_URL")
            .context("NYTTA_PG_URL is not set: run the end-to-end tests with `cargo xtask e2e` (or NYTTA_PG=off)")?;
        let superuser: postgres::Config = url.parse().context("NYTTA_PG_URL is a connection string")?;
        let name = format!("nytta_e2e_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let mut admin = superuser.connect(NoTls)?;
        // The users' group role belongs to the whole server; another test may have made it.
        if let Err(e) = admin.batch_execute("CREATE ROLE nytta_anvandare NOLOGIN") {
            if e.code() != Some(&postgres::error::SqlState::DUPLICATE_OBJECT)
                && e.code() != Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
            {
                return Err(e.into());
            }
        }
        admin.batch_execute(&format!("CREATE ROLE {name} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name} OWNER {name}"))?;
        admin.batch_execute(&format!("GRANT CREATE ON DATABASE {name} TO {name}"))?;
        let register = SharedRegister { superuser, name, cli: Setup::from_env()?.cli };
        register.nytta(&["admin", "migrate", &register.owner_url()])?;
        register.nytta(&["demo", &register.owner_url()])?;
        Ok(Some(register))
    }

    fn url_for(&self, user: &str) -> String {
        let host = match self.superuser.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = self.superuser.get_ports().first().copied().unwrap_or(5432);
        format!("postgres://{user}@{host}:{port}/{}?sslmode=disable", self.name)
    }

    fn owner_url(&self) -> String {
        self.url_for(&self.name)
    }

    /// Runs the CLI as the register's owner would.
    fn nytta(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.cli).args(args).output().with_context(|| format!("could not run {}", self.cli.display()))?;
        if !out.status.success() {
            bail!("`nytta {}` failed ({}): {}", args.join(" "), out.status, String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// A login role for a person, with `roles` as (organisation, role) given by the owner.
    fn person(&self, who: &str, roles: &[(Option<&str>, &str)]) -> Result<String> {
        let user = format!("{}_{who}", self.name);
        self.superuser.connect(NoTls)?.batch_execute(&format!("CREATE ROLE {user} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))?;
        for (org, role) in roles {
            let owner = self.owner_url();
            let mut args = vec!["admin", "grant", owner.as_str(), user.as_str(), "--role", role];
            if let Some(org) = org {
                args.extend(["--org", org]);
            }
            self.nytta(&args)?;
        }
        Ok(user)
    }

    /// How many initiatives the register holds (read as its owner).
    fn initiatives(&self) -> Result<i64> {
        let mut config = self.superuser.clone();
        config.dbname(&self.name);
        let mut client: Client = config.connect(NoTls)?;
        Ok(client.query_one("SELECT count(*) FROM nytta.initiative", &[])?.get(0))
    }
}

impl Drop for SharedRegister {
    fn drop(&mut self) {
        let Ok(mut admin) = self.superuser.connect(NoTls) else { return };
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {0} WITH (FORCE)", self.name));
        let roles: Vec<String> = admin
            .query("SELECT rolname FROM pg_roles WHERE rolname LIKE $1", &[&format!("{}%", self.name)])
            .map(|rows| rows.iter().map(|r| r.get(0)).collect())
            .unwrap_or_default();
        for role in roles {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
        }
    }
}

/// Whether the control `css` is disabled, and the visible text of what describes it.
fn refusal(app: &App, css: &str) -> Result<(bool, String)> {
    app.wait_for(css)?;
    let answer = app.execute(
        "const el = document.querySelector(arguments[0]);
         const notes = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
           .map((id) => document.getElementById(id))
           .filter((n) => n && !n.hidden && n.offsetParent !== null);
         return [el.disabled, notes.map((n) => n.textContent).join(' ')];",
        vec![css.into()],
    )?;
    Ok((answer[0] == Value::Bool(true), answer[1].as_str().unwrap_or_default().to_string()))
}

/// Asserts that `css` is disabled with a visible reason containing `reason`.
fn assert_refused(app: &App, css: &str, reason: &str) -> Result<()> {
    let (disabled, text) = refusal(app, css)?;
    assert!(disabled, "{css} is disabled");
    assert!(text.contains(reason), "{css} is described by its reason {reason:?}, not {text:?}");
    Ok(())
}

/// Every button in `main` that would change the register (all but those that only show,
/// compare, export or make a document) is disabled with a visible reason.
fn assert_nothing_changes(app: &App, view: &str) -> Result<()> {
    let open = app.execute(
        "const only = (b) => b.closest('.chart-exports, .tabs, .breadcrumb, #calc-compare, thead, [role=search]')
             || b.id.endsWith('-decision-document') || b.classList.contains('link') || b.classList.contains('sort')
             || b.dataset.keep !== undefined;
         return [...document.querySelectorAll('main button')].filter((b) => !only(b)).filter((b) => {
           const ids = (b.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
           const told = ids.some((id) => { const n = document.getElementById(id); return n && !n.hidden && n.textContent.trim(); });
           return !(b.disabled && told);
         }).map((b) => b.id || b.textContent.trim());",
        vec![],
    )?;
    assert_eq!(open, Value::Array(Vec::new()), "{view}: buttons a reader could use to change something");
    Ok(())
}

#[test]
fn a_reader_sees_their_roles_and_why_they_cannot_change_anything() -> Result<()> {
    let Some(register) = SharedRegister::demo()? else { return Ok(()) };
    let reader = register.person("lasare", &[(Some("Intraservice"), "läsare")])?;
    let app = App::launch(Register::Url(register.url_for(&reader)))?;

    app.wait_text("#register-roles", "Delat register")?;
    app.wait_text("#register-roles", "Du är läsare i Intraservice")?;
    app.wait_for(&format!("tr[data-code=\"{INTRASERVICE}\"]"))?;
    assert_refused(&app, "#new-initiative", "kräver att du är beställare")?;
    app.screenshot("shared-reader-portfolio")?;
    app.assert_accessible("shared-reader-portfolio")?;

    app.open_initiative(INTRASERVICE, "fields")?;
    assert_refused(
        &app,
        "#save-initiative",
        "Att ändra insatsen kräver att du är beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.",
    )?;
    assert_eq!(app.attr("[data-field=name] input", "readonly")?.as_deref(), Some("true"), "the fields are read-only");
    assert_nothing_changes(&app, "Uppgifter")?;
    app.screenshot("shared-reader-initiative")?;
    app.assert_accessible("shared-reader-initiative")?;

    app.open_initiative(INTRASERVICE, "costs")?;
    assert_refused(&app, "#save-cost-year", "Att registrera statusrapporter, kostnader och mätningar kräver att du är registrerare")?;
    assert_nothing_changes(&app, "Kostnader")?;
    app.screenshot("shared-reader-costs")?;
    app.assert_accessible("shared-reader-costs")?;
    Ok(())
}

#[test]
fn a_city_wide_reader_sees_every_initiative_and_can_change_nothing() -> Result<()> {
    let Some(register) = SharedRegister::demo()? else { return Ok(()) };
    let reader = register.person("stad", &[(None, "stadsläsare")])?;
    let total = register.initiatives()?;
    let app = App::launch(Register::Url(register.url_for(&reader)))?;

    app.wait_text("#register-roles", "Du är stadsläsare")?;
    app.wait_text(".count", &format!("Visar {total} av {total} insatser"))?;
    assert_refused(&app, "#new-initiative", "beställare")?;

    for tab in ["fields", "calc", "plan", "followup", "status", "costs"] {
        app.open_initiative(INTRASERVICE, tab)?;
        app.wait_for(&format!(".tabs a[aria-current=page][href$=\"/{tab}\"]"))?;
        app.wait_for(".tab-body > *")?;
        // The tab's own call has answered when its first control is drawn.
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_nothing_changes(&app, tab)?;
        if matches!(tab, "fields" | "calc" | "followup") {
            app.screenshot(&format!("shared-city-reader-{tab}"))?;
            app.assert_accessible(&format!("shared-city-reader-{tab}"))?;
        }
    }

    app.execute("location.hash = '#/listor'", vec![])?;
    assert_refused(&app, "#save-register-settings", "registeradministratör")?;
    assert_nothing_changes(&app, "Listor")?;
    app.screenshot("shared-city-reader-lists")?;
    app.assert_accessible("shared-city-reader-lists")?;

    app.execute("location.hash = '#/import'", vec![])?;
    assert_refused(&app, "#import-choose", "registrerare")?;
    Ok(())
}

#[test]
fn a_registrar_records_and_a_refusal_from_the_server_is_shown_in_swedish() -> Result<()> {
    let Some(register) = SharedRegister::demo()? else { return Ok(()) };
    let registrar = register.person(
        "registrerare",
        &[(Some("Intraservice"), "läsare"), (Some("Intraservice"), "registrerare")],
    )?;
    let mut app = App::launch(Register::Url(register.url_for(&registrar)))?;
    app.wait_text("#register-roles", "registrerare i Intraservice")?;

    app.open_initiative(INTRASERVICE, "costs")?;
    let (disabled, _) = refusal(&app, "#save-cost-year")?;
    assert!(!disabled, "a registrerare records costs");
    app.open_initiative(INTRASERVICE, "fields")?;
    assert_refused(&app, "#save-initiative", "beställare")?;

    // The role is taken away while the window is open: the window still offers the save
    // (what it showed was read when the register was opened), and the server refuses it.
    app.open_initiative(INTRASERVICE, "costs")?;
    app.wait_for("#save-cost-year")?;
    register.nytta(&["admin", "revoke", &register.owner_url(), &registrar, "--org", "Intraservice", "--role", "registrerare"])?;
    app.fill("[name=year]", "2031")?;
    app.fill("[name=budget]", "10 000")?;
    app.click("#save-cost-year")?;
    app.wait_text("#notice.notice-error", "Du har inte behörighet att ändra insatsens kostnader i det delade registret")?;
    app.screenshot("shared-refusal")?;

    // Opened again, the window shows what the roles now allow.
    app.restart()?;
    app.wait_text("#register-roles", "Du är läsare i Intraservice")?;
    app.open_initiative(INTRASERVICE, "costs")?;
    assert_refused(&app, "#save-cost-year", "registrerare")?;
    Ok(())
}

#[test]
fn a_measurement_recorded_in_the_window_is_there_for_a_second_connection() -> Result<()> {
    let Some(register) = SharedRegister::demo()? else { return Ok(()) };
    // Socialförvaltningen Centrum supplies the interpreting initiative and records its figures.
    let registrar = register.person("matare", &[(Some("Socialförvaltningen Centrum"), "registrerare")])?;
    let app = App::launch(Register::Url(register.url_for(&registrar)))?;
    app.wait_text("#register-roles", "registrerare i Socialförvaltningen Centrum")?;
    app.open_initiative("NR-2024-003", "followup")?;
    let card = "#followup-indicator-TOLKPL";
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Saknas")?;
    app.fill(&format!("{card} tfoot [name=\"date\"]"), "2026-09-03")?;
    app.fill(&format!("{card} tfoot [name=\"value\"]"), "148")?;
    app.fill(&format!("{card} tfoot [name=\"source\"]"), "Fakturaunderlag")?;
    app.fill(&format!("{card} tfoot [name=\"comment\"]"), "Kvartal 3")?;
    app.click("#add-measurement-TOLKPL")?;
    app.wait_text("#notice", "Mätningen är registrerad")?;
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Grön")?;
    // Shown as made by the name the person gave (the harness's), not by an unknown user; the
    // database records the account (below).
    app.wait_text(&format!("{card} tbody"), e2e::TEST_USER_NAME)?;
    app.screenshot("shared-measurement")?;
    app.assert_accessible("shared-measurement")?;

    // A second connection, as the council's city-wide reader: the measurement is there, and
    // the log names the registrar's database user, whatever name the window showed.
    let reader = register.person("radet", &[(None, "stadslasare")])?;
    let mut config = register.superuser.clone();
    config.dbname(&register.name).user(&reader);
    let mut client: Client = config.connect(NoTls)?;
    let row = client.query_one(
        "SELECT m.value::text, m.comment FROM nytta.measurement m JOIN nytta.initiative i ON i.id = m.initiative_id
         WHERE i.code = 'NR-2024-003' AND m.indicator_code = 'TOLKPL' AND m.date = DATE '2026-09-03'",
        &[],
    )?;
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), ("148".to_string(), "Kvartal 3".to_string()));
    let logged_by: String = client
        .query_one(
            "SELECT a.db_user FROM nytta.audit_log a JOIN nytta.initiative i ON i.id = a.initiative_id
             WHERE i.code = 'NR-2024-003' AND a.entity = 'measurement' ORDER BY a.id DESC LIMIT 1",
            &[],
        )?
        .get(0);
    assert_eq!(logged_by, registrar);
    Ok(())
}
