//! The access matrix: every role × every endpoint × the record's relation to the caller.
//! Adding a resource means adding rows here; each row is one line.

use qa_tests::{on_both_backends, spawn_app, Backend, Council, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The record a request is about, relative to a practitioner in team one, their team manager
/// and their head of service.
#[derive(Debug, Clone, Copy)]
enum Relation {
    /// Allocated to the practitioner.
    Own,
    /// Another worker's case in the same team.
    SameTeam,
    /// A case of another team in the same service.
    SameService,
    /// A case of another service.
    OtherService,
}

const RELATIONS: [Relation; 4] = [
    Relation::Own,
    Relation::SameTeam,
    Relation::SameService,
    Relation::OtherService,
];

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

/// `(role, method, path, expected status per relation [own, same team, same service, other])`.
/// `{case}` is replaced by the case in that relation.
const CASE_ROWS: &[(&str, &str, &str, [u16; 4])] = &[
    (
        "practitioner",
        "GET",
        "/api/v1/cases/{case}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 404],
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "principal_social_worker",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    ("admin", "GET", "/api/v1/cases/{case}", [403, 403, 403, 403]),
    ("dpo", "GET", "/api/v1/cases/{case}", [200, 200, 200, 200]),
    (
        "practitioner",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "head_of_service",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "senior_leader",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "qa_officer",
        "PATCH",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "principal_social_worker",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "performance_analyst",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "admin",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    ("dpo", "PATCH", "/api/v1/cases/{case}", [403, 403, 403, 403]),
];

/// `(role, method, path, expected status)` for endpoints that are not about one case.
/// `{team}` is team one, `{user}` the practitioner, `{unit}` the directorate.
const ROLE_ROWS: &[(&str, &str, &str, u16)] = &[
    ("practitioner", "GET", "/api/v1/cases", 200),
    ("admin", "GET", "/api/v1/cases", 403),
    ("qa_officer", "POST", "/api/v1/cases", 201),
    ("practitioner", "POST", "/api/v1/cases", 403),
    ("team_manager", "POST", "/api/v1/cases", 403),
    ("admin", "POST", "/api/v1/cases", 403),
    ("performance_analyst", "POST", "/api/v1/cases", 403),
    ("admin", "GET", "/api/v1/users", 200),
    ("admin", "GET", "/api/v1/users/{user}", 200),
    ("admin", "POST", "/api/v1/users", 201),
    ("admin", "PATCH", "/api/v1/users/{user}", 200),
    ("admin", "POST", "/api/v1/users/{user}/password", 200),
    ("admin", "POST", "/api/v1/org-units", 201),
    ("admin", "PATCH", "/api/v1/org-units/{unit}", 200),
    ("dpo", "GET", "/api/v1/access-log", 200),
];

fn body_for(method: &str, path: &str, council: &Council, n: usize) -> Value {
    match (method, path) {
        ("POST", "/api/v1/cases") => json!({
            "external_ref": format!("MATRIX-{n}"), "display_name": "X.Y.",
            "category": "child_in_need", "team_id": council.team_one
        }),
        ("POST", "/api/v1/users") => json!({
            "email": format!("matrix{n}@example.test"), "display_name": "Matrix User",
            "roles": ["practitioner"], "team_id": council.team_one,
            "password": "a perfectly long new password"
        }),
        ("POST", "/api/v1/users/{user}/password") => {
            json!({"password": "another long new password"})
        }
        ("POST", "/api/v1/org-units") => {
            json!({"name": format!("Team {n}"), "kind": "team", "parent_id": council.service_one})
        }
        ("PATCH", "/api/v1/users/{user}") => json!({"display_name": "Pat Worker"}),
        ("PATCH", "/api/v1/org-units/{unit}") => json!({"name": "Children's Services"}),
        ("PATCH", _) => json!({"display_name": "C.D."}),
        _ => Value::Null,
    }
}

async fn call(app: &TestApp, token: &str, method: &str, path: &str, body: Value) -> u16 {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app.request(method.clone(), path, Some(token));
    if method == Method::PATCH {
        request = request
            .header("if-match", "*")
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string());
    } else if !body.is_null() {
        request = request.json(&body);
    }
    app.send(request).await.status
}

async fn every_role_gets_the_expected_status_for_every_endpoint_and_relation(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let mut users = std::collections::HashMap::new();
    for role in ROLES {
        users.insert(role, app.user_for_role(&council, role));
    }
    let mut failures = Vec::new();
    for (row, (role, method, template, expected)) in CASE_ROWS.iter().enumerate() {
        for (relation, want) in RELATIONS.iter().zip(expected) {
            let case = match relation {
                Relation::Own => &council.case_own,
                Relation::SameTeam => &council.case_same_team,
                Relation::SameService => &council.case_same_service,
                Relation::OtherService => &council.case_other_service,
            };
            let path = template.replace("{case}", case);
            let got = call(
                &app,
                &users[role].token,
                method,
                &path,
                body_for(method, template, &council, row),
            )
            .await;
            if got != *want {
                failures.push(format!(
                    "{role} {method} {template} ({relation:?}): expected {want}, got {got}"
                ));
            }
        }
    }
    for (row, (role, method, template, want)) in ROLE_ROWS.iter().enumerate() {
        let path = template
            .replace("{user}", &council.practitioner.id)
            .replace("{unit}", &council.directorate)
            .replace("{team}", &council.team_one);
        let got = call(
            &app,
            &users[role].token,
            method,
            &path,
            body_for(method, template, &council, row),
        )
        .await;
        if got != *want {
            failures.push(format!(
                "{role} {method} {template}: expected {want}, got {got}"
            ));
        }
    }
    // Administrator-only endpoints refuse every other role with 403.
    for role in ROLES.iter().filter(|r| **r != "admin") {
        for (method, template) in [
            ("GET", "/api/v1/users"),
            ("POST", "/api/v1/org-units"),
            ("GET", "/api/v1/users/{user}"),
        ] {
            let path = template.replace("{user}", &council.practitioner.id);
            let got = call(
                &app,
                &users[role].token,
                method,
                &path,
                body_for(method, template, &council, 99),
            )
            .await;
            if got != 403 {
                failures.push(format!(
                    "{role} {method} {template}: expected 403, got {got}"
                ));
            }
        }
        if *role != "dpo" {
            let got = call(
                &app,
                &users[role].token,
                "GET",
                "/api/v1/access-log",
                Value::Null,
            )
            .await;
            if got != 403 {
                failures.push(format!(
                    "{role} GET /api/v1/access-log: expected 403, got {got}"
                ));
            }
        }
    }
    // Every role reads the reference data and itself.
    for role in ROLES {
        for path in [
            "/api/v1/me",
            "/api/v1/practice-standards",
            "/api/v1/org-units",
        ] {
            let got = call(&app, &users[role].token, "GET", path, Value::Null).await;
            if got != 200 {
                failures.push(format!("{role} GET {path}: expected 200, got {got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix failures:\n{}",
        failures.join("\n")
    );
}

async fn case_lists_hold_exactly_the_cases_in_scope(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let all = vec![
        c.case_own.clone(),
        c.case_same_team.clone(),
        c.case_same_service.clone(),
        c.case_other_service.clone(),
    ];
    let expectations: Vec<(&str, Vec<String>)> = vec![
        ("practitioner", vec![c.case_own.clone()]),
        (
            "team_manager",
            vec![c.case_own.clone(), c.case_same_team.clone()],
        ),
        (
            "head_of_service",
            vec![
                c.case_own.clone(),
                c.case_same_team.clone(),
                c.case_same_service.clone(),
            ],
        ),
        ("qa_officer", all.clone()),
        ("performance_analyst", all),
    ];
    for (role, mut expected) in expectations {
        let user = app.user_for_role(&c, role);
        let answer = app.get("/api/v1/cases", Some(&user.token)).await;
        answer.expect(200);
        let mut got: Vec<String> = answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{role}");
    }
}

async fn every_api_resource_needs_a_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = uuid::Uuid::now_v7();
    for (method, path) in [
        ("GET", "/api/v1/me".to_string()),
        ("GET", "/api/v1/cases".to_string()),
        ("POST", "/api/v1/cases".to_string()),
        ("GET", format!("/api/v1/cases/{id}")),
        ("PATCH", format!("/api/v1/cases/{id}")),
        ("GET", "/api/v1/users".to_string()),
        ("POST", "/api/v1/users".to_string()),
        ("GET", format!("/api/v1/users/{id}")),
        ("GET", "/api/v1/org-units".to_string()),
        ("POST", "/api/v1/org-units".to_string()),
        ("GET", "/api/v1/access-log".to_string()),
        ("GET", "/api/v1/practice-standards".to_string()),
    ] {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let answer = app
            .send(app.request(method.clone(), &path, None).json(&json!({})))
            .await;
        assert_eq!(answer.status, 401, "{method} {path}: {}", answer.text);
        answer.expect_problem(401);
    }
}

on_both_backends!(
    every_role_gets_the_expected_status_for_every_endpoint_and_relation,
    case_lists_hold_exactly_the_cases_in_scope,
    every_api_resource_needs_a_token,
);
