//! A city-sized portfolio (issue 19): a thousand initiatives, of which the table puts only
//! those near the window in the page. Scrolling shows the rows wherever the page is, the
//! table's height is that of all its rows, the header row sticks, assistive technology is
//! told the table's full size and each row's place (`aria-rowcount`, `aria-rowindex`), the
//! keyboard reaches rows beyond the first screen (Tab, the arrow keys, Ctrl+End), a focused
//! row scrolled far away hands the focus to the table rather than the page, and sorting,
//! filtering and "Exportera vyn" work on the whole list, not on the rows drawn.
//!
//! The register is the demo's fifteen initiatives and 985 copies of them without their
//! calculations and plans, written with `nytta export json` and `nytta import json`.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use e2e::{keys, App, Context, Register, Result, Setup, Value};

const INITIATIVES: usize = 1000;

/// A register of `INITIATIVES` initiatives in `dir`.
fn large_register(dir: &Path) -> Result<PathBuf> {
    let cli = Setup::from_env()?.cli;
    let run = |args: &[&std::ffi::OsStr]| -> Result<()> {
        let out = std::process::Command::new(&cli).args(args).output().with_context(|| format!("could not run {}", cli.display()))?;
        if !out.status.success() {
            e2e::bail!("nytta {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    let demo = dir.join("demo.nytta");
    let json = dir.join("demo.json");
    run(&["demo".as_ref(), demo.as_os_str()])?;
    run(&["export".as_ref(), "json".as_ref(), demo.as_os_str(), "--out".as_ref(), json.as_os_str()])?;
    let mut document: Value = serde_json::from_slice(&std::fs::read(&json)?)?;
    let initiatives = document["initiatives"].as_array_mut().context("no initiatives in the export")?;
    let originals = initiatives.clone();
    let mut next_id = originals.iter().filter_map(|i| i["id"].as_i64()).max().unwrap_or(0) + 1;
    for k in 0..INITIATIVES - originals.len() {
        let mut copy = originals[k % originals.len()].clone();
        let object = copy.as_object_mut().context("an initiative is not an object")?;
        object.insert("id".into(), next_id.into());
        object.insert("code".into(), format!("NR-2030-{k:03}").into());
        let name = format!("{} {}", object["name"].as_str().unwrap_or_default(), k + 1);
        object.insert("name".into(), name.into());
        // Its own rows only: the calculations, plans, reports and the rest stay the original's.
        for (key, value) in object.iter_mut() {
            if value.is_array() && key != "customer_ids" && key != "goal_area_ids" {
                *value = Value::Array(Vec::new());
            }
        }
        initiatives.push(copy);
        next_id += 1;
    }
    std::fs::write(&json, serde_json::to_vec(&document)?)?;
    let large = dir.join("stor.nytta");
    run(&["import".as_ref(), "json".as_ref(), large.as_os_str(), json.as_os_str()])?;
    Ok(large)
}

/// What the table has put in the page: `[aria-rowcount, rows in tbody, first and last
/// aria-rowindex, whether those run on without a gap]`.
fn drawn(app: &App) -> Result<Value> {
    app.execute(
        "const t = document.querySelector('#portfolio-table');
         const idx = [...t.tBodies[0].rows].map((tr) => Number(tr.getAttribute('aria-rowindex')));
         return [Number(t.getAttribute('aria-rowcount')), idx.length, idx[0], idx[idx.length - 1],
                 idx.every((v, i) => i === 0 || v === idx[i - 1] + 1)];",
        vec![],
    )
}

/// The aria-rowindex of the rows wholly in the window below the sticky header row.
fn in_view(app: &App) -> Result<Vec<u64>> {
    let v = app.execute(
        "const below = document.querySelector('#portfolio-table thead th').getBoundingClientRect().bottom;
         return [...document.querySelectorAll('#portfolio-table tbody tr')].filter((r) => {
           const b = r.getBoundingClientRect();
           return b.top >= below - 1 && b.bottom <= window.innerHeight && b.height > 0;
         }).map((r) => Number(r.getAttribute('aria-rowindex')));",
        vec![],
    )?;
    Ok(v.as_array().unwrap().iter().filter_map(Value::as_u64).collect())
}

/// Scrolls the page to `fraction` of the table's height and lets a frame pass.
fn scroll_to(app: &App, fraction: f64) -> Result<()> {
    app.execute_async(
        "const done = arguments[arguments.length - 1];
         const t = document.querySelector('#portfolio-table').getBoundingClientRect();
         window.scrollTo(0, window.scrollY + t.top + (t.height - window.innerHeight) * arguments[0]);
         requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
        vec![fraction.into()],
    )?;
    Ok(())
}

/// The focused element's row (aria-rowindex), or its id when it is not in a row.
fn focus(app: &App) -> Result<Value> {
    app.execute(
        "const a = document.activeElement;
         const tr = a?.closest('tr[aria-rowindex]');
         return tr ? Number(tr.getAttribute('aria-rowindex')) : (a?.id || a?.tagName || null);",
        vec![],
    )
}

/// Whether the focused element is wholly in the window, below the sticky header row.
fn focus_in_view(app: &App) -> Result<bool> {
    Ok(app
        .execute(
            "const b = document.activeElement.getBoundingClientRect();
             const below = document.querySelector('#portfolio-table thead th').getBoundingClientRect().bottom;
             return b.top >= below - 1 && b.bottom <= window.innerHeight + 1;",
            vec![],
        )?
        .as_bool()
        .unwrap_or(false))
}

fn press_focused(app: &App, keys: &str) -> Result<()> {
    app.session().find(":focus")?.send_keys(keys)
}

#[test]
fn a_large_portfolio_draws_the_rows_in_view_and_scrolls_through_all_of_them() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let register = large_register(dir.path())?;
    let app = App::launch(Register::Path(register))?;
    app.set_window_size(1280, 720)?;
    app.wait_text(".count", "Visar 1000 av 1000 insatser")?;
    app.wait_for("#portfolio-table tbody tr")?;

    // The top: a screen's rows and a margin in the page, not a thousand; the full size told.
    // The first frame has only the window's rows and the margin follows once it is painted
    // (`widen` in ui/views/portfolio.js): read once it is there.
    let top = app.wait_until("a window's rows and a margin in the page", |_| {
        let top = drawn(&app)?;
        Ok((top[1].as_u64().unwrap_or(0) >= 10).then_some(top))
    })?;
    assert_eq!(top[0], 1001, "aria-rowcount: the header row and every initiative");
    let rows = top[1].as_u64().unwrap();
    assert!((10..=120).contains(&rows), "{rows} rows in the page at the top: {top}");
    assert_eq!((top[2].as_u64(), top[4].as_bool()), (Some(2), Some(true)), "the first rows, without a gap: {top}");
    assert_eq!(app.attr("#portfolio-table thead tr", "aria-rowindex")?.as_deref(), Some("1"));
    // The page is as tall as all the rows: at least the rows drawn, at their mean height, times
    // a thousand (the rows not drawn stand in with the mean of those drawn).
    let heights = app.execute(
        "const rows = [...document.querySelectorAll('#portfolio-table tbody tr')];
         const mean = rows.reduce((s, r) => s + r.getBoundingClientRect().height, 0) / rows.length;
         return [document.querySelector('#portfolio-table').getBoundingClientRect().height, mean];",
        vec![],
    )?;
    let (table, mean) = (heights[0].as_f64().unwrap(), heights[1].as_f64().unwrap());
    assert!(table >= 0.95 * mean * INITIATIVES as f64, "the table is {table} px high; a row is {mean} px");
    assert!(in_view(&app)?.len() >= 5, "rows in view at the top");
    app.screenshot("portfolio-large-top")?;
    app.assert_accessible("portfolio-large-top")?;

    // The middle: the rows there, in order, and the header row sticks under the menu.
    scroll_to(&app, 0.5)?;
    let middle = in_view(&app)?;
    // The copies have no plan, so their flags make them four or five lines high.
    assert!(middle.len() >= 5, "only {} rows in view in the middle at 1280 × 720: {middle:?}", middle.len());
    assert!(middle.windows(2).all(|w| w[1] == w[0] + 1), "rows in view run on: {middle:?}");
    assert!((300..=700).contains(&middle[0]), "the middle of the table shows rows {middle:?}");
    let drawn_middle = drawn(&app)?;
    assert!(drawn_middle[1].as_u64().unwrap() <= 120 && drawn_middle[4] == true, "{drawn_middle}");
    let stuck = app.execute(
        "const header = document.getElementById('header').getBoundingClientRect();
         const th = document.querySelector('#portfolio-table thead th').getBoundingClientRect();
         return Math.abs(th.top - header.bottom) <= 1;",
        vec![],
    )?;
    assert_eq!(stuck, Value::Bool(true), "the header row sticks under the menu in the middle of the table");
    app.screenshot("portfolio-large-middle")?;

    // The end: the last initiative, wholly in view. The rows not yet drawn counted the mean
    // height of those drawn; drawn, they may be taller, and the table grows as the page
    // reaches them — as when a user drags the scroll bar to its end and then a little more.
    let mut end = Vec::new();
    for _ in 0..5 {
        scroll_to(&app, 1.0)?;
        end = in_view(&app)?;
        if end.last().copied() == Some(INITIATIVES as u64 + 1) {
            break;
        }
    }
    assert_eq!(end.last().copied(), Some(INITIATIVES as u64 + 1), "the last row at the end: {end:?}");
    app.screenshot("portfolio-large-end")?;

    // Back to the top, past rows measured and not: the first row again.
    scroll_to(&app, 0.0)?;
    app.execute("window.scrollTo(0, 0)", vec![])?;
    scroll_to(&app, 0.0)?;
    assert_eq!(drawn(&app)?[2], 2, "the first row is drawn again at the top");

    // Sorted by name, descending: the whole list, not the rows drawn.
    app.click("#portfolio-table th[data-column='name'] button")?;
    app.wait_for("#portfolio-table th[data-column='name'][aria-sort='ascending']")?;
    app.click("#portfolio-table th[data-column='name'] button")?;
    app.wait_for("#portfolio-table th[data-column='name'][aria-sort='descending']")?;
    let names = app.execute(
        "return [...document.querySelectorAll('#portfolio-table tbody tr td.name-cell')].slice(0, 5).map((td) => td.textContent);",
        vec![],
    )?;
    let names: Vec<String> = names.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    let mut expected = names.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, expected, "descending by name");
    // Filtered: the copies numbered 900–984; the size told follows.
    app.fill("#portfolio-search", "NR-2030-9")?;
    app.wait_text(".count", "Visar 85 av 1000 insatser")?;
    assert_eq!(app.attr("#portfolio-table", "aria-rowcount")?.as_deref(), Some("86"));

    // "Exportera vyn" writes every row of the filtered, sorted list, also those not drawn.
    let drawn_rows = drawn(&app)?[1].as_u64().unwrap();
    assert!(drawn_rows < 85, "all 85 rows drawn at once ({drawn_rows}): the export would prove nothing");
    let path = dir.path().join("Portföljen.xlsx");
    app.execute("window.__TAURI__.dialog.save = async () => arguments[0];", vec![path.display().to_string().into()])?;
    app.click("#export-view")?;
    app.wait_text("#notice", "85 insatser exporterades till")?;
    let mut workbook: Xlsx<_> = open_workbook(&path).with_context(|| format!("could not open {}", path.display()))?;
    let sheet = workbook.worksheet_range_at(0).context("no sheet")??;
    let codes: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(codes.len(), 85, "every row of the view");
    assert!(codes.iter().all(|c| c.starts_with("NR-2030-9")), "{codes:?}");
    Ok(())
}

#[test]
fn the_keyboard_reaches_the_rows_beyond_the_first_screen() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let register = large_register(dir.path())?;
    let app = App::launch(Register::Path(register))?;
    app.set_window_size(1280, 720)?;
    app.wait_text(".count", "Visar 1000 av 1000 insatser")?;
    app.wait_for("#portfolio-table tbody tr a")?;
    let first_drawn = drawn(&app)?[3].as_u64().unwrap();

    // Tab from the first row's link, as far as the rows drawn at the start and beyond.
    app.execute("document.querySelector('#portfolio-table tbody tr a').focus()", vec![])?;
    assert_eq!(focus(&app)?, 2);
    let tabs = first_drawn + 5;
    for _ in 0..tabs {
        press_focused(&app, keys::TAB)?;
    }
    assert_eq!(focus(&app)?, 2 + tabs, "Tab goes a row at a time past the rows drawn at first ({first_drawn})");
    assert!(focus_in_view(&app)?, "the focused row is in view");

    // The arrow keys: down and up a row, from the link to the next row's link.
    press_focused(&app, keys::DOWN)?;
    assert_eq!(focus(&app)?, 3 + tabs);
    press_focused(&app, keys::UP)?;
    press_focused(&app, keys::UP)?;
    assert_eq!(focus(&app)?, 1 + tabs);
    // Page Down: a window's rows further, in view.
    press_focused(&app, keys::PAGE_DOWN)?;
    let paged = focus(&app)?.as_u64().unwrap();
    assert!(paged >= 6 + tabs, "Page Down moved from {} to {paged}", 1 + tabs);
    assert!(focus_in_view(&app)?, "the row Page Down went to is in view");
    // Ctrl+End: the last initiative, drawn and in view; Ctrl+Home: the first.
    press_focused(&app, &format!("{}{}", keys::CONTROL, keys::END))?;
    assert_eq!(focus(&app)?, INITIATIVES as u64 + 1);
    assert!(focus_in_view(&app)?, "the last row is in view");
    app.screenshot("portfolio-large-keyboard-end")?;
    press_focused(&app, &format!("{}{}", keys::CONTROL, keys::HOME))?;
    assert_eq!(focus(&app)?, 2);
    assert!(focus_in_view(&app)?, "the first row is in view");

    // A focused row scrolled far away is let go: the focus goes to the table, not the page.
    scroll_to(&app, 1.0)?;
    assert_eq!(focus(&app)?, "portfolio-table", "the focus after its row was taken out of the page");
    // Enter on a row's link opens the initiative, as any link.
    scroll_to(&app, 0.5)?;
    app.execute(
        "const rows = [...document.querySelectorAll('#portfolio-table tbody tr')];
         rows[Math.floor(rows.length / 2)].querySelector('a').focus();",
        vec![],
    )?;
    let row = focus(&app)?.as_u64().unwrap();
    assert!(row > first_drawn, "a row in the middle ({row})");
    press_focused(&app, keys::ENTER)?;
    app.wait_for(".tab-body > *")?;
    Ok(())
}
