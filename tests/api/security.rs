//! The security review's findings, each tried as an attacker would: an administrator granting
//! themselves a case role, a dual-role analyst reading narrative, people named on records who
//! cannot see the case, a practitioner listing drafts, sessions on shared computers, headers,
//! preconditions, rate limits and the access log's gaps.

use qa_api::config::Environment;
use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, login, refresh, refresh_cookie, start, submit};
use qa_tests::{spawn_app, spawn_app_with, Answer, Backend, TestApp, TestUser, TEST_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

/// An administrator at the directorate.
fn admin(app: &TestApp) -> TestUser {
    app.create_user("Ada Admin", &["admin"], None)
}

async fn etag_of(app: &TestApp, path: &str, token: &str) -> String {
    app.get(path, Some(token))
        .await
        .expect(200)
        .header("etag")
        .expect("an ETag")
}

async fn patch_user(app: &TestApp, admin: &TestUser, user: &str, body: &Value) -> Answer {
    let path = format!("/api/v1/users/{user}");
    let etag = etag_of(app, &path, &admin.token).await;
    app.patch(&path, Some(&admin.token), Some(&etag), body)
        .await
}

async fn logout(app: &TestApp, cookie: &str, bearer: Option<&str>) -> Answer {
    let mut request = app
        .request(Method::POST, "/api/v1/auth/logout", bearer)
        .header("cookie", format!("qa_refresh={cookie}"));
    if bearer.is_none() {
        request = request.header("content-length", "0");
    }
    app.send(request).await
}

/// Signs in with a password an administrator set and answers the challenge with `own`.
async fn first_sign_in(app: &TestApp, email: &str, given: &str, own: &str) -> Answer {
    let first = login(app, email, given).await;
    first.expect(200);
    assert_eq!(first.body["challenge"], "password_change", "{}", first.text);
    assert!(
        first.header("set-cookie").is_none(),
        "no cookie before the challenge"
    );
    assert!(first.body["access_token"].is_null());
    app.post(
        "/api/v1/auth/challenge",
        None,
        &json!({"challenge_token": first.body["challenge_token"], "new_password": own}),
    )
    .await
}

// --- Separation of duties ---------------------------------------------------------------

#[both_backends]
async fn an_admin_cannot_change_their_own_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    let answer = patch_user(
        &app,
        &ada,
        &ada.id,
        &json!({"roles": ["admin", "qa_officer"]}),
    )
    .await;
    answer.expect_problem(403);
    let answer = patch_user(&app, &ada, &ada.id, &json!({"roles": ["qa_officer"]})).await;
    answer.expect_problem(403);
    // Still only an administrator, and still unable to list case records.
    let me = app.get("/api/v1/me", Some(&ada.token)).await;
    assert_eq!(me.body["roles"], json!(["admin"]));
    app.get("/api/v1/cases", Some(&ada.token))
        .await
        .expect_problem(403);
}

#[both_backends]
async fn the_admin_role_cannot_be_combined_with_a_role_that_reads_case_records(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    let created = app
        .post(
            "/api/v1/users",
            Some(&ada.token),
            &json!({"email": "two.hats@example.test", "display_name": "Two Hats",
                    "roles": ["admin", "qa_officer"], "password": "a perfectly long new password"}),
        )
        .await;
    created.expect_problem(422);
    assert_eq!(created.error_fields(), vec!["roles"]);
    // Nor added later to another administrator.
    let other = app.create_user("Other Admin", &["admin"], None);
    let answer = patch_user(
        &app,
        &ada,
        &other.id,
        &json!({"roles": ["admin", "senior_leader"]}),
    )
    .await;
    answer.expect_problem(422);
    assert_eq!(answer.error_fields(), vec!["roles"]);
}

#[both_backends]
async fn an_admin_cannot_reset_their_own_password_through_the_admin_endpoints(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    app.post(
        &format!("/api/v1/users/{}/password", ada.id),
        Some(&ada.token),
        &json!({"password": "a perfectly long new password"}),
    )
    .await
    .expect_problem(403);
    // The old password still signs in.
    login(&app, &ada.email, TEST_PASSWORD).await.expect(200);
}

#[both_backends]
async fn a_reset_password_must_be_changed_at_the_next_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    let pat = app.create_user("Pat", &["practitioner"], None);
    let cookie = refresh_cookie(&login(&app, &pat.email, TEST_PASSWORD).await);
    let given = "a password the admin knows";
    app.post(
        &format!("/api/v1/users/{}/password", pat.id),
        Some(&ada.token),
        &json!({"password": given}),
    )
    .await
    .expect(200);
    // The reset ended Pat's sessions: the old refresh token and access token are refused.
    refresh(&app, &cookie).await.expect_problem(401);
    app.get("/api/v1/me", Some(&pat.token))
        .await
        .expect_problem(401);
    // The given password signs in only as far as choosing Pat's own; the same one is refused.
    let same = first_sign_in(&app, &pat.email, given, given).await;
    same.expect_problem(422);
    assert_eq!(same.error_fields(), vec!["new_password"]);
    let own = first_sign_in(&app, &pat.email, given, "Pat's own long passphrase").await;
    own.expect(200);
    assert!(own.body["access_token"].is_string());
    assert!(refresh_cookie(&own).len() > 20);
    // From now on the own password signs in directly, and the given one not at all.
    login(&app, &pat.email, "Pat's own long passphrase")
        .await
        .expect(200);
    login(&app, &pat.email, given).await.expect_problem(401);
    // A challenge answers once.
    let first = login(&app, &pat.email, "Pat's own long passphrase").await;
    assert!(first.body["challenge"].is_null());
}

#[both_backends]
async fn a_challenge_token_is_not_an_access_token_and_answers_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    let created = app
        .post(
            "/api/v1/users",
            Some(&ada.token),
            &json!({"email": "new.starter@example.test", "display_name": "New Starter",
                    "roles": ["practitioner"], "password": "a password the admin chose"}),
        )
        .await;
    created.expect(201);
    let first = login(
        &app,
        "new.starter@example.test",
        "a password the admin chose",
    )
    .await;
    let challenge = first.body["challenge_token"].as_str().expect("a challenge");
    app.get("/api/v1/me", Some(challenge))
        .await
        .expect_problem(401);
    let app = &app;
    let answer = |password: &'static str| {
        let body = json!({"challenge_token": challenge, "new_password": password});
        async move { app.post("/api/v1/auth/challenge", None, &body).await }
    };
    answer("my very own long password").await.expect(200);
    answer("another very long password")
        .await
        .expect_problem(401);
    app.post(
        "/api/v1/auth/challenge",
        None,
        &json!({"challenge_token": "not.a.token", "new_password": "my very own long password"}),
    )
    .await
    .expect_problem(401);
}

#[both_backends]
async fn role_grants_and_resets_stay_in_the_access_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = admin(&app);
    let dpo = app.create_user("Dee Pro", &["dpo"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    patch_user(
        &app,
        &ada,
        &pat.id,
        &json!({"roles": ["practitioner", "team_manager"]}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/users/{}/password", pat.id),
        Some(&ada.token),
        &json!({"password": "a password the admin knows"}),
    )
    .await
    .expect(200);
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}&sort=at", ada.id),
            Some(&dpo.token),
        )
        .await;
    let items = log.body["items"].as_array().expect("entries").clone();
    let grant = items
        .iter()
        .find(|e| e["action"] == "update" && e["record_id"] == json!(pat.id))
        .unwrap_or_else(|| panic!("the grant is logged: {}", log.text));
    assert!(
        grant["detail"].as_str().unwrap_or("").contains("roles"),
        "{grant}"
    );
    assert!(
        items
            .iter()
            .any(|e| e["action"] == "password" && e["record_id"] == json!(pat.id)),
        "the reset is logged: {}",
        log.text
    );
}

// --- Narrative per record ---------------------------------------------------------------

#[both_backends]
async fn a_dual_role_analyst_reads_narrative_only_where_a_narrative_role_covers_the_record(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let dual = app.create_user(
        "Dual Role",
        &["performance_analyst", "practitioner"],
        Some(&c.team_one),
    );
    let dual_case = app.create_case(&c.team_one, Some(&dual.id), Some(&c.team_manager.id));
    let mut audits = Vec::new();
    for case in [&dual_case, &c.case_other_service] {
        let audit = id(start(&app, &qa, case).await.expect(201));
        complete(&app, &qa, &audit, "good").await;
        submit(&app, &qa, &audit).await.expect(200);
        audits.push(audit);
    }
    let own = app
        .get(&format!("/api/v1/audits/{}", audits[0]), Some(&dual.token))
        .await;
    own.expect(200);
    assert_eq!(
        own.body["summary"], "Summary of the audit",
        "their own case"
    );
    let other = app
        .get(&format!("/api/v1/audits/{}", audits[1]), Some(&dual.token))
        .await;
    other.expect(200);
    assert!(
        other.body["summary"].is_null(),
        "another service's case: {}",
        other.text
    );
    assert!(other.body["child_views"].is_null());
    // The list decides per row too.
    let list = app.get("/api/v1/audits?limit=100", Some(&dual.token)).await;
    for item in list.body["items"].as_array().expect("items") {
        let mine = item["id"] == json!(audits[0]);
        assert_eq!(item["summary"].is_string(), mine, "{item}");
    }
}

#[both_backends]
async fn the_dpo_does_not_read_narrative_through_the_ordinary_lists(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let dpo = app.create_user("Dee Pro", &["dpo"], Some(&c.directorate));
    let audit = id(start(&app, &qa, &c.case_own).await.expect(201));
    complete(&app, &qa, &audit, "good").await;
    submit(&app, &qa, &audit).await.expect(200);
    let read = app
        .get(&format!("/api/v1/audits/{audit}"), Some(&dpo.token))
        .await;
    if read.status == 200 {
        assert!(read.body["summary"].is_null(), "{}", read.text);
    } else {
        read.expect_problem(403);
    }
    let me = app.get("/api/v1/me", Some(&dpo.token)).await;
    assert_eq!(me.body["reads_narrative"], false);
}

#[both_backends]
async fn theme_texts_are_hidden_from_the_analyst_and_the_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let analyst = app.create_user("Ana Lyst", &["performance_analyst"], Some(&c.directorate));
    let ada = admin(&app);
    let theme = app
        .post(
            "/api/v1/themes",
            Some(&qa.token),
            &json!({"title": "Neglect", "rationale": "Three serious case reviews", "source": "qa_activity"}),
        )
        .await;
    theme.expect(201);
    let theme_id = id(&theme);
    assert_eq!(theme.body["rationale"], "Three serious case reviews");
    for who in [&analyst, &ada] {
        let read = app
            .get(&format!("/api/v1/themes/{theme_id}"), Some(&who.token))
            .await;
        read.expect(200);
        assert!(read.body["rationale"].is_null(), "{}", read.text);
        assert_eq!(read.body["narrative_withheld"], true);
        assert_eq!(read.body["title"], "Neglect");
        let list = app.get("/api/v1/themes", Some(&who.token)).await;
        for item in list.body["items"].as_array().expect("items") {
            assert!(item["rationale"].is_null(), "{item}");
        }
    }
}

#[both_backends]
async fn a_closed_theme_cannot_be_reopened_through_patch(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let theme = app
        .post(
            "/api/v1/themes",
            Some(&qa.token),
            &json!({"title": "Neglect", "rationale": "Reviews", "source": "qa_activity"}),
        )
        .await;
    let path = format!("/api/v1/themes/{}", id(&theme));
    let etag = etag_of(&app, &path, &qa.token).await;
    app.patch(
        &path,
        Some(&qa.token),
        Some(&etag),
        &json!({"status": "closed", "findings": "Plans drift", "recommendations": "Review monthly"}),
    )
        .await
        .expect(200);
    let etag = etag_of(&app, &path, &qa.token).await;
    let reopen = app
        .patch(
            &path,
            Some(&qa.token),
            Some(&etag),
            &json!({"status": "in_progress"}),
        )
        .await;
    reopen.expect_problem(409);
    let read = app.get(&path, Some(&qa.token)).await;
    assert_eq!(read.body["status"], "closed");
}

// --- People named on a record -----------------------------------------------------------

#[both_backends]
async fn a_remedial_action_owner_must_be_able_to_see_the_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let elsewhere = app.create_user("Far Away", &["practitioner"], Some(&c.team_three));
    let audit = id(start(&app, &qa, &c.case_own).await.expect(201));
    let path = format!("/api/v1/audits/{audit}/remedial-actions");
    let refused = app
        .post(
            &path,
            Some(&qa.token),
            &json!({"description": "Update the plan", "owner_id": elsewhere.id}),
        )
        .await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["owner_id"]);
    let nobody = app
        .post(
            &path,
            Some(&qa.token),
            &json!({"description": "Update the plan", "owner_id": uuid::Uuid::now_v7()}),
        )
        .await;
    nobody.expect_problem(422);
    assert_eq!(nobody.error_fields(), vec!["owner_id"]);
    // Nothing was written, and the far-away practitioner was told nothing.
    let detail = app
        .get(&format!("/api/v1/audits/{audit}"), Some(&qa.token))
        .await;
    assert_eq!(detail.body["remedial_actions"], json!([]));
    let told = app
        .get("/api/v1/notifications", Some(&elsewhere.token))
        .await;
    assert_eq!(told.body["items"], json!([]));
    // The case's own worker may own it.
    app.post(
        &path,
        Some(&qa.token),
        &json!({"description": "Update the plan", "owner_id": c.practitioner.id}),
    )
    .await
    .expect(201);
}

#[both_backends]
async fn a_cases_worker_and_manager_must_be_active_users_who_cover_its_team(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let elsewhere = app.create_user("Far Away", &["practitioner"], Some(&c.team_three));
    let gone = app.create_user("Gone", &["practitioner"], Some(&c.team_one));
    app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::users;
        diesel::update(users::table.filter(users::id.eq(&gone.id)))
            .set(users::active.eq(false))
            .execute(conn)
            .expect("deactivate");
    });
    let register = |worker: &str, manager: &str, n: u32| {
        let body = json!({"external_ref": format!("SEC-{n}"), "display_name": "E.F.",
                          "category": "child_in_need", "team_id": c.team_one,
                          "allocated_worker_id": worker, "case_manager_id": manager});
        let app = &app;
        let token = qa.token.clone();
        async move { app.post("/api/v1/cases", Some(&token), &body).await }
    };
    let far = register(&elsewhere.id, &c.team_manager.id, 1).await;
    far.expect_problem(422);
    assert_eq!(far.error_fields(), vec!["allocated_worker_id"]);
    let inactive = register(&c.practitioner.id, &gone.id, 2).await;
    inactive.expect_problem(422);
    assert_eq!(inactive.error_fields(), vec!["case_manager_id"]);
    // A change of worker is checked the same way.
    let path = format!("/api/v1/cases/{}", c.case_own);
    let etag = etag_of(&app, &path, &qa.token).await;
    let moved = app
        .patch(
            &path,
            Some(&qa.token),
            Some(&etag),
            &json!({"allocated_worker_id": elsewhere.id}),
        )
        .await;
    moved.expect_problem(422);
    assert_eq!(moved.error_fields(), vec!["allocated_worker_id"]);
    let read = app.get(&path, Some(&qa.token)).await;
    assert_eq!(read.body["allocated_worker_id"], json!(c.practitioner.id));
}

// --- Practitioners and drafts -----------------------------------------------------------

async fn audits_listed(app: &TestApp, who: &TestUser) -> usize {
    let list = app.get("/api/v1/audits?limit=100", Some(&who.token)).await;
    list.body["items"].as_array().expect("items").len()
}

#[both_backends]
async fn practitioners_see_an_audit_of_their_case_once_it_is_submitted(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let audit = id(start(&app, &qa, &c.case_own).await.expect(201));
    let path = format!("/api/v1/audits/{audit}");
    assert_eq!(
        audits_listed(&app, &c.practitioner).await,
        0,
        "a draft is not listed"
    );
    app.get(&path, Some(&c.practitioner.token))
        .await
        .expect_problem(404);
    complete(&app, &qa, &audit, "good").await;
    submit(&app, &qa, &audit).await.expect(200);
    assert_eq!(
        audits_listed(&app, &c.practitioner).await,
        1,
        "listed once submitted"
    );
    app.get(&path, Some(&c.practitioner.token))
        .await
        .expect(200);
}

#[both_backends]
async fn a_side_by_side_audits_practitioner_may_see_its_draft(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let audit = app
        .post(
            "/api/v1/audits",
            Some(&qa.token),
            &json!({"kind": "case_file", "case_id": c.case_own, "side_by_side": true}),
        )
        .await;
    audit.expect(201);
    let read = app
        .get(
            &format!("/api/v1/audits/{}", id(&audit)),
            Some(&c.practitioner.token),
        )
        .await;
    read.expect(200);
    assert_eq!(read.body["status"], "draft");
    // The colleague in the same team, not its practitioner, does not.
    app.get(
        &format!("/api/v1/audits/{}", id(&audit)),
        Some(&c.colleague.token),
    )
    .await
    .expect_problem(404);
}

// --- Sessions on shared computers -------------------------------------------------------

#[both_backends]
async fn the_refresh_cookie_is_a_session_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let answer = login(&app, &pat.email, TEST_PASSWORD).await;
    let cookie = answer.header("set-cookie").expect("a cookie");
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("expires"), "{cookie}");
    let rotated = refresh(&app, &refresh_cookie(&answer)).await;
    let cookie = rotated.header("set-cookie").expect("a cookie");
    assert!(!cookie.contains("Max-Age"), "{cookie}");
}

#[both_backends]
async fn a_refresh_after_sign_out_is_refused_in_every_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let office = login(&app, &pat.email, TEST_PASSWORD).await;
    let home = refresh_cookie(&login(&app, &pat.email, TEST_PASSWORD).await);
    let office_cookie = refresh_cookie(&office);
    let office_token = office.body["access_token"].as_str().unwrap().to_string();
    app.get("/api/v1/me", Some(&office_token)).await.expect(200);
    logout(&app, &office_cookie, Some(&office_token))
        .await
        .expect(204);
    refresh(&app, &office_cookie).await.expect_problem(401);
    refresh(&app, &home).await.expect_problem(401);
    // The access token signed out with is refused until it expires, not only the cookie.
    let reused = app.get("/api/v1/me", Some(&office_token)).await;
    reused.expect_problem(401);
    // Signing in again works.
    login(&app, &pat.email, TEST_PASSWORD).await.expect(200);
}

#[both_backends]
async fn a_password_change_ends_every_other_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let other = login(&app, &pat.email, TEST_PASSWORD).await;
    let other_cookie = refresh_cookie(&other);
    let changed = app
        .post(
            "/api/v1/me/password",
            Some(&pat.token),
            &json!({"current_password": TEST_PASSWORD, "new_password": "Pat's new long passphrase"}),
        )
        .await;
    changed.expect(200);
    refresh(&app, &other_cookie).await.expect_problem(401);
    app.get("/api/v1/me", Some(&pat.token))
        .await
        .expect_problem(401);
    let fresh = changed.body["access_token"].as_str().expect("a new token");
    app.get("/api/v1/me", Some(fresh)).await.expect(200);
    refresh(&app, &refresh_cookie(&changed)).await.expect(200);
    // A wrong current password changes nothing.
    let wrong = app
        .post(
            "/api/v1/me/password",
            Some(fresh),
            &json!({"current_password": "not it at all", "new_password": "yet another long one"}),
        )
        .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["current_password"]);
}

#[both_backends]
async fn a_refresh_after_the_idle_limit_is_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.session_idle_secs = 1;
        s.session_max_secs = 3600;
    })
    .await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let cookie = refresh_cookie(&login(&app, &pat.email, TEST_PASSWORD).await);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    refresh(&app, &cookie).await.expect_problem(401);
}

#[both_backends]
async fn a_refresh_after_the_absolute_session_limit_is_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.session_idle_secs = 2;
        s.session_max_secs = 2;
    })
    .await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let mut cookie = refresh_cookie(&login(&app, &pat.email, TEST_PASSWORD).await);
    // Kept busy, the session still ends at its absolute limit.
    let mut refused = false;
    for _ in 0..8 {
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        let answer = refresh(&app, &cookie).await;
        if answer.status == 401 {
            refused = true;
            break;
        }
        cookie = refresh_cookie(answer.expect(200));
    }
    assert!(
        refused,
        "a session refreshed every 0.6 s ended within 4.8 s"
    );
}

// --- Headers, preconditions and limits --------------------------------------------------

#[both_backends]
async fn if_match_star_does_not_satisfy_the_patch_precondition(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let path = format!("/api/v1/cases/{}", c.case_own);
    let answer = app
        .patch(
            &path,
            Some(&qa.token),
            Some("*"),
            &json!({"display_name": "Z.Z."}),
        )
        .await;
    answer.expect_problem(428);
    let read = app.get(&path, Some(&qa.token)).await;
    assert_eq!(read.body["display_name"], "A.B.");
}

#[both_backends]
async fn the_csp_allows_no_inline_styles_and_hsts_is_sent_in_production(backend: Backend) {
    let app = spawn_app(backend).await;
    let answer = app.get("/health/live", None).await;
    let csp = answer.header("content-security-policy").expect("a CSP");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("style-src 'self'"), "{csp}");
    assert!(answer.header("strict-transport-security").is_none());
    let production = spawn_app_with(backend, |s| s.environment = Environment::Production).await;
    let answer = production.get("/health/live", None).await;
    let hsts = answer
        .header("strict-transport-security")
        .expect("HSTS in production");
    assert!(hsts.contains("max-age="), "{hsts}");
}

#[both_backends]
async fn expensive_lists_are_rate_limited_per_user(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.expensive_requests_per_minute = 2).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let other = app.create_user("Other QA", &["qa_officer"], Some(&c.directorate));
    for _ in 0..2 {
        app.get("/api/v1/cases?limit=500", Some(&qa.token))
            .await
            .expect(200);
    }
    let limited = app.get("/api/v1/cases?limit=500", Some(&qa.token)).await;
    limited.expect_problem(429);
    let wait: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    // Small pages are not expensive, and another user has their own allowance.
    app.get("/api/v1/cases?limit=100", Some(&qa.token))
        .await
        .expect(200);
    app.get("/api/v1/cases?limit=500", Some(&other.token))
        .await
        .expect(200);
}

#[both_backends]
async fn parallel_wrong_passwords_get_no_more_tries_than_the_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let attempts = (0..30).map(|_| login(&app, &pat.email, "a wrong password here"));
    let answers = futures_util::future::join_all(attempts).await;
    let wrong = answers.iter().filter(|a| a.status == 401).count();
    let locked = answers.iter().filter(|a| a.status == 429).count();
    assert_eq!(
        wrong + locked,
        30,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        wrong <= 10,
        "{wrong} wrong passwords were tried: the limit is 10"
    );
    // Now locked, even with the right password.
    login(&app, &pat.email, TEST_PASSWORD)
        .await
        .expect_problem(429);
}

/// A failed sign-in that claims, in `X-Forwarded-For`, to come from 203.0.113.9.
async fn forged_sign_in(app: &TestApp) -> Answer {
    app.send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-for", "203.0.113.9")
            .json(&json!({"email": "a@example.test", "password": "wrong wrong wrong"})),
    )
    .await
}

#[both_backends]
async fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(backend: Backend) {
    let recorded = |app: &TestApp| {
        app.with_db(|conn| {
            use diesel::prelude::*;
            use qa_api::db::schema::login_attempts;
            login_attempts::table
                .select(login_attempts::client_ip)
                .load::<String>(conn)
                .expect("attempts")
        })
    };
    let direct = spawn_app(backend).await;
    forged_sign_in(&direct).await.expect_problem(401);
    assert_eq!(recorded(&direct), vec!["127.0.0.1"]);
    let proxied = spawn_app_with(backend, |s| {
        s.trusted_proxies = vec![qa_api::auth::client::IpNet::parse("127.0.0.1/32").unwrap()];
    })
    .await;
    forged_sign_in(&proxied).await.expect_problem(401);
    assert_eq!(recorded(&proxied), vec!["203.0.113.9"]);
}

// --- Access-log gaps --------------------------------------------------------------------

#[both_backends]
async fn role_refusals_on_audits_escalations_and_actions_are_logged_as_denials(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let dpo = app.create_user("Dee Pro", &["dpo"], Some(&c.directorate));
    let ada = admin(&app);
    for path in ["/api/v1/audits", "/api/v1/escalations", "/api/v1/actions"] {
        app.get(path, Some(&ada.token)).await.expect_problem(403);
    }
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}", ada.id),
            Some(&dpo.token),
        )
        .await;
    let mut denied: Vec<String> = log.body["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["outcome"] == "denied")
        .map(|e| e["record_type"].as_str().unwrap_or("").to_string())
        .collect();
    denied.sort();
    assert_eq!(
        denied,
        vec!["action", "audit", "escalation"],
        "{}",
        log.text
    );
}

#[both_backends]
async fn reading_notifications_that_name_a_case_is_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    let dpo = app.create_user("Dee Pro", &["dpo"], Some(&c.directorate));
    let audit = id(start(&app, &qa, &c.case_own).await.expect(201));
    complete(&app, &qa, &audit, "good").await;
    submit(&app, &qa, &audit).await.expect(200);
    let listed = app
        .get("/api/v1/notifications", Some(&c.practitioner.token))
        .await;
    let items = listed.body["items"].as_array().expect("items").clone();
    assert!(!items.is_empty(), "the worker was told: {}", listed.text);
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}", c.practitioner.id),
            Some(&dpo.token),
        )
        .await;
    let logged = log.body["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["record_type"] == "notification" && e["action"] == "list")
        .count();
    assert_eq!(logged, items.len(), "{}", log.text);
    let first = items[0]["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/notifications/{first}/read"),
        Some(&c.practitioner.token),
        &json!({}),
    )
    .await
    .expect(200);
    let log = app
        .get(
            &format!("/api/v1/access-log?case_id={}", c.case_own),
            Some(&dpo.token),
        )
        .await;
    assert!(
        log.body["items"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["record_type"] == "notification" && e["action"] == "read"),
        "{}",
        log.text
    );
}

#[both_backends]
async fn the_dpos_searches_of_the_access_log_are_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let dpo = app.create_user("Dee Pro", &["dpo"], Some(&c.directorate));
    let other_dpo = app.create_user("Other DPO", &["dpo"], Some(&c.directorate));
    app.get(
        &format!("/api/v1/access-log?case_id={}", c.case_own),
        Some(&dpo.token),
    )
    .await
    .expect(200);
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}", dpo.id),
            Some(&other_dpo.token),
        )
        .await;
    let search = log.body["items"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "search")
        .cloned()
        .unwrap_or_else(|| panic!("the search is logged: {}", log.text));
    assert_eq!(search["case_id"], json!(c.case_own));
    assert_eq!(search["record_type"], "access_log");
}
