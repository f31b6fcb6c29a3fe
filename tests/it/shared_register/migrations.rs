//! A version means the same data in both stores: the shared register's schema at the latest
//! version has the file register's tables, columns and keys, and a register of version 4
//! migrated on PostgreSQL ends with exactly the rows the file's migrations 0005–0007 make of
//! the same register (running-cost years anchored to the same decision years with the same
//! audit rows, cost rows classified alike, the same base-service entries with the same ids).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ::postgres::Client;
use nytta::store::postgres::{self as shared, ConnInfo, LATEST_VERSION};
use nytta::store::Register;

use super::server::TestDatabase;

/// What only the shared register has: who may do what, and its schema version (the file keeps
/// it in `PRAGMA user_version`); the audit log's `db_user`, the database's name of who wrote.
const SHARED_ONLY_TABLES: [&str; 2] = ["membership", "schema_version"];
const SHARED_ONLY_COLUMNS: [(&str, &str); 1] = [("audit_log", "db_user")];

type Columns = BTreeMap<String, BTreeSet<String>>;

/// Each table's unique keys, as their sorted column lists (a partial index marked " where").
type Keys = BTreeMap<String, BTreeSet<String>>;

fn file_schema(conn: &rusqlite::Connection) -> (Columns, Keys) {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut columns = Columns::new();
    let mut keys = Keys::new();
    for table in tables {
        let names: BTreeSet<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([&table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // A WITHOUT ROWID table's primary key is an index too; a rowid table's INTEGER
        // PRIMARY KEY (`id`) is the rowid, not an index: it is added below as PostgreSQL has it.
        let indexes: Vec<(String, bool)> = conn
            .prepare("SELECT name, partial FROM pragma_index_list(?1) WHERE \"unique\"")
            .unwrap()
            .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut table_keys = BTreeSet::new();
        for (index, partial) in indexes {
            let mut cols: Vec<String> = conn
                .prepare("SELECT name FROM pragma_index_info(?1)")
                .unwrap()
                .query_map([&index], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            cols.sort();
            table_keys.insert(format!("{}{}", cols.join(","), if partial { " where" } else { "" }));
        }
        let pk_is_rowid: bool = conn
            .query_row("SELECT count(*) = 1 FROM pragma_table_info(?1) WHERE pk > 0 AND name = 'id' AND type = 'INTEGER'", [&table], |r| r.get(0))
            .unwrap();
        if pk_is_rowid {
            table_keys.insert("id".into());
        }
        columns.insert(table.clone(), names);
        keys.insert(table, table_keys);
    }
    (columns, keys)
}

fn shared_schema(client: &mut Client) -> (Columns, Keys) {
    let mut columns = Columns::new();
    for row in client
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'nytta' AND table_name NOT IN (SELECT unnest($1::text[]))",
            &[&SHARED_ONLY_TABLES.to_vec()],
        )
        .unwrap()
    {
        let (table, column): (String, String) = (row.get(0), row.get(1));
        if !SHARED_ONLY_COLUMNS.contains(&(table.as_str(), column.as_str())) {
            columns.entry(table).or_default().insert(column);
        }
    }
    let mut keys = Keys::new();
    for row in client
        .query(
            "SELECT c.relname::text,
                    array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k),
                    i.indpred IS NOT NULL
             FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'nytta' AND i.indisunique AND c.relname NOT IN (SELECT unnest($1::text[]))",
            &[&SHARED_ONLY_TABLES.to_vec()],
        )
        .unwrap()
    {
        let table: String = row.get(0);
        // The initiative's code is unique whatever its case: COLLATE NOCASE in the file, an
        // index on lower(code) here.
        let mut cols: Vec<String> =
            row.get::<_, Vec<String>>(1).into_iter().map(|c| if c == "lower(code)" { "code".into() } else { c }).collect();
        cols.sort();
        let partial: bool = row.get(2);
        keys.entry(table).or_default().insert(format!("{}{}", cols.join(","), if partial { " where" } else { "" }));
    }
    (columns, keys)
}

#[test]
fn the_latest_version_has_the_file_registers_tables_columns_and_keys() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fil.nytta");
    Register::create_at_version(&path, nytta::store::LATEST_VERSION).unwrap();
    let (file_columns, file_keys) = file_schema(&rusqlite::Connection::open(&path).unwrap());
    let (shared_columns, shared_keys) = shared_schema(&mut db.as_owner());

    for table in ["running_cost_year", "base_service", "goal_area", "initiative_goal_area", "annual_analysis_text", "deviation_note"] {
        assert!(file_columns.contains_key(table), "the file register has {table}");
    }
    assert!(file_columns["cost_year"].contains("hourly_rate"));
    assert!(!file_columns["initiative"].contains("running_cost_n"));
    assert_eq!(shared_columns, file_columns, "tables and columns");
    assert!(file_keys["cost_year"].contains("cost_type,initiative_id,kind,year"), "{:?}", file_keys["cost_year"]);
    assert_eq!(shared_keys, file_keys, "unique keys");
}

/// A register as version 4 left it, written with the same SQL in both stores: initiatives
/// whose decision year comes from the first of two approvals (a calculation in 2024 before a
/// plan in 2025, the start date in 2023 ignored), from the start date (2024; a draft
/// calculation does not count), and from the year it was created (2023); one without a running
/// cost; base services in free text with stray spaces, differing only in case and in two
/// organisations; old cost rows; and a name, so the register is one carried forward.
const REGISTER_OF_VERSION_4: &str = "
    INSERT INTO register_info (key, value) VALUES ('name', 'Staden');
    INSERT INTO organisation (id, name, kind) VALUES (1, 'Intraservice', 'forvaltning'), (2, 'Kulturförvaltningen', 'forvaltning');
    INSERT INTO initiative (id, code, name, organisation_id, phase, start_date, running_cost_n, running_cost_n1,
                            running_cost_n2, running_cost_comment, base_service, created_at, updated_at)
    VALUES (1, 'NR-1', 'Kalkyl först', 1, 'pagaende', '2023-09-02', '0', '450000', '450000.50', 'Licens', ' Öppna data ',
            '2022-05-02T09:00:00', '2022-05-02T09:00:00'),
           (2, 'NR-2', 'Start', 1, 'pagaende', '2024-01-15', '180000', NULL, '-200000', '', 'extern service',
            '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
           (3, 'NR-3', 'Skapad', 2, 'ide', NULL, '5000', '5000', '5000', '', 'Öppna data',
            '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
           (4, 'NR-4', 'Utan förvaltningskostnad', 1, 'ide', NULL, NULL, NULL, NULL, '', 'Extern service',
            '2023-05-02T09:00:00', '2023-05-02T09:00:00'),
           (5, 'NR-5', 'Samma bastjänst', 1, 'ide', NULL, NULL, NULL, NULL, '', 'Öppna data',
            '2023-05-02T09:00:00', '2023-05-02T09:00:00');
    INSERT INTO initiative_customer (initiative_id, organisation_id) VALUES (1, 1), (2, 1), (3, 2), (4, 1), (5, 1);
    INSERT INTO plan_version (initiative_id, version, status, body, created_by, created_at, updated_at,
                              approved_by, approved_at, decision_ref)
    VALUES (1, 1, 'approved', '{}', 'A', '2025-01-01T10:00:00', '2025-01-01T10:00:00', 'Nämnden', '2025-03-14', 'KS 2025-03-14 §4');
    INSERT INTO calculation (initiative_id, version, status, body, created_by, created_at, updated_at,
                             approved_by, approved_at, decision_ref)
    VALUES (1, 1, 'approved', '{}', 'A', '2024-10-01T10:00:00', '2024-10-01T10:00:00', 'Nämnden', '2024-11-30', 'KS 2024-11-30 §9'),
           (2, 1, 'draft', '{}', 'A', '2022-10-01T10:00:00', '2022-10-01T10:00:00', NULL, NULL, NULL);
    INSERT INTO cost_year (id, initiative_id, year, cost_type, budget, actual, forecast, hours, comment)
    VALUES (1, 1, 2024, 'extern', '431667', '418717', '418717', NULL, ''),
           (2, 1, 2024, 'intern', '185000', '179450.25', '179450', '291', 'Egen personal, 635 kr/h.');
";

/// The rows the migrations make, read the same way from either store: every value as text
/// (a flag as 1 or 0), the audit rows without their time.
const CARRIED: [(&str, &str); 7] = [
    ("running_cost_year",
     "SELECT CAST(initiative_id AS TEXT), CAST(year AS TEXT), CAST(amount AS TEXT) FROM running_cost_year
      ORDER BY initiative_id, year"),
    ("audit_log",
     "SELECT author, action, entity, CAST(entity_id AS TEXT), CAST(initiative_id AS TEXT), before, after, reason
      FROM audit_log ORDER BY id"),
    ("cost_year",
     "SELECT CAST(id AS TEXT), CAST(initiative_id AS TEXT), CAST(year AS TEXT), cost_type, kind, CAST(budget AS TEXT),
             CAST(actual AS TEXT), CAST(forecast AS TEXT), CAST(hours AS TEXT), CAST(hourly_rate AS TEXT), comment
      FROM cost_year ORDER BY id"),
    ("base_service",
     "SELECT CAST(id AS TEXT), CAST(organisation_id AS TEXT), name, CASE WHEN retired THEN '1' ELSE '0' END,
             CAST(row_version AS TEXT) FROM base_service ORDER BY id"),
    ("initiative", "SELECT CAST(id AS TEXT), base_service, category, financing FROM initiative ORDER BY id"),
    ("organisation",
     "SELECT CAST(id AS TEXT), governing_body, reporting_period, CAST(settings_row_version AS TEXT)
      FROM organisation ORDER BY id"),
    ("register_info", "SELECT key, value FROM register_info WHERE key <> 'created_at' ORDER BY key"),
];

type Rows = Vec<Vec<Option<String>>>;

fn file_rows(conn: &rusqlite::Connection, sql: &str) -> Rows {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| (0..width).map(|i| r.get::<_, Option<String>>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn shared_rows(client: &mut Client, sql: &str) -> Rows {
    client
        .query(sql, &[])
        .unwrap()
        .iter()
        .map(|r| (0..r.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
        .collect()
}

fn file_register_migrated_from_4(path: &Path) -> rusqlite::Connection {
    Register::create_at_version(path, 4).unwrap();
    rusqlite::Connection::open(path).unwrap().execute_batch(REGISTER_OF_VERSION_4).unwrap();
    drop(Register::open(path).unwrap());
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn a_register_of_version_4_migrates_to_the_same_rows_as_the_file_does() {
    // Sorting text as the city's server does, not in the file's byte order.
    let Some(db) = TestDatabase::swedish() else { return };
    let mut owner = db.as_owner();
    let upto4 = shared::migrate_until(&mut owner, 4).unwrap();
    assert_eq!((upto4.from, upto4.to), (0, 4));
    owner.batch_execute(REGISTER_OF_VERSION_4).unwrap();
    let rest = shared::admin_migrate(&ConnInfo::parse(&db.owner_url()).unwrap()).unwrap();
    assert_eq!((rest.from, rest.to), (4, LATEST_VERSION));
    assert_eq!(
        rest.applied,
        ["0005_comparable_costs", "0006_register_lists", "0007_annual_analysis", "0008_harvest", "0009_deviations", "0010_evaluation"]
    );

    let dir = tempfile::tempdir().unwrap();
    let file = file_register_migrated_from_4(&dir.path().join("gammal.nytta"));
    for (table, sql) in CARRIED {
        assert_eq!(shared_rows(&mut owner, sql), file_rows(&file, sql), "{table}");
    }

    // The comparison is of something: what the file's migrations are known to make.
    let text = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
    assert_eq!(
        shared_rows(&mut owner, CARRIED[0].1),
        [
            text(&["1", "2024", "0"]),
            text(&["1", "2025", "450000"]),
            text(&["1", "2026", "450000.50"]),
            text(&["2", "2024", "180000"]),
            text(&["2", "2026", "-200000"]),
            text(&["3", "2023", "5000"]),
            text(&["3", "2024", "5000"]),
            text(&["3", "2025", "5000"]),
        ],
        "år N from the first approval (2024), the start date (2024) and the year created (2023)"
    );
    let audit = shared_rows(&mut owner, CARRIED[1].1);
    assert_eq!(audit.len(), 3, "one audit row per initiative with a running cost");
    assert_eq!(audit[0][5].as_deref(), Some(r#"{"year_n":"0","year_n1":"450000","year_n2":"450000.50"}"#));
    assert_eq!(
        audit[1][6].as_deref(),
        Some(r#"[{"year":2024,"amount":"180000"},{"year":2026,"amount":"-200000"}]"#)
    );
    assert!(audit[0][7].as_deref().unwrap().ends_with("(beslutsår 2024, från första godkända nyttokalkyl eller nyttorealiseringsplan)."));
    assert_eq!(
        shared_rows(&mut owner, CARRIED[3].1).iter().map(|r| r[2].clone().unwrap()).collect::<Vec<_>>(),
        ["Extern service", "extern service", "Öppna data", "Öppna data"],
        "in the file's byte order per organisation, with ids to match"
    );
    let dropped: i64 = owner
        .query_one(
            "SELECT count(*) FROM information_schema.columns
             WHERE table_schema = 'nytta' AND table_name = 'initiative' AND column_name LIKE 'running_cost_n%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(dropped, 0, "år N, N+1 and N+2 are gone from the initiative");
}
