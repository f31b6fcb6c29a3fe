//! The annual analysis (seed 003) through the CLI, as PDF and as Word: the PDF read back with
//! `pdftotext` (poppler-utils), the Word document read by a program that is not its writer —
//! LibreOffice headless converts it to PDF (`soffice --convert-to pdf`, Debian's
//! libreoffice-writer-nogui, installed by `cargo xtask test`) and `pdftotext` finds every
//! heading of the template and a sample of the values. Both tools missing fail the test: a
//! silent skip would hide a document Word cannot open.
//!
//! The files are also left in `target/tmp/annual/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use nytta::model::annual_analysis::Section;
use nytta::store::prelude::*;
use nytta::store::Register;

use crate::support::cli::{nytta, text};

const DMS: &str = "Förvaltningen för demokrati och medborgarservice";
const ANALYSIS: &str = "Portföljen domineras av effektiviseringar med extern nytta.";

/// Every heading of the analysis, in the template's words.
const HEADINGS: &[&str] = &[
    "Årlig analys av digital utveckling och förvaltning 2027",
    "1 Befintliga bastjänster och digital infrastruktur",
    "1.1 Genomförd effekthemtagning",
    "1.3 Portföljanalys",
    "1.4 Pågående förändringsinsatser",
    "2 Förslag på nya förändringsinsatser",
    "2.2 Förslag på nya förändringsinsatser",
    "3 Kostnader och fördelningsnycklar",
    "3.1 Kostnader förvaltning och utveckling",
    "Leverantörens analys",
];

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// All whitespace as one space, so a text that wraps is still found.
fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", path(pdf), "-"]).output().unwrap_or_else(|e| {
        panic!("pdftotext kunde inte köras ({e}). Installera poppler-utils (apt-get install poppler-utils).")
    });
    assert!(out.status.success(), "pdftotext misslyckades: {}", text(&out.stderr));
    squash(&text(&out.stdout))
}

fn keep(file: &Path, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("annual");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(file, dir.join(name)).unwrap();
}

/// The demo register with DMS's analysis text of section 1.3 for 2027.
fn register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.nytta");
    let mut register: Register = nytta::demo::create(&file).unwrap();
    let dms = register.organisations().unwrap().into_iter().find(|o| o.name == DMS).unwrap().id;
    register.save_analysis_text(dms, 2027, Section::Portfolio, 0, ANALYSIS).unwrap();
    drop(register);
    (dir, file)
}

/// What both files must say: the headings, the supplier, the supplier's text and values from
/// the register.
fn check_content(what: &str, content: &str) {
    for heading in HEADINGS {
        assert!(content.contains(heading), "{what}: rubriken ”{heading}” saknas:\n{content}");
    }
    for value in [
        DMS,
        "Nämnden för demokrati och medborgarservice",
        ANALYSIS,
        "Namn på bastjänst eller infrastrukturtjänst",
        "Effektivitet – innovation",
        "Intern och extern",
        "Utfall 2025",
        "Budget 2026",
        "Prognos budget 2027",
        "Bättre sök på goteborg.se",
        "Utveckling av kalendariet",
        "Saknar effektmål",
        "Ingen analys är skriven för avsnittet.",
    ] {
        assert!(content.contains(value), "{what}: ”{value}” saknas:\n{content}");
    }
}

#[test]
fn the_annual_analysis_is_written_as_pdf_and_as_word_that_libreoffice_reads() {
    let (dir, file) = register();
    let pdf = dir.path().join("analys.pdf");
    let out = nytta(&["report", "annual", path(&file), "--org", "förvaltningen för demokrati och medborgarservice", "--year", "2027", "--out", path(&pdf)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("Skrev årlig analys 2027 för {DMS} som PDF")), "{}", text(&out.stdout));
    keep(&pdf, "dms.pdf");
    check_content("PDF", &pdftotext(&pdf));

    // Word by --format (the extension is added by nobody: the file is named as asked).
    let docx = dir.path().join("analys.docx");
    let out = nytta(&["report", "annual", path(&file), "--org", DMS, "--format", "docx", "--out", path(&docx)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("som Word-dokument"), "{}", text(&out.stdout));
    keep(&docx, "dms.docx");

    let converted = dir.path().join("libreoffice");
    let profile = dir.path().join("lo-profil");
    let run = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir", path(&converted), path(&docx)])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "soffice kunde inte köras ({e}). Installera LibreOffice headless (apt-get install \
                 libreoffice-writer-nogui); testet läser Word-dokumentet med ett annat program än det som skrev det."
            )
        });
    let read = converted.join("analys.pdf");
    assert!(run.status.success() && read.exists(), "LibreOffice kunde inte läsa Word-dokumentet: {}{}", text(&run.stdout), text(&run.stderr));
    keep(&read, "dms-docx-libreoffice.pdf");
    check_content("Word-dokumentet", &pdftotext(&read));
}

#[test]
fn the_format_comes_from_the_flag_or_the_extension_and_a_wrong_flag_is_named() {
    let (dir, file) = register();
    let run = |args: &[&str]| {
        let mut all = vec!["report", "annual", path(&file)];
        all.extend_from_slice(args);
        nytta(&all)
    };
    let refused = |args: &[&str], flag: &str| {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stderr));
        let message = text(&out.stderr);
        assert!(message.starts_with(&format!("Fel: {flag}")), "{args:?}: {message}");
        message
    };
    let pdf = dir.path().join("a.pdf");
    let docx = dir.path().join("a.docx");
    let odd = dir.path().join("a.txt");
    refused(&["--org", "Intraservice", "--format", "docx", "--out", path(&pdf)], "--format");
    refused(&["--org", "Intraservice", "--out", path(&odd)], "--out");
    refused(&["--org", "Intraservice", "--year", "1999", "--out", path(&pdf)], "--year");
    refused(&["--org", " ", "--out", path(&pdf)], "--org");
    let unknown = run(&["--org", "Okänd förvaltning", "--out", path(&pdf)]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("Det finns ingen organisation som heter Okänd förvaltning"), "{}", text(&unknown.stderr));
    assert!(!pdf.exists() && !docx.exists(), "nothing is written when refused");
    // Not a number: clap's usage error.
    assert_eq!(run(&["--org", "Intraservice", "--year", "nästa", "--out", path(&pdf)]).status.code(), Some(2));

    // By extension, any case; the year defaults to the one after the register's date.
    let upper = dir.path().join("B.DOCX");
    let out = run(&["--org", "intraservice", "--out", path(&upper)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Skrev årlig analys 2027 för Intraservice som Word-dokument"), "{}", text(&out.stdout));
    assert!(std::fs::read(&upper).unwrap().starts_with(b"PK"));
    let out = run(&["--org", "Intraservice", "--format", "pdf", "--out", path(&odd)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&odd).unwrap().starts_with(b"%PDF"));

    // The help is Swedish.
    let help = text(&nytta(&["report", "annual", "--help"]).stdout);
    assert!(help.contains("Årlig analys av digital utveckling och förvaltning") && help.contains("Leverantören"), "{help}");
}

#[test]
fn the_same_register_gives_the_same_word_document() {
    let (dir, file) = register();
    let register = nytta::app::OpenRegister::open(&file).unwrap();
    let first = nytta::app::annual_analysis::annual_analysis_docx(&register, DMS, 2027).unwrap();
    let again = nytta::app::annual_analysis::annual_analysis_docx(&register, DMS, 2027).unwrap();
    assert_eq!(first, again);
    drop(dir);
}

/// The JSON document (format version 3) carries the texts: exported, imported into an empty
/// register and exported again, byte for byte; a version-2 document cannot hold them, and a
/// section twice in a year is refused naming its path.
#[test]
fn the_json_document_carries_the_texts_and_older_versions_cannot() {
    use nytta::io::register_json::{read_document, write_document};
    let (dir, file) = register();
    let export = |path: &Path| {
        let register = nytta::app::OpenRegister::open(path).unwrap();
        let mut out = Vec::new();
        write_document(&nytta::app::exports::export_document(&register).unwrap(), &mut out).unwrap();
        out
    };
    let first = export(&file);
    let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let dms = json["organisations"].as_array().unwrap().iter().find(|o| o["name"] == DMS).unwrap();
    assert_eq!(dms["analysis_texts"][0]["section"], "1.3");
    assert_eq!(dms["analysis_texts"][0]["text"], ANALYSIS);
    let others = json["organisations"].as_array().unwrap().iter().filter(|o| o.get("analysis_texts").is_some()).count();
    assert_eq!(others, 1, "an organisation without texts has no such field");

    let copy = dir.path().join("kopia.nytta");
    let mut register = Register::create(&copy, "Kopia").unwrap();
    nytta::app::import::import_document(&mut register, &read_document(&first).unwrap()).unwrap();
    let id = register.organisations().unwrap().into_iter().find(|o| o.name == DMS).unwrap().id;
    let texts = register.analysis_texts(id, 2027).unwrap();
    assert_eq!((texts[0].section, texts[0].text.as_str(), texts[0].row_version), (Section::Portfolio, ANALYSIS, 1));
    drop(register);
    assert!(export(&copy) == first, "the second export differs from the first");

    let edited = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut value = json.clone();
        change(&mut value);
        serde_json::to_vec(&value).unwrap()
    };
    let position = json["organisations"].as_array().unwrap().iter().position(|o| o["name"] == DMS).unwrap();
    // A version-2 document with nothing of version 3 but the texts.
    let older = edited(&|v| {
        v["version"] = 2.into();
        let root = v.as_object_mut().unwrap();
        root.remove("goal_areas");
        root.insert("initiatives".into(), serde_json::json!([]));
        root.insert("audit_log".into(), serde_json::json!([]));
        for o in v["organisations"].as_array_mut().unwrap() {
            o.as_object_mut().unwrap().retain(|k, _| ["id", "name", "kind", "committee", "analysis_texts"].contains(&k.as_str()));
        }
    });
    let message = read_document(&older).unwrap_err().to_string();
    assert!(message.contains(&format!("organisations[{position}].analysis_texts")) && message.contains("version 1 och 2"), "{message}");

    let twice = edited(&|v| {
        let texts = v["organisations"][position]["analysis_texts"].as_array_mut().unwrap();
        let again = texts[0].clone();
        texts.push(again);
    });
    let target = dir.path().join("dubbel.nytta");
    let mut register = Register::create(&target, "Dubbel").unwrap();
    let message = nytta::app::import::import_document(&mut register, &read_document(&twice).unwrap()).unwrap_err().to_string();
    assert!(message.contains(&format!("organisations[{position}].analysis_texts[1].section")), "{message}");
    assert!(register.is_empty().unwrap(), "nothing was imported");
}
