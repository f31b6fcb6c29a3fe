//! What can go wrong when the register or a chart's data is written out (XLSX, CSV). The
//! `Display` of each error is the Swedish sentence the user reads.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the register failed; its message is already Swedish.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The register could not be read as a report reads it (an unknown organisation, say);
    /// its message is already Swedish.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),

    #[error("Det finns ingen insats med koden {0} i registret.")]
    UnknownInitiative(String),

    #[error("Det finns ingen insats med id {0} i registret.")]
    UnknownInitiativeId(i64),

    #[error("Insatsen {initiative} har ingen indikator med koden {indicator}.")]
    UnknownIndicator { initiative: String, indicator: String },

    /// The chart asked for is not drawn (no approved plan, no go-live date, no valid
    /// calculation): the sentence says why.
    #[error("{0}")]
    NoChart(String),

    #[error("Excel-filen kunde inte skrivas: {0}")]
    Xlsx(String),

    #[error(
        "Bladet {sheet} får fler rader än Excel kan visa (högst {max} rader under rubrikraden)."
    )]
    TooManyRows { sheet: String, max: u32 },

    #[error("Filen kunde inte skrivas: {}", io_error_text(.0))]
    Io(#[from] std::io::Error),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        match error {
            rust_xlsxwriter::XlsxError::IoError(error) => ExportError::Io(error),
            other => ExportError::Xlsx(other.to_string()),
        }
    }
}

/// What went wrong with a file, in Swedish: the operating system's own text is English
/// ("No such file or directory (os error 2)"). Kinds without a sentence of their own keep the
/// system's text after a Swedish lead.
pub fn io_error_text(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "mappen finns inte (längre)".to_string(),
        PermissionDenied => "du har inte behörighet att skriva där; välj en annan mapp".to_string(),
        AlreadyExists => "filen finns redan".to_string(),
        StorageFull => "disken är full; frigör utrymme eller välj en annan plats".to_string(),
        ReadOnlyFilesystem => "platsen går bara att läsa, inte skriva; välj en annan mapp".to_string(),
        IsADirectory => "det är en mapp, inte en fil".to_string(),
        NotADirectory => "en del av sökvägen är inte en mapp".to_string(),
        InvalidFilename => "filnamnet går inte att använda".to_string(),
        _ => format!("systemet svarade: {error}"),
    }
}
