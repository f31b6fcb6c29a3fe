//! Plain-text output of the CLI.

use std::path::Path;

use std::collections::HashMap;

use nytta::app::{CheckReport, StatusView};
use nytta::format;
use nytta::model::initiative::InitiativeSummary;

/// What an initiative without an approved plan shows as its benefit status.
const NO_PLAN: &str = "– Ingen godkänd plan";

pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Nyttoregister".into())
}

pub fn check_text(name: &str, report: &CheckReport) -> String {
    let mut out = format!(
        "Register: {name}\nRegisterversion: {}\nIntegritet: {}\nBrutna referenser: {}\n",
        report.schema_version, report.integrity, report.foreign_key_violations
    );
    for (label, count) in &report.counts {
        out.push_str(&format!("{label}: {count}\n"));
    }
    out
}

/// The initiatives as `nytta list --json` writes them: each summary with its benefit status
/// as of the register's date (`benefit_status`: code, label, symbol; `null` without an
/// approved plan).
pub fn initiatives_json(rows: &[InitiativeSummary], statuses: &HashMap<i64, StatusView>) -> serde_json::Result<serde_json::Value> {
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let mut value = serde_json::to_value(row)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("benefit_status".into(), serde_json::to_value(statuses.get(&row.id))?);
        }
        list.push(value);
    }
    Ok(serde_json::Value::Array(list))
}

/// The table of `nytta list`, with each initiative's benefit status as of the register's
/// date (`statuses`, by initiative id).
pub fn initiative_table(rows: &[InitiativeSummary], statuses: &HashMap<i64, StatusView>) -> String {
    let header =
        ["Kod", "Namn", "Leverantör", "Fas", "Driftsättning", "Särskilt följd", "Tid/Kostnad/Resultat", "Luckor", "Kategori", "Nyttostatus"];
    let mut table: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for row in rows {
        let status = row
            .latest_report
            .as_ref()
            .map(|r| {
                [r.time.status, r.cost.status, r.result.status]
                    .iter()
                    .map(|s| format!("{} {}", s.symbol(), s.label()))
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .map(|statuses| match (&row.latest_report_stale, &row.latest_report) {
                // Never shown as current: an old report is shown by its date alone (its
                // statuses stay in --json, beside `latest_report_stale`).
                (Some(_), Some(r)) => format!("Inaktuell per {}", format::date(r.period_end)),
                _ => statuses,
            })
            .unwrap_or_else(|| "–".into());
        table.push(vec![
            row.code.clone(),
            row.name.clone(),
            row.organisation.clone(),
            row.phase.label().to_string(),
            row.go_live_date.map(format::date).unwrap_or_else(|| "–".into()),
            if row.council_tracked { "Ja" } else { "Nej" }.to_string(),
            status,
            // Added last, so scripts reading the columns before it are unchanged.
            if row.gaps.is_empty() {
                "–".to_string()
            } else {
                row.gaps.iter().map(|g| format!("{} {}", g.symbol(), g.label())).collect::<Vec<_>>().join(" / ")
            },
            // After the flags, so the columns before them stay where scripts read them.
            row.category.map_or("–", |c| c.label()).to_string(),
            // Last again, for the same reason.
            statuses.get(&row.id).map_or_else(|| NO_PLAN.to_string(), |s| format!("{} {}", s.symbol, s.label)),
        ]);
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|c| table.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!("{} insatser\n", rows.len()));
    out
}
