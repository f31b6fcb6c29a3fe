//! Charts and reports.
//!
//! Charts are drawn once with plotters as SVG (`calc_chart`, `followup_chart`,
//! `portfolio_chart`); the window, the PDF reports and the exports show the same pictures.
//!
//! The PDF reports are made in two steps: [`data`] reads the register and assembles, as
//! plain serde structs, everything a report shows — texts, formatted numbers, statuses in
//! words and the charts as SVG; [`pdf`] typesets that JSON with typst and the templates in
//! `templates/`. The templates never see the register, and user text reaches typst only as
//! data, never as markup (design §6).
pub mod breaks;
pub mod calc_chart;
pub mod calc_table;
pub mod data;
pub mod followup_chart;
mod guard;
pub mod pdf;
pub mod portfolio_chart;
pub mod preview;
pub mod raster;

use chrono::NaiveDate;

pub use pdf::Pdf;

use crate::store::{Register, StoreError};

/// Why a report could not be made. `Display` is the Swedish sentence the user reads.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Store(#[from] StoreError),

    #[error("Det finns ingen organisation som heter {name} i registret. Organisationer: {known}.")]
    UnknownOrganisation { name: String, known: String },

    #[error("Det finns ingen insats med koden {0} i registret.")]
    UnknownInitiative(String),

    #[error("Rapportens data kunde inte sammanställas: {0}")]
    Data(String),

    #[error("Rapporten kunde inte sättas (fel i rapportmallen): {0}")]
    Typst(String),

    #[error("PDF-filen kunde inte skapas: {0}")]
    Pdf(String),

    /// typst stopped with an internal error (a panic, caught): a fault in typst, not in the
    /// register, told in Swedish with typst's own message as detail.
    #[error("Rapporten kunde inte sättas: sättningsprogrammet (typst) avbröts av ett internt fel. Ingen rapport skapades. Detalj: {0}")]
    Typesetter(String),

    /// A preview page or a chart picture could not be drawn; the text says which and why.
    #[error("Bilden kunde inte ritas: {0}.")]
    Picture(String),
}

/// What a report is doing, told to whoever shows progress as each phase starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading the register and drawing the charts.
    Reading,
    /// Laying out the pages.
    Typesetting,
    /// Writing the PDF file.
    Writing,
}

/// The council pack (underlag till digitaliseringsrådet) for the reporting period that ends
/// on `date`, for the whole register or for one organisation (by name, case-insensitive).
/// The same register and date give the same bytes.
pub fn council_pack(register: &Register, date: NaiveDate, organisation: Option<&str>) -> Result<Vec<u8>, ReportError> {
    Ok(council_pack_pdf(register, date, organisation)?.bytes)
}

/// [`council_pack`], telling also whether the file became PDF/A.
pub fn council_pack_pdf(register: &Register, date: NaiveDate, organisation: Option<&str>) -> Result<Pdf, ReportError> {
    council_pack_with_progress(register, date, organisation, &mut |_| {})
}

/// [`council_pack_pdf`], calling `progress` as each [`Phase`] starts.
pub fn council_pack_with_progress(
    register: &Register,
    date: NaiveDate,
    organisation: Option<&str>,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    progress(Phase::Reading);
    // One read transaction: a save in the window while the pack is read cannot make its
    // overview disagree with its initiative pages.
    let report = register.read_consistently(|r| data::council(r, date, organisation))?;
    render(pdf::COUNCIL, &report, date, progress)
}

/// The report on one initiative (by code, case-insensitive) as of `date`.
pub fn initiative_report(register: &Register, initiative_code: &str, date: NaiveDate) -> Result<Vec<u8>, ReportError> {
    Ok(initiative_report_pdf(register, initiative_code, date)?.bytes)
}

/// [`initiative_report`], telling also whether the file became PDF/A.
pub fn initiative_report_pdf(register: &Register, initiative_code: &str, date: NaiveDate) -> Result<Pdf, ReportError> {
    initiative_report_with_progress(register, initiative_code, date, &mut |_| {})
}

/// [`initiative_report_pdf`], calling `progress` as each [`Phase`] starts.
pub fn initiative_report_with_progress(
    register: &Register,
    initiative_code: &str,
    date: NaiveDate,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    progress(Phase::Reading);
    let report = register.read_consistently(|r| data::initiative(r, initiative_code, date))?;
    render(pdf::INITIATIVE, &report, date, progress)
}

fn render<T: serde::Serialize>(
    template: pdf::Template,
    report: &data::Report<T>,
    date: NaiveDate,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    let json = serde_json::to_vec(&report.data).map_err(|e| ReportError::Data(e.to_string()))?;
    pdf::render(
        &pdf::Job {
            template,
            data: json,
            charts: &report.charts,
            date,
            ident: format!("nyttoregistret{}{}", template.path, report.ident),
        },
        progress,
    )
}
