//! The annual analysis in the Reports view, in the real window: choose the supplier and the
//! year, write a section's "Leverantörens analys" and save it (from the keyboard), a stale save
//! refused with the typed text kept, the analysis previewed like the other reports and saved
//! as PDF and as Word; the view passes axe. (The native save dialog cannot be driven by
//! WebDriver: its answer's commands are called directly, as the view does.)

use std::path::Path;
use std::time::Duration;

use e2e::{keys, App, Register, Result, Value};

const REPORT_TIMEOUT: Duration = Duration::from_secs(180);
const DMS: &str = "Förvaltningen för demokrati och medborgarservice";
const TEXT: &str = "Portföljen domineras av effektiviseringar med extern nytta; tre insatser saknar effektmål.";

#[test]
fn the_annual_analysis_is_written_saved_previewed_and_exported() -> Result<()> {
    let app = App::builder().register(Register::Demo).timeout(REPORT_TIMEOUT).launch()?;
    app.wait_for("#portfolio-table")?;
    app.click("#nav-reports")?;
    app.wait_text("main h1", "Rapporter")?;
    app.wait_for("#annual-analysis")?;
    assert_eq!(app.value("#annual-year")?, "2027", "the year after the demo register's date");

    // Nothing chosen: refused beside the field.
    app.click("#annual-load")?;
    app.wait_text("[data-field=\"supplier\"] .error", "Leverantör")?;
    app.select("#annual-supplier", DMS)?;
    app.press("#annual-load", keys::ENTER)?;
    app.wait_for("#annual-text-1-3")?;
    assert_eq!(app.find_all(".annual-section")?.len(), 5, "one text per section of the template");
    app.wait_text("#annual-text-1-3-state", "Inte skriven ännu")?;

    // Written and saved from the keyboard.
    app.fill("#annual-text-1-3", TEXT)?;
    app.press("#annual-text-1-3-save", keys::ENTER)?;
    app.wait_text("#annual-text-1-3-state", "Sparad (version 1)")?;
    app.wait_text("#notice", "1.3 Portföljanalys sparades")?;
    app.execute("document.querySelector('#annual-analysis').scrollIntoView()", vec![])?;
    app.screenshot("annual-texts")?;
    app.assert_accessible("annual-texts")?;

    // Someone else saves the same section meanwhile (version 1 → 2): this window's next save
    // starts from version 1, is refused naming the section, and what was typed stays.
    let other = app.invoke(
        "save_annual_analysis_text",
        e2e::json!({ "supplier": DMS, "year": 2027, "section": "1.3", "rowVersion": 1, "text": "Någon annans text." }),
    )?
    .map_err(e2e::Error::msg)?;
    assert_eq!(other["row_version"], Value::from(2));
    app.fill("#annual-text-1-3", "Min nya text som inte får försvinna.")?;
    app.click("#annual-text-1-3-save")?;
    app.wait_text("#notice", "1.3 Portföljanalys")?;
    let notice = app.text("#notice")?;
    assert!(notice.contains("har ändrats av någon annan"), "{notice}");
    assert_eq!(app.value("#annual-text-1-3")?, "Min nya text som inte får försvinna.");
    app.wait_text("#annual-text-1-3-state", "Inte sparad")?;
    app.wait_text("#annual-text-1-3-state", "Din text finns kvar")?;
    app.screenshot("annual-stale")?;

    // Reloaded: the other text, and a save from its version goes through.
    app.click("#annual-load")?;
    app.wait_text("#annual-text-1-3-state", "Sparad (version 2)")?;
    assert_eq!(app.value("#annual-text-1-3")?, "Någon annans text.");
    app.fill("#annual-text-1-3", TEXT)?;
    app.click("#annual-text-1-3-save")?;
    app.wait_text("#annual-text-1-3-state", "Sparad (version 3)")?;

    // Previewed like the other reports.
    app.click("#annual-preview")?;
    app.wait_text("#report-page-counter", "Sida 1 av ")?;
    app.wait_text("#report-preview-title", "Årlig analys 2027")?;
    app.wait_text("#notice", "Rapporten är klar")?;
    // The focus goes to the pages once the first is drawn.
    app.wait_until("the focus on the preview's heading", |s| {
        let id = s.execute("return document.activeElement?.id || ''", vec![])?;
        Ok((id == "report-preview-title").then_some(()))
    })?;
    app.screenshot("annual-preview")?;
    app.assert_accessible("annual-preview")?;

    // Saved as PDF (the preview's Spara som …) and as Word.
    let dir = app.temp_dir().join("analys");
    std::fs::create_dir_all(&dir)?;
    let pdf = app.invoke("save_report", e2e::json!({ "path": dir.join("analys") }))?.map_err(e2e::Error::msg)?;
    assert_eq!(Path::new(pdf.as_str().unwrap_or_default()), dir.join("analys.pdf"));
    assert!(std::fs::read(dir.join("analys.pdf"))?.starts_with(b"%PDF"));
    assert!(app.exists("#annual-docx")?);
    let docx = app.invoke(
        "save_annual_analysis_docx",
        e2e::json!({ "supplier": DMS, "year": 2027, "path": dir.join("analys") }),
    )?
    .map_err(e2e::Error::msg)?;
    assert_eq!(Path::new(docx.as_str().unwrap_or_default()), dir.join("analys.docx"));
    let bytes = std::fs::read(dir.join("analys.docx"))?;
    assert!(bytes.starts_with(b"PK"), "a zip, as every .docx is");
    // A register is never written over, whatever its name.
    let copy = dir.join("kopia.docx");
    std::fs::copy(app.register().expect("the demo register"), &copy)?;
    let refused = app.invoke("save_annual_analysis_docx", e2e::json!({ "supplier": DMS, "year": 2027, "path": copy }))?
        .unwrap_err();
    assert!(refused.contains("skriver aldrig över ett register"), "{refused}");
    app.close()
}
