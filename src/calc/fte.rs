//! Kronor ↔ årsarbetare (FTE) for harvest (issue 17): a benefit's kronor per year are worth
//! kr ÷ (what one årsarbetare costs). For a benefit whose calculation line counts hours, one
//! årsarbetare costs the line's own kr/h × the calculation's hours per FTE
//! (`CalcSettings::annual_hours`); for a line without hours — an amount, or units such as mil —
//! the register's kostnad per årsarbetare (`RegisterSettings::cost_per_fte`). Exact decimals;
//! rounding only in `format`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::value::{expected_rate_unit, rate_value};
use crate::model::calculation::{CalcFactor, CalcLine, CalcSettings, LineValue};

/// Where the price of one årsarbetare came from, for the reader ("timpris × årsarbetstid").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FteBasis {
    /// The linked line's kr/h × the calculation's annual hours.
    LineRate,
    /// The register's kostnad per årsarbetare.
    Register,
}

impl FteBasis {
    pub fn label(self) -> &'static str {
        match self {
            FteBasis::LineRate => "radens timpris × kalkylens årsarbetstid",
            FteBasis::Register => "registrets kostnad per årsarbetare",
        }
    }
}

/// What one årsarbetare costs per year for a benefit, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FtePrice {
    pub kr_per_fte: Decimal,
    pub basis: FteBasis,
}

impl FtePrice {
    /// `kr` per year as årsarbetare; `None` when the price is not positive.
    pub fn fte(&self, kr: Decimal) -> Option<Decimal> {
        fte(kr, self.kr_per_fte)
    }
}

/// `kr` ÷ `kr_per_fte`, unrounded; `None` when the price is zero or negative (no division by
/// zero, no negative staff).
pub fn fte(kr: Decimal, kr_per_fte: Decimal) -> Option<Decimal> {
    if kr_per_fte <= Decimal::ZERO {
        return None;
    }
    kr.checked_div(kr_per_fte).map(|v| v.normalize())
}

/// The price of one årsarbetare for a benefit linked to `line` (none: not linked): the line's
/// kr/h × `settings.annual_hours` for an hours line whose rate can be priced, else the
/// register's `cost_per_fte`.
pub fn fte_price(
    line: Option<&CalcLine>,
    settings: &CalcSettings,
    factors: &[CalcFactor],
    cost_per_fte: Decimal,
) -> FtePrice {
    let from_line = line.and_then(|line| match &line.value {
        LineValue::Hours { rate, .. } => {
            let unit = expected_rate_unit(&line.value).unwrap_or_default();
            rate_value(rate, &unit, settings, factors)
                .ok()
                .and_then(|kr_per_hour| kr_per_hour.checked_mul(settings.annual_hours))
                .filter(|price| *price > Decimal::ZERO)
        }
        _ => None,
    });
    match from_line {
        Some(kr_per_fte) => FtePrice { kr_per_fte: kr_per_fte.normalize(), basis: FteBasis::LineRate },
        None => FtePrice { kr_per_fte: cost_per_fte, basis: FteBasis::Register },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use crate::model::calculation::{
        Category, Estimate, LineKind, Perspective, Quantity, Rate, Timing,
    };
    use rust_decimal_macros::dec;

    fn line(value: LineValue) -> CalcLine {
        CalcLine {
            key: "N1".into(),
            kind: LineKind::Nytta,
            category: Category::Omfordelning,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: String::new(),
            source: String::new(),
            owner: String::new(),
            value,
            timing: Timing::recurring(0),
        }
    }

    fn hours(rate: Rate) -> LineValue {
        LineValue::Hours { hours: Quantity::Direct { value: Estimate::exact(dec!(1000)) }, rate }
    }

    #[test]
    fn an_hours_line_prices_an_fte_at_its_rate_times_the_annual_hours() {
        let settings = CalcSettings::new(2026);
        let price = fte_price(Some(&line(hours(Rate::Fixed { kr: dec!(450) }))), &settings, &[], dec!(700000));
        assert_eq!(price, FtePrice { kr_per_fte: dec!(765000), basis: FteBasis::LineRate });
        // 382 500 kr is 1 700 h × 450 kr/h ÷ 2: half an årsarbetare.
        assert_eq!(price.fte(dec!(382500)), Some(dec!(0.5)));
        // 1 000 000 kr ÷ 765 000 = 1,307189…: rounded only when shown.
        let many = price.fte(dec!(1000000)).unwrap();
        assert!(many > dec!(1.3071) && many < dec!(1.3072), "{many}");
        assert_eq!(format::ratio(many), "1,31");
    }

    #[test]
    fn a_factor_rate_is_the_frozen_factor_and_other_hours_per_fte_count() {
        let mut settings = CalcSettings::new(2026);
        settings.annual_hours = dec!(1600);
        let factors = vec![CalcFactor {
            code: "HANDL".into(),
            name: "Handläggare".into(),
            value: dec!(500),
            unit: "kr/h".into(),
            source: "SCB".into(),
            year: 2024,
        }];
        let price = fte_price(Some(&line(hours(Rate::Factor { code: "HANDL".into() }))), &settings, &factors, dec!(700000));
        assert_eq!(price.kr_per_fte, dec!(800000));
        assert_eq!(price.fte(dec!(200000)), Some(dec!(0.25)));
        // A factor that is missing cannot price the hours: the register's figure applies.
        let missing = fte_price(Some(&line(hours(Rate::Factor { code: "X".into() }))), &settings, &factors, dec!(700000));
        assert_eq!(missing.basis, FteBasis::Register);
    }

    #[test]
    fn lines_without_hours_and_unlinked_benefits_use_the_registers_cost_per_fte() {
        let settings = CalcSettings::new(2026);
        let amount = line(LineValue::Amount { amount: Estimate::exact(dec!(350000)) });
        let price = fte_price(Some(&amount), &settings, &[], dec!(700000));
        assert_eq!(price, FtePrice { kr_per_fte: dec!(700000), basis: FteBasis::Register });
        assert_eq!(price.fte(dec!(350000)), Some(dec!(0.5)));
        assert_eq!(fte_price(None, &settings, &[], dec!(650000)).kr_per_fte, dec!(650000));
    }

    #[test]
    fn no_fte_without_a_positive_price_and_zero_kronor_is_zero_fte() {
        assert_eq!(fte(dec!(100), Decimal::ZERO), None);
        assert_eq!(fte(dec!(100), dec!(-5)), None);
        assert_eq!(fte(Decimal::ZERO, dec!(700000)), Some(Decimal::ZERO));
        assert_eq!(fte(dec!(-350000), dec!(700000)), Some(dec!(-0.5)), "a gap may be negative");
    }
}
