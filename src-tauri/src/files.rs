//! Writing the files the user saves (reports, exports): the path from the save dialog is
//! checked, and the file is written beside its target under a temporary name and renamed
//! into place, so a failure never leaves half a file.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{UiError, UiResult};

/// The path chosen in the save dialog, with `extension` added when the name has none.
/// Refuses an empty or relative path, a folder and a folder that does not exist.
pub fn target(path: &str, extension: &str) -> UiResult<PathBuf> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err(UiError::new("Ange vilken fil som ska skrivas."));
    }
    let mut path = PathBuf::from(trimmed);
    if !path.is_absolute() {
        return Err(UiError::new(format!(
            "Sökvägen {} är inte fullständig. Välj filen i dialogrutan.",
            path.display()
        )));
    }
    if path.file_name().is_none() {
        return Err(UiError::new(format!(
            "{} är inget filnamn.",
            path.display()
        )));
    }
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    if path.is_dir() {
        return Err(UiError::new(format!(
            "{} är en mapp. Ange ett filnamn.",
            path.display()
        )));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => Ok(path),
        _ => Err(UiError::new(format!(
            "Mappen för {} finns inte.",
            path.display()
        ))),
    }
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

fn failed(path: &Path, detail: impl std::fmt::Display) -> UiError {
    UiError::new(format!(
        "Filen {} kunde inte skrivas: {detail}. Ingen fil har ändrats.",
        path.display()
    ))
}

/// Writes `path` through `write`, all or nothing.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> UiResult<()> {
    write_atomic_with(path, |tmp| {
        let mut file = create_private(tmp).map_err(|e| e.to_string())?;
        {
            let mut out = std::io::BufWriter::new(&mut file);
            write(&mut out).map_err(|e| e.to_string())?;
            out.flush().map_err(|e| e.to_string())?;
        }
        file.sync_all().map_err(|e| e.to_string())
    })
}

/// Writes `path` through `write`, which makes the file it is given; all or nothing.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> UiResult<()> {
    let tmp = temporary_beside(path);
    let result = write(&tmp).and_then(|()| {
        restrict(&tmp).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, path).map_err(|e| e.to_string())
    });
    if let Err(detail) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(failed(path, detail));
    }
    Ok(())
}

/// A new file only the user can read: exports hold the register's data.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_gets_its_extension_and_must_be_in_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("rapport");
        assert_eq!(
            target(base.to_str().unwrap(), "pdf").unwrap(),
            dir.path().join("rapport.pdf")
        );
        assert_eq!(
            target(dir.path().join("a.PDF").to_str().unwrap(), "pdf").unwrap(),
            dir.path().join("a.PDF")
        );
        assert!(target("", "pdf").unwrap_err().message.contains("Ange"));
        assert!(target("rapport.pdf", "pdf")
            .unwrap_err()
            .message
            .contains("inte fullständig"));
        assert!(
            target(dir.path().join("saknas/a.pdf").to_str().unwrap(), "pdf")
                .unwrap_err()
                .message
                .contains("finns inte")
        );
        std::fs::create_dir(dir.path().join("mapp.pdf")).unwrap();
        assert!(target(dir.path().join("mapp.pdf").to_str().unwrap(), "pdf")
            .unwrap_err()
            .message
            .contains("mapp"));
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, "gammalt").unwrap();
        let error = write_atomic(&path, |out| {
            out.write_all(b"halv")?;
            Err(std::io::Error::other("disken är full"))
        })
        .unwrap_err();
        assert!(
            error.message.contains("disken är full")
                && error.message.contains("Ingen fil har ändrats"),
            "{}",
            error.message
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammalt");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the temporary file is gone"
        );

        write_atomic(&path, |out| out.write_all(b"nytt")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "nytt");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
