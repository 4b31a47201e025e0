//! `allowed_operations` is the record policy's own answer: for every role, every kind of record
//! in several states and relations, each listed operation is not refused for role, scope or
//! state, and each unlisted one is (403, 404 or 409). Requests carry a stale `If-Match`, so a
//! permitted one stops at 412 and nothing changes while the test runs.

use qa_test_macros::both_backends;
use qa_tests::workflow::{
    complete, consent_all, id, plan_observation, setup, start, submit, submitted_observation,
};
use qa_tests::{Backend, TestApp, TestUser};
use reqwest::Method;
use serde_json::{json, Value};

const ROLES: [&str; 10] = [
    "practitioner",
    "team_manager",
    "head_of_service",
    "senior_leader",
    "qa_officer",
    "reviewing_officer",
    "principal_social_worker",
    "performance_analyst",
    "admin",
    "dpo",
];

/// Every operation of a kind of record, with the request that performs it.
fn operations(kind: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        "cases" => &[("update", "PATCH", "")],
        "audits" => &[
            ("update", "PATCH", ""),
            ("judgements", "PUT", "/judgements/1"),
            ("remedial-actions", "POST", "/remedial-actions"),
            ("alerts", "POST", "/alerts"),
            ("submit", "POST", "/submit"),
            ("return", "POST", "/return"),
            ("response", "POST", "/response"),
            ("moderation", "POST", "/moderation"),
            ("reaudit", "POST", "/reaudit"),
        ],
        "actions" => &[
            ("start", "POST", "/start"),
            ("complete", "POST", "/complete"),
            ("verify", "POST", "/verify"),
            ("cancel", "POST", "/cancel"),
            ("reassign", "POST", "/reassign"),
        ],
        "action-plans" => &[
            ("update", "PATCH", ""),
            ("actions", "POST", "/actions"),
            ("measures", "POST", "/measures"),
            (
                "readings",
                "POST",
                "/measures/00000000-0000-7000-8000-000000000000/readings",
            ),
        ],
        "observations" => &[
            ("update", "PATCH", ""),
            ("consent", "PUT", "/consent"),
            ("judgements", "PUT", "/judgements/1"),
            ("skills", "PUT", "/skills/empathy"),
            ("family-feedback", "POST", "/family-feedback"),
            ("learning-needs", "POST", "/learning-needs"),
            ("submit", "POST", "/submit"),
            ("reflection", "POST", "/reflection"),
            ("cancel", "POST", "/cancel"),
        ],
        "monitoring-forms" => &[("update", "PATCH", ""), ("submit", "POST", "/submit")],
        _ => &[
            ("responses", "POST", "/responses"),
            ("resolve", "POST", "/resolve"),
            ("stage", "POST", "/stage"),
            ("withdraw", "POST", "/withdraw"),
            ("accept", "POST", "/accept"),
            ("cafcass-referral", "POST", "/cafcass-referral"),
        ],
    }
}

async fn attempt(app: &TestApp, token: &str, method: &str, path: &str) -> u16 {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app
        .request(method.clone(), path, Some(token))
        .header("if-match", "\"999\"");
    request = if method == Method::PATCH {
        request
            .header("content-type", "application/merge-patch+json")
            .body("{}")
    } else {
        request.json(&json!({}))
    };
    app.send(request).await.status
}

async fn remedial_action(app: &TestApp, auditor: &TestUser, audit: &str) -> String {
    let answer = app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&auditor.token),
            &json!({"description": "Update the chronology"}),
        )
        .await;
    id(answer.expect(201))
}

#[both_backends]
async fn allowed_operations_are_exactly_what_each_caller_may_do(backend: Backend) {
    let t = setup(backend).await;
    let (app, c) = (&t.app, &t.c);
    let manager = &c.team_manager;
    // Audits: a draft and a submitted one on the practitioner's case, a submitted one elsewhere.
    let draft = id(start(app, manager, &c.case_own).await.expect(201));
    let submitted = id(start(app, manager, &c.case_own).await.expect(201));
    complete(app, manager, &submitted, "inadequate").await;
    submit(app, manager, &submitted).await.expect(200);
    let elsewhere = id(start(app, &t.qa, &c.case_other_service).await.expect(201));
    complete(app, &t.qa, &elsewhere, "inadequate").await;
    submit(app, &t.qa, &elsewhere).await.expect(200);
    let escalation_of = |audit: Value| audit["escalation_id"].as_str().unwrap().to_string();
    let escalation = escalation_of(
        app.get(&format!("/api/v1/audits/{submitted}"), Some(&t.qa.token))
            .await
            .body,
    );
    let far_escalation = escalation_of(
        app.get(&format!("/api/v1/audits/{elsewhere}"), Some(&t.qa.token))
            .await
            .body,
    );
    // Actions: an open one, and one the practitioner has completed.
    let open_action = remedial_action(app, manager, &draft).await;
    let completed_action = remedial_action(app, manager, &draft).await;
    app.post(
        &format!("/api/v1/actions/{completed_action}/complete"),
        Some(&c.practitioner.token),
        &json!({"evidence": "Done"}),
    )
    .await
    .expect(200);
    // Observations of the practitioner: planned, consented (draft) and submitted.
    let planned = id(
        plan_observation(app, manager, &c.practitioner, Some(&c.case_own))
            .await
            .expect(201),
    );
    let consented = id(plan_observation(app, manager, &c.practitioner, None)
        .await
        .expect(201));
    consent_all(app, manager, &consented).await;
    let shared = submitted_observation(&t).await;
    // Monitoring forms of a reviewing officer: a draft and a submitted one; and a practice
    // alert the officer raised, resolved by the manager.
    let officer = app.create_user("Rae Reviewer", &["reviewing_officer"], Some(&c.directorate));
    let today = qa_api::dates::format_date(qa_api::dates::london_today());
    let form = json!({"case_id": c.case_own, "meeting_type": "rcpc", "meeting_on": today,
        "held_in_timescale": true, "child_participated": "attended",
        "child_participation_notes": "Spoke up", "plan_progressing": "yes",
        "quality_checks": [{"standard_number": 1, "rating": "good"}]});
    let draft_form = id(app
        .post("/api/v1/monitoring-forms", Some(&officer.token), &form)
        .await
        .expect(201));
    let submitted_form = id(app
        .post("/api/v1/monitoring-forms", Some(&officer.token), &form)
        .await
        .expect(201));
    app.post(
        &format!("/api/v1/monitoring-forms/{submitted_form}/submit"),
        Some(&officer.token),
        &json!({}),
    )
    .await
    .expect(200);
    let alert = id(app
        .post(
            "/api/v1/escalations",
            Some(&officer.token),
            &json!({"case_id": c.case_own, "source": "practice_alert", "category": "c", "concern": "x"}),
        )
        .await
        .expect(201));
    let resolved_alert = id(app
        .post(
            "/api/v1/escalations",
            Some(&officer.token),
            &json!({"case_id": c.case_own, "source": "practice_alert", "category": "c", "concern": "x"}),
        )
        .await
        .expect(201));
    app.post(
        &format!("/api/v1/escalations/{resolved_alert}/resolve"),
        Some(&manager.token),
        &json!({"resolution": "Done"}),
    )
    .await
    .expect(200);
    let team_plan = id(app
        .post(
            "/api/v1/action-plans",
            Some(&manager.token),
            &json!({"title": "P", "source": "self_evaluation", "owner_id": manager.id, "team_id": c.team_one}),
        )
        .await
        .expect(201));
    let records = [
        ("action-plans", team_plan),
        ("observations", planned),
        ("observations", consented),
        ("observations", shared),
        ("monitoring-forms", draft_form),
        ("monitoring-forms", submitted_form),
        ("escalations", alert),
        ("escalations", resolved_alert),
        ("cases", c.case_own.clone()),
        ("cases", c.case_other_service.clone()),
        ("audits", draft),
        ("audits", submitted),
        ("audits", elsewhere),
        ("escalations", escalation),
        ("escalations", far_escalation),
        ("actions", open_action),
        ("actions", completed_action),
    ];
    let mut callers: Vec<(String, TestUser)> = ROLES
        .iter()
        .map(|role| (role.to_string(), app.user_for_role(c, role)))
        .collect();
    callers.push(("colleague".into(), c.colleague.clone()));
    callers.push(("officer".into(), officer.clone()));
    let mut failures = Vec::new();
    let mut listed_seen = 0;
    for (who, user) in &callers {
        for (kind, record) in &records {
            let base = format!("/api/v1/{kind}/{record}");
            let read = app.get(&base, Some(&user.token)).await;
            let listed: Vec<String> = if read.status == 200 {
                read.body["allowed_operations"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{kind} has allowed_operations"))
                    .iter()
                    .map(|o| o.as_str().unwrap().to_string())
                    .collect()
            } else {
                Vec::new()
            };
            for (operation, method, suffix) in operations(kind) {
                let status = attempt(app, &user.token, method, &format!("{base}{suffix}")).await;
                let refused = matches!(status, 403 | 404 | 409);
                let is_listed = listed.iter().any(|l| l == operation);
                listed_seen += usize::from(is_listed);
                if is_listed == refused {
                    failures.push(format!(
                        "{who} {operation} on {kind} {record}: listed={is_listed}, answered {status}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
    assert!(
        listed_seen > 20,
        "the test must exercise permitted operations too"
    );
}
