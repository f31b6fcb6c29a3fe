//! The annual analysis's texts ("Leverantörens analys", migration 0007) on the shared
//! register: read per supplier and year, saved one section at a time with its row version and
//! an audit row, by the file register's rules (`store::annual_analysis`).

use postgres::{GenericClient, Row};

use super::audit::record;
use super::register::{now, timestamp_text, PgRegister};
use super::values;
use crate::model::annual_analysis::{self, AnalysisText, Section};
use crate::store::annual_analysis::{text_edit, text_saved};
use crate::store::interface::AnnualAnalysisStore;
use crate::store::rows::check_valid;
use crate::store::{Result, StoreError};

const COLUMNS: &str = "organisation_id, year, section, text, row_version, updated_at";

impl AnnualAnalysisStore for PgRegister {
    /// In the template's order: the sections' codes byte by byte, as the file register sorts
    /// them.
    fn analysis_texts(&self, organisation_id: i64, year: i32) -> Result<Vec<AnalysisText>> {
        let rows = self.client().query(
            &format!(
                "SELECT {COLUMNS} FROM annual_analysis_text WHERE organisation_id = $1 AND year = $2
                 ORDER BY section COLLATE \"C\""
            ),
            &[&organisation_id, &year],
        )?;
        rows.iter().map(text_from_row).collect()
    }

    /// As the file register's: a save that started from an older row version is refused,
    /// naming the section, the supplier and the year, and writes nothing.
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
                .query_opt("SELECT name FROM organisation WHERE id = $1", &[&organisation_id])?
                .map(|r| r.get(0))
                .ok_or(StoreError::NotFound { entity: "organisation", id: organisation_id })?;
            let before = read_text(tx, organisation_id, year, section)?;
            if !text_edit(&organisation, year, section, before.as_ref(), row_version, text)? {
                return Ok(before.expect("an unchanged text is stored"));
            }
            tx.execute(
                "INSERT INTO annual_analysis_text (organisation_id, year, section, text, row_version, updated_at)
                 VALUES ($1, $2, $3, $4, 1, $5)
                 ON CONFLICT (organisation_id, year, section)
                 DO UPDATE SET text = excluded.text, row_version = annual_analysis_text.row_version + 1,
                               updated_at = excluded.updated_at",
                &[&organisation_id, &year, &section.code(), &text, &now()],
            )?;
            let after = read_text(tx, organisation_id, year, section)?.expect("just written");
            record(tx, author, text_saved(before.as_ref(), &after))?;
            Ok(after)
        })
    }
}

fn read_text(client: &mut impl GenericClient, organisation_id: i64, year: i32, section: Section) -> Result<Option<AnalysisText>> {
    let row = client.query_opt(
        &format!("SELECT {COLUMNS} FROM annual_analysis_text WHERE organisation_id = $1 AND year = $2 AND section = $3"),
        &[&organisation_id, &year, &section.code()],
    )?;
    row.as_ref().map(text_from_row).transpose()
}

fn text_from_row(row: &Row) -> Result<AnalysisText> {
    Ok(AnalysisText {
        organisation_id: row.try_get("organisation_id")?,
        year: row.try_get("year")?,
        section: values::required_choice(row, "section", Section::from_code)?,
        text: row.try_get("text")?,
        row_version: row.try_get("row_version")?,
        updated_at: timestamp_text(row.try_get("updated_at")?),
    })
}
