use std::path::{Path, PathBuf};

use super::*;

/// A folder with a register-like SQLite file `stad.nytta` and its log beside it.
fn folder_with_register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("stad.nytta");
    std::fs::write(&register, b"SQLite format 3\0the rest of the database").unwrap();
    let mut wal = 0x377f_0682u32.to_be_bytes().to_vec();
    wal.extend_from_slice(b"the rest of the log");
    std::fs::write(dir.path().join("stad.nytta-wal"), wal).unwrap();
    (dir, register)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_register_its_side_files_and_any_database_or_log_are_refused_and_left_unchanged() {
    let (dir, register) = folder_with_register();
    let before: Vec<(String, Vec<u8>)> =
        files_in(dir.path()).into_iter().map(|n| (n.clone(), std::fs::read(dir.path().join(&n)).unwrap())).collect();
    let other_database = dir.path().join("annan.xlsx");
    std::fs::write(&other_database, b"SQLite format 3\0").unwrap();
    for (name, open) in [
        ("stad.nytta", Some(register.as_path())),
        ("stad.nytta", None),
        ("stad.nytta-wal", Some(register.as_path())),
        ("stad.nytta-wal", None),
        ("stad.nytta-shm", Some(register.as_path())),
        ("stad.nytta-shm", None),
        ("stad.nytta-journal", None),
        ("annan.xlsx", Some(register.as_path())),
        ("./stad.nytta", Some(register.as_path())),
    ] {
        let target = dir.path().join(name);
        let error = write_bytes(&target, open, b"en export").unwrap_err();
        assert!(matches!(error, OutputError::Register(_)), "{name}: {error}");
        assert!(error.to_string().contains("skriver aldrig över ett register"), "{error}");
    }
    for (name, bytes) in before {
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), bytes, "{name} is untouched");
    }
    assert!(!dir.path().join("stad.nytta-shm").exists());
    assert!(!dir.path().join("stad.nytta-journal").exists());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_register_or_to_its_side_files_is_refused() {
    let (dir, register) = folder_with_register();
    let links = dir.path().join("länkar");
    std::fs::create_dir(&links).unwrap();
    for (link, to) in [
        ("till-registret.svg", "stad.nytta"),
        ("till-loggen.csv", "stad.nytta-wal"),
        ("till-shm.csv", "stad.nytta-shm"),
    ] {
        let link = links.join(link);
        std::os::unix::fs::symlink(dir.path().join(to), &link).unwrap();
        for open in [Some(register.as_path()), None] {
            let error = write_bytes(&link, open, b"<svg/>").unwrap_err();
            assert!(matches!(error, OutputError::Register(_)), "{}: {error}", link.display());
        }
    }
    assert_eq!(std::fs::read(&register).unwrap(), b"SQLite format 3\0the rest of the database");
}

#[cfg(unix)]
#[test]
fn a_link_to_an_ordinary_file_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("riktig.csv");
    std::fs::write(&real, "gammalt").unwrap();
    let link = dir.path().join("länk.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let written = write_bytes(&link, None, b"nytt").unwrap();
    assert_eq!(written, std::fs::canonicalize(&real).unwrap());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "nytt");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
}

#[test]
fn an_existing_file_is_replaced_whole_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, "gammalt").unwrap();
    write_bytes(&path, None, b"nytt").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "nytt");
    assert_eq!(files_in(dir.path()), ["export.csv"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, "gammalt").unwrap();
    let error = write(&path, None, |out| {
        out.write_all(b"halv")?;
        Err(std::io::Error::from(ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert!(error.is_disk_full());
    let text = error.to_string();
    assert!(text.contains("disken är full") && text.contains("Ingen fil har ändrats") && text.contains("export.csv"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammalt");
    assert_eq!(files_in(dir.path()), ["export.csv"]);

    let error = write_by_path(&path, None, |_| Err(WriteFailure::Said("Bladet är för stort.".into()))).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("Filen {} kunde inte skrivas: Bladet är för stort. Ingen fil har ändrats.", path.display())
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammalt");
    assert_eq!(files_in(dir.path()), ["export.csv"]);
}

#[test]
fn a_writer_given_a_path_finds_a_private_file_there_and_may_replace_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.xlsx");
    write_by_path(&path, None, |temporary| {
        assert!(temporary.exists(), "the name is taken before the writer makes the file");
        let name = temporary.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".data.xlsx.") && name.contains(&format!(".{}.", std::process::id())), "{name}");
        std::fs::remove_file(temporary)?;
        std::fs::write(temporary, b"PK")?;
        Ok(())
    })
    .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"PK");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn folders_and_names_that_are_no_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(write_bytes(dir.path(), None, b"x").unwrap_err(), OutputError::Folder(_)));
    assert!(matches!(write_bytes(Path::new("/"), None, b"x").unwrap_err(), OutputError::NotAFileName(_)));
    let gone = dir.path().join("borta").join("export.csv");
    let text = write_bytes(&gone, None, b"x").unwrap_err().to_string();
    assert!(text.contains("finns inte (längre)") && !text.contains("os error"), "{text}");
}

#[test]
fn temporaries_of_killed_writers_are_removed_and_those_of_live_writers_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ut.json");
    // A process that has ended, and one that is still running.
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    let mut running = std::process::Command::new("sleep").arg("30").spawn().unwrap();
    let live = running.id();
    let left = [
        format!(".ut.json.{dead}.0.tmp"),
        format!(".ut.json.{dead}.tmp"),
        format!(".ut.json.{dead}.3.tmp-journal"),
    ];
    let kept = [
        format!(".ut.json.{live}.0.tmp"),
        // Not of this target, or not of the shape: never touched.
        format!(".annan.json.{dead}.0.tmp"),
        format!(".ut.json.{dead}.x.tmp"),
        "ut.json.tmp".to_string(),
    ];
    for name in left.iter().chain(&kept) {
        std::fs::write(dir.path().join(name), "skräp").unwrap();
    }
    write_bytes(&path, None, b"{}").unwrap();
    let mut expected: Vec<String> = kept.iter().cloned().chain(["ut.json".to_string()]).collect();
    expected.sort();
    assert_eq!(files_in(dir.path()), expected);
    running.kill().unwrap();
    running.wait().unwrap();
}

/// Two writers of one file at once each write a temporary file of their own; the file ends
/// up as one of them whole, never a mix.
#[test]
fn concurrent_writers_of_one_file_never_share_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.pdf");
    let (a, b) = (vec![b'a'; 1 << 20], vec![b'b'; 1 << 20]);
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        for content in [&a, &b] {
            let (path, barrier) = (&path, &barrier);
            s.spawn(move || {
                write(path, None, |out| {
                    barrier.wait();
                    for chunk in content.chunks(4096) {
                        out.write_all(chunk)?;
                        out.flush()?;
                    }
                    Ok(())
                })
                .unwrap()
            });
        }
    });
    let written = std::fs::read(&path).unwrap();
    assert!(written == a || written == b, "one write whole, not a mix");
    assert_eq!(files_in(dir.path()), ["rapport.pdf"]);
}

#[test]
fn the_writer_of_a_temporary_file_is_read_from_its_name() {
    assert_eq!(temporary_writer("123.4.tmp"), Some(123));
    assert_eq!(temporary_writer("123.tmp"), Some(123));
    assert_eq!(temporary_writer("123.4.tmp-journal"), Some(123));
    for rest in ["123.4.tmp.bak", "x.4.tmp", "123..tmp", "123.4.5.tmp", ".tmp", "123.4"] {
        assert_eq!(temporary_writer(rest), None, "{rest}");
    }
}

/// No English from the operating system: each kind of failure is a Swedish sentence naming
/// the file, and the system's own text stays in the error's source.
#[test]
fn file_system_errors_are_swedish_sentences_naming_the_file() {
    let path = Path::new("/mapp/rapport.pdf");
    for (kind, words) in [
        (ErrorKind::NotFound, "finns inte"),
        (ErrorKind::PermissionDenied, "behörighet"),
        (ErrorKind::StorageFull, "disken är full"),
        (ErrorKind::QuotaExceeded, "disken är full"),
        (ErrorKind::ReadOnlyFilesystem, "bara att läsa"),
        (ErrorKind::AlreadyExists, "finns redan"),
        (ErrorKind::Interrupted, "ett oväntat fel"),
    ] {
        let error = OutputError::Io { path: path.to_path_buf(), source: std::io::Error::from(kind) };
        let text = error.to_string();
        assert!(text.starts_with("Filen /mapp/rapport.pdf kunde inte skrivas: ") && text.contains(words), "{kind:?}: {text}");
        assert!(text.ends_with("Ingen fil har ändrats."), "{text}");
        assert!(!text.contains("os error") && !text.contains("No "), "{text}");
        assert!(std::error::Error::source(&error).is_some(), "the system's account is kept");
    }
    #[cfg(unix)]
    {
        let error = OutputError::Io { path: path.to_path_buf(), source: std::io::Error::from_raw_os_error(libc::EIO) };
        assert!(error.to_string().contains(&format!("felkod {}", libc::EIO)), "{error}");
    }
}

/// A writer that panics (a bug, or a library that panics on an I/O error) leaves no
/// temporary file behind, even while this process goes on running.
#[test]
fn a_writer_that_panics_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, "gammalt").unwrap();
    let panicked = std::panic::catch_unwind(|| {
        let _ = write(&path, None, |out| {
            out.write_all(b"halv")?;
            panic!("the writer failed");
        });
    });
    assert!(panicked.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammalt");
    assert_eq!(files_in(dir.path()), ["export.csv"]);
}
