//! The action tracker and an action's steps.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    Action, ActionPage, ActionStatus, CancelAction, CompleteAction, PlanSource, VerifyAction,
    VerifyReading,
};
use super::model::ActionRow;
use super::policy::ActionOperation;
use super::reassign::{self, BulkOutcome, BulkReassignment, Reassignment};
use super::repo::{self, ActionFilter, ActionSort};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::cases::repo as case_repo;
use crate::dates::london_today;
use crate::db::types::{ActionId, AuditId, CaseId, PlanId, UserId};
use crate::error::ApiResult;
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::versioned;
use crate::state::State;

crate::list_query! {
    /// Filters of the action tracker.
    pub struct ActionListQuery {
        /// One owner's actions.
        pub owner_id: Option<Uuid>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<ActionStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<ActionStatus>>,
        /// Only overdue (true) or not overdue (false) actions.
        pub overdue: Option<bool>,
        /// One audit's actions.
        pub audit_id: Option<Uuid>,
        /// One case's actions.
        pub case_id: Option<Uuid>,
        /// One action plan's actions.
        pub plan_id: Option<Uuid>,
        /// The actions of plans from these sources, comma-separated (`audit` for remedial
        /// actions).
        #[param(value_type = Option<Vec<PlanSource>>, style = Form, explode = false)]
        pub source: Option<CommaList<PlanSource>>,
        /// One team's actions.
        pub team_id: Option<Uuid>,
        /// The actions of every team of one service.
        pub service_id: Option<Uuid>,
        /// Text in the case's initials or reference, or the owner's name.
        pub q: Option<String>,
        /// Only actions changed at or after this date or instant (sorted by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `due_on`, `status`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<ActionSort>>,
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
                statuses: query.status.map(|v| v.0),
                overdue: query.overdue,
                audit_id: query.audit_id.map(AuditId::from),
                case_id: query.case_id.map(CaseId::from),
                plan_id: query.plan_id.map(PlanId::from),
                sources: query.source.map(|v| v.0),
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                q: query.q,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(
                cx.conn,
                &cx.caller,
                &filter,
                london_today(),
                query.sort,
                &page,
            )?;
            cx.log_reads("list", &page.rows);
            let people: Vec<UserId> = page.rows.iter().filter_map(|r| r.owner_id).collect();
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, page.rows)?;
            let labels = Labels::new(cx.conn, cases, people)?;
            let items = loaded
                .into_iter()
                .map(|a| service::present(&cx.caller, a).named(&labels))
                .collect();
            Ok(ActionPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
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
            service::present_named(cx.conn, &cx.caller, action.loaded().clone())
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
            policy::write::<ActionRow, (String, Option<VerifyReading>), ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                || match (&body, operation) {
                    (Some(body), ActionOperation::Complete) => {
                        body.parse::<CompleteAction>().map(|b| (b.evidence, None))
                    }
                    (Some(body), ActionOperation::Verify) => {
                        body.parse::<VerifyAction>().map(|b| (b.impact, b.reading))
                    }
                    (Some(body), ActionOperation::Cancel) => {
                        body.parse::<CancelAction>().map(|b| (b.reason, None))
                    }
                    _ => Ok((String::new(), None)),
                },
                |conn, action, (text, reading)| {
                    service::take_step(conn, action, text, reading.as_ref())
                },
            )?;
            let action = policy::load_visible::<ActionRow>(cx.conn, &cx.caller, id, "update")?;
            service::present_named(cx.conn, &cx.caller, action.loaded().clone())
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

/// Gives an unfinished action a new owner, a new due date, or both; the new owner is told.
/// Managers of its team, senior leaders and the QA unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = Reassignment,
    params(("id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "Changed", body = Action),
        (status = 403, description = "Not allowed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Finished", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/actions/{id}/reassign")]
pub async fn reassign_action(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = ActionId::from(id.into_inner());
    let action = state
        .run(user, move |cx| {
            policy::write::<ActionRow, Reassignment, ()>(
                cx.conn,
                &cx.caller,
                id,
                ActionOperation::Reassign,
                if_match,
                || body.parse(),
                reassign::reassign,
            )?;
            let action = policy::load_visible::<ActionRow>(cx.conn, &cx.caller, id, "update")?;
            service::present_named(cx.conn, &cx.caller, action.loaded().clone())
        })
        .await?;
    Ok(versioned(action.version, &action))
}

/// Reassigns or re-dates many actions at once (a manager leaving): every action is checked as
/// the single change would be; all change in one transaction, or none does and the report says
/// why each was refused (422).
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = BulkReassignment,
    responses(
        (status = 200, description = "Every action changed", body = BulkOutcome),
        (status = 403, description = "The caller's roles give no access to actions", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An action changed meanwhile; nothing was changed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Some actions were refused and nothing was changed (the report per action), or the request itself is invalid (a problem naming the field)", content(
            (BulkOutcome = "application/json"),
            (crate::error::Problem = "application/problem+json")
        ))
    )
)]
#[post("/api/v1/actions/bulk")]
pub async fn bulk_reassign(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let outcome = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "update", "action")?;
            let input: BulkReassignment = body.parse()?;
            reassign::bulk(cx.conn, &cx.caller, &input)
        })
        .await?;
    Ok(if outcome.changed {
        HttpResponse::Ok().json(outcome)
    } else {
        HttpResponse::UnprocessableEntity().json(outcome)
    })
}
