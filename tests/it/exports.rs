//! The exports (docs/export.md): the register as XLSX read back with calamine against the
//! store, the chart data as CSV and XLSX read back against the tables, the streamed JSON
//! export against the in-memory one, and the `nytta export …` commands as processes.

use nytta::store::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use nytta::app::exports::{self, ExportError};
use nytta::io::chart_data::{self, ChartCell, ChartTable};
use nytta::io::register_json::{self, RegisterDocument};
use nytta::store::Register;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use crate::support::cli::{nytta, text};

const DEMO_DATE: &str = "2026-10-31";

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.nytta");
    nytta::demo::create(&path).unwrap();
    path
}

fn as_of() -> NaiveDate {
    NaiveDate::parse_from_str(DEMO_DATE, "%Y-%m-%d").unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---- reading a workbook back ----------------------------------------------------------------

fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| (name.clone(), book.worksheet_range(&name).unwrap()))
        .collect()
}

fn sheet<'a>(all: &'a [(String, Range<Data>)], name: &str) -> &'a Range<Data> {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// Data rows (below the header), keyed by header.
fn records(range: &Range<Data>) -> Vec<HashMap<String, Data>> {
    let names = header(range);
    range
        .rows()
        .skip(1)
        .map(|row| names.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

/// A cell that must be a real date (a number with a date format), as a calendar date.
fn date_cell(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(d) => {
            let serial = d.as_f64();
            NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                + chrono::Days::new(serial.floor() as u64)
        }
        other => panic!("{other:?} is not a date cell"),
    }
}

fn number_cell(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?} is not a number cell"),
    }
}

fn text_cell(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("{other:?} is not a text cell"),
    }
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

// ---- the register as XLSX -------------------------------------------------------------------

#[test]
fn the_register_as_xlsx_reads_back_equal_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let register = Register::open(&file).unwrap();
    let out = dir.path().join("register.xlsx");
    let summary = exports::write_register_xlsx(&register, &out).unwrap();
    let doc: RegisterDocument = exports::export_document(&register).unwrap();
    let all = sheets(&out);

    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Registret",
            "Organisationer",
            "Personer",
            "Beräkningsfaktorer",
            "Insatser",
            "Statusrapporter",
            "Förvaltningskostnad per år",
            "Kostnader",
            "Kalkylversioner",
            "Kalkylrader",
            "Planversioner",
            "Nyttor",
            "Indikatorer",
            "Målvärden",
            "Mätningar",
            "Effekthemtagning",
            "Avvikelser",
            "Utvärderingar",
            "Händelselogg",
        ]
    );

    // Counts per sheet: the store's, through the in-memory document.
    let initiatives = &doc.initiatives;
    let sum = |f: &dyn Fn(&register_json::InitiativeRecord) -> usize| {
        initiatives.iter().map(f).sum::<usize>()
    };
    let expected: Vec<(&str, usize)> = vec![
        ("Registret", doc.register.len()),
        ("Organisationer", doc.organisations.len()),
        ("Personer", doc.people.len()),
        ("Beräkningsfaktorer", doc.calc_factors.len()),
        ("Insatser", initiatives.len()),
        ("Statusrapporter", sum(&|i| i.status_reports.len())),
        ("Förvaltningskostnad per år", sum(&|i| i.running_cost.years.len())),
        ("Kostnader", sum(&|i| i.cost_years.len())),
        ("Kalkylversioner", sum(&|i| i.calculations.len())),
        (
            "Kalkylrader",
            sum(&|i| {
                i.calculations
                    .iter()
                    .map(|c| c.calculation.lines.len())
                    .sum()
            }),
        ),
        ("Planversioner", sum(&|i| i.plan_versions.len())),
        (
            "Nyttor",
            sum(&|i| i.plan_versions.iter().map(|p| p.plan.benefits.len()).sum()),
        ),
        (
            "Indikatorer",
            sum(&|i| {
                i.plan_versions
                    .iter()
                    .map(|p| p.plan.indicators().count())
                    .sum()
            }),
        ),
        (
            "Målvärden",
            sum(&|i| {
                i.plan_versions
                    .iter()
                    .flat_map(|p| p.plan.indicators())
                    .map(|(_, x)| x.targets.len())
                    .sum()
            }),
        ),
        ("Mätningar", sum(&|i| i.measurements.len())),
        ("Effekthemtagning", sum(&|i| i.harvest_decisions.len())),
        ("Avvikelser", sum(&|i| i.deviation_notes.len())),
        ("Utvärderingar", sum(&|i| i.evaluations.len())),
        ("Händelselogg", doc.audit_log.len()),
    ];
    for (name, count) in &expected {
        assert!(
            *count > 0 || *name == "Personer",
            "the demo should have {name}"
        );
        assert_eq!(
            records(sheet(&all, name)).len(),
            *count,
            "rows of sheet {name}"
        );
        assert_eq!(summary.rows(name), Some(*count as u32), "summary of {name}");
    }

    // Headers are Swedish texts, in order.
    assert_eq!(
        header(sheet(&all, "Mätningar")),
        [
            "Id",
            "Insats",
            "Indikator",
            "Datum",
            "Värde",
            "Källa",
            "Kommentar",
            "Registrerad av",
            "Skapad",
            "Ändrad",
            "Radversion"
        ]
    );
    // The template's yes/no on the digital infrastructure is a question of its own, not an
    // assessment that is "klar" (seed 003 §2.2).
    let initiative_columns = header(sheet(&all, "Insatser"));
    assert!(initiative_columns.iter().any(|c| c == "Får påverkan på digital infrastruktur"), "{initiative_columns:?}");
    assert!(!initiative_columns.iter().any(|c| c.contains("infrastruktur klar")), "{initiative_columns:?}");
    assert_eq!(
        header(sheet(&all, "Kostnader")),
        [
            "Id",
            "Insats",
            "År",
            "Kostnadstyp",
            "Slag",
            "Budget (kr)",
            "Utfall (kr)",
            "Prognos (kr)",
            "Avvikelse budget − prognos (kr)",
            "Timmar",
            "Timpris (kr/h)",
            "Kommentar"
        ]
    );
    // The running-cost impact per calendar year (migration 0005), a real year and amount.
    let rows = records(sheet(&all, "Förvaltningskostnad per år"));
    let first = initiatives.iter().find(|i| !i.running_cost.years.is_empty()).unwrap();
    assert_eq!(text_cell(&rows[0]["Insats"]), first.code);
    assert_eq!(number_cell(&rows[0]["År"]), f64::from(first.running_cost.years[0].year));
    assert_eq!(number_cell(&rows[0]["Påverkan på förvaltningskostnad (kr)"]), f64_of(first.running_cost.years[0].amount));

    // Every measurement: id, initiative code, indicator, the date as a date, the value as a number.
    let rows = records(sheet(&all, "Mätningar"));
    let mut stored = Vec::new();
    for i in initiatives {
        for m in &i.measurements {
            stored.push((m.id, i.code.clone(), m.clone()));
        }
    }
    stored.sort_by_key(|(id, _, _)| *id);
    for (row, (id, code, m)) in rows.iter().zip(&stored) {
        assert_eq!(number_cell(&row["Id"]), *id as f64);
        assert_eq!(text_cell(&row["Insats"]), *code);
        assert_eq!(text_cell(&row["Indikator"]), m.indicator);
        assert_eq!(date_cell(&row["Datum"]), m.date, "measurement {id}");
        assert_eq!(
            number_cell(&row["Värde"]),
            f64_of(m.value),
            "measurement {id}"
        );
        assert!(
            matches!(row["Skapad"], Data::DateTime(_)),
            "timestamps are dates too"
        );
    }

    // Initiatives: dates as dates, amounts as numbers, choices as Swedish words.
    let rows = records(sheet(&all, "Insatser"));
    for (row, i) in rows.iter().zip(initiatives) {
        assert_eq!(text_cell(&row["Kod"]), i.code);
        assert_eq!(text_cell(&row["Fas"]), i.phase.label());
        match i.go_live_date {
            Some(d) => assert_eq!(date_cell(&row["Driftsättning"]), d, "{}", i.code),
            None => assert_eq!(row["Driftsättning"], Data::Empty, "{}", i.code),
        }
        match i.project_budget {
            Some(b) => assert_eq!(
                number_cell(&row["Projektbudget (kr)"]),
                f64_of(b),
                "{}",
                i.code
            ),
            None => assert_eq!(row["Projektbudget (kr)"], Data::Empty),
        }
        assert_eq!(
            text_cell(&row["Särskilt följd"]),
            if i.council_tracked { "Ja" } else { "Nej" }
        );
    }

    // Cost years: amounts in kronor as numbers.
    let rows = records(sheet(&all, "Kostnader"));
    let costs: Vec<_> = initiatives
        .iter()
        .flat_map(|i| i.cost_years.iter().map(move |c| (i.code.clone(), c)))
        .collect();
    let mut costs = costs;
    costs.sort_by_key(|(_, c)| c.id);
    for (row, (code, c)) in rows.iter().zip(&costs) {
        assert_eq!(text_cell(&row["Insats"]), *code);
        assert_eq!(number_cell(&row["År"]), f64::from(c.year));
        if let Some(b) = c.budget {
            assert_eq!(number_cell(&row["Budget (kr)"]), f64_of(b));
        }
        if let Some(a) = c.actual {
            assert_eq!(number_cell(&row["Utfall (kr)"]), f64_of(a));
        }
        assert_eq!(text_cell(&row["Slag"]), c.kind.unwrap().label());
        if let (Some(b), Some(f)) = (c.budget, c.forecast) {
            assert_eq!(number_cell(&row["Avvikelse budget − prognos (kr)"]), f64_of(b - f));
        }
        match c.hourly_rate {
            Some(rate) => assert_eq!(number_cell(&row["Timpris (kr/h)"]), f64_of(rate)),
            None => assert_eq!(row["Timpris (kr/h)"], Data::Empty),
        }
    }
    assert!(costs.iter().any(|(_, c)| c.hourly_rate.is_some()), "the demo has internal rows with a rate");
    // The only-external flag per initiative, as the window and the reports say it.
    let rows = records(sheet(&all, "Insatser"));
    let flagged: Vec<String> =
        rows.iter().filter(|r| text_cell(&r["Endast externa kostnader"]) == "Ja").map(|r| text_cell(&r["Kod"])).collect();
    assert_eq!(flagged, [nytta::demo::ONLY_EXTERNAL_DEMO]);

    // Status reports: the period end as a date and the traffic lights as words.
    let rows = records(sheet(&all, "Statusrapporter"));
    let first = initiatives
        .iter()
        .flat_map(|i| &i.status_reports)
        .min_by_key(|r| r.id)
        .unwrap();
    assert_eq!(date_cell(&rows[0]["Period t.o.m."]), first.period_end);
    assert_eq!(text_cell(&rows[0]["Tid"]), first.time.status.label());

    // The initiative and indicator code in the sheet find the indicator's chart data.
    let rows = records(sheet(&all, "Indikatorer"));
    let with_chart = rows
        .iter()
        .find(|r| text_cell(&r["Kod"]) == "HANDL")
        .expect("the demo has HANDL");
    let initiative = register.initiative_by_code(&text_cell(&with_chart["Insats"])).unwrap();
    let table =
        exports::indicator_chart_table(&register, initiative.id, &text_cell(&with_chart["Kod"]), as_of())
            .unwrap();
    assert!(table.title.contains("(HANDL)"), "{}", table.title);

    // A deviation closed by a decision says so in words, with its parts in their columns.
    let rows = records(sheet(&all, "Avvikelser"));
    let closed = rows.iter().find(|r| text_cell(&r["Indikator"]) == "HITTAR").expect("the demo's closed deviation");
    assert_eq!(text_cell(&closed["Stängning"]), "Stängd genom beslut");
    assert_eq!(text_cell(&closed["Paragraf/diarienummer"]), "§ 31, dnr DMS 2026/0412");
    assert_eq!(date_cell(&closed["Beslutsdatum"]).to_string(), "2026-10-20");
    let open = rows.iter().find(|r| text_cell(&r["Indikator"]) == "TOLKPL").unwrap();
    assert_eq!((text_cell(&open["Stängning"]), text_cell(&open["Åtgärd"])), ("Öppen".to_string(), String::new()));

    // The audit log keeps its JSON as text.
    let rows = records(sheet(&all, "Händelselogg"));
    let with_after = doc.audit_log.iter().find(|a| a.after.is_some()).unwrap();
    let row = rows
        .iter()
        .find(|r| number_cell(&r["Id"]) == with_after.id as f64)
        .unwrap();
    assert_eq!(
        text_cell(&row["Efter"]),
        with_after.after.as_ref().unwrap().get()
    );
}

// ---- the JSON export, streamed ----------------------------------------------------------------

fn old_json(register: &Register) -> Vec<u8> {
    let mut out = Vec::new();
    register_json::write_document(&exports::export_document(register).unwrap(), &mut out).unwrap();
    out
}

fn streamed_json(register: &Register) -> Vec<u8> {
    let mut out = Vec::new();
    exports::write_json_export(register, &mut out).unwrap();
    out
}

#[test]
fn the_streamed_json_export_is_byte_identical_to_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let streamed = streamed_json(&register);
    assert!(
        streamed == old_json(&register),
        "the streamed export differs from the document's"
    );
    assert!(streamed.ends_with(b"}\n"));

    // An empty register: empty lists must come out as the document writes them.
    let empty = Register::create(&dir.path().join("tom.nytta"), "Tom").unwrap();
    let streamed = streamed_json(&empty);
    assert!(streamed == old_json(&empty), "{}", text(&streamed));
    assert!(
        text(&streamed).contains("\"initiatives\": []"),
        "{}",
        text(&streamed)
    );
}

/// A writer that takes `room` bytes and then fails, like a full disk.
struct FullDisk {
    room: usize,
}

impl std::io::Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_stops_the_streamed_export_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    for room in [0, 100, 50_000, 200_000] {
        let error = exports::write_json_export(&register, FullDisk { room })
            .expect_err("the export cannot succeed");
        assert!(
            error.to_string().contains("disken är full"),
            "{room}: {error}"
        );
    }
    // The register is still usable afterwards (the read transaction has ended).
    assert_eq!(streamed_json(&register), old_json(&register));
}

// ---- chart data ----------------------------------------------------------------------------------

fn demo_codes(register: &Register) -> Vec<String> {
    register
        .initiative_summaries()
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect()
}

/// Parses the CSV the way a reader would: BOM, CRLF, `;`, decimal comma.
fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a BOM");
    assert!(text.ends_with("\r\n"));
    assert!(
        !text.contains('"'),
        "the demo's chart data needs no quoting"
    );
    text.trim_end_matches("\r\n")
        .split("\r\n")
        .map(|line| line.split(';').map(str::to_string).collect())
        .collect()
}

fn same_value(field: &str, cell: &ChartCell) -> bool {
    match cell {
        ChartCell::Empty => field.is_empty(),
        ChartCell::Text(t) => field == t,
        ChartCell::Date(d) => NaiveDate::parse_from_str(field, "%Y-%m-%d").ok() == Some(*d),
        ChartCell::Number(n) => {
            !field.contains('.')
                && !field.contains(' ')
                && Decimal::from_str(&field.replace(',', ".")).ok() == Some(*n)
        }
    }
}

/// Kronor to the öre, percentages to two decimals, the expected development to four: no
/// number in the demo's chart data has more decimals than its column is read with.
#[test]
fn chart_csv_numbers_are_rounded_as_people_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let mut kronor = 0;
    for code in demo_codes(&register) {
        let tables = exports::initiative_chart_tables(&register, &code, as_of()).unwrap();
        let mut out = Vec::new();
        chart_data::write_csv(&tables, &mut out).unwrap();
        let lines = read_csv(&out);
        let head = lines[0].clone();
        for line in &lines[1..] {
            for (column, field) in head.iter().zip(line) {
                let decimals = field.split_once(',').map_or(0, |(_, d)| d.len());
                let most = if column.contains("(kr)") || column.contains("(%)") {
                    2
                } else if column == "Värde" {
                    4
                } else {
                    continue;
                };
                if column.contains("(kr)") && !field.is_empty() {
                    kronor += 1;
                }
                assert!(decimals <= most, "{code}, {column}: {field}");
            }
        }
    }
    assert!(kronor > 100, "the demo's calculations have amounts: {kronor}");
}

#[test]
fn chart_csv_reads_back_to_the_tables_values() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let mut checked_numbers = 0;
    for code in demo_codes(&register) {
        let tables = exports::initiative_chart_tables(&register, &code, as_of()).unwrap();
        if tables.is_empty() {
            continue;
        }
        // One table: the title first, then its own columns.
        let mut out = Vec::new();
        chart_data::write_csv(&tables[..1], &mut out).unwrap();
        let lines = read_csv(&out);
        assert_eq!(lines[0][0], "Diagram");
        assert_eq!(lines[0][1..], tables[0].columns[..]);
        assert_eq!(lines.len() - 1, tables[0].rows.len());
        for (line, row) in lines[1..].iter().zip(&tables[0].rows) {
            assert_eq!(line[0], tables[0].title);
            for (field, cell) in line[1..].iter().zip(row) {
                assert!(same_value(field, cell), "{code}: {field:?} is not {cell:?}");
            }
        }
        // Several tables: one long table with "Diagram" first.
        if tables.len() < 2 {
            continue;
        }
        let mut out = Vec::new();
        chart_data::write_csv(&tables, &mut out).unwrap();
        let lines = read_csv(&out);
        let head = &lines[0];
        assert_eq!(head[0], "Diagram");
        let rows: Vec<(&ChartTable, &Vec<ChartCell>)> = tables
            .iter()
            .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
            .collect();
        assert_eq!(lines.len() - 1, rows.len(), "{code}");
        for (line, (table, row)) in lines[1..].iter().zip(rows) {
            assert_eq!(line.len(), head.len());
            assert_eq!(line[0], table.title);
            for (column, cell) in table.columns.iter().zip(row) {
                let at = head.iter().position(|h| h == column).unwrap();
                assert!(
                    same_value(&line[at], cell),
                    "{code}, {column}: {:?} is not {cell:?}",
                    line[at]
                );
                checked_numbers += usize::from(matches!(cell, ChartCell::Number(_)));
            }
        }
    }
    assert!(
        checked_numbers > 100,
        "only {checked_numbers} numbers were compared"
    );
}

#[test]
fn chart_xlsx_reads_back_with_calamine() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let tables = exports::initiative_chart_tables(&register, "NR-2024-002", as_of()).unwrap();
    assert!(
        tables.len() >= 2,
        "a calculation chart and at least one indicator"
    );
    let out = dir.path().join("diagram.xlsx");
    chart_data::write_xlsx(&tables, &out).unwrap();
    let all = sheets(&out);
    assert_eq!(all.len(), tables.len());
    for ((name, range), table) in all.iter().zip(&tables) {
        assert_eq!(*name, table.sheet_name);
        assert!(name.chars().count() <= 31);
        let head = header(range);
        assert_eq!(head[0], "Diagram");
        assert_eq!(head[1..], table.columns[..]);
        let rows: Vec<_> = range.rows().skip(1).collect();
        assert_eq!(rows.len(), table.rows.len(), "{name}");
        for (cells, row) in rows.iter().zip(&table.rows) {
            assert_eq!(text_cell(&cells[0]), table.title);
            for (cell, value) in cells[1..].iter().zip(row) {
                match value {
                    ChartCell::Empty => assert_eq!(*cell, Data::Empty),
                    ChartCell::Text(t) => assert_eq!(text_cell(cell), *t),
                    ChartCell::Number(n) => assert_eq!(number_cell(cell), f64_of(*n), "{name}"),
                    ChartCell::Date(d) => assert_eq!(date_cell(cell), *d, "{name}"),
                }
            }
        }
    }
}

/// "Exportera vyn": the portfolio as the window shows it — the initiatives in the order
/// given (the window's filter and sort), the columns chosen — with numbers and dates as real
/// numbers and dates, Tid · Kostnad · Resultat as three columns.
#[test]
fn the_portfolio_view_holds_the_rows_in_the_order_given() {
    use nytta::app::portfolio::PortfolioColumn as C;
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let summaries = register.initiative_summaries().unwrap();
    // A filtered, sorted view: the council-tracked initiatives, in reverse code order.
    let mut shown: Vec<_> = summaries.iter().filter(|s| s.council_tracked).collect();
    shown.sort_by(|a, b| b.code.cmp(&a.code));
    let ids: Vec<i64> = shown.iter().map(|s| s.id).collect();
    let columns = [C::Code, C::Status, C::ReportDate, C::Calculated, C::Realised, C::Next, C::Benefit];
    let table = exports::portfolio_view_table(&register, as_of(), &columns, &ids).unwrap();
    let out = dir.path().join("vyn.xlsx");
    exports::write_portfolio_view_xlsx(&table, &out).unwrap();

    let all = sheets(&out);
    assert_eq!(all.len(), 1);
    let range = &all[0].1;
    assert_eq!(
        header(range),
        ["Kod", "Tid", "Kostnad", "Resultat", "Senaste statusrapport", "Kalkylerad nytta (tkr/år)",
         "Realiserad nytta (tkr/år)", "Nästa kontrollpunkt", "Kontrollpunkt (mån)", "Nyttostatus"]
    );
    let rows: Vec<_> = range.rows().skip(1).collect();
    let codes: Vec<String> = rows.iter().map(|r| text_cell(&r[0])).collect();
    let expected: Vec<String> = shown.iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes, expected, "the rows in the order given");

    let followup = nytta::app::portfolio::portfolio_view(&register, as_of()).unwrap().followup;
    let mut numbers = 0;
    for (row, s) in rows.iter().zip(&shown) {
        match &s.latest_report {
            Some(r) => {
                assert!(text_cell(&row[1]).starts_with(r.time.status.label()), "{}", s.code);
                assert_eq!(date_cell(&row[4]), r.period_end, "{}", s.code);
            }
            None => assert_eq!(row[4], Data::Empty),
        }
        let f = followup.rows.iter().find(|f| f.initiative_id == s.id);
        match f.and_then(|f| f.calculated_kr) {
            Some(kr) => {
                assert_eq!(number_cell(&row[5]), f64_of(kr / Decimal::from(1000)), "{}", s.code);
                numbers += 1;
            }
            None => assert_eq!(row[5], Data::Empty, "{}", s.code),
        }
        match f {
            Some(f) if f.realised_kr.is_some() => {
                assert_eq!(number_cell(&row[6]), f64_of(f.realised_kr.unwrap() / Decimal::from(1000)))
            }
            Some(f) => assert_eq!(text_cell(&row[6]), f.realised_tkr.clone().unwrap_or_default(), "{}", s.code),
            None => assert_eq!(row[6], Data::Empty),
        }
        match f.and_then(|f| f.next_checkpoint.as_ref()) {
            Some(n) => {
                assert_eq!(date_cell(&row[7]), n.date);
                assert_eq!(number_cell(&row[8]), f64::from(n.months));
            }
            None => assert_eq!(row[7], Data::Empty),
        }
        let benefit = f.map_or("Ingen godkänd plan", |f| f.status.label);
        assert_eq!(text_cell(&row[9]), benefit, "{}", s.code);
    }
    assert!(numbers > 0, "the demo's tracked initiatives have calculated values");

    // An initiative no longer in the register is refused, not left out.
    let error = exports::portfolio_view_table(&register, as_of(), &columns, &[ids[0], 999_999]).unwrap_err();
    assert!(matches!(error, ExportError::UnknownInitiativeId(999_999)), "{error}");
}

#[test]
fn the_indicator_table_uses_the_followups_own_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let mut compared = 0;
    for code in demo_codes(&register) {
        let initiative = register.initiative_by_code(&code).unwrap();
        let view =
            nytta::app::followup::initiative_followup(&register, initiative.id, as_of()).unwrap();
        for indicator in view
            .benefits
            .iter()
            .flat_map(|b| &b.indicators)
            .filter(|i| i.chart.is_some())
        {
            let table =
                exports::indicator_chart_table(&register, initiative.id, &indicator.code, as_of()).unwrap();
            let status = table
                .rows
                .iter()
                .find(|r| r[0] == ChartCell::Text("Status per datum".into()))
                .unwrap();
            assert_eq!(
                status[9],
                ChartCell::Text(indicator.status.as_ref().unwrap().label.to_string()),
                "{code} {}",
                indicator.code
            );
            let targets: Vec<_> = table
                .rows
                .iter()
                .filter(|r| r[0] == ChartCell::Text("Målvärde".into()))
                .collect();
            assert_eq!(targets.len(), indicator.checkpoints.len());
            for (row, checkpoint) in targets.iter().zip(&indicator.checkpoints) {
                assert_eq!(row[1], ChartCell::Date(checkpoint.date));
                assert_eq!(row[5], ChartCell::Date(checkpoint.window_from));
                assert_eq!(row[6], ChartCell::Date(checkpoint.window_to));
                assert_eq!(row[9], ChartCell::Text(checkpoint.status.label.to_string()));
            }
            compared += 1;
        }
    }
    assert!(compared >= 5, "only {compared} indicators compared");
}

#[test]
fn the_calculation_table_is_the_calculations_years() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let initiative = register.initiative_by_code("NR-2024-002").unwrap();
    let table = exports::calculation_chart_table(&register, initiative.id, None).unwrap();
    let latest = register
        .calculation_versions(initiative.id)
        .unwrap()
        .pop()
        .unwrap();
    let result =
        nytta::calc::calculate(&latest.calculation, &register.factors_for(&latest).unwrap())
            .unwrap();
    let likely: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r[0] == ChartCell::Text("Troligt".into()))
        .collect();
    assert_eq!(likely.len(), result.likely.years.len());
    for (row, year) in likely.iter().zip(&result.likely.years) {
        assert_eq!(row[1], ChartCell::Number(year.year.into()));
        // Kronor to the öre, as the table rounds them.
        let kronor = |v| ChartCell::Number(nytta::format::round(v, 2).normalize());
        assert_eq!(row[2], kronor(year.benefits));
        assert_eq!(row[8], kronor(year.cumulative_discounted_net));
    }
    assert_eq!(table.rows.len(), 3 * result.likely.years.len());
}

#[test]
fn unknown_initiatives_and_indicators_are_named_in_swedish() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path())).unwrap();
    let error = exports::initiative_chart_tables(&register, "NR-1999-999", as_of()).unwrap_err();
    assert!(matches!(error, ExportError::UnknownInitiative(_)));
    assert_eq!(
        error.to_string(),
        "Det finns ingen insats med koden NR-1999-999 i registret."
    );
    let error = exports::calculation_chart_table(&register, 9999, None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Det finns ingen insats med id 9999 i registret."
    );
    let initiative = register.initiative_by_code("NR-2024-002").unwrap();
    let error =
        exports::indicator_chart_table(&register, initiative.id, "FINNS-INTE", as_of()).unwrap_err();
    assert!(matches!(error, ExportError::UnknownIndicator { .. }), "{error}");
    assert_eq!(error.to_string(), "Insatsen NR-2024-002 har ingen indikator med koden FINNS-INTE.");
    for id in [0, -5, 9999] {
        let error = exports::indicator_chart_table(&register, id, "HANDL", as_of()).unwrap_err();
        assert_eq!(error.to_string(), format!("Det finns ingen insats med id {id} i registret."));
    }
}

// ---- the CLI ------------------------------------------------------------------------------------

#[test]
fn the_export_commands_write_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());

    let xlsx = dir.path().join("register.xlsx");
    let out = nytta(&["export", "xlsx", s(&file), "--out", s(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Mätningar: 50 rader"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(sheets(&xlsx).len(), 19);

    let json = dir.path().join("register.json");
    let out = nytta(&["export", "json", s(&file), "--out", s(&json)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read(&json).unwrap() == old_json(&Register::open(&file).unwrap()));

    // Without --date the demo register is read as of its demo date.
    let csv = dir.path().join("diagram.csv");
    let out = nytta(&[
        "export",
        "chart-data",
        s(&file),
        "--initiative",
        "nr-2024-002",
        "--out",
        s(&csv),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("per {DEMO_DATE}")),
        "{}",
        text(&out.stdout)
    );
    let register = Register::open(&file).unwrap();
    let tables = exports::initiative_chart_tables(&register, "NR-2024-002", as_of()).unwrap();
    let mut expected = Vec::new();
    chart_data::write_csv(&tables, &mut expected).unwrap();
    assert!(
        std::fs::read(&csv).unwrap() == expected,
        "the CLI's CSV differs from the library's"
    );

    let chart_xlsx = dir.path().join("diagram.xlsx");
    let out = nytta(&[
        "export",
        "chart-data",
        s(&file),
        "--initiative",
        "NR-2024-002",
        "--date",
        "2026-06-30",
        "--out",
        s(&chart_xlsx),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("per 2026-06-30"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(sheets(&chart_xlsx).len(), tables.len());

    // No temporary files are left beside the outputs.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_initiative_code_or_date_is_a_user_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let csv = dir.path().join("diagram.csv");
    let out = nytta(&[
        "export",
        "chart-data",
        s(&file),
        "--initiative",
        "NR-0000-000",
        "--out",
        s(&csv),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Det finns ingen insats med koden NR-0000-000"),
        "{}",
        text(&out.stderr)
    );
    assert!(!csv.exists());

    let out = nytta(&[
        "export",
        "chart-data",
        s(&file),
        "--initiative",
        "NR-2024-002",
        "--date",
        "31/10",
        "--out",
        s(&csv),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--date"),
        "{}",
        text(&out.stderr)
    );
    assert!(!csv.exists());

    let out = nytta(&["export", "chart-data", s(&file), "--out", s(&csv)]);
    assert_eq!(out.status.code(), Some(2), "--initiative is required");

    let out = nytta(&[
        "export",
        "xlsx",
        s(&dir.path().join("saknas.nytta")),
        "--out",
        s(&dir.path().join("x.xlsx")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("x.xlsx").exists());
}

#[test]
fn an_export_never_overwrites_a_register_and_is_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    for (command, out) in [
        (vec!["export", "xlsx"], file.clone()),
        (vec!["export", "json"], file.clone()),
        (vec!["export", "xlsx"], dir.path().join("demo.nytta-wal")),
        (vec!["report", "council"], dir.path().join(".").join("demo.nytta")),
    ] {
        let mut args = command.clone();
        args.extend([s(&file), "--out", s(&out)]);
        let run = nytta(&args);
        assert_eq!(run.status.code(), Some(1), "{command:?} {}", text(&run.stdout));
        assert!(
            text(&run.stderr).contains("skriver aldrig över ett register"),
            "{}",
            text(&run.stderr)
        );
    }
    assert!(std::fs::read(&file).unwrap() == before, "the register is untouched");
    assert!(Register::open(&file).is_ok());

    // Exports hold names and the whole log: owner-only, like the register.
    let xlsx = dir.path().join("register.xlsx");
    assert_eq!(nytta(&["export", "xlsx", s(&file), "--out", s(&xlsx)]).status.code(), Some(0));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&xlsx).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // A folder that does not exist is named in Swedish, not in the system's English.
    let missing = dir.path().join("finns-inte").join("x.xlsx");
    let run = nytta(&["export", "xlsx", s(&file), "--out", s(&missing)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("kunde inte skrivas: mappen finns inte (längre)."), "{}", text(&run.stderr));
    assert!(!text(&run.stderr).contains("os error"), "{}", text(&run.stderr));
}

#[test]
fn the_portfolio_charts_data_adds_up_to_the_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let register = Register::open(&file).unwrap();
    let tables = exports::portfolio_chart_tables(&register, as_of(), None).unwrap();
    assert_eq!(tables.len(), 2);
    let (statuses, values) = (&tables[0], &tables[1]);
    let portfolio = nytta::app::reports::portfolio_in_scope(&register, as_of(), None).unwrap();

    // Status per organisation: every initiative with an approved plan once, the total last.
    let total = statuses.rows.last().unwrap();
    assert_eq!(total[0], ChartCell::Text("Totalt".into()));
    assert_eq!(total[6], ChartCell::Number(Decimal::from(portfolio.rows.len())));
    for column in 1..=6 {
        let sum: Decimal = statuses.rows[..statuses.rows.len() - 1]
            .iter()
            .map(|r| match &r[column] {
                ChartCell::Number(n) => *n,
                other => panic!("{other:?}"),
            })
            .sum();
        assert_eq!(ChartCell::Number(sum), total[column], "column {column}");
    }
    // Values: one row per initiative (none grouped away) and the register's totals.
    assert_eq!(values.rows.len(), portfolio.rows.len() + 1);
    let last = values.rows.last().unwrap();
    // Kronor to the öre: a realised value can have 28 decimals.
    let kronor = |v: Decimal| ChartCell::Number(nytta::format::round(v, 2).normalize());
    assert_eq!(last[4], kronor(portfolio.calculated_annual_value));
    assert_eq!(last[5], kronor(portfolio.realised_annual_value));
    assert!(values.rows.iter().all(|r| match &r[5] {
        ChartCell::Number(n) => n.scale() <= 2,
        _ => false,
    }));

    // One organisation, by any spelling of its name; an unknown one is named.
    let one = exports::portfolio_chart_tables(&register, as_of(), Some("  socialförvaltningen centrum ")).unwrap();
    assert!(one[0].title.ends_with("Socialförvaltningen Centrum"), "{}", one[0].title);
    assert!(one[1].rows[..one[1].rows.len() - 1]
        .iter()
        .all(|r| r[2] == ChartCell::Text("Socialförvaltningen Centrum".into())));
    let error = exports::portfolio_chart_tables(&register, as_of(), Some("Finns inte")).unwrap_err();
    assert!(error.to_string().starts_with("Det finns ingen organisation som heter Finns inte"), "{error}");

    // The CLI writes the same CSV.
    let csv = dir.path().join("portfolj.csv");
    let run = nytta(&["export", "chart-data", s(&file), "--portfolio", "--out", s(&csv)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let mut expected = Vec::new();
    chart_data::write_csv(&tables, &mut expected).unwrap();
    assert!(std::fs::read(&csv).unwrap() == expected);
    let run = nytta(&["export", "chart-data", s(&file), "--initiative", "NR-2024-002", "--org", "X", "--out", s(&csv)]);
    assert_eq!(run.status.code(), Some(2), "--org goes with --portfolio only");
}
