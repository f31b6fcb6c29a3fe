//! The calculation tab (nyttokalkyl) in the real window: results and chart follow the typing,
//! an approved version refuses changes with the store's Swedish sentence, a draft is approved
//! and a new version needs a reason, and a calculation can be started from nothing.

use e2e::{App, Register, Result};

/// Opens the calculation tab of the demo initiative `code` (via its link in the portfolio).
fn open_calculation(app: &App, code: &str) -> Result<()> {
    app.wait_for("main h1")?;
    let href = app.execute(
        "const row = [...document.querySelectorAll('tr')].find((r) => r.textContent.includes(arguments[0]));
         return row.querySelector('a').getAttribute('href');",
        vec![code.into()],
    )?;
    let href = href.as_str().unwrap_or_default().to_string();
    app.execute(
        "location.hash = arguments[0]",
        vec![format!("{href}/calc").into()],
    )?;
    app.wait_for("#calc-version-title")?;
    Ok(())
}

#[test]
fn adding_a_line_changes_the_results_and_the_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-004")?;
    let before = app.text("#calc-results")?;
    let chart_before = app.attr("#calc-chart", "src")?.unwrap_or_default();
    assert!(chart_before.starts_with("data:image/svg+xml;base64,"));
    app.screenshot("calculation-draft")?;
    app.assert_accessible("calculation-draft")?;

    app.click("#add-benefit-line")?;
    let n = app.find_all("fieldset.calc-line")?.len();
    app.fill(&format!("[data-line=\"{n}\"] [name=\"likely\"]"), "250 000")?;
    let after = app.wait_until("the results to change", |s| {
        let Ok(table) = s.find("#calc-results") else {
            return Ok(None);
        };
        let text = table.text()?;
        Ok((text != before).then_some(text))
    })?;
    assert!(after.contains("Nuvärde av nyttor"), "{after}");
    assert_ne!(
        app.attr("#calc-chart", "src")?.unwrap_or_default(),
        chart_before
    );
    app.screenshot("calculation-line-added")?;

    app.click("#save-calculation")?;
    app.wait_text("#notice", "Version 2 är sparad")?;
    Ok(())
}

#[test]
fn an_approved_version_refuses_changes_with_a_clear_message() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-003")?;
    // A lock banner naming who approved it, when and by which decision; no Spara at all.
    app.wait_text("#calc-frozen-notice", "Låst. Version 2 är godkänd 2025-11-25 av Digitaliseringsrådet (DR 2025-11-25 §6)")?;
    let saves = app.execute("return document.querySelectorAll('#save-calculation, #delete-calculation-draft').length", vec![])?;
    assert_eq!(saves, 0, "a frozen version has no save button");
    app.execute("document.getElementById('calc-frozen-notice').scrollIntoView({ block: 'start' })", vec![])?;
    app.screenshot("calculation-frozen")?;
    // "Skapa ny version" beside it takes the focus to the new version's reason.
    app.click("#calc-frozen-notice-new-version")?;
    let focused = app.execute("return document.activeElement && document.activeElement.id", vec![])?;
    assert_eq!(focused, "calc-reason");
    app.screenshot("calculation-approved")?;
    app.assert_accessible("calculation-approved")?;

    app.select("#calc-compare-from", "1")?;
    app.select("#calc-compare-to", "2")?;
    app.click("#compare-calculation-versions")?;
    app.wait_text("#calc-comparison-table", "Ny rad")?;
    // What the changes did to the result comes first, old beside new.
    app.wait_text("#calc-comparison-table tbody tr:first-child", "Nettonuvärde, troligt")?;
    Ok(())
}

#[test]
fn a_draft_is_approved_and_a_new_version_needs_a_reason() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2026-002")?;
    app.wait_text("#calc-version-title", "utkast")?;
    app.fill("#calc-approved-by", "Digitaliseringsrådet")?;
    app.fill("#calc-decision-ref", "DR 2026-10-20 §2")?;
    app.click("#approve-calculation")?;
    app.click("dialog.modal button.danger")?;
    app.wait_text("#calc-frozen-notice", "Version 1 är godkänd")?;

    app.click("#new-calculation-version")?;
    app.wait_text("#notice", "Skäl")?;
    app.fill(
        "#calc-reason",
        "Fler pilotskolor efter beslut i grundskolenämnden",
    )?;
    app.click("#new-calculation-version")?;
    app.wait_text("#calc-version-title", "Version 2 – utkast")?;

    // Moving a line keeps the focus on the moved line's button.
    app.click("[data-line=\"2\"] [data-action=\"up\"]")?;
    let focused = app.execute(
        "const a = document.activeElement; return a.closest('[data-line]').dataset.line + ':' + a.dataset.action",
        vec![],
    )?;
    assert_eq!(focused.as_str(), Some("1:down"));

    // An unreadable number and a value Rust refuses both show beside their cell.
    app.fill("[data-line=\"4\"] [name=\"likely\"]", "abc")?;
    app.wait_for("[data-field=\"lines[3].value.est.likely\"] .error:not([hidden])")?;
    app.fill("[data-line=\"4\"] [name=\"likely\"]", "900000")?;
    app.wait_text(
        "[data-field=\"lines[3].value.est.high\"] .error",
        "får inte vara mindre än troligt värde",
    )?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "Rätta de markerade fälten")?;
    app.assert_accessible("calculation-errors")?;
    Ok(())
}

#[test]
fn a_calculation_can_be_started_from_nothing() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2026-002")?;
    app.click("#delete-calculation-draft")?;
    app.click("dialog.modal button.danger")?;
    app.wait_for("#create-calculation")?;
    app.assert_accessible("calculation-empty")?;
    app.click("#create-calculation")?;
    app.wait_text("#calc-version-title", "Version 1 – utkast")?;
    app.click("#add-cost-line")?;
    app.fill("[data-line=\"1\"] [name=\"likely\"]", "100000")?;
    app.wait_for("#calc-results")?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "Version 1 är sparad")?;
    Ok(())
}
