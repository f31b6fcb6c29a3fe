//! The council pack typeset in parts (issue 19).
//!
//! typst lays out a whole document before it writes any of it, and keeps every page's frames,
//! tags and memoised layout until the PDF is written: a pack with 200 council-tracked
//! initiatives and 4 000 charts (550 pages) needed 1,35 GB. Typeset a few initiatives at a
//! time, typst holds only their pages; what it memoised is evicted between parts.
//!
//! 1. **Page parts** (`council_pages.typ`): [`INITIATIVES_PER_PART`] initiatives' pages each,
//!    with the page's margins but no header or footer. Each initiative starts on a new page,
//!    so how many pages it takes does not depend on where it lands; the parts' outlines say
//!    how many that is ([`Joiner::add_pages`]).
//! 2. **The front part** (`council.typ`, typeset last): the cover, its contents and every
//!    section before the initiatives, then for each initiative as many *stand-in* pages as it
//!    took, its heading hidden on the first. typst then numbers every page, lists every
//!    initiative in the contents with its page and writes "Sida X av Y" with the whole pack's
//!    count, as it does for the pack in one piece.
//! 3. **Joining** ([`super::join`]): the front part with its stand-in pages replaced by the
//!    page parts' pages, each drawn under its stand-in's header and footer.
//!
//! A pack with at most [`INITIATIVES_PER_PART`] initiatives is typeset in one piece, exactly as
//! before (the demo register's pack is byte for byte the same). A pack in parts has the same
//! pages as the pack in one piece (a test compares the two as pictures); its bytes differ, as
//! each part embeds its own subsets of the fonts.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use typst::foundations::Bytes;

use super::data::{Council, Report};
use super::join::Joiner;
use super::pdf::{self, Job, Pdf};
use super::{Phase, ReportError};

/// Initiatives per page part: with 10–30 indicators each, about 40 pages and 300 charts, a
/// part's typesetting needs some tens of megabytes. Parts of 4, 8, 16 and 32 initiatives made
/// the benchmark's pack in about the same time, 16 a little faster; typesetting two parts at
/// once on the two cores did not make it faster, as typst already lays out a part's pages in
/// parallel (docs/prestanda.md).
pub const INITIATIVES_PER_PART: usize = 16;

/// One initiative's pages, as the front part stands in for them.
#[derive(serde::Serialize)]
struct StandIn<'a> {
    code: &'a str,
    name: &'a str,
    pages: usize,
}

/// Typesets `report` (the council pack's data) in one piece when it has at most `per_part`
/// council-tracked initiatives, else in parts of `per_part` initiatives, joined.
pub fn council_pack(
    mut report: Report<Council>,
    date: NaiveDate,
    per_part: usize,
    progress: &mut dyn FnMut(Phase),
) -> Result<Pdf, ReportError> {
    let per_part = per_part.max(1);
    let ident = format!("nyttoregistret{}{}", pdf::COUNCIL.path, report.ident);
    if report.data.pages.len() <= per_part {
        let data = json(&report.data)?;
        return pdf::render(&Job { template: pdf::COUNCIL, data, charts: &report.charts, date, ident, archival: true }, progress);
    }

    progress(Phase::Typesetting);
    let pages = std::mem::take(&mut report.data.pages);
    // What every part reads besides its initiatives: the titles, the running head and foot, the
    // legend. Serialised once; each part adds its own pages.
    let Value::Object(common) = serde_json::to_value(&report.data).map_err(|e| ReportError::Data(e.to_string()))? else {
        return Err(ReportError::Data("rådsrapportens data är inget objekt".into()));
    };
    let mut joiner = Joiner::new();
    let mut stand_ins = Vec::with_capacity(pages.len());
    let mut not_pdf_a = None;
    for (index, chunk) in pages.chunks(per_part).enumerate() {
        let mut data = common.clone();
        data.insert("pages".into(), serde_json::to_value(chunk).map_err(|e| ReportError::Data(e.to_string()))?);
        let job = Job {
            template: pdf::COUNCIL_PAGES,
            data: json(&data)?,
            charts: &report.charts,
            date,
            ident: format!("{ident}#{index}"),
            archival: true,
        };
        let part = pdf::render(&job, &mut |_| {})?;
        not_pdf_a = not_pdf_a.or(part.not_pdf_a);
        let counts = joiner.add_pages(&part.bytes)?;
        if counts.len() != chunk.len() {
            return Err(ReportError::Pdf(format!(
                "rådsrapportens del {} har {} insatser men {} bokmärken",
                index + 1,
                chunk.len(),
                counts.len()
            )));
        }
        stand_ins.extend(chunk.iter().zip(counts).map(|(page, pages)| StandIn { code: &page.code, name: &page.name, pages }));
    }

    progress(Phase::Writing);
    let mut data = common;
    data.insert("pages".into(), Value::Array(Vec::new()));
    data.insert("stand_ins".into(), serde_json::to_value(&stand_ins).map_err(|e| ReportError::Data(e.to_string()))?);
    // The front shows none of the initiatives' pages or charts: they are freed before it is
    // typeset, for its pages to use (docs/prestanda.md).
    drop(stand_ins);
    drop(pages);
    let shown = charts_named(&data);
    for (index, chart) in report.charts.iter_mut().enumerate() {
        if !shown.contains(&pdf::chart_path(index)) {
            *chart = Bytes::new(Vec::new());
        }
    }
    // The front carries the file's PDF/A claim: only when every page part could be PDF/A.
    let front = Job { template: pdf::COUNCIL, data: json(&data)?, charts: &report.charts, date, ident, archival: not_pdf_a.is_none() };
    let front = pdf::render(&front, &mut |_| {})?;
    let not_pdf_a = not_pdf_a.or(front.not_pdf_a);
    Ok(Pdf { bytes: joiner.finish(&front.bytes)?, not_pdf_a })
}

/// The chart files ([`pdf::chart_path`]) a report's data names, wherever in it.
fn charts_named(data: &Map<String, Value>) -> HashSet<String> {
    let mut named = HashSet::new();
    let mut pending: Vec<&Value> = data.values().collect();
    while let Some(value) = pending.pop() {
        match value {
            Value::String(text) if text.starts_with("/charts/") => {
                named.insert(text.clone());
            }
            Value::Array(items) => pending.extend(items),
            Value::Object(fields) => pending.extend(fields.values()),
            _ => {}
        }
    }
    named
}

fn json<T: serde::Serialize>(data: &T) -> Result<Vec<u8>, ReportError> {
    serde_json::to_vec(data).map_err(|e| ReportError::Data(e.to_string()))
}
