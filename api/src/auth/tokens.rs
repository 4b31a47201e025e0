//! Access tokens (short-lived HS256 JWTs with every registered claim required and checked) and
//! opaque refresh tokens (random, stored only as a SHA-256 hash).

use std::path::Path;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::{Environment, Settings};

/// Clock skew tolerated when checking `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user's id.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Not valid before.
    pub nbf: i64,
    /// Token id: signing out refuses it until it expires.
    pub jti: String,
    /// Issued at, in microseconds since the epoch: a password reset ends every session begun
    /// before it, and a token issued in the same second as the reset, before it or after it,
    /// must be told apart (`iat` counts whole seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat_us: Option<i64>,
}

/// The claims of a sign-in challenge token: what the user must still do before they are
/// signed in (`password_change`, later `totp`). Its audience differs from an access token's, so
/// neither can stand for the other.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeClaims {
    /// Issuer.
    pub iss: String,
    /// The challenge audience (the access audience with `/challenge`).
    pub aud: String,
    /// The user's id.
    pub sub: String,
    /// Expiry.
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Not valid before.
    pub nbf: i64,
    /// Token id: a challenge is answered once.
    pub jti: String,
    /// The challenge.
    pub challenge: String,
}

/// How long a sign-in challenge may be answered.
pub const CHALLENGE_TTL_SECS: i64 = 10 * 60;

/// One HS256 key and its id (the first 16 hex digits of its SHA-256), sent as the token's
/// `kid` so a rotated key can still verify the tokens it signed.
#[derive(Clone)]
struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl SigningKey {
    fn new(secret: &[u8]) -> Self {
        Self {
            kid: hex::encode(&Sha256::digest(secret)[..8]),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }
}

/// Signing and verification keys with the validation rules.
#[derive(Clone)]
pub struct TokenKeys {
    current: SigningKey,
    previous: Option<SigningKey>,
    validation: Validation,
    challenge_validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("issuer", &self.issuer)
            .field("kid", &self.current.kid)
            .finish_non_exhaustive()
    }
}

/// The signing secrets: the current one, and during a rotation the previous one.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// Signs and verifies.
    pub current: Vec<u8>,
    /// Only verifies, until the tokens it signed have expired.
    pub previous: Option<Vec<u8>>,
}

/// Loads the signing secrets: configured, from a key file, or (development only) generated and
/// kept in the data folder. A key file others can read is refused: whoever reads it can sign in
/// as anyone.
pub fn load_secrets(settings: &Settings) -> Result<Secrets, String> {
    let current = if let Some(secret) = &settings.jwt_secret {
        secret.as_bytes().to_vec()
    } else {
        let path = settings
            .jwt_key_file
            .clone()
            .unwrap_or_else(|| settings.data_dir().join("jwt-signing.secret"));
        if path.exists() {
            read_key_file(&path)?
        } else if settings.environment == Environment::Production {
            return Err(format!(
                "the signing key file {} does not exist: refusing to start in production",
                path.display()
            ));
        } else {
            write_new_secret(&path)?
        }
    };
    let previous = match &settings.jwt_previous_key_file {
        Some(path) => Some(read_key_file(path)?),
        None => None,
    };
    Ok(Secrets { current, previous })
}

fn read_key_file(path: &Path) -> Result<Vec<u8>, String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("cannot read the signing key {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "the signing key {} can be read by other users (mode {:o}): run `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the signing key {}: {e}", path.display()))?;
    let trimmed = text.trim();
    if trimmed.len() < 32 {
        return Err(format!(
            "the signing key in {} is shorter than 32 characters",
            path.display()
        ));
    }
    Ok(trimmed.as_bytes().to_vec())
}

/// Writes a new key readable by its owner only from the first byte: a temporary file created
/// with mode 0600, then renamed into place, so no other user can ever open it and a crash
/// leaves no half-written key.
fn write_new_secret(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(secret.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    tracing::warn!(
        path = %path.display(),
        "no QA_JWT_SECRET or QA_JWT_KEY_FILE: generated a development signing key"
    );
    Ok(secret.into_bytes())
}

fn validation(audience: &str) -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.algorithms = vec![Algorithm::HS256];
    validation.leeway = LEEWAY_SECS;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation
}

impl TokenKeys {
    /// Keys from the secrets and the configured claims.
    pub fn new(secrets: &Secrets, settings: &Settings) -> Self {
        let mut access = validation(&settings.jwt_audience);
        access.set_issuer(&[settings.jwt_issuer.as_str()]);
        let mut challenge = validation(&challenge_audience(&settings.jwt_audience));
        challenge.set_issuer(&[settings.jwt_issuer.as_str()]);
        Self {
            current: SigningKey::new(&secrets.current),
            previous: secrets.previous.as_deref().map(SigningKey::new),
            validation: access,
            challenge_validation: challenge,
            issuer: settings.jwt_issuer.clone(),
            audience: settings.jwt_audience.clone(),
            ttl_secs: settings.access_token_ttl_secs,
        }
    }

    /// Access-token lifetime in seconds.
    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    fn header(&self) -> Header {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.current.kid.clone());
        header
    }

    /// Issues an access token for a user.
    pub fn issue(&self, user_id: &str) -> Result<String, String> {
        let instant = crate::dates::now_utc().assume_utc();
        let now = instant.unix_timestamp();
        let micros =
            i64::try_from(instant.unix_timestamp_nanos() / 1_000).unwrap_or(now * 1_000_000);
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            exp: now + self.ttl_secs,
            iat: now,
            nbf: now,
            jti: uuid::Uuid::new_v4().to_string(),
            iat_us: Some(micros),
        };
        jsonwebtoken::encode(&self.header(), &claims, &self.current.encoding)
            .map_err(|e| format!("signing failed: {e}"))
    }

    /// Issues a sign-in challenge token.
    pub fn issue_challenge(&self, user_id: &str, challenge: &str) -> Result<String, String> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = ChallengeClaims {
            iss: self.issuer.clone(),
            aud: challenge_audience(&self.audience),
            sub: user_id.to_string(),
            exp: now + CHALLENGE_TTL_SECS,
            iat: now,
            nbf: now,
            jti: uuid::Uuid::new_v4().to_string(),
            challenge: challenge.to_string(),
        };
        jsonwebtoken::encode(&self.header(), &claims, &self.current.encoding)
            .map_err(|e| format!("signing failed: {e}"))
    }

    /// The key that signed a token, by its `kid`: the current key, or the previous one during a
    /// rotation. Tokens without a `kid` (issued before keys had ids) try the current key.
    fn key_for(&self, token: &str) -> Result<&DecodingKey, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
        match header.kid.as_deref() {
            None => Ok(&self.current.decoding),
            Some(kid) if kid == self.current.kid => Ok(&self.current.decoding),
            Some(kid) => self
                .previous
                .as_ref()
                .filter(|previous| previous.kid == kid)
                .map(|previous| &previous.decoding)
                .ok_or_else(|| format!("no key with id {kid}")),
        }
    }

    /// Verifies an access token's algorithm, key, signature and claims.
    pub fn verify(&self, token: &str) -> Result<Claims, String> {
        let key = self.key_for(token)?;
        let data = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
            .map_err(|e| e.to_string())?;
        if data.claims.sub.is_empty() || data.claims.jti.is_empty() {
            return Err("empty sub or jti".into());
        }
        Ok(data.claims)
    }

    /// Verifies a challenge token.
    pub fn verify_challenge(&self, token: &str) -> Result<ChallengeClaims, String> {
        let key = self.key_for(token)?;
        let data = jsonwebtoken::decode::<ChallengeClaims>(token, key, &self.challenge_validation)
            .map_err(|e| e.to_string())?;
        Ok(data.claims)
    }
}

fn challenge_audience(audience: &str) -> String {
    format!("{audience}/challenge")
}

/// A new random refresh token (256 bits, URL-safe).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a refresh token.
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "the-old-signing-key-0123456789abcdef0123456789";
    const NEW: &str = "the-new-signing-key-0123456789abcdef0123456789";

    fn keys(current: &str, previous: Option<&str>) -> TokenKeys {
        let secrets = Secrets {
            current: current.as_bytes().to_vec(),
            previous: previous.map(|p| p.as_bytes().to_vec()),
        };
        TokenKeys::new(&secrets, &Settings::default())
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "qa-keys-{name}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_rotated_key_still_verifies_the_previous_keys_tokens() {
        let before = keys(OLD, None).issue("user-1").unwrap();
        let rotated = keys(NEW, Some(OLD));
        assert_eq!(rotated.verify(&before).unwrap().sub, "user-1");
        let after = rotated.issue("user-2").unwrap();
        let header = jsonwebtoken::decode_header(&after).unwrap();
        assert_eq!(header.kid.as_deref(), Some(rotated.current.kid.as_str()));
        assert_ne!(rotated.current.kid, keys(OLD, None).current.kid);
        // Once the previous key is dropped, its tokens no longer verify.
        assert!(keys(NEW, None).verify(&before).is_err());
        // The previous key never signs.
        assert!(keys(OLD, None).verify(&after).is_err());
    }

    #[test]
    fn a_challenge_token_is_not_an_access_token_nor_the_reverse() {
        let keys = keys(NEW, None);
        let challenge = keys.issue_challenge("user-1", "password_change").unwrap();
        let access = keys.issue("user-1").unwrap();
        assert!(keys.verify(&challenge).is_err());
        assert!(keys.verify_challenge(&access).is_err());
        assert!(keys.verify_challenge(&challenge).is_ok());
    }

    #[test]
    fn access_tokens_carry_their_issue_time_to_the_microsecond() {
        let claims = keys(NEW, None)
            .verify(&keys(NEW, None).issue("user-1").unwrap())
            .unwrap();
        let micros = claims.iat_us.expect("iat_us");
        assert_eq!(micros / 1_000_000, claims.iat);
    }

    #[cfg(unix)]
    #[test]
    fn a_generated_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("generated");
        let settings = Settings {
            jwt_key_file: Some(dir.join("signing.secret")),
            ..Settings::default()
        };
        let first = load_secrets(&settings).unwrap();
        let mode = std::fs::metadata(dir.join("signing.secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // No temporary file is left beside it, and the next start reads the same key.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert_eq!(load_secrets(&settings).unwrap().current, first.current);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused_at_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("readable");
        let path = dir.join("signing.secret");
        std::fs::write(&path, NEW).unwrap();
        for mode in [0o644, 0o640, 0o604] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let settings = Settings {
                jwt_key_file: Some(path.clone()),
                ..Settings::default()
            };
            let err = load_secrets(&settings).unwrap_err();
            assert!(
                err.contains("can be read by other users"),
                "{mode:o}: {err}"
            );
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let settings = Settings {
            jwt_key_file: Some(path.clone()),
            jwt_previous_key_file: Some(path),
            ..Settings::default()
        };
        assert!(load_secrets(&settings).unwrap().previous.is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
