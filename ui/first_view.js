// The window shows nothing until its first view is drawn, and then all of it in one frame
// (issue 19: the cold start; src-tauri/src/first_view.rs says why and what it measured). The
// page starts as `body.starting` (hidden, style.css), and its `load` event waits for a hidden
// image (index.html) that Rust answers once `showWindow` has been called. Whatever happens,
// the window is shown after SHOW_AT_LATEST_MS — and after 2 s by style.css alone, should no
// script run at all.

const SCHEME = 'nyttastart';
const SHOW_AT_LATEST_MS = 1500;

let shown = false;

/** Shows the window after SHOW_AT_LATEST_MS at the latest. Called once, as the page starts. */
export function showWindowAtTheLatest() {
  setTimeout(showWindow, SHOW_AT_LATEST_MS);
}

/** Shows the window: its first view is drawn, or waits for the user (a dialog). */
export function showWindow() {
  if (shown) return;
  shown = true;
  document.body.classList.remove('starting');
  // Answers the held image. The address as WebKitGTK and WKWebView have it, as the hold's in
  // index.html: where the platform has another (WebView2), nothing was held.
  new Image().src = `${SCHEME}://localhost/release`;
}
