//! A calculation's results as Swedish display text: the scenario table, the year table, the
//! non-monetised benefits, the warnings and each line's yearly value. Shared by the window,
//! the CLI and the reports, so every place shows the same figures the same way. Formatting
//! only: every figure comes from [`crate::calc`].

use rust_decimal::Decimal;
use serde::Serialize;

use crate::calc::{self, CalculationResult, Scenario, ScenarioResult};
use crate::format;
use crate::model::calculation::{
    CalcFactor, CalcSettings, Calculation, Level, LineValue, Quantity,
};

/// How amounts in kronor are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Whole kronor: `1 652 027 kr` (the window and the reports).
    Kronor,
    /// Kronor and öre: `1 652 027,07 kr` (the CLI, to check against a hand computation).
    Ore,
}

/// One row of the scenario table: a label and the pessimistic, likely and optimistic values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResultRow {
    /// Stable key for tests and styling: `pv_benefits`, `npv`, …
    pub key: &'static str,
    pub label: &'static str,
    pub values: [String; 3],
    /// A sub-row (e.g. internal costs under costs).
    pub indent: bool,
}

/// One year of a scenario, as display text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearRow {
    pub year: String,
    pub benefits: String,
    pub costs: String,
    pub net: String,
    pub discount_factor: String,
    pub discounted_net: String,
    pub cumulative: String,
}

/// A benefit kept out of the sums, as display text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotMonetisedRow {
    pub line: usize,
    pub description: String,
    pub category: &'static str,
    pub perspective: &'static str,
    pub score: u8,
    /// `2 av 3`.
    pub score_text: String,
}

/// A warning with the line it is about (1-based), if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WarningRow {
    pub code: calc::WarningCode,
    pub line: Option<usize>,
    pub other_line: Option<usize>,
    pub message: String,
}

/// What a line is worth per year at the likely level, and how its quantity is built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineSummary {
    /// 1-based.
    pub line: usize,
    pub key: String,
    /// `207 500 kr/år`, or `—` when it cannot be computed (see the errors).
    pub annual_value: String,
    /// The driver formula at the likely level, for lines built from value drivers.
    pub formula: Option<String>,
    /// The price per hour or unit the line uses, e.g. `415 kr/h` or `444,65 kr/h`, or
    /// `None` when the line has no price or it cannot be resolved.
    pub rate: Option<String>,
}

/// Labels of the three scenario columns, in column order.
pub const SCENARIO_LABELS: [&str; 3] = ["Pessimistiskt", "Troligt", "Optimistiskt"];

fn amount(value: Decimal, precision: Precision) -> String {
    match precision {
        Precision::Kronor => format::kr(value),
        Precision::Ore => format!("{}{}kr", format::number(value, 2), format::NBSP),
    }
}

/// A share 0–1 as a percentage with one decimal: `3,7 %`.
fn share(value: Option<Decimal>) -> String {
    match value {
        Some(v) => format!(
            "{}{}%",
            format::number(v * Decimal::from(100), 1),
            format::NBSP
        ),
        None => "–".to_string(),
    }
}

/// The scenario table: present values, ratio, break-even year, freed time and shares.
pub fn result_rows(result: &CalculationResult, precision: Precision) -> Vec<ResultRow> {
    let s = result.scenarios();
    let row = |key, label, indent, f: &dyn Fn(&ScenarioResult) -> String| ResultRow {
        key,
        label,
        values: [f(s[0]), f(s[1]), f(s[2])],
        indent,
    };
    vec![
        row("pv_benefits", "Nuvärde av nyttor", false, &|r| {
            amount(r.pv_benefits, precision)
        }),
        row("pv_costs", "Nuvärde av kostnader", false, &|r| {
            amount(r.pv_costs, precision)
        }),
        row("pv_costs_internal", "varav interna", true, &|r| {
            amount(r.pv_costs_internal, precision)
        }),
        row("pv_costs_external", "varav externa", true, &|r| {
            amount(r.pv_costs_external, precision)
        }),
        row("npv", "Nettonuvärde", false, &|r| amount(r.npv, precision)),
        row(
            "benefit_per_krona",
            "Nytta per investerad krona",
            false,
            &|r| match r.benefit_per_krona {
                Some(v) => format::ratio(v),
                None => "– (inga kostnader)".to_string(),
            },
        ),
        row(
            "break_even_year",
            "Återbetalningsår",
            false,
            &|r| match r.break_even_year {
                Some(y) => y.to_string(),
                None => "Ej inom kalkylperioden".to_string(),
            },
        ),
        row(
            "freed_hours_per_year",
            "Frigjord tid, timmar per år",
            false,
            &|r| {
                format!(
                    "{}{}h",
                    format::number(r.freed_hours_per_year, 0),
                    format::NBSP
                )
            },
        ),
        row("freed_fte", "Frigjord tid, årsarbetare", false, &|r| {
            format::number(r.freed_fte, 2)
        }),
        row(
            "budget_affecting_share",
            "Budgetpåverkande andel",
            false,
            &|r| share(r.budget_affecting_share),
        ),
        row(
            "non_budget_affecting_share",
            "Ej budgetpåverkande andel",
            false,
            &|r| share(r.non_budget_affecting_share),
        ),
    ]
}

/// The year table of one scenario.
pub fn year_rows(result: &ScenarioResult, precision: Precision) -> Vec<YearRow> {
    result
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year.to_string(),
            benefits: amount(y.benefits, precision),
            costs: amount(y.costs, precision),
            net: amount(y.net, precision),
            discount_factor: format::number(y.discount_factor, 4),
            discounted_net: amount(y.discounted_net, precision),
            cumulative: amount(y.cumulative_discounted_net, precision),
        })
        .collect()
}

pub fn not_monetised_rows(result: &CalculationResult) -> Vec<NotMonetisedRow> {
    result
        .not_monetised
        .iter()
        .map(|n| NotMonetisedRow {
            line: n.line,
            description: n.description.clone(),
            category: n.category.label(),
            perspective: n.perspective.label(),
            score: n.score,
            score_text: format!("{} av 3", n.score),
        })
        .collect()
}

pub fn warning_rows(result: &CalculationResult) -> Vec<WarningRow> {
    result
        .warnings
        .iter()
        .map(|w| WarningRow {
            code: w.code,
            line: w.line,
            other_line: w.other_line,
            message: w.message.clone(),
        })
        .collect()
}

/// Each line's likely yearly value and, for driver-built quantities, the formula. Works on
/// calculations that do not validate too: a line that cannot be valued shows `—`.
pub fn line_summaries(calc: &Calculation, factors: &[CalcFactor]) -> Vec<LineSummary> {
    calc.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let likely_missing = match &line.value {
                LineValue::Amount { amount } => amount.likely.is_none(),
                LineValue::Hours { hours: q, .. } | LineValue::Units { quantity: q, .. } => {
                    matches!(q, Quantity::Direct { value } if value.likely.is_none())
                }
                LineValue::NotMonetised { .. } => false,
            };
            let annual_value = match &line.value {
                LineValue::NotMonetised { score } => format!("Ej i kronor, poäng {score}"),
                _ if likely_missing => "—".to_string(),
                _ => match calc::annual_value(line, Level::Likely, &calc.settings, factors) {
                    Ok(Some(v)) => format!("{}/år", format::kr(v)),
                    _ => "—".to_string(),
                },
            };
            let formula = match &line.value {
                LineValue::Hours {
                    hours: Quantity::Drivers(model),
                    ..
                } => Some(calc::formula(model, Level::Likely, "h")),
                LineValue::Units {
                    quantity: Quantity::Drivers(model),
                    unit,
                    ..
                } => Some(calc::formula(model, Level::Likely, unit)),
                _ => None,
            };
            let rate = line.value.rate().and_then(|rate| {
                let unit = match &line.value {
                    LineValue::Units { unit, .. } => format!("kr/{}", unit.trim()),
                    _ => "kr/h".to_string(),
                };
                calc::rate_value(rate, &unit, &calc.settings, factors)
                    .ok()
                    .map(|v| {
                        format!(
                            "{}{}{unit}",
                            format::value(format::round(v, 2)),
                            format::NBSP
                        )
                    })
            });
            LineSummary {
                line: i + 1,
                key: line.key.clone(),
                annual_value,
                formula,
                rate,
            }
        })
        .collect()
}

/// The settings in one Swedish line: `2026–2031 (6 år), diskonteringsränta 3 %, …`.
pub fn settings_text(s: &CalcSettings) -> String {
    format!(
        "{}–{} ({} år), diskonteringsränta {}, årsarbetstid {}{}h, personalomkostnadspålägg {}",
        s.first_year,
        s.last_year(),
        s.horizon_years,
        format::percent(s.discount_rate, 2),
        format::value(s.annual_hours),
        format::NBSP,
        format::percent(s.overhead, 2)
    )
}

/// The scenario table as plain text with aligned columns, for the CLI.
pub fn text_table(result: &CalculationResult, precision: Precision) -> String {
    let rows = result_rows(result, precision);
    let mut table: Vec<[String; 4]> = vec![[
        String::new(),
        SCENARIO_LABELS[0].to_string(),
        SCENARIO_LABELS[1].to_string(),
        SCENARIO_LABELS[2].to_string(),
    ]];
    for r in &rows {
        let label = if r.indent {
            format!("  {}", r.label)
        } else {
            r.label.to_string()
        };
        table.push([
            label,
            r.values[0].clone(),
            r.values[1].clone(),
            r.values[2].clone(),
        ]);
    }
    let width = |c: usize| {
        table
            .iter()
            .map(|r| r[c].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    let mut out = String::new();
    for r in &table {
        let mut line = format!("{}{}", r[0], " ".repeat(widths[0] - r[0].chars().count()));
        for c in 1..4 {
            line.push_str("  ");
            line.push_str(&" ".repeat(widths[c] - r[c].chars().count()));
            line.push_str(&r[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every part of a computed calculation the window shows, formatted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalcPresentation {
    pub scenario_labels: [&'static str; 3],
    pub rows: Vec<ResultRow>,
    /// Years of the likely scenario.
    pub years: Vec<YearRow>,
    pub not_monetised: Vec<NotMonetisedRow>,
    pub warnings: Vec<WarningRow>,
    pub settings_text: String,
    /// The chart of the likely scenario as an SVG document (contains user text: show it as an
    /// image, never as markup).
    pub chart_svg: String,
    /// The chart's text alternative.
    pub chart_alt: String,
}

/// Formats a computed result for the window, with the chart of the likely scenario.
pub fn present(result: &CalculationResult, chart_title: &str) -> CalcPresentation {
    let likely = result.scenario(Scenario::Likely);
    CalcPresentation {
        scenario_labels: SCENARIO_LABELS,
        rows: result_rows(result, Precision::Kronor),
        years: year_rows(likely, Precision::Kronor),
        not_monetised: not_monetised_rows(result),
        warnings: warning_rows(result),
        settings_text: settings_text(&result.settings),
        chart_svg: super::calc_chart::calculation_chart_svg(likely, chart_title, 760, 400),
        chart_alt: super::calc_chart::text_alternative(likely),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::{
        CalcLine, Category, CostType, Estimate, LineKind, Perspective, Rate, Timing,
    };
    use rust_decimal_macros::dec;

    fn example_1() -> Calculation {
        let mut c = Calculation::new(2026);
        c.settings.horizon_years = 4;
        c.lines.push(CalcLine {
            key: "inkop".into(),
            kind: LineKind::Kostnad,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: Some(CostType::Extern),
            description: "Inköp".into(),
            source: String::new(),
            owner: String::new(),
            value: LineValue::Amount {
                amount: Estimate::exact(dec!(100000)),
            },
            timing: Timing::OneOff { year: 0 },
        });
        c.lines.push(CalcLine {
            key: "nytta".into(),
            kind: LineKind::Nytta,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: "Lägre kostnad".into(),
            source: "Offert".into(),
            owner: "Chef".into(),
            value: LineValue::Amount {
                amount: Estimate::exact(dec!(50000)),
            },
            timing: Timing::recurring(1),
        });
        c
    }

    #[test]
    fn worked_example_1_in_ore_and_in_kronor() {
        let result = calc::calculate(&example_1(), &[]).unwrap();
        let ore = result_rows(&result, Precision::Ore);
        let get = |rows: &[ResultRow], key: &str| {
            rows.iter().find(|r| r.key == key).unwrap().values[1].clone()
        };
        assert_eq!(get(&ore, "pv_benefits"), "117\u{a0}158,72\u{a0}kr");
        assert_eq!(get(&ore, "npv"), "17\u{a0}158,72\u{a0}kr");
        assert_eq!(get(&ore, "benefit_per_krona"), "1,17");
        assert_eq!(get(&ore, "break_even_year"), "2029");
        assert_eq!(get(&ore, "budget_affecting_share"), "100,0\u{a0}%");
        let kr = result_rows(&result, Precision::Kronor);
        assert_eq!(get(&kr, "npv"), "17\u{a0}159\u{a0}kr");
        let text = text_table(&result, Precision::Ore);
        assert!(text.lines().next().unwrap().contains("Troligt"), "{text}");
    }

    #[test]
    fn line_summary_shows_a_dash_for_an_unknown_factor() {
        let mut c = example_1();
        c.lines[1].value = LineValue::Hours {
            hours: Quantity::Direct {
                value: Estimate::exact(dec!(10)),
            },
            rate: Rate::Factor { code: "nej".into() },
        };
        let s = line_summaries(&c, &[]);
        assert_eq!(s[0].annual_value, "100\u{a0}000\u{a0}kr/år");
        assert_eq!(s[1].annual_value, "—");
        assert_eq!(s[1].rate, None);
        c.lines[1].value = LineValue::Hours {
            hours: Quantity::Direct {
                value: Estimate::exact(dec!(10)),
            },
            rate: Rate::MonthlySalary {
                salary: dec!(41000),
            },
        };
        let s = line_summaries(&c, &[]);
        assert_eq!(s[1].rate.as_deref(), Some("444,65\u{a0}kr/h"));
    }
}
