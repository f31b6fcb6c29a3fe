//! Effekthemtagning (issue 17; docs/effekthemtagning.md): what each benefit was calculated
//! to give, what it has realised, what the city decided to take home and what it has taken
//! home — side by side in kronor and årsarbetare, with the gaps — and the harvest tables in
//! the columns of seed 001 §3.3, per initiative and per organisation.
//!
//! The figures are computed once here from the follow-up (`followup`), the decisions
//! (`model::harvest`) and the conversion to årsarbetare (`calc::fte`); the window, the CLI
//! and the council pack only show them. Every kr figure is per year.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::StatusView;
use crate::calc::{fte_price, FtePrice};
use crate::followup::{evaluate_initiative, FollowUpEntry, PlanFollowUp, Status};
use crate::format;
use crate::model::harvest::{HarvestDecision, HarvestFields, HarvestKind};
use crate::model::initiative::Organisation;
use crate::store::{RegisterStore, Result};

/// An amount per year in kronor and in årsarbetare (the benefit's own price of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub kr: Decimal,
    pub fte: Decimal,
}

impl Figures {
    pub const ZERO: Figures = Figures { kr: Decimal::ZERO, fte: Decimal::ZERO };

    fn of(kr: Decimal, price: &FtePrice) -> Figures {
        Figures { kr, fte: price.fte(kr).unwrap_or_default() }
    }

    fn minus(self, other: Figures) -> Figures {
        Figures { kr: self.kr - other.kr, fte: self.fte - other.fte }
    }

    fn plus(self, other: Figures) -> Figures {
        Figures { kr: self.kr + other.kr, fte: self.fte + other.fte }
    }
}

/// One benefit's harvest, unformatted.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitHarvest {
    pub name: String,
    /// Whether the latest approved plan still has a benefit of this name; decisions under a
    /// renamed or removed benefit are kept and shown apart.
    pub in_plan: bool,
    pub status: Option<Status>,
    /// The realising organisation (`Benefit::realised_by`), if stated.
    pub realised_by: Option<i64>,
    /// The linked calculation line's likely annual value.
    pub calculated: Option<Figures>,
    /// From the measurements; `None` while the benefit is not measured ("ej mätt").
    pub realised: Option<Figures>,
    /// The measurement the realised rate stands on.
    pub realised_as_of: Option<NaiveDate>,
    /// Σ the amounts of decisions that move money (budgetminskning, omfördelning).
    pub decided: Figures,
    /// Σ of those carried out by the as-of date.
    pub harvested: Figures,
    pub price: FtePrice,
    pub decisions: Vec<HarvestDecision>,
}

/// The benefits of one initiative with their decisions: the plan's benefits in its order,
/// then the names only decisions still carry. `entry` and `followup` are absent without an
/// approved plan.
pub fn benefit_harvests(
    entry: Option<&FollowUpEntry>,
    followup: Option<&PlanFollowUp>,
    decisions: &[HarvestDecision],
    cost_per_fte: Decimal,
    as_of: NaiveDate,
) -> Vec<BenefitHarvest> {
    let mut out = Vec::new();
    let plan_benefits = entry.map(|e| e.plan.benefits.as_slice()).unwrap_or_default();
    for (k, benefit) in plan_benefits.iter().enumerate() {
        let f = followup.and_then(|f| f.benefits.get(k));
        let linked = entry.and_then(|e| {
            let key = benefit.calculation_line.as_ref()?;
            let lines = e.linked_lines.as_ref()?;
            Some((lines.lines.iter().find(|l| &l.key == key), lines))
        });
        let price = match linked {
            Some((line, lines)) => fte_price(line, &lines.settings, &lines.factors, cost_per_fte),
            None => fte_price(None, &crate::model::calculation::CalcSettings::new(as_of.year()), &[], cost_per_fte),
        };
        let mine: Vec<HarvestDecision> = decisions.iter().filter(|d| d.fields.benefit == benefit.name).cloned().collect();
        out.push(assemble(
            benefit.name.clone(),
            true,
            f.map(|f| f.status),
            benefit.realised_by,
            f.and_then(|f| f.calculated_annual_value),
            f.and_then(|f| f.realised_annual_value),
            f.and_then(|f| f.realised_as_of),
            price,
            mine,
            as_of,
        ));
    }
    let mut orphans: Vec<&str> = decisions
        .iter()
        .map(|d| d.fields.benefit.as_str())
        .filter(|name| !plan_benefits.iter().any(|b| b.name == *name))
        .collect();
    orphans.dedup();
    for name in orphans {
        let mine: Vec<HarvestDecision> = decisions.iter().filter(|d| d.fields.benefit == name).cloned().collect();
        let price = fte_price(None, &crate::model::calculation::CalcSettings::new(as_of.year()), &[], cost_per_fte);
        out.push(assemble(name.to_string(), false, None, None, None, None, None, price, mine, as_of));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    name: String,
    in_plan: bool,
    status: Option<Status>,
    realised_by: Option<i64>,
    calculated: Option<Decimal>,
    realised: Option<Decimal>,
    realised_as_of: Option<NaiveDate>,
    price: FtePrice,
    decisions: Vec<HarvestDecision>,
    as_of: NaiveDate,
) -> BenefitHarvest {
    let decided: Decimal = decisions.iter().map(|d| d.fields.decided_amount()).sum();
    let harvested: Decimal = decisions.iter().map(|d| d.fields.harvested_amount(as_of)).sum();
    BenefitHarvest {
        name,
        in_plan,
        status,
        realised_by,
        calculated: calculated.map(|kr| Figures::of(kr, &price)),
        realised: realised.map(|kr| Figures::of(kr, &price)),
        realised_as_of,
        decided: Figures::of(decided, &price),
        harvested: Figures::of(harvested, &price),
        price,
        decisions,
    }
}

/// An amount as shown: `1 234 567 kr` and `1,76 åa` (årsarbetare).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmountView {
    pub kr: String,
    pub fte: String,
}

fn amount_view(f: Figures) -> AmountView {
    AmountView { kr: format::kr(f.kr), fte: fte_text(f.fte) }
}

/// Årsarbetare with two decimals: `1,76 årsarbetare`.
pub fn fte_text(fte: Decimal) -> String {
    format!("{} åa", format::ratio(fte))
}

fn not_shown(text: &str) -> AmountView {
    AmountView { kr: text.into(), fte: text.into() }
}

/// A gap between two of the four figures, with its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapView {
    pub label: String,
    pub amount: AmountView,
}

/// One decision as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionView {
    pub id: i64,
    pub row_version: i64,
    /// The stored fields, for the form that edits it.
    pub fields: HarvestFields,
    /// "Omfördelning till hemtjänstens planering", "Ej hemtagen: verksamheten växer".
    pub what: String,
    /// Money decisions' amount; "–" for the others.
    pub amount: AmountView,
    pub from: String,
    /// "Socialnämnden 2026-09-24, SN 2026/118 § 45".
    pub decided: String,
    /// "Genomförd 2027-01-01" or "Inte genomförd".
    pub carried_out: String,
    pub carried_out_done: bool,
    pub comment: String,
}

/// One benefit in the window: calculated → realised → decided → harvested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitHarvestView {
    pub name: String,
    pub in_plan: bool,
    /// "Nytta som inte längre finns i planen" for decisions under an old name.
    pub note: Option<String>,
    pub status: Option<StatusView>,
    pub calculated: AmountView,
    /// "Ej mätt" while the benefit's status is saknas or kommande.
    pub realised: AmountView,
    /// "Årstakt enligt mätningen 2026-09-15".
    pub realised_note: Option<String>,
    pub decided: AmountView,
    pub harvested: AmountView,
    pub gaps: Vec<GapView>,
    /// How kronor became årsarbetare: "1 åa = 765 000 kr (radens timpris × kalkylens årsarbetstid)".
    pub fte_basis: String,
    pub decisions: Vec<DecisionView>,
}

/// The kinds for the form, in order, with their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindOption {
    pub code: &'static str,
    pub label: &'static str,
}

/// The Effekthemtagning section of an initiative's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativeHarvestView {
    pub initiative_id: i64,
    pub code: String,
    pub as_of: NaiveDate,
    /// Set when there is nothing to harvest yet (no approved plan).
    pub notice: Option<String>,
    pub benefits: Vec<BenefitHarvestView>,
    /// The benefits a new decision may name: the latest approved plan's.
    pub benefit_names: Vec<String>,
    pub kinds: Vec<KindOption>,
    /// The §3.3 table of the initiative's decisions.
    pub table: Vec<HarvestTableRowView>,
}

/// What was decided, in words: "Omfördelning till hemtjänstens planering", "Ej hemtagen: …".
pub fn what(f: &HarvestFields) -> String {
    match f.kind {
        HarvestKind::Omfordelning => format!("Omfördelning till {}", f.redeployed_to),
        HarvestKind::EjHemtagen => format!("Ej hemtagen: {}", f.reason),
        kind => kind.label().to_string(),
    }
}

pub fn decision_view(d: &HarvestDecision, price: &FtePrice) -> DecisionView {
    let f = &d.fields;
    let what = what(f);
    let amount = if f.kind.moves_money() { amount_view(Figures::of(f.amount, price)) } else { not_shown("–") };
    let mut decided = format!("{} {}", f.decided_by, format::date(f.decided_on));
    if !f.decision_ref.is_empty() {
        decided.push_str(&format!(", {}", f.decision_ref));
    }
    DecisionView {
        id: d.id,
        row_version: d.row_version,
        fields: f.clone(),
        what,
        amount,
        from: format::date(f.from_date),
        decided,
        carried_out: match (f.kind, f.carried_out_on) {
            (HarvestKind::EjHemtagen, _) => "–".into(),
            (_, Some(date)) => format!("Genomförd {}", format::date(date)),
            (_, None) => "Inte genomförd".into(),
        },
        carried_out_done: f.carried_out_on.is_some(),
        comment: f.comment.clone(),
    }
}

pub fn benefit_view(b: &BenefitHarvest) -> BenefitHarvestView {
    let calculated = b.calculated.map(amount_view).unwrap_or_else(|| not_shown("–"));
    let realised = match (b.calculated, b.realised) {
        (None, _) => not_shown("–"),
        (Some(_), Some(r)) => amount_view(r),
        (Some(_), None) => not_shown(format::NOT_MEASURED),
    };
    let mut gaps = Vec::new();
    if let Some(r) = b.realised {
        gaps.push(GapView { label: "Realiserat men inte beslutat för hemtagning".into(), amount: amount_view(r.minus(b.decided)) });
    } else if let Some(c) = b.calculated {
        gaps.push(GapView { label: "Kalkylerat men inte beslutat för hemtagning".into(), amount: amount_view(c.minus(b.decided)) });
    }
    gaps.push(GapView { label: "Beslutat men inte hemtaget".into(), amount: amount_view(b.decided.minus(b.harvested)) });
    BenefitHarvestView {
        name: b.name.clone(),
        in_plan: b.in_plan,
        note: (!b.in_plan).then(|| "Nytta som inte längre finns i planen".to_string()),
        status: b.status.map(Into::into),
        calculated,
        realised,
        realised_note: b.realised.and(b.realised_as_of).map(|d| format!("Årstakt enligt mätningen {}", format::date(d))),
        decided: amount_view(b.decided),
        harvested: amount_view(b.harvested),
        gaps,
        fte_basis: format!("1 åa = {} ({})", format::kr(b.price.kr_per_fte), b.price.basis.label()),
        decisions: b.decisions.iter().map(|d| decision_view(d, &b.price)).collect(),
    }
}

/// One row of the harvest table (seed 001 §3.3.2 "Uppföljning av beslutade åtgärder"), per
/// decision: the planned full-year effect, the planned effect in the current year, the
/// effect up to the as-of date and the assessed effect in the current year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HarvestTableRow {
    pub initiative: String,
    pub benefit: String,
    /// Åtgärd/kommentar: what was decided, by whom, and the comment.
    pub action: String,
    /// Helårseffekt: the decision's kr per year (money decisions; else zero).
    pub full_year: Figures,
    /// Planerad effekt innevarande år: the share of the year from the decision's from-date.
    pub planned_this_year: Figures,
    /// Effekt t.o.m. perioden: from when it was carried out (at the earliest its from-date)
    /// to the as-of date, in the as-of year.
    pub to_date: Decimal,
    /// Bedömd effekt innevarande år: carried out, from then to the year's end; not yet,
    /// as planned from the from-date (at the earliest tomorrow); not harvested, nothing.
    pub assessed_this_year: Figures,
}

/// `amount` per year over the days of `year` from `from` to `to` (both inclusive): amount ×
/// days ÷ the year's days, multiplied before divided so whole kronor stay whole; zero when the
/// span misses the year.
fn pro_rata(amount: Decimal, from: NaiveDate, to: NaiveDate, year: i32) -> Decimal {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year in range");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a year in range");
    let (from, to) = (from.max(start), to.min(end));
    if to < from {
        return Decimal::ZERO;
    }
    let days = Decimal::from((to - from).num_days() + 1);
    let year_days = Decimal::from((end - start).num_days() + 1);
    (amount * days / year_days).normalize()
}

/// The §3.3 row of one decision as of `as_of`.
pub fn table_row(initiative: &str, d: &HarvestDecision, price: &FtePrice, as_of: NaiveDate) -> HarvestTableRow {
    let f = &d.fields;
    let year = as_of.year();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a year in range");
    let amount = f.decided_amount();
    let planned = pro_rata(amount, f.from_date, year_end, year);
    let (to_date, assessed) = match f.carried_out_on {
        _ if !f.kind.moves_money() => (Decimal::ZERO, Decimal::ZERO),
        Some(done) if done <= as_of => {
            let start = done.max(f.from_date);
            (pro_rata(amount, start, as_of, year), pro_rata(amount, start, year_end, year))
        }
        _ => {
            let start = f.from_date.max(as_of.succ_opt().unwrap_or(as_of));
            (Decimal::ZERO, pro_rata(amount, start, year_end, year))
        }
    };
    let mut action = decision_view(d, price).what;
    action.push_str(&format!(" ({} {})", f.decided_by, format::date(f.decided_on)));
    if !f.comment.is_empty() {
        action.push_str(&format!(". {}", f.comment));
    }
    HarvestTableRow {
        initiative: initiative.to_string(),
        benefit: f.benefit.clone(),
        action,
        full_year: Figures::of(amount, price),
        planned_this_year: Figures::of(planned, price),
        to_date,
        assessed_this_year: Figures::of(assessed, price),
    }
}

/// A §3.3 row as printed: tkr and årsarbetare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HarvestTableRowView {
    pub initiative: String,
    pub benefit: String,
    pub action: String,
    pub full_year_tkr: String,
    pub planned_this_year_tkr: String,
    pub planned_this_year_fte: String,
    pub to_date_tkr: String,
    pub assessed_this_year_tkr: String,
    pub assessed_this_year_fte: String,
}

pub fn table_row_view(r: &HarvestTableRow) -> HarvestTableRowView {
    HarvestTableRowView {
        initiative: r.initiative.clone(),
        benefit: r.benefit.clone(),
        action: r.action.clone(),
        full_year_tkr: format::tkr(r.full_year.kr),
        planned_this_year_tkr: format::tkr(r.planned_this_year.kr),
        planned_this_year_fte: format::ratio(r.planned_this_year.fte),
        to_date_tkr: format::tkr(r.to_date),
        assessed_this_year_tkr: format::tkr(r.assessed_this_year.kr),
        assessed_this_year_fte: format::ratio(r.assessed_this_year.fte),
    }
}

/// The Effekthemtagning section of initiative `initiative_id` as of `as_of`.
pub fn initiative_harvest<S: RegisterStore>(register: &S, initiative_id: i64, as_of: NaiveDate) -> Result<InitiativeHarvestView> {
    let initiative = register.initiative(initiative_id)?;
    let data = register.followup_data(Some(initiative_id))?;
    let decisions = register.harvest_decisions(initiative_id)?;
    let cost_per_fte = register.register_settings()?.cost_per_fte;
    let entry = data.entries.first();
    let followup = entry.map(|e| evaluate_initiative(&e.input(), as_of).followup);
    let harvests = benefit_harvests(entry, followup.as_ref(), &decisions, cost_per_fte, as_of);
    let label = format!("{} {}", initiative.fields.code, initiative.fields.name);
    let table = harvests
        .iter()
        .flat_map(|b| b.decisions.iter().map(|d| table_row_view(&table_row(&label, d, &b.price, as_of))).collect::<Vec<_>>())
        .collect();
    Ok(InitiativeHarvestView {
        initiative_id,
        code: initiative.fields.code.clone(),
        as_of,
        notice: entry.is_none().then(|| {
            "Insatsen har ingen godkänd nyttorealiseringsplan. Beslut om effekthemtagning gäller nyttorna i den.".to_string()
        }),
        benefit_names: entry.map(|e| e.plan.benefits.iter().map(|b| b.name.clone()).collect()).unwrap_or_default(),
        benefits: harvests.iter().map(benefit_view).collect(),
        kinds: HarvestKind::ALL.iter().map(|k| KindOption { code: k.code(), label: k.label() }).collect(),
        table,
    })
}

/// Calculated, decided and harvested per organisation (the one that realises each benefit,
/// else the initiative's supplier), in kr and årsarbetare: the council pack's
/// "Effekthemtagning per organisation".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationHarvest {
    pub organisation: String,
    /// Benefits linked to a calculation line or with a decision.
    pub benefits: usize,
    pub calculated: Figures,
    /// Σ realised of the measured benefits (a yearly rate).
    pub realised: Figures,
    pub decided: Figures,
    pub harvested: Figures,
    /// Benefits with no decision yet.
    pub without_decision: usize,
}

/// Rolls benefits up per organisation, in the order of `organisations` (names), then the
/// whole register as the last row ("Hela registret").
pub fn roll_up(benefits: &[(String, BenefitHarvest)]) -> Vec<OrganisationHarvest> {
    let mut rows: Vec<OrganisationHarvest> = Vec::new();
    let mut total = OrganisationHarvest {
        organisation: "Hela registret".into(),
        benefits: 0,
        calculated: Figures::ZERO,
        realised: Figures::ZERO,
        decided: Figures::ZERO,
        harvested: Figures::ZERO,
        without_decision: 0,
    };
    for (organisation, b) in benefits {
        if b.calculated.is_none() && b.decisions.is_empty() {
            continue;
        }
        let pos = match rows.iter().position(|r| &r.organisation == organisation) {
            Some(pos) => pos,
            None => {
                rows.push(OrganisationHarvest { organisation: organisation.clone(), ..total.clone() });
                let last = rows.last_mut().expect("just pushed");
                last.benefits = 0;
                last.calculated = Figures::ZERO;
                last.realised = Figures::ZERO;
                last.decided = Figures::ZERO;
                last.harvested = Figures::ZERO;
                last.without_decision = 0;
                rows.len() - 1
            }
        };
        for row in [&mut rows[pos], &mut total] {
            row.benefits += 1;
            row.calculated = row.calculated.plus(b.calculated.unwrap_or(Figures::ZERO));
            row.realised = row.realised.plus(b.realised.unwrap_or(Figures::ZERO));
            row.decided = row.decided.plus(b.decided);
            row.harvested = row.harvested.plus(b.harvested);
            row.without_decision += usize::from(b.decisions.is_empty());
        }
    }
    rows.sort_by(|a, b| a.organisation.cmp(&b.organisation));
    rows.push(total);
    rows
}

/// The harvest per organisation as of `as_of`, for the council pack, the CLI and the
/// window: every initiative with an approved plan or a decision.
pub fn harvest_by_organisation<S: RegisterStore>(register: &S, as_of: NaiveDate) -> Result<Vec<OrganisationHarvest>> {
    let data = register.followup_data(None)?;
    let decisions = register.all_harvest_decisions()?;
    let organisations = register.organisations()?;
    let cost_per_fte = register.register_settings()?.cost_per_fte;
    let evaluated: Vec<(&FollowUpEntry, PlanFollowUp)> =
        data.entries.iter().map(|e| (e, evaluate_initiative(&e.input(), as_of).followup)).collect();
    let evaluated = evaluated.iter().map(|(e, f)| (*e, f));
    Ok(roll_up(&collect(evaluated, &decisions, &organisations, cost_per_fte, as_of)))
}

/// [`harvest_by_organisation`] of entries read and evaluated already (a council pack's
/// scope, whose every section reads the same follow-ups).
pub fn harvest_of_entries<'a>(
    evaluated: impl IntoIterator<Item = (&'a FollowUpEntry, &'a PlanFollowUp)>,
    decisions: &[HarvestDecision],
    organisations: &[Organisation],
    cost_per_fte: Decimal,
    as_of: NaiveDate,
) -> Vec<OrganisationHarvest> {
    roll_up(&collect(evaluated, decisions, organisations, cost_per_fte, as_of))
}

/// Each benefit of every initiative with an approved plan, with the organisation it counts
/// for. Decisions of an initiative without an approved plan count for no organisation here
/// (there is no benefit to hold them); they are rare — a plan approved, decided on, then
/// never approved again is not possible — so they are left out.
fn collect<'a>(
    evaluated: impl IntoIterator<Item = (&'a FollowUpEntry, &'a PlanFollowUp)>,
    decisions: &[HarvestDecision],
    organisations: &[Organisation],
    cost_per_fte: Decimal,
    as_of: NaiveDate,
) -> Vec<(String, BenefitHarvest)> {
    let name_of = |id: i64| organisations.iter().find(|o| o.id == id).map(|o| o.name.clone());
    let mut out = Vec::new();
    for (entry, followup) in evaluated {
        let mine: Vec<HarvestDecision> =
            decisions.iter().filter(|d| d.initiative_id == entry.initiative_id).cloned().collect();
        for b in benefit_harvests(Some(entry), Some(followup), &mine, cost_per_fte, as_of) {
            let organisation = b.realised_by.and_then(name_of).unwrap_or_else(|| entry.organisation.clone());
            out.push((organisation, b));
        }
    }
    out
}

/// The organisation roll-up as shown: one row per organisation, kr and årsarbetare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationHarvestView {
    pub organisation: String,
    pub calculated: AmountView,
    pub realised: AmountView,
    pub decided: AmountView,
    pub harvested: AmountView,
    pub without_decision: usize,
}

pub fn organisation_view(r: &OrganisationHarvest) -> OrganisationHarvestView {
    let tkr = |f: Figures| AmountView { kr: format::tkr(f.kr), fte: format::ratio(f.fte) };
    OrganisationHarvestView {
        organisation: r.organisation.clone(),
        calculated: tkr(r.calculated),
        realised: tkr(r.realised),
        decided: tkr(r.decided),
        harvested: tkr(r.harvested),
        without_decision: r.without_decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::FteBasis;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Format's texts with plain spaces for its no-break ones.
    fn plain(text: &str) -> String {
        text.replace('\u{a0}', " ")
    }

    fn price() -> FtePrice {
        FtePrice { kr_per_fte: dec!(700000), basis: FteBasis::Register }
    }

    fn decision(id: i64, kind: HarvestKind, amount: Decimal, carried_out_on: Option<NaiveDate>) -> HarvestDecision {
        HarvestDecision {
            id,
            initiative_id: 1,
            fields: HarvestFields {
                benefit: "Kortare handläggning".into(),
                kind,
                amount,
                redeployed_to: if kind == HarvestKind::Omfordelning { "Hemtjänstens planering".into() } else { String::new() },
                reason: if kind == HarvestKind::EjHemtagen { "Ärendena ökar".into() } else { String::new() },
                from_date: d(2026, 7, 1),
                decided_by: "Socialnämnden".into(),
                decided_on: d(2026, 5, 20),
                decision_ref: "SN 2026/118 § 45".into(),
                carried_out_on,
                comment: String::new(),
            },
            row_version: 1,
            created_by: "x".into(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn calculated_realised_decided_and_harvested_side_by_side_with_the_gaps() {
        let decisions = vec![
            decision(1, HarvestKind::Budgetminskning, dec!(350000), Some(d(2026, 7, 1))),
            decision(2, HarvestKind::Omfordelning, dec!(140000), None),
            decision(3, HarvestKind::Kvalitetshojning, Decimal::ZERO, None),
        ];
        let b = assemble(
            "Kortare handläggning".into(),
            true,
            Some(Status::Gul),
            None,
            Some(dec!(700000)),
            Some(dec!(560000)),
            Some(d(2026, 9, 15)),
            price(),
            decisions,
            d(2026, 10, 31),
        );
        assert_eq!(b.calculated, Some(Figures { kr: dec!(700000), fte: dec!(1) }));
        assert_eq!(b.realised, Some(Figures { kr: dec!(560000), fte: dec!(0.8) }));
        assert_eq!(b.decided, Figures { kr: dec!(490000), fte: dec!(0.7) }, "money decisions only");
        assert_eq!(b.harvested, Figures { kr: dec!(350000), fte: dec!(0.5) }, "carried out only");
        let view = benefit_view(&b);
        assert_eq!(plain(&view.realised.kr), "560 000 kr");
        assert_eq!(view.realised.fte, "0,80 åa");
        assert_eq!(view.realised_note.as_deref(), Some("Årstakt enligt mätningen 2026-09-15"));
        let gaps: Vec<(&str, String)> = view.gaps.iter().map(|g| (g.label.as_str(), plain(&g.amount.kr))).collect();
        assert_eq!(
            gaps,
            [
                ("Realiserat men inte beslutat för hemtagning", "70 000 kr".to_string()),
                ("Beslutat men inte hemtaget", "140 000 kr".to_string())
            ]
        );
        assert_eq!(view.decisions[1].what, "Omfördelning till Hemtjänstens planering");
        assert_eq!(view.decisions[1].carried_out, "Inte genomförd");
        assert_eq!(view.decisions[2].amount.kr, "–");
        assert_eq!(plain(&view.fte_basis), "1 åa = 700 000 kr (registrets kostnad per årsarbetare)");
    }

    #[test]
    fn an_unmeasured_benefit_shows_ej_matt_and_its_gap_from_the_calculation() {
        let b = assemble("N".into(), true, Some(Status::Saknas), None, Some(dec!(700000)), None, None, price(), vec![], d(2026, 10, 31));
        let view = benefit_view(&b);
        assert_eq!((view.realised.kr.as_str(), view.realised.fte.as_str()), ("Ej mätt", "Ej mätt"));
        assert_eq!(view.realised_note, None);
        assert_eq!(view.gaps[0].label, "Kalkylerat men inte beslutat för hemtagning");
        assert_eq!(view.gaps[0].amount.fte, "1,00 åa");
    }

    #[test]
    fn the_table_row_follows_seed_001_3_3_over_the_current_year() {
        // 365 000 kr a year from 2026-07-01, carried out then; as of 2026-10-31.
        let done = decision(1, HarvestKind::Budgetminskning, dec!(365000), Some(d(2026, 7, 1)));
        let row = table_row("NR-1 Insats", &done, &price(), d(2026, 10, 31));
        assert_eq!(row.full_year.kr, dec!(365000));
        // 184 days of 365 from 1 July.
        assert_eq!(row.planned_this_year.kr, dec!(184000));
        // 1 July – 31 October: 123 days.
        assert_eq!(row.to_date, dec!(123000));
        assert_eq!(row.assessed_this_year.kr, dec!(184000));
        let view = table_row_view(&row);
        assert_eq!((plain(&view.full_year_tkr), plain(&view.to_date_tkr)), ("365 tkr".into(), "123 tkr".into()));
        assert_eq!(view.planned_this_year_fte, "0,26");
        assert!(plain(&view.action).starts_with("Budgetminskning (Socialnämnden 2026-05-20)"), "{}", view.action);

        // Not yet carried out: assessed from tomorrow, nothing to date.
        let pending = decision(2, HarvestKind::Omfordelning, dec!(365000), None);
        let row = table_row("NR-1 Insats", &pending, &price(), d(2026, 10, 31));
        assert_eq!((row.to_date, row.assessed_this_year.kr), (Decimal::ZERO, dec!(61000)));
        // Not harvested: no effect at all.
        let none = decision(3, HarvestKind::EjHemtagen, dec!(365000), None);
        let row = table_row("NR-1 Insats", &none, &price(), d(2026, 10, 31));
        assert_eq!((row.full_year.kr, row.assessed_this_year.kr), (Decimal::ZERO, Decimal::ZERO));
        assert!(row.action.starts_with("Ej hemtagen: Ärendena ökar"));
    }

    #[test]
    fn the_roll_up_sums_per_organisation_and_for_the_register() {
        let harvested = assemble(
            "A".into(),
            true,
            Some(Status::Gron),
            None,
            Some(dec!(700000)),
            Some(dec!(700000)),
            None,
            price(),
            vec![decision(1, HarvestKind::Budgetminskning, dec!(350000), Some(d(2026, 7, 1)))],
            d(2026, 10, 31),
        );
        let undecided = assemble("B".into(), true, Some(Status::Saknas), None, Some(dec!(140000)), None, None, price(), vec![], d(2026, 10, 31));
        let unlinked = assemble("C".into(), true, None, None, None, None, None, price(), vec![], d(2026, 10, 31));
        let rows = roll_up(&[
            ("Socialförvaltningen".into(), harvested.clone()),
            ("Intraservice".into(), undecided),
            ("Intraservice".into(), unlinked),
            ("Socialförvaltningen".into(), harvested),
        ]);
        let names: Vec<&str> = rows.iter().map(|r| r.organisation.as_str()).collect();
        assert_eq!(names, ["Intraservice", "Socialförvaltningen", "Hela registret"]);
        assert_eq!((rows[0].benefits, rows[0].without_decision), (1, 1), "an unlinked benefit without decisions is left out");
        assert_eq!(rows[1].decided, Figures { kr: dec!(700000), fte: dec!(1) });
        assert_eq!(rows[2].calculated.kr, dec!(1540000));
        assert_eq!(rows[2].realised.kr, dec!(1400000), "the unmeasured benefit adds no realised value");
        assert_eq!(rows[2].harvested.fte, dec!(1));
        let view = organisation_view(&rows[2]);
        assert_eq!((plain(&view.calculated.kr), view.calculated.fte.as_str()), ("1 540 tkr".into(), "2,20"));
    }
}
