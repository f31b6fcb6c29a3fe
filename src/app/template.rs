//! "Hämta mall" and `nytta template measurements`: the measurements due or overdue in a
//! period, as a file to fill in and import back (`io::measurement_template`).
//!
//! Which checkpoints: the follow-up's own to-do rule ([`crate::followup::portfolio_todo`]) as
//! of the period's first day with the period's length as its horizon — every checkpoint up to
//! the last day that has no measurement in its window yet, the overdue ones (saknas) with
//! those that fall due.

use chrono::NaiveDate;

use crate::followup::portfolio_todo;
use crate::io::measurement_template::TemplateRow;
use crate::store::{RegisterStore, Result, StoreError};

/// The rows of the template for `from..=to`, by checkpoint date, initiative, indicator.
pub fn measurement_template<S: RegisterStore>(register: &S, from: NaiveDate, to: NaiveDate) -> Result<Vec<TemplateRow>> {
    if from > to {
        return Err(StoreError::Refused(format!(
            "Perioden börjar {} men slutar {}: från-datumet måste vara samma dag eller före till-datumet.",
            crate::format::date(from),
            crate::format::date(to)
        )));
    }
    let days = u32::try_from((to - from).num_days()).unwrap_or(u32::MAX);
    let data = register.followup_data(None)?;
    let inputs = data.inputs();
    let unit_of = |code: &str, indicator: &str| {
        data.entries
            .iter()
            .find(|e| e.code == code)
            .and_then(|e| e.plan.indicators().find(|(_, i)| i.code == indicator).map(|(_, i)| i.unit.trim().to_string()))
            .unwrap_or_default()
    };
    Ok(portfolio_todo(&inputs, from, days)
        .into_iter()
        .map(|t| TemplateRow {
            unit: unit_of(&t.initiative_code, &t.item.indicator_code),
            initiative_code: t.initiative_code,
            initiative_name: t.initiative_name,
            indicator_code: t.item.indicator_code,
            indicator_name: t.item.indicator_name,
            date: t.item.checkpoint_date,
            checkpoint: format!("{} mån", t.item.months_after_go_live),
            window_from: t.item.window_from,
            window_to: t.item.window_to,
            status: t.item.status.label().to_string(),
            measured_by: t.item.measured_by,
        })
        .collect())
}

/// The template's file format, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    Xlsx,
    Csv,
}

impl TemplateFormat {
    /// `.xlsx` or `.csv` (in any case); anything else is refused with the two it may be.
    pub fn of_path(path: &std::path::Path) -> std::result::Result<TemplateFormat, String> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
            Some("xlsx") => Ok(TemplateFormat::Xlsx),
            Some("csv") => Ok(TemplateFormat::Csv),
            _ => Err(format!(
                "Mallen kan sparas som Excel (.xlsx) eller CSV (.csv), inte som {}. Byt filändelse.",
                path.display()
            )),
        }
    }
}
