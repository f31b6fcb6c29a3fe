//! Backup copies next to the register, taken with SQLite's online backup API so a copy is
//! consistent even while the register is in use.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::Result;

/// How many automatic backups of one register are kept; older ones are removed.
pub const BACKUPS_KEPT: usize = 5;

/// Copies the register at `source` to `target` (which must not exist).
pub fn backup_to(source: &Path, target: &Path) -> Result<()> {
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut to = Connection::open(target)?;
    let backup = rusqlite::backup::Backup::new(&from, &mut to)?;
    backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
    Ok(())
}

/// Takes the backup required before a migration and rotates old ones.
pub(super) fn before_migration(path: &Path, from_version: i64) -> Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let target = sibling(path, &format!("backup-v{from_version}-{stamp}"));
    backup_to(path, &target)?;
    rotate(path)?;
    Ok(target)
}

/// Backups of `path`, newest first.
pub fn list_backups(path: &Path) -> Result<Vec<PathBuf>> {
    let Some(dir) = path.parent() else { return Ok(Vec::new()) };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!("{}.backup-", stem(path));
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

fn rotate(path: &Path) -> Result<()> {
    for old in list_backups(path)?.into_iter().skip(BACKUPS_KEPT) {
        std::fs::remove_file(old)?;
    }
    Ok(())
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut candidate = path.with_file_name(format!("{}.{tag}.nytta", stem(path)));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = path.with_file_name(format!("{}.{tag}-{n}.nytta", stem(path)));
    }
    candidate
}
