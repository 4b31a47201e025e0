//! Sign-in requests and answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::roles::Role;

/// Email and password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct LoginRequest {
    /// The account's email.
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    /// The password.
    #[validate(length(min = 1, max = 256))]
    pub password: String,
}

/// An access token; the refresh token travels in an HttpOnly cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// The signed-in caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// User id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// The org unit they belong to.
    pub team_id: Option<Uuid>,
    /// That unit's name.
    pub team_name: Option<String>,
    /// Which cases they see: `all`, `units` (their org unit's subtree, and any allocated to
    /// them), `own` (cases allocated to them) or `none`.
    pub case_scope: String,
    /// The org units whose cases they see (empty for `all`, `own` and `none`).
    pub scope_unit_ids: Vec<Uuid>,
    /// Whether they read narrative (free-text) fields.
    pub reads_narrative: bool,
}
