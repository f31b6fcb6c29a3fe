//! The annual analysis (seed 003, "Årlig analys av digital utveckling och förvaltning") of one
//! supplier organisation and year: the whole document assembled here, in one read
//! transaction, as [`AnnualAnalysis`] — the one value both writers read (the PDF through
//! typst, the Word document through `report::docx`) — and the supplier's texts
//! ("Leverantörens analys") read and saved for the window.
//!
//! What goes where (docs/rapporter.md, "Årlig analys"):
//! - 1.1 Genomförd effekthemtagning: the supplier's initiatives driftsatta or avslutade whose
//!   go-live fell in the year the analysis is written (the year before its year: the
//!   template's "under året"), per base service, with their approved plan's benefits and what
//!   the follow-up shows realised. Harvest decisions are not in the register yet.
//! - 1.3 Portföljanalys: the decided and ongoing initiatives (beslutad, pågående), counted
//!   with their project budgets in the 2 × 3 grid Effektivitet/Innovation × Intern/Extern/
//!   Intern och extern; those without effect goals, and those not classified, counted apart.
//! - 1.4 Pågående förändringsinsatser: the council-tracked (särskilt följda) initiatives from
//!   decision until their harvest is done: beslutad, pågående, driftsatt.
//! - 2.2 Förslag på nya förändringsinsatser: every proposal (idé, beredning).
//! - 3.1 Kostnader förvaltning och utveckling: per base service, förvaltning and utveckling
//!   apart, Utfall Y−2, Budget Y−1, Prognos Y and the running-cost impact of Y to Y+2
//!   (`app::costs::supplier_costs`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::AppError;
use crate::followup::evaluate_initiative;
use crate::model::annual_analysis::{AnalysisText, Section, YEARS};
use crate::model::costs::SupplierYear;
use crate::model::initiative::{
    BenefitReach, ChangeKind, Gap, Initiative, InitiativeSummary, Organisation, Phase, StatusReportFields,
};
use crate::report::annual::{
    AnnualAnalysis, Harvest, HarvestBenefit, HarvestInitiative, HarvestRow, Ongoing, Portfolio,
    PortfolioInitiative, Proposal,
};
use crate::report::data::organisation_scope;
use crate::report::{self, Pdf, Phase as ReportPhase, ReportError};
use crate::store::RegisterStore;

/// What the analysis is assembled from: the register's values for one supplier and year,
/// before any choice of what goes where ([`assemble`] makes those).
#[derive(Debug, Clone)]
pub struct AnnualInput {
    pub register: String,
    pub organisation: Organisation,
    /// Every organisation, for the customers' names.
    pub organisations: Vec<Organisation>,
    pub year: i32,
    pub date: NaiveDate,
    /// The supplier's initiatives, by code.
    pub initiatives: Vec<InitiativeInput>,
    pub texts: Vec<AnalysisText>,
    /// The register's goal areas (målområden), id and name.
    pub goal_areas: Vec<(i64, String)>,
    /// 3.1 (`app::costs::supplier_costs`); `None` when the supplier's initiatives have no
    /// cost rows or running-cost impact.
    pub costs: Option<SupplierYear>,
}

/// One of the supplier's initiatives as the analysis needs it.
#[derive(Debug, Clone)]
pub struct InitiativeInput {
    pub initiative: Initiative,
    /// The portfolio's flags (`model::initiative::gaps`).
    pub gaps: Vec<Gap>,
    /// Whether it has a benefit calculation, draft or approved.
    pub has_calculation: bool,
    /// The latest status report as of the date.
    pub latest_report: Option<StatusReportFields>,
    /// Its approved plan's benefits with the follow-up as of the date; `None` without an
    /// approved plan.
    pub harvest: Option<Vec<HarvestBenefit>>,
}

/// The analysis of `organisation` (by name, any case) for `year`, assembled in one read.
pub fn annual_analysis<S: RegisterStore>(register: &S, organisation: &str, year: i32) -> Result<AnnualAnalysis, AppError> {
    let input = register.read_consistently(|r| read(r, organisation, year))?;
    Ok(assemble(&input))
}

/// The analysis as PDF, telling each phase to `progress`.
pub fn annual_analysis_pdf<S: RegisterStore>(
    register: &S,
    organisation: &str,
    year: i32,
    progress: &mut dyn FnMut(ReportPhase),
) -> Result<Pdf, AppError> {
    progress(ReportPhase::Reading);
    let doc = annual_analysis(register, organisation, year)?;
    Ok(report::annual_analysis_pdf(&doc, progress)?)
}

/// The analysis as a Word document (.docx).
pub fn annual_analysis_docx<S: RegisterStore>(register: &S, organisation: &str, year: i32) -> Result<Vec<u8>, AppError> {
    let doc = annual_analysis(register, organisation, year)?;
    Ok(report::docx::annual_analysis(&doc)?)
}

/// The file formats the analysis is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The format a file name's extension asks for, any case; `None` for another.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// The analysis in `format`: the file's bytes.
pub fn annual_analysis_file<S: RegisterStore>(
    register: &S,
    organisation: &str,
    year: i32,
    format: Format,
    progress: &mut dyn FnMut(ReportPhase),
) -> Result<Vec<u8>, AppError> {
    match format {
        Format::Pdf => Ok(annual_analysis_pdf(register, organisation, year, progress)?.bytes),
        Format::Docx => {
            progress(ReportPhase::Reading);
            let doc = annual_analysis(register, organisation, year)?;
            progress(ReportPhase::Writing);
            Ok(report::docx::annual_analysis(&doc)?)
        }
    }
}

fn check_year(year: i32) -> Result<(), ReportError> {
    if YEARS.contains(&year) { Ok(()) } else { Err(ReportError::Year(year)) }
}

/// The supplier by name, any case; an unknown name is refused with the names there are.
fn supplier(organisations: &[Organisation], wanted: &str) -> Result<Organisation, ReportError> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(ReportError::NoOrganisation);
    }
    let name = organisation_scope(organisations, Some(wanted))?.unwrap_or_default();
    Ok(organisations.iter().find(|o| o.name == name).cloned().expect("organisation_scope found it"))
}

/// Everything the analysis of `organisation` for `year` is made of, read from the register.
pub fn read<S: RegisterStore>(register: &S, organisation: &str, year: i32) -> Result<AnnualInput, AppError> {
    check_year(year)?;
    let organisations = register.organisations()?;
    let organisation = supplier(&organisations, organisation)?;
    let date = register.view_date()?;
    let summaries: Vec<InitiativeSummary> =
        register.initiative_summaries()?.into_iter().filter(|s| s.organisation_id == organisation.id).collect();
    let wanted = |s: &InitiativeSummary| {
        in_portfolio(s.phase) || is_proposal(s.phase) || (s.council_tracked && is_followed(s.phase)) || is_live(s.phase)
    };
    let followup = if summaries.iter().any(|s| is_live(s.phase)) { Some(register.followup_data(None)?) } else { None };
    let mut initiatives = Vec::new();
    for summary in summaries.iter().filter(|s| wanted(s)) {
        let initiative = register.initiative(summary.id)?;
        let latest_report = if summary.council_tracked {
            register
                .status_reports(summary.id)?
                .into_iter()
                .map(|r| r.fields)
                .filter(|r| r.period_end <= date)
                .max_by_key(|r| r.period_end)
        } else {
            None
        };
        let harvest = followup.as_ref().and_then(|data| data.entries.iter().find(|e| e.initiative_id == summary.id)).map(|entry| {
            let evaluated = evaluate_initiative(&entry.input(), date).followup;
            entry
                .plan
                .benefits
                .iter()
                .zip(&evaluated.benefits)
                .map(|(benefit, f)| HarvestBenefit {
                    name: benefit.name.clone(),
                    realised_by: benefit
                        .realised_by
                        .and_then(|id| organisations.iter().find(|o| o.id == id))
                        .map(|o| o.name.clone()),
                    status: format!("{} {}", f.status.symbol(), f.status.label()),
                    calculated: f.calculated_annual_value,
                    realised: f.realised_annual_value,
                })
                .collect()
        });
        initiatives.push(InitiativeInput {
            initiative,
            gaps: summary.gaps.clone(),
            has_calculation: summary.has_calculation,
            latest_report,
            harvest,
        });
    }
    let texts = register.analysis_texts(organisation.id, year)?;
    let goal_areas = register
        .list_entries(crate::model::register_lists::ListKind::GoalArea, None)?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let costs = super::costs::supplier_costs(register, organisation.id, year)?;
    let has_costs = costs.services.iter().any(|s| {
        [&s.forvaltning, &s.utveckling].iter().any(|k| {
            [&k.intern, &k.extern_].iter().any(|f| f.actual.is_some() || f.budget.is_some() || f.forecast.is_some())
        }) || s.running_cost.iter().any(Option::is_some)
    });
    Ok(AnnualInput {
        register: register.name()?,
        organisation,
        organisations,
        year,
        date,
        initiatives,
        texts,
        goal_areas,
        costs: has_costs.then_some(costs),
    })
}

/// Decided and under way: what 1.3 counts.
fn in_portfolio(phase: Phase) -> bool {
    matches!(phase, Phase::Beslutad | Phase::Pagaende)
}

/// Not yet decided: what 2.2 proposes.
fn is_proposal(phase: Phase) -> bool {
    matches!(phase, Phase::Ide | Phase::Beredning)
}

/// From decision until the harvest is done: how long 1.4 follows a council-tracked initiative.
fn is_followed(phase: Phase) -> bool {
    matches!(phase, Phase::Beslutad | Phase::Pagaende | Phase::Driftsatt)
}

/// Delivered: what 1.1 can show a harvest of.
fn is_live(phase: Phase) -> bool {
    matches!(phase, Phase::Driftsatt | Phase::Avslutad)
}

fn has_effect_goals(initiative: &Initiative) -> bool {
    initiative.fields.effect_goals.iter().any(|g| !g.trim().is_empty())
}

/// The document from what was read: which initiative goes in which section, the portfolio's
/// grid and what is counted apart.
pub fn assemble(input: &AnnualInput) -> AnnualAnalysis {
    let harvest_year = input.year - 1;
    let by_code = {
        let mut v: Vec<&InitiativeInput> = input.initiatives.iter().collect();
        v.sort_by(|a, b| a.initiative.fields.code.cmp(&b.initiative.fields.code));
        v
    };

    // 1.1, per base service in name order; initiatives naming none last.
    let mut services: BTreeMap<(bool, String), Vec<HarvestInitiative>> = BTreeMap::new();
    for i in by_code.iter().filter(|i| is_live(i.initiative.fields.phase)) {
        let f = &i.initiative.fields;
        if f.go_live_date.map(|d| d.year()) != Some(harvest_year) {
            continue;
        }
        let service = f.base_service.trim().to_string();
        services.entry((service.is_empty(), service)).or_default().push(HarvestInitiative {
            code: f.code.clone(),
            name: f.name.clone(),
            go_live: f.go_live_date,
            benefits: i.harvest.clone().unwrap_or_default(),
            has_plan: i.harvest.is_some(),
            gaps: i.gaps.clone(),
        });
    }
    let harvest = Harvest {
        year: harvest_year,
        rows: services.into_iter().map(|((_, service), initiatives)| HarvestRow { service, initiatives }).collect(),
    };

    // 1.3
    let mut portfolio = Portfolio::default();
    for i in by_code.iter().filter(|i| in_portfolio(i.initiative.fields.phase)) {
        let f = &i.initiative.fields;
        let budget = f.project_budget;
        match (has_effect_goals(&i.initiative), f.change_kind, f.benefit_reach) {
            (false, _, _) => portfolio.without_effect_goals.add(budget),
            (true, Some(kind), Some(reach)) => {
                let k = ChangeKind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
                let r = BenefitReach::ALL.iter().position(|x| *x == reach).unwrap_or(0);
                portfolio.grid[k][r].add(budget);
            }
            (true, _, _) => portfolio.unclassified.add(budget),
        }
        portfolio.initiatives.push(PortfolioInitiative {
            code: f.code.clone(),
            name: f.name.clone(),
            phase: f.phase,
            kind: f.change_kind,
            reach: f.benefit_reach,
            budget,
            gaps: i.gaps.clone(),
        });
    }

    // 1.4
    let ongoing = by_code
        .iter()
        .filter(|i| i.initiative.fields.council_tracked && is_followed(i.initiative.fields.phase))
        .map(|i| Ongoing { initiative: i.initiative.clone(), latest_report: i.latest_report.clone(), gaps: i.gaps.clone() })
        .collect();

    // 2.2
    let proposals = by_code
        .iter()
        .filter(|i| is_proposal(i.initiative.fields.phase))
        .map(|i| Proposal {
            initiative: i.initiative.clone(),
            customers: i
                .initiative
                .fields
                .customer_ids
                .iter()
                .filter_map(|id| input.organisations.iter().find(|o| o.id == *id))
                .map(|o| o.name.clone())
                .collect(),
            has_calculation: i.has_calculation,
            goal_areas: i
                .initiative
                .fields
                .goal_area_ids
                .iter()
                .filter_map(|id| input.goal_areas.iter().find(|(g, _)| g == id))
                .map(|(_, name)| name.clone())
                .collect(),
            gaps: i.gaps.clone(),
        })
        .collect();

    let mut analyses: Vec<(Section, String)> = input.texts.iter().map(|t| (t.section, t.text.clone())).collect();
    analyses.sort_by_key(|(s, _)| *s);

    AnnualAnalysis {
        register: input.register.clone(),
        organisation: input.organisation.name.clone(),
        committee: input.organisation.committee.clone(),
        year: input.year,
        date: input.date,
        harvest,
        portfolio,
        ongoing,
        proposals,
        costs: input.costs.clone(),
        analyses,
    }
}

// ---- the supplier's texts, for the window ------------------------------------------------------

/// One section's "Leverantörens analys" as the window edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionText {
    /// The section's number, "1.3".
    pub section: Section,
    /// "1.3 Portföljanalys".
    pub heading: String,
    pub text: String,
    /// The version a save starts from; 0 when never saved.
    pub row_version: i64,
}

/// Every section's text of `organisation`'s analysis for `year`, in the template's order, the
/// unsaved ones empty with version 0.
pub fn section_texts<S: RegisterStore>(register: &S, organisation: &str, year: i32) -> Result<Vec<SectionText>, AppError> {
    check_year(year)?;
    let organisation = supplier(&register.organisations()?, organisation)?;
    let saved = register.analysis_texts(organisation.id, year)?;
    Ok(Section::ALL
        .iter()
        .map(|section| {
            let stored = saved.iter().find(|t| t.section == *section);
            SectionText {
                section: *section,
                heading: section.heading(),
                text: stored.map(|t| t.text.clone()).unwrap_or_default(),
                row_version: stored.map_or(0, |t| t.row_version),
            }
        })
        .collect())
}

/// Saves one section's text of `organisation`'s analysis for `year`, from the version the
/// edit started at; a stale save is refused naming the section and writes nothing.
pub fn save_section_text<S: RegisterStore>(
    register: &mut S,
    organisation: &str,
    year: i32,
    section: Section,
    row_version: i64,
    text: &str,
) -> Result<SectionText, AppError> {
    check_year(year)?;
    let organisation = supplier(&register.organisations()?, organisation)?;
    let saved = register.save_analysis_text(organisation.id, year, section, row_version, text)?;
    Ok(SectionText { section, heading: section.heading(), text: saved.text, row_version: saved.row_version })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::initiative::{gaps, InitiativeFields, OrganisationKind};
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn org(id: i64, name: &str) -> Organisation {
        Organisation { id, name: name.into(), kind: OrganisationKind::Forvaltning, committee: format!("Nämnden {name}") }
    }

    struct Spec {
        code: &'static str,
        phase: Phase,
        goals: bool,
        kind: Option<ChangeKind>,
        reach: Option<BenefitReach>,
        budget: Option<Decimal>,
        tracked: bool,
        go_live: Option<NaiveDate>,
        service: &'static str,
    }

    fn spec(code: &'static str, phase: Phase) -> Spec {
        Spec {
            code,
            phase,
            goals: true,
            kind: Some(ChangeKind::Effektivitet),
            reach: Some(BenefitReach::Intern),
            budget: Some(dec!(100000)),
            tracked: false,
            go_live: None,
            service: "",
        }
    }

    fn initiative(s: Spec) -> InitiativeInput {
        let mut f = InitiativeFields { code: s.code.into(), name: format!("Insats {}", s.code), ..InitiativeFields::blank(1) };
        f.phase = s.phase;
        f.effect_goals = if s.goals { vec!["Kortare handläggningstid".into()] } else { Vec::new() };
        f.change_kind = s.kind;
        f.benefit_reach = s.reach;
        f.project_budget = s.budget;
        f.council_tracked = s.tracked;
        f.go_live_date = s.go_live;
        f.base_service = s.service.into();
        f.customer_ids = vec![1, 2];
        f.goal_area_ids = vec![7];
        let gaps = gaps(s.phase, s.goals, false);
        InitiativeInput {
            initiative: Initiative { id: 0, row_version: 1, fields: f },
            gaps,
            has_calculation: false,
            latest_report: None,
            harvest: None,
        }
    }

    fn input(initiatives: Vec<InitiativeInput>) -> AnnualInput {
        AnnualInput {
            register: "Test".into(),
            organisation: org(1, "Intraservice"),
            organisations: vec![org(1, "Intraservice"), org(2, "Grundskoleförvaltningen")],
            year: 2027,
            date: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            initiatives,
            texts: Vec::new(),
            goal_areas: vec![(7, "Uppnå balans mellan effektivitet och innovation".into())],
            costs: None,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn the_grid_counts_and_sums_decided_and_ongoing_initiatives_by_kind_and_reach() {
        use BenefitReach::*;
        use ChangeKind::*;
        let doc = assemble(&input(vec![
            initiative(Spec { budget: Some(dec!(300000)), ..spec("A", Phase::Pagaende) }),
            initiative(Spec { budget: Some(dec!(200000)), ..spec("B", Phase::Beslutad) }),
            initiative(Spec { kind: Some(Innovation), reach: Some(InternOchExtern), budget: Some(dec!(750000)), ..spec("C", Phase::Pagaende) }),
            initiative(Spec { reach: Some(Extern), budget: None, ..spec("D", Phase::Pagaende) }),
            // Not in the portfolio: proposals, delivered, stopped.
            initiative(spec("E", Phase::Ide)),
            initiative(spec("F", Phase::Driftsatt)),
            initiative(spec("G", Phase::Struken)),
        ]));
        let p = &doc.portfolio;
        assert_eq!((p.grid[0][0].count, p.grid[0][0].money), (2, dec!(500000)), "Effektivitet × Intern");
        assert_eq!((p.grid[0][1].count, p.grid[0][1].money), (1, dec!(0)), "a missing budget counts, as 0 kr");
        assert_eq!((p.grid[1][2].count, p.grid[1][2].money), (1, dec!(750000)), "Innovation × Intern och extern");
        assert_eq!(p.grid.iter().flatten().map(|t| t.count).sum::<usize>(), 4);
        let codes: Vec<_> = p.initiatives.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["A", "B", "C", "D"]);
    }

    #[test]
    fn initiatives_without_effect_goals_or_classification_are_counted_apart_and_flagged() {
        let doc = assemble(&input(vec![
            initiative(Spec { goals: false, budget: Some(dec!(400000)), ..spec("A", Phase::Pagaende) }),
            initiative(Spec { goals: false, kind: None, budget: Some(dec!(100000)), ..spec("B", Phase::Beslutad) }),
            initiative(Spec { kind: None, budget: Some(dec!(50000)), ..spec("C", Phase::Pagaende) }),
            initiative(spec("D", Phase::Pagaende)),
        ]));
        let p = &doc.portfolio;
        assert_eq!((p.without_effect_goals.count, p.without_effect_goals.money), (2, dec!(500000)));
        assert_eq!((p.unclassified.count, p.unclassified.money), (1, dec!(50000)));
        assert_eq!(p.grid.iter().flatten().map(|t| t.count).sum::<usize>(), 1, "only D is in the balance");
        assert_eq!(p.initiatives[0].gaps, [Gap::EffectGoals, Gap::Calculation]);
        let blocks = report::annual::blocks(&doc);
        let flags: Vec<_> = blocks.iter().filter_map(|b| match b { report::annual::Block::Flag { text } => Some(text.as_str()), _ => None }).collect();
        assert!(flags.iter().any(|f| f.starts_with("2 av 4 insatser saknar effektmål")), "{flags:?}");
    }

    #[test]
    fn ongoing_follows_council_tracked_initiatives_until_harvest_and_proposals_are_ideas_and_preparations() {
        let doc = assemble(&input(vec![
            initiative(Spec { tracked: true, ..spec("T1", Phase::Pagaende) }),
            initiative(Spec { tracked: true, ..spec("T2", Phase::Driftsatt) }),
            initiative(Spec { tracked: true, ..spec("T3", Phase::Beslutad) }),
            initiative(Spec { tracked: true, ..spec("T4", Phase::Avslutad) }),
            initiative(Spec { tracked: true, ..spec("T5", Phase::Avbruten) }),
            initiative(spec("U1", Phase::Pagaende)),
            initiative(spec("P2", Phase::Beredning)),
            initiative(Spec { goals: false, ..spec("P1", Phase::Ide) }),
        ]));
        let ongoing: Vec<_> = doc.ongoing.iter().map(|o| o.initiative.fields.code.as_str()).collect();
        assert_eq!(ongoing, ["T1", "T2", "T3"]);
        let proposals: Vec<_> = doc.proposals.iter().map(|p| p.initiative.fields.code.as_str()).collect();
        assert_eq!(proposals, ["P1", "P2"]);
        assert_eq!(doc.proposals[0].customers, ["Intraservice", "Grundskoleförvaltningen"]);
        assert_eq!(doc.proposals[0].goal_areas, ["Uppnå balans mellan effektivitet och innovation"]);
        assert_eq!(doc.proposals[0].gaps, [Gap::EffectGoals]);
    }

    #[test]
    fn the_harvest_shows_initiatives_live_in_the_year_before_per_base_service() {
        let doc = assemble(&input(vec![
            initiative(Spec { go_live: d(2026, 3, 1), service: "Öppna data", ..spec("H1", Phase::Driftsatt) }),
            initiative(Spec { go_live: d(2026, 9, 1), service: "E-tjänster", ..spec("H2", Phase::Avslutad) }),
            initiative(Spec { go_live: d(2026, 1, 1), service: "", ..spec("H3", Phase::Driftsatt) }),
            initiative(Spec { go_live: d(2026, 2, 1), service: "E-tjänster", ..spec("H4", Phase::Driftsatt) }),
            initiative(Spec { go_live: d(2025, 12, 31), service: "Öppna data", ..spec("H5", Phase::Driftsatt) }),
            initiative(Spec { go_live: d(2026, 5, 1), service: "Öppna data", ..spec("H6", Phase::Pagaende) }),
        ]));
        assert_eq!(doc.harvest.year, 2026);
        let rows: Vec<(&str, Vec<&str>)> = doc
            .harvest
            .rows
            .iter()
            .map(|r| (r.service.as_str(), r.initiatives.iter().map(|i| i.code.as_str()).collect()))
            .collect();
        assert_eq!(rows, [("E-tjänster", vec!["H2", "H4"]), ("Öppna data", vec!["H1"]), ("", vec!["H3"])]);
        assert!(!doc.harvest.rows[0].initiatives[0].has_plan);
    }

    #[test]
    fn the_texts_go_with_their_sections_and_an_unwritten_one_says_so() {
        let mut input = input(Vec::new());
        input.texts.push(AnalysisText {
            organisation_id: 1,
            year: 2027,
            section: Section::Portfolio,
            text: "Portföljen är i balans.".into(),
            row_version: 2,
            updated_at: String::new(),
        });
        let blocks = report::annual::blocks(&assemble(&input));
        let analyses: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b { report::annual::Block::Analysis { text } => Some(text.clone()), _ => None })
            .collect();
        assert_eq!(analyses.len(), 5, "one per section");
        assert_eq!(analyses[1].as_deref(), Some("Portföljen är i balans."));
        assert!(analyses[0].is_none());
    }
}
