//! CSV as Swedish offices produce it: separator `;`, `,` or tab; UTF-8 with or without BOM,
//! Windows-1252 (Excel's "CSV" on Swedish Windows) or UTF-16 with BOM (Excel's "Unicode
//! text"); quoted fields holding separators and line breaks; CRLF or LF; blank lines.
//!
//! The file is read twice, both times streaming: once to decide the encoding (any byte that
//! is not valid UTF-8 means Windows-1252; a NUL byte means it is not text at all), once to
//! parse. Memory stays flat whatever the size of the file; one record is limited to
//! [`MAX_RECORD_BYTES`] so that a missing closing quote cannot swallow the whole file.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use serde::Serialize;

use super::{CellValue, ImportError, Result, RowCells};

/// The longest record accepted (bytes of text).
pub const MAX_RECORD_BYTES: u64 = 4_000_000;

/// How far into the file the header line is looked for.
const MAX_HEADER_BYTES: usize = 1_000_000;

/// The character encoding of a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// As shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 med BOM",
            TextEncoding::Windows1252 => "Windows-1252 (Excel på svensk Windows)",
            TextEncoding::Utf16Le => "UTF-16 (little endian)",
            TextEncoding::Utf16Be => "UTF-16 (big endian)",
        }
    }
}

/// The field separator of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Semicolon,
    Comma,
    Tab,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
        }
    }

    /// As shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Separator::Semicolon => "semikolon (;)",
            Separator::Comma => "komma (,)",
            Separator::Tab => "tabb",
        }
    }
}

/// Decides the encoding of a text stream, reading it to the end in fixed-size chunks.
pub fn sniff_encoding<R: Read>(mut input: R) -> Result<TextEncoding> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut first = true;
    let mut carry: Vec<u8> = Vec::with_capacity(4);
    let mut valid_utf8 = true;
    let mut bom = false;
    let mut any_text = false;
    loop {
        let n = read_full(&mut input, &mut buf).map_err(|e| ImportError::Read { after_row: 0, detail: format!("{}.", crate::files::io_read_error_text(&e)) })?;
        if n == 0 {
            break;
        }
        let mut chunk = &buf[..n];
        if first {
            first = false;
            if chunk.starts_with(&[0xFF, 0xFE]) {
                return Ok(TextEncoding::Utf16Le);
            }
            if chunk.starts_with(&[0xFE, 0xFF]) {
                return Ok(TextEncoding::Utf16Be);
            }
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bom = true;
                chunk = &chunk[3..];
            }
        }
        if chunk.contains(&0) {
            return Err(ImportError::Binary);
        }
        if !any_text && chunk.iter().any(|b| !b.is_ascii_whitespace()) {
            any_text = true;
        }
        if valid_utf8 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() && carry.len() - e.valid_up_to() < 4 => {
                    // A character cut by the chunk boundary: keep its first bytes.
                    let tail = carry.split_off(e.valid_up_to());
                    carry = tail;
                }
                Err(_) => {
                    valid_utf8 = false;
                    carry = Vec::new();
                }
            }
        }
    }
    if !any_text {
        return Err(ImportError::Empty);
    }
    Ok(if !valid_utf8 || !carry.is_empty() {
        TextEncoding::Windows1252
    } else if bom {
        TextEncoding::Utf8Bom
    } else {
        TextEncoding::Utf8
    })
}

fn read_full<R: Read>(input: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A byte source as UTF-8 text, without BOM, from its start.
fn text_reader<'r, R: Read + Seek + Send + 'r>(mut input: R, encoding: TextEncoding) -> std::io::Result<Box<dyn Read + Send + 'r>> {
    input.seek(SeekFrom::Start(0))?;
    let decode = |input: R, encoding: &'static Encoding| -> Box<dyn Read + Send + 'r> {
        Box::new(DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_override(true).build(input))
    };
    Ok(match encoding {
        TextEncoding::Utf8 => Box::new(input),
        TextEncoding::Utf8Bom => {
            input.seek(SeekFrom::Start(3))?;
            Box::new(input)
        }
        TextEncoding::Windows1252 => decode(input, WINDOWS_1252),
        TextEncoding::Utf16Le => decode(input, UTF_16LE),
        TextEncoding::Utf16Be => decode(input, UTF_16BE),
    })
}

/// Chooses the separator that splits the header line into the most known column names
/// (then the most columns; then `;` before tab before `,`). Quotes are respected.
pub fn sniff_separator(header_line: &str) -> Separator {
    let mut best = (Separator::Semicolon, 0usize, 0usize);
    for separator in [Separator::Semicolon, Separator::Tab, Separator::Comma] {
        let fields = split_line(header_line, separator);
        let known = super::ColumnMapping::recognised(&fields);
        if (known, fields.len()) > (best.1, best.2) {
            best = (separator, known, fields.len());
        }
    }
    best.0
}

fn split_line(line: &str, separator: Separator) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The first non-blank line of the text, up to a line break outside quotes.
fn first_line(input: &mut dyn Read) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    input.take(MAX_HEADER_BYTES as u64).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => {
                if !text[start..i].trim().is_empty() {
                    return Ok(text[start..i].to_string());
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    Ok(text[start..].to_string())
}

/// An open CSV file positioned after its header row.
pub struct CsvSource {
    encoding: TextEncoding,
    separator: Separator,
    headers: Vec<String>,
    header_row: usize,
    records: Records,
}

impl CsvSource {
    /// Opens a CSV file: decides encoding and separator and reads the header row.
    pub fn open(path: &Path) -> Result<CsvSource> {
        let io_error = |source| ImportError::Io { path: path.to_path_buf(), source };
        let file = File::open(path).map_err(io_error)?;
        CsvSource::from_reader(BufReader::with_capacity(64 * 1024, file), path.to_path_buf())
    }

    /// Opens CSV text from any seekable source (a file, or bytes in a test).
    pub fn from_reader<R: Read + Seek + Send + 'static>(mut input: R, path: PathBuf) -> Result<CsvSource> {
        let io_error = |source| ImportError::Io { path: path.clone(), source };
        input.seek(SeekFrom::Start(0)).map_err(io_error)?;
        let encoding = sniff_encoding(&mut input)?;
        let line = first_line(&mut *text_reader(&mut input, encoding).map_err(io_error)?).map_err(io_error)?;
        let separator = sniff_separator(&line);
        let text = text_reader(input, encoding).map_err(io_error)?;
        let mut records = Records::new(text, separator);
        let header_row = loop {
            match records.next()? {
                None => return Err(ImportError::NoHeader),
                Some(row) if !records.row().is_blank() => break row,
                Some(_) => {}
            }
        };
        let headers = {
            let row = records.row();
            (0..row.len()).map(|i| super::values::trim(row.field(i)).to_string()).collect()
        };
        Ok(CsvSource { encoding, separator, headers, header_row, records })
    }

    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    pub fn separator(&self) -> Separator {
        self.separator
    }

    /// The header row's cells, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The line the header row is on (1 unless blank lines come first).
    pub fn header_row(&self) -> usize {
        self.header_row
    }

    /// Calls `visit` with each data row after the header: the line the record starts on
    /// (1-based; a quoted line break makes a record span lines) and its cells. Blank rows
    /// are skipped. Stops early when `visit` breaks.
    pub fn for_each_record(&mut self, mut visit: impl FnMut(usize, &dyn RowCells) -> ControlFlow<()>) -> Result<()> {
        while let Some(row) = self.records.next()? {
            let cells = self.records.row();
            if cells.is_blank() {
                continue;
            }
            if visit(row, &cells).is_break() {
                break;
            }
        }
        Ok(())
    }
}

/// Most fields in one record.
const MAX_FIELDS: usize = 16_384;

/// CSV records from UTF-8 text through `csv_core`, with the line each starts on. One input
/// buffer and one record buffer, reused for every record.
struct Records {
    input: Box<dyn Read + Send>,
    core: csv_core::Reader,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    fields: Vec<u8>,
    fields_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The line of the next byte to be parsed.
    line: usize,
}

impl Records {
    fn new(input: Box<dyn Read + Send>, separator: Separator) -> Records {
        Records {
            input,
            core: csv_core::ReaderBuilder::new().delimiter(separator.byte()).build(),
            buf: vec![0; 64 * 1024],
            pos: 0,
            len: 0,
            eof: false,
            fields: vec![0; 4 * 1024],
            fields_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            line: 1,
        }
    }

    /// Parses the next record; its first line, or None at the end of the text.
    fn next(&mut self) -> Result<Option<usize>> {
        use csv_core::ReadRecordResult::*;
        let start_line = self.line;
        let mut started: Option<usize> = None;
        self.fields_len = 0;
        self.ends_len = 0;
        loop {
            if self.pos == self.len && !self.eof {
                self.pos = 0;
                self.len = loop {
                    match self.input.read(&mut self.buf) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            return Err(ImportError::Read {
                                after_row: started.unwrap_or(start_line).saturating_sub(1),
                                detail: format!("{}.", crate::files::io_read_error_text(&e)),
                            })
                        }
                    }
                };
                self.eof = self.len == 0;
            }
            let input = &self.buf[self.pos..self.len];
            let (result, nin, nout, nend) = self.core.read_record(
                input,
                &mut self.fields[self.fields_len..],
                &mut self.ends[self.ends_len..],
            );
            for &b in &input[..nin] {
                if started.is_none() && b != b'\r' && b != b'\n' {
                    started = Some(self.line);
                }
                if b == b'\n' {
                    self.line += 1;
                }
            }
            self.pos += nin;
            self.fields_len += nout;
            self.ends_len += nend;
            match result {
                InputEmpty => {}
                OutputFull => {
                    if self.fields.len() as u64 >= MAX_RECORD_BYTES {
                        return Err(ImportError::RecordTooLong {
                            after_row: started.unwrap_or(start_line).saturating_sub(1),
                        });
                    }
                    let grown = self.fields.len() * 2;
                    self.fields.resize(grown, 0);
                }
                OutputEndsFull => {
                    if self.ends.len() >= MAX_FIELDS {
                        return Err(ImportError::Read {
                            after_row: started.unwrap_or(start_line).saturating_sub(1),
                            detail: format!("en rad har fler än {MAX_FIELDS} kolumner."),
                        });
                    }
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                Record => {
                    let row = started.unwrap_or(self.line);
                    if std::str::from_utf8(&self.fields[..self.fields_len]).is_err() {
                        return Err(ImportError::Read {
                            after_row: row.saturating_sub(1),
                            detail: "raden har tecken som inte är giltig text.".into(),
                        });
                    }
                    return Ok(Some(row));
                }
                End => return Ok(None),
            }
        }
    }

    /// The record last parsed.
    fn row(&self) -> CsvRow<'_> {
        // Checked as UTF-8 in `next`.
        let text = std::str::from_utf8(&self.fields[..self.fields_len]).unwrap_or("");
        CsvRow { text, ends: &self.ends[..self.ends_len] }
    }
}

struct CsvRow<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl CsvRow<'_> {
    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..self.ends[i]).unwrap_or("")
    }
}

impl RowCells for CsvRow<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn cell(&self, column: usize) -> CellValue<'_> {
        if column >= self.ends.len() {
            return CellValue::Empty;
        }
        match self.field(column) {
            "" => CellValue::Empty,
            text => CellValue::Text(text),
        }
    }
}
