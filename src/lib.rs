//! Nyttoregistret's domain library: the register of change initiatives, their benefit
//! calculations and benefit-realisation plans, the follow-up rules and the store.
//!
//! This crate never depends on Tauri: everything here builds and tests without WebKit.

// Lets code shared with the integration tests (tests/it/support) name this crate `nytta`
// also when it is compiled into the unit tests.
#[cfg(test)]
extern crate self as nytta;

pub mod app;
pub mod calc;
pub mod demo;
pub mod files;
pub mod followup;
pub mod format;
pub mod io;
pub mod model;
pub mod panic_guard;
pub mod report;
pub mod store;
