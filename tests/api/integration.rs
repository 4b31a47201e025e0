//! The case management system's upserts by its own references: created once, a repeat
//! changes nothing, people and teams named by reference and checked like the registry checks
//! them, and a transfer moving the case's scope.

use diesel::prelude::*;
use qa_test_macros::both_backends;
use qa_tests::workflow::{id, setup, start, Loop};
use qa_tests::Backend;
use serde_json::{json, Value};

fn reference_unit(t: &Loop, unit: &str, reference: &str) {
    use qa_api::db::schema::org_units;
    t.app.with_db(|conn| {
        diesel::update(org_units::table.find(unit))
            .set(org_units::external_ref.eq(reference))
            .execute(conn)
            .unwrap();
    });
}

fn reference_person(t: &Loop, user: &str, reference: &str) {
    use qa_api::db::schema::users;
    t.app.with_db(|conn| {
        diesel::update(users::table.find(user))
            .set(users::external_ref.eq(reference))
            .execute(conn)
            .unwrap();
    });
}

/// The council's teams and practitioner under CMS references, and a token with `cases:write`.
async fn cms(t: &Loop) -> String {
    reference_unit(t, &t.c.team_one, "T1");
    reference_unit(t, &t.c.team_three, "T3");
    reference_person(t, &t.c.practitioner.id, "W1");
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    crate::service_accounts::service_token(&t.app, &admin, &["cases:write"]).await
}

fn case(worker: &str, team: &str) -> Value {
    json!({"display_name": "A.B.", "birth_month": "2015-04", "category": "child_in_need",
           "team_ref": team, "allocated_worker_ref": worker})
}

fn cases_with_ref(t: &Loop, reference: &str) -> i64 {
    use qa_api::db::schema::cases;
    t.app.with_db(|conn| {
        cases::table
            .filter(cases::external_ref.eq(reference))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

#[both_backends]
async fn a_case_is_created_once_and_a_repeat_changes_nothing(backend: Backend) {
    let t = setup(backend).await;
    let token = cms(&t).await;
    let path = "/api/v1/integration/cases/CMS-1001";
    let first = t.app.put(path, Some(&token), &case("W1", "T1")).await;
    first.expect(201);
    assert!(first.header("location").is_some());
    assert_eq!(first.body["version"], 1);
    assert_eq!(first.body["team_id"], t.c.team_one.as_str());
    assert_eq!(
        first.body["allocated_worker_id"],
        t.c.practitioner.id.as_str()
    );
    let again = t.app.put(path, Some(&token), &case("W1", "T1")).await;
    again.expect(200);
    assert_eq!(again.text, first.text, "the same body, the same version");
    assert_eq!(again.header("etag"), first.header("etag"));
    let mut renamed = case("W1", "T1");
    renamed["display_name"] = json!("A.C.");
    let changed = t.app.put(path, Some(&token), &renamed).await;
    changed.expect(200);
    assert_eq!(changed.body["version"], 2);
    assert_eq!(changed.body["display_name"], "A.C.");
    assert_eq!(cases_with_ref(&t, "CMS-1001"), 1);
    // The practitioner sees the case the CMS registered for them.
    t.app
        .get(
            &format!("/api/v1/cases/{}", id(&first)),
            Some(&t.c.practitioner.token),
        )
        .await
        .expect(200);
}

#[both_backends]
async fn unknown_or_uncovering_people_and_teams_fail_naming_the_field(backend: Backend) {
    let t = setup(backend).await;
    let token = cms(&t).await;
    let elsewhere = t
        .app
        .create_user("Other Worker", &["practitioner"], Some(&t.c.team_three));
    reference_person(&t, &elsewhere.id, "W3");
    for (body, field) in [
        (case("NOBODY", "T1"), "allocated_worker_ref"),
        (case("W3", "T1"), "allocated_worker_ref"),
        (case("W1", "T9"), "team_ref"),
        (
            json!({"display_name": "", "category": "child_in_need", "team_ref": "T1"}),
            "display_name",
        ),
        (
            json!({"display_name": "A", "category": "child_in_need", "team_ref": "T1",
                   "birth_month": "2015-13"}),
            "birth_month",
        ),
    ] {
        let refused = t
            .app
            .put("/api/v1/integration/cases/CMS-2002", Some(&token), &body)
            .await;
        refused.expect_problem(422);
        assert_eq!(refused.error_fields(), vec![field], "{body}");
    }
    assert_eq!(cases_with_ref(&t, "CMS-2002"), 0, "nothing written");
}

#[both_backends]
async fn a_transfer_moves_the_case_and_the_old_team_keeps_its_audits(backend: Backend) {
    let t = setup(backend).await;
    let token = cms(&t).await;
    let path = "/api/v1/integration/cases/CMS-3003";
    let created = t.app.put(path, Some(&token), &case("W1", "T1")).await;
    created.expect(201);
    let case_id = id(&created);
    let audit = id(start(&t.app, &t.c.team_manager, &case_id).await.expect(201));
    // The worker does not cover the new team: refused, and the case stays where it was.
    let refused = t.app.put(path, Some(&token), &case("W1", "T3")).await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["allocated_worker_ref"]);
    let new_worker = t
        .app
        .create_user("New Worker", &["practitioner"], Some(&t.c.team_three));
    reference_person(&t, &new_worker.id, "W3");
    let moved = t.app.put(path, Some(&token), &case("W3", "T3")).await;
    moved.expect(200);
    assert_eq!(moved.body["team_id"], t.c.team_three.as_str());
    let new_manager = t
        .app
        .create_user("New Manager", &["team_manager"], Some(&t.c.team_three));
    let case_path = format!("/api/v1/cases/{case_id}");
    t.app
        .get(&case_path, Some(&new_manager.token))
        .await
        .expect(200);
    t.app
        .get(&case_path, Some(&t.c.team_manager.token))
        .await
        .expect_problem(404);
    t.app
        .get(
            &format!("/api/v1/audits/{audit}"),
            Some(&t.c.team_manager.token),
        )
        .await
        .expect(200);
}

#[both_backends]
async fn only_service_accounts_with_cases_write_upsert_cases(backend: Backend) {
    let t = setup(backend).await;
    cms(&t).await;
    let admin = t.app.create_user("Second Admin", &["admin"], None);
    let reader = crate::service_accounts::service_token(&t.app, &admin, &["exports:read"]).await;
    let path = "/api/v1/integration/cases/CMS-4004";
    t.app
        .put(path, Some(&reader), &case("W1", "T1"))
        .await
        .expect_problem(403);
    t.app
        .put(path, Some(&t.qa.token), &case("W1", "T1"))
        .await
        .expect_problem(403);
    t.app
        .put(path, None, &case("W1", "T1"))
        .await
        .expect_problem(401);
    assert_eq!(cases_with_ref(&t, "CMS-4004"), 0);
}
