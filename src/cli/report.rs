//! `nytta report council` and `nytta report initiative` (with `--utkast` the decision document
//! on its drafts): the PDF reports on the command line.

use std::path::Path;

use nytta::app::AppError;
use nytta::files;

/// `nytta report council FILE --date YYYY-MM-DD [--org NAME | --kund NAME] --out pack.pdf`.
pub fn council(
    file: &Path,
    date: Option<&str>,
    organisation: Option<&str>,
    customer: Option<&str>,
    out: &Path,
) -> anyhow::Result<()> {
    use nytta::app::reports::PackScope;
    let (register, date) = super::status::open_as_of(file, date)?;
    let scope = match (organisation, customer) {
        (Some(o), _) => PackScope::Supplier(o),
        (None, Some(c)) => PackScope::Customer(c),
        (None, None) => PackScope::Register,
    };
    let progress = super::progress::Progress::start("Tar fram rådsrapporten");
    let pdf = nytta::app::reports::council_pack_scoped(&register, date, scope, &mut |phase| progress.report_phase(phase))
        .map_err(said)?;
    files::write_bytes(out, Some(file), &pdf.bytes)?;
    drop(progress);
    notice_if_not_pdf_a(&pdf);
    println!("Skrev rådsrapporten per {} till {}.", nytta::format::date(date), out.display());
    Ok(())
}

/// `nytta report initiative FILE --initiative CODE [--date YYYY-MM-DD] --out report.pdf`.
pub fn initiative(file: &Path, code: &str, date: Option<&str>, out: &Path) -> anyhow::Result<()> {
    let (register, date) = super::status::open_as_of(file, date)?;
    let progress = super::progress::Progress::start("Tar fram rapporten om insatsen");
    let pdf = nytta::app::reports::initiative_report_with_progress(&register, code, date, &mut |phase| progress.report_phase(phase))
        .map_err(said)?;
    files::write_bytes(out, Some(file), &pdf.bytes)?;
    drop(progress);
    notice_if_not_pdf_a(&pdf);
    println!("Skrev rapporten om {} per {} till {}.", code.trim(), nytta::format::date(date), out.display());
    Ok(())
}

/// `nytta report initiative FILE --initiative CODE --utkast [--date YYYY-MM-DD] --out underlag.pdf`:
/// the decision document on the initiative's drafts, every page marked as a draft.
pub fn decision(file: &Path, code: &str, date: Option<&str>, out: &Path) -> anyhow::Result<()> {
    let (register, date) = super::status::open_as_of(file, date)?;
    let pdf = nytta::app::reports::decision_document_pdf(&register, code, date).map_err(said)?;
    files::write_bytes(out, Some(file), &pdf.bytes)?;
    notice_if_not_pdf_a(&pdf);
    println!(
        "Skrev beslutsunderlaget (utkast) om {} per {} till {}.",
        code.trim(),
        nytta::format::date(date),
        out.display()
    );
    Ok(())
}

/// The file formats of `nytta report annual --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnualFormat {
    Pdf,
    Docx,
}

/// `nytta report annual FILE --org NAME [--year YYYY] [--format pdf|docx] --out FILE`: the
/// annual analysis of one supplier, as PDF or Word, chosen by `--format` or else by the
/// extension of `--out`.
pub fn annual(file: &Path, org: &str, year: Option<i32>, format: Option<AnnualFormat>, out: &Path) -> anyhow::Result<()> {
    use nytta::app::annual_analysis::{annual_analysis_file, Format};
    use nytta::app::prelude::*;
    // A register is refused as --out before anything else is said about the file's name.
    files::refuse_register(out, Some(file))?;
    let by_extension = Format::of_path(out);
    let format = match (format, by_extension) {
        (Some(AnnualFormat::Pdf), Some(Format::Docx)) | (Some(AnnualFormat::Docx), Some(Format::Pdf)) => anyhow::bail!(
            "--format: formatet {} stämmer inte med filändelsen i --out ({}). Ändra det ena så att de stämmer.",
            if format == Some(AnnualFormat::Pdf) { "pdf" } else { "docx" },
            out.display()
        ),
        (Some(AnnualFormat::Pdf), _) => Format::Pdf,
        (Some(AnnualFormat::Docx), _) => Format::Docx,
        (None, Some(format)) => format,
        (None, None) => anyhow::bail!(
            "--out: {} slutar varken på .pdf eller .docx. Ange filändelsen eller --format pdf eller --format docx.",
            out.display()
        ),
    };
    if let Some(year) = year.filter(|y| !nytta::model::annual_analysis::YEARS.contains(y)) {
        anyhow::bail!("--year: ange ett år mellan 2000 och 2100 (nu {year}).");
    }
    if org.trim().is_empty() {
        anyhow::bail!("--org: ange leverantörens namn, till exempel --org Intraservice.");
    }
    let register = super::open_register(file)?;
    let year = match year {
        Some(year) => year,
        None => chrono::Datelike::year(&register.view_date()?) + 1,
    };
    let bytes = annual_analysis_file(&register, org, year, format, &mut |_| {}).map_err(said)?;
    files::write_bytes(out, Some(file), &bytes)?;
    let what = if format == Format::Pdf { "PDF" } else { "Word-dokument" };
    let supplier = nytta::app::reports::organisation_scope_of(&register, Some(org)).map_err(said)?.unwrap_or_default();
    println!("Skrev årlig analys {year} för {supplier} som {what} till {}.", out.display());
    Ok(())
}

/// The error inside, as the CLI knows it: the store's or the report's own Swedish sentence,
/// with its detail behind it (`NYTTA_DETALJER=1`).
fn said(error: AppError) -> anyhow::Error {
    match error {
        AppError::Store(store) => store.into(),
        AppError::Report(report) => report.into(),
    }
}

fn notice_if_not_pdf_a(pdf: &nytta::report::Pdf) {
    if let Some(why) = &pdf.not_pdf_a {
        eprintln!(
            "Obs: rapporten blev en vanlig PDF, inte PDF/A (arkivformat), eftersom den inte uppfyller \
             kraven. Vanligast är tecken som typsnitten saknar, till exempel kinesiska tecken eller emoji; \
             de visas som tomma rutor. Typsts besked: {why}"
        );
    }
}
