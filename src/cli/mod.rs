//! The `nytta` command line: parse, call the library, print. Exit codes: 0 success,
//! 1 a user error (a Swedish message on stderr), 2 wrong usage. This module declares the
//! commands and their flags (a public interface: scripts call them) and dispatches; one
//! module per area prints: `list` (lists and checks), `calc`, `status` (statuses and charts),
//! `import`, `export`, `report`, `write` (approvals, new versions, single measurements).

use nytta::app::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use nytta::app::OpenRegister;

mod calc;
mod export;
mod import;
mod list;
mod report;
mod status;
mod write;

#[cfg(test)]
mod output_tests;

#[derive(Parser)]
#[command(
    name = "nytta",
    version,
    about = "Nyttoregistret on the command line: create, inspect and report on a benefit register (.nytta file).",
    long_about = None
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty register.
    Init {
        /// The register file to create (it must not exist).
        file: PathBuf,
        /// The register's name, shown in the window title and on reports.
        #[arg(long)]
        name: Option<String>,
    },
    /// Write the demo register (fictional initiatives of a Swedish city).
    Demo {
        /// The register file to create (it must not exist).
        file: PathBuf,
    },
    /// Check a register: schema version, SQLite integrity, counts per entity.
    Check {
        file: PathBuf,
    },
    /// Take a backup copy of a register (next to it, or to --out).
    Backup {
        file: PathBuf,
        /// Where to write the copy (must not exist). Default: FILE.backup-<timestamp>.nytta.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replace a register with a backup. Refuses to overwrite FILE unless --force; with
    /// --force, FILE itself is backed up first.
    Restore {
        backup: PathBuf,
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Approve the draft calculation or plan of an initiative; it is frozen from then on.
    Approve {
        /// calc or plan.
        #[arg(value_enum)]
        document: write::Document,
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        /// Who approved, e.g. "Digitaliseringsrådet".
        #[arg(long)]
        by: String,
        /// The date of the decision, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The decision reference, e.g. "DR 2026-03-12 §4".
        #[arg(long = "ref")]
        decision_ref: String,
    },
    /// Start a new draft version of an approved calculation or plan, with a reason.
    NewVersion {
        #[arg(value_enum)]
        document: write::Document,
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        reason: String,
    },
    /// Record one measurement of an indicator.
    Measure {
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        indicator: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Decimal comma or point, e.g. 12,5.
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        #[arg(long, default_value = "")]
        source: String,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// List the backups of a register, newest first.
    Backups {
        file: PathBuf,
    },
    /// Compute an initiative's benefit calculation: the results of all three scenarios.
    /// Without --version: the latest approved version, else the draft.
    Calc {
        file: PathBuf,
        /// The initiative's code, e.g. NR-2025-003.
        #[arg(long)]
        initiative: String,
        /// Show this version instead (1, 2, …).
        #[arg(long)]
        version: Option<u32>,
        /// Print JSON (documented in docs/nyttokalkyl.md) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the register's calculation factors (named prices such as kr per hour).
    Factors {
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Follow-up per initiative and indicator as of a date: checkpoint dates, the
    /// measurement used, achievement and status (JSON: see docs/uppfoljning.md §10).
    Status {
        file: PathBuf,
        /// The date to evaluate as of (YYYY-MM-DD). Default: today (the demo date for a demo register).
        #[arg(long)]
        date: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Draw the follow-up chart of one indicator as SVG.
    Chart {
        file: PathBuf,
        /// The initiative's code, e.g. NR-2024-002.
        #[arg(long)]
        initiative: String,
        /// The indicator's code in the initiative's approved plan, e.g. NKI.
        #[arg(long)]
        indicator: String,
        /// The SVG file to write.
        #[arg(long)]
        out: PathBuf,
        /// The date to draw as of (YYYY-MM-DD). Default: today (the demo date for a demo register).
        #[arg(long)]
        date: Option<String>,
    },
    /// Make a PDF report: the council pack or the report on one initiative.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Import into a register: measurements from CSV or XLSX, or a whole register from JSON.
    Import {
        #[command(subcommand)]
        import: ImportCommand,
    },
    /// Export a register: the whole register as JSON or XLSX, or the data behind an
    /// initiative's charts as CSV or XLSX.
    Export {
        #[command(subcommand)]
        export: ExportCommand,
    },
    /// List the initiatives of a register.
    List {
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import measurements from a CSV or XLSX file (columns Insats, Indikator, Datum, Värde,
    /// optionally Källa and Kommentar). All rows or none: on any error nothing is imported
    /// and every error is listed (exit 1).
    Measurements {
        /// The register file.
        file: PathBuf,
        /// The CSV (; , or tab separated) or XLSX file.
        data: PathBuf,
        /// Only check and count new, unchanged and conflicting rows; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace stored values that the file changes (the old values stay in the log).
        #[arg(long)]
        replace: bool,
    },
    /// Import a whole register from its JSON export (docs/json-format.md) into an empty
    /// register; FILE is created when it does not exist. All or nothing.
    Json {
        /// The register file (new, or empty).
        file: PathBuf,
        /// The JSON file written by `nytta export json`.
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The whole register as JSON (docs/json-format.md); `nytta import json` reads it back.
    Json {
        /// The register file.
        file: PathBuf,
        /// The JSON file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// The whole register as an Excel workbook, one sheet per kind of record (docs/export.md).
    Xlsx {
        /// The register file.
        file: PathBuf,
        /// The XLSX file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// The data behind every chart of one initiative (the calculation chart and the follow-up
    /// chart of each indicator), or with --portfolio behind the council pack's portfolio
    /// charts (docs/export.md). CSV, or XLSX when OUT ends in .xlsx.
    #[command(group(clap::ArgGroup::new("charts").required(true).args(["initiative", "portfolio"])))]
    ChartData {
        /// The register file.
        file: PathBuf,
        /// The initiative's code, e.g. NR-2024-002.
        #[arg(long)]
        initiative: Option<String>,
        /// The portfolio's charts instead: benefit status per organisation, calculated and
        /// realised benefit per initiative.
        #[arg(long)]
        portfolio: bool,
        /// With --portfolio: only the initiatives this organisation supplies (its leverantör,
        /// which delivers and follows them up), by its name, any case.
        #[arg(long, conflicts_with = "initiative")]
        org: Option<String>,
        /// The date the follow-up is evaluated as of (YYYY-MM-DD). Default: the demo
        /// register's date for the demo register, else today.
        #[arg(long)]
        date: Option<String>,
        /// The CSV or XLSX file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The council pack (underlag till digitaliseringsrådet) for the period ending on --date.
    Council {
        file: PathBuf,
        /// The last day of the reporting period (YYYY-MM-DD). Default: today (the demo date for a demo register).
        #[arg(long)]
        date: Option<String>,
        /// Only the initiatives this organisation (förvaltning or bolag) supplies: their
        /// leverantör, which delivers and follows them up. By its name, any case.
        #[arg(long)]
        org: Option<String>,
        /// The PDF file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// Årlig analys av digital utveckling och förvaltning (stadens mall) för en leverantör och
    /// ett år, som PDF eller Word-dokument (.docx): genomförd effekthemtagning, portföljanalys,
    /// pågående och föreslagna förändringsinsatser, kostnader och leverantörens analys.
    Annual {
        /// Registerfilen.
        file: PathBuf,
        /// Leverantören (förvaltning eller bolag) som analysen gäller, med sitt namn i valfri
        /// skiftläge.
        #[arg(long)]
        org: String,
        /// Året analysen gäller (mallens årtal: Prognos för året, Budget året före, Utfall två
        /// år före). Standard: året efter registrets datum.
        #[arg(long)]
        year: Option<i32>,
        /// pdf eller docx. Standard: efter filändelsen i --out.
        #[arg(long, value_enum)]
        format: Option<report::AnnualFormat>,
        /// Filen som skrivs (.pdf eller .docx; ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
    /// The report on one initiative: calculation, plan, follow-up, measurements, versions.
    Initiative {
        file: PathBuf,
        /// The initiative's code, e.g. NR-2024-002.
        #[arg(long)]
        initiative: String,
        /// The date to report as of (YYYY-MM-DD). Default: today (the demo date for a demo register).
        #[arg(long)]
        date: Option<String>,
        /// The PDF file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn main() -> ExitCode {
    restore_default_sigpipe();
    let matches = Args::command().get_matches();
    let result = Args::from_arg_matches(&matches)
        .map_err(|error| error.exit())
        .and_then(|args| {
            refuse_register_outputs(&matches)?;
            run(args.command)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let (message, detail) = user_message(&error);
            eprintln!("Fel: {message}");
            if let Some(detail) = detail.filter(|_| std::env::var_os("NYTTA_DETALJER").is_some()) {
                eprintln!("Teknisk detalj: {detail}");
            }
            ExitCode::from(1)
        }
    }
}

/// Refuses, before any command runs, an output path (`--out`, in every command that writes
/// a file) that is a register, a file beside one or a link to one. The one output writer
/// refuses them too when it writes; this makes it impossible for a command to do any work
/// towards a file that would destroy a register, whichever command it is.
fn refuse_register_outputs(matches: &clap::ArgMatches) -> anyhow::Result<()> {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    let path = |id: &str| leaf.try_get_one::<PathBuf>(id).ok().flatten();
    if let Some(out) = path(OUTPUT_ARG) {
        nytta::files::refuse_register(out, path(REGISTER_ARG).map(PathBuf::as_path))?;
    }
    Ok(())
}

/// The name of every argument that names a file a command writes.
const OUTPUT_ARG: &str = "out";
/// The name of the argument that names the register a command works on.
const REGISTER_ARG: &str = "file";

/// The Swedish sentences of `error` — the command's own context and the library's sentence —
/// and, apart, what lies below the library's sentence: the operating system's or SQLite's own
/// (English) account, shown only on request (`NYTTA_DETALJER=1`), for troubleshooting.
fn user_message(error: &anyhow::Error) -> (String, Option<String>) {
    let mut said = Vec::new();
    let mut chain = error.chain();
    for cause in chain.by_ref() {
        said.push(cause.to_string());
        if speaks_swedish_alone(cause) {
            break;
        }
    }
    let detail: Vec<String> = chain.map(|cause| cause.to_string()).collect();
    (said.join(": "), (!detail.is_empty()).then(|| detail.join(": ")))
}

/// The library's errors say everything the user needs in their own sentence; their sources
/// are the detail behind it.
fn speaks_swedish_alone(error: &(dyn std::error::Error + 'static)) -> bool {
    error.is::<nytta::app::StoreError>()
        || error.is::<nytta::files::OutputError>()
        || error.is::<nytta::io::export::ExportError>()
        || error.is::<nytta::app::exports::ExportError>()
        || error.is::<nytta::report::ReportError>()
        || error.is::<nytta::app::import::MeasurementImportError>()
        || error.is::<nytta::io::ImportError>()
        || error.is::<nytta::io::register_json::JsonError>()
}

/// `nytta list FILE | head` must end quietly when `head` closes the pipe, as other Unix
/// tools do, instead of panicking inside `println!`.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init { file, name } => {
            let name = name.unwrap_or_else(|| list::stem(&file));
            OpenRegister::create(&file, &name)?;
            println!("Skapade registret {} ({}).", name, file.display());
        }
        Command::Demo { file } => {
            nytta::demo::create(&file)?;
            println!("Skapade demoregistret {}.", file.display());
        }
        Command::Check { file } => {
            let register = OpenRegister::open(&file)?;
            let report = register.check()?;
            print!("{}", list::check_text(&register.name()?, &report));
            if report.integrity != "ok" || report.foreign_key_violations > 0 {
                anyhow::bail!("registret klarade inte kontrollen");
            }
        }
        Command::Backup { file, out } => {
            // Opening first refuses a file that is not an intact register.
            let register = OpenRegister::open(&file)?;
            let target = match out {
                Some(out) => {
                    register.backup_to(&out)?;
                    out
                }
                None => register.take_backup()?,
            };
            println!("Säkerhetskopian är sparad: {}", target.display());
        }
        Command::Restore { backup, file, force } => {
            let saved = nytta::app::register::restore(&backup, &file, force)?;
            if let Some(saved) = saved {
                println!("Det ersatta registret är sparat som {}.", saved.display());
            }
            println!("Återställde {} från {}.", file.display(), backup.display());
        }
        Command::Approve { document, file, initiative, by, date, decision_ref } => {
            write::approve(&file, document, &initiative, &by, &date, &decision_ref)?
        }
        Command::NewVersion { document, file, initiative, reason } => {
            write::new_version(&file, document, &initiative, &reason)?
        }
        Command::Measure { file, initiative, indicator, date, value, source, comment } => {
            write::measure(&file, &initiative, &indicator, &date, &value, &source, &comment)?
        }
        Command::Backups { file } => {
            for backup in nytta::app::register::backups_of(&file)? {
                println!("{}", backup.display());
            }
        }
        Command::Calc { file, initiative, version, json } => calc::calc(&file, &initiative, version, json)?,
        Command::Factors { file, json } => calc::factors(&file, json)?,
        Command::Status { file, date, json } => status::status(&file, date.as_deref(), json)?,
        Command::Chart { file, initiative, indicator, out, date } => {
            status::chart(&file, &initiative, &indicator, &out, date.as_deref())?
        }
        Command::Report { report } => match report {
            ReportCommand::Council { file, date, org, out } => {
                report::council(&file, date.as_deref(), org.as_deref(), &out)?
            }
            ReportCommand::Annual { file, org, year, format, out } => report::annual(&file, &org, year, format, &out)?,
            ReportCommand::Initiative { file, initiative, date, out } => {
                report::initiative(&file, &initiative, date.as_deref(), &out)?
            }
        },
        Command::Import { import } => match import {
            ImportCommand::Measurements { file, data, dry_run, replace } => {
                import::measurements(&file, &data, dry_run, replace)?
            }
            ImportCommand::Json { file, data } => import::json(&file, &data)?,
        },
        Command::Export { export } => match export {
            ExportCommand::Json { file, out } => export::json(&file, &out)?,
            ExportCommand::Xlsx { file, out } => export::xlsx(&file, &out)?,
            ExportCommand::ChartData { file, initiative, portfolio: _, org, date, out } => match initiative {
                Some(initiative) => export::chart_data(&file, &initiative, date.as_deref(), &out)?,
                None => export::portfolio_chart_data(&file, org.as_deref(), date.as_deref(), &out)?,
            },
        },
        Command::List { file, json } => {
            let register = OpenRegister::open(&file)?;
            let initiatives = register.initiative_summaries()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&initiatives)?);
            } else {
                print!("{}", list::initiative_table(&initiatives));
            }
        }
    }
    Ok(())
}
