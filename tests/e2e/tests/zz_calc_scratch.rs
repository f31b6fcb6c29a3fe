//! Scratch (not for commit): drives the calculation tab.
use e2e::{App, Register, Result};

fn open_calc(app: &App, code: &str) -> Result<()> {
    app.wait_for("main h1")?;
    let id = app.execute(
        &format!("return [...document.querySelectorAll('a')].find(a => a.textContent.includes('{code}') || a.closest('tr')?.textContent.includes('{code}'))?.getAttribute('href')"),
        vec![],
    )?;
    let href = id.as_str().unwrap_or_default().to_string();
    app.execute(&format!("location.hash = '{href}/calc'"), vec![])?;
    app.wait_for("#calc-version-title")?;
    Ok(())
}

#[test]
fn calc_add_line_changes_results_and_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calc(&app, "DI-2025-005")?;
    app.wait_for("#calc-results")?;
    let before = app.text("#calc-results")?;
    let chart_before = app.attr("#calc-chart", "src")?.unwrap();
    app.screenshot("calc-draft")?;
    app.click("#add-benefit-line")?;
    let n = app.find_all("fieldset.calc-line")?.len();
    app.fill(&format!("[data-line=\"{n}\"] [name=\"likely\"]"), "250 000")?;
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if app.exists("#calc-results")? && app.text("#calc-results")? != before { break; }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let after = app.text("#calc-results")?;
    assert_ne!(before, after);
    let chart_after = app.attr("#calc-chart", "src")?.unwrap();
    assert_ne!(chart_before, chart_after);
    app.screenshot("calc-draft-added")?;
    app.execute("document.querySelector('#calc-results').scrollIntoView()", vec![])?;
    app.screenshot("calc-draft-results")?;
    app.assert_accessible("calc-draft")?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "är sparad")?;
    Ok(())
}

#[test]
fn calc_approved_refuses_save() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calc(&app, "DI-2025-003")?;
    app.wait_text("#calc-frozen-notice", "kan inte ändras")?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "En godkänd kalkyl kan inte ändras")?;
    app.screenshot("calc-approved")?;
    app.assert_accessible("calc-approved")?;
    // compare
    app.select("#calc-compare-from", "1")?;
    app.select("#calc-compare-to", "2")?;
    app.click("#compare-calculation-versions")?;
    app.wait_for("#calc-comparison-table")?;
    app.execute("document.querySelector('#calc-compare').scrollIntoView()", vec![])?;
    app.screenshot("calc-compare")?;
    Ok(())
}
