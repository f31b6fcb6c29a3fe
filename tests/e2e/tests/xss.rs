//! Stored XSS: every text the window can show is filled with markup and script payloads
//! (as if a hostile file had been imported), every view is visited, and the text must show
//! literally while no script runs and no injected element appears.

use e2e::{App, Register, Result};

const PAYLOADS: [&str; 4] = [
    "<img src=x onerror=window.__pwned=1>",
    "<script>window.__pwned=2</script>",
    "\"><svg onload=window.__pwned=3>",
    "javascript:window.__pwned=4",
];

/// The demo register with hostile text in every free-text column and JSON text field.
fn hostile_register(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("fientlig.nytta");
    let cli = std::env::var("NYTTA_E2E_CLI")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/debug/nytta").to_string());
    let out = std::process::Command::new(cli).args(["demo", path.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Approved versions are protected by triggers; this fixture plays "data from elsewhere".
    for trigger in ["calculation", "plan_version"] {
        let names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")
            .unwrap()
            .query_map([trigger], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for name in names {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\"")).unwrap();
        }
    }
    let p = |i: usize| PAYLOADS[i % PAYLOADS.len()];
    conn.execute("UPDATE register_info SET value = ?1 WHERE key = 'name'", [p(0)]).unwrap();
    conn.execute("UPDATE organisation SET name = name || ' ' || ?1, committee = ?2", [p(1), p(2)]).unwrap();
    conn.execute(
        "UPDATE initiative SET name = ?1 || ' ' || code, sponsor = ?2, project_manager = ?3, need = ?4,
            benefit = ?1, base_service = ?2, project_goals = ?3, goal_link = ?4,
            effect_goals = json_array(?1, ?2), customer_group = ?3, allocation_key = ?4,
            deviation_comment = ?1, information_classification_comment = ?2, running_cost_comment = ?3",
        [p(0), p(1), p(2), p(3)],
    )
    .unwrap();
    conn.execute(
        "UPDATE status_report SET comment = ?1, time_cause = ?2, time_action = ?3, cost_cause = ?4,
            time_status = 'rod', cost_status = 'gul', cost_action = ?1",
        [p(0), p(1), p(2), p(3)],
    )
    .unwrap();
    conn.execute("UPDATE cost_year SET comment = ?1", [p(1)]).unwrap();
    conn.execute(
        "UPDATE calculation SET body = json_set(body, '$.lines[0].description', ?1, '$.lines[0].owner', ?2,
            '$.lines[0].source', ?3), decision_ref = CASE WHEN decision_ref IS NULL THEN NULL ELSE ?4 END,
            reason = CASE WHEN reason = '' THEN '' ELSE ?1 END",
        [p(0), p(1), p(2), p(3)],
    )
    .unwrap();
    conn.execute(
        "UPDATE plan_version SET body = json_set(body, '$.benefits[0].name', ?1, '$.benefits[0].owner', ?2,
            '$.benefits[0].indicators[0].name', ?3, '$.benefits[0].indicators[0].unit', ?4)",
        [p(0), p(1), p(2), p(3)],
    )
    .unwrap();
    conn.execute("UPDATE measurement SET comment = ?1, source = ?2", [p(2), p(1)]).unwrap();
    path
}

fn assert_clean(app: &App, view: &str) -> Result<()> {
    let state = app.execute(
        "return {
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            injected: document.querySelectorAll('img[src=\"x\"], svg[onload], script:not([src])').length,
            text: document.body.innerText,
        }",
        vec![],
    )?;
    assert_eq!(state["pwned"], serde_json::Value::Null, "{view}: a payload ran");
    assert_eq!(state["injected"], 0, "{view}: markup from user text became elements");
    let text = state["text"].as_str().unwrap_or_default();
    assert!(PAYLOADS.iter().any(|p| text.contains(p)), "{view}: the payload text should show literally");
    Ok(())
}

#[test]
fn hostile_text_shows_literally_in_every_view_and_never_runs() -> Result<()> {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_register(dir.path());
    let app = App::launch(Register::Path(path))?;
    app.wait_for("#portfolio-table")?;
    assert_clean(&app, "portfolio")?;
    app.screenshot("xss-portfolio")?;

    // NR-2025-003 has every part: calculation versions, a plan, measurements, reports, costs.
    let href = app.execute(
        "const row = [...document.querySelectorAll('#portfolio-table tr')].find((r) => r.textContent.includes('NR-2025-003'));
         return row.querySelector('a').getAttribute('href');",
        vec![],
    )?;
    let href = href.as_str().unwrap_or_default().to_string();
    for tab in ["", "/calc", "/plan", "/followup", "/status", "/costs", "/history"] {
        app.execute("location.hash = arguments[0]", vec![format!("{href}{tab}").into()])?;
        app.wait_until("the view to render", |s| {
            let done = s.execute("return !!document.querySelector('nav.tabs a[aria-current=page]') && document.querySelectorAll('.tab-body *, form *').length > 3", vec![])?;
            Ok(done.as_bool().unwrap_or(false).then_some(()))
        })?;
        // Let asynchronous parts of the view (charts, previews) finish.
        std::thread::sleep(std::time::Duration::from_millis(400));
        assert_clean(&app, &format!("initiative{tab}"))?;
    }
    app.screenshot("xss-initiative-history")?;

    app.execute("location.hash = '#/att-gora'", vec![])?;
    app.wait_for("main h1")?;
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pwned = app.execute("return window.__pwned === undefined", vec![])?;
    assert_eq!(pwned, serde_json::Value::Bool(true), "to-do view: a payload ran");

    app.click("#about-register")?;
    app.wait_for("dialog[open]")?;
    assert_clean(&app, "about")?;
    Ok(())
}
