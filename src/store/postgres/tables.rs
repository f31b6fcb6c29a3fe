//! Every table of the shared register read row by row for the exports, as the file register's
//! `store::tables` reads them: each row becomes its record and is handed to the callback as
//! it arrives from the server (`query_raw` streams; the server's rows wait in the socket, not
//! in memory), so an export of a million measurements never holds them all.
//!
//! The records must read the same from both stores: decimals normalised ([`values::decimal`]),
//! timestamps as the file register writes them ([`timestamp_text`]), lists in the same order.
//! An export should see one state of the register: run its reads inside
//! [`crate::store::RegisterInfo::read_consistently`].

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::Row;

use super::register::{timestamp_text, PgRegister};
use super::values;
use crate::model::initiative::{
    Assessment, BenefitReach, ChangeKind, Complexity, CostKind, CostType, Dimension, Financing, OrganisationKind,
    Phase, Rag, RunningCostImpact, RunningCostYear,
};
use crate::model::records::{
    AuditRecord, CalcFactorRecord, CalculationRecord, CostYearRecord, DeviationNoteRecord, EvaluationRecord, GoalAreaRecord,
    HarvestDecisionRecord, InitiativeRecord, MeasurementRecord, OrganisationRecord, PersonRecord, PlanVersionRecord, RawJson,
    StatusReportRecord,
    VersionStatus,
};
use crate::model::register_lists::{Category, ReportingPeriod};
use crate::store::interface::TableReader;
use crate::store::{Result, StoreError};

/// The organisations with their lists of base services and analysis texts as JSON arrays
/// (few per organisation). `updated_at` is written as the file register writes timestamps.
const ORGANISATIONS: &str = "SELECT id, name, kind, committee, governing_body, reporting_period, settings_row_version,
        coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'retired', b.retired,
                                                    'row_version', b.row_version) ORDER BY b.id)
                  FROM base_service b WHERE b.organisation_id = organisation.id), '[]') AS base_services,
        coalesce((SELECT json_agg(json_build_object('year', t.year, 'section', t.section, 'text', t.text,
                                                    'row_version', t.row_version,
                                                    'updated_at', to_char(t.updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'))
                                  ORDER BY t.year, t.section COLLATE \"C\")
                  FROM annual_analysis_text t WHERE t.organisation_id = organisation.id), '[]') AS analysis_texts
     FROM organisation";

/// The initiatives with their customers, goal areas and running-cost years as arrays (the
/// years and amounts apart, so the amounts stay NUMERIC and are normalised like every other).
const INITIATIVES: &str = "SELECT i.*,
        ARRAY(SELECT c.organisation_id FROM initiative_customer c WHERE c.initiative_id = i.id
              ORDER BY c.organisation_id) AS customer_ids,
        ARRAY(SELECT g.goal_area_id FROM initiative_goal_area g WHERE g.initiative_id = i.id
              ORDER BY g.goal_area_id) AS goal_area_ids,
        ARRAY(SELECT y.year FROM running_cost_year y WHERE y.initiative_id = i.id ORDER BY y.year)
            AS running_cost_years,
        ARRAY(SELECT y.amount FROM running_cost_year y WHERE y.initiative_id = i.id ORDER BY y.year)
            AS running_cost_amounts
     FROM initiative i";

/// How many initiatives [`TableReader::for_each_initiative_with_children`] reads at a time
/// before reading their children: the connection serves one statement at a time.
const INITIATIVE_PAGE: i64 = 100;

impl TableReader for PgRegister {
    fn for_each_organisation<E: From<StoreError>>(
        &self,
        each: impl FnMut(OrganisationRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, &format!("{ORGANISATIONS} ORDER BY id"), &[], organisation, each)
    }

    fn for_each_person<E: From<StoreError>>(
        &self,
        each: impl FnMut(PersonRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT id, name, role, organisation_id FROM person ORDER BY id", &[], person, each)
    }

    fn for_each_calc_factor<E: From<StoreError>>(
        &self,
        each: impl FnMut(CalcFactorRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self,
            "SELECT id, code, name, value, unit, source, year, row_version FROM calc_factor ORDER BY id",
            &[],
            calc_factor,
            each,
        )
    }

    /// The register's goal areas (målområden), in id order.
    fn for_each_goal_area<E: From<StoreError>>(
        &self,
        each: impl FnMut(GoalAreaRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT id, name, retired, row_version FROM goal_area ORDER BY id", &[], goal_area, each)
    }

    /// The initiatives in id order, without their children (the lists are empty).
    fn for_each_initiative<E: From<StoreError>>(
        &self,
        each: impl FnMut(InitiativeRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, &format!("{INITIATIVES} ORDER BY i.id"), &[], initiative, each)
    }

    /// The initiatives in id order, each with everything that belongs to it. The connection
    /// answers one statement at a time, so the initiatives are read a page at a time (by id,
    /// after the last one read) and each one's children after its page: a page of initiatives
    /// and one initiative's children are in memory, never a whole table.
    fn for_each_initiative_with_children<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(InitiativeRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let page_sql = format!("{INITIATIVES} WHERE i.id > $1 ORDER BY i.id LIMIT {INITIATIVE_PAGE}");
        let mut after = i64::MIN;
        loop {
            let page = all(self, &page_sql, &[&after], initiative)?;
            let Some(last) = page.last() else { return Ok(()) };
            after = last.id;
            for mut record in page {
                read_children(self, &mut record)?;
                each(record)?;
            }
        }
    }

    /// Every status report with the id of its initiative, in id order.
    fn for_each_status_report<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, StatusReportRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM status_report ORDER BY id", &[], with_initiative(status_report), each)
    }

    fn for_each_cost_year<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, CostYearRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM cost_year ORDER BY id", &[], with_initiative(cost_year), each)
    }

    fn for_each_calculation<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, CalculationRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM calculation ORDER BY id", &[], with_initiative(calculation), each)
    }

    fn for_each_plan_version<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, PlanVersionRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM plan_version ORDER BY id", &[], with_initiative(plan_version), each)
    }

    fn for_each_measurement<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, MeasurementRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM measurement ORDER BY id", &[], with_initiative(measurement), each)
    }

    /// Every deviation note with the id of its initiative, in the file register's order.
    fn for_each_deviation_note<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, DeviationNoteRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self,
            &format!(
                "SELECT {} FROM deviation_note ORDER BY initiative_id, indicator_code COLLATE \"C\", months_after_go_live",
                crate::store::deviations::COLUMNS
            ),
            &[],
            |r| Ok((r.try_get("initiative_id")?, DeviationNoteRecord::from_note(super::deviations::note_from_row(r)?))),
            each,
        )
    }

    /// Every evaluation version with the id of its initiative, in id order.
    fn for_each_evaluation<E: From<StoreError>>(
        &self,
        each: impl FnMut((i64, EvaluationRecord)) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(self, "SELECT * FROM evaluation ORDER BY id", &[], |r| Ok((r.try_get("initiative_id")?, evaluation(r)?)), each)
    }

    /// The audit log in id order, `before` and `after` exactly as stored.
    fn for_each_audit_record<E: From<StoreError>>(
        &self,
        each: impl FnMut(AuditRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        each_row(
            self,
            "SELECT id, at, author, action, entity, entity_id, initiative_id, before, after, reason
             FROM audit_log ORDER BY id",
            &[],
            audit_record,
            each,
        )
    }
}

/// Streams the rows of `sql`, handing each mapped row to `each` as it arrives; stops at the
/// first error, from the server or from `each`. The connection stays borrowed meanwhile, which
/// is safe because `each` is not given the register.
fn each_row<T, E: From<StoreError>>(
    register: &PgRegister,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    map: impl Fn(&Row) -> Result<T>,
    mut each: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut client = register.client();
    let mut rows = client.query_raw(sql, params.iter().copied()).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(map(&row)?)?;
    }
    Ok(())
}

/// Every row of `sql` collected: a page of initiatives, or one initiative's children.
fn all<T>(register: &PgRegister, sql: &str, params: &[&(dyn ToSql + Sync)], map: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
    let mut list = Vec::new();
    each_row(register, sql, params, map, |item| {
        list.push(item);
        Ok::<_, StoreError>(())
    })?;
    Ok(list)
}

fn read_children(register: &PgRegister, initiative: &mut InitiativeRecord) -> Result<()> {
    let id = &initiative.id;
    let of = |table: &str| format!("SELECT * FROM {table} WHERE initiative_id = $1 ORDER BY id");
    initiative.status_reports = all(register, &of("status_report"), &[id], status_report)?;
    initiative.cost_years = all(register, &of("cost_year"), &[id], cost_year)?;
    initiative.calculations = all(register, &of("calculation"), &[id], calculation)?;
    initiative.plan_versions = all(register, &of("plan_version"), &[id], plan_version)?;
    initiative.measurements = all(register, &of("measurement"), &[id], measurement)?;
    initiative.harvest_decisions =
        all(register, &of("harvest_decision"), &[id], |r| Ok(HarvestDecisionRecord::of(super::harvest::decision_from_row(r)?)))?;
    initiative.deviation_notes = all(
        register,
        &format!(
            "SELECT {} FROM deviation_note WHERE initiative_id = $1 ORDER BY indicator_code COLLATE \"C\", months_after_go_live",
            crate::store::deviations::COLUMNS
        ),
        &[id],
        |r| super::deviations::note_from_row(r).map(DeviationNoteRecord::from_note),
    )?;
    initiative.evaluations = all(register, &of("evaluation"), &[id], evaluation)?;
    Ok(())
}

// ---- one row to one record ----------------------------------------------------------------------

/// A child row's mapper that also returns the row's `initiative_id`.
fn with_initiative<T>(map: fn(&Row) -> Result<T>) -> impl Fn(&Row) -> Result<(i64, T)> {
    move |row| Ok((row.try_get("initiative_id")?, map(row)?))
}

fn timestamp(row: &Row, column: &str) -> Result<String> {
    Ok(timestamp_text(row.try_get(column)?))
}

/// An INTEGER version number (at least 1 by the schema's checks).
fn version_number(row: &Row, column: &str) -> Result<Option<u32>> {
    let number: Option<i32> = row.try_get(column)?;
    number
        .map(|n| u32::try_from(n).map_err(|_| StoreError::Server(super::PgError::Other(format!("kolumnen {column}: {n}")))))
        .transpose()
}

fn required_version(row: &Row) -> Result<u32> {
    version_number(row, "version")?.ok_or_else(|| StoreError::Server(super::PgError::Other("kolumnen version: saknas".into())))
}

fn assessment(row: &Row, prefix: &str) -> Result<Assessment> {
    Ok(Assessment {
        done: row.try_get(format!("{prefix}_done").as_str())?,
        comment: row.try_get(format!("{prefix}_comment").as_str())?,
    })
}

fn dimension(row: &Row, prefix: &str) -> Result<Dimension> {
    Ok(Dimension {
        status: values::required_choice(row, &format!("{prefix}_status"), Rag::from_code)?,
        cause: row.try_get(format!("{prefix}_cause").as_str())?,
        action: row.try_get(format!("{prefix}_action").as_str())?,
    })
}

fn organisation(r: &Row) -> Result<OrganisationRecord> {
    Ok(OrganisationRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: values::required_choice(r, "kind", OrganisationKind::from_code)?,
        committee: r.try_get("committee")?,
        governing_body: r.try_get("governing_body")?,
        reporting_period: values::choice(r, "reporting_period", ReportingPeriod::from_code)?,
        settings_row_version: r.try_get("settings_row_version")?,
        base_services: values::json(r, "base_services")?,
        analysis_texts: values::json(r, "analysis_texts")?,
    })
}

fn person(r: &Row) -> Result<PersonRecord> {
    Ok(PersonRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: r.try_get("role")?,
        organisation_id: r.try_get("organisation_id")?,
    })
}

fn calc_factor(r: &Row) -> Result<CalcFactorRecord> {
    Ok(CalcFactorRecord {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        value: values::required_decimal(r, "value")?,
        unit: r.try_get("unit")?,
        source: r.try_get("source")?,
        year: r.try_get("year")?,
        row_version: r.try_get("row_version")?,
    })
}

fn goal_area(r: &Row) -> Result<GoalAreaRecord> {
    Ok(GoalAreaRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        retired: r.try_get("retired")?,
        row_version: r.try_get("row_version")?,
    })
}

/// The running-cost years from their two arrays, the amounts normalised.
fn running_cost_years(r: &Row) -> Result<Vec<RunningCostYear>> {
    let years: Vec<i32> = r.try_get("running_cost_years")?;
    let amounts: Vec<rust_decimal::Decimal> = r.try_get("running_cost_amounts")?;
    Ok(years.into_iter().zip(amounts).map(|(year, amount)| RunningCostYear { year, amount: amount.normalize() }).collect())
}

fn initiative(r: &Row) -> Result<InitiativeRecord> {
    Ok(InitiativeRecord {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        organisation_id: r.try_get("organisation_id")?,
        customer_ids: r.try_get("customer_ids")?,
        phase: values::required_choice(r, "phase", Phase::from_code)?,
        council_tracked: r.try_get("council_tracked")?,
        sponsor: r.try_get("sponsor")?,
        project_manager: r.try_get("project_manager")?,
        start_date: r.try_get("start_date")?,
        go_live_date: r.try_get("go_live_date")?,
        end_date: r.try_get("end_date")?,
        base_service: r.try_get("base_service")?,
        need: r.try_get("need")?,
        benefit: r.try_get("benefit")?,
        effect_goals: values::json(r, "effect_goals")?,
        project_goals: r.try_get("project_goals")?,
        benefit_reach: values::choice(r, "benefit_reach", BenefitReach::from_code)?,
        change_kind: values::choice(r, "change_kind", ChangeKind::from_code)?,
        project_form: r.try_get("project_form")?,
        goal_link: r.try_get("goal_link")?,
        goal_area_ids: r.try_get("goal_area_ids")?,
        category: values::choice(r, "category", Category::from_code)?,
        complexity_customer: values::choice(r, "complexity_customer", Complexity::from_code)?,
        complexity_supplier: values::choice(r, "complexity_supplier", Complexity::from_code)?,
        information_classification: assessment(r, "information_classification")?,
        threshold_analysis: assessment(r, "threshold_analysis")?,
        security_assessment: assessment(r, "security_assessment")?,
        architecture_assessment: assessment(r, "architecture_assessment")?,
        infrastructure_impact: assessment(r, "infrastructure_impact")?,
        project_budget: values::decimal(r, "project_budget")?,
        running_cost: RunningCostImpact { years: running_cost_years(r)?, comment: r.try_get("running_cost_comment")? }
            .into(),
        financing: values::choice(r, "financing", Financing::from_code)?,
        customer_group: r.try_get("customer_group")?,
        allocation_key: r.try_get("allocation_key")?,
        deviation_comment: r.try_get("deviation_comment")?,
        struck_reason: r.try_get("struck_reason")?,
        row_version: r.try_get("row_version")?,
        created_at: timestamp(r, "created_at")?,
        updated_at: timestamp(r, "updated_at")?,
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

fn status_report(r: &Row) -> Result<StatusReportRecord> {
    Ok(StatusReportRecord {
        id: r.try_get("id")?,
        period_end: r.try_get("period_end")?,
        time: dimension(r, "time")?,
        cost: dimension(r, "cost")?,
        result: dimension(r, "result")?,
        comment: r.try_get("comment")?,
        author: r.try_get("author")?,
        created_at: timestamp(r, "created_at")?,
    })
}

fn cost_year(r: &Row) -> Result<CostYearRecord> {
    Ok(CostYearRecord {
        id: r.try_get("id")?,
        year: r.try_get("year")?,
        cost_type: values::required_choice(r, "cost_type", CostType::from_code)?,
        kind: Some(values::required_choice(r, "kind", CostKind::from_code)?),
        budget: values::decimal(r, "budget")?,
        actual: values::decimal(r, "actual")?,
        forecast: values::decimal(r, "forecast")?,
        hours: values::decimal(r, "hours")?,
        hourly_rate: values::decimal(r, "hourly_rate")?,
        comment: r.try_get("comment")?,
    })
}

fn calculation(r: &Row) -> Result<CalculationRecord> {
    Ok(CalculationRecord {
        id: r.try_get("id")?,
        version: required_version(r)?,
        status: values::required_choice(r, "status", VersionStatus::from_code)?,
        calculation: values::json(r, "body")?,
        factors: values::json(r, "factors")?,
        reason: r.try_get("reason")?,
        based_on: version_number(r, "based_on")?,
        created_by: r.try_get("created_by")?,
        created_at: timestamp(r, "created_at")?,
        updated_at: timestamp(r, "updated_at")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
        decision_ref: r.try_get("decision_ref")?,
        row_version: r.try_get("row_version")?,
    })
}

fn plan_version(r: &Row) -> Result<PlanVersionRecord> {
    Ok(PlanVersionRecord {
        id: r.try_get("id")?,
        version: required_version(r)?,
        status: values::required_choice(r, "status", VersionStatus::from_code)?,
        plan: values::json(r, "body")?,
        reason: r.try_get("reason")?,
        based_on: version_number(r, "based_on")?,
        created_by: r.try_get("created_by")?,
        created_at: timestamp(r, "created_at")?,
        updated_at: timestamp(r, "updated_at")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
        decision_ref: r.try_get("decision_ref")?,
        row_version: r.try_get("row_version")?,
    })
}

fn evaluation(r: &Row) -> Result<EvaluationRecord> {
    Ok(EvaluationRecord {
        id: r.try_get("id")?,
        version: required_version(r)?,
        status: values::required_choice(r, "status", VersionStatus::from_code)?,
        evaluation: values::json(r, "body")?,
        reason: r.try_get("reason")?,
        based_on: version_number(r, "based_on")?,
        created_by: r.try_get("created_by")?,
        created_at: timestamp(r, "created_at")?,
        updated_at: timestamp(r, "updated_at")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
        decision_ref: r.try_get("decision_ref")?,
        row_version: r.try_get("row_version")?,
    })
}

fn measurement(r: &Row) -> Result<MeasurementRecord> {
    Ok(MeasurementRecord {
        id: r.try_get("id")?,
        indicator: r.try_get("indicator_code")?,
        date: r.try_get("date")?,
        value: values::required_decimal(r, "value")?,
        source: r.try_get("source")?,
        comment: r.try_get("comment")?,
        author: r.try_get("author")?,
        created_at: timestamp(r, "created_at")?,
        updated_at: timestamp(r, "updated_at")?,
        row_version: r.try_get("row_version")?,
    })
}

/// The audit log's `before` and `after` are TEXT, kept as written (not even the order of
/// their keys changes).
fn audit_record(r: &Row) -> Result<AuditRecord> {
    let raw = |column: &str| -> Result<Option<RawJson>> {
        let text: Option<String> = r.try_get(column)?;
        Ok(text.map(RawJson::new).transpose()?)
    };
    Ok(AuditRecord {
        id: r.try_get("id")?,
        at: timestamp(r, "at")?,
        author: r.try_get("author")?,
        action: r.try_get("action")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        initiative_id: r.try_get("initiative_id")?,
        before: raw("before")?,
        after: raw("after")?,
        reason: r.try_get("reason")?,
    })
}
