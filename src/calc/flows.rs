//! Each line's flow per year in one scenario: what the calculation grid shows across its
//! year columns. Unlike [`super::calculate`] this answers for a calculation that does not
//! validate yet, line by line, so that the grid follows the typing of a half-filled draft.

use rust_decimal::Decimal;

use super::{value, Scenario};
use crate::model::calculation::{CalcFactor, Calculation, MAX_HORIZON_YEARS};

/// The flows of `calc`'s lines in `scenario`, one entry per line in order: kronor per year of
/// the horizon (year 0 first), or `None` for a line that is not monetised or whose value cannot
/// be computed (an unknown factor, an overflow). A horizon outside the method's range gives no
/// year columns rather than thousands of them.
pub fn line_flows(
    calc: &Calculation,
    factors: &[CalcFactor],
    scenario: Scenario,
) -> Vec<Option<Vec<Decimal>>> {
    let n = calc.settings.horizon_years.min(MAX_HORIZON_YEARS);
    calc.lines
        .iter()
        .map(|line| {
            let level = scenario.level(line.kind);
            let annual = value::annual_value(line, level, &calc.settings, factors).ok()??;
            (0..n)
                .map(|t| annual.checked_mul(line.timing.factor(t)).map(|v| v.normalize()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::{
        CalcLine, CalcSettings, Category, Estimate, LineKind, LineValue, Perspective, Quantity,
        Rate, Timing,
    };
    use rust_decimal_macros::dec;

    fn line(kind: LineKind, value: LineValue, timing: Timing) -> CalcLine {
        CalcLine {
            key: "rad".into(),
            kind,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: String::new(),
            source: String::new(),
            owner: String::new(),
            value,
            timing,
        }
    }

    fn amount(low: Decimal, likely: Decimal, high: Decimal) -> LineValue {
        LineValue::Amount { amount: Estimate::new(low, likely, high) }
    }

    fn settings(horizon_years: u32) -> CalcSettings {
        CalcSettings { horizon_years, ..CalcSettings::new(2026) }
    }

    #[test]
    fn a_recurring_benefit_follows_its_ramp_and_the_scenario_picks_the_estimate() {
        let calc = Calculation {
            settings: settings(4),
            lines: vec![
                line(
                    LineKind::Nytta,
                    amount(dec!(100), dec!(200), dec!(300)),
                    Timing::Recurring { from_year: 1, years: None, ramp: vec![dec!(0.5), dec!(1)] },
                ),
                line(LineKind::Kostnad, amount(dec!(10), dec!(20), dec!(30)), Timing::OneOff { year: 0 }),
            ],
        };
        let likely = line_flows(&calc, &[], Scenario::Likely);
        assert_eq!(likely[0], Some(vec![dec!(0), dec!(100), dec!(200), dec!(200)]));
        assert_eq!(likely[1], Some(vec![dec!(20), dec!(0), dec!(0), dec!(0)]));
        // Pessimistic: low benefits, high costs.
        let pessimistic = line_flows(&calc, &[], Scenario::Pessimistic);
        assert_eq!(pessimistic[0], Some(vec![dec!(0), dec!(50), dec!(100), dec!(100)]));
        assert_eq!(pessimistic[1], Some(vec![dec!(30), dec!(0), dec!(0), dec!(0)]));
    }

    #[test]
    fn a_line_without_a_price_has_no_flows_and_an_absurd_horizon_is_capped() {
        let unpriced = LineValue::Hours {
            hours: Quantity::Direct { value: Estimate::exact(dec!(1)) },
            rate: Rate::Factor { code: "finns-inte".into() },
        };
        let calc = Calculation {
            settings: settings(10_000),
            lines: vec![
                line(LineKind::Nytta, amount(dec!(1), dec!(1), dec!(1)), Timing::OneOff { year: 0 }),
                line(LineKind::Nytta, unpriced, Timing::OneOff { year: 0 }),
            ],
        };
        let flows = line_flows(&calc, &[], Scenario::Likely);
        assert_eq!(flows[0].as_ref().map(Vec::len), Some(MAX_HORIZON_YEARS as usize));
        assert_eq!(flows[1], None);
    }
}
