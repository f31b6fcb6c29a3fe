//! Backup copies next to the register, taken with SQLite's online backup API so a copy is
//! consistent even while the register is in use. Automatic copies are taken before every
//! migration and once per day of use; each kind keeps its newest [`BACKUPS_KEPT`].

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};
use crate::files::WriteFailure;

/// How many automatic backups of each kind are kept; older ones are removed.
pub const BACKUPS_KEPT: usize = 5;

/// Why a backup was taken; it is part of the file name so the kinds rotate separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// Before the schema is upgraded.
    Migration { from_version: i64 },
    /// The first time the register is used on a day.
    Daily,
    /// Asked for by the user (`nytta backup`); never rotated away.
    Manual,
    /// Of the file a restore is about to replace; never rotated away.
    BeforeRestore,
}

impl BackupKind {
    fn tag(self) -> String {
        let now = chrono::Local::now();
        match self {
            BackupKind::Migration { from_version } => format!("backup-v{from_version}-{}", now.format("%Y%m%d-%H%M%S")),
            BackupKind::Daily => format!("backup-dag-{}", now.format("%Y%m%d")),
            BackupKind::Manual => format!("backup-{}", now.format("%Y%m%d-%H%M%S")),
            BackupKind::BeforeRestore => format!("backup-fore-aterstallning-{}", now.format("%Y%m%d-%H%M%S")),
        }
    }

    /// The file-name prefix shared by every backup of this kind (for rotation).
    fn family(self) -> Option<&'static str> {
        match self {
            BackupKind::Migration { .. } => Some("backup-v"),
            BackupKind::Daily => Some("backup-dag-"),
            BackupKind::Manual | BackupKind::BeforeRestore => None,
        }
    }
}

/// Copies the register at `source` to a new file `target` (created owner-only).
///
/// The copy is made through the one output writer (`crate::files`): under a temporary name
/// beside the target, renamed into place when it is complete, so a crash or a full disk
/// half-way never leaves a partial file that looks like a backup (and would stop today's
/// daily backup from being taken again), and what a killed copy left is removed by the next.
pub fn backup_to(source: &Path, target: &Path) -> Result<()> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(StoreError::FileExists(target.to_path_buf()));
    }
    crate::files::write_by_path(target, Some(source), |partial| {
        let copied = copy_database(source, partial);
        if copied.is_err() {
            let _ = std::fs::remove_file(journal_of(partial));
        }
        copied.map_err(WriteFailure::from)
    })?;
    Ok(())
}

/// Copies the database at `source` into the (empty) file `partial` with SQLite's online
/// backup API, consistent even while the register is in use.
fn copy_database(source: &Path, partial: &Path) -> Result<()> {
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut to = Connection::open(partial)?;
    let backup = rusqlite::backup::Backup::new(&from, &mut to)?;
    backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
    drop(backup);
    // A backup is a single self-contained file: no -wal beside it.
    to.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

fn journal_of(path: &Path) -> PathBuf {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    PathBuf::from(journal)
}

/// A store failure inside the output writer: a full disk or another I/O error is told as the
/// file's; anything else in the store's own Swedish words.
impl From<StoreError> for WriteFailure {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::DiskFull => WriteFailure::Io(std::io::ErrorKind::StorageFull.into()),
            StoreError::Io(error) => WriteFailure::Io(error),
            other => WriteFailure::Said(other.to_string()),
        }
    }
}

/// Removes the partial copies (`*.delvis`) that earlier versions left when a backup was cut
/// off. They name no writer, so only those untouched for an hour are taken for debris.
fn remove_old_partial_copies(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let prefix = format!("{}.backup-", stem(path));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if name.starts_with(&prefix) && name.ends_with(".nytta.delvis") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Takes a backup of `path` of the given kind next to it and rotates that kind.
pub fn take_backup(path: &Path, kind: BackupKind) -> Result<PathBuf> {
    let target = sibling(path, &kind.tag());
    remove_old_partial_copies(path);
    backup_to(path, &target)?;
    if let Some(family) = kind.family() {
        rotate(path, family)?;
    }
    Ok(target)
}

/// Takes today's backup unless one exists already. Returns the new backup, if any.
pub fn daily_backup(path: &Path) -> Result<Option<PathBuf>> {
    let today = sibling_name(path, &BackupKind::Daily.tag());
    if path.with_file_name(today).exists() {
        return Ok(None);
    }
    take_backup(path, BackupKind::Daily).map(Some)
}

/// Replaces the register at `target` with the backup at `backup`. Refuses to overwrite an
/// existing file unless `force`; then the replaced file is first backed up itself.
/// Returns the backup of the replaced file, if one was taken.
pub fn restore(backup: &Path, target: &Path, force: bool) -> Result<Option<PathBuf>> {
    super::header::inspect(backup)?;
    let version: i64 = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?
        .pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > super::LATEST_VERSION {
        return Err(StoreError::TooNew { path: backup.to_path_buf(), found: version, supported: super::LATEST_VERSION });
    }
    let mut saved = None;
    if target.exists() {
        if !force {
            return Err(StoreError::Refused(format!(
                "{} finns redan. Återställningen skriver inte över den utan --force; med --force sparas först en säkerhetskopia av den.",
                target.display()
            )));
        }
        saved = Some(take_backup(target, BackupKind::BeforeRestore)?);
    }
    // Write beside the target and rename: the target is either the old file or the restored
    // one, never half of each.
    let partial = sibling(target, "aterstalls");
    // A whole copy left by a restore that was cut off before its last rename.
    let _ = std::fs::remove_file(&partial);
    backup_to(backup, &partial)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&partial, target)?;
    Ok(saved)
}

/// Backups of `path`, newest first.
pub fn list_backups(path: &Path) -> Result<Vec<PathBuf>> {
    list_with_prefix(path, "backup-")
}

fn list_with_prefix(path: &Path, family: &str) -> Result<Vec<PathBuf>> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let prefix = format!("{}.{family}", stem(path));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".nytta"))
        })
        .collect();
    found.sort_by_key(|p| {
        let modified = std::fs::metadata(p).and_then(|m| m.modified()).ok();
        std::cmp::Reverse((modified, p.clone()))
    });
    Ok(found)
}

fn rotate(path: &Path, family: &str) -> Result<()> {
    for old in list_with_prefix(path, family)?.into_iter().skip(BACKUPS_KEPT) {
        std::fs::remove_file(old)?;
    }
    Ok(())
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn sibling_name(path: &Path, tag: &str) -> String {
    format!("{}.{tag}.nytta", stem(path))
}

fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut candidate = path.with_file_name(sibling_name(path, tag));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = path.with_file_name(sibling_name(path, &format!("{tag}-{n}")));
    }
    candidate
}
