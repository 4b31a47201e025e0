//! Escalations: raised by audits, answered by the manager or above, with a timeline.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, setup, start, submit};
use qa_tests::Backend;
use serde_json::json;

#[both_backends]
async fn the_performance_analyst_gets_no_narrative(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Secret plan"}),
        )
        .await
        .expect(201);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/alerts"),
            Some(&tm.token),
            &json!({"concern": "Secret concern", "severity": "low"}),
        )
        .await
        .expect(201);
    complete(&t.app, tm, &audit, "inadequate").await;
    submit(&t.app, tm, &audit).await.expect(200);
    let read = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.analyst.token))
        .await;
    read.expect(200);
    for needle in [
        "Summary of the audit",
        "Evidence for standard",
        "Clear recording",
        "Wants to stay",
        "Mother feels",
        "Secret plan",
        "Secret concern",
        "not in care",
    ] {
        assert!(
            !read.text.contains(needle),
            "narrative {needle:?} leaked: {}",
            read.text
        );
    }
    assert_eq!(read.body["overall_grade"], "inadequate");
    assert_eq!(read.body["judgements"][0]["grade"], "inadequate");
    assert_eq!(read.body["judgements"][7]["not_applicable"], true);
    let list = t.app.get("/api/v1/audits", Some(&t.analyst.token)).await;
    assert!(!list.text.contains("Summary of the audit"));
    let escalations = t
        .app
        .get("/api/v1/escalations", Some(&t.analyst.token))
        .await;
    assert_eq!(escalations.body["items"].as_array().unwrap().len(), 1);
    assert!(escalations.body["items"][0].get("concern").is_none());
    let actions = t.app.get("/api/v1/actions", Some(&t.analyst.token)).await;
    assert!(!actions.text.contains("Secret plan"));
    // The same reads as a QA officer do carry the narrative.
    let full = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await;
    assert!(full.text.contains("Summary of the audit"));
}
