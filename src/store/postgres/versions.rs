//! The statements of the versioned documents (calculations and plans) on the shared
//! register. The rules and the steps of each action are the file register's, once, in
//! `store/versions.rs`; only the SQL and the reading of rows are here.

use postgres::{GenericClient, Row, Transaction};
use postgres::types::ToSql;
use serde::Serialize;

use super::audit::record;
use super::register::{now, timestamp_text};
use super::values;
use crate::model::{Approval, VersionStatus};
use crate::store::audit::Change;
use crate::store::versions::{Dialect, Document, DocumentKind, Header, NewDraft, VersionReads, VersionWrites};
use crate::store::Result;

/// The shared register's version statements, on the connection (a read) or in a
/// transaction (`Pg<Transaction>`, which also writes).
pub(super) struct Pg<'a, C>(pub &'a mut C);

/// PostgreSQL's parameters; a JSON column is bound and read as the text it was written as,
/// so it is kept exactly as serialised (as the file register keeps it).
const POSTGRES: Dialect = Dialect {
    param: |n| format!("${n}"),
    json_param: |n| format!("${n}::text::json"),
    json_column: |c| format!("{c}::text AS {c}"),
};

/// The approval columns of a version row; `None` for a version never approved.
fn approval(row: &Row) -> Result<Option<Approval>> {
    let Some(approved_at) = row.try_get::<_, Option<chrono::NaiveDate>>("approved_at")? else {
        return Ok(None);
    };
    Ok(Some(Approval {
        approved_by: row.try_get::<_, Option<String>>("approved_by")?.unwrap_or_default(),
        approved_at,
        decision_ref: row.try_get::<_, Option<String>>("decision_ref")?.unwrap_or_default(),
    }))
}

fn header(row: &Row) -> Result<Header> {
    Ok(Header {
        status: values::choice(row, "status", VersionStatus::from_code)?.unwrap_or(VersionStatus::Draft),
        approval: approval(row)?,
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        version: row.try_get::<_, i32>("version")? as u32,
        reason: row.try_get("reason")?,
        based_on: row.try_get::<_, Option<i32>>("based_on")?.map(|v| v as u32),
        created_by: row.try_get("created_by")?,
        created_at: timestamp_text(row.try_get("created_at")?),
        updated_at: timestamp_text(row.try_get("updated_at")?),
        row_version: row.try_get("row_version")?,
    })
}

/// The versions of kind `D` matching `filter` with `params`, in version order. The JSON
/// columns are read as the text they were written as, which the kind parses.
fn select<D: Document>(client: &mut impl GenericClient, filter: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<D>> {
    let kind = &D::KIND;
    let rows = client.query(&kind.select_sql(&POSTGRES, filter), params)?;
    rows.iter()
        .map(|row| {
            let json = kind.json_columns.iter().map(|c| row.try_get(*c)).collect::<std::result::Result<Vec<String>, _>>()?;
            D::from_parts(header(row)?, &json)
        })
        .collect()
}

/// The versions of kind `D` matching `filter` (on `$1`), oldest first.
pub(super) fn query<D: Document>(client: &mut impl GenericClient, filter: &str, param: i64) -> Result<Vec<D>> {
    select(client, filter, &[&param])
}

/// The versions of kind `D` matching `filter`, which takes no parameter.
pub(super) fn query_all<D: Document>(client: &mut impl GenericClient, filter: &str) -> Result<Vec<D>> {
    select(client, filter, &[])
}

/// Every version of kind `D` of the initiatives `ids`, by initiative id and then oldest first.
pub(super) fn versions_of_all<D: Document>(client: &mut impl GenericClient, ids: &[i64]) -> Result<Vec<D>> {
    let mut versions: Vec<D> = select(client, "initiative_id = ANY($1)", &[&ids])?;
    // Stable: each initiative's versions stay oldest first.
    versions.sort_by_key(|v| v.state().initiative_id);
    Ok(versions)
}

/// [`crate::store::versions::newest_drafts_query`] on the server.
pub(super) fn newest_drafts(client: &mut impl GenericClient, table: &str) -> Result<Vec<(i64, u32)>> {
    let rows = client.query(crate::store::versions::newest_drafts_query(table).as_str(), &[])?;
    rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get::<_, i32>(1)? as u32))).collect()
}

impl<C: GenericClient> VersionReads for Pg<'_, C> {
    fn find_initiative_code(&mut self, initiative_id: i64) -> Result<Option<String>> {
        Ok(self.0.query_opt("SELECT code FROM initiative WHERE id = $1", &[&initiative_id])?.map(|r| r.get(0)))
    }

    fn versions<D: Document>(&mut self, initiative_id: i64) -> Result<Vec<D>> {
        query(self.0, "initiative_id = $1", initiative_id)
    }

    fn find_version<D: Document>(&mut self, id: i64) -> Result<Option<D>> {
        Ok(query(self.0, "id = $1", id)?.pop())
    }

    fn count_versions(&mut self, kind: &DocumentKind, initiative_id: i64) -> Result<i64> {
        Ok(self.0.query_one(&kind.count_sql(&POSTGRES), &[&initiative_id])?.get(0))
    }
}

impl VersionWrites for Pg<'_, Transaction<'_>> {
    fn insert_draft(&mut self, kind: &DocumentKind, draft: &NewDraft) -> Result<i64> {
        let sql = format!("{} RETURNING id", kind.insert_sql(&POSTGRES));
        let version = draft.version as i32;
        let based_on = draft.based_on.map(|v| v as i32);
        let now = now();
        let mut values: Vec<&(dyn ToSql + Sync)> =
            vec![&draft.initiative_id, &version, &draft.reason, &based_on, &draft.author, &now];
        values.extend(draft.json.iter().map(|j| j as &(dyn ToSql + Sync)));
        Ok(self.0.query_one(&sql, &values)?.get(0))
    }

    fn update_json(&mut self, kind: &DocumentKind, id: i64, json: &[String]) -> Result<()> {
        let sql = kind.update_json_sql(&POSTGRES);
        let now = now();
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![&id];
        values.extend(json.iter().map(|j| j as &(dyn ToSql + Sync)));
        values.push(&now);
        self.0.execute(&sql, &values)?;
        Ok(())
    }

    fn set_approved(&mut self, kind: &DocumentKind, id: i64, extra: &[(&'static str, String)], approval: &Approval) -> Result<()> {
        let columns: Vec<&str> = extra.iter().map(|(c, _)| *c).collect();
        let sql = kind.approve_sql(&POSTGRES, &columns);
        let now = now();
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![&id];
        values.extend(extra.iter().map(|(_, v)| v as &(dyn ToSql + Sync)));
        values.extend([&approval.approved_by as &(dyn ToSql + Sync), &approval.approved_at, &approval.decision_ref, &now]);
        self.0.execute(&sql, &values)?;
        Ok(())
    }

    fn delete_version(&mut self, kind: &DocumentKind, id: i64) -> Result<()> {
        self.0.execute(&kind.delete_sql(&POSTGRES), &[&id])?;
        Ok(())
    }

    fn record_change<B: Serialize, A: Serialize>(&mut self, author: &str, change: Change<B, A>) -> Result<()> {
        record(self.0, author, change)
    }
}
