//! The workflow steps tests share: a council with its cast, and an audit from start to submit.

use reqwest::Method;
use serde_json::{json, Value};

use crate::{spawn_app, Answer, Backend, Council, TestApp, TestUser};

/// A council with a QA officer and a performance analyst: the cast of most workflow tests.
pub struct Loop {
    /// The running app.
    pub app: TestApp,
    /// The scope-test council.
    pub c: Council,
    /// A QA officer at the directorate.
    pub qa: TestUser,
    /// A performance analyst at the directorate.
    pub analyst: TestUser,
}

/// Starts an app on a fresh database with the council and its cast.
pub async fn setup(backend: Backend) -> Loop {
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

/// Starts a case file audit of a case.
pub async fn start(app: &TestApp, auditor: &TestUser, case: &str) -> Answer {
    app.post(
        "/api/v1/audits",
        Some(&auditor.token),
        &json!({"kind": "case_file", "case_id": case}),
    )
    .await
}

/// The `id` of a created record.
pub fn id(answer: &Answer) -> String {
    answer.body["id"].as_str().expect("id").to_string()
}

/// Judges every standard, sets the overall grade and the views.
pub async fn complete(app: &TestApp, auditor: &TestUser, audit: &str, overall: &str) {
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

/// Submits an audit.
pub async fn submit(app: &TestApp, auditor: &TestUser, audit: &str) -> Answer {
    app.post(
        &format!("/api/v1/audits/{audit}/submit"),
        Some(&auditor.token),
        &json!({}),
    )
    .await
}

/// The user's notifications, newest first.
pub async fn notifications(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let answer = app.get("/api/v1/notifications", Some(&user.token)).await;
    answer.expect(200);
    answer.body["items"].as_array().unwrap().clone()
}

/// A counter of the service's `/metrics`, e.g. `qa_db_statements_total`.
pub async fn metric(app: &TestApp, name: &str) -> u64 {
    let text = app.get("/metrics", None).await.text;
    text.lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse::<f64>().ok())
        .map(|v| v as u64)
        .unwrap_or_else(|| panic!("the metric {name}"))
}

/// The kinds of a list of notifications.
pub fn kinds(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

/// A submitted audit graded `overall` by the council's team manager of the practitioner's own
/// case; answers the audit's id.
pub async fn submitted_audit(t: &Loop, overall: &str) -> String {
    let audit = id(start(&t.app, &t.c.team_manager, &t.c.case_own)
        .await
        .expect(201));
    complete(&t.app, &t.c.team_manager, &audit, overall).await;
    submit(&t.app, &t.c.team_manager, &audit).await.expect(200);
    audit
}

/// Signs in with email and password.
pub async fn login(app: &TestApp, email: &str, password: &str) -> Answer {
    app.post(
        "/api/v1/auth/login",
        None,
        &json!({"email": email, "password": password}),
    )
    .await
}

/// The refresh token a sign-in or refresh set in its cookie.
pub fn refresh_cookie(answer: &Answer) -> String {
    let header = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("qa_refresh="))
        .expect("a refresh cookie")
        .to_string();
    header
        .split(';')
        .next()
        .unwrap_or_default()
        .trim_start_matches("qa_refresh=")
        .to_string()
}

/// Exchanges a refresh token.
pub async fn refresh(app: &TestApp, token: &str) -> Answer {
    app.send(
        app.request(Method::POST, "/api/v1/auth/refresh", None)
            .header("cookie", format!("qa_refresh={token}")),
    )
    .await
}

/// The council's practice skills a complete observation rates.
pub const PRACTICE_SKILLS: [&str; 5] = [
    "child_focus",
    "purposefulness",
    "clarity_about_concerns",
    "collaboration",
    "empathy",
];

/// Plans an observation of `observed` by `observer`, on `case` if given, today.
pub async fn plan_observation(
    app: &TestApp,
    observer: &TestUser,
    observed: &TestUser,
    case: Option<&str>,
) -> Answer {
    let today = qa_api::dates::london_today();
    app.post(
        "/api/v1/observations",
        Some(&observer.token),
        &json!({"observed_id": observed.id, "case_id": case, "observed_on": qa_api::dates::format_date(today),
                "setting": "home_visit", "focus": "How the worker explains the plan to the family"}),
    )
    .await
}

/// Records the consent of the worker, the child and the family (all given).
pub async fn consent_all(app: &TestApp, observer: &TestUser, observation: &str) {
    app.put(
        &format!("/api/v1/observations/{observation}/consent"),
        Some(&observer.token),
        &json!({"worker_consented": true, "child_consented": true, "family_consented": true,
                "consent_notes": "Asked at the door; everyone agreed"}),
    )
    .await
    .expect(200);
}

/// Records a complete observation: two standards graded with evidence, one not applicable,
/// every practice skill rated, the summary, the impact on the child and the overall grade.
pub async fn record_observation(app: &TestApp, observer: &TestUser, observation: &str) {
    for (n, body) in [
        (
            1,
            json!({"grade": "good", "evidence": "Risks discussed openly"}),
        ),
        (
            4,
            json!({"grade": "requires_improvement", "evidence": "The visit drifted from its purpose"}),
        ),
        (
            8,
            json!({"not_applicable_reason": "The child is not in care"}),
        ),
    ] {
        app.put(
            &format!("/api/v1/observations/{observation}/judgements/{n}"),
            Some(&observer.token),
            &body,
        )
        .await
        .expect(200);
    }
    for skill in PRACTICE_SKILLS {
        app.put(
            &format!("/api/v1/observations/{observation}/skills/{skill}"),
            Some(&observer.token),
            &json!({"rating": 4, "evidence": format!("Seen: {skill}")}),
        )
        .await
        .expect(200);
    }
    let path = format!("/api/v1/observations/{observation}");
    let etag = app
        .get(&path, Some(&observer.token))
        .await
        .header("etag")
        .expect("etag");
    app.patch(
        &path,
        Some(&observer.token),
        Some(&etag),
        &json!({"summary": "A warm, purposeful visit", "strengths": "Listens well",
                "areas_for_development": "Sharper plans", "impact_on_child": "The child felt heard",
                "overall_grade": "good"}),
    )
    .await
    .expect(200);
}

/// A submitted observation of the council's practitioner on their own case by their team
/// manager; answers its id.
pub async fn submitted_observation(t: &Loop) -> String {
    let observation = id(plan_observation(
        &t.app,
        &t.c.team_manager,
        &t.c.practitioner,
        Some(&t.c.case_own),
    )
    .await
    .expect(201));
    consent_all(&t.app, &t.c.team_manager, &observation).await;
    record_observation(&t.app, &t.c.team_manager, &observation).await;
    t.app
        .post(
            &format!("/api/v1/observations/{observation}/submit"),
            Some(&t.c.team_manager.token),
            &json!({}),
        )
        .await
        .expect(200);
    observation
}
