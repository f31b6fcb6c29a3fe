//! What changed between two versions of a calculation, as Swedish display strings. Lines are
//! matched by their stable `key`; a line whose key changed shows as removed + added.

use serde::{Deserialize, Serialize};

use super::value::{display_estimate, display_number, display_percent, formula};
use crate::format;
use crate::model::calculation::{
    CalcLine, CalcSettings, Calculation, Estimate, Level, LineKind, LineValue, Quantity, Rate,
    Timing,
};

/// One field that differs. `old`/`new` are Swedish display strings; `—` when absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// A line added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRef {
    pub key: String,
    /// 1-based line number in the version it belongs to.
    pub line: usize,
    pub description: String,
}

/// A line present in both versions with at least one changed field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub key: String,
    pub old_line: usize,
    pub new_line: usize,
    /// The new version's description.
    pub description: String,
    pub changes: Vec<FieldChange>,
}

/// The differences between two calculations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalcDiff {
    pub settings: Vec<FieldChange>,
    pub added: Vec<LineRef>,
    pub removed: Vec<LineRef>,
    pub changed: Vec<LineChange>,
}

impl CalcDiff {
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }

    /// One Swedish sentence per change, for a version history or an approval dialog.
    pub fn summary(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .settings
            .iter()
            .map(|c| format!("{}: {} → {}", c.field, c.old, c.new))
            .collect();
        for l in &self.removed {
            out.push(format!(
                "Borttagen rad: ”{}” (nyckel {})",
                l.description, l.key
            ));
        }
        for l in &self.added {
            out.push(format!("Ny rad: ”{}” (nyckel {})", l.description, l.key));
        }
        for l in &self.changed {
            for c in &l.changes {
                out.push(format!(
                    "Rad ”{}”, {}: {} → {}",
                    l.description, c.field, c.old, c.new
                ));
            }
        }
        out
    }
}

/// Lists what changed from `old` to `new`: settings, lines added, removed and changed (matched
/// by key), each changed field with old and new value as Swedish display strings.
pub fn diff(old: &Calculation, new: &Calculation) -> CalcDiff {
    let mut out = CalcDiff {
        settings: compare(
            &settings_fields(&old.settings),
            &settings_fields(&new.settings),
        ),
        ..CalcDiff::default()
    };
    let mut matched = vec![false; new.lines.len()];
    for (i, line) in old.lines.iter().enumerate() {
        let partner = new
            .lines
            .iter()
            .enumerate()
            .position(|(j, l)| !matched[j] && l.key == line.key);
        match partner {
            Some(j) => {
                matched[j] = true;
                let other = &new.lines[j];
                let changes = compare(
                    &line_fields(line, &old.settings),
                    &line_fields(other, &new.settings),
                );
                if !changes.is_empty() {
                    out.changed.push(LineChange {
                        key: other.key.clone(),
                        old_line: i + 1,
                        new_line: j + 1,
                        description: other.description.trim().to_string(),
                        changes,
                    });
                }
            }
            None => out.removed.push(line_ref(line, i)),
        }
    }
    for (j, line) in new.lines.iter().enumerate() {
        if !matched[j] {
            out.added.push(line_ref(line, j));
        }
    }
    out
}

fn line_ref(line: &CalcLine, i: usize) -> LineRef {
    LineRef {
        key: line.key.clone(),
        line: i + 1,
        description: line.description.trim().to_string(),
    }
}

/// Fields present in either list, in order of `old` then new-only ones; unchanged ones dropped.
fn compare(old: &[(String, String)], new: &[(String, String)]) -> Vec<FieldChange> {
    let absent = "—".to_string();
    let mut out = Vec::new();
    for (name, o) in old {
        let n = new
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .unwrap_or(&absent);
        if o != n {
            out.push(FieldChange {
                field: name.clone(),
                old: o.clone(),
                new: n.clone(),
            });
        }
    }
    for (name, n) in new {
        if !old.iter().any(|(k, _)| k == name) {
            out.push(FieldChange {
                field: name.clone(),
                old: absent.clone(),
                new: n.clone(),
            });
        }
    }
    out
}

fn settings_fields(s: &CalcSettings) -> Vec<(String, String)> {
    vec![
        ("Första år".into(), s.first_year.to_string()),
        ("Kalkylperiod".into(), format!("{} år", s.horizon_years)),
        (
            "Diskonteringsränta".into(),
            display_percent(s.discount_rate),
        ),
        (
            "Årsarbetstid".into(),
            format!("{} h", display_number(s.annual_hours)),
        ),
        (
            "Personalomkostnadspålägg".into(),
            display_percent(s.overhead),
        ),
    ]
}

fn estimate_fields(out: &mut Vec<(String, String)>, prefix: &str, e: &Estimate, unit: &str) {
    let show = |v: Option<rust_decimal::Decimal>| match v {
        Some(v) => format!("{} {unit}", format::value(v)),
        None => "—".to_string(),
    };
    out.push((format!("{prefix}, lågt"), show(e.low)));
    out.push((format!("{prefix}, troligt"), show(e.likely)));
    out.push((format!("{prefix}, högt"), show(e.high)));
}

fn quantity_fields(out: &mut Vec<(String, String)>, name: &str, q: &Quantity, unit: &str, per: &str) {
    match q {
        Quantity::Direct { value } => {
            out.push((format!("{name}, beräkning"), "inmatat värde".into()));
            estimate_fields(out, name, value, &format!("{unit}{per}"));
        }
        Quantity::Drivers(model) => {
            out.push((
                format!("{name}, beräkning"),
                formula(model, Level::Likely, unit),
            ));
            for d in &model.drivers {
                let label = format!("Värdedrivare ”{}”", d.name.trim());
                out.push((
                    label.clone(),
                    format!("{} {}", display_estimate(&d.value), d.unit.trim())
                        .trim()
                        .to_string(),
                ));
                out.push((format!("{label}, källa"), d.source.trim().to_string()));
            }
        }
    }
}

fn rate_text(rate: &Rate, unit: &str) -> String {
    match rate {
        Rate::Fixed { kr } => format!("{} kr/{unit}", format::value(*kr)),
        Rate::Factor { code } => format!("beräkningsfaktor {}", code.trim()),
        Rate::MonthlySalary { salary } => format!("månadslön {}", format::kr(*salary)),
    }
}

fn timing_fields(out: &mut Vec<(String, String)>, t: &Timing, first_year: i32) {
    let year = |k: u32| (i64::from(first_year) + i64::from(k)).to_string();
    match t {
        Timing::OneOff { year: k } => out.push(("Tidpunkt".into(), format!("engång {}", year(*k)))),
        Timing::Recurring {
            from_year,
            years,
            ramp,
        } => {
            out.push((
                "Tidpunkt".into(),
                format!("årligen från {}", year(*from_year)),
            ));
            out.push((
                "Antal år".into(),
                years.map_or("resten av perioden".into(), |d| format!("{d} år")),
            ));
            out.push((
                "Upptrappning".into(),
                if ramp.is_empty() {
                    "ingen".into()
                } else {
                    ramp.iter()
                        .map(|f| display_percent(*f))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ));
        }
    }
}

fn line_fields(line: &CalcLine, settings: &CalcSettings) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![
        ("Typ".into(), line.kind.label().into()),
        ("Kategori".into(), line.category.label().into()),
        ("Perspektiv".into(), line.perspective.label().into()),
    ];
    if line.kind == LineKind::Kostnad {
        out.push((
            "Kostnadstyp".into(),
            line.cost_type.map_or("—", |c| c.label()).into(),
        ));
    }
    out.push(("Beskrivning".into(), line.description.trim().into()));
    out.push(("Underlag".into(), line.source.trim().into()));
    out.push(("Ägare".into(), line.owner.trim().into()));
    // A one-off line's amount is once, not a yearly one.
    let per = if line.timing.is_recurring() { "/år" } else { "" };
    match &line.value {
        LineValue::Amount { amount } => {
            out.push(("Värdetyp".into(), "belopp".into()));
            estimate_fields(&mut out, "Belopp", amount, &format!("kr{per}"));
        }
        LineValue::Hours { hours, rate } => {
            out.push(("Värdetyp".into(), "timmar × timpris".into()));
            quantity_fields(&mut out, "Timmar", hours, "h", per);
            out.push(("Timpris".into(), rate_text(rate, "h")));
        }
        LineValue::Units {
            quantity,
            unit,
            rate,
        } => {
            out.push(("Värdetyp".into(), "mängd × pris".into()));
            out.push(("Enhet".into(), unit.trim().into()));
            quantity_fields(&mut out, "Mängd", quantity, unit.trim(), per);
            out.push(("Pris".into(), rate_text(rate, unit.trim())));
        }
        LineValue::NotMonetised { score } => {
            out.push(("Värdetyp".into(), "ej i kronor".into()));
            out.push(("Poäng".into(), format!("{score} av 3")));
        }
    }
    timing_fields(&mut out, &line.timing, settings.first_year);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::{Category, Perspective};
    use rust_decimal_macros::dec;

    fn line(key: &str, amount: rust_decimal::Decimal) -> CalcLine {
        CalcLine {
            key: key.into(),
            kind: LineKind::Nytta,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: None,
            description: format!("Nytta {key}"),
            source: "Underlag".into(),
            owner: "Ägare".into(),
            value: LineValue::Amount {
                amount: Estimate::exact(amount),
            },
            timing: Timing::recurring(1),
        }
    }

    #[test]
    fn identical_calculations_have_an_empty_diff() {
        let mut c = Calculation::new(2026);
        c.lines.push(line("a", dec!(100)));
        assert!(diff(&c, &c.clone()).is_empty());
    }

    #[test]
    fn diff_lists_settings_added_removed_and_changed_lines_by_key() {
        let mut old = Calculation::new(2026);
        old.lines = vec![line("a", dec!(50000)), line("b", dec!(1))];
        let mut new = old.clone();
        new.settings.discount_rate = dec!(0.04);
        new.lines.remove(1);
        new.lines.push(line("c", dec!(2)));
        if let LineValue::Amount { amount } = &mut new.lines[0].value {
            amount.likely = Some(dec!(60000));
        }
        let d = diff(&old, &new);
        assert_eq!(
            d.settings,
            vec![FieldChange {
                field: "Diskonteringsränta".into(),
                old: "3\u{a0}%".into(),
                new: "4\u{a0}%".into(),
            }]
        );
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].key, "b");
        assert_eq!(d.added[0].key, "c");
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].changes,
            vec![FieldChange {
                field: "Belopp, troligt".into(),
                old: "50\u{a0}000 kr/år".into(),
                new: "60\u{a0}000 kr/år".into(),
            }]
        );
        let summary = d.summary();
        assert!(summary.contains(&"Diskonteringsränta: 3\u{a0}% → 4\u{a0}%".to_string()));
        assert!(summary.iter().any(|s| s.starts_with("Ny rad: ”Nytta c”")));
    }

    #[test]
    fn changing_value_type_shows_old_fields_as_gone() {
        let old = Calculation {
            lines: vec![line("a", dec!(100))],
            ..Calculation::new(2026)
        };
        let mut new = old.clone();
        new.lines[0].value = LineValue::NotMonetised { score: 2 };
        let d = diff(&old, &new);
        let changes = &d.changed[0].changes;
        assert!(changes.contains(&FieldChange {
            field: "Poäng".into(),
            old: "—".into(),
            new: "2 av 3".into()
        }));
        assert!(changes.contains(&FieldChange {
            field: "Belopp, troligt".into(),
            old: "100 kr/år".into(),
            new: "—".into()
        }));
    }

    #[test]
    fn a_one_off_amount_is_shown_as_kronor_not_kronor_per_year() {
        let mut old = Calculation::new(2026);
        let mut once = line("a", dec!(250000));
        once.timing = Timing::OneOff { year: 1 };
        old.lines = vec![once];
        let mut new = old.clone();
        if let LineValue::Amount { amount } = &mut new.lines[0].value {
            amount.likely = Some(dec!(300000));
        }
        let d = diff(&old, &new);
        assert_eq!(
            d.changed[0].changes,
            vec![FieldChange {
                field: "Belopp, troligt".into(),
                old: "250\u{a0}000 kr".into(),
                new: "300\u{a0}000 kr".into(),
            }]
        );
    }
}
