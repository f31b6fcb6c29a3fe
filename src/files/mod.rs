//! Files the program writes for the user — exports, charts, reports, backups — and how the
//! file system's failures are told. One way to write an output file ([`output`]), used by
//! the command line, the window and the store's backups alike, so that "never over a
//! register, never half a file, never readable by others" holds for every file written
//! rather than for each writer that remembered it.
//!
//! **Architecture Invariant:** a leaf: imports nothing else of the crate, speaks no SQL and
//! knows no file format beyond recognising a SQLite database or log by its first bytes.

pub mod output;
pub mod private;
mod process;
mod text;

pub use output::{refuse_register, write, write_bytes, write_by_path, OutputError, WriteFailure};
pub use text::{io_error_text, io_read_error_text};
