//! The one way to write an output file.
//!
//! Every file the program writes for the user — an export, a chart, a report, a backup, a
//! file saved from the window — goes through [`write`], [`write_bytes`] or [`write_by_path`],
//! which
//! - refuse a target that is a register, one of SQLite's files beside a register (`-wal`,
//!   `-shm`, `-journal`) or any other SQLite database or log, also when the target is a link
//!   to one: the user may name any file, and replacing a register loses every change in it;
//! - write owner-only (0600) to a temporary name beside the target that carries the writer's
//!   process id, `.{name}.{pid}.{n}.tmp`, flush it to the disk and rename it into place, so
//!   the target is either the old file or the new one whole — never half a file after a full
//!   disk or a killed process;
//! - remove the temporary files that earlier writers of the same target left when they were
//!   killed (their process is no longer alive), so debris never piles up;
//! - tell every failure as a Swedish sentence naming the file, a full disk as a full disk.

use std::ffi::OsString;
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{private, process, text::io_error_text};

/// The first bytes of every SQLite database (a register among them).
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// SQLite's files beside a database.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Why an output file was not written. In every case no file has changed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{} är ett register eller hör till ett. Välj ett annat filnamn – en export, rapport eller \
         kopia skriver aldrig över ett register.",
        .0.display()
    )]
    Register(PathBuf),

    #[error("{} är inget filnamn. Ange ett filnamn.", .0.display())]
    NotAFileName(PathBuf),

    #[error("{} är en mapp. Ange ett filnamn.", .0.display())]
    Folder(PathBuf),

    #[error("Filen {} kunde inte skrivas: {}. Ingen fil har ändrats.", path.display(), io_error_text(source))]
    Io {
        path: PathBuf,
        /// The operating system's own account, kept for a log.
        #[source]
        source: std::io::Error,
    },

    /// The writer said why in Swedish (an Excel sheet too large, a register that could not
    /// be read for a backup …).
    #[error("Filen {} kunde inte skrivas: {}. Ingen fil har ändrats.", path.display(), reason.trim_end_matches('.'))]
    Writer { path: PathBuf, reason: String },
}

impl OutputError {
    /// True when the disk (or the user's quota) was full.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, OutputError::Io { source, .. } if is_disk_full(source))
    }
}

/// True for the errors a full disk gives, whichever call noticed it.
fn is_disk_full(error: &std::io::Error) -> bool {
    matches!(error.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded)
}

/// Why a writer given a path ([`write_by_path`]) failed.
#[derive(Debug)]
pub enum WriteFailure {
    Io(std::io::Error),
    /// Already a Swedish sentence.
    Said(String),
}

impl From<std::io::Error> for WriteFailure {
    fn from(error: std::io::Error) -> Self {
        WriteFailure::Io(error)
    }
}

/// Writes `target` through `write`, all or nothing. `register` is the register the data
/// comes from, when there is one (any register is refused as a target either way). Returns
/// the path written: the target, or the file a link at the target points to.
pub fn write(
    target: &Path,
    register: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf, OutputError> {
    let path = checked_target(target, register)?;
    let temporary = Temporary::create(&path)?;
    let result = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, temporary.file()?);
        write(&mut out)?;
        out.flush()?;
        Ok(())
    })();
    temporary.finish(result, register)
}

/// Writes `bytes` to `target`, all or nothing (see [`write`]).
pub fn write_bytes(target: &Path, register: Option<&Path>, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    write(target, register, |out| out.write_all(bytes))
}

/// Lets `write` make the file at the temporary path it is given (an empty owner-only file is
/// there already; a writer such as the Excel writer or SQLite's backup replaces or fills it),
/// then makes it owner-only, flushes it and renames it to `target`; all or nothing.
pub fn write_by_path(
    target: &Path,
    register: Option<&Path>,
    write: impl FnOnce(&Path) -> Result<(), WriteFailure>,
) -> Result<PathBuf, OutputError> {
    let path = checked_target(target, register)?;
    let temporary = Temporary::create(&path)?;
    let result = write(&temporary.path).and_then(|()| {
        // A writer that made the file anew made it with the default permissions.
        private::restrict(&temporary.path)?;
        Ok(())
    });
    temporary.finish(result, register)
}

/// Refuses `target` when writing there would destroy a register: when it is `register`
/// itself or one of SQLite's files beside it, or any SQLite database or log, or a file
/// beside any register — also when `target` is a link to one of these.
pub fn refuse_register(target: &Path, register: Option<&Path>) -> Result<(), OutputError> {
    let refuse = || Err(OutputError::Register(target.to_path_buf()));
    let resolved = resolved(target);
    for candidate in [target, resolved.as_path()] {
        if is_database_or_log(candidate) || is_beside_a_database(candidate) {
            return refuse();
        }
        if let Some(register) = register {
            if names_register_or_side_file(candidate, register) {
                return refuse();
            }
        }
    }
    Ok(())
}

/// The path to write: `target`, or what a link at `target` points to (a link to an ordinary
/// file is written through, as the user asked for that file), after every refusal.
fn checked_target(target: &Path, register: Option<&Path>) -> Result<PathBuf, OutputError> {
    if target.file_name().is_none() {
        return Err(OutputError::NotAFileName(target.to_path_buf()));
    }
    if target.is_dir() {
        return Err(OutputError::Folder(target.to_path_buf()));
    }
    refuse_register(target, register)?;
    Ok(resolved(target))
}

/// `path` with every link followed — also a link to a file that does not exist yet, which
/// writing through it would create — or `path` itself when it is no link. A loop of links
/// gives the path where following stopped.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let Ok(meta) = std::fs::symlink_metadata(&current) else {
            break;
        };
        if !meta.file_type().is_symlink() {
            break;
        }
        let Ok(next) = std::fs::read_link(&current) else {
            break;
        };
        current = match current.parent() {
            Some(folder) if next.is_relative() => folder.join(next),
            _ => next,
        };
    }
    current
}

/// Whether the file at `path` starts as a SQLite database or a SQLite log does.
fn is_database_or_log(path: &Path) -> bool {
    let mut head = [0u8; 16];
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    if file.read_exact(&mut head).is_err() {
        return false;
    }
    let wal_magic = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
    &head == SQLITE_MAGIC || wal_magic & !1 == 0x377f_0682
}

/// Whether `path` is named as a side file (`-wal`, `-shm`, `-journal`) of a database that
/// exists beside it; an `-shm` file has no magic of its own to recognise it by.
fn is_beside_a_database(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    SIDE_FILES
        .iter()
        .filter_map(|side| text.strip_suffix(side))
        .any(|database| is_database_or_log(Path::new(database)))
}

/// Whether `candidate` is `register` or one of its side files, by any spelling of the path.
fn names_register_or_side_file(candidate: &Path, register: &Path) -> bool {
    let (Some(candidate), Some(register)) = (canonical_name(candidate), canonical_name(register)) else {
        return false;
    };
    if candidate == register {
        return true;
    }
    SIDE_FILES.iter().any(|side| {
        let mut side_file = register.clone().into_os_string();
        side_file.push(side);
        candidate.as_os_str() == side_file
    })
}

/// `path` with its folder canonicalised (the file itself may not exist yet), and with the
/// file itself canonicalised when it does (a link to the register is the register).
fn canonical_name(path: &Path) -> Option<PathBuf> {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return Some(canonical);
    }
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

/// A temporary file beside the target, removed unless renamed into place — also when the
/// writer fails, returns early or panics.
struct Temporary {
    path: PathBuf,
    target: PathBuf,
    renamed: bool,
}

impl Temporary {
    /// Clears what killed writers of `target` left, then creates a new owner-only file under
    /// a name no other writer uses (`create_new`, so two writers at once never share one).
    fn create(target: &Path) -> Result<Temporary, OutputError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        sweep_left_behind(target);
        let name = file_name(target);
        let pid = std::process::id();
        let mut attempts = 0;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut temporary_name = OsString::from(".");
            temporary_name.push(&name);
            temporary_name.push(format!(".{pid}.{n}.tmp"));
            let path = target.with_file_name(temporary_name);
            match private::create(&path) {
                Ok(_) => return Ok(Temporary { path, target: target.to_path_buf(), renamed: false }),
                // Left by an earlier process that had the same id: take the next number.
                Err(e) if e.kind() == ErrorKind::AlreadyExists && attempts < 1000 => attempts += 1,
                Err(source) => return Err(OutputError::Io { path: target.to_path_buf(), source }),
            }
        }
    }

    fn file(&self) -> std::io::Result<File> {
        File::options().write(true).truncate(true).open(&self.path)
    }

    /// Flushes the written file to the disk and renames it into place; after a failure the
    /// target is left as it was (and the temporary file removed as `self` is dropped).
    fn finish(mut self, written: Result<(), impl Into<WriteFailure>>, register: Option<&Path>) -> Result<PathBuf, OutputError> {
        let synced = written.map_err(Into::into).and_then(|()| {
            File::options().write(true).open(&self.path)?.sync_all()?;
            Ok(())
        });
        if let Err(failure) = synced {
            return Err(match failure {
                WriteFailure::Io(source) => OutputError::Io { path: self.target.clone(), source },
                WriteFailure::Said(reason) => OutputError::Writer { path: self.target.clone(), reason },
            });
        }
        // The target was checked before the writing began, which may have taken minutes:
        // check it again right before it is replaced.
        refuse_register(&self.target, register)?;
        std::fs::rename(&self.path, &self.target).map_err(|source| OutputError::Io { path: self.target.clone(), source })?;
        self.renamed = true;
        sync_folder(&self.target);
        Ok(self.target.clone())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Makes the rename itself durable; a failure only risks the rename, not the file's data.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(folder) = File::open(folder) {
            let _ = folder.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn file_name(path: &Path) -> OsString {
    path.file_name().map(OsString::from).unwrap_or_default()
}

/// Removes the temporary files of `target` whose writer is no longer running: those named
/// `.{name}.{pid}.{n}.tmp` (and the form `.{name}.{pid}.tmp` of earlier versions), with a
/// SQLite journal a backup may have left beside them. Only names of exactly that shape for
/// exactly this target are touched, so no file of the user's can be taken for one.
fn sweep_left_behind(target: &Path) {
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let prefix = format!(".{}.", file_name(target).to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(&prefix).and_then(temporary_writer) else {
            continue;
        };
        if !process::is_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The writer's process id in the rest of a temporary file's name after `.{name}.`:
/// `{pid}.{n}.tmp`, `{pid}.tmp`, or either with `-journal` after it.
fn temporary_writer(rest: &str) -> Option<u32> {
    let rest = rest.strip_suffix("-journal").unwrap_or(rest);
    let numbers = rest.strip_suffix(".tmp")?;
    let mut parts = numbers.split('.');
    let pid = parts.next()?;
    let counter = parts.next();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !all_digits(pid) || !counter.is_none_or(all_digits) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests;
