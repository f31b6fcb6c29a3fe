//! The shared register on a real PostgreSQL server (issue 16): its schema, the catalogue's
//! promises and the rights, checked from outside the app with plain SQL.
//!
//! `cargo xtask test` starts a throwaway server and passes its superuser's address in
//! `NYTTA_PG_URL`; each test makes a database and roles of its own there. Without the server
//! these tests fail, unless the run says `NYTTA_PG=off`.

mod admin_cli;
mod import_conflicts;
mod migrations;
mod moving;
mod concurrency;
mod crash;
mod fixtures;
mod rights;
mod same_register;
mod rights_costs_lists;
mod schema;
pub mod server;
mod tls;

/// ÅÅÅÅ-MM-DDTtt:mm:ss: when a row was written, which differs between two runs whichever
/// store; the tests that compare registers mark such moments instead of comparing them.
pub fn is_timestamp(bytes: &[u8]) -> bool {
    bytes.len() == 19
        && bytes.iter().enumerate().all(|(k, b)| match k {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        })
}
