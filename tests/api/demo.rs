//! `qa-api seed-demo`: deterministic, refuses other people's data, and yields a living system.

use qa_api::demo::{seed, DemoOptions, DemoRefusal};
use qa_test_macros::both_backends;
use qa_tests::{spawn_app, Backend, TestApp};
use serde_json::json;

fn options() -> DemoOptions {
    DemoOptions {
        seed: 42,
        cases: 60,
        audits: 300,
        anchor: time::macros::date!(2026 - 11 - 25),
    }
}

fn fingerprint(app: &TestApp) -> Vec<(String, String, Option<String>)> {
    use diesel::prelude::*;
    use qa_api::db::schema::audits;
    app.with_db(|conn| {
        audits::table
            .order(audits::id.asc())
            .select((audits::id, audits::case_id, audits::overall_grade))
            .load(conn)
            .unwrap()
    })
}

#[both_backends]
async fn the_demo_council_is_the_same_for_the_same_seed(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_app(backend).await;
    let a = first
        .with_db(|conn| seed(conn, &options()))
        .expect("seeded");
    second
        .with_db(|conn| seed(conn, &options()))
        .expect("seeded");
    assert!(a.rows.contains(&("audits", 300)));
    let judgements = a
        .rows
        .iter()
        .find(|(t, _)| *t == "audit_judgements")
        .unwrap()
        .1;
    assert!(judgements > 2_500, "{judgements}");
    assert_eq!(fingerprint(&first), fingerprint(&second));
    // A second run on the same database adds nothing.
    assert!(matches!(
        first.with_db(|conn| seed(conn, &options())),
        Err(DemoRefusal::AlreadySeeded(60))
    ));
}

#[both_backends]
async fn seeding_refuses_a_database_with_other_case_records(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let refused = app.with_db(|conn| seed(conn, &options()));
    assert!(
        matches!(refused, Err(DemoRefusal::ForeignCases(4))),
        "{refused:?}"
    );
    let _ = c;
    assert!(fingerprint(&app).is_empty(), "nothing was written");
}

#[both_backends]
async fn demo_accounts_sign_in_and_see_their_team(backend: Backend) {
    let app = spawn_app(backend).await;
    let summary = app.with_db(|conn| seed(conn, &options())).expect("seeded");
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "manager.safeguarding-north@demo.test", "password": summary.password}),
        )
        .await;
    login.expect(200);
    let token = login.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(token)).await;
    let team = me.body["team_id"].as_str().unwrap().to_string();
    let audits = app
        .get(
            &format!("/api/v1/audits?team_id={team}&limit=50"),
            Some(token),
        )
        .await;
    audits.expect(200);
    let items = audits.body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|a| a["team_id"] == team.as_str()));
    let other = app.get("/api/v1/audits?limit=500", Some(token)).await;
    assert!(
        other.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["team_id"] == team.as_str()),
        "a manager sees only their team"
    );
    let one = app
        .get(
            &format!("/api/v1/audits/{}", items[0]["id"].as_str().unwrap()),
            Some(token),
        )
        .await;
    one.expect(200);
    assert!(!one.body["judgements"].as_array().unwrap().is_empty());
}
