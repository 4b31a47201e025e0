//! Single sign-on's rules that need no provider: who a provider's identity signs in as, what the
//! sign-in page offers, and passwords turned off except for the break-glass administrators. The
//! flow against a real provider is walked in the browser (frontend/e2e/single-sign-on.test.mjs).

use qa_api::auth::oidc::{match_user, Identity, Refusal};
use qa_api::config::OidcSettings;
use qa_test_macros::both_backends;
use qa_tests::workflow::login;
use qa_tests::{spawn_app, spawn_app_with, Backend, TestApp, TEST_PASSWORD};
use serde_json::json;

const ISSUER: &str = "https://login.council.test";

fn identity(subject: &str, email: &str, verified: bool) -> Identity {
    Identity {
        subject: subject.into(),
        email: Some(email.into()),
        email_verified: verified,
        groups: Vec::new(),
    }
}

fn matched(app: &TestApp, who: &Identity) -> Result<String, Refusal> {
    app.with_db(|conn| match_user(conn, ISSUER, who).expect("match"))
        .map(|user| user.to_string())
}

#[both_backends]
async fn a_person_is_linked_once_by_a_verified_email_and_then_matched_by_subject(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    // An e-mail the provider has not verified does not link.
    assert_eq!(
        matched(&app, &identity("sub-1", &pat.email, false)),
        Err(Refusal::Unknown)
    );
    // Nobody here with that e-mail: never a new account.
    assert_eq!(
        matched(&app, &identity("sub-2", "stranger@example.test", true)),
        Err(Refusal::Unknown)
    );
    assert_eq!(
        matched(&app, &identity("sub-1", &pat.email, true)),
        Ok(pat.id.clone())
    );
    // Linked: the subject signs in even when the provider's e-mail changes, and the e-mail no
    // longer stands for another subject.
    assert_eq!(
        matched(&app, &identity("sub-1", "pat.new.name@example.test", false)),
        Ok(pat.id.clone())
    );
    // A deactivated account is refused, linked or not.
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let etag = app
        .get(&format!("/api/v1/users/{}", pat.id), Some(&admin.token))
        .await
        .header("etag")
        .unwrap();
    app.patch(
        &format!("/api/v1/users/{}", pat.id),
        Some(&admin.token),
        Some(&etag),
        &json!({"active": false}),
    )
    .await
    .expect(200);
    assert_eq!(
        matched(&app, &identity("sub-1", &pat.email, true)),
        Err(Refusal::Deactivated)
    );
    let leaver = app.create_user("Lee", &["practitioner"], None);
    let etag = app
        .get(&format!("/api/v1/users/{}", leaver.id), Some(&admin.token))
        .await
        .header("etag")
        .unwrap();
    app.patch(
        &format!("/api/v1/users/{}", leaver.id),
        Some(&admin.token),
        Some(&etag),
        &json!({"active": false}),
    )
    .await
    .expect(200);
    assert_eq!(
        matched(&app, &identity("sub-3", &leaver.email, true)),
        Err(Refusal::Deactivated)
    );
}

#[both_backends]
async fn without_single_sign_on_the_sign_in_page_offers_passwords_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let options = app.get("/api/v1/auth/options", None).await;
    options.expect(200);
    assert_eq!(
        options.body,
        json!({"single_sign_on": null, "passwords": true})
    );
    app.get("/api/v1/auth/oidc/start", None)
        .await
        .expect_problem(404);
    let back = app
        .send(app.request(
            reqwest::Method::GET,
            "/api/v1/auth/oidc/callback?code=x&state=y",
            None,
        ))
        .await;
    assert_eq!(back.status, 302);
    assert_eq!(
        back.header("location").as_deref(),
        Some("/sign-in?sso=failed")
    );
}

#[both_backends]
async fn passwords_can_be_turned_off_except_for_break_glass_administrators(backend: Backend) {
    let app = spawn_app_with(backend, |settings| {
        settings.oidc = Some(OidcSettings {
            issuer: "http://127.0.0.1:9".into(),
            client_id: "qa-platform".into(),
            client_secret: "a client secret".into(),
            name: "Test Council".into(),
        });
        settings.break_glass_admins = vec!["break.glass@example.test".into()];
    })
    .await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    let options = app.get("/api/v1/auth/options", None).await;
    assert_eq!(
        options.body,
        json!({"single_sign_on": {"name": "Test Council"}, "passwords": true})
    );
    // Passwords work until the council turns them off.
    let before = login(&app, &pat.email, TEST_PASSWORD).await;
    assert!(before.body["access_token"].is_string(), "{}", before.text);
    let read = app.get("/api/v1/settings", Some(&ada.token)).await;
    let etag = read.header("etag").unwrap();
    app.patch(
        "/api/v1/settings",
        Some(&ada.token),
        Some(&etag),
        &json!({"local_passwords_off": 1}),
    )
    .await
    .expect(200);
    let options = app.get("/api/v1/auth/options", None).await;
    assert_eq!(options.body["passwords"], false);
    let refused = login(&app, &pat.email, TEST_PASSWORD).await;
    refused.expect_problem(403);
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("Test Council"),
        "{}",
        refused.text
    );
    // The same answer for an account that does not exist: nothing is revealed.
    login(&app, "nobody@example.test", "whatever it is")
        .await
        .expect_problem(403);
    // The named break-glass administrator still signs in with their password (and their
    // second factor).
    app.with_db(|conn| {
        qa_api::org::service::upsert_admin(
            conn,
            "break.glass@example.test",
            "Break Glass",
            "a long break-glass password",
            false,
        )
        .expect("create-admin")
    });
    let glass = login(
        &app,
        "Break.Glass@example.test",
        "a long break-glass password",
    )
    .await;
    glass.expect(200);
    assert_eq!(glass.body["challenge"], "totp_enrolment", "{}", glass.text);
}

#[both_backends]
async fn administrators_map_provider_groups_to_roles_but_never_admin_or_dpo(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let dee = app.create_user("Dee Pro", &["dpo"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    let t = Some(ada.token.as_str());
    for role in ["admin", "dpo"] {
        let refused = app
            .post(
                "/api/v1/role-mappings",
                t,
                &json!({"group": "it-admins", "role": role}),
            )
            .await;
        refused.expect_problem(422);
        assert_eq!(refused.error_fields(), vec!["role"], "{role}");
    }
    let missing = app.post("/api/v1/role-mappings", t, &json!({})).await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["group", "role"]);
    app.post(
        "/api/v1/role-mappings",
        Some(&pat.token),
        &json!({"group": "qa-unit", "role": "qa_officer"}),
    )
    .await
    .expect_problem(403);
    let made = app
        .post(
            "/api/v1/role-mappings",
            t,
            &json!({"group": "qa-unit", "role": "qa_officer"}),
        )
        .await;
    made.expect(201);
    let id = made.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        made.header("location").as_deref(),
        Some(format!("/api/v1/role-mappings/{id}").as_str())
    );
    app.post(
        "/api/v1/role-mappings",
        t,
        &json!({"group": "qa-unit", "role": "qa_officer"}),
    )
    .await
    .expect_problem(409);
    let list = app.get("/api/v1/role-mappings", t).await;
    list.expect(200);
    assert_eq!(list.body["items"][0]["group"], "qa-unit");
    app.get("/api/v1/role-mappings", Some(&pat.token))
        .await
        .expect_problem(403);

    // At single sign-on, a member of the group gets the role as well as theirs; an
    // administrator's roles are never given a role that reads case records.
    let groups = vec!["qa-unit".to_string(), "everyone".to_string()];
    app.with_db(|conn| {
        qa_api::auth::role_mappings::apply(
            conn,
            qa_api::db::types::UserId::parse(&pat.id).unwrap(),
            &groups,
        )
        .unwrap();
        qa_api::auth::role_mappings::apply(
            conn,
            qa_api::db::types::UserId::parse(&ada.id).unwrap(),
            &groups,
        )
        .unwrap();
    });
    let roles_of = |user: &str| {
        let user = user.to_string();
        let token = ada.token.clone();
        let app = &app;
        async move {
            app.get(&format!("/api/v1/users/{user}"), Some(&token))
                .await
                .body["roles"]
                .clone()
        }
    };
    assert_eq!(
        roles_of(&pat.id).await,
        json!(["practitioner", "qa_officer"])
    );
    assert_eq!(roles_of(&ada.id).await, json!(["admin"]));

    // Removing the mapping is logged; the roles given stay until an administrator changes them.
    app.send(app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/role-mappings/{id}"),
        t,
    ))
    .await
    .expect(204);
    app.send(app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/role-mappings/{id}"),
        t,
    ))
    .await
    .expect_problem(404);
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}", ada.id),
            Some(&dee.token),
        )
        .await;
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["record_type"] == "role_mapping")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"delete"),
        "{}",
        log.text
    );
}
