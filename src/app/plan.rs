//! The plan tab of one initiative: its versions, the selected version (editable while it is a
//! draft), what stops approval, the history of every target, and the calculation lines a
//! benefit can link to.

use chrono::NaiveDate;
use serde::Serialize;

use crate::format;
use crate::model::plan::Direction;
use crate::model::FieldError;
use crate::model::{IndicatorTargetHistory, PlanVersion};
use crate::store::{RegisterStore, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

/// One version in the versions list.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub version: u32,
    pub status: &'static str,
    pub status_label: &'static str,
    pub reason: String,
    pub based_on: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDate>,
    pub decision_ref: Option<String>,
    /// True for the version statuses use.
    pub in_use: bool,
}

/// An organisation a benefit can be realised by: one of the initiative's customers.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationOption {
    pub id: i64,
    pub name: String,
}

/// A calculation line a benefit can link to.
#[derive(Debug, Clone, Serialize)]
pub struct LineOption {
    pub key: String,
    /// "N1 – Minskad portokostnad (280 000 kr/år)".
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub initiative_id: i64,
    pub code: String,
    pub name: String,
    pub go_live: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub versions: Vec<VersionRow>,
    /// The version shown: the one asked for, else the draft, else the latest.
    pub selected: Option<PlanVersion>,
    /// What stops the selected draft from being approved.
    pub problems: Vec<FieldError>,
    pub frozen_notice: Option<String>,
    /// No plan yet: the tab offers to start one.
    pub can_create: bool,
    /// The latest version is approved and there is no draft: a change is a new version.
    pub can_new_version: bool,
    pub history: Vec<IndicatorTargetHistory>,
    /// Monetised benefit lines of the current calculation; empty when there is none.
    pub calculation_lines: Vec<LineOption>,
    /// The initiative's customers, by name: who can realise a benefit.
    pub customers: Vec<OrganisationOption>,
    pub directions: Vec<Choice>,
}

/// The plan tab of `initiative_id`, showing version id `selected` (or the natural choice).
pub fn plan_view<S: RegisterStore>(
    register: &S,
    initiative_id: i64,
    selected: Option<i64>,
    as_of: NaiveDate,
) -> Result<PlanView> {
    let initiative = register.initiative(initiative_id)?;
    let versions = register.plan_versions(initiative_id)?;
    let in_use = versions.iter().rfind(|v| v.is_approved()).map(|v| v.id);
    let draft = versions.iter().find(|v| !v.is_approved());
    let chosen = selected
        .and_then(|id| versions.iter().find(|v| v.id == id))
        .or(draft)
        .or(versions.last())
        .cloned();
    let rows = versions
        .iter()
        .rev()
        .map(|v| VersionRow {
            id: v.id,
            version: v.version,
            status: v.status.code(),
            status_label: v.status.label(),
            reason: v.reason.clone(),
            based_on: v.based_on,
            created_by: v.created_by.clone(),
            created_at: v.created_at.clone(),
            approved_by: v.approval.as_ref().map(|a| a.approved_by.clone()),
            approved_at: v.approval.as_ref().map(|a| a.approved_at),
            decision_ref: v.approval.as_ref().map(|a| a.decision_ref.clone()),
            in_use: Some(v.id) == in_use,
        })
        .collect();
    let calculation_lines = calculation_line_options(register, initiative_id)?
        .into_iter()
        .map(|l| {
            // Named by its description, as everywhere; the key only when there is none.
            let mut label = match l.description.trim() {
                "" => l.key.clone(),
                description => description.to_string(),
            };
            if let Some(v) = l.annual_value {
                label.push_str(&format!(" ({}/år)", format::kr(v)));
            }
            LineOption { key: l.key, label }
        })
        .collect();
    let organisations = register.organisations()?;
    let customers = organisations
        .into_iter()
        .filter(|o| initiative.fields.customer_ids.contains(&o.id))
        .map(|o| OrganisationOption { id: o.id, name: o.name })
        .collect();
    Ok(PlanView {
        initiative_id,
        code: initiative.fields.code,
        name: initiative.fields.name,
        go_live: initiative.fields.go_live_date,
        as_of,
        problems: chosen
            .as_ref()
            .map(PlanVersion::problems)
            .unwrap_or_default(),
        frozen_notice: chosen.as_ref().and_then(PlanVersion::frozen_notice),
        can_create: versions.is_empty(),
        can_new_version: draft.is_none() && versions.last().is_some_and(|v| v.is_approved()),
        selected: chosen,
        versions: rows,
        history: crate::model::target_history(&versions),
        calculation_lines,
        customers,
        directions: [Direction::HigherIsBetter, Direction::LowerIsBetter]
            .into_iter()
            .map(|d| Choice {
                code: d.code(),
                label: d.label(),
            })
            .collect(),
    })
}

/// A monetised benefit line of the initiative's current calculation, for linking a benefit
/// to the line it realises.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalcLineOption {
    pub key: String,
    pub description: String,
    /// Likely annual value in kronor; `None` when it cannot be computed yet.
    pub annual_value: Option<rust_decimal::Decimal>,
}

/// The monetised benefit lines of the initiative's current calculation (the latest approved
/// version, else the draft), with their likely annual values.
pub fn calculation_line_options<S: RegisterStore>(register: &S, initiative_id: i64) -> Result<Vec<CalcLineOption>> {
    use crate::model::calculation::{Level, LineKind};
    let Some(version) = register.current_calculation(initiative_id)? else {
        return Ok(Vec::new());
    };
    let factors = register.factors_for(&version)?;
    let settings = &version.calculation.settings;
    Ok(version
        .calculation
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Nytta && l.value.is_monetised())
        .map(|l| CalcLineOption {
            key: l.key.clone(),
            description: l.description.clone(),
            annual_value: crate::calc::annual_value(l, Level::Likely, settings, &factors)
                .ok()
                .flatten(),
        })
        .collect())
}
