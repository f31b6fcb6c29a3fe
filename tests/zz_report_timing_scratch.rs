// Temporary timing scratch (not to be committed): 200 initiatives, N council-tracked.
use std::time::Instant;
use nytta::model::initiative::InitiativeFields;
use nytta::store::Register;

#[test]
#[ignore]
fn timing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.nytta");
    let mut reg = nytta::demo::create(&file).unwrap();
    let src = reg.initiative_by_code("DI-2025-001").unwrap();
    let plan = reg.latest_approved_plan(src.id).unwrap().unwrap();
    let ms = reg.measurements(src.id).unwrap();
    let tracked: usize = std::env::var("TRACKED").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    for i in 0..188 {
        let mut f: InitiativeFields = src.fields.clone();
        f.code = format!("BIG-{i:03}");
        f.name = format!("Stor insats nummer {i} med ett långt svenskt namn för förvaltningen");
        f.council_tracked = i < tracked;
        let id = reg.create_initiative(&f).unwrap();
        let d = reg.create_plan(id, &plan.plan).unwrap();
        reg.approve_plan(d.id, d.row_version, plan.approval.as_ref().unwrap()).unwrap();
        for m in &ms { reg.add_measurement(id, &m.measurement).unwrap(); }
    }
    let date = nytta::demo::demo_date();
    for round in 0..3 {
        let t = Instant::now();
        let pdf = nytta::report::council_pack(&reg, date, None).unwrap();
        eprintln!("round {round}: council pack {} bytes in {:?}", pdf.len(), t.elapsed());
    }
    let t = Instant::now();
    let data = nytta::report::data::council(&reg, date, None).unwrap();
    eprintln!("data only: {:?} ({} charts)", t.elapsed(), data.charts.len());
    let t = Instant::now();
    for i in 0..20 {
        let _ = nytta::report::initiative_report(&reg, &format!("BIG-{i:03}"), date).unwrap();
    }
    eprintln!("20 initiative reports: {:?}", t.elapsed());
    let t = Instant::now();
    for i in 20..60 {
        let _ = nytta::report::data::initiative(&reg, &format!("BIG-{i:03}"), date).unwrap();
    }
    eprintln!("40 initiative report data: {:?}", t.elapsed());
    let t = Instant::now();
    for i in 20..60 {
        let _ = nytta::report::initiative_report(&reg, &format!("BIG-{i:03}"), date).unwrap();
    }
    eprintln!("40 initiative reports: {:?}", t.elapsed());
    std::fs::write("/tmp/scratch/big.pdf", nytta::report::council_pack(&reg, date, None).unwrap()).unwrap();
}
