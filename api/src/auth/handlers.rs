//! Sign-in, refresh, sign-out and "who am I".

use super::caller::SignedIn;
use super::dto::{LoginRequest, Me, TokenResponse};
use super::policy::CaseScope;
use super::service::{self, Session};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::org::repo as org_repo;
use crate::state::{AppState, State};
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, HttpRequest, HttpResponse};

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "qa_refresh";
/// The only path the browser sends the refresh cookie to.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(state: &AppState, value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

fn session_response(state: &AppState, session: Session) -> HttpResponse {
    HttpResponse::Ok()
        .cookie(refresh_cookie(
            state,
            session.refresh_token,
            session.refresh_ttl_secs,
        ))
        .json(TokenResponse {
            access_token: session.access_token,
            token_type: "Bearer".into(),
            expires_in: state.tokens.ttl_secs(),
        })
}

fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Signs in with email and password. Answers an access token and sets the refresh cookie
/// (`HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth`). After 10 failures for an account
/// (or 50 from one address) within 15 minutes, answers 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked out for now; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(state: State, req: HttpRequest, body: JsonBody) -> ApiResult<HttpResponse> {
    let input: LoginRequest = body.parse()?;
    let ip = client_ip(&req);
    let app = state.clone();
    let session = state
        .db(move |conn| {
            service::login(
                conn,
                &app.tokens,
                app.settings.refresh_token_ttl_secs,
                &input.email,
                &input.password,
                &ip,
            )
        })
        .await?;
    Ok(session_response(&state, session))
}

/// Rotates the refresh cookie and answers a new access token. Presenting a refresh token that
/// was already used revokes its whole family.
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
    let app = state.clone();
    let session = state
        .db(move |conn| {
            service::refresh(
                conn,
                &app.tokens,
                app.settings.refresh_token_ttl_secs,
                &presented,
            )
        })
        .await?;
    Ok(session_response(&state, session))
}

/// Signs out: revokes the refresh token's family and clears the cookie.
#[utoipa::path(
    tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(presented) = req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()) {
        state
            .db(move |conn| service::logout(conn, &presented))
            .await?;
    }
    let mut cleared = refresh_cookie(&state, String::new(), 0);
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
