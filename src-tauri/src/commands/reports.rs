//! The Reports view: make the council pack or an initiative report, preview its pages, save
//! it, open it in the system's PDF reader, and export the whole register as XLSX or JSON.
//!
//! A report can take a while for a large register, so it is made on a blocking thread with a
//! connection of its own (the window's other commands keep working meanwhile) and tells the
//! window through a channel which phase it is in. The last report stays in [`AppState`].

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use nytta::app::AppError;
use nytta::model::FieldError;
use nytta::report::{preview, ReportError};
use nytta::app::OpenRegister;

use crate::error::{UiError, UiResult};
use crate::files;
use crate::state::{AppState, LastReport};

/// Width of a preview page in pixels: A4 at 150 dots per inch, sharp on a high-DPI screen.
pub const PREVIEW_WIDTH_PX: u32 = 1240;

impl From<ReportError> for UiError {
    fn from(error: ReportError) -> Self {
        UiError::new(error.to_string())
    }
}

impl From<AppError> for UiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Store(store) => store.into(),
            AppError::Report(report) => report.into(),
        }
    }
}

/// Which report to make.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Underlag till the governing body (`app::lists::governing_body`).
    Council,
    /// Rapport om en insats.
    Initiative,
    /// Beslutsunderlag (utkast): the initiative's drafts, every page marked as a draft.
    Decision,
}

/// A phase of making a report, sent to the window as it starts; the window words it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Opening the register.
    Open,
    /// Reading the register and drawing the charts.
    Reading,
    /// Laying out the pages.
    Typesetting,
    /// Writing the PDF.
    Writing,
    /// Counting the pages for the preview.
    Preview,
}

impl From<nytta::report::Phase> for Phase {
    fn from(phase: nytta::report::Phase) -> Self {
        match phase {
            nytta::report::Phase::Reading => Phase::Reading,
            nytta::report::Phase::Typesetting => Phase::Typesetting,
            nytta::report::Phase::Writing => Phase::Writing,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ReportSummary {
    pub pages: usize,
    /// A file name to suggest in the save dialog.
    pub file_name: String,
    /// Why the file is not PDF/A, when it is not (characters no embedded font has).
    pub not_pdf_a: Option<String>,
}

/// Refuses a second report while one is being made (the button is disabled meanwhile too).
static MAKING: AtomicBool = AtomicBool::new(false);

pub(super) struct Making;

impl Making {
    pub(super) fn start() -> UiResult<Making> {
        if MAKING.swap(true, Ordering::SeqCst) {
            return Err(UiError::new(
                "En rapport skapas redan. Vänta tills den är klar.",
            ));
        }
        Ok(Making)
    }
}

impl Drop for Making {
    fn drop(&mut self) {
        MAKING.store(false, Ordering::SeqCst);
    }
}

/// What the window asked for, checked.
struct Request {
    kind: ReportKind,
    date: NaiveDate,
    organisation: Option<String>,
    /// The council pack's customer scope; never together with `organisation`.
    customer: Option<String>,
    initiative: String,
}

/// The period end date of the Reports view's form (`ÅÅÅÅ-MM-DD`), or the error for its field.
pub(super) fn period_end(date: &str) -> Result<NaiveDate, FieldError> {
    match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(d) if date.trim().len() == 10 => Ok(d),
        _ => Err(FieldError::new(
            "date",
            "Periodens slutdatum: skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-10-31.",
        )),
    }
}

fn check(
    kind: ReportKind,
    date: &str,
    organisation: Option<String>,
    customer: Option<String>,
    initiative: Option<String>,
) -> UiResult<Request> {
    let mut fields = Vec::new();
    let date = match period_end(date) {
        Ok(d) => Some(d),
        Err(error) => {
            fields.push(error);
            None
        }
    };
    let initiative = initiative.map(|c| c.trim().to_string()).unwrap_or_default();
    if matches!(kind, ReportKind::Initiative | ReportKind::Decision) && initiative.is_empty() {
        fields.push(FieldError::new(
            "initiative",
            "Insats: välj vilken insats rapporten ska handla om.",
        ));
    }
    let organisation = organisation
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty());
    let customer = customer.map(|o| o.trim().to_string()).filter(|o| !o.is_empty());
    if organisation.is_some() && customer.is_some() {
        fields.push(FieldError::new(
            "customer",
            "Kund: välj en leverantör eller en kund, inte båda.",
        ));
    }
    match date {
        Some(date) if fields.is_empty() => Ok(Request {
            kind,
            date,
            organisation,
            customer,
            initiative,
        }),
        _ => Err(UiError {
            message: "Rapporten skapades inte. Rätta de markerade fälten.".into(),
            fields,
        }),
    }
}

/// A file name without characters that file systems refuse.
pub(super) fn file_name(parts: &[&str]) -> String {
    let name: String = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{}.pdf", name.trim().trim_start_matches('.'))
}

fn make(
    path: PathBuf,
    request: &Request,
    progress: &Channel<Phase>,
) -> UiResult<(nytta::report::Pdf, usize, String)> {
    // A lost progress message only leaves the window's phase behind; the report goes on.
    let _ = progress.send(Phase::Open);
    let register = OpenRegister::open(&path)?;
    let mut tell = |phase: nytta::report::Phase| {
        let _ = progress.send(phase.into());
    };
    let date = nytta::format::date(request.date);
    let (pdf, name) = match request.kind {
        ReportKind::Council => (
            nytta::app::reports::council_pack_scoped(
                &register,
                request.date,
                match (&request.organisation, &request.customer) {
                    (Some(o), _) => nytta::app::reports::PackScope::Supplier(o),
                    (None, Some(c)) => nytta::app::reports::PackScope::Customer(c),
                    (None, None) => nytta::app::reports::PackScope::Register,
                },
                &mut tell,
            )?,
            file_name(&[
                // "Underlag till strategiska samordningsgruppen", or the organisation's body.
                &nytta::model::register_lists::council_title(&nytta::app::lists::governing_body(
                    &register,
                    request.organisation.as_deref(),
                )?),
                &date,
                &match (&request.organisation, &request.customer) {
                    (Some(o), _) => o.clone(),
                    (None, Some(c)) => format!("kund {c}"),
                    (None, None) => String::new(),
                },
            ]),
        ),
        ReportKind::Initiative => (
            nytta::app::reports::initiative_report_with_progress(
                &register,
                &request.initiative,
                request.date,
                &mut tell,
            )?,
            file_name(&["Rapport", &request.initiative.to_uppercase(), &date]),
        ),
        ReportKind::Decision => (
            nytta::app::reports::decision_document_with_progress(
                &register,
                &request.initiative,
                request.date,
                &mut tell,
            )?,
            file_name(&["Beslutsunderlag", &request.initiative.to_uppercase(), &date, "(utkast)"]),
        ),
    };
    let _ = progress.send(Phase::Preview);
    let pages = preview::page_count(&pdf.bytes)?;
    Ok((pdf, pages, name))
}

/// Makes a report off the window's thread and keeps it for the preview. `on_progress` hears
/// each phase as it starts.
#[tauri::command]
pub async fn generate_report(
    state: State<'_, AppState>,
    kind: ReportKind,
    date: String,
    organisation: Option<String>,
    customer: Option<String>,
    initiative: Option<String>,
    on_progress: Channel<Phase>,
) -> UiResult<ReportSummary> {
    let request = check(kind, &date, organisation, customer, initiative)?;
    let (path, generation) = state.register_and_generation()?;
    let _making = Making::start()?;
    let register = path.clone();
    let (pdf, pages, file_name) = tauri::async_runtime::spawn_blocking(move || make(path, &request, &on_progress))
        .await
        .map_err(|_| UiError::new("Rapporten kunde inte skapas på grund av ett internt fel. Inget har ändrats i registret."))??;
    if pages == 0 {
        return Err(UiError::new("Rapporten blev tom och kan inte visas."));
    }
    let summary = ReportSummary {
        pages,
        file_name: file_name.clone(),
        not_pdf_a: pdf.not_pdf_a.clone(),
    };
    // Dropped, not kept for the next register, when the register was closed or replaced
    // while the report was being made.
    state.keep_report(LastReport {
        pdf: Arc::new(pdf.bytes),
        pages,
        file_name,
        on_disk: None,
        register,
        generation,
    })?;
    Ok(summary)
}

/// Page `index` (from 0) of the last report as a `data:image/png;base64,…` URL.
#[tauri::command]
pub async fn report_page(state: State<'_, AppState>, index: usize) -> UiResult<String> {
    let pdf = state.with_report(|r| {
        if index >= r.pages {
            return Err(UiError::new(format!(
                "Rapporten har {} sidor; sida {} finns inte.",
                r.pages,
                index + 1
            )));
        }
        Ok(r.pdf.clone())
    })?;
    let png = tauri::async_runtime::spawn_blocking(move || {
        preview::page_png(&pdf, index, PREVIEW_WIDTH_PX)
    })
    .await
    .map_err(|_| UiError::new("Sidan kunde inte visas på grund av ett internt fel."))?
    .map_err(|e| UiError::new(format!("Sidan kunde inte visas. {e}")))?;
    use base64::Engine;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

/// Saves the last report as `path` (from the save dialog; always as a `.pdf`, never over a
/// register); returns the file written.
#[tauri::command]
pub async fn save_report(state: State<'_, AppState>, path: String) -> UiResult<String> {
    let (pdf, register, generation) =
        state.with_report(|r| Ok((r.pdf.clone(), r.register.clone(), r.generation)))?;
    let target = files::target(&path, "pdf", Some(&register))?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        files::write_atomic(&written, Some(&register), |out| out.write_all(&pdf))
    })
    .await
    .map_err(|_| UiError::new("Rapporten kunde inte sparas på grund av ett internt fel."))??;
    // The file is written either way; remembered only for the report it was saved from.
    state.with_report(|r| {
        if r.generation == generation {
            r.on_disk = Some(target.clone());
        }
        Ok(())
    })?;
    Ok(target.display().to_string())
}

/// Opens the last report in the system's PDF reader: the saved file, or else a copy in the
/// app's cache folder. Returns the file opened.
#[tauri::command]
pub async fn open_report<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> UiResult<String> {
    let (pdf, on_disk, name, register, generation) = state.with_report(|r| {
        Ok((
            r.pdf.clone(),
            r.on_disk.clone(),
            r.file_name.clone(),
            r.register.clone(),
            r.generation,
        ))
    })?;
    // Only a PDF is handed to the system's opener: never a program or another kind of file.
    let is_pdf = |p: &std::path::Path| {
        p.extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("pdf"))
            && p.is_file()
    };
    let path = match on_disk.filter(|p| is_pdf(p)) {
        Some(path) => path,
        None => {
            let dir = app
                .path()
                .app_cache_dir()
                .map_err(|e| {
                    eprintln!("Programmets cachemapp kunde inte hittas: {e}");
                    UiError::new("Programmets cachemapp kunde inte hittas. Spara rapporten med Spara som … och öppna filen därifrån.")
                })?
                .join("rapporter");
            create_private_dir(&dir)?;
            let path = dir.join(&name);
            if path.extension().is_none_or(|e| !e.eq_ignore_ascii_case("pdf")) {
                return Err(UiError::new(format!(
                    "Internt fel: {} är ingen PDF-fil och öppnas inte.",
                    path.display()
                )));
            }
            files::refuse_register(&path, Some(&register))?;
            let written = path.clone();
            tauri::async_runtime::spawn_blocking(move || {
                files::write_atomic(&written, Some(&register), |out| out.write_all(&pdf))
            })
            .await
            .map_err(|_| {
                UiError::new("Rapporten kunde inte sparas på grund av ett internt fel.")
            })??;
            state.with_report(|r| {
                if r.generation == generation {
                    r.on_disk = Some(path.clone());
                }
                Ok(())
            })?;
            path
        }
    };
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            // The opener's own text is English; it goes to the log, not the window.
            eprintln!("PDF-läsaren kunde inte öppnas: {e}");
            UiError::new(format!(
                "PDF-läsaren kunde inte öppnas. Rapporten finns i {}; öppna den därifrån.",
                path.display()
            ))
        })?;
    Ok(path.display().to_string())
}

fn create_private_dir(dir: &std::path::Path) -> UiResult<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| UiError::new(files::folder_message(dir, &e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_checked_field_by_field() {
        let ok = check(ReportKind::Council, "2026-10-31", Some("  ".into()), None, None).unwrap();
        assert_eq!(ok.date, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
        assert!(ok.organisation.is_none());

        let error = check(ReportKind::Initiative, "2026-02-30", None, None, Some(" ".into()))
            .err()
            .unwrap();
        let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["date", "initiative"]);
        assert!(error.message.contains("Rätta"));
        assert!(check(ReportKind::Council, "2026-1-31", None, None, None).is_err());
    }

    #[test]
    fn file_names_hold_no_path_separators() {
        assert_eq!(
            file_name(&[
                "Underlag till digitaliseringsrådet",
                "2026-10-31",
                "Vård/omsorg: Syd"
            ]),
            "Underlag till digitaliseringsrådet 2026-10-31 Vård-omsorg- Syd.pdf"
        );
        assert_eq!(
            file_name(&["Rapport", "NR-1", "2026-10-31", ""]),
            "Rapport NR-1 2026-10-31.pdf"
        );
    }

    /// The command path of making, paging and saving a report, without the window.
    #[test]
    fn a_council_pack_is_made_paged_and_saved_whole() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("demo.nytta");
        drop(nytta::demo::create(&register).unwrap());
        let request = check(ReportKind::Council, "2026-10-31", None, None, None).unwrap();
        let channel = Channel::new(|_| Ok(()));
        let (pdf, pages, name) = make(register, &request, &channel).unwrap();
        assert!(pages > 3, "{pages}");
        // The demo's register names the city's strategic coordination group (docs/demo.md).
        assert_eq!(name, "Underlag till strategiska samordningsgruppen 2026-10-31.pdf");
        let png = preview::page_png(&pdf.bytes, pages - 1, 200).unwrap();
        assert_eq!(&png[1..4], b"PNG");

        let target = files::target(dir.path().join("rapport").to_str().unwrap(), "pdf", None).unwrap();
        files::write_atomic(&target, None, |out| out.write_all(&pdf.bytes)).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("rapport.pdf")).unwrap(),
            pdf.bytes
        );
    }

    #[test]
    fn an_unknown_initiative_is_a_swedish_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("demo.nytta");
        drop(nytta::demo::create(&register).unwrap());
        let request = check(
            ReportKind::Initiative,
            "2026-10-31",
            None,
            None,
            Some("XX-1".into()),
        )
        .unwrap();
        let error = make(register, &request, &Channel::new(|_| Ok(())))
            .err()
            .unwrap();
        assert!(error.message.contains("XX-1"), "{}", error.message);
    }

    #[test]
    fn a_decision_document_is_made_for_a_draft_and_refused_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("demo.nytta");
        drop(nytta::demo::create(&register).unwrap());
        let request = check(ReportKind::Decision, "2026-10-31", None, None, Some("NR-2026-001".into())).unwrap();
        let (_, pages, name) = make(register.clone(), &request, &Channel::new(|_| Ok(()))).unwrap();
        assert!(pages >= 2, "{pages}");
        assert_eq!(name, "Beslutsunderlag NR-2026-001 2026-10-31 (utkast).pdf");

        let approved_only = check(ReportKind::Decision, "2026-10-31", None, None, Some("NR-2024-001".into())).unwrap();
        let error = make(register, &approved_only, &Channel::new(|_| Ok(()))).err().unwrap();
        assert!(error.message.contains("har inget utkast"), "{}", error.message);
        let missing = check(ReportKind::Decision, "2026-10-31", None, None, None).err().unwrap();
        assert_eq!(missing.fields[0].field, "initiative");
    }

    #[test]
    fn a_council_pack_for_a_customer_is_named_so_and_never_with_a_supplier_too() {
        let both = check(ReportKind::Council, "2026-10-31", Some("A".into()), Some("B".into()), None).err().unwrap();
        assert_eq!(both.fields[0].field, "customer");
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("demo.nytta");
        drop(nytta::demo::create(&register).unwrap());
        let request = check(ReportKind::Council, "2026-10-31", None, Some("Intraservice".into()), None).unwrap();
        let (_, pages, name) = make(register, &request, &Channel::new(|_| Ok(()))).unwrap();
        assert!(pages >= 2, "{pages}");
        assert!(name.ends_with(" 2026-10-31 kund Intraservice.pdf"), "{name}");
    }
}
