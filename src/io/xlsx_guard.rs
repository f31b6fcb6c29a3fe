//! rust_xlsxwriter (0.102) `expect`s every write to a constant-memory sheet's spool file, so
//! a full disk panics inside it ("Couldn't write to xml file: … StorageFull") instead of
//! returning an error — and a panic must never reach the user. Every call into the Excel
//! writer goes through [`guarded`], which catches such a panic on the calling thread, keeps
//! its message off the terminal, and turns it back into the I/O error it was, so a full disk
//! is said as a full disk. (The writer spawns no threads in constant-memory mode.)

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use super::export::ExportError;

thread_local! {
    /// How many guarded calls are running on this thread: their panics are not printed.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

/// Runs `write` (calls into rust_xlsxwriter); a panic inside it becomes an [`ExportError::Io`].
pub(super) fn guarded<T>(write: impl FnOnce() -> Result<T, ExportError>) -> Result<T, ExportError> {
    install_quiet_hook();
    GUARDED.with(|n| n.set(n.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(write));
    GUARDED.with(|n| n.set(n.get() - 1));
    result.unwrap_or_else(|payload| {
        Err(match io_error_of(payload.as_ref()) {
            Some(error) => ExportError::Io(error),
            None => ExportError::Xlsx("Excel-skrivaren avbröts oväntat".into()),
        })
    })
}

/// Wraps the process's panic hook once: panics inside a guarded call are not printed (they
/// are answered as errors); every other panic is printed as before.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|n| n.get()) == 0 {
                previous(info);
            }
        }));
    });
}

/// The I/O error a writer's panic message carries (`… Os { code: 28, kind: StorageFull …`).
fn io_error_of(payload: &(dyn std::any::Any + Send)) -> Option<std::io::Error> {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
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
