//! Imports into the register as the faces ask for them: the file is read by `io`, the
//! records or rows it holds are handed to the store, which checks them against the register
//! and writes them in one transaction.

use crate::io::register_json::RegisterDocument;
use crate::store::{Register, Result};

/// Fills an empty register with a whole register's JSON document (read with
/// `io::register_json::read_file`), in one transaction: refused, with nothing changed, when
/// the register is not empty or anything in the document is wrong, naming its path.
pub fn import_document(register: &mut Register, document: &RegisterDocument) -> Result<()> {
    register.import_records(document.content())
}
