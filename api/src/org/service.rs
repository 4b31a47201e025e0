//! Rules for the organisation and accounts; every change is logged.

use diesel::prelude::*;

use super::dto::{NewOrgUnit, NewUser, OrgUnitKind, OrgUnitPatch, UserPatch};
use super::model::{OrgUnitRow, UserRow};
use super::repo;
use crate::access_log::{self, AccessEntry};
use crate::auth::password::{hash_password, password_problem};
use crate::auth::roles::{encode_roles, Role};
use crate::dates::now_utc;
use crate::db::schema::{org_units, users};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::IfMatch;
use crate::ids::new_id;

/// Checks that a parent exists and is of the level the kind needs.
fn check_parent(
    conn: &mut DbConn,
    kind: OrgUnitKind,
    parent_id: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    match (kind.parent_kind(), parent_id) {
        (None, None) => {}
        (None, Some(_)) => errors.push(FieldError::new(
            "parent_id",
            "must be empty: a directorate is the top of the tree",
        )),
        (Some(needed), None) => errors.push(FieldError::new(
            "parent_id",
            format!(
                "is required: a {} sits under a {}",
                kind.as_str(),
                needed.as_str()
            ),
        )),
        (Some(needed), Some(parent)) => match repo::find_unit(conn, parent)? {
            None => errors.push(FieldError::new("parent_id", "names no org unit")),
            Some(row) if row.kind != needed.as_str() => errors.push(FieldError::new(
                "parent_id",
                format!("must be a {}, not a {}", needed.as_str(), row.kind),
            )),
            Some(_) => {}
        },
    }
    Ok(())
}

/// Creates an org unit.
pub fn create_unit(conn: &mut DbConn, actor: &str, input: NewOrgUnit) -> ApiResult<OrgUnitRow> {
    write_tx(conn, |conn| {
        let parent = input.parent_id.map(|p| p.to_string());
        let mut errors = Vec::new();
        check_parent(conn, input.kind, parent.as_deref(), &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let id = new_id();
        let now = now_utc();
        diesel::insert_into(org_units::table)
            .values((
                org_units::id.eq(&id),
                org_units::name.eq(input.name.trim()),
                org_units::kind.eq(input.kind.as_str()),
                org_units::parent_id.eq(&parent),
                org_units::version.eq(1),
                org_units::created_at.eq(now),
                org_units::updated_at.eq(now),
                org_units::created_by.eq(actor),
            ))
            .execute(conn)?;
        access_log::record(
            conn,
            &[AccessEntry::admin_change(
                actor, "create", "org_unit", &id, None,
            )],
        )?;
        repo::find_unit(conn, &id)?.ok_or(ApiError::NotFound)
    })
}

/// Renames or moves an org unit.
pub fn update_unit(
    conn: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: IfMatch,
    patch: OrgUnitPatch,
) -> ApiResult<OrgUnitRow> {
    write_tx(conn, |conn| {
        let row = repo::find_unit(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, true)?;
        let kind = OrgUnitKind::parse(&row.kind).unwrap_or(OrgUnitKind::Team);
        let parent = match &patch.parent_id {
            Some(p) => p.map(|u| u.to_string()),
            None => row.parent_id.clone(),
        };
        let mut errors = Vec::new();
        if patch.parent_id.is_some() {
            check_parent(conn, kind, parent.as_deref(), &mut errors)?;
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let name = patch
            .name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&row.name)
            .to_string();
        diesel::update(org_units::table.find(id))
            .set((
                org_units::name.eq(&name),
                org_units::parent_id.eq(&parent),
                org_units::version.eq(row.version + 1),
                org_units::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        let mut changed = Vec::new();
        if patch.name.is_some() {
            changed.push("name");
        }
        if patch.parent_id.is_some() {
            changed.push("parent_id");
        }
        access_log::record(
            conn,
            &[AccessEntry::admin_change(
                actor,
                "update",
                "org_unit",
                id,
                Some(changed.join(",")),
            )],
        )?;
        repo::find_unit(conn, id)?.ok_or(ApiError::NotFound)
    })
}

fn check_team(
    conn: &mut DbConn,
    team_id: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    if let Some(team) = team_id {
        if repo::find_unit(conn, team)?.is_none() {
            errors.push(FieldError::new("team_id", "names no org unit"));
        }
    }
    Ok(())
}

/// Creates a user.
pub fn create_user(conn: &mut DbConn, actor: &str, input: NewUser) -> ApiResult<UserRow> {
    let mut errors = Vec::new();
    if let Some(problem) = password_problem(&input.password) {
        errors.push(FieldError::new("password", problem));
    }
    let email = input.email.trim().to_lowercase();
    // Hash before taking the write lock: argon2 is deliberately slow.
    let hash = if errors.is_empty() {
        Some(hash_password(&input.password).map_err(ApiError::Internal)?)
    } else {
        None
    };
    write_tx(conn, |conn| {
        let team = input.team_id.map(|t| t.to_string());
        check_team(conn, team.as_deref(), &mut errors)?;
        if repo::find_user_by_email(conn, &email)?.is_some() {
            errors.push(FieldError::new("email", "is already in use"));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let id = new_id();
        let now = now_utc();
        diesel::insert_into(users::table)
            .values((
                users::id.eq(&id),
                users::email.eq(&email),
                users::display_name.eq(input.display_name.trim()),
                users::roles.eq(encode_roles(&input.roles)),
                users::team_id.eq(&team),
                users::active.eq(true),
                users::password_hash.eq(&hash),
                users::version.eq(1),
                users::created_at.eq(now),
                users::updated_at.eq(now),
                users::created_by.eq(actor),
            ))
            .execute(conn)
            .map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::field("email", "is already in use")
                } else {
                    e.into()
                }
            })?;
        access_log::record(
            conn,
            &[AccessEntry::admin_change(
                actor,
                "create",
                "user",
                &id,
                Some(format!("roles={}", encode_roles(&input.roles))),
            )],
        )?;
        repo::find_user(conn, &id)?.ok_or(ApiError::NotFound)
    })
}

/// Changes a user's name, roles, unit or active flag.
pub fn update_user(
    conn: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: IfMatch,
    patch: UserPatch,
) -> ApiResult<UserRow> {
    write_tx(conn, |conn| {
        let row = repo::find_user(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, true)?;
        let mut errors = Vec::new();
        let team = match &patch.team_id {
            Some(t) => t.map(|u| u.to_string()),
            None => row.team_id.clone(),
        };
        if patch.team_id.is_some() {
            check_team(conn, team.as_deref(), &mut errors)?;
        }
        if patch.active == Some(false) && id == actor {
            errors.push(FieldError::new(
                "active",
                "you cannot deactivate your own account",
            ));
        }
        if id == actor
            && patch
                .roles
                .as_ref()
                .is_some_and(|r| !r.contains(&Role::Admin))
        {
            errors.push(FieldError::new(
                "roles",
                "you cannot remove your own admin role",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let roles = patch
            .roles
            .as_ref()
            .map(|r| encode_roles(r))
            .unwrap_or_else(|| row.roles.clone());
        diesel::update(users::table.find(id))
            .set((
                users::display_name.eq(patch
                    .display_name
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or(&row.display_name)),
                users::roles.eq(&roles),
                users::team_id.eq(&team),
                users::active.eq(patch.active.unwrap_or(row.active)),
                users::version.eq(row.version + 1),
                users::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        let mut changed = Vec::new();
        if patch.display_name.is_some() {
            changed.push("display_name".to_string());
        }
        if patch.roles.is_some() {
            changed.push(format!("roles={roles}"));
        }
        if patch.team_id.is_some() {
            changed.push("team_id".to_string());
        }
        if let Some(active) = patch.active {
            changed.push(format!("active={active}"));
        }
        access_log::record(
            conn,
            &[AccessEntry::admin_change(
                actor,
                "update",
                "user",
                id,
                Some(changed.join(",")),
            )],
        )?;
        repo::find_user(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// Sets a new password.
pub fn set_password(
    conn: &mut DbConn,
    actor: &str,
    id: &str,
    password: &str,
) -> ApiResult<UserRow> {
    if let Some(problem) = password_problem(password) {
        return Err(ApiError::field("password", problem));
    }
    let hash = hash_password(password).map_err(ApiError::Internal)?;
    write_tx(conn, |conn| {
        let row = repo::find_user(conn, id)?.ok_or(ApiError::NotFound)?;
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(Some(&hash)),
                users::version.eq(row.version + 1),
                users::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        access_log::record(
            conn,
            &[AccessEntry::admin_change(
                actor, "password", "user", id, None,
            )],
        )?;
        repo::find_user(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// Creates or resets an administrator (the `create-admin` command). Returns the user id.
pub fn upsert_admin(
    conn: &mut DbConn,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<String, String> {
    if let Some(problem) = password_problem(password) {
        return Err(format!("the password {problem}"));
    }
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        return Err("the email must be an email address".into());
    }
    let hash = hash_password(password)?;
    write_tx(conn, |conn| -> QueryResult<String> {
        let now = now_utc();
        match repo::find_user_by_email(conn, &email)? {
            Some(row) => {
                let mut roles = crate::auth::roles::decode_roles(&row.roles);
                roles.push(Role::Admin);
                diesel::update(users::table.find(&row.id))
                    .set((
                        users::password_hash.eq(Some(&hash)),
                        users::roles.eq(encode_roles(&roles)),
                        users::active.eq(true),
                        users::display_name.eq(display_name),
                        users::version.eq(row.version + 1),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                access_log::record(
                    conn,
                    &[AccessEntry::admin_change(
                        &row.id,
                        "password",
                        "user",
                        &row.id,
                        Some("create-admin".into()),
                    )],
                )?;
                Ok(row.id)
            }
            None => {
                let id = new_id();
                diesel::insert_into(users::table)
                    .values((
                        users::id.eq(&id),
                        users::email.eq(&email),
                        users::display_name.eq(display_name),
                        users::roles.eq(Role::Admin.as_str()),
                        users::active.eq(true),
                        users::password_hash.eq(Some(&hash)),
                        users::version.eq(1),
                        users::created_at.eq(now),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                access_log::record(
                    conn,
                    &[AccessEntry::admin_change(
                        &id,
                        "create",
                        "user",
                        &id,
                        Some("create-admin".into()),
                    )],
                )?;
                Ok(id)
            }
        }
    })
    .map_err(|e| format!("database: {e}"))
}
