//! Action plans over HTTP: each request is one hop to the database that authorises through the
//! record policy, reads the body, runs the command and builds the answer.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    ActionPlan, ActionPlanPage, NewMeasure, NewPlan, NewPlanAction, NewReading, PlanPatch,
    PlanStatus,
};
use super::policy::PlanOperation;
use super::repo::{self, PlanFilter, PlanSort};
use super::service;
use crate::actions::dto::PlanSource;
use crate::actions::model::PlanRow;
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::cases::repo as case_repo;
use crate::db::types::{MeasureId, PlanId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the action plan list.
    pub struct PlanListQuery {
        /// Sources, comma-separated.
        #[param(value_type = Option<Vec<PlanSource>>, style = Form, explode = false)]
        pub source: Option<CommaList<PlanSource>>,
        /// The plan of one source record (an audit or a theme).
        pub source_id: Option<Uuid>,
        /// One owner's plans.
        pub owner_id: Option<Uuid>,
        /// One team's plans.
        pub team_id: Option<Uuid>,
        /// A service's plans and its teams'.
        pub service_id: Option<Uuid>,
        /// `open` or `closed`.
        #[param(inline)]
        pub status: Option<PlanStatus>,
        /// Text in the title or the owner's name.
        pub q: Option<String>,
        /// Only plans changed at or after this date or instant (sorted by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `title`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<PlanSort>>,
    }
}

fn reread(cx: &mut Cx<'_>, id: PlanId) -> ApiResult<ActionPlan> {
    let plan = policy::load_visible::<PlanRow>(cx.conn, &cx.caller, id, "update")?;
    service::present_detail(cx.conn, &cx.caller, plan.loaded().clone())
}

/// Runs a plan command through the one write path and answers the plan in full.
async fn command<B: Send + 'static>(
    state: State,
    user: SignedIn,
    id: Uuid,
    operation: PlanOperation,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<B> + Send + 'static,
    work: impl FnMut(&mut DbConn, &policy::Authorized<PlanRow>, &B) -> ApiResult<()> + Send + 'static,
) -> ApiResult<ActionPlan> {
    let id = PlanId::from(id);
    state
        .run(user, move |cx| {
            policy::write::<PlanRow, B, ()>(
                cx.conn, &cx.caller, id, operation, if_match, parse, work,
            )?;
            reread(cx, id)
        })
        .await
}

/// Makes an action plan for a team, a service or (QA unit and senior leaders) the whole
/// council; its owner is told. Audits and closed themes make their own plans.
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])), request_body = NewPlan,
    responses(
        (status = 201, description = "Made", body = ActionPlan, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a role that makes plans", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The source record already has a plan", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/action-plans")]
pub async fn create_plan(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    let plan = state
        .run(user, move |cx| {
            if !service::is_planner(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "action_plan")?;
                return Err(ApiError::forbidden(
                    "Action plans are made by managers, the QA unit and senior leaders.",
                ));
            }
            let input: NewPlan = body.parse()?;
            let row = service::create(cx.conn, &cx.caller, &input)?;
            service::present_detail(
                cx.conn,
                &cx.caller,
                Loaded {
                    record: row,
                    case_worker_id: None,
                },
            )
        })
        .await?;
    Ok(created(
        format!("/api/v1/action-plans/{}", plan.id),
        plan.version,
        &plan,
    ))
}

/// The action plans the caller may see, with each plan's progress.
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])), params(PlanListQuery),
    responses(
        (status = 200, description = "A page of plans", body = ActionPlanPage),
        (status = 403, description = "The caller's roles give no access to plans", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/action-plans")]
pub async fn list_plans(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "action_plan")?;
            let (query, page) = PlanListQuery::parse(query.into_inner())?;
            let filter = PlanFilter {
                sources: query.source.map(|v| v.0),
                source_id: query.source_id.map(crate::db::types::AnyId::from),
                owner_id: query.owner_id.map(UserId::from),
                unit_ids: match (query.team_id, query.service_id) {
                    (None, Some(service)) => {
                        let mut units =
                            teams_filter(cx.conn, None, Some(service))?.unwrap_or_default();
                        units.push(service.into());
                        Some(units)
                    }
                    (team, service) => teams_filter(cx.conn, team, service)?,
                },
                status: query.status.map(|s| s.as_str().to_string()),
                q: query.q,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            cx.log_reads("list", &page.rows);
            let (loaded, _) = case_repo::with_case_workers(cx.conn, page.rows)?;
            Ok(ActionPlanPage {
                items: service::present_all(cx.conn, &cx.caller, loaded)?,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One action plan with its actions, measures (with readings) and re-audit impact.
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")),
    responses(
        (status = 200, description = "The plan", body = ActionPlan, headers(("ETag" = String))),
        (status = 403, description = "The caller's roles give no access to plans", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/action-plans/{id}")]
pub async fn get_plan(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = PlanId::from(id.into_inner());
    let plan = state
        .run(user, move |cx| {
            let plan = policy::load_visible::<PlanRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [plan.record()]);
            service::present_detail(cx.conn, &cx.caller, plan.loaded().clone())
        })
        .await?;
    Ok(versioned(plan.version, &plan))
}

/// Changes a plan: title, owner, due date, or closes it (JSON merge patch; `If-Match`).
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = PlanPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Changed", body = ActionPlan, headers(("ETag" = String))),
        (status = 403, description = "Not its owner, a manager of its unit, the QA unit or a senior leader", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/action-plans/{id}")]
pub async fn update_plan(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let plan = command(
        state,
        user,
        id.into_inner(),
        PlanOperation::Update,
        if_match,
        move || body.parse::<PlanPatch>(),
        service::update,
    )
    .await?;
    Ok(versioned(plan.version, &plan))
}

/// Adds an action to a plan (practice development, service improvement or training); its
/// owner is told.
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])), request_body = NewPlanAction,
    params(("id" = Uuid, Path, description = "Plan id")),
    responses(
        (status = 201, description = "Added; the plan in full", body = ActionPlan, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not allowed to change the plan", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/action-plans/{id}/actions")]
pub async fn add_plan_action(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let plan = command(
        state,
        user,
        id.into_inner(),
        PlanOperation::Actions,
        if_match,
        move || body.parse::<NewPlanAction>(),
        |conn, plan, input| service::add_action(conn, plan, input).map(|_| ()),
    )
    .await?;
    Ok(created(
        format!("/api/v1/action-plans/{}", plan.id),
        plan.version,
        &plan,
    ))
}

/// Adds a measure: what improvement is expected (a baseline and a target with their dates)
/// and how it is measured; a `reaudit` measure reads itself from the plan's re-audits.
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])), request_body = NewMeasure,
    params(("id" = Uuid, Path, description = "Plan id")),
    responses(
        (status = 201, description = "Added; the plan in full", body = ActionPlan, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not allowed to change the plan", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/action-plans/{id}/measures")]
pub async fn add_measure(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let plan = command(
        state,
        user,
        id.into_inner(),
        PlanOperation::Measures,
        if_match,
        move || body.parse::<NewMeasure>(),
        service::add_measure,
    )
    .await?;
    Ok(created(
        format!("/api/v1/action-plans/{}", plan.id),
        plan.version,
        &plan,
    ))
}

/// Records a dated reading of a measure (not one read from re-audits).
#[utoipa::path(
    tag = "action plans", security(("bearer" = [])), request_body = NewReading,
    params(("id" = Uuid, Path, description = "Plan id"), ("measure_id" = Uuid, Path, description = "Measure id")),
    responses(
        (status = 201, description = "Recorded; the plan in full", body = ActionPlan, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not allowed to change the plan", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed, or a measure read from re-audits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/action-plans/{id}/measures/{measure_id}/readings")]
pub async fn add_reading(
    state: State,
    user: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let (id, measure) = path.into_inner();
    let measure = MeasureId::from(measure);
    let plan = command(
        state,
        user,
        id,
        PlanOperation::Readings,
        if_match,
        move || body.parse::<NewReading>(),
        move |conn, plan, input| service::add_reading(conn, plan, measure, input),
    )
    .await?;
    Ok(created(
        format!("/api/v1/action-plans/{}", plan.id),
        plan.version,
        &plan,
    ))
}
