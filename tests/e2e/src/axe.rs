//! Accessibility checks with axe-core (WCAG 2.0/2.1 A and AA rules).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The axe-core tags that are checked.
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// One failed axe rule and where it failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<ViolationNode>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViolationNode {
    /// CSS selector(s) of the element (nested lists for iframes/shadow DOM).
    pub target: Value,
    pub html: String,
    pub failure_summary: Option<String>,
}

impl ViolationNode {
    /// The target as one readable selector.
    pub fn selector(&self) -> String {
        fn flat(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::String(s) => out.push(s.clone()),
                Value::Array(items) => items.iter().for_each(|i| flat(i, out)),
                other => out.push(other.to_string()),
            }
        }
        let mut parts = Vec::new();
        flat(&self.target, &mut parts);
        parts.join(" >>> ")
    }
}

/// JavaScript (async WebDriver script) that runs axe and calls back with
/// `{violations: [...]}` or `{error: "..."}`.
pub fn run_script() -> String {
    let tags = serde_json::to_string(WCAG_TAGS).unwrap();
    format!(
        r#"const done = arguments[arguments.length - 1];
window.axe.run(document, {{
  runOnly: {{ type: 'tag', values: {tags} }},
  resultTypes: ['violations']
}}).then(function (r) {{
  done({{ violations: r.violations.map(function (v) {{
    return {{ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(function (n) {{
        return {{ target: n.target, html: n.html, failureSummary: n.failureSummary }};
      }}) }};
  }}) }});
}}, function (e) {{
  done({{ error: String((e && e.stack) || e) }});
}});"#
    )
}

/// A readable report of `violations`, one block per rule.
pub fn format_violations(name: &str, violations: &[Violation]) -> String {
    let mut out = format!(
        "axe: {} accessibility violation(s) on \"{name}\" (rules {}):\n",
        violations.len(),
        WCAG_TAGS.join(", ")
    );
    for v in violations {
        out.push_str(&format!(
            "  [{}] {}: {}\n    {}\n",
            v.impact.as_deref().unwrap_or("?"),
            v.id,
            v.help,
            v.help_url
        ));
        for n in &v.nodes {
            out.push_str(&format!("    - {}\n      {}\n", n.selector(), n.html));
            if let Some(summary) = &n.failure_summary {
                for line in summary.lines() {
                    out.push_str(&format!("        {line}\n"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_formats_violations() {
        let v: Vec<Violation> = serde_json::from_value(json!([{
            "id": "color-contrast",
            "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "helpUrl": "https://example.invalid/color-contrast",
            "nodes": [{
                "target": ["main > p.hint"],
                "html": "<p class=\"hint\">x</p>",
                "failureSummary": "Fix any of the following:\n  low contrast"
            }, {
                "target": [["iframe"], "button"],
                "html": "<button></button>",
                "failureSummary": null
            }]
        }]))
        .unwrap();
        let text = format_violations("start", &v);
        assert!(
            text.contains("1 accessibility violation(s) on \"start\""),
            "{text}"
        );
        assert!(
            text.contains("[serious] color-contrast: Elements must meet"),
            "{text}"
        );
        assert!(text.contains("- main > p.hint"), "{text}");
        assert!(text.contains("- iframe >>> button"), "{text}");
        assert!(text.contains("        low contrast"), "{text}");
    }

    #[test]
    fn script_runs_only_wcag_a_and_aa_tags() {
        let s = run_script();
        assert!(s.contains(r#"["wcag2a","wcag2aa","wcag21a","wcag21aa"]"#));
        assert!(s.contains("arguments[arguments.length - 1]"));
    }
}
