//! The follow-up status of a checkpoint, an indicator, an initiative and the counts of a
//! portfolio.

use serde::{Deserialize, Serialize};

/// Follow-up status (design §5). Never shown as colour alone: each has a Swedish word and a
/// symbol that survive black-and-white print and colour-blindness.
///
/// The order is worst first: `Rod < Saknas < Gul < Gron < Kommande`, so the worst of a set
/// is its minimum ([`Status::worst_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Röd: achievement below the amber threshold θ.
    Rod,
    /// Saknas: no measurement in the window and more than 30 days since the checkpoint.
    Saknas,
    /// Gul: θ ≤ achievement < 1.
    Gul,
    /// Grön: achievement ≥ 1.
    Gron,
    /// Kommande: nothing due yet (or still within the 30-day grace).
    Kommande,
}

impl Status {
    /// All statuses, worst first.
    pub const ALL: [Status; 5] = [
        Status::Rod,
        Status::Saknas,
        Status::Gul,
        Status::Gron,
        Status::Kommande,
    ];

    /// The code used in JSON and in the register: `rod`, `saknas`, `gul`, `gron`, `kommande`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Rod => "rod",
            Status::Saknas => "saknas",
            Status::Gul => "gul",
            Status::Gron => "gron",
            Status::Kommande => "kommande",
        }
    }

    /// The Swedish word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Status::Rod => "Röd",
            Status::Saknas => "Saknas",
            Status::Gul => "Gul",
            Status::Gron => "Grön",
            Status::Kommande => "Kommande",
        }
    }

    /// A symbol distinguishable without colour: ● grön, ▲ gul, ■ röd, ? saknas, ○ kommande
    /// (the same shapes as the status reports' traffic lights).
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Rod => "■",
            Status::Saknas => "?",
            Status::Gul => "▲",
            Status::Gron => "●",
            Status::Kommande => "○",
        }
    }

    /// Word and symbol together, as charts and reports print them: `Grön ●`.
    pub fn text(self) -> String {
        format!("{} {}", self.label(), self.symbol())
    }

    /// The colour of the status in charts and reports (Okabe–Ito hues, safe for colour-blind
    /// readers): grön bluish green, gul orange, röd a dark vermilion, saknas grey, kommande
    /// sky blue. Röd is Okabe–Ito's vermilion darkened so that röd and gul also differ in
    /// greyscale print: their contrast is 3,2:1 (WCAG's 3:1 for graphics), where the plain
    /// vermilion's was 1,7:1 and printed nearly the same grey. The symbol and the word still
    /// say the status (issue 18); the colour never does alone.
    pub fn colour_hex(self) -> &'static str {
        match self {
            Status::Rod => "#A03000",
            Status::Saknas => "#999999",
            Status::Gul => "#E69F00",
            Status::Gron => "#009E73",
            Status::Kommande => "#56B4E9",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The worse of two statuses.
    pub fn worst(self, other: Status) -> Status {
        self.min(other)
    }

    /// The worst of a set; [`Status::Kommande`] when the set is empty.
    pub fn worst_of(statuses: impl IntoIterator<Item = Status>) -> Status {
        statuses.into_iter().fold(Status::Kommande, Status::worst)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How many of something (initiatives, indicators) have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub rod: u32,
    pub saknas: u32,
    pub gul: u32,
    pub gron: u32,
    pub kommande: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    pub fn get(&self, status: Status) -> u32 {
        match status {
            Status::Rod => self.rod,
            Status::Saknas => self.saknas,
            Status::Gul => self.gul,
            Status::Gron => self.gron,
            Status::Kommande => self.kommande,
        }
    }

    pub fn total(&self) -> u32 {
        self.rod + self.saknas + self.gul + self.gron + self.kommande
    }

    /// Adds another set of counts to this one.
    pub fn merge(&mut self, other: &StatusCounts) {
        for s in Status::ALL {
            *self.slot(s) += other.get(s);
        }
    }

    fn slot(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Rod => &mut self.rod,
            Status::Saknas => &mut self.saknas,
            Status::Gul => &mut self.gul,
            Status::Gron => &mut self.gron,
            Status::Kommande => &mut self.kommande,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_of_orders_rod_saknas_gul_gron_kommande() {
        use Status::*;
        assert_eq!(Status::worst_of([Kommande, Gron, Gul, Saknas, Rod]), Rod);
        assert_eq!(Status::worst_of([Kommande, Gron, Gul, Saknas]), Saknas);
        assert_eq!(Status::worst_of([Kommande, Gron, Gul]), Gul);
        assert_eq!(Status::worst_of([Kommande, Gron]), Gron);
        assert_eq!(Status::worst_of([Kommande]), Kommande);
        assert_eq!(Status::worst_of([]), Kommande);
        assert_eq!(Status::worst_of([Saknas, Gul]), Saknas);
        assert_eq!(Status::worst_of([Gron, Rod, Gron]), Rod);
    }

    #[test]
    fn every_status_has_a_word_a_distinct_symbol_and_an_ascii_code() {
        let symbols: Vec<&str> = Status::ALL.iter().map(|s| s.symbol()).collect();
        for (i, s) in symbols.iter().enumerate() {
            assert!(!symbols[..i].contains(s));
        }
        assert_eq!(Status::Gron.text(), "Grön ●");
        assert_eq!(Status::Saknas.label(), "Saknas");
        for s in Status::ALL {
            assert!(s.code().is_ascii());
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(
            serde_json::from_str::<Status>("\"gron\"").unwrap(),
            Status::Gron
        );
    }

    /// WCAG 2.1's relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    /// The grey a greyscale print or `pdftoppm -gray` makes of `#rrggbb` (0–255, Rec. 601).
    fn grey(hex: &str) -> f64 {
        let c = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
        0.299 * c(1) + 0.587 * c(3) + 0.114 * c(5)
    }

    #[test]
    fn rod_and_gul_differ_in_greyscale_by_a_clear_margin() {
        let (rod, gul) = (Status::Rod.colour_hex(), Status::Gul.colour_hex());
        let contrast = (luminance(gul) + 0.05) / (luminance(rod) + 0.05);
        assert!(contrast >= 3.0, "röd {rod} and gul {gul}: contrast {contrast:.2}:1, below WCAG's 3:1 for graphics");
        assert!(grey(gul) - grey(rod) >= 64.0, "röd and gul print as greys {:.0} and {:.0}", grey(rod), grey(gul));
        // Röd is the darkest status (the worst reads as the heaviest), and dark enough to
        // carry white text in the portfolio chart's bars.
        for s in Status::ALL.into_iter().filter(|s| *s != Status::Rod) {
            assert!(grey(s.colour_hex()) > grey(rod) + 20.0, "{s:?} prints as dark as röd");
        }
        assert!((1.05 / (luminance(rod) + 0.05)) >= 4.5, "white text on röd");
    }

    #[test]
    fn counts_add_up() {
        let mut c = StatusCounts::default();
        for s in [Status::Rod, Status::Rod, Status::Gron, Status::Kommande] {
            c.add(s);
        }
        assert_eq!((c.rod, c.gron, c.kommande, c.total()), (2, 1, 1, 4));
        let mut d = c;
        d.merge(&c);
        assert_eq!(d.get(Status::Rod), 4);
        assert_eq!(d.total(), 8);
    }
}
