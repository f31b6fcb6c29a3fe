//! The shared register's administration (issue 16; docs/delat-register.md): what the city's
//! IT and a register administrator do with `nytta admin` — bring the schema up to date and
//! say who may do what. Rights themselves are enforced by PostgreSQL, not here.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::store::postgres::{self, ConnInfo};
use crate::store::StoreError;

pub use crate::store::postgres::{is_connection_string, MemberRole, Membership, MigrationOutcome, PgError};

/// A connection string read, with the password the user typed when the server asked for one.
#[derive(Clone)]
pub struct Connection {
    info: ConnInfo,
}

/// The passwords given this session, by connection ([`ConnInfo::reopen_text`]), so that a
/// second connection to the same register (a report made on a thread of its own, the
/// register opened again from its name) does not ask again. In this process's memory only:
/// never written to a file, the recent list or a log.
static GIVEN_PASSWORDS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

impl Connection {
    /// Reads a connection string; a password in it, or one given for the same connection
    /// earlier in this session, goes with it.
    pub fn parse(text: &str) -> Result<Connection, StoreError> {
        let mut info = ConnInfo::parse(text).map_err(PgError::from)?;
        let key = info.reopen_text();
        let mut given = GIVEN_PASSWORDS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match info.config.get_password() {
            Some(password) => {
                given.insert(key, String::from_utf8_lossy(password).into_owned());
            }
            None => {
                if let Some(password) = given.get(&key) {
                    info.set_password(password);
                }
            }
        }
        Ok(Connection { info })
    }

    /// The password the user typed when the server asked for one.
    pub fn set_password(&mut self, password: &str) {
        self.info.set_password(password);
        GIVEN_PASSWORDS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(self.info.reopen_text(), password.to_string());
    }

    /// `user@host:port/dbname`, never the password.
    pub fn display(&self) -> &str {
        &self.info.display
    }

    pub(crate) fn info(&self) -> &ConnInfo {
        &self.info
    }
}

/// `nytta admin migrate`: the register's schema brought up to this program's version.
pub fn migrate(connection: &Connection) -> Result<MigrationOutcome, StoreError> {
    Ok(postgres::admin_migrate(&connection.info)?)
}

/// `nytta admin grant`.
pub fn grant(connection: &Connection, user: &str, organisation: Option<&str>, role: MemberRole) -> Result<(), StoreError> {
    Ok(postgres::admin_grant(&connection.info, user, organisation, role)?)
}

/// `nytta admin revoke`: how many memberships were taken away.
pub fn revoke(
    connection: &Connection,
    user: &str,
    organisation: Option<&str>,
    role: Option<MemberRole>,
) -> Result<u64, StoreError> {
    Ok(postgres::admin_revoke(&connection.info, user, organisation, role)?)
}

/// `nytta admin members`: the memberships the caller may see.
pub fn members(connection: &Connection) -> Result<Vec<Membership>, StoreError> {
    Ok(postgres::admin_members(&connection.info)?)
}
