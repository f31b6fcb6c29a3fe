//! Which column holds what: columns are found by their header, in Swedish or English, in any
//! case, with surrounding spaces, a unit in parentheses (`Värde (st)`) or a missing ring or
//! dots (`varde`, `kalla`) tolerated. Extra columns are ignored and reported.

use serde::Serialize;

/// A column the measurement import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Initiative,
    Indicator,
    Date,
    Value,
    Source,
    Comment,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::Initiative, Field::Indicator, Field::Date, Field::Value, Field::Source, Field::Comment];

    /// The Swedish header this program writes and shows.
    pub fn label(self) -> &'static str {
        match self {
            Field::Initiative => "Insats",
            Field::Indicator => "Indikator",
            Field::Date => "Datum",
            Field::Value => "Värde",
            Field::Source => "Källa",
            Field::Comment => "Kommentar",
        }
    }

    pub fn required(self) -> bool {
        !matches!(self, Field::Source | Field::Comment)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Header names accepted for this column, already normalised (see [`normalise`]).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Initiative => &[
                "insats", "forandringsinsats", "insatskod", "insats kod", "initiative", "initiative code",
                "initiative id",
            ],
            Field::Indicator => &["indikator", "indikatorkod", "indikator kod", "indicator", "indicator code"],
            Field::Date => &["datum", "matdatum", "date", "measurement date", "measured on"],
            Field::Value => &["varde", "matvarde", "utfall", "value", "measured value"],
            Field::Source => &["kalla", "datakalla", "source", "data source"],
            Field::Comment => &["kommentar", "anmarkning", "comment", "comments", "note", "notes"],
        }
    }
}

/// Lower case, trimmed, å/ä → a, ö → o, é → e, runs of spaces, `_` and `-` → one space, and
/// a trailing parenthesis (a unit) or colon dropped.
pub fn normalise(header: &str) -> String {
    let mut text = super::values::trim(header).to_lowercase();
    if let Some(open) = text.find('(') {
        if text.ends_with(')') && open > 0 {
            text.truncate(open);
        }
    }
    let text = text.trim_end_matches([':', ' ', '*']);
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            '_' | '-' | '\u{a0}' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// The column a header names, if any.
pub fn field_for(header: &str) -> Option<Field> {
    let name = normalise(header);
    Field::ALL.into_iter().find(|f| f.names().contains(&name.as_str()))
}

/// One recognised column, for showing the mapping to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedColumn {
    pub field: Field,
    /// The Swedish name of the field (`Värde`).
    pub label: &'static str,
    /// Zero-based column position in the file.
    pub column: usize,
    /// The header as written in the file.
    pub header: String,
}

/// The columns of a measurement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    headers: Vec<String>,
    columns: [Option<usize>; 6],
    extra: Vec<usize>,
}

impl ColumnMapping {
    /// Maps the headers of a file. The error lists every problem, in Swedish: a missing
    /// required column (with the names that are accepted), or two columns meaning the same.
    pub fn from_headers(headers: Vec<String>) -> Result<ColumnMapping, Vec<String>> {
        let mut columns = [None; 6];
        let mut extra = Vec::new();
        let mut problems = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            match field_for(header) {
                Some(field) => match columns[field.index()] {
                    None => columns[field.index()] = Some(i),
                    Some(first) => problems.push(format!(
                        "Kolumnerna ”{}” och ”{}” betyder båda {}; ta bort den ena.",
                        headers[first].trim(),
                        header.trim(),
                        field.label()
                    )),
                },
                None if super::values::trim(header).is_empty() => {}
                None => extra.push(i),
            }
        }
        for field in Field::ALL {
            if field.required() && columns[field.index()].is_none() {
                problems.push(format!(
                    "Kolumnen {} saknas. Rubriken kan vara {}.",
                    field.label(),
                    accepted_names(field)
                ));
            }
        }
        if problems.is_empty() {
            Ok(ColumnMapping { headers, columns, extra })
        } else {
            Err(problems)
        }
    }

    /// The file's headers as written (trimmed).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field.index()]
    }

    /// The header of a field's column as written in the file, or its Swedish name when the
    /// file has no such column.
    pub fn header(&self, field: Field) -> &str {
        match self.column(field) {
            Some(i) => super::values::trim(&self.headers[i]),
            None => field.label(),
        }
    }

    pub fn mapped(&self) -> Vec<MappedColumn> {
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                self.column(field).map(|column| MappedColumn {
                    field,
                    label: field.label(),
                    column,
                    header: super::values::trim(&self.headers[column]).to_string(),
                })
            })
            .collect()
    }

    /// Headers of the columns that are not imported.
    pub fn extra_columns(&self) -> Vec<String> {
        self.extra.iter().map(|&i| super::values::trim(&self.headers[i]).to_string()).collect()
    }

    /// How many of the headers name a known column; used to choose a CSV separator.
    pub fn recognised(headers: &[String]) -> usize {
        headers.iter().filter(|h| field_for(h).is_some()).count()
    }
}

fn accepted_names(field: Field) -> String {
    let names: Vec<&str> = match field {
        Field::Initiative => vec!["Insats", "Förändringsinsats", "Initiative"],
        Field::Indicator => vec!["Indikator", "Indicator"],
        Field::Date => vec!["Datum", "Mätdatum", "Date"],
        Field::Value => vec!["Värde", "Mätvärde", "Value"],
        Field::Source => vec!["Källa", "Source"],
        Field::Comment => vec!["Kommentar", "Comment"],
    };
    let quoted: Vec<String> = names.iter().map(|n| format!("”{n}”")).collect();
    let (last, rest) = quoted.split_last().expect("names");
    format!("{} eller {last}", rest.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn swedish_and_english_headers_in_any_case_are_found() {
        for (text, field) in [
            ("Insats", Field::Initiative),
            ("  INITIATIVE ", Field::Initiative),
            ("indikator", Field::Indicator),
            ("Indicator code", Field::Indicator),
            ("Datum", Field::Date),
            ("DATE", Field::Date),
            ("Värde", Field::Value),
            ("varde", Field::Value),
            ("VÄRDE", Field::Value),
            ("Värde (st)", Field::Value),
            ("Mätvärde:", Field::Value),
            ("value", Field::Value),
            ("Källa", Field::Source),
            ("kalla", Field::Source),
            ("Kommentar", Field::Comment),
            ("comment", Field::Comment),
            ("\u{feff}Insats", Field::Initiative),
            ("Initiative_code", Field::Initiative),
        ] {
            assert_eq!(field_for(text), Some(field), "{text:?}");
        }
        assert_eq!(field_for("Ansvarig"), None);
        assert_eq!(field_for(""), None);
    }

    #[test]
    fn mapping_reports_extra_columns_and_ignores_blank_ones() {
        let m = ColumnMapping::from_headers(headers(&["Datum", "Insats", "Ansvarig", "Indikator", "", "Värde", "Kommentar"]))
            .unwrap();
        assert_eq!(m.column(Field::Date), Some(0));
        assert_eq!(m.column(Field::Value), Some(5));
        assert_eq!(m.column(Field::Source), None);
        assert_eq!(m.extra_columns(), vec!["Ansvarig".to_string()]);
        assert_eq!(m.header(Field::Source), "Källa");
        assert_eq!(m.mapped().len(), 5);
    }

    #[test]
    fn missing_and_doubled_columns_are_all_reported() {
        let problems = ColumnMapping::from_headers(headers(&["Insats", "Initiative", "Datum"])).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("betyder båda Insats"));
        assert!(problems[1].starts_with("Kolumnen Indikator saknas"));
        assert!(problems[2].starts_with("Kolumnen Värde saknas. Rubriken kan vara ”Värde”, ”Mätvärde” eller ”Value”."));
    }
}
