//! Queries of identity: the signed-in user and their org scope, sign-in attempts, refresh-token
//! families.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::caller::SignedIn;
use super::roles::{Role, Roles};
use crate::db::schema::{login_attempts, org_units, refresh_tokens, revoked_access_tokens, users};
use crate::db::types::{AttemptId, TokenId, UnitId, UserId};
use crate::db::DbConn;

/// What a request needs of its caller's account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct ActiveUser {
    /// Id.
    pub id: UserId,
    /// Email.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Roles.
    pub roles: Roles,
    /// Org unit.
    pub team_id: Option<UnitId>,
}

/// The signed-in user's account, as loaded on every request.
#[derive(Debug, Clone)]
pub struct CallerAccount {
    /// Id.
    pub id: UserId,
    /// Email.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Org unit.
    pub org_unit_id: Option<UnitId>,
}

/// An active user by id; `None` when missing or deactivated.
pub fn active_user(conn: &mut DbConn, id: UserId) -> QueryResult<Option<CallerAccount>> {
    let row: Option<ActiveUser> = users::table
        .find(id)
        .filter(users::active.eq(true))
        .select(ActiveUser::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(|u| CallerAccount {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        roles: u.roles.0,
        org_unit_id: u.team_id,
    }))
}

/// What [`caller_account`] found.
#[derive(Debug, Clone)]
pub enum CallerLookup {
    /// The account, with its org unit and every unit below it.
    Found(CallerAccount, Vec<UnitId>),
    /// The token was signed out or issued before the user's sessions were ended.
    Revoked,
    /// No active account.
    Missing,
}

/// The account a token names with their org unit and every unit below it, and whether the
/// token still stands, in one query (a recursive walk down the tree), so each request loads
/// its caller in a single round trip.
pub fn caller_account(conn: &mut DbConn, token: &SignedIn) -> QueryResult<CallerLookup> {
    account_lookup(
        conn,
        token.user_id,
        token.issued_at,
        &token.token_id.to_string(),
    )
}

/// An active person's account with their org units, whatever their sessions (to check whom a
/// record may name).
pub fn person_account(conn: &mut DbConn, id: UserId) -> QueryResult<CallerLookup> {
    // Issued at the end of time, with no token id: never revoked.
    let never = PrimitiveDateTime::new(
        time::Date::from_calendar_date(9999, time::Month::December, 31).unwrap_or(time::Date::MAX),
        time::Time::MIDNIGHT,
    );
    account_lookup(conn, id, never, "")
}

fn account_lookup(
    conn: &mut DbConn,
    user_id: UserId,
    issued_at: PrimitiveDateTime,
    jti: &str,
) -> QueryResult<CallerLookup> {
    let query = CallerWalk {
        user_id,
        issued_at,
        jti,
    };
    let rows: Vec<CallerUnitRow> = match conn {
        DbConn::Pg(c) => query.load(c)?,
        DbConn::Sqlite(c) => query.load(c)?,
    };
    let Some(first) = rows.first() else {
        return Ok(CallerLookup::Missing);
    };
    if first.revoked != 0 {
        return Ok(CallerLookup::Revoked);
    }
    let account = CallerAccount {
        id: first.id,
        email: first.email.clone(),
        display_name: first.display_name.clone(),
        roles: super::roles::decode_roles(&first.roles),
        org_unit_id: first.team_id,
    };
    // The user's own unit first, as the walk starts from it.
    let mut units: Vec<UnitId> = Vec::with_capacity(rows.len());
    if let Some(own) = first.team_id {
        units.push(own);
    }
    for row in &rows {
        if let Some(unit) = row.unit {
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
    }
    Ok(CallerLookup::Found(account, units))
}

/// The caller's account, every unit at and below their own, and whether the token still stands:
/// a recursive walk down the org tree. Written out rather than through `sql_query` so that the
/// connection keeps it prepared (diesel never caches `sql_query` statements): it runs on every
/// request, and compiling it each time cost more than running it.
struct CallerWalk<'a> {
    user_id: UserId,
    issued_at: PrimitiveDateTime,
    jti: &'a str,
}

impl<DB> diesel::query_builder::QueryFragment<DB> for CallerWalk<'_>
where
    DB: diesel::backend::Backend,
    UserId: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
    PrimitiveDateTime: diesel::serialize::ToSql<diesel::sql_types::Timestamp, DB>,
    str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        use diesel::sql_types::{Text, Timestamp};
        out.push_sql(
            "WITH RECURSIVE below(id) AS ( \
               SELECT team_id FROM users WHERE id = ",
        );
        out.push_bind_param::<Text, _>(&self.user_id)?;
        out.push_sql(
            " AND team_id IS NOT NULL \
               UNION SELECT o.id FROM org_units o JOIN below b ON o.parent_id = b.id) \
             SELECT u.id, u.email, u.display_name, u.roles, u.team_id, b.id AS unit, \
               CASE WHEN u.sessions_revoked_at > ",
        );
        out.push_bind_param::<Timestamp, _>(&self.issued_at)?;
        out.push_sql(" OR EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = ");
        out.push_bind_param::<Text, _>(self.jti)?;
        out.push_sql(
            ") THEN 1 ELSE 0 END AS revoked \
             FROM users u LEFT JOIN below b ON 1 = 1 WHERE u.id = ",
        );
        out.push_bind_param::<Text, _>(&self.user_id)?;
        out.push_sql(" AND u.active");
        Ok(())
    }
}

/// Cached by its SQL text (no static id): the text is the same on every call.
impl diesel::query_builder::QueryId for CallerWalk<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for CallerWalk<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

impl<Conn> RunQueryDsl<Conn> for CallerWalk<'_> {}

#[derive(Debug, QueryableByName)]
struct CallerUnitRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: UserId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    email: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    display_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    roles: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    team_id: Option<UnitId>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    unit: Option<UnitId>,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    revoked: i32,
}

/// A unit and every unit below it. The tree is small (a directorate's services and teams), so
/// one read of the parent links beats a recursive query that differs by backend.
pub fn subtree(conn: &mut DbConn, root: UnitId) -> QueryResult<Vec<UnitId>> {
    let links: Vec<(UnitId, Option<UnitId>)> = org_units::table
        .select((org_units::id, org_units::parent_id))
        .load(conn)?;
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        for (id, parent_id) in &links {
            if *parent_id == Some(parent) && !found.contains(id) {
                found.push(*id);
            }
        }
        index += 1;
    }
    Ok(found)
}

/// What a sign-in needs of the account it names.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct SignInAccount {
    /// Id.
    pub id: UserId,
    /// argon2id PHC string, if the account has a password.
    pub password_hash: Option<String>,
    /// Whether it may sign in.
    pub active: bool,
    /// Whether its password was set by someone else and must be changed first.
    pub must_change_password: bool,
    /// Email (the name an authenticator app shows).
    pub email: String,
    /// Roles (some must sign in with a second factor).
    pub roles: Roles,
}

/// The account a sign-in names.
pub fn sign_in_account(conn: &mut DbConn, email: &str) -> QueryResult<Option<SignInAccount>> {
    users::table
        .filter(users::email.eq(email))
        .select(SignInAccount::as_select())
        .first(conn)
        .optional()
}

/// The account by id, for a password change.
pub fn password_account(conn: &mut DbConn, id: UserId) -> QueryResult<Option<SignInAccount>> {
    users::table
        .find(id)
        .select(SignInAccount::as_select())
        .first(conn)
        .optional()
}

/// Serialises, until the transaction ends, the sign-ins that name one email or come from one
/// address, so counting recent failures and recording this attempt is atomic: a parallel burst
/// of guesses gets no more tries than the limit. SQLite's write transaction already excludes
/// every other writer.
pub fn lock_sign_in(conn: &mut DbConn, email: &str, client_ip: &str) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        // Two lock namespaces (1: emails, 2: addresses), always taken in this order, so two
        // sign-ins never wait on each other in a cycle.
        for (space, key) in [(1, email), (2, client_ip)] {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .bind::<diesel::sql_types::Integer, _>(space)
                .bind::<diesel::sql_types::Text, _>(key)
                .execute(c)?;
        }
    }
    Ok(())
}

/// Marks a sign-in attempt, recorded as failed while its password was checked, as successful.
pub fn mark_attempt_succeeded(conn: &mut DbConn, id: AttemptId) -> QueryResult<()> {
    diesel::update(login_attempts::table.find(id))
        .set(login_attempts::succeeded.eq(true))
        .execute(conn)
        .map(|_| ())
}

/// Sets a new password if the stored one is still `expected` (the one just checked): of two
/// racing changes one wins. `pending_change` requires the account to be waiting for a
/// challenge's password change. Ends the user's sessions: tokens issued before `now` are
/// refused.
pub fn change_password(
    conn: &mut DbConn,
    id: UserId,
    expected: &str,
    new_hash: &str,
    pending_change: bool,
    now: PrimitiveDateTime,
) -> QueryResult<bool> {
    let target = users::table
        .find(id)
        .filter(users::active.eq(true))
        .filter(users::password_hash.eq(expected));
    let changes = (
        users::password_hash.eq(Some(new_hash)),
        users::must_change_password.eq(false),
        users::sessions_revoked_at.eq(Some(now)),
        users::version.eq(users::version + 1),
        users::updated_at.eq(now),
    );
    let changed = if pending_change {
        diesel::update(target.filter(users::must_change_password.eq(true)))
            .set(changes)
            .execute(conn)?
    } else {
        diesel::update(target).set(changes).execute(conn)?
    };
    Ok(changed == 1)
}

/// Ends every session of a user: their refresh-token families are revoked and access tokens
/// issued before `now` refused.
pub fn end_sessions(conn: &mut DbConn, user_id: UserId, now: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::sessions_revoked_at.eq(Some(now)))
        .execute(conn)?;
    revoke_user_families(conn, user_id, now).map(|_| ())
}

/// Revokes every live refresh token of a user.
pub fn revoke_user_families(
    conn: &mut DbConn,
    user_id: UserId,
    now: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(Some(now)))
        .execute(conn)
}

/// A signed-out access token (or answered challenge), refused until it expires.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = revoked_access_tokens)]
pub struct RevokedToken {
    /// The token's `jti`.
    pub jti: String,
    /// Its user.
    pub user_id: UserId,
    /// When it would have expired; the row is useless after.
    pub expires_at: PrimitiveDateTime,
}

/// Refuses a token from now on; `false` when it already was (a challenge answered twice).
/// Rows of tokens that have expired anyway are removed on the way.
pub fn revoke_token(
    conn: &mut DbConn,
    token: &RevokedToken,
    now: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(revoked_access_tokens::table.filter(revoked_access_tokens::expires_at.lt(now)))
        .execute(conn)?;
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(revoked_access_tokens::table)
            .values(token)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(revoked_access_tokens::table)
            .values(token)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Whether a token (an answered challenge) is refused.
pub fn is_token_revoked(conn: &mut DbConn, jti: &str) -> QueryResult<bool> {
    Ok(revoked_access_tokens::table
        .find(jti)
        .select(revoked_access_tokens::jti)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Whether a user exists, active or not.
pub fn exists(conn: &mut DbConn, id: UserId) -> QueryResult<bool> {
    Ok(users::table
        .find(id)
        .select(users::id)
        .first::<UserId>(conn)
        .optional()?
        .is_some())
}

/// Whether the user exists and is active.
pub fn is_active(conn: &mut DbConn, id: UserId) -> QueryResult<bool> {
    Ok(users::table
        .find(id)
        .select(users::active)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Failed sign-ins matching a condition since an instant: how many, and the oldest.
pub struct Failures {
    /// How many.
    pub count: i64,
    /// When the oldest was.
    pub oldest: Option<PrimitiveDateTime>,
}

/// The last successful sign-in of an account.
pub fn last_success(conn: &mut DbConn, email: &str) -> QueryResult<Option<PrimitiveDateTime>> {
    login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(true))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)
}

/// Failed sign-ins of an account after an instant.
pub fn account_failures(
    conn: &mut DbConn,
    email: &str,
    after: PrimitiveDateTime,
) -> QueryResult<Failures> {
    let (count, oldest) = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(after))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(login_attempts::attempted_at),
        ))
        .first(conn)?;
    Ok(Failures { count, oldest })
}

/// Failed sign-ins from an address after an instant.
pub fn address_failures(
    conn: &mut DbConn,
    client_ip: &str,
    after: PrimitiveDateTime,
) -> QueryResult<Failures> {
    let (count, oldest) = login_attempts::table
        .filter(login_attempts::client_ip.eq(client_ip))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(after))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(login_attempts::attempted_at),
        ))
        .first(conn)?;
    Ok(Failures { count, oldest })
}

/// A sign-in attempt to record.
#[derive(Debug, Insertable)]
#[diesel(table_name = login_attempts)]
pub struct NewAttempt<'a> {
    /// Id.
    pub id: AttemptId,
    /// The email tried (lower-case).
    pub email: &'a str,
    /// The client's address.
    pub client_ip: &'a str,
    /// Whether it succeeded.
    pub succeeded: bool,
    /// When.
    pub attempted_at: PrimitiveDateTime,
}

/// Records a sign-in attempt.
pub fn record_attempt(conn: &mut DbConn, attempt: &NewAttempt<'_>) -> QueryResult<()> {
    diesel::insert_into(login_attempts::table)
        .values(attempt)
        .execute(conn)
        .map(|_| ())
}

/// A stored refresh token.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
#[diesel(treat_none_as_default_value = false)]
pub struct RefreshRow {
    /// Id.
    pub id: TokenId,
    /// Its family: every token rotated from one sign-in.
    pub family_id: TokenId,
    /// The user.
    pub user_id: UserId,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Expiry.
    pub expires_at: PrimitiveDateTime,
    /// When it was exchanged.
    pub used_at: Option<PrimitiveDateTime>,
    /// When it was revoked.
    pub revoked_at: Option<PrimitiveDateTime>,
    /// Issued.
    pub created_at: PrimitiveDateTime,
    /// When the sign-in that began the family happened (empty for tokens of older versions).
    pub session_started_at: Option<PrimitiveDateTime>,
}

/// Stores a new refresh token.
pub fn insert_refresh(conn: &mut DbConn, row: &RefreshRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A refresh token by its hash.
pub fn find_refresh(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used if, and only if, it is still unused and unrevoked: of two requests that
/// present the same token at once, exactly one gets `true`.
pub fn claim_refresh(conn: &mut DbConn, id: TokenId, now: PrimitiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Revokes every live token of a family.
pub fn revoke_family(
    conn: &mut DbConn,
    family_id: TokenId,
    now: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(family_id)))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(Some(now)))
        .execute(conn)
}
