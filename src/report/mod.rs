//! Charts and reports.
//!
//! Charts are drawn once with plotters as SVG (`calc_chart`, `followup_chart`,
//! `portfolio_chart`); the window, the PDF reports and the exports show the same pictures.
//!
//! The PDF reports are made in two steps from values the application layer read from the
//! register and evaluated (`app::reports`; this module never sees the store): [`data`]
//! assembles, as plain serde structs, everything a report shows — texts, formatted numbers,
//! statuses in words and the charts as SVG; [`pdf`] typesets that JSON with typst and the
//! templates in `templates/`. The templates never see the register, and user text reaches
//! typst only as data, never as markup (design §6).
pub mod annual;
pub mod breaks;
pub mod calc_chart;
pub mod calc_table;
pub mod data;
pub mod docx;
pub mod followup_chart;
mod guard;
mod join;
pub mod parts;
pub mod pdf;
pub mod portfolio_chart;
pub mod preview;
pub mod raster;

use chrono::NaiveDate;

pub use pdf::Pdf;

/// Why a report could not be made. `Display` is the Swedish sentence the user reads.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("Det finns ingen organisation som heter {name} i registret. Organisationer: {known}.")]
    UnknownOrganisation { name: String, known: String },

    #[error("År: ange ett år mellan 2000 och 2100 (nu {0}).")]
    Year(i32),

    #[error("Organisation: välj den leverantör som analysen gäller.")]
    NoOrganisation,

    #[error("Det finns ingen insats med koden {0} i registret.")]
    UnknownInitiative(String),

    /// A decision document (beslutsunderlag) was asked for an initiative with no draft.
    #[error(
        "Insatsen {0} har inget utkast till nyttokalkyl eller nyttorealiseringsplan, så det finns inget att \
         besluta om. Ett beslutsunderlag visar ett utkast som väntar på godkännande; de godkända \
         versionerna finns i rapporten om insatsen."
    )]
    NoDraft(String),

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

/// The council pack (underlag till digitaliseringsrådet) from its data
/// ([`data::council`], its charts drawn): typeset ([`Phase::Typesetting`], [`Phase::Writing`]
/// are told to `progress`) in one piece when it has at most `per_part` council-tracked
/// initiatives, else in parts of `per_part`, joined ([`parts`]; the program uses
/// [`parts::INITIATIVES_PER_PART`]). The same data gives the same bytes.
pub fn council_pack_pdf(
    data: data::Report<data::Council>,
    date: NaiveDate,
    per_part: usize,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    parts::council_pack(data, date, per_part, progress)
}

/// The report on one initiative from what the application layer read and evaluated.
pub fn initiative_report_pdf(
    source: &data::InitiativeSource<'_>,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    render(pdf::INITIATIVE, &data::initiative(source), source.date, progress)
}

/// The decision document (beslutsunderlag) on an initiative's draft calculation and/or plan,
/// every page marked as a draft. Refused without a draft ([`ReportError::NoDraft`]).
pub fn decision_document_pdf(
    source: &data::DecisionSource,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    render(pdf::DECISION, &data::decision(source)?, source.date, progress)
}

/// The annual analysis of one supplier and year (seed 003) as PDF, from the document the
/// application layer assembled; the same blocks as [`docx::annual_analysis`].
pub fn annual_analysis_pdf(doc: &annual::AnnualAnalysis, progress: &mut dyn FnMut(Phase)) -> Result<Pdf, ReportError> {
    let title = annual::title(doc.year);
    let data = AnnualData {
        footer: format!("{} · per {}", title, crate::format::date(doc.date)),
        header: data::running_head(&doc.organisation),
        register: doc.register.clone(),
        date: crate::format::date(doc.date),
        organisation: doc.organisation.clone(),
        cover: annual::cover(doc),
        cover_note: annual::cover_note(doc),
        blocks: annual::blocks(doc),
        title,
    };
    let report = data::Report { data, charts: Vec::new(), ident: format!("/{}/{}", doc.organisation, doc.year) };
    render(pdf::ANNUAL, &report, doc.date, progress)
}

/// What `templates/annual.typ` reads as `/data.json`.
#[derive(serde::Serialize)]
struct AnnualData {
    title: String,
    register: String,
    header: String,
    footer: String,
    date: String,
    organisation: String,
    cover: Vec<(String, String)>,
    cover_note: String,
    blocks: Vec<annual::Block>,
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
            archival: true,
        },
        progress,
    )
}
