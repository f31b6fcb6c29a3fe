//! The joined file as the joiner writes it: to an anonymous temporary file rather than to
//! memory, so that the pages joined so far (a few tens of megabytes for a large pack) do not add
//! to the memory the parts still to come are typeset in (docs/prestanda.md). It is read back
//! once the front part, the last, has been typeset.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use super::fault;
use crate::report::ReportError;

pub(super) struct Output {
    file: BufWriter<File>,
    /// Bytes written so far: the offset of the next object, as the cross-reference table needs.
    len: usize,
    /// The first write that failed (a full disk). Later writes are skipped; [`Output::check`]
    /// and [`Output::read_back`] report it.
    failed: Option<io::Error>,
}

impl Output {
    pub(super) fn new() -> Result<Self, ReportError> {
        let file = tempfile::tempfile().map_err(|e| trouble(&e))?;
        Ok(Output { file: BufWriter::with_capacity(1 << 16, file), len: 0, failed: None })
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Writes `bytes` at the end.
    pub(super) fn put(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            if let Err(e) = self.write_all(bytes) {
                self.failed = Some(e);
            }
        }
    }

    /// Writes an object with lopdf's writer at the end.
    pub(super) fn put_object(&mut self, object: &lopdf::Object) {
        if self.failed.is_none() {
            if let Err(e) = lopdf::Writer::write_object(self, object) {
                self.failed = Some(e);
            }
        }
    }

    /// The first write that failed, as an error.
    pub(super) fn check(&self) -> Result<(), ReportError> {
        match &self.failed {
            Some(e) => Err(trouble(e)),
            None => Ok(()),
        }
    }

    /// The whole file, with the header's version (`%PDF-1.7`) set to `version` when it is as
    /// long as the one written.
    pub(super) fn read_back(self, version: &str) -> Result<Vec<u8>, ReportError> {
        self.check()?;
        let mut file = self.file.into_inner().map_err(|e| trouble(e.error()))?;
        let mut read = || -> io::Result<Vec<u8>> {
            if version.len() == 3 {
                file.seek(SeekFrom::Start(5))?;
                file.write_all(version.as_bytes())?;
            }
            file.seek(SeekFrom::Start(0))?;
            let mut bytes = Vec::with_capacity(self.len);
            file.read_to_end(&mut bytes)?;
            Ok(bytes)
        };
        read().map_err(|e| trouble(&e))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.file.write(buf)?;
        self.len += written;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn trouble(e: &io::Error) -> ReportError {
    fault(format!("den tillfälliga filen kunde inte skrivas eller läsas ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_with_its_version_and_length() {
        let mut out = Output::new().unwrap();
        out.put(b"%PDF-1.7\n");
        out.put_object(&lopdf::Object::Integer(42));
        assert_eq!(out.len(), 11);
        out.check().unwrap();
        assert_eq!(out.read_back("2.0").unwrap(), b"%PDF-2.0\n42");
    }
}
