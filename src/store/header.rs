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

/// Checks that `path` is an intact register file and returns its header.
pub fn inspect(path: &Path) -> Result<Header> {
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
    if size_is_valid && length < page_size * page_count {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!(
                "filen är {length} byte men ska vara minst {} byte, den verkar ha kapats",
                page_size * page_count
            ),
        });
    }
    if length % page_size != 0 {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "filens storlek stämmer inte med sidstorleken".into(),
        });
    }
    Ok(Header { application_id })
}
