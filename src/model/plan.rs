//! The benefit-realisation plan (nyttorealiseringsplan) of one initiative: its benefits as an
//! effect chain, each with indicators, baselines and targets, and the measurements that
//! follow (design §3 and §5, `docs/uppfoljning.md`).
//!
//! These are plain data with validation; the follow-up rules live in [`crate::followup`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::{limits, FieldError};

/// Default amber threshold θ: an indicator is gul from 80 % achievement (design §5).
pub const DEFAULT_AMBER_THRESHOLD: Decimal = dec!(0.8);

fn default_amber_threshold() -> Decimal {
    DEFAULT_AMBER_THRESHOLD
}

/// A plan for one initiative. Versioning and approval are kept by the store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Plan {
    /// The benefits (nyttor) the initiative should bring.
    #[serde(default)]
    pub benefits: Vec<Benefit>,
    /// Förutsättningar: what must hold for the benefits to be realised.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// Risks that can stop the realisation.
    #[serde(default)]
    pub risks: Vec<String>,
}

/// One benefit as an effect chain: initiative → change → effect → goal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Benefit {
    /// Short name of the benefit (nytta).
    pub name: String,
    /// What the initiative changes (förändring).
    #[serde(default)]
    pub change: String,
    /// The measurable effect the change shows up as (effekt).
    #[serde(default)]
    pub effect: String,
    /// The effect goal (effektmål) this benefit serves.
    #[serde(default)]
    pub goal: String,
    /// Nyttoägare: who answers for realising this benefit.
    #[serde(default)]
    pub owner: String,
    /// The organisation that realises this benefit (seed 004 §2.4.2.5: the affected nämnd
    /// or bolag): one of the initiative's customers, which the store checks; `None` when not
    /// stated (every plan before customers existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realised_by: Option<i64>,
    /// Key of a monetised line in the initiative's benefit calculation. Its calculated annual
    /// value is supplied at evaluation time (see [`crate::followup::LineValue`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation_line: Option<String>,
    /// How the benefit is measured; at least one.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// Whether a higher or a lower value of an indicator is the improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    /// The code used in JSON and in the register.
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }

    /// The Swedish words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Högre är bättre",
            Direction::LowerIsBetter => "Lägre är bättre",
        }
    }

    /// True when `actual` is at least as good as `reference` in this direction.
    pub fn meets(self, actual: Decimal, reference: Decimal) -> bool {
        match self {
            Direction::HigherIsBetter => actual >= reference,
            Direction::LowerIsBetter => actual <= reference,
        }
    }
}

/// The values an indicator can take at all (e.g. 0–100 for a percentage); used to reject
/// impossible measurements on entry and import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AllowedRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
}

impl AllowedRange {
    pub fn contains(&self, value: Decimal) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value <= max)
    }
}

/// Nulägesmätning: the value before the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Baseline {
    pub value: Decimal,
    pub date: NaiveDate,
    #[serde(default)]
    pub source: String,
}

/// Målvärde: the value the indicator should reach a number of months after go-live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Target {
    /// Months after go-live (driftsättning), usually 6 and 12.
    pub months_after_go_live: u32,
    pub value: Decimal,
}

/// Indikator: what is measured, how, by whom, against which baseline and targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Indicator {
    /// Short code, unique within the plan (e.g. `NKI`); measurements refer to it.
    pub code: String,
    pub name: String,
    /// Unit as shown to users: `%`, `dagar`, `timmar/månad`, `st`.
    #[serde(default)]
    pub unit: String,
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_range: Option<AllowedRange>,
    /// May be missing when no baseline was measured; see `docs/uppfoljning.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Checkpoints with their target values; at least one.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Amber threshold θ: gul from this achievement (0 < θ ≤ 1, default 0,8).
    #[serde(default = "default_amber_threshold")]
    pub amber_threshold: Decimal,
    /// Who measures (mätansvarig).
    #[serde(default)]
    pub measured_by: String,
    /// How it is measured (metod).
    #[serde(default)]
    pub method: String,
    /// How often (e.g. `månadsvis`, `vid 6 och 12 månader`).
    #[serde(default)]
    pub frequency: String,
    /// Where the figures come from (datakälla).
    #[serde(default)]
    pub data_source: String,
}

impl Indicator {
    /// A new indicator with the default threshold and nothing else filled in.
    pub fn new(code: impl Into<String>, name: impl Into<String>, direction: Direction) -> Self {
        Indicator {
            code: code.into(),
            name: name.into(),
            unit: String::new(),
            direction,
            allowed_range: None,
            baseline: None,
            targets: Vec::new(),
            amber_threshold: DEFAULT_AMBER_THRESHOLD,
            measured_by: String::new(),
            method: String::new(),
            frequency: String::new(),
            data_source: String::new(),
        }
    }

    /// The targets ordered by months after go-live (the stored order is kept as entered).
    pub fn sorted_targets(&self) -> Vec<&Target> {
        let mut targets: Vec<&Target> = self.targets.iter().collect();
        targets.sort_by_key(|t| t.months_after_go_live);
        targets
    }

    /// The target with the most months: the level the full benefit is calculated for.
    pub fn final_target(&self) -> Option<&Target> {
        self.targets.iter().max_by_key(|t| t.months_after_go_live)
    }

    /// The target at a given checkpoint, if any.
    pub fn target_at(&self, months_after_go_live: u32) -> Option<&Target> {
        self.targets
            .iter()
            .find(|t| t.months_after_go_live == months_after_go_live)
    }

    /// A Swedish message when `value` is outside the allowed range, for entry and import.
    pub fn check_value(&self, value: Decimal) -> Result<(), String> {
        match &self.allowed_range {
            Some(range) if !range.contains(value) => Err(format!(
                "Indikator {}: värdet {} ligger utanför tillåtet intervall {}.",
                self.code,
                crate::format::value(value),
                range_text(range),
            )),
            _ => Ok(()),
        }
    }
}

/// One measured value (mätning) of an indicator. Never silently overwritten: a correction is
/// a new measurement, and the store keeps both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Measurement {
    /// The [`Indicator::code`] within the initiative's plan.
    pub indicator: String,
    pub date: NaiveDate,
    pub value: Decimal,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub author: String,
}

/// A measurement as stored, with its identity and version for edits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredMeasurement {
    pub id: i64,
    pub initiative_id: i64,
    #[serde(flatten)]
    pub measurement: Measurement,
    pub created_at: String,
    pub updated_at: String,
    pub row_version: i64,
}

impl Measurement {
    /// Swedish messages for a measurement of `indicator` (which must be the indicator the
    /// measurement refers to, looked up by the caller).
    pub fn validate(&self, indicator: &Indicator) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.indicator != indicator.code {
            errors.push(FieldError::new(
                "indicator",
                format!(
                    "Mätningen gäller indikator {}, inte {}.",
                    self.indicator, indicator.code
                ),
            ));
        }
        if let Err(message) = indicator.check_value(self.value) {
            errors.push(FieldError::new("value", message));
        }
        for (field, label, text, max) in [
            ("source", "Källa", &self.source, limits::NAME),
            ("comment", "Kommentar", &self.comment, limits::LONG_TEXT),
            ("author", "Registrerad av", &self.author, limits::NAME),
        ] {
            limits::push(&mut errors, field, label, text, max);
        }
        errors
    }
}

fn range_text(range: &AllowedRange) -> String {
    match (range.min, range.max) {
        (Some(min), Some(max)) => {
            format!(
                "{}–{}",
                crate::format::value(min),
                crate::format::value(max)
            )
        }
        (Some(min), None) => format!("minst {}", crate::format::value(min)),
        (None, Some(max)) => format!("högst {}", crate::format::value(max)),
        (None, None) => "utan gränser".to_string(),
    }
}

impl Plan {
    /// All indicators of the plan in order, with the benefit each belongs to.
    pub fn indicators(&self) -> impl Iterator<Item = (&Benefit, &Indicator)> {
        self.benefits
            .iter()
            .flat_map(|b| b.indicators.iter().map(move |i| (b, i)))
    }

    /// The indicator with the given code.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators().map(|(_, i)| i).find(|i| i.code == code)
    }

    /// Swedish messages for everything that stops the plan from being followed up. Field
    /// keys are paths such as `benefits[0].indicators[1].targets[0].value`. Never panics.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.benefits.is_empty() {
            errors.push(FieldError::new(
                "benefits",
                "Planen saknar nyttor: beskriv minst en nytta med en indikator.",
            ));
        }
        for (field, label, list) in [
            ("prerequisites", "Förutsättning", &self.prerequisites),
            ("risks", "Risk", &self.risks),
        ] {
            errors.extend(limits::check_items(field, &format!("Antalet poster i {label}"), list.len()));
            for (i, text) in list.iter().enumerate() {
                limits::push(&mut errors, format!("{field}[{i}]"), &format!("{label} {}", i + 1), text, limits::LONG_TEXT);
            }
        }
        let mut seen_codes: Vec<&str> = Vec::new();
        for (b, benefit) in self.benefits.iter().enumerate() {
            let path = format!("benefits[{b}]");
            let who = if benefit.name.trim().is_empty() {
                format!("Nytta {}", b + 1)
            } else {
                format!("Nytta {}", benefit.name.trim())
            };
            if benefit.name.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("{path}.name"),
                    format!("{who}: namn saknas."),
                ));
            }
            if benefit.owner.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("{path}.owner"),
                    format!("{who}: nyttoägare saknas."),
                ));
            }
            if let Some(line) = &benefit.calculation_line {
                if line.trim().is_empty() {
                    errors.push(FieldError::new(
                        format!("{path}.calculation_line"),
                        format!("{who}: kopplad kalkylrad är tom; välj en rad eller ta bort kopplingen."),
                    ));
                }
            }
            for (field, label, text, max) in [
                ("name", "namn", &benefit.name, limits::NAME),
                ("change", "förändring", &benefit.change, limits::LONG_TEXT),
                ("effect", "effekt", &benefit.effect, limits::LONG_TEXT),
                ("goal", "effektmål", &benefit.goal, limits::LONG_TEXT),
                ("owner", "nyttoägare", &benefit.owner, limits::NAME),
            ] {
                limits::push(&mut errors, format!("{path}.{field}"), &format!("{who}, {label}"), text, max);
            }
            if benefit.indicators.is_empty() {
                errors.push(FieldError::new(
                    format!("{path}.indicators"),
                    format!("{who}: minst en indikator krävs."),
                ));
            }
            for (k, indicator) in benefit.indicators.iter().enumerate() {
                let ipath = format!("{path}.indicators[{k}]");
                let code = indicator.code.trim();
                if !code.is_empty() {
                    if seen_codes.contains(&code) {
                        errors.push(FieldError::new(
                            format!("{ipath}.code"),
                            format!("Indikator {code}: koden används redan i planen."),
                        ));
                    } else {
                        seen_codes.push(code);
                    }
                }
                validate_indicator(indicator, &ipath, k, &mut errors);
            }
        }
        errors
    }
}

fn validate_indicator(
    indicator: &Indicator,
    path: &str,
    index: usize,
    errors: &mut Vec<FieldError>,
) {
    let code = indicator.code.trim();
    let who = if code.is_empty() {
        format!("Indikator {}", index + 1)
    } else {
        format!("Indikator {code}")
    };
    if code.is_empty() {
        errors.push(FieldError::new(
            format!("{path}.code"),
            format!("{who}: kod saknas."),
        ));
    } else if code.chars().count() > limits::CODE || code.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        errors.push(FieldError::new(
            format!("{path}.code"),
            format!("{who}: koden får vara högst {} tecken och får inte innehålla mellanslag.", limits::CODE),
        ));
    }
    if indicator.name.trim().is_empty() {
        errors.push(FieldError::new(
            format!("{path}.name"),
            format!("{who}: namn saknas."),
        ));
    }
    if indicator.unit.trim().is_empty() {
        errors.push(FieldError::new(
            format!("{path}.unit"),
            format!("{who}: enhet saknas (t.ex. %, dagar eller st)."),
        ));
    }
    if indicator.measured_by.trim().is_empty() {
        errors.push(FieldError::new(
            format!("{path}.measured_by"),
            format!("{who}: ansvarig för mätningen saknas."),
        ));
    }
    for (field, label, text, max) in [
        ("name", "namn", &indicator.name, limits::NAME),
        ("unit", "enhet", &indicator.unit, limits::UNIT),
        ("measured_by", "mätansvarig", &indicator.measured_by, limits::NAME),
        ("method", "metod", &indicator.method, limits::NAME),
        ("frequency", "frekvens", &indicator.frequency, limits::NAME),
        ("data_source", "datakälla", &indicator.data_source, limits::NAME),
    ] {
        limits::push(errors, format!("{path}.{field}"), &format!("{who}, {label}"), text, max);
    }
    if let Some(baseline) = &indicator.baseline {
        limits::push(errors, format!("{path}.baseline.source"), &format!("{who}, baslinjens källa"), &baseline.source, limits::NAME);
    }
    let theta = indicator.amber_threshold;
    if theta <= Decimal::ZERO || theta > Decimal::ONE {
        errors.push(FieldError::new(
            format!("{path}.amber_threshold"),
            format!(
                "{who}: tröskeln för gul ska vara större än 0 och högst 1 (t.ex. 0,8), inte {}.",
                crate::format::value(theta)
            ),
        ));
    }
    if let Some(range) = &indicator.allowed_range {
        if let (Some(min), Some(max)) = (range.min, range.max) {
            if min > max {
                errors.push(FieldError::new(
                    format!("{path}.allowed_range"),
                    format!(
                        "{who}: tillåtet intervall har minsta värde {} över största värde {}.",
                        crate::format::value(min),
                        crate::format::value(max)
                    ),
                ));
            }
        }
    }
    if let Some(baseline) = &indicator.baseline {
        if let Err(message) = indicator.check_value(baseline.value) {
            errors.push(FieldError::new(
                format!("{path}.baseline.value"),
                format!(
                    "{who}: baslinjen ligger utanför tillåtet intervall ({}).",
                    strip_prefix(&message)
                ),
            ));
        }
    }
    if indicator.targets.is_empty() {
        errors.push(FieldError::new(
            format!("{path}.targets"),
            format!("{who}: målvärde saknas; ange minst ett, t.ex. vid 6 eller 12 månader."),
        ));
    }
    for (t, target) in indicator.targets.iter().enumerate() {
        let tpath = format!("{path}.targets[{t}]");
        let m = target.months_after_go_live;
        if m == 0 {
            errors.push(FieldError::new(
                format!("{tpath}.months_after_go_live"),
                format!("{who}: målvärdets tidpunkt ska vara minst 1 månad efter driftsättning."),
            ));
        } else if m > 120 {
            errors.push(FieldError::new(
                format!("{tpath}.months_after_go_live"),
                format!(
                    "{who}: målvärde vid {m} månader ligger mer än tio år efter driftsättning."
                ),
            ));
        }
        if indicator.targets[..t]
            .iter()
            .any(|other| other.months_after_go_live == m)
        {
            errors.push(FieldError::new(
                format!("{tpath}.months_after_go_live"),
                format!("{who}: målvärde vid {m} månader finns redan."),
            ));
        }
        if indicator.check_value(target.value).is_err() {
            errors.push(FieldError::new(
                format!("{tpath}.value"),
                format!(
                    "{who}: målvärde vid {m} månader ({}) ligger utanför tillåtet intervall.",
                    crate::format::value(target.value)
                ),
            ));
        }
        if let Some(baseline) = &indicator.baseline {
            if !indicator.direction.meets(target.value, baseline.value) {
                let (word, better) = match indicator.direction {
                    Direction::HigherIsBetter => ("lägre", "högre"),
                    Direction::LowerIsBetter => ("högre", "lägre"),
                };
                errors.push(FieldError::new(
                    format!("{tpath}.value"),
                    format!(
                        "{who}: målvärde vid {m} månader ({}) är {word} än baslinjen ({}), men {better} värden är bättre.",
                        crate::format::value(target.value),
                        crate::format::value(baseline.value)
                    ),
                ));
            }
        }
    }
}

fn strip_prefix(message: &str) -> &str {
    message
        .split_once(": ")
        .map(|(_, rest)| rest.trim_end_matches('.'))
        .unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn nki() -> Indicator {
        Indicator {
            unit: "%".into(),
            baseline: Some(Baseline {
                value: dec!(60),
                date: date(2025, 1, 15),
                source: "Enkät".into(),
            }),
            targets: vec![
                Target {
                    months_after_go_live: 6,
                    value: dec!(70),
                },
                Target {
                    months_after_go_live: 12,
                    value: dec!(80),
                },
            ],
            measured_by: "Kvalitetsstrateg".into(),
            ..Indicator::new("NKI", "Nöjd kund-index", Direction::HigherIsBetter)
        }
    }

    fn plan() -> Plan {
        Plan {
            benefits: vec![Benefit {
                name: "Nöjdare kunder".into(),
                change: "E-tjänst för ansökan".into(),
                effect: "Färre felaktiga ansökningar".into(),
                goal: "Ökad tillgänglighet".into(),
                owner: "Enhetschef kundtjänst".into(),
                realised_by: None,
                calculation_line: Some("N1".into()),
                indicators: vec![nki()],
            }],
            prerequisites: vec!["E-legitimation finns".into()],
            risks: vec!["Låg användning".into()],
        }
    }

    fn messages(plan: &Plan) -> Vec<String> {
        plan.validate().into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_complete_plan_is_valid() {
        assert_eq!(plan().validate(), vec![]);
    }

    #[test]
    fn an_empty_plan_asks_for_a_benefit() {
        assert_eq!(messages(&Plan::default()).len(), 1);
        assert!(messages(&Plan::default())[0].contains("saknar nyttor"));
    }

    #[test]
    fn missing_targets_are_named_by_indicator_code() {
        let mut p = plan();
        p.benefits[0].indicators[0].targets.clear();
        let errors = p.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "benefits[0].indicators[0].targets");
        assert!(errors[0]
            .message
            .starts_with("Indikator NKI: målvärde saknas"));
    }

    #[test]
    fn duplicate_checkpoint_and_zero_months_are_rejected() {
        let mut p = plan();
        p.benefits[0].indicators[0].targets.push(Target {
            months_after_go_live: 12,
            value: dec!(85),
        });
        p.benefits[0].indicators[0].targets.push(Target {
            months_after_go_live: 0,
            value: dec!(65),
        });
        let m = messages(&p);
        assert!(
            m.contains(&"Indikator NKI: målvärde vid 12 månader finns redan.".to_string()),
            "{m:?}"
        );
        assert!(m.iter().any(|s| s.contains("minst 1 månad")), "{m:?}");
    }

    #[test]
    fn target_on_the_wrong_side_of_the_baseline_is_named() {
        let mut p = plan();
        p.benefits[0].indicators[0].targets[1].value = dec!(50);
        let errors = p.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].field,
            "benefits[0].indicators[0].targets[1].value"
        );
        assert_eq!(
            errors[0].message,
            "Indikator NKI: målvärde vid 12 månader (50) är lägre än baslinjen (60), men högre värden är bättre."
        );
    }

    #[test]
    fn target_equal_to_baseline_is_a_valid_hold_the_level_target() {
        let mut p = plan();
        p.benefits[0].indicators[0].targets[0].value = dec!(60);
        assert_eq!(p.validate(), vec![]);
    }

    #[test]
    fn lower_is_better_targets_below_baseline_are_valid() {
        let mut p = plan();
        let ind = &mut p.benefits[0].indicators[0];
        ind.direction = Direction::LowerIsBetter;
        ind.baseline.as_mut().unwrap().value = dec!(30);
        ind.targets[0].value = dec!(20);
        ind.targets[1].value = dec!(15);
        assert_eq!(p.validate(), vec![]);
    }

    #[test]
    fn threshold_must_be_in_zero_to_one() {
        for theta in [dec!(0), dec!(-0.1), dec!(1.01)] {
            let mut p = plan();
            p.benefits[0].indicators[0].amber_threshold = theta;
            let errors = p.validate();
            assert_eq!(errors.len(), 1, "{theta}");
            assert_eq!(errors[0].field, "benefits[0].indicators[0].amber_threshold");
        }
        let mut p = plan();
        p.benefits[0].indicators[0].amber_threshold = dec!(1);
        assert_eq!(p.validate(), vec![]);
    }

    #[test]
    fn missing_baseline_is_allowed() {
        let mut p = plan();
        p.benefits[0].indicators[0].baseline = None;
        assert_eq!(p.validate(), vec![]);
    }

    #[test]
    fn duplicate_indicator_codes_across_benefits_are_rejected() {
        let mut p = plan();
        let again = p.benefits[0].clone();
        p.benefits.push(Benefit {
            name: "Annan".into(),
            ..again
        });
        let errors = p.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "benefits[1].indicators[0].code");
        assert!(errors[0].message.contains("koden används redan"));
    }

    #[test]
    fn blank_fields_are_each_reported_in_swedish() {
        let p = Plan {
            benefits: vec![Benefit {
                indicators: vec![Indicator::new("", "", Direction::HigherIsBetter)],
                ..Benefit::default()
            }],
            ..Plan::default()
        };
        let m = messages(&p);
        for expected in [
            "Nytta 1: namn saknas.",
            "Nytta 1: nyttoägare saknas.",
            "Indikator 1: kod saknas.",
            "Indikator 1: namn saknas.",
            "Indikator 1: enhet saknas (t.ex. %, dagar eller st).",
            "Indikator 1: ansvarig för mätningen saknas.",
        ] {
            assert!(m.contains(&expected.to_string()), "{expected} not in {m:?}");
        }
    }

    #[test]
    fn allowed_range_checks_baseline_targets_and_measurements() {
        let mut p = plan();
        let ind = &mut p.benefits[0].indicators[0];
        ind.allowed_range = Some(AllowedRange {
            min: Some(dec!(0)),
            max: Some(dec!(75)),
        });
        let errors = p.validate();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].field,
            "benefits[0].indicators[0].targets[1].value"
        );
        let ind = &p.benefits[0].indicators[0];
        let m = Measurement {
            indicator: "NKI".into(),
            date: date(2026, 1, 1),
            value: dec!(80.5),
            source: String::new(),
            comment: String::new(),
            author: "anna".into(),
        };
        let errors = m.validate(ind);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "Indikator NKI: värdet 80,5 ligger utanför tillåtet intervall 0–75."
        );
        assert_eq!(
            m.validate(&Indicator {
                allowed_range: None,
                ..ind.clone()
            }),
            vec![]
        );
    }

    #[test]
    fn inverted_range_is_rejected() {
        let mut p = plan();
        p.benefits[0].indicators[0].allowed_range = Some(AllowedRange {
            min: Some(dec!(100)),
            max: Some(dec!(0)),
        });
        assert!(messages(&p)
            .iter()
            .any(|m| m.contains("minsta värde 100 över största värde 0")));
    }

    #[test]
    fn serde_uses_snake_case_and_defaults_the_threshold() {
        let json = r#"{"benefits":[{"name":"N","owner":"O","indicators":[{"code":"K","name":"Kötid",
            "unit":"dagar","direction":"lower_is_better","targets":[{"months_after_go_live":6,"value":"10"}]}]}]}"#;
        let p: Plan = serde_json::from_str(json).unwrap();
        let ind = &p.benefits[0].indicators[0];
        assert_eq!(ind.amber_threshold, dec!(0.8));
        assert_eq!(ind.direction, Direction::LowerIsBetter);
        let back = serde_json::to_string(&p).unwrap();
        assert!(back.contains("\"lower_is_better\""));
        assert!(back.contains("\"amber_threshold\":\"0.8\""));
        let again: Plan = serde_json::from_str(&back).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn final_target_is_the_latest_checkpoint_whatever_the_order() {
        let mut ind = nki();
        ind.targets.reverse();
        assert_eq!(ind.final_target().unwrap().months_after_go_live, 12);
        assert_eq!(ind.sorted_targets()[0].months_after_go_live, 6);
        assert_eq!(ind.target_at(6).unwrap().value, dec!(70));
        assert!(ind.target_at(24).is_none());
    }
}
