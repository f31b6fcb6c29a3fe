//! The calculation lines a plan links to, read from a stored calculation's JSON in one pass.
//!
//! The portfolio's statuses need, of each calculation, only the few benefit lines its plan
//! links to. Reading every line as raw JSON and then each line's key and kind again scanned
//! the ten megabytes of the benchmark register's calculations twice, beside the statuses'
//! reads on the same two cores (docs/prestanda.md). Here each line's fields are taken as raw
//! JSON as they are scanned, once; only a linked benefit line is parsed in full, from them.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::calculation::{CalcLine, CalcSettings, LineKind};

/// The settings and the benefit lines named by `keys` of the calculation `body` (its
/// `settings` and `lines`), the lines in the calculation's order. A line must have a `key`
/// and a `kind` as before; any other field is parsed only when the line is linked.
pub(super) fn settings_and_linked_lines(body: &str, keys: &HashSet<&str>) -> serde_json::Result<(CalcSettings, Vec<CalcLine>)> {
    let mut de = serde_json::Deserializer::from_str(body);
    let read = de.deserialize_map(Calculation { keys })?;
    de.end()?;
    let settings = read.settings.ok_or_else(|| serde_json::Error::missing_field("settings"))?;
    Ok((settings, read.lines))
}

struct Calculation<'k> {
    keys: &'k HashSet<&'k str>,
}

struct Read {
    settings: Option<CalcSettings>,
    lines: Vec<CalcLine>,
}

impl<'de> Visitor<'de> for Calculation<'_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("en kalkyl")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut read = Read { settings: None, lines: Vec::new() };
        while let Some(name) = map.next_key::<Name<'de>>()? {
            match name.0.as_ref() {
                "settings" => read.settings = Some(map.next_value()?),
                "lines" => read.lines = map.next_value_seed(Lines { keys: self.keys })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(read)
    }
}

/// The `lines` array: the linked benefit lines, parsed.
struct Lines<'k> {
    keys: &'k HashSet<&'k str>,
}

impl<'de> DeserializeSeed<'de> for Lines<'_> {
    type Value = Vec<CalcLine>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Lines<'_> {
    type Value = Vec<CalcLine>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("kalkylens rader")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut linked = Vec::new();
        // One list of fields for every line: a line's fields are only borrowed text.
        let mut fields: Vec<(Name<'de>, &'de RawValue)> = Vec::new();
        while seq.next_element_seed(Fields(&mut fields))?.is_some() {
            if let Some(line) = linked_line(&fields, self.keys).map_err(A::Error::custom)? {
                linked.push(line);
            }
            fields.clear();
        }
        Ok(linked)
    }
}

/// The line of `fields` when it is a benefit line named by `keys`, parsed in full.
fn linked_line(fields: &[(Name<'_>, &RawValue)], keys: &HashSet<&str>) -> serde_json::Result<Option<CalcLine>> {
    let field = |wanted: &'static str| {
        fields
            .iter()
            .find(|(name, _)| name.0 == wanted)
            .map(|(_, raw)| raw.get())
            .ok_or_else(|| serde_json::Error::missing_field(wanted))
    };
    let kind: LineKind = serde_json::from_str(field("kind")?)?;
    let key: Cow<'_, str> = serde_json::from_str::<Name<'_>>(field("key")?)?.0;
    if kind != LineKind::Nytta || !keys.contains(key.as_ref()) {
        return Ok(None);
    }
    // The line again as one object, from its fields as they were written.
    let mut object = String::from("{");
    for (at, (name, raw)) in fields.iter().enumerate() {
        if at > 0 {
            object.push(',');
        }
        object.push_str(&serde_json::to_string(name.0.as_ref())?);
        object.push(':');
        object.push_str(raw.get());
    }
    object.push('}');
    serde_json::from_str(&object).map(Some)
}

/// One line's fields as (name, raw value), into the list given.
struct Fields<'a, 'de>(&'a mut Vec<(Name<'de>, &'de RawValue)>);

impl<'de> DeserializeSeed<'de> for Fields<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("en kalkylrad")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<Name<'de>>()? {
            let raw: &'de RawValue = map.next_value()?;
            self.0.push((name, raw));
        }
        Ok(())
    }
}

/// A name or string as written: borrowed from the JSON unless it holds an escape.
struct Name<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Name<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en text")
            }

            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(text)))
            }

            fn visit_str<E>(self, text: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(text.to_string())))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calculation::Calculation as StoredCalculation;

    /// What the read must equal: every line parsed, the linked benefit lines kept.
    fn parsed_in_full(body: &str, keys: &HashSet<&str>) -> (CalcSettings, Vec<CalcLine>) {
        let calculation: StoredCalculation = serde_json::from_str(body).unwrap();
        let lines = calculation
            .lines
            .into_iter()
            .filter(|line| line.kind == LineKind::Nytta && keys.contains(line.key.as_str()))
            .collect();
        (calculation.settings, lines)
    }

    #[test]
    fn every_demo_calculation_reads_as_parsed_in_full_for_any_choice_of_keys() {
        let dir = tempfile::tempdir().unwrap();
        let register = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        let bodies: Vec<String> = register
            .conn()
            .prepare("SELECT body FROM calculation")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!bodies.is_empty());
        let mut compared = 0;
        for body in &bodies {
            let calculation: StoredCalculation = serde_json::from_str(body).unwrap();
            let all: Vec<&str> = calculation.lines.iter().map(|line| line.key.as_str()).collect();
            // No key, every key, and every other key (benefits and costs alike).
            let choices: [HashSet<&str>; 3] =
                [HashSet::new(), all.iter().copied().collect(), all.iter().copied().step_by(2).collect()];
            for keys in &choices {
                let (settings, lines) = settings_and_linked_lines(body, keys).unwrap();
                let (want_settings, want_lines) = parsed_in_full(body, keys);
                assert_eq!(settings, want_settings);
                assert_eq!(lines, want_lines);
                compared += lines.len();
            }
        }
        assert!(compared > 0, "no linked line was compared");
    }

    #[test]
    fn fields_in_any_order_escaped_names_and_unknown_fields_read_alike() {
        let body = r#"{"lines":[
            {"kind":"kostnad","key":"k1","category":"finansiell","perspective":"organisation","cost_type":"intern",
             "value":{"type":"amount","amount":{"low":"1","likely":"2","high":"3"}},"timing":{"type":"one_off","year":0}},
            {"timing":{"type":"recurring","from_year":1,"ramp":[]},"value":{"type":"amount","amount":{"low":"10","likely":"20","high":"30"}},
             "perspective":"organisation","category":"finansiell","kind":"nytta","k\u0065y":"n\"1","extra":{"a":[1,2,{"b":"}"}]}},
            {"key":"n2","kind":"nytta","category":"kvalitet","perspective":"organisation",
             "value":{"type":"amount","amount":{"low":"1","likely":"1","high":"1"}},"timing":{"type":"one_off","year":1}}
        ],"settings":{"first_year":2026},"note":"ignored"}"#;
        let keys: HashSet<&str> = ["n\"1", "k1"].into_iter().collect();
        let (settings, lines) = settings_and_linked_lines(body, &keys).unwrap();
        let (want_settings, want_lines) = parsed_in_full(body, &keys);
        assert_eq!(settings, want_settings);
        assert_eq!(lines, want_lines);
        assert_eq!(lines.len(), 1, "the cost line k1 is not a benefit: {lines:?}");
        assert_eq!(lines[0].key, "n\"1");
    }

    #[test]
    fn a_line_without_key_or_kind_and_a_calculation_without_settings_are_errors() {
        let keys: HashSet<&str> = ["a"].into_iter().collect();
        for body in [
            r#"{"settings":{"first_year":2026},"lines":[{"kind":"nytta"}]}"#,
            r#"{"settings":{"first_year":2026},"lines":[{"key":"a"}]}"#,
            r#"{"lines":[]}"#,
            r#"{"settings":{"first_year":2026},"lines":[]} trailing"#,
        ] {
            assert!(settings_and_linked_lines(body, &keys).is_err(), "{body}");
        }
    }
}
