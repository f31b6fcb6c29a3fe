//! The follow-up's view of a register: every initiative with an approved plan, its
//! measurements as sorted series and the calculation lines its benefits link to, as the store
//! reads them (`followup_data`) and the engine takes them. The lines' annual values are
//! computed here, on first use, not by the store.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::{InitiativeInput, LineValue, MeasurementIndex};
use crate::model::calculation::{CalcFactor, CalcLine, CalcSettings, Level, LineKind};
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
    /// The lines of the latest approved calculation that the plan's benefits link to.
    pub linked_lines: Option<LinkedLines>,
    /// Their likely annual values, computed on first use: `LineValueCache::default()`.
    pub line_values: LineValueCache,
}

/// Calculation lines that a plan's benefits link to, as approved: the lines, the
/// calculation's settings and the factors frozen with it at approval.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedLines {
    pub settings: CalcSettings,
    pub lines: Vec<CalcLine>,
    pub factors: Vec<CalcFactor>,
}

impl LinkedLines {
    /// The likely annual value of each monetised benefit line (a line that cannot be
    /// computed has none, and its benefit no calculated value).
    pub fn values(&self) -> Vec<LineValue> {
        self.lines
            .iter()
            .filter(|line| line.kind == LineKind::Nytta)
            .filter_map(|line| {
                crate::calc::annual_value(line, Level::Likely, &self.settings, &self.factors)
                    .ok()
                    .flatten()
                    .map(|annual_value| LineValue { key: line.key.clone(), annual_value })
            })
            .collect()
    }
}

/// The linked lines' values of one entry, computed once when first asked for.
#[derive(Debug, Clone, Default)]
pub struct LineValueCache(OnceLock<Vec<LineValue>>);

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
            line_values: self.line_values(),
        }
    }

    /// The likely annual values of the linked calculation lines.
    pub fn line_values(&self) -> &[LineValue] {
        self.line_values.0.get_or_init(|| self.linked_lines.as_ref().map(LinkedLines::values).unwrap_or_default())
    }
}
