//! A large, realistic register, generated from a seed: the same seed and [`Spec`] give the
//! same register, measurement for measurement.
//!
//! The register is built in two steps. [`Blueprint::new`] decides everything — the
//! organisations, each initiative's dates, phase, plan, calculation, status reports, costs and
//! the dates and values of its measurements — without touching a file. [`write_register`]
//! then stores it through the library's own store functions (one transaction per action,
//! with audit rows, exactly as the app would), except the million measurements, which go in
//! through the store's bulk loader ([`nytta::store::Register::bulk_load_measurements`]).
//!
//! Because the blueprint is a pure function of the seed, the import benchmark can write a
//! CSV of *other* measurements of the same indicators (each one day after a stored one, so
//! none collides) without reading the register, and the raw-insert baseline can insert exactly
//! the same rows.

use nytta::store::prelude::*;
use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use nytta::model::calculation::{
    CalcLine, CalcSettings, Calculation, Category, CostType, Estimate, LineKind, LineValue, Perspective, Quantity,
    Rate, Timing,
};
use nytta::model::initiative::{
    Assessment, BenefitReach, ChangeKind, Complexity, CostYearFields, Dimension, InitiativeFields, OrganisationKind,
    Phase, Rag, RunningCostImpact, RunningCostYear, StatusReportFields, CostKind,
};
use nytta::model::plan::{AllowedRange, Baseline, Benefit, Direction, Indicator, Plan, Target};
use nytta::model::Approval;
use nytta::store::Register;

/// Bump when the generator's output changes: cached registers of an older version are not
/// reused.
pub const GENERATOR_VERSION: u32 = 3;

/// The date every benchmark evaluates as of, and the last day of the generated history
/// (the same date as the demo register's).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date")
}

/// The first day of the five years of history.
fn history_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 11, 1).expect("valid date")
}

/// How big a register to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Spec {
    pub seed: u64,
    pub organisations: usize,
    pub initiatives: usize,
    /// Indicators over the whole register; each initiative has between half and one and a
    /// half times the average, and the total is exact.
    pub indicators: usize,
    /// Measurements per indicator (so `indicators × this` in all).
    pub measurements_per_indicator: usize,
    /// Initiatives followed by the council (särskilt följda).
    pub council_tracked: usize,
    /// Lines per benefit calculation, at least and at most.
    pub calc_lines: (usize, usize),
}

impl Spec {
    /// The register of the benchmark suite: 1 000 initiatives in 20 organisations, 20 000
    /// indicators, 1 000 000 measurements, 200 council-tracked initiatives, calculations of
    /// 10–40 lines, status reports over five years.
    pub fn full(seed: u64) -> Spec {
        Spec {
            seed,
            organisations: 20,
            initiatives: 1000,
            indicators: 20_000,
            measurements_per_indicator: 50,
            council_tracked: 200,
            calc_lines: (10, 40),
        }
    }

    /// A small register of the same shape, for the smoke test.
    pub fn tiny(seed: u64) -> Spec {
        Spec {
            seed,
            organisations: 3,
            initiatives: 10,
            indicators: 40,
            measurements_per_indicator: 8,
            council_tracked: 2,
            calc_lines: (10, 40),
        }
    }

    pub fn measurements(&self) -> usize {
        self.indicators * self.measurements_per_indicator
    }

    /// A name that changes with everything that changes the generated file: for caching.
    pub fn cache_key(&self) -> String {
        format!(
            "g{GENERATOR_VERSION}-s{}-schema{}-{}i-{}m",
            self.seed,
            nytta::store::LATEST_VERSION,
            self.initiatives,
            self.measurements()
        )
    }
}

// ---- a small deterministic random number generator (SplitMix64) -------------------------------

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// An independent stream for one part of the register, so that changing how one part is
    /// drawn does not change the others.
    pub fn fork(&self, salt: u64) -> Rng {
        let mut r = Rng(self.0 ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

fn days(n: i64) -> Days {
    Days::new(n.unsigned_abs())
}

fn add_days(date: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        date + days(n)
    } else {
        date - days(n)
    }
}

/// A value with one decimal, from a float.
fn one_decimal(x: f64) -> Decimal {
    Decimal::new((x * 10.0).round() as i64, 1).normalize()
}

// ---- the blueprint ----------------------------------------------------------------------------

/// What an indicator measures, and how its values move.
struct Kind {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    direction: Direction,
    range: (Option<i64>, Option<i64>),
    /// The baseline is drawn from this range.
    baseline: (i64, i64),
    /// The final target's change from the baseline, as a fraction of it (or of the room to
    /// 100 for percentages that should rise).
    change: (f64, f64),
    /// Whole numbers only (counts).
    whole: bool,
}

const KINDS: &[Kind] = &[
    Kind { code: "DIGAND", name: "Andel ärenden som kommer in digitalt", unit: "%", direction: Direction::HigherIsBetter, range: (Some(0), Some(100)), baseline: (10, 50), change: (0.3, 0.7), whole: false },
    Kind { code: "NKI", name: "Nöjd-kund-index", unit: "index", direction: Direction::HigherIsBetter, range: (Some(0), Some(100)), baseline: (52, 70), change: (0.15, 0.4), whole: false },
    Kind { code: "HTID", name: "Handläggningstid, median", unit: "dagar", direction: Direction::LowerIsBetter, range: (Some(0), Some(365)), baseline: (8, 45), change: (0.3, 0.7), whole: false },
    Kind { code: "ADMTID", name: "Tid för administration", unit: "timmar/månad", direction: Direction::LowerIsBetter, range: (Some(0), None), baseline: (60, 420), change: (0.2, 0.5), whole: false },
    Kind { code: "SAMTAL", name: "Samtal till kontaktcenter", unit: "st/månad", direction: Direction::LowerIsBetter, range: (Some(0), None), baseline: (400, 5000), change: (0.15, 0.4), whole: true },
    Kind { code: "SVAR3", name: "Andel samtal besvarade inom tre minuter", unit: "%", direction: Direction::HigherIsBetter, range: (Some(0), Some(100)), baseline: (35, 70), change: (0.3, 0.6), whole: false },
    Kind { code: "INLOGG", name: "Inloggningar i e-tjänsten", unit: "st/månad", direction: Direction::HigherIsBetter, range: (Some(0), None), baseline: (150, 3000), change: (0.5, 2.0), whole: true },
    Kind { code: "KOMPL", name: "Andel ärenden som behöver kompletteras", unit: "%", direction: Direction::LowerIsBetter, range: (Some(0), Some(100)), baseline: (25, 60), change: (0.25, 0.5), whole: false },
    Kind { code: "FEL", name: "Felregistreringar", unit: "st/månad", direction: Direction::LowerIsBetter, range: (Some(0), None), baseline: (20, 260), change: (0.3, 0.6), whole: true },
    Kind { code: "VANT", name: "Väntetid till första kontakt", unit: "dagar", direction: Direction::LowerIsBetter, range: (Some(0), Some(365)), baseline: (5, 30), change: (0.3, 0.6), whole: false },
    Kind { code: "PAPPER", name: "Utskick på papper", unit: "st/månad", direction: Direction::LowerIsBetter, range: (Some(0), None), baseline: (800, 12000), change: (0.3, 0.7), whole: true },
    Kind { code: "ANVAND", name: "Andel medarbetare som använder systemet dagligen", unit: "%", direction: Direction::HigherIsBetter, range: (Some(0), Some(100)), baseline: (5, 40), change: (0.4, 0.8), whole: false },
];

/// One indicator of the blueprint with its measurement schedule.
pub struct IndicatorPlan {
    pub indicator: Indicator,
    kind: usize,
    baseline: f64,
    final_target: f64,
    /// How far towards the target the values actually go (1 = all the way).
    performance: f64,
    /// The measurements: `count` dates from `first`, `step` days apart.
    first: NaiveDate,
    step: i64,
    count: usize,
    noise_seed: u64,
}

impl IndicatorPlan {
    /// The dates and values of the stored measurements (`shift` 0) or of the import file's
    /// (`shift` 1: a day later each, with other values).
    fn measurement(&self, j: usize, shift: i64, go_live: NaiveDate) -> (NaiveDate, Decimal) {
        let date = add_days(self.first, self.step * j as i64 + shift);
        let mut noise = Rng::new(self.noise_seed ^ ((j as u64) << 1) ^ shift as u64);
        let months_live = (date - go_live).num_days() as f64 / 30.4;
        let progress = if months_live <= 0.0 { 0.0 } else { (months_live / 12.0).min(1.3) * self.performance };
        let expected = self.baseline + (self.final_target - self.baseline) * progress;
        let spread = (self.baseline.abs() * 0.012).max(0.2);
        let mut value = expected + (noise.unit() * 2.0 - 1.0) * spread;
        let kind = &KINDS[self.kind];
        if let Some(min) = kind.range.0 {
            value = value.max(min as f64);
        }
        if let Some(max) = kind.range.1 {
            value = value.min(max as f64);
        }
        let value = if kind.whole { Decimal::from(value.round() as i64) } else { one_decimal(value) };
        (date, value)
    }
}

/// One initiative of the blueprint.
pub struct InitiativePlan {
    pub fields: InitiativeFields,
    pub calculation: Calculation,
    pub calc_approval: Approval,
    pub plan: Plan,
    pub plan_approval: Approval,
    pub indicators: Vec<IndicatorPlan>,
    pub status_reports: Vec<StatusReportFields>,
    pub costs: Vec<CostYearFields>,
    go_live: NaiveDate,
}

impl InitiativePlan {
    pub fn code(&self) -> &str {
        &self.fields.code
    }
}

/// The whole register, decided but not yet written.
pub struct Blueprint {
    pub spec: Spec,
    pub organisations: Vec<(String, OrganisationKind, String)>,
    pub initiatives: Vec<InitiativePlan>,
}

const ORGANISATIONS: &[(&str, OrganisationKind, &str)] = &[
    ("Stadsledningsförvaltningen", OrganisationKind::Forvaltning, "Kommunstyrelsen"),
    ("Socialförvaltningen", OrganisationKind::Forvaltning, "Socialnämnden"),
    ("Äldreförvaltningen", OrganisationKind::Forvaltning, "Äldrenämnden"),
    ("Förskoleförvaltningen", OrganisationKind::Forvaltning, "Förskolenämnden"),
    ("Grundskoleförvaltningen", OrganisationKind::Forvaltning, "Grundskolenämnden"),
    ("Gymnasie- och vuxenutbildningsförvaltningen", OrganisationKind::Forvaltning, "Utbildningsnämnden"),
    ("Kulturförvaltningen", OrganisationKind::Forvaltning, "Kulturnämnden"),
    ("Idrotts- och föreningsförvaltningen", OrganisationKind::Forvaltning, "Idrottsnämnden"),
    ("Stadsbyggnadsförvaltningen", OrganisationKind::Forvaltning, "Byggnadsnämnden"),
    ("Miljöförvaltningen", OrganisationKind::Forvaltning, "Miljönämnden"),
    ("Trafikkontoret", OrganisationKind::Forvaltning, "Trafiknämnden"),
    ("Fastighetskontoret", OrganisationKind::Forvaltning, "Fastighetsnämnden"),
    ("Arbetsmarknadsförvaltningen", OrganisationKind::Forvaltning, "Arbetsmarknadsnämnden"),
    ("Funktionsstödsförvaltningen", OrganisationKind::Forvaltning, "Nämnden för funktionsstöd"),
    ("Servicförvaltningen", OrganisationKind::Forvaltning, "Servicenämnden"),
    ("Stadens Bostäder AB", OrganisationKind::Bolag, "Styrelsen för Stadens Bostäder AB"),
    ("Hamn och Logistik AB", OrganisationKind::Bolag, "Styrelsen för Hamn och Logistik AB"),
    ("Stadens Energi AB", OrganisationKind::Bolag, "Styrelsen för Stadens Energi AB"),
    ("Vatten och Avfall AB", OrganisationKind::Bolag, "Styrelsen för Vatten och Avfall AB"),
    ("Parkering i Staden AB", OrganisationKind::Bolag, "Styrelsen för Parkering i Staden AB"),
];

const WHAT: &[&str] = &[
    "E-tjänst för", "Automatiserad handläggning av", "Digital signering av", "Självservice för",
    "Nytt verksamhetssystem för", "Mobil app för", "Chattfunktion för", "Digitala möten inom",
    "Robotiserad kontroll av", "Sammanhållen journal för", "Digital brevlåda för", "Bokningssystem för",
];
const OBJECT: &[&str] = &[
    "försörjningsstöd", "bygglov", "trygghetslarm", "färdtjänst", "skolskjuts", "förskoleplats",
    "parkeringstillstånd", "serveringstillstånd", "hemtjänst", "bostadsanpassning", "felanmälan",
    "lokalbokning", "fakturahantering", "visstidsanställningar", "avfallsabonnemang", "vattenmätare",
    "hyresavtal", "föreningsbidrag", "bibliotekslån", "kulturskolan", "vuxenutbildning", "tolkbeställning",
    "synpunktshantering", "arkivering", "inköp", "fordonsbokning", "måltidsbeställning", "elevhälsa",
];
const FIRST_NAMES: &[&str] = &[
    "Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sara", "Anders", "Eva", "Per", "Lena", "Mikael",
    "Åsa", "Björn", "Ingrid", "Mats", "Sofia", "Jonas", "Helena", "Ali", "Fatima", "Örjan", "Elin", "Omar",
];
const LAST_NAMES: &[&str] = &[
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Lindqvist", "Holm", "Björk", "Öberg", "Ahmed", "Hassan", "Lundgren", "Sandberg", "Ek",
];
const CAUSES: &[&str] = &[
    "Leverantören har levererat integrationen senare än avtalat.",
    "Verksamheten har inte kunnat avsätta tid för test under semesterperioden.",
    "Licenskostnaden blev högre än i kalkylen efter den nya upphandlingen.",
    "Migreringen av äldre ärenden tar längre tid än planerat.",
    "Nyckelpersoner i projektet har bytt tjänst.",
    "Användarna har inte börjat använda e-tjänsten i den takt vi räknade med.",
];
const ACTIONS: &[&str] = &[
    "Ny tidplan tas fram tillsammans med leverantören till nästa styrgruppsmöte.",
    "Extra testresurser tas in från IT-avdelningen under fyra veckor.",
    "Omförhandling av avtalet pågår; prognosen uppdateras i nästa rapport.",
    "Informationsinsats mot invånarna i oktober och påminnelser i mina sidor.",
    "Projektledaren föreslår en etappindelning till digitaliseringsrådet.",
];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

impl Blueprint {
    /// Decides the whole register from `spec`.
    pub fn new(spec: Spec) -> Result<Blueprint> {
        ensure!(spec.organisations >= 1 && spec.organisations <= ORGANISATIONS.len(), "1–20 organisations");
        ensure!(spec.initiatives >= 1 && spec.council_tracked <= spec.initiatives, "council_tracked ≤ initiatives");
        ensure!(spec.indicators >= 2 * spec.initiatives, "at least two indicators per initiative");
        ensure!(spec.measurements_per_indicator >= 2, "at least two measurements per indicator");
        let root = Rng::new(spec.seed);
        let organisations = ORGANISATIONS[..spec.organisations]
            .iter()
            .map(|(name, kind, committee)| (name.to_string(), *kind, committee.to_string()))
            .collect();
        // Indicators per initiative: pairs of (average + d, average − d), so the total is exact.
        let average = spec.indicators / spec.initiatives;
        let mut counts = vec![average; spec.initiatives];
        let mut spread = root.fork(1);
        for pair in counts.chunks_mut(2) {
            if pair.len() == 2 {
                let d = spread.range(0, (average / 2) as i64) as usize;
                pair[0] += d;
                pair[1] -= d;
            }
        }
        let rest = spec.indicators - average * spec.initiatives;
        for c in counts.iter_mut().take(rest) {
            *c += 1;
        }
        // Council-tracked initiatives: spread evenly through the register.
        let tracked_every = spec.initiatives.checked_div(spec.council_tracked).unwrap_or(usize::MAX);
        let mut initiatives = Vec::with_capacity(spec.initiatives);
        for (i, &n_indicators) in counts.iter().enumerate() {
            let tracked = spec.council_tracked > 0
                && i % tracked_every == 0
                && i / tracked_every < spec.council_tracked;
            initiatives.push(initiative(&spec, &root.fork(1000 + i as u64), i, n_indicators, tracked));
        }
        Ok(Blueprint { spec, organisations, initiatives })
    }

    /// Every stored measurement (`shift` 0), or every row of the import file (`shift` 1), in
    /// initiative, indicator, date order: (initiative, indicator code, date, value).
    pub fn for_each_measurement(
        &self,
        shift: i64,
        mut f: impl FnMut(&InitiativePlan, &str, NaiveDate, Decimal) -> Result<()>,
    ) -> Result<()> {
        for initiative in &self.initiatives {
            for ind in &initiative.indicators {
                for j in 0..ind.count {
                    let (date, value) = ind.measurement(j, shift, initiative.go_live);
                    f(initiative, &ind.indicator.code, date, value)?;
                }
            }
        }
        Ok(())
    }
}

fn initiative(spec: &Spec, rng0: &Rng, i: usize, n_indicators: usize, tracked: bool) -> InitiativePlan {
    let mut rng = rng0.fork(1);
    let as_of = as_of();
    let start_of_history = history_start();
    // Phase and dates: most initiatives are live, some are still being built.
    let roll = rng.unit();
    let (mut phase, go_live) = if roll < 0.80 {
        // Live: go-live spread over the five years, at least two weeks before the as-of date.
        let latest = (as_of - start_of_history).num_days() - 14;
        (Phase::Driftsatt, add_days(start_of_history, rng.range(180, latest)))
    } else if roll < 0.95 {
        (Phase::Pagaende, add_days(as_of, rng.range(30, 300)))
    } else {
        (Phase::Beslutad, add_days(as_of, rng.range(120, 420)))
    };
    let mut start = add_days(go_live, -rng.range(180, 560));
    if start < start_of_history {
        start = start_of_history;
    }
    let mut end_date = None;
    if phase == Phase::Driftsatt && rng.chance(0.15) {
        let end = add_days(go_live, rng.range(200, 400));
        if end < as_of {
            phase = Phase::Avslutad;
            end_date = Some(end);
        }
    }
    let organisation_id = (i % spec.organisations) as i64 + 1;
    let what = rng.pick(WHAT);
    let object = rng.pick(OBJECT).to_string();
    let name = format!("{what} {object} ({})", i + 1);
    let code = format!("BR-{}-{:04}", start.year(), i + 1);
    let sponsor = format!("{}, förvaltningsdirektör", person(&mut rng));
    let budget = Decimal::from(rng.range(4, 120) * 50_000);
    let need = format!(
        "Handläggningen av {object} bygger i dag på blanketter, e-post och manuella registreringar i flera system. \
         Invånarna får vänta på besked och medarbetarna lägger mycket tid på att komplettera ärenden och svara på \
         frågor om var ärendet befinner sig. Behovet har lyfts i verksamhetsplanen och i medarbetarenkäten."
    );
    let fields = InitiativeFields {
        code: code.clone(),
        name,
        organisation_id,
        customer_ids: vec![organisation_id],
        phase,
        council_tracked: tracked,
        sponsor,
        project_manager: person(&mut rng),
        start_date: Some(start),
        go_live_date: Some(go_live),
        end_date,
        base_service: if rng.chance(0.3) { "Gemensam e-tjänsteplattform".into() } else { String::new() },
        need,
        benefit: format!(
            "Kortare handläggningstid och färre kompletteringar för {object}, frigjord tid för handläggarna och \
             bättre service för invånarna."
        ),
        effect_goals: vec![
            format!("Minst hälften av ärendena om {object} kommer in digitalt inom ett år."),
            "Handläggningstiden halveras.".into(),
        ],
        project_goals: "E-tjänsten driftsätts enligt tidplanen inom budget.".into(),
        benefit_reach: Some(*rng.pick(&[BenefitReach::Intern, BenefitReach::Extern, BenefitReach::InternOchExtern])),
        change_kind: Some(*rng.pick(&[ChangeKind::Effektivitet, ChangeKind::Innovation])),
        project_form: Some(rng.chance(0.7)),
        goal_link: "Kommunfullmäktiges mål: en enkel och tillgänglig kommun.".into(),
        complexity_customer: Some(*rng.pick(&[Complexity::Mindre, Complexity::Mattlig, Complexity::Stor])),
        complexity_supplier: Some(*rng.pick(&[Complexity::Mindre, Complexity::Mattlig, Complexity::Stor])),
        information_classification: Assessment { done: Some(true), comment: "Klassad 2-2-2.".into() },
        threshold_analysis: Assessment { done: Some(true), comment: String::new() },
        security_assessment: Assessment { done: Some(rng.chance(0.8)), comment: String::new() },
        architecture_assessment: Assessment { done: Some(rng.chance(0.7)), comment: String::new() },
        infrastructure_impact: Assessment { done: Some(rng.chance(0.5)), comment: String::new() },
        project_budget: Some(budget),
        running_cost: RunningCostImpact {
            years: vec![
                RunningCostYear { year: 2026, amount: Decimal::from(rng.range(0, 40) * 10_000) },
                RunningCostYear { year: 2027, amount: Decimal::from(rng.range(0, 40) * 10_000) },
            ],
            comment: String::new(),
        },
        financing: None,
        customer_group: String::new(),
        allocation_key: String::new(),
        deviation_comment: String::new(),
        struck_reason: String::new(),
        // The register's lists (migration 0006): none in the generated register.
        goal_area_ids: Vec::new(),
        category: None,
    };

    // The calculation: half benefits, half costs.
    let first_year = start.year();
    let n_lines = rng.range(spec.calc_lines.0 as i64, spec.calc_lines.1 as i64) as usize;
    let n_benefit_lines = n_lines.div_ceil(2);
    let mut calc_rng = rng0.fork(2);
    let mut lines = Vec::with_capacity(n_lines);
    for l in 0..n_lines {
        lines.push(if l < n_benefit_lines { benefit_line(&mut calc_rng, l, &object) } else { cost_line(&mut calc_rng, l) });
    }
    let calculation = Calculation { settings: CalcSettings::new(first_year), lines };
    let decision = add_days(start, 20);
    let calc_approval = Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: decision,
        decision_ref: format!("DR {} §{}", decision, i % 12 + 3),
    };

    // The plan: benefits of up to five indicators each.
    let mut plan_rng = rng0.fork(3);
    let n_benefits = n_indicators.div_ceil(5).max(1);
    let mut benefits: Vec<Benefit> = (0..n_benefits)
        .map(|b| Benefit {
            name: format!("Nytta {} för {object}", b + 1),
            change: "Ärendet lämnas och kompletteras digitalt.".into(),
            effect: "Färre manuella moment i handläggningen.".into(),
            goal: "Kortare handläggningstid".into(),
            owner: person(&mut plan_rng),
            realised_by: None,
            // The first benefits are linked to the calculation's monetised benefit lines.
            calculation_line: (b < n_benefit_lines && b % 2 == 0).then(|| format!("nytta{b}")),
            indicators: Vec::new(),
        })
        .collect();
    // How the initiative is doing: on track (every indicator reaches its targets), lagging
    // (a few indicators reach 80–95 % of the way: gul), failing (one or two far behind: röd)
    // or with a series that stopped (saknas). Worst-of roll-up makes one weak indicator
    // decide, so weakness is given to a few indicators of an initiative, not to all.
    let profile = plan_rng.unit();
    let weak: Vec<usize> = (0..plan_rng.range(1, 3)).map(|_| plan_rng.range(0, n_indicators as i64 - 1) as usize).collect();
    let baseline_date = if go_live < as_of { add_days(go_live, -60) } else { add_days(as_of, -60) };
    let mut indicators = Vec::with_capacity(n_indicators);
    for k in 0..n_indicators {
        let kind_index = (plan_rng.next_u64() % KINDS.len() as u64) as usize;
        let kind = &KINDS[kind_index];
        let baseline = plan_rng.range(kind.baseline.0 * 10, kind.baseline.1 * 10) as f64 / 10.0;
        let change = kind.change.0 + plan_rng.unit() * (kind.change.1 - kind.change.0);
        let final_target = match kind.direction {
            Direction::HigherIsBetter if kind.range.1 == Some(100) => baseline + (100.0 - baseline) * change,
            Direction::HigherIsBetter => baseline * (1.0 + change),
            Direction::LowerIsBetter => baseline * (1.0 - change),
        };
        let six = baseline + (final_target - baseline) * 0.5;
        let round = |x: f64| if kind.whole { Decimal::from(x.round() as i64) } else { one_decimal(x) };
        let mut targets = vec![
            Target { months_after_go_live: 6, value: round(six) },
            Target { months_after_go_live: 12, value: round(final_target) },
        ];
        if plan_rng.chance(0.25) {
            let further = final_target + (final_target - baseline) * 0.2;
            let further = match kind.range.1 {
                Some(max) => further.min(max as f64),
                None => further,
            }
            .max(0.0);
            targets.push(Target { months_after_go_live: 24, value: round(further) });
        }
        // Most indicators reach their targets; some lag (gul), some fail (röd).
        let is_weak = weak.contains(&k);
        let on_track = 1.15 + plan_rng.unit() * 0.2;
        let performance = if profile < 0.5 || !is_weak {
            on_track
        } else if profile < 0.75 {
            0.84 + plan_rng.unit() * 0.1
        } else if profile < 0.9 {
            0.2 + plan_rng.unit() * 0.4
        } else {
            on_track
        };
        let stops_early = profile >= 0.9 && is_weak;
        let indicator = Indicator {
            code: format!("{}{}", kind.code, k + 1),
            name: kind.name.to_string(),
            unit: kind.unit.to_string(),
            direction: kind.direction,
            allowed_range: Some(AllowedRange { min: kind.range.0.map(Decimal::from), max: kind.range.1.map(Decimal::from) }),
            baseline: Some(Baseline {
                value: round(baseline),
                date: baseline_date,
                source: "Verksamhetssystemets statistik".into(),
            }),
            targets,
            amber_threshold: nytta::model::plan::DEFAULT_AMBER_THRESHOLD,
            measured_by: person(&mut plan_rng),
            method: "Uttag ur verksamhetssystemet".into(),
            frequency: "Varannan vecka".into(),
            data_source: "Verksamhetssystemet".into(),
        };
        // Measurements: from four months before go-live (or, before go-live, the last 13
        // months) to the as-of date, at most about two years after go-live. Some series
        // stop early, so their later checkpoints are missing (saknas).
        let count = spec.measurements_per_indicator;
        let (first, mut last) = if go_live < as_of {
            (add_days(go_live, -120), add_days(as_of, -3).min(add_days(go_live, 760)))
        } else {
            (add_days(as_of, -400), add_days(as_of, -3))
        };
        if go_live < as_of && stops_early && (add_days(go_live, 150) - first).num_days() >= 2 * count as i64 {
            last = last.min(add_days(go_live, 150));
        }
        // At least two days apart, so the import file's rows (a day later) never collide.
        let step = ((last - first).num_days() / count as i64).max(2);
        indicators.push(IndicatorPlan {
            indicator,
            kind: kind_index,
            baseline,
            final_target,
            performance,
            first,
            step,
            count,
            noise_seed: plan_rng.next_u64(),
        });
    }
    for (k, ind) in indicators.iter().enumerate() {
        benefits[k * n_benefits / n_indicators].indicators.push(ind.indicator.clone());
    }
    let plan = Plan {
        benefits,
        prerequisites: vec!["Verksamheten avsätter tid för test och utbildning.".into()],
        risks: vec!["Låg användning av e-tjänsten det första året.".into()],
    };
    let plan_decision = add_days(start, 40);
    let plan_approval = Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: plan_decision,
        decision_ref: format!("DR {} §{}", plan_decision, i % 12 + 4),
    };

    // Status reports every six weeks from the start until a year after go-live.
    let mut report_rng = rng0.fork(4);
    let mut status_reports = Vec::new();
    let last_report = as_of.min(add_days(go_live, 365)).min(end_date.unwrap_or(as_of));
    let mut period_end = add_days(start, 42);
    while period_end <= last_report {
        let dim = |rng: &mut Rng| {
            let r = rng.unit();
            let status = if r < 0.75 { Rag::Gron } else if r < 0.93 { Rag::Gul } else { Rag::Rod };
            if status == Rag::Gron {
                Dimension::green()
            } else {
                Dimension { status, cause: rng.pick(CAUSES).to_string(), action: rng.pick(ACTIONS).to_string() }
            }
        };
        status_reports.push(StatusReportFields {
            period_end,
            time: dim(&mut report_rng),
            cost: dim(&mut report_rng),
            result: dim(&mut report_rng),
            comment: if report_rng.chance(0.3) { "Arbetet följer planen i stort.".into() } else { String::new() },
        });
        period_end = add_days(period_end, 42);
    }

    // Costs per year: internal and external, budget, actual and forecast.
    let mut cost_rng = rng0.fork(5);
    let mut costs = Vec::new();
    for year in start.year()..=go_live.year().min(as_of.year()) {
        for cost_type in [nytta::model::initiative::CostType::Intern, nytta::model::initiative::CostType::Extern] {
            let budget = cost_rng.range(2, 60) * 25_000;
            let actual = (year < as_of.year()).then(|| budget * cost_rng.range(80, 125) / 100);
            costs.push(CostYearFields {
                year,
                cost_type,
                kind: CostKind::Utveckling,
                hourly_rate: None,
                budget: Some(Decimal::from(budget)),
                actual: actual.map(Decimal::from),
                forecast: Some(Decimal::from(actual.unwrap_or(budget * cost_rng.range(90, 115) / 100))),
                hours: None,
                comment: String::new(),
            });
        }
    }

    InitiativePlan { fields, calculation, calc_approval, plan, plan_approval, indicators, status_reports, costs, go_live }
}

const RATES: &[&str] = &["bistandshandlaggare", "underskoterska", "systemforvaltare", "verksamhetsutvecklare", "upphandlare"];

fn estimate(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> Estimate {
    let likely = rng.range(lo, hi) * step;
    Estimate::new(Decimal::from(likely * 8 / 10), Decimal::from(likely), Decimal::from(likely * 12 / 10))
}

fn benefit_line(rng: &mut Rng, l: usize, object: &str) -> CalcLine {
    let value = match l % 4 {
        0 | 2 => LineValue::Hours {
            hours: Quantity::Direct { value: estimate(rng, 20, 400, 5) },
            rate: Rate::Factor { code: rng.pick(RATES).to_string() },
        },
        1 => LineValue::Amount { amount: estimate(rng, 2, 80, 5_000) },
        _ => LineValue::NotMonetised { score: rng.range(1, 3) as u8 },
    };
    CalcLine {
        key: format!("nytta{l}"),
        kind: LineKind::Nytta,
        category: *rng.pick(&[Category::Omfordelning, Category::Finansiell, Category::Kvalitet, Category::Miljo]),
        perspective: *rng.pick(&[Perspective::Organisation, Perspective::InvanareBrukare, Perspective::Samhalle]),
        cost_type: None,
        description: format!("Frigjord tid och lägre kostnader i handläggningen av {object}, del {}", l + 1),
        source: "Tidsstudie och verksamhetens statistik".into(),
        owner: person(rng),
        value,
        timing: Timing::recurring(1),
    }
}

fn cost_line(rng: &mut Rng, l: usize) -> CalcLine {
    let (cost_type, value, timing) = match l % 3 {
        0 => (CostType::Extern, LineValue::Amount { amount: estimate(rng, 5, 200, 5_000) }, Timing::OneOff { year: 0 }),
        1 => (
            CostType::Intern,
            LineValue::Hours {
                hours: Quantity::Direct { value: estimate(rng, 40, 800, 5) },
                rate: Rate::Factor { code: "verksamhetsutvecklare".into() },
            },
            Timing::OneOff { year: rng.range(0, 1) as u32 },
        ),
        _ => (CostType::Extern, LineValue::Amount { amount: estimate(rng, 2, 40, 5_000) }, Timing::recurring_flat(1)),
    };
    CalcLine {
        key: format!("kostnad{l}"),
        kind: LineKind::Kostnad,
        category: Category::Finansiell,
        perspective: Perspective::Organisation,
        cost_type: Some(cost_type),
        description: format!("Kostnad {}: licens, konsulter och egen tid", l + 1),
        source: "Offert och projektplan".into(),
        owner: person(rng),
        value,
        timing,
    }
}

// ---- writing -----------------------------------------------------------------------------------

/// What [`write_register`] wrote.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Written {
    pub organisations: usize,
    pub initiatives: usize,
    pub indicators: usize,
    pub measurements: usize,
    pub status_reports: usize,
    pub cost_years: usize,
    pub calculation_lines: usize,
    pub council_tracked: usize,
}

/// Writes the blueprint to a new register at `path` (which must not exist).
pub fn write_register(blueprint: &Blueprint, path: &Path) -> Result<Written> {
    let mut register = Register::create(path, &format!("Benchmarkregistret (frö {})", blueprint.spec.seed))
        .with_context(|| format!("could not create {}", path.display()))?;
    register.set_author("Benchmarkgeneratorn");
    let mut written = Written::default();
    for (name, kind, committee) in &blueprint.organisations {
        register.add_organisation(name, *kind, committee)?;
        written.organisations += 1;
    }
    let mut ids = Vec::with_capacity(blueprint.initiatives.len());
    // A base service is one of its supplier's list (migration 0006): each named one is added
    // to the list of the suppliers that name it, once.
    let mut listed = std::collections::HashSet::new();
    for initiative in &blueprint.initiatives {
        let f = &initiative.fields;
        if !f.base_service.is_empty() && listed.insert((f.organisation_id, f.base_service.clone())) {
            register
                .add_list_entry(nytta::model::register_lists::ListKind::BaseService, Some(f.organisation_id), &f.base_service)
                .with_context(|| format!("base service {}", f.base_service))?;
        }
    }
    for initiative in &blueprint.initiatives {
        let code = initiative.code();
        let id = register.create_initiative(&initiative.fields).with_context(|| format!("initiative {code}"))?;
        ids.push(id);
        let calc = register.create_calculation(id, &initiative.calculation).with_context(|| format!("calculation of {code}"))?;
        register
            .approve_calculation(calc.id, calc.row_version, &initiative.calc_approval)
            .with_context(|| format!("approving the calculation of {code}"))?;
        let plan = register.create_plan(id, &initiative.plan).with_context(|| format!("plan of {code}"))?;
        register
            .approve_plan(plan.id, plan.row_version, &initiative.plan_approval)
            .with_context(|| format!("approving the plan of {code}"))?;
        for report in &initiative.status_reports {
            register.add_status_report(id, report).with_context(|| format!("status report of {code}"))?;
        }
        for cost in &initiative.costs {
            register.save_cost_year(id, cost).with_context(|| format!("costs of {code}"))?;
        }
        written.initiatives += 1;
        written.indicators += initiative.indicators.len();
        written.status_reports += initiative.status_reports.len();
        written.cost_years += initiative.costs.len();
        written.calculation_lines += initiative.calculation.lines.len();
        written.council_tracked += usize::from(initiative.fields.council_tracked);
    }
    // The initiatives were created in blueprint order; map each to its id by position.
    let id_of: std::collections::HashMap<&str, i64> =
        blueprint.initiatives.iter().zip(&ids).map(|(p, id)| (p.code(), *id)).collect();
    written.measurements = register.bulk_load_measurements(|bulk| {
        blueprint
            .for_each_measurement(0, |initiative, code, date, value| {
                bulk.add(id_of[initiative.code()], code, date, value).map_err(anyhow::Error::from)
            })
            .map_err(|e| nytta::store::StoreError::Refused(format!("{e:#}")))
    })?;
    Ok(written)
}

/// The first `rows` rows of the import file as the baselines insert them (initiative code,
/// indicator code, date, value, comment), in memory: the same rows as
/// [`write_import_csv`]'s, the value with a decimal point and the comment unquoted.
pub fn import_rows(blueprint: &Blueprint, rows: usize) -> Result<Vec<(String, String, String, String, String)>> {
    let mut list = Vec::with_capacity(rows);
    let result = blueprint.for_each_measurement(1, |initiative, code, date, value| {
        let n = list.len();
        if n == rows {
            bail!("done");
        }
        // The same comment as the import file's row, unquoted.
        let comment = if n.is_multiple_of(97) { "Uppskattat värde; \"kontrolleras\"" } else { "" };
        list.push((initiative.code().to_string(), code.to_string(), date.to_string(), value.normalize().to_string(), comment.to_string()));
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(e) if e.to_string() == "done" => {}
        Err(e) => return Err(e),
    }
    Ok(list)
}

/// Writes the import file: `rows` rows (from the start of the blueprint's import rows) as
/// Swedish Excel writes CSV — UTF-8 with a byte-order mark, semicolons, decimal comma, CRLF.
pub fn write_import_csv(blueprint: &Blueprint, path: &Path, rows: usize) -> Result<usize> {
    use std::io::Write;
    let file = std::fs::File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    out.write_all("\u{feff}Insats;Indikator;Datum;Värde;Källa;Kommentar\r\n".as_bytes())?;
    let mut written = 0usize;
    let done = anyhow::anyhow!("done");
    let result = blueprint.for_each_measurement(1, |initiative, code, date, value| {
        if written == rows {
            return Err(anyhow::anyhow!("done"));
        }
        let value = value.to_string().replace('.', ",");
        let comment = if written.is_multiple_of(97) { "Uppskattat värde; \"kontrolleras\"" } else { "" };
        if comment.is_empty() {
            write!(out, "{};{code};{date};{value};Verksamhetssystemet;\r\n", initiative.code())?;
        } else {
            write!(out, "{};{code};{date};{value};Verksamhetssystemet;\"{}\"\r\n", initiative.code(), comment.replace('"', "\"\""))?;
        }
        written += 1;
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(e) if e.to_string() == done.to_string() => {}
        Err(e) => return Err(e),
    }
    out.flush()?;
    Ok(written)
}
