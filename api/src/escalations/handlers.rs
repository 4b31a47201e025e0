//! Escalations over HTTP.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{Escalation, EscalationPage, EscalationResponse, ResolveEscalation};
use super::model::{EscalationRow, EventRow};
use super::repo::{self, EscalationFilter};
use super::service;
use crate::auth::caller::Caller;
use crate::calendar::{repo as calendar_repo, Calendar};
use crate::dates::{london_date, london_today, to_utc};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::versioned;
use crate::state::State;

/// Filters of the escalation list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EscalationListQuery {
    /// One case.
    pub case_id: Option<Uuid>,
    /// `open`, `resolved` or `withdrawn`.
    pub status: Option<String>,
    /// `audit`, `monitoring_form`, `practice_alert` or `manual`.
    pub source: Option<String>,
    /// Raised to one person.
    pub raised_to: Option<Uuid>,
    /// Only escalations changed at or after this date or instant.
    pub updated_since: Option<String>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn represent(
    row: EscalationRow,
    calendar: &Calendar,
    narrative: bool,
    timeline: Option<Vec<EventRow>>,
) -> Escalation {
    let today = london_today();
    let opened = london_date(to_utc(row.created_at));
    let open_days = calendar.working_days_between(opened, today);
    Escalation::from_row(row, today, open_days, narrative, timeline)
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
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(ApiError::forbidden(
            "Your roles give no access to escalations.",
        ));
    }
    let mut params = QueryParams::new(query.into_inner());
    let filter = EscalationFilter {
        case_id: params.uuid("case_id"),
        status: params.one_of("status", &["open", "resolved", "withdrawn"]),
        source: params.one_of(
            "source",
            &["audit", "monitoring_form", "practice_alert", "manual"],
        ),
        raised_to: params.uuid("raised_to"),
        updated_since: params.timestamp("updated_since"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let narrative = caller.reads_narrative();
    let reader = caller.clone();
    let (rows, calendar) = state
        .db(move |conn| {
            let rows = repo::list(conn, &caller, &filter, &page)?;
            let (calendar, _) = calendar_repo::load(conn)?;
            Ok((rows, calendar))
        })
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    state
        .log_reads(
            rows.iter()
                .map(|r| service::read_entry(&reader, "list", r))
                .collect(),
        )
        .await?;
    Ok(HttpResponse::Ok().json(EscalationPage {
        items: rows
            .into_iter()
            .map(|r| represent(r, &calendar, narrative, None))
            .collect(),
        next_cursor,
    }))
}

/// One escalation with its timeline.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "The escalation", body = Escalation),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to escalations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/escalations/{id}")]
pub async fn get_escalation(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(ApiError::forbidden(
            "Your roles give no access to case records.",
        ));
    }
    let id = id.into_inner().to_string();
    let narrative = caller.reads_narrative();
    let escalation = state
        .db(move |conn| {
            let row = service::read(conn, &caller, &id)?;
            let entry = service::read_entry(&caller, "read", &row);
            let events = repo::events_of(conn, &id)?;
            let (calendar, _) = calendar_repo::load(conn)?;
            Ok((represent(row, &calendar, narrative, Some(events)), entry))
        })
        .await?;
    let (escalation, entry) = escalation;
    state.log_reads(vec![entry]).await?;
    Ok(versioned(escalation.version, &escalation))
}

async fn answer(
    state: State,
    caller: Caller,
    id: String,
    respond: bool,
    if_match: IfMatch,
    text: String,
) -> ApiResult<HttpResponse> {
    let narrative = caller.reads_narrative();
    let escalation = state
        .db(move |conn| {
            let row = if respond {
                service::respond(conn, &caller, &id, if_match, &text)?
            } else {
                service::resolve(conn, &caller, &id, if_match, &text)?
            };
            let events = repo::events_of(conn, &id)?;
            let (calendar, _) = calendar_repo::load(conn)?;
            Ok(represent(row, &calendar, narrative, Some(events)))
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
        (status = 200, description = "The escalation with its timeline", body = Escalation),
        (status = 403, description = "Not allowed to answer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Text missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/responses")]
pub async fn respond_to_escalation(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (check_caller, check_id) = (caller.clone(), id.clone());
    state
        .db(move |conn| service::authorize_action(conn, &check_caller, &check_id))
        .await?;
    let input: EscalationResponse = body.parse()?;
    answer(state, caller, id, true, if_match, input.text).await
}

/// Resolves an open escalation. The person it is raised to, a head of service over the team, or
/// a senior leader.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = ResolveEscalation,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Resolved", body = Escalation),
        (status = 403, description = "Not allowed to resolve", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Resolution missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/resolve")]
pub async fn resolve_escalation(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (check_caller, check_id) = (caller.clone(), id.clone());
    state
        .db(move |conn| service::authorize_action(conn, &check_caller, &check_id))
        .await?;
    let input: ResolveEscalation = body.parse()?;
    answer(state, caller, id, false, if_match, input.resolution).await
}
