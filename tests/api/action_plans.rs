//! Action plans to verified impact (product.md §4.7, the action-plans issue): plans from
//! every source, their actions and progress, measures with a baseline and a target read from
//! re-audits or recorded on verification, re-audits and their grade change, bulk changes.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, kinds, notifications, setup, start, submit, Loop};
use qa_tests::{Backend, TestUser};
use serde_json::{json, Value};

fn day(days: i64) -> String {
    qa_api::dates::format_date(qa_api::dates::london_today() + time::Duration::days(days))
}

/// Grades every standard `grade` but standard 5 `on_five`, then submits.
async fn audit_graded(
    t: &Loop,
    auditor: &TestUser,
    case: &str,
    reaudit_of: Option<&str>,
    on_five: &str,
) -> String {
    let audit = match reaudit_of {
        Some(original) => id(t
            .app
            .post(
                &format!("/api/v1/audits/{original}/reaudit"),
                Some(&auditor.token),
                &json!({}),
            )
            .await
            .expect(201)),
        None => id(start(&t.app, auditor, case).await.expect(201)),
    };
    complete(&t.app, auditor, &audit, "good").await;
    t.app
        .put(
            &format!("/api/v1/audits/{audit}/judgements/5"),
            Some(&auditor.token),
            &json!({"grade": on_five, "evidence": "The child's voice is faint in the record"}),
        )
        .await
        .expect(200);
    audit
}

async fn plan_of_audit(t: &Loop, audit: &str) -> Value {
    let plans = t
        .app
        .get("/api/v1/action-plans?source=audit", Some(&t.qa.token))
        .await;
    plans.expect(200);
    plans.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source_id"] == audit)
        .cloned()
        .expect("the audit's plan")
}

async fn post_plan(
    t: &Loop,
    user: &TestUser,
    plan: &str,
    part: &str,
    body: Value,
) -> qa_tests::Answer {
    t.app
        .post(
            &format!("/api/v1/action-plans/{plan}/{part}"),
            Some(&user.token),
            &body,
        )
        .await
}

#[both_backends]
async fn a_reaudit_measure_reads_the_share_of_reaudits_graded_good_or_better(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let original = audit_graded(&t, tm, &t.c.case_own, None, "requires_improvement").await;
    t.app
        .post(
            &format!("/api/v1/audits/{original}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Record the child's words in each visit", "standard_number": 5}),
        )
        .await
        .expect(201);
    submit(&t.app, tm, &original).await.expect(200);
    let plan = plan_of_audit(&t, &original).await;
    let plan_id = plan["id"].as_str().unwrap().to_string();
    assert_eq!(plan["progress"]["actions_total"], 1);
    post_plan(&t, &t.qa, &plan_id, "measures", json!({
        "description": "Re-audits good or better on lived experience (%)", "standard_number": 5,
        "method": "reaudit", "baseline_value": 0, "baseline_on": day(0), "target_value": 80, "target_on": day(90)
    }))
    .await
    .expect(201);
    // A draft cannot be re-audited; a submitted one can.
    let reaudit = audit_graded(&t, tm, &t.c.case_own, Some(&original), "good").await;
    submit(&t.app, tm, &reaudit).await.expect(200);
    let impact = t
        .app
        .get(
            &format!("/api/v1/audits/{reaudit}/impact"),
            Some(&t.analyst.token),
        )
        .await;
    impact.expect(200);
    let five = impact.body["standards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["standard_number"] == 5)
        .unwrap()
        .clone();
    assert_eq!(five["original_grade"], "requires_improvement");
    assert_eq!(five["grade"], "good");
    assert_eq!(five["change"], 1);
    let eight = &impact.body["standards"][7];
    assert_eq!(eight["change"], Value::Null, "not applicable in both");
    t.app
        .get(
            &format!("/api/v1/audits/{original}/impact"),
            Some(&t.qa.token),
        )
        .await
        .expect_problem(409);
    let detail = t
        .app
        .get(
            &format!("/api/v1/action-plans/{plan_id}"),
            Some(&t.qa.token),
        )
        .await;
    detail.expect(200);
    let measure = &detail.body["measures"][0];
    assert_eq!(measure["readings"][0]["value"], 100.0);
    assert_eq!(measure["readings"][0]["source"], "reaudit");
    assert_eq!(measure["target_met"], true);
    let impact = &detail.body["reaudit_impact"];
    let five = impact
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["standard_number"] == 5)
        .unwrap();
    assert_eq!(
        (five["improved"].clone(), five["compared"].clone()),
        (json!(1), json!(1))
    );
    // A second re-audit graded inadequate on five halves the share.
    let second = audit_graded(&t, &t.qa, &t.c.case_own, Some(&original), "inadequate").await;
    submit(&t.app, &t.qa, &second).await.expect(200);
    let detail = t
        .app
        .get(
            &format!("/api/v1/action-plans/{plan_id}"),
            Some(&t.qa.token),
        )
        .await;
    let values: Vec<Value> = detail.body["measures"][0]["readings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(values, vec![json!(100.0), json!(50.0)]);
    assert_eq!(detail.body["measures"][0]["target_met"], false);
    // Readings of a re-audit measure are not entered by hand.
    let measure_id = detail.body["measures"][0]["id"].as_str().unwrap();
    post_plan(
        &t,
        &t.qa,
        &plan_id,
        &format!("measures/{measure_id}/readings"),
        json!({"value": 90, "read_on": day(0)}),
    )
    .await
    .expect_problem(409);
}

#[both_backends]
async fn plans_belong_to_a_team_or_a_service_their_managers_see(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let head = &t.c.head_of_service;
    let team_plan = t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&tm.token),
            &json!({"title": "Supervision every four weeks", "source": "self_evaluation",
                    "owner_id": tm.id, "team_id": t.c.team_one, "due_on": day(60)}),
        )
        .await;
    team_plan.expect(201);
    assert_eq!(team_plan.body["unit_name"], "Safeguarding North");
    let elsewhere = t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&tm.token),
            &json!({"title": "Not mine", "source": "self_evaluation", "owner_id": tm.id, "team_id": t.c.team_two}),
        )
        .await;
    elsewhere.expect_problem(422);
    let mut fields = elsewhere.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["owner_id", "team_id"]);
    t.app
        .post(
            "/api/v1/action-plans",
            Some(&t.c.practitioner.token),
            &json!({"title": "x", "source": "self_evaluation", "owner_id": tm.id, "team_id": t.c.team_one}),
        )
        .await
        .expect_problem(403);
    let audit_source = t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&t.qa.token),
            &json!({"title": "x", "source": "audit", "owner_id": tm.id}),
        )
        .await;
    audit_source.expect_problem(422);
    assert_eq!(audit_source.error_fields(), vec!["source"]);
    let service_plan = t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&head.token),
            &json!({"title": "Inspection recommendations", "source": "inspection",
                    "owner_id": head.id, "service_id": t.c.service_one}),
        )
        .await;
    service_plan.expect(201);
    let council = t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&t.qa.token),
            &json!({"title": "Peer review", "source": "peer_review", "owner_id": t.qa.id}),
        )
        .await;
    council.expect(201);
    assert_eq!(
        kinds(&notifications(&t.app, head).await),
        Vec::<String>::new(),
        "nobody is told of their own plan"
    );
    let titles = |answer: &qa_tests::Answer| -> Vec<String> {
        let mut all: Vec<String> = answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_string())
            .collect();
        all.sort();
        all
    };
    let manager = t.app.get("/api/v1/action-plans", Some(&tm.token)).await;
    assert_eq!(titles(&manager), vec!["Supervision every four weeks"]);
    let service = t.app.get("/api/v1/action-plans", Some(&head.token)).await;
    assert_eq!(
        titles(&service),
        vec!["Inspection recommendations", "Supervision every four weeks"]
    );
    let qa = t
        .app
        .get(
            &format!("/api/v1/action-plans?service_id={}", t.c.service_one),
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(titles(&qa).len(), 2);
    t.app
        .get(
            &format!("/api/v1/action-plans/{}", id(&council)),
            Some(&tm.token),
        )
        .await
        .expect_problem(404);
}

#[both_backends]
async fn an_action_verified_with_a_reading_shows_the_plans_progress(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let plan = id(t
        .app
        .post(
            "/api/v1/action-plans",
            Some(&tm.token),
            &json!({"title": "Visits with purpose", "source": "self_evaluation", "owner_id": tm.id, "team_id": t.c.team_one}),
        )
        .await
        .expect(201));
    let with_measure = post_plan(
        &t,
        tm,
        &plan,
        "measures",
        json!({
            "description": "Visits with a recorded purpose (%)", "method": "performance_indicator",
            "baseline_value": 40, "baseline_on": day(-30), "target_value": 75, "target_on": day(60)
        }),
    )
    .await;
    with_measure.expect(201);
    let measure = with_measure.body["measures"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let with_action = post_plan(
        &t,
        tm,
        &plan,
        "actions",
        json!({
            "description": "Team session on purposeful visits", "owner_id": t.c.practitioner.id,
            "due_on": day(14), "kind": "training", "standard_number": 4
        }),
    )
    .await;
    with_action.expect(201);
    assert_eq!(with_action.body["progress"]["actions_total"], 1);
    let action = with_action.body["actions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.practitioner).await),
        vec!["action_assigned"]
    );
    t.app
        .post(
            &format!("/api/v1/actions/{action}/complete"),
            Some(&t.c.practitioner.token),
            &json!({"evidence": "Session held with the whole team"}),
        )
        .await
        .expect(200);
    // A reading of another plan's measure is refused; this plan's is recorded.
    let wrong = t
        .app
        .post(
            &format!("/api/v1/actions/{action}/verify"),
            Some(&t.qa.token),
            &json!({"impact": "Purpose recorded in most visits", "reading": {"measure_id": uuid::Uuid::now_v7(), "value": 68, "read_on": day(0)}}),
        )
        .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["reading.measure_id"]);
    t.app
        .post(
            &format!("/api/v1/actions/{action}/verify"),
            Some(&t.qa.token),
            &json!({"impact": "Purpose recorded in most visits", "reading": {"measure_id": measure, "value": 68, "read_on": day(0), "note": "Dip sample of 20 visits"}}),
        )
        .await
        .expect(200);
    let detail = t
        .app
        .get(&format!("/api/v1/action-plans/{plan}"), Some(&tm.token))
        .await;
    assert_eq!(detail.body["progress"]["verified"], 1);
    assert_eq!(detail.body["progress"]["completed"], 1);
    let reading = &detail.body["measures"][0]["readings"][0];
    assert_eq!(reading["value"], 68.0);
    assert_eq!(reading["source"], "verification");
    assert_eq!(detail.body["measures"][0]["target_met"], false);
    // Bad measures are refused with every reason.
    let bad = post_plan(
        &t,
        tm,
        &plan,
        "measures",
        json!({
            "description": "x", "method": "reaudit", "baseline_value": 1, "baseline_on": day(0),
            "target_value": 2, "target_on": day(-1)
        }),
    )
    .await;
    bad.expect_problem(422);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["standard_number", "target_on"]);
    // Closing the plan stops changes.
    let etag = detail.header("etag").unwrap();
    t.app
        .patch(
            &format!("/api/v1/action-plans/{plan}"),
            Some(&tm.token),
            Some(&etag),
            &json!({"status": "closed"}),
        )
        .await
        .expect(200);
    post_plan(
        &t,
        tm,
        &plan,
        "measures",
        json!({
            "description": "x", "method": "other", "baseline_value": 1, "baseline_on": day(0),
            "target_value": 2, "target_on": day(5)
        }),
    )
    .await
    .expect_problem(409);
}

#[both_backends]
async fn a_theme_closed_with_findings_becomes_a_plan(backend: Backend) {
    let t = setup(backend).await;
    let theme = id(t
        .app
        .post(
            "/api/v1/themes",
            Some(&t.qa.token),
            &json!({"title": "Lived experience", "rationale": "R", "source": "qa_activity"}),
        )
        .await
        .expect(201));
    t.app
        .patch(
            &format!("/api/v1/themes/{theme}"),
            Some(&t.qa.token),
            Some("\"1\""),
            &json!({"status": "closed", "findings": "Views recorded in 60%", "recommendations": "Direct work tools"}),
        )
        .await
        .expect(200);
    let plans = t
        .app
        .get(
            "/api/v1/action-plans?source=themed_audit",
            Some(&t.qa.token),
        )
        .await;
    let items = plans.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["source_id"], theme.as_str());
    assert_eq!(items[0]["title"], "Theme: Lived experience");
}

#[both_backends]
async fn a_bulk_reassignment_changes_every_action_or_none(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let mut mine = Vec::new();
    for case in [&t.c.case_own, &t.c.case_same_team] {
        let audit = id(start(&t.app, tm, case).await.expect(201));
        for _ in 0..2 {
            mine.push(id(t
                .app
                .post(
                    &format!("/api/v1/audits/{audit}/remedial-actions"),
                    Some(&tm.token),
                    &json!({"description": "Update the chronology"}),
                )
                .await
                .expect(201)));
        }
    }
    let far = id(start(&t.app, &t.qa, &t.c.case_other_service)
        .await
        .expect(201));
    let foreign = id(t
        .app
        .post(
            &format!("/api/v1/audits/{far}/remedial-actions"),
            Some(&t.qa.token),
            &json!({"description": "Elsewhere"}),
        )
        .await
        .expect(201));
    let mut ids = mine.clone();
    ids.push(foreign.clone());
    let refused = t
        .app
        .post(
            "/api/v1/actions/bulk",
            Some(&tm.token),
            &json!({"action_ids": ids, "owner_id": t.c.colleague.id, "due_on": day(20)}),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(refused.body["changed"], false);
    let statuses: Vec<u64> = refused.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, vec![200, 200, 200, 200, 404]);
    let unchanged = t
        .app
        .get(&format!("/api/v1/actions/{}", mine[0]), Some(&tm.token))
        .await;
    assert_eq!(unchanged.body["owner_id"], t.c.practitioner.id.as_str());
    let done = t
        .app
        .post(
            "/api/v1/actions/bulk",
            Some(&tm.token),
            &json!({"action_ids": mine, "owner_id": t.c.colleague.id, "due_on": day(20)}),
        )
        .await;
    done.expect(200);
    assert_eq!(done.body["changed"], true);
    for action in &mine {
        let read = t
            .app
            .get(&format!("/api/v1/actions/{action}"), Some(&tm.token))
            .await;
        assert_eq!(read.body["owner_id"], t.c.colleague.id.as_str());
        assert_eq!(read.body["due_on"], day(20));
    }
    // The colleague already owned the two actions of their own case: told of the other two.
    let told = notifications(&t.app, &t.c.colleague).await;
    assert_eq!(
        told.iter()
            .filter(|n| n["kind"] == "action_assigned")
            .count(),
        2
    );
    // A practitioner reassigns nothing.
    let worker = t
        .app
        .post(
            "/api/v1/actions/bulk",
            Some(&t.c.practitioner.token),
            &json!({"action_ids": [mine[0]], "due_on": day(30)}),
        )
        .await;
    assert_eq!(worker.status, 422);
    assert_eq!(worker.body["items"][0]["status"], 403);
}

#[both_backends]
async fn the_tracker_filters_actions_by_plan_and_source_and_plans_by_their_source_record(
    backend: Backend,
) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(start(&t.app, tm, &t.c.case_own).await.expect(201));
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Update the chronology"}),
        )
        .await
        .expect(201);
    let plans = t
        .app
        .get(
            &format!("/api/v1/action-plans?source_id={audit}"),
            Some(&t.qa.token),
        )
        .await;
    plans.expect(200);
    let items = plans.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the audit's own plan");
    let plan = items[0]["id"].as_str().unwrap().to_string();
    let of_plan = t
        .app
        .get(
            &format!("/api/v1/actions?plan_id={plan}"),
            Some(&t.qa.token),
        )
        .await;
    of_plan.expect(200);
    assert_eq!(of_plan.body["items"].as_array().unwrap().len(), 1);
    let from_audits = t
        .app
        .get("/api/v1/actions?source=audit&count=true", Some(&t.qa.token))
        .await;
    assert_eq!(from_audits.body["total"], 1);
    let from_themes = t
        .app
        .get(
            "/api/v1/actions?source=themed_audit,inspection&count=true",
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(from_themes.body["total"], 0);
}
