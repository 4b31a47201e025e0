//! Case file audits: the whole loop through the HTTP API, every rule named.

use qa_tests::{on_both_backends, spawn_app, Answer, Backend, Council, TestApp, TestUser};
use serde_json::{json, Value};

struct Loop {
    app: TestApp,
    c: Council,
    qa: TestUser,
    analyst: TestUser,
}

async fn setup(backend: Backend) -> Loop {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let analyst = app.create_user("Ana Lyst", &["performance_analyst"], Some(&c.directorate));
    Loop {
        app,
        c,
        qa,
        analyst,
    }
}

async fn start(app: &TestApp, auditor: &TestUser, case: &str) -> Answer {
    app.post(
        "/api/v1/audits",
        Some(&auditor.token),
        &json!({"kind": "case_file", "case_id": case}),
    )
    .await
}

fn id(answer: &Answer) -> String {
    answer.body["id"].as_str().expect("id").to_string()
}

/// Judges every standard, sets the overall grade and the views.
async fn complete(app: &TestApp, auditor: &TestUser, audit: &str, overall: &str) {
    for n in 1..=10 {
        let body = if n == 8 {
            json!({"not_applicable_reason": "The child is not in care"})
        } else {
            json!({"grade": if n == 1 { overall } else { "good" }, "evidence": format!("Evidence for standard {n}"),
                   "strengths": "Clear recording", "areas_for_development": "More direct work"})
        };
        app.put(
            &format!("/api/v1/audits/{audit}/judgements/{n}"),
            Some(&auditor.token),
            &body,
        )
        .await
        .expect(200);
    }
    let current = app
        .get(&format!("/api/v1/audits/{audit}"), Some(&auditor.token))
        .await;
    let etag = current.header("etag").unwrap();
    app.patch(
        &format!("/api/v1/audits/{audit}"),
        Some(&auditor.token),
        Some(&etag),
        &json!({"overall_grade": overall, "summary": "Summary of the audit", "child_views": "Wants to stay at school",
                "family_views": "Mother feels listened to"}),
    )
    .await
    .expect(200);
}

async fn submit(app: &TestApp, auditor: &TestUser, audit: &str) -> Answer {
    app.post(
        &format!("/api/v1/audits/{audit}/submit"),
        Some(&auditor.token),
        &json!({}),
    )
    .await
}

async fn notifications(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let answer = app.get("/api/v1/notifications", Some(&user.token)).await;
    answer.expect(200);
    answer.body["items"].as_array().unwrap().clone()
}

fn kinds(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

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
    t.app
        .put(
            &path("2"),
            Some(&t.c.practitioner.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect_problem(403);
}

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
        tm.id.as_str(),
        "raised to the case-accountable manager"
    );
    assert_eq!(escalation["stage"], 1);
    assert_eq!(escalation["standards"], json!([1]));
    let read = t
        .app
        .get(&format!("/api/v1/audits/{audit}"), Some(&tm.token))
        .await;
    assert_eq!(read.body["escalation_id"], escalation["id"]);
    assert!(kinds(&notifications(&t.app, &t.c.head_of_service).await)
        .contains(&"escalation_raised".to_string()));
}

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
        .expect_problem(403);
}

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
}

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
    reply(&t.c.practitioner).await.expect_problem(409);
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

async fn overdue_actions_are_derived_from_the_due_date(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let action = id(&t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Overdue one"}),
        )
        .await);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Not yet due"}),
        )
        .await
        .expect(201);
    t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::actions;
        diesel::update(actions::table.find(&action))
            .set(actions::due_on.eq(time::macros::date!(2025 - 01 - 10)))
            .execute(conn)
            .unwrap();
    });
    let overdue = t
        .app
        .get("/api/v1/actions?overdue=true", Some(&tm.token))
        .await;
    let items = overdue.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], action.as_str());
    assert_eq!(items[0]["overdue"], true);
    let not_overdue = t
        .app
        .get("/api/v1/actions?overdue=false", Some(&tm.token))
        .await;
    assert_eq!(not_overdue.body["items"].as_array().unwrap().len(), 1);
    t.app
        .get("/api/v1/actions?overdue=maybe&status=done", Some(&tm.token))
        .await
        .expect_problem(422);
}

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

on_both_backends!(
    starting_an_audit_takes_worker_team_and_period_from_the_case,
    only_auditors_start_audits_and_only_in_their_scope,
    themed_audits_and_dip_samples_need_a_theme,
    submitting_an_incomplete_audit_lists_every_missing_item,
    judgements_check_the_standard_and_the_grade,
    patching_a_draft_needs_if_match_and_the_auditor,
    submitting_a_complete_audit_tells_the_practitioner,
    submitting_an_inadequate_audit_opens_one_escalation,
    remedial_actions_reach_the_worker_and_manager_at_once,
    a_high_alert_also_tells_the_head_of_service,
    the_practitioner_replies_once_and_the_auditor_is_told,
    moderation_is_never_by_the_auditor_and_can_open_an_escalation,
    moderation_never_withdraws_an_escalation,
    qa_officers_return_submitted_audits_to_the_auditor,
    the_performance_analyst_gets_no_narrative,
    escalations_are_answered_by_the_manager_or_above,
    actions_move_from_open_to_verified,
    overdue_actions_are_derived_from_the_due_date,
    notifications_are_private_and_marked_read,
    qa_officers_keep_the_audit_programme,
);
