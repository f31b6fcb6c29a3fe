//! Charts and reports.
pub mod calc_chart;
pub mod followup_chart;
pub mod portfolio_chart;
