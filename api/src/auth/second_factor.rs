//! A second factor for local accounts: a time-based one-time password from an authenticator app
//! (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of drift either way), and ten
//! single-use recovery codes for the day the phone is lost.
//!
//! - A code answers once: the time step it matched is remembered, and a code of that step or an
//!   earlier one is refused (RFC 6238 §5.2), so a code read over a shoulder is useless.
//! - [`MAX_CODE_FAILURES`] wrong codes in a row lock the second factor for [`CODE_LOCKOUT`];
//!   every answer during the lockout is 429, right or wrong, so guessing gains nothing.
//! - Recovery codes have 80 random bits each and are stored as SHA-256 hashes: a fast hash is
//!   enough when the input cannot be guessed.
//! - The secret is kept as set up (base32); whoever can read the database can already act as
//!   the service, so it is protected like the rest of the database.

use base64::Engine;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::{Duration, PrimitiveDateTime};
use totp_rs::{Builder, Secret, Totp};

use super::roles::Role;
use crate::access_log::{self, AccessEntry};
use crate::dates::now_utc;
use crate::db::schema::{recovery_codes, second_factors};
use crate::db::types::{TokenId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::settings::Rules;

/// Recovery codes issued at a time.
pub const RECOVERY_CODES: usize = 10;
/// Wrong codes in a row that lock the second factor.
pub const MAX_CODE_FAILURES: i32 = 5;
/// How long a locked second factor refuses every code.
pub const CODE_LOCKOUT: Duration = Duration::minutes(15);
/// The name the authenticator app shows beside the account. It must not contain `:`.
pub const ISSUER: &str = "Children's Services QA";

/// Whether these roles must sign in with a second factor: administrators and data protection
/// officers always (they change accounts and read every case's access history); everyone when
/// the council's setting says so.
pub fn required_for(roles: &[Role], rules: &Rules) -> bool {
    rules.totp_required_for_all == 1 || roles.iter().any(|r| matches!(r, Role::Admin | Role::Dpo))
}

/// A person's stored second factor.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = second_factors)]
#[diesel(treat_none_as_default_value = false)]
pub struct SecondFactorRow {
    /// Whose.
    pub user_id: UserId,
    /// The confirmed secret (base32); empty until the first code confirms it.
    pub secret: Option<String>,
    /// When it was confirmed.
    pub enabled_at: Option<PrimitiveDateTime>,
    /// A secret being set up, not yet confirmed by a code.
    pub pending_secret: Option<String>,
    /// When that set-up began.
    pub pending_since: Option<PrimitiveDateTime>,
    /// The time step of the last code accepted: it and every earlier one are refused.
    pub last_used_step: Option<i64>,
    /// Wrong codes in a row.
    pub failures: i32,
    /// Refuses every code until then.
    pub locked_until: Option<PrimitiveDateTime>,
    /// Last change.
    pub updated_at: PrimitiveDateTime,
}

impl SecondFactorRow {
    /// Whether sign-in asks for a code.
    pub fn enabled(&self) -> bool {
        self.secret.is_some()
    }
}

/// A person's second factor, if they ever began to set one up.
pub fn find(conn: &mut DbConn, user: UserId) -> QueryResult<Option<SecondFactorRow>> {
    second_factors::table
        .find(user)
        .select(SecondFactorRow::as_select())
        .first(conn)
        .optional()
}

/// Whether a person's sign-in asks for a code.
pub fn is_enabled(conn: &mut DbConn, user: UserId) -> QueryResult<bool> {
    Ok(find(conn, user)?.is_some_and(|row| row.enabled()))
}

/// Unused recovery codes left.
pub fn recovery_codes_left(conn: &mut DbConn, user: UserId) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

fn totp(secret_base32: &str, account: &str) -> ApiResult<Totp> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| ApiError::Internal(format!("a stored second-factor secret: {e}")))?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| ApiError::Internal(format!("second factor: {e}")))
}

/// What a person needs to add the account to their authenticator app.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret in base32, to type in when the QR code cannot be scanned.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG `data:` URI.
    pub qr_code: String,
}

fn enrolment(secret: &str, account: &str) -> ApiResult<Enrolment> {
    let uri = totp(secret, account)?
        .to_url()
        .map_err(|e| ApiError::Internal(format!("second factor: {e}")))?;
    let code = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| ApiError::Internal(format!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    let qr_code = format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    );
    Ok(Enrolment {
        secret: secret.to_string(),
        otpauth_uri: uri,
        qr_code,
    })
}

/// Begins setting up a second factor: a new secret replaces any earlier set-up that was not
/// confirmed. A confirmed second factor stays until it is turned off or reset.
pub fn begin_enrolment(conn: &mut DbConn, user: UserId, account: &str) -> ApiResult<Enrolment> {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let secret = Secret::from(bytes.to_vec()).to_base32();
    let answer = enrolment(&secret, account)?;
    write_tx(conn, |conn| {
        let now = now_utc();
        match find(conn, user)? {
            Some(row) if row.enabled() => Err(ApiError::conflict(
                "A second factor is already set up. Turn it off first to set up another.",
            )),
            Some(_) => {
                diesel::update(second_factors::table.find(user))
                    .set((
                        second_factors::pending_secret.eq(Some(&secret)),
                        second_factors::pending_since.eq(Some(now)),
                        second_factors::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok(())
            }
            None => {
                diesel::insert_into(second_factors::table)
                    .values(&SecondFactorRow {
                        user_id: user,
                        secret: None,
                        enabled_at: None,
                        pending_secret: Some(secret.clone()),
                        pending_since: Some(now),
                        last_used_step: None,
                        failures: 0,
                        locked_until: None,
                        updated_at: now,
                    })
                    .execute(conn)?;
                Ok(())
            }
        }
    })?;
    Ok(answer)
}

/// Which secret a code is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The confirmed one; a recovery code is accepted too.
    Enabled,
    /// The one being set up (confirming it); recovery codes do not exist yet.
    Pending,
}

/// How a code was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// A code from the app.
    Code,
    /// A recovery code, now used up.
    RecoveryCode,
}

/// The answer to a code that is not right.
pub fn wrong_code() -> ApiError {
    ApiError::field(
        "code",
        "is not right: enter the 6-digit code your authenticator app shows now, or one of your \
         recovery codes",
    )
}

fn locked(until: PrimitiveDateTime, now: PrimitiveDateTime) -> ApiError {
    ApiError::TooManyRequests {
        retry_after_secs: u64::try_from((until - now).whole_seconds().max(1)).unwrap_or(1),
        detail: "Too many wrong codes. Wait 15 minutes before trying again, or ask an \
                 administrator to reset your second factor."
            .into(),
    }
}

/// A recovery code as typed (any case, spaces or dashes) in its stored form.
fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

fn is_app_code(code: &str) -> bool {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())
}

/// The seconds since the epoch on the system clock: codes, like access tokens, keep the real
/// time even when a test moves the product's clock.
fn unix_now() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

/// Checks a code inside the caller's transaction, and records the outcome: a right code is
/// used up (its step, or the recovery code), a wrong one counts towards the lockout. Returns
/// `Ok(None)` for a wrong code, so the caller can commit the count before it answers 422.
pub fn check_code(
    conn: &mut DbConn,
    user: UserId,
    account: &str,
    code: &str,
    against: Against,
) -> ApiResult<Option<Proof>> {
    let now = now_utc();
    let row = find(conn, user)?.ok_or_else(|| {
        ApiError::conflict("No second factor is being set up: start the set-up again.")
    })?;
    if let Some(until) = row.locked_until.filter(|until| *until > now) {
        return Err(locked(until, now));
    }
    let secret = match against {
        Against::Enabled => row.secret.as_deref(),
        Against::Pending => row.pending_secret.as_deref(),
    }
    .ok_or_else(|| {
        ApiError::conflict(match against {
            Against::Enabled => "No second factor is set up.",
            Against::Pending => "No second factor is being set up: start the set-up again.",
        })
    })?;
    let proof = if is_app_code(code) {
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        match totp(secret, account)?.check(&compact, unix_now()) {
            Some(step) => {
                let step = i64::try_from(step).unwrap_or(i64::MAX);
                // Claimed by a conditional update: of two requests with one code, one wins.
                let claimed = diesel::update(
                    second_factors::table.find(user).filter(
                        second_factors::last_used_step
                            .is_null()
                            .or(second_factors::last_used_step.lt(step)),
                    ),
                )
                .set((
                    second_factors::last_used_step.eq(Some(step)),
                    second_factors::failures.eq(0),
                    second_factors::updated_at.eq(now),
                ))
                .execute(conn)?;
                (claimed == 1).then_some(Proof::Code)
            }
            None => None,
        }
    } else if against == Against::Enabled {
        let used = diesel::update(
            recovery_codes::table
                .filter(recovery_codes::user_id.eq(user))
                .filter(recovery_codes::code_hash.eq(recovery_hash(code)))
                .filter(recovery_codes::used_at.is_null()),
        )
        .set(recovery_codes::used_at.eq(Some(now)))
        .execute(conn)?;
        if used == 1 {
            diesel::update(second_factors::table.find(user))
                .set((
                    second_factors::failures.eq(0),
                    second_factors::updated_at.eq(now),
                ))
                .execute(conn)?;
            log(conn, user, user, "recovery_code_used")?;
            Some(Proof::RecoveryCode)
        } else {
            None
        }
    } else {
        None
    };
    if proof.is_none() {
        // Counted in the database, not from the row read above: racing wrong codes each count,
        // so guesses sent in parallel cannot slip past the lockout.
        diesel::update(second_factors::table.find(user))
            .set((
                second_factors::failures.eq(second_factors::failures + 1),
                second_factors::updated_at.eq(now),
            ))
            .execute(conn)?;
        let until = now + CODE_LOCKOUT;
        let locked_now = diesel::update(
            second_factors::table
                .find(user)
                .filter(second_factors::failures.ge(MAX_CODE_FAILURES)),
        )
        .set((
            second_factors::failures.eq(0),
            second_factors::locked_until.eq(Some(until)),
            second_factors::updated_at.eq(now),
        ))
        .execute(conn)?;
        if locked_now == 1 {
            tracing::warn!(user_id = %user, "second factor locked after repeated wrong codes");
            return Err(locked(until, now));
        }
    }
    Ok(proof)
}

/// Runs [`check_code`] in its own transaction and answers the wrong code or the lockout only
/// after the count is committed; `then` runs in the same transaction when the code is right.
pub fn with_code<T>(
    conn: &mut DbConn,
    user: UserId,
    account: &str,
    code: &str,
    against: Against,
    then: impl FnOnce(&mut DbConn, Proof) -> ApiResult<T>,
) -> ApiResult<T> {
    enum Outcome<T> {
        Done(T),
        Wrong,
        Locked(ApiError),
    }
    let outcome = write_tx(conn, |conn| {
        match check_code(conn, user, account, code, against) {
            Ok(Some(proof)) => then(conn, proof).map(Outcome::Done),
            Ok(None) => Ok(Outcome::Wrong),
            // The lockout was written in this transaction: keep it.
            Err(error @ ApiError::TooManyRequests { .. }) => Ok(Outcome::Locked(error)),
            Err(error) => Err(error),
        }
    })?;
    match outcome {
        Outcome::Done(value) => Ok(value),
        Outcome::Wrong => Err(wrong_code()),
        Outcome::Locked(error) => Err(error),
    }
}

/// New recovery codes, replacing any earlier ones: answered once, stored hashed.
pub fn replace_recovery_codes(conn: &mut DbConn, user: UserId) -> QueryResult<Vec<String>> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user))).execute(conn)?;
    let now = now_utc();
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let code = new_recovery_code();
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(TokenId::new()),
                recovery_codes::user_id.eq(user),
                recovery_codes::code_hash.eq(recovery_hash(&code)),
                recovery_codes::used_at.eq(None::<PrimitiveDateTime>),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
        codes.push(code);
    }
    Ok(codes)
}

/// 16 characters of an alphabet without look-alikes (80 bits), shown as four groups of four.
fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    // 31 letters: a byte modulo 31 is biased by under 1%, and 16 of them still carry over 79
    // bits; the groups are for reading aloud and typing, not for strength.
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Makes the set-up secret the person's second factor (its first code was right) and answers
/// their recovery codes.
pub fn confirm(conn: &mut DbConn, user: UserId) -> ApiResult<Vec<String>> {
    let now = now_utc();
    let row = find(conn, user)?.ok_or_else(|| ApiError::conflict("Start the set-up again."))?;
    diesel::update(second_factors::table.find(user))
        .set((
            second_factors::secret.eq(row.pending_secret),
            second_factors::enabled_at.eq(Some(now)),
            second_factors::pending_secret.eq(None::<String>),
            second_factors::pending_since.eq(None::<PrimitiveDateTime>),
            second_factors::updated_at.eq(now),
        ))
        .execute(conn)?;
    log(conn, user, user, "enrolled")?;
    Ok(replace_recovery_codes(conn, user)?)
}

/// Removes a person's second factor and recovery codes.
pub fn remove(conn: &mut DbConn, user: UserId) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user))).execute(conn)?;
    diesel::delete(second_factors::table.find(user)).execute(conn)?;
    Ok(())
}

/// Logs a change of a second factor (ASVS: authentication changes are security events).
pub fn log(conn: &mut DbConn, actor: UserId, user: UserId, what: &str) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &actor.to_string(),
            "second_factor",
            "user",
            &user.to_string(),
            Some(what.to_string()),
        )],
    )
}

/// An administrator's reset of someone else's second factor: it and the recovery codes are
/// gone, every session of theirs ends, and the reset is logged. Whoever must have one sets it
/// up again at their next sign-in.
pub fn reset(conn: &mut DbConn, actor: UserId, user: UserId) -> ApiResult<()> {
    if actor == user {
        return Err(ApiError::forbidden(
            "You cannot reset your own second factor: another administrator must.",
        ));
    }
    write_tx(conn, |conn| {
        if !super::repo::exists(conn, user)? {
            return Err(ApiError::NotFound);
        }
        remove(conn, user)?;
        super::service::end_all_sessions(conn, user)?;
        log(conn, actor, user, "reset")?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_long_random_and_typed_any_way() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        assert_ne!(code, new_recovery_code());
        let typed = code.to_uppercase().replace('-', " ");
        assert_eq!(recovery_hash(&typed), recovery_hash(&code));
    }

    #[test]
    fn app_codes_are_six_digits() {
        assert!(is_app_code("123456"));
        assert!(is_app_code("123 456"));
        assert!(!is_app_code("12345"));
        assert!(!is_app_code("abcd-efgh-jkmn-pqrs"));
    }

    #[test]
    fn the_qr_code_holds_the_otpauth_uri() {
        let secret = Secret::from(vec![7u8; 20]).to_base32();
        let enrolment = enrolment(&secret, "ada@example.test").unwrap();
        assert!(enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Children%27s%20Services%20QA:ada%40example.test?"));
        assert!(enrolment.otpauth_uri.contains(&format!("secret={secret}")));
        assert!(enrolment.qr_code.starts_with("data:image/svg+xml;base64,"));
    }
}
