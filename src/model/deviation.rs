//! Benefit deviations (nyttoavvikelser): what people write about an indicator's checkpoint
//! that is röd or saknas — orsak, åtgärd, the decision the council is asked for — and how
//! the deviation was closed. Whether a checkpoint deviates is never stored: the follow-up
//! decides it each time (`followup::deviations`); only these texts are written by hand.
//!
//! A note is keyed by initiative, indicator code and months after go-live, the same key the
//! checkpoint has in every plan version, so the texts stay with the checkpoint when a new
//! plan version is approved.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{limits, FieldError};

/// Which checkpoint a deviation is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DeviationKey {
    pub initiative_id: i64,
    pub indicator_code: String,
    pub months_after_go_live: u32,
}

/// A decision recorded on a deviation (seed 004: a nämnd decides on actions for serious
/// deviations): what was decided, by which body, when, and its § or diarienummer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub decision: String,
    /// The body that decided (e.g. "Strategiska samordningsgruppen").
    pub decided_by: String,
    pub date: NaiveDate,
    /// § or diarienummer.
    pub reference: String,
}

/// How a deviation was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Closure {
    /// Closed with a stated reason (e.g. "Målet var fel satt; ny planversion").
    Reason { reason: String },
    /// Closed by a recorded decision.
    Decision(Decision),
}

impl Closure {
    /// "Stängd: Målet var fel satt." or "Stängd genom beslut: … (Strategiska
    /// samordningsgruppen 2026-09-15, § 42)".
    pub fn describe(&self) -> String {
        match self {
            Closure::Reason { reason } => format!("Stängd: {reason}"),
            Closure::Decision(d) => {
                format!("Stängd genom beslut: {} ({} {}, {})", d.decision, d.decided_by, d.date, d.reference)
            }
        }
    }
}

/// What a user saves about one deviation: every field at once (the window's form, or the
/// CLI's flags merged with what is stored).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeviationEdit {
    /// Orsak: why the benefit did not come (yet).
    #[serde(default)]
    pub cause: String,
    /// Åtgärd: what is done about it.
    #[serde(default)]
    pub action: String,
    /// For a särskilt följd initiative: the decision the council is asked for.
    #[serde(default)]
    pub decision_requested: String,
    /// `None` while open.
    #[serde(default)]
    pub closure: Option<Closure>,
    /// The day it was closed; set with `closure`.
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
}

/// A stored deviation note with its row version (0 in the window for a deviation nobody has
/// written about yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviationNote {
    #[serde(flatten)]
    pub key: DeviationKey,
    #[serde(flatten)]
    pub edit: DeviationEdit,
    /// Who saved it last.
    pub updated_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub row_version: i64,
}

/// The longest § or diarienummer, and the body's name.
const REFERENCE: usize = limits::NAME;

/// Checks an edit before it is saved; each problem names its field in Swedish.
pub fn validate(key: &DeviationKey, edit: &DeviationEdit) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if key.indicator_code.trim().is_empty() {
        errors.push(FieldError::new("indicator_code", "Indikator: ange indikatorns kod."));
    }
    limits::push(&mut errors, "indicator_code", "Indikatorns kod", &key.indicator_code, limits::CODE);
    if !(1..=120).contains(&key.months_after_go_live) {
        errors.push(FieldError::new(
            "months_after_go_live",
            "Kontrollpunkt: ange antal månader efter driftsättning, 1–120.",
        ));
    }
    limits::push(&mut errors, "cause", "Orsak", &edit.cause, limits::LONG_TEXT);
    limits::push(&mut errors, "action", "Åtgärd", &edit.action, limits::LONG_TEXT);
    limits::push(&mut errors, "decision_requested", "Beslut som begärs", &edit.decision_requested, limits::LONG_TEXT);
    match &edit.closure {
        None => {
            if edit.closed_on.is_some() {
                errors.push(FieldError::new("closed_on", "Stängd: ett datum utan skäl eller beslut; ange skälet eller beslutet."));
            }
        }
        Some(Closure::Reason { reason }) => {
            if reason.trim().is_empty() {
                errors.push(FieldError::new("closure_reason", "Skäl: ange varför avvikelsen stängs."));
            }
            limits::push(&mut errors, "closure_reason", "Skäl", reason, limits::LONG_TEXT);
        }
        Some(Closure::Decision(d)) => {
            if d.decision.trim().is_empty() {
                errors.push(FieldError::new("decision", "Beslut: ange vad som beslutades."));
            }
            limits::push(&mut errors, "decision", "Beslut", &d.decision, limits::LONG_TEXT);
            if d.decided_by.trim().is_empty() {
                errors.push(FieldError::new("decided_by", "Beslutat av: ange vilket organ som beslutade."));
            }
            limits::push(&mut errors, "decided_by", "Beslutat av", &d.decided_by, REFERENCE);
            if d.reference.trim().is_empty() {
                errors.push(FieldError::new("reference", "Paragraf/diarienummer: ange beslutets § eller diarienummer."));
            }
            limits::push(&mut errors, "reference", "Paragraf/diarienummer", &d.reference, REFERENCE);
        }
    }
    if edit.closure.is_some() && edit.closed_on.is_none() {
        errors.push(FieldError::new("closed_on", "Stängd: ange datum då avvikelsen stängdes."));
    }
    errors
}

/// The edit with its texts trimmed, as it is stored.
pub fn normalised(edit: &DeviationEdit) -> DeviationEdit {
    let closure = edit.closure.as_ref().map(|c| match c {
        Closure::Reason { reason } => Closure::Reason { reason: reason.trim().to_string() },
        Closure::Decision(d) => Closure::Decision(Decision {
            decision: d.decision.trim().to_string(),
            decided_by: d.decided_by.trim().to_string(),
            date: d.date,
            reference: d.reference.trim().to_string(),
        }),
    });
    DeviationEdit {
        cause: edit.cause.trim().to_string(),
        action: edit.action.trim().to_string(),
        decision_requested: edit.decision_requested.trim().to_string(),
        closure,
        closed_on: edit.closed_on,
    }
}

/// The fields that differ between two edits, in the window's words: "Orsak, Åtgärd". Used
/// to say what someone else changed when a stale save is refused.
pub fn changed_fields(stored: &DeviationEdit, attempted: &DeviationEdit) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if stored.cause != attempted.cause {
        fields.push("Orsak");
    }
    if stored.action != attempted.action {
        fields.push("Åtgärd");
    }
    if stored.decision_requested != attempted.decision_requested {
        fields.push("Beslut som begärs");
    }
    if stored.closure != attempted.closure || stored.closed_on != attempted.closed_on {
        fields.push("Stängning");
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DeviationKey {
        DeviationKey { initiative_id: 1, indicator_code: "NKI".into(), months_after_go_live: 6 }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_open_note_needs_no_text_and_a_closure_needs_its_parts() {
        assert!(validate(&key(), &DeviationEdit::default()).is_empty());
        let closed = DeviationEdit {
            closure: Some(Closure::Reason { reason: " ".into() }),
            closed_on: None,
            ..Default::default()
        };
        let fields: Vec<_> = validate(&key(), &closed).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["closure_reason", "closed_on"]);
        let decided = DeviationEdit {
            closure: Some(Closure::Decision(Decision {
                decision: String::new(),
                decided_by: String::new(),
                date: date("2026-09-15"),
                reference: String::new(),
            })),
            closed_on: Some(date("2026-09-15")),
            ..Default::default()
        };
        let fields: Vec<_> = validate(&key(), &decided).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["decision", "decided_by", "reference"]);
    }

    #[test]
    fn texts_and_the_checkpoint_are_checked_by_field() {
        let bad = DeviationKey { initiative_id: 1, indicator_code: " ".into(), months_after_go_live: 0 };
        let edit = DeviationEdit { action: "å".repeat(limits::LONG_TEXT + 1), ..Default::default() };
        let errors = validate(&bad, &edit);
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["indicator_code", "months_after_go_live", "action"]);
        assert!(errors[2].message.starts_with("Åtgärd är för lång"), "{}", errors[2].message);
    }

    #[test]
    fn a_closure_is_described_in_words() {
        let reason = Closure::Reason { reason: "Målet var fel satt".into() };
        assert_eq!(reason.describe(), "Stängd: Målet var fel satt");
        let decision = Closure::Decision(Decision {
            decision: "Bemanningen ses över".into(),
            decided_by: "Strategiska samordningsgruppen".into(),
            date: date("2026-09-15"),
            reference: "§ 42".into(),
        });
        assert_eq!(
            decision.describe(),
            "Stängd genom beslut: Bemanningen ses över (Strategiska samordningsgruppen 2026-09-15, § 42)"
        );
        assert_eq!(serde_json::to_value(&reason).unwrap()["kind"], "reason");
    }

    #[test]
    fn changed_fields_name_what_differs() {
        let a = DeviationEdit { cause: "x".into(), ..Default::default() };
        let b = DeviationEdit { action: "y".into(), ..Default::default() };
        assert_eq!(changed_fields(&a, &b), ["Orsak", "Åtgärd"]);
        assert!(changed_fields(&a, &a).is_empty());
    }
}
