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
    #[schema(min_length = 1, max_length = 254)]
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    /// The password.
    #[schema(min_length = 1, max_length = 256)]
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

/// What a sign-in still needs before it is complete.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    /// The password was set by an administrator (a reset, or printed at first start): its owner
    /// must choose their own.
    PasswordChange,
}

impl ChallengeKind {
    /// The API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PasswordChange => "password_change",
        }
    }
}

/// A sign-in that is not complete yet: answer the challenge at `POST /api/v1/auth/challenge`
/// with its token. No cookie is set and no access token given until then.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeResponse {
    /// What is needed.
    pub challenge: ChallengeKind,
    /// Proves the password was right; valid for 10 minutes, once.
    pub challenge_token: String,
    /// What to tell the user.
    pub detail: String,
}

/// A sign-in's answer: signed in, or a challenge to answer first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum SignInResponse {
    /// Signed in.
    Tokens(TokenResponse),
    /// A challenge to answer.
    Challenge(ChallengeResponse),
}

/// The answer to a password-change challenge.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ChallengeAnswer {
    /// The token the sign-in answered.
    #[schema(min_length = 1, max_length = 4096)]
    #[validate(length(min = 1, max = 4096))]
    pub challenge_token: String,
    /// The user's own new password: at least 12 characters, not a commonly leaked one, not the
    /// one they were given.
    #[schema(min_length = 12, max_length = 256)]
    #[validate(custom(function = "crate::auth::password::validate_password"))]
    pub new_password: String,
}

/// A change of one's own password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PasswordChange {
    /// The password now.
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub current_password: String,
    /// The new one: at least 12 characters, not a commonly leaked one, not the current one.
    #[schema(min_length = 12, max_length = 256)]
    #[validate(custom(function = "crate::auth::password::validate_password"))]
    pub new_password: String,
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
