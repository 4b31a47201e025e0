//! Observations of practice over HTTP: each request is one hop to the database that authorises
//! through the record policy, reads the body, runs the command and builds the answer.

use std::collections::HashMap;

use actix_web::{get, patch, post, put, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    CancelObservation, ConsentInput, LearningNeed, LearningNeedCount, LearningNeedCounts,
    LearningNeedPage, NewFamilyFeedback, NewLearningNeed, NewObservation, Observation,
    ObservationPage, ObservationPatch, ObservationReflection, ObservationSetting,
    ObservationStatus, PracticeSkill, SkillRatingInput,
};
use super::model::ObservationRow;
use super::policy::{is_observer, ObservationOperation};
use super::repo::{self, NeedFilter, NeedSort, ObservationFilter, ObservationSort};
use super::service;
use crate::audits::dto::JudgementInput;
use crate::auth::caller::SignedIn;
use crate::auth::policy::{self, Loaded};
use crate::cases::repo as case_repo;
use crate::db::types::{CaseId, ObservationId, UnitId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::{self as org_repo, teams_filter};
use crate::pagination::Since;
use crate::respond::{created, versioned};
use crate::state::{Cx, Rules, State};

crate::list_query! {
    /// Filters of the observation list.
    pub struct ObservationListQuery {
        /// Observations of one worker.
        pub observed_id: Option<Uuid>,
        /// One observer's observations.
        pub observer_id: Option<Uuid>,
        /// Observations of one team's staff.
        pub team_id: Option<Uuid>,
        /// Observations of the staff of every team of one service.
        pub service_id: Option<Uuid>,
        /// Observations of practice on one case.
        pub case_id: Option<Uuid>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<ObservationStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<ObservationStatus>>,
        /// Settings, comma-separated.
        #[param(value_type = Option<Vec<ObservationSetting>>, style = Form, explode = false)]
        pub setting: Option<CommaList<ObservationSetting>>,
        /// Observed on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub from: Option<time::Date>,
        /// Observed on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub to: Option<time::Date>,
        /// Text in the case's initials or reference, or the observer's or worker's name.
        pub q: Option<String>,
        /// Only observations changed at or after this date or instant (sorted by `updated_at`
        /// then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `observed_on`, `status`, `setting`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<ObservationSort>>,
    }
}

crate::list_query! {
    /// Filters of the learning-needs list.
    pub struct LearningNeedListQuery {
        /// One team's learning needs.
        pub team_id: Option<Uuid>,
        /// The learning needs of every team of one service.
        pub service_id: Option<Uuid>,
        /// One worker's learning needs (not for callers who see them only counted).
        pub worker_id: Option<Uuid>,
        /// Practice standard numbers, comma-separated.
        #[param(value_type = Option<Vec<i32>>, style = Form, explode = false)]
        pub standard: Option<CommaList<i32>>,
        /// Raised on or after this date.
        #[param(value_type = Option<String>, format = Date)]
        pub from: Option<time::Date>,
        /// Raised on or before this date.
        #[param(value_type = Option<String>, format = Date)]
        pub to: Option<time::Date>,
        /// Only learning needs changed at or after this date or instant (sorted by
        /// `updated_at` then).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub updated_since: Option<Since>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`.
        /// Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<NeedSort>>,
    }
}

/// The observation in full as the caller sees it, after a change.
fn reread(cx: &mut Cx<'_>, id: ObservationId) -> ApiResult<Observation> {
    let observation = policy::load_visible::<ObservationRow>(cx.conn, &cx.caller, id, "update")?;
    service::present(cx.conn, &cx.caller, observation.loaded(), true, None)
}

/// Runs an observation command through the one write path and answers the observation in
/// full.
async fn command<B: Send + 'static>(
    state: State,
    user: SignedIn,
    id: Uuid,
    operation: ObservationOperation,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<B> + Send + 'static,
    mut work: impl FnMut(&mut DbConn, &policy::Authorized<ObservationRow>, &B, &Rules) -> ApiResult<()>
        + Send
        + 'static,
) -> ApiResult<Observation> {
    let id = ObservationId::from(id);
    state
        .run(user, move |cx| {
            let rules = cx.rules;
            policy::write::<ObservationRow, B, ()>(
                cx.conn,
                &cx.caller,
                id,
                operation,
                if_match,
                parse,
                |conn, observation, body| work(conn, observation, body, &rules),
            )?;
            reread(cx, id)
        })
        .await
}

/// 200 with the observation and its `ETag`.
fn changed(observation: Observation) -> HttpResponse {
    versioned(observation.version, &observation)
}

/// 201 with the observation in full, after a command added one of its parts.
fn part_added(observation: Observation) -> HttpResponse {
    created(
        format!("/api/v1/observations/{}", observation.id),
        observation.version,
        &observation,
    )
}

/// Plans an observation of a worker's practice. Team managers observe staff in their team,
/// heads of service staff in their service, the principal social worker and senior leaders
/// anyone. The observed worker must be an active practitioner or manager in the observer's
/// scope; a case, when named, must be in the observer's scope too.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = NewObservation,
    responses(
        (status = 201, description = "Planned", body = Observation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: a worker or case outside the observer's scope, a day more than 30 days ahead", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations")]
pub async fn create_observation(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let observation = state
        .run(user, move |cx| {
            if !is_observer(&cx.caller) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "observation")?;
                return Err(ApiError::forbidden(
                    "Only team managers, heads of service, the principal social worker and senior leaders observe practice.",
                ));
            }
            let input: NewObservation = body.parse()?;
            let case = match input.case_id {
                Some(case_id) => Some(policy::case_named_in_body(cx.conn, &cx.caller, case_id)?),
                None => None,
            };
            let row = service::create(
                cx.conn,
                &cx.caller,
                case.as_ref().map(|c| c.record()),
                &input,
                &cx.rules,
            )?;
            let loaded = Loaded {
                case_worker_id: case.and_then(|c| c.record().allocated_worker_id),
                record: row,
            };
            service::present(cx.conn, &cx.caller, &loaded, true, None)
        })
        .await?;
    Ok(created(
        format!("/api/v1/observations/{}", observation.id),
        observation.version,
        &observation,
    ))
}

/// The observations the caller may see: those they observe, of their teams' staff, of their
/// own practice once submitted, or all.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), params(ObservationListQuery),
    responses(
        (status = 200, description = "A page of observations", body = ObservationPage),
        (status = 403, description = "The caller's roles give no access to observations", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/observations")]
pub async fn list_observations(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "observation")?;
            let (query, page) = ObservationListQuery::parse(query.into_inner())?;
            let filter = ObservationFilter {
                observed_id: query.observed_id.map(UserId::from),
                observer_id: query.observer_id.map(UserId::from),
                team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
                case_id: query.case_id.map(CaseId::from),
                statuses: query.status.map(|v| v.0),
                settings: query.setting.map(|v| v.0),
                from: query.from,
                to: query.to,
                q: query.q,
                updated_since: query.updated_since,
            };
            let (page, total) = repo::list(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            cx.log_reads("list", &page.rows);
            let people: Vec<UserId> = page
                .rows
                .iter()
                .flat_map(|r| [r.observer_id, r.observed_id])
                .collect();
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, page.rows)?;
            let labels = Labels::new(cx.conn, cases, people)?;
            let items = loaded
                .iter()
                .map(|o| service::present(cx.conn, &cx.caller, o, false, Some(&labels)))
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(ObservationPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One observation with its judgements, skill ratings, family feedback and learning needs.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 200, description = "The observation", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "The caller's roles give no access to observations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/observations/{id}")]
pub async fn get_observation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ObservationId::from(id.into_inner());
    let observation = state
        .run(user, move |cx| {
            let observation =
                policy::load_visible::<ObservationRow>(cx.conn, &cx.caller, id, "read")?;
            cx.log_reads("read", [observation.record()]);
            service::present(cx.conn, &cx.caller, observation.loaded(), true, None)
        })
        .await?;
    Ok(versioned(observation.version, &observation))
}

/// Changes the plan (day, setting, focus) or, once the worker has consented, the record
/// (JSON merge patch; `If-Match` required). The observer only, before submission.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Observation id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = ObservationPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submitted or cancelled, or the record without the worker's consent", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/observations/{id}")]
pub async fn update_observation(
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
        ObservationOperation::Update,
        if_match,
        move || body.parse::<ObservationPatch>(),
        service::update,
    )
    .await
    .map(changed)
}

/// Records consent: the worker's (without it nothing can be recorded), and the child's and
/// family's where present (when one declines, nothing about them is kept). The observer only,
/// before submission.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = ConsentInput,
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 200, description = "Consent recorded", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submitted or cancelled", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/observations/{id}/consent")]
pub async fn record_consent(
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
        ObservationOperation::Consent,
        if_match,
        move || body.parse::<ConsentInput>(),
        |conn, observation, body, _| service::consent(conn, observation, body),
    )
    .await
    .map(changed)
}

/// Saves one standard's judgement (a grade with evidence, or a reason it does not apply). The
/// observer only, while a draft.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = JudgementInput,
    params(("id" = Uuid, Path, description = "Observation id"), ("standard_number" = i32, Path, description = "Practice standard number")),
    responses(
        (status = 200, description = "Saved", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation, or no such standard", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (no consent yet, or submitted)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/observations/{id}/judgements/{standard_number}")]
pub async fn put_observation_judgement(
    state: State,
    user: SignedIn,
    path: web::Path<(Uuid, i32)>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let (id, number) = path.into_inner();
    command(
        state,
        user,
        id,
        ObservationOperation::Judgements,
        if_match,
        move || body.parse::<JudgementInput>(),
        move |conn, observation, input, _| {
            service::save_judgement(conn, observation, number, input)
        },
    )
    .await
    .map(changed)
}

/// Rates one practice skill from 1 to 5 with evidence. The observer only, while a draft.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = SkillRatingInput,
    params(("id" = Uuid, Path, description = "Observation id"), ("code" = String, Path, description = "Practice skill code (see `/practice-skills`)")),
    responses(
        (status = 200, description = "Saved", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation, or no such active skill", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/observations/{id}/skills/{code}")]
pub async fn rate_observation_skill(
    state: State,
    user: SignedIn,
    path: web::Path<(Uuid, String)>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let (id, code) = path.into_inner();
    command(
        state,
        user,
        id,
        ObservationOperation::Skills,
        if_match,
        move || body.parse::<SkillRatingInput>(),
        move |conn, observation, input, _| service::rate_skill(conn, observation, &code, input),
    )
    .await
    .map(changed)
}

/// Adds the child's or family's feedback, entered by the observer on their behalf, while a
/// draft. Refused (409) from a child or family who declined consent.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = NewFamilyFeedback,
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 201, description = "Added; the observation in full", body = Observation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or from someone who declined consent", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations/{id}/family-feedback")]
pub async fn add_family_feedback(
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
        ObservationOperation::FamilyFeedback,
        if_match,
        move || body.parse::<NewFamilyFeedback>(),
        |conn, observation, body, _| service::add_feedback(conn, observation, body),
    )
    .await
    .map(part_added)
}

/// Raises a learning need for the observed worker, while a draft; the worker agrees it when
/// they reflect.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = NewLearningNeed,
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 201, description = "Added; the observation in full", body = Observation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations/{id}/learning-needs")]
pub async fn add_learning_need(
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
        ObservationOperation::LearningNeeds,
        if_match,
        move || body.parse::<NewLearningNeed>(),
        |conn, observation, body, _| service::add_learning_need(conn, observation, body),
    )
    .await
    .map(part_added)
}

/// Submits a complete draft; the observed worker is told at once. 422 lists everything
/// missing: consent, standards graded with evidence, every active practice skill rated, the
/// summary, the impact on the child (when the child consented) and the overall grade.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 200, description = "Submitted", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (no consent yet, submitted or cancelled)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations/{id}/submit")]
pub async fn submit_observation(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    command(
        state,
        user,
        id.into_inner(),
        ObservationOperation::Submit,
        if_match,
        || Ok(()),
        |conn, observation, _: &(), _| service::submit(conn, observation),
    )
    .await
    .map(changed)
}

/// The observed worker's reflection (once): acknowledges the observation and agrees learning
/// needs; the observer is told.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = ObservationReflection,
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 200, description = "Acknowledged", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the worker observed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or already reflected on", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations/{id}/reflection")]
pub async fn reflect_on_observation(
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
        ObservationOperation::Reflection,
        if_match,
        move || body.parse::<ObservationReflection>(),
        |conn, observation, body, _| service::reflect(conn, observation, body),
    )
    .await
    .map(changed)
}

/// Cancels a planned or draft observation, with the reason. The observer only.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), request_body = CancelObservation,
    params(("id" = Uuid, Path, description = "Observation id")),
    responses(
        (status = 200, description = "Cancelled", body = Observation, headers(("ETag" = String))),
        (status = 403, description = "Not the observer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation in the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submitted or already cancelled", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/observations/{id}/cancel")]
pub async fn cancel_observation(
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
        ObservationOperation::Cancel,
        if_match,
        move || body.parse::<CancelObservation>(),
        |conn, observation, body, _| service::cancel(conn, observation, body),
    )
    .await
    .map(changed)
}

fn need_filter(
    cx: &mut Cx<'_>,
    query: &LearningNeedListQuery,
    named: bool,
) -> ApiResult<NeedFilter> {
    if query.worker_id.is_some() && !named {
        return Err(ApiError::forbidden(
            "Your roles see learning needs counted, never by person.",
        ));
    }
    Ok(NeedFilter {
        team_ids: teams_filter(cx.conn, query.team_id, query.service_id)?,
        worker_id: query.worker_id.map(UserId::from),
        standards: query.standard.as_ref().map(|v| v.0.clone()),
        from: query.from,
        to: query.to,
        updated_since: query.updated_since,
    })
}

/// The learning needs agreed from submitted observations that the caller may see: their own,
/// their teams' staff's, or all. Callers who read no narrative (the analyst) get them unnamed
/// and without their text.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), params(LearningNeedListQuery),
    responses(
        (status = 200, description = "A page of learning needs", body = LearningNeedPage),
        (status = 403, description = "The caller's roles give no access to learning needs, or see them only counted and asked for one worker's", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/learning-needs")]
pub async fn list_learning_needs(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "learning_need")?;
            let (query, page) = LearningNeedListQuery::parse(query.into_inner())?;
            let named = cx.caller.reads_narrative();
            let filter = need_filter(cx, &query, named)?;
            let (page, total) = repo::list_needs(cx.conn, &cx.caller, &filter, query.sort, &page)?;
            let labels = if named {
                Labels::fetch(cx.conn, [], page.rows.iter().map(|n| n.worker_id))?
            } else {
                Labels::default()
            };
            let items: Vec<LearningNeed> = page
                .rows
                .into_iter()
                .map(|n| LearningNeed::from_row(n, named, named, &labels))
                .collect();
            Ok(LearningNeedPage {
                items,
                next_cursor: page.next_cursor,
                prev_cursor: page.prev_cursor,
                total,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The learning needs in the caller's scope counted by team and standard, naming nobody: the
/// workforce development figures.
#[utoipa::path(
    tag = "observations", security(("bearer" = [])), params(LearningNeedListQuery),
    responses(
        (status = 200, description = "Counts by team and standard", body = LearningNeedCounts),
        (status = 403, description = "The caller's roles give no access to learning needs, or see them only counted and asked for one worker's", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/learning-needs/counts")]
pub async fn count_learning_needs(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let counts = state
        .run(user, move |cx| {
            policy::require_case_access(cx.conn, &cx.caller, "list", "learning_need")?;
            let (query, _) = LearningNeedListQuery::parse(query.into_inner())?;
            let named = cx.caller.reads_narrative();
            let filter = need_filter(cx, &query, named)?;
            let counts = repo::count_needs(cx.conn, &cx.caller, &filter)?;
            let teams: Vec<UnitId> = counts.iter().map(|tally| tally.team).collect();
            let names = org_repo::unit_names(cx.conn, &teams)?;
            Ok(LearningNeedCounts {
                items: counts
                    .into_iter()
                    .map(|tally| LearningNeedCount {
                        team_id: tally.team.uuid(),
                        team_name: names.get(&tally.team).cloned(),
                        standard_number: tally.standard,
                        count: tally.count,
                        agreed: tally.agreed,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}

/// The practice skills an observation rates, in form order (the council's list; retired skills
/// are listed with `active: false`).
#[utoipa::path(
    tag = "reference data", security(("bearer" = [])),
    responses(
        (status = 200, description = "The practice skills", body = Vec<PracticeSkill>)
    )
)]
#[get("/api/v1/practice-skills")]
pub async fn list_practice_skills(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let skills = state
        .run(user, move |cx| {
            Ok(repo::skills(cx.conn, false)?
                .into_iter()
                .map(PracticeSkill::from)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(skills))
}
