//! Embedded migrations, applied in order; the schema version is `PRAGMA user_version`.

use rusqlite::Connection;

use super::error::Result;

/// The migrations, in order. Index + 1 is the version a file has after applying it.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_register", include_str!("../../migrations/0001_register.sql")),
    ("0002_calculation", include_str!("../../migrations/0002_calculation.sql")),
    ("0003_plan", include_str!("../../migrations/0003_plan.sql")),
    ("0004_supplier_customers", include_str!("../../migrations/0004_supplier_customers.sql")),
    ("0005_comparable_costs", include_str!("../../migrations/0005_comparable_costs.sql")),
    ("0006_register_lists", include_str!("../../migrations/0006_register_lists.sql")),
    ("0007_annual_analysis", include_str!("../../migrations/0007_annual_analysis.sql")),
    ("0008_harvest", include_str!("../../migrations/0008_harvest.sql")),
    ("0009_deviations", include_str!("../../migrations/0009_deviations.sql")),
    ("0010_evaluation", include_str!("../../migrations/0010_evaluation.sql")),
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration after `from`, each in its own transaction with its version bump,
/// so an interrupted upgrade leaves the file at a whole version.
pub fn apply(conn: &mut Connection, from: i64) -> Result<()> {
    apply_until(conn, from, LATEST_VERSION)
}

/// Applies the migrations after `from` up to and including version `until`.
pub fn apply_until(conn: &mut Connection, from: i64, until: i64) -> Result<()> {
    let count = (until - from).max(0) as usize;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize).take(count) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        after_migration(&tx, index as i64 + 1)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Data a migration needs that is defined in Rust, written in the migration's own transaction
/// (so a new register and an upgraded one get it alike, and an interrupted upgrade gets none).
fn after_migration(tx: &rusqlite::Transaction, version: i64) -> Result<()> {
    if version == 2 {
        // The public default calculation factors (domain.md §9).
        super::calculations::seed_default_factors(tx)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_names_are_numbered_in_order() {
        for (index, (name, _)) in MIGRATIONS.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", index + 1)), "{name}");
        }
    }

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, 0).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, LATEST_VERSION);
    }
}
