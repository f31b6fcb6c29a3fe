//! The annual analysis's texts ("Leverantörens analys", migration 0007): read per supplier
//! and year, saved one section at a time with its row version and an audit row.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::audit::{record, Change};
use super::error::{Result, StoreError};
use super::rows::{check_valid, optional};
use super::{AnnualAnalysisStore, Register};
use crate::model::annual_analysis::{self, AnalysisText, Section};

const COLUMNS: &str = "organisation_id, year, section, text, row_version, updated_at";

impl AnnualAnalysisStore for Register {
    fn analysis_texts(&self, organisation_id: i64, year: i32) -> Result<Vec<AnalysisText>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM annual_analysis_text WHERE organisation_id = ?1 AND year = ?2 ORDER BY section"
        ))?;
        let texts = stmt.query_map(params![organisation_id, year], text_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(texts)
    }

    /// Saves an edit that started from `row_version` (0: the section had no text). When
    /// someone else saved the section in between, nothing is written and the error names the
    /// section, the supplier and the year; the caller keeps the user's text.
    fn save_analysis_text(
        &mut self,
        organisation_id: i64,
        year: i32,
        section: Section,
        row_version: i64,
        text: &str,
    ) -> Result<AnalysisText> {
        check_valid(annual_analysis::validate(year, text))?;
        self.write(|tx, author| {
            let organisation: String = tx
                .query_row("SELECT name FROM organisation WHERE id = ?1", [organisation_id], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound { entity: "organisation", id: organisation_id })?;
            let before = read_text(tx, organisation_id, year, section)?;
            if !text_edit(&organisation, year, section, before.as_ref(), row_version, text)? {
                return Ok(before.expect("an unchanged text is stored"));
            }
            tx.execute(
                "INSERT INTO annual_analysis_text (organisation_id, year, section, text, row_version, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5)
                 ON CONFLICT (organisation_id, year, section)
                 DO UPDATE SET text = excluded.text, row_version = row_version + 1, updated_at = excluded.updated_at",
                params![organisation_id, year, section.code(), text, super::now()],
            )?;
            let after = read_text(tx, organisation_id, year, section)?.expect("just written");
            record(tx, author, text_saved(before.as_ref(), &after))?;
            Ok(after)
        })
    }
}

/// Whether a save of a section's text that started from `row_version` (0: no text) changes
/// anything. When someone else saved the section in between, it is refused, naming the
/// section, the supplier (`organisation`) and the year. Both stores' rule.
pub(in crate::store) fn text_edit(
    organisation: &str,
    year: i32,
    section: Section,
    before: Option<&AnalysisText>,
    row_version: i64,
    text: &str,
) -> Result<bool> {
    let stored_version = before.map_or(0, |t| t.row_version);
    if stored_version != row_version {
        return Err(StoreError::Stale {
            entity: format!("Leverantörens analys i avsnitt {} för {organisation} {year}", section.heading()),
            changes: if stored_version == 0 { "texten har tagits bort".into() } else { "texten är ändrad".into() },
        });
    }
    Ok(before.is_none_or(|b| b.text != text))
}

/// The audit row of a saved text (about the supplier, no initiative).
pub(in crate::store) fn text_saved<'a>(
    before: Option<&'a AnalysisText>,
    after: &'a AnalysisText,
) -> Change<'a, AnalysisText, AnalysisText> {
    Change {
        action: if before.is_some() { "ändrad" } else { "skapad" },
        entity: "annual_analysis_text",
        entity_id: Some(after.organisation_id),
        initiative_id: None,
        before,
        after: Some(after),
        reason: "",
    }
}

fn read_text(conn: &Connection, organisation_id: i64, year: i32, section: Section) -> Result<Option<AnalysisText>> {
    Ok(optional(conn.query_row(
        &format!("SELECT {COLUMNS} FROM annual_analysis_text WHERE organisation_id = ?1 AND year = ?2 AND section = ?3"),
        params![organisation_id, year, section.code()],
        text_from_row,
    ))?)
}

pub(super) fn text_from_row(row: &Row) -> rusqlite::Result<AnalysisText> {
    let code: String = row.get("section")?;
    let section = Section::from_code(&code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, format!("unknown section {code}").into())
    })?;
    Ok(AnalysisText {
        organisation_id: row.get("organisation_id")?,
        year: row.get("year")?,
        section,
        text: row.get("text")?,
        row_version: row.get("row_version")?,
        updated_at: row.get("updated_at")?,
    })
}
