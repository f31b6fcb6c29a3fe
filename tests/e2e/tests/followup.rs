//! The follow-up in the window: recording a measurement changes the status and the chart; a
//! measurement that fed an approved checkpoint asks for a reason; the plan tab, the to-do list
//! and the portfolio's follow-up columns are there and accessible.

use e2e::{App, Register, Result};

#[test]
fn recording_a_measurement_changes_the_status_and_the_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2024-003", "followup")?;
    let card = "#followup-indicator-TOLKPL";
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Saknas")?;
    app.wait_text("[data-benefit-status]", "Saknas")?;
    let chart_before = app.attr(&format!("{card} img.indicator-chart"), "src")?.unwrap_or_default();
    assert!(chart_before.starts_with("data:image/svg+xml;base64,"));
    let alt = app.attr(&format!("{card} img.indicator-chart"), "alt")?.unwrap_or_default();
    assert!(alt.contains("Bokade tolkuppdrag på plats"), "{alt}");
    app.screenshot("followup-before")?;

    app.fill(&format!("{card} tfoot [name=\"date\"]"), "2026-09-03")?;
    app.fill(&format!("{card} tfoot [name=\"value\"]"), "148")?;
    app.fill(&format!("{card} tfoot [name=\"source\"]"), "Fakturaunderlag")?;
    app.fill(&format!("{card} tfoot [name=\"comment\"]"), "Kvartal 3")?;
    app.click("#add-measurement-TOLKPL")?;

    app.wait_text("#notice", "Mätningen är registrerad")?;
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Grön")?;
    app.wait_text("[data-benefit-status]", "Grön")?;
    // One achievement figure per context, always labelled; the amber rule in words.
    app.wait_text(&format!("{card} .checkpoint[data-months=\"12\"]"), "Måluppfyllelse vid 12 mån:")?;
    app.wait_text(&format!("{card} .facts"), "Statusen gul")?;
    app.wait_text(&format!("{card} .facts"), "från 80 % av vägen från baslinjen till målet")?;
    app.wait_text(&format!("{card} tbody"), "Kvartal 3")?;
    let chart_after = app.attr(&format!("{card} img.indicator-chart"), "src")?.unwrap_or_default();
    assert_ne!(chart_before, chart_after, "the chart is drawn again with the new measurement");
    app.screenshot("followup-after")?;
    app.assert_accessible("followup")?;
    Ok(())
}

#[test]
fn changing_a_measurement_that_fed_a_checkpoint_asks_for_a_reason() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2025-002", "followup")?;
    let card = "#followup-indicator-PORTO";
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Gul")?;
    app.click(&format!("{card} button[aria-label=\"Ändra mätningen 2026-10-05\"]"))?;
    app.fill(&format!("{card} tbody [name=\"value\"]"), "195 000")?;
    app.click(&format!("{card} button[aria-label=\"Spara ändringen av mätningen 2026-10-05\"]"))?;
    app.wait_for("#ask-text-input")?;
    app.screenshot("followup-reason")?;
    app.assert_accessible("followup-reason")?;
    app.fill("#ask-text-input", "Rättad faktura från leverantören")?;
    app.click("#ask-text-yes")?;
    app.wait_text("#notice", "Det tidigare värdet finns i historiken")?;
    app.wait_text(&format!("{card} [data-checkpoint=\"12\"]"), "Grön")?;

    app.open_initiative("NR-2025-002", "history")?;
    app.wait_text("main table", "Rättad faktura från leverantören")?;
    Ok(())
}

#[test]
fn the_plan_tab_shows_versions_and_the_history_of_targets() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2025-003", "plan")?;
    app.wait_text("#plan-versions", "Digitaliseringsrådet")?;
    app.wait_text("#target-history", "Ändrat")?;
    app.wait_text("#target-history", "6 mån: 50")?;
    app.wait_for("#new-plan-version")?;
    app.screenshot("plan-approved")?;
    app.assert_accessible("plan-approved")?;

    app.open_initiative("NR-2026-001", "plan")?;
    app.wait_text("#plan-problems", "ansvarig för mätningen saknas")?;
    app.wait_for("#approve-plan")?;
    app.screenshot("plan-draft")?;
    app.assert_accessible("plan-draft")?;
    Ok(())
}

#[test]
fn the_todo_list_and_the_portfolio_columns() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("tr[data-code=\"NR-2024-003\"] [data-benefit-status]")?;
    app.select("#filter-benefit-status", "saknas")?;
    app.wait_count("#portfolio-table tbody tr", 1)?;
    app.wait_text("#portfolio-table tbody", "NR-2024-003")?;
    app.screenshot("portfolio-followup")?;
    app.assert_accessible("portfolio-followup")?;

    app.click("#nav-todo")?;
    app.wait_text("#todo-table", "TOLKPL")?;
    let rows = app.find_all("#todo-table tbody tr")?;
    assert_eq!(rows.len(), 4);
    app.wait_text("#todo-table tbody tr:first-child", "Saknas")?;
    // Overdue with its date and for how long: TOLKPL's 12 months were due 2026-09-01.
    app.wait_text("#todo-table tbody tr:first-child", "Försenad sedan 2026-09-01 (60 dagar)")?;
    app.screenshot("todo")?;
    app.assert_accessible("todo")?;
    Ok(())
}
