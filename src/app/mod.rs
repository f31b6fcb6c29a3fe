//! The application layer: what a face shows, assembled in Rust — the calculation tab, the
//! plan tab, the follow-up tab, the portfolio's follow-up columns and the to-do list. Statuses, achievements and values arrive formatted
//! the Swedish way (word + symbol, percent, decimal comma, ISO dates), so the window lays
//! them out and never computes a status or a sum itself (design §2). Each function reads the
//! register through the store and calls the pure follow-up rules; the Tauri commands are
//! thin wrappers around them.

pub mod annual_analysis;
pub mod calculation;
pub mod calculation_grid;
pub mod calibration;
pub mod costs;
pub mod deviations;
pub mod evaluation;
pub mod exports;
pub mod import;
pub mod lists;
pub mod followup;
pub mod harvest;
pub mod moving;
pub mod network_drive;
pub mod overview;
pub mod plan;
pub mod portfolio;
pub mod register;
pub mod reports;
pub mod template;
pub mod user;
pub mod rights;
pub mod shared_register;

pub use register::OpenRegister;
pub use crate::store::{AuditEntry, CheckReport, SimulatedFault, StoreError};

/// The store interface's operations, for a face's one-call actions on an [`OpenRegister`]
/// (save this draft, add this measurement: one user action, one call, nothing to assemble).
/// Everything a face shows is assembled by this layer's functions instead.
pub mod prelude {
    pub use crate::store::prelude::*;
}

use rust_decimal::Decimal;
use serde::Serialize;

use crate::followup::Status;
use crate::format;
use crate::report::ReportError;

/// Why something the application layer was asked for could not be done. `Display` is the
/// Swedish sentence of the error inside, unchanged: the user reads what the store or the
/// report said.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Store(#[from] StoreError),

    #[error("{0}")]
    Report(#[from] ReportError),
}

/// A status as the window shows it: never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusView {
    /// `gron`, `gul`, `rod`, `saknas`, `kommande` (also the CSS class suffix).
    pub code: &'static str,
    pub label: &'static str,
    pub symbol: &'static str,
}

impl From<Status> for StatusView {
    fn from(status: Status) -> Self {
        StatusView {
            code: status.code(),
            label: status.label(),
            symbol: status.symbol(),
        }
    }
}

/// A measured value with its unit: `70 %`, `3,5 dagar`, `200 000 kr/år`.
pub fn value_with_unit(value: Decimal, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        format::value(value)
    } else {
        format!("{}{}{unit}", format::value(value), format::NBSP)
    }
}

/// An achievement as a whole percentage: `0.8` → `80 %`.
pub fn achievement_text(achievement: Decimal) -> String {
    format::percent(achievement, 0)
}

/// An SVG document as a `data:` URL for an `<img>`: the window never inserts SVG markup,
/// which holds user text, into the page.
pub fn svg_data_url(svg: &str) -> String {
    use base64::Engine;
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

/// A date relative to `as_of` (`Försenad sedan 2026-09-01 (60 dagar)`): the reports word
/// an overdue checkpoint the same way, so the wording lives in `format`.
pub use crate::format::relative_days;

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn an_svg_becomes_a_base64_data_url() {
        assert_eq!(svg_data_url("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
    }

    #[test]
    fn values_carry_their_unit_with_a_no_break_space() {
        assert_eq!(value_with_unit(dec!(3.50), "dagar"), "3,5\u{a0}dagar");
        assert_eq!(
            value_with_unit(dec!(200000), "kr/år"),
            "200\u{a0}000\u{a0}kr/år"
        );
        assert_eq!(value_with_unit(dec!(70), ""), "70");
        assert_eq!(achievement_text(dec!(0.8)), "80\u{a0}%");
        assert_eq!(achievement_text(dec!(0.7333)), "73\u{a0}%");
    }
}
