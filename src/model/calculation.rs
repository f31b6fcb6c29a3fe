//! Nyttokalkyl (benefit calculation) as data: settings, benefit and cost lines, value drivers
//! and the register-wide calculation factors. No arithmetic beyond trivial helpers lives here;
//! the method is in [`crate::calc`].
//!
//! Every enum serializes in `snake_case`; every `Decimal` serializes as a JSON string
//! (`"0.03"`), never as a float.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

/// Shortest allowed horizon, in years.
pub const MIN_HORIZON_YEARS: u32 = 1;
/// Longest allowed horizon, in years.
pub const MAX_HORIZON_YEARS: u32 = 25;
/// Default horizon (Inera: six years).
pub const DEFAULT_HORIZON_YEARS: u32 = 6;
/// Default discount rate as a fraction (3 %).
pub const DEFAULT_DISCOUNT_RATE: Decimal = dec!(0.03);
/// Highest allowed discount rate as a fraction (20 %).
pub const MAX_DISCOUNT_RATE: Decimal = dec!(0.20);
/// Default working hours per full-time equivalent and year.
pub const DEFAULT_ANNUAL_HOURS: Decimal = dec!(1700);
/// Default personnel overhead (personalomkostnadspålägg) as a fraction (54 %).
pub const DEFAULT_OVERHEAD: Decimal = dec!(0.54);

/// One benefit calculation: its settings and its lines, in the order the user sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calculation {
    pub settings: CalcSettings,
    #[serde(default)]
    pub lines: Vec<CalcLine>,
}

impl Calculation {
    /// An empty calculation with default settings starting in `first_year`.
    pub fn new(first_year: i32) -> Self {
        Calculation {
            settings: CalcSettings::new(first_year),
            lines: Vec::new(),
        }
    }

    /// The factor codes the lines refer to, each once, in first-use order. The store should
    /// freeze these factors' values together with an approved version.
    pub fn referenced_factor_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for line in &self.lines {
            if let Some(code) = line.value.rate().and_then(Rate::factor_code) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        codes
    }
}

/// Settings of one calculation (design §4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalcSettings {
    /// Calendar year of year 0 (Y0).
    pub first_year: i32,
    /// Horizon N in years, 1–25.
    #[serde(default = "default_horizon")]
    pub horizon_years: u32,
    /// Discount rate r as a fraction, 0–0.20.
    #[serde(default = "default_discount_rate")]
    pub discount_rate: Decimal,
    /// Working hours per full-time equivalent and year (årsarbetstid).
    #[serde(default = "default_annual_hours")]
    pub annual_hours: Decimal,
    /// Personnel overhead as a fraction (0.54 = 54 %): holiday pay, employer contributions,
    /// insurance and payroll tax.
    #[serde(default = "default_overhead")]
    pub overhead: Decimal,
}

fn default_horizon() -> u32 {
    DEFAULT_HORIZON_YEARS
}
fn default_discount_rate() -> Decimal {
    DEFAULT_DISCOUNT_RATE
}
fn default_annual_hours() -> Decimal {
    DEFAULT_ANNUAL_HOURS
}
fn default_overhead() -> Decimal {
    DEFAULT_OVERHEAD
}

impl CalcSettings {
    /// Default settings (6 years, 3 %, 1 700 h, 54 %) starting in `first_year`.
    pub fn new(first_year: i32) -> Self {
        CalcSettings {
            first_year,
            horizon_years: DEFAULT_HORIZON_YEARS,
            discount_rate: DEFAULT_DISCOUNT_RATE,
            annual_hours: DEFAULT_ANNUAL_HOURS,
            overhead: DEFAULT_OVERHEAD,
        }
    }

    /// Calendar year of the last year in the horizon (Y0 + N − 1).
    pub fn last_year(&self) -> i32 {
        self.first_year
            .saturating_add(i32::try_from(self.horizon_years).unwrap_or(i32::MAX))
            .saturating_sub(1)
    }

    /// Working hours per month used by the hourly-cost helper: annual hours / 12 rounded to
    /// whole hours. With the default 1 700 h this gives 142 (1 700 / 12 = 141,67), the figure
    /// Inera publishes, so our hourly costs match Inera's tables to the krona. FTE figures use
    /// the unrounded annual hours.
    pub fn hours_per_month(&self) -> Decimal {
        crate::format::round(self.annual_hours / dec!(12), 0)
    }

    /// Hourly cost from a monthly salary: salary / hours per month × (1 + overhead).
    /// With defaults: salary / 142 × 1,54. `None` when hours per month is zero or the result
    /// overflows.
    pub fn hourly_cost(&self, monthly_salary: Decimal) -> Option<Decimal> {
        let per_month = self.hours_per_month();
        if per_month <= Decimal::ZERO {
            return None;
        }
        monthly_salary
            .checked_div(per_month)?
            .checked_mul(Decimal::ONE.checked_add(self.overhead)?)
    }
}

/// Benefit or cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Nytta,
    Kostnad,
}

impl LineKind {
    pub fn label(self) -> &'static str {
        match self {
            LineKind::Nytta => "Nytta",
            LineKind::Kostnad => "Kostnad",
        }
    }
}

/// Inera's four kinds of benefit. Only `Finansiell` affects the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Finansiell,
    Omfordelning,
    Kvalitet,
    Miljo,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Finansiell,
        Category::Omfordelning,
        Category::Kvalitet,
        Category::Miljo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Finansiell => "Finansiell",
            Category::Omfordelning => "Omfördelning",
            Category::Kvalitet => "Kvalitet",
            Category::Miljo => "Miljö",
        }
    }

    /// True for benefits that change the budget (finansiell nytta).
    pub fn is_budget_affecting(self) -> bool {
        self == Category::Finansiell
    }
}

/// Whose benefit or cost it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    Organisation,
    InvanareBrukare,
    Samhalle,
}

impl Perspective {
    pub const ALL: [Perspective; 3] = [
        Perspective::Organisation,
        Perspective::InvanareBrukare,
        Perspective::Samhalle,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Perspective::Organisation => "Organisation",
            Perspective::InvanareBrukare => "Invånare/brukare",
            Perspective::Samhalle => "Samhälle",
        }
    }
}

/// Internal (own staff time) or external (money paid to others) cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostType {
    Intern,
    Extern,
}

impl CostType {
    pub fn label(self) -> &'static str {
        match self {
            CostType::Intern => "Intern",
            CostType::Extern => "Extern",
        }
    }
}

/// Which of the three values of an [`Estimate`] to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Likely,
    High,
}

/// A value with low, likely and high estimates. Likely is required (validation says so);
/// a missing low or high means the likely value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    #[serde(default)]
    pub low: Option<Decimal>,
    #[serde(default)]
    pub likely: Option<Decimal>,
    #[serde(default)]
    pub high: Option<Decimal>,
}

impl Estimate {
    /// One value, no spread.
    pub fn exact(value: Decimal) -> Self {
        Estimate {
            low: None,
            likely: Some(value),
            high: None,
        }
    }

    /// Low, likely and high.
    pub fn new(low: Decimal, likely: Decimal, high: Decimal) -> Self {
        Estimate {
            low: Some(low),
            likely: Some(likely),
            high: Some(high),
        }
    }

    /// The value at `level`; missing low/high fall back to likely, missing likely to zero
    /// (validation reports a missing likely value before any calculation).
    pub fn get(&self, level: Level) -> Decimal {
        let likely = self.likely.unwrap_or(Decimal::ZERO);
        match level {
            Level::Low => self.low.unwrap_or(likely),
            Level::Likely => likely,
            Level::High => self.high.unwrap_or(likely),
        }
    }

    /// Each value multiplied by `factor` (tests only: plain multiplication may overflow).
    #[cfg(test)]
    pub(crate) fn scaled(&self, factor: Decimal) -> Self {
        Estimate {
            low: self.low.map(|v| v * factor),
            likely: self.likely.map(|v| v * factor),
            high: self.high.map(|v| v * factor),
        }
    }
}

/// A named value driver, e.g. "Brukare med tjänsten", 1 200 brukare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub name: String,
    pub value: Estimate,
    /// Unit as the user writes it: `brukare`, `andel`, `promenader/vecka`, `veckor`, `min`.
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub source: String,
}

/// A quantity built as the product of drivers, times an optional multiplier, divided by an
/// optional divisor: users × share × times per week × 52 × minutes ÷ 60 → hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DriverModel {
    pub drivers: Vec<Driver>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor: Option<Decimal>,
}

/// How many hours (or other units) per year: typed in, or built from drivers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Quantity {
    Direct { value: Estimate },
    Drivers(DriverModel),
}

/// The price per hour (or per unit): typed in, a register calculation factor, or derived from
/// a monthly salary with the settings' hours per month and overhead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Rate {
    Fixed { kr: Decimal },
    Factor { code: String },
    MonthlySalary { salary: Decimal },
}

impl Rate {
    pub fn factor_code(&self) -> Option<&str> {
        match self {
            Rate::Factor { code } => Some(code),
            _ => None,
        }
    }
}

/// A line's yearly value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LineValue {
    /// Kronor per year.
    Amount { amount: Estimate },
    /// Hours per year × kr per hour. Counts towards freed time when it is a benefit.
    Hours { hours: Quantity, rate: Rate },
    /// Other units per year × kr per unit, e.g. mil driven × fuel kr/mil. The rate's factor
    /// must have the unit `kr/<unit>`.
    Units {
        quantity: Quantity,
        unit: String,
        rate: Rate,
    },
    /// A benefit that is not valued in money: a score 0–3, kept out of all sums.
    NotMonetised { score: u8 },
}

impl LineValue {
    pub fn rate(&self) -> Option<&Rate> {
        match self {
            LineValue::Hours { rate, .. } | LineValue::Units { rate, .. } => Some(rate),
            _ => None,
        }
    }

    pub fn is_monetised(&self) -> bool {
        !matches!(self, LineValue::NotMonetised { .. })
    }
}

/// When a line's value falls. Years are offsets from Y0 (0 = first year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Timing {
    /// Once, in year `year`. Not ramped.
    OneOff { year: u32 },
    /// Every year from `from_year`, for `years` years (`None` = to the end of the horizon).
    /// The first years are multiplied by `ramp` (each 0–1); after the list, 1.0.
    Recurring {
        from_year: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        years: Option<u32>,
        #[serde(default = "default_ramp")]
        ramp: Vec<Decimal>,
    },
}

/// Inera's default ramp-up: half effect the first year, full effect from the second.
pub fn default_ramp() -> Vec<Decimal> {
    vec![dec!(0.5), dec!(1.0)]
}

impl Timing {
    /// Recurring from `from_year` to the end, with the default ramp (0,5 then 1,0).
    pub fn recurring(from_year: u32) -> Self {
        Timing::Recurring {
            from_year,
            years: None,
            ramp: default_ramp(),
        }
    }

    /// Recurring from `from_year` to the end at full value from the start (typical for
    /// running costs such as licences).
    pub fn recurring_flat(from_year: u32) -> Self {
        Timing::Recurring {
            from_year,
            years: None,
            ramp: Vec::new(),
        }
    }

    /// The factor applied in year offset `t`: 0 when not active.
    pub fn factor(&self, t: u32) -> Decimal {
        match self {
            Timing::OneOff { year } => {
                if *year == t {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            }
            Timing::Recurring {
                from_year,
                years,
                ramp,
            } => {
                if t < *from_year {
                    return Decimal::ZERO;
                }
                let since = t - from_year;
                if let Some(d) = years {
                    if since >= *d {
                        return Decimal::ZERO;
                    }
                }
                usize::try_from(since)
                    .ok()
                    .and_then(|i| ramp.get(i))
                    .copied()
                    .unwrap_or(Decimal::ONE)
            }
        }
    }

    /// True for recurring lines (used for freed time "at full effect").
    pub fn is_recurring(&self) -> bool {
        matches!(self, Timing::Recurring { .. })
    }
}

/// One benefit or cost line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalcLine {
    /// Stable identifier that survives new versions, so indicators can link to the line.
    pub key: String,
    pub kind: LineKind,
    pub category: Category,
    pub perspective: Perspective,
    /// Required for costs; ignored for benefits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_type: Option<CostType>,
    #[serde(default)]
    pub description: String,
    /// Underlag: where the figures come from.
    #[serde(default)]
    pub source: String,
    /// Nyttoägare / kostnadsansvarig.
    #[serde(default)]
    pub owner: String,
    pub value: LineValue,
    pub timing: Timing,
}

/// A register-wide calculation factor: a named price such as kr per hour for a role or kr per
/// mil for a fuel. Local figures come first; each factor keeps its source and year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalcFactor {
    pub code: String,
    pub name: String,
    pub value: Decimal,
    /// `kr/h`, `kr/mil`, …
    pub unit: String,
    pub source: String,
    pub year: i32,
}

/// The public defaults a register can start from (domain.md §9: Inera's factors built on SCB
/// wage statistics 2024, ASEK, and Konsumentverket's fuel costs February 2026).
pub fn default_factors() -> Vec<CalcFactor> {
    fn f(
        code: &str,
        name: &str,
        value: Decimal,
        unit: &str,
        source: &str,
        year: i32,
    ) -> CalcFactor {
        CalcFactor {
            code: code.to_string(),
            name: name.to_string(),
            value,
            unit: unit.to_string(),
            source: source.to_string(),
            year,
        }
    }
    const SCB: &str = "SCB lönestatistik 2024, via Inera (månadslön / 142 × 1,54)";
    const KOV: &str = "Konsumentverket, bränslekostnad liten bil, februari 2026";
    vec![
        f(
            "underskoterska",
            "Undersköterska (hemtjänst, hemsjukvård, särskilt boende)",
            dec!(359),
            "kr/h",
            SCB,
            2024,
        ),
        f("vardbitrade", "Vårdbiträde", dec!(311), "kr/h", SCB, 2024),
        f(
            "bistandshandlaggare",
            "Biståndsbedömare/biståndshandläggare",
            dec!(415),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "enhetschef_aldreomsorg",
            "Enhetschef inom äldreomsorg",
            dec!(551),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "avdelningschef_aldreomsorg",
            "Avdelningschef inom äldreomsorg",
            dec!(738),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "sjukskoterska",
            "Sjuksköterska (grundutbildad)",
            dec!(453),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "distriktsskoterska",
            "Distriktssköterska",
            dec!(497),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "systemforvaltare",
            "Systemförvaltare",
            dec!(530),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "systemadministrator",
            "Systemadministratör",
            dec!(502),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "upphandlare",
            "Inköpare/upphandlare",
            dec!(502),
            "kr/h",
            SCB,
            2024,
        ),
        f(
            "verksamhetsutvecklare",
            "Verksamhetsutvecklare",
            dec!(635),
            "kr/h",
            "Lönekartläggning 2024, via Inera (månadslön / 142 × 1,54)",
            2024,
        ),
        f(
            "invanare_arbetstid",
            "Invånares arbetstid",
            dec!(452),
            "kr/h",
            "SCB 2024, via Inera",
            2024,
        ),
        f(
            "invanare_fritid",
            "Invånares fritid",
            dec!(101),
            "kr/h",
            "ASEK (Trafikverkets samhällsekonomiska kalkylvärden), via Inera",
            2024,
        ),
        f(
            "fuel_bensin",
            "Bensin, liten bil",
            dec!(12.2),
            "kr/mil",
            KOV,
            2026,
        ),
        f(
            "fuel_e85",
            "E85, liten bil",
            dec!(13.5),
            "kr/mil",
            KOV,
            2026,
        ),
        f(
            "fuel_diesel",
            "Diesel, liten bil",
            dec!(10.8),
            "kr/mil",
            KOV,
            2026,
        ),
        f(
            "fuel_hvo100",
            "HVO100, liten bil",
            dec!(12.5),
            "kr/mil",
            KOV,
            2026,
        ),
        f("fuel_el", "El, liten bil", dec!(3.8), "kr/mil", KOV, 2026),
        f(
            "fuel_fordonsgas",
            "Fordonsgas, liten bil",
            dec!(15.0),
            "kr/mil",
            KOV,
            2026,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_per_month_rounds_1700_to_inera_142() {
        let s = CalcSettings::new(2026);
        assert_eq!(s.hours_per_month(), dec!(142));
        // 32 000 kr/month → 32 000 / 142 × 1,54 = 347,04… kr/h
        let rate = s.hourly_cost(dec!(32000)).unwrap();
        assert_eq!(crate::format::round(rate, 2), dec!(347.04));
    }

    #[test]
    fn hourly_cost_is_none_when_no_hours() {
        let mut s = CalcSettings::new(2026);
        s.annual_hours = Decimal::ZERO;
        assert_eq!(s.hourly_cost(dec!(30000)), None);
    }

    #[test]
    fn missing_low_and_high_mean_likely() {
        let e = Estimate::exact(dec!(7));
        assert_eq!(e.get(Level::Low), dec!(7));
        assert_eq!(e.get(Level::High), dec!(7));
        assert_eq!(Estimate::default().get(Level::Likely), Decimal::ZERO);
    }

    #[test]
    fn default_ramp_is_half_then_full() {
        let t = Timing::recurring(1);
        let f: Vec<Decimal> = (0..4).map(|y| t.factor(y)).collect();
        assert_eq!(f, vec![dec!(0), dec!(0.5), dec!(1.0), dec!(1)]);
    }

    #[test]
    fn recurring_for_limited_years_stops() {
        let t = Timing::Recurring {
            from_year: 1,
            years: Some(2),
            ramp: vec![],
        };
        let f: Vec<Decimal> = (0..5).map(|y| t.factor(y)).collect();
        assert_eq!(f, vec![dec!(0), dec!(1), dec!(1), dec!(0), dec!(0)]);
    }

    #[test]
    fn missing_ramp_in_json_means_default_ramp() {
        let t: Timing = serde_json::from_str(r#"{"type":"recurring","from_year":2}"#).unwrap();
        assert_eq!(t, Timing::recurring(2));
    }

    #[test]
    fn line_round_trips_through_json_with_decimal_strings() {
        let line = CalcLine {
            key: "promenader".into(),
            kind: LineKind::Nytta,
            category: Category::Omfordelning,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: "Promenader utan personal".into(),
            source: "Tidsstudie 2025".into(),
            owner: "Enhetschef".into(),
            value: LineValue::Hours {
                hours: Quantity::Drivers(DriverModel {
                    drivers: vec![Driver {
                        name: "Brukare".into(),
                        value: Estimate::new(dec!(1000), dec!(1200), dec!(1300)),
                        unit: "brukare".into(),
                        source: String::new(),
                    }],
                    multiplier: None,
                    divisor: Some(dec!(60)),
                }),
                rate: Rate::Factor {
                    code: "underskoterska".into(),
                },
            },
            timing: Timing::recurring(1),
        };
        let json = serde_json::to_string(&line).unwrap();
        assert!(json.contains(r#""likely":"1200""#), "{json}");
        assert!(json.contains(r#""type":"hours""#), "{json}");
        assert!(json.contains(r#""source":"drivers""#), "{json}");
        let back: CalcLine = serde_json::from_str(&json).unwrap();
        assert_eq!(back, line);
    }

    #[test]
    fn default_factors_have_unique_codes_sources_and_years() {
        let factors = default_factors();
        for (i, f) in factors.iter().enumerate() {
            assert!(!f.source.is_empty() && f.year >= 2024, "{}", f.code);
            assert!(factors[..i].iter().all(|g| g.code != f.code), "{}", f.code);
        }
        let u = factors.iter().find(|f| f.code == "underskoterska").unwrap();
        assert_eq!((u.value, u.unit.as_str()), (dec!(359), "kr/h"));
        let el = factors.iter().find(|f| f.code == "fuel_el").unwrap();
        assert_eq!((el.value, el.unit.as_str()), (dec!(3.8), "kr/mil"));
    }
}
