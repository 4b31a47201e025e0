//! The cases registry over HTTP.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{Case, CaseCategory, CasePage, CasePatch, NewCase};
use super::repo::CaseFilter;
use super::service;
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::{created, versioned};
use crate::state::State;

/// Roles that register and change cases by hand (the CMS integration arrives later).
const CASE_WRITERS: [Role; 1] = [Role::QaOfficer];

/// Filters of the case list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseListQuery {
    /// Cases of one team.
    pub team_id: Option<Uuid>,
    /// Cases allocated to one worker.
    pub worker_id: Option<Uuid>,
    /// One category.
    pub category: Option<CaseCategory>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// Only cases changed at or after this date or instant, for incremental pulls.
    pub updated_since: Option<String>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

async fn refuse_by_role(
    state: &State,
    caller: Caller,
    action: &'static str,
    id: Option<String>,
) -> ApiError {
    let error = ApiError::forbidden("Your roles do not give access to case records.");
    let logged = state
        .db(move |conn| service::log_role_denial(conn, &caller, action, "case", id.as_deref()))
        .await;
    match logged {
        Ok(()) => error,
        Err(e) => e,
    }
}

/// The cases in the caller's scope: a practitioner's allocated cases, a manager's teams, or all.
#[utoipa::path(
    tag = "cases",
    security(("bearer" = [])),
    params(CaseListQuery),
    responses(
        (status = 200, description = "A page of cases", body = CasePage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/cases")]
pub async fn list_cases(
    state: State,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(refuse_by_role(&state, caller, "list", None).await);
    }
    let mut params = QueryParams::new(query.into_inner());
    let filter = CaseFilter {
        team_id: params.uuid("team_id"),
        worker_id: params.uuid("worker_id"),
        category: params.one_of("category", &CaseCategory::VALUES),
        status: params.one_of("status", &["open", "closed"]),
        updated_since: params.timestamp("updated_since"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let reader = caller.clone();
    let rows = state
        .db(move |conn| service::list(conn, &caller, &filter, &page))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    state
        .log_reads(
            rows.iter()
                .map(|r| service::read_entry(&reader, "list", r))
                .collect(),
        )
        .await?;
    Ok(HttpResponse::Ok().json(CasePage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Registers a case. QA officers.
#[utoipa::path(
    tag = "cases",
    security(("bearer" = [])),
    request_body = NewCase,
    responses(
        (status = 201, description = "Created", body = Case, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to register cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/cases")]
pub async fn create_case(state: State, caller: Caller, body: JsonBody) -> ApiResult<HttpResponse> {
    if !caller.has_any(&CASE_WRITERS) {
        return Err(refuse_by_role(&state, caller, "create", None).await);
    }
    let input: NewCase = body.parse()?;
    let row = state
        .db(move |conn| service::create(conn, &caller, input))
        .await?;
    let case = Case::from(row);
    Ok(created(
        format!("/api/v1/cases/{}", case.id),
        case.version,
        &case,
    ))
}

/// One case; 404 when it is outside the caller's scope.
#[utoipa::path(
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = Case, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/cases/{id}")]
pub async fn get_case(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    if !caller.reads_cases() {
        return Err(refuse_by_role(&state, caller, "read", Some(id)).await);
    }
    let reader = caller.clone();
    let row = state
        .db(move |conn| service::read(conn, &caller, &id))
        .await?;
    state
        .log_reads(vec![service::read_entry(&reader, "read", &row)])
        .await?;
    let case = Case::from(row);
    Ok(versioned(case.version, &case))
}

/// Changes a case (JSON merge patch; `If-Match` required). QA officers.
#[utoipa::path(
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "The ETag read")),
    request_body(content = CasePatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Case, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to change cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/cases/{id}")]
pub async fn update_case(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    if !caller.has_any(&CASE_WRITERS) {
        return Err(refuse_by_role(&state, caller, "update", Some(id)).await);
    }
    let patch: CasePatch = body.parse()?;
    let row = state
        .db(move |conn| service::update(conn, &caller, &id, if_match, patch))
        .await?;
    let case = Case::from(row);
    Ok(versioned(case.version, &case))
}
