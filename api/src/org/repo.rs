//! Queries for org units and users.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::model::{OrgUnitRow, UserRow};
use crate::db::schema::{org_units, users};
use crate::db::DbConn;
use crate::pagination::PageRequest;

/// One org unit.
pub fn find_unit(conn: &mut DbConn, id: &str) -> QueryResult<Option<OrgUnitRow>> {
    org_units::table
        .find(id)
        .select(OrgUnitRow::as_select())
        .first(conn)
        .optional()
}

/// A page of org units in id order.
pub fn list_units(
    conn: &mut DbConn,
    updated_since: Option<PrimitiveDateTime>,
    page: &PageRequest,
) -> QueryResult<Vec<OrgUnitRow>> {
    let mut query = org_units::table
        .select(OrgUnitRow::as_select())
        .order(org_units::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(since) = updated_since {
        query = query.filter(org_units::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(org_units::id.gt(after.clone()));
    }
    query.load(conn)
}

/// One user.
pub fn find_user(conn: &mut DbConn, id: &str) -> QueryResult<Option<UserRow>> {
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

/// Filters of the user list.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// One org unit.
    pub team_id: Option<String>,
    /// Active or not.
    pub active: Option<bool>,
    /// Changed since.
    pub updated_since: Option<PrimitiveDateTime>,
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
    if let Some(team_id) = &filter.team_id {
        query = query.filter(users::team_id.eq(team_id.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(since) = filter.updated_since {
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
pub fn ancestors(conn: &mut DbConn, unit_id: &str) -> QueryResult<Vec<String>> {
    let links: Vec<(String, Option<String>)> = org_units::table
        .select((org_units::id, org_units::parent_id))
        .load(conn)?;
    let mut found = Vec::new();
    let mut current = unit_id.to_string();
    while let Some(parent) = links
        .iter()
        .find(|(id, _)| *id == current)
        .and_then(|(_, p)| p.clone())
    {
        if found.contains(&parent) {
            break;
        }
        found.push(parent.clone());
        current = parent;
    }
    Ok(found)
}

/// Active users holding a role whose org unit is one of `units`.
pub fn users_with_role_in(
    conn: &mut DbConn,
    role: crate::auth::roles::Role,
    units: &[String],
) -> QueryResult<Vec<String>> {
    let rows: Vec<(String, String)> = users::table
        .filter(users::active.eq(true))
        .filter(users::team_id.eq_any(units.to_vec()))
        .select((users::id, users::roles))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, roles)| crate::auth::roles::decode_roles(roles).contains(&role))
        .map(|(id, _)| id)
        .collect())
}

/// The heads of service above a team.
pub fn heads_of_service_over(conn: &mut DbConn, team_id: &str) -> QueryResult<Vec<String>> {
    let above = ancestors(conn, team_id)?;
    users_with_role_in(conn, crate::auth::roles::Role::HeadOfService, &above)
}
