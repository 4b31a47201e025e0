//! Feedback over HTTP: each request is one hop to the database that authorises through the
//! record policy, reads the body, runs the command and builds the answer.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    ComplaintRoute, EscalateStage, ExtendStage, Feedback, FeedbackKind, FeedbackPage,
    FeedbackPatch, FeedbackReason, FeedbackStatus, NewFeedback, OmbudsmanReferral, PanelDates,
    RespondStage, WeDid,
};
use super::model::FeedbackRow;
use super::policy::FeedbackOperation;
use super::repo::{self, FeedbackFilter, FeedbackSort};
use super::service::{self, Command};
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::calendar::repo as calendar_repo;
use crate::cases::repo as case_repo;
use crate::dates::london_today;
use crate::db::types::{CaseId, FeedbackId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::{self as org_repo, teams_filter};
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the feedback list.
    pub struct FeedbackListQuery {
        /// Kinds, comma-separated.
        #[param(value_type = Option<Vec<FeedbackKind>>, style = Form, explode = false)]
        pub kind: Option<CommaList<FeedbackKind>>,
        /// A complaint's route.
        pub route: Option<ComplaintRoute>,
        /// Complaint stages, comma-separated (1–3).
        #[param(value_type = Option<Vec<i32>>, style = Form, explode = false)]
        pub stage: Option<CommaList<i32>>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<FeedbackStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<FeedbackStatus>>,
        /// `true`: complaints whose acknowledgement or stage response is past due; `false`:
        /// the rest.
        pub overdue: Option<bool>,
        /// One team's feedback.
        pub team_id: Option<Uuid>,
        /// The feedback of every team of one service.
        pub service_id: Option<Uuid>,
        /// Feedback about one child's case.
        pub case_id: Option<Uuid>,
        /// A theme raised.
        pub theme: Option<String>,
        /// A practice standard's number.
        pub standard: Option<i32>,
        /// Received on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub from: Option<time::Date>,
        /// Received on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub to: Option<time::Date>,
        /// The survey responses of one import.
        pub batch_ref: Option<String>,
        /// Only feedback changed at or after this date or instant (sorted by `updated_at`
        /// then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `received_on`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<FeedbackSort>>,
    }
}

/// Feedback in full (with its stages) as the caller sees it.
fn full(cx: &mut Cx<'_>, loaded: &Loaded<FeedbackRow>) -> ApiResult<Feedback> {
    let calendar = cx.calendar.clone();
    let row = &loaded.record;
    let labels = Labels::fetch(cx.conn, row.case_id, [])?;
    let team_name = match row.team_id {
        Some(team) => org_repo::unit_names(cx.conn, &[team])?.remove(&team),
        None => None,
    };
    let stages = if row.kind == FeedbackKind::Complaint {
        Some(repo::stages_of(cx.conn, row.id)?)
    } else {
        None
    };
    Ok(service::present(
        &cx.caller, loaded, &calendar, &cx.rules, &labels, team_name, stages,
    ))
}

fn reread(cx: &mut Cx<'_>, id: FeedbackId) -> ApiResult<Feedback> {
    let feedback = policy::load_visible::<FeedbackRow>(cx.conn, &cx.caller, id, "update")?;
    full(cx, feedback.loaded())
}

/// Runs a feedback command through the one write path and answers the feedback in full.
async fn command(
    state: State,
    user: SignedIn,
    id: Uuid,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<Command> + Send + 'static,
    operation: FeedbackOperation,
) -> ApiResult<HttpResponse> {
    let id = FeedbackId::from(id);
    let feedback = state
        .run(user, move |cx| {
            let (calendar, _) = calendar_repo::load(cx.conn)?;
            let rules = cx.rules;
            policy::write::<FeedbackRow, Command, ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                parse,
                |conn, feedback, input| service::apply(conn, feedback, &calendar, &rules, input),
            )?;
            reread(cx, id)
        })
        .await?;
    Ok(versioned(feedback.version, &feedback))
}

/// Records feedback. The QA unit (the customer service team) records any kind; team managers
/// and heads of service record compliments, staff and partner feedback about their teams. A
/// complaint gets its acknowledgement date and (on the statutory route) stage 1's due date from
/// the calendar; feedback about a child's case needs the case in the caller's scope.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])), request_body = NewFeedback,
    responses(
        (status = 201, description = "Recorded", body = Feedback, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The caller's roles do not record this kind", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: a case or team outside the caller's scope, a date in the future, a route on feedback that is not a complaint", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/feedback")]
pub async fn create_feedback(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let feedback = state
        .run(user, move |cx| {
            if !service::may_record(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "feedback")?;
                return Err(ApiError::forbidden(
                    "Feedback is recorded by the QA unit, team managers and heads of service.",
                ));
            }
            let input: NewFeedback = body.parse()?;
            let case = match input.case_id {
                Some(case_id) => Some(policy::case_named_in_body(cx.conn, &cx.caller, case_id)?),
                None => None,
            };
            let (calendar, _) = calendar_repo::load(cx.conn)?;
            let rules = cx.rules;
            let row = crate::db::write_tx(cx.conn, |conn| {
                service::record(
                    conn,
                    &cx.caller,
                    case.as_ref().map(|c| c.record()),
                    &input,
                    &calendar,
                    &rules,
                )
            })?;
            let loaded = Loaded {
                case_worker_id: case.and_then(|c| c.record().allocated_worker_id),
                record: row,
            };
            full(cx, &loaded)
        })
        .await?;
    Ok(created(
        format!("/api/v1/feedback/{}", feedback.id),
        feedback.version,
        &feedback,
    ))
}

/// The feedback the caller may see: about their teams' work, or all. Complaints carry their
/// working days left and whether they are overdue; the analyst sees no summaries or free text.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])), params(FeedbackListQuery),
    responses(
        (status = 200, description = "A page of feedback", body = FeedbackPage),
        (status = 403, description = "The caller's roles give no access to feedback", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/feedback")]
pub async fn list_feedback(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "feedback")?;
            let (query, page) = FeedbackListQuery::parse(query.into_inner())?;
            let filter = FeedbackFilter {
                kinds: query.kind.map(|v| v.0),
                route: query.route,
                stages: query.stage.map(|v| v.0),
                statuses: query.status.map(|v| v.0),
                overdue: query.overdue,
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                case_id: query.case_id.map(CaseId::from),
                theme: query.theme.map(|t| t.trim().to_lowercase()),
                standard: query.standard,
                from: query.from,
                to: query.to,
                batch_ref: query.batch_ref,
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
            let units: Vec<_> = page.rows.iter().filter_map(|r| r.team_id).collect();
            let unit_names = org_repo::unit_names(cx.conn, &units)?;
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, page.rows)?;
            let labels = Labels::new(cx.conn, cases, [])?;
            let items = loaded
                .iter()
                .map(|f| {
                    let team = f.record.team_id.and_then(|t| unit_names.get(&t).cloned());
                    service::present(&cx.caller, f, &calendar, &cx.rules, &labels, team, None)
                })
                .collect();
            Ok(FeedbackPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One piece of feedback; a complaint with each of its stages, their clocks and timeliness.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Feedback id")),
    responses(
        (status = 200, description = "The feedback", body = Feedback, headers(("ETag" = String))),
        (status = 403, description = "The caller's roles give no access to feedback", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such feedback in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/feedback/{id}")]
pub async fn get_feedback(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = FeedbackId::from(id.into_inner());
    let feedback = state
        .run(user, move |cx| {
            let feedback = policy::load_visible::<FeedbackRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [feedback.record()]);
            full(cx, feedback.loaded())
        })
        .await?;
    Ok(versioned(feedback.version, &feedback))
}

/// Changes the words, themes, standards or learning (JSON merge patch; `If-Match` required).
/// Whoever recorded it, or the QA unit.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Feedback id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = FeedbackPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Feedback, headers(("ETag" = String))),
        (status = 403, description = "Neither the QA unit nor whoever recorded it", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such feedback in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/feedback/{id}")]
pub async fn update_feedback(
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
        if_match,
        move || body.parse::<FeedbackPatch>().map(Command::Update),
        FeedbackOperation::Update,
    )
    .await
}

macro_rules! complaint_command {
    (
        $(#[doc = $doc:literal])*
        $name:ident, $path:literal, $operation:ident, $conflict:literal,
        $body:ty => |$input:ident| $make:expr
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = "feedback", security(("bearer" = [])), request_body = $body,
            params(("id" = Uuid, Path, description = "Feedback id"), ("If-Match" = Option<String>, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "Optional: the ETag read, so the command is refused (412) if the feedback changed since")),
            responses(
                (status = 200, description = "The feedback with its stages", body = Feedback, headers(("ETag" = String))),
                (status = 403, description = "Not the QA unit", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such feedback in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
            )
        )]
        #[post($path)]
        pub async fn $name(
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
                if_match,
                move || body.parse::<$body>().map(|$input| $make),
                FeedbackOperation::$operation,
            )
            .await
        }
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident, $path:literal, $operation:ident, $conflict:literal, no body => $make:expr
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = "feedback", security(("bearer" = [])),
            params(("id" = Uuid, Path, description = "Feedback id"), ("If-Match" = Option<String>, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "Optional: the ETag read, so the command is refused (412) if the feedback changed since")),
            responses(
                (status = 200, description = "The feedback with its stages", body = Feedback, headers(("ETag" = String))),
                (status = 403, description = "Not the QA unit", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such feedback in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
            )
        )]
        #[post($path)]
        pub async fn $name(
            state: State,
            user: SignedIn,
            id: web::Path<Uuid>,
            if_match: IfMatch,
        ) -> ApiResult<HttpResponse> {
            command(
                state,
                user,
                id.into_inner(),
                if_match,
                move || Ok($make),
                FeedbackOperation::$operation,
            )
            .await
        }
    };
}

complaint_command! {
    /// Acknowledges a complaint (by its `acknowledge_by`). On the corporate route stage 1's
    /// clock starts here. The QA unit.
    acknowledge_complaint, "/api/v1/feedback/{id}/acknowledge", Acknowledge,
    "Not a complaint, or already acknowledged",
    no body => Command::Acknowledge
}

complaint_command! {
    /// Extends the current stage by working days with a reason: stage 1 to 20 working days at
    /// most (statutory), stage 2 to 65; beyond the stage's maximum is refused (422 naming
    /// `extra_working_days`). The QA unit.
    extend_complaint_stage, "/api/v1/feedback/{id}/extend", Extend,
    "No stage is waiting for its response, or stage 3 (the panel keeps its own deadlines)",
    ExtendStage => |input| Command::Extend(input)
}

complaint_command! {
    /// Records the current stage's response: the outcome, a summary and the day it was sent,
    /// and whether it was in time. The next stage may then be asked for within the request
    /// window (20 working days by default). The QA unit.
    respond_to_complaint, "/api/v1/feedback/{id}/respond", Respond,
    "No stage is waiting for its response",
    RespondStage => |input| Command::Respond(input)
}

complaint_command! {
    /// Opens the next stage on the complainant's request, only within the request window after
    /// the last response (otherwise 409 naming the window's last day). Stage 2 names its
    /// investigating officer and independent person, stage 3 its three panel members. The QA
    /// unit.
    escalate_complaint_stage, "/api/v1/feedback/{id}/escalate-stage", EscalateStage,
    "Not responded yet, the last stage of its route, or the request window has closed",
    EscalateStage => |input| Command::Escalate(input)
}

complaint_command! {
    /// Records stage 3's review panel (within 30 working days of the request), its report
    /// (within 5 working days of the panel) and the council's response (within 15 working days
    /// of the report), each against its own deadline; the response ends the stage. The QA
    /// unit.
    record_complaint_panel, "/api/v1/feedback/{id}/panel", Panel,
    "Not an open stage 3",
    PanelDates => |input| Command::Panel(input)
}

complaint_command! {
    /// Records that the complainant went to the Local Government and Social Care Ombudsman,
    /// and its finding when known. The QA unit.
    refer_complaint_to_ombudsman, "/api/v1/feedback/{id}/ombudsman", Ombudsman,
    "Not yet responded to, or already referred",
    OmbudsmanReferral => |input| Command::Ombudsman(input)
}

complaint_command! {
    /// Withdraws a complaint with the complainant's reason; its clock stops. The QA unit.
    withdraw_complaint, "/api/v1/feedback/{id}/withdraw", Withdraw,
    "The complaint is over",
    FeedbackReason => |input| Command::Withdraw(input)
}

complaint_command! {
    /// Closes a responded complaint (the complainant did not go further). The QA unit.
    close_complaint, "/api/v1/feedback/{id}/close", Close,
    "Not responded to",
    no body => Command::Close
}

/// Answers a participant (a Mind of My Own statement, a forum or focus group): "you said, we
/// did", so the participation report shows what changed. The QA unit or whoever recorded it;
/// once.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])), request_body = WeDid,
    params(("id" = Uuid, Path, description = "Feedback id"), ("If-Match" = Option<String>, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "Optional: the ETag read, so the command is refused (412) if the feedback changed since")),
    responses(
        (status = 200, description = "The feedback", body = Feedback, headers(("ETag" = String))),
        (status = 403, description = "Neither the QA unit nor whoever recorded it", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such feedback in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not participation, or already answered", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older version", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Text missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/feedback/{id}/response-to-participant")]
pub async fn answer_participant(
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
        if_match,
        move || body.parse::<WeDid>().map(Command::WeDid),
        FeedbackOperation::ResponseToParticipant,
    )
    .await
}
