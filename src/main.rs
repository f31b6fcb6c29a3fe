//! The `nytta` binary: the command line of Nyttoregistret (`cli/`).

use std::process::ExitCode;

mod cli;

/// mimalloc instead of the system allocator: see the note in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
