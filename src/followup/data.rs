//! The follow-up's view of a register: every initiative with an approved plan, its
//! measurements as sorted series and the values of the calculation lines its benefits link
//! to, as the store reads them (`Register::followup_data`) and the engine takes them.

use chrono::NaiveDate;

use super::{InitiativeInput, LineValue, MeasurementIndex};
use crate::model::initiative::Phase;
use crate::model::plan::Plan;

/// One initiative with its latest approved plan and everything measured, ready for the
/// follow-up functions.
#[derive(Debug, Clone)]
pub struct FollowUpEntry {
    pub initiative_id: i64,
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub phase: Phase,
    pub council_tracked: bool,
    pub go_live: Option<NaiveDate>,
    /// The latest approved plan version.
    pub plan_version: u32,
    pub plan: Plan,
    pub measurements: MeasurementIndex,
    /// Likely annual values of the calculation lines the plan links to (latest approved
    /// calculation).
    pub line_values: Vec<LineValue>,
}

/// Every initiative that has an approved plan, in code order.
#[derive(Debug, Clone, Default)]
pub struct FollowUpData {
    pub entries: Vec<FollowUpEntry>,
}

impl FollowUpData {
    /// The inputs of [`crate::followup::status_report`], [`crate::followup::portfolio_summary`]
    /// and [`crate::followup::portfolio_todo`], borrowing from `self`.
    pub fn inputs(&self) -> Vec<InitiativeInput<'_, MeasurementIndex>> {
        self.entries.iter().map(FollowUpEntry::input).collect()
    }

    pub fn by_code(&self, code: &str) -> Option<&FollowUpEntry> {
        self.entries
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(code.trim()))
    }
}

impl FollowUpEntry {
    pub fn input(&self) -> InitiativeInput<'_, MeasurementIndex> {
        InitiativeInput {
            code: &self.code,
            name: &self.name,
            organisation: &self.organisation,
            phase: self.phase.label(),
            go_live: self.go_live,
            plan: &self.plan,
            measurements: &self.measurements,
            line_values: &self.line_values,
        }
    }
}
