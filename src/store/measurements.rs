//! Measurements (mätningar) and the read path of the follow-up.
//!
//! A measurement belongs to an indicator code of an initiative; codes are stable across plan
//! versions. There is at most one measurement per indicator and day. Measurements are never
//! silently overwritten: an edit or a deletion keeps the old value in the audit log, and when
//! the measurement fed a checkpoint of the approved plan that has already passed, the store
//! asks for a reason (a field error on `reason`) before it changes anything.
//!
//! [`Register::followup_data`] reads everything the follow-up needs in two queries — the
//! latest approved plan of every initiative, and every measurement in (initiative, indicator,
//! date) order from a covering index — so the portfolio's statuses stay cheap for thousands
//! of initiatives and a million measurements.


use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use rust_decimal::Decimal;

use super::audit::record;
use super::error::Result;
use super::plans::{latest_any, latest_approved};
use super::rows::{self, date_to_text, fast_date, fast_decimal, text_bytes};
use super::versions::initiative_code;
use super::{MeasurementStore, Register, RegisterInfo};
use crate::followup::{FollowUpData, Pick};
use crate::model::initiative::Phase;
use crate::model::plan::{Measurement, Plan};
use crate::model::StoredMeasurement;

pub(in crate::store) mod rules;
mod linked;

use rules::{
    check_addition, check_deletion, check_edit, corrupt, followup_from, normalised, Addition, ApprovedPlanRow,
    CalculationRows, Edit, MeasurementReads, RangeQuery, SeriesBuilder,
};
use rules::{joined, status_data_from, Turns};

fn measurement_from_row(row: &Row) -> rusqlite::Result<StoredMeasurement> {
    Ok(StoredMeasurement {
        id: row.get("id")?,
        initiative_id: row.get("initiative_id")?,
        measurement: Measurement {
            indicator: row.get("indicator_code")?,
            date: rows::required_date(row, "date")?,
            value: rows::decimal(row, "value")?.unwrap_or_default(),
            source: row.get("source")?,
            comment: row.get("comment")?,
            author: row.get("author")?,
        },
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        row_version: row.get("row_version")?,
    })
}

const COLUMNS: &str = "id, initiative_id, indicator_code, date, value, source, comment, author,
    created_at, updated_at, row_version";

fn read_measurement(conn: &rusqlite::Connection, id: i64) -> Result<StoredMeasurement> {
    let sql = format!("SELECT {COLUMNS} FROM measurement WHERE id = ?1");
    conn.query_row(&sql, [id], measurement_from_row)
        .optional()?
        .ok_or_else(|| rows::not_found("mätning", id))
}

/// The reads of the measurement rules ([`rules`]) on a connection (in a transaction).
struct Reads<'c>(&'c rusqlite::Connection);

impl MeasurementReads for Reads<'_> {
    fn measurement(&mut self, id: i64) -> Result<StoredMeasurement> {
        read_measurement(self.0, id)
    }

    fn on_date(&mut self, initiative_id: i64, code: &str, date: NaiveDate) -> Result<Option<StoredMeasurement>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM measurement WHERE initiative_id = ?1 AND indicator_code = ?2 AND date = ?3"
        );
        Ok(self
            .0
            .query_row(&sql, params![initiative_id, code, date_to_text(Some(date))], measurement_from_row)
            .optional()?)
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
        let text: Option<Option<String>> = self
            .0
            .query_row("SELECT go_live_date FROM initiative WHERE id = ?1", [initiative_id], |r| r.get(0))
            .optional()?;
        match text {
            None => Err(rows::not_found("insats", initiative_id)),
            Some(None) => Ok(None),
            Some(Some(t)) => Ok(NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()),
        }
    }
}

impl MeasurementStore for Register {
    /// The measurements of an initiative, by indicator code and date.
    fn measurements(&self, initiative_id: i64) -> Result<Vec<StoredMeasurement>> {
        initiative_code(self.conn(), initiative_id)?;
        let sql = format!(
            "SELECT {COLUMNS} FROM measurement WHERE initiative_id = ?1 ORDER BY indicator_code, date"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt
            .query_map([initiative_id], measurement_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    fn measurement(&self, id: i64) -> Result<StoredMeasurement> {
        read_measurement(self.conn(), id)
    }

    /// Records a measurement of one of the initiative's indicators; the author is this
    /// handle's author. A second measurement on the same day is refused (edit the first),
    /// unless it is identical, which changes nothing and returns the first one's id.
    fn add_measurement(
        &mut self,
        initiative_id: i64,
        measurement: &Measurement,
    ) -> Result<i64> {
        let mut m = normalised(measurement);
        self.write(|tx, author| {
            m.author = author.to_string();
            if let Addition::Identical(id) = check_addition(&mut Reads(tx), initiative_id, &m)? {
                return Ok(id);
            }
            let now = super::now();
            tx.execute(
                "INSERT INTO measurement (initiative_id, indicator_code, date, value, source, comment,
                    author, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    initiative_id,
                    m.indicator,
                    date_to_text(Some(m.date)),
                    m.value.to_string(),
                    m.source,
                    m.comment,
                    m.author,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            record(tx, author, rules::added(id, initiative_id, &m))?;
            Ok(id)
        })
    }

    /// Changes the date, value, source or comment of a measurement that started from
    /// `row_version`. The old values stay in the audit log. When the measurement fed — or
    /// would now feed — a checkpoint of the approved plan that has passed by `as_of`, a
    /// `reason` is required; without one nothing is changed and the error names the field
    /// `reason`.
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
                "UPDATE measurement SET date = ?2, value = ?3, source = ?4, comment = ?5,
                    updated_at = ?6, row_version = row_version + 1
                 WHERE id = ?1",
                params![
                    id,
                    date_to_text(Some(m.date)),
                    m.value.to_string(),
                    m.source,
                    m.comment,
                    super::now()
                ],
            )?;
            let after = read_measurement(tx, id)?;
            record(tx, author, rules::changed(&before, &after, &reason))?;
            Ok(after)
        })
    }

    /// Deletes a measurement that started from `row_version`; the audit log keeps it. A
    /// `reason` is required when it fed a checkpoint of the approved plan that has passed by
    /// `as_of`.
    fn delete_measurement(
        &mut self,
        id: i64,
        row_version: i64,
        reason: &str,
        as_of: NaiveDate,
    ) -> Result<()> {
        let reason = reason.trim().to_string();
        self.write(|tx, author| {
            let before = check_deletion(&mut Reads(tx), id, row_version, &reason, as_of)?;
            tx.execute("DELETE FROM measurement WHERE id = ?1", [id])?;
            record(tx, author, rules::deleted(&before, &reason))?;
            Ok(())
        })
    }

    /// Everything the follow-up needs for every initiative with an approved plan (or only
    /// `initiative_id`): its latest approved plan, its measurements as sorted series, and the
    /// annual values of the calculation lines its benefits link to.
    fn followup_data(&self, initiative_id: Option<i64>) -> Result<FollowUpData> {
        self.read_consistently(|register| {
            followup_from(
                register.approved_plan_rows(initiative_id)?,
                || register.read_calculations(initiative_id),
                |series| register.read_series(initiative_id, series),
            )
        })
    }

    /// In one read transaction: besides a consistent view, each of the tens of thousands of
    /// range statements would otherwise begin and end a transaction of its own — taking and
    /// releasing the WAL's shared-memory lock (two `fcntl` calls) and checking the page cache
    /// each time, a third of the statuses' time (docs/prestanda.md).
    ///
    /// A large portfolio's ranges are read here and on a second, read-only connection at the
    /// same time, each taking the next ranges left ([`two_connections`]). SQLite cannot hand
    /// a snapshot to another connection, so the read is checked instead: if another program
    /// committed between the start and the end (`PRAGMA data_version` changed), the second
    /// connection may have seen a later state than this one, and everything is read again
    /// here alone.
    fn status_data(&self, as_of: NaiveDate) -> Result<FollowUpData> {
        // A caller's open transaction may hold writes that another connection cannot see.
        let may_split = self.conn().is_autocommit();
        let before = if may_split { Some(self.data_version()?) } else { None };
        let split = std::cell::Cell::new(false);
        let read = |allow_split: bool| {
            self.read_consistently(|register| {
                let rows = register.approved_plan_rows(None)?;
                let second = (allow_split && rows.len() >= TWO_CONNECTIONS_FROM_PLANS)
                    .then(|| register.conn().path().filter(|path| !path.is_empty()))
                    .flatten();
                status_data_from(rows, as_of, || register.read_calculations(None), |ranges, sink| match second {
                    Some(path) => {
                        split.set(true);
                        two_connections(register.conn(), path, ranges, sink)
                    }
                    None => read_ranges(register.conn(), ranges, 0, sink),
                })
            })
        };
        let data = read(may_split)?;
        if split.get() && Some(self.data_version()?) != before {
            return read(false);
        }
        Ok(data)
    }
}

/// From how many plans [`MeasurementStore::status_data`] reads the ranges over two
/// connections (as the shared register does): below it the second connection's opening
/// costs more than it saves.
const TWO_CONNECTIONS_FROM_PLANS: usize = 200;

/// How many ranges a connection of [`two_connections`] takes at a time from those left: few
/// enough that the two finish together, enough that taking costs nothing beside reading.
const RANGES_PER_TAKE: usize = 256;

/// Reads `ranges` into `sink` on two connections at the same time: `first` (inside the
/// caller's read transaction) and a read-only connection of its own to the file at `path`,
/// each taking [`RANGES_PER_TAKE`] ranges at a time from those left. The second's rows are
/// collected and handed over once read. Fixed halves left one connection idle for a third of
/// the read: the second, opened afresh with an empty page cache, read its half in 42 ms where
/// the first took 26 (docs/prestanda.md). When the second connection cannot be opened or
/// read (the file locked exclusively, say), the ranges it took are read on `first`.
fn two_connections(
    first: &rusqlite::Connection,
    path: &str,
    ranges: &[RangeQuery<'_>],
    sink: &mut dyn FnMut(usize, NaiveDate, Decimal),
) -> Result<()> {
    let turns = Turns::new(ranges.len(), RANGES_PER_TAKE);
    let (read, (taken, other)) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            let mut taken = Vec::new();
            let rows = (|| -> Result<Vec<(usize, NaiveDate, Decimal)>> {
                let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let second = rusqlite::Connection::open_with_flags(path, flags)?;
                // Never wait for a lock here: what this connection took is read on the first.
                second.busy_timeout(std::time::Duration::ZERO)?;
                let snapshot = second.unchecked_transaction()?;
                let mut rows = Vec::new();
                while let Some(some) = turns.take() {
                    taken.push(some.clone());
                    read_ranges(&second, &ranges[some.clone()], some.start, &mut |n, date, value| rows.push((n, date, value)))?;
                }
                drop(snapshot);
                Ok(rows)
            })();
            (taken, rows)
        });
        let mut read = Ok(());
        while let Some(some) = turns.take() {
            read = read_ranges(first, &ranges[some.clone()], some.start, sink);
            if read.is_err() {
                turns.stop();
                break;
            }
        }
        (read, joined(other))
    });
    read?;
    match other {
        Ok(rows) => {
            for (n, date, value) in rows {
                sink(n, date, value);
            }
        }
        // Its rows are dropped whole, and what it took is read here.
        Err(_) => {
            for some in taken {
                read_ranges(first, &ranges[some.clone()], some.start, sink)?;
            }
        }
    }
    Ok(())
}

/// Each range's measurement on `conn`, handed to `sink` with the range's place plus
/// `offset`: one seek in the covering index per range, so the cost follows the number of
/// indicators and checkpoints, not of measurements.
fn read_ranges(
    conn: &rusqlite::Connection,
    ranges: &[RangeQuery<'_>],
    offset: usize,
    sink: &mut dyn FnMut(usize, NaiveDate, Decimal),
) -> Result<()> {
    let mut latest = conn.prepare_cached(
        "SELECT date, value FROM measurement INDEXED BY measurement_series
         WHERE initiative_id = ?1 AND indicator_code = ?2 AND date BETWEEN ?3 AND ?4
         ORDER BY date DESC LIMIT 1",
    )?;
    let mut earliest = conn.prepare_cached(
        "SELECT date, value FROM measurement INDEXED BY measurement_series
         WHERE initiative_id = ?1 AND indicator_code = ?2 AND date BETWEEN ?3 AND ?4
         ORDER BY date LIMIT 1",
    )?;
    for (at, range) in ranges.iter().enumerate() {
        let stmt = match range.pick {
            Pick::Latest => &mut latest,
            Pick::Earliest => &mut earliest,
        };
        let from = date_to_text(Some(range.from));
        let to = date_to_text(Some(range.to));
        let mut rows = stmt.query(params![range.initiative_id, range.indicator_code, from, to])?;
        if let Some(row) = rows.next()? {
            let date_text = text_bytes(row, 0)?;
            let date = fast_date(date_text).ok_or_else(|| corrupt("datum", &String::from_utf8_lossy(date_text)))?;
            let value_text = text_bytes(row, 1)?;
            let value = fast_decimal(value_text).ok_or_else(|| corrupt("värde", &String::from_utf8_lossy(value_text)))?;
            sink(offset + at, date, value);
        }
    }
    Ok(())
}

impl Register {
    /// Every initiative with an approved plan (or only `initiative_id`), with its latest
    /// approved plan as stored, in code order.
    fn approved_plan_rows(&self, initiative_id: Option<i64>) -> Result<Vec<ApprovedPlanRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT i.id, i.code, i.name, o.name AS organisation, i.phase, i.council_tracked,
                    i.go_live_date, p.version, p.body
             FROM initiative i
             JOIN organisation o ON o.id = i.organisation_id
             JOIN plan_version p ON p.id = (
                 SELECT id FROM plan_version
                 WHERE initiative_id = i.id AND status = 'approved'
                 ORDER BY version DESC LIMIT 1)
             WHERE ?1 IS NULL OR i.id = ?1
             ORDER BY i.code",
        )?;
        let raw = stmt
            .query_map([initiative_id], |row| {
                Ok(ApprovedPlanRow {
                    id: row.get("id")?,
                    code: row.get("code")?,
                    name: row.get("name")?,
                    organisation: row.get("organisation")?,
                    phase: rows::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
                    council_tracked: row.get::<_, i64>("council_tracked")? != 0,
                    go_live: rows::date(row, "go_live_date")?,
                    version: row.get("version")?,
                    body: row.get("body")?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(raw)
    }

    /// One streaming pass over the covering index, building each initiative's series.
    fn read_series(&self, initiative_id: Option<i64>, series: &mut SeriesBuilder<'_>) -> Result<()> {
        // Two statements, so the one-initiative read seeks in the index instead of scanning it.
        let sql = match initiative_id {
            Some(_) => {
                "SELECT initiative_id, indicator_code, date, value FROM measurement
                 INDEXED BY measurement_series WHERE initiative_id = ?1
                 ORDER BY initiative_id, indicator_code, date"
            }
            None => {
                "SELECT initiative_id, indicator_code, date, value FROM measurement
                 INDEXED BY measurement_series
                 ORDER BY initiative_id, indicator_code, date"
            }
        };
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = match initiative_id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        while let Some(row) = rows.next()? {
            if !series.initiative(row.get(0)?) {
                continue;
            }
            series.indicator(text_bytes(row, 1)?)?;
            let date_text = text_bytes(row, 2)?;
            let date = fast_date(date_text).ok_or_else(|| corrupt("datum", &String::from_utf8_lossy(date_text)))?;
            let value_text = text_bytes(row, 3)?;
            let value = fast_decimal(value_text).ok_or_else(|| corrupt("värde", &String::from_utf8_lossy(value_text)))?;
            series.push(date, value);
        }
        Ok(())
    }

    /// The latest approved calculation of every initiative (or only `initiative_id`) as
    /// stored: (initiative id, body JSON, frozen factors JSON).
    fn read_calculations(&self, initiative_id: Option<i64>) -> Result<CalculationRows> {
        let mut stmt = self.conn().prepare(
            "SELECT c.initiative_id, c.body, c.factors FROM calculation c
             WHERE c.status = 'approved' AND (?1 IS NULL OR c.initiative_id = ?1)
               AND c.version = (SELECT max(version) FROM calculation x
                                WHERE x.initiative_id = c.initiative_id AND x.status = 'approved')",
        )?;
        let raw = stmt
            .query_map([initiative_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every measurement of the demo register, a range per indicator and year, read on one
    /// connection as (range, date, value), sorted.
    fn read_all(read: impl FnOnce(&[RangeQuery<'_>], &mut dyn FnMut(usize, NaiveDate, Decimal)) -> Result<()>, ranges: &[RangeQuery<'_>]) -> Vec<(usize, NaiveDate, Decimal)> {
        let mut rows = Vec::new();
        read(ranges, &mut |n, date, value| rows.push((n, date, value))).unwrap();
        rows.sort();
        rows
    }

    #[test]
    fn the_two_connections_read_what_one_reads_and_a_second_that_cannot_open_costs_only_time() {
        let dir = tempfile::tempdir().unwrap();
        let register = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        let conn = register.conn();
        let series: Vec<(i64, String)> = conn
            .prepare("SELECT DISTINCT initiative_id, indicator_code FROM measurement ORDER BY 1, 2")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(series.len() >= 4, "{series:?}");
        let mut ranges = Vec::new();
        for (id, code) in &series {
            for (n, month) in (2023 * 12..2028 * 12).enumerate() {
                let from = NaiveDate::from_ymd_opt(month / 12, month as u32 % 12 + 1, 1).unwrap();
                let to = from + chrono::Months::new(1) - chrono::Days::new(1);
                let pick = if n % 2 == 0 { Pick::Latest } else { Pick::Earliest };
                ranges.push(RangeQuery { initiative_id: *id, indicator_code: code, from, to, pick });
            }
        }
        let one = read_all(|r, sink| read_ranges(conn, r, 0, sink), &ranges);
        assert!(one.len() > 10, "{one:?}");
        let path = conn.path().unwrap().to_string();
        assert_eq!(read_all(|r, sink| two_connections(conn, &path, r, sink), &ranges), one);
        let missing = dir.path().join("saknas.nytta");
        assert_eq!(read_all(|r, sink| two_connections(conn, missing.to_str().unwrap(), r, sink), &ranges), one);
        // A second connection that opens but fails on the ranges it took (a file without the
        // table): those ranges are read on the first, none twice and none left out.
        let empty = dir.path().join("tom.nytta");
        rusqlite::Connection::open(&empty).unwrap().execute_batch("CREATE TABLE other (x)").unwrap();
        assert!(ranges.len() > 2 * RANGES_PER_TAKE, "{} ranges: the connections must take turns", ranges.len());
        assert_eq!(read_all(|r, sink| two_connections(conn, empty.to_str().unwrap(), r, sink), &ranges), one);
    }
}
