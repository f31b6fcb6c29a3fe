//! typst is not supposed to panic, but it can: 0.14.2's line breaker has a debug assertion
//! ("bounded inline layout is incomplete") that long unbroken words in a narrow table column
//! once tripped, and a report sets whatever text users typed. The CLI and the app unwind on
//! panic, so every call into typst goes through [`guarded`]: a panic becomes a Swedish
//! [`ReportError::Typesetter`] instead of ending the program or the app's command, its message
//! is kept off the terminal, and typst's memoised results, perhaps half built, are dropped.
//!
//! typst lays pages out on rayon's worker threads, which re-raise a worker's panic on the
//! calling thread; so the panic is caught here, but the hook runs on the worker. The hook
//! therefore keeps quiet about panics raised in typst's own code while any report is being
//! typeset, and prints every other panic as before.

use std::panic::{catch_unwind, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use super::ReportError;

/// How many guarded calls are running in the process.
static TYPESETTING: AtomicUsize = AtomicUsize::new(0);

/// Runs `work` (calls into typst); a panic inside it becomes a [`ReportError::Typesetter`].
pub(super) fn guarded<T>(work: impl FnOnce() -> Result<T, ReportError>) -> Result<T, ReportError> {
    install_quiet_hook();
    TYPESETTING.fetch_add(1, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(work));
    TYPESETTING.fetch_sub(1, Ordering::SeqCst);
    result.unwrap_or_else(|payload| {
        // What typst memoised while it failed may be incomplete: the next report starts afresh.
        typst::comemo::evict(0);
        Err(ReportError::Typesetter(panic_message(payload.as_ref())))
    })
}

/// Wraps the process's panic hook once: typst's panics during a guarded call are answered as
/// errors and not printed; every other panic is printed as before.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !(TYPESETTING.load(Ordering::SeqCst) > 0 && raised_in_typst(info)) {
                previous(info);
            }
        }));
    });
}

/// Whether the panic was raised in one of typst's crates (`typst-layout`, `typst-pdf`, …).
fn raised_in_typst(info: &PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|place| place.file().contains("typst"))
}

/// The panic's message, for the error's detail.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("okänt fel")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_typesetting_is_a_swedish_error_and_the_next_call_works() {
        let error = guarded::<()>(|| panic!("bounded inline layout is incomplete")).unwrap_err();
        assert!(matches!(error, ReportError::Typesetter(_)), "{error:?}");
        let text = error.to_string();
        assert!(text.starts_with("Rapporten kunde inte sättas"), "{text}");
        assert!(text.contains("bounded inline layout is incomplete"), "the detail is kept: {text}");
        assert_eq!(guarded(|| Ok(7)).unwrap(), 7);
    }

    #[test]
    fn a_panic_on_another_thread_of_the_work_is_caught_too() {
        let error = guarded::<()>(|| {
            std::thread::scope(|s| s.spawn(|| panic!("{}", String::from("i en arbetstråd"))).join())
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
            Ok(())
        })
        .unwrap_err();
        assert!(error.to_string().contains("i en arbetstråd"), "{error}");
    }
}
