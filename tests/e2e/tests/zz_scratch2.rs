use e2e::{App, Result};

#[test]
fn shot() -> Result<()> {
    let mut b = App::builder();
    if let Ok(v) = std::env::var("EXTRA") { for kv in v.split(',') { let (k, v) = kv.split_once('=').unwrap(); b = b.env(k, v); } }
    let app = b.launch()?;
    app.session().post("/url", e2e::json!({"url": "file:///tmp/fakeapp/index.html"}))?;
    app.wait_for("main h1")?;
    app.fill("#name", "Anna")?;
    app.click("#go")?;
    app.wait_text("h1", "Hej Anna")?;
    app.screenshot(&format!("shot-{}", std::env::var("TAG").unwrap_or_default()))?;
    Ok(())
}
