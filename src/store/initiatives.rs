//! Organisations, initiatives, status reports and cost follow-up.

use rusqlite::{params, Row, Transaction};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid, date_to_text, decimal_to_text, not_found};
use super::lists::ListLookup;
use super::{Register, InitiativeStore};
use crate::model::initiative::*;
use crate::model::register_lists::{status_report_due, Category, ReportingPeriod};
use crate::model::plan::Plan;
use crate::model::FieldError;

const INITIATIVE_COLUMNS: &str = "id, row_version, code, name, organisation_id, phase, council_tracked,
    sponsor, project_manager, start_date, go_live_date, end_date, base_service, need, benefit,
    effect_goals, project_goals, benefit_reach, change_kind, project_form, goal_link,
    complexity_customer, complexity_supplier,
    information_classification_done, information_classification_comment,
    threshold_analysis_done, threshold_analysis_comment,
    security_assessment_done, security_assessment_comment,
    architecture_assessment_done, architecture_assessment_comment,
    infrastructure_impact_done, infrastructure_impact_comment,
    project_budget, running_cost_comment,
    (SELECT json_group_array(json_object('year', y.year, 'amount', y.amount) ORDER BY y.year) FROM running_cost_year y
     WHERE y.initiative_id = initiative.id) AS running_cost_years,
    customer_group, allocation_key, deviation_comment, struck_reason, financing, category,
    (SELECT json_group_array(g.goal_area_id ORDER BY g.goal_area_id) FROM initiative_goal_area g
     WHERE g.initiative_id = initiative.id) AS goal_area_ids,
    (SELECT json_group_array(c.organisation_id ORDER BY c.organisation_id) FROM initiative_customer c
     WHERE c.initiative_id = initiative.id) AS customer_ids";

impl InitiativeStore for Register {
    // ---- organisations -------------------------------------------------------------

    fn organisations(&self) -> Result<Vec<Organisation>> {
        let mut stmt = self.conn().prepare("SELECT id, name, kind, committee FROM organisation ORDER BY name")?;
        let rows = stmt.query_map([], |row| {
            Ok(Organisation {
                id: row.get("id")?,
                name: row.get("name")?,
                kind: rows::choice(row, "kind", OrganisationKind::from_code)?.unwrap_or(OrganisationKind::Forvaltning),
                committee: row.get("committee")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_organisation(&mut self, name: &str, kind: OrganisationKind, committee: &str) -> Result<i64> {
        let (name, committee) = organisation_texts(name, committee)?;
        self.write(|tx, author| {
            let exists: Option<i64> =
                rows::optional(tx.query_row("SELECT id FROM organisation WHERE name = ?1", [&name], |r| r.get(0)))?;
            if exists.is_some() {
                return Err(organisation_taken(&name));
            }
            tx.execute(
                "INSERT INTO organisation (name, kind, committee) VALUES (?1, ?2, ?3)",
                (&name, kind.code(), &committee),
            )?;
            let id = tx.last_insert_rowid();
            let after = Organisation { id, name: name.clone(), kind, committee: committee.clone() };
            record(tx, author, organisation_created(&after))?;
            Ok(id)
        })
    }

    // ---- initiatives ---------------------------------------------------------------

    /// The portfolio table: every initiative with its organisation and latest status report.
    fn initiative_summaries(&self) -> Result<Vec<InitiativeSummary>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT i.id, i.code, i.name, i.organisation_id, o.name AS organisation, i.phase,
                    i.council_tracked, i.go_live_date,
                    (SELECT json_group_array(c.organisation_id ORDER BY c.organisation_id) FROM initiative_customer c
                     WHERE c.initiative_id = i.id) AS customer_ids,
                    r.period_end, r.time_status, r.time_cause, r.time_action,
                    r.cost_status, r.cost_cause, r.cost_action,
                    r.result_status, r.result_cause, r.result_action, r.comment,
                    json_array_length(i.effect_goals) > 0 AS has_effect_goals,
                    i.start_date, {period} AS reporting_period, i.category,
                    EXISTS (SELECT 1 FROM calculation k WHERE k.initiative_id = i.id) AS has_calculation
             FROM initiative i
             JOIN organisation o ON o.id = i.organisation_id
             LEFT JOIN status_report r ON r.id = (
                 SELECT id FROM status_report WHERE initiative_id = i.id ORDER BY period_end DESC LIMIT 1)
             ORDER BY i.code",
            period = super::lists::EFFECTIVE_PERIOD_SQL,
        ))?;
        let rows = stmt.query_map([], |row| {
            let latest_report = match rows::date(row, "period_end")? {
                Some(period_end) => Some(status_fields(row, period_end)?),
                None => None,
            };
            let summary = InitiativeSummary {
                id: row.get("id")?,
                code: row.get("code")?,
                name: row.get("name")?,
                organisation_id: row.get("organisation_id")?,
                organisation: row.get("organisation")?,
                customer_ids: customer_ids(row)?,
                phase: rows::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
                council_tracked: row.get::<_, i64>("council_tracked")? != 0,
                go_live_date: rows::date(row, "go_live_date")?,
                latest_report,
                latest_report_stale: None,
                has_effect_goals: row.get::<_, i64>("has_effect_goals")? != 0,
                has_calculation: row.get::<_, i64>("has_calculation")? != 0,
                gaps: Vec::new(),
                reporting_period: rows::choice(row, "reporting_period", ReportingPeriod::from_code)?.unwrap_or_default(),
                status_report_due: None,
                category: rows::choice(row, "category", Category::from_code)?,
            };
            Ok(with_derived(summary, rows::date(row, "start_date")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn initiative(&self, id: i64) -> Result<Initiative> {
        read_initiative(self.conn(), id)
    }

    fn initiative_by_code(&self, code: &str) -> Result<Initiative> {
        let id: Option<i64> = rows::optional(self.conn().query_row(
            "SELECT id FROM initiative WHERE code = ?1",
            [code.trim()],
            |r| r.get(0),
        ))?;
        match id {
            Some(id) => self.initiative(id),
            None => Err(no_initiative_with_code(code)),
        }
    }

    fn create_initiative(&mut self, fields: &InitiativeFields) -> Result<i64> {
        let fields = prepared(fields)?;
        self.write(|tx, author| {
            check_references(&mut &**tx, &fields, None)?;
            check_valid(super::lists::check_list_references(tx, &fields, None)?)?;
            let now = super::now();
            tx.execute(
                "INSERT INTO initiative (code, name, organisation_id, phase, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![fields.code, fields.name, fields.organisation_id, fields.phase.code(), now],
            )?;
            let id = tx.last_insert_rowid();
            write_fields(tx, id, &fields)?;
            let after = read_initiative(tx, id)?;
            record(tx, author, initiative_created(id, &after.fields))?;
            Ok(id)
        })
    }

    /// Saves an edit that started from `row_version`. When someone else saved in between,
    /// nothing is written and the error lists the fields they changed.
    fn update_initiative(&mut self, id: i64, row_version: i64, fields: &InitiativeFields) -> Result<Initiative> {
        let fields = prepared(fields)?;
        self.write(|tx, author| {
            let before = read_initiative(tx, id)?;
            refuse_stale(&before, row_version, &fields)?;
            if before.fields == fields {
                return Ok(before);
            }
            check_references(&mut &**tx, &fields, Some(id))?;
            check_valid(super::lists::check_list_references(tx, &fields, Some(&before.fields))?)?;
            write_fields(tx, id, &fields)?;
            tx.execute(
                "UPDATE initiative SET row_version = row_version + 1, updated_at = ?2 WHERE id = ?1",
                params![id, super::now()],
            )?;
            let after = read_initiative(tx, id)?;
            record(tx, author, initiative_changed(id, &before.fields, &after.fields))?;
            Ok(after)
        })
    }

    // ---- status reports ------------------------------------------------------------

    fn status_reports(&self, initiative_id: i64) -> Result<Vec<StatusReport>> {
        read_status_reports(self.conn(), "WHERE initiative_id = ?1 ORDER BY period_end DESC", [initiative_id])
    }

    fn all_status_reports(&self) -> Result<Vec<StatusReport>> {
        read_status_reports(self.conn(), "ORDER BY initiative_id, period_end DESC", [])
    }

    fn add_status_report(&mut self, initiative_id: i64, report: &StatusReportFields) -> Result<i64> {
        check_valid(report.validate())?;
        self.write(|tx, author| {
            read_initiative(tx, initiative_id)?;
            let exists: Option<i64> = rows::optional(tx.query_row(
                "SELECT id FROM status_report WHERE initiative_id = ?1 AND period_end = ?2",
                params![initiative_id, date_to_text(Some(report.period_end))],
                |r| r.get(0),
            ))?;
            if exists.is_some() {
                return Err(period_taken(report.period_end));
            }
            tx.execute(
                "INSERT INTO status_report (initiative_id, period_end, time_status, time_cause, time_action,
                    cost_status, cost_cause, cost_action, result_status, result_cause, result_action,
                    comment, author, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    initiative_id,
                    date_to_text(Some(report.period_end)),
                    report.time.status.code(),
                    report.time.cause.trim(),
                    report.time.action.trim(),
                    report.cost.status.code(),
                    report.cost.cause.trim(),
                    report.cost.action.trim(),
                    report.result.status.code(),
                    report.result.cause.trim(),
                    report.result.action.trim(),
                    report.comment.trim(),
                    author,
                    super::now(),
                ],
            )?;
            let id = tx.last_insert_rowid();
            record(tx, author, status_report_created(initiative_id, id, report))?;
            Ok(id)
        })
    }

    // ---- cost follow-up ------------------------------------------------------------

    fn cost_years(&self, initiative_id: i64) -> Result<Vec<CostYear>> {
        let mut stmt = self.conn().prepare(&format!("SELECT * FROM cost_year WHERE initiative_id = ?1 ORDER BY {COST_ORDER}"))?;
        let rows = stmt.query_map([initiative_id], read_cost_year)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn all_cost_years(&self) -> Result<Vec<CostYear>> {
        let mut stmt = self.conn().prepare(&format!("SELECT * FROM cost_year ORDER BY initiative_id, {COST_ORDER}"))?;
        let rows = stmt.query_map([], read_cost_year)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves one year's Budget/Utfall/Prognos for a cost type and kind, replacing the
    /// earlier figures of that year, type and kind; the earlier figures stay in the audit log.
    /// A blank internal Utfall with hours and a rate is saved as hours × rate.
    fn save_cost_year(&mut self, initiative_id: i64, cost: &CostYearFields) -> Result<i64> {
        let cost = &prepared_cost(cost)?;
        self.write(|tx, author| {
            read_initiative(tx, initiative_id)?;
            let key = params![initiative_id, cost.year, cost.cost_type.code(), cost.kind.code()];
            let before: Option<CostYear> = rows::optional(tx.query_row(
                "SELECT * FROM cost_year WHERE initiative_id = ?1 AND year = ?2 AND cost_type = ?3 AND kind = ?4",
                key,
                read_cost_year,
            ))?;
            if before.as_ref().is_some_and(|b| &b.fields == cost) {
                return Ok(before.map(|b| b.id).unwrap_or_default());
            }
            tx.execute(
                "INSERT INTO cost_year (initiative_id, year, cost_type, kind, budget, actual, forecast, hours,
                                        hourly_rate, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (initiative_id, year, cost_type, kind) DO UPDATE SET
                    budget = excluded.budget, actual = excluded.actual, forecast = excluded.forecast,
                    hours = excluded.hours, hourly_rate = excluded.hourly_rate, comment = excluded.comment",
                params![
                    initiative_id,
                    cost.year,
                    cost.cost_type.code(),
                    cost.kind.code(),
                    decimal_to_text(cost.budget),
                    decimal_to_text(cost.actual),
                    decimal_to_text(cost.forecast),
                    decimal_to_text(cost.hours),
                    decimal_to_text(cost.hourly_rate),
                    cost.comment,
                ],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM cost_year WHERE initiative_id = ?1 AND year = ?2 AND cost_type = ?3 AND kind = ?4",
                key,
                |r| r.get(0),
            )?;
            record(tx, author, cost_saved(initiative_id, id, before.as_ref().map(|b| &b.fields), cost))?;
            Ok(id)
        })
    }

    /// Removes one cost row of the initiative; its figures stay in the audit log.
    fn delete_cost_year(&mut self, initiative_id: i64, id: i64) -> Result<()> {
        self.write(|tx, author| {
            let before: Option<CostYear> = rows::optional(tx.query_row(
                "SELECT * FROM cost_year WHERE id = ?1 AND initiative_id = ?2",
                params![id, initiative_id],
                read_cost_year,
            ))?;
            let Some(before) = before else {
                return Err(cost_row_gone());
            };
            tx.execute("DELETE FROM cost_year WHERE id = ?1", [id])?;
            record(tx, author, cost_deleted(initiative_id, id, &before.fields))?;
            Ok(())
        })
    }
}

// ---- the rules both stores keep (the shared register's are in postgres/initiatives.rs) ----

/// What the checks of an initiative's save ask the register besides the lists' lookups; each
/// store answers with its own statements, and [`check_references`] is the one rule.
pub(in crate::store) trait Lookups: ListLookup {
    /// Whether an initiative other than `own_id` has the code, letter case aside.
    fn code_taken(&mut self, code: &str, own_id: Option<i64>) -> Result<bool>;
    /// The initiative's current plan versions (the draft and the latest approved), oldest first.
    fn current_plans(&mut self, initiative_id: i64) -> Result<Vec<CurrentPlan>>;
}

/// A current version of an initiative's plan, as [`Lookups::current_plans`] gives it; `plan`
/// is `None` when its body does not read (it then holds no benefit to check).
pub(in crate::store) struct CurrentPlan {
    pub version: u32,
    pub draft: bool,
    pub plan: Option<Plan>,
}

/// The supplier and customers are organisations of the register, a customer leaving does not
/// strand a benefit of the plan, and the code is the initiative's own.
pub(in crate::store) fn check_references(
    lookups: &mut impl Lookups,
    fields: &InitiativeFields,
    own_id: Option<i64>,
) -> Result<()> {
    let mut errors = Vec::new();
    if lookups.organisation_name(fields.organisation_id)?.is_none() {
        errors.push(FieldError::new("organisation_id", "Välj en leverantör som finns i registret."));
    }
    for customer in &fields.customer_ids {
        if lookups.organisation_name(*customer)?.is_none() {
            errors.push(FieldError::new("customer_ids", "Välj kunder som finns i registret."));
            break;
        }
    }
    if let Some(id) = own_id {
        errors.extend(customers_of_the_plan(lookups, id, &fields.customer_ids)?);
    }
    if lookups.code_taken(&fields.code, own_id)? {
        errors.push(FieldError::new("code", format!("Koden {} används redan av en annan insats.", fields.code)));
    }
    check_valid(errors)
}

/// A customer may leave an initiative only when no benefit of its current plan (the draft and
/// the latest approved version) is realised by it: the plan names who realises each benefit,
/// and an approved plan changes only by a new version.
fn customers_of_the_plan(lookups: &mut impl Lookups, initiative_id: i64, customers: &[i64]) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    for current in lookups.current_plans(initiative_id)? {
        let Some(plan) = current.plan else { continue };
        for benefit in &plan.benefits {
            let Some(by) = benefit.realised_by.filter(|by| !customers.contains(by)) else { continue };
            let name = lookups.organisation_name(by)?.unwrap_or_else(|| format!("med id {by}"));
            let which = if current.draft { "utkastet till planen" } else { "den godkända planen" };
            errors.push(FieldError::new(
                "customer_ids",
                format!(
                    "{name} realiserar nyttan \u{201d}{}\u{201d} i {which} (version {}) och kan inte tas bort som kund. \
                     Ändra först vem som realiserar nyttan i planen.",
                    benefit.name, current.version
                ),
            ));
        }
    }
    Ok(errors)
}

/// An organisation's name and committee, trimmed and checked: the name is given and neither
/// is too long.
pub(in crate::store) fn organisation_texts(name: &str, committee: &str) -> Result<(String, String)> {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(StoreError::Invalid(vec![FieldError::new("name", "Organisationens namn måste anges.")]));
    }
    let committee = committee.trim().to_string();
    check_valid(Organisation::validate_texts(&name, &committee))?;
    Ok((name, committee))
}

pub(in crate::store) fn organisation_taken(name: &str) -> StoreError {
    StoreError::Invalid(vec![FieldError::new("name", format!("Organisationen {name} finns redan."))])
}

pub(in crate::store) fn organisation_created(after: &Organisation) -> Change<'_, (), Organisation> {
    Change {
        action: "skapad",
        entity: "organisation",
        entity_id: Some(after.id),
        initiative_id: None,
        before: None,
        after: Some(after),
        reason: "",
    }
}

/// An initiative's fields as they are saved, checked.
pub(in crate::store) fn prepared(fields: &InitiativeFields) -> Result<InitiativeFields> {
    let fields = normalised(fields);
    check_valid(fields.validate())?;
    Ok(fields)
}

pub(in crate::store) fn no_initiative_with_code(code: &str) -> StoreError {
    StoreError::Refused(format!("Det finns ingen insats med koden {}.", code.trim()))
}

/// An edit that started from another row version than the stored one is refused, naming the
/// fields that differ.
pub(in crate::store) fn refuse_stale(stored: &Initiative, row_version: i64, attempted: &InitiativeFields) -> Result<()> {
    if stored.row_version == row_version {
        return Ok(());
    }
    Err(StoreError::Stale {
        entity: format!("Insatsen {}", stored.fields.code),
        changes: describe_changes(&stored.fields, attempted),
    })
}

pub(in crate::store) fn initiative_created(id: i64, after: &InitiativeFields) -> Change<'_, (), InitiativeFields> {
    Change {
        action: "skapad",
        entity: "initiative",
        entity_id: Some(id),
        initiative_id: Some(id),
        before: None,
        after: Some(after),
        reason: "",
    }
}

pub(in crate::store) fn initiative_changed<'a>(
    id: i64,
    before: &'a InitiativeFields,
    after: &'a InitiativeFields,
) -> Change<'a, InitiativeFields, InitiativeFields> {
    Change {
        action: "ändrad",
        entity: "initiative",
        entity_id: Some(id),
        initiative_id: Some(id),
        before: Some(before),
        after: Some(after),
        reason: "",
    }
}

/// A summary read from the register with what follows from it: its gaps and when its next
/// status report is due.
pub(in crate::store) fn with_derived(summary: InitiativeSummary, start_date: Option<chrono::NaiveDate>) -> InitiativeSummary {
    InitiativeSummary {
        gaps: gaps(summary.phase, summary.has_effect_goals, summary.has_calculation),
        status_report_due: status_report_due(
            summary.phase,
            start_date,
            summary.latest_report.as_ref().map(|r| r.period_end),
            summary.reporting_period,
        ),
        ..summary
    }
}

pub(in crate::store) fn period_taken(period_end: chrono::NaiveDate) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(
        "period_end",
        format!("Det finns redan en statusrapport för perioden som slutar {}.", crate::format::date(period_end)),
    )])
}

pub(in crate::store) fn status_report_created(
    initiative_id: i64,
    id: i64,
    report: &StatusReportFields,
) -> Change<'_, (), StatusReportFields> {
    Change {
        action: "skapad",
        entity: "status_report",
        entity_id: Some(id),
        initiative_id: Some(initiative_id),
        before: None,
        after: Some(report),
        reason: "",
    }
}

/// A cost row as it is saved, checked: a blank internal Utfall with hours and a rate is
/// hours × rate.
pub(in crate::store) fn prepared_cost(cost: &CostYearFields) -> Result<CostYearFields> {
    check_valid(cost.validate())?;
    let mut cost = cost.with_computed_actual();
    cost.comment = cost.comment.trim().to_string();
    Ok(cost)
}

pub(in crate::store) fn cost_saved<'a>(
    initiative_id: i64,
    id: i64,
    before: Option<&'a CostYearFields>,
    after: &'a CostYearFields,
) -> Change<'a, CostYearFields, CostYearFields> {
    Change {
        action: if before.is_some() { "ändrad" } else { "skapad" },
        entity: "cost_year",
        entity_id: Some(id),
        initiative_id: Some(initiative_id),
        before,
        after: Some(after),
        reason: "",
    }
}

pub(in crate::store) fn cost_row_gone() -> StoreError {
    StoreError::Refused("Kostnadsraden finns inte längre; någon annan kan ha tagit bort den. Visa insatsen på nytt.".into())
}

pub(in crate::store) fn cost_deleted(initiative_id: i64, id: i64, before: &CostYearFields) -> Change<'_, CostYearFields, ()> {
    Change {
        action: "borttagen",
        entity: "cost_year",
        entity_id: Some(id),
        initiative_id: Some(initiative_id),
        before: Some(before),
        after: None,
        reason: "",
    }
}

fn normalised(fields: &InitiativeFields) -> InitiativeFields {
    let mut fields = fields.clone();
    fields.code = fields.code.trim().to_string();
    fields.name = fields.name.trim().to_string();
    fields.effect_goals = fields
        .effect_goals
        .iter()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    // Customers have no order; a repeat stays for the validation to name.
    fields.customer_ids.sort_unstable();
    // Running-cost years in year order (a repeat stays for the validation to name).
    fields.running_cost.years.sort_by_key(|y| y.year);
    fields.allocation_key = fields.allocation_key.trim().to_string();
    // A list entry is named as the list spells it; goal areas have no order.
    fields.base_service = fields.base_service.trim().to_string();
    fields.goal_area_ids.sort_unstable();
    fields
}

/// The customers' ids of a row's `customer_ids` column (a JSON array made by the query).
fn customer_ids(row: &Row) -> rusqlite::Result<Vec<i64>> {
    id_list(row, "customer_ids")
}

/// The ids of a JSON array column made by the query, sorted.
fn id_list(row: &Row, column: &str) -> rusqlite::Result<Vec<i64>> {
    let text: Option<String> = row.get(column)?;
    let mut ids: Vec<i64> = text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    ids.sort_unstable();
    Ok(ids)
}

/// The running-cost impact per calendar year of a row's `running_cost_years` column (a JSON
/// array made by the query, in year order).
pub(super) fn running_cost_years(row: &Row) -> rusqlite::Result<Vec<RunningCostYear>> {
    let text: Option<String> = row.get("running_cost_years")?;
    let Some(text) = text else { return Ok(Vec::new()) };
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Replaces an initiative's running-cost years (part of saving its fields: one audit row
/// for the initiative says before and after).
pub(super) fn write_running_cost_years(tx: &Transaction, id: i64, years: &[RunningCostYear]) -> Result<()> {
    tx.execute("DELETE FROM running_cost_year WHERE initiative_id = ?1", [id])?;
    for y in years {
        tx.execute(
            "INSERT INTO running_cost_year (initiative_id, year, amount) VALUES (?1, ?2, ?3)",
            params![id, y.year, decimal_to_text(Some(y.amount))],
        )?;
    }
    Ok(())
}

/// The register's answers to the checks of an initiative's save, by SQLite's statements (the
/// list lookups are lists.rs's).
impl Lookups for &rusqlite::Connection {
    fn code_taken(&mut self, code: &str, own_id: Option<i64>) -> Result<bool> {
        let clash: Option<i64> = rows::optional(self.query_row(
            "SELECT id FROM initiative WHERE code = ?1 AND id IS NOT ?2",
            params![code, own_id],
            |r| r.get(0),
        ))?;
        Ok(clash.is_some())
    }

    fn current_plans(&mut self, initiative_id: i64) -> Result<Vec<CurrentPlan>> {
        let mut stmt = self.prepare(
            "SELECT version, status, body FROM plan_version p WHERE initiative_id = ?1
               AND (status = 'draft' OR version = (SELECT max(version) FROM plan_version
                                                  WHERE initiative_id = ?1 AND status = 'approved'))
             ORDER BY version",
        )?;
        let versions = stmt
            .query_map([initiative_id], |r| {
                let body: String = r.get(2)?;
                Ok(CurrentPlan {
                    version: r.get(0)?,
                    draft: r.get::<_, String>(1)? == "draft",
                    plan: serde_json::from_str(&body).ok(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(versions)
    }
}

fn write_fields(tx: &Transaction, id: i64, f: &InitiativeFields) -> Result<()> {
    tx.execute("DELETE FROM initiative_customer WHERE initiative_id = ?1", [id])?;
    for customer in &f.customer_ids {
        tx.execute(
            "INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES (?1, ?2)",
            params![id, customer],
        )?;
    }
    write_running_cost_years(tx, id, &f.running_cost.years)?;
    tx.execute(
        "UPDATE initiative SET financing = ?2 WHERE id = ?1",
        params![id, f.financing.map(Financing::code)],
    )?;
    super::lists::write_goal_areas(tx, id, &f.goal_area_ids)?;
    tx.execute("UPDATE initiative SET category = ?2 WHERE id = ?1", params![id, f.category.map(Category::code)])?;
    let flag = |v: Option<bool>| v.map(i64::from);
    tx.execute(
        "UPDATE initiative SET code = ?2, name = ?3, organisation_id = ?4, phase = ?5, council_tracked = ?6,
            sponsor = ?7, project_manager = ?8, start_date = ?9, go_live_date = ?10, end_date = ?11,
            base_service = ?12, need = ?13, benefit = ?14, effect_goals = ?15, project_goals = ?16,
            benefit_reach = ?17, change_kind = ?18, project_form = ?19, goal_link = ?20,
            complexity_customer = ?21, complexity_supplier = ?22,
            information_classification_done = ?23, information_classification_comment = ?24,
            threshold_analysis_done = ?25, threshold_analysis_comment = ?26,
            security_assessment_done = ?27, security_assessment_comment = ?28,
            architecture_assessment_done = ?29, architecture_assessment_comment = ?30,
            infrastructure_impact_done = ?31, infrastructure_impact_comment = ?32,
            project_budget = ?33, running_cost_comment = ?34, customer_group = ?35, allocation_key = ?36,
            deviation_comment = ?37, struck_reason = ?38
         WHERE id = ?1",
        params![
            id,
            f.code,
            f.name,
            f.organisation_id,
            f.phase.code(),
            f.council_tracked as i64,
            f.sponsor.trim(),
            f.project_manager.trim(),
            date_to_text(f.start_date),
            date_to_text(f.go_live_date),
            date_to_text(f.end_date),
            f.base_service.trim(),
            f.need.trim(),
            f.benefit.trim(),
            serde_json::to_string(&f.effect_goals)?,
            f.project_goals.trim(),
            f.benefit_reach.map(BenefitReach::code),
            f.change_kind.map(ChangeKind::code),
            flag(f.project_form),
            f.goal_link.trim(),
            f.complexity_customer.map(Complexity::code),
            f.complexity_supplier.map(Complexity::code),
            flag(f.information_classification.done),
            f.information_classification.comment.trim(),
            flag(f.threshold_analysis.done),
            f.threshold_analysis.comment.trim(),
            flag(f.security_assessment.done),
            f.security_assessment.comment.trim(),
            flag(f.architecture_assessment.done),
            f.architecture_assessment.comment.trim(),
            flag(f.infrastructure_impact.done),
            f.infrastructure_impact.comment.trim(),
            decimal_to_text(f.project_budget),
            f.running_cost.comment.trim(),
            f.customer_group.trim(),
            f.allocation_key.trim(),
            f.deviation_comment.trim(),
            f.struck_reason.trim(),
        ],
    )?;
    Ok(())
}

fn read_initiative(conn: &rusqlite::Connection, id: i64) -> Result<Initiative> {
    let sql = format!("SELECT {INITIATIVE_COLUMNS} FROM initiative WHERE id = ?1");
    rows::optional(conn.query_row(&sql, [id], initiative_from_row))?.ok_or_else(|| not_found("insats", id))
}

fn assessment(row: &Row, prefix: &str) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        done: rows::flag(row, &format!("{prefix}_done"))?,
        comment: row.get(format!("{prefix}_comment").as_str())?,
    })
}

fn initiative_from_row(row: &Row) -> rusqlite::Result<Initiative> {
    let goals: String = row.get("effect_goals")?;
    Ok(Initiative {
        id: row.get("id")?,
        row_version: row.get("row_version")?,
        fields: InitiativeFields {
            code: row.get("code")?,
            name: row.get("name")?,
            organisation_id: row.get("organisation_id")?,
            customer_ids: customer_ids(row)?,
            phase: rows::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
            council_tracked: row.get::<_, i64>("council_tracked")? != 0,
            sponsor: row.get("sponsor")?,
            project_manager: row.get("project_manager")?,
            start_date: rows::date(row, "start_date")?,
            go_live_date: rows::date(row, "go_live_date")?,
            end_date: rows::date(row, "end_date")?,
            base_service: row.get("base_service")?,
            need: row.get("need")?,
            benefit: row.get("benefit")?,
            effect_goals: serde_json::from_str(&goals).unwrap_or_default(),
            project_goals: row.get("project_goals")?,
            benefit_reach: rows::choice(row, "benefit_reach", BenefitReach::from_code)?,
            change_kind: rows::choice(row, "change_kind", ChangeKind::from_code)?,
            project_form: rows::flag(row, "project_form")?,
            goal_link: row.get("goal_link")?,
            goal_area_ids: id_list(row, "goal_area_ids")?,
            category: rows::choice(row, "category", Category::from_code)?,
            complexity_customer: rows::choice(row, "complexity_customer", Complexity::from_code)?,
            complexity_supplier: rows::choice(row, "complexity_supplier", Complexity::from_code)?,
            information_classification: assessment(row, "information_classification")?,
            threshold_analysis: assessment(row, "threshold_analysis")?,
            security_assessment: assessment(row, "security_assessment")?,
            architecture_assessment: assessment(row, "architecture_assessment")?,
            infrastructure_impact: assessment(row, "infrastructure_impact")?,
            project_budget: rows::decimal(row, "project_budget")?,
            running_cost: RunningCostImpact {
                years: running_cost_years(row)?,
                comment: row.get("running_cost_comment")?,
            },
            financing: rows::choice(row, "financing", Financing::from_code)?,
            customer_group: row.get("customer_group")?,
            allocation_key: row.get("allocation_key")?,
            deviation_comment: row.get("deviation_comment")?,
            struck_reason: row.get("struck_reason")?,
        },
    })
}

fn dimension(row: &Row, prefix: &str) -> rusqlite::Result<Dimension> {
    Ok(Dimension {
        status: rows::choice(row, &format!("{prefix}_status"), Rag::from_code)?.unwrap_or(Rag::Gron),
        cause: row.get(format!("{prefix}_cause").as_str())?,
        action: row.get(format!("{prefix}_action").as_str())?,
    })
}

fn status_fields(row: &Row, period_end: chrono::NaiveDate) -> rusqlite::Result<StatusReportFields> {
    Ok(StatusReportFields {
        period_end,
        time: dimension(row, "time")?,
        cost: dimension(row, "cost")?,
        result: dimension(row, "result")?,
        comment: row.get("comment")?,
    })
}

/// The order of one initiative's cost years, on both stores: by year, förvaltning before
/// utveckling, intern before extern. Every initiative's are ordered by initiative first.
pub(in crate::store) const COST_ORDER: &str = "year, kind = 'utveckling', cost_type = 'extern'";

/// The status reports `tail` (a filter and the order) selects.
fn read_status_reports(conn: &rusqlite::Connection, tail: &str, params: impl rusqlite::Params) -> Result<Vec<StatusReport>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM status_report {tail}"))?;
    let rows = stmt.query_map(params, |row| {
        let period_end = rows::required_date(row, "period_end")?;
        Ok(StatusReport {
            id: row.get("id")?,
            initiative_id: row.get("initiative_id")?,
            author: row.get("author")?,
            created_at: row.get("created_at")?,
            fields: status_fields(row, period_end)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn read_cost_year(row: &Row) -> rusqlite::Result<CostYear> {
    Ok(CostYear {
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        fields: CostYearFields {
            year: row.get("year")?,
            cost_type: rows::choice(row, "cost_type", CostType::from_code)?.unwrap_or(CostType::Extern),
            kind: rows::choice(row, "kind", CostKind::from_code)?.unwrap_or(CostKind::Utveckling),
            budget: rows::decimal(row, "budget")?,
            actual: rows::decimal(row, "actual")?,
            forecast: rows::decimal(row, "forecast")?,
            hours: rows::decimal(row, "hours")?,
            hourly_rate: rows::decimal(row, "hourly_rate")?,
            comment: row.get("comment")?,
        },
    })
}

/// Names the fields that differ between what is stored and what the user tried to save,
/// so a refused stale save can say what changed.
fn describe_changes(stored: &InitiativeFields, attempted: &InitiativeFields) -> String {
    let stored = serde_json::to_value(stored).unwrap_or_default();
    let attempted = serde_json::to_value(attempted).unwrap_or_default();
    let (Some(stored), Some(attempted)) = (stored.as_object(), attempted.as_object()) else {
        return String::new();
    };
    let changed: Vec<&str> = stored
        .iter()
        .filter(|(key, value)| attempted.get(key.as_str()) != Some(value))
        .map(|(key, _)| field_label(key))
        .collect();
    if changed.is_empty() {
        "inga fält skiljer sig".to_string()
    } else {
        format!("fält som skiljer sig: {}", changed.join(", "))
    }
}

/// Swedish label of an initiative field, as the template names it.
pub fn field_label(key: &str) -> &'static str {
    match key {
        "code" => "Kod",
        "name" => "Namn",
        "organisation_id" => "Leverantör",
        "customer_ids" => "Kunder",
        "financing" => "Finansieringsform",
        "phase" => "Fas",
        "council_tracked" => "Särskilt följd",
        "sponsor" => "Beställare",
        "project_manager" => "Projektledare",
        "start_date" => "Start",
        "go_live_date" => "Driftsättning",
        "end_date" => "Slut",
        "base_service" => "Bastjänst eller infratjänst",
        "need" => "Behovsbeskrivning",
        "benefit" => "Nytta",
        "effect_goals" => "Effektmål",
        "project_goals" => "Projektmål",
        "benefit_reach" => "Intern – extern nytta",
        "change_kind" => "Effektivitet – innovation",
        "project_form" => "Projektform",
        "goal_link" => "Koppling till beslutade mål",
        "goal_area_ids" => "Målområden",
        "category" => "Kategori",
        "complexity_customer" => "Komplexitet – kundperspektiv",
        "complexity_supplier" => "Komplexitet – leverantörsperspektiv",
        "information_classification" => "Informationsklassning",
        "threshold_analysis" => "Tröskel- och konsekvensanalys",
        "security_assessment" => "Teknisk bedömning / IT-säkerhetsbedömning",
        "architecture_assessment" => "Arkitekturbedömning",
        "infrastructure_impact" => "Påverkan på digital infrastruktur",
        "project_budget" => "Total projektbudget",
        "running_cost" => "Påverkan förvaltningskostnad",
        "customer_group" => "Kundgrupp som finansierar",
        "allocation_key" => "Förslag fördelningsnyckel",
        "deviation_comment" => "Kommentar avvikelser",
        "struck_reason" => "Skäl till att insatsen ströks",
        _ => "övrigt",
    }
}
