//! Sign-in with lockout, refresh-token rotation with reuse detection, sign-out. The counters and
//! token families live in the database so several API instances share them.

use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

use super::password::{verify_against_dummy, verify_password};
use super::tokens::{hash_refresh_token, new_refresh_token, TokenKeys};
use crate::dates::now_utc;
use crate::db::schema::{login_attempts, refresh_tokens, users};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;

/// Failed sign-ins for one account that trigger a lockout.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// Failed sign-ins from one address that trigger a lockout.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 50;
/// The window the counters look back over.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);

/// A stored refresh token: id, family, user, expiry, when used, when revoked.
type RefreshRow = (
    String,
    String,
    String,
    PrimitiveDateTime,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
);

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
    let last_success: Option<PrimitiveDateTime> = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(true))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)?;
    let account_since = last_success.map_or(since, |s| s.max(since));
    let (account_failures, account_oldest): (i64, Option<PrimitiveDateTime>) =
        login_attempts::table
            .filter(login_attempts::email.eq(email))
            .filter(login_attempts::succeeded.eq(false))
            .filter(login_attempts::attempted_at.gt(account_since))
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::min(login_attempts::attempted_at),
            ))
            .first(conn)?;
    if account_failures >= MAX_FAILURES_PER_ACCOUNT {
        return Err(locked(account_oldest, now));
    }
    let (address_failures, address_oldest): (i64, Option<PrimitiveDateTime>) =
        login_attempts::table
            .filter(login_attempts::client_ip.eq(client_ip))
            .filter(login_attempts::succeeded.eq(false))
            .filter(login_attempts::attempted_at.gt(since))
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::min(login_attempts::attempted_at),
            ))
            .first(conn)?;
    if address_failures >= MAX_FAILURES_PER_ADDRESS {
        return Err(locked(address_oldest, now));
    }
    Ok(())
}

fn issue_refresh(
    conn: &mut DbConn,
    user_id: &str,
    family_id: &str,
    ttl_secs: i64,
) -> QueryResult<String> {
    let token = new_refresh_token();
    let now = now_utc();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id()),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::token_hash.eq(hash_refresh_token(&token)),
            refresh_tokens::expires_at.eq(now + Duration::seconds(ttl_secs)),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
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
    let user: Option<(String, Option<String>, bool)> = users::table
        .filter(users::email.eq(&email))
        .select((users::id, users::password_hash, users::active))
        .first(conn)
        .optional()?;
    let verified = match &user {
        Some((_, Some(hash), true)) => verify_password(password, hash),
        _ => {
            verify_against_dummy(password);
            false
        }
    };
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::id.eq(new_id()),
            login_attempts::email.eq(&email),
            login_attempts::client_ip.eq(client_ip),
            login_attempts::succeeded.eq(verified),
            login_attempts::attempted_at.eq(now),
        ))
        .execute(conn)?;
    let (user_id, _, _) = match user {
        Some(u) if verified => u,
        _ => return Err(invalid_credentials()),
    };
    let refresh_token = issue_refresh(conn, &user_id, &new_id(), refresh_ttl_secs)?;
    let access_token = keys.issue(&user_id).map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
        refresh_ttl_secs,
    })
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or
/// replayed: the whole family is revoked and both holders must sign in again.
pub fn refresh(
    conn: &mut DbConn,
    keys: &TokenKeys,
    refresh_ttl_secs: i64,
    presented: &str,
) -> ApiResult<Session> {
    let hash = hash_refresh_token(presented);
    let expired = || ApiError::Unauthenticated("Your session has ended. Sign in again.".into());
    let outcome = write_tx(conn, |conn| -> ApiResult<Result<(String, String), ()>> {
        let now = now_utc();
        let row: Option<RefreshRow> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(&hash))
            .select((
                refresh_tokens::id,
                refresh_tokens::family_id,
                refresh_tokens::user_id,
                refresh_tokens::expires_at,
                refresh_tokens::used_at,
                refresh_tokens::revoked_at,
            ))
            .first(conn)
            .optional()?;
        let Some((id, family_id, user_id, expires_at, used_at, revoked_at)) = row else {
            return Ok(Err(()));
        };
        if used_at.is_some() || revoked_at.is_some() {
            diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(&family_id)))
                .filter(refresh_tokens::revoked_at.is_null())
                .set(refresh_tokens::revoked_at.eq(Some(now)))
                .execute(conn)?;
            if used_at.is_some() && revoked_at.is_none() {
                tracing::warn!(%user_id, "refresh token reused: the token family is revoked");
            }
            return Ok(Err(()));
        }
        let active: Option<bool> = users::table
            .find(&user_id)
            .select(users::active)
            .first(conn)
            .optional()?;
        if expires_at <= now || active != Some(true) {
            return Ok(Err(()));
        }
        diesel::update(refresh_tokens::table.find(&id))
            .set(refresh_tokens::used_at.eq(Some(now)))
            .execute(conn)?;
        let token = issue_refresh(conn, &user_id, &family_id, refresh_ttl_secs)?;
        Ok(Ok((user_id, token)))
    })?;
    let (user_id, refresh_token) = outcome.map_err(|()| expired())?;
    let access_token = keys.issue(&user_id).map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
        refresh_ttl_secs,
    })
}

/// Revokes the presented token's family.
pub fn logout(conn: &mut DbConn, presented: &str) -> ApiResult<()> {
    let hash = hash_refresh_token(presented);
    let family: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(&hash))
        .select(refresh_tokens::family_id)
        .first(conn)
        .optional()?;
    if let Some(family_id) = family {
        diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(&family_id)))
            .filter(refresh_tokens::revoked_at.is_null())
            .set(refresh_tokens::revoked_at.eq(Some(now_utc())))
            .execute(conn)?;
    }
    Ok(())
}
