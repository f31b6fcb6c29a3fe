use std::time::Instant;
use nytta::model::initiative::InitiativeFields;
#[test]
#[ignore]
fn timing2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.nytta");
    let mut reg = nytta::demo::create(&file).unwrap();
    let src = reg.initiative_by_code("DI-2025-001").unwrap();
    let plan = reg.latest_approved_plan(src.id).unwrap().unwrap();
    let ms = reg.measurements(src.id).unwrap();
    for i in 0..188 {
        let mut f: InitiativeFields = src.fields.clone();
        f.code = format!("BIG-{i:03}");
        f.name = format!("Stor insats nummer {i}");
        f.council_tracked = i < 100;
        let id = reg.create_initiative(&f).unwrap();
        let d = reg.create_plan(id, &plan.plan).unwrap();
        reg.approve_plan(d.id, d.row_version, plan.approval.as_ref().unwrap()).unwrap();
        for m in &ms { reg.add_measurement(id, &m.measurement).unwrap(); }
    }
    let date = nytta::demo::demo_date();
    let data = nytta::report::data::council(&reg, date, None).unwrap();
    let total: usize = data.charts.iter().map(|c| c.len()).sum();
    eprintln!("{} charts, {} bytes svg, avg {}", data.charts.len(), total, total / data.charts.len());
    std::fs::write("/tmp/scratch/chart0.svg", &data.charts[5]).unwrap();
    let t = Instant::now();
    let pdf = nytta::report::council_pack(&reg, date, None).unwrap();
    eprintln!("pack {} in {:?}", pdf.len(), t.elapsed());
}
