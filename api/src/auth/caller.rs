//! The authenticated caller: one extractor that verifies the bearer token, loads the user on
//! every request (so a disabled account or a changed role takes effect at once) and works out
//! the org units in their scope.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use diesel::prelude::*;

use super::roles::{decode_roles, Role};
use crate::db::schema::{org_units, users};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in user, as the policy sees them.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's id.
    pub user_id: String,
    /// Their email.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// Their roles.
    pub roles: Vec<Role>,
    /// Their org unit, if any.
    pub org_unit_id: Option<String>,
    /// Their org unit and every unit below it.
    pub unit_subtree: Vec<String>,
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

    /// Loads the caller for a verified user id; `None` when the user is missing or inactive.
    pub fn load(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<Caller>> {
        let row: Option<(String, String, String, String, Option<String>, bool)> = users::table
            .find(user_id)
            .select((
                users::id,
                users::email,
                users::display_name,
                users::roles,
                users::team_id,
                users::active,
            ))
            .first(conn)
            .optional()?;
        let Some((id, email, display_name, roles, org_unit_id, active)) = row else {
            return Ok(None);
        };
        if !active {
            return Ok(None);
        }
        let roles = decode_roles(&roles);
        let needs_subtree = roles
            .iter()
            .any(|r| matches!(r, Role::TeamManager | Role::HeadOfService));
        let unit_subtree = match (&org_unit_id, needs_subtree) {
            (Some(unit), true) => subtree(conn, unit)?,
            (Some(unit), false) => vec![unit.clone()],
            (None, _) => Vec::new(),
        };
        Ok(Some(Caller {
            user_id: id,
            email,
            display_name,
            roles,
            org_unit_id,
            unit_subtree,
        }))
    }
}

/// A unit and every unit below it. The tree is small (a directorate's services and teams), so
/// one read of the parent links beats a recursive query that differs by backend.
pub fn subtree(conn: &mut DbConn, root: &str) -> QueryResult<Vec<String>> {
    let links: Vec<(String, Option<String>)> = org_units::table
        .select((org_units::id, org_units::parent_id))
        .load(conn)?;
    let mut found = vec![root.to_string()];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index].clone();
        for (id, parent_id) in &links {
            if parent_id.as_deref() == Some(parent.as_str()) && !found.contains(id) {
                found.push(id.clone());
            }
        }
        index += 1;
    }
    Ok(found)
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no app state".into()))?;
            let token = token.ok_or_else(|| {
                ApiError::Unauthenticated(
                    "Send an access token: Authorization: Bearer <token>.".into(),
                )
            })?;
            let claims = state.tokens.verify(&token).map_err(|reason| {
                tracing::info!(%reason, "access token refused");
                ApiError::Unauthenticated("The access token is not valid or has expired.".into())
            })?;
            let caller = state
                .db(move |conn| Ok(Caller::load(conn, &claims.sub)?))
                .await?;
            caller.ok_or_else(|| {
                ApiError::Unauthenticated("The account is disabled or no longer exists.".into())
            })
        })
    }
}
