//! Queries of identity: the signed-in user and their org scope, sign-in attempts, refresh-token
//! families.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::roles::{Role, Roles};
use crate::db::schema::{login_attempts, org_units, refresh_tokens, users};
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

/// The signed-in user's account with their org unit and every unit below it, in one query (a
/// recursive walk down the tree), so each request loads its caller in a single round trip.
/// `None` when the user is missing or deactivated.
pub fn caller_account(
    conn: &mut DbConn,
    id: UserId,
) -> QueryResult<Option<(CallerAccount, Vec<UnitId>)>> {
    const WALK: &str = "WITH RECURSIVE below(id) AS ( \
           SELECT team_id FROM users WHERE id = {id} AND team_id IS NOT NULL \
           UNION SELECT o.id FROM org_units o JOIN below b ON o.parent_id = b.id) \
         SELECT u.id, u.email, u.display_name, u.roles, u.team_id, b.id AS unit \
         FROM users u LEFT JOIN below b ON 1 = 1 WHERE u.id = {id} AND u.active";
    let rows: Vec<CallerUnitRow> = match conn {
        DbConn::Pg(c) => diesel::sql_query(WALK.replace("{id}", "$1"))
            .bind::<diesel::sql_types::Text, _>(id)
            .load(c)?,
        DbConn::Sqlite(c) => diesel::sql_query(WALK.replace("{id}", "?"))
            .bind::<diesel::sql_types::Text, _>(id)
            .bind::<diesel::sql_types::Text, _>(id)
            .load(c)?,
    };
    let Some(first) = rows.first() else {
        return Ok(None);
    };
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
    Ok(Some((account, units)))
}

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

/// The account a sign-in names: id, password hash, active.
pub fn sign_in_account(
    conn: &mut DbConn,
    email: &str,
) -> QueryResult<Option<(UserId, Option<String>, bool)>> {
    users::table
        .filter(users::email.eq(email))
        .select((users::id, users::password_hash, users::active))
        .first(conn)
        .optional()
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
