//! Service accounts (issue 18): scoped, expiring tokens for other systems, shown once, stored
//! hashed, rotated with an overlap, revoked at once; no narrative and no user endpoints.

use diesel::prelude::*;
use qa_test_macros::both_backends;
use qa_tests::{spawn_app, Backend, TestApp, TestUser};
use serde_json::{json, Value};

/// Every scope a service account may hold.
pub const ALL_SCOPES: [&str; 6] = [
    "cases:write",
    "staff:write",
    "teams:write",
    "events:read",
    "exports:read",
    "webhooks:manage",
];

fn days_ahead(days: i64) -> String {
    let today = qa_api::dates::london_date(time::OffsetDateTime::now_utc());
    qa_api::dates::format_date(today + time::Duration::days(days))
}

/// Creates a service account as the administrator; answers the whole 201 body.
pub async fn create_account(app: &TestApp, admin: &TestUser, scopes: &[&str], days: i64) -> Value {
    let answer = app
        .post(
            "/api/v1/service-accounts",
            Some(&admin.token),
            &json!({"name": "Case management system", "scopes": scopes, "expires_on": days_ahead(days)}),
        )
        .await;
    answer.expect(201);
    answer.body.clone()
}

/// A working service token with the scopes.
pub async fn service_token(app: &TestApp, admin: &TestUser, scopes: &[&str]) -> String {
    create_account(app, admin, scopes, 30).await["token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn admin(app: &TestApp) -> TestUser {
    app.create_user("Ada Admin", &["admin"], None)
}

async fn works(app: &TestApp, token: &str) -> u16 {
    app.get("/api/v1/integration/token", Some(token))
        .await
        .status
}

async fn move_clock(app: &TestApp, user: &TestUser, by: time::Duration) {
    let now = time::OffsetDateTime::now_utc() + by;
    app.put(
        "/api/v1/test/clock",
        Some(&user.token),
        &json!({"now": now.format(&time::format_description::well_known::Rfc3339).unwrap()}),
    )
    .await
    .expect(200);
}

#[both_backends]
async fn an_admin_creates_a_service_account_and_sees_its_token_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = app
        .post(
            "/api/v1/service-accounts",
            Some(&admin.token),
            &json!({"name": "Performance Team", "scopes": ["exports:read", "events:read"], "expires_on": days_ahead(90)}),
        )
        .await;
    created.expect(201);
    let token = created.body["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("qasa_") && token.len() == 48, "{token}");
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.header("location").as_deref(),
        Some(format!("/api/v1/service-accounts/{id}").as_str())
    );
    assert_eq!(
        created.body["scopes"],
        json!(["events:read", "exports:read"])
    );
    assert_eq!(created.body["status"], "active");
    assert_eq!(created.body["tokens"].as_array().unwrap().len(), 1);
    // Never again: not in the account, not in the list, and stored only as a hash.
    let read = app
        .get(
            &format!("/api/v1/service-accounts/{id}"),
            Some(&admin.token),
        )
        .await;
    read.expect(200);
    assert!(read.header("etag").is_some());
    let list = app
        .get("/api/v1/service-accounts", Some(&admin.token))
        .await;
    list.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    for answer in [&read, &list] {
        assert!(!answer.text.contains(&token), "{}", answer.text);
        assert!(answer.body.get("token").is_none());
    }
    let stored: Vec<String> = app.with_db(|conn| {
        use qa_api::db::schema::service_account_tokens as t;
        t::table.select(t::token_hash).load(conn).unwrap()
    });
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], qa_api::service_accounts::token::hash(&token));
    // The token works.
    let me = app.get("/api/v1/integration/token", Some(&token)).await;
    me.expect(200);
    assert_eq!(me.body["name"], "Performance Team");
}

#[both_backends]
async fn only_an_admin_manages_service_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 30).await;
    let id = created["id"].as_str().unwrap();
    for role in ["qa_officer", "dpo", "senior_leader", "practitioner"] {
        let user = app.create_user("Some One", &[role], None);
        for (method, path) in [
            ("GET", "/api/v1/service-accounts".to_string()),
            ("POST", "/api/v1/service-accounts".to_string()),
            ("GET", format!("/api/v1/service-accounts/{id}")),
            ("POST", format!("/api/v1/service-accounts/{id}/rotate")),
            ("POST", format!("/api/v1/service-accounts/{id}/revoke")),
        ] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let answer = app
                .send(
                    app.request(method.clone(), &path, Some(&user.token))
                        .json(&json!({})),
                )
                .await;
            assert_eq!(answer.status, 403, "{role} {method} {path}");
        }
    }
}

#[both_backends]
async fn scopes_must_be_known_and_expiry_at_most_a_year_ahead(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    for (body, field) in [
        (
            json!({"name": "X", "scopes": ["cases:read"], "expires_on": days_ahead(30)}),
            "scopes.0",
        ),
        (
            json!({"name": "X", "scopes": [], "expires_on": days_ahead(30)}),
            "scopes",
        ),
        (
            json!({"name": "X", "scopes": ["events:read"], "expires_on": days_ahead(367)}),
            "expires_on",
        ),
        (
            json!({"name": "X", "scopes": ["events:read"], "expires_on": days_ahead(0)}),
            "expires_on",
        ),
        (
            json!({"name": " ", "scopes": ["events:read"], "expires_on": days_ahead(30)}),
            "name",
        ),
    ] {
        let answer = app
            .post("/api/v1/service-accounts", Some(&admin.token), &body)
            .await;
        answer.expect_problem(422);
        assert_eq!(answer.error_fields(), vec![field.to_string()], "{body}");
    }
    // A year ahead is allowed.
    create_account(&app, &admin, &["events:read"], 365).await;
}

#[both_backends]
async fn a_person_token_is_refused_by_service_only_endpoints(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    app.get("/api/v1/integration/token", Some(&admin.token))
        .await
        .expect_problem(403);
    app.get("/api/v1/integration/token", None)
        .await
        .expect_problem(401);
}

#[both_backends]
async fn an_unknown_service_token_gets_401(backend: Backend) {
    let app = spawn_app(backend).await;
    let forged = qa_api::service_accounts::token::generate();
    app.get("/api/v1/integration/token", Some(&forged))
        .await
        .expect_problem(401);
    app.get("/api/v1/me", Some(&forged))
        .await
        .expect_problem(401);
}

#[both_backends]
async fn a_revoked_service_account_gets_401_at_once_on_every_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 30).await;
    let id = created["id"].as_str().unwrap();
    let first = created["token"].as_str().unwrap().to_string();
    let rotated = app
        .post(
            &format!("/api/v1/service-accounts/{id}/rotate"),
            Some(&admin.token),
            &json!({"overlap_hours": 24}),
        )
        .await;
    rotated.expect(200);
    let second = rotated.body["token"].as_str().unwrap().to_string();
    assert_eq!(works(&app, &first).await, 200);
    assert_eq!(works(&app, &second).await, 200);
    let revoked = app
        .post(
            &format!("/api/v1/service-accounts/{id}/revoke"),
            Some(&admin.token),
            &json!({}),
        )
        .await;
    revoked.expect(200);
    assert_eq!(revoked.body["status"], "revoked");
    assert_eq!(revoked.body["tokens"], json!([]));
    for token in [&first, &second] {
        assert_eq!(works(&app, token).await, 401);
        app.get("/api/v1/me", Some(token)).await.expect_problem(401);
    }
    // Revoked is final: neither revoked again nor rotated.
    app.post(
        &format!("/api/v1/service-accounts/{id}/revoke"),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .expect_problem(409);
    app.post(
        &format!("/api/v1/service-accounts/{id}/rotate"),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .expect_problem(409);
}

#[both_backends]
async fn an_expired_service_account_gets_401(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 1).await;
    let token = created["token"].as_str().unwrap().to_string();
    assert_eq!(works(&app, &token).await, 200);
    move_clock(&app, &admin, time::Duration::days(3)).await;
    assert_eq!(works(&app, &token).await, 401);
    let id = created["id"].as_str().unwrap();
    let read = app
        .get(
            &format!("/api/v1/service-accounts/{id}"),
            Some(&admin.token),
        )
        .await;
    assert_eq!(read.body["status"], "expired");
}

#[both_backends]
async fn a_rotated_token_keeps_working_for_the_overlap_then_stops(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 30).await;
    let id = created["id"].as_str().unwrap();
    let old = created["token"].as_str().unwrap().to_string();
    let rotated = app
        .post(
            &format!("/api/v1/service-accounts/{id}/rotate"),
            Some(&admin.token),
            &json!({"overlap_hours": 2}),
        )
        .await;
    rotated.expect(200);
    let new = rotated.body["token"].as_str().unwrap().to_string();
    assert_ne!(old, new);
    assert!(new.starts_with("qasa_"));
    let tokens = rotated.body["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens.iter().any(|t| t["valid_until"].is_string()));
    assert_eq!(works(&app, &old).await, 200);
    assert_eq!(works(&app, &new).await, 200);
    move_clock(&app, &admin, time::Duration::hours(3)).await;
    assert_eq!(works(&app, &old).await, 401);
    assert_eq!(works(&app, &new).await, 200);
    // Without a body the overlap is the default; more than a week is refused.
    app.send(app.request(
        reqwest::Method::POST,
        &format!("/api/v1/service-accounts/{id}/rotate"),
        Some(&admin.token),
    ))
    .await
    .expect(200);
    let too_long = app
        .post(
            &format!("/api/v1/service-accounts/{id}/rotate"),
            Some(&admin.token),
            &json!({"overlap_hours": 169}),
        )
        .await;
    too_long.expect_problem(422);
    assert_eq!(too_long.error_fields(), vec!["overlap_hours".to_string()]);
}

#[both_backends]
async fn last_used_at_is_noted_when_a_token_is_used(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 30).await;
    assert!(created["last_used_at"].is_null());
    let id = created["id"].as_str().unwrap();
    let token = created["token"].as_str().unwrap();
    assert_eq!(works(&app, token).await, 200);
    let read = app
        .get(
            &format!("/api/v1/service-accounts/{id}"),
            Some(&admin.token),
        )
        .await;
    assert!(read.body["last_used_at"].is_string(), "{}", read.text);
    assert!(read.body["tokens"][0]["last_used_at"].is_string());
}

#[both_backends]
async fn every_use_of_a_service_token_is_in_the_access_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app);
    let created = create_account(&app, &admin, &["events:read"], 30).await;
    let id = created["id"].as_str().unwrap().to_string();
    let token = created["token"].as_str().unwrap();
    assert_eq!(works(&app, token).await, 200);
    assert_eq!(works(&app, token).await, 200);
    app.get("/api/v1/cases", Some(token)).await.expect(403);
    let logged: Vec<(String, Option<String>)> = app.with_db(|conn| {
        use qa_api::db::schema::access_events as e;
        e::table
            .filter(e::user_id.eq(&id))
            .filter(e::action.eq("use"))
            .order(e::at)
            .select((e::outcome, e::detail))
            .load(conn)
            .unwrap()
    });
    assert_eq!(
        logged,
        vec![
            (
                "allowed".to_string(),
                Some("GET /api/v1/integration/token".to_string())
            ),
            (
                "allowed".to_string(),
                Some("GET /api/v1/integration/token".to_string())
            ),
            ("denied".to_string(), Some("GET /api/v1/cases".to_string())),
        ]
    );
    // The administrator's changes are logged as theirs.
    let created_entries: i64 = app.with_db(|conn| {
        use qa_api::db::schema::access_events as e;
        e::table
            .filter(e::user_id.eq(&admin.id))
            .filter(e::record_type.eq("service_account"))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(created_entries, 1);
}
