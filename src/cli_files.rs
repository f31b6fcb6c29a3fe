//! Output files of the CLI are written beside their target under a temporary name and
//! renamed into place, so a failure (a full disk, a killed process) never leaves half a file
//! where a script expects a whole one. An existing target is replaced: scripts rerun exports.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes `bytes` to `out` atomically.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomically_with(out, |temp| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)?;
        file.write_all(bytes)?;
        Ok(())
    })
}

/// Lets `write` fill a temporary path beside `out` (it may create the file itself), then
/// syncs it and renames it to `out`. On any error the temporary file is removed.
pub fn write_atomically_with(
    out: &Path,
    write: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let temp = temporary_beside(out)?;
    let written = write(&temp).and_then(|()| {
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, out)?;
        Ok(())
    });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(error).with_context(|| format!("kunde inte skriva {}", out.display()));
    }
    Ok(())
}

fn temporary_beside(out: &Path) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("--out: {} är inget filnamn", out.display()))?
        .to_string_lossy()
        .into_owned();
    Ok(out.with_file_name(format!(".{name}.{}.tmp", std::process::id())))
}
