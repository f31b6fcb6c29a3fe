//! What the register defines for itself (issue 15): its lists — the base services
//! (bastjänster) each supplier delivers (seed 003 §1.1, §2.2 "Bastjänst eller
//! infrastrukturtjänst det gäller") and the decided goal areas (målområden) an initiative links
//! to (seed 003 §2.2 "Koppling till beslutade mål"; seed 002 §5, the plan's four målområden) —
//! and the names and rhythms the city uses: the governing body (styrande organ) the council
//! pack is written for and the reporting period (rapportperiod) of the status reports, for the
//! register and, where an organisation differs, for it.
//!
//! The category of seed 002 §4.3 is [`Category`]; the status report's due date is
//! [`status_report_due`], the one rule every face and later rule calls.

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::initiative::{choice, Phase};
use super::{limits, FieldError};

choice! {
    /// The kind of change, as the city's in-depth review sorts the administrations' and
    /// companies' initiatives (seed 002 §4.3.2–4.3.5). `None` on an initiative until stated.
    Category {
        UpphandlingVerksamhetssystem = "upphandling_verksamhetssystem", "Upphandling av verksamhetssystem";
        Kvalitetshojande = "kvalitetshojande", "Kvalitetshöjande";
        Effektiviserande = "effektiviserande", "Effektiviserande";
        Ovrigt = "ovrigt", "Övrigt";
    }
}

choice! {
    /// How often an initiative's status report is due: every sixth week (the city's
    /// status and deviation reporting, seed 000), every month (the monthly reporting to the
    /// committee, seed 001) or every quarter.
    ReportingPeriod {
        SexVeckor = "sex_veckor", "Var sjätte vecka";
        Manad = "manad", "Varje månad";
        Kvartal = "kvartal", "Varje kvartal";
    }
}

impl Default for ReportingPeriod {
    /// Six weeks: the rhythm the product has always assumed (design §3) and seed 000's.
    fn default() -> Self {
        ReportingPeriod::SexVeckor
    }
}

impl ReportingPeriod {
    /// The end of the period after one that ended on `end`. Six weeks is 42 days. A month or
    /// a quarter is counted in calendar months, and a period that ended on a month's last day
    /// is followed by one that ends on a month's last day (2026-01-31 → 2026-02-28 →
    /// 2026-03-31), so monthly periods do not drift to the 28th. Never panics: beyond the
    /// calendar's end it returns [`NaiveDate::MAX`].
    pub fn next_end(self, end: NaiveDate) -> NaiveDate {
        let months = match self {
            ReportingPeriod::SexVeckor => {
                return end.checked_add_days(Days::new(42)).unwrap_or(NaiveDate::MAX);
            }
            ReportingPeriod::Manad => 1,
            ReportingPeriod::Kvartal => 3,
        };
        let Some(next) = end.checked_add_months(Months::new(months)) else { return NaiveDate::MAX };
        if is_month_end(end) {
            month_end(next)
        } else {
            next
        }
    }
}

fn is_month_end(date: NaiveDate) -> bool {
    date.succ_opt().is_none_or(|next| next.month() != date.month())
}

fn month_end(date: NaiveDate) -> NaiveDate {
    let mut last = date;
    while let Some(next) = last.succ_opt().filter(|n| n.month() == date.month()) {
        last = next;
    }
    last
}

/// Whether status reports are due for an initiative in this phase: while it is decided and
/// carried out (beslutad, pågående). An idea has no project to report on; once live, finished
/// or stopped, its follow-up is the benefit measurement, not the project's Tid, Kostnad and
/// Resultat (seed 003 §1.4: initiatives are followed "via leverantörernas statusrapportering"
/// while they are pågående).
pub fn reports_status(phase: Phase) -> bool {
    matches!(phase, Phase::Beslutad | Phase::Pagaende)
}

/// When the next status report of an initiative is due: the end of the period after its
/// latest report's (`last_period_end`), by the reporting period of its supplier
/// ([`ReportingPeriod::next_end`]); without a report yet, one period after its start. `None`
/// when no report is due (see [`reports_status`]) or there is nothing to count from. A
/// report is late (*försenad*) from the day after this date.
pub fn status_report_due(
    phase: Phase,
    start_date: Option<NaiveDate>,
    last_period_end: Option<NaiveDate>,
    period: ReportingPeriod,
) -> Option<NaiveDate> {
    if !reports_status(phase) {
        return None;
    }
    last_period_end.or(start_date).map(|from| period.next_end(from))
}

/// A status report due before `as_of` and not given: the portfolio's and the to-do list's
/// "Statusrapport försenad".
pub fn status_report_overdue(due: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    due.is_some_and(|due| due < as_of)
}

/// Whether a status report for the period ending `period_end` is out of date (*inaktuell*)
/// as of `as_of`: older than one reporting period, that is, the next period
/// ([`ReportingPeriod::next_end`]) has ended too. Its Tid, Kostnad and Resultat are then
/// never shown as current — wherever they appear, they carry [`stale_label`].
pub fn status_report_stale(period_end: NaiveDate, period: ReportingPeriod, as_of: NaiveDate) -> bool {
    as_of > period.next_end(period_end)
}

/// "Inaktuell – statusrapport för perioden t.o.m. 2026-08-31": the words a stale report's
/// statuses carry, with its date.
pub fn stale_label(period_end: NaiveDate) -> String {
    format!("Inaktuell – statusrapport för perioden t.o.m. {}", crate::format::date(period_end))
}

/// The label of a late status report, with its date: never colour alone.
pub fn overdue_label(due: NaiveDate) -> String {
    format!("Statusrapport försenad (skulle ha lämnats {})", crate::format::date(due))
}

/// The governing body of a new register: the city's strategic coordination group, which
/// prioritises the shared initiatives, picks their financing and decides which it follows
/// especially (seed 003 §1.4, seed 004). Written as it reads after "Underlag till" and
/// "särskilt följd av".
pub const DEFAULT_GOVERNING_BODY: &str = "strategiska samordningsgruppen";

/// The name a register had before it could name its body (migration 0006 gives it to every
/// register it carries forward, so their reports read as before).
pub const FORMER_GOVERNING_BODY: &str = "digitaliseringsrådet";

/// The council pack's title for a body: "Underlag till strategiska samordningsgruppen".
pub fn council_title(body: &str) -> String {
    format!("Underlag till {body}")
}

/// The "särskilt följd" label for a body: "Särskilt följd av digitaliseringsrådet".
pub fn tracked_label(body: &str) -> String {
    format!("Särskilt följd av {body}")
}

/// The register's own names and rhythm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSettings {
    /// The styrande organ, as it reads after "Underlag till" (definite form, lower case
    /// unless a proper name): "strategiska samordningsgruppen".
    pub governing_body: String,
    pub reporting_period: ReportingPeriod,
    /// Kostnad per årsarbetare, kr per year: what one full-time equivalent costs, for turning
    /// kronor of a benefit into årsarbetare where its calculation line has no hours and so no
    /// hourly price of its own (`calc::fte`; docs/effekthemtagning.md).
    #[serde(default = "default_cost_per_fte")]
    pub cost_per_fte: Decimal,
    /// Guards a save against someone else's save in between.
    pub row_version: i64,
}

/// The default kostnad per årsarbetare: 700 000 kr per year, a municipal employee's monthly
/// salary of about 37 900 kr (SCB 2024) × 12 × 1,54 (the calculation's personnel overhead),
/// the same price an hours line at Inera's factors comes to over 1 700 hours.
pub const DEFAULT_COST_PER_FTE: Decimal = Decimal::from_parts(700_000, 0, 0, false, 0);

/// The largest kostnad per årsarbetare a register accepts, kr per year.
pub const MAX_COST_PER_FTE: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

pub fn default_cost_per_fte() -> Decimal {
    DEFAULT_COST_PER_FTE
}

/// What a registeradministratör edits of the register's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSettingsFields {
    pub governing_body: String,
    pub reporting_period: ReportingPeriod,
    /// The window and the CLI always send it (the stored value when it is not changed);
    /// absent, as from a settings document older than the setting, it is the default.
    #[serde(default = "default_cost_per_fte")]
    pub cost_per_fte: Decimal,
}

impl RegisterSettingsFields {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.governing_body.trim().is_empty() {
            errors.push(FieldError::new(
                "governing_body",
                "Ange registrets styrande organ, till exempel strategiska samordningsgruppen.",
            ));
        }
        errors.extend(body_errors("governing_body", &self.governing_body));
        if self.cost_per_fte <= Decimal::ZERO || self.cost_per_fte > MAX_COST_PER_FTE {
            errors.push(FieldError::new(
                "cost_per_fte",
                "Kostnad per årsarbetare: ange kr per år, mer än 0 och högst 100 000 000.",
            ));
        }
        errors
    }
}

/// An organisation's own governing body and reporting period, where they differ from the
/// register's (a förvaltning's digitaliseringsråd; a monthly rhythm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSettings {
    pub organisation_id: i64,
    /// The organisation's name, for the list.
    pub organisation: String,
    pub governing_body: Option<String>,
    pub reporting_period: Option<ReportingPeriod>,
    pub row_version: i64,
}

impl OrganisationSettings {
    /// The body that applies to the organisation: its own, else the register's.
    pub fn body_or<'a>(&'a self, register: &'a RegisterSettings) -> &'a str {
        self.governing_body.as_deref().unwrap_or(&register.governing_body)
    }

    /// The period that applies to the organisation: its own, else the register's.
    pub fn period_or(&self, register: &RegisterSettings) -> ReportingPeriod {
        self.reporting_period.unwrap_or(register.reporting_period)
    }
}

/// What is edited of an organisation's settings; `None` follows the register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSettingsFields {
    pub governing_body: Option<String>,
    pub reporting_period: Option<ReportingPeriod>,
}

impl OrganisationSettingsFields {
    /// A blank body is no body of its own.
    pub fn normalised(&self) -> OrganisationSettingsFields {
        OrganisationSettingsFields {
            governing_body: self.governing_body.as_deref().map(str::trim).filter(|b| !b.is_empty()).map(str::to_string),
            reporting_period: self.reporting_period,
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        self.governing_body.as_deref().map(|b| body_errors("governing_body", b)).unwrap_or_default()
    }
}

fn body_errors(field: &str, body: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    limits::push(&mut errors, field, "Styrande organ", body.trim(), limits::NAME);
    if body.chars().any(char::is_control) {
        errors.push(FieldError::new(field, "Styrande organ får inte innehålla radbrytningar eller tabbar."));
    }
    errors
}

/// Which of the register's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Bastjänster: one list per supplier organisation.
    BaseService,
    /// Målområden: one list for the register.
    GoalArea,
}

impl ListKind {
    /// "bastjänsten", "målområdet": for sentences.
    pub fn definite(self) -> &'static str {
        match self {
            ListKind::BaseService => "bastjänsten",
            ListKind::GoalArea => "målområdet",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListKind::BaseService => "Bastjänst",
            ListKind::GoalArea => "Målområde",
        }
    }
}

/// One entry of a list. An entry is never deleted: one that is no longer offered is
/// *retired* (utgången) — it stays on the initiatives that name it, is shown there as
/// retired, and cannot be chosen for another; it can be brought back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    pub id: i64,
    pub kind: ListKind,
    /// The supplier whose base service it is; `None` for a goal area.
    pub organisation_id: Option<i64>,
    pub name: String,
    pub retired: bool,
    /// How many initiatives name it.
    pub in_use: i64,
    pub row_version: i64,
}

/// Checks a list entry's name: given, one line, within [`limits::NAME`].
pub fn validate_entry_name(kind: ListKind, name: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", format!("{} måste ha ett namn.", kind.label())));
    }
    if name.chars().any(char::is_control) {
        errors.push(FieldError::new("name", "Namnet får inte innehålla radbrytningar eller tabbar."));
    }
    limits::push(&mut errors, "name", kind.label(), name, limits::NAME);
    errors
}

/// Whether two entry names are the same to a reader: letter case and surrounding space aside
/// ("Öppna data" and "öppna data " are one base service).
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn six_weeks_is_42_days() {
        assert_eq!(ReportingPeriod::SexVeckor.next_end(d(2026, 9, 18)), d(2026, 10, 30));
        assert_eq!(ReportingPeriod::SexVeckor.next_end(d(2026, 12, 31)), d(2027, 2, 11));
    }

    #[test]
    fn a_month_after_a_month_end_is_the_next_month_end() {
        let m = ReportingPeriod::Manad;
        assert_eq!(m.next_end(d(2026, 1, 31)), d(2026, 2, 28));
        assert_eq!(m.next_end(d(2026, 2, 28)), d(2026, 3, 31), "no drift to the 28th");
        assert_eq!(m.next_end(d(2028, 1, 31)), d(2028, 2, 29));
        assert_eq!(m.next_end(d(2026, 4, 30)), d(2026, 5, 31));
        assert_eq!(m.next_end(d(2026, 3, 15)), d(2026, 4, 15));
        assert_eq!(m.next_end(d(2026, 12, 31)), d(2027, 1, 31));
    }

    #[test]
    fn a_quarter_is_three_months_month_end_kept() {
        let q = ReportingPeriod::Kvartal;
        assert_eq!(q.next_end(d(2026, 3, 31)), d(2026, 6, 30));
        assert_eq!(q.next_end(d(2026, 6, 30)), d(2026, 9, 30));
        assert_eq!(q.next_end(d(2026, 11, 30)), d(2027, 2, 28));
        assert_eq!(q.next_end(d(2026, 1, 10)), d(2026, 4, 10));
    }

    #[test]
    fn the_calendars_end_does_not_panic() {
        for period in ReportingPeriod::ALL {
            assert_eq!(period.next_end(NaiveDate::MAX), NaiveDate::MAX);
        }
    }

    #[test]
    fn a_report_is_due_one_period_after_the_last_or_the_start_while_the_initiative_runs() {
        let last = Some(d(2026, 8, 31));
        let start = Some(d(2026, 1, 12));
        assert_eq!(status_report_due(Phase::Pagaende, start, last, ReportingPeriod::Manad), Some(d(2026, 9, 30)));
        assert_eq!(status_report_due(Phase::Beslutad, start, None, ReportingPeriod::SexVeckor), Some(d(2026, 2, 23)));
        assert_eq!(status_report_due(Phase::Pagaende, None, None, ReportingPeriod::Manad), None);
        for phase in [Phase::Ide, Phase::Beredning, Phase::Driftsatt, Phase::Avslutad, Phase::Avbruten, Phase::Struken] {
            assert_eq!(status_report_due(phase, start, last, ReportingPeriod::Manad), None, "{phase:?}");
        }
    }

    #[test]
    fn a_report_is_late_from_the_day_after_its_due_date() {
        let due = Some(d(2026, 9, 30));
        assert!(!status_report_overdue(due, d(2026, 9, 30)));
        assert!(status_report_overdue(due, d(2026, 10, 1)));
        assert!(!status_report_overdue(None, d(2026, 10, 1)));
        assert_eq!(overdue_label(d(2026, 9, 30)), "Statusrapport försenad (skulle ha lämnats 2026-09-30)");
    }

    #[test]
    fn names_of_the_body_read_in_the_title_and_the_label() {
        assert_eq!(council_title(DEFAULT_GOVERNING_BODY), "Underlag till strategiska samordningsgruppen");
        assert_eq!(council_title(FORMER_GOVERNING_BODY), "Underlag till digitaliseringsrådet");
        assert_eq!(tracked_label("digitaliseringsrådet"), "Särskilt följd av digitaliseringsrådet");
    }

    #[test]
    fn settings_are_validated_by_field() {
        let blank = RegisterSettingsFields { governing_body: "  ".into(), reporting_period: ReportingPeriod::Manad, cost_per_fte: DEFAULT_COST_PER_FTE };
        assert_eq!(blank.validate()[0].field, "governing_body");
        let long = RegisterSettingsFields { governing_body: "x".repeat(201), reporting_period: ReportingPeriod::Manad, cost_per_fte: DEFAULT_COST_PER_FTE };
        assert!(long.validate()[0].message.contains("högst 200"), "{:?}", long.validate());
        let free = RegisterSettingsFields { governing_body: "rådet".into(), reporting_period: ReportingPeriod::Manad, cost_per_fte: Decimal::ZERO };
        assert_eq!(free.validate()[0].field, "cost_per_fte");
        let own = OrganisationSettingsFields { governing_body: Some("  ".into()), reporting_period: None }.normalised();
        assert_eq!(own.governing_body, None, "a blank body follows the register");
        let line = OrganisationSettingsFields { governing_body: Some("rådet\nx".into()), reporting_period: None };
        assert_eq!(line.validate().len(), 1);
    }

    #[test]
    fn an_organisation_follows_the_register_unless_it_has_its_own() {
        let register = RegisterSettings {
            governing_body: DEFAULT_GOVERNING_BODY.into(),
            reporting_period: ReportingPeriod::SexVeckor,
            cost_per_fte: DEFAULT_COST_PER_FTE,
            row_version: 1,
        };
        let mut own = OrganisationSettings {
            organisation_id: 1,
            organisation: "Äldre samt vård- och omsorgsförvaltningen".into(),
            governing_body: None,
            reporting_period: None,
            row_version: 1,
        };
        assert_eq!((own.body_or(&register), own.period_or(&register)), (DEFAULT_GOVERNING_BODY, ReportingPeriod::SexVeckor));
        own.governing_body = Some("förvaltningens digitaliseringsråd".into());
        own.reporting_period = Some(ReportingPeriod::Manad);
        assert_eq!((own.body_or(&register), own.period_or(&register)), ("förvaltningens digitaliseringsråd", ReportingPeriod::Manad));
    }

    #[test]
    fn entry_names_are_checked_and_compared_without_case() {
        assert_eq!(validate_entry_name(ListKind::BaseService, " ")[0].message, "Bastjänst måste ha ett namn.");
        assert!(validate_entry_name(ListKind::GoalArea, "Uppnå balans mellan effektivitet och innovation").is_empty());
        assert!(same_name("Öppna data", " öppna data"));
        assert!(!same_name("Öppna data", "Öppna data 2"));
    }

    #[test]
    fn categories_are_the_four_of_the_review() {
        let labels: Vec<_> = Category::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels, ["Upphandling av verksamhetssystem", "Kvalitetshöjande", "Effektiviserande", "Övrigt"]);
        assert!(Category::ALL.iter().all(|c| Category::from_code(c.code()) == Some(*c)));
    }

    #[test]
    fn a_status_report_is_stale_from_the_day_after_the_next_period_ends() {
        use ReportingPeriod::*;
        // Six weeks: 2026-09-18 + 42 days = 2026-10-30.
        assert!(!status_report_stale(d(2026, 9, 18), SexVeckor, d(2026, 10, 30)));
        assert!(status_report_stale(d(2026, 9, 18), SexVeckor, d(2026, 10, 31)));
        // A month from a month end is the next month end: 2026-01-31 → 2026-02-28.
        assert!(!status_report_stale(d(2026, 1, 31), Manad, d(2026, 2, 28)));
        assert!(status_report_stale(d(2026, 1, 31), Manad, d(2026, 3, 1)));
        // A quarter: 2026-03-31 → 2026-06-30.
        assert!(!status_report_stale(d(2026, 3, 31), Kvartal, d(2026, 6, 30)));
        assert!(status_report_stale(d(2026, 3, 31), Kvartal, d(2026, 7, 1)));
        // The same report is stale by six weeks but current by the quarter.
        assert!(status_report_stale(d(2026, 3, 31), SexVeckor, d(2026, 6, 30)));
        // A report of a period not yet over is current.
        assert!(!status_report_stale(d(2026, 11, 30), Manad, d(2026, 10, 31)));
        assert_eq!(stale_label(d(2026, 8, 31)), "Inaktuell – statusrapport för perioden t.o.m. 2026-08-31");
    }
}
