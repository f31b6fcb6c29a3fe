//! The library's and the CLI's integration tests, in one test binary: each file a module.
//!
//! One binary instead of one per file: every test binary links the whole library with typst
//! and SQLite, about 2.5 s and 23 MB each, so twenty-odd of them made the test build after a
//! change in the library take 84 s (and half a gigabyte of disk); one takes a fraction of
//! that (docs/utveckling.md, "Test build time"). nextest still runs each test in a process
//! of its own.

mod support;

mod annual_analysis;
mod backup;
mod calc_cli;
mod calibration_cli;
mod calculations;
mod cli;
mod cli_help_tree;
mod cli_progress;
mod template_cli;
mod council_customer;
mod council_parts;
mod costs;
pub mod crash;
mod decision_document;
mod deviations_cli;
mod evaluation_cli;
mod exports;
mod fixtures;
mod followup_cli;
mod full_disk;
mod gaps_cli;
mod harvest_cli;
mod full_disk_outputs;
mod fuzz_parsers;
mod import_measurements;
mod layering;
mod limits;
mod plans;
mod shared_register;
mod register_json;
mod register_lists;
mod report_bytes;
mod report_layout;
mod reports;
mod shell_config;
mod store;
mod store_contract;
mod supply_cli;
