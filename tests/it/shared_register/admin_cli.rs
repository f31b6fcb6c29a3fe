//! `nytta admin migrate|grant|revoke|members` on a real server, as the city's IT runs them.

use crate::support::cli::{nytta, text};

use super::server::TestDatabase;

#[test]
fn the_owner_migrates_grants_and_revokes_and_each_person_sees_their_own() {
    let Some(mut db) = TestDatabase::new() else { return };
    let anna = db.person("anna");
    let owner = db.owner_url();

    let out = nytta(&["admin", "migrate", &owner]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Registret uppdaterades från version 0 till"), "{}", text(&out.stdout));
    let out = nytta(&["admin", "migrate", &owner]);
    assert!(text(&out.stdout).contains("Ingenting ändrades"), "{}", text(&out.stdout));

    db.as_owner()
        .execute("INSERT INTO organisation (name, kind) VALUES ('Stadsbyggnadsförvaltningen', 'forvaltning')", &[])
        .unwrap();
    let out = nytta(&["admin", "grant", &owner, &anna, "--org", "Stadsbyggnadsförvaltningen", "--role", "beställare"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{anna} är nu bestallare i Stadsbyggnadsförvaltningen.\n"));

    // Anna sees her own membership; she cannot take it away (she administers nothing).
    let out = nytta(&["admin", "members", &db.url_for(&anna)]);
    assert!(text(&out.stdout).contains("bestallare"), "{}", text(&out.stdout));
    let out = nytta(&["admin", "revoke", &db.url_for(&anna), &anna, "--org", "Stadsbyggnadsförvaltningen"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Ingenting ändrades"), "{}", text(&out.stderr));

    let out = nytta(&["admin", "revoke", &owner, &anna, "--org", "Stadsbyggnadsförvaltningen", "--role", "bestallare"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = nytta(&["admin", "members", &owner]);
    assert!(text(&out.stdout).contains("Inga behörigheter"), "{}", text(&out.stdout));
}

#[test]
fn bad_input_gets_a_swedish_message_naming_what_is_wrong() {
    let Some(db) = TestDatabase::new() else { return };
    let db = db.migrated();
    let owner = db.owner_url();
    let cases: [(&[&str], &str); 5] = [
        (&["admin", "grant", &owner, "ingen_sadan", "--org", "X", "--role", "lasare"], "ingen databasanvändare \"ingen_sadan\""),
        (&["admin", "grant", &owner, &db.name, "--role", "chef"], "--role \"chef\" finns inte"),
        (&["admin", "grant", &owner, &db.name, "--role", "bestallare"], "ange --org"),
        (&["admin", "grant", &owner, &db.name, "--org", "Finns inte", "--role", "lasare"], "ingen organisation som heter \"Finns inte\""),
        (&["admin", "members", "postgres://db/nytta?sslmode=very-full"], "sslmode \"very-full\" finns inte"),
    ];
    for (args, expected) in cases {
        let out = nytta(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains(expected), "{args:?}: {}", text(&out.stderr));
    }
}
