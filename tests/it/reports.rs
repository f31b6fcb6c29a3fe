//! The PDF reports made through the CLI, read back with `pdftotext` (poppler-utils): the
//! council pack and the initiative report from the demo register, with follow-up data and
//! with initiatives whose names are typst markup, which must print literally.
//!
//! The PDFs are also left in `target/tmp/reports/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use nytta::model::initiative::{Dimension, InitiativeFields, Phase, Rag, StatusReportFields};
use nytta::store::prelude::*;
use nytta::store::Register;
use crate::support::cli::{nytta, text};

const DATE: &str = "2026-10-31";

/// Names that are typst markup; each must reach the PDF as the same characters.
const INJECTED: &[(&str, &str)] = &[
    ("INJ-1", "#set page(width: 1cm)"),
    ("INJ-2", "*fet* _kursiv_ = Rubrik"),
    ("INJ-3", "\\"),
    ("INJ-4", "<script>alert('x')</script> & #pagebreak() $x^2$ @ref // kommentar"),
    ("#pagebreak()", "Kod som är markup"),
];

const LONG_NAME: &str = "Samordnad digital informationsförsörjning för äldre samt vård- och \
    omsorgsförvaltningens hemtjänstverksamheter i samverkan med regionens primärvård och \
    kommunens bostadsanpassningshandläggning";

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// `pdftotext -layout`, failing the test with a clear message when poppler is missing
/// (CI installs it; a silent skip would hide a broken report).
fn pdftotext(pdf: &Path) -> String {
    let out =
        Command::new("pdftotext").args(["-layout", "-enc", "UTF-8", path(pdf), "-"]).output().unwrap_or_else(|e| {
            panic!(
                "pdftotext kunde inte köras ({e}). Installera poppler-utils (apt-get install poppler-utils); \
             rapporttesterna läser PDF-filernas text med det."
            )
        });
    assert!(out.status.success(), "pdftotext misslyckades: {}", text(&out.stderr));
    text(&out.stdout)
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999", path(pdf)])
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo kunde inte köras ({e}). Installera poppler-utils."));
    text(&out.stdout)
}

/// All whitespace (including no-break spaces and line breaks) as one space, so a name that
/// wraps in a table cell is still found.
fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Where reports are kept for a person to look at.
fn keep(pdf: &Path, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(pdf, dir.join(name)).unwrap();
}

/// Initiatives whose texts are markup (council-tracked, with a status report whose orsak and
/// åtgärd are markup too), and one with a very long name.
fn injected_initiatives(register: &mut Register) {
    let org = register.organisations().unwrap()[0].id;
    for (code, name) in INJECTED {
        let fields = InitiativeFields {
            code: code.to_string(),
            name: name.to_string(),
            phase: Phase::Pagaende,
            council_tracked: true,
            sponsor: "#set text(size: 40pt)".into(),
            ..InitiativeFields::blank(org)
        };
        let id = register.create_initiative(&fields).unwrap();
        register
            .add_status_report(
                id,
                &StatusReportFields {
                    period_end: d("2026-10-16"),
                    time: Dimension {
                        status: Rag::Rod,
                        cause: "#set page(height: 2cm) orsak".into(),
                        action: "= Rubrik åtgärd".into(),
                    },
                    cost: Dimension::green(),
                    result: Dimension::green(),
                    comment: "\\ #linebreak() kommentar".into(),
                },
            )
            .unwrap();
    }
    let fields = InitiativeFields {
        code: "NR-2026-099".into(),
        name: LONG_NAME.into(),
        phase: Phase::Beslutad,
        council_tracked: true,
        sponsor: "Förvaltningsdirektör för äldre samt vård- och omsorgsförvaltningen".into(),
        ..InitiativeFields::blank(org)
    };
    register.create_initiative(&fields).unwrap();
}

/// The demo register (with its calculations, plans and measurements) and the injected
/// initiatives, in a temporary directory.
fn register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    let mut register = nytta::demo::create(&file).unwrap();
    injected_initiatives(&mut register);
    drop(register);
    (dir, file)
}

fn council(file: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", "council", path(file), "--date", DATE, "--out", path(out)];
    args.extend_from_slice(extra);
    nytta(&args)
}

/// The demo register's council pack, made through the CLI: the folder that holds both (kept
/// while the test runs), the register and the PDF.
fn demo_pack() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, file) = register();
    let pdf = dir.path().join("pack.pdf");
    let out = council(&file, &pdf, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, file, pdf)
}

/// Every "Sida X av Y" with one Y equal to the page count, and X running 1..=Y.
fn check_page_numbers(pdf: &Path, text: &str) {
    let pages: usize = pdfinfo(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("pdfinfo names the page count");
    for page in 1..=pages {
        let label = squash(&format!("Sida {page} av {pages}"));
        assert!(squash(text).contains(&label), "sidnumret ”{label}” saknas");
    }
}

fn check_a4(pdf: &Path) {
    let info = pdfinfo(pdf);
    let sizes: Vec<&str> = info.lines().filter(|l| l.starts_with("Page") && l.contains("size:")).collect();
    assert!(!sizes.is_empty(), "{info}");
    for line in sizes {
        assert!(line.contains("595.276 x 841.89"), "inte A4: {line}");
    }
}

#[test]
fn the_council_pack_names_every_tracked_initiative_with_statuses_in_words() {
    let (dir, file) = register();
    let pdf = dir.path().join("pack.pdf");
    let out = council(&file, &pdf, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("pack.pdf"), "{}", text(&out.stdout));
    keep(&pdf, "radsrapport-demo.pdf");

    let content = pdftotext(&pdf);
    let flat = squash(&content);
    let register = Register::open(&file).unwrap();
    let tracked: Vec<_> = register.initiative_summaries().unwrap().into_iter().filter(|s| s.council_tracked).collect();
    assert!(tracked.len() >= 5);
    for s in &tracked {
        assert!(flat.contains(&s.code), "koden {} saknas", s.code);
        assert!(flat.contains(&squash(&s.name)), "namnet ”{}” saknas", s.name);
    }
    for heading in [
        // The demo register names the city's strategic coordination group (migration 0006).
        "Underlag till strategiska samordningsgruppen",
        "Portföljöversikt",
        "Insatser särskilt följda av strategiska samordningsgruppen",
        "Avvikelser",
        "Uppföljning",
        "Mätningar som saknas",
    ] {
        assert!(flat.contains(heading), "rubriken {heading} saknas");
    }
    for word in ["Grön", "Gul", "Röd", "Saknas", "Kommande", "Ingen godkänd plan"] {
        assert!(flat.contains(word), "statusordet {word} saknas");
    }
    // Orsak and åtgärd of a deviation, the period, the register's name, tkr.
    assert!(flat.contains("Oklart personuppgiftsansvar"), "orsak saknas");
    assert!(flat.contains("2026-09-20 – 2026-10-31"), "perioden saknas");
    assert!(flat.contains("Demo – Exempelstadens nyttoregister"));
    assert!(content.contains("tkr"));
    // NR-2025-003's 6-month target was lowered after approval: first 50 %, now 45 %.
    assert!(flat.contains("Ändrade målvärden sedan godkännandet"));
    assert!(flat.contains("50 %") && flat.contains("45 %"), "måländringen saknas");
    check_page_numbers(&pdf, &content);
    check_a4(&pdf);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(nytta::report::pdf::is_pdf_a(&bytes), "rådsrapporten är inte PDF/A-2b");
    let info = pdfinfo(&pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
}

/// A changed target's row — the indicator, the version and the reason of the change — stays on
/// one page. Split, the last lines of the demo's NR-2025-003 reason stood alone on a page of
/// their own under the table's repeated header (2026-12-04).
#[test]
fn a_changed_targets_reason_is_never_split_across_pages() {
    let (_dir, file, pdf) = demo_pack();
    // Reading order, not layout: a table cell's lines come one after another.
    let raw = Command::new("pdftotext").args(["-enc", "UTF-8", path(&pdf), "-"]).output().expect("pdftotext (poppler-utils)");
    let pages: Vec<String> = text(&raw.stdout).split('\u{c}').map(squash).collect();
    let register = Register::open(&file).unwrap();
    let mut reasons = Vec::new();
    for summary in register.initiative_summaries().unwrap().iter().filter(|s| s.council_tracked) {
        for history in register.target_history(summary.id).unwrap() {
            reasons.extend(history.entries.iter().filter(|e| e.changed && !e.reason.trim().is_empty()).map(|e| squash(&e.reason)));
        }
    }
    assert!(!reasons.is_empty(), "the demo's council-tracked initiatives have changed targets");
    for reason in &reasons {
        assert!(pages.iter().any(|page| page.contains(reason.as_str())), "split across pages, or missing: {reason}");
    }
}

/// Each of the pack's sections starts on a page of its own (2026-12-04: so that a section can
/// be handed out on its own, and typeset on its own in a large pack): its heading is the first
/// text under the running head of a page, and the sections come in the pack's order.
#[test]
fn every_section_of_the_council_pack_starts_on_a_page_of_its_own() {
    let (_dir, _file, pdf) = demo_pack();
    let pages = pdftotext_pages(&pdf);
    let head = "Demo – Exempelstadens nyttoregister Underlag till strategiska samordningsgruppen ";
    let sections = [
        "Att besluta",
        "Avvikande nyttor",
        "Effekthemtagning per organisation",
        "Portföljöversikt",
        "Insatser särskilt följda av strategiska samordningsgruppen",
        "Avvikelser",
        "Uppföljning",
        "Kalibrering",
    ];
    let mut last = 0;
    for section in sections {
        let heading = format!("{head}{section} ");
        // The cover's contents name every section too: the body starts after it.
        let at = pages.iter().skip(1).position(|page| page.starts_with(&heading)).map(|i| i + 1);
        let at = at.unwrap_or_else(|| panic!("no page starts with the section {section}"));
        assert!(at > last, "{section} on page {} does not follow the section before it", at + 1);
        last = at;
    }
}

/// Issue 17's order of the pack, and in its first sections what the demo holds: the decision
/// asked about NR-2025-003's 6-month checkpoint, a measured benefit without a harvest
/// decision, a draft awaiting approval, the decision of the period, the deviating benefits
/// with orsak and åtgärd, the harvest per organisation in tkr and årsarbetare, calibration.
#[test]
fn the_council_pack_opens_with_what_to_decide_the_deviating_benefits_and_the_harvest() {
    let (_dir, _file, pdf) = demo_pack();
    let flat = squash(&pdftotext(&pdf));
    // The headings in the body (after the table of contents, which lists them too).
    let body = &flat[flat.find("Öppna nyttoavvikelser på särskilt följda insatser").expect("Att besluta saknas")..];
    let order = [
        "Nyttor som väntar på beslut om effekthemtagning",
        "Väntar på godkännande",
        "Beslutat under perioden",
        "Avvikande nyttor",
        "Effekthemtagning per organisation",
        "Portföljöversikt",
        "Insatser särskilt följda av strategiska samordningsgruppen",
        "Mätningar som saknas",
        "Kalibrering",
        "NR-2024-001 Ny telefoni",
    ];
    let mut at = 0;
    for heading in order {
        let found = body[at..].find(heading).unwrap_or_else(|| panic!("{heading} saknas eller står i fel ordning"));
        at += found + heading.len();
    }
    // Short pieces: pdftotext reads a table's cells line by line across the columns.
    for text in [
        // Att besluta: NR-2025-003's 6-month checkpoint asks for a decision.
        "Beslut som begärs",
        "EANDEL Andel",
        // A measured benefit without a decision, and a draft awaiting approval.
        "Fler årsräkningar via e-tjänst 54 903 kr per år",
        "Nyttokalkyl version 2 (utkast)",
        // Decided this period: NR-2025-005's closed deviation.
        "Sökmotorn byts inom befintlig",
        // Avvikande nyttor with "ej angiven" where nothing is written.
        "TOLKPL, 12 mån: ej angiven",
        // The harvest in tkr and årsarbetare.
        "350 tkr",
        "0,50 åa",
        // Calibration says what it does not show.
        "grupper har färre än tre insatser och visas inte",
    ] {
        assert!(body.contains(&squash(text)), "”{text}” saknas i rådsrapporten");
    }
}

/// Issue 18: a list with several rows for one initiative names it once, its rows under it
/// (the demo has three deviations of NR-2025-004's status report, two of NR-2025-003's and two
/// measurements of NR-2025-001 due next period).
#[test]
fn every_list_of_the_council_pack_names_each_initiative_once() {
    let (_dir, file, pdf) = demo_pack();
    let flat = squash(&pdftotext(&pdf));
    let section = |from: &str, to: &str| -> String {
        let start = flat.find(&squash(from)).unwrap_or_else(|| panic!("{from} saknas"));
        let end = start + flat[start..].find(&squash(to)).unwrap_or_else(|| panic!("{to} saknas efter {from}"));
        flat[start..end].to_string()
    };
    let lists = [
        ("Beslut som begärs", "Nyttor som väntar på beslut om effekthemtagning"),
        ("Nyttor som har börjat realiseras", "Väntar på godkännande"),
        ("Väntar på godkännande Insats", "Beslutat under perioden"),
        ("Beslutat under perioden Insats", "Avvikande nyttor Varje nytta"),
        ("Varje nytta vars status är Röd eller Saknas", "Effekthemtagning per organisation Per år"),
        ("Tid, Kostnad och Resultat som inte är gröna", "Mätningar att ta nästa period"),
        ("Kontrollpunkter som infaller under nästa period", "Mätningar som saknas"),
        ("Mätningar som saknas Insats", "Kalibrering Hur stor del"),
    ];
    // The demo's codes (the injected ones are also part of other names: "#pagebreak()").
    let codes: Vec<String> = Register::open(&file)
        .unwrap()
        .initiative_summaries()
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .filter(|c| c.starts_with("NR-"))
        .collect();
    for (from, to) in lists {
        let list = section(from, to);
        for code in &codes {
            let named = list.matches(&format!("{code} ")).count();
            assert!(named <= 1, "{code} står {named} gånger i listan ”{from}”: {list}");
        }
    }
    // The lists that have several rows for one initiative still show every row.
    let deviations = section("Tid, Kostnad och Resultat som inte är gröna", "Mätningar att ta nästa period");
    assert_eq!(deviations.matches("NR-2025-004 ").count(), 1);
    // Its Tid, Kostnad and Resultat, by the first words of their orsak.
    for cause in ["Oklart personuppgiftsansvar", "Den längre tiden", "Två av tre leveranser"] {
        assert!(deviations.contains(cause), "{cause}: {deviations}");
    }
    let due = section("Kontrollpunkter som infaller under nästa period", "Mätningar som saknas");
    assert_eq!(due.matches("NR-2025-001 ").count(), 1, "{due}");
    assert!(due.contains("GUIDE") && due.contains("KOMPL"), "{due}");
}

#[test]
fn characters_no_font_has_still_give_a_report_that_says_it_is_not_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cjk.nytta");
    assert!(nytta(&["init", path(&file), "--name", "Register 北京 😀"]).status.success());
    let pdf = dir.path().join("cjk.pdf");
    let out = council(&file, &pdf, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("inte PDF/A"), "{}", text(&out.stderr));
    assert!(!nytta::report::pdf::is_pdf_a(&std::fs::read(&pdf).unwrap()));
    assert!(squash(&pdftotext(&pdf)).contains("Register"));
}

#[test]
fn markup_in_user_text_prints_literally() {
    let (dir, file) = register();
    let pdf = dir.path().join("pack.pdf");
    let out = council(&file, &pdf, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let content = pdftotext(&pdf);
    let flat = squash(&content);
    for (code, name) in INJECTED {
        assert!(flat.contains(&squash(name)), "”{name}” trycktes inte som text");
        assert!(flat.contains(code), "koden ”{code}” trycktes inte som text");
    }
    // The lone backslash: on the line of its initiative's heading.
    assert!(content.lines().any(|l| l.contains("INJ-3") && l.trim_end().ends_with('\\')), "”\\” trycktes inte");
    for literal in
        ["#set text(size: 40pt)", "#set page(height: 2cm) orsak", "= Rubrik åtgärd", "\\ #linebreak() kommentar"]
    {
        assert!(flat.contains(literal), "”{literal}” trycktes inte som text");
    }
    assert!(flat.contains(&squash(LONG_NAME)), "det långa namnet är avklippt");
    check_a4(&pdf);

    let report = dir.path().join("inj.pdf");
    let out =
        nytta(&["report", "initiative", path(&file), "--initiative", "INJ-2", "--date", DATE, "--out", path(&report)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let flat = squash(&pdftotext(&report));
    assert!(flat.contains("*fet* _kursiv_ = Rubrik"));
    assert!(flat.contains("#set text(size: 40pt)"));
    check_a4(&report);
}

#[test]
fn the_same_register_and_date_give_the_same_bytes() {
    let (dir, file) = register();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    assert!(council(&file, &a, &[]).status.success());
    assert!(council(&file, &b, &[]).status.success());
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(), "två körningar gav olika PDF");

    let a = dir.path().join("ia.pdf");
    let b = dir.path().join("ib.pdf");
    for out in [&a, &b] {
        let run = nytta(&[
            "report",
            "initiative",
            path(&file),
            "--initiative",
            "NR-2024-002",
            "--date",
            DATE,
            "--out",
            path(out),
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
    }
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(), "två körningar gav olika PDF");
}

#[test]
fn progress_is_told_phase_by_phase_and_matches_the_plain_report() {
    use nytta::report::Phase as P;
    let (_dir, file) = register();
    let register = Register::open(&file).unwrap();
    let mut phases = Vec::new();
    let told = nytta::app::reports::council_pack_with_progress(&register, d(DATE), None, &mut |p| phases.push(p)).unwrap();
    assert_eq!(phases, [P::Reading, P::Typesetting, P::Writing]);
    let plain = nytta::app::reports::council_pack(&register, d(DATE), None).unwrap();
    assert!(told.bytes == plain, "progress changed the pack");

    // A report inside a caller's read transaction reads in it (no second BEGIN).
    let nested = register.read_consistently(|r| nytta::app::reports::council_pack(r, d(DATE), None)).unwrap();
    assert!(nested == plain);

    let mut phases = Vec::new();
    nytta::app::reports::initiative_report_with_progress(&register, "NR-2024-002", d(DATE), &mut |p| phases.push(p))
        .unwrap();
    assert_eq!(phases, [P::Reading, P::Typesetting, P::Writing]);
}

#[test]
fn the_pack_can_be_limited_to_one_organisation() {
    let (dir, file) = register();
    let pdf = dir.path().join("org.pdf");
    let out = council(&file, &pdf, &["--org", "socialförvaltningen centrum"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let flat = squash(&pdftotext(&pdf));
    // --org limits the pack to what the organisation supplies (its leverantör).
    assert!(flat.contains("Leverantör: Socialförvaltningen Centrum"), "{flat}");
    assert!(flat.contains("NR-2024-003"));
    assert!(!flat.contains("NR-2024-002"), "en annan organisations insats finns med");
    assert!(!flat.contains("NR-2025-003"), "Intraservice levererar NR-2025-003 till socialförvaltningarna");
    keep(&pdf, "radsrapport-socialforvaltning.pdf");
}

#[test]
fn the_initiative_report_shows_calculation_plan_follow_up_and_history() {
    let (dir, file) = register();
    let pdf = dir.path().join("r.pdf");
    let out = nytta(&[
        "report",
        "initiative",
        path(&file),
        "--initiative",
        "nr-2025-003",
        "--date",
        DATE,
        "--out",
        path(&pdf),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    keep(&pdf, "insatsrapport-NR-2025-003.pdf");
    let content = pdftotext(&pdf);
    let flat = squash(&content);
    for expected in [
        "NR-2025-003",
        "E-ansökan om försörjningsstöd med automatisering",
        "Nyttokalkyl",
        "version 2, godkänd 2025-11-25",
        "DR 2025-11-25 §6",
        "Nettonuvärde",
        "Nyttorealiseringsplan",
        "version 2, godkänd 2026-05-20",
        "EANDEL",
        "HTID",
        "Mätningar",
        "Versionshistorik",
        "Avtalet med Försäkringskassan",
        "43 %",
    ] {
        assert!(flat.contains(expected), "”{expected}” saknas i insatsrapporten");
    }
    for word in ["Grön", "Röd"] {
        assert!(flat.contains(word), "statusordet {word} saknas");
    }
    check_page_numbers(&pdf, &content);
    check_a4(&pdf);
}

#[test]
fn an_existing_file_is_replaced_and_nothing_is_left_behind_on_failure() {
    let (dir, file) = register();
    let pdf = dir.path().join("pack.pdf");
    std::fs::write(&pdf, b"old").unwrap();
    assert!(council(&file, &pdf, &[]).status.success());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let missing = dir.path().join("no.pdf");
    let out = council(&file, &missing, &["--org", "Finns inte-förvaltningen"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Det finns ingen organisation som heter Finns inte-förvaltningen"), "{err}");
    assert!(!missing.exists());

    let out = nytta(&["report", "initiative", path(&file), "--initiative", "XX-1", "--out", path(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Det finns ingen insats med koden XX-1"), "{}", text(&out.stderr));

    let out = nytta(&["report", "council", path(&file), "--date", "31/10/2026", "--out", path(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--date"), "{}", text(&out.stderr));
    assert!(!missing.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporära filer ligger kvar");
}

/// `pdftotext -raw`: the text in the order the PDF draws it, so that each of the small
/// multiples (three side by side) reads as one piece, and pages are separated by form feeds.
fn pdftotext_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", path(pdf), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils."));
    assert!(out.status.success(), "pdftotext misslyckades: {}", text(&out.stderr));
    text(&out.stdout).split('\u{c}').map(|page| joined(&squash(page))).collect()
}

/// A line broken after a hyphen (`nöjd-` / `kund-index`) or at a hyphenation point (a soft
/// hyphen) joined again; used on both sides of a comparison.
fn joined(s: &str) -> String {
    s.replace("\u{ad} ", "").replace("- ", "-")
}

#[test]
fn every_indicator_of_a_tracked_initiative_is_on_its_pages_with_its_chart_and_status() {
    let (_dir, file, pdf) = demo_pack();
    let pages = pdftotext_pages(&pdf);
    let register = Register::open(&file).unwrap();
    let tracked: Vec<_> = register.initiative_summaries().unwrap().into_iter().filter(|s| s.council_tracked).collect();
    // An initiative's pages begin with its heading followed by its key figures.
    let starts: Vec<(usize, &nytta::model::initiative::InitiativeSummary)> = tracked
        .iter()
        .map(|s| {
            let heading = joined(&squash(&format!("{} {} Nyttostatus", s.code, s.name)));
            let page =
                pages.iter().position(|p| p.contains(&heading)).unwrap_or_else(|| panic!("{} har ingen sida", s.code));
            (page, s)
        })
        .collect();
    let mut with_plan = 0;
    for (first, s) in &starts {
        let end = starts.iter().map(|(p, _)| *p).filter(|p| p > first).min().unwrap_or(pages.len());
        let own = pages[*first..end].join(" ");
        let Some(plan) = register.latest_approved_plan(s.id).unwrap() else {
            assert!(own.contains("ingen godkänd nyttorealiseringsplan"), "{}: {own}", s.code);
            continue;
        };
        with_plan += 1;
        let indicators: Vec<_> = plan.plan.benefits.iter().flat_map(|b| &b.indicators).collect();
        assert!(!indicators.is_empty(), "{}", s.code);
        for indicator in &indicators {
            let title = joined(&squash(&format!("{} – {}", indicator.code, indicator.name)));
            assert!(own.contains(&title), "{}: indikatorn ”{title}” saknas på insatsens sidor", s.code);
        }
        // Each indicator's status in words, its chart's month labels, the legend once.
        assert_eq!(own.matches("· senast").count(), indicators.len(), "{}: {own}", s.code);
        if s.go_live_date.is_some() {
            assert!(
                own.contains("Förväntad utveckling") && own.contains("Rapportdatum"),
                "{}: teckenförklaring saknas",
                s.code
            );
            assert!(own.contains(" mån: "), "{}: kontrollpunkternas status saknas", s.code);
            assert!(
                ["jan ", "apr ", "jul ", "okt "].iter().any(|m| own.contains(m)),
                "{}: diagrammets månader saknas",
                s.code
            );
        }
    }
    assert!(with_plan >= 3, "demoregistret har särskilt följda insatser med godkänd plan");
}

/// "Ändrade målvärden sedan godkännandet": an indicator whose baseline and both targets were
/// changed by a new version is named once, with the version and reason once, beside its
/// three rows (issue 18: a name per context, not per row).
#[test]
fn an_indicator_with_several_changed_targets_is_named_once() {
    let (dir, file) = register();
    let mut register = Register::open(&file).unwrap();
    let id = register.initiative_by_code("NR-2024-002").unwrap().id;
    let draft = register.new_plan_version(id, "Nya mål efter uppföljningen").unwrap();
    let mut plan = draft.plan.clone();
    let handl = plan.benefits.iter_mut().flat_map(|b| b.indicators.iter_mut()).find(|i| i.code == "HANDL").unwrap();
    handl.baseline.as_mut().unwrap().value += rust_decimal::Decimal::ONE;
    for target in &mut handl.targets {
        target.value -= rust_decimal::Decimal::ONE;
    }
    let draft = register.save_plan_draft(draft.id, draft.row_version, &plan).unwrap();
    let approval = nytta::model::version::Approval {
        approved_by: "Strategiska samordningsgruppen".into(),
        approved_at: NaiveDate::from_ymd_opt(2026, 6, 10).unwrap(),
        decision_ref: "SSG 2026-06-10 §7".into(),
    };
    register.approve_plan(draft.id, draft.row_version, &approval).unwrap();
    drop(register);

    let pdf = dir.path().join("insats.pdf");
    let out = nytta(&["report", "initiative", path(&file), "--initiative", "NR-2024-002", "--date", DATE, "--out", path(&pdf)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    keep(&pdf, "andrade-malvarden.pdf");
    let flat = squash(&pdftotext(&pdf));
    let section = &flat[flat.find("Ändrade målvärden sedan godkännandet").expect("the section")..];
    let section = &section[..section.find("Sida ").unwrap_or(section.len())];
    for what in ["Baslinje", "Mål 6", "Mål 12"] {
        assert!(section.contains(what), "{what}: {section}");
    }
    assert_eq!(section.matches("HANDL").count(), 1, "the indicator once: {section}");
    assert_eq!(section.matches("Nya mål efter uppföljningen").count(), 1, "the reason once: {section}");
}
