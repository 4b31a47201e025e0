//! Authenticating a service token: the [`ServiceCaller`] and [`Principal`] extractors, and the
//! refusal of service tokens on endpoints for people.

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;
use time::PrimitiveDateTime;

use super::scope::{self, Scope};
use super::token;
use crate::access_log::{AccessEntry, Outcome};
use crate::auth::caller::{bearer_token, SignedIn};
use crate::dates::{london_today, now_utc};
use crate::db::schema::{service_account_tokens, service_accounts};
use crate::db::types::{ServiceAccountId, ServiceTokenId};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;

/// `last_used_at` is written at most this often per token.
const LAST_USED_EVERY_SECS: i64 = 60;

/// A service account whose token is valid now.
#[derive(Debug, Clone)]
pub struct ServiceCaller {
    /// The account.
    pub account_id: ServiceAccountId,
    /// Its name.
    pub name: String,
    /// The scopes it holds.
    pub scopes: Vec<Scope>,
    /// The token it used.
    pub token_id: ServiceTokenId,
}

impl ServiceCaller {
    /// Whether the account holds the scope.
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Refuses with 403 naming the scope unless the account holds it.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "This needs the scope {}, which the service account does not hold.",
                scope.as_str()
            )))
        }
    }

    /// An access-log entry by this account (its id stands where a person's would).
    pub fn access_entry(
        &self,
        action: &'static str,
        record_type: &'static str,
        record_id: Option<String>,
        outcome: Outcome,
        detail: Option<String>,
    ) -> AccessEntry {
        AccessEntry {
            user_id: Some(self.account_id.to_string()),
            action,
            record_type,
            record_id,
            case_id: None,
            outcome,
            detail,
        }
    }
}

/// Why a service token does not stand.
fn refused() -> ApiError {
    ApiError::Unauthenticated("The service token is not valid, has expired or was revoked.".into())
}

type Found = (
    ServiceTokenId,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
    ServiceAccountId,
    String,
    String,
    time::Date,
    Option<PrimitiveDateTime>,
);

/// The account a token belongs to when the token stands now: the account is not revoked, not
/// past its expiry date (it works through that whole day, London time), and the token is its
/// current one or an old one still within a rotation's overlap. Notes the use (`last_used_at`,
/// at most once a minute).
pub fn authenticate(conn: &mut DbConn, token: &str) -> QueryResult<Option<ServiceCaller>> {
    if !token::is_service_token(token) {
        return Ok(None);
    }
    let found: Option<Found> = service_account_tokens::table
        .inner_join(service_accounts::table)
        .filter(service_account_tokens::token_hash.eq(token::hash(token)))
        .select((
            service_account_tokens::id,
            service_account_tokens::valid_until,
            service_account_tokens::last_used_at,
            service_accounts::id,
            service_accounts::name,
            service_accounts::scopes,
            service_accounts::expires_on,
            service_accounts::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((token_id, valid_until, last_used, account_id, name, scopes, expires_on, revoked)) =
        found
    else {
        return Ok(None);
    };
    let now = now_utc();
    if revoked.is_some() || london_today() > expires_on || valid_until.is_some_and(|v| v <= now) {
        return Ok(None);
    }
    if last_used.is_none_or(|at| (now - at).whole_seconds() >= LAST_USED_EVERY_SECS) {
        diesel::update(service_account_tokens::table.find(token_id))
            .set(service_account_tokens::last_used_at.eq(now))
            .execute(conn)?;
        diesel::update(service_accounts::table.find(account_id))
            .set(service_accounts::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(ServiceCaller {
        account_id,
        name,
        scopes: scope::split(&scopes),
        token_id,
    }))
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("no app state".into()))
}

fn request_line(req: &HttpRequest) -> String {
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or_else(|| req.path());
    let mut line = format!("{} {target}", req.method());
    if line.len() > 500 {
        let mut end = 500;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        line.truncate(end);
    }
    line
}

/// Authenticates a service token and writes its use to the access log, allowed or refused by
/// `decide` (which sees the account).
async fn use_token(
    req: &HttpRequest,
    token: String,
    decide: impl FnOnce(&ServiceCaller) -> Result<(), ApiError>,
) -> Result<ServiceCaller, ApiError> {
    let state = app_state(req)?;
    let caller = state
        .db(move |conn| Ok(authenticate(conn, &token)?))
        .await?
        .ok_or_else(refused)?;
    let decision = decide(&caller);
    let outcome = if decision.is_ok() {
        Outcome::Allowed
    } else {
        Outcome::Denied
    };
    state
        .access_log
        .append(vec![caller.access_entry(
            "use",
            "service_account",
            Some(caller.account_id.to_string()),
            outcome,
            Some(request_line(req)),
        )])
        .await?;
    decision.map(|()| caller)
}

/// The scopes the matched operation declares for service tokens (`None`: it takes none).
fn declared_scopes(req: &HttpRequest) -> Option<&'static [Scope]> {
    let pattern = req.match_pattern()?;
    scope::declared()
        .get(&(req.method().as_str().to_string(), pattern))
        .map(Vec::as_slice)
}

/// Checks a service account against what the operation declares.
fn permitted(req: &HttpRequest, caller: &ServiceCaller) -> Result<(), ApiError> {
    let Some(scopes) = declared_scopes(req) else {
        return Err(not_for_service_accounts());
    };
    scopes.iter().try_for_each(|s| caller.require(*s))
}

fn not_for_service_accounts() -> ApiError {
    ApiError::forbidden(
        "A service account cannot use this endpoint: it is for people signed in to the service.",
    )
}

/// What [`SignedIn`] answers to a service token: 403 when the token stands (the caller is known
/// but service accounts have no user endpoints), 401 when it does not. The use is logged.
pub async fn refuse_on_user_endpoint(req: HttpRequest, token: String) -> ApiError {
    match use_token(&req, token, |_| Err(not_for_service_accounts())).await {
        Ok(_) => not_for_service_accounts(),
        Err(error) => error,
    }
}

async fn service_caller(req: HttpRequest) -> Result<ServiceCaller, ApiError> {
    let token = bearer_token(&req).ok_or_else(|| {
        ApiError::Unauthenticated("Send a service token: Authorization: Bearer qasa_...".into())
    })?;
    if !token::is_service_token(&token) {
        let state = app_state(&req)?;
        return Err(if state.tokens.verify(&token).is_ok() {
            ApiError::forbidden("This endpoint is for service accounts.")
        } else {
            refused()
        });
    }
    use_token(&req, token, |caller| permitted(&req, caller)).await
}

impl FromRequest for ServiceCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(service_caller(req.clone()))
    }
}

/// A caller of an endpoint that serves both people and service accounts (declare both
/// `("bearer" = [])` and `("service_token" = [...])` in its security).
#[derive(Debug, Clone)]
pub enum Principal {
    /// A person with a valid access token (loaded by [`AppState::run`]).
    Person(SignedIn),
    /// A service account holding the operation's scopes.
    Service(ServiceCaller),
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_service = bearer_token(req).is_some_and(|t| token::is_service_token(&t));
        if is_service {
            let caller = service_caller(req.clone());
            Box::pin(async move { caller.await.map(Principal::Service) })
        } else {
            let person = SignedIn::from_request(req, payload);
            Box::pin(async move { person.await.map(Principal::Person) })
        }
    }
}
