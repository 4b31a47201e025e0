//! Queries and writes of org units and users.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::dto::OrgUnitKind;
use super::model::{OrgUnitRow, PasswordChanges, UnitChanges, UserChanges, UserRow};
use crate::auth::roles::{Role, Roles};
use crate::db::schema::{org_units, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

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

crate::sortable! {
    /// The fields the org-unit list sorts by.
    pub enum UnitSort on org_units for OrgUnitRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        Name = "name" => name: String,
        Kind = "kind" => kind: OrgUnitKind,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn units_filtered<'a>(updated_since: Option<Since>) -> org_units::BoxedQuery<'a, MultiBackend> {
    let mut query = org_units::table.into_boxed();
    if let Some(Since(since)) = updated_since {
        query = query.filter(org_units::updated_at.ge(since));
    }
    query
}

/// A page of org units.
pub fn list_units(
    conn: &mut DbConn,
    updated_since: Option<Since>,
    sort: Option<SortParam<UnitSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<OrgUnitRow>, Option<i64>)> {
    let keys = resolve_sort(sort, updated_since.is_some());
    let query = UnitSort::apply(
        units_filtered(updated_since).select(OrgUnitRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(units_filtered(updated_since).count().get_result(conn)?)
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| UnitSort::values(r, &keys)),
        total,
    ))
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
    /// These org units.
    pub team_ids: Option<Vec<UnitId>>,
    /// Active or not.
    pub active: Option<bool>,
    /// Text in the name or email.
    pub q: Option<String>,
    /// Changed since.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the user list and the staff directory sort by.
    pub enum UserSort on users for UserRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        DisplayName = "display_name" => display_name: String,
        Email = "email" => email: String,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn users_filtered<'a>(filter: &UserFilter) -> users::BoxedQuery<'a, MultiBackend> {
    let mut query = users::table.into_boxed();
    if let Some(teams) = &filter.team_ids {
        query = query.filter(crate::db::member_of(users::team_id, teams.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        query = query.filter(
            lower(users::display_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::email).like(pattern).escape('\\')),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(users::updated_at.ge(since));
    }
    query
}

/// A page of users.
pub fn list_users(
    conn: &mut DbConn,
    filter: &UserFilter,
    sort: Option<SortParam<UserSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<UserRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = UserSort::apply(
        users_filtered(filter).select(UserRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(users_filtered(filter).count().get_result(conn)?)
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| UserSort::values(r, &keys)),
        total,
    ))
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
        .filter(crate::db::member_of(users::team_id, units.to_vec()))
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

/// The display names of people a page of records names, in one query.
pub fn names(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = UserId>,
) -> QueryResult<std::collections::HashMap<UserId, String>> {
    let mut ids: Vec<UserId> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(users::table
        .filter(crate::db::member_of(users::id, ids))
        .select((users::id, users::display_name))
        .load::<(UserId, String)>(conn)?
        .into_iter()
        .collect())
}

/// The names of these org units.
pub fn unit_names(
    conn: &mut DbConn,
    ids: &[UnitId],
) -> QueryResult<std::collections::HashMap<UnitId, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(org_units::table
        .filter(crate::db::member_of(org_units::id, ids.to_vec()))
        .select((org_units::id, org_units::name))
        .load::<(UnitId, String)>(conn)?
        .into_iter()
        .collect())
}

/// The teams a list's `team_id` and `service_id` filters select: one team, every unit under a
/// service, or the teams both name; `None` when neither is given.
pub fn teams_filter(
    conn: &mut DbConn,
    team_id: Option<uuid::Uuid>,
    service_id: Option<uuid::Uuid>,
) -> QueryResult<Option<Vec<UnitId>>> {
    let under_service = match service_id {
        Some(service) => Some(crate::auth::repo::subtree(conn, UnitId::from(service))?),
        None => None,
    };
    Ok(match (team_id.map(UnitId::from), under_service) {
        (None, None) => None,
        (Some(team), None) => Some(vec![team]),
        (None, Some(units)) => Some(units),
        (Some(team), Some(units)) => Some(units.into_iter().filter(|u| *u == team).collect()),
    })
}
