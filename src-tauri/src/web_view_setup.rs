//! How WebKitGTK is asked to draw the window, decided before it starts (Linux only).
//!
//! WebKitGTK's default renderer (since 2.42) hands each frame to the window as a DMA-BUF, a
//! buffer shared with the GPU. On a machine with no GPU to share it with — no render node in
//! `/dev/dri`, as on most virtual desktops (VDI) and on the project's benchmark machine —
//! it falls back to software, but only after a costly first round: the frame after the
//! page's first came 200–300 ms after it, and the portfolio's first rows, drawn by then,
//! waited for it. Without that renderer (`WEBKIT_DISABLE_DMABUF_RENDERER=1`) WebKit uses
//! shared memory from the start, and the window showed its first rows 150 ms sooner on the
//! benchmark register (issue 19, docs/prestanda.md). With a render node the default stays:
//! there the GPU path is the faster one. A value the user set is always left as it is.

use std::ffi::OsString;
use std::path::Path;

/// WebKitGTK's switch for its DMA-BUF renderer.
pub const DISABLE_DMABUF_RENDERER: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Where Linux lists the GPUs' device nodes; a render node is `renderD128` and up.
const DRI_DIRECTORY: &str = "/dev/dri";

/// The value to give [`DISABLE_DMABUF_RENDERER`], if any: "1" when the user has not set it
/// and the machine has no GPU render node.
pub fn dmabuf_renderer_setting(user_value: Option<&OsString>, has_render_node: bool) -> Option<&'static str> {
    (user_value.is_none() && !has_render_node).then_some("1")
}

/// Whether `directory` (`/dev/dri`) holds a GPU render node.
pub fn has_render_node(directory: &Path) -> bool {
    std::fs::read_dir(directory)
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Sets WebKitGTK's environment for this process. Called first thing in `main`, before any
/// thread is started (the environment is not safe to change once there are others) and
/// before GTK and WebKit read it.
pub fn apply() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let user_value = std::env::var_os(DISABLE_DMABUF_RENDERER);
    if let Some(value) = dmabuf_renderer_setting(user_value.as_ref(), has_render_node(Path::new(DRI_DIRECTORY))) {
        std::env::set_var(DISABLE_DMABUF_RENDERER, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_the_dmabuf_renderer_is_turned_off() {
        assert_eq!(dmabuf_renderer_setting(None, false), Some("1"));
    }

    #[test]
    fn with_a_render_node_webkit_keeps_its_default() {
        assert_eq!(dmabuf_renderer_setting(None, true), None);
    }

    #[test]
    fn a_value_the_user_set_is_left_as_it_is() {
        for value in ["0", "1", ""] {
            for node in [false, true] {
                assert_eq!(dmabuf_renderer_setting(Some(&OsString::from(value)), node), None, "{value:?} {node}");
            }
        }
    }

    #[test]
    fn a_render_node_is_found_among_the_device_nodes() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
