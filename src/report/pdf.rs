//! Typesetting a report to PDF with typst used as a library.
//!
//! The templates (`templates/*.typ`) are compiled into the binary. They never see the
//! register: they read one JSON document, `/data.json`, built by [`super::data`], and the
//! charts as SVG files `/charts/N.svg`. User text therefore reaches typst only as string
//! values read from JSON — never as markup — so a name such as `#set page(width: 1cm)`
//! prints literally.
//!
//! [`ReportWorld`] is the smallest [`World`] that does this: its files are the embedded
//! templates, the JSON and the SVGs; its fonts are embedded (DejaVu Sans for the text, Symbola
//! for the emoji and symbols it lacks, the fonts of `typst-assets` as further fallback), loaded
//! once per process; `today()` is the report
//! date. No file system, no packages, no network. The same input and date give the same
//! bytes: the PDF's creation date and identifier derive from the report date and the
//! template, never from the clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::ReportError;

/// A report template: the main `.typ` file, compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Virtual path of the main file, e.g. `/council.typ`.
    pub path: &'static str,
    pub source: &'static str,
}

/// The council pack (rådsrapport).
pub const COUNCIL: Template = Template { path: "/council.typ", source: include_str!("templates/council.typ") };

/// The initiatives' pages of a council pack typeset in parts (`parts.rs`): no header or footer.
pub const COUNCIL_PAGES: Template = Template { path: "/council_pages.typ", source: include_str!("templates/council_pages.typ") };

/// One section of a council pack typeset in parts (`parts.rs`): no header or footer.
pub const COUNCIL_SECTION: Template = Template { path: "/council_section.typ", source: include_str!("templates/council_section.typ") };

/// The council pack's sections, each starting on a page of its own, shared by the whole pack
/// and its section parts.
const COUNCIL_SECTIONS: (&str, &str) = ("/council_sections.typ", include_str!("templates/council_sections.typ"));

/// One initiative's pages in the council pack, shared by the whole pack and its parts.
const COUNCIL_PAGE: (&str, &str) = ("/council_page.typ", include_str!("templates/council_page.typ"));

/// The report on one initiative.
pub const INITIATIVE: Template = Template { path: "/initiative.typ", source: include_str!("templates/initiative.typ") };

/// The decision document on an initiative's drafts (beslutsunderlag).
pub const DECISION: Template = Template { path: "/decision.typ", source: include_str!("templates/decision.typ") };

/// The calculation's tables and chart, laid out the same in the initiative report and the
/// decision document.
const SECTIONS: (&str, &str) = ("/sections.typ", include_str!("templates/sections.typ"));

/// The annual analysis of one supplier and year (seed 003).
pub const ANNUAL: Template = Template { path: "/annual.typ", source: include_str!("templates/annual.typ") };

/// Shared layout (page, header, footer, tables, status badges), included by both templates.
const COMMON: (&str, &str) = ("/common.typ", include_str!("templates/common.typ"));

/// A report ready to typeset: the template, the JSON it reads and the charts it places.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub template: Template,
    /// The JSON document the template reads as `/data.json`.
    pub data: Vec<u8>,
    /// SVG documents; chart `i` is the file `/charts/{i}.svg` (see [`chart_path`]). Shared
    /// bytes: the world places them without copying.
    pub charts: &'a [Bytes],
    /// The report date: `today()` in the template and the PDF's creation date.
    pub date: NaiveDate,
    /// A stable identifier of the document (hashed into the PDF's file identifier).
    pub ident: String,
    /// Whether to try PDF/A-2b (see [`render`]); false writes a tagged PDF 1.7 at once, for a
    /// part of a pack whose other parts could not be PDF/A (`parts.rs`).
    pub archival: bool,
}

/// The virtual path under which chart number `index` is placed.
pub fn chart_path(index: usize) -> String {
    format!("/charts/{index}.svg")
}

/// Symbola (George Douros; free for any use, redistribution included: `fonts/Symbola-LICENCE.txt`):
/// a monochrome outline font with emoji and most other symbols, the fallback for the
/// characters DejaVu Sans lacks. Embedded, so a report never depends on the system's fonts
/// and a text with an emoji is still PDF/A-2b (which needs every glyph from an embedded
/// font). It has no CJK or Hangul: those stay boxes, and such a report is not PDF/A.
pub(crate) const SYMBOLA: &[u8] = include_bytes!("fonts/Symbola.ttf");

/// Fonts: DejaVu Sans (full Swedish coverage, −, –, … and the status symbols ● ▲ ■ ○) as
/// the text font, Symbola for what it lacks, then the fonts shipped with typst-assets.
/// Loaded once.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let data: Vec<&'static [u8]> =
            [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique(), SYMBOLA]
                .into_iter()
                .chain(typst_assets::fonts())
                .collect();
        let fonts: Vec<Font> = data.into_iter().flat_map(|bytes| Font::iter(Bytes::new(bytes))).collect();
        Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

/// The width in points of `text` set in DejaVu Sans (the reports' text font) at `size` points,
/// from the font's advance widths (no kerning), a character DejaVu lacks at its
/// [`fallback_width`]: for placing short labels, such as a chart's axis labels, exactly where
/// the data says without asking typst to measure them.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let Some(text_font) = fonts().fonts.first() else { return 0.0 };
    text.chars().map(|c| advance_in_ems(text_font, c).unwrap_or_else(|| fallback_width(c))).sum::<f64>() * size
}

/// The width in ems of a character DejaVu Sans lacks, as typst sets it: Symbola's advance
/// (emoji are about 1,2 em, wider than most letters), or a full em for what no embedded font
/// has (CJK, Hangul: shown as a box, and full width in any font that has them).
pub(crate) fn fallback_width(c: char) -> f64 {
    fonts().fonts.iter().find(|f| f.info().family == "Symbola").and_then(|f| advance_in_ems(f, c)).unwrap_or(1.0)
}

/// Whether DejaVu Sans, the text font, has `c`.
pub(crate) fn text_font_has(c: char) -> bool {
    fonts().fonts.first().is_some_and(|f| f.info().coverage.contains(c as u32))
}

/// The advance width of `c` in `font`, in ems, if the font has it.
fn advance_in_ems(font: &Font, c: char) -> Option<f64> {
    let face = font.ttf();
    let advance = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g))?;
    Some(f64::from(advance) / font.units_per_em())
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// The embedded `.typ` files as parsed sources, parsed once per process so that typst's
/// memoisation recognises them from one report to the next.
fn embedded_sources() -> &'static HashMap<FileId, Source> {
    static SOURCES: OnceLock<HashMap<FileId, Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        [
            (COUNCIL.path, COUNCIL.source),
            (COUNCIL_PAGES.path, COUNCIL_PAGES.source),
            (COUNCIL_SECTION.path, COUNCIL_SECTION.source),
            COUNCIL_SECTIONS,
            COUNCIL_PAGE,
            (INITIATIVE.path, INITIATIVE.source),
            (DECISION.path, DECISION.source),
            (ANNUAL.path, ANNUAL.source),
            COMMON,
            SECTIONS,
        ]
        .into_iter()
        .map(|(path, text)| {
            let id = FileId::new(None, VirtualPath::new(path));
            (id, Source::new(id, text.to_string()))
        })
        .collect()
    })
}

/// The world one report is typeset in.
struct ReportWorld {
    main: FileId,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match embedded_sources().get(&id) {
            Some(source) if id.package().is_none() => Ok(source.clone()),
            _ => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.package().is_some() {
            return Err(not_found(id));
        }
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        match embedded_sources().get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_string())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().as_rootless_path().to_path_buf())
}

fn datetime(date: NaiveDate) -> Option<Datetime> {
    Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
}

/// Typesets `job` to PDF: PDF/A-2b and tagged (see [`is_pdf_a`] for the exception).
pub fn render(job: &Job<'_>, progress: &mut dyn FnMut(super::Phase)) -> Result<Pdf, ReportError> {
    let laid_out = lay_out(job, progress)?;
    progress(super::Phase::Writing);
    let pdf = write(laid_out);
    // Nothing memoised is kept from one report to the next: what reports have in common (the
    // parsed templates) takes milliseconds to redo, and the app makes many reports in one
    // process.
    typst::comemo::evict(0);
    pdf
}

/// A report laid out and not yet written ([`lay_out`], then [`write`]): the council pack in
/// parts lays out a part on one thread while the part before it is written on another
/// (`parts.rs`).
pub struct LaidOut {
    document: PagedDocument,
    /// For the export's diagnostics, which name places in the templates.
    world: ReportWorld,
    today: Datetime,
    ident: String,
    archival: bool,
}

/// Lays out `job`'s pages. What typst memoised meanwhile is freed before it returns.
pub fn lay_out(job: &Job<'_>, progress: &mut dyn FnMut(super::Phase)) -> Result<LaidOut, ReportError> {
    let today = datetime(job.date).ok_or_else(|| ReportError::Typst(format!("ogiltigt datum {}", job.date)))?;
    let mut files = HashMap::with_capacity(job.charts.len() + 1);
    // Every string of every report gets break opportunities in over-long words here, before
    // typst sees it: nothing runs past the margin and line breaking stays linear (breaks.rs).
    let data = super::breaks::break_long_runs(&job.data).into_owned();
    files.insert(FileId::new(None, VirtualPath::new("/data.json")), Bytes::new(data));
    for (i, svg) in job.charts.iter().enumerate() {
        files.insert(FileId::new(None, VirtualPath::new(chart_path(i))), svg.clone());
    }
    let world = ReportWorld { main: FileId::new(None, VirtualPath::new(job.template.path)), files, today };

    progress(super::Phase::Typesetting);
    // typst can panic on text it was not tested with; the panic becomes an error (guard.rs).
    let document = super::guard::guarded(|| {
        let compiled = typst::compile::<PagedDocument>(&world);
        compiled.output.map_err(|errors| ReportError::Typst(describe(&world, &errors)))
    })?;
    // The document now holds every page's frames, and the frames the images they show. What
    // typst memoised to lay them out (trial layouts of table rows, evaluated markup, the call
    // trees) is not needed to write the PDF: freeing it before the export lowers the peak
    // memory of a large pack by a few hundred megabytes (heaptrack, docs/prestanda.md).
    typst::comemo::evict(0);
    release_freed_memory();
    Ok(LaidOut { document, world, today, ident: job.ident.clone(), archival: job.archival })
}

/// Writes a laid-out report as PDF.
pub fn write(laid_out: LaidOut) -> Result<Pdf, ReportError> {
    let LaidOut { document, world, today, ident, archival: try_archival } = laid_out;
    super::guard::guarded(|| {
        let archival = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| ReportError::Pdf(e.to_string()))?;
        let options = |standards| PdfOptions {
            ident: Smart::Custom(&ident),
            timestamp: Some(Timestamp::new_utc(today)),
            page_ranges: None,
            standards,
            tagged: true,
        };
        // PDF/A-2b forbids text that no embedded font can show (a user may type Chinese or an
        // emoji, which DejaVu Sans lacks). Such a report is still made, as a tagged PDF that
        // is not PDF/A, rather than not at all, and says why.
        // A job that is not to be archival (a part of a pack another part of which could not
        // be PDF/A) goes straight to the plain tagged PDF.
        let archived = try_archival.then(|| typst_pdf::pdf(&document, &options(archival)));
        Ok(match archived {
            Some(Ok(bytes)) => Pdf { bytes, not_pdf_a: None },
            other => Pdf {
                bytes: typst_pdf::pdf(&document, &options(PdfStandards::default()))
                    .map_err(|errors| ReportError::Pdf(describe(&world, &errors)))?,
                not_pdf_a: match other {
                    Some(Err(problems)) => Some(describe(&world, &problems)),
                    _ => None,
                },
            },
        })
    })
}

/// Gives freed memory back to the system: after a report's layout (typst's memoisation just
/// evicted) and between the phases of a council pack in parts (`parts.rs`: after the
/// register's read, and before the front). mimalloc, the CLI's
/// and the app's allocator, otherwise keeps freed pages for a while for the thread that freed
/// them — the register's read, a part's export — beside what the next phase allocates afresh:
/// on the benchmark's pack the peak was 430 MB with this and 470 MB without, before the
/// sections were typeset in parts of their own (docs/prestanda.md). Under glibc's allocator
/// (the tests) `malloc_trim` does the same: the export runs on typst's worker threads, whose
/// allocations glibc serves from their own arenas, and the main arena's free pages would stay
/// resident beside them.
pub(crate) fn release_freed_memory() {
    // SAFETY: mi_collect only frees what mimalloc holds unused; safe at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it is safe at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A typeset report.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// Why the file is not PDF/A-2b, when it is not (it is then a tagged PDF 1.7).
    pub not_pdf_a: Option<String>,
}

/// True when `pdf` declares PDF/A conformance (its XMP metadata names a PDF/A part), as the
/// reports do unless they hold characters none of the embedded fonts has.
pub fn is_pdf_a(pdf: &[u8]) -> bool {
    const MARK: &[u8] = b"pdfaid:part";
    pdf.windows(MARK.len()).any(|w| w == MARK)
}

/// Typst's diagnostics as one text: message, hints and where in which template.
fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let mut text = d.message.to_string();
            if let Some(id) = d.span.id() {
                let place = world
                    .range(d.span)
                    .and_then(|range| world.source(id).ok().map(|s| s.lines().byte_to_line(range.start)))
                    .flatten()
                    .map(|line| format!(" ({}:{})", id.vpath().as_rootless_path().display(), line + 1))
                    .unwrap_or_default();
                text.push_str(&place);
            }
            for hint in &d.hints {
                text.push_str("; ");
                text.push_str(hint);
            }
            text
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_widths_come_from_the_text_font() {
        let width = text_width("jan 2026", 7.0);
        assert!(width > 25.0 && width < 35.0, "{width}");
        assert_eq!(text_width("", 7.0), 0.0);
        assert!((text_width("00", 10.0) - 2.0 * text_width("0", 10.0)).abs() < 1e-9);
    }

    #[test]
    fn emoji_are_measured_in_the_fallback_font() {
        let symbola = fonts().fonts.iter().find(|f| f.info().family == "Symbola").expect("Symbola is embedded");
        let expected = advance_in_ems(symbola, '🎉').unwrap() * 10.0;
        assert!((text_width("🎉", 10.0) - expected).abs() < 1e-9);
        assert!(expected > 6.0, "wider than the 0,6 em guessed for a missing glyph: {expected}");
        assert_eq!(text_width("漢", 10.0), 10.0, "no font has it: a full em");
        assert!(!text_font_has('🎉') && text_font_has('Å'));
    }

    #[test]
    fn the_fallback_font_has_emoji_and_symbols() {
        let symbola = fonts().fonts.iter().find(|f| f.info().family == "Symbola").expect("Symbola is embedded");
        for c in "😀🎉✅👍❤★☎⚠".chars() {
            assert!(symbola.info().coverage.contains(c as u32), "Symbola lacks {c}");
        }
    }

    #[test]
    fn the_text_font_covers_swedish_and_the_status_symbols() {
        let fonts = fonts();
        let dejavu = fonts.fonts.iter().find(|f| f.info().family == "DejaVu Sans").expect("DejaVu Sans is embedded");
        for c in "ÅÄÖåäöÉé−–…●▲■○?".chars() {
            assert!(dejavu.info().coverage.contains(c as u32), "DejaVu Sans lacks {c}");
        }
    }
}
