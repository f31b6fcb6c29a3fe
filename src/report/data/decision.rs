//! The decision document (beslutsunderlag): the report on an initiative's draft calculation
//! and/or draft plan, for the meeting that approves them. Every field of the city's template
//! for a proposed initiative (seed 003 §2.2), the drafts with the same tables and chart as an
//! approved version, and, where an approved version exists, what the draft changes. Every
//! page is marked as a draft by the template itself (`decision.typ`), so the mark cannot be
//! left out; an empty field or section says what is missing instead of printing a dash.

use serde::Serialize;

use crate::calc::{self, Scenario};
use crate::format;
use crate::model::calculation::CalcFactor;
use crate::model::initiative::{Assessment, Initiative, Organisation, Phase};
use crate::model::plan::{Indicator, Plan};
use crate::model::{CalcVersion, PlanVersion};
use crate::report::calc_table::{self, Precision};
use crate::report::followup_chart::with_unit as value_with_unit;
use crate::report::ReportError;

use super::common::*;
use super::initiative::{calc_tables, version_row, CalcSection};

/// Appended to what must be in place before the decision.
const REQUIRED: &str = " – krävs innan beslut";

/// What the decision document reads: the initiative, every version of its calculation and
/// plan, and the factors to compute them with.
#[derive(Debug, Clone)]
pub struct DecisionSource {
    pub register_name: String,
    /// The document's date.
    pub date: chrono::NaiveDate,
    /// The supplier's name (leverantör).
    pub supplier: String,
    pub initiative: Initiative,
    pub calculation_versions: Vec<CalcVersion>,
    /// The frozen factors of the latest approved calculation; empty without one.
    pub approved_factors: Vec<CalcFactor>,
    /// The register's present factors, which a draft calculation is computed with; empty
    /// without a draft.
    pub draft_factors: Vec<CalcFactor>,
    pub plan_versions: Vec<PlanVersion>,
    /// Every organisation of the register: the customers' and realising organisations' names.
    pub organisations: Vec<Organisation>,
    /// The body that follows the initiative: its supplier's own, else the register's.
    pub governing_body: String,
    /// The names of the goal areas it links to (a retired one marked so).
    pub goal_areas: Vec<String>,
}

/// One field of the template: its label and value, or what is missing in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub label: String,
    /// The value as written, or the sentence saying what is missing.
    pub value: String,
    pub missing: bool,
}

/// A part of the template (Strategisk del, Informationssäkerhet, …).
#[derive(Debug, Clone, Serialize)]
pub struct FieldGroup {
    pub title: String,
    pub fields: Vec<Field>,
}

/// Which version of a document the decision document shows, and why.
#[derive(Debug, Clone, Serialize)]
pub struct VersionState {
    /// True for a draft awaiting approval, false for the approved version that stays.
    pub draft: bool,
    /// "Version 2 – utkast, väntar på godkännande" or "Version 1 – godkänd …, ändras inte".
    pub heading: String,
    /// Why the draft exists (from version 2), with the version it was copied from.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalcPart {
    /// `None` without any calculation: `missing` says so.
    pub state: Option<VersionState>,
    /// What is missing or keeps the calculation from being computed.
    pub missing: Vec<String>,
    pub tables: Option<CalcSection>,
    /// The draft against the approved version it replaces.
    pub comparison: Option<CalcComparison>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalcComparison {
    /// "Jämfört med godkänd version 1 (godkänd 2025-03-11 av …)".
    pub against: String,
    /// Figure, approved, draft — the likely scenario.
    pub figures: Vec<Vec<String>>,
    /// One sentence per changed setting or line; empty when nothing changed.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanPart {
    pub state: Option<VersionState>,
    pub missing: Vec<String>,
    pub benefits: Vec<DraftBenefit>,
    /// Indicator, direction, baseline, targets, measured by, method: a missing value is the
    /// sentence saying so.
    pub indicators: Vec<Vec<String>>,
    pub prerequisites: Vec<String>,
    pub risks: Vec<String>,
    /// The register's own check of the draft: what stops its approval.
    pub blocking: Vec<String>,
    /// The draft against the approved version it replaces: one sentence per change.
    pub changes: Option<Vec<String>>,
    /// "Jämfört med version 1, godkänd …" with `changes`.
    pub against: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftBenefit {
    pub name: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionDocument {
    pub title: String,
    pub register: String,
    pub header: String,
    pub date: String,
    pub footer: String,
    pub code: String,
    pub name: String,
    /// What awaits approval and what stays: one line per document.
    pub awaiting: Vec<Field>,
    /// Everything missing in the document, each with the part it is missing from.
    pub missing: Vec<String>,
    pub groups: Vec<FieldGroup>,
    pub calculation: CalcPart,
    pub plan: PlanPart,
    /// Document, version, status, approval, reason.
    pub versions: Vec<Vec<String>>,
}

/// The decision document's data. Refused when the initiative has neither a draft
/// calculation nor a draft plan: there is nothing to decide, and the approved versions are
/// the initiative report's.
pub fn decision(source: &DecisionSource) -> Result<Report<DecisionDocument>, ReportError> {
    let f = &source.initiative.fields;
    let draft_calc = source.calculation_versions.iter().rfind(|v| !v.is_approved());
    let draft_plan = source.plan_versions.iter().rfind(|v| !v.is_approved());
    if draft_calc.is_none() && draft_plan.is_none() {
        return Err(ReportError::NoDraft(f.code.clone()));
    }
    let mut charts = Charts::default();
    let groups = template_fields(source);
    let calculation = calc_part(source, &mut charts);
    let plan = plan_part(source, shown_calculation(source));

    let mut missing: Vec<String> = Vec::new();
    for g in &groups {
        missing.extend(g.fields.iter().filter(|x| x.missing).map(|x| format!("{} – {}: {}", g.title, x.label, x.value)));
    }
    // An approved version that stays is not decided on: its gaps show where they are, but
    // the list of what to complete before the decision holds the drafts' and what is missing.
    let decided = |state: &Option<VersionState>| state.as_ref().is_none_or(|s| s.draft);
    if decided(&calculation.state) {
        missing.extend(calculation.missing.iter().map(|m| format!("Nyttokalkyl: {m}")));
    }
    if decided(&plan.state) {
        missing.extend(plan.missing.iter().map(|m| format!("Nyttorealiseringsplan: {m}")));
    }

    let awaiting = vec![
        awaiting_field("Nyttokalkyl", calculation.state.as_ref(), "Ingen nyttokalkyl"),
        awaiting_field("Nyttorealiseringsplan", plan.state.as_ref(), "Ingen nyttorealiseringsplan"),
    ];

    // The initiative report's version table, with words where it has dashes.
    let mut versions = Vec::new();
    let calcs = source.calculation_versions.iter().map(|v| ("Nyttokalkyl", v.version, v.status, v.approval.as_ref(), &v.reason));
    let plans = source.plan_versions.iter().map(|v| ("Nyttorealiseringsplan", v.version, v.status, v.approval.as_ref(), &v.reason));
    for (document, version, status, approval, reason) in calcs.chain(plans) {
        let approved = status == crate::model::VersionStatus::Approved;
        let mut row = version_row(document, version, status.label(), approval.filter(|_| approved), reason);
        if !approved {
            row[3] = "Väntar på godkännande".into();
        }
        if reason.trim().is_empty() {
            row[4] = if version == 1 { "Första versionen".into() } else { "Inget skäl angivet".into() };
        }
        versions.push(row);
    }

    let date = format::date(source.date);
    let data = DecisionDocument {
        title: "Beslutsunderlag (utkast)".into(),
        register: source.register_name.clone(),
        header: running_head(&source.register_name),
        date: date.clone(),
        footer: format!("{date} · {}", f.code),
        code: f.code.clone(),
        name: f.name.clone(),
        awaiting,
        missing,
        groups,
        calculation,
        plan,
        versions,
    };
    let ident = format!("{}|{}|{date}|utkast", source.register_name, f.code);
    Ok(Report { data, charts: charts.0, ident })
}

fn awaiting_field(label: &str, state: Option<&VersionState>, none: &str) -> Field {
    match state {
        Some(s) => Field { label: label.into(), value: s.heading.clone(), missing: false },
        None => Field { label: label.into(), value: format!("{none}{REQUIRED}"), missing: true },
    }
}

/// A text field, or `missing` in its place.
fn text(label: &str, value: &str, missing: &str) -> Field {
    if value.trim().is_empty() {
        Field { label: label.into(), value: missing.into(), missing: true }
    } else {
        Field { label: label.into(), value: value.trim().to_string(), missing: false }
    }
}

fn given(label: &str, value: impl Into<String>) -> Field {
    Field { label: label.into(), value: value.into(), missing: false }
}

fn choice(label: &str, value: Option<&str>, missing: &str) -> Field {
    text(label, value.unwrap_or(""), missing)
}

/// A JA/NEJ question with its comment: "Ja. Kommentar", or "Ej besvarad".
fn assessment(label: &str, a: &Assessment) -> Field {
    let answer = match a.done {
        Some(true) => "Ja",
        Some(false) => "Nej",
        None if a.comment.trim().is_empty() => return text(label, "", "Ej besvarad"),
        None => "Ej besvarad",
    };
    let value = if a.comment.trim().is_empty() { answer.to_string() } else { format!("{answer}. {}", a.comment.trim()) };
    given(label, value)
}

fn amount(label: &str, value: Option<rust_decimal::Decimal>, missing: &str) -> Field {
    match value {
        Some(v) => given(label, format::kr(v)),
        None => text(label, "", missing),
    }
}

/// Every field of the template for a proposed initiative (seed 003 §2.2), in its order and
/// parts, as the register holds them.
fn template_fields(source: &DecisionSource) -> Vec<FieldGroup> {
    let f = &source.initiative.fields;
    let orgs = &source.organisations;
    let name = |id: i64| {
        orgs.iter().find(|o| o.id == id).map_or_else(|| format!("Okänd organisation (nummer {id})"), |o| o.name.clone())
    };
    let mut customers: Vec<String> = f.customer_ids.iter().map(|id| name(*id)).collect();
    customers.sort();
    let date = |label: &str, d: Option<chrono::NaiveDate>, missing: &str| match d {
        Some(d) => given(label, format::date(d)),
        None => text(label, "", missing),
    };
    let required = |what: &str| format!("{what}{REQUIRED}");

    let mut basics = vec![
        given("Namn på förändringsinsats", f.name.clone()),
        given("Kod", f.code.clone()),
        text("Leverantör", &source.supplier, "Ingen leverantör angiven"),
        text(
            if customers.len() == 1 { "Kund – realiserar nyttan" } else { "Kunder – realiserar nyttan" },
            &customers.join(", "),
            &required("Ingen kund angiven"),
        ),
        given("Fas", f.phase.label()),
        given(
            &crate::model::register_lists::tracked_label(&source.governing_body),
            if f.council_tracked { "Ja" } else { "Nej" },
        ),
        choice("Kategori", f.category.map(|c| c.label()), "Ingen kategori angiven"),
        text("Beställare", &f.sponsor, &required("Ingen beställare angiven")),
        text("Projektledare", &f.project_manager, "Ingen projektledare angiven"),
        date("Start", f.start_date, "Inget startdatum angivet"),
        date("Driftsättning", f.go_live_date, "Inget datum för driftsättning angivet – krävs för uppföljningen vid 6 och 12 månader"),
        date("Slut", f.end_date, "Inget slutdatum angivet"),
    ];
    if f.phase == Phase::Struken {
        basics.push(text("Skäl till att insatsen ströks", &f.struck_reason, "Inget skäl angivet"));
    }
    let effect_goals: Vec<String> =
        f.effect_goals.iter().map(|g| g.trim()).filter(|g| !g.is_empty()).map(|g| format!("• {g}")).collect();
    let strategic = vec![
        text("Behovsbeskrivning", &f.need, &required("Ingen behovsbeskrivning angiven")),
        text(
            "Kopplat till befintlig bastjänst eller infratjänst",
            &f.base_service,
            "Ingen bastjänst eller infratjänst angiven",
        ),
        text("Nytta", &f.benefit, &required("Ingen nytta beskriven")),
        text("Effektmål", &effect_goals.join("\n"), &required("Inga effektmål angivna")),
        text("Projektmål", &f.project_goals, "Inga projektmål angivna"),
        choice("Intern – extern nytta", f.benefit_reach.map(|v| v.label()), "Ej angivet om nyttan är intern eller extern"),
        choice(
            "Effektivitet – innovation",
            f.change_kind.map(|v| v.label()),
            "Ej angivet om insatsen gäller effektivitet eller innovation",
        ),
        choice(
            "Kommer arbetet bedrivas i projektform?",
            f.project_form.map(|p| if p { "Ja" } else { "Nej" }),
            "Ej besvarad",
        ),
        text(
            "Dokumenterad koppling till beslutade mål (KF budget, program, planer, Agenda 2030)",
            &f.goal_link,
            "Ingen koppling till beslutade mål angiven",
        ),
        text("Målområden", &source.goal_areas.join("\n"), "Inget målområde angivet"),
        choice(
            "Komplexitet – kundperspektiv",
            f.complexity_customer.map(|v| v.label()),
            &required("Ingen bedömning av komplexiteten för kunderna"),
        ),
        choice(
            "Komplexitet – leverantörsperspektiv",
            f.complexity_supplier.map(|v| v.label()),
            &required("Ingen bedömning av komplexiteten för leverantören"),
        ),
    ];
    let security = vec![
        assessment("Är informationsklassning genomförd?", &f.information_classification),
        assessment("Tröskel- och konsekvensanalys genomförd?", &f.threshold_analysis),
    ];
    let technical = vec![
        assessment(
            "Är teknisk bedömning / IT-säkerhetsbedömning genomförd utifrån informationsklassning?",
            &f.security_assessment,
        ),
        assessment("Är arkitekturbedömning genomförd?", &f.architecture_assessment),
        assessment("Får påverkan på digital infrastruktur?", &f.infrastructure_impact),
    ];
    let rc = &f.running_cost;
    let years: Vec<String> = rc.years.iter().map(|y| format!("{}: {}", y.year, format::kr(y.amount))).collect();
    let mut economy = vec![amount("Total projektbudget", f.project_budget, &required("Ingen projektbudget angiven"))];
    // Amounts per year and a comment, the comment alone (the template's "påverkar inte
    // förvaltningskostnaderna"), or nothing: then it is missing.
    match (years.is_empty(), rc.comment.trim().is_empty()) {
        (false, comment_empty) => {
            economy.push(given("Påverkan förvaltningskostnad per år", years.join("\n")));
            if !comment_empty {
                economy.push(given("Kommentar förvaltningskostnad", rc.comment.trim()));
            }
        }
        (true, false) => economy.push(given("Påverkan förvaltningskostnad", rc.comment.trim())),
        (true, true) => economy.push(text(
            "Påverkan förvaltningskostnad",
            "",
            "Ingen påverkan på förvaltningskostnaden angiven",
        )),
    }
    economy.extend([
        choice("Finansieringsform", f.financing.map(|v| v.label()), "Ingen finansieringsform angiven"),
        text("Kundgrupp som finansierar", &f.customer_group, "Ingen kundgrupp angiven"),
    ]);
    if f.financing.is_some_and(|v| v.is_shared()) {
        economy.push(text(
            "Förslag fördelningsnyckel",
            &f.allocation_key,
            &required("Ingen fördelningsnyckel angiven; den behövs vid kostnadsfördelning"),
        ));
    }
    let mut groups = vec![
        FieldGroup { title: "Grunduppgifter".into(), fields: basics },
        FieldGroup { title: "Strategisk del".into(), fields: strategic },
        FieldGroup { title: "Informationssäkerhet".into(), fields: security },
        FieldGroup { title: "Teknisk del".into(), fields: technical },
        FieldGroup { title: "Ekonomisk del".into(), fields: economy },
    ];
    if !f.deviation_comment.trim().is_empty() {
        groups.push(FieldGroup {
            title: "Avvikelser".into(),
            fields: vec![given("Kommentar avvikelser", f.deviation_comment.trim())],
        });
    }
    groups
}

fn reason_text(reason: &str, based_on: Option<u32>) -> Option<String> {
    let based = based_on.map(|b| format!("Bygger på version {b}."));
    match (reason.trim(), based) {
        ("", None) => None,
        ("", Some(b)) => Some(b),
        (r, None) => Some(format!("Skäl till den nya versionen: {r}")),
        (r, Some(b)) => Some(format!("Skäl till den nya versionen: {r} {b}")),
    }
}

fn draft_state(version: u32, reason: &str, based_on: Option<u32>) -> VersionState {
    VersionState {
        draft: true,
        heading: format!("Version {version} – utkast, väntar på godkännande"),
        reason: reason_text(reason, based_on),
    }
}

fn approved_state(describe: &str) -> VersionState {
    VersionState {
        draft: false,
        heading: format!("{} – gäller och ändras inte i detta beslut", capitalise(describe)),
        reason: None,
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn calc_part(source: &DecisionSource, charts: &mut Charts) -> CalcPart {
    let versions = &source.calculation_versions;
    let code = &source.initiative.fields.code;
    let approved = super::initiative::approved_calculation(versions);
    let draft = versions.iter().rfind(|v| !v.is_approved());
    let (shown, factors, state) = match (draft, approved) {
        (Some(d), _) => (d, &source.draft_factors, draft_state(d.version, &d.reason, d.based_on)),
        (None, Some(a)) => (a, &source.approved_factors, approved_state(&a.describe())),
        (None, None) => {
            return CalcPart {
                state: None,
                missing: vec![format!("Ingen nyttokalkyl{REQUIRED}")],
                tables: None,
                comparison: None,
            }
        }
    };
    let mut missing = Vec::new();
    if shown.calculation.lines.is_empty() {
        missing.push(format!("Kalkylen har inga rader: ange nyttor och kostnader{REQUIRED}"));
    }
    let (tables, result) = match calc::calculate(&shown.calculation, factors) {
        Ok(result) => (Some(calc_tables(shown, factors, &result, code, charts)), Some(result)),
        Err(errors) => {
            missing.extend(errors.0.iter().map(|e| format!("Kalkylen kan inte räknas: {}", e.message)));
            (None, None)
        }
    };
    let comparison = match (draft, approved, result) {
        (Some(d), Some(a), result) => Some(calc_comparison(a, &source.approved_factors, d, result.as_ref())),
        _ => None,
    };
    CalcPart { state: Some(state), missing, tables, comparison }
}

/// The draft's likely figures beside the approved version's and what changed line by line
/// (`calc::diff`).
fn calc_comparison(
    approved: &CalcVersion,
    approved_factors: &[CalcFactor],
    draft: &CalcVersion,
    draft_result: Option<&calc::CalculationResult>,
) -> CalcComparison {
    let likely = |result: Option<&calc::CalculationResult>| -> Vec<(String, String)> {
        result
            .map(|r| {
                calc_table::result_rows(r, Precision::Kronor)
                    .into_iter()
                    .map(|row| (row.label.to_string(), row.values[Scenario::ALL.iter().position(|s| *s == Scenario::Likely).unwrap_or(1)].clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let old_result = calc::calculate(&approved.calculation, approved_factors).ok();
    let old = likely(old_result.as_ref());
    let new = likely(draft_result);
    let cannot = "Kan inte räknas";
    let labels: Vec<&String> = if old.is_empty() { new.iter().map(|(l, _)| l).collect() } else { old.iter().map(|(l, _)| l).collect() };
    let figures = labels
        .into_iter()
        .map(|label| {
            let find = |list: &[(String, String)]| {
                list.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone()).unwrap_or_else(|| cannot.to_string())
            };
            vec![label.clone(), find(&old), find(&new)]
        })
        .collect();
    let diff = calc::diff(&approved.calculation, &draft.calculation);
    CalcComparison {
        against: format!("Jämfört med {}", approved.describe()),
        figures,
        changes: diff.summary(),
    }
}

/// The calculation the document shows: the draft, else the latest approved version.
fn shown_calculation(source: &DecisionSource) -> Option<&CalcVersion> {
    let versions = &source.calculation_versions;
    versions.iter().rfind(|v| !v.is_approved()).or_else(|| super::initiative::approved_calculation(versions))
}

/// A benefit's linked calculation line as "rad 2: Kortare återsökning …" of the calculation
/// shown, or its key when that calculation has no such line.
fn calculation_line(calculation: Option<&CalcVersion>, key: &str) -> Field {
    let line = calculation.and_then(|c| c.calculation.lines.iter().position(|l| l.key == key).map(|n| (n, &c.calculation.lines[n])));
    match line {
        Some((n, l)) => given("Kalkylrad", format!("Rad {}: {}", n + 1, l.description.trim())),
        None => given("Kalkylrad", format!("{key} (finns inte i den visade kalkylen)")),
    }
}

fn plan_part(source: &DecisionSource, calculation: Option<&CalcVersion>) -> PlanPart {
    let versions = &source.plan_versions;
    let approved = versions.iter().rfind(|v| v.is_approved());
    let draft = versions.iter().rfind(|v| !v.is_approved());
    let (shown, state) = match (draft, approved) {
        (Some(d), _) => (d, draft_state(d.version, &d.reason, d.based_on)),
        (None, Some(a)) => (a, approved_state(&a.describe())),
        (None, None) => {
            return PlanPart {
                state: None,
                missing: vec![format!("Ingen nyttorealiseringsplan{REQUIRED}")],
                benefits: Vec::new(),
                indicators: Vec::new(),
                prerequisites: Vec::new(),
                risks: Vec::new(),
                blocking: Vec::new(),
                changes: None,
                against: None,
            }
        }
    };
    let plan = &shown.plan;
    let mut missing = Vec::new();
    if plan.benefits.is_empty() {
        missing.push(format!("Inga nyttor angivna{REQUIRED}"));
    }
    let benefits = plan
        .benefits
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let name = if b.name.trim().is_empty() { format!("Nytta {} (namn saknas)", n + 1) } else { b.name.trim().to_string() };
            let mut fields = vec![
                text("Förändring", &b.change, "Ingen förändring beskriven"),
                text("Effekt", &b.effect, "Ingen effekt beskriven"),
                text("Effektmål", &b.goal, "Inget effektmål angivet"),
                text("Nyttoägare", &b.owner, &format!("Ingen nyttoägare angiven{REQUIRED}")),
                match b.realised_by {
                    Some(by) => given(
                        "Realiseras av",
                        source.organisations.iter().find(|o| o.id == by).map_or_else(
                            || format!("Okänd organisation (nummer {by})"),
                            |o| o.name.clone(),
                        ),
                    ),
                    None => text("Realiseras av", "", "Ingen kund angiven som realiserar nyttan"),
                },
                text(
                    "Indikatorer",
                    &b.indicators.iter().map(|i| i.code.clone()).collect::<Vec<_>>().join(", "),
                    &format!("Nyttan saknar indikator{REQUIRED}"),
                ),
            ];
            if let Some(line) = &b.calculation_line {
                fields.insert(5, calculation_line(calculation, line));
            }
            missing.extend(fields.iter().filter(|x| x.missing).map(|x| format!("{name}: {}", x.value)));
            DraftBenefit { name, fields }
        })
        .collect();
    if !plan.benefits.is_empty() && plan.indicators().next().is_none() {
        missing.push(format!("Inga indikatorer angivna{REQUIRED}"));
    }
    let indicators = plan
        .indicators()
        .map(|(_, i)| {
            let row = indicator_row(i);
            for m in indicator_missing(i) {
                missing.push(format!("Indikatorn {}: {m}", i.code));
            }
            row
        })
        .collect();
    if plan.prerequisites.is_empty() {
        missing.push("Inga förutsättningar angivna".into());
    }
    if plan.risks.is_empty() {
        missing.push("Inga risker angivna".into());
    }
    let blocking = if shown.is_approved() { Vec::new() } else { plan.validate().into_iter().map(|e| e.message).collect() };
    let (changes, against) = match (draft, approved) {
        (Some(d), Some(a)) => (Some(plan_changes(&a.plan, &d.plan)), Some(format!("Jämfört med {}", a.describe()))),
        _ => (None, None),
    };
    PlanPart {
        state: Some(state),
        missing,
        benefits,
        indicators,
        prerequisites: plan.prerequisites.clone(),
        risks: plan.risks.clone(),
        blocking,
        changes,
        against,
    }
}

/// The months of the follow-up's checkpoints that every indicator should have a target for.
const CHECKPOINT_MONTHS: [u32; 2] = [6, 12];

fn indicator_missing(i: &Indicator) -> Vec<String> {
    let mut missing = Vec::new();
    if i.baseline.is_none() {
        missing.push("Indikatorn saknar baslinje".to_string());
    }
    for m in CHECKPOINT_MONTHS {
        if !i.targets.iter().any(|t| t.months_after_go_live == m) {
            missing.push(format!("Målvärde vid {} saknas", months_label(m)));
        }
    }
    if i.measured_by.trim().is_empty() {
        missing.push("Ingen mätansvarig angiven".into());
    }
    if [&i.method, &i.frequency, &i.data_source].iter().all(|t| t.trim().is_empty()) {
        missing.push("Ingen metod, frekvens eller datakälla angiven".into());
    }
    missing
}

fn indicator_row(i: &Indicator) -> Vec<String> {
    let baseline = i
        .baseline
        .as_ref()
        .map(|b| format!("{}\n({})", value_with_unit(b.value, &i.unit), format::date(b.date)))
        .unwrap_or_else(|| "Indikatorn saknar baslinje".into());
    // The targets given and the checkpoints' missing ones, in month order.
    let mut targets: Vec<(u32, String)> = i
        .sorted_targets()
        .iter()
        .map(|t| (t.months_after_go_live, value_with_unit(t.value, &i.unit)))
        .collect();
    for m in CHECKPOINT_MONTHS {
        if !i.targets.iter().any(|t| t.months_after_go_live == m) {
            targets.push((m, "saknas".into()));
        }
    }
    targets.sort_by_key(|(m, _)| *m);
    let targets: Vec<String> = targets.into_iter().map(|(m, v)| format!("{}: {v}", months_label(m))).collect();
    let method: Vec<&str> =
        [i.method.as_str(), i.frequency.as_str(), i.data_source.as_str()].into_iter().map(str::trim).filter(|t| !t.is_empty()).collect();
    vec![
        format!("{} – {}", i.code, i.name),
        i.direction.label().to_string(),
        baseline,
        targets.join("\n"),
        if i.measured_by.trim().is_empty() { "Ingen mätansvarig angiven".into() } else { i.measured_by.trim().to_string() },
        if method.is_empty() { "Ingen metod, frekvens eller datakälla angiven".into() } else { method.join("\n") },
    ]
}

/// What a draft plan changes against the approved one, one sentence each: benefits and
/// indicators added or removed (by name and code), and changed baselines and targets.
fn plan_changes(old: &Plan, new: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let names = |p: &Plan| p.benefits.iter().map(|b| b.name.trim().to_string()).collect::<Vec<_>>();
    let (old_names, new_names) = (names(old), names(new));
    for n in old_names.iter().filter(|n| !new_names.contains(n)) {
        out.push(format!("Borttagen nytta: ”{n}”"));
    }
    for n in new_names.iter().filter(|n| !old_names.contains(n)) {
        out.push(format!("Ny nytta: ”{n}”"));
    }
    for (_, i) in old.indicators() {
        if new.indicator(&i.code).is_none() {
            out.push(format!("Borttagen indikator: {} – {}", i.code, i.name));
        }
    }
    let show = |v: Option<rust_decimal::Decimal>, unit: &str| v.map(|v| value_with_unit(v, unit)).unwrap_or_else(|| "saknas".into());
    for (_, i) in new.indicators() {
        let Some(o) = old.indicator(&i.code) else {
            out.push(format!("Ny indikator: {} – {}", i.code, i.name));
            continue;
        };
        let (ob, nb) = (o.baseline.as_ref().map(|b| b.value), i.baseline.as_ref().map(|b| b.value));
        if ob != nb {
            out.push(format!("{}, baslinje: {} → {}", i.code, show(ob, &o.unit), show(nb, &i.unit)));
        }
        let mut months: Vec<u32> = o.targets.iter().chain(&i.targets).map(|t| t.months_after_go_live).collect();
        months.sort_unstable();
        months.dedup();
        for m in months {
            let at = |x: &Indicator| x.targets.iter().find(|t| t.months_after_go_live == m).map(|t| t.value);
            if at(o) != at(i) {
                out.push(format!("{}, mål {}: {} → {}", i.code, months_label(m), show(at(o), &o.unit), show(at(i), &i.unit)));
            }
        }
    }
    for (label, o, n) in [("förutsättning", &old.prerequisites, &new.prerequisites), ("risk", &old.risks, &new.risks)] {
        for x in o.iter().filter(|x| !n.contains(x)) {
            out.push(format!("Borttagen {label}: ”{x}”"));
        }
        for x in n.iter().filter(|x| !o.contains(x)) {
            out.push(format!("Ny {label}: ”{x}”"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::calculation::Calculation;
    use crate::model::initiative::InitiativeFields;
    use crate::model::plan::{Benefit, Direction};
    use crate::model::{Approval, VersionStatus};

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
    }

    fn source(fields: InitiativeFields) -> DecisionSource {
        DecisionSource {
            register_name: "Testregistret".into(),
            date: date(),
            supplier: "Stadsledningskontoret".into(),
            initiative: Initiative { id: 1, row_version: 1, fields },
            calculation_versions: Vec::new(),
            approved_factors: Vec::new(),
            draft_factors: Vec::new(),
            plan_versions: Vec::new(),
            organisations: Vec::new(),
            governing_body: "digitaliseringsrådet".into(),
            goal_areas: Vec::new(),
        }
    }

    fn blank() -> InitiativeFields {
        InitiativeFields { code: "NR-2026-009".into(), name: "Ny insats".into(), ..InitiativeFields::blank(1) }
    }

    fn plan_version(version: u32, plan: Plan, approved: bool) -> PlanVersion {
        PlanVersion {
            id: i64::from(version),
            initiative_id: 1,
            version,
            status: if approved { VersionStatus::Approved } else { VersionStatus::Draft },
            plan,
            reason: if version > 1 { "Målet sänks efter rådets beslut.".into() } else { String::new() },
            based_on: (version > 1).then_some(version - 1),
            created_by: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            approval: approved.then(|| Approval {
                approved_by: "Digitaliseringsrådet".into(),
                approved_at: date(),
                decision_ref: "DR 2026-10-01 §3".into(),
            }),
            row_version: 1,
        }
    }

    fn calc_version(version: u32, approved: bool) -> CalcVersion {
        CalcVersion {
            id: i64::from(version),
            initiative_id: 1,
            version,
            status: if approved { VersionStatus::Approved } else { VersionStatus::Draft },
            calculation: Calculation::new(2026),
            factors: Vec::new(),
            reason: String::new(),
            based_on: None,
            created_by: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            approval: approved.then(|| Approval {
                approved_by: "Digitaliseringsrådet".into(),
                approved_at: date(),
                decision_ref: "DR 2026-10-01 §3".into(),
            }),
            row_version: 1,
        }
    }

    /// One benefit with one indicator that has nothing but its code, name and direction.
    fn bare_plan() -> Plan {
        Plan {
            benefits: vec![Benefit {
                name: "Kortare handläggning".into(),
                indicators: vec![Indicator::new("HTID", "Handläggningstid", Direction::LowerIsBetter)],
                ..Benefit::default()
            }],
            prerequisites: Vec::new(),
            risks: Vec::new(),
        }
    }

    /// Every string of the document's data.
    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    #[test]
    fn without_a_draft_there_is_no_decision_document() {
        let mut s = source(blank());
        assert!(matches!(decision(&s), Err(ReportError::NoDraft(code)) if code == "NR-2026-009"));
        s.plan_versions.push(plan_version(1, bare_plan(), true));
        s.calculation_versions.push(calc_version(1, true));
        let error = decision(&s).err().expect("approved versions only: refused");
        assert!(error.to_string().contains("har inget utkast"), "{error}");
    }

    #[test]
    fn every_empty_field_and_section_says_what_is_missing_never_a_dash() {
        let mut s = source(blank());
        s.plan_versions.push(plan_version(1, bare_plan(), false));
        let report = decision(&s).unwrap();
        let d = &report.data;
        let missing = d.missing.join("\n");
        for expected in [
            "Strategisk del – Effektmål: Inga effektmål angivna – krävs innan beslut",
            "Strategisk del – Behovsbeskrivning: Ingen behovsbeskrivning angiven – krävs innan beslut",
            "Strategisk del – Nytta: Ingen nytta beskriven – krävs innan beslut",
            "Strategisk del – Komplexitet – kundperspektiv: Ingen bedömning av komplexiteten för kunderna – krävs innan beslut",
            "Grunduppgifter – Beställare: Ingen beställare angiven – krävs innan beslut",
            "Grunduppgifter – Driftsättning: Inget datum för driftsättning angivet",
            "Informationssäkerhet – Är informationsklassning genomförd?: Ej besvarad",
            "Teknisk del – Får påverkan på digital infrastruktur?: Ej besvarad",
            "Ekonomisk del – Total projektbudget: Ingen projektbudget angiven – krävs innan beslut",
            "Ekonomisk del – Påverkan förvaltningskostnad: Ingen påverkan på förvaltningskostnaden angiven",
            "Ekonomisk del – Finansieringsform: Ingen finansieringsform angiven",
            "Nyttokalkyl: Ingen nyttokalkyl – krävs innan beslut",
            "Nyttorealiseringsplan: Kortare handläggning: Ingen nyttoägare angiven – krävs innan beslut",
            "Nyttorealiseringsplan: Kortare handläggning: Ingen effekt beskriven",
            "Nyttorealiseringsplan: Indikatorn HTID: Indikatorn saknar baslinje",
            "Nyttorealiseringsplan: Indikatorn HTID: Målvärde vid 6\u{a0}mån saknas",
            "Nyttorealiseringsplan: Indikatorn HTID: Målvärde vid 12\u{a0}mån saknas",
            "Nyttorealiseringsplan: Indikatorn HTID: Ingen mätansvarig angiven",
            "Nyttorealiseringsplan: Inga förutsättningar angivna",
            "Nyttorealiseringsplan: Inga risker angivna",
        ] {
            assert!(missing.contains(expected), "{expected} saknas i:\n{missing}");
        }
        assert_eq!(d.indicators_cell(2), "Indikatorn saknar baslinje");
        assert!(d.plan.blocking.iter().any(|b| b.contains("nyttoägare saknas")), "{:?}", d.plan.blocking);
        assert_eq!(d.awaiting[0].value, "Ingen nyttokalkyl – krävs innan beslut");
        assert!(d.awaiting[0].missing);
        assert_eq!(d.awaiting[1].value, "Version 1 – utkast, väntar på godkännande");

        let json = serde_json::to_value(d).unwrap();
        let mut all = Vec::new();
        strings(&json, &mut all);
        let dashes: Vec<&String> = all.iter().filter(|t| matches!(t.trim(), "–" | "—" | "-" | "")).collect();
        assert!(dashes.is_empty(), "a dash or a blank instead of what is missing: {dashes:?}");
    }

    #[test]
    fn a_plan_without_benefits_and_a_calculation_without_lines_say_so() {
        let mut s = source(blank());
        s.plan_versions.push(plan_version(1, Plan::default(), false));
        s.calculation_versions.push(calc_version(1, false));
        let d = decision(&s).unwrap().data;
        let missing = d.missing.join("\n");
        assert!(missing.contains("Nyttorealiseringsplan: Inga nyttor angivna – krävs innan beslut"), "{missing}");
        assert!(missing.contains("Nyttokalkyl: Kalkylen har inga rader: ange nyttor och kostnader – krävs innan beslut"), "{missing}");
        assert!(d.plan.blocking.iter().any(|b| b.starts_with("Planen saknar nyttor")), "{:?}", d.plan.blocking);
        assert!(d.calculation.state.as_ref().unwrap().draft);
    }

    #[test]
    fn a_draft_beside_an_approved_version_says_which_is_which_and_what_changed() {
        let mut s = source(InitiativeFields { effect_goals: vec!["Kortare väntetid".into()], ..blank() });
        let mut approved = bare_plan();
        approved.benefits[0].indicators[0].targets = vec![crate::model::plan::Target {
            months_after_go_live: 6,
            value: rust_decimal::Decimal::from(20),
        }];
        let mut draft = approved.clone();
        draft.benefits[0].indicators[0].targets[0].value = rust_decimal::Decimal::from(25);
        draft.risks.push("Leverantören hinner inte.".into());
        s.plan_versions = vec![plan_version(1, approved, true), plan_version(2, draft, false)];
        s.calculation_versions.push(calc_version(1, true));
        let d = decision(&s).unwrap().data;

        let plan = d.plan.state.as_ref().unwrap();
        assert!(plan.draft);
        assert_eq!(plan.heading, "Version 2 – utkast, väntar på godkännande");
        assert_eq!(
            plan.reason.as_deref(),
            Some("Skäl till den nya versionen: Målet sänks efter rådets beslut. Bygger på version 1.")
        );
        assert!(d.plan.against.as_deref().unwrap().starts_with("Jämfört med version 1, godkänd 2026-10-31 av Digitaliseringsrådet"), "{:?}", d.plan.against);
        assert_eq!(
            d.plan.changes.as_deref().unwrap(),
            ["HTID, mål 6\u{a0}mån: 20 → 25", "Ny risk: ”Leverantören hinner inte.”"]
        );

        let calc = d.calculation.state.as_ref().unwrap();
        assert!(!calc.draft, "the approved calculation stays and is not called a draft");
        assert!(calc.heading.starts_with("Version 1, godkänd 2026-10-31"), "{}", calc.heading);
        assert!(calc.heading.ends_with("gäller och ändras inte i detta beslut"));
        assert!(d.calculation.comparison.is_none());
        // The calculation's version, then the plan's two.
        assert_eq!(d.versions[1][3], "2026-10-31 av Digitaliseringsrådet (DR 2026-10-01 §3)");
        assert_eq!(d.versions[1][4], "Första versionen");
        assert_eq!(d.versions[2][3], "Väntar på godkännande");
        assert_eq!(d.versions[2][4], "Målet sänks efter rådets beslut.");
    }

    impl DecisionDocument {
        fn indicators_cell(&self, column: usize) -> &str {
            &self.plan.indicators[0][column]
        }
    }
}
