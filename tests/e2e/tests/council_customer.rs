//! The council pack for one customer in the real window: the Reports view's customer choice
//! (a supplier or a customer, never both), the pack made and previewed with the customer in
//! its name, and the view checked with axe.

use std::time::Duration;

use e2e::{App, Register, Result};

/// Making a report in a debug build takes a while on a busy machine.
const REPORT_TIMEOUT: Duration = Duration::from_secs(180);

/// Waits for the select `css` to be emptied by the choice in the other.
fn cleared(app: &App, css: &str) -> Result<()> {
    app.wait_until(format!("{css} to be cleared"), |s| {
        let value = s.execute("return document.querySelector(arguments[0]).value", vec![css.into()])?;
        Ok((value.as_str() == Some("")).then_some(()))
    })
}

#[test]
fn the_council_pack_is_made_for_one_customer() -> Result<()> {
    let app = App::builder().register(Register::Demo).timeout(REPORT_TIMEOUT).launch()?;
    app.wait_for("#portfolio-table")?;
    app.click("#nav-reports")?;
    app.wait_text("main h1", "Rapporter")?;
    app.click("#report-kind-council")?;
    assert!(app.find("#report-customer")?.is_displayed()?, "the customer choice is the council pack's");

    // Choosing a customer clears the supplier, and the other way round.
    app.select("#report-organisation", "Intraservice")?;
    app.select("#report-customer", "Socialförvaltningen Nordost")?;
    cleared(&app, "#report-organisation")?;
    app.select("#report-organisation", "Stadsbyggnadsförvaltningen")?;
    cleared(&app, "#report-customer")?;
    // Another option than before: WebKit's driver does not choose an option it chose once again.
    app.select("#report-customer", "Socialförvaltningen Hisingen")?;
    cleared(&app, "#report-organisation")?;
    app.screenshot("council-customer-form")?;
    app.assert_accessible("council-customer-form")?;

    app.click("#report-create")?;
    app.wait_text("#report-preview-title", "kund Socialförvaltningen Hisingen")?;
    app.wait_text("#notice", "Rapporten är klar")?;
    app.screenshot("council-customer-preview")?;
    app.assert_accessible("council-customer-preview")?;

    // The initiative report has no customer choice.
    app.click("#report-kind-initiative")?;
    assert!(!app.find("#report-customer")?.is_displayed()?);
    Ok(())
}
