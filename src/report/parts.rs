//! The council pack typeset in parts (issue 19).
//!
//! typst lays out a whole document before it writes any of it, and keeps every page's frames,
//! tags and memoised layout until the PDF is written: a pack with 200 council-tracked
//! initiatives and 4 000 charts (550 pages) needed 1,35 GB. Typeset a section or a few
//! initiatives at a time, typst holds only their pages; what it memoised is evicted between
//! parts.
//!
//! 1. **Section parts** (`council_section.typ`): each of the pack's sections
//!    ([`COUNCIL_SECTIONS`]), with the page's margins but no header or footer. Each section
//!    starts on a new page (in one piece too), so how many pages it takes does not depend on
//!    where it lands; its one top-level bookmark says how many that is.
//! 2. **Page parts** (`council_pages.typ`): [`INITIATIVES_PER_PART`] initiatives' pages each,
//!    likewise. Each initiative starts on a new page; the parts' outlines say how many pages
//!    each took ([`Joiner::add_pages`]). A part is laid out on a thread of its own while the
//!    part before it is written and joined ([`in_turn`]).
//! 3. **The front part** (`council.typ`, typeset last): the cover and its contents, then for
//!    each section and each initiative as many *stand-in* pages as it took, its heading hidden
//!    on the first. typst then numbers every page, lists every section and initiative in the
//!    contents with its page and writes "Sida X av Y" with the whole pack's count, as it does
//!    for the pack in one piece.
//! 4. **Joining** ([`super::join`]): the front part with its stand-in pages replaced by the
//!    other parts' pages, each drawn under its stand-in's header and footer.
//!
//! A pack with at most [`INITIATIVES_PER_PART`] initiatives is typeset in one piece. A pack in
//! parts has the same pages as the pack in one piece (a test compares the two as pictures); its
//! bytes differ, as each part embeds its own subsets of the fonts.

use chrono::NaiveDate;
use serde_json::Value;

use super::data::{Council, Report};
use super::join::Joiner;
use super::pdf::{self, Job, Pdf};
use super::{Phase, ReportError};

/// Initiatives per page part: with 10–30 indicators each, about 40 pages and 300 charts, a
/// part's typesetting needs some tens of megabytes. Parts of 4, 8, 16 and 32 initiatives made
/// the benchmark's pack in about the same time, 16 a little faster (docs/prestanda.md).
pub const INITIATIVES_PER_PART: usize = 16;

/// The stack of the thread that lays out the page parts: typst's layout recurses deeper than
/// a spawned thread's default 2 MiB allows for; the main thread has 8.
const LAYOUT_STACK: usize = 16 * 1024 * 1024;

/// Laid-out parts that may wait to be written while the next is laid out. Parts take each side
/// from 40 to 500 ms, unevenly: with none waiting, each side waited for the other's slower
/// parts (the pack 0,1–0,2 s slower). The largest part, laid out first, sets the memory's
/// peak either way (docs/prestanda.md).
const WAITING_PARTS: usize = 1;

/// The council pack's sections in the pack's order, by the ids `council_sections.typ` gives
/// them, each with the lists of the pack's data it shows (a test holds the ids to the
/// template's order and the lists to what each section reads). Each starts on a page of its
/// own, so that each can be typeset in a part of its own.
///
/// The lists are most of the pack's data (6 MB of JSON on the benchmark register), which
/// typst parses once per part and hashes whenever a function is called with it: each section
/// part gets only its own lists, and the initiatives' page parts and the front none.
pub const COUNCIL_SECTIONS: [(&str, &[&str]); 8] = [
    ("att-besluta", &["benefit_loop"]),
    ("avvikande-nyttor", &["benefit_loop"]),
    ("effekthemtagning", &["benefit_loop"]),
    ("portfoljoversikt", &["overview"]),
    ("sarskilt-foljda", &["tracked"]),
    ("avvikelser", &["deviations", "deviations_left_out"]),
    ("uppfoljning", &["due", "due_left_out", "missing", "missing_left_out"]),
    ("kalibrering", &["benefit_loop"]),
];

/// Whether `key` of the pack's data is one of the sections' lists.
fn section_list(key: &str) -> bool {
    COUNCIL_SECTIONS.iter().any(|(_, lists)| lists.contains(&key))
}

/// One initiative's pages, as the front part stands in for them.
#[derive(serde::Serialize)]
struct StandIn<'a> {
    code: &'a str,
    name: &'a str,
    pages: usize,
}

/// One section's pages, as the front part stands in for them.
#[derive(serde::Serialize)]
struct SectionStandIn {
    id: &'static str,
    pages: usize,
}

/// Typesets `report` (the council pack's data) in one piece when it has at most `per_part`
/// council-tracked initiatives, else in parts — each section, then the initiatives' pages
/// `per_part` initiatives a part, then the front — joined.
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

    // What reading the register left free goes back to the system before the parts are typeset.
    pdf::release_freed_memory();
    progress(Phase::Typesetting);
    let pages = std::mem::take(&mut report.data.pages);
    // What every part reads besides its section or initiatives: the titles, the running head
    // and foot, the legend; the sections' lists only the section parts. Serialised once; each
    // part adds what it shows.
    let Value::Object(common) = serde_json::to_value(&report.data).map_err(|e| ReportError::Data(e.to_string()))? else {
        return Err(ReportError::Data("rådsrapportens data är inget objekt".into()));
    };
    let mut joiner = Joiner::new()?;
    let mut section_stand_ins = Vec::with_capacity(COUNCIL_SECTIONS.len());
    let mut stand_ins = Vec::with_capacity(pages.len());
    let mut not_pdf_a = None;
    let chunks: Vec<&[_]> = pages.chunks(per_part).collect();
    let sections = COUNCIL_SECTIONS.len();
    let mut without_lists = common.clone();
    without_lists.retain(|key, _| !section_list(key));
    let job = |index: usize| -> Result<Job<'_>, ReportError> {
        let (template, data) = match COUNCIL_SECTIONS.get(index) {
            Some((id, lists)) => {
                let mut data = without_lists.clone();
                for key in *lists {
                    if let Some(list) = common.get(*key) {
                        data.insert((*key).into(), list.clone());
                    }
                }
                data.insert("section".into(), Value::String((*id).into()));
                (pdf::COUNCIL_SECTION, data)
            }
            None => {
                let mut data = without_lists.clone();
                let chunk = serde_json::to_value(chunks[index - sections]).map_err(|e| ReportError::Data(e.to_string()))?;
                data.insert("pages".into(), chunk);
                (pdf::COUNCIL_PAGES, data)
            }
        };
        Ok(Job { template, data: json(&data)?, charts: &report.charts, date, ident: format!("{ident}#{index}"), archival: true })
    };
    let lay_out = |index| job(index).and_then(|job| pdf::lay_out(&job, &mut |_| {}));
    in_turn(sections + chunks.len(), lay_out, |index, part| {
        let part = pdf::write(part)?;
        not_pdf_a = not_pdf_a.take().or(part.not_pdf_a);
        // What the part's PDF and its joining freed is not given back to the system here: the
        // next part's export takes the same again, and giving it back and taking it anew cost
        // 0,1–0,2 s of the benchmark's pack for 0–15 MB lower peak (docs/prestanda.md). The
        // layout's memoisation, the large part, is given back after each layout (`pdf::lay_out`).
        let counts = joiner.add_pages(&part.bytes)?;
        if let Some((id, _)) = COUNCIL_SECTIONS.get(index) {
            // A section's one bookmark is its level-1 heading, on its first page.
            let [pages] = counts[..] else {
                return Err(ReportError::Pdf(format!("rådsrapportens avsnitt {id} har {} bokmärken i stället för ett", counts.len())));
            };
            section_stand_ins.push(SectionStandIn { id, pages });
            return Ok(());
        }
        let chunk = chunks[index - sections];
        if counts.len() != chunk.len() {
            return Err(ReportError::Pdf(format!(
                "rådsrapportens del {} har {} insatser men {} bokmärken",
                index + 1,
                chunk.len(),
                counts.len()
            )));
        }
        stand_ins.extend(chunk.iter().zip(counts).map(|(page, pages)| StandIn { code: &page.code, name: &page.name, pages }));
        Ok(())
    })?;
    // What the parts' exports memoised.
    typst::comemo::evict(0);

    progress(Phase::Writing);
    // The front shows none of the sections' lists or charts, nor the initiatives' pages: they
    // are freed before it is typeset, for its pages to use (docs/prestanda.md).
    drop(common);
    let mut data = without_lists;
    data.remove("chart_legend");
    data.insert("pages".into(), Value::Array(Vec::new()));
    data.insert("section_stand_ins".into(), serde_json::to_value(&section_stand_ins).map_err(|e| ReportError::Data(e.to_string()))?);
    data.insert("stand_ins".into(), serde_json::to_value(&stand_ins).map_err(|e| ReportError::Data(e.to_string()))?);
    drop(stand_ins);
    drop(pages);
    report.charts.clear();
    pdf::release_freed_memory();
    // The front carries the file's PDF/A claim: only when every other part could be PDF/A.
    let front = Job { template: pdf::COUNCIL, data: json(&data)?, charts: &report.charts, date, ident, archival: not_pdf_a.is_none() };
    let front = pdf::render(&front, &mut |_| {})?;
    let not_pdf_a = not_pdf_a.or(front.not_pdf_a);
    Ok(Pdf { bytes: joiner.finish(&front.bytes)?, not_pdf_a })
}

/// Lays out parts `0..count` (`lay_out(index)`) in order on a thread of its own, and hands
/// each to `take` here once it is laid out and the part before it taken: a part is laid out
/// while the part before it is written and joined, each about half the work and each mostly
/// on one core (docs/prestanda.md). One laid-out part may wait for `take` while the next is
/// laid out ([`WAITING_PARTS`]), so at most three parts' pages are held at a time. The first
/// error, on either side, ends both.
fn in_turn<T: Send>(
    count: usize,
    lay_out: impl Fn(usize) -> Result<T, ReportError> + Sync,
    mut take: impl FnMut(usize, T) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    std::thread::scope(|scope| {
        let (laid_out, parts) = std::sync::mpsc::sync_channel::<Result<T, ReportError>>(WAITING_PARTS);
        let lay_out = &lay_out;
        let layer = std::thread::Builder::new()
            .name("rådsrapport".into())
            .stack_size(LAYOUT_STACK)
            .spawn_scoped(scope, move || {
                for index in 0..count {
                    let part = lay_out(index);
                    let failed = part.is_err();
                    // A failed send: the taking side has stopped, on an error of its own.
                    if laid_out.send(part).is_err() || failed {
                        break;
                    }
                }
            })
            .map_err(|e| ReportError::Pdf(format!("rådsrapportens delar kunde inte sättas: {e}")))?;
        let taken = (0..count).try_for_each(|index| {
            let part = parts.recv().map_err(|_| ReportError::Pdf(format!("rådsrapportens del {} sattes inte", index + 1)))??;
            take(index, part)
        });
        // The laying-out side stops at its next hand-over once this one is gone.
        drop(parts);
        let joined = layer.join().map_err(|_| ReportError::Typesetter("sättningen av rådsrapportens delar avbröts".into()));
        taken.and(joined)
    })
}

fn json<T: serde::Serialize>(data: &T) -> Result<Vec<u8>, ReportError> {
    serde_json::to_vec(data).map_err(|e| ReportError::Data(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_sections_are_those_of_the_template_in_its_order() {
        let template = include_str!("templates/council_sections.typ");
        let ids: Vec<&str> = template
            .lines()
            .filter_map(|line| line.strip_prefix("  \"")?.strip_suffix("\": ("))
            .collect();
        assert_eq!(ids, COUNCIL_SECTIONS.map(|(id, _)| id));
    }

    /// Each section's part gets exactly the sections' lists its template reads
    /// (`data.<list>`): one it reads but does not get would fail only a pack in parts, one it
    /// gets but does not read is data typst parses for nothing. (A key in no section's list
    /// is given to every part, as any other key of the data.)
    #[test]
    fn each_section_gets_the_lists_it_reads() {
        let template = include_str!("templates/council_sections.typ");
        let mut read: Vec<(&str, std::collections::BTreeSet<String>)> = Vec::new();
        for line in template.lines() {
            if let Some(id) = line.strip_prefix("  \"").and_then(|l| l.strip_suffix("\": (")) {
                read.push((id, Default::default()));
            }
            let Some((_, lists)) = read.last_mut() else { continue };
            for (at, _) in line.match_indices("data.") {
                let key: String = line[at + 5..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if section_list(&key) {
                    lists.insert(key);
                }
            }
        }
        let given: Vec<(&str, std::collections::BTreeSet<String>)> = COUNCIL_SECTIONS
            .iter()
            .map(|(id, lists)| (*id, lists.iter().map(|l| l.to_string()).collect()))
            .collect();
        assert_eq!(read, given);
    }

    #[test]
    fn parts_are_taken_in_order_each_once() {
        let mut taken = Vec::new();
        in_turn(5, |i| Ok(i * 10), |i, part| {
            taken.push((i, part));
            Ok(())
        })
        .unwrap();
        assert_eq!(taken, [(0, 0), (1, 10), (2, 20), (3, 30), (4, 40)]);
    }

    #[test]
    fn a_part_that_cannot_be_laid_out_ends_both_sides_with_its_error() {
        let laid = AtomicUsize::new(0);
        let mut taken = Vec::new();
        let result = in_turn(
            6,
            |i| {
                laid.fetch_add(1, Ordering::SeqCst);
                if i == 2 { Err(ReportError::Typst(format!("del {i}"))) } else { Ok(i) }
            },
            |i, _| {
                taken.push(i);
                Ok(())
            },
        );
        assert!(matches!(result, Err(ReportError::Typst(ref m)) if m == "del 2"), "{result:?}");
        assert_eq!(taken, [0, 1]);
        assert_eq!(laid.load(Ordering::SeqCst), 3, "nothing is laid out after the failed part");
    }

    #[test]
    fn an_error_while_taking_a_part_stops_the_laying_out() {
        let laid = AtomicUsize::new(0);
        let result = in_turn(
            50,
            |i| {
                laid.fetch_add(1, Ordering::SeqCst);
                Ok(i)
            },
            |i, _| if i == 1 { Err(ReportError::Pdf("kan inte fogas".into())) } else { Ok(()) },
        );
        assert!(matches!(result, Err(ReportError::Pdf(ref m)) if m == "kan inte fogas"), "{result:?}");
        // Part 2, and part 3 if part 2 could wait in the hand-over meanwhile, was laid out
        // while part 1 was taken, and not taken; none after those.
        let laid = laid.load(Ordering::SeqCst);
        assert!((3..=3 + WAITING_PARTS).contains(&laid), "{laid} parts laid out");
    }

    #[test]
    fn a_panic_while_laying_out_is_an_error_not_a_hang_or_a_crash() {
        let result = in_turn(3, |i| if i == 1 { panic!("oväntat") } else { Ok(i) }, |_, _| Ok(()));
        assert!(result.is_err(), "{result:?}");
    }
}
