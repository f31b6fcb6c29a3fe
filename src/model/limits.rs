//! The longest text each kind of field accepts, in characters: defined once here and used by
//! every validation (the window and the CLI through the store, the measurement files and the
//! whole-register JSON import), so a text refused one way in is refused every way in.
//!
//! The limits are set by what a field is for and what the reports must print: a report prints
//! every text of an initiative whole, and a council pack prints names and the orsak/åtgärd of
//! every deviation. A register of texts at these limits still makes its reports in time (the
//! benchmark case `hostile_reports`, docs/prestanda.md).

use super::FieldError;

/// Codes: an initiative's, an indicator's, a factor's, a calculation line's key.
pub const CODE: usize = 40;

/// A calculation line's key (stable identifier, generated or typed).
pub const KEY: usize = 100;

/// Units shown beside every value, in tables and in chart labels: `%`, `dagar`, `kr/h`.
pub const UNIT: usize = 20;

/// Names and other short texts: names of initiatives, organisations, committees, people,
/// benefits and indicators, owners, sources, methods, decision references.
pub const NAME: usize = 200;

/// Free texts: descriptions, comments, orsak and åtgärd, effect goals, prerequisites, risks,
/// reasons. About a printed page of prose; an analysis that needs more belongs in a document
/// the text can refer to.
pub const LONG_TEXT: usize = 4_000;

/// Items of a list of free texts (effect goals, prerequisites, risks).
pub const LIST_ITEMS: usize = 50;

/// Whether `text` has more than `max` characters. Counted only when the byte length could
/// exceed it, so the common short text costs nothing.
pub fn longer_than(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().count() > max
}

/// The Swedish message for a text that is too long: "Namn är för lång: högst 200 tecken (nu
/// 100 001)." `label` names the field as the window does.
pub fn too_long_message(label: &str, text: &str, max: usize) -> String {
    format!("{label} {}", too_long_reason(text, max))
}

/// "är för lång: högst 200 tecken (nu 100 001).", for a message that names the field first
/// (a measurement file's row and column).
pub fn too_long_reason(text: &str, max: usize) -> String {
    format!("är för lång: högst {} tecken (nu {}).", count(max), count(text.chars().count()))
}

/// A [`FieldError`] for `field` when `text` is longer than `max`.
pub fn check(field: impl Into<String>, label: &str, text: &str, max: usize) -> Option<FieldError> {
    longer_than(text, max).then(|| FieldError::new(field, too_long_message(label, text, max)))
}

/// Pushes the error of [`check`], if any, onto `errors`.
pub fn push(errors: &mut Vec<FieldError>, field: impl Into<String>, label: &str, text: &str, max: usize) {
    errors.extend(check(field, label, text, max));
}

/// A [`FieldError`] for a list with more than [`LIST_ITEMS`] items.
pub fn check_items(field: impl Into<String>, label: &str, items: usize) -> Option<FieldError> {
    (items > LIST_ITEMS).then(|| {
        FieldError::new(field, format!("{label} är för stort: högst {LIST_ITEMS} (nu {}).", count(items)))
    })
}

/// A count the Swedish way: `100 001`, with a no-break space between thousands.
fn count(n: usize) -> String {
    crate::format::number(rust_decimal::Decimal::from(n), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_the_limit_and_the_length() {
        let error = check("name", "Namn", &"å".repeat(100_001), NAME).unwrap();
        assert_eq!(error.field, "name");
        assert_eq!(error.message, "Namn är för lång: högst 200 tecken (nu 100\u{a0}001).");
        assert!(check("name", "Namn", &"å".repeat(NAME), NAME).is_none(), "the limit itself is allowed");
        assert_eq!(check_items("risks", "Risker", 51).unwrap().message, "Risker är för stort: högst 50 (nu 51).");
    }

    #[test]
    fn the_kinds_are_ordered() {
        assert!(CODE <= NAME && UNIT <= NAME && NAME < LONG_TEXT);
    }
}
