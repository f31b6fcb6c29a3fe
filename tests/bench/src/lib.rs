//! The benchmark suite of Nyttoregistret, run with `cargo xtask bench` (docs/prestanda.md).
//!
//! - [`generate`]: a large, realistic register made from a seed (1 000 initiatives, 20 000
//!   indicators, 1 000 000 measurements, …) and the Swedish CSV file the import case reads.
//! - [`measure`]: wall time and peak RSS of child processes, medians, and the raw SQLite
//!   insert that the import is compared with.
//! - [`pg`]: the register loaded into the shared register on PostgreSQL, fresh copies of it
//!   and PostgreSQL's own `COPY`, the baseline of the shared register's import.
//! - [`results`]: the table of figures and goals (`target/bench/results.md` and `.json`).
//!
//! The measuring program is `src/main.rs` (binary `bench`). Tests never assert on time; the
//! smoke test only checks that the generator makes a correct register.

pub mod generate;
pub mod measure;
pub mod pg;
pub mod results;
