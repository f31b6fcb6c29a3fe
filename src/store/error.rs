//! The store's errors. Their `Display` is the Swedish sentence the user reads — in the CLI
//! and in the window alike — and says what to do next.

use std::path::PathBuf;

use crate::model::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Filen {0} finns inte.")]
    FileMissing(PathBuf),

    #[error("Filen {0} finns redan. Välj ett annat namn; en befintlig fil skrivs aldrig över.")]
    FileExists(PathBuf),

    #[error(
        "{0} är inte ett nyttoregister. Öppna en registerfil (.nytta) som skapats av \
         Nyttoregistret, eller skapa ett nytt register. Filen har inte ändrats."
    )]
    NotARegister(PathBuf),

    #[error(
        "{path} är skadad: {detail}. Filen har inte ändrats. Återställ den senaste \
         säkerhetskopian (filerna *.backup-*.nytta bredvid registret) eller kontakta den som \
         förvaltar registret."
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "{path} har skapats av en nyare version av Nyttoregistret (registerversion {found}; den \
         här versionen kan öppna till och med version {supported}). Uppdatera Nyttoregistret \
         för att öppna det. Filen har inte ändrats."
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },

    #[error("Det finns ingen {entity} med id {id} i registret.")]
    NotFound { entity: &'static str, id: i64 },

    #[error("{}", join_field_errors(.0))]
    Invalid(Vec<FieldError>),

    #[error(
        "{entity} har ändrats av någon annan sedan du öppnade den ({changes}). Inget har \
         sparats. Läs in den på nytt och gör din ändring igen."
    )]
    Stale { entity: String, changes: String },

    #[error("{0}")]
    Refused(String),

    #[error("Disken är full. Ändringen sparades inte; registret är oförändrat. Frigör utrymme och försök igen.")]
    DiskFull,

    #[error("Registret är skrivskyddat. Ändringen sparades inte. Kontrollera filens behörigheter.")]
    ReadOnly,

    #[error("Registret används av ett annat program just nu. Försök igen om en stund.")]
    Busy,

    #[error("Registret kunde inte läsas eller skrivas: {0}")]
    Sqlite(rusqlite::Error),

    #[error("Filen kunde inte läsas eller skrivas: {0}")]
    Io(#[from] std::io::Error),
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(ffi, message) = &error {
            match ffi.code {
                ErrorCode::DiskFull => return StoreError::DiskFull,
                ErrorCode::ReadOnly => return StoreError::ReadOnly,
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return StoreError::Busy,
                // Our triggers speak Swedish: pass their sentence through unchanged.
                ErrorCode::ConstraintViolation => {
                    if let Some(text) = message.as_deref().filter(|m| m.ends_with('.') && !m.contains("constraint")) {
                        return StoreError::Refused(text.to_string());
                    }
                }
                _ => {}
            }
        }
        StoreError::Sqlite(error)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Refused(format!("Interna data kunde inte tolkas: {error}"))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
