//! Domain types (serde), no I/O.

pub mod calculation;
pub mod initiative;
pub mod plan;

use serde::{Deserialize, Serialize};

/// A problem with one field of user input, in Swedish, naming the field by its key so the
/// window can put the message beside the right input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
