//! `nytta report council` and `nytta report initiative`: the PDF reports on the command line.

use std::path::Path;

use nytta::app::AppError;
use nytta::files;

/// `nytta report council FILE --date YYYY-MM-DD [--org NAME] --out pack.pdf`.
pub fn council(file: &Path, date: Option<&str>, organisation: Option<&str>, out: &Path) -> anyhow::Result<()> {
    let (register, date) = super::status::open_as_of(file, date)?;
    let pdf = nytta::app::reports::council_pack_pdf(&register, date, organisation).map_err(said)?;
    files::write_bytes(out, Some(file), &pdf.bytes)?;
    notice_if_not_pdf_a(&pdf);
    println!("Skrev rådsrapporten per {} till {}.", nytta::format::date(date), out.display());
    Ok(())
}

/// `nytta report initiative FILE --initiative CODE [--date YYYY-MM-DD] --out report.pdf`.
pub fn initiative(file: &Path, code: &str, date: Option<&str>, out: &Path) -> anyhow::Result<()> {
    let (register, date) = super::status::open_as_of(file, date)?;
    let pdf = nytta::app::reports::initiative_report_pdf(&register, code, date).map_err(said)?;
    files::write_bytes(out, Some(file), &pdf.bytes)?;
    notice_if_not_pdf_a(&pdf);
    println!("Skrev rapporten om {} per {} till {}.", code.trim(), nytta::format::date(date), out.display());
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
