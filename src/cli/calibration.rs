//! `nytta calibration`: how much of the calculated benefit the register's initiatives have
//! realised, per benefit category and organisation, at 6 and 12 months (docs/uppfoljning.md,
//! "Kalibrering").

use std::path::Path;

use nytta::app::calibration::{calibration_view, CalibrationView};

use super::status::open_as_of;

/// `nytta calibration FILE [--date] [--json]`.
pub fn calibration(file: &Path, date: Option<&str>, json: bool) -> anyhow::Result<()> {
    let (register, as_of) = open_as_of(file, date)?;
    let view = calibration_view(&register, as_of)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", calibration_text(&view));
    }
    Ok(())
}

/// The Swedish table: one row per shown figure.
pub fn calibration_text(view: &CalibrationView) -> String {
    let mut out = format!(
        "Kalibrering per {}: realiserad nytta som andel av kalkylerad (första godkända kalkylen), median över insatserna\n\n",
        nytta::format::date(view.as_of)
    );
    if let Some(note) = &view.empty_note {
        out.push_str(note);
        out.push('\n');
    } else {
        let mut cells = vec![vec![
            "Organisation".to_string(),
            "Kategori".to_string(),
            "Kontrollpunkt".to_string(),
            "Median".to_string(),
            "Antal insatser".to_string(),
        ]];
        for row in &view.rows {
            cells.push(vec![
                row.scope.clone(),
                row.category_label.to_string(),
                format!("{} månader", row.months),
                row.median_text.clone().unwrap_or_default(),
                row.n.to_string(),
            ]);
        }
        out.push_str(&pad(&cells));
    }
    if view.hidden > 0 {
        out.push_str(&format!(
            "\n{} {} med färre än tre insatser visas inte.\n",
            view.hidden,
            if view.hidden == 1 { "grupp" } else { "grupper" }
        ));
    }
    out
}

fn pad(cells: &[Vec<String>]) -> String {
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| cells.iter().map(|r| r.get(c).map_or(0, |s| s.chars().count())).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
