//! Data protection (issue 19): subject access requests on their clock, the gathered bundle,
//! redaction and release, legal holds, retention across a birthday and the access log's purge.

use diesel::prelude::*;
use qa_test_macros::both_backends;
use qa_tests::workflow::{self, id, setup, start, Loop};
use qa_tests::{Backend, TestApp, TestUser};
use serde_json::{json, Value};

async fn set_clock(app: &TestApp, user: &TestUser, now: &str) {
    app.put(
        "/api/v1/test/clock",
        Some(&user.token),
        &json!({"now": now}),
    )
    .await
    .expect(200);
}

async fn run_jobs(app: &TestApp, user: &TestUser) -> Value {
    let answer = app
        .post("/api/v1/test/jobs/run", Some(&user.token), &json!({}))
        .await;
    answer.expect(200);
    answer.body["retention"].clone()
}

fn dpo(t: &Loop) -> TestUser {
    t.app
        .create_user("Dee Protection", &["dpo"], Some(&t.c.directorate))
}

async fn new_request(t: &Loop, dpo: &TestUser, case: &str, received: &str) -> Value {
    let answer = t
        .app
        .post(
            "/api/v1/subject-access-requests",
            Some(&dpo.token),
            &json!({"case_id": case, "requester_role": "parent", "received_on": received,
                    "identity_verified_on": received}),
        )
        .await;
    answer.expect(201);
    answer.body.clone()
}

/// Gathers a request's bundle and waits until it is gathered.
async fn gathered(t: &Loop, dpo: &TestUser, request: &str) -> Value {
    let path = format!("/api/v1/subject-access-requests/{request}");
    t.app
        .post(&format!("{path}/gather"), Some(&dpo.token), &json!({}))
        .await
        .expect(202);
    for _ in 0..100 {
        let read = t.app.get(&path, Some(&dpo.token)).await;
        read.expect(200);
        if read.body["status"] == "gathered" && read.body["gathering"] == false {
            let bundle = t.app.get(&format!("{path}/bundle"), Some(&dpo.token)).await;
            bundle.expect(200);
            return bundle.body.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the bundle was never gathered");
}

/// Every kind of record about the practitioner's own case; answers the submitted audit's id.
async fn records_of_every_kind(t: &Loop) -> String {
    let audit = workflow::submitted_audit(t, "inadequate").await;
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/response"),
            Some(&t.c.practitioner.token),
            &json!({"reflection": "I will update the plan"}),
        )
        .await
        .expect(200);
    let draft = id(start(&t.app, &t.qa, &t.c.case_own).await.expect(201));
    t.app
        .post(
            &format!("/api/v1/audits/{draft}/remedial-actions"),
            Some(&t.qa.token),
            &json!({"description": "Update the chronology"}),
        )
        .await
        .expect(201);
    workflow::submitted_observation(t).await;
    let officer = t.app.create_user(
        "Rita Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    t.app
        .post(
            "/api/v1/monitoring-forms",
            Some(&officer.token),
            &json!({"case_id": t.c.case_own, "meeting_type": "cla_review", "meeting_on": "2026-11-02",
                    "held_in_timescale": true}),
        )
        .await
        .expect(201);
    t.app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "complaint", "route": "statutory", "source_role": "parent",
                    "channel": "letter", "received_on": "2026-11-02", "case_id": t.c.case_own,
                    "summary": "Visits keep being cancelled"}),
        )
        .await
        .expect(201);
    t.app
        .get(
            &format!("/api/v1/audits/{audit}"),
            Some(&t.c.team_manager.token),
        )
        .await
        .expect(200);
    audit
}

#[both_backends]
async fn a_bundle_contains_every_record_kind_and_no_other_cases(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    records_of_every_kind(&t).await;
    // Records about another case of the same team, which must not show.
    let other_audit = id(start(&t.app, &t.c.team_manager, &t.c.case_same_team)
        .await
        .expect(201));
    let other_feedback = id(t
        .app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "compliment", "source_role": "parent", "channel": "email",
                    "received_on": "2026-11-02", "case_id": t.c.case_same_team,
                    "summary": "Thank you"}),
        )
        .await
        .expect(201));
    let request = new_request(&t, &dpo, &t.c.case_own, "2026-11-20").await;
    assert_eq!(request["status"], "open");
    assert!(request["case_reference"]
        .as_str()
        .unwrap()
        .starts_with("CMS-"));
    let request_id = request["id"].as_str().unwrap();
    let bundle = gathered(&t, &dpo, request_id).await;
    let records = &bundle["records"];
    for section in [
        "audits",
        "observations",
        "escalations",
        "monitoring_forms",
        "feedback",
        "actions",
        "notifications",
        "access_log",
    ] {
        assert!(
            !records[section].as_array().unwrap().is_empty(),
            "no {section} in {bundle}"
        );
    }
    let audits = records["audits"].as_array().unwrap();
    let submitted = audits.iter().find(|a| a["status"] == "submitted").unwrap();
    assert_eq!(submitted["judgements"].as_array().unwrap().len(), 10);
    assert_eq!(submitted["response_reflection"], "I will update the plan");
    assert!(!records["escalations"][0]["timeline"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(bundle["subject"]["id"], t.c.case_own);
    let text = bundle.to_string();
    for foreign in [&t.c.case_same_team, &other_audit, &other_feedback] {
        assert!(
            !text.contains(foreign.as_str()),
            "{foreign} is in the bundle"
        );
    }
    assert!(bundle["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["display_name"] == "Tess Manager"));
    // Every audit the list returns for the case is in the bundle.
    let listed = t
        .app
        .get(
            &format!("/api/v1/audits?case_id={}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await;
    for item in listed.body["items"].as_array().unwrap() {
        assert!(text.contains(item["id"].as_str().unwrap()));
    }
    let html = t
        .app
        .get(
            &format!("/api/v1/subject-access-requests/{request_id}/bundle?format=html"),
            Some(&dpo.token),
        )
        .await;
    html.expect(200);
    assert!(html
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(html
        .text
        .contains("<h2>Audits, with their judgements and responses"));
    assert!(html.text.contains("Tess Manager (team manager)"));
    assert!(html.text.contains("2 November 2026"));
}

#[both_backends]
async fn a_redaction_survives_into_the_release(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    let audit = records_of_every_kind(&t).await;
    let request = new_request(&t, &dpo, &t.c.case_own, "2026-11-20").await;
    let request_id = request["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/subject-access-requests/{request_id}");
    // Nothing to redact or release before the bundle is gathered.
    t.app
        .post(&format!("{path}/release"), Some(&dpo.token), &json!({}))
        .await
        .expect_problem(409);
    gathered(&t, &dpo, &request_id).await;
    let redact = |body: Value| {
        let app = &t.app;
        let token = dpo.token.clone();
        let path = format!("{path}/redactions");
        async move { app.post(&path, Some(&token), &body).await }
    };
    // "Summary of the audit": withhold "Summary" (code points 0..7).
    redact(
        json!({"record_type": "audit", "record_id": audit, "field": "summary",
                  "start": 0, "end": 7, "reason": "third party"}),
    )
    .await
    .expect(201);
    let whole = redact(
        json!({"record_type": "audit", "record_id": audit, "field": "child_views",
                              "reason": "the child's own words"}),
    )
    .await;
    whole.expect(201);
    let bad = redact(
        json!({"record_type": "audit", "record_id": audit, "field": "nothing",
                            "reason": "x"}),
    )
    .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["field"]);
    let bad = redact(
        json!({"record_type": "audit", "record_id": audit, "field": "summary",
                            "start": 10, "end": 500, "reason": "x"}),
    )
    .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["end"]);
    let bad = redact(
        json!({"record_type": "audit", "record_id": t.c.case_own, "field": "summary",
                            "reason": "x"}),
    )
    .await;
    assert_eq!(bad.error_fields(), vec!["record_id"]);
    let listed = t
        .app
        .get(&format!("{path}/redactions"), Some(&dpo.token))
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    let released = t
        .app
        .post(&format!("{path}/release"), Some(&dpo.token), &json!({}))
        .await;
    released.expect(200);
    assert_eq!(released.body["status"], "released");
    let hash = released.body["release_hash"].as_str().unwrap().to_string();
    let document = t
        .app
        .get(&format!("{path}/released"), Some(&dpo.token))
        .await;
    document.expect(200);
    let digest = qa_api::data_protection::handlers::sha256_hex(document.text.as_bytes());
    assert_eq!(digest, hash);
    let released_audit = document.body["records"]["audits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == audit.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        released_audit["summary"],
        "[withheld: third party] of the audit"
    );
    assert_eq!(
        released_audit["child_views"],
        "[withheld: the child's own words]"
    );
    assert!(!document.text.contains("Wants to stay at school"));
    let html = t
        .app
        .get(&format!("{path}/released?format=html"), Some(&dpo.token))
        .await;
    assert!(html.text.contains("[withheld: third party] of the audit"));
    assert!(!html.text.contains("Wants to stay at school"));
    // The review copy stays whole; the release stays as released.
    let review = t.app.get(&format!("{path}/bundle"), Some(&dpo.token)).await;
    assert!(review.text.contains("Wants to stay at school"));
    let redaction = whole.body["id"].as_str().unwrap();
    t.app
        .send(t.app.request(
            reqwest::Method::DELETE,
            &format!("{path}/redactions/{redaction}"),
            Some(&dpo.token),
        ))
        .await
        .expect_problem(409);
    t.app
        .post(&format!("{path}/release"), Some(&dpo.token), &json!({}))
        .await
        .expect_problem(409);
    // The release is in the access log with its hash.
    let log = t
        .app
        .get(
            &format!("/api/v1/access-log?case_id={}&limit=500", t.c.case_own),
            Some(&dpo.token),
        )
        .await;
    assert!(log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "release"
            && e["detail"].as_str().unwrap_or_default().contains(&hash)));
}

#[both_backends]
async fn the_clock_runs_across_a_pause_and_a_month_end(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    set_clock(&t.app, &dpo, "2026-02-10T12:00:00Z").await;
    // Received Saturday 31 January 2026: due on the corresponding date, the last day of
    // February (Saturday 28), moved to Monday 2 March.
    let request = new_request(&t, &dpo, &t.c.case_own, "2026-01-31").await;
    assert_eq!(request["clock_starts_on"], "2026-01-31");
    assert_eq!(request["due_on"], "2026-03-02");
    assert_eq!(request["days_left"], 20);
    let path = format!(
        "/api/v1/subject-access-requests/{}",
        request["id"].as_str().unwrap()
    );
    let paused = t
        .app
        .post(
            &format!("{path}/pause"),
            Some(&dpo.token),
            &json!({"reason": "Asked which records are wanted"}),
        )
        .await;
    paused.expect(200);
    assert_eq!(paused.body["paused"], true);
    assert_eq!(paused.body["paused_on"], "2026-02-10");
    t.app
        .post(
            &format!("{path}/pause"),
            Some(&dpo.token),
            &json!({"reason": "again"}),
        )
        .await
        .expect_problem(409);
    set_clock(&t.app, &dpo, "2026-02-17T12:00:00Z").await;
    let resumed = t
        .app
        .post(&format!("{path}/resume"), Some(&dpo.token), &json!({}))
        .await;
    resumed.expect(200);
    // Seven days paused: 28 February + 7 = Saturday 7 March, so Monday 9 March.
    assert_eq!(resumed.body["paused"], false);
    assert_eq!(resumed.body["paused_days"], 7);
    assert_eq!(resumed.body["due_on"], "2026-03-09");
    assert_eq!(resumed.body["days_left"], 20);
    t.app
        .post(&format!("{path}/resume"), Some(&dpo.token), &json!({}))
        .await
        .expect_problem(409);
}

#[both_backends]
async fn a_request_is_extended_once_and_its_clock_waits_for_identity(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    set_clock(&t.app, &dpo, "2026-02-10T12:00:00Z").await;
    let created = t
        .app
        .post(
            "/api/v1/subject-access-requests",
            Some(&dpo.token),
            &json!({"case_id": t.c.case_own, "requester_role": "data_subject",
                    "received_on": "2026-01-31"}),
        )
        .await;
    created.expect(201);
    assert!(created.body["due_on"].is_null());
    assert!(created.body["clock_starts_on"].is_null());
    let path = format!("/api/v1/subject-access-requests/{}", id(&created));
    let etag = created.header("etag").unwrap();
    t.app
        .patch(
            &path,
            Some(&dpo.token),
            None,
            &json!({"identity_verified_on": "2026-02-03"}),
        )
        .await
        .expect_problem(428);
    let verified = t
        .app
        .patch(
            &path,
            Some(&dpo.token),
            Some(&etag),
            &json!({"identity_verified_on": "2026-02-03"}),
        )
        .await;
    verified.expect(200);
    assert_eq!(verified.body["clock_starts_on"], "2026-02-03");
    assert_eq!(verified.body["due_on"], "2026-03-03");
    t.app
        .patch(
            &path,
            Some(&dpo.token),
            Some(&etag),
            &json!({"identity_verified_on": "2026-02-04"}),
        )
        .await
        .expect_problem(412);
    let extended = t
        .app
        .post(
            &format!("{path}/extend"),
            Some(&dpo.token),
            &json!({"reason": "Many records across several services"}),
        )
        .await;
    extended.expect(200);
    assert_eq!(extended.body["extended"], true);
    assert_eq!(extended.body["due_on"], "2026-05-05");
    assert!(!extended.body["allowed_operations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o == "extend"));
    t.app
        .post(
            &format!("{path}/extend"),
            Some(&dpo.token),
            &json!({"reason": "Again"}),
        )
        .await
        .expect_problem(409);
    // Overdue first in the list once the date has passed.
    let other = new_request(&t, &dpo, &t.c.case_same_team, "2026-02-09").await;
    set_clock(&t.app, &dpo, "2026-05-06T12:00:00Z").await;
    let list = t
        .app
        .get("/api/v1/subject-access-requests", Some(&dpo.token))
        .await;
    list.expect(200);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], other["id"]);
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[1]["overdue"], true);
    let overdue = t
        .app
        .get(
            "/api/v1/subject-access-requests?overdue=true&status=open",
            Some(&dpo.token),
        )
        .await;
    assert_eq!(overdue.body["items"].as_array().unwrap().len(), 2);
}

#[both_backends]
async fn only_the_data_protection_officer_handles_requests_holds_and_retention(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    let request = new_request(&t, &dpo, &t.c.case_own, "2026-11-20").await;
    let path = format!(
        "/api/v1/subject-access-requests/{}",
        request["id"].as_str().unwrap()
    );
    let admin = t
        .app
        .create_user("Al Admin", &["admin"], Some(&t.c.directorate));
    let leader = t
        .app
        .create_user("Sam Leader", &["senior_leader"], Some(&t.c.directorate));
    for user in [
        &t.c.practitioner,
        &t.c.team_manager,
        &t.qa,
        &admin,
        &leader,
        &t.analyst,
    ] {
        for (method, target) in [
            ("GET", "/api/v1/subject-access-requests".to_string()),
            ("POST", "/api/v1/subject-access-requests".to_string()),
            ("GET", path.clone()),
            ("POST", format!("{path}/gather")),
            ("GET", format!("{path}/bundle")),
            ("POST", format!("{path}/release")),
            ("GET", "/api/v1/legal-holds".to_string()),
            ("POST", format!("/api/v1/cases/{}/legal-hold", t.c.case_own)),
            ("GET", "/api/v1/retention/classes".to_string()),
            ("GET", "/api/v1/retention/dry-run".to_string()),
            ("GET", "/api/v1/retention/tombstones".to_string()),
        ] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let answer = t
                .app
                .send(
                    t.app
                        .request(method.clone(), &target, Some(&user.token))
                        .json(&json!({"reason": "x", "case_id": t.c.case_own,
                                      "requester_role": "parent", "received_on": "2026-11-20"})),
                )
                .await;
            assert_eq!(answer.status, 403, "{method} {target}: {}", answer.text);
        }
    }
    t.app
        .get(
            &format!("/api/v1/subject-access-requests/{}", uuid::Uuid::now_v7()),
            Some(&dpo.token),
        )
        .await
        .expect_problem(404);
    let both = t
        .app
        .post(
            "/api/v1/subject-access-requests",
            Some(&dpo.token),
            &json!({"case_id": t.c.case_own, "user_id": t.c.practitioner.id,
                    "requester_role": "parent", "received_on": "2026-11-20"}),
        )
        .await;
    both.expect_problem(422);
    let staff = t
        .app
        .post(
            "/api/v1/subject-access-requests",
            Some(&dpo.token),
            &json!({"user_id": t.c.practitioner.id, "requester_role": "data_subject",
                    "received_on": "2026-11-20", "identity_verified_on": "2026-11-20"}),
        )
        .await;
    staff.expect(201);
    assert!(staff.body["case_reference"].is_null());
}

/// A child in care born in January 1952, with an audit and a complaint; answers the case.
fn child_in_care(t: &Loop, birth_month: &str) -> String {
    use qa_api::db::schema::cases;
    let case = t.app.create_case(
        &t.c.team_one,
        Some(&t.c.practitioner.id),
        Some(&t.c.team_manager.id),
    );
    t.app.with_db(|conn| {
        diesel::update(cases::table.find(&case))
            .set((
                cases::category.eq("child_in_care"),
                cases::birth_month.eq(birth_month),
            ))
            .execute(conn)
            .unwrap();
    });
    case
}

async fn records_on(t: &Loop, case: &str) -> (String, String) {
    let audit = id(start(&t.app, &t.c.team_manager, case).await.expect(201));
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&t.c.team_manager.token),
            &json!({"description": "Update the chronology"}),
        )
        .await
        .expect(201);
    let feedback = id(t
        .app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "compliment", "source_role": "carer", "channel": "email",
                    "received_on": "2026-11-02", "case_id": case, "summary": "Thank you"}),
        )
        .await
        .expect(201));
    (audit, feedback)
}

#[both_backends]
async fn retention_deletes_exactly_what_the_rule_says_across_a_birthday(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    let old = child_in_care(&t, "1952-01");
    let younger = child_in_care(&t, "1952-02");
    let (audit, feedback) = records_on(&t, &old).await;
    let (kept_audit, _) = records_on(&t, &younger).await;
    // The 75th birthday falls in January 2027: nothing goes until the month is over.
    set_clock(&t.app, &dpo, "2027-01-31T12:00:00Z").await;
    let dry = t
        .app
        .get("/api/v1/retention/dry-run", Some(&dpo.token))
        .await;
    dry.expect(200);
    assert_eq!(dry.body["total"], 0, "{}", dry.body);
    let report = run_jobs(&t.app, &dpo).await;
    assert_eq!(report["deleted"], 0);
    t.app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await
        .expect(200);
    set_clock(&t.app, &dpo, "2027-02-01T12:00:00Z").await;
    let dry = t
        .app
        .get("/api/v1/retention/dry-run", Some(&dpo.token))
        .await;
    // The audit, the remedial action and its plan, the compliment and the case.
    assert_eq!(dry.body["total"], 5, "{}", dry.body);
    assert!(dry.body["classes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["case_category"] == "child_in_care" && c["rule"] == "until_age"));
    let report = run_jobs(&t.app, &dpo).await;
    assert_eq!(report["deleted"], 5, "{report}");
    assert_eq!(report["held_back"], 0);
    for path in [
        format!("/api/v1/audits/{audit}"),
        format!("/api/v1/feedback/{feedback}"),
        format!("/api/v1/cases/{old}"),
    ] {
        t.app
            .get(&path, Some(&t.qa.token))
            .await
            .expect_problem(404);
    }
    t.app
        .get(&format!("/api/v1/audits/{kept_audit}"), Some(&t.qa.token))
        .await
        .expect(200);
    t.app
        .get(&format!("/api/v1/cases/{younger}"), Some(&t.qa.token))
        .await
        .expect(200);
    // The remedial action's notification to the worker went with it.
    let left = workflow::notifications(&t.app, &t.c.practitioner).await;
    assert!(!left.iter().any(|n| n["case_id"] == old.as_str()));
    let tombstones = t
        .app
        .get("/api/v1/retention/tombstones", Some(&dpo.token))
        .await;
    tombstones.expect(200);
    let items = tombstones.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(items.iter().any(|s| s["record_type"] == "audit"
        && s["record_id"] == audit.as_str()
        && s["rule"] == "until_age 75"
        && s["deleted_on"] == "2027-02-01"
        && s["case_external_ref"].as_str().unwrap().starts_with("CMS-")));
    assert_eq!(run_jobs(&t.app, &dpo).await["deleted"], 0);
}

#[both_backends]
async fn a_legal_hold_stops_retention(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    let held = child_in_care(&t, "1952-01");
    let (audit, _) = records_on(&t, &held).await;
    let placed = t
        .app
        .post(
            &format!("/api/v1/cases/{held}/legal-hold"),
            Some(&dpo.token),
            &json!({"reason": "Public inquiry moratorium on destruction"}),
        )
        .await;
    placed.expect(201);
    assert_eq!(placed.body["active"], true);
    t.app
        .post(
            &format!("/api/v1/cases/{held}/legal-hold"),
            Some(&dpo.token),
            &json!({"reason": "Twice"}),
        )
        .await
        .expect_problem(409);
    let holds = t.app.get("/api/v1/legal-holds", Some(&dpo.token)).await;
    let items = holds.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["case_id"], held.as_str());
    assert!(items[0]["case_reference"]
        .as_str()
        .unwrap()
        .starts_with("CMS-"));
    assert_eq!(items[0]["placed_by"], dpo.id.as_str());
    set_clock(&t.app, &dpo, "2027-03-01T12:00:00Z").await;
    let dry = t
        .app
        .get("/api/v1/retention/dry-run", Some(&dpo.token))
        .await;
    assert_eq!(dry.body["total"], 0);
    assert_eq!(dry.body["held_back"], 5);
    let report = run_jobs(&t.app, &dpo).await;
    assert_eq!(report["deleted"], 0);
    assert_eq!(report["held_back"], 5);
    t.app
        .get(&format!("/api/v1/audits/{audit}"), Some(&t.qa.token))
        .await
        .expect(200);
    t.app
        .post(
            &format!("/api/v1/cases/{held}/legal-hold/release"),
            Some(&dpo.token),
            &json!({}),
        )
        .await
        .expect(200);
    let holds = t.app.get("/api/v1/legal-holds", Some(&dpo.token)).await;
    assert!(holds.body["items"].as_array().unwrap().is_empty());
    let log = t
        .app
        .get(
            &format!("/api/v1/access-log?case_id={held}&limit=500"),
            Some(&dpo.token),
        )
        .await;
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["record_type"] == "legal_hold")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"release"),
        "{actions:?}"
    );
    assert_eq!(run_jobs(&t.app, &dpo).await["deleted"], 5);
}

#[both_backends]
async fn the_access_log_is_purged_after_the_settings_years_and_the_purge_is_logged(
    backend: Backend,
) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    t.app
        .get(
            &format!("/api/v1/cases/{}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await
        .expect(200);
    let classes = t
        .app
        .get("/api/v1/retention/classes", Some(&dpo.token))
        .await;
    classes.expect(200);
    assert_eq!(classes.body["items"].as_array().unwrap().len(), 42);
    let settings = t.app.get("/api/v1/settings", Some(&dpo.token)).await;
    let _ = settings;
    set_clock(&t.app, &dpo, "2034-06-01T12:00:00Z").await;
    let dry = t
        .app
        .get("/api/v1/retention/dry-run", Some(&dpo.token))
        .await;
    assert!(
        dry.body["access_log_entries"].as_i64().unwrap() > 0,
        "{}",
        dry.body
    );
    let report = run_jobs(&t.app, &dpo).await;
    assert!(
        report["access_log_purged"].as_i64().unwrap() > 0,
        "{report}"
    );
    let log = t
        .app
        .get("/api/v1/access-log?limit=500", Some(&dpo.token))
        .await;
    let items = log.body["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|e| e["action"] == "purge" && e["record_type"] == "access_log"));
    assert!(!items
        .iter()
        .any(|e| e["case_id"] == t.c.case_own.as_str() && e["action"] == "read"));
}

#[both_backends]
async fn the_retention_schedule_is_data_the_dpo_changes(backend: Backend) {
    let t = setup(backend).await;
    let dpo = dpo(&t);
    let classes = t
        .app
        .get("/api/v1/retention/classes", Some(&dpo.token))
        .await;
    let class = classes.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case_category"] == "early_help" && c["record_kind"] == "audit")
        .unwrap()
        .clone();
    assert_eq!(class["rule"], "years_after_closure");
    assert_eq!(class["years"], 6);
    let path = format!(
        "/api/v1/retention/classes/{}",
        class["id"].as_str().unwrap()
    );
    t.app
        .patch(&path, Some(&dpo.token), None, &json!({"years": 7}))
        .await
        .expect_problem(428);
    let bad = t
        .app
        .patch(
            &path,
            Some(&dpo.token),
            Some("\"1\""),
            &json!({"rule": "until_age"}),
        )
        .await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["age"]);
    let changed = t
        .app
        .patch(
            &path,
            Some(&dpo.token),
            Some("\"1\""),
            &json!({"rule": "until_age", "age": 25}),
        )
        .await;
    changed.expect(200);
    assert_eq!(changed.body["age"], 25);
    assert!(changed.body["years"].is_null());
    assert_eq!(changed.header("etag").as_deref(), Some("\"2\""));
    t.app
        .patch(&path, Some(&dpo.token), Some("\"1\""), &json!({"age": 30}))
        .await
        .expect_problem(412);
    t.app
        .patch(&path, Some(&t.qa.token), Some("\"2\""), &json!({"age": 30}))
        .await
        .expect_problem(403);
}
