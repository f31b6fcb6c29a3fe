//! Every view of the window at the two sizes the city's people work at — a 1280 × 720 laptop
//! and a 1920 × 1080 screen —, each as the role that uses it: no view scrolls sideways
//! (the page's scrollWidth ≤ its clientWidth), axe finds nothing, and a screenshot of each is
//! kept as `target/screenshots/view-<width>-<view>.png` to be looked at.

use e2e::{bail, App, Register, Result};

const SIZES: [(u32, u32); 2] = [(1280, 720), (1920, 1080)];

/// The register's views, by route, and what shows that each has been drawn.
const ROUTES: &[(&str, &str, &str)] = &[
    ("portfolj", "#/portfolj", "#portfolio-table tbody tr"),
    ("att-gora", "#/att-gora", "main h1"),
    ("import", "#/import", "main h1"),
    ("rapporter", "#/rapporter", "main h1"),
    ("listor", "#/listor", "main h1"),
    ("ny-insats", "#/insats/ny", "main form"),
];

/// An initiative's tabs, on the demo initiative that has something in every one of them.
const TABS: &[(&str, &str)] = &[
    ("oversikt", "overview"),
    ("uppgifter", "fields"),
    ("nyttokalkyl", "calc"),
    ("plan", "plan"),
    ("uppfoljning", "followup"),
    ("statusrapporter", "status"),
    ("kostnader", "costs"),
    ("historik", "history"),
];

/// How far the page scrolls sideways, in CSS pixels (0 when it does not), and the widest
/// elements that stick out, for the message.
fn sideways(app: &App) -> Result<(i64, String)> {
    let answer = app.execute(
        "const d = document.documentElement;
         const over = d.scrollWidth - d.clientWidth;
         const wide = over > 0
           ? [...document.querySelectorAll('main *')]
               .filter((e) => e.getBoundingClientRect().right > d.clientWidth + 1)
               .slice(0, 3)
               .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))
               .join(', ')
           : '';
         return [over, wide];",
        vec![],
    )?;
    Ok((answer[0].as_i64().unwrap_or(0), answer[1].as_str().unwrap_or_default().to_string()))
}

/// Checks the view on screen; a problem is added to `problems` rather than stopping the walk,
/// so one run names every view that needs work.
fn check(app: &App, name: &str, problems: &mut Vec<String>) -> Result<()> {
    // Late parts (the portfolio's follow-up columns, charts) arrive after the first drawing.
    std::thread::sleep(std::time::Duration::from_millis(400));
    app.screenshot(name)?;
    let (over, wide) = sideways(app)?;
    if over > 0 {
        problems.push(format!("{name}: the page scrolls sideways by {over} px ({wide})"));
    }
    if let Err(e) = app.assert_accessible(name) {
        problems.push(format!("{name}: {e:#}"));
    }
    Ok(())
}

#[test]
fn every_view_fits_and_is_accessible_at_a_laptops_size_and_a_large_screens() -> Result<()> {
    let mut problems = Vec::new();
    for (width, height) in SIZES {
        let app = App::launch(Register::Demo)?;
        app.set_window_size(width, height)?;
        for (name, hash, ready) in ROUTES {
            app.execute("location.hash = arguments[0]", vec![(*hash).into()])?;
            app.wait_for(ready)?;
            check(&app, &format!("view-{width}-{name}"), &mut problems)?;
        }
        for (name, tab) in TABS {
            app.open_initiative("NR-2025-004", tab)?;
            app.wait_for(".tab-body > *")?;
            check(&app, &format!("view-{width}-insats-{name}"), &mut problems)?;
        }
        app.execute("location.hash = '#/portfolj'", vec![])?;
        app.wait_for("#portfolio-table")?;
        app.click("#about-register")?;
        app.wait_for("#about-title")?;
        check(&app, &format!("view-{width}-om-registret"), &mut problems)?;

        let start = App::launch(Register::None)?;
        start.set_window_size(width, height)?;
        start.wait_for("main h1")?;
        check(&start, &format!("view-{width}-start"), &mut problems)?;
    }
    if !problems.is_empty() {
        bail!("{} problems:\n{}", problems.len(), problems.join("\n"));
    }
    Ok(())
}
