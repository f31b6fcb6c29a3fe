//! The one place where library errors become what the window shows: a Swedish sentence and,
//! for invalid input, the message for each field so it can sit beside the right input.

use nytta::model::FieldError;
use nytta::app::StoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UiError {
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl UiError {
    pub fn new(message: impl Into<String>) -> Self {
        UiError { message: message.into(), fields: Vec::new() }
    }

    pub fn no_register() -> Self {
        UiError::new("Inget register är öppet. Öppna eller skapa ett register först.")
    }
}

impl From<StoreError> for UiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(fields) => UiError {
                message: "Uppgifterna sparades inte. Rätta de markerade fälten.".into(),
                fields,
            },
            other => {
                log_detail(&other);
                UiError::new(other.to_string())
            }
        }
    }
}

impl From<nytta::files::OutputError> for UiError {
    fn from(error: nytta::files::OutputError) -> Self {
        log_detail(&error);
        UiError::new(error.to_string())
    }
}

/// Writes what a library said below its Swedish sentence (the operating system's or
/// SQLite's own account) to the app's log (standard error), for whoever troubleshoots; the
/// window shows only the sentence.
pub fn log_detail(error: &dyn std::error::Error) {
    let mut source = error.source();
    let mut details = Vec::new();
    while let Some(cause) = source {
        details.push(cause.to_string());
        source = cause.source();
    }
    if !details.is_empty() {
        eprintln!("Nyttoregistret: {error} [detalj: {}]", details.join(": "));
    }
}

impl From<tauri::Error> for UiError {
    fn from(error: tauri::Error) -> Self {
        eprintln!("Nyttoregistret: fönstret kunde inte uppdateras [detalj: {error}]");
        UiError::new("Fönstret kunde inte uppdateras. Försök igen; hjälper det inte, starta om programmet.")
    }
}

pub type UiResult<T> = Result<T, UiError>;
