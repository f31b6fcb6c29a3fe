//! The calculation as the window's grid shows it (issue 18): lines down, years across, one
//! scenario at a time, in tkr, with the sums of benefits, costs and net under the lines.
//! Built for a draft that does not validate yet too, line by line ([`calc::line_flows`]), so
//! the year columns follow the typing; the present value, break-even and per-krona of a
//! scenario come from the results table (`report::calc_table`) once the whole calculation
//! computes.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::calc::{self, Scenario};
use crate::format;
use crate::model::calculation::{CalcFactor, Calculation, LineKind};
use crate::report::calc_table::SCENARIO_LABELS;

/// What a line shows in a year where it has no flow (a spreadsheet's empty cell), and in every
/// year when its value cannot be computed in kronor.
const NO_FLOW: &str = "";
const NOT_COMPUTED: &str = "—";

#[derive(Serialize, Debug)]
pub struct CalcGrid {
    /// The calendar year of each column, year 0 first.
    pub years: Vec<i32>,
    /// Pessimistic, likely, optimistic: the order of the results table's columns.
    pub scenarios: Vec<GridScenario>,
}

#[derive(Serialize, Debug)]
pub struct GridScenario {
    /// `pessimistic`, `likely` or `optimistic`.
    pub code: &'static str,
    pub label: &'static str,
    /// One row per calculation line, in the calculation's order.
    pub lines: Vec<GridRow>,
    pub benefits: GridRow,
    pub costs: GridRow,
    /// Benefits − costs.
    pub net: GridRow,
}

/// One row of year cells and the row's total, in tkr as the window shows them.
#[derive(Serialize, Debug, PartialEq)]
pub struct GridRow {
    pub values: Vec<String>,
    pub total: String,
}

fn tkr(value: Decimal) -> String {
    format::number(value / Decimal::ONE_THOUSAND, 0)
}

fn sum_row(values: &[Decimal]) -> GridRow {
    GridRow {
        values: values.iter().copied().map(tkr).collect(),
        total: tkr(values.iter().sum()),
    }
}

fn scenario_grid(calc: &Calculation, factors: &[CalcFactor], scenario: Scenario, index: usize) -> GridScenario {
    let flows = calc::line_flows(calc, factors, scenario);
    let n = flows.iter().flatten().map(Vec::len).max().unwrap_or(0);
    let years = n.max(year_count(calc));
    let (mut benefits, mut costs) = (vec![Decimal::ZERO; years], vec![Decimal::ZERO; years]);
    let lines = calc
        .lines
        .iter()
        .zip(&flows)
        .map(|(line, flow)| match flow {
            Some(flow) => {
                let bucket = match line.kind {
                    LineKind::Nytta => &mut benefits,
                    LineKind::Kostnad => &mut costs,
                };
                for (sum, v) in bucket.iter_mut().zip(flow) {
                    *sum = sum.saturating_add(*v);
                }
                GridRow {
                    values: flow
                        .iter()
                        .map(|v| if v.is_zero() { NO_FLOW.to_string() } else { tkr(*v) })
                        .collect(),
                    total: tkr(flow.iter().fold(Decimal::ZERO, |a, v| a.saturating_add(*v))),
                }
            }
            None => GridRow {
                values: vec![NOT_COMPUTED.to_string(); years],
                total: NOT_COMPUTED.to_string(),
            },
        })
        .collect();
    let net: Vec<Decimal> = benefits.iter().zip(&costs).map(|(b, c)| b.saturating_sub(*c)).collect();
    GridScenario {
        code: ["pessimistic", "likely", "optimistic"][index],
        label: SCENARIO_LABELS[index],
        lines,
        benefits: sum_row(&benefits),
        costs: sum_row(&costs),
        net: sum_row(&net),
    }
}

fn year_count(calc: &Calculation) -> usize {
    calc.settings.horizon_years.min(crate::model::calculation::MAX_HORIZON_YEARS) as usize
}

/// The grid of `calc` in all three scenarios.
pub fn calc_grid(calc: &Calculation, factors: &[CalcFactor]) -> CalcGrid {
    let first = calc.settings.first_year;
    CalcGrid {
        years: (0..year_count(calc) as i32).map(|t| first.saturating_add(t)).collect(),
        scenarios: Scenario::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| scenario_grid(calc, factors, *s, i))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::{
        CalcLine, CalcSettings, Category, Estimate, LineValue, Perspective, Timing,
    };
    use rust_decimal_macros::dec;

    fn line(kind: LineKind, likely: Decimal, timing: Timing) -> CalcLine {
        CalcLine {
            key: format!("{kind:?}"),
            kind,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: String::new(),
            source: String::new(),
            owner: String::new(),
            value: LineValue::Amount { amount: Estimate::exact(likely) },
            timing,
        }
    }

    #[test]
    fn years_across_sums_below_in_tkr_and_empty_cells_where_a_line_has_no_flow() {
        let calc = Calculation {
            settings: CalcSettings { horizon_years: 3, ..CalcSettings::new(2026) },
            lines: vec![
                line(LineKind::Nytta, dec!(250000), Timing::Recurring { from_year: 1, years: None, ramp: vec![dec!(1)] }),
                line(LineKind::Kostnad, dec!(400000), Timing::OneOff { year: 0 }),
            ],
        };
        let grid = calc_grid(&calc, &[]);
        assert_eq!(grid.years, vec![2026, 2027, 2028]);
        let likely = &grid.scenarios[1];
        assert_eq!((likely.code, likely.label), ("likely", "Troligt"));
        assert_eq!(likely.lines[0], GridRow { values: vec!["".into(), "250".into(), "250".into()], total: "500".into() });
        assert_eq!(likely.lines[1].values, vec!["400", "", ""]);
        assert_eq!(likely.benefits.values, vec!["0", "250", "250"]);
        assert_eq!(likely.net, GridRow { values: vec!["−400".into(), "250".into(), "250".into()], total: "100".into() });
    }

    #[test]
    fn a_line_that_cannot_be_computed_says_so_in_every_year_and_counts_for_nothing() {
        let mut calc = Calculation {
            settings: CalcSettings { horizon_years: 2, ..CalcSettings::new(2026) },
            lines: vec![line(LineKind::Nytta, dec!(1000), Timing::OneOff { year: 0 })],
        };
        calc.lines[0].value = LineValue::NotMonetised { score: 2 };
        let grid = calc_grid(&calc, &[]);
        assert_eq!(grid.scenarios[0].lines[0].values, vec!["—", "—"]);
        assert_eq!(grid.scenarios[0].benefits.total, "0");
    }
}
