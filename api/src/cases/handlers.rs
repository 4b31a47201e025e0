//! The cases registry over HTTP.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{Case, CaseCategory, CasePage, CasePatch, CaseStatus, NewCase};
use super::model::CaseRow;
use super::policy::{CaseOperation, CASE_WRITERS};
use super::repo::{self, CaseFilter, CaseSort};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::db::types::{CaseId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the case list.
    pub struct CaseListQuery {
        /// Cases of one team.
        pub team_id: Option<Uuid>,
        /// Cases of every team of one service.
        pub service_id: Option<Uuid>,
        /// Cases allocated to one worker.
        pub worker_id: Option<Uuid>,
        /// Categories, comma-separated.
        #[param(value_type = Option<Vec<CaseCategory>>, style = Form, explode = false)]
        pub category: Option<CommaList<CaseCategory>>,
        /// `open`, `closed` or both, comma-separated.
        #[param(value_type = Option<Vec<CaseStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<CaseStatus>>,
        /// Text in the case's initials or pseudonym, or the council's reference.
        pub q: Option<String>,
        /// Only cases changed at or after this date or instant, for incremental pulls (sorted by
        /// `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `display_name`, `external_ref`, `category`, `status`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<CaseSort>>,
    }
}

fn loaded(row: CaseRow) -> Loaded<CaseRow> {
    Loaded {
        case_worker_id: row.allocated_worker_id,
        record: row,
    }
}

/// A case as the caller sees it, with what they may do to it.
fn present(cx: &Cx<'_>, case: Loaded<CaseRow>) -> Case {
    let allowed = policy::allowed(&cx.caller, &case);
    Case::new(case.record, allowed)
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
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "case")?;
            let (query, page) = CaseListQuery::parse(query.into_inner())?;
            let filter = CaseFilter {
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                worker_id: query.worker_id.map(UserId::from),
                categories: query.category.map(|v| v.0),
                statuses: query.status.map(|v| v.0),
                q: query.q,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            cx.log_reads("list", &page.rows);
            let items = page
                .rows
                .into_iter()
                .map(|r| present(cx, loaded(r)))
                .collect();
            Ok(CasePage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
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
pub async fn create_case(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    let case = state
        .run(user, move |cx| {
            if !cx.caller.has_any(&CASE_WRITERS) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "case")?;
                return Err(ApiError::forbidden(
                    "Your roles do not give access to case records.",
                ));
            }
            let input: NewCase = body.parse()?;
            let row = service::create(cx.conn, cx.caller.user_id, input)?;
            Ok(present(cx, loaded(row)))
        })
        .await?;
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
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = CaseId::from(id.into_inner());
    let case = state
        .run(user, move |cx| {
            let case = policy::load_visible::<CaseRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [case.record()]);
            Ok(present(cx, case.loaded().clone()))
        })
        .await?;
    Ok(versioned(case.version, &case))
}

/// Changes a case (JSON merge patch; `If-Match` required). QA officers.
#[utoipa::path(
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = CaseId::from(id.into_inner());
    let case = state
        .run(user, move |cx| {
            policy::write::<CaseRow, CasePatch, ()>(
                cx.conn,
                &cx.caller,
                id,
                CaseOperation::Update,
                if_match,
                || body.parse(),
                service::update,
            )?;
            let case = policy::load_visible::<CaseRow>(cx.conn, &cx.caller, id, "update")?;
            Ok(present(cx, case.loaded().clone()))
        })
        .await?;
    Ok(versioned(case.version, &case))
}
