//! rust_xlsxwriter (0.102) `expect`s every write to a constant-memory sheet's spool file, so
//! a full disk panics inside it ("Couldn't write to xml file: … StorageFull") instead of
//! returning an error — and a panic must never reach the user. Every call into the Excel
//! writer goes through [`guarded`], which catches such a panic (`crate::panic_guard`, shared
//! with the typesetter), keeps its message off the terminal, and turns it back into the I/O
//! error it was, so a full disk is said as a full disk.

use super::export::ExportError;

/// Runs `write` (calls into rust_xlsxwriter); a panic inside it becomes an [`ExportError::Io`].
pub(super) fn guarded<T>(write: impl FnOnce() -> Result<T, ExportError>) -> Result<T, ExportError> {
    crate::panic_guard::catch_quietly("rust_xlsxwriter", write).unwrap_or_else(|payload| {
        Err(match io_error_of(crate::panic_guard::message(payload.as_ref())) {
            Some(error) => ExportError::Io(error),
            None => ExportError::Xlsx("Excel-skrivaren avbröts oväntat".into()),
        })
    })
}

/// The I/O error a writer's panic message carries (`… Os { code: 28, kind: StorageFull …`).
fn io_error_of(message: &str) -> Option<std::io::Error> {
    if let Some(code) = os_error_code(message) {
        return Some(std::io::Error::from_raw_os_error(code));
    }
    message.contains("StorageFull").then(|| std::io::Error::from(std::io::ErrorKind::StorageFull))
}

fn os_error_code(message: &str) -> Option<i32> {
    let rest = &message[message.find("Os { code: ")? + "Os { code: ".len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_panic_is_an_io_error_and_a_full_disk_stays_a_full_disk() {
        let error = guarded::<()>(|| {
            let full = std::io::Error::from_raw_os_error(28);
            Err::<(), _>(full).expect("Couldn't write to xml file");
            unreachable!()
        })
        .unwrap_err();
        #[cfg(target_os = "linux")]
        assert!(matches!(&error, ExportError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull), "{error:?}");
        assert!(error.to_string().contains("disken är full") || cfg!(not(target_os = "linux")), "{error}");

        let error = guarded::<()>(|| panic!("något annat")).unwrap_err();
        assert!(error.to_string().contains("Excel-skrivaren avbröts"), "{error}");
        // Calls that do not panic pass their answer through.
        assert_eq!(guarded(|| Ok(7)).unwrap(), 7);
    }
}
