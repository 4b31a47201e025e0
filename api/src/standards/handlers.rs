//! Reference-data reads: any signed-in user.

use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

use super::dto::{Framework, FrameworkList, GradeScale, GradeScaleList, PracticeStandardList};
use super::repo;
use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::ids::parse_id;
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
pub async fn list_frameworks(state: State, _caller: Caller) -> ApiResult<HttpResponse> {
    let rows = state.db(|conn| Ok(repo::list_frameworks(conn)?)).await?;
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
    _caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let framework = state
        .db(move |conn| {
            let row = repo::find_framework(conn, &id)?.ok_or(ApiError::NotFound)?;
            let standards = repo::standards_of(conn, &row.id)?;
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
pub async fn list_practice_standards(state: State, _caller: Caller) -> ApiResult<HttpResponse> {
    let list = state
        .db(|conn| {
            let framework = repo::current_framework(conn)?;
            let standards = repo::standards_of(conn, &framework.id)?;
            Ok(PracticeStandardList {
                framework_id: parse_id(&framework.id),
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
pub async fn list_grade_scales(state: State, _caller: Caller) -> ApiResult<HttpResponse> {
    let scales = state.db(|conn| Ok(repo::list_grade_scales(conn)?)).await?;
    Ok(HttpResponse::Ok().json(GradeScaleList {
        items: scales
            .into_iter()
            .map(|(scale, grades)| GradeScale::from_rows(scale, grades))
            .collect(),
        next_cursor: None,
    }))
}
