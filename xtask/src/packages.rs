//! Debian packages the project needs, and working out which are missing.

use std::collections::BTreeSet;

/// A Debian package together with the reason the project needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    pub name: &'static str,
    pub why: &'static str,
}

const fn pkg(name: &'static str, why: &'static str) -> Package {
    Package { name, why }
}

/// What `cargo xtask run` needs: everything to build and start the desktop app.
pub const RUN: &[Package] = &[
    pkg(
        "build-essential",
        "C compiler and linker for Rust crates with C parts",
    ),
    pkg(
        "pkg-config",
        "lets the -sys crates find the system libraries below",
    ),
    pkg(
        "libwebkit2gtk-4.1-dev",
        "WebKitGTK, the web view Tauri uses on Linux",
    ),
    pkg("libxdo-dev", "keyboard/menu accelerators in Tauri (libxdo)"),
    pkg(
        "libssl-dev",
        "OpenSSL headers needed by Tauri's dependencies",
    ),
    pkg(
        "libayatana-appindicator3-dev",
        "system tray support in Tauri",
    ),
    pkg("librsvg2-dev", "SVG icon rendering in Tauri"),
];

/// What `cargo xtask run --shared` needs on top of [`RUN`], and `cargo xtask bench` for the
/// shared register's cases: a local PostgreSQL server.
pub const SHARED: &[Package] = &[
    pkg("postgresql", "PostgreSQL server, for a local shared register to try (a throwaway cluster)"),
    pkg("openssl", "the openssl command, which makes the local server's certificates"),
];

/// What `cargo xtask test` needs on top of [`RUN`].
pub const TEST_EXTRA: &[Package] = &[
    pkg("xvfb", "virtual X display for the end-to-end tests (Xvfb)"),
    pkg(
        "webkit2gtk-driver",
        "WebKitWebDriver, the WebDriver server tauri-driver drives",
    ),
    pkg(
        "postgresql",
        "PostgreSQL server, for the tests of the shared register (a throwaway cluster)",
    ),
    pkg(
        "openssl",
        "the openssl command, which makes the certificates of the PostgreSQL test server",
    ),
    pkg(
        "poppler-utils",
        "pdftotext/pdftoppm, used by tests that check generated PDF reports",
    ),
    pkg(
        "qpdf",
        "qpdf --check, a reader other than ours: a test checks the council pack joined from parts",
    ),
    pkg(
        "libreoffice-writer-nogui",
        "LibreOffice headless (soffice), a reader other than our writer: a test converts the annual analysis's .docx to PDF",
    ),
    pkg(
        "xclip",
        "xclip, which puts a block on the X clipboard: a test pastes it into the calculation grid with Ctrl+V",
    ),
    pkg(
        "python3-venv",
        "Python's venv, for the virtual environment actionlint is installed into (it checks .github/workflows)",
    ),
    pkg(
        "shellcheck",
        "shellcheck, which actionlint runs on the workflows' shell scripts",
    ),
    pkg(
        "python3-openpyxl",
        "openpyxl, a spreadsheet library other than ours: a test fills in a measurement template with it and imports it back",
    ),
];

/// What `cargo xtask dist --check` needs on top of [`RUN`]: the clean Debian 12 it installs
/// the package into. (The check's tools — Xvfb, ImageMagick, xdg-utils — go into that system,
/// not this one.)
pub const DIST_CHECK: &[Package] = &[pkg(
    "debootstrap",
    "makes the clean Debian 12 system the package is installed into (once, cached)",
)];

/// What `cargo xtask actionlint` needs alone (`test` has them among its own).
pub const ACTIONLINT: &[Package] = &[
    pkg("python3-venv", "Python's venv, for the virtual environment actionlint is installed into"),
    pkg("shellcheck", "shellcheck, which actionlint runs on the workflows' shell scripts"),
];

/// Node.js and npm, used to fetch axe-core from the npm registry.
pub const NPM: Package = pkg(
    "npm",
    "npm (with Node.js) to fetch axe-core from the npm registry",
);

/// All packages the test command wants; `need_npm` adds Debian's npm package
/// (only when `npm` is not already on PATH, e.g. from another installation).
pub fn test_packages(need_npm: bool) -> Vec<Package> {
    let mut all: Vec<Package> = RUN.iter().chain(TEST_EXTRA).copied().collect();
    if need_npm {
        all.push(NPM);
    }
    all
}

/// Parses the output of
/// `dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\n'`
/// into the set of package names that are fully installed (status `ii`).
pub fn parse_installed(dpkg_output: &str) -> BTreeSet<String> {
    dpkg_output
        .lines()
        .filter_map(|line| {
            let (name, status) = line.split_once('\t')?;
            // Status-Abbrev is e.g. "ii " (installed), "rc " (removed, config left),
            // "iU " (unpacked, not configured).
            let status = status.trim();
            (status == "ii").then(|| name.trim().to_string())
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The packages of `wanted` that are not in `installed`, in the order of `wanted`,
/// each at most once.
pub fn missing_packages(wanted: &[Package], installed: &BTreeSet<String>) -> Vec<Package> {
    let mut seen = BTreeSet::new();
    wanted
        .iter()
        .filter(|p| !installed.contains(p.name))
        .filter(|p| seen.insert(p.name))
        .copied()
        .collect()
}

/// The argument vectors to install `missing` (empty when nothing is missing):
/// one `apt-get update`, then one `apt-get install`. With `use_sudo`, each is
/// prefixed with `sudo env DEBIAN_FRONTEND=noninteractive`; as root only with
/// `env DEBIAN_FRONTEND=noninteractive`.
pub fn install_commands(missing: &[Package], use_sudo: bool) -> Vec<Vec<String>> {
    if missing.is_empty() {
        return Vec::new();
    }
    let prefix: Vec<String> = if use_sudo {
        vec![
            "sudo".into(),
            "env".into(),
            "DEBIAN_FRONTEND=noninteractive".into(),
        ]
    } else {
        vec!["env".into(), "DEBIAN_FRONTEND=noninteractive".into()]
    };
    // Wait for the dpkg lock instead of failing when another apt run holds it.
    let lock_wait = ["-o", "DPkg::Lock::Timeout=600"];
    let mut update = prefix.clone();
    update.push("apt-get".into());
    update.extend(lock_wait.iter().map(|s| s.to_string()));
    update.push("update".into());

    let mut install = prefix;
    install.push("apt-get".into());
    install.extend(lock_wait.iter().map(|s| s.to_string()));
    install.extend(["install".to_string(), "-y".to_string()]);
    install.extend(missing.iter().map(|p| p.name.to_string()));
    vec![update, install]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parse_installed_keeps_only_fully_installed() {
        let out = "pkg-config\tii \nlibssl-dev\trc \nxvfb\tiU \nnpm\tii \n\nbroken line\n";
        assert_eq!(parse_installed(out), set(&["npm", "pkg-config"]));
    }

    #[test]
    fn missing_packages_keeps_order_and_drops_duplicates() {
        let wanted = [pkg("a", "1"), pkg("b", "2"), pkg("c", "3"), pkg("a", "dup")];
        let missing = missing_packages(&wanted, &set(&["b"]));
        let names: Vec<_> = missing.iter().map(|p| p.name).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(missing[0].why, "1");
    }

    #[test]
    fn nothing_missing_means_no_commands() {
        let installed: BTreeSet<String> = RUN.iter().map(|p| p.name.to_string()).collect();
        assert!(missing_packages(RUN, &installed).is_empty());
        assert!(install_commands(&[], true).is_empty());
    }

    #[test]
    fn install_commands_update_once_then_install() {
        let missing = [pkg("xvfb", ""), pkg("npm", "")];
        let cmds = install_commands(&missing, false);
        assert_eq!(cmds.len(), 2);
        assert_eq!(
            cmds[0][..3],
            ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
        );
        assert_eq!(cmds[0].last().unwrap(), "update");
        assert_eq!(
            cmds[1][cmds[1].len() - 4..],
            ["install", "-y", "xvfb", "npm"]
        );

        let sudo = install_commands(&missing, true);
        assert!(sudo.iter().all(|c| c[0] == "sudo"));
    }

    #[test]
    fn test_packages_are_a_superset_of_run_packages() {
        let test = test_packages(false);
        for p in RUN {
            assert!(test.contains(p), "{} missing from test packages", p.name);
        }
        assert!(!test.contains(&NPM));
        assert!(test_packages(true).contains(&NPM));
        for name in ["xvfb", "webkit2gtk-driver", "poppler-utils", "libreoffice-writer-nogui", "python3-openpyxl"] {
            assert!(test.iter().any(|p| p.name == name));
        }
    }
}
