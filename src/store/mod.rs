//! The register store: the only module that speaks SQL.
//!
//! A register is one SQLite file (`.nytta`). Opening checks the file before SQLite touches
//! it, takes a backup before any migration, and applies the embedded migrations in order.
//! Every user action runs in one transaction and writes its audit-log rows in the same one.

mod annual_analysis;
mod audit;
mod backup;
mod bench_support;
mod calculations;
mod deviations;
mod direct_import;
mod error;
mod harvest;
mod evaluations;
mod header;
mod initiatives;
mod interface;
mod lists;
mod measurements;
mod migrate;
mod plans;
pub mod postgres;
mod rows;
mod staging;
mod tables;
mod transfer;
mod versions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};

pub use audit::AuditEntry;
#[doc(hidden)]
pub use bench_support::BulkMeasurements;
pub use backup::{backup_to, daily_backup, list_backups, restore, take_backup, BackupKind, BACKUPS_KEPT};
pub use error::{Result, StoreError};
pub use header::{refuse_overwriting_register, APPLICATION_ID};
pub use interface::*;

/// The parts of the store interface, for code that calls them on a concrete backend (generic
/// code names [`RegisterStore`] alone): `use nytta::store::prelude::*;`.
pub mod prelude {
    pub use super::interface::{
        AnnualAnalysisStore, AuditLog, CalculationStore, DeviationStore, DocumentTransfer, EvaluationStore, HarvestStore,
        InitiativeStore, MeasurementImportStore, MeasurementStore,
        PlanStore, RegisterInfo, RegisterLists, RegisterStore, TableReader,
    };
}
pub use migrate::LATEST_VERSION;

/// An open register.
pub struct Register {
    conn: Connection,
    path: PathBuf,
    author: String,
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register").field("path", &self.path).field("author", &self.author).finish()
    }
}

/// A write failure that tests can provoke, see [`Register::simulate_fault`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum SimulatedFault {
    DiskFull,
    ReadOnly,
}

/// Counts per entity and the result of SQLite's own checks, for `nytta check`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub schema_version: i64,
    pub integrity: String,
    pub foreign_key_violations: i64,
    pub counts: Vec<(String, i64)>,
}

impl Register {
    /// Creates a new, empty register. Refuses to overwrite an existing file.
    pub fn create(path: &Path, name: &str) -> Result<Register> {
        // A new register named as another's -wal or -shm would be taken for that register's
        // log, and its own data lost, the next time the other is opened.
        crate::files::refuse_register(path, None)?;
        create_private_file(path)?;
        let result = (|| {
            let conn = Connection::open_with_flags(path, open_flags())?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            let mut register = Register::configure(conn, path)?;
            migrate::apply(&mut register.conn, 0)?;
            let tx = register.conn.transaction()?;
            tx.execute(
                "INSERT INTO register_info (key, value) VALUES ('name', ?1), ('created_at', ?2)",
                (name.trim(), now()),
            )?;
            tx.commit()?;
            Ok(register)
        })();
        if result.is_err() {
            // Nothing of value is in a half-created file; leave no debris behind.
            let _ = std::fs::remove_file(path);
        }
        result
    }

    /// Creates a register at an older schema version, as an earlier release of the program
    /// would have; for tests of migration and backup.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<()> {
        create_private_file(path)?;
        let mut conn = Connection::open_with_flags(path, open_flags())?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate::apply_until(&mut conn, 0, version)?;
        Ok(())
    }

    /// Opens an existing register, migrating it (after a backup) when it is older than this
    /// program. A file that is not a register, is damaged or is too new is left untouched.
    pub fn open(path: &Path) -> Result<Register> {
        header::inspect(path)?;
        Register::open_inspected(path)
    }

    /// [`Register::open`] after the header check.
    fn open_inspected(path: &Path) -> Result<Register> {
        let (conn, version) = connect(path)?;
        if version > LATEST_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, supported: LATEST_VERSION });
        }
        if version < LATEST_VERSION {
            backup::take_backup(path, BackupKind::Migration { from_version: version })?;
        }
        let mut register = Register::configure(conn, path)?;
        migrate::apply(&mut register.conn, version)?;
        Ok(register)
    }

    fn configure(conn: Connection, path: &Path) -> Result<Register> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(Register { conn, path: path.to_path_buf(), author: default_author() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the next writes fail the way a full disk or a read-only file does, so tests can
    /// prove that such a failure leaves the register whole and the program running.
    #[doc(hidden)]
    pub fn simulate_fault(&self, fault: Option<SimulatedFault>) -> Result<()> {
        let pages: i64 = self.conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        let (max_pages, query_only) = match fault {
            Some(SimulatedFault::DiskFull) => (pages, false),
            Some(SimulatedFault::ReadOnly) => (i64::from(u32::MAX), true),
            None => (i64::from(u32::MAX), false),
        };
        self.conn.pragma_update(None, "max_page_count", max_pages)?;
        self.conn.pragma_update(None, "query_only", query_only)?;
        Ok(())
    }

    /// A number that changes whenever another connection commits to the file; the window
    /// polls it to notice changes made elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// Runs `action` in one transaction: all of it is stored, or none of it. Every change to a
    /// register file passes here, so a snapshot of the shared register ([`SNAPSHOT_OF`]) is
    /// refused here, whichever change it is.
    pub(crate) fn write<T>(&mut self, action: impl FnOnce(&Transaction, &str) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        refuse_snapshot(&tx)?;
        let value = action(&tx, &self.author)?;
        tx.commit()?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl RegisterInfo for Register {
    /// Who the audit log names for changes made through this handle.
    fn author(&self) -> &str {
        &self.author
    }

    fn set_author(&mut self, author: &str) {
        let author = author.trim();
        if !author.is_empty() {
            self.author = author.to_string();
        }
    }

    /// The register's display name (shown in the window title and on reports).
    fn name(&self) -> Result<String> {
        let name: Option<String> = rows::optional(self.conn.query_row(
            "SELECT value FROM register_info WHERE key = 'name'",
            [],
            |row| row.get(0),
        ))?;
        Ok(name.filter(|n| !n.is_empty()).unwrap_or_else(|| {
            self.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        }))
    }

    /// The fixed "today" of a demo register (see `demo::DEMO_DATE`); `None` for real registers,
    /// which are always shown as of the actual date.
    fn demo_date(&self) -> Result<Option<chrono::NaiveDate>> {
        let text: Option<String> = rows::optional(self.conn.query_row(
            "SELECT value FROM register_info WHERE key = 'demo_date'",
            [],
            |row| row.get(0),
        ))?;
        Ok(text.and_then(|t| chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
    }

    /// A value that changes whenever anything is committed to the file, by this handle
    /// ([`Register::data_version`] does not see those) or by another connection: for a caller
    /// that keeps something computed from the register and must know whether it still holds.
    fn change_key(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    /// Schema version, SQLite's integrity and foreign-key checks, and counts per entity.
    fn check(&self) -> Result<CheckReport> {
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_key_violations = fk.query_map([], |_| Ok(()))?.count() as i64;
        let mut counts = Vec::new();
        for (label, table) in COUNTED_TABLES {
            let count: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            counts.push((label.to_string(), count));
        }
        Ok(CheckReport {
            schema_version: self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            integrity,
            foreign_key_violations,
            counts,
        })
    }

    /// `REINDEX` in one transaction: every index built anew from its table, so that a
    /// damaged index (`PRAGMA integrity_check`: "row … missing from index") agrees again.
    fn rebuild_derived(&mut self) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch("REINDEX")?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `read` inside one read transaction, so that every query it makes sees the same
    /// state of the file even if another program writes to it meanwhile.
    fn read_consistently<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // Inside a caller's transaction the view is already consistent (and a second BEGIN
        // would be refused).
        if !self.conn().is_autocommit() {
            return read(self);
        }
        let snapshot = self
            .conn()
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        let value = read(self);
        // Nothing was written: ending the transaction is all that is left to do.
        drop(snapshot);
        value
    }

    fn mark_as_demo(&mut self, name: &str, date: chrono::NaiveDate) -> Result<()> {
        let name = name.trim().to_string();
        self.write(|tx, _| {
            for (key, value) in [("name", name.clone()), ("demo_date", date.format("%Y-%m-%d").to_string())] {
                tx.execute(
                    "INSERT INTO register_info (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value.as_str()],
                )?;
            }
            Ok(())
        })
    }

    /// The register's own settings (`name`, `created_at`, …), by key.
    fn register_info(&self) -> Result<BTreeMap<String, String>> {
        let mut info = BTreeMap::new();
        tables::each_row(
            self.conn(),
            "SELECT key, value FROM register_info ORDER BY key",
            [],
            tables::key_value,
            |(k, v)| {
                info.insert(k, v);
                Ok::<_, StoreError>(())
            },
        )?;
        Ok(info)
    }
}

/// The `register_info` key that marks a register file as a snapshot of the shared register
/// (`nytta pull`): the shared register's address, `user@server:port/database`. A snapshot is
/// read, reported on and exported like any register, and never changed.
pub const SNAPSHOT_OF: &str = "snapshot_of";
/// When the snapshot was taken (ÅÅÅÅ-MM-DDTtt:mm:ss, local time).
pub const SNAPSHOT_AT: &str = "snapshot_at";
/// The organisation a snapshot was limited to (`nytta pull --org`), when it was.
pub const SNAPSHOT_ORGANISATION: &str = "snapshot_organisation";

/// Refuses any change to a snapshot of the shared register, inside the change's transaction.
pub(crate) fn refuse_snapshot(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM register_info WHERE key IN (?1, ?2)")?;
    let info: BTreeMap<String, String> =
        stmt.query_map([SNAPSHOT_OF, SNAPSHOT_AT], tables::key_value)?.collect::<rusqlite::Result<_>>()?;
    match info.get(SNAPSHOT_OF) {
        None => Ok(()),
        Some(of) => {
            let at = info.get(SNAPSHOT_AT).map(|at| format!(" den {}", at.replace('T', " "))).unwrap_or_default();
            Err(StoreError::Refused(format!(
                "Registret är en ögonblicksbild av det delade registret {of}, tagen{at}, och kan inte ändras. \
                 Ändringar görs i det delade registret; hämta sedan en ny ögonblicksbild med nytta pull."
            )))
        }
    }
}

/// Opens a connection to `path` and reads its schema version through SQLite, not the header:
/// in WAL mode the newest version may still be in the -wal file. Reading changes nothing in
/// the file.
///
/// A register in WAL mode needs its -shm file, which SQLite creates and grows on the first
/// read; on a full disk that fails, and so would every command, even `nytta check`. Then the
/// file is opened again with `locking_mode=EXCLUSIVE`, which keeps the log's index in this
/// process's memory instead (sqlite.org/wal.html §8): reads work, writes fail only if the log
/// cannot grow (a full disk, said so), and other programs wait while this one has it open.
fn connect(path: &Path) -> Result<(Connection, i64)> {
    let open = || {
        let connect = || -> rusqlite::Result<Connection> {
            let conn = Connection::open_with_flags(path, open_flags())?;
            // Wait for another program's write or recovery already on the first read.
            conn.busy_timeout(BUSY_TIMEOUT)?;
            Ok(conn)
        };
        connect().map_err(|e| error::open_error(path, e))
    };
    let conn = open()?;
    match schema_version(&conn) {
        Ok(version) => Ok((conn, version)),
        Err(e) if no_room_for_wal_index(&e) => {
            drop(conn);
            let conn = open()?;
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(|e| error::open_error(path, e))?;
            let version = schema_version(&conn).map_err(|e| error::open_error(path, e))?;
            Ok((conn, version))
        }
        Err(e) => Err(error::open_error(path, e)),
    }
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Whether `error` is SQLite failing to create, grow or map the -shm file (a full disk, no
/// free inodes, a folder it may not write in).
fn no_room_for_wal_index(error: &rusqlite::Error) -> bool {
    use rusqlite::ffi::{SQLITE_IOERR_SHMMAP, SQLITE_IOERR_SHMOPEN, SQLITE_IOERR_SHMSIZE};
    match error {
        rusqlite::Error::SqliteFailure(e, _) => {
            e.code == rusqlite::ErrorCode::DiskFull
                || [SQLITE_IOERR_SHMOPEN, SQLITE_IOERR_SHMSIZE, SQLITE_IOERR_SHMMAP].contains(&e.extended_code)
        }
        _ => false,
    }
}

/// How long a command waits for another program's write before it says "try again".
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How the store opens a register file: read-write, never creating it (a new register is
/// created as a private file first), and without SQLite's per-connection mutex. A
/// [`Connection`] is `Send` but not `Sync`, so it is never used from two threads at once;
/// the mutex only cost a lock and an unlock around every `sqlite3_column_*` call — a tenth
/// of the time of reading a million measurements (`cargo xtask bench`, docs/prestanda.md).
fn open_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Tables counted by `nytta check`, with their Swedish names.
const COUNTED_TABLES: &[(&str, &str)] = &[
    ("Organisationer", "organisation"),
    ("Förändringsinsatser", "initiative"),
    ("Statusrapporter", "status_report"),
    ("Kostnadsrader", "cost_year"),
    ("Nyttokalkylversioner", "calculation"),
    ("Beräkningsfaktorer", "calc_factor"),
    ("Planversioner", "plan_version"),
    ("Mätningar", "measurement"),
    ("Loggposter", "audit_log"),
];

/// Creates the file with owner-only permissions: a register holds unpublished plans.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    match crate::files::private::create(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::FileExists(path.to_path_buf())),
        Err(e) => Err(e.into()),
    }
}

/// The operating-system user, the default author of every change.
pub fn default_author() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "okänd användare".to_string())
}

/// Local time as ISO-8601 with seconds, for audit rows and timestamps.
pub(crate) fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A register whose file ends `missing` pages before page 1 says it does, with no log
    /// holding those pages: what a reader sees in the middle of another program's checkpoint
    /// (page 1 written, the pages that extend the file not yet) once the next writer has
    /// started the log afresh. Returns the register's path and its whole bytes.
    fn cut_off_register(dir: &Path, missing: u64) -> (PathBuf, Vec<u8>) {
        let path = dir.join("r.nytta");
        drop(Register::create(&path, "Avbruten").unwrap());
        let whole = std::fs::read(&path).unwrap();
        assert!(!path.with_extension("nytta-wal").exists(), "a clean close leaves no log");
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(whole.len() as u64 - missing * 4096).unwrap();
        (path, whole)
    }

    fn says_try_again_never_restore(error: &StoreError) {
        let text = error.to_string();
        assert!(text.contains("Försök igen"), "{text}");
        for advice in ["skadad", "säkerhetskopia", "Återställ"] {
            assert!(!text.contains(advice), "{advice} in: {text}");
        }
    }

    #[test]
    fn a_checkpoint_that_completes_between_looks_is_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let (path, whole) = cut_off_register(dir.path(), 2);
        let mut looks = 0;
        header::inspect_with(&path, |_| {
            looks += 1;
            // The other program's checkpoint writes the pages that extend the file.
            std::fs::write(&path, &whole).unwrap();
        })
        .expect("the file came right: it was a checkpoint in flight");
        assert_eq!(looks, 1);
        let register = Register::open_inspected(&path).unwrap();
        assert_eq!(register.check().unwrap().integrity, "ok");
    }

    #[test]
    fn a_file_that_changes_on_every_look_is_being_written_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let (path, whole) = cut_off_register(dir.path(), 2);
        let error = header::inspect_with(&path, |attempt| {
            // A writer at work: the length moves and page 1 still promises more.
            let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.set_len(whole.len() as u64 - 4096 * (1 + u64::from(attempt % 2))).unwrap();
        })
        .unwrap_err();
        assert!(matches!(error, StoreError::BeingWritten(_)), "{error}");
        says_try_again_never_restore(&error);
    }

    #[test]
    fn a_log_restarted_between_looks_is_being_written_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = cut_off_register(dir.path(), 1);
        let wal = path.with_extension("nytta-wal");
        let error = header::inspect_with(&path, |attempt| {
            // The next writer starts the log with new salts each time.
            let mut log = vec![0u8; 32];
            log[..4].copy_from_slice(&0x377f_0682u32.to_be_bytes());
            log[16..20].copy_from_slice(&attempt.to_be_bytes());
            std::fs::write(&wal, &log).unwrap();
        })
        .unwrap_err();
        assert!(matches!(error, StoreError::BeingWritten(_)), "{error}");
    }

    #[test]
    fn a_file_that_stays_short_is_damaged_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = cut_off_register(dir.path(), 2);
        let before = std::fs::read(&path).unwrap();
        let mut looks = 1;
        let error = header::inspect_with(&path, |_| looks += 1).unwrap_err();
        assert!(looks > 3, "looked {looks} times before judging");
        assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
        assert!(error.to_string().contains("Återställ den senaste säkerhetskopian"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn only_corrupt_and_not_a_database_mean_damaged_on_open() {
        use rusqlite::ffi;
        let path = Path::new("r.nytta");
        let failure = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some("english detail".into()));
        for code in [ffi::SQLITE_CORRUPT, ffi::SQLITE_NOTADB] {
            let error = error::open_error(path, failure(code));
            assert!(matches!(error, StoreError::Corrupt { .. }), "{code}: {error}");
            assert!(!error.to_string().contains("english"), "{error}");
        }
        let full = error::open_error(path, failure(ffi::SQLITE_FULL));
        assert!(matches!(full, StoreError::DiskFull), "{full}");
        for code in [ffi::SQLITE_FULL, ffi::SQLITE_IOERR, ffi::SQLITE_BUSY, ffi::SQLITE_LOCKED, ffi::SQLITE_CANTOPEN] {
            let text = error::open_error(path, failure(code)).to_string();
            for word in ["skadad", "säkerhetskopia", "Återställ", "english"] {
                assert!(!text.contains(word), "{code}: {word} in {text}");
            }
        }
        for code in [ffi::SQLITE_IOERR, ffi::SQLITE_BUSY, ffi::SQLITE_LOCKED] {
            let text = error::open_error(path, failure(code)).to_string();
            assert!(text.to_lowercase().contains("försök igen"), "{code}: {text}");
        }
    }

    #[test]
    fn a_full_disk_on_the_first_read_falls_back_to_the_exclusive_wal_index() {
        let extended = |code| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        assert!(no_room_for_wal_index(&extended(rusqlite::ffi::SQLITE_IOERR_SHMSIZE)));
        assert!(no_room_for_wal_index(&extended(rusqlite::ffi::SQLITE_FULL)));
        assert!(!no_room_for_wal_index(&extended(rusqlite::ffi::SQLITE_IOERR_READ)));
        assert!(!no_room_for_wal_index(&extended(rusqlite::ffi::SQLITE_CORRUPT)));
    }
}
