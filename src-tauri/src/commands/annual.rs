//! The annual analysis in the Reports view: the supplier's texts ("Leverantörens analys") read
//! and saved section by section, the analysis made as PDF for the preview (kept as the last
//! report, so the preview, Spara som … and Öppna work as for the other reports) and saved as
//! a Word document.

use std::sync::Arc;

use tauri::ipc::Channel;
use tauri::State;

use nytta::app::annual_analysis::{self, Format, SectionText};
use nytta::app::OpenRegister;
use nytta::model::annual_analysis::Section;
use nytta::model::FieldError;
use nytta::report::preview;

use super::reports::{file_name, Making, Phase, ReportSummary};
use crate::error::{UiError, UiResult};
use crate::files;
use crate::state::{AppState, LastReport};

/// The supplier and year of the form, checked field by field.
fn check(supplier: &str, year: i32) -> UiResult<(String, i32)> {
    let mut fields = Vec::new();
    if supplier.trim().is_empty() {
        fields.push(FieldError::new("supplier", "Leverantör: välj den leverantör som analysen gäller."));
    }
    if !nytta::model::annual_analysis::YEARS.contains(&year) {
        fields.push(FieldError::new("year", "År: ange ett år mellan 2000 och 2100."));
    }
    if fields.is_empty() {
        Ok((supplier.trim().to_string(), year))
    } else {
        Err(UiError { message: "Den årliga analysen kunde inte visas. Rätta de markerade fälten.".into(), fields })
    }
}

/// Every section's "Leverantörens analys" of `supplier`'s analysis for `year`, with the row
/// version each save starts from.
#[tauri::command]
pub fn annual_analysis_texts(state: State<AppState>, supplier: String, year: i32) -> UiResult<Vec<SectionText>> {
    let (supplier, year) = check(&supplier, year)?;
    state.with(|r| Ok(annual_analysis::section_texts(r, &supplier, year)?))
}

/// Saves one section's text from the version the edit started at. A refused stale save
/// writes nothing; the window keeps the user's text.
#[tauri::command]
pub fn save_annual_analysis_text(
    state: State<AppState>,
    supplier: String,
    year: i32,
    section: String,
    row_version: i64,
    text: String,
) -> UiResult<SectionText> {
    let (supplier, year) = check(&supplier, year)?;
    let section = Section::from_code(&section).ok_or_else(|| UiError::new(format!("Internt fel: avsnittet {section} finns inte i mallen.")))?;
    state.with(|r| Ok(annual_analysis::save_section_text(r, &supplier, year, section, row_version, &text)?))
}

/// Makes the analysis as PDF off the window's thread and keeps it for the preview.
#[tauri::command]
pub async fn generate_annual_analysis(
    state: State<'_, AppState>,
    supplier: String,
    year: i32,
    on_progress: Channel<Phase>,
) -> UiResult<ReportSummary> {
    let (supplier, year) = check(&supplier, year)?;
    let (path, generation) = state.register_and_generation()?;
    let _making = Making::start()?;
    let register_path = path.clone();
    let name = file_name(&["Årlig analys", &year.to_string(), &supplier]);
    let (pdf, pages) = tauri::async_runtime::spawn_blocking(move || -> UiResult<_> {
        let _ = on_progress.send(Phase::Open);
        let register = OpenRegister::open(&path)?;
        let mut tell = |phase: nytta::report::Phase| {
            let _ = on_progress.send(phase.into());
        };
        let pdf = annual_analysis::annual_analysis_pdf(&register, &supplier, year, &mut tell)?;
        let _ = on_progress.send(Phase::Preview);
        let pages = preview::page_count(&pdf.bytes)?;
        Ok((pdf, pages))
    })
    .await
    .map_err(|_| UiError::new("Analysen kunde inte skapas på grund av ett internt fel. Inget har ändrats i registret."))??;
    let summary = ReportSummary { pages, file_name: name.clone(), not_pdf_a: pdf.not_pdf_a.clone() };
    state.keep_report(LastReport {
        pdf: Arc::new(pdf.bytes),
        pages,
        file_name: name,
        on_disk: None,
        register: register_path,
        generation,
    })?;
    Ok(summary)
}

/// Writes `supplier`'s analysis for `year` as a Word document to `path` (from the save
/// dialog; always as a `.docx`, never over a register); returns the file written.
#[tauri::command]
pub async fn save_annual_analysis_docx(state: State<'_, AppState>, supplier: String, year: i32, path: String) -> UiResult<String> {
    let (supplier, year) = check(&supplier, year)?;
    let register_path = state.register_path()?;
    let target = files::target(&path, Format::Docx.extension(), Some(&register_path))?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || -> UiResult<()> {
        let register = OpenRegister::open(&register_path)?;
        let bytes = annual_analysis::annual_analysis_docx(&register, &supplier, year)?;
        files::write_atomic(&written, Some(&register_path), |out| out.write_all(&bytes))
    })
    .await
    .map_err(|_| UiError::new("Word-dokumentet kunde inte sparas på grund av ett internt fel."))??;
    Ok(target.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_checked_field_by_field() {
        let error = check(" ", 1999).err().unwrap();
        let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["supplier", "year"]);
        assert_eq!(check(" Intraservice ", 2027).unwrap(), ("Intraservice".to_string(), 2027));
    }
}
