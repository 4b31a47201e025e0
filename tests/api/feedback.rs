//! Feedback (product.md §4.6, the feedback issue): compliments, statutory and corporate
//! complaints on their working-day clocks, participation with "you said, we did", survey
//! imports that keep all rows or none, and reminders of complaint deadlines. Every expected
//! date here is counted by hand from the regulations and the bank holidays of England, not by
//! the product's calendar.

use qa_test_macros::both_backends;
use qa_tests::workflow::{id, setup, Loop};
use qa_tests::{Answer, Backend, TestApp, TestUser};
use reqwest::Method;
use serde_json::{json, Value};

async fn complaint(t: &Loop, route: &str, received_on: &str) -> Answer {
    t.app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "complaint", "route": route, "source_role": "parent",
                    "channel": "letter", "received_on": received_on, "case_id": t.c.case_own,
                    "summary": "Our social worker changed three times and visits were cancelled",
                    "themes": ["Communication", "continuity"], "standards": [3, 5]}),
        )
        .await
}

async fn command(t: &Loop, feedback: &str, name: &str, body: Value) -> Answer {
    t.app
        .post(
            &format!("/api/v1/feedback/{feedback}/{name}"),
            Some(&t.qa.token),
            &body,
        )
        .await
}

fn stage(answer: &Answer, number: i64) -> Value {
    answer.body["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|s| s["stage"] == number)
        .cloned()
        .unwrap_or_else(|| panic!("stage {number} in {}", answer.text))
}

async fn set_clock(app: &TestApp, user: &TestUser, now: &str) {
    app.put(
        "/api/v1/test/clock",
        Some(&user.token),
        &json!({"now": now}),
    )
    .await
    .expect(200);
}

#[both_backends]
async fn statutory_stage_one_deadlines_skip_easter_and_extensions_stop_at_twenty_working_days(
    backend: Backend,
) {
    let t = setup(backend).await;
    // Received Monday 30 March 2026: Good Friday is 3 April and Easter Monday 6 April.
    let made = complaint(&t, "statutory", "2026-03-30").await;
    made.expect(201);
    assert_eq!(made.body["status"], "received");
    assert_eq!(made.body["stage"], 1);
    // 3 working days: 31 March, 1 and 2 April.
    assert_eq!(made.body["acknowledge_by"], "2026-04-02");
    // 10 working days: 31 Mar, 1, 2, 7, 8, 9, 10, 13, 14, 15 April.
    assert_eq!(made.body["stage_due_on"], "2026-04-15");
    assert_eq!(stage(&made, 1)["due_on"], "2026-04-15");
    assert_eq!(made.body["themes"], json!(["communication", "continuity"]));
    assert_eq!(made.body["overdue"], true, "acknowledgement long missed");
    let feedback = id(&made);
    // Nothing can be extended before it is acknowledged.
    command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 5, "reason": "Staff away"}),
    )
    .await
    .expect_problem(409);
    command(&t, &feedback, "acknowledge", json!({}))
        .await
        .expect(200);
    command(&t, &feedback, "acknowledge", json!({}))
        .await
        .expect_problem(409);
    // 10 + 11 = 21 working days: beyond stage 1's maximum of 20.
    let beyond = command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 11, "reason": "Complex"}),
    )
    .await;
    beyond.expect_problem(422);
    assert_eq!(beyond.error_fields(), vec!["extra_working_days"]);
    let extended = command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 10, "reason": "The family asked to meet after the holidays"}),
    )
    .await;
    extended.expect(200);
    // 20 working days from 30 March: the 10 above, then 16, 17, 20–24, 27, 28, 29 April.
    assert_eq!(stage(&extended, 1)["due_on"], "2026-04-29");
    assert_eq!(stage(&extended, 1)["extended_days"], 10);
    assert_eq!(extended.body["stage_due_on"], "2026-04-29");
    command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 1, "reason": "More"}),
    )
    .await
    .expect_problem(422);
    // Responded on 28 April: in time with the extension.
    let responded = command(
        &t,
        &feedback,
        "respond",
        json!({"outcome": "partially_upheld", "response_summary": "We apologised",
               "responded_on": "2026-04-28"}),
    )
    .await;
    responded.expect(200);
    assert_eq!(stage(&responded, 1)["responded_in_time"], true);
    assert_eq!(responded.body["status"], "responded");
    assert_eq!(responded.body["overdue"], false);
}

#[both_backends]
async fn stage_two_must_be_asked_for_within_twenty_working_days_counted_across_christmas(
    backend: Backend,
) {
    let t = setup(backend).await;
    let feedback = id(complaint(&t, "statutory", "2025-12-01").await.expect(201));
    command(&t, &feedback, "acknowledge", json!({}))
        .await
        .expect(200);
    // Stage 1 due 10 working days from Monday 1 December 2025: 15 December.
    let responded = command(
        &t,
        &feedback,
        "respond",
        json!({"outcome": "not_upheld", "response_summary": "Visits were rearranged",
               "responded_on": "2025-12-12"}),
    )
    .await;
    responded.expect(200);
    let one = stage(&responded, 1);
    assert_eq!(one["due_on"], "2025-12-15");
    assert_eq!(one["responded_in_time"], true);
    // 20 working days from 12 December, skipping 25, 26 December and 1 January: 14 January.
    assert_eq!(one["request_window_ends"], "2026-01-14");
    let late = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2026-01-15", "investigator": "I. Officer",
               "independent_person": "P. Independent"}),
    )
    .await;
    late.expect_problem(409);
    assert!(
        late.text.contains("2026-01-14"),
        "names the window: {}",
        late.text
    );
    let unnamed = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2025-12-19"}),
    )
    .await;
    unnamed.expect_problem(422);
    assert_eq!(
        unnamed.error_fields(),
        vec!["investigator", "independent_person"]
    );
    let two = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2025-12-19", "investigator": "I. Officer",
               "independent_person": "P. Independent"}),
    )
    .await;
    two.expect(200);
    assert_eq!(two.body["stage"], 2);
    assert_eq!(two.body["status"], "acknowledged");
    // 25 working days from Friday 19 December 2025: 22–24, 29–31 Dec, 2 Jan, then 5–9, 12–16,
    // 19–23, 26–28 January.
    assert_eq!(stage(&two, 2)["due_on"], "2026-01-28");
    assert_eq!(stage(&two, 2)["investigator"], "I. Officer");
    // Stage 2 may take 65 working days at most: 25 + 41 is too many.
    command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 41, "reason": "R"}),
    )
    .await
    .expect_problem(422);
    let extended = command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 40, "reason": "Records from health"}),
    )
    .await;
    extended.expect(200);
    assert_eq!(stage(&extended, 2)["extended_days"], 40);
    assert_eq!(stage(&extended, 2)["max_days"], 65);
}

#[both_backends]
async fn stage_three_keeps_the_panel_report_and_response_deadlines_then_the_ombudsman(
    backend: Backend,
) {
    let t = setup(backend).await;
    let feedback = id(complaint(&t, "statutory", "2025-11-03").await.expect(201));
    command(&t, &feedback, "acknowledge", json!({}))
        .await
        .expect(200);
    command(
        &t,
        &feedback,
        "respond",
        json!({"outcome": "not_upheld", "response_summary": "R", "responded_on": "2025-11-14"}),
    )
    .await
    .expect(200);
    command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2025-11-20", "investigator": "I", "independent_person": "P"}),
    )
    .await
    .expect(200);
    command(
        &t,
        &feedback,
        "respond",
        json!({"outcome": "partially_upheld", "response_summary": "R", "responded_on": "2026-01-20"}),
    )
    .await
    .expect(200);
    let two_members = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2026-01-26", "panel_members": ["A", "B"]}),
    )
    .await;
    two_members.expect_problem(422);
    assert_eq!(two_members.error_fields(), vec!["panel_members"]);
    let three = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2026-01-26", "panel_members": ["A. Chair", "B. Member", "C. Member"]}),
    )
    .await;
    three.expect(200);
    // The panel within 30 working days of Monday 26 January 2026: 9 March.
    assert_eq!(stage(&three, 3)["panel_due_on"], "2026-03-09");
    command(
        &t,
        &feedback,
        "extend",
        json!({"extra_working_days": 5, "reason": "R"}),
    )
    .await
    .expect_problem(409);
    command(
        &t,
        &feedback,
        "panel",
        json!({"panel_on": "2026-03-05", "report_on": "2026-03-04"}),
    )
    .await
    .expect_problem(422);
    let met = command(
        &t,
        &feedback,
        "panel",
        json!({"panel_on": "2026-03-05", "report_on": "2026-03-12", "council_response_on": "2026-04-02"}),
    )
    .await;
    met.expect(200);
    let three = stage(&met, 3);
    // The report within 5 working days of 5 March; the response within 15 of 12 March.
    assert_eq!(three["report_due_on"], "2026-03-12");
    assert_eq!(three["council_response_due_on"], "2026-04-02");
    assert_eq!(three["responded_in_time"], true);
    assert_eq!(met.body["status"], "responded");
    let last = command(
        &t,
        &feedback,
        "escalate-stage",
        json!({"requested_on": "2026-04-03"}),
    )
    .await;
    last.expect_problem(409);
    assert!(last.text.contains("Ombudsman"), "{}", last.text);
    let referred = command(
        &t,
        &feedback,
        "ombudsman",
        json!({"referred_on": "2026-04-20", "outcome": "No fault found"}),
    )
    .await;
    referred.expect(200);
    assert_eq!(referred.body["ombudsman_referred_on"], "2026-04-20");
    command(&t, &feedback, "close", json!({})).await.expect(200);
}

#[both_backends]
async fn the_corporate_route_starts_stage_one_at_the_acknowledgement(backend: Backend) {
    let t = setup(backend).await;
    set_clock(&t.app, &t.qa, "2026-12-18T12:00:00Z").await;
    let made = complaint(&t, "corporate", "2026-12-17").await;
    made.expect(201);
    // The Complaint Handling Code: acknowledge in 5 working days (18, 21–24 December).
    assert_eq!(made.body["acknowledge_by"], "2026-12-24");
    assert_eq!(made.body["stage_due_on"], Value::Null);
    let feedback = id(&made);
    let acknowledged = command(&t, &feedback, "acknowledge", json!({})).await;
    acknowledged.expect(200);
    assert_eq!(acknowledged.body["acknowledged_on"], "2026-12-18");
    // Stage 1 in 10 working days from Friday 18 December 2026: 21–24, 29–31 December (Christmas
    // Day a Friday, Boxing Day's holiday on Monday 28th), then 4–6 January (1 January a holiday).
    assert_eq!(acknowledged.body["stage_due_on"], "2027-01-06");
    assert_eq!(stage(&acknowledged, 1)["max_days"], 20);
    let withdrawn = command(
        &t,
        &feedback,
        "withdraw",
        json!({"reason": "Resolved by phone"}),
    )
    .await;
    withdrawn.expect(200);
    assert_eq!(withdrawn.body["status"], "withdrawn");
    assert!(withdrawn.body["allowed_operations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|op| op != "respond" && op != "extend"));
}

#[both_backends]
async fn who_records_what_and_what_the_analyst_sees(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let compliment = json!({"kind": "compliment", "source_role": "parent", "channel": "email",
        "received_on": "2026-11-02", "team_id": t.c.team_one, "summary": "Thank you for listening"});
    t.app
        .post("/api/v1/feedback", Some(&tm.token), &compliment)
        .await
        .expect(201);
    let mut elsewhere = compliment.clone();
    elsewhere["team_id"] = json!(t.c.team_three);
    let refused = t
        .app
        .post("/api/v1/feedback", Some(&tm.token), &elsewhere)
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["team_id"]);
    let mut as_complaint = compliment.clone();
    as_complaint["kind"] = json!("complaint");
    as_complaint["route"] = json!("statutory");
    t.app
        .post("/api/v1/feedback", Some(&tm.token), &as_complaint)
        .await
        .expect_problem(403);
    let mut future = compliment.clone();
    future["received_on"] = json!("2099-01-01");
    let late = t
        .app
        .post("/api/v1/feedback", Some(&tm.token), &future)
        .await;
    late.expect_problem(422);
    assert_eq!(late.error_fields(), vec!["received_on"]);
    let mut routed = compliment.clone();
    routed["route"] = json!("statutory");
    let wrong = t
        .app
        .post("/api/v1/feedback", Some(&t.qa.token), &routed)
        .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["route"]);
    // Participation gets one "you said, we did".
    let voice = id(t
        .app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "participation", "source_role": "young_person", "channel": "forum",
                    "received_on": "2026-10-14", "summary": "Care leavers want drop-in hours",
                    "themes": ["leaving care"]}),
        )
        .await
        .expect(201));
    let answered = command(
        &t,
        &voice,
        "response-to-participant",
        json!({"we_did": "Drop-in every Thursday from January"}),
    )
    .await;
    answered.expect(200);
    assert!(answered.body["we_did_on"].is_string());
    command(
        &t,
        &voice,
        "response-to-participant",
        json!({"we_did": "Again"}),
    )
    .await
    .expect_problem(409);
    command(&t, &voice, "acknowledge", json!({}))
        .await
        .expect_problem(409);
    // The analyst counts; the words stay with those who work with them.
    let seen = t
        .app
        .get(&format!("/api/v1/feedback/{voice}"), Some(&t.analyst.token))
        .await;
    seen.expect(200);
    assert!(seen.body.get("summary").is_none());
    assert!(seen.body.get("we_did").is_none());
    assert_eq!(seen.body["themes"], json!(["leaving care"]));
    let listed = t
        .app
        .get(
            "/api/v1/feedback?kind=participation,compliment&count=true",
            Some(&t.analyst.token),
        )
        .await;
    listed.expect(200);
    assert_eq!(listed.body["total"], 2);
    assert!(listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f.get("summary").is_none()));
    let themed = t
        .app
        .get("/api/v1/feedback?theme=leaving%20care", Some(&t.qa.token))
        .await;
    themed.expect(200);
    assert_eq!(themed.body["items"].as_array().unwrap().len(), 1);
}

async fn import(app: &TestApp, user: &TestUser, batch: &str, csv: &str) -> Answer {
    app.send(
        app.request(
            Method::POST,
            &format!("/api/v1/feedback/import?batch_ref={batch}"),
            Some(&user.token),
        )
        .header("content-type", "text/csv")
        .body(csv.to_string()),
    )
    .await
}

#[both_backends]
async fn a_survey_import_keeps_every_row_or_none_and_runs_once_per_batch_ref(backend: Backend) {
    let t = setup(backend).await;
    let bad = "received_on,respondent_role,team_ref,q1,q2,comment\n\
        2026-11-02,parent,Safeguarding North,4,5,\"Listened, and came back\"\n\
        2026-11-03,parent,Safeguarding North,7,5,\n\
        2026-11-04,young_person,,3,,Fine\n";
    let refused = import(&t.app, &t.qa, "parents-2026-11", bad).await;
    refused.expect(422);
    assert_eq!(refused.body["imported"], 0);
    assert_eq!(
        refused.body["errors"],
        json!([{"row": 3, "field": "q1", "message": "must be a rating from 1 to 5, or empty"}])
    );
    let none = t
        .app
        .get(
            "/api/v1/feedback?batch_ref=parents-2026-11&count=true",
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(none.body["total"], 0, "nothing kept from a refused file");
    let good = bad.replace(",7,5,", ",2,5,");
    let imported = import(&t.app, &t.qa, "parents-2026-11", &good).await;
    imported.expect(200);
    assert_eq!(imported.body["imported"], 3);
    assert_eq!(imported.body["replayed"], false);
    let again = import(&t.app, &t.qa, "parents-2026-11", &good).await;
    again.expect(200);
    assert_eq!(again.body["replayed"], true);
    assert_eq!(again.body["imported"], 3);
    let kept = t
        .app
        .get(
            "/api/v1/feedback?batch_ref=parents-2026-11&count=true&sort=received_on",
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(kept.body["total"], 3);
    let first = &kept.body["items"][0];
    assert_eq!(first["kind"], "survey_response");
    assert_eq!(first["team_id"], json!(t.c.team_one));
    assert_eq!(
        first["ratings"],
        json!([{"question": "q1", "rating": 4}, {"question": "q2", "rating": 5}])
    );
    assert_eq!(first["summary"], "Listened, and came back");
    // Only the QA unit imports; only CSV; a reference is required.
    import(&t.app, &t.c.team_manager, "x", &good)
        .await
        .expect_problem(403);
    import(&t.app, &t.qa, "", &good).await.expect_problem(422);
    let json_body = t
        .app
        .send(
            t.app
                .request(
                    Method::POST,
                    "/api/v1/feedback/import?batch_ref=y",
                    Some(&t.qa.token),
                )
                .header("content-type", "application/json")
                .body("{}"),
        )
        .await;
    json_body.expect_problem(415);
}

#[both_backends]
async fn the_qa_unit_is_reminded_of_complaint_deadlines_once_each(backend: Backend) {
    let t = setup(backend).await;
    // Acknowledgement due 5 November 2026: long missed.
    let late = id(complaint(&t, "statutory", "2026-11-02").await.expect(201));
    let overdue = t
        .app
        .get("/api/v1/feedback?overdue=true", Some(&t.qa.token))
        .await;
    overdue.expect(200);
    assert_eq!(overdue.body["items"][0]["id"], json!(late));
    let first = t
        .app
        .post("/api/v1/test/jobs/run", Some(&t.qa.token), &json!({}))
        .await;
    first.expect(200);
    assert_eq!(first.body["reminders"]["complaint_overdue"], 1);
    let second = t
        .app
        .post("/api/v1/test/jobs/run", Some(&t.qa.token), &json!({}))
        .await;
    assert_eq!(second.body["reminders"]["complaint_overdue"], 0);
    let told = t.app.get("/api/v1/notifications", Some(&t.qa.token)).await;
    assert!(told.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "complaint_overdue" && n["record_id"] == json!(late)));
    // Once acknowledged, stage 1 (due 16 November) is the next deadline: missed too.
    command(&t, &late, "acknowledge", json!({}))
        .await
        .expect(200);
    let third = t
        .app
        .post("/api/v1/test/jobs/run", Some(&t.qa.token), &json!({}))
        .await;
    assert_eq!(third.body["reminders"]["complaint_overdue"], 1);
}
