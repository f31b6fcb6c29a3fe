//! The results of a benchmark run: one row per case with its figures and goal, written as
//! `results.md` (a table for people) and `results.json` (for scripts), and printed.

use serde::Serialize;

/// Peak RSS allowed for every CLI case.
pub const RSS_GOAL_MB: f64 = 300.0;

/// What a case is held to.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// The median must be at most this many milliseconds.
    MaxMs { ms: f64 },
    /// The rate must be at least `ratio` × the baseline's rate.
    MinRatio { ratio: f64, baseline: String },
    /// Peak RSS at the large size at most `ratio` × the peak RSS at the small size.
    Flat { ratio: f64 },
    /// The time at most `ratio` × the baseline's time.
    MaxRatio { ratio: f64, baseline: String },
    /// A figure at most `limit` `unit` above the baseline's, measured in the same run.
    MaxAbove { limit: f64, unit: String, baseline: String },
    /// Figures only.
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub id: String,
    pub title: String,
    /// How it was measured: in-process through the library, or the `nytta` CLI as a process.
    pub how: String,
    pub runs_ms: Vec<f64>,
    pub median_ms: Option<f64>,
    /// The figure the goal is about when it is not the time (a rate, a ratio), with its unit.
    pub figure: Option<String>,
    pub goal: Goal,
    /// The measured value divided by the goal's limit (time / limit; ratio / wanted ratio).
    pub ratio_to_goal: Option<f64>,
    pub met: Option<bool>,
    pub peak_rss_mb: Option<f64>,
    /// Whether the RSS goal applies (CLI cases).
    pub rss_goal: bool,
    pub notes: Vec<String>,
    /// For a case on the shared register (PostgreSQL): its median divided by the same case's
    /// on the file register (SQLite) in the same run.
    pub vs_sqlite: Option<f64>,
}

impl CaseResult {
    pub fn new(id: &str, title: &str, how: &str, goal: Goal) -> CaseResult {
        CaseResult {
            id: id.into(),
            title: title.into(),
            how: how.into(),
            runs_ms: Vec::new(),
            median_ms: None,
            figure: None,
            goal,
            ratio_to_goal: None,
            met: None,
            peak_rss_mb: None,
            rss_goal: false,
            notes: Vec::new(),
            vs_sqlite: None,
        }
    }

    /// Records the runs and judges a time goal.
    pub fn timed(mut self, runs_ms: Vec<f64>) -> CaseResult {
        let median = crate::measure::median(&runs_ms);
        self.runs_ms = runs_ms;
        self.median_ms = Some(median);
        if let Goal::MaxMs { ms } = self.goal {
            self.ratio_to_goal = Some(median / ms);
            self.met = Some(median <= ms);
        }
        self
    }

    /// Judges a `MaxAbove` goal: `value` against `baseline` (both in the goal's unit).
    pub fn above(mut self, value: f64, baseline: f64) -> CaseResult {
        if let Goal::MaxAbove { limit, .. } = self.goal {
            let above = value - baseline;
            self.ratio_to_goal = Some(above / limit);
            self.met = Some(above <= limit);
        }
        self
    }

    pub fn rss_met(&self) -> Option<bool> {
        if !self.rss_goal {
            return None;
        }
        self.peak_rss_mb.map(|mb| mb <= RSS_GOAL_MB)
    }
}

/// Everything a run found.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub generated_at: String,
    pub machine: String,
    pub register: String,
    pub register_size_mb: f64,
    pub counts: Vec<(String, i64)>,
    pub as_of: String,
    pub cases: Vec<CaseResult>,
    pub total_seconds: f64,
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn goal_text(goal: &Goal) -> String {
    match goal {
        Goal::MaxMs { ms } => format!("< {}", fmt_ms(*ms)),
        Goal::MinRatio { ratio, baseline } => format!("≥ {ratio} × {baseline}"),
        Goal::Flat { ratio } => format!("≤ {ratio} × RSS at half the rows"),
        Goal::MaxRatio { ratio, baseline } => format!("≤ {ratio} × {baseline}"),
        Goal::MaxAbove { limit, unit, baseline } => format!("≤ {baseline} + {limit} {unit}"),
        Goal::None => "–".into(),
    }
}

fn yes_no(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "NOT MET",
        None => "–",
    }
}

impl Results {
    /// The table of every case, in Markdown (also printed as is).
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| Case | How | Median | Runs | Figure | Goal | Ratio to goal | Goal met | Peak RSS | RSS < 300 MB | × SQLite |\n\
             |---|---|---:|---:|---|---|---:|---|---:|---|---:|\n",
        );
        for c in &self.cases {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                c.title,
                c.how,
                c.median_ms.map(fmt_ms).unwrap_or_else(|| "–".into()),
                if c.runs_ms.is_empty() { "–".into() } else { c.runs_ms.len().to_string() },
                c.figure.clone().unwrap_or_else(|| "–".into()),
                goal_text(&c.goal),
                c.ratio_to_goal.map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into()),
                yes_no(c.met),
                c.peak_rss_mb.map(|mb| format!("{mb:.0} MB")).unwrap_or_else(|| "–".into()),
                yes_no(c.rss_met()),
                c.vs_sqlite.map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into()),
            ));
        }
        out
    }

    /// The whole `results.md`.
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Benchmark results (`cargo xtask bench`)\n\n");
        out.push_str(&format!(
            "Run {} on {}.\n\nRegister: `{}` ({:.0} MB), evaluated as of {}: {}.\n\n",
            self.generated_at,
            self.machine,
            self.register,
            self.register_size_mb,
            self.as_of,
            self.counts.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ")
        ));
        out.push_str(&self.table());
        out.push_str("\nEach figure is the median of the runs; \"Ratio to goal\" is the median divided by the time goal, or the achieved ratio divided by the wanted one (below 1 is good for times and for a ratio with an upper limit, above 1 for a ratio with a lower limit). \"× SQLite\" is a case on the shared register (PostgreSQL) divided by the same case on the register file (SQLite) in this run: its median time, above 1 slower.\n\n## Notes per case\n\n");
        for c in &self.cases {
            if c.notes.is_empty() && c.runs_ms.is_empty() {
                continue;
            }
            out.push_str(&format!("**{}** ({}):", c.title, c.id));
            if !c.runs_ms.is_empty() {
                out.push_str(&format!(" runs {}.", c.runs_ms.iter().map(|r| fmt_ms(*r)).collect::<Vec<_>>().join(", ")));
            }
            for n in &c.notes {
                out.push_str(&format!(" {n}"));
            }
            out.push_str("\n\n");
        }
        let unmet: Vec<&CaseResult> =
            self.cases.iter().filter(|c| c.met == Some(false) || c.rss_met() == Some(false)).collect();
        if unmet.is_empty() {
            out.push_str("Every goal that was measured is met.\n");
        } else {
            out.push_str(&format!(
                "Goals not met: {}.\n",
                unmet.iter().map(|c| c.title.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        out.push_str(&format!("\nThe run took {:.0} s in all.\n", self.total_seconds));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_goal_is_judged_on_the_median() {
        let c = CaseResult::new("x", "X", "library", Goal::MaxMs { ms: 100.0 }).timed(vec![90.0, 300.0, 80.0]);
        assert_eq!(c.median_ms, Some(90.0));
        assert_eq!(c.met, Some(true));
        assert!((c.ratio_to_goal.unwrap() - 0.9).abs() < 1e-9);
        let r = Results {
            generated_at: "now".into(),
            machine: "m".into(),
            register: "r".into(),
            register_size_mb: 1.0,
            counts: vec![],
            as_of: "2026-10-31".into(),
            cases: vec![c],
            total_seconds: 1.0,
        };
        let table = r.table();
        assert!(table.contains("| X | library | 90 ms | 3 |"), "{table}");
        assert!(r.markdown().contains("Every goal that was measured is met."));
    }

    #[test]
    fn a_goal_above_a_baseline_is_judged_on_the_difference() {
        let goal = Goal::MaxAbove { limit: 50.0, unit: "MB".into(), baseline: "the demo's".into() };
        let met = CaseResult::new("m", "M", "e2e", goal.clone()).above(420.0, 375.0);
        assert_eq!(met.met, Some(true));
        assert!((met.ratio_to_goal.unwrap() - 0.9).abs() < 1e-9);
        let missed = CaseResult::new("m", "M", "e2e", goal.clone()).above(620.0, 375.0);
        assert_eq!(missed.met, Some(false));
        assert_eq!(goal_text(&goal), "≤ the demo's + 50 MB");
    }
}
