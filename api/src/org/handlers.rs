//! Org units (any signed-in user reads; administrators write) and user accounts
//! (administrators only).

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    NewOrgUnit, NewUser, OrgUnit, OrgUnitPage, OrgUnitPatch, PasswordChange, StaffMember,
    StaffPage, User, UserPage, UserPatch,
};
use super::repo::{self, UnitSort, UserFilter, UserSort};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::password::hash_password;
use crate::auth::roles::Role;
use crate::db::types::{UnitId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::listing::SortParam;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::State;

crate::list_query! {
    /// Filters of the org-unit list.
    pub struct UnitListQuery {
        /// Only records changed at or after this date or instant, for incremental pulls (sorted
        /// by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `name`, `kind`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<UnitSort>>,
    }
}

crate::list_query! {
    /// Filters of the user list.
    pub struct UserListQuery {
        /// Users of one org unit.
        pub team_id: Option<Uuid>,
        /// Active (true) or deactivated (false) accounts.
        pub active: Option<bool>,
        /// Text in the name or email.
        pub q: Option<String>,
        /// Only users changed at or after this date or instant (sorted by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `display_name`, `email`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<UserSort>>,
    }
}

/// The organisation's units (directorate, services, teams), in creation order.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(UnitListQuery),
    responses(
        (status = 200, description = "A page of org units", body = OrgUnitPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad parameter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/org-units")]
pub async fn list_org_units(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (query, page) = UnitListQuery::parse(query.into_inner())?;
    let (page, total) = state
        .run(user, move |cx| {
            repo::list_units(cx.conn, query.updated_since, query.sort, &page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrgUnitPage {
        items: page.rows.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
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
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let input: NewOrgUnit = body.parse()?;
            service::create_unit(cx.conn, cx.caller.user_id, input)
        })
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
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = UnitId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            repo::find_unit(cx.conn, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    let unit = OrgUnit::from(row);
    Ok(versioned(unit.version, &unit))
}

/// Renames or moves an org unit (JSON merge patch; `If-Match` required).
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = UnitId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            service::update_unit(cx.conn, cx.caller.user_id, id, if_match, || {
                body.parse::<OrgUnitPatch>()
            })
        })
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
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (page, total) = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let (query, page) = UserListQuery::parse(query.into_inner())?;
            let filter = UserFilter {
                team_ids: query.team_id.map(|t| vec![UnitId::from(t)]),
                active: query.active,
                q: query.q,
                updated_since: query.updated_since,
            };
            repo::list_users(cx.conn, &filter, query.sort, &page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserPage {
        items: page.rows.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
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
pub async fn create_user(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    state
        .run(user, |cx| cx.caller.require_any(&[Role::Admin]))
        .await?;
    let input: NewUser = body.parse()?;
    let password = input.password.clone();
    let hash = state
        .hash_work(move || hash_password(&password).map_err(ApiError::Internal))
        .await??;
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            service::create_user(cx.conn, cx.caller.user_id, input, hash)
        })
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
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = UserId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            repo::find_user(cx.conn, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    let user = User::from(row);
    Ok(versioned(user.version, &user))
}

/// Changes a user's name, roles, org unit or active flag (JSON merge patch; `If-Match`
/// required). A deactivated user or a changed role takes effect on that user's next request.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = UserId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            service::update_user(cx.conn, cx.caller.user_id, id, if_match, || {
                body.parse::<UserPatch>()
            })
        })
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
    user: SignedIn,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = UserId::from(id.into_inner());
    let check = move |caller: &crate::auth::caller::Caller| {
        caller.require_any(&[Role::Admin])?;
        service::refuse_own_reset(caller.user_id, id)
    };
    state.run(user, move |cx| check(&cx.caller)).await?;
    let input: PasswordChange = body.parse()?;
    let hash = state
        .hash_work(move || hash_password(&input.password).map_err(ApiError::Internal))
        .await??;
    let row = state
        .run(user, move |cx| {
            check(&cx.caller)?;
            service::set_password(cx.conn, cx.caller.user_id, id, hash)
        })
        .await?;
    let user = User::from(row);
    Ok(versioned(user.version, &user))
}

crate::list_query! {
    /// Filters of the staff directory.
    pub struct StaffQuery {
        /// Staff of one org unit.
        pub team_id: Option<Uuid>,
        /// Staff of every unit of one service.
        pub service_id: Option<Uuid>,
        /// Text in the name.
        pub q: Option<String>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `display_name`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<UserSort>>,
    }
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
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (query, page) = StaffQuery::parse(query.into_inner())?;
    let (page, total) = state
        .run(user, move |cx| {
            let filter = UserFilter {
                team_ids: repo::teams_filter(cx.conn, query.team_id, query.service_id)?,
                active: Some(true),
                q: query.q,
                updated_since: None,
            };
            repo::list_users(cx.conn, &filter, query.sort, &page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffPage {
        items: page.rows.into_iter().map(StaffMember::from).collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
    }))
}
