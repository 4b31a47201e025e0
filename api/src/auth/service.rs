//! Sign-in with lockout, refresh-token rotation with reuse detection, sign-out. The counters and
//! token families live in the database so several API instances share them.

use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

use super::password::{verify_against_dummy, verify_password};
use super::repo::{self, NewAttempt, RefreshRow};
use super::tokens::{hash_refresh_token, new_refresh_token, TokenKeys};
use crate::dates::now_utc;
use crate::db::types::{AttemptId, TokenId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};

/// Failed sign-ins for one account that trigger a lockout.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// Failed sign-ins from one address that trigger a lockout.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 50;
/// The window the counters look back over.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);

/// A successful sign-in or refresh.
#[derive(Debug)]
pub struct Session {
    /// The access token.
    pub access_token: String,
    /// The new refresh token (for the cookie).
    pub refresh_token: String,
    /// Its lifetime in seconds.
    pub refresh_ttl_secs: i64,
}

fn invalid_credentials() -> ApiError {
    ApiError::Unauthenticated("The email address or password is not right.".into())
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

/// Refuses with 429 when the account or address has failed too often recently.
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

fn issue_refresh(
    conn: &mut DbConn,
    user_id: UserId,
    family_id: TokenId,
    ttl_secs: i64,
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
            expires_at: now + Duration::seconds(ttl_secs),
            used_at: None,
            revoked_at: None,
            created_at: now,
        },
    )?;
    Ok(token)
}

/// Signs in; the same answer whether the email is unknown or the password wrong.
pub fn login(
    conn: &mut DbConn,
    keys: &TokenKeys,
    refresh_ttl_secs: i64,
    email: &str,
    password: &str,
    client_ip: &str,
) -> ApiResult<Session> {
    let email = email.trim().to_lowercase();
    let now = now_utc();
    check_lockout(conn, &email, client_ip, now)?;
    let user = repo::sign_in_account(conn, &email)?;
    let verified = match &user {
        Some((_, Some(hash), true)) => verify_password(password, hash),
        _ => {
            verify_against_dummy(password);
            false
        }
    };
    repo::record_attempt(
        conn,
        &NewAttempt {
            id: AttemptId::new(),
            email: &email,
            client_ip,
            succeeded: verified,
            attempted_at: now,
        },
    )?;
    let (user_id, _, _) = match user {
        Some(u) if verified => u,
        _ => return Err(invalid_credentials()),
    };
    let refresh_token = issue_refresh(conn, user_id, TokenId::new(), refresh_ttl_secs)?;
    let access_token = keys
        .issue(&user_id.to_string())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
        refresh_ttl_secs,
    })
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or
/// replayed: the whole family is revoked and both holders must sign in again. The token is
/// claimed by a conditional update, so of two racing requests with one token at most one wins,
/// and the loser revokes the family.
pub fn refresh(
    conn: &mut DbConn,
    keys: &TokenKeys,
    refresh_ttl_secs: i64,
    presented: &str,
) -> ApiResult<Session> {
    let hash = hash_refresh_token(presented);
    let expired = || ApiError::Unauthenticated("Your session has ended. Sign in again.".into());
    let outcome = write_tx(conn, |conn| -> ApiResult<Option<(UserId, String)>> {
        let now = now_utc();
        let Some(row) = repo::find_refresh(conn, &hash)? else {
            return Ok(None);
        };
        let live = row.expires_at > now && repo::is_active(conn, row.user_id)?;
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
        let token = issue_refresh(conn, row.user_id, row.family_id, refresh_ttl_secs)?;
        Ok(Some((row.user_id, token)))
    })?;
    let (user_id, refresh_token) = outcome.ok_or_else(expired)?;
    let access_token = keys
        .issue(&user_id.to_string())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
        refresh_ttl_secs,
    })
}

/// Revokes the presented token's family.
pub fn logout(conn: &mut DbConn, presented: &str) -> ApiResult<()> {
    let hash = hash_refresh_token(presented);
    if let Some(row) = repo::find_refresh(conn, &hash)? {
        repo::revoke_family(conn, row.family_id, now_utc())?;
    }
    Ok(())
}
