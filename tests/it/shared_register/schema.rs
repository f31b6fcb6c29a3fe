//! The shared register's schema: migrations by the owner, versions refused, and the
//! catalogue's promises (every table under forced row-level security with a policy, nothing
//! granted to PUBLIC).

use nytta::store::postgres::{self as shared, ConnInfo, PgError, LATEST_VERSION};

use super::server::TestDatabase;

#[test]
fn the_owner_migrates_once_and_a_second_run_changes_nothing() {
    let Some(db) = TestDatabase::new() else { return };
    let info = ConnInfo::parse(&db.owner_url()).unwrap();
    let first = shared::admin_migrate(&info).unwrap();
    assert_eq!((first.from, first.to), (0, LATEST_VERSION));
    assert_eq!(first.applied.len() as i64, LATEST_VERSION);
    let second = shared::admin_migrate(&info).unwrap();
    assert_eq!((second.from, second.to), (LATEST_VERSION, LATEST_VERSION));
    assert!(second.applied.is_empty());
    shared::check_version(&mut db.as_owner()).unwrap();
}

#[test]
fn a_register_of_a_newer_schema_is_refused_and_an_unmigrated_one_named() {
    let Some(db) = TestDatabase::new() else { return };
    let mut owner = db.as_owner();
    match shared::check_version(&mut owner) {
        Err(PgError::NotMigrated { found: 0, .. }) => {}
        other => panic!("expected NotMigrated, got {other:?}"),
    }
    let db = db.migrated();
    db.as_owner()
        .execute("INSERT INTO nytta.schema_version (version, name) VALUES ($1, '9999_framtid')", &[&(LATEST_VERSION + 1)])
        .unwrap();
    let error = shared::check_version(&mut db.as_owner()).unwrap_err();
    assert!(matches!(error, PgError::TooNew { .. }), "{error:?}");
    assert!(error.to_string().contains("Uppdatera Nyttoregistret"), "{error}");
    let error = shared::admin_migrate(&ConnInfo::parse(&db.owner_url()).unwrap()).unwrap_err();
    assert!(matches!(error, PgError::TooNew { .. }), "{error:?}");
}

/// Fails for any table of the register without forced row-level security and a policy, and
/// for anything of the register granted to PUBLIC.
#[test]
fn every_table_has_forced_row_level_security_and_nothing_is_granted_to_public() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let mut owner = db.as_owner();
    let unguarded: Vec<String> = owner
        .query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'nytta' AND c.relkind IN ('r', 'p')
               AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
                    OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
             ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(unguarded.is_empty(), "tables without forced row-level security and a policy: {unguarded:?}");
    let tables: i64 = owner
        .query_one(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'nytta' AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(tables >= 9, "the catalogue query sees the register's tables ({tables})");

    // aclexplode's grantee 0 is PUBLIC; a NULL acl means the defaults, which for functions
    // include EXECUTE to PUBLIC.
    let public: Vec<String> = owner
        .query(
            "SELECT kind || ' ' || name FROM (
                 SELECT 'relation' AS kind, c.relname::text AS name, c.relacl AS acl, c.relowner AS owner, 'r' AS t
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'nytta'
                 UNION ALL
                 SELECT 'function', p.proname::text, p.proacl, p.proowner, 'f'
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'nytta'
                 UNION ALL
                 SELECT 'schema', n.nspname::text, n.nspacl, n.nspowner, 'n' FROM pg_namespace n WHERE n.nspname = 'nytta'
             ) o
             WHERE (o.acl IS NULL AND o.t = 'f')
                OR EXISTS (SELECT 1 FROM aclexplode(o.acl) a WHERE a.grantee = 0)
             ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(public.is_empty(), "granted to PUBLIC: {public:?}");
}
