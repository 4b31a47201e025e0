//! `Idempotency-Key` on every POST (product.md §5; issue 18): the first response is kept for 24
//! hours and replayed, per caller, in the database.

use diesel::prelude::*;
use qa_test_macros::both_backends;
use qa_tests::{spawn_app, Answer, Backend, TestApp, TestUser};
use reqwest::Method;
use serde_json::{json, Value};

fn new_case(team: &str, reference: &str) -> Value {
    json!({
        "external_ref": reference, "display_name": "I.K.",
        "category": "child_in_need", "team_id": team
    })
}

async fn post_with_key(app: &TestApp, user: &str, key: &str, path: &str, body: &Value) -> Answer {
    app.send(
        app.request(Method::POST, path, Some(user))
            .header("idempotency-key", key)
            .json(body),
    )
    .await
}

fn cases_with_reference(app: &TestApp, reference: &str) -> i64 {
    app.with_db(|conn| {
        use qa_api::db::schema::cases;
        cases::table
            .filter(cases::external_ref.eq(reference))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

fn qa_officer(app: &TestApp) -> TestUser {
    app.create_user("Quinn Officer", &["qa_officer"], None)
}

#[both_backends]
async fn a_replayed_post_returns_the_first_response_and_creates_nothing_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    let body = new_case(&council.team_one, "IDEM-1");
    let first = post_with_key(&app, &officer.token, "key-1", "/api/v1/cases", &body).await;
    first.expect(201);
    assert!(first.header("idempotent-replayed").is_none());
    let again = post_with_key(&app, &officer.token, "key-1", "/api/v1/cases", &body).await;
    again.expect(201);
    assert_eq!(again.text, first.text);
    for header in ["location", "etag", "content-type"] {
        assert_eq!(again.header(header), first.header(header), "{header}");
    }
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(cases_with_reference(&app, "IDEM-1"), 1);
    // Without a key the same request runs again (and the duplicate reference is refused).
    let unkeyed = app.post("/api/v1/cases", Some(&officer.token), &body).await;
    assert_ne!(unkeyed.status, 201);
    assert_eq!(cases_with_reference(&app, "IDEM-1"), 1);
}

#[both_backends]
async fn a_refusal_is_replayed_as_it_was_answered(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let practitioner = &council.practitioner;
    let body = new_case(&council.team_one, "IDEM-403");
    let first = post_with_key(&app, &practitioner.token, "k", "/api/v1/cases", &body).await;
    first.expect_problem(403);
    let again = post_with_key(&app, &practitioner.token, "k", "/api/v1/cases", &body).await;
    again.expect_problem(403);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
}

#[both_backends]
async fn the_same_key_with_another_body_is_refused_with_422(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    post_with_key(
        &app,
        &officer.token,
        "key-2",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-2"),
    )
    .await
    .expect(201);
    let other = post_with_key(
        &app,
        &officer.token,
        "key-2",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-3"),
    )
    .await;
    other.expect_problem(422);
    assert_eq!(other.error_fields(), vec!["Idempotency-Key".to_string()]);
    // Another path with the same key is another request too.
    let elsewhere = post_with_key(
        &app,
        &officer.token,
        "key-2",
        "/api/v1/themes",
        &json!({"title": "T", "rationale": "R", "source": "qa_activity"}),
    )
    .await;
    elsewhere.expect_problem(422);
    assert_eq!(cases_with_reference(&app, "IDEM-3"), 0);
}

#[both_backends]
async fn concurrent_requests_with_one_key_run_exactly_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    let body = new_case(&council.team_one, "IDEM-RACE");
    let racers =
        (0..6).map(|_| post_with_key(&app, &officer.token, "race", "/api/v1/cases", &body));
    let answers = futures_util::future::join_all(racers).await;
    let mut created = 0;
    for answer in &answers {
        match answer.status {
            201 => created += 1,
            409 => {
                answer.expect_problem(409);
            }
            other => panic!("unexpected {other}: {}", answer.text),
        }
    }
    assert!(created >= 1);
    assert_eq!(cases_with_reference(&app, "IDEM-RACE"), 1);
    // Every 201 is the same response: one ran, the others replayed it.
    let bodies: std::collections::HashSet<&str> = answers
        .iter()
        .filter(|a| a.status == 201)
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(bodies.len(), 1);
    // Once it has finished, the key replays.
    let after = post_with_key(&app, &officer.token, "race", "/api/v1/cases", &body).await;
    after.expect(201);
    assert_eq!(after.header("idempotent-replayed").as_deref(), Some("true"));
}

#[both_backends]
async fn a_request_still_in_flight_answers_409(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    let body = new_case(&council.team_one, "IDEM-FLIGHT");
    // A claim another instance holds right now.
    let fingerprint =
        sha2_fingerprint("POST", "/api/v1/cases", &serde_json::to_vec(&body).unwrap());
    let now = qa_api::dates::now_utc();
    app.with_db(|conn| {
        use qa_api::db::schema::idempotency_keys as k;
        diesel::insert_into(k::table)
            .values((
                k::caller.eq(format!("user:{}", officer.id)),
                k::idem_key.eq("flight"),
                k::fingerprint.eq(fingerprint),
                k::locked_until.eq(now + time::Duration::minutes(5)),
                k::created_at.eq(now),
                k::expires_at.eq(now + time::Duration::hours(24)),
            ))
            .execute(conn)
            .unwrap();
    });
    let answer = post_with_key(&app, &officer.token, "flight", "/api/v1/cases", &body).await;
    answer.expect_problem(409);
    assert_eq!(cases_with_reference(&app, "IDEM-FLIGHT"), 0);
}

/// The middleware's fingerprint, computed the same way.
fn sha2_fingerprint(method: &str, target: &str, body: &[u8]) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(method.as_bytes());
    hash.update(b"\n");
    hash.update(target.as_bytes());
    hash.update(b"\n");
    hash.update(body);
    hex::encode(hash.finalize())
}

#[both_backends]
async fn keys_of_two_callers_do_not_collide(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let one = qa_officer(&app);
    let two = qa_officer(&app);
    post_with_key(
        &app,
        &one.token,
        "shared",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-A"),
    )
    .await
    .expect(201);
    let other = post_with_key(
        &app,
        &two.token,
        "shared",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-B"),
    )
    .await;
    other.expect(201);
    assert!(other.header("idempotent-replayed").is_none());
    assert_eq!(cases_with_reference(&app, "IDEM-A"), 1);
    assert_eq!(cases_with_reference(&app, "IDEM-B"), 1);
    // A service account's keys are its own too.
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let token = super::service_accounts::service_token(&app, &admin, &["events:read"]).await;
    let refused = post_with_key(
        &app,
        &token,
        "shared",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-A"),
    )
    .await;
    refused.expect_problem(403);
    assert!(refused.header("idempotent-replayed").is_none());
}

#[both_backends]
async fn expired_keys_are_deleted_by_the_jobs_sweep(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    post_with_key(
        &app,
        &officer.token,
        "old",
        "/api/v1/cases",
        &new_case(&council.team_one, "IDEM-OLD"),
    )
    .await
    .expect(201);
    let count = |app: &TestApp| -> i64 {
        app.with_db(|conn| {
            use qa_api::db::schema::idempotency_keys as k;
            k::table.count().get_result(conn).unwrap()
        })
    };
    assert_eq!(count(&app), 1);
    let later = time::OffsetDateTime::now_utc() + time::Duration::hours(25);
    app.put(
        "/api/v1/test/clock",
        Some(&officer.token),
        &json!({"now": later.format(&time::format_description::well_known::Rfc3339).unwrap()}),
    )
    .await
    .expect(200);
    app.post("/api/v1/test/jobs/run", Some(&officer.token), &json!({}))
        .await
        .expect(200);
    assert_eq!(count(&app), 0);
}

#[both_backends]
async fn a_server_error_or_401_is_not_kept_so_a_retry_runs(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let officer = qa_officer(&app);
    // A signed-out session answers 401 and keeps nothing.
    let body = new_case(&council.team_one, "IDEM-401");
    let bad = post_with_key(&app, "not-a-token", "k401", "/api/v1/cases", &body).await;
    bad.expect_problem(401);
    let good = post_with_key(&app, &officer.token, "k401", "/api/v1/cases", &body).await;
    good.expect(201);
    let bad_key = post_with_key(
        &app,
        &officer.token,
        &"x".repeat(300),
        "/api/v1/cases",
        &body,
    )
    .await;
    bad_key.expect_problem(400);
}
