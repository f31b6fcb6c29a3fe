//! The annual analysis (seed 003, "Årlig analys av digital utveckling och förvaltning"): the
//! sections a supplier fills in and the supplier's own analysis text beside each
//! ("Leverantörens analys"). The tables of the analysis are assembled from the register each
//! time (`app::annual_analysis`); only these texts are written by hand and stored.

use serde::{Deserialize, Serialize};

use super::{limits, FieldError};

/// The sections of the template that the register fills in, in the template's order. 1.2
/// (Status konsolidering), 2.1 (not used since 2024), 3.2 and 4 are the supplier's own
/// documents, not the register's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Section {
    /// 1.1 Genomförd effekthemtagning.
    #[serde(rename = "1.1")]
    Harvest,
    /// 1.3 Portföljanalys.
    #[serde(rename = "1.3")]
    Portfolio,
    /// 1.4 Pågående förändringsinsatser.
    #[serde(rename = "1.4")]
    Ongoing,
    /// 2.2 Förslag på nya förändringsinsatser.
    #[serde(rename = "2.2")]
    Proposals,
    /// 3.1 Kostnader förvaltning och utveckling.
    #[serde(rename = "3.1")]
    Costs,
}

impl Section {
    pub const ALL: [Section; 5] = [Section::Harvest, Section::Portfolio, Section::Ongoing, Section::Proposals, Section::Costs];

    /// The template's section number, also the stored code.
    pub fn code(self) -> &'static str {
        match self {
            Section::Harvest => "1.1",
            Section::Portfolio => "1.3",
            Section::Ongoing => "1.4",
            Section::Proposals => "2.2",
            Section::Costs => "3.1",
        }
    }

    /// The section's heading in the template's words, without its number.
    pub fn title(self) -> &'static str {
        match self {
            Section::Harvest => "Genomförd effekthemtagning",
            Section::Portfolio => "Portföljanalys",
            Section::Ongoing => "Pågående förändringsinsatser",
            Section::Proposals => "Förslag på nya förändringsinsatser",
            Section::Costs => "Kostnader förvaltning och utveckling",
        }
    }

    /// Number and heading: "1.3 Portföljanalys".
    pub fn heading(self) -> String {
        format!("{} {}", self.code(), self.title())
    }

    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// The longest analysis text, in characters: the template's analyses run to a page or two
/// (seed 003 §2.2's is about 3 000 characters, §3.1's about 2 500); three pages leave room.
pub const ANALYSIS_TEXT: usize = 12_000;

/// The years an annual analysis can be for (the cost follow-up's range).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// One stored "Leverantörens analys": the supplier's text for one section of one year's
/// analysis, with the row version a save must start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisText {
    /// The supplier (leverantör) whose analysis it is.
    pub organisation_id: i64,
    /// The year the analysis is for (the template's title year).
    pub year: i32,
    pub section: Section,
    pub text: String,
    /// 1 when first saved; a section never saved has version 0 in the window.
    pub row_version: i64,
    pub updated_at: String,
}

/// Checks a text and year before they are saved; each problem names its field.
pub fn validate(year: i32, text: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !YEARS.contains(&year) {
        errors.push(FieldError::new("year", "År: ange ett år mellan 2000 och 2100."));
    }
    limits::push(&mut errors, "text", "Leverantörens analys", text, ANALYSIS_TEXT);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_in_the_templates_order_with_its_numbers_and_words() {
        let headings: Vec<String> = Section::ALL.iter().map(|s| s.heading()).collect();
        assert_eq!(
            headings,
            [
                "1.1 Genomförd effekthemtagning",
                "1.3 Portföljanalys",
                "1.4 Pågående förändringsinsatser",
                "2.2 Förslag på nya förändringsinsatser",
                "3.1 Kostnader förvaltning och utveckling",
            ]
        );
        assert!(Section::ALL.iter().all(|s| Section::from_code(s.code()) == Some(*s)));
        assert_eq!(serde_json::to_string(&Section::Portfolio).unwrap(), "\"1.3\"");
        assert_eq!(Section::from_code("1.2"), None);
    }

    #[test]
    fn a_text_and_year_are_checked_by_field() {
        assert!(validate(2027, "Analys").is_empty());
        let errors = validate(1999, &"x".repeat(ANALYSIS_TEXT + 1));
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["year", "text"]);
        assert!(errors[1].message.starts_with("Leverantörens analys är för lång"), "{}", errors[1].message);
    }
}
