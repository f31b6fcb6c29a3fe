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
