//! Where a shared register is and how to reach it safely: a connection string as libpq reads
//! it (`postgres://user@host/db?sslmode=verify-full` or `host=… dbname=… sslmode=…`), turned
//! into the client's configuration and its TLS.
//!
//! The Rust client knows only `disable`, `prefer` and `require`; libpq's `verify-ca` and
//! `verify-full` (the city's IT wants the latter: the server's certificate checked against
//! the city's CA *and* its host name) are done here, with OpenSSL, which checks the host name
//! when asked to (`SslConnector` does by default). `sslrootcert` names the CA file as in
//! libpq (default `~/.postgresql/root.crt`; `system` for the system's store).

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::config::SslMode as ClientSslMode;
use postgres_openssl::MakeTlsConnector;

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// libpq's word for the mode.
    pub fn code(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(value: &str) -> Result<SslMode, ConnInfoError> {
        Ok(match value {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => return Err(ConnInfoError::Invalid(format!(
                "sslmode \"{other}\" finns inte; använd disable, allow, prefer, require, verify-ca eller verify-full"
            ))),
        })
    }
}

/// A connection string that could not be read. The message is Swedish and names the part.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConnInfoError {
    #[error("Anslutningen till det delade registret kunde inte tolkas: {0}.")]
    Invalid(String),
    #[error("Anslutningen till det delade registret kunde inte tolkas: CA-filen {path} kunde inte läsas ({detail}).")]
    RootCert { path: String, detail: String },
}

/// How long to wait for the server: connecting, and any one statement. A slow network must
/// never hold the window for long (issue 16); an action that runs out of time is rolled back.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// A parsed connection string.
#[derive(Debug, Clone)]
pub struct ConnInfo {
    /// The client's configuration, without the TLS parts it does not know.
    pub config: postgres::Config,
    pub ssl_mode: SslMode,
    root_cert: Option<String>,
    /// For messages: `user@host:port/dbname`, never the password.
    pub display: String,
}

/// Whether `text` names a shared register rather than a file: a `postgres://` or
/// `postgresql://` URL, or libpq's `key=value` form (a file name never contains `=` followed
/// by one of libpq's keys at the start).
pub fn is_connection_string(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("postgres://")
        || t.starts_with("postgresql://")
        || ["host=", "hostaddr=", "dbname=", "user=", "port=", "service="].iter().any(|k| t.starts_with(k))
}

impl ConnInfo {
    pub fn parse(text: &str) -> Result<ConnInfo, ConnInfoError> {
        let (rest, ssl_mode, root_cert) = take_tls_parameters(text)?;
        let mut config = postgres::Config::from_str(&rest)
            .map_err(|e| ConnInfoError::Invalid(format!("{e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // Find a dead server within a minute rather than the system's two hours.
        config.keepalives(true).keepalives_idle(Duration::from_secs(30));
        config.ssl_mode(match ssl_mode {
            SslMode::Disable => ClientSslMode::Disable,
            SslMode::Allow | SslMode::Prefer => ClientSslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => ClientSslMode::Require,
        });
        if config.get_application_name().is_none() {
            config.application_name("Nyttoregistret");
        }
        let display = describe(&config);
        Ok(ConnInfo { config, ssl_mode, root_cert, display })
    }

    /// The password the user typed when the server asked for one; kept in memory only.
    pub fn set_password(&mut self, password: &str) {
        self.config.password(password);
    }

    /// Whether the connection carries a password (typed, or in the connection string).
    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// The connection in libpq's `key=value` form, without the password: what a second
    /// connection to the same register is opened from (a report on a thread of its own),
    /// and what the recent list keeps. Parsing it gives the same connection.
    pub fn reopen_text(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: &str| parts.push(format!("{key}={}", quote_value(value)));
        for host in self.config.get_hosts() {
            match host {
                postgres::config::Host::Tcp(name) => push("host", name),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => push("host", &path.display().to_string()),
            }
        }
        let ports: Vec<String> = self.config.get_ports().iter().map(u16::to_string).collect();
        if !ports.is_empty() {
            push("port", &ports.join(","));
        }
        if let Some(db) = self.config.get_dbname() {
            push("dbname", db);
        }
        if let Some(user) = self.config.get_user() {
            push("user", user);
        }
        push("sslmode", self.ssl_mode.code());
        if let Some(cert) = &self.root_cert {
            push("sslrootcert", cert);
        }
        if let Some(timeout) = self.config.get_connect_timeout() {
            push("connect_timeout", &timeout.as_secs().to_string());
        }
        parts.join(" ")
    }

    /// The TLS connector for this connection's `sslmode`.
    pub fn tls(&self) -> Result<MakeTlsConnector, ConnInfoError> {
        let mut builder = SslConnector::builder(SslMethod::tls_client())
            .map_err(|e| ConnInfoError::Invalid(format!("TLS kunde inte förberedas ({e})")))?;
        let verify = match self.ssl_mode {
            SslMode::Disable | SslMode::Allow | SslMode::Prefer => false,
            // As libpq: `require` checks the certificate only when a CA file is given.
            SslMode::Require => self.root_cert_path().is_some_and(|p| p.exists()),
            SslMode::VerifyCa | SslMode::VerifyFull => true,
        };
        if verify {
            match self.root_cert.as_deref() {
                Some("system") => {
                    builder.set_default_verify_paths().map_err(|e| ConnInfoError::RootCert {
                        path: "system".into(),
                        detail: e.to_string(),
                    })?;
                }
                _ => {
                    let path = self.root_cert_path().unwrap_or_else(|| PathBuf::from("root.crt"));
                    builder.set_ca_file(&path).map_err(|e| ConnInfoError::RootCert {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    })?;
                }
            }
            builder.set_verify(SslVerifyMode::PEER);
        } else {
            builder.set_verify(SslVerifyMode::NONE);
        }
        let mut connector = MakeTlsConnector::new(builder.build());
        let check_host = self.ssl_mode == SslMode::VerifyFull;
        connector.set_callback(move |config, _domain| {
            // OpenSSL checks the host name unless told not to; only verify-full keeps it.
            config.set_verify_hostname(check_host);
            if !check_host {
                config.set_use_server_name_indication(true);
            }
            Ok(())
        });
        Ok(connector)
    }

    fn root_cert_path(&self) -> Option<PathBuf> {
        match self.root_cert.as_deref() {
            Some("system") => None,
            Some(path) => Some(PathBuf::from(path)),
            None => default_root_cert(cfg!(windows), std::env::var_os("HOME"), std::env::var_os("APPDATA")),
        }
    }
}

/// libpq's default CA file: `~/.postgresql/root.crt`, on Windows `%APPDATA%\postgresql\root.crt`
/// (where a city's IT puts it for psql and every other libpq client too).
fn default_root_cert(
    windows: bool,
    home: Option<std::ffi::OsString>,
    appdata: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    if windows {
        appdata.map(|dir| PathBuf::from(dir).join("postgresql").join("root.crt"))
    } else {
        home.map(|home| PathBuf::from(home).join(".postgresql").join("root.crt"))
    }
}

/// A value of libpq's `key=value` form, quoted when it must be.
fn quote_value(value: &str) -> String {
    if !value.is_empty() && !value.contains(|c: char| c.is_whitespace() || c == '\'' || c == '\\') {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// `user@host:port/dbname` for messages (never the password).
fn describe(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    if user.is_empty() {
        format!("{host}:{port}/{db}")
    } else {
        format!("{user}@{host}:{port}/{db}")
    }
}

/// Takes `sslmode` and `sslrootcert` out of a connection string (the client would refuse
/// `verify-full` and does not know `sslrootcert`) and returns the rest unchanged.
fn take_tls_parameters(text: &str) -> Result<(String, SslMode, Option<String>), ConnInfoError> {
    let text = text.trim();
    let mut mode = None;
    let mut root = None;
    let rest = if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        match text.split_once('?') {
            None => text.to_string(),
            Some((base, query)) => {
                let mut kept = Vec::new();
                for pair in query.split('&').filter(|p| !p.is_empty()) {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    let value = percent_decode(value)?;
                    match key {
                        "sslmode" => mode = Some(SslMode::parse(&value)?),
                        "sslrootcert" => root = Some(value),
                        _ => kept.push(pair),
                    }
                }
                if kept.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        }
    } else {
        let mut kept = Vec::new();
        for (key, value, raw) in key_value_pairs(text)? {
            match key.as_str() {
                "sslmode" => mode = Some(SslMode::parse(&value)?),
                "sslrootcert" => root = Some(value),
                _ => kept.push(raw),
            }
        }
        kept.join(" ")
    };
    Ok((rest, mode.unwrap_or(SslMode::Prefer), root))
}

/// libpq's `key = value` pairs, values optionally in single quotes with `\'` and `\\`.
/// Returns each pair's key, its value and its original text.
fn key_value_pairs(text: &str) -> Result<Vec<(String, String, String)>, ConnInfoError> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut pairs = Vec::new();
    let skip_space = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_space(&mut i);
        if i >= chars.len() {
            return Ok(pairs);
        }
        let start = i;
        let mut key = String::new();
        while i < chars.len() && chars[i] != '=' && !chars[i].is_whitespace() {
            key.push(chars[i]);
            i += 1;
        }
        skip_space(&mut i);
        if i >= chars.len() || chars[i] != '=' {
            return Err(ConnInfoError::Invalid(format!("\"{key}\" saknar \"=\" och ett värde")));
        }
        i += 1;
        skip_space(&mut i);
        let mut value = String::new();
        if i < chars.len() && chars[i] == '\'' {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(ConnInfoError::Invalid(format!("värdet av \"{key}\" saknar avslutande '"))),
                    Some('\\') if i + 1 < chars.len() => {
                        value.push(chars[i + 1]);
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
        } else {
            while i < chars.len() && !chars[i].is_whitespace() {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                value.push(chars[i]);
                i += 1;
            }
        }
        let raw: String = chars[start..i].iter().collect();
        pairs.push((key, value, raw));
    }
}

fn percent_decode(value: &str) -> Result<String, ConnInfoError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => return Err(ConnInfoError::Invalid(format!("\"{value}\" har en felaktig %-kod"))),
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ConnInfoError::Invalid(format!("\"{value}\" är inte UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_connection_strings_from_file_paths() {
        assert!(is_connection_string("postgres://anna@db.goteborg.se/nytta"));
        assert!(is_connection_string("postgresql://db/nytta?sslmode=verify-full"));
        assert!(is_connection_string("host=db.goteborg.se dbname=nytta"));
        assert!(!is_connection_string("register.nytta"));
        assert!(!is_connection_string("/home/anna/Mina register/stad=2026.nytta"));
        assert!(!is_connection_string("C:\\Users\\anna\\register.nytta"));
    }

    #[test]
    fn the_default_ca_file_is_libpqs_on_each_system() {
        assert_eq!(
            default_root_cert(false, Some("/home/anna".into()), Some("x".into())),
            Some(PathBuf::from("/home/anna/.postgresql/root.crt"))
        );
        assert_eq!(
            default_root_cert(true, None, Some(r"C:\Users\anna\AppData\Roaming".into())),
            Some(PathBuf::from(r"C:\Users\anna\AppData\Roaming").join("postgresql").join("root.crt"))
        );
        assert_eq!(default_root_cert(true, Some("/h".into()), None), None);
    }

    #[test]
    fn verify_full_is_taken_out_of_a_url_and_the_rest_kept() {
        let info = ConnInfo::parse(
            "postgres://anna@db.goteborg.se:5433/nytta?sslmode=verify-full&sslrootcert=%2Fetc%2Fstad%2Fca.crt&application_name=x",
        )
        .unwrap();
        assert_eq!(info.ssl_mode, SslMode::VerifyFull);
        assert_eq!(info.root_cert.as_deref(), Some("/etc/stad/ca.crt"));
        assert_eq!(info.display, "anna@db.goteborg.se:5433/nytta");
        assert_eq!(info.config.get_application_name(), Some("x"));
        assert_eq!(info.config.get_ssl_mode(), ClientSslMode::Require);
    }

    #[test]
    fn verify_full_is_taken_out_of_key_value_pairs_with_quotes() {
        let info = ConnInfo::parse(
            "host=db.goteborg.se dbname='nytta reg' user=anna sslmode = verify-full sslrootcert='/etc/stad/ca 1.crt'",
        )
        .unwrap();
        assert_eq!(info.ssl_mode, SslMode::VerifyFull);
        assert_eq!(info.root_cert.as_deref(), Some("/etc/stad/ca 1.crt"));
        assert_eq!(info.config.get_dbname(), Some("nytta reg"));
        assert_eq!(info.display, "anna@db.goteborg.se:5432/nytta reg");
    }

    #[test]
    fn the_default_is_libpqs_prefer_and_a_connect_timeout_is_set() {
        let info = ConnInfo::parse("postgres://anna@localhost/nytta").unwrap();
        assert_eq!(info.ssl_mode, SslMode::Prefer);
        assert_eq!(info.config.get_connect_timeout(), Some(&CONNECT_TIMEOUT));
        assert_eq!(info.config.get_application_name(), Some("Nyttoregistret"));
    }

    #[test]
    fn bad_strings_get_a_swedish_message_naming_the_part() {
        let e = ConnInfo::parse("postgres://db/nytta?sslmode=very-full").unwrap_err();
        assert!(e.to_string().contains("sslmode \"very-full\" finns inte"), "{e}");
        let e = ConnInfo::parse("host=db dbname").unwrap_err();
        assert!(e.to_string().contains("\"dbname\" saknar \"=\""), "{e}");
        let e = ConnInfo::parse("host=db dbname='nytta").unwrap_err();
        assert!(e.to_string().contains("saknar avslutande"), "{e}");
    }

    #[test]
    fn a_password_never_shows_in_the_description() {
        let info = ConnInfo::parse("postgres://anna:hemligt@db/nytta").unwrap();
        assert!(!info.display.contains("hemligt"));
        let info = ConnInfo::parse("host=db user=anna password=hemligt dbname=nytta").unwrap();
        assert!(!info.display.contains("hemligt"));
        assert!(!info.reopen_text().contains("hemligt"));
    }

    #[test]
    fn the_reopen_text_names_the_same_connection_without_the_password() {
        let info = ConnInfo::parse(
            "postgres://anna:hemligt@db.goteborg.se:6543/nytta?sslmode=verify-full&sslrootcert=/etc/stad/ca%20fil.crt",
        )
        .unwrap();
        let text = info.reopen_text();
        assert!(is_connection_string(&text), "{text}");
        assert!(!text.contains("hemligt"), "{text}");
        let again = ConnInfo::parse(&text).unwrap();
        assert_eq!(again.display, info.display);
        assert_eq!(again.ssl_mode, SslMode::VerifyFull);
        assert_eq!(again.root_cert.as_deref(), Some("/etc/stad/ca fil.crt"));
        assert_eq!(again.config.get_ports(), &[6543]);
        assert!(!again.has_password());
        assert_eq!(again.reopen_text(), text);
    }
}
