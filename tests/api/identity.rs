//! Identity and access: sign-in, tokens, lockout, accounts, org units, cases and the access log.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use qa_test_macros::both_backends;
use qa_tests::workflow::{login, refresh, refresh_cookie};
use qa_tests::{spawn_app, Answer, Backend, TEST_JWT_SECRET, TEST_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

#[both_backends]
async fn signing_in_returns_a_token_and_a_strict_refresh_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    let answer = login(&app, &user.email.to_uppercase(), TEST_PASSWORD).await;
    answer.expect(200);
    assert_eq!(answer.body["token_type"], "Bearer");
    assert_eq!(answer.body["expires_in"], 900);
    let cookie = answer.header("set-cookie").expect("cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/api/v1/auth"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let token = answer.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(token)).await;
    me.expect(200);
    assert_eq!(me.body["email"], user.email);
    assert_eq!(me.body["roles"], json!(["practitioner"]));
    assert_eq!(me.body["case_scope"], "own");
}

#[both_backends]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    let wrong = login(&app, &user.email, "not the password at all").await;
    let unknown = login(&app, "nobody@example.test", "not the password at all").await;
    wrong.expect_problem(401);
    unknown.expect_problem(401);
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
    assert_eq!(wrong.body["type"], unknown.body["type"]);
}

#[both_backends]
async fn bad_bodies_get_the_right_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let malformed = app
        .send(
            app.request(Method::POST, "/api/v1/auth/login", None)
                .header("content-type", "application/json")
                .body("{\"email\": "),
        )
        .await;
    malformed.expect_problem(400);
    let wrong_type = app
        .send(
            app.request(Method::POST, "/api/v1/auth/login", None)
                .header("content-type", "text/plain")
                .body("hello"),
        )
        .await;
    wrong_type.expect_problem(415);
    let huge = app
        .send(
            app.request(Method::POST, "/api/v1/auth/login", None)
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"email\": \"{}\"}}",
                    "x".repeat(1024 * 1024 + 10)
                )),
        )
        .await;
    huge.expect_problem(413);
    let missing = app.post("/api/v1/auth/login", None, &json!({})).await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["email", "password"]);
    let mistyped = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": 5, "password": true}),
        )
        .await;
    mistyped.expect_problem(422);
    assert_eq!(mistyped.error_fields(), vec!["email", "password"]);
    // Valid JSON that PostgreSQL could not store: refused up front for every field, never a 500.
    let nul = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "a\u{0}b@example.test", "password": "x\u{0}"}),
        )
        .await;
    nul.expect_problem(422);
    assert_eq!(nul.error_fields(), vec!["email", "password"]);
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let unit = app
        .post(
            "/api/v1/org-units",
            Some(&admin.token),
            &json!({"name": "Team\u{0}", "kind": "directorate"}),
        )
        .await;
    unit.expect_problem(422);
    assert_eq!(unit.error_fields(), vec!["name"]);
    let qa = app.create_user("Quinn", &["qa_officer"], None);
    let filter = app
        .get("/api/v1/audits?overall_grade=good%00", Some(&qa.token))
        .await;
    filter.expect_problem(422);
    assert_eq!(filter.error_fields(), vec!["overall_grade"]);
    for answer in [&malformed, &wrong_type, &huge, &missing] {
        assert!(
            !answer.text.contains("diesel") && !answer.text.contains("/src/"),
            "{}",
            answer.text
        );
    }
}

#[both_backends]
async fn refresh_rotates_and_a_reused_token_revokes_the_family(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    let first = refresh_cookie(&login(&app, &user.email, TEST_PASSWORD).await);
    let rotated = refresh(&app, &first).await;
    rotated.expect(200);
    assert!(rotated.body["access_token"].is_string());
    let second = refresh_cookie(&rotated);
    assert_ne!(first, second);
    // The first token again: reuse. It fails, and so does the legitimate newer one.
    refresh(&app, &first).await.expect_problem(401);
    refresh(&app, &second).await.expect_problem(401);
    // No cookie at all.
    app.send(app.request(Method::POST, "/api/v1/auth/refresh", None))
        .await
        .expect_problem(401);
}

#[both_backends]
async fn signing_out_revokes_the_refresh_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    let token = refresh_cookie(&login(&app, &user.email, TEST_PASSWORD).await);
    let out = app
        .send(
            app.request(Method::POST, "/api/v1/auth/logout", None)
                .header("cookie", format!("qa_refresh={token}")),
        )
        .await;
    out.expect(204);
    assert!(out
        .header("set-cookie")
        .is_some_and(|c| c.contains("Max-Age=0")));
    refresh(&app, &token).await.expect_problem(401);
}

#[both_backends]
async fn ten_failures_lock_the_account_but_not_its_tokens(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    for _ in 0..10 {
        login(&app, &user.email, "wrong password, again")
            .await
            .expect(401);
    }
    let locked = login(&app, &user.email, TEST_PASSWORD).await;
    locked.expect_problem(429);
    let retry_after: u64 = locked
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    // A token issued before the lockout keeps working.
    app.get("/api/v1/me", Some(&user.token)).await.expect(200);
    // Another account is not affected.
    let other = app.create_user("Other", &["practitioner"], None);
    login(&app, &other.email, TEST_PASSWORD).await.expect(200);
}

#[both_backends]
async fn fifty_failures_from_one_address_lock_new_sign_ins(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    for n in 0..50 {
        login(
            &app,
            &format!("guess{n}@example.test"),
            "wrong password, again",
        )
        .await
        .expect(401);
    }
    let locked = login(&app, &user.email, TEST_PASSWORD).await;
    locked.expect_problem(429);
    assert!(locked.header("retry-after").is_some());
}

fn forge(claims: Value, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims_for(user_id: &str) -> Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    json!({"iss": "qa-platform", "aud": "qa-platform-api", "sub": user_id, "exp": now + 600,
           "iat": now, "nbf": now, "jti": uuid::Uuid::new_v4().to_string()})
}

#[both_backends]
async fn forged_and_stale_tokens_are_refused(backend: Backend) {
    use base64::Engine;
    let app = spawn_app(backend).await;
    let user = app.create_user("Pat", &["practitioner"], None);
    let good = forge(claims_for(&user.id), Algorithm::HS256, TEST_JWT_SECRET);
    app.get("/api/v1/me", Some(&good)).await.expect(200);
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let with = |key: &str, value: Value| {
        let mut c = claims_for(&user.id);
        c[key] = value;
        forge(c, Algorithm::HS256, TEST_JWT_SECRET)
    };
    let without = |key: &str| {
        let mut c = claims_for(&user.id);
        c.as_object_mut().unwrap().remove(key);
        forge(c, Algorithm::HS256, TEST_JWT_SECRET)
    };
    let disabled = app.create_user("Gone", &["practitioner"], None);
    app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::users;
        diesel::update(users::table.find(&disabled.id))
            .set(users::active.eq(false))
            .execute(conn)
            .unwrap();
    });
    let cases: Vec<(&str, String)> = vec![
        (
            "alg none",
            format!(
                "{}.{}.",
                b64(&json!({"alg": "none", "typ": "JWT"})),
                b64(&claims_for(&user.id))
            ),
        ),
        (
            "HS512",
            forge(claims_for(&user.id), Algorithm::HS512, TEST_JWT_SECRET),
        ),
        (
            "bad signature",
            forge(
                claims_for(&user.id),
                Algorithm::HS256,
                "another-secret-another-secret-another-secret",
            ),
        ),
        ("expired", with("exp", json!(now - 60))),
        ("nbf in the future", with("nbf", json!(now + 600))),
        (
            "exp as a string",
            with("exp", json!((now + 600).to_string())),
        ),
        ("wrong aud", with("aud", json!("someone-else"))),
        ("wrong iss", with("iss", json!("someone-else"))),
        ("missing sub", without("sub")),
        ("missing exp", without("exp")),
        ("missing jti", without("jti")),
        (
            "unknown user",
            forge(
                claims_for(&uuid::Uuid::now_v7().to_string()),
                Algorithm::HS256,
                TEST_JWT_SECRET,
            ),
        ),
        ("disabled user", disabled.token.clone()),
        ("garbage", "not.a.token".to_string()),
    ];
    for (name, token) in cases {
        let answer = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(answer.status, 401, "{name}: {}", answer.text);
        answer.expect_problem(401);
    }
}

#[both_backends]
async fn deactivation_and_role_changes_apply_on_the_next_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let qa = app.create_user("Quinn", &["qa_officer"], None);
    app.get("/api/v1/cases", Some(&qa.token)).await.expect(200);
    let path = format!("/api/v1/users/{}", qa.id);
    let user = app.get(&path, Some(&admin.token)).await;
    let etag = user.header("etag").unwrap();
    let changed = app
        .patch(
            &path,
            Some(&admin.token),
            Some(&etag),
            &json!({"roles": ["admin"]}),
        )
        .await;
    changed.expect(200);
    app.get("/api/v1/cases", Some(&qa.token))
        .await
        .expect_problem(403);
    let etag = changed.header("etag").unwrap();
    app.patch(
        &path,
        Some(&admin.token),
        Some(&etag),
        &json!({"active": false}),
    )
    .await
    .expect(200);
    app.get("/api/v1/me", Some(&qa.token))
        .await
        .expect_problem(401);
}

#[both_backends]
async fn administrators_manage_units_and_users(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let t = Some(admin.token.as_str());
    let directorate = app
        .post(
            "/api/v1/org-units",
            t,
            &json!({"name": "Children's Services", "kind": "directorate"}),
        )
        .await;
    directorate.expect(201);
    assert!(directorate
        .header("location")
        .unwrap()
        .ends_with(directorate.body["id"].as_str().unwrap()));
    assert_eq!(directorate.header("etag").as_deref(), Some("\"1\""));
    let service = app.post("/api/v1/org-units", t, &json!({"name": "Safeguarding", "kind": "service", "parent_id": directorate.body["id"]})).await;
    service.expect(201);
    let team = app
        .post(
            "/api/v1/org-units",
            t,
            &json!({"name": "North", "kind": "team", "parent_id": service.body["id"]}),
        )
        .await;
    team.expect(201);
    // A team directly under a directorate, and a service with no parent, are refused.
    let misplaced = app
        .post(
            "/api/v1/org-units",
            t,
            &json!({"name": "X", "kind": "team", "parent_id": directorate.body["id"]}),
        )
        .await;
    misplaced.expect_problem(422);
    assert_eq!(misplaced.error_fields(), vec!["parent_id"]);
    let orphan = app
        .post(
            "/api/v1/org-units",
            t,
            &json!({"name": "Y", "kind": "service"}),
        )
        .await;
    assert_eq!(orphan.error_fields(), vec!["parent_id"]);
    let bad_kind = app
        .post(
            "/api/v1/org-units",
            t,
            &json!({"name": "", "kind": "department"}),
        )
        .await;
    bad_kind.expect_problem(422);
    assert_eq!(bad_kind.error_fields(), vec!["kind"]);

    let created = app
        .post("/api/v1/users", t, &json!({"email": "New.Worker@Example.test", "display_name": "New Worker",
            "roles": ["practitioner"], "team_id": team.body["id"], "password": "a long and unusual password"}))
        .await;
    created.expect(201);
    assert_eq!(created.body["email"], "new.worker@example.test");
    assert!(created.body.get("password").is_none() && created.body.get("password_hash").is_none());
    login(
        &app,
        "new.worker@example.test",
        "a long and unusual password",
    )
    .await
    .expect(200);
    let duplicate = app
        .post(
            "/api/v1/users",
            t,
            &json!({"email": "new.worker@example.test", "display_name": "Again",
            "roles": ["practitioner"], "password": "a long and unusual password"}),
        )
        .await;
    duplicate.expect_problem(422);
    assert_eq!(duplicate.error_fields(), vec!["email"]);
    let everything_wrong = app
        .post(
            "/api/v1/users",
            t,
            &json!({"email": "not-an-email", "display_name": "", "roles": [], "password": "short"}),
        )
        .await;
    everything_wrong.expect_problem(422);
    assert_eq!(
        everything_wrong.error_fields(),
        vec!["display_name", "email", "password", "roles"]
    );
    let bad_role = app
        .post("/api/v1/users", t, &json!({"email": "r@example.test", "display_name": "R", "roles": ["wizard"], "password": "a long and unusual password"}))
        .await;
    assert_eq!(bad_role.error_fields(), vec!["roles.0"]);
    let listed = app.get("/api/v1/users?limit=1", t).await;
    listed.expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert!(listed.body["next_cursor"].is_string());
    let next = app
        .get(
            &format!(
                "/api/v1/users?limit=1&cursor={}",
                listed.body["next_cursor"].as_str().unwrap()
            ),
            t,
        )
        .await;
    assert_ne!(next.body["items"][0]["id"], listed.body["items"][0]["id"]);
    app.get("/api/v1/users?limit=0&cursor=nonsense", t)
        .await
        .expect_problem(422);
}

#[both_backends]
async fn a_common_password_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", &["admin"], None);
    for password in ["password1234", "Qwertyuiop123", "123456789012"] {
        let answer = app
            .post(
                "/api/v1/users",
                Some(&admin.token),
                &json!({"email": "c@example.test", "display_name": "C",
                "roles": ["practitioner"], "password": password}),
            )
            .await;
        answer.expect_problem(422);
        assert_eq!(answer.error_fields(), vec!["password"], "{password}");
        assert!(answer.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("common"));
    }
    let someone = app.create_user("Sam", &["practitioner"], None);
    let reset = app
        .post(
            &format!("/api/v1/users/{}/password", someone.id),
            Some(&admin.token),
            &json!({"password": "iloveyou1234"}),
        )
        .await;
    reset.expect_problem(422);
}

#[both_backends]
async fn patches_need_a_current_if_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let unit = app
        .post(
            "/api/v1/org-units",
            Some(&admin.token),
            &json!({"name": "D", "kind": "directorate"}),
        )
        .await;
    let path = format!("/api/v1/org-units/{}", unit.body["id"].as_str().unwrap());
    app.patch(&path, Some(&admin.token), None, &json!({"name": "E"}))
        .await
        .expect_problem(428);
    app.patch(
        &path,
        Some(&admin.token),
        Some("\"7\""),
        &json!({"name": "E"}),
    )
    .await
    .expect_problem(412);
    let ok = app
        .patch(
            &path,
            Some(&admin.token),
            Some("\"1\""),
            &json!({"name": "E"}),
        )
        .await;
    ok.expect(200);
    assert_eq!(ok.body["version"], 2);
    assert_eq!(ok.header("etag").as_deref(), Some("\"2\""));
    app.patch(
        &path,
        Some(&admin.token),
        Some("\"1\""),
        &json!({"name": "F"}),
    )
    .await
    .expect_problem(412);
}

#[both_backends]
async fn qa_officers_register_and_change_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn", &["qa_officer"], Some(&c.directorate));
    let t = Some(qa.token.as_str());
    let created = app
        .post("/api/v1/cases", t, &json!({"external_ref": "CMS-1001", "display_name": "J.S.", "birth_month": "2015-04",
            "category": "child_protection", "team_id": c.team_one, "allocated_worker_id": c.practitioner.id,
            "case_manager_id": c.team_manager.id}))
        .await;
    created.expect(201);
    assert_eq!(created.body["status"], "open");
    assert_eq!(created.body["retention_class"], "standard");
    let again = app
        .post("/api/v1/cases", t, &json!({"external_ref": "CMS-1001", "display_name": "J.S.", "category": "other", "team_id": c.team_one}))
        .await;
    assert_eq!(again.error_fields(), vec!["external_ref"]);
    let wrong = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"external_ref": "", "display_name": "J", "birth_month": "2015-13",
            "category": "unknown", "team_id": c.service_one}),
        )
        .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["category"]);
    let wrong_values = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"external_ref": "", "display_name": "J", "birth_month": "2015-13",
            "category": "other", "team_id": c.service_one}),
        )
        .await;
    assert_eq!(
        wrong_values.error_fields(),
        vec!["birth_month", "external_ref"]
    );
    let not_a_team = app
        .post("/api/v1/cases", t, &json!({"external_ref": "CMS-2", "display_name": "J", "category": "other", "team_id": c.service_one}))
        .await;
    assert_eq!(not_a_team.error_fields(), vec!["team_id"]);
    let path = format!("/api/v1/cases/{}", created.body["id"].as_str().unwrap());
    let closed = app
        .patch(
            &path,
            t,
            Some("\"1\""),
            &json!({"status": "closed", "allocated_worker_id": null}),
        )
        .await;
    closed.expect(200);
    assert_eq!(closed.body["status"], "closed");
    assert!(closed.body["closed_on"].is_string());
    assert!(closed.body["allocated_worker_id"].is_null());
    let filtered = app.get("/api/v1/cases?status=closed", t).await;
    assert_eq!(filtered.body["items"].as_array().unwrap().len(), 1);
    let bad_filters = app
        .get("/api/v1/cases?status=shut&category=x&team_id=1", t)
        .await;
    bad_filters.expect_problem(422);
    assert_eq!(
        bad_filters.error_fields(),
        vec!["team_id", "category", "status"]
    );
}

#[both_backends]
async fn the_access_log_records_reads_lists_and_denials(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let dpo = app.create_user("Dee", &["dpo"], Some(&c.directorate));
    let admin = app.create_user("Ada Admin", &["admin"], None);
    app.get(
        &format!("/api/v1/cases/{}", c.case_own),
        Some(&c.practitioner.token),
    )
    .await
    .expect(200);
    app.get(
        &format!("/api/v1/cases/{}", c.case_other_service),
        Some(&c.practitioner.token),
    )
    .await
    .expect_problem(404);
    app.get("/api/v1/cases", Some(&c.team_manager.token))
        .await
        .expect(200);
    app.get(&format!("/api/v1/cases/{}", c.case_own), Some(&admin.token))
        .await
        .expect_problem(403);
    let entries = |answer: &Answer| -> Vec<(String, String, String)> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["action"].as_str().unwrap().to_string(),
                    e["outcome"].as_str().unwrap().to_string(),
                    e["case_id"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let by_practitioner = app
        .get(
            &format!("/api/v1/access-log?sort=at&user_id={}", c.practitioner.id),
            Some(&dpo.token),
        )
        .await;
    by_practitioner.expect(200);
    assert_eq!(
        entries(&by_practitioner),
        vec![
            ("read".into(), "allowed".into(), c.case_own.clone()),
            ("read".into(), "denied".into(), c.case_other_service.clone()),
        ]
    );
    let by_manager = app
        .get(
            &format!("/api/v1/access-log?sort=at&user_id={}", c.team_manager.id),
            Some(&dpo.token),
        )
        .await;
    let mut listed: Vec<String> = entries(&by_manager)
        .into_iter()
        .filter(|e| e.0 == "list")
        .map(|e| e.2)
        .collect();
    listed.sort();
    let mut expected = vec![c.case_own.clone(), c.case_same_team.clone()];
    expected.sort();
    assert_eq!(listed, expected, "one row per case listed");
    let by_case = app
        .get(
            &format!("/api/v1/access-log?case_id={}", c.case_own),
            Some(&dpo.token),
        )
        .await;
    assert_eq!(by_case.body["items"].as_array().unwrap().len(), 2);
    let by_admin = app
        .get(
            &format!("/api/v1/access-log?user_id={}", admin.id),
            Some(&dpo.token),
        )
        .await;
    assert_eq!(
        entries(&by_admin),
        vec![("read".into(), "denied".into(), String::new())]
    );
    // Administrators' changes are logged too.
    let unit = app
        .post(
            "/api/v1/org-units",
            Some(&admin.token),
            &json!({"name": "Z", "kind": "directorate"}),
        )
        .await;
    // Newest first by default: the change just made leads.
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}", admin.id),
            Some(&dpo.token),
        )
        .await;
    let last = log.body["items"][0].clone();
    assert_eq!(last["action"], "create");
    assert_eq!(last["record_type"], "org_unit");
    assert_eq!(last["record_id"], unit.body["id"]);
    // Nothing in the API edits the log.
    let put = app
        .send(app.request(Method::DELETE, "/api/v1/access-log", Some(&dpo.token)))
        .await;
    put.expect_problem(405);
}
