//! Backup copies next to the register, taken with SQLite's online backup API so a copy is
//! consistent even while the register is in use. Automatic copies are taken before every
//! migration and once per day of use; each kind keeps its newest [`BACKUPS_KEPT`].

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};

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
/// The copy is written under a temporary name and renamed into place when it is complete,
/// so a crash or a full disk half-way never leaves a partial file that looks like a backup
/// (and would stop today's daily backup from being taken again).
pub fn backup_to(source: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(StoreError::FileExists(target.to_path_buf()));
    }
    let partial = PathBuf::from(format!("{}.delvis", target.display()));
    // Left behind by a copy that was cut off; it was never a backup.
    let _ = std::fs::remove_file(&partial);
    super::create_private_file(&partial)?;
    let result = (|| {
        let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut to = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(&from, &mut to)?;
        backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        drop(backup);
        // A backup is a single self-contained file: no -wal beside it.
        to.pragma_update(None, "journal_mode", "DELETE")?;
        drop(to);
        std::fs::rename(&partial, target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Takes a backup of `path` of the given kind next to it and rotates that kind.
pub fn take_backup(path: &Path, kind: BackupKind) -> Result<PathBuf> {
    let target = sibling(path, &kind.tag());
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
