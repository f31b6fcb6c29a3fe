//! What the PDF reports show, assembled from the register in one place.
//!
//! Everything here is plain data for the templates: texts as the user wrote them, numbers
//! and dates already formatted the Swedish way ([`crate::format`]: tkr with no-break spaces,
//! decimal comma, ISO dates), statuses as word + symbol + colour, and the charts as SVG
//! strings that the template places as `/charts/N.svg` (the same chart functions the window
//! uses). The templates only lay this out; they decide nothing and compute nothing.
//!
//! The statuses come from [`crate::followup`] as of the report date, with the latest
//! approved plan; the calculation shown is the latest approved version.

//!
//! `council.rs` assembles the council pack, `initiative.rs` the report on one initiative,
//! `decision.rs` the decision document on its drafts (beslutsunderlag) and `common.rs` what both share (statuses in words, facts, status blocks, formatting helpers).

mod common;
mod council;
mod decision;
mod initiative;

pub(crate) use common::running_head;
pub use common::{ChartRef, DimensionRow, Evaluated, Fact, Report, StatusBlock, StatusText, TargetChange};
pub use council::{
    AwaitingApprovalRow, BenefitLoop, BenefitLoopLists, CheckpointLine, InitiativeRows, COUNCIL_TEXT_CHARS, HarvestPendingRow, CUT_MARKER, CalibrationRow, Council, CouncilSource, DecidedRow, DecisionAskedRow,
    DeviatingBenefitRow, Deviation, HarvestRow, InitiativePage, LeftOut, MAX_LIST_ROWS,
    MAX_VALUE_CHART_ROWS, Overview, PERIOD_DAYS, PageIndicator, PageSource, SmallChart, TodoRow, TrackedRow,
    council, council_excerpt, entries_in_scope, organisation_scope, portfolio_in_scope,
};
pub use decision::{
    CalcComparison, CalcPart, DecisionDocument, DecisionSource, DraftBenefit, Field, FieldGroup, PlanPart, VersionState,
    decision,
};
pub use initiative::{
    BenefitBlock, CalcSection, CheckpointRow, HarvestBenefitRow, HarvestDecisionRow, HarvestSection, IndicatorBlock, InitiativeReport, InitiativeSource, PlanSection,
    StatusHistoryRow, approved_calculation, initiative,
};

#[cfg(test)]
mod tests;
