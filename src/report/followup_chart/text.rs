//! The Swedish text alternative of the follow-up chart.

use chrono::NaiveDate;

use super::kit::with_unit;
use crate::followup::{IndicatorFollowUp, Observation, Status};
use crate::format;
use crate::model::plan::Indicator;

/// A Swedish text alternative to [`indicator_chart_svg`](super::indicator_chart_svg) for screen readers: what the chart
/// shows, in sentences, from the same `followup` as of the same date.
pub fn indicator_chart_text(
    indicator: &Indicator,
    f: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
) -> String {
    let unit = indicator.unit.trim();
    let mut out: Vec<String> = Vec::new();
    out.push(format!(
        "Diagram över indikatorn {} ({}). {}.",
        indicator.name,
        indicator.code,
        indicator.direction.label()
    ));
    match &indicator.baseline {
        Some(b) => out.push(format!(
            "Baslinje {} uppmätt {}.",
            with_unit(b.value, unit),
            format::date(b.date)
        )),
        None => out.push("Baslinje saknas.".to_string()),
    }
    out.push(format!("Driftsättning {}.", format::date(go_live)));
    for cp in &f.checkpoints {
        let mut s = format!(
            "Mål efter {} månader ({}): {}.",
            cp.months_after_go_live,
            format::date(cp.date),
            with_unit(cp.target, unit)
        );
        match (cp.measurement, cp.achievement) {
            (Some(m), Some(a)) => s.push_str(&format!(
                " Mätvärde {} den {}, måluppfyllelse {}.",
                with_unit(m.value, unit),
                format::date(m.date),
                format::percent(a, 0)
            )),
            _ if cp.status == Status::Saknas => {
                s.push_str(" Ingen mätning inom 45 dagar från kontrollpunkten.")
            }
            _ => s.push_str(" Ingen mätning ännu."),
        }
        s.push_str(&format!(" Status: {}.", cp.status.label()));
        out.push(s);
    }
    if let Some(cur) = &f.current {
        let mut s = format!(
            "Senaste mätning {}: {}.",
            format::date(cur.measurement.date),
            with_unit(cur.measurement.value, unit)
        );
        if let Some(e) = cur.expected {
            s.push_str(&format!(
                " Förväntat enligt planen: {}, det vill säga {} mot förväntat.",
                with_unit(format::round(e, 2), unit),
                cur.status.label().to_lowercase()
            ));
        }
        out.push(s);
    }
    let count = measurements.len();
    out.push(match count {
        0 => "Inga mätningar är registrerade.".to_string(),
        1 => "En mätning visas.".to_string(),
        n => format!("{n} mätningar visas."),
    });
    out.push(format!(
        "Indikatorns status den {}: {}.",
        format::date(today),
        f.status.label()
    ));
    out.join(" ")
}
