//! The window's first painted frame shows its first view whole (issue 19: the cold start).
//!
//! WebKitGTK paints a page's first frame once the page has loaded or shows content, and the
//! next frame only 100–300 ms after it on a machine without a GPU (docs/prestanda.md, "The
//! window: the second frame"). The portfolio's rows, which wait for the register's data,
//! always came in that later frame. So the page shows nothing until its first view is drawn
//! (`body.starting` in `ui/style.css`, `ui/first_view.js`), and holds its `load` event until
//! then with a hidden image from this scheme in `ui/index.html`: `hold` is answered once
//! `release` has been asked for, or after [`HOLD_AT_MOST`]; `release` at once. Measured on the
//! benchmark register, medians of five starts above the floor: 323–375 ms before; 189–223 ms
//! with both. Either alone changed nothing (332 and 346 ms), nor did the image added by a
//! script rather than in the HTML (323–350 ms).

use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

use tauri::http::{Request, Response};
use tauri::{AppHandle, Manager, Runtime, UriSchemeResponder};

/// The scheme the page's hold image comes from (`ui/first_view.js` names it too).
pub const SCHEME: &str = "nyttastart";

/// The longest the page's `load` event is held, should the page never say its first view is
/// drawn (a view that fails, a script that does not load): the window then shows what it has.
const HOLD_AT_MOST: Duration = Duration::from_secs(2);

/// A transparent 1 × 1 GIF, the answer to both requests.
const PIXEL: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// Whether the page has said its first view is drawn. Once released, it stays so: a page
/// loaded again (after a reload) is not held.
#[derive(Default)]
pub struct Gate {
    released: Mutex<bool>,
    changed: Condvar,
}

impl Gate {
    fn release(&self) {
        if let Ok(mut released) = self.released.lock() {
            *released = true;
        }
        self.changed.notify_all();
    }

    /// Returns once released, or after `limit`.
    fn wait(&self, limit: Duration) {
        if let Ok(released) = self.released.lock() {
            let _ = self.changed.wait_timeout_while(released, limit, |released| !*released);
        }
    }
}

/// Answers a request of the scheme: `…/release` at once, anything else (`…/hold`) once
/// released. On a thread of its own, as the answer may wait.
pub fn handle<R: Runtime>(app: &AppHandle<R>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let release = request.uri().path().trim_end_matches('/').ends_with("release");
    let app = app.clone();
    let answer = move || {
        let gate = app.state::<Gate>();
        if release {
            gate.release();
        } else {
            gate.wait(HOLD_AT_MOST);
        }
        responder.respond(pixel());
    };
    if release {
        answer();
    } else if let Err(error) = thread::Builder::new().name("first-view-hold".into()).spawn(answer) {
        // Without a thread the page is simply not held.
        eprintln!("Kunde inte vänta in fönstrets första vy: {error}");
    }
}

fn pixel() -> Response<Vec<u8>> {
    let mut response = Response::new(PIXEL.to_vec());
    if let Ok(value) = "image/gif".parse() {
        response.headers_mut().insert("Content-Type", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_waiting_hold_is_answered_when_released_and_none_after_waits() {
        let gate = Arc::new(Gate::default());
        let waiter = {
            let gate = Arc::clone(&gate);
            // The limit is far beyond the test's: the wait ends because of the release.
            thread::spawn(move || {
                gate.wait(Duration::from_secs(3600));
                *gate.released.lock().unwrap()
            })
        };
        gate.release();
        assert!(waiter.join().unwrap());
        gate.wait(Duration::from_secs(3600));
    }

    #[test]
    fn an_unreleased_gate_holds_no_longer_than_its_limit() {
        let gate = Gate::default();
        gate.wait(Duration::from_millis(10));
        assert!(!*gate.released.lock().unwrap());
    }

    #[test]
    fn the_pixel_is_a_whole_gif() {
        assert!(PIXEL.starts_with(b"GIF89a") && PIXEL.ends_with(&[0x3b]));
    }
}
