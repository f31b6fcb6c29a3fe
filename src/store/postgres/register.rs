//! The shared register opened for work: the store interface ([`crate::store::RegisterStore`])
//! on PostgreSQL. Each part of the interface is implemented in a module of its own beside
//! this one (`initiatives.rs`, `calculations.rs`, …), with the same rules as the file
//! register's and only the statements different.
//!
//! **Transactions.** Every writing method is one `SERIALIZABLE` transaction holding its audit
//! rows ([`PgRegister::write`]). When another user's transaction on the same rows commits
//! first, PostgreSQL aborts ours with a serialization failure; the action is then run again
//! from the start, a bounded number of times, and only a conflict that persists reaches the
//! user. A stale edit (the row version moved) is not such a conflict: it is refused at once,
//! naming the fields, as in the file register.
//!
//! **Rights.** The connection is the person's own database user; PostgreSQL's row-level
//! security decides what they read and write (`migrations/postgres/`). A read returns only
//! the rows the user may see; a write outside their rights is refused by the server and said
//! in Swedish ([`super::PgError::Denied`]).

use std::cell::{Cell, RefCell, RefMut};
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use postgres::{Client, IsolationLevel, Transaction};

use super::conninfo::ConnInfo;
use super::error::{is_conflict, server_error, PgError};
use crate::store::{CheckReport, RegisterInfo, Result, StoreError};

/// How many times an action is run when other users' transactions keep committing first:
/// with twenty people saving on the same initiative at once, a few need several tries.
const ATTEMPTS: u32 = 12;

/// A shared register, open.
pub struct PgRegister {
    client: RefCell<Client>,
    /// How to connect again when the connection is lost (with the password given, if any:
    /// in memory only).
    info: ConnInfo,
    /// Where the register is, as the user may read it (no password): the window's title when
    /// the register has no name.
    target: String,
    /// The connection without its password ([`ConnInfo::reopen_text`]).
    location: String,
    author: String,
    /// Set while [`RegisterInfo::read_consistently`] holds a read-only snapshot open.
    in_snapshot: Cell<bool>,
    /// Counts this handle's commits, for [`RegisterInfo::change_key`].
    commits: Cell<u64>,
}

impl std::fmt::Debug for PgRegister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgRegister").field("target", &self.target).field("author", &self.author).finish()
    }
}

impl PgRegister {
    /// Connects to the shared register `info` names and checks that its schema is this
    /// program's: an older one waits for `nytta admin migrate` (never run from here), a newer
    /// one is refused.
    pub fn open(info: &ConnInfo) -> Result<PgRegister> {
        let mut client = super::connect(info)?;
        super::check_version(&mut client)?;
        // Until the window names the person, changes are shown as made by their database
        // user (their account), which is also what the log records as who made them.
        let author: String = client.query_one("SELECT session_user::text", &[]).map_err(server_error)?.get(0);
        Ok(PgRegister {
            client: RefCell::new(client),
            info: info.clone(),
            target: info.display.clone(),
            location: info.reopen_text(),
            author,
            in_snapshot: Cell::new(false),
            commits: Cell::new(0),
        })
    }

    /// How to connect to the register (with the password given, if any): for a second
    /// connection of a read (`ranges`).
    pub(super) fn conn_info(&self) -> &ConnInfo {
        &self.info
    }

    /// Where the register is (`user@host:port/dbname`), without any password.
    pub fn address(&self) -> &str {
        &self.target
    }

    /// The connection in libpq's `key=value` form without the password: a second connection
    /// to the same register is opened from it.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// A number that changes when someone else commits a change the user can see: the
    /// newest audit row written by another database user (every change writes one). The
    /// window polls it to show others' changes without a restart; its own saves, like a
    /// file register's `data_version`, do not move it.
    pub fn others_changes(&self) -> Result<i64> {
        Ok(self
            .client()
            .query_one("SELECT coalesce(max(id), 0)::bigint FROM audit_log WHERE db_user <> session_user", &[])?
            .get(0))
    }

    /// The database user this handle is connected as: who the audit log names.
    pub fn session_user(&self) -> Result<String> {
        Ok(self.client().query_one("SELECT session_user::text", &[]).map_err(server_error)?.get(0))
    }

    /// The session user's roles, by organisation (none for the register-wide ones); `None`
    /// for the register's owner, whose own policy reaches every row.
    pub fn session_roles(&self) -> Result<Option<Vec<(Option<i64>, super::MemberRole)>>> {
        let owner: bool = self
            .client()
            .query_one(
                "SELECT session_user = (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'nytta')",
                &[],
            )?
            .get(0);
        if owner {
            return Ok(None);
        }
        let rows = self.client().query(
            "SELECT organisation_id, role FROM membership WHERE db_user = session_user
             ORDER BY organisation_id NULLS FIRST, role",
            &[],
        )?;
        Ok(Some(rows.iter().filter_map(|r| Some((r.get(0), super::MemberRole::parse(r.get(1))?))).collect()))
    }

    /// The connection, for a read. Reads borrow it only for the length of one statement, so
    /// a read made inside another's row callback must collect its rows first.
    pub(crate) fn client(&self) -> RefMut<'_, Client> {
        let mut client = self.client.borrow_mut();
        // Inside a read snapshot a new connection would not see the snapshot: let the lost
        // connection's error end the read instead.
        // A statement that found the connection lost is taken at its word, though the client
        // may not know it is closed yet (`error::take_lost_seen`).
        if (super::error::take_lost_seen() || client.is_closed()) && !self.in_snapshot.get() {
            self.reconnect_into(&mut client);
        }
        client
    }

    /// Replaces a lost connection with a new one when the server answers again; when it
    /// does not, the lost one stays and the next statement says the connection is lost.
    fn reconnect_into(&self, client: &mut Client) {
        let fresh = super::connect(&self.info).and_then(|mut fresh| {
            super::check_version(&mut fresh)?;
            Ok(fresh)
        });
        if let Ok(fresh) = fresh {
            *client = fresh;
            // The loss that led here is dealt with.
            super::error::take_lost_seen();
        }
    }

    /// Runs `action` as one user action: one serializable transaction holding its audit rows,
    /// all stored or none. `action` is run again from the start when PostgreSQL reports that a
    /// concurrent transaction got in the way, so it must not change anything outside the
    /// transaction.
    pub(crate) fn write<T>(&mut self, mut action: impl FnMut(&mut Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        if self.in_snapshot.get() {
            return Err(StoreError::Refused("Registret läses just nu; ändringen kunde inte göras.".into()));
        }
        let mut attempt = 1;
        loop {
            match self.try_write(&mut action) {
                Err(Attempt::Conflict) if attempt < ATTEMPTS => {
                    attempt += 1;
                    std::thread::sleep(backoff(attempt));
                }
                Err(Attempt::Conflict) => return Err(StoreError::Server(PgError::Conflict)),
                Err(Attempt::LostBeforeCommit) => return Err(StoreError::Server(PgError::Lost)),
                Err(Attempt::Failed(error)) => return Err(error),
                Ok(value) => {
                    self.commits.set(self.commits.get() + 1);
                    return Ok(value);
                }
            }
        }
    }

    fn try_write<T>(&mut self, action: &mut impl FnMut(&mut Transaction<'_>, &str) -> Result<T>) -> std::result::Result<T, Attempt> {
        match Self::begin(self.client.get_mut()) {
            Ok(tx) => match Self::run(tx, &self.author, action) {
                // Dropped while the action ran (the server ends a backend a moment after it is
                // told to): nothing was committed, so it is begun again below.
                Err(Attempt::LostBeforeCommit) => {}
                done => return done,
            },
            // A connection the server dropped since the last action (a restart, a network
            // break) shows only when used: when beginning fails so, nothing has been done yet,
            // and the action is begun again on a new connection.
            // The socket may also be found closed only when BEGIN is written to it (broken pipe,
            // reset by peer): every way the client says so counts (`error::is_lost`).
            Err(error) if !super::error::is_lost(&error) => return Err(Attempt::from(error)),
            Err(_) => {}
        }
        let mut client = self.client.borrow_mut();
        self.reconnect_into(&mut client);
        drop(client);
        let tx = Self::begin(self.client.get_mut()).map_err(Attempt::from)?;
        Self::run(tx, &self.author, action).map_err(|attempt| match attempt {
            Attempt::LostBeforeCommit => Attempt::Failed(StoreError::Server(PgError::Lost)),
            other => other,
        })
    }

    /// Runs `action` in `tx` and commits.
    fn run<T>(
        mut tx: Transaction<'_>,
        author: &str,
        action: &mut impl FnMut(&mut Transaction<'_>, &str) -> Result<T>,
    ) -> std::result::Result<T, Attempt> {
        let value = action(&mut tx, author).map_err(|error| match error {
            StoreError::Server(PgError::Conflict) => Attempt::Conflict,
            StoreError::Server(PgError::Lost) => Attempt::LostBeforeCommit,
            other => Attempt::Failed(other),
        })?;
        // A connection lost at the commit itself is not begun again: whether the server
        // committed is not known, and the error says the connection was lost.
        tx.commit().map_err(Attempt::from)?;
        Ok(value)
    }

    /// Begins a serializable transaction.
    fn begin(client: &mut Client) -> std::result::Result<Transaction<'_>, postgres::Error> {
        client.build_transaction().isolation_level(IsolationLevel::Serializable).start()
    }

    /// Runs `action` once, in one transaction at `isolation`, committed only when it returns
    /// `Ok((value, true))` and otherwise rolled back. For work that cannot be run again (a
    /// measurement import reads its file once): unlike [`PgRegister::write`], a serialization
    /// failure is not retried but reported as [`PgError::Conflict`], whose sentence asks the
    /// user to try again.
    pub(crate) fn write_once<T, E: From<StoreError>>(
        &mut self,
        isolation: IsolationLevel,
        action: impl FnOnce(&mut Transaction<'_>, &str) -> std::result::Result<(T, bool), E>,
    ) -> std::result::Result<T, E> {
        if self.in_snapshot.get() {
            return Err(StoreError::Refused("Registret läses just nu; ändringen kunde inte göras.".into()).into());
        }
        if self.client.get_mut().is_closed() {
            let mut client = self.client.borrow_mut();
            self.reconnect_into(&mut client);
        }
        let client = self.client.get_mut();
        let mut tx = client.build_transaction().isolation_level(isolation).start().map_err(StoreError::from)?;
        let (value, commit) = action(&mut tx, &self.author)?;
        if commit {
            tx.commit().map_err(StoreError::from)?;
            self.commits.set(self.commits.get() + 1);
        }
        // Otherwise dropping the transaction rolls it back.
        Ok(value)
    }

    /// Names the register (`register_info.name`), as its owner or an administrator does when
    /// it is set up.
    pub fn set_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim().to_string();
        self.write(|tx, _| {
            tx.execute(
                "INSERT INTO register_info (key, value) VALUES ('name', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&name],
            )?;
            Ok(())
        })
    }

    /// The value of one `register_info` key.
    fn info_value(&self, key: &str) -> Result<Option<String>> {
        let row = self
            .client()
            .query_opt("SELECT value FROM register_info WHERE key = $1", &[&key])
            .map_err(server_error)?;
        Ok(row.map(|r| r.get(0)))
    }
}

/// How long to wait before running an action again: doubling from 5 ms up to half a second,
/// and spread at random so that actions that collided do not collide again in step.
fn backoff(attempt: u32) -> std::time::Duration {
    let ceiling = (5u64 << attempt.min(7)).min(500);
    // The clock's nanoseconds are random enough to spread a few threads apart.
    let spread = u64::from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos()));
    std::time::Duration::from_millis(ceiling / 2 + spread % (ceiling / 2 + 1))
}

/// How one run of a writing action ended, when not with its value.
enum Attempt {
    /// A serialization failure or deadlock: run the action again.
    Conflict,
    /// The connection was lost before the commit was sent: the server has rolled the
    /// transaction back, so the action can be begun again on a new connection.
    LostBeforeCommit,
    Failed(StoreError),
}

impl From<postgres::Error> for Attempt {
    fn from(error: postgres::Error) -> Self {
        if is_conflict(&error) {
            Attempt::Conflict
        } else {
            Attempt::Failed(error.into())
        }
    }
}

impl From<postgres::Error> for StoreError {
    /// The register's own rules (its triggers' Swedish sentences) are refusals like the file
    /// register's; everything else is the server's, said by [`server_error`].
    fn from(error: postgres::Error) -> Self {
        match server_error(error) {
            PgError::Rule(sentence) => StoreError::Refused(sentence),
            other => StoreError::Server(other),
        }
    }
}

/// Local time to the second, as every timestamp of the register is kept.
pub(crate) fn now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// A timestamp as the file register writes it (ISO 8601 to the second), so both stores give
/// the same text.
pub(crate) fn timestamp_text(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl RegisterInfo for PgRegister {
    fn name(&self) -> Result<String> {
        Ok(self.info_value("name")?.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| self.target.clone()))
    }

    fn demo_date(&self) -> Result<Option<NaiveDate>> {
        Ok(self.info_value("demo_date")?.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
    }

    /// The name shown for this user; the audit log records the database's session user
    /// beside it, which is who made the change.
    fn author(&self) -> &str {
        &self.author
    }

    fn set_author(&mut self, author: &str) {
        let author = author.trim();
        if !author.is_empty() {
            self.author = author.to_string();
        }
    }

    /// Every change adds audit rows, so the newest audit row the user can see moves whenever
    /// anything they can see is changed, by anyone; this handle's own commits are counted too.
    fn change_key(&self) -> Result<(i64, u64)> {
        let newest: i64 = self
            .client()
            .query_one("SELECT coalesce(max(id), 0)::bigint FROM audit_log", &[])
            .map_err(server_error)?
            .get(0);
        Ok((newest, self.commits.get()))
    }

    /// The schema version and the counts of what the user may see. PostgreSQL keeps its own
    /// integrity (foreign keys are always enforced), so there is nothing like SQLite's
    /// integrity check to run; "ok" says the server answered every count.
    fn check(&self) -> Result<CheckReport> {
        let schema_version = super::schema_version(&mut self.client())?;
        let mut counts = Vec::new();
        for (label, table) in crate::store::COUNTED_TABLES {
            let count: i64 = self
                .client()
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])
                .map_err(server_error)?
                .get(0);
            counts.push((label.to_string(), count));
        }
        Ok(CheckReport { schema_version, integrity: "ok".into(), foreign_key_violations: 0, counts })
    }

    /// `REINDEX TABLE` for every table the register counts, in one transaction: PostgreSQL
    /// keeps its indexes in step with their tables, but an index can still go wrong (a
    /// changed collation after an operating-system upgrade). Only the tables' owner may
    /// rebuild them: others get the server's refusal in Swedish.
    fn rebuild_derived(&mut self) -> Result<()> {
        let mut client = self.client();
        let mut tx = client.transaction().map_err(server_error)?;
        for (_, table) in crate::store::COUNTED_TABLES {
            tx.batch_execute(&format!("REINDEX TABLE {table}")).map_err(server_error)?;
        }
        tx.commit().map_err(server_error)?;
        Ok(())
    }

    /// Runs `read` inside one read-only REPEATABLE READ transaction: every query sees the
    /// register as it was when the first one ran, whatever others commit meanwhile.
    fn read_consistently<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if self.in_snapshot.get() {
            return read(self);
        }
        self.client()
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| E::from(e.into()))?;
        self.in_snapshot.set(true);
        let value = read(self);
        self.in_snapshot.set(false);
        // Nothing was written: ending the transaction is all that is left; a failure to end it
        // (the connection lost) matters only when the read itself went well.
        let ended = self.client().batch_execute("COMMIT");
        match (value, ended) {
            (Ok(value), Ok(())) => Ok(value),
            (Ok(_), Err(e)) => Err(E::from(e.into())),
            (Err(e), _) => Err(e),
        }
    }

    fn mark_as_demo(&mut self, name: &str, date: NaiveDate) -> Result<()> {
        let name = name.trim().to_string();
        let date = date.format("%Y-%m-%d").to_string();
        self.write(|tx, _| {
            for (key, value) in [("name", &name), ("demo_date", &date)] {
                tx.execute(
                    "INSERT INTO register_info (key, value) VALUES ($1, $2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[&key, value],
                )?;
            }
            Ok(())
        })
    }

    fn register_info(&self) -> Result<BTreeMap<String, String>> {
        let rows = self
            .client()
            .query("SELECT key, value FROM register_info ORDER BY key", &[])
            .map_err(server_error)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}
