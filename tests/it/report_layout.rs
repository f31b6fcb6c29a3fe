//! No text of any length leaves the page: the reports of the hostile register (every text a
//! report prints at the longest its field accepts, as one unbroken word with emoji and CJK;
//! `nytta::demo::hostile`) are read back with `pdftotext -bbox` (poppler-utils), and every
//! word's box must lie inside the page's margins.

use nytta::store::prelude::*;
use std::path::Path;
use std::process::Command;

use nytta::demo::{self, hostile};
use nytta::report;

/// The page margins of `templates/common.typ` (`margin: (top: 2.4cm, bottom: 2.2cm, x: 2cm)`),
/// in points. The header and footer sit inside the top and bottom margins, so only the left
/// and right margins bound every word; above and below, a word must stay on the paper.
const MARGIN_X: f64 = 2.0 / 2.54 * 72.0;
/// How far a glyph's box may reach past the margin: the side bearing of the last letter,
/// rounding in pdftotext, and kerning: a line that ends inside a kerned pair (W before Å, cut
/// by a break opportunity) keeps the pair's narrower advance in typst's measure, while
/// pdftotext boxes the W at its full width, about 1,1 pt (at 9,5 pt) more.
const TOLERANCE: f64 = 2.5;

struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    text: String,
}

struct Page {
    width: f64,
    height: f64,
}

/// The pages and words of `pdf` as `pdftotext -bbox` reads them.
fn words(pdf: &Path) -> (Vec<Page>, Vec<Word>) {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils (apt-get install poppler-utils)."));
    assert!(out.status.success(), "pdftotext misslyckades: {}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Page { width: attribute(line, "width"), height: attribute(line, "height") });
        } else if line.starts_with("<word ") {
            let text = line.split_once('>').and_then(|(_, rest)| rest.rsplit_once("</word>")).map(|(t, _)| t).unwrap_or("");
            words.push(Word {
                page: pages.len(),
                x_min: attribute(line, "xMin"),
                x_max: attribute(line, "xMax"),
                y_min: attribute(line, "yMin"),
                y_max: attribute(line, "yMax"),
                text: text.to_string(),
            });
        }
    }
    (pages, words)
}

fn attribute(line: &str, name: &str) -> f64 {
    let start = line.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} saknas i {line}")) + name.len() + 3;
    let end = start + line[start..].find('"').unwrap();
    line[start..end].parse().unwrap()
}

/// Fails with every word outside the margins, with its page and position.
fn assert_inside_margins(what: &str, pdf: &Path) -> usize {
    let (pages, words) = words(pdf);
    assert!(!pages.is_empty() && !words.is_empty(), "{what}: pdftotext read nothing");
    let outside: Vec<String> = words
        .iter()
        .filter(|w| {
            let page = &pages[w.page - 1];
            w.x_min < MARGIN_X - TOLERANCE
                || w.x_max > page.width - MARGIN_X + TOLERANCE
                || w.y_min < 0.0
                || w.y_max > page.height
        })
        .map(|w| {
            let short: String = w.text.chars().take(60).collect();
            format!("sida {}: x {:.1}–{:.1}, y {:.1}–{:.1}: {short}", w.page, w.x_min, w.x_max, w.y_min, w.y_max)
        })
        .collect();
    assert!(outside.is_empty(), "{what}: {} ord utanför marginalerna:\n{}", outside.len(), outside.join("\n"));
    words.len()
}

fn hostile_register(dir: &Path) -> nytta::store::Register {
    hostile::create(&dir.join("fientligt.nytta"), &dir.join("demo.nytta")).expect("the hostile register is built")
}

#[test]
fn no_word_of_the_hostile_initiative_report_leaves_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let register = hostile_register(dir.path());
    let pdf = nytta::app::reports::initiative_report_pdf(&register, "NR-2024-002", demo::demo_date()).unwrap();
    let path = dir.path().join("insats.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert_inside_margins("insatsrapporten", &path);
}

#[test]
fn no_word_of_the_hostile_decision_documents_leaves_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let register = hostile_register(dir.path());
    // A draft calculation beside an approved one, and a draft plan beside an approved calculation.
    for code in ["NR-2025-004", "NR-2026-001"] {
        let pdf = nytta::app::reports::decision_document_pdf(&register, code, demo::demo_date()).unwrap();
        let path = dir.path().join(format!("{code}.pdf"));
        std::fs::write(&path, &pdf.bytes).unwrap();
        assert_inside_margins(&format!("beslutsunderlaget om {code}"), &path);
    }
}

#[test]
fn no_word_of_the_hostile_council_pack_leaves_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let register = hostile_register(dir.path());
    let pdf = nytta::app::reports::council_pack_pdf(&register, demo::demo_date(), None).unwrap();
    let path = dir.path().join("rad.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert_inside_margins("rådsrapporten", &path);
}

#[test]
fn no_word_of_the_hostile_annual_analysis_leaves_the_page() {
    use nytta::model::annual_analysis::{Section, ANALYSIS_TEXT};
    let dir = tempfile::tempdir().unwrap();
    let mut register = hostile_register(dir.path());
    // The supplier with a harvest, a portfolio and council-tracked initiatives in progress,
    // every section's "Leverantörens analys" at its limit as one unbroken word.
    let supplier = register.initiative_by_code("NR-2025-004").unwrap().fields.organisation_id;
    let name = register.organisations().unwrap().into_iter().find(|o| o.id == supplier).unwrap().name;
    for section in Section::ALL {
        register.save_analysis_text(supplier, 2027, section, 0, &hostile::unbroken(ANALYSIS_TEXT)).unwrap();
    }
    let pdf = nytta::app::annual_analysis::annual_analysis_pdf(&register, &name, 2027, &mut |_| {}).unwrap();
    let path = dir.path().join("analys.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert_inside_margins("årliga analysen", &path);
}

/// The fonts `pdffonts` lists as embedded in `pdf`.
fn embedded_fonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdffonts kunde inte köras ({e}). Installera poppler-utils."));
    assert!(out.status.success(), "pdffonts misslyckades: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_report_with_emoji_is_still_pdf_a_and_the_emoji_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let register = nytta::store::Register::create(&dir.path().join("emoji.nytta"), "Register 😀 ✅ 🎉").unwrap();
    let pdf = nytta::app::reports::council_pack_pdf(&register, demo::demo_date(), None).unwrap();
    assert!(pdf.not_pdf_a.is_none(), "{:?}", pdf.not_pdf_a);
    assert!(report::pdf::is_pdf_a(&pdf.bytes), "not PDF/A-2b");
    let path = dir.path().join("emoji.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = pdftotext(&path);
    assert!(text.contains("Register 😀 ✅ 🎉"), "the emoji are not read back: {text}");
    assert!(embedded_fonts(&path).contains("Symbola"), "the fallback font is not embedded");
}

#[test]
fn the_hostile_council_pack_sets_emoji_in_the_embedded_fallback_font() {
    let dir = tempfile::tempdir().unwrap();
    let register = hostile_register(dir.path());
    let pdf = nytta::app::reports::council_pack_pdf(&register, demo::demo_date(), None).unwrap();
    let path = dir.path().join("rad.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let fonts = embedded_fonts(&path);
    let symbola: Vec<&str> = fonts.lines().filter(|l| l.contains("Symbola")).collect();
    assert!(!symbola.is_empty(), "Symbola is not in the pack: {fonts}");
    // Columns: name, type, encoding, emb, sub, uni, object: embedded and mapped to Unicode.
    assert!(symbola.iter().all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "{fonts}");
    // CJK and Hangul have no embedded font: the pack says it is not PDF/A, and why.
    assert!(pdf.not_pdf_a.is_some(), "the pack with CJK text claims PDF/A");
    let text = pdftotext(&path);
    assert!(text.contains("😀🎉✅"), "the emoji are not read back");
}

#[test]
fn the_hostile_register_holds_texts_at_their_limits() {
    let dir = tempfile::tempdir().unwrap();
    let register = hostile_register(dir.path());
    let name = register.name().unwrap();
    assert_eq!(name.chars().count(), nytta::model::limits::NAME);
    assert!(!name.contains(' '), "one unbroken word");
}
