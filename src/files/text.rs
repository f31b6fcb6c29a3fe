//! What went wrong with a file, in Swedish: the operating system's own text is English
//! ("No such file or directory (os error 2)").

use std::io::ErrorKind::*;

/// The reason, as a clause to follow "kunde inte skrivas: " or "kunde inte läsas: ". Kinds
/// without a sentence of their own keep the system's text after a Swedish lead; a full disk
/// is always said as a full disk, whichever call noticed it.
pub fn io_error_text(error: &std::io::Error) -> String {
    match error.kind() {
        NotFound => "mappen finns inte (längre)".to_string(),
        PermissionDenied => "du har inte behörighet att skriva där; välj en annan mapp".to_string(),
        AlreadyExists => "filen finns redan".to_string(),
        StorageFull | QuotaExceeded => "disken är full; frigör utrymme eller välj en annan plats".to_string(),
        ReadOnlyFilesystem => "platsen går bara att läsa, inte skriva; välj en annan mapp".to_string(),
        IsADirectory => "det är en mapp, inte en fil".to_string(),
        NotADirectory => "en del av sökvägen är inte en mapp".to_string(),
        InvalidFilename => "filnamnet går inte att använda".to_string(),
        FileTooLarge => "filen blir för stor för filsystemet".to_string(),
        _ => unexpected(error),
    }
}

/// The reason a file could not be read, as a clause to follow "kunde inte läsas: ".
pub fn io_read_error_text(error: &std::io::Error) -> String {
    match error.kind() {
        NotFound => "filen finns inte".to_string(),
        PermissionDenied => "du har inte behörighet att läsa den".to_string(),
        IsADirectory => "det är en mapp, inte en fil".to_string(),
        NotADirectory => "en del av sökvägen är inte en mapp".to_string(),
        InvalidData => "innehållet går inte att läsa som text".to_string(),
        UnexpectedEof => "filen tar slut för tidigt".to_string(),
        OutOfMemory => "minnet räckte inte till".to_string(),
        _ => unexpected(error),
    }
}

/// A failure without a sentence of its own: said in Swedish with the system's error number,
/// which is what a technician needs; the system's own (English) text stays in the error's
/// source for the log.
fn unexpected(error: &std::io::Error) -> String {
    match error.raw_os_error() {
        Some(code) => format!("operativsystemet rapporterade ett fel (felkod {code})"),
        None => "ett oväntat fel inträffade i filsystemet".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_or_quota_is_said_as_a_full_disk() {
        for kind in [StorageFull, QuotaExceeded] {
            assert!(io_error_text(&std::io::Error::from(kind)).starts_with("disken är full"), "{kind:?}");
        }
        // ENOSPC from a raw OS error, as a writer sees it.
        #[cfg(unix)]
        assert!(io_error_text(&std::io::Error::from_raw_os_error(libc::ENOSPC)).starts_with("disken är full"));
    }
}
