//! The QA unit's day (the day-one issue): the moderation sample drawn at submission, reply
//! deadlines a list can filter on, and a theme's sample of cases assigned to auditors.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, kinds, notifications, setup, start, submit, Loop};
use qa_tests::{spawn_app_with, Backend, TestUser};
use serde_json::{json, Value};

fn ids(answer: &Value) -> Vec<String> {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

async fn submitted(t: &Loop, auditor: &TestUser, case: &str, grade: &str) -> String {
    let audit = id(start(&t.app, auditor, case).await.expect(201));
    complete(&t.app, auditor, &audit, grade).await;
    submit(&t.app, auditor, &audit).await.expect(200);
    audit
}

#[both_backends]
async fn one_in_n_of_each_auditors_audits_and_every_inadequate_one_is_sampled_for_moderation(
    backend: Backend,
) {
    let app = spawn_app_with(backend, |s| s.moderation_sample_rate = 3).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let analyst = app.create_user("Ana Lyst", &["performance_analyst"], Some(&c.directorate));
    let t = Loop {
        app,
        c,
        qa,
        analyst,
    };
    let tm = &t.c.team_manager;
    let mut audits = Vec::new();
    for _ in 0..4 {
        audits.push(submitted(&t, tm, &t.c.case_own, "good").await);
    }
    let inadequate = submitted(&t, tm, &t.c.case_same_team, "inadequate").await;
    // Another auditor's count starts afresh.
    let head = submitted(&t, &t.c.head_of_service, &t.c.case_own, "good").await;
    let sampled = |audit: &str| {
        let app = &t.app;
        let token = t.qa.token.clone();
        let path = format!("/api/v1/audits/{audit}");
        async move { app.get(&path, Some(&token)).await.body["moderation_sampled"].clone() }
    };
    let flags: Vec<Value> = futures_util::future::join_all(audits.iter().map(|a| sampled(a))).await;
    assert_eq!(
        flags,
        vec![json!(true), json!(false), json!(false), json!(true)]
    );
    assert_eq!(sampled(&inadequate).await, json!(true));
    assert_eq!(sampled(&head).await, json!(true));
    // The queue: sampled, submitted, oldest first.
    let queue = t
        .app
        .get(
            "/api/v1/audits?status=submitted&moderation_sampled=true&sort=created_at&count=true",
            Some(&t.qa.token),
        )
        .await;
    queue.expect(200);
    assert_eq!(
        ids(&queue.body),
        vec![audits[0].clone(), audits[3].clone(), inadequate, head]
    );
    assert_eq!(queue.body["total"], 4);
}

#[both_backends]
async fn lists_find_replies_overdue_by_the_working_day_deadline(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let late = submitted(&t, tm, &t.c.case_own, "good").await;
    let fresh = submitted(&t, tm, &t.c.case_own, "good").await;
    let answered = submitted(&t, tm, &t.c.case_own, "good").await;
    t.app
        .post(
            &format!("/api/v1/audits/{answered}/response"),
            Some(&t.c.practitioner.token),
            &json!({"reflection": "Thank you"}),
        )
        .await
        .expect(200);
    // Submitted six weeks ago: well past ten working days.
    let long_ago = qa_api::dates::now_utc() - time::Duration::days(42);
    t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::audits;
        diesel::update(audits::table.filter(audits::id.eq(&late)))
            .set(audits::submitted_at.eq(long_ago))
            .execute(conn)
            .unwrap()
    });
    let overdue = t
        .app
        .get("/api/v1/audits?reply_overdue=true", Some(&tm.token))
        .await;
    overdue.expect(200);
    assert_eq!(ids(&overdue.body), vec![late.clone()]);
    assert_eq!(
        overdue.body["items"][0]["reply_overdue"], true,
        "the list agrees with the flag"
    );
    let not_overdue = t
        .app
        .get(
            "/api/v1/audits?reply_overdue=false&sort=created_at",
            Some(&tm.token),
        )
        .await;
    assert_eq!(ids(&not_overdue.body), vec![fresh, answered]);
    // Submitted dates filter by the London day.
    let today = qa_api::dates::format_date(qa_api::dates::london_today());
    let today_only = t
        .app
        .get(
            &format!("/api/v1/audits?submitted_from={today}&submitted_to={today}"),
            Some(&tm.token),
        )
        .await;
    assert_eq!(today_only.body["items"].as_array().unwrap().len(), 2);
}

#[both_backends]
async fn actions_are_listed_by_case(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    for case in [&t.c.case_own, &t.c.case_same_team] {
        let audit = id(start(&t.app, tm, case).await.expect(201));
        t.app
            .post(
                &format!("/api/v1/audits/{audit}/remedial-actions"),
                Some(&tm.token),
                &json!({"description": "Update the chronology"}),
            )
            .await
            .expect(201);
    }
    let own = t
        .app
        .get(
            &format!("/api/v1/actions?case_id={}", t.c.case_own),
            Some(&tm.token),
        )
        .await;
    own.expect(200);
    let items = own.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["case_id"], t.c.case_own.as_str());
}

async fn theme(t: &Loop) -> String {
    id(t.app
        .post(
            "/api/v1/themes",
            Some(&t.qa.token),
            &json!({"title": "Lived experience in child protection plans", "rationale": "R",
                    "source": "qa_activity", "sample_size": 3}),
        )
        .await
        .expect(201))
}

#[both_backends]
async fn a_themes_sample_is_drawn_and_assigned_to_auditors_in_turn(backend: Backend) {
    let t = setup(backend).await;
    let theme = theme(&t).await;
    let path = format!("/api/v1/themes/{theme}/sample");
    let tm = &t.c.team_manager;
    let head = &t.c.head_of_service;
    // Chosen cases go to the auditors in turn; the team manager cannot see team two's case,
    // so the head of service takes it.
    let chosen = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"case_ids": [t.c.case_own, t.c.case_same_service, t.c.case_same_team],
                    "auditor_ids": [tm.id, head.id]}),
        )
        .await;
    chosen.expect(201);
    let audits = chosen.body["audits"].as_array().unwrap();
    let assignment: Vec<(String, String)> = audits
        .iter()
        .map(|a| {
            (
                a["case_id"].as_str().unwrap().to_string(),
                a["auditor_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        assignment,
        vec![
            (t.c.case_own.clone(), tm.id.clone()),
            (t.c.case_same_service.clone(), head.id.clone()),
            (t.c.case_same_team.clone(), tm.id.clone()),
        ]
    );
    for audit in audits {
        assert_eq!(audit["kind"], "themed");
        assert_eq!(audit["status"], "draft");
        assert_eq!(audit["theme_id"], theme.as_str());
    }
    assert_eq!(
        kinds(&notifications(&t.app, tm).await),
        vec!["theme_sample_assigned"]
    );
    assert_eq!(
        kinds(&notifications(&t.app, head).await),
        vec!["theme_sample_assigned"]
    );
    // The auditor finds them among their drafts, and may write them.
    let drafts = t
        .app
        .get(
            &format!("/api/v1/audits?auditor_id={}&status=draft", tm.id),
            Some(&tm.token),
        )
        .await;
    assert_eq!(drafts.body["items"].as_array().unwrap().len(), 2);
    assert!(drafts.body["items"][0]["allowed_operations"]
        .as_array()
        .unwrap()
        .contains(&json!("submit")));
    // A case already in the sample, a case nobody given can see, nothing to draw.
    let again = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"case_ids": [t.c.case_own], "auditor_ids": [tm.id]}),
        )
        .await;
    again.expect_problem(422);
    assert_eq!(again.error_fields(), vec!["case_ids.0"]);
    let unseen = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"case_ids": [t.c.case_other_service], "auditor_ids": [tm.id]}),
        )
        .await;
    unseen.expect_problem(422);
    assert_eq!(unseen.error_fields(), vec!["case_ids.0"]);
    let random = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"random": {"count": 5}, "auditor_ids": [t.qa.id]}),
        )
        .await;
    random.expect(201);
    assert_eq!(
        random.body["audits"].as_array().unwrap().len(),
        1,
        "only the other service's case is left"
    );
    let empty = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"random": {"count": 5}, "auditor_ids": [t.qa.id]}),
        )
        .await;
    empty.expect_problem(422);
    assert_eq!(empty.error_fields(), vec!["random"]);
}

#[both_backends]
async fn only_the_qa_unit_draws_a_sample_and_never_for_a_closed_theme(backend: Backend) {
    let t = setup(backend).await;
    let theme = theme(&t).await;
    let path = format!("/api/v1/themes/{theme}/sample");
    let body = json!({"random": {"count": 2, "categories": ["child_in_need"]},
                      "auditor_ids": [t.c.team_manager.id]});
    t.app
        .post(&path, Some(&t.c.team_manager.token), &body)
        .await
        .expect_problem(403);
    let not_auditor = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"random": {"count": 2}, "auditor_ids": [t.c.practitioner.id]}),
        )
        .await;
    not_auditor.expect_problem(422);
    assert_eq!(not_auditor.error_fields(), vec!["auditor_ids.0"]);
    let both = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"random": {"count": 2}, "case_ids": [t.c.case_own], "auditor_ids": [t.qa.id]}),
        )
        .await;
    both.expect_problem(422);
    t.app
        .patch(
            &format!("/api/v1/themes/{theme}"),
            Some(&t.qa.token),
            Some("\"1\""),
            &json!({"status": "closed", "findings": "F", "recommendations": "R"}),
        )
        .await
        .expect(200);
    t.app
        .post(&path, Some(&t.qa.token), &body)
        .await
        .expect_problem(409);
    t.app
        .post(
            &format!("/api/v1/themes/{}/sample", uuid::Uuid::now_v7()),
            Some(&t.qa.token),
            &body,
        )
        .await
        .expect_problem(404);
}
