//! The rights on what migrations 0005–0007 and 0009 added (docs/delat-register.md, "Användare och
//! roller"), tested from outside the app with plain SQL as the people of rights.rs: cost rows
//! and running-cost years, the register's lists and settings, and the annual analysis's
//! texts. A change to a row one may not see changes nothing (checked as the owner); a new row
//! one may not write is refused.

use nytta::store::postgres::{self as shared, MemberRole};

use super::rights::{city, try_exec, City};

/// Rut, administrator of the whole register (no organisation).
fn with_register_administrator(city: &mut City) -> String {
    let rut = city.db.person("rut");
    shared::grant(&mut city.db.as_owner(), &rut, None, MemberRole::Registeradministrator).unwrap();
    rut
}

fn cost_row(initiative: i64, cost_type: &str, kind: &str, hourly_rate: &str) -> String {
    format!(
        "INSERT INTO cost_year (initiative_id, year, cost_type, kind, budget, hours, hourly_rate)
         VALUES ({initiative}, 2026, '{cost_type}', '{kind}', 120000, 100, {hourly_rate})"
    )
}

#[test]
fn a_registrerare_writes_the_cost_rows_of_their_organisations_initiatives_only() {
    let Some(city) = city() else { return };
    let (a, b) = (city.initiative_a, city.initiative_b);
    city.db.as_owner().batch_execute(&cost_row(b, "extern", "utveckling", "NULL")).unwrap();

    let mut rolf = city.db.connect_as(&city.rolf);
    assert_eq!(try_exec(&mut rolf, &cost_row(a, "intern", "forvaltning", "650")), Ok(1));
    // The same year, type and kind once; the other kind is another row.
    assert_eq!(try_exec(&mut rolf, &cost_row(a, "intern", "forvaltning", "650")), Err("23505".into()));
    assert_eq!(try_exec(&mut rolf, &cost_row(a, "intern", "utveckling", "650")), Ok(1));
    // An hourly rate belongs to internal rows, and every row says its kind.
    assert_eq!(try_exec(&mut rolf, &cost_row(a, "extern", "forvaltning", "650")), Err("23514".into()));
    assert_eq!(
        try_exec(&mut rolf, &format!("INSERT INTO cost_year (initiative_id, year, cost_type) VALUES ({a}, 2027, 'extern')")),
        Err("23502".into())
    );
    // B's costs are out of his reach.
    assert_eq!(try_exec(&mut rolf, &cost_row(b, "intern", "forvaltning", "650")), Err("42501".into()));
    assert_eq!(try_exec(&mut rolf, &format!("UPDATE cost_year SET budget = 1 WHERE initiative_id = {b}")), Ok(0));
    assert_eq!(try_exec(&mut rolf, &format!("DELETE FROM cost_year WHERE initiative_id = {b}")), Ok(0));

    // A läsare and a beställare of A record no cost.
    for person in [&city.lisa, &city.anna] {
        let mut client = city.db.connect_as(person);
        assert_eq!(try_exec(&mut client, &cost_row(a, "extern", "forvaltning", "NULL")), Err("42501".into()), "{person}");
        assert_eq!(try_exec(&mut client, &format!("UPDATE cost_year SET budget = 1 WHERE initiative_id = {a}")), Ok(0));
        assert_eq!(try_exec(&mut client, &format!("DELETE FROM cost_year WHERE initiative_id = {a}")), Ok(0));
    }
    // The city-wide reader reads every cost row and changes none.
    let mut stina = city.db.connect_as(&city.stina);
    let seen: i64 = stina.query_one("SELECT count(*) FROM cost_year", &[]).unwrap().get(0);
    assert_eq!(seen, 3);
    assert_eq!(try_exec(&mut stina, "UPDATE cost_year SET budget = 1"), Ok(0));
    assert_eq!(try_exec(&mut stina, "DELETE FROM cost_year"), Ok(0));

    assert_eq!(city.count(&format!("SELECT count(*) FROM cost_year WHERE initiative_id = {a}")), 2);
    assert_eq!(city.count(&format!("SELECT count(*) FROM cost_year WHERE initiative_id = {b} AND budget = 120000")), 1);
    assert_eq!(city.count("SELECT count(*) FROM cost_year WHERE budget = 1"), 0);
}

#[test]
fn running_cost_years_are_the_initiatives_fields_written_by_its_bestallare() {
    let Some(city) = city() else { return };
    let (a, b) = (city.initiative_a, city.initiative_b);
    let year = |initiative: i64, year: i32| {
        format!("INSERT INTO running_cost_year (initiative_id, year, amount) VALUES ({initiative}, {year}, 450000)")
    };
    let mut anna = city.db.connect_as(&city.anna);
    assert_eq!(try_exec(&mut anna, &year(a, 2026)), Ok(1));
    // Saving the initiative replaces its years, as the store does.
    assert_eq!(try_exec(&mut anna, &format!("DELETE FROM running_cost_year WHERE initiative_id = {a}")), Ok(1));
    assert_eq!(try_exec(&mut anna, &year(a, 2026)), Ok(1));
    assert_eq!(try_exec(&mut anna, &year(a, 2027)), Ok(1));
    assert_eq!(try_exec(&mut anna, &year(b, 2026)), Err("42501".into()));

    // A registrerare, who records costs but edits no initiative, does not write them; nor does
    // a läsare.
    for person in [&city.rolf, &city.lisa] {
        let mut client = city.db.connect_as(person);
        assert_eq!(try_exec(&mut client, &year(a, 2028)), Err("42501".into()), "{person}");
        assert_eq!(try_exec(&mut client, &format!("UPDATE running_cost_year SET amount = 0 WHERE initiative_id = {a}")), Ok(0));
        assert_eq!(try_exec(&mut client, &format!("DELETE FROM running_cost_year WHERE initiative_id = {a}")), Ok(0));
        let seen: i64 = client.query_one("SELECT count(*) FROM running_cost_year", &[]).unwrap().get(0);
        assert_eq!(seen, 2, "{person} reads them with the initiative");
    }
    // Bo in B neither sees nor touches A's; the city-wide reader sees and keeps them.
    let mut bo = city.db.connect_as(&city.bo);
    let seen: i64 = bo.query_one("SELECT count(*) FROM running_cost_year", &[]).unwrap().get(0);
    assert_eq!(seen, 0);
    assert_eq!(try_exec(&mut bo, "DELETE FROM running_cost_year"), Ok(0));
    let mut stina = city.db.connect_as(&city.stina);
    let seen: i64 = stina.query_one("SELECT count(*) FROM running_cost_year", &[]).unwrap().get(0);
    assert_eq!(seen, 2);
    assert_eq!(try_exec(&mut stina, "UPDATE running_cost_year SET amount = 0"), Ok(0));

    assert_eq!(city.count(&format!("SELECT count(*) FROM running_cost_year WHERE initiative_id = {a} AND amount = 450000")), 2);
    assert_eq!(city.count("SELECT count(*) FROM running_cost_year"), 2);
}

#[test]
fn only_the_suppliers_administrator_keeps_its_base_services_and_every_member_reads_them() {
    let Some(mut city) = city() else { return };
    let rut = with_register_administrator(&mut city);
    let service = |org: i64, name: &str| format!("INSERT INTO base_service (organisation_id, name) VALUES ({org}, '{name}')");

    let mut adam = city.db.connect_as(&city.adam);
    assert_eq!(try_exec(&mut adam, &service(city.a, "Öppna data")), Ok(1));
    assert_eq!(try_exec(&mut adam, &service(city.a, "Öppna data")), Err("23505".into()));
    assert_eq!(try_exec(&mut adam, &service(city.a, " ")), Err("23514".into()));
    assert_eq!(try_exec(&mut adam, &service(city.b, "Hemtjänst")), Err("42501".into()));
    // The register-wide administrator keeps every supplier's list.
    let mut rut_client = city.db.connect_as(&rut);
    assert_eq!(try_exec(&mut rut_client, &service(city.b, "Hemtjänst")), Ok(1));
    // A beställare or registrerare of the supplier adds nothing to its list.
    for person in [&city.anna, &city.rolf] {
        let mut client = city.db.connect_as(person);
        assert_eq!(try_exec(&mut client, &service(city.a, "Kontaktcenter")), Err("42501".into()), "{person}");
        assert_eq!(try_exec(&mut client, "UPDATE base_service SET name = 'x'"), Ok(0));
    }
    // Every member reads every list (an initiative of any supplier names from them).
    for person in [&city.lisa, &city.bo, &city.stina] {
        let seen: i64 = city.db.connect_as(person).query_one("SELECT count(*) FROM base_service", &[]).unwrap().get(0);
        assert_eq!(seen, 2, "{person}");
    }
    // Adam renames and retires A's entries, not B's; and nobody deletes one.
    assert_eq!(try_exec(&mut adam, &format!("UPDATE base_service SET retired = true WHERE organisation_id = {}", city.a)), Ok(1));
    assert_eq!(try_exec(&mut adam, &format!("UPDATE base_service SET name = 'x' WHERE organisation_id = {}", city.b)), Ok(0));
    assert_eq!(try_exec(&mut adam, "DELETE FROM base_service"), Ok(0));
    assert_eq!(try_exec(&mut rut_client, "DELETE FROM base_service"), Ok(0));
    let mut stina = city.db.connect_as(&city.stina);
    assert_eq!(try_exec(&mut stina, "UPDATE base_service SET retired = false"), Ok(0));
    assert_eq!(try_exec(&mut stina, &service(city.a, "Kontaktcenter")), Err("42501".into()));

    assert_eq!(city.count("SELECT count(*) FROM base_service"), 2);
    assert_eq!(city.count("SELECT count(*) FROM base_service WHERE retired"), 1);
    assert_eq!(city.count("SELECT count(*) FROM base_service WHERE name = 'Hemtjänst'"), 1);
}

#[test]
fn goal_areas_are_the_registers_and_an_initiatives_links_follow_its_bestallare() {
    let Some(mut city) = city() else { return };
    let rut = with_register_administrator(&mut city);
    let (a, b) = (city.initiative_a, city.initiative_b);
    let area = |name: &str| format!("INSERT INTO goal_area (name) VALUES ('{name}') RETURNING id");

    // An organisation's administrator keeps no register-wide list; the register's does.
    let mut adam = city.db.connect_as(&city.adam);
    assert_eq!(try_exec(&mut adam, &area("Digital förvaltning")), Err("42501".into()));
    let mut rut_client = city.db.connect_as(&rut);
    let goal: i64 = rut_client.query_one(&area("Digital förvaltning"), &[]).unwrap().get(0);
    let other: i64 = rut_client.query_one(&area("Agenda 2030"), &[]).unwrap().get(0);
    assert_eq!(try_exec(&mut adam, "UPDATE goal_area SET retired = true"), Ok(0));
    assert_eq!(try_exec(&mut rut_client, &format!("UPDATE goal_area SET retired = true WHERE id = {other}")), Ok(1));
    assert_eq!(try_exec(&mut rut_client, "DELETE FROM goal_area"), Ok(0));

    let link = |initiative: i64, goal: i64| format!("INSERT INTO initiative_goal_area VALUES ({initiative}, {goal})");
    let mut anna = city.db.connect_as(&city.anna);
    let seen: i64 = anna.query_one("SELECT count(*) FROM goal_area", &[]).unwrap().get(0);
    assert_eq!(seen, 2, "every member reads the goal areas");
    assert_eq!(try_exec(&mut anna, &link(a, goal)), Ok(1));
    assert_eq!(try_exec(&mut anna, &link(b, goal)), Err("42501".into()));
    for person in [&city.rolf, &city.lisa, &city.stina] {
        let mut client = city.db.connect_as(person);
        assert_eq!(try_exec(&mut client, &link(a, other)), Err("42501".into()), "{person}");
        assert_eq!(try_exec(&mut client, "DELETE FROM initiative_goal_area"), Ok(0), "{person}");
        let seen: i64 = client.query_one("SELECT count(*) FROM initiative_goal_area", &[]).unwrap().get(0);
        assert_eq!(seen, 1, "{person} reads the link with the initiative");
    }
    let seen: i64 = city.db.connect_as(&city.bo).query_one("SELECT count(*) FROM initiative_goal_area", &[]).unwrap().get(0);
    assert_eq!(seen, 0, "B's people do not see A's initiative's links");

    assert_eq!(city.count("SELECT count(*) FROM goal_area"), 2);
    assert_eq!(city.count("SELECT count(*) FROM goal_area WHERE retired"), 1);
    assert_eq!(city.count(&format!("SELECT count(*) FROM initiative_goal_area WHERE initiative_id = {a}")), 1);
    assert_eq!(city.count("SELECT count(*) FROM initiative_goal_area"), 1);
}

#[test]
fn an_organisations_administrator_sets_its_own_settings_and_the_registers_administrator_the_rest() {
    let Some(mut city) = city() else { return };
    let rut = with_register_administrator(&mut city);
    let settings = |org: i64| {
        format!(
            "UPDATE organisation SET governing_body = 'förvaltningens digitaliseringsråd', reporting_period = 'manad',
                 settings_row_version = settings_row_version + 1 WHERE id = {org}"
        )
    };
    let mut adam = city.db.connect_as(&city.adam);
    assert_eq!(try_exec(&mut adam, &settings(city.a)), Ok(1));
    assert_eq!(try_exec(&mut adam, &settings(city.b)), Ok(0));
    // The organisation's name and kind are not his to change, and he is told so in Swedish.
    let refused = adam.execute(&format!("UPDATE organisation SET name = 'Kapad' WHERE id = {}", city.a), &[]).unwrap_err();
    assert_eq!(refused.code().map(|c| c.code()), Some("42501"));
    assert!(refused.as_db_error().unwrap().message().contains("registeradministratör för hela registret"), "{refused}");
    assert_eq!(
        try_exec(&mut adam, &format!("UPDATE organisation SET kind = 'bolag', reporting_period = NULL WHERE id = {}", city.a)),
        Err("42501".into())
    );
    // Others of A change no settings.
    for person in [&city.anna, &city.rolf, &city.lisa, &city.stina] {
        assert_eq!(try_exec(&mut city.db.connect_as(person), &settings(city.a)), Ok(0), "{person}");
    }
    // The register-wide administrator changes any organisation, and the register's settings,
    // which no organisation's administrator does.
    let mut rut_client = city.db.connect_as(&rut);
    assert_eq!(try_exec(&mut rut_client, &format!("UPDATE organisation SET name = name || ' (gamla)' WHERE id = {}", city.b)), Ok(1));
    assert_eq!(try_exec(&mut rut_client, &settings(city.b)), Ok(1));
    let register_setting = "INSERT INTO register_info (key, value) VALUES ('reporting_period', 'kvartal')";
    assert_eq!(try_exec(&mut adam, register_setting), Err("42501".into()));
    assert_eq!(try_exec(&mut rut_client, register_setting), Ok(1));
    let seen: i64 = city.db.connect_as(&city.lisa)
        .query_one("SELECT count(*) FROM register_info WHERE key = 'reporting_period'", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 1, "every member reads the register's settings");

    assert_eq!(
        city.count(&format!(
            "SELECT count(*) FROM organisation WHERE id = {} AND name = 'Stadsbyggnadsförvaltningen' AND kind = 'forvaltning'
               AND reporting_period = 'manad' AND settings_row_version = 2",
            city.a
        )),
        1
    );
    assert_eq!(city.count("SELECT count(*) FROM organisation WHERE name LIKE '%(gamla)'"), 1);
}

#[test]
fn the_supplier_writes_its_annual_analysis_and_whoever_reads_the_organisation_reads_it() {
    let Some(city) = city() else { return };
    let (a, b) = (city.a, city.b);
    let text = |org: i64, section: &str| {
        format!(
            "INSERT INTO annual_analysis_text (organisation_id, year, section, text, updated_at)
             VALUES ({org}, 2027, '{section}', 'Leverantörens analys', localtimestamp(0))
             ON CONFLICT (organisation_id, year, section)
             DO UPDATE SET text = excluded.text || ' (ändrad)', row_version = annual_analysis_text.row_version + 1,
                           updated_at = excluded.updated_at"
        )
    };
    let count = |client: &mut ::postgres::Client| -> i64 {
        client.query_one("SELECT count(*) FROM annual_analysis_text", &[]).unwrap().get(0)
    };

    // A's registrerare and beställare write A's analysis (the save is an upsert) …
    let mut rolf = city.db.connect_as(&city.rolf);
    let mut anna = city.db.connect_as(&city.anna);
    assert_eq!(try_exec(&mut rolf, &text(a, "3.1")), Ok(1));
    assert_eq!(try_exec(&mut anna, &text(a, "2.2")), Ok(1));
    assert_eq!(try_exec(&mut anna, &text(a, "3.1")), Ok(1));
    // … and with it its audit row, about no initiative.
    let audit = format!(
        "INSERT INTO audit_log (at, author, action, entity, entity_id) VALUES (localtimestamp(0), 'Rolf', 'ändrad', 'annual_analysis_text', {a})"
    );
    assert_eq!(try_exec(&mut rolf, &audit), Ok(1));
    // … but not B's.
    assert_eq!(try_exec(&mut rolf, &text(b, "3.1")), Err("42501".into()));
    assert_eq!(try_exec(&mut anna, &text(b, "1.1")), Err("42501".into()));

    // A läsare reads A's analysis and writes none of it, nor an audit row.
    let mut lisa = city.db.connect_as(&city.lisa);
    assert_eq!(count(&mut lisa), 2);
    assert_eq!(try_exec(&mut lisa, &text(a, "1.1")), Err("42501".into()));
    assert_eq!(try_exec(&mut lisa, "UPDATE annual_analysis_text SET text = 'x'"), Ok(0));
    assert_eq!(try_exec(&mut lisa, &audit), Err("42501".into()));

    // B writes its own and sees nothing of A's, even as a customer of A's initiative: the
    // texts are about A's whole portfolio.
    let mut bo = city.db.connect_as(&city.bo);
    assert_eq!(try_exec(&mut bo, &text(b, "1.1")), Ok(1));
    assert_eq!(try_exec(&mut anna, &format!("INSERT INTO initiative_customer VALUES ({}, {b})", city.initiative_a)), Ok(1));
    assert_eq!(count(&mut bo), 1);
    assert_eq!(try_exec(&mut bo, &format!("UPDATE annual_analysis_text SET text = 'x' WHERE organisation_id = {a}")), Ok(0));
    assert_eq!(try_exec(&mut bo, &format!("DELETE FROM annual_analysis_text WHERE organisation_id = {a}")), Ok(0));

    // The city-wide reader reads every supplier's analysis and writes none.
    let mut stina = city.db.connect_as(&city.stina);
    assert_eq!(count(&mut stina), 3);
    assert_eq!(try_exec(&mut stina, &text(a, "1.4")), Err("42501".into()));
    assert_eq!(try_exec(&mut stina, "UPDATE annual_analysis_text SET text = 'x'"), Ok(0));
    assert_eq!(try_exec(&mut stina, "DELETE FROM annual_analysis_text"), Ok(0));
    assert_eq!(try_exec(&mut stina, &audit), Err("42501".into()));

    assert_eq!(city.count("SELECT count(*) FROM annual_analysis_text"), 3);
    assert_eq!(city.count("SELECT count(*) FROM annual_analysis_text WHERE text = 'x'"), 0);
    assert_eq!(
        city.count(&format!(
            "SELECT count(*) FROM annual_analysis_text WHERE organisation_id = {a} AND section = '3.1'
               AND row_version = 2 AND text LIKE '%(ändrad)'"
        )),
        1
    );
}

#[test]
fn those_who_follow_an_initiative_up_write_about_its_deviations_and_its_readers_read_them() {
    let Some(city) = city() else { return };
    let (a, b) = (city.initiative_a, city.initiative_b);
    let note = |initiative: i64, code: &str| {
        format!(
            "INSERT INTO deviation_note (initiative_id, indicator_code, months_after_go_live, action, updated_by, created_at, updated_at)
             VALUES ({initiative}, '{code}', 6, 'Åtgärd', 'x', localtimestamp(0), localtimestamp(0))"
        )
    };
    let count = |client: &mut ::postgres::Client| -> i64 {
        client.query_one("SELECT count(*) FROM deviation_note", &[]).unwrap().get(0)
    };
    // A's registrerare, beställare and administrator write A's notes, and their audit rows.
    for (person, code) in [(&city.rolf, "R"), (&city.anna, "A"), (&city.adam, "D")] {
        let mut client = city.db.connect_as(person);
        assert_eq!(try_exec(&mut client, &note(a, code)), Ok(1), "{person}");
        assert_eq!(
            try_exec(&mut client, &format!(
                "INSERT INTO audit_log (at, author, action, entity, initiative_id) VALUES (localtimestamp(0), '{person}', 'skapad', 'deviation_note', {a})"
            )),
            Ok(1),
            "{person}"
        );
        assert_eq!(try_exec(&mut client, &note(b, code)), Err("42501".into()), "{person} on B");
    }
    // A läsare reads them and changes none.
    let mut lisa = city.db.connect_as(&city.lisa);
    assert_eq!(count(&mut lisa), 3);
    assert_eq!(try_exec(&mut lisa, &note(a, "L")), Err("42501".into()));
    assert_eq!(try_exec(&mut lisa, "UPDATE deviation_note SET action = 'x'"), Ok(0));
    assert_eq!(try_exec(&mut lisa, "DELETE FROM deviation_note"), Ok(0));
    // B's beställare sees none of A's; the city-wide reader sees all and writes none.
    let mut bo = city.db.connect_as(&city.bo);
    assert_eq!(count(&mut bo), 0);
    assert_eq!(try_exec(&mut bo, &note(b, "B")), Ok(1));
    let mut stina = city.db.connect_as(&city.stina);
    assert_eq!(count(&mut stina), 4);
    assert_eq!(try_exec(&mut stina, &note(a, "S")), Err("42501".into()));
    assert_eq!(try_exec(&mut stina, "UPDATE deviation_note SET action = 'x'"), Ok(0));
    assert_eq!(city.count("SELECT count(*) FROM deviation_note WHERE action = 'x'"), 0);
}
