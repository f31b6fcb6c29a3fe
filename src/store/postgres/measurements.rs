//! Measurements (mätningar) and the follow-up's read on the shared register: the file
//! register's rules (`store::measurements::rules`), with PostgreSQL's statements. Row-level
//! security shows only the initiatives the user may read, so a measurement of another
//! organisation's initiative is "not found", as a missing one.

use chrono::NaiveDate;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, GenericClient, Row};

use super::audit::record;
use super::plans::{latest_any, latest_approved};
use super::ranges;
use super::register::{now, timestamp_text, PgRegister};
use super::values;
use super::versions::Pg;
use crate::followup::FollowUpData;
use crate::model::initiative::Phase;
use crate::model::plan::{Measurement, Plan};
use crate::model::StoredMeasurement;
use crate::store::measurements::rules::{
    self, check_addition, check_deletion, check_edit, followup_from, normalised, Addition, ApprovedPlanRow,
    CalculationRows, Edit, MeasurementReads, SeriesBuilder,
};
use crate::store::measurements::rules::status_data_from;
use crate::store::interface::RegisterInfo;
use crate::store::rows::not_found;
use crate::store::versions::code_of;
use crate::store::{MeasurementStore, Result};

const COLUMNS: &str = "id, initiative_id, indicator_code, date, value, source, comment, author,
    created_at, updated_at, row_version";

fn measurement_from_row(row: &Row) -> Result<StoredMeasurement> {
    Ok(StoredMeasurement {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        measurement: Measurement {
            indicator: row.try_get("indicator_code")?,
            date: row.try_get("date")?,
            value: values::required_decimal(row, "value")?,
            source: row.try_get("source")?,
            comment: row.try_get("comment")?,
            author: row.try_get("author")?,
        },
        created_at: timestamp_text(row.try_get("created_at")?),
        updated_at: timestamp_text(row.try_get("updated_at")?),
        row_version: row.try_get("row_version")?,
    })
}

fn read_measurement(client: &mut impl GenericClient, id: i64) -> Result<StoredMeasurement> {
    let sql = format!("SELECT {COLUMNS} FROM measurement WHERE id = $1");
    match client.query_opt(&sql, &[&id])? {
        Some(row) => measurement_from_row(&row),
        None => Err(not_found("mätning", id)),
    }
}

/// The code of an initiative the user may see, or the not-found error.
fn initiative_code(client: &mut impl GenericClient, initiative_id: i64) -> Result<String> {
    code_of(&mut Pg(client), initiative_id)
}

/// The reads of the measurement rules on a connection or in a transaction.
struct Reads<'a, C: GenericClient>(&'a mut C);

impl<C: GenericClient> MeasurementReads for Reads<'_, C> {
    fn measurement(&mut self, id: i64) -> Result<StoredMeasurement> {
        read_measurement(self.0, id)
    }

    fn on_date(&mut self, initiative_id: i64, code: &str, date: NaiveDate) -> Result<Option<StoredMeasurement>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM measurement WHERE initiative_id = $1 AND indicator_code = $2 AND date = $3"
        );
        let row = self.0.query_opt(&sql, &[&initiative_id, &code, &date])?;
        row.as_ref().map(measurement_from_row).transpose()
    }

    fn latest_approved_plan(&mut self, initiative_id: i64) -> Result<Option<Plan>> {
        Ok(latest_approved(self.0, initiative_id)?.map(|v| v.plan))
    }

    fn latest_plan(&mut self, initiative_id: i64) -> Result<Option<Plan>> {
        Ok(latest_any(self.0, initiative_id)?.map(|v| v.plan))
    }

    fn initiative_code(&mut self, initiative_id: i64) -> Result<String> {
        initiative_code(self.0, initiative_id)
    }

    fn go_live(&mut self, initiative_id: i64) -> Result<Option<NaiveDate>> {
        match self.0.query_opt("SELECT go_live_date FROM initiative WHERE id = $1", &[&initiative_id])? {
            Some(row) => Ok(row.try_get(0)?),
            None => Err(not_found("insats", initiative_id)),
        }
    }
}

impl MeasurementStore for PgRegister {
    /// The measurements of an initiative, by indicator code (in bytes, as the file register
    /// sorts it) and date.
    fn measurements(&self, initiative_id: i64) -> Result<Vec<StoredMeasurement>> {
        initiative_code(&mut *self.client(), initiative_id)?;
        let sql = format!(
            "SELECT {COLUMNS} FROM measurement WHERE initiative_id = $1
             ORDER BY indicator_code COLLATE \"C\", date"
        );
        let rows = self.client().query(&sql, &[&initiative_id])?;
        rows.iter().map(measurement_from_row).collect()
    }

    fn measurement(&self, id: i64) -> Result<StoredMeasurement> {
        read_measurement(&mut *self.client(), id)
    }

    /// Records a measurement of one of the initiative's indicators; the author is this
    /// handle's author. A second measurement on the same day is refused (edit the first),
    /// unless it is identical, which changes nothing and returns the first one's id.
    fn add_measurement(&mut self, initiative_id: i64, measurement: &Measurement) -> Result<i64> {
        let normal = normalised(measurement);
        self.write(|tx, author| {
            let m = Measurement { author: author.to_string(), ..normal.clone() };
            if let Addition::Identical(id) = check_addition(&mut Reads(tx), initiative_id, &m)? {
                return Ok(id);
            }
            let now = now();
            let id: i64 = tx
                .query_one(
                    "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment,
                        author, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                     RETURNING id",
                    &[&initiative_id, &m.indicator, &m.date, &m.value, &m.source, &m.comment, &m.author, &now],
                )?
                .try_get(0)?;
            record(tx, author, rules::added(id, initiative_id, &m))?;
            Ok(id)
        })
    }

    /// Changes the date, value, source or comment of a measurement that started from
    /// `row_version`; the old values stay in the audit log, and a measurement that fed a
    /// checkpoint passed by `as_of` needs a `reason` (see the file register's).
    fn update_measurement(
        &mut self,
        id: i64,
        row_version: i64,
        measurement: &Measurement,
        reason: &str,
        as_of: NaiveDate,
    ) -> Result<StoredMeasurement> {
        let reason = reason.trim().to_string();
        let wanted = normalised(measurement);
        self.write(|tx, author| {
            let (before, m) = match check_edit(&mut Reads(tx), id, row_version, &wanted, &reason, as_of)? {
                Edit::Unchanged(stored) => return Ok(stored),
                Edit::Change { before, after } => (before, after),
            };
            tx.execute(
                "UPDATE measurement SET date = $2, value = $3, source = $4, comment = $5,
                    updated_at = $6, row_version = row_version + 1
                 WHERE id = $1",
                &[&id, &m.date, &m.value, &m.source, &m.comment, &now()],
            )?;
            let after = read_measurement(tx, id)?;
            record(tx, author, rules::changed(&before, &after, &reason))?;
            Ok(after)
        })
    }

    /// Deletes a measurement that started from `row_version`; the audit log keeps it. A
    /// `reason` is required when it fed a checkpoint of the approved plan passed by `as_of`.
    fn delete_measurement(&mut self, id: i64, row_version: i64, reason: &str, as_of: NaiveDate) -> Result<()> {
        let reason = reason.trim().to_string();
        self.write(|tx, author| {
            let before = check_deletion(&mut Reads(tx), id, row_version, &reason, as_of)?;
            tx.execute("DELETE FROM measurement WHERE id = $1", &[&id])?;
            record(tx, author, rules::deleted(&before, &reason))?;
            Ok(())
        })
    }

    /// Everything the follow-up needs for every initiative with an approved plan that the
    /// user may read (or only `initiative_id`), as the file register reads it: in the order
    /// of the codes, letter case aside (the file register's NOCASE: ASCII letters folded,
    /// then bytes).
    fn followup_data(&self, initiative_id: Option<i64>) -> Result<FollowUpData> {
        followup_from(
            self.approved_plan_rows(initiative_id)?,
            || self.read_calculations(initiative_id),
            |series| self.read_series(initiative_id, series),
        )
    }

    /// In one snapshot, so that the plans, calculations and measurements are of one moment.
    /// A large portfolio is read over two connections (`ranges`): the second reads the
    /// calculations while this one reads the plans, then half the ranges.
    fn status_data(&self, as_of: NaiveDate) -> Result<FollowUpData> {
        self.read_consistently(|register: &Self| {
            register.client().batch_execute(ranges::PLANNING)?;
            let snapshot = ranges::snapshot_for_a_second_connection(&mut register.client())?;
            std::thread::scope(|scope| {
                let opening = snapshot.map(|snapshot| {
                    ranges::open_second(scope, register.conn_info(), snapshot, |client| calculation_rows(client, None))
                });
                let second = std::cell::Cell::new(None);
                status_data_from(
                    register.approved_plan_rows(None)?,
                    as_of,
                    || match opening.and_then(ranges::opened) {
                        Some((client, calculations)) => {
                            second.set(Some(client));
                            Ok(calculations)
                        }
                        None => register.read_calculations(None),
                    },
                    |wanted, sink| ranges::read_ranges(&mut register.client(), second.take(), wanted, sink),
                )
            })
        })
    }
}

impl PgRegister {
    /// Every initiative with an approved plan that the user may read (or only
    /// `initiative_id`), with its latest approved plan as stored, in the order of the codes
    /// as the file register sorts them.
    fn approved_plan_rows(&self, initiative_id: Option<i64>) -> Result<Vec<ApprovedPlanRow>> {
        let rows = self.client().query(
            "SELECT i.id, i.code, i.name, o.name AS organisation, i.phase, i.council_tracked,
                    i.go_live_date, p.version, p.body::text AS body
             FROM initiative i
             JOIN organisation o ON o.id = i.organisation_id
             JOIN LATERAL (
                 SELECT version, body FROM plan_version
                 WHERE initiative_id = i.id AND status = 'approved'
                 ORDER BY version DESC LIMIT 1) p ON true
             WHERE $1::bigint IS NULL OR i.id = $1
             ORDER BY translate(i.code, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\"",
            &[&initiative_id],
        )?;
        rows.iter().map(approved_plan_row).collect()
    }
}

fn approved_plan_row(row: &Row) -> Result<ApprovedPlanRow> {
    Ok(ApprovedPlanRow {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        organisation: row.try_get("organisation")?,
        phase: values::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
        council_tracked: row.try_get("council_tracked")?,
        go_live: row.try_get("go_live_date")?,
        version: row.try_get::<_, i32>("version")? as u32,
        body: row.try_get("body")?,
    })
}

impl PgRegister {
    /// One streaming pass over the measurements in (initiative, indicator, date) order, which
    /// the covering index `measurement_series` gives, building each initiative's series.
    fn read_series(&self, initiative_id: Option<i64>, series: &mut SeriesBuilder<'_>) -> Result<()> {
        // Two statements, so the one-initiative read seeks in the index instead of scanning it.
        let (sql, params): (&str, Vec<i64>) = match initiative_id {
            Some(id) => (
                "SELECT initiative_id, indicator_code, date, value FROM measurement
                 WHERE initiative_id = $1 ORDER BY initiative_id, indicator_code, date",
                vec![id],
            ),
            None => (
                "SELECT initiative_id, indicator_code, date, value FROM measurement
                 ORDER BY initiative_id, indicator_code, date",
                Vec::new(),
            ),
        };
        let mut client = self.client();
        // Streamed: a million rows are not collected first.
        let mut rows = client.query_raw(sql, params)?;
        while let Some(row) = rows.next()? {
            if !series.initiative(row.try_get(0)?) {
                continue;
            }
            series.indicator(row.try_get::<_, &str>(1)?.as_bytes())?;
            let value: rust_decimal::Decimal = row.try_get(3)?;
            series.push(row.try_get(2)?, value.normalize());
        }
        Ok(())
    }

    /// The latest approved calculation of every initiative (or only `initiative_id`) as
    /// stored: (initiative id, body JSON, frozen factors JSON).
    fn read_calculations(&self, initiative_id: Option<i64>) -> Result<CalculationRows> {
        calculation_rows(&mut self.client(), initiative_id)
    }
}

/// [`PgRegister::read_calculations`] on a given connection (the status read's second one).
pub(super) fn calculation_rows(client: &mut Client, initiative_id: Option<i64>) -> Result<CalculationRows> {
    let rows = client.query(
        "SELECT c.initiative_id, c.body::text, c.factors::text FROM calculation c
         WHERE c.status = 'approved' AND ($1::bigint IS NULL OR c.initiative_id = $1)
           AND c.version = (SELECT max(version) FROM calculation x
                            WHERE x.initiative_id = c.initiative_id AND x.status = 'approved')",
        &[&initiative_id],
    )?;
    rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))).collect()
}
