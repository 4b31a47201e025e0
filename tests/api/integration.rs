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

// ---- Staff and teams, job-title roles, leavers, batches ----

/// The council's services, teams and people under CMS references, an administrator, and a
/// token with every write scope.
async fn cms_all(t: &Loop) -> (qa_tests::TestUser, String) {
    reference_unit(t, &t.c.service_one, "S1");
    reference_unit(t, &t.c.service_two, "S2");
    reference_unit(t, &t.c.team_one, "T1");
    reference_unit(t, &t.c.team_three, "T3");
    reference_person(t, &t.c.practitioner.id, "W1");
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    let token = crate::service_accounts::service_token(
        &t.app,
        &admin,
        &["cases:write", "staff:write", "teams:write"],
    )
    .await;
    (admin, token)
}

fn team(name: &str, service: &str) -> Value {
    json!({"name": name, "service_ref": service})
}

fn person(email: &str, name: &str, team: &str, title: Option<&str>) -> Value {
    let mut body = json!({"email": email, "display_name": name, "team_ref": team});
    if let Some(title) = title {
        body["job_title"] = json!(title);
    }
    body
}

fn units_with_ref(t: &Loop, reference: &str) -> i64 {
    use qa_api::db::schema::org_units;
    t.app.with_db(|conn| {
        org_units::table
            .filter(org_units::external_ref.eq(reference))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

fn people_with_ref(t: &Loop, reference: &str) -> i64 {
    use qa_api::db::schema::users;
    t.app.with_db(|conn| {
        users::table
            .filter(users::external_ref.eq(reference))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

async fn map_title(t: &Loop, admin: &qa_tests::TestUser, title: &str, role: &str) {
    t.app
        .post(
            "/api/v1/job-title-roles",
            Some(&admin.token),
            &json!({"job_title": title, "role": role}),
        )
        .await
        .expect(201);
}

#[both_backends]
async fn a_team_is_created_once_a_repeat_changes_nothing_and_a_change_is_a_new_version(
    backend: Backend,
) {
    let t = setup(backend).await;
    let (admin, token) = cms_all(&t).await;
    let path = "/api/v1/integration/teams/T-NEW";
    let first = t.app.put(path, Some(&token), &team("Hub", "S1")).await;
    first.expect(201);
    assert_eq!(first.body["version"], 1);
    assert_eq!(first.body["service_id"], t.c.service_one.as_str());
    assert_eq!(first.body["active"], true);
    let unit = t
        .app
        .get(
            first.header("location").unwrap().as_str(),
            Some(&admin.token),
        )
        .await;
    unit.expect(200);
    assert_eq!(unit.body["kind"], "team");
    assert_eq!(unit.body["external_ref"], "T-NEW");
    let again = t.app.put(path, Some(&token), &team("Hub", "S1")).await;
    again.expect(200);
    assert_eq!(again.text, first.text, "the same body, the same version");
    let mut closed = team("Hub East", "S2");
    closed["active"] = json!(false);
    let changed = t.app.put(path, Some(&token), &closed).await;
    changed.expect(200);
    assert_eq!(changed.body["version"], 2);
    assert_eq!(changed.body["name"], "Hub East");
    assert_eq!(changed.body["service_id"], t.c.service_two.as_str());
    assert_eq!(changed.body["active"], false);
    assert_eq!(units_with_ref(&t, "T-NEW"), 1);
}

#[both_backends]
async fn a_team_under_an_unknown_service_is_refused_naming_service_ref(backend: Backend) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    // S9 names nothing; T3 names a team, not a service.
    for service in ["S9", "T3"] {
        let refused = t
            .app
            .put(
                "/api/v1/integration/teams/T-BAD",
                Some(&token),
                &team("Hub", service),
            )
            .await;
        refused.expect_problem(422);
        assert_eq!(refused.error_fields(), vec!["service_ref"]);
    }
    assert_eq!(units_with_ref(&t, "T-BAD"), 0, "nothing written");
}

#[both_backends]
async fn a_new_person_gets_the_roles_of_their_mapped_job_title(backend: Backend) {
    let t = setup(backend).await;
    let (admin, token) = cms_all(&t).await;
    map_title(&t, &admin, "Senior Social Worker", "practitioner").await;
    let created = t
        .app
        .put(
            "/api/v1/integration/staff/P-1",
            Some(&token),
            &person(
                "New.Worker@example.test",
                "New Worker",
                "T1",
                Some(" senior  social worker"),
            ),
        )
        .await;
    created.expect(201);
    assert_eq!(created.body["roles"], json!(["practitioner"]));
    assert_eq!(created.body["email"], "new.worker@example.test");
    assert_eq!(created.body["team_id"], t.c.team_one.as_str());
    assert_eq!(created.body["active"], true);
    assert_eq!(created.body["open_actions"], json!([]));
    let again = t
        .app
        .put(
            "/api/v1/integration/staff/P-1",
            Some(&token),
            &person(
                "new.worker@example.test",
                "New Worker",
                "T1",
                Some("Senior Social Worker"),
            ),
        )
        .await;
    again.expect(200);
    assert_eq!(again.text, created.text, "the same body, the same version");
}

#[both_backends]
async fn a_new_person_with_an_unmapped_job_title_gets_no_roles(backend: Backend) {
    let t = setup(backend).await;
    let (admin, token) = cms_all(&t).await;
    map_title(&t, &admin, "Team Manager", "team_manager").await;
    for (reference, title) in [("P-2", Some("Family Support Worker")), ("P-3", None)] {
        let created = t
            .app
            .put(
                &format!("/api/v1/integration/staff/{reference}"),
                Some(&token),
                &person(&format!("{reference}@example.test"), "Someone", "T1", title),
            )
            .await;
        created.expect(201);
        assert_eq!(created.body["roles"], json!([]), "{reference}");
    }
}

#[both_backends]
async fn an_existing_persons_roles_are_never_changed_by_an_upsert(backend: Backend) {
    let t = setup(backend).await;
    let (admin, token) = cms_all(&t).await;
    map_title(&t, &admin, "Head of Service", "head_of_service").await;
    reference_person(&t, &t.c.team_manager.id, "M1");
    let changed = t
        .app
        .put(
            "/api/v1/integration/staff/M1",
            Some(&token),
            &person(
                &t.c.team_manager.email,
                "Renamed Manager",
                "T3",
                Some("Head of Service"),
            ),
        )
        .await;
    changed.expect(200);
    assert_eq!(changed.body["version"], 2);
    assert_eq!(changed.body["display_name"], "Renamed Manager");
    assert_eq!(changed.body["team_id"], t.c.team_three.as_str());
    assert_eq!(changed.body["roles"], json!(["team_manager"]));
}

#[both_backends]
async fn a_job_title_cannot_give_admin_dpo_or_a_qa_role(backend: Backend) {
    let t = setup(backend).await;
    let (admin, _) = cms_all(&t).await;
    for role in [
        "admin",
        "dpo",
        "qa_officer",
        "senior_leader",
        "principal_social_worker",
    ] {
        let refused = t
            .app
            .post(
                "/api/v1/job-title-roles",
                Some(&admin.token),
                &json!({"job_title": "Anything", "role": role}),
            )
            .await;
        refused.expect_problem(422);
        assert_eq!(refused.error_fields(), vec!["role"], "{role}");
    }
    let list = t
        .app
        .get("/api/v1/job-title-roles", Some(&admin.token))
        .await;
    list.expect(200);
    assert_eq!(list.body["items"], json!([]));
    // A mapping can be removed, and the same title and role is mapped only once.
    map_title(&t, &admin, "Social Worker", "practitioner").await;
    t.app
        .post(
            "/api/v1/job-title-roles",
            Some(&admin.token),
            &json!({"job_title": "SOCIAL WORKER", "role": "practitioner"}),
        )
        .await
        .expect_problem(409);
    let list = t
        .app
        .get("/api/v1/job-title-roles", Some(&admin.token))
        .await;
    let id = list.body["items"][0]["id"].as_str().unwrap().to_string();
    t.app
        .send(t.app.request(
            reqwest::Method::DELETE,
            &format!("/api/v1/job-title-roles/{id}"),
            Some(&admin.token),
        ))
        .await
        .expect(204);
}

#[both_backends]
async fn an_email_in_use_by_another_person_is_refused_naming_email(backend: Backend) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    let refused = t
        .app
        .put(
            "/api/v1/integration/staff/P-4",
            Some(&token),
            &person(&t.c.colleague.email, "Someone Else", "T1", None),
        )
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["email"]);
    assert_eq!(people_with_ref(&t, "P-4"), 0, "nothing written");
}

/// An action of team one owned by `owner`, open, due on `due_on`; returns its id.
fn owned_action(t: &Loop, owner: &str, status: &str, due_on: &str) -> String {
    use qa_api::db::schema::{action_plans, actions};
    let plan = uuid::Uuid::now_v7().to_string();
    let action = uuid::Uuid::now_v7().to_string();
    let now = qa_api::dates::now_utc();
    let due = qa_api::dates::parse_date(due_on).unwrap();
    t.app.with_db(|conn| {
        diesel::insert_into(action_plans::table)
            .values((
                action_plans::id.eq(&plan),
                action_plans::source.eq("inspection"),
                action_plans::title.eq("Plan"),
                action_plans::team_id.eq(&t.c.team_one),
                action_plans::status.eq("open"),
                action_plans::version.eq(1),
                action_plans::created_at.eq(now),
                action_plans::updated_at.eq(now),
            ))
            .execute(conn)
            .unwrap();
        diesel::insert_into(actions::table)
            .values((
                actions::id.eq(&action),
                actions::plan_id.eq(&plan),
                actions::team_id.eq(&t.c.team_one),
                actions::description.eq("Narrative the CMS must not read"),
                actions::owner_id.eq(owner),
                actions::due_on.eq(due),
                actions::kind.eq("practice_development"),
                actions::status.eq(status),
                actions::version.eq(1),
                actions::created_at.eq(now),
                actions::updated_at.eq(now),
            ))
            .execute(conn)
            .unwrap();
    });
    action
}

#[both_backends]
async fn a_leaver_is_deactivated_their_open_actions_listed_and_their_session_refused(
    backend: Backend,
) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    let worker = &t.c.practitioner;
    let later = owned_action(&t, &worker.id, "in_progress", "2031-02-01");
    let sooner = owned_action(&t, &worker.id, "open", "2030-01-01");
    owned_action(&t, &worker.id, "completed", "2029-01-01");
    t.app
        .get("/api/v1/me", Some(&worker.token))
        .await
        .expect(200);
    let mut leaving = person(&worker.email, "Pat Worker", "T1", None);
    leaving["active"] = json!(false);
    let left = t
        .app
        .put("/api/v1/integration/staff/W1", Some(&token), &leaving)
        .await;
    left.expect(200);
    assert_eq!(left.body["active"], false);
    let listed: Vec<&str> = left.body["open_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![sooner.as_str(), later.as_str()]);
    assert_eq!(left.body["open_actions"][0]["due_on"], "2030-01-01");
    assert!(
        !left.text.contains("Narrative"),
        "no action narrative for a service account"
    );
    t.app
        .get("/api/v1/me", Some(&worker.token))
        .await
        .expect_problem(401);
    // The leaver sent again: nothing changes, and the actions are still listed.
    let again = t
        .app
        .put("/api/v1/integration/staff/W1", Some(&token), &leaving)
        .await;
    again.expect(200);
    assert_eq!(again.body["version"], left.body["version"]);
    assert_eq!(again.body["open_actions"], left.body["open_actions"]);
}

#[both_backends]
async fn a_batch_answers_each_item_in_order_and_writes_the_good_ones(backend: Backend) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    let mut good = case("W1", "T1");
    good["external_ref"] = json!("B-1");
    let mut bad_team = case("W1", "T9");
    bad_team["external_ref"] = json!("B-2");
    let mut good_too = case("W1", "T1");
    good_too["external_ref"] = json!("B-3");
    let no_ref = case("W1", "T1");
    let answer = t
        .app
        .post(
            "/api/v1/integration/cases:batch",
            Some(&token),
            &json!({"items": [good, bad_team, good_too, no_ref]}),
        )
        .await;
    answer.expect(200);
    let results = answer.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let statuses: Vec<(u64, &str)> = results
        .iter()
        .map(|r| {
            (
                r["status"].as_u64().unwrap(),
                r["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (201, "created"),
            (422, "refused"),
            (201, "created"),
            (422, "refused")
        ]
    );
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result["index"], index);
    }
    assert_eq!(results[1]["external_ref"], "B-2");
    assert_eq!(results[1]["problem"]["status"], 422);
    assert_eq!(results[1]["problem"]["errors"][0]["field"], "team_ref");
    assert_eq!(results[3]["problem"]["errors"][0]["field"], "external_ref");
    assert_eq!(results[0]["version"], 1);
    assert_eq!(cases_with_ref(&t, "B-1"), 1);
    assert_eq!(cases_with_ref(&t, "B-2"), 0);
    assert_eq!(cases_with_ref(&t, "B-3"), 1);
    // Staff and teams batches answer the same way, naming their own fields.
    let answer = t
        .app
        .post(
            "/api/v1/integration/teams:batch",
            Some(&token),
            &json!({"items": [
                {"external_ref": "BT-1", "name": "Hub", "service_ref": "S1"},
                {"external_ref": "BT-2", "name": "Hub", "service_ref": "S9"},
            ]}),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.body["results"][0]["outcome"], "created");
    assert_eq!(
        answer.body["results"][1]["problem"]["errors"][0]["field"],
        "service_ref"
    );
    let answer = t
        .app
        .post(
            "/api/v1/integration/staff:batch",
            Some(&token),
            &json!({"items": [
                {"external_ref": "BP-1", "email": "bp1@example.test", "display_name": "B P", "team_ref": "BT-1"},
                {"external_ref": "BP-2", "email": "bp2@example.test", "display_name": "B Q", "team_ref": "T9"},
                {"external_ref": "BP-3", "email": "not an email", "display_name": "B R", "team_ref": "T1"},
            ]}),
        )
        .await;
    answer.expect(200);
    let results = answer.body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], 201);
    assert_eq!(results[1]["problem"]["errors"][0]["field"], "team_ref");
    assert_eq!(results[2]["problem"]["errors"][0]["field"], "email");
    assert_eq!(people_with_ref(&t, "BP-1"), 1);
    assert_eq!(people_with_ref(&t, "BP-2"), 0);
}

#[both_backends]
async fn a_batch_of_more_than_1000_items_is_refused_naming_items_and_nothing_written(
    backend: Backend,
) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    let items: Vec<Value> = (0..1001)
        .map(|n| {
            let mut item = case("W1", "T1");
            item["external_ref"] = json!(format!("MANY-{n}"));
            item
        })
        .collect();
    let refused = t
        .app
        .post(
            "/api/v1/integration/cases:batch",
            Some(&token),
            &json!({ "items": items }),
        )
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["items"]);
    assert_eq!(cases_with_ref(&t, "MANY-0"), 0, "nothing written");
    t.app
        .post(
            "/api/v1/integration/teams:batch",
            Some(&token),
            &json!({ "items": [] }),
        )
        .await
        .expect_problem(422);
}

#[both_backends]
async fn a_repeated_batch_is_all_unchanged_with_the_same_versions(backend: Backend) {
    let t = setup(backend).await;
    let (_, token) = cms_all(&t).await;
    let items: Vec<Value> = (0..5)
        .map(|n| {
            let mut item = case("W1", "T1");
            item["external_ref"] = json!(format!("R-{n}"));
            item
        })
        .collect();
    let body = json!({ "items": items });
    let first = t
        .app
        .post("/api/v1/integration/cases:batch", Some(&token), &body)
        .await;
    first.expect(200);
    let second = t
        .app
        .post("/api/v1/integration/cases:batch", Some(&token), &body)
        .await;
    second.expect(200);
    let firsts = first.body["results"].as_array().unwrap();
    let seconds = second.body["results"].as_array().unwrap();
    assert_eq!(seconds.len(), 5);
    for (a, b) in firsts.iter().zip(seconds) {
        assert_eq!(a["outcome"], "created");
        assert_eq!(b["outcome"], "unchanged");
        assert_eq!(b["status"], 200);
        assert_eq!(a["id"], b["id"]);
        assert_eq!(a["version"], b["version"]);
    }
}

#[both_backends]
async fn only_service_accounts_with_the_scope_upsert_staff_and_teams(backend: Backend) {
    let t = setup(backend).await;
    cms_all(&t).await;
    let admin = t.app.create_user("Second Admin", &["admin"], None);
    let cases_only = crate::service_accounts::service_token(&t.app, &admin, &["cases:write"]).await;
    t.app
        .put(
            "/api/v1/integration/teams/T-X",
            Some(&cases_only),
            &team("Hub", "S1"),
        )
        .await
        .expect_problem(403);
    t.app
        .put(
            "/api/v1/integration/staff/P-X",
            Some(&cases_only),
            &person("px@example.test", "P X", "T1", None),
        )
        .await
        .expect_problem(403);
    t.app
        .post(
            "/api/v1/integration/staff:batch",
            Some(&cases_only),
            &json!({"items": [{"external_ref": "P-X", "email": "px@example.test", "display_name": "P X", "team_ref": "T1"}]}),
        )
        .await
        .expect_problem(403);
    assert_eq!(units_with_ref(&t, "T-X"), 0);
    assert_eq!(people_with_ref(&t, "P-X"), 0);
}

#[both_backends]
async fn an_administrator_gives_a_service_its_cms_reference_once(backend: Backend) {
    let t = setup(backend).await;
    let (admin, token) = cms_all(&t).await;
    let path = format!("/api/v1/org-units/{}", t.c.service_two);
    let unit = t.app.get(&path, Some(&admin.token)).await;
    let etag = unit.header("etag").unwrap();
    // S1 is service one's already.
    let taken = t
        .app
        .patch(
            &path,
            Some(&admin.token),
            Some(&etag),
            &json!({"external_ref": "S1"}),
        )
        .await;
    taken.expect_problem(422);
    assert_eq!(taken.error_fields(), vec!["external_ref"]);
    let given = t
        .app
        .patch(
            &path,
            Some(&admin.token),
            Some(&etag),
            &json!({"external_ref": "SVC-TWO"}),
        )
        .await;
    given.expect(200);
    assert_eq!(given.body["external_ref"], "SVC-TWO");
    t.app
        .put(
            "/api/v1/integration/teams/T-UNDER-TWO",
            Some(&token),
            &team("Hub", "SVC-TWO"),
        )
        .await
        .expect(201);
}
