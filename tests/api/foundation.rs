//! The service foundation: reference data, the calendar, operations endpoints, security headers
//! and the problem+json contract for transport-level errors.

use qa_api::standards::seed::PRACTICE_STANDARDS;
use qa_test_macros::both_backends;
use qa_tests::{spawn_app, Backend, TestApp, TestUser};
use serde_json::json;

async fn app_and_reader(backend: Backend) -> (TestApp, TestUser) {
    let app = spawn_app(backend).await;
    let reader = app.create_user("Reader", &["practitioner"], None);
    (app, reader)
}

#[both_backends]
async fn practice_standards_are_seeded_word_for_word(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let answer = app
        .get("/api/v1/practice-standards", Some(&user.token))
        .await;
    answer.expect(200);
    let items = answer.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 10);
    for (item, (number, title, text)) in items.iter().zip(PRACTICE_STANDARDS) {
        assert_eq!(item["number"], number);
        assert_eq!(item["title"], title);
        assert_eq!(item["text"], text);
    }
    // Checked against product.md's wording directly, not only against our own constant.
    assert_eq!(
        items[0]["text"],
        "Risks to children will be identified, responded to and reduced in an effective and timely manner to make a difference to each individual child"
    );
    assert_eq!(
        items[9]["text"],
        "Case recording will be timely, clear and reflective of all work undertaken, with evidence that intervention from Children's Services has had a positive impact on the child's future outcomes"
    );
}

#[both_backends]
async fn seeding_again_adds_nothing(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    app.with_db(|conn| qa_api::standards::seed::seed_reference_data(conn).expect("seed again"));
    let frameworks = app.get("/api/v1/frameworks", Some(&user.token)).await;
    assert_eq!(frameworks.body["items"].as_array().map(Vec::len), Some(1));
    let scales = app.get("/api/v1/grade-scales", Some(&user.token)).await;
    assert_eq!(scales.body["items"].as_array().map(Vec::len), Some(1));
}

#[both_backends]
async fn a_framework_reads_with_its_standards(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let list = app.get("/api/v1/frameworks", Some(&user.token)).await;
    let id = list.body["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(list.body["items"][0]["name"], "Practice Standards 2024");
    let one = app
        .get(&format!("/api/v1/frameworks/{id}"), Some(&user.token))
        .await;
    one.expect(200);
    assert_eq!(one.body["standards"].as_array().map(Vec::len), Some(10));
    let missing = app
        .get(
            &format!("/api/v1/frameworks/{}", uuid::Uuid::now_v7()),
            Some(&user.token),
        )
        .await;
    missing.expect_problem(404);
    let malformed = app
        .get("/api/v1/frameworks/not-a-uuid", Some(&user.token))
        .await;
    malformed.expect_problem(404);
}

#[both_backends]
async fn the_ofsted_scale_is_seeded_with_ranks_and_escalation(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let answer = app.get("/api/v1/grade-scales", Some(&user.token)).await;
    answer.expect(200);
    let scale = &answer.body["items"][0];
    assert_eq!(scale["name"], "Ofsted four-point");
    let grades = scale["grades"].as_array().expect("grades");
    let codes: Vec<(&str, i64, bool)> = grades
        .iter()
        .map(|g| {
            (
                g["code"].as_str().unwrap(),
                g["rank"].as_i64().unwrap(),
                g["triggers_escalation"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("outstanding", 4, false),
            ("good", 3, false),
            ("requires_improvement", 2, false),
            ("inadequate", 1, true)
        ]
    );
    assert_eq!(grades[2]["label"], "Requires improvement to be good");
}

#[both_backends]
async fn working_days_skip_weekends_and_bank_holidays(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let answer = app
        .get(
            "/api/v1/calendar/working-days?from=2026-12-18&add=10",
            Some(&user.token),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.body["date"], "2027-01-06");
    assert_eq!(answer.body["working_days_between"], 10);
    // The one-off 2022 changes come from the database.
    let jubilee = app
        .get(
            "/api/v1/calendar/working-days?from=2022-06-01&add=1",
            Some(&user.token),
        )
        .await;
    assert_eq!(jubilee.body["date"], "2022-06-06");
    let holidays = app
        .get(
            "/api/v1/calendar/bank-holidays?year=2022",
            Some(&user.token),
        )
        .await;
    holidays.expect(200);
    assert_eq!(holidays.body["items"].as_array().map(Vec::len), Some(10));
}

#[both_backends]
async fn bad_working_day_queries_answer_422_with_every_field(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let both = app
        .get(
            "/api/v1/calendar/working-days?from=2026-02-30&add=5000",
            Some(&user.token),
        )
        .await;
    both.expect_problem(422);
    assert_eq!(both.error_fields(), vec!["from", "add"]);
    let missing = app
        .get("/api/v1/calendar/working-days", Some(&user.token))
        .await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["from", "add"]);
    let not_a_number = app
        .get(
            "/api/v1/calendar/working-days?from=2026-01-05&add=ten",
            Some(&user.token),
        )
        .await;
    assert_eq!(not_a_number.error_fields(), vec!["add"]);
}

#[both_backends]
async fn reference_reads_need_a_token(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/api/v1/practice-standards",
        "/api/v1/frameworks",
        "/api/v1/grade-scales",
        "/api/v1/calendar/working-days?from=2026-01-05&add=1",
    ] {
        let answer = app.get(path, None).await;
        answer.expect_problem(401);
        assert_eq!(answer.header("www-authenticate").as_deref(), Some("Bearer"));
    }
}

#[both_backends]
async fn health_probes_answer_without_a_token(backend: Backend) {
    let app = spawn_app(backend).await;
    app.get("/health/live", None).await.expect(200);
    let ready = app.get("/health/ready", None).await;
    ready.expect(200);
    assert_eq!(
        ready.body["database"],
        match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    );
}

#[both_backends]
async fn metrics_count_requests_by_route_template(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    let id = uuid::Uuid::now_v7();
    app.get(&format!("/api/v1/frameworks/{id}"), Some(&user.token))
        .await;
    let metrics = app.get("/metrics", None).await;
    metrics.expect(200);
    assert!(
        metrics.text.contains("qa_http_requests_total"),
        "{}",
        metrics.text
    );
    assert!(
        metrics.text.contains("route=\"/api/v1/frameworks/{id}\""),
        "{}",
        metrics.text
    );
    assert!(
        !metrics.text.contains(&id.to_string()),
        "an id leaked into metrics"
    );
    assert!(metrics.text.contains("qa_db_pool_connections"));
}

#[both_backends]
async fn every_response_carries_security_headers_and_a_request_id(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/health/live",
        "/api/v1/nowhere",
        "/api/v1/practice-standards",
    ] {
        let answer = app.get(path, None).await;
        assert_eq!(
            answer.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            answer.header("referrer-policy").as_deref(),
            Some("no-referrer")
        );
        assert_eq!(answer.header("x-frame-options").as_deref(), Some("DENY"));
        assert!(answer
            .header("content-security-policy")
            .is_some_and(|c| c.contains("frame-ancestors 'none'")));
        assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
        assert!(answer
            .header("x-request-id")
            .is_some_and(|id| !id.is_empty()));
    }
    let echoed = app
        .send(
            app.request(reqwest::Method::GET, "/health/live", None)
                .header("x-request-id", "trace-123"),
        )
        .await;
    assert_eq!(echoed.header("x-request-id").as_deref(), Some("trace-123"));
    let refused = app
        .send(
            app.request(reqwest::Method::GET, "/health/live", None)
                .header("x-request-id", "bad id\twith spaces"),
        )
        .await;
    assert_ne!(
        refused.header("x-request-id").as_deref(),
        Some("bad id\twith spaces")
    );
}

#[both_backends]
async fn unknown_routes_answer_404_and_wrong_methods_405(backend: Backend) {
    let (app, user) = app_and_reader(backend).await;
    app.get("/api/v1/no-such-thing", Some(&user.token))
        .await
        .expect_problem(404);
    app.get("/nothing-here", None).await.expect_problem(404);
    let wrong = app
        .send(app.request(
            reqwest::Method::DELETE,
            "/api/v1/practice-standards",
            Some(&user.token),
        ))
        .await;
    wrong.expect_problem(405);
    assert_eq!(wrong.header("allow").as_deref(), Some("GET"));
    let templated = app
        .post(
            &format!("/api/v1/frameworks/{}", uuid::Uuid::now_v7()),
            Some(&user.token),
            &json!({}),
        )
        .await;
    templated.expect_problem(405);
    assert_eq!(templated.header("allow").as_deref(), Some("GET"));
    // A literal path beside a parameterised one answers for itself, whichever the method.
    for (method, path, allow) in [
        (reqwest::Method::GET, "/api/v1/actions/bulk", "POST"),
        (reqwest::Method::OPTIONS, "/api/v1/actions/bulk", "POST"),
        (reqwest::Method::PATCH, "/api/v1/feedback/import", "POST"),
    ] {
        let answer = app.send(app.request(method, path, Some(&user.token))).await;
        answer.expect_problem(405);
        assert_eq!(answer.header("allow").as_deref(), Some(allow), "{path}");
    }
    app.get("/api/v1/actions/not-an-id", Some(&user.token))
        .await
        .expect_problem(404);
}

#[both_backends]
async fn the_openapi_document_and_docs_are_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = app.get("/api/openapi.json", None).await;
    doc.expect(200);
    assert!(doc.body["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    assert!(doc.body["paths"]["/api/v1/practice-standards"].is_object());
    let docs = app.get("/api/docs/", None).await;
    docs.expect(200);
    assert!(
        docs.text.to_lowercase().contains("swagger"),
        "{}",
        docs.text
    );
}

#[test]
fn openapi_yaml_is_what_the_code_generates() {
    let committed = include_str!("../../openapi.yaml");
    let generated = qa_api::openapi::yaml();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `make openapi` and commit the result"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_answers_503_when_the_database_is_gone() {
    if qa_tests::skip_postgres() {
        return;
    }
    let app = spawn_app(Backend::Postgres).await;
    app.get("/health/ready", None).await.expect(200);
    app.drop_database_now();
    let answer = app.get("/health/ready", None).await;
    answer.expect_problem(503);
    assert!(answer.body["request_id"].is_string());
    assert!(!answer.text.contains("postgres://"), "{}", answer.text);
}
