//! Measurements and the import's staging beyond the plans' tests: large imports, the audit
//! rows an import writes, the order of what is read, and what is not found.

use nytta::followup::MeasurementLookup;
use nytta::model::plan::Direction;
use nytta::store::prelude::*;
use nytta::store::{StagedRow, StagingMode, StoreError};

use super::backends::Backend;
use super::register_with;
use crate::support::plan_examples::*;

/// More rows than one batch the shared register sends (10 000), with duplicates of rows
/// already sent and of rows not yet sent.
pub fn a_large_import_finds_every_duplicate_and_stores_every_row(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    let id = ids[0];
    approve(&mut register, id, &nki_plan());
    add(&mut register, id, "NKI", d(2026, 3, 31), "70");
    let first = d(1990, 1, 1);
    let rows = 25_000usize;
    let stored_day = (d(2026, 3, 31) - first).num_days() as usize;
    let applied = register
        .stage_measurements(StagingMode::Write, |staging| {
            let mut duplicates = Vec::new();
            for n in 0..rows {
                let date = first + chrono::Days::new(n as u64);
                let value = if n == stored_day { dec("70.0") } else { dec(&format!("{}.5", n % 100)) };
                let row = StagedRow { row: n + 2, initiative_id: id, indicator: "NKI", date, value, source: None, comment: None };
                assert_eq!(staging.stage(&row)?, None, "row {}", n + 2);
                // A duplicate of the first row (sent long ago) and of the row before (not yet sent).
                if n == 20_000 || n == 24_999 {
                    for (dup_of, dup_date) in [(2, first), (n + 2, date)] {
                        let dup = StagedRow { row: rows + 10 + duplicates.len(), date: dup_date, ..row };
                        duplicates.push((staging.stage(&dup)?, dup_of));
                    }
                }
            }
            for (found, dup_of) in &duplicates {
                assert_eq!(*found, Some(*dup_of));
            }
            let comparison = staging.compare(10)?;
            assert_eq!((comparison.staged, comparison.unchanged, comparison.conflicts), (rows, 1, 0));
            staging.apply(false, "stor.csv")
        })
        .unwrap();
    assert_eq!((applied.added, applied.replaced), (rows - 1, 0));
    let stored = register.measurements(id).unwrap();
    assert_eq!(stored.len(), rows);
    assert_eq!(stored[1].measurement.value, dec("1.5"));
    assert_eq!(stored[1].measurement.source, "", "no source column: empty");
    let log = register.audit_log(Some(id), 5).unwrap();
    assert_eq!(log[0].action, "importerad");
    assert_eq!(
        log[0].after.clone().unwrap(),
        serde_json::json!({"file": "stor.csv", "added": rows - 1, "replaced": 0, "unchanged": 1})
    );
}

/// A replaced measurement's audit row holds the measurement before and after as the store
/// reads it, the same JSON as an edit's; the import's row counts what it did.
pub fn an_import_logs_each_replacement_as_an_edit_would(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1))), ("NR-2", Some(d(2025, 9, 1)))]);
    for id in &ids {
        approve(&mut register, *id, &nki_plan());
    }
    let kept = add(&mut register, ids[0], "NKI", d(2026, 3, 31), "70.50");
    let replaced = add(&mut register, ids[0], "NKI", d(2026, 4, 30), "71");
    let before = register.measurement(replaced).unwrap();
    register
        .stage_measurements(StagingMode::Write, |staging| {
            let row = |row, initiative_id, date, value: &str| StagedRow {
                row,
                initiative_id,
                indicator: "NKI",
                date,
                value: dec(value),
                source: None,
                comment: Some("Rättad"),
            };
            staging.stage(&row(2, ids[0], d(2026, 3, 31), "70.5"))?;
            staging.stage(&row(3, ids[0], d(2026, 4, 30), "72.250"))?;
            staging.stage(&row(4, ids[1], d(2026, 4, 30), "10"))?;
            let comparison = staging.compare(10)?;
            assert_eq!((comparison.staged, comparison.unchanged, comparison.conflicts), (3, 1, 1));
            assert_eq!(comparison.conflict_list[0].new_value, dec("72.25"));
            staging.apply(true, "rättad.csv")
        })
        .unwrap();
    let after = register.measurement(replaced).unwrap();
    assert_eq!((after.measurement.value, after.measurement.comment.as_str()), (dec("72.25"), "Rättad"));
    assert_eq!((after.measurement.source.as_str(), after.row_version), ("Enkät", before.row_version + 1));
    assert_eq!(register.measurement(kept).unwrap().row_version, 1, "an unchanged value is not written");
    let log = register.audit_log(None, 10).unwrap();
    let entry = log.iter().find(|e| e.action == "ändrad").unwrap();
    assert_eq!(entry.before.clone().unwrap(), serde_json::to_value(&before.measurement).unwrap());
    assert_eq!(entry.after.clone().unwrap(), serde_json::to_value(&after.measurement).unwrap());
    assert_eq!((entry.entity_id, entry.initiative_id), (Some(replaced), Some(ids[0])));
    let imported: Vec<_> = log.iter().filter(|e| e.action == "importerad").collect();
    assert_eq!(imported.len(), 2, "one row per initiative");
    assert_eq!(imported[0].initiative_id, Some(ids[1]), "newest first: the initiatives in id order");
    assert_eq!(
        imported[1].after.clone().unwrap(),
        serde_json::json!({"file": "rättad.csv", "added": 0, "replaced": 1, "unchanged": 1})
    );
}

/// The follow-up lists initiatives by code with letter case aside, and an initiative's
/// measurements come by indicator code (upper case before lower) and date.
pub fn measurements_and_the_followup_are_read_in_the_file_registers_order(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("b-2", Some(d(2025, 9, 1))), ("A-1", Some(d(2025, 9, 1))), ("C-3", Some(d(2025, 9, 1)))]);
    let mut plan = nki_plan();
    plan.benefits[0].indicators.push(indicator("handlaggning", Direction::LowerIsBetter, Some("9"), &[(6, "4")]));
    for id in &ids {
        approve(&mut register, *id, &plan);
    }
    add(&mut register, ids[0], "handlaggning", d(2026, 1, 1), "5");
    add(&mut register, ids[0], "NKI", d(2026, 2, 1), "66");
    add(&mut register, ids[0], "NKI", d(2026, 1, 1), "64");
    let read: Vec<(String, chrono::NaiveDate)> = register
        .measurements(ids[0])
        .unwrap()
        .into_iter()
        .map(|m| (m.measurement.indicator, m.measurement.date))
        .collect();
    assert_eq!(
        read,
        [("NKI".to_string(), d(2026, 1, 1)), ("NKI".to_string(), d(2026, 2, 1)), ("handlaggning".to_string(), d(2026, 1, 1))]
    );
    let data = register.followup_data(None).unwrap();
    let codes: Vec<&str> = data.entries.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["A-1", "b-2", "C-3"]);
    let b2 = &data.entries[1];
    assert_eq!((b2.plan_version, b2.measurements.series("handlaggning").len()), (1, 1));
    assert_eq!(b2.measurements.series("NKI").iter().map(|o| o.value).collect::<Vec<_>>(), [dec("64"), dec("66")]);
}

pub fn missing_measurements_and_initiatives_are_not_found(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 9, 1)))]);
    approve(&mut register, ids[0], &nki_plan());
    let id = add(&mut register, ids[0], "NKI", d(2026, 1, 1), "64");
    let missing = id + 1000;
    let not_found = |error: StoreError, what: &str| {
        assert!(matches!(&error, StoreError::NotFound { entity, id } if *entity == what && *id == missing), "{error:?}");
    };
    not_found(register.measurement(missing).unwrap_err(), "mätning");
    not_found(register.measurements(missing).unwrap_err(), "insats");
    not_found(register.update_measurement(missing, 1, &measurement("NKI", d(2026, 1, 1), "1"), "", d(2026, 1, 1)).unwrap_err(), "mätning");
    not_found(register.delete_measurement(missing, 1, "", d(2026, 1, 1)).unwrap_err(), "mätning");
    not_found(register.add_measurement(missing, &measurement("NKI", d(2026, 1, 1), "1")).unwrap_err(), "insats");
    assert!(register.followup_data(Some(missing)).unwrap().entries.is_empty());
    // An edit that changes nothing writes nothing.
    let stored = register.measurement(id).unwrap();
    let same = register.update_measurement(id, stored.row_version, &measurement("NKI", d(2026, 1, 1), "64.0"), "", d(2026, 1, 1)).unwrap();
    assert_eq!(same, stored);
}

/// The portfolio's columns, roll-up and to-do list from the status read equal those from
/// reading every measurement, at as-of dates before, in and between the checkpoint windows
/// and long after them.
pub fn the_status_read_gives_the_same_portfolio_as_reading_every_measurement(backend: &impl Backend) {
    same_portfolio_from_both_reads(
        backend,
        4,
        &[
            d(2024, 10, 1),
            d(2025, 2, 1),
            d(2025, 6, 15),
            d(2025, 7, 31),
            d(2025, 8, 16),
            d(2025, 9, 15),
            d(2025, 12, 31),
            d(2026, 1, 31),
            d(2026, 3, 17),
            d(2026, 4, 15),
            d(2026, 9, 30),
            d(2027, 6, 1),
        ],
    );
}

/// As above for a portfolio large enough that the shared register reads the ranges over two
/// connections in one snapshot (from 200 plans): the halves together are the whole.
pub fn the_status_read_of_a_large_portfolio_gives_the_same_portfolio(backend: &impl Backend) {
    same_portfolio_from_both_reads(backend, 210, &[d(2025, 9, 15), d(2026, 3, 17), d(2027, 6, 1)]);
}

/// A property of the status read, on random registers: at random as-of dates, through a
/// register's history — imports (new rows and replaced ones), a changed go-live date, a new
/// approved plan version with other targets and indicators, a restore of an earlier backup —
/// the portfolio's columns,
/// roll-up and to-do list equal those computed from every measurement. Each register is
/// made from a seed; a failure names it.
pub fn the_status_read_equals_reading_every_measurement_on_random_registers(backend: &impl Backend) {
    for seed in 1..=6u64 {
        random_register_history(backend, seed);
    }
}

fn random_register_history(backend: &impl Backend, seed: u64) {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move |modulus: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % modulus
    };
    let day = |offset: u64| d(2024, 6, 1) + chrono::Days::new(offset);
    let count = 3 + next(5) as usize;
    let codes: Vec<String> = (1..=count).map(|n| format!("NR-{n}")).collect();
    let initiatives: Vec<(&str, Option<chrono::NaiveDate>)> = codes
        .iter()
        .map(|code| (code.as_str(), (next(5) > 0).then(|| day(next(600)))))
        .collect();
    let (mut register, ids) = register_with(backend, &initiatives);
    let months = [3u32, 6, 12, 18, 24];
    let random_plan = |next: &mut dyn FnMut(u64) -> u64| {
        let mut plan = nki_plan();
        for k in 0..next(3) {
            let higher = next(2) == 0;
            let direction = if higher { Direction::HigherIsBetter } else { Direction::LowerIsBetter };
            // At least one checkpoint; targets moving the better way, from a baseline (if
            // any) on the worse side of them all.
            let mut chosen: Vec<u32> = months.iter().copied().filter(|_| next(3) == 0).collect();
            if chosen.is_empty() {
                chosen.push(months[next(months.len() as u64) as usize]);
            }
            let mut values: Vec<u64> = chosen.iter().map(|_| 20 + next(60)).collect();
            values.sort_unstable();
            if !higher {
                values.reverse();
            }
            let targets: Vec<(u32, String)> = chosen.iter().zip(&values).map(|(m, v)| (*m, v.to_string())).collect();
            let targets: Vec<(u32, &str)> = targets.iter().map(|(m, v)| (*m, v.as_str())).collect();
            let baseline = (next(2) == 0).then(|| if higher { next(15) } else { 85 + next(15) }.to_string());
            plan.benefits[0].indicators.push(indicator(&format!("X{k}"), direction, baseline.as_deref(), &targets));
        }
        plan
    };
    let mut plans = Vec::new();
    for id in &ids {
        let plan = random_plan(&mut next);
        approve(&mut register, *id, &plan);
        plans.push(plan);
    }
    let import = |register: &mut _, plans: &[nytta::model::plan::Plan], next: &mut dyn FnMut(u64) -> u64, file: &str| {
        let mut rows = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            for indicator in plans[n].benefits[0].indicators.iter() {
                let mut date = day(next(30));
                while date < d(2027, 3, 1) {
                    if next(4) > 0 {
                        rows.push((*id, indicator.code.clone(), date, dec(&(next(100)).to_string())));
                    }
                    date = date + chrono::Days::new(7 + next(40));
                }
            }
        }
        stage_all(register, &rows, file);
    };
    import(&mut register, &plans, &mut next, "forsta.csv");
    fn check<S: RegisterStore>(register: &S, next: &mut dyn FnMut(u64) -> u64, day: &dyn Fn(u64) -> chrono::NaiveDate, moment: &str) {
        for _ in 0..4 {
            let as_of = day(next(1000));
            same_portfolio(register, as_of, moment);
        }
    }
    let moment = |what: &str| format!("seed {seed}, {what}");
    check(&register, &mut next, &day, &moment("after the first import"));
    let saved = backend.save(&register);

    // A changed go-live date moves every window of the initiative.
    let moved = ids[next(ids.len() as u64) as usize];
    let before = register.initiative(moved).unwrap();
    let mut fields = before.fields.clone();
    fields.go_live_date = Some(day(next(600)));
    fields.phase = nytta::model::initiative::Phase::Driftsatt;
    register.update_initiative(moved, before.row_version, &fields).unwrap();
    check(&register, &mut next, &day, &moment("after a changed go-live date"));

    // A new approved version with other targets and indicators.
    let at = next(ids.len() as u64) as usize;
    let draft = register.new_plan_version(ids[at], "Nytt beslut").unwrap();
    let plan = random_plan(&mut next);
    let draft = register.save_plan_draft(draft.id, draft.row_version, &plan).unwrap();
    register.approve_plan(draft.id, draft.row_version, &approval(d(2025, 3, 11))).unwrap();
    plans[at] = plan;
    check(&register, &mut next, &day, &moment("after a new approved version"));

    // A second import of the same dates with other values replaces some and adds others.
    import(&mut register, &plans, &mut next, "andra.csv");
    check(&register, &mut next, &day, &moment("after a second import"));

    // The backup taken after the first import, restored: the register as it was then.
    let restored = backend.restore(&saved);
    check(&restored, &mut next, &day, &moment("after a restore of the first import's backup"));
}

/// Stages `rows` (later duplicates of a date dropped) and applies them, replacing values.
fn stage_all<S: RegisterStore>(register: &mut S, rows: &[(i64, String, chrono::NaiveDate, rust_decimal::Decimal)], file: &str) {
    let mut seen = std::collections::HashSet::new();
    register
        .stage_measurements(StagingMode::Write, |staging| {
            for (n, (id, code, date, value)) in rows.iter().enumerate() {
                if !seen.insert((*id, code.clone(), *date)) {
                    continue;
                }
                let row = StagedRow { row: n + 2, initiative_id: *id, indicator: code, date: *date, value: *value, source: None, comment: None };
                assert_eq!(staging.stage(&row)?, None, "row {}", n + 2);
            }
            staging.compare(0)?;
            staging.apply(true, file)
        })
        .unwrap();
}

/// The status read and the read of every measurement give the same portfolio as of `as_of`.
fn same_portfolio<S: RegisterStore>(register: &S, as_of: chrono::NaiveDate, moment: &str) {
    use nytta::app::portfolio::followup_columns;
    use nytta::followup::{portfolio_summary, portfolio_todo};
    let full = register.followup_data(None).unwrap();
    let part = register.status_data(as_of).unwrap();
    let json = |v: &dyn erased::Json| v.json();
    assert_eq!(json(&followup_columns(&part, as_of)), json(&followup_columns(&full, as_of)), "portfolio columns as of {as_of}, {moment}");
    assert_eq!(json(&portfolio_summary(&part.inputs(), as_of)), json(&portfolio_summary(&full.inputs(), as_of)), "roll-up as of {as_of}, {moment}");
    assert_eq!(json(&portfolio_todo(&part.inputs(), as_of, 30)), json(&portfolio_todo(&full.inputs(), as_of, 30)), "to-do as of {as_of}, {moment}");
}

fn same_portfolio_from_both_reads(backend: &impl Backend, count: usize, as_ofs: &[chrono::NaiveDate]) {
    use nytta::app::portfolio::followup_columns;
    use nytta::followup::{portfolio_summary, portfolio_todo};

    let go_lives = [Some(d(2025, 1, 31)), Some(d(2025, 8, 31)), None, Some(d(2024, 11, 15))];
    let codes: Vec<String> = (1..=count).map(|n| format!("NR-{n}")).collect();
    let initiatives: Vec<(&str, Option<chrono::NaiveDate>)> =
        codes.iter().enumerate().map(|(n, code)| (code.as_str(), go_lives[n % go_lives.len()])).collect();
    let (mut register, ids) = register_with(backend, &initiatives);
    let mut plan = nki_plan();
    plan.benefits[0].indicators.push(indicator("handlaggning", Direction::LowerIsBetter, Some("20"), &[(6, "12"), (12, "8")]));
    plan.benefits[0].indicators.push(indicator("bara12", Direction::HigherIsBetter, None, &[(12, "50")]));
    for id in &ids {
        approve(&mut register, *id, &plan);
    }
    // Every 13th to 29th day from before the first go-live to past the last 12-month
    // window, with a gap of a quarter in each series, values wandering around the targets;
    // brought in as one import.
    let mut seed = 7u64;
    let mut next = move |modulus: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % modulus
    };
    let mut rows = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        for (k, code) in ["NKI", "handlaggning", "bara12"].iter().enumerate() {
            let mut date = d(2024, 9, 1) + chrono::Days::new(next(20));
            let gap_start = d(2025, 3 + (n + k) as u32 % 6, 1);
            while date < d(2026, 12, 31) {
                let in_gap = date >= gap_start && date < gap_start + chrono::Days::new(90);
                if !in_gap {
                    let value = match *code {
                        "NKI" => 55 + next(35),
                        "handlaggning" => 6 + next(16),
                        _ => 30 + next(30),
                    };
                    rows.push((*id, *code, date, dec(&value.to_string())));
                }
                date = date + chrono::Days::new(13 + next(17));
            }
        }
    }
    register
        .stage_measurements(StagingMode::Write, |staging| {
            for (n, (id, code, date, value)) in rows.iter().enumerate() {
                let row = StagedRow { row: n + 2, initiative_id: *id, indicator: code, date: *date, value: *value, source: None, comment: None };
                assert_eq!(staging.stage(&row)?, None, "row {}", n + 2);
            }
            staging.apply(false, "serier.csv")
        })
        .unwrap();
    let full = register.followup_data(None).unwrap();
    for &as_of in as_ofs {
        let part = register.status_data(as_of).unwrap();
        let json = |v: &dyn erased::Json| v.json();
        assert_eq!(json(&followup_columns(&part, as_of)), json(&followup_columns(&full, as_of)), "portfolio columns as of {as_of}");
        assert_eq!(
            json(&portfolio_summary(&part.inputs(), as_of)),
            json(&portfolio_summary(&full.inputs(), as_of)),
            "roll-up as of {as_of}"
        );
        assert_eq!(
            json(&portfolio_todo(&part.inputs(), as_of, 30)),
            json(&portfolio_todo(&full.inputs(), as_of, 30)),
            "to-do as of {as_of}"
        );
        // Fewer measurements read once the history is long.
        let count = |data: &nytta::followup::FollowUpData| -> usize {
            data.entries.iter().map(|e| ["NKI", "handlaggning", "bara12"].iter().map(|c| e.measurements.series(c).len()).sum::<usize>()).sum()
        };
        if as_of >= d(2026, 9, 30) {
            assert!(count(&part) * 4 < count(&full), "{} of {} read as of {as_of}", count(&part), count(&full));
        }
    }
}

/// Serialising what the portfolio computes, for comparing results that are not
/// `PartialEq`.
mod erased {
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}

/// `nytta check --rebuild` (issue 19): rebuilding what the register derives from its rows
/// (its indexes, among them the one the status read reads instead of the measurements)
/// changes no row, leaves the register whole, and the status read gives what it gave.
pub fn rebuilding_what_is_derived_changes_no_row_and_no_status(backend: &impl Backend) {
    let (mut register, ids) = register_with(backend, &[("NR-1", Some(d(2025, 1, 31))), ("NR-2", Some(d(2025, 8, 31)))]);
    for id in &ids {
        approve(&mut register, *id, &nki_plan());
        add(&mut register, *id, "NKI", d(2025, 7, 31), "71");
        add(&mut register, *id, "NKI", d(2026, 2, 28), "74");
    }
    let as_of = d(2026, 3, 17);
    let before = register.check().unwrap();
    let status_before = statuses(&register, as_of);
    register.rebuild_derived().unwrap();
    let after = register.check().unwrap();
    assert_eq!(after.integrity, "ok");
    assert_eq!(after.counts, before.counts, "no row changed");
    assert_eq!(statuses(&register, as_of), status_before);
    same_portfolio(&register, as_of, "after the rebuild");
}

/// The portfolio's follow-up columns from the status read, as JSON.
fn statuses<S: RegisterStore>(register: &S, as_of: chrono::NaiveDate) -> String {
    let part = register.status_data(as_of).unwrap();
    serde_json::to_string(&nytta::app::portfolio::followup_columns(&part, as_of)).unwrap()
}
