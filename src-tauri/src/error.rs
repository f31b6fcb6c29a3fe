//! The one place where library errors become what the window shows: a Swedish sentence and,
//! for invalid input, the message for each field so it can sit beside the right input.

use nytta::model::FieldError;
use nytta::store::StoreError;
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
            other => UiError::new(other.to_string()),
        }
    }
}

impl From<tauri::Error> for UiError {
    fn from(error: tauri::Error) -> Self {
        UiError::new(format!("Fönstret kunde inte uppdateras: {error}"))
    }
}

pub type UiResult<T> = Result<T, UiError>;
