//! Who is working: the name a user types on the app's first start (prefilled from the
//! operating system's full name), kept in the app's settings folder. On a file register it is
//! the author of every change — the audit log and each measurement name it; on the shared
//! register the database records the session user and the name is what others see.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::{self, OutputError};
use crate::model::FieldError;

/// The file in the app's settings folder that holds the name.
pub const PROFILE_FILE: &str = "anvandare.json";

/// A name longer than this is no name (the audit log shows it in a column).
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum UserProfileError {
    #[error("{0}")]
    Invalid(FieldError),
    #[error(transparent)]
    Write(#[from] OutputError),
}

/// The name as it will be kept: trimmed, inner runs of white space made one space; refused
/// when empty, too long or holding control characters.
pub fn clean_name(name: &str) -> Result<String, FieldError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let refuse = |message: &str| Err(FieldError::new("name", format!("Namn: {message}")));
    if name.is_empty() {
        return refuse("skriv ditt namn, till exempel Anna Andersson.");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return refuse(&format!("högst {MAX_NAME_CHARS} tecken."));
    }
    if name.chars().any(char::is_control) {
        return refuse("namnet får inte innehålla styrtecken.");
    }
    Ok(name)
}

fn profile_path(settings_dir: &Path) -> PathBuf {
    settings_dir.join(PROFILE_FILE)
}

/// The name kept in `settings_dir`, or `None` before the user has given one (or when the file
/// cannot be read: the app then asks again, which loses nothing).
pub fn read_profile(settings_dir: &Path) -> Option<UserProfile> {
    let text = std::fs::read_to_string(profile_path(settings_dir)).ok()?;
    let profile: UserProfile = serde_json::from_str(&text).ok()?;
    clean_name(&profile.name).ok().map(|name| UserProfile { name })
}

/// Keeps `name` in `settings_dir` (created if missing), replacing the file whole.
pub fn save_profile(settings_dir: &Path, name: &str) -> Result<UserProfile, UserProfileError> {
    let profile = UserProfile { name: clean_name(name).map_err(UserProfileError::Invalid)? };
    std::fs::create_dir_all(settings_dir)
        .map_err(|source| OutputError::Io { path: settings_dir.to_path_buf(), source })?;
    let text = serde_json::to_string_pretty(&profile).unwrap_or_default();
    files::write_bytes(&profile_path(settings_dir), None, text.as_bytes())?;
    Ok(profile)
}

/// What the name field starts with: the operating system's full name of the user when it has
/// one (the GECOS field of /etc/passwd), else the login name, else nothing. The user is found
/// by login name, or by user id when the environment names none (as under a desktop launcher).
pub fn suggested_name() -> String {
    let login = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()));
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    suggestion(&passwd, login.as_deref(), current_uid()).unwrap_or_default()
}

#[cfg(unix)]
fn current_uid() -> Option<u32> {
    // SAFETY: getuid has no preconditions and cannot fail (POSIX).
    Some(unsafe { libc::getuid() })
}

#[cfg(not(unix))]
fn current_uid() -> Option<u32> {
    None
}

/// The name to suggest from passwd(5) text: the GECOS field up to its first comma of the
/// entry for `login` (or, without one, for `uid`), else that entry's login name, else `login`.
fn suggestion(passwd: &str, login: Option<&str>, uid: Option<u32>) -> Option<String> {
    let entry = passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .filter(|fields| fields.len() >= 5)
        .find(|fields| match login {
            Some(login) => fields[0] == login,
            None => uid.is_some_and(|uid| fields[2].parse() == Ok(uid)),
        });
    let Some(fields) = entry else {
        return login.and_then(|l| clean_name(l).ok());
    };
    let gecos = fields[4].split(',').next().unwrap_or_default();
    clean_name(gecos).or_else(|_| clean_name(fields[0])).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_is_the_gecos_name_else_the_login_found_by_name_or_by_user_id() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      anna:x:1000:1000:Anna Andersson,Rum 12,,:/home/anna:/bin/bash\n\
                      svc:x:1001:1001::/srv:/usr/sbin/nologin\n";
        assert_eq!(suggestion(passwd, Some("anna"), None).as_deref(), Some("Anna Andersson"));
        // No login in the environment: the entry of the process's user id.
        assert_eq!(suggestion(passwd, None, Some(1000)).as_deref(), Some("Anna Andersson"));
        assert_eq!(suggestion(passwd, Some("svc"), None).as_deref(), Some("svc"), "an empty GECOS field gives the login");
        assert_eq!(suggestion(passwd, Some("bertil"), None).as_deref(), Some("bertil"), "not in passwd (a directory user)");
        assert_eq!(suggestion(passwd, None, Some(4242)), None);
    }

    #[test]
    fn a_name_is_trimmed_and_refused_when_empty_too_long_or_with_control_characters() {
        assert_eq!(clean_name("  Anna   Andersson \n").unwrap(), "Anna Andersson");
        assert!(clean_name("   ").unwrap_err().message.starts_with("Namn: skriv ditt namn"));
        assert!(clean_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(clean_name("Anna\u{7}").is_err());
    }

    #[test]
    fn a_saved_name_is_read_back_and_a_broken_file_asks_again() {
        let dir = tempfile::tempdir().unwrap();
        let settings = dir.path().join("inställningar");
        assert_eq!(read_profile(&settings), None);
        let saved = save_profile(&settings, " Karin  Ström ").unwrap();
        assert_eq!(saved.name, "Karin Ström");
        assert_eq!(read_profile(&settings), Some(saved));
        std::fs::write(settings.join(PROFILE_FILE), "{ inte json").unwrap();
        assert_eq!(read_profile(&settings), None);
        assert!(matches!(save_profile(&settings, ""), Err(UserProfileError::Invalid(_))));
    }
}
