//! The shared register's schema: numbered, forward-only migrations in
//! `migrations/postgres/`, one for each of the file register's so that version N means the
//! same data in both stores. Applied only by `nytta admin migrate URL`, connected as the
//! register's owner — never silently by someone's app.

use postgres::Client;

use super::error::{server_error, PgResult};

/// The migrations, in order; index + 1 is the schema version after applying one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_register", include_str!("../../../migrations/postgres/0001_register.sql")),
    ("0002_calculation", include_str!("../../../migrations/postgres/0002_calculation.sql")),
    ("0003_plan", include_str!("../../../migrations/postgres/0003_plan.sql")),
    ("0004_supplier_customers", include_str!("../../../migrations/postgres/0004_supplier_customers.sql")),
    ("0005_comparable_costs", include_str!("../../../migrations/postgres/0005_comparable_costs.sql")),
    ("0006_register_lists", include_str!("../../../migrations/postgres/0006_register_lists.sql")),
    ("0007_annual_analysis", include_str!("../../../migrations/postgres/0007_annual_analysis.sql")),
    ("0008_harvest", include_str!("../../../migrations/postgres/0008_harvest.sql")),
    ("0009_deviations", include_str!("../../../migrations/postgres/0009_deviations.sql")),
    ("0010_evaluation", include_str!("../../../migrations/postgres/0010_evaluation.sql")),
];

/// The newest schema version this program knows: the file register's, so that a register of
/// any version moves between the stores (a test keeps the two equal).
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The register's schema lives in its own schema, `nytta`, so it stays apart from anything
/// else in the database.
pub const SCHEMA: &str = "nytta";

/// An arbitrary constant for the advisory lock that keeps two `admin migrate` runs apart.
const MIGRATION_LOCK: i64 = 0x6e79_7474_615f_6d69;

/// The version of the register in the database, 0 when there is none yet.
pub fn current_version(client: &mut Client) -> PgResult<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('nytta.schema_version') IS NOT NULL", &[])
        .map_err(server_error)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_one("SELECT coalesce(max(version), 0)::bigint FROM nytta.schema_version", &[])
        .map_err(server_error)?;
    Ok(row.get(0))
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationOutcome {
    pub from: i64,
    pub to: i64,
    pub applied: Vec<String>,
}

/// Applies every migration after the register's version, each in its own transaction with its
/// version row and the grants to the users' group role, so an interrupted run leaves the
/// register at a whole version. A register newer than this program is refused.
pub fn migrate(client: &mut Client) -> PgResult<MigrationOutcome> {
    migrate_until(client, LATEST_VERSION)
}

/// [`migrate`], stopping after version `until`: a register as an earlier release of the
/// program left it, for tests of what a later migration does with its rows.
#[doc(hidden)]
pub fn migrate_until(client: &mut Client, until: i64) -> PgResult<MigrationOutcome> {
    let mut tx = client.transaction().map_err(server_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(server_error)?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS nytta;
         REVOKE ALL ON SCHEMA nytta FROM PUBLIC;
         CREATE TABLE IF NOT EXISTS nytta.schema_version (
             version    BIGINT PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TIMESTAMP(0) NOT NULL DEFAULT localtimestamp(0),
             applied_by TEXT NOT NULL DEFAULT session_user
         );",
    )
    .map_err(server_error)?;
    tx.commit().map_err(server_error)?;

    let from = current_version(client)?;
    if from > LATEST_VERSION {
        return Err(super::error::PgError::TooNew { found: from, supported: LATEST_VERSION });
    }
    let mut applied = Vec::new();
    let count = (until - from).max(0) as usize;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(from as usize).take(count) {
        let version = index as i64 + 1;
        let mut tx = client.transaction().map_err(server_error)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(server_error)?;
        // Another run may have got here first while this one waited for the lock.
        let done: bool = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM nytta.schema_version WHERE version = $1)", &[&version])
            .map_err(server_error)?
            .get(0);
        if done {
            continue;
        }
        tx.batch_execute(sql).map_err(server_error)?;
        after_migration(&mut tx, version)?;
        tx.execute("INSERT INTO nytta.schema_version (version, name) VALUES ($1, $2)", &[&version, name])
            .map_err(server_error)?;
        tx.batch_execute(GRANTS).map_err(server_error)?;
        tx.commit().map_err(server_error)?;
        applied.push(name.to_string());
    }
    Ok(MigrationOutcome { from, to: current_version(client)?, applied })
}

/// Data a migration needs that is defined in Rust, in the migration's own transaction (as
/// for a file, so both stores start with the same).
fn after_migration(tx: &mut postgres::Transaction, version: i64) -> PgResult<()> {
    if version == 1 {
        // When the register was made, as a new file register records it (to the second).
        tx.execute(
            "INSERT INTO nytta.register_info (key, value)
             VALUES ('created_at', to_char(localtimestamp(0), 'YYYY-MM-DD\"T\"HH24:MI:SS'))
             ON CONFLICT (key) DO NOTHING",
            &[],
        )
        .map_err(server_error)?;
    }
    if version == 2 {
        // The public default calculation factors (domain.md §9).
        for f in crate::model::calculation::default_factors() {
            tx.execute(
                "INSERT INTO nytta.calc_factor (code, name, value, unit, source, year)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
                &[&f.code, &f.name, &f.value.normalize(), &f.unit, &f.source, &f.year],
            )
            .map_err(server_error)?;
        }
    }
    Ok(())
}

/// What the users' group role may do with the register's objects; the rows they reach are the
/// policies' business. Nothing is granted to PUBLIC (a test checks the catalogue).
const GRANTS: &str = "
    SET LOCAL search_path = nytta;
    ALTER TABLE schema_version ENABLE ROW LEVEL SECURITY;
    ALTER TABLE schema_version FORCE ROW LEVEL SECURITY;
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'nytta' AND tablename = 'schema_version') THEN
            EXECUTE format('CREATE POLICY agare ON schema_version TO %I USING (true) WITH CHECK (true)', current_user);
            CREATE POLICY las ON schema_version FOR SELECT TO nytta_anvandare USING (true);
        END IF;
    END $$;
    GRANT USAGE ON SCHEMA nytta TO nytta_anvandare;
    GRANT SELECT ON schema_version TO nytta_anvandare;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA nytta TO nytta_anvandare;
    REVOKE INSERT, UPDATE, DELETE ON schema_version FROM nytta_anvandare;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA nytta TO nytta_anvandare;
    REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA nytta FROM PUBLIC;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA nytta TO nytta_anvandare;
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_as_the_file_registers() {
        assert_eq!(
            LATEST_VERSION,
            crate::store::LATEST_VERSION,
            "the shared register has a migration for each of the file register's"
        );
        for (index, (name, _)) in MIGRATIONS.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", index + 1)), "{name}");
        }
    }
}
