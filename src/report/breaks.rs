//! Break opportunities in long unbroken runs of text, so that no user text can leave the
//! page or slow typst down.
//!
//! typst breaks lines only where Unicode allows it (spaces, after hyphens, between CJK
//! characters…). A word of thousands of characters without such a place runs past the right
//! margin, and the optimising line breaker, finding no break that fits, tries ever longer
//! runs: report time grew about quadratically with the length of such a word (43 s for an
//! initiative report with a 5 000-character word).
//!
//! [`break_long_runs`] is applied to the whole JSON document a template reads, so every
//! string of every report is covered without a list of fields. In every run of characters
//! without a break opportunity longer than [`LONGEST_UNBROKEN`], it inserts U+200B ZERO
//! WIDTH SPACE every [`SEGMENT`] characters: invisible, and used only where a line must break
//! there. Ordinary words, also long Swedish compounds, are shorter than the threshold and
//! are left as they are (and may still be hyphenated where a table asks for it).

use std::borrow::Cow;

/// Runs of up to this many characters are left alone: ordinary Swedish words, also long
/// compounds ("verksamhetsutvecklingsarbetet", 29), are shorter.
pub const LONGEST_UNBROKEN: usize = 30;

/// In a longer run, a break opportunity every this many characters. Ten of the widest
/// characters at 8,5 pt (a table's size) are about 85 pt, about the narrowest text column of
/// the reports (the initiative report's "Registrerad av", 19 % of the text width, about 84 pt
/// inside its insets). A segment wider than its column makes an overfull line, which runs past
/// the margin and, in that table when it was narrower, tripped typst 0.14.2's debug assertion
/// "bounded inline layout is incomplete". Shorter segments are no cure: with six or eight,
/// typst set some body lines of such runs about 7 pt wider than their column.
pub const SEGMENT: usize = 10;

/// U+200B ZERO WIDTH SPACE in UTF-8.
const ZWSP: &str = "\u{200B}";

/// `json` (a serialized JSON document) with a zero-width space inserted every [`SEGMENT`]
/// characters into each run of more than [`LONGEST_UNBROKEN`] characters without a break
/// opportunity inside a string. Linear in the length of the document; the input is returned
/// as it is when nothing needs breaking. The result is the same JSON with the same strings
/// but for the inserted invisible characters.
pub fn break_long_runs(json: &[u8]) -> Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(json) else { return Cow::Borrowed(json) };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut run: Vec<&str> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    // Outside strings nothing is touched; each string's content is scanned unit by unit.
    while let Some(open) = rest.find('"') {
        let content_start = offset + open + 1;
        let content_len = string_len(&text[content_start..]);
        let content = &text[content_start..content_start + content_len];
        if has_long_run(content) {
            let buffer = out.get_or_insert_with(|| String::with_capacity(text.len() + text.len() / 8));
            buffer.push_str(&text[copied..content_start]);
            push_broken(buffer, content, &mut run);
            copied = content_start + content_len;
        }
        // Past the closing quote (or the end of a cut-off document).
        offset = (content_start + content_len + 1).min(text.len());
        rest = &text[offset..];
    }
    match out {
        None => Cow::Borrowed(json),
        Some(mut buffer) => {
            buffer.push_str(&text[copied..]);
            Cow::Owned(buffer.into_bytes())
        }
    }
}

/// The length in bytes of a JSON string's content up to (not including) its closing quote.
fn string_len(content: &str) -> usize {
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A string's content as units: one character, or one escape sequence (`\n`, `\u00e5`).
fn units(content: &str) -> impl Iterator<Item = &str> {
    let mut rest = content;
    std::iter::from_fn(move || {
        let mut chars = rest.chars();
        let first = chars.next()?;
        let len = match first {
            '\\' => match chars.next() {
                Some('u') => 6,
                Some(c) => 1 + c.len_utf8(),
                None => 1,
            },
            c => c.len_utf8(),
        }
        .min(rest.len());
        // An escape cut off at the end of the text is returned as it is.
        let len = (1..=len).rev().find(|&l| rest.is_char_boundary(l)).unwrap_or(rest.len());
        let (unit, tail) = rest.split_at(len);
        rest = tail;
        Some(unit)
    })
}

/// Whether a unit is a break opportunity: a space a line breaks at, a line break (also as
/// the escapes `\n`, `\r`, `\t`), a zero-width space or a soft hyphen.
fn is_break(unit: &str) -> bool {
    match unit {
        "\\n" | "\\r" | "\\t" => true,
        _ => unit.chars().next().is_some_and(breaks_line),
    }
}

/// Whether the content holds a run of more than [`LONGEST_UNBROKEN`] units without a break:
/// the common string has none and costs one pass without allocation.
fn has_long_run(content: &str) -> bool {
    if content.len() <= LONGEST_UNBROKEN {
        return false;
    }
    let mut run = 0;
    for unit in units(content) {
        run = if is_break(unit) { 0 } else { run + 1 };
        if run > LONGEST_UNBROKEN {
            return true;
        }
    }
    false
}

/// Appends `content` to `out`, with a zero-width space every [`SEGMENT`] units in each run
/// longer than [`LONGEST_UNBROKEN`]. `run` is a reused buffer.
fn push_broken<'a>(out: &mut String, content: &'a str, run: &mut Vec<&'a str>) {
    run.clear();
    for unit in units(content) {
        if is_break(unit) {
            flush_run(out, run);
            out.push_str(unit);
        } else {
            run.push(unit);
        }
    }
    flush_run(out, run);
}

/// Writes the units of one run, broken when it is long, and empties it. A break goes only
/// between two characters that do not belong together: never before a combining mark,
/// variation selector or emoji modifier, nor after a zero-width joiner, where it would split
/// an accented letter or an emoji.
fn flush_run(out: &mut String, run: &mut Vec<&str>) {
    let long = run.len() > LONGEST_UNBROKEN;
    let mut since_break = 0;
    let mut previous: Option<char> = None;
    for unit in run.iter() {
        // An escape sequence starts with a backslash, which joins nothing.
        let c = unit.chars().next().unwrap_or(' ');
        let may_break = previous.is_some_and(|p| p != '\u{200D}') && !extends_cluster(c);
        if long && since_break >= SEGMENT && may_break {
            out.push_str(ZWSP);
            since_break = 0;
        }
        out.push_str(unit);
        since_break += 1;
        previous = Some(c);
    }
    run.clear();
}

/// Characters after which (or at which) a line may already break: the spaces a line breaks
/// at, the zero-width space and the soft hyphen. The no-break spaces (U+00A0, U+2007,
/// U+202F), which format uses inside amounts, are not among them: they hold a run together.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{00AD}'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200B}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Characters that belong to the character before them (combining marks, variation
/// selectors, emoji modifiers and tags, the joiner itself): no break goes before them.
pub(crate) fn extends_cluster(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}'..='\u{200D}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(value: &serde_json::Value) -> serde_json::Value {
        let json = serde_json::to_vec(value).unwrap();
        serde_json::from_slice(&break_long_runs(&json)).expect("still JSON")
    }

    fn text(value: &serde_json::Value) -> &str {
        value.as_str().unwrap()
    }

    #[test]
    fn ordinary_text_and_long_compounds_are_left_alone() {
        let value = serde_json::json!({
            "a": "Införande av informationssäkerhetsklassning i verksamhetsutvecklingsarbetet",
            "b": ["1\u{a0}234\u{a0}567 kr", "2026-10-31", "/charts/12.svg"],
        });
        let json = serde_json::to_vec(&value).unwrap();
        assert!(matches!(break_long_runs(&json), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_word_gets_a_break_opportunity_every_segment() {
        let word = "a".repeat(5_000);
        let out = broken(&serde_json::json!({ "name": word, "list": [word.clone()] }));
        for s in [text(&out["name"]), text(&out["list"][0])] {
            assert_eq!(s.replace(ZWSP, ""), word, "only invisible characters are added");
            let pieces: Vec<&str> = s.split(ZWSP).collect();
            assert!(pieces.iter().all(|p| p.chars().count() <= SEGMENT), "no piece is longer than a segment");
            assert_eq!(pieces.len(), 5_000_usize.div_ceil(SEGMENT));
        }
    }

    #[test]
    fn breaks_go_in_long_runs_only_and_not_in_keys_or_escapes() {
        let long = format!("kort ord {} \"citat\\\"{}\n{}", "x".repeat(50), "\\".repeat(60), "y".repeat(10));
        let out = broken(&serde_json::json!({ "key": long }));
        let s = text(&out["key"]);
        assert_eq!(s.replace(ZWSP, ""), long);
        assert!(s.starts_with(&format!("kort ord {}\u{200B}", "x".repeat(SEGMENT))), "{s}");
        assert!(s.ends_with(&format!("\n{}", "y".repeat(10))), "a short word after a line break is whole");
        // A no-break space does not end a run.
        let nbsp = vec!["ab"; 100].join("\u{a0}");
        assert!(text(&broken(&serde_json::json!([nbsp]))[0]).contains(ZWSP));
    }

    #[test]
    fn emoji_sequences_and_accents_stay_whole() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let accented = "e\u{0301}";
        let long = format!("{}{}", family.repeat(40), accented.repeat(40));
        let s = broken(&serde_json::json!([long]))[0].as_str().unwrap().to_string();
        assert!(s.contains(ZWSP));
        assert!(!s.contains("\u{200D}\u{200B}") && !s.contains("\u{200B}\u{200D}"), "not split at a joiner");
        assert!(!s.contains("\u{200B}\u{0301}"), "not before a combining accent");
        assert_eq!(s.replace(ZWSP, ""), long);
    }

    #[test]
    fn anything_stays_valid_json_with_the_same_text() {
        let samples = [
            String::new(),
            "\u{0}\u{1f}\"\\/".repeat(30),
            "漢字".repeat(100),
            format!("{}\t{}", "€".repeat(45), "q".repeat(41)),
        ];
        for sample in samples {
            let out = broken(&serde_json::json!({ "s": sample }));
            assert_eq!(text(&out["s"]).replace(ZWSP, ""), sample);
        }
    }
}
