//! Calibration (kalibrering): how much of the calculated benefit the city's own initiatives
//! have realised, per benefit category and organisation (and the whole register), at the
//! 6- and 12-month checkpoints — so a beställare writing a new calculation can see how far
//! realised benefits have fallen short before (issue 17, docs/uppfoljning.md "Kalibrering").
//!
//! The rule, step by step:
//! 1. For each initiative with a go-live date, an approved plan and an approved calculation,
//!    each benefit linked to a monetised line of the **first** approved calculation version
//!    counts with that line's likely annual value (the promise made when the initiative was
//!    decided, not a later, corrected version).
//! 2. At checkpoint M (6 or 12 months after go-live, reached on or before the as-of date),
//!    a benefit's realised value is its calculated value × the lowest achievement among its
//!    indicators measured at that checkpoint (the measurement the checkpoint uses, against the
//!    indicator's final target — as the follow-up's realised value does; below 0 counts as 0,
//!    not capped above). A benefit none of whose indicators was measured at M is left out.
//! 3. Per initiative and category: Σ realised ÷ Σ calculated (uncapped).
//! 4. Per organisation (and for the register): the median of those ratios over the initiatives
//!    that have reached the checkpoint, with their number n. Where n < [`MIN_INITIATIVES`] no
//!    median is given.
//!
//! Pure: the caller hands in the initiatives; no clock.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates::{checkpoint_date, window};
use super::indicator::baseline_of;
use super::initiative::realised_value;
use super::readings::{closest_in_window, MeasurementLookup};
use super::achievement_ratio;
use crate::model::calculation::{CalcFactor, CalcLine, CalcSettings, Category, Level, LineKind};
use crate::model::plan::Plan;

/// The checkpoints calibration looks at, in months after go-live.
pub const CHECKPOINTS: [u32; 2] = [6, 12];

/// Fewer initiatives than this give no median ("nothing is shown where n < 3").
pub const MIN_INITIATIVES: usize = 3;

/// The calculated value of one line of the first approved calculation, with its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLineValue {
    pub key: String,
    pub category: Category,
    pub annual_value: Decimal,
}

/// The likely annual values of the benefit lines of a calculation version, with their
/// categories (lines that cannot be computed, and lines not valued in money, are left out).
pub fn first_line_values(settings: &CalcSettings, lines: &[CalcLine], factors: &[CalcFactor]) -> Vec<FirstLineValue> {
    lines
        .iter()
        .filter(|l| l.kind == LineKind::Nytta && l.value.is_monetised())
        .filter_map(|line| {
            crate::calc::annual_value(line, Level::Likely, settings, factors)
                .ok()
                .flatten()
                .map(|annual_value| FirstLineValue { key: line.key.clone(), category: line.category, annual_value })
        })
        .collect()
}

/// One initiative as calibration sees it.
pub struct CalibrationInput<'a, L: MeasurementLookup + ?Sized> {
    pub organisation: &'a str,
    pub go_live: Option<NaiveDate>,
    /// The latest approved plan: which benefit links to which line, and its indicators.
    pub plan: &'a Plan,
    pub measurements: &'a L,
    /// The values of the first approved calculation version's benefit lines.
    pub first_lines: &'a [FirstLineValue],
}

/// Σ realised and Σ calculated of one initiative, one category, at one checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitiativeRatio {
    pub calculated: Decimal,
    pub realised: Decimal,
}

impl InitiativeRatio {
    /// Σ realised ÷ Σ calculated; `None` when nothing positive was calculated.
    pub fn ratio(&self) -> Option<Decimal> {
        if self.calculated <= Decimal::ZERO {
            return None;
        }
        self.realised.checked_div(self.calculated).map(|r| r.normalize())
    }
}

/// Per category, the sums of one initiative at checkpoint `months` as of `as_of`; a category
/// is absent when no benefit of it was measured at the checkpoint (or the checkpoint has not
/// come).
pub fn initiative_ratios<L: MeasurementLookup + ?Sized>(
    input: &CalibrationInput<'_, L>,
    months: u32,
    as_of: NaiveDate,
) -> BTreeMap<CategoryKey, InitiativeRatio> {
    let mut sums: BTreeMap<CategoryKey, InitiativeRatio> = BTreeMap::new();
    let Some(go_live) = input.go_live else { return sums };
    let date = checkpoint_date(go_live, months);
    if date > as_of {
        return sums;
    }
    let (from, to) = window(go_live, date);
    for benefit in &input.plan.benefits {
        let Some(key) = benefit.calculation_line.as_ref() else { continue };
        let Some(line) = input.first_lines.iter().find(|l| &l.key == key) else { continue };
        let lowest = benefit
            .indicators
            .iter()
            .filter_map(|indicator| {
                let target = indicator.final_target()?;
                let series = input.measurements.series(&indicator.code);
                let m = closest_in_window(series, date, from, to.min(as_of))?;
                Some(achievement_ratio(m.value, baseline_of(indicator), target.value, indicator.direction))
            })
            .min_by_key(|r| r.value());
        let Some(achievement) = lowest else { continue };
        let realised = realised_value(line.annual_value, &achievement);
        let entry = sums
            .entry(CategoryKey(line.category))
            .or_insert(InitiativeRatio { calculated: Decimal::ZERO, realised: Decimal::ZERO });
        entry.calculated = entry.calculated.saturating_add(line.annual_value);
        entry.realised = entry.realised.saturating_add(realised);
    }
    sums
}

/// A category as a map key in the order of [`Category::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryKey(pub Category);

impl CategoryKey {
    fn rank(self) -> usize {
        Category::ALL.iter().position(|c| *c == self.0).unwrap_or(usize::MAX)
    }
}

impl PartialOrd for CategoryKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CategoryKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The median of `values` (sorted here): the middle one, or the mean of the two middle ones
/// for an even number; `None` when empty.
pub fn median(values: &mut [Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort();
    let n = values.len();
    let mid = n / 2;
    if n % 2 == 1 {
        Some(values[mid].normalize())
    } else {
        values[mid - 1]
            .checked_add(values[mid])
            .map(|sum| (sum / Decimal::TWO).normalize())
            .or(Some(values[mid - 1]))
    }
}

/// Whose initiatives a figure is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Scope {
    /// Every initiative of the register.
    Register,
    /// The initiatives of one organisation (the supplier, by name).
    Organisation(String),
}

/// One calibration figure: the median realised share of calculated benefit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationFigure {
    pub scope: Scope,
    pub category: Category,
    pub months: u32,
    /// How many initiatives have reached the checkpoint with a measured benefit of the category.
    pub n: usize,
    /// The median of their ratios; `None` when n < [`MIN_INITIATIVES`].
    pub median: Option<Decimal>,
}

impl CalibrationFigure {
    /// True when the figure may be shown (n ≥ 3).
    pub fn is_shown(&self) -> bool {
        self.median.is_some()
    }
}

/// Every figure, register first, then organisations by name; within each, category in
/// [`Category::ALL`] order, then checkpoint. Groups without any initiative are left out.
pub fn calibrate<'a, L: MeasurementLookup + ?Sized + 'a>(
    inputs: impl IntoIterator<Item = CalibrationInput<'a, L>>,
    as_of: NaiveDate,
) -> Vec<CalibrationFigure> {
    let mut ratios: BTreeMap<(Scope, CategoryKey, u32), Vec<Decimal>> = BTreeMap::new();
    for input in inputs {
        for months in CHECKPOINTS {
            for (category, sums) in initiative_ratios(&input, months, as_of) {
                let Some(ratio) = sums.ratio() else { continue };
                ratios.entry((Scope::Register, category, months)).or_default().push(ratio);
                ratios
                    .entry((Scope::Organisation(input.organisation.to_string()), category, months))
                    .or_default()
                    .push(ratio);
            }
        }
    }
    ratios
        .into_iter()
        .map(|((scope, category, months), mut values)| {
            let n = values.len();
            let median = if n >= MIN_INITIATIVES { median(&mut values) } else { None };
            CalibrationFigure { scope, category: category.0, months, n, median }
        })
        .collect()
}

/// The noun of a category's benefit in a sentence: "omfördelningsnytta".
pub fn category_noun(category: Category) -> &'static str {
    match category {
        Category::Finansiell => "finansiell nytta",
        Category::Omfordelning => "omfördelningsnytta",
        Category::Kvalitet => "kvalitetsnytta",
        Category::Miljo => "miljönytta",
    }
}

/// "Insatser i er förvaltning har i median realiserat 62 % av kalkylerad omfördelningsnytta
/// efter 12 månader (n = 14)."; `None` when the figure is not shown.
pub fn sentence(figure: &CalibrationFigure) -> Option<String> {
    let median = figure.median?;
    let whose = match &figure.scope {
        Scope::Register => "Insatser i registret".to_string(),
        Scope::Organisation(_) => "Insatser i er förvaltning".to_string(),
    };
    Some(format!(
        "{whose} har i median realiserat {} av kalkylerad {} efter {} månader (n = {}).",
        crate::format::percent(median, 0),
        category_noun(figure.category),
        figure.months,
        figure.n
    ))
}

/// The figure a calculation line of `category` in `organisation` is told: the organisation's
/// own at 12 months, else at 6, else the register's at 12, else at 6 — the first that is shown.
pub fn best_figure<'a>(figures: &'a [CalibrationFigure], organisation: &str, category: Category) -> Option<&'a CalibrationFigure> {
    let find = |scope: &Scope, months: u32| {
        figures
            .iter()
            .find(|f| &f.scope == scope && f.category == category && f.months == months && f.is_shown())
    };
    let own = Scope::Organisation(organisation.to_string());
    find(&own, 12)
        .or_else(|| find(&own, 6))
        .or_else(|| find(&Scope::Register, 12))
        .or_else(|| find(&Scope::Register, 6))
}

/// The low value the calibration suggests for a line whose likely value is `likely`:
/// likely × median, to two decimals.
pub fn calibrated_low(likely: Decimal, median: Decimal) -> Decimal {
    crate::format::round(likely.saturating_mul(median), 2).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::MeasurementIndex;
    use crate::model::plan::{Baseline, Benefit, Direction, Indicator, Target};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn indicator(code: &str) -> Indicator {
        let mut i = Indicator::new(code, code, Direction::HigherIsBetter);
        i.baseline = Some(Baseline { value: dec!(0), date: d("2024-12-31"), source: String::new() });
        i.targets = vec![Target { months_after_go_live: 6, value: dec!(50) }, Target { months_after_go_live: 12, value: dec!(100) }];
        i
    }

    fn plan(links: &[(&str, &str)]) -> Plan {
        let mut plan = Plan::default();
        for (line, code) in links {
            let mut b = Benefit { name: line.to_string(), ..Benefit::default() };
            b.calculation_line = Some(line.to_string());
            b.indicators = vec![indicator(code)];
            plan.benefits.push(b);
        }
        plan
    }

    fn lines(values: &[(&str, Category, Decimal)]) -> Vec<FirstLineValue> {
        values.iter().map(|(k, c, v)| FirstLineValue { key: k.to_string(), category: *c, annual_value: *v }).collect()
    }

    fn index(points: &[(&str, &str, Decimal)]) -> MeasurementIndex {
        let mut map: BTreeMap<String, Vec<crate::followup::Observation>> = BTreeMap::new();
        for (code, date, value) in points {
            map.entry(code.to_string()).or_default().push(crate::followup::Observation::new(d(date), *value));
        }
        let mut index = MeasurementIndex::new();
        for (code, series) in map {
            index.insert_series(&code, series);
        }
        index
    }

    const AS_OF: &str = "2026-10-31";

    #[test]
    fn an_initiative_ratio_is_realised_over_calculated_from_the_first_version() {
        // Two omfördelning benefits: 100 000 at 80 % and 300 000 at 40 % (12 months):
        // (80 000 + 120 000) / 400 000 = 0,5.
        let plan = plan(&[("a", "A"), ("b", "B")]);
        let first = lines(&[("a", Category::Omfordelning, dec!(100000)), ("b", Category::Omfordelning, dec!(300000))]);
        let m = index(&[("A", "2026-01-31", dec!(80)), ("B", "2026-02-10", dec!(40))]);
        let input = CalibrationInput { organisation: "X", go_live: Some(d("2025-01-31")), plan: &plan, measurements: &m, first_lines: &first };
        let ratios = initiative_ratios(&input, 12, d(AS_OF));
        let r = ratios[&CategoryKey(Category::Omfordelning)];
        assert_eq!(r.calculated, dec!(400000));
        assert_eq!(r.realised, dec!(200000));
        assert_eq!(r.ratio(), Some(dec!(0.5)));
    }

    #[test]
    fn the_ratio_is_not_capped_and_a_negative_achievement_counts_as_zero() {
        let plan = plan(&[("a", "A"), ("b", "B")]);
        let first = lines(&[("a", Category::Finansiell, dec!(100000)), ("b", Category::Kvalitet, dec!(100000))]);
        let m = index(&[("A", "2026-01-31", dec!(150)), ("B", "2026-01-31", dec!(-20))]);
        let input = CalibrationInput { organisation: "X", go_live: Some(d("2025-01-31")), plan: &plan, measurements: &m, first_lines: &first };
        let ratios = initiative_ratios(&input, 12, d(AS_OF));
        assert_eq!(ratios[&CategoryKey(Category::Finansiell)].ratio(), Some(dec!(1.5)));
        assert_eq!(ratios[&CategoryKey(Category::Kvalitet)].ratio(), Some(dec!(0)));
    }

    #[test]
    fn a_checkpoint_not_yet_reached_or_not_measured_is_left_out() {
        let plan = plan(&[("a", "A"), ("b", "B")]);
        let first = lines(&[("a", Category::Omfordelning, dec!(100000)), ("b", Category::Omfordelning, dec!(100000))]);
        // 6 months measured for A only; 12 months (2026-07-31 + … ) not reached as of 2026-03-01.
        let m = index(&[("A", "2025-07-31", dec!(25))]);
        let input = CalibrationInput { organisation: "X", go_live: Some(d("2025-01-31")), plan: &plan, measurements: &m, first_lines: &first };
        let six = initiative_ratios(&input, 6, d("2026-03-01"));
        // B not measured: only A counts, 25 of the final target 100 → 0,25.
        assert_eq!(six[&CategoryKey(Category::Omfordelning)].ratio(), Some(dec!(0.25)));
        assert!(initiative_ratios(&input, 12, d("2026-01-30")).is_empty());
        assert!(initiative_ratios(&input, 12, d(AS_OF)).is_empty());
    }

    #[test]
    fn a_benefit_linked_to_a_line_missing_from_the_first_version_is_left_out() {
        let plan = plan(&[("new-line", "A")]);
        let first = lines(&[("old", Category::Omfordelning, dec!(100000))]);
        let m = index(&[("A", "2026-01-31", dec!(100))]);
        let input = CalibrationInput { organisation: "X", go_live: Some(d("2025-01-31")), plan: &plan, measurements: &m, first_lines: &first };
        assert!(initiative_ratios(&input, 12, d(AS_OF)).is_empty());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [dec!(0.9), dec!(0.1), dec!(0.5)]), Some(dec!(0.5)));
        assert_eq!(median(&mut [dec!(0.9), dec!(0.1), dec!(0.5), dec!(0.6)]), Some(dec!(0.55)));
        assert_eq!(median(&mut [dec!(1.4)]), Some(dec!(1.4)));
        assert_eq!(median(&mut []), None);
    }

    fn one(org: &'static str, value: Decimal) -> (Plan, Vec<FirstLineValue>, MeasurementIndex, &'static str) {
        (plan(&[("a", "A")]), lines(&[("a", Category::Omfordelning, dec!(100000))]), index(&[("A", "2026-01-31", value)]), org)
    }

    #[test]
    fn fewer_than_three_initiatives_give_no_median() {
        let data = [one("Kultur", dec!(60)), one("Kultur", dec!(80)), one("Miljö", dec!(30))];
        let inputs = data.iter().map(|(p, l, m, o)| CalibrationInput {
            organisation: o, go_live: Some(d("2025-01-31")), plan: p, measurements: m, first_lines: l,
        });
        let figures = calibrate(inputs, d(AS_OF));
        let register = figures.iter().find(|f| f.scope == Scope::Register && f.months == 12).unwrap();
        assert_eq!((register.n, register.median), (3, Some(dec!(0.6))));
        let kultur = figures.iter().find(|f| f.scope == Scope::Organisation("Kultur".into()) && f.months == 12).unwrap();
        assert_eq!((kultur.n, kultur.median), (2, None));
        assert_eq!(sentence(kultur), None);
        assert_eq!(
            sentence(register).unwrap(),
            "Insatser i registret har i median realiserat 60\u{a0}% av kalkylerad omfördelningsnytta efter 12 månader (n = 3)."
        );
        // The organisation's figure is too few: the line is told the register's.
        assert_eq!(best_figure(&figures, "Kultur", Category::Omfordelning), Some(register));
        assert_eq!(best_figure(&figures, "Kultur", Category::Miljo), None);
    }

    #[test]
    fn an_even_number_of_initiatives_gives_the_mean_of_the_middle_two_uncapped() {
        let data = [one("K", dec!(60)), one("K", dec!(80)), one("K", dec!(130)), one("K", dec!(150))];
        let inputs = data.iter().map(|(p, l, m, o)| CalibrationInput {
            organisation: o, go_live: Some(d("2025-01-31")), plan: p, measurements: m, first_lines: l,
        });
        let figures = calibrate(inputs, d(AS_OF));
        let own = figures.iter().find(|f| f.scope == Scope::Organisation("K".into()) && f.months == 12).unwrap();
        assert_eq!((own.n, own.median), (4, Some(dec!(1.05))));
        assert_eq!(
            sentence(own).unwrap(),
            "Insatser i er förvaltning har i median realiserat 105\u{a0}% av kalkylerad omfördelningsnytta efter 12 månader (n = 4)."
        );
    }

    #[test]
    fn the_calibrated_low_value_is_likely_times_the_median() {
        assert_eq!(calibrated_low(dec!(250000), dec!(0.62)), dec!(155000));
        assert_eq!(calibrated_low(dec!(333), dec!(0.555)), dec!(184.82));
    }
}
