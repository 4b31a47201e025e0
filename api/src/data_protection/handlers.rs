//! Subject access requests over HTTP: the data protection officer only.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::bundle;
use super::dto::{
    NewRedaction, NewSubjectAccessRequest, ReasonInput, Redaction, RedactionList, RequestOperation,
    RequestStatus, SubjectAccessRequest, SubjectAccessRequestPage, SubjectAccessRequestPatch,
};
use super::model::{RedactionRow, RequestRow};
use super::requests::{self, change, load, recompute_clock, require_dpo, KIND};
use crate::access_log;
use crate::auth::caller::SignedIn;
use crate::dates::{london_today, now_utc, parse_date, to_utc};
use crate::db::schema::{sar_redactions, subject_access_requests};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{IfMatch, JsonBody};
use crate::respond::{created, versioned};
use crate::state::State;

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

fn present(conn: &mut DbConn, row: RequestRow) -> ApiResult<SubjectAccessRequest> {
    let reference = requests::case_reference(conn, row.case_id.as_deref())?;
    Ok(requests::present(row, reference, london_today()))
}

/// Filters of the request list.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestListQuery {
    /// `open`, `gathered` or `released`.
    pub status: Option<RequestStatus>,
    /// `true` for requests past their due date (and not released) only; `false` for the others.
    pub overdue: Option<bool>,
    /// Page size, 1-500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// A `next_cursor` this list returned.
    pub cursor: Option<String>,
}

fn parse_list_query(
    raw: &HashMap<String, String>,
) -> ApiResult<(Option<RequestStatus>, Option<bool>, usize, usize)> {
    let mut errors = Vec::new();
    let status = raw.get("status").and_then(|s| {
        let parsed = RequestStatus::parse(s.trim());
        if parsed.is_none() {
            errors.push(FieldError::new(
                "status",
                "must be open, gathered or released",
            ));
        }
        parsed
    });
    let overdue = raw.get("overdue").and_then(|s| match s.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.push(FieldError::new("overdue", "must be true or false"));
            None
        }
    });
    let limit = match raw.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    "must be a whole number from 1 to 500",
                ));
                DEFAULT_LIMIT
            }
        },
    };
    // An empty cursor is no cursor, as on every other list.
    let offset = match raw.get("cursor").filter(|c| !c.trim().is_empty()) {
        None => 0,
        Some(text) => match text
            .trim()
            .strip_prefix("o")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) => n,
            None => {
                errors.push(FieldError::new(
                    "cursor",
                    "is not a cursor this list returned",
                ));
                0
            }
        },
    };
    if errors.is_empty() {
        Ok((status, overdue, limit, offset))
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn parse_day(
    field: &str,
    text: &str,
    today: time::Date,
    errors: &mut Vec<FieldError>,
) -> Option<time::Date> {
    match parse_date(text) {
        Err(message) => {
            errors.push(FieldError::new(field, message));
            None
        }
        Ok(day) if day > today => {
            errors.push(FieldError::new(field, "cannot be in the future"));
            None
        }
        Ok(day) if day.year() < 2000 => {
            errors.push(FieldError::new(field, "must be from 2000 on"));
            None
        }
        Ok(day) => Some(day),
    }
}

/// Records a subject access request about a child's case or a member of staff, and starts its
/// clock: due on the corresponding date next month (the month's last day when it has none), the
/// next working day when that is not one. The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    request_body = NewSubjectAccessRequest,
    responses(
        (status = 201, description = "Recorded", body = SubjectAccessRequest, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests")]
pub async fn create_request(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let request = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "create", KIND)?;
            let input: NewSubjectAccessRequest = body.parse()?;
            let today = london_today();
            let mut errors = Vec::new();
            let case_id = input.case_id.map(|c| c.to_string());
            let user_id = input.user_id.map(|u| u.to_string());
            match (&case_id, &user_id) {
                (Some(_), Some(_)) => errors.push(FieldError::new(
                    "user_id",
                    "give case_id or user_id, not both",
                )),
                (None, None) => errors.push(FieldError::new(
                    "case_id",
                    "is required (or user_id for a request about a member of staff)",
                )),
                (Some(case), None) => {
                    if requests::case_reference(cx.conn, Some(case))?.is_none() {
                        errors.push(FieldError::new("case_id", "names no case"));
                    }
                }
                (None, Some(user)) => {
                    if !requests::user_exists(cx.conn, user)? {
                        errors.push(FieldError::new("user_id", "names no user"));
                    }
                }
            }
            let received_on = parse_day("received_on", &input.received_on, today, &mut errors);
            let verified = input
                .identity_verified_on
                .as_deref()
                .and_then(|t| parse_day("identity_verified_on", t, today, &mut errors));
            let Some(received_on) = received_on else {
                return Err(ApiError::Validation(errors));
            };
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let (calendar, _) = crate::calendar::repo::load(cx.conn)?;
            let now = now_utc();
            let mut row = RequestRow {
                id: Uuid::now_v7().to_string(),
                case_id,
                user_id,
                requester_role: input.requester_role.trim().to_string(),
                received_on,
                identity_verified_on: verified,
                clock_starts_on: None,
                due_on: None,
                status: RequestStatus::Open,
                paused_on: None,
                pause_reason: None,
                paused_days: 0,
                extended: false,
                extension_reason: None,
                gathering: false,
                gathered_at: None,
                bundle: None,
                released_at: None,
                release_hash: None,
                released_json: None,
                released_html: None,
                version: 1,
                created_at: now,
                updated_at: now,
                created_by: Some(cx.caller.user_id.to_string()),
            };
            recompute_clock(&mut row, &calendar);
            let actor = cx.caller.user_id.to_string();
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                requests::insert(conn, &row)?;
                access_log::record(conn, &[requests::entry(&actor, "create", &row, None)])?;
                Ok(())
            })?;
            present(cx.conn, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/subject-access-requests/{}", request.id),
        request.version,
        &request,
    ))
}

/// The subject access requests: overdue first, then by due date (requests whose clock has not
/// started last). The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(RequestListQuery),
    responses(
        (status = 200, description = "A page of requests", body = SubjectAccessRequestPage),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/subject-access-requests")]
pub async fn list_requests(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "list", KIND)?;
            let (status, overdue, limit, offset) = parse_list_query(&query)?;
            let today = london_today();
            let mut items = Vec::new();
            for row in requests::all(cx.conn)? {
                if status.is_some_and(|s| s != row.status) {
                    continue;
                }
                let item = present(cx.conn, row)?;
                if overdue.is_some_and(|o| o != item.overdue) {
                    continue;
                }
                items.push(item);
            }
            let _ = today;
            items.sort_by(|a, b| {
                b.overdue
                    .cmp(&a.overdue)
                    .then_with(|| match (&a.due_on, &b.due_on) {
                        (Some(x), Some(y)) => x.cmp(y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    })
                    .then_with(|| a.received_on.cmp(&b.received_on))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let total = items.len();
            let items: Vec<_> = items.into_iter().skip(offset).take(limit).collect();
            let next_cursor = (offset + limit < total).then(|| format!("o{}", offset + limit));
            Ok(SubjectAccessRequestPage { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One subject access request. The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/subject-access-requests/{id}")]
pub async fn get_request(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let request = state
        .run(user, move |cx| {
            let row = load(cx.conn, &cx.caller, &id, "read")?;
            present(cx.conn, row)
        })
        .await?;
    Ok(versioned(request.version, &request))
}

async fn command(
    state: State,
    user: SignedIn,
    id: Uuid,
    if_match: IfMatch,
    body: Option<JsonBody>,
    operation: RequestOperation,
) -> ApiResult<HttpResponse> {
    let id = id.to_string();
    let request = state
        .run(user, move |cx| {
            let mut reason: Option<String> = None;
            let mut patch: Option<SubjectAccessRequestPatch> = None;
            let row = change(
                cx.conn,
                &cx.caller,
                &id,
                operation,
                if_match,
                |_, row, calendar, today| {
                    match operation {
                        RequestOperation::Pause => {
                            if reason.is_none() {
                                let input: ReasonInput = parse(&body)?;
                                reason = Some(input.reason.trim().to_string());
                            }
                            row.paused_on = Some(today);
                            row.pause_reason = reason.clone();
                        }
                        RequestOperation::Resume => {
                            if let Some(since) = row.paused_on.take() {
                                let days = (today - since).whole_days().max(0);
                                row.paused_days += i32::try_from(days).unwrap_or(0);
                            }
                            row.pause_reason = None;
                        }
                        RequestOperation::Extend => {
                            if reason.is_none() {
                                let input: ReasonInput = parse(&body)?;
                                reason = Some(input.reason.trim().to_string());
                            }
                            row.extended = true;
                            row.extension_reason = reason.clone();
                        }
                        RequestOperation::Update => {
                            if patch.is_none() {
                                patch = Some(parse(&body)?);
                            }
                            let Some(p) = patch.as_ref() else {
                                return Err(ApiError::Internal("no patch".into()));
                            };
                            if let Some(role) = &p.requester_role {
                                row.requester_role = role.trim().to_string();
                            }
                            if p.identity_verified_on.is_given() {
                                row.identity_verified_on = match p.identity_verified_on.value() {
                                    None => None,
                                    Some(text) => {
                                        let mut errors = Vec::new();
                                        match parse_day(
                                            "identity_verified_on",
                                            text,
                                            today,
                                            &mut errors,
                                        ) {
                                            Some(day) => Some(day),
                                            None => return Err(ApiError::Validation(errors)),
                                        }
                                    }
                                };
                            }
                        }
                        _ => {}
                    }
                    recompute_clock(row, calendar);
                    Ok(None)
                },
            )?;
            present(cx.conn, row)
        })
        .await?;
    Ok(versioned(request.version, &request))
}

fn parse<T>(body: &Option<JsonBody>) -> ApiResult<T>
where
    T: serde::de::DeserializeOwned + utoipa::ToSchema + validator::Validate,
{
    match body {
        Some(body) => body.parse(),
        None => Err(ApiError::Internal("the command has no body".into())),
    }
}

/// Sets the date identity was verified (the clock starts then) or the requester's role (JSON
/// merge patch; `If-Match` required). The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read")),
    request_body(content = SubjectAccessRequestPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Released, or being gathered", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/subject-access-requests/{id}")]
pub async fn update_request(
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
        Some(body),
        RequestOperation::Update,
    )
    .await
}

/// Stops the clock while the council waits for the requester (clarification, identity): the
/// paused calendar days are added to the due date on resuming. 409 when already paused.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Paused", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already paused, or released", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/pause")]
pub async fn pause_request(
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
        Some(body),
        RequestOperation::Pause,
    )
    .await
}

/// Starts the clock again: the due date moves on by the calendar days it was stopped, then to
/// the next working day. 409 when not paused.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "Resumed", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paused, or released", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/resume")]
pub async fn resume_request(
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
        None,
        RequestOperation::Resume,
    )
    .await
}

/// Extends a complex request by two further months, once: due three months after the clock
/// started by the month rule (plus any paused days). 409 the second time.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Extended", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Extended already, or released", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/extend")]
pub async fn extend_request(
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
        Some(body),
        RequestOperation::Extend,
    )
    .await
}

/// Gathers the work of one request in the background and marks it gathered.
fn gather_now(conn: &mut DbConn, id: &str, actor: &str) -> ApiResult<()> {
    let Some(row) = requests::find(conn, id)? else {
        return Ok(());
    };
    let gathered = bundle::gather(conn, &row);
    write_tx(conn, |conn| -> ApiResult<()> {
        let now = now_utc();
        match &gathered {
            Ok(document) => {
                diesel::update(subject_access_requests::table.find(id))
                    .set((
                        subject_access_requests::bundle.eq(Some(document.to_string())),
                        subject_access_requests::status.eq(RequestStatus::Gathered),
                        subject_access_requests::gathering.eq(false),
                        subject_access_requests::gathered_at.eq(Some(now)),
                        subject_access_requests::version.eq(subject_access_requests::version + 1),
                        subject_access_requests::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                access_log::record(
                    conn,
                    &[requests::entry(
                        actor,
                        "export",
                        &row,
                        Some("gathered the bundle".into()),
                    )],
                )?;
            }
            Err(_) => {
                diesel::update(subject_access_requests::table.find(id))
                    .set((
                        subject_access_requests::gathering.eq(false),
                        subject_access_requests::version.eq(subject_access_requests::version + 1),
                        subject_access_requests::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })?;
    gathered.map(|_| ())
}

/// Starts gathering every record about the request's case (or member of staff) into its bundle,
/// in the background: 202 at once; the request shows `gathering` until it is `gathered`.
/// Gathering again refreshes the bundle.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    responses(
        (status = 202, description = "Gathering has started", body = SubjectAccessRequest, headers(("Location" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Released, or already gathering", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/gather")]
pub async fn gather_request(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let key = id.clone();
    let (request, actor) = state
        .run(user, move |cx| {
            let row = change(
                cx.conn,
                &cx.caller,
                &key,
                RequestOperation::Gather,
                if_match,
                |_, row, _, _| {
                    row.gathering = true;
                    Ok(None)
                },
            )?;
            Ok((present(cx.conn, row)?, cx.caller.user_id.to_string()))
        })
        .await?;
    let pool = state.pool.clone();
    let service = state.service();
    let work_id = id.clone();
    actix_web::rt::spawn(async move {
        let outcome = web::block(move || {
            crate::context::run(service, || -> ApiResult<()> {
                let mut conn = pool.get()?;
                gather_now(&mut conn, &work_id, &actor)
            })
        })
        .await;
        if let Ok(Err(error)) = outcome {
            tracing::warn!(%error, "gathering a subject access request's bundle failed");
        }
    });
    Ok(HttpResponse::Accepted()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/subject-access-requests/{id}"),
        ))
        .insert_header((header::ETAG, crate::extract::etag(request.version)))
        .json(&request))
}

/// Query of a bundle's download.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BundleQuery {
    /// `json` (the default) or `html`.
    #[param(pattern = "^(json|html)$")]
    pub format: Option<String>,
}

fn format_of(query: &HashMap<String, String>) -> ApiResult<bool> {
    match query.get("format").map(|f| f.trim()) {
        None | Some("json") => Ok(false),
        Some("html") => Ok(true),
        Some(_) => Err(ApiError::field("format", "must be json or html")),
    }
}

fn document(html: bool, body: String, name: &str) -> HttpResponse {
    let (content_type, extension) = if html {
        ("text/html; charset=utf-8", "html")
    } else {
        ("application/json", "json")
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}.{extension}\""),
        ))
        .body(body)
}

/// The gathered bundle, unredacted, for the data protection officer's review: every record
/// about the case as JSON, or as a readable HTML document (`format=html`). 409 before it is
/// gathered. Never what is released: see `/released`.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id"), BundleQuery),
    responses(
        (status = 200, description = "The bundle", content((Object = "application/json"), (String = "text/html"))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not gathered yet", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/subject-access-requests/{id}/bundle")]
pub async fn get_bundle(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (html, body) = state
        .run(user, move |cx| {
            let row = load(cx.conn, &cx.caller, &id, "export")?;
            let html = format_of(&query)?;
            let Some(text) = row.bundle.clone() else {
                return Err(ApiError::conflict("The bundle has not been gathered yet."));
            };
            access_log::record(
                cx.conn,
                &[requests::entry(
                    &cx.caller.user_id.to_string(),
                    "export",
                    &row,
                    Some(format!(
                        "bundle format={}",
                        if html { "html" } else { "json" }
                    )),
                )],
            )?;
            if html {
                let value: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| ApiError::Internal(e.to_string()))?;
                Ok((true, bundle::html(&value)))
            } else {
                Ok((false, text))
            }
        })
        .await?;
    Ok(document(html, body, "bundle"))
}

fn present_redaction(row: RedactionRow) -> Redaction {
    Redaction {
        id: Uuid::parse_str(&row.id).unwrap_or_default(),
        request_id: Uuid::parse_str(&row.request_id).unwrap_or_default(),
        record_type: row.record_type,
        record_id: row.record_id,
        field: row.field,
        start: row.start_at,
        end: row.end_at,
        reason: row.reason,
        created_at: to_utc(row.created_at),
        created_by: row
            .created_by
            .as_deref()
            .and_then(|c| Uuid::parse_str(c).ok()),
    }
}

/// Withholds a passage (`start`..`end`, in Unicode code points) or a whole field of one record
/// of the gathered bundle; the release shows "[withheld: reason]" in its place. 422 naming the
/// field when the record, field or offsets are not in the bundle; 409 before gathering or after
/// release.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    request_body = NewRedaction,
    responses(
        (status = 201, description = "Marked", body = Redaction, headers(("Location" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not gathered, or released", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/redactions")]
pub async fn create_redaction(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let redaction = state
        .run(user, move |cx| {
            let row = load(cx.conn, &cx.caller, &id, "update")?;
            requests::permits(&row, RequestOperation::Redact).map_err(ApiError::Conflict)?;
            let input: NewRedaction = body.parse()?;
            let document: serde_json::Value =
                serde_json::from_str(row.bundle.as_deref().unwrap_or("null"))
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
            let existing = requests::redactions(cx.conn, &id)?;
            bundle::check_redaction(
                &document,
                &existing,
                input.record_type.trim(),
                input.record_id.trim(),
                input.field.trim(),
                input.start,
                input.end,
            )
            .map_err(ApiError::Validation)?;
            let redaction = RedactionRow {
                id: Uuid::now_v7().to_string(),
                request_id: id.clone(),
                record_type: input.record_type.trim().to_string(),
                record_id: input.record_id.trim().to_string(),
                field: input.field.trim().to_string(),
                start_at: input.start,
                end_at: input.end,
                reason: input.reason.trim().to_string(),
                created_at: now_utc(),
                created_by: Some(cx.caller.user_id.to_string()),
            };
            let actor = cx.caller.user_id.to_string();
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                diesel::insert_into(sar_redactions::table)
                    .values(&redaction)
                    .execute(conn)?;
                access_log::record(
                    conn,
                    &[requests::entry(
                        &actor,
                        "redact",
                        &row,
                        Some(format!(
                            "{} {} {}",
                            redaction.record_type, redaction.record_id, redaction.field
                        )),
                    )],
                )?;
                Ok(())
            })?;
            Ok(present_redaction(redaction))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!(
                "/api/v1/subject-access-requests/{}/redactions/{}",
                redaction.request_id, redaction.id
            ),
        ))
        .json(&redaction))
}

/// The redactions of a request, oldest first.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "The redactions", body = RedactionList),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/subject-access-requests/{id}/redactions")]
pub async fn list_redactions(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let list = state
        .run(user, move |cx| {
            load(cx.conn, &cx.caller, &id, "read")?;
            Ok(RedactionList {
                items: requests::redactions(cx.conn, &id)?
                    .into_iter()
                    .map(present_redaction)
                    .collect(),
                next_cursor: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Takes back a redaction before the release. 409 after it.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id"), ("redaction_id" = Uuid, Path, description = "Redaction id")),
    responses(
        (status = 204, description = "Taken back"),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request or redaction", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Released", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/subject-access-requests/{id}/redactions/{redaction_id}")]
pub async fn delete_redaction(
    state: State,
    user: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, redaction) = path.into_inner();
    let (id, redaction) = (id.to_string(), redaction.to_string());
    state
        .run(user, move |cx| {
            let row = load(cx.conn, &cx.caller, &id, "update")?;
            if row.status == RequestStatus::Released {
                return Err(ApiError::conflict(
                    "The request was released; its redactions stand.",
                ));
            }
            let actor = cx.caller.user_id.to_string();
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                let removed = diesel::delete(
                    sar_redactions::table
                        .find(&redaction)
                        .filter(sar_redactions::request_id.eq(&id)),
                )
                .execute(conn)?;
                if removed == 0 {
                    return Err(ApiError::NotFound);
                }
                access_log::record(
                    conn,
                    &[requests::entry(
                        &actor,
                        "unredact",
                        &row,
                        Some(redaction.clone()),
                    )],
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Releases the bundle with every redaction replaced by "[withheld: reason]": the released
/// JSON and HTML are stored as released, and the SHA-256 of the released JSON is kept on the
/// request and in the access log. 409 before gathering or when released already.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "Released", body = SubjectAccessRequest, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not gathered, or released already", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/subject-access-requests/{id}/release")]
pub async fn release_request(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let request = state
        .run(user, move |cx| {
            let row = change(
                cx.conn,
                &cx.caller,
                &id,
                RequestOperation::Release,
                if_match,
                |conn, row, _, _| {
                    let document: serde_json::Value =
                        serde_json::from_str(row.bundle.as_deref().unwrap_or("null"))
                            .map_err(|e| ApiError::Internal(e.to_string()))?;
                    let redactions = requests::redactions(conn, &row.id)?;
                    let released = bundle::redacted(&document, &redactions);
                    let json = serde_json::to_string_pretty(&released)
                        .map_err(|e| ApiError::Internal(e.to_string()))?;
                    let hash = hex(&Sha256::digest(json.as_bytes()));
                    row.released_html = Some(bundle::html(&released));
                    row.released_json = Some(json);
                    row.release_hash = Some(hash.clone());
                    row.released_at = Some(now_utc());
                    row.status = RequestStatus::Released;
                    Ok(Some(format!(
                        "sha256={hash} redactions={}",
                        redactions.len()
                    )))
                },
            )?;
            present(cx.conn, row)
        })
        .await?;
    Ok(versioned(request.version, &request))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of bytes in hex, as `release_hash` holds it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What was released, exactly as released (the JSON's SHA-256 is the request's
/// `release_hash`), or its HTML document. 409 before the release.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Request id"), BundleQuery),
    responses(
        (status = 200, description = "The released bundle", content((Object = "application/json"), (String = "text/html"))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not released yet", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/subject-access-requests/{id}/released")]
pub async fn get_released(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (html, body) = state
        .run(user, move |cx| {
            let row = load(cx.conn, &cx.caller, &id, "export")?;
            let html = format_of(&query)?;
            let body = if html {
                row.released_html.clone()
            } else {
                row.released_json.clone()
            };
            let Some(body) = body else {
                return Err(ApiError::conflict("The request has not been released yet."));
            };
            access_log::record(
                cx.conn,
                &[requests::entry(
                    &cx.caller.user_id.to_string(),
                    "export",
                    &row,
                    Some(format!(
                        "released format={}",
                        if html { "html" } else { "json" }
                    )),
                )],
            )?;
            Ok((html, body))
        })
        .await?;
    Ok(document(html, body, "released"))
}
