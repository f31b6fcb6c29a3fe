//! A real small filesystem for the full-disk tests: a tmpfs mounted on a temporary folder.
//! Mounting needs root (as on this project's CI); without it the tests fail and say so, never
//! falling back to a simulation, which is what hid the full-disk bugs.

use std::path::PathBuf;
use std::process::Command;

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A tmpfs mounted on a temporary folder, unmounted (and the folder removed) when dropped,
/// also when an assertion fails.
pub struct Tmpfs {
    pub dir: PathBuf,
}

impl Tmpfs {
    pub fn mount(size: &str) -> Tmpfs {
        let dir = std::env::temp_dir().join(format!("nytta-full-disk-{}-{}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .expect("could not run mount");
        if !out.status.success() {
            let _ = std::fs::remove_dir(&dir);
            panic!(
                "this test needs a real small filesystem and could not mount one \
                 (`mount -t tmpfs` needs root, as on CI): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Tmpfs { dir }
    }

    /// Bytes an unprivileged write could still use.
    pub fn available(&self) -> u64 {
        let out = Command::new("stat").args(["-f", "-c", "%a %S"]).arg(&self.dir).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().unwrap());
        fields.next().unwrap() * fields.next().unwrap()
    }

    /// Fills the disk with one file so that `free` bytes are left.
    pub fn leave_free(&self, free: u64) {
        let fill = self.dir.join("fyllnad");
        let _ = std::fs::remove_file(&fill);
        let available = self.available();
        assert!(available > free, "the tmpfs is too small: {available} bytes free");
        std::fs::write(&fill, vec![0u8; (available - free) as usize]).unwrap();
        assert_eq!(self.available(), free, "the disk was filled to the byte");
    }

    pub fn free_everything(&self) {
        let _ = std::fs::remove_file(self.dir.join("fyllnad"));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let umount = |args: &[&str]| Command::new("umount").args(args).arg(&self.dir).status();
        if !umount(&[]).is_ok_and(|s| s.success()) {
            // A child still holding a file: detach now, the kernel frees it when it exits.
            let _ = umount(&["-l"]);
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}
