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
    /// When this sign-in set up a second factor: the ten recovery codes, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

/// What a sign-in still needs before it is complete.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    /// The password was set by an administrator (a reset, or printed at first start): its owner
    /// must choose their own.
    PasswordChange,
    /// The account has a second factor: answer with the code the authenticator app shows, or
    /// a recovery code.
    Totp,
    /// The account must have a second factor and has none yet: set one up at
    /// `POST /api/v1/auth/totp/enrolment`, then answer with its first code.
    TotpEnrolment,
}

impl ChallengeKind {
    /// The API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PasswordChange => "password_change",
            Self::Totp => "totp",
            Self::TotpEnrolment => "totp_enrolment",
        }
    }

    /// The kind an API value names.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::PasswordChange, Self::Totp, Self::TotpEnrolment]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    /// What to tell the person.
    pub fn detail(self) -> &'static str {
        match self {
            Self::PasswordChange => {
                "Your password was set by an administrator: choose your own before you go on."
            }
            Self::Totp => "Enter the code from your authenticator app, or a recovery code.",
            Self::TotpEnrolment => {
                "Your account needs a second factor: set up an authenticator app before you go on."
            }
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
    /// When the step just answered set up a second factor: the ten recovery codes, shown this
    /// once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
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

/// The answer to a challenge: `new_password` for `password_change`, `code` for `totp` and
/// `totp_enrolment`.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ChallengeAnswer {
    /// The token the sign-in answered.
    #[schema(min_length = 1, max_length = 4096)]
    #[validate(length(min = 1, max = 4096))]
    pub challenge_token: String,
    /// `password_change`: the user's own new password: at least 12 characters, not a commonly
    /// leaked one, not the one they were given.
    #[schema(min_length = 12, max_length = 256)]
    #[validate(custom(function = "crate::auth::password::validate_password"))]
    pub new_password: Option<String>,
    /// `totp`: the 6-digit code the authenticator app shows, or a recovery code;
    /// `totp_enrolment`: the app's first code.
    #[schema(min_length = 1, max_length = 64)]
    #[validate(length(min = 1, max = 64))]
    pub code: Option<String>,
}

/// A challenge token, to set up a second factor during a sign-in.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ChallengeToken {
    /// The `totp_enrolment` challenge's token.
    #[schema(min_length = 1, max_length = 4096)]
    #[validate(length(min = 1, max = 4096))]
    pub challenge_token: String,
}

/// What an authenticator app needs: scan the QR code, or type the secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret in base32 (RFC 4648), to type in when the code cannot be scanned.
    pub secret: String,
    /// The `otpauth://totp/...` URI (SHA-1, 6 digits, 30 seconds).
    pub otpauth_uri: String,
    /// The QR code of the URI, as an SVG `data:` URI for an `<img>`.
    pub qr_code: String,
}

/// A code from the authenticator app (or, where it says so, a recovery code).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct TotpCode {
    /// The 6-digit code.
    #[schema(min_length = 1, max_length = 64)]
    #[validate(length(min = 1, max = 64))]
    pub code: String,
}

/// A person's second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpStatus {
    /// Whether sign-in asks for a code.
    pub enabled: bool,
    /// Whether this person must have one (administrators, data protection officers, or
    /// everyone when the council's setting says so).
    pub required: bool,
    /// When it was set up.
    #[serde(with = "time::serde::rfc3339::option")]
    pub enabled_at: Option<time::OffsetDateTime>,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// Whether repeated wrong codes have locked it for now.
    pub locked: bool,
}

/// New recovery codes: shown this once, stored only as hashes.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten single-use codes.
    pub recovery_codes: Vec<String>,
    /// The second factor now.
    pub status: TotpStatus,
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
