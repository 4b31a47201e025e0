//! Sign-in with lockout, challenges, refresh-token rotation with reuse detection and session
//! limits, password changes, sign-out. The counters, token families and signed-out tokens live
//! in the database so several API instances share them.
//!
//! A sign-in is three steps so the password hash (argon2: ~50 ms of a core) never holds a
//! database connection: [`begin_sign_in`] counts recent failures and records the attempt as a
//! failure under a lock, the handler checks the password off the pool, and [`finish_sign_in`]
//! marks the attempt a success and starts the session.

use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

use super::caller::SignedIn;
use super::dto::ChallengeKind;
use super::password::{verify_against_dummy, verify_password};
use super::repo::{self, NewAttempt, RefreshRow, RevokedToken, SignInAccount};
use super::second_factor;
use super::tokens::{hash_refresh_token, new_refresh_token, ChallengeClaims, TokenKeys};
use crate::access_log::{self, AccessEntry};
use crate::config::Settings;
use crate::dates::now_utc;
use crate::db::types::{AttemptId, TokenId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::settings::Rules;

/// Failed sign-ins for one account that trigger a lockout.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// Failed sign-ins from one address that trigger a lockout.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 50;
/// The window the counters look back over.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);

/// How long a session lasts.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// Without a refresh for this long, it ends.
    pub idle: Duration,
    /// After this long from sign-in, it ends whatever the activity.
    pub absolute: Duration,
}

impl SessionLimits {
    /// The configured limits.
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            idle: Duration::seconds(settings.session_idle_secs),
            absolute: Duration::seconds(settings.session_max_secs),
        }
    }

    /// When a refresh token issued `now` in a session begun at `started` expires: at the idle
    /// limit, or at the absolute limit if that comes first.
    fn expiry(self, started: PrimitiveDateTime, now: PrimitiveDateTime) -> PrimitiveDateTime {
        (now + self.idle).min(started + self.absolute)
    }
}

/// A successful sign-in or refresh.
#[derive(Debug)]
pub struct Session {
    /// The access token.
    pub access_token: String,
    /// The new refresh token (for the cookie).
    pub refresh_token: String,
}

/// How a sign-in ends.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in.
    Session(Session),
    /// The password was right, but something must be done first.
    Challenge {
        /// What.
        kind: ChallengeKind,
        /// The token that proves the password was right.
        token: String,
    },
}

impl SignIn {
    fn challenge(keys: &TokenKeys, user: UserId, kind: ChallengeKind) -> ApiResult<Self> {
        let token = keys
            .issue_challenge(&user.to_string(), kind.as_str())
            .map_err(ApiError::Internal)?;
        Ok(Self::Challenge { kind, token })
    }
}

/// A sign-in whose attempt is recorded (as a failure, until the password proves right).
#[derive(Debug)]
pub struct PendingSignIn {
    attempt_id: AttemptId,
    account: Option<SignInAccount>,
}

impl PendingSignIn {
    /// Checks the password: the same work whether or not the account exists or is active, so
    /// the answer's timing tells nothing. Run it off the database pool.
    pub fn password_matches(&self, password: &str) -> bool {
        match &self.account {
            Some(SignInAccount {
                password_hash: Some(hash),
                active: true,
                ..
            }) => verify_password(password, hash),
            _ => {
                verify_against_dummy(password);
                false
            }
        }
    }
}

/// The answer to a wrong email or password.
pub fn invalid_credentials() -> ApiError {
    ApiError::Unauthenticated("The email address or password is not right.".into())
}

fn session_ended() -> ApiError {
    ApiError::Unauthenticated("Your session has ended. Sign in again.".into())
}

fn locked(oldest_failure: Option<PrimitiveDateTime>, now: PrimitiveDateTime) -> ApiError {
    let retry_after = oldest_failure
        .map(|at| (at + LOCKOUT_WINDOW - now).whole_seconds().max(1))
        .unwrap_or(LOCKOUT_WINDOW.whole_seconds());
    ApiError::TooManyRequests {
        retry_after_secs: u64::try_from(retry_after).unwrap_or(1),
        detail: "Too many failed sign-in attempts. Wait before trying again.".into(),
    }
}

/// Refuses with 429 when the account or address has failed too often recently. Attempts still
/// being checked count as failures, so a parallel burst cannot outrun the count.
fn check_lockout(
    conn: &mut DbConn,
    email: &str,
    client_ip: &str,
    now: PrimitiveDateTime,
) -> ApiResult<()> {
    let since = now - LOCKOUT_WINDOW;
    let account_since = repo::last_success(conn, email)?.map_or(since, |s| s.max(since));
    let account = repo::account_failures(conn, email, account_since)?;
    if account.count >= MAX_FAILURES_PER_ACCOUNT {
        return Err(locked(account.oldest, now));
    }
    let address = repo::address_failures(conn, client_ip, since)?;
    if address.count >= MAX_FAILURES_PER_ADDRESS {
        return Err(locked(address.oldest, now));
    }
    Ok(())
}

/// The first step of a sign-in: under a lock on the email and the address, refuses a locked-out
/// account or address, records the attempt as a failure and reads the account.
pub fn begin_sign_in(conn: &mut DbConn, email: &str, client_ip: &str) -> ApiResult<PendingSignIn> {
    let email = email.trim().to_lowercase();
    write_tx(conn, |conn| {
        repo::lock_sign_in(conn, &email, client_ip)?;
        let now = now_utc();
        check_lockout(conn, &email, client_ip, now)?;
        let attempt_id = AttemptId::new();
        repo::record_attempt(
            conn,
            &NewAttempt {
                id: attempt_id,
                email: &email,
                client_ip,
                succeeded: false,
                attempted_at: now,
            },
        )?;
        Ok(PendingSignIn {
            attempt_id,
            account: repo::sign_in_account(conn, &email)?,
        })
    })
}

/// The last step of a sign-in whose password matched: the attempt becomes a success, and the
/// session starts, or a challenge is answered instead.
pub fn finish_sign_in(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    rules: &Rules,
    pending: PendingSignIn,
) -> ApiResult<SignIn> {
    let account = pending.account.ok_or_else(invalid_credentials)?;
    write_tx(conn, |conn| {
        repo::mark_attempt_succeeded(conn, pending.attempt_id)?;
        next_step(conn, keys, limits, rules, &account, false)
    })
}

/// What a sign-in whose password was right still needs, in order: the second factor (a code
/// when one is set up, setting one up when the account must have one), then the person's own
/// password when an administrator set it, then the session. The second factor comes first so
/// that a password someone else knows cannot even be replaced without it.
pub fn next_step(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    rules: &Rules,
    account: &SignInAccount,
    second_factor_done: bool,
) -> ApiResult<SignIn> {
    if !second_factor_done {
        if second_factor::is_enabled(conn, account.id)? {
            return SignIn::challenge(keys, account.id, ChallengeKind::Totp);
        }
        if second_factor::required_for(&account.roles.0, rules) {
            return SignIn::challenge(keys, account.id, ChallengeKind::TotpEnrolment);
        }
    }
    if account.must_change_password {
        return SignIn::challenge(keys, account.id, ChallengeKind::PasswordChange);
    }
    start_session(conn, keys, limits, account.id).map(SignIn::Session)
}

/// Answers a `totp` or `totp_enrolment` challenge with a code: the challenge is used up only
/// when the code is right (a mistyped code can be typed again, up to the lockout). Setting up
/// answers the recovery codes with whatever comes next.
pub fn answer_code_challenge(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    rules: &Rules,
    claims: &ChallengeClaims,
    kind: ChallengeKind,
    code: &str,
) -> ApiResult<(SignIn, Option<Vec<String>>)> {
    let user = UserId::parse(&claims.sub).ok_or_else(challenge_refused)?;
    let account = repo::password_account(conn, user)?
        .filter(|a| a.active)
        .ok_or_else(challenge_refused)?;
    let against = match kind {
        ChallengeKind::TotpEnrolment => second_factor::Against::Pending,
        _ => second_factor::Against::Enabled,
    };
    if challenge_used(conn, claims)? {
        return Err(challenge_refused());
    }
    let expires_at = challenge_expiry(claims)?;
    second_factor::with_code(conn, user, "", code, against, |conn, _proof| {
        use_challenge(conn, claims, user, expires_at)?;
        let codes = match kind {
            ChallengeKind::TotpEnrolment => Some(second_factor::confirm(conn, user)?),
            _ => None,
        };
        let next = next_step(conn, keys, limits, rules, &account, true)?;
        Ok((next, codes))
    })
}

fn challenge_expiry(claims: &ChallengeClaims) -> ApiResult<PrimitiveDateTime> {
    time::OffsetDateTime::from_unix_timestamp(claims.exp)
        .map(|t| PrimitiveDateTime::new(t.date(), t.time()))
        .map_err(|_| challenge_refused())
}

/// Uses a challenge up: `401` when it already was.
fn use_challenge(
    conn: &mut DbConn,
    claims: &ChallengeClaims,
    user: UserId,
    expires_at: PrimitiveDateTime,
) -> ApiResult<()> {
    let first_use = repo::revoke_token(
        conn,
        &RevokedToken {
            jti: claims.jti.clone(),
            user_id: user,
            expires_at,
        },
        now_utc(),
    )?;
    if first_use {
        Ok(())
    } else {
        Err(challenge_refused())
    }
}

/// Whether a challenge was already answered.
pub fn challenge_used(conn: &mut DbConn, claims: &ChallengeClaims) -> QueryResult<bool> {
    repo::is_token_revoked(conn, &claims.jti)
}

fn issue_refresh(
    conn: &mut DbConn,
    limits: SessionLimits,
    user_id: UserId,
    family_id: TokenId,
    started: PrimitiveDateTime,
) -> QueryResult<String> {
    let token = new_refresh_token();
    let now = now_utc();
    repo::insert_refresh(
        conn,
        &RefreshRow {
            id: TokenId::new(),
            family_id,
            user_id,
            token_hash: hash_refresh_token(&token),
            expires_at: limits.expiry(started, now),
            used_at: None,
            revoked_at: None,
            created_at: now,
            session_started_at: Some(started),
        },
    )?;
    Ok(token)
}

/// A session begun by single sign-on: the provider checked who it is (and any second factor of
/// its own), so it starts at once.
pub fn sso_session(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    user: UserId,
) -> ApiResult<Session> {
    write_tx(conn, |conn| start_session(conn, keys, limits, user))
}

/// A new session: a new refresh-token family and an access token.
fn start_session(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    user_id: UserId,
) -> ApiResult<Session> {
    let refresh_token = issue_refresh(conn, limits, user_id, TokenId::new(), now_utc())?;
    let access_token = keys
        .issue(&user_id.to_string())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or
/// replayed: the whole family is revoked and both holders must sign in again. The token is
/// claimed by a conditional update, so of two racing requests with one token at most one wins,
/// and the loser revokes the family. A token unused past the idle limit, or any token past the
/// session's absolute limit, has expired.
pub fn refresh(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    presented: &str,
) -> ApiResult<Session> {
    let hash = hash_refresh_token(presented);
    let outcome = write_tx(conn, |conn| -> ApiResult<Option<(UserId, String)>> {
        let now = now_utc();
        let Some(row) = repo::find_refresh(conn, &hash)? else {
            return Ok(None);
        };
        let started = row.session_started_at.unwrap_or(row.created_at);
        let live = row.expires_at > now
            && limits.expiry(started, row.created_at) > now
            && repo::is_active(conn, row.user_id)?;
        if row.used_at.is_none() && row.revoked_at.is_none() && !live {
            return Ok(None);
        }
        if row.used_at.is_some()
            || row.revoked_at.is_some()
            || !repo::claim_refresh(conn, row.id, now)?
        {
            if row.revoked_at.is_none() {
                tracing::warn!(user_id = %row.user_id, "refresh token reused: the token family is revoked");
            }
            repo::revoke_family(conn, row.family_id, now)?;
            return Ok(None);
        }
        let token = issue_refresh(conn, limits, row.user_id, row.family_id, started)?;
        Ok(Some((row.user_id, token)))
    })?;
    let (user_id, refresh_token) = outcome.ok_or_else(session_ended)?;
    let access_token = keys
        .issue(&user_id.to_string())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

/// Signs out everywhere: every refresh-token family of the user the cookie or the access token
/// names is revoked, and the access token itself refused until it expires (a copy of it left
/// in a shared computer's memory or history is useless).
pub fn logout(
    conn: &mut DbConn,
    presented: Option<&str>,
    bearer: Option<SignedIn>,
) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let now = now_utc();
        let mut users: Vec<UserId> = Vec::new();
        if let Some(presented) = presented {
            if let Some(row) = repo::find_refresh(conn, &hash_refresh_token(presented))? {
                users.push(row.user_id);
            }
        }
        if let Some(token) = bearer {
            repo::revoke_token(
                conn,
                &RevokedToken {
                    jti: token.token_id.to_string(),
                    user_id: token.user_id,
                    expires_at: token.expires_at,
                },
                now,
            )?;
            if !users.contains(&token.user_id) {
                users.push(token.user_id);
            }
        }
        for user in users {
            repo::revoke_user_families(conn, user, now)?;
        }
        Ok(())
    })
}

/// The moment sessions end: every access token issued before it (to the microsecond, its
/// `iat_us`) is refused, and the tokens issued after it to replace them are not.
fn sessions_end_now() -> PrimitiveDateTime {
    now_utc()
}

/// A new password's hash, checked against the rules: not the one it replaces. Run off the
/// database pool (two argon2 computations).
pub fn hash_new_password(current_hash: Option<&str>, new_password: &str) -> ApiResult<String> {
    if current_hash.is_some_and(|hash| verify_password(new_password, hash)) {
        return Err(ApiError::field(
            "new_password",
            "must be different from the password it replaces",
        ));
    }
    super::password::hash_password(new_password).map_err(ApiError::Internal)
}

/// The answer to a challenge token that expired or was used.
pub fn challenge_refused() -> ApiError {
    ApiError::Unauthenticated(
        "The sign-in has expired or was already completed. Sign in again.".into(),
    )
}

/// The user a challenge token names and its kind, when it is valid.
pub fn challenged_user(
    keys: &TokenKeys,
    token: &str,
) -> ApiResult<(UserId, ChallengeKind, ChallengeClaims)> {
    let refused = challenge_refused;
    let claims = keys.verify_challenge(token).map_err(|_| refused())?;
    let kind = ChallengeKind::parse(&claims.challenge).ok_or_else(refused)?;
    let user = UserId::parse(&claims.sub).ok_or_else(refused)?;
    Ok((user, kind, claims))
}

fn log_password_change(conn: &mut DbConn, user: UserId, how: &str) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &user.to_string(),
            "password",
            "user",
            &user.to_string(),
            Some(how.to_string()),
        )],
    )
}

/// Completes a challenged sign-in with the user's own new password: the challenge is used up,
/// the password set only if the account still waits for the change and its password is the one
/// the sign-in proved, every other session ends, and a new one starts.
pub fn answer_password_challenge(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    claims: &ChallengeClaims,
    proved_hash: &str,
    new_hash: &str,
) -> ApiResult<Session> {
    let user = UserId::parse(&claims.sub).ok_or_else(invalid_credentials)?;
    let expires_at = challenge_expiry(claims)?;
    write_tx(conn, |conn| {
        let now = sessions_end_now();
        use_challenge(conn, claims, user, expires_at)?;
        if !repo::change_password(conn, user, proved_hash, new_hash, true, now)? {
            return Err(challenge_refused());
        }
        repo::revoke_user_families(conn, user, now)?;
        log_password_change(conn, user, "challenge")?;
        start_session(conn, keys, limits, user)
    })
}

/// Changes the caller's own password (they proved the current one): every session of theirs
/// ends, and a new one starts for this browser.
pub fn change_own_password(
    conn: &mut DbConn,
    keys: &TokenKeys,
    limits: SessionLimits,
    user: UserId,
    proved_hash: &str,
    new_hash: &str,
) -> ApiResult<Session> {
    write_tx(conn, |conn| {
        let now = sessions_end_now();
        if !repo::change_password(conn, user, proved_hash, new_hash, false, now)? {
            return Err(ApiError::Conflict(
                "Your password was changed elsewhere at the same moment. Sign in again.".into(),
            ));
        }
        repo::revoke_user_families(conn, user, now)?;
        log_password_change(conn, user, "self")?;
        start_session(conn, keys, limits, user)
    })
}

/// Ends every session of a user (an administrator's reset of their password): refresh tokens
/// revoked, access tokens issued until now refused.
pub fn end_all_sessions(conn: &mut DbConn, user: UserId) -> QueryResult<()> {
    repo::end_sessions(conn, user, sessions_end_now())
}
