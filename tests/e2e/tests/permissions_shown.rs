//! What the window shows when the roles do not allow a change (issue 16), without a server:
//! the demo file is opened and the answers of `permissions` and `initiative` are replaced in
//! the page by what the shared register gives a läsare (app::rights' very sentences). Every
//! control that changes something is then disabled with its reason beside it, tied by
//! aria-describedby, and each view passes axe. tests/e2e/tests/shared_register.rs does the same
//! against a real shared register on the test server.

use e2e::{App, Register, Result, Value};

const EDIT: &str = "Att ändra insatsen kräver att du är beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.";
const RECORD: &str = "Att registrera statusrapporter, kostnader och mätningar kräver att du är registrerare eller registeradministratör i insatsens leverantör eller i en av dess kunder.";

/// Makes the page see a läsare's permissions from now on, and draws the view again.
fn as_reader(app: &App) -> Result<()> {
    app.execute(
        "const no = (reason) => ({ allowed: false, reason });
         const edit = arguments[0], record = arguments[1];
         const change = (command, answer) => {
           if (command === 'permissions') return {
             ...answer, shared: true, roles: ['läsare i Intraservice'],
             create_initiative: no('Att lägga till insatser kräver att du är beställare i en organisation.'),
             administer: no('Registrets organisationer, listor och inställningar ändras av en registeradministratör.'),
             record: no('Att registrera mätningar kräver att du är registrerare i insatsens leverantör eller i en av dess kunder; du är inte registrerare i någon organisation.'),
             by_organisation: answer.by_organisation.map((o) => ({ ...o,
               create_initiative: no('Att lägga till en insats med den som leverantör kräver att du är beställare.'),
               council_tracked: no('Att markera insatsen som särskilt följd kräver att du är registeradministratör.'),
               administer: no('Ändras av en registeradministratör i organisationen eller för hela registret.') })),
           };
           if (command === 'initiative') return { ...answer, permissions: {
             edit: no(edit), record: no(record),
             draft: no('Att arbeta med utkast till kalkyl och plan kräver att du är beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.'),
             approve: no('Att godkänna kalkyl och plan kräver att du är godkännare i insatsens leverantör eller i en av dess kunder.'),
             council_tracked: no('Att markera insatsen som särskilt följd kräver att du är registeradministratör i insatsens leverantör eller i en av dess kunder.'),
             deviations: no('Att skriva orsak och åtgärd för nyttoavvikelser kräver att du är registrerare, beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.'),
             harvest: no('Att registrera beslut om effekthemtagning kräver att du är beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.'),
           } };
           return null;
         };
         // Tauri's IPC goes by fetch to ipc://localhost/<command>; the answers are rewritten.
         const fetch = window.fetch.bind(window);
         window.fetch = async (url, init) => {
           const response = await fetch(url, init);
           const command = String(url).split('/').pop();
           if (!String(url).startsWith('ipc:') || !['permissions', 'initiative'].includes(command) || !response.ok) return response;
           const changed = change(command, await response.clone().json());
           return new Response(JSON.stringify(changed), { status: response.status, headers: response.headers });
         };",
        vec![EDIT.into(), RECORD.into()],
    )?;
    Ok(())
}

fn go(app: &App, hash: &str) -> Result<()> {
    app.execute("location.hash = arguments[0]", vec![hash.into()])?;
    Ok(())
}

/// The id of the demo initiative `code`, from the portfolio.
fn initiative(app: &App, code: &str) -> Result<String> {
    go(app, "#/portfolj")?;
    app.wait_for(&format!("tr[data-code=\"{code}\"] a"))?;
    let href = app.attr(&format!("tr[data-code=\"{code}\"] a"), "href")?.unwrap_or_default();
    Ok(href.rsplit('#').next().unwrap_or_default().to_string())
}

/// Every button in `main` that would change the register is disabled with a visible reason.
fn assert_nothing_changes(app: &App, view: &str) -> Result<()> {
    let open = app.execute(
        "const only = (b) => b.closest('.chart-exports, .tabs, .breadcrumb, #calc-compare, thead, [role=search]')
             || b.id.endsWith('-decision-document') || b.classList.contains('link') || b.classList.contains('sort')
             || b.dataset.keep !== undefined;
         return [...document.querySelectorAll('main button')].filter((b) => !only(b)).filter((b) => {
           const ids = (b.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
           const told = ids.some((id) => { const n = document.getElementById(id); return n && !n.hidden && n.offsetParent !== null && n.textContent.trim(); });
           return !(b.disabled && told);
         }).map((b) => b.id || b.textContent.trim());",
        vec![],
    )?;
    assert_eq!(open, Value::Array(Vec::new()), "{view}: buttons a reader could use to change something");
    Ok(())
}

#[test]
fn a_readers_window_disables_every_change_with_the_reason_beside_it() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("#portfolio-table")?;
    // In a register file nothing of this shows.
    assert!(!app.exists("#register-roles")?);
    assert!(!app.exists(".permission-note:not([hidden])")?);
    let id = initiative(&app, "NR-2025-003")?;

    as_reader(&app)?;
    go(&app, "#/att-gora")?;
    go(&app, "#/portfolj")?;
    app.wait_text("#register-roles", "Du är läsare i Intraservice")?;
    app.wait_text(".new-initiative .permission-note", "beställare")?;
    app.screenshot("reader-portfolio")?;
    app.assert_accessible("reader-portfolio")?;

    for tab in ["overview", "fields", "calc", "plan", "followup", "status", "costs"] {
        go(&app, &format!("{id}/{tab}"))?;
        app.wait_for(&format!(".tabs a[aria-current=page][href$=\"/{tab}\"]"))?;
        app.wait_for(".tab-body > *")?;
        std::thread::sleep(std::time::Duration::from_millis(400));
        assert_nothing_changes(&app, tab)?;
        app.screenshot(&format!("reader-{tab}"))?;
        app.assert_accessible(&format!("reader-{tab}"))?;
    }
    go(&app, &format!("{id}/fields"))?;
    app.wait_text("#save-initiative + .permission-note", EDIT)?;

    go(&app, "#/listor")?;
    app.wait_for("#save-register-settings.not-permitted")?;
    assert_nothing_changes(&app, "listor")?;
    app.screenshot("reader-lists")?;
    app.assert_accessible("reader-lists")?;

    go(&app, "#/import")?;
    app.wait_for("#import-choose.not-permitted")?;
    app.screenshot("reader-import")?;
    app.assert_accessible("reader-import")?;

    go(&app, "#/insats/ny")?;
    app.wait_for("#save-initiative.not-permitted")?;
    assert_nothing_changes(&app, "ny insats")?;
    app.screenshot("reader-new")?;
    Ok(())
}
