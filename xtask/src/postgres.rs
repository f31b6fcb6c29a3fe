//! A throwaway PostgreSQL cluster for the shared-register tests (docs/utveckling.md).
//!
//! `cargo xtask test` starts one under the target directory, on 127.0.0.1 and a free port,
//! hands its address to the tests as `NYTTA_PG_URL`, and stops and removes it at the end
//! (also when the run fails: [`TestCluster`] stops it when dropped). PostgreSQL refuses to
//! run as root, and CI runs as root, so there the server runs as the `postgres` user that
//! Debian's package creates.

use anyhow::{bail, Context, Result};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, note};

/// The environment variable that turns the PostgreSQL tests off (`NYTTA_PG=off`).
pub const SWITCH: &str = "NYTTA_PG";
/// The environment variable the tests read the cluster's address from.
pub const URL_VAR: &str = "NYTTA_PG_URL";
/// The CA that signed the test server's certificate (for the TLS tests).
pub const CA_VAR: &str = "NYTTA_PG_CA";

/// Whether the run was told to leave PostgreSQL out.
pub fn turned_off() -> bool {
    std::env::var(SWITCH).is_ok_and(|v| v.eq_ignore_ascii_case("off"))
}

/// The newest installed server's programs: `/usr/lib/postgresql/<major>/bin` (Debian's
/// layout; several majors may be installed side by side).
pub fn server_bin_dir() -> Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let mut majors: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .with_context(|| format!("PostgreSQL is not installed ({} is missing)", root.display()))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    majors.sort();
    match majors.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!("no PostgreSQL server under {} (initdb not found)", root.display()),
    }
}

/// A running cluster; stopped and removed when dropped.
pub struct TestCluster {
    bin: PathBuf,
    dir: PathBuf,
    /// The user the server runs as when we are root.
    run_as: Option<String>,
    port: u16,
    stopped: bool,
}

impl TestCluster {
    /// Creates a cluster in `<base>/pg-test-<pid>` and starts it.
    pub fn start(base: &Path) -> Result<TestCluster> {
        let bin = server_bin_dir()?;
        let run_as = if util::is_root() { Some(server_user()?) } else { None };
        let dir = cluster_dir(base, run_as.as_deref())?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("could not remove {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir.join("socket"))?;
        if let Some(user) = &run_as {
            util::run(Command::new("chown").args(["-R", user]).arg(&dir))?;
        }
        let port = free_port()?;
        let cluster = TestCluster { bin, dir, run_as, port, stopped: false };

        note(&format!("initialising a throwaway cluster in {}", cluster.data().display()));
        // Trust on the loopback address only: the cluster lives for one test run, listens on
        // 127.0.0.1 and its socket directory is private. The tests log in as the roles they
        // test (owner, members of organisations, the city-wide reader) without passwords.
        let initdb = cluster.bin.join("initdb");
        let data = cluster.data();
        cluster.run_server_program(
            Command::new(initdb)
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]),
        )?;
        // TLS as the city runs it, so the tests can check that the client verifies the
        // server's certificate and host name: a CA of our own and a certificate for
        // `localhost` only (not for 127.0.0.1, which the tests use to see a wrong name refused).
        cluster.make_certificates()?;
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c full_page_writes=off \
             -c synchronous_commit=off -c max_connections=200 -c ssl=on \
             -c ssl_cert_file={} -c ssl_key_file={}",
            cluster.dir.join("socket").display(),
            cluster.dir.join("tls").join("server.crt").display(),
            cluster.dir.join("tls").join("server.key").display(),
        );
        let pg_ctl = cluster.bin.join("pg_ctl");
        let log = cluster.dir.join("server.log");
        cluster
            .run_server_program(
                Command::new(pg_ctl)
                    .arg("-D")
                    .arg(&data)
                    .arg("-l")
                    .arg(&log)
                    .args(["-w", "-t", "60", "-o", &options, "start"]),
            )
            .with_context(|| format!("the PostgreSQL test server did not start; its log is {}", log.display()))?;
        Ok(cluster)
    }

    /// The superuser's address, for the tests (they create a database of their own each).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The address of `user` on database `db` of this cluster (no TLS: the loopback).
    pub fn url_for(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{db}?sslmode=disable", self.port)
    }

    /// Runs SQL as the superuser with the cluster's own `psql`.
    pub fn psql(&self, sql: &str) -> Result<()> {
        util::run(
            Command::new(self.bin.join("psql"))
                .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres"])
                .arg("-p")
                .arg(self.port.to_string())
                .arg("-c")
                .arg(sql),
        )
    }

    /// The CA certificate the tests trust.
    pub fn ca(&self) -> PathBuf {
        self.dir.join("tls").join("ca.crt")
    }

    /// A CA, and a server certificate for the DNS name `localhost` signed by it, with the
    /// `openssl` command; the key belongs to the server's user (PostgreSQL insists).
    fn make_certificates(&self) -> Result<()> {
        let tls = self.dir.join("tls");
        std::fs::create_dir_all(&tls)?;
        let openssl = |args: &[&str]| -> Result<()> {
            let out = Command::new("openssl").args(args).current_dir(&tls).output().context("could not run openssl")?;
            if !out.status.success() {
                bail!("openssl {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
            }
            Ok(())
        };
        openssl(&["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Nyttoregistret test-CA",
            "-keyout", "ca.key", "-out", "ca.crt"])?;
        openssl(&["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"])?;
        std::fs::write(tls.join("server.ext"), "subjectAltName = DNS:localhost\n")?;
        openssl(&["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "server.ext", "-out", "server.crt"])?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tls.join("server.key"), std::fs::Permissions::from_mode(0o600))?;
        if let Some(user) = &self.run_as {
            util::run(Command::new("chown").args(["-R", user]).arg(&tls))?;
        }
        Ok(())
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn run_server_program(&self, cmd: &mut Command) -> Result<()> {
        match &self.run_as {
            None => util::run(cmd),
            Some(user) => {
                let mut wrapped = Command::new("runuser");
                wrapped.args(["-u", user, "--"]).arg(cmd.get_program()).args(cmd.get_args());
                util::run(&mut wrapped)
            }
        }
    }

    /// Stops the server (fast: the tests' connections are cut) and removes the cluster.
    pub fn stop(&mut self) -> Result<()> {
        if self.stopped {
            return Ok(());
        }
        self.stopped = true;
        let pg_ctl = self.bin.join("pg_ctl");
        let data = self.data();
        let result = self.run_server_program(Command::new(pg_ctl).arg("-D").arg(&data).args(["-m", "fast", "-w", "stop"]));
        std::fs::remove_dir_all(&self.dir).ok();
        result
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("warning: could not stop the PostgreSQL test server: {e:#}");
        }
    }
}

/// The unprivileged user the server runs as when the tests run as root.
fn server_user() -> Result<String> {
    let known = Command::new("id").args(["-u", "postgres"]).output().context("could not run id")?;
    if known.status.success() {
        return Ok("postgres".into());
    }
    bail!(
        "PostgreSQL refuses to run as root and there is no 'postgres' user (Debian's postgresql \
         package creates it): install the package, or run the tests as another user"
    )
}

/// Where the cluster goes: under the target directory when the server's user can reach it,
/// otherwise under the system's temporary directory (a target directory inside /root is not
/// reachable for the `postgres` user).
fn cluster_dir(base: &Path, run_as: Option<&str>) -> Result<PathBuf> {
    let name = format!("pg-test-{}", std::process::id());
    std::fs::create_dir_all(base)?;
    let Some(user) = run_as else { return Ok(base.join(name)) };
    let reachable = Command::new("runuser")
        .args(["-u", user, "--", "test", "-x"])
        .arg(base)
        .status()
        .is_ok_and(|s| s.success());
    if reachable {
        Ok(base.join(name))
    } else {
        let fallback = std::env::temp_dir().join(format!("nytta-{name}"));
        note(&format!(
            "{} is not reachable for the '{user}' user; the cluster goes to {}",
            base.display(),
            fallback.display()
        ));
        Ok(fallback)
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("could not find a free local port")?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness itself: a cluster starts, answers on its port, and is gone after `stop`.
    #[test]
    fn a_cluster_starts_answers_and_is_removed() {
        if turned_off() {
            return;
        }
        let base = std::env::temp_dir().join(format!("nytta-xtask-pg-{}", std::process::id()));
        let mut cluster = TestCluster::start(&base).expect("the test cluster starts");
        let isready = cluster.bin.join("pg_isready");
        let status = Command::new(isready)
            .args(["-h", "127.0.0.1", "-p", &cluster.port.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "pg_isready on {}", cluster.url());
        let dir = cluster.dir.clone();
        cluster.stop().unwrap();
        assert!(!dir.exists());
        std::fs::remove_dir_all(&base).ok();
    }
}
