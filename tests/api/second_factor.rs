//! The second factor for local accounts: an authenticator app's codes (RFC 6238) and single-use
//! recovery codes, required of administrators and data protection officers (and of everyone
//! when the council says so), locked after repeated wrong codes, reset by another
//! administrator.

use qa_test_macros::both_backends;
use qa_tests::workflow::{login, refresh_cookie};
use qa_tests::{spawn_app, Answer, Backend, TestApp, TestUser, TEST_PASSWORD};
use serde_json::{json, Value};
use totp_rs::{Builder, Secret};

/// The code an authenticator app shows `steps` time steps from now (one step either way is
/// accepted, so a test can use the next step's code when this step's is used up).
fn code(secret: &str, steps: i64) -> String {
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).expect("base32"))
        .build()
        .expect("totp");
    let now = time::OffsetDateTime::now_utc().unix_timestamp() + steps * 30;
    totp.generate(u64::try_from(now).unwrap()).to_string()
}

async fn answer(app: &TestApp, challenge: &Answer, body: Value) -> Answer {
    let mut body = body;
    body["challenge_token"] = challenge.body["challenge_token"].clone();
    app.post("/api/v1/auth/challenge", None, &body).await
}

/// Sets up a second factor from the account page: answers the secret and the recovery codes.
async fn enrol(app: &TestApp, user: &TestUser) -> (String, Vec<String>) {
    let begun = app
        .post("/api/v1/me/totp/enrolment", Some(&user.token), &json!({}))
        .await;
    begun.expect(200);
    let secret = begun.body["secret"].as_str().expect("secret").to_string();
    let confirmed = app
        .post(
            "/api/v1/me/totp/confirm",
            Some(&user.token),
            &json!({"code": code(&secret, 0)}),
        )
        .await;
    confirmed.expect(200);
    let codes = confirmed.body["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (secret, codes)
}

async fn status(app: &TestApp, user: &TestUser) -> Value {
    let answer = app.get("/api/v1/me/totp", Some(&user.token)).await;
    answer.expect(200);
    answer.body
}

#[both_backends]
async fn an_administrator_sets_up_a_second_factor_at_the_first_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let first = login(&app, &ada.email, TEST_PASSWORD).await;
    first.expect(200);
    assert_eq!(first.body["challenge"], "totp_enrolment", "{}", first.text);
    assert!(first.body["access_token"].is_null());
    assert!(first.header("set-cookie").is_none(), "no session yet");
    // The challenge token is not an access token.
    let challenge = first.body["challenge_token"].as_str().unwrap();
    app.get("/api/v1/me", Some(challenge))
        .await
        .expect_problem(401);
    let setup = app
        .post(
            "/api/v1/auth/totp/enrolment",
            None,
            &json!({"challenge_token": challenge}),
        )
        .await;
    setup.expect(200);
    let secret = setup.body["secret"].as_str().unwrap().to_string();
    let uri = setup.body["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(setup.body["qr_code"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    // A wrong first code names the field, and the challenge stays open.
    let wrong = answer(&app, &first, json!({"code": "000000"})).await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["code"]);
    let right = answer(&app, &first, json!({"code": code(&secret, 0)})).await;
    right.expect(200);
    assert!(right.body["access_token"].is_string(), "{}", right.text);
    assert!(refresh_cookie(&right).len() > 20);
    let codes = right.body["recovery_codes"].as_array().expect("codes");
    assert_eq!(codes.len(), 10);
    let distinct: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);
    // The challenge answered once.
    answer(&app, &first, json!({"code": code(&secret, 1)}))
        .await
        .expect_problem(401);
    // From now on the sign-in asks for a code.
    let token = right.body["access_token"].as_str().unwrap().to_string();
    let me = app.get("/api/v1/me/totp", Some(&token)).await;
    me.expect(200);
    assert_eq!(me.body["enabled"], true);
    assert_eq!(me.body["required"], true);
    assert_eq!(me.body["recovery_codes_left"], 10);
    let next = login(&app, &ada.email, TEST_PASSWORD).await;
    assert_eq!(next.body["challenge"], "totp");
    // Recovery codes are stored only as hashes.
    let stored: Vec<String> = app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::recovery_codes;
        recovery_codes::table
            .select(recovery_codes::code_hash)
            .load(conn)
            .unwrap()
    });
    assert_eq!(stored.len(), 10);
    for code in codes {
        let code = code.as_str().unwrap();
        assert!(!stored.iter().any(|s| s.contains(code)));
    }
}

#[both_backends]
async fn a_code_answers_once_and_a_recovery_code_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let (secret, recovery) = enrol(&app, &pat).await;
    assert_eq!(status(&app, &pat).await["required"], false);
    // The code that confirmed the set-up is used up; the next step's code signs in.
    let first = login(&app, &pat.email, TEST_PASSWORD).await;
    assert_eq!(first.body["challenge"], "totp");
    let replay = answer(&app, &first, json!({"code": code(&secret, 0)})).await;
    replay.expect_problem(422);
    assert_eq!(replay.error_fields(), vec!["code"]);
    answer(&app, &first, json!({"code": code(&secret, 1)}))
        .await
        .expect(200);
    // A recovery code, typed in capitals with spaces, signs in once.
    let typed = recovery[0].to_uppercase().replace('-', " ");
    let second = login(&app, &pat.email, TEST_PASSWORD).await;
    let used = answer(&app, &second, json!({"code": typed})).await;
    used.expect(200);
    assert!(used.body["access_token"].is_string());
    assert_eq!(status(&app, &pat).await["recovery_codes_left"], 9);
    let third = login(&app, &pat.email, TEST_PASSWORD).await;
    let again = answer(&app, &third, json!({"code": recovery[0]})).await;
    again.expect_problem(422);
    assert_eq!(again.error_fields(), vec!["code"]);
    answer(&app, &third, json!({"code": recovery[1]}))
        .await
        .expect(200);
    // New recovery codes replace the old ones.
    let renewed = app
        .post(
            "/api/v1/me/totp/recovery-codes",
            Some(&pat.token),
            &json!({"code": recovery[2]}),
        )
        .await;
    renewed.expect(200);
    assert_eq!(renewed.body["status"]["recovery_codes_left"], 10);
    let fourth = login(&app, &pat.email, TEST_PASSWORD).await;
    answer(&app, &fourth, json!({"code": recovery[3]}))
        .await
        .expect_problem(422);
    let fresh = renewed.body["recovery_codes"][0].as_str().unwrap();
    answer(&app, &fourth, json!({"code": fresh}))
        .await
        .expect(200);
}

#[both_backends]
async fn answers_name_the_missing_field_and_tokens_keep_to_their_kind(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    enrol(&app, &pat).await;
    let first = login(&app, &pat.email, TEST_PASSWORD).await;
    let missing = answer(&app, &first, json!({})).await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["code"]);
    let mistyped = answer(&app, &first, json!({"code": 123456})).await;
    mistyped.expect_problem(422);
    assert_eq!(mistyped.error_fields(), vec!["code"]);
    // A `totp` challenge cannot set up another second factor.
    app.post(
        "/api/v1/auth/totp/enrolment",
        None,
        &json!({"challenge_token": first.body["challenge_token"]}),
    )
    .await
    .expect_problem(401);
    app.post(
        "/api/v1/auth/totp/enrolment",
        None,
        &json!({"challenge_token": "not.a.token"}),
    )
    .await
    .expect_problem(401);
    // Setting up twice is refused while one is confirmed; confirming none is a conflict.
    app.post("/api/v1/me/totp/enrolment", Some(&pat.token), &json!({}))
        .await
        .expect_problem(409);
    let other = app.create_user("Olu", &["practitioner"], None);
    app.post(
        "/api/v1/me/totp/confirm",
        Some(&other.token),
        &json!({"code": "123456"}),
    )
    .await
    .expect_problem(409);
    let empty = app
        .post("/api/v1/me/totp/confirm", Some(&other.token), &json!({}))
        .await;
    empty.expect_problem(422);
    assert_eq!(empty.error_fields(), vec!["code"]);
}

#[both_backends]
async fn repeated_wrong_codes_lock_the_second_factor(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let (secret, recovery) = enrol(&app, &pat).await;
    let first = login(&app, &pat.email, TEST_PASSWORD).await;
    for _ in 0..4 {
        answer(&app, &first, json!({"code": "000000"}))
            .await
            .expect_problem(422);
    }
    let locking = answer(&app, &first, json!({"code": "000000"})).await;
    locking.expect_problem(429);
    let retry: i64 = locking
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    // While locked, neither a right code nor a recovery code gets in.
    answer(&app, &first, json!({"code": code(&secret, 1)}))
        .await
        .expect_problem(429);
    answer(&app, &first, json!({"code": recovery[0]}))
        .await
        .expect_problem(429);
    assert_eq!(status(&app, &pat).await["locked"], true);
    // Another administrator's reset clears it.
    let ada = app.create_user("Ada Admin", &["admin"], None);
    app.post(
        &format!("/api/v1/users/{}/totp/reset", pat.id),
        Some(&ada.token),
        &json!({}),
    )
    .await
    .expect(200);
    let after = login(&app, &pat.email, TEST_PASSWORD).await;
    after.expect(200);
    assert!(after.body["access_token"].is_string(), "{}", after.text);
}

#[both_backends]
async fn another_administrator_resets_a_second_factor_and_it_is_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let bo = app.create_user("Bo Admin", &["admin"], None);
    let dpo = app.create_user("Dee Pro", &["dpo"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    enrol(&app, &bo).await;
    let seen = app
        .get(&format!("/api/v1/users/{}/totp", bo.id), Some(&ada.token))
        .await;
    seen.expect(200);
    assert_eq!(seen.body["enabled"], true);
    assert_eq!(seen.body["required"], true);
    // Not one's own, not by another role, not an unknown account.
    app.post(
        &format!("/api/v1/users/{}/totp/reset", bo.id),
        Some(&bo.token),
        &json!({}),
    )
    .await
    .expect_problem(403);
    app.post(
        &format!("/api/v1/users/{}/totp/reset", bo.id),
        Some(&pat.token),
        &json!({}),
    )
    .await
    .expect_problem(403);
    app.post(
        &format!("/api/v1/users/{}/totp/reset", uuid::Uuid::now_v7()),
        Some(&ada.token),
        &json!({}),
    )
    .await
    .expect_problem(404);
    let reset = app
        .post(
            &format!("/api/v1/users/{}/totp/reset", bo.id),
            Some(&ada.token),
            &json!({}),
        )
        .await;
    reset.expect(200);
    assert_eq!(reset.body["enabled"], false);
    assert_eq!(reset.body["recovery_codes_left"], 0);
    // Bo's sessions ended; Bo sets up a new one at the next sign-in.
    app.get("/api/v1/me", Some(&bo.token))
        .await
        .expect_problem(401);
    let next = login(&app, &bo.email, TEST_PASSWORD).await;
    assert_eq!(next.body["challenge"], "totp_enrolment");
    let log = app
        .get(
            &format!("/api/v1/access-log?user_id={}&sort=at", ada.id),
            Some(&dpo.token),
        )
        .await;
    log.expect(200);
    let logged = log.body["items"].as_array().unwrap().iter().any(|e| {
        e["action"] == "second_factor" && e["record_id"] == json!(bo.id) && e["detail"] == "reset"
    });
    assert!(logged, "the reset is logged: {}", log.text);
}

#[both_backends]
async fn the_council_can_require_a_second_factor_of_everyone(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    let dee = app.create_user("Dee Pro", &["dpo"], None);
    // Optional for a practitioner, required of a data protection officer.
    let plain = login(&app, &pat.email, TEST_PASSWORD).await;
    assert!(plain.body["access_token"].is_string(), "{}", plain.text);
    let dpo = login(&app, &dee.email, TEST_PASSWORD).await;
    assert_eq!(dpo.body["challenge"], "totp_enrolment");
    let read = app.get("/api/v1/settings", Some(&ada.token)).await;
    let setting = read.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "totp_required_for_all")
        .expect("the setting")
        .clone();
    assert_eq!(setting["value"], 0);
    let etag = read.header("etag").unwrap();
    app.patch(
        "/api/v1/settings",
        Some(&ada.token),
        Some(&etag),
        &json!({"totp_required_for_all": 2}),
    )
    .await
    .expect_problem(422);
    app.patch(
        "/api/v1/settings",
        Some(&ada.token),
        Some(&etag),
        &json!({"totp_required_for_all": 1}),
    )
    .await
    .expect(200);
    let required = login(&app, &pat.email, TEST_PASSWORD).await;
    assert_eq!(required.body["challenge"], "totp_enrolment");
    assert_eq!(status(&app, &pat).await["required"], true);
}

#[both_backends]
async fn only_an_optional_second_factor_can_be_turned_off(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let (secret, _) = enrol(&app, &pat).await;
    let (admin_secret, _) = enrol(&app, &ada).await;
    app.post(
        "/api/v1/me/totp/disable",
        Some(&ada.token),
        &json!({"code": code(&admin_secret, 1)}),
    )
    .await
    .expect_problem(403);
    let wrong = app
        .post(
            "/api/v1/me/totp/disable",
            Some(&pat.token),
            &json!({"code": "000000"}),
        )
        .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["code"]);
    let off = app
        .post(
            "/api/v1/me/totp/disable",
            Some(&pat.token),
            &json!({"code": code(&secret, 1)}),
        )
        .await;
    off.expect(200);
    assert_eq!(off.body["enabled"], false);
    let plain = login(&app, &pat.email, TEST_PASSWORD).await;
    assert!(plain.body["access_token"].is_string(), "{}", plain.text);
}

#[both_backends]
async fn the_second_factor_comes_before_choosing_a_new_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    let pat = app.create_user("Pat", &["practitioner"], None);
    let (secret, _) = enrol(&app, &pat).await;
    let given = "a password the admin knows";
    app.post(
        &format!("/api/v1/users/{}/password", pat.id),
        Some(&ada.token),
        &json!({"password": given}),
    )
    .await
    .expect(200);
    let first = login(&app, &pat.email, given).await;
    assert_eq!(first.body["challenge"], "totp");
    // A code does not stand in for the password change, nor the reverse.
    let skipped = answer(
        &app,
        &first,
        json!({"new_password": "Pat's own long passphrase"}),
    )
    .await;
    skipped.expect_problem(422);
    assert_eq!(skipped.error_fields(), vec!["code"]);
    let coded = answer(&app, &first, json!({"code": code(&secret, 1)})).await;
    coded.expect(200);
    assert_eq!(coded.body["challenge"], "password_change", "{}", coded.text);
    assert!(coded.header("set-cookie").is_none());
    let chosen = answer(
        &app,
        &coded,
        json!({"new_password": "Pat's own long passphrase"}),
    )
    .await;
    chosen.expect(200);
    assert!(chosen.body["access_token"].is_string());
}

#[both_backends]
async fn create_admin_on_the_server_recovers_an_administrator_locked_out_of_their_app(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let ada = app.create_user("Ada Admin", &["admin"], None);
    enrol(&app, &ada).await;
    let password = "a long break-glass password";
    app.with_db(|conn| {
        qa_api::org::service::upsert_admin(conn, &ada.email, "Ada Admin", password, false)
            .expect("create-admin")
    });
    let next = login(&app, &ada.email, password).await;
    assert_eq!(next.body["challenge"], "totp_enrolment", "{}", next.text);
}

/// Wrong codes sent at once each count: five in parallel lock the second factor as five in a
/// row do (a count read and written back would let racing guesses count as one on PostgreSQL).
#[both_backends]
async fn wrong_codes_sent_at_once_each_count_towards_the_lockout(backend: Backend) {
    let app = spawn_app(backend).await;
    let pat = app.create_user("Pat", &["practitioner"], None);
    let (secret, _) = enrol(&app, &pat).await;
    let first = login(&app, &pat.email, TEST_PASSWORD).await;
    let answers = futures_util::future::join_all(
        (0..5).map(|_| answer(&app, &first, json!({"code": "000000"}))),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses.iter().all(|s| *s == 422 || *s == 429),
        "{statuses:?}"
    );
    assert_eq!(
        status(&app, &pat).await["locked"],
        true,
        "five wrong codes at once lock it: {statuses:?}"
    );
    answer(&app, &first, json!({"code": code(&secret, 1)}))
        .await
        .expect_problem(429);
}
