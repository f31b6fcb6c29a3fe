//! `nytta import …`: imports of measurements (CSV, XLSX) and of the whole register (JSON).
//! The exports are in `export.rs`.

use std::path::Path;

use anyhow::bail;
use nytta::files;
use nytta::format;
use nytta::io::FileDescription;
use nytta::app::import::{ImportCheck, MeasurementImportError};
use nytta::app::OpenRegister;

/// `nytta import measurements FILE DATA [--dry-run] [--replace]`.
pub fn measurements(file: &Path, data: &Path, dry_run: bool, replace: bool) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let progress = super::progress::Progress::start(&format!(
        "{} mätningarna i {}",
        if dry_run { "Kontrollerar" } else { "Importerar" },
        data.display()
    ));
    if dry_run {
        let check = nytta::app::import::check_measurement_import(&mut register, data)?;
        drop(progress);
        print_check(data, &check);
        print_problems(&check, replace);
        if let Some(refusal) = check.refusal(replace) {
            bail!("{}", refusal.replacen("Inget importerades", "En import skulle inte genomföras", 1));
        }
        println!("Provkörning: inget har ändrats i registret.");
        return Ok(());
    }
    let imported = nytta::app::import::import_measurements(&mut register, data, replace);
    drop(progress);
    match imported {
        Ok(summary) => {
            print_file(data, &summary.file);
            println!("Rader: {}", count(summary.rows));
            println!(
                "Importerade: {} nya, {} ersatta, {} oförändrade.",
                count(summary.added),
                count(summary.replaced),
                count(summary.unchanged)
            );
            Ok(())
        }
        Err(MeasurementImportError::Rejected { check, replace }) => {
            print_check(data, &check);
            print_problems(&check, replace);
            bail!("{}", check.refusal(replace).unwrap_or_default())
        }
        Err(other) => Err(other.into()),
    }
}

fn count(n: usize) -> String {
    format::number(n.into(), 0)
}

fn print_file(data: &Path, file: &FileDescription) {
    println!("Fil: {}", data.display());
    let mut format_line = format!("Format: {}", file.format_label);
    if let Some(encoding) = file.encoding_label {
        format_line.push_str(&format!(", teckenkodning {encoding}"));
    }
    if let Some(separator) = file.separator_label {
        format_line.push_str(&format!(", avgränsare {separator}"));
    }
    if let Some(sheet) = &file.sheet {
        format_line.push_str(&format!(", bladet ”{sheet}”"));
    }
    println!("{format_line}");
    let mapping: Vec<String> = file.mapping.iter().map(|m| format!("{} ← ”{}”", m.label, m.header)).collect();
    println!("Kolumner (rubrikrad {}): {}", file.header_row, mapping.join(", "));
    if !file.extra_columns.is_empty() {
        let extra: Vec<String> = file.extra_columns.iter().map(|c| format!("”{c}”")).collect();
        println!("Kolumner som inte importeras: {}", extra.join(", "));
    }
}

fn print_check(data: &Path, check: &ImportCheck) {
    print_file(data, &check.file);
    println!("Rader: {}", count(check.rows));
    println!(
        "Nya: {}, oförändrade: {}, konflikter: {}, fel: {}",
        count(check.new),
        count(check.unchanged),
        count(check.conflicts),
        count(check.errors.total())
    );
}

/// Every error, then the conflicts when they stop the import (or would be replaced), on
/// stderr.
fn print_problems(check: &ImportCheck, replace: bool) {
    for error in &check.errors.listed {
        eprintln!("{error}");
    }
    if check.errors.not_listed > 0 {
        eprintln!("… och {} fel till som inte listas.", count(check.errors.not_listed));
    }
    if check.conflicts > 0 {
        if replace {
            println!("Ersätts (de gamla värdena sparas i loggen):");
            for conflict in &check.conflict_list {
                println!("  {conflict}");
            }
        } else {
            for conflict in &check.conflict_list {
                eprintln!("{conflict}");
            }
        }
        let more = check.conflicts - check.conflict_list.len();
        if more > 0 {
            println!("… och {} konflikter till.", count(more));
        }
    }
}

/// `nytta import json FILE DATA.json`: a whole register from its JSON export, into an empty
/// register (created when FILE does not exist).
pub fn json(file: &Path, data: &Path) -> anyhow::Result<()> {
    let progress = super::progress::Progress::start(&format!("Läser {}", data.display()));
    let document = nytta::io::register_json::read_file(data)?;
    progress.set(&format!("Importerar registret från {}", data.display()));
    // A shared register is never created from here (that is `nytta admin migrate`): it is
    // filled when it is empty.
    let created = !super::is_shared(file) && !file.exists();
    let mut register = if created {
        let name = document.register.get("name").cloned().unwrap_or_else(|| super::list::stem(file));
        OpenRegister::create(file, &name)?
    } else {
        super::open_register(file)?
    };
    let imported = nytta::app::import::import_document(&mut register, &document);
    drop(progress);
    if let Err(error) = imported {
        drop(register);
        if created {
            remove_register(file);
        }
        return Err(error.into());
    }
    let measurements: usize = document.initiatives.iter().map(|i| i.measurements.len()).sum();
    println!(
        "Importerade {} till {}: {} organisationer, {} insatser, {} mätningar, {} loggposter.",
        data.display(),
        register.address(),
        count(document.organisations.len()),
        count(document.initiatives.len()),
        count(measurements),
        count(document.audit_log.len())
    );
    Ok(())
}

/// Removes a register this command created and could not fill, with its WAL files.
fn remove_register(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// `nytta template measurements FILE --from D --to D --out MALL.xlsx|MALL.csv`: the
/// measurements due or overdue in the period, as a file to fill in and import back.
pub fn template(file: &Path, from: &str, to: &str, out: &Path) -> anyhow::Result<()> {
    use nytta::app::template::{measurement_template, TemplateFormat};
    use nytta::io::measurement_template::{write_csv, write_xlsx};
    // A register is refused as --out before anything else is said about the file's name.
    files::refuse_register(out, Some(file))?;
    let (from, to) = (super::write::parse_date("--from", from)?, super::write::parse_date("--to", to)?);
    let format = TemplateFormat::of_path(out).map_err(|message| anyhow::anyhow!("--out: {message}"))?;
    let register = super::open_register(file)?;
    let rows = measurement_template(&register, from, to)?;
    match format {
        TemplateFormat::Xlsx => files::write_by_path(out, Some(file), |temp| {
            write_xlsx(&rows, temp).map_err(|e| files::WriteFailure::Said(e.to_string()))
        })?,
        TemplateFormat::Csv => files::write(out, Some(file), |w| write_csv(&rows, w))?,
    };
    println!(
        "Skrev mallen med {} till {}. Fyll i Värde (och ändra Datum om mätningen gjordes en annan dag i mätfönstret) och importera den med nytta import measurements.",
        match rows.len() {
            1 => "1 mätning".to_string(),
            n => format!("{} mätningar", count(n)),
        },
        out.display()
    );
    Ok(())
}
