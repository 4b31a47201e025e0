//! The action tracker and an action's transitions.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{Action, ActionPage, CancelAction, CompleteAction, VerifyAction};
use super::repo::{self, ActionFilter};
use super::service::{self, today, Transition};
use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::versioned;
use crate::state::State;

/// Filters of the action tracker.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionListQuery {
    /// One owner's actions.
    pub owner_id: Option<Uuid>,
    /// `open`, `in_progress`, `completed`, `verified` or `cancelled`.
    pub status: Option<String>,
    /// Only overdue (true) or not overdue (false) actions.
    pub overdue: Option<bool>,
    /// One audit's actions.
    pub audit_id: Option<Uuid>,
    /// One team's actions.
    pub team_id: Option<Uuid>,
    /// Only actions changed at or after this date or instant.
    pub updated_since: Option<String>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

const STATUSES: [&str; 5] = ["open", "in_progress", "completed", "verified", "cancelled"];

/// The actions the caller may see: their own, their teams', their cases', or all.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), params(ActionListQuery),
    responses(
        (status = 200, description = "A page of actions", body = ActionPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to actions", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/actions")]
pub async fn list_actions(
    state: State,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(ApiError::forbidden("Your roles give no access to actions."));
    }
    let mut params = QueryParams::new(query.into_inner());
    let filter = ActionFilter {
        owner_id: params.uuid("owner_id"),
        status: params.one_of("status", &STATUSES),
        overdue: params.boolean("overdue"),
        audit_id: params.uuid("audit_id"),
        team_id: params.uuid("team_id"),
        updated_since: params.timestamp("updated_since"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let day = today();
    let narrative = caller.reads_narrative();
    let reader = caller.clone();
    let rows = state
        .db(move |conn| {
            let rows = repo::list(conn, &caller, &filter, day, &page)?;
            Ok(rows)
        })
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    state
        .log_reads(
            rows.iter()
                .filter_map(|r| service::read_entry(&reader, "list", r))
                .collect(),
        )
        .await?;
    Ok(HttpResponse::Ok().json(ActionPage {
        items: rows
            .into_iter()
            .map(|r| Action::from_row(r, day, narrative))
            .collect(),
        next_cursor,
    }))
}

/// One action.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "The action", body = Action),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to actions", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/actions/{id}")]
pub async fn get_action(
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
    let reader = caller.clone();
    let row = state
        .db(move |conn| service::read(conn, &caller, &id))
        .await?;
    state
        .log_reads(
            service::read_entry(&reader, "read", &row)
                .into_iter()
                .collect(),
        )
        .await?;
    let action = Action::from_row(row, today(), narrative);
    Ok(versioned(action.version, &action))
}

async fn authorize(state: &State, caller: &Caller, id: Uuid, step: Transition) -> ApiResult<()> {
    let caller = caller.clone();
    state
        .db(move |conn| service::authorize(conn, &caller, &id.to_string(), &step))
        .await
}

async fn run(
    state: State,
    caller: Caller,
    id: Uuid,
    if_match: IfMatch,
    step: Transition,
) -> ApiResult<HttpResponse> {
    let id = id.to_string();
    let narrative = caller.reads_narrative();
    let row = state
        .db(move |conn| service::transition(conn, &caller, &id, if_match, step))
        .await?;
    let action = Action::from_row(row, today(), narrative);
    Ok(versioned(action.version, &action))
}

/// Starts an open action. The owner, their managers or the QA unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "Started", body = Action),
        (status = 403, description = "Not allowed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/actions/{id}/start")]
pub async fn start_action(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    run(state, caller, id.into_inner(), if_match, Transition::Start).await
}

/// Completes an action, with evidence. The owner, their managers or the QA unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CompleteAction,
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "Completed", body = Action),
        (status = 403, description = "Not allowed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open or in progress", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Evidence missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/actions/{id}/complete")]
pub async fn complete_action(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Transition::Complete(String::new())).await?;
    let input: CompleteAction = body.parse()?;
    run(
        state,
        caller,
        id,
        if_match,
        Transition::Complete(input.evidence),
    )
    .await
}

/// Verifies a completed action and notes its impact. QA officers.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = VerifyAction,
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "Verified", body = Action),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not completed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Impact missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/actions/{id}/verify")]
pub async fn verify_action(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Transition::Verify(String::new())).await?;
    let input: VerifyAction = body.parse()?;
    run(
        state,
        caller,
        id,
        if_match,
        Transition::Verify(input.impact),
    )
    .await
}

/// Cancels an action, with a reason. Managers, senior leaders or the QA unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CancelAction,
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "Cancelled", body = Action),
        (status = 403, description = "Not allowed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already finished", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reason missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/actions/{id}/cancel")]
pub async fn cancel_action(
    state: State,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Transition::Cancel(String::new())).await?;
    let input: CancelAction = body.parse()?;
    run(
        state,
        caller,
        id,
        if_match,
        Transition::Cancel(input.reason),
    )
    .await
}
