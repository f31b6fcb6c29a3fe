//! TLS as the city's IT runs it (issue 16, docs/delat-register.md): with `verify-full` the
//! client checks the server's certificate against the city's CA *and* the host name. The test
//! server's certificate (made by `cargo xtask test` with the openssl command) is for
//! `localhost` only, so the same server reached as 127.0.0.1 must be refused.

use nytta::store::postgres::{self as shared, ConnInfo, PgError};

/// The test server's port and its CA file, or `None` when the run left PostgreSQL out.
fn server() -> Option<(u16, String)> {
    if std::env::var("NYTTA_PG").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        return None;
    }
    let url: ::postgres::Config = std::env::var("NYTTA_PG_URL")
        .expect("NYTTA_PG_URL is set by cargo xtask test (or NYTTA_PG=off)")
        .parse()
        .unwrap();
    let ca = std::env::var("NYTTA_PG_CA").expect("NYTTA_PG_CA is set by cargo xtask test (or NYTTA_PG=off)");
    Some((url.get_ports().first().copied().unwrap_or(5432), ca))
}

fn connect(url: &str) -> Result<::postgres::Client, PgError> {
    shared::connect(&ConnInfo::parse(url).unwrap())
}

fn uses_tls(client: &mut ::postgres::Client) -> bool {
    client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0)
}

#[test]
fn verify_full_accepts_the_right_host_name_signed_by_the_ca() {
    let Some((port, ca)) = server() else { return };
    let mut client =
        connect(&format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}")).unwrap();
    assert!(uses_tls(&mut client));
    // The key=value form reads the same.
    let mut client = connect(&format!("host=localhost port={port} user=postgres dbname=postgres sslmode=verify-full sslrootcert='{ca}'")).unwrap();
    assert!(uses_tls(&mut client));
}

#[test]
fn verify_full_refuses_a_certificate_for_another_host_name() {
    let Some((port, ca)) = server() else { return };
    let error = connect(&format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"))
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(error, PgError::Certificate { .. }), "{error:?}");
    assert!(error.to_string().contains("Servercertifikatet för postgres@127.0.0.1"), "{error}");
    // verify-ca checks only the chain, so the same server is accepted: the host name is what
    // verify-full adds.
    let mut client =
        connect(&format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=verify-ca&sslrootcert={ca}")).unwrap();
    assert!(uses_tls(&mut client));
}

#[test]
fn verify_full_refuses_a_certificate_from_a_ca_not_trusted() {
    let Some((port, _)) = server() else { return };
    // The system's CAs do not include the test CA.
    let error = connect(&format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert=system"))
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(error, PgError::Certificate { .. }), "{error:?}");
    // A CA file that is not there is named.
    let error = connect(&format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert=/finns/inte.crt"))
        .map(|_| ())
        .unwrap_err();
    assert!(error.to_string().contains("/finns/inte.crt"), "{error}");
}

#[test]
fn require_encrypts_without_checking_as_libpq_does() {
    let Some((port, _)) = server() else { return };
    let mut client = connect(&format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=require&sslrootcert=/finns/inte.crt")).unwrap();
    assert!(uses_tls(&mut client));
    let mut client = connect(&format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable")).unwrap();
    assert!(!uses_tls(&mut client));
}
