//! The benchmark register in the shared register on PostgreSQL (issue 16): loading it into a
//! server, fresh copies for the import case, and PostgreSQL's own `COPY` of the import's rows,
//! the baseline the shared register's import is compared with.
//!
//! The server is any PostgreSQL the bench is given a superuser's address of (`bench run --pg
//! URL`; `cargo xtask bench` starts a throwaway one). The register goes into a database named
//! after the SQLite register's cache key and the shared schema's version
//! ([`database_name`]), owned by the role [`OWNER`] (LOGIN CREATEROLE, neither superuser nor
//! BYPASSRLS, as a city's register owner), and is marked loaded only when the load finished:
//! on a server that lives between runs the load is done once.
//!
//! Like [`crate::measure::raw_insert`], the baseline is the benchmark's own SQL, not app code.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use postgres::{Client, NoTls};

use nytta::store::postgres::{ConnInfo, PgRegister};
use nytta::store::prelude::*;

/// The suffix of a case's id on the shared register (`statuses_pg`).
pub const SUFFIX: &str = "_pg";
/// The role that owns the benchmark's databases.
pub const OWNER: &str = "nytta_bench";
/// The comment a database carries once the register is wholly in it.
const LOADED: &str = "nytta bench: loaded";

/// The database of the register with the cache key `key` (`g2-s2026-schema3-…`), at this
/// program's schema version of the shared register.
pub fn database_name(key: &str) -> String {
    let name = format!("nytta_bench_{}_pg{}", key.replace('-', "_"), nytta::store::postgres::LATEST_VERSION);
    name.chars().take(63).collect()
}

/// A server the bench uses, by its superuser's address.
pub struct Server {
    superuser: postgres::Config,
}

/// What loading the register took (nothing when an earlier run's database was there).
#[derive(Debug, Clone, Default)]
pub struct Load {
    /// Reading every record of the SQLite register (`read_records`).
    pub read: Duration,
    /// Migrating the empty database (`nytta admin migrate`).
    pub migrate: Duration,
    /// `import_records` into the empty shared register.
    pub import: Duration,
    /// `VACUUM ANALYZE` afterwards, as autovacuum would do in time: statistics for the
    /// planner and the visibility map the index-only scans need.
    pub vacuum: Duration,
}

impl Load {
    pub fn total(&self) -> Duration {
        self.read + self.migrate + self.import + self.vacuum
    }
}

impl Server {
    pub fn new(superuser_url: &str) -> Result<Server> {
        let superuser: postgres::Config =
            superuser_url.parse().with_context(|| format!("{superuser_url} is not a connection string"))?;
        Ok(Server { superuser })
    }

    fn admin(&self) -> Result<Client> {
        self.superuser.connect(NoTls).context("the PostgreSQL server does not answer")
    }

    /// The connection string of `user` on database `db` (no TLS: a local server).
    pub fn url_for(&self, user: &str, db: &str) -> String {
        let host = match self.superuser.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = self.superuser.get_ports().first().copied().unwrap_or(5432);
        format!("postgres://{user}@{host}:{port}/{db}?sslmode=disable")
    }

    /// The server's version, as it says it (`PostgreSQL 15.18 …`).
    pub fn version(&self) -> Result<String> {
        Ok(self.admin()?.query_one("SELECT version()", &[])?.get(0))
    }

    /// The group role of the register's users and the benchmark's owner, unless there.
    fn ensure_roles(&self, admin: &mut Client) -> Result<()> {
        for sql in [
            "CREATE ROLE nytta_anvandare NOLOGIN".to_string(),
            format!("CREATE ROLE {OWNER} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS"),
        ] {
            if let Err(e) = admin.batch_execute(&sql) {
                if e.code() != Some(&postgres::error::SqlState::DUPLICATE_OBJECT) {
                    return Err(e.into());
                }
            }
        }
        Ok(())
    }

    /// Whether database `db` holds a whole loaded register.
    pub fn is_loaded(&self, db: &str) -> Result<bool> {
        let row = self.admin()?.query_opt(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            &[&db],
        )?;
        Ok(row.and_then(|r| r.get::<_, Option<String>>(0)).as_deref() == Some(LOADED))
    }

    /// The register `sqlite` in database `db`: reused when an earlier run loaded it (`None`),
    /// otherwise made anew (an unfinished one is dropped first) through the store's own
    /// transfer: every record read from the file register and imported into the empty shared
    /// one, as `nytta push` or `nytta import json` would move a register.
    pub fn ensure_loaded(&self, db: &str, sqlite: &Path) -> Result<Option<Load>> {
        if self.is_loaded(db)? {
            return Ok(None);
        }
        let mut admin = self.admin()?;
        self.ensure_roles(&mut admin)?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))?;
        admin.batch_execute(&format!("CREATE DATABASE {db} OWNER {OWNER}"))?;
        admin.batch_execute(&format!("GRANT CREATE ON DATABASE {db} TO {OWNER}"))?;
        let info = self.owner_info(db)?;
        let mut load = Load::default();

        let t = Instant::now();
        nytta::store::postgres::admin_migrate(&info)?;
        load.migrate = t.elapsed();

        let t = Instant::now();
        let records = nytta::store::Register::open(sqlite)?.read_records()?;
        load.read = t.elapsed();

        let t = Instant::now();
        let mut shared = PgRegister::open(&info)?;
        shared.import_records(records.content())?;
        drop(shared);
        load.import = t.elapsed();
        drop(records);

        let t = Instant::now();
        let mut database = self.connect_db(db)?;
        database.batch_execute("VACUUM (ANALYZE)")?;
        load.vacuum = t.elapsed();
        admin.batch_execute(&format!("COMMENT ON DATABASE {db} IS '{LOADED}'"))?;
        Ok(Some(load))
    }

    /// The owner's connection to `db`, as the app takes it.
    pub fn owner_info(&self, db: &str) -> Result<ConnInfo> {
        ConnInfo::parse(&self.url_for(OWNER, db)).map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// The superuser on database `db`.
    fn connect_db(&self, db: &str) -> Result<Client> {
        let mut config = self.superuser.clone();
        config.dbname(db);
        Ok(config.connect(NoTls)?)
    }

    /// A fresh copy of database `from` named `to` (replacing any), for a case that changes
    /// the register: `CREATE DATABASE … TEMPLATE` copies its files (`STRATEGY FILE_COPY`
    /// where the server has the choice, PostgreSQL 15 and later). The copy is analysed, as
    /// the loaded register was.
    pub fn fresh_copy(&self, from: &str, to: &str) -> Result<()> {
        let mut admin = self.admin()?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {to} WITH (FORCE)"))?;
        let major: i32 = admin.query_one("SELECT current_setting('server_version_num')::int / 10000", &[])?.get(0);
        let strategy = if major >= 15 { " STRATEGY FILE_COPY" } else { "" };
        admin.batch_execute(&format!("CREATE DATABASE {to} TEMPLATE {from} OWNER {OWNER}{strategy}"))?;
        Ok(())
    }

    pub fn drop_database(&self, db: &str) -> Result<()> {
        self.admin()?.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))?;
        Ok(())
    }

    /// The size of database `db` on disk, in bytes.
    pub fn database_size(&self, db: &str) -> Result<i64> {
        Ok(self.admin()?.query_one("SELECT pg_database_size($1::text)", &[&db])?.get(0))
    }
}

/// One row of the import: initiative code, indicator code, date, value and comment, as
/// [`crate::measure::raw_insert`] takes them.
pub type ImportRow = (String, String, String, String, String);

/// PostgreSQL's own `COPY` of `rows` into the `measurement` table of the shared register at
/// `owner_url` (a fresh copy of the loaded register): the baseline of the shared register's
/// import, as the raw insert is the file register's.
///
/// The same table with its million rows, its indexes, its unique rule and its reference to
/// the initiative, which the import writes to; only its row-level security is relaxed for
/// the owner first (`NO FORCE ROW LEVEL SECURITY`), because PostgreSQL refuses `COPY … FROM`
/// into a table whose policies apply. The rows are resolved and written as `COPY`'s text in
/// memory before the clock starts; what is timed is sending them with `COPY … FROM STDIN` in
/// one transaction and its commit. Returns the time and the number of rows.
pub fn copy_baseline(owner_url: &str, rows: &[ImportRow]) -> Result<(Duration, usize)> {
    let mut client: Client = owner_url.parse::<postgres::Config>()?.connect(NoTls)?;
    client.batch_execute("SET search_path = nytta; ALTER TABLE measurement NO FORCE ROW LEVEL SECURITY")?;
    let ids: std::collections::HashMap<String, i64> =
        client.query("SELECT code, id FROM initiative", &[])?.iter().map(|r| (r.get(0), r.get(1))).collect();
    let now = "2026-10-31 12:00:00";
    let mut text = Vec::with_capacity(rows.len() * 100);
    for (initiative, indicator, date, value, comment) in rows {
        let id = ids.get(initiative).with_context(|| format!("unknown initiative {initiative}"))?;
        use std::io::Write;
        write!(text, "{id}\t")?;
        escape(&mut text, indicator);
        write!(text, "\t{date}\t{value}\tVerksamhetssystemet\t")?;
        escape(&mut text, comment);
        writeln!(text, "\tbench\t{now}\t{now}")?;
    }
    let start = Instant::now();
    let mut tx = client.transaction()?;
    {
        use std::io::Write;
        let mut sink = tx.copy_in(
            "COPY measurement (initiative_id, indicator_code, date, value, source, comment, author, created_at, updated_at)
             FROM STDIN",
        )?;
        sink.write_all(&text)?;
        let copied = sink.finish()?;
        if copied as usize != rows.len() {
            bail!("COPY wrote {copied} rows of {}", rows.len());
        }
    }
    tx.commit()?;
    Ok((start.elapsed(), rows.len()))
}

/// A value in `COPY`'s text format: backslash, tab, newline and carriage return escaped.
fn escape(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_is_named_after_the_cache_key() {
        let name = database_name("g2-s2026-schema3-1000i-1000000m");
        assert!(name.starts_with("nytta_bench_g2_s2026_schema3_1000i_1000000m_pg"), "{name}");
        assert!(name.len() <= 63);
    }

    #[test]
    fn copy_text_escapes_its_separators() {
        let mut out = Vec::new();
        escape(&mut out, "a\tb\\c\nd\re; \"f\"");
        assert_eq!(out, b"a\\tb\\\\c\\nd\\re; \"f\"");
    }
}
