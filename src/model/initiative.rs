//! The initiative (förändringsinsats) and the fields of the city's annual-analysis template
//! (domain.md §4), plus the status reports and cost follow-up that hang off it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{limits, FieldError};

/// Defines a closed set of choices with its stored code and its Swedish label in one place,
/// so the database, the JSON and the window cannot drift apart.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the register and used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Swedish word shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
// Also used by `register_lists` for its closed sets.
pub(crate) use choice;

choice! {
    /// Where the initiative is in its life (design §3; `struken` from the service-plan reports).
    Phase {
        Ide = "ide", "Idé";
        Beredning = "beredning", "Beredning";
        Beslutad = "beslutad", "Beslutad";
        Pagaende = "pagaende", "Pågående";
        Driftsatt = "driftsatt", "Driftsatt";
        Avslutad = "avslutad", "Avslutad";
        Avbruten = "avbruten", "Avbruten";
        Struken = "struken", "Struken";
    }
}

choice! {
    /// Intern – extern nytta: who benefits.
    BenefitReach {
        Intern = "intern", "Intern";
        Extern = "extern", "Extern";
        InternOchExtern = "intern_och_extern", "Intern och extern";
    }
}

choice! {
    /// Effektivitet – innovation: doing the same better, or something new.
    ChangeKind {
        Effektivitet = "effektivitet", "Effektivitet";
        Innovation = "innovation", "Innovation";
    }
}

choice! {
    /// Komplexitet from the customers' or the supplier's perspective.
    Complexity {
        Mindre = "mindre", "Mindre påverkan";
        Mattlig = "mattlig", "Måttlig påverkan";
        Stor = "stor", "Stor påverkan";
    }
}

choice! {
    /// Förvaltning or bolag.
    OrganisationKind {
        Forvaltning = "forvaltning", "Förvaltning";
        Bolag = "bolag", "Bolag";
    }
}

choice! {
    /// Finansieringsform: how the initiative is paid for. The city's three ways for shared
    /// services and initiatives (seed 004 §2.4.2.6) and an administration's own budget for
    /// its business-specific ones (§3.3.6).
    Financing {
        Kostnadsfordelning = "kostnadsfordelning", "Kostnadsfördelning";
        FakturaAPris = "faktura_a_pris", "Faktura à pris";
        Kommunbidrag = "kommunbidrag", "Kommunbidrag";
        EgenBudget = "egen_budget", "Egen budget";
    }
}

impl Financing {
    /// Whether the cost is shared among the customers by an allocation key
    /// (fördelningsnyckel): only kostnadsfördelning. À pris each customer pays for what it
    /// uses, a grant or the own budget pays it whole.
    pub fn is_shared(self) -> bool {
        self == Financing::Kostnadsfordelning
    }
}

choice! {
    /// One dimension's traffic light in a status report.
    Rag {
        Gron = "gron", "Grön";
        Gul = "gul", "Gul";
        Rod = "rod", "Röd";
    }
}

impl Rag {
    /// A symbol that carries the status in black-and-white print and for colour-blind readers.
    pub fn symbol(self) -> &'static str {
        match self {
            Rag::Gron => "●",
            Rag::Gul => "▲",
            Rag::Rod => "■",
        }
    }
}

choice! {
    /// Intern (own staff time) or extern (invoices) cost.
    CostType {
        Intern = "intern", "Intern";
        Extern = "extern", "Extern";
    }
}

choice! {
    /// Förvaltning (running an existing service) or utveckling (developing or introducing
    /// one): the two cost tables of the annual analysis (seed 003 §3.1). Migration 0005 made
    /// every earlier cost row utveckling (docs/kostnader.md).
    CostKind {
        Forvaltning = "forvaltning", "Förvaltning";
        Utveckling = "utveckling", "Utveckling";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    /// The committee (nämnd) or board that governs it.
    pub committee: String,
}

impl Organisation {
    /// The length limits of an organisation's texts ([`limits::NAME`]); the store checks that
    /// the name is given and unique.
    pub fn validate_texts(name: &str, committee: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        limits::push(&mut errors, "name", "Organisationens namn", name, limits::NAME);
        limits::push(&mut errors, "committee", "Nämnd", committee, limits::NAME);
        errors
    }
}

/// A JA/NEJ question of the template with its comment. `done` is `None` until answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub done: Option<bool>,
    pub comment: String,
}

/// Påverkan på förvaltningskostnad: how much the initiative changes the running cost, per
/// calendar year (kr per year; negative for a saving). Before migration 0005 it was "år N,
/// N+1, N+2 eller senare"; those years were anchored to the decision year
/// ([`super::costs::decision_year`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunningCostImpact {
    /// In year order, each year once.
    #[serde(default)]
    pub years: Vec<RunningCostYear>,
    pub comment: String,
}

/// The running-cost impact of one calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunningCostYear {
    pub year: i32,
    pub amount: Decimal,
}

impl RunningCostImpact {
    /// Years 2000–2100, each once.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, y) in self.years.iter().enumerate() {
            let field = format!("running_cost.years[{i}].year");
            if !(2000..=2100).contains(&y.year) {
                errors.push(FieldError::new(field, format!("Påverkan på förvaltningskostnad, rad {}: året måste ligga mellan 2000 och 2100.", i + 1)));
            } else if !seen.insert(y.year) {
                errors.push(FieldError::new(field, format!("Påverkan på förvaltningskostnad: år {} finns två gånger.", y.year)));
            }
        }
        errors
    }
}

/// Every field of an initiative the user edits. Identity and row version live in
/// [`Initiative`], so the same struct serves "new" and "edit".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeFields {
    pub code: String,
    pub name: String,
    /// Leverantör: the organisation that delivers and follows up the initiative (seed 004
    /// §2.4.2.5). The field kept its name from when an initiative had one organisation.
    pub organisation_id: i64,
    /// Kunder: the organisations whose ways of working change and who realise the benefits;
    /// at least one, in id order without repeats. A business-specific initiative's customer
    /// is its supplier.
    #[serde(default)]
    pub customer_ids: Vec<i64>,
    pub phase: Phase,
    pub council_tracked: bool,
    pub sponsor: String,
    pub project_manager: String,
    pub start_date: Option<NaiveDate>,
    pub go_live_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    // Strategisk del
    pub base_service: String,
    pub need: String,
    pub benefit: String,
    pub effect_goals: Vec<String>,
    pub project_goals: String,
    pub benefit_reach: Option<BenefitReach>,
    pub change_kind: Option<ChangeKind>,
    pub project_form: Option<bool>,
    /// The description of how the initiative links to decided goals (seed 003 §2.2); the
    /// goal areas themselves are [`InitiativeFields::goal_area_ids`].
    pub goal_link: String,
    /// Målområden: the register's goal areas it links to, in id order (table
    /// `initiative_goal_area`, migration 0006).
    #[serde(default)]
    pub goal_area_ids: Vec<i64>,
    /// Kategori (seed 002 §4.3); `None` until stated.
    #[serde(default)]
    pub category: Option<super::register_lists::Category>,
    pub complexity_customer: Option<Complexity>,
    pub complexity_supplier: Option<Complexity>,
    // Informationssäkerhet
    pub information_classification: Assessment,
    pub threshold_analysis: Assessment,
    // Teknisk del
    pub security_assessment: Assessment,
    pub architecture_assessment: Assessment,
    pub infrastructure_impact: Assessment,
    // Ekonomisk del
    pub project_budget: Option<Decimal>,
    pub running_cost: RunningCostImpact,
    /// Finansieringsform; `None` until stated.
    #[serde(default)]
    pub financing: Option<Financing>,
    pub customer_group: String,
    /// Förslag fördelningsnyckel: only with shared financing ([`Financing::is_shared`]).
    pub allocation_key: String,
    // Uppföljning
    pub deviation_comment: String,
    pub struck_reason: String,
}

impl InitiativeFields {
    /// A blank initiative for the given organisation, in phase idé: the organisation is its
    /// supplier and its sole customer.
    pub fn blank(organisation_id: i64) -> Self {
        InitiativeFields {
            code: String::new(),
            name: String::new(),
            organisation_id,
            customer_ids: vec![organisation_id],
            phase: Phase::Ide,
            council_tracked: false,
            sponsor: String::new(),
            project_manager: String::new(),
            start_date: None,
            go_live_date: None,
            end_date: None,
            base_service: String::new(),
            need: String::new(),
            benefit: String::new(),
            effect_goals: Vec::new(),
            project_goals: String::new(),
            benefit_reach: None,
            change_kind: None,
            project_form: None,
            goal_link: String::new(),
            goal_area_ids: Vec::new(),
            category: None,
            complexity_customer: None,
            complexity_supplier: None,
            information_classification: Assessment::default(),
            threshold_analysis: Assessment::default(),
            security_assessment: Assessment::default(),
            architecture_assessment: Assessment::default(),
            infrastructure_impact: Assessment::default(),
            project_budget: None,
            running_cost: RunningCostImpact::default(),
            financing: None,
            customer_group: String::new(),
            allocation_key: String::new(),
            deviation_comment: String::new(),
            struck_reason: String::new(),
        }
    }

    /// Checks what can be checked without the register; each problem names its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let code = self.code.trim();
        if code.is_empty() {
            errors.push(FieldError::new("code", "Kod måste anges, till exempel NR-2026-001."));
        } else if code.chars().count() > limits::CODE || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.push(FieldError::new(
                "code",
                format!("Kod får vara högst {} tecken och får inte innehålla mellanslag.", limits::CODE),
            ));
        }
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "Namn på förändringsinsatsen måste anges."));
        }
        for (field, label, text, max) in self.texts() {
            limits::push(&mut errors, field, label, text, max);
        }
        if let Some(error) = limits::check_items("effect_goals", "Antalet effektmål", self.effect_goals.len()) {
            errors.push(error);
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date) {
            if end < start {
                errors.push(FieldError::new("end_date", "Slutdatum kan inte ligga före startdatum."));
            }
        }
        if let (Some(start), Some(go_live)) = (self.start_date, self.go_live_date) {
            if go_live < start {
                errors.push(FieldError::new(
                    "go_live_date",
                    "Driftsättning kan inte ligga före startdatum.",
                ));
            }
        }
        if matches!(self.phase, Phase::Driftsatt | Phase::Avslutad) && self.go_live_date.is_none() {
            errors.push(FieldError::new(
                "go_live_date",
                "Ange datum för driftsättning när insatsen är driftsatt eller avslutad; uppföljningen räknas från det.",
            ));
        }
        if self.phase == Phase::Struken && self.struck_reason.trim().is_empty() {
            errors.push(FieldError::new("struck_reason", "Ange varför insatsen ströks."));
        }
        if let Some(budget) = self.project_budget {
            if budget.is_sign_negative() {
                errors.push(FieldError::new("project_budget", "Projektbudgeten kan inte vara negativ."));
            }
        }
        errors.extend(self.validate_supply());
        errors.extend(self.running_cost.validate());
        errors
    }

    /// The customers and the financing: at least one customer, none twice (no upper limit
    /// but the register's organisations: a base service has all 25 nämnder and 37 bolag),
    /// and an allocation key only where the cost is shared by one (kostnadsfördelning).
    pub fn validate_supply(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.customer_ids.is_empty() {
            errors.push(FieldError::new(
                "customer_ids",
                "Välj minst en kund: den förvaltning eller det bolag som realiserar nyttan.",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if self.customer_ids.iter().any(|id| !seen.insert(*id)) {
            errors.push(FieldError::new("customer_ids", "En kund kan bara väljas en gång."));
        }
        let mut seen = std::collections::HashSet::new();
        if self.goal_area_ids.iter().any(|id| !seen.insert(*id)) {
            errors.push(FieldError::new("goal_area_ids", "Ett målområde kan bara väljas en gång."));
        }
        if !self.allocation_key.trim().is_empty() && !self.financing.is_some_and(Financing::is_shared) {
            errors.push(FieldError::new(
                "allocation_key",
                "Fördelningsnyckel anges bara när finansieringsformen är kostnadsfördelning. \
                 Välj kostnadsfördelning eller töm fältet.",
            ));
        }
        errors
    }

    /// Every text field with its label and its limit ([`limits`]). The code's own rule (no
    /// spaces, at most [`limits::CODE`]) is checked above.
    fn texts(&self) -> Vec<(&'static str, &'static str, &str, usize)> {
        use limits::{LONG_TEXT, NAME};
        let mut texts = vec![
            ("name", "Namn", self.name.as_str(), NAME),
            ("sponsor", "Beställare", self.sponsor.as_str(), NAME),
            ("project_manager", "Projektledare", self.project_manager.as_str(), NAME),
            ("customer_group", "Kundgrupp", self.customer_group.as_str(), NAME),
            ("allocation_key", "Fördelningsnyckel", self.allocation_key.as_str(), NAME),
            // A name of the supplier's list, but a text carried forward by migration 0006 may
            // be longer than a new entry's name could be; it stays valid.
            ("base_service", "Bastjänst", self.base_service.as_str(), LONG_TEXT),
            ("need", "Behovsbeskrivning", self.need.as_str(), LONG_TEXT),
            ("benefit", "Nytta", self.benefit.as_str(), LONG_TEXT),
            ("project_goals", "Projektmål", self.project_goals.as_str(), LONG_TEXT),
            ("goal_link", "Koppling till mål", self.goal_link.as_str(), LONG_TEXT),
            ("deviation_comment", "Kommentar till avvikelse", self.deviation_comment.as_str(), LONG_TEXT),
            ("struck_reason", "Skäl till att insatsen ströks", self.struck_reason.as_str(), LONG_TEXT),
            ("running_cost", "Kommentar om förvaltningskostnad", self.running_cost.comment.as_str(), LONG_TEXT),
        ];
        for (field, label, assessment) in [
            ("information_classification", "Kommentar om informationsklassning", &self.information_classification),
            ("threshold_analysis", "Kommentar om tröskelanalys", &self.threshold_analysis),
            ("security_assessment", "Kommentar om säkerhetsbedömning", &self.security_assessment),
            ("architecture_assessment", "Kommentar om arkitekturbedömning", &self.architecture_assessment),
            ("infrastructure_impact", "Kommentar om påverkan på infrastruktur", &self.infrastructure_impact),
        ] {
            texts.push((field, label, assessment.comment.as_str(), LONG_TEXT));
        }
        for goal in &self.effect_goals {
            texts.push(("effect_goals", "Effektmål", goal.as_str(), LONG_TEXT));
        }
        texts
    }
}


/// A stored initiative: its fields, identity and the row version that guards against lost
/// updates (an edit carries the version it started from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: i64,
    pub row_version: i64,
    #[serde(flatten)]
    pub fields: InitiativeFields,
}

/// One dimension (Tid, Kostnad or Resultat) of a status report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    pub status: Rag,
    /// Orsak: why the deviation arose. Required when not green.
    pub cause: String,
    /// Åtgärd: what is being done. Required when not green.
    pub action: String,
}

impl Dimension {
    pub fn green() -> Self {
        Dimension { status: Rag::Gron, cause: String::new(), action: String::new() }
    }
}

/// A status report for one reporting period (every six weeks by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReportFields {
    pub period_end: NaiveDate,
    pub time: Dimension,
    pub cost: Dimension,
    pub result: Dimension,
    pub comment: String,
}

impl StatusReportFields {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (key, label, dimension) in [
            ("time", "Tid", &self.time),
            ("cost", "Kostnad", &self.cost),
            ("result", "Resultat", &self.result),
        ] {
            if dimension.status != Rag::Gron {
                if dimension.cause.trim().is_empty() {
                    errors.push(FieldError::new(
                        format!("{key}.cause"),
                        format!("{label} är {}: ange orsak.", dimension.status.label().to_lowercase()),
                    ));
                }
                if dimension.action.trim().is_empty() {
                    errors.push(FieldError::new(
                        format!("{key}.action"),
                        format!("{label} är {}: ange åtgärd.", dimension.status.label().to_lowercase()),
                    ));
                }
            }
            limits::push(&mut errors, format!("{key}.cause"), &format!("{label}, orsak"), &dimension.cause, limits::LONG_TEXT);
            limits::push(&mut errors, format!("{key}.action"), &format!("{label}, åtgärd"), &dimension.action, limits::LONG_TEXT);
        }
        limits::push(&mut errors, "comment", "Kommentar", &self.comment, limits::LONG_TEXT);
        errors
    }

    /// The worst of the three dimensions, for one-glance lists.
    pub fn worst(&self) -> Rag {
        [self.time.status, self.cost.status, self.result.status]
            .into_iter()
            .max_by_key(|rag| match rag {
                Rag::Gron => 0,
                Rag::Gul => 1,
                Rag::Rod => 2,
            })
            .unwrap_or(Rag::Gron)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReport {
    pub id: i64,
    pub initiative_id: i64,
    pub author: String,
    pub created_at: String,
    #[serde(flatten)]
    pub fields: StatusReportFields,
}

/// Cost follow-up for one calendar year, cost type (intern/extern) and kind
/// (förvaltning/utveckling): Budget, Utfall and Prognos in kronor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostYearFields {
    pub year: i32,
    pub cost_type: CostType,
    /// Förvaltning or utveckling; a row saved without one (an older window or script) is
    /// utveckling, as migration 0005 classified the earlier rows.
    #[serde(default = "CostKind::default_kind")]
    pub kind: CostKind,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub forecast: Option<Decimal>,
    /// The hours behind Utfall, when known.
    pub hours: Option<Decimal>,
    /// For internal cost: the hourly rate (kr/h) that turned the hours into kronor.
    #[serde(default)]
    pub hourly_rate: Option<Decimal>,
    pub comment: String,
}

impl CostKind {
    fn default_kind() -> CostKind {
        CostKind::Utveckling
    }
}

impl CostYearFields {
    /// Checks the row. The rule for hours and rate: on an internal row, the hours and the
    /// hourly rate are what Utfall is made of, so when both are given Utfall is hours × rate
    /// ([`CostYearFields::with_computed_actual`] fills it in when left blank) and a different
    /// Utfall is refused, naming both amounts: a figure that cannot be traced to its hours
    /// is exactly what made the city's costs incomparable (seed 002 §6.2).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(2000..=2100).contains(&self.year) {
            errors.push(FieldError::new("year", "År måste ligga mellan 2000 och 2100."));
        }
        for (field, label, amount) in [
            ("budget", "Budget", self.budget),
            ("actual", "Utfall", self.actual),
            ("forecast", "Prognos", self.forecast),
            ("hours", "Timmar", self.hours),
            ("hourly_rate", "Timpris", self.hourly_rate),
        ] {
            if amount.is_some_and(|a| a.is_sign_negative() && !a.is_zero()) {
                errors.push(FieldError::new(field, format!("{label} kan inte vara negativ.")));
            }
        }
        if self.hourly_rate.is_some() && self.cost_type != CostType::Intern {
            errors.push(FieldError::new(
                "hourly_rate",
                "Timpris anges bara för interna kostnader (egen personals timmar). Töm fältet eller välj Intern.",
            ));
        }
        if self.hourly_rate.is_some() && self.hours.is_none() && self.cost_type == CostType::Intern {
            errors.push(FieldError::new("hours", "Ange timmarna som timpriset gäller."));
        }
        if let (Some(actual), Some(computed)) = (self.actual, self.computed_actual()) {
            if actual != computed {
                errors.push(FieldError::new(
                    "actual",
                    format!(
                        "Utfall {} stämmer inte med timmar × timpris = {}. Töm Utfall så räknas det fram, eller rätta timmar eller timpris.",
                        crate::format::kr(actual),
                        crate::format::kr(computed),
                    ),
                ));
            }
        }
        limits::push(&mut errors, "comment", "Kommentar", &self.comment, limits::LONG_TEXT);
        errors
    }

    /// Hours × hourly rate, to the öre, on an internal row that has both.
    pub fn computed_actual(&self) -> Option<Decimal> {
        match (self.cost_type, self.hours, self.hourly_rate) {
            (CostType::Intern, Some(hours), Some(rate)) => Some((hours * rate).round_dp(2).normalize()),
            _ => None,
        }
    }

    /// The row with a blank Utfall filled in from hours × rate where it can be.
    pub fn with_computed_actual(&self) -> CostYearFields {
        let mut fields = self.clone();
        if fields.actual.is_none() {
            fields.actual = fields.computed_actual();
        }
        fields
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostYear {
    pub id: i64,
    pub initiative_id: i64,
    #[serde(flatten)]
    pub fields: CostYearFields,
}

/// One row of the portfolio table: what the window shows first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeSummary {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The supplier (leverantör) and its name.
    pub organisation_id: i64,
    pub organisation: String,
    /// The customers (kunder), in id order.
    #[serde(default)]
    pub customer_ids: Vec<i64>,
    pub phase: Phase,
    pub council_tracked: bool,
    pub go_live_date: Option<NaiveDate>,
    pub latest_report: Option<StatusReportFields>,
    /// When the latest report is older than one reporting period as of the date it is shown
    /// for: "Inaktuell – statusrapport för perioden t.o.m. …"
    /// ([`super::register_lists::status_report_stale`]); set by the application layer
    /// (`app::lists::mark_stale_reports`), never by the store, which knows no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_report_stale: Option<String>,
    /// Whether the initiative has at least one effect goal.
    #[serde(default)]
    pub has_effect_goals: bool,
    /// Whether it has a benefit calculation, draft or approved.
    #[serde(default)]
    pub has_calculation: bool,
    /// What the portfolio flags it for ([`gaps`]), in this order.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// The reporting period that applies to it: its supplier's, else the register's.
    #[serde(default)]
    pub reporting_period: super::register_lists::ReportingPeriod,
    /// When its next status report is due ([`super::register_lists::status_report_due`]);
    /// `None` when none is.
    #[serde(default)]
    pub status_report_due: Option<NaiveDate>,
    /// Its category (seed 002 §4.3), `None` until stated.
    #[serde(default)]
    pub category: Option<super::register_lists::Category>,
}

/// Something an initiative lacks that makes the portfolio's balance misleading (seed 003 §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// No effect goal ("Saknar effektmål").
    EffectGoals,
    /// No benefit calculation, neither draft nor approved ("Saknar nyttokalkyl").
    Calculation,
}

impl Gap {
    pub fn code(self) -> &'static str {
        match self {
            Gap::EffectGoals => "effect_goals",
            Gap::Calculation => "calculation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gap::EffectGoals => "Saknar effektmål",
            Gap::Calculation => "Saknar nyttokalkyl",
        }
    }

    /// The marker beside the label, so the flag never rests on colour.
    pub fn symbol(self) -> &'static str {
        "⚠"
    }
}

/// The portfolio's flags for an initiative. The rule:
/// - an initiative that is stopped (avbruten, struken) is never flagged: it realises nothing;
/// - every other initiative without an effect goal is flagged, an idé too: effect goals say why
///   it is done, and the annual analysis asks for them in every proposal (seed 003);
/// - every other initiative without a benefit calculation is flagged from beredning on, not
///   in phase idé: the calculation is made while an idea is prepared for decision (domain:
///   "costs and benefits estimated before the decision").
pub fn gaps(phase: Phase, has_effect_goals: bool, has_calculation: bool) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if matches!(phase, Phase::Avbruten | Phase::Struken) {
        return gaps;
    }
    if !has_effect_goals {
        gaps.push(Gap::EffectGoals);
    }
    if !has_calculation && phase != Phase::Ide {
        gaps.push(Gap::Calculation);
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> InitiativeFields {
        InitiativeFields { code: "NR-2026-001".into(), name: "E-arkiv".into(), ..InitiativeFields::blank(1) }
    }

    #[test]
    fn the_portfolio_flags_missing_effect_goals_and_calculations_but_not_an_ideas_calculation() {
        use Gap::*;
        assert_eq!(gaps(Phase::Ide, false, false), [EffectGoals]);
        assert_eq!(gaps(Phase::Ide, true, false), []);
        assert_eq!(gaps(Phase::Beredning, true, false), [Calculation]);
        assert_eq!(gaps(Phase::Pagaende, false, false), [EffectGoals, Calculation]);
        assert_eq!(gaps(Phase::Driftsatt, true, true), []);
        assert_eq!(gaps(Phase::Avbruten, false, false), []);
        assert_eq!(gaps(Phase::Struken, false, false), []);
        assert_eq!(Calculation.label(), "Saknar nyttokalkyl");
        assert_eq!(EffectGoals.label(), "Saknar effektmål");
    }

    #[test]
    fn a_minimal_initiative_is_valid() {
        assert!(valid().validate().is_empty());
    }

    #[test]
    fn missing_code_and_name_are_named_by_field() {
        let errors = InitiativeFields::blank(1).validate();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "name"]);
    }

    #[test]
    fn go_live_before_start_is_refused() {
        let mut fields = valid();
        fields.start_date = NaiveDate::from_ymd_opt(2026, 3, 1);
        fields.go_live_date = NaiveDate::from_ymd_opt(2026, 2, 1);
        assert_eq!(fields.validate()[0].field, "go_live_date");
    }

    #[test]
    fn a_live_initiative_needs_a_go_live_date() {
        let mut fields = valid();
        fields.phase = Phase::Driftsatt;
        assert_eq!(fields.validate()[0].field, "go_live_date");
    }

    #[test]
    fn a_blank_initiative_has_its_organisation_as_supplier_and_sole_customer() {
        let fields = InitiativeFields::blank(7);
        assert_eq!((fields.organisation_id, fields.customer_ids.as_slice()), (7, &[7][..]));
    }

    #[test]
    fn an_initiative_needs_a_customer_and_each_only_once() {
        let mut fields = valid();
        fields.customer_ids.clear();
        let errors = fields.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "customer_ids");
        assert!(errors[0].message.contains("minst en kund"), "{}", errors[0].message);
        fields.customer_ids = vec![2, 3, 2];
        assert_eq!(fields.validate()[0].field, "customer_ids");
        fields.customer_ids = vec![1, 2, 3];
        assert!(fields.validate().is_empty());
    }

    #[test]
    fn an_allocation_key_needs_shared_financing() {
        let mut fields = valid();
        fields.allocation_key = "Antal anknytningar".into();
        for financing in [None, Some(Financing::FakturaAPris), Some(Financing::Kommunbidrag), Some(Financing::EgenBudget)] {
            fields.financing = financing;
            let errors = fields.validate();
            assert_eq!(errors.len(), 1, "{financing:?}");
            assert_eq!(errors[0].field, "allocation_key");
            assert!(errors[0].message.contains("Fördelningsnyckel"), "{}", errors[0].message);
        }
        fields.financing = Some(Financing::Kostnadsfordelning);
        assert!(fields.validate().is_empty());
        fields.allocation_key = "  ".into();
        fields.financing = Some(Financing::EgenBudget);
        assert!(fields.validate().is_empty(), "a blank key is no key");
    }

    #[test]
    fn financing_codes_and_labels() {
        let labels: Vec<_> = Financing::ALL.iter().map(|f| f.label()).collect();
        assert_eq!(labels, ["Kostnadsfördelning", "Faktura à pris", "Kommunbidrag", "Egen budget"]);
        assert!(Financing::ALL.iter().all(|f| Financing::from_code(f.code()) == Some(*f)));
        assert_eq!(Financing::ALL.iter().filter(|f| f.is_shared()).count(), 1);
    }

    #[test]
    fn an_initiative_without_customers_or_financing_in_json_reads_with_none() {
        let mut value = serde_json::to_value(valid()).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("customer_ids");
        object.remove("financing");
        let fields: InitiativeFields = serde_json::from_value(value).unwrap();
        assert!(fields.customer_ids.is_empty() && fields.financing.is_none());
    }

    #[test]
    fn a_red_dimension_needs_cause_and_action() {
        let report = StatusReportFields {
            period_end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            time: Dimension { status: Rag::Rod, cause: String::new(), action: "Ny tidplan".into() },
            cost: Dimension::green(),
            result: Dimension::green(),
            comment: String::new(),
        };
        let errors = report.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "time.cause");
        assert!(errors[0].message.contains("Tid är röd"));
        assert_eq!(report.worst(), Rag::Rod);
    }

    #[test]
    fn choice_codes_round_trip() {
        for phase in Phase::ALL {
            assert_eq!(Phase::from_code(phase.code()), Some(*phase));
        }
        assert_eq!(Phase::from_code("okänd"), None);
    }

    #[test]
    fn negative_cost_is_refused() {
        let cost = CostYearFields {
            year: 2026,
            cost_type: CostType::Extern,
            budget: Some(Decimal::NEGATIVE_ONE),
            actual: None,
            forecast: None,
            hours: None,
            kind: CostKind::Utveckling,
            hourly_rate: None,
            comment: String::new(),
        };
        assert_eq!(cost.validate()[0].field, "budget");
    }

    fn internal(hours: Option<i64>, rate: Option<i64>, actual: Option<i64>) -> CostYearFields {
        CostYearFields {
            year: 2026,
            cost_type: CostType::Intern,
            kind: CostKind::Forvaltning,
            budget: None,
            actual: actual.map(Decimal::from),
            forecast: None,
            hours: hours.map(Decimal::from),
            hourly_rate: rate.map(Decimal::from),
            comment: String::new(),
        }
    }

    #[test]
    fn internal_utfall_is_hours_times_rate() {
        let row = internal(Some(120), Some(650), None);
        assert!(row.validate().is_empty());
        assert_eq!(row.with_computed_actual().actual, Some(Decimal::from(78_000)));
        assert!(internal(Some(120), Some(650), Some(78_000)).validate().is_empty());
        let wrong = internal(Some(120), Some(650), Some(80_000)).validate();
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].field, "actual");
        assert!(wrong[0].message.contains("78\u{a0}000\u{a0}kr"), "{}", wrong[0].message);
        // Hours without a rate (the rows before migration 0005) keep their Utfall as given.
        assert!(internal(Some(291), None, Some(179_450)).validate().is_empty());
        assert_eq!(internal(None, Some(650), None).validate()[0].field, "hours");
    }

    #[test]
    fn a_rate_belongs_to_internal_rows_only() {
        let mut row = internal(Some(10), Some(900), None);
        row.cost_type = CostType::Extern;
        let errors = row.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "hourly_rate");
        assert_eq!(row.with_computed_actual().actual, None);
    }

    #[test]
    fn running_cost_years_are_real_years_each_once() {
        let mut fields = valid();
        fields.running_cost.years = vec![
            RunningCostYear { year: 2026, amount: Decimal::from(-30_000) },
            RunningCostYear { year: 2026, amount: Decimal::from(10_000) },
            RunningCostYear { year: 1999, amount: Decimal::from(10_000) },
        ];
        let errors = fields.validate();
        let fields_named: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields_named, ["running_cost.years[1].year", "running_cost.years[2].year"]);
        assert!(errors[0].message.contains("2026 finns två gånger"), "{}", errors[0].message);
    }

    #[test]
    fn a_cost_row_without_a_kind_reads_as_utveckling() {
        let row: CostYearFields = serde_json::from_str(
            r#"{"year":2026,"cost_type":"extern","budget":"100","actual":null,"forecast":null,"hours":null,"comment":""}"#,
        )
        .unwrap();
        assert_eq!((row.kind, row.hourly_rate), (CostKind::Utveckling, None));
    }
}
