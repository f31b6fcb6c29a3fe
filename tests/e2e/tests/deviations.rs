//! Benefit deviations in the window (issue 17): the follow-up tab asks for orsak and åtgärd for
//! a checkpoint that is saknas; saving an åtgärd takes it off "Att göra"; closing by a decision
//! says what is wrong by field in Swedish and then shows the state in words.

use e2e::{keys, App, Register, Result};

const TOLKPL: &str = "#deviations article[data-indicator=\"TOLKPL\"][data-months=\"12\"]";

#[test]
fn recording_an_action_for_a_deviation_and_closing_it_by_a_decision() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    // The demo's TOLKPL deviation has an orsak and no åtgärd: it is in "Att göra".
    app.wait_for("#nav-todo")?;
    app.click("#nav-todo")?;
    app.wait_text("#todo-deviations", "TOLKPL")?;
    app.wait_text("#todo-deviations", "Maria Johansson, sektorchef")?;

    app.open_initiative("NR-2024-003", "followup")?;
    app.wait_text(&format!("{TOLKPL} .state-text"), "Öppen")?;
    app.wait_text(&format!("{TOLKPL} h3"), "Saknas")?;
    let cause = app.value(&format!("{TOLKPL} [name=\"cause\"]"))?;
    assert!(cause.starts_with("Uttaget ur bokningssystemet"), "{cause}");
    // Särskilt följd: the decision asked of the council is asked for too.
    app.wait_for(&format!("{TOLKPL} [name=\"decision_requested\"]"))?;

    app.fill(&format!("{TOLKPL} [name=\"action\"]"), "Uttaget görs för hand i november.")?;
    app.press(&format!("{TOLKPL} button[type=\"submit\"]"), keys::ENTER)?;
    app.wait_text("#notice", "Avvikelsen är sparad")?;
    app.wait_text(&format!("{TOLKPL} .deviation-state"), "Öppen")?;
    assert_eq!(app.value(&format!("{TOLKPL} [name=\"action\"]"))?, "Uttaget görs för hand i november.");
    app.screenshot("deviation-action")?;
    app.assert_accessible("deviation-action")?;

    // Closing by a decision: a date that is no date, then a missing § are said by field.
    app.select(&format!("{TOLKPL} [name=\"closure\"]"), "decision")?;
    app.fill(&format!("{TOLKPL} [name=\"decision\"]"), "Mätningen görs kvartalsvis från 2027")?;
    app.fill(&format!("{TOLKPL} [name=\"decided_by\"]"), "Strategiska samordningsgruppen")?;
    app.fill(&format!("{TOLKPL} [name=\"decision_date\"]"), "30 okt")?;
    app.press(&format!("{TOLKPL} [name=\"decision_date\"]"), keys::ENTER)?;
    app.wait_text(&format!("{TOLKPL} .closure-decision"), "Beslutsdatum: skriv datumet som ÅÅÅÅ-MM-DD.")?;
    assert_eq!(app.attr(&format!("{TOLKPL} [name=\"decision_date\"]"), "aria-invalid")?.as_deref(), Some("true"));
    app.fill(&format!("{TOLKPL} [name=\"decision_date\"]"), "2026-10-30")?;
    app.press(&format!("{TOLKPL} [name=\"decision_date\"]"), keys::ENTER)?;
    app.wait_text(&format!("{TOLKPL} .closure-decision"), "Paragraf/diarienummer: ange beslutets § eller diarienummer.")?;
    assert_eq!(app.attr(&format!("{TOLKPL} [name=\"reference\"]"), "aria-invalid")?.as_deref(), Some("true"));
    app.screenshot("deviation-errors")?;
    app.assert_accessible("deviation-errors")?;
    app.fill(&format!("{TOLKPL} [name=\"reference\"]"), "§ 14")?;
    app.press(&format!("{TOLKPL} [name=\"reference\"]"), keys::ENTER)?;
    app.wait_text("#notice", "Avvikelsen är sparad")?;
    app.wait_text(
        &format!("{TOLKPL} .state-text"),
        "Stängd genom beslut: Mätningen görs kvartalsvis från 2027 (Strategiska samordningsgruppen 2026-10-30, § 14)",
    )?;
    app.screenshot("deviation-closed")?;

    app.click("#nav-todo")?;
    app.wait_text("#todo-deviations-title", "Nyttoavvikelser utan åtgärd")?;
    app.wait_gone("#todo-deviations")?;
    Ok(())
}
