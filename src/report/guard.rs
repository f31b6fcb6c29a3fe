//! typst is not supposed to panic, but it can: 0.14.2's line breaker has a debug assertion
//! ("bounded inline layout is incomplete") that long unbroken words in a narrow table column
//! once tripped, and a report sets whatever text users typed. The CLI and the app unwind on
//! panic, so every call into typst goes through [`guarded`]: a panic becomes a Swedish
//! [`ReportError::Typesetter`] instead of ending the program or the app's command, its message
//! is kept off the terminal, and typst's memoised results, perhaps half built, are dropped.
//!
//! The catching and the muting are `crate::panic_guard`'s, shared with the Excel writer.

use super::ReportError;

/// Runs `work` (calls into typst); a panic inside it becomes a [`ReportError::Typesetter`].
pub(super) fn guarded<T>(work: impl FnOnce() -> Result<T, ReportError>) -> Result<T, ReportError> {
    crate::panic_guard::catch_quietly("typst", work).unwrap_or_else(|payload| {
        // What typst memoised while it failed may be incomplete: the next report starts afresh.
        typst::comemo::evict(0);
        let message = crate::panic_guard::message(payload.as_ref());
        Err(ReportError::Typesetter(if message.is_empty() { "okänt fel" } else { message }.to_string()))
    })
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
