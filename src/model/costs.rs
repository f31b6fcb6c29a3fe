//! The rules that make an initiative's costs comparable (issue 15; seed 002 §6.2, seed 003
//! §3.1, docs/kostnader.md): the cost table per year, cost type (intern/extern) and kind
//! (förvaltning/utveckling) with its totals and Avvikelse, the "Endast externa kostnader"
//! flag, and the decision year that anchors the old relative running-cost years.
//!
//! Pure functions over exact kronor; rounding to tkr happens only in `format`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::initiative::{CostKind, CostType, CostYearFields, RunningCostYear};

/// What the "Endast externa kostnader" flag says, beside the costs wherever they are shown
/// (the window, the initiative report, the council pack).
pub const ONLY_EXTERNAL_LABEL: &str = "Endast externa kostnader";
/// The flag's symbol: status never by colour alone.
pub const ONLY_EXTERNAL_SYMBOL: &str = "⚠";
/// What the flag means.
pub const ONLY_EXTERNAL_MEANING: &str = "Insatsen har bara externa kostnader (fakturor) registrerade, ingen intern \
     kostnad för egen personals tid. Kostnaden kan därför inte jämföras med insatser som räknar med båda.";
/// How the amounts are rounded, said under every cost table.
pub const ROUNDING_NOTE: &str = "Belopp i tkr, avrundade till hela tusental kronor. Summorna räknas på kronor \
     och avrundas sist, så delarna kan skilja sig 1 tkr från summan. Avvikelse = budget − prognos.";

/// The hours beside the rate that turned them into kronor: "120 h à 650 kr/h"; an internal
/// row with hours but no rate (as migration 0005 carried the earlier rows) says
/// "timpris saknas".
pub fn hours_text(f: &CostYearFields) -> String {
    use crate::format;
    match (f.hours, f.hourly_rate) {
        (Some(h), Some(rate)) => format!("{} h à {} kr/h", format::value(h), format::value(rate)),
        (Some(h), None) if f.cost_type == CostType::Intern => format!("{} h, timpris saknas", format::value(h)),
        (Some(h), None) => format!("{} h", format::value(h)),
        (None, _) => "–".into(),
    }
}

/// Budget, Utfall and Prognos in kronor; `None` where nothing was entered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub forecast: Option<Decimal>,
    /// Avvikelse = Budget − Prognos: positive when the forecast stays under budget. Of a
    /// row, only when it has both; of a sum, the sum of its rows' Avvikelser, so a row
    /// without a budget or a forecast never counts as a deviation.
    pub deviation: Option<Decimal>,
}

impl Amounts {
    pub fn of(budget: Option<Decimal>, actual: Option<Decimal>, forecast: Option<Decimal>) -> Amounts {
        let deviation = match (budget, forecast) {
            (Some(b), Some(f)) => Some(b - f),
            _ => None,
        };
        Amounts { budget, actual, forecast, deviation }
    }

    /// Adds another row's or sum's amounts: a blank stays blank only when both are blank.
    pub fn add(&mut self, other: &Amounts) {
        fn plus(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
            match (a, b) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
            }
        }
        self.budget = plus(self.budget, other.budget);
        self.actual = plus(self.actual, other.actual);
        self.forecast = plus(self.forecast, other.forecast);
        self.deviation = plus(self.deviation, other.deviation);
    }

    /// Whether any amount other than zero was entered.
    pub fn any(&self) -> bool {
        [self.budget, self.actual, self.forecast].iter().any(|a| a.is_some_and(|a| !a.is_zero()))
    }
}

/// One row of the cost table: a year, a cost type and a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub year: i32,
    pub cost_type: CostType,
    pub kind: CostKind,
    pub amounts: Amounts,
    pub hours: Option<Decimal>,
    pub hourly_rate: Option<Decimal>,
}

/// An initiative's costs with every sum the window and the reports show. Intern and extern
/// are never added into one figure without both being shown beside it: `total` comes with
/// `by_type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSummary {
    /// In year order, then förvaltning before utveckling, then intern before extern.
    pub lines: Vec<CostLine>,
    /// Sums per kind and type: förvaltning intern, förvaltning extern, utveckling intern,
    /// utveckling extern (always all four, blank where nothing was entered).
    pub by_kind_and_type: Vec<(CostKind, CostType, Amounts)>,
    /// Sums per type: intern, extern.
    pub by_type: Vec<(CostType, Amounts)>,
    /// Sums per kind: förvaltning, utveckling.
    pub by_kind: Vec<(CostKind, Amounts)>,
    pub total: Amounts,
    /// "Endast externa kostnader" ([`only_external`]).
    pub only_external: bool,
}

const KINDS: [CostKind; 2] = [CostKind::Forvaltning, CostKind::Utveckling];
const TYPES: [CostType; 2] = [CostType::Intern, CostType::Extern];

fn kind_order(kind: CostKind) -> u8 {
    match kind {
        CostKind::Forvaltning => 0,
        CostKind::Utveckling => 1,
    }
}

fn type_order(cost_type: CostType) -> u8 {
    match cost_type {
        CostType::Intern => 0,
        CostType::Extern => 1,
    }
}

/// The cost table of an initiative's rows.
pub fn summarise<'a>(rows: impl IntoIterator<Item = &'a CostYearFields>) -> CostSummary {
    let mut lines: Vec<CostLine> = rows
        .into_iter()
        .map(|r| CostLine {
            year: r.year,
            cost_type: r.cost_type,
            kind: r.kind,
            amounts: Amounts::of(r.budget, r.actual, r.forecast),
            hours: r.hours,
            hourly_rate: r.hourly_rate,
        })
        .collect();
    lines.sort_by_key(|l| (l.year, kind_order(l.kind), type_order(l.cost_type)));
    let sum = |keep: &dyn Fn(&CostLine) -> bool| {
        let mut amounts = Amounts::default();
        for line in lines.iter().filter(|l| keep(l)) {
            amounts.add(&line.amounts);
        }
        amounts
    };
    let by_kind_and_type = KINDS
        .iter()
        .flat_map(|k| TYPES.iter().map(move |t| (*k, *t)))
        .map(|(k, t)| (k, t, sum(&|l| l.kind == k && l.cost_type == t)))
        .collect();
    let by_type = TYPES.iter().map(|t| (*t, sum(&|l| l.cost_type == *t))).collect();
    let by_kind = KINDS.iter().map(|k| (*k, sum(&|l| l.kind == *k))).collect();
    let total = sum(&|_| true);
    let only_external = only_external(lines.iter().map(|l| (l.cost_type, &l.amounts)));
    CostSummary { lines, by_kind_and_type, by_type, by_kind, total, only_external }
}

/// "Endast externa kostnader": the initiative has external costs but no internal cost at all
/// (no amount other than zero on an internal row). Its cost shows the invoices only, not its
/// own staff's time, so it cannot be compared with initiatives that count both (seed 002
/// §6.2). An initiative without any cost is not flagged: there is nothing to compare.
pub fn only_external<'a>(lines: impl IntoIterator<Item = (CostType, &'a Amounts)>) -> bool {
    let (mut internal, mut external) = (false, false);
    for (cost_type, amounts) in lines {
        match cost_type {
            CostType::Intern => internal |= amounts.any(),
            CostType::Extern => external |= amounts.any(),
        }
    }
    external && !internal
}

/// Where an initiative's decision year comes from ([`decision_year`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionSource {
    /// The first approved calculation or plan version.
    Approval,
    StartDate,
    Created,
}

impl DecisionSource {
    pub fn label(self) -> &'static str {
        match self {
            DecisionSource::Approval => "första godkända nyttokalkyl eller nyttorealiseringsplan",
            DecisionSource::StartDate => "startdatum",
            DecisionSource::Created => "året insatsen registrerades",
        }
    }
}

/// The initiative's decision year (beslutsår), which "år N" of the old running-cost impact
/// meant: the year of the first approved calculation or plan version (the date of its
/// decision), else the year of the start date, else the year the initiative was created in
/// the register (`created_at`, ISO text). Migration 0005 applies the same rule in SQL.
/// `None` only when not even `created_at` starts with a year.
pub fn decision_year(
    approvals: impl IntoIterator<Item = NaiveDate>,
    start_date: Option<NaiveDate>,
    created_at: &str,
) -> Option<(i32, DecisionSource)> {
    use chrono::Datelike;
    if let Some(first) = approvals.into_iter().min() {
        return Some((first.year(), DecisionSource::Approval));
    }
    if let Some(start) = start_date {
        return Some((start.year(), DecisionSource::StartDate));
    }
    created_at
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok())
        .map(|y| (y, DecisionSource::Created))
}

/// "År N, N+1, N+2 eller senare" as calendar years from the decision year `n`; a blank year
/// stays out, a zero is kept.
pub fn anchor_relative_years(n: i32, relative: [Option<Decimal>; 3]) -> Vec<RunningCostYear> {
    relative
        .iter()
        .enumerate()
        .filter_map(|(i, amount)| amount.map(|amount| RunningCostYear { year: n + i as i32, amount }))
        .collect()
}

/// The audit log's sentence for an anchored initiative, as migration 0005 writes it.
pub fn anchoring_reason(n: i32, source: DecisionSource) -> String {
    format!(
        "Påverkan på förvaltningskostnad angavs som år N, N+1 och N+2 eller senare; nu per kalenderår: \
         år N = {n}, år N+1 = {}, år N+2 eller senare = {} (beslutsår {n}, från {}).",
        n + 1,
        n + 2,
        source.label()
    )
}

/// One initiative's part of a supplier's annual analysis ([`supplier_year`]).
#[derive(Debug, Clone, Copy)]
pub struct InitiativeCosts<'a> {
    pub code: &'a str,
    /// The base or infrastructure service the initiative develops or runs (its
    /// `base_service` text); blank when none is named.
    pub base_service: &'a str,
    pub costs: &'a [CostYearFields],
    pub running_cost: &'a [RunningCostYear],
}

/// Seed 003 §3.1's three figures for analysis year Y, in kronor: Utfall of Y−2, Budget of
/// Y−1 and Prognos of Y (an analysis written in year Y−1 for year Y knows the outcome of
/// Y−2, the budget of the running year and forecasts the next).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisFigures {
    /// Utfall år Y−2.
    pub actual: Option<Decimal>,
    /// Budget år Y−1.
    pub budget: Option<Decimal>,
    /// Prognos år Y.
    pub forecast: Option<Decimal>,
}

impl AnalysisFigures {
    fn add(&mut self, other: &AnalysisFigures) {
        let plus = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
        };
        self.actual = plus(self.actual, other.actual);
        self.budget = plus(self.budget, other.budget);
        self.forecast = plus(self.forecast, other.forecast);
    }
}

/// The figures of one kind of cost, intern and extern apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFigures {
    pub intern: AnalysisFigures,
    pub extern_: AnalysisFigures,
}

/// A base service's costs in a supplier's annual analysis, förvaltning and utveckling apart,
/// intern and extern apart, and the running-cost impact of its initiatives in Y, Y+1, Y+2
/// (the template's columns 5–7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFigures {
    /// The base service's name; blank for initiatives that name none (the template's
    /// "förändringsinsatser ej befintlig tjänst").
    pub base_service: String,
    /// The initiatives counted, by code.
    pub initiatives: Vec<String>,
    /// Those of them with only external costs ([`only_external`]): their figures lack their
    /// own staff's time.
    pub only_external: Vec<String>,
    pub forvaltning: KindFigures,
    pub utveckling: KindFigures,
    /// Påverkan på förvaltningskostnad in Y, Y+1 and Y+2, kr per year.
    pub running_cost: [Option<Decimal>; 3],
}

impl ServiceFigures {
    fn new(base_service: &str) -> Self {
        ServiceFigures {
            base_service: base_service.to_string(),
            initiatives: Vec::new(),
            only_external: Vec::new(),
            forvaltning: KindFigures::default(),
            utveckling: KindFigures::default(),
            running_cost: [None; 3],
        }
    }

    fn add(&mut self, other: &ServiceFigures) {
        self.initiatives.extend(other.initiatives.iter().cloned());
        self.only_external.extend(other.only_external.iter().cloned());
        for (mine, theirs) in [(&mut self.forvaltning, &other.forvaltning), (&mut self.utveckling, &other.utveckling)] {
            mine.intern.add(&theirs.intern);
            mine.extern_.add(&theirs.extern_);
        }
        for (mine, theirs) in self.running_cost.iter_mut().zip(other.running_cost) {
            if let Some(t) = theirs {
                *mine = Some(mine.unwrap_or_default() + t);
            }
        }
    }
}

/// A supplier's costs for the annual analysis of year Y: one entry per base service, by name
/// (letter case aside), the initiatives without one last, and the sum of all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierYear {
    pub year: i32,
    pub services: Vec<ServiceFigures>,
    /// Every service together ("Totalkostnad"), `base_service` blank.
    pub total: ServiceFigures,
}

/// Seed 003 §3.1 for one supplier and analysis year `year` from its initiatives.
pub fn supplier_year<'a>(year: i32, initiatives: impl IntoIterator<Item = InitiativeCosts<'a>>) -> SupplierYear {
    let mut services: Vec<ServiceFigures> = Vec::new();
    for initiative in initiatives {
        let name = initiative.base_service.trim();
        let position = services.iter().position(|s| s.base_service.to_lowercase() == name.to_lowercase());
        let service = match position {
            Some(p) => &mut services[p],
            None => {
                services.push(ServiceFigures::new(name));
                services.last_mut().expect("just pushed")
            }
        };
        service.initiatives.push(initiative.code.to_string());
        let summary = summarise(initiative.costs);
        if summary.only_external {
            service.only_external.push(initiative.code.to_string());
        }
        for row in initiative.costs {
            let kind = match row.kind {
                CostKind::Forvaltning => &mut service.forvaltning,
                CostKind::Utveckling => &mut service.utveckling,
            };
            let figures = match row.cost_type {
                CostType::Intern => &mut kind.intern,
                CostType::Extern => &mut kind.extern_,
            };
            let part = AnalysisFigures {
                actual: row.actual.filter(|_| row.year == year - 2),
                budget: row.budget.filter(|_| row.year == year - 1),
                forecast: row.forecast.filter(|_| row.year == year),
            };
            figures.add(&part);
        }
        for y in initiative.running_cost {
            let offset = y.year - year;
            if (0..3).contains(&offset) {
                let slot = &mut service.running_cost[offset as usize];
                *slot = Some(slot.unwrap_or_default() + y.amount);
            }
        }
    }
    services.sort_by(|a, b| {
        (a.base_service.is_empty(), a.base_service.to_lowercase()).cmp(&(b.base_service.is_empty(), b.base_service.to_lowercase()))
    });
    let mut total = ServiceFigures::new("");
    for service in &services {
        total.add(service);
    }
    SupplierYear { year, services, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    fn row(year: i32, cost_type: CostType, kind: CostKind, budget: Option<i64>, actual: Option<i64>, forecast: Option<i64>) -> CostYearFields {
        CostYearFields {
            year,
            cost_type,
            kind,
            budget: budget.map(d),
            actual: actual.map(d),
            forecast: forecast.map(d),
            hours: None,
            hourly_rate: None,
            comment: String::new(),
        }
    }

    #[test]
    fn avvikelse_is_budget_minus_prognos_and_only_with_both() {
        assert_eq!(Amounts::of(Some(d(500)), None, Some(d(650))).deviation, Some(d(-150)));
        assert_eq!(Amounts::of(Some(d(500)), Some(d(10)), None).deviation, None);
        assert_eq!(Amounts::of(None, None, Some(d(5))).deviation, None);
    }

    #[test]
    fn totals_per_type_and_kind_keep_intern_and_extern_apart() {
        use CostKind::*;
        use CostType::*;
        let rows = [
            row(2026, Extern, Utveckling, Some(400_000), Some(100_000), Some(420_000)),
            row(2025, Intern, Utveckling, Some(200_000), Some(190_000), Some(190_000)),
            row(2026, Intern, Forvaltning, Some(50_000), None, None),
            row(2026, Extern, Forvaltning, None, None, Some(30_000)),
        ];
        let s = summarise(&rows);
        let order: Vec<_> = s.lines.iter().map(|l| (l.year, l.kind, l.cost_type)).collect();
        assert_eq!(order, [(2025, Utveckling, Intern), (2026, Forvaltning, Intern), (2026, Forvaltning, Extern), (2026, Utveckling, Extern)]);
        assert_eq!(s.by_type[0], (Intern, Amounts { budget: Some(d(250_000)), actual: Some(d(190_000)), forecast: Some(d(190_000)), deviation: Some(d(10_000)) }));
        assert_eq!(s.by_type[1], (Extern, Amounts { budget: Some(d(400_000)), actual: Some(d(100_000)), forecast: Some(d(450_000)), deviation: Some(d(-20_000)) }));
        assert_eq!(s.by_kind[0].1.budget, Some(d(50_000)));
        assert_eq!(s.by_kind[0].1.forecast, Some(d(30_000)));
        // No row of förvaltning has both budget and forecast: no deviation to sum.
        assert_eq!(s.by_kind[0].1.deviation, None);
        assert_eq!(s.by_kind_and_type.len(), 4);
        assert_eq!(s.by_kind_and_type[1], (Forvaltning, Extern, Amounts { forecast: Some(d(30_000)), ..Amounts::default() }));
        assert_eq!(s.total.budget, Some(d(650_000)));
        assert_eq!(s.total.deviation, Some(d(-10_000)));
        assert!(!s.only_external);
    }

    #[test]
    fn only_external_costs_are_flagged_and_no_costs_are_not() {
        use CostKind::*;
        use CostType::*;
        assert!(summarise(&[row(2026, Extern, Utveckling, Some(1), None, None)]).only_external);
        // An internal row of zeros is no internal cost.
        assert!(summarise(&[
            row(2026, Extern, Utveckling, Some(1), None, None),
            row(2026, Intern, Utveckling, Some(0), None, None),
        ])
        .only_external);
        assert!(!summarise(&[
            row(2026, Extern, Utveckling, Some(1), None, None),
            row(2027, Intern, Forvaltning, None, Some(5), None),
        ])
        .only_external);
        assert!(!summarise(&[]).only_external);
        assert!(!summarise(&[row(2026, Intern, Utveckling, Some(1), None, None)]).only_external);
    }

    #[test]
    fn the_decision_year_is_the_first_approval_else_the_start_else_the_creation() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            decision_year([date(2025, 3, 1), date(2024, 12, 10)], Some(date(2023, 1, 1)), "2026-01-01T10:00:00"),
            Some((2024, DecisionSource::Approval))
        );
        assert_eq!(decision_year([], Some(date(2023, 9, 1)), "2026-01-01T10:00:00"), Some((2023, DecisionSource::StartDate)));
        assert_eq!(decision_year([], None, "2026-01-01T10:00:00"), Some((2026, DecisionSource::Created)));
        assert_eq!(decision_year([], None, ""), None);
    }

    #[test]
    fn the_annual_analysis_takes_utfall_two_years_back_budget_last_year_and_prognos_this_year() {
        use CostKind::*;
        use CostType::*;
        let a = [
            row(2024, Extern, Forvaltning, Some(1), Some(23_588_000), Some(3)),
            row(2025, Extern, Forvaltning, Some(25_003_000), Some(5), Some(6)),
            row(2026, Extern, Forvaltning, Some(7), None, Some(26_500_000)),
            row(2025, Intern, Utveckling, Some(840_000), None, None),
        ];
        let b = [row(2026, Extern, Utveckling, Some(9), None, Some(100_000))];
        let c = [row(2024, Extern, Utveckling, None, Some(500_000), None)];
        let running = [RunningCostYear { year: 2027, amount: d(315_000) }, RunningCostYear { year: 2030, amount: d(1) }];
        let y = supplier_year(2026, [
            InitiativeCosts { code: "A", base_service: "Göteborgs Stads kontaktcenter", costs: &a, running_cost: &running },
            InitiativeCosts { code: "C", base_service: "", costs: &c, running_cost: &[] },
            InitiativeCosts { code: "B", base_service: "göteborgs stads kontaktcenter ", costs: &b, running_cost: &[] },
        ]);
        assert_eq!(y.services.len(), 2);
        let k = &y.services[0];
        assert_eq!(k.base_service, "Göteborgs Stads kontaktcenter");
        assert_eq!(k.initiatives, ["A", "B"]);
        assert_eq!(k.only_external, ["B"]);
        assert_eq!(
            k.forvaltning.extern_,
            AnalysisFigures { actual: Some(d(23_588_000)), budget: Some(d(25_003_000)), forecast: Some(d(26_500_000)) }
        );
        assert_eq!(k.utveckling.intern, AnalysisFigures { actual: None, budget: Some(d(840_000)), forecast: None });
        assert_eq!(k.utveckling.extern_.forecast, Some(d(100_000)));
        assert_eq!(k.running_cost, [None, Some(d(315_000)), None]);
        assert_eq!(y.services[1].base_service, "", "the initiatives without a base service come last");
        assert_eq!(y.total.utveckling.extern_.actual, Some(d(500_000)));
        assert_eq!(y.total.initiatives.len(), 3);
    }

    #[test]
    fn relative_years_are_anchored_to_the_decision_year() {
        let years = anchor_relative_years(2025, [Some(d(0)), None, Some(d(450_000))]);
        assert_eq!(years, [RunningCostYear { year: 2025, amount: d(0) }, RunningCostYear { year: 2027, amount: d(450_000) }]);
        assert_eq!(
            anchoring_reason(2025, DecisionSource::StartDate),
            "Påverkan på förvaltningskostnad angavs som år N, N+1 och N+2 eller senare; nu per kalenderår: \
             år N = 2025, år N+1 = 2026, år N+2 eller senare = 2027 (beslutsår 2025, från startdatum)."
        );
    }
}
