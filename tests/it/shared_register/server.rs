//! A database of its own for each test on the throwaway server, with an owner that is neither
//! superuser nor BYPASSRLS, and login roles for the people a test plays.

use std::sync::atomic::{AtomicU32, Ordering};

use nytta::store::postgres::{self as shared, ConnInfo};
use ::postgres::{Client, NoTls};

/// The server's superuser address, or `None` when the run left PostgreSQL out.
fn server_url() -> Option<String> {
    if std::env::var("NYTTA_PG").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        eprintln!("NYTTA_PG=off: the test on PostgreSQL is left out");
        return None;
    }
    match std::env::var("NYTTA_PG_URL") {
        Ok(url) => Some(url),
        Err(_) => panic!(
            "NYTTA_PG_URL is not set: `cargo xtask test` starts a PostgreSQL server for these tests \
             (or set NYTTA_PG=off to leave them out)"
        ),
    }
}

/// Whether this run includes the tests on PostgreSQL (`NYTTA_PG=off` leaves them out).
pub fn enabled() -> bool {
    server_url().is_some()
}

/// One test's database: `nytta_<pid>_<n>`, owned by the role of the same name.
pub struct TestDatabase {
    superuser: ::postgres::Config,
    pub name: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl TestDatabase {
    /// A new, empty database and its owner (LOGIN CREATEROLE, not superuser, not BYPASSRLS),
    /// or `None` when the run left PostgreSQL out.
    pub fn new() -> Option<TestDatabase> {
        TestDatabase::create("")
    }

    /// [`TestDatabase::new`] sorting text as a Swedish city's server does (ICU's sv-SE), where
    /// "extern service" comes before "Extern service" and neither in the file's byte order.
    pub fn swedish() -> Option<TestDatabase> {
        TestDatabase::create("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C.UTF-8'")
    }

    fn create(options: &str) -> Option<TestDatabase> {
        let url = server_url()?;
        let superuser: ::postgres::Config = url.parse().expect("NYTTA_PG_URL is a connection string");
        let name = format!("nytta_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let mut admin = superuser.connect(NoTls).expect("the test server answers");
        // The users' group role belongs to the whole server; tests running side by side may
        // race to create it, and the loser's "already exists" is fine.
        if let Err(e) = admin.batch_execute("CREATE ROLE nytta_anvandare NOLOGIN") {
            use ::postgres::error::SqlState;
            let code = e.code().cloned();
            assert!(
                code == Some(SqlState::DUPLICATE_OBJECT) || code == Some(SqlState::UNIQUE_VIOLATION),
                "{e}"
            );
        }
        admin.batch_execute(&format!("CREATE ROLE {name} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS")).unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name} OWNER {name} {options}")).unwrap();
        // The owner creates the register's schema in its own database.
        let mut db = TestDatabase { superuser, name };
        db.as_superuser().batch_execute(&format!("GRANT CREATE ON DATABASE {0} TO {0}", db.name)).unwrap();
        Some(db)
    }

    /// The connection string for `user` on this database.
    pub fn url_for(&self, user: &str) -> String {
        let host = match self.superuser.get_hosts().first() {
            Some(::postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = self.superuser.get_ports().first().copied().unwrap_or(5432);
        format!("postgres://{user}@{host}:{port}/{}?sslmode=disable", self.name)
    }

    /// The owner's address (the register's owner runs `admin migrate`).
    pub fn owner_url(&self) -> String {
        self.url_for(&self.name)
    }

    pub fn as_superuser(&mut self) -> Client {
        let mut config = self.superuser.clone();
        config.dbname(&self.name);
        config.connect(NoTls).unwrap()
    }

    /// The owner, connected as the app connects (search path, timeouts).
    pub fn as_owner(&self) -> Client {
        self.connect_as(&self.name)
    }

    pub fn connect_as(&self, user: &str) -> Client {
        shared::connect(&ConnInfo::parse(&self.url_for(user)).unwrap()).unwrap()
    }

    /// A login role that is a plain person: not owner, not superuser, not BYPASSRLS.
    pub fn person(&mut self, who: &str) -> String {
        let role = format!("{}_{who}", self.name);
        self.as_superuser()
            .batch_execute(&format!("CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))
            .unwrap();
        role
    }

    /// Migrates the register as its owner.
    pub fn migrated(self) -> TestDatabase {
        shared::admin_migrate(&ConnInfo::parse(&self.owner_url()).unwrap()).expect("the migrations apply");
        self
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Leave the server as found; a failed drop only leaves a database on a throwaway server.
        let Ok(mut admin) = self.superuser.connect(NoTls) else { return };
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {0} WITH (FORCE)", self.name));
        let roles: Vec<String> = admin
            .query("SELECT rolname FROM pg_roles WHERE rolname LIKE $1", &[&format!("{}%", self.name)])
            .map(|rows| rows.iter().map(|r| r.get(0)).collect())
            .unwrap_or_default();
        for role in roles {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
        }
    }
}
