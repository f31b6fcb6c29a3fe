//! The decision document (beslutsunderlag) in the real window: offered on the calculation and
//! plan tabs while the initiative has a draft, made in the Reports view with the same preview
//! as the other reports, chosen there directly too, and refused in Swedish for an initiative
//! without a draft. Each view is screenshotted and checked with axe.

use std::time::Duration;

use e2e::{App, Register, Result, Value};

/// Making a report in a debug build takes a while on a busy machine.
const REPORT_TIMEOUT: Duration = Duration::from_secs(180);

fn checked(app: &App, css: &str) -> Result<bool> {
    Ok(app.execute("return document.querySelector(arguments[0])?.checked === true", vec![css.into()])?
        == Value::Bool(true))
}

#[test]
fn the_decision_document_is_made_from_the_calculation_tab_and_the_reports_view() -> Result<()> {
    let app = App::builder().register(Register::Demo).timeout(REPORT_TIMEOUT).launch()?;
    app.wait_for("#portfolio-table")?;

    // NR-2025-004 has a draft calculation (version 2): its tab offers the document.
    app.open_initiative("NR-2025-004", "calc")?;
    app.wait_text("#calc-decision-document", "Skapa beslutsunderlag")?;
    app.wait_text("#calc-decision-title", "Beslutsunderlag (utkast)")?;
    app.execute("document.querySelector('#calc-decision-document').scrollIntoView({ block: 'center' })", vec![])?;
    app.screenshot("decision-calculation-tab")?;
    app.assert_accessible("decision-calculation-tab")?;

    app.click("#calc-decision-document")?;
    app.wait_text("main h1", "Rapporter")?;
    assert!(checked(&app, "#report-kind-decision")?, "the decision document is the chosen report");
    assert_eq!(app.value("#report-initiative")?, "NR-2025-004");
    assert!(app.find("#report-decision-help")?.is_displayed()?);
    assert!(!app.find("#report-organisation")?.is_displayed()?, "no supplier scope for one initiative");
    app.wait_text("#report-page-counter", "Sida 1 av ")?;
    app.wait_text("#report-preview-title", "Beslutsunderlag NR-2025-004 2026-10-31 (utkast)")?;
    app.wait_text("#notice", "Rapporten är klar")?;
    app.wait_until("the first page's picture", |s| {
        let alt = s.execute("return document.querySelector('#report-page')?.alt || ''", vec![])?;
        Ok(alt.as_str().unwrap_or_default().starts_with("Sida 1 av ").then_some(()))
    })?;
    app.screenshot("decision-preview")?;
    app.assert_accessible("decision-preview")?;

    // Chosen in the Reports view: an initiative with approved versions only is refused in
    // Swedish, one with a draft plan is made.
    app.click("#report-kind-council")?;
    assert!(!app.find("#report-initiative")?.is_displayed()?);
    app.click("#report-kind-decision")?;
    assert!(app.find("#report-initiative")?.is_displayed()?);
    app.select("#report-initiative", "NR-2024-001")?;
    app.click("#report-create")?;
    app.wait_text("#notice", "har inget utkast till nyttokalkyl eller nyttorealiseringsplan")?;
    app.select("#report-initiative", "NR-2026-001")?;
    app.click("#report-create")?;
    app.wait_text("#report-preview-title", "Beslutsunderlag NR-2026-001 2026-10-31 (utkast)")?;
    app.screenshot("decision-reports-view")?;
    app.assert_accessible("decision-reports-view")?;
    Ok(())
}

#[test]
fn the_plan_tab_offers_the_decision_document_only_while_a_draft_exists() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    // NR-2026-001: an approved calculation and a draft plan.
    app.open_initiative("NR-2026-001", "plan")?;
    app.wait_text("#plan-decision-document", "Skapa beslutsunderlag")?;
    app.execute("document.querySelector('#plan-decision-document').scrollIntoView({ block: 'center' })", vec![])?;
    app.screenshot("decision-plan-tab")?;
    app.assert_accessible("decision-plan-tab")?;

    // NR-2024-001: approved versions only, nothing to decide.
    app.execute("location.hash = '#/portfolj'", vec![])?;
    app.open_initiative("NR-2024-001", "plan")?;
    app.wait_for("#plan-versions")?;
    assert!(!app.exists("#plan-decision-document")?, "no draft: no decision document");
    app.execute("location.hash = location.hash.replace(/\\/plan$/, '/calc')", vec![])?;
    app.wait_for("#calc-version-title")?;
    assert!(!app.exists("#calc-decision-document")?);
    Ok(())
}
