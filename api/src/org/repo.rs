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
