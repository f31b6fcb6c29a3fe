//! `cargo xtask dist`: the release packages, made by Tauri's own bundler (docs/utveckling.md).
//!
//! 1. Installs the Debian packages the app builds with (those of `run`).
//! 2. Finds or installs the pinned tauri-cli (`cargo install tauri-cli --version
//!    TAURI_CLI_VERSION --locked`) under the target directory (`<target>/dist-tools`); about
//!    nine minutes the first time, then reused.
//! 3. Builds the `nytta` CLI in release (in the app's feature resolution, so the bundler's
//!    build reuses the dependencies) and puts it where the bundler takes it from
//!    (`src-tauri/binaries/nytta-<host triple>`, Tauri's `bundle.externalBin`).
//! 4. `cargo tauri build --bundles deb,rpm --config tauri.dist.conf.json` in `src-tauri/`:
//!    the app in release and the packages. `tauri.dist.conf.json` holds everything of the
//!    packages (icons, the CLI beside the app, the desktop entry, the `.nytta` file type, the
//!    Windows installer's settings) and is merged over `tauri.conf.json` only here and in the
//!    release workflow, so an ordinary `cargo build` needs no CLI binary in `binaries/`.
//! 5. Copies the packages to `<target>/dist/` as `nyttoregistret_<version>_amd64.deb` and
//!    `nyttoregistret-<version>-1.x86_64.rpm` and checks that each holds what it must.
//!
//! With `--check` the `.deb` is then installed into a clean Debian 12 (`dist_check`).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::util::{self, note, step};
use crate::{ensure_packages, packages, Options, Paths};

/// The tauri-cli release the packages are made with (the bundler is part of it). Pinned so a
/// package is made the same way on every machine; move it with the `tauri` crate's line.
pub const TAURI_CLI_VERSION: &str = "2.12.4";

/// Paths inside a `.deb` that must be there (from `dpkg-deb --contents`, without the leading
/// `./`): both programs, the desktop entry, an icon and the file type.
pub const DEB_MUST_HOLD: &[&str] = &[
    "usr/bin/nyttoregistret",
    "usr/bin/nytta",
    "usr/share/applications/Nyttoregistret.desktop",
    "usr/share/icons/hicolor/256x256/apps/nyttoregistret.png",
    "usr/share/mime/packages/nyttoregistret.xml",
];

/// The release build of the CLI before the bundler's, in the app's feature resolution.
pub fn release_build_args() -> [&'static str; 8] {
    ["build", "--release", "-p", "nytta", "-p", "nyttoregistret", "--bin", "nytta"]
}

/// Where the packages end up.
pub fn dist_dir(paths: &Paths) -> PathBuf {
    paths.target.join("dist")
}

/// Where the pinned tauri-cli is installed (`cargo install --root`).
pub fn tauri_cli_root(paths: &Paths) -> PathBuf {
    paths.target.join("dist-tools").join(format!("tauri-cli-{TAURI_CLI_VERSION}"))
}

/// The `host:` line of `rustc -vV`: the target triple the bundler names the CLI binary by.
pub fn host_triple(rustc_vv: &str) -> Option<String> {
    rustc_vv.lines().find_map(|l| l.strip_prefix("host: ")).map(|s| s.trim().to_string())
}

/// The version of `package` in `cargo metadata --no-deps` output.
pub fn package_version(metadata: &serde_json::Value, package: &str) -> Option<String> {
    metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == package)?["version"]
        .as_str()
        .map(str::to_string)
}

/// Whether `cargo tauri --version` output (`tauri-cli 2.12.4`) is the pinned version.
pub fn is_pinned_cli(version_output: &str) -> bool {
    version_output.split_whitespace().nth(1) == Some(TAURI_CLI_VERSION)
}

/// The entries of `must` missing from a `dpkg-deb --contents` listing.
pub fn missing_entries<'a>(listing: &str, must: &[&'a str]) -> Vec<&'a str> {
    let held: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(|p| p.trim_start_matches("./"))
        .collect();
    must.iter().copied().filter(|m| !held.contains(m)).collect()
}

/// The final names of the packages in `<target>/dist`.
pub fn package_names(version: &str) -> (String, String) {
    (format!("nyttoregistret_{version}_amd64.deb"), format!("nyttoregistret-{version}-1.x86_64.rpm"))
}

/// The workspace's version: the one version of the program (Cargo.toml, `[workspace.package]`).
pub fn workspace_version(paths: &Paths) -> Result<String> {
    let out = util::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(&paths.root)
        .output()
        .context("could not run cargo metadata")?;
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    package_version(&meta, "nyttoregistret").context("cargo metadata names no nyttoregistret package")
}

/// Finds the pinned tauri-cli under the target directory, installing it when missing.
pub fn ensure_tauri_cli(paths: &Paths, install: bool) -> Result<PathBuf> {
    let root = tauri_cli_root(paths);
    let exe = root.join("bin").join("cargo-tauri");
    if util::is_executable(&exe) {
        let out = Command::new(&exe).arg("--version").output()?;
        let version = String::from_utf8_lossy(&out.stdout);
        if is_pinned_cli(&version) {
            note(&format!("{} found: {}", version.trim(), exe.display()));
            return Ok(exe);
        }
        note(&format!("{} is {}, not {TAURI_CLI_VERSION}: installing again", exe.display(), version.trim()));
    }
    if !install {
        bail!("tauri-cli {TAURI_CLI_VERSION} is not installed in {} (run without --no-install)", root.display());
    }
    note(&format!(
        "tauri-cli {TAURI_CLI_VERSION} not found: installing it from crates.io into {} \
         (Tauri's bundler, which makes the packages; `cargo install --locked`, about 9 minutes, once)",
        root.display()
    ));
    let build_dir = paths.target.join("dist-tools").join("tauri-cli-build");
    util::run(
        util::cargo()
            .args(["install", "tauri-cli", "--locked", "--version", TAURI_CLI_VERSION, "--root"])
            .arg(&root)
            .arg("--target-dir")
            .arg(&build_dir),
    )?;
    // The build's 2 GB are not needed once the binary is installed.
    let _ = std::fs::remove_dir_all(&build_dir);
    if !util::is_executable(&exe) {
        bail!("tauri-cli was installed but {} is missing", exe.display());
    }
    Ok(exe)
}

/// `cargo xtask dist [--check]`.
pub fn cmd_dist(opts: &Options) -> Result<ExitCode> {
    let started = Instant::now();
    let paths = Paths::discover()?;
    ensure_packages(packages::RUN, opts.install)?;
    if opts.check {
        ensure_packages(packages::DIST_CHECK, opts.install)?;
    }

    step(&format!("Checking tauri-cli {TAURI_CLI_VERSION} (Tauri's bundler)"));
    let tauri = ensure_tauri_cli(&paths, opts.install)?;

    let version = workspace_version(&paths)?;
    step(&format!("Building the nytta CLI, release (version {version})"));
    // With the app's package selected too, as `cargo tauri build` below selects it: cargo then
    // resolves the dependencies' features the same way and the bundler's build finds them
    // compiled (`-p nytta` alone resolves them differently and compiles them all again).
    // `--bin nytta`: the app itself is compiled once, by the bundler.
    util::run(util::cargo().args(release_build_args()).current_dir(&paths.root))?;
    let rustc = Command::new("rustc").arg("-vV").output().context("could not run rustc -vV")?;
    let triple = host_triple(&String::from_utf8_lossy(&rustc.stdout)).context("rustc -vV names no host")?;
    let binaries = paths.root.join("src-tauri").join("binaries");
    std::fs::create_dir_all(&binaries)?;
    let sidecar = binaries.join(format!("nytta-{triple}"));
    let built = std::fs::read(paths.target.join("release").join("nytta")).context("the CLI was not built")?;
    // Only when it changed: the app's build script watches the file, and a new copy of the same
    // program would compile the app again.
    if std::fs::read(&sidecar).ok().as_deref() != Some(built.as_slice()) {
        std::fs::write(&sidecar, &built).with_context(|| format!("could not copy the CLI to {}", sidecar.display()))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o755))?;
    }
    note(&format!("the CLI for the packages: {}", sidecar.display()));

    step("Building the app and the packages with Tauri's bundler (.deb, .rpm)");
    let bundle = paths.target.join("release").join("bundle");
    let _ = std::fs::remove_dir_all(&bundle);
    util::run(
        Command::new(&tauri)
            .args(["build", "--ci", "--bundles", "deb,rpm", "--config", "tauri.dist.conf.json"])
            .current_dir(paths.root.join("src-tauri"))
            .env("CARGO_TARGET_DIR", &paths.target),
    )?;

    step(&format!("Collecting the packages in {}", dist_dir(&paths).display()));
    let dist = dist_dir(&paths);
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    let (deb_name, rpm_name) = package_names(&version);
    let deb = dist.join(&deb_name);
    let rpm = dist.join(&rpm_name);
    std::fs::copy(find_one(&bundle.join("deb"), "deb")?, &deb)?;
    std::fs::copy(find_one(&bundle.join("rpm"), "rpm")?, &rpm)?;

    let listing = util::output(Command::new("dpkg-deb").arg("--contents").arg(&deb))?;
    let missing = missing_entries(&listing, DEB_MUST_HOLD);
    if !missing.is_empty() {
        bail!("{deb_name} lacks {}", missing.join(", "));
    }
    let field = |name: &str| util::output(Command::new("dpkg-deb").arg("--field").arg(&deb).arg(name));
    let deb_version = field("Version")?;
    if deb_version.trim() != version {
        bail!("{deb_name} has version {}, the workspace {version}", deb_version.trim());
    }
    note(&format!("Depends: {}", field("Depends")?.trim()));
    note(&format!("Recommends: {}", field("Recommends")?.trim()));
    for package in [&deb, &rpm] {
        let size = std::fs::metadata(package)?.len();
        note(&format!("{} ({:.1} MB)", package.display(), size as f64 / 1e6));
    }
    note(&format!("packages made in {}", util::format_duration(started.elapsed())));

    if opts.check {
        crate::dist_check::check_deb(&paths, &deb, &version)?;
    }
    note(&format!("cargo xtask dist{} took {}", if opts.check { " --check" } else { "" }, util::format_duration(started.elapsed())));
    Ok(ExitCode::SUCCESS)
}

/// The one file ending in `.ext` in `dir`.
fn find_one(dir: &Path, ext: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("the bundler made no {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!("expected one .{ext} in {}, found {}", dir.display(), found.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_host_triple_and_the_version() {
        let vv = "rustc 1.95.0 (abc 2026-01-01)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n";
        assert_eq!(host_triple(vv).as_deref(), Some("x86_64-unknown-linux-gnu"));
        let meta = serde_json::json!({"packages": [{"name": "nytta", "version": "0.3.0"}, {"name": "nyttoregistret", "version": "0.3.0"}]});
        assert_eq!(package_version(&meta, "nyttoregistret").as_deref(), Some("0.3.0"));
        assert_eq!(package_version(&meta, "other"), None);
        assert!(is_pinned_cli(&format!("tauri-cli {TAURI_CLI_VERSION}\n")));
        assert!(!is_pinned_cli("tauri-cli 2.0.0"));
        assert_eq!(package_names("0.3.0").0, "nyttoregistret_0.3.0_amd64.deb");
    }

    #[test]
    fn a_package_listing_is_checked_for_what_it_must_hold() {
        let listing = "\
drwxr-xr-x root/root         0 2026-12-04 03:00 ./usr/bin/
-rwxr-xr-x root/root  30000000 2026-12-04 03:00 ./usr/bin/nyttoregistret
-rw-r--r-- root/root       300 2026-12-04 03:00 ./usr/share/applications/Nyttoregistret.desktop";
        assert_eq!(
            missing_entries(listing, DEB_MUST_HOLD),
            [
                "usr/bin/nytta",
                "usr/share/icons/hicolor/256x256/apps/nyttoregistret.png",
                "usr/share/mime/packages/nyttoregistret.xml"
            ]
        );
    }

    #[test]
    fn the_workspace_version_is_the_only_version() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let conf = std::fs::read_to_string(root.join("src-tauri/tauri.conf.json")).unwrap();
        let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
        assert!(conf.get("version").is_none(), "tauri.conf.json must not name a version: Tauri then takes the crate's");
        let dist = std::fs::read_to_string(root.join("src-tauri/tauri.dist.conf.json")).unwrap();
        assert!(!dist.contains("\"version\""), "tauri.dist.conf.json must not name a version");
        for manifest in ["Cargo.toml", "src-tauri/Cargo.toml"] {
            let text = std::fs::read_to_string(root.join(manifest)).unwrap();
            assert!(text.contains("version.workspace = true"), "{manifest} must take the workspace's version");
        }
    }
}
