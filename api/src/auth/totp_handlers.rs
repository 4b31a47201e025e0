//! The second factor's endpoints: setting one up during a sign-in that needs it, and from the
//! account page; new recovery codes; turning it off where it is not required; an
//! administrator's reset.

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use super::caller::SignedIn;
use super::dto::{
    ChallengeKind, ChallengeToken, RecoveryCodes, TotpCode, TotpEnrolment, TotpStatus,
};
use super::repo as auth_repo;
use super::roles::Role;
use super::second_factor::{self, Against, Enrolment};
use super::service;
use crate::db::types::UserId;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::settings::Rules;
use crate::state::State;

impl From<Enrolment> for TotpEnrolment {
    fn from(e: Enrolment) -> Self {
        Self {
            secret: e.secret,
            otpauth_uri: e.otpauth_uri,
            qr_code: e.qr_code,
        }
    }
}

/// A person's second factor as the API shows it.
fn status(conn: &mut DbConn, user: UserId, roles: &[Role], rules: &Rules) -> ApiResult<TotpStatus> {
    let row = second_factor::find(conn, user)?;
    let now = crate::dates::now_utc();
    Ok(TotpStatus {
        enabled: row.as_ref().is_some_and(|r| r.enabled()),
        required: second_factor::required_for(roles, rules),
        enabled_at: row
            .as_ref()
            .and_then(|r| r.enabled_at)
            .map(crate::dates::to_utc),
        recovery_codes_left: second_factor::recovery_codes_left(conn, user)?,
        locked: row
            .as_ref()
            .and_then(|r| r.locked_until)
            .is_some_and(|until| until > now),
    })
}

/// Sets up an authenticator app during a sign-in that must have one (the `totp_enrolment`
/// challenge): answers a new secret, its `otpauth://` URI and a QR code. Calling it again
/// replaces a set-up not yet confirmed. Confirm it by answering the challenge with the app's
/// first code at `POST /api/v1/auth/challenge`.
#[utoipa::path(
    tag = "auth",
    request_body = ChallengeToken,
    responses(
        (status = 200, description = "The secret to add to the app", body = TotpEnrolment),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "The challenge expired, was answered, or is not a set-up", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A second factor is already set up", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/totp/enrolment")]
pub async fn enrol_during_sign_in(state: State, body: JsonBody) -> ApiResult<HttpResponse> {
    let input: ChallengeToken = body.parse()?;
    let (user, kind, claims) = service::challenged_user(&state.tokens, &input.challenge_token)?;
    if kind != ChallengeKind::TotpEnrolment {
        return Err(service::challenge_refused());
    }
    let enrolment = state
        .db(move |conn| {
            let account = auth_repo::password_account(conn, user)?
                .filter(|a| a.active)
                .ok_or_else(service::challenge_refused)?;
            if service::challenge_used(conn, &claims)? {
                return Err(service::challenge_refused());
            }
            second_factor::begin_enrolment(conn, user, &account.email)
        })
        .await?;
    Ok(HttpResponse::Ok().json(TotpEnrolment::from(enrolment)))
}

/// The caller's second factor: set up or not, required or not, recovery codes left.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's second factor", body = TotpStatus),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/me/totp")]
pub async fn my_totp(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let answer = state
        .run(user, |cx| {
            status(cx.conn, cx.caller.user_id, &cx.caller.roles, &cx.rules)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Begins setting up an authenticator app for the caller: answers a new secret, its
/// `otpauth://` URI and a QR code. Nothing changes at sign-in until
/// `POST /api/v1/me/totp/confirm` checks the app's first code.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The secret to add to the app", body = TotpEnrolment),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A second factor is already set up", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/me/totp/enrolment")]
pub async fn begin_my_enrolment(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let enrolment = state
        .run(user, |cx| {
            second_factor::begin_enrolment(cx.conn, cx.caller.user_id, &cx.caller.email)
        })
        .await?;
    Ok(HttpResponse::Ok().json(TotpEnrolment::from(enrolment)))
}

/// Confirms the caller's set-up with the app's first code: from now on sign-in asks for a code.
/// Answers the ten recovery codes, shown this once.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = 200, description = "Set up; the recovery codes", body = RecoveryCodes),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No set-up begun, or one already confirmed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or wrong code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/me/totp/confirm")]
pub async fn confirm_my_enrolment(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .run(user, move |cx| {
            let input: TotpCode = body.parse()?;
            let me = cx.caller.user_id;
            if second_factor::is_enabled(cx.conn, me)? {
                return Err(ApiError::conflict("A second factor is already set up."));
            }
            let codes = second_factor::with_code(
                cx.conn,
                me,
                &cx.caller.email,
                &input.code,
                Against::Pending,
                |conn, _| second_factor::confirm(conn, me),
            )?;
            Ok(RecoveryCodes {
                recovery_codes: codes,
                status: status(cx.conn, me, &cx.caller.roles, &cx.rules)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Replaces the caller's recovery codes with ten new ones (the old ones stop working), proved
/// by a code from the app. Answers them, shown this once.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = 200, description = "The new recovery codes", body = RecoveryCodes),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No second factor is set up", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or wrong code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/me/totp/recovery-codes")]
pub async fn new_recovery_codes(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .run(user, move |cx| {
            let input: TotpCode = body.parse()?;
            let me = cx.caller.user_id;
            let codes = second_factor::with_code(
                cx.conn,
                me,
                &cx.caller.email,
                &input.code,
                Against::Enabled,
                |conn, _| {
                    second_factor::log(conn, me, me, "new_recovery_codes")?;
                    Ok(second_factor::replace_recovery_codes(conn, me)?)
                },
            )?;
            Ok(RecoveryCodes {
                recovery_codes: codes,
                status: status(cx.conn, me, &cx.caller.roles, &cx.rules)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Turns the caller's second factor off, proved by a code from the app (or a recovery code).
/// Refused (403) to those who must have one.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = 200, description = "Turned off", body = TotpStatus),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller must have a second factor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No second factor is set up", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or wrong code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/me/totp/disable")]
pub async fn disable_my_totp(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .run(user, move |cx| {
            if second_factor::required_for(&cx.caller.roles, &cx.rules) {
                return Err(ApiError::forbidden(
                    "Your account must have a second factor: it cannot be turned off.",
                ));
            }
            let input: TotpCode = body.parse()?;
            let me = cx.caller.user_id;
            second_factor::with_code(
                cx.conn,
                me,
                &cx.caller.email,
                &input.code,
                Against::Enabled,
                |conn, _| {
                    second_factor::remove(conn, me)?;
                    second_factor::log(conn, me, me, "turned_off")?;
                    Ok(())
                },
            )?;
            status(cx.conn, me, &cx.caller.roles, &cx.rules)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Another user's second factor. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "Their second factor", body = TotpStatus),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/users/{id}/totp")]
pub async fn user_totp(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = UserId::from(id.into_inner());
    let answer = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let account = auth_repo::password_account(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            status(cx.conn, id, &account.roles.0, &cx.rules)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Resets another user's second factor (a lost phone and no recovery codes): it and their
/// recovery codes are removed, every session of theirs ends, and the reset is logged. Whoever
/// must have one sets it up again at their next sign-in. Administrators only, never their own.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "Reset; their second factor now", body = TotpStatus),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator, or their own", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/users/{id}/totp/reset")]
pub async fn reset_user_totp(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = UserId::from(id.into_inner());
    let answer = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            second_factor::reset(cx.conn, cx.caller.user_id, id)?;
            let account = auth_repo::password_account(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            status(cx.conn, id, &account.roles.0, &cx.rules)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
