//! Validation (errors that stop a calculation) and warnings (advice that does not), both as
//! Swedish sentences naming the field and the line number. Never panics, whatever the input.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::value::{self, RateError};
use crate::format;
use crate::model::calculation::{
    CalcFactor, CalcLine, Calculation, Category, Estimate, Level, LineKind, LineValue, Quantity,
    Rate, Timing, MAX_DISCOUNT_RATE, MAX_HORIZON_YEARS, MIN_HORIZON_YEARS,
};
use crate::model::{limits, FieldError};

/// Largest number a user may type into any value field (10¹² — a thousand billion).
pub const MAX_INPUT: Decimal = dec!(1_000_000_000_000);
/// Largest yearly value of one line, in kronor (10¹³).
pub const MAX_ANNUAL_VALUE: Decimal = dec!(10_000_000_000_000);
/// Longest line key, in characters.
pub const MAX_KEY_CHARS: usize = limits::KEY;

/// Every error in `calc`, in field order. Field keys are paths such as
/// `lines[2].value.amount.likely`; messages read "Rad 3, Troligt värde: måste anges."
/// `factors` is the register's factor list the lines may refer to.
pub fn validate(calc: &Calculation, factors: &[CalcFactor]) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.settings(calc);
    // A map, not a list: a calculation may have a hundred thousand lines.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, line) in calc.lines.iter().enumerate() {
        v.line(calc, i, line, factors);
        let key = line.key.trim();
        if !key.is_empty() {
            if let Some(first) = seen.get(key) {
                v.push(
                    format!("lines[{i}].key"),
                    format!(
                        "Rad {}, Nyckel: ”{key}” finns redan på rad {}.",
                        i + 1,
                        first + 1
                    ),
                );
            } else {
                seen.insert(key, i);
            }
        }
    }
    v.errors
}

/// Errors in the register's list of calculation factors (paths `factors[i].code` …, messages
/// "Faktor 3, Kod: måste anges.").
pub fn validate_factors(factors: &[CalcFactor]) -> Vec<FieldError> {
    let mut v = Validator::default();
    for (i, f) in factors.iter().enumerate() {
        let p = format!("factors[{i}]");
        let who = format!("Faktor {}", i + 1);
        let code = f.code.trim();
        if code.is_empty() {
            v.push(format!("{p}.code"), format!("{who}, Kod: måste anges."));
        } else if code.chars().count() > MAX_KEY_CHARS {
            v.push(
                format!("{p}.code"),
                format!("{who}, Kod: högst {MAX_KEY_CHARS} tecken."),
            );
        } else if let Some(j) = factors[..i].iter().position(|g| g.code.trim() == code) {
            v.push(
                format!("{p}.code"),
                format!("{who}, Kod: ”{code}” finns redan som faktor {}.", j + 1),
            );
        }
        if f.name.trim().is_empty() {
            v.push(format!("{p}.name"), format!("{who}, Namn: måste anges."));
        }
        if f.unit.trim().is_empty() {
            v.push(
                format!("{p}.unit"),
                format!("{who}, Enhet: måste anges, till exempel kr/h."),
            );
        }
        v.number(&format!("{p}.value"), &format!("{who}, Värde"), f.value);
        for (field, label, text, max) in
            [("name", "namn", &f.name, limits::NAME), ("unit", "enhet", &f.unit, limits::UNIT), ("source", "källa", &f.source, limits::NAME)]
        {
            if let Some(e) = limits::check(format!("{p}.{field}"), &format!("{who}, {label}"), text, max) {
                v.push(e.field, e.message);
            }
        }
    }
    v.errors
}

#[derive(Default)]
struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    fn push(&mut self, field: String, message: String) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A number that must be ≥ 0 and ≤ [`MAX_INPUT`].
    fn number(&mut self, path: &str, label: &str, value: Decimal) {
        if value < Decimal::ZERO {
            self.push(
                path.to_string(),
                format!("{label}: får inte vara negativt."),
            );
        } else if value > MAX_INPUT {
            self.push(
                path.to_string(),
                format!("{label}: är orimligt stort (högst 1 000 000 000 000)."),
            );
        }
    }

    fn settings(&mut self, calc: &Calculation) {
        let s = &calc.settings;
        if !(1900..=2200).contains(&s.first_year) {
            self.push(
                "settings.first_year".into(),
                "Första år: måste vara ett årtal mellan 1900 och 2200.".into(),
            );
        }
        if !(MIN_HORIZON_YEARS..=MAX_HORIZON_YEARS).contains(&s.horizon_years) {
            self.push(
                "settings.horizon_years".into(),
                format!(
                    "Kalkylperiod: måste vara {MIN_HORIZON_YEARS}–{MAX_HORIZON_YEARS} år (nu {}).",
                    s.horizon_years
                ),
            );
        }
        if s.discount_rate < Decimal::ZERO || s.discount_rate > MAX_DISCOUNT_RATE {
            self.push(
                "settings.discount_rate".into(),
                format!(
                    "Diskonteringsränta: måste vara mellan 0 och 20 % (nu {}).",
                    value::display_percent(s.discount_rate)
                ),
            );
        }
        if s.annual_hours < Decimal::ONE || s.annual_hours > dec!(8784) {
            self.push(
                "settings.annual_hours".into(),
                "Årsarbetstid: måste vara mellan 1 och 8 784 timmar.".into(),
            );
        }
        if s.overhead < Decimal::ZERO || s.overhead > dec!(3) {
            self.push(
                "settings.overhead".into(),
                "Personalomkostnadspålägg: måste vara mellan 0 och 300 %.".into(),
            );
        }
    }

    fn estimate(&mut self, path: &str, who: &str, prefix: &str, e: &Estimate) {
        let label = |name: &str| {
            if prefix.is_empty() {
                format!("{who}, {name}")
            } else {
                format!("{who}, {prefix}, {}", name.to_lowercase())
            }
        };
        let Some(likely) = e.likely else {
            self.push(
                format!("{path}.likely"),
                format!("{}: måste anges.", label("Troligt värde")),
            );
            return;
        };
        let before = self.errors.len();
        for (field, name, value) in [
            ("low", "Lågt värde", e.low),
            ("likely", "Troligt värde", Some(likely)),
            ("high", "Högt värde", e.high),
        ] {
            if let Some(value) = value {
                self.number(&format!("{path}.{field}"), &label(name), value);
            }
        }
        if self.errors.len() > before {
            return;
        }
        if e.low.is_some_and(|low| low > likely) {
            self.push(
                format!("{path}.low"),
                format!(
                    "{}: får inte vara större än troligt värde.",
                    label("Lågt värde")
                ),
            );
        }
        if e.high.is_some_and(|high| high < likely) {
            self.push(
                format!("{path}.high"),
                format!(
                    "{}: får inte vara mindre än troligt värde.",
                    label("Högt värde")
                ),
            );
        }
    }

    fn quantity(&mut self, path: &str, who: &str, prefix: &str, q: &Quantity) {
        match q {
            Quantity::Direct { value } => {
                self.estimate(&format!("{path}.value"), who, prefix, value)
            }
            Quantity::Drivers(model) => {
                if model.drivers.is_empty() {
                    self.push(
                        format!("{path}.drivers"),
                        format!("{who}, Värdedrivare: minst en värdedrivare måste anges."),
                    );
                }
                for (j, d) in model.drivers.iter().enumerate() {
                    let dp = format!("{path}.drivers[{j}]");
                    let name = d.name.trim();
                    if name.is_empty() {
                        self.push(
                            format!("{dp}.name"),
                            format!("{who}, Värdedrivare {}: namn måste anges.", j + 1),
                        );
                    }
                    let dprefix = if name.is_empty() {
                        format!("Värdedrivare {}", j + 1)
                    } else {
                        format!("Värdedrivare {} ({name})", j + 1)
                    };
                    self.estimate(&format!("{dp}.value"), who, &dprefix, &d.value);
                    for (field, label, text, max) in [
                        ("name", "namn", &d.name, limits::NAME),
                        ("unit", "enhet", &d.unit, limits::UNIT),
                        ("source", "källa", &d.source, limits::NAME),
                    ] {
                        let label = format!("{who}, {dprefix}, {label}");
                        if let Some(e) = limits::check(format!("{dp}.{field}"), &label, text, max) {
                            self.push(e.field, e.message);
                        }
                    }
                }
                if let Some(m) = model.multiplier {
                    self.number(
                        &format!("{path}.multiplier"),
                        &format!("{who}, Multiplikator"),
                        m,
                    );
                }
                if let Some(d) = model.divisor {
                    if d <= Decimal::ZERO {
                        self.push(
                            format!("{path}.divisor"),
                            format!("{who}, Divisor: måste vara större än noll."),
                        );
                    } else {
                        self.number(&format!("{path}.divisor"), &format!("{who}, Divisor"), d);
                    }
                }
            }
        }
    }

    fn rate(
        &mut self,
        calc: &Calculation,
        path: &str,
        who: &str,
        line: &CalcLine,
        rate: &Rate,
        factors: &[CalcFactor],
    ) {
        match rate {
            Rate::Fixed { kr } => self.number(&format!("{path}.kr"), &format!("{who}, Pris"), *kr),
            Rate::MonthlySalary { salary } => self.number(
                &format!("{path}.salary"),
                &format!("{who}, Månadslön"),
                *salary,
            ),
            Rate::Factor { code } => {
                let unit = value::expected_rate_unit(&line.value).unwrap_or_default();
                match value::rate_value(rate, &unit, &calc.settings, factors) {
                    Err(RateError::UnknownFactor(_)) => self.push(
                        format!("{path}.code"),
                        if code.trim().is_empty() {
                            format!("{who}, Beräkningsfaktor: måste väljas.")
                        } else {
                            format!("{who}, Beräkningsfaktor: okänd faktor ”{}”.", code.trim())
                        },
                    ),
                    Err(RateError::WrongUnit {
                        code, factor_unit, expected, ..
                    }) => self.push(
                        format!("{path}.code"),
                        format!(
                            "{who}, Beräkningsfaktor: ”{code}” har enheten {factor_unit}, men raden behöver {expected}."
                        ),
                    ),
                    Ok(v) if v < Decimal::ZERO || v > MAX_INPUT => self.push(
                        format!("{path}.code"),
                        format!(
                            "{who}, Beräkningsfaktor: ”{}” har ett värde utanför 0–1 000 000 000 000.",
                            code.trim()
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }

    fn line(&mut self, calc: &Calculation, i: usize, line: &CalcLine, factors: &[CalcFactor]) {
        let p = format!("lines[{i}]");
        let who = format!("Rad {}", i + 1);
        let key = line.key.trim();
        if key.is_empty() {
            self.push(format!("{p}.key"), format!("{who}, Nyckel: måste anges."));
        } else if key.chars().count() > MAX_KEY_CHARS {
            self.push(
                format!("{p}.key"),
                format!("{who}, Nyckel: högst {MAX_KEY_CHARS} tecken."),
            );
        }
        if line.description.trim().is_empty() {
            self.push(
                format!("{p}.description"),
                format!("{who}, Beskrivning: måste anges."),
            );
        }
        for (field, name, text, max) in [
            ("description", "Beskrivning", &line.description, limits::LONG_TEXT),
            ("source", "Underlag", &line.source, limits::LONG_TEXT),
            ("owner", "Ägare", &line.owner, limits::NAME),
        ] {
            if let Some(e) = limits::check(format!("{p}.{field}"), &format!("{who}, {name}"), text, max) {
                self.push(e.field, e.message);
            }
        }
        if line.kind == LineKind::Kostnad && line.cost_type.is_none() {
            self.push(
                format!("{p}.cost_type"),
                format!("{who}, Kostnadstyp: måste anges (intern eller extern)."),
            );
        }

        let vp = format!("{p}.value");
        let before = self.errors.len();
        match &line.value {
            LineValue::Amount { amount } => {
                self.estimate(&format!("{vp}.amount"), &who, "", amount)
            }
            LineValue::Hours { hours, rate } => {
                self.quantity(&format!("{vp}.hours"), &who, "Timmar per år", hours);
                self.rate(calc, &format!("{vp}.rate"), &who, line, rate, factors);
            }
            LineValue::Units {
                quantity,
                unit,
                rate,
            } => {
                if unit.trim().is_empty() {
                    self.push(
                        format!("{vp}.unit"),
                        format!("{who}, Enhet: måste anges, till exempel mil."),
                    );
                }
                self.quantity(&format!("{vp}.quantity"), &who, "Mängd per år", quantity);
                self.rate(calc, &format!("{vp}.rate"), &who, line, rate, factors);
            }
            LineValue::NotMonetised { score } => {
                if line.kind == LineKind::Kostnad {
                    self.push(
                        format!("{vp}.type"),
                        format!("{who}, Värde: en kostnad måste anges i kronor."),
                    );
                }
                if *score > 3 {
                    self.push(
                        format!("{vp}.score"),
                        format!("{who}, Poäng: måste vara 0–3 (nu {score})."),
                    );
                }
            }
        }
        // Only when the parts are valid: is the product within exact decimal range?
        if self.errors.len() == before && line.value.is_monetised() {
            for level in [Level::Low, Level::Likely, Level::High] {
                let ok = matches!(
                    value::annual_value(line, level, &calc.settings, factors),
                    Ok(Some(v)) if v <= MAX_ANNUAL_VALUE
                );
                if !ok {
                    self.push(
                        vp.clone(),
                        format!(
                            "{who}, Värde: blir orimligt stort (över 10 000 miljarder kr per år)."
                        ),
                    );
                    break;
                }
            }
        }

        let tp = format!("{p}.timing");
        if let Timing::Recurring { years, ramp, .. } = &line.timing {
            if *years == Some(0) {
                self.push(
                    format!("{tp}.years"),
                    format!(
                        "{who}, Antal år: måste vara minst 1 (lämna tomt för resten av perioden)."
                    ),
                );
            }
            for (k, f) in ramp.iter().enumerate() {
                if *f < Decimal::ZERO || *f > Decimal::ONE {
                    self.push(
                        format!("{tp}.ramp[{k}]"),
                        format!(
                            "{who}, Upptrappning år {}: måste vara mellan 0 och 1.",
                            k + 1
                        ),
                    );
                }
            }
        }
    }
}

/// What a warning is about, for the window to pick an icon or a help text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// Every cost is external: internal time is missing.
    ExternalCostsOnly,
    /// The calculation has no costs at all.
    NoCosts,
    /// The same hours or value appear to be counted as both omfördelning and finansiell.
    DoubleCounting,
    /// A benefit without an owner (nyttoägare).
    MissingOwner,
    /// A benefit without a source (underlag).
    MissingSource,
    /// A line that falls entirely outside the horizon and counts for nothing.
    OutsideHorizon,
}

/// Advice that does not stop the calculation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    /// 1-based line number the warning is about (the first, for a pair), if any.
    pub line: Option<usize>,
    /// The other line of a pair (double counting).
    pub other_line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Warnings for `calc`, in a stable order: calculation-wide first, then by line.
///
/// Double-counting heuristic: two benefit lines, one `omfordelning` and one `finansiell`, are
/// flagged when (1) both are hour-based with the same likely hours per year (> 0) — the same
/// freed time priced twice —, or else (2) both have the same likely yearly value in kronor
/// (> 0) — the same hours × rate basis —, or else (3) their descriptions are equal ignoring
/// case and spacing.
pub fn warnings(calc: &Calculation, factors: &[CalcFactor]) -> Vec<Warning> {
    let mut out = Vec::new();
    let costs: Vec<&CalcLine> = calc
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Kostnad)
        .collect();
    if costs.is_empty() {
        if !calc.lines.is_empty() {
            out.push(Warning {
                code: WarningCode::NoCosts,
                line: None,
                other_line: None,
                message: "Kalkylen saknar kostnader, så nytta per investerad krona kan inte \
                          beräknas. Ta med både interna (egen tid) och externa kostnader."
                    .into(),
            });
        }
    } else if costs
        .iter()
        .all(|l| l.cost_type == Some(crate::model::calculation::CostType::Extern))
    {
        out.push(Warning {
            code: WarningCode::ExternalCostsOnly,
            line: None,
            other_line: None,
            message: "Kalkylen har bara externa kostnader. Räkna också med den interna tid som \
                      insatsen kräver (timmar × timpris), annars går kalkylen inte att jämföra \
                      med andra insatsers."
                .into(),
        });
    }

    let mut doubles = double_counted_pairs(calc, factors);
    let horizon = calc.settings.horizon_years;
    for (i, line) in calc.lines.iter().enumerate() {
        let n = i + 1;
        if line.kind == LineKind::Nytta {
            if line.owner.trim().is_empty() {
                out.push(Warning {
                    code: WarningCode::MissingOwner,
                    line: Some(n),
                    other_line: None,
                    message: format!("Rad {n}: nyttan saknar ägare (nyttoägare)."),
                });
            }
            if line.source.trim().is_empty() {
                out.push(Warning {
                    code: WarningCode::MissingSource,
                    line: Some(n),
                    other_line: None,
                    message: format!(
                        "Rad {n}: nyttan saknar underlag (varifrån siffrorna kommer)."
                    ),
                });
            }
        }
        let start = match &line.timing {
            Timing::OneOff { year } => *year,
            Timing::Recurring { from_year, .. } => *from_year,
        };
        if start >= horizon && (MIN_HORIZON_YEARS..=MAX_HORIZON_YEARS).contains(&horizon) {
            out.push(Warning {
                code: WarningCode::OutsideHorizon,
                line: Some(n),
                other_line: None,
                message: format!(
                    "Rad {n}: börjar {} – efter kalkylperioden {}–{} – och räknas inte.",
                    i64::from(calc.settings.first_year) + i64::from(start),
                    calc.settings.first_year,
                    calc.settings.last_year()
                ),
            });
        }
        for (j, reason) in doubles.remove(&i).unwrap_or_default() {
            out.push(Warning {
                code: WarningCode::DoubleCounting,
                line: Some(n),
                other_line: Some(j + 1),
                message: format!(
                    "Rad {n} och rad {}: {reason} räknas både som omfördelning och som \
                     finansiell nytta. Frigjord tid kan antingen tas hem i budgeten eller \
                     användas till annat – inte båda.",
                    j + 1
                ),
            });
        }
    }
    out
}

/// Pairs (i < j) of lines that count the same benefit as both omfördelning and finansiell,
/// with the reason, keyed by the first line. Candidates are found through maps keyed by
/// what [`double_counted`] compares, so the check stays linear in the number of lines.
fn double_counted_pairs(calc: &Calculation, factors: &[CalcFactor]) -> std::collections::HashMap<usize, Vec<(usize, String)>> {
    use std::collections::{BTreeSet, HashMap};
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let keys = |line: &CalcLine| -> Vec<String> {
        let mut keys = Vec::new();
        if let LineValue::Hours { hours, .. } = &line.value {
            if let Some(h) = value::quantity(hours, Level::Likely).filter(|h| *h > Decimal::ZERO) {
                keys.push(format!("h:{}", h.normalize()));
            }
        }
        if let Some(v) = value::annual_value(line, Level::Likely, &calc.settings, factors).ok().flatten() {
            if v > Decimal::ZERO {
                keys.push(format!("v:{}", v.normalize()));
            }
        }
        let d = norm(&line.description);
        if !d.is_empty() {
            keys.push(format!("d:{d}"));
        }
        keys
    };
    let benefit_in = |category: Category| {
        calc.lines.iter().enumerate().filter(move |(_, l)| l.kind == LineKind::Nytta && l.category == category)
    };
    let mut financial: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, line) in benefit_in(Category::Finansiell) {
        for key in keys(line) {
            financial.entry(key).or_default().push(j);
        }
    }
    let mut pairs: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    for (i, line) in benefit_in(Category::Omfordelning) {
        let candidates: BTreeSet<usize> =
            keys(line).iter().filter_map(|k| financial.get(k)).flatten().copied().collect();
        for j in candidates {
            let (first, second) = (i.min(j), i.max(j));
            if let Some(reason) = double_counted(calc, &calc.lines[first], &calc.lines[second], factors) {
                pairs.entry(first).or_default().push((second, reason));
            }
        }
    }
    for list in pairs.values_mut() {
        list.sort_by_key(|(j, _)| *j);
    }
    pairs
}

fn double_counted(
    calc: &Calculation,
    a: &CalcLine,
    b: &CalcLine,
    factors: &[CalcFactor],
) -> Option<String> {
    if a.kind != LineKind::Nytta || b.kind != LineKind::Nytta {
        return None;
    }
    let pair = (a.category, b.category);
    if pair != (Category::Omfordelning, Category::Finansiell)
        && pair != (Category::Finansiell, Category::Omfordelning)
    {
        return None;
    }
    if let (LineValue::Hours { hours: ha, .. }, LineValue::Hours { hours: hb, .. }) =
        (&a.value, &b.value)
    {
        let qa = value::quantity(ha, Level::Likely);
        if qa.is_some_and(|h| h > Decimal::ZERO) && qa == value::quantity(hb, Level::Likely) {
            let h = qa.unwrap_or_default();
            return Some(format!("samma timmar ({} h/år)", value::display_number(h)));
        }
    }
    let va = value::annual_value(a, Level::Likely, &calc.settings, factors)
        .ok()
        .flatten();
    let vb = value::annual_value(b, Level::Likely, &calc.settings, factors)
        .ok()
        .flatten();
    if va.is_some_and(|v| v > Decimal::ZERO) && va == vb {
        return Some(format!(
            "samma belopp ({} per år)",
            format::kr(va.unwrap_or_default())
        ));
    }
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let (da, db) = (norm(&a.description), norm(&b.description));
    if !da.is_empty() && da == db {
        return Some(format!("samma nytta (”{}”)", a.description.trim()));
    }
    None
}
