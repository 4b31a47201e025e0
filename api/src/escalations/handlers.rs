//! Escalations over HTTP.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    EscalationPage, EscalationResponse, EscalationSource, EscalationStatus, ResolveEscalation,
};
use super::model::EscalationRow;
use super::policy::EscalationOperation;
use super::repo::{self, EscalationFilter};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::calendar::repo as calendar_repo;
use crate::cases::repo as case_repo;
use crate::db::schema::escalations;
use crate::db::types::{CaseId, EscalationId, UserId};
use crate::error::ApiResult;
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, Since};
use crate::respond::versioned;
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the escalation list.
    pub struct EscalationListQuery {
        /// One case.
        pub case_id: Option<Uuid>,
        /// One status.
        pub status: Option<EscalationStatus>,
        /// One source.
        pub source: Option<EscalationSource>,
        /// Raised to one person.
        pub raised_to: Option<Uuid>,
        /// Only escalations changed at or after this date or instant.
        #[param(value_type = Option<String>)]
        pub updated_since: Option<Since>,
    }
}

/// The escalations the caller may see: raised by or to them, about their teams' or their own
/// cases, or all.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), params(EscalationListQuery),
    responses(
        (status = 200, description = "A page of escalations", body = EscalationPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to escalations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/escalations")]
pub async fn list_escalations(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "escalation")?;
            let (query, page) = EscalationListQuery::parse(query.into_inner())?;
            let filter = EscalationFilter {
                case_id: query.case_id.map(CaseId::from),
                status: query.status,
                source: query.source,
                raised_to: query.raised_to.map(UserId::from),
                updated_since: query.updated_since,
            };
            let scope = policy::list_scope::<escalations::table>(&cx.caller)?;
            let rows = repo::list(cx.conn, scope, &filter, &page)?;
            let (rows, next_cursor) = finish_page(rows, page.limit, |r| r.id.to_string());
            cx.log_reads("list", &rows);
            let (calendar, _) = calendar_repo::load(cx.conn)?;
            let items = case_repo::with_case_workers(cx.conn, rows)?
                .into_iter()
                .map(|e| service::present(&cx.caller, e, &calendar, None))
                .collect();
            Ok(EscalationPage { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The escalation with its timeline, as the caller sees it.
fn full(
    cx: &mut Cx<'_>,
    id: EscalationId,
    action: &'static str,
) -> ApiResult<super::dto::Escalation> {
    let escalation = policy::load_visible::<EscalationRow>(cx.conn, &cx.caller, id, action)?;
    if action == "read" {
        cx.log_reads("read", [escalation.record()]);
    }
    let events = repo::events_of(cx.conn, id)?;
    let (calendar, _) = calendar_repo::load(cx.conn)?;
    Ok(service::present(
        &cx.caller,
        escalation.loaded().clone(),
        &calendar,
        Some(events),
    ))
}

/// One escalation with its timeline.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "The escalation", body = super::dto::Escalation),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to escalations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/escalations/{id}")]
pub async fn get_escalation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = EscalationId::from(id.into_inner());
    let escalation = state.run(user, move |cx| full(cx, id, "read")).await?;
    Ok(versioned(escalation.version, &escalation))
}

/// Answers an escalation through the one write path, then shows it with its timeline.
async fn answer(
    state: State,
    user: SignedIn,
    id: EscalationId,
    operation: EscalationOperation,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let escalation = state
        .run(user, move |cx| {
            policy::write::<EscalationRow, String, ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                || match operation {
                    EscalationOperation::Responses => {
                        body.parse::<EscalationResponse>().map(|b| b.text)
                    }
                    EscalationOperation::Resolve => {
                        body.parse::<ResolveEscalation>().map(|b| b.resolution)
                    }
                },
                |conn, escalation, text| service::answer(conn, escalation, text),
            )?;
            full(cx, id, "update")
        })
        .await?;
    Ok(versioned(escalation.version, &escalation))
}

/// Adds a response to an open escalation. The person it is raised to, a head of service over
/// the team, or a senior leader.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = EscalationResponse,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "The escalation with its timeline", body = super::dto::Escalation),
        (status = 403, description = "Not allowed to answer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Text missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/responses")]
pub async fn respond_to_escalation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = EscalationId::from(id.into_inner());
    answer(
        state,
        user,
        id,
        EscalationOperation::Responses,
        if_match,
        body,
    )
    .await
}

/// Resolves an open escalation. The person it is raised to, a head of service over the team, or
/// a senior leader.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = ResolveEscalation,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Resolved", body = super::dto::Escalation),
        (status = 403, description = "Not allowed to resolve", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Resolution missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/resolve")]
pub async fn resolve_escalation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = EscalationId::from(id.into_inner());
    answer(
        state,
        user,
        id,
        EscalationOperation::Resolve,
        if_match,
        body,
    )
    .await
}
