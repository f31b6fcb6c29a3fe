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

use std::thread;
use std::time::Duration;

use tauri::http::{Request, Response};
use tauri::{AppHandle, Manager, Runtime, UriSchemeResponder};

use crate::state::AppState;

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

/// Answers a request of the scheme: `…/release` at once, raising
/// [`AppState::first_view_drawn`]; anything else (`…/hold`) once that is raised, on a thread
/// of its own, as the answer may wait.
pub fn handle<R: Runtime>(app: &AppHandle<R>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let release = request.uri().path().trim_end_matches('/').ends_with("release");
    let app = app.clone();
    let answer = move || {
        let drawn = &app.state::<AppState>().first_view_drawn;
        if release {
            drawn.raise();
        } else {
            drawn.wait(HOLD_AT_MOST);
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

    #[test]
    fn the_pixel_is_a_whole_gif() {
        assert!(PIXEL.starts_with(b"GIF89a") && PIXEL.ends_with(&[0x3b]));
    }
}
