//! Nyttokalkyl: the benefit-calculation method (design §4, after Inera's public method) as
//! pure functions over [`crate::model::calculation`]. No I/O.
//!
//! Flow in year t (t = 0 … N−1, calendar year Y0 + t) = yearly value × timing factor.
//! PV = Σ flowₜ / (1 + r)ᵗ, with (1 + r)ᵗ built by repeated exact decimal multiplication.
//! Three scenarios: pessimistic (low benefits, high costs), likely, optimistic (high benefits,
//! low costs). Nothing is rounded here (results are only normalised: no trailing zeros);
//! rounding happens in [`crate::format`] at presentation.
//!
//! Entry points: [`validate`], [`warnings`], [`calculate`], [`diff`], [`formula`], and
//! [`line_flows`] for the grid of a draft that does not validate yet.

mod diff;
mod flows;
mod fte;
mod validate;
mod value;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::calculation::{
    CalcFactor, CalcSettings, Calculation, Category, CostType, Level, LineKind, LineValue,
    Perspective,
};
use crate::model::FieldError;

pub use diff::{diff, CalcDiff, FieldChange, LineChange, LineRef};
pub use flows::line_flows;
pub use fte::{fte, fte_price, FteBasis, FtePrice};
pub use validate::{
    validate, validate_factors, warnings, Warning, WarningCode, MAX_ANNUAL_VALUE, MAX_INPUT,
};
pub use value::{
    annual_value, display_estimate, drivers_product, find_factor, formula, quantity, rate_value,
    RateError,
};

/// The three scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    Pessimistic,
    Likely,
    Optimistic,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [
        Scenario::Pessimistic,
        Scenario::Likely,
        Scenario::Optimistic,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Scenario::Pessimistic => "Pessimistiskt",
            Scenario::Likely => "Troligt",
            Scenario::Optimistic => "Optimistiskt",
        }
    }

    /// Which estimate a line of `kind` uses in this scenario.
    pub fn level(self, kind: LineKind) -> Level {
        match (self, kind) {
            (Scenario::Likely, _) => Level::Likely,
            (Scenario::Pessimistic, LineKind::Nytta)
            | (Scenario::Optimistic, LineKind::Kostnad) => Level::Low,
            (Scenario::Pessimistic, LineKind::Kostnad)
            | (Scenario::Optimistic, LineKind::Nytta) => Level::High,
        }
    }
}

/// The calculation is not valid: every error, in field order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kalkylen kan inte beräknas:")?;
        for e in &self.0 {
            write!(f, "\n– {}", e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Everything the method produces for one calculation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalculationResult {
    /// The settings used (echoed so the JSON stands on its own).
    pub settings: CalcSettings,
    pub pessimistic: ScenarioResult,
    pub likely: ScenarioResult,
    pub optimistic: ScenarioResult,
    /// Benefits not valued in money, kept out of every sum.
    pub not_monetised: Vec<NotMonetisedBenefit>,
    pub warnings: Vec<Warning>,
}

impl CalculationResult {
    pub fn scenario(&self, scenario: Scenario) -> &ScenarioResult {
        match scenario {
            Scenario::Pessimistic => &self.pessimistic,
            Scenario::Likely => &self.likely,
            Scenario::Optimistic => &self.optimistic,
        }
    }

    /// Pessimistic, likely, optimistic.
    pub fn scenarios(&self) -> [&ScenarioResult; 3] {
        [&self.pessimistic, &self.likely, &self.optimistic]
    }
}

/// The result of one scenario. All amounts in kronor, unrounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub scenario: Scenario,
    /// Present value of benefits (PVB).
    pub pv_benefits: Decimal,
    /// Present value of costs (PVC).
    pub pv_costs: Decimal,
    /// Net present value, PVB − PVC.
    pub npv: Decimal,
    /// PVB / PVC; `None` when PVC = 0.
    pub benefit_per_krona: Option<Decimal>,
    /// First calendar year whose cumulative discounted net is ≥ 0, counted from the first year
    /// with any flow; `None` when not within the horizon.
    pub break_even_year: Option<i32>,
    /// PV of internal (own time) and external costs.
    pub pv_costs_internal: Decimal,
    pub pv_costs_external: Decimal,
    /// Share of PVB that is finansiell (budget-affecting), and the rest; `None` when PVB = 0.
    pub budget_affecting_share: Option<Decimal>,
    pub non_budget_affecting_share: Option<Decimal>,
    /// PV of benefits per category, all four in fixed order.
    pub by_category: Vec<CategoryShare>,
    /// PV of benefits per perspective, all three in fixed order.
    pub by_perspective: Vec<PerspectiveShare>,
    /// Freed time at full effect: hours per year of the recurring hour-based benefit lines at
    /// this scenario's level (ramp ignored), and in full-time equivalents.
    pub freed_hours_per_year: Decimal,
    pub freed_fte: Decimal,
    /// One entry per calendar year of the horizon.
    pub years: Vec<YearFlow>,
    /// One entry per monetised line, in line order.
    pub lines: Vec<LineResult>,
}

/// One year of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearFlow {
    /// Calendar year, Y0 + offset.
    pub year: i32,
    /// t, 0-based.
    pub offset: u32,
    pub benefits: Decimal,
    pub costs: Decimal,
    /// benefits − costs.
    pub net: Decimal,
    /// 1 / (1 + r)ᵗ.
    pub discount_factor: Decimal,
    pub discounted_benefits: Decimal,
    pub discounted_costs: Decimal,
    /// discounted_benefits − discounted_costs.
    pub discounted_net: Decimal,
    pub cumulative_discounted_net: Decimal,
}

/// A monetised line's part of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineResult {
    pub key: String,
    /// 1-based line number.
    pub line: usize,
    pub kind: LineKind,
    /// The line's description: what a reader of the result names it by (the key is internal).
    pub description: String,
    /// Yearly value before timing, kronor.
    pub annual_value: Decimal,
    /// Undiscounted sum over the horizon.
    pub total: Decimal,
    /// Present value.
    pub pv: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryShare {
    pub category: Category,
    pub pv: Decimal,
    /// pv / PVB; `None` when PVB = 0.
    pub share: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerspectiveShare {
    pub perspective: Perspective,
    pub pv: Decimal,
    pub share: Option<Decimal>,
}

/// A benefit valued by a score 0–3 instead of money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotMonetisedBenefit {
    pub key: String,
    pub line: usize,
    pub description: String,
    pub category: Category,
    pub perspective: Perspective,
    pub score: u8,
}

/// Validates `calc` against `factors` and, when valid, computes all three scenarios.
pub fn calculate(
    calc: &Calculation,
    factors: &[CalcFactor],
) -> Result<CalculationResult, ValidationErrors> {
    let errors = validate(calc, factors);
    if !errors.is_empty() {
        return Err(ValidationErrors(errors));
    }
    let not_monetised = calc
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l.value {
            LineValue::NotMonetised { score } => Some(NotMonetisedBenefit {
                key: l.key.clone(),
                line: i + 1,
                description: l.description.clone(),
                category: l.category,
                perspective: l.perspective,
                score,
            }),
            _ => None,
        })
        .collect();
    Ok(CalculationResult {
        settings: calc.settings.clone(),
        pessimistic: scenario(calc, factors, Scenario::Pessimistic),
        likely: scenario(calc, factors, Scenario::Likely),
        optimistic: scenario(calc, factors, Scenario::Optimistic),
        not_monetised,
        warnings: warnings(calc, factors),
    })
}

/// (1 + r)ᵗ for t = 0 … n−1 by repeated multiplication.
fn discount_divisors(rate: Decimal, n: u32) -> Vec<Decimal> {
    let base = Decimal::ONE + rate;
    let mut out = Vec::with_capacity(n as usize);
    let mut d = Decimal::ONE;
    for _ in 0..n {
        out.push(d);
        d *= base;
    }
    out
}

fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        Some((part / whole).normalize())
    }
}

/// One scenario of a calculation that has passed validation (validation bounds every value,
/// so the arithmetic below cannot overflow).
fn scenario(calc: &Calculation, factors: &[CalcFactor], scenario: Scenario) -> ScenarioResult {
    let s = &calc.settings;
    let n = s.horizon_years;
    let divisors = discount_divisors(s.discount_rate, n);
    let mut benefits = vec![Decimal::ZERO; n as usize];
    let mut costs = vec![Decimal::ZERO; n as usize];
    let mut lines = Vec::new();
    let mut by_category = [Decimal::ZERO; 4];
    let mut by_perspective = [Decimal::ZERO; 3];
    let (mut pv_internal, mut pv_external) = (Decimal::ZERO, Decimal::ZERO);
    let mut freed_hours = Decimal::ZERO;

    for (i, line) in calc.lines.iter().enumerate() {
        let level = scenario.level(line.kind);
        let Ok(Some(annual)) = value::annual_value(line, level, s, factors) else {
            continue;
        };
        let (mut total, mut pv) = (Decimal::ZERO, Decimal::ZERO);
        for (t, divisor) in (0..n).zip(&divisors) {
            let flow = annual * line.timing.factor(t);
            if flow.is_zero() {
                continue;
            }
            let bucket = match line.kind {
                LineKind::Nytta => &mut benefits,
                LineKind::Kostnad => &mut costs,
            };
            bucket[t as usize] += flow;
            total += flow;
            pv += flow / divisor;
        }
        match line.kind {
            LineKind::Nytta => {
                if let Some(c) = Category::ALL.iter().position(|c| *c == line.category) {
                    by_category[c] += pv;
                }
                if let Some(p) = Perspective::ALL.iter().position(|p| *p == line.perspective) {
                    by_perspective[p] += pv;
                }
                if let (LineValue::Hours { hours, .. }, true) =
                    (&line.value, line.timing.is_recurring())
                {
                    freed_hours += value::quantity(hours, level).unwrap_or_default();
                }
            }
            LineKind::Kostnad => match line.cost_type {
                Some(CostType::Intern) => pv_internal += pv,
                _ => pv_external += pv,
            },
        }
        lines.push(LineResult {
            key: line.key.clone(),
            line: i + 1,
            kind: line.kind,
            description: line.description.clone(),
            annual_value: annual.normalize(),
            total: total.normalize(),
            pv: pv.normalize(),
        });
    }

    let mut years = Vec::with_capacity(n as usize);
    let (mut pvb, mut pvc, mut cumulative) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut break_even_year = None;
    let mut started = false;
    for t in 0..n {
        let idx = t as usize;
        let (b, c, divisor) = (benefits[idx], costs[idx], divisors[idx]);
        let (db, dc) = (b / divisor, c / divisor);
        pvb += db;
        pvc += dc;
        cumulative += db - dc;
        let year = s.first_year + t as i32;
        started |= !b.is_zero() || !c.is_zero();
        if started && break_even_year.is_none() && cumulative >= Decimal::ZERO {
            break_even_year = Some(year);
        }
        years.push(YearFlow {
            year,
            offset: t,
            benefits: b.normalize(),
            costs: c.normalize(),
            net: (b - c).normalize(),
            discount_factor: (Decimal::ONE / divisor).normalize(),
            discounted_benefits: db.normalize(),
            discounted_costs: dc.normalize(),
            discounted_net: (db - dc).normalize(),
            cumulative_discounted_net: cumulative.normalize(),
        });
    }

    let budget = by_category[0];
    ScenarioResult {
        scenario,
        pv_benefits: pvb.normalize(),
        pv_costs: pvc.normalize(),
        npv: (pvb - pvc).normalize(),
        benefit_per_krona: share(pvb, pvc),
        break_even_year,
        pv_costs_internal: pv_internal.normalize(),
        pv_costs_external: pv_external.normalize(),
        budget_affecting_share: share(budget, pvb),
        non_budget_affecting_share: share(pvb - budget, pvb),
        by_category: Category::ALL
            .iter()
            .zip(by_category)
            .map(|(c, pv)| CategoryShare {
                category: *c,
                pv: pv.normalize(),
                share: share(pv, pvb),
            })
            .collect(),
        by_perspective: Perspective::ALL
            .iter()
            .zip(by_perspective)
            .map(|(p, pv)| PerspectiveShare {
                perspective: *p,
                pv: pv.normalize(),
                share: share(pv, pvb),
            })
            .collect(),
        freed_hours_per_year: freed_hours.normalize(),
        freed_fte: share(freed_hours, s.annual_hours).unwrap_or_default(),
        years,
        lines,
    }
}
