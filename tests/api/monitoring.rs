//! Reviewing officers' monitoring forms (product.md §4.5): after each review or conference,
//! quality checks against the standards, concerns and good practice told to the case's worker
//! and manager, and a practice alert raised from a form.

use qa_test_macros::both_backends;
use qa_tests::workflow::{id, kinds, notifications, setup, Loop};
use qa_tests::{Answer, Backend, TestUser};
use serde_json::{json, Value};

fn today() -> String {
    qa_api::dates::format_date(qa_api::dates::london_today())
}

fn complete_form(case: &str) -> Value {
    json!({
        "case_id": case, "meeting_type": "cla_review", "meeting_on": today(),
        "held_in_timescale": true, "child_participated": "views_shared",
        "child_participation_notes": "Shared her views through a worksheet",
        "quality_checks": [
            {"standard_number": 3, "rating": "concern", "comment": "The plan has drifted since the last review"},
            {"standard_number": 5, "rating": "good", "comment": "Her wishes are clear in the record"}
        ],
        "plan_progressing": "partly", "concerns": "Contact arrangements are not happening",
        "good_practice": "Thoughtful direct work"
    })
}

fn officer(t: &Loop) -> TestUser {
    t.app.create_user(
        "Rae Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    )
}

async fn start(t: &Loop, officer: &TestUser, body: &Value) -> Answer {
    t.app
        .post("/api/v1/monitoring-forms", Some(&officer.token), body)
        .await
}

#[both_backends]
async fn only_reviewing_officers_complete_monitoring_forms(backend: Backend) {
    let t = setup(backend).await;
    for user in [&t.c.team_manager, &t.qa, &t.analyst] {
        start(&t, user, &complete_form(&t.c.case_own))
            .await
            .expect_problem(403);
    }
    let ro = officer(&t);
    // Reviewing officers see every case, so any case may have a form.
    let started = start(&t, &ro, &complete_form(&t.c.case_other_service)).await;
    started.expect(201);
    assert_eq!(started.body["status"], "draft");
    assert_eq!(started.body["quality_checks"].as_array().unwrap().len(), 2);
    assert!(started.header("location").unwrap().ends_with(&id(&started)));
}

#[both_backends]
async fn a_form_is_submitted_only_when_complete(backend: Backend) {
    let t = setup(backend).await;
    let ro = officer(&t);
    let form = id(start(
        &t,
        &ro,
        &json!({"case_id": t.c.case_own, "meeting_type": "icpc", "meeting_on": today(),
                "held_in_timescale": false,
                "quality_checks": [{"standard_number": 1, "rating": "concern"}]}),
    )
    .await
    .expect(201));
    let path = format!("/api/v1/monitoring-forms/{form}");
    let answer = t
        .app
        .post(&format!("{path}/submit"), Some(&ro.token), &json!({}))
        .await;
    answer.expect_problem(422);
    let mut fields = answer.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "child_participated",
            "child_participation_notes",
            "plan_progressing",
            "quality_checks.0.comment",
            "timescale_reason",
        ]
    );
    // The form may not be about a meeting still to come, nor check a standard twice.
    let etag = t
        .app
        .get(&path, Some(&ro.token))
        .await
        .header("etag")
        .unwrap();
    let future =
        qa_api::dates::format_date(qa_api::dates::london_today() + time::Duration::days(1));
    let bad = t
        .app
        .patch(
            &path,
            Some(&ro.token),
            Some(&etag),
            &json!({"meeting_on": future, "quality_checks": [
                {"standard_number": 2, "rating": "good"}, {"standard_number": 2, "rating": "adequate"},
                {"standard_number": 42, "rating": "good"}]}),
        )
        .await;
    bad.expect_problem(422);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "meeting_on",
            "quality_checks.1.standard_number",
            "quality_checks.2.standard_number"
        ]
    );
    // Only its officer changes it.
    let other = t.app.create_user(
        "Other Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    t.app
        .patch(
            &path,
            Some(&other.token),
            Some(&etag),
            &json!({"concerns": "x"}),
        )
        .await
        .expect_problem(403);
    let fixed = t
        .app
        .patch(
            &path,
            Some(&ro.token),
            Some(&etag),
            &json!({"timescale_reason": "The family asked to move it", "child_participated": "attended",
                    "child_participation_notes": "Chaired part of the meeting", "plan_progressing": "yes",
                    "quality_checks": [{"standard_number": 1, "rating": "good"}]}),
        )
        .await;
    fixed.expect(200);
    let submitted = t
        .app
        .post(&format!("{path}/submit"), Some(&ro.token), &json!({}))
        .await;
    submitted.expect(200);
    assert_eq!(submitted.body["status"], "submitted");
    assert_eq!(submitted.body["allowed_operations"], json!([]));
    t.app
        .post(&format!("{path}/submit"), Some(&ro.token), &json!({}))
        .await
        .expect_problem(409);
}

#[both_backends]
async fn a_concern_or_good_practice_is_told_to_the_cases_worker_and_manager(backend: Backend) {
    let t = setup(backend).await;
    let ro = officer(&t);
    let form = id(start(&t, &ro, &complete_form(&t.c.case_own))
        .await
        .expect(201));
    // The worker does not see the draft.
    t.app
        .get(
            &format!("/api/v1/monitoring-forms/{form}"),
            Some(&t.c.practitioner.token),
        )
        .await
        .expect_problem(404);
    t.app
        .post(
            &format!("/api/v1/monitoring-forms/{form}/submit"),
            Some(&ro.token),
            &json!({}),
        )
        .await
        .expect(200);
    for user in [&t.c.practitioner, &t.c.team_manager] {
        assert_eq!(
            kinds(&notifications(&t.app, user).await),
            vec!["monitoring_form_submitted"]
        );
    }
    let read = t
        .app
        .get(
            &format!("/api/v1/monitoring-forms/{form}"),
            Some(&t.c.practitioner.token),
        )
        .await;
    read.expect(200);
    assert_eq!(
        read.body["concerns"],
        "Contact arrangements are not happening"
    );
    // A form with neither tells nobody.
    let mut quiet = complete_form(&t.c.case_same_team);
    quiet["quality_checks"] = json!([{"standard_number": 2, "rating": "adequate"}]);
    quiet["concerns"] = Value::Null;
    quiet["good_practice"] = Value::Null;
    let quiet_id = id(start(&t, &ro, &quiet).await.expect(201));
    t.app
        .post(
            &format!("/api/v1/monitoring-forms/{quiet_id}/submit"),
            Some(&ro.token),
            &json!({}),
        )
        .await
        .expect(200);
    assert!(notifications(&t.app, &t.c.colleague).await.is_empty());
}

#[both_backends]
async fn forms_are_listed_in_scope_and_filtered_by_rating(backend: Backend) {
    let t = setup(backend).await;
    let ro = officer(&t);
    for case in [&t.c.case_own, &t.c.case_other_service] {
        let form = id(start(&t, &ro, &complete_form(case)).await.expect(201));
        t.app
            .post(
                &format!("/api/v1/monitoring-forms/{form}/submit"),
                Some(&ro.token),
                &json!({}),
            )
            .await
            .expect(200);
    }
    let mut quiet = complete_form(&t.c.case_own);
    quiet["quality_checks"] = json!([{"standard_number": 2, "rating": "good"}]);
    start(&t, &ro, &quiet).await.expect(201);
    let mine = t
        .app
        .get("/api/v1/monitoring-forms?count=true", Some(&ro.token))
        .await;
    assert_eq!(mine.body["total"], 3);
    let concerns = t
        .app
        .get("/api/v1/monitoring-forms?rating=concern", Some(&ro.token))
        .await;
    assert_eq!(concerns.body["items"].as_array().unwrap().len(), 2);
    let manager = t
        .app
        .get("/api/v1/monitoring-forms", Some(&t.c.team_manager.token))
        .await;
    assert_eq!(
        manager.body["items"].as_array().unwrap().len(),
        2,
        "their team's case only: {}",
        manager.text
    );
    let worker = t
        .app
        .get("/api/v1/monitoring-forms", Some(&t.c.practitioner.token))
        .await;
    assert_eq!(
        worker.body["items"].as_array().unwrap().len(),
        1,
        "the submitted form about their case, not the draft"
    );
    let analyst = t
        .app
        .get("/api/v1/monitoring-forms", Some(&t.analyst.token))
        .await;
    assert_eq!(analyst.body["items"].as_array().unwrap().len(), 3);
    for needle in ["Contact arrangements", "drifted", "worksheet", "Thoughtful"] {
        assert!(
            !analyst.text.contains(needle),
            "narrative {needle:?} leaked"
        );
    }
    t.app
        .get("/api/v1/monitoring-forms?rating=awful", Some(&ro.token))
        .await
        .expect_problem(422);
}

#[both_backends]
async fn a_form_raises_one_practice_alert(backend: Backend) {
    let t = setup(backend).await;
    let ro = officer(&t);
    let form = id(start(&t, &ro, &complete_form(&t.c.case_own))
        .await
        .expect(201));
    let alert = json!({"case_id": t.c.case_own, "source": "monitoring_form", "source_id": form,
                       "category": "drift_in_planning", "standards": [3],
                       "concern": "The plan has drifted since the last review"});
    let raised = t
        .app
        .post("/api/v1/escalations", Some(&ro.token), &alert)
        .await;
    raised.expect(201);
    assert_eq!(raised.body["stage"], 0);
    assert_eq!(raised.body["raised_to"], t.c.team_manager.id.as_str());
    assert_eq!(raised.body["source_id"], form.as_str());
    t.app
        .post("/api/v1/escalations", Some(&ro.token), &alert)
        .await
        .expect_problem(409);
    let read = t
        .app
        .get(&format!("/api/v1/monitoring-forms/{form}"), Some(&ro.token))
        .await;
    assert_eq!(read.body["escalation_id"], raised.body["id"]);
    // A form of another case cannot be the source.
    let mut elsewhere = alert.clone();
    elsewhere["case_id"] = json!(t.c.case_same_team);
    let refused = t
        .app
        .post("/api/v1/escalations", Some(&ro.token), &elsewhere)
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["source_id"]);
}
