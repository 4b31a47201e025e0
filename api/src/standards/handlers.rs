//! Reference-data reads: any signed-in user.

use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

use super::dto::{Framework, FrameworkList, GradeScale, GradeScaleList, PracticeStandardList};
use super::repo;
use crate::auth::caller::SignedIn;
use crate::db::types::FrameworkId;
use crate::error::{ApiError, ApiResult};
use crate::state::State;

/// Practice-standards frameworks, newest version first.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The frameworks", body = FrameworkList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/frameworks")]
pub async fn list_frameworks(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let rows = state
        .run(user, |cx| Ok(repo::list_frameworks(cx.conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(FrameworkList {
        items: rows
            .into_iter()
            .map(|r| Framework::from_row(r, None))
            .collect(),
        next_cursor: None,
    }))
}

/// One framework with its standards.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Framework id")),
    responses(
        (status = 200, description = "The framework and its standards", body = Framework),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such framework", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/frameworks/{id}")]
pub async fn get_framework(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = FrameworkId::from(id.into_inner());
    let framework = state
        .run(user, move |cx| {
            let row = repo::find_framework(cx.conn, id)?.ok_or(ApiError::NotFound)?;
            let standards = repo::standards_of(cx.conn, row.id)?;
            Ok(Framework::from_row(row, Some(standards)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(framework))
}

/// The current framework's practice standards, in number order.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The standards", body = PracticeStandardList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/practice-standards")]
pub async fn list_practice_standards(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let list = state
        .run(user, |cx| {
            let framework = repo::current_framework(cx.conn)?;
            let standards = repo::standards_of(cx.conn, framework.id)?;
            Ok(PracticeStandardList {
                framework_id: framework.id.uuid(),
                items: standards.into_iter().map(Into::into).collect(),
                next_cursor: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Grade scales with their grades, best first.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The grade scales", body = GradeScaleList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/grade-scales")]
pub async fn list_grade_scales(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let scales = state
        .run(user, |cx| Ok(repo::list_grade_scales(cx.conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(GradeScaleList {
        items: scales
            .into_iter()
            .map(|(scale, grades)| GradeScale::from_rows(scale, grades))
            .collect(),
        next_cursor: None,
    }))
}
