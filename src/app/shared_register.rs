//! The shared register's administration (issue 16; docs/delat-register.md): what the city's
//! IT and a register administrator do with `nytta admin` — bring the schema up to date and
//! say who may do what. Rights themselves are enforced by PostgreSQL, not here.

use crate::store::postgres::{self, ConnInfo};
use crate::store::StoreError;

pub use crate::store::postgres::{is_connection_string, MemberRole, Membership, MigrationOutcome, PgError};

/// A connection string read, with the password the user typed when the server asked for one.
#[derive(Clone)]
pub struct Connection {
    info: ConnInfo,
}

impl Connection {
    pub fn parse(text: &str) -> Result<Connection, StoreError> {
        Ok(Connection { info: ConnInfo::parse(text).map_err(PgError::from)? })
    }

    pub fn set_password(&mut self, password: &str) {
        self.info.set_password(password);
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
