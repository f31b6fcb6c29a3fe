//! The Reports view in the real window: the council pack is made off the window's thread,
//! its pages are previewed and turned with the buttons and the keyboard, and the view passes
//! axe; the charts of the follow-up and calculation tabs have accessible export buttons.
//! (Saving goes through the native save dialog, which WebDriver cannot drive; the command
//! path of making, paging and saving is tested in src-tauri's unit tests and the files are
//! written by library functions with tests of their own.)

use std::time::Duration;

use e2e::{keys, App, Register, Result};

/// Making a report in a debug build takes a while on a busy machine.
const REPORT_TIMEOUT: Duration = Duration::from_secs(180);

fn page_alt(app: &App) -> Result<String> {
    Ok(app.attr("#report-page", "alt")?.unwrap_or_default())
}

fn wait_page(app: &App, n: usize, total: usize) -> Result<()> {
    let expected = format!("Sida {n} av {total}");
    app.wait_text("#report-page-counter", &expected)?;
    app.wait_until(format!("the page image of {expected}"), |s| {
        let alt = s.execute(
            "return document.querySelector('#report-page')?.alt || ''",
            vec![],
        )?;
        let src = s.execute(
            "return (document.querySelector('#report-page')?.src || '').slice(0, 22)",
            vec![],
        )?;
        Ok((alt == expected.as_str() && src == "data:image/png;base64,").then_some(()))
    })
}

#[test]
fn reports_view_makes_previews_and_pages_the_council_pack() -> Result<()> {
    let app = App::builder()
        .register(Register::Demo)
        .timeout(REPORT_TIMEOUT)
        .launch()?;
    app.wait_for("#portfolio-table")?;
    app.click("#nav-reports")?;
    app.wait_text("main h1", "Rapporter")?;
    assert_eq!(
        app.value("#report-date")?,
        "2026-10-31",
        "the demo register's date"
    );
    assert_eq!(
        app.attr("#nav-reports", "aria-current")?.as_deref(),
        Some("page")
    );
    assert!(
        !app.find("#report-initiative")?.is_displayed()?,
        "the initiative picker is for the initiative report only"
    );
    app.screenshot("reports-form")?;
    app.assert_accessible("reports-form")?;

    // A date that is not in the calendar is refused beside the field.
    app.fill("#report-date", "2026-02-30")?;
    app.click("#report-create")?;
    app.wait_text("[data-field=\"date\"] .error", "finns inte i kalendern")?;
    app.fill("#report-date", "2026-10-31")?;

    app.click("#report-create")?;
    app.wait_text("#report-page-counter", "Sida 1 av ")?;
    let counter = app.text("#report-page-counter")?;
    let total: usize = counter.rsplit(' ').next().unwrap_or_default().parse()?;
    assert!(total > 3, "the council pack has several pages: {counter}");
    wait_page(&app, 1, total)?;
    assert!(
        app.attr("#report-prev", "disabled")?.is_some(),
        "no page before the first"
    );
    app.wait_text("#notice", "Rapporten är klar")?;

    app.click("#report-next")?;
    wait_page(&app, 2, total)?;
    app.screenshot("reports-preview-page-2")?;

    // The keyboard turns pages when the page has focus.
    app.press("#report-page-holder", keys::RIGHT)?;
    wait_page(&app, 3, total)?;
    app.press("#report-page-holder", keys::END)?;
    wait_page(&app, total, total)?;
    assert!(
        app.attr("#report-next", "disabled")?.is_some(),
        "no page after the last"
    );
    app.press("#report-page-holder", keys::HOME)?;
    wait_page(&app, 1, total)?;
    assert_eq!(page_alt(&app)?, format!("Sida 1 av {total}"));
    app.screenshot("reports-preview")?;
    app.assert_accessible("reports-preview")?;

    // The initiative report: its picker, then a preview of its own.
    app.click("#report-kind-initiative")?;
    app.wait_for("#report-initiative")?;
    app.click("#report-create")?;
    app.wait_text("[data-field=\"initiative\"] .error", "Insats")?;
    app.select("#report-initiative", "DI-2025-002")?;
    app.click("#report-create")?;
    app.wait_text("#report-preview-title", "DI-2025-002")?;
    let counter = app.text("#report-page-counter")?;
    let total: usize = counter.rsplit(' ').next().unwrap_or_default().parse()?;
    wait_page(&app, 1, total)?;
    app.wait_gone("#report-phase")?;
    app.screenshot("reports-initiative")?;
    Ok(())
}

/// Opens a tab of the demo initiative `code`.
fn open(app: &App, code: &str, tab: &str) -> Result<()> {
    app.wait_for(&format!("tr[data-code=\"{code}\"] a"))?;
    app.execute(
        "const a = document.querySelector(`tr[data-code=\"${arguments[0]}\"] a`);
         location.hash = `${a.getAttribute('href')}/${arguments[1]}`;",
        vec![code.into(), tab.into()],
    )?;
    Ok(())
}

#[test]
fn reports_export_buttons_sit_under_every_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open(&app, "DI-2025-002", "followup")?;
    let card = "#followup-indicator-TOLKPL";
    app.wait_for(&format!("{card} img.indicator-chart"))?;
    let group = format!("{card} .chart-exports");
    let label = app.attr(&group, "aria-label")?.unwrap_or_default();
    assert!(
        label.contains("TOLKPL"),
        "the group names its chart: {label}"
    );
    for (format, text) in [
        ("csv", "Data (CSV)"),
        ("xlsx", "Data (Excel)"),
        ("svg", "Diagram (SVG)"),
        ("png", "Diagram (PNG)"),
    ] {
        let button = format!("{group} button[data-export=\"{format}\"]");
        app.wait_text(&button, text)?;
        let name = app.attr(&button, "aria-label")?.unwrap_or_default();
        assert!(name.starts_with(text) && name.contains("TOLKPL"), "{name}");
    }
    // Every indicator chart on the tab has its buttons.
    let charts = app.find_all("img.indicator-chart")?.len();
    assert_eq!(
        app.find_all(".indicator-card .chart-exports")?.len(),
        charts
    );
    app.execute(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })",
        vec![group.clone().into()],
    )?;
    app.screenshot("followup-chart-exports")?;
    app.assert_accessible("followup-chart-exports")?;

    app.execute(
        "location.hash = location.hash.replace(/\\/followup$/, '/calc')",
        vec![],
    )?;
    app.wait_for("#calc-chart")?;
    app.wait_for(".calc-chart .chart-exports button[data-export=\"png\"]")?;
    let name = app
        .attr(
            ".calc-chart .chart-exports button[data-export=\"csv\"]",
            "aria-label",
        )?
        .unwrap_or_default();
    assert!(name.contains("kalkyldiagrammet"), "{name}");
    app.execute(
        "document.querySelector('.calc-chart').scrollIntoView({ block: 'center' })",
        vec![],
    )?;
    app.screenshot("calculation-chart-exports")?;
    app.assert_accessible("calculation-chart-exports")?;
    Ok(())
}
