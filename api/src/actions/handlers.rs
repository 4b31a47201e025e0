//! The action tracker and an action's steps.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{Action, ActionPage, ActionStatus, CancelAction, CompleteAction, VerifyAction};
use super::model::ActionRow;
use super::policy::ActionOperation;
use super::repo::{self, ActionFilter};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::cases::repo as case_repo;
use crate::dates::london_today;
use crate::db::schema::actions;
use crate::db::types::{ActionId, AuditId, UnitId, UserId};
use crate::error::ApiResult;
use crate::extract::{IfMatch, JsonBody};
use crate::pagination::{finish_page, Since};
use crate::respond::versioned;
use crate::state::State;

crate::list_query! {
    /// Filters of the action tracker.
    pub struct ActionListQuery {
        /// One owner's actions.
        pub owner_id: Option<Uuid>,
        /// One status.
        pub status: Option<ActionStatus>,
        /// Only overdue (true) or not overdue (false) actions.
        pub overdue: Option<bool>,
        /// One audit's actions.
        pub audit_id: Option<Uuid>,
        /// One team's actions.
        pub team_id: Option<Uuid>,
        /// Only actions changed at or after this date or instant.
        #[param(value_type = Option<String>)]
        pub updated_since: Option<Since>,
    }
}

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
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "action")?;
            let (query, page) = ActionListQuery::parse(query.into_inner())?;
            let filter = ActionFilter {
                owner_id: query.owner_id.map(UserId::from),
                status: query.status,
                overdue: query.overdue,
                audit_id: query.audit_id.map(AuditId::from),
                team_id: query.team_id.map(UnitId::from),
                updated_since: query.updated_since,
            };
            let scope = policy::list_scope::<actions::table>(&cx.caller)?;
            let rows = repo::list(cx.conn, scope, &filter, london_today(), &page)?;
            let (rows, next_cursor) = finish_page(rows, page.limit, |r| r.id.to_string());
            cx.log_reads("list", &rows);
            let items = case_repo::with_case_workers(cx.conn, rows)?
                .into_iter()
                .map(|a| service::present(&cx.caller, a))
                .collect();
            Ok(ActionPage { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
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
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ActionId::from(id.into_inner());
    let action = state
        .run(user, move |cx| {
            let action = policy::load_visible::<ActionRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [action.record()]);
            Ok(service::present(&cx.caller, action.loaded().clone()))
        })
        .await?;
    Ok(versioned(action.version, &action))
}

/// Takes a step through the one write path; `text` parses the body (evidence, impact or
/// reason).
async fn step(
    state: State,
    user: SignedIn,
    id: Uuid,
    operation: ActionOperation,
    if_match: IfMatch,
    body: Option<JsonBody>,
) -> ApiResult<HttpResponse> {
    let id = ActionId::from(id);
    let action = state
        .run(user, move |cx| {
            policy::write::<ActionRow, String, ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                || match (&body, operation) {
                    (Some(body), ActionOperation::Complete) => {
                        body.parse::<CompleteAction>().map(|b| b.evidence)
                    }
                    (Some(body), ActionOperation::Verify) => {
                        body.parse::<VerifyAction>().map(|b| b.impact)
                    }
                    (Some(body), ActionOperation::Cancel) => {
                        body.parse::<CancelAction>().map(|b| b.reason)
                    }
                    _ => Ok(String::new()),
                },
                |conn, action, text| service::take_step(conn, action, text),
            )?;
            let action = policy::load_visible::<ActionRow>(cx.conn, &cx.caller, id, "update")?;
            Ok(service::present(&cx.caller, action.loaded().clone()))
        })
        .await?;
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    step(
        state,
        user,
        id.into_inner(),
        ActionOperation::Start,
        if_match,
        None,
    )
    .await
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    step(
        state,
        user,
        id.into_inner(),
        ActionOperation::Complete,
        if_match,
        Some(body),
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    step(
        state,
        user,
        id.into_inner(),
        ActionOperation::Verify,
        if_match,
        Some(body),
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
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    step(
        state,
        user,
        id.into_inner(),
        ActionOperation::Cancel,
        if_match,
        Some(body),
    )
    .await
}
