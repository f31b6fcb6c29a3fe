//! Output files of the CLI are written beside their target under a temporary name and
//! renamed into place, so a failure (a full disk, a killed process) never leaves half a file
//! where a script expects a whole one. An existing target is replaced — scripts rerun exports —
//! unless it is a register: `--out` naming the register itself must not destroy it. Files are
//! owner-only (0600) like the register they come from: exports hold names and the whole log.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use nytta::io::private_file;

/// Writes `bytes` to `out` atomically. `register` is the register the data comes from.
pub fn write_atomically(out: &Path, register: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomically_with(out, register, |temp| {
        let mut file = private_file::create(temp)?;
        file.write_all(bytes)?;
        Ok(())
    })
}

/// Lets `write` fill a temporary path beside `out` (it may create the file itself), then
/// makes it owner-only, syncs it and renames it to `out`. On any error the temporary file is
/// removed and `out` is left as it was.
pub fn write_atomically_with(
    out: &Path,
    register: &Path,
    write: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    nytta::store::refuse_overwriting_register(out, Some(register))?;
    let temp = temporary_beside(out)?;
    let written = write(&temp).and_then(|()| {
        private_file::restrict(&temp)?;
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, out)?;
        Ok(())
    });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        use nytta::io::export::{io_error_text, ExportError};
        let reason = if let Some(io) = error.downcast_ref::<std::io::Error>() {
            io_error_text(io)
        } else if let Some(ExportError::Io(io)) = error.downcast_ref::<ExportError>() {
            io_error_text(io)
        } else {
            format!("{error:#}")
        };
        anyhow::bail!("{} kunde inte skrivas: {reason}.", out.display());
    }
    Ok(())
}

/// `.<name>.<pid>.tmp` beside `out`. One process writes one file at a time, so the process id
/// makes the name unique; a file of that name can only be left by a killed process that
/// had the same id, and is removed.
fn temporary_beside(out: &Path) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("--out: {} är inget filnamn", out.display()))?
        .to_string_lossy()
        .into_owned();
    let temp = out.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    Ok(temp)
}
