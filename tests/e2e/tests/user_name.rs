//! The user's name: the first start asks for it (prefilled with the system's name), and what
//! the user then records carries it — the measurement's "Registrerad av" and the initiative's
//! history (the audit log) — in the register file; it is changed from Om registret.

use e2e::{App, Register, Result};

#[test]
fn the_first_start_asks_for_the_name_and_changes_carry_it() -> Result<()> {
    let app = App::builder().register(Register::Demo).first_start().launch()?;
    app.wait_for("#user-name-dialog")?;
    let suggested = app.value("#user-name")?;
    assert!(!suggested.trim().is_empty(), "the name is prefilled from the system");
    app.screenshot("user-name-first-start")?;
    app.assert_accessible("user-name-first-start")?;

    // A blank name is refused beside the field; nothing is kept.
    app.fill("#user-name", "   ")?;
    app.click("#save-user-name")?;
    app.wait_text("#user-name-error", "Namn: skriv ditt namn")?;
    app.fill("#user-name", "Karin Ström")?;
    app.click("#save-user-name")?;
    app.wait_text("#notice", "Dina ändringar registreras nu som Karin Ström")?;
    app.wait_gone("#user-name-dialog")?;

    // A measurement recorded now names her, and so does the audit log.
    app.open_initiative("NR-2024-003", "followup")?;
    let card = "#followup-indicator-TOLKPL";
    app.fill(&format!("{card} tfoot [name=\"date\"]"), "2026-09-03")?;
    app.fill(&format!("{card} tfoot [name=\"value\"]"), "148")?;
    app.click("#add-measurement-TOLKPL")?;
    app.wait_text("#notice", "Mätningen är registrerad")?;
    app.wait_text(&format!("{card} tbody"), "Karin Ström")?;
    app.open_initiative("NR-2024-003", "history")?;
    app.wait_text("main table", "Karin Ström")?;

    // Om registret says who changes are recorded as, and the name can be changed there.
    app.click("#about-register")?;
    app.wait_text("#about-author", "Ändringar du gör registreras som Karin Ström")?;
    app.click("#change-user-name")?;
    assert_eq!(app.value("#user-name")?, "Karin Ström");
    app.fill("#user-name", "Karin Ström-Lind")?;
    app.click("#save-user-name")?;
    app.wait_text("#notice", "Karin Ström-Lind")?;
    Ok(())
}

#[test]
fn a_name_given_once_is_not_asked_for_again() -> Result<()> {
    let mut app = App::launch(Register::Demo)?;
    app.wait_for("main h1")?;
    assert!(!app.exists("#user-name-dialog")?, "a known name is not asked for");
    app.restart()?;
    app.wait_for("main h1")?;
    assert!(!app.exists("#user-name-dialog")?);
    Ok(())
}
