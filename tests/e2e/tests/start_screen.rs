//! The start screen: what a user sees when the app opens without a register.

use e2e::{App, Register, Result};

#[test]
fn start_screen_is_accessible() -> Result<()> {
    let app = App::launch(Register::None)?;
    app.wait_for("main h1")?;
    app.screenshot("start")?;
    app.assert_accessible("start")?;
    Ok(())
}
