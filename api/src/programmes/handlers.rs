//! Audit programmes and themes: QA officers write; anyone signed in reads.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{
    NewProgramme, NewTheme, Programme, ProgrammePage, Theme, ThemePage, ThemePatch, ThemeStatus,
};
use super::repo::{ProgrammeSort, ThemeSort};
use super::{repo, service};
use crate::audits::dto::Audit;
use crate::audits::sampling::{self, ThemeSample, ThemeSampleResult};
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::auth::roles::Role;
use crate::cases::repo as case_repo;
use crate::db::types::{ProgrammeId, ThemeId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IfMatch, JsonBody};
use crate::labels::Labels;
use crate::listing::{CommaList, SortParam};
use crate::org::repo::teams_filter;
use crate::respond::{created, versioned};
use crate::state::State;

crate::list_query! {
    /// Paging of programmes.
    pub struct ProgrammeQuery {
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `year`, `title`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<ProgrammeSort>>,
    }
}

crate::list_query! {
    /// Filters of themes.
    pub struct ThemeQuery {
        /// Themes of one programme.
        pub programme_id: Option<Uuid>,
        /// Statuses, comma-separated.
        #[param(value_type = Option<Vec<ThemeStatus>>, style = Form, explode = false)]
        pub status: Option<CommaList<ThemeStatus>>,
        /// Comma-separated fields to sort by, `-` for descending: `created_at`, `updated_at`,
        /// `title`, `status`. Default `-created_at`.
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<ThemeSort>>,
    }
}

/// Annual audit programmes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), params(ProgrammeQuery),
    responses(
        (status = 200, description = "A page of programmes", body = ProgrammePage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audit-programmes")]
pub async fn list_programmes(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (query, page) = ProgrammeQuery::parse(query.into_inner())?;
    let (page, total) = state
        .run(user, move |cx| {
            repo::list_programmes(cx.conn, query.sort, &page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ProgrammePage {
        items: page
            .rows
            .into_iter()
            .map(|r| Programme::from_row(r, None, false))
            .collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
    }))
}

/// Creates an audit programme. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), request_body = NewProgramme,
    responses(
        (status = 201, description = "Created", body = Programme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/audit-programmes")]
pub async fn create_programme(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::QaOfficer])?;
            let input: NewProgramme = body.parse()?;
            service::create_programme(cx.conn, cx.caller.user_id, input)
        })
        .await?;
    let programme = Programme::from_row(row, Some(Vec::new()), true);
    Ok(created(
        format!("/api/v1/audit-programmes/{}", programme.id),
        programme.version,
        &programme,
    ))
}

/// One programme with its themes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The programme", body = Programme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/audit-programmes/{id}")]
pub async fn get_programme(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ProgrammeId::from(id.into_inner());
    let programme = state
        .run(user, move |cx| {
            let row = repo::find_programme(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            let themes = repo::themes_of(cx.conn, id)?;
            Ok(Programme::from_row(
                row,
                Some(themes),
                cx.caller.reads_narrative(),
            ))
        })
        .await?;
    Ok(versioned(programme.version, &programme))
}

/// Audit themes.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), params(ThemeQuery),
    responses(
        (status = 200, description = "A page of themes", body = ThemePage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/themes")]
pub async fn list_themes(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (query, page) = ThemeQuery::parse(query.into_inner())?;
    let programme = query.programme_id.map(ProgrammeId::from);
    let (page, total, narrative) = state
        .run(user, move |cx| {
            let statuses = query.status.as_ref().map(|s| s.values());
            let (page, total) = repo::list_themes(cx.conn, programme, statuses, query.sort, &page)?;
            Ok((page, total, cx.caller.reads_narrative()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ThemePage {
        items: page
            .rows
            .into_iter()
            .map(|row| Theme::new(row, narrative))
            .collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
    }))
}

/// Creates a theme. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), request_body = NewTheme,
    responses(
        (status = 201, description = "Created", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/themes")]
pub async fn create_theme(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::QaOfficer])?;
            let input: NewTheme = body.parse()?;
            service::create_theme(cx.conn, cx.caller.user_id, input)
        })
        .await?;
    let theme = Theme::new(row, true);
    Ok(created(
        format!("/api/v1/themes/{}", theme.id),
        theme.version,
        &theme,
    ))
}

/// One theme.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Theme id")),
    responses(
        (status = 200, description = "The theme", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/themes/{id}")]
pub async fn get_theme(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ThemeId::from(id.into_inner());
    let theme = state
        .run(user, move |cx| {
            let row = repo::find_theme(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            Ok(Theme::new(row, cx.caller.reads_narrative()))
        })
        .await?;
    Ok(versioned(theme.version, &theme))
}

/// Changes a theme (JSON merge patch; `If-Match` required); closing needs findings and
/// recommendations. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Theme id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = ThemePatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = Theme),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/themes/{id}")]
pub async fn update_theme(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = ThemeId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::QaOfficer])?;
            service::update_theme(cx.conn, cx.caller.user_id, id, if_match, || {
                body.parse::<ThemePatch>()
            })
        })
        .await?;
    let theme = Theme::new(row, true);
    Ok(versioned(theme.version, &theme))
}

/// Draws a theme's sample: chosen cases (`case_ids`, from a filtered list) or a random draw
/// (`random`: how many, from which categories, team or service), assigned to the auditors in
/// turn (each case to the next auditor who can see it). Each case becomes a draft themed audit
/// on its auditor's list, and each auditor is told once. All or nothing. QA officers.
#[utoipa::path(
    tag = "audit programme", security(("bearer" = [])), request_body = ThemeSample,
    params(("id" = Uuid, Path, description = "Theme id")),
    responses(
        (status = 201, description = "The draft audits created", body = ThemeSampleResult, headers(("Location" = String))),
        (status = 403, description = "Not a QA officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The theme is closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: unknown or already sampled cases, auditors who cannot see them, nothing to draw", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/themes/{id}/sample")]
pub async fn draw_theme_sample(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = ThemeId::from(id.into_inner());
    let result = state
        .run(user, move |cx| {
            if !cx.caller.has(Role::QaOfficer) {
                policy::log_role_refusal(cx.conn, &cx.caller, "create", "audit")?;
                return Err(ApiError::forbidden(
                    "Only QA officers draw a theme's sample.",
                ));
            }
            let theme = repo::find_theme(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            let input: ThemeSample = body.parse()?;
            let teams = match &input.random {
                Some(draw) => teams_filter(cx.conn, draw.team_id, draw.service_id)?,
                None => None,
            };
            let rows = sampling::draw(cx.conn, &cx.caller, &theme, &input, teams)?;
            let people: Vec<UserId> = rows
                .iter()
                .flat_map(|r| std::iter::once(r.auditor_id).chain(r.practitioner_id))
                .collect();
            let (loaded, cases) = case_repo::with_case_workers(cx.conn, rows)?;
            let labels = Labels::new(cx.conn, cases, people)?;
            let audits = loaded
                .into_iter()
                .map(|audit| {
                    let operations = policy::allowed(&cx.caller, &audit);
                    let narrative = cx.caller.reads_narrative_of(&audit);
                    Audit::new(audit.record, None, narrative, operations).named(&labels)
                })
                .collect();
            Ok(ThemeSampleResult {
                theme_id: id.uuid(),
                audits,
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/audits?theme_id={}", result.theme_id),
        ))
        .json(result))
}
