// Temporary profiling aid (not committed): where the time of followup_data goes.
use std::time::Instant;
use bench::measure::{thread_cpu, ms};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX).unwrap();
    for _ in 0..3 {
        let c = thread_cpu(); let t = Instant::now();
        let mut stmt = conn.prepare("SELECT initiative_id, indicator_code, date, value FROM measurement INDEXED BY measurement_series ORDER BY initiative_id, indicator_code, date").unwrap();
        let mut rows = stmt.query([]).unwrap(); let mut n = 0usize; let mut len = 0usize;
        while let Some(r) = rows.next().unwrap() { let _id: i64 = r.get(0).unwrap(); len += r.get_ref(1).unwrap().as_str().unwrap().len() + r.get_ref(2).unwrap().as_str().unwrap().len() + r.get_ref(3).unwrap().as_str().unwrap().len(); n += 1; }
        eprintln!("scan rows: {n} {len} wall {:.0} cpu {:.0}", ms(t.elapsed()), ms(thread_cpu()-c));
        drop(rows); drop(stmt);
        let c = thread_cpu(); let t = Instant::now();
        let mut stmt = conn.prepare("SELECT initiative_id, indicator_code, group_concat(date || value, ';' ORDER BY date) FROM measurement INDEXED BY measurement_series GROUP BY initiative_id, indicator_code ORDER BY initiative_id, indicator_code").unwrap();
        let mut rows = stmt.query([]).unwrap(); let mut n = 0usize; let mut len = 0usize;
        while let Some(r) = rows.next().unwrap() { let _id: i64 = r.get(0).unwrap(); len += r.get_ref(2).unwrap().as_str().unwrap().len(); n += 1; }
        eprintln!("group_concat rows: {n} {len} wall {:.0} cpu {:.0}", ms(t.elapsed()), ms(thread_cpu()-c));
        drop(rows); drop(stmt);
        let c = thread_cpu(); let t = Instant::now();
        let mut stmt = conn.prepare("SELECT body FROM plan_version").unwrap();
        let bodies: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        let t1 = ms(t.elapsed());
        let plans: Vec<nytta::model::plan::Plan> = bodies.iter().map(|b| serde_json::from_str(b).unwrap()).collect();
        eprintln!("plans {} read {t1:.0} total wall {:.0} cpu {:.0}", plans.len(), ms(t.elapsed()), ms(thread_cpu()-c));
        let c = thread_cpu(); let t = Instant::now();
        let mut stmt = conn.prepare("SELECT body, factors FROM calculation").unwrap();
        let bodies: Vec<(String,String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        let t1 = ms(t.elapsed());
        let calcs: Vec<(nytta::model::calculation::Calculation, Vec<nytta::model::calculation::CalcFactor>)> = bodies.iter().map(|(b, f)| (serde_json::from_str(b).unwrap(), serde_json::from_str(f).unwrap())).collect();
        eprintln!("calcs {} read {t1:.0} total wall {:.0} cpu {:.0}", calcs.len(), ms(t.elapsed()), ms(thread_cpu()-c));
        let reg = nytta::store::Register::open(std::path::Path::new(&path)).unwrap();
        let c = thread_cpu(); let t = Instant::now();
        let data = reg.followup_data(None).unwrap();
        eprintln!("followup_data {} wall {:.0} cpu {:.0}", data.entries.len(), ms(t.elapsed()), ms(thread_cpu()-c));
    }
}
