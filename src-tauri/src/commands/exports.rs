//! Exports: the data behind a chart (CSV, Excel) and the chart itself (SVG, PNG) for the
//! follow-up chart of an indicator and the calculation chart, and the whole register (Excel,
//! JSON). The SVG is the very picture the window shows; the PNG is that SVG rasterised.
//! Every file is written whole or not at all (`files::write_atomic`), never over a register
//! (`files::target`). What is exported is read from the register under its lock; drawing the
//! PNG and writing the file happen after, off the window's thread, so the window's other
//! commands are not kept waiting on the disk.

use std::path::Path;

use serde::Deserialize;
use tauri::State;

use nytta::io::chart_data::{self, ChartTable};
use nytta::app::exports::{self, ExportError};
use nytta::app::OpenRegister;
use nytta::app::portfolio::PortfolioColumn;
use nytta::io::view_table::ViewTable;

use crate::error::{UiError, UiResult};
use crate::files;
use crate::state::AppState;

/// How much larger than the SVG a PNG is drawn: sharp when printed or shown on a large screen.
const PNG_SCALE: f32 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormat {
    Csv,
    Xlsx,
    Svg,
    Png,
}

impl ChartFormat {
    fn extension(self) -> &'static str {
        match self {
            ChartFormat::Csv => "csv",
            ChartFormat::Xlsx => "xlsx",
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegisterFormat {
    Xlsx,
    Json,
}

impl From<ExportError> for UiError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Store(store) => store.into(),
            other => UiError::new(other.to_string()),
        }
    }
}

/// The SVG inside a `data:image/svg+xml;base64,…` URL as the views make them.
fn svg_of(data_url: &str) -> UiResult<String> {
    use base64::Engine;
    let encoded = data_url
        .strip_prefix("data:image/svg+xml;base64,")
        .ok_or_else(|| UiError::new("Diagrammet kunde inte läsas."))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| UiError::new("Diagrammet kunde inte läsas."))?;
    String::from_utf8(bytes).map_err(|_| UiError::new("Diagrammet kunde inte läsas."))
}

/// What a chart export writes, read from the register: the picture or the data behind it.
enum Export {
    Picture(String),
    Tables(Vec<ChartTable>),
}

impl Export {
    /// Writes it to `path` as `format` (rasterising a PNG first); slow, so without the
    /// register's lock.
    fn write(self, format: ChartFormat, path: &Path, register: &Path) -> UiResult<()> {
        match self {
            Export::Picture(svg) => write_picture(&svg, format, path, register),
            Export::Tables(tables) => write_tables(&tables, format, path, register),
        }
    }
}

/// Reads the export under the register's lock, then writes it on a blocking thread.
async fn export_chart(
    state: State<'_, AppState>,
    format: ChartFormat,
    path: String,
    read: impl FnOnce(&OpenRegister) -> UiResult<Export>,
) -> UiResult<String> {
    let (export, target, register) = state.with(|r| {
        let target = files::target(&path, format.extension(), Some(r.path()))?;
        Ok((read(r)?, target, r.path().to_path_buf()))
    })?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || export.write(format, &written, &register))
        .await
        .map_err(|_| UiError::new("Diagrammet kunde inte exporteras på grund av ett internt fel."))??;
    Ok(target.display().to_string())
}

/// Writes a chart picture (SVG or PNG) to `path`.
fn write_picture(svg: &str, format: ChartFormat, path: &Path, register: &Path) -> UiResult<()> {
    match format {
        ChartFormat::Svg => files::write_atomic(path, Some(register), |out| out.write_all(svg.as_bytes())),
        ChartFormat::Png => {
            let png = nytta::report::raster::svg_to_png(svg, PNG_SCALE).map_err(|e| {
                UiError::new(format!("Diagrammet kunde inte göras till en PNG-bild. {e}"))
            })?;
            files::write_atomic(path, Some(register), |out| out.write_all(&png))
        }
        ChartFormat::Csv | ChartFormat::Xlsx => unreachable_format(),
    }
}

fn unreachable_format() -> UiResult<()> {
    Err(UiError::new("Internt fel: okänt exportformat."))
}

/// Writes the data behind one or more charts to `path` as CSV or Excel.
fn write_tables(tables: &[ChartTable], format: ChartFormat, path: &Path, register: &Path) -> UiResult<()> {
    match format {
        ChartFormat::Csv => files::write_atomic(path, Some(register), |out| chart_data::write_csv(tables, out)),
        ChartFormat::Xlsx => files::write_atomic_with(path, Some(register), |tmp| {
            Ok(chart_data::write_xlsx(tables, tmp)?)
        }),
        ChartFormat::Svg | ChartFormat::Png => unreachable_format(),
    }
}

/// Exports the follow-up chart of indicator `indicator` (its code) of an initiative, as the
/// follow-up tab shows it (as of the app's date). Returns the file written.
#[tauri::command]
pub async fn export_indicator_chart(
    state: State<'_, AppState>,
    initiative_id: i64,
    indicator: String,
    format: ChartFormat,
    path: String,
) -> UiResult<String> {
    export_chart(state, format, path, |r| {
        indicator_chart(r, initiative_id, &indicator, format)
    })
    .await
}

fn indicator_chart(
    r: &OpenRegister,
    initiative_id: i64,
    indicator: &str,
    format: ChartFormat,
) -> UiResult<Export> {
    let as_of = super::followup::as_of(r)?;
    match format {
        ChartFormat::Svg | ChartFormat::Png => {
            let view = nytta::app::followup::initiative_followup(r, initiative_id, as_of)?;
            let found = view
                .benefits
                .iter()
                .flat_map(|b| &b.indicators)
                .find(|i| i.code == indicator);
            let Some(found) = found else {
                return Err(UiError::new(format!(
                    "Insatsen har ingen indikator med koden {indicator} i den godkända planen."
                )));
            };
            let Some(chart) = &found.chart else {
                return Err(UiError::new(found.chart_text.clone()));
            };
            Ok(Export::Picture(svg_of(chart)?))
        }
        ChartFormat::Csv | ChartFormat::Xlsx => Ok(Export::Tables(vec![
            exports::indicator_chart_table(r, initiative_id, indicator, as_of)?,
        ])),
    }
}

/// Exports the calculation chart of calculation version `version` of an initiative (the
/// shown version when `None`), as saved: the picture (SVG, PNG) shows the likely scenario as
/// the window does; the data (CSV, Excel) holds every year of all three scenarios
/// (pessimistic, likely, optimistic). Returns the file written.
#[tauri::command]
pub async fn export_calculation_chart(
    state: State<'_, AppState>,
    initiative_id: i64,
    version: Option<u32>,
    format: ChartFormat,
    path: String,
) -> UiResult<String> {
    export_chart(state, format, path, |r| {
        calculation_chart(r, initiative_id, version, format)
    })
    .await
}

fn calculation_chart(
    r: &OpenRegister,
    initiative_id: i64,
    version: Option<u32>,
    format: ChartFormat,
) -> UiResult<Export> {
    match format {
        ChartFormat::Svg | ChartFormat::Png => Ok(Export::Picture(
            nytta::app::calculation::calculation_chart_svg(r, initiative_id, version)?,
        )),
        ChartFormat::Csv | ChartFormat::Xlsx => Ok(Export::Tables(vec![
            exports::calculation_chart_table(r, initiative_id, version)?,
        ])),
    }
}

/// Exports the data behind the council pack's portfolio charts (benefit status per
/// organisation, calculated and realised benefit per initiative) as of `date`, for the whole
/// register or one organisation, as CSV or Excel. Returns the file written.
#[tauri::command]
pub async fn export_portfolio_chart_data(
    state: State<'_, AppState>,
    date: String,
    organisation: Option<String>,
    customer: Option<String>,
    format: ChartFormat,
    path: String,
) -> UiResult<String> {
    if !matches!(format, ChartFormat::Csv | ChartFormat::Xlsx) {
        return Err(UiError::new("Portföljens diagramdata sparas som CSV eller Excel."));
    }
    let organisation = organisation.filter(|o| !o.trim().is_empty());
    let customer = customer.filter(|o| !o.trim().is_empty());
    // The same date field, and the same check, as the report the form makes.
    let date = super::reports::period_end(&date)
        .map_err(|field| UiError { message: field.message.clone(), fields: vec![field] })?;
    export_chart(state, format, path, |r| {
        // The council pack's scope: a supplier's, else a customer's, else the whole register.
        let scope = match (&organisation, &customer) {
            (Some(o), _) => nytta::app::reports::PackScope::Supplier(o),
            (None, Some(c)) => nytta::app::reports::PackScope::Customer(c),
            (None, None) => nytta::app::reports::PackScope::Register,
        };
        Ok(Export::Tables(exports::portfolio_chart_tables_scoped(r, date, scope)?))
    })
    .await
}

/// "Exportera vyn": the portfolio table as the window shows it — the initiatives
/// `initiative_ids` in the order shown (the window's filter and sort), the columns shown —
/// as an Excel workbook, with the values as of the app's date. Returns the file written.
#[tauri::command]
pub async fn export_portfolio_view(
    state: State<'_, AppState>,
    columns: Vec<PortfolioColumn>,
    initiative_ids: Vec<i64>,
    path: String,
) -> UiResult<String> {
    if columns.is_empty() {
        return Err(UiError::new("Välj minst en kolumn att visa innan vyn exporteras."));
    }
    let (table, target, register) = state.with(|r| {
        let target = files::target(&path, "xlsx", Some(r.path()))?;
        let as_of = super::followup::as_of(r)?;
        Ok((exports::portfolio_view_table(r, as_of, &columns, &initiative_ids)?, target, r.path().to_path_buf()))
    })?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || write_portfolio_view(&table, &written, &register))
        .await
        .map_err(|_| UiError::new("Vyn kunde inte exporteras på grund av ett internt fel."))??;
    Ok(target.display().to_string())
}

fn write_portfolio_view(table: &ViewTable, target: &Path, register: &Path) -> UiResult<()> {
    files::write_atomic_with(target, Some(register), |tmp| Ok(exports::write_portfolio_view_xlsx(table, tmp)?))
}

/// Exports the whole register as an Excel workbook (a sheet per kind of record) or as the
/// JSON document (docs/json-format.md). Made on a connection of its own, off the window's
/// thread. Returns the file written.
#[tauri::command]
pub async fn export_register(
    state: State<'_, AppState>,
    format: RegisterFormat,
    path: String,
) -> UiResult<String> {
    let extension = match format {
        RegisterFormat::Xlsx => "xlsx",
        RegisterFormat::Json => "json",
    };
    let register_path = state.register_path()?;
    let target = files::target(&path, extension, Some(&register_path))?;
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        export_register_to(&register_path, format, &written)
    })
    .await
    .map_err(|_| UiError::new("Registret kunde inte exporteras på grund av ett internt fel."))??;
    Ok(target.display().to_string())
}

fn export_register_to(register_path: &Path, format: RegisterFormat, target: &Path) -> UiResult<()> {
    let register = OpenRegister::open(register_path)?;
    match format {
        // Streamed: one initiative in memory at a time, however large the register.
        RegisterFormat::Json => files::write_atomic_with(target, Some(register_path), |tmp| {
            let out = std::fs::File::options().write(true).open(tmp)?;
            Ok(exports::write_json_export(&register, std::io::BufWriter::new(out))?)
        }),
        RegisterFormat::Xlsx => files::write_atomic_with(target, Some(register_path), |tmp| {
            exports::write_register_xlsx(&register, tmp)?;
            Ok(())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nytta::app::prelude::*;

    fn demo() -> (tempfile::TempDir, OpenRegister) {
        let dir = tempfile::tempdir().unwrap();
        let register = nytta::demo::create(&dir.path().join("demo.nytta")).unwrap().into();
        (dir, register)
    }

    /// What the commands do, without the window: read, then write.
    fn indicator_chart_to(
        r: &OpenRegister,
        initiative_id: i64,
        indicator: &str,
        format: ChartFormat,
        target: &Path,
    ) -> UiResult<()> {
        indicator_chart(r, initiative_id, indicator, format)?.write(format, target, r.path())
    }

    fn calculation_chart_to(
        r: &OpenRegister,
        initiative_id: i64,
        version: Option<u32>,
        format: ChartFormat,
        target: &Path,
    ) -> UiResult<()> {
        calculation_chart(r, initiative_id, version, format)?.write(format, target, r.path())
    }

    fn starts(path: &Path, prefix: &[u8]) {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            bytes.starts_with(prefix),
            "{}: {:?}",
            path.display(),
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
    }

    /// The command path of every chart export, without the window and its save dialog.
    #[test]
    fn an_indicator_chart_and_a_calculation_chart_are_exported_in_four_formats() {
        let (dir, register) = demo();
        let initiative = register.initiative_by_code("NR-2024-003").unwrap().id;
        let expected: [(ChartFormat, &[u8]); 4] = [
            // The UTF-8 byte order mark, so that Excel reads å, ä and ö right.
            (ChartFormat::Csv, b"\xef\xbb\xbf"),
            (ChartFormat::Xlsx, b"PK"),
            (ChartFormat::Svg, b"<svg"),
            (ChartFormat::Png, b"\x89PNG"),
        ];
        for (format, magic) in expected {
            let target = files::target(
                dir.path().join("tolk").to_str().unwrap(),
                format.extension(),
                Some(register.path()),
            )
            .unwrap();
            indicator_chart_to(&register, initiative, "TOLKPL", format, &target).unwrap();
            starts(&target, magic);
            let target = files::target(
                dir.path().join("kalkyl").to_str().unwrap(),
                format.extension(),
                Some(register.path()),
            )
            .unwrap();
            calculation_chart_to(&register, initiative, None, format, &target).unwrap();
            starts(&target, magic);
        }
        let csv = std::fs::read_to_string(dir.path().join("tolk.csv")).unwrap();
        assert!(csv.lines().count() > 3, "{csv}");
        // The calculation chart shows the likely scenario; its data holds all three.
        let csv = std::fs::read_to_string(dir.path().join("kalkyl.csv")).unwrap();
        for scenario in nytta::calc::Scenario::ALL {
            assert!(csv.contains(scenario.label()), "{scenario:?}: {csv}");
        }

        let error = indicator_chart_to(
            &register,
            initiative,
            "FINNS-INTE",
            ChartFormat::Svg,
            &dir.path().join("x.svg"),
        )
        .unwrap_err();
        assert!(error.message.contains("FINNS-INTE"), "{}", error.message);
        assert!(indicator_chart_to(
            &register,
            initiative,
            "FINNS-INTE",
            ChartFormat::Csv,
            &dir.path().join("x.csv")
        )
        .is_err());
        assert!(!dir.path().join("x.svg").exists() && !dir.path().join("x.csv").exists());
    }

    #[test]
    fn the_whole_register_is_exported_as_excel_and_json() {
        let (dir, register) = demo();
        let path = register.path().to_path_buf();
        drop(register);
        export_register_to(
            &path,
            RegisterFormat::Xlsx,
            &dir.path().join("register.xlsx"),
        )
        .unwrap();
        starts(&dir.path().join("register.xlsx"), b"PK");
        export_register_to(
            &path,
            RegisterFormat::Json,
            &dir.path().join("register.json"),
        )
        .unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("register.json")).unwrap())
                .unwrap();
        assert!(
            json["initiatives"]
                .as_array()
                .is_some_and(|a| a.len() == 15),
            "the demo's fifteen initiatives"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    /// The command's path without the window: read as of the app's date, then written.
    #[test]
    fn the_portfolio_view_is_written_in_the_order_shown() {
        let (dir, register) = demo();
        let mut summaries = register.initiative_summaries().unwrap();
        summaries.reverse();
        let ids: Vec<i64> = summaries.iter().map(|s| s.id).collect();
        let as_of = super::super::followup::as_of(&register).unwrap();
        let table = exports::portfolio_view_table(&register, as_of, &[PortfolioColumn::Code, PortfolioColumn::Name], &ids).unwrap();
        let target = files::target(dir.path().join("vyn").to_str().unwrap(), "xlsx", Some(register.path())).unwrap();
        write_portfolio_view(&table, &target, register.path()).unwrap();
        starts(&target, b"PK");
        let codes: Vec<_> = table.rows.iter().map(|r| r[0].clone()).collect();
        let expected: Vec<_> = summaries.iter().map(|s| nytta::io::view_table::ViewCell::text(&s.code)).collect();
        assert_eq!(codes, expected, "the demo's initiatives in reverse code order, as given");
    }

    #[test]
    fn the_svg_of_a_data_url() {
        let url = nytta::app::svg_data_url("<svg>å</svg>");
        assert_eq!(svg_of(&url).unwrap(), "<svg>å</svg>");
        assert!(svg_of("data:text/html,<b>").is_err());
    }
}
