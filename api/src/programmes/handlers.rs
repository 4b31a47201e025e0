//! Audit programmes and themes: QA officers write; anyone signed in reads.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{NewProgramme, NewTheme, Programme, ProgrammePage, Theme, ThemePage, ThemePatch};
use super::{repo, service};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::{created, versioned};
use crate::state::State;

/// Paging of programmes.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeQuery {
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Filters of themes.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThemeQuery {
    /// Themes of one programme.
    pub programme_id: Option<Uuid>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Annual audit programmes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), params(ProgrammeQuery),
    responses(
        (status = 200, description = "A page of programmes", body = ProgrammePage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audit-programmes")]
pub async fn list_programmes(
    state: State,
    _caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let mut params = QueryParams::new(query.into_inner());
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list_programmes(conn, &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(ProgrammePage {
        items: rows
            .into_iter()
            .map(|r| Programme::from_row(r, None))
            .collect(),
        next_cursor,
    }))
}

/// Creates an audit programme. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), request_body = NewProgramme,
    responses(
        (status = 201, description = "Created", body = Programme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audit-programmes")]
pub async fn create_programme(
    state: State,
    caller: Caller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::QaOfficer])?;
    let input: NewProgramme = body.parse()?;
    let row = state
        .db(move |conn| service::create_programme(conn, &caller.user_id, input))
        .await?;
    let programme = Programme::from_row(row, Some(Vec::new()));
    Ok(created(
        format!("/api/v1/audit-programmes/{}", programme.id),
        programme.version,
        &programme,
    ))
}

/// One programme with its themes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The programme", body = Programme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audit-programmes/{id}")]
pub async fn get_programme(
    state: State,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let programme = state
        .db(move |conn| {
            let row = repo::find_programme(conn, &id)?.ok_or(ApiError::NotFound)?;
            let themes = repo::themes_of(conn, &id)?;
            Ok(Programme::from_row(row, Some(themes)))
        })
        .await?;
    Ok(versioned(programme.version, &programme))
}

/// Audit themes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), params(ThemeQuery),
    responses(
        (status = 200, description = "A page of themes", body = ThemePage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/themes")]
pub async fn list_themes(
    state: State,
    _caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let mut params = QueryParams::new(query.into_inner());
    let programme = params.uuid("programme_id");
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list_themes(conn, programme.as_deref(), &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(ThemePage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Creates a theme. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), request_body = NewTheme,
    responses(
        (status = 201, description = "Created", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/themes")]
pub async fn create_theme(state: State, caller: Caller, body: JsonBody) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::QaOfficer])?;
    let input: NewTheme = body.parse()?;
    let row = state
        .db(move |conn| service::create_theme(conn, &caller.user_id, input))
        .await?;
    let theme = Theme::from(row);
    Ok(created(
        format!("/api/v1/themes/{}", theme.id),
        theme.version,
        &theme,
    ))
}

/// One theme.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Theme id")),
    responses(
        (status = 200, description = "The theme", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/themes/{id}")]
pub async fn get_theme(
    state: State,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| repo::find_theme(conn, &id)?.ok_or(ApiError::NotFound))
        .await?;
    let theme = Theme::from(row);
    Ok(versioned(theme.version, &theme))
}

/// Changes a theme (JSON merge patch; `If-Match` required); closing needs findings and
/// recommendations. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Theme id"), ("If-Match" = String, Header, description = "The ETag read")),
    request_body(content = ThemePatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/themes/{id}")]
pub async fn update_theme(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::QaOfficer])?;
    let patch: ThemePatch = body.parse()?;
    let id = id.into_inner().to_string();
    let row = state
        .db(move |conn| service::update_theme(conn, &id, if_match, patch))
        .await?;
    let theme = Theme::from(row);
    Ok(versioned(theme.version, &theme))
}
