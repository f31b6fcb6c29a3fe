//! Every table of the register read row by row for the exports (the JSON document, the XLSX
//! workbook). Each row becomes its record ([`crate::model::records`]) and is handed to a
//! callback at once, so an export of a million measurements never holds them all; the caller
//! decides what to keep.
//!
//! An export should see one state of the file: run its reads inside
//! [`Register::read_consistently`].

use rusqlite::{Connection, Params, Row};

use super::error::{Result, StoreError};
use super::rows;
use super::{Register, TableReader};
use crate::model::register_lists::{Category, ReportingPeriod};
use crate::model::records::{
    GoalAreaRecord, AuditRecord, CalcFactorRecord, CalculationRecord, CostYearRecord, DeviationNoteRecord, EvaluationRecord,
    HarvestDecisionRecord, InitiativeRecord, MeasurementRecord, OrganisationRecord, PersonRecord, PlanVersionRecord, RawJson,
    StatusReportRecord, VersionStatus,
};
use crate::model::initiative::{
    Assessment, BenefitReach, ChangeKind, Complexity, CostKind, CostType, Dimension, Financing, OrganisationKind,
    Phase, Rag, RunningCostImpact,
};

impl TableReader for Register {
    fn for_each_organisation<E: From<StoreError>>(
        &self,
        each: impl FnMut(OrganisationRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT id, name, kind, committee, governing_body, reporting_period, settings_row_version,
                    (SELECT json_group_array(json_object('id', b.id, 'name', b.name,
                             'retired', json(CASE WHEN b.retired THEN 'true' ELSE 'false' END),
                             'row_version', b.row_version) ORDER BY b.id)
                     FROM base_service b WHERE b.organisation_id = organisation.id) AS base_services,
                    (SELECT json_group_array(json_object('year', t.year, 'section', t.section, 'text', t.text,
                             'row_version', t.row_version, 'updated_at', t.updated_at) ORDER BY t.year, t.section)
                     FROM annual_analysis_text t WHERE t.organisation_id = organisation.id) AS analysis_texts
             FROM organisation ORDER BY id",
            [],
            organisation,
            each,
        )
    }

    /// The register's goal areas (målområden), in id order.
    fn for_each_goal_area<E: From<StoreError>>(
        &self,
        each: impl FnMut(GoalAreaRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT id, name, retired, row_version FROM goal_area ORDER BY id",
            [],
            |r| {
                Ok(GoalAreaRecord {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    retired: r.get::<_, i64>("retired")? != 0,
                    row_version: r.get("row_version")?,
                })
            },
            each,
        )
    }

    fn for_each_person<E: From<StoreError>>(
        &self,
        each: impl FnMut(PersonRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT id, name, role, organisation_id FROM person ORDER BY id",
            [],
            person,
            each,
        )
    }

    fn for_each_calc_factor<E: From<StoreError>>(
        &self,
        each: impl FnMut(CalcFactorRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT id, code, name, value, unit, source, year, row_version FROM calc_factor ORDER BY id",
            [],
            calc_factor,
            each,
        )
    }

    /// The initiatives in id order, without their children (the lists are empty).
    fn for_each_initiative<E: From<StoreError>>(
        &self,
        each: impl FnMut(InitiativeRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT *, (SELECT json_group_array(c.organisation_id ORDER BY c.organisation_id)
                        FROM initiative_customer c WHERE c.initiative_id = initiative.id) AS customer_ids,
                    (SELECT json_group_array(g.goal_area_id ORDER BY g.goal_area_id)
                        FROM initiative_goal_area g WHERE g.initiative_id = initiative.id) AS goal_area_ids,
                    (SELECT json_group_array(json_object('year', y.year, 'amount', y.amount) ORDER BY y.year)
                        FROM running_cost_year y WHERE y.initiative_id = initiative.id) AS running_cost_years
             FROM initiative ORDER BY id",
            [],
            initiative,
            each,
        )
    }

    /// The initiatives in id order, each with everything that belongs to it: one initiative
    /// at a time is in memory.
    fn for_each_initiative_with_children<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(InitiativeRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let conn = self.conn();
        self.for_each_initiative(|mut record| {
            read_children(conn, &mut record)?;
            each(record)
        })
    }

    /// Every status report with the id of its initiative, in id order.
    fn for_each_status_report<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, StatusReportRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT * FROM status_report ORDER BY id",
            [],
            with_initiative(status_report),
            each,
        )
    }

    fn for_each_cost_year<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, CostYearRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT * FROM cost_year ORDER BY id",
            [],
            with_initiative(cost_year),
            each,
        )
    }

    fn for_each_calculation<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, CalculationRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT * FROM calculation ORDER BY id",
            [],
            with_initiative(calculation),
            each,
        )
    }

    fn for_each_plan_version<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, PlanVersionRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT * FROM plan_version ORDER BY id",
            [],
            with_initiative(plan_version),
            each,
        )
    }

    fn for_each_measurement<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, MeasurementRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            &format!("SELECT {MEASUREMENT_COLUMNS}, initiative_id FROM measurement ORDER BY id"),
            [],
            |row| Ok((row.get(MEASUREMENT_FIELDS)?, measurement(row)?)),
            each,
        )
    }

    /// Every deviation note with the id of its initiative, by initiative, indicator and months.
    fn for_each_deviation_note<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, DeviationNoteRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            &format!(
                "SELECT {} FROM deviation_note ORDER BY initiative_id, indicator_code, months_after_go_live",
                super::deviations::COLUMNS
            ),
            [],
            |r| Ok((r.get("initiative_id")?, DeviationNoteRecord::from_note(super::deviations::note_from_row(r)?))),
            each,
        )
    }

    /// Every evaluation version with the id of its initiative, in id order.
    fn for_each_evaluation<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, EvaluationRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT * FROM evaluation ORDER BY id",
            [],
            |r| Ok((r.get("initiative_id")?, evaluation(r)?)),
            each,
        )
    }

    /// The audit log in id order, `before` and `after` exactly as stored.
    fn for_each_audit_record<E: From<StoreError>>(
        &self,
        each: impl FnMut(AuditRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self.conn(),
            "SELECT id, at, author, action, entity, entity_id, initiative_id, before, after, reason
             FROM audit_log ORDER BY id",
            [],
            audit_record,
            each,
        )
    }
}

/// Steps through the rows of `sql`, handing each mapped row to `each`; stops at the first
/// error, from the store or from `each`.
pub(super) fn each_row<T, E: From<StoreError>>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    map: impl Fn(&Row) -> rusqlite::Result<T>,
    mut each: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn.prepare_cached(sql).map_err(StoreError::from)?;
    let mut rows = stmt.query(params).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(map(row).map_err(StoreError::from)?)?;
    }
    Ok(())
}

/// Every row of `sql` collected: for an initiative's children, which are few.
fn all<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    map: impl Fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut list = Vec::new();
    each_row(conn, sql, params, map, |item| {
        list.push(item);
        Ok::<_, StoreError>(())
    })?;
    Ok(list)
}

fn read_children(conn: &Connection, initiative: &mut InitiativeRecord) -> Result<()> {
    let id = initiative.id;
    initiative.status_reports = all(
        conn,
        "SELECT * FROM status_report WHERE initiative_id = ?1 ORDER BY id",
        [id],
        status_report,
    )?;
    initiative.cost_years = all(
        conn,
        "SELECT * FROM cost_year WHERE initiative_id = ?1 ORDER BY id",
        [id],
        cost_year,
    )?;
    initiative.calculations = all(
        conn,
        "SELECT * FROM calculation WHERE initiative_id = ?1 ORDER BY id",
        [id],
        calculation,
    )?;
    initiative.plan_versions = all(
        conn,
        "SELECT * FROM plan_version WHERE initiative_id = ?1 ORDER BY id",
        [id],
        plan_version,
    )?;
    initiative.measurements = all(
        conn,
        &format!("SELECT {MEASUREMENT_COLUMNS} FROM measurement WHERE initiative_id = ?1 ORDER BY id"),
        [id],
        measurement,
    )?;
    initiative.harvest_decisions = all(
        conn,
        "SELECT * FROM harvest_decision WHERE initiative_id = ?1 ORDER BY id",
        [id],
        |r| super::harvest::decision_from_row(r).map(HarvestDecisionRecord::of),
    )?;
    initiative.deviation_notes = all(
        conn,
        &format!(
            "SELECT {} FROM deviation_note WHERE initiative_id = ?1 ORDER BY indicator_code, months_after_go_live",
            super::deviations::COLUMNS
        ),
        [id],
        |r| super::deviations::note_from_row(r).map(DeviationNoteRecord::from_note),
    )?;
    initiative.evaluations = all(
        conn,
        "SELECT * FROM evaluation WHERE initiative_id = ?1 ORDER BY id",
        [id],
        evaluation,
    )?;
    Ok(())
}

// ---- one row to one record ----------------------------------------------------------------------

fn corrupt(table: &str, column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{table}.{column}: okänt värde {text:?}").into(),
    )
}

fn required<T>(
    row: &Row,
    table: &str,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    parse(&text).ok_or_else(|| corrupt(table, column, &text))
}

fn json<T: serde::de::DeserializeOwned>(
    row: &Row,
    table: &str,
    column: &str,
) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|e| corrupt(table, column, &e.to_string()))
}

fn optional_json(row: &Row, table: &str, column: &str) -> rusqlite::Result<Option<RawJson>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| RawJson::new(t).map_err(|e| corrupt(table, column, &e.to_string())))
        .transpose()
}

fn assessment(row: &Row, prefix: &str) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        done: rows::flag(row, &format!("{prefix}_done"))?,
        comment: row.get(format!("{prefix}_comment").as_str())?,
    })
}

fn dimension(row: &Row, prefix: &str) -> rusqlite::Result<Dimension> {
    Ok(Dimension {
        status: required(
            row,
            "status_report",
            &format!("{prefix}_status"),
            Rag::from_code,
        )?,
        cause: row.get(format!("{prefix}_cause").as_str())?,
        action: row.get(format!("{prefix}_action").as_str())?,
    })
}

fn version_status(row: &Row, table: &str) -> rusqlite::Result<VersionStatus> {
    required(row, table, "status", VersionStatus::from_code)
}

/// A child row's mapper that also returns the row's `initiative_id`.
fn with_initiative<T>(
    map: fn(&Row) -> rusqlite::Result<T>,
) -> impl Fn(&Row) -> rusqlite::Result<(i64, T)> {
    move |row| Ok((row.get("initiative_id")?, map(row)?))
}

pub(super) fn key_value(r: &Row) -> rusqlite::Result<(String, String)> {
    Ok((r.get(0)?, r.get(1)?))
}

fn organisation(r: &Row) -> rusqlite::Result<OrganisationRecord> {
    Ok(OrganisationRecord {
        id: r.get("id")?,
        name: r.get("name")?,
        kind: required(r, "organisation", "kind", OrganisationKind::from_code)?,
        committee: r.get("committee")?,
        governing_body: r.get("governing_body")?,
        reporting_period: rows::choice(r, "reporting_period", ReportingPeriod::from_code)?,
        settings_row_version: r.get("settings_row_version")?,
        base_services: json(r, "base_service", "base_services")?,
        analysis_texts: json(r, "annual_analysis_text", "analysis_texts")?,
    })
}

fn person(r: &Row) -> rusqlite::Result<PersonRecord> {
    Ok(PersonRecord {
        id: r.get("id")?,
        name: r.get("name")?,
        role: r.get("role")?,
        organisation_id: r.get("organisation_id")?,
    })
}

fn calc_factor(r: &Row) -> rusqlite::Result<CalcFactorRecord> {
    Ok(CalcFactorRecord {
        id: r.get("id")?,
        code: r.get("code")?,
        name: r.get("name")?,
        value: rows::decimal(r, "value")?.unwrap_or_default(),
        unit: r.get("unit")?,
        source: r.get("source")?,
        year: r.get("year")?,
        row_version: r.get("row_version")?,
    })
}

fn initiative(r: &Row) -> rusqlite::Result<InitiativeRecord> {
    const T: &str = "initiative";
    Ok(InitiativeRecord {
        id: r.get("id")?,
        code: r.get("code")?,
        name: r.get("name")?,
        organisation_id: r.get("organisation_id")?,
        customer_ids: json(r, T, "customer_ids")?,
        phase: required(r, T, "phase", Phase::from_code)?,
        council_tracked: r.get::<_, i64>("council_tracked")? != 0,
        sponsor: r.get("sponsor")?,
        project_manager: r.get("project_manager")?,
        start_date: rows::date(r, "start_date")?,
        go_live_date: rows::date(r, "go_live_date")?,
        end_date: rows::date(r, "end_date")?,
        base_service: r.get("base_service")?,
        need: r.get("need")?,
        benefit: r.get("benefit")?,
        effect_goals: json(r, T, "effect_goals")?,
        project_goals: r.get("project_goals")?,
        benefit_reach: rows::choice(r, "benefit_reach", BenefitReach::from_code)?,
        change_kind: rows::choice(r, "change_kind", ChangeKind::from_code)?,
        project_form: rows::flag(r, "project_form")?,
        goal_link: r.get("goal_link")?,
        goal_area_ids: json(r, T, "goal_area_ids")?,
        category: rows::choice(r, "category", Category::from_code)?,
        complexity_customer: rows::choice(r, "complexity_customer", Complexity::from_code)?,
        complexity_supplier: rows::choice(r, "complexity_supplier", Complexity::from_code)?,
        information_classification: assessment(r, "information_classification")?,
        threshold_analysis: assessment(r, "threshold_analysis")?,
        security_assessment: assessment(r, "security_assessment")?,
        architecture_assessment: assessment(r, "architecture_assessment")?,
        infrastructure_impact: assessment(r, "infrastructure_impact")?,
        project_budget: rows::decimal(r, "project_budget")?,
        running_cost: RunningCostImpact {
            years: json(r, T, "running_cost_years")?,
            comment: r.get("running_cost_comment")?,
        }
        .into(),
        financing: rows::choice(r, "financing", Financing::from_code)?,
        customer_group: r.get("customer_group")?,
        allocation_key: r.get("allocation_key")?,
        deviation_comment: r.get("deviation_comment")?,
        struck_reason: r.get("struck_reason")?,
        row_version: r.get("row_version")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        status_reports: Vec::new(),
        cost_years: Vec::new(),
        calculations: Vec::new(),
        plan_versions: Vec::new(),
        harvest_decisions: Vec::new(),
        measurements: Vec::new(),
        deviation_notes: Vec::new(),
        evaluations: Vec::new(),
    })
}

fn status_report(r: &Row) -> rusqlite::Result<StatusReportRecord> {
    Ok(StatusReportRecord {
        id: r.get("id")?,
        period_end: rows::required_date(r, "period_end")?,
        time: dimension(r, "time")?,
        cost: dimension(r, "cost")?,
        result: dimension(r, "result")?,
        comment: r.get("comment")?,
        author: r.get("author")?,
        created_at: r.get("created_at")?,
    })
}

fn cost_year(r: &Row) -> rusqlite::Result<CostYearRecord> {
    Ok(CostYearRecord {
        id: r.get("id")?,
        year: r.get("year")?,
        cost_type: required(r, "cost_year", "cost_type", CostType::from_code)?,
        kind: Some(required(r, "cost_year", "kind", CostKind::from_code)?),
        budget: rows::decimal(r, "budget")?,
        actual: rows::decimal(r, "actual")?,
        forecast: rows::decimal(r, "forecast")?,
        hours: rows::decimal(r, "hours")?,
        hourly_rate: rows::decimal(r, "hourly_rate")?,
        comment: r.get("comment")?,
    })
}

fn calculation(r: &Row) -> rusqlite::Result<CalculationRecord> {
    Ok(CalculationRecord {
        id: r.get("id")?,
        version: r.get("version")?,
        status: version_status(r, "calculation")?,
        calculation: json(r, "calculation", "body")?,
        factors: json(r, "calculation", "factors")?,
        reason: r.get("reason")?,
        based_on: r.get("based_on")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        approved_by: r.get("approved_by")?,
        approved_at: rows::date(r, "approved_at")?,
        decision_ref: r.get("decision_ref")?,
        row_version: r.get("row_version")?,
    })
}

fn plan_version(r: &Row) -> rusqlite::Result<PlanVersionRecord> {
    Ok(PlanVersionRecord {
        id: r.get("id")?,
        version: r.get("version")?,
        status: version_status(r, "plan_version")?,
        plan: json(r, "plan_version", "body")?,
        reason: r.get("reason")?,
        based_on: r.get("based_on")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        approved_by: r.get("approved_by")?,
        approved_at: rows::date(r, "approved_at")?,
        decision_ref: r.get("decision_ref")?,
        row_version: r.get("row_version")?,
    })
}

fn evaluation(r: &Row) -> rusqlite::Result<EvaluationRecord> {
    Ok(EvaluationRecord {
        id: r.get("id")?,
        version: r.get("version")?,
        status: version_status(r, "evaluation")?,
        evaluation: json(r, "evaluation", "body")?,
        reason: r.get("reason")?,
        based_on: r.get("based_on")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        approved_by: r.get("approved_by")?,
        approved_at: rows::date(r, "approved_at")?,
        decision_ref: r.get("decision_ref")?,
        row_version: r.get("row_version")?,
    })
}

/// The columns [`measurement`] reads, in its order. A million rows are read by position:
/// finding a column by name compares it with every column's name, which was a tenth of the
/// XLSX export (docs/prestanda.md).
const MEASUREMENT_COLUMNS: &str =
    "id, indicator_code, date, value, source, comment, author, created_at, updated_at, row_version";
/// How many they are (the place of a column selected after them).
const MEASUREMENT_FIELDS: usize = 10;

fn measurement(r: &Row) -> rusqlite::Result<MeasurementRecord> {
    let date = rows::text_at(r, 2)?;
    let value = rows::text_at(r, 3)?;
    Ok(MeasurementRecord {
        id: r.get(0)?,
        indicator: r.get(1)?,
        date: rows::fast_date(date).ok_or_else(|| rows::conversion("date", String::from_utf8_lossy(date)))?,
        value: rows::fast_decimal(value).ok_or_else(|| rows::conversion("value", String::from_utf8_lossy(value)))?,
        source: r.get(4)?,
        comment: r.get(5)?,
        author: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        row_version: r.get(9)?,
    })
}

fn audit_record(r: &Row) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: r.get("id")?,
        at: r.get("at")?,
        author: r.get("author")?,
        action: r.get("action")?,
        entity: r.get("entity")?,
        entity_id: r.get("entity_id")?,
        initiative_id: r.get("initiative_id")?,
        before: optional_json(r, "audit_log", "before")?,
        after: optional_json(r, "audit_log", "after")?,
        reason: r.get("reason")?,
    })
}
