//! Nyttoregistret's domain library: the register of change initiatives, their benefit
//! calculations and benefit-realisation plans, the follow-up rules and the store.
//!
//! This crate never depends on Tauri: everything here builds and tests without WebKit.

pub mod calc;
pub mod demo;
pub mod followup;
pub mod format;
pub mod io;
pub mod model;
pub mod report;
pub mod store;
pub mod view;
