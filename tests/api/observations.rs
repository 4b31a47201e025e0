//! Observations of practice (product.md §4.4): planned by an observer for a worker in their
//! scope, recorded only with the worker's consent, submitted when complete (the worker is told
//! at once), reflected on by the worker, with learning needs counted for workforce development.

use futures_util::future::join_all;
use qa_test_macros::both_backends;
use qa_tests::workflow::{
    consent_all, id, kinds, notifications, plan_observation, record_observation, setup,
    submitted_observation,
};
use qa_tests::Backend;
use serde_json::json;

fn day_in(days: i64) -> String {
    qa_api::dates::format_date(qa_api::dates::london_today() + time::Duration::days(days))
}

#[both_backends]
async fn only_managers_leaders_and_the_principal_social_worker_observe(backend: Backend) {
    let t = setup(backend).await;
    for (observer, want) in [
        (&t.c.practitioner, 403),
        (&t.qa, 403),
        (&t.analyst, 403),
        (&t.c.team_manager, 201),
    ] {
        plan_observation(&t.app, observer, &t.c.colleague, None)
            .await
            .expect(want);
    }
    let psw = t.app.create_user(
        "Pip PSW",
        &["principal_social_worker"],
        Some(&t.c.directorate),
    );
    plan_observation(&t.app, &psw, &t.c.practitioner, None)
        .await
        .expect(201);
}

#[both_backends]
async fn observers_observe_only_staff_in_their_scope(backend: Backend) {
    let t = setup(backend).await;
    let far_worker = t
        .app
        .create_user("Far Worker", &["practitioner"], Some(&t.c.team_three));
    let south_worker = t
        .app
        .create_user("South Worker", &["practitioner"], Some(&t.c.team_two));
    // A team manager observes their own team only.
    let refused = plan_observation(&t.app, &t.c.team_manager, &south_worker, None).await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["observed_id"]);
    // A head of service observes their whole service, not another.
    plan_observation(&t.app, &t.c.head_of_service, &south_worker, None)
        .await
        .expect(201);
    plan_observation(&t.app, &t.c.head_of_service, &far_worker, None)
        .await
        .expect_problem(422);
    // Senior leaders observe anyone.
    let leader = t
        .app
        .create_user("Sam Senior", &["senior_leader"], Some(&t.c.directorate));
    plan_observation(&t.app, &leader, &far_worker, None)
        .await
        .expect(201);
}

#[both_backends]
async fn the_observed_person_must_be_an_active_practitioner_or_manager(backend: Backend) {
    let t = setup(backend).await;
    for (observed, why) in [(&t.qa, "a QA officer"), (&t.c.team_manager, "themselves")] {
        let answer = plan_observation(&t.app, &t.c.team_manager, observed, None).await;
        answer.expect_problem(422);
        assert_eq!(answer.error_fields(), vec!["observed_id"], "{why}");
    }
    let gone = t
        .app
        .post(
            "/api/v1/observations",
            Some(&t.c.team_manager.token),
            &json!({"observed_id": uuid::Uuid::now_v7(), "observed_on": day_in(0),
                    "setting": "home_visit", "focus": "F"}),
        )
        .await;
    gone.expect_problem(422);
    assert_eq!(gone.error_fields(), vec!["observed_id"]);
}

#[both_backends]
async fn an_observation_is_planned_at_most_thirty_days_ahead(backend: Backend) {
    let t = setup(backend).await;
    let body = |days: i64| {
        json!({"observed_id": t.c.practitioner.id, "observed_on": day_in(days),
               "setting": "supervision", "focus": "Reflective supervision"})
    };
    let late = t
        .app
        .post(
            "/api/v1/observations",
            Some(&t.c.team_manager.token),
            &body(31),
        )
        .await;
    late.expect_problem(422);
    assert_eq!(late.error_fields(), vec!["observed_on"]);
    let planned = t
        .app
        .post(
            "/api/v1/observations",
            Some(&t.c.team_manager.token),
            &body(30),
        )
        .await;
    planned.expect(201);
    assert_eq!(planned.body["status"], "planned");
    assert!(planned.header("location").unwrap().ends_with(&id(&planned)));
    // Unknown settings and an empty focus are bad fields.
    for (setting, focus, field) in [("pub", "F", "setting"), ("court", "", "focus")] {
        let bad = t
            .app
            .post(
                "/api/v1/observations",
                Some(&t.c.team_manager.token),
                &json!({"observed_id": t.c.practitioner.id, "observed_on": day_in(0),
                        "setting": setting, "focus": focus}),
            )
            .await;
        bad.expect_problem(422);
        assert_eq!(bad.error_fields(), vec![field]);
    }
}

#[both_backends]
async fn an_observation_of_practice_on_a_case_needs_the_case_in_scope(backend: Backend) {
    let t = setup(backend).await;
    let outside = plan_observation(
        &t.app,
        &t.c.team_manager,
        &t.c.practitioner,
        Some(&t.c.case_other_service),
    )
    .await;
    outside.expect_problem(422);
    assert_eq!(outside.error_fields(), vec!["case_id"]);
    let inside = plan_observation(
        &t.app,
        &t.c.team_manager,
        &t.c.practitioner,
        Some(&t.c.case_own),
    )
    .await;
    inside.expect(201);
    assert_eq!(
        inside.body["case_external_ref"]
            .as_str()
            .map(|r| r.starts_with("CMS-")),
        Some(true)
    );
    // Reading it is logged against the case.
    let observation = id(&inside);
    t.app
        .get(
            &format!("/api/v1/observations/{observation}"),
            Some(&t.c.team_manager.token),
        )
        .await
        .expect(200);
    let dpo = t
        .app
        .create_user("Dee DPO", &["dpo"], Some(&t.c.directorate));
    let log = t
        .app
        .get(
            &format!("/api/v1/access-log?case_id={}", t.c.case_own),
            Some(&dpo.token),
        )
        .await;
    log.expect(200);
    assert!(
        log.body["items"].as_array().unwrap().iter().any(|e| {
            e["record_type"] == "observation" && e["record_id"] == observation.as_str()
        }),
        "the read is in the access log: {}",
        log.text
    );
}

#[both_backends]
async fn nothing_is_recorded_without_the_workers_consent(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(plan_observation(&t.app, tm, &t.c.practitioner, None)
        .await
        .expect(201));
    let path = format!("/api/v1/observations/{observation}");
    let judgement = t
        .app
        .put(
            &format!("{path}/judgements/1"),
            Some(&tm.token),
            &json!({"grade": "good", "evidence": "Seen"}),
        )
        .await;
    judgement.expect_problem(409);
    // The plan may change before consent; the record may not.
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
            &json!({"focus": "Direct work with the child"}),
        )
        .await
        .expect(200);
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
            &json!({"summary": "Too soon"}),
        )
        .await
        .expect_problem(409);
    t.app
        .post(&format!("{path}/submit"), Some(&tm.token), &json!({}))
        .await
        .expect_problem(409);
    // The worker declines: it stays planned and still cannot be recorded.
    let declined = t
        .app
        .put(
            &format!("{path}/consent"),
            Some(&tm.token),
            &json!({"worker_consented": false, "consent_notes": "Not today"}),
        )
        .await;
    declined.expect(200);
    assert_eq!(declined.body["status"], "planned");
    assert_eq!(declined.body["worker_consented"], false);
    assert!(!declined.body["allowed_operations"]
        .as_array()
        .unwrap()
        .contains(&json!("judgements")));
    t.app
        .put(
            &format!("{path}/skills/empathy"),
            Some(&tm.token),
            &json!({"rating": 3, "evidence": "Seen"}),
        )
        .await
        .expect_problem(409);
    // With consent it becomes a draft to record.
    let given = t
        .app
        .put(
            &format!("{path}/consent"),
            Some(&tm.token),
            &json!({"worker_consented": true, "consent_notes": ""}),
        )
        .await;
    given.expect(200);
    assert_eq!(given.body["status"], "draft");
    assert!(given.body["allowed_operations"]
        .as_array()
        .unwrap()
        .contains(&json!("judgements")));
}

#[both_backends]
async fn when_the_child_or_family_declines_nothing_about_them_is_kept(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(
        plan_observation(&t.app, tm, &t.c.practitioner, Some(&t.c.case_own))
            .await
            .expect(201),
    );
    let path = format!("/api/v1/observations/{observation}");
    consent_all(&t.app, tm, &observation).await;
    for (from, words) in [("child", "She listened to me"), ("parent", "Helpful visit")] {
        t.app
            .post(
                &format!("{path}/family-feedback"),
                Some(&tm.token),
                &json!({"from_role": from, "feedback": words, "would_recommend": true}),
            )
            .await
            .expect(201);
    }
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
            &json!({"impact_on_child": "The child felt safe"}),
        )
        .await
        .expect(200);
    // The family then declines: the parent's words go; the child's stay.
    let family_declined = t
        .app
        .put(
            &format!("{path}/consent"),
            Some(&tm.token),
            &json!({"worker_consented": true, "child_consented": true, "family_consented": false,
                    "consent_notes": "Mother asked us not to keep her words"}),
        )
        .await;
    family_declined.expect(200);
    assert!(!family_declined.text.contains("Helpful visit"));
    assert!(family_declined.text.contains("She listened to me"));
    t.app
        .post(
            &format!("{path}/family-feedback"),
            Some(&tm.token),
            &json!({"from_role": "carer", "feedback": "More words"}),
        )
        .await
        .expect_problem(409);
    // The child declines too: their words and the impact on them go, and cannot come back.
    let child_declined = t
        .app
        .put(
            &format!("{path}/consent"),
            Some(&tm.token),
            &json!({"worker_consented": true, "child_consented": false, "family_consented": false,
                    "consent_notes": "Nobody in the family consented"}),
        )
        .await;
    child_declined.expect(200);
    assert!(!child_declined.text.contains("She listened to me"));
    assert!(child_declined.body["impact_on_child"].is_null());
    assert_eq!(child_declined.body["family_feedback"], json!([]));
    let etag = child_declined.header("etag").unwrap();
    let refused = t
        .app
        .patch(
            &path,
            Some(&tm.token),
            Some(&etag),
            &json!({"impact_on_child": "Again"}),
        )
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["impact_on_child"]);
    t.app
        .post(
            &format!("{path}/family-feedback"),
            Some(&tm.token),
            &json!({"from_role": "young_person", "feedback": "Hi"}),
        )
        .await
        .expect_problem(409);
    // Someone else present may still be heard.
    t.app
        .post(
            &format!("{path}/family-feedback"),
            Some(&tm.token),
            &json!({"from_role": "other", "feedback": "The interpreter found it clear"}),
        )
        .await
        .expect(201);
    let kept: Vec<_> = t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::observation_feedback;
        observation_feedback::table
            .select(observation_feedback::feedback)
            .load::<String>(conn)
            .unwrap()
    });
    assert_eq!(kept, vec!["The interpreter found it clear".to_string()]);
}

#[both_backends]
async fn submitting_lists_everything_missing_at_once(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(plan_observation(&t.app, tm, &t.c.practitioner, None)
        .await
        .expect(201));
    consent_all(&t.app, tm, &observation).await;
    let empty = t
        .app
        .post(
            &format!("/api/v1/observations/{observation}/submit"),
            Some(&tm.token),
            &json!({}),
        )
        .await;
    empty.expect_problem(422);
    assert!(empty.error_fields().contains(&"judgements".to_string()));
    t.app
        .put(
            &format!("/api/v1/observations/{observation}/judgements/2"),
            Some(&tm.token),
            &json!({"grade": "good"}),
        )
        .await
        .expect(200);
    let answer = t
        .app
        .post(
            &format!("/api/v1/observations/{observation}/submit"),
            Some(&tm.token),
            &json!({}),
        )
        .await;
    answer.expect_problem(422);
    let mut fields = answer.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "impact_on_child",
            "judgements.2.evidence",
            "overall_grade",
            "skills.child_focus.rating",
            "skills.clarity_about_concerns.rating",
            "skills.collaboration.rating",
            "skills.empathy.rating",
            "skills.purposefulness.rating",
            "summary",
        ]
    );
    // Unknown standards and skills are not resources; bad grades and ratings are bad fields.
    let path = format!("/api/v1/observations/{observation}");
    t.app
        .put(
            &format!("{path}/judgements/11"),
            Some(&tm.token),
            &json!({"grade": "good", "evidence": "e"}),
        )
        .await
        .expect_problem(404);
    t.app
        .put(
            &format!("{path}/skills/charm"),
            Some(&tm.token),
            &json!({"rating": 3, "evidence": "e"}),
        )
        .await
        .expect_problem(404);
    let bad_grade = t
        .app
        .put(
            &format!("{path}/judgements/1"),
            Some(&tm.token),
            &json!({"grade": "superb", "evidence": "e"}),
        )
        .await;
    bad_grade.expect_problem(422);
    assert_eq!(bad_grade.error_fields(), vec!["grade"]);
    let bad_rating = t
        .app
        .put(
            &format!("{path}/skills/empathy"),
            Some(&tm.token),
            &json!({"rating": 6, "evidence": ""}),
        )
        .await;
    bad_rating.expect_problem(422);
    let mut fields = bad_rating.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["evidence", "rating"]);
}

#[both_backends]
async fn the_worker_is_told_at_once_and_sees_it_only_once_submitted(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(
        plan_observation(&t.app, tm, &t.c.practitioner, Some(&t.c.case_own))
            .await
            .expect(201),
    );
    let path = format!("/api/v1/observations/{observation}");
    consent_all(&t.app, tm, &observation).await;
    record_observation(&t.app, tm, &observation).await;
    let worker = &t.c.practitioner;
    t.app
        .get(&path, Some(&worker.token))
        .await
        .expect_problem(404);
    let mine = t.app.get("/api/v1/observations", Some(&worker.token)).await;
    assert_eq!(
        mine.body["items"],
        json!([]),
        "a draft is not the worker's to read yet"
    );
    let submitted = t
        .app
        .post(&format!("{path}/submit"), Some(&tm.token), &json!({}))
        .await;
    submitted.expect(200);
    assert_eq!(submitted.body["status"], "submitted");
    assert_eq!(
        kinds(&notifications(&t.app, worker).await),
        vec!["observation_submitted"]
    );
    let read = t.app.get(&path, Some(&worker.token)).await;
    read.expect(200);
    assert_eq!(read.body["allowed_operations"], json!(["reflection"]));
    assert_eq!(read.body["judgements"].as_array().unwrap().len(), 3);
    assert_eq!(read.body["skill_ratings"].as_array().unwrap().len(), 5);
    let mine = t.app.get("/api/v1/observations", Some(&worker.token)).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    // A colleague in the same team sees nothing of it; the head of service does.
    t.app
        .get(&path, Some(&t.c.colleague.token))
        .await
        .expect_problem(404);
    t.app
        .get(&path, Some(&t.c.head_of_service.token))
        .await
        .expect(200);
    // Once submitted, it is no longer the observer's to change or cancel.
    t.app
        .post(
            &format!("{path}/cancel"),
            Some(&tm.token),
            &json!({"reason": "Oops"}),
        )
        .await
        .expect_problem(409);
}

#[both_backends]
async fn the_worker_reflects_once_and_agrees_learning_needs(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(plan_observation(&t.app, tm, &t.c.practitioner, None)
        .await
        .expect(201));
    let path = format!("/api/v1/observations/{observation}");
    consent_all(&t.app, tm, &observation).await;
    record_observation(&t.app, tm, &observation).await;
    let mut needs = Vec::new();
    for (need, standard) in [
        ("Planning visits with a clear purpose", 4),
        ("Direct work tools", 5),
    ] {
        let added = t
            .app
            .post(
                &format!("{path}/learning-needs"),
                Some(&tm.token),
                &json!({"need": need, "standard_number": standard}),
            )
            .await;
        added.expect(201);
        needs.push(
            added.body["learning_needs"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()["id"]
                .clone(),
        );
    }
    t.app
        .post(
            &format!("{path}/learning-needs"),
            Some(&tm.token),
            &json!({"need": "X", "standard_number": 42}),
        )
        .await
        .expect_problem(422);
    t.app
        .post(&format!("{path}/submit"), Some(&tm.token), &json!({}))
        .await
        .expect(200);
    // Only the worker observed reflects.
    t.app
        .post(
            &format!("{path}/reflection"),
            Some(&tm.token),
            &json!({"reflection": "Not mine"}),
        )
        .await
        .expect_problem(403);
    let stranger = t
        .app
        .post(
            &format!("{path}/reflection"),
            Some(&t.c.practitioner.token),
            &json!({"reflection": "Agreed", "agreed_learning_needs": [uuid::Uuid::now_v7()]}),
        )
        .await;
    stranger.expect_problem(422);
    assert_eq!(stranger.error_fields(), vec!["agreed_learning_needs"]);
    let reflected = t
        .app
        .post(
            &format!("{path}/reflection"),
            Some(&t.c.practitioner.token),
            &json!({"reflection": "I will plan each visit with the family", "agreed_learning_needs": [needs[0]]}),
        )
        .await;
    reflected.expect(200);
    assert_eq!(reflected.body["status"], "acknowledged");
    let agreed: Vec<bool> = reflected.body["learning_needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["agreed_by_worker"].as_bool().unwrap())
        .collect();
    assert_eq!(agreed, vec![true, false]);
    assert_eq!(
        kinds(&notifications(&t.app, tm).await),
        vec!["observation_reflection"]
    );
    t.app
        .post(
            &format!("{path}/reflection"),
            Some(&t.c.practitioner.token),
            &json!({"reflection": "Again"}),
        )
        .await
        .expect_problem(409);
}

#[both_backends]
async fn learning_needs_are_counted_for_the_analyst_never_named(backend: Backend) {
    let t = setup(backend).await;
    let observation = submitted_observation(&t).await;
    // A need raised on a draft is not yet anyone's but the observer's.
    let draft = id(
        plan_observation(&t.app, &t.c.team_manager, &t.c.colleague, None)
            .await
            .expect(201),
    );
    consent_all(&t.app, &t.c.team_manager, &draft).await;
    t.app
        .post(
            &format!("/api/v1/observations/{draft}/learning-needs"),
            Some(&t.c.team_manager.token),
            &json!({"need": "Draft need", "standard_number": 2}),
        )
        .await
        .expect(201);
    // The submitted observation had none: raise them through another, submitted with needs.
    let second = id(
        plan_observation(&t.app, &t.c.team_manager, &t.c.practitioner, None)
            .await
            .expect(201),
    );
    consent_all(&t.app, &t.c.team_manager, &second).await;
    record_observation(&t.app, &t.c.team_manager, &second).await;
    for standard in [4, 4, 9] {
        t.app
            .post(
                &format!("/api/v1/observations/{second}/learning-needs"),
                Some(&t.c.team_manager.token),
                &json!({"need": format!("Need on standard {standard}"), "standard_number": standard}),
            )
            .await
            .expect(201);
    }
    t.app
        .post(
            &format!("/api/v1/observations/{second}/submit"),
            Some(&t.c.team_manager.token),
            &json!({}),
        )
        .await
        .expect(200);
    assert_ne!(observation, second);

    let analyst = t
        .app
        .get("/api/v1/learning-needs?count=true", Some(&t.analyst.token))
        .await;
    analyst.expect(200);
    assert_eq!(analyst.body["total"], 3);
    for item in analyst.body["items"].as_array().unwrap() {
        assert!(
            item.get("worker_id").is_none() && item.get("worker_name").is_none(),
            "{item}"
        );
        assert!(item.get("need").is_none(), "{item}");
    }
    assert!(!analyst.text.contains("Pat Worker"));
    t.app
        .get(
            &format!("/api/v1/learning-needs?worker_id={}", t.c.practitioner.id),
            Some(&t.analyst.token),
        )
        .await
        .expect_problem(403);
    let counts = t
        .app
        .get("/api/v1/learning-needs/counts", Some(&t.analyst.token))
        .await;
    counts.expect(200);
    assert_eq!(
        counts.body["items"],
        json!([
            {"team_id": t.c.team_one, "team_name": "Safeguarding North", "standard_number": 4, "count": 2, "agreed": 0},
            {"team_id": t.c.team_one, "team_name": "Safeguarding North", "standard_number": 9, "count": 1, "agreed": 0},
        ])
    );
    // The worker and their manager read the needs by name; another team's manager does not.
    let worker = t
        .app
        .get("/api/v1/learning-needs", Some(&t.c.practitioner.token))
        .await;
    assert_eq!(worker.body["items"].as_array().unwrap().len(), 3);
    assert_eq!(worker.body["items"][0]["worker_name"], "Pat Worker");
    let other_manager = t
        .app
        .create_user("Oli Other", &["team_manager"], Some(&t.c.team_three));
    let other = t
        .app
        .get("/api/v1/learning-needs", Some(&other_manager.token))
        .await;
    assert_eq!(other.body["items"], json!([]));
    let by_standard = t
        .app
        .get(
            "/api/v1/learning-needs?standard=9",
            Some(&t.c.team_manager.token),
        )
        .await;
    assert_eq!(by_standard.body["items"].as_array().unwrap().len(), 1);
}

#[both_backends]
async fn the_performance_analyst_reads_observations_without_narrative(backend: Backend) {
    let t = setup(backend).await;
    let observation = submitted_observation(&t).await;
    let read = t
        .app
        .get(
            &format!("/api/v1/observations/{observation}"),
            Some(&t.analyst.token),
        )
        .await;
    read.expect(200);
    for needle in [
        "A warm, purposeful visit",
        "Listens well",
        "Risks discussed",
        "Seen: empathy",
        "The child felt heard",
        "explains the plan",
        "everyone agreed",
    ] {
        assert!(
            !read.text.contains(needle),
            "narrative {needle:?} leaked: {}",
            read.text
        );
    }
    assert_eq!(read.body["overall_grade"], "good");
    assert_eq!(read.body["skill_ratings"][0]["rating"], 4);
    let full = t
        .app
        .get(
            &format!("/api/v1/observations/{observation}"),
            Some(&t.qa.token),
        )
        .await;
    assert!(full.text.contains("A warm, purposeful visit"));
}

#[both_backends]
async fn the_observer_cancels_before_submission_with_a_reason(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let observation = id(plan_observation(&t.app, tm, &t.c.practitioner, None)
        .await
        .expect(201));
    let path = format!("/api/v1/observations/{observation}");
    t.app
        .post(
            &format!("{path}/cancel"),
            Some(&tm.token),
            &json!({"reason": ""}),
        )
        .await
        .expect_problem(422);
    t.app
        .post(
            &format!("{path}/cancel"),
            Some(&t.c.head_of_service.token),
            &json!({"reason": "Mine now"}),
        )
        .await
        .expect_problem(403);
    let cancelled = t
        .app
        .post(
            &format!("{path}/cancel"),
            Some(&tm.token),
            &json!({"reason": "The family moved the visit"}),
        )
        .await;
    cancelled.expect(200);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(cancelled.body["allowed_operations"], json!([]));
    t.app
        .put(
            &format!("{path}/consent"),
            Some(&tm.token),
            &json!({"worker_consented": true, "consent_notes": ""}),
        )
        .await
        .expect_problem(409);
}

#[both_backends]
async fn lists_filter_sort_and_search_observations(backend: Backend) {
    let t = setup(backend).await;
    let first = submitted_observation(&t).await;
    let second = id(
        plan_observation(&t.app, &t.c.team_manager, &t.c.colleague, None)
            .await
            .expect(201),
    );
    let tm = &t.c.team_manager.token;
    let all = t.app.get("/api/v1/observations?count=true", Some(tm)).await;
    all.expect(200);
    assert_eq!(all.body["total"], 2);
    assert_eq!(all.body["items"][0]["id"], second.as_str(), "newest first");
    assert_eq!(all.body["items"][0]["observed_name"], "Col League");
    let planned = t
        .app
        .get("/api/v1/observations?status=planned", Some(tm))
        .await;
    assert_eq!(planned.body["items"].as_array().unwrap().len(), 1);
    let by_worker = t
        .app
        .get(
            &format!("/api/v1/observations?observed_id={}", t.c.practitioner.id),
            Some(tm),
        )
        .await;
    assert_eq!(by_worker.body["items"][0]["id"], first.as_str());
    let searched = t.app.get("/api/v1/observations?q=league", Some(tm)).await;
    assert_eq!(searched.body["items"].as_array().unwrap().len(), 1);
    let oldest = t
        .app
        .get("/api/v1/observations?sort=created_at", Some(tm))
        .await;
    assert_eq!(oldest.body["items"][0]["id"], first.as_str());
    t.app
        .get("/api/v1/observations?sort=focus", Some(tm))
        .await
        .expect_problem(422);
    let skills = t.app.get("/api/v1/practice-skills", Some(tm)).await;
    skills.expect(200);
    assert_eq!(skills.body.as_array().unwrap().len(), 5);
}

#[both_backends]
async fn two_reflections_at_once_let_exactly_one_win(backend: Backend) {
    let t = setup(backend).await;
    let observation = submitted_observation(&t).await;
    let path = format!("/api/v1/observations/{observation}/reflection");
    let bodies: Vec<_> = (0..6)
        .map(|n| json!({"reflection": format!("Reflection {n}")}))
        .collect();
    let answers = join_all(
        bodies
            .iter()
            .map(|body| t.app.post(&path, Some(&t.c.practitioner.token), body)),
    )
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409]);
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.team_manager).await),
        vec!["observation_reflection"],
        "the observer is told once"
    );
}
