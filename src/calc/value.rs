//! A line's yearly value: quantities from drivers, rates from factors or salaries, and the
//! readable Swedish formula of a driver model. Arithmetic is checked: `None` means the figures
//! are too large for exact decimal arithmetic (validation reports it as an error).

use rust_decimal::Decimal;

use crate::format;
use crate::model::calculation::{
    CalcFactor, CalcLine, CalcSettings, DriverModel, Estimate, Level, LineValue, Quantity, Rate,
};

/// Why a rate cannot be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateError {
    UnknownFactor(String),
    WrongUnit {
        code: String,
        factor_unit: String,
        expected: String,
    },
    NoHoursPerMonth,
    Overflow,
}

/// The quantity per year at `level`.
pub fn quantity(q: &Quantity, level: Level) -> Option<Decimal> {
    match q {
        Quantity::Direct { value } => Some(value.get(level)),
        Quantity::Drivers(model) => drivers_product(model, level),
    }
}

/// Product of the drivers at `level` × multiplier ÷ divisor. `None` on overflow or a zero
/// divisor.
pub fn drivers_product(model: &DriverModel, level: Level) -> Option<Decimal> {
    let mut product = Decimal::ONE;
    for driver in &model.drivers {
        product = product.checked_mul(driver.value.get(level))?;
    }
    if let Some(m) = model.multiplier {
        product = product.checked_mul(m)?;
    }
    if let Some(d) = model.divisor {
        product = product.checked_div(d)?;
    }
    Some(product)
}

/// Normalised unit for comparison: lower case, no spaces, `tim`/`timme` → `h`.
pub(crate) fn normalise_unit(unit: &str) -> String {
    let u: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match u.as_str() {
        "kr/tim" | "kr/timme" | "kr/timma" => "kr/h".to_string(),
        _ => u,
    }
}

/// The price unit a line needs from a factor: `kr/h` for hours, `kr/<unit>` for units.
pub(crate) fn expected_rate_unit(value: &LineValue) -> Option<String> {
    match value {
        LineValue::Hours { .. } => Some("kr/h".to_string()),
        LineValue::Units { unit, .. } => Some(format!("kr/{}", unit.trim())),
        _ => None,
    }
}

/// Kronor per hour (or per unit) for `rate`.
pub fn rate_value(
    rate: &Rate,
    expected_unit: &str,
    settings: &CalcSettings,
    factors: &[CalcFactor],
) -> Result<Decimal, RateError> {
    match rate {
        Rate::Fixed { kr } => Ok(*kr),
        Rate::MonthlySalary { salary } => {
            if settings.hours_per_month() <= Decimal::ZERO {
                return Err(RateError::NoHoursPerMonth);
            }
            settings.hourly_cost(*salary).ok_or(RateError::Overflow)
        }
        Rate::Factor { code } => {
            let factor =
                find_factor(factors, code).ok_or_else(|| RateError::UnknownFactor(code.clone()))?;
            if normalise_unit(&factor.unit) != normalise_unit(expected_unit) {
                return Err(RateError::WrongUnit {
                    code: factor.code.clone(),
                    factor_unit: factor.unit.clone(),
                    expected: expected_unit.to_string(),
                });
            }
            Ok(factor.value)
        }
    }
}

/// The factor with `code` (exact match after trimming).
pub fn find_factor<'a>(factors: &'a [CalcFactor], code: &str) -> Option<&'a CalcFactor> {
    let code = code.trim();
    factors.iter().find(|f| f.code.trim() == code)
}

/// The line's value per year at `level` before timing, in kronor. `Ok(None)` for a
/// non-monetised benefit.
pub fn annual_value(
    line: &CalcLine,
    level: Level,
    settings: &CalcSettings,
    factors: &[CalcFactor],
) -> Result<Option<Decimal>, RateError> {
    match &line.value {
        LineValue::Amount { amount } => Ok(Some(amount.get(level))),
        LineValue::Hours { hours: q, rate }
        | LineValue::Units {
            quantity: q, rate, ..
        } => {
            let unit = expected_rate_unit(&line.value).unwrap_or_default();
            let price = rate_value(rate, &unit, settings, factors)?;
            let qty = quantity(q, level).ok_or(RateError::Overflow)?;
            qty.checked_mul(price).map(Some).ok_or(RateError::Overflow)
        }
        LineValue::NotMonetised { .. } => Ok(None),
    }
}

/// A readable number: up to two decimals, decimal comma, grouped thousands.
pub(crate) fn display_number(value: Decimal) -> String {
    format::value(format::round(value, 2))
}

/// A fraction as a Swedish percentage (`0.035` → `3,5 %`); absurdly large values (which
/// validation rejects anyway) are shown as plain numbers instead of overflowing.
pub(crate) fn display_percent(fraction: Decimal) -> String {
    if fraction.abs() < rust_decimal_macros::dec!(1_000_000_000_000) {
        format::percent(fraction, 4)
    } else {
        format::value(fraction)
    }
}

/// An estimate as Swedish text: `500` or `400 / 500 / 650` (lågt / troligt / högt).
pub fn display_estimate(e: &Estimate) -> String {
    let (low, likely, high) = (e.get(Level::Low), e.get(Level::Likely), e.get(Level::High));
    if e.likely.is_none() {
        return "—".to_string();
    }
    if low == likely && high == likely {
        display_number(likely)
    } else {
        format!(
            "{} / {} / {}",
            display_number(low),
            display_number(likely),
            display_number(high)
        )
    }
}

/// The driver model as a Swedish formula with each driver's value at `level`, e.g.
/// `1 200 brukare × 0,35 andel × 3 promenader/vecka × 52 veckor × 20 min ÷ 60 = 21 840 h/år`.
/// `result_unit` is the unit of the result per year (`h` for hours). A driver without a unit
/// is shown with its name.
pub fn formula(model: &DriverModel, level: Level, result_unit: &str) -> String {
    let mut parts: Vec<String> = model
        .drivers
        .iter()
        .map(|d| {
            let label = if d.unit.trim().is_empty() {
                d.name.trim()
            } else {
                d.unit.trim()
            };
            let number = display_number(d.value.get(level));
            if label.is_empty() {
                number
            } else {
                format!("{number} {label}")
            }
        })
        .collect();
    if let Some(m) = model.multiplier {
        parts.push(display_number(m));
    }
    let mut text = if parts.is_empty() {
        "1".to_string()
    } else {
        parts.join(" × ")
    };
    if let Some(d) = model.divisor {
        text.push_str(&format!(" ÷ {}", display_number(d)));
    }
    let result = match drivers_product(model, level) {
        Some(v) => display_number(v),
        None => "—".to_string(),
    };
    format!("{text} = {result} {}/år", result_unit.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::{default_factors, Driver};
    use rust_decimal_macros::dec;

    fn walks() -> DriverModel {
        let d = |name: &str, v: Decimal, unit: &str| Driver {
            name: name.into(),
            value: Estimate::exact(v),
            unit: unit.into(),
            source: String::new(),
        };
        DriverModel {
            drivers: vec![
                d("Brukare med tjänsten", dec!(1200), "brukare"),
                d(
                    "Andel som kan gå själva med mobilt larm",
                    dec!(0.35),
                    "andel",
                ),
                d(
                    "Promenader per brukare och vecka",
                    dec!(3),
                    "promenader/vecka",
                ),
                d("Veckor per år", dec!(52), "veckor"),
                d("Minuter per promenad", dec!(20), "min"),
            ],
            multiplier: None,
            divisor: Some(dec!(60)),
        }
    }

    #[test]
    fn walks_formula_reads_like_the_inera_example() {
        assert_eq!(
            formula(&walks(), Level::Likely, "h"),
            "1\u{a0}200 brukare × 0,35 andel × 3 promenader/vecka × 52 veckor × 20 min ÷ 60 \
             = 21\u{a0}840 h/år"
        );
        assert_eq!(drivers_product(&walks(), Level::Likely), Some(dec!(21840)));
    }

    #[test]
    fn zero_divisor_gives_none_instead_of_panicking() {
        let mut m = walks();
        m.divisor = Some(Decimal::ZERO);
        assert_eq!(drivers_product(&m, Level::Likely), None);
        assert!(formula(&m, Level::Likely, "h").ends_with("= — h/år"));
    }

    #[test]
    fn factor_rate_requires_matching_unit() {
        let s = CalcSettings::new(2026);
        let f = default_factors();
        let fuel = Rate::Factor {
            code: "fuel_el".into(),
        };
        assert_eq!(rate_value(&fuel, "kr/mil", &s, &f), Ok(dec!(3.8)));
        assert!(matches!(
            rate_value(&fuel, "kr/h", &s, &f),
            Err(RateError::WrongUnit { .. })
        ));
        let unknown = Rate::Factor {
            code: "nope".into(),
        };
        assert_eq!(
            rate_value(&unknown, "kr/h", &s, &f),
            Err(RateError::UnknownFactor("nope".into()))
        );
    }

    #[test]
    fn estimate_display_shows_spread_only_when_there_is_one() {
        assert_eq!(display_estimate(&Estimate::exact(dec!(500))), "500");
        assert_eq!(
            display_estimate(&Estimate::new(dec!(400), dec!(500), dec!(650.5))),
            "400 / 500 / 650,5"
        );
    }
}
