//! Single sign-on's endpoints: what the sign-in page offers, the way to the provider and back,
//! and single sign-out. They answer redirects for the browser, not JSON, except the options.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::handlers::{refresh_cookie, REFRESH_COOKIE};
use super::oidc::{self, Refusal, FLOW_COOKIE, FLOW_COOKIE_PATH};
use super::service::{self, SessionLimits};
use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, State};

/// A cookie the SPA reads to know the session came from single sign-on, so its sign-out also
/// ends the session at the provider. It says nothing secret.
pub const SSO_MARKER: &str = "qa_sso";

/// How people sign in here.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInOptions {
    /// Single sign-on, when configured: "Sign in with <name>" at `GET /api/v1/auth/oidc/start`.
    pub single_sign_on: Option<SingleSignOn>,
    /// Whether everyone may sign in with a password (when not, only the break-glass
    /// administrators may).
    pub passwords: bool,
}

/// The council's identity provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct SingleSignOn {
    /// What to call it.
    pub name: String,
}

/// How people sign in here: single sign-on with the council's provider, passwords, or both.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The ways to sign in", body = SignInOptions))
)]
#[get("/api/v1/auth/options")]
pub async fn sign_in_options(state: State) -> ApiResult<HttpResponse> {
    let app = state.clone();
    let rules = state.db(move |conn| Ok(app.rules.get(conn)?)).await?;
    Ok(HttpResponse::Ok().json(SignInOptions {
        single_sign_on: state.oidc.as_ref().map(|p| SingleSignOn {
            name: p.name().to_string(),
        }),
        passwords: state.oidc.is_none() || rules.local_passwords_off == 0,
    }))
}

fn redirect(to: &str) -> actix_web::HttpResponseBuilder {
    let mut answer = HttpResponse::Found();
    answer.insert_header((header::LOCATION, to.to_string()));
    answer
}

fn flow_cookie(state: &AppState, value: String) -> Cookie<'static> {
    // Lax, not Strict: the browser must send it on the provider's redirect back here, a
    // top-level navigation from another site.
    Cookie::build(FLOW_COOKIE, value)
        .path(FLOW_COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.cookie_secure)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::minutes(10))
        .finish()
}

fn cleared(mut cookie: Cookie<'static>) -> Cookie<'static> {
    cookie.make_removal();
    cookie
}

/// Begins single sign-on: sends the browser to the council's provider (authorization code
/// flow with PKCE), with a short-lived cookie that binds the sign-in to this browser.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 302, description = "To the provider", headers(("Location" = String))),
        (status = 404, description = "Single sign-on is not configured", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The provider cannot be reached", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/auth/oidc/start")]
pub async fn oidc_start(state: State) -> ApiResult<HttpResponse> {
    let provider = state.oidc.clone().ok_or(ApiError::NotFound)?;
    let (url, flow) = provider.start().await?;
    let binding = flow.binding.clone();
    state.db(move |conn| oidc::keep_flow(conn, &flow)).await?;
    Ok(redirect(&url).cookie(flow_cookie(&state, binding)).finish())
}

/// What the provider sends back.
#[derive(Debug, Deserialize, IntoParams)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` sent with the sign-in.
    pub state: Option<String>,
    /// The provider's error, when it refused.
    pub error: Option<String>,
}

/// Finishes single sign-on: checks the `state` against this browser's sign-in, exchanges the
/// code (with the PKCE verifier and the client secret), checks the ID token (signature by the
/// provider's keys, issuer, audience, nonce, expiry), and signs in the person linked to it, or
/// the first time the active account with the verified e-mail. Then back to the app with the
/// same refresh cookie as a password sign-in; a refusal goes to the sign-in page, which says
/// why (`?sso=unknown`, `deactivated` or `failed`). Never makes an account.
#[utoipa::path(
    tag = "auth",
    params(Callback),
    responses((status = 302, description = "To the app, signed in; or to the sign-in page with the reason", headers(("Location" = String))))
)]
#[get("/api/v1/auth/oidc/callback")]
pub async fn oidc_callback(
    state: State,
    req: HttpRequest,
    query: web::Query<Callback>,
) -> ApiResult<HttpResponse> {
    let binding = req.cookie(FLOW_COOKIE).map(|c| c.value().to_string());
    let outcome = finish(&state, query.into_inner(), binding).await;
    let mut answer = match outcome {
        Ok(session) => {
            let mut answer = redirect("/");
            answer.cookie(refresh_cookie(&state, session.refresh_token));
            answer.cookie(
                Cookie::build(SSO_MARKER, "1")
                    .path("/")
                    .secure(state.settings.cookie_secure)
                    .same_site(SameSite::Strict)
                    .finish(),
            );
            answer
        }
        Err(refusal) => redirect(&format!("/sign-in?sso={}", refusal.as_str())),
    };
    Ok(answer
        .cookie(cleared(flow_cookie(&state, String::new())))
        .finish())
}

async fn finish(
    state: &State,
    query: Callback,
    binding: Option<String>,
) -> Result<service::Session, Refusal> {
    let provider = state.oidc.clone().ok_or(Refusal::Failed)?;
    if let Some(error) = &query.error {
        tracing::info!(%error, "the provider refused the sign-in");
        return Err(Refusal::Failed);
    }
    let (Some(code), Some(flow_state)) = (query.code, query.state) else {
        return Err(Refusal::Failed);
    };
    let flow = state
        .db(move |conn| oidc::take_flow(conn, &flow_state, binding.as_deref()))
        .await
        .map_err(|_| Refusal::Failed)?
        .ok_or_else(|| {
            tracing::warn!("single sign-on refused: an unknown, used, expired or foreign state");
            Refusal::Failed
        })?;
    let identity = provider.finish(&flow, &code).await.map_err(|reason| {
        tracing::warn!(%reason, "single sign-on refused");
        Refusal::Failed
    })?;
    let issuer = provider.issuer().to_string();
    let app = state.clone();
    state
        .db(move |conn| {
            let user = match oidc::match_user(conn, &issuer, &identity)? {
                Ok(user) => {
                    super::role_mappings::apply(conn, user, &identity.groups)?;
                    user
                }
                Err(refusal) => {
                    tracing::info!(reason = refusal.as_str(), "single sign-on refused");
                    return Ok(Err(refusal));
                }
            };
            service::sso_session(
                conn,
                &app.tokens,
                SessionLimits::from_settings(&app.settings),
                user,
            )
            .map(Ok)
        })
        .await
        .map_err(|_| Refusal::Failed)?
}

/// Single sign-out: ends the session here (as `POST /api/v1/auth/logout`) and sends the browser
/// to the provider's end-session endpoint, when it has one, which comes back to the sign-in
/// page.
#[utoipa::path(
    tag = "auth",
    responses((status = 302, description = "To the provider's sign-out, or to the sign-in page", headers(("Location" = String))))
)]
#[get("/api/v1/auth/oidc/logout")]
pub async fn oidc_logout(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty());
    if presented.is_some() {
        state
            .db(move |conn| service::logout(conn, presented.as_deref(), None))
            .await?;
    }
    let to = match &state.oidc {
        Some(provider) => provider
            .end_session_url(&state.settings.public_url)
            .await
            .unwrap_or_else(|| "/sign-in".into()),
        None => "/sign-in".into(),
    };
    let mut marker = Cookie::build(SSO_MARKER, "").path("/").finish();
    marker.make_removal();
    Ok(redirect(&to)
        .cookie(cleared(refresh_cookie(&state, String::new())))
        .cookie(marker)
        .finish())
}
