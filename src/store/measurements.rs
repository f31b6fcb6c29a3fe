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

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use rust_decimal::Decimal;

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::plans::{latest_any, latest_approved};
use super::rows::{self, date_to_text};
use super::versions::initiative_code;
use super::{MeasurementStore, Register};
use crate::followup::{
    checkpoint_date, window, FollowUpData, FollowUpEntry, LineValueCache, LinkedLines, MeasurementIndex, Observation,
};
use crate::model::initiative::Phase;
use crate::model::plan::{Indicator, Measurement, Plan};
use crate::model::{FieldError, PlanVersion, StoredMeasurement};

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

fn on_date(
    conn: &rusqlite::Connection,
    initiative_id: i64,
    code: &str,
    date: NaiveDate,
) -> Result<Option<StoredMeasurement>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM measurement WHERE initiative_id = ?1 AND indicator_code = ?2 AND date = ?3"
    );
    Ok(conn
        .query_row(
            &sql,
            params![initiative_id, code, date_to_text(Some(date))],
            measurement_from_row,
        )
        .optional()?)
}

fn go_live(conn: &rusqlite::Connection, initiative_id: i64) -> Result<Option<NaiveDate>> {
    let text: Option<Option<String>> = conn
        .query_row(
            "SELECT go_live_date FROM initiative WHERE id = ?1",
            [initiative_id],
            |r| r.get(0),
        )
        .optional()?;
    match text {
        None => Err(rows::not_found("insats", initiative_id)),
        Some(None) => Ok(None),
        Some(Some(t)) => Ok(NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()),
    }
}

/// The indicator a measurement refers to: from the latest approved plan, else from the draft.
fn indicator_for(conn: &rusqlite::Connection, initiative_id: i64, code: &str) -> Result<Indicator> {
    let approved = latest_approved(conn, initiative_id)?;
    let found = approved
        .as_ref()
        .and_then(|v| v.plan.indicator(code).cloned());
    if let Some(indicator) = found {
        return Ok(indicator);
    }
    let latest = latest_any(conn, initiative_id)?;
    if let Some(indicator) = latest.as_ref().and_then(|v| v.plan.indicator(code)) {
        return Ok(indicator.clone());
    }
    let initiative = initiative_code(conn, initiative_id)?;
    Err(StoreError::Invalid(vec![FieldError::new(
        "indicator",
        format!(
            "Insatsen {initiative} har ingen indikator med koden {code} i sin \
             nyttorealiseringsplan."
        ),
    )]))
}

/// The checkpoint of the latest approved plan whose window holds `date` and that has passed
/// by `as_of`: a measurement there has fed an approved status.
fn fed_checkpoint(
    plan: Option<&PlanVersion>,
    go_live: Option<NaiveDate>,
    code: &str,
    date: NaiveDate,
    as_of: NaiveDate,
) -> Option<(u32, NaiveDate)> {
    let g = go_live?;
    let indicator = plan?.plan.indicator(code)?;
    indicator.sorted_targets().into_iter().find_map(|t| {
        let cp = checkpoint_date(g, t.months_after_go_live);
        let (from, to) = window(g, cp);
        (cp <= as_of && from <= date && date <= to).then_some((t.months_after_go_live, cp))
    })
}

fn reason_required(m: &Measurement, months: u32, checkpoint: NaiveDate, what: &str) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(
        "reason",
        format!(
            "Mätningen av {} {} ligger till grund för kontrollpunkten {} månader ({}) i den \
             godkända planen. Ange ett skäl till {what}.",
            m.indicator,
            crate::format::date(m.date),
            months,
            crate::format::date(checkpoint),
        ),
    )])
}

fn normalised(m: &Measurement) -> Measurement {
    Measurement {
        indicator: m.indicator.trim().to_string(),
        date: m.date,
        value: m.value.normalize(),
        source: m.source.trim().to_string(),
        comment: m.comment.trim().to_string(),
        author: m.author.trim().to_string(),
    }
}

fn same_content(a: &Measurement, b: &Measurement) -> bool {
    a.date == b.date && a.value == b.value && a.source == b.source && a.comment == b.comment
}

fn duplicate(existing: &StoredMeasurement) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(
        "date",
        format!(
            "Det finns redan en mätning av {} {} med värdet {}. Ändra den i stället för att lägga \
             till en ny.",
            existing.measurement.indicator,
            crate::format::date(existing.measurement.date),
            crate::format::value(existing.measurement.value),
        ),
    )])
}

/// Parses `YYYY-MM-DD` without the generality (and cost) of a format string. Takes the
/// stored bytes: an ISO date needs no UTF-8 check; anything else is checked on the slow path.
fn fast_date(text: impl AsRef<[u8]>) -> Option<NaiveDate> {
    let b = text.as_ref();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(std::str::from_utf8(b).ok()?, "%Y-%m-%d").ok();
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Parses a stored decimal (`-123.45`) directly into its mantissa and scale; anything longer
/// or unusual goes through `Decimal::from_str`. Takes the stored bytes, as [`fast_date`].
fn fast_decimal(text: impl AsRef<[u8]>) -> Option<Decimal> {
    let bytes = text.as_ref();
    let slow = || Decimal::from_str(std::str::from_utf8(bytes).ok()?).ok();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return slow();
    }
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return slow(),
        }
    }
    if scale == Some(0) {
        return slow();
    }
    let mut value = Decimal::new(mantissa, scale.unwrap_or(0));
    value.set_sign_negative(negative && mantissa != 0);
    Some(value)
}

/// A TEXT column's bytes, without the UTF-8 check of `as_str` (a million rows read three
/// columns each; the parsers above check what they need).
fn text_bytes<'r>(row: &'r rusqlite::Row, column: usize) -> Result<&'r [u8]> {
    row.get_ref(column)?.as_bytes().map_err(|e| {
        StoreError::from(rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}

fn corrupt(what: &str, text: &str) -> StoreError {
    StoreError::Refused(format!(
        "Registret innehåller en mätning med ogiltigt {what} ({text}). Kör `nytta check` och \
         kontakta den som förvaltar registret."
    ))
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
            let indicator = indicator_for(tx, initiative_id, &m.indicator)?;
            rows::check_valid(m.validate(&indicator))?;
            if let Some(existing) = on_date(tx, initiative_id, &m.indicator, m.date)? {
                return if same_content(&existing.measurement, &m) {
                    Ok(existing.id)
                } else {
                    Err(duplicate(&existing))
                };
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
            record::<(), _>(
                tx,
                author,
                Change {
                    action: "skapad",
                    entity: "measurement",
                    entity_id: Some(id),
                    initiative_id: Some(initiative_id),
                    before: None,
                    after: Some(&m),
                    reason: "",
                },
            )?;
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
            let before = read_measurement(tx, id)?;
            if before.row_version != row_version {
                return Err(StoreError::Stale {
                    entity: format!(
                        "Mätningen av {} {}",
                        before.measurement.indicator,
                        crate::format::date(before.measurement.date)
                    ),
                    changes: format!(
                        "värdet är nu {}",
                        crate::format::value(before.measurement.value)
                    ),
                });
            }
            let mut m = wanted.clone();
            m.indicator = before.measurement.indicator.clone();
            m.author = before.measurement.author.clone();
            if same_content(&before.measurement, &m) {
                return Ok(before);
            }
            let indicator = indicator_for(tx, before.initiative_id, &m.indicator)?;
            rows::check_valid(m.validate(&indicator))?;
            if m.date != before.measurement.date {
                if let Some(existing) = on_date(tx, before.initiative_id, &m.indicator, m.date)? {
                    return Err(duplicate(&existing));
                }
            }
            if reason.is_empty() {
                let plan = latest_approved(tx, before.initiative_id)?;
                let g = go_live(tx, before.initiative_id)?;
                let fed = fed_checkpoint(
                    plan.as_ref(),
                    g,
                    &m.indicator,
                    before.measurement.date,
                    as_of,
                )
                .or_else(|| fed_checkpoint(plan.as_ref(), g, &m.indicator, m.date, as_of));
                if let Some((months, cp)) = fed {
                    return Err(reason_required(
                        &before.measurement,
                        months,
                        cp,
                        "ändringen",
                    ));
                }
            }
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
            record(
                tx,
                author,
                Change {
                    action: "ändrad",
                    entity: "measurement",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before.measurement),
                    after: Some(&after.measurement),
                    reason: &reason,
                },
            )?;
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
            let before = read_measurement(tx, id)?;
            if before.row_version != row_version {
                return Err(StoreError::Stale {
                    entity: format!(
                        "Mätningen av {} {}",
                        before.measurement.indicator,
                        crate::format::date(before.measurement.date)
                    ),
                    changes: "den har ändrats".to_string(),
                });
            }
            if reason.is_empty() {
                let plan = latest_approved(tx, before.initiative_id)?;
                let g = go_live(tx, before.initiative_id)?;
                let m = &before.measurement;
                if let Some((months, cp)) =
                    fed_checkpoint(plan.as_ref(), g, &m.indicator, m.date, as_of)
                {
                    return Err(reason_required(m, months, cp, "borttagningen"));
                }
            }
            tx.execute("DELETE FROM measurement WHERE id = ?1", [id])?;
            record::<_, ()>(
                tx,
                author,
                Change {
                    action: "borttagen",
                    entity: "measurement",
                    entity_id: Some(id),
                    initiative_id: Some(before.initiative_id),
                    before: Some(&before.measurement),
                    after: None,
                    reason: &reason,
                },
            )?;
            Ok(())
        })
    }

    /// Everything the follow-up needs for every initiative with an approved plan (or only
    /// `initiative_id`): its latest approved plan, its measurements as sorted series, and the
    /// annual values of the calculation lines its benefits link to.
    fn followup_data(&self, initiative_id: Option<i64>) -> Result<FollowUpData> {
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
                Ok((
                    row.get::<_, i64>("id")?,
                    row.get::<_, String>("code")?,
                    row.get::<_, String>("name")?,
                    row.get::<_, String>("organisation")?,
                    rows::choice(row, "phase", Phase::from_code)?.unwrap_or(Phase::Ide),
                    row.get::<_, i64>("council_tracked")? != 0,
                    rows::date(row, "go_live_date")?,
                    row.get::<_, u32>("version")?,
                    row.get::<_, String>("body")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The JSON of the plans and the calculations is parsed on a second thread while this
        // one reads the calculations and the measurements: on two cores the halves overlap
        // (`cargo xtask bench`, docs/prestanda.md). Only text crosses over (the calculations
        // through a channel, as soon as they are read); the connection stays on this thread.
        let mut position: HashMap<i64, usize> = HashMap::with_capacity(raw.len());
        for (at, row) in raw.iter().enumerate() {
            position.insert(row.0, at);
        }
        let bodies: Vec<(i64, &str)> = raw.iter().map(|row| (row.0, row.8.as_str())).collect();
        let mut series: Vec<MeasurementIndex> = vec![MeasurementIndex::new(); raw.len()];
        let (plans, mut linked) = std::thread::scope(|scope| -> Result<_> {
            let (send, receive) = std::sync::mpsc::channel::<CalculationRows>();
            let bodies = &bodies;
            let parser = scope.spawn(move || parse_plans_and_linked_lines(bodies, receive));
            let read = self.read_calculations(initiative_id).and_then(|calculations| {
                // A send fails only when the parser has stopped on an error, reported below.
                let _ = send.send(calculations);
                self.read_series(initiative_id, &position, &mut series)
            });
            let parsed = parser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            read?;
            parsed
        })?;
        let mut entries = Vec::with_capacity(raw.len());
        for ((row, plan), measurements) in raw.into_iter().zip(plans).zip(series) {
            let (id, code, name, organisation, phase, council_tracked, go_live, version, _) = row;
            let linked_lines = linked.remove(&id);
            entries.push(FollowUpEntry {
                initiative_id: id,
                code,
                name,
                organisation,
                phase,
                council_tracked,
                go_live,
                plan_version: version,
                plan,
                measurements,
                linked_lines,
                line_values: LineValueCache::default(),
            });
        }
        Ok(FollowUpData { entries })
    }
}

impl Register {
    /// One streaming pass over the covering index, building each initiative's series.
    fn read_series(
        &self,
        initiative_id: Option<i64>,
        position: &HashMap<i64, usize>,
        series_of: &mut [MeasurementIndex],
    ) -> Result<()> {
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
        // The series being read: its initiative's place in `entries` (None: no approved plan,
        // skipped) and its indicator code.
        let mut current_id: Option<i64> = None;
        let mut current_at: Option<usize> = None;
        let mut current_code = String::new();
        let mut series: Vec<Observation> = Vec::new();
        let mut flush = |at: Option<usize>, code: &str, series: &mut Vec<Observation>| {
            if let Some(at) = at {
                if !series.is_empty() {
                    // The next series is likely as long as this one: allocate it once.
                    let taken = std::mem::replace(series, Vec::with_capacity(series.len()));
                    series_of[at].insert_series(code, taken);
                }
            }
            series.clear();
        };
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if current_id != Some(id) {
                flush(current_at, &current_code, &mut series);
                current_id = Some(id);
                current_at = position.get(&id).copied();
                current_code.clear();
            }
            if current_at.is_none() {
                continue;
            }
            let code = text_bytes(row, 1)?;
            if code != current_code.as_bytes() {
                flush(current_at, &current_code, &mut series);
                current_code.clear();
                current_code.push_str(std::str::from_utf8(code).map_err(|_| corrupt("indikatorkod", &String::from_utf8_lossy(code)))?);
            }
            let date_text = text_bytes(row, 2)?;
            let date = fast_date(date_text).ok_or_else(|| corrupt("datum", &String::from_utf8_lossy(date_text)))?;
            let value_text = text_bytes(row, 3)?;
            let value = fast_decimal(value_text).ok_or_else(|| corrupt("värde", &String::from_utf8_lossy(value_text)))?;
            series.push(Observation::new(date, value));
        }
        flush(current_at, &current_code, &mut series);
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

/// Latest approved calculations as stored: (initiative id, body JSON, frozen factors JSON).
type CalculationRows = Vec<(i64, String, String)>;

/// The parsed plans, in order, and the linked calculation lines per initiative id.
type PlansAndLinkedLines = (Vec<Plan>, HashMap<i64, LinkedLines>);

/// The lines of a stored calculation (its body and frozen factors) that `keys` names, as
/// [`LinkedLines`]: the lines are first read as raw JSON and only the linked ones parsed in
/// full. A calculation has tens of lines and a plan links a few of them; parsing every line
/// of every calculation was a fifth of the portfolio's reading time (`cargo xtask bench`,
/// docs/prestanda.md). The store computes no value: the follow-up does.
fn linked_lines_of(body: &str, factors: &str, keys: &std::collections::HashSet<&str>) -> Result<LinkedLines> {
    use crate::model::calculation::{CalcLine, CalcSettings, LineKind};
    use serde_json::value::RawValue;
    #[derive(serde::Deserialize)]
    struct Lines<'a> {
        settings: CalcSettings,
        #[serde(default, borrow)]
        lines: Vec<&'a RawValue>,
    }
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(borrow)]
        key: std::borrow::Cow<'a, str>,
        kind: LineKind,
    }
    let calculation: Lines<'_> = serde_json::from_str(body)?;
    let mut lines = Vec::new();
    for raw in calculation.lines {
        let head: Head<'_> = serde_json::from_str(raw.get())?;
        if head.kind == LineKind::Nytta && keys.contains(head.key.as_ref()) {
            lines.push(serde_json::from_str::<CalcLine>(raw.get())?);
        }
    }
    // The factors are parsed only for a calculation that has a linked line.
    let factors = if lines.is_empty() { Vec::new() } else { serde_json::from_str(factors)? };
    Ok(LinkedLines { settings: calculation.settings, lines, factors })
}

/// The plans (initiative id and body, in order) and the linked lines of the calculations
/// (received once read) of the initiatives whose plans link a benefit to a calculation line
/// (only those are parsed). Runs on the second thread of `followup_data`.
fn parse_plans_and_linked_lines(
    bodies: &[(i64, &str)],
    calculations: std::sync::mpsc::Receiver<CalculationRows>,
) -> Result<PlansAndLinkedLines> {
    let mut plans = Vec::with_capacity(bodies.len());
    for (_, body) in bodies {
        plans.push(serde_json::from_str::<Plan>(body)?);
    }
    // The calculation lines each initiative's plan links to.
    let mut linked: HashMap<i64, std::collections::HashSet<&str>> = HashMap::new();
    for ((id, _), plan) in bodies.iter().zip(&plans) {
        let keys: std::collections::HashSet<&str> =
            plan.benefits.iter().filter_map(|b| b.calculation_line.as_deref()).collect();
        if !keys.is_empty() {
            linked.insert(*id, keys);
        }
    }
    let mut lines = HashMap::with_capacity(linked.len());
    // Nothing arrives when reading the calculations failed; that error is the reader's.
    for (id, body, factors) in calculations.recv().unwrap_or_default() {
        if let Some(keys) = linked.get(&id) {
            lines.insert(id, linked_lines_of(&body, &factors, keys)?);
        }
    }
    Ok((plans, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_decimal_agrees_with_from_str() {
        for text in [
            "0",
            "70",
            "-3",
            "3.5",
            "-0.25",
            "250000",
            "0.001",
            "-0",
            "12345678901234567.8",
            "123456789012345678901234.5",
            "1e5",
            "",
            "-",
            "1.",
            ".5",
            "1.2.3",
            "x",
        ] {
            assert_eq!(fast_decimal(text), Decimal::from_str(text).ok(), "{text:?}");
        }
    }

    #[test]
    fn fast_date_reads_iso_dates_and_refuses_the_rest() {
        assert_eq!(fast_date("2026-03-01"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            fast_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(fast_date("2026-02-30"), None);
        assert_eq!(fast_date("2026-0a-01"), None);
        assert_eq!(fast_date(""), None);
    }
}
