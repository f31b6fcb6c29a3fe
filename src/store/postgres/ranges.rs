//! The measurements a portfolio's statuses look at ([`crate::followup::status_ranges`]),
//! read from the shared register over two connections at once.
//!
//! Each range is one seek in the index `measurement_series`, and a city's portfolio has tens
//! of thousands of them: the server spends its time seeking, one range after the other, on
//! one core. A large portfolio's read therefore opens a second connection that sees the same
//! snapshot as the first (`pg_export_snapshot`), so that everything read is of one moment:
//! it reads the calculations while the first reads the plans, then half the ranges while the
//! first reads the other half, and is closed. On the project's two-core machine this took
//! the portfolio's statuses from 340 ms to under 300 (`cargo xtask bench`,
//! docs/prestanda.md). Should the second connection not open or fail, the first reads its
//! part too: the answer is the same, only slower.

use chrono::NaiveDate;
use postgres::fallible_iterator::FallibleIterator;
use postgres::Client;
use rust_decimal::Decimal;

use super::conninfo::ConnInfo;
use crate::followup::Pick;
use crate::store::measurements::rules::{joined, RangeQuery};
use crate::store::Result;

/// Fewer plans than this are read over one connection: a second would cost more to open
/// than it saves.
const TWO_CONNECTIONS_FROM_PLANS: i64 = 200;

/// One measurement of a range: the range's place in the list, the date and the value.
type RangeRow = (usize, NaiveDate, Decimal);

/// Every range's measurement in one statement: the ranges go to the server as arrays, and
/// each is one seek in the index `measurement_series` (the latest of the range read
/// backwards from its end, the earliest forwards from its start; the other branch is left
/// out by its one-time filter), so the cost follows the number of indicators and
/// checkpoints, not of measurements. The indicator codes go once each (`$6`), the ranges
/// naming them by number: a portfolio has few codes and many ranges, and a text array costs
/// the server far more to take in than a number array.
const RANGES_SQL: &str = "SELECT w.n, m.date, m.value
     FROM unnest($1::bigint[], $2::int[], $3::date[], $4::date[], $5::bool[])
          WITH ORDINALITY AS w(initiative_id, code_no, date_from, date_to, earliest, n)
     CROSS JOIN LATERAL (
         (SELECT date, value FROM measurement
          WHERE NOT w.earliest AND initiative_id = w.initiative_id
            AND indicator_code = ($6::text[])[w.code_no] AND date BETWEEN w.date_from AND w.date_to
          ORDER BY date DESC LIMIT 1)
         UNION ALL
         (SELECT date, value FROM measurement
          WHERE w.earliest AND initiative_id = w.initiative_id
            AND indicator_code = ($6::text[])[w.code_no] AND date BETWEEN w.date_from AND w.date_to
          ORDER BY date LIMIT 1)) m";

/// How the ranges' statement is to be planned, said in the transaction for it alone. The
/// planner cannot know how many ranges the arrays hold and guesses few, so it puts a Memoize
/// cache over the seeks; every range is a key of its own, the cache is never hit and costs a
/// third of the statement's time. And a plan made for the arrays' values (a custom plan, at
/// each bind) took 20–30 ms of planning tens of thousands of elements to the same plan as
/// the generic one.
pub(super) const PLANNING: &str = "SET LOCAL enable_memoize = off; SET LOCAL plan_cache_mode = force_generic_plan";

/// The snapshot a second connection is to see, when the portfolio is large enough for one:
/// exported from `first`'s transaction.
pub(super) fn snapshot_for_a_second_connection(first: &mut Client) -> Result<Option<String>> {
    let plans: i64 = first
        .query_one("SELECT count(DISTINCT initiative_id) FROM plan_version WHERE status = 'approved'", &[])?
        .get(0);
    if plans < TWO_CONNECTIONS_FROM_PLANS {
        return Ok(None);
    }
    let snapshot: String = first.query_one("SELECT pg_export_snapshot()", &[])?.get(0);
    // The server's own identifier (hex digits and dashes); checked, for it is spliced in.
    Ok((!snapshot.is_empty() && snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(snapshot))
}

/// The second connection with what `first_read` read on it, in `snapshot`, its transaction
/// left open for its half of the ranges; `None` when it could not be opened or read.
type Opened<T> = Option<(Client, T)>;

/// Opens the second connection on a thread of `scope`, in `snapshot`, and reads
/// `first_read` on it while the caller goes on reading on the first.
pub(super) fn open_second<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    info: &'scope ConnInfo,
    snapshot: String,
    first_read: impl FnOnce(&mut Client) -> Result<T> + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, Opened<T>> {
    scope.spawn(move || {
        let mut client = super::connect(info).ok()?;
        client
            .batch_execute(&format!(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'; {PLANNING}"
            ))
            .ok()?;
        let read = first_read(&mut client).ok()?;
        Some((client, read))
    })
}

/// What [`open_second`] opened and read, once it is done.
pub(super) fn opened<T>(opening: std::thread::ScopedJoinHandle<'_, Opened<T>>) -> Opened<T> {
    joined(opening)
}

/// Reads `ranges` into `sink`: the first half on `first` (inside the caller's snapshot), the
/// second at the same time on `second`, if there is one (in the same snapshot, its
/// transaction ended here).
pub(super) fn read_ranges(
    first: &mut Client,
    second: Option<Client>,
    ranges: &[RangeQuery<'_>],
    sink: &mut dyn FnMut(usize, NaiveDate, Decimal),
) -> Result<()> {
    let Some(mut second) = second else { return stream_ranges(first, ranges, 0, sink) };
    let half = ranges.len() / 2;
    let (mine, theirs) = ranges.split_at(half);
    let (read, other) = std::thread::scope(|scope| {
        let other = scope.spawn(|| collected_ranges(&mut second, theirs));
        let read = stream_ranges(first, mine, 0, sink);
        (read, joined(other))
    });
    read?;
    match other {
        Ok(rows) => {
            for (n, date, value) in rows {
                sink(n + half, date, value);
            }
            Ok(())
        }
        // The second connection's failure costs only time: its half is read here.
        Err(_) => stream_ranges(first, theirs, half, sink),
    }
}

/// `ranges`' measurements on `client`, each handed to `sink` with its range's place plus
/// `offset`, streamed so that the rows are taken apart while the server still seeks.
fn stream_ranges(
    client: &mut Client,
    ranges: &[RangeQuery<'_>],
    offset: usize,
    sink: &mut dyn FnMut(usize, NaiveDate, Decimal),
) -> Result<()> {
    let ids: Vec<i64> = ranges.iter().map(|r| r.initiative_id).collect();
    let mut codes: Vec<&str> = Vec::new();
    let mut numbers: std::collections::HashMap<&str, i32> = std::collections::HashMap::new();
    let code_numbers: Vec<i32> = ranges
        .iter()
        .map(|r| {
            // Array subscripts count from 1.
            *numbers.entry(r.indicator_code).or_insert_with(|| {
                codes.push(r.indicator_code);
                codes.len() as i32
            })
        })
        .collect();
    let froms: Vec<NaiveDate> = ranges.iter().map(|r| r.from).collect();
    let tos: Vec<NaiveDate> = ranges.iter().map(|r| r.to).collect();
    let earliest: Vec<bool> = ranges.iter().map(|r| r.pick == Pick::Earliest).collect();
    let params: [&(dyn postgres::types::ToSql + Sync); 6] = [&ids, &code_numbers, &froms, &tos, &earliest, &codes];
    let mut rows = client.query_raw(RANGES_SQL, params)?;
    while let Some(row) = rows.next()? {
        // ORDINALITY counts from 1.
        let n: i64 = row.try_get(0)?;
        let value: Decimal = row.try_get(2)?;
        sink(offset + (n - 1) as usize, row.try_get(1)?, value.normalize());
    }
    Ok(())
}

/// `ranges`' measurements on the second connection, collected (the sink stays with the
/// first); its transaction is ended either way.
fn collected_ranges(client: &mut Client, ranges: &[RangeQuery<'_>]) -> Result<Vec<RangeRow>> {
    let mut rows = Vec::new();
    let read = stream_ranges(client, ranges, 0, &mut |n, date, value| rows.push((n, date, value)));
    let ended = client.batch_execute(if read.is_ok() { "COMMIT" } else { "ROLLBACK" });
    read?;
    ended?;
    Ok(rows)
}
