//! Rights enforced by PostgreSQL, tested from outside the app: connected directly with SQL as
//! a person of organisation A, changes to organisation B's rows change nothing (checked by
//! reading as the owner afterwards: under row-level security a row one may not see is
//! skipped, not refused), a läsare changes nothing, and the city-wide reader reads all and
//! writes nothing. The people are neither owner, superuser nor BYPASSRLS.

use nytta::store::postgres::{self as shared, MemberRole};
use ::postgres::Client;

use super::server::TestDatabase;

/// Two administrations, each with one initiative and a status report, and the people:
/// Anna (beställare in A), Rolf (registrerare in A), Lisa (läsare in A), Stina (city-wide
/// reader), Adam (registeradministratör in A), Bo (beställare in B).
pub(super) struct City {
    pub(super) db: TestDatabase,
    pub(super) a: i64,
    pub(super) b: i64,
    pub(super) initiative_a: i64,
    pub(super) initiative_b: i64,
    pub(super) anna: String,
    pub(super) rolf: String,
    pub(super) lisa: String,
    pub(super) stina: String,
    pub(super) adam: String,
    pub(super) bo: String,
}

pub(super) fn city() -> Option<City> {
    let mut db = TestDatabase::new()?.migrated();
    let people: Vec<String> = ["anna", "rolf", "lisa", "stina", "adam", "bo"].iter().map(|p| db.person(p)).collect();
    let mut owner = db.as_owner();
    let org = |c: &mut Client, name: &str| -> i64 {
        c.query_one("INSERT INTO organisation (name, kind) VALUES ($1, 'forvaltning') RETURNING id", &[&name])
            .unwrap()
            .get(0)
    };
    let a = org(&mut owner, "Stadsbyggnadsförvaltningen");
    let b = org(&mut owner, "Socialförvaltningen Centrum");
    let initiative = |c: &mut Client, code: &str, org: i64| -> i64 {
        let id: i64 = c
            .query_one(
                "INSERT INTO initiative (code, name, organisation_id, phase, created_at, updated_at)
                 VALUES ($1, $1, $2, 'pagaende', localtimestamp(0), localtimestamp(0)) RETURNING id",
                &[&code, &org],
            )
            .unwrap()
            .get(0);
        c.execute(
            "INSERT INTO status_report (initiative_id, period_end, time_status, cost_status, result_status, author, created_at)
             VALUES ($1, '2026-10-31', 'gron', 'gron', 'gron', 'Ägaren', localtimestamp(0))",
            &[&id],
        )
        .unwrap();
        id
    };
    let initiative_a = initiative(&mut owner, "NR-2026-001", a);
    let initiative_b = initiative(&mut owner, "NR-2026-002", b);
    let [anna, rolf, lisa, stina, adam, bo] = <[String; 6]>::try_from(people).unwrap();
    let a_name = Some("Stadsbyggnadsförvaltningen");
    shared::grant(&mut owner, &anna, a_name, MemberRole::Bestallare).unwrap();
    shared::grant(&mut owner, &rolf, a_name, MemberRole::Registrerare).unwrap();
    shared::grant(&mut owner, &lisa, a_name, MemberRole::Lasare).unwrap();
    shared::grant(&mut owner, &stina, None, MemberRole::Stadslasare).unwrap();
    shared::grant(&mut owner, &adam, a_name, MemberRole::Registeradministrator).unwrap();
    shared::grant(&mut owner, &bo, Some("Socialförvaltningen Centrum"), MemberRole::Bestallare).unwrap();
    Some(City { db, a, b, initiative_a, initiative_b, anna, rolf, lisa, stina, adam, bo })
}

impl City {
    fn name_of(&self, initiative: i64) -> String {
        self.db.as_owner().query_one("SELECT name FROM initiative WHERE id = $1", &[&initiative]).unwrap().get(0)
    }

    pub(super) fn count(&self, sql: &str) -> i64 {
        self.db.as_owner().query_one(sql, &[]).unwrap().get(0)
    }
}

/// The number of rows a statement changed, or the SQLSTATE it was refused with.
pub(super) fn try_exec(client: &mut Client, sql: &str) -> Result<u64, String> {
    client.execute(sql, &[]).map_err(|e| e.code().map(|c| c.code().to_string()).unwrap_or_else(|| e.to_string()))
}

#[test]
fn the_people_are_neither_owner_superuser_nor_bypassrls() {
    let Some(city) = city() else { return };
    let mut owner = city.db.as_owner();
    for person in [&city.anna, &city.rolf, &city.lisa, &city.stina, &city.adam, &city.bo] {
        let row = owner
            .query_one("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", &[person])
            .unwrap();
        assert_eq!((row.get::<_, bool>(0), row.get::<_, bool>(1)), (false, false), "{person}");
        let owns: i64 = owner
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_roles r ON r.oid = c.relowner WHERE n.nspname = 'nytta' AND r.rolname = $1",
                &[person],
            )
            .unwrap()
            .get(0);
        assert_eq!(owns, 0, "{person} owns nothing");
    }
}

#[test]
fn a_bestallare_of_a_changes_nothing_of_b() {
    let Some(city) = city() else { return };
    let mut anna = city.db.connect_as(&city.anna);
    let b = city.initiative_b;
    assert_eq!(try_exec(&mut anna, &format!("UPDATE initiative SET name = 'kapad' WHERE id = {b}")), Ok(0));
    assert_eq!(try_exec(&mut anna, &format!("DELETE FROM status_report WHERE initiative_id = {b}")), Ok(0));
    assert_eq!(try_exec(&mut anna, &format!("DELETE FROM initiative WHERE id = {b}")), Ok(0));
    // A new initiative in B is refused outright (a new row must pass the policy's check).
    let insert = format!(
        "INSERT INTO initiative (code, name, organisation_id, phase, created_at, updated_at)
         VALUES ('NR-2026-099', 'x', {}, 'ide', localtimestamp(0), localtimestamp(0))",
        city.b
    );
    assert_eq!(try_exec(&mut anna, &insert), Err("42501".into()));
    // Nor can she hand her own initiative over to B, where she has no role.
    assert_eq!(
        try_exec(&mut anna, &format!("UPDATE initiative SET organisation_id = {} WHERE id = {}", city.b, city.initiative_a)),
        Err("42501".into())
    );
    // She sees only A's.
    let seen: i64 = anna.query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(seen, 1);
    // And in A she can work.
    assert_eq!(
        try_exec(&mut anna, &format!("UPDATE initiative SET name = 'Bygglov digitalt' WHERE id = {}", city.initiative_a)),
        Ok(1)
    );

    // Read as the owner: B is as it was.
    assert_eq!(city.name_of(b), "NR-2026-002");
    assert_eq!(city.count(&format!("SELECT count(*) FROM status_report WHERE initiative_id = {b}")), 1);
    assert_eq!(city.count("SELECT count(*) FROM initiative"), 2);
    assert_eq!(city.name_of(city.initiative_a), "Bygglov digitalt");
}

#[test]
fn a_lasare_changes_nothing_and_a_registrerare_only_what_is_theirs() {
    let Some(city) = city() else { return };
    let a = city.initiative_a;
    let mut lisa = city.db.connect_as(&city.lisa);
    let seen: i64 = lisa.query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(seen, 1, "a läsare reads her organisation's initiatives");
    assert_eq!(try_exec(&mut lisa, &format!("UPDATE initiative SET name = 'x' WHERE id = {a}")), Ok(0));
    assert_eq!(try_exec(&mut lisa, &format!("UPDATE status_report SET comment = 'x' WHERE initiative_id = {a}")), Ok(0));
    assert_eq!(try_exec(&mut lisa, &format!("DELETE FROM status_report WHERE initiative_id = {a}")), Ok(0));
    let report = format!(
        "INSERT INTO status_report (initiative_id, period_end, time_status, cost_status, result_status, author, created_at)
         VALUES ({a}, '2026-11-30', 'gron', 'gron', 'gron', 'Lisa', localtimestamp(0))"
    );
    assert_eq!(try_exec(&mut lisa, &report), Err("42501".into()));

    // Rolf records status reports in A, but edits no initiative.
    let mut rolf = city.db.connect_as(&city.rolf);
    assert_eq!(try_exec(&mut rolf, &report), Ok(1));
    assert_eq!(try_exec(&mut rolf, &format!("UPDATE initiative SET name = 'x' WHERE id = {a}")), Ok(0));

    assert_eq!(city.name_of(a), "NR-2026-001");
    assert_eq!(city.count(&format!("SELECT count(*) FROM status_report WHERE initiative_id = {a}")), 2);
    assert_eq!(
        city.count(&format!("SELECT count(*) FROM status_report WHERE initiative_id = {a} AND comment <> ''")),
        0
    );
}

#[test]
fn the_city_wide_reader_reads_everything_and_writes_nothing() {
    let Some(city) = city() else { return };
    let mut stina = city.db.connect_as(&city.stina);
    let seen: i64 = stina.query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(seen, 2);
    let reports: i64 = stina.query_one("SELECT count(*) FROM status_report", &[]).unwrap().get(0);
    assert_eq!(reports, 2);
    assert_eq!(try_exec(&mut stina, "UPDATE initiative SET name = 'x'"), Ok(0));
    assert_eq!(try_exec(&mut stina, "DELETE FROM status_report"), Ok(0));
    assert_eq!(try_exec(&mut stina, "UPDATE organisation SET name = name || 'x'"), Ok(0));
    assert_eq!(try_exec(&mut stina, "DELETE FROM membership"), Ok(0));
    assert_eq!(try_exec(&mut stina, "INSERT INTO organisation (name, kind) VALUES ('Ny', 'bolag')"), Err("42501".into()));
    let grant_herself = format!(
        "INSERT INTO membership (db_user, organisation_id, role) VALUES ('{}', {}, 'bestallare')",
        city.stina, city.a
    );
    assert_eq!(try_exec(&mut stina, &grant_herself), Err("42501".into()));
    assert_eq!(city.count("SELECT count(*) FROM initiative WHERE name = 'x'"), 0);
    assert_eq!(city.count("SELECT count(*) FROM status_report"), 2);
    assert_eq!(city.count("SELECT count(*) FROM organisation"), 2);
    assert_eq!(city.count("SELECT count(*) FROM membership"), 6);
}

#[test]
fn only_an_administrator_marks_an_initiative_sarskilt_foljd() {
    let Some(city) = city() else { return };
    let a = city.initiative_a;
    let mut anna = city.db.connect_as(&city.anna);
    let refused = anna.execute(&format!("UPDATE initiative SET council_tracked = true WHERE id = {a}"), &[]).unwrap_err();
    assert_eq!(refused.code().map(|c| c.code()), Some("42501"));
    assert!(refused.as_db_error().unwrap().message().contains("registeradministratör"), "{refused}");
    let mut adam = city.db.connect_as(&city.adam);
    assert_eq!(try_exec(&mut adam, &format!("UPDATE initiative SET council_tracked = true WHERE id = {a}")), Ok(1));
    // Adam administers A, not B.
    assert_eq!(try_exec(&mut adam, &format!("UPDATE initiative SET council_tracked = true WHERE id = {}", city.initiative_b)), Ok(0));
    assert_eq!(city.count("SELECT count(*) FROM initiative WHERE council_tracked"), 1);
}

#[test]
fn the_audit_log_is_append_only_and_records_who_was_logged_in() {
    let Some(city) = city() else { return };
    let a = city.initiative_a;
    let mut anna = city.db.connect_as(&city.anna);
    let entry = |db_user: &str| {
        format!(
            "INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id{})
             VALUES (localtimestamp(0), 'Anna Andersson', 'ändrad', 'initiative', {a}, {a}{})",
            if db_user.is_empty() { "" } else { ", db_user" },
            if db_user.is_empty() { String::new() } else { format!(", '{db_user}'") },
        )
    };
    assert_eq!(try_exec(&mut anna, &entry("")), Ok(1));
    // Nobody writes in someone else's name …
    assert_eq!(try_exec(&mut anna, &entry(&city.bo)), Err("23514".into()));
    // … nor about an initiative they may not change.
    let about_b = entry("").replace(&format!("{a}, {a}"), &format!("{0}, {0}", city.initiative_b));
    assert_eq!(try_exec(&mut anna, &about_b), Err("42501".into()));
    // … and what is written stays.
    assert_eq!(try_exec(&mut anna, "UPDATE audit_log SET author = 'x'"), Err("P0001".into()));
    assert_eq!(try_exec(&mut anna, "DELETE FROM audit_log"), Err("P0001".into()));
    let mut owner = city.db.as_owner();
    assert_eq!(try_exec(&mut owner, "DELETE FROM audit_log"), Err("P0001".into()));
    let who: String = owner.query_one("SELECT db_user FROM audit_log", &[]).unwrap().get(0);
    assert_eq!(who, city.anna);
}

#[test]
fn an_administrator_grants_within_the_organisation_only() {
    let Some(city) = city() else { return };
    let mut adam = city.db.connect_as(&city.adam);
    shared::grant(&mut adam, &city.lisa, Some("Stadsbyggnadsförvaltningen"), MemberRole::Registrerare).unwrap();
    let refused = shared::grant(&mut adam, &city.lisa, Some("Socialförvaltningen Centrum"), MemberRole::Bestallare);
    assert!(matches!(refused, Err(shared::PgError::Denied(_))), "{refused:?}");
    let refused = shared::grant(&mut adam, &city.lisa, None, MemberRole::Stadslasare);
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(city.count("SELECT count(*) FROM membership"), 7);
    // Bo, beställare in B, grants nothing.
    let mut bo = city.db.connect_as(&city.bo);
    assert!(shared::grant(&mut bo, &city.bo, Some("Socialförvaltningen Centrum"), MemberRole::Godkannare).is_err());
    assert_eq!(shared::revoke(&mut bo, &city.anna, Some("Stadsbyggnadsförvaltningen"), None).unwrap(), 0);
    assert_eq!(shared::revoke(&mut adam, &city.lisa, Some("Stadsbyggnadsförvaltningen"), Some(MemberRole::Registrerare)).unwrap(), 1);
    assert_eq!(city.count("SELECT count(*) FROM membership"), 6);
}

#[test]
fn a_bestallare_drafts_a_godkannare_approves_and_then_nobody_changes_it() {
    let Some(mut city) = city() else { return };
    let gunnar = city.db.person("gunnar");
    shared::grant(&mut city.db.as_owner(), &gunnar, Some("Stadsbyggnadsförvaltningen"), MemberRole::Godkannare).unwrap();
    let a = city.initiative_a;
    let draft = format!(
        "INSERT INTO calculation (initiative_id, version, body, created_by, created_at, updated_at)
         VALUES ({a}, 1, '{{\"lines\": []}}', 'Anna', localtimestamp(0), localtimestamp(0))"
    );
    // Rolf records, he does not draft; Bo drafts in B, not in A.
    assert_eq!(try_exec(&mut city.db.connect_as(&city.rolf), &draft), Err("42501".into()));
    assert_eq!(try_exec(&mut city.db.connect_as(&city.bo), &draft), Err("42501".into()));
    let mut anna = city.db.connect_as(&city.anna);
    assert_eq!(try_exec(&mut anna, &draft), Ok(1));
    let approve = format!(
        "UPDATE calculation SET status = 'approved', approved_by = 'Nämnden', approved_at = '2026-11-20',
         decision_ref = 'SBN 2026-11-20 §12' WHERE initiative_id = {a}"
    );
    // Anna may not approve her own draft; Gunnar may.
    assert_eq!(try_exec(&mut anna, &approve), Err("42501".into()));
    let mut gunnar = city.db.connect_as(&gunnar);
    assert_eq!(try_exec(&mut gunnar, &approve), Ok(1));
    // Frozen for everyone, the owner included: a change is refused by the trigger; a deletion
    // finds nothing for the people (their policy deletes drafts only) and is refused for the
    // owner.
    let mut owner = city.db.as_owner();
    for client in [&mut anna, &mut gunnar, &mut owner] {
        assert_eq!(
            try_exec(client, &format!("UPDATE calculation SET reason = 'x' WHERE initiative_id = {a}")),
            Err("P0001".into())
        );
    }
    let delete = format!("DELETE FROM calculation WHERE initiative_id = {a}");
    assert_eq!(try_exec(&mut anna, &delete), Ok(0));
    assert_eq!(try_exec(&mut gunnar, &delete), Ok(0));
    assert_eq!(try_exec(&mut owner, &delete), Err("P0001".into()));
    assert_eq!(city.count("SELECT count(*) FROM calculation WHERE status = 'approved' AND reason = ''"), 1);
}

#[test]
fn the_people_of_a_customer_read_the_initiative_and_record_what_they_realise() {
    let Some(mut city) = city() else { return };
    let carl = city.db.person("carl");
    shared::grant(&mut city.db.as_owner(), &carl, Some("Socialförvaltningen Centrum"), MemberRole::Registrerare).unwrap();
    let a = city.initiative_a;
    let measure = format!(
        "INSERT INTO measurement (initiative_id, indicator_code, date, value, author, created_at, updated_at)
         VALUES ({a}, 'NKI', '2026-11-30', 71.5, 'Carl', localtimestamp(0), localtimestamp(0))"
    );
    let mut carl_client = city.db.connect_as(&carl);
    // Not yet a customer: A's initiative is out of his sight and reach.
    let seen: i64 = carl_client.query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(seen, 1, "only B's own initiative");
    assert_eq!(try_exec(&mut carl_client, &measure), Err("42501".into()));
    // Anna makes B a customer of her initiative.
    let mut anna = city.db.connect_as(&city.anna);
    assert_eq!(try_exec(&mut anna, &format!("INSERT INTO initiative_customer VALUES ({a}, {})", city.b)), Ok(1));
    let seen: i64 = carl_client.query_one("SELECT count(*) FROM initiative", &[]).unwrap().get(0);
    assert_eq!(seen, 2);
    assert_eq!(try_exec(&mut carl_client, &measure), Ok(1));
    assert_eq!(city.count("SELECT count(*) FROM measurement"), 1);
    // Lisa, läsare in the supplier, still cannot record.
    let mut lisa = city.db.connect_as(&city.lisa);
    assert_eq!(try_exec(&mut lisa, &measure.replace("2026-11-30", "2026-12-01")), Err("42501".into()));
}

/// Harvest decisions (migration 0008) are the beställare side's: Anna (beställare in A)
/// records them on A's initiative, Rolf (registrerare) and Lisa (läsare) read them and change
/// nothing, Bo (beställare in B) neither sees nor writes A's, the city-wide reader reads them.
#[test]
fn harvest_decisions_are_written_by_the_initiatives_bestallare_and_read_by_its_readers() {
    let Some(city) = city() else { return };
    let a = city.initiative_a;
    let insert = format!(
        "INSERT INTO harvest_decision (initiative_id, benefit, kind, amount, from_date, decided_by, decided_on,
             created_by, created_at, updated_at)
         VALUES ({a}, 'Kortare handläggning', 'budgetminskning', 400000, '2027-01-01', 'Nämnden', '2026-09-24',
             'x', localtimestamp(0), localtimestamp(0))"
    );
    let mut rolf = city.db.connect_as(&city.rolf);
    assert_eq!(try_exec(&mut rolf, &insert), Err("42501".into()), "a registrerare does not decide the harvest");
    let mut bo = city.db.connect_as(&city.bo);
    assert_eq!(try_exec(&mut bo, &insert), Err("42501".into()), "another organisation's beställare neither");
    let mut anna = city.db.connect_as(&city.anna);
    assert_eq!(try_exec(&mut anna, &insert), Ok(1));

    let mut lisa = city.db.connect_as(&city.lisa);
    let seen: i64 = lisa.query_one("SELECT count(*) FROM harvest_decision", &[]).unwrap().get(0);
    assert_eq!(seen, 1, "a läsare of A reads A's decisions");
    assert_eq!(try_exec(&mut lisa, "UPDATE harvest_decision SET comment = 'x'"), Ok(0));
    assert_eq!(try_exec(&mut rolf, "DELETE FROM harvest_decision"), Ok(0));
    let seen: i64 = bo.query_one("SELECT count(*) FROM harvest_decision", &[]).unwrap().get(0);
    assert_eq!(seen, 0, "B's beställare does not read A's decisions");
    let mut stina = city.db.connect_as(&city.stina);
    let seen: i64 = stina.query_one("SELECT count(*) FROM harvest_decision", &[]).unwrap().get(0);
    assert_eq!(seen, 1, "the city-wide reader reads them");
    assert_eq!(try_exec(&mut anna, "UPDATE harvest_decision SET comment = 'Genomförs i januari'"), Ok(1));
    assert_eq!(city.count("SELECT count(*) FROM harvest_decision WHERE comment = 'Genomförs i januari'"), 1);
}
