//! What can go wrong with a shared register, in the sentences the user reads.

use super::conninfo::ConnInfoError;

pub type PgResult<T> = std::result::Result<T, PgError>;

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error(transparent)]
    ConnInfo(#[from] ConnInfoError),

    #[error(
        "Kunde inte ansluta till det delade registret {target}: {detail}. Kontrollera adressen \
         och nätverket, eller fråga den som förvaltar registret."
    )]
    Connect { target: String, detail: String },

    #[error(
        "Servercertifikatet för {target} kunde inte godkännas{}. Anslutningen avbröts; \
         ingenting har skickats. Kontrollera att adressen är serverns riktiga namn och att \
         stadens CA-fil är angiven (sslrootcert).", certificate_reason(.detail)
    )]
    Certificate { target: String, detail: String },

    /// The server asks for a password and none was given: the face asks the user (a password
    /// is never stored in clear by the app).
    #[error("Det delade registret {target} kräver ett lösenord.")]
    PasswordNeeded { target: String },

    #[error(
        "Det delade registret har en nyare version ({found}) än den här versionen av \
         Nyttoregistret kan arbeta med (till och med {supported}). Uppdatera Nyttoregistret."
    )]
    TooNew { found: i64, supported: i64 },

    #[error(
        "Databasen har inget nyttoregister ännu (eller en äldre version, {found}, än programmet \
         behöver, {needed}). Den som förvaltar registret kör `nytta admin migrate`."
    )]
    NotMigrated { found: i64, needed: i64 },

    #[error("Du har inte behörighet att ändra {0} i det delade registret (din roll där ger inte det).")]
    Denied(String),

    #[error(
        "Förbindelsen med det delade registret bröts. Det du gjorde sparades inte; registret är \
         oförändrat. Försök igen när förbindelsen är tillbaka."
    )]
    Lost,

    #[error(
        "Det delade registret svarade inte i tid. Det du gjorde sparades inte; registret är \
         oförändrat. Försök igen om en stund."
    )]
    TimedOut,

    /// A rule of the register itself (a trigger or check), in its own Swedish words.
    #[error("{0}")]
    Rule(String),

    /// Someone else's change to the same rows committed first (a serialization failure or a
    /// deadlock): the store retries the action a few times before it says so.
    #[error(
        "Någon annan ändrade samma uppgifter samtidigt. Det du gjorde sparades inte; försök \
         igen."
    )]
    Conflict,

    #[error("Det delade registret svarade med ett fel: {0}")]
    Other(String),
}

/// Whether `error` is a concurrent change PostgreSQL asks the client to retry.
pub fn is_conflict(error: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    matches!(error.code(), Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED)
}

/// The user's sentence for an error from the server or the client.
pub fn server_error(error: postgres::Error) -> PgError {
    let said = classify(&error);
    if matches!(said, PgError::Lost) {
        LOST_SEEN.with(|seen| seen.set(true));
    }
    said
}

thread_local! {
    /// Set when a statement on this thread found its connection lost. The client learns that
    /// its connection is closed a moment after the server's last word (the error) arrives, so
    /// `PgRegister::client` asks this too before handing out the connection again: the next
    /// statement then goes to a new connection instead of the dead one.
    static LOST_SEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a statement on this thread found its connection lost since the last call.
pub(super) fn take_lost_seen() -> bool {
    LOST_SEEN.with(|seen| seen.replace(false))
}

/// Whether `error` says the connection is gone (closed by the server, a broken network, a
/// write to a socket the server had already closed), judged as [`server_error`] judges it.
pub(super) fn is_lost(error: &postgres::Error) -> bool {
    matches!(classify(error), PgError::Lost)
}

fn classify(error: &postgres::Error) -> PgError {
    use postgres::error::SqlState;
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INSUFFICIENT_PRIVILEGE && is_own_sentence(db.message()) {
            // The register's own triggers refuse with a Swedish sentence of their own.
            PgError::Rule(db.message().to_string())
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            PgError::Denied(denied_what(db.message()))
        } else if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED {
            PgError::Conflict
        } else if *code == SqlState::QUERY_CANCELED {
            PgError::TimedOut
        } else if *code == SqlState::RAISE_EXCEPTION || *code == SqlState::CHECK_VIOLATION {
            PgError::Rule(db.message().to_string())
        } else if code.code().starts_with("08") || *code == SqlState::ADMIN_SHUTDOWN {
            PgError::Lost
        } else {
            PgError::Other(db.message().to_string())
        };
    }
    if error.is_closed() {
        return PgError::Lost;
    }
    let text = error.to_string();
    if text.contains("timed out") {
        PgError::TimedOut
    } else if text.contains("connection")
        || text.contains("communicating with the server")
        || text.contains("closed")
        || text.contains("broken pipe")
    {
        PgError::Lost
    } else {
        PgError::Other(text)
    }
}

/// Whether a refusal's message is one of the register's own (Swedish, ending a sentence) rather
/// than PostgreSQL's ("new row violates row-level security policy …", "permission denied …").
fn is_own_sentence(message: &str) -> bool {
    message.ends_with('.') && !message.starts_with("new row violates") && !message.starts_with("permission denied")
}

/// What a refusal of the database's rights concerns, in Swedish words to follow "ändra": the server names the table
/// ("new row violates row-level security policy for table \"cost_year\"", "permission
/// denied for table cost_year"); the user reads what the table holds.
fn denied_what(message: &str) -> String {
    let table = message
        .rsplit("table ")
        .next()
        .map(|t| t.trim_matches(|c: char| c == '"' || c.is_whitespace()))
        .unwrap_or("");
    let what = match table {
        "initiative" | "initiative_customer" | "initiative_goal_area" | "running_cost_year" => "insatsen",
        "organisation" => "organisationerna",
        "status_report" => "insatsens statusrapporter",
        "cost_year" => "insatsens kostnader",
        "calculation" | "calculation_factor" => "insatsens nyttokalkyl",
        "plan_version" => "insatsens nyttorealiseringsplan",
        "measurement" | "measurement_staging" => "insatsens mätningar",
        "membership" => "behörigheterna",
        "calc_factor" => "registrets beräkningsfaktorer",
        "base_service" | "goal_area" | "register_settings" | "organisation_settings" => "registrets listor och inställningar",
        "annual_analysis" => "leverantörens årliga analys",
        "harvest_decision" => "insatsens beslut om effekthemtagning",
        "deviation_note" => "insatsens nyttoavvikelser",
        "register_info" => "registrets uppgifter",
        "audit_log" => "loggen",
        _ => "den här uppgiften",
    };
    what.to_string()
}

/// What OpenSSL's words about a refused certificate mean, in Swedish.
fn certificate_reason(detail: &str) -> &'static str {
    if detail.contains("mismatch") {
        ": det är utfärdat för ett annat namn än adressen"
    } else if detail.contains("unable to get local issuer") || detail.contains("self-signed") || detail.contains("self signed") {
        ": det är inte utfärdat av en CA som du litar på"
    } else if detail.contains("expired") {
        ": det har gått ut"
    } else {
        ""
    }
}
