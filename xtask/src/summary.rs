//! The closing summary of `cargo xtask test`.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
    Skipped,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub outcome: Outcome,
    pub detail: String,
    pub took: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub entries: Vec<Entry>,
}

impl Summary {
    pub fn record(
        &mut self,
        name: impl Into<String>,
        outcome: Outcome,
        detail: impl Into<String>,
        took: Option<Duration>,
    ) {
        self.entries.push(Entry {
            name: name.into(),
            outcome,
            detail: detail.into(),
            took,
        });
    }

    pub fn all_ok(&self) -> bool {
        self.entries.iter().all(|e| e.outcome != Outcome::Failed)
    }

    pub fn render(&self) -> String {
        let width = self.entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
        let mut out = String::from("Summary\n");
        for e in &self.entries {
            let tag = match e.outcome {
                Outcome::Ok => "ok     ",
                Outcome::Failed => "FAILED ",
                Outcome::Skipped => "skipped",
            };
            let took = e
                .took
                .map(|d| format!("  ({})", crate::util::format_duration(d)))
                .unwrap_or_default();
            let detail = if e.detail.is_empty() {
                String::new()
            } else {
                format!("  {}", e.detail)
            };
            out.push_str(&format!(
                "  {tag}  {:width$}{took}{detail}\n",
                e.name,
                width = width
            ));
        }
        let failed = self
            .entries
            .iter()
            .filter(|e| e.outcome == Outcome::Failed)
            .count();
        if failed == 0 {
            out.push_str("All steps succeeded.\n");
        } else {
            out.push_str(&format!("{failed} step(s) FAILED.\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reports_failures() {
        let mut s = Summary::default();
        s.record("packages", Outcome::Ok, "nothing to install", None);
        assert!(s.all_ok());
        s.record(
            "e2e",
            Outcome::Failed,
            "exit status: 101",
            Some(Duration::from_secs(3)),
        );
        s.record("later", Outcome::Skipped, "", None);
        assert!(!s.all_ok());
        let text = s.render();
        assert!(
            text.contains("ok       packages  nothing to install"),
            "{text}"
        );
        assert!(
            text.contains("FAILED   e2e       (3.0s)  exit status: 101"),
            "{text}"
        );
        assert!(text.contains("skipped  later"), "{text}");
        assert!(text.ends_with("1 step(s) FAILED.\n"), "{text}");
    }
}
