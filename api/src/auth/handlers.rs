//! Sign-in, refresh, sign-out and "who am I".

use super::caller::{bearer_claims, SignedIn};
use super::client::client_address;
use super::dto::{
    ChallengeAnswer, ChallengeKind, ChallengeResponse, LoginRequest, Me, PasswordChange,
    SignInResponse, TokenResponse,
};
use super::password::verify_password;
use super::policy::CaseScope;
use super::repo as auth_repo;
use super::service::{self, Session, SessionLimits, SignIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::org::repo as org_repo;
use crate::state::{AppState, State};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{get, post, HttpRequest, HttpResponse};

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "qa_refresh";
/// The only path the browser sends the refresh cookie to.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The refresh cookie: a session cookie (no `Max-Age`), so closing the browser on a shared
/// computer ends the session; the server ends it too, at the idle and absolute limits.
pub fn refresh_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.cookie_secure)
        .same_site(SameSite::Strict)
        .finish()
}

fn tokens(state: &AppState, session: &Session) -> TokenResponse {
    TokenResponse {
        access_token: session.access_token.clone(),
        token_type: "Bearer".into(),
        expires_in: state.tokens.ttl_secs(),
        recovery_codes: None,
    }
}

/// Runs the database step that opens or renews a session, then answers its tokens and cookie.
async fn open_session<F>(state: &State, work: F) -> ApiResult<HttpResponse>
where
    F: FnOnce(
            &mut crate::db::DbConn,
            &crate::auth::tokens::TokenKeys,
            SessionLimits,
        ) -> ApiResult<Session>
        + Send
        + 'static,
{
    let app = state.clone();
    let session = state
        .db(move |conn| {
            work(
                conn,
                &app.tokens,
                SessionLimits::from_settings(&app.settings),
            )
        })
        .await?;
    Ok(session_response(state, session))
}

fn session_response(state: &AppState, session: Session) -> HttpResponse {
    let body = tokens(state, &session);
    HttpResponse::Ok()
        .cookie(refresh_cookie(state, session.refresh_token))
        .json(body)
}

/// Signs in with email and password. Answers an access token and sets the refresh cookie
/// (`HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth`, a session cookie), or, when the
/// password was set by an administrator, a `password_change` challenge to answer at
/// `POST /api/v1/auth/challenge` (no cookie until then). After 10 failures for an account (or
/// 50 from one address) within 15 minutes, answers 429 with `Retry-After`. The password is
/// checked without holding a database connection.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in, or a challenge to answer first", body = SignInResponse),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Passwords are turned off: sign in with the council's account", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked out for now; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(state: State, req: HttpRequest, body: JsonBody) -> ApiResult<HttpResponse> {
    let input: LoginRequest = body.parse()?;
    if let Some(provider) = &state.oidc {
        // With passwords off, only the named break-glass administrators may use one; the
        // answer is the same whether or not the account exists.
        let app = state.clone();
        let rules = state.db(move |conn| Ok(app.rules.get(conn)?)).await?;
        let email = input.email.trim().to_lowercase();
        if rules.local_passwords_off == 1 && !state.settings.break_glass_admins.contains(&email) {
            return Err(ApiError::forbidden(format!(
                "Passwords are turned off here: sign in with {}.",
                provider.name()
            )));
        }
    }
    let ip = client_address(&req, &state.settings.trusted_proxies);
    let email = input.email.clone();
    let pending = state
        .db(move |conn| service::begin_sign_in(conn, &email, &ip))
        .await?;
    let password = input.password;
    let (pending, matches) = state
        .hash_work(move || {
            let matches = pending.password_matches(&password);
            (pending, matches)
        })
        .await?;
    if !matches {
        return Err(service::invalid_credentials());
    }
    let app = state.clone();
    let outcome = state
        .db(move |conn| {
            let rules = app.rules.get(conn)?;
            service::finish_sign_in(
                conn,
                &app.tokens,
                SessionLimits::from_settings(&app.settings),
                &rules,
                pending,
            )
        })
        .await?;
    Ok(sign_in_response(&state, outcome, None))
}

/// The answer to a sign-in step: the session's tokens and cookie, or the next challenge; with
/// the recovery codes when the step set up a second factor.
fn sign_in_response(
    state: &AppState,
    outcome: SignIn,
    recovery_codes: Option<Vec<String>>,
) -> HttpResponse {
    match outcome {
        SignIn::Session(session) => {
            let mut body = tokens(state, &session);
            body.recovery_codes = recovery_codes;
            // A password sign-in is not single sign-on: its sign-out ends no provider session.
            let mut marker = Cookie::build(super::oidc_handlers::SSO_MARKER, "")
                .path("/")
                .finish();
            marker.make_removal();
            HttpResponse::Ok()
                .cookie(refresh_cookie(state, session.refresh_token))
                .cookie(marker)
                .json(SignInResponse::Tokens(body))
        }
        SignIn::Challenge { kind, token } => {
            HttpResponse::Ok().json(SignInResponse::Challenge(ChallengeResponse {
                challenge: kind,
                challenge_token: token,
                detail: kind.detail().into(),
                recovery_codes,
            }))
        }
    }
}

/// Completes a challenged sign-in. `password_change`: sets the user's own new password (not the
/// one they were given), ends any other session. `totp`: checks the authenticator app's code
/// (each code answers once) or a recovery code (each used once). `totp_enrolment`: checks the
/// first code of the app set up at `POST /api/v1/auth/totp/enrolment` and answers the ten
/// recovery codes, shown this once. Then signs in, or answers the next challenge. A challenge
/// answers once, within 10 minutes; five wrong codes in a row lock the second factor for 15
/// minutes (429).
#[utoipa::path(
    tag = "auth",
    request_body = ChallengeAnswer,
    responses(
        (status = 200, description = "Signed in (the refresh cookie is set), or the next challenge", body = SignInResponse),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "The challenge expired or was already answered", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No second factor is being set up", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing answer, a wrong code, a weak new password, or the one it replaces", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/challenge")]
pub async fn answer_challenge(state: State, body: JsonBody) -> ApiResult<HttpResponse> {
    let input: ChallengeAnswer = body.parse()?;
    let (user, kind, claims) = service::challenged_user(&state.tokens, &input.challenge_token)?;
    match kind {
        ChallengeKind::PasswordChange => {
            let new_password = input
                .new_password
                .ok_or_else(|| ApiError::field("new_password", "is required"))?;
            let account = state
                .db(move |conn| Ok(auth_repo::password_account(conn, user)?))
                .await?
                .filter(|a| a.active && a.must_change_password)
                .ok_or_else(service::challenge_refused)?;
            let proved = account.password_hash.unwrap_or_default();
            let current = proved.clone();
            let new_hash = state
                .hash_work(move || service::hash_new_password(Some(&current), &new_password))
                .await??;
            open_session(&state, move |conn, keys, limits| {
                service::answer_password_challenge(conn, keys, limits, &claims, &proved, &new_hash)
            })
            .await
        }
        ChallengeKind::Totp | ChallengeKind::TotpEnrolment => {
            let code = input
                .code
                .ok_or_else(|| ApiError::field("code", "is required"))?;
            let app = state.clone();
            let (outcome, codes) = state
                .db(move |conn| {
                    let rules = app.rules.get(conn)?;
                    service::answer_code_challenge(
                        conn,
                        &app.tokens,
                        SessionLimits::from_settings(&app.settings),
                        &rules,
                        &claims,
                        kind,
                        &code,
                    )
                })
                .await?;
            Ok(sign_in_response(&state, outcome, codes))
        }
    }
}

/// Changes the caller's own password. Every session of theirs ends (other browsers are signed
/// out); this one continues with the new tokens answered and a new refresh cookie.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; new tokens and cookie", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed elsewhere at the same moment", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is not right, or the new one is weak or the same", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/me/password")]
pub async fn change_password(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let input: PasswordChange = body.parse()?;
    let account = state
        .run(user, |cx| {
            Ok(auth_repo::password_account(cx.conn, cx.caller.user_id)?)
        })
        .await?
        .ok_or_else(|| ApiError::Unauthenticated("Sign in again.".into()))?;
    let proved = account.password_hash.unwrap_or_default();
    let current = proved.clone();
    let new_hash = state
        .hash_work(move || {
            if !verify_password(&input.current_password, &current) {
                return Err(ApiError::field("current_password", "is not right"));
            }
            service::hash_new_password(Some(&current), &input.new_password)
        })
        .await??;
    open_session(&state, move |conn, keys, limits| {
        service::change_own_password(conn, keys, limits, user.user_id, &proved, &new_hash)
    })
    .await
}

/// Rotates the refresh cookie and answers a new access token. Presenting a refresh token that
/// was already used revokes its whole family. A session ends after 30 minutes without a refresh
/// and 10 hours after sign-in (`QA_SESSION_IDLE_MINUTES`, `QA_SESSION_MAX_HOURS`).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "A new access token; the cookie is rotated", body = TokenResponse),
        (status = 401, description = "No, expired, revoked or reused refresh token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/refresh")]
pub async fn refresh(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::Unauthenticated("No session: sign in.".into()))?;
    open_session(&state, move |conn, keys, limits| {
        service::refresh(conn, keys, limits, &presented)
    })
    .await
}

/// Signs out everywhere: revokes every refresh-token family of the user, refuses the access
/// token sent with it until it expires, and clears the cookie.
#[utoipa::path(
    tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty());
    let bearer = bearer_claims(&req);
    if presented.is_some() || bearer.is_some() {
        state
            .db(move |conn| service::logout(conn, presented.as_deref(), bearer))
            .await?;
    }
    let mut cleared = refresh_cookie(&state, String::new());
    cleared.make_removal();
    Ok(HttpResponse::NoContent().cookie(cleared).finish())
}

/// The signed-in caller: roles, org unit and scope.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/me")]
pub async fn me(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let me = state
        .run(user, |cx| {
            let caller = &cx.caller;
            let team_name = match caller.org_unit_id {
                Some(unit) => org_repo::find_unit(cx.conn, unit)?.map(|u| u.name),
                None => None,
            };
            let scope = caller.case_scope();
            let scope_unit_ids = match &scope {
                CaseScope::Limited { units, .. } => units.iter().map(|u| u.uuid()).collect(),
                _ => Vec::new(),
            };
            Ok(Me {
                id: caller.user_id.uuid(),
                email: caller.email.clone(),
                display_name: caller.display_name.clone(),
                roles: caller.roles.clone(),
                team_id: caller.org_unit_id.map(|u| u.uuid()),
                team_name,
                case_scope: scope.name().into(),
                scope_unit_ids,
                reads_narrative: caller.reads_narrative(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
