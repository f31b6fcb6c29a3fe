//! The annual analysis (seed 003, "Årlig analys av digital utveckling och förvaltning") of one
//! supplier and year: the document as values ([`AnnualAnalysis`], assembled from the register
//! by `app::annual_analysis`) and the same document as a list of [`Block`]s in the template's
//! order and words ([`blocks`]), which both writers lay out: the typst template
//! (`templates/annual.typ`, PDF) and the Word writer ([`super::docx`], .docx). Everything a
//! reader sees is worded and formatted here once, so the PDF and the Word document cannot say
//! different things.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::format;
use crate::model::annual_analysis::Section;
use crate::model::costs::{AnalysisFigures, KindFigures, ServiceFigures, SupplierYear};
use crate::model::initiative::{Assessment, BenefitReach, ChangeKind, Gap, Initiative, Phase, StatusReportFields};

/// The template's title; the year follows.
pub const TITLE: &str = "Årlig analys av digital utveckling och förvaltning";

/// One supplier's annual analysis for one year, as values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualAnalysis {
    pub register: String,
    /// The supplier (leverantör) and the nämnd that governs it.
    pub organisation: String,
    pub committee: String,
    /// The year the analysis is for (the template's title year).
    pub year: i32,
    /// The day it was made as of (the register's date).
    pub date: NaiveDate,
    pub harvest: Harvest,
    pub portfolio: Portfolio,
    pub ongoing: Vec<Ongoing>,
    pub proposals: Vec<Proposal>,
    /// 3.1, from `app::costs::supplier_costs`; `None` when the supplier has no costs.
    pub costs: Option<SupplierYear>,
    /// "Leverantörens analys" of each section, as saved; a section without one is absent.
    pub analyses: Vec<(Section, String)>,
}

/// 1.1: what the initiatives finished during the year have brought home, per base service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Harvest {
    /// The year whose finished initiatives are shown: the year the analysis is written in,
    /// the one before the analysis's year ("under året").
    pub year: i32,
    pub rows: Vec<HarvestRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarvestRow {
    /// Namn på bastjänst eller infrastrukturtjänst; "" when the initiatives name none.
    pub service: String,
    pub initiatives: Vec<HarvestInitiative>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarvestInitiative {
    pub code: String,
    pub name: String,
    pub go_live: Option<NaiveDate>,
    /// Each benefit of the approved plan with what the follow-up shows realised.
    pub benefits: Vec<HarvestBenefit>,
    /// Without an approved plan there is no follow-up to show.
    pub has_plan: bool,
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarvestBenefit {
    pub name: String,
    /// The customer that realises it (möjliggjord effekthemtagning för förvaltningar och bolag).
    pub realised_by: Option<String>,
    /// Status word and symbol as of the report date.
    pub status: String,
    pub calculated: Option<Decimal>,
    pub realised: Option<Decimal>,
}

/// 1.3: the portfolio's balance, Effektivitet/Innovation × Intern/Extern/Intern och extern.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Portfolio {
    /// `grid[kind][reach]`, in [`ChangeKind::ALL`] × [`BenefitReach::ALL`] order: the
    /// initiatives that have effect goals and both classifications.
    pub grid: [[Tally; 3]; 2],
    /// Counted apart: an initiative without effect goals says nothing about its direction
    /// (seed 003 §1.3: "inte helt rättvisande").
    pub without_effect_goals: Tally,
    /// Counted apart: effect goals, but Effektivitet–innovation or Intern–extern not stated.
    pub unclassified: Tally,
    pub initiatives: Vec<PortfolioInitiative>,
}

/// A count of initiatives and their project budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Tally {
    pub count: usize,
    pub money: Decimal,
}

impl Tally {
    pub fn add(&mut self, money: Option<Decimal>) {
        self.count += 1;
        self.money += money.unwrap_or_default();
    }

    fn plus(self, other: Tally) -> Tally {
        Tally { count: self.count + other.count, money: self.money + other.money }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioInitiative {
    pub code: String,
    pub name: String,
    pub phase: Phase,
    pub kind: Option<ChangeKind>,
    pub reach: Option<BenefitReach>,
    pub budget: Option<Decimal>,
    pub gaps: Vec<Gap>,
}

/// 1.4: a council-tracked initiative followed until its harvest is done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ongoing {
    pub initiative: Initiative,
    pub latest_report: Option<StatusReportFields>,
    pub gaps: Vec<Gap>,
}

/// 2.2: a proposed initiative with every field of the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub initiative: Initiative,
    /// Its customers' names (kunder), in the register's order.
    pub customers: Vec<String>,
    /// Whether it has a benefit calculation, draft or approved.
    pub has_calculation: bool,
    /// The register's goal areas (målområden) it links to, by name.
    pub goal_areas: Vec<String>,
    pub gaps: Vec<Gap>,
}

// ---- the document as blocks --------------------------------------------------------------------

/// One piece of the document, as both writers lay it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading: 1 for the template's chapters, 2 for its sections, 3 below.
    Heading { level: u8, text: String },
    Paragraph { text: String },
    /// An explanation in grey: where the numbers come from, or that there is nothing to show.
    Note { text: String },
    /// A warning that never rests on colour: "⚠ " and the words.
    Flag { text: String },
    /// A data table with a header row repeated on every page.
    Table { columns: Vec<Column>, rows: Vec<Row> },
    /// The template's two-column form of one initiative: label and value, with group rows
    /// ("Strategisk del") across both.
    Form { rows: Vec<FormRow> },
    /// "Leverantörens analys": the supplier's text, or `None` when none is written.
    Analysis { text: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub header: String,
    /// Relative width.
    pub width: u32,
    /// Right-aligned.
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// A cell's lines are separated by "\n".
    pub cells: Vec<String>,
    /// A sum row, set in bold.
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormRow {
    pub label: String,
    pub value: String,
    /// A group's title across both columns (the value is empty).
    pub group: bool,
}

/// The words of the heading above each supplier's text.
pub const ANALYSIS_HEADING: &str = "Leverantörens analys";
/// What a section without a saved text says.
pub const NO_ANALYSIS: &str = "Ingen analys är skriven för avsnittet.";

/// The document's title: "Årlig analys av digital utveckling och förvaltning 2027".
pub fn title(year: i32) -> String {
    format!("{TITLE} {year}")
}

/// The cover's facts (label, value).
pub fn cover(doc: &AnnualAnalysis) -> Vec<(String, String)> {
    vec![
        ("Leverantör".into(), doc.organisation.clone()),
        ("Nämnd".into(), dash(&doc.committee)),
        ("Analysår".into(), doc.year.to_string()),
        ("Underlaget per".into(), format::date(doc.date)),
        ("Register".into(), doc.register.clone()),
    ]
}

/// What the cover says about where the numbers come from.
pub fn cover_note(doc: &AnnualAnalysis) -> String {
    format!(
        "Tabellerna är sammanställda ur nyttoregistret per {}. Texterna under Leverantörens analys \
         är leverantörens egna. Belopp i tabellerna anges i tusentals kronor (tkr). ⚠ markerar en insats \
         som saknar effektmål eller nyttokalkyl.",
        format::date(doc.date)
    )
}

/// The whole document in the template's order and words.
pub fn blocks(doc: &AnnualAnalysis) -> Vec<Block> {
    let mut out = Vec::new();
    heading(&mut out, 1, "1 Befintliga bastjänster och digital infrastruktur");
    harvest(&mut out, doc);
    portfolio(&mut out, doc);
    ongoing(&mut out, doc);
    heading(&mut out, 1, "2 Förslag på nya förändringsinsatser");
    proposals(&mut out, doc);
    heading(&mut out, 1, "3 Kostnader och fördelningsnycklar");
    costs(&mut out, doc);
    out
}

fn heading(out: &mut Vec<Block>, level: u8, text: impl Into<String>) {
    out.push(Block::Heading { level, text: text.into() });
}

fn note(out: &mut Vec<Block>, text: impl Into<String>) {
    out.push(Block::Note { text: text.into() });
}

fn analysis(out: &mut Vec<Block>, doc: &AnnualAnalysis, section: Section) {
    let text = doc.analyses.iter().find(|(s, t)| *s == section && !t.trim().is_empty()).map(|(_, t)| t.clone());
    out.push(Block::Analysis { text });
}

fn column(header: &str, width: u32, numeric: bool) -> Column {
    Column { header: header.into(), width, numeric }
}

fn dash(text: &str) -> String {
    if text.trim().is_empty() { "–".into() } else { text.trim().to_string() }
}

/// Thousands of kronor without the unit, for columns headed "tkr": `1 235`.
fn tkr_number(value: Decimal) -> String {
    format::number(value / Decimal::from(1000), 0)
}

fn tkr_or_dash(value: Option<Decimal>) -> String {
    value.map(tkr_number).unwrap_or_else(|| "–".into())
}

/// The flags of an initiative in words: "⚠ Saknar effektmål, ⚠ Saknar nyttokalkyl", or "".
pub fn gap_words(gaps: &[Gap]) -> String {
    gaps.iter().map(|g| format!("{} {}", g.symbol(), g.label())).collect::<Vec<_>>().join(", ")
}

fn flag_sentence(out: &mut Vec<Block>, who: &str, gaps: &[Gap]) {
    if !gaps.is_empty() {
        out.push(Block::Flag { text: format!("{who}: {}.", gaps.iter().map(|g| g.label().to_lowercase()).collect::<Vec<_>>().join(" och ")) });
    }
}

// ---- 1.1 --------------------------------------------------------------------------------------

fn harvest(out: &mut Vec<Block>, doc: &AnnualAnalysis) {
    heading(out, 2, Section::Harvest.heading());
    note(
        out,
        format!(
            "Leverantörens insatser driftsatta under {}, per bastjänst, med nyttorna i den godkända \
             nyttorealiseringsplanen och vad uppföljningen visar realiserat per {}. Beslutad effekthemtagning \
             finns ännu inte i registret.",
            doc.harvest.year,
            format::date(doc.date)
        ),
    );
    if doc.harvest.rows.is_empty() {
        note(out, format!("Inga insatser driftsattes under {}.", doc.harvest.year));
    } else {
        let rows = doc
            .harvest
            .rows
            .iter()
            .map(|row| {
                let initiatives = row
                    .initiatives
                    .iter()
                    .map(|i| {
                        let mut line = format!("{} {}", i.code, i.name);
                        if let Some(d) = i.go_live {
                            line.push_str(&format!(" (driftsatt {})", format::date(d)));
                        }
                        if !i.gaps.is_empty() {
                            line.push_str(&format!("\n{}", gap_words(&i.gaps)));
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let harvest = row
                    .initiatives
                    .iter()
                    .map(|i| {
                        let mut lines = vec![format!("{}:", i.code)];
                        if !i.has_plan {
                            lines.push("Ingen godkänd nyttorealiseringsplan att följa upp.".into());
                        }
                        for b in &i.benefits {
                            let mut line = format!("• {}", b.name);
                            if let Some(by) = &b.realised_by {
                                line.push_str(&format!(" ({by})"));
                            }
                            line.push_str(&format!(": {}", b.status));
                            match (b.realised, b.calculated) {
                                (Some(r), Some(c)) => line.push_str(&format!(
                                    ", realiserat {} av kalkylerat {} per år",
                                    format::tkr(r),
                                    format::tkr(c)
                                )),
                                (None, Some(c)) => line.push_str(&format!(", kalkylerat {} per år, inget mätt ännu", format::tkr(c))),
                                _ => {}
                            }
                            lines.push(line);
                        }
                        lines.join("\n")
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                Row { cells: vec![dash(&row.service), initiatives, harvest], total: false }
            })
            .collect();
        out.push(Block::Table {
            columns: vec![
                column("Namn på bastjänst eller infrastrukturtjänst", 3, false),
                column("Genomförda förändringsinsatser", 4, false),
                column("Effekthemtagning leverantör samt möjliggjord effekthemtagning för förvaltningar och bolag", 6, false),
            ],
            rows,
        });
    }
    analysis(out, doc, Section::Harvest);
}

// ---- 1.3 --------------------------------------------------------------------------------------

/// A grid cell: "2 st\n1 250 tkr", or "–" when empty.
fn tally_cell(t: Tally) -> String {
    if t.count == 0 { "–".into() } else { format!("{} st\n{} tkr", t.count, tkr_number(t.money)) }
}

fn portfolio(out: &mut Vec<Block>, doc: &AnnualAnalysis) {
    let p = &doc.portfolio;
    heading(out, 2, Section::Portfolio.heading());
    note(
        out,
        "Leverantörens beslutade och pågående insatser: antal och projektbudget per effektivitet–innovation och \
         intern–extern nytta. Insatser utan effektmål räknas för sig.",
    );
    let mut rows = Vec::new();
    let mut column_totals = [Tally::default(); 3];
    for (k, kind) in ChangeKind::ALL.iter().enumerate() {
        let mut cells = vec![kind.label().to_string()];
        let mut total = Tally::default();
        for r in 0..3 {
            let t = p.grid[k][r];
            cells.push(tally_cell(t));
            total = total.plus(t);
            column_totals[r] = column_totals[r].plus(t);
        }
        cells.push(tally_cell(total));
        rows.push(Row { cells, total: false });
    }
    let grand = column_totals.iter().fold(Tally::default(), |a, t| a.plus(*t));
    let mut cells = vec!["Totalt".to_string()];
    cells.extend(column_totals.iter().map(|t| tally_cell(*t)));
    cells.push(tally_cell(grand));
    rows.push(Row { cells, total: true });
    let mut columns = vec![column("Effektivitet – innovation", 3, false)];
    columns.extend(BenefitReach::ALL.iter().map(|r| column(r.label(), 2, true)));
    columns.push(column("Totalt", 2, true));
    out.push(Block::Table { columns, rows });

    let apart = [
        ("⚠ Saknar effektmål (räknas inte i balansen ovan)", p.without_effect_goals),
        ("Effektivitet–innovation eller intern–extern nytta inte angiven", p.unclassified),
    ];
    let rows: Vec<Row> = apart
        .iter()
        .filter(|(_, t)| t.count > 0)
        .map(|(label, t)| Row { cells: vec![label.to_string(), t.count.to_string(), tkr_number(t.money)], total: false })
        .collect();
    if !rows.is_empty() {
        out.push(Block::Table {
            columns: vec![column("Räknas för sig", 7, false), column("Antal", 1, true), column("Projektbudget (tkr)", 2, true)],
            rows,
        });
    }
    if p.without_effect_goals.count > 0 {
        out.push(Block::Flag {
            text: format!(
                "{} av {} insatser saknar effektmål. Balansen mellan effektivitet och innovation och mellan intern och \
                 extern nytta är därför inte helt rättvisande.",
                p.without_effect_goals.count,
                p.initiatives.len()
            ),
        });
    }
    if p.initiatives.is_empty() {
        note(out, "Leverantören har inga beslutade eller pågående förändringsinsatser i registret.");
    } else {
        heading(out, 3, "Insatserna i portföljen");
        let rows = p
            .initiatives
            .iter()
            .map(|i| Row {
                cells: vec![
                    i.code.clone(),
                    i.name.clone(),
                    i.phase.label().into(),
                    i.kind.map(|k| k.label().to_string()).unwrap_or_else(|| "–".into()),
                    i.reach.map(|r| r.label().to_string()).unwrap_or_else(|| "–".into()),
                    tkr_or_dash(i.budget),
                    if i.gaps.is_empty() { "–".into() } else { gap_words(&i.gaps).replace(", ", "\n") },
                ],
                total: false,
            })
            .collect();
        out.push(Block::Table {
            columns: vec![
                column("Kod", 3, false),
                column("Förändringsinsats", 5, false),
                column("Fas", 3, false),
                column("Effektivitet – innovation", 3, false),
                column("Intern – extern nytta", 3, false),
                column("Budget (tkr)", 2, true),
                column("Saknas", 3, false),
            ],
            rows,
        });
    }
    analysis(out, doc, Section::Portfolio);
}

// ---- 1.4 --------------------------------------------------------------------------------------

fn yes_no(a: &Assessment) -> String {
    let answer = match a.done {
        Some(true) => "Ja",
        Some(false) => "Nej",
        None => "Ej besvarad",
    };
    if a.comment.trim().is_empty() { answer.into() } else { format!("{answer}. {}", a.comment.trim()) }
}

fn bullets(items: &[String]) -> String {
    let items: Vec<&String> = items.iter().filter(|i| !i.trim().is_empty()).collect();
    if items.is_empty() {
        "–".into()
    } else {
        items.iter().map(|i| format!("• {}", i.trim())).collect::<Vec<_>>().join("\n")
    }
}

fn timeline(i: &Initiative) -> String {
    let f = &i.fields;
    let mut parts = vec![format!("Fas: {}", f.phase.label())];
    if let Some(d) = f.start_date {
        parts.push(format!("start {}", format::date(d)));
    }
    if let Some(d) = f.go_live_date {
        parts.push(format!("driftsättning {}", format::date(d)));
    }
    if let Some(d) = f.end_date {
        parts.push(format!("avslut {}", format::date(d)));
    }
    parts.join(", ")
}

fn deviations(i: &Initiative, report: Option<&StatusReportFields>) -> String {
    let mut lines = Vec::new();
    if !i.fields.deviation_comment.trim().is_empty() {
        lines.push(i.fields.deviation_comment.trim().to_string());
    }
    if let Some(r) = report {
        lines.push(format!(
            "Statusrapport {}: Tid {} {}, Kostnad {} {}, Resultat {} {}.",
            format::date(r.period_end),
            r.time.status.symbol(),
            r.time.status.label(),
            r.cost.status.symbol(),
            r.cost.status.label(),
            r.result.status.symbol(),
            r.result.status.label()
        ));
        for (name, d) in [("Tid", &r.time), ("Kostnad", &r.cost), ("Resultat", &r.result)] {
            if d.status != crate::model::initiative::Rag::Gron {
                lines.push(format!("{name}: {} Åtgärd: {}", d.cause.trim(), d.action.trim()));
            }
        }
    }
    if lines.is_empty() { "Inga avvikelser rapporterade.".into() } else { lines.join("\n") }
}

fn ongoing(out: &mut Vec<Block>, doc: &AnnualAnalysis) {
    heading(out, 2, Section::Ongoing.heading());
    note(
        out,
        "Insatser som strategisk samordningsgrupp särskilt beslutat att följa, från beslut tills \
         effekthemtagningen är genomförd. Övriga följs via leverantörens statusrapportering.",
    );
    if doc.ongoing.is_empty() {
        note(out, "Leverantören har inga särskilt följda insatser som pågår.");
    }
    for (n, o) in doc.ongoing.iter().enumerate() {
        let f = &o.initiative.fields;
        heading(out, 3, format!("Pågående förändringsinsats {}: {}", n + 1, f.name));
        flag_sentence(out, &f.code, &o.gaps);
        out.push(Block::Form {
            rows: vec![
                form("Bastjänst eller infrastrukturtjänst det gäller", dash(&f.base_service)),
                form("Namn på förändringsinsats", format!("{} {}", f.code, f.name)),
                form("Effektmål", if f.effect_goals.is_empty() { "⚠ Saknar effektmål".into() } else { bullets(&f.effect_goals) }),
                form("Projektmål", dash(&f.project_goals)),
                form("Tidplan", timeline(&o.initiative)),
                form("Kommentar avvikelser", deviations(&o.initiative, o.latest_report.as_ref())),
                form("Informationsklassning genomförd", yes_no(&f.information_classification)),
                form("Tröskel- och konsekvensanalys genomförd", yes_no(&f.threshold_analysis)),
            ],
        });
    }
    analysis(out, doc, Section::Ongoing);
}

fn form(label: &str, value: impl Into<String>) -> FormRow {
    FormRow { label: label.into(), value: value.into(), group: false }
}

fn group(label: &str) -> FormRow {
    FormRow { label: label.into(), value: String::new(), group: true }
}

// ---- 2.2 --------------------------------------------------------------------------------------

fn running_cost(p: &Proposal, year: i32) -> String {
    let f = &p.initiative.fields;
    let mut lines = vec![format!(
        "Total projektbudget: {}",
        f.project_budget.map(format::kr).unwrap_or_else(|| "–".into())
    )];
    let years = &f.running_cost.years;
    for y in [year, year + 1] {
        let amount = years.iter().find(|r| r.year == y).map(|r| format::kr(r.amount)).unwrap_or_else(|| "–".into());
        lines.push(format!("Påverkan förvaltningskostnad {y}: {amount}"));
    }
    let later: Vec<_> = years.iter().filter(|r| r.year >= year + 2).collect();
    let later_text = match later.as_slice() {
        [] => "–".into(),
        [only] if only.year == year + 2 => format::kr(only.amount),
        more => more.iter().map(|r| format!("{}: {}", r.year, format::kr(r.amount))).collect::<Vec<_>>().join(", "),
    };
    lines.push(format!("Påverkan förvaltningskostnad {} eller senare: {later_text}", year + 2));
    if !f.running_cost.comment.trim().is_empty() {
        lines.push(f.running_cost.comment.trim().to_string());
    }
    lines.join("\n")
}

fn proposals(out: &mut Vec<Block>, doc: &AnnualAnalysis) {
    heading(out, 2, Section::Proposals.heading());
    note(
        out,
        "Förslag på nya förändringsinsatser (idé och beredning i registret) som leverantören driver, med \
         samtliga uppgifter som mallen frågar efter inför prioritering och värdering.",
    );
    if doc.proposals.is_empty() {
        note(out, "Leverantören har inga föreslagna förändringsinsatser i registret.");
    }
    for (n, p) in doc.proposals.iter().enumerate() {
        let f = &p.initiative.fields;
        heading(out, 3, format!("Föreslagen förändringsinsats {}: {}", n + 1, f.name));
        flag_sentence(out, &f.code, &p.gaps);
        let opt = |v: Option<&'static str>| v.unwrap_or("–").to_string();
        out.push(Block::Form {
            rows: vec![
                form("Namn på förändringsinsats", format!("{} {}", f.code, f.name)),
                group("Strategisk del"),
                form("Behovsbeskrivning", dash(&f.need)),
                form("Kopplat till befintlig bastjänst eller infratjänst", dash(&f.base_service)),
                form("Nytta", dash(&f.benefit)),
                form("Effektmål", if f.effect_goals.is_empty() { "⚠ Saknar effektmål".into() } else { bullets(&f.effect_goals) }),
                form("Intern - extern nytta", opt(f.benefit_reach.map(|r| r.label()))),
                form("Effektivitet - innovation", opt(f.change_kind.map(|k| k.label()))),
                form(
                    "Kommer arbetet bedrivas i projektform? JA/NEJ",
                    match f.project_form {
                        Some(true) => "Ja",
                        Some(false) => "Nej",
                        None => "Ej besvarad",
                    },
                ),
                form("Dokumenterad koppling till beslutade mål (KF budget, program, planer, Agenda2030)", dash(&f.goal_link)),
                form("Målområden", if p.goal_areas.is_empty() { "–".into() } else { bullets(&p.goal_areas) }),
                form("Kategori", opt(f.category.map(|c| c.label()))),
                form("Bedömning förändringsinsatsens komplexitet - kundperspektiv", opt(f.complexity_customer.map(|c| c.label()))),
                form("Bedömning förändringsinsatsens komplexitet - leverantörsperspektiv", opt(f.complexity_supplier.map(|c| c.label()))),
                group("Informationssäkerhet"),
                form("Är informationsklassning genomförd? JA / NEJ + kommentar", yes_no(&f.information_classification)),
                form("Tröskel- och konsekvensanalys genomförd? JA / NEJ + kommentar", yes_no(&f.threshold_analysis)),
                group("Teknisk del"),
                form(
                    "Är teknisk bedömning / IT-säkerhetsbedömning genomförd utifrån informationsklassning? JA / NEJ + kommentar",
                    yes_no(&f.security_assessment),
                ),
                form("Är arkitekturbedömning genomförd? JA / NEJ + kommentar", yes_no(&f.architecture_assessment)),
                form("Får påverkan på digital infrastruktur? JA / NEJ + kommentar", yes_no(&f.infrastructure_impact)),
                group("Ekonomisk del"),
                form(
                    &format!(
                        "Total projektbudget samt påverkan förvaltningskostnad år {}, {}, {} eller senare",
                        doc.year,
                        doc.year + 1,
                        doc.year + 2
                    ),
                    running_cost(p, doc.year),
                ),
                form("Kunder", if p.customers.is_empty() { "–".into() } else { p.customers.join(", ") }),
                form("Finansieringsform", opt(f.financing.map(|x| x.label()))),
                form("Kundgrupp som finansierar", dash(&f.customer_group)),
                form("Förslag fördelningsnyckel", dash(&f.allocation_key)),
                form(
                    "Nyttokalkyl",
                    if p.has_calculation {
                        "Finns i registret (utkast eller godkänd)".to_string()
                    } else if p.gaps.contains(&Gap::Calculation) {
                        "⚠ Saknar nyttokalkyl".into()
                    } else {
                        "Ingen ännu; görs under beredningen.".into()
                    },
                ),
            ],
        });
    }
    analysis(out, doc, Section::Proposals);
}

// ---- 3.1 --------------------------------------------------------------------------------------

/// Intern and extern together: the template's one figure per year.
fn both(kind: &KindFigures) -> AnalysisFigures {
    let plus = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    };
    AnalysisFigures {
        actual: plus(kind.intern.actual, kind.extern_.actual),
        budget: plus(kind.intern.budget, kind.extern_.budget),
        forecast: plus(kind.intern.forecast, kind.extern_.forecast),
    }
}

fn any(f: &AnalysisFigures) -> bool {
    f.actual.is_some() || f.budget.is_some() || f.forecast.is_some()
}

/// A service's name in the tables; initiatives naming none are the template's "nya
/// förändringsinsatser ej befintlig tjänst".
fn service_name(s: &ServiceFigures) -> String {
    if s.base_service.trim().is_empty() { "Förändringsinsatser ej befintlig tjänst".into() } else { s.base_service.trim().to_string() }
}

fn figure_cells(f: &AnalysisFigures) -> [String; 3] {
    [tkr_or_dash(f.actual), tkr_or_dash(f.budget), tkr_or_dash(f.forecast)]
}

/// A service's (or the total's) rows: the template's one figure per year, intern and extern
/// together, then "varav intern" and "varav extern" beneath it, so a sum of both never stands
/// without both beside it (docs/kostnader.md). `extra` are the sum row's further cells (the
/// running-cost impact); the two parts leave them blank.
fn figure_rows(name: String, kind: &KindFigures, extra: Vec<String>, total: bool) -> Vec<Row> {
    let blank = vec![String::new(); extra.len()];
    let mut first = vec![name];
    first.extend(figure_cells(&both(kind)));
    first.extend(extra);
    let mut rows = vec![Row { cells: first, total }];
    for (label, part) in [("varav intern", &kind.intern), ("varav extern", &kind.extern_)] {
        let mut cells = vec![format!("\u{2003}{label}")];
        cells.extend(figure_cells(part));
        cells.extend(blank.iter().cloned());
        rows.push(Row { cells, total: false });
    }
    rows
}

fn costs(out: &mut Vec<Block>, doc: &AnnualAnalysis) {
    heading(out, 2, Section::Costs.heading());
    let y = doc.year;
    match &doc.costs {
        None => note(out, "Registret har ingen kostnadsuppföljning för leverantörens insatser."),
        Some(costs) => {
            note(
                out,
                format!(
                    "Ur registrets kostnadsuppföljning av leverantörens insatser, per bastjänst: Utfall {}, Budget {} och \
                     Prognos {}, i tkr: intern och extern kostnad sammanlagda som mallen frågar, och under varje \
                     summa intern och extern var för sig.",
                    y - 2,
                    y - 1,
                    y
                ),
            );
            heading(out, 3, "Förvaltningskostnader inom befintliga tjänster");
            let rows: Vec<Row> = costs
                .services
                .iter()
                .filter(|s| any(&both(&s.forvaltning)))
                .flat_map(|s| figure_rows(service_name(s), &s.forvaltning, Vec::new(), false))
                .collect();
            if rows.is_empty() {
                note(out, format!("Inga förvaltningskostnader är registrerade för {}–{y}.", y - 2));
            } else {
                let mut rows = rows;
                rows.extend(figure_rows("Totalkostnad".to_string(), &costs.total.forvaltning, Vec::new(), true));
                out.push(Block::Table {
                    columns: vec![
                        column("Tjänst", 5, false),
                        column(&format!("Utfall {} (tkr)", y - 2), 2, true),
                        column(&format!("Budget {} (tkr)", y - 1), 2, true),
                        column(&format!("Prognos budget {y} (tkr)"), 2, true),
                    ],
                    rows,
                });
            }
            heading(out, 3, "Utvecklingskostnader inom befintliga tjänster");
            note(
                out,
                format!("Kolumnerna {y}, {} och {} anger påverkan på förvaltningskostnaden per år (tkr).", y + 1, y + 2),
            );
            let rows: Vec<Row> = costs
                .services
                .iter()
                .filter(|s| any(&both(&s.utveckling)) || s.running_cost.iter().any(Option::is_some))
                .flat_map(|s| {
                    let running = s.running_cost.iter().map(|v| tkr_or_dash(*v)).collect();
                    figure_rows(service_name(s), &s.utveckling, running, false)
                })
                .collect();
            if rows.is_empty() {
                note(out, format!("Inga utvecklingskostnader är registrerade för {}–{y}.", y - 2));
            } else {
                let mut rows = rows;
                let running = costs.total.running_cost.iter().map(|v| tkr_or_dash(*v)).collect();
                rows.extend(figure_rows("Totalkostnad".to_string(), &costs.total.utveckling, running, true));
                out.push(Block::Table {
                    columns: vec![
                        column("Tjänst", 4, false),
                        column(&format!("Utfall {} (tkr)", y - 2), 2, true),
                        column(&format!("Budget {} (tkr)", y - 1), 2, true),
                        column(&format!("Prognos budget {y} (tkr)"), 2, true),
                        column(&y.to_string(), 1, true),
                        column(&(y + 1).to_string(), 1, true),
                        column(&(y + 2).to_string(), 1, true),
                    ],
                    rows,
                });
            }
            let only_external: Vec<&str> =
                costs.services.iter().flat_map(|s| s.only_external.iter().map(String::as_str)).collect();
            if !only_external.is_empty() {
                out.push(Block::Flag {
                    text: format!(
                        "⚠ Endast externa kostnader är registrerade för {}: egen personals tid saknas i siffrorna.",
                        only_external.join(", ")
                    ),
                });
            }
        }
    }
    analysis(out, doc, Section::Costs);
}
