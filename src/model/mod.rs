//! Domain types (serde), no I/O.

pub mod annual_analysis;
pub mod calculation;
pub mod costs;
pub mod harvest;
pub mod deviation;
pub mod evaluation;
pub mod initiative;
pub mod limits;
pub mod plan;
pub mod records;
pub mod register_lists;
pub mod target_history;
pub mod version;

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

/// Draft (editable) or approved (frozen): the status of every calculation and plan version,
/// in the store, the JSON document and the exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Approved,
}

impl VersionStatus {
    pub fn code(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<VersionStatus> {
        match code {
            "draft" => Some(VersionStatus::Draft),
            "approved" => Some(VersionStatus::Approved),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VersionStatus::Draft => "Utkast",
            VersionStatus::Approved => "Godkänd",
        }
    }
}

pub use limits::longer_than;
pub use plan::StoredMeasurement;
pub use target_history::{target_history, IndicatorTargetHistory, TargetHistoryEntry};
pub use version::{
    Approval, CalcStatus, CalcVersion, PlanStatus, PlanVersion, FROZEN_MESSAGE, PLAN_FROZEN_MESSAGE,
};

#[cfg(test)]
mod tests {
    #[test]
    fn length_limits_count_characters_not_bytes() {
        // "å" is two bytes: ten of them are ten characters, within a limit of ten.
        assert!(!super::longer_than(&"å".repeat(10), 10));
        assert!(super::longer_than(&"å".repeat(11), 10));
        assert!(!super::longer_than("", 0));
        assert!(super::longer_than("a", 0));
    }
}
