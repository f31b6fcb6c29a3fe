//! The calculation tab (nyttokalkyl) in the real window: results and chart follow the typing,
//! an approved version refuses changes with the store's Swedish sentence, a draft is approved
//! and a new version needs a reason, a calculation can be started from nothing, and the grid
//! is worked as a spreadsheet: arrow keys, the side panel of the selected line, and a block
//! pasted from Excel through the real X clipboard.

use std::io::Write;
use std::process::{Child, Command, Stdio};

use e2e::{keys, App, Context, Register, Result};

/// Opens the calculation tab of the demo initiative `code` (via its link in the portfolio).
fn open_calculation(app: &App, code: &str) -> Result<()> {
    app.wait_for("main h1")?;
    let href = app.execute(
        "const row = [...document.querySelectorAll('tr')].find((r) => r.textContent.includes(arguments[0]));
         return row.querySelector('a').getAttribute('href');",
        vec![code.into()],
    )?;
    let href = href.as_str().unwrap_or_default().to_string();
    app.execute(
        "location.hash = arguments[0]",
        vec![format!("{href}/calc").into()],
    )?;
    app.wait_for("#calc-version-title")?;
    Ok(())
}

#[test]
fn adding_a_line_changes_the_results_and_the_chart() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-004")?;
    let before = app.text("#calc-results")?;
    let chart_before = app.attr("#calc-chart", "src")?.unwrap_or_default();
    assert!(chart_before.starts_with("data:image/svg+xml;base64,"));
    app.screenshot("calculation-draft")?;
    app.assert_accessible("calculation-draft")?;

    app.click("#add-benefit-line")?;
    let n = app.find_all("#calc-grid tbody tr[data-line]")?.len();
    app.fill(&format!("[data-line=\"{n}\"] [name=\"likely\"]"), "250 000")?;
    let after = app.wait_until("the results to change", |s| {
        let Ok(table) = s.find("#calc-results") else {
            return Ok(None);
        };
        let text = table.text()?;
        Ok((text != before).then_some(text))
    })?;
    assert!(after.contains("Nuvärde av nyttor"), "{after}");
    assert_ne!(
        app.attr("#calc-chart", "src")?.unwrap_or_default(),
        chart_before
    );
    app.screenshot("calculation-line-added")?;

    app.click("#save-calculation")?;
    app.wait_text("#notice", "Version 2 är sparad")?;
    Ok(())
}

#[test]
fn an_approved_version_refuses_changes_with_a_clear_message() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-003")?;
    // A lock banner naming who approved it, when and by which decision; no Spara at all.
    app.wait_text("#calc-frozen-notice", "Låst. Version 2 är godkänd 2025-11-25 av Digitaliseringsrådet (DR 2025-11-25 §6)")?;
    let saves = app.execute("return document.querySelectorAll('#save-calculation, #delete-calculation-draft').length", vec![])?;
    assert_eq!(saves, 0, "a frozen version has no save button");
    app.execute("document.getElementById('calc-frozen-notice').scrollIntoView({ block: 'start' })", vec![])?;
    app.screenshot("calculation-frozen")?;
    // "Skapa ny version" beside it takes the focus to the new version's reason.
    app.click("#calc-frozen-notice-new-version")?;
    let focused = app.execute("return document.activeElement && document.activeElement.id", vec![])?;
    assert_eq!(focused, "calc-reason");
    app.screenshot("calculation-approved")?;
    app.assert_accessible("calculation-approved")?;

    app.select("#calc-compare-from", "1")?;
    app.select("#calc-compare-to", "2")?;
    app.click("#compare-calculation-versions")?;
    app.wait_text("#calc-comparison-table", "Ny rad")?;
    // What the changes did to the result comes first, old beside new.
    app.wait_text("#calc-comparison-table tbody tr:first-child", "Nettonuvärde, troligt")?;
    Ok(())
}

#[test]
fn a_draft_is_approved_and_a_new_version_needs_a_reason() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2026-002")?;
    app.wait_text("#calc-version-title", "utkast")?;
    app.fill("#calc-approved-by", "Digitaliseringsrådet")?;
    app.fill("#calc-decision-ref", "DR 2026-10-20 §2")?;
    app.click("#approve-calculation")?;
    app.click("dialog.modal button.danger")?;
    app.wait_text("#calc-frozen-notice", "Version 1 är godkänd")?;

    app.click("#new-calculation-version")?;
    app.wait_text("#notice", "Skäl")?;
    app.fill(
        "#calc-reason",
        "Fler pilotskolor efter beslut i grundskolenämnden",
    )?;
    app.click("#new-calculation-version")?;
    app.wait_text("#calc-version-title", "Version 2 – utkast")?;

    // Moving a line (from the side panel of the selected line) keeps the focus on the moved
    // line's button.
    app.click("[data-line=\"2\"] [name=\"description\"]")?;
    app.wait_text("#calc-side-title", "Rad 2")?;
    app.click(".calc-side [data-action=\"up\"]")?;
    let focused = app.execute(
        "const a = document.activeElement; return a.closest('[data-line]').dataset.line + ':' + a.dataset.action",
        vec![],
    )?;
    assert_eq!(focused.as_str(), Some("1:down"));

    // An unreadable number and a value Rust refuses both show beside their cell.
    app.fill("[data-line=\"4\"] [name=\"likely\"]", "abc")?;
    app.wait_for("[data-field=\"lines[3].value.est.likely\"] .error:not([hidden])")?;
    app.fill("[data-line=\"4\"] [name=\"likely\"]", "900000")?;
    app.wait_text(
        "[data-field=\"lines[3].value.est.high\"] .error",
        "får inte vara mindre än troligt värde",
    )?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "Rätta de markerade fälten")?;
    app.assert_accessible("calculation-errors")?;
    Ok(())
}

#[test]
fn a_calculation_can_be_started_from_nothing() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2026-002")?;
    app.click("#delete-calculation-draft")?;
    app.click("dialog.modal button.danger")?;
    app.wait_for("#create-calculation")?;
    app.assert_accessible("calculation-empty")?;
    app.click("#create-calculation")?;
    app.wait_text("#calc-version-title", "Version 1 – utkast")?;
    app.click("#add-cost-line")?;
    app.fill("[data-line=\"1\"] [name=\"likely\"]", "100000")?;
    app.wait_for("#calc-results")?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "Version 1 är sparad")?;
    Ok(())
}

/// The year cells of grid line `n` in the shown scenario, as the window shows them.
fn year_cells(app: &App, n: usize) -> Result<Vec<String>> {
    let cells = app.execute(
        "return [...document.querySelectorAll(`#calc-grid tr[data-line=\"${arguments[0]}\"] td.year`)].map((td) => td.textContent)",
        vec![n.into()],
    )?;
    Ok(cells.as_array().map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default())
}

#[test]
fn the_grid_shows_years_across_follows_the_scenario_and_moves_like_a_spreadsheet() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    app.set_window_size(1280, 720)?;
    open_calculation(&app, "NR-2025-004")?;
    // Years across, from the settings: 2025–2030 and a total.
    let head = app.text("#calc-grid thead")?;
    for year in ["2025", "2030", "Summa"] {
        assert!(head.contains(year), "{head}");
    }
    app.wait_until("the year cells", |_| Ok(year_cells(&app, 1)?.iter().any(|v| !v.is_empty()).then_some(())))?;
    let likely = year_cells(&app, 1)?;
    app.execute("document.getElementById('calc-lines-title').scrollIntoView({ block: 'start' })", vec![])?;
    app.click("label[for=\"calc-scenario-0\"]")?;
    app.wait_text("#calc-grid-key-figures", "Pessimistiskt: nettonuvärde")?;
    let pessimistic = year_cells(&app, 1)?;
    assert_ne!(likely, pessimistic, "the year columns follow the scenario");
    app.click("label[for=\"calc-scenario-1\"]")?;

    // Arrow keys and Enter move between cells; the side panel follows the selected line.
    app.click("[data-line=\"1\"] [name=\"likely\"]")?;
    app.press("[data-line=\"1\"] [name=\"likely\"]", keys::DOWN)?;
    let focused = || -> Result<String> {
        let v = app.execute(
            "const a = document.activeElement; return a.closest('tr').dataset.line + ':' + a.name",
            vec![],
        )?;
        Ok(v.as_str().unwrap_or_default().to_string())
    };
    assert_eq!(focused()?, "2:likely");
    app.wait_text("#calc-side-title", "Rad 2")?;
    app.press("[data-line=\"2\"] [name=\"likely\"]", keys::ENTER)?;
    assert_eq!(focused()?, "3:likely");
    app.press("[data-line=\"3\"] [name=\"likely\"]", &format!("{}{}", keys::END, keys::RIGHT))?;
    assert_eq!(focused()?, "3:high");
    app.press("[data-line=\"3\"] [name=\"high\"]", &format!("{}{}", keys::HOME, keys::LEFT))?;
    assert_eq!(focused()?, "3:likely");
    // Nothing on the page scrolls sideways at a laptop's size; the grid keeps its years inside.
    let sideways = app.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])?;
    assert!(sideways.as_i64().unwrap_or(1) <= 0, "the page scrolls sideways by {sideways}");
    app.screenshot("calculation-grid-1280")?;
    app.assert_accessible("calculation-grid")?;
    app.set_window_size(1920, 1080)?;
    app.screenshot("calculation-grid-1920")?;
    Ok(())
}

/// xclip serving `text` as the X clipboard until it is dropped (killed).
struct Clipboard(Child);

impl Clipboard {
    fn put(text: &str) -> Result<Clipboard> {
        let mut child = Command::new("xclip")
            .args(["-quiet", "-selection", "clipboard", "-i"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("xclip could not start (cargo xtask test installs the Debian package xclip)")?;
        child.stdin.take().context("xclip's stdin")?.write_all(text.as_bytes())?;
        // The clipboard is owned once xclip has read its input; give it a moment to say so.
        std::thread::sleep(std::time::Duration::from_millis(300));
        Ok(Clipboard(child))
    }
}

impl Drop for Clipboard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_block_copied_from_excel_is_pasted_through_the_x_clipboard() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-004")?;
    app.wait_text("#calc-version-title", "Version 2 – utkast")?;
    let before = app.find_all("#calc-grid tbody tr[data-line]")?.len();

    // As Excel puts it on the clipboard: tabs, CRLF, a trailing line break, thousands with
    // no-break and narrow no-break spaces, a decimal comma, a quoted cell.
    let block = "Kortare väntetid i kontaktcenter\t150\u{a0}000\t200\u{a0}000\t260\u{a0}000\r\n\
                 \"Färre \"\"papper\"\" i arkivet\"\t12\u{202f}500,50\t15 000\t18 000\r\n\
                 Snabbare diarieföring\t1 000\t2 000\t3 000\r\n";
    let _clipboard = Clipboard::put(block)?;
    app.click("#add-benefit-line")?;
    let first = before + 1;
    let cell = format!("[data-line=\"{first}\"] [name=\"description\"]");
    app.click(&cell)?;
    app.press(&cell, &format!("{}v{}", keys::CONTROL, "\u{E000}"))?;
    app.wait_text("#notice", "3 rader × 4 kolumner klistrades in (2 nya rader)")?;
    assert_eq!(app.value(&format!("[data-line=\"{}\"] [name=\"description\"]", first + 1))?, "Färre \"papper\" i arkivet");
    assert_eq!(app.value(&format!("[data-line=\"{}\"] [name=\"low\"]", first + 1))?, "12\u{a0}500,50");
    app.screenshot("calculation-pasted")?;
    app.click("#save-calculation")?;
    app.wait_text("#notice", "Version 2 är sparad")?;

    // What was saved, read back by the command line.
    let register = app.register().context("the demo register's path")?.to_path_buf();
    let out = Command::new(&app.setup().cli)
        .args(["calc", register.to_str().unwrap(), "--initiative", "NR-2025-004", "--version", "2", "--json"])
        .output()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let annual = |scenario: &str, n: usize| -> (String, String) {
        let line = json[scenario]["lines"].as_array().unwrap().iter().find(|l| l["line"] == n).cloned().unwrap_or_default();
        (line["description"].as_str().unwrap_or_default().to_string(), line["annual_value"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(annual("pessimistic", first), ("Kortare väntetid i kontaktcenter".into(), "150000".into()));
    assert_eq!(annual("likely", first), ("Kortare väntetid i kontaktcenter".into(), "200000".into()));
    assert_eq!(annual("optimistic", first), ("Kortare väntetid i kontaktcenter".into(), "260000".into()));
    assert_eq!(annual("pessimistic", first + 1), ("Färre \"papper\" i arkivet".into(), "12500.5".into()));
    assert_eq!(annual("likely", first + 2), ("Snabbare diarieföring".into(), "2000".into()));
    Ok(())
}

#[test]
fn one_bad_cell_refuses_the_whole_paste_and_says_which() -> Result<()> {
    let app = App::launch(Register::Demo)?;
    open_calculation(&app, "NR-2025-004")?;
    app.click("#add-benefit-line")?;
    let lines = app.find_all("#calc-grid tbody tr[data-line]")?.len();
    app.fill(&format!("[data-line=\"{lines}\"] [name=\"low\"]"), "5")?;
    // A paste event as the clipboard gives it, with one cell that is no number: the block
    // would fill the new line and add two more.
    app.execute(
        "const input = document.querySelector(`[data-line=\"${arguments[0]}\"] [name=\"low\"]`);
         input.focus();
         const data = new DataTransfer();
         data.setData('text/plain', '100\\t200\\t300\\r\\n400\\t5OO\\t600\\r\\n700\\t800\\t900');
         input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
        vec![lines.into()],
    )?;
    app.wait_text(
        "#notice",
        &format!("Rad {}, Troligt (blockets rad 2, kolumn 2): ”5OO” är inte ett tal", lines + 1),
    )?;
    app.wait_text("#calc-save-message", "Inget klistrades in")?;
    assert_eq!(app.value(&format!("[data-line=\"{lines}\"] [name=\"low\"]"))?, "5", "nothing was pasted");
    assert_eq!(app.find_all("#calc-grid tbody tr[data-line]")?.len(), lines, "no line was added");

    // A block wider than the columns it lands on is refused with the columns it could fill.
    app.execute(
        "const input = document.querySelector(`[data-line=\"${arguments[0]}\"] [name=\"likely\"]`);
         const data = new DataTransfer();
         data.setData('text/plain', '1\\t2\\t3');
         input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
        vec![lines.into()],
    )?;
    app.wait_text("#notice", "Blocket har 3 kolumner, men från kolumnen Troligt finns bara 2 kolumner att fylla (Troligt, Högt)")?;
    Ok(())
}
