//! The whole register as an Excel workbook: one sheet per entity, Swedish headers, numbers as
//! numbers and dates as dates (docs/export.md lists every sheet and column). Meant for reading
//! and analysing in Excel; the export that goes back into a register is the JSON one.
//!
//! Rows come one at a time from a [`RegisterRows`] source (the application layer reads them
//! from the register, `app::exports`) and go straight to the sheets, which are written in
//! constant-memory mode ([`super::xlsx_writer`]): a register of a million measurements is
//! exported with about the memory of one initiative.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::export::ExportError;
use crate::model::records::{EvaluationRecord, HarvestDecisionRecord};
use crate::model::register_lists::ReportingPeriod;
use super::register_json::{
    GoalAreaRecord, AuditRecord, CalcFactorRecord, CalculationRecord, CostYearRecord, DeviationNoteRecord, InitiativeRecord, MeasurementRecord,
    OrganisationRecord, PersonRecord, PlanVersionRecord, StatusReportRecord, VersionStatus,
};
use super::xlsx_writer::{columns, Book, Cell, SheetId};
use crate::calc;
use crate::model::calculation::{
    CalcFactor, CalcLine, Estimate, Level, LineValue, Quantity, Rate, Timing,
};

/// A callback that takes one record; an error stops the source.
pub type Each<'a, T, E> = &'a mut dyn FnMut(T) -> Result<(), E>;

/// Where the workbook's rows come from: every table of the register, each handed over one
/// record at a time in id order, stopping at the first error (the source's or the
/// callback's). The source's error type carries the workbook's own errors too.
pub trait RegisterRows {
    type Error: From<ExportError>;
    /// The register's own settings (`name`, `created_at`, …), by key.
    fn register_info(&self) -> Result<BTreeMap<String, String>, Self::Error>;
    fn organisations(&self, each: Each<'_, OrganisationRecord, Self::Error>) -> Result<(), Self::Error>;
    fn people(&self, each: Each<'_, PersonRecord, Self::Error>) -> Result<(), Self::Error>;
    fn calc_factors(&self, each: Each<'_, CalcFactorRecord, Self::Error>) -> Result<(), Self::Error>;
    /// The register's goal areas (målområden).
    fn goal_areas(&self, each: Each<'_, GoalAreaRecord, Self::Error>) -> Result<(), Self::Error>;
    /// The initiatives without their children (their lists are empty).
    fn initiatives(&self, each: Each<'_, InitiativeRecord, Self::Error>) -> Result<(), Self::Error>;
    /// Each child record with the id of its initiative.
    fn status_reports(&self, each: Each<'_, (i64, StatusReportRecord), Self::Error>) -> Result<(), Self::Error>;
    fn cost_years(&self, each: Each<'_, (i64, CostYearRecord), Self::Error>) -> Result<(), Self::Error>;
    fn calculations(&self, each: Each<'_, (i64, CalculationRecord), Self::Error>) -> Result<(), Self::Error>;
    fn plan_versions(&self, each: Each<'_, (i64, PlanVersionRecord), Self::Error>) -> Result<(), Self::Error>;
    fn measurements(&self, each: Each<'_, (i64, MeasurementRecord), Self::Error>) -> Result<(), Self::Error>;
    /// What was written about benefit deviations, with their initiative's id.
    fn deviation_notes(&self, each: Each<'_, (i64, DeviationNoteRecord), Self::Error>) -> Result<(), Self::Error>;
    fn audit_log(&self, each: Each<'_, AuditRecord, Self::Error>) -> Result<(), Self::Error>;
    /// Harvest decisions with the id of their initiative.
    fn harvest_decisions(&self, each: Each<'_, (i64, HarvestDecisionRecord), Self::Error>) -> Result<(), Self::Error>;
    /// The evaluations that close follow-ups, every version, with their initiative's id.
    fn evaluations(&self, each: Each<'_, (i64, EvaluationRecord), Self::Error>) -> Result<(), Self::Error>;
}

/// How many data rows each sheet got, in sheet order: for the user's receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookSummary {
    pub sheets: Vec<(String, u32)>,
}

impl WorkbookSummary {
    /// The rows of the sheet called `name`.
    pub fn rows(&self, name: &str) -> Option<u32> {
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, rows)| *rows)
    }
}

/// The sheets, in order. Names are Swedish and at most 31 characters (Excel's limit).
struct Sheets {
    register: SheetId,
    organisations: SheetId,
    people: SheetId,
    factors: SheetId,
    initiatives: SheetId,
    status_reports: SheetId,
    running_costs: SheetId,
    costs: SheetId,
    calculations: SheetId,
    calc_lines: SheetId,
    plans: SheetId,
    benefits: SheetId,
    indicators: SheetId,
    targets: SheetId,
    measurements: SheetId,
    harvest: SheetId,
    deviations: SheetId,
    evaluations: SheetId,
    audit: SheetId,
}

/// Writes the whole register to `path` as XLSX (replacing the file if it exists; callers
/// that must not leave half a file write to a temporary path and rename).
pub fn write_register_xlsx<R: RegisterRows>(rows: &R, path: &Path) -> Result<WorkbookSummary, R::Error> {
    let mut book = Book::for_file(path)?;
    let sheets = add_sheets(&mut book)?;
    write_rows(rows, &mut book, &sheets)?;
    let summary = WorkbookSummary {
        sheets: book.sheet_rows(),
    };
    book.save(path)?;
    Ok(summary)
}

fn add_sheets(book: &mut Book) -> Result<Sheets, ExportError> {
    Ok(Sheets {
        register: book.add_sheet("Registret", &columns(&[("Uppgift", 24.0), ("Värde", 40.0)]))?,
        organisations: book.add_sheet(
            "Organisationer",
            &columns(&[
                ("Id", 6.0),
                ("Namn", 36.0),
                ("Typ", 14.0),
                ("Nämnd eller styrelse", 36.0),
                // Migration 0006: its own governing body and period, blank where it follows
                // the register; its base services, one per line ("(utgången)" when retired).
                ("Eget styrande organ", 30.0),
                ("Egen rapportperiod", 16.0),
                ("Bastjänster", 36.0),
            ]),
        )?,
        people: book.add_sheet(
            "Personer",
            &columns(&[
                ("Id", 6.0),
                ("Namn", 28.0),
                ("Roll", 28.0),
                ("Organisation-id", 10.0),
                ("Organisation", 32.0),
            ]),
        )?,
        factors: book.add_sheet(
            "Beräkningsfaktorer",
            &columns(&[
                ("Id", 6.0),
                ("Kod", 18.0),
                ("Namn", 36.0),
                ("Värde", 12.0),
                ("Enhet", 10.0),
                ("Källa", 36.0),
                ("År", 8.0),
                ("Radversion", 10.0),
            ]),
        )?,
        initiatives: book.add_sheet("Insatser", &columns(INITIATIVE_COLUMNS))?,
        status_reports: book.add_sheet(
            "Statusrapporter",
            &columns(&[
                ("Id", 6.0),
                ("Insats", 14.0),
                ("Period t.o.m.", 12.0),
                ("Tid", 8.0),
                ("Tid: orsak", 30.0),
                ("Tid: åtgärd", 30.0),
                ("Kostnad", 8.0),
                ("Kostnad: orsak", 30.0),
                ("Kostnad: åtgärd", 30.0),
                ("Resultat", 8.0),
                ("Resultat: orsak", 30.0),
                ("Resultat: åtgärd", 30.0),
                ("Kommentar", 36.0),
                ("Rapporterad av", 20.0),
                ("Skapad", 19.0),
            ]),
        )?,
        running_costs: book.add_sheet(
            "Förvaltningskostnad per år",
            &columns(&[("Insats", 14.0), ("År", 8.0), ("Påverkan på förvaltningskostnad (kr)", 18.0)]),
        )?,
        costs: book.add_sheet(
            "Kostnader",
            &columns(&[
                ("Id", 6.0),
                ("Insats", 14.0),
                ("År", 8.0),
                ("Kostnadstyp", 12.0),
                ("Slag", 12.0),
                ("Budget (kr)", 14.0),
                ("Utfall (kr)", 14.0),
                ("Prognos (kr)", 14.0),
                ("Avvikelse budget − prognos (kr)", 16.0),
                ("Timmar", 10.0),
                ("Timpris (kr/h)", 10.0),
                ("Kommentar", 36.0),
            ]),
        )?,
        calculations: book.add_sheet(
            "Kalkylversioner",
            &columns(&[
                ("Id", 6.0),
                ("Insats", 14.0),
                ("Version", 8.0),
                ("Status", 10.0),
                ("Första år", 9.0),
                ("Kalkylperiod (år)", 10.0),
                ("Diskonteringsränta (andel)", 12.0),
                ("Årsarbetstid (h)", 10.0),
                ("Personalomkostnadspålägg (andel)", 12.0),
                ("Kalkylrader", 9.0),
                ("Nettonuvärde, troligt (kr)", 16.0),
                ("Återbetald år, troligt", 10.0),
                ("Skäl", 36.0),
                ("Baserad på version", 9.0),
                ("Skapad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Godkänd av", 24.0),
                ("Godkänd", 12.0),
                ("Beslut", 24.0),
                ("Radversion", 10.0),
            ]),
        )?,
        calc_lines: book.add_sheet(
            "Kalkylrader",
            &columns(&[
                ("Insats", 14.0),
                ("Version", 8.0),
                ("Rad", 6.0),
                ("Nyckel", 16.0),
                ("Typ", 9.0),
                ("Kategori", 13.0),
                ("Perspektiv", 16.0),
                ("Kostnadstyp", 12.0),
                ("Beskrivning", 36.0),
                ("Värdering", 16.0),
                ("Lågt", 12.0),
                ("Troligt", 12.0),
                ("Högt", 12.0),
                ("Enhet", 10.0),
                ("Pris", 24.0),
                ("Årligt värde, troligt (kr)", 16.0),
                ("Poäng (ej i kronor)", 9.0),
                ("Tidsprofil", 30.0),
                ("Källa", 28.0),
                ("Ansvarig", 20.0),
                ("Beräkning, troligt", 48.0),
            ]),
        )?,
        plans: book.add_sheet(
            "Planversioner",
            &columns(&[
                ("Id", 6.0),
                ("Insats", 14.0),
                ("Version", 8.0),
                ("Status", 10.0),
                ("Nyttor", 8.0),
                ("Indikatorer", 10.0),
                ("Förutsättningar", 36.0),
                ("Risker", 36.0),
                ("Skäl", 36.0),
                ("Baserad på version", 9.0),
                ("Skapad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Godkänd av", 24.0),
                ("Godkänd", 12.0),
                ("Beslut", 24.0),
                ("Radversion", 10.0),
            ]),
        )?,
        benefits: book.add_sheet(
            "Nyttor",
            &columns(&[
                ("Insats", 14.0),
                ("Planversion", 9.0),
                ("Nr", 5.0),
                ("Nytta", 32.0),
                ("Förändring", 32.0),
                ("Effekt", 32.0),
                ("Mål", 32.0),
                ("Nyttoägare", 22.0),
                ("Realiseras av", 28.0),
                ("Kalkylrad", 14.0),
            ]),
        )?,
        indicators: book.add_sheet(
            "Indikatorer",
            &columns(&[
                ("Insats", 14.0),
                ("Planversion", 9.0),
                ("Nytta nr", 7.0),
                ("Kod", 12.0),
                ("Namn", 32.0),
                ("Enhet", 10.0),
                ("Riktning", 16.0),
                ("Lägsta tillåtna", 10.0),
                ("Högsta tillåtna", 10.0),
                ("Baslinje", 10.0),
                ("Baslinjens datum", 12.0),
                ("Baslinjens källa", 24.0),
                ("Gul tröskel (andel)", 10.0),
                ("Mätansvarig", 20.0),
                ("Metod", 28.0),
                ("Frekvens", 14.0),
                ("Datakälla", 24.0),
            ]),
        )?,
        targets: book.add_sheet(
            "Målvärden",
            &columns(&[
                ("Insats", 14.0),
                ("Planversion", 9.0),
                ("Indikator", 12.0),
                ("Månader efter driftsättning", 12.0),
                ("Målvärde", 12.0),
            ]),
        )?,
        measurements: book.add_sheet(
            "Mätningar",
            &columns(&[
                ("Id", 8.0),
                ("Insats", 14.0),
                ("Indikator", 12.0),
                ("Datum", 12.0),
                ("Värde", 12.0),
                ("Källa", 24.0),
                ("Kommentar", 32.0),
                ("Registrerad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Radversion", 10.0),
            ]),
        )?,
        harvest: book.add_sheet(
            "Effekthemtagning",
            &columns(&[
                ("Id", 8.0),
                ("Insats", 14.0),
                ("Nytta", 30.0),
                ("Typ", 16.0),
                ("Belopp (kr per år)", 14.0),
                ("Omfördelas till", 28.0),
                ("Skäl", 30.0),
                ("Gäller från", 12.0),
                ("Beslutat av", 24.0),
                ("Beslutsdatum", 12.0),
                ("Diarienummer", 18.0),
                ("Genomförd", 12.0),
                ("Kommentar", 32.0),
                ("Registrerad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Radversion", 10.0),
            ]),
        )?,
        deviations: book.add_sheet(
            "Avvikelser",
            &columns(&[
                ("Insats", 14.0),
                ("Indikator", 12.0),
                ("Månader efter driftsättning", 12.0),
                ("Orsak", 40.0),
                ("Åtgärd", 40.0),
                ("Beslut som begärs", 32.0),
                ("Stängning", 18.0),
                ("Skäl", 32.0),
                ("Beslut", 32.0),
                ("Beslutat av", 24.0),
                ("Beslutsdatum", 12.0),
                ("Paragraf/diarienummer", 18.0),
                ("Stängd", 12.0),
                ("Sparad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Radversion", 10.0),
            ]),
        )?,
        evaluations: book.add_sheet(
            "Utvärderingar",
            &columns(&[
                ("Id", 6.0),
                ("Insats", 14.0),
                ("Version", 8.0),
                ("Status", 10.0),
                ("Per datum", 12.0),
                ("Planversion", 9.0),
                ("Mål", 7.0),
                ("Nådda", 7.0),
                ("Inte nådda", 8.0),
                ("Inte mätta", 8.0),
                ("Kalkylerad nytta (kr per år)", 16.0),
                ("Realiserad nytta (kr per år)", 16.0),
                ("Hemtagen nytta (kr per år)", 16.0),
                ("Lärdomar", 48.0),
                ("Skäl att avsluta före sista kontrollpunkten", 32.0),
                ("Skäl till ny version", 28.0),
                ("Baserad på version", 9.0),
                ("Skapad av", 18.0),
                ("Skapad", 19.0),
                ("Ändrad", 19.0),
                ("Godkänd av", 24.0),
                ("Godkänd", 12.0),
                ("Beslut", 24.0),
                ("Radversion", 10.0),
            ]),
        )?,
        audit: book.add_sheet(
            "Händelselogg",
            &columns(&[
                ("Id", 8.0),
                ("Tidpunkt", 19.0),
                ("Användare", 18.0),
                ("Händelse", 12.0),
                ("Avser", 14.0),
                ("Post-id", 8.0),
                ("Insats", 14.0),
                ("Insats-id", 8.0),
                ("Före", 40.0),
                ("Efter", 40.0),
                ("Skäl", 30.0),
            ]),
        )?,
    })
}

const INITIATIVE_COLUMNS: &[(&str, f64)] = &[
    ("Id", 6.0),
    ("Kod", 14.0),
    ("Namn", 36.0),
    ("Leverantör", 28.0),
    ("Kunder", 28.0),
    ("Fas", 11.0),
    ("Särskilt följd", 8.0),
    ("Beställare", 22.0),
    ("Projektledare", 22.0),
    ("Start", 12.0),
    ("Driftsättning", 12.0),
    ("Slut", 12.0),
    ("Bastjänst", 20.0),
    ("Behovsbeskrivning", 40.0),
    ("Nytta", 40.0),
    ("Effektmål", 40.0),
    ("Projektmål", 40.0),
    ("Koppling till mål", 30.0),
    ("Målområden", 30.0),
    ("Kategori", 18.0),
    ("Intern – extern nytta", 16.0),
    ("Effektivitet – innovation", 14.0),
    ("Projektform", 9.0),
    ("Komplexitet kund", 16.0),
    ("Komplexitet leverantör", 16.0),
    ("Informationsklassning klar", 9.0),
    ("Informationsklassning: kommentar", 28.0),
    ("Tröskelanalys klar", 9.0),
    ("Tröskelanalys: kommentar", 28.0),
    ("Säkerhetsbedömning klar", 9.0),
    ("Säkerhetsbedömning: kommentar", 28.0),
    ("Arkitekturbedömning klar", 9.0),
    ("Arkitekturbedömning: kommentar", 28.0),
    // The template asks whether the initiative affects the digital infrastructure at all
    // (seed 003 §2.2): a yes/no of its own, not an assessment that is done ("klar").
    ("Får påverkan på digital infrastruktur", 12.0),
    ("Påverkan på digital infrastruktur: kommentar", 28.0),
    ("Projektbudget (kr)", 14.0),
    ("Förvaltningskostnad: kommentar", 28.0),
    (ONLY_EXTERNAL_COLUMN, 12.0),
    ("Finansieringsform", 16.0),
    ("Kundgrupp", 20.0),
    ("Fördelningsnyckel", 20.0),
    ("Kommentar till avvikelse", 30.0),
    ("Skäl till att insatsen ströks", 30.0),
    ("Radversion", 10.0),
    ("Skapad", 19.0),
    ("Ändrad", 19.0),
];

fn write_rows<R: RegisterRows>(r: &R, book: &mut Book, s: &Sheets) -> Result<(), R::Error> {
    for (key, value) in r.register_info()? {
        // Settings a later version adds are shown under their own key, as text.
        let (label, cell) = match key.as_str() {
            "name" => ("Namn", Cell::Text(&value)),
            "created_at" => ("Skapat", Cell::Timestamp(&value)),
            "governing_body" => ("Styrande organ", Cell::Text(&value)),
            "reporting_period" => (
                "Rapportperiod",
                ReportingPeriod::from_code(&value).map_or(Cell::Text(&value), |p| Cell::Text(p.label())),
            ),
            "settings_row_version" => ("Inställningarnas radversion", Cell::Text(&value)),
            "cost_per_fte" => (
                "Kostnad per årsarbetare (kr)",
                value.parse::<rust_decimal::Decimal>().map_or(Cell::Text(&value), Cell::Money),
            ),
            "demo_date" => (
                "Demoregistrets datum",
                crate::io::values::parse_date(&value).map_or(Cell::Text(&value), Cell::Date),
            ),
            other => (other, Cell::Text(&value)),
        };
        book.row(s.register, &[Cell::Text(label), cell])?;
    }

    let mut organisations: HashMap<i64, String> = HashMap::new();
    r.organisations(&mut |o| {
        book.row(
            s.organisations,
            &[
                Cell::Integer(o.id),
                Cell::Text(&o.name),
                Cell::Text(o.kind.label()),
                Cell::Text(&o.committee),
                Cell::opt_text(o.governing_body.as_deref()),
                Cell::opt_text(o.reporting_period.map(|p| p.label())),
                Cell::Owned(
                    o.base_services
                        .iter()
                        .map(|b| if b.retired { format!("{} (utgången)", b.name) } else { b.name.clone() })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
        )?;
        organisations.insert(o.id, o.name);
        Ok(())
    })?;
    r.people(&mut |p| {
        let organisation = p
            .organisation_id
            .and_then(|id| organisations.get(&id))
            .map(String::as_str);
        book.row(
            s.people,
            &[
                Cell::Integer(p.id),
                Cell::Text(&p.name),
                Cell::Text(&p.role),
                Cell::opt_integer(p.organisation_id),
                Cell::opt_text(organisation),
            ],
        )?;
        Ok(())
    })?;
    // The register's factors: what a draft calculation is valued with.
    let mut factors: Vec<CalcFactor> = Vec::new();
    r.calc_factors(&mut |f| {
        book.row(
            s.factors,
            &[
                Cell::Integer(f.id),
                Cell::Text(&f.code),
                Cell::Text(&f.name),
                Cell::Number(f.value),
                Cell::Text(&f.unit),
                Cell::Text(&f.source),
                Cell::Integer(i64::from(f.year)),
                Cell::Integer(f.row_version),
            ],
        )?;
        factors.push(CalcFactor {
            code: f.code,
            name: f.name,
            value: f.value,
            unit: f.unit,
            source: f.source,
            year: f.year,
        });
        Ok(())
    })?;

    let mut goal_areas: HashMap<i64, String> = HashMap::new();
    r.goal_areas(&mut |g| {
        goal_areas.insert(g.id, if g.retired { format!("{} (utgånget)", g.name) } else { g.name });
        Ok(())
    })?;

    // Child sheets name their initiative by code; the codes of a city's portfolio are few.
    let mut codes: HashMap<i64, String> = HashMap::new();
    // "Endast externa kostnader" per initiative (docs/kostnader.md), from a first pass over
    // the cost rows: a sum per initiative and cost type, not the rows, is kept.
    let mut cost_sums: HashMap<i64, [crate::model::costs::Amounts; 2]> = HashMap::new();
    r.cost_years(&mut |(initiative, c)| {
        let sums = cost_sums.entry(initiative).or_default();
        let slot = usize::from(c.cost_type == crate::model::initiative::CostType::Extern);
        sums[slot].add(&crate::model::costs::Amounts::of(c.budget, c.actual, c.forecast));
        Ok(())
    })?;
    let only_external = |id: i64| {
        use crate::model::initiative::CostType;
        cost_sums.get(&id).is_some_and(|[intern, extern_]| {
            crate::model::costs::only_external([(CostType::Intern, intern), (CostType::Extern, extern_)])
        })
    };
    r.initiatives(&mut |i| {
        let organisation = organisations.get(&i.organisation_id).map(String::as_str);
        // One customer per line, as the window lists them.
        let customers: Vec<&str> =
            i.customer_ids.iter().filter_map(|id| organisations.get(id)).map(String::as_str).collect();
        // One goal area per line, by name.
        let linked: Vec<&str> = i.goal_area_ids.iter().filter_map(|id| goal_areas.get(id)).map(String::as_str).collect();
        let mut cells = initiative_cells(&i, organisation, customers.join("\n"), linked.join("\n"));
        // Right after the running-cost comment, where the economic columns are.
        let at = INITIATIVE_COLUMNS.iter().position(|(name, _)| *name == ONLY_EXTERNAL_COLUMN).unwrap_or(cells.len());
        cells.insert(at.min(cells.len()), Cell::Text(if only_external(i.id) { "Ja" } else { "Nej" }));
        book.row(s.initiatives, &cells)?;
        for y in &i.running_cost.years {
            book.row(s.running_costs, &[Cell::Text(&i.code), Cell::Integer(i64::from(y.year)), Cell::Money(y.amount)])?;
        }
        codes.insert(i.id, i.code);
        Ok(())
    })?;
    let code = |id: i64| codes.get(&id).map_or("", String::as_str);

    r.status_reports(&mut |(initiative, report)| {
        let mut cells = vec![
            Cell::Integer(report.id),
            Cell::Text(code(initiative)),
            Cell::Date(report.period_end),
        ];
        for d in [&report.time, &report.cost, &report.result] {
            cells.extend([
                Cell::Text(d.status.label()),
                Cell::Text(&d.cause),
                Cell::Text(&d.action),
            ]);
        }
        cells.extend([
            Cell::Text(&report.comment),
            Cell::Text(&report.author),
            Cell::Timestamp(&report.created_at),
        ]);
        book.row(s.status_reports, &cells)?;
        Ok(())
    })?;
    r.cost_years(&mut |(initiative, c)| {
        book.row(
            s.costs,
            &[
                Cell::Integer(c.id),
                Cell::Text(code(initiative)),
                Cell::Integer(i64::from(c.year)),
                Cell::Text(c.cost_type.label()),
                Cell::Text(c.kind.unwrap_or(crate::model::initiative::CostKind::Utveckling).label()),
                Cell::opt_money(c.budget),
                Cell::opt_money(c.actual),
                Cell::opt_money(c.forecast),
                Cell::opt_money(crate::model::costs::Amounts::of(c.budget, c.actual, c.forecast).deviation),
                Cell::opt_number(c.hours),
                Cell::opt_number(c.hourly_rate),
                Cell::Text(&c.comment),
            ],
        )?;
        Ok(())
    })?;
    r.calculations(&mut |(initiative, c)| {
        Ok(write_calculation(book, s, code(initiative), &c, &factors)?)
    })?;
    r.plan_versions(&mut |(initiative, p)| {
        Ok(write_plan(book, s, code(initiative), &p, &organisations)?)
    })?;
    r.measurements(&mut |(initiative, m)| {
        book.row(
            s.measurements,
            &[
                Cell::Integer(m.id),
                Cell::Text(code(initiative)),
                Cell::Text(&m.indicator),
                Cell::Date(m.date),
                Cell::Number(m.value),
                Cell::Text(&m.source),
                Cell::Text(&m.comment),
                Cell::Text(&m.author),
                Cell::Timestamp(&m.created_at),
                Cell::Timestamp(&m.updated_at),
                Cell::Integer(m.row_version),
            ],
        )?;
        Ok(())
    })?;
    r.harvest_decisions(&mut |(initiative, h)| {
        book.row(
            s.harvest,
            &[
                Cell::Integer(h.id),
                Cell::Text(code(initiative)),
                Cell::Text(&h.benefit),
                Cell::Text(h.kind.label()),
                Cell::Money(h.amount),
                Cell::Text(&h.redeployed_to),
                Cell::Text(&h.reason),
                Cell::Date(h.from_date),
                Cell::Text(&h.decided_by),
                Cell::Date(h.decided_on),
                Cell::Text(&h.decision_ref),
                h.carried_out_on.map_or(Cell::Empty, Cell::Date),
                Cell::Text(&h.comment),
                Cell::Text(&h.created_by),
                Cell::Timestamp(&h.created_at),
                Cell::Timestamp(&h.updated_at),
                Cell::Integer(h.row_version),
            ],
        )?;
        Ok(())
    })?;
    r.deviation_notes(&mut |(initiative, n)| {
        use crate::model::deviation::Closure;
        let (closure, reason, decision) = match &n.closure {
            None => ("Öppen", None, None),
            Some(Closure::Reason { reason }) => ("Stängd med skäl", Some(reason.as_str()), None),
            Some(Closure::Decision(d)) => ("Stängd genom beslut", None, Some(d)),
        };
        book.row(
            s.deviations,
            &[
                Cell::Text(code(initiative)),
                Cell::Text(&n.indicator_code),
                Cell::Integer(i64::from(n.months_after_go_live)),
                Cell::Text(&n.cause),
                Cell::Text(&n.action),
                Cell::Text(&n.decision_requested),
                Cell::Text(closure),
                Cell::opt_text(reason),
                Cell::opt_text(decision.map(|d| d.decision.as_str())),
                Cell::opt_text(decision.map(|d| d.decided_by.as_str())),
                Cell::opt_date(decision.map(|d| d.date)),
                Cell::opt_text(decision.map(|d| d.reference.as_str())),
                Cell::opt_date(n.closed_on),
                Cell::Text(&n.updated_by),
                Cell::Timestamp(&n.created_at),
                Cell::Timestamp(&n.updated_at),
                Cell::Integer(n.row_version),
            ],
        )?;
        Ok(())
    })?;
    r.evaluations(&mut |(initiative, e)| {
        let v = &e.evaluation;
        let count = |met: Option<bool>| v.targets.iter().filter(|t| t.met == met).count() as i64;
        book.row(
            s.evaluations,
            &[
                Cell::Integer(e.id),
                Cell::Text(code(initiative)),
                Cell::Integer(i64::from(e.version)),
                Cell::Text(VersionStatus::label(e.status)),
                Cell::Date(v.as_of),
                Cell::Integer(i64::from(v.plan_version)),
                Cell::Integer(v.targets.len() as i64),
                Cell::Integer(count(Some(true))),
                Cell::Integer(count(Some(false))),
                Cell::Integer(count(None)),
                Cell::Money(v.calculated_annual_value),
                Cell::Money(v.realised_annual_value),
                Cell::opt_money(v.harvested_annual_value),
                Cell::Text(&v.learnt),
                Cell::Text(&v.closure_reason),
                Cell::Text(&e.reason),
                Cell::opt_integer(e.based_on.map(i64::from)),
                Cell::Text(&e.created_by),
                Cell::Timestamp(&e.created_at),
                Cell::Timestamp(&e.updated_at),
                Cell::opt_text(e.approved_by.as_deref()),
                Cell::opt_date(e.approved_at),
                Cell::opt_text(e.decision_ref.as_deref()),
                Cell::Integer(e.row_version),
            ],
        )?;
        Ok(())
    })?;
    r.audit_log(&mut |a| {
        book.row(
            s.audit,
            &[
                Cell::Integer(a.id),
                Cell::Timestamp(&a.at),
                Cell::Text(&a.author),
                Cell::Text(&a.action),
                Cell::Text(&a.entity),
                Cell::opt_integer(a.entity_id),
                Cell::opt_text(a.initiative_id.map(code).filter(|c| !c.is_empty())),
                Cell::opt_integer(a.initiative_id),
                Cell::opt_text(a.before.as_ref().map(|j| j.get())),
                Cell::opt_text(a.after.as_ref().map(|j| j.get())),
                Cell::Text(&a.reason),
            ],
        )?;
        Ok(())
    })?;
    Ok(())
}

/// The Insatser sheet's column for the only-external flag (docs/kostnader.md).
const ONLY_EXTERNAL_COLUMN: &str = "Endast externa kostnader";

fn initiative_cells<'a>(
    i: &'a InitiativeRecord,
    organisation: Option<&'a str>,
    customers: String,
    goal_areas: String,
) -> Vec<Cell<'a>> {
    let mut cells = vec![
        Cell::Integer(i.id),
        Cell::Text(&i.code),
        Cell::Text(&i.name),
        Cell::opt_text(organisation),
        Cell::Owned(customers),
        Cell::Text(i.phase.label()),
        Cell::yes_no(Some(i.council_tracked)),
        Cell::Text(&i.sponsor),
        Cell::Text(&i.project_manager),
        Cell::opt_date(i.start_date),
        Cell::opt_date(i.go_live_date),
        Cell::opt_date(i.end_date),
        Cell::Text(&i.base_service),
        Cell::Text(&i.need),
        Cell::Text(&i.benefit),
        // One goal per line, as the window lists them.
        Cell::Owned(i.effect_goals.join("\n")),
        Cell::Text(&i.project_goals),
        Cell::Text(&i.goal_link),
        Cell::Owned(goal_areas),
        Cell::opt_text(i.category.map(|c| c.label())),
        Cell::opt_text(i.benefit_reach.map(|v| v.label())),
        Cell::opt_text(i.change_kind.map(|v| v.label())),
        Cell::yes_no(i.project_form),
        Cell::opt_text(i.complexity_customer.map(|v| v.label())),
        Cell::opt_text(i.complexity_supplier.map(|v| v.label())),
    ];
    for a in [
        &i.information_classification,
        &i.threshold_analysis,
        &i.security_assessment,
        &i.architecture_assessment,
        &i.infrastructure_impact,
    ] {
        cells.extend([Cell::yes_no(a.done), Cell::Text(&a.comment)]);
    }
    cells.extend([
        Cell::opt_money(i.project_budget),
        Cell::Text(&i.running_cost.comment),
        Cell::opt_text(i.financing.map(|v| v.label())),
        Cell::Text(&i.customer_group),
        Cell::Text(&i.allocation_key),
        Cell::Text(&i.deviation_comment),
        Cell::Text(&i.struck_reason),
        Cell::Integer(i.row_version),
        Cell::Timestamp(&i.created_at),
        Cell::Timestamp(&i.updated_at),
    ]);
    cells
}

fn write_calculation(
    book: &mut Book,
    s: &Sheets,
    code: &str,
    c: &CalculationRecord,
    register_factors: &[CalcFactor],
) -> Result<(), ExportError> {
    // An approved version is valued with the factors frozen with it, a draft with the
    // register's: the same rule as the calculation tab (`Register::factors_for`).
    let factors = match c.status {
        VersionStatus::Approved => c.factors.as_slice(),
        VersionStatus::Draft => register_factors,
    };
    let settings = &c.calculation.settings;
    let likely = calc::calculate(&c.calculation, factors)
        .ok()
        .map(|result| result.likely);
    book.row(
        s.calculations,
        &[
            Cell::Integer(c.id),
            Cell::Text(code),
            Cell::Integer(i64::from(c.version)),
            Cell::Text(VersionStatus::label(c.status)),
            Cell::Integer(i64::from(settings.first_year)),
            Cell::Integer(i64::from(settings.horizon_years)),
            Cell::Number(settings.discount_rate),
            Cell::Number(settings.annual_hours),
            Cell::Number(settings.overhead),
            Cell::Integer(c.calculation.lines.len() as i64),
            Cell::opt_money(likely.as_ref().map(|l| l.npv)),
            Cell::opt_integer(
                likely
                    .as_ref()
                    .and_then(|l| l.break_even_year)
                    .map(i64::from),
            ),
            Cell::Text(&c.reason),
            Cell::opt_integer(c.based_on.map(i64::from)),
            Cell::Text(&c.created_by),
            Cell::Timestamp(&c.created_at),
            Cell::Timestamp(&c.updated_at),
            Cell::opt_text(c.approved_by.as_deref()),
            Cell::opt_date(c.approved_at),
            Cell::opt_text(c.decision_ref.as_deref()),
            Cell::Integer(c.row_version),
        ],
    )?;
    for (n, line) in c.calculation.lines.iter().enumerate() {
        let annual = calc::annual_value(line, Level::Likely, settings, factors)
            .ok()
            .flatten();
        let mut cells = vec![
            Cell::Text(code),
            Cell::Integer(i64::from(c.version)),
            Cell::Integer(n as i64 + 1),
            Cell::Text(&line.key),
            Cell::Text(line.kind.label()),
            Cell::Text(line.category.label()),
            Cell::Text(line.perspective.label()),
            Cell::opt_text(line.cost_type.map(|t| t.label())),
            Cell::Text(&line.description),
        ];
        cells.extend(line_value_cells(line));
        cells.extend([
            Cell::opt_money(annual),
            match line.value {
                LineValue::NotMonetised { score } => Cell::Integer(i64::from(score)),
                _ => Cell::Empty,
            },
            Cell::Owned(timing_text(&line.timing, settings.first_year)),
            Cell::Text(&line.source),
            Cell::Text(&line.owner),
            Cell::opt_owned(driver_formula(line)),
        ]);
        book.row(s.calc_lines, &cells)?;
    }
    Ok(())
}

/// How a line's quantity is computed from its drivers, at the likely level, e.g.
/// `120 brukare × 0,35 andel × … ÷ 60 = 2 184 h`; `None` for a line with a direct value.
fn driver_formula(line: &CalcLine) -> Option<String> {
    let (q, unit) = match &line.value {
        LineValue::Hours { hours, .. } => (hours, "h"),
        LineValue::Units { quantity, unit, .. } => (quantity, unit.as_str()),
        _ => return None,
    };
    match q {
        Quantity::Drivers(model) => Some(calc::formula(model, Level::Likely, unit)),
        Quantity::Direct { .. } => None,
    }
}

/// Värdering, Lågt, Troligt, Högt, Enhet and Pris of a line.
fn line_value_cells(line: &CalcLine) -> Vec<Cell<'_>> {
    fn estimate(e: &Estimate) -> [Cell<'static>; 3] {
        [
            Cell::opt_number(e.low),
            Cell::opt_number(e.likely),
            Cell::opt_number(e.high),
        ]
    }
    fn quantity<'a>(q: &Quantity, unit: &'a str) -> [Cell<'a>; 4] {
        match q {
            Quantity::Direct { value } => {
                let [low, likely, high] = estimate(value);
                [low, likely, high, Cell::Text(unit)]
            }
            // Built from drivers: their product at each level, so the columns stay numbers
            // (the formula itself is in the last column, "Beräkning, troligt").
            Quantity::Drivers(_) => [
                Cell::opt_number(calc::quantity(q, Level::Low)),
                Cell::opt_number(calc::quantity(q, Level::Likely)),
                Cell::opt_number(calc::quantity(q, Level::High)),
                Cell::Text(unit),
            ],
        }
    }
    fn rate(rate: &Rate) -> Cell<'static> {
        Cell::Owned(match rate {
            Rate::Fixed { kr } => format!("{} kr", crate::format::value(*kr)),
            Rate::Factor { code } => format!("Beräkningsfaktor {code}"),
            Rate::MonthlySalary { salary } => {
                format!("Månadslön {} kr", crate::format::value(*salary))
            }
        })
    }
    let mut cells = Vec::with_capacity(6);
    match &line.value {
        LineValue::Amount { amount } => {
            cells.push(Cell::Text("Belopp per år"));
            cells.extend(estimate(amount));
            cells.extend([Cell::Text("kr"), Cell::Empty]);
        }
        LineValue::Hours { hours, rate: r } => {
            cells.push(Cell::Text("Timmar per år"));
            cells.extend(quantity(hours, "h"));
            cells.push(rate(r));
        }
        LineValue::Units {
            quantity: q,
            unit,
            rate: r,
        } => {
            cells.push(Cell::Text("Enheter per år"));
            cells.extend(quantity(q, unit));
            cells.push(rate(r));
        }
        LineValue::NotMonetised { .. } => {
            cells.push(Cell::Text("Ej i kronor"));
            cells.extend([
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    cells
}

/// `Engång 2026` or `Årligen från 2027 i 3 år, upptrappning 50 %, 100 %` (the words of the
/// calculation's version comparison, `calc::diff`).
fn timing_text(timing: &Timing, first_year: i32) -> String {
    let year = |offset: u32| first_year.saturating_add(i32::try_from(offset).unwrap_or(i32::MAX));
    match timing {
        Timing::OneOff { year: y } => format!("Engång {}", year(*y)),
        Timing::Recurring {
            from_year,
            years,
            ramp,
        } => {
            let mut text = format!("Årligen från {}", year(*from_year));
            if let Some(n) = years {
                text.push_str(&format!(" i {n} år"));
            }
            if !ramp.is_empty() {
                let steps: Vec<String> =
                    ramp.iter().map(|r| crate::format::percent(*r, 0)).collect();
                text.push_str(&format!(", upptrappning {}", steps.join(", ")));
            }
            text
        }
    }
}

fn write_plan(
    book: &mut Book,
    s: &Sheets,
    code: &str,
    p: &PlanVersionRecord,
    organisations: &HashMap<i64, String>,
) -> Result<(), ExportError> {
    let version = i64::from(p.version);
    let indicator_count: usize = p.plan.benefits.iter().map(|b| b.indicators.len()).sum();
    book.row(
        s.plans,
        &[
            Cell::Integer(p.id),
            Cell::Text(code),
            Cell::Integer(version),
            Cell::Text(VersionStatus::label(p.status)),
            Cell::Integer(p.plan.benefits.len() as i64),
            Cell::Integer(indicator_count as i64),
            Cell::Owned(p.plan.prerequisites.join("\n")),
            Cell::Owned(p.plan.risks.join("\n")),
            Cell::Text(&p.reason),
            Cell::opt_integer(p.based_on.map(i64::from)),
            Cell::Text(&p.created_by),
            Cell::Timestamp(&p.created_at),
            Cell::Timestamp(&p.updated_at),
            Cell::opt_text(p.approved_by.as_deref()),
            Cell::opt_date(p.approved_at),
            Cell::opt_text(p.decision_ref.as_deref()),
            Cell::Integer(p.row_version),
        ],
    )?;
    for (n, benefit) in p.plan.benefits.iter().enumerate() {
        let number = n as i64 + 1;
        book.row(
            s.benefits,
            &[
                Cell::Text(code),
                Cell::Integer(version),
                Cell::Integer(number),
                Cell::Text(&benefit.name),
                Cell::Text(&benefit.change),
                Cell::Text(&benefit.effect),
                Cell::Text(&benefit.goal),
                Cell::Text(&benefit.owner),
                Cell::opt_text(benefit.realised_by.and_then(|id| organisations.get(&id)).map(String::as_str)),
                Cell::opt_text(benefit.calculation_line.as_deref()),
            ],
        )?;
        for indicator in &benefit.indicators {
            let range = indicator.allowed_range.as_ref();
            let baseline = indicator.baseline.as_ref();
            book.row(
                s.indicators,
                &[
                    Cell::Text(code),
                    Cell::Integer(version),
                    Cell::Integer(number),
                    Cell::Text(&indicator.code),
                    Cell::Text(&indicator.name),
                    Cell::Text(&indicator.unit),
                    Cell::Text(indicator.direction.label()),
                    Cell::opt_number(range.and_then(|r| r.min)),
                    Cell::opt_number(range.and_then(|r| r.max)),
                    Cell::opt_number(baseline.map(|b| b.value)),
                    Cell::opt_date(baseline.map(|b| b.date)),
                    Cell::opt_text(baseline.map(|b| b.source.as_str())),
                    Cell::Number(indicator.amber_threshold),
                    Cell::Text(&indicator.measured_by),
                    Cell::Text(&indicator.method),
                    Cell::Text(&indicator.frequency),
                    Cell::Text(&indicator.data_source),
                ],
            )?;
            for target in indicator.sorted_targets() {
                book.row(
                    s.targets,
                    &[
                        Cell::Text(code),
                        Cell::Integer(version),
                        Cell::Text(&indicator.code),
                        Cell::Integer(i64::from(target.months_after_go_live)),
                        Cell::Number(target.value),
                    ],
                )?;
            }
        }
    }
    Ok(())
}
