//! Queries and writes of org units and users.

use diesel::prelude::*;

use super::model::{OrgUnitRow, PasswordChanges, UnitChanges, UserChanges, UserRow};
use crate::auth::roles::{Role, Roles};
use crate::db::schema::{org_units, users};
use crate::db::types::{UnitId, UserId};
use crate::db::DbConn;
use crate::pagination::{PageRequest, Since};

/// One org unit.
pub fn find_unit(conn: &mut DbConn, id: UnitId) -> QueryResult<Option<OrgUnitRow>> {
    org_units::table
        .find(id)
        .select(OrgUnitRow::as_select())
        .first(conn)
        .optional()
}

/// Adds an org unit.
pub fn insert_unit(conn: &mut DbConn, row: &OrgUnitRow) -> QueryResult<()> {
    diesel::insert_into(org_units::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites an org unit if it is still at `version`; `false` when another change came first.
pub fn update_unit(
    conn: &mut DbConn,
    id: UnitId,
    version: i32,
    changes: &UnitChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(
        org_units::table
            .find(id)
            .filter(org_units::version.eq(version)),
    )
    .set(changes)
    .execute(conn)?;
    Ok(changed == 1)
}

/// A page of org units in id order.
pub fn list_units(
    conn: &mut DbConn,
    updated_since: Option<Since>,
    page: &PageRequest,
) -> QueryResult<Vec<OrgUnitRow>> {
    let mut query = org_units::table
        .select(OrgUnitRow::as_select())
        .order(org_units::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(Since(since)) = updated_since {
        query = query.filter(org_units::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(org_units::id.gt(after.clone()));
    }
    query.load(conn)
}

/// One user.
pub fn find_user(conn: &mut DbConn, id: UserId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// One user by email (lower-case).
pub fn find_user_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Whether a user exists.
pub fn user_exists(conn: &mut DbConn, id: UserId) -> QueryResult<bool> {
    let n: i64 = users::table.find(id).count().get_result(conn)?;
    Ok(n > 0)
}

/// Adds a user.
pub fn insert_user(conn: &mut DbConn, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a user if they are still at `version`; `false` when another change came first.
pub fn update_user(
    conn: &mut DbConn,
    id: UserId,
    version: i32,
    changes: &UserChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(users::table.find(id).filter(users::version.eq(version)))
        .set(changes)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Sets a user's password hash if they are still at `version`.
pub fn update_password(
    conn: &mut DbConn,
    id: UserId,
    version: i32,
    changes: &PasswordChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(users::table.find(id).filter(users::version.eq(version)))
        .set(changes)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Filters of the user list.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// One org unit.
    pub team_id: Option<UnitId>,
    /// Active or not.
    pub active: Option<bool>,
    /// Changed since.
    pub updated_since: Option<Since>,
}

/// A page of users in id order.
pub fn list_users(
    conn: &mut DbConn,
    filter: &UserFilter,
    page: &PageRequest,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table
        .select(UserRow::as_select())
        .order(users::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(team_id) = filter.team_id {
        query = query.filter(users::team_id.eq(team_id));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(users::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(users::id.gt(after.clone()));
    }
    query.load(conn)
}

/// Whether any user exists (first start).
pub fn any_user(conn: &mut DbConn) -> QueryResult<bool> {
    let count: i64 = users::table.count().get_result(conn)?;
    Ok(count > 0)
}

/// The org units above a unit (its parent, grandparent...), nearest first.
pub fn ancestors(conn: &mut DbConn, unit_id: UnitId) -> QueryResult<Vec<UnitId>> {
    let links: Vec<(UnitId, Option<UnitId>)> = org_units::table
        .select((org_units::id, org_units::parent_id))
        .load(conn)?;
    let mut found = Vec::new();
    let mut current = unit_id;
    while let Some(parent) = links
        .iter()
        .find(|(id, _)| *id == current)
        .and_then(|(_, p)| *p)
    {
        if found.contains(&parent) {
            break;
        }
        found.push(parent);
        current = parent;
    }
    Ok(found)
}

/// Active users holding a role whose org unit is one of `units`.
pub fn users_with_role_in(
    conn: &mut DbConn,
    role: Role,
    units: &[UnitId],
) -> QueryResult<Vec<UserId>> {
    let rows: Vec<(UserId, Roles)> = users::table
        .filter(users::active.eq(true))
        .filter(users::team_id.eq_any(units.to_vec()))
        .select((users::id, users::roles))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, roles)| roles.contains(role))
        .map(|(id, _)| id)
        .collect())
}

/// The heads of service above a team.
pub fn heads_of_service_over(conn: &mut DbConn, team_id: UnitId) -> QueryResult<Vec<UserId>> {
    let above = ancestors(conn, team_id)?;
    users_with_role_in(conn, Role::HeadOfService, &above)
}
