//! The authenticated caller. [`SignedIn`] verifies the bearer token without touching the
//! database; the user is then loaded on every request inside the request's one database hop
//! ([`crate::state::AppState::run`]), so a disabled account or a changed role takes effect at
//! once.

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use diesel::QueryResult;

use super::repo;
use super::roles::Role;
use super::throttle::is_expensive;
use crate::db::types::{UnitId, UserId};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;

/// A request whose bearer token is valid: who it claims to be, not yet loaded.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn {
    /// The user the token was issued to.
    pub user_id: UserId,
    /// The token's id, refused once its session is signed out.
    pub token_id: uuid::Uuid,
    /// When the token was issued: refused when the user's sessions were revoked after.
    pub issued_at: time::PrimitiveDateTime,
    /// When it expires.
    pub expires_at: time::PrimitiveDateTime,
}

/// What loading a signed-in caller found.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// An active user whose token still stands.
    Caller(Caller),
    /// The token was signed out, or the user's sessions were ended after it was issued.
    Revoked,
    /// The account is disabled or gone.
    Missing,
}

/// A signed-in, active user, as the policy sees them.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's id.
    pub user_id: UserId,
    /// Their email.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// Their roles.
    pub roles: Vec<Role>,
    /// Their org unit, if any.
    pub org_unit_id: Option<UnitId>,
    /// Their org unit and every unit below it.
    pub unit_subtree: Vec<UnitId>,
}

impl Caller {
    /// Whether the caller holds the role.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the caller holds any of the roles.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// Refuses with 403 unless the caller holds one of the roles.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.has_any(roles) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(ApiError::forbidden(format!(
                "This needs one of these roles: {}.",
                names.join(", ")
            )))
        }
    }

    /// An active person as the policy would see them, to check whom a record may name; `None`
    /// when they are missing or deactivated.
    pub fn person(conn: &mut DbConn, user_id: UserId) -> QueryResult<Option<Caller>> {
        Ok(match repo::person_account(conn, user_id)? {
            repo::CallerLookup::Found(user, unit_subtree) => Some(Caller::of(user, unit_subtree)),
            _ => None,
        })
    }

    /// Loads the caller a token names, with their org subtree, in one query that also checks
    /// the token was not signed out. Loaded on every request, so a deactivation, a role
    /// change, a move between teams or a sign-out applies at once on every instance.
    pub fn load(conn: &mut DbConn, signed_in: &SignedIn) -> QueryResult<Loaded> {
        Ok(match repo::caller_account(conn, signed_in)? {
            repo::CallerLookup::Missing => Loaded::Missing,
            repo::CallerLookup::Revoked => Loaded::Revoked,
            repo::CallerLookup::Found(user, unit_subtree) => {
                Loaded::Caller(Caller::of(user, unit_subtree))
            }
        })
    }

    fn of(user: repo::CallerAccount, unit_subtree: Vec<UnitId>) -> Self {
        Caller {
            user_id: user.id,
            email: user.email,
            display_name: user.display_name,
            roles: user.roles,
            org_unit_id: user.org_unit_id,
            unit_subtree,
        }
    }
}

/// The bearer token of a request, if it sends one.
pub(crate) fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, ApiError>>;

    /// A person's access token is checked without the database. A service account's token
    /// (`qasa_...`) is refused: 403 when it stands (service accounts have no user endpoints),
    /// 401 when it does not; either way its use is logged.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(token) =
            bearer_token(req).filter(|t| crate::service_accounts::token::is_service_token(t))
        {
            let req = req.clone();
            return Box::pin(async move {
                Err(crate::service_accounts::caller::refuse_on_user_endpoint(req, token).await)
            });
        }
        let answer = signed_in(req);
        Box::pin(async move { answer })
    }
}

fn signed_in(req: &HttpRequest) -> Result<SignedIn, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("no app state".into()))?;
    let token = bearer_token(req).ok_or_else(|| {
        ApiError::Unauthenticated("Send an access token: Authorization: Bearer <token>.".into())
    })?;
    let refused =
        || ApiError::Unauthenticated("The access token is not valid or has expired.".into());
    let claims = state.tokens.verify(&token).map_err(|reason| {
        tracing::info!(%reason, "access token refused");
        refused()
    })?;
    let user_id = UserId::parse(&claims.sub).ok_or_else(refused)?;
    let token_id = uuid::Uuid::parse_str(&claims.jti).map_err(|_| refused())?;
    let instant = |secs: i64| {
        time::OffsetDateTime::from_unix_timestamp(secs)
            .map(|t| time::PrimitiveDateTime::new(t.date(), t.time()))
            .map_err(|_| refused())
    };
    let issued_at = match claims.iat_us {
        Some(micros) => time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
            .map(|t| time::PrimitiveDateTime::new(t.date(), t.time()))
            .map_err(|_| refused())?,
        None => instant(claims.iat)?,
    };
    if is_expensive(req) {
        state.throttle.take(user_id, std::time::Instant::now())?;
    }
    Ok(SignedIn {
        user_id,
        token_id,
        issued_at,
        expires_at: instant(claims.exp)?,
    })
}

/// The bearer token's claims when it is valid, for sign-out (which must work without loading
/// the caller).
pub fn bearer_claims(req: &HttpRequest) -> Option<SignedIn> {
    signed_in(req).ok()
}
