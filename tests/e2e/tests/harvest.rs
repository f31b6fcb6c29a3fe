//! Effekthemtagning in the window (issue 17, docs/effekthemtagning.md): an initiative's
//! follow-up shows per benefit calculated → realised → decided → harvested in kronor and
//! årsarbetare with the gaps; a harvest decision is recorded from the keyboard, a wrong one is
//! refused beside its field in Swedish, and the new decision is listed. Screenshotted and
//! checked with axe.

use e2e::webdriver::keys;
use e2e::{App, Register, Result};

#[test]
fn a_harvest_decision_is_recorded_and_shown_beside_the_benefits_figures() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2024-002", "followup")?;
    app.wait_for("#harvest-form")?;
    app.wait_text("#harvest", "Effekthemtagning")?;
    app.wait_text("#harvest", "Beslutat för hemtagning")?;
    app.wait_text("#harvest", "åa")?;
    app.execute("document.getElementById('harvest').scrollIntoView()", vec![])?;
    app.screenshot("harvest-section")?;
    app.assert_accessible("harvest-section")?;

    // A redeployment without the activity it goes to: refused beside "Omfördelas till".
    app.select("#harvest-form [name=benefit]", "Frigjord tid för biståndshandläggare")?;
    app.select("#harvest-form [name=kind]", "omfordelning")?;
    app.fill("#harvest-form [name=amount]", "352 750")?;
    app.fill("#harvest-form [name=from_date]", "2026-11-01")?;
    app.fill("#harvest-form [name=decided_by]", "Äldre samt vård- och omsorgsnämnden")?;
    app.fill("#harvest-form [name=decided_on]", "2026-10-20")?;
    app.fill("#harvest-form [name=decision_ref]", "ÄVO 2026/77 § 12")?;
    app.press("#harvest-save", keys::ENTER)?;
    app.wait_text("[data-field=redeployed_to] .error", "Till: ange vilken verksamhet")?;
    app.screenshot("harvest-refused")?;
    app.assert_accessible("harvest-refused")?;

    // With the activity it is saved and listed under its benefit.
    app.fill("#harvest-form [name=redeployed_to]", "Uppsökande verksamhet")?;
    app.press("#harvest-save", keys::ENTER)?;
    app.wait_text("#notice", "Beslutet om effekthemtagning är sparat.")?;
    app.wait_text("#harvest", "Omfördelning till Uppsökande verksamhet")?;
    app.wait_text("#harvest", "0,50 åa")?;
    app.execute("document.querySelector('.harvest-decisions')?.scrollIntoView()", vec![])?;
    app.screenshot("harvest-recorded")?;
    app.assert_accessible("harvest-recorded")?;
    Ok(())
}
