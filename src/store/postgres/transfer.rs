//! The whole shared register in and out as its records ([`crate::model::records`]), as the
//! file register's `store::transfer` carries them: identities, row versions, timestamps and
//! the audit log as they are, so that a register moved from a file into the shared one (or
//! back) reads the same. The checks before anything is written are the file register's own
//! ([`transfer::check_document`]); only the statements differ.

use chrono::NaiveDateTime;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::Transaction;

use super::register::PgRegister;
use super::values::to_json;
use super::PgError;
use crate::model::initiative::{BenefitReach, ChangeKind, Complexity, CostKind, Financing};
use crate::model::records::{AuditRecord, InitiativeRecord, MeasurementRecord, RawJson, RegisterContent, RegisterRecords};
use crate::model::register_lists::{Category, ReportingPeriod};
use crate::model::VersionStatus;
use crate::store::interface::{DocumentTransfer, RegisterInfo};
use crate::store::transfer::{
    already_in_document, any_row_sql, check_document, invalid, not_empty, read_all_records, CONTENT_TABLES, NOT_ALLOWED,
    TABLES,
};
use crate::store::{Result, StoreError};

type Params<'a> = [&'a (dyn ToSql + Sync)];

impl DocumentTransfer for PgRegister {
    fn read_records(&self) -> Result<RegisterRecords> {
        read_all_records(self)
    }

    /// True when nothing but the seeded factors is in the register (of what the user may see:
    /// the owner, who moves registers in, sees everything).
    fn is_empty(&self) -> Result<bool> {
        for table in CONTENT_TABLES {
            let any: bool = self.client().query_one(&any_row_sql(table), &[])?.get(0);
            if any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Fills an empty register with `document`'s records, in one transaction, keeping the
    /// document's ids; refused with nothing changed when the register is not empty or any
    /// record is wrong, each problem named by its path in the document.
    fn import_records(&mut self, document: RegisterContent<'_>) -> Result<()> {
        check_document(document)?;
        let name = self.name()?;
        self.write(|tx, _author| {
            for table in CONTENT_TABLES {
                let any: bool = tx.query_one(&any_row_sql(table), &[])?.get(0);
                if any {
                    return Err(not_empty(&name));
                }
            }
            write_document(tx, document)?;
            move_identities_past_the_document(tx)
        })
    }
}

/// Runs one insert; a refusal by the server names the record's path, in the file register's
/// words. What is not about the record (a lost connection, a conflict to retry, a right the
/// user lacks) is passed on as it is.
fn insert(tx: &mut Transaction<'_>, path: impl Fn() -> String, sql: &str, params: &Params<'_>) -> Result<()> {
    tx.execute(sql, params).map_err(|error| refusal(error, path))?;
    Ok(())
}

fn refusal(error: postgres::Error, path: impl Fn() -> String) -> StoreError {
    if let Some(db) = error.as_db_error() {
        if *db.code() == SqlState::UNIQUE_VIOLATION {
            return invalid(path(), already_in_document(&unique_columns(db.detail().unwrap_or(""))));
        }
        if *db.code() == SqlState::CHECK_VIOLATION {
            return invalid(path(), NOT_ALLOWED);
        }
    }
    match StoreError::from(error) {
        passed @ StoreError::Server(PgError::Conflict | PgError::Lost | PgError::TimedOut | PgError::Denied(_)) => passed,
        other => invalid(path(), other),
    }
}

/// The columns of a unique rule from the server's detail, `Key (lower(code))=(nr-1) already
/// exists.` → `code`: the column names are the document's field names.
fn unique_columns(detail: &str) -> Vec<&str> {
    let Some(columns) = detail.strip_prefix("Key (").and_then(|rest| rest.split(")=(").next()) else {
        return Vec::new();
    };
    columns
        .split(", ")
        .map(|column| column.trim_start_matches("lower(").trim_end_matches(')'))
        .collect()
}

/// A timestamp of the document, as the file register writes them (ÅÅÅÅ-MM-DDTtt:mm:ss): the
/// shared register keeps timestamps as TIMESTAMP, so one in another form would not read back
/// as it was written.
fn timestamp(path: impl Fn() -> String, text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| invalid(path(), "är inte en tidsstämpel i formen ÅÅÅÅ-MM-DDTtt:mm:ss."))
}

/// A version number as the INTEGER column keeps it.
fn version(path: impl Fn() -> String, number: u32) -> Result<i32> {
    i32::try_from(number).map_err(|_| invalid(path(), "versionsnumret är för stort."))
}

fn write_document(tx: &mut Transaction<'_>, doc: RegisterContent<'_>) -> Result<()> {
    tx.execute("DELETE FROM register_info", &[])?;
    for (key, value) in doc.register {
        insert(tx, || format!("register.{key}"), "INSERT INTO register_info (key, value) VALUES ($1, $2)", &[key, value])?;
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        insert(
            tx,
            || format!("organisations[{i}]"),
            "INSERT INTO organisation (id, name, kind, committee, governing_body, reporting_period, settings_row_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &o.id,
                &o.name,
                &o.kind.code(),
                &o.committee,
                &o.governing_body,
                &o.reporting_period.map(ReportingPeriod::code),
                &o.settings_row_version,
            ],
        )?;
        for (k, b) in o.base_services.iter().enumerate() {
            insert(
                tx,
                || format!("organisations[{i}].base_services[{k}]"),
                "INSERT INTO base_service (id, organisation_id, name, retired, row_version) VALUES ($1, $2, $3, $4, $5)",
                &[&b.id, &o.id, &b.name, &b.retired, &b.row_version],
            )?;
        }
        for (k, t) in o.analysis_texts.iter().enumerate() {
            let path = || format!("organisations[{i}].analysis_texts[{k}]");
            let updated_at = timestamp(|| format!("{}.updated_at", path()), &t.updated_at)?;
            insert(
                tx,
                path,
                "INSERT INTO annual_analysis_text (organisation_id, year, section, text, row_version, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&o.id, &t.year, &t.section.code(), &t.text, &t.row_version, &updated_at],
            )?;
        }
    }
    for (i, g) in doc.goal_areas.iter().enumerate() {
        insert(
            tx,
            || format!("goal_areas[{i}]"),
            "INSERT INTO goal_area (id, name, retired, row_version) VALUES ($1, $2, $3, $4)",
            &[&g.id, &g.name, &g.retired, &g.row_version],
        )?;
    }
    for (i, p) in doc.people.iter().enumerate() {
        insert(
            tx,
            || format!("people[{i}]"),
            "INSERT INTO person (id, name, role, organisation_id) VALUES ($1, $2, $3, $4)",
            &[&p.id, &p.name, &p.role, &p.organisation_id],
        )?;
    }
    tx.execute("DELETE FROM calc_factor", &[])?;
    for (i, f) in doc.calc_factors.iter().enumerate() {
        insert(
            tx,
            || format!("calc_factors[{i}]"),
            "INSERT INTO calc_factor (id, code, name, value, unit, source, year, row_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&f.id, &f.code, &f.name, &f.value, &f.unit, &f.source, &f.year, &f.row_version],
        )?;
    }
    for (i, ini) in doc.initiatives.iter().enumerate() {
        let path = format!("initiatives[{i}]");
        if !write_initiative_row(tx, &path, ini)? {
            return Err(invalid(path, already_in_document(&["code"])));
        }
        write_initiative_children(tx, &path, ini)?;
    }
    for (i, a) in doc.audit_log.iter().enumerate() {
        write_audit_record(tx, &format!("audit_log[{i}]"), a)?;
    }
    Ok(())
}

/// One row of the audit log as the record has it (its id, moment and author kept; the server
/// adds who wrote it, `db_user`).
pub(super) fn write_audit_record(tx: &mut Transaction<'_>, path: &str, a: &AuditRecord) -> Result<()> {
    let at = timestamp(|| format!("{path}.at"), &a.at)?;
    let before = a.before.as_ref().map(RawJson::get);
    let after = a.after.as_ref().map(RawJson::get);
    insert(
        tx,
        || path.to_string(),
        "INSERT INTO audit_log (id, at, author, action, entity, entity_id, initiative_id, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[&a.id, &at, &a.author, &a.action, &a.entity, &a.entity_id, &a.initiative_id, &before, &after, &a.reason],
    )
}

/// The initiative's own row, under its record's id; false, with nothing written, when its
/// code is taken (by an initiative the user may not even see: codes are unique across the
/// city). `path` names the record in what is written from.
pub(super) fn write_initiative_row(tx: &mut Transaction<'_>, path: &str, r: &InitiativeRecord) -> Result<bool> {
    let at = |field: &str| format!("{path}.{field}");
    let created_at = timestamp(|| at("created_at"), &r.created_at)?;
    let updated_at = timestamp(|| at("updated_at"), &r.updated_at)?;
    let written = tx
        .execute(
        "INSERT INTO initiative (id, code, name, organisation_id, phase, council_tracked, sponsor, project_manager,
             start_date, go_live_date, end_date, base_service, need, benefit, effect_goals, project_goals,
             benefit_reach, change_kind, project_form, goal_link, complexity_customer, complexity_supplier,
             information_classification_done, information_classification_comment,
             threshold_analysis_done, threshold_analysis_comment,
             security_assessment_done, security_assessment_comment,
             architecture_assessment_done, architecture_assessment_comment,
             infrastructure_impact_done, infrastructure_impact_comment,
             project_budget, running_cost_comment,
             customer_group, allocation_key, deviation_comment, struck_reason, row_version, created_at, updated_at,
             financing, category)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                 $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43)
         ON CONFLICT ((lower(code))) DO NOTHING",
        &[
            &r.id,
            &r.code,
            &r.name,
            &r.organisation_id,
            &r.phase.code(),
            &r.council_tracked,
            &r.sponsor,
            &r.project_manager,
            &r.start_date,
            &r.go_live_date,
            &r.end_date,
            &r.base_service,
            &r.need,
            &r.benefit,
            &to_json(&r.effect_goals)?,
            &r.project_goals,
            &r.benefit_reach.map(BenefitReach::code),
            &r.change_kind.map(ChangeKind::code),
            &r.project_form,
            &r.goal_link,
            &r.complexity_customer.map(Complexity::code),
            &r.complexity_supplier.map(Complexity::code),
            &r.information_classification.done,
            &r.information_classification.comment,
            &r.threshold_analysis.done,
            &r.threshold_analysis.comment,
            &r.security_assessment.done,
            &r.security_assessment.comment,
            &r.architecture_assessment.done,
            &r.architecture_assessment.comment,
            &r.infrastructure_impact.done,
            &r.infrastructure_impact.comment,
            &r.project_budget,
            &r.running_cost.comment,
            &r.customer_group,
            &r.allocation_key,
            &r.deviation_comment,
            &r.struck_reason,
            &r.row_version,
            &created_at,
            &updated_at,
            &r.financing.map(Financing::code),
            &r.category.map(Category::code),
        ],
        )
        .map_err(|error| refusal(error, || path.to_string()))?;
    Ok(written == 1)
}

/// Everything that belongs to an initiative whose row is written: its customers, goal areas,
/// running-cost years, status reports, cost rows, calculation and plan versions and
/// measurements, under their records' ids. A version approved is written as a draft and then
/// approved, as the server's rules have versions come into being (only a godkännare approves;
/// the registers' owner may do all), with its approval, factors and number as recorded.
pub(super) fn write_initiative_children(tx: &mut Transaction<'_>, path: &str, r: &InitiativeRecord) -> Result<()> {
    for (k, customer) in r.customer_ids.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.customer_ids[{k}]"),
            "INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES ($1, $2)",
            &[&r.id, customer],
        )?;
    }
    for (k, goal_area) in r.goal_area_ids.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.goal_area_ids[{k}]"),
            "INSERT INTO initiative_goal_area (initiative_id, goal_area_id) VALUES ($1, $2)",
            &[&r.id, goal_area],
        )?;
    }
    for (k, y) in r.running_cost.years.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.running_cost.years[{k}]"),
            "INSERT INTO running_cost_year (initiative_id, year, amount) VALUES ($1, $2, $3)",
            &[&r.id, &y.year, &y.amount],
        )?;
    }
    for (k, s) in r.status_reports.iter().enumerate() {
        let p = || format!("{path}.status_reports[{k}]");
        let created_at = timestamp(|| format!("{}.created_at", p()), &s.created_at)?;
        insert(
            tx,
            p,
            "INSERT INTO status_report (id, initiative_id, period_end, time_status, time_cause, time_action,
                 cost_status, cost_cause, cost_action, result_status, result_cause, result_action, comment,
                 author, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            &[
                &s.id,
                &r.id,
                &s.period_end,
                &s.time.status.code(),
                &s.time.cause,
                &s.time.action,
                &s.cost.status.code(),
                &s.cost.cause,
                &s.cost.action,
                &s.result.status.code(),
                &s.result.cause,
                &s.result.action,
                &s.comment,
                &s.author,
                &created_at,
            ],
        )?;
    }
    for (k, c) in r.cost_years.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.cost_years[{k}]"),
            "INSERT INTO cost_year (id, initiative_id, year, cost_type, kind, budget, actual, forecast, hours,
                                    hourly_rate, comment)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                &c.id,
                &r.id,
                &c.year,
                &c.cost_type.code(),
                &c.kind.unwrap_or(CostKind::Utveckling).code(),
                &c.budget,
                &c.actual,
                &c.forecast,
                &c.hours,
                &c.hourly_rate,
                &c.comment,
            ],
        )?;
    }
    for (k, c) in r.calculations.iter().enumerate() {
        let p = || format!("{path}.calculations[{k}]");
        let stamps = (timestamp(|| format!("{}.created_at", p()), &c.created_at)?, timestamp(|| format!("{}.updated_at", p()), &c.updated_at)?);
        let numbers = (version(|| format!("{}.version", p()), c.version)?, c.based_on.map(|b| version(|| format!("{}.based_on", p()), b)).transpose()?);
        insert(
            tx,
            p,
            "INSERT INTO calculation (id, initiative_id, version, status, body, factors, reason, based_on,
                 created_by, created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            &[
                &c.id,
                &r.id,
                &numbers.0,
                &VersionStatus::Draft.code(),
                &to_json(&c.calculation)?,
                &to_json(&c.factors)?,
                &c.reason,
                &numbers.1,
                &c.created_by,
                &stamps.0,
                &stamps.1,
                &c.approved_by,
                &c.approved_at,
                &c.decision_ref,
                &c.row_version,
            ],
        )?;
        approve(tx, p, "calculation", c.id, c.status)?;
    }
    for (k, v) in r.plan_versions.iter().enumerate() {
        let p = || format!("{path}.plan_versions[{k}]");
        let stamps = (timestamp(|| format!("{}.created_at", p()), &v.created_at)?, timestamp(|| format!("{}.updated_at", p()), &v.updated_at)?);
        let numbers = (version(|| format!("{}.version", p()), v.version)?, v.based_on.map(|b| version(|| format!("{}.based_on", p()), b)).transpose()?);
        insert(
            tx,
            p,
            "INSERT INTO plan_version (id, initiative_id, version, status, body, reason, based_on, created_by,
                 created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                &v.id,
                &r.id,
                &numbers.0,
                &VersionStatus::Draft.code(),
                &to_json(&v.plan)?,
                &v.reason,
                &numbers.1,
                &v.created_by,
                &stamps.0,
                &stamps.1,
                &v.approved_by,
                &v.approved_at,
                &v.decision_ref,
                &v.row_version,
            ],
        )?;
        approve(tx, p, "plan_version", v.id, v.status)?;
    }
    for (k, v) in r.evaluations.iter().enumerate() {
        let p = || format!("{path}.evaluations[{k}]");
        let stamps = (timestamp(|| format!("{}.created_at", p()), &v.created_at)?, timestamp(|| format!("{}.updated_at", p()), &v.updated_at)?);
        let numbers = (version(|| format!("{}.version", p()), v.version)?, v.based_on.map(|b| version(|| format!("{}.based_on", p()), b)).transpose()?);
        insert(
            tx,
            p,
            "INSERT INTO evaluation (id, initiative_id, version, status, body, reason, based_on, created_by,
                 created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                &v.id,
                &r.id,
                &numbers.0,
                &VersionStatus::Draft.code(),
                &to_json(&v.evaluation)?,
                &v.reason,
                &numbers.1,
                &v.created_by,
                &stamps.0,
                &stamps.1,
                &v.approved_by,
                &v.approved_at,
                &v.decision_ref,
                &v.row_version,
            ],
        )?;
        approve(tx, p, "evaluation", v.id, v.status)?;
    }
    write_measurements(tx, path, r)?;
    write_harvest_decisions(tx, path, r)?;
    write_deviation_notes(tx, path, r)
}

/// The initiative's harvest decisions under their records' ids (migration 0008).
fn write_harvest_decisions(tx: &mut Transaction<'_>, path: &str, r: &InitiativeRecord) -> Result<()> {
    for (k, h) in r.harvest_decisions.iter().enumerate() {
        let p = || format!("{path}.harvest_decisions[{k}]");
        let stamps = (timestamp(|| format!("{}.created_at", p()), &h.created_at)?, timestamp(|| format!("{}.updated_at", p()), &h.updated_at)?);
        insert(
            tx,
            p,
            "INSERT INTO harvest_decision (id, initiative_id, benefit, kind, amount, redeployed_to, reason, from_date,
                 decided_by, decided_on, decision_ref, carried_out_on, comment, row_version, created_by, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            &[
                &h.id,
                &r.id,
                &h.benefit,
                &h.kind.code(),
                &h.amount,
                &h.redeployed_to,
                &h.reason,
                &h.from_date,
                &h.decided_by,
                &h.decided_on,
                &h.decision_ref,
                &h.carried_out_on,
                &h.comment,
                &h.row_version,
                &h.created_by,
                &stamps.0,
                &stamps.1,
            ],
        )?;
    }
    Ok(())
}

/// The initiative's benefit deviations' notes (migration 0009).
fn write_deviation_notes(tx: &mut Transaction<'_>, path: &str, r: &InitiativeRecord) -> Result<()> {
    for (k, n) in r.deviation_notes.iter().enumerate() {
        let p = || format!("{path}.deviation_notes[{k}]");
        let stamps = (timestamp(|| format!("{}.created_at", p()), &n.created_at)?, timestamp(|| format!("{}.updated_at", p()), &n.updated_at)?);
        let c = crate::store::deviations::closure_columns(n.closure.as_ref());
        let months = n.months_after_go_live as i32;
        insert(
            tx,
            p,
            &format!(
                "INSERT INTO deviation_note ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                crate::store::deviations::COLUMNS
            ),
            &[
                &r.id,
                &n.indicator_code,
                &months,
                &n.cause,
                &n.action,
                &n.decision_requested,
                &c.kind,
                &c.reason,
                &c.decision,
                &c.decided_by,
                &c.date,
                &c.reference,
                &n.closed_on,
                &n.updated_by,
                &stamps.0,
                &stamps.1,
                &n.row_version,
            ],
        )?;
    }
    Ok(())
}

/// The columns of a measurement as a record carries them, in the order they are sent.
const MEASUREMENT_COLUMNS: &str =
    "id, initiative_id, indicator_code, date, value, source, comment, author, created_at, updated_at, row_version";

/// The initiative's measurements, under their records' ids. A register's million
/// measurements would be a million round trips one `INSERT` at a time, so they go to the
/// server in one `COPY … BINARY` into a temporary table and from there into `measurement` in
/// one statement (a `COPY` straight into `measurement` is refused: every table of the register
/// forces row-level security). Should the server refuse any of them (a taken day, a value it
/// does not take), the copy is rolled back to its savepoint and the measurements are written
/// one by one, so that the refusal names its record as before.
fn write_measurements(tx: &mut Transaction<'_>, path: &str, r: &InitiativeRecord) -> Result<()> {
    if r.measurements.is_empty() {
        return Ok(());
    }
    let mut stamps = Vec::with_capacity(r.measurements.len());
    for (k, m) in r.measurements.iter().enumerate() {
        let p = || format!("{path}.measurements[{k}]");
        stamps.push((timestamp(|| format!("{}.created_at", p()), &m.created_at)?, timestamp(|| format!("{}.updated_at", p()), &m.updated_at)?));
    }
    let mut savepoint = tx.transaction()?;
    match copy_measurements(&mut savepoint, r, &stamps) {
        Ok(()) => {
            savepoint.commit()?;
            return Ok(());
        }
        // Not about the records (the connection is gone): nothing to name.
        Err(error) if error.as_db_error().is_none() => return Err(error.into()),
        Err(_) => savepoint.rollback()?,
    }
    for (k, (m, stamps)) in r.measurements.iter().zip(&stamps).enumerate() {
        insert(
            tx,
            || format!("{path}.measurements[{k}]"),
            &format!("INSERT INTO measurement ({MEASUREMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"),
            &measurement_values(r, m, stamps),
        )?;
    }
    Ok(())
}

/// A measurement's values in the order of [`MEASUREMENT_COLUMNS`], for the one-by-one insert
/// and the copy alike.
fn measurement_values<'a>(
    r: &'a InitiativeRecord,
    m: &'a MeasurementRecord,
    stamps: &'a (NaiveDateTime, NaiveDateTime),
) -> [&'a (dyn ToSql + Sync); 11] {
    [&m.id, &r.id, &m.indicator, &m.date, &m.value, &m.source, &m.comment, &m.author, &stamps.0, &stamps.1, &m.row_version]
}

/// The copy of [`write_measurements`]: into `pg_temp.measurement_transfer` (made on first
/// use, dropped with the transaction), then into `measurement`.
fn copy_measurements(
    tx: &mut Transaction<'_>,
    r: &InitiativeRecord,
    stamps: &[(NaiveDateTime, NaiveDateTime)],
) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS measurement_transfer (LIKE measurement) ON COMMIT DROP;
         TRUNCATE pg_temp.measurement_transfer",
    )?;
    let sink = tx.copy_in(&format!("COPY pg_temp.measurement_transfer ({MEASUREMENT_COLUMNS}) FROM STDIN BINARY"))?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::DATE,
        Type::NUMERIC,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TIMESTAMP,
        Type::TIMESTAMP,
        Type::INT8,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for (m, stamps) in r.measurements.iter().zip(stamps) {
        writer.write(&measurement_values(r, m, stamps))?;
    }
    writer.finish()?;
    tx.execute(
        &format!(
            "INSERT INTO measurement ({MEASUREMENT_COLUMNS}) SELECT {MEASUREMENT_COLUMNS} FROM pg_temp.measurement_transfer"
        ),
        &[],
    )?;
    Ok(())
}

/// A version written as a draft, approved when its record is: the approval's fields were
/// written with the draft, and the server's rules let nothing but the status change here.
fn approve(tx: &mut Transaction<'_>, path: impl Fn() -> String, table: &str, id: i64, status: VersionStatus) -> Result<()> {
    if status == VersionStatus::Approved {
        let sql = format!("UPDATE {table} SET status = $2 WHERE id = $1");
        tx.execute(&sql, &[&id, &status.code()]).map_err(|error| refusal(error, path))?;
    }
    Ok(())
}

/// The document's ids were written as they were, past the tables' identity sequences: each
/// sequence is set to give the id after the highest one, or the next row added would collide.
/// (A sequence is not rolled back with the transaction; should the import fail after this, the
/// next ids merely skip some numbers.)
fn move_identities_past_the_document(tx: &mut Transaction<'_>) -> Result<()> {
    let tables: Vec<&str> = TABLES.to_vec();
    let identities = tx.query(
        "SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = 'nytta' AND column_name = 'id' AND is_identity = 'YES' AND table_name = ANY($1)
         ORDER BY table_name",
        &[&tables],
    )?;
    for row in identities {
        let table: String = row.get(0);
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM {table}), 0) + 1, false)"
            ),
            &[&table],
        )?;
    }
    Ok(())
}
