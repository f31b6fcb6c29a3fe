//! `nytta status` and `nytta chart`: the follow-up on the command line.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::bail;
use chrono::NaiveDate;
use nytta::followup::{status_report, IndicatorFollowUp, MeasurementLookup, StatusReport};
use nytta::format;
use nytta::report::followup_chart::indicator_chart_svg;
use nytta::model::IndicatorTargetHistory;
use nytta::app::OpenRegister;
use nytta::app::{achievement_text, value_with_unit};

/// Opens the register and says the date a command reports as of: `--date`, else the date the
/// app shows the register as of — the demo date for the demo register, today for every other.
/// A bad `--date` is a user error naming the flag, found before the file is opened.
pub fn open_as_of(file: &Path, date: Option<&str>) -> anyhow::Result<(OpenRegister, NaiveDate)> {
    let date = date
        .map(|text| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                anyhow::anyhow!(
                    "--date: ”{text}” är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-10-31."
                )
            })
        })
        .transpose()?;
    let register = super::open_register(file)?;
    let as_of = match date {
        Some(date) => date,
        None => register.view_date()?,
    };
    Ok((register, as_of))
}

/// `nytta status FILE [--date] [--json]`.
pub fn status(file: &Path, date: Option<&str>, json: bool) -> anyhow::Result<()> {
    let (register, as_of) = open_as_of(file, date)?;
    let data = register.followup_data(None)?;
    let report = status_report(&data.inputs(), as_of);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let mut histories = Vec::with_capacity(data.entries.len());
    for entry in &data.entries {
        histories.push(register.target_history(entry.initiative_id)?);
    }
    print!("{}", status_text(&report, &histories));
    Ok(())
}

fn pad(cells: &[Vec<String>]) -> String {
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str("    ");
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn indicator_rows(
    f: &IndicatorFollowUp,
    history: Option<&IndicatorTargetHistory>,
    rows: &mut Vec<Vec<String>>,
) {
    let unit = f.unit.as_str();
    if f.checkpoints.is_empty() {
        rows.push(vec![
            f.code.clone(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            f.status.text(),
        ]);
    }
    for (i, c) in f.checkpoints.iter().enumerate() {
        let mut target = value_with_unit(c.target, unit);
        if let Some(first) = history
            .and_then(|h| h.first_target(c.months_after_go_live))
            .filter(|first| *first != c.target)
        {
            target.push_str(&format!(
                " (först godkänt {})",
                value_with_unit(first, unit)
            ));
        }
        rows.push(vec![
            if i == 0 {
                f.code.clone()
            } else {
                String::new()
            },
            format!("{} mån", c.months_after_go_live),
            format::date(c.date),
            target,
            c.measurement
                .map(|m| {
                    format!(
                        "{} ({})",
                        value_with_unit(m.value, unit),
                        format::date(m.date)
                    )
                })
                .unwrap_or_else(|| "–".into()),
            c.achievement
                .map(achievement_text)
                .unwrap_or_else(|| "–".into()),
            c.status.text(),
        ]);
    }
}

/// The Swedish text of `nytta status`: per initiative its indicators and checkpoints, then
/// the roll-up.
pub fn status_text(report: &StatusReport, histories: &[Vec<IndicatorTargetHistory>]) -> String {
    let mut out = format!("Uppföljning per {}\n", format::date(report.as_of));
    if report.initiatives.is_empty() {
        out.push_str("\nInga insatser har en godkänd nyttorealiseringsplan.\n");
    }
    for (index, initiative) in report.initiatives.iter().enumerate() {
        let f = &initiative.followup;
        out.push_str(&format!("\n{} {}\n", initiative.code, initiative.name));
        out.push_str(&format!(
            "  {} · {} · driftsättning {}\n",
            initiative.organisation,
            initiative.phase,
            f.go_live
                .map(format::date)
                .unwrap_or_else(|| "saknas".into())
        ));
        out.push_str(&format!("  Nyttostatus: {}\n", f.status.text()));
        // A passed checkpoint still without its measurement comes first, as in the window and
        // the reports ("Försenad sedan 2026-09-01 (60 dagar)"): never a later one instead.
        if let Some(late) = f.overdue_checkpoint() {
            let missing: Vec<&str> = f
                .benefits
                .iter()
                .flat_map(|b| &b.indicators)
                .filter(|i| i.checkpoints.iter().any(|c| c.date == late.date && c.measurement.is_none()))
                .map(|i| i.code.as_str())
                .collect();
            out.push_str(&format!(
                "  Nästa kontrollpunkt: {}, {} månader: {} saknar mätning\n",
                format::relative_days(late.date, f.as_of),
                late.months_after_go_live,
                missing.join(", ")
            ));
        } else if let Some(n) = &f.next_checkpoint {
            out.push_str(&format!(
                "  Nästa kontrollpunkt: {} ({} månader): {}\n",
                format::date(n.date),
                n.months_after_go_live,
                n.indicators.join(", ")
            ));
        }
        let history = histories.get(index).map(Vec::as_slice).unwrap_or(&[]);
        for benefit in &f.benefits {
            out.push_str(&format!(
                "  Nytta: {} (nyttoägare {}) – {}\n",
                benefit.name,
                benefit.owner,
                benefit.status.text()
            ));
            if let Some(calculated) = benefit.calculated_annual_value {
                let realised = match benefit.realised_annual_value {
                    Some(v) => format::realised_rate(format::kr(v), benefit.realised_as_of),
                    None => format::NOT_MEASURED.to_lowercase(),
                };
                out.push_str(&format!(
                    "    Kalkylerad nytta {} per år, realiserad {}\n",
                    format::kr(calculated),
                    realised
                ));
            }
            let mut rows = vec![vec![
                "Indikator".to_string(),
                "Kontrollpunkt".into(),
                "Datum".into(),
                "Mål".into(),
                "Mätning".into(),
                "Måluppfyllelse".into(),
                "Status".into(),
            ]];
            for indicator in &benefit.indicators {
                indicator_rows(
                    indicator,
                    history.iter().find(|h| h.code == indicator.code),
                    &mut rows,
                );
            }
            out.push_str(&pad(&rows));
        }
    }
    let p = &report.portfolio;
    out.push_str(&format!("\nPortfölj per {}\n", format::date(p.as_of)));
    let counts: Vec<String> = nytta::followup::Status::ALL
        .iter()
        .map(|s| format!("{} {}", s.text(), p.initiatives.get(*s)))
        .collect();
    out.push_str(&format!("  Insatser: {}\n", counts.join(", ")));
    let counts: Vec<String> = nytta::followup::Status::ALL
        .iter()
        .map(|s| format!("{} {}", s.text(), p.indicators.get(*s)))
        .collect();
    out.push_str(&format!("  Indikatorer: {}\n", counts.join(", ")));
    out.push_str(&format!(
        "  Kalkylerad nytta {} per år, realiserad {}\n",
        format::kr(p.calculated_annual_value),
        format::kr(p.realised_annual_value)
    ));
    out
}

/// `nytta chart FILE --initiative CODE --indicator CODE --out FILE.svg [--date]`.
pub fn chart(
    file: &Path,
    initiative: &str,
    indicator: &str,
    out: &Path,
    date: Option<&str>,
) -> anyhow::Result<()> {
    let (register, as_of) = open_as_of(file, date)?;
    let found = register.initiative_by_code(initiative)?;
    let data = register.followup_data(Some(found.id))?;
    let Some(entry) = data.entries.first() else {
        bail!(
            "insatsen {} har ingen godkänd nyttorealiseringsplan; diagrammet ritas när planen är godkänd",
            found.fields.code
        );
    };
    let Some(ind) = entry.plan.indicator(indicator.trim()) else {
        let codes: Vec<&str> = entry
            .plan
            .indicators()
            .map(|(_, i)| i.code.as_str())
            .collect();
        bail!(
            "insatsen {} har ingen indikator {} i den godkända planen (indikatorer: {})",
            entry.code,
            indicator.trim(),
            codes.join(", ")
        );
    };
    let Some(go_live) = entry.go_live else {
        bail!(
            "insatsen {} har inget datum för driftsättning; diagrammet räknas från driftsättningen",
            entry.code
        );
    };
    let series = entry.measurements.series(&ind.code);
    let followup = nytta::followup::evaluate_indicator(ind, Some(go_live), series, as_of);
    let svg = indicator_chart_svg(ind, &followup, go_live, series, as_of, &format!("Per {}", nytta::format::date(as_of)));
    nytta::files::write_bytes(out, Some(file), svg.as_bytes())?;
    println!(
        "Skrev diagrammet för {} {} per {} till {}.",
        entry.code,
        ind.code,
        format::date(as_of),
        out.display()
    );
    Ok(())
}
