//! Rules for the organisation and accounts; every change is logged, and every change of an
//! existing unit or account is a conditional update on the version read.

use diesel::QueryResult;

use super::dto::{NewOrgUnit, NewUser, OrgUnitKind, OrgUnitPatch, UserPatch};
use super::model::{OrgUnitRow, PasswordChanges, UnitChanges, UserChanges, UserRow};
use super::repo;
use crate::access_log::{self, AccessEntry};
use crate::auth::password::{hash_password, password_problem};
use crate::auth::roles::{encode_roles, Role, Roles};
use crate::auth::service::end_all_sessions;
use crate::dates::now_utc;
use crate::db::types::{UnitId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{retry_races, ApiError, ApiResult, FieldError};
use crate::extract::IfMatch;

fn log(
    conn: &mut DbConn,
    actor: UserId,
    action: &'static str,
    kind: &'static str,
    id: impl ToString,
    detail: Option<String>,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &actor.to_string(),
            action,
            kind,
            &id.to_string(),
            detail,
        )],
    )
}

/// Checks that a parent exists and is of the level the kind needs.
fn check_parent(
    conn: &mut DbConn,
    kind: OrgUnitKind,
    parent_id: Option<UnitId>,
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
            format!("is required: a {kind} sits under a {needed}"),
        )),
        (Some(needed), Some(parent)) => match repo::find_unit(conn, parent)? {
            None => errors.push(FieldError::new("parent_id", "names no org unit")),
            Some(row) if row.kind != needed => errors.push(FieldError::new(
                "parent_id",
                format!("must be a {needed}, not a {}", row.kind),
            )),
            Some(_) => {}
        },
    }
    Ok(())
}

fn invalid_if_any(errors: Vec<FieldError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Creates an org unit.
pub fn create_unit(conn: &mut DbConn, actor: UserId, input: NewOrgUnit) -> ApiResult<OrgUnitRow> {
    write_tx(conn, |conn| {
        let parent = input.parent_id.map(UnitId::from);
        let mut errors = Vec::new();
        check_parent(conn, input.kind, parent, &mut errors)?;
        invalid_if_any(errors)?;
        let now = now_utc();
        let row = OrgUnitRow {
            id: UnitId::new(),
            name: input.name.trim().to_string(),
            kind: input.kind,
            parent_id: parent,
            external_ref: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(actor),
            lead_user_id: None,
            assistant_director_id: None,
            active: true,
        };
        repo::insert_unit(conn, &row)?;
        log(conn, actor, "create", "org_unit", row.id, None)?;
        Ok(row)
    })
}

/// Renames or moves an org unit.
pub fn update_unit(
    conn: &mut DbConn,
    actor: UserId,
    id: UnitId,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<OrgUnitPatch>,
) -> ApiResult<OrgUnitRow> {
    let mut parse = Some(parse);
    let mut parsed: Option<OrgUnitPatch> = None;
    retry_races(|| {
        write_tx(conn, |conn| {
            let row = repo::find_unit(conn, id)?.ok_or(ApiError::NotFound)?;
            if_match.check(row.version, true)?;
            // The record and the precondition come before the body (product.md §5).
            if let Some(parse) = parse.take() {
                parsed = Some(parse()?);
            }
            let patch = parsed
                .as_ref()
                .ok_or_else(|| ApiError::Internal("the body was not parsed".into()))?;
            let parent = patch
                .parent_id
                .clone()
                .apply(row.parent_id.map(UnitId::uuid));
            let parent = parent.map(UnitId::from);
            let mut errors = Vec::new();
            if patch.parent_id.is_given() {
                check_parent(conn, row.kind, parent, &mut errors)?;
            }
            let lead = patch
                .lead_user_id
                .clone()
                .apply(row.lead_user_id.map(UserId::uuid))
                .map(UserId::from);
            let assistant_director = patch
                .assistant_director_id
                .clone()
                .apply(row.assistant_director_id.map(UserId::uuid))
                .map(UserId::from);
            if patch.lead_user_id.is_given() {
                let role = match row.kind {
                    OrgUnitKind::Service => Some(Role::HeadOfService),
                    OrgUnitKind::Directorate => Some(Role::SeniorLeader),
                    OrgUnitKind::Team => None,
                };
                check_lead(conn, "lead_user_id", lead, role, &mut errors)?;
            }
            if patch.assistant_director_id.is_given() {
                let role = (row.kind == OrgUnitKind::Service).then_some(Role::SeniorLeader);
                check_lead(
                    conn,
                    "assistant_director_id",
                    assistant_director,
                    role,
                    &mut errors,
                )?;
            }
            invalid_if_any(errors)?;
            let changes = UnitChanges {
                name: patch
                    .name
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or(&row.name)
                    .to_string(),
                parent_id: parent,
                lead_user_id: lead,
                assistant_director_id: assistant_director,
                external_ref: patch
                    .external_ref
                    .clone()
                    .apply_text(row.external_ref.clone())
                    .map(|r| r.trim().to_string()),
                version: row.version + 1,
                updated_at: now_utc(),
            };
            let updated = repo::update_unit(conn, id, row.version, &changes).map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::field("external_ref", "is already another unit's reference")
                } else {
                    e.into()
                }
            })?;
            if !updated {
                return Err(ApiError::Raced);
            }
            let mut changed = Vec::new();
            if patch.name.is_some() {
                changed.push("name");
            }
            if patch.parent_id.is_given() {
                changed.push("parent_id");
            }
            if patch.lead_user_id.is_given() {
                changed.push("lead_user_id");
            }
            if patch.assistant_director_id.is_given() {
                changed.push("assistant_director_id");
            }
            if patch.external_ref.is_given() {
                changed.push("external_ref");
            }
            log(
                conn,
                actor,
                "update",
                "org_unit",
                id,
                Some(changed.join(",")),
            )?;
            repo::find_unit(conn, id)?.ok_or(ApiError::NotFound)
        })
    })
}

/// A unit's lead or assistant director must be an active user holding `role`; units of a
/// level that has no such post take none (`role` is `None`).
fn check_lead(
    conn: &mut DbConn,
    field: &str,
    user: Option<UserId>,
    role: Option<Role>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    let Some(user) = user else {
        return Ok(());
    };
    let Some(role) = role else {
        errors.push(FieldError::new(
            field,
            "this level of the organisation has no such post",
        ));
        return Ok(());
    };
    match repo::find_user(conn, user)? {
        Some(found) if found.active && found.roles.0.contains(&role) => {}
        Some(found) if found.active => errors.push(FieldError::new(
            field,
            format!("must hold the {} role", role.as_str()),
        )),
        _ => errors.push(FieldError::new(field, "names no active user")),
    }
    Ok(())
}

fn check_team(
    conn: &mut DbConn,
    team_id: Option<UnitId>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    if let Some(team) = team_id {
        if repo::find_unit(conn, team)?.is_none() {
            errors.push(FieldError::new("team_id", "names no org unit"));
        }
    }
    Ok(())
}

/// The separation of duties: an administrator manages accounts and reads no child's record, so
/// the `admin` role cannot be held with a role that reads case records (else an administrator
/// could grant themselves sight of every case).
fn check_roles(roles: &[Role], errors: &mut Vec<FieldError>) {
    if !roles.contains(&Role::Admin) {
        return;
    }
    let readers: Vec<&str> = roles
        .iter()
        .filter(|r| **r != Role::Admin)
        .map(|r| r.as_str())
        .collect();
    if !readers.is_empty() {
        errors.push(FieldError::new(
            "roles",
            format!(
                "admin cannot be combined with a role that reads case records ({}): give \
                 those roles to a separate account",
                readers.join(", ")
            ),
        ));
    }
}

/// Creates a user. The password an administrator chose must be changed by its owner at their
/// first sign-in.
/// `hash` is the password's, computed before (argon2 is deliberately slow, and must not hold
/// the connection or the write lock).
pub fn create_user(
    conn: &mut DbConn,
    actor: UserId,
    input: NewUser,
    hash: String,
) -> ApiResult<UserRow> {
    let mut errors = Vec::new();
    check_roles(&input.roles, &mut errors);
    let email = input.email.trim().to_lowercase();
    write_tx(conn, |conn| {
        let team = input.team_id.map(UnitId::from);
        check_team(conn, team, &mut errors)?;
        if repo::find_user_by_email(conn, &email)?.is_some() {
            errors.push(FieldError::new("email", "is already in use"));
        }
        invalid_if_any(errors)?;
        let now = now_utc();
        let row = UserRow {
            id: UserId::new(),
            email: email.clone(),
            display_name: input.display_name.trim().to_string(),
            roles: Roles::new(&input.roles),
            team_id: team,
            active: true,
            password_hash: Some(hash),
            external_ref: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(actor),
            must_change_password: true,
            sessions_revoked_at: None,
        };
        repo::insert_user(conn, &row).map_err(|e| {
            if is_unique_violation(&e) {
                ApiError::field("email", "is already in use")
            } else {
                e.into()
            }
        })?;
        log(
            conn,
            actor,
            "create",
            "user",
            row.id,
            Some(format!("roles={}", encode_roles(&input.roles))),
        )?;
        Ok(row)
    })
}

/// Changes a user's name, roles, unit or active flag.
pub fn update_user(
    conn: &mut DbConn,
    actor: UserId,
    id: UserId,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<UserPatch>,
) -> ApiResult<UserRow> {
    let mut parse = Some(parse);
    let mut parsed: Option<UserPatch> = None;
    retry_races(|| {
        write_tx(conn, |conn| {
            let row = repo::find_user(conn, id)?.ok_or(ApiError::NotFound)?;
            if_match.check(row.version, true)?;
            // The record and the precondition come before the body (product.md §5).
            if let Some(parse) = parse.take() {
                parsed = Some(parse()?);
            }
            let patch = parsed
                .as_ref()
                .ok_or_else(|| ApiError::Internal("the body was not parsed".into()))?;
            let mut errors = Vec::new();
            let team = patch
                .team_id
                .clone()
                .apply(row.team_id.map(UnitId::uuid))
                .map(UnitId::from);
            if patch.team_id.is_given() {
                check_team(conn, team, &mut errors)?;
            }
            if patch.active == Some(false) && id == actor {
                errors.push(FieldError::new(
                    "active",
                    "you cannot deactivate your own account",
                ));
            }
            if id == actor && patch.roles.is_some() {
                return Err(ApiError::forbidden(
                    "You cannot change your own roles: another administrator must.",
                ));
            }
            if let Some(roles) = &patch.roles {
                check_roles(roles, &mut errors);
            }
            invalid_if_any(errors)?;
            let roles = patch
                .roles
                .as_deref()
                .map(Roles::new)
                .unwrap_or_else(|| row.roles.clone());
            let changes = UserChanges {
                display_name: patch
                    .display_name
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or(&row.display_name)
                    .to_string(),
                roles: roles.clone(),
                team_id: team,
                active: patch.active.unwrap_or(row.active),
                version: row.version + 1,
                updated_at: now_utc(),
            };
            if !repo::update_user(conn, id, row.version, &changes)? {
                return Err(ApiError::Raced);
            }
            let mut changed = Vec::new();
            if patch.display_name.is_some() {
                changed.push("display_name".to_string());
            }
            if patch.roles.is_some() {
                changed.push(format!("roles={}", encode_roles(&roles.0)));
            }
            if patch.team_id.is_given() {
                changed.push("team_id".to_string());
            }
            if let Some(active) = patch.active {
                changed.push(format!("active={active}"));
            }
            log(conn, actor, "update", "user", id, Some(changed.join(",")))?;
            repo::find_user(conn, id)?.ok_or(ApiError::NotFound)
        })
    })
}

/// Refuses an administrator's reset of their own password: 403.
pub fn refuse_own_reset(actor: UserId, id: UserId) -> ApiResult<()> {
    if id == actor {
        return Err(ApiError::forbidden(
            "You cannot reset your own password here: change it from your account page.",
        ));
    }
    Ok(())
}

/// Resets another user's password: they must change it at their next sign-in, and every
/// session of theirs ends now. An administrator changes their own password from their account,
/// proving the current one, not here.
pub fn set_password(
    conn: &mut DbConn,
    actor: UserId,
    id: UserId,
    hash: String,
) -> ApiResult<UserRow> {
    refuse_own_reset(actor, id)?;
    retry_races(|| {
        write_tx(conn, |conn| {
            let row = repo::find_user(conn, id)?.ok_or(ApiError::NotFound)?;
            let changes = PasswordChanges {
                password_hash: Some(hash.clone()),
                must_change_password: true,
                version: row.version + 1,
                updated_at: now_utc(),
            };
            if !repo::update_password(conn, id, row.version, &changes)? {
                return Err(ApiError::Raced);
            }
            end_all_sessions(conn, id)?;
            log(conn, actor, "password", "user", id, Some("reset".into()))?;
            repo::find_user(conn, id)?.ok_or(ApiError::NotFound)
        })
    })
}

/// Creates or resets an administrator (the `create-admin` command, and the first start outside
/// production). `must_change` is set for a password the program printed: its owner must choose
/// their own at the first sign-in. Returns the user id.
pub fn upsert_admin(
    conn: &mut DbConn,
    email: &str,
    display_name: &str,
    password: &str,
    must_change: bool,
) -> Result<UserId, String> {
    if let Some(problem) = password_problem(password) {
        return Err(format!("the password {problem}"));
    }
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        return Err("the email must be an email address".into());
    }
    let hash = hash_password(password)?;
    write_tx(conn, |conn| -> ApiResult<UserId> {
        let now = now_utc();
        match repo::find_user_by_email(conn, &email)? {
            Some(row) => {
                let mut roles = row.roles.0.clone();
                roles.push(Role::Admin);
                let mut errors = Vec::new();
                check_roles(&roles, &mut errors);
                invalid_if_any(errors)?;
                let changes = UserChanges {
                    display_name: display_name.to_string(),
                    roles: Roles::new(&roles),
                    team_id: row.team_id,
                    active: true,
                    version: row.version + 1,
                    updated_at: now,
                };
                if !repo::update_user(conn, row.id, row.version, &changes)? {
                    return Err(ApiError::Raced);
                }
                let password = PasswordChanges {
                    password_hash: Some(hash.clone()),
                    must_change_password: must_change,
                    version: row.version + 2,
                    updated_at: now,
                };
                repo::update_password(conn, row.id, row.version + 1, &password)?;
                end_all_sessions(conn, row.id)?;
                // The last resort of an administrator who lost their phone and their recovery
                // codes with no other administrator to reset it: whoever runs this command on
                // the server. They set up a new app at their next sign-in.
                if crate::auth::second_factor::find(conn, row.id)?.is_some() {
                    crate::auth::second_factor::remove(conn, row.id)?;
                    crate::auth::second_factor::log(conn, row.id, row.id, "reset by create-admin")?;
                }
                log(
                    conn,
                    row.id,
                    "password",
                    "user",
                    row.id,
                    Some("create-admin".into()),
                )?;
                Ok(row.id)
            }
            None => {
                let row = UserRow {
                    id: UserId::new(),
                    email: email.clone(),
                    display_name: display_name.to_string(),
                    roles: Roles::new(&[Role::Admin]),
                    team_id: None,
                    active: true,
                    password_hash: Some(hash.clone()),
                    external_ref: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    created_by: None,
                    must_change_password: must_change,
                    sessions_revoked_at: None,
                };
                repo::insert_user(conn, &row)?;
                log(
                    conn,
                    row.id,
                    "create",
                    "user",
                    row.id,
                    Some("create-admin".into()),
                )?;
                Ok(row.id)
            }
        }
    })
    .map_err(|e| match e {
        ApiError::Validation(errors) => errors
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    })
}
