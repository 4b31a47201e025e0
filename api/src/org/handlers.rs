//! Org units (any signed-in user reads; administrators write) and user accounts
//! (administrators only).

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{
    NewOrgUnit, NewUser, OrgUnit, OrgUnitPage, OrgUnitPatch, PasswordChange, StaffMember,
    StaffPage, User, UserPage, UserPatch,
};
use super::repo::{self, UserFilter};
use super::service;
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::{created, versioned};
use crate::state::State;

/// Paging of a list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only records changed at or after this date or instant, for incremental pulls.
    pub updated_since: Option<String>,
}

/// Filters of the user list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Users of one org unit.
    pub team_id: Option<Uuid>,
    /// Active (true) or deactivated (false) accounts.
    pub active: Option<bool>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only users changed at or after this date or instant.
    pub updated_since: Option<String>,
}

/// The organisation's units (directorate, services, teams), in creation order.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of org units", body = OrgUnitPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad parameter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/org-units")]
pub async fn list_org_units(
    state: State,
    _caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let mut params = QueryParams::new(query.into_inner());
    let since = params.timestamp("updated_since");
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list_units(conn, since, &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(OrgUnitPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Creates an org unit: a directorate, a service under a directorate, or a team under a service.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    request_body = NewOrgUnit,
    responses(
        (status = 201, description = "Created", body = OrgUnit, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/org-units")]
pub async fn create_org_unit(
    state: State,
    caller: Caller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let input: NewOrgUnit = body.parse()?;
    let row = state
        .db(move |conn| service::create_unit(conn, &caller.user_id, input))
        .await?;
    let unit = OrgUnit::from(row);
    Ok(created(
        format!("/api/v1/org-units/{}", unit.id),
        unit.version,
        &unit,
    ))
}

/// One org unit.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Org unit id")),
    responses(
        (status = 200, description = "The unit", body = OrgUnit, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/org-units/{id}")]
pub async fn get_org_unit(
    state: State,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| repo::find_unit(conn, &id)?.ok_or(ApiError::NotFound))
        .await?;
    let unit = OrgUnit::from(row);
    Ok(versioned(unit.version, &unit))
}

/// Renames or moves an org unit (JSON merge patch; `If-Match` required).
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, description = "The ETag read")),
    request_body(content = OrgUnitPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = OrgUnit, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/org-units/{id}")]
pub async fn update_org_unit(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let patch: OrgUnitPatch = body.parse()?;
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| service::update_unit(conn, &caller.user_id, &id, if_match, patch))
        .await?;
    let unit = OrgUnit::from(row);
    Ok(versioned(unit.version, &unit))
}

/// User accounts. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(UserListQuery),
    responses(
        (status = 200, description = "A page of users", body = UserPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/users")]
pub async fn list_users(
    state: State,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let mut params = QueryParams::new(query.into_inner());
    let filter = UserFilter {
        team_id: params.uuid("team_id"),
        active: params.boolean("active"),
        updated_since: params.timestamp("updated_since"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list_users(conn, &filter, &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(UserPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Creates a user account with a password. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = User, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a weak password or an email in use", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/users")]
pub async fn create_user(state: State, caller: Caller, body: JsonBody) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let input: NewUser = body.parse()?;
    let row = state
        .db(move |conn| service::create_user(conn, &caller.user_id, input))
        .await?;
    let user = User::from(row);
    Ok(created(
        format!("/api/v1/users/{}", user.id),
        user.version,
        &user,
    ))
}

/// One user account. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = User, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/users/{id}")]
pub async fn get_user(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| repo::find_user(conn, &id)?.ok_or(ApiError::NotFound))
        .await?;
    let user = User::from(row);
    Ok(versioned(user.version, &user))
}

/// Changes a user's name, roles, org unit or active flag (JSON merge patch; `If-Match`
/// required). A deactivated user or a changed role takes effect on that user's next request.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id"), ("If-Match" = String, Header, description = "The ETag read")),
    request_body(content = UserPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = User, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/users/{id}")]
pub async fn update_user(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let patch: UserPatch = body.parse()?;
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| service::update_user(conn, &caller.user_id, &id, if_match, patch))
        .await?;
    let user = User::from(row);
    Ok(versioned(user.version, &user))
}

/// Sets a user's password. Administrators only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Password set", body = User, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A weak password", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/users/{id}/password")]
pub async fn set_password(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Admin])?;
    let input: PasswordChange = body.parse()?;
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| service::set_password(conn, &caller.user_id, &id, &input.password))
        .await?;
    let user = User::from(row);
    Ok(versioned(user.version, &user))
}

/// Filters of the staff directory.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Staff of one org unit.
    pub team_id: Option<Uuid>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The staff directory: active colleagues' names, teams and roles (no emails), so screens can
/// name auditors, workers and owners. Any signed-in user.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(StaffQuery),
    responses(
        (status = 200, description = "A page of staff", body = StaffPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/staff")]
pub async fn list_staff(
    state: State,
    _caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let mut params = QueryParams::new(query.into_inner());
    let filter = UserFilter {
        team_id: params.uuid("team_id"),
        active: Some(true),
        updated_since: None,
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list_users(conn, &filter, &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(StaffPage {
        items: rows.into_iter().map(StaffMember::from).collect(),
        next_cursor,
    }))
}
