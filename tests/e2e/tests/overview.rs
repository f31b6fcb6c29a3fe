//! An initiative opens on its overview (issue 18): key facts, the latest status report's
//! Tid · Kostnad · Resultat, the benefit status and the checkpoint that is late, the approved
//! calculation's key figures and the open deviations — each with a link to its tab — and the
//! overview passes axe at a laptop's size and a large screen's.

use e2e::{App, Register, Result};

/// Opens the initiative `code` by its link in the portfolio, as a user does: no tab named.
fn open_by_link(app: &App, code: &str) -> Result<()> {
    app.execute("location.hash = '#/portfolj'", vec![])?;
    app.wait_for(&format!("tr[data-code=\"{code}\"] a"))?;
    app.click(&format!("tr[data-code=\"{code}\"] a"))?;
    app.wait_for("#initiative-overview")?;
    Ok(())
}

#[test]
fn overview_is_the_tab_an_initiative_opens_on_and_links_to_the_others() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.set_window_size(1280, 720)?;
    app.wait_for("#portfolio-table")?;
    open_by_link(&app, "NR-2024-003")?;
    // The first tab, and the current one.
    app.wait_text("nav.tabs a[aria-current=page]", "Översikt")?;
    let first = app.execute("return document.querySelector('nav.tabs a').textContent", vec![])?;
    assert_eq!(first, "Översikt");

    // Key facts.
    app.wait_text("#overview-facts", "Socialförvaltningen Centrum")?;
    app.wait_text("#overview-facts", "Driftsatt")?;
    app.wait_text("#overview-facts", "2025-09-01")?;
    app.wait_text("#overview-facts", "Maria Johansson")?;
    // The latest status report: its period, its three statuses in words, that it is stale.
    app.wait_text("#overview-report-date", "Perioden t.o.m. 2025-09-05")?;
    app.wait_text("#overview-rag", "Tid")?;
    app.wait_text("#overview-rag [data-dimension=result]", "Grön")?;
    app.wait_text("#overview-report-stale", "Inaktuell")?;
    // The benefit follow-up: its status and the checkpoint passed without its measurement,
    // said as the to-do list says it.
    app.wait_text("#overview-statuses [data-benefit-status]", "Saknas")?;
    app.wait_text("#overview-checkpoint", "Försenad sedan 2026-09-01 (60 dagar)")?;
    app.wait_text("#overview-checkpoint", "TOLKPL")?;
    // The approved calculation's key figures, as the calculation tab has them.
    app.wait_text("#overview-key-figures", "Nettonuvärde")?;
    app.wait_text("#overview-key-figures [data-figure=npv]", "kr")?;
    app.wait_text("#overview-key-figures [data-figure=break_even_year]", "20")?;
    // The open deviation.
    app.wait_text("#overview-deviations-table tr[data-indicator=TOLKPL]", "Saknas")?;
    app.screenshot("overview-1280x720")?;
    app.assert_accessible("overview-1280x720")?;

    // Each part links to its tab.
    for (link, tab) in [("#overview-to-calc", "calc"), ("#overview-to-followup", "followup"), ("#overview-to-status", "status"), ("#overview-to-fields", "fields")] {
        app.click("nav.tabs a[href$='/overview']")?;
        app.wait_for("#initiative-overview")?;
        app.click(link)?;
        app.wait_for(&format!("nav.tabs a[href$='/{tab}'][aria-current=page]"))?;
    }
    app.wait_for(".initiative-form")?;

    app.set_window_size(1920, 1080)?;
    app.click("nav.tabs a[href$='/overview']")?;
    app.wait_for("#initiative-overview")?;
    let widths = app.execute("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]", vec![])?;
    assert_eq!(widths[0], widths[1]);
    app.screenshot("overview-1920x1080")?;
    app.assert_accessible("overview-1920x1080")?;
    Ok(())
}

#[test]
fn overview_of_an_initiative_without_calculation_or_plan_says_what_is_missing() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.set_window_size(1280, 720)?;
    app.wait_for("#portfolio-table")?;
    // Kalendariet: no effect goals, no calculation, no plan, a late status report (docs/demo.md).
    open_by_link(&app, "NR-2025-006")?;
    app.wait_text("#overview-calculation-note", "Insatsen har ingen nyttokalkyl.")?;
    app.wait_text("#overview-followup", "Ingen godkänd nyttorealiseringsplan")?;
    app.wait_text("#overview-report-schedule", "Statusrapport försenad (skulle ha lämnats 2026-10-23)")?;
    app.wait_text("#overview-deviations", "Inga öppna nyttoavvikelser.")?;
    // Its customers, one a line.
    assert!(app.find_all("#overview-customers li")?.len() > 1);
    app.click("#overview-to-plan")?;
    app.wait_for("nav.tabs a[href$='/plan'][aria-current=page]")?;
    app.click("nav.tabs a[href$='/overview']")?;
    app.wait_for("#initiative-overview")?;
    app.screenshot("overview-without-calculation")?;
    app.assert_accessible("overview-without-calculation")?;
    Ok(())
}
