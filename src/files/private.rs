//! Files written for the user are readable by the user only (0600), like the register they
//! come from: exports, reports and backups hold names, decisions and the whole change log.
//! Used by [`super::output`], the one writer of output files, and by the store for new
//! registers.

use std::fs::File;
use std::path::Path;

/// Creates `path` for writing, owner-only from the first byte. Refuses an existing file.
pub fn create(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Makes a file another writer created (the Excel writer, say) owner-only.
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn created_and_restricted_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let made = dir.path().join("a");
        super::create(&made).unwrap();
        assert!(super::create(&made).is_err(), "an existing file is refused");
        let other = dir.path().join("b");
        std::fs::write(&other, b"x").unwrap();
        super::restrict(&other).unwrap();
        for path in [made, other] {
            assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
