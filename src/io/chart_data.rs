//! The data behind the charts of an initiative, as tables for CSV and XLSX: the calculation
//! chart (per year and scenario: benefits, costs, net and the cumulative discounted net) and
//! the follow-up chart of each indicator (baseline, go-live, the expected trajectory, targets
//! with their measurement windows and statuses, measurements, the status as of the date).
//!
//! Nothing is computed here that the charts do not compute: the numbers come from the same
//! functions ([`crate::calc::calculate`], [`crate::followup::evaluate_indicator`],
//! [`crate::followup::trajectory`]) with the same inputs as `report::calc_chart` and
//! `report::followup_chart`. Values are exact `Decimal`s, rounded only where the exact value
//! has more decimals than anyone reads: kronor to the öre, a goal achievement in percent to
//! two decimals (a ratio to four), an expected value on the trajectory to four decimals.
//! What a person entered (baselines, targets, measurements) is written as entered.
//!
//! The tables are made from values the application layer read from the register
//! (`app::exports`): a follow-up entry, a calculation version and its factors, the portfolio.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::export::ExportError;
use super::xlsx_writer::{self, Book, Cell, Column};
use crate::calc::{self, Scenario};
use crate::followup::{evaluate_indicator, trajectory, MeasurementLookup};
use crate::model::plan::Indicator;
use crate::followup::{FollowUpEntry, PortfolioSummary};
use crate::model::calculation::CalcFactor;
use crate::model::CalcVersion;

/// One chart's data: a title, a unique sheet name for XLSX and a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartTable {
    pub title: String,
    /// At most 31 characters and unique among the tables returned together (Excel's rules).
    pub sheet_name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ChartCell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ChartCell {
    Empty,
    Text(String),
    Number(Decimal),
    Date(NaiveDate),
}

// ---- the follow-up chart ------------------------------------------------------------------------

const INDICATOR_COLUMNS: [&str; 11] = [
    "Serie",
    "Datum",
    "Värde",
    "Enhet",
    "Kontrollpunkt (mån)",
    "Mätfönster från",
    "Mätfönster till",
    "Marginal till",
    "Måluppfyllelse (%)",
    "Status",
    "Används vid kontrollpunkt (mån)",
];

/// The data of the follow-up chart of `indicator` of `entry` (an initiative's follow-up
/// data: its approved plan and measurements) as of `as_of`, as the follow-up tab draws it;
/// its sheet name is made unique among `sheet_names`.
pub fn indicator_table(
    entry: &FollowUpEntry,
    indicator: &Indicator,
    as_of: NaiveDate,
    sheet_names: &mut HashSet<String>,
) -> Result<ChartTable, ExportError> {
    let Some(go_live) = entry.go_live else {
        return Err(ExportError::NoChart(format!(
            "Indikatorn {} i insatsen {} har inget diagram: insatsen har inget datum för driftsättning.",
            indicator.code, entry.code
        )));
    };
    let series = entry.measurements.series(&indicator.code);
    let followup = evaluate_indicator(indicator, Some(go_live), series, as_of);
    let unit = text(&indicator.unit);
    let new_row = |serie: &str, date: NaiveDate, value: Option<Decimal>| {
        let mut cells = vec![ChartCell::Empty; INDICATOR_COLUMNS.len()];
        cells[0] = ChartCell::Text(serie.to_string());
        cells[1] = ChartCell::Date(date);
        if let Some(v) = value {
            cells[2] = ChartCell::Number(v);
            cells[3] = unit.clone();
        }
        cells
    };
    let mut rows: Vec<Vec<ChartCell>> = Vec::new();
    if let Some(b) = &indicator.baseline {
        rows.push(new_row("Baslinje", b.date, Some(b.value)));
    }
    rows.push(new_row("Driftsättning", go_live, None));
    for point in trajectory(indicator, go_live) {
        rows.push(new_row(
            "Förväntad utveckling",
            point.date,
            Some(crate::format::round(point.value, 4).normalize()),
        ));
    }
    for cp in &followup.checkpoints {
        let mut cells = new_row("Målvärde", cp.date, Some(cp.target));
        cells[4] = number(cp.months_after_go_live);
        cells[5] = ChartCell::Date(cp.window_from);
        cells[6] = ChartCell::Date(cp.window_to);
        cells[7] = ChartCell::Date(cp.grace_until);
        if let Some(percent) = cp
            .achievement
            .and_then(|a| a.checked_mul(Decimal::ONE_HUNDRED))
        {
            cells[8] = ChartCell::Number(crate::format::round(percent, 2).normalize());
        }
        cells[9] = text(cp.status.label());
        rows.push(cells);
    }
    // The measurements the statuses count: up to the as-of date.
    for (index, m) in series.iter().enumerate().filter(|(_, m)| m.date <= as_of) {
        let used: Vec<String> = followup
            .checkpoints
            .iter()
            .filter(|cp| cp.measurement.is_some_and(|u| u.index == index))
            .map(|cp| cp.months_after_go_live.to_string())
            .collect();
        let mut cells = new_row("Mätning", m.date, Some(m.value));
        if !used.is_empty() {
            cells[10] = ChartCell::Text(used.join(", "));
        }
        rows.push(cells);
    }
    let mut cells = new_row("Status per datum", as_of, None);
    cells[9] = text(followup.status.label());
    if let Some(months) = followup.status_checkpoint {
        cells[4] = number(months);
    }
    rows.push(cells);

    Ok(ChartTable {
        title: format!(
            "Uppföljning av {} ({}), {}",
            indicator.name.trim(),
            indicator.code.trim(),
            entry.code
        ),
        sheet_name: xlsx_writer::unique_sheet_name(
            &format!("Indikator {}", indicator.code.trim()),
            sheet_names,
        ),
        columns: INDICATOR_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
    })
}

fn text(value: &str) -> ChartCell {
    if value.is_empty() {
        ChartCell::Empty
    } else {
        ChartCell::Text(value.to_string())
    }
}

fn number(value: impl Into<Decimal>) -> ChartCell {
    ChartCell::Number(value.into())
}

// ---- the calculation chart ----------------------------------------------------------------------

const CALCULATION_COLUMNS: [&str; 10] = [
    "Scenario",
    "År",
    "Nyttor (kr)",
    "Kostnader (kr)",
    "Netto (kr)",
    "Diskonterade nyttor (kr)",
    "Diskonterade kostnader (kr)",
    "Diskonterat netto (kr)",
    "Ackumulerat diskonterat netto (kr)",
    "Återbetald",
];

/// The data of the calculation chart of version `shown` of the initiative `code`, valued
/// with `factors` (the version's frozen ones when approved, else the register's): every
/// year of each of the three scenarios (the chart shows the likely one).
pub fn calculation_table(
    code: &str,
    shown: &CalcVersion,
    factors: &[CalcFactor],
    sheet_names: &mut HashSet<String>,
) -> Result<ChartTable, ExportError> {
    let result = calc::calculate(&shown.calculation, factors).map_err(|errors| {
        ExportError::NoChart(format!(
            "Nyttokalkylen för {code} ({}) har inget diagram. {errors}",
            shown.describe()
        ))
    })?;
    let mut rows = Vec::new();
    for scenario in [
        Scenario::Pessimistic,
        Scenario::Likely,
        Scenario::Optimistic,
    ] {
        let r = result.scenario(scenario);
        for y in &r.years {
            rows.push(vec![
                ChartCell::Text(scenario.label().to_string()),
                number(y.year),
                kronor(y.benefits),
                kronor(y.costs),
                kronor(y.net),
                kronor(y.discounted_benefits),
                kronor(y.discounted_costs),
                kronor(y.discounted_net),
                kronor(y.cumulative_discounted_net),
                if r.break_even_year == Some(y.year) {
                    text("Ja")
                } else {
                    ChartCell::Empty
                },
            ]);
        }
    }
    Ok(ChartTable {
        title: format!("Nyttokalkyl {code}, {}", shown.describe()),
        sheet_name: xlsx_writer::unique_sheet_name("Nyttokalkyl", sheet_names),
        columns: CALCULATION_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
    })
}

// ---- the portfolio's charts ---------------------------------------------------------------------

/// The data behind the council pack's two portfolio charts as of `as_of`, for `organisation`
/// (its name as stored, or `None` for the whole register): initiatives per benefit status
/// and organisation, and calculated against realised annual benefit per initiative. The
/// value chart shows the largest initiatives and sums the rest; the data has every one.
pub fn portfolio_tables(portfolio: &PortfolioSummary, as_of: NaiveDate, organisation: Option<&str>) -> Vec<ChartTable> {
    let scope = organisation.map_or_else(|| "hela registret".to_string(), |o| o.to_string());
    let date = crate::format::date(as_of);
    let mut names = HashSet::new();

    let mut status_rows: Vec<Vec<ChartCell>> = portfolio
        .by_organisation
        .iter()
        .map(|g| status_row(&g.name, &g.counts))
        .collect();
    status_rows.push(status_row("Totalt", &portfolio.initiatives));
    let statuses = ChartTable {
        title: format!("Nyttostatus per organisation per {date}, {scope}"),
        sheet_name: xlsx_writer::unique_sheet_name("Nyttostatus", &mut names),
        columns: ["Organisation", "Röd", "Saknas", "Gul", "Grön", "Kommande", "Insatser"]
            .map(String::from)
            .to_vec(),
        rows: status_rows,
    };

    let mut value_rows: Vec<Vec<ChartCell>> = portfolio
        .rows
        .iter()
        .map(|r| {
            vec![
                ChartCell::Text(r.code.clone()),
                ChartCell::Text(r.name.clone()),
                ChartCell::Text(r.organisation.clone()),
                ChartCell::Text(r.status.label().to_string()),
                kronor(r.calculated_annual_value),
                kronor(r.realised_annual_value),
            ]
        })
        .collect();
    value_rows.push(vec![
        ChartCell::Text("Totalt".into()),
        ChartCell::Empty,
        ChartCell::Empty,
        ChartCell::Empty,
        kronor(portfolio.calculated_annual_value),
        kronor(portfolio.realised_annual_value),
    ]);
    let values = ChartTable {
        title: format!("Kalkylerad och realiserad nytta per år per {date}, {scope}"),
        sheet_name: xlsx_writer::unique_sheet_name("Kalkylerad och realiserad", &mut names),
        columns: [
            "Insats",
            "Namn",
            "Organisation",
            "Nyttostatus",
            "Kalkylerad nytta per år (kr)",
            "Realiserad nytta per år (kr)",
        ]
        .map(String::from)
        .to_vec(),
        rows: value_rows,
    };
    vec![statuses, values]
}

/// An amount in kronor to the öre: a realised value is a calculated one times an exact
/// fraction and may have 28 decimals, which no reader of the file wants.
fn kronor(value: Decimal) -> ChartCell {
    ChartCell::Number(crate::format::round(value, 2).normalize())
}

fn status_row(name: &str, counts: &crate::followup::StatusCounts) -> Vec<ChartCell> {
    vec![
        ChartCell::Text(name.to_string()),
        number(counts.rod),
        number(counts.saknas),
        number(counts.gul),
        number(counts.gron),
        number(counts.kommande),
        number(counts.total()),
    ]
}

// ---- CSV ----------------------------------------------------------------------------------------

/// Writes the tables as CSV the way Swedish Excel opens it: UTF-8 with BOM, `;` between
/// fields, CRLF line ends, numbers with decimal comma and every decimal the table's value has
/// (no thousands separator; the tables round as the module says), dates as `ÅÅÅÅ-MM-DD`. The first column, *Diagram*,
/// holds each row's table title — which calculation version, which indicator of which
/// initiative — so even a file of one chart says what it is; with several tables the columns
/// of all of them follow (a table's row leaves the others' empty).
pub fn write_csv(tables: &[ChartTable], out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(out);
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut union: Vec<&str> = Vec::new();
    for column in tables.iter().flat_map(|t| &t.columns) {
        if !union.contains(&column.as_str()) {
            union.push(column);
        }
    }
    writer.write_record(std::iter::once(TITLE_COLUMN).chain(union.iter().copied()))?;
    let mut fields = vec![String::new(); union.len() + 1];
    for table in tables {
        let places: Vec<usize> = table
            .columns
            .iter()
            .map(|c| union.iter().position(|u| u == c).unwrap_or(0))
            .collect();
        for row in &table.rows {
            fields.iter_mut().for_each(String::clear);
            fields[0] = guard_text(&table.title);
            for (cell, &place) in row.iter().zip(&places) {
                fields[place + 1] = csv_field(cell);
            }
            writer.write_record(&fields)?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// The first column of every chart-data file: the chart's title.
const TITLE_COLUMN: &str = "Diagram";

fn csv_field(cell: &ChartCell) -> String {
    match cell {
        ChartCell::Empty => String::new(),
        ChartCell::Text(t) => guard_text(t),
        ChartCell::Number(n) => n.normalize().to_string().replace('.', ","),
        ChartCell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// User text that Excel would take for a formula (`=`, `+`, `-`, `@` first, or a tab or
/// carriage return before one) gets a leading `'`, so opening the file never runs anything.
/// Numbers never pass here, so a negative number stays a number.
pub(super) fn guard_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

// ---- XLSX ---------------------------------------------------------------------------------------

/// Writes the tables as an Excel workbook, one sheet per table named by its `sheet_name`
/// (made unique again should the caller have combined tables), each with the *Diagram*
/// column first as in the CSV: real numbers and dates,
/// amounts in kronor with two decimals, a frozen header row with an autofilter.
pub fn write_xlsx(tables: &[ChartTable], path: &Path) -> Result<(), ExportError> {
    let mut book = Book::for_file(path)?;
    for table in tables {
        let title = Column { header: TITLE_COLUMN, width: 40.0 };
        let columns: Vec<Column<'_>> = std::iter::once(title)
            .chain(table.columns.iter().map(|c| Column {
                header: c,
                width: (c.chars().count() as f64 + 2.0).clamp(10.0, 36.0),
            }))
            .collect();
        let money: Vec<bool> = table.columns.iter().map(|c| c.contains("(kr)")).collect();
        let sheet = book.add_sheet(&table.sheet_name, &columns)?;
        for row in &table.rows {
            let cells: Vec<Cell<'_>> = std::iter::once(Cell::Text(&table.title))
                .chain(row.iter().enumerate().map(|(i, cell)| match cell {
                    ChartCell::Empty => Cell::Empty,
                    ChartCell::Text(t) => Cell::Text(t),
                    ChartCell::Number(n) if money.get(i).copied().unwrap_or(false) => {
                        Cell::Money(*n)
                    }
                    ChartCell::Number(n) => Cell::Number(*n),
                    ChartCell::Date(d) => Cell::Date(*d),
                }))
                .collect();
            book.row(sheet, &cells)?;
        }
    }
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn one_table_says_what_it_is_and_numbers_keep_every_decimal() {
        let table = ChartTable {
            title: "Nyttokalkyl X-1, version 2".into(),
            sheet_name: "T".into(),
            columns: vec!["Serie".into(), "Datum".into(), "Värde".into(), "Enhet".into()],
            rows: vec![vec![
                ChartCell::Text("a;b".into()),
                ChartCell::Date(day(2026, 3, 4)),
                ChartCell::Number(dec!(-1234567.891230)),
                // A unit someone typed that Excel would run as a formula.
                ChartCell::Text("-2+3".into()),
            ]],
        };
        let mut out = Vec::new();
        write_csv(std::slice::from_ref(&table), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Diagram;Serie;Datum;Värde;Enhet\r\n\
             Nyttokalkyl X-1, version 2;\"a;b\";2026-03-04;-1234567,89123;'-2+3\r\n"
        );
    }

    #[test]
    fn several_tables_become_one_with_a_diagram_column() {
        let a = ChartTable {
            title: "A".into(),
            sheet_name: "A".into(),
            columns: vec!["År".into(), "Netto (kr)".into()],
            rows: vec![vec![number(2026), ChartCell::Number(dec!(5.5))]],
        };
        let b = ChartTable {
            title: "=B".into(),
            sheet_name: "B".into(),
            columns: vec!["Datum".into(), "Netto (kr)".into()],
            rows: vec![vec![ChartCell::Date(day(2026, 1, 2)), ChartCell::Empty]],
        };
        let mut out = Vec::new();
        write_csv(&[a, b], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Diagram;År;Netto (kr);Datum\r\nA;2026;5,5;\r\n'=B;;;2026-01-02\r\n"
        );
    }
}
