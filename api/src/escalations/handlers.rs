//! Escalations over HTTP.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    AcceptResolution, CafcassReferral, EscalationPage, EscalationResponse, EscalationSource,
    EscalationStatus, NewEscalation, ResolveEscalation, StageChange, WithdrawEscalation,
};
use super::model::EscalationRow;
use super::policy::EscalationOperation;
use super::repo::{self, EscalationFilter, EscalationSort};
use super::service::{self, Command};
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::calendar::repo as calendar_repo;
use crate::cases::repo as case_repo;
use crate::dates::london_today;
use crate::db::types::{CaseId, EscalationId, UserId};
use crate::db::write_tx;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the escalation list.
    pub struct EscalationListQuery {
        /// One case.
        pub case_id: Option<Uuid>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<EscalationStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<EscalationStatus>>,
        /// Sources, comma-separated.
        #[param(value_type = Option<Vec<EscalationSource>>, style = Form, explode = false)]
        pub source: Option<CommaList<EscalationSource>>,
        /// Stages (1-4), comma-separated.
        #[param(value_type = Option<Vec<i32>>, style = Form, explode = false)]
        pub stage: Option<CommaList<i32>>,
        /// Raised to one person.
        pub raised_to: Option<Uuid>,
        /// Raised by one person.
        pub raised_by: Option<Uuid>,
        /// One team's escalations.
        pub team_id: Option<Uuid>,
        /// The escalations of every team of one service.
        pub service_id: Option<Uuid>,
        /// Only open escalations past their stage's due date (true), or the others (false).
        pub overdue: Option<bool>,
        /// `true`: resolved escalations whose raiser has not yet accepted the resolution or
        /// taken it to the next stage.
        pub awaiting_acceptance: Option<bool>,
        /// Text in the case's initials or reference, or the raiser's or holder's name.
        pub q: Option<String>,
        /// Only escalations changed at or after this date or instant (sorted by `updated_at`
        /// then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `stage_due_on`, `stage`, `status`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<EscalationSort>>,
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
                statuses: query.status.map(|v| v.0),
                sources: query.source.map(|v| v.0),
                stages: query.stage.map(|v| v.0),
                raised_to: query.raised_to.map(UserId::from),
                raised_by: query.raised_by.map(UserId::from),
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                overdue: query.overdue,
                awaiting_acceptance: query.awaiting_acceptance,
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
            let calendar = cx.calendar.clone();
            let people: Vec<UserId> = page
                .rows
                .iter()
                .flat_map(|r| r.raised_by.into_iter().chain(r.raised_to))
                .collect();
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, page.rows)?;
            let labels = Labels::new(cx.conn, cases, people)?;
            let items = loaded
                .into_iter()
                .map(|e| service::present(&cx.caller, e, &calendar, &cx.rules, None).named(&labels))
                .collect();
            Ok(EscalationPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
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
    let calendar = cx.calendar.clone();
    let row = escalation.record();
    let labels = Labels::fetch(
        cx.conn,
        [row.case_id],
        row.raised_by.into_iter().chain(row.raised_to),
    )?;
    let ladder = service::ladder(cx.conn, row)?;
    let mut shown = service::present(
        &cx.caller,
        escalation.loaded().clone(),
        &calendar,
        &cx.rules,
        Some(events),
    )
    .named(&labels);
    shown.ladder = Some(ladder);
    Ok(shown)
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

/// Runs an escalation command through the one write path, then shows it with its timeline.
async fn command(
    state: State,
    user: SignedIn,
    id: Uuid,
    operation: EscalationOperation,
    if_match: IfMatch,
    parse: impl FnOnce(&JsonBody) -> ApiResult<Command> + Send + 'static,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = EscalationId::from(id);
    let escalation = state
        .run(user, move |cx| {
            let (calendar, _) = calendar_repo::load(cx.conn)?;
            let caller = &cx.caller;
            let rules = cx.rules;
            policy::write::<EscalationRow, Command, ()>(
                cx.conn,
                caller,
                id,
                operation,
                if_match,
                || parse(&body),
                |conn, escalation, input| {
                    service::apply(conn, escalation, caller, &calendar, &rules, input)
                },
            )?;
            full(cx, id, "update")
        })
        .await?;
    Ok(versioned(escalation.version, &escalation))
}

/// Adds a response to an open escalation (a practice alert's reply stops its clock). The
/// person it is raised to, a head of service over the team, or a senior leader.
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
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::Responses,
        if_match,
        |body| body.parse::<EscalationResponse>().map(Command::Respond),
        body,
    )
    .await
}

/// Resolves an open escalation; the raiser then accepts the resolution or takes it to the
/// next stage. The person it is raised to, a head of service over the team, or a senior
/// leader.
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
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::Resolve,
        if_match,
        |body| body.parse::<ResolveEscalation>().map(Command::Resolve),
        body,
    )
    .await
}

/// Moves an escalation up the dispute resolution process: a practice alert into the formal
/// process, or a stage on (disputing a resolution). The raiser only; never downwards (409);
/// only a reviewing officer skips a stage (409); the new holder comes from the org tree (422
/// when it names nobody for that stage). Each stage is due in 5 working days; the formal
/// process in 20 from its start.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = StageChange,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Moved", body = super::dto::Escalation),
        (status = 403, description = "Not the raiser", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed, at the top, downwards, or a skip by someone not a reviewing officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or nobody holds the stage", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/stage")]
pub async fn change_stage(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::Stage,
        if_match,
        |body| body.parse::<StageChange>().map(Command::Stage),
        body,
    )
    .await
}

/// Withdraws an open escalation, with the reason. The raiser only.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = WithdrawEscalation,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Withdrawn", body = super::dto::Escalation),
        (status = 403, description = "Not the raiser", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reason missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/withdraw")]
pub async fn withdraw_escalation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::Withdraw,
        if_match,
        |body| body.parse::<WithdrawEscalation>().map(Command::Withdraw),
        body,
    )
    .await
}

/// Accepts a resolution: the process is over. The raiser only.
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = AcceptResolution,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Accepted", body = super::dto::Escalation),
        (status = 403, description = "Not the raiser", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No resolution waiting", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/accept")]
pub async fn accept_resolution(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::Accept,
        if_match,
        |body| body.parse::<AcceptResolution>().map(Command::Accept),
        body,
    )
    .await
}

/// Records a reviewing officer's referral of a looked-after child's case to Cafcass, on the
/// timeline (409 unless the case is a child in care).
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = CafcassReferral,
    params(("id" = Uuid, Path, description = "Escalation id")),
    responses(
        (status = 200, description = "Recorded", body = super::dto::Escalation),
        (status = 403, description = "Not a reviewing officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a child in care, withdrawn, or already referred", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations/{id}/cafcass-referral")]
pub async fn refer_to_cafcass(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        EscalationOperation::CafcassReferral,
        if_match,
        |body| body.parse::<CafcassReferral>().map(Command::Cafcass),
        body,
    )
    .await
}

/// Raises a practice alert (stage 0: the case-accountable manager replies within 10 working
/// days) or an escalation by hand, on a case in the caller's scope. Reviewing officers, QA
/// officers, heads of service and senior leaders; only a reviewing officer starts beyond
/// stage 1. With `source: monitoring_form` it names the form it comes from (one each).
#[utoipa::path(
    tag = "escalations", security(("bearer" = [])), request_body = NewEscalation,
    responses(
        (status = 201, description = "Raised", body = super::dto::Escalation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a role that raises escalations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The monitoring form already raised one", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a case outside the caller's scope, or nobody holds the stage", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/escalations")]
pub async fn create_escalation(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let escalation = state
        .run(user, move |cx| {
            if !service::is_raiser(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "escalation")?;
                return Err(ApiError::forbidden(
                    "Only reviewing officers, QA officers, heads of service and senior leaders raise escalations.",
                ));
            }
            let input: NewEscalation = body.parse()?;
            let case = policy::case_named_in_body(cx.conn, &cx.caller, input.case_id)?;
            let (calendar, _) = calendar_repo::load(cx.conn)?;
            let rules = cx.rules;
            let row = write_tx(cx.conn, |conn| {
                service::raise(conn, &cx.caller, case.record(), &input, &calendar, &rules)
            })?;
            full(cx, row.id, "update")
        })
        .await?;
    Ok(created(
        format!("/api/v1/escalations/{}", escalation.id),
        escalation.version,
        &escalation,
    ))
}
