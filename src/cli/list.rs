//! Plain-text output of the CLI.

use std::path::Path;

use nytta::format;
use nytta::model::initiative::InitiativeSummary;
use nytta::app::CheckReport;

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

pub fn initiative_table(rows: &[InitiativeSummary]) -> String {
    let header = ["Kod", "Namn", "Leverantör", "Fas", "Driftsättning", "Särskilt följd", "Tid/Kostnad/Resultat", "Luckor", "Kategori"];
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
