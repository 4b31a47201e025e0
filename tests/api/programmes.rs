//! The audit programme and its themes, kept by the QA unit.

use qa_test_macros::both_backends;
use qa_tests::workflow::{id, setup, start};
use qa_tests::Backend;
use serde_json::json;

#[both_backends]
async fn notifications_are_private_and_marked_read(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, &t.qa, &t.c.case_own).await);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/alerts"),
            Some(&t.qa.token),
            &json!({"concern": "x", "severity": "medium"}),
        )
        .await
        .expect(201);
    let list = t
        .app
        .get("/api/v1/notifications?unread=true", Some(&tm.token))
        .await;
    assert_eq!(list.body["unread_count"], 1);
    let notification = list.body["items"][0]["id"].as_str().unwrap().to_string();
    t.app
        .post(
            &format!("/api/v1/notifications/{notification}/read"),
            Some(&t.c.practitioner.token),
            &json!({}),
        )
        .await
        .expect_problem(404);
    let read = t
        .app
        .post(
            &format!("/api/v1/notifications/{notification}/read"),
            Some(&tm.token),
            &json!({}),
        )
        .await;
    read.expect(200);
    assert!(read.body["read_at"].is_string());
    let after = t
        .app
        .get("/api/v1/notifications?unread=true", Some(&tm.token))
        .await;
    assert_eq!(after.body["unread_count"], 0);
    assert_eq!(after.body["items"].as_array().unwrap().len(), 0);
}

#[both_backends]
async fn qa_officers_keep_the_audit_programme(backend: Backend) {
    let t = setup(backend).await;
    let programme = t
        .app
        .post(
            "/api/v1/audit-programmes",
            Some(&t.qa.token),
            &json!({"title": "Audit programme 2027", "year": 2027}),
        )
        .await;
    programme.expect(201);
    t.app
        .post(
            "/api/v1/audit-programmes",
            Some(&t.c.team_manager.token),
            &json!({"title": "x", "year": 2027}),
        )
        .await
        .expect_problem(403);
    let bad = t
        .app
        .post(
            "/api/v1/audit-programmes",
            Some(&t.qa.token),
            &json!({"title": "", "year": 1900}),
        )
        .await;
    assert_eq!(bad.error_fields(), vec!["title", "year"]);
    let theme = t
        .app
        .post("/api/v1/themes", Some(&t.qa.token), &json!({"programme_id": programme.body["id"], "title": "Voice of the child",
            "rationale": "Inspection feedback", "source": "inspection", "planned_month": "2027-03", "sample_size": 20}))
        .await;
    theme.expect(201);
    let read = t
        .app
        .get(
            &format!(
                "/api/v1/audit-programmes/{}",
                programme.body["id"].as_str().unwrap()
            ),
            Some(&t.c.team_manager.token),
        )
        .await;
    assert_eq!(read.body["themes"].as_array().map(Vec::len), Some(1));
    let path = format!("/api/v1/themes/{}", theme.body["id"].as_str().unwrap());
    let close = t
        .app
        .patch(
            &path,
            Some(&t.qa.token),
            Some("\"1\""),
            &json!({"status": "closed"}),
        )
        .await;
    close.expect_problem(422);
    assert_eq!(close.error_fields(), vec!["findings", "recommendations"]);
    let closed = t
        .app
        .patch(&path, Some(&t.qa.token), Some("\"1\""), &json!({"status": "closed", "findings": "Views recorded in 60%", "recommendations": "Direct work tools"}))
        .await;
    closed.expect(200);
    assert_eq!(closed.body["status"], "closed");
}
