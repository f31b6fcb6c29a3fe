//! Supplier and customers in the window (issue 15; seed 004 §2.4.2.5): the customers are a
//! keyboard-operable group of checkboxes, the allocation key is asked for only with
//! kostnadsfördelning, each benefit names the customer that realises it, and the portfolio
//! can be grouped by supplier or by customer — each view screenshotted and checked with axe.

use e2e::{App, Register, Result};

/// Saves the initiative form and waits until the saved initiative is drawn anew (a refused
/// save leaves the old form, and the wait says so).
fn save(app: &App) -> Result<()> {
    app.execute("document.querySelector('form.initiative-form').dataset.before = 'sparad'", vec![])?;
    app.click("#save-initiative")?;
    app.wait_until("the form drawn anew after the save", |s| {
        let fresh = s.execute(
            "const f = document.querySelector('form.initiative-form'); return !!f && !f.dataset.before",
            vec![],
        )?;
        Ok((fresh == serde_json::Value::Bool(true)).then_some(()))
    })?;
    app.wait_text("#notice", "Ändringarna är sparade")?;
    Ok(())
}

fn hidden(app: &App, css: &str) -> Result<bool> {
    Ok(app.execute("return document.querySelector(arguments[0]).hidden", vec![css.into()])? == serde_json::Value::Bool(true))
}

#[test]
fn customers_financing_and_the_allocation_key_in_the_form() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2025-003", "fields")?;
    app.wait_for("#customer-list")?;
    app.wait_text("#customers-count", "4 kunder valda")?;
    assert_eq!(app.value("[name=financing]")?, "faktura_a_pris");
    assert!(hidden(&app, "[data-field=allocation_key]")?, "no key à pris");

    // Kostnadsfördelning asks for the key.
    app.select("[name=financing]", "kostnadsfordelning")?;
    assert!(!hidden(&app, "[data-field=allocation_key]")?);
    app.fill("[name=allocation_key]", "Antal ärenden per socialförvaltning")?;

    // One more customer, ticked from the keyboard: Tab to the box, space to tick.
    let unticked = app.execute(
        "return [...document.querySelectorAll('#customer-list input')].find((i) => !i.checked).id",
        vec![],
    )?;
    let unticked = format!("#{}", unticked.as_str().unwrap());
    app.press(&unticked, " ")?;
    app.wait_text("#customers-count", "5 kunder valda")?;
    app.screenshot("initiative-supplier-customers")?;
    app.assert_accessible("initiative-supplier-customers")?;
    save(&app)?;

    // After the save: five customers, the key kept.
    app.wait_text("#customers-count", "5 kunder valda")?;
    assert_eq!(app.value("[name=allocation_key]")?, "Antal ärenden per socialförvaltning");

    // Another financing hides the key and the register keeps none.
    app.select("[name=financing]", "egen_budget")?;
    assert!(hidden(&app, "[data-field=allocation_key]")?);
    app.press(&unticked, " ")?;
    save(&app)?;
    app.wait_text("#customers-count", "4 kunder valda")?;
    app.select("[name=financing]", "kostnadsfordelning")?;
    assert_eq!(app.value("[name=allocation_key]")?, "");

    // No customer at all is refused beside the field.
    app.execute("for (const box of document.querySelectorAll('#customer-list input:checked')) box.click()", vec![])?;
    app.wait_text("#customers-count", "0 kunder valda")?;
    app.click("#save-initiative")?;
    app.wait_text("[data-field=customer_ids] .error", "minst en kund")?;
    app.screenshot("initiative-no-customer")?;
    Ok(())
}

#[test]
fn each_benefit_names_the_customer_that_realises_it() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.open_initiative("NR-2025-003", "plan")?;
    app.wait_text(".benefit-card", "Realiseras av")?;
    app.wait_text(".benefit-card", "Socialförvaltningen Centrum")?;
    app.screenshot("plan-realised-by")?;
    app.assert_accessible("plan-realised-by")?;
    Ok(())
}

#[test]
fn the_portfolio_groups_by_supplier_and_by_customer() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.wait_for("#portfolio-table")?;
    app.select("#portfolio-group", "supplier")?;
    app.wait_for(".portfolio-group")?;
    let intraservice = app.execute(
        "const s = [...document.querySelectorAll('.portfolio-group')].find((g) => g.querySelector('h2').textContent.startsWith('Intraservice'));
         return [...s.querySelectorAll('tr[data-code]')].map((r) => r.dataset.code);",
        vec![],
    )?;
    // Two running initiatives, one finished, and the proposal for the annual analysis.
    assert_eq!(intraservice, serde_json::json!(["NR-2023-001", "NR-2025-003", "NR-2025-004", "NR-2026-005"]));
    app.screenshot("portfolio-by-supplier")?;
    app.assert_accessible("portfolio-by-supplier")?;

    app.select("#portfolio-group", "customer")?;
    app.wait_text(".portfolio-group h2", "Socialförvaltningen Nordost")?;
    let nordost = app.execute(
        "const s = [...document.querySelectorAll('.portfolio-group')].find((g) => g.querySelector('h2').textContent.startsWith('Socialförvaltningen Nordost'));
         return [...s.querySelectorAll('tr[data-code]')].map((r) => r.dataset.code);",
        vec![],
    )?;
    // Nordost is a customer of the shared services and of the automation Intraservice supplies.
    assert!(nordost.as_array().unwrap().contains(&"NR-2025-003".into()), "{nordost}");
    app.screenshot("portfolio-by-customer")?;
    app.assert_accessible("portfolio-by-customer")?;

    app.select("#portfolio-group", "")?;
    app.wait_for("#portfolio-table")?;
    Ok(())
}
