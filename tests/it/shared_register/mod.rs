//! The shared register on a real PostgreSQL server (issue 16): its schema, the catalogue's
//! promises and the rights, checked from outside the app with plain SQL.
//!
//! `cargo xtask test` starts a throwaway server and passes its superuser's address in
//! `NYTTA_PG_URL`; each test makes a database and roles of its own there. Without the server
//! these tests fail, unless the run says `NYTTA_PG=off`.

mod admin_cli;
mod migrations;
mod moving;
mod concurrency;
mod rights;
mod same_register;
mod rights_costs_lists;
mod schema;
pub mod server;
mod tls;
