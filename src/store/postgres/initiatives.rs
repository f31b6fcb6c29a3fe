//! Organisations, initiatives, status reports and cost follow-up on the shared register: the
//! file register's rules (`store/initiatives.rs`, whose shared functions this calls), with
//! PostgreSQL's statements.

use postgres::{GenericClient, Row, Transaction};

use super::audit::record;
use super::register::{now, PgRegister};
use super::values;
use crate::model::initiative::*;
use crate::model::register_lists::{Category, ReportingPeriod};
use crate::store::initiatives::{
    check_references, cost_deleted, cost_row_gone, cost_saved, initiative_changed, initiative_created,
    no_initiative_with_code, organisation_created, organisation_taken, organisation_texts, period_taken, prepared,
    prepared_cost, refuse_stale, status_report_created, with_derived, CurrentPlan, Lookups, COST_ORDER,
};
use crate::store::lists::EFFECTIVE_PERIOD_SQL;
use crate::store::rows::{check_valid, not_found};
use crate::store::{InitiativeStore, Result};

/// An initiative's columns with its customers, goal areas and running-cost years beside, each
/// in the order the file register gives them.
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
    ARRAY(SELECT y.year FROM running_cost_year y WHERE y.initiative_id = initiative.id ORDER BY y.year)
        AS running_cost_years,
    ARRAY(SELECT y.amount FROM running_cost_year y WHERE y.initiative_id = initiative.id ORDER BY y.year)
        AS running_cost_amounts,
    customer_group, allocation_key, deviation_comment, struck_reason, financing, category,
    ARRAY(SELECT g.goal_area_id FROM initiative_goal_area g WHERE g.initiative_id = initiative.id
          ORDER BY g.goal_area_id) AS goal_area_ids,
    ARRAY(SELECT c.organisation_id FROM initiative_customer c WHERE c.initiative_id = initiative.id
          ORDER BY c.organisation_id) AS customer_ids";

impl InitiativeStore for PgRegister {
    // ---- organisations -------------------------------------------------------------

    fn organisations(&self) -> Result<Vec<Organisation>> {
        // By name as the file register sorts it: byte order.
        let rows = self.client().query(
            "SELECT id, name, kind, committee FROM organisation ORDER BY name COLLATE \"C\"",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(Organisation {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    kind: values::choice(row, "kind", OrganisationKind::from_code)?.unwrap_or(OrganisationKind::Forvaltning),
                    committee: row.try_get("committee")?,
                })
            })
            .collect()
    }

    fn add_organisation(&mut self, name: &str, kind: OrganisationKind, committee: &str) -> Result<i64> {
        let (name, committee) = organisation_texts(name, committee)?;
        self.write(|tx, author| {
            if tx.query_opt("SELECT id FROM organisation WHERE name = $1", &[&name])?.is_some() {
                return Err(organisation_taken(&name));
            }
            let id: i64 = tx
                .query_one(
                    "INSERT INTO organisation (name, kind, committee) VALUES ($1, $2, $3) RETURNING id",
                    &[&name, &kind.code(), &committee],
                )?
                .try_get(0)?;
            let after = Organisation { id, name: name.clone(), kind, committee: committee.clone() };
            record(tx, author, organisation_created(&after))?;
            Ok(id)
        })
    }

    // ---- initiatives ---------------------------------------------------------------

    /// The portfolio table: every initiative with its organisation and latest status report.
    fn initiative_summaries(&self) -> Result<Vec<InitiativeSummary>> {
        let sql = format!(
            "SELECT i.id, i.code, i.name, i.organisation_id, o.name AS organisation, i.phase,
                    i.council_tracked, i.go_live_date,
                    ARRAY(SELECT c.organisation_id FROM initiative_customer c WHERE c.initiative_id = i.id
                          ORDER BY c.organisation_id) AS customer_ids,
                    r.period_end, r.time_status, r.time_cause, r.time_action,
                    r.cost_status, r.cost_cause, r.cost_action,
                    r.result_status, r.result_cause, r.result_action, r.comment,
                    json_array_length(i.effect_goals) > 0 AS has_effect_goals,
                    i.start_date, {EFFECTIVE_PERIOD_SQL} AS reporting_period, i.category,
                    EXISTS (SELECT 1 FROM calculation k WHERE k.initiative_id = i.id) AS has_calculation
             FROM initiative i
             JOIN organisation o ON o.id = i.organisation_id
             LEFT JOIN status_report r ON r.id = (
                 SELECT id FROM status_report WHERE initiative_id = i.id ORDER BY period_end DESC LIMIT 1)
             ORDER BY lower(i.code COLLATE \"C\")"
        );
        // By code as the file register sorts it (its codes are COLLATE NOCASE: ASCII case aside).
        let rows = self.client().query(sql.as_str(), &[])?;
        rows.iter().map(summary_from_row).collect()
    }

    fn initiative(&self, id: i64) -> Result<Initiative> {
        read_initiative(&mut *self.client(), id)
    }

    fn initiative_by_code(&self, code: &str) -> Result<Initiative> {
        let row = self
            .client()
            .query_opt("SELECT id FROM initiative WHERE lower(code) = lower($1)", &[&code.trim()])?;
        match row {
            Some(row) => self.initiative(row.try_get(0)?),
            None => Err(no_initiative_with_code(code)),
        }
    }

    fn create_initiative(&mut self, fields: &InitiativeFields) -> Result<i64> {
        let fields = prepared(fields)?;
        self.write(|tx, author| {
            check_references(tx, &fields, None)?;
            check_valid(super::lists::check_list_references(tx, &fields, None)?)?;
            let now = now();
            let id: i64 = tx
                .query_one(
                    "INSERT INTO initiative (code, name, organisation_id, phase, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                    &[&fields.code, &fields.name, &fields.organisation_id, &fields.phase.code(), &now],
                )?
                .try_get(0)?;
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
            check_references(tx, &fields, Some(id))?;
            check_valid(super::lists::check_list_references(tx, &fields, Some(&before.fields))?)?;
            write_fields(tx, id, &fields)?;
            tx.execute(
                "UPDATE initiative SET row_version = row_version + 1, updated_at = $2 WHERE id = $1",
                &[&id, &now()],
            )?;
            let after = read_initiative(tx, id)?;
            record(tx, author, initiative_changed(id, &before.fields, &after.fields))?;
            Ok(after)
        })
    }

    // ---- status reports ------------------------------------------------------------

    fn status_reports(&self, initiative_id: i64) -> Result<Vec<StatusReport>> {
        let rows = self.client().query(
            "SELECT * FROM status_report WHERE initiative_id = $1 ORDER BY period_end DESC",
            &[&initiative_id],
        )?;
        rows.iter().map(read_status_report).collect()
    }

    fn all_status_reports(&self) -> Result<Vec<StatusReport>> {
        let rows = self.client().query("SELECT * FROM status_report ORDER BY initiative_id, period_end DESC", &[])?;
        rows.iter().map(read_status_report).collect()
    }

    fn add_status_report(&mut self, initiative_id: i64, report: &StatusReportFields) -> Result<i64> {
        check_valid(report.validate())?;
        self.write(|tx, author| {
            read_initiative(tx, initiative_id)?;
            // The period's report is looked for by the insert itself: a read of the table first
            // would make every two reporters on one initiative a serialization conflict.
            let inserted = tx.query_opt(
                "INSERT INTO status_report (initiative_id, period_end, time_status, time_cause, time_action,
                    cost_status, cost_cause, cost_action, result_status, result_cause, result_action,
                    comment, author, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                 ON CONFLICT (initiative_id, period_end) DO NOTHING RETURNING id",
                &[
                    &initiative_id,
                    &report.period_end,
                    &report.time.status.code(),
                    &report.time.cause.trim(),
                    &report.time.action.trim(),
                    &report.cost.status.code(),
                    &report.cost.cause.trim(),
                    &report.cost.action.trim(),
                    &report.result.status.code(),
                    &report.result.cause.trim(),
                    &report.result.action.trim(),
                    &report.comment.trim(),
                    &author,
                    &now(),
                ],
            )?;
            let Some(inserted) = inserted else {
                return Err(period_taken(report.period_end));
            };
            let id: i64 = inserted.try_get(0)?;
            record(tx, author, status_report_created(initiative_id, id, report))?;
            Ok(id)
        })
    }

    // ---- cost follow-up ------------------------------------------------------------

    fn cost_years(&self, initiative_id: i64) -> Result<Vec<CostYear>> {
        let sql = format!("SELECT * FROM cost_year WHERE initiative_id = $1 ORDER BY {COST_ORDER}");
        let rows = self.client().query(sql.as_str(), &[&initiative_id])?;
        rows.iter().map(read_cost_year).collect()
    }

    fn all_cost_years(&self) -> Result<Vec<CostYear>> {
        let sql = format!("SELECT * FROM cost_year ORDER BY initiative_id, {COST_ORDER}");
        let rows = self.client().query(sql.as_str(), &[])?;
        rows.iter().map(read_cost_year).collect()
    }

    /// Saves one year's Budget/Utfall/Prognos for a cost type and kind, replacing the
    /// earlier figures of that year, type and kind; the earlier figures stay in the audit log.
    fn save_cost_year(&mut self, initiative_id: i64, cost: &CostYearFields) -> Result<i64> {
        let cost = &prepared_cost(cost)?;
        self.write(|tx, author| {
            read_initiative(tx, initiative_id)?;
            let (year, cost_type, kind) = (cost.year, cost.cost_type.code(), cost.kind.code());
            let before = tx
                .query_opt(
                    "SELECT * FROM cost_year WHERE initiative_id = $1 AND year = $2 AND cost_type = $3 AND kind = $4",
                    &[&initiative_id, &year, &cost_type, &kind],
                )?
                .as_ref()
                .map(read_cost_year)
                .transpose()?;
            if let Some(before) = before.as_ref().filter(|b| &b.fields == cost) {
                return Ok(before.id);
            }
            let id: i64 = tx
                .query_one(
                    "INSERT INTO cost_year (initiative_id, year, cost_type, kind, budget, actual, forecast, hours,
                                            hourly_rate, comment)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (initiative_id, year, cost_type, kind) DO UPDATE SET
                        budget = excluded.budget, actual = excluded.actual, forecast = excluded.forecast,
                        hours = excluded.hours, hourly_rate = excluded.hourly_rate, comment = excluded.comment
                     RETURNING id",
                    &[
                        &initiative_id,
                        &year,
                        &cost_type,
                        &kind,
                        &cost.budget,
                        &cost.actual,
                        &cost.forecast,
                        &cost.hours,
                        &cost.hourly_rate,
                        &cost.comment,
                    ],
                )?
                .try_get(0)?;
            record(tx, author, cost_saved(initiative_id, id, before.as_ref().map(|b| &b.fields), cost))?;
            Ok(id)
        })
    }

    /// Removes one cost row of the initiative; its figures stay in the audit log.
    fn delete_cost_year(&mut self, initiative_id: i64, id: i64) -> Result<()> {
        self.write(|tx, author| {
            let before = tx
                .query_opt("SELECT * FROM cost_year WHERE id = $1 AND initiative_id = $2", &[&id, &initiative_id])?
                .as_ref()
                .map(read_cost_year)
                .transpose()?;
            let Some(before) = before else {
                return Err(cost_row_gone());
            };
            tx.execute("DELETE FROM cost_year WHERE id = $1", &[&id])?;
            record(tx, author, cost_deleted(initiative_id, id, &before.fields))?;
            Ok(())
        })
    }
}

/// The register's answers to the checks of an initiative's save, by PostgreSQL's statements
/// (the list lookups are postgres/lists.rs's).
impl Lookups for Transaction<'_> {
    fn code_taken(&mut self, code: &str, own_id: Option<i64>) -> Result<bool> {
        let clash = self.query_opt(
            "SELECT id FROM initiative WHERE lower(code) = lower($1) AND id IS DISTINCT FROM $2",
            &[&code, &own_id],
        )?;
        Ok(clash.is_some())
    }

    fn current_plans(&mut self, initiative_id: i64) -> Result<Vec<CurrentPlan>> {
        let rows = self.query(
            "SELECT version, status, body FROM plan_version WHERE initiative_id = $1
               AND (status = 'draft' OR version = (SELECT max(version) FROM plan_version
                                                  WHERE initiative_id = $1 AND status = 'approved'))
             ORDER BY version",
            &[&initiative_id],
        )?;
        rows.iter()
            .map(|row| {
                let version: i32 = row.try_get("version")?;
                Ok(CurrentPlan {
                    version: u32::try_from(version).unwrap_or_default(),
                    draft: row.try_get::<_, &str>("status")? == "draft",
                    plan: values::json(row, "body").ok(),
                })
            })
            .collect()
    }
}

/// Stores every field of an initiative but its row version: the row, its customers, goal
/// areas and running-cost years.
fn write_fields(tx: &mut Transaction<'_>, id: i64, f: &InitiativeFields) -> Result<()> {
    tx.execute("DELETE FROM initiative_customer WHERE initiative_id = $1", &[&id])?;
    for customer in &f.customer_ids {
        tx.execute(
            "INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES ($1, $2)",
            &[&id, customer],
        )?;
    }
    tx.execute("DELETE FROM running_cost_year WHERE initiative_id = $1", &[&id])?;
    for y in &f.running_cost.years {
        tx.execute(
            "INSERT INTO running_cost_year (initiative_id, year, amount) VALUES ($1, $2, $3)",
            &[&id, &y.year, &y.amount],
        )?;
    }
    super::lists::write_goal_areas(tx, id, &f.goal_area_ids)?;
    let effect_goals = values::to_json(&f.effect_goals)?;
    tx.execute(
        "UPDATE initiative SET code = $2, name = $3, organisation_id = $4, phase = $5, council_tracked = $6,
            sponsor = $7, project_manager = $8, start_date = $9, go_live_date = $10, end_date = $11,
            base_service = $12, need = $13, benefit = $14, effect_goals = $15, project_goals = $16,
            benefit_reach = $17, change_kind = $18, project_form = $19, goal_link = $20,
            complexity_customer = $21, complexity_supplier = $22,
            information_classification_done = $23, information_classification_comment = $24,
            threshold_analysis_done = $25, threshold_analysis_comment = $26,
            security_assessment_done = $27, security_assessment_comment = $28,
            architecture_assessment_done = $29, architecture_assessment_comment = $30,
            infrastructure_impact_done = $31, infrastructure_impact_comment = $32,
            project_budget = $33, running_cost_comment = $34, customer_group = $35, allocation_key = $36,
            deviation_comment = $37, struck_reason = $38, financing = $39, category = $40
         WHERE id = $1",
        &[
            &id,
            &f.code,
            &f.name,
            &f.organisation_id,
            &f.phase.code(),
            &f.council_tracked,
            &f.sponsor.trim(),
            &f.project_manager.trim(),
            &f.start_date,
            &f.go_live_date,
            &f.end_date,
            &f.base_service.trim(),
            &f.need.trim(),
            &f.benefit.trim(),
            &effect_goals,
            &f.project_goals.trim(),
            &f.benefit_reach.map(BenefitReach::code),
            &f.change_kind.map(ChangeKind::code),
            &f.project_form,
            &f.goal_link.trim(),
            &f.complexity_customer.map(Complexity::code),
            &f.complexity_supplier.map(Complexity::code),
            &f.information_classification.done,
            &f.information_classification.comment.trim(),
            &f.threshold_analysis.done,
            &f.threshold_analysis.comment.trim(),
            &f.security_assessment.done,
            &f.security_assessment.comment.trim(),
            &f.architecture_assessment.done,
            &f.architecture_assessment.comment.trim(),
            &f.infrastructure_impact.done,
            &f.infrastructure_impact.comment.trim(),
            &f.project_budget,
            &f.running_cost.comment.trim(),
            &f.customer_group.trim(),
            &f.allocation_key.trim(),
            &f.deviation_comment.trim(),
            &f.struck_reason.trim(),
            &f.financing.map(Financing::code),
            &f.category.map(Category::code),
        ],
    )?;
    Ok(())
}

/// One initiative, read with a client inside a write transaction or outside it; an initiative
/// the user may not see is as missing as one that is not there.
fn read_initiative(client: &mut impl GenericClient, id: i64) -> Result<Initiative> {
    let sql = format!("SELECT {INITIATIVE_COLUMNS} FROM initiative WHERE id = $1");
    let row = client.query_opt(sql.as_str(), &[&id])?.ok_or_else(|| not_found("insats", id))?;
    initiative_from_row(&row)
}

fn assessment(row: &Row, prefix: &str) -> Result<Assessment> {
    Ok(Assessment {
        done: row.try_get(format!("{prefix}_done").as_str())?,
        comment: row.try_get(format!("{prefix}_comment").as_str())?,
    })
}

fn running_cost_years(row: &Row) -> Result<Vec<RunningCostYear>> {
    let years: Vec<i32> = row.try_get("running_cost_years")?;
    let amounts: Vec<rust_decimal::Decimal> = row.try_get("running_cost_amounts")?;
    Ok(years.into_iter().zip(amounts).map(|(year, amount)| RunningCostYear { year, amount: amount.normalize() }).collect())
}

fn initiative_from_row(row: &Row) -> Result<Initiative> {
    Ok(Initiative {
        id: row.try_get("id")?,
        row_version: row.try_get("row_version")?,
        fields: InitiativeFields {
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            organisation_id: row.try_get("organisation_id")?,
            customer_ids: row.try_get("customer_ids")?,
            phase: values::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
            council_tracked: row.try_get("council_tracked")?,
            sponsor: row.try_get("sponsor")?,
            project_manager: row.try_get("project_manager")?,
            start_date: row.try_get("start_date")?,
            go_live_date: row.try_get("go_live_date")?,
            end_date: row.try_get("end_date")?,
            base_service: row.try_get("base_service")?,
            need: row.try_get("need")?,
            benefit: row.try_get("benefit")?,
            effect_goals: values::json(row, "effect_goals").unwrap_or_default(),
            project_goals: row.try_get("project_goals")?,
            benefit_reach: values::choice(row, "benefit_reach", BenefitReach::from_code)?,
            change_kind: values::choice(row, "change_kind", ChangeKind::from_code)?,
            project_form: row.try_get("project_form")?,
            goal_link: row.try_get("goal_link")?,
            goal_area_ids: row.try_get("goal_area_ids")?,
            category: values::choice(row, "category", Category::from_code)?,
            complexity_customer: values::choice(row, "complexity_customer", Complexity::from_code)?,
            complexity_supplier: values::choice(row, "complexity_supplier", Complexity::from_code)?,
            information_classification: assessment(row, "information_classification")?,
            threshold_analysis: assessment(row, "threshold_analysis")?,
            security_assessment: assessment(row, "security_assessment")?,
            architecture_assessment: assessment(row, "architecture_assessment")?,
            infrastructure_impact: assessment(row, "infrastructure_impact")?,
            project_budget: values::decimal(row, "project_budget")?,
            running_cost: RunningCostImpact {
                years: running_cost_years(row)?,
                comment: row.try_get("running_cost_comment")?,
            },
            financing: values::choice(row, "financing", Financing::from_code)?,
            customer_group: row.try_get("customer_group")?,
            allocation_key: row.try_get("allocation_key")?,
            deviation_comment: row.try_get("deviation_comment")?,
            struck_reason: row.try_get("struck_reason")?,
        },
    })
}

fn summary_from_row(row: &Row) -> Result<InitiativeSummary> {
    let period_end: Option<chrono::NaiveDate> = row.try_get("period_end")?;
    let latest_report = period_end.map(|end| status_fields(row, end)).transpose()?;
    let summary = InitiativeSummary {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: row.try_get("organisation")?,
        customer_ids: row.try_get("customer_ids")?,
        phase: values::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
        council_tracked: row.try_get("council_tracked")?,
        go_live_date: row.try_get("go_live_date")?,
        latest_report,
        latest_report_stale: None,
        has_effect_goals: row.try_get("has_effect_goals")?,
        has_calculation: row.try_get("has_calculation")?,
        gaps: Vec::new(),
        reporting_period: values::choice(row, "reporting_period", ReportingPeriod::from_code)?.unwrap_or_default(),
        status_report_due: None,
        category: values::choice(row, "category", Category::from_code)?,
    };
    Ok(with_derived(summary, row.try_get("start_date")?))
}

fn dimension(row: &Row, prefix: &str) -> Result<Dimension> {
    Ok(Dimension {
        status: values::choice(row, &format!("{prefix}_status"), Rag::from_code)?.unwrap_or(Rag::Gron),
        cause: row.try_get(format!("{prefix}_cause").as_str())?,
        action: row.try_get(format!("{prefix}_action").as_str())?,
    })
}

fn status_fields(row: &Row, period_end: chrono::NaiveDate) -> Result<StatusReportFields> {
    Ok(StatusReportFields {
        period_end,
        time: dimension(row, "time")?,
        cost: dimension(row, "cost")?,
        result: dimension(row, "result")?,
        comment: row.try_get("comment")?,
    })
}

fn read_status_report(row: &Row) -> Result<StatusReport> {
    Ok(StatusReport {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        author: row.try_get("author")?,
        created_at: super::register::timestamp_text(row.try_get("created_at")?),
        fields: status_fields(row, row.try_get("period_end")?)?,
    })
}

fn read_cost_year(row: &Row) -> Result<CostYear> {
    Ok(CostYear {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        fields: CostYearFields {
            year: row.try_get("year")?,
            cost_type: values::choice(row, "cost_type", CostType::from_code)?.unwrap_or(CostType::Extern),
            kind: values::choice(row, "kind", CostKind::from_code)?.unwrap_or(CostKind::Utveckling),
            budget: values::decimal(row, "budget")?,
            actual: values::decimal(row, "actual")?,
            forecast: values::decimal(row, "forecast")?,
            hours: values::decimal(row, "hours")?,
            hourly_rate: values::decimal(row, "hourly_rate")?,
            comment: row.try_get("comment")?,
        },
    })
}
