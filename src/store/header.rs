//! Reads the SQLite file header by hand, before SQLite opens the file, so a file that is not
//! ours, is truncated or is too new is refused without a single byte being written to it.
//! (Opening with SQLite and switching to WAL would already change the header.)

use std::io::Read;
use std::path::Path;

use super::error::{Result, StoreError};

/// `PRAGMA application_id` of every register: "NYTT" in ASCII.
pub const APPLICATION_ID: i32 = 0x4E59_5454;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub application_id: i32,
}

/// How often a file that looks cut off is looked at before it is judged, and so how long the
/// judgement waits in all (see [`backoff`]).
const LOOKS: u32 = 8;

/// Checks that `path` is an intact register file and returns its header.
///
/// A file that looks cut off is looked at again, a few times over about a second, before it
/// is called damaged: another program's checkpoint writes page 1 (with the new size) before
/// the pages that extend the file, and once it is done the next writer starts the log afresh,
/// so a look at the file mid-checkpoint and at the log just after sees the missing pages in
/// neither. Only a file that stays short, and stays the same, is damaged; one that changes
/// between looks is being written and the user is told to try again.
pub fn inspect(path: &Path) -> Result<Header> {
    inspect_with(path, |attempt| std::thread::sleep(backoff(attempt)))
}

/// The wait before look `attempt + 2`: 10, 20, 40 … 640 ms, about 1,3 s in all.
fn backoff(attempt: u32) -> std::time::Duration {
    std::time::Duration::from_millis(10 << attempt.min(6))
}

/// [`inspect`] with the wait between looks given by the caller (`between_looks(attempt)`,
/// attempt counted from 0), so a test can change the file between looks without sleeping.
pub(crate) fn inspect_with(path: &Path, mut between_looks: impl FnMut(u32)) -> Result<Header> {
    let mut previous: Option<Snapshot> = None;
    let mut moved = false;
    let mut attempt = 0;
    loop {
        let (snapshot, detail) = match look(path)? {
            Look::Sound(header) => return Ok(header),
            Look::CutOff { snapshot, detail } => (snapshot, detail),
        };
        moved |= previous.is_some_and(|p| p != snapshot);
        if attempt + 1 >= LOOKS {
            // Any change seen means a writer was at work: a wrong "try again" costs the user
            // a second try, a wrong "damaged" may cost a restore over newer work.
            return Err(if moved {
                StoreError::BeingWritten(path.to_path_buf())
            } else {
                StoreError::Corrupt { path: path.to_path_buf(), detail }
            });
        }
        previous = Some(snapshot);
        between_looks(attempt);
        attempt += 1;
    }
}

/// What one look at the file found.
enum Look {
    Sound(Header),
    /// Shorter than page 1 says, or not a whole number of pages, and the log beside it does
    /// not hold the missing pages.
    CutOff { snapshot: Snapshot, detail: String },
}

/// Everything a checkpoint or a writer in another program changes that a look depends on:
/// when two looks differ in any of it, the file is being written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    length: u64,
    /// Page 1's file change counter and in-header page count.
    header: (u32, u32),
    /// The log's length and its 32-byte header (salts, checkpoint sequence), if any.
    wal: Option<(u64, [u8; 32])>,
}

/// One look: the file's header and size, and, when it looks cut off, the log.
fn look(path: &Path) -> Result<Look> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::FileMissing(path.to_path_buf()))
        }
        Err(e) => return Err(e.into()),
    };
    let length = file.metadata()?.len();
    let mut bytes = [0u8; 100];
    let mut read = 0;
    while read < bytes.len() {
        match file.read(&mut bytes[read..])? {
            0 => break,
            n => read += n,
        }
    }
    if read < bytes.len() || &bytes[..16] != MAGIC {
        return Err(StoreError::NotARegister(path.to_path_buf()));
    }
    let be32 = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let application_id = be32(68) as i32;
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotARegister(path.to_path_buf()));
    }
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let page_count = u64::from(be32(28));
    // The in-header size is valid only when the change counter matches (SQLite file format §1.3.7).
    let size_is_valid = be32(24) == be32(92) && page_count > 0;
    let short = size_is_valid && length < page_size * page_count;
    let ragged = length % page_size != 0;
    // A checkpoint cut off by a crash can leave page 1 (with the new size) written before the
    // pages that extend the file; SQLite completes it from the write-ahead log when it opens
    // the file. Such a file is sound — but only if the log beside it really holds every
    // missing page: a leftover log of old frames would let SQLite fill the gap with zeros.
    if short || ragged {
        let first_missing = length / page_size + 1;
        let last_missing = page_count.max(length.div_ceil(page_size));
        if !wal_holds_pages(path, page_size, first_missing..=last_missing) {
            let detail = if short {
                format!(
                    "filen är {length} byte men ska vara minst {} byte, den verkar ha kapats",
                    page_size * page_count
                )
            } else {
                "filens storlek stämmer inte med sidstorleken".into()
            };
            let snapshot = Snapshot { length, header: (be32(24), be32(28)), wal: wal_state(path) };
            return Ok(Look::CutOff { snapshot, detail });
        }
    }
    Ok(Look::Sound(Header { application_id }))
}

/// The log's length and header, or `None` when there is no log (or it cannot be read).
fn wal_state(path: &Path) -> Option<(u64, [u8; 32])> {
    let mut file = std::fs::File::open(wal_path(path)).ok()?;
    let length = file.metadata().ok()?.len();
    let mut header = [0u8; 32];
    // A log shorter than its header has an all-zero header here; its length still counts.
    let _ = file.read_exact(&mut header);
    Some((length, header))
}

fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    wal.into()
}

/// Whether the write-ahead log beside the register holds, in committed frames SQLite will
/// replay, every page in `pages`. Read as SQLite recovers a log (file format §4.3): the
/// header's magic, page size and checksum; then frames whose salts match the header's and
/// whose cumulative checksum holds, up to the last commit frame. A missing, stale or torn log
/// holds nothing.
fn wal_holds_pages(path: &Path, page_size: u64, pages: std::ops::RangeInclusive<u64>) -> bool {
    let Ok(file) = std::fs::File::open(wal_path(path)) else {
        return false;
    };
    let mut log = std::io::BufReader::new(file);
    let mut header = [0u8; 32];
    if log.read_exact(&mut header).is_err() {
        return false;
    }
    let word = |b: &[u8], at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let magic = word(&header, 0);
    if magic & !1 != 0x377f_0682 || u64::from(word(&header, 8)) != page_size {
        return false;
    }
    let big_endian = magic & 1 == 1;
    let mut sum = wal_checksum(big_endian, (0, 0), &header[..24]);
    if sum != (word(&header, 24), word(&header, 28)) {
        return false;
    }
    let salts = (word(&header, 16), word(&header, 20));
    let Ok(page_bytes) = usize::try_from(page_size) else {
        return false;
    };
    let mut frame = vec![0u8; 24 + page_bytes];
    let mut pending: Vec<u64> = Vec::new();
    let mut committed: std::collections::HashSet<u64> = std::collections::HashSet::new();
    while log.read_exact(&mut frame).is_ok() {
        if (word(&frame, 8), word(&frame, 12)) != salts {
            break;
        }
        sum = wal_checksum(big_endian, sum, &frame[..8]);
        sum = wal_checksum(big_endian, sum, &frame[24..]);
        if sum != (word(&frame, 16), word(&frame, 20)) {
            break;
        }
        pending.push(u64::from(word(&frame, 0)));
        if word(&frame, 4) != 0 {
            committed.extend(pending.drain(..));
        }
    }
    pages.into_iter().all(|page| committed.contains(&page))
}

/// SQLite's write-ahead-log checksum over `data` (a multiple of 8 bytes), continuing `sum`.
fn wal_checksum(big_endian: bool, (mut s1, mut s2): (u32, u32), data: &[u8]) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let read = |b: &[u8]| {
            let b = [b[0], b[1], b[2], b[3]];
            if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) }
        };
        s1 = s1.wrapping_add(read(&pair[..4])).wrapping_add(s2);
        s2 = s2.wrapping_add(read(&pair[4..])).wrapping_add(s1);
    }
    (s1, s2)
}

/// Refuses `target` as the file an export or a report is about to be written to when writing
/// there would destroy a register: when it is `register` itself or one of SQLite's files
/// beside it (`-wal`, `-shm`, `-journal`), or when it already holds any SQLite database. The
/// save dialog and `--out` let the user name any file, and a rename over the open register
/// would replace it under the program's feet.
pub fn refuse_overwriting_register(target: &Path, register: Option<&Path>) -> Result<()> {
    let refuse = || {
        Err(StoreError::Refused(format!(
            "{} är ett register eller hör till ett. Välj ett annat filnamn – en export eller rapport \
             skriver aldrig över ett register.",
            target.display()
        )))
    };
    if let Some(register) = register {
        let canonical = |p: &Path| -> Option<std::path::PathBuf> {
            // The target may not exist yet: compare its folder, canonicalised, and its name.
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
        };
        if let (Some(t), Some(r)) = (canonical(target), canonical(register)) {
            let r = r.as_os_str().to_string_lossy().into_owned();
            let t = t.as_os_str().to_string_lossy().into_owned();
            if t == r || ["-wal", "-shm", "-journal"].iter().any(|side| t == format!("{r}{side}")) {
                return refuse();
            }
        }
        if let (Ok(t), Ok(r)) = (std::fs::canonicalize(target), std::fs::canonicalize(register)) {
            if t == r {
                return refuse();
            }
        }
    }
    let mut magic = [0u8; 16];
    if let Ok(mut file) = std::fs::File::open(target) {
        if file.read_exact(&mut magic).is_ok() && &magic == MAGIC {
            return refuse();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_register_its_side_files_and_any_database_are_never_export_targets() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("r.nytta");
        std::fs::write(&register, b"SQLite format 3\0rest of the file").unwrap();
        for name in ["r.nytta", "r.nytta-wal", "r.nytta-shm", "r.nytta-journal"] {
            let target = dir.path().join(name);
            let error = refuse_overwriting_register(&target, Some(&register)).unwrap_err();
            assert!(error.to_string().contains("skriver aldrig över ett register"), "{name}: {error}");
        }
        // The same file by another spelling of its path.
        let roundabout = dir.path().join(".").join("r.nytta");
        assert!(refuse_overwriting_register(&roundabout, Some(&register)).is_err());
        // Another register (or any SQLite file) is refused without knowing the open one.
        let other = dir.path().join("annan.xlsx");
        std::fs::write(&other, b"SQLite format 3\0").unwrap();
        assert!(refuse_overwriting_register(&other, None).is_err());
        // Ordinary files, existing or new, are fine.
        let old_export = dir.path().join("export.xlsx");
        std::fs::write(&old_export, b"PK\x03\x04").unwrap();
        assert!(refuse_overwriting_register(&old_export, Some(&register)).is_ok());
        assert!(refuse_overwriting_register(&dir.path().join("ny.csv"), Some(&register)).is_ok());
    }
}
