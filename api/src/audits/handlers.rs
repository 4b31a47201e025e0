//! Audits over HTTP: each request is one hop to the database that authorises through the
//! record policy, reads the body, runs the command and builds the answer.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{get, patch, post, put, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    Alert, Audit, AuditKind, AuditPage, AuditPatch, AuditReply, AuditStatus, Judgement,
    JudgementInput, NewAlert, NewAudit, NewModeration, ReturnAudit,
};
use super::judgements;
use super::lifecycle;
use super::model::AuditRow;
use super::policy::{is_auditor, AuditOperation};
use super::repo::{self, AuditFilter, AuditSort};
use crate::actions::dto::{Action, NewRemedialAction};
use crate::actions::service as action_service;
use crate::actions::{alerts, remedial};
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::cases::model::CaseRow;
use crate::dates::{london_day_start, london_today};
use crate::db::types::{AuditId, CaseId, ThemeId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{etag, IfMatch, JsonBody};
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, Rules, State};

crate::list_query! {
    /// Filters of the audit list.
    pub struct AuditListQuery {
        /// One team's audits.
        pub team_id: Option<Uuid>,
        /// The audits of every team of one service.
        pub service_id: Option<Uuid>,
        /// One case's audits.
        pub case_id: Option<Uuid>,
        /// One auditor's audits.
        pub auditor_id: Option<Uuid>,
        /// Audits of one practitioner's work.
        pub practitioner_id: Option<Uuid>,
        /// Statuses, comma-separated (`submitted,moderated`).
        #[param(value_type = Option<Vec<AuditStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<AuditStatus>>,
        /// Kinds, comma-separated.
        #[param(value_type = Option<Vec<AuditKind>>, style = Form, explode = false)]
        pub kind: Option<CommaList<AuditKind>>,
        /// Overall grade codes, comma-separated.
        #[param(value_type = Option<Vec<String>>, style = Form, explode = false)]
        pub overall_grade: Option<CommaList<String>>,
        /// One theme's audits.
        pub theme_id: Option<Uuid>,
        /// `true`: submitted audits the practitioner has not replied to yet.
        pub awaiting_response: Option<bool>,
        /// `true`: audits whose practitioner's reply is overdue (not replied to, and past the
        /// reply deadline of `QA_REPLY_WORKING_DAYS` working days after submission); `false`:
        /// the others.
        pub reply_overdue: Option<bool>,
        /// `true`: audits drawn into the QA unit's moderation sample at submission (with
        /// `status=submitted` and `sort=created_at`, the moderation queue, oldest first).
        pub moderation_sampled: Option<bool>,
        /// Submitted on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub submitted_from: Option<time::Date>,
        /// Submitted on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub submitted_to: Option<time::Date>,
        /// Text in the case's initials or reference, or the auditor's or practitioner's name.
        pub q: Option<String>,
        /// Started on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub from: Option<time::Date>,
        /// Started on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub to: Option<time::Date>,
        /// Only audits changed at or after this date or instant (sorted by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `period_end`, `status`, `kind`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<AuditSort>>,
    }
}

/// The audit in full as the caller sees it, after a change.
fn reread(cx: &mut Cx<'_>, id: AuditId) -> ApiResult<Audit> {
    let audit = policy::load_visible::<AuditRow>(cx.conn, &cx.caller, id, "update")?;
    lifecycle::present(cx, audit.loaded().clone())
}

/// Runs an audit command through the one write path and answers the audit in full.
async fn command<B: Send + 'static>(
    state: State,
    user: SignedIn,
    id: Uuid,
    operation: AuditOperation,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<B> + Send + 'static,
    mut work: impl FnMut(&mut crate::db::DbConn, &policy::Authorized<AuditRow>, &B, &Rules) -> ApiResult<()>
        + Send
        + 'static,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id);
    let audit = state
        .run(user, move |cx| {
            let rules = cx.rules;
            policy::write::<AuditRow, B, ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                parse,
                |conn, audit, body| work(conn, audit, body, &rules),
            )?;
            reread(cx, id)
        })
        .await?;
    Ok(versioned(audit.version, &audit))
}

/// Starts a draft audit of a case: team managers (their team's cases), heads of service (their
/// service's), senior leaders and QA officers (all). The practitioner and team come from the
/// case; the period defaults to the six months before today.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = NewAudit,
    responses(
        (status = 201, description = "The new draft", body = Audit, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a case outside the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits")]
pub async fn create_audit(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    let audit = state
        .run(user, move |cx| {
            if !is_auditor(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "audit")?;
                return Err(ApiError::forbidden(
                    "Only team managers, heads of service, senior leaders and QA officers audit cases.",
                ));
            }
            let input: NewAudit = body.parse()?;
            let case_id = CaseId::from(input.case_id);
            let case = policy::load_visible::<CaseRow>(cx.conn, &cx.caller, case_id, "create")
                .map_err(|e| match e {
                    // The case is named in the body: a missing one is a bad field, not a
                    // missing resource.
                    ApiError::NotFound => ApiError::field("case_id", "names no case you can audit"),
                    other => other,
                })?;
            let row = lifecycle::create(cx.conn, cx.caller.user_id, case.record(), input)?;
            let loaded = Loaded {
                case_worker_id: case.record().allocated_worker_id,
                record: row,
            };
            lifecycle::present(cx, loaded)
        })
        .await?;
    Ok(created(
        format!("/api/v1/audits/{}", audit.id),
        audit.version,
        &audit,
    ))
}

/// The audits the caller may see: their own, those naming them, their teams', or all.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), params(AuditListQuery),
    responses(
        (status = 200, description = "A page of audits", body = AuditPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to audits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audits")]
pub async fn list_audits(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "audit")?;
            let (query, page) = AuditListQuery::parse(query.into_inner())?;
            let team_ids = teams_filter(cx.conn, query.team_id, query.service_id)?;
            let reply_overdue_before = match query.reply_overdue {
                Some(overdue) => {
                    let first = cx
                        .calendar
                        .first_start_not_yet_due(london_today(), cx.rules.reply_working_days);
                    Some((overdue, london_day_start(first)))
                }
                None => None,
            };
            let filter = AuditFilter {
                team_ids,
                case_id: query.case_id.map(CaseId::from),
                auditor_id: query.auditor_id.map(UserId::from),
                practitioner_id: query.practitioner_id.map(UserId::from),
                statuses: query.status.map(|v| v.0),
                kinds: query.kind.map(|v| v.0),
                overall_grades: query.overall_grade.map(|v| v.0),
                theme_id: query.theme_id.map(ThemeId::from),
                awaiting_response: query.awaiting_response,
                reply_overdue_before,
                moderation_sampled: query.moderation_sampled,
                submitted_from: query.submitted_from.map(london_day_start),
                submitted_to: query
                    .submitted_to
                    .and_then(|d| d.next_day())
                    .map(london_day_start),
                q: query.q,
                from: query.from,
                to: query.to,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            cx.log_reads("list", page.rows.iter().map(|r| &r.loaded.record));
            let calendar = cx.calendar.clone();
            let today = london_today();
            let reply_days = cx.rules.reply_working_days;
            let items = page
                .rows
                .into_iter()
                .map(|listed| {
                    let operations = policy::allowed(&cx.caller, &listed.loaded);
                    let narrative = cx.caller.reads_narrative_of(&listed.loaded);
                    let mut audit = Audit::new(
                        listed.loaded.record,
                        listed.moderated_grade,
                        narrative,
                        operations,
                    );
                    audit.case_display_name = listed.case_display_name;
                    audit.case_external_ref = listed.case_external_ref;
                    audit.auditor_name = listed.auditor_name;
                    audit.practitioner_name = listed.practitioner_name;
                    audit.with_reply_deadline(&calendar, reply_days, today)
                })
                .collect();
            Ok(AuditPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(crate::respond::page(page.items.len(), &page))
}

/// One audit with its judgements, remedial actions, alerts, moderation and escalation.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 200, description = "The audit", body = Audit, headers(("ETag" = String))),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles give no access to audits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audits/{id}")]
pub async fn get_audit(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id.into_inner());
    let audit = state
        .run(user, move |cx| {
            let (audit, surroundings) =
                policy::load_visible_with(cx.conn, &cx.caller, "read", |conn| {
                    repo::load_detail(conn, id)
                })?;
            cx.log_reads("read", [audit.record()]);
            lifecycle::present_with(cx, audit.loaded().clone(), surroundings)
        })
        .await?;
    Ok(versioned(audit.version, &audit))
}

/// Changes a draft (JSON merge patch; `If-Match` required). The auditor only.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Audit id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = AuditPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Audit, headers(("ETag" = String))),
        (status = 403, description = "Not the auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/audits/{id}")]
pub async fn update_audit(
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
        AuditOperation::Update,
        if_match,
        move || body.parse::<AuditPatch>(),
        |conn, audit, patch, _| lifecycle::update(conn, audit, patch),
    )
    .await
}

/// Saves one standard's judgement (a grade with evidence, or a reason it does not apply). The
/// auditor only, while a draft; `If-Match` is checked when sent. Answers the judgement with the
/// audit's new `ETag`.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = JudgementInput,
    params(("id" = Uuid, Path, description = "Audit id"), ("standard_number" = i32, Path, description = "Practice standard number")),
    responses(
        (status = 200, description = "Saved", body = Judgement, headers(("ETag" = String))),
        (status = 403, description = "Not the auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit, or no such standard", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown grade, or both a grade and a reason", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/audits/{id}/judgements/{standard_number}")]
pub async fn put_judgement(
    state: State,
    user: SignedIn,
    path: web::Path<(Uuid, i32)>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let (id, number) = path.into_inner();
    let id = AuditId::from(id);
    let (judgement, version) = state
        .run(user, move |cx| {
            let narrative = cx.caller.reads_narrative();
            let (row, version) = policy::write::<AuditRow, JudgementInput, _>(
                cx.conn,
                &cx.caller,
                id,
                AuditOperation::Judgements,
                if_match,
                || body.parse(),
                |conn, audit, input| {
                    judgements::check_standard(conn, audit.record(), number)?;
                    judgements::save(conn, audit, number, input)
                },
            )?;
            Ok((Judgement::from_row(row, narrative), version))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(judgement))
}

/// Submits a draft. Every standard must be graded with evidence or marked not applicable with a
/// reason, the overall grade chosen, and the child's and family's views recorded (or why not):
/// a 422 lists everything missing. An escalating grade opens one escalation to the
/// case-accountable manager and tells the head of service.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 200, description = "Submitted", body = Audit, headers(("ETag" = String))),
        (status = 403, description = "Not the auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already submitted", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Incomplete: every missing item is listed", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/submit")]
pub async fn submit_audit(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        AuditOperation::Submit,
        if_match,
        || Ok(()),
        |conn, audit, (), rules| lifecycle::submit(conn, audit, rules),
    )
    .await
}

/// Returns a submitted audit to its auditor as a draft, with a reason. QA officers.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = ReturnAudit,
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 200, description = "Returned to draft", body = Audit),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reason missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/return")]
pub async fn return_audit(
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
        AuditOperation::Return,
        if_match,
        move || body.parse::<ReturnAudit>(),
        |conn, audit, input, _| lifecycle::return_to_draft(conn, audit, &input.reason),
    )
    .await
}

/// The audited practitioner's reply; replying acknowledges the audit and tells the auditor.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = AuditReply,
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 200, description = "Replied", body = Audit),
        (status = 403, description = "Not the audited practitioner", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted yet, or already replied", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reflection missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/response")]
pub async fn reply_to_audit(
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
        AuditOperation::Response,
        if_match,
        move || body.parse::<AuditReply>(),
        |conn, audit, input, _| lifecycle::reply(conn, audit, &input.reflection),
    )
    .await
}

/// Moderates a submitted audit: a QA officer, a senior leader or the head of service over the
/// team, never the auditor. `moderated_grade` is required when not agreed.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = NewModeration,
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 200, description = "Moderated", body = Audit),
        (status = 403, description = "Not allowed to moderate (or the auditor)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or already moderated", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/moderation")]
pub async fn moderate_audit(
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
        AuditOperation::Moderation,
        if_match,
        move || body.parse::<NewModeration>(),
        lifecycle::moderate,
    )
    .await
}

/// Raises a remedial action while auditing (draft only, the auditor). It joins the audit's
/// action plan, defaults to the case's worker and 10 working days, and the worker and
/// case-accountable manager are notified at once.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = NewRemedialAction,
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 201, description = "Raised", body = Action, headers(("Location" = String))),
        (status = 403, description = "Not the auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/remedial-actions")]
pub async fn add_remedial_action(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id.into_inner());
    let action = state
        .run(user, move |cx| {
            let rules = cx.rules;
            let (row, case_worker_id) = policy::write::<AuditRow, NewRemedialAction, _>(
                cx.conn,
                &cx.caller,
                id,
                AuditOperation::RemedialActions,
                if_match,
                || body.parse(),
                |conn, audit, input| {
                    Ok((
                        remedial::raise(conn, audit, input, &rules)?,
                        audit.case_worker_id(),
                    ))
                },
            )?;
            let loaded = Loaded {
                record: row,
                case_worker_id,
            };
            Ok(action_service::present(&cx.caller, loaded))
        })
        .await?;
    Ok(created(
        format!("/api/v1/actions/{}", action.id),
        action.version,
        &action,
    ))
}

/// Raises a safeguarding alert while auditing (draft only, the auditor). The worker and
/// case-accountable manager are notified at once; for `high`, the head of service too.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), request_body = NewAlert,
    params(("id" = Uuid, Path, description = "Audit id")),
    responses(
        (status = 201, description = "Raised", body = Alert),
        (status = 403, description = "Not the auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/alerts")]
pub async fn add_alert(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id.into_inner());
    let alert = state
        .run(user, move |cx| {
            let narrative = cx.caller.reads_narrative();
            let row = policy::write::<AuditRow, NewAlert, _>(
                cx.conn,
                &cx.caller,
                id,
                AuditOperation::Alerts,
                if_match,
                || body.parse(),
                alerts::raise,
            )?;
            Ok(Alert::from_row(row, narrative))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/audits/{id}")))
        .json(alert))
}

/// Starts a re-audit: a draft audit of the same case by the caller, naming this one as its
/// original, so the grade change per standard shows the impact (`GET .../impact`). Auditors,
/// on a submitted audit of a case they can see.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit to re-audit")),
    responses(
        (status = 201, description = "The re-audit, a draft", body = Audit, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an auditor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit, or its case, in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Still a draft", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audits/{id}/reaudit")]
pub async fn start_reaudit(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id.into_inner());
    let audit = state
        .run(user, move |cx| {
            let original =
                policy::authorize::<AuditRow>(cx.conn, &cx.caller, id, AuditOperation::Reaudit)?;
            let original = original.record().clone();
            let case =
                policy::load_visible::<CaseRow>(cx.conn, &cx.caller, original.case_id, "create")?;
            let input = NewAudit {
                kind: original.kind,
                case_id: original.case_id.uuid(),
                side_by_side: false,
                theme_id: original.theme_id.map(ThemeId::uuid),
                period_start: None,
                period_end: None,
                reaudit_of_id: Some(original.id.uuid()),
            };
            let row = lifecycle::create(cx.conn, cx.caller.user_id, case.record(), input)?;
            let loaded = Loaded {
                case_worker_id: case.record().allocated_worker_id,
                record: row,
            };
            lifecycle::present(cx, loaded)
        })
        .await?;
    Ok(created(
        format!("/api/v1/audits/{}", audit.id),
        audit.version,
        &audit,
    ))
}

/// The grade change per standard of a re-audit against the audit it re-audits (−3…+3; null
/// where either is not graded).
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The re-audit")),
    responses(
        (status = 200, description = "The change per standard", body = crate::plans::dto::AuditImpact),
        (status = 403, description = "The caller's roles give no access to audits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such audit in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a re-audit", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audits/{id}/impact")]
pub async fn get_audit_impact(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = AuditId::from(id.into_inner());
    let impact = state
        .run(user, move |cx| {
            let audit = policy::load_visible::<AuditRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [audit.record()]);
            crate::plans::service::audit_impact(cx.conn, audit.record())
        })
        .await?;
    Ok(HttpResponse::Ok().json(impact))
}
