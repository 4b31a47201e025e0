//! Audits over HTTP: parse, authorise, run the service off the async workers, respond.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{get, patch, post, put, web, HttpResponse};
use utoipa::IntoParams;
use uuid::Uuid;

use super::dto::{
    Alert, Audit, AuditKind, AuditPage, AuditPatch, AuditReply, Judgement, JudgementInput,
    NewAlert, NewAudit, NewModeration, ReturnAudit,
};
use super::repo::{self, AuditFilter};
use super::service::{self, Operation};
use crate::actions::dto::{Action, NewRemedialAction};
use crate::auth::caller::Caller;
use crate::dates::london_today;
use crate::error::{ApiError, ApiResult};
use crate::extract::{etag, IfMatch, JsonBody};
use crate::pagination::{finish_page, QueryParams};
use crate::respond::{created, versioned};
use crate::state::State;

/// Filters of the audit list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditListQuery {
    /// One team's audits.
    pub team_id: Option<Uuid>,
    /// One case's audits.
    pub case_id: Option<Uuid>,
    /// One auditor's audits.
    pub auditor_id: Option<Uuid>,
    /// Audits of one practitioner's work.
    pub practitioner_id: Option<Uuid>,
    /// `draft`, `submitted`, `moderated` or `closed`.
    pub status: Option<String>,
    /// `case_file`, `themed`, `dip_sample` or `multi_agency`.
    pub kind: Option<AuditKind>,
    /// One overall grade code.
    pub overall_grade: Option<String>,
    /// One theme's audits.
    pub theme_id: Option<Uuid>,
    /// Started on or after this date.
    #[param(format = Date)]
    pub from: Option<String>,
    /// Started on or before this date.
    #[param(format = Date)]
    pub to: Option<String>,
    /// Only audits changed at or after this date or instant.
    pub updated_since: Option<String>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

async fn authorize(
    state: &State,
    caller: &Caller,
    id: Uuid,
    operation: Operation,
) -> ApiResult<()> {
    let caller = caller.clone();
    state
        .db(move |conn| service::authorize(conn, &caller, &id.to_string(), operation).map(|_| ()))
        .await
}

async fn full(state: &State, caller: Caller, id: String) -> ApiResult<HttpResponse> {
    let audit = state
        .db(move |conn| {
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            service::detail(conn, row, caller.reads_narrative())
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
pub async fn create_audit(state: State, caller: Caller, body: JsonBody) -> ApiResult<HttpResponse> {
    if !service::is_auditor(&caller) {
        return Err(ApiError::forbidden(
            "Only team managers, heads of service, senior leaders and QA officers audit cases.",
        ));
    }
    let input: NewAudit = body.parse()?;
    let narrative = caller.reads_narrative();
    let audit = state
        .db(move |conn| {
            let row = service::create(conn, &caller, input)?;
            service::detail(conn, row, narrative)
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
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(ApiError::forbidden("Your roles give no access to audits."));
    }
    let mut params = QueryParams::new(query.into_inner());
    let filter = AuditFilter {
        team_id: params.uuid("team_id"),
        case_id: params.uuid("case_id"),
        auditor_id: params.uuid("auditor_id"),
        practitioner_id: params.uuid("practitioner_id"),
        status: params.one_of("status", &["draft", "submitted", "moderated", "closed"]),
        kind: params.one_of("kind", &AuditKind::VALUES),
        overall_grade: params.text("overall_grade", 50),
        theme_id: params.uuid("theme_id"),
        from: params.date("from"),
        to: params.date("to"),
        updated_since: params.timestamp("updated_since"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let narrative = caller.reads_narrative();
    let reader = caller.clone();
    let (rows, moderated) = state
        .db(move |conn| {
            let rows = repo::list(conn, &caller, &filter, &page)?;
            let shown: Vec<_> = rows
                .iter()
                .take(usize::try_from(limit).unwrap_or(0))
                .collect();
            let ids: Vec<String> = shown
                .iter()
                .filter(|r| r.status == "moderated")
                .map(|r| r.id.clone())
                .collect();
            let moderated = if ids.is_empty() {
                Vec::new()
            } else {
                repo::moderated_grades(conn, &ids)?
            };
            Ok((rows, moderated))
        })
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    state
        .log_reads(
            rows.iter()
                .map(|r| service::read_entry(&reader, "list", &r.id, &r.case_id))
                .collect(),
        )
        .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let grade = moderated
                .iter()
                .find(|(id, _)| *id == r.id)
                .map(|(_, g)| g.clone());
            Audit::from_row(r, grade, narrative)
        })
        .collect();
    Ok(HttpResponse::Ok().json(AuditPage { items, next_cursor }))
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
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    if !caller.reads_cases() {
        return Err(ApiError::forbidden(
            "Your roles give no access to case records.",
        ));
    }
    let id = id.into_inner().to_string();
    let reader = caller.clone();
    let audit = state
        .db(move |conn| service::read(conn, &caller, &id))
        .await?;
    let (audit_id, case_id) = (audit.id.to_string(), audit.case_id.to_string());
    state
        .log_reads(vec![service::read_entry(
            &reader, "read", &audit_id, &case_id,
        )])
        .await?;
    Ok(versioned(audit.version, &audit))
}

/// Changes a draft (JSON merge patch; `If-Match` required). The auditor only.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Audit id"), ("If-Match" = String, Header, description = "The ETag read")),
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
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Edit).await?;
    let patch: AuditPatch = body.parse()?;
    let reader = caller.clone();
    state
        .db(move |conn| service::update(conn, &caller, &id.to_string(), if_match, patch))
        .await?;
    full(&state, reader, id.to_string()).await
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
    caller: Caller,
    path: web::Path<(Uuid, i32)>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let (id, number) = path.into_inner();
    authorize(&state, &caller, id, Operation::Edit).await?;
    let input: JudgementInput = body.parse()?;
    let narrative = caller.reads_narrative();
    let (row, version) = state
        .db(move |conn| {
            service::put_judgement(conn, &caller, &id.to_string(), number, if_match, input)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(Judgement::from_row(row, narrative)))
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
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let reader = caller.clone();
    let audit_id = id.clone();
    state
        .db(move |conn| service::submit(conn, &caller, &audit_id, if_match))
        .await?;
    full(&state, reader, id).await
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
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Return).await?;
    let input: ReturnAudit = body.parse()?;
    let reader = caller.clone();
    state
        .db(move |conn| {
            service::return_to_draft(conn, &caller, &id.to_string(), if_match, &input.reason)
        })
        .await?;
    full(&state, reader, id.to_string()).await
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
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Reply).await?;
    let input: AuditReply = body.parse()?;
    let reader = caller.clone();
    state
        .db(move |conn| service::reply(conn, &caller, &id.to_string(), if_match, &input.reflection))
        .await?;
    full(&state, reader, id.to_string()).await
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
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Moderate).await?;
    let input: NewModeration = body.parse()?;
    let reader = caller.clone();
    state
        .db(move |conn| service::moderate(conn, &caller, &id.to_string(), if_match, input))
        .await?;
    full(&state, reader, id.to_string()).await
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
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Edit).await?;
    let input: NewRemedialAction = body.parse()?;
    let narrative = caller.reads_narrative();
    let row = state
        .db(move |conn| service::add_remedial_action(conn, &caller, &id.to_string(), input))
        .await?;
    let action = Action::from_row(row, london_today(), narrative);
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
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    authorize(&state, &caller, id, Operation::Edit).await?;
    let input: NewAlert = body.parse()?;
    let narrative = caller.reads_narrative();
    let row = state
        .db(move |conn| service::add_alert(conn, &caller, &id.to_string(), input))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/audits/{id}")))
        .json(Alert::from_row(row, narrative)))
}
