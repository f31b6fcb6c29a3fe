//! One window per register: a second start on the same register hands over to the first
//! (which comes to the front) and exits; a start on a different register opens its own
//! window. Implemented with a Unix socket per register in the user's runtime directory,
//! because the single-instance plugin knows one instance per app, not per file.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

#[cfg(unix)]
use std::os::unix::net::{UnixListener, UnixStream};

/// What a second start asks of the first.
const FOCUS: &str = "focus";

/// The socket that stands for `register` (or for the start screen when `None`).
pub fn socket_path(runtime_dir: &Path, register: Option<&Path>) -> PathBuf {
    let key = match register {
        Some(path) => path.canonicalize().unwrap_or_else(|_| path.to_path_buf()).display().to_string(),
        None => "startskarm".to_string(),
    };
    runtime_dir.join(format!("{:016x}.sock", fnv1a(key.as_bytes())))
}

/// A stable hash (unlike `DefaultHasher`, the same across builds), for a short file name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The directory for the sockets: `$XDG_RUNTIME_DIR/nyttoregistret`, else the temp dir.
pub fn runtime_dir() -> PathBuf {
    let base = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    base.join("nyttoregistret")
}

/// Asks a running instance to come to the front. True when one answered.
#[cfg(unix)]
pub fn hand_over(socket: &Path) -> bool {
    let Ok(mut stream) = UnixStream::connect(socket) else { return false };
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
    if writeln!(stream, "{FOCUS}").is_err() {
        return false;
    }
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).is_ok() && answer.trim() == "ok"
}

/// Listens for later starts and calls `on_focus` for each; runs on its own thread.
#[cfg(unix)]
pub fn listen(socket: &Path, on_focus: impl Fn() + Send + 'static) -> std::io::Result<()> {
    if let Some(dir) = socket.parent() {
        std::fs::create_dir_all(dir)?;
        restrict_to_owner(dir);
    }
    // A socket file left by a crashed instance answers no one: replace it.
    if socket.exists() && UnixStream::connect(socket).is_err() {
        std::fs::remove_file(socket)?;
    }
    let listener = UnixListener::bind(socket)?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut line).is_ok() && line.trim() == FOCUS {
                on_focus();
                let _ = writeln!(&stream, "ok");
            }
        }
    });
    Ok(())
}

#[cfg(unix)]
fn restrict_to_owner(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
pub fn hand_over(_socket: &Path) -> bool {
    false
}

#[cfg(not(unix))]
pub fn listen(_socket: &Path, _on_focus: impl Fn() + Send + 'static) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_second_start_on_the_same_register_hands_over() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("a.nytta");
        std::fs::write(&register, "").unwrap();
        let socket = socket_path(dir.path(), Some(&register));
        assert!(!hand_over(&socket), "nobody is listening yet");

        let focused = Arc::new(AtomicUsize::new(0));
        let counter = focused.clone();
        listen(&socket, move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        assert!(hand_over(&socket));
        assert!(hand_over(&socket));
        assert_eq!(focused.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_different_register_gets_its_own_socket() {
        let dir = tempfile::tempdir().unwrap();
        let a = socket_path(dir.path(), Some(Path::new("/tmp/a.nytta")));
        let b = socket_path(dir.path(), Some(Path::new("/tmp/b.nytta")));
        assert_ne!(a, b);
        assert_ne!(a, socket_path(dir.path(), None));
    }

    #[test]
    fn a_stale_socket_from_a_crash_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path(), None);
        drop(UnixListener::bind(&socket).unwrap()); // leaves the file, nobody listening
        listen(&socket, || {}).unwrap();
        assert!(hand_over(&socket));
    }
}
