//! Writing the files the user saves (reports, exports): the path from the save dialog is
//! checked the way a save dialog's answer must be (a full path, the format's extension), and
//! the file is written through the library's one output writer ([`nytta::files`]): never over
//! a register, whole or not at all, owner-only, every failure a Swedish sentence.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use nytta::files::WriteFailure;

use crate::error::{UiError, UiResult};

/// The path chosen in the save dialog, as a file of the format `extension` (`pdf`, `csv`, …).
///
/// A name that does not end in `.{extension}` (in any case) gets it added — a report is
/// always a `.pdf`, whatever name was typed. The save dialog asked the user about replacing
/// the file they named, not the one with the extension added, so that file must not exist.
/// Refuses an empty or relative path, a folder, a folder that does not exist and the open
/// register `register` (or any register, or the files beside it).
pub fn target(path: &str, extension: &str, register: Option<&Path>) -> UiResult<PathBuf> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err(UiError::new("Ange vilken fil som ska skrivas."));
    }
    let chosen = PathBuf::from(trimmed);
    if !chosen.is_absolute() {
        return Err(UiError::new(format!(
            "Sökvägen {} är inte fullständig. Välj filen i dialogrutan.",
            chosen.display()
        )));
    }
    let Some(name) = chosen.file_name() else {
        return Err(UiError::new(format!("{} är inget filnamn.", chosen.display())));
    };
    let has_extension = chosen
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension));
    let path = if has_extension {
        chosen.clone()
    } else {
        let mut name = name.to_os_string();
        name.push(".");
        name.push(extension);
        chosen.with_file_name(name)
    };
    if path.is_dir() || chosen.is_dir() {
        return Err(UiError::new(format!(
            "{} är en mapp. Ange ett filnamn.",
            chosen.display()
        )));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => {
            return Err(UiError::new(format!(
                "Mappen för {} finns inte.",
                path.display()
            )))
        }
    }
    if path != chosen && std::fs::symlink_metadata(&path).is_ok() {
        return Err(UiError::new(format!(
            "Filen {} finns redan och ersätts inte: filen får ändelsen .{extension}, men i \
             dialogrutan valdes {}. Välj ett annat namn, eller välj {} i dialogrutan om den ska \
             ersättas.",
            path.display(),
            chosen.display(),
            path.file_name().unwrap_or_default().to_string_lossy(),
        )));
    }
    refuse_register(&path, register)?;
    Ok(path)
}

/// Refuses to write `path` when it is the open register `register`, a file beside it
/// (`-wal`, `-shm`, `-journal`) or any other register — also through a link.
pub fn refuse_register(path: &Path, register: Option<&Path>) -> UiResult<()> {
    nytta::files::refuse_register(path, register).map_err(UiError::from)
}

/// What went wrong making the folder `dir`, in Swedish and naming it.
pub fn folder_message(dir: &Path, error: &std::io::Error) -> String {
    let dir = dir.display();
    match error.kind() {
        ErrorKind::PermissionDenied => format!("Mappen {dir} kunde inte skapas: du har inte behörighet att skapa den."),
        ErrorKind::StorageFull => format!("Mappen {dir} kunde inte skapas: disken är full."),
        ErrorKind::ReadOnlyFilesystem => format!("Mappen {dir} kunde inte skapas: platsen går bara att läsa, inte skriva."),
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => {
            format!("Mappen {dir} kunde inte skapas: det finns en fil med det namnet.")
        }
        _ => format!("Mappen {dir} kunde inte skapas: {}.", nytta::files::io_error_text(error)),
    }
}

/// Writes `path` through `write`, all or nothing (`register`: the register the data comes
/// from, refused as a target like any other register).
pub fn write_atomic(
    path: &Path,
    register: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> UiResult<()> {
    nytta::files::write(path, register, write).map(drop).map_err(UiError::from)
}

/// Writes `path` through `write`, which makes the file at the path it is given (an empty
/// file only the user can read, which `write` may replace); all or nothing.
pub fn write_atomic_with(
    path: &Path,
    register: Option<&Path>,
    write: impl FnOnce(&Path) -> Result<(), WriteFailure>,
) -> UiResult<()> {
    nytta::files::write_by_path(path, register, write).map(drop).map_err(UiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_gets_its_extension_and_must_be_in_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("rapport");
        assert_eq!(
            target(base.to_str().unwrap(), "pdf", None).unwrap(),
            dir.path().join("rapport.pdf")
        );
        assert_eq!(
            target(dir.path().join("a.PDF").to_str().unwrap(), "pdf", None).unwrap(),
            dir.path().join("a.PDF")
        );
        assert!(target("", "pdf", None).unwrap_err().message.contains("Ange"));
        assert!(target("rapport.pdf", "pdf", None)
            .unwrap_err()
            .message
            .contains("inte fullständig"));
        assert!(
            target(dir.path().join("saknas/a.pdf").to_str().unwrap(), "pdf", None)
                .unwrap_err()
                .message
                .contains("finns inte")
        );
        std::fs::create_dir(dir.path().join("mapp.pdf")).unwrap();
        assert!(target(dir.path().join("mapp.pdf").to_str().unwrap(), "pdf", None)
            .unwrap_err()
            .message
            .contains("mapp"));
    }

    /// A report is always a `.pdf`, a CSV export a `.csv` …: another extension is kept and
    /// the format's added after it.
    #[test]
    fn the_formats_extension_is_forced() {
        let dir = tempfile::tempdir().unwrap();
        for (name, extension, expected) in [
            ("rapport.txt", "pdf", "rapport.txt.pdf"),
            ("data.xlsx", "csv", "data.xlsx.csv"),
            ("data.csv", "xlsx", "data.csv.xlsx"),
            ("register", "json", "register.json"),
            ("bild.svg", "png", "bild.svg.png"),
            ("bild.Svg", "svg", "bild.Svg"),
        ] {
            assert_eq!(
                target(dir.path().join(name).to_str().unwrap(), extension, None).unwrap(),
                dir.path().join(expected),
                "{name} as {extension}"
            );
        }
    }

    /// The dialog asked about `rapport`, not `rapport.pdf`: an existing `rapport.pdf` is not
    /// replaced without being chosen.
    #[test]
    fn a_file_the_user_did_not_choose_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rapport.pdf"), "viktig").unwrap();
        let error = target(dir.path().join("rapport").to_str().unwrap(), "pdf", None).unwrap_err();
        assert!(
            error.message.contains("finns redan") && error.message.contains("rapport.pdf"),
            "{}",
            error.message
        );
        // Chosen by its own name in the dialog, it may be replaced.
        assert_eq!(
            target(dir.path().join("rapport.pdf").to_str().unwrap(), "pdf", None).unwrap(),
            dir.path().join("rapport.pdf")
        );
    }

    /// B1: an export or a report never takes the register's place, nor its companions'.
    #[test]
    fn the_open_register_and_any_register_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("stad.nytta");
        drop(nytta::app::OpenRegister::create(&register, "Stad").unwrap());
        for (name, extension) in [
            ("stad.nytta", "nytta"),
            ("stad.nytta-wal", "nytta-wal"),
            ("stad.nytta-shm", "nytta-shm"),
        ] {
            let error = target(
                dir.path().join(name).to_str().unwrap(),
                extension,
                Some(&register),
            )
            .unwrap_err();
            assert!(
                error.message.contains("skriver aldrig över ett register"),
                "{name}: {}",
                error.message
            );
        }
        // A register saved as an .xlsx is still a register.
        std::fs::copy(&register, dir.path().join("kopia.xlsx")).unwrap();
        assert!(target(
            dir.path().join("kopia.xlsx").to_str().unwrap(),
            "xlsx",
            Some(&register)
        )
        .is_err());
        assert!(target(dir.path().join("ny.xlsx").to_str().unwrap(), "xlsx", Some(&register)).is_ok());
    }

    // Writing itself (whole or not at all, owner-only, concurrent writers, Swedish errors) is
    // the library's one writer, tested in `nytta::files`.
}
