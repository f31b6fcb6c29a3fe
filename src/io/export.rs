//! What can go wrong when values are written out as a file (XLSX, CSV). The `Display` of
//! each error is the Swedish sentence the user reads. Reading the register is not this
//! module's business: the application layer's `app::exports::ExportError` adds the store's
//! and the report's errors and the unknown initiative or indicator.

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The chart asked for is not drawn (no approved plan, no go-live date, no valid
    /// calculation): the sentence says why.
    #[error("{0}")]
    NoChart(String),

    #[error("Excel-filen kunde inte skrivas: {0}")]
    Xlsx(String),

    /// The Excel writer refused a value; its own (English) account is kept for a log.
    #[error("Excel-filen kunde inte skrivas: Excel-skrivaren godtog inte ett värde i filen.")]
    XlsxWriter(#[source] rust_xlsxwriter::XlsxError),

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
            // The zip writer's I/O errors (a full disk) are file errors, said as such.
            other => match io_error_in(&other) {
                Some(error) => ExportError::Io(error),
                None => ExportError::XlsxWriter(other),
            },
        }
    }
}

pub use crate::files::io_error_text;

/// The I/O error somewhere below `error`, as an error of the same kind and code.
fn io_error_in(error: &(dyn std::error::Error + 'static)) -> Option<std::io::Error> {
    let mut cause = error.source();
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return Some(match io.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code),
                None => std::io::Error::from(io.kind()),
            });
        }
        cause = current.source();
    }
    None
}

/// An export written through the one output writer (`crate::files`) tells its I/O errors as
/// such (a full disk as a full disk) and every other failure in its own Swedish words.
impl From<ExportError> for crate::files::WriteFailure {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Io(error) => crate::files::WriteFailure::Io(error),
            other => crate::files::WriteFailure::Said(other.to_string()),
        }
    }
}
