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

    /// A shared register on PostgreSQL: the server, the connection or its rights.
    #[error(transparent)]
    Server(#[from] super::postgres::PgError),

    /// A copy (a backup) could not be written; the sentence names the file and says why.
    #[error(transparent)]
    Output(#[from] crate::files::OutputError),

    /// The file changed while it was being checked (another program's checkpoint): nothing is
    /// wrong with it, and the message must never send the user to a backup.
    #[error(
        "Registret {0} håller på att skrivas av ett annat program och kunde inte läsas just nu. \
         Försök igen om en stund. Filen har inte ändrats."
    )]
    BeingWritten(PathBuf),

    /// A stored calculation or log entry that does not read back; serde_json's (English) text
    /// stays in `source()`.
    #[error(
        "En sparad uppgift i registret (en kalkyl, en plan eller en loggpost) kunde inte tolkas. \
         Kör `nytta check` och kontakta den som förvaltar registret."
    )]
    InternalData(#[source] serde_json::Error),

    /// Any other failure inside SQLite: a Swedish sentence chosen by the error code; SQLite's
    /// own (English) text stays in `source()` for logs.
    #[error("{}", sqlite_text(.0))]
    Sqlite(#[source] rusqlite::Error),

    /// A file error of the store's own (reading the header, a backup): a Swedish sentence
    /// chosen by the kind; the system's (English) text stays in `source()`.
    #[error("{}", io_text(.0))]
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

/// What went wrong inside SQLite, as a Swedish sentence, by the error code (never SQLite's
/// English text, which names no cause a user can act on).
fn sqlite_text(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    let reason = match error.sqlite_error_code() {
        Some(DiskFull) => "disken är full. Inget sparades; frigör utrymme och försök igen",
        Some(ReadOnly) => "filen är skrivskyddad. Inget sparades; kontrollera filens behörigheter",
        Some(DatabaseBusy | DatabaseLocked | FileLockingProtocolFailed) => {
            "det används av ett annat program just nu. Försök igen om en stund"
        }
        Some(SystemIoFailure) => {
            "disken svarade med ett läs- eller skrivfel. Inget sparades; försök igen, och \
             kontrollera disken om felet kvarstår"
        }
        Some(CannotOpen) => {
            "filen eller filerna bredvid den (-wal, -shm) gick inte att öppna. Kontrollera att \
             mappen finns, går att skriva i och att disken inte är full"
        }
        Some(PermissionDenied | AuthorizationForStatementDenied) => {
            "behörighet saknas. Kontrollera filens och mappens behörigheter"
        }
        Some(DatabaseCorrupt | NotADatabase) => {
            "SQLite hittade fel i filens innehåll; den verkar vara skadad. Kör `nytta check` och \
             återställ den senaste säkerhetskopian om kontrollen misslyckas"
        }
        Some(OutOfMemory) => "minnet tog slut. Stäng andra program och försök igen",
        Some(TooBig) => "en uppgift är större än registret kan lagra. Inget sparades",
        Some(ConstraintViolation) => {
            "ändringen bryter mot registrets regler (en uppgift saknas, är dubblerad eller \
             otillåten). Inget sparades"
        }
        Some(SchemaChanged) => "registrets uppbyggnad ändrades under tiden. Försök igen",
        Some(OperationInterrupted | OperationAborted) => "åtgärden avbröts. Inget sparades",
        Some(_) => "ett oväntat fel i databasmotorn. Inget sparades",
        None => match error {
            rusqlite::Error::QueryReturnedNoRows => "en uppgift som skulle finnas saknas i registret",
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..) => "en uppgift i registret har en form som programmet inte kan läsa",
            _ => "ett internt fel i programmets anrop till databasen",
        },
    };
    format!("Registret kunde inte läsas eller skrivas: {reason}.")
}

/// What went wrong with one of the store's files, as a Swedish sentence, by the kind.
fn io_text(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let reason = match error.kind() {
        NotFound => "filen eller mappen finns inte (längre)",
        PermissionDenied => "behörighet saknas; kontrollera filens och mappens behörigheter",
        AlreadyExists => "filen finns redan",
        StorageFull | QuotaExceeded => "disken är full; inget har ändrats, frigör utrymme och försök igen",
        ReadOnlyFilesystem => "platsen går bara att läsa, inte skriva",
        IsADirectory => "det är en mapp, inte en fil",
        NotADirectory => "en del av sökvägen är inte en mapp",
        InvalidFilename => "filnamnet går inte att använda",
        UnexpectedEof => "filen tog slut tidigare än väntat",
        Interrupted | WouldBlock | TimedOut => "åtgärden avbröts; försök igen",
        _ => "disken svarade med ett läs- eller skrivfel; försök igen, och kontrollera disken om felet kvarstår",
    };
    format!("Filen kunde inte läsas eller skrivas: {reason}.")
}

/// The error of opening `path` and reading its first page through SQLite, by the error
/// code: only SQLite's "corrupt" and "not a database" mean the file is damaged. A full disk,
/// a lock or an I/O failure says so, and never sends the user to restore a backup.
pub(crate) fn open_error(path: &std::path::Path, error: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    let damaged = |detail: &str| StoreError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() };
    match error.sqlite_error_code() {
        Some(DatabaseCorrupt) => damaged("SQLite hittade fel i filens innehåll"),
        Some(NotADatabase) => damaged("SQLite känner inte igen innehållet som en databas"),
        _ => StoreError::from(error),
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::InternalData(error)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    const ENGLISH: &str = "english detail from sqlite";

    #[test]
    fn every_sqlite_error_reads_in_swedish_with_its_detail_as_source() {
        use rusqlite::ffi;
        let codes = [
            ffi::SQLITE_IOERR,
            ffi::SQLITE_CANTOPEN,
            ffi::SQLITE_CORRUPT,
            ffi::SQLITE_NOTADB,
            ffi::SQLITE_NOMEM,
            ffi::SQLITE_TOOBIG,
            ffi::SQLITE_SCHEMA,
            ffi::SQLITE_INTERRUPT,
            ffi::SQLITE_MISUSE,
            ffi::SQLITE_ERROR,
            ffi::SQLITE_CONSTRAINT_UNIQUE,
        ];
        for code in codes {
            let error = StoreError::from(rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(ENGLISH.into())));
            let text = error.to_string();
            assert!(text.starts_with("Registret kunde inte läsas eller skrivas: "), "{code}: {text}");
            assert!(!text.contains(ENGLISH), "{code}: {text}");
            assert!(error.source().is_some(), "{code}: the detail is kept for logs");
        }
    }

    #[test]
    fn rusqlite_errors_of_its_own_read_in_swedish() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let errors = [
            conn.execute("SELEKT nonsense", []).unwrap_err(),
            conn.query_row("SELECT 1 WHERE 0", [], |r| r.get::<_, i64>(0)).unwrap_err(),
            conn.query_row("SELECT 'text'", [], |r| r.get::<_, i64>(0)).unwrap_err(),
        ];
        for error in errors {
            let english = error.to_string();
            let text = StoreError::from(error).to_string();
            assert!(text.starts_with("Registret kunde inte"), "{text}");
            assert!(!text.contains(&english), "{text}");
        }
    }

    #[test]
    fn file_errors_read_in_swedish() {
        let error = StoreError::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let text = error.to_string();
        assert!(text.contains("disken är full"), "{text}");
        assert!(!text.contains("os error") && !text.contains("No space"), "{text}");
        assert!(error.source().is_some());
    }
}
