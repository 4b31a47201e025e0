//! Races: two requests that change the same record at the same moment never both win. Every
//! state change and every `If-Match` write is a conditional update, so on PostgreSQL's READ
//! COMMITTED, where a read-check-write would lose an update, the loser sees 412 or 409.

use futures_util::future::join_all;
use qa_test_macros::both_backends;
use qa_tests::workflow::{id, login, refresh, refresh_cookie, setup, start, submitted_audit};
use qa_tests::{spawn_app_with, Backend, TEST_PASSWORD};
use serde_json::json;

fn statuses(answers: &[qa_tests::Answer]) -> Vec<u16> {
    let mut all: Vec<u16> = answers.iter().map(|a| a.status).collect();
    all.sort_unstable();
    all
}

/// Each worker's blocking threads are capped at the pool's connections plus a little headroom:
/// with one connection, forty-eight requests at once queue for threads and every one answers.
#[both_backends]
async fn more_requests_at_once_than_blocking_threads_all_answer(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.pool_size = 1;
        s.workers = 1;
    })
    .await;
    let c = app.council();
    let audit = id(start(&app, &c.team_manager, &c.case_own).await.expect(201));
    let paths: Vec<String> = (0..48)
        .map(|n| match n % 3 {
            0 => "/api/v1/audits?limit=50".to_string(),
            1 => format!("/api/v1/audits/{audit}"),
            _ => "/api/v1/cases?limit=50".to_string(),
        })
        .collect();
    let answers = join_all(
        paths
            .iter()
            .map(|path| app.get(path, Some(&c.team_manager.token))),
    )
    .await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "{:?}",
        statuses(&answers)
    );
}

#[both_backends]
async fn twenty_patches_with_one_etag_let_exactly_one_win(backend: Backend) {
    let t = setup(backend).await;
    let audit = id(start(&t.app, &t.c.team_manager, &t.c.case_own)
        .await
        .expect(201));
    let path = format!("/api/v1/audits/{audit}");
    let etag = t
        .app
        .get(&path, Some(&t.c.team_manager.token))
        .await
        .header("etag")
        .expect("etag");
    let bodies: Vec<_> = (0..20)
        .map(|n| json!({"summary": format!("writer {n}")}))
        .collect();
    let answers = join_all(bodies.iter().map(|body| {
        t.app
            .patch(&path, Some(&t.c.team_manager.token), Some(&etag), body)
    }))
    .await;
    let ok: Vec<_> = answers.iter().filter(|a| a.status == 200).collect();
    assert_eq!(ok.len(), 1, "statuses: {:?}", statuses(&answers));
    assert!(
        answers.iter().all(|a| a.status == 200 || a.status == 412),
        "{:?}",
        statuses(&answers)
    );
    let after = t.app.get(&path, Some(&t.c.team_manager.token)).await;
    assert_eq!(after.body["version"], 2, "the version rose exactly once");
    assert_eq!(
        after.body["summary"], ok[0].body["summary"],
        "the winner's write is the one kept"
    );
}

#[both_backends]
async fn two_resolves_of_one_escalation_let_exactly_one_win(backend: Backend) {
    let t = setup(backend).await;
    let audit = submitted_audit(&t, "inadequate").await;
    let detail = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await;
    let escalation = detail.body["escalation_id"]
        .as_str()
        .expect("an escalation")
        .to_string();
    let path = format!("/api/v1/escalations/{escalation}/resolve");
    let bodies: Vec<_> = (0..2)
        .map(|n| json!({"resolution": format!("resolution {n}")}))
        .collect();
    let answers = join_all(
        bodies
            .iter()
            // The manager audited their own case, so it was raised to the head of service.
            .map(|body| t.app.post(&path, Some(&t.c.head_of_service.token), body)),
    )
    .await;
    assert_eq!(statuses(&answers), vec![200, 409]);
    let after = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&t.qa.token),
        )
        .await;
    let resolved = after.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "resolved")
        .count();
    assert_eq!(resolved, 1, "one resolution on the timeline");
}

#[both_backends]
async fn completing_and_cancelling_one_action_at_once_let_exactly_one_win(backend: Backend) {
    let t = setup(backend).await;
    let audit = id(start(&t.app, &t.c.team_manager, &t.c.case_own)
        .await
        .expect(201));
    let action = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&t.c.team_manager.token),
            &json!({"description": "Update the chronology"}),
        )
        .await;
    let action = id(action.expect(201));
    let (complete_path, cancel_path) = (
        format!("/api/v1/actions/{action}/complete"),
        format!("/api/v1/actions/{action}/cancel"),
    );
    let (evidence, reason) = (
        json!({"evidence": "Chronology updated"}),
        json!({"reason": "No longer needed"}),
    );
    let (completed, cancelled) = tokio::join!(
        t.app
            .post(&complete_path, Some(&t.c.practitioner.token), &evidence),
        t.app
            .post(&cancel_path, Some(&t.c.team_manager.token), &reason)
    );
    assert_eq!(
        statuses(&[completed, cancelled]),
        vec![200, 409],
        "exactly one of complete and cancel wins"
    );
    let after = t
        .app
        .get(&format!("/api/v1/actions/{action}"), Some(&t.qa.token))
        .await;
    match after.body["status"].as_str() {
        Some("completed") => assert!(after.body["cancel_reason"].is_null()),
        Some("cancelled") => {
            assert!(after.body["evidence"].is_null());
            assert!(after.body["completed_at"].is_null());
        }
        other => panic!("unexpected status {other:?}"),
    }
}

#[both_backends]
async fn a_return_racing_a_moderation_leaves_a_consistent_audit(backend: Backend) {
    let t = setup(backend).await;
    let audit = submitted_audit(&t, "good").await;
    let (return_path, moderation_path) = (
        format!("/api/v1/audits/{audit}/return"),
        format!("/api/v1/audits/{audit}/moderation"),
    );
    let (reason, moderation) = (
        json!({"reason": "Evidence for standard 3 is thin"}),
        json!({"agreed": true, "rationale": "Grade agreed"}),
    );
    let (returned, moderated) = tokio::join!(
        t.app.post(&return_path, Some(&t.qa.token), &reason),
        t.app.post(
            &moderation_path,
            Some(&t.c.head_of_service.token),
            &moderation
        )
    );
    assert_eq!(statuses(&[returned, moderated]), vec![200, 409]);
    let after = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await;
    match after.body["status"].as_str() {
        Some("draft") => assert!(after.body.get("moderation").is_none()),
        Some("moderated") => assert!(after.body.get("returned_reason").is_none()),
        other => panic!("unexpected status {other:?}"),
    }
}

#[both_backends]
async fn two_refreshes_with_one_token_win_at_most_once_and_revoke_the_family(backend: Backend) {
    let t = setup(backend).await;
    let user = &t.c.practitioner;
    let token = refresh_cookie(&login(&t.app, &user.email, TEST_PASSWORD).await);
    let answers = join_all((0..2).map(|_| refresh(&t.app, &token))).await;
    let winners: Vec<_> = answers.iter().filter(|a| a.status == 200).collect();
    assert!(winners.len() <= 1, "statuses: {:?}", statuses(&answers));
    assert!(answers.iter().any(|a| a.status == 401));
    // The loser saw a reused token: the whole family is revoked, the winner's new token too.
    for winner in winners {
        refresh(&t.app, &refresh_cookie(winner))
            .await
            .expect_problem(401);
    }
}
