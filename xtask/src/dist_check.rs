//! `cargo xtask dist --check`: the `.deb` installed into a clean Debian 12 and used there as
//! a person would (docs/utveckling.md).
//!
//! A Debian 12 minimal system is made once with debootstrap and kept under the target
//! directory (`<target>/dist-check/debian12`); each check copies it to a fresh root
//! (`<target>/dist-check/root`), so nothing of an earlier check is left. The packages apt
//! downloads are kept in `<target>/dist-check/apt-archives` (bound over the root's
//! `/var/cache/apt/archives`), so a second check downloads nothing it already has.
//!
//! In the root, as root, with `chroot`:
//! 1. `apt-get install ./nyttoregistret_<version>_amd64.deb`: the runtime libraries come in
//!    by the package's own dependencies, nothing else is installed before.
//! 2. `ldd` on both programs: a library no package brought is a missing dependency (fails).
//! 3. `nytta --version` (the workspace's version), `nytta demo`, `nytta report council`.
//! 4. Only now the check's own tools (Xvfb, ImageMagick, xdg-utils, gio, xwininfo).
//! 5. `xdg-mime query filetype` on the demo register and `xdg-mime query default` for its
//!    type: the file manager's view of a `.nytta` file.
//! 6. The app started under Xvfb exactly as the desktop entry's Exec line says, with the
//!    demo register for `%f` (what opening the file in the file manager does), then a
//!    screenshot of the screen: `<target>/dist-check/screenshot.png`.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{self, note, step};
use crate::Paths;

/// Debian 12.
const SUITE: &str = "bookworm";

/// The mirror debootstrap and apt use; `NYTTA_DEBIAN_MIRROR` changes it.
const MIRROR: &str = "http://deb.debian.org/debian";

/// What the check installs in the root after the package, for its own use only: a virtual
/// display, a screenshot, the desktop's MIME queries and the window list.
pub const CHECK_TOOLS: &[&str] = &["xvfb", "xauth", "imagemagick", "xdg-utils", "libglib2.0-bin", "x11-utils"];

/// The register file's type, as `packaging/nyttoregistret-mime.xml` declares it.
pub const MIME_TYPE: &str = "application/x-nyttoregistret";

/// The desktop entry the bundler installs (`<productName>.desktop`).
pub const DESKTOP_FILE: &str = "Nyttoregistret.desktop";

/// Where the check's files are inside the root.
const WORK: &str = "/tmp/nytta-check";

fn check_dir(paths: &Paths) -> PathBuf {
    paths.target.join("dist-check")
}

fn mirror() -> String {
    std::env::var("NYTTA_DEBIAN_MIRROR").unwrap_or_else(|_| MIRROR.to_string())
}

/// apt's sources in the root: the release, its updates and its security updates (the machine
/// that built the package has them too, so the libraries match).
pub fn sources_list(mirror: &str) -> String {
    let security = mirror.trim_end_matches('/').trim_end_matches("/debian").to_string() + "/debian-security";
    format!(
        "deb {mirror} {SUITE} main\ndeb {mirror} {SUITE}-updates main\ndeb {security} {SUITE}-security main\n"
    )
}

/// The libraries `ldd` found nowhere.
pub fn missing_libraries(ldd_output: &str) -> Vec<String> {
    ldd_output
        .lines()
        .filter(|l| l.contains("=> not found"))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The command of a desktop entry's `Exec` line with `file` for its `%f` (Desktop Entry
/// Specification: `%f` a file, `%F` files, `%u`/`%U` URLs; `%%` a percent sign; the other
/// field codes dropped). Fails when the line takes no file: then the file manager could not
/// hand the register to the app.
pub fn exec_with_file(desktop: &str, file: &str) -> Result<Vec<String>> {
    let exec = desktop
        .lines()
        .skip_while(|l| l.trim() != "[Desktop Entry]")
        .find_map(|l| l.strip_prefix("Exec="))
        .context("the desktop entry has no Exec line")?;
    let mut took_file = false;
    let mut argv = Vec::new();
    for word in exec.split_whitespace() {
        match word {
            "%f" | "%F" | "%u" | "%U" => {
                took_file = true;
                argv.push(file.to_string());
            }
            w if w.len() == 2 && w.starts_with('%') && w != "%%" => {}
            w => argv.push(w.trim_matches('"').replace("%%", "%")),
        }
    }
    if !took_file {
        bail!("the desktop entry's Exec line ({exec}) takes no file (%f)");
    }
    Ok(argv)
}

/// ImageMagick's standard deviation of a screenshot's pixels (0 for one colour).
fn parse_deviation(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

/// The file systems the programs in the root need, mounted for as long as this lives.
struct Mounts {
    mounted: Vec<PathBuf>,
}

impl Mounts {
    fn mount(root: &Path, apt_cache: &Path) -> Result<Mounts> {
        let mut mounts = Mounts { mounted: Vec::new() };
        let at = |p: &str| root.join(p);
        for (what, fstype, dir) in [("proc", "proc", "proc"), ("sysfs", "sysfs", "sys"), ("tmpfs", "tmpfs", "dev/shm")] {
            std::fs::create_dir_all(at(dir))?;
            util::run(Command::new("mount").args(["-t", fstype, what]).arg(at(dir)))?;
            mounts.mounted.push(at(dir));
        }
        let archives = at("var/cache/apt/archives");
        std::fs::create_dir_all(&archives)?;
        std::fs::create_dir_all(apt_cache.join("partial"))?;
        util::run(Command::new("mount").arg("--bind").arg(apt_cache).arg(&archives))?;
        mounts.mounted.push(archives);
        Ok(mounts)
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for dir in self.mounted.iter().rev() {
            let ok = Command::new("umount").arg(dir).status().is_ok_and(|s| s.success());
            if !ok {
                // Lazily, so a process still holding it cannot leave the mount behind.
                let _ = Command::new("umount").arg("-l").arg(dir).status();
            }
        }
    }
}

/// A command run inside the root with a clean environment.
fn in_root(root: &Path, env: &[(&str, &str)], argv: &[&str]) -> Command {
    let mut cmd = Command::new("chroot");
    cmd.arg(root).args(["/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/root", "LANG=C.UTF-8"]);
    cmd.args(env.iter().map(|(k, v)| format!("{k}={v}")));
    cmd.args(argv);
    cmd
}

fn apt(root: &Path, args: &[&str]) -> Result<()> {
    let mut argv = vec!["apt-get", "-o", "Dpkg::Use-Pty=0", "-o", "APT::Keep-Downloaded-Packages=true"];
    argv.extend(args);
    util::run(&mut in_root(root, &[("DEBIAN_FRONTEND", "noninteractive")], &argv))
}

/// Makes the cached Debian 12 system when it is not there yet.
fn ensure_base(dir: &Path) -> Result<PathBuf> {
    let base = dir.join("debian12");
    if base.join("etc/debian_version").is_file() {
        note(&format!("clean Debian 12 found: {} (delete it to make a new one)", base.display()));
        return Ok(base);
    }
    let partial = dir.join("debian12.partial");
    let _ = std::fs::remove_dir_all(&partial);
    note(&format!(
        "making a clean Debian 12 (debootstrap --variant=minbase {SUITE}, from {}) in {}: a few minutes, once",
        mirror(),
        base.display()
    ));
    util::run(
        Command::new("debootstrap")
            .args(["--variant=minbase", SUITE])
            .arg(&partial)
            .arg(mirror()),
    )?;
    std::fs::write(partial.join("etc/apt/sources.list"), sources_list(&mirror()))?;
    std::fs::rename(&partial, &base)?;
    Ok(base)
}

/// Ends every process whose root is `root` (the app's WebKit helpers, say): only processes
/// this check started can be there.
fn end_processes_in(root: &Path) {
    let Ok(root) = root.canonicalize() else { return };
    let inside = || -> Vec<i32> {
        let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
        entries
            .flatten()
            .filter_map(|entry| {
                let pid = entry.file_name().to_str()?.parse::<i32>().ok()?;
                std::fs::read_link(entry.path().join("root")).is_ok_and(|r| r == root).then_some(pid)
            })
            .collect()
    };
    // Until they are gone (a killed process leaves /proc a moment later), so the mounts can go.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pids = inside();
        if pids.is_empty() || Instant::now() > deadline {
            return;
        }
        for pid in pids {
            // SAFETY: kill(2) on a process id read just now; the worst case is a signal to a
            // process that ended meanwhile.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Unmounts whatever an interrupted check left mounted under `root`, deepest first, so that
/// removing the old root can never reach into /proc, /sys or the download cache.
fn unmount_under(root: &Path) {
    let Ok(root) = root.canonicalize() else { return };
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut points: Vec<PathBuf> = mountinfo
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|p| PathBuf::from(p.replace("\\040", " ")))
        .filter(|p| p.starts_with(&root))
        .collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for point in points {
        let _ = Command::new("umount").arg("-l").arg(&point).status();
    }
}

/// A program started in the root, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free X display number, also free of the abstract sockets the root shares with the host.
fn free_display() -> Result<u32> {
    let unix = std::fs::read_to_string("/proc/net/unix").unwrap_or_default();
    crate::xvfb::first_free_display(150..250, |n| {
        crate::xvfb::display_taken(n) || unix.contains(&format!("@/tmp/.X11-unix/X{n}"))
    })
    .context("no free X display number between :150 and :249")
}

/// `cargo xtask dist --check`: installs `deb` into a fresh Debian 12 and uses it there.
pub fn check_deb(paths: &Paths, deb: &Path, version: &str) -> Result<()> {
    let started = Instant::now();
    let dir = check_dir(paths);
    std::fs::create_dir_all(&dir)?;

    step("Preparing a fresh Debian 12 root for the package (debootstrap, cached)");
    let base = ensure_base(&dir)?;
    let root = dir.join("root");
    if root.exists() {
        end_processes_in(&root);
        unmount_under(&root);
        std::fs::remove_dir_all(&root).with_context(|| format!("could not remove {} (still mounted?)", root.display()))?;
    }
    util::run(Command::new("cp").arg("-a").arg(&base).arg(&root))?;
    std::fs::copy("/etc/resolv.conf", root.join("etc/resolv.conf")).context("could not copy /etc/resolv.conf")?;
    let work = root.join(WORK.trim_start_matches('/'));
    std::fs::create_dir_all(&work)?;
    let deb_name = deb.file_name().context("package without a name")?.to_string_lossy().into_owned();
    std::fs::copy(deb, work.join(&deb_name))?;
    note(&format!("fresh root ready in {}", util::format_duration(started.elapsed())));

    let result = {
        let _mounts = Mounts::mount(&root, &dir.join("apt-archives"))?;
        let result = check_in_root(&root, &dir, &deb_name, version);
        end_processes_in(&root);
        result
    };
    if result.is_ok() {
        // The root is 1 GB once the app and its libraries are in; the base stays.
        let _ = std::fs::remove_dir_all(&root);
    }
    result?;
    note(&format!("package checked on a clean Debian 12 in {}", util::format_duration(started.elapsed())));
    Ok(())
}

fn check_in_root(root: &Path, dir: &Path, deb_name: &str, version: &str) -> Result<()> {
    let t = Instant::now();
    step(&format!("Installing {deb_name} with apt-get (its dependencies bring the runtime libraries)"));
    apt(root, &["update"])?;
    apt(root, &["install", "-y", &format!("{WORK}/{deb_name}")])?;
    note(&format!("installed in {}", util::format_duration(t.elapsed())));

    step("Checking that every library the programs link is installed (ldd)");
    let ldd = util::output(&mut in_root(root, &[], &["ldd", "/usr/bin/nytta", "/usr/bin/nyttoregistret"]))?;
    let missing = missing_libraries(&ldd);
    if !missing.is_empty() {
        bail!("the package lacks a dependency: no package brought {}", missing.join(", "));
    }
    note("every linked library is there");

    step("Running the CLI: nytta --version, nytta demo, nytta report council");
    let shown = util::output(&mut in_root(root, &[], &["nytta", "--version"]))?;
    if !shown.contains(version) {
        bail!("`nytta --version` says {}, the package is {version}", shown.trim());
    }
    note(shown.trim());
    let register = format!("{WORK}/demo.nytta");
    util::run(&mut in_root(root, &[], &["nytta", "demo", &register]))?;
    let pdf = format!("{WORK}/rad.pdf");
    util::run(&mut in_root(root, &[], &["nytta", "report", "council", &register, "--out", &pdf]))?;
    let size = std::fs::metadata(root.join(pdf.trim_start_matches('/'))).map(|m| m.len()).unwrap_or(0);
    if size < 1000 {
        bail!("nytta report council wrote {size} bytes");
    }
    note(&format!("the council pack: {size} bytes"));

    step(&format!("Installing the check's own tools in the root: {}", CHECK_TOOLS.join(" ")));
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(CHECK_TOOLS);
    apt(root, &args)?;

    step("Asking the desktop what a .nytta file is and what opens it (xdg-mime, as GNOME)");
    let gnome = [("XDG_CURRENT_DESKTOP", "GNOME")];
    let filetype = util::output(&mut in_root(root, &gnome, &["xdg-mime", "query", "filetype", &register]))?;
    if filetype.trim() != MIME_TYPE {
        bail!("xdg-mime says a .nytta file is {}, not {MIME_TYPE}", filetype.trim());
    }
    note(&format!("{register}: {}", filetype.trim()));
    let default = util::output(&mut in_root(root, &gnome, &["xdg-mime", "query", "default", MIME_TYPE]))?;
    if default.trim() != DESKTOP_FILE {
        bail!("xdg-mime says {MIME_TYPE} opens with '{}', not {DESKTOP_FILE}", default.trim());
    }
    note(&format!("{MIME_TYPE} opens with {}", default.trim()));

    step("Starting the app under Xvfb as the desktop entry does, on the demo register");
    let desktop = std::fs::read_to_string(root.join("usr/share/applications").join(DESKTOP_FILE))?;
    let argv = exec_with_file(&desktop, &register)?;
    note(&format!("Exec with %f = {register}: {}", argv.join(" ")));
    // A person who has given their name (the first start asks for it, over the portfolio).
    let profile = root.join("root/.config/se.nyttoregistret.app/anvandare.json");
    std::fs::create_dir_all(profile.parent().unwrap())?;
    std::fs::write(&profile, r#"{"name": "Paula Paketkontroll"}"#)?;
    let runtime = format!("{WORK}/run");
    std::fs::create_dir_all(root.join(runtime.trim_start_matches('/')))?;

    let display_number = free_display()?;
    let display = format!(":{display_number}");
    let _xvfb = Running(
        in_root(root, &[], &["Xvfb", &display, "-screen", "0", crate::xvfb::SCREEN, "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start Xvfb in the root")?,
    );
    let socket = root.join(format!("tmp/.X11-unix/X{display_number}"));
    wait_for("Xvfb's socket", Duration::from_secs(30), || Ok(socket.exists()))?;

    let log_path = dir.join("app.log");
    let log = std::fs::File::create(&log_path)?;
    let env = [("DISPLAY", display.as_str()), ("XDG_RUNTIME_DIR", runtime.as_str()), ("GDK_BACKEND", "x11")];
    let argv_ref: Vec<&str> = argv.iter().map(String::as_str).collect();
    let _app = Running(
        in_root(root, &env, &argv_ref)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("could not start the app in the root")?,
    );
    let t = Instant::now();
    let windows = || {
        util::output(&mut in_root(root, &[("DISPLAY", display.as_str())], &["xwininfo", "-root", "-tree"])).unwrap_or_default()
    };
    // xwininfo lists a window as `0x… "title": ("class" "Class") …`.
    wait_for("the app's window", Duration::from_secs(90), || Ok(windows().contains("Nyttoregistret\":")))?;
    note(&format!("window up after {}", util::format_duration(t.elapsed())));
    // The title names the register once it is open: "<name> – Nyttoregistret".
    wait_for("the register's name in the window title", Duration::from_secs(60), || {
        Ok(windows().contains(" – Nyttoregistret\":"))
    })?;
    note(&format!("the demo register is open after {}", util::format_duration(t.elapsed())));
    // The web view draws the portfolio after the window appears; give it time on a busy machine.
    std::thread::sleep(Duration::from_secs(12));
    let shot = format!("{WORK}/screenshot.png");
    util::run(&mut in_root(root, &[("DISPLAY", display.as_str())], &["import", "-window", "root", &shot]))?;
    let screenshot = dir.join("screenshot.png");
    std::fs::copy(root.join(shot.trim_start_matches('/')), &screenshot)?;
    let deviation = util::output(&mut in_root(root, &[], &["convert", &shot, "-format", "%[fx:standard_deviation]", "info:"]))?;
    if parse_deviation(&deviation).unwrap_or(0.0) < 0.02 {
        bail!("the screenshot {} is nearly one colour: the window drew nothing (log: {})", screenshot.display(), log_path.display());
    }
    note(&format!("screenshot: {} (look at it: it shows the demo portfolio); the app's output: {}", screenshot.display(), log_path.display()));
    Ok(())
}

/// Polls `done` every half second until it says yes or `limit` passes.
fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> Result<bool>) -> Result<()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done()? {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    bail!("waited {} s for {what}", limit.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exec_line_takes_the_file() {
        let desktop = "[Desktop Entry]\nType=Application\nExec=nyttoregistret %f\nName=Nyttoregistret\n";
        assert_eq!(exec_with_file(desktop, "/tmp/a b.nytta").unwrap(), ["nyttoregistret", "/tmp/a b.nytta"]);
        let no_file = "[Desktop Entry]\nExec=nyttoregistret\n";
        assert!(exec_with_file(no_file, "/tmp/a.nytta").unwrap_err().to_string().contains("takes no file"));
        let others = "[Desktop Entry]\nExec=\"nyttoregistret\" --x %i %F\n";
        assert_eq!(exec_with_file(others, "r.nytta").unwrap(), ["nyttoregistret", "--x", "r.nytta"]);
    }

    #[test]
    fn the_packaged_desktop_template_takes_a_file_and_names_the_type() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let template = std::fs::read_to_string(root.join("src-tauri/packaging/nyttoregistret.desktop")).unwrap();
        let rendered = template.replace("{{exec}}", "nyttoregistret");
        assert_eq!(exec_with_file(&rendered, "x.nytta").unwrap(), ["nyttoregistret", "x.nytta"]);
        assert!(template.contains(&format!("MimeType={MIME_TYPE};")));
        let mime = std::fs::read_to_string(root.join("src-tauri/packaging/nyttoregistret-mime.xml")).unwrap();
        assert!(mime.contains(&format!("type=\"{MIME_TYPE}\"")) && mime.contains("pattern=\"*.nytta\""));
    }

    #[test]
    fn missing_libraries_are_read_from_ldd() {
        let ldd = "/usr/bin/nytta:\n\tlibssl.so.3 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n";
        assert_eq!(missing_libraries(ldd), ["libssl.so.3"]);
        assert!(missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n").is_empty());
    }

    #[test]
    fn sources_include_updates_and_security() {
        let list = sources_list("http://deb.debian.org/debian");
        assert!(list.contains("deb http://deb.debian.org/debian bookworm main"));
        assert!(list.contains("bookworm-updates main"));
        assert!(list.contains("deb http://deb.debian.org/debian-security bookworm-security main"));
        assert_eq!(parse_deviation("0.1234\n"), Some(0.1234));
    }
}
