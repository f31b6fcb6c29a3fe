//! Comparable costs in the window (issue 15, docs/kostnader.md): the costs tab shows a row per
//! year, kind and type in tkr with Avvikelse, the sums with intern and extern apart and the
//! "Endast externa kostnader" flag in words; a row is added with hours and rate (Utfall
//! computed), a mismatching Utfall is refused beside its field, and a row is removed; the
//! initiative form keeps the running-cost impact per calendar year, added and removed from
//! the keyboard. Each view is screenshotted and checked with axe.

use e2e::webdriver::keys;
use e2e::{App, Register, Result};

/// The cells of the cost table's row for `year`, `kind` and `type` (as shown), or null.
fn row(app: &App, year: &str, kind: &str, cost_type: &str) -> Result<serde_json::Value> {
    app.execute(
        "const r = [...document.querySelectorAll('#cost-table tbody tr')].find((tr) => {
             const c = [...tr.children].map((td) => td.textContent);
             return c[0] === arguments[0] && c[1] === arguments[1] && c[2] === arguments[2];
         });
         return r ? [...r.children].map((td) => td.textContent) : null;",
        vec![year.into(), kind.into(), cost_type.into()],
    )
}

#[test]
fn costs_tab_shows_tkr_avvikelse_sums_and_computes_internal_utfall() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2024-002", "costs")?;
    app.wait_for("#cost-table")?;
    app.wait_text("#cost-table", "424 h à 635 kr/h")?;
    app.wait_text("#cost-totals", "Intern totalt")?;
    app.wait_text("#cost-totals", "Extern totalt")?;
    app.wait_text("#cost-totals", "Totalt, intern och extern")?;
    app.wait_text("#cost-rounding", "Avvikelse = budget − prognos")?;
    assert!(!app.exists("#only-external-flag")?, "this initiative counts its own staff's time");
    app.screenshot("costs-tab")?;
    app.assert_accessible("costs-tab")?;

    // A new internal förvaltning row with hours and rate: Utfall is computed.
    app.fill("[name=year]", "2027")?;
    app.select("[name=kind]", "forvaltning")?;
    app.select("[name=cost_type]", "intern")?;
    app.fill("[name=budget]", "80 000")?;
    app.fill("[name=forecast]", "90 000")?;
    app.fill("[name=hours]", "120")?;
    app.fill("[name=hourly_rate]", "650")?;
    // From the keyboard: Enter on the focused button.
    app.press("#save-cost-year", keys::ENTER)?;
    app.wait_text("#notice", "Kostnadsraden är sparad.")?;
    app.wait_text("#cost-table", "120 h à 650 kr/h")?;
    let cells = row(&app, "2027", "Förvaltning", "Intern")?;
    assert_eq!(cells[3], "80");
    assert!(cells[4].as_str().unwrap().starts_with("78"), "{cells}");
    assert_eq!(cells[6], "−10", "Avvikelse = budget − prognos");

    // A Utfall that is not hours × rate is refused beside the field, and nothing changes.
    app.fill("[name=year]", "2027")?;
    app.select("[name=kind]", "forvaltning")?;
    app.select("[name=cost_type]", "intern")?;
    app.fill("[name=hours]", "120")?;
    app.fill("[name=hourly_rate]", "650")?;
    app.fill("[name=actual]", "80 000")?;
    // From the keyboard: Enter on the focused button.
    app.press("#save-cost-year", keys::ENTER)?;
    app.wait_text("[data-field=actual] .error", "stämmer inte med timmar × timpris")?;
    app.screenshot("costs-utfall-refused")?;
    app.assert_accessible("costs-utfall-refused")?;

    // The row is removed after a question; the figures stay in the history.
    app.execute(
        "[...document.querySelectorAll('#cost-table button')].find((b) => b.getAttribute('aria-label') === 'Ta bort 2027 förvaltning intern').focus()",
        vec![],
    )?;
    app.execute("document.activeElement.click()", vec![])?;
    app.wait_for("dialog.modal")?;
    app.assert_accessible("costs-remove-question")?;
    app.click("dialog.modal button.danger")?;
    app.wait_text("#notice", "Kostnadsraden är borttagen.")?;
    app.wait_until("the row gone", |_| Ok(row(&app, "2027", "Förvaltning", "Intern").ok().filter(|r| r.is_null()).map(|_| ())))?;
    Ok(())
}

#[test]
fn costs_of_an_initiative_with_only_external_costs_are_flagged_in_words() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2025-002", "costs")?;
    app.wait_text("#only-external-flag", "Endast externa kostnader")?;
    app.wait_text("#only-external-flag", "kan därför inte jämföras")?;
    app.wait_text("#cost-totals", "Intern totalt")?;
    app.screenshot("costs-only-external")?;
    app.assert_accessible("costs-only-external")?;
    Ok(())
}

#[test]
fn costs_running_cost_impact_per_calendar_year_in_the_form() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2024-002", "fields")?;
    app.wait_for("#running-cost-rows")?;
    app.wait_text("#running-cost-count", "3 år angivna.")?;
    let years = || -> Result<serde_json::Value> {
        app.execute("return [...document.querySelectorAll('#running-cost-rows .year')].map((i) => i.value)", vec![])
    };
    assert_eq!(years()?, serde_json::json!(["2024", "2025", "2026"]));

    // Add a year from the keyboard: Enter on the button adds the next year and focuses it.
    app.press("#add-running-cost-year", keys::ENTER)?;
    app.wait_text("#running-cost-count", "4 år angivna.")?;
    assert_eq!(years()?[3], "2027");
    let focused = app.execute("return document.activeElement.getAttribute('aria-label')", vec![])?;
    assert_eq!(focused, "År, rad 4");
    app.fill("#running-cost-rows .running-cost-row:nth-child(4) .amount", "−30 000")?;
    app.screenshot("initiative-running-cost")?;
    app.assert_accessible("initiative-running-cost")?;
    app.execute("document.querySelector('form.initiative-form').dataset.before = 'sparad'", vec![])?;
    app.click("#save-initiative")?;
    app.wait_text("#notice", "Ändringarna är sparade")?;
    app.wait_until("the form drawn anew after the save", |s| {
        let fresh = s.execute(
            "const f = document.querySelector('form.initiative-form'); return !!f && !f.dataset.before",
            vec![],
        )?;
        Ok((fresh == serde_json::Value::Bool(true)).then_some(()))
    })?;
    app.wait_text("#running-cost-count", "4 år angivna.")?;
    let amount = app.value("#running-cost-rows .running-cost-row:nth-child(4) .amount")?;
    assert_eq!(amount, "−30\u{a0}000");

    // A year twice is refused beside the row, naming the year.
    app.fill("#running-cost-rows .running-cost-row:nth-child(4) .year", "2026")?;
    app.click("#save-initiative")?;
    app.wait_text("#running-cost-rows .error", "2026 finns två gånger")?;

    // Remove the row from the keyboard; focus moves to a neighbour, not to the page.
    app.press("#running-cost-rows .running-cost-row:nth-child(4) button", keys::ENTER)?;
    app.wait_text("#running-cost-count", "3 år angivna.")?;
    let focused = app.execute("return document.activeElement.classList.contains('year')", vec![])?;
    assert_eq!(focused, serde_json::Value::Bool(true));
    Ok(())
}
