//! `nytta admin`: the shared register's administration (docs/delat-register.md) — the schema
//! (`migrate`) and who may do what (`grant`, `revoke`, `members`).

use nytta::app::shared_register::{self, Connection, MemberRole, PgError};
use nytta::app::StoreError;

/// Reads the connection string; when the server asks for a password, asks for it on the
/// terminal (without echo) and tries once more. The password lives in memory only.
pub fn with_password<T>(url: &str, action: impl Fn(&Connection) -> Result<T, StoreError>) -> anyhow::Result<T> {
    let mut connection = Connection::parse(url)?;
    match action(&connection) {
        Err(StoreError::Server(PgError::PasswordNeeded { target })) => {
            let password = rpassword::prompt_password(format!("Lösenord för {target}: "))
                .map_err(|e| anyhow::anyhow!("lösenordet kunde inte läsas från terminalen: {e}"))?;
            connection.set_password(&password);
            Ok(action(&connection)?)
        }
        other => Ok(other?),
    }
}

pub fn migrate(url: &str) -> anyhow::Result<()> {
    let outcome = with_password(url, shared_register::migrate)?;
    if outcome.applied.is_empty() {
        println!("Registret har redan den senaste versionen ({}). Ingenting ändrades.", outcome.to);
    } else {
        println!(
            "Registret uppdaterades från version {} till {} ({}).",
            outcome.from,
            outcome.to,
            outcome.applied.join(", ")
        );
    }
    Ok(())
}

pub fn parse_role(text: &str) -> anyhow::Result<MemberRole> {
    MemberRole::parse(text).ok_or_else(|| {
        anyhow::anyhow!(
            "--role \"{text}\" finns inte. Roller: {}.",
            MemberRole::ALL.map(MemberRole::code).join(", ")
        )
    })
}

pub fn grant(url: &str, user: &str, organisation: Option<&str>, role: &str) -> anyhow::Result<()> {
    let role = parse_role(role)?;
    with_password(url, |c| shared_register::grant(c, user, organisation, role))?;
    match organisation {
        Some(org) => println!("{user} är nu {} i {org}.", role.code()),
        None => println!("{user} är nu {} i hela registret.", role.code()),
    }
    Ok(())
}

pub fn revoke(url: &str, user: &str, organisation: Option<&str>, role: Option<&str>) -> anyhow::Result<()> {
    let role = role.map(parse_role).transpose()?;
    let removed = with_password(url, |c| shared_register::revoke(c, user, organisation, role))?;
    if removed == 0 {
        anyhow::bail!("{user} hade ingen sådan behörighet (eller du får inte ändra den). Ingenting ändrades.");
    }
    println!("Tog bort {removed} behörighet{} för {user}.", if removed == 1 { "" } else { "er" });
    Ok(())
}

pub fn members(url: &str) -> anyhow::Result<()> {
    let members = with_password(url, shared_register::members)?;
    if members.is_empty() {
        println!("Inga behörigheter som du får se.");
        return Ok(());
    }
    let width = members.iter().map(|m| m.db_user.chars().count()).max().unwrap_or(0).max("Användare".len());
    println!("{:width$}  {:22}  Organisation", "Användare", "Roll");
    for m in members {
        println!(
            "{:width$}  {:22}  {}",
            m.db_user,
            m.role.code(),
            m.organisation.as_deref().unwrap_or("(hela registret)")
        );
    }
    Ok(())
}
