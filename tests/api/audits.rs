//! Case file audits: the whole loop through the HTTP API, every rule named.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, kinds, notifications, setup, start, submit};
use qa_tests::{Backend, TestUser};
use reqwest::Method;
use serde_json::json;

#[both_backends]
async fn starting_an_audit_takes_worker_team_and_period_from_the_case(backend: Backend) {
    let t = setup(backend).await;
    let answer = start(&t.app, &t.c.team_manager, &t.c.case_own).await;
    answer.expect(201);
    assert!(answer.header("location").unwrap().ends_with(&id(&answer)));
    assert_eq!(answer.header("etag").as_deref(), Some("\"1\""));
    let body = &answer.body;
    assert_eq!(body["status"], "draft");
    assert_eq!(body["auditor_id"], t.c.team_manager.id.as_str());
    assert_eq!(body["practitioner_id"], t.c.practitioner.id.as_str());
    assert_eq!(body["team_id"], t.c.team_one.as_str());
    let start = time::Date::parse(
        body["period_start"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let end = time::Date::parse(
        body["period_end"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let days = (end - start).whole_days();
    assert!((181..=184).contains(&days), "six months is {days} days");
    assert_eq!(body["judgements"].as_array().map(Vec::len), Some(0));
}

#[both_backends]
async fn only_auditors_start_audits_and_only_in_their_scope(backend: Backend) {
    let t = setup(backend).await;
    start(&t.app, &t.c.practitioner, &t.c.case_own)
        .await
        .expect_problem(403);
    let admin = t.app.create_user("Ada", &["admin"], None);
    start(&t.app, &admin, &t.c.case_own)
        .await
        .expect_problem(403);
    let outside = start(&t.app, &t.c.team_manager, &t.c.case_other_service).await;
    outside.expect_problem(422);
    assert_eq!(outside.error_fields(), vec!["case_id"]);
    start(&t.app, &t.c.head_of_service, &t.c.case_same_service)
        .await
        .expect(201);
    start(&t.app, &t.qa, &t.c.case_other_service)
        .await
        .expect(201);
    // Authorisation comes before validation: a practitioner's bad body is still a 403.
    t.app
        .post(
            "/api/v1/audits",
            Some(&t.c.practitioner.token),
            &json!({"kind": 7}),
        )
        .await
        .expect_problem(403);
}

#[both_backends]
async fn themed_audits_and_dip_samples_need_a_theme(backend: Backend) {
    let t = setup(backend).await;
    for kind in ["themed", "dip_sample"] {
        let answer = t
            .app
            .post(
                "/api/v1/audits",
                Some(&t.qa.token),
                &json!({"kind": kind, "case_id": t.c.case_own}),
            )
            .await;
        answer.expect_problem(422);
        assert_eq!(answer.error_fields(), vec!["theme_id"]);
    }
    let theme = t
        .app
        .post("/api/v1/themes", Some(&t.qa.token), &json!({"title": "Neglect", "rationale": "Rising referrals", "source": "performance_data"}))
        .await;
    theme.expect(201);
    t.app
        .post(
            "/api/v1/audits",
            Some(&t.qa.token),
            &json!({"kind": "themed", "case_id": t.c.case_own, "theme_id": theme.body["id"]}),
        )
        .await
        .expect(201);
}

#[both_backends]
async fn submitting_an_incomplete_audit_lists_every_missing_item(backend: Backend) {
    let t = setup(backend).await;
    let audit = id(&start(&t.app, &t.c.team_manager, &t.c.case_own).await);
    let answer = submit(&t.app, &t.c.team_manager, &audit).await;
    answer.expect_problem(422);
    let fields = answer.error_fields();
    assert_eq!(fields.len(), 13, "{fields:?}");
    for n in 1..=10 {
        assert!(
            fields.contains(&format!("judgements.{n}.grade")),
            "{fields:?}"
        );
    }
    for f in ["overall_grade", "child_views", "family_views"] {
        assert!(fields.contains(&f.to_string()));
    }
    // A grade without evidence is named too, and the audit stays a draft.
    t.app
        .put(
            &format!("/api/v1/audits/{audit}/judgements/3"),
            Some(&t.c.team_manager.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect(200);
    let again = submit(&t.app, &t.c.team_manager, &audit).await;
    assert!(again
        .error_fields()
        .contains(&"judgements.3.evidence".to_string()));
    let read = t
        .app
        .get(
            &format!("/api/v1/audits/{audit}"),
            Some(&t.c.team_manager.token),
        )
        .await;
    assert_eq!(read.body["status"], "draft");
}

#[both_backends]
async fn judgements_check_the_standard_and_the_grade(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let path = |n: &str| format!("/api/v1/audits/{audit}/judgements/{n}");
    t.app
        .put(&path("11"), Some(&tm.token), &json!({"grade": "good"}))
        .await
        .expect_problem(404);
    t.app
        .put(&path("x"), Some(&tm.token), &json!({"grade": "good"}))
        .await
        .expect_problem(404);
    let unknown = t
        .app
        .put(&path("2"), Some(&tm.token), &json!({"grade": "brilliant"}))
        .await;
    unknown.expect_problem(422);
    assert_eq!(unknown.error_fields(), vec!["grade"]);
    let both = t
        .app
        .put(
            &path("2"),
            Some(&tm.token),
            &json!({"grade": "good", "not_applicable_reason": "n/a"}),
        )
        .await;
    assert_eq!(both.error_fields(), vec!["not_applicable_reason"]);
    let saved = t
        .app
        .put(
            &path("2"),
            Some(&tm.token),
            &json!({"grade": "good", "evidence": "Seen"}),
        )
        .await;
    saved.expect(200);
    assert_eq!(saved.header("etag").as_deref(), Some("\"2\""));
    // A stale If-Match is refused; a current one accepted.
    t.app
        .send(
            t.app
                .request(reqwest::Method::PUT, &path("2"), Some(&tm.token))
                .header("if-match", "\"1\"")
                .json(&json!({"grade": "good"})),
        )
        .await
        .expect_problem(412);
    // Someone else, even a manager who can see it, may not judge.
    t.app
        .put(
            &path("2"),
            Some(&t.c.head_of_service.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect_problem(403);
    // The practitioner does not see a draft about their own case at all.
    t.app
        .put(
            &path("2"),
            Some(&t.c.practitioner.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect_problem(404);
}

#[both_backends]
async fn patching_a_draft_needs_if_match_and_the_auditor(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let path = format!("/api/v1/audits/{audit}");
    t.app
        .patch(&path, Some(&tm.token), None, &json!({"summary": "x"}))
        .await
        .expect_problem(428);
    t.app
        .patch(
            &path,
            Some(&tm.token),
            Some("\"9\""),
            &json!({"summary": "x"}),
        )
        .await
        .expect_problem(412);
    t.app
        .patch(
            &path,
            Some(&t.qa.token),
            Some("\"1\""),
            &json!({"summary": "x"}),
        )
        .await
        .expect_problem(403);
    let bad = t
        .app
        .patch(
            &path,
            Some(&tm.token),
            Some("\"1\""),
            &json!({"overall_grade": "superb", "period_start": "2026-13-01"}),
        )
        .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["period_start"]);
    let bad_grade = t
        .app
        .patch(
            &path,
            Some(&tm.token),
            Some("\"1\""),
            &json!({"overall_grade": "superb"}),
        )
        .await;
    assert_eq!(bad_grade.error_fields(), vec!["overall_grade"]);
    let ok = t
        .app
        .patch(
            &path,
            Some(&tm.token),
            Some("\"1\""),
            &json!({"summary": "Draft summary", "side_by_side": true}),
        )
        .await;
    ok.expect(200);
    assert_eq!(ok.body["summary"], "Draft summary");
    assert_eq!(ok.body["side_by_side"], true);
    complete(&t.app, tm, &audit, "good").await;
    submit(&t.app, tm, &audit).await.expect(200);
    let etag = t
        .app
        .get(&path, Some(&tm.token))
        .await
        .header("etag")
        .unwrap();
    t.app
        .patch(
            &path,
            Some(&tm.token),
            Some(&etag),
            &json!({"summary": "late"}),
        )
        .await
        .expect_problem(409);
    t.app
        .put(
            &format!("{path}/judgements/1"),
            Some(&tm.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect_problem(409);
}

#[both_backends]
async fn submitting_a_complete_audit_tells_the_practitioner(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    complete(&t.app, tm, &audit, "good").await;
    let answer = submit(&t.app, tm, &audit).await;
    answer.expect(200);
    assert_eq!(answer.body["status"], "submitted");
    assert!(answer.body["submitted_at"].is_string());
    assert!(
        answer.body.get("escalation_id").is_none(),
        "a good audit opens no escalation"
    );
    submit(&t.app, tm, &audit).await.expect_problem(409);
    assert!(kinds(&notifications(&t.app, &t.c.practitioner).await)
        .contains(&"audit_submitted".to_string()));
}

#[both_backends]
async fn an_inadequate_audit_by_someone_else_escalates_to_the_case_accountable_manager(
    backend: Backend,
) {
    let t = setup(backend).await;
    let audit = id(&start(&t.app, &t.qa, &t.c.case_own).await);
    complete(&t.app, &t.qa, &audit, "inadequate").await;
    submit(&t.app, &t.qa, &audit).await.expect(200);
    let list = t
        .app
        .get(
            &format!("/api/v1/escalations?case_id={}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await;
    let escalation = &list.body["items"][0];
    assert_eq!(escalation["raised_to"], t.c.team_manager.id.as_str());
    assert_eq!(escalation["raised_by"], t.qa.id.as_str());
    assert_eq!(escalation["stage"], 1, "the team manager's stage");
    // Notifications name the child by initials and the council's reference.
    let told = notifications(&t.app, &t.c.team_manager).await;
    let reference: String = t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::cases;
        cases::table
            .filter(cases::id.eq(&t.c.case_own))
            .select(cases::external_ref)
            .first(conn)
            .expect("the case")
    });
    assert!(
        told.iter()
            .any(|n| n["title"].as_str().unwrap_or("").contains(&reference)),
        "{told:?}"
    );
}

#[both_backends]
async fn submitting_an_inadequate_audit_opens_one_escalation(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    complete(&t.app, tm, &audit, "inadequate").await;
    // Many submits at once: exactly one wins, the rest are told it is already submitted.
    let mut handles = Vec::new();
    for _ in 0..8 {
        let client = t.app.client.clone();
        let url = format!("{}/api/v1/audits/{audit}/submit", t.app.address);
        let token = tm.token.clone();
        handles.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409, 409, 409]);
    let list = t
        .app
        .get(
            &format!("/api/v1/escalations?case_id={}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await;
    list.expect(200);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "exactly one escalation");
    let escalation = &items[0];
    assert_eq!(escalation["source"], "audit");
    assert_eq!(escalation["source_id"], audit.as_str());
    assert_eq!(
        escalation["raised_to"],
        t.c.head_of_service.id.as_str(),
        "the auditor is the case-accountable manager: raised to the head of service above"
    );
    assert_eq!(escalation["stage"], 2, "the head of service's stage");
    assert_eq!(escalation["standards"], json!([1]));
    let read = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&tm.token))
        .await;
    assert_eq!(read.body["escalation_id"], escalation["id"]);
    assert!(kinds(&notifications(&t.app, &t.c.head_of_service).await)
        .contains(&"escalation_raised".to_string()));
}

#[both_backends]
async fn remedial_actions_reach_the_worker_and_manager_at_once(backend: Backend) {
    let t = setup(backend).await;
    let hos = &t.c.head_of_service;
    let audit = id(&start(&t.app, hos, &t.c.case_own).await);
    let answer = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&hos.token),
            &json!({"description": "Update the safety plan", "standard_number": 1}),
        )
        .await;
    answer.expect(201);
    assert_eq!(
        answer.body["owner_id"],
        t.c.practitioner.id.as_str(),
        "default owner is the case's worker"
    );
    assert_eq!(answer.body["kind"], "remedial");
    assert_eq!(answer.body["status"], "open");
    let expected_due = t
        .app
        .get(
            &format!(
                "/api/v1/calendar/working-days?from={}&add=10",
                qa_api::dates::format_date(qa_api::dates::london_today())
            ),
            Some(&hos.token),
        )
        .await;
    assert_eq!(
        answer.body["due_on"], expected_due.body["date"],
        "due in 10 working days"
    );
    // Still a draft, and both people already know.
    for user in [&t.c.practitioner, &t.c.team_manager] {
        let items = notifications(&t.app, user).await;
        assert_eq!(kinds(&items), vec!["remedial_action_raised"]);
        assert_eq!(items[0]["record_id"], answer.body["id"]);
    }
    let detail = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&hos.token))
        .await;
    assert_eq!(detail.body["status"], "draft");
    assert_eq!(
        detail.body["remedial_actions"].as_array().map(Vec::len),
        Some(1)
    );
    // The read gathers the actions in the query that finds the audit (as JSON): each one as
    // its own answer gave it, dates and times included.
    assert_eq!(detail.body["remedial_actions"][0], answer.body);
    let bad = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&hos.token),
            &json!({"description": "", "due_on": "2020-01-01", "standard_number": 40}),
        )
        .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["description"]);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&t.c.practitioner.token),
            &json!({"description": "x"}),
        )
        .await
        .expect_problem(404);
}

#[both_backends]
async fn a_high_alert_also_tells_the_head_of_service(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, &t.qa, &t.c.case_own).await);
    let low = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/alerts"),
            Some(&t.qa.token),
            &json!({"concern": "Missed visit", "severity": "low"}),
        )
        .await;
    low.expect(201);
    assert!(notifications(&t.app, &t.c.head_of_service).await.is_empty());
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.practitioner).await),
        vec!["safeguarding_alert_raised"]
    );
    assert_eq!(
        kinds(&notifications(&t.app, tm).await),
        vec!["safeguarding_alert_raised"]
    );
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/alerts"),
            Some(&t.qa.token),
            &json!({"concern": "Unsafe contact", "severity": "high"}),
        )
        .await
        .expect(201);
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.head_of_service).await),
        vec!["safeguarding_alert_raised"]
    );
    let bad = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/alerts"),
            Some(&t.qa.token),
            &json!({"concern": "", "severity": "urgent"}),
        )
        .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["severity"]);
    // The read gathers the alerts in the query that finds the audit (as JSON): each one as its
    // own answer gave it.
    let detail = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await;
    let alerts = detail.body["alerts"].as_array().expect("alerts");
    assert_eq!(alerts.len(), 2);
    assert!(alerts.contains(&low.body), "{alerts:?} lacks {}", low.body);
}

#[both_backends]
async fn the_practitioner_replies_once_and_the_auditor_is_told(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let reply = |who: &TestUser| {
        let path = format!("/api/v1/audits/{audit}/response");
        let token = who.token.clone();
        let app = &t.app;
        async move {
            app.post(
                &path,
                Some(&token),
                &json!({"reflection": "I will update the plan"}),
            )
            .await
        }
    };
    // A draft is not the practitioner's to see, let alone answer.
    reply(&t.c.practitioner).await.expect_problem(404);
    complete(&t.app, tm, &audit, "requires_improvement").await;
    submit(&t.app, tm, &audit).await.expect(200);
    reply(&t.c.colleague).await.expect_problem(404);
    reply(&t.qa).await.expect_problem(403);
    let answer = reply(&t.c.practitioner).await;
    answer.expect(200);
    assert!(answer.body["acknowledged_at"].is_string());
    assert_eq!(answer.body["response_reflection"], "I will update the plan");
    reply(&t.c.practitioner).await.expect_problem(409);
    assert!(kinds(&notifications(&t.app, tm).await).contains(&"audit_response".to_string()));
}

#[both_backends]
async fn moderation_is_never_by_the_auditor_and_can_open_an_escalation(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let path = format!("/api/v1/audits/{audit}/moderation");
    t.app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"agreed": true, "rationale": "ok"}),
        )
        .await
        .expect_problem(409);
    complete(&t.app, tm, &audit, "requires_improvement").await;
    submit(&t.app, tm, &audit).await.expect(200);
    t.app
        .post(
            &path,
            Some(&tm.token),
            &json!({"agreed": true, "rationale": "mine"}),
        )
        .await
        .expect_problem(403);
    t.app
        .post(
            &path,
            Some(&t.c.practitioner.token),
            &json!({"agreed": true, "rationale": "x"}),
        )
        .await
        .expect_problem(403);
    let missing = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"agreed": false, "rationale": "Risks unaddressed"}),
        )
        .await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["moderated_grade"]);
    let answer = t
        .app
        .post(&path, Some(&t.c.head_of_service.token), &json!({"agreed": false, "moderated_grade": "inadequate", "rationale": "Risks unaddressed"}))
        .await;
    answer.expect(200);
    assert_eq!(answer.body["status"], "moderated");
    assert_eq!(answer.body["effective_grade"], "inadequate");
    assert_eq!(answer.body["overall_grade"], "requires_improvement");
    assert_eq!(answer.body["moderation"]["moderated_grade"], "inadequate");
    assert!(
        answer.body["escalation_id"].is_string(),
        "a moderated inadequate grade opens the escalation"
    );
    t.app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"agreed": true, "rationale": "again"}),
        )
        .await
        .expect_problem(409);
}

#[both_backends]
async fn moderation_never_withdraws_an_escalation(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    complete(&t.app, tm, &audit, "inadequate").await;
    let submitted = submit(&t.app, tm, &audit).await;
    submitted.expect(200);
    let escalation = submitted.body["escalation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let moderated = t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/moderation"),
            Some(&t.qa.token),
            &json!({"agreed": false, "moderated_grade": "good", "rationale": "Risks were in hand"}),
        )
        .await;
    moderated.expect(200);
    assert_eq!(moderated.body["effective_grade"], "good");
    assert_eq!(moderated.body["escalation_id"], escalation.as_str());
    let read = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(
        read.body["status"], "open",
        "moderation leaves the escalation open"
    );
}

#[both_backends]
async fn qa_officers_return_submitted_audits_to_the_auditor(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    complete(&t.app, tm, &audit, "good").await;
    submit(&t.app, tm, &audit).await.expect(200);
    let path = format!("/api/v1/audits/{audit}/return");
    t.app
        .post(
            &path,
            Some(&t.c.head_of_service.token),
            &json!({"reason": "x"}),
        )
        .await
        .expect_problem(403);
    t.app
        .post(&path, Some(&t.qa.token), &json!({}))
        .await
        .expect_problem(422);
    let answer = t
        .app
        .post(
            &path,
            Some(&t.qa.token),
            &json!({"reason": "Evidence for standard 4 is thin"}),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.body["status"], "draft");
    assert_eq!(
        answer.body["returned_reason"],
        "Evidence for standard 4 is thin"
    );
    assert!(kinds(&notifications(&t.app, tm).await).contains(&"audit_returned".to_string()));
    t.app
        .post(&path, Some(&t.qa.token), &json!({"reason": "again"}))
        .await
        .expect_problem(409);
    submit(&t.app, tm, &audit).await.expect(200);
}

#[both_backends]
async fn a_reply_is_due_the_set_working_days_after_submission(backend: Backend) {
    let app = qa_tests::spawn_app_with(backend, |s| s.reply_working_days = 3).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let audit = id(&start(&app, &qa, &c.case_own).await);
    let path = format!("/api/v1/audits/{audit}");
    let draft = app.get(&path, Some(&qa.token)).await;
    assert!(
        draft.body["reply_due_on"].is_null(),
        "no deadline for a draft"
    );
    complete(&app, &qa, &audit, "good").await;
    submit(&app, &qa, &audit).await.expect(200);
    // Submitted thirty days ago (across a month end): due three working days after that day, by the
    // same calendar module the API's working-day calculator uses.
    let month_ago = time::OffsetDateTime::now_utc() - time::Duration::days(30);
    let submitted_day = qa_api::dates::london_date(month_ago);
    app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::audits;
        diesel::update(audits::table.filter(audits::id.eq(&audit)))
            .set(audits::submitted_at.eq(Some(qa_api::dates::from_offset(month_ago))))
            .execute(conn)
            .expect("backdate");
    });
    let three_working_days_on = format!(
        "/api/v1/calendar/working-days?from={}&add=3",
        qa_api::dates::format_date(submitted_day)
    );
    let expected = app.get(&three_working_days_on, Some(&qa.token)).await;
    let read = app.get(&path, Some(&c.practitioner.token)).await;
    read.expect(200);
    assert_eq!(read.body["reply_due_on"], expected.body["date"]);
    assert_eq!(read.body["reply_overdue"], true, "{}", read.text);
    let listed = app.get("/api/v1/audits", Some(&c.practitioner.token)).await;
    assert_eq!(listed.body["items"][0]["reply_overdue"], true);
    assert_eq!(
        listed.body["items"][0]["reply_due_on"],
        expected.body["date"]
    );
    // The due day is made a bank holiday: the deadline shown moves with it at once, although
    // the service keeps the calendar it read for a few seconds.
    let admin = app.create_user("Al Admin", &["admin"], None);
    let due_day = expected.body["date"].as_str().expect("a date").to_string();
    app.put(
        &format!("/api/v1/calendar/adjustments/{due_day}"),
        Some(&admin.token),
        &json!({"change": "add", "name": "Extra bank holiday"}),
    )
    .await
    .expect(200);
    let moved = app.get(&three_working_days_on, Some(&qa.token)).await;
    assert_ne!(moved.body["date"], expected.body["date"]);
    let read = app.get(&path, Some(&c.practitioner.token)).await;
    assert_eq!(read.body["reply_due_on"], moved.body["date"]);
    let listed = app.get("/api/v1/audits", Some(&c.practitioner.token)).await;
    assert_eq!(listed.body["items"][0]["reply_due_on"], moved.body["date"]);
    app.send(app.request(
        Method::DELETE,
        &format!("/api/v1/calendar/adjustments/{due_day}"),
        Some(&admin.token),
    ))
    .await
    .expect(200);
    let read = app.get(&path, Some(&c.practitioner.token)).await;
    assert_eq!(read.body["reply_due_on"], expected.body["date"]);
    // The reply comes: no longer overdue, the due date stays on record.
    app.post(
        &format!("{path}/response"),
        Some(&c.practitioner.token),
        &json!({"reflection": "I will update the plan"}),
    )
    .await
    .expect(200);
    let read = app.get(&path, Some(&c.practitioner.token)).await;
    assert_eq!(read.body["reply_overdue"], false);
    assert_eq!(read.body["reply_due_on"], expected.body["date"]);
}
