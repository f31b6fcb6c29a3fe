//! `nytta export …`: the whole register as JSON or XLSX, and the data behind an initiative's
//! charts as CSV or XLSX (docs/export.md). Every file is written through the one output
//! writer ([`nytta::files`]): never over a register, whole or not at all, owner-only.

use std::path::Path;

use nytta::files::{self, WriteFailure};
use nytta::app::exports;
use nytta::io::chart_data;

/// `nytta export json FILE --out OUT`: the whole register as JSON (docs/json-format.md),
/// streamed from the register one initiative at a time.
pub fn json(file: &Path, out: &Path) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let progress = super::progress::Progress::start(&format!("Exporterar registret till {}", out.display()));
    files::write_by_path(out, Some(file), |temp| {
        let target = std::fs::File::options().write(true).open(temp)?;
        exports::write_json_export(&register, std::io::BufWriter::new(target)).map_err(WriteFailure::from)
    })?;
    drop(progress);
    println!("Exporterade registret till {}.", out.display());
    Ok(())
}

/// `nytta export xlsx FILE --out OUT.xlsx`: the whole register as an Excel workbook, one
/// sheet per kind of record.
pub fn xlsx(file: &Path, out: &Path) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let progress = super::progress::Progress::start(&format!("Exporterar registret till {}", out.display()));
    let mut summary = None;
    files::write_by_path(out, Some(file), |temp| {
        summary = Some(exports::write_register_xlsx(&register, temp)?);
        Ok(())
    })?;
    drop(progress);
    println!("Exporterade registret till {}.", out.display());
    for (sheet, rows) in summary.map(|s| s.sheets).unwrap_or_default() {
        println!("  {sheet}: {} rader", nytta::format::number(rows.into(), 0));
    }
    Ok(())
}

/// `nytta export chart-data FILE --initiative CODE [--date D] --out OUT.csv|OUT.xlsx`: the
/// data behind every chart of one initiative, as of `--date` (default: the date the app
/// shows the register as of).
pub fn chart_data(
    file: &Path,
    initiative: &str,
    date: Option<&str>,
    out: &Path,
) -> anyhow::Result<()> {
    let (register, as_of) = super::status::open_as_of(file, date)?;
    let tables = exports::initiative_chart_tables(&register, initiative, as_of)?;
    if tables.is_empty() {
        anyhow::bail!(
            "Insatsen {} har inga diagram ännu: den saknar en nyttokalkyl som går att beräkna och en godkänd \
             nyttorealiseringsplan med datum för driftsättning. Ingen fil skrevs.",
            initiative.trim()
        );
    }
    write_tables(file, &tables, out)?;
    println!(
        "Skrev data för {} diagram för {} per {} till {}.",
        tables.len(),
        initiative.trim(),
        nytta::format::date(as_of),
        out.display()
    );
    list_tables(&tables);
    Ok(())
}

/// `nytta export chart-data FILE --portfolio [--org NAME | --kund NAME] [--date D] --out OUT.csv|OUT.xlsx`:
/// the data behind the council pack's portfolio charts.
pub fn portfolio_chart_data(
    file: &Path,
    organisation: Option<&str>,
    customer: Option<&str>,
    date: Option<&str>,
    out: &Path,
) -> anyhow::Result<()> {
    use nytta::app::reports::PackScope;
    if organisation.is_some_and(|o| o.trim().is_empty()) {
        anyhow::bail!("--org: ange organisationens namn, eller utelämna --org för hela registret.");
    }
    if customer.is_some_and(|o| o.trim().is_empty()) {
        anyhow::bail!("--kund: ange organisationens namn, eller utelämna --kund för hela registret.");
    }
    let (register, as_of) = super::status::open_as_of(file, date)?;
    let scope = match (organisation, customer) {
        (Some(o), _) => PackScope::Supplier(o),
        (None, Some(c)) => PackScope::Customer(c),
        (None, None) => PackScope::Register,
    };
    let tables = exports::portfolio_chart_tables_scoped(&register, as_of, scope)?;
    write_tables(file, &tables, out)?;
    println!(
        "Skrev data för portföljens {} diagram per {} till {}.",
        tables.len(),
        nytta::format::date(as_of),
        out.display()
    );
    list_tables(&tables);
    Ok(())
}

/// Writes chart tables as XLSX when `out` ends in `.xlsx`, else as CSV.
fn write_tables(register: &Path, tables: &[chart_data::ChartTable], out: &Path) -> anyhow::Result<()> {
    let is_xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        files::write_by_path(out, Some(register), |temp| Ok(chart_data::write_xlsx(tables, temp)?))?;
    } else {
        files::write(out, Some(register), |csv| chart_data::write_csv(tables, csv))?;
    }
    Ok(())
}

fn list_tables(tables: &[chart_data::ChartTable]) {
    for table in tables {
        println!("  {} ({} rader)", table.title, table.rows.len());
    }
}
