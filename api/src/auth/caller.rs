//! The authenticated caller. [`SignedIn`] verifies the bearer token without touching the
//! database; the user is then loaded on every request inside the request's one database hop
//! ([`crate::state::AppState::run`]), so a disabled account or a changed role takes effect at
//! once.

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use diesel::QueryResult;

use super::repo;
use super::roles::Role;
use crate::db::types::{UnitId, UserId};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;

/// A request whose bearer token is valid: who it claims to be, not yet loaded.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn {
    /// The user the token was issued to.
    pub user_id: UserId,
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

    /// Loads the caller for a verified user id, with their org subtree, in one query; `None`
    /// when the user is missing or inactive. Loaded on every request, so a deactivation, a role
    /// change or a move between teams applies at once on every instance.
    pub fn load(conn: &mut DbConn, user_id: UserId) -> QueryResult<Option<Caller>> {
        let Some((user, unit_subtree)) = repo::caller_account(conn, user_id)? else {
            return Ok(None);
        };
        Ok(Some(Caller {
            user_id: user.id,
            email: user.email,
            display_name: user.display_name,
            roles: user.roles,
            org_unit_id: user.org_unit_id,
            unit_subtree,
        }))
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(signed_in(req))
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
    Ok(SignedIn { user_id })
}
