//! The register's lists (base services per supplier, goal areas) and its governing bodies and
//! reporting periods (migration 0006), and the checks an initiative's save makes against them.

use rusqlite::{params, Connection, Row, Transaction};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{self, check_valid};
use super::{Register, RegisterLists};
use crate::model::initiative::InitiativeFields;
use crate::model::register_lists::*;
use crate::model::FieldError;

impl RegisterLists for Register {
    fn list_entries(&self, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
        entries(self.conn(), kind, organisation_id)
    }

    fn add_list_entry(&mut self, kind: ListKind, organisation_id: Option<i64>, name: &str) -> Result<ListEntry> {
        let name = valid_entry_name(kind, name)?;
        self.write(|tx, author| {
            let organisation_id = list_owner(kind, organisation_id)?;
            if let Some(org) = organisation_id {
                supplier_name(&mut &**tx, org)?;
            }
            refuse_taken_name(tx, kind, organisation_id, &name, None)?;
            match kind {
                ListKind::BaseService => tx.execute(
                    "INSERT INTO base_service (organisation_id, name) VALUES (?1, ?2)",
                    params![organisation_id, name],
                )?,
                ListKind::GoalArea => tx.execute("INSERT INTO goal_area (name) VALUES (?1)", [&name])?,
            };
            let after = entry(tx, kind, tx.last_insert_rowid())?;
            record(tx, author, entry_added(&after))?;
            Ok(after)
        })
    }

    fn rename_list_entry(&mut self, kind: ListKind, id: i64, row_version: i64, name: &str) -> Result<ListEntry> {
        let name = valid_entry_name(kind, name)?;
        self.write(|tx, author| {
            let before = entry(tx, kind, id)?;
            refuse_stale(&before, row_version)?;
            if before.name == name {
                return Ok(before);
            }
            refuse_taken_name(tx, kind, before.organisation_id, &name, Some(id))?;
            tx.execute(
                &format!("UPDATE {} SET name = ?2, row_version = row_version + 1 WHERE id = ?1", table(kind)),
                params![id, name],
            )?;
            let after = entry(tx, kind, id)?;
            record(tx, author, entry_changed(&before, &after))?;
            if kind == ListKind::BaseService {
                rename_on_initiatives(tx, author, before.organisation_id.unwrap_or_default(), &before.name, &name)?;
            }
            Ok(after)
        })
    }

    fn set_list_entry_retired(&mut self, kind: ListKind, id: i64, row_version: i64, retired: bool) -> Result<ListEntry> {
        self.write(|tx, author| {
            let before = entry(tx, kind, id)?;
            refuse_stale(&before, row_version)?;
            if before.retired == retired {
                return Ok(before);
            }
            tx.execute(
                &format!("UPDATE {} SET retired = ?2, row_version = row_version + 1 WHERE id = ?1", table(kind)),
                params![id, retired as i64],
            )?;
            let after = entry(tx, kind, id)?;
            record(tx, author, entry_retired(&before, &after))?;
            Ok(after)
        })
    }

    fn register_settings(&self) -> Result<RegisterSettings> {
        register_settings(self.conn())
    }

    fn save_register_settings(&mut self, row_version: i64, fields: &RegisterSettingsFields) -> Result<RegisterSettings> {
        let fields = valid_register_settings(fields)?;
        self.write(|tx, author| {
            let before = register_settings(tx)?;
            if !register_settings_edit(&before, row_version, &fields)? {
                return Ok(before);
            }
            for (key, value) in register_settings_values(&before, &fields) {
                tx.execute(
                    "INSERT INTO register_info (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            let after = register_settings(tx)?;
            record(tx, author, register_settings_changed(&before, &after))?;
            Ok(after)
        })
    }

    fn organisation_settings(&self) -> Result<Vec<OrganisationSettings>> {
        let mut stmt = self.conn().prepare(&format!("{ORGANISATION_SETTINGS} ORDER BY name"))?;
        let rows = stmt.query_map([], organisation_settings_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn save_organisation_settings(
        &mut self,
        organisation_id: i64,
        row_version: i64,
        fields: &OrganisationSettingsFields,
    ) -> Result<OrganisationSettings> {
        let fields = valid_organisation_settings(fields)?;
        self.write(|tx, author| {
            let before = organisation_settings(tx, organisation_id)?;
            if !organisation_settings_edit(&before, row_version, &fields)? {
                return Ok(before);
            }
            tx.execute(
                "UPDATE organisation SET governing_body = ?2, reporting_period = ?3,
                    settings_row_version = settings_row_version + 1 WHERE id = ?1",
                params![organisation_id, fields.governing_body, fields.reporting_period.map(ReportingPeriod::code)],
            )?;
            let after = organisation_settings(tx, organisation_id)?;
            record(tx, author, organisation_settings_changed(&before, &after))?;
            Ok(after)
        })
    }
}

// ---------------------------------------------------------------------------------------
// The rules of the lists and settings, apart from any database: the shared register
// (`store::postgres::lists`) calls these too, so both stores check, refuse, sort and log alike.

/// The list's table, on both stores.
pub(in crate::store) fn table(kind: ListKind) -> &'static str {
    match kind {
        ListKind::BaseService => "base_service",
        ListKind::GoalArea => "goal_area",
    }
}

/// The audit log's entity name.
fn entity(kind: ListKind) -> &'static str {
    table(kind)
}

/// One query for both lists, the same text on both stores: a base service is in use when an
/// initiative of its supplier names it; a goal area when an initiative links to it.
pub(in crate::store) fn select(kind: ListKind) -> &'static str {
    match kind {
        ListKind::BaseService => {
            "SELECT b.id, b.organisation_id, b.name, b.retired, b.row_version,
                    (SELECT count(*) FROM initiative i
                     WHERE i.organisation_id = b.organisation_id AND i.base_service = b.name) AS in_use
             FROM base_service b"
        }
        ListKind::GoalArea => {
            "SELECT g.id, CAST(NULL AS BIGINT) AS organisation_id, g.name, g.retired, g.row_version,
                    (SELECT count(*) FROM initiative_goal_area l WHERE l.goal_area_id = g.id) AS in_use
             FROM goal_area g"
        }
    }
}

/// The alias of the list's table in [`select`].
pub(in crate::store) fn alias(kind: ListKind) -> &'static str {
    match kind {
        ListKind::BaseService => "b",
        ListKind::GoalArea => "g",
    }
}

/// Sorts a list as the user reads it: Swedish alphabetical order within each supplier,
/// letter case aside (neither database's own order is that: SQLite's is by byte, which puts
/// "Öppna data" before "extern service" and ä before å).
pub(in crate::store) fn sort_entries(list: &mut [ListEntry]) {
    list.sort_by_cached_key(|e| (e.organisation_id, swedish_key(&e.name)));
}

/// A sort key in Swedish alphabetical order: lower case, with å, ä, ö after z in that order.
fn swedish_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => '\u{7b}',
            'ä' | 'æ' => '\u{7c}',
            'ö' | 'ø' => '\u{7d}',
            other => other,
        })
        .collect()
}

/// An entry's name as stored (trimmed), or its field errors.
pub(in crate::store) fn valid_entry_name(kind: ListKind, name: &str) -> Result<String> {
    let name = name.trim().to_string();
    check_valid(validate_entry_name(kind, &name))?;
    Ok(name)
}

/// The organisation whose list a new entry joins: a base service's supplier, which must be
/// given; none for a goal area.
pub(in crate::store) fn list_owner(kind: ListKind, organisation_id: Option<i64>) -> Result<Option<i64>> {
    match kind {
        ListKind::BaseService => match organisation_id {
            Some(org) => Ok(Some(org)),
            None => Err(StoreError::Invalid(vec![FieldError::new(
                "organisation_id",
                "Ange vilken leverantör bastjänsten hör till.",
            )])),
        },
        ListKind::GoalArea => Ok(None),
    }
}

/// A supplier's name, or the field error of an organisation not in the register.
pub(in crate::store) fn supplier_name(lookup: &mut impl ListLookup, id: i64) -> Result<String> {
    lookup
        .organisation_name(id)?
        .ok_or_else(|| StoreError::Invalid(vec![FieldError::new("organisation_id", "Välj en leverantör som finns i registret.")]))
}

/// The error for an entry not in the register (or not visible to the user).
pub(in crate::store) fn entry_not_found(kind: ListKind, id: i64) -> StoreError {
    StoreError::NotFound {
        entity: match kind {
            ListKind::BaseService => "bastjänst",
            ListKind::GoalArea => "målområde",
        },
        id,
    }
}

pub(in crate::store) fn refuse_stale(before: &ListEntry, row_version: i64) -> Result<()> {
    if before.row_version != row_version {
        return Err(StoreError::Stale {
            entity: format!("{} {}", capitalised(before.kind.definite()), before.name),
            changes: "namnet eller om den har gått ut".into(),
        });
    }
    Ok(())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A name already in the list (letter case aside) is refused, naming the entry that has it:
/// `list` is the list the name would join, `own` the entry being renamed, `lookup` reads the
/// supplier's name for the message.
pub(in crate::store) fn refuse_name_in(
    lookup: &mut impl ListLookup,
    list: &[ListEntry],
    kind: ListKind,
    organisation_id: Option<i64>,
    name: &str,
    own: Option<i64>,
) -> Result<()> {
    let Some(clash) = list.iter().find(|e| Some(e.id) != own && same_name(&e.name, name)) else {
        return Ok(());
    };
    let whose = match organisation_id {
        Some(org) => format!(" i {}s lista", supplier_name(lookup, org)?),
        None => String::new(),
    };
    let retired = if clash.retired { " (utgången; återinför den i stället)" } else { "" };
    Err(StoreError::Invalid(vec![FieldError::new(
        "name",
        format!("{} {}{retired} finns redan{whose}.", kind.label(), clash.name),
    )]))
}

/// The audit row of a new entry.
pub(in crate::store) fn entry_added(after: &ListEntry) -> Change<'_, (), ListEntry> {
    Change {
        action: "skapad",
        entity: entity(after.kind),
        entity_id: Some(after.id),
        initiative_id: None,
        before: None,
        after: Some(after),
        reason: "",
    }
}

/// The audit row of a renamed entry.
pub(in crate::store) fn entry_changed<'a>(before: &'a ListEntry, after: &'a ListEntry) -> Change<'a, ListEntry, ListEntry> {
    Change {
        action: "ändrad",
        entity: entity(after.kind),
        entity_id: Some(after.id),
        initiative_id: None,
        before: Some(before),
        after: Some(after),
        reason: "",
    }
}

/// The audit row of an entry retired or brought back.
pub(in crate::store) fn entry_retired<'a>(before: &'a ListEntry, after: &'a ListEntry) -> Change<'a, ListEntry, ListEntry> {
    Change { action: if after.retired { "utgången" } else { "återinförd" }, ..entry_changed(before, after) }
}

/// What an initiative's audit row says of its base service when the supplier's list renames
/// it.
#[derive(serde::Serialize)]
pub(in crate::store) struct BaseServiceName<'a> {
    pub code: &'a str,
    pub base_service: &'a str,
}

/// The audit row of an initiative whose base service was renamed with the supplier's list
/// (each such initiative has its own row and a new row version, so an edit someone has open
/// is then refused as stale rather than writing the old name back).
pub(in crate::store) fn initiative_renamed<'a>(
    id: i64,
    before: &'a BaseServiceName<'a>,
    after: &'a BaseServiceName<'a>,
) -> Change<'a, BaseServiceName<'a>, BaseServiceName<'a>> {
    Change {
        action: "ändrad",
        entity: "initiative",
        entity_id: Some(id),
        initiative_id: Some(id),
        before: Some(before),
        after: Some(after),
        reason: "Bastjänsten bytte namn i leverantörens lista.",
    }
}

/// The register's settings from its `register_info` values (each absent in a new register).
pub(in crate::store) fn register_settings_from(
    governing_body: Option<String>,
    reporting_period: Option<String>,
    row_version: Option<String>,
    cost_per_fte: Option<String>,
) -> RegisterSettings {
    RegisterSettings {
        governing_body: governing_body
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_GOVERNING_BODY.to_string()),
        reporting_period: reporting_period.and_then(|p| ReportingPeriod::from_code(&p)).unwrap_or_default(),
        // Absent until a register saves its own (issue 17): the default.
        cost_per_fte: cost_per_fte
            .and_then(|c| c.parse::<rust_decimal::Decimal>().ok())
            .filter(|c| *c > rust_decimal::Decimal::ZERO)
            .unwrap_or(crate::model::register_lists::DEFAULT_COST_PER_FTE),
        row_version: row_version.and_then(|v| v.parse().ok()).unwrap_or(1),
    }
}

/// The register's settings as saved (the body trimmed), or their field errors.
pub(in crate::store) fn valid_register_settings(fields: &RegisterSettingsFields) -> Result<RegisterSettingsFields> {
    check_valid(fields.validate())?;
    Ok(RegisterSettingsFields {
        governing_body: fields.governing_body.trim().to_string(),
        reporting_period: fields.reporting_period,
        cost_per_fte: fields.cost_per_fte.normalize(),
    })
}

/// Whether a save of the register's settings that started from `row_version` changes
/// anything; a stale one is refused, naming the fields that differ.
pub(in crate::store) fn register_settings_edit(
    before: &RegisterSettings,
    row_version: i64,
    fields: &RegisterSettingsFields,
) -> Result<bool> {
    if before.row_version != row_version {
        return Err(StoreError::Stale {
            entity: "Registrets inställningar".into(),
            changes: changed_settings(before, fields),
        });
    }
    Ok(before.governing_body != fields.governing_body
        || before.reporting_period != fields.reporting_period
        || before.cost_per_fte != fields.cost_per_fte)
}

/// The `register_info` values a save of the register's settings writes.
pub(in crate::store) fn register_settings_values(
    before: &RegisterSettings,
    fields: &RegisterSettingsFields,
) -> [(&'static str, String); 4] {
    [
        ("governing_body", fields.governing_body.clone()),
        ("reporting_period", fields.reporting_period.code().to_string()),
        ("cost_per_fte", fields.cost_per_fte.normalize().to_string()),
        ("settings_row_version", (before.row_version + 1).to_string()),
    ]
}

fn changed_settings(before: &RegisterSettings, attempted: &RegisterSettingsFields) -> String {
    let mut changed = Vec::new();
    if before.governing_body != attempted.governing_body {
        changed.push("styrande organ");
    }
    if before.reporting_period != attempted.reporting_period {
        changed.push("rapportperiod");
    }
    if before.cost_per_fte != attempted.cost_per_fte {
        changed.push("kostnad per årsarbetare");
    }
    if changed.is_empty() {
        "inga fält skiljer sig".into()
    } else {
        format!("fält som skiljer sig: {}", changed.join(", "))
    }
}

/// The audit row of a save of the register's settings.
pub(in crate::store) fn register_settings_changed<'a>(
    before: &'a RegisterSettings,
    after: &'a RegisterSettings,
) -> Change<'a, RegisterSettings, RegisterSettings> {
    Change {
        action: "ändrad",
        entity: "register_settings",
        entity_id: None,
        initiative_id: None,
        before: Some(before),
        after: Some(after),
        reason: "",
    }
}

/// An organisation's settings as saved (a blank body is none), or their field errors.
pub(in crate::store) fn valid_organisation_settings(fields: &OrganisationSettingsFields) -> Result<OrganisationSettingsFields> {
    let fields = fields.normalised();
    check_valid(fields.validate())?;
    Ok(fields)
}

/// Whether a save of an organisation's settings that started from `row_version` changes
/// anything; a stale one is refused.
pub(in crate::store) fn organisation_settings_edit(
    before: &OrganisationSettings,
    row_version: i64,
    fields: &OrganisationSettingsFields,
) -> Result<bool> {
    if before.row_version != row_version {
        return Err(StoreError::Stale {
            entity: format!("Inställningarna för {}", before.organisation),
            changes: "styrande organ eller rapportperiod".into(),
        });
    }
    Ok(before.governing_body != fields.governing_body || before.reporting_period != fields.reporting_period)
}

/// The audit row of a save of an organisation's settings.
pub(in crate::store) fn organisation_settings_changed<'a>(
    before: &'a OrganisationSettings,
    after: &'a OrganisationSettings,
) -> Change<'a, OrganisationSettings, OrganisationSettings> {
    Change {
        action: "ändrad",
        entity: "organisation_settings",
        entity_id: Some(after.organisation_id),
        initiative_id: None,
        before: Some(before),
        after: Some(after),
        reason: "",
    }
}

/// The organisations' settings, the same text on both stores.
pub(in crate::store) const ORGANISATION_SETTINGS: &str =
    "SELECT id, name, governing_body, reporting_period, settings_row_version FROM organisation";

// ---------------------------------------------------------------------------------------
// The file register's statements.

fn entry_from_row(kind: ListKind) -> impl Fn(&Row) -> rusqlite::Result<ListEntry> {
    move |row| {
        Ok(ListEntry {
            id: row.get("id")?,
            kind,
            organisation_id: row.get("organisation_id")?,
            name: row.get("name")?,
            retired: row.get::<_, i64>("retired")? != 0,
            in_use: row.get("in_use")?,
            row_version: row.get("row_version")?,
        })
    }
}

fn entries(conn: &Connection, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
    let mut list: Vec<ListEntry> = match kind {
        ListKind::BaseService => conn
            .prepare(&format!("{} WHERE ?1 IS NULL OR b.organisation_id = ?1", select(kind)))?
            .query_map([organisation_id], entry_from_row(kind))?
            .collect::<rusqlite::Result<_>>()?,
        // One list for the register: `organisation_id` does not apply.
        ListKind::GoalArea => conn.prepare(select(kind))?.query_map([], entry_from_row(kind))?.collect::<rusqlite::Result<_>>()?,
    };
    sort_entries(&mut list);
    Ok(list)
}

fn entry(conn: &Connection, kind: ListKind, id: i64) -> Result<ListEntry> {
    let sql = format!("{} WHERE {}.id = ?1", select(kind), alias(kind));
    rows::optional(conn.query_row(&sql, [id], entry_from_row(kind)))?.ok_or_else(|| entry_not_found(kind, id))
}

fn refuse_taken_name(tx: &Transaction, kind: ListKind, organisation_id: Option<i64>, name: &str, own: Option<i64>) -> Result<()> {
    let list = entries(tx, kind, organisation_id)?;
    refuse_name_in(&mut &**tx, &list, kind, organisation_id, name, own)
}

/// The initiatives of the supplier that name the base service are renamed with it, in the
/// same transaction ([`initiative_renamed`]).
fn rename_on_initiatives(tx: &Transaction, author: &str, organisation_id: i64, old: &str, new: &str) -> Result<()> {
    let ids: Vec<(i64, String)> = tx
        .prepare("SELECT id, code FROM initiative WHERE organisation_id = ?1 AND base_service = ?2 ORDER BY code")?
        .query_map(params![organisation_id, old], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, code) in ids {
        tx.execute(
            "UPDATE initiative SET base_service = ?2, row_version = row_version + 1, updated_at = ?3 WHERE id = ?1",
            params![id, new, super::now()],
        )?;
        let before = BaseServiceName { code: &code, base_service: old };
        let after = BaseServiceName { code: &code, base_service: new };
        record(tx, author, initiative_renamed(id, &before, &after))?;
    }
    Ok(())
}

fn register_settings(conn: &Connection) -> Result<RegisterSettings> {
    let value = |key: &str| -> Result<Option<String>> {
        Ok(rows::optional(conn.query_row("SELECT value FROM register_info WHERE key = ?1", [key], |r| r.get(0)))?)
    };
    Ok(register_settings_from(
        value("governing_body")?,
        value("reporting_period")?,
        value("settings_row_version")?,
        value("cost_per_fte")?,
    ))
}

fn organisation_settings_from_row(row: &Row) -> rusqlite::Result<OrganisationSettings> {
    Ok(OrganisationSettings {
        organisation_id: row.get("id")?,
        organisation: row.get("name")?,
        governing_body: row.get("governing_body")?,
        reporting_period: rows::choice(row, "reporting_period", ReportingPeriod::from_code)?,
        row_version: row.get("settings_row_version")?,
    })
}

fn organisation_settings(conn: &Connection, id: i64) -> Result<OrganisationSettings> {
    rows::optional(conn.query_row(&format!("{ORGANISATION_SETTINGS} WHERE id = ?1"), [id], organisation_settings_from_row))?
        .ok_or(StoreError::NotFound { entity: "organisation", id })
}

/// What the list checks of an initiative's save read, from whichever database holds the
/// register: each backend implements it for its transaction, and [`list_reference_errors`]
/// is the one rule both call.
pub(in crate::store) trait ListLookup {
    /// Whether the supplier's list has the base service: `Some(retired)`, or `None`.
    fn base_service_retired(&mut self, organisation_id: i64, name: &str) -> Result<Option<bool>>;
    /// The organisation's name, when it is in the register.
    fn organisation_name(&mut self, organisation_id: i64) -> Result<Option<String>>;
    /// The goal area's name and whether it is retired, when it is in the list.
    fn goal_area(&mut self, id: i64) -> Result<Option<(String, bool)>>;
}

impl ListLookup for &Connection {
    fn base_service_retired(&mut self, organisation_id: i64, name: &str) -> Result<Option<bool>> {
        Ok(rows::optional(self.query_row(
            "SELECT retired FROM base_service WHERE organisation_id = ?1 AND name = ?2",
            params![organisation_id, name],
            |r| Ok(r.get::<_, i64>(0)? != 0),
        ))?)
    }

    fn organisation_name(&mut self, organisation_id: i64) -> Result<Option<String>> {
        Ok(rows::optional(self.query_row("SELECT name FROM organisation WHERE id = ?1", [organisation_id], |r| r.get(0)))?)
    }

    fn goal_area(&mut self, id: i64) -> Result<Option<(String, bool)>> {
        Ok(rows::optional(self.query_row(
            "SELECT name, retired FROM goal_area WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)),
        ))?)
    }
}

/// The checks an initiative's save makes against the register's lists (see
/// [`list_reference_errors`]), on the file register.
pub(crate) fn check_list_references(
    tx: &Transaction,
    fields: &InitiativeFields,
    stored: Option<&InitiativeFields>,
) -> Result<Vec<FieldError>> {
    let mut conn: &Connection = tx;
    list_reference_errors(&mut conn, fields, stored)
}

/// The checks an initiative's save makes against the register's lists: its base service is
/// an entry of its supplier's list, and its goal areas are goal areas. A retired entry is
/// refused unless the initiative already had it (`stored`, its fields before the save), so
/// an initiative keeps what it named when the entry went out.
pub(in crate::store) fn list_reference_errors(
    lookup: &mut impl ListLookup,
    fields: &InitiativeFields,
    stored: Option<&InitiativeFields>,
) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    if !fields.base_service.is_empty() {
        let found = lookup.base_service_retired(fields.organisation_id, &fields.base_service)?;
        let kept = stored.is_some_and(|s| s.organisation_id == fields.organisation_id && s.base_service == fields.base_service);
        let supplier = lookup.organisation_name(fields.organisation_id)?.unwrap_or_default();
        match found {
            None => errors.push(FieldError::new(
                "base_service",
                format!(
                    "Bastjänsten {} finns inte i {supplier}s lista. Välj en bastjänst ur leverantörens lista, \
                     lägg till den under Registrets listor eller lämna fältet tomt.",
                    fields.base_service
                ),
            )),
            Some(true) if !kept => errors.push(FieldError::new(
                "base_service",
                format!("Bastjänsten {} har gått ut ur {supplier}s lista och kan inte väljas.", fields.base_service),
            )),
            Some(_) => {}
        }
    }
    for id in &fields.goal_area_ids {
        let found = lookup.goal_area(*id)?;
        let kept = stored.is_some_and(|s| s.goal_area_ids.contains(id));
        match found {
            None => {
                errors.push(FieldError::new("goal_area_ids", "Välj målområden som finns i registrets lista."));
                break;
            }
            Some((name, true)) if !kept => {
                errors.push(FieldError::new(
                    "goal_area_ids",
                    format!("Målområdet {name} har gått ut och kan inte väljas."),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(errors)
}

/// Stores an initiative's goal areas (its links replaced by `ids`).
pub(crate) fn write_goal_areas(tx: &Transaction, initiative_id: i64, ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM initiative_goal_area WHERE initiative_id = ?1", [initiative_id])?;
    for id in ids {
        tx.execute(
            "INSERT INTO initiative_goal_area (initiative_id, goal_area_id) VALUES (?1, ?2)",
            params![initiative_id, id],
        )?;
    }
    Ok(())
}

/// The SQL for an initiative's reporting period: its supplier's, else the register's, else
/// six weeks (`o` is the supplier's row). The same text on both backends.
pub(crate) const EFFECTIVE_PERIOD_SQL: &str = "COALESCE(o.reporting_period,
    (SELECT value FROM register_info WHERE key = 'reporting_period'), 'sex_veckor')";

#[cfg(test)]
mod tests {
    use super::swedish_key;

    #[test]
    fn entries_sort_in_swedish_alphabetical_order_whatever_the_case() {
        let mut names = vec!["Öppna data", "Ärenden", "zebra", "Åtgärder", "Anslag", "extern service"];
        names.sort_by_key(|n| swedish_key(n));
        assert_eq!(names, ["Anslag", "extern service", "zebra", "Åtgärder", "Ärenden", "Öppna data"]);
    }
}
