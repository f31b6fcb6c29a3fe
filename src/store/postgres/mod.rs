//! The shared register on PostgreSQL (issue 16; docs/delat-register.md).
//!
//! One register for the whole city in one database: the same data as a file register
//! (schema versions match), with each organisation's rights enforced by PostgreSQL's
//! row-level security (`migrations/postgres/`), not by the app. This module connects
//! (with TLS as libpq's `sslmode` says), migrates (the owner, by `nytta admin migrate`) and
//! keeps the memberships (`nytta admin grant|revoke`); [`PgRegister`] is the register opened
//! for work, implementing the store interface with the same rules as the file register.

mod annual_analysis;
mod audit;
mod calculations;
pub mod conninfo;
mod deviations;
mod error;
mod harvest;
mod evaluations;
mod initiatives;
mod lists;
mod measurements;
mod migrate;
mod plans;
mod push;
mod ranges;
mod register;
mod staging;
mod tables;
mod transfer;
mod values;
mod versions;

use postgres::Client;

pub use conninfo::{is_connection_string, ConnInfo, ConnInfoError, SslMode};
pub use error::{PgError, PgResult};
pub use migrate::{MigrationOutcome, LATEST_VERSION, SCHEMA};
#[doc(hidden)]
pub use migrate::migrate_until;
pub use push::{PushConflict, PushOutcome, PushSummary};
pub use register::PgRegister;

use error::server_error;

/// A role in the shared register (docs/delat-register.md, "Roller").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    /// Reads the initiatives of the organisation and of those it supplies or realises.
    Lasare,
    /// Records measurements, status reports and costs.
    Registrerare,
    /// Writes the drafts of calculations and plans, and the initiatives.
    Bestallare,
    /// Approves calculations and plans.
    Godkannare,
    /// Memberships, the register's lists, särskilt följd.
    Registeradministrator,
    /// Reads the whole city's register and writes nothing (the council, the city executive
    /// office); has no organisation.
    Stadslasare,
}

impl MemberRole {
    pub const ALL: [MemberRole; 6] = [
        MemberRole::Lasare,
        MemberRole::Registrerare,
        MemberRole::Bestallare,
        MemberRole::Godkannare,
        MemberRole::Registeradministrator,
        MemberRole::Stadslasare,
    ];

    /// The code stored in `membership.role` and typed after `--role`.
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Lasare => "lasare",
            MemberRole::Registrerare => "registrerare",
            MemberRole::Bestallare => "bestallare",
            MemberRole::Godkannare => "godkannare",
            MemberRole::Registeradministrator => "registeradministrator",
            MemberRole::Stadslasare => "stadslasare",
        }
    }

    /// Reads a role as typed: the code, or the Swedish word with å, ä, ö.
    pub fn parse(text: &str) -> Option<MemberRole> {
        let folded: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'å' | 'ä' => 'a',
                'ö' => 'o',
                '-' | ' ' => '_',
                c => c,
            })
            .collect();
        let folded = folded.replace("_", "");
        MemberRole::ALL.into_iter().find(|r| r.code() == folded)
    }
}

/// Connects to the database `info` names: TLS as its `sslmode` says, the server's clock and
/// timeouts set for the session.
pub fn connect(info: &ConnInfo) -> PgResult<Client> {
    let tls = info.tls()?;
    let mut client = info.config.connect(tls).map_err(|e| {
        let detail = e.to_string();
        let source = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default();
        if detail.contains("password missing") || source.contains("password missing") {
            PgError::PasswordNeeded { target: info.display.clone() }
        } else if source.contains("certificate") || detail.contains("certificate") {
            PgError::Certificate { target: info.display.clone(), detail: if source.is_empty() { detail } else { source } }
        } else {
            PgError::Connect { target: info.display.clone(), detail: connect_failure(&e) }
        }
    })?;
    client
        .batch_execute(&format!(
            "SET search_path = nytta;
             SET statement_timeout = {};
             SET lock_timeout = {};
             SET idle_in_transaction_session_timeout = 60000;
             SET datestyle = 'ISO, YMD';",
            conninfo::STATEMENT_TIMEOUT.as_millis(),
            conninfo::STATEMENT_TIMEOUT.as_millis() / 2,
        ))
        .map_err(server_error)?;
    Ok(client)
}

/// Why a connection failed, in Swedish; the server's or the system's own words in
/// parentheses when nothing more specific fits.
fn connect_failure(error: &postgres::Error) -> String {
    use postgres::error::SqlState;
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD {
            "lösenordet godtogs inte".into()
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            "användaren finns inte eller får inte logga in på servern".into()
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            "databasen finns inte på servern".into()
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            "servern tar inte emot fler anslutningar just nu".into()
        } else {
            format!("servern svarade: {}", db.message())
        };
    }
    let source = std::error::Error::source(error).map(|s| s.to_string()).unwrap_or_else(|| error.to_string());
    if source.contains("refused") {
        "servern svarar inte på den adressen (anslutningen nekades)".into()
    } else if source.contains("timed out") || error.to_string().contains("timeout") {
        "servern svarade inte i tid".into()
    } else if source.contains("failed to lookup") || source.contains("Name or service not known") {
        "servernamnet kunde inte slås upp".into()
    } else {
        format!("anslutningen misslyckades ({source})")
    }
}

/// `nytta admin migrate URL`: brings the register in the database up to this program's
/// schema version, connected as its owner.
pub fn admin_migrate(info: &ConnInfo) -> PgResult<MigrationOutcome> {
    let mut client = connect(info)?;
    migrate::migrate(&mut client)
}

/// `nytta admin grant`, connected as `info` says.
pub fn admin_grant(info: &ConnInfo, user: &str, organisation: Option<&str>, role: MemberRole) -> PgResult<()> {
    let mut client = connect(info)?;
    check_version(&mut client)?;
    grant(&mut client, user, organisation, role)
}

/// `nytta admin revoke`, connected as `info` says.
pub fn admin_revoke(info: &ConnInfo, user: &str, organisation: Option<&str>, role: Option<MemberRole>) -> PgResult<u64> {
    let mut client = connect(info)?;
    check_version(&mut client)?;
    revoke(&mut client, user, organisation, role)
}

/// `nytta admin members`, connected as `info` says.
pub fn admin_members(info: &ConnInfo) -> PgResult<Vec<Membership>> {
    let mut client = connect(info)?;
    check_version(&mut client)?;
    memberships(&mut client)
}

/// The schema version of the register in the database (0: none).
pub fn schema_version(client: &mut Client) -> PgResult<i64> {
    migrate::current_version(client)
}

/// Refuses a register this program cannot work with: none, older, or newer.
pub fn check_version(client: &mut Client) -> PgResult<()> {
    let found = schema_version(client)?;
    if found > LATEST_VERSION {
        Err(PgError::TooNew { found, supported: LATEST_VERSION })
    } else if found < LATEST_VERSION {
        Err(PgError::NotMigrated { found, needed: LATEST_VERSION })
    } else {
        Ok(())
    }
}

/// `nytta admin grant`: gives database user `user` the role in organisation `organisation`
/// (none for the city-wide reader and the register-wide administrator). The caller is the
/// owner or an administrator; row-level security decides whether they may.
pub fn grant(client: &mut Client, user: &str, organisation: Option<&str>, role: MemberRole) -> PgResult<()> {
    let mut tx = client.transaction().map_err(server_error)?;
    let exists: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)", &[&user])
        .map_err(server_error)?
        .get(0);
    if !exists {
        return Err(PgError::Rule(format!(
            "Det finns ingen databasanvändare \"{user}\" som kan logga in. Den som förvaltar databasen \
             skapar den först (docs/delat-register.md, \"Användare\")."
        )));
    }
    let organisation_id = match (organisation, role) {
        (None, MemberRole::Stadslasare | MemberRole::Registeradministrator) => None,
        (None, _) => {
            return Err(PgError::Rule(format!("Rollen {} gäller i en organisation: ange --org.", role.code())))
        }
        (Some(_), MemberRole::Stadslasare) => {
            return Err(PgError::Rule("Rollen stadslasare gäller hela staden: ange ingen --org.".into()))
        }
        (Some(name), _) => {
            let row = tx
                .query_opt("SELECT id FROM organisation WHERE name = $1", &[&name])
                .map_err(server_error)?;
            match row {
                Some(row) => Some(row.get::<_, i64>(0)),
                None => return Err(PgError::Rule(format!("Det finns ingen organisation som heter \"{name}\" i registret."))),
            }
        }
    };
    tx.execute(
        "INSERT INTO membership (db_user, organisation_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (db_user, organisation_id, role) DO NOTHING",
        &[&user, &organisation_id, &role.code()],
    )
    .map_err(server_error)?;
    let in_group: bool = tx
        .query_one("SELECT pg_has_role($1, 'nytta_anvandare', 'MEMBER')", &[&user])
        .map_err(server_error)?
        .get(0);
    if !in_group {
        tx.batch_execute(&format!("GRANT nytta_anvandare TO {}", quote_ident(user))).map_err(server_error)?;
    }
    tx.commit().map_err(server_error)
}

/// `nytta admin revoke`: takes the role away (all of the user's roles in the organisation
/// when `role` is none). Says how many memberships went.
pub fn revoke(client: &mut Client, user: &str, organisation: Option<&str>, role: Option<MemberRole>) -> PgResult<u64> {
    let mut tx = client.transaction().map_err(server_error)?;
    let removed = tx
        .execute(
            "DELETE FROM membership
             WHERE db_user = $1
               AND organisation_id IS NOT DISTINCT FROM (SELECT id FROM organisation WHERE name = $2)
               AND ($3::text IS NULL OR role = $3)",
            &[&user, &organisation, &role.map(MemberRole::code)],
        )
        .map_err(server_error)?;
    tx.commit().map_err(server_error)?;
    Ok(removed)
}

/// One membership as the caller may see it (their own; an administrator's organisations').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub db_user: String,
    /// None for the city-wide reader and the register-wide administrator.
    pub organisation: Option<String>,
    pub role: MemberRole,
}

/// The memberships the caller may see, by user, organisation and role.
pub fn memberships(client: &mut Client) -> PgResult<Vec<Membership>> {
    let rows = client
        .query(
            "SELECT m.db_user, o.name, m.role FROM membership m LEFT JOIN organisation o ON o.id = m.organisation_id
             ORDER BY m.db_user, o.name NULLS FIRST, m.role",
            &[],
        )
        .map_err(server_error)?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            Some(Membership {
                db_user: row.get(0),
                organisation: row.get(1),
                role: MemberRole::parse(row.get::<_, &str>(2))?,
            })
        })
        .collect())
}

/// An SQL identifier in double quotes (for GRANT, which takes no parameters).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_as_typed_in_swedish() {
        assert_eq!(MemberRole::parse("beställare"), Some(MemberRole::Bestallare));
        assert_eq!(MemberRole::parse("Godkännare"), Some(MemberRole::Godkannare));
        assert_eq!(MemberRole::parse("läsare"), Some(MemberRole::Lasare));
        assert_eq!(MemberRole::parse("registeradministratör"), Some(MemberRole::Registeradministrator));
        assert_eq!(MemberRole::parse("stadsläsare"), Some(MemberRole::Stadslasare));
        assert_eq!(MemberRole::parse("chef"), None);
        for role in MemberRole::ALL {
            assert_eq!(MemberRole::parse(role.code()), Some(role));
        }
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("anna"), "\"anna\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
