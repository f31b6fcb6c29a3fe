//! The register's lists and settings in the window (issue 15): the view "Listor och
//! inställningar" reached from the navigation, a base service added, renamed and retired from
//! the keyboard, an organisation's own governing body; the initiative form's pickers (base
//! service from the supplier's list, goal areas, category) and the late status report in the
//! initiative view and the portfolio — each view screenshotted and checked with axe.

use e2e::{App, Register, Result};

fn go(app: &App, hash: &str) -> Result<()> {
    app.execute("location.hash = arguments[0]", vec![hash.into()])?;
    Ok(())
}

/// The demo initiative `code`'s id, from the portfolio's link.
fn initiative_hash(app: &App, code: &str) -> Result<String> {
    go(app, "#/portfolj")?;
    app.wait_for(&format!("tr[data-code=\"{code}\"] a"))?;
    let href = app.execute(
        "return document.querySelector(`tr[data-code=\"${arguments[0]}\"] a`).getAttribute('href')",
        vec![code.into()],
    )?;
    Ok(href.as_str().unwrap_or_default().to_string())
}

#[test]
fn the_settings_view_edits_lists_bodies_and_periods_from_the_keyboard() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("#nav-lists")?;
    app.click("#nav-lists")?;
    app.wait_text("h1", "Registrets listor och inställningar")?;
    assert_eq!(app.value("#register-body")?, "strategiska samordningsgruppen");
    app.wait_text("#council-title-preview", "Underlag till strategiska samordningsgruppen")?;
    // ÄVO's own body and monthly period are shown as what applies to it.
    app.wait_text("#organisation-settings", "äldre samt vård- och omsorgsförvaltningens digitaliseringsråd, varje månad")?;
    app.wait_text("#goal-areas", "Uppnå balans mellan effektivitet och innovation")?;
    app.screenshot("register-lists")?;
    app.assert_accessible("register-lists")?;

    // A new base service for demokrati och medborgarservice, typed and added with Enter.
    let dms = app.execute(
        "return [...document.querySelectorAll('.list-section')].find((s) => s.querySelector('h3')?.textContent.startsWith('Förvaltningen för demokrati')).id",
        vec![],
    )?;
    let dms = dms.as_str().unwrap().to_string();
    app.fill(&format!("#{dms}-new"), "Chatt för kontaktcenter")?;
    app.press(&format!("#{dms}-new"), "\u{E007}")?;
    app.wait_text("#notice", "Chatt för kontaktcenter är tillagd")?;
    app.wait_text(&format!("#{dms}"), "Chatt för kontaktcenter")?;

    // The same name again, in another case, is refused beside the field.
    app.fill(&format!("#{dms}-new"), "chatt för kontaktcenter")?;
    app.click(&format!("#{dms}-add"))?;
    app.wait_text(&format!("#{dms} .error"), "finns redan")?;

    // Rename Extern service och kommunikation, which three initiatives name: they follow.
    let row = app.execute(
        "return [...document.querySelectorAll('tr[data-entry]')].find((r) => r.querySelector('th').textContent === 'Extern service och kommunikation').querySelector('button').id",
        vec![],
    )?;
    let rename = format!("#{}", row.as_str().unwrap());
    app.click(&rename)?;
    let input = rename.replace("-rename", "-name");
    app.fill(&input, "Extern service och kommunikation (goteborg.se)")?;
    app.press(&input, "\u{E007}")?;
    app.wait_text("#notice", "3 insatser har fått det nya namnet")?;

    // Retire Öppna data, which no initiative names; it stays listed, marked in words.
    let retire = app.execute(
        "return [...document.querySelectorAll('tr[data-entry]')].find((r) => r.querySelector('th').textContent === 'Öppna data').querySelectorAll('button')[1].id",
        vec![],
    )?;
    app.click(&format!("#{}", retire.as_str().unwrap()))?;
    app.wait_text("#notice", "Öppna data har gått ut")?;
    app.wait_text("tr[data-retired=true]", "Utgången")?;

    // Intraservice gets its own digitaliseringsråd and a quarterly rhythm.
    let intraservice = app.execute(
        "return [...document.querySelectorAll('#organisation-settings tr[data-organisation]')].find((r) => r.querySelector('th').textContent === 'Intraservice').dataset.organisation",
        vec![],
    )?;
    let id = intraservice.as_str().map(str::to_string).unwrap_or_else(|| intraservice.to_string());
    app.fill(&format!("#org-body-{id}"), "Intraservices digitaliseringsråd")?;
    app.select(&format!("#org-period-{id}"), "kvartal")?;
    app.click(&format!("#org-save-{id}"))?;
    app.wait_text("#notice", "Inställningarna för Intraservice är sparade")?;
    app.wait_text("#organisation-settings", "Intraservices digitaliseringsråd, varje kvartal")?;

    // Kostnad per årsarbetare: shown in Swedish, refused beside the field when it is no
    // amount, saved with the body and period, and kept by a later save of them.
    assert_eq!(app.value("#register-cost-per-fte")?.replace('\u{a0}', " "), "700 000");
    app.fill("#register-cost-per-fte", "sjuhundra")?;
    app.click("#save-register-settings")?;
    app.wait_text("[data-field=cost_per_fte] .error", "skriv ett belopp i kronor")?;
    app.fill("#register-cost-per-fte", "725 000")?;
    app.click("#save-register-settings")?;
    app.wait_text("#notice", "Registrets inställningar är sparade")?;
    app.wait_for("#register-cost-per-fte")?;
    assert_eq!(app.value("#register-cost-per-fte")?.replace('\u{a0}', " "), "725 000");
    app.select("#register-period", "kvartal")?;
    app.click("#save-register-settings")?;
    app.wait_text("#notice", "Registrets inställningar är sparade")?;
    app.wait_for("#register-cost-per-fte")?;
    assert_eq!(app.value("#register-cost-per-fte")?.replace('\u{a0}', " "), "725 000");
    app.screenshot("register-lists-changed")?;
    app.assert_accessible("register-lists-changed")?;
    Ok(())
}

#[test]
fn the_initiative_form_picks_from_the_lists_and_the_view_says_when_a_report_is_due() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    // Kalendariet: DMS's base service, six-weekly; its report after 2026-09-11 is late.
    let hash = initiative_hash(&app, "NR-2025-006")?;
    app.wait_text("tr[data-code=\"NR-2025-006\"] .gaps", "Statusrapport försenad (skulle ha lämnats 2026-10-23)")?;
    app.wait_text("#portfolio-overdue", "försenad statusrapport")?;
    app.screenshot("portfolio-overdue-report")?;
    app.assert_accessible("portfolio-overdue-report")?;

    // The status report form offers the late period's end.
    go(&app, &format!("{hash}/status"))?;
    app.wait_for("#save-status-report")?;
    assert_eq!(app.value("[name=period_end]")?, "2026-10-23");

    go(&app, &format!("{hash}/fields"))?;
    app.wait_text("#status-report-due", "Statusrapport försenad (skulle ha lämnats 2026-10-23)")?;
    app.wait_for("[name=base_service]")?;
    assert_eq!(app.value("[name=base_service]")?, "Extern service och kommunikation");
    // The supplier's list only: DMS's four base services and "no base service".
    let options = app.execute("return [...document.querySelectorAll('[name=base_service] option')].map((o) => o.value)", vec![])?;
    assert_eq!(
        options,
        serde_json::json!(["", "Demokratistärkande metoder och verktyg", "Extern service och kommunikation", "Göteborgs Stads kontaktcenter", "Öppna data"])
    );
    app.wait_text("[data-field=council_tracked] label", "Särskilt följd av strategiska samordningsgruppen")?;

    // A category and a goal area, ticked from the keyboard, are saved.
    app.select("[name=category]", "effektiviserande")?;
    let first = app.execute("return document.querySelector('#goal-area-list input').id", vec![])?;
    let first = format!("#{}", first.as_str().unwrap());
    app.press(&first, " ")?;
    app.select("[name=base_service]", "Göteborgs Stads kontaktcenter")?;
    app.screenshot("initiative-lists-pickers")?;
    app.assert_accessible("initiative-lists-pickers")?;
    app.click("#save-initiative")?;
    app.wait_text("#notice", "Ändringarna är sparade")?;
    app.wait_for("[name=category]")?;
    assert_eq!(app.value("[name=category]")?, "effektiviserande");
    assert_eq!(app.value("[name=base_service]")?, "Göteborgs Stads kontaktcenter");
    assert_eq!(app.execute(&format!("return document.querySelector('{first}').checked"), vec![])?, serde_json::json!(true));

    // An ÄVO initiative is followed by the förvaltning's own digitaliseringsråd.
    let avo = initiative_hash(&app, "NR-2024-002")?;
    go(&app, &format!("{avo}/fields"))?;
    app.wait_text(
        "[data-field=council_tracked] label",
        "Särskilt följd av äldre samt vård- och omsorgsförvaltningens digitaliseringsråd",
    )?;
    app.wait_text("#status-report-due", "Ingen statusrapport väntas i fasen driftsatt")?;

    // The to-do list puts the late status report first, with its date and in words.
    go(&app, "#/att-gora")?;
    app.wait_text("#todo-reports tr[data-code=\"NR-2025-006\"]", "Statusrapport försenad")?;
    app.wait_text("#todo-reports tr[data-code=\"NR-2025-006\"]", "2026-10-23")?;
    app.screenshot("todo-overdue-report")?;
    app.assert_accessible("todo-overdue-report")?;

    // The reports view offers the pack by its title for the register's body.
    go(&app, "#/rapporter")?;
    app.wait_text("[data-field=kind]", "Underlag till strategiska samordningsgruppen")?;
    Ok(())
}
