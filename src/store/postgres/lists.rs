//! The register's lists (base services per supplier, goal areas) and its governing bodies and
//! reporting periods on the shared register (migration 0006): the file register's rules
//! (`store::lists`), with only the statements and the reading of rows here.

use postgres::{GenericClient, Row, Transaction};

use super::audit::record;
use super::register::{now, PgRegister};
use super::values;
use crate::model::initiative::InitiativeFields;
use crate::model::register_lists::{
    ListEntry, ListKind, OrganisationSettings, OrganisationSettingsFields, RegisterSettings, RegisterSettingsFields,
    ReportingPeriod,
};
use crate::model::FieldError;
use crate::store::interface::RegisterLists;
use crate::store::lists::*;
use crate::store::{Result, StoreError};

/// The list checks of an initiative's save read the shared register through this.
impl ListLookup for Transaction<'_> {
    fn base_service_retired(&mut self, organisation_id: i64, name: &str) -> Result<Option<bool>> {
        let row = self.query_opt(
            "SELECT retired FROM base_service WHERE organisation_id = $1 AND name = $2",
            &[&organisation_id, &name],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn organisation_name(&mut self, organisation_id: i64) -> Result<Option<String>> {
        let row = self.query_opt("SELECT name FROM organisation WHERE id = $1", &[&organisation_id])?;
        Ok(row.map(|r| r.get(0)))
    }

    fn goal_area(&mut self, id: i64) -> Result<Option<(String, bool)>> {
        let row = self.query_opt("SELECT name, retired FROM goal_area WHERE id = $1", &[&id])?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }
}

/// The checks an initiative's save makes against the register's lists, on the shared
/// register: the file register's rule ([`list_reference_errors`]).
pub(in crate::store) fn check_list_references(
    tx: &mut Transaction<'_>,
    fields: &InitiativeFields,
    stored: Option<&InitiativeFields>,
) -> Result<Vec<FieldError>> {
    list_reference_errors(tx, fields, stored)
}

/// Stores an initiative's goal areas (its links replaced by `ids`).
pub(in crate::store) fn write_goal_areas(tx: &mut Transaction<'_>, initiative_id: i64, ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM initiative_goal_area WHERE initiative_id = $1", &[&initiative_id])?;
    for id in ids {
        tx.execute(
            "INSERT INTO initiative_goal_area (initiative_id, goal_area_id) VALUES ($1, $2)",
            &[&initiative_id, id],
        )?;
    }
    Ok(())
}

impl RegisterLists for PgRegister {
    fn list_entries(&self, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
        entries(&mut *self.client(), kind, organisation_id)
    }

    fn add_list_entry(&mut self, kind: ListKind, organisation_id: Option<i64>, name: &str) -> Result<ListEntry> {
        let name = valid_entry_name(kind, name)?;
        self.write(|tx, author| {
            let organisation_id = list_owner(kind, organisation_id)?;
            if let Some(org) = organisation_id {
                supplier_name(tx, org)?;
            }
            refuse_taken_name(tx, kind, organisation_id, &name, None)?;
            let row = match kind {
                ListKind::BaseService => tx.query_one(
                    "INSERT INTO base_service (organisation_id, name) VALUES ($1, $2) RETURNING id",
                    &[&organisation_id, &name],
                )?,
                ListKind::GoalArea => tx.query_one("INSERT INTO goal_area (name) VALUES ($1) RETURNING id", &[&name])?,
            };
            let after = entry(tx, kind, row.get(0))?;
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
                &format!("UPDATE {} SET name = $2, row_version = row_version + 1 WHERE id = $1", table(kind)),
                &[&id, &name],
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
                &format!("UPDATE {} SET retired = $2, row_version = row_version + 1 WHERE id = $1", table(kind)),
                &[&id, &retired],
            )?;
            let after = entry(tx, kind, id)?;
            record(tx, author, entry_retired(&before, &after))?;
            Ok(after)
        })
    }

    fn register_settings(&self) -> Result<RegisterSettings> {
        register_settings(&mut *self.client())
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
                    "INSERT INTO register_info (key, value) VALUES ($1, $2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[&key, &value],
                )?;
            }
            let after = register_settings(tx)?;
            record(tx, author, register_settings_changed(&before, &after))?;
            Ok(after)
        })
    }

    /// In the file register's order: by name, byte by byte (SQLite's), which is the "C"
    /// collation here.
    fn organisation_settings(&self) -> Result<Vec<OrganisationSettings>> {
        let rows = self.client().query(&format!("{ORGANISATION_SETTINGS} ORDER BY name COLLATE \"C\""), &[])?;
        rows.iter().map(organisation_settings_from_row).collect()
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
                "UPDATE organisation SET governing_body = $2, reporting_period = $3,
                    settings_row_version = settings_row_version + 1 WHERE id = $1",
                &[&organisation_id, &fields.governing_body, &fields.reporting_period.map(ReportingPeriod::code)],
            )?;
            let after = organisation_settings(tx, organisation_id)?;
            record(tx, author, organisation_settings_changed(&before, &after))?;
            Ok(after)
        })
    }
}

fn entry_from_row(kind: ListKind, row: &Row) -> Result<ListEntry> {
    Ok(ListEntry {
        id: row.try_get("id")?,
        kind,
        organisation_id: row.try_get("organisation_id")?,
        name: row.try_get("name")?,
        retired: row.try_get("retired")?,
        in_use: row.try_get("in_use")?,
        row_version: row.try_get("row_version")?,
    })
}

/// A list as the user may see it, in the file register's order ([`sort_entries`]).
fn entries(client: &mut impl GenericClient, kind: ListKind, organisation_id: Option<i64>) -> Result<Vec<ListEntry>> {
    let rows = match kind {
        ListKind::BaseService => client.query(
            &format!("{} WHERE $1::bigint IS NULL OR b.organisation_id = $1", select(kind)),
            &[&organisation_id],
        )?,
        // One list for the register: `organisation_id` does not apply.
        ListKind::GoalArea => client.query(select(kind), &[])?,
    };
    let mut list = rows.iter().map(|row| entry_from_row(kind, row)).collect::<Result<Vec<_>>>()?;
    sort_entries(&mut list);
    Ok(list)
}

/// One entry; one the user may not see is not found, as one not in the register.
fn entry(client: &mut impl GenericClient, kind: ListKind, id: i64) -> Result<ListEntry> {
    let sql = format!("{} WHERE {}.id = $1", select(kind), alias(kind));
    match client.query_opt(&sql, &[&id])? {
        Some(row) => entry_from_row(kind, &row),
        None => Err(entry_not_found(kind, id)),
    }
}

fn refuse_taken_name(
    tx: &mut Transaction<'_>,
    kind: ListKind,
    organisation_id: Option<i64>,
    name: &str,
    own: Option<i64>,
) -> Result<()> {
    let list = entries(tx, kind, organisation_id)?;
    refuse_name_in(tx, &list, kind, organisation_id, name, own)
}

/// The initiatives of the supplier that name the base service are renamed with it, in the
/// same transaction ([`initiative_renamed`]), in the file register's order of codes.
fn rename_on_initiatives(tx: &mut Transaction<'_>, author: &str, organisation_id: i64, old: &str, new: &str) -> Result<()> {
    let ids: Vec<(i64, String)> = tx
        .query(
            "SELECT id, code FROM initiative WHERE organisation_id = $1 AND base_service = $2 ORDER BY code COLLATE \"C\"",
            &[&organisation_id, &old],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (id, code) in ids {
        tx.execute(
            "UPDATE initiative SET base_service = $2, row_version = row_version + 1, updated_at = $3 WHERE id = $1",
            &[&id, &new, &now()],
        )?;
        let before = BaseServiceName { code: &code, base_service: old };
        let after = BaseServiceName { code: &code, base_service: new };
        record(tx, author, initiative_renamed(id, &before, &after))?;
    }
    Ok(())
}

fn register_settings(client: &mut impl GenericClient) -> Result<RegisterSettings> {
    let mut value = |key: &str| -> Result<Option<String>> {
        Ok(client.query_opt("SELECT value FROM register_info WHERE key = $1", &[&key])?.map(|r| r.get(0)))
    };
    Ok(register_settings_from(
        value("governing_body")?,
        value("reporting_period")?,
        value("settings_row_version")?,
        value("cost_per_fte")?,
    ))
}

fn organisation_settings_from_row(row: &Row) -> Result<OrganisationSettings> {
    Ok(OrganisationSettings {
        organisation_id: row.try_get("id")?,
        organisation: row.try_get("name")?,
        governing_body: row.try_get("governing_body")?,
        reporting_period: values::choice(row, "reporting_period", ReportingPeriod::from_code)?,
        row_version: row.try_get("settings_row_version")?,
    })
}

/// One organisation's settings; one the user may not see is not found.
fn organisation_settings(client: &mut impl GenericClient, id: i64) -> Result<OrganisationSettings> {
    match client.query_opt(&format!("{ORGANISATION_SETTINGS} WHERE id = $1"), &[&id])? {
        Some(row) => organisation_settings_from_row(&row),
        None => Err(StoreError::NotFound { entity: "organisation", id }),
    }
}
