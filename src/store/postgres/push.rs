//! `nytta push`: a förvaltning's register file moved, once, into the city's shared register
//! (docs/delat-register.md, "Flytta ett register till det delade").
//!
//! Unlike an import ([`DocumentTransfer::import_records`], which fills an *empty* register
//! keeping every id), the shared register has rows of its own: everything of the file's
//! initiatives is written under new ids taken from the server's own sequences, and every
//! reference is carried over to them — the initiative's supplier, customers and goal areas,
//! a benefit's realising organisation inside a plan, an audit row's initiative and entity.
//! The rows themselves are written by the import's own statements ([`super::transfer`]), so
//! a record is written the same way whichever road it comes by.
//!
//! **Matched by name.** Organisations, goal areas and a supplier's base services are the
//! register's, not the file's: each is found on the server by its name (letter case aside).
//! One the server lacks is created when the person pushing may create it (organisations and
//! goal areas: the register-wide registeradministratör or the register's owner; a supplier's
//! base services: also the supplier's own registeradministratör), and is otherwise a conflict.
//!
//! **All or nothing.** Every conflict — an initiative code the city already has (even one
//! the person may not see), an organisation, goal area or base service the server lacks and
//! they may not create, an annual-analysis text the server has otherwise — is collected and
//! listed, and then nothing is written. Otherwise everything is written in one transaction,
//! as the person themselves: row-level security applies to every row, and a row their roles
//! do not allow refuses the whole move with the server's Swedish sentence.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use postgres::Transaction;

use super::audit;
use super::register::PgRegister;
use super::transfer::{write_audit_record, write_initiative_children, write_initiative_row};
use super::PgError;
use crate::model::annual_analysis::Section;
use crate::model::records::{AuditRecord, InitiativeRecord, ListEntryRecord, OrganisationRecord, RegisterRecords};
use crate::model::register_lists::ReportingPeriod;
use crate::store::audit::Change;
use crate::store::{Result, StoreError};

/// What a push would have to do that it may not: each one stops the whole move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushConflict {
    /// The city already has an initiative with this code (letter case aside).
    CodeTaken { code: String },
    /// The server has no organisation of this name, and the person may not create one.
    OrganisationMissing { name: String },
    /// The server has no goal area of this name, and the person may not create one.
    GoalAreaMissing { name: String },
    /// The supplier's list on the server lacks this base service, and the person may not add it.
    BaseServiceMissing { organisation: String, name: String },
    /// The server has another text for this supplier's annual analysis, year and section.
    AnalysisTextTaken { organisation: String, year: i32, section: Section },
}

impl std::fmt::Display for PushConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushConflict::CodeTaken { code } => write!(
                f,
                "Insatsen {code}: koden finns redan i det delade registret (koderna är unika i hela staden). \
                 Byt kod på insatsen i filen, eller låt bli att flytta den om den redan är flyttad."
            ),
            PushConflict::OrganisationMissing { name } => write!(
                f,
                "Organisationen {name} finns inte i det delade registret, och bara en registeradministratör \
                 för hela registret kan lägga till den. Be hen lägga till den med samma namn, eller byt namn \
                 i filen till organisationens namn i det delade registret."
            ),
            PushConflict::GoalAreaMissing { name } => write!(
                f,
                "Målområdet {name} finns inte i det delade registret, och bara en registeradministratör för \
                 hela registret kan lägga till det."
            ),
            PushConflict::BaseServiceMissing { organisation, name } => write!(
                f,
                "Bastjänsten {name} finns inte i {organisation}s lista i det delade registret, och bara \
                 organisationens registeradministratör kan lägga till den."
            ),
            PushConflict::AnalysisTextTaken { organisation, year, section } => write!(
                f,
                "Leverantörens analys för {organisation} år {year}, avsnitt {}: det delade registret har redan \
                 en annan text.",
                section.code()
            ),
        }
    }
}

/// What a push moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    pub initiatives: usize,
    pub status_reports: usize,
    pub cost_years: usize,
    pub calculations: usize,
    pub plan_versions: usize,
    pub measurements: usize,
    pub audit_rows: usize,
    pub analysis_texts: usize,
    /// The organisations, goal areas and base services the server lacked, created by the push.
    pub organisations_created: Vec<String>,
    pub goal_areas_created: Vec<String>,
    pub base_services_created: Vec<String>,
}

/// How a push ended: moved, or not at all, with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    Moved(PushSummary),
    Refused(Vec<PushConflict>),
}

impl PgRegister {
    /// Moves every initiative of `file` (a register file's records, read whole) with all that
    /// belongs to it into this shared register, under new ids, in one transaction; or, when
    /// anything conflicts, writes nothing and lists every conflict. `source` names the file
    /// in the audit rows of what the push creates.
    pub fn push_records(&mut self, file: &RegisterRecords, source: &str) -> Result<PushOutcome> {
        self.write(|tx, author| {
            let mut work = tx.savepoint("flytt")?;
            let outcome = push(&mut work, author, file, source)?;
            if matches!(outcome, PushOutcome::Moved(_)) {
                work.commit()?;
            }
            // Refused: dropping the savepoint rolls back whatever was written to find out.
            Ok(outcome)
        })
    }
}

/// The server's answer to a name: its id and its own spelling.
#[derive(Clone)]
struct Found {
    id: i64,
    name: String,
}

/// Names looked up as the register compares them: letter case aside, spaces trimmed.
fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn push(tx: &mut Transaction<'_>, author: &str, file: &RegisterRecords, source: &str) -> Result<PushOutcome> {
    let mut conflicts = Vec::new();
    let mut summary = PushSummary::default();
    let administers: bool = tx
        .query_one(
            "SELECT session_user = (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'nytta')
                 OR administers_register()",
            &[],
        )?
        .get(0);
    let reason = format!("Flyttad från registerfilen {source}.");

    // Organisations: those the initiatives name (supplier, customers, a benefit's realiser)
    // and those whose annual analysis the file holds.
    let by_id: HashMap<i64, &OrganisationRecord> = file.organisations.iter().map(|o| (o.id, o)).collect();
    let mut needed = BTreeSet::new();
    for ini in &file.initiatives {
        needed.insert(ini.organisation_id);
        needed.extend(ini.customer_ids.iter().copied());
        for version in &ini.plan_versions {
            needed.extend(version.plan.benefits.iter().filter_map(|b| b.realised_by));
        }
    }
    needed.extend(file.organisations.iter().filter(|o| !o.analysis_texts.is_empty()).map(|o| o.id));
    // Who may create organisations brings the file's others along too (the list is the
    // register's, and theirs to keep); anyone else needs only those the initiatives name.
    if administers {
        needed.extend(file.organisations.iter().map(|o| o.id));
    }
    let server_orgs = names(tx, "SELECT id, name FROM organisation")?;
    let mut organisations: HashMap<i64, Found> = HashMap::new();
    for id in needed {
        let Some(org) = by_id.get(&id) else {
            return Err(StoreError::Refused(format!(
                "Registerfilen är inte hel: organisation {id} nämns av en insats men finns inte i filen."
            )));
        };
        if let Some(found) = server_orgs.get(&key(&org.name)) {
            organisations.insert(id, found.clone());
        } else if administers {
            let found = create_organisation(tx, author, org, &reason)?;
            summary.organisations_created.push(found.name.clone());
            organisations.insert(id, found);
        } else {
            conflicts.push(PushConflict::OrganisationMissing { name: org.name.clone() });
        }
    }

    // Goal areas the initiatives link to.
    let file_goal_areas: HashMap<i64, &ListEntryRecord> = file.goal_areas.iter().map(|g| (g.id, g)).collect();
    let server_goal_areas = names(tx, "SELECT id, name FROM goal_area")?;
    let mut goal_areas: HashMap<i64, i64> = HashMap::new();
    let mut linked: BTreeSet<i64> = file.initiatives.iter().flat_map(|i| i.goal_area_ids.iter().copied()).collect();
    if administers {
        linked.extend(file.goal_areas.iter().map(|g| g.id));
    }
    for id in linked {
        let Some(area) = file_goal_areas.get(&id) else { continue };
        if let Some(found) = server_goal_areas.get(&key(&area.name)) {
            goal_areas.insert(id, found.id);
        } else if administers {
            goal_areas.insert(id, create_goal_area(tx, author, area, &reason)?);
            summary.goal_areas_created.push(area.name.clone());
        } else {
            conflicts.push(PushConflict::GoalAreaMissing { name: area.name.clone() });
        }
    }

    // The base services of every supplier whose initiatives move: the file's whole list,
    // each matched by name in the supplier's list on the server. An initiative names its base
    // service by name, so it takes the server's spelling.
    let mut base_service_names: HashMap<(i64, String), String> = HashMap::new();
    let suppliers: BTreeSet<i64> = file.initiatives.iter().map(|i| i.organisation_id).collect();
    for file_id in suppliers {
        let Some(server) = organisations.get(&file_id).cloned() else { continue };
        let org = by_id[&file_id];
        let on_server = names_with(tx, "SELECT id, name FROM base_service WHERE organisation_id = $1", server.id)?;
        let may_add: bool = tx
            .query_one(
                "SELECT $2 OR $1 IN (SELECT user_organisations(ARRAY['registeradministrator']))",
                &[&server.id, &administers],
            )?
            .get(0);
        for entry in &org.base_services {
            if let Some(found) = on_server.get(&key(&entry.name)) {
                base_service_names.insert((file_id, entry.name.clone()), found.name.clone());
            } else if may_add {
                create_base_service(tx, author, server.id, entry, &reason)?;
                summary.base_services_created.push(format!("{} ({})", entry.name, server.name));
                base_service_names.insert((file_id, entry.name.clone()), entry.name.clone());
            } else {
                conflicts.push(PushConflict::BaseServiceMissing { organisation: server.name.clone(), name: entry.name.clone() });
            }
        }
    }

    // The codes the person can see: listed with everything else. Those they cannot see are
    // found when the initiatives are written.
    let codes: Vec<String> = file.initiatives.iter().map(|i| key(&i.code)).collect();
    for row in tx.query("SELECT lower(code) FROM initiative WHERE lower(code) = ANY($1)", &[&codes])? {
        let taken: String = row.get(0);
        if let Some(ini) = file.initiatives.iter().find(|i| key(&i.code) == taken) {
            conflicts.push(PushConflict::CodeTaken { code: ini.code.clone() });
        }
    }
    if !conflicts.is_empty() {
        return Ok(PushOutcome::Refused(conflicts));
    }

    // New ids for everything of the initiatives, from the server's own sequences.
    let mut ids = NewIds::default();
    let initiatives: Vec<InitiativeRecord> = file
        .initiatives
        .iter()
        .map(|ini| remapped(tx, &mut ids, ini, &organisations, &goal_areas, &base_service_names))
        .collect::<Result<_>>()?;
    for (file_ini, ini) in file.initiatives.iter().zip(&initiatives) {
        let written = write_initiative_row(tx, &format!("insatsen {}", ini.code), ini).map_err(|e| about(&ini.code, e))?;
        if !written {
            conflicts.push(PushConflict::CodeTaken { code: file_ini.code.clone() });
        }
    }

    // The suppliers' annual-analysis texts: a text the server has the same is left as it is.
    for org in file.organisations.iter().filter(|o| !o.analysis_texts.is_empty()) {
        let server = &organisations[&org.id];
        for t in &org.analysis_texts {
            let existing = tx.query_opt(
                "SELECT text FROM annual_analysis_text WHERE organisation_id = $1 AND year = $2 AND section = $3",
                &[&server.id, &t.year, &t.section.code()],
            )?;
            match existing {
                Some(row) if row.get::<_, String>(0) == t.text => continue,
                Some(_) => {
                    conflicts.push(PushConflict::AnalysisTextTaken { organisation: server.name.clone(), year: t.year, section: t.section });
                    continue;
                }
                None => {}
            }
            let updated_at = chrono::NaiveDateTime::parse_from_str(&t.updated_at, "%Y-%m-%dT%H:%M:%S")
                .unwrap_or_else(|_| super::register::now());
            // A text the person may not see is there when nothing is written.
            let written = tx.execute(
                "INSERT INTO annual_analysis_text (organisation_id, year, section, text, row_version, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[&server.id, &t.year, &t.section.code(), &t.text, &t.row_version, &updated_at],
            )?;
            if written == 0 {
                conflicts.push(PushConflict::AnalysisTextTaken { organisation: server.name.clone(), year: t.year, section: t.section });
            } else {
                summary.analysis_texts += 1;
            }
        }
    }
    if !conflicts.is_empty() {
        return Ok(PushOutcome::Refused(conflicts));
    }

    for ini in &initiatives {
        write_initiative_children(tx, &format!("insatsen {}", ini.code), ini).map_err(|e| about(&ini.code, e))?;
        summary.initiatives += 1;
        summary.status_reports += ini.status_reports.len();
        summary.cost_years += ini.cost_years.len();
        summary.calculations += ini.calculations.len();
        summary.plan_versions += ini.plan_versions.len();
        summary.measurements += ini.measurements.len();
    }

    // The audit rows of the initiatives, in the file's order, about the rows' new ids.
    let moved: HashMap<i64, i64> = file.initiatives.iter().zip(&initiatives).map(|(f, s)| (f.id, s.id)).collect();
    for (i, row) in file.audit_log.iter().enumerate() {
        let Some(initiative_id) = row.initiative_id.and_then(|id| moved.get(&id).copied()) else { continue };
        let entity_id = match (row.entity_id, table_of(&row.entity)) {
            (Some(old), Some(table)) => Some(ids.get(tx, table, old)?),
            (Some(old), None) if Some(old) == row.initiative_id => Some(initiative_id),
            _ => None,
        };
        let record = AuditRecord {
            id: ids.fresh(tx, "audit_log")?,
            initiative_id: Some(initiative_id),
            entity_id,
            ..row.clone()
        };
        write_audit_record(tx, &format!("loggen, rad {}", i + 1), &record)?;
        summary.audit_rows += 1;
    }
    Ok(PushOutcome::Moved(summary))
}

/// A refusal about one initiative names it: the person reads which one their roles stopped.
fn about(code: &str, error: StoreError) -> StoreError {
    match error {
        StoreError::Server(PgError::Denied(what)) => StoreError::Refused(format!(
            "Inget flyttades. Insatsen {code}: {} Den som flyttar ett register behöver rollerna beställare, \
             registrerare och godkännare i leverantören (docs/delat-register.md, \"Flytta ett register till det delade\").",
            PgError::Denied(what)
        )),
        StoreError::Refused(sentence) => StoreError::Refused(format!("Inget flyttades. Insatsen {code}: {sentence}")),
        other => other,
    }
}

/// The table whose ids an audit row's `entity_id` holds, by its entity.
fn table_of(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "initiative" => "initiative",
        "status_report" => "status_report",
        "cost_year" => "cost_year",
        "calculation" => "calculation",
        "plan_version" => "plan_version",
        "measurement" => "measurement",
        "harvest_decision" => "harvest_decision",
        "evaluation" => "evaluation",
        _ => return None,
    })
}

/// The file's ids and the server's new ones, per table: one old id gets one new id, also
/// when only the audit log still names it (a deleted draft or measurement), so the rows
/// about one thing stay together.
#[derive(Default)]
struct NewIds {
    given: HashMap<(&'static str, i64), i64>,
}

impl NewIds {
    fn get(&mut self, tx: &mut Transaction<'_>, table: &'static str, old: i64) -> Result<i64> {
        if let Some(id) = self.given.get(&(table, old)) {
            return Ok(*id);
        }
        let id = self.fresh(tx, table)?;
        self.given.insert((table, old), id);
        Ok(id)
    }

    fn fresh(&mut self, tx: &mut Transaction<'_>, table: &str) -> Result<i64> {
        Ok(tx.query_one("SELECT nextval(pg_get_serial_sequence($1, 'id'))", &[&table])?.get(0))
    }
}

/// The initiative as the server will hold it: new ids for it and its rows, the server's
/// organisations, goal areas and base-service spelling.
fn remapped(
    tx: &mut Transaction<'_>,
    ids: &mut NewIds,
    file: &InitiativeRecord,
    organisations: &HashMap<i64, Found>,
    goal_areas: &HashMap<i64, i64>,
    base_services: &HashMap<(i64, String), String>,
) -> Result<InitiativeRecord> {
    let org = |id: i64| organisations[&id].id;
    let mut r = file.clone();
    r.id = ids.get(tx, "initiative", file.id)?;
    r.organisation_id = org(file.organisation_id);
    r.customer_ids = file.customer_ids.iter().map(|&c| org(c)).collect();
    r.customer_ids.sort_unstable();
    r.goal_area_ids = file.goal_area_ids.iter().filter_map(|g| goal_areas.get(g).copied()).collect();
    r.goal_area_ids.sort_unstable();
    if let Some(name) = base_services.get(&(file.organisation_id, file.base_service.clone())) {
        r.base_service = name.clone();
    }
    for s in &mut r.status_reports {
        s.id = ids.get(tx, "status_report", s.id)?;
    }
    for c in &mut r.cost_years {
        c.id = ids.get(tx, "cost_year", c.id)?;
    }
    for c in &mut r.calculations {
        c.id = ids.get(tx, "calculation", c.id)?;
    }
    for v in &mut r.plan_versions {
        v.id = ids.get(tx, "plan_version", v.id)?;
        for benefit in &mut v.plan.benefits {
            benefit.realised_by = benefit.realised_by.map(org);
        }
    }
    for m in &mut r.measurements {
        m.id = ids.get(tx, "measurement", m.id)?;
    }
    for h in &mut r.harvest_decisions {
        h.id = ids.get(tx, "harvest_decision", h.id)?;
    }
    for e in &mut r.evaluations {
        e.id = ids.get(tx, "evaluation", e.id)?;
    }
    Ok(r)
}

/// Every row's name (as [`key`]) and id, of a query giving `id, name`.
fn names(tx: &mut Transaction<'_>, sql: &str) -> Result<BTreeMap<String, Found>> {
    Ok(tx
        .query(sql, &[])?
        .iter()
        .map(|r| (key(r.get(1)), Found { id: r.get(0), name: r.get(1) }))
        .collect())
}

fn names_with(tx: &mut Transaction<'_>, sql: &str, param: i64) -> Result<BTreeMap<String, Found>> {
    Ok(tx
        .query(sql, &[&param])?
        .iter()
        .map(|r| (key(r.get(1)), Found { id: r.get(0), name: r.get(1) }))
        .collect())
}

fn create_organisation(tx: &mut Transaction<'_>, author: &str, org: &OrganisationRecord, reason: &str) -> Result<Found> {
    let id: i64 = tx
        .query_one(
            "INSERT INTO organisation (name, kind, committee, governing_body, reporting_period, settings_row_version)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &org.name.trim(),
                &org.kind.code(),
                &org.committee,
                &org.governing_body,
                &org.reporting_period.map(ReportingPeriod::code),
                &org.settings_row_version,
            ],
        )?
        .get(0);
    let after = crate::model::initiative::Organisation {
        id,
        name: org.name.trim().to_string(),
        kind: org.kind,
        committee: org.committee.clone(),
    };
    audit::record::<(), _>(tx, author, Change {
        action: "skapad",
        entity: "organisation",
        entity_id: Some(id),
        initiative_id: None,
        before: None,
        after: Some(&after),
        reason,
    })?;
    Ok(Found { id, name: after.name })
}

fn create_goal_area(tx: &mut Transaction<'_>, author: &str, area: &ListEntryRecord, reason: &str) -> Result<i64> {
    let id: i64 = tx
        .query_one(
            "INSERT INTO goal_area (name, retired, row_version) VALUES ($1, $2, $3) RETURNING id",
            &[&area.name.trim(), &area.retired, &area.row_version],
        )?
        .get(0);
    let after = ListEntryRecord { id, name: area.name.trim().to_string(), ..area.clone() };
    audit::record::<(), _>(tx, author, Change {
        action: "skapad",
        entity: "goal_area",
        entity_id: Some(id),
        initiative_id: None,
        before: None,
        after: Some(&after),
        reason,
    })?;
    Ok(id)
}

fn create_base_service(tx: &mut Transaction<'_>, author: &str, organisation_id: i64, entry: &ListEntryRecord, reason: &str) -> Result<()> {
    let id: i64 = tx
        .query_one(
            "INSERT INTO base_service (organisation_id, name, retired, row_version) VALUES ($1, $2, $3, $4) RETURNING id",
            &[&organisation_id, &entry.name, &entry.retired, &entry.row_version],
        )?
        .get(0);
    let after = ListEntryRecord { id, ..entry.clone() };
    audit::record::<(), _>(tx, author, Change {
        action: "skapad",
        entity: "base_service",
        entity_id: Some(id),
        initiative_id: None,
        before: None,
        after: Some(&after),
        reason,
    })
}
