//! The whole register in and out as its records ([`crate::model::records`], what the JSON
//! document of `io::register_json` is made of): every table,
//! with identities, row versions, timestamps and the audit log as they are, so that an
//! export of an imported register is byte for byte the export it came from.
//!
//! An import goes only into an empty register (a new file: nothing in it but the seeded
//! calculation factors, which the document's factors replace), in one transaction; any
//! problem names its place in the document and leaves the register as it was.

use std::collections::HashSet;

use rusqlite::{params, Connection};

use super::error::{Result, StoreError};
use super::rows;
use super::prelude::*;
use super::Register;
use crate::model::records::{InitiativeRecord, RawJson, RegisterContent, RegisterRecords};
use crate::model::calculation::{LineValue, Quantity};
use crate::model::initiative::{BenefitReach, ChangeKind, Complexity, CostKind, Financing, Organisation};
use crate::model::limits::{self, LONG_TEXT, NAME};
use crate::model::plan::Plan;
use crate::model::FieldError;
use crate::model::register_lists::{Category, ReportingPeriod};

/// The tables the document holds; a table not listed here would be lost on the way, which
/// the test `every_table_and_column_is_in_the_document` prevents.
pub const TABLES: &[&str] = &[
    "register_info",
    "organisation",
    "person",
    "calc_factor",
    "initiative",
    "initiative_customer",
    "base_service",
    "goal_area",
    "initiative_goal_area",
    "running_cost_year",
    "status_report",
    "cost_year",
    "calculation",
    "plan_version",
    "measurement",
    "audit_log",
    "annual_analysis_text",
    "harvest_decision",
    "deviation_note",
    "evaluation",
];

/// Tables that must be empty before an import (the seeded factors are replaced instead).
pub(in crate::store) const CONTENT_TABLES: &[&str] = &[
    "organisation",
    "person",
    "initiative",
    "initiative_customer",
    "base_service",
    "goal_area",
    "initiative_goal_area",
    "running_cost_year",
    "status_report",
    "cost_year",
    "calculation",
    "plan_version",
    "measurement",
    "audit_log",
    "annual_analysis_text",
    "harvest_decision",
    "deviation_note",
    "evaluation",
];

fn date_text(date: Option<chrono::NaiveDate>) -> Option<String> {
    rows::date_to_text(date)
}

fn decimal_text(value: Option<rust_decimal::Decimal>) -> Option<String> {
    value.map(|d| d.to_string())
}

/// Every record of a register, whichever store holds it, read in one transaction with the
/// store's table readers. Holds everything in memory: an export to a file streams instead
/// (the `for_each_*` readers).
pub(in crate::store) fn read_all_records<S: RegisterInfo + TableReader>(store: &S) -> Result<RegisterRecords> {
    store.read_consistently(|r| {
        let mut records = RegisterRecords { register: r.register_info()?, ..RegisterRecords::default() };
        r.for_each_organisation(|o| push(&mut records.organisations, o))?;
        r.for_each_person(|p| push(&mut records.people, p))?;
        r.for_each_calc_factor(|f| push(&mut records.calc_factors, f))?;
        r.for_each_goal_area(|g| push(&mut records.goal_areas, g))?;
        r.for_each_initiative_with_children(|i| push(&mut records.initiatives, i))?;
        r.for_each_audit_record(|a| push(&mut records.audit_log, a))?;
        Ok(records)
    })
}

/// The query that says whether a content table holds any row (the same SQL in both stores).
pub(in crate::store) fn any_row_sql(table: &str) -> String {
    format!("SELECT EXISTS (SELECT 1 FROM {table})")
}

/// Why an import into a register that holds something is refused.
pub(in crate::store) fn not_empty(name: &str) -> StoreError {
    StoreError::Refused(format!(
        "Registret {name} är inte tomt. Ett helt register i JSON kan bara importeras till ett nytt, \
         tomt register: skapa ett nytt register och importera till det. Inget har ändrats."
    ))
}

/// Everything an import checks before it writes anything, whichever store it goes into:
/// identities and references, texts against their limits, the running-cost years.
pub(in crate::store) fn check_document(document: RegisterContent<'_>) -> Result<()> {
    check_references(document)?;
    check_texts(document)?;
    for (i, initiative) in document.initiatives.iter().enumerate() {
        check_running_cost(&format!("initiatives[{i}]"), initiative)?;
    }
    Ok(())
}

/// What a document's value that a database's unique rule refused is told as: `fields` are the
/// columns of the rule, which are also the document's field names.
pub(in crate::store) fn already_in_document(fields: &[&str]) -> String {
    format!("värdet finns redan i filen (fältet {}).", fields.join(" och "))
}

/// What a document's value that a database's check refused is told as.
pub(in crate::store) const NOT_ALLOWED: &str =
    "ett värde är inte tillåtet i registret eller passar inte ihop med de andra.";

impl DocumentTransfer for Register {
    fn read_records(&self) -> Result<RegisterRecords> {
        read_all_records(self)
    }

    /// True when nothing but the seeded factors is in the register.
    fn is_empty(&self) -> Result<bool> {
        for table in CONTENT_TABLES {
            let any: bool = self.conn.query_row(&any_row_sql(table), [], |r| r.get(0))?;
            if any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Fills an empty register with `document`'s records, in one transaction. Refused — with
    /// nothing changed — when the register is not empty or any record is wrong; each problem
    /// names its path (`initiatives[3].need`), which is the JSON document's too.
    fn import_records(&mut self, document: RegisterContent<'_>) -> Result<()> {
        check_document(document)?;
        let name = self.name()?;
        self.write(|tx, _author| {
            for table in CONTENT_TABLES {
                let any: bool = tx.query_row(&any_row_sql(table), [], |r| r.get(0))?;
                if any {
                    return Err(not_empty(&name));
                }
            }
            write_document(tx, document)
        })
    }
}

fn push<T>(list: &mut Vec<T>, item: T) -> Result<()> {
    list.push(item);
    Ok(())
}

pub(in crate::store) fn invalid(path: String, message: impl std::fmt::Display) -> StoreError {
    let text = format!("Fel i {path}: {message}");
    StoreError::Invalid(vec![FieldError::new(path, text)])
}

/// What can be checked before any SQL: unique identities and references that exist.
fn check_references(doc: RegisterContent<'_>) -> Result<()> {
    fn unique(seen: &mut HashSet<i64>, id: i64, path: String) -> Result<()> {
        if !seen.insert(id) {
            return Err(invalid(format!("{path}.id"), format!("id {id} förekommer två gånger.")));
        }
        Ok(())
    }
    let mut organisations = HashSet::new();
    for (i, o) in doc.organisations.iter().enumerate() {
        unique(&mut organisations, o.id, format!("organisations[{i}]"))?;
    }
    let mut people = HashSet::new();
    for (i, p) in doc.people.iter().enumerate() {
        unique(&mut people, p.id, format!("people[{i}]"))?;
        if let Some(org) = p.organisation_id.filter(|o| !organisations.contains(o)) {
            return Err(invalid(format!("people[{i}].organisation_id"), format!("organisation {org} finns inte i filen.")));
        }
    }
    let mut factors = HashSet::new();
    for (i, f) in doc.calc_factors.iter().enumerate() {
        unique(&mut factors, f.id, format!("calc_factors[{i}]"))?;
    }
    // The lists (migration 0006): ids unique, names unique within their list, and every
    // initiative names a base service of its supplier's list and goal areas of the register's.
    let mut base_services = HashSet::new();
    let mut named: std::collections::HashMap<i64, HashSet<&str>> = std::collections::HashMap::new();
    for (i, o) in doc.organisations.iter().enumerate() {
        for (k, b) in o.base_services.iter().enumerate() {
            let path = format!("organisations[{i}].base_services[{k}]");
            unique(&mut base_services, b.id, path.clone())?;
            if !named.entry(o.id).or_default().insert(b.name.as_str()) {
                return Err(invalid(format!("{path}.name"), format!("bastjänsten {} förekommer två gånger.", b.name)));
            }
        }
    }
    let mut goal_areas = HashSet::new();
    for (i, g) in doc.goal_areas.iter().enumerate() {
        unique(&mut goal_areas, g.id, format!("goal_areas[{i}]"))?;
    }
    for (i, ini) in doc.initiatives.iter().enumerate() {
        let path = format!("initiatives[{i}]");
        if !ini.base_service.is_empty() && !named.get(&ini.organisation_id).is_some_and(|n| n.contains(ini.base_service.as_str())) {
            return Err(invalid(
                format!("{path}.base_service"),
                format!(
                    "bastjänsten {} finns inte i leverantörens lista (organisations[].base_services).",
                    ini.base_service.chars().take(80).collect::<String>()
                ),
            ));
        }
        if ini.goal_area_ids.windows(2).any(|w| w[0] >= w[1]) {
            return Err(invalid(format!("{path}.goal_area_ids"), "målområdena ska stå i id-ordning, vart och ett en gång."));
        }
        for (k, g) in ini.goal_area_ids.iter().enumerate() {
            if !goal_areas.contains(g) {
                return Err(invalid(format!("{path}.goal_area_ids[{k}]"), format!("målområde {g} finns inte i filen.")));
            }
        }
    }
    let (mut initiatives, mut reports, mut costs, mut calcs, mut plans, mut measurements) =
        (HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new());
    let mut harvests = HashSet::new();
    let mut evaluations = HashSet::new();
    for (i, ini) in doc.initiatives.iter().enumerate() {
        let path = format!("initiatives[{i}]");
        unique(&mut initiatives, ini.id, path.clone())?;
        if !organisations.contains(&ini.organisation_id) {
            return Err(invalid(
                format!("{path}.organisation_id"),
                format!("organisation {} finns inte i filen.", ini.organisation_id),
            ));
        }
        check_supply(&path, ini, &organisations)?;
        for (k, r) in ini.status_reports.iter().enumerate() {
            unique(&mut reports, r.id, format!("{path}.status_reports[{k}]"))?;
        }
        for (k, c) in ini.cost_years.iter().enumerate() {
            unique(&mut costs, c.id, format!("{path}.cost_years[{k}]"))?;
        }
        for (k, c) in ini.calculations.iter().enumerate() {
            unique(&mut calcs, c.id, format!("{path}.calculations[{k}]"))?;
        }
        for (k, p) in ini.plan_versions.iter().enumerate() {
            unique(&mut plans, p.id, format!("{path}.plan_versions[{k}]"))?;
        }
        for (k, m) in ini.measurements.iter().enumerate() {
            unique(&mut measurements, m.id, format!("{path}.measurements[{k}]"))?;
        }
        for (k, h) in ini.harvest_decisions.iter().enumerate() {
            unique(&mut harvests, h.id, format!("{path}.harvest_decisions[{k}]"))?;
        }
        for (k, n) in ini.deviation_notes.iter().enumerate() {
            let p = format!("{path}.deviation_notes[{k}]");
            if let Some(e) = crate::model::deviation::validate(&n.key(ini.id), &n.edit()).into_iter().next() {
                return Err(invalid(format!("{p}.{}", e.field), e.message));
            }
            let same = |o: &&crate::model::records::DeviationNoteRecord| {
                o.indicator_code == n.indicator_code && o.months_after_go_live == n.months_after_go_live
            };
            if ini.deviation_notes[..k].iter().any(|o| same(&o)) {
                return Err(invalid(p, "avvikelsen för samma indikator och kontrollpunkt står två gånger."));
            }
        }
        for (k, e) in ini.evaluations.iter().enumerate() {
            unique(&mut evaluations, e.id, format!("{path}.evaluations[{k}]"))?;
        }
    }
    let mut audit = HashSet::new();
    for (i, a) in doc.audit_log.iter().enumerate() {
        unique(&mut audit, a.id, format!("audit_log[{i}]"))?;
    }
    Ok(())
}

/// The customers and the financing as the window checks them, with the references a
/// document can get wrong: every customer an organisation of the file, and every benefit's
/// realising organisation one of the initiative's customers.
fn check_supply(path: &str, ini: &InitiativeRecord, organisations: &HashSet<i64>) -> Result<()> {
    let rules = crate::model::initiative::InitiativeFields {
        customer_ids: ini.customer_ids.clone(),
        financing: ini.financing,
        allocation_key: ini.allocation_key.clone(),
        ..crate::model::initiative::InitiativeFields::blank(ini.organisation_id)
    };
    if let Some(error) = rules.validate_supply().into_iter().next() {
        return Err(invalid(format!("{path}.{}", error.field), error.message));
    }
    if ini.customer_ids.windows(2).any(|w| w[0] > w[1]) {
        return Err(invalid(format!("{path}.customer_ids"), "kunderna ska stå i id-ordning."));
    }
    for (k, customer) in ini.customer_ids.iter().enumerate() {
        if !organisations.contains(customer) {
            return Err(invalid(format!("{path}.customer_ids[{k}]"), format!("organisation {customer} finns inte i filen.")));
        }
    }
    for (k, version) in ini.plan_versions.iter().enumerate() {
        for (b, benefit) in version.plan.benefits.iter().enumerate() {
            if let Some(by) = benefit.realised_by.filter(|by| !ini.customer_ids.contains(by)) {
                return Err(invalid(
                    format!("{path}.plan_versions[{k}].plan.benefits[{b}].realised_by"),
                    format!("organisation {by} är inte en av insatsens kunder."),
                ));
            }
        }
    }
    Ok(())
}

/// The running-cost years as a register keeps them: calendar years 2000–2100.
fn check_running_cost(path: &str, r: &InitiativeRecord) -> Result<()> {
    if r.running_cost.has_relative_years() {
        // A document of format version 1 or 2 is anchored to calendar years when it is read
        // (io::register_json); relative years here would be lost.
        return Err(invalid(
            format!("{path}.running_cost.year_n"),
            "Påverkan på förvaltningskostnad anges per kalenderår (\"years\"), inte som år N, N+1, N+2.".to_string(),
        ));
    }
    for (k, y) in r.running_cost.years.iter().enumerate() {
        if !(2000..=2100).contains(&y.year) {
            return Err(invalid(
                format!("{path}.running_cost.years[{k}].year"),
                "Året måste ligga mellan 2000 och 2100.".to_string(),
            ));
        }
    }
    Ok(())
}

/// Every text of the document against the limits the window and the other imports keep
/// ([`limits`]): a text refused when typed is refused when imported. The first text too long
/// is named by its path; nothing is written.
fn check_texts(doc: RegisterContent<'_>) -> Result<()> {
    let mut texts = Texts::default();
    for (key, value) in doc.register {
        texts.check(format!("register.{key}"), "Registrets uppgift", value, NAME)?;
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        if let Some(e) = Organisation::validate_texts(&o.name, &o.committee).into_iter().next() {
            return Err(invalid(format!("organisations[{i}].{}", e.field), e.message));
        }
        if let Some(body) = &o.governing_body {
            texts.check(format!("organisations[{i}].governing_body"), "Styrande organ", body, NAME)?;
        }
        for (k, b) in o.base_services.iter().enumerate() {
            // A name carried forward from a free text (migration 0006) may be long.
            texts.check(format!("organisations[{i}].base_services[{k}].name"), "Bastjänst", &b.name, LONG_TEXT)?;
        }
        for (k, t) in o.analysis_texts.iter().enumerate() {
            let path = format!("organisations[{i}].analysis_texts[{k}]");
            if let Some(e) = crate::model::annual_analysis::validate(t.year, &t.text).into_iter().next() {
                return Err(invalid(format!("{path}.{}", e.field), e.message));
            }
            if t.row_version < 1 {
                return Err(invalid(format!("{path}.row_version"), "radversionen ska vara 1 eller mer."));
            }
            if o.analysis_texts[..k].iter().any(|u| u.year == t.year && u.section == t.section) {
                return Err(invalid(
                    format!("{path}.section"),
                    format!("Avsnitt {} år {} finns redan för organisationen.", t.section.code(), t.year),
                ));
            }
        }
    }
    for (i, g) in doc.goal_areas.iter().enumerate() {
        texts.check(format!("goal_areas[{i}].name"), "Målområde", &g.name, NAME)?;
    }
    for (i, p) in doc.people.iter().enumerate() {
        texts.check(format!("people[{i}].name"), "Namn", &p.name, NAME)?;
        texts.check(format!("people[{i}].role"), "Roll", &p.role, NAME)?;
    }
    for (i, f) in doc.calc_factors.iter().enumerate() {
        texts.factor(&format!("calc_factors[{i}]"), &f.name, &f.unit, &f.source)?;
    }
    for (i, r) in doc.initiatives.iter().enumerate() {
        check_initiative_texts(&mut texts, &format!("initiatives[{i}]"), r)?;
    }
    Ok(())
}

fn check_initiative_texts(texts: &mut Texts, path: &str, r: &InitiativeRecord) -> Result<()> {
    if r.code.chars().count() > limits::CODE {
        return Err(invalid(format!("{path}.code"), format!("Kod får vara högst {} tecken.", limits::CODE)));
    }
    for (field, label, text, max) in [
        ("name", "Namn", &r.name, NAME),
        ("sponsor", "Beställare", &r.sponsor, NAME),
        ("project_manager", "Projektledare", &r.project_manager, NAME),
        ("customer_group", "Kundgrupp", &r.customer_group, NAME),
        ("allocation_key", "Fördelningsnyckel", &r.allocation_key, NAME),
        ("base_service", "Grundtjänst", &r.base_service, LONG_TEXT),
        ("need", "Behovsbeskrivning", &r.need, LONG_TEXT),
        ("benefit", "Nytta", &r.benefit, LONG_TEXT),
        ("project_goals", "Projektmål", &r.project_goals, LONG_TEXT),
        ("goal_link", "Koppling till mål", &r.goal_link, LONG_TEXT),
        ("deviation_comment", "Kommentar till avvikelse", &r.deviation_comment, LONG_TEXT),
        ("struck_reason", "Skäl till att insatsen ströks", &r.struck_reason, LONG_TEXT),
        ("running_cost.comment", "Kommentar om förvaltningskostnad", &r.running_cost.comment, LONG_TEXT),
        ("information_classification.comment", "Kommentar", &r.information_classification.comment, LONG_TEXT),
        ("threshold_analysis.comment", "Kommentar", &r.threshold_analysis.comment, LONG_TEXT),
        ("security_assessment.comment", "Kommentar", &r.security_assessment.comment, LONG_TEXT),
        ("architecture_assessment.comment", "Kommentar", &r.architecture_assessment.comment, LONG_TEXT),
        ("infrastructure_impact.comment", "Kommentar", &r.infrastructure_impact.comment, LONG_TEXT),
    ] {
        texts.check(format!("{path}.{field}"), label, text, max)?;
    }
    texts.list(&format!("{path}.effect_goals"), "Effektmål", &r.effect_goals)?;
    for (k, s) in r.status_reports.iter().enumerate() {
        let p = format!("{path}.status_reports[{k}]");
        for (key, d) in [("time", &s.time), ("cost", &s.cost), ("result", &s.result)] {
            texts.check(format!("{p}.{key}.cause"), "Orsak", &d.cause, LONG_TEXT)?;
            texts.check(format!("{p}.{key}.action"), "Åtgärd", &d.action, LONG_TEXT)?;
        }
        texts.check(format!("{p}.comment"), "Kommentar", &s.comment, LONG_TEXT)?;
        texts.check(format!("{p}.author"), "Författare", &s.author, NAME)?;
    }
    for (k, c) in r.cost_years.iter().enumerate() {
        texts.check(format!("{path}.cost_years[{k}].comment"), "Kommentar", &c.comment, LONG_TEXT)?;
    }
    for (k, c) in r.calculations.iter().enumerate() {
        let p = format!("{path}.calculations[{k}]");
        texts.version(&p, &c.reason, &c.created_by, c.approved_by.as_deref(), c.decision_ref.as_deref())?;
        for (j, f) in c.factors.iter().enumerate() {
            texts.factor(&format!("{p}.factors[{j}]"), &f.name, &f.unit, &f.source)?;
        }
        for (j, line) in c.calculation.lines.iter().enumerate() {
            let lp = format!("{p}.calculation.lines[{j}]");
            texts.check(format!("{lp}.key"), "Radens nyckel", &line.key, limits::KEY)?;
            texts.check(format!("{lp}.description"), "Beskrivning", &line.description, LONG_TEXT)?;
            texts.check(format!("{lp}.source"), "Underlag", &line.source, LONG_TEXT)?;
            texts.check(format!("{lp}.owner"), "Ägare", &line.owner, NAME)?;
            let quantity = match &line.value {
                LineValue::Hours { hours, .. } => Some(hours),
                LineValue::Units { quantity, .. } => Some(quantity),
                _ => None,
            };
            if let Some(Quantity::Drivers(model)) = quantity {
                for (d, driver) in model.drivers.iter().enumerate() {
                    texts.factor(&format!("{lp}.value.drivers[{d}]"), &driver.name, &driver.unit, &driver.source)?;
                }
            }
        }
    }
    for (k, v) in r.plan_versions.iter().enumerate() {
        let p = format!("{path}.plan_versions[{k}]");
        texts.version(&p, &v.reason, &v.created_by, v.approved_by.as_deref(), v.decision_ref.as_deref())?;
        check_plan_texts(texts, &format!("{p}.plan"), &v.plan)?;
    }
    for (k, v) in r.evaluations.iter().enumerate() {
        let p = format!("{path}.evaluations[{k}]");
        texts.version(&p, &v.reason, &v.created_by, v.approved_by.as_deref(), v.decision_ref.as_deref())?;
        texts.check(format!("{p}.evaluation.learnt"), "Lärdomar", &v.evaluation.learnt, LONG_TEXT)?;
        texts.check(format!("{p}.evaluation.closure_reason"), "Skäl", &v.evaluation.closure_reason, LONG_TEXT)?;
    }
    for (k, m) in r.measurements.iter().enumerate() {
        let p = format!("{path}.measurements[{k}]");
        texts.check(format!("{p}.source"), "Källa", &m.source, NAME)?;
        texts.check(format!("{p}.comment"), "Kommentar", &m.comment, LONG_TEXT)?;
        texts.check(format!("{p}.author"), "Registrerad av", &m.author, NAME)?;
    }
    for (k, h) in r.harvest_decisions.iter().enumerate() {
        // The model's own rules, each problem named by the record's path.
        if let Some(error) = h.fields().validate().into_iter().next() {
            return Err(invalid(format!("{path}.harvest_decisions[{k}].{}", error.field), error.message));
        }
        texts.check(format!("{path}.harvest_decisions[{k}].created_by"), "Registrerad av", &h.created_by, NAME)?;
    }
    Ok(())
}

fn check_plan_texts(texts: &mut Texts, path: &str, plan: &Plan) -> Result<()> {
    texts.list(&format!("{path}.prerequisites"), "Förutsättningar", &plan.prerequisites)?;
    texts.list(&format!("{path}.risks"), "Risker", &plan.risks)?;
    for (b, benefit) in plan.benefits.iter().enumerate() {
        let bp = format!("{path}.benefits[{b}]");
        for (field, label, text, max) in [
            ("name", "Nyttans namn", &benefit.name, NAME),
            ("change", "Förändring", &benefit.change, LONG_TEXT),
            ("effect", "Effekt", &benefit.effect, LONG_TEXT),
            ("goal", "Effektmål", &benefit.goal, LONG_TEXT),
            ("owner", "Nyttoägare", &benefit.owner, NAME),
        ] {
            texts.check(format!("{bp}.{field}"), label, text, max)?;
        }
        for (k, i) in benefit.indicators.iter().enumerate() {
            let ip = format!("{bp}.indicators[{k}]");
            for (field, label, text, max) in [
                ("code", "Indikatorns kod", &i.code, limits::CODE),
                ("name", "Indikatorns namn", &i.name, NAME),
                ("unit", "Enhet", &i.unit, limits::UNIT),
                ("measured_by", "Mätansvarig", &i.measured_by, NAME),
                ("method", "Metod", &i.method, NAME),
                ("frequency", "Frekvens", &i.frequency, NAME),
                ("data_source", "Datakälla", &i.data_source, NAME),
            ] {
                texts.check(format!("{ip}.{field}"), label, text, max)?;
            }
            if let Some(baseline) = &i.baseline {
                texts.check(format!("{ip}.baseline.source"), "Baslinjens källa", &baseline.source, NAME)?;
            }
        }
    }
    Ok(())
}

/// The length checks of [`check_texts`], each refusing with the path of the text.
#[derive(Default)]
struct Texts;
// (A unit type so the checks read as one vocabulary; it holds no state.)

impl Texts {
    fn check(&mut self, path: String, label: &str, text: &str, max: usize) -> Result<()> {
        match limits::check(path.as_str(), label, text, max) {
            Some(error) => Err(invalid(path, error.message)),
            None => Ok(()),
        }
    }

    fn list(&mut self, path: &str, label: &str, items: &[String]) -> Result<()> {
        if let Some(error) = limits::check_items(path, label, items.len()) {
            return Err(invalid(path.to_string(), error.message));
        }
        for (i, text) in items.iter().enumerate() {
            self.check(format!("{path}[{i}]"), label, text, LONG_TEXT)?;
        }
        Ok(())
    }

    fn factor(&mut self, path: &str, name: &str, unit: &str, source: &str) -> Result<()> {
        self.check(format!("{path}.name"), "Namn", name, NAME)?;
        self.check(format!("{path}.unit"), "Enhet", unit, limits::UNIT)?;
        self.check(format!("{path}.source"), "Källa", source, NAME)
    }

    fn version(&mut self, path: &str, reason: &str, by: &str, approved_by: Option<&str>, decision: Option<&str>) -> Result<()> {
        self.check(format!("{path}.reason"), "Skäl", reason, LONG_TEXT)?;
        self.check(format!("{path}.created_by"), "Skapad av", by, NAME)?;
        self.check(format!("{path}.approved_by"), "Godkänd av", approved_by.unwrap_or(""), NAME)?;
        self.check(format!("{path}.decision_ref"), "Beslutsreferens", decision.unwrap_or(""), NAME)
    }
}

/// Runs one insert; a refusal by SQLite names the record's path.
fn insert(conn: &Connection, path: impl Fn() -> String, sql: &str, params: impl rusqlite::Params) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    stmt.execute(params).map_err(|e| {
        let message = match &e {
            // SQLite's text is English; the field is named by its column (`initiative.code`
            // → `code`), which is also the document's field name.
            rusqlite::Error::SqliteFailure(_, Some(m)) if m.starts_with("UNIQUE constraint failed: ") => {
                let fields: Vec<&str> = m["UNIQUE constraint failed: ".len()..]
                    .split(", ")
                    .map(|column| column.rsplit('.').next().unwrap_or(column))
                    .collect();
                already_in_document(&fields)
            }
            rusqlite::Error::SqliteFailure(_, Some(m)) if m.starts_with("CHECK constraint failed") => {
                NOT_ALLOWED.to_string()
            }
            _ => StoreError::from(e).to_string(),
        };
        invalid(path(), message)
    })?;
    Ok(())
}

fn write_document(tx: &Connection, doc: RegisterContent<'_>) -> Result<()> {
    tx.execute("DELETE FROM register_info", [])?;
    for (key, value) in doc.register {
        insert(tx, || format!("register.{key}"), "INSERT INTO register_info (key, value) VALUES (?1, ?2)", params![key, value])?;
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        insert(
            tx,
            || format!("organisations[{i}]"),
            "INSERT INTO organisation (id, name, kind, committee, governing_body, reporting_period, settings_row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![o.id, o.name, o.kind.code(), o.committee, o.governing_body, o.reporting_period.map(ReportingPeriod::code), o.settings_row_version],
        )?;
        for (k, b) in o.base_services.iter().enumerate() {
            insert(
                tx,
                || format!("organisations[{i}].base_services[{k}]"),
                "INSERT INTO base_service (id, organisation_id, name, retired, row_version) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![b.id, o.id, b.name, b.retired as i64, b.row_version],
            )?;
        }
        for (k, t) in o.analysis_texts.iter().enumerate() {
            insert(
                tx,
                || format!("organisations[{i}].analysis_texts[{k}]"),
                "INSERT INTO annual_analysis_text (organisation_id, year, section, text, row_version, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![o.id, t.year, t.section.code(), t.text, t.row_version, t.updated_at],
            )?;
        }
    }
    for (i, g) in doc.goal_areas.iter().enumerate() {
        insert(
            tx,
            || format!("goal_areas[{i}]"),
            "INSERT INTO goal_area (id, name, retired, row_version) VALUES (?1, ?2, ?3, ?4)",
            params![g.id, g.name, g.retired as i64, g.row_version],
        )?;
    }
    for (i, p) in doc.people.iter().enumerate() {
        insert(
            tx,
            || format!("people[{i}]"),
            "INSERT INTO person (id, name, role, organisation_id) VALUES (?1, ?2, ?3, ?4)",
            params![p.id, p.name, p.role, p.organisation_id],
        )?;
    }
    tx.execute("DELETE FROM calc_factor", [])?;
    for (i, f) in doc.calc_factors.iter().enumerate() {
        insert(
            tx,
            || format!("calc_factors[{i}]"),
            "INSERT INTO calc_factor (id, code, name, value, unit, source, year, row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![f.id, f.code, f.name, f.value.to_string(), f.unit, f.source, f.year, f.row_version],
        )?;
    }
    for (i, ini) in doc.initiatives.iter().enumerate() {
        write_initiative(tx, i, ini)?;
    }
    for (i, a) in doc.audit_log.iter().enumerate() {
        let before = a.before.as_ref().map(RawJson::get);
        let after = a.after.as_ref().map(RawJson::get);
        insert(
            tx,
            || format!("audit_log[{i}]"),
            "INSERT INTO audit_log (id, at, author, action, entity, entity_id, initiative_id, before, after, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![a.id, a.at, a.author, a.action, a.entity, a.entity_id, a.initiative_id, before, after, a.reason],
        )?;
    }
    Ok(())
}

fn write_initiative(tx: &Connection, i: usize, r: &InitiativeRecord) -> Result<()> {
    let path = format!("initiatives[{i}]");
    let flag = |b: Option<bool>| b.map(i64::from);
    insert(
        tx,
        || path.clone(),
        "INSERT INTO initiative (id, code, name, organisation_id, phase, council_tracked, sponsor, project_manager,
             start_date, go_live_date, end_date, base_service, need, benefit, effect_goals, project_goals,
             benefit_reach, change_kind, project_form, goal_link, complexity_customer, complexity_supplier,
             information_classification_done, information_classification_comment,
             threshold_analysis_done, threshold_analysis_comment,
             security_assessment_done, security_assessment_comment,
             architecture_assessment_done, architecture_assessment_comment,
             infrastructure_impact_done, infrastructure_impact_comment,
             project_budget, running_cost_comment,
             customer_group, allocation_key, deviation_comment, struck_reason, row_version, created_at, updated_at,
             financing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                 ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42)",
        rusqlite::params![
            r.id,
            r.code,
            r.name,
            r.organisation_id,
            r.phase.code(),
            i64::from(r.council_tracked),
            r.sponsor,
            r.project_manager,
            date_text(r.start_date),
            date_text(r.go_live_date),
            date_text(r.end_date),
            r.base_service,
            r.need,
            r.benefit,
            serde_json::to_string(&r.effect_goals)?,
            r.project_goals,
            r.benefit_reach.map(BenefitReach::code),
            r.change_kind.map(ChangeKind::code),
            flag(r.project_form),
            r.goal_link,
            r.complexity_customer.map(Complexity::code),
            r.complexity_supplier.map(Complexity::code),
            flag(r.information_classification.done),
            r.information_classification.comment,
            flag(r.threshold_analysis.done),
            r.threshold_analysis.comment,
            flag(r.security_assessment.done),
            r.security_assessment.comment,
            flag(r.architecture_assessment.done),
            r.architecture_assessment.comment,
            flag(r.infrastructure_impact.done),
            r.infrastructure_impact.comment,
            decimal_text(r.project_budget),
            r.running_cost.comment,
            r.customer_group,
            r.allocation_key,
            r.deviation_comment,
            r.struck_reason,
            r.row_version,
            r.created_at,
            r.updated_at,
            r.financing.map(Financing::code),
        ],
    )?;
    for (k, customer) in r.customer_ids.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.customer_ids[{k}]"),
            "INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES (?1, ?2)",
            params![r.id, customer],
        )?;
    }
    for (k, goal_area) in r.goal_area_ids.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.goal_area_ids[{k}]"),
            "INSERT INTO initiative_goal_area (initiative_id, goal_area_id) VALUES (?1, ?2)",
            params![r.id, goal_area],
        )?;
    }
    tx.execute("UPDATE initiative SET category = ?2 WHERE id = ?1", params![r.id, r.category.map(Category::code)])?;
    for (k, y) in r.running_cost.years.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.running_cost.years[{k}]"),
            "INSERT INTO running_cost_year (initiative_id, year, amount) VALUES (?1, ?2, ?3)",
            params![r.id, y.year, decimal_text(Some(y.amount))],
        )?;
    }
    for (k, s) in r.status_reports.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.status_reports[{k}]"),
            "INSERT INTO status_report (id, initiative_id, period_end, time_status, time_cause, time_action,
                 cost_status, cost_cause, cost_action, result_status, result_cause, result_action, comment,
                 author, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                s.id,
                r.id,
                date_text(Some(s.period_end)),
                s.time.status.code(),
                s.time.cause,
                s.time.action,
                s.cost.status.code(),
                s.cost.cause,
                s.cost.action,
                s.result.status.code(),
                s.result.cause,
                s.result.action,
                s.comment,
                s.author,
                s.created_at
            ],
        )?;
    }
    for (k, c) in r.cost_years.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.cost_years[{k}]"),
            "INSERT INTO cost_year (id, initiative_id, year, cost_type, kind, budget, actual, forecast, hours,
                                    hourly_rate, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                c.id,
                r.id,
                c.year,
                c.cost_type.code(),
                c.kind.unwrap_or(CostKind::Utveckling).code(),
                decimal_text(c.budget),
                decimal_text(c.actual),
                decimal_text(c.forecast),
                decimal_text(c.hours),
                decimal_text(c.hourly_rate),
                c.comment
            ],
        )?;
    }
    for (k, c) in r.calculations.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.calculations[{k}]"),
            "INSERT INTO calculation (id, initiative_id, version, status, body, factors, reason, based_on,
                 created_by, created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                c.id,
                r.id,
                c.version,
                c.status.code(),
                serde_json::to_string(&c.calculation)?,
                serde_json::to_string(&c.factors)?,
                c.reason,
                c.based_on,
                c.created_by,
                c.created_at,
                c.updated_at,
                c.approved_by,
                date_text(c.approved_at),
                c.decision_ref,
                c.row_version
            ],
        )?;
    }
    for (k, p) in r.plan_versions.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.plan_versions[{k}]"),
            "INSERT INTO plan_version (id, initiative_id, version, status, body, reason, based_on, created_by,
                 created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                p.id,
                r.id,
                p.version,
                p.status.code(),
                serde_json::to_string(&p.plan)?,
                p.reason,
                p.based_on,
                p.created_by,
                p.created_at,
                p.updated_at,
                p.approved_by,
                date_text(p.approved_at),
                p.decision_ref,
                p.row_version
            ],
        )?;
    }
    for (k, e) in r.evaluations.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.evaluations[{k}]"),
            "INSERT INTO evaluation (id, initiative_id, version, status, body, reason, based_on, created_by,
                 created_at, updated_at, approved_by, approved_at, decision_ref, row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                e.id,
                r.id,
                e.version,
                e.status.code(),
                serde_json::to_string(&e.evaluation)?,
                e.reason,
                e.based_on,
                e.created_by,
                e.created_at,
                e.updated_at,
                e.approved_by,
                date_text(e.approved_at),
                e.decision_ref,
                e.row_version
            ],
        )?;
    }
    for (k, m) in r.measurements.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.measurements[{k}]"),
            "INSERT INTO measurement (id, initiative_id, indicator_code, date, value, source, comment, author,
                 created_at, updated_at, row_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                m.id,
                r.id,
                m.indicator,
                date_text(Some(m.date)),
                m.value.to_string(),
                m.source,
                m.comment,
                m.author,
                m.created_at,
                m.updated_at,
                m.row_version
            ],
        )?;
    }
    for (k, h) in r.harvest_decisions.iter().enumerate() {
        insert(
            tx,
            || format!("{path}.harvest_decisions[{k}]"),
            "INSERT INTO harvest_decision (id, initiative_id, benefit, kind, amount, redeployed_to, reason, from_date,
                 decided_by, decided_on, decision_ref, carried_out_on, comment, row_version, created_by, created_at,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                h.id,
                r.id,
                h.benefit,
                h.kind.code(),
                decimal_text(Some(h.amount)),
                h.redeployed_to,
                h.reason,
                date_text(Some(h.from_date)),
                h.decided_by,
                date_text(Some(h.decided_on)),
                h.decision_ref,
                date_text(h.carried_out_on),
                h.comment,
                h.row_version,
                h.created_by,
                h.created_at,
                h.updated_at
            ],
        )?;
    }
    for (k, n) in r.deviation_notes.iter().enumerate() {
        let c = super::deviations::closure_columns(n.closure.as_ref());
        insert(
            tx,
            || format!("{path}.deviation_notes[{k}]"),
            &format!(
                "INSERT INTO deviation_note ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                super::deviations::COLUMNS
            ),
            params![
                r.id,
                n.indicator_code,
                n.months_after_go_live,
                n.cause,
                n.action,
                n.decision_requested,
                c.kind,
                c.reason,
                c.decision,
                c.decided_by,
                date_text(c.date),
                c.reference,
                date_text(n.closed_on),
                n.updated_by,
                n.created_at,
                n.updated_at,
                n.row_version
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text the window refuses is refused by the JSON import too, naming its path, and
    /// nothing is written.
    #[test]
    fn a_text_longer_than_its_limit_is_refused_by_the_import() {
        let dir = tempfile::tempdir().unwrap();
        let demo = crate::demo::create(&dir.path().join("demo.nytta")).unwrap();
        let mut document = demo.read_records().unwrap();
        document.initiatives[0].need = "x".repeat(limits::LONG_TEXT + 1);
        let mut target = Register::create(&dir.path().join("ny.nytta"), "Ny").unwrap();
        match target.import_records(document.content()) {
            Err(StoreError::Invalid(errors)) => {
                assert_eq!(errors[0].field, "initiatives[0].need");
                assert!(errors[0].message.contains("Behovsbeskrivning är för lång: högst 4\u{a0}000 tecken"), "{}", errors[0].message);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(target.is_empty().unwrap());
        document.initiatives[0].need = "x".repeat(limits::LONG_TEXT);
        target.import_records(document.content()).expect("a text at the limit is accepted");
    }

    /// Every table of the schema, and every column of it, must be carried by the document:
    /// a migration that adds one must extend `io::register_json` (and docs/json-format.md).
    #[test]
    fn every_table_and_column_is_in_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let register = Register::create(&dir.path().join("r.nytta"), "T").unwrap();
        let conn = register.conn();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut known: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        known.sort();
        assert_eq!(tables, known, "a table is missing from the JSON document (store/transfer.rs)");
        let covered: &[(&str, &str)] = &[
            ("register_info", "key value"),
            ("organisation", "id name kind committee governing_body reporting_period settings_row_version"),
            ("base_service", "id organisation_id name retired row_version"),
            ("annual_analysis_text", "organisation_id year section text row_version updated_at"),
            ("goal_area", "id name retired row_version"),
            ("initiative_goal_area", "initiative_id goal_area_id"),
            ("person", "id name role organisation_id"),
            ("calc_factor", "id code name value unit source year row_version"),
            ("initiative", "id code name organisation_id phase council_tracked sponsor project_manager start_date go_live_date end_date base_service need benefit effect_goals project_goals benefit_reach change_kind project_form goal_link complexity_customer complexity_supplier information_classification_done information_classification_comment threshold_analysis_done threshold_analysis_comment security_assessment_done security_assessment_comment architecture_assessment_done architecture_assessment_comment infrastructure_impact_done infrastructure_impact_comment project_budget running_cost_comment customer_group allocation_key deviation_comment struck_reason row_version created_at updated_at financing category"),
            ("initiative_customer", "initiative_id organisation_id"),
            ("status_report", "id initiative_id period_end time_status time_cause time_action cost_status cost_cause cost_action result_status result_cause result_action comment author created_at"),
            ("running_cost_year", "initiative_id year amount"),
            ("cost_year", "id initiative_id year cost_type kind budget actual forecast hours hourly_rate comment"),
            ("calculation", "id initiative_id version status body factors reason based_on created_by created_at updated_at approved_by approved_at decision_ref row_version"),
            ("plan_version", "id initiative_id version status body reason based_on created_by created_at updated_at approved_by approved_at decision_ref row_version"),
            ("measurement", "id initiative_id indicator_code date value source comment author created_at updated_at row_version"),
            ("audit_log", "id at author action entity entity_id initiative_id before after reason"),
            ("harvest_decision", "id initiative_id benefit kind amount redeployed_to reason from_date decided_by decided_on decision_ref carried_out_on comment row_version created_by created_at updated_at"),
            ("deviation_note", "initiative_id indicator_code months_after_go_live cause action decision_requested closure_kind closure_reason decision decided_by decision_date decision_reference closed_on updated_by created_at updated_at row_version"),
            ("evaluation", "id initiative_id version status body reason based_on created_by created_at updated_at approved_by approved_at decision_ref row_version"),
        ];
        for (table, columns) in covered {
            let actual: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(actual.join(" "), *columns, "table {table} has columns the JSON document does not carry");
        }
    }
}
