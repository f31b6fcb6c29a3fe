//! The import wizard's first step in the real window: it renders, is reachable from the
//! header and passes axe. (The later steps start from the native file dialog, which WebDriver
//! cannot drive; their logic is covered by tests/it/import_measurements.rs through the same
//! library calls the wizard's commands make.)

use e2e::{App, Register, Result};

#[test]
fn the_import_wizard_opens_from_the_header_and_is_accessible() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("#portfolio-table")?;
    app.click("a[href='#/import']")?;
    app.wait_text("main h1", "Importera")?;
    app.wait_for("#import-choose")?;
    app.screenshot("import-start")?;
    app.assert_accessible("import-start")?;
    Ok(())
}

/// "Mall att fylla i": the period defaults to the register's date and six weeks on, a wrong
/// date is said beside its field before any dialog opens, and the command behind the button
/// writes the template the import reads back (tests/it/template_cli.rs fills one in).
#[test]
fn the_template_section_checks_its_dates_and_writes_the_template() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("#portfolio-table")?;
    app.click("a[href='#/import']")?;
    app.wait_for("#template-form")?;
    assert_eq!(app.value("#template-from")?, "2026-10-31");
    assert_eq!(app.value("#template-to")?, "2026-12-11");
    app.fill("#template-to", "2026-13-01")?;
    app.click("#template-save")?;
    app.wait_text("[data-field=to] .error", "Till: skriv datumet som ÅÅÅÅ-MM-DD")?;
    app.screenshot("import-template")?;
    app.assert_accessible("import-template")?;

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("matningar.xlsx");
    let saved = app.invoke(
        "save_measurement_template",
        e2e::json!({ "from": "2026-11-01", "to": "2026-12-31", "format": "xlsx", "path": path }),
    )?
    .map_err(e2e::Error::msg)?;
    assert_eq!(saved["rows"], 4, "{saved}");
    assert!(path.exists());
    let refused = app.invoke(
        "save_measurement_template",
        e2e::json!({ "from": "2026-12-31", "to": "2026-11-01", "format": "csv", "path": dir.path().join("x.csv") }),
    )?;
    assert!(refused.is_err_and(|m| m.contains("från-datumet måste vara samma dag eller före till-datumet")));
    Ok(())
}
