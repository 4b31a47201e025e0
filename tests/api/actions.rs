//! Actions: from open to verified, overdue derived from the due date.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, kinds, notifications, setup, start, submit};
use qa_tests::Backend;
use serde_json::json;

#[both_backends]
async fn escalations_are_answered_by_the_manager_or_above(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, &t.qa, &t.c.case_own).await);
    complete(&t.app, &t.qa, &audit, "inadequate").await;
    submit(&t.app, &t.qa, &audit).await.expect(200);
    let escalation = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await
        .body["escalation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = |what: &str| format!("/api/v1/escalations/{escalation}/{what}");
    t.app
        .post(
            &path("responses"),
            Some(&t.c.practitioner.token),
            &json!({"text": "x"}),
        )
        .await
        .expect_problem(403);
    t.app
        .post(&path("responses"), Some(&t.qa.token), &json!({"text": "x"}))
        .await
        .expect_problem(403);
    let other_tm = t
        .app
        .create_user("Other TM", &["team_manager"], Some(&t.c.team_three));
    t.app
        .post(
            &path("responses"),
            Some(&other_tm.token),
            &json!({"text": "x"}),
        )
        .await
        .expect_problem(404);
    t.app
        .post(&path("responses"), Some(&tm.token), &json!({"text": ""}))
        .await
        .expect_problem(422);
    let responded = t
        .app
        .post(
            &path("responses"),
            Some(&tm.token),
            &json!({"text": "Strategy meeting booked"}),
        )
        .await;
    responded.expect(200);
    assert_eq!(responded.body["status"], "open");
    let resolved = t
        .app
        .post(
            &path("resolve"),
            Some(&t.c.head_of_service.token),
            &json!({"resolution": "Plan revised and risks reduced"}),
        )
        .await;
    resolved.expect(200);
    assert_eq!(resolved.body["status"], "resolved");
    let timeline: Vec<&str> = resolved.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(timeline, vec!["raised", "response", "resolved"]);
    t.app
        .post(
            &path("resolve"),
            Some(&tm.token),
            &json!({"resolution": "again"}),
        )
        .await
        .expect_problem(409);
    assert!(kinds(&notifications(&t.app, &t.qa).await).contains(&"escalation_changed".to_string()));
    let open = t
        .app
        .get("/api/v1/escalations?status=open", Some(&t.qa.token))
        .await;
    assert_eq!(open.body["items"].as_array().unwrap().len(), 0);
}

#[both_backends]
async fn actions_move_from_open_to_verified(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let action = id(&t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Visit within 5 days"}),
        )
        .await);
    let path = |what: &str| format!("/api/v1/actions/{action}/{what}");
    let worker = &t.c.practitioner;
    let mine = t
        .app
        .get(
            &format!("/api/v1/actions?owner_id={}&status=open", worker.id),
            Some(&worker.token),
        )
        .await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    t.app
        .post(&path("start"), Some(&t.c.colleague.token), &json!({}))
        .await
        .expect_problem(404);
    t.app
        .post(&path("start"), Some(&worker.token), &json!({}))
        .await
        .expect(200);
    t.app
        .post(&path("start"), Some(&worker.token), &json!({}))
        .await
        .expect_problem(409);
    t.app
        .post(&path("complete"), Some(&worker.token), &json!({}))
        .await
        .expect_problem(422);
    let done = t
        .app
        .post(
            &path("complete"),
            Some(&worker.token),
            &json!({"evidence": "Visited on Monday"}),
        )
        .await;
    done.expect(200);
    assert_eq!(done.body["status"], "completed");
    t.app
        .post(&path("verify"), Some(&tm.token), &json!({"impact": "x"}))
        .await
        .expect_problem(403);
    t.app
        .post(&path("verify"), Some(&worker.token), &json!({}))
        .await
        .expect_problem(403);
    let verified = t
        .app
        .post(
            &path("verify"),
            Some(&t.qa.token),
            &json!({"impact": "Child seen weekly now"}),
        )
        .await;
    verified.expect(200);
    assert_eq!(verified.body["status"], "verified");
    t.app
        .post(&path("cancel"), Some(&t.qa.token), &json!({"reason": "no"}))
        .await
        .expect_problem(409);
    t.app
        .post(
            &path("cancel"),
            Some(&worker.token),
            &json!({"reason": "no"}),
        )
        .await
        .expect_problem(403);
}
