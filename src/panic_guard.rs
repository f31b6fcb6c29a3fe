//! Libraries we call can panic where they should have returned an error: rust_xlsxwriter
//! `expect`s every write of its spool files (a full disk panics), and typst 0.14.2 has debug
//! assertions that user text once tripped. A panic must never reach the user, and its
//! English message must not reach the terminal. [`catch_quietly`] runs such a call, catches
//! its panic for the caller to turn into a Swedish error, and keeps quiet about panics raised
//! in the named library's own code while the call runs — also on the library's worker
//! threads (typst lays out on rayon's), where the panic hook runs before the panic is re-raised
//! on the calling thread. Every other panic is printed as before.
//!
//! **Architecture Invariant:** a leaf: imports nothing else of the crate.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe, PanicHookInfo};
use std::sync::{Mutex, Once};

/// The libraries (by a part of their source path, e.g. `"rust_xlsxwriter"`) inside a guarded
/// call right now, once per running call.
static QUIET: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// Runs `work`; a panic inside it is returned as its payload (see [`message`]), and not
/// printed when it was raised in the code of `library` (a part of its source path).
pub fn catch_quietly<T>(library: &'static str, work: impl FnOnce() -> T) -> Result<T, Box<dyn Any + Send>> {
    install_quiet_hook();
    quiet().push(library);
    let result = catch_unwind(AssertUnwindSafe(work));
    let mut active = quiet();
    if let Some(at) = active.iter().position(|l| *l == library) {
        active.swap_remove(at);
    }
    result
}

/// A caught panic's message ("" when it carries none).
pub fn message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("")
}

fn quiet() -> std::sync::MutexGuard<'static, Vec<&'static str>> {
    // A panic while the list was held cannot leave it half changed: use it as it is.
    QUIET.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Wraps the process's panic hook once.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !raised_in_a_guarded_library(info) {
                previous(info);
            }
        }));
    });
}

fn raised_in_a_guarded_library(info: &PanicHookInfo<'_>) -> bool {
    let Some(place) = info.location() else {
        return false;
    };
    // try_lock: a hook must never wait, and never deadlock on a panic inside `quiet()`.
    QUIET.try_lock().is_ok_and(|active| active.iter().any(|library| place.file().contains(library)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message_and_the_next_call_works() {
        let payload = catch_quietly("src/panic_guard", || panic!("{}", String::from("gick sönder"))).unwrap_err();
        assert_eq!(message(payload.as_ref()), "gick sönder");
        assert_eq!(catch_quietly("src/panic_guard", || 7).unwrap(), 7);
        // Other tests run guarded calls at the same time: only this test's marker is checked.
        assert!(!quiet().contains(&"src/panic_guard"), "no call is left listed as running");
    }

    #[test]
    fn a_panic_on_a_worker_thread_is_caught_on_the_calling_one() {
        let payload = catch_quietly("src/panic_guard.rs", || {
            std::thread::scope(|s| s.spawn(|| panic!("i en arbetstråd")).join())
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        })
        .unwrap_err();
        assert_eq!(message(payload.as_ref()), "i en arbetstråd");
    }
}
