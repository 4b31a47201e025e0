//! Roles from the council's identity provider: an administrator maps a provider group (as the
//! ID token's `groups` claim names it) to a role of this product, and single sign-on gives a
//! person the roles of their groups. Roles otherwise stay this product's: a mapping only adds.
//!
//! Never to `admin` or `dpo` (those are given here, by name, to people with a second look at
//! them), and never a role that reads case records to an administrator (the separation of
//! duties the accounts keep): an administrator's roles are left as they are.

use actix_web::{delete, get, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::caller::SignedIn;
use super::roles::{Role, Roles};
use crate::access_log::{self, AccessEntry};
use crate::dates::{now_utc, to_utc};
use crate::db::schema::{role_mappings, users};
use crate::db::types::{TokenId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::JsonBody;
use crate::state::State;

/// A provider group's role.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleMapping {
    /// Id.
    pub id: Uuid,
    /// The group, as the provider's `groups` claim names it (Entra ID: the group's object id).
    pub group: String,
    /// The role its members get.
    pub role: Role,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Every mapping.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleMappingList {
    /// The mappings, by group and role.
    pub items: Vec<RoleMapping>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}

/// A new mapping.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewRoleMapping {
    /// The provider's group.
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub group: String,
    /// The role: any but `admin` and `dpo`.
    pub role: Role,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = role_mappings)]
struct Row {
    id: TokenId,
    group_name: String,
    role: String,
    created_at: PrimitiveDateTime,
}

impl Row {
    fn view(self) -> Option<RoleMapping> {
        Some(RoleMapping {
            id: self.id.uuid(),
            group: self.group_name,
            role: Role::parse(&self.role)?,
            created_at: to_utc(self.created_at),
        })
    }
}

fn log(
    conn: &mut DbConn,
    actor: UserId,
    action: &'static str,
    id: TokenId,
    detail: String,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &actor.to_string(),
            action,
            "role_mapping",
            &id.to_string(),
            Some(detail),
        )],
    )
}

/// The roles of a person's provider groups, added to theirs at single sign-on (never to an
/// administrator's). Logged when it changes anything.
pub fn apply(conn: &mut DbConn, user: UserId, groups: &[String]) -> QueryResult<()> {
    if groups.is_empty() {
        return Ok(());
    }
    let mapped: Vec<String> = role_mappings::table
        .filter(role_mappings::group_name.eq_any(groups))
        .select(role_mappings::role)
        .load(conn)?;
    let mapped: Vec<Role> = mapped
        .iter()
        .filter_map(|r| Role::parse(r))
        .filter(|r| !matches!(r, Role::Admin | Role::Dpo))
        .collect();
    if mapped.is_empty() {
        return Ok(());
    }
    let (current, version): (Roles, i32) = users::table
        .find(user)
        .select((users::roles, users::version))
        .first(conn)?;
    if current.0.contains(&Role::Admin) {
        tracing::warn!(user_id = %user, "provider groups map roles that read case records; an administrator's roles are left as they are");
        return Ok(());
    }
    let mut roles = current.0.clone();
    roles.extend(mapped);
    let roles = Roles::new(&roles);
    if roles.0 == Roles::new(&current.0).0 {
        return Ok(());
    }
    let now = now_utc();
    diesel::update(users::table.find(user).filter(users::version.eq(version)))
        .set((
            users::roles.eq(&roles),
            users::version.eq(version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    let names: Vec<&str> = roles.0.iter().map(|r| r.as_str()).collect();
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &user.to_string(),
            "update",
            "user",
            &user.to_string(),
            Some(format!(
                "roles from the identity provider's groups: {}",
                names.join(", ")
            )),
        )],
    )
}

/// The provider's groups and the roles they give at single sign-on. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every mapping", body = RoleMappingList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/role-mappings")]
pub async fn list_role_mappings(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let items = state
        .run(user, |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let rows: Vec<Row> = role_mappings::table
                .order((role_mappings::group_name, role_mappings::role))
                .select(Row::as_select())
                .load(cx.conn)?;
            Ok(rows.into_iter().filter_map(Row::view).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(RoleMappingList {
        items,
        next_cursor: None,
    }))
}

/// One mapping. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mapping id")),
    responses(
        (status = 200, description = "The mapping", body = RoleMapping),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such mapping", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/role-mappings/{id}")]
pub async fn get_role_mapping(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = TokenId::from(id.into_inner());
    let mapping = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            role_mappings::table
                .find(id)
                .select(Row::as_select())
                .first(cx.conn)
                .optional()?
                .and_then(Row::view)
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(mapping))
}

/// Maps a provider group to a role: at single sign-on, its members get the role as well as
/// theirs. Never `admin` or `dpo` (422 on `role`). Administrators only; logged.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    request_body = NewRoleMapping,
    responses(
        (status = 201, description = "Mapped", body = RoleMapping, headers(("Location" = String))),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The group already gives that role", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing group, or a role a group may not give", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/role-mappings")]
pub async fn create_role_mapping(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let mapping = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let input: NewRoleMapping = body.parse()?;
            let group = input.group.trim().to_string();
            let mut errors = Vec::new();
            if group.is_empty() {
                errors.push(FieldError::new("group", "is required"));
            }
            if matches!(input.role, Role::Admin | Role::Dpo) {
                errors.push(FieldError::new(
                    "role",
                    "cannot come from the identity provider: give administrators and data \
                     protection officers their role by name",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let id = TokenId::new();
                let now = now_utc();
                let inserted = diesel::insert_into(role_mappings::table)
                    .values((
                        role_mappings::id.eq(id),
                        role_mappings::group_name.eq(&group),
                        role_mappings::role.eq(input.role.as_str()),
                        role_mappings::created_at.eq(now),
                        role_mappings::created_by.eq(Some(actor)),
                    ))
                    .execute(conn);
                match inserted {
                    Err(e) if is_unique_violation(&e) => {
                        return Err(ApiError::conflict("That group already gives that role."))
                    }
                    other => other?,
                };
                log(
                    conn,
                    actor,
                    "create",
                    id,
                    format!("{group} -> {}", input.role.as_str()),
                )?;
                Ok(RoleMapping {
                    id: id.uuid(),
                    group: group.clone(),
                    role: input.role,
                    created_at: to_utc(now),
                })
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/role-mappings/{}", mapping.id),
        ))
        .json(mapping))
}

/// Removes a mapping: the group's members keep the roles they were given (an administrator
/// changes those on the account). Administrators only; logged.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mapping id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such mapping", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/role-mappings/{id}")]
pub async fn delete_role_mapping(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = TokenId::from(id.into_inner());
    state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let row = role_mappings::table
                    .find(id)
                    .select(Row::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or(ApiError::NotFound)?;
                diesel::delete(role_mappings::table.find(id)).execute(conn)?;
                log(
                    conn,
                    actor,
                    "delete",
                    id,
                    format!("{} -> {}", row.group_name, row.role),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
