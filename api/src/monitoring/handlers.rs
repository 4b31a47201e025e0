//! Monitoring forms over HTTP: each request is one hop to the database that authorises
//! through the record policy, reads the body, runs the command and builds the answer.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    FormStatus, MeetingType, MonitoringForm, MonitoringFormPage, MonitoringFormPatch,
    NewMonitoringForm, QualityRating,
};
use super::model::FormRow;
use super::policy::{is_reviewing_officer, FormOperation};
use super::repo::{self, FormFilter, FormSort};
use super::service;
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::cases::model::CaseRow;
use crate::cases::repo as case_repo;
use crate::db::types::{CaseId, FormId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, State};

crate::list_query! {
    /// Filters of the monitoring form list.
    pub struct FormListQuery {
        /// One case's forms.
        pub case_id: Option<Uuid>,
        /// One team's forms.
        pub team_id: Option<Uuid>,
        /// The forms of every team of one service.
        pub service_id: Option<Uuid>,
        /// One reviewing officer's forms.
        pub officer_id: Option<Uuid>,
        /// Meetings, comma-separated.
        #[param(value_type = Option<Vec<MeetingType>>, style = Form, explode = false)]
        pub meeting_type: Option<CommaList<MeetingType>>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<FormStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<FormStatus>>,
        /// Only forms with a quality check of this rating (`concern` finds the worries).
        pub rating: Option<QualityRating>,
        /// Meetings held on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub from: Option<time::Date>,
        /// Meetings held on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub to: Option<time::Date>,
        /// Text in the case's initials or reference, or the officer's name.
        pub q: Option<String>,
        /// Only forms changed at or after this date or instant (sorted by `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `meeting_on`, `status`, `meeting_type`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<FormSort>>,
    }
}

fn reread(cx: &mut Cx<'_>, id: FormId) -> ApiResult<MonitoringForm> {
    let form = policy::load_visible::<FormRow>(cx.conn, &cx.caller, id, "update")?;
    service::present(cx.conn, &cx.caller, form.loaded().clone())
}

/// Starts a monitoring form after a looked-after child's review or a child protection
/// conference. Reviewing officers only (all cases).
#[utoipa::path(
    tag = "monitoring forms", security(("bearer" = [])), request_body = NewMonitoringForm,
    responses(
        (status = 201, description = "Started", body = MonitoringForm, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a reviewing officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/monitoring-forms")]
pub async fn create_form(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    let form = state
        .run(user, move |cx| {
            if !is_reviewing_officer(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "monitoring_form")?;
                return Err(ApiError::forbidden(
                    "Only reviewing officers complete monitoring forms.",
                ));
            }
            let input: NewMonitoringForm = body.parse()?;
            let case = policy::load_visible::<CaseRow>(
                cx.conn,
                &cx.caller,
                CaseId::from(input.case_id),
                "create",
            )
            .map_err(|e| match e {
                ApiError::NotFound => ApiError::field("case_id", "names no case"),
                other => other,
            })?;
            let row = service::create(cx.conn, &cx.caller, case.record(), &input)?;
            let loaded = Loaded {
                case_worker_id: case.record().allocated_worker_id,
                record: row,
            };
            service::present(cx.conn, &cx.caller, loaded)
        })
        .await?;
    Ok(created(
        format!("/api/v1/monitoring-forms/{}", form.id),
        form.version,
        &form,
    ))
}

/// The monitoring forms the caller may see: the officer's own, their teams' cases' (once
/// submitted for a case's worker), or all.
#[utoipa::path(
    tag = "monitoring forms", security(("bearer" = [])), params(FormListQuery),
    responses(
        (status = 200, description = "A page of forms", body = MonitoringFormPage),
        (status = 403, description = "The caller's roles give no access to case records", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/monitoring-forms")]
pub async fn list_forms(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "monitoring_form")?;
            let (query, page) = FormListQuery::parse(query.into_inner())?;
            let filter = FormFilter {
                case_id: query.case_id.map(CaseId::from),
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                officer_id: query.officer_id.map(UserId::from),
                meeting_types: query.meeting_type.map(|v| v.0),
                statuses: query.status.map(|v| v.0),
                rating: query.rating,
                from: query.from,
                to: query.to,
                q: query.q,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            cx.log_reads("list", &page.rows);
            let officers: Vec<UserId> = page.rows.iter().map(|r| r.officer_id).collect();
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, page.rows)?;
            let labels = Labels::new(cx.conn, cases, officers)?;
            let items = service::present_all(cx.conn, &cx.caller, loaded, &labels)?;
            Ok(MonitoringFormPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One monitoring form with its quality checks and the escalation it raised.
#[utoipa::path(
    tag = "monitoring forms", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Form id")),
    responses(
        (status = 200, description = "The form", body = MonitoringForm, headers(("ETag" = String))),
        (status = 403, description = "The caller's roles give no access to case records", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/monitoring-forms/{id}")]
pub async fn get_form(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = FormId::from(id.into_inner());
    let form = state
        .run(user, move |cx| {
            let form = policy::load_visible::<FormRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [form.record()]);
            service::present(cx.conn, &cx.caller, form.loaded().clone())
        })
        .await?;
    Ok(versioned(form.version, &form))
}

/// Changes a draft (JSON merge patch; `If-Match` required; `quality_checks` replaces the set).
/// The form's officer only.
#[utoipa::path(
    tag = "monitoring forms", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Form id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = MonitoringFormPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = MonitoringForm, headers(("ETag" = String))),
        (status = 403, description = "Not the form's officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submitted", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/monitoring-forms/{id}")]
pub async fn update_form(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = FormId::from(id.into_inner());
    let form = state
        .run(user, move |cx| {
            policy::write::<FormRow, MonitoringFormPatch, ()>(
                cx.conn,
                &cx.caller,
                id,
                FormOperation::Update,
                if_match,
                || body.parse(),
                service::update,
            )?;
            reread(cx, id)
        })
        .await?;
    Ok(versioned(form.version, &form))
}

/// Submits a complete form; the case's worker and manager are told of its concerns and good
/// practice. 422 lists everything missing.
#[utoipa::path(
    tag = "monitoring forms", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Form id")),
    responses(
        (status = 200, description = "Submitted", body = MonitoringForm, headers(("ETag" = String))),
        (status = 403, description = "Not the form's officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already submitted", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/monitoring-forms/{id}/submit")]
pub async fn submit_form(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = FormId::from(id.into_inner());
    let form = state
        .run(user, move |cx| {
            policy::write::<FormRow, (), ()>(
                cx.conn,
                &cx.caller,
                id,
                FormOperation::Submit,
                if_match,
                || Ok(()),
                |conn, form, _| {
                    let case =
                        case_repo::find(conn, form.record().case_id)?.ok_or(ApiError::NotFound)?;
                    service::submit(conn, form, &case)
                },
            )?;
            reread(cx, id)
        })
        .await?;
    Ok(versioned(form.version, &form))
}
