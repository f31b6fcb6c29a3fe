//! The `nytta` command line: parse, call the library, print. Exit codes: 0 success,
//! 1 a user error (a Swedish message on stderr), 2 wrong usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nytta::store::Register;

mod cli;

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
    /// List the initiatives of a register.
    List {
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Fel: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init { file, name } => {
            let name = name.unwrap_or_else(|| cli::stem(&file));
            Register::create(&file, &name)?;
            println!("Skapade registret {} ({}).", name, file.display());
        }
        Command::Demo { file } => {
            nytta::demo::create(&file)?;
            println!("Skapade demoregistret {}.", file.display());
        }
        Command::Check { file } => {
            let register = Register::open(&file)?;
            let report = register.check()?;
            print!("{}", cli::check_text(&register.name()?, &report));
            if report.integrity != "ok" || report.foreign_key_violations > 0 {
                anyhow::bail!("registret klarade inte kontrollen");
            }
        }
        Command::List { file, json } => {
            let register = Register::open(&file)?;
            let initiatives = register.initiative_summaries()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&initiatives)?);
            } else {
                print!("{}", cli::initiative_table(&initiatives));
            }
        }
    }
    Ok(())
}
