//! Calculation and plan versions: a document of an initiative kept as numbered versions, a
//! draft edited as a whole, frozen by an [`Approval`]. The rules that keep them so (refusals,
//! new versions, audit rows) are the store's (`store::versions`); these are the values.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calculation::{CalcFactor, Calculation};
use super::plan::Plan;
use super::{limits, FieldError, VersionStatus};

/// Who approved a version, when, and in which decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub approved_by: String,
    pub approved_at: NaiveDate,
    /// The decision, e.g. "KS 2026-03-12 §45" or "DR 2025-02-11 §4".
    pub decision_ref: String,
}

impl Approval {
    /// "version 2, godkänd 2026-03-12 av Digitaliseringsrådet (DR 2026-03-12 §4)" for an
    /// approved version, "version 3, utkast – inte godkänd" for a draft (`None`).
    pub(crate) fn describe(approval: Option<&Approval>, version: u32) -> String {
        match approval {
            Some(a) => format!(
                "version {version}, godkänd {} av {} ({})",
                crate::format::date(a.approved_at),
                a.approved_by,
                a.decision_ref
            ),
            None => format!("version {version}, utkast – inte godkänd"),
        }
    }

    /// "<what> är godkänd 2026-03-12 av … (…) och kan inte ändras.", shown above a frozen version.
    pub(crate) fn frozen_notice(&self, what: &str) -> String {
        format!(
            "{what} är godkänd {} av {} ({}) och kan inte ändras.",
            crate::format::date(self.approved_at),
            self.approved_by,
            self.decision_ref
        )
    }

    /// What an approval must say, for a `document` such as "kalkylen" or "planen".
    pub(crate) fn validate(&self, document: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.approved_by.trim().is_empty() {
            errors.push(FieldError::new(
                "approved_by",
                format!("Godkänd av: ange vem som godkände {document}, till exempel Digitaliseringsrådet."),
            ));
        }
        if self.decision_ref.trim().is_empty() {
            errors.push(FieldError::new(
                "decision_ref",
                "Beslutsreferens: ange beslutet, till exempel KS 2026-03-12 §45.",
            ));
        }
        for (field, label, text) in [
            ("approved_by", "Godkänd av", &self.approved_by),
            ("decision_ref", "Beslutsreferens", &self.decision_ref),
        ] {
            errors.extend(limits::check(field, label, text, limits::NAME));
        }
        errors
    }
}

/// The sentence every refused change of an approved version gets: from the store and, word
/// for word, from the schema's triggers.
pub const FROZEN_MESSAGE: &str =
    "En godkänd kalkyl kan inte ändras. Skapa en ny version med ett skäl.";

/// Draft (editable) or approved (frozen): the status every versioned document has.
pub type CalcStatus = VersionStatus;

/// The sentence every refused change of an approved plan gets: from the store and, word for
/// word, from the schema's trigger.
pub const PLAN_FROZEN_MESSAGE: &str =
    "En godkänd plan kan inte ändras. Skapa en ny version med ett skäl.";

/// Draft (editable) or approved (frozen): the status every versioned document has.
pub type PlanStatus = VersionStatus;

/// One version of an initiative's calculation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalcVersion {
    pub id: i64,
    pub initiative_id: i64,
    /// 1, 2, … per initiative.
    pub version: u32,
    pub status: CalcStatus,
    pub calculation: Calculation,
    /// The factors the lines refer to: frozen at approval; for a draft, as they were at the
    /// last save (a draft is always computed with the register's current factors).
    pub factors: Vec<CalcFactor>,
    /// Why this version exists; required from version 2.
    pub reason: String,
    /// The version this one was copied from.
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approval: Option<Approval>,
    pub row_version: i64,
}

impl CalcVersion {
    pub fn is_approved(&self) -> bool {
        self.status == CalcStatus::Approved
    }

    /// "version 2, godkänd 2026-03-12 av Digitaliseringsrådet (DR 2026-03-12 §4)" or
    /// "version 3, utkast – inte godkänd".
    pub fn describe(&self) -> String {
        Approval::describe(
            self.approval.as_ref().filter(|_| self.is_approved()),
            self.version,
        )
    }

    /// For an approved version, the notice the window shows above it.
    pub fn frozen_notice(&self) -> Option<String> {
        let a = self.approval.as_ref().filter(|_| self.is_approved())?;
        Some(a.frozen_notice(&format!("Version {}", self.version)))
    }
}

/// One version of an initiative's plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanVersion {
    pub id: i64,
    pub initiative_id: i64,
    /// 1, 2, … per initiative.
    pub version: u32,
    pub status: PlanStatus,
    pub plan: Plan,
    /// Why this version exists; required from version 2.
    pub reason: String,
    /// The version this one was copied from.
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub approval: Option<Approval>,
    pub row_version: i64,
}

impl PlanVersion {
    pub fn is_approved(&self) -> bool {
        self.status == PlanStatus::Approved
    }

    /// What stops this version from being approved (empty when approved or complete).
    pub fn problems(&self) -> Vec<FieldError> {
        if self.is_approved() {
            Vec::new()
        } else {
            self.plan.validate()
        }
    }

    /// "version 2, godkänd 2026-03-12 av Digitaliseringsrådet (DR 2026-03-12 §4)" or
    /// "version 3, utkast – inte godkänd".
    pub fn describe(&self) -> String {
        Approval::describe(
            self.approval.as_ref().filter(|_| self.is_approved()),
            self.version,
        )
    }

    /// For an approved version, the notice the window shows above it.
    pub fn frozen_notice(&self) -> Option<String> {
        let a = self.approval.as_ref().filter(|_| self.is_approved())?;
        Some(a.frozen_notice(&format!("Version {} av planen", self.version)))
    }
}
