//! The Reports view in the real window: the council pack is made off the window's thread,
//! its pages are previewed and turned with the buttons and the keyboard, and the view passes
//! axe; the charts of the follow-up and calculation tabs have accessible export buttons.
//! (The native save dialog cannot be driven by WebDriver: the commands its answer goes to
//! are called directly, as the view does with the path the dialog returns.)

use std::path::Path;
use std::time::Duration;

use e2e::{keys, App, Register, Result, Value};

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

/// Calls the command `command` as the view does, with the path the save dialog would give:
/// `Ok(file written)` or `Err(the Swedish message)`.
fn invoke_save(app: &App, command: &str, args: Value) -> Result<std::result::Result<String, String>> {
    let answer = app.execute_async(
        "const done = arguments[arguments.length - 1];
         window.__TAURI__.core.invoke(arguments[0], arguments[1])
           .then((written) => done({ written }), (e) => done({ refused: e.message || String(e) }));",
        vec![command.into(), args],
    )?;
    Ok(match answer["written"].as_str() {
        Some(written) => Ok(written.to_string()),
        // Not `error`: an answer with that key reads as a WebDriver error.
        None => Err(answer["refused"].as_str().unwrap_or_default().to_string()),
    })
}

/// The text of the live region of the phases (visually hidden between reports).
fn phase_text(app: &App) -> Result<String> {
    Ok(app
        .execute("return document.querySelector('#report-phase')?.textContent ?? 'missing'", vec![])?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

fn active_id(app: &App) -> Result<String> {
    Ok(app
        .execute("return document.activeElement?.id || ''", vec![])?
        .as_str()
        .unwrap_or_default()
        .to_string())
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
    // One live region for the phases, there from the start and silent until a report is made.
    assert_eq!(app.attr("#report-phase", "role")?.as_deref(), Some("status"));
    assert_eq!(phase_text(&app)?, "");
    app.execute("window.__phaseRegion = document.querySelector('#report-phase')", vec![])?;
    app.screenshot("reports-form")?;
    app.assert_accessible("reports-form")?;

    // A date that is not in the calendar is refused beside the field.
    app.fill("#report-date", "2026-02-30")?;
    app.click("#report-create")?;
    app.wait_text("[data-field=\"date\"] .error", "finns inte i kalendern")?;
    app.fill("#report-date", "2026-10-31")?;

    // Made from the keyboard: the button says it is unavailable meanwhile but keeps the focus,
    // and the phases are told in the same live region.
    app.press("#report-create", keys::ENTER)?;
    app.wait_until("the create button to be unavailable", |s| {
        let busy = s.execute(
            "return document.querySelector('#report-create').getAttribute('aria-disabled')",
            vec![],
        )?;
        Ok((busy == "true").then_some(()))
    })?;
    assert_eq!(active_id(&app)?, "report-create", "the focus stays on the button");
    app.wait_until("a phase in the live region", |s| {
        let text = s.execute(
            "return document.querySelector('#report-phase')?.textContent || ''",
            vec![],
        )?;
        Ok((!text.as_str().unwrap_or_default().is_empty()).then_some(()))
    })?;
    app.screenshot("reports-progress")?;
    app.wait_text("#report-page-counter", "Sida 1 av ")?;
    let counter = app.text("#report-page-counter")?;
    let total: usize = counter.rsplit(' ').next().unwrap_or_default().parse()?;
    assert!(total > 3, "the council pack has several pages: {counter}");
    wait_page(&app, 1, total)?;
    assert_eq!(
        app.attr("#report-prev", "aria-disabled")?.as_deref(),
        Some("true"),
        "no page before the first"
    );
    assert_eq!(app.attr("#report-prev", "disabled")?, None, "still focusable");
    app.wait_text("#notice", "Rapporten är klar")?;
    assert_eq!(active_id(&app)?, "report-preview-title");
    assert_eq!(app.attr("#report-create", "aria-disabled")?, None);
    let same = app.execute(
        "return window.__phaseRegion === document.querySelector('#report-phase') && window.__phaseRegion.isConnected",
        vec![],
    )?;
    assert_eq!(same, Value::Bool(true), "the same live region, never replaced");
    assert_eq!(phase_text(&app)?, "");
    assert_eq!(
        app.attr("#report-page-holder", "role")?.as_deref(),
        Some("region")
    );

    app.click("#report-next")?;
    wait_page(&app, 2, total)?;
    app.screenshot("reports-preview-page-2")?;

    // The keyboard turns pages when the page has focus.
    app.press("#report-page-holder", keys::RIGHT)?;
    wait_page(&app, 3, total)?;
    // While a page is drawn, it says so in words.
    app.execute(
        "window.__loading = [];
         const el = document.querySelector('#report-page-loading');
         new MutationObserver(() => { if (!el.hidden && el.textContent) window.__loading.push(el.textContent); })
           .observe(el, { attributes: true, childList: true, characterData: true, subtree: true });",
        vec![],
    )?;
    app.press("#report-page-holder", keys::END)?;
    wait_page(&app, total, total)?;
    let seen = app.execute("return window.__loading", vec![])?;
    assert!(
        seen.as_array()
            .is_some_and(|a| a.iter().any(|t| t == &Value::from(format!("Hämtar sida {total} …")))),
        "the loading text was shown: {seen}"
    );
    assert!(!app.find("#report-page-loading")?.is_displayed()?, "and hidden once drawn");
    assert_eq!(
        app.attr("#report-next", "aria-disabled")?.as_deref(),
        Some("true"),
        "no page after the last"
    );
    // Reaching the last page with Nästa leaves the focus on it; pressing it again does nothing.
    app.press("#report-page-holder", keys::LEFT)?;
    wait_page(&app, total - 1, total)?;
    app.press("#report-next", keys::ENTER)?;
    wait_page(&app, total, total)?;
    assert_eq!(active_id(&app)?, "report-next");
    app.press("#report-next", keys::ENTER)?;
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(app.text("#report-page-counter")?, format!("Sida {total} av {total}"));
    app.press("#report-page-holder", keys::HOME)?;
    wait_page(&app, 1, total)?;
    assert_eq!(page_alt(&app)?, format!("Sida 1 av {total}"));
    app.screenshot("reports-preview")?;
    app.assert_accessible("reports-preview")?;

    // Saving: always as a .pdf, and never over a file the save dialog did not ask about.
    let dir = app.temp_dir().join("sparat");
    std::fs::create_dir_all(&dir)?;
    let chosen = dir.join("rapport");
    let written = invoke_save(&app, "save_report", e2e::json!({ "path": chosen }))?
        .map_err(e2e::Error::msg)?;
    assert_eq!(Path::new(&written), dir.join("rapport.pdf"));
    assert!(std::fs::read(dir.join("rapport.pdf"))?.starts_with(b"%PDF"));
    let refused = invoke_save(&app, "save_report", e2e::json!({ "path": chosen }))?.unwrap_err();
    assert!(refused.contains("finns redan"), "{refused}");
    // A copy of a register is never written over, whatever its name.
    let copy = dir.join("kopia.json");
    std::fs::copy(app.register().expect("the demo register"), &copy)?;
    let before = std::fs::read(&copy)?;
    let refused = invoke_save(
        &app,
        "export_register",
        e2e::json!({ "format": "json", "path": copy }),
    )?
    .unwrap_err();
    assert!(refused.contains("skriver aldrig över ett register"), "{refused}");
    assert_eq!(std::fs::read(&copy)?, before);
    // The data behind the council pack's portfolio charts, for the form's date and scope.
    assert!(app.exists("#export-portfolio-csv")? && app.exists("#export-portfolio-xlsx")?);
    let written = invoke_save(
        &app,
        "export_portfolio_chart_data",
        e2e::json!({ "date": "2026-10-31", "organisation": null, "format": "csv", "path": dir.join("portfolj") }),
    )?
    .map_err(e2e::Error::msg)?;
    let csv = std::fs::read_to_string(&written)?;
    assert!(csv.starts_with("\u{feff}Diagram;Organisation;Röd;Saknas;Gul;Grön;Kommande"), "{csv}");
    assert!(csv.contains("Nyttostatus per organisation per 2026-10-31, hela registret"), "{csv}");
    let refused = invoke_save(
        &app,
        "export_portfolio_chart_data",
        e2e::json!({ "date": "31/10", "organisation": null, "format": "csv", "path": dir.join("fel") }),
    )?
    .unwrap_err();
    assert!(refused.contains("Periodens slutdatum"), "{refused}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<_>>()?;
    assert!(!leftovers.iter().any(|n| n.ends_with(".tmp")), "{leftovers:?}");

    // The initiative report: its picker, then a preview of its own.
    app.click("#report-kind-initiative")?;
    app.wait_for("#report-initiative")?;
    app.click("#report-create")?;
    app.wait_text("[data-field=\"initiative\"] .error", "Insats")?;
    app.select("#report-initiative", "NR-2024-003")?;
    app.click("#report-create")?;
    app.wait_text("#report-preview-title", "NR-2024-003")?;
    let counter = app.text("#report-page-counter")?;
    let total: usize = counter.rsplit(' ').next().unwrap_or_default().parse()?;
    wait_page(&app, 1, total)?;
    app.wait_until("the progress to end", |s| {
        let idle = s.execute(
            "const p = document.querySelector('#report-progress');
             return p.classList.contains('idle') && document.querySelector('#report-phase').textContent === ''",
            vec![],
        )?;
        Ok((idle == Value::Bool(true)).then_some(()))
    })?;
    app.screenshot("reports-initiative")?;
    Ok(())
}

#[test]
fn reports_export_buttons_sit_under_every_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2024-003", "followup")?;
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
