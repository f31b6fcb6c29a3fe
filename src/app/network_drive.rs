//! Whether a register file lies on a network drive or in a synchronised cloud folder, where it
//! must not be written from more than one computer.
//!
//! A register file is SQLite in WAL mode: its log (`-wal`) and the log's index (`-shm`, shared
//! memory) work only when every program that writes the file runs on one computer. On NFS or
//! SMB/CIFS the locks and the shared memory do not reach the other computers, and a cloud
//! client (OneDrive, Dropbox, Google Drive) copies the file and its log at different moments:
//! two people working in one such file can lose changes or damage it. The program warns when
//! a register is opened there — it does not refuse: a file on a network drive used by one
//! person at a time works — and points to the shared register (docs/delat-register.md).
//!
//! The facts about a path are gathered per platform (`facts`, the only code that differs:
//! `statfs(2)`'s file system type on Linux, `GetDriveTypeW` on Windows) and one pure function,
//! [`judge`], decides from them, so the decision is tested the same on every platform.

use std::path::Path;

/// What was found out about where a file lies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocationFacts {
    /// The path as given or made absolute: a UNC path (`\\server\share\…`) and a cloud folder's
    /// name are seen in it.
    pub path: String,
    /// Linux: the `f_type` of `statfs(2)` for the file's folder (the file system's magic number).
    pub fs_magic: Option<u32>,
    /// Linux: the type of a FUSE file system as the mount table names it (`fuse.sshfs`,
    /// `fuseblk`, …), when the magic number says FUSE.
    pub fuse_type: Option<String>,
    /// Windows: `GetDriveTypeW` said `DRIVE_REMOTE` (a mapped network drive) for the volume.
    pub remote_drive: bool,
}

/// Why a register's place is shared in a way SQLite's log does not survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkPlace {
    /// A network file system, named as people know it (`NFS`, `SMB/CIFS`, `sshfs`, …).
    FileSystem(String),
    /// A network drive (Windows: a mapped drive or a `\\server\share` path).
    NetworkDrive,
    /// A folder a cloud client synchronises, by its client's name (`OneDrive`, `Dropbox`, …).
    CloudFolder(String),
}

// Linux's file system magic numbers (linux/magic.h and the file systems' sources).
const NFS_SUPER_MAGIC: u32 = 0x6969;
const SMB_SUPER_MAGIC: u32 = 0x517B;
const CIFS_SUPER_MAGIC: u32 = 0xFF53_4D42;
const SMB2_SUPER_MAGIC: u32 = 0xFE53_4D42;
const AFS_SUPER_MAGIC: u32 = 0x5346_414F;
const AFS_FS_MAGIC: u32 = 0x6B41_4653;
const CEPH_SUPER_MAGIC: u32 = 0x00C3_6400;
const CODA_SUPER_MAGIC: u32 = 0x7375_7245;
const FUSE_SUPER_MAGIC: u32 = 0x6573_5546;

/// Folder names the cloud clients synchronise, lower-case, with the client's name. A path
/// component equal to one of these, or starting with `onedrive - ` (OneDrive for work:
/// `OneDrive - Göteborgs Stad`), is taken for a cloud folder.
const CLOUD_FOLDERS: &[(&str, &str)] = &[
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("min enhet", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),
    ("box", "Box"),
    ("box sync", "Box"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
];

/// FUSE file systems that are a local disk, not a network: `fuseblk` (ntfs-3g, exFAT on a USB
/// stick) and the desktop's document portal.
const LOCAL_FUSE: &[&str] = &["fuseblk", "fuse.portal", "fuse.lxcfs", "fuse.appimage"];

/// Decides from `facts` whether the place is one several computers share.
pub fn judge(facts: &LocationFacts) -> Option<NetworkPlace> {
    let path = facts.path.as_str();
    // A UNC path (`\\server\share`, `//server/share`, `\\?\UNC\server\share`), but not a
    // local device path (`\\?\C:\…`, `\\.\…`).
    let unc = path.starts_with(r"\\?\UNC\")
        || ((path.starts_with(r"\\") || path.starts_with("//")) && !path.starts_with(r"\\?\") && !path.starts_with(r"\\.\"));
    if facts.remote_drive || unc {
        return Some(NetworkPlace::NetworkDrive);
    }
    if let Some(magic) = facts.fs_magic {
        let name = match magic {
            NFS_SUPER_MAGIC => Some("NFS"),
            SMB_SUPER_MAGIC | CIFS_SUPER_MAGIC | SMB2_SUPER_MAGIC => Some("SMB/CIFS"),
            AFS_SUPER_MAGIC | AFS_FS_MAGIC => Some("AFS"),
            CEPH_SUPER_MAGIC => Some("Ceph"),
            CODA_SUPER_MAGIC => Some("Coda"),
            _ => None,
        };
        if let Some(name) = name {
            return Some(NetworkPlace::FileSystem(name.to_string()));
        }
        if magic == FUSE_SUPER_MAGIC {
            match facts.fuse_type.as_deref() {
                Some(local) if LOCAL_FUSE.contains(&local) => {}
                // sshfs, rclone, gvfs (smb:// and sftp:// opened in the file manager), the
                // cloud drives' FUSE clients, or one the mount table did not name.
                Some(kind) => {
                    let name = kind.strip_prefix("fuse.").unwrap_or(kind);
                    return Some(NetworkPlace::FileSystem(name.to_string()));
                }
                None => return Some(NetworkPlace::FileSystem("FUSE".to_string())),
            }
        }
    }
    cloud_folder(path).map(|client| NetworkPlace::CloudFolder(client.to_string()))
}

/// The cloud client whose folder `path` lies in, by the folders' well-known names.
fn cloud_folder(path: &str) -> Option<&'static str> {
    path.split(['/', '\\']).find_map(|component| {
        let component = component.trim().to_lowercase();
        if component.starts_with("onedrive - ") {
            return Some("OneDrive");
        }
        CLOUD_FOLDERS.iter().find(|(folder, _)| component == *folder).map(|(_, client)| *client)
    })
}

/// The Swedish notice for a register at `path` in `place`.
pub fn warning_text(path: &Path, place: &NetworkPlace) -> String {
    let where_ = match place {
        NetworkPlace::FileSystem(name) => format!("på en nätverksenhet ({name})"),
        NetworkPlace::NetworkDrive => "på en nätverksenhet".to_string(),
        NetworkPlace::CloudFolder(client) => format!("i en mapp som synkroniseras av {client}"),
    };
    format!(
        "Registret {} ligger {where_}. En registerfil får bara ändras från en dator i taget: \
         om flera arbetar i filen samtidigt från olika datorer kan ändringar gå förlorade eller \
         filen skadas. Ska flera arbeta i samma register, använd stadens delade register i \
         stället (be IT om anslutningen); annars flytta filen till den egna datorn.",
        path.display()
    )
}

/// The warning for a register file at `path`, or `None` when it lies on a local disk (or the
/// facts could not be found out: no warning rather than a false one).
pub fn warning(path: &Path) -> Option<String> {
    judge(&facts(path)).map(|place| warning_text(path, &place))
}

/// The facts about `path` on this computer.
pub fn facts(path: &Path) -> LocationFacts {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The folder is asked, not the file: it exists also before a register is created there.
    let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_else(|| absolute.clone());
    let mut facts = LocationFacts { path: absolute.display().to_string(), ..LocationFacts::default() };
    platform::fill(&folder, &mut facts);
    facts
}

#[cfg(target_os = "linux")]
mod platform {
    use super::{LocationFacts, FUSE_SUPER_MAGIC};
    use std::path::Path;

    pub fn fill(folder: &Path, facts: &mut LocationFacts) {
        let Ok(stat) = rustix::fs::statfs(folder) else { return };
        // `f_type` is a signed or unsigned word by architecture; every magic fits in 32 bits.
        let magic = stat.f_type as u32;
        facts.fs_magic = Some(magic);
        if magic == FUSE_SUPER_MAGIC {
            let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
            let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
            facts.fuse_type = mount_type(&mountinfo, &folder);
        }
    }

    /// The file system type of the mount `path` lies in (the longest mount point that is a
    /// prefix of it), from `/proc/self/mountinfo` (proc(5)).
    pub fn mount_type(mountinfo: &str, path: &Path) -> Option<String> {
        mountinfo
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split(' ').collect();
                let mount_point = unescape(fields.get(4)?);
                let separator = fields.iter().position(|f| *f == "-")?;
                let fs_type = fields.get(separator + 1)?;
                path.starts_with(&mount_point).then(|| (mount_point.len(), fs_type.to_string()))
            })
            .max_by_key(|(length, _)| *length)
            .map(|(_, fs_type)| fs_type)
    }

    /// mountinfo writes a space, tab, newline and backslash in a path as `\040`, `\011`, `\012`, `\134`.
    fn unescape(field: &str) -> String {
        field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_longest_mount_point_names_the_type() {
            let mountinfo = "\
22 1 252:0 / / rw,relatime - ext4 /dev/vda rw
40 22 0:45 / /home/anna/fjärr rw - fuse.sshfs anna@server:/ rw
41 22 0:46 / /media/anna/USB\\040minne rw - fuseblk /dev/sdb1 rw";
            assert_eq!(mount_type(mountinfo, Path::new("/home/anna/fjärr/a")).as_deref(), Some("fuse.sshfs"));
            assert_eq!(mount_type(mountinfo, Path::new("/media/anna/USB minne")).as_deref(), Some("fuseblk"));
            assert_eq!(mount_type(mountinfo, Path::new("/home/anna/fjärran")).as_deref(), Some("ext4"));
        }
    }
}

#[cfg(windows)]
mod platform {
    use super::LocationFacts;
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use windows_sys::Win32::Storage::FileSystem::{GetDriveTypeW, GetVolumePathNameW};

    /// `GetDriveTypeW`'s answer for a network drive (WinBase.h; windows-sys has it under
    /// `System::WindowsProgramming`, a feature this one constant does not need).
    const DRIVE_REMOTE: u32 = 4;

    pub fn fill(folder: &Path, facts: &mut LocationFacts) {
        let wide: Vec<u16> = folder.as_os_str().encode_wide().chain(Some(0)).collect();
        let mut root = [0u16; 1024];
        // SAFETY: both buffers are valid for the lengths given; `wide` ends with a NUL, and
        // GetVolumePathNameW NUL-terminates what it writes into `root` when it succeeds.
        let remote = unsafe {
            GetVolumePathNameW(wide.as_ptr(), root.as_mut_ptr(), root.len() as u32) != 0
                && GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE
        };
        facts.remote_drive = remote;
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod platform {
    use super::LocationFacts;
    use std::path::Path;

    /// Elsewhere (macOS) only the path is judged: UNC paths and cloud folders' names.
    pub fn fill(_folder: &Path, _facts: &mut LocationFacts) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> LocationFacts {
        LocationFacts { path: path.to_string(), ..LocationFacts::default() }
    }

    fn on(path: &str, magic: u32, fuse_type: Option<&str>) -> LocationFacts {
        LocationFacts { fs_magic: Some(magic), fuse_type: fuse_type.map(str::to_string), ..at(path) }
    }

    #[test]
    fn local_disks_are_not_warned_about() {
        assert_eq!(judge(&on("/home/anna/register.nytta", 0xEF53, None)), None); // ext4
        assert_eq!(judge(&on("/home/anna/register.nytta", 0x9123_683E, None)), None); // btrfs
        assert_eq!(judge(&at(r"C:\Users\anna\Documents\register.nytta")), None);
        assert_eq!(judge(&on("/media/anna/USB/register.nytta", FUSE_SUPER_MAGIC, Some("fuseblk"))), None);
        // Names that only contain a cloud client's name are no cloud folder.
        assert_eq!(judge(&at("/home/anna/dropboxen/boxning.nytta")), None);
    }

    #[test]
    fn network_file_systems_are_named() {
        let fs = |name: &str| Some(NetworkPlace::FileSystem(name.to_string()));
        assert_eq!(judge(&on("/mnt/nfs/r.nytta", NFS_SUPER_MAGIC, None)), fs("NFS"));
        for magic in [SMB_SUPER_MAGIC, CIFS_SUPER_MAGIC, SMB2_SUPER_MAGIC] {
            assert_eq!(judge(&on("/mnt/g/r.nytta", magic, None)), fs("SMB/CIFS"));
        }
        assert_eq!(judge(&on("/home/anna/fjärr/r.nytta", FUSE_SUPER_MAGIC, Some("fuse.sshfs"))), fs("sshfs"));
        assert_eq!(judge(&on("/run/user/1000/gvfs/smb-share:server=f/r.nytta", FUSE_SUPER_MAGIC, Some("fuse.gvfsd-fuse"))), fs("gvfsd-fuse"));
        assert_eq!(judge(&on("/mnt/x/r.nytta", FUSE_SUPER_MAGIC, None)), fs("FUSE"));
    }

    #[test]
    fn windows_network_drives_and_unc_paths() {
        let drive = Some(NetworkPlace::NetworkDrive);
        assert_eq!(judge(&LocationFacts { remote_drive: true, ..at(r"G:\Ekonomi\register.nytta") }), drive);
        assert_eq!(judge(&at(r"\\filserver\ekonomi\register.nytta")), drive);
        assert_eq!(judge(&at(r"\\?\UNC\filserver\ekonomi\register.nytta")), drive);
        assert_eq!(judge(&at("//filserver/ekonomi/register.nytta")), drive);
        // Device paths of a local disk are not UNC.
        assert_eq!(judge(&at(r"\\?\C:\Users\anna\register.nytta")), None);
    }

    #[test]
    fn cloud_folders_by_their_names() {
        let cloud = |client: &str| Some(NetworkPlace::CloudFolder(client.to_string()));
        assert_eq!(judge(&at(r"C:\Users\anna\OneDrive\register.nytta")), cloud("OneDrive"));
        assert_eq!(judge(&at(r"C:\Users\anna\OneDrive - Göteborgs Stad\Nytta\r.nytta")), cloud("OneDrive"));
        assert_eq!(judge(&at("/home/anna/Dropbox/r.nytta")), cloud("Dropbox"));
        assert_eq!(judge(&at(r"G:\My Drive\r.nytta")), cloud("Google Drive"));
        assert_eq!(judge(&at(r"G:\Min enhet\r.nytta")), cloud("Google Drive"));
        assert_eq!(judge(&on("/home/anna/Google Drive/r.nytta", 0xEF53, None)), cloud("Google Drive"));
    }

    #[test]
    fn the_warning_names_the_path_and_the_shared_register() {
        let text = warning_text(Path::new("/mnt/g/r.nytta"), &NetworkPlace::FileSystem("SMB/CIFS".into()));
        assert!(text.contains("/mnt/g/r.nytta") && text.contains("nätverksenhet (SMB/CIFS)"), "{text}");
        assert!(text.contains("delade register"), "{text}");
        let text = warning_text(Path::new("r.nytta"), &NetworkPlace::CloudFolder("OneDrive".into()));
        assert!(text.contains("synkroniseras av OneDrive"), "{text}");
    }

    #[test]
    fn a_register_in_a_temporary_folder_is_local() {
        let dir = tempfile::tempdir().unwrap();
        let facts = facts(&dir.path().join("r.nytta"));
        assert!(facts.path.ends_with("r.nytta"));
        // The test machines' temporary folders are local disks (or tmpfs).
        assert_eq!(judge(&facts), None, "{facts:?}");
    }
}
