use e2e::{App, Register, Result};

#[test]
fn scratch_harness() -> Result<()> {
    let mut app = App::launch(Register::Path("/tmp/reg.nytta".into()))?;
    app.session().post("/url", e2e::json!({"url": "file:///tmp/fakeapp/index.html"}))?;
    app.wait_for("main h1")?;
    app.fill("#name", "Anna")?;
    assert_eq!(app.value("#name")?, "Anna");
    app.click("#go")?;
    app.wait_text("h1", "Hej Anna")?;
    app.select("#sel", "b")?;
    assert_eq!(app.value("#sel")?, "b");
    app.screenshot("scratch")?;
    let v = app.axe_violations()?;
    eprintln!("{}", e2e::axe::format_violations("scratch", &v));
    eprintln!("pids {:?}", app.pids());
    app.restart()?;
    app.session().post("/url", e2e::json!({"url": "file:///tmp/fakeapp/index.html"}))?;
    app.wait_text("h1", "Nyttoregistret")?;
    let err = app.assert_accessible("scratch2").unwrap_err();
    eprintln!("EXPECTED ERR: {err:?}");
    let err = app.wait_text("h1", "never").unwrap_err();
    eprintln!("EXPECTED ERR2: {err:?}");
    Ok(())
}
