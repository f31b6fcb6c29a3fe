//! `nytta calc` and `nytta factors`: a calculation's results and the register's factors.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::{anyhow, Context};
use serde::Serialize;

use nytta::calc::{self, CalculationResult};
use nytta::format;
use nytta::model::calculation::CalcFactor;
use nytta::report::calc_table::{self, Precision};
use nytta::model::{Approval, CalcStatus, CalcVersion};

/// The JSON of `nytta calc --json`: which initiative and version, then the result itself
/// (docs/nyttokalkyl.md §8).
#[derive(Serialize)]
struct CalcJson<'a> {
    initiative: InitiativeJson<'a>,
    calculation: VersionJson<'a>,
    #[serde(flatten)]
    result: &'a CalculationResult,
}

#[derive(Serialize)]
struct InitiativeJson<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct VersionJson<'a> {
    version: u32,
    status: CalcStatus,
    reason: &'a str,
    based_on: Option<u32>,
    approval: Option<&'a Approval>,
}

/// Prints the results of the three scenarios of one calculation version: `version`, or else
/// the latest approved one, or else the draft.
pub fn calc(file: &Path, code: &str, version: Option<u32>, json: bool) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let initiative = register.initiative_by_code(code)?;
    let id = initiative.id;
    let shown = match version {
        Some(n) => register.calculation_version(id, n)?,
        None => register.current_calculation(id)?.ok_or_else(|| {
            anyhow!(
                "Insatsen {} har ingen nyttokalkyl ännu.",
                initiative.fields.code
            )
        })?,
    };
    let factors = register.factors_for(&shown)?;
    let result = calc::calculate(&shown.calculation, &factors).with_context(|| {
        format!(
            "Nyttokalkylen för {} ({})",
            initiative.fields.code,
            shown.describe()
        )
    })?;

    if json {
        let out = CalcJson {
            initiative: InitiativeJson {
                code: &initiative.fields.code,
                name: &initiative.fields.name,
            },
            calculation: VersionJson {
                version: shown.version,
                status: shown.status,
                reason: &shown.reason,
                based_on: shown.based_on,
                approval: shown.approval.as_ref().filter(|_| shown.is_approved()),
            },
            result: &result,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }

    let versions = register.calculation_versions(id)?;
    println!("{} {}", initiative.fields.code, initiative.fields.name);
    println!("Nyttokalkyl {}.", shown.describe());
    if let Some(note) = which_note(&shown, &versions, version.is_some()) {
        println!("{note}");
    }
    println!(
        "Inställningar: {}.",
        calc_table::settings_text(&shown.calculation.settings)
    );
    println!(
        "Belopp i kronor med öre, nuvärden räknade till {}.",
        shown.calculation.settings.first_year
    );
    println!();
    print!("{}", calc_table::text_table(&result, Precision::Ore));
    let not_monetised = calc_table::not_monetised_rows(&result);
    if !not_monetised.is_empty() {
        println!();
        println!("Icke-monetära nyttor (ingår inte i summorna):");
        for n in not_monetised {
            println!(
                "  Rad {}: {} ({}, {}), poäng {}",
                n.line,
                n.description,
                n.category.to_lowercase(),
                n.perspective.to_lowercase(),
                n.score_text
            );
        }
    }
    if !result.warnings.is_empty() {
        println!();
        println!("Varningar:");
        for w in &result.warnings {
            println!("  – {}", w.message);
        }
    }
    Ok(())
}

/// Says why this version is the one shown, and whether a newer draft exists.
fn which_note(shown: &CalcVersion, versions: &[CalcVersion], chosen: bool) -> Option<String> {
    let newer_draft = versions
        .iter()
        .find(|v| !v.is_approved() && v.version > shown.version);
    let mut notes = Vec::new();
    if !chosen {
        notes.push(if shown.is_approved() {
            "Visar den senast godkända versionen.".to_string()
        } else {
            "Det finns ingen godkänd version; visar utkastet.".to_string()
        });
    }
    if let Some(draft) = newer_draft {
        notes.push(format!(
            "Version {} är ett utkast som inte är godkänt (visa det med --version {}).",
            draft.version, draft.version
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// Prints the register's calculation factors.
pub fn factors(file: &Path, json: bool) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let factors = register.calc_factors()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&factors)?);
        return Ok(());
    }
    print!("{}", factor_table(&factors));
    Ok(())
}

fn factor_table(factors: &[CalcFactor]) -> String {
    let mut table: Vec<[String; 5]> = vec![[
        "Kod".into(),
        "Namn".into(),
        "Värde".into(),
        "År".into(),
        "Källa".into(),
    ]];
    for f in factors {
        table.push([
            f.code.clone(),
            f.name.clone(),
            format!("{} {}", format::value(f.value), f.unit),
            f.year.to_string(),
            f.source.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!("{} beräkningsfaktorer\n", factors.len()));
    out
}
