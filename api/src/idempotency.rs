//! `Idempotency-Key` on every `POST` (product.md §5), as one middleware around every route.
//!
//! A `POST` with the header, from a caller with a valid token (a person or a service account),
//! claims `(caller, key)` in the database (so every instance sees it) before the handler runs:
//!
//! - the first request runs, and its response (status, `Location`, `ETag`, `Content-Type`,
//!   body) is kept for 24 hours; the same key again answers that response, with
//!   `Idempotent-Replayed: true`, and runs nothing;
//! - the same key with another method, path or body (compared as a SHA-256 hash) → 422;
//! - the same key while the first request is still running → 409;
//! - keys of two callers never meet (the claim is per person or per service account).
//!
//! Responses that say nothing about the request's effect are not kept, so a retry runs again:
//! 5xx (a fault or the database unavailable), 401 (the session ended), 408 and 429. The handler
//! runs in its own task, so a client that disconnects does not stop its response being kept.
//! A claim whose instance died is taken over after [`LOCK_SECS`]. Expired keys are deleted by
//! the jobs sweep ([`sweep_expired`]). Requests without a token (sign-in) pass untouched.

use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{Error, HttpMessage, HttpResponse};
use diesel::prelude::*;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use time::PrimitiveDateTime;

use crate::auth::caller::{bearer_claims, bearer_token, Caller, Loaded, SignedIn};
use crate::dates::now_utc;
use crate::db::schema::idempotency_keys;
use crate::db::{is_unique_violation, DbConn};
use crate::error::ApiError;
use crate::extract::MAX_BODY_BYTES;
use crate::service_accounts::token::is_service_token;
use crate::state::AppState;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Set on a replayed response.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// How long a key's response is kept.
pub const KEEP_HOURS: i64 = 24;
/// How long an unfinished claim holds before another request may take it over.
pub const LOCK_SECS: i64 = 300;
/// The longest key accepted.
pub const MAX_KEY_CHARS: usize = 255;

const KEPT_HEADERS: [HeaderName; 5] = [
    header::CONTENT_TYPE,
    header::LOCATION,
    header::ETAG,
    header::CONTENT_LOCATION,
    header::CONTENT_DISPOSITION,
];

enum Who {
    Person(SignedIn),
    Service(String),
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
struct Row {
    fingerprint: String,
    status: Option<i32>,
    headers: Option<String>,
    body: Option<String>,
    locked_until: PrimitiveDateTime,
    expires_at: PrimitiveDateTime,
}

enum Claim {
    /// No valid caller: the request goes on without a key (and fails its authentication).
    NoCaller,
    /// This request runs; the response is kept under the caller's key.
    Claimed(String),
    /// The same key with another request.
    Mismatch,
    /// The first request with the key is still running.
    InFlight,
    /// The first response.
    Replay(Row),
}

fn caller_key(conn: &mut DbConn, who: &Who) -> QueryResult<Option<String>> {
    Ok(match who {
        Who::Person(signed_in) => match Caller::load(conn, signed_in)? {
            Loaded::Caller(caller) => Some(format!("user:{}", caller.user_id)),
            _ => None,
        },
        Who::Service(token) => crate::service_accounts::caller::authenticate(conn, token)?
            .map(|caller| format!("service:{}", caller.account_id)),
    })
}

fn claim(conn: &mut DbConn, who: &Who, key: &str, fingerprint: &str) -> QueryResult<Claim> {
    let Some(caller) = caller_key(conn, who)? else {
        return Ok(Claim::NoCaller);
    };
    let this = idempotency_keys::table.find((caller.as_str(), key));
    for _ in 0..4 {
        let now = now_utc();
        let row: Option<Row> = this.select(Row::as_select()).first(conn).optional()?;
        match row {
            None => {
                let inserted = diesel::insert_into(idempotency_keys::table)
                    .values((
                        idempotency_keys::caller.eq(&caller),
                        idempotency_keys::idem_key.eq(key),
                        idempotency_keys::fingerprint.eq(fingerprint),
                        idempotency_keys::locked_until.eq(now + time::Duration::seconds(LOCK_SECS)),
                        idempotency_keys::created_at.eq(now),
                        idempotency_keys::expires_at.eq(now + time::Duration::hours(KEEP_HOURS)),
                    ))
                    .execute(conn);
                match inserted {
                    Ok(_) => return Ok(Claim::Claimed(caller)),
                    // Another request claimed it at the same moment: read what it claimed.
                    Err(e) if is_unique_violation(&e) => continue,
                    Err(e) => return Err(e),
                }
            }
            Some(row) if row.expires_at <= now => {
                diesel::delete(this.filter(idempotency_keys::expires_at.le(now))).execute(conn)?;
            }
            Some(row) if row.fingerprint != fingerprint => return Ok(Claim::Mismatch),
            Some(row) if row.status.is_none() => {
                if row.locked_until > now {
                    return Ok(Claim::InFlight);
                }
                // Its instance died before answering: take the claim over, once.
                let taken = diesel::update(
                    this.filter(idempotency_keys::status.is_null())
                        .filter(idempotency_keys::locked_until.eq(row.locked_until)),
                )
                .set(idempotency_keys::locked_until.eq(now + time::Duration::seconds(LOCK_SECS)))
                .execute(conn)?;
                if taken == 1 {
                    return Ok(Claim::Claimed(caller));
                }
            }
            Some(row) => return Ok(Claim::Replay(row)),
        }
    }
    Ok(Claim::InFlight)
}

/// Deletes the keys past their 24 hours (the jobs sweep); answers how many.
pub fn sweep_expired(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(now_utc())))
        .execute(conn)
}

fn fingerprint(req: &ServiceRequest, body: &[u8]) -> String {
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or_else(|| req.path());
    let mut hash = Sha256::new();
    hash.update(req.method().as_str().as_bytes());
    hash.update(b"\n");
    hash.update(target.as_bytes());
    hash.update(b"\n");
    hash.update(body);
    hex::encode(hash.finalize())
}

fn valid_key(raw: &HeaderValue) -> Option<String> {
    let text = raw.to_str().ok()?.trim();
    (!text.is_empty()
        && text.len() <= MAX_KEY_CHARS
        && text.chars().all(|c| c.is_ascii_graphic() || c == ' '))
    .then(|| text.to_string())
}

async fn read_body(mut payload: Payload) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::BadRequest("The request body could not be read.".into()))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn payload_of(body: Bytes) -> Payload {
    let stream: Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(futures_util::stream::once(async move { Ok(body) }));
    Payload::from(stream)
}

fn kept(status: StatusCode) -> bool {
    !(status.is_server_error()
        || matches!(
            status,
            StatusCode::UNAUTHORIZED | StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
        ))
}

fn replay(row: Row) -> HttpResponse {
    let status = row
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    let headers: Vec<(String, String)> = row
        .headers
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((HeaderName::from_static(REPLAYED_HEADER), "true"));
    response.body(row.body.unwrap_or_default())
}

async fn release(state: &AppState, caller: String, key: String) {
    let released = state
        .db(move |conn| {
            Ok(diesel::delete(
                idempotency_keys::table
                    .find((caller.as_str(), key.as_str()))
                    .filter(idempotency_keys::status.is_null()),
            )
            .execute(conn)?)
        })
        .await;
    if let Err(error) = released {
        tracing::warn!(%error, "an idempotency key could not be released; it frees itself later");
    }
}

/// Runs the claimed request and keeps its response.
async fn run_and_keep<B: MessageBody + 'static>(
    state: web::Data<AppState>,
    caller: String,
    key: String,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let response = match next.call(req).await {
        Ok(response) => response,
        Err(error) => {
            release(&state, caller, key).await;
            return Err(error);
        }
    };
    let status = response.status();
    if !kept(status) {
        release(&state, caller, key).await;
        return Ok(response.map_into_boxed_body());
    }
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            release(&state, caller, key).await;
            let error = ApiError::Internal("a response body could not be read".into());
            return Ok(ServiceResponse::new(
                request,
                actix_web::ResponseError::error_response(&error),
            ));
        }
    };
    let headers: Vec<(String, String)> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = head.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_string(), value.to_string()))
        })
        .collect();
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let text = text.to_string();
            let headers = serde_json::to_string(&headers).unwrap_or_default();
            let code = i32::from(status.as_u16());
            let stored = state
                .db(move |conn| {
                    Ok(diesel::update(
                        idempotency_keys::table.find((caller.as_str(), key.as_str())),
                    )
                    .set((
                        idempotency_keys::status.eq(Some(code)),
                        idempotency_keys::headers.eq(Some(headers)),
                        idempotency_keys::body.eq(Some(text)),
                    ))
                    .execute(conn)?)
                })
                .await;
            if let Err(error) = stored {
                tracing::warn!(%error, "an idempotent response could not be kept");
            }
        }
        Err(_) => release(&state, caller, key).await,
    }
    Ok(ServiceResponse::new(
        request,
        head.set_body(BoxBody::new(bytes)),
    ))
}

/// The middleware: see the module's documentation.
pub async fn idempotency<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let pass = |req: ServiceRequest, next: Next<B>| async move {
        next.call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body)
    };
    if req.method() != Method::POST {
        return pass(req, next).await;
    }
    let Some(raw) = req.headers().get(HEADER) else {
        return pass(req, next).await;
    };
    let Some(key) = valid_key(raw) else {
        return Ok(req.error_response(ApiError::BadRequest(format!(
            "Idempotency-Key must be 1 to {MAX_KEY_CHARS} printable characters."
        ))));
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return pass(req, next).await;
    };
    let who = match bearer_token(req.request()) {
        Some(token) if is_service_token(&token) => Who::Service(token),
        Some(_) => match bearer_claims(req.request()) {
            Some(signed_in) => Who::Person(signed_in),
            None => return pass(req, next).await,
        },
        None => return pass(req, next).await,
    };
    let body = match read_body(req.take_payload()).await {
        Ok(body) => body,
        Err(error) => return Ok(req.error_response(error)),
    };
    let fingerprint = fingerprint(&req, &body);
    let claimed = {
        let key = key.clone();
        state
            .db(move |conn| Ok(claim(conn, &who, &key, &fingerprint)?))
            .await
    };
    let claimed = match claimed {
        Ok(claimed) => claimed,
        Err(error) => return Ok(req.error_response(error)),
    };
    match claimed {
        Claim::NoCaller => {
            req.set_payload(payload_of(body));
            pass(req, next).await
        }
        Claim::Mismatch => Ok(req.error_response(ApiError::field(
            "Idempotency-Key",
            "was used with another request: send a new key for a new request",
        ))),
        Claim::InFlight => Ok(req.error_response(ApiError::conflict(
            "A request with this Idempotency-Key is still in progress: retry shortly.",
        ))),
        Claim::Replay(row) => {
            let (request, _) = req.into_parts();
            Ok(ServiceResponse::new(request, replay(row)))
        }
        Claim::Claimed(caller) => {
            req.set_payload(payload_of(body));
            // Its own task: a client that goes away does not stop the response being kept.
            let task = actix_web::rt::spawn(run_and_keep(state, caller, key, req, next));
            task.await.map_err(|_| {
                Error::from(ApiError::Internal(
                    "an idempotent request was cancelled".into(),
                ))
            })?
        }
    }
}
