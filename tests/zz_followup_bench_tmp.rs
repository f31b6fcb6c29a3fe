//! Temporary timing check of the follow-up read path (removed before commit).
#[path = "support/plan_examples.rs"]
mod examples;
use examples::*;
use nytta::model::plan::Direction;
use nytta::store::Register;
use std::time::Instant;

#[test]
#[ignore]
fn timing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.nytta");
    let (register, _) = register_with(&path, &[]);
    drop(register);
    let plan = plan((0..20).map(|k| indicator(&format!("I{k}"), Direction::HigherIsBetter, Some("50"), &[(6, "60"), (12, "70")])).collect());
    let body = serde_json::to_string(&plan).unwrap();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        for i in 0..1000 {
            tx.execute("INSERT INTO initiative (code, name, organisation_id, phase, go_live_date, created_at, updated_at) VALUES (?1, ?2, 1, 'driftsatt', '2025-09-01', 'x', 'x')", rusqlite::params![format!("DI-{i:04}"), format!("Insats {i}")]).unwrap();
            let id = tx.last_insert_rowid();
            tx.execute("INSERT INTO plan_version (initiative_id, version, status, body, created_by, created_at, updated_at, approved_by, approved_at, decision_ref) VALUES (?1, 1, 'approved', ?2, 'x', 'x', 'x', 'R', '2025-01-01', 'D')", rusqlite::params![id, body]).unwrap();
            let mut stmt = tx.prepare_cached("INSERT INTO measurement (initiative_id, indicator_code, date, value, author, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x', 'x')").unwrap();
            for k in 0..20 {
                for m in 0..50 {
                    let date = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap() + chrono::Days::new(m * 7);
                    stmt.execute(rusqlite::params![id, format!("I{k}"), date.to_string(), format!("{}.5", 50 + m % 20)]).unwrap();
                }
            }
        }
        tx.commit().unwrap();
    }
    let register = Register::open(&path).unwrap();
    let as_of = d(2026, 10, 31);
    for _ in 0..3 {
        let t = Instant::now();
        let data = register.followup_data(None).unwrap();
        let read = t.elapsed();
        let t2 = Instant::now();
        let cols = nytta::view::portfolio::followup_columns(&data, as_of);
        let eval = t2.elapsed();
        let t3 = Instant::now();
        let todo = nytta::followup::portfolio_todo(&data.inputs(), as_of, 30);
        eprintln!("read {read:?}, columns {eval:?}, todo {:?} ({} rows, {} todo)", t3.elapsed(), cols.rows.len(), todo.len());
    }
}
