//! Follow-up (uppföljning): checkpoints, achievement, statuses, trajectory, realised value
//! and the portfolio roll-up (design §5). Pure functions over [`crate::model::plan`] types:
//! no I/O, no clock — the caller passes the as-of date. The rules are explained for users in
//! `docs/uppfoljning.md`; the tests in this module pin every edge.
//!
//! Measurements reach the engine as [`Observation`]s (date and value) per indicator code,
//! sorted by date, through a [`MeasurementLookup`] such as [`MeasurementIndex`]. Results say
//! which measurement they used by its index in that series.

mod achievement;
pub mod calibration;
pub mod closure;
mod data;
mod dates;
mod deviations;
mod indicator;
mod initiative;
mod needed;
mod portfolio;
mod readings;
mod status;

pub use achievement::{achievement, achievement_ratio, amber_rule_words, status_from_achievement, AchievementRatio};
pub use data::{FollowUpData, FollowUpEntry, LineValueCache, LinkedLines};
pub use deviations::{deviation_state, plan_deviations, DeviationState, PlanDeviation};
pub use dates::{add_months_clamped, checkpoint_date, grace_end, window, GRACE_DAYS, WINDOW_DAYS};
pub use indicator::{
    current_reading, evaluate_checkpoint, evaluate_indicator, expected_value, indicator_status,
    indicator_status_at, realisation_achievement, trajectory, CheckpointResult, CurrentReading,
    IndicatorFollowUp,
};
pub use initiative::{
    evaluate_plan, measurement_todo, next_checkpoint, realised_is_measured, realised_value, BenefitFollowUp, LineValue,
    NextCheckpoint, OverdueCheckpoint, PlanFollowUp, TodoItem,
};
pub use needed::{select_range, status_ranges, MeasurementRange, Pick};
pub use portfolio::{
    evaluate_initiative, portfolio_summary, portfolio_todo, status_report, GroupCounts,
    InitiativeFollowUp, InitiativeInput, InitiativeStatusRow, PortfolioSummary, PortfolioTodoItem,
    StatusReport,
};
pub use readings::{
    closest_in_window, latest_in, MeasurementIndex, MeasurementLookup, Observation, UsedMeasurement,
};
pub use status::{Status, StatusCounts};

#[cfg(test)]
mod tests;
