//! Whether a process is still running, to tell a temporary file that is being written from
//! one a killed writer left behind. A process id may be reused: a live process that took a
//! dead writer's id only makes us keep its debris a little longer, never remove a live file.

/// True unless the process `pid` is known to have ended.
pub fn is_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    alive(pid)
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // Signal 0 checks existence and permission without sending anything. EPERM means the
    // process exists but belongs to someone else.
    // SAFETY: kill with signal 0 has no effect on the target process.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(windows)]
fn alive(pid: u32) -> bool {
    use windows_sys::Win32::Foundation::{CloseHandle, STILL_ACTIVE};
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    // SAFETY: the handle is checked before use and closed once; the exit code is written to a
    // local.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            // No such process, or one we may not query (then it is another user's, and a
            // file of ours in our folder was not written by it either way).
            return std::io::Error::last_os_error().raw_os_error() == Some(5); // ERROR_ACCESS_DENIED
        }
        let mut code = 0u32;
        let ok = GetExitCodeProcess(handle, &mut code) != 0;
        CloseHandle(handle);
        ok && code == STILL_ACTIVE as u32
    }
}

#[cfg(not(any(unix, windows)))]
fn alive(_pid: u32) -> bool {
    // Unknown platform: never remove what might be in use.
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_process_is_alive_and_a_finished_child_is_not() {
        assert!(super::is_alive(std::process::id()));
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!super::is_alive(pid), "a reaped child is gone");
    }
}
