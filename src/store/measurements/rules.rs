//! The rules of measurements and the follow-up's assembly, shared by both stores: the file
//! register (`super`) and the shared register (`store::postgres::measurements`) each read
//! and write with their own statements and call these for everything else, so a
//! measurement is checked, refused and logged alike whichever database holds it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::followup::{
    checkpoint_date, window, FollowUpData, FollowUpEntry, LineValueCache, LinkedLines, MeasurementIndex, Observation,
};
use crate::model::initiative::Phase;
use crate::model::plan::{Indicator, Measurement, Plan};
use crate::model::{FieldError, StoredMeasurement};
use crate::store::audit::Change;
use crate::store::error::{Result, StoreError};
use crate::store::rows;

/// The reads the rules of a measurement edit make inside the edit's transaction, each store
/// with its own statements.
pub(in crate::store) trait MeasurementReads {
    /// The measurement `id`, or the not-found error (`mätning`).
    fn measurement(&mut self, id: i64) -> Result<StoredMeasurement>;
    /// The measurement of `code` on `date`, if any (there is at most one).
    fn on_date(&mut self, initiative_id: i64, code: &str, date: NaiveDate) -> Result<Option<StoredMeasurement>>;
    /// The plan of the latest approved version.
    fn latest_approved_plan(&mut self, initiative_id: i64) -> Result<Option<Plan>>;
    /// The plan of the latest version, approved or not.
    fn latest_plan(&mut self, initiative_id: i64) -> Result<Option<Plan>>;
    /// The initiative's code, or the not-found error (`insats`).
    fn initiative_code(&mut self, initiative_id: i64) -> Result<String>;
    /// The initiative's go-live date, or the not-found error (`insats`).
    fn go_live(&mut self, initiative_id: i64) -> Result<Option<NaiveDate>>;
}

/// What an added measurement does.
pub(in crate::store) enum Addition {
    /// An identical measurement is stored already: nothing changes, its id is the answer.
    Identical(i64),
    /// Store it.
    New,
}

/// Checks a measurement `m` (normalised, with its author) to be added to `initiative_id`: of
/// one of its indicators, in range, and not a second one on the same day.
pub(in crate::store) fn check_addition(
    reads: &mut impl MeasurementReads,
    initiative_id: i64,
    m: &Measurement,
) -> Result<Addition> {
    let indicator = indicator_for(reads, initiative_id, &m.indicator)?;
    rows::check_valid(m.validate(&indicator))?;
    match reads.on_date(initiative_id, &m.indicator, m.date)? {
        Some(existing) if same_content(&existing.measurement, m) => Ok(Addition::Identical(existing.id)),
        Some(existing) => Err(duplicate(&existing)),
        None => Ok(Addition::New),
    }
}

/// What an edit of a measurement does.
pub(in crate::store) enum Edit {
    /// The edit changes nothing: the stored measurement is the answer.
    Unchanged(StoredMeasurement),
    /// Store `after` over `before`.
    Change { before: StoredMeasurement, after: Measurement },
}

/// Checks an edit of measurement `id` that started from `row_version` to `wanted`
/// (normalised): not stale, in range, not onto another measurement's day, and with a
/// `reason` when the measurement fed — or would now feed — a checkpoint of the approved
/// plan that has passed by `as_of`.
pub(in crate::store) fn check_edit(
    reads: &mut impl MeasurementReads,
    id: i64,
    row_version: i64,
    wanted: &Measurement,
    reason: &str,
    as_of: NaiveDate,
) -> Result<Edit> {
    let before = reads.measurement(id)?;
    if before.row_version != row_version {
        return Err(StoreError::Stale {
            entity: stale_entity(&before.measurement),
            changes: format!("värdet är nu {}", crate::format::value(before.measurement.value)),
        });
    }
    // The indicator and the author stay the stored measurement's.
    let after = Measurement {
        indicator: before.measurement.indicator.clone(),
        author: before.measurement.author.clone(),
        ..wanted.clone()
    };
    if same_content(&before.measurement, &after) {
        return Ok(Edit::Unchanged(before));
    }
    let indicator = indicator_for(reads, before.initiative_id, &after.indicator)?;
    rows::check_valid(after.validate(&indicator))?;
    if after.date != before.measurement.date {
        if let Some(existing) = reads.on_date(before.initiative_id, &after.indicator, after.date)? {
            return Err(duplicate(&existing));
        }
    }
    if reason.is_empty() {
        let plan = reads.latest_approved_plan(before.initiative_id)?;
        let go_live = reads.go_live(before.initiative_id)?;
        let fed = fed_checkpoint(plan.as_ref(), go_live, &after.indicator, before.measurement.date, as_of)
            .or_else(|| fed_checkpoint(plan.as_ref(), go_live, &after.indicator, after.date, as_of));
        if let Some((months, cp)) = fed {
            return Err(reason_required(&before.measurement, months, cp, "ändringen"));
        }
    }
    Ok(Edit::Change { before, after })
}

/// Checks a deletion of measurement `id` that started from `row_version`: not stale, and
/// with a `reason` when it fed a checkpoint of the approved plan that has passed by `as_of`.
/// The measurement to delete is the answer.
pub(in crate::store) fn check_deletion(
    reads: &mut impl MeasurementReads,
    id: i64,
    row_version: i64,
    reason: &str,
    as_of: NaiveDate,
) -> Result<StoredMeasurement> {
    let before = reads.measurement(id)?;
    if before.row_version != row_version {
        return Err(StoreError::Stale { entity: stale_entity(&before.measurement), changes: "den har ändrats".to_string() });
    }
    if reason.is_empty() {
        let plan = reads.latest_approved_plan(before.initiative_id)?;
        let go_live = reads.go_live(before.initiative_id)?;
        let m = &before.measurement;
        if let Some((months, cp)) = fed_checkpoint(plan.as_ref(), go_live, &m.indicator, m.date, as_of) {
            return Err(reason_required(m, months, cp, "borttagningen"));
        }
    }
    Ok(before)
}

/// The audit row of an added measurement.
pub(in crate::store) fn added<'a>(id: i64, initiative_id: i64, m: &'a Measurement) -> Change<'a, (), Measurement> {
    Change {
        action: "skapad",
        entity: "measurement",
        entity_id: Some(id),
        initiative_id: Some(initiative_id),
        before: None,
        after: Some(m),
        reason: "",
    }
}

/// The audit row of an edited measurement.
pub(in crate::store) fn changed<'a>(
    before: &'a StoredMeasurement,
    after: &'a StoredMeasurement,
    reason: &'a str,
) -> Change<'a, Measurement, Measurement> {
    Change {
        action: "ändrad",
        entity: "measurement",
        entity_id: Some(before.id),
        initiative_id: Some(before.initiative_id),
        before: Some(&before.measurement),
        after: Some(&after.measurement),
        reason,
    }
}

/// The audit row of a deleted measurement.
pub(in crate::store) fn deleted<'a>(before: &'a StoredMeasurement, reason: &'a str) -> Change<'a, Measurement, ()> {
    Change {
        action: "borttagen",
        entity: "measurement",
        entity_id: Some(before.id),
        initiative_id: Some(before.initiative_id),
        before: Some(&before.measurement),
        after: None,
        reason,
    }
}

/// The indicator a measurement refers to: from the latest approved plan, else from the draft.
fn indicator_for(reads: &mut impl MeasurementReads, initiative_id: i64, code: &str) -> Result<Indicator> {
    let approved = reads.latest_approved_plan(initiative_id)?;
    if let Some(indicator) = approved.as_ref().and_then(|p| p.indicator(code)) {
        return Ok(indicator.clone());
    }
    if let Some(indicator) = reads.latest_plan(initiative_id)?.as_ref().and_then(|p| p.indicator(code)) {
        return Ok(indicator.clone());
    }
    let initiative = reads.initiative_code(initiative_id)?;
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
    plan: Option<&Plan>,
    go_live: Option<NaiveDate>,
    code: &str,
    date: NaiveDate,
    as_of: NaiveDate,
) -> Option<(u32, NaiveDate)> {
    let g = go_live?;
    let indicator = plan?.indicator(code)?;
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

fn stale_entity(m: &Measurement) -> String {
    format!("Mätningen av {} {}", m.indicator, crate::format::date(m.date))
}

/// A measurement as it is stored: texts trimmed, the value in its shortest form.
pub(in crate::store) fn normalised(m: &Measurement) -> Measurement {
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

/// A stored measurement that does not read back: the register holds what the program never
/// writes.
pub(in crate::store) fn corrupt(what: &str, text: &str) -> StoreError {
    StoreError::Refused(format!(
        "Registret innehåller en mätning med ogiltigt {what} ({text}). Kör `nytta check` och \
         kontakta den som förvaltar registret."
    ))
}

// ---- the follow-up's read ----------------------------------------------------------------

/// An initiative with an approved plan, as the follow-up reads it: the plan still as stored
/// JSON text.
pub(in crate::store) struct ApprovedPlanRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub phase: Phase,
    pub council_tracked: bool,
    pub go_live: Option<NaiveDate>,
    pub version: u32,
    pub body: String,
}

/// Latest approved calculations as stored: (initiative id, body JSON, frozen factors JSON).
pub(in crate::store) type CalculationRows = Vec<(i64, String, String)>;

/// The parsed plans, in order, and the linked calculation lines per initiative id.
type PlansAndLinkedLines = (Vec<Plan>, HashMap<i64, LinkedLines>);

/// The follow-up's data of `rows` (the initiatives with an approved plan, in order), with
/// the calculations and the measurement series a store reads.
///
/// The JSON of the plans and the calculations is parsed on a second thread while this one
/// reads the calculations and the measurements: on two cores the halves overlap (`cargo
/// xtask bench`, docs/prestanda.md). Only text crosses over (the calculations through a
/// channel, as soon as they are read); the connection stays on this thread.
pub(in crate::store) fn followup_from(
    rows: Vec<ApprovedPlanRow>,
    read_calculations: impl FnOnce() -> Result<CalculationRows>,
    read_series: impl FnOnce(&mut SeriesBuilder<'_>) -> Result<()>,
) -> Result<FollowUpData> {
    let mut position: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    for (at, row) in rows.iter().enumerate() {
        position.insert(row.id, at);
    }
    let mut series: Vec<MeasurementIndex> = vec![MeasurementIndex::new(); rows.len()];
    let (plans, mut linked) = parse_while_reading(&rows, read_calculations, || {
        let mut builder = SeriesBuilder::new(&position, &mut series);
        read_series(&mut builder)?;
        builder.finish();
        Ok(())
    })?;
    Ok(assemble(rows, plans, &mut linked, series))
}

/// The plans of `rows` and their linked calculation lines, parsed on a second thread while
/// this one reads the calculations (sent over as soon as they are read) and then whatever
/// `read_more` reads: on two cores the halves overlap. Only text crosses over; the
/// connection stays on this thread.
fn parse_while_reading(
    rows: &[ApprovedPlanRow],
    read_calculations: impl FnOnce() -> Result<CalculationRows>,
    read_more: impl FnOnce() -> Result<()>,
) -> Result<PlansAndLinkedLines> {
    let bodies: Vec<(i64, &str)> = rows.iter().map(|row| (row.id, row.body.as_str())).collect();
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::channel::<CalculationRows>();
        let bodies = &bodies;
        let parser = scope.spawn(move || parse_plans_and_linked_lines(bodies, receive));
        let read = read_calculations().and_then(|calculations| {
            // A send fails only when the parser has stopped on an error, reported below.
            let _ = send.send(calculations);
            read_more()
        });
        let parsed = joined(parser);
        read?;
        parsed
    })
}

/// The entries of `rows`, each with its plan, its measurements and its linked lines.
fn assemble(
    rows: Vec<ApprovedPlanRow>,
    plans: Vec<Plan>,
    linked: &mut HashMap<i64, LinkedLines>,
    series: Vec<MeasurementIndex>,
) -> FollowUpData {
    let mut entries = Vec::with_capacity(rows.len());
    for ((row, plan), measurements) in rows.into_iter().zip(plans).zip(series) {
        let linked_lines = linked.remove(&row.id);
        entries.push(FollowUpEntry {
            initiative_id: row.id,
            code: row.code,
            name: row.name,
            organisation: row.organisation,
            phase: row.phase,
            council_tracked: row.council_tracked,
            go_live: row.go_live,
            plan_version: row.version,
            plan,
            measurements,
            linked_lines,
            line_values: LineValueCache::default(),
        });
    }
    FollowUpData { entries }
}

/// One range of one initiative's indicator that [`status_data_from`] asks a store for
/// ([`crate::followup::MeasurementRange`] with the initiative).
pub(in crate::store) struct RangeQuery<'a> {
    pub initiative_id: i64,
    pub indicator_code: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pick: crate::followup::Pick,
}

/// The follow-up's data of `rows` as [`followup_from`] builds it, but with each indicator's
/// series holding only the measurements that statuses as of `as_of` look at
/// ([`crate::followup::status_ranges`]). `read_ranges` hands every measurement of each range
/// to its sink as (the range's place in the list, date, value), in any order and a
/// measurement possibly more than once (the ranges may overlap).
///
/// The ranges depend on the plans, the linked lines only on plans and calculations, so the
/// work is done in two overlapping halves on two threads: the plans are parsed while this
/// thread reads the calculations, and the linked lines are parsed while it reads the
/// ranges. The connection stays on this thread; only text and parsed plans cross over.
pub(in crate::store) fn status_data_from(
    rows: Vec<ApprovedPlanRow>,
    as_of: NaiveDate,
    read_calculations: impl FnOnce() -> Result<CalculationRows>,
    read_ranges: impl FnOnce(&[RangeQuery<'_>], &mut dyn FnMut(usize, NaiveDate, Decimal)) -> Result<()>,
) -> Result<FollowUpData> {
    let bodies: Vec<(i64, &str)> = rows.iter().map(|row| (row.id, row.body.as_str())).collect();
    // The other thread parses plans while this one reads the calculations, and then both
    // parse the plans left, taking a few at a time: with fixed halves the other thread was
    // done 7 ms before this one (docs/prestanda.md).
    let turns = Turns::new(bodies.len(), PLANS_PER_TAKE);
    let (plans, calculations) = std::thread::scope(|scope| {
        let parser = scope.spawn(|| parse_plans_taking(&bodies, &turns));
        let calculations = read_calculations();
        let mine = parse_plans_taking(&bodies, &turns);
        let plans = joined(parser).and_then(|theirs| Ok(in_order(mine?, theirs)));
        Ok::<_, StoreError>((plans?, calculations?))
    })?;
    let (indexes, mut linked) = std::thread::scope(|scope| {
        let (bodies, plans) = (&bodies, &plans);
        let linker = scope.spawn(move || linked_lines(bodies, plans, calculations));
        let indexes = read_status_series(&rows, plans, as_of, read_ranges);
        let linked = joined(linker);
        Ok::<_, StoreError>((indexes?, linked?))
    })?;
    drop(bodies);
    Ok(assemble(rows, plans, &mut linked, indexes))
}

/// Each initiative's series of the measurements that statuses as of `as_of` look at: every
/// range of every plan, read by `read_ranges` in one go.
fn read_status_series(
    rows: &[ApprovedPlanRow],
    plans: &[Plan],
    as_of: NaiveDate,
    read_ranges: impl FnOnce(&[RangeQuery<'_>], &mut dyn FnMut(usize, NaiveDate, Decimal)) -> Result<()>,
) -> Result<Vec<MeasurementIndex>> {
    // Every range, and for each the (initiative, indicator) series it fills.
    let mut queries = Vec::new();
    let mut series_of_query = Vec::new();
    let mut series: Vec<(usize, &str, Vec<Observation>)> = Vec::new();
    for (at, (row, plan)) in rows.iter().zip(plans).enumerate() {
        let mut previous: Option<&str> = None;
        for range in crate::followup::status_ranges(plan, row.go_live, as_of) {
            if previous != Some(range.indicator_code) {
                series.push((at, range.indicator_code, Vec::new()));
                previous = Some(range.indicator_code);
            }
            series_of_query.push(series.len() - 1);
            queries.push(RangeQuery {
                initiative_id: row.id,
                indicator_code: range.indicator_code,
                from: range.from,
                to: range.to,
                pick: range.pick,
            });
        }
    }
    read_ranges(&queries, &mut |query, date, value| {
        if let Some(&s) = series_of_query.get(query) {
            series[s].2.push(Observation::new(date, value));
        }
    })?;
    let mut indexes: Vec<MeasurementIndex> = vec![MeasurementIndex::new(); rows.len()];
    for (at, code, mut list) in series {
        if list.is_empty() {
            continue;
        }
        // A date holds at most one measurement of an indicator (the schema's unique key), so
        // the same date twice is the same measurement read by two overlapping ranges.
        list.sort_by_key(|o| o.date);
        list.dedup_by_key(|o| o.date);
        indexes[at].insert_series(code, list);
    }
    Ok(indexes)
}

/// The places `0..len` of a list that threads work through together, handed out a few at a
/// time to whichever thread asks next: the threads finish together however unevenly fast
/// they are, which fixed shares did not (docs/prestanda.md).
pub(in crate::store) struct Turns {
    next: std::sync::atomic::AtomicUsize,
    len: usize,
    per_take: usize,
}

impl Turns {
    pub fn new(len: usize, per_take: usize) -> Self {
        Turns { next: std::sync::atomic::AtomicUsize::new(0), len, per_take: per_take.max(1) }
    }

    /// The next places not yet taken; `None` once every place is.
    pub fn take(&self) -> Option<std::ops::Range<usize>> {
        let start = self.next.fetch_add(self.per_take, std::sync::atomic::Ordering::Relaxed);
        (start < self.len).then(|| start..self.len.min(start + self.per_take))
    }

    /// No place is handed out after this: a thread that failed stops the others.
    pub fn stop(&self) {
        self.next.store(self.len, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A scoped thread's result, its panic carried on to this thread.
pub(in crate::store) fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Builds each initiative's series from one pass over the measurements in (initiative,
/// indicator, date) order — any order that keeps an initiative's indicator together.
pub(in crate::store) struct SeriesBuilder<'a> {
    /// Each read initiative's place in the series.
    position: &'a HashMap<i64, usize>,
    series_of: &'a mut [MeasurementIndex],
    current_id: Option<i64>,
    /// The current initiative's place (None: no approved plan, its rows skipped).
    current_at: Option<usize>,
    current_code: String,
    series: Vec<Observation>,
}

impl<'a> SeriesBuilder<'a> {
    fn new(position: &'a HashMap<i64, usize>, series_of: &'a mut [MeasurementIndex]) -> Self {
        SeriesBuilder { position, series_of, current_id: None, current_at: None, current_code: String::new(), series: Vec::new() }
    }

    /// Moves to the rows of initiative `id`; false when it is not read (its row is skipped).
    pub fn initiative(&mut self, id: i64) -> bool {
        if self.current_id != Some(id) {
            self.flush();
            self.current_id = Some(id);
            self.current_at = self.position.get(&id).copied();
            self.current_code.clear();
        }
        self.current_at.is_some()
    }

    /// Moves to the series of indicator `code` (as stored: bytes, checked only when new).
    pub fn indicator(&mut self, code: &[u8]) -> Result<()> {
        if code != self.current_code.as_bytes() {
            self.flush();
            self.current_code.clear();
            let text = std::str::from_utf8(code).map_err(|_| corrupt("indikatorkod", &String::from_utf8_lossy(code)))?;
            self.current_code.push_str(text);
        }
        Ok(())
    }

    pub fn push(&mut self, date: NaiveDate, value: Decimal) {
        self.series.push(Observation::new(date, value));
    }

    fn flush(&mut self) {
        if let Some(at) = self.current_at {
            if !self.series.is_empty() {
                // The next series is likely as long as this one: allocate it once.
                let next = Vec::with_capacity(self.series.len());
                let taken = std::mem::replace(&mut self.series, next);
                self.series_of[at].insert_series(self.current_code.as_str(), taken);
            }
        }
        self.series.clear();
    }

    fn finish(mut self) {
        self.flush();
    }
}

/// The lines of a stored calculation (its body and frozen factors) that `keys` names, as
/// [`LinkedLines`]: only the linked lines are parsed in full, and the body is scanned once
/// ([`super::linked`]). A calculation has tens of lines and a plan links a few of them;
/// parsing every line of every calculation was a fifth of the portfolio's reading time
/// (`cargo xtask bench`, docs/prestanda.md). The store computes no value: the follow-up does.
fn linked_lines_of(body: &str, factors: &str, keys: &HashSet<&str>) -> Result<LinkedLines> {
    let (settings, lines) = super::linked::settings_and_linked_lines(body, keys)?;
    // The factors are parsed only for a calculation that has a linked line.
    let factors = if lines.is_empty() { Vec::new() } else { serde_json::from_str(factors)? };
    Ok(LinkedLines { settings, lines, factors })
}

/// The plans (initiative id and body, in order) and the linked lines of the calculations
/// (received once read) of the initiatives whose plans link a benefit to a calculation line
/// (only those are parsed). Runs on the second thread of [`parse_while_reading`].
fn parse_plans_and_linked_lines(
    bodies: &[(i64, &str)],
    calculations: std::sync::mpsc::Receiver<CalculationRows>,
) -> Result<PlansAndLinkedLines> {
    let plans = parse_plans(bodies)?;
    // Nothing arrives when reading the calculations failed; that error is the reader's.
    let lines = linked_lines(bodies, &plans, calculations.recv().unwrap_or_default())?;
    Ok((plans, lines))
}

/// How many plans a thread of [`status_data_from`] takes at a time from those left to parse.
const PLANS_PER_TAKE: usize = 16;

/// The plans of `bodies` (initiative id and body) that this thread takes from `turns` until
/// none are left, each with its place.
fn parse_plans_taking(bodies: &[(i64, &str)], turns: &Turns) -> Result<Vec<(usize, Plan)>> {
    let mut plans = Vec::new();
    while let Some(taken) = turns.take() {
        for at in taken {
            plans.push((at, serde_json::from_str::<Plan>(bodies[at].1)?));
        }
    }
    Ok(plans)
}

/// The plans two threads parsed, in their places' order: every place was taken by one of
/// them, once.
fn in_order(mine: Vec<(usize, Plan)>, theirs: Vec<(usize, Plan)>) -> Vec<Plan> {
    let mut plans: Vec<(usize, Plan)> = mine.into_iter().chain(theirs).collect();
    plans.sort_unstable_by_key(|(at, _)| *at);
    plans.into_iter().map(|(_, plan)| plan).collect()
}

/// The plans of `bodies` (initiative id and body, in order).
fn parse_plans(bodies: &[(i64, &str)]) -> Result<Vec<Plan>> {
    bodies.iter().map(|(_, body)| Ok(serde_json::from_str::<Plan>(body)?)).collect()
}

/// The linked lines of `calculations` for the initiatives whose plans (in the order of
/// `bodies`) link a benefit to a calculation line; only those calculations are parsed.
fn linked_lines(bodies: &[(i64, &str)], plans: &[Plan], calculations: CalculationRows) -> Result<HashMap<i64, LinkedLines>> {
    // The calculation lines each initiative's plan links to.
    let mut linked: HashMap<i64, HashSet<&str>> = HashMap::new();
    for ((id, _), plan) in bodies.iter().zip(plans) {
        let keys: HashSet<&str> = plan.benefits.iter().filter_map(|b| b.calculation_line.as_deref()).collect();
        if !keys.is_empty() {
            linked.insert(*id, keys);
        }
    }
    let mut lines = HashMap::with_capacity(linked.len());
    for (id, body, factors) in calculations {
        if let Some(keys) = linked.get(&id) {
            lines.insert(id, linked_lines_of(&body, &factors, keys)?);
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo register's plan bodies, each several times over, with their initiative ids.
    fn demo_bodies() -> Vec<(i64, String)> {
        let dir = tempfile::tempdir().unwrap();
        let register = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        let bodies: Vec<(i64, String)> = register
            .conn()
            .prepare("SELECT initiative_id, body FROM plan_version ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!bodies.is_empty());
        bodies.iter().cycle().take(10 * PLANS_PER_TAKE + 3).cloned().collect()
    }

    #[test]
    fn plans_parsed_by_two_threads_taking_turns_come_out_as_parsed_in_order() {
        let owned = demo_bodies();
        let bodies: Vec<(i64, &str)> = owned.iter().map(|(id, body)| (*id, body.as_str())).collect();
        let turns = Turns::new(bodies.len(), PLANS_PER_TAKE);
        let (mine, theirs) = std::thread::scope(|scope| {
            let other = scope.spawn(|| parse_plans_taking(&bodies, &turns).unwrap());
            (parse_plans_taking(&bodies, &turns).unwrap(), other.join().unwrap())
        });
        assert_eq!(mine.len() + theirs.len(), bodies.len());
        assert_eq!(in_order(mine, theirs), parse_plans(&bodies).unwrap());
    }

    #[test]
    fn turns_hand_out_every_place_once_in_takes_of_the_size_asked_and_none_after_a_stop() {
        let turns = Turns::new(10, 4);
        assert_eq!([turns.take(), turns.take(), turns.take(), turns.take()], [Some(0..4), Some(4..8), Some(8..10), None]);
        let stopped = Turns::new(10, 4);
        assert_eq!(stopped.take(), Some(0..4));
        stopped.stop();
        assert_eq!(stopped.take(), None);
        assert_eq!(Turns::new(0, 4).take(), None);
    }

    #[test]
    fn a_plan_that_does_not_parse_is_the_error_of_the_thread_that_took_it() {
        let owned = demo_bodies();
        let mut bodies: Vec<(i64, &str)> = owned.iter().map(|(id, body)| (*id, body.as_str())).collect();
        bodies[PLANS_PER_TAKE + 1].1 = "{\"benefits\": [";
        let turns = Turns::new(bodies.len(), PLANS_PER_TAKE);
        assert!(matches!(parse_plans_taking(&bodies, &turns), Err(StoreError::InternalData(_))));
    }
}
